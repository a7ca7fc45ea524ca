//! cypp storage: one repository over SQLite (the default, one file) and PostgreSQL (for
//! larger deployments).
//!
//! Every query is written once, in SQL both engines accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`), and runs through [`Tx`], which binds [`Val`]s on whichever engine is open.
//! The differences between the engines live in `migrations/` (column types) and in
//! [`dialect`]. Every write happens in one transaction with its audit event; editable records
//! carry a version and a stale update fails with [`StoreError::Conflict`].

pub mod audit;
pub mod backup;
pub mod catalogue;
mod codec;
pub mod comparators;
pub mod db;
pub mod dialect;
pub mod edit;
mod error;
pub mod links;
pub mod lists;
pub mod migrate;
pub mod pending;
pub mod people;
pub mod plan_file;
pub mod profiles;
pub mod reminders;
pub mod replica;
pub mod rounds;
pub mod sessions;
pub mod sign_in;
pub mod tree;
pub mod updates;
pub mod users;

pub use db::{Db, Engine, Tx, Val};
pub use error::StoreError;

/// Who is making a change, for the audit trail.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Option<cypp_domain::UserId>,
    /// An email, or a label such as "cypp import" for the command line.
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor { id: None, label: label.to_string() }
    }

    pub fn user(user: &cypp_domain::User) -> Actor {
        Actor { id: Some(user.id), label: user.email.to_string() }
    }
}

/// A record with the version it was read at, for an edit that must not overwrite someone
/// else's change.
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub version: i64,
}
