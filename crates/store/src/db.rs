//! Opening a database and running statements on it, whichever engine it is.
//!
//! [`Tx`] is the only way to run SQL. Its methods take one SQL string and a list of [`Val`]s
//! and bind them on SQLite or PostgreSQL; rows decode into structs deriving `sqlx::FromRow`,
//! which work on both.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::types::Json;
use sqlx::{Connection, FromRow, PgConnection, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::{StoreError, dialect, migrate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open database: a connection pool on one engine. Which engine is private to the store;
/// [`Db::engine`] tells it.
#[derive(Clone, Debug)]
pub struct Db(Pool);

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A value to bind to a placeholder.
#[derive(Clone, Debug)]
pub enum Val {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(bool),
    Date(Option<NaiveDate>),
    Time(Option<DateTime<Utc>>),
    Json(serde_json::Value),
    NullJson,
}

impl From<Uuid> for Val {
    fn from(v: Uuid) -> Val {
        Val::Uuid(Some(v))
    }
}
impl From<Option<Uuid>> for Val {
    fn from(v: Option<Uuid>) -> Val {
        Val::Uuid(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(Some(v.to_string()))
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(Some(v))
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        Val::Text(v)
    }
}
impl From<&Option<String>> for Val {
    fn from(v: &Option<String>) -> Val {
        Val::Text(v.clone())
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(Some(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        Val::Int(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(Some(v))
    }
}
impl From<Option<f64>> for Val {
    fn from(v: Option<f64>) -> Val {
        Val::Real(v)
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Val {
        Val::Bool(v)
    }
}
impl From<NaiveDate> for Val {
    fn from(v: NaiveDate) -> Val {
        Val::Date(Some(v))
    }
}
impl From<Option<NaiveDate>> for Val {
    fn from(v: Option<NaiveDate>) -> Val {
        Val::Date(v)
    }
}
impl From<DateTime<Utc>> for Val {
    fn from(v: DateTime<Utc>) -> Val {
        Val::Time(Some(v))
    }
}
impl From<Option<DateTime<Utc>>> for Val {
    fn from(v: Option<DateTime<Utc>>) -> Val {
        Val::Time(v)
    }
}

/// Builds a `Vec<Val>` from values of mixed types.
#[macro_export]
macro_rules! vals {
    ($($v:expr),* $(,)?) => { vec![$($crate::Val::from($v)),*] };
}

/// Expands the same statement-building code once for each engine's argument type.
macro_rules! bind_all {
    ($query:expr, $vals:expr) => {{
        let mut q = $query;
        for v in $vals {
            q = match v {
                Val::Uuid(x) => q.bind(x),
                Val::Text(x) => q.bind(x),
                Val::Int(x) => q.bind(x),
                Val::Real(x) => q.bind(x),
                Val::Bool(x) => q.bind(x),
                Val::Date(x) => q.bind(x),
                Val::Time(x) => q.bind(x),
                Val::Json(x) => q.bind(Json(x)),
                Val::NullJson => q.bind(Option::<Json<serde_json::Value>>::None),
            };
        }
        q
    }};
}

/// One transaction. Dropping it without [`Tx::commit`] rolls it back.
pub struct Tx(Open);

enum Open {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Rows that decode on both engines; `#[derive(sqlx::FromRow)]` gives this.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

impl Tx {
    pub fn engine(&self) -> Engine {
        match &self.0 {
            Open::Sqlite(_) => Engine::Sqlite,
            Open::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a statement and returns the number of rows it changed.
    pub async fn execute(&mut self, sql: &str, vals: Vec<Val>) -> Result<u64, StoreError> {
        Ok(match &mut self.0 {
            Open::Sqlite(t) => bind_all!(sqlx::query(sql), vals).execute(&mut **t).await?.rows_affected(),
            Open::Postgres(t) => bind_all!(sqlx::query(sql), vals).execute(&mut **t).await?.rows_affected(),
        })
    }

    pub async fn fetch_all<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<Vec<R>, StoreError> {
        Ok(match &mut self.0 {
            Open::Sqlite(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_all(&mut **t).await?,
            Open::Postgres(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_all(&mut **t).await?,
        })
    }

    pub async fn fetch_optional<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<Option<R>, StoreError> {
        Ok(match &mut self.0 {
            Open::Sqlite(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_optional(&mut **t).await?,
            Open::Postgres(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_optional(&mut **t).await?,
        })
    }

    pub async fn fetch_one<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<R, StoreError> {
        Ok(match &mut self.0 {
            Open::Sqlite(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_one(&mut **t).await?,
            Open::Postgres(t) => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_one(&mut **t).await?,
        })
    }

    /// Runs SQL text holding several statements, without parameters (migrations).
    pub async fn execute_script(&mut self, sql: &str) -> Result<(), StoreError> {
        match &mut self.0 {
            Open::Sqlite(t) => sqlx::raw_sql(sql).execute(&mut **t).await.map(drop)?,
            Open::Postgres(t) => sqlx::raw_sql(sql).execute(&mut **t).await.map(drop)?,
        };
        Ok(())
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.0 {
            Open::Sqlite(t) => t.commit().await?,
            Open::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.0 {
            Open::Sqlite(t) => t.rollback().await?,
            Open::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// A count from `SELECT COUNT(*) AS n`.
#[derive(sqlx::FromRow)]
pub struct Count {
    pub n: i64,
}

impl Db {
    /// Opens the database at `url` (`sqlite://cypp.db`, `sqlite::memory:`,
    /// `postgres://user@host/db`), creating an SQLite file if it does not exist, and brings
    /// its schema up to date.
    pub async fn open(url: &str) -> Result<Db, StoreError> {
        let db = Db::connect(url).await?;
        migrate::run(&db).await?;
        Ok(db)
    }

    /// Opens the database without migrating it.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let open_error = |reason: String| StoreError::Open { url: redact(url), reason };
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| open_error(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // An in-memory database lives and dies with its connection, so it gets one.
            let max = if url.contains(":memory:") || url.contains("mode=memory") { 1 } else { 8 };
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| open_error(describe(&e)))?;
            Ok(Db(Pool::Sqlite(pool)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).map_err(|e| open_error(e.to_string()))?;
            // One direct connection first: the pool retries until its timeout and then
            // reports only that it timed out, hiding "connection refused" or "no such database".
            let probe = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect_with(&options))
                .await
                .map_err(|_| open_error("no answer within 10 seconds".into()))?
                .map_err(|e| open_error(describe(&e)))?;
            let _ = probe.close().await;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| open_error(describe(&e)))?;
            Ok(Db(Pool::Postgres(pool)))
        } else {
            Err(open_error("the address must start with sqlite: (for example sqlite://cypp.db) or postgres://".into()))
        }
    }

    pub fn engine(&self) -> Engine {
        match &self.0 {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// A transaction for reading.
    pub async fn read(&self) -> Result<Tx, StoreError> {
        Ok(Tx(match &self.0 {
            Pool::Sqlite(p) => Open::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Open::Postgres(p.begin().await?),
        }))
    }

    /// A transaction for writing.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let begin = dialect::begin_write(self.engine());
        Ok(Tx(match &self.0 {
            Pool::Sqlite(p) => Open::Sqlite(p.begin_with(begin).await?),
            Pool::Postgres(p) => Open::Postgres(p.begin_with(begin).await?),
        }))
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut tx = self.read().await?;
        let one: Count = tx.fetch_one("SELECT CAST(1 AS BIGINT) AS n", vec![]).await?;
        tx.rollback().await?;
        if one.n == 1 { Ok(()) } else { Err(StoreError::Corrupt { column: "ping", value: one.n.to_string() }) }
    }

    /// Runs SQL outside any transaction, such as `CREATE DATABASE`, which PostgreSQL refuses
    /// inside one. For administration and the test kit; the app's own statements go through
    /// [`Tx`].
    pub async fn execute_outside_transaction(&self, sql: &str) -> Result<(), StoreError> {
        match &self.0 {
            Pool::Sqlite(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
            Pool::Postgres(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
        };
        Ok(())
    }

    pub async fn close(&self) {
        match &self.0 {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// Hides a password in a database address before it is shown.
fn redact(url: &str) -> String {
    if let (Some(scheme_end), Some(at)) = (url.find("://"), url.rfind('@')) {
        let credentials = &url[scheme_end + 3..at];
        if let Some((user, _)) = credentials.split_once(':') {
            return format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]);
        }
    }
    url.to_string()
}

/// The useful part of a connection error.
fn describe(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(e) => e.message().to_string(),
        sqlx::Error::Io(e) => e.to_string(),
        sqlx::Error::PoolTimedOut => "no connection within 10 seconds".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_in_addresses_are_hidden() {
        assert_eq!(redact("postgres://cypp:secret@db.example/cypp"), "postgres://cypp:***@db.example/cypp");
        assert_eq!(redact("postgres://cypp@db.example/cypp"), "postgres://cypp@db.example/cypp");
        assert_eq!(redact("sqlite://cypp.db"), "sqlite://cypp.db");
    }
}
