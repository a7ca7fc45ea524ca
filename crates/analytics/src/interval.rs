//! Confidence intervals as PHEindicatormethods computes them:
//! - proportions: the Wilson score interval;
//! - counts: Byar's approximation, or the exact Poisson interval;
//! - rates: exact Poisson below 10 events and Byar's method from 10, divided by the
//!   denominator and times a multiplier (100,000 unless set).

use serde::Serialize;

use crate::special::chi_squared_quantile;

/// The confidence levels public-health profiles use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    P95,
    P998,
}

impl Confidence {
    /// qnorm(level + (1 - level) / 2).
    pub fn z(self) -> f64 {
        match self {
            Confidence::P95 => 1.959_963_984_540_054,
            Confidence::P998 => 3.090_232_306_167_813,
        }
    }

    pub fn level(self) -> f64 {
        match self {
            Confidence::P95 => 0.95,
            Confidence::P998 => 0.998,
        }
    }

    /// "95" or "99.8".
    pub fn parse(text: &str) -> Option<Confidence> {
        match text.trim().trim_end_matches('%') {
            "95" | "0.95" => Some(Confidence::P95),
            "99.8" | "0.998" => Some(Confidence::P998),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Wilson,
    Byar,
    Exact,
}

/// A value and its interval; `lower` is none where the method gives none (Byar's lower limit
/// of zero events).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub value: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub method: Method,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntervalError(pub String);

impl std::fmt::Display for IntervalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for IntervalError {}

fn check(count: f64, denominator: f64) -> Result<(), IntervalError> {
    if !count.is_finite() || count < 0.0 {
        return Err(IntervalError(format!("the count must be 0 or more, not {count}")));
    }
    if !denominator.is_finite() || denominator <= 0.0 {
        return Err(IntervalError(format!("the denominator must be more than 0, not {denominator}")));
    }
    Ok(())
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The Wilson score interval of `count` out of `denominator`, times `multiplier`.
pub fn wilson(
    count: f64,
    denominator: f64,
    multiplier: f64,
    confidence: Confidence,
) -> Result<Interval, IntervalError> {
    check(count, denominator)?;
    if count > denominator {
        return Err(IntervalError(format!("the count {count} is more than the denominator {denominator}")));
    }
    let z = confidence.z();
    let spread = z * (z * z + 4.0 * count * (1.0 - count / denominator)).sqrt();
    let scale = 2.0 * (denominator + z * z);
    Ok(Interval {
        value: count / denominator * multiplier,
        lower: finite((2.0 * count + z * z - spread) / scale * multiplier),
        upper: finite((2.0 * count + z * z + spread) / scale * multiplier),
        method: Method::Wilson,
    })
}

/// Byar's lower and upper limits for an observed count (PHEindicatormethods' `byars_lower` and
/// `byars_upper`). The lower limit of 0 events is not defined; where the approximation gives
/// a lower limit below zero (one event at 99.8%), there is none either, as in
/// PHEindicatormethods, rather than a negative count.
pub fn byars(count: f64, confidence: Confidence) -> (Option<f64>, f64) {
    let z = confidence.z();
    let lower = count * (1.0 - 1.0 / (9.0 * count) - z / (3.0 * count.sqrt())).powi(3);
    let next = count + 1.0;
    let upper = next * (1.0 - 1.0 / (9.0 * next) + z / (3.0 * next.sqrt())).powi(3);
    (finite(lower).filter(|l| *l >= 0.0), upper)
}

/// The exact Poisson limits for an observed count: chi-squared quantiles halved.
pub fn exact_poisson(count: f64, confidence: Confidence) -> (f64, f64) {
    let alpha = 1.0 - confidence.level();
    let lower = if count > 0.0 { chi_squared_quantile(alpha / 2.0, 2.0 * count) / 2.0 } else { 0.0 };
    let upper = chi_squared_quantile(confidence.level() + alpha / 2.0, 2.0 * count + 2.0) / 2.0;
    (lower, upper)
}

/// Byar's interval at every count, divided by the denominator, times the multiplier.
pub fn byar(count: f64, denominator: f64, multiplier: f64, confidence: Confidence) -> Result<Interval, IntervalError> {
    check(count, denominator)?;
    let (lower, upper) = byars(count, confidence);
    Ok(Interval {
        value: count / denominator * multiplier,
        lower: lower.map(|l| l / denominator * multiplier),
        upper: Some(upper / denominator * multiplier),
        method: Method::Byar,
    })
}

/// A rate with its interval, as PHEindicatormethods' `phe_rate`: exact Poisson below 10 events,
/// Byar's from 10.
pub fn rate(count: f64, denominator: f64, multiplier: f64, confidence: Confidence) -> Result<Interval, IntervalError> {
    check(count, denominator)?;
    if count < 10.0 {
        let (lower, upper) = exact_poisson(count, confidence);
        Ok(Interval {
            value: count / denominator * multiplier,
            lower: Some(lower / denominator * multiplier),
            upper: Some(upper / denominator * multiplier),
            method: Method::Exact,
        })
    } else {
        byar(count, denominator, multiplier, confidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
    }

    // Expected values computed independently with scipy (norm.ppf, chi2.ppf) from the
    // formulas PHEindicatormethods documents; the counts are those of its own examples
    // (byars_lower(65), byars_lower(65, 99.8), wilson_lower(65, 100)).

    #[test]
    fn byars_limits_match_the_reference() {
        let (l, u) = byars(65.0, Confidence::P95);
        assert!(close(l, 50.163_187_710_459_43) && close(Some(u), 82.849_138_545_939_84));
        let (l, u) = byars(65.0, Confidence::P998);
        assert!(close(l, 42.880_261_471_480_2) && close(Some(u), 94.000_290_844_318));
        let (l, u) = byars(1045.0, Confidence::P95);
        assert!(close(l, 982.593_201_807_332_5) && close(Some(u), 1_110.331_212_985_65));
        let (l, u) = byars(10.0, Confidence::P998);
        assert!(close(l, 2.916_318_374_695_686) && close(Some(u), 24.193_724_927_880_55));
        assert_eq!(byars(0.0, Confidence::P95).0, None, "no lower limit for no events");
        // One event at 99.8%: the approximation's lower limit is below zero, so there is none.
        assert_eq!(byars(1.0, Confidence::P998).0, None, "no negative lower limit");
        assert!(byars(1.0, Confidence::P95).0.is_some_and(|l| l > 0.0), "at 95% one event has a lower limit");
    }

    #[test]
    fn exact_poisson_limits_match_the_reference() {
        for (count, lower, upper) in [
            (0.0, 0.0, 3.688_879_454_113_935_4),
            (1.0, 0.025_317_807_984_289_876, 5.571_643_390_938_898),
            (2.0, 0.242_209_278_543_964_96, 7.224_687_667_723_96),
            (5.0, 1.623_486_390_118_420_7, 11.668_332_079_322_67),
            (9.0, 4.115_373_097_378_334, 17.084_803_451_419_166),
        ] {
            let (l, u) = exact_poisson(count, Confidence::P95);
            assert!(close(Some(l), lower) && close(Some(u), upper), "{count}: {l} {u}");
        }
        let (l, u) = exact_poisson(5.0, Confidence::P998);
        assert!(close(Some(l), 0.739_371_731_917_832_3) && close(Some(u), 16.454_745_203_680_105));
    }

    #[test]
    fn wilson_intervals_match_the_reference() {
        let i = wilson(65.0, 100.0, 1.0, Confidence::P95).unwrap_or_else(|e| panic!("{e}"));
        assert!(close(i.lower, 0.552_544_432_968_879_7) && close(i.upper, 0.736_357_517_569_024_7));
        let i = wilson(65.0, 100.0, 100.0, Confidence::P998).unwrap_or_else(|e| panic!("{e}"));
        assert!(close(i.lower, 49.549_465_740_704_47) && close(i.upper, 77.835_406_140_896_85));
        let i = wilson(0.0, 10.0, 1.0, Confidence::P95).unwrap_or_else(|e| panic!("{e}"));
        assert!(close(i.lower, 0.0) && close(i.upper, 0.277_532_799_862_889_2));
        assert!(wilson(11.0, 10.0, 1.0, Confidence::P95).is_err());
    }

    #[test]
    fn rates_switch_from_exact_to_byar_at_ten_events() {
        let small = rate(9.0, 10_000.0, 100_000.0, Confidence::P95).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(small.method, Method::Exact);
        assert!(close(small.lower, 4.115_373_097_378_334 / 10_000.0 * 100_000.0));
        let big = rate(10.0, 10_000.0, 100_000.0, Confidence::P95).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(big.method, Method::Byar);
        assert!(close(big.lower, 4.787_449_913_967_563 * 10.0));
        assert!(close(Some(big.value), 100.0));
        assert!(rate(-1.0, 10.0, 1.0, Confidence::P95).is_err());
        assert!(rate(1.0, 0.0, 1.0, Confidence::P95).is_err());
    }
}
