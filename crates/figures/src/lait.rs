//! The DfE LAIT long file: one row per measure, year and area ("LA and Regions"), with the LA
//! number for authorities; "-" where there is no figure; float artefacts in the values.

use cypp_domain::{DataPoint, Period, PeriodType};

use crate::table::{cell, fault, open, parse_value};
use crate::{Area, Collector, Field, ImportError, Progress, Series};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaitOptions {
    /// The measure's code in the "Short Desc" column, such as `Under18concep`.
    pub measure: String,
}

/// LAIT holds one tier of local authority.
const LOCAL: &str = "Local authority";

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
    let mut field = Field::default();
    let mut own_key = String::new();
    // The area's number, given or found from its GSS code.
    let own_number =
        area.la_code.clone().or_else(|| crate::areas::by_gss_code(&area.gss_code).map(|la| la.number.clone()));
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
        let la = number.map(|c| cell(record, c)).unwrap_or("").trim();
        // Authorities have numbers below 970; England and the regions from 970 up.
        let local = la.parse::<u32>().is_ok_and(|n| n < 970);
        let target = if place.eq_ignore_ascii_case("England") {
            "England"
        } else if area.region_name.as_deref().is_some_and(|r| place.eq_ignore_ascii_case(r)) {
            "region"
        } else if (!la.is_empty() && Some(la) == own_number.as_deref()) || place.eq_ignore_ascii_case(&area.name) {
            "own"
        } else if local && crate::areas::number_is_one_of(la, &area.neighbours) {
            "neighbour"
        } else if local {
            "other"
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
        if local {
            field.add(LOCAL, la, &point);
        }
        let at = (file, *line);
        match target {
            "England" => england.add(point, at, "England")?,
            "region" => regional.add(point, at, "the region")?,
            "own" => {
                own_key = la.to_string();
                own.add(point, at, &area.name)?
            }
            "neighbour" => field.add_neighbour(la, &point),
            _ => {}
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
    let mut own = own.into_points();
    field.place(&mut own, LOCAL, &own_key);
    Ok(Series {
        own,
        england: england.into_points(),
        region: regional.into_points(),
        neighbours: field.neighbour_mean(),
        rows: rows.len(),
    })
}
