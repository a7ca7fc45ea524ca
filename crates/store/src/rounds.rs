//! Reporting rounds: made, changed, opened, closed and reopened by a partnership's admins.
//!
//! A round is made *planned*, then opened for leads to report and closed when the board has
//! what it needs; a closed round can be reopened. One round of a plan is open at a time, so a
//! lead always knows which round an update goes to. A closed round is not changed: reopen it
//! first. Each write checks the version it was based on and leaves an audit event in the same
//! transaction.

use chrono::NaiveDate;
use cypp_domain::validate::{check_committee, check_round};
use cypp_domain::{
    Ask, AuditAction, CommitteeReport, CommitteeText, CommitteeVersion, Period, PlanId, Problems, RevisionId, Round,
    RoundId, RoundStatus,
};
use serde_json::json;

use crate::audit::{Change, record};
use crate::codec::{now, word};
use crate::db::Tx;
use crate::edit::{Edit, versioned_update};
use crate::plan_file::rows::{self, ROUND_COLUMNS, RoundRow};
use crate::{Actor, StoreError, Versioned, vals};

/// What an admin gives for a round.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundFields {
    pub name: String,
    pub period: Option<Period>,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    /// By identity; empty asks every item and action that has a lead.
    pub asked: Vec<Ask>,
}

#[derive(sqlx::FromRow)]
struct PlanOf {
    plan_id: uuid::Uuid,
}

#[derive(sqlx::FromRow)]
struct Named {
    name: String,
}

#[derive(sqlx::FromRow)]
struct Next {
    n: Option<i64>,
}

/// The plan's rounds, in the order they were made, each with its version (updates not read).
pub async fn list(tx: &mut Tx, plan: PlanId) -> Result<Vec<Versioned<Round>>, StoreError> {
    let rows: Vec<RoundRow> = tx
        .fetch_all(&format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE plan_id = $1 ORDER BY position"), vals![plan.0])
        .await?;
    rows.into_iter()
        .map(|row| {
            let version = row.version;
            Ok(Versioned { value: row.into_domain()?, version })
        })
        .collect()
}

/// One round of the plan, with its version (updates not read).
pub async fn get(tx: &mut Tx, plan: PlanId, round: RoundId) -> Result<Versioned<Round>, StoreError> {
    let row: Option<RoundRow> = tx
        .fetch_optional(
            &format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE id = $1 AND plan_id = $2"),
            vals![round.0, plan.0],
        )
        .await?;
    let row = row.ok_or_else(|| StoreError::not_found("round", round.to_string()))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain()?, version })
}

fn check(fields: &RoundFields, id: RoundId, revision: RevisionId, status: RoundStatus) -> Result<Round, StoreError> {
    let round = Round {
        id,
        name: fields.name.trim().to_string(),
        period: fields.period,
        revision_id: revision,
        opens_on: fields.opens_on,
        due_on: fields.due_on,
        status,
        asked: fields.asked.clone(),
        updates: Vec::new(),
        report: None,
    };
    let mut problems = Problems::default();
    check_round(&round, "", &mut problems);
    problems.into_result().map_err(StoreError::Invalid)?;
    Ok(round)
}

async fn refuse_same_name(tx: &mut Tx, plan: PlanId, name: &str, except: Option<RoundId>) -> Result<(), StoreError> {
    let others: Vec<Named> = tx
        .fetch_all(
            "SELECT name FROM rounds WHERE plan_id = $1 AND id <> $2",
            vals![plan.0, except.map_or(uuid::Uuid::nil(), |r| r.0)],
        )
        .await?;
    if others.iter().any(|o| o.name.trim().eq_ignore_ascii_case(name.trim())) {
        return Err(StoreError::Duplicate {
            field: "name",
            message: format!("Another round of this plan is already called \"{}\"", name.trim()),
        });
    }
    Ok(())
}

fn audit_value(round: &Round) -> serde_json::Value {
    json!({
        "name": round.name,
        "period": round.period.map(|p| p.code()),
        "opens_on": round.opens_on,
        "due_on": round.due_on,
        "status": word(&round.status),
        "asked": round.asked,
    })
}

/// Makes a planned round of the plan, reporting against `revision` (the plan's current one).
pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    plan: PlanId,
    revision: RevisionId,
    fields: &RoundFields,
) -> Result<RoundId, StoreError> {
    let round = check(fields, RoundId::new(), revision, RoundStatus::Planned)?;
    refuse_same_name(tx, plan, &round.name, None).await?;
    let next: Next =
        tx.fetch_one("SELECT MAX(position) + 1 AS n FROM rounds WHERE plan_id = $1", vals![plan.0]).await?;
    let position = usize::try_from(next.n.unwrap_or(0)).unwrap_or(0);
    crate::plan_file::insert(tx, "rounds", rows::round(plan, position, &round)).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "round",
            entity_id: Some(round.id.0),
            summary: format!("Made the round \"{}\"", round.name),
            before: None,
            after: Some(audit_value(&round)),
            actor,
        },
    )
    .await?;
    Ok(round.id)
}

/// Changes a round's name, period, dates and what it asks for. A closed round is kept as it
/// closed: reopen it to change it.
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    plan: PlanId,
    id: RoundId,
    fields: &RoundFields,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, plan, id).await?;
    if current.value.status == RoundStatus::Closed {
        return Err(StoreError::Closed(format!(
            "The round \"{}\" is closed, so it is kept as it was; reopen it to change it",
            current.value.name
        )));
    }
    let round = check(fields, id, current.value.revision_id, current.value.status)?;
    refuse_same_name(tx, plan, &round.name, Some(id)).await?;
    versioned_update(
        tx,
        Edit {
            table: "rounds",
            entity: "round",
            id: id.0,
            expected,
            label: round.name.clone(),
            before: audit_value(&current.value),
            after: audit_value(&round),
            actor,
        },
        vec![
            ("name", round.name.as_str().into()),
            ("period", round.period.map(|p| p.code()).into()),
            ("opens_on", round.opens_on.into()),
            ("due_on", round.due_on.into()),
            ("asked", crate::Val::Json(crate::codec::json(&round.asked))),
        ],
    )
    .await
}

/// Opens, closes or reopens a round. Opening one while another round of the plan is open is
/// refused, naming the open one; a planned round cannot be closed before it has opened.
pub async fn set_status(
    tx: &mut Tx,
    actor: &Actor,
    plan: PlanId,
    id: RoundId,
    to: RoundStatus,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, plan, id).await?;
    let round = &current.value;
    let refuse = |message: String| {
        let mut problems = Problems::default();
        problems.push("", message);
        Err(StoreError::Invalid(problems))
    };
    match (round.status, to) {
        (from, to) if from == to => {
            return refuse(format!("The round \"{}\" is already {}", round.name, word(&to)));
        }
        (RoundStatus::Planned, RoundStatus::Closed) => {
            return refuse(format!("The round \"{}\" has not opened yet, so it cannot be closed", round.name));
        }
        (_, RoundStatus::Planned) => {
            return refuse(format!("The round \"{}\" has opened, so it cannot go back to planned", round.name));
        }
        _ => {}
    }
    if to == RoundStatus::Open {
        let open: Option<Named> = tx
            .fetch_optional(
                "SELECT name FROM rounds WHERE plan_id = $1 AND status = $2 AND id <> $3",
                vals![plan.0, word(&RoundStatus::Open), id.0],
            )
            .await?;
        if let Some(open) = open {
            return refuse(format!(
                "The round \"{}\" is open: close it before opening \"{}\", so that leads know which round they are reporting to",
                open.name, round.name
            ));
        }
    }
    let verb = match (round.status, to) {
        (RoundStatus::Closed, RoundStatus::Open) => "Reopened",
        (_, RoundStatus::Open) => "Opened",
        _ => "Closed",
    };
    let changed = tx
        .execute(
            "UPDATE rounds SET status = $1, version = version + 1 WHERE id = $2 AND version = $3",
            vals![word(&to), id.0, expected],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            entity: "round",
            label: round.name.clone(),
            expected,
            actual: current.version,
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "round",
            entity_id: Some(id.0),
            summary: format!("{verb} the round \"{}\"", round.name),
            before: Some(json!({ "status": word(&round.status) })),
            after: Some(json!({ "status": word(&to) })),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

/// Saves what the officer writes for the round's committee report, keeping the save before as
/// a version. Allowed whatever the round's state: the report is written once updates are in,
/// often after the round has closed. Saving what is already saved changes nothing.
pub async fn save_report(
    tx: &mut Tx,
    actor: &Actor,
    plan: PlanId,
    id: RoundId,
    text: &CommitteeText,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, plan, id).await?;
    let round = &current.value;
    if current.version != expected {
        return Err(StoreError::Conflict {
            entity: "round",
            label: round.name.clone(),
            expected,
            actual: current.version,
        });
    }
    let mut problems = Problems::default();
    check_committee(text, "", &mut problems);
    problems.into_result().map_err(StoreError::Invalid)?;
    if round.report.as_ref().map(|r| &r.text) == Some(text) {
        return Ok(expected);
    }
    let saved = match &round.report {
        Some(before) => {
            let mut versions = before.versions.clone();
            versions.push(CommitteeVersion {
                text: before.text.clone(),
                by: before.saved_by.clone(),
                at: before.saved_at,
            });
            CommitteeReport { text: text.clone(), saved_by: actor.label.clone(), saved_at: now(), versions }
        }
        None => {
            CommitteeReport { text: text.clone(), saved_by: actor.label.clone(), saved_at: now(), versions: Vec::new() }
        }
    };
    let changed = tx
        .execute(
            "UPDATE rounds SET report = $1, version = version + 1 WHERE id = $2 AND version = $3",
            vals![crate::Val::Json(crate::codec::json(&saved)), id.0, expected],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            entity: "round",
            label: round.name.clone(),
            expected,
            actual: current.version,
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "round",
            entity_id: Some(id.0),
            summary: format!("Wrote the committee report of the round \"{}\"", round.name),
            before: round.report.as_ref().map(|r| crate::codec::json(&r.text)),
            after: Some(crate::codec::json(text)),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

/// The plan a round belongs to.
pub async fn plan_of(tx: &mut Tx, round: RoundId) -> Result<PlanId, StoreError> {
    let row: Option<PlanOf> = tx.fetch_optional("SELECT plan_id FROM rounds WHERE id = $1", vals![round.0]).await?;
    row.map(|r| PlanId(r.plan_id)).ok_or_else(|| StoreError::not_found("round", round.to_string()))
}
