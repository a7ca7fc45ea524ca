//! Statistical process control: XmR charts as the NHS "Making Data Count" programme defines
//! them and the NHSRplotthedots R package computes them, so that a trend is called a trend
//! only when the data says so.
//!
//! For each group of points (the whole series, or the parts between rebasing points):
//! the mean; the moving ranges; their average, with moving ranges of 3.267 times the average
//! or more screened out and the average taken again (the "Excel" preset does not screen);
//! process limits at the mean ± 2.66 × the average moving range; near limits at two thirds
//! of that. With `fix_after`, the mean and limits come from the group's first N points only.
//!
//! A point shows special cause by the first of these rules it meets:
//! 1. it is outside the process limits;
//! 2. it is part of a run of 7 points each strictly higher (or lower) than the one before;
//! 3. it is beyond a near limit, and in 3 consecutive points all on its side of the mean, 2
//!    or more are beyond the near limit (points outside the limits do not count);
//! 4. it is part of a run of 7 points on one side of the mean (a point on the mean breaks
//!    the run).
//!
//! Special cause is improvement or concern by the measure's direction, or neutral high or low
//! when it has none. The variation icon comes from the last point; the assurance icon compares
//! the target with the last group's limits.

use serde::Serialize;

/// Which way is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Improvement {
    Increase,
    Decrease,
    Neutral,
}

impl Improvement {
    fn sign(self) -> i8 {
        match self {
            Improvement::Increase => 1,
            Improvement::Decrease => -1,
            Improvement::Neutral => 0,
        }
    }
}

/// How to analyse a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub improvement: Improvement,
    pub target: Option<f64>,
    /// Indexes at which a new group (a rebased set of limits) starts.
    pub rebase_at: Vec<usize>,
    /// Take each group's mean and limits from its first N points only.
    pub fix_after: Option<usize>,
    /// Screen out moving ranges of 3.267 × the average or more (on by default; off is the
    /// "Excel" preset).
    pub screen_outliers: bool,
    /// The length of a trend or a shift: 7 by default, 6 as an option.
    pub run_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            improvement: Improvement::Neutral,
            target: None,
            rebase_at: Vec::new(),
            fix_after: None,
            screen_outliers: true,
            run_length: 7,
        }
    }
}

/// Fewer points than this in a group give trial limits.
pub const SHORT_GROUP: usize = 13;
/// Moving ranges this many times the average or more are screened out.
pub const MR_SCREEN: f64 = 3.267;
/// Process limits are this many average moving ranges from the mean.
pub const LIMIT: f64 = 2.66;

/// The limits of one group of points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub start: usize,
    pub n: usize,
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCause {
    CommonCause,
    Improvement,
    Concern,
    NeutralHigh,
    NeutralLow,
}

/// The rule that made a point special cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    OutsideLimits,
    Trend,
    TwoInThree,
    Shift,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub index: usize,
    pub value: f64,
    pub special_cause: SpecialCause,
    pub rule: Option<Rule>,
}

/// The Making Data Count variation icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeutralHigh,
    NeutralLow,
}

/// The Making Data Count assurance icon: will the process meet its target?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    ConsistentPass,
    ConsistentFail,
    Inconsistent,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub groups: Vec<Group>,
    pub points: Vec<Point>,
    pub variation: Option<Variation>,
    pub assurance: Option<Assurance>,
    pub warnings: Vec<String>,
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { f64::NAN } else { values.iter().sum::<f64>() / values.len() as f64 }
}

fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// Points that end a run of `len` equal non-zero signs.
fn one_side_run_ends(side: &[i8], len: usize) -> Vec<i8> {
    (0..side.len())
        .map(|i| {
            let ends = i + 1 >= len && side[i] != 0 && (1..len).all(|k| side[i - k] == side[i]);
            if ends { side[i] } else { 0 }
        })
        .collect()
}

/// Points that end a run of `len` points each strictly above (1) or below (-1) the one before.
fn trend_ends(y: &[f64], len: usize) -> Vec<i8> {
    (0..y.len())
        .map(|i| {
            if i + 1 < len {
                return 0;
            }
            let steps: Vec<i8> = (0..len - 1).map(|k| sign(y[i - k] - y[i - k - 1])).collect();
            if steps.iter().all(|s| *s == 1) {
                1
            } else if steps.iter().all(|s| *s == -1) {
                -1
            } else {
                0
            }
        })
        .collect()
}

/// Points in a run: those within `len` points before a run's end.
fn part_of_run(ends: &[i8], len: usize) -> Vec<bool> {
    (0..ends.len()).map(|i| (i..(i + len).min(ends.len())).any(|j| ends[j] != 0)).collect()
}

/// Points in a window of 3 (all on one side of the mean) holding 2 or more close to limits.
fn two_in_three(close: &[bool], side: &[i8]) -> Vec<bool> {
    let n = close.len();
    (0..n)
        .map(|i| {
            (0..3).any(|back| {
                if i < back || i - back + 2 >= n {
                    return false;
                }
                let w = i - back..i - back + 3;
                let count = close[w.clone()].iter().filter(|c| **c).count();
                let total: i32 = side[w].iter().map(|s| i32::from(*s)).sum();
                count >= 2 && total.abs() == 3
            })
        })
        .collect()
}

/// The points of a two-in-three window that are themselves close to the limits.
fn part_of_two_in_three(windows: &[bool], close: &[bool]) -> Vec<bool> {
    windows.iter().zip(close).map(|(w, c)| *w && *c).collect()
}

struct Limits {
    mean: f64,
    lpl: f64,
    upl: f64,
    nlpl: f64,
    nupl: f64,
}

fn limits(y: &[f64], options: &Options) -> Limits {
    let fixed = &y[..options.fix_after.map_or(y.len(), |n| n.min(y.len()))];
    let centre = mean(fixed);
    let mut ranges: Vec<f64> = fixed.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mut amr = mean(&ranges);
    if options.screen_outliers {
        ranges.retain(|r| *r < MR_SCREEN * amr);
        amr = mean(&ranges);
    }
    let near = 2.0 * LIMIT / 3.0;
    Limits {
        mean: centre,
        lpl: centre - LIMIT * amr,
        upl: centre + LIMIT * amr,
        nlpl: centre - near * amr,
        nupl: centre + near * amr,
    }
}

/// Analyses a series of values in time order.
pub fn analyse(values: &[f64], options: &Options) -> Analysis {
    let mut starts: Vec<usize> =
        std::iter::once(0).chain(options.rebase_at.iter().copied()).filter(|s| *s < values.len()).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut groups = Vec::new();
    let mut points = Vec::with_capacity(values.len());
    let mut warnings = Vec::new();
    let run = options.run_length.max(2);
    for (g, &start) in starts.iter().enumerate() {
        let end = starts.get(g + 1).copied().unwrap_or(values.len());
        let y = &values[start..end];
        let l = limits(y, options);
        if y.len() < SHORT_GROUP {
            warnings.push(format!(
                "The group starting at point {start} has {} points, fewer than {SHORT_GROUP}: its limits are trial limits and will become more reliable as data is added.",
                y.len()
            ));
        }
        groups.push(Group { start, n: y.len(), mean: l.mean, lpl: l.lpl, upl: l.upl });

        let outside: Vec<bool> = y.iter().map(|v| *v > l.upl || *v < l.lpl).collect();
        let side: Vec<i8> = y.iter().map(|v| sign(v - l.mean)).collect();
        let close: Vec<bool> = y.iter().zip(&outside).map(|(v, out)| !out && (*v < l.nlpl || *v > l.nupl)).collect();
        let trend = part_of_run(&trend_ends(y, run), run);
        let two = part_of_two_in_three(&two_in_three(&close, &side), &close);
        let shift = part_of_run(&one_side_run_ends(&side, run), run);

        for i in 0..y.len() {
            // The direction of a trend point: towards the next point if that is in the trend
            // too, else from the one before.
            let trend_direction = if i + 1 < y.len() && trend[i] && trend[i + 1] {
                sign(y[i + 1] - y[i])
            } else if i > 0 {
                sign(y[i] - y[i - 1])
            } else {
                0
            };
            let (rule, high) = if outside[i] {
                (Some(Rule::OutsideLimits), side[i] == 1)
            } else if trend[i] {
                (Some(Rule::Trend), trend_direction == 1)
            } else if two[i] {
                (Some(Rule::TwoInThree), side[i] > 0)
            } else if shift[i] {
                (Some(Rule::Shift), side[i] > 0)
            } else {
                (None, false)
            };
            let direction: i8 = if high { 1 } else { -1 };
            let special_cause = match (rule, options.improvement) {
                (None, _) => SpecialCause::CommonCause,
                (Some(_), Improvement::Neutral) if high => SpecialCause::NeutralHigh,
                (Some(_), Improvement::Neutral) => SpecialCause::NeutralLow,
                (Some(_), improvement) if direction * improvement.sign() > 0 => SpecialCause::Improvement,
                (Some(_), _) => SpecialCause::Concern,
            };
            points.push(Point { index: start + i, value: y[i], special_cause, rule });
        }
    }
    let variation = points.last().map(|p| match (p.special_cause, options.improvement) {
        (SpecialCause::CommonCause, _) => Variation::CommonCause,
        (SpecialCause::NeutralHigh, _) => Variation::NeutralHigh,
        (SpecialCause::NeutralLow, _) => Variation::NeutralLow,
        (SpecialCause::Improvement, Improvement::Decrease) => Variation::ImprovementLow,
        (SpecialCause::Improvement, _) => Variation::ImprovementHigh,
        (SpecialCause::Concern, Improvement::Decrease) => Variation::ConcernHigh,
        (SpecialCause::Concern, _) => Variation::ConcernLow,
    });
    let assurance = match (options.target, options.improvement, groups.last()) {
        (Some(target), Improvement::Increase | Improvement::Decrease, Some(last)) => {
            let increasing = options.improvement == Improvement::Increase;
            Some(if target > last.upl {
                if increasing { Assurance::ConsistentFail } else { Assurance::ConsistentPass }
            } else if target < last.lpl {
                if increasing { Assurance::ConsistentPass } else { Assurance::ConsistentFail }
            } else {
                Assurance::Inconsistent
            })
        }
        _ => None,
    };
    Analysis { groups, points, variation, assurance, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(v: &[i8]) -> Vec<i8> {
        v.to_vec()
    }

    fn bools(v: &[bool]) -> Vec<u8> {
        v.iter().map(|b| u8::from(*b)).collect()
    }

    // The helper examples are NHSRplotthedots' own tests (test-ptd_calculate_point_type.R).

    #[test]
    fn runs_on_one_side_of_the_mean_match_the_reference_examples() {
        assert_eq!(one_side_run_ends(&[], 7), flags(&[]));
        assert_eq!(one_side_run_ends(&[1; 6], 7), [0; 6]);
        assert_eq!(one_side_run_ends(&[1, 1, 1, 1, 1, 1, -1], 7), [0; 7]);
        assert_eq!(one_side_run_ends(&[1, 1, 1, 1, 1, 1, 1, 1, -1], 7), [0, 0, 0, 0, 0, 0, 1, 1, 0]);
        assert_eq!(one_side_run_ends(&[-1, -1, -1, -1, -1, -1, -1, -1, 1], 7), [0, 0, 0, 0, 0, 0, -1, -1, 0]);
        assert_eq!(one_side_run_ends(&[-1, 1, 1, 1, 1, 1, 1, 1, 1, -1], 7), [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
        assert_eq!(bools(&part_of_run(&[0; 6], 7)), [0; 6]);
    }

    #[test]
    fn trends_match_the_reference_examples() {
        let f = |y: &[f64]| trend_ends(y, 7);
        assert_eq!(f(&[1., 2., 3., 4., 5., 6.]), [0; 6]);
        assert_eq!(f(&[1., 2., 3., 3., 4., 5., 6.]), [0; 7], "a tie breaks a trend");
        assert_eq!(f(&[1., 2., 3., 4., 5., 6., 7.]), [0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(f(&[2., 1., 2., 3., 4., 5., 6., 7., 3.]), [0, 0, 0, 0, 0, 0, 0, 1, 0]);
        assert_eq!(f(&[7., 6., 5., 4., 3., 2., 1.]), [0, 0, 0, 0, 0, 0, -1]);
        assert_eq!(f(&[2., 7., 6., 5., 4., 3., 2., 1., 3.]), [0, 0, 0, 0, 0, 0, 0, -1, 0]);
    }

    #[test]
    fn two_in_three_matches_the_reference_examples() {
        let t = |v: &[u8]| {
            let close: Vec<bool> = v.iter().map(|x| *x == 1).collect();
            two_in_three(&close, &vec![1; v.len()])
        };
        assert_eq!(bools(&t(&[0, 0, 0])), [0, 0, 0]);
        for v in [[1, 0, 1], [0, 1, 1], [1, 1, 0]] {
            assert_eq!(bools(&t(&v)), [1, 1, 1], "{v:?}");
        }
        assert_eq!(bools(&t(&[0, 0, 1, 0, 1, 0, 0])), [0, 0, 1, 1, 1, 0, 0]);
        assert_eq!(bools(&t(&[0, 0, 1, 1, 0, 0, 0])), [0, 1, 1, 1, 1, 0, 0]);
        let part = |v: &[u8]| {
            let close: Vec<bool> = v.iter().map(|x| *x == 1).collect();
            bools(&part_of_two_in_three(&two_in_three(&close, &vec![1; v.len()]), &close))
        };
        assert_eq!(part(&[1, 0, 1]), [1, 0, 1]);
        assert_eq!(part(&[1, 0, 0, 1]), [0, 0, 0, 0]);
        assert_eq!(part(&[1, 0, 0, 1, 1]), [0, 0, 0, 1, 1]);
        // All three points must be on the same side of the mean.
        let close = [true, false, true];
        assert_eq!(bools(&two_in_three(&close, &[1, -1, 1])), [0, 0, 0]);
    }

    #[test]
    fn limits_screen_large_moving_ranges_unless_asked_not_to() {
        let y = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 30.0, 10.0, 11.0, 10.0, 11.0, 10.0];
        let screened = analyse(&y, &Options::default());
        let plain = analyse(&y, &Options { screen_outliers: false, ..Options::default() });
        let g = &screened.groups[0];
        let mean = y.iter().sum::<f64>() / 13.0;
        // Moving ranges: ten of 1 and two of 20; 20 >= 3.267 × (60/12 = 5), so screened.
        assert!((g.mean - mean).abs() < 1e-12);
        assert!((g.upl - (mean + 2.66 * 1.0)).abs() < 1e-12, "{g:?}");
        assert!((plain.groups[0].upl - (mean + 2.66 * 50.0 / 12.0)).abs() < 1e-12);
        assert_eq!(screened.points[7].rule, Some(Rule::OutsideLimits));
        assert_eq!(screened.points[7].special_cause, SpecialCause::NeutralHigh);
    }

    #[test]
    fn rules_apply_in_precedence_order_with_direction() {
        // A steady series, then seven rising points: the last ones are outside the limits,
        // the rest of the run is a trend.
        let mut y: Vec<f64> = [5.0, 6.0].iter().cycle().take(14).copied().collect();
        y.extend([5.2, 5.4, 5.6, 5.8, 6.0, 6.2, 6.4]);
        let a = analyse(&y, &Options { improvement: Improvement::Decrease, ..Options::default() });
        let rules: Vec<Option<Rule>> = a.points[13..].iter().map(|p| p.rule).collect();
        assert!(rules.iter().skip(1).all(Option::is_some), "{rules:?}");
        assert!(
            a.points[14..].iter().all(|p| p.special_cause == SpecialCause::Concern),
            "rising is a concern when lower is better"
        );
        assert_eq!(a.variation, Some(Variation::ConcernHigh));
    }

    #[test]
    fn seven_points_on_one_side_are_a_shift_and_a_point_on_the_mean_breaks_it() {
        let mut y = vec![10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0];
        y.extend([11.5, 11.6, 11.5, 11.6, 11.5, 11.6, 11.5]);
        // The limits come from the first eight points, so the mean stays at 11.
        let options = Options { improvement: Improvement::Increase, fix_after: Some(8), ..Options::default() };
        let a = analyse(&y, &options);
        assert_eq!(a.groups[0].mean, 11.0);
        assert!(
            a.points[8..].iter().all(|p| p.rule == Some(Rule::Shift) && p.special_cause == SpecialCause::Improvement)
        );
        assert_eq!(a.variation, Some(Variation::ImprovementHigh));
        let mut broken = y.clone();
        broken[11] = 11.0;
        let b = analyse(&broken, &options);
        assert!(b.points.iter().all(|p| p.rule.is_none()), "{:?}", b.points);
    }

    #[test]
    fn assurance_compares_the_target_with_the_last_groups_limits() {
        let y: Vec<f64> = (0..20).map(|i| if i % 2 == 0 { 50.0 } else { 52.0 }).collect();
        let run = |target, improvement| {
            analyse(&y, &Options { target: Some(target), improvement, ..Options::default() }).assurance
        };
        assert_eq!(run(40.0, Improvement::Increase), Some(Assurance::ConsistentPass));
        assert_eq!(run(60.0, Improvement::Increase), Some(Assurance::ConsistentFail));
        assert_eq!(run(60.0, Improvement::Decrease), Some(Assurance::ConsistentPass));
        assert_eq!(run(51.0, Improvement::Decrease), Some(Assurance::Inconsistent));
        assert_eq!(run(51.0, Improvement::Neutral), None);
    }

    #[test]
    fn rebasing_and_fixing_give_each_group_its_own_limits_and_short_groups_warn() {
        let mut y: Vec<f64> = (0..15).map(|i| f64::from(i % 2) + 10.0).collect();
        y.extend((0..15).map(|i| f64::from(i % 2) + 20.0));
        let a = analyse(&y, &Options { rebase_at: vec![15], ..Options::default() });
        assert_eq!(a.groups.len(), 2);
        assert_eq!((a.groups[1].start, a.groups[1].n), (15, 15));
        assert!((a.groups[1].mean - 20.0 - 7.0 / 15.0).abs() < 1e-12);
        assert!(a.warnings.is_empty());
        let fixed = analyse(&y, &Options { fix_after: Some(4), ..Options::default() });
        assert!((fixed.groups[0].mean - 10.5).abs() < 1e-12, "the mean of the first four points");
        assert_eq!(fixed.points[29].rule, Some(Rule::OutsideLimits), "later points judged against fixed limits");
        let short = analyse(&y[..10], &Options::default());
        assert_eq!(short.warnings.len(), 1);
    }

    #[test]
    fn six_point_runs_are_an_option() {
        let y = [5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 1.0, 2.0, 3.0, 4.0, 4.5, 5.5];
        let seven = analyse(&y, &Options::default());
        let six = analyse(&y, &Options { run_length: 6, ..Options::default() });
        assert!(seven.points.iter().all(|p| p.rule != Some(Rule::Trend)));
        assert!(six.points[7..].iter().filter(|p| p.rule == Some(Rule::Trend)).count() >= 5);
    }
}
