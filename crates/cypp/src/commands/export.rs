//! `cypp export`: write a plan to a file.

use std::io::Write;

use anyhow::Context;

use crate::cli::{ExportArgs, PlanFormat};

pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &args.plan).await?;
    tx.rollback().await?;
    let bytes = match args.format {
        PlanFormat::Json => file.to_json(),
    };
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(bytes.as_bytes()).context("cannot write to standard output")?,
    }
    db.close().await;
    Ok(())
}
