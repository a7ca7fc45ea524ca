//! `cypp analyse spc|interval|compare`: the statistical methods of `cypp-analytics` on figures
//! from the command line, JSON out, so that analysts can check them against the reference
//! packages (NHSRplotthedots, PHEindicatormethods, the Fingertips comparers).

use std::io::Read;

use anyhow::{Context, bail};
use cypp_analytics::compare::{self, Polarity};
use cypp_analytics::interval::{self, Confidence};
use cypp_analytics::spc::{self, Improvement, Options};
use serde::Serialize;

use crate::cli::{CompareArgs, ImprovementArg, IntervalArgs, IntervalMethod, PolarityArg, SpcArgs};

fn print<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value).context("cannot write the result as JSON")?);
    Ok(())
}

/// Reads one number per line; blank lines are skipped, anything else is an error naming the line.
pub fn read_values(name: &str, text: &str) -> anyhow::Result<Vec<f64>> {
    let mut values = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        match line.parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(v),
            _ => bail!("{name}, line {}: \"{line}\" is not a number", i + 1),
        }
    }
    Ok(values)
}

pub fn spc(args: SpcArgs) -> anyhow::Result<()> {
    let (name, text) = match args.file.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).context("cannot read standard input")?;
            ("standard input".to_string(), text)
        }
    };
    let values = read_values(&name, &text)?;
    if values.is_empty() {
        bail!("{name} holds no values");
    }
    let options = Options {
        improvement: match args.improvement {
            ImprovementArg::Increase => Improvement::Increase,
            ImprovementArg::Decrease => Improvement::Decrease,
            ImprovementArg::Neutral => Improvement::Neutral,
        },
        target: args.target,
        rebase_at: args.rebase_at,
        fix_after: args.fix_after,
        screen_outliers: !args.no_screen,
        run_length: if args.six_point_runs { 6 } else { 7 },
    };
    print(&spc::analyse(&values, &options))
}

pub fn interval(args: IntervalArgs) -> anyhow::Result<()> {
    let Some(confidence) = Confidence::parse(&args.confidence) else {
        bail!("--confidence must be 95 or 99.8, not {}", args.confidence);
    };
    let result = match args.method {
        IntervalMethod::Wilson => {
            interval::wilson(args.count, args.denominator, args.multiplier.unwrap_or(1.0), confidence)
        }
        IntervalMethod::Byar => {
            interval::byar(args.count, args.denominator, args.multiplier.unwrap_or(1.0), confidence)
        }
        IntervalMethod::Rate => {
            interval::rate(args.count, args.denominator, args.multiplier.unwrap_or(100_000.0), confidence)
        }
    };
    print(&result?)
}

#[derive(Serialize)]
struct Comparison {
    label: compare::Label,
}

pub fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let pair = |a: Option<f64>, b: Option<f64>| a.zip(b);
    let polarity = match args.polarity {
        PolarityArg::High => Polarity::High,
        PolarityArg::Low => Polarity::Low,
        PolarityArg::None => Polarity::None,
    };
    // The comparison rests on the interval; the value is accepted so that a row of a profile
    // can be passed as it stands.
    let _ = args.value;
    let label =
        compare::compare(pair(args.lower, args.upper), pair(args.lower998, args.upper998), args.benchmark, polarity);
    print(&Comparison { label })
}
