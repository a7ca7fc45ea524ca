//! One way in for every kind of data file, shared by `cypp import data` and the web app's
//! upload: which reader to use, the partnership's area and comparators, and what a file will
//! change in a measure before anything is written.

use cypp_domain::{ComparatorGroup, ComparatorId, ComparatorKind, DataPoint, Measure, Partnership, Period};

use crate::{Area, EesOptions, FingertipsOptions, ImportError, LaitOptions, Progress, Series};

/// The kinds of file a measure's figures are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A DfE Explore Education Statistics tidy CSV.
    Ees,
    /// An OHID Fingertips CSV export.
    Fingertips,
    /// The DfE LAIT long file.
    Lait,
    /// cypp's own CSV template, as downloaded from a measure's page.
    Csv,
    /// cypp's own template as an Excel workbook.
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Xlsx, Format::Csv, Format::Ees, Format::Fingertips, Format::Lait];

    /// The word used on the command line and in forms.
    pub fn word(self) -> &'static str {
        match self {
            Format::Ees => "ees",
            Format::Fingertips => "fingertips",
            Format::Lait => "lait",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn from_word(word: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.word() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Ees => "DfE Explore Education Statistics (tidy CSV)",
            Format::Fingertips => "OHID Fingertips (CSV export)",
            Format::Lait => "DfE LAIT (long CSV file)",
            Format::Csv => "cypp template (CSV)",
            Format::Xlsx => "cypp template (Excel workbook)",
        }
    }
}

/// What a reader needs to know beyond the file; which parts apply depends on the format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileOptions {
    /// EES: the column holding the figure, such as `rate_per_10000`.
    pub indicator: Option<String>,
    /// EES: the column holding the numerator.
    pub numerator: Option<String>,
    /// EES: the column holding the denominator.
    pub denominator: Option<String>,
    /// EES and Fingertips: only rows whose column holds the value.
    pub filters: Vec<(String, String)>,
    /// LAIT: the measure's code in the Short Desc column, such as `Under18concep`.
    pub lait_measure: Option<String>,
    /// The area's DfE three-digit LA number, for files that use it.
    pub la_code: Option<String>,
    /// Take this area's rows (a GSS code) as the partnership's own.
    pub area_code: Option<String>,
}

/// A setting the chosen format cannot do without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needed {
    /// An EES file needs the column that holds the figure.
    Indicator,
    /// A LAIT file needs the measure's code.
    LaitMeasure,
}

/// Why a file gave no figures to write.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    Needs(Needed),
    /// The file is not text (a CSV format was chosen for a workbook, say).
    NotText {
        file: String,
        reason: String,
    },
    /// A fault at a place in the file.
    Fault(ImportError),
    /// The file holds no figures for the partnership's area.
    NoFigures {
        file: String,
        area: String,
        code: String,
    },
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Needs(Needed::Indicator) => write!(f, "an EES file needs the column that holds the figure"),
            FileError::Needs(Needed::LaitMeasure) => write!(f, "a LAIT file needs the measure's code"),
            FileError::NotText { file, reason } => write!(f, "{file} cannot be read as a text (CSV) file: {reason}"),
            FileError::Fault(e) => write!(f, "{e}"),
            FileError::NoFigures { file, area, code } => {
                write!(f, "{file} has no figures for {area} ({code}); check the area's code, or give its LA number")
            }
        }
    }
}

impl std::error::Error for FileError {}

impl From<ImportError> for FileError {
    fn from(e: ImportError) -> Self {
        FileError::Fault(e)
    }
}

/// The partnership's area as the readers need it: its codes, its region and its statistical
/// neighbours, from the partnership's comparator groups.
pub fn area_of(partnership: &Partnership, options: &FileOptions) -> Area {
    let region = partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::Region);
    Area {
        name: partnership.area_name.clone(),
        gss_code: options
            .area_code
            .as_deref()
            .map(|c| c.trim().to_uppercase())
            .unwrap_or_else(|| partnership.gss_code.clone()),
        la_code: options.la_code.clone(),
        region_code: region.and_then(|r| r.area_code.clone()),
        region_name: region.map(|r| r.name.clone()),
        neighbours: partnership
            .comparator_groups
            .iter()
            .filter(|c| c.kind == ComparatorKind::StatisticalNeighbours)
            .flat_map(|c| c.members.clone())
            .collect(),
    }
}

/// Reads a file of the given format for `measure`: the partnership's own figures and, where
/// the file has them, England's, the region's and the statistical neighbours'.
pub fn read_file(
    format: Format,
    name: &str,
    bytes: &[u8],
    options: &FileOptions,
    partnership: &Partnership,
    measure: &Measure,
    progress: Progress<'_>,
) -> Result<Series, FileError> {
    let area = area_of(partnership, options);
    // Read as the encoding it was saved in: UTF-8, UTF-16 with a mark, or Windows-1252 (Excel's
    // "CSV" on Windows), which covers Latin-1.
    let decoded = std::cell::OnceCell::new();
    let text = || -> Result<&str, FileError> {
        decoded
            .get_or_init(|| cypp_input::decode_text(bytes).map(|(text, _)| text))
            .as_deref()
            .map_err(|reason| FileError::NotText { file: name.to_string(), reason: reason.clone() })
    };
    let series = match format {
        Format::Ees => {
            let indicator = options.indicator.clone().ok_or(FileError::Needs(Needed::Indicator))?;
            let ees = EesOptions {
                indicator,
                numerator: options.numerator.clone(),
                denominator: options.denominator.clone(),
                filters: options.filters.clone(),
            };
            crate::read_ees(name, text()?, &ees, &area, measure.period_type, progress)?
        }
        Format::Fingertips => crate::read_fingertips(
            name,
            text()?,
            &FingertipsOptions { filters: options.filters.clone() },
            &area,
            measure.period_type,
            progress,
        )?,
        Format::Lait => {
            let code = options.lait_measure.clone().ok_or(FileError::Needs(Needed::LaitMeasure))?;
            crate::read_lait(name, text()?, &LaitOptions { measure: code }, &area, measure.period_type, progress)?
        }
        Format::Csv => crate::read_template(name, text()?, measure, &area, progress)?,
        Format::Xlsx => {
            cypp_input::check_zip(bytes, cypp_input::ZIP_LIMITS).map_err(|reason| {
                FileError::Fault(ImportError { file: name.to_string(), line: 0, column: None, message: reason })
            })?;
            let series = crate::read_template_xlsx(name, bytes, measure, &area)?;
            progress(bytes.len() as u64);
            series
        }
    };
    if series.own.is_empty() {
        return Err(FileError::NoFigures { file: name.to_string(), area: area.name, code: area.gss_code });
    }
    // A figure with its numerator and denominator but no interval gets one, marked computed,
    // so that it can be compared with England and the region.
    let mut series = series;
    for point in series.own.iter_mut().chain(series.england.iter_mut()).chain(series.region.iter_mut()) {
        point.compute_intervals(measure.unit);
    }
    Ok(series)
}

/// Reads `main` as [`read_file`] does and, where the area's file leaves out the regions (as
/// Fingertips' export of every local authority does), the region's figures from `region`, a
/// second file of the same format (Fingertips' regional export), in the same step. England's
/// and the neighbours' come from `main` where it has them.
#[allow(clippy::too_many_arguments)]
pub fn read_files(
    format: Format,
    main: (&str, &[u8]),
    region: Option<(&str, &[u8])>,
    options: &FileOptions,
    partnership: &Partnership,
    measure: &Measure,
    progress: Progress<'_>,
) -> Result<Series, FileError> {
    let mut series = read_file(format, main.0, main.1, options, partnership, measure, progress)?;
    let Some((name, bytes)) = region else { return Ok(series) };
    let area = area_of(partnership, options);
    let (Some(code), Some(region_name)) = (area.region_code.clone(), area.region_name.clone()) else {
        return Err(FileError::Fault(ImportError {
            file: name.to_string(),
            line: 0,
            column: None,
            message:
                "the partnership has no region among its comparator groups, so the regional file has nothing to give"
                    .into(),
        }));
    };
    // The regional file need not have the area's own figures; its region's are what it is for.
    let theirs = match read_file(format, name, bytes, options, partnership, measure, progress) {
        Ok(theirs) => theirs,
        Err(FileError::NoFigures { .. }) => Series::default(),
        Err(other) => return Err(other),
    };
    if theirs.region.is_empty() {
        return Err(FileError::Fault(ImportError {
            file: name.to_string(),
            line: 0,
            column: None,
            message: format!("it has no figures for the region, {region_name} ({code})"),
        }));
    }
    if series.region.is_empty() {
        series.region = theirs.region;
    }
    if series.england.is_empty() {
        series.england = theirs.england;
    }
    series.rows += theirs.rows;
    Ok(series)
}

/// Figures to write: the partnership's own (no comparator) and each comparator's.
pub type Parts = Vec<(Option<ComparatorId>, Vec<DataPoint>)>;

impl Series {
    /// The series as parts to write into `measure`, each comparator's figures under the
    /// partnership's group of that kind; figures for a kind of comparator the partnership does not
    /// have are left out. A figure the file repeats without saying where it stands (a plain CSV)
    /// keeps the standing held for it, so re-reading the same figure loses nothing; a changed
    /// figure drops it, since its rank among the others was the old figure's.
    pub fn parts(&self, measure: &Measure, groups: &[ComparatorGroup]) -> Parts {
        let group = |kind: ComparatorKind| groups.iter().find(|c| c.kind == kind).map(|c| c.id);
        let own = self
            .own
            .iter()
            .map(|point| match measure.data.iter().find(|h| h.period == point.period) {
                Some(held) if point.standing.is_none() && DataPoint { standing: None, ..held.clone() } == *point => {
                    held.clone()
                }
                _ => point.clone(),
            })
            .collect();
        let mut parts: Parts = vec![(None, own)];
        for (kind, points) in [
            (ComparatorKind::England, &self.england),
            (ComparatorKind::Region, &self.region),
            (ComparatorKind::StatisticalNeighbours, &self.neighbours),
        ] {
            if let (Some(id), false) = (group(kind), points.is_empty()) {
                parts.push((Some(id), points.clone()));
            }
        }
        parts
    }
}

/// What one part of an import will do to the figures a measure holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The partnership's area or the comparator's name.
    pub name: String,
    pub figures: usize,
    pub first: Option<Period>,
    pub last: Option<Period>,
    /// Figures for periods the measure has none for.
    pub added: usize,
    /// Figures that will replace a different figure already held.
    pub replaced: usize,
    /// Figures the same as the one already held.
    pub unchanged: usize,
}

/// What writing `parts` would change in `measure`, part by part, before anything is written.
pub fn changes(measure: &Measure, parts: &Parts, partnership: &Partnership) -> Vec<Change> {
    parts
        .iter()
        .map(|(comparator, points)| {
            let (name, held) = match comparator {
                None => (partnership.area_name.clone(), measure.data.as_slice()),
                Some(id) => (
                    partnership
                        .comparator_groups
                        .iter()
                        .find(|g| g.id == *id)
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| "A comparator".into()),
                    measure.comparators.iter().find(|s| s.comparator == *id).map(|s| s.data.as_slice()).unwrap_or(&[]),
                ),
            };
            let mut change = Change {
                name,
                figures: points.len(),
                first: points.iter().map(|p| p.period).min(),
                last: points.iter().map(|p| p.period).max(),
                added: 0,
                replaced: 0,
                unchanged: 0,
            };
            for point in points {
                match held.iter().find(|h| h.period == point.period) {
                    None => change.added += 1,
                    Some(h) if h == point => change.unchanged += 1,
                    Some(_) => change.replaced += 1,
                }
            }
            change
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{MeasureId, PartnershipId, PeriodType, Unit};

    fn partnership() -> Partnership {
        let group = |kind, name: &str, code: Option<&str>, members: &[&str]| ComparatorGroup {
            id: ComparatorId::derived(name),
            kind,
            name: name.into(),
            area_code: code.map(String::from),
            members: members.iter().map(|m| m.to_string()).collect(),
        };
        Partnership {
            comparator_groups: vec![
                group(ComparatorKind::England, "England", Some("E92000001"), &[]),
                group(ComparatorKind::Region, "North West", Some("E12000002"), &[]),
                group(ComparatorKind::StatisticalNeighbours, "Neighbours", None, &["E08000001", "E08000002"]),
            ],
            id: PartnershipId::derived("p"),
            slug: "p".into(),
            name: "Test Partnership".into(),
            area_name: "Testshire".into(),
            gss_code: "E08000005".into(),
            description: None,
            organisations: vec![],
            boards: vec![],
            jargon: vec![],
        }
    }

    fn year(year: i32, value: f64) -> DataPoint {
        DataPoint::new(Period::FinancialYear { year }, value)
    }

    #[test]
    fn the_area_comes_from_the_partnership_unless_the_options_name_another() {
        let p = partnership();
        let area = area_of(&p, &FileOptions::default());
        assert_eq!((area.gss_code.as_str(), area.region_code.as_deref()), ("E08000005", Some("E12000002")));
        assert_eq!(area.neighbours, vec!["E08000001", "E08000002"]);
        let other = area_of(&p, &FileOptions { area_code: Some(" e08000009 ".into()), ..FileOptions::default() });
        assert_eq!(other.gss_code, "E08000009");
    }

    #[test]
    fn a_preview_counts_new_replaced_and_unchanged_figures_per_part() {
        let p = partnership();
        let england = p.comparator_groups[0].id;
        let mut m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
        m.data = vec![year(2020, 10.0), year(2021, 11.0)];
        let series = Series {
            own: vec![year(2020, 10.0), year(2021, 12.0), year(2022, 13.0)],
            england: vec![year(2022, 20.0)],
            ..Series::default()
        };
        let parts = series.parts(&m, &p.comparator_groups);
        assert_eq!(parts.len(), 2, "no region or neighbours figures, so no parts for them");
        let changes = changes(&m, &parts, &p);
        assert_eq!(
            changes.iter().map(|c| (c.name.as_str(), c.added, c.replaced, c.unchanged)).collect::<Vec<_>>(),
            vec![("Testshire", 1, 1, 1), ("England", 1, 0, 0)]
        );
        assert_eq!(parts[1].0, Some(england));
        assert_eq!(changes[0].first, Some(Period::FinancialYear { year: 2020 }));
    }

    #[test]
    fn a_figure_read_again_from_a_plain_file_keeps_its_standing_and_a_changed_one_loses_it() {
        let p = partnership();
        let standing = |value| cypp_domain::Standing {
            england: Some(cypp_domain::Ranking::among(value, &[value, 5.0, 20.0, 30.0], true)),
            neighbours: None,
        };
        let mut m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
        m.data = vec![
            DataPoint { standing: Some(standing(10.0)), ..year(2020, 10.0) },
            DataPoint { standing: Some(standing(11.0)), ..year(2021, 11.0) },
        ];
        let series = Series { own: vec![year(2020, 10.0), year(2021, 12.0)], ..Series::default() };
        let parts = series.parts(&m, &p.comparator_groups);
        assert_eq!(parts[0].1[0].standing, Some(standing(10.0)), "the same figure keeps where it stands");
        assert_eq!(parts[0].1[1].standing, None, "a different figure's place is not known");
        let changes = changes(&m, &parts, &p);
        assert_eq!((changes[0].replaced, changes[0].unchanged), (1, 1));
    }

    #[test]
    fn a_format_that_needs_a_setting_says_which() {
        let p = partnership();
        let m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
        let read = |format| read_file(format, "f.csv", b"a,b\n", &FileOptions::default(), &p, &m, &crate::quiet);
        assert_eq!(read(Format::Ees).err(), Some(FileError::Needs(Needed::Indicator)));
        assert_eq!(read(Format::Lait).err(), Some(FileError::Needs(Needed::LaitMeasure)));
        let binary =
            read_file(Format::Csv, "f.xlsx", b"PK\x03\x04\0\0", &FileOptions::default(), &p, &m, &crate::quiet);
        let message = binary.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("f.xlsx cannot be read as a text (CSV) file: it is not a text file"), "{message}");
        let empty = read_file(Format::Csv, "f.csv", b"period,value\n", &FileOptions::default(), &p, &m, &crate::quiet);
        assert!(matches!(empty, Err(FileError::NoFigures { .. })), "{empty:?}");
        for format in Format::ALL {
            assert_eq!(Format::from_word(format.word()), Some(format));
        }
    }

    #[test]
    fn progress_is_told_the_bytes_read_up_to_the_whole_file() {
        use std::cell::RefCell;
        let p = partnership();
        let m = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
        let mut text = String::from("\u{feff}period,value\n");
        for y in 1900..2100 {
            for _ in 0..50 {
                text.push_str(&format!("{y}-{:02},50\n", (y + 1) % 100));
            }
        }
        let seen = RefCell::new(Vec::new());
        let report = |bytes: u64| seen.borrow_mut().push(bytes);
        // The file repeats each year, so the template refuses it; progress was still told.
        let _ = read_file(Format::Csv, "big.csv", text.as_bytes(), &FileOptions::default(), &p, &m, &report);
        let seen = seen.into_inner();
        assert!(seen.len() >= 2, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "never goes back: {seen:?}");
        assert!(seen.iter().all(|b| *b <= text.len() as u64));
    }
}
