//! Progress updates in a round: a lead saves a draft and submits it; an officer accepts it or
//! returns it with a comment, and the lead submits again. Every save and decision keeps the
//! version before it (`Update::versions`), checks the version it was based on (so two people
//! saving the same update never overwrite each other silently), and writes its audit event in
//! the same transaction. Nothing in a round that is not open can be changed.

use cypp_domain::validate::check_update;
use cypp_domain::{
    ActionStatus, AuditAction, Link, Problems, Rag, Review, RoundId, RoundStatus, Update, UpdateId, UpdateStatus,
};
use serde_json::json;

use crate::audit::{Change, record};
use crate::codec::{now, word};
use crate::db::Tx;
use crate::plan_file::rows::{self, UPDATE_COLUMNS, UpdateRow};
use crate::{Actor, StoreError, Val, Versioned, vals};

/// What a lead writes in an update.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Content {
    pub rag: Option<Rag>,
    pub action_status: Option<ActionStatus>,
    pub working_well: Option<String>,
    pub worried_about: Option<String>,
    pub next_steps: Option<String>,
    pub evidence: Vec<Link>,
}

/// Whether a save keeps the update as a draft or submits it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    Draft,
    Submit,
}

/// An officer's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Return,
}

#[derive(sqlx::FromRow)]
struct RoundState {
    name: String,
    status: String,
}

/// Refuses a write to a round that is not open, in words.
async fn require_open(tx: &mut Tx, round: RoundId) -> Result<(), StoreError> {
    let row: Option<RoundState> =
        tx.fetch_optional("SELECT name, status FROM rounds WHERE id = $1", vals![round.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("round", round.to_string()))?;
    if row.status != word(&RoundStatus::Open) {
        let why = if row.status == word(&RoundStatus::Closed) { "is closed" } else { "has not opened yet" };
        return Err(StoreError::Closed(format!(
            "The round \"{}\" {why}, so its updates cannot be changed; nothing was saved",
            row.name
        )));
    }
    Ok(())
}

/// One update of a round, with its version.
pub async fn get(tx: &mut Tx, round: RoundId, id: UpdateId) -> Result<Versioned<Update>, StoreError> {
    let row: Option<UpdateRow> = tx
        .fetch_optional(
            &format!("SELECT {UPDATE_COLUMNS} FROM updates WHERE id = $1 AND round_id = $2"),
            vals![id.0, round.0],
        )
        .await?;
    let row = row.ok_or_else(|| StoreError::not_found("update", id.to_string()))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain()?, version })
}

fn checked(update: &Update, intent: Intent) -> Result<(), StoreError> {
    let mut problems = Problems::default();
    check_update(update, "", &mut problems);
    if intent == Intent::Submit {
        if update.rag.is_none() {
            problems.push("rag", "Choose a RAG rating before you submit");
        }
        if update.action.is_some() && update.action_status.is_none() {
            problems.push("action_status", "Choose the action's status before you submit");
        }
        let said = [&update.working_well, &update.worried_about, &update.next_steps];
        if said.iter().all(|t| t.as_deref().is_none_or(|t| t.trim().is_empty())) {
            problems.push(
                "working_well",
                "Say what is working well, what you are worried about or what needs to happen next",
            );
        }
    }
    problems.into_result().map_err(StoreError::Invalid)
}

fn apply(update: &mut Update, content: &Content, intent: Intent) {
    update.rag = content.rag;
    update.action_status = content.action_status;
    update.working_well = content.working_well.clone();
    update.worried_about = content.worried_about.clone();
    update.next_steps = content.next_steps.clone();
    update.evidence = content.evidence.clone();
    match intent {
        Intent::Draft => {
            // A returned update saved again stays returned (with its comment) until submitted.
            if update.status != UpdateStatus::Returned {
                update.status = UpdateStatus::Draft;
            }
        }
        Intent::Submit => {
            update.status = UpdateStatus::Submitted;
            update.submitted_at = Some(now());
        }
    }
}

fn audit_value(update: &Update) -> serde_json::Value {
    json!({
        "status": word(&update.status),
        "rag": update.rag.map(|r| word(&r)),
        "action_status": update.action_status.map(|s| word(&s)),
        "working_well": update.working_well,
        "worried_about": update.worried_about,
        "next_steps": update.next_steps,
        "evidence": update.evidence,
        "review": update.review,
        "public": update.public.as_ref().map(|p| &p.text),
        "public_easy_words": update.public.as_ref().and_then(|p| p.easy_words.as_ref()),
    })
}

fn event(intent: Intent) -> &'static str {
    match intent {
        Intent::Draft => "Saved as a draft",
        Intent::Submit => "Submitted",
    }
}

/// Starts the update of `author` on one item or action in an open round (`update` as made by
/// `Update::draft`), saved or submitted at once.
pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    mut update: Update,
    content: &Content,
    intent: Intent,
) -> Result<(UpdateId, i64), StoreError> {
    require_open(tx, round).await?;
    apply(&mut update, content, intent);
    checked(&update, intent)?;
    let at = now();
    update.versions.push(update.version(event(intent), &actor.label, at));
    let next: NextPosition =
        tx.fetch_one("SELECT MAX(position) + 1 AS n FROM updates WHERE round_id = $1", vals![round.0]).await?;
    let position = usize::try_from(next.n.unwrap_or(0)).unwrap_or(0);
    crate::plan_file::insert(tx, "updates", rows::update(round, position, &update)).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "update",
            entity_id: Some(update.id.0),
            summary: format!("{} the update of {}", event(intent), update.author),
            before: None,
            after: Some(audit_value(&update)),
            actor,
        },
    )
    .await?;
    Ok((update.id, 1))
}

#[derive(sqlx::FromRow)]
struct NextPosition {
    n: Option<i64>,
}

/// Writes `after` over the update at `expected`, keeping `before` in the audit trail.
async fn write(
    tx: &mut Tx,
    actor: &Actor,
    before: &Update,
    after: &Update,
    expected: i64,
    summary: String,
) -> Result<i64, StoreError> {
    let mut columns = rows::update_fields(after);
    columns.retain(|(c, _)| !matches!(*c, "item_id" | "action_id" | "author" | "author_email"));
    let n = columns.len();
    let set: Vec<String> = columns.iter().enumerate().map(|(i, (c, _))| format!("{c} = ${}", i + 1)).collect();
    let sql = format!(
        "UPDATE updates SET {}, version = version + 1 WHERE id = ${} AND version = ${}",
        set.join(", "),
        n + 1,
        n + 2
    );
    let mut values: Vec<Val> = columns.into_iter().map(|(_, v)| v).collect();
    values.push(after.id.0.into());
    values.push(expected.into());
    if tx.execute(&sql, values).await? == 0 {
        let current: Option<Version> =
            tx.fetch_optional("SELECT version FROM updates WHERE id = $1", vals![after.id.0]).await?;
        return Err(match current {
            None => StoreError::not_found("update", after.id.to_string()),
            Some(row) => StoreError::Conflict {
                entity: "update",
                label: format!("of {}", after.author),
                expected,
                actual: row.version,
            },
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "update",
            entity_id: Some(after.id.0),
            summary,
            before: Some(audit_value(before)),
            after: Some(audit_value(after)),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

#[derive(sqlx::FromRow)]
struct Version {
    version: i64,
}

/// Saves or submits an update already started. An accepted update is settled: an officer
/// returns it first if it must change.
pub async fn save(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    id: UpdateId,
    content: &Content,
    intent: Intent,
    expected: i64,
) -> Result<i64, StoreError> {
    require_open(tx, round).await?;
    let current = get(tx, round, id).await?;
    if current.version != expected {
        return Err(StoreError::Conflict {
            entity: "update",
            label: format!("of {}", current.value.author),
            expected,
            actual: current.version,
        });
    }
    if current.value.status == UpdateStatus::Accepted {
        let mut problems = Problems::default();
        problems
            .push("", "This update has been accepted, so it is settled; ask an officer to return it if it must change");
        return Err(StoreError::Invalid(problems));
    }
    let mut after = current.value.clone();
    apply(&mut after, content, intent);
    checked(&after, intent)?;
    after.versions.push(after.version(event(intent), &actor.label, now()));
    let summary = format!("{} the update of {}", event(intent), after.author);
    write(tx, actor, &current.value, &after, expected, summary).await
}

/// Accepts a submitted update, or returns it to its lead with a comment (required).
pub async fn review(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    id: UpdateId,
    decision: Decision,
    comment: Option<String>,
    expected: i64,
) -> Result<i64, StoreError> {
    require_open(tx, round).await?;
    let current = get(tx, round, id).await?;
    let mut problems = Problems::default();
    if current.value.status != UpdateStatus::Submitted {
        problems.push(
            "",
            format!(
                "This update is {}: only a submitted update can be accepted or returned",
                current.value.status.label().to_lowercase()
            ),
        );
    }
    let comment = comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if decision == Decision::Return && comment.is_none() {
        problems.push("comment", "Say what the lead should change before you return the update");
    }
    problems.into_result().map_err(StoreError::Invalid)?;
    let mut after = current.value.clone();
    after.status = match decision {
        Decision::Accept => UpdateStatus::Accepted,
        Decision::Return => UpdateStatus::Returned,
    };
    after.review = Some(Review { by: actor.label.clone(), at: now(), comment });
    let what = match decision {
        Decision::Accept => "Accepted",
        Decision::Return => "Returned",
    };
    after.versions.push(after.version(what, &actor.label, now()));
    let summary = format!("{what} the update of {}", after.author);
    write(tx, actor, &current.value, &after, expected, summary).await
}

/// What an admin puts on the public site of an accepted update: the summary the public read
/// and, for the easy read, its easy words (checked against the plan's jargon buster by the
/// caller, which has the plan).
pub struct PublicWords {
    pub summary: String,
    pub easy_words: Option<String>,
}

/// Puts an accepted update on the public site with the words the public will read
/// (`Some`), or takes it off (`None`), whether or not its round is still open: progress is
/// often published after the round has closed. A summary that counts a few people (1 to `threshold`: "3 young people") is
/// refused in words, as the published figures suppress small numbers.
pub async fn publish(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    id: UpdateId,
    words: Option<PublicWords>,
    threshold: u32,
    expected: i64,
) -> Result<i64, StoreError> {
    let current = get(tx, round, id).await?;
    let easy_words = words.as_ref().and_then(|w| w.easy_words.as_deref()).map(str::trim).filter(|w| !w.is_empty());
    let easy_words = easy_words.map(str::to_string);
    let summary = words.map(|w| w.summary);
    if current.version != expected {
        return Err(StoreError::Conflict {
            entity: "update",
            label: format!("of {}", current.value.author),
            expected,
            actual: current.version,
        });
    }
    let mut problems = Problems::default();
    if current.value.status != UpdateStatus::Accepted {
        problems.push("", "Only an accepted update can go on the public site");
    }
    let summary = summary.map(|s| s.trim().to_string());
    let small_counts = |field: &str, what: &str, text: &str, problems: &mut Problems| {
        let small = cypp_domain::plain::small_counts(text, threshold);
        if !small.is_empty() {
            problems.push(
                field,
                format!(
                    "{what} counts a few people (\"{}\"): the public site does not give counts from 1 to {threshold}, so that nobody can be recognised; say it without the number",
                    small.join("\", \"")
                ),
            );
        }
    };
    if let Some(words) = easy_words.as_deref() {
        small_counts("easy_words", "The easy words", words, &mut problems);
        let mut checked = current.value.clone();
        checked.next_steps = Some(words.to_string());
        let mut length = Problems::default();
        check_update(&checked, "", &mut length);
        if !length.is_empty() {
            problems.push("easy_words", "The easy words are too long");
        }
    }
    match summary.as_deref() {
        Some("") => problems.push("summary", "Write the summary the public will read"),
        Some(text) => {
            small_counts("summary", "The summary", text, &mut problems);
            let mut length = Problems::default();
            let mut checked = current.value.clone();
            checked.working_well = Some(text.to_string());
            check_update(&checked, "", &mut length);
            if !length.is_empty() {
                problems.push("summary", "The summary is too long");
            }
        }
        None => {}
    }
    problems.into_result().map_err(StoreError::Invalid)?;
    let mut after = current.value.clone();
    let at = now();
    after.public = summary.map(|text| cypp_domain::PublicSummary { text, easy_words, by: actor.label.clone(), at });
    let words = |u: &Update| u.public.as_ref().map(|p| (p.text.clone(), p.easy_words.clone()));
    if words(&after) == words(&current.value) {
        return Ok(expected);
    }
    let what = if after.public.is_some() { "Put on the public site" } else { "Taken off the public site" };
    after.versions.push(after.version(what, &actor.label, at));
    let summary = format!("{what}: the update of {}", after.author);
    write(tx, actor, &current.value, &after, expected, summary).await
}
