//! Handlers, a folder per area and a file per page or verb.

pub mod account;
pub mod assets;
pub mod committee;
pub mod dashboard;
pub mod download;
pub mod easy_read;
pub mod edit;
pub mod health;
pub mod history;
pub mod home;
pub mod measure;
pub mod new_plan;
pub mod people;
pub mod plain_english;
pub mod plan;
pub mod plan_document;
pub mod plan_file;
pub mod public;
pub mod revisions;
pub mod rounds;
pub mod sign_in;
pub mod updates;

use crate::AppError;

/// Any address no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
