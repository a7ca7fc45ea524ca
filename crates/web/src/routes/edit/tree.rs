//! Moving and deleting items and actions: `POST /plans/{slug}/items/{id}/move`, and the
//! confirmation pages `GET`/`POST /plans/{slug}/items/{id}/delete` and
//! `/plans/{slug}/actions/{id}/delete`. Only admins and editors change the plan's shape.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ActionId, ItemId, PlanFile};
use cypp_store::tree::{self, Direction};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::{Deletion, refusal};
use crate::access::{ActionPath, ItemPath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::Confirmation;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "edit/move.html")]
struct MovePage {
    chrome: Chrome,
    heading: String,
    action: String,
    back: String,
    /// (value, label) of each place the item may go.
    places: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct MoveForm {
    direction: Option<Direction>,
    parent: Option<String>,
}

/// The item a form names, if it is in the plan's current revision.
fn in_plan(file: &PlanFile, id: &str) -> Result<ItemId, AppError> {
    let id: ItemId = id.parse().map_err(|_| AppError::BadRequest)?;
    if file.items.iter().flat_map(|i| i.walk()).any(|(_, i)| i.id == id) { Ok(id) } else { Err(AppError::BadRequest) }
}

/// `GET /plans/{slug}/items/{item}/move`: where the item may go.
pub async fn get_move_item(plan: PlanEditor, ItemPath(id): ItemPath) -> Result<Html<String>, AppError> {
    let (file, slug) = (&plan.file, plan.slug());
    let mut heading = String::new();
    let mut places =
        vec![("top".to_string(), format!("At the top level, as {} {}", "an", file.plan.level_name(0).to_lowercase()))];
    for top in &file.items {
        let mut skip_below: Option<usize> = None;
        for (depth, item) in top.walk() {
            if let Some(d) = skip_below {
                if depth > d {
                    continue;
                }
                skip_below = None;
            }
            if item.id == id {
                heading = item.heading();
                skip_below = Some(depth);
                continue;
            }
            places.push((item.id.to_string(), format!("Under {} {}", file.plan.level_name(depth), item.heading())));
        }
    }
    let page = MovePage {
        chrome: plan.chrome(),
        heading,
        action: format!("/plans/{slug}/items/{id}/move"),
        back: format!("/plans/{slug}#item-{id}"),
        places,
    };
    Ok(Html(page.render()?))
}

pub async fn post_move_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(id): ItemPath,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let (file, slug) = (&plan.file, plan.slug());
    let actor = plan.actor();
    let mut tx = state.db.write().await?;
    let result = match (form.direction, form.parent.as_deref()) {
        (Some(direction), _) => tree::reorder_item(&mut tx, &actor, id, direction).await,
        (None, Some("top")) => tree::move_item(&mut tx, &actor, id, None).await,
        (None, Some(parent)) => tree::move_item(&mut tx, &actor, id, Some(in_plan(file, parent)?)).await,
        (None, None) => return Err(AppError::BadRequest),
    };
    match result {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}#item-{id}")).into_response())
        }
        Err(StoreError::Invalid(_)) => Err(AppError::BadRequest),
        Err(e) => Err(e.into()),
    }
}

fn item_deletion(slug: &str, id: ItemId, heading: &str) -> Deletion {
    Deletion {
        title: format!("Delete {heading}?"),
        warning:
            "This deletes everything under it too: its items, actions, success statements, risks and finance lines."
                .into(),
        action: format!("/plans/{slug}/items/{id}/delete"),
        back: format!("/plans/{slug}#item-{id}"),
    }
}

fn action_deletion(slug: &str, id: ActionId, title: &str) -> Deletion {
    Deletion {
        title: "Delete this action?".into(),
        warning: title.to_string(),
        action: format!("/plans/{slug}/actions/{id}/delete"),
        back: format!("/plans/{slug}"),
    }
}

pub async fn get_delete_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(id): ItemPath,
) -> Result<Response, AppError> {
    let current = edit::get_item(&mut state.db.read().await?, id).await?;
    item_deletion(plan.slug(), id, &current.value.heading()).respond(plan.session, current.version, None)
}

pub async fn post_delete_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(id): ItemPath,
    CsrfForm(form): CsrfForm<Confirmation>,
) -> Result<Response, AppError> {
    let slug = plan.slug().to_string();
    let mut tx = state.db.write().await?;
    match tree::delete_item(&mut tx, &plan.actor(), id, form.version.get()?).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = edit::get_item(&mut state.db.read().await?, id).await?;
            item_deletion(&slug, id, &current.value.heading()).respond(plan.session, current.version, Some(reason))
        }
    }
}

pub async fn get_delete_action(
    State(state): State<AppState>,
    plan: PlanEditor,
    ActionPath(id): ActionPath,
) -> Result<Response, AppError> {
    let current = edit::get_action(&mut state.db.read().await?, id).await?;
    action_deletion(plan.slug(), id, &current.value.title).respond(plan.session, current.version, None)
}

pub async fn post_delete_action(
    State(state): State<AppState>,
    plan: PlanEditor,
    ActionPath(id): ActionPath,
    CsrfForm(form): CsrfForm<Confirmation>,
) -> Result<Response, AppError> {
    let slug = plan.slug().to_string();
    let mut tx = state.db.write().await?;
    match tree::delete_action(&mut tx, &plan.actor(), id, form.version.get()?).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = edit::get_action(&mut state.db.read().await?, id).await?;
            action_deletion(&slug, id, &current.value.title).respond(plan.session, current.version, Some(reason))
        }
    }
}
