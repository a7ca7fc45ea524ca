//! Official data files in, a measure's series out: the DfE Explore Education Statistics tidy
//! CSV, the OHID Fingertips CSV export and the DfE LAIT long file. No database: the store
//! writes what these readers return, in one transaction.
//!
//! Every reader keeps the official symbols (`c x z low k u`, and the legacy `:` and `~`) as
//! symbols, never zero; names a bad cell by file, line and column; and picks, from a file of
//! every area, the partnership's own rows and those of its comparators (England, its region,
//! the mean of its statistical neighbours), and where the own figure stands among every local
//! authority's and among the neighbours' (a rank and LAIT's quartile band).

pub mod areas;
mod ees;
mod fingertips;
mod lait;
mod source;
mod table;
mod template;

use std::collections::BTreeMap;
use std::fmt;

use cypp_domain::{DataPoint, Period, Ranking, Reading, Standing};

pub use ees::{EesOptions, read_ees};
pub use fingertips::{FingertipsOptions, read_fingertips};
pub use lait::{LaitOptions, read_lait};
pub use source::{Change, FileError, FileOptions, Format, Needed, Parts, area_of, changes, read_file, read_files};
pub use table::parse_value;
pub use template::{read_template, read_template_xlsx, write_template, write_template_xlsx};

/// Told, now and then while a file is read, how many of its bytes have been read: for a
/// progress bar on large files.
pub type Progress<'a> = &'a dyn Fn(u64);

/// Reports progress to nobody.
pub fn quiet(_bytes: u64) {}

/// England's GSS code.
pub const ENGLAND: &str = "E92000001";

/// A fault in a file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: u64,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0 is the file as a whole (it is not a workbook, it has no sheets).
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (line, Some(column)) => write!(f, "{}, line {line}, column {column}: {}", self.file, self.message),
            (line, None) => write!(f, "{}, line {line}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// The partnership's area, to pick rows from files that hold every area.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Area {
    pub name: String,
    pub gss_code: String,
    /// The DfE three-digit local authority number, such as 354 for Rochdale.
    pub la_code: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    /// The statistical neighbours' GSS codes.
    pub neighbours: Vec<String>,
}

/// What a file holds for one measure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub own: Vec<DataPoint>,
    pub england: Vec<DataPoint>,
    pub region: Vec<DataPoint>,
    /// The mean of the statistical neighbours' figures, period by period.
    pub neighbours: Vec<DataPoint>,
    /// How many data rows the file had.
    pub rows: usize,
}

/// Figures being gathered for one series, keyed by period, refusing a second figure for a
/// period (a sign that a filter is missing).
#[derive(Default)]
struct Collector {
    points: BTreeMap<Period, DataPoint>,
}

impl Collector {
    fn add(&mut self, point: DataPoint, at: (&str, u64), what: &str) -> Result<(), ImportError> {
        let period = point.period;
        // The same figure twice (Fingertips repeats England for each type of area) is fine.
        if self.points.get(&period).is_some_and(|existing| *existing == point) {
            return Ok(());
        }
        if self.points.insert(period, point).is_some() {
            return Err(ImportError {
                file: at.0.to_string(),
                line: at.1,
                column: None,
                message: format!(
                    "a second row for {what} in {}: the file holds more than one breakdown, so choose one with a filter",
                    period.label()
                ),
            });
        }
        Ok(())
    }

    fn into_points(self) -> Vec<DataPoint> {
        self.points.into_values().collect()
    }
}

/// The mean of several areas' figures for each period; periods with no number are left out.
fn mean_by_period(rows: Vec<DataPoint>) -> Vec<DataPoint> {
    let mut sums: BTreeMap<Period, (f64, usize)> = BTreeMap::new();
    for point in rows {
        if let Reading::Number(v) = point.value {
            let entry = sums.entry(point.period).or_insert((0.0, 0));
            entry.0 += v;
            entry.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(period, (sum, n))| {
            let mut point = DataPoint::new(period, sum / n as f64);
            point.note = Some(format!("Mean of {n} statistical neighbours"));
            point
        })
        .collect()
}

/// Fewer local authorities than this with a row for a period and a file does not hold every
/// area (England has 153 upper-tier authorities), so no rank in England is given from it.
pub const EVERY_AREA: usize = 100;

/// Every local authority's figure for each period, gathered while a file is read, to place the
/// partnership's own figure among them. Areas are grouped by tier (Fingertips files hold
/// counties and districts side by side), and an area's first row for a period counts.
#[derive(Default)]
struct Field {
    /// (tier, period) to each area's reading, a symbol where the file had no number.
    all: BTreeMap<(String, Period), BTreeMap<String, Option<f64>>>,
    /// Each statistical neighbour's number for each period.
    neighbours: BTreeMap<Period, BTreeMap<String, f64>>,
}

impl Field {
    fn add(&mut self, tier: &str, area: &str, point: &DataPoint) {
        let areas = self.all.entry((tier.to_string(), point.period)).or_default();
        areas.entry(area.to_string()).or_insert(point.value.number());
    }

    fn add_neighbour(&mut self, area: &str, point: &DataPoint) {
        if let Some(value) = point.value.number() {
            self.neighbours.entry(point.period).or_default().entry(area.to_string()).or_insert(value);
        }
    }

    /// The neighbours' figures as one mean for each period.
    fn neighbour_mean(&self) -> Vec<DataPoint> {
        let points =
            self.neighbours.iter().flat_map(|(period, areas)| areas.values().map(|v| DataPoint::new(*period, *v)));
        mean_by_period(points.collect())
    }

    /// Gives each of the own figures (the area `own_key`'s) its standing: among every
    /// authority of `tier` where the file holds every area for the period, and among the area
    /// and its neighbours where any of them has a figure.
    fn place(&self, own: &mut [DataPoint], tier: &str, own_key: &str) {
        for point in own {
            let Some(value) = point.value.number() else { continue };
            let others = self.all.get(&(tier.to_string(), point.period)).map(|areas| {
                areas.iter().filter(|(key, _)| key.as_str() != own_key).map(|(_, v)| *v).collect::<Vec<_>>()
            });
            let england = others.filter(|others| others.len() + 1 >= EVERY_AREA).map(|others| {
                let mut numbers: Vec<f64> = others.into_iter().flatten().collect();
                numbers.push(value);
                Ranking::among(value, &numbers, true)
            });
            let neighbours = self.neighbours.get(&point.period).filter(|n| !n.is_empty()).map(|areas| {
                let mut numbers: Vec<f64> = areas.values().copied().collect();
                numbers.push(value);
                Ranking::among(value, &numbers, false)
            });
            point.standing = (england.is_some() || neighbours.is_some()).then_some(Standing { england, neighbours });
        }
    }
}
