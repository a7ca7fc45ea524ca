//! `cypp import plan FILE [--format auto|text|markdown|html|docx|pdf] [--profile FILE] [--dry-run]
//! --output json|lines`: an existing plan document read into a draft plan. The dry run prints
//! the plan in the cypp-plan JSON format with every source line that was left out and why (or,
//! with `--output lines`, every source line beside where it went); without it the plan is
//! checked and saved, all or nothing.

use anyhow::{Context, anyhow, bail};
use cypp_plan_reader::parse::parse;
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Kind, read};
use cypp_store::Actor;

use crate::cli::ImportPlanArgs;

pub async fn run(args: ImportPlanArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?;
    let kind = match args.format.as_str() {
        "auto" => Kind::detect(&name, &bytes),
        word => Kind::from_word(word)
            .ok_or_else(|| anyhow!("--format {word}: use auto, text, markdown, html, docx or pdf"))?,
    };
    if !matches!(args.output.as_str(), "json" | "lines") {
        bail!("--output {}: use json or lines", args.output);
    }
    let mut profile = Profile::built_in();
    if let Some(path) = &args.profile {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let own = Profile::from_json(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        profile = profile.extended_by(own);
    }
    let source = read(kind, &name, &bytes)?;
    let parsed = parse(&source, &profile);
    let owner = Owner {
        partnership_name: args.partnership_name.clone(),
        partnership_slug: args.partnership_slug.clone(),
        area_name: args.area_name.clone(),
        gss_code: args.gss_code.clone(),
    };
    let file = plan_file(&parsed, &owner);
    if args.dry_run && args.output == "lines" {
        for (line, place) in parsed.where_lines_went(&source) {
            println!("{:>5}  {:<44}  {}", line.number, place, line.text.replace('\t', " | "));
        }
        return Ok(());
    }
    if args.dry_run {
        let out = cypp_plan_reader::dry_run(kind, &source, &parsed, &file);
        println!("{}", serde_json::to_string_pretty(&out).context("cannot show the plan")?);
        return Ok(());
    }
    if let Some(why) = parsed.no_structure(&source, &name) {
        bail!("{why}; nothing was saved");
    }
    let problems = file.validate();
    if !problems.is_empty() {
        bail!("the plan read from {name} is not yet valid; nothing was saved:\n{problems}");
    }
    let db = super::open(&args.database.url).await?;
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &Actor::system("cypp import plan"))
        .await
        .with_context(|| format!("cannot save the plan from {name}; nothing was saved"))?;
    tx.commit().await.context("cannot save the plan")?;
    db.close().await;
    let items = file.items.iter().map(|i| i.walk().len()).sum::<usize>();
    println!(
        "Saved \"{}\" as a draft: {items} items at levels {}. Check it at /plans/{}.",
        file.plan.title,
        file.plan.level_names.join(", "),
        file.plan.slug
    );
    for round in &file.rounds {
        println!(
            "It is a progress report: saved as the reporting round \"{}\" ({}) with {} updates.",
            round.name,
            cypp_domain::period::uk_date(round.opens_on),
            round.updates.len()
        );
    }
    Ok(())
}
