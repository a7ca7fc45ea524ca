//! Handlers, a file per page or resource.

pub mod assets;
pub mod health;
pub mod home;
pub mod plan;

use crate::AppError;

/// Any address no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
