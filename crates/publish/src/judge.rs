//! A measure judged honestly: statistical process control over its own series, its latest
//! figure compared with England's, the region's and the statistical neighbours' by confidence
//! interval, and a one-line summary in words ("Common cause variation: no significant change.
//! Similar to England.").

use cypp_analytics::compare::{self, Label};
use cypp_analytics::spc::{self, Analysis, Improvement, Options, Variation};
use cypp_domain::{ComparatorKind, ConfidenceInterval, DataPoint, Direction, Measure, Partnership, Period};

pub struct Judgement {
    pub analysis: Option<Analysis>,
    /// The periods of the points the analysis covers, in order.
    pub periods: Vec<Period>,
    pub variation: Option<&'static str>,
    /// The latest figure against each comparator with a figure for the same period: England,
    /// the region, statistical neighbours, in the partnership's order.
    pub comparisons: Vec<Comparison>,
    pub summary: String,
}

pub struct Comparison {
    pub name: String,
    pub kind: ComparatorKind,
    pub point: DataPoint,
    pub label: Label,
}

fn improvement(direction: Direction) -> Improvement {
    match direction {
        Direction::HigherIsBetter => Improvement::Increase,
        Direction::LowerIsBetter => Improvement::Decrease,
        Direction::Neither => Improvement::Neutral,
    }
}

pub fn variation_text(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "Common cause variation: no significant change",
        Variation::ImprovementHigh => "Special cause: improvement, higher than expected",
        Variation::ImprovementLow => "Special cause: improvement, lower than expected",
        Variation::ConcernHigh => "Special cause: concern, higher than expected",
        Variation::ConcernLow => "Special cause: concern, lower than expected",
        Variation::NeutralHigh => "Special cause: higher than expected",
        Variation::NeutralLow => "Special cause: lower than expected",
    }
}

/// How our figure compares, in a word or two, where it was compared at all: "similar",
/// "better", "worse (99.8%)".
pub fn label_word(label: Label) -> Option<&'static str> {
    match label {
        Label::Similar => Some("similar"),
        Label::Better => Some("better"),
        Label::Worse => Some("worse"),
        Label::Best => Some("better (99.8%)"),
        Label::Worst => Some("worse (99.8%)"),
        Label::Higher => Some("higher"),
        Label::Lower => Some("lower"),
        Label::NotCompared => None,
    }
}

pub fn label_text(label: Label, area: &str) -> String {
    match label {
        Label::Similar => format!("Similar to {area}"),
        Label::Better => format!("Better than {area}"),
        Label::Worse => format!("Worse than {area}"),
        Label::Best => format!("Better than {area} (99.8%)"),
        Label::Worst => format!("Worse than {area} (99.8%)"),
        Label::Higher => format!("Higher than {area}"),
        Label::Lower => format!("Lower than {area}"),
        Label::NotCompared => format!("Not compared with {area}"),
    }
}

/// The measure's own SPC settings as options for the analysis of `points` (its numeric figures
/// in period order): each rebase period starts a new group at the first figure from then on.
pub fn spc_options(measure: &Measure, points: &[&DataPoint], target: Option<f64>) -> Options {
    let settings = &measure.spc;
    let mut rebase_at: Vec<usize> = settings
        .rebase_at
        .iter()
        .filter_map(|period| points.iter().position(|p| p.period >= *period))
        .filter(|i| *i > 0)
        .collect();
    rebase_at.sort_unstable();
    rebase_at.dedup();
    Options {
        improvement: improvement(measure.direction),
        target,
        rebase_at,
        fix_after: settings.fix_after.map(|n| n as usize),
        screen_outliers: settings.screen_outliers,
        run_length: usize::from(settings.run_length),
    }
}

/// How the measure's process control chart departs from the NHS Making Data Count method, in
/// words for under the chart.
pub fn spc_notes(measure: &Measure) -> Vec<String> {
    let settings = &measure.spc;
    let mut notes: Vec<String> = settings
        .rebase_at
        .iter()
        .map(|p| format!("The mean and limits start again from {}, where the process changed.", p.label()))
        .collect();
    if let Some(n) = settings.fix_after {
        notes.push(format!("The mean and limits are fixed from the first {n} points of each stretch."));
    }
    if !settings.screen_outliers {
        notes.push("Unusually large moving ranges are kept when setting the limits (the \"Excel\" method).".into());
    }
    if settings.run_length != 7 {
        notes.push(format!("A run or trend is {} points rather than 7.", settings.run_length));
    }
    notes
}

/// How the latest figures have moved, when they have gone the same way for the last two
/// periods or more: "Rising for 3 periods", "Falling for 7 periods". A repeated figure ends it.
pub fn run_text(values: &[f64]) -> Option<String> {
    let steps: Vec<std::cmp::Ordering> = values.windows(2).map(|w| w[1].total_cmp(&w[0])).collect();
    let last = *steps.last()?;
    let run = steps.iter().rev().take_while(|s| **s == last).count();
    let word = match last {
        std::cmp::Ordering::Greater => "Rising",
        std::cmp::Ordering::Less => "Falling",
        std::cmp::Ordering::Equal => return None,
    };
    (run >= 2).then(|| format!("{word} for {run} periods"))
}

/// Judges a measure: SPC over its numeric figures (with its target for assurance), and the
/// latest figure against each comparator's for the same period.
pub fn judge(measure: &Measure, partnership: &Partnership) -> Judgement {
    let mut numbered: Vec<&DataPoint> = measure.data.iter().filter(|d| d.value.number().is_some()).collect();
    numbered.sort_by_key(|d| d.period);
    let values: Vec<f64> = numbered.iter().filter_map(|d| d.value.number()).collect();
    let target =
        numbered.last().and_then(|l| measure.target_for_judging(&l.period)).and_then(|t| measure.target_value(t));
    let options = spc_options(measure, &numbered, target);
    let analysis = (values.len() >= 2).then(|| spc::analyse(&values, &options));
    let variation = analysis.as_ref().and_then(|a| a.variation).map(variation_text);

    let polarity = measure.direction.polarity();
    let latest = measure.latest();
    let comparisons: Vec<Comparison> = partnership
        .comparator_groups
        .iter()
        .filter_map(|group| {
            let point = latest?;
            let theirs = measure
                .comparators
                .iter()
                .find(|s| s.comparator == group.id)
                .and_then(|s| s.data.iter().find(|d| d.period == point.period))?;
            let benchmark = theirs.value.number()?;
            let interval = |ci: Option<ConfidenceInterval>| ci.map(|c| (c.lower, c.upper));
            let label = compare::compare(interval(point.ci), interval(point.ci_998), benchmark, polarity);
            Some(Comparison { name: group.name.clone(), kind: group.kind, point: theirs.clone(), label })
        })
        .collect();
    let england = partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::England);
    let mut summary = Vec::new();
    if let Some(v) = variation {
        summary.push(v.to_string());
    }
    if let Some(run) = run_text(&values) {
        summary.push(run);
    }
    for c in &comparisons {
        let name = if england.is_some_and(|e| e.name == c.name) { "England" } else { c.name.as_str() };
        summary.push(label_text(c.label, name));
    }
    if let Some(place) = latest.and_then(|p| crate::words::place(measure, p)) {
        let short = place.short();
        summary.push(format!("Ranked {}", short.join("; ")));
    }
    if let Some(words) = latest.and_then(|p| against_target(measure, p)) {
        summary.push(words);
    }
    if analysis.as_ref().is_some_and(|a| !a.warnings.is_empty()) {
        summary.push("Limits are trial limits: fewer than 13 points".into());
    }
    Judgement {
        analysis,
        periods: numbered.iter().map(|d| d.period).collect(),
        variation,
        comparisons,
        summary: if summary.is_empty() { "Not enough data to judge".into() } else { summary.join(". ") + "." },
    }
}

/// How a figure stands against its target, in words: "Above the target of 20.0% for 2026-27,
/// by 1.1 points: the target is met". The target is the one for the figure's period, or else
/// the next. None without a target, or for a figure shown suppressed.
pub fn against_target(measure: &Measure, point: &DataPoint) -> Option<String> {
    let value = point.value.number()?;
    if crate::words::reading_text(measure, point) != measure.format(value) {
        return None;
    }
    let target = measure.target_for_judging(&point.period)?;
    let goal = measure.target_value(target)?;
    let gap = cypp_domain::measure::format_number((value - goal).abs(), measure.decimals);
    let goal_text = format!("the target of {} for {}", measure.format(goal), target.period.label());
    if gap.chars().all(|c| matches!(c, '0' | '.' | ',')) {
        return Some(format!("On {goal_text}"));
    }
    let by = match measure.unit {
        cypp_domain::Unit::Percent => format!("{gap} points"),
        _ => measure.format((value - goal).abs()),
    };
    let above = value > goal;
    let verdict = match (measure.direction, above) {
        (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => ": the target is met",
        (Direction::HigherIsBetter, false) | (Direction::LowerIsBetter, true) => ": short of the target",
        (Direction::Neither, _) => "",
    };
    Some(format!("{} {goal_text}, by {by}{verdict}", if above { "Above" } else { "Below" }))
}

/// The latest figure against the comparators' for the same period, in the sentence a
/// committee report writes: "The percentage of 16 and 17 year olds not in education,
/// employment or training was 5.9% in 2025-26, in comparison to our statistical neighbour
/// average of 5.7% and a national average of 4.6%: significantly worse than England." `None`
/// when the measure has no figure.
pub fn comparison_sentence(measure: &Measure, judgement: &Judgement) -> Option<String> {
    let point = measure.latest()?;
    let mut sentence =
        format!("{} was {} in {}", measure.name, crate::words::reading_text(measure, point), point.period.label());
    let theirs: Vec<String> = judgement
        .comparisons
        .iter()
        .filter_map(|c| {
            let value = measure.format(c.point.value.number()?);
            Some(match c.kind {
                ComparatorKind::England => format!("a national average of {value}"),
                ComparatorKind::StatisticalNeighbours => format!("our statistical neighbour average of {value}"),
                ComparatorKind::Region | ComparatorKind::CombinedAuthority => {
                    format!("the {} average of {value}", c.name)
                }
                ComparatorKind::Other => format!("{value} for {}", c.name),
            })
        })
        .collect();
    if !theirs.is_empty() {
        sentence.push_str(", in comparison to ");
        sentence.push_str(&and_list(&theirs));
    }
    // What the comparison with England says, where the figure has an interval to say it.
    let england = judgement.comparisons.iter().find(|c| c.kind == ComparatorKind::England);
    let verdict = match england.map(|c| c.label) {
        Some(Label::Better) => Some("significantly better than England"),
        Some(Label::Best) => Some("significantly better than England (99.8%)"),
        Some(Label::Worse) => Some("significantly worse than England"),
        Some(Label::Worst) => Some("significantly worse than England (99.8%)"),
        Some(Label::Similar) => Some("not significantly different from England"),
        _ => None,
    };
    if let Some(verdict) = verdict {
        sentence.push_str(": ");
        sentence.push_str(verdict);
    }
    sentence.push('.');
    if let Some(place) = crate::words::place(measure, point) {
        sentence.push_str(" It ranks ");
        sentence.push_str(&place.sentence());
        sentence.push_str(", where 1st is the best.");
    }
    Some(sentence)
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{ComparatorSeries, MeasureId, PeriodType, SpcSettings, Unit};

    fn year(year: i32, value: f64) -> DataPoint {
        DataPoint::new(Period::FinancialYear { year }, value)
    }

    #[test]
    fn the_two_level_comparison_finds_the_significantly_best_and_worst() {
        let partnership = cypp_demo::plan_file().partnership;
        let england = partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::England);
        let Some(england) = england else { panic!("the demo has England") };
        let mut latest = year(2025, 15.0);
        latest.ci = Some(ConfidenceInterval { lower: 12.0, upper: 18.0, level: 95.0 });
        let mut m = Measure {
            direction: Direction::LowerIsBetter,
            data: vec![year(2024, 16.0), latest.clone()],
            comparators: vec![ComparatorSeries { comparator: england.id, data: vec![year(2025, 19.0)] }],
            ..Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear)
        };
        // Only the 95% interval: better.
        assert_eq!(judge(&m, &partnership).comparisons[0].label, Label::Better);
        // The 99.8% interval clear of England too: significantly better at both levels.
        m.data[1].ci_998 = Some(ConfidenceInterval { lower: 11.0, upper: 18.5, level: 99.8 });
        assert_eq!(judge(&m, &partnership).comparisons[0].label, Label::Best);
        assert!(judge(&m, &partnership).summary.contains("Better than England (99.8%)"));
        // The 99.8% interval reaching England: better at 95% only.
        m.data[1].ci_998 = Some(ConfidenceInterval { lower: 10.0, upper: 20.0, level: 99.8 });
        assert_eq!(judge(&m, &partnership).comparisons[0].label, Label::Better);
    }

    #[test]
    fn the_rank_and_band_follow_which_way_is_better_in_the_sentence_and_the_summary() {
        use cypp_domain::{Ranking, Standing};
        let partnership = cypp_demo::plan_file().partnership;
        let mut latest = year(2025, 17.9);
        // 114 authorities above, 34 below, Rochdale's own in the middle: 149 in all.
        let england = Ranking { of: 149, higher: 34, lower: 114, quartiles: Some([9.9, 12.7, 17.3]) };
        let neighbours = Ranking { of: 4, higher: 2, lower: 1, quartiles: None };
        latest.standing = Some(Standing { england: Some(england), neighbours: Some(neighbours) });
        let mut m = Measure {
            direction: Direction::LowerIsBetter,
            data: vec![year(2024, 16.0), latest],
            ..Measure::new(MeasureId::derived("m"), "m", "Conceptions", Unit::RatePer1000, PeriodType::FinancialYear)
        };
        let sentence = comparison_sentence(&m, &judge(&m, &partnership)).unwrap_or_default();
        assert!(
            sentence.ends_with(
                "It ranks 2nd of 4 among our statistical neighbours and 115th of 149 local authorities in England, \
                 in quartile band D (the worst quarter of areas), where 1st is the best."
            ),
            "{sentence}"
        );
        assert!(
            judge(&m, &partnership)
                .summary
                .contains("Ranked 2nd of 4 with the neighbours; 115th of 149 in England, band D")
        );
        m.direction = Direction::HigherIsBetter;
        assert!(
            judge(&m, &partnership)
                .summary
                .contains("Ranked 3rd of 4 with the neighbours; 35th of 149 in England, band A")
        );
        m.direction = Direction::Neither;
        assert!(!judge(&m, &partnership).summary.contains("Ranked"), "no better direction, no rank");
        m.direction = Direction::LowerIsBetter;
        m.suppress_small_numbers = true;
        m.unit = Unit::Count;
        m.data[1].value = cypp_domain::Reading::Number(3.0);
        assert!(!judge(&m, &partnership).summary.contains("Ranked"), "a suppressed figure is not ranked");
    }

    #[test]
    fn the_latest_figure_is_said_against_its_target() {
        use cypp_domain::{Target, TargetId, TargetKind};
        let partnership = cypp_demo::plan_file().partnership;
        let target =
            |period, value| Target { id: TargetId::new(), period, kind: TargetKind::Absolute { value }, note: None };
        let mut m = Measure {
            direction: Direction::HigherIsBetter,
            decimals: 1,
            data: vec![year(2024, 19.0), year(2025, 21.1)],
            targets: vec![target(Period::FinancialYear { year: 2025 }, 20.0)],
            ..Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear)
        };
        let said = |m: &Measure| against_target(m, &m.data[1]).unwrap_or_default();
        assert_eq!(said(&m), "Above the target of 20.0% for 2025-26, by 1.1 points: the target is met");
        assert!(judge(&m, &partnership).summary.contains("Above the target of 20.0% for 2025-26, by 1.1 points"));
        m.direction = Direction::LowerIsBetter;
        assert_eq!(said(&m), "Above the target of 20.0% for 2025-26, by 1.1 points: short of the target");
        m.data[1].value = cypp_domain::Reading::Number(20.02);
        assert_eq!(said(&m), "On the target of 20.0% for 2025-26");
        m.unit = Unit::RatePer10000;
        m.data[1].value = cypp_domain::Reading::Number(17.5);
        assert_eq!(said(&m), "Below the target of 20.0 per 10,000 for 2025-26, by 2.5 per 10,000: the target is met");
        // A small count shown suppressed says nothing of how far it is from its target.
        m.unit = Unit::Count;
        m.decimals = 0;
        m.suppress_small_numbers = true;
        m.data[1].value = cypp_domain::Reading::Number(3.0);
        m.targets = vec![target(Period::FinancialYear { year: 2025 }, 4.0)];
        assert_eq!(against_target(&m, &m.data[1]), None);
        m.targets.clear();
        m.suppress_small_numbers = false;
        assert_eq!(against_target(&m, &m.data[1]), None, "no target, nothing to say");
    }

    #[test]
    fn the_latest_run_is_said_in_words() {
        assert_eq!(run_text(&[5.0, 4.0, 5.0, 6.0, 7.0]).as_deref(), Some("Rising for 3 periods"));
        assert_eq!(run_text(&[9.0, 8.0, 7.0]).as_deref(), Some("Falling for 2 periods"));
        assert_eq!(run_text(&[5.0, 6.0, 6.0]), None, "a repeated figure ends a run");
        assert_eq!(run_text(&[5.0, 6.0, 5.0]), None, "one step is not a run");
        assert_eq!(run_text(&[5.0]), None);
    }

    #[test]
    fn the_measure_s_spc_settings_reach_the_analysis() {
        let points: Vec<DataPoint> = (2010..2026).map(|y| year(y, f64::from(y % 3))).collect();
        let refs: Vec<&DataPoint> = points.iter().collect();
        let mut m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Count, PeriodType::FinancialYear);
        let usual = spc_options(&m, &refs, None);
        assert_eq!(
            (usual.rebase_at.len(), usual.fix_after, usual.screen_outliers, usual.run_length),
            (0, None, true, 7)
        );
        m.spc = SpcSettings {
            // A period with no figure starts the group at the next figure; one before the first is ignored.
            rebase_at: vec![Period::FinancialYear { year: 2000 }, Period::FinancialYear { year: 2018 }],
            fix_after: Some(5),
            screen_outliers: false,
            run_length: 6,
        };
        let mut gappy = refs.clone();
        gappy.retain(|p| p.period != Period::FinancialYear { year: 2018 });
        let options = spc_options(&m, &gappy, Some(1.0));
        assert_eq!(options.rebase_at, vec![8]);
        assert_eq!((options.fix_after, options.screen_outliers, options.run_length), (Some(5), false, 6));
        assert_eq!(spc_notes(&m).len(), 5, "two rebases, fixed limits, no screening, 6-point runs");
        let values: Vec<f64> = gappy.iter().filter_map(|p| p.value.number()).collect();
        assert_eq!(spc::analyse(&values, &options).groups.len(), 2, "the rebase splits the chart in two");
    }
}
