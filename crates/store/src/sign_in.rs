//! What signing in leaves behind: every attempt (for the record of who tried, and for
//! throttling), and the pre-sessions that the sign-in form's CSRF token is bound to. Both live
//! in the database, so several app servers count the same attempts and know the same forms.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::codec::now;
use crate::db::{Count, Tx};
use crate::sessions::{hash, random_token};
use crate::{StoreError, vals};

/// Failed attempts on one account within [`WINDOW_MINUTES`] after which it is refused until
/// the window has passed.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failed attempts from one address, on any accounts, within the window.
pub const ADDRESS_LIMIT: i64 = 20;
pub const WINDOW_MINUTES: i64 = 15;
/// How long a sign-in form stays usable.
pub const PRE_SESSION_HOURS: i64 = 12;

/// Why a sign-in is refused before the password is looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttle {
    /// Too many failures for the account: try again in this many minutes.
    Account { minutes: i64 },
    /// Too many failures from the address.
    Address { minutes: i64 },
}

#[derive(sqlx::FromRow)]
struct Oldest {
    at: Option<DateTime<Utc>>,
}

/// Failures counted against `column = value` now: those in the window since its last success.
async fn failures(
    tx: &mut Tx,
    column: &str,
    value: &str,
    since: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>), StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM sign_in_attempts
         WHERE {column} = $1 AND succeeded = $2 AND at > $3
           AND at > COALESCE((SELECT MAX(at) FROM sign_in_attempts WHERE {column} = $1 AND succeeded = $4), $3)"
    );
    let count: Count = tx.fetch_one(&sql, vals![value, false, since, true]).await?;
    let sql = format!(
        "SELECT MIN(at) AS at FROM (SELECT at FROM sign_in_attempts WHERE {column} = $1 AND succeeded = $2 AND at > $3
         ORDER BY at DESC LIMIT {ACCOUNT_LIMIT}) AS recent"
    );
    let oldest: Oldest = tx.fetch_one(&sql, vals![value, false, since]).await?;
    Ok((count.n, oldest.at))
}

/// Whether a sign-in to `email` from `address` must wait, and for how long.
pub async fn throttled(tx: &mut Tx, email: &str, address: &str) -> Result<Option<Throttle>, StoreError> {
    let now = now();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let wait = |oldest: Option<DateTime<Utc>>| {
        let until = oldest.unwrap_or(now) + Duration::minutes(WINDOW_MINUTES);
        ((until - now).num_seconds() + 59).div_euclid(60).max(1)
    };
    let (account, oldest) = failures(tx, "email", &email.trim().to_lowercase(), since).await?;
    if account >= ACCOUNT_LIMIT {
        return Ok(Some(Throttle::Account { minutes: wait(oldest) }));
    }
    let (from_address, oldest) = failures(tx, "address", address, since).await?;
    if from_address >= ADDRESS_LIMIT {
        return Ok(Some(Throttle::Address { minutes: wait(oldest) }));
    }
    Ok(None)
}

/// Records an attempt to sign in, right or wrong.
pub async fn record(tx: &mut Tx, email: &str, address: &str, succeeded: bool) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sign_in_attempts (id, at, email, address, succeeded) VALUES ($1, $2, $3, $4, $5)",
        vals![Uuid::new_v4(), now(), email.trim().to_lowercase(), address, succeeded],
    )
    .await?;
    Ok(())
}

/// One recorded attempt.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub email: String,
    pub address: String,
    pub succeeded: bool,
}

/// The latest attempts, newest first.
pub async fn recent(tx: &mut Tx, limit: i64) -> Result<Vec<Attempt>, StoreError> {
    tx.fetch_all(
        &format!("SELECT at, email, address, succeeded FROM sign_in_attempts ORDER BY at DESC LIMIT {}", limit.max(0)),
        vec![],
    )
    .await
}

/// Starts a pre-session for a visitor about to sign in: returns the token for their cookie
/// and the CSRF token the form carries.
pub async fn start_pre_session(tx: &mut Tx) -> Result<(String, String), StoreError> {
    let (token, csrf) = (random_token(), random_token());
    let now = now();
    tx.execute(
        "INSERT INTO pre_sessions (id, csrf_token, expires_at) VALUES ($1, $2, $3)",
        vals![hash(&token), csrf.as_str(), now + Duration::hours(PRE_SESSION_HOURS)],
    )
    .await?;
    tx.execute("DELETE FROM pre_sessions WHERE expires_at <= $1", vals![now]).await?;
    Ok((token, csrf))
}

#[derive(sqlx::FromRow)]
struct PreSessionRow {
    csrf_token: String,
}

/// The CSRF token of the live pre-session with this token, if the server made one.
pub async fn pre_session_csrf(tx: &mut Tx, token: &str) -> Result<Option<String>, StoreError> {
    let row: Option<PreSessionRow> = tx
        .fetch_optional(
            "SELECT csrf_token FROM pre_sessions WHERE id = $1 AND expires_at > $2",
            vals![hash(token), now()],
        )
        .await?;
    Ok(row.map(|r| r.csrf_token))
}

/// Ends a pre-session (the visitor signed in).
pub async fn end_pre_session(tx: &mut Tx, token: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM pre_sessions WHERE id = $1", vals![hash(token)]).await?;
    Ok(())
}
