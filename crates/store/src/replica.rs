//! Reads from a PostgreSQL streaming replica (`cypp serve --database-replica URL`), for the
//! pages whose reader may see the database a moment late, and never for anyone who would then
//! miss their own change.
//!
//! What a read may lag by is said per request, as a [`Floor`]: the content version (raised by
//! every committed change, `Tx::commit`) it must see at least. The web layer runs each request
//! inside [`within`]: an anonymous visitor's page at floor 0 (any replica will do), a signed-in
//! person's at the version they last wrote (kept in their session, so it follows them to every
//! app server), and every form sent, with all its reads, on the primary. [`Db::read`] then
//! begins its transaction on the replica if the replica has replayed at least the floor, which
//! it tells by reading the same counter, and on the primary otherwise. A read outside any
//! request (the command line, reminders being sent, a background job) always goes to the
//! primary, so nothing that reads to decide a write reads the past.
//!
//! A replica that cannot be reached is left alone for [`REST`], then tried again by one read;
//! meanwhile every read goes to the primary, so the app keeps working when the replica stops.
//!
//! The SQL is plain: a `SELECT` of one row. Which standby has replayed what is not asked of
//! PostgreSQL's own functions (`pg_last_wal_replay_lsn`), so the same rule works on engines
//! that speak PostgreSQL's protocol but replicate differently.
//!
//! [`Db::read`]: crate::Db::read

use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::StoreError;

/// How long an unreachable replica is left before one read tries it again.
pub const REST: Duration = Duration::from_secs(5);

/// What a request's reads must see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Floor {
    /// At least this content version: the replica will do once it has replayed it.
    AtLeast(i64),
    /// Only the primary (a form being handled, whose reads decide what it writes).
    Primary,
}

tokio::task_local! {
    static SCOPE: Arc<Scope>;
}

#[derive(Debug)]
struct Scope {
    /// The floor, `i64::MAX` for the primary only; raised by the request's own writes.
    floor: AtomicI64,
    /// The highest content version this request's writes committed, 0 if none.
    written: AtomicI64,
}

/// Runs `work` (one request) with its reads held to `floor`. Returns what it returned and the
/// content version its last write committed, if it wrote.
pub async fn within<F: Future>(floor: Floor, work: F) -> (F::Output, Option<i64>) {
    let floor = match floor {
        Floor::AtLeast(v) => v,
        Floor::Primary => i64::MAX,
    };
    let scope = Arc::new(Scope { floor: AtomicI64::new(floor), written: AtomicI64::new(0) });
    let output = SCOPE.scope(scope.clone(), work).await;
    let written = scope.written.load(Ordering::Relaxed);
    (output, (written > 0).then_some(written))
}

/// The floor of the request being handled: `None` outside any request or when only the
/// primary will do.
pub(crate) fn floor() -> Option<i64> {
    SCOPE.try_with(|s| s.floor.load(Ordering::Relaxed)).ok().filter(|f| *f != i64::MAX)
}

/// A write of the request being handled committed `version`: it is the request's written
/// version, and its later reads must see it too.
pub(crate) fn wrote(version: i64) {
    let _ = SCOPE.try_with(|s| {
        s.written.fetch_max(version, Ordering::Relaxed);
        s.floor.fetch_max(version, Ordering::Relaxed);
    });
}

/// How the replica has been used since the server started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplicaStats {
    /// Reads begun on the replica.
    pub reads: u64,
    /// Reads sent to the primary because the replica had not yet replayed their floor.
    pub behind: u64,
    /// Times the replica could not be reached.
    pub failures: u64,
}

/// A streaming replica's connections and what has been seen of it.
#[derive(Debug)]
pub(crate) struct Replica {
    pub(crate) pool: PgPool,
    /// Until when it is left alone after failing.
    resting: Mutex<Option<Instant>>,
    reads: AtomicU64,
    behind: AtomicU64,
    failures: AtomicU64,
}

impl Replica {
    /// Connections to the replica at `url`, opened as they are needed, so that the app starts
    /// (reading from the primary) while the replica is down.
    pub(crate) fn connect(url: &str) -> Result<Replica, StoreError> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e: sqlx::Error| StoreError::Open { url: crate::db::redact(url), reason: e.to_string() })?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .min_connections(0)
            // A replica that does not answer quickly is skipped for the primary, not waited for.
            .acquire_timeout(Duration::from_secs(1))
            .connect_lazy_with(options);
        Ok(Replica {
            pool,
            resting: Mutex::new(None),
            reads: AtomicU64::new(0),
            behind: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        })
    }

    /// Whether a read may try the replica now. After a failure only one read in each [`REST`]
    /// does: it moves the rest on before it tries, so the others keep to the primary.
    pub(crate) fn may_try(&self) -> bool {
        let Ok(mut resting) = self.resting.lock() else { return false };
        match *resting {
            Some(until) if Instant::now() < until => false,
            Some(_) => {
                *resting = Some(Instant::now() + REST);
                true
            }
            None => true,
        }
    }

    pub(crate) fn failed(&self, error: &StoreError) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut resting) = self.resting.lock() {
            if resting.is_none() {
                tracing::warn!(%error, "the read replica cannot be reached; reading from the primary");
            }
            *resting = Some(Instant::now() + REST);
        }
    }

    pub(crate) fn answered(&self, caught_up: bool) {
        if let Ok(mut resting) = self.resting.lock()
            && resting.take().is_some()
        {
            tracing::info!("the read replica answers again");
        }
        let counter = if caught_up { &self.reads } else { &self.behind };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn stats(&self) -> ReplicaStats {
        ReplicaStats {
            reads: self.reads.load(Ordering::Relaxed),
            behind: self.behind.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_s_reads_keep_to_its_floor_and_rise_with_its_own_writes() {
        assert_eq!(floor(), None, "outside a request, only the primary");
        let ((), written) = within(Floor::AtLeast(7), async {
            assert_eq!(floor(), Some(7));
            wrote(9);
            wrote(8);
            assert_eq!(floor(), Some(9), "the request reads its own write");
        })
        .await;
        assert_eq!(written, Some(9));
        let ((), written) = within(Floor::Primary, async { assert_eq!(floor(), None) }).await;
        assert_eq!(written, None, "nothing written");
    }

    #[tokio::test]
    async fn an_unreachable_replica_rests_and_one_read_tries_it_again() {
        let replica = Replica::connect("postgres://nobody@127.0.0.1:1/none").expect("a well-formed address");
        assert!(replica.may_try());
        replica.failed(&StoreError::Database(sqlx::Error::PoolTimedOut));
        assert!(!replica.may_try(), "resting");
        *replica.resting.lock().expect("not poisoned") = Some(Instant::now());
        assert!(replica.may_try(), "one read tries again once the rest is over");
        assert!(!replica.may_try(), "and only one");
        replica.answered(true);
        assert!(replica.may_try());
        assert_eq!(replica.stats(), ReplicaStats { reads: 1, behind: 0, failures: 1 });
    }
}
