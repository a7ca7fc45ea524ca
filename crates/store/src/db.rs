//! Opening a database and running statements on it, whichever engine it is.
//!
//! [`Tx`] is the only way to run SQL. Its methods take one SQL string and a list of [`Val`]s
//! and bind them on SQLite or PostgreSQL; rows decode into structs deriving `sqlx::FromRow`,
//! which work on both.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::types::Json;
use sqlx::{Connection, FromRow, PgConnection, PgPool, Postgres, Sqlite, SqlitePool};
use uuid::Uuid;

use crate::replica::{self, Replica, ReplicaStats};
use crate::{StoreError, dialect, migrate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open database: a connection pool on one engine, and on PostgreSQL perhaps a streaming
/// replica for reads that may lag (`replica.rs`). Which engine is private to the store;
/// [`Db::engine`] tells it.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    health: std::sync::Arc<WriteHealth>,
    url: std::sync::Arc<str>,
    replica: Option<std::sync::Arc<Replica>>,
}

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

/// One transaction on a connection of the pool. Dropping it without [`Tx::commit`] rolls it
/// back.
///
/// The transaction is begun, committed and rolled back here, with plain SQL, rather than by
/// sqlx's transaction manager, so that a connection whose transaction ended badly can be
/// closed instead of going back to the pool: SQLite rolls a transaction back by itself when
/// the disk fills or the file cannot be written, and a connection that then went back to the
/// pool believing it was still in one would fail every write after the fault had cleared, or
/// answer from an old snapshot. Here a COMMIT or ROLLBACK that fails closes the connection,
/// and the pool opens a fresh one.
pub struct Tx {
    conn: Option<Conn>,
    /// Set when a statement of a write transaction failed because the database cannot be
    /// written; read by [`Db::write_health`].
    health: Option<std::sync::Arc<WriteHealth>>,
    /// Whether committing raises the content version (`content_version`): every write
    /// transaction but the schema's own and those that change only who is signed in.
    content: bool,
}

enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    /// Runs one statement of transaction control. Boxed, so that the future is `Send` for
    /// every lifetime and can be spawned from `Drop`.
    fn run<'a>(
        &'a mut self,
        sql: &'static str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'a>> {
        match self {
            Conn::Sqlite(c) => Box::pin(async move { sqlx::Executor::execute(&mut **c, sql).await.map(drop) }),
            Conn::Postgres(c) => Box::pin(async move { sqlx::Executor::execute(&mut **c, sql).await.map(drop) }),
        }
    }

    /// Closes the connection when it is dropped, instead of returning it to the pool.
    fn discard(&mut self) {
        match self {
            Conn::Sqlite(c) => c.close_on_drop(),
            Conn::Postgres(c) => c.close_on_drop(),
        }
    }

    /// Ends the transaction with `sql` (COMMIT or ROLLBACK). If that fails, the connection's
    /// state is unknown: it is rolled back if it can be and closed either way.
    async fn finish(mut self, sql: &'static str) -> Result<(), sqlx::Error> {
        match self.run(sql).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = self.run("ROLLBACK").await;
                self.discard();
                Err(e)
            }
        }
    }
}

/// Whether writes are failing: the last write transaction failed because the database could
/// not be written (disk full, read-only, input/output error), and none has succeeded since.
#[derive(Debug, Default)]
pub struct WriteHealth {
    failing: std::sync::Mutex<Option<String>>,
}

impl WriteHealth {
    fn note(&self, outcome: Result<(), &sqlx::Error>) {
        if let Ok(mut failing) = self.failing.lock() {
            match outcome {
                Ok(()) => *failing = None,
                Err(e) if dialect::cannot_write(e) => *failing = Some(describe(e)),
                Err(_) => {}
            }
        }
    }

    /// Why writes are failing, if they are.
    pub fn failing(&self) -> Option<String> {
        self.failing.lock().ok().and_then(|f| f.clone())
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else { return };
        // Roll back on the runtime if there is one; otherwise close the connection, which
        // rolls back on the server.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let _ = conn.finish("ROLLBACK").await;
                });
            }
            Err(_) => conn.discard(),
        }
    }
}

/// Rows that decode on both engines; `#[derive(sqlx::FromRow)]` gives this.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// Runs `$body` on the connection as `$c`, whichever engine it is, noting a failure to write.
macro_rules! on_conn {
    ($tx:expr, $c:ident => $body:expr) => {{
        let result = match $tx.conn.as_mut() {
            Some(Conn::Sqlite($c)) => $body,
            Some(Conn::Postgres($c)) => $body,
            None => return Err(StoreError::Database(sqlx::Error::PoolClosed)),
        };
        if let (Err(e), Some(health)) = (&result, &$tx.health) {
            health.note(Err(e));
        }
        result?
    }};
}

impl Tx {
    pub fn engine(&self) -> Engine {
        match &self.conn {
            Some(Conn::Postgres(_)) => Engine::Postgres,
            _ => Engine::Sqlite,
        }
    }

    /// Begins a transaction on a connection from the pool with `begin`.
    async fn begin<DB>(
        pool: &sqlx::Pool<DB>,
        begin: &'static str,
        wrap: fn(PoolConnection<DB>) -> Conn,
        health: Option<std::sync::Arc<WriteHealth>>,
    ) -> Result<Tx, StoreError>
    where
        DB: sqlx::Database,
    {
        let mut conn = wrap(pool.acquire().await?);
        if let Err(e) = conn.run(begin).await {
            conn.discard();
            if let Some(health) = &health {
                health.note(Err(&e));
            }
            return Err(e.into());
        }
        Ok(Tx { conn: Some(conn), health, content: false })
    }

    /// Runs a statement and returns the number of rows it changed.
    pub async fn execute(&mut self, sql: &str, vals: Vec<Val>) -> Result<u64, StoreError> {
        Ok(on_conn!(self, c => bind_all!(sqlx::query(sql), vals).execute(&mut **c).await.map(|r| r.rows_affected())))
    }

    pub async fn fetch_all<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<Vec<R>, StoreError> {
        Ok(on_conn!(self, c => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_all(&mut **c).await))
    }

    pub async fn fetch_optional<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<Option<R>, StoreError> {
        Ok(on_conn!(self, c => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_optional(&mut **c).await))
    }

    pub async fn fetch_one<R: Row>(&mut self, sql: &str, vals: Vec<Val>) -> Result<R, StoreError> {
        Ok(on_conn!(self, c => bind_all!(sqlx::query_as::<_, R>(sql), vals).fetch_one(&mut **c).await))
    }

    /// Runs SQL text holding several statements, without parameters (migrations).
    pub async fn execute_script(&mut self, sql: &str) -> Result<(), StoreError> {
        on_conn!(self, c => sqlx::raw_sql(sql).execute(&mut **c).await.map(drop));
        Ok(())
    }

    /// Says that this write changes nothing any page shows (a sign-in, a session ended), so
    /// that its commit keeps the pages the app servers have kept.
    pub fn changes_no_content(&mut self) {
        self.content = false;
    }

    /// Commits, raising the content version in the same transaction (see `changes_no_content`),
    /// so that no app server goes on serving a page kept from before the change. If the commit
    /// fails the connection is closed, not reused.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        let version = match self.content {
            true => Some(
                self.fetch_one::<Count>(
                    "UPDATE content_version SET version = version + 1 WHERE id = 1 RETURNING version AS n",
                    Vec::new(),
                )
                .await?
                .n,
            ),
            false => None,
        };
        let conn = self.conn.take().ok_or(StoreError::Database(sqlx::Error::PoolClosed))?;
        let result = conn.finish("COMMIT").await;
        if let Some(health) = &self.health {
            health.note(result.as_ref().map(|_| ()));
        }
        result?;
        if let Some(version) = version {
            replica::wrote(version);
        }
        Ok(())
    }

    /// Rolls back. If that fails the connection is closed, not reused.
    pub async fn rollback(mut self) -> Result<(), StoreError> {
        let conn = self.conn.take().ok_or(StoreError::Database(sqlx::Error::PoolClosed))?;
        Ok(conn.finish("ROLLBACK").await?)
    }
}

/// Reads the content version as a [`Count`].
pub(crate) const CONTENT_VERSION: &str = "SELECT version AS n FROM content_version WHERE id = 1";

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
            Ok(Db { pool: Pool::Sqlite(pool), health: Default::default(), url: url.into(), replica: None })
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
            Ok(Db { pool: Pool::Postgres(pool), health: Default::default(), url: url.into(), replica: None })
        } else {
            Err(open_error("the address must start with sqlite: (for example sqlite://cypp.db) or postgres://".into()))
        }
    }

    /// The address the database was opened with (with any password: not for showing).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn engine(&self) -> Engine {
        match &self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Sends reads that may lag to the PostgreSQL streaming replica at `url` (see `replica.rs`
    /// for which do). Its connections open as they are needed: a replica that is down when the
    /// app starts is read from once it answers.
    pub fn with_replica(mut self, url: &str) -> Result<Db, StoreError> {
        if self.engine() != Engine::Postgres || !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::Open {
                url: redact(url),
                reason: "a read replica is a PostgreSQL streaming replica of a PostgreSQL database".into(),
            });
        }
        self.replica = Some(std::sync::Arc::new(Replica::connect(url)?));
        Ok(self)
    }

    /// Whether reads that may lag go to a replica.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// The replica and the floor its reads must reach, when the request being handled may read
    /// there (`replica::within`) and the replica is not resting after a failure.
    fn replica_for_request(&self) -> Option<(&Replica, i64)> {
        let (replica, floor) = (self.replica.as_deref()?, replica::floor()?);
        replica.may_try().then_some((replica, floor))
    }

    /// How the replica has been used, if there is one.
    pub fn replica_stats(&self) -> Option<ReplicaStats> {
        self.replica.as_ref().map(|r| r.stats())
    }

    /// A transaction for reading: on the replica when the request being handled may read it
    /// (its floor, `replica::within`) and the replica has replayed that far, otherwise on the
    /// primary.
    pub async fn read(&self) -> Result<Tx, StoreError> {
        if let Some((replica, floor)) = self.replica_for_request() {
            match Self::read_replica(replica, floor).await {
                Ok(Some(tx)) => return Ok(tx),
                Ok(None) => {}
                Err(e) => replica.failed(&e),
            }
        }
        self.read_primary().await
    }

    /// A transaction for reading on the primary, whatever the request: for what decides who is
    /// signed in.
    pub async fn read_primary(&self) -> Result<Tx, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => Tx::begin(p, "BEGIN", Conn::Sqlite, None).await,
            Pool::Postgres(p) => Tx::begin(p, "BEGIN", Conn::Postgres, None).await,
        }
    }

    /// A read transaction on the replica if it has replayed content version `floor`.
    async fn read_replica(replica: &Replica, floor: i64) -> Result<Option<Tx>, StoreError> {
        let mut tx = Tx::begin(&replica.pool, "BEGIN", Conn::Postgres, None).await?;
        let caught_up = floor <= 0 || tx.fetch_one::<Count>(CONTENT_VERSION, Vec::new()).await?.n >= floor;
        replica.answered(caught_up);
        if caught_up {
            Ok(Some(tx))
        } else {
            tx.rollback().await?;
            Ok(None)
        }
    }

    /// A transaction for writing; its commit raises the content version.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        let mut tx = self.write_schema().await?;
        tx.content = true;
        Ok(tx)
    }

    /// A transaction for writing that leaves the content version alone: the migrations'.
    pub async fn write_schema(&self) -> Result<Tx, StoreError> {
        let begin = dialect::begin_write(self.engine());
        let health = Some(self.health.clone());
        match &self.pool {
            Pool::Sqlite(p) => Tx::begin(p, begin, Conn::Sqlite, health).await,
            Pool::Postgres(p) => Tx::begin(p, begin, Conn::Postgres, health).await,
        }
    }

    /// The content version: raised by every committed change to what pages show. One query,
    /// outside any transaction, where [`Db::read`] would read (the replica if it will do), so
    /// that a page rendered after reading it is at least that new.
    pub async fn content_version(&self) -> Result<i64, StoreError> {
        if let Some((replica, floor)) = self.replica_for_request() {
            match sqlx::query_as::<_, Count>(CONTENT_VERSION).fetch_one(&replica.pool).await {
                Ok(version) => {
                    replica.answered(version.n >= floor);
                    if version.n >= floor {
                        return Ok(version.n);
                    }
                }
                Err(e) => replica.failed(&e.into()),
            }
        }
        Ok(match &self.pool {
            Pool::Sqlite(p) => sqlx::query_as::<_, Count>(CONTENT_VERSION).fetch_one(p).await?.n,
            Pool::Postgres(p) => sqlx::query_as::<_, Count>(CONTENT_VERSION).fetch_one(p).await?.n,
        })
    }

    /// Why writes are failing just now (the disk is full, the file is read-only), if they are:
    /// the last write failed for that reason and none has succeeded since.
    pub fn write_health(&self) -> Option<String> {
        self.health.failing()
    }

    /// Writes one row, to find out whether the database can be written (the health check does
    /// this while writes are failing, so that it notices when the fault has cleared).
    pub async fn probe_write(&self) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        tx.execute(
            "INSERT INTO health_checks (id, checked_at) VALUES (1, $1)
             ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
            vec![Val::Time(Some(crate::codec::now()))],
        )
        .await?;
        tx.commit().await
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
        match &self.pool {
            Pool::Sqlite(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
            Pool::Postgres(p) => sqlx::raw_sql(sql).execute(p).await.map(drop)?,
        };
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
        if let Some(replica) = &self.replica {
            replica.pool.close().await;
        }
    }
}

/// Hides a password in a database address before it is shown.
pub fn redact(url: &str) -> String {
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
