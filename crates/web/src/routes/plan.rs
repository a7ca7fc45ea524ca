//! `GET /plans/{slug}`: the whole plan on one page, as it stands in its current revision.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use chrono::Utc;

use crate::views::PlanView;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    plan: PlanView,
}

pub async fn get_plan(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &slug).await?;
    tx.rollback().await.map_err(cypp_store::StoreError::from)?;
    let plan = PlanView::new(&file, Utc::now().date_naive());
    Ok(Html(PlanPage { plan }.render()?))
}
