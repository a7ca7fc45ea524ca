//! The readers on the real public files in `../shared/data/public/` (see its SOURCES.md):
//! each file must read, keep every suppressed cell suppressed, and reproduce its numbers.
//! Without the shared folder the tests say so and skip.

use std::io::Write;
use std::path::PathBuf;

use cypp_domain::{PeriodType, Reading, Symbol};
use cypp_import::*;

fn shared(path: &str) -> Option<(String, String)> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/public").join(path);
    match std::fs::read(&full) {
        Ok(bytes) => Some((path.to_string(), String::from_utf8_lossy(&bytes).into_owned())),
        Err(_) => {
            let _ = writeln!(std::io::stderr(), "SKIPPED real-file test: {} is not there", full.display());
            None
        }
    }
}

fn rochdale() -> Area {
    Area {
        name: "Rochdale".into(),
        gss_code: "E08000005".into(),
        la_code: Some("354".into()),
        region_code: Some("E12000002".into()),
        region_name: Some("North West".into()),
        neighbours: vec!["E08000001".into(), "E08000004".into(), "E08000008".into()],
    }
}

fn value_at(points: &[cypp_domain::DataPoint], code: &str) -> Option<Reading> {
    points.iter().find(|p| p.period.code() == code).map(|p| p.value)
}

#[test]
fn the_ees_children_looked_after_file_reads_with_its_comparators() -> Result<(), ImportError> {
    let Some((name, text)) = shared("dfe_ees/cla_number_and_rate_per_10k_children.csv") else { return Ok(()) };
    let options = EesOptions {
        indicator: "rate_per_10000".into(),
        numerator: Some("children_count".into()),
        denominator: Some("population_estimate".into()),
        filters: vec![("population_type".into(), "Children looked after on 31 March each year".into())],
    };
    let series = read_ees(&name, &text, &options, &rochdale(), PeriodType::FinancialYear, &cypp_import::quiet)?;
    assert!(series.own.len() >= 5, "{:?}", series.own);
    assert!(!series.england.is_empty() && !series.region.is_empty() && !series.neighbours.is_empty());
    // Every number is the file's own figure for Rochdale.
    for line in
        text.lines().filter(|l| l.contains(",E08000005,") && l.contains("Children looked after on 31 March each year"))
    {
        let cells: Vec<&str> = line.split(',').collect();
        let year: i32 = cells[0].parse().unwrap_or_default();
        let code = format!("{}-{:02}", year - 1, year % 100);
        let expected = parse_value(cells[cells.len() - 1]).ok().flatten();
        assert_eq!(value_at(&series.own, &code), expected, "{line}");
    }
    Ok(())
}

#[test]
fn suppressed_cells_in_ees_files_stay_suppressed() -> Result<(), ImportError> {
    let Some((name, text)) = shared("dfe_ees/d5_cpps_at31march_by_duration_2013_to_2025.csv") else { return Ok(()) };
    let header = text.lines().next().unwrap_or_default().trim_start_matches('\u{feff}').to_string();
    let columns: Vec<&str> = header.split(',').collect();
    let rutland =
        Area { name: "Rutland".into(), gss_code: "E06000017".into(), la_code: Some("857".into()), ..Area::default() };
    // Every indicator column after the area columns: each c in Rutland's rows must come back as c.
    let mut checked = 0;
    for indicator in columns.iter().skip_while(|c| **c != "la_name" && **c != "new_la_code").skip(1) {
        let options = EesOptions { indicator: indicator.to_string(), ..EesOptions::default() };
        let Ok(series) = read_ees(&name, &text, &options, &rutland, PeriodType::FinancialYear, &cypp_import::quiet)
        else {
            continue;
        };
        checked += series.own.iter().filter(|p| p.value == Reading::Symbol(Symbol::Suppressed)).count();
    }
    assert!(checked > 0, "Rutland's suppressed cells were found");
    Ok(())
}

#[test]
fn the_fingertips_export_reads_with_its_published_intervals() -> Result<(), ImportError> {
    let Some((name, text)) = shared("fingertips/la_hospital_admissions_2324.csv") else { return Ok(()) };
    let series = read_fingertips(
        &name,
        &text,
        &FingertipsOptions::default(),
        &rochdale(),
        PeriodType::FinancialYear,
        &cypp_import::quiet,
    )?;
    assert!(series.own.len() >= 10, "{}", series.own.len());
    assert!(series.england.len() >= 10);
    let latest = series.own.last().ok_or(ImportError {
        file: name.clone(),
        line: 0,
        column: None,
        message: "no data".into(),
    })?;
    assert_eq!(latest.period.code(), "2023-24");
    assert!(latest.ci.is_some() && latest.numerator.is_some() && latest.denominator.is_some(), "{latest:?}");
    // Both published intervals are kept: Rochdale 2023/24 is 84.2 (76.3 to 93.2; 71.9 to 98.4 at 99.8%).
    let wide = latest.ci_998.map(|c| (c.lower, c.upper, c.level));
    assert_eq!(wide, Some((71.94919, 98.41994, 99.8)));
    // Headers written without spaces read the same.
    let squashed = text.replacen("Area Code", "AreaCode", 1).replacen("Time period,", "TimePeriod,", 1);
    let again = read_fingertips(
        &name,
        &squashed,
        &FingertipsOptions::default(),
        &rochdale(),
        PeriodType::FinancialYear,
        &cypp_import::quiet,
    )?;
    assert_eq!(again.own, series.own);
    Ok(())
}

#[test]
fn the_lait_long_file_reads_every_measure_for_every_area() -> Result<(), ImportError> {
    let Some((name, text)) = shared("lait/bds_long_children_subset.csv") else { return Ok(()) };
    let series = read_lait(
        &name,
        &text,
        &LaitOptions { measure: "Under18concep".into() },
        &rochdale(),
        PeriodType::CalendarYear,
        &cypp_import::quiet,
    )?;
    assert_eq!(value_at(&series.own, "2016"), Some(Reading::Number(21.2)));
    assert!(!series.england.is_empty() && !series.region.is_empty());
    // Float artefacts are gone: Bolton's 19.600000000000001 is 19.6.
    let bolton =
        Area { name: "Bolton".into(), gss_code: "E08000001".into(), la_code: Some("350".into()), ..Area::default() };
    let b = read_lait(
        &name,
        &text,
        &LaitOptions { measure: "Under18concep".into() },
        &bolton,
        PeriodType::CalendarYear,
        &cypp_import::quiet,
    )?;
    assert_eq!(value_at(&b.own, "2016"), Some(Reading::Number(19.6)));
    Ok(())
}
