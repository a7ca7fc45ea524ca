//! A measure judged honestly: statistical process control over its own series, its latest
//! figure compared with England's, the region's and the statistical neighbours' by confidence
//! interval, and a one-line summary in words ("Common cause variation: no significant change.
//! Similar to England.").

use cypp_analytics::compare::{self, Label, Polarity};
use cypp_analytics::spc::{self, Analysis, Improvement, Options, Variation};
use cypp_domain::{ComparatorKind, DataPoint, Direction, Measure, Partnership, Period};

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

/// Judges a measure: SPC over its numeric figures (with its target for assurance), and the
/// latest figure against each comparator's for the same period.
pub fn judge(measure: &Measure, partnership: &Partnership) -> Judgement {
    let mut numbered: Vec<&DataPoint> = measure.data.iter().filter(|d| d.value.number().is_some()).collect();
    numbered.sort_by_key(|d| d.period);
    let values: Vec<f64> = numbered.iter().filter_map(|d| d.value.number()).collect();
    let target =
        numbered.last().and_then(|l| measure.target_for_judging(&l.period)).and_then(|t| measure.target_value(t));
    let analysis = (values.len() >= 2).then(|| {
        spc::analyse(&values, &Options { improvement: improvement(measure.direction), target, ..Options::default() })
    });
    let variation = analysis.as_ref().and_then(|a| a.variation).map(variation_text);

    let polarity = match measure.direction {
        Direction::HigherIsBetter => Polarity::High,
        Direction::LowerIsBetter => Polarity::Low,
        Direction::Neither => Polarity::None,
    };
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
            let label = compare::compare(point.ci.map(|c| (c.lower, c.upper)), None, benchmark, polarity);
            Some(Comparison { name: group.name.clone(), point: theirs.clone(), label })
        })
        .collect();
    let england = partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::England);
    let mut summary = Vec::new();
    if let Some(v) = variation {
        summary.push(v.to_string());
    }
    for c in &comparisons {
        let name = if england.is_some_and(|e| e.name == c.name) { "England" } else { c.name.as_str() };
        summary.push(label_text(c.label, name));
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
