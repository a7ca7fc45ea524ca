//! The readers on the real public files in `../shared/data/public/` (see its SOURCES.md):
//! each file must read, keep every suppressed cell suppressed, and reproduce its numbers.
//! Without the shared folder the tests say so and skip.

use std::io::Write;
use std::path::PathBuf;

use cypp_domain::{PeriodType, Reading, Symbol};
use cypp_figures::*;

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
    let series = read_ees(&name, &text, &options, &rochdale(), PeriodType::FinancialYear, &cypp_figures::quiet)?;
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
        let Ok(series) = read_ees(&name, &text, &options, &rutland, PeriodType::FinancialYear, &cypp_figures::quiet)
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
        &cypp_figures::quiet,
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
        &cypp_figures::quiet,
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
        &cypp_figures::quiet,
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
        &cypp_figures::quiet,
    )?;
    assert_eq!(value_at(&b.own, "2016"), Some(Reading::Number(19.6)));
    Ok(())
}

/// One indicator of an EES file for Rochdale, by financial year unless said otherwise.
fn rochdale_ees(path: &str, indicator: &str, filters: &[(&str, &str)], period_type: PeriodType) -> Option<Series> {
    let (name, text) = shared(path)?;
    let options = EesOptions {
        indicator: indicator.into(),
        numerator: None,
        denominator: None,
        filters: filters.iter().map(|(c, v)| (c.to_string(), v.to_string())).collect(),
    };
    match read_ees(&name, &text, &options, &rochdale(), period_type, &cypp_figures::quiet) {
        Ok(series) => Some(series),
        Err(e) => panic!("{path} did not read: {e}"),
    }
}

#[test]
fn the_other_children_in_need_and_protection_files_read_for_each_year() {
    let fy = PeriodType::FinancialYear;
    // Reporting years end on 31 March: 2025 is 2024-25.
    if let Some(s) = rochdale_ees("dfe_ees/b1_children_in_need_2013_to_2025.csv", "Anypoint_child", &[], fy) {
        assert_eq!(value_at(&s.own, "2024-25"), Some(Reading::Number(4361.0)));
        assert!(s.own.len() >= 10 && !s.england.is_empty() && !s.region.is_empty(), "{:?}", s.own.len());
    }
    if let Some(s) = rochdale_ees("dfe_ees/b1_children_in_need_2013_to_2025.csv", "awaiting_assessment", &[], fy) {
        assert_eq!(value_at(&s.own, "2023-24"), Some(Reading::Number(153.0)));
    }
    if let Some(s) = rochdale_ees(
        "dfe_ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "rereferral_percent",
        &[],
        fy,
    ) {
        assert_eq!(value_at(&s.own, "2024-25"), Some(Reading::Number(17.2)));
    }
    if let Some(s) = rochdale_ees("dfe_ees/d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", &[], fy)
    {
        assert_eq!(value_at(&s.own, "2024-25"), Some(Reading::Number(20.1)));
    }
    let population = [("age_group", "Children aged 0 to 17 years")];
    if let Some(s) = rochdale_ees(
        "dfe_ees/ons_mid-year_population_estimates_2012_to_2024.csv",
        "population_estimate",
        &population,
        PeriodType::CalendarYear,
    ) {
        assert_eq!(value_at(&s.own, "2024"), Some(Reading::Number(58087.0)));
        assert_eq!(value_at(&s.own, "2023"), Some(Reading::Number(56818.0)));
    }
}

#[test]
fn key_stage_2_results_by_social_care_group_keep_their_suppressed_cells() {
    let group = [("social_care_group", "CPPO at 31 March"), ("version", "Revised")];
    let ay = PeriodType::AcademicYear;
    if let Some(s) = rochdale_ees("dfe_ees/ks2_la.csv", "pt_read_met_expected_standard", &group, ay) {
        assert_eq!(value_at(&s.own, "2024/25"), Some(Reading::Number(64.0)));
    }
    if let Some(s) = rochdale_ees("dfe_ees/ks2_la.csv", "pt_rwm_met_expected_standard", &group, ay) {
        assert_eq!(value_at(&s.own, "2024/25"), Some(Reading::Symbol(Symbol::Suppressed)));
    }
}

#[test]
fn the_regional_fingertips_export_gives_the_region_and_england() -> Result<(), ImportError> {
    let Some((name, text)) = shared("fingertips/region_hospital_admissions_2324.csv") else { return Ok(()) };
    let series =
        read_fingertips(&name, &text, &FingertipsOptions::default(), &rochdale(), PeriodType::FinancialYear, &quiet)?;
    // North West region (statistical), 2023/24: 87.82786 (86.23236 to 89.43018; 85.32681 to 90.36448).
    let latest = series.region.iter().find(|p| p.period.code() == "2023-24");
    assert_eq!(latest.map(|p| p.value), Some(Reading::Number(87.82786)));
    assert_eq!(latest.and_then(|p| p.ci_998).map(|c| (c.lower, c.upper)), Some((85.32681, 90.36448)));
    assert!(!series.england.is_empty());
    Ok(())
}

#[test]
fn a_data_lab_s_long_files_read_as_the_template_with_an_area_column() -> Result<(), Box<dyn std::error::Error>> {
    use cypp_domain::{Measure, MeasureId, Period, Unit};
    let files = [
        ("child_protection_plans.csv", PeriodType::FinancialYear),
        ("children_in_care.csv", PeriodType::CalendarYear),
        ("dental_decay.csv", PeriodType::AcademicYear),
        ("excess_weight_reception.csv", PeriodType::AcademicYear),
        ("excess_weight_year6.csv", PeriodType::AcademicYear),
        ("neets.csv", PeriodType::CalendarYear),
        ("school_readiness_fsm.csv", PeriodType::AcademicYear),
    ];
    let trafford = Area { gss_code: "E08000009".into(), name: "Trafford".into(), ..rochdale() };
    for (file, period_type) in files {
        let Some((name, text)) = shared(&format!("trafford_datalab/{file}")) else { return Ok(()) };
        let measure = Measure::new(MeasureId::derived(file), "m", "M", Unit::Score, period_type);
        let series = read_template(&name, &text, &measure, &trafford, &quiet)?;
        // Every Trafford row, exactly; England's rows as the comparator.
        let mut rows = 0;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record?;
            if &record[0] != "E08000009" {
                continue;
            }
            let period = Period::parse_loose(&record[2], Some(period_type))?.period;
            let found = series.own.iter().find(|p| p.period == period).map(|p| p.value);
            assert_eq!(found, parse_value(&record[3])?, "{file}: {record:?}");
            rows += 1;
        }
        assert!(rows >= 1 && series.own.len() == rows, "{file}: {rows} rows, {} read", series.own.len());
        assert!(!series.england.is_empty(), "{file}: England's rows are the comparator");
    }
    Ok(())
}

/// The own figure's rank (lower better) and LAIT quartile band among every authority, and its
/// rank among Rochdale and its three neighbours here, for the period `code`.
fn standing_at(points: &[cypp_domain::DataPoint], code: &str) -> Option<(u32, u32, &'static str, u32, u32)> {
    let point = points.iter().find(|p| p.period.code() == code)?;
    let standing = point.standing?;
    let (england, neighbours) = (standing.england?, standing.neighbours?);
    let lower = cypp_domain::Direction::LowerIsBetter;
    let band = england.band(point.value.number()?, lower)?;
    Some((england.rank(lower)?, england.of, band.letter(), neighbours.rank(lower)?, neighbours.of))
}

// The reference ranks and bands below were worked out from the same files apart from cypp, the
// way the DfE's LAIT does it: R's `rank(ties.method = "min")` and `quantile()` (type 7) over
// every authority with a number for the year.

#[test]
fn a_lait_figure_is_ranked_and_banded_among_every_authority_and_its_neighbours() -> Result<(), ImportError> {
    let Some((name, text)) = shared("lait/bds_long_children_subset.csv") else { return Ok(()) };
    // No LA number given: it is found from the GSS code, and so are the neighbours' numbers.
    let area = Area { la_code: None, ..rochdale() };
    let options = LaitOptions { measure: "Under18concep".into() };
    let series = read_lait(&name, &text, &options, &area, PeriodType::CalendarYear, &cypp_figures::quiet)?;
    // 2016: 97th of 152 (quartiles 14.775, 19.6, 24.0), band C; 2nd of the 4.
    assert_eq!(standing_at(&series.own, "2016"), Some((97, 152, "C", 2, 4)));
    let quartiles = series.own.iter().find(|p| p.period.code() == "2016").and_then(|p| p.standing?.england?.quartiles);
    assert_eq!(quartiles.map(|q| q.map(|v| (v * 1000.0).round() / 1000.0)), Some([14.775, 19.6, 24.0]));
    // 2021: 115th of 149, band D.
    assert_eq!(standing_at(&series.own, "2021"), Some((115, 149, "D", 2, 4)));
    // The neighbours' mean comes from the same rows: Bolton, Oldham and Tameside in 2016.
    let mean = series.neighbours.iter().find(|p| p.period.code() == "2016").and_then(|p| p.value.number());
    let expected: f64 = ["Bolton", "Oldham", "Tameside"]
        .iter()
        .filter_map(|area| {
            let line =
                text.lines().find(|l| l.starts_with("Under18concep,") && l.contains(&format!(",2016,{area},")))?;
            line.split(',').nth(4)?.parse::<f64>().ok()
        })
        .sum::<f64>()
        / 3.0;
    assert!(mean.is_some_and(|m| (m - expected).abs() < 1e-9), "{mean:?} against {expected}");
    Ok(())
}

#[test]
fn an_ees_figure_is_ranked_among_every_authority_and_its_neighbours() {
    let Some(series) = rochdale_ees(
        "dfe_ees/cla_number_and_rate_per_10k_children.csv",
        "rate_per_10000",
        &[("population_type", "Children looked after on 31 March each year")],
        PeriodType::FinancialYear,
    ) else {
        return;
    };
    // 106 per 10,000 in 2023-24: 130th of 152, band D (quartiles 52.75, 68, 93); 3rd of the 4.
    assert_eq!(standing_at(&series.own, "2023-24"), Some((130, 152, "D", 3, 4)));
    assert_eq!(standing_at(&series.own, "2024-25"), Some((131, 151, "D", 3, 4)));
}

#[test]
fn an_ees_percentage_with_its_numerator_and_denominator_is_given_its_wilson_interval() {
    use cypp_domain::{Measure, MeasureId, Unit};
    let Some((name, text)) = shared("dfe_ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv") else {
        return;
    };
    let partnership = rochdale_partnership();
    let measure = Measure::new(MeasureId::derived("r"), "r", "Re-referrals", Unit::Percent, PeriodType::FinancialYear);
    let options = FileOptions {
        indicator: Some("rereferral_percent".into()),
        numerator: Some("rereferral_count".into()),
        denominator: Some("referral_count".into()),
        ..FileOptions::default()
    };
    let series = read_file(Format::Ees, &name, text.as_bytes(), &options, &partnership, &measure, &quiet)
        .unwrap_or_else(|e| panic!("{e}"));
    // 2024-25: 477 re-referrals of 2,768 referrals, 17.2%: Wilson's 95% interval, computed.
    let point = series.own.iter().find(|p| p.period.code() == "2024-25").expect("2024-25");
    let wilson = cypp_analytics::interval::wilson(477.0, 2768.0, 100.0, cypp_analytics::interval::Confidence::P95)
        .expect("an interval");
    assert!(point.ci_computed);
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    assert_eq!(point.ci.map(|c| (c.lower, c.upper)), wilson.lower.zip(wilson.upper).map(|(l, u)| (round(l), round(u))));
    assert!(point.ci_998.is_some_and(|c| c.lower < wilson.lower.unwrap_or(0.0)));
    // So it is compared with England, not left "not compared".
    let england = series.england.iter().find(|p| p.period.code() == "2024-25").and_then(|p| p.value.number());
    let label = cypp_analytics::compare::compare(
        point.ci.map(|c| (c.lower, c.upper)),
        point.ci_998.map(|c| (c.lower, c.upper)),
        england.expect("England's figure"),
        cypp_analytics::compare::Polarity::Low,
    );
    assert_ne!(label, cypp_analytics::compare::Label::NotCompared, "{label:?}");
}

/// Rochdale as a partnership: England, the North West and the four neighbours the tests use.
fn rochdale_partnership() -> cypp_domain::Partnership {
    use cypp_domain::{ComparatorGroup, ComparatorId, ComparatorKind, Partnership, PartnershipId};
    let group = |key: &str, name: &str, kind, code: Option<&str>, members: Vec<String>| ComparatorGroup {
        id: ComparatorId::derived(key),
        name: name.into(),
        kind,
        area_code: code.map(str::to_string),
        members,
    };
    Partnership {
        id: PartnershipId::derived("rochdale"),
        slug: "rochdale".into(),
        name: "Rochdale".into(),
        area_name: "Rochdale".into(),
        gss_code: "E08000005".into(),
        description: None,
        organisations: vec![],
        boards: vec![],
        comparator_groups: vec![
            group("england", "England", ComparatorKind::England, Some("E92000001"), vec![]),
            group("north-west", "North West", ComparatorKind::Region, Some("E12000002"), vec![]),
            group("sn", "Statistical neighbours", ComparatorKind::StatisticalNeighbours, None, rochdale().neighbours),
        ],
        jargon: vec![],
    }
}

#[test]
fn the_fingertips_export_of_every_authority_with_the_regional_one_gives_england_the_region_and_the_neighbours()
-> Result<(), FileError> {
    use cypp_domain::{Measure, MeasureId, Unit};
    let (Some((la, la_text)), Some((region, region_text))) = (
        shared("fingertips/la_hospital_admissions_2324.csv"),
        shared("fingertips/region_hospital_admissions_2324.csv"),
    ) else {
        return Ok(());
    };
    let partnership = rochdale_partnership();
    let measure =
        Measure::new(MeasureId::derived("h"), "h", "Admissions", Unit::RatePer10000, PeriodType::FinancialYear);
    let options = FileOptions::default();
    let alone =
        read_files(Format::Fingertips, (&la, la_text.as_bytes()), None, &options, &partnership, &measure, &quiet)?;
    assert!(!alone.own.is_empty() && !alone.england.is_empty() && !alone.neighbours.is_empty());
    assert!(alone.region.is_empty(), "the authorities' export has no regions");
    let both = read_files(
        Format::Fingertips,
        (&la, la_text.as_bytes()),
        Some((&region, region_text.as_bytes())),
        &options,
        &partnership,
        &measure,
        &quiet,
    )?;
    assert_eq!(
        (both.own.len(), both.england.len(), both.neighbours.len()),
        (alone.own.len(), alone.england.len(), alone.neighbours.len())
    );
    assert!(both.region.len() >= 10, "the North West's figures, year by year: {}", both.region.len());
    // Each part goes under the partnership's group of its kind.
    let parts = both.parts(&measure, &partnership.comparator_groups);
    assert_eq!(parts.len(), 4, "own, England, the region and the neighbours");
    // A regional file is refused where the partnership has no region to put its figures under.
    let mut no_region = partnership.clone();
    no_region.comparator_groups.retain(|g| g.kind != cypp_domain::ComparatorKind::Region);
    let refused = read_files(
        Format::Fingertips,
        (&la, la_text.as_bytes()),
        Some((&region, region_text.as_bytes())),
        &options,
        &no_region,
        &measure,
        &quiet,
    );
    assert!(refused.is_err_and(|e| e.to_string().contains("no region among its comparator groups")));
    Ok(())
}

#[test]
fn a_fingertips_figure_is_ranked_among_authorities_of_its_own_tier() -> Result<(), ImportError> {
    let Some((name, text)) = shared("fingertips/la_hospital_admissions_2324.csv") else { return Ok(()) };
    let series =
        read_fingertips(&name, &text, &FingertipsOptions::default(), &rochdale(), PeriodType::FinancialYear, &quiet)?;
    // 2023-24: 151 of the 153 counties and unitaries have a number (two have only a note);
    // Rochdale's 84.2 is 103rd, band C; 2nd of the 4 with Bolton, Oldham and Tameside.
    assert_eq!(standing_at(&series.own, "2023-24"), Some((103, 151, "C", 2, 4)));
    // Every neighbour is in the file, so their mean is too.
    let mean = series.neighbours.iter().find(|p| p.period.code() == "2023-24").and_then(|p| p.value.number());
    assert!(mean.is_some_and(|m| (m - (80.78467 + 98.77443 + 97.27626) / 3.0).abs() < 1e-6), "{mean:?}");
    Ok(())
}
