//! `GET /p/{partnership}/{plan}/items/{id}`: one outcome or priority: why it matters, what
//! children and young people asked for, actions, success statements and measures.

use askama::Template;
use axum::response::Html;
use cypp_domain::{ItemId, PlanItem};

use super::Published;
use crate::AppError;
use crate::access::ItemPath;
use crate::page::Chrome;
use crate::views::ItemView;

#[derive(Template)]
#[template(path = "public/item.html")]
struct ItemPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    /// The items above this one: (heading, link).
    trail: Vec<(String, String)>,
    item: ItemView,
    /// Its latest progress put on the public site.
    progress: Option<super::progress::Progress>,
}

/// The path from the top of the tree to the item, if it is there.
fn find<'a>(items: &'a [PlanItem], id: ItemId, trail: &mut Vec<&'a PlanItem>) -> bool {
    for item in items {
        trail.push(item);
        if item.id == id || find(&item.items, id, trail) {
            return true;
        }
        trail.pop();
    }
    false
}

pub async fn get_item(published: Published, ItemPath(id): ItemPath) -> Result<Html<String>, AppError> {
    let mut trail = Vec::new();
    find(&published.revision.items, id, &mut trail);
    let Some(depth) = trail.len().checked_sub(1) else { return Err(AppError::NotFound) };
    let mut ctx = published.context();
    let above = trail[..depth].iter().map(|i| (i.heading(), format!("{}/items/{}", published.base, i.id))).collect();
    let item = ctx.item(trail[depth], depth, 1);
    let page = ItemPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan_title: published.revision.plan.title.clone(),
        trail: above,
        progress: super::progress::of(&published.file, trail[depth].id),
        item,
    };
    Ok(Html(page.render()?))
}
