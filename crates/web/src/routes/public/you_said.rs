//! `GET /p/{partnership}/{plan}/you-said-we-did`: "You said, we did". Every entry of what
//! children and young people asked for, in the plan's order, with the actions that answer it
//! (an action of the same part of the plan, or of a part below it, that says so), each with
//! its status and the latest progress on it that an admin has put on the public site.

use askama::Template;
use axum::response::Html;
use cypp_domain::{Ask, PlanItem};

use super::Published;
use super::progress::{Progress, of_ask};
use crate::AppError;
use crate::page::Chrome;

pub struct Done {
    pub title: String,
    pub status: &'static str,
    pub progress: Option<Progress>,
}

pub struct YouSaid {
    pub ask: String,
    pub done: Vec<Done>,
}

pub struct Part {
    pub heading: String,
    pub href: String,
    pub asks: Vec<YouSaid>,
}

#[derive(Template)]
#[template(path = "public/you_said.html")]
struct YouSaidPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    parts: Vec<Part>,
}

/// Each ask of `item` with the actions under it that answer it.
fn part(published: &Published, item: &PlanItem) -> Part {
    let actions: Vec<_> = item.walk().into_iter().flat_map(|(_, i)| &i.actions).collect();
    Part {
        heading: item.heading(),
        href: format!("{}/items/{}", published.base, item.id),
        asks: item
            .young_people_asked
            .iter()
            .map(|ask| YouSaid {
                ask: ask.clone(),
                done: actions
                    .iter()
                    .filter(|a| a.answers.contains(ask))
                    .map(|a| Done {
                        title: a.title.clone(),
                        status: a.status.label(),
                        progress: of_ask(&published.file, Ask::Action(a.id)),
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub async fn get_you_said(published: Published) -> Result<Html<String>, AppError> {
    let parts = published
        .revision
        .items
        .iter()
        .flat_map(|i| i.walk())
        .filter(|(_, i)| !i.young_people_asked.is_empty())
        .map(|(_, item)| part(&published, item))
        .collect();
    let page = YouSaidPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan_title: published.revision.plan.title.clone(),
        parts,
    };
    Ok(Html(page.render()?))
}
