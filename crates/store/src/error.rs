//! The store's errors. Each says what went wrong in words a person can act on; the database's
//! own error is kept as the source for the logs.

use cypp_domain::Problems;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("the database could not apply migration {version} ({name})")]
    Migration {
        version: i64,
        name: String,
        #[source]
        source: Box<StoreError>,
    },
    #[error(
        "migration {version} ({name}) was changed after this database applied it; restore the released file and add a new migration instead"
    )]
    MigrationChanged { version: i64, name: String },
    #[error("{entity} {key} was not found")]
    NotFound { entity: &'static str, key: String },
    #[error(
        "{entity} \"{label}\" was changed by someone else since you opened it (you had version {expected}, it is now version {actual}); nothing was saved"
    )]
    Conflict { entity: &'static str, label: String, expected: i64, actual: i64 },
    /// A unique value already in use: `field` names the form field (or plan-file key) it came
    /// from, so a form can say so beside it.
    #[error("{message}")]
    Duplicate { field: &'static str, message: String },
    #[error("{0}")]
    Invalid(Problems),
    /// A write to something kept as it was, such as a closed reporting round: the sentence says
    /// what it is and how to change it.
    #[error("{0}")]
    Closed(String),
    #[error("the database holds a value cypp cannot read: {column} = {value:?}")]
    Corrupt { column: &'static str, value: String },
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub fn duplicate(field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Duplicate { field, message: message.into() }
    }

    pub fn not_found(entity: &'static str, key: impl std::fmt::Display) -> StoreError {
        StoreError::NotFound { entity, key: key.to_string() }
    }
}
