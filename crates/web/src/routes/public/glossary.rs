//! `GET /p/{partnership}/{plan}/glossary`: the jargon buster.

use askama::Template;
use axum::response::Html;

use super::Published;
use crate::AppError;
use crate::markup::term_anchor;
use crate::page::Chrome;

#[derive(Template)]
#[template(path = "public/glossary.html")]
struct GlossaryPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    terms: Vec<(String, String, String)>,
}

pub async fn get_glossary(published: Published) -> Result<Html<String>, AppError> {
    let mut terms: Vec<(String, String, String)> = published
        .revision
        .glossary
        .iter()
        .map(|g| (term_anchor(&g.term), g.term.clone(), g.definition.clone()))
        .collect();
    terms.sort_by_key(|t| t.1.to_lowercase());
    let page = GlossaryPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan_title: published.revision.plan.title.clone(),
        terms,
    };
    Ok(Html(page.render()?))
}
