//! `GET /`: the partnerships in this database and their plans.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use cypp_store::catalogue::{self, PartnershipSummary};

use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    partnerships: Vec<PartnershipSummary>,
}

pub async fn get_home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let partnerships = catalogue::list(&mut tx).await?;
    tx.rollback().await.map_err(cypp_store::StoreError::from)?;
    Ok(Html(HomePage { partnerships }.render()?))
}
