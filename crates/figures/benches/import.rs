//! Benchmarks: reading a generated 1,000,000-row EES tidy CSV, and the LAIT long file for
//! every area in it. Run with `cargo bench -p cypp-figures --bench import`; the figures are
//! recorded in docs/PERFORMANCE.md.

use std::fmt::Write;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use cypp_domain::PeriodType;
use cypp_figures::{Area, EesOptions, LaitOptions, read_ees, read_lait};

fn ees_file(rows: usize) -> String {
    let mut text = String::with_capacity(rows * 120);
    text.push_str("\u{feff}time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,new_la_code,la_name,breakdown,rate\n");
    // 150 areas × 20 years × enough breakdowns to reach the row count.
    let breakdowns = rows / (150 * 20) + 1;
    let mut written = 0;
    'outer: for b in 0..breakdowns {
        for year in 2006..2026 {
            for la in 0..150 {
                if written == rows {
                    break 'outer;
                }
                let value = if la % 17 == 0 { "c".to_string() } else { format!("{}.{}", 40 + la % 60, year % 10) };
                let _ = writeln!(
                    text,
                    "{year},Reporting year,Local authority,E92000001,E12000002,{},E08{la:06},Area {la},B{b},{value}",
                    300 + la
                );
                written += 1;
            }
        }
    }
    text
}

fn main() {
    let text = ees_file(1_000_000);
    let area = Area {
        name: "Area 5".into(),
        gss_code: "E08000005".into(),
        region_code: Some("E12000002".into()),
        ..Area::default()
    };
    let options = EesOptions {
        indicator: "rate".into(),
        filters: vec![("breakdown".into(), "B3".into())],
        ..EesOptions::default()
    };
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let series = read_ees(
            "generated.csv",
            black_box(&text),
            &options,
            &area,
            PeriodType::FinancialYear,
            &cypp_figures::quiet,
        );
        let elapsed = start.elapsed().as_secs_f64();
        match series {
            Ok(s) => assert_eq!(s.rows, 1_000_000),
            Err(e) => panic!("{e}"),
        }
        best = best.min(elapsed);
    }
    println!("ees: 1,000,000 rows in {:.0} ms, {:.0} rows a second (best of 3)", best * 1000.0, 1_000_000.0 / best);

    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/public/lait/bds_long_children_subset.csv");
    let Ok(lait) = std::fs::read_to_string(&path) else {
        println!("lait: skipped, {} is not there", path.display());
        return;
    };
    // Every area (by LA number) and every measure in the file.
    let mut areas: Vec<(String, String)> = lait
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.rsplitn(3, ',').collect();
            (cells.len() == 3)
                .then(|| (cells[1].to_string(), cells[2].rsplit(',').nth(1).unwrap_or_default().to_string()))
        })
        .collect();
    areas.sort();
    areas.dedup_by(|a, b| a.0 == b.0);
    let single = Instant::now();
    let rochdale = Area { la_code: Some("354".into()), ..Area::default() };
    let one = read_lait(
        "lait.csv",
        &lait,
        &LaitOptions { measure: "Under18concep".into() },
        &rochdale,
        PeriodType::CalendarYear,
        &cypp_figures::quiet,
    );
    println!(
        "lait: the whole file read for one area and measure in {:.1} ms ({} figures)",
        single.elapsed().as_secs_f64() * 1000.0,
        one.map(|s| s.own.len()).unwrap_or(0)
    );
    let measures = ["Under18concep", "CPP_rate", "LAC", "ExcessYr6"];
    let start = Instant::now();
    let mut figures = 0;
    for (code, _) in &areas {
        let area = Area { la_code: Some(code.clone()), name: String::new(), ..Area::default() };
        for m in measures {
            if let Ok(series) = read_lait(
                "lait.csv",
                &lait,
                &LaitOptions { measure: m.into() },
                &area,
                PeriodType::CalendarYear,
                &cypp_figures::quiet,
            ) {
                figures += series.own.len();
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "lait: {} areas × {} measures read from the {}-row file in {:.0} ms ({figures} figures)",
        areas.len(),
        measures.len(),
        lait.lines().count() - 1,
        elapsed * 1000.0
    );
}
