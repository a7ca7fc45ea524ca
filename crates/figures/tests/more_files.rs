//! The readers on the harder real files in `../shared/data/public/more/`: a byte-order mark,
//! full quoting, leading spaces, scientific notation, records spanning two lines, ragged rows,
//! six filter columns, the rare `k`. Each test checks the "facts to check" listed for its file
//! in `more/SOURCES.md`: the value, or the symbol, exactly as published.
//! Without the shared folder the tests say so and skip.

use std::io::Write;
use std::path::PathBuf;

use cypp_domain::{DataPoint, PeriodType, Reading, Symbol};
use cypp_figures::*;

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

fn shared(path: &str) -> Option<(String, String)> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/public/more").join(path);
    match std::fs::read(&full) {
        Ok(bytes) => Some((path.to_string(), String::from_utf8_lossy(&bytes).into_owned())),
        Err(_) => {
            let _ = writeln!(std::io::stderr(), "SKIPPED real-file test: {} is not there", full.display());
            None
        }
    }
}

/// An area by its codes, with no region or neighbours.
fn area(gss: &str, la: Option<&str>) -> Area {
    Area { name: gss.into(), gss_code: gss.into(), la_code: la.map(String::from), ..Area::default() }
}

/// An EES file's figures for one indicator, with these filters.
fn ees(
    name: &str,
    text: &str,
    indicator: &str,
    filters: &[(&str, &str)],
    area: &Area,
    period_type: PeriodType,
) -> std::result::Result<Series, ImportError> {
    let options = EesOptions {
        indicator: indicator.into(),
        numerator: None,
        denominator: None,
        filters: filters.iter().map(|(c, v)| (c.to_string(), v.to_string())).collect(),
    };
    read_ees(name, text, &options, area, period_type, &quiet)
}

fn at(points: &[DataPoint], code: &str) -> Option<Reading> {
    points.iter().find(|p| p.period.code() == code).map(|p| p.value)
}

fn n(v: f64) -> Option<Reading> {
    Some(Reading::Number(v))
}

fn symbol(s: Symbol) -> Option<Reading> {
    Some(Reading::Symbol(s))
}

#[test]
fn sen2_ehc_plans_keep_padded_decimals_leading_spaces_and_symbols() -> Result {
    let Some((name, text)) = shared("ees-sen2-ehcp-mi.csv") else { return Ok(()) };
    let kirklees = area("E08000034", Some("382"));
    let year = PeriodType::CalendarYear;
    assert_eq!(at(&ees(&name, &text, "ass_nodecision", &[], &kirklees, year)?.own, "2014"), n(220.0));
    let rate = ees(&name, &text, "inc_exc_20week_rate", &[], &kirklees, year)?;
    assert_eq!(at(&rate.own, "2014"), n(85.7), "stored as 85.700000000000");
    assert_eq!(at(&rate.england, "2022"), n(47.665), "stored with a leading space");
    assert_eq!(at(&rate.england, "2021"), n(57.9));
    assert_eq!(at(&ees(&name, &text, "new_all_ehc", &[], &kirklees, year)?.england, "2022"), n(68665.0));
    let norfolk = ees(&name, &text, "inc_exc_20week_rate", &[], &area("E10000020", None), year)?;
    assert_eq!(at(&norfolk.own, "2022"), symbol(Symbol::NotAvailable));
    let assessments = ees(&name, &text, "assessments", &[], &kirklees, year)?;
    for y in 2014..=2021 {
        assert_eq!(at(&assessments.england, &y.to_string()), symbol(Symbol::NotApplicable), "{y}");
    }
    Ok(())
}

#[test]
fn pru_absence_over_two_terms_reads_with_six_digit_years_and_says_which_terms() -> Result {
    let Some((name, text)) = shared("ees-pru-absence-autumn-spring.csv") else { return Ok(()) };
    let wirral = area("E08000015", Some("344"));
    let year = PeriodType::AcademicYear;
    let overall = ees(&name, &text, "sess_overall_percent", &[], &wirral, year)?;
    assert_eq!(at(&overall.own, "2013/14"), n(35.15576));
    assert_eq!(at(&overall.england, "2022/23"), n(40.74959));
    let first = overall.own.iter().find(|p| p.period.code() == "2013/14");
    assert_eq!(first.and_then(|p| p.note.as_deref()), Some("Autumn and spring term"), "the terms are noted");
    assert_eq!(at(&ees(&name, &text, "enrolments_pa_10_exact_percent", &[], &wirral, year)?.own, "2013/14"), n(81.25));
    let fifty = ees(&name, &text, "enrolments_pa_50_exact", &[], &wirral, year)?;
    assert_eq!(at(&fifty.own, "2013/14"), symbol(Symbol::NotApplicable));
    assert_eq!(at(&fifty.england, "2013/14"), symbol(Symbol::NotApplicable));
    let england = |indicator: &str| -> std::result::Result<Series, ImportError> {
        ees(&name, &text, indicator, &[], &wirral, year)
    };
    assert_eq!(at(&england("num_schools")?.england, "2022/23"), n(331.0));
    assert_eq!(at(&england("enrolments")?.england, "2022/23"), n(34739.0));
    assert_eq!(at(&england("sess_x_covid")?.england, "2020/21"), n(762723.0));
    Ok(())
}

#[test]
fn ks4_destinations_take_six_filters_and_keep_c_and_low() -> Result {
    let Some((name, text)) = shared("ees-ks4-destinations-national.csv") else { return Ok(()) };
    let england = area("E92000001", None);
    let year = PeriodType::AcademicYear;
    let total = [
        ("institution_group", "State-funded mainstream schools"),
        ("institution_type", "Total"),
        ("breakdown_topic", "Total"),
        ("breakdown", "Total"),
        ("version", "Provisional"),
    ];
    let with = |data_type: &'static str| -> Vec<(&str, &str)> {
        let mut f = total.to_vec();
        f.push(("data_type", data_type));
        f
    };
    let number = |indicator| ees(&name, &text, indicator, &with("Number of pupils"), &england, year);
    assert_eq!(at(&number("cohort")?.england, "2021/22"), n(563910.0));
    assert_eq!(at(&number("overall")?.england, "2021/22"), n(527890.0));
    assert_eq!(at(&number("appren")?.england, "2021/22"), n(19143.0));
    let percent = |indicator| ees(&name, &text, indicator, &with("Percentage"), &england, year);
    assert_eq!(at(&percent("overall")?.england, "2021/22"), n(93.6));
    assert_eq!(at(&percent("education")?.england, "2021/22"), n(86.2));
    assert_eq!(at(&percent("all_notsust")?.england, "2021/22"), n(5.2));
    let by = |topic, breakdown, data_type| {
        vec![
            ("institution_group", "State-funded mainstream schools"),
            ("institution_type", "Total"),
            ("breakdown_topic", topic),
            ("breakdown", breakdown),
            ("data_type", data_type),
            ("version", "Provisional"),
        ]
    };
    let male = by("Gender", "Male", "Percentage");
    assert_eq!(at(&ees(&name, &text, "spi", &male, &england, year)?.england, "2021/22"), symbol(Symbol::Low));
    assert_eq!(at(&ees(&name, &text, "he", &male, &england, year)?.england, "2021/22"), symbol(Symbol::Low));
    let boys = by("Disadvantage Status and Gender", "Not Disadvantaged Male", "Number of pupils");
    assert_eq!(at(&ees(&name, &text, "spi", &boys, &england, year)?.england, "2021/22"), symbol(Symbol::Suppressed));
    // Without the data type filter the file holds a number and a percentage a year: refused,
    // naming the line. (The cohort, the same on both rows, reads either way.)
    assert_eq!(at(&ees(&name, &text, "cohort", &total, &england, year)?.england, "2021/22"), n(563910.0));
    let error = ees(&name, &text, "overall", &total, &england, year).err().map(|e| e.to_string());
    assert!(error.as_deref().is_some_and(|e| e.contains(", line ") && e.contains("filter")), "{error:?}");
    Ok(())
}

#[test]
fn cin_sen_national_keeps_the_only_k() -> Result {
    let Some((name, text)) = shared("ees-cin-sen-national.csv") else { return Ok(()) };
    let england = area("E92000001", None);
    let year = PeriodType::AcademicYear;
    let group = |g| vec![("social_care_group", g)];
    let get = |indicator, g| ees(&name, &text, indicator, &group(g), &england, year);
    assert_eq!(at(&get("pt_PMLD_ss", "CPPO at any point")?.england, "2021/22"), symbol(Symbol::RoundsToZero));
    assert_eq!(at(&get("t_PMLD_ss", "CPPO at any point")?.england, "2021/22"), n(10.0));
    assert_eq!(at(&get("t_pupils", "CPPO at any point")?.england, "2021/22"), n(57610.0));
    assert_eq!(at(&get("pt_all_SEN", "CPPO at any point")?.england, "2021/22"), n(38.3));
    assert_eq!(at(&get("t_pupils", "All pupils comparison")?.england, "2021/22"), n(8418010.0));
    assert_eq!(at(&get("pt_all_SEN", "All pupils comparison")?.england, "2021/22"), n(16.3));
    assert_eq!(at(&get("t_MSI_se", "CPPO at 31 March")?.england, "2021/22"), symbol(Symbol::Suppressed));
    assert_eq!(at(&get("t_pupils", "CPPO at 31 March")?.england, "2021/22"), n(29710.0));
    Ok(())
}

#[test]
fn cin_sen_by_local_authority_reads_with_its_columns_in_another_order() -> Result {
    let Some((name, text)) = shared("ees-cin-sen-la.csv") else { return Ok(()) };
    let rochdale = area("E08000005", Some("354"));
    let year = PeriodType::AcademicYear;
    let cino = [("social_care_group", "CINO at 31 March")];
    let cppo = [("social_care_group", "CPPO at 31 March")];
    assert_eq!(at(&ees(&name, &text, "t_pupils", &cino, &rochdale, year)?.own, "2021/22"), n(979.0));
    assert_eq!(at(&ees(&name, &text, "t_all_SEN", &cino, &rochdale, year)?.own, "2021/22"), n(472.0));
    assert_eq!(at(&ees(&name, &text, "pt_all_SEN", &cino, &rochdale, year)?.own, "2021/22"), n(48.2));
    assert_eq!(at(&ees(&name, &text, "t_ASD", &cppo, &rochdale, year)?.own, "2021/22"), symbol(Symbol::Suppressed));
    assert_eq!(at(&ees(&name, &text, "t_pupils", &cppo, &rochdale, year)?.own, "2021/22"), n(215.0));
    // Found by the old LA number alone, too.
    let by_number = area("E99999999", Some("354"));
    assert_eq!(at(&ees(&name, &text, "t_pupils", &cino, &by_number, year)?.own, "2021/22"), n(979.0));
    let hackney = ees(&name, &text, "t_all_SEN", &cino, &area("E09000012", None), year)?;
    assert_eq!(at(&hackney.own, "2021/22"), symbol(Symbol::NotApplicable));
    assert_eq!(at(&ees(&name, &text, "t_pupils", &cino, &rochdale, year)?.england, "2021/22"), n(139320.0));
    Ok(())
}

#[test]
fn neet_figures_keep_negatives_and_quintiles() -> Result {
    let Some((name, text)) = shared("ees-neet-nccis-2023.csv") else { return Ok(()) };
    let year = PeriodType::CalendarYear;
    let rochdale = area("E08000005", Some("354"));
    let get = |indicator, a: &Area| ees(&name, &text, indicator, &[], a, year);
    assert_eq!(at(&get("NEET_not_known_percent", &rochdale)?.own, "2023"), n(7.2));
    assert_eq!(at(&get("NEET_percent", &rochdale)?.own, "2023"), n(3.8));
    assert_eq!(at(&get("NEET_NK_quintile", &rochdale)?.own, "2023"), n(5.0));
    let derby = area("E06000015", Some("831"));
    assert_eq!(at(&get("NEET_not_known_percent", &derby)?.own, "2023"), n(4.3));
    assert_eq!(at(&get("annualchange_NEET", &derby)?.own, "2023"), n(-0.3));
    assert_eq!(at(&get("NEET_not_known_percent", &derby)?.england, "2023"), n(5.2));
    assert_eq!(at(&get("NEET_NK_quintile", &derby)?.england, "2023"), symbol(Symbol::NotApplicable));
    let lincolnshire = area("E10000019", None);
    assert_eq!(at(&get("NEET_NK_SENDsupport_percent", &lincolnshire)?.own, "2023"), symbol(Symbol::Suppressed));
    assert_eq!(at(&get("NEET_percent", &area("E08000009", None))?.own, "2023"), n(1.9));
    Ok(())
}

#[test]
fn attendance_reads_fully_quoted_values_and_scientific_notation_exactly() -> Result {
    let Some((name, text)) = shared("ees-attendance-ytd-2025-26.csv") else { return Ok(()) };
    let year = PeriodType::AcademicYear;
    let phase = |p| vec![("education_phase", p)];
    let rochdale = area("E08000005", Some("354"));
    let get = |indicator, p, a: &Area| ees(&name, &text, indicator, &phase(p), a, year);
    assert_eq!(at(&get("attendance_perc", "Total", &rochdale)?.own, "2025/26"), n(92.8811914370757));
    assert_eq!(at(&get("pa_perc", "Total", &rochdale)?.own, "2025/26"), n(20.493511545836));
    assert_eq!(at(&get("attendance_perc", "Total", &rochdale)?.england, "2025/26"), n(93.1167518649325));
    assert_eq!(at(&get("num_schools", "Primary", &rochdale)?.england, "2025/26"), n(16038.0425531915));
    assert_eq!(at(&get("attendance_perc", "Primary", &rochdale)?.england, "2025/26"), n(94.7233194599495));
    let city = area("E09000001", None);
    assert_eq!(at(&get("enrolments", "Primary", &city)?.own, "2025/26"), symbol(Symbol::Suppressed));
    assert_eq!(at(&get("num_schools", "Primary", &city)?.own, "2025/26"), n(1.0));
    let tower_hamlets = area("E09000030", None);
    assert_eq!(at(&get("auth_study_perc", "Primary", &tower_hamlets)?.own, "2025/26"), n(1.55757077523724e-05));
    Ok(())
}

#[test]
fn a_raw_fingertips_export_with_records_over_two_lines_and_ragged_rows_reads() -> Result {
    let Some((name, text)) = shared("fingertips-campylobacter-countyua.csv") else { return Ok(()) };
    let year = PeriodType::CalendarYear;
    let options = FingertipsOptions { filters: vec![("Age".into(), "All ages".into())] };
    let read = |gss: &str| read_fingertips(&name, &text, &options, &area(gss, None), year, &quiet);
    let rochdale = read("E08000005")?;
    let y2016 = rochdale.own.iter().find(|p| p.period.code() == "2016").ok_or("no 2016 for Rochdale")?;
    assert_eq!(y2016.value, Reading::Number(92.521916128883));
    assert_eq!((y2016.numerator, y2016.denominator), (Some(200.0), Some(216165.0)));
    assert_eq!(at(&read("E08000009")?.own, "2016"), n(56.2484819301752));
    assert_eq!(at(&read("E06000001")?.own, "2015"), n(142.713502643443));
    assert_eq!(at(&rochdale.england, "2017"), n(96.6109417215551));
    // An empty value with a note is kept as not available, with the note; never as zero.
    let scilly = read("E06000053")?;
    let point = scilly.own.iter().find(|p| p.period.code() == "2016").ok_or("no 2016 for Scilly")?;
    assert_eq!(point.value, Reading::Symbol(Symbol::NotAvailable));
    assert_eq!(point.note.as_deref(), Some("Value for Cornwall & Isles of Scilly combined"));
    Ok(())
}
