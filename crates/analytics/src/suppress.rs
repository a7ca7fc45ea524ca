//! Small-number suppression for public outputs, the way official children's statistics do
//! it: counts from 1 to the threshold (5 unless a measure sets its own) are shown as `c`;
//! rates and percentages built on a suppressed count are suppressed too; zero is never
//! suppressed, as it identifies nobody; and in a row with a total, a second cell is suppressed
//! whenever one alone would be, so that the hidden value cannot be found by subtraction.

/// The default largest count that is suppressed.
pub const DEFAULT_THRESHOLD: u32 = 5;

/// Whether a count must be suppressed.
pub fn is_small(count: f64, threshold: u32) -> bool {
    count > 0.0 && count <= f64::from(threshold)
}

/// A cell of a public table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    Shown(f64),
    Suppressed,
}

/// A row of counts with its total, after primary and secondary suppression.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub total: Cell,
}

/// Suppresses a row of counts that add up to `total`. Small counts are suppressed; if that
/// leaves exactly one suppressed cell, the smallest other non-zero cell is suppressed too; if
/// there is none, the total is.
pub fn row(counts: &[f64], threshold: u32) -> Row {
    let total: f64 = counts.iter().sum();
    let mut hidden: Vec<bool> = counts.iter().map(|c| is_small(*c, threshold)).collect();
    let mut total_hidden = is_small(total, threshold);
    if hidden.iter().filter(|h| **h).count() == 1 && !total_hidden {
        let partner = counts
            .iter()
            .enumerate()
            .filter(|(i, c)| !hidden[*i] && **c > 0.0)
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i);
        match partner {
            Some(i) => hidden[i] = true,
            None => total_hidden = true,
        }
    }
    Row {
        cells: counts.iter().zip(&hidden).map(|(c, h)| if *h { Cell::Suppressed } else { Cell::Shown(*c) }).collect(),
        total: if total_hidden { Cell::Suppressed } else { Cell::Shown(total) },
    }
}

/// A rate or percentage is suppressed when the count it is built on is.
pub fn rate(value: f64, numerator: f64, threshold: u32) -> Cell {
    if is_small(numerator, threshold) { Cell::Suppressed } else { Cell::Shown(value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_the_threshold_are_suppressed_and_zero_never() {
        assert!(!is_small(0.0, 5));
        assert!(is_small(1.0, 5) && is_small(5.0, 5));
        assert!(!is_small(6.0, 5));
        assert!(is_small(9.0, 10));
    }

    #[test]
    fn one_suppressed_cell_brings_a_second_so_it_cannot_be_recovered() {
        let r = row(&[120.0, 3.0, 40.0, 0.0], 5);
        assert_eq!(r.cells, [Cell::Shown(120.0), Cell::Suppressed, Cell::Suppressed, Cell::Shown(0.0)]);
        assert_eq!(r.total, Cell::Shown(163.0));
        let two = row(&[120.0, 3.0, 4.0], 5);
        assert_eq!(
            two.cells,
            [Cell::Shown(120.0), Cell::Suppressed, Cell::Suppressed],
            "two small cells protect each other"
        );
        let alone = row(&[3.0, 0.0], 5);
        assert_eq!(alone.total, Cell::Suppressed, "with no other cell to hide, the total is hidden");
    }

    #[test]
    fn rates_on_small_counts_are_suppressed() {
        assert_eq!(rate(12.5, 4.0, 5), Cell::Suppressed);
        assert_eq!(rate(12.5, 40.0, 5), Cell::Shown(12.5));
        assert_eq!(rate(0.0, 0.0, 5), Cell::Shown(0.0));
    }
}
