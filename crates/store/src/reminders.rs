//! Reminders sent to leads: claimed before sending, so that one reminder about one item in one
//! round goes to one person once, whichever server sends it; released if the email could not
//! be sent, so it is tried again.

use chrono::{DateTime, Utc};
use cypp_domain::RoundId;

use cypp_domain::AuditAction;
use serde_json::json;

use crate::audit::{Change, record};
use crate::codec::now;
use crate::db::Tx;
use crate::{Actor, StoreError, vals};

/// One reminder sent: to whom, about what (`item:{id}` by identity), "before" or "after" the
/// due date, and when.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Sent {
    pub email: String,
    pub ask: String,
    pub kind: String,
    pub sent_at: DateTime<Utc>,
}

/// Every reminder sent in a round, oldest first.
pub async fn sent(tx: &mut Tx, round: RoundId) -> Result<Vec<Sent>, StoreError> {
    tx.fetch_all(
        "SELECT email, ask, kind, sent_at FROM reminders_sent WHERE round_id = $1 ORDER BY sent_at, email, ask",
        vals![round.0],
    )
    .await
}

/// Claims the reminders of `kind` to `email` about `asks` that nobody has sent; returns those
/// claimed, and records the claim in the audit trail. Commit before sending.
pub async fn claim(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    email: &str,
    asks: &[String],
    kind: &str,
) -> Result<Vec<String>, StoreError> {
    let mut claimed = Vec::new();
    let at = now();
    for ask in asks {
        let inserted = tx
            .execute(
                // Both engines read ON CONFLICT DO NOTHING alike.
                "INSERT INTO reminders_sent (round_id, email, ask, kind, sent_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT DO NOTHING",
                vals![round.0, email.to_lowercase(), ask.as_str(), kind, at],
            )
            .await?;
        if inserted == 1 {
            claimed.push(ask.clone());
        }
    }
    if !claimed.is_empty() {
        let to = email.to_lowercase();
        let summary = format!("Reminder {} the due date to {to}, about {}", when(kind), things(claimed.len()));
        let after = json!({ "to": to, "kind": kind, "about": claimed });
        let change = Change {
            action: AuditAction::Create,
            entity: "reminder",
            entity_id: Some(round.0),
            summary,
            before: None,
            after: Some(after),
            actor,
        };
        record(tx, change).await?;
    }
    Ok(claimed)
}

fn when(kind: &str) -> &'static str {
    if kind == "before" { "before" } else { "after" }
}

fn things(n: usize) -> String {
    if n == 1 { "1 thing to update".into() } else { format!("{n} things to update") }
}

/// Gives back a claim whose email could not be sent (`why`), so it is tried again; recorded.
pub async fn release(
    tx: &mut Tx,
    actor: &Actor,
    round: RoundId,
    email: &str,
    asks: &[String],
    kind: &str,
    why: &str,
) -> Result<(), StoreError> {
    for ask in asks {
        tx.execute(
            "DELETE FROM reminders_sent WHERE round_id = $1 AND email = $2 AND ask = $3 AND kind = $4",
            vals![round.0, email.to_lowercase(), ask.as_str(), kind],
        )
        .await?;
    }
    let change = Change {
        action: AuditAction::Delete,
        entity: "reminder",
        entity_id: Some(round.0),
        summary: format!(
            "Reminder {} the due date to {} not sent ({why}); it will be tried again",
            when(kind),
            email.to_lowercase()
        ),
        before: Some(json!({ "to": email.to_lowercase(), "kind": kind, "about": asks })),
        after: None,
        actor,
    };
    record(tx, change).await?;
    Ok(())
}
