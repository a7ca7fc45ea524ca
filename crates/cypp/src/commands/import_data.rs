//! `cypp import data FILE --format ees|fingertips|lait|csv|xlsx --plan SLUG --measure SLUG`: a measure's
//! figures, with England's, the region's and the statistical neighbours', from an official
//! data file, in one transaction (or, with `--dry-run`, only shown).

use anyhow::{Context, bail};
use cypp_domain::{ComparatorId, ComparatorKind, DataPoint, PlanFile};
use cypp_import::{Area, EesOptions, FingertipsOptions, LaitOptions, Series};
use cypp_store::Actor;

use crate::cli::{DataFormat, ImportDataArgs};

/// The partnership's area, as the readers need it.
fn area(file: &PlanFile, la_code: Option<String>) -> Area {
    let partnership = &file.partnership;
    let region = partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::Region);
    Area {
        name: partnership.area_name.clone(),
        gss_code: partnership.gss_code.clone(),
        la_code,
        region_code: region.and_then(|r| r.area_code.clone()),
        region_name: region.map(|r| r.name.clone()),
        neighbours: partnership
            .comparator_groups
            .iter()
            .filter(|c| c.kind == ComparatorKind::StatisticalNeighbours)
            .flat_map(|c| c.members.clone())
            .collect(),
    }
}

fn filters(args: &ImportDataArgs) -> anyhow::Result<Vec<(String, String)>> {
    args.filter
        .iter()
        .map(|f| match f.split_once('=') {
            Some((c, v)) => Ok((c.trim().to_string(), v.trim().to_string())),
            None => bail!("--filter \"{f}\" should be COLUMN=VALUE"),
        })
        .collect()
}

fn describe(label: &str, points: &[DataPoint]) -> String {
    match (points.first(), points.last()) {
        (Some(first), Some(last)) => {
            format!("  {label}: {} figures, {} to {}", points.len(), first.period.label(), last.period.label())
        }
        _ => format!("  {label}: none"),
    }
}

pub async fn run(args: ImportDataArgs) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?;
    let text = || std::str::from_utf8(&bytes).with_context(|| format!("{name} is not UTF-8 text"));
    let db = super::open(&args.database.url).await?;
    let file = cypp_store::plan_file::export(&mut db.read().await?, &args.plan).await?;
    let Some(measure) = file.measures.iter().find(|m| m.slug == args.measure) else {
        bail!("the plan {} has no measure \"{}\"", args.plan, args.measure);
    };
    let mut area = area(&file, args.la_code.clone());
    if let Some(code) = &args.area_code {
        area.gss_code = code.trim().to_uppercase();
    }
    let series: Series = match args.format {
        DataFormat::Ees => {
            let Some(indicator) = args.indicator.clone() else { bail!("an EES file needs --indicator COLUMN") };
            let options = EesOptions {
                indicator,
                numerator: args.numerator.clone(),
                denominator: args.denominator.clone(),
                filters: filters(&args)?,
            };
            cypp_import::read_ees(&name, text()?, &options, &area, measure.period_type)?
        }
        DataFormat::Fingertips => cypp_import::read_fingertips(
            &name,
            text()?,
            &FingertipsOptions { filters: filters(&args)? },
            &area,
            measure.period_type,
        )?,
        DataFormat::Csv => {
            let own = cypp_import::read_template(&name, text()?, measure)?;
            Series { rows: own.len(), own, ..Series::default() }
        }
        DataFormat::Xlsx => {
            let own = cypp_import::read_template_xlsx(&name, &bytes, measure)?;
            Series { rows: own.len(), own, ..Series::default() }
        }
        DataFormat::Lait => {
            let Some(code) = args.lait_measure.clone() else { bail!("a LAIT file needs --lait-measure CODE") };
            cypp_import::read_lait(&name, text()?, &LaitOptions { measure: code }, &area, measure.period_type)?
        }
    };
    if series.own.is_empty() {
        bail!("{name} has no figures for {} ({}); check the area's code, or give --la-code", area.name, area.gss_code);
    }
    let group = |kind: ComparatorKind| -> Option<ComparatorId> {
        file.partnership.comparator_groups.iter().find(|c| c.kind == kind).map(|c| c.id)
    };
    let mut parts: Vec<(Option<ComparatorId>, Vec<DataPoint>)> = vec![(None, series.own.clone())];
    for (kind, points) in [
        (ComparatorKind::England, &series.england),
        (ComparatorKind::Region, &series.region),
        (ComparatorKind::StatisticalNeighbours, &series.neighbours),
    ] {
        if let (Some(id), false) = (group(kind), points.is_empty()) {
            parts.push((Some(id), points.clone()));
        }
    }
    println!("{name}: {} rows read for \"{}\"", series.rows, measure.name);
    println!("{}", describe(&area.name, &series.own));
    println!("{}", describe("England", &series.england));
    println!("{}", describe("Region", &series.region));
    println!("{}", describe("Statistical neighbours (mean)", &series.neighbours));
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
