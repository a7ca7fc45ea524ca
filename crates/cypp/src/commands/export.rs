//! `cypp export --plan SLUG --format json|pdf|docx|html|csv|xlsx [--table …] [--public] -o FILE`:
//! a plan as its lossless JSON file, as a document (through `cypp-publish`, the same pipeline
//! the web app's downloads use), or as spreadsheets.

use std::io::Write;

use anyhow::{Context, anyhow};
use cypp_publish::export::{self, Which};
use cypp_publish::{Audience, Format, plan_edition};

use crate::cli::{ExportArgs, ExportFormat, ExportTable};

pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &args.plan).await?;
    tx.rollback().await?;
    db.close().await;
    let audience = if args.public { Audience::Public } else { Audience::Internal };
    let revision = match audience {
        Audience::Public => file
            .latest_published()
            .ok_or_else(|| anyhow!("the plan {} has no published revision for a public edition", args.plan))?,
        Audience::Internal => file.current(),
    };
    let today = chrono::Local::now().date_naive();
    let document = |format: Format| -> anyhow::Result<Vec<u8>> {
        let doc = plan_edition(&file, &revision, audience, today);
        cypp_publish::render(&doc, format).with_context(|| format!("cannot write the plan as {}", format.extension()))
    };
    let bytes = match args.format {
        ExportFormat::Json => file.to_json().into_bytes(),
        ExportFormat::Pdf => document(Format::Pdf)?,
        ExportFormat::Docx => document(Format::Docx)?,
        ExportFormat::Html => document(Format::Html)?,
        ExportFormat::Csv => {
            let which = match args.table {
                ExportTable::Actions => Which::Actions,
                ExportTable::Measures => Which::Measures,
                ExportTable::Updates => Which::Updates,
            };
            export::csv(&export::sheet(&file, &revision, which, audience))
                .context("cannot write the CSV file")?
                .into_bytes()
        }
        ExportFormat::Xlsx => {
            let sheets: Vec<_> = Which::ALL.iter().map(|w| export::sheet(&file, &revision, *w, audience)).collect();
            export::xlsx(&sheets).context("cannot write the workbook")?
        }
    };
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(&bytes).context("cannot write to standard output")?,
    }
    Ok(())
}
