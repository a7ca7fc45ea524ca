//! `cypp import data FILE --format ees|fingertips|lait|csv|xlsx --plan SLUG --measure SLUG`: a measure's
//! figures, with England's, the region's and the statistical neighbours', from an official
//! data file, in one transaction (or, with `--dry-run`, only shown). A large file shows a
//! progress bar while it is read.

use anyhow::{Context, bail};
use cypp_figures::{FileError, FileOptions, Needed};
use cypp_store::Actor;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::ImportDataArgs;

/// Files at least this large get a progress bar.
const LARGE: u64 = 2 * 1024 * 1024;

fn options(args: &ImportDataArgs) -> anyhow::Result<FileOptions> {
    let filters = args
        .filter
        .iter()
        .map(|f| match f.split_once('=') {
            Some((c, v)) => Ok((c.trim().to_string(), v.trim().to_string())),
            None => bail!("--filter \"{f}\" should be COLUMN=VALUE"),
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(FileOptions {
        indicator: args.indicator.clone(),
        numerator: args.numerator.clone(),
        denominator: args.denominator.clone(),
        filters,
        lait_measure: args.lait_measure.clone(),
        la_code: args.la_code.clone(),
        area_code: args.area_code.clone(),
    })
}

/// A progress bar on standard error for a large file; hidden for small ones and when standard
/// error is not a terminal.
fn progress_bar(size: u64) -> ProgressBar {
    if size < LARGE {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("Reading");
    bar
}

pub async fn run(args: ImportDataArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?;
    let db = super::open(&args.database.url).await?;
    let file = cypp_store::plan_file::export(&mut db.read().await?, &args.plan).await?;
    let Some(measure) = file.measures.iter().find(|m| m.slug == args.measure) else {
        bail!("the plan {} has no measure \"{}\"", args.plan, args.measure);
    };
    let options = options(&args)?;
    let bar = progress_bar(bytes.len() as u64);
    let series = cypp_figures::read_file(args.format, &name, &bytes, &options, &file.partnership, measure, &|read| {
        bar.set_position(read)
    });
    bar.finish_and_clear();
    let series = series.map_err(|e| match e {
        FileError::Needs(Needed::Indicator) => anyhow::anyhow!("an EES file needs --indicator COLUMN"),
        FileError::Needs(Needed::LaitMeasure) => anyhow::anyhow!("a LAIT file needs --lait-measure CODE"),
        other => anyhow::Error::new(other),
    })?;
    let parts = series.parts(measure, &file.partnership.comparator_groups);
    println!("{name}: {} rows read for \"{}\"", series.rows, measure.name);
    for change in cypp_figures::changes(measure, &parts, &file.partnership) {
        match (change.first, change.last) {
            (Some(first), Some(last)) => println!(
                "  {}: {} figures, {} to {} ({} new, {} replacing different figures, {} the same)",
                change.name,
                change.figures,
                first.label(),
                last.label(),
                change.added,
                change.replaced,
                change.unchanged
            ),
            _ => println!("  {}: none", change.name),
        }
    }
    if args.dry_run {
        println!("Nothing was written (--dry-run).");
        return Ok(());
    }
    let mut tx = db.write().await?;
    let summary =
        cypp_store::edit::import_series(&mut tx, &Actor::system("cypp import data"), measure.id, &parts, &name)
            .await
            .with_context(|| format!("cannot import {name}; nothing was written"))?;
    tx.commit().await.context("cannot save the figures")?;
    println!("Wrote {} new figures and replaced {}.", summary.added, summary.replaced);
    db.close().await;
    Ok(())
}
