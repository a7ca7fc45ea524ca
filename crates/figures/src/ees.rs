//! The DfE Explore Education Statistics tidy CSV: one row per area and period (and breakdown),
//! the indicator in a column named by the user, the area in `new_la_code` (GSS) or
//! `old_la_code` (the three-digit LA number), England and the regions in the same file.

use cypp_domain::{DataPoint, Period, PeriodType};

use crate::table::{cell, fault, open, parse_number, parse_value, passes};
use crate::{Area, Collector, Field, ImportError, Progress, Series};

/// Which figures to take from the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EesOptions {
    /// The column holding the indicator, such as `rate_per_10000`.
    pub indicator: String,
    /// Columns holding the numerator and denominator, if the file has them.
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    /// Only rows whose column has this value: `("population_type", "Children looked after at 31 March")`.
    pub filters: Vec<(String, String)>,
}

/// The period type an EES `time_identifier` names, if it is one cypp can use directly.
fn identifier_hint(identifier: &str, fallback: PeriodType) -> PeriodType {
    match identifier.trim().to_lowercase().as_str() {
        "academic year" => PeriodType::AcademicYear,
        "financial year" => PeriodType::FinancialYear,
        "calendar year" => PeriodType::CalendarYear,
        _ => fallback,
    }
}

/// EES files hold one tier of local authority.
const LOCAL: &str = "Local authority";

pub fn read_ees(
    file: &str,
    text: &str,
    options: &EesOptions,
    area: &Area,
    period_type: PeriodType,
    progress: Progress<'_>,
) -> Result<Series, ImportError> {
    let (header, body) = open(file, text)?;
    let time = header.require(file, "time_period")?;
    let identifier = header.find("time_identifier");
    let level = header.require(file, "geographic_level")?;
    let value = header.require(file, &options.indicator)?;
    let new_code = header.find("new_la_code");
    let old_code = header.find("old_la_code");
    let region = header.find("region_code");
    let numerator = options.numerator.as_deref().map(|c| header.require(file, c)).transpose()?;
    let denominator = options.denominator.as_deref().map(|c| header.require(file, c)).transpose()?;
    let filters = header.filters(file, &options.filters)?;

    let (mut own, mut england, mut regional) = (Collector::default(), Collector::default(), Collector::default());
    let mut field = Field::default();
    let mut own_key = String::new();
    let fault = |line: u64, column: usize, message: String| fault(file, line, column, message);
    // Every column is checked above, before the rest of the file is read.
    let rows = body.rows(file, progress)?;
    for (line, record) in &rows {
        if !passes(record, &filters) {
            continue;
        }
        let level_text = cell(record, level).to_lowercase();
        let code_new = new_code.map(|c| cell(record, c)).unwrap_or("");
        let code_old = old_code.map(|c| cell(record, c)).unwrap_or("");
        let is_local = level_text == "local authority";
        let target = if level_text == "national" {
            Some("England")
        } else if level_text == "regional"
            && region.is_some_and(|r| Some(cell(record, r)) == area.region_code.as_deref())
        {
            Some("region")
        } else if is_local
            && (code_new == area.gss_code || (!code_old.is_empty() && Some(code_old) == area.la_code.as_deref()))
        {
            Some("own")
        } else if is_local && area.neighbours.iter().any(|n| n == code_new) {
            Some("neighbour")
        } else if is_local {
            Some("other")
        } else {
            None
        };
        let Some(target) = target else { continue };
        // Every authority, named by its GSS code or else its number.
        let key = if code_new.is_empty() { code_old } else { code_new };
        let hint = identifier.map(|i| identifier_hint(cell(record, i), period_type)).unwrap_or(period_type);
        let period =
            Period::parse_loose(cell(record, time), Some(hint)).map_err(|e| fault(*line, time, e.to_string()))?;
        let Some(reading) = parse_value(cell(record, value)).map_err(|m| fault(*line, value, m))? else { continue };
        let mut point = DataPoint { period: period.period, value: reading, ..DataPoint::new(period.period, 0.0) };
        point.provisional = period.provisional;
        // A figure for part of a year ("Autumn and spring term") says so.
        let part = identifier.map(|i| cell(record, i)).filter(|i| i.to_lowercase().contains("term"));
        point.note = period.annotation.clone().or(part.map(String::from));
        if let Some(c) = numerator {
            point.numerator = parse_number(cell(record, c)).map_err(|m| fault(*line, c, m))?;
        }
        if let Some(c) = denominator {
            point.denominator = parse_number(cell(record, c)).map_err(|m| fault(*line, c, m))?;
        }
        if is_local {
            field.add(LOCAL, key, &point);
        }
        let at = (file, *line);
        match target {
            "England" => england.add(point, at, "England")?,
            "region" => regional.add(point, at, "the region")?,
            "own" => {
                own_key = key.to_string();
                own.add(point, at, &area.name)?
            }
            "neighbour" => field.add_neighbour(key, &point),
            _ => {}
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{Reading, Symbol};

    const FILE: &str = "\u{feff}time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,new_la_code,la_name,category,rate\n\
2024,Reporting year,National,E92000001,,,,,All,70\n\
2024,Reporting year,Regional,E92000001,E12000002,,,,All,90\n\
2024,Reporting year,Local authority,E92000001,E12000002,354,E08000005,Rochdale,All,104\n\
2023,Reporting year,Local authority,E92000001,E12000002,354,E08000005,Rochdale,All,c\n\
2024,Reporting year,Local authority,E92000001,E12000002,350,E08000001,Bolton,All,80\n\
2024,Reporting year,Local authority,E92000001,E12000002,351,E08000002,Bury,All,60\n\
2024,Reporting year,Local authority,E92000001,E12000002,351,E08000002,Bury,Boys,61\n";

    fn area() -> Area {
        Area {
            name: "Rochdale".into(),
            gss_code: "E08000005".into(),
            la_code: Some("354".into()),
            region_code: Some("E12000002".into()),
            region_name: Some("North West".into()),
            neighbours: vec!["E08000001".into(), "E08000002".into()],
        }
    }

    fn options() -> EesOptions {
        EesOptions {
            indicator: "rate".into(),
            filters: vec![("category".into(), "All".into())],
            ..EesOptions::default()
        }
    }

    #[test]
    fn own_england_region_and_neighbours_come_from_one_file() -> Result<(), ImportError> {
        let series = read_ees("cla.csv", FILE, &options(), &area(), PeriodType::FinancialYear, &crate::quiet)?;
        assert_eq!(series.own.len(), 2);
        assert_eq!(series.own[1].period.code(), "2023-24", "a reporting year 2024 is the year to March 2024");
        assert_eq!(series.own[1].value, Reading::Number(104.0));
        assert_eq!(series.own[0].value, Reading::Symbol(Symbol::Suppressed), "c stays c");
        assert_eq!(series.england[0].value, Reading::Number(70.0));
        assert_eq!(series.region[0].value, Reading::Number(90.0));
        assert_eq!(series.neighbours[0].value, Reading::Number(70.0), "the mean of 80 and 60");
        let standing = series.own[1].standing.unwrap_or_default();
        assert_eq!(standing.england, None, "three authorities are not every area: no rank in England");
        let neighbours = standing.neighbours.map(|r| (r.of, r.higher, r.lower));
        assert_eq!(neighbours, Some((3, 0, 2)), "104 above Bolton's 80 and Bury's 60");
        assert_eq!(series.own[0].standing, None, "a suppressed figure has no place");
        Ok(())
    }

    #[test]
    fn a_missing_filter_or_column_and_a_bad_cell_are_named() {
        let no_filter = EesOptions { filters: vec![], ..options() };
        let message = read_ees(
            "cla.csv",
            FILE,
            &no_filter,
            &Area { neighbours: vec![], gss_code: "E08000002".into(), ..area() },
            PeriodType::FinancialYear,
            &crate::quiet,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(message.contains("choose one with a filter"), "{message}");
        let wrong = EesOptions { indicator: "rates".into(), ..options() };
        let message = read_ees("cla.csv", FILE, &wrong, &area(), PeriodType::FinancialYear, &crate::quiet)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.starts_with("cla.csv, line 1: there is no column called \"rates\""), "{message}");
        let bad = FILE.replace(",All,104", ",All,lots");
        let error = read_ees("cla.csv", &bad, &options(), &area(), PeriodType::FinancialYear, &crate::quiet).err();
        assert_eq!(error.map(|e| (e.line, e.column)), Some((4, Some(10))));
    }
}
