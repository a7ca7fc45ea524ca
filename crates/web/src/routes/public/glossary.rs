//! `GET /p/{partnership}/{plan}/glossary`: the jargon buster.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use super::Published;
use crate::auth::Visitor;
use crate::markup::term_anchor;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "public/glossary.html")]
struct GlossaryPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    terms: Vec<(String, String, String)>,
}

pub async fn get_glossary(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((partnership, plan)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let published = Published::load(&state, &partnership, &plan).await?;
    let mut terms: Vec<(String, String, String)> = published
        .revision
        .glossary
        .iter()
        .map(|g| (term_anchor(&g.term), g.term.clone(), g.definition.clone()))
        .collect();
    terms.sort_by_key(|t| t.1.to_lowercase());
    let page = GlossaryPage {
        chrome: published.chrome(&visitor),
        base: published.base.clone(),
        plan_title: published.revision.plan.title.clone(),
        terms,
    };
    Ok(Html(page.render()?))
}
