//! Where one area stands among others for one period, the way the DfE's Local Authority
//! Interactive Tool (LAIT) shows it: a rank in which 1 is the best (ties share the better
//! rank, as R's `rank(ties.method = "min")`), and a quartile band from A, the best quarter, to
//! D, the worst, cut at the quartiles of every area's figure (R's default `quantile`, type 7).
//! Which way is better decides both; a measure with no better direction has neither.

use crate::compare::Polarity;

/// The `p`-th quantile (0 to 1) of `sorted` (ascending, no NaN), by linear interpolation
/// between the closest ranks: R's type 7, its default. `None` for no values.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let below = h.floor() as usize;
    let above = (below + 1).min(last);
    Some(sorted[below] + (h - below as f64) * (sorted[above] - sorted[below]))
}

/// The lower quartile, the median and the upper quartile of `values` (NaN left out).
pub fn quartiles(values: &[f64]) -> Option<[f64; 3]> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    Some([quantile(&sorted, 0.25)?, quantile(&sorted, 0.5)?, quantile(&sorted, 0.75)?])
}

/// A quartile band, A the best quarter of areas and D the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    A,
    B,
    C,
    D,
}

impl Band {
    pub fn letter(self) -> &'static str {
        match self {
            Band::A => "A",
            Band::B => "B",
            Band::C => "C",
            Band::D => "D",
        }
    }

    /// What the band means, for a reader who has not met LAIT's letters.
    pub fn meaning(self) -> &'static str {
        match self {
            Band::A => "the best quarter of areas",
            Band::B => "the second quarter",
            Band::C => "the third quarter",
            Band::D => "the worst quarter of areas",
        }
    }
}

/// The band `value` falls in, given the quartiles of every area's figure: with lower better,
/// up to the lower quartile is A; with higher better, above the upper quartile is A. A figure
/// on a cut point takes the band below it in value, as LAIT does.
pub fn band(value: f64, quartiles: [f64; 3], polarity: Polarity) -> Option<Band> {
    if value.is_nan() || quartiles.iter().any(|q| q.is_nan()) {
        return None;
    }
    let [q1, q2, q3] = quartiles;
    // 0 for the lowest quarter of values, 3 for the highest.
    let quarter = if value <= q1 {
        0
    } else if value <= q2 {
        1
    } else if value <= q3 {
        2
    } else {
        3
    };
    let bands = [Band::A, Band::B, Band::C, Band::D];
    match polarity {
        Polarity::Low => Some(bands[quarter]),
        Polarity::High => Some(bands[3 - quarter]),
        Polarity::None => None,
    }
}

/// The rank of an area with `higher` areas above it and `lower` below: 1 is the best, and
/// areas with the same figure share the better rank.
pub fn rank(higher: u32, lower: u32, polarity: Polarity) -> Option<u32> {
    match polarity {
        Polarity::High => Some(higher + 1),
        Polarity::Low => Some(lower + 1),
        Polarity::None => None,
    }
}

/// How many of `all` (the area's own figure among them) are above `value`, and how many below.
pub fn above_and_below(value: f64, all: &[f64]) -> (u32, u32) {
    let count = |keep: &dyn Fn(f64) -> bool| all.iter().filter(|v| keep(**v)).count() as u32;
    (count(&|v| v > value), count(&|v| v < value))
}

/// "1st", "2nd", "3rd", "11th", "22nd", "153rd".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_r_s_type_7() {
        // quantile(c(1, 2, 3, 4, 10)) in R: 1, 2, 3, 4, 10.
        assert_eq!(quartiles(&[10.0, 1.0, 3.0, 2.0, 4.0]), Some([2.0, 3.0, 4.0]));
        // quantile(c(1, 2, 3, 4)): 1.75, 2.5, 3.25.
        assert_eq!(quartiles(&[4.0, 3.0, 2.0, 1.0]), Some([1.75, 2.5, 3.25]));
        // quantile(c(13.1, 19.8, 16.4, 9.5, 11)): 11, 13.1, 16.4.
        assert_eq!(quartiles(&[13.1, 19.8, 16.4, 9.5, 11.0]), Some([11.0, 13.1, 16.4]));
        assert_eq!(quartiles(&[7.0]), Some([7.0, 7.0, 7.0]));
        assert_eq!(quartiles(&[]), None);
        assert_eq!(quartiles(&[f64::NAN]), None);
    }

    #[test]
    fn the_band_follows_which_way_is_better_and_the_cut_points_go_below() {
        let q = [2.0, 3.0, 4.0];
        // LAIT's own example: values 5, 10, 15 with quartiles 10, 20, 30.
        let lait = [10.0, 20.0, 30.0];
        assert_eq!(band(5.0, lait, Polarity::Low), Some(Band::A));
        assert_eq!(band(10.0, lait, Polarity::Low), Some(Band::A), "on the cut point: the band below");
        assert_eq!(band(15.0, lait, Polarity::Low), Some(Band::B));
        assert_eq!(band(5.0, lait, Polarity::High), Some(Band::D));
        assert_eq!(band(15.0, lait, Polarity::High), Some(Band::C));
        assert_eq!(band(10.0, q, Polarity::High), Some(Band::A));
        assert_eq!(band(3.5, q, Polarity::High), Some(Band::B));
        assert_eq!(band(3.0, q, Polarity::None), None, "no better direction, no band");
    }

    #[test]
    fn ranks_count_from_the_best_and_ties_share_the_better_rank() {
        let all = [5.0, 7.0, 7.0, 9.0, 3.0];
        let (higher, lower) = above_and_below(7.0, &all);
        assert_eq!((higher, lower), (1, 2));
        assert_eq!(rank(higher, lower, Polarity::High), Some(2), "only 9 is higher");
        assert_eq!(rank(higher, lower, Polarity::Low), Some(3), "3 and 5 are lower; the other 7 ties");
        assert_eq!(rank(higher, lower, Polarity::None), None);
    }

    #[test]
    fn ordinals_are_written_the_english_way() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111, 153].into_iter().map(ordinal).collect();
        assert_eq!(
            words,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd", "111th", "153rd"]
        );
    }
}
