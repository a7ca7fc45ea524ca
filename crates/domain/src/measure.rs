//! Measures (key performance indicators): what is counted, which way is better, targets,
//! and the data, including the official symbols that stand in for a number.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::{ComparatorId, MeasureId, TargetId};
use crate::period::{Period, PeriodType};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Count,
    RatePer1000,
    RatePer10000,
    RatePer100000,
    Days,
    Weeks,
    /// A score such as an average attainment score.
    Score,
}

impl Unit {
    pub const ALL: [Unit; 8] = [
        Unit::Percent,
        Unit::Count,
        Unit::RatePer1000,
        Unit::RatePer10000,
        Unit::RatePer100000,
        Unit::Days,
        Unit::Weeks,
        Unit::Score,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "percentage",
            Unit::Count => "number",
            Unit::RatePer1000 => "rate per 1,000",
            Unit::RatePer10000 => "rate per 10,000",
            Unit::RatePer100000 => "rate per 100,000",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Score => "score",
        }
    }

    /// Formats a value in this unit: "24.7%", "1,204", "56.1 per 10,000", "18 days".
    /// The least and the most a figure in this unit can be: a percentage 0 to 100, a count,
    /// rate or length of time 0 or more, a score anything. Process limits are drawn within
    /// these, as Making Data Count advises.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Unit::Percent => (0.0, 100.0),
            Unit::Count | Unit::RatePer1000 | Unit::RatePer10000 | Unit::RatePer100000 | Unit::Days | Unit::Weeks => {
                (0.0, f64::INFINITY)
            }
            Unit::Score => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    pub fn format(self, value: f64, decimals: u8) -> String {
        let number = format_number(value, decimals);
        match self {
            Unit::Percent => format!("{number}%"),
            Unit::Count | Unit::Score => number,
            Unit::RatePer1000 => format!("{number} per 1,000"),
            Unit::RatePer10000 => format!("{number} per 10,000"),
            Unit::RatePer100000 => format!("{number} per 100,000"),
            Unit::Days => format!("{number} days"),
            Unit::Weeks => format!("{number} weeks"),
        }
    }
}

/// Formats a number with thousands separators and a fixed number of decimals.
pub fn format_number(value: f64, decimals: u8) -> String {
    let text = format!("{:.*}", decimals as usize, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text_is_nonzero(&grouped, fraction.as_deref()) { "-" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn text_is_nonzero(whole: &str, fraction: Option<&str>) -> bool {
    whole.chars().chain(fraction.unwrap_or("").chars()).any(|c| c.is_ascii_digit() && c != '0')
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Neither: context, such as the number of children in care.
    Neither,
}

impl Direction {
    /// The direction as the comparison methods take it.
    pub fn polarity(self) -> cypp_analytics::compare::Polarity {
        use cypp_analytics::compare::Polarity;
        match self {
            Direction::HigherIsBetter => Polarity::High,
            Direction::LowerIsBetter => Polarity::Low,
            Direction::Neither => Polarity::None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Termly,
    Annually,
    /// Less often than yearly, such as a survey every two years.
    Occasionally,
}

/// The outcomes-based accountability question a measure answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeCategory {
    HowMuch,
    HowWell,
    BetterOff,
}

impl OutcomeCategory {
    pub fn label(self) -> &'static str {
        match self {
            OutcomeCategory::HowMuch => "How much did we do?",
            OutcomeCategory::HowWell => "How well did we do it?",
            OutcomeCategory::BetterOff => "Is anyone better off?",
        }
    }
}

/// A key performance indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    pub id: MeasureId,
    /// Used in web addresses and on the command line; unique within the plan.
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    pub unit: Unit,
    /// Decimal places to show.
    #[serde(default)]
    pub decimals: u8,
    pub direction: Direction,
    pub frequency: Frequency,
    pub period_type: PeriodType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<OutcomeCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// How far from target, in the measure's unit, still counts as amber rather than red.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Whether counts below the threshold must be suppressed when published.
    #[serde(default)]
    pub suppress_small_numbers: bool,
    /// The largest count suppressed when `suppress_small_numbers` is set: counts from 1 to
    /// this are shown as `c` (5 unless set; some official tables use 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression_threshold: Option<u32>,
    /// The partnership's own figures.
    #[serde(default)]
    pub data: Vec<DataPoint>,
    /// The same measure for comparator areas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comparators: Vec<ComparatorSeries>,
    /// How the statistical process control chart of the measure is drawn.
    #[serde(default, skip_serializing_if = "SpcSettings::is_default")]
    pub spc: SpcSettings,
    /// The revision of the plan the measure was added in; none for a measure the plan has had
    /// from its first revision. A measure added while a refresh is in draft stays out of the
    /// public edition until that revision is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_revision: Option<u32>,
}

/// How a measure's statistical process control (XmR) chart is drawn, as an analyst chooses
/// for it: the NHS "Making Data Count" defaults unless set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpcSettings {
    /// Periods at which the process changed (a new service, a new definition): the mean and
    /// limits are calculated afresh from each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rebase_at: Vec<Period>,
    /// Take each group's mean and limits from its first N points only, and judge later
    /// points against them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_after: Option<u32>,
    /// Leave out moving ranges of 3.267 times the average or more when setting the limits
    /// (on unless turned off; off is the "Excel" preset).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub screen_outliers: bool,
    /// How many points make a trend or a shift: 7, or 6 as some trusts prefer.
    #[serde(default = "seven", skip_serializing_if = "is_seven")]
    pub run_length: u8,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn seven() -> u8 {
    7
}

fn is_seven(n: &u8) -> bool {
    *n == 7
}

impl Default for SpcSettings {
    fn default() -> Self {
        SpcSettings { rebase_at: Vec::new(), fix_after: None, screen_outliers: true, run_length: 7 }
    }
}

impl SpcSettings {
    pub fn is_default(&self) -> bool {
        *self == SpcSettings::default()
    }
}

impl Measure {
    /// A measure with nothing but its names, unit and period type: an annual figure, higher
    /// is better, one decimal place, no source, baseline, targets or data yet.
    pub fn new(id: MeasureId, slug: &str, name: &str, unit: Unit, period_type: PeriodType) -> Measure {
        Measure {
            id,
            slug: slug.to_string(),
            name: name.to_string(),
            definition: None,
            unit,
            decimals: 1,
            direction: Direction::HigherIsBetter,
            frequency: Frequency::Annually,
            period_type,
            source: None,
            source_url: None,
            category: None,
            baseline: None,
            targets: vec![],
            tolerance: None,
            suppress_small_numbers: false,
            suppression_threshold: None,
            data: vec![],
            comparators: vec![],
            spc: SpcSettings::default(),
            since_revision: None,
        }
    }

    /// The latest own data point, by period.
    pub fn latest(&self) -> Option<&DataPoint> {
        self.data.iter().max_by_key(|d| d.period)
    }

    pub fn format(&self, value: f64) -> String {
        self.unit.format(value, self.decimals)
    }

    /// The value to show in public for a figure: small counts are suppressed (shown as `c`)
    /// when the measure says so, the way official children's statistics are, so that no child
    /// can be identified. A count from 1 to the threshold (5 unless set) is suppressed; zero is
    /// not, as it identifies nobody. A rate or percentage is a count out of a total, so it is
    /// suppressed when its count is, and also when the rest of the total is small ("95% of 40"
    /// says that 2 children did not), the secondary suppression that stops a hidden count being
    /// found by subtraction.
    pub fn published(&self, point: &DataPoint) -> Reading {
        use cypp_analytics::suppress::{self, Cell};
        if !self.suppress_small_numbers {
            return point.value;
        }
        let threshold = self.suppression_threshold.unwrap_or(suppress::DEFAULT_THRESHOLD);
        let hidden = match (self.unit, point.numerator, point.denominator) {
            (Unit::Count, ..) => point.value.number().is_some_and(|n| suppress::is_small(n, threshold)),
            (_, Some(n), Some(d)) if d >= n => {
                let row = suppress::row(&[n, d - n], threshold);
                row.cells.contains(&Cell::Suppressed) || row.total == Cell::Suppressed
            }
            (_, Some(n), _) => suppress::is_small(n, threshold),
            _ => false,
        };
        if hidden { Reading::Symbol(Symbol::Suppressed) } else { point.value }
    }

    /// The measure as the public may see it: every figure of its own series replaced by what
    /// [`Measure::published`] shows, with the parts of a hidden figure that would give it away
    /// (its count and total, its confidence intervals) removed, and the baseline removed when
    /// it is itself a figure that would be hidden.
    pub fn public_view(&self) -> Measure {
        let mut shown = self.clone();
        for point in &mut shown.data {
            let value = self.published(point);
            if value != point.value {
                point.value = value;
                point.numerator = None;
                point.denominator = None;
                point.ci = None;
                point.ci_998 = None;
            }
        }
        if let Some(baseline) = &self.baseline {
            let same = self.data.iter().find(|d| d.period == baseline.period);
            let as_point = DataPoint {
                numerator: same.and_then(|d| d.numerator),
                denominator: same.and_then(|d| d.denominator),
                ..DataPoint::new(baseline.period, baseline.value)
            };
            if self.published(&as_point) != as_point.value {
                shown.baseline = None;
            }
        }
        shown
    }

    /// The value a target stands for. A target from the baseline needs the baseline; closing
    /// the gap to a comparator needs the baseline and the comparator's figure for the target's
    /// period (or its latest).
    pub fn target_value(&self, target: &Target) -> Option<f64> {
        match &target.kind {
            TargetKind::Absolute { value } => Some(*value),
            TargetKind::FromBaseline { change_percent } => {
                self.baseline.as_ref().map(|b| b.value * (1.0 + change_percent / 100.0))
            }
            TargetKind::CloseGap { comparator, gap_closed_percent } => {
                let base = self.baseline.as_ref()?.value;
                let series = self.comparators.iter().find(|s| s.comparator == *comparator)?;
                let point =
                    series.data.iter().find(|d| d.period == target.period).or_else(|| {
                        series.data.iter().filter(|d| d.value.number().is_some()).max_by_key(|d| d.period)
                    })?;
                let other = point.value.number()?;
                Some(base + (other - base) * gap_closed_percent / 100.0)
            }
        }
    }

    /// The target a figure for `period` is judged against: the one for that period, or else
    /// the next one still to come, or else the last one set.
    pub fn target_for_judging(&self, period: &Period) -> Option<&Target> {
        self.target_for(period)
            .or_else(|| self.targets.iter().filter(|t| t.period > *period).min_by_key(|t| t.period))
            .or_else(|| self.targets.iter().max_by_key(|t| t.period))
    }

    /// Red, amber or green for a figure against its target, honouring which way is better and
    /// the tolerance for amber. None when there is no number, no target or no better way.
    pub fn rag(&self, point: &DataPoint) -> Option<crate::round::Rag> {
        let value = point.value.number()?;
        let target = self.target_value(self.target_for_judging(&point.period)?)?;
        judge(value, target, self.direction, self.tolerance.unwrap_or(0.0))
    }

    /// The target that applies to `period`, if any.
    pub fn target_for(&self, period: &Period) -> Option<&Target> {
        self.targets.iter().find(|t| &t.period == period)
    }
}

/// Red, amber or green for `value` against `target`: green on or past the target in the
/// better direction, amber within `tolerance` short of it, red further away.
pub fn judge(value: f64, target: f64, direction: Direction, tolerance: f64) -> Option<crate::round::Rag> {
    use crate::round::Rag;
    let shortfall = match direction {
        Direction::HigherIsBetter => target - value,
        Direction::LowerIsBetter => value - target,
        Direction::Neither => return None,
    };
    Some(if shortfall <= 0.0 {
        Rag::Green
    } else if shortfall <= tolerance.abs() {
        Rag::Amber
    } else {
        Rag::Red
    })
}

/// The starting point a measure's progress is judged from: "2019/20 baseline",
/// "pre-Covid position".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Baseline {
    pub period: Period,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A target for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    pub id: TargetId,
    pub period: Period,
    #[serde(flatten)]
    pub kind: TargetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a target is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TargetKind {
    /// A value to reach: "100%", "fewer than 120".
    Absolute { value: f64 },
    /// A change from the baseline, as a percentage of it: -25 for "25% reduction from the
    /// 2019/20 baseline".
    FromBaseline { change_percent: f64 },
    /// Close the gap to a comparator by this share (100 means "in line with England").
    CloseGap { comparator: ComparatorId, gap_closed_percent: f64 },
}

/// The symbols official statistics publish in place of a number. They are kept as they are,
/// never turned into zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Symbol {
    /// `c`: suppressed to protect confidentiality.
    #[serde(rename = "c")]
    Suppressed,
    /// `x`: not available.
    #[serde(rename = "x")]
    NotAvailable,
    /// `z`: not applicable.
    #[serde(rename = "z")]
    NotApplicable,
    /// `low`: a rate or percentage based on too few to publish.
    #[serde(rename = "low")]
    Low,
    /// `k`: rounds to zero but is not zero.
    #[serde(rename = "k")]
    RoundsToZero,
    /// `u`: low reliability.
    #[serde(rename = "u")]
    Unreliable,
}

impl Symbol {
    pub const ALL: [Symbol; 6] = [
        Symbol::Suppressed,
        Symbol::NotAvailable,
        Symbol::NotApplicable,
        Symbol::Low,
        Symbol::RoundsToZero,
        Symbol::Unreliable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Symbol::Suppressed => "c",
            Symbol::NotAvailable => "x",
            Symbol::NotApplicable => "z",
            Symbol::Low => "low",
            Symbol::RoundsToZero => "k",
            Symbol::Unreliable => "u",
        }
    }

    pub fn from_code(code: &str) -> Option<Symbol> {
        Symbol::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Symbol::Suppressed => "suppressed to protect confidentiality",
            Symbol::NotAvailable => "not available",
            Symbol::NotApplicable => "not applicable",
            Symbol::Low => "too few to publish",
            Symbol::RoundsToZero => "less than half the smallest unit shown",
            Symbol::Unreliable => "low reliability",
        }
    }
}

/// A data value: a number, or a symbol standing for one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Reading {
    Number(f64),
    Symbol(Symbol),
}

impl Reading {
    pub fn number(&self) -> Option<f64> {
        match self {
            Reading::Number(n) => Some(*n),
            Reading::Symbol(_) => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConfidenceInterval {
    pub lower: f64,
    pub upper: f64,
    /// The confidence level in percent: 95 or 99.8.
    pub level: f64,
}

/// One figure for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataPoint {
    pub period: Period,
    pub value: Reading,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<ConfidenceInterval>,
    /// The wider 99.8% interval where the source gives one as well (Fingertips does), for the
    /// two-level comparison that finds the areas significantly best and worst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_998: Option<ConfidenceInterval>,
    /// Whether cypp computed `ci` and `ci_998` from the numerator and denominator
    /// ([`DataPoint::compute_intervals`]) because the source gave none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ci_computed: bool,
    /// Provisional figures may be revised; final ones will not be.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the figure stands among other areas' for the same period, where the file it came
    /// from held them (LAIT, Explore Education Statistics, Fingertips).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing: Option<Standing>,
}

/// Where an area's figure stands among other areas' figures for the same period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Standing {
    /// Among every English local authority with a figure (of the area's own tier, where the
    /// file has several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub england: Option<Ranking>,
    /// Among the area and its statistical neighbours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<Ranking>,
}

/// An area's place among a set of areas' figures for one period, kept as counts so that
/// which way is better can be applied when it is read (and changed after the import).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ranking {
    /// How many areas had a figure, the area itself among them.
    pub of: u32,
    /// How many of them had a higher figure.
    pub higher: u32,
    /// How many had a lower figure; the rest had the same.
    pub lower: u32,
    /// The lower quartile, median and upper quartile of all their figures, which cut the
    /// quartile bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quartiles: Option<[f64; 3]>,
}

impl Ranking {
    /// `value`'s place among `all`, which holds every area's figure, `value` among them.
    pub fn among(value: f64, all: &[f64], with_quartiles: bool) -> Ranking {
        let (higher, lower) = cypp_analytics::rank::above_and_below(value, all);
        Ranking {
            of: all.len() as u32,
            higher,
            lower,
            quartiles: if with_quartiles { cypp_analytics::rank::quartiles(all) } else { None },
        }
    }

    /// The rank, 1 the best; none where neither direction is better.
    pub fn rank(&self, direction: Direction) -> Option<u32> {
        cypp_analytics::rank::rank(self.higher, self.lower, direction.polarity())
    }

    /// The quartile band of `value` (the area's figure), A the best quarter.
    pub fn band(&self, value: f64, direction: Direction) -> Option<cypp_analytics::rank::Band> {
        cypp_analytics::rank::band(value, self.quartiles?, direction.polarity())
    }

    /// Whether the counts can be true: no more areas above and below than there are others.
    pub fn is_consistent(&self) -> bool {
        self.of >= 1 && u64::from(self.higher) + u64::from(self.lower) < u64::from(self.of)
    }
}

impl DataPoint {
    pub fn new(period: Period, value: f64) -> DataPoint {
        DataPoint {
            period,
            value: Reading::Number(value),
            numerator: None,
            denominator: None,
            ci: None,
            ci_998: None,
            ci_computed: false,
            provisional: false,
            note: None,
            standing: None,
        }
    }

    /// Gives a figure that has a numerator and a denominator but no interval its 95% and 99.8%
    /// intervals, by the method its unit calls for, as PHEindicatormethods computes them:
    /// Wilson's score interval for a percentage; for a rate, the exact Poisson interval below 10
    /// events and Byar's from 10; for a count, the same on the count itself. Marks them computed.
    /// Nothing for other units, for a figure the numbers do not give (a different definition,
    /// or a figure rounded beyond recognition), or where a method gives no lower limit. The
    /// limits are kept to three decimals.
    /// Returns whether it computed them.
    pub fn compute_intervals(&mut self, unit: Unit) -> bool {
        use cypp_analytics::interval::{self, Confidence};
        let (Some(value), Some(numerator), Some(denominator)) = (self.value.number(), self.numerator, self.denominator)
        else {
            return false;
        };
        if self.ci.is_some() || self.ci_998.is_some() {
            return false;
        }
        let at = |confidence: Confidence| match unit {
            Unit::Percent => interval::wilson(numerator, denominator, 100.0, confidence).ok(),
            Unit::RatePer1000 => interval::rate(numerator, denominator, 1_000.0, confidence).ok(),
            Unit::RatePer10000 => interval::rate(numerator, denominator, 10_000.0, confidence).ok(),
            Unit::RatePer100000 => interval::rate(numerator, denominator, 100_000.0, confidence).ok(),
            Unit::Count => interval::rate(numerator, 1.0, 1.0, confidence).ok(),
            Unit::Days | Unit::Weeks | Unit::Score => None,
        };
        let (Some(p95), Some(p998)) = (at(Confidence::P95), at(Confidence::P998)) else { return false };
        // The figure must be the one its numbers give, to the rounding a published figure has.
        if (p95.value - value).abs() > 0.05 + 0.01 * value.abs() {
            return false;
        }
        // To three decimals, finer than any figure is published, so that the plan file reads
        // back exactly what it wrote.
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let limits = |i: interval::Interval, level: f64| match (i.lower, i.upper) {
            (Some(lower), Some(upper)) => Some(ConfidenceInterval { lower: round(lower), upper: round(upper), level }),
            _ => None,
        };
        let (Some(ci), Some(ci_998)) = (limits(p95, 95.0), limits(p998, 99.8)) else { return false };
        self.ci = Some(ci);
        self.ci_998 = Some(ci_998);
        self.ci_computed = true;
        true
    }
}

/// A comparator area's figures for a measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComparatorSeries {
    pub comparator: ComparatorId,
    pub data: Vec<DataPoint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_computed_from_the_numerator_and_denominator_by_the_units_method() {
        let mut p = DataPoint {
            numerator: Some(85.0),
            denominator: Some(400.0),
            ..DataPoint::new(Period::FinancialYear { year: 2024 }, 21.3)
        };
        assert!(p.compute_intervals(Unit::Percent));
        let wilson = |c| {
            let lower = cypp_analytics::interval::wilson(85.0, 400.0, 100.0, c).ok().and_then(|i| i.lower);
            lower.map(|l| (l * 1000.0).round() / 1000.0)
        };
        assert_eq!(p.ci.map(|c| c.lower), wilson(cypp_analytics::interval::Confidence::P95));
        assert_eq!(p.ci_998.map(|c| c.lower), wilson(cypp_analytics::interval::Confidence::P998));
        assert!(p.ci_computed && p.ci.is_some_and(|c| c.lower < 21.3 && c.upper > 21.3 && c.level == 95.0));
        // Given intervals are kept; numbers that do not give the figure give no interval.
        let given = ConfidenceInterval { lower: 1.0, upper: 2.0, level: 95.0 };
        let mut kept = DataPoint { ci: Some(given), ..p.clone() };
        kept.ci_998 = None;
        kept.ci_computed = false;
        assert!(!kept.compute_intervals(Unit::Percent) && kept.ci == Some(given));
        let mut other = DataPoint { ci: None, ci_998: None, ci_computed: false, ..p.clone() };
        other.value = Reading::Number(30.0);
        assert!(!other.compute_intervals(Unit::Percent) && other.ci.is_none());
        // A rate per 10,000 from its count and population: exact Poisson below 10 events.
        let mut rate = DataPoint {
            numerator: Some(7.0),
            denominator: Some(12_000.0),
            ..DataPoint::new(Period::FinancialYear { year: 2024 }, 5.8)
        };
        assert!(rate.compute_intervals(Unit::RatePer10000));
        assert!(rate.ci.is_some_and(|c| c.lower > 0.0 && c.lower < 5.8 && c.upper > 5.8));
        let mut days = DataPoint {
            numerator: Some(7.0),
            denominator: Some(2.0),
            ..DataPoint::new(Period::FinancialYear { year: 2024 }, 3.5)
        };
        assert!(!days.compute_intervals(Unit::Days), "no method for days");
    }

    #[test]
    fn units_format_values_the_way_reports_write_them() {
        assert_eq!(Unit::Percent.format(24.66, 1), "24.7%");
        assert_eq!(Unit::Count.format(1204.0, 0), "1,204");
        assert_eq!(Unit::RatePer10000.format(56.14, 1), "56.1 per 10,000");
        assert_eq!(Unit::Days.format(18.0, 0), "18 days");
        assert_eq!(format_number(-1234567.891, 2), "-1,234,567.89");
        assert_eq!(format_number(-0.001, 1), "0.0");
    }

    #[test]
    fn readings_are_numbers_or_official_symbols_in_json() -> Result<(), serde_json::Error> {
        let values: Vec<Reading> = serde_json::from_str(r#"[12.5, "c", "x", "z", "low", "k", "u"]"#)?;
        assert_eq!(values[0], Reading::Number(12.5));
        assert_eq!(values[1], Reading::Symbol(Symbol::Suppressed));
        assert_eq!(values[4], Reading::Symbol(Symbol::Low));
        assert_eq!(serde_json::to_string(&values)?, r#"[12.5,"c","x","z","low","k","u"]"#);
        assert!(serde_json::from_str::<Reading>(r#""zero""#).is_err());
        Ok(())
    }

    #[test]
    fn a_ranking_keeps_counts_so_either_direction_can_be_read_from_it() {
        let all = [12.0, 9.5, 17.9, 17.9, 30.1, 4.0];
        let r = Ranking::among(17.9, &all, true);
        assert_eq!((r.of, r.higher, r.lower), (6, 1, 3));
        assert!(r.is_consistent());
        assert_eq!(r.rank(Direction::LowerIsBetter), Some(4), "ties share the better rank");
        assert_eq!(r.rank(Direction::HigherIsBetter), Some(2));
        assert_eq!(r.rank(Direction::Neither), None);
        // Quartiles of 4, 9.5, 12, 17.9, 17.9, 30.1 (R type 7): 10.125, 14.95, 17.9.
        assert_eq!(r.quartiles.map(|q| q.map(|v| (v * 1000.0).round() / 1000.0)), Some([10.125, 14.95, 17.9]));
        assert_eq!(r.band(17.9, Direction::LowerIsBetter).map(|b| b.letter()), Some("C"));
        assert_eq!(r.band(17.9, Direction::HigherIsBetter).map(|b| b.letter()), Some("B"));
        assert!(!Ranking { of: 3, higher: 2, lower: 1, quartiles: None }.is_consistent());
        let mut m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
        let mut point = DataPoint::new(Period::FinancialYear { year: 2024 }, 17.9);
        point.standing =
            Some(Standing { england: Some(Ranking { of: 3, higher: 2, lower: 1, quartiles: None }), neighbours: None });
        m.data.push(point);
        let mut problems = crate::validate::Problems::default();
        crate::validate::check_data_point(&m, &m.data[0], "data[0]", &mut problems);
        assert!(format!("{problems:?}").contains("data[0].standing.england"), "{problems:?}");
    }

    #[test]
    fn small_numbers_are_suppressed_in_public_when_the_measure_says_so() {
        let mut m = Measure {
            decimals: 0,
            direction: Direction::Neither,
            suppress_small_numbers: true,
            ..Measure::new(MeasureId::derived("m"), "m", "m", Unit::Count, PeriodType::FinancialYear)
        };
        let at = |v: f64| DataPoint::new(Period::FinancialYear { year: 2024 }, v);
        assert_eq!(m.published(&at(5.0)), Reading::Symbol(Symbol::Suppressed));
        assert_eq!(m.published(&at(6.0)), Reading::Number(6.0));
        assert_eq!(m.published(&at(0.0)), Reading::Number(0.0));
        m.unit = Unit::Percent;
        let mut share = at(30.0);
        share.numerator = Some(3.0);
        share.denominator = Some(10.0);
        assert_eq!(m.published(&share), Reading::Symbol(Symbol::Suppressed));
        // 38 of 40 would tell that 2 did not: suppressed as well.
        let mut most = at(95.0);
        most.numerator = Some(38.0);
        most.denominator = Some(40.0);
        assert_eq!(m.published(&most), Reading::Symbol(Symbol::Suppressed));
        // 0 of 3 says all 3 did not; 30 of 40 hides nothing.
        let mut none = at(0.0);
        none.numerator = Some(0.0);
        none.denominator = Some(3.0);
        assert_eq!(m.published(&none), Reading::Symbol(Symbol::Suppressed));
        let mut safe = at(75.0);
        safe.numerator = Some(30.0);
        safe.denominator = Some(40.0);
        assert_eq!(m.published(&safe), Reading::Number(75.0));
        // Without a denominator only the count itself can be judged.
        most.denominator = None;
        assert_eq!(m.published(&most), Reading::Number(95.0));
        m.suppress_small_numbers = false;
        assert_eq!(m.published(&share), Reading::Number(30.0));
    }

    #[test]
    fn rag_honours_which_way_is_better_and_the_tolerance() {
        use crate::round::Rag;
        assert_eq!(judge(81.0, 80.0, Direction::HigherIsBetter, 2.0), Some(Rag::Green));
        assert_eq!(judge(80.0, 80.0, Direction::HigherIsBetter, 2.0), Some(Rag::Green));
        assert_eq!(judge(78.5, 80.0, Direction::HigherIsBetter, 2.0), Some(Rag::Amber));
        assert_eq!(judge(77.0, 80.0, Direction::HigherIsBetter, 2.0), Some(Rag::Red));
        assert_eq!(judge(19.0, 20.0, Direction::LowerIsBetter, 1.0), Some(Rag::Green));
        assert_eq!(judge(20.5, 20.0, Direction::LowerIsBetter, 1.0), Some(Rag::Amber));
        assert_eq!(judge(22.0, 20.0, Direction::LowerIsBetter, 1.0), Some(Rag::Red));
        assert_eq!(judge(22.0, 20.0, Direction::Neither, 1.0), None);
    }

    #[test]
    fn relative_targets_become_values() {
        let mut m = Measure {
            direction: Direction::LowerIsBetter,
            baseline: Some(Baseline { period: Period::FinancialYear { year: 2019 }, value: 40.0, note: None }),
            tolerance: Some(1.0),
            comparators: vec![ComparatorSeries {
                comparator: ComparatorId::derived("england"),
                data: vec![DataPoint::new(Period::FinancialYear { year: 2024 }, 30.0)],
            }],
            ..Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear)
        };
        let reduce = Target {
            id: TargetId::derived("a"),
            period: Period::FinancialYear { year: 2025 },
            kind: TargetKind::FromBaseline { change_percent: -25.0 },
            note: None,
        };
        assert_eq!(m.target_value(&reduce), Some(30.0));
        let half_gap = Target {
            id: TargetId::derived("b"),
            period: Period::FinancialYear { year: 2025 },
            kind: TargetKind::CloseGap { comparator: ComparatorId::derived("england"), gap_closed_percent: 50.0 },
            note: None,
        };
        assert_eq!(m.target_value(&half_gap), Some(35.0), "half way from 40 to England's latest 30");
        m.targets = vec![reduce];
        assert_eq!(
            m.rag(&DataPoint::new(Period::FinancialYear { year: 2024 }, 30.5)),
            Some(crate::round::Rag::Amber),
            "judged against the next target"
        );
    }

    #[test]
    fn targets_serialise_with_their_type() -> Result<(), serde_json::Error> {
        let target = Target {
            id: TargetId::derived("t"),
            period: Period::FinancialYear { year: 2025 },
            kind: TargetKind::FromBaseline { change_percent: -25.0 },
            note: None,
        };
        let json = serde_json::to_value(&target)?;
        assert_eq!(json["type"], "from_baseline");
        assert_eq!(json["period"], "2025-26");
        assert_eq!(serde_json::from_value::<Target>(json)?, target);
        Ok(())
    }
}
