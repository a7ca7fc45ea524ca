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
