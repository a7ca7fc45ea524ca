//! Writing and reading the audit trail. Every write in the store calls [`record`] inside the
//! same transaction, so a change and its audit event land together or not at all.

use chrono::{DateTime, Utc};
use cypp_domain::{AuditAction, AuditEvent, AuditEventId, UserId};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::codec::{from_word, now};
use crate::db::Tx;
use crate::{Actor, StoreError, Val, vals};

/// What changed, for one audit event.
pub struct Change<'a> {
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: Option<Uuid>,
    pub summary: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub actor: &'a Actor,
}

pub async fn record(tx: &mut Tx, change: Change<'_>) -> Result<AuditEventId, StoreError> {
    let id = AuditEventId::new();
    let json = |v: Option<Value>| v.map(Val::Json).unwrap_or(Val::NullJson);
    tx.execute(
        "INSERT INTO audit_events (id, at, actor_id, actor, action, entity, entity_id, summary, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        vec![
            Val::from(id.0),
            Val::from(now()),
            Val::from(change.actor.id.map(|u| u.0)),
            Val::from(change.actor.label.as_str()),
            Val::from(change.action.as_str()),
            Val::from(change.entity),
            Val::from(change.entity_id),
            Val::from(change.summary),
            json(change.before),
            json(change.after),
        ],
    )
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: Uuid,
    at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<Uuid>,
    summary: String,
    before: Option<Json<Value>>,
    after: Option<Json<Value>>,
}

const AUDIT_COLUMNS: &str = "id, at, actor_id, actor, action, entity, entity_id, summary, before, after";

/// The newest events first, optionally for one record.
pub async fn list(tx: &mut Tx, entity_id: Option<Uuid>, limit: i64) -> Result<Vec<AuditEvent>, StoreError> {
    let rows: Vec<AuditRow> = match entity_id {
        Some(id) => {
            tx.fetch_all(
                &format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE entity_id = $1 ORDER BY at DESC, id LIMIT $2"),
                vals![id, limit],
            )
            .await?
        }
        None => {
            tx.fetch_all(
                &format!("SELECT {AUDIT_COLUMNS} FROM audit_events ORDER BY at DESC, id LIMIT $1"),
                vals![limit],
            )
            .await?
        }
    };
    rows.into_iter().map(into_event).collect()
}

/// The events since `at`, newest first, of the records in `ids`, at most `limit` of them.
pub async fn since_for(
    tx: &mut Tx,
    at: DateTime<Utc>,
    ids: &std::collections::HashSet<Uuid>,
    limit: usize,
) -> Result<Vec<AuditEvent>, StoreError> {
    let rows: Vec<AuditRow> = tx
        .fetch_all(&format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE at >= $1 ORDER BY at DESC, id"), vals![at])
        .await?;
    rows.into_iter().filter(|r| r.entity_id.is_some_and(|id| ids.contains(&id))).take(limit).map(into_event).collect()
}

fn into_event(r: AuditRow) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        id: AuditEventId(r.id),
        at: r.at,
        actor_id: r.actor_id.map(UserId),
        actor: r.actor,
        action: from_word("audit_events.action", &r.action)?,
        entity: r.entity,
        entity_id: r.entity_id,
        summary: r.summary,
        before: r.before.map(|j| j.0),
        after: r.after.map(|j| j.0),
    })
}
