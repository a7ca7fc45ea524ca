//! Benchmark: statistical process control over 10,000 series of 60 points (a region's worth
//! of measures for every area). Run with `cargo bench -p cypp-analytics --bench spc`; the
//! figures are recorded in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::Instant;

use cypp_analytics::spc::{Improvement, Options, analyse};

fn main() {
    // Deterministic series: a level, a gentle trend and noise from a small generator.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64 / 10_000.0
    };
    let series: Vec<Vec<f64>> = (0..10_000)
        .map(|s| (0..60).map(|i| 50.0 + (s % 7) as f64 + 0.05 * i as f64 + 4.0 * next()).collect())
        .collect();
    let options = Options { improvement: Improvement::Increase, target: Some(55.0), ..Options::default() };
    let mut best = f64::INFINITY;
    for _ in 0..10 {
        let start = Instant::now();
        let mut special = 0usize;
        for values in &series {
            let analysis = analyse(black_box(values), &options);
            special += analysis.points.iter().filter(|p| p.rule.is_some()).count();
        }
        black_box(special);
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!("spc: 10,000 series of 60 points in {best:.1} ms (best of 10)");
}
