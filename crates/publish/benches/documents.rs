//! Benchmarks: the whole demonstration plan as PDF and as DOCX, and its Q1 papers (dashboard,
//! highlight and committee progress report) in each format, after start-up (the first run
//! loads the fonts and typst's library, and is reported on its own). Run with
//! `cargo bench -p cypp-publish --bench documents`; the figures are in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::Instant;

use cypp_publish::{Audience, Format, plan_edition, render};

fn main() {
    let file = cypp_demo::plan_file();
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 11, 26) else { return };
    let build = Instant::now();
    let doc = plan_edition(&file, &file.current(), Audience::Public, today);
    println!("model: the plan as a document in {:.2} ms", build.elapsed().as_secs_f64() * 1000.0);
    // The PDF from a cold cache every time: typst's memoised layout is dropped before each run,
    // so this is the cost of typesetting the plan afresh.
    let mut cold = Vec::new();
    for _ in 0..10 {
        typst::comemo::evict(0);
        let start = Instant::now();
        black_box(render(black_box(&doc), Format::Pdf).unwrap_or_else(|e| panic!("{e}")));
        cold.push(start.elapsed().as_secs_f64());
    }
    cold.sort_by(f64::total_cmp);
    println!(
        "pdf, typeset afresh each time: median {:.1} ms, best {:.1} ms, worst {:.1} ms over 10 runs",
        cold[5] * 1000.0,
        cold[0] * 1000.0,
        cold[9] * 1000.0
    );
    // Then each format again and again, as a server re-renders the same plan (the PDF reuses
    // what typst memoised).
    for (format, runs) in [(Format::Pdf, 10), (Format::Docx, 50), (Format::Html, 50)] {
        let first = Instant::now();
        let bytes = render(&doc, format).unwrap_or_else(|e| panic!("{e}"));
        let first = first.elapsed().as_secs_f64();
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            let out = render(black_box(&doc), format).unwrap_or_else(|e| panic!("{e}"));
            times.push(start.elapsed().as_secs_f64());
            black_box(out);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{}: {} bytes; first {:.0} ms (start-up), then median {:.1} ms, best {:.1} ms, worst {:.1} ms over {runs} runs",
            format.extension(),
            bytes.len(),
            first * 1000.0,
            times[runs / 2] * 1000.0,
            times[0] * 1000.0,
            times[runs - 1] * 1000.0
        );
    }
    // Each paper of the demonstration's Q1 round, from the plan file to each format, the PDF
    // typeset afresh each time.
    let Some((round, before)) = cypp_publish::board::named(&file, "Q1 2026-27") else { return };
    for paper in cypp_publish::board::Paper::ALL {
        for format in [Format::Pdf, Format::Docx, Format::Html] {
            let mut times = Vec::with_capacity(10);
            for _ in 0..10 {
                typst::comemo::evict(0);
                let start = Instant::now();
                let doc = paper.edition(&file, round, before, today);
                black_box(render(black_box(&doc), format).unwrap_or_else(|e| panic!("{e}")));
                times.push(start.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{} as {}, from the plan file: median {:.1} ms, best {:.1} ms, worst {:.1} ms over 10 runs",
                paper.label().to_lowercase(),
                format.extension(),
                times[5] * 1000.0,
                times[0] * 1000.0,
                times[9] * 1000.0
            );
        }
    }
    // The easy read with Q1's public progress, checks and pictures included.
    for format in [Format::Pdf, Format::Html] {
        let mut times = Vec::with_capacity(10);
        for _ in 0..10 {
            typst::comemo::evict(0);
            let start = Instant::now();
            let doc = cypp_publish::easy::easy_read(&file, Some(round)).edition(&file, today);
            black_box(render(black_box(&doc), format).unwrap_or_else(|e| panic!("{e}")));
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "easy read as {}, from the plan file: median {:.1} ms, best {:.1} ms, worst {:.1} ms over 10 runs",
            format.extension(),
            times[5] * 1000.0,
            times[0] * 1000.0,
            times[9] * 1000.0
        );
    }
}
