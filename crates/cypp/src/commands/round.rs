//! `cypp round list|open|close`: a plan's reporting rounds from the command line, by the same
//! rules as the web app (`cypp_store::rounds`): one open round at a time, a closed round kept
//! as it closed until it is reopened, every change in the audit trail.

use anyhow::{Context, bail};
use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::{Identities, Period, PlanFile, RoundStatus};
use cypp_store::rounds::{self, RoundFields};
use cypp_store::{Actor, Db};

use crate::cli::{RoundCloseArgs, RoundListArgs, RoundOpenArgs};

/// A date as ISO (2027-01-29) or as the UK writes it (29/1/2027).
fn day(text: &str, what: &str) -> anyhow::Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .with_context(|| format!("{what} \"{text}\" is not a date; write it as 2027-01-29 or 29/1/2027"))
}

async fn plan(db: &Db, slug: &str) -> anyhow::Result<PlanFile> {
    let mut tx = db.read().await?;
    let file =
        cypp_store::plan_file::export(&mut tx, slug).await.with_context(|| format!("cannot read the plan {slug}"))?;
    tx.rollback().await?;
    Ok(file)
}

pub async fn list(args: RoundListArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let file = plan(&db, &args.plan).await?;
    let ids = Identities::of(&file);
    if file.rounds.is_empty() {
        println!("{} has no reporting rounds yet.", file.plan.title);
    }
    for round in &file.rounds {
        let asks = round.asks(&file.items, &ids);
        let given = asks.iter().filter(|a| round.update_on(**a, &ids).is_some_and(|u| u.is_given())).count();
        println!(
            "{:<24} {:<8} {:<18} opens {:<17} due {:<17} {given} of {} updates",
            round.name,
            match round.status {
                RoundStatus::Planned => "planned",
                RoundStatus::Open => "open",
                RoundStatus::Closed => "closed",
            },
            round.period.map(|p| p.label()).unwrap_or_default(),
            uk_date(round.opens_on),
            uk_date(round.due_on),
            asks.len(),
        );
    }
    db.close().await;
    Ok(())
}

pub async fn open(args: RoundOpenArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let file = plan(&db, &args.plan).await?;
    let actor = Actor::system("cypp round open");
    let mut tx = db.write().await?;
    let (id, made) = match file.rounds.iter().find(|r| r.name.trim().eq_ignore_ascii_case(args.name.trim())) {
        Some(round) => (round.id, false),
        None => {
            let Some(due) = &args.due else {
                bail!(
                    "{} has no round called \"{}\"; to make it, give --due (and --opens, --period)",
                    file.plan.title,
                    args.name
                );
            };
            let period = args
                .period
                .as_deref()
                .map(|p| Period::parse_loose(p, None).map(|p| p.period))
                .transpose()
                .context("--period")?;
            let opens_on = match &args.opens {
                Some(text) => day(text, "--opens")?,
                None => chrono::Local::now().date_naive(),
            };
            let fields = RoundFields {
                name: args.name.clone(),
                period,
                opens_on,
                due_on: day(due, "--due")?,
                asked: Vec::new(),
            };
            (rounds::create(&mut tx, &actor, file.plan.id, file.plan.revision_id, &fields).await?, true)
        }
    };
    let current = rounds::get(&mut tx, file.plan.id, id).await?;
    let verb = if current.value.status == RoundStatus::Closed { "Reopened" } else { "Opened" };
    rounds::set_status(&mut tx, &actor, file.plan.id, id, RoundStatus::Open, current.version).await?;
    tx.commit().await?;
    let made = if made { "Made and opened" } else { verb };
    println!("{made} the round \"{}\", updates due {}.", current.value.name, uk_date(current.value.due_on));
    db.close().await;
    Ok(())
}

pub async fn close(args: RoundCloseArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    let file = plan(&db, &args.plan).await?;
    let Some(round) = file.rounds.iter().find(|r| r.name.trim().eq_ignore_ascii_case(args.name.trim())) else {
        bail!("{} has no round called \"{}\"", file.plan.title, args.name);
    };
    let mut tx = db.write().await?;
    let current = rounds::get(&mut tx, file.plan.id, round.id).await?;
    rounds::set_status(
        &mut tx,
        &Actor::system("cypp round close"),
        file.plan.id,
        round.id,
        RoundStatus::Closed,
        current.version,
    )
    .await?;
    tx.commit().await?;
    println!("Closed the round \"{}\".", round.name);
    db.close().await;
    Ok(())
}
