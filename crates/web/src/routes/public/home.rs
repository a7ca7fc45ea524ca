//! `GET /p/{partnership}/{plan}`: the published plan's front page: vision, purpose, the
//! outcomes, and the way to everything else.

use askama::Template;
use axum::response::Html;

use super::{Outcome, Published};
use crate::AppError;
use crate::page::Chrome;
use crate::views::PlanHeader;

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    chrome: Chrome,
    base: String,
    plan: PlanHeader,
    outcomes: Vec<Outcome>,
    downloads: Vec<crate::routes::download::Download>,
    downloads_base: String,
}

pub async fn get_home(published: Published) -> Result<Html<String>, AppError> {
    let mut ctx = published.context();
    let header = PlanHeader::new(&published.file.partnership, &published.revision, &mut ctx);
    let outcomes = published.outcomes();
    let page = HomePage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan: header,
        outcomes,
        downloads: crate::routes::download::offered(cypp_publish::Audience::Public),
        downloads_base: format!("{}/downloads", published.base),
    };
    Ok(Html(page.render()?))
}
