//! The OHID Fingertips CSV export: one row per area, period and breakdown; the headers
//! written with spaces ("Area Code") or without ("AreaCode"); the value with its 95% (and
//! 99.8%) confidence limits, the count and the denominator, and a value note. The published
//! interval is kept: Fingertips rounds counts, so it cannot be recomputed.

use cypp_domain::{ConfidenceInterval, DataPoint, Period, PeriodType, Reading, Symbol};

use crate::table::{cell, fault, open, parse_number, parse_value, passes};
use crate::{Area, Collector, Field, ImportError, Progress, Series};

/// Which rows to take: Fingertips files hold breakdowns (by deprivation decile, sex, age)
/// beside the main figures. Without a filter on `Sex`, the rows for Persons are taken.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FingertipsOptions {
    /// Only rows whose column has this value, such as `("Sex", "Persons")`.
    pub filters: Vec<(String, String)>,
}

pub fn read_fingertips(
    file: &str,
    text: &str,
    options: &FingertipsOptions,
    area: &Area,
    period_type: PeriodType,
    progress: Progress<'_>,
) -> Result<Series, ImportError> {
    let (header, body) = open(file, text)?;
    let code = header.require(file, "Area Code")?;
    let time = header.require(file, "Time period")?;
    let value = header.require(file, "Value")?;
    let lower = header.find("Lower CI 95.0 limit");
    let upper = header.find("Upper CI 95.0 limit");
    let lower_998 = header.find("Lower CI 99.8 limit");
    let upper_998 = header.find("Upper CI 99.8 limit");
    let count = header.find("Count");
    let denominator = header.find("Denominator");
    let note = header.find("Value note");
    let category = header.find("Category Type");
    let area_type = header.find("Area Type");
    let mut filters = header.filters(file, &options.filters)?;
    // The main figures are for both sexes together, unless a filter says otherwise.
    if let Some(sex) = header.find("Sex").filter(|s| !filters.iter().any(|(c, _)| c == s)) {
        filters.push((sex, "Persons"));
    }

    let (mut own, mut england, mut regional) = (Collector::default(), Collector::default(), Collector::default());
    let mut field = Field::default();
    // The tier of the area's own rows ("Counties & UAs (from Apr 2023)"), to rank it among its kind.
    let mut own_tier = None;
    let fault = |line: u64, column: usize, message: String| fault(file, line, column, message);
    // Every column is checked above, before the rest of the file is read.
    let rows = body.rows(file, progress)?;
    for (line, record) in &rows {
        // The main figures have no category; breakdowns have one.
        if category.is_some_and(|c| !cell(record, c).is_empty()) || !passes(record, &filters) {
            continue;
        }
        let area_code = cell(record, code);
        let tier = area_type.map(|c| cell(record, c)).unwrap_or("");
        // A local authority: an English county, unitary, metropolitan, London or district code.
        let local = ["E06", "E07", "E08", "E09", "E10"].iter().any(|p| area_code.starts_with(p));
        let target = if area_code == crate::ENGLAND {
            "England"
        } else if Some(area_code) == area.region_code.as_deref() {
            "region"
        } else if area_code == area.gss_code {
            "own"
        } else if area.neighbours.iter().any(|n| n == area_code) {
            "neighbour"
        } else if local {
            "other"
        } else {
            continue;
        };
        let period = Period::parse_loose(cell(record, time), Some(period_type))
            .map_err(|e| fault(*line, time, e.to_string()))?;
        let noted = note.map(|c| cell(record, c)).filter(|n| !n.is_empty());
        // An empty value is no figure; with a note ("Value for Cornwall & Isles of Scilly
        // combined") it is kept as not available, so the note is not lost.
        let reading = match parse_value(cell(record, value)).map_err(|m| fault(*line, value, m))? {
            Some(reading) => reading,
            None if noted.is_some() => Reading::Symbol(Symbol::NotAvailable),
            None => continue,
        };
        let mut point = DataPoint { value: reading, ..DataPoint::new(period.period, 0.0) };
        point.provisional = period.provisional;
        let number = |c: Option<usize>| -> Result<Option<f64>, ImportError> {
            match c {
                Some(c) => parse_number(cell(record, c)).map_err(|m| fault(*line, c, m)),
                None => Ok(None),
            }
        };
        if let (Some(l), Some(u)) = (number(lower)?, number(upper)?) {
            point.ci = Some(ConfidenceInterval { lower: l, upper: u, level: 95.0 });
        }
        if let (Some(l), Some(u)) = (number(lower_998)?, number(upper_998)?) {
            point.ci_998 = Some(ConfidenceInterval { lower: l, upper: u, level: 99.8 });
        }
        point.numerator = number(count)?;
        point.denominator = number(denominator)?;
        point.note = note.map(|c| cell(record, c).to_string()).filter(|n| !n.is_empty()).or(period.annotation.clone());
        if local {
            field.add(tier, area_code, &point);
        }
        let at = (file, *line);
        match target {
            "England" => england.add(point, at, "England")?,
            "region" => regional.add(point, at, "the region")?,
            "own" => {
                own_tier.get_or_insert_with(|| tier.to_string());
                own.add(point, at, &area.name)?
            }
            "neighbour" => field.add_neighbour(area_code, &point),
            _ => {}
        }
    }
    let mut own = own.into_points();
    field.place(&mut own, own_tier.as_deref().unwrap_or(""), &area.gss_code);
    Ok(Series {
        own,
        england: england.into_points(),
        region: regional.into_points(),
        neighbours: field.neighbour_mean(),
        rows: rows.len(),
    })
}
