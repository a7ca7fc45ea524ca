//! `cypp import`: read a plan file into the database, all or nothing.

use anyhow::{Context, bail};
use cypp_domain::PlanFile;
use cypp_domain::plan_file::PlanFileError;
use cypp_store::Actor;

use crate::cli::{ImportArgs, PlanFormat};

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let Some(path) = args.file else { bail!("name the plan file to import") };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {name}"))?;
    let file = match args.format {
        PlanFormat::Json => match PlanFile::from_json(&text) {
            Ok(file) => file,
            Err(PlanFileError::Invalid(problems)) => {
                let lines: Vec<String> = problems.0.iter().map(|p| format!("  {name}: {p}")).collect();
                bail!(
                    "{name} is not a valid plan ({} problems); nothing was imported:\n{}",
                    problems.0.len(),
                    lines.join("\n")
                );
            }
            Err(e) => bail!("{name}: {e}; nothing was imported"),
        },
    };
    let db = super::open(&args.database.url).await?;
    let mut tx = db.write().await?;
    let summary = cypp_store::plan_file::import(&mut tx, &file, &Actor::system("cypp import"))
        .await
        .with_context(|| format!("cannot import {name}; nothing was imported"))?;
    tx.commit().await.context("cannot save the import")?;
    println!(
        "Imported {}: {} revisions, {} items, {} actions, {} measures with {} figures, {} rounds with {} updates, {} glossary terms.",
        summary.plan,
        summary.revisions,
        summary.items,
        summary.actions,
        summary.measures,
        summary.data_points,
        summary.rounds,
        summary.updates,
        summary.glossary_terms
    );
    db.close().await;
    Ok(())
}
