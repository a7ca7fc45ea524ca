//! `cypp report dashboard|highlight|progress|easy-read --plan SLUG [--round NAME] --format
//! pdf|docx|html -o FILE`: a board paper made from a reporting round, or the easy read, through
//! the same pipeline as the web app's.

use std::io::Write;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use cypp_domain::PlanFile;
use cypp_publish::board::{self, Paper};
use cypp_publish::{Edition, Format};

use crate::cli::{ReportArgs, ReportFormat, ReportKind};

pub async fn run(args: ReportArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &args.plan).await?;
    tx.rollback().await?;
    db.close().await;
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Docx => Format::Docx,
        ReportFormat::Html => Format::Html,
    };
    let today = chrono::Local::now().date_naive();
    let doc = match args.report {
        ReportKind::EasyRead => easy_read(&args, &file, format, today)?,
        ReportKind::Dashboard => paper(Paper::Dashboard, &args, &file, today)?,
        ReportKind::Highlight => paper(Paper::Highlight, &args, &file, today)?,
        ReportKind::Progress => paper(Paper::Progress, &args, &file, today)?,
    };
    let bytes = cypp_publish::render(&doc, format)
        .with_context(|| format!("cannot write \"{}\" as {}", doc.title, format.extension()))?;
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(&bytes).context("cannot write to standard output")?,
    }
    Ok(())
}

/// The easy read with the progress of the round named, or of the newest with public progress;
/// what the officer has still to write goes to standard error.
fn easy_read(args: &ReportArgs, file: &PlanFile, format: Format, today: NaiveDate) -> anyhow::Result<Edition> {
    if format == Format::Docx {
        return Err(anyhow!("the easy read is made as a PDF or a web page (--format pdf or html), with its pictures"));
    }
    let round = match args.round.as_deref() {
        Some(name) => Some(board::named(file, name).map(|(r, _)| r).ok_or_else(|| no_round(args, file, name))?),
        None => None,
    };
    let easy = cypp_publish::easy::easy_read(file, round);
    if !easy.missing.is_empty() {
        eprintln!("The easy read leaves out {} parts still to write in easy words:", easy.missing.len());
        for missing in &easy.missing {
            eprintln!("- {}: {}", missing.what, missing.why);
        }
    }
    Ok(easy.edition(file, today))
}

fn no_round(args: &ReportArgs, file: &PlanFile, name: &str) -> anyhow::Error {
    let names: Vec<&str> = file.rounds.iter().map(|r| r.name.as_str()).collect();
    anyhow!("the plan {} has no round called \"{name}\"; its rounds are: {}", args.plan, names.join(", "))
}

/// A board paper on the round named, or on the open round (or else the latest).
fn paper(paper: Paper, args: &ReportArgs, file: &PlanFile, today: NaiveDate) -> anyhow::Result<Edition> {
    let (round, before) = match args.round.as_deref() {
        Some(name) => board::named(file, name).ok_or_else(|| no_round(args, file, name))?,
        None => board::chosen(file, None).ok_or_else(|| anyhow!("the plan {} has no reporting rounds", args.plan))?,
    };
    Ok(paper.edition(file, round, before, today))
}
