//! The DfE LAIT long file: one row per measure, year and area ("LA and Regions"), with the LA
//! number for authorities; "-" where there is no figure; float artefacts in the values.

use cypp_domain::{DataPoint, Period, PeriodType};

use crate::table::{cell, fault, open, parse_value};
use crate::{Area, Collector, ImportError, Progress, Series};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaitOptions {
    /// The measure's code in the "Short Desc" column, such as `Under18concep`.
    pub measure: String,
}

pub fn read_lait(
    file: &str,
    text: &str,
    options: &LaitOptions,
    area: &Area,
    period_type: PeriodType,
    progress: Progress<'_>,
) -> Result<Series, ImportError> {
    let (header, body) = open(file, text)?;
    let measure = header.require(file, "Short Desc")?;
    let years = header.require(file, "Years")?;
    let name = header.require(file, "LA and Regions")?;
    let value = header.require(file, "Values")?;
    let number = header.find("LA Number");

    let (mut own, mut england, mut regional) = (Collector::default(), Collector::default(), Collector::default());
    let fault = |line: u64, column: usize, message: String| fault(file, line, column, message);
    let mut matched = 0;
    // Every column is checked above, before the rest of the file is read.
    let rows = body.rows(file, progress)?;
    for (line, record) in &rows {
        if cell(record, measure) != options.measure {
            continue;
        }
        matched += 1;
        let place = cell(record, name);
        let la = number.map(|c| cell(record, c)).unwrap_or("");
        let target = if place.eq_ignore_ascii_case("England") {
            "England"
        } else if area.region_name.as_deref().is_some_and(|r| place.eq_ignore_ascii_case(r)) {
            "region"
        } else if (!la.is_empty() && Some(la) == area.la_code.as_deref()) || place.eq_ignore_ascii_case(&area.name) {
            "own"
        } else {
            continue;
        };
        let period = Period::parse_loose(cell(record, years), Some(period_type))
            .map_err(|e| fault(*line, years, e.to_string()))?;
        let Some(reading) = parse_value(cell(record, value)).map_err(|m| fault(*line, value, m))? else { continue };
        let point = DataPoint {
            value: reading,
            provisional: period.provisional,
            note: period.annotation,
            ..DataPoint::new(period.period, 0.0)
        };
        let at = (file, *line);
        match target {
            "England" => england.add(point, at, "England")?,
            "region" => regional.add(point, at, "the region")?,
            _ => own.add(point, at, &area.name)?,
        }
    }
    if matched == 0 {
        return Err(ImportError {
            file: file.to_string(),
            line: 1,
            column: None,
            message: format!("no rows have the Short Desc \"{}\"", options.measure),
        });
    }
    Ok(Series {
        own: own.into_points(),
        england: england.into_points(),
        region: regional.into_points(),
        neighbours: Vec::new(),
        rows: rows.len(),
    })
}
