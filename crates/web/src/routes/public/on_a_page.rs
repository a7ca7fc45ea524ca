//! `GET /p/{partnership}/{plan}/on-a-page`: every outcome and priority on one screen, and on
//! one sheet of A4 when printed.

use askama::Template;
use axum::response::Html;

use super::{Outcome, Published};
use crate::AppError;
use crate::page::Chrome;

#[derive(Template)]
#[template(path = "public/on_a_page.html")]
struct OnAPage {
    chrome: Chrome,
    base: String,
    title: String,
    vision: Option<String>,
    columns: Vec<Outcome>,
    child_levels: String,
}

pub async fn get_on_a_page(published: Published) -> Result<Html<String>, AppError> {
    let columns = published.outcomes();
    let plan = &published.revision.plan;
    let page = OnAPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        title: plan.title.clone(),
        vision: plan.vision.clone(),
        columns,
        child_levels: plan.level_plural(1),
    };
    Ok(Html(page.render()?))
}
