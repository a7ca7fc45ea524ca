//! Sign-in sessions, kept in the database so that several app servers can share them. The
//! browser holds a random token; the database holds only its BLAKE2b hash, so a copy of the
//! database cannot be used to sign in. Each session has its own CSRF token.

use blake2::{Blake2b512, Digest};
use chrono::{DateTime, Duration, Utc};
use cypp_domain::{AuditAction, User, UserId};
use rand::RngCore;
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::codec::now;
use crate::db::Tx;
use crate::{Actor, StoreError, vals};

/// How long a session lasts without signing in again.
pub const LIFETIME_HOURS: i64 = 12;

/// A random token of 32 bytes, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn hash(token: &str) -> String {
    let digest = Blake2b512::digest(token.as_bytes());
    digest.iter().take(32).map(|b| format!("{b:02x}")).collect()
}

/// A signed-in user and what their session holds.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    /// The content version this person's pages must show at least: the database's as they
    /// signed in, then each one their changes committed (see `replica.rs`).
    pub read_floor: i64,
}

/// Starts a session for `user`. Returns the token for the browser's cookie.
pub async fn create(tx: &mut Tx, user: &User) -> Result<(String, Session), StoreError> {
    let token = random_token();
    let csrf_token = random_token();
    let created = now();
    let expires_at = created + Duration::hours(LIFETIME_HOURS);
    let floor: crate::db::Count = tx.fetch_one(crate::db::CONTENT_VERSION, Vec::new()).await?;
    tx.execute(
        "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, read_floor)
         VALUES ($1, $2, $3, $4, $5, $6)",
        vals![hash(&token), user.id.0, csrf_token.as_str(), created, expires_at, floor.n],
    )
    .await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "session",
            entity_id: Some(user.id.0),
            summary: format!("{} signed in", user.email),
            before: None,
            after: None,
            actor: &Actor::user(user),
        },
    )
    .await?;
    Ok((token, Session { user: user.clone(), csrf_token, expires_at, read_floor: floor.n }))
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: Uuid,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    read_floor: i64,
}

/// The live session with this token, if any.
pub async fn find(tx: &mut Tx, token: &str) -> Result<Option<Session>, StoreError> {
    let row: Option<SessionRow> = tx
        .fetch_optional(
            "SELECT s.user_id, s.csrf_token, s.expires_at, s.read_floor FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id = $1 AND s.expires_at > $2 AND u.disabled = $3",
            vals![hash(token), now(), false],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let user = crate::users::get(tx, UserId(row.user_id)).await?;
    Ok(Some(Session { user, csrf_token: row.csrf_token, expires_at: row.expires_at, read_floor: row.read_floor }))
}

/// Raises the session's read floor to `version`, the content version a change of theirs just
/// committed, so that their next pages, on any app server, show it. It never lowers it.
pub async fn raise_read_floor(tx: &mut Tx, token: &str, version: i64) -> Result<(), StoreError> {
    tx.changes_no_content();
    tx.execute(
        "UPDATE sessions SET read_floor = $1 WHERE id = $2 AND read_floor < $3",
        vals![version, hash(token), version],
    )
    .await?;
    Ok(())
}

/// Ends a session (signing out).
pub async fn delete(tx: &mut Tx, token: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM sessions WHERE id = $1", vals![hash(token)]).await?;
    Ok(())
}

/// Removes sessions that have expired. Returns how many.
pub async fn delete_expired(tx: &mut Tx) -> Result<u64, StoreError> {
    tx.execute("DELETE FROM sessions WHERE expires_at <= $1", vals![now()]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
        assert_eq!(hash(&a).len(), 64);
    }
}
