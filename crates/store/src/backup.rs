//! Backups of a whole database, taken while the server runs, and restoring one.
//!
//! - SQLite: `VACUUM INTO` writes a complete, compacted copy of the database as one file. It
//!   reads inside one transaction, so the copy is consistent however much is being written
//!   meanwhile (it is SQLite's online way of copying a live database, like its backup API,
//!   and unlike copying the file, which misses whatever is still in the write-ahead log).
//!   Restoring checks the copy (`PRAGMA integrity_check` and its schema version) and puts it
//!   in place of the database file, with the server stopped.
//! - PostgreSQL: `pg_dump --format=custom`, which also reads one consistent snapshot, and
//!   `pg_restore --clean --if-exists --no-owner` into the target database. Both programs come
//!   with PostgreSQL's client tools and must be on the `PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::db::{Count, Db, Engine};
use crate::{StoreError, migrate};

/// What went wrong with a backup or a restore, in words.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("{program} failed: {reason}")]
    Tool { program: &'static str, reason: String },
}

fn file_error(path: &Path, reason: impl std::fmt::Display) -> BackupError {
    BackupError::File { path: path.to_path_buf(), reason: reason.to_string() }
}

/// The file of an SQLite address (`sqlite://cypp.db`, `sqlite:cypp.db?mode=rwc`), or None for
/// another engine or an in-memory database.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path))
}

/// Writes a consistent copy of the database to `to`, which must not exist yet.
pub async fn backup(db: &Db, to: &Path) -> Result<(), BackupError> {
    if to.exists() {
        return Err(file_error(to, "already exists; choose a new file name, so no backup is overwritten"));
    }
    match db.engine() {
        Engine::Sqlite => {
            let target = to.to_str().ok_or_else(|| file_error(to, "the file name is not valid text"))?;
            // VACUUM INTO cannot take a bound parameter for the file name: quote it as SQL text.
            let quoted = format!("'{}'", target.replace('\'', "''"));
            db.execute_outside_transaction(&format!("VACUUM INTO {quoted}")).await?;
            Ok(())
        }
        Engine::Postgres => {
            let output = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(to)
                .arg(db.url())
                .output()
                .map_err(|e| tool_missing("pg_dump", &e))?;
            if output.status.success() {
                Ok(())
            } else {
                Err(BackupError::Tool { program: "pg_dump", reason: stderr(&output) })
            }
        }
    }
}

fn tool_missing(program: &'static str, e: &std::io::Error) -> BackupError {
    BackupError::Tool {
        program,
        reason: format!(
            "{e} (install PostgreSQL's client tools, such as Debian's postgresql-client, of the server's version or newer)"
        ),
    }
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().lines().take(5).collect::<Vec<_>>().join("; ")
}

/// Restores the backup `from` into the database at `url`. For SQLite the database file is
/// replaced (keep the server stopped meanwhile), after checking that the backup is a whole
/// cypp database no newer than this cypp; the file it replaces is kept beside it as
/// `FILE.before-restore`. For PostgreSQL the backup's tables replace the database's.
pub async fn restore(url: &str, from: &Path) -> Result<(), BackupError> {
    if !from.is_file() {
        return Err(file_error(from, "no such file"));
    }
    if let Some(target) = sqlite_path(url) {
        check_sqlite_backup(from).await?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", target.display()));
            if side.exists() {
                std::fs::remove_file(&side).map_err(|e| file_error(&side, e))?;
            }
        }
        if target.exists() {
            let kept = PathBuf::from(format!("{}.before-restore", target.display()));
            std::fs::rename(&target, &kept).map_err(|e| file_error(&target, e))?;
        }
        std::fs::copy(from, &target).map_err(|e| file_error(&target, e))?;
        return Ok(());
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let output = Command::new("pg_restore")
            .args(["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname"])
            .arg(url)
            .arg(from)
            .output()
            .map_err(|e| tool_missing("pg_restore", &e))?;
        return if output.status.success() {
            Ok(())
        } else {
            Err(BackupError::Tool { program: "pg_restore", reason: stderr(&output) })
        };
    }
    Err(BackupError::Store(StoreError::Open {
        url: url.to_string(),
        reason: "restore needs an SQLite file or a PostgreSQL database".into(),
    }))
}

/// Opens an SQLite backup read-only and checks it is whole and a cypp database this cypp can
/// read.
async fn check_sqlite_backup(path: &Path) -> Result<(), BackupError> {
    #[derive(sqlx::FromRow)]
    struct Check {
        integrity_check: String,
    }
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url).await.map_err(|e| file_error(path, e))?;
    let result = async {
        let mut tx = db.read().await?;
        let check: Check = tx.fetch_one("PRAGMA integrity_check", vec![]).await?;
        let version: Count = tx
            .fetch_one("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) AS n FROM schema_migrations", vec![])
            .await?;
        tx.rollback().await?;
        Ok::<_, StoreError>((check.integrity_check, version.n))
    }
    .await;
    db.close().await;
    let (integrity, version) = result.map_err(|e| file_error(path, format!("not a cypp database: {e}")))?;
    if integrity != "ok" {
        return Err(file_error(path, format!("the backup is damaged: {integrity}")));
    }
    if version > migrate::latest() {
        return Err(file_error(
            path,
            format!("the backup is at schema version {version}, newer than this cypp's {}", migrate::latest()),
        ));
    }
    Ok(())
}
