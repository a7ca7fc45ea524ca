//! The few places where SQLite and PostgreSQL differ beyond column types, a function each.

use sqlx::error::ErrorKind;

use crate::StoreError;
use crate::db::Engine;

/// Whether an error is a unique-key clash, on either engine.
pub fn is_unique_violation(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Database(e)) if e.kind() == ErrorKind::UniqueViolation)
}

/// The statement that starts a write transaction. SQLite takes the write lock at once, so two
/// writers queue on the busy timeout instead of failing when one upgrades a read lock.
pub fn begin_write(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "BEGIN IMMEDIATE",
        Engine::Postgres => "BEGIN",
    }
}

/// A case-insensitive match (PostgreSQL has ILIKE; SQLite's LIKE is already
/// case-insensitive for ASCII, so both use LOWER).
pub fn lower_like(column: &str, placeholder: &str) -> String {
    format!("LOWER({column}) LIKE LOWER({placeholder})")
}

/// Whether an error means the database cannot be written just now: the disk is full, the file
/// or the server is read-only, or writing failed (SQLite's FULL, READONLY, IOERR and CANTOPEN,
/// with their extended codes; PostgreSQL's disk_full, read_only_sql_transaction and io_error).
/// A write may work again once the fault is cleared.
pub fn cannot_write(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(e) => match e.code() {
            Some(code) => match code.parse::<i64>() {
                // SQLite gives its result code as a number; the low byte is the primary code.
                Ok(number) => matches!(number & 0xff, 8 | 10 | 13 | 14),
                Err(_) => matches!(code.as_ref(), "53100" | "25006" | "58030"),
            },
            None => false,
        },
        sqlx::Error::Io(_) => true,
        _ => false,
    }
}

/// [`cannot_write`] for a store error.
pub fn is_unwritable(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(e) if cannot_write(e))
}
