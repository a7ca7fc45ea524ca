//! Comparing an area's value with a benchmark (England, the region) the way Fingertips does:
//! if the benchmark lies inside the area's 95% confidence interval the two are similar;
//! otherwise the area is better or worse, by the measure's polarity, or higher or lower when
//! the measure has no better direction. With a 99.8% interval too, a difference significant at
//! 99.8% is the best or worst. Without an interval nothing is compared.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    /// Higher is better.
    High,
    /// Lower is better.
    Low,
    /// Neither.
    None,
}

impl Polarity {
    pub fn parse(text: &str) -> Option<Polarity> {
        match text {
            "high" => Some(Polarity::High),
            "low" => Some(Polarity::Low),
            "none" => Some(Polarity::None),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Best,
    Better,
    Similar,
    Worse,
    Worst,
    Higher,
    Lower,
    NotCompared,
}

impl Label {
    pub fn text(self) -> &'static str {
        match self {
            Label::Best => "Better (99.8%)",
            Label::Better => "Better",
            Label::Similar => "Similar",
            Label::Worse => "Worse",
            Label::Worst => "Worse (99.8%)",
            Label::Higher => "Higher",
            Label::Lower => "Lower",
            Label::NotCompared => "Not compared",
        }
    }
}

/// Which side of the interval the benchmark falls: 1 when the area is significantly higher,
/// -1 when lower, 0 when the benchmark is inside.
fn side(interval: (f64, f64), benchmark: f64) -> i8 {
    let (lower, upper) = interval;
    if lower > benchmark {
        1
    } else if upper < benchmark {
        -1
    } else {
        0
    }
}

/// Compares the area with the benchmark. `ci95` and `ci998` are (lower, upper).
pub fn compare(ci95: Option<(f64, f64)>, ci998: Option<(f64, f64)>, benchmark: f64, polarity: Polarity) -> Label {
    let Some(ci95) = ci95.filter(|(l, u)| l.is_finite() && u.is_finite()) else {
        return Label::NotCompared;
    };
    if !benchmark.is_finite() {
        return Label::NotCompared;
    }
    let at95 = side(ci95, benchmark);
    let at998 = ci998.filter(|(l, u)| l.is_finite() && u.is_finite()).map(|ci| side(ci, benchmark));
    if at95 == 0 {
        return Label::Similar;
    }
    let strong = at998.is_some_and(|s| s == at95);
    match (polarity, at95 > 0) {
        (Polarity::None, true) => Label::Higher,
        (Polarity::None, false) => Label::Lower,
        (Polarity::High, true) | (Polarity::Low, false) => {
            if strong {
                Label::Best
            } else {
                Label::Better
            }
        }
        (Polarity::High, false) | (Polarity::Low, true) => {
            if strong {
                Label::Worst
            } else {
                Label::Worse
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_inside_the_interval_is_similar() {
        assert_eq!(compare(Some((10.0, 14.0)), None, 12.0, Polarity::High), Label::Similar);
        assert_eq!(
            compare(Some((10.0, 14.0)), None, 14.0, Polarity::High),
            Label::Similar,
            "a limit on the benchmark is not significant"
        );
    }

    #[test]
    fn outside_it_is_better_or_worse_by_polarity() {
        assert_eq!(compare(Some((10.0, 14.0)), None, 8.0, Polarity::High), Label::Better);
        assert_eq!(compare(Some((10.0, 14.0)), None, 8.0, Polarity::Low), Label::Worse);
        assert_eq!(compare(Some((10.0, 14.0)), None, 16.0, Polarity::High), Label::Worse);
        assert_eq!(compare(Some((10.0, 14.0)), None, 16.0, Polarity::Low), Label::Better);
        assert_eq!(compare(Some((10.0, 14.0)), None, 16.0, Polarity::None), Label::Lower);
        assert_eq!(compare(Some((10.0, 14.0)), None, 8.0, Polarity::None), Label::Higher);
    }

    #[test]
    fn the_two_level_form_gives_best_and_worst() {
        let (ci95, ci998) = (Some((10.0, 14.0)), Some((9.0, 15.0)));
        assert_eq!(compare(ci95, ci998, 8.0, Polarity::High), Label::Best);
        assert_eq!(compare(ci95, ci998, 9.5, Polarity::High), Label::Better);
        assert_eq!(compare(ci95, ci998, 16.0, Polarity::High), Label::Worst);
        assert_eq!(compare(ci95, ci998, 14.5, Polarity::High), Label::Worse);
        assert_eq!(compare(ci95, ci998, 16.0, Polarity::None), Label::Lower);
    }

    #[test]
    fn without_an_interval_nothing_is_compared() {
        assert_eq!(compare(None, None, 8.0, Polarity::High), Label::NotCompared);
        assert_eq!(compare(Some((f64::NAN, 1.0)), None, 8.0, Polarity::High), Label::NotCompared);
    }
}
