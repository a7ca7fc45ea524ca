//! `GET /p/{partnership}/{plan}/progress`: how the plan is going, for everyone: each item's
//! latest progress that an admin has put on the public site (its rating and a summary in plain
//! words, from an accepted update), and the items with none published yet. Nothing else of the
//! rounds is public: no lead's own words, no draft, nothing not yet accepted.

use askama::Template;
use axum::response::Html;
use cypp_domain::period::uk_date;
use cypp_domain::{Ask, Identities, ItemId, PlanFile};
use cypp_publish::board;

use super::Published;
use crate::AppError;
use crate::page::Chrome;
use crate::views::{Tag, rag_tag};

/// An item's published progress, as the pages show it.
pub struct Progress {
    pub round: String,
    pub rag: Option<Tag>,
    pub summary: String,
    pub published: String,
}

/// The published progress of one item, if any.
pub fn of(file: &PlanFile, item: ItemId) -> Option<Progress> {
    of_ask(file, Ask::Item(item))
}

/// The published progress of one item or action, if any.
pub fn of_ask(file: &PlanFile, about: Ask) -> Option<Progress> {
    let ids = Identities::of(file);
    board::public_progress(file, &ids, about).map(|p| Progress {
        round: p.round.name.clone(),
        rag: p.rag.map(rag_tag),
        summary: p.summary.to_string(),
        published: uk_date(p.published_on),
    })
}

pub struct Row {
    pub heading: String,
    pub href: String,
    /// `cypp-depth-N` for an item below the top level.
    pub depth: String,
    pub progress: Option<Progress>,
    /// Whether it has parts under it, which rounds usually ask about instead.
    pub has_parts: bool,
}

#[derive(Template)]
#[template(path = "public/progress.html")]
struct ProgressPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    rows: Vec<Row>,
    published: usize,
}

pub async fn get_progress(published: Published) -> Result<Html<String>, AppError> {
    let rows: Vec<Row> = published
        .revision
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(depth, item)| Row {
            heading: item.heading(),
            href: format!("{}/items/{}", published.base, item.id),
            depth: if depth == 0 { String::new() } else { format!("cypp-depth-{}", depth.min(3)) },
            progress: of(&published.file, item.id),
            has_parts: !item.items.is_empty(),
        })
        .collect();
    let page = ProgressPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan_title: published.revision.plan.title.clone(),
        published: rows.iter().filter(|r| r.progress.is_some()).count(),
        rows,
    };
    Ok(Html(page.render()?))
}
