//! Benchmarks of bringing a plan in: a PDF of about 60 pages (the demonstration plan's items
//! three times over, typeset by cypp-publish) read, parsed and made a draft; and text of 1 to
//! 30 MB (the seeds over and over) the same way, to show that the time grows in step with the
//! size. Run with `cargo bench -p cypp-plan-reader --bench read`; the figures are in
//! docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::Instant;

use cypp_plan_reader::parse::parse;
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Kind, read};
use cypp_publish::{Audience, Format, plan_edition, render};

fn owner() -> Owner {
    Owner {
        partnership_name: "Bench".into(),
        partnership_slug: "bench".into(),
        area_name: "Bench".into(),
        gss_code: "E06000001".into(),
    }
}

/// The median of `runs` timings of reading `bytes` as `kind` into a draft, in seconds, with
/// the number of lines read.
fn time(kind: Kind, bytes: &[u8], runs: usize) -> (f64, usize) {
    let profile = Profile::built_in();
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let source = read(kind, "plan", bytes).unwrap_or_else(|e| panic!("{e}"));
        let parsed = parse(&source, &profile);
        black_box(plan_file(&parsed, &owner()));
        times.push(start.elapsed().as_secs_f64());
        lines = source.lines.len();
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], lines)
}

fn main() {
    let demo = cypp_demo::plan_file();
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 11, 26) else { return };
    // The demo plan's items three times over: a plan of about 60 pages.
    let mut big = demo.clone();
    for copy in 0..2 {
        let renewed = demo.renewed(&format!("copy-{copy}")).unwrap_or_else(|e| panic!("{e}"));
        big.items.extend(renewed.items);
        big.measures.extend(renewed.measures);
    }
    let pdf = render(&plan_edition(&big, &big.current(), Audience::Internal, today), Format::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    let (median, lines) = time(Kind::Pdf, &pdf, 10);
    println!(
        "pdf: {} KB, {lines} lines: read, parsed and made a draft in {:.0} ms (median of 10)",
        pdf.len() / 1024,
        median * 1000.0
    );
    if let Ok(path) = std::env::var("CYPP_BENCH_PDF") {
        // Kept to count its pages (pdfinfo) and to time the command line on it.
        let _ = std::fs::write(path, &pdf);
    }
    // Text of growing size.
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut names: Vec<_> =
        std::fs::read_dir(&seeds).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    names.sort();
    let text: String = names.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    if text.is_empty() {
        println!("text: the seeds are not in {}", seeds.display());
        return;
    }
    for mb in [1usize, 3, 10, 30] {
        let copies = (mb * 1_000_000).div_ceil(text.len());
        let big = text.repeat(copies);
        let runs = if mb >= 10 { 3 } else { 5 };
        let (median, lines) = time(Kind::Text, big.as_bytes(), runs);
        println!(
            "text: {:.1} MB, {lines} lines: {:.2} s (median of {runs}), {:.2} s a MB",
            big.len() as f64 / 1e6,
            median,
            median / (big.len() as f64 / 1e6)
        );
    }
}
