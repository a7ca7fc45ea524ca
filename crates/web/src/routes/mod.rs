//! Handlers, a folder per area and a file per page or verb.

pub mod assets;
pub mod dashboard;
pub mod download;
pub mod edit;
pub mod health;
pub mod home;
pub mod measure;
pub mod new_plan;
pub mod plain_english;
pub mod plan;
pub mod plan_import;
pub mod public;
pub mod revisions;
pub mod sign_in;

use cypp_domain::PlanFile;

use crate::auth::Visitor;
use crate::{AppError, AppState};

/// Any address no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// The whole plan with this slug.
pub async fn load_plan(state: &AppState, slug: &str) -> Result<PlanFile, AppError> {
    let mut tx = state.db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, slug).await?;
    tx.rollback().await?;
    Ok(file)
}

/// Whether the visitor may read the plan's current revision: anyone once it is published,
/// otherwise only signed-in people of its partnership.
pub fn may_read_current(file: &PlanFile, visitor: &Visitor) -> Result<(), AppError> {
    if file.plan.status == cypp_domain::PlanStatus::Published {
        return Ok(());
    }
    match visitor.user() {
        Some(user) if user.belongs_to(file.partnership.id) => Ok(()),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}
