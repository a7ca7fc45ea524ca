//! Test support: a fresh database for each test, on SQLite always and on PostgreSQL when
//! `CYPP_TEST_POSTGRES_URL` is set.
//!
//! Write a store test once as `async fn name(db: Db) -> TestResult` and declare it with
//! [`db_test!`]; it becomes `name::sqlite` and `name::postgres`. Without PostgreSQL the second
//! prints why it was skipped; with `CYPP_REQUIRE_POSTGRES=1` (as CI sets) it fails instead.
//!
//! A web test takes the same database and starts [`TestApp::demo`] on it: the real router with
//! the demonstration partnership, and browsers that sign in as a person or a role.

mod app;

pub use app::{Browser, Error, PASSWORD, Page, TestApp};

use std::path::PathBuf;

use cypp_store::Db;
use uuid::Uuid;

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A database that removes itself when dropped.
pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    pub fn url(&self) -> String {
        match &self.cleanup {
            Cleanup::File(path) => format!("sqlite://{}", path.display()),
            Cleanup::Database { admin_url, name } => with_database(admin_url, name),
        }
    }
}

/// A new, migrated SQLite database in a temporary file.
pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("cypp-test-{}.db", Uuid::new_v4().simple()));
    let url = format!("sqlite://{}", path.display());
    match Db::open(&url).await {
        Ok(db) => TestDb { db, cleanup: Cleanup::File(path) },
        Err(e) => panic!("cannot create the SQLite test database {url}: {e}"),
    }
}

/// The PostgreSQL server for tests, or why there is none.
pub fn postgres_url() -> Result<String, &'static str> {
    match std::env::var("CYPP_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Ok(url),
        _ => Err("CYPP_TEST_POSTGRES_URL is not set"),
    }
}

/// Whether a missing PostgreSQL must fail the test rather than skip it.
pub fn postgres_required() -> bool {
    std::env::var("CYPP_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

/// A new, migrated PostgreSQL database, or `None` (with a message) when there is no server.
pub async fn postgres(test: &str) -> Option<TestDb> {
    let admin_url = match postgres_url() {
        Ok(url) => url,
        Err(why) => {
            if postgres_required() {
                panic!("{test}: CYPP_REQUIRE_POSTGRES=1 but {why}");
            }
            // Written to the real stderr, not the captured one, so the reason shows even
            // though the test harness reports the test as passed.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test} on PostgreSQL: {why}");
            return None;
        }
    };
    let name = format!("cypp_test_{}", Uuid::new_v4().simple());
    let admin = match Db::connect(&admin_url).await {
        Ok(db) => db,
        Err(e) => panic!("{test}: cannot reach the PostgreSQL test server: {e}"),
    };
    if let Err(e) = admin_execute(&admin, &format!("CREATE DATABASE {name}")).await {
        panic!("{test}: cannot create a PostgreSQL test database: {e}");
    }
    admin.close().await;
    let url = with_database(&admin_url, &name);
    match Db::open(&url).await {
        Ok(db) => Some(TestDb { db, cleanup: Cleanup::Database { admin_url, name } }),
        Err(e) => panic!("{test}: cannot open the PostgreSQL test database: {e}"),
    }
}

async fn admin_execute(admin: &Db, sql: &str) -> Result<(), cypp_store::StoreError> {
    admin.execute_outside_transaction(sql).await
}

/// The same server address with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let host_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[host_start..].find('/') {
        Some(i) => &base[..host_start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                // Dropping runs inside the test's runtime, so the clean-up gets a thread and a
                // runtime of its own. FORCE ends the pool's connections (PostgreSQL 13+).
                let (admin_url, name, db) = (admin_url.clone(), name.clone(), self.db.clone());
                let _ = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                        return;
                    };
                    runtime.block_on(async move {
                        drop(db);
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let _ =
                                admin_execute(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Declares a store test that runs on both engines:
/// `db_test!(round_trip_is_byte_identical);` for `async fn round_trip_is_byte_identical(db: Db) -> TestResult`.
#[macro_export]
macro_rules! db_test {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() -> $crate::TestResult {
                let test_db = $crate::sqlite().await;
                super::$name(test_db.db.clone()).await
            }

            #[tokio::test]
            async fn postgres() -> $crate::TestResult {
                let Some(test_db) = $crate::postgres(concat!(module_path!(), "::", stringify!($name))).await else {
                    return Ok(());
                };
                super::$name(test_db.db.clone()).await
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_replace_the_path_of_the_address() {
        assert_eq!(with_database("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
