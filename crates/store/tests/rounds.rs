//! Reporting rounds made, changed, opened, closed and reopened; each run on SQLite and on
//! PostgreSQL (see `cypp_testkit::db_test!`).

use chrono::NaiveDate;
use cypp_domain::*;
use cypp_store::plan_file::{export, import};
use cypp_store::rounds::{self, RoundFields};
use cypp_store::{Actor, Db, StoreError};
use cypp_testkit::{TestResult, db_test};

const SLUG: &str = "kelderby-cypp-2024-27";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn fields(name: &str) -> RoundFields {
    RoundFields {
        name: name.into(),
        period: Some(Period::Quarter { year: 2026, quarter: 3 }),
        opens_on: day(2027, 1, 5),
        due_on: day(2027, 1, 29),
        asked: Vec::new(),
    }
}

async fn demo(db: &Db) -> Result<PlanFile, Box<dyn std::error::Error + Send + Sync>> {
    let file = cypp_demo::plan_file();
    let mut tx = db.write().await?;
    import(&mut tx, &file, &Actor::system("test")).await?;
    tx.commit().await?;
    Ok(file)
}

async fn a_round_is_made_opened_closed_and_reopened_one_open_at_a_time(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let admin = Actor::system("admin");
    let plan = file.plan.id;
    let mut tx = db.write().await?;
    let q3 = rounds::create(&mut tx, &admin, plan, file.plan.revision_id, &fields("Q3 2026-27")).await?;
    tx.commit().await?;

    let mut tx = db.write().await?;
    let made = rounds::get(&mut tx, plan, q3).await?;
    assert_eq!(made.value.status, RoundStatus::Planned);
    // Q2 is open: Q3 cannot open until it closes.
    let refused = rounds::set_status(&mut tx, &admin, plan, q3, RoundStatus::Open, made.version).await;
    match refused {
        Err(StoreError::Invalid(p)) => assert!(p.to_string().contains("\"Q2 2026-27\" is open"), "{p}"),
        other => return Err(format!("opening a second round: {other:?}").into()),
    }
    let q2 = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("no open round")?.id;
    let open = rounds::get(&mut tx, plan, q2).await?;
    rounds::set_status(&mut tx, &admin, plan, q2, RoundStatus::Closed, open.version).await?;
    let opened = rounds::set_status(&mut tx, &admin, plan, q3, RoundStatus::Open, made.version).await?;
    // A stale version is refused.
    let stale = rounds::set_status(&mut tx, &admin, plan, q3, RoundStatus::Closed, made.version).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
    let closed = rounds::set_status(&mut tx, &admin, plan, q3, RoundStatus::Closed, opened).await?;
    // A closed round is kept as it was; reopened, it can be changed again.
    let changed = rounds::update(&mut tx, &admin, plan, q3, &fields("Q3, renamed"), closed).await;
    assert!(matches!(changed, Err(StoreError::Closed(_))), "{changed:?}");
    let reopened = rounds::set_status(&mut tx, &admin, plan, q3, RoundStatus::Open, closed).await?;
    rounds::update(&mut tx, &admin, plan, q3, &fields("Q3 2026-27 (extended)"), reopened).await?;
    tx.commit().await?;

    let mut tx = db.read().await?;
    let all = rounds::list(&mut tx, plan).await?;
    let names: Vec<(&str, RoundStatus)> = all.iter().map(|r| (r.value.name.as_str(), r.value.status)).collect();
    assert_eq!(
        names,
        [
            ("Q1 2026-27", RoundStatus::Closed),
            ("Q2 2026-27", RoundStatus::Closed),
            ("Q3 2026-27 (extended)", RoundStatus::Open)
        ]
    );
    let trail = cypp_store::audit::list(&mut tx, Some(q3.0), 20).await?;
    let summaries: Vec<&str> = trail.iter().rev().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Made the round \"Q3 2026-27\"",
            "Opened the round \"Q3 2026-27\"",
            "Closed the round \"Q3 2026-27\"",
            "Reopened the round \"Q3 2026-27\"",
            "Changed the round \"Q3 2026-27 (extended)\"",
        ]
    );
    // The plan file keeps the round and what it asks for.
    let exported = export(&mut tx, SLUG).await?;
    tx.rollback().await?;
    assert_eq!(exported.rounds.len(), 3);
    assert_eq!(exported.rounds[0].asked, file.rounds[0].asked, "the demo's rounds ask for its priorities");
    Ok(())
}

async fn a_round_needs_a_name_of_its_own_and_dates_in_order(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let admin = Actor::system("admin");
    let mut tx = db.write().await?;
    let same = rounds::create(&mut tx, &admin, file.plan.id, file.plan.revision_id, &fields("q2 2026-27")).await;
    assert!(matches!(&same, Err(StoreError::Duplicate { field: "name", .. })), "{same:?}");
    let backwards = RoundFields { due_on: day(2027, 1, 1), ..fields("Q3 2026-27") };
    match rounds::create(&mut tx, &admin, file.plan.id, file.plan.revision_id, &backwards).await {
        Err(StoreError::Invalid(p)) => assert!(p.to_string().contains("due_on"), "{p}"),
        other => return Err(format!("dates in the wrong order: {other:?}").into()),
    }
    let blank = rounds::create(&mut tx, &admin, file.plan.id, file.plan.revision_id, &fields("  ")).await;
    assert!(matches!(blank, Err(StoreError::Invalid(_))), "{blank:?}");
    tx.rollback().await?;
    Ok(())
}

async fn what_a_round_asks_for_follows_its_items_through_a_refresh(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let admin = Actor::system("admin");
    let item = &file.items[0].items[0];
    let action = &item.actions[0];
    let asked = vec![Ask::Item(item.id), Ask::Action(action.id)];
    let mut tx = db.write().await?;
    let round = rounds::create(
        &mut tx,
        &admin,
        file.plan.id,
        file.plan.revision_id,
        &RoundFields { asked: asked.clone(), ..fields("Q3 2026-27") },
    )
    .await?;
    cypp_store::edit::start_refresh(&mut tx, &admin, file.plan.id, None).await?;
    tx.commit().await?;
    let mut tx = db.read().await?;
    let now = export(&mut tx, SLUG).await?;
    tx.rollback().await?;
    let round = now.rounds.iter().find(|r| r.id == round).ok_or("the round is kept")?;
    let ids = Identities::of(&now);
    let asks = round.asks(&now.items, &ids);
    let copy = &now.items[0].items[0];
    assert_ne!(copy.id, item.id, "the refresh made a copy");
    assert_eq!(asks, [Ask::Item(copy.id), Ask::Action(copy.actions[0].id)]);
    // With nothing chosen, a round asks every item and action that has a lead.
    let everything = Round { asked: Vec::new(), ..round.clone() }.asks(&now.items, &ids);
    let with_leads = now
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(_, i)| usize::from(i.officer_lead.is_some()) + i.actions.iter().filter(|a| a.lead.is_some()).count())
        .sum::<usize>();
    assert!(with_leads > 10 && everything.len() == with_leads, "{} of {with_leads}", everything.len());
    Ok(())
}

db_test!(
    a_round_is_made_opened_closed_and_reopened_one_open_at_a_time,
    a_round_needs_a_name_of_its_own_and_dates_in_order,
    what_a_round_asks_for_follows_its_items_through_a_refresh,
);
