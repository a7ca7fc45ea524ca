//! `cypp report dashboard|highlight|progress --plan SLUG [--round NAME] --format pdf|docx|html -o FILE`: a board
//! paper made from a reporting round, through the same pipeline as the web app's.

use std::io::Write;

use anyhow::{Context, anyhow};
use cypp_publish::Format;
use cypp_publish::board::{self, Paper};

use crate::cli::{ReportArgs, ReportFormat, ReportKind};

pub async fn run(args: ReportArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &args.plan).await?;
    tx.rollback().await?;
    db.close().await;
    let (round, before) = match args.round.as_deref() {
        Some(name) => board::named(&file, name).ok_or_else(|| {
            let names: Vec<&str> = file.rounds.iter().map(|r| r.name.as_str()).collect();
            anyhow!("the plan {} has no round called \"{name}\"; its rounds are: {}", args.plan, names.join(", "))
        })?,
        None => board::chosen(&file, None).ok_or_else(|| anyhow!("the plan {} has no reporting rounds", args.plan))?,
    };
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Docx => Format::Docx,
        ReportFormat::Html => Format::Html,
    };
    let today = chrono::Local::now().date_naive();
    let paper = match args.report {
        ReportKind::Dashboard => Paper::Dashboard,
        ReportKind::Highlight => Paper::Highlight,
        ReportKind::Progress => Paper::Progress,
    };
    let doc = paper.edition(&file, round, before, today);
    let bytes = cypp_publish::render(&doc, format)
        .with_context(|| format!("cannot write the {} report as {}", round.name, format.extension()))?;
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(&bytes).context("cannot write to standard output")?,
    }
    Ok(())
}
