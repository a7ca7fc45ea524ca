//! Files read in the web app and waiting for the person who uploaded them to check and confirm
//! them: a measure's figures (what the file will write is kept here, not in `data_points`) and
//! plan documents being brought in (the draft and where each source line went, kept here, not
//! in the plan tables). Nothing changes until it is confirmed; an unconfirmed file is forgotten
//! after a day.

use chrono::{DateTime, Duration, Utc};
use cypp_domain::{ComparatorId, DataPoint, MeasureId, UserId};
use uuid::Uuid;

use crate::codec::now;
use crate::db::Tx;
use crate::{StoreError, vals};

/// Figures for one series: the partnership's own (`None`) or a comparator's.
pub type Figures = Vec<(Option<ComparatorId>, Vec<DataPoint>)>;

/// How long an unconfirmed file is kept.
const KEPT_HOURS: i64 = 24;

/// A file waiting for confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub id: Uuid,
    pub measure: MeasureId,
    pub file_name: String,
    pub figures: Figures,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: Uuid,
    measure_id: Uuid,
    file_name: String,
    figures: String,
    created_at: DateTime<Utc>,
}

/// Keeps what a file will write, for `user` to confirm; forgets anyone's files older than a
/// day. Returns the pending import's id.
pub async fn save(
    tx: &mut Tx,
    user: UserId,
    measure: MeasureId,
    file_name: &str,
    figures: &Figures,
) -> Result<Uuid, StoreError> {
    let created = now();
    tx.execute("DELETE FROM pending_imports WHERE created_at < $1", vals![created - Duration::hours(KEPT_HOURS)])
        .await?;
    let id = Uuid::new_v4();
    let json = serde_json::to_string(figures)
        .map_err(|e| StoreError::Corrupt { column: "pending_imports.figures", value: e.to_string() })?;
    tx.execute(
        "INSERT INTO pending_imports (id, user_id, measure_id, file_name, figures, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        vals![id, user.0, measure.0, file_name, json, created],
    )
    .await?;
    Ok(id)
}

/// The pending import with this id, if it is `user`'s and not yet forgotten.
pub async fn find(tx: &mut Tx, id: Uuid, user: UserId) -> Result<Option<Pending>, StoreError> {
    let row: Option<PendingRow> = tx
        .fetch_optional(
            "SELECT id, measure_id, file_name, figures, created_at FROM pending_imports
             WHERE id = $1 AND user_id = $2 AND created_at >= $3",
            vals![id, user.0, now() - Duration::hours(KEPT_HOURS)],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let figures = serde_json::from_str(&row.figures)
        .map_err(|_| StoreError::Corrupt { column: "pending_imports.figures", value: row.figures.clone() })?;
    Ok(Some(Pending {
        id: row.id,
        measure: MeasureId(row.measure_id),
        file_name: row.file_name,
        figures,
        created_at: row.created_at,
    }))
}

/// Forgets a pending import: confirmed (its figures written) or cancelled.
pub async fn forget(tx: &mut Tx, id: Uuid, user: UserId) -> Result<(), StoreError> {
    tx.execute("DELETE FROM pending_imports WHERE id = $1 AND user_id = $2", vals![id, user.0]).await?;
    Ok(())
}

/// A plan document being brought in, as its reviewer left it.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingPlan {
    pub id: Uuid,
    pub file_name: String,
    /// The review (source lines, placements, draft plan) as JSON, which the web app owns.
    pub review: String,
    /// Raised by each change, so that two tabs cannot overwrite each other's corrections.
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct PendingPlanRow {
    id: Uuid,
    file_name: String,
    review: String,
    version: i64,
}

/// Keeps a plan document's review for `user`; forgets anyone's older than a day.
pub async fn save_plan(tx: &mut Tx, user: UserId, file_name: &str, review: &str) -> Result<Uuid, StoreError> {
    let created = now();
    tx.execute("DELETE FROM pending_plans WHERE created_at < $1", vals![created - Duration::hours(KEPT_HOURS)]).await?;
    let id = Uuid::new_v4();
    tx.execute(
        "INSERT INTO pending_plans (id, user_id, file_name, review, version, created_at) VALUES ($1, $2, $3, $4, 1, $5)",
        vals![id, user.0, file_name, review, created],
    )
    .await?;
    Ok(id)
}

/// The plan document with this id, if it is `user`'s and not yet forgotten.
pub async fn find_plan(tx: &mut Tx, id: Uuid, user: UserId) -> Result<Option<PendingPlan>, StoreError> {
    let row: Option<PendingPlanRow> = tx
        .fetch_optional(
            "SELECT id, file_name, review, version FROM pending_plans
             WHERE id = $1 AND user_id = $2 AND created_at >= $3",
            vals![id, user.0, now() - Duration::hours(KEPT_HOURS)],
        )
        .await?;
    Ok(row.map(|r| PendingPlan { id: r.id, file_name: r.file_name, review: r.review, version: r.version }))
}

/// Replaces the review after a correction, if it is still at `version`; `Conflict` if another
/// change came first.
pub async fn update_plan(tx: &mut Tx, id: Uuid, user: UserId, version: i64, review: &str) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            "UPDATE pending_plans SET review = $1, version = version + 1 WHERE id = $2 AND user_id = $3 AND version = $4",
            vals![review, id, user.0, version],
        )
        .await?;
    if changed > 0 {
        return Ok(());
    }
    let now_at: Option<(i64,)> = tx
        .fetch_optional("SELECT version FROM pending_plans WHERE id = $1 AND user_id = $2", vals![id, user.0])
        .await?;
    match now_at {
        Some((actual,)) => Err(StoreError::Conflict {
            entity: "The plan being brought in",
            label: id.to_string(),
            expected: version,
            actual,
        }),
        None => Err(StoreError::NotFound { entity: "The plan being brought in", key: id.to_string() }),
    }
}

/// Forgets a plan document: saved as a plan, or cancelled.
pub async fn forget_plan(tx: &mut Tx, id: Uuid, user: UserId) -> Result<(), StoreError> {
    tx.execute("DELETE FROM pending_plans WHERE id = $1 AND user_id = $2", vals![id, user.0]).await?;
    Ok(())
}
