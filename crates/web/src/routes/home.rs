//! `GET /`: the partnerships in this database and their plans.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use cypp_domain::PlanStatus;
use cypp_store::catalogue::{self, PartnershipSummary};

use crate::auth::Visitor;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    partnerships: Vec<PartnershipSummary>,
    published: PlanStatus,
}

pub async fn get_home(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let mut partnerships = catalogue::list(&mut tx).await?;
    tx.rollback().await?;
    // A partnership's people see its plans as they stand; anyone else sees the published
    // revision of each plan that has one, and nothing of a draft.
    for partnership in &mut partnerships {
        if !visitor.user().is_some_and(|u| u.belongs_to(partnership.id)) {
            partnership.plans = std::mem::take(&mut partnership.published);
        }
    }
    Ok(Html(HomePage { chrome: Chrome::new(&visitor), partnerships, published: PlanStatus::Published }.render()?))
}
