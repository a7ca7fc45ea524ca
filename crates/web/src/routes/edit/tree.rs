//! Moving and deleting items and actions: `POST /plans/{slug}/items/{id}/move`, and the
//! confirmation pages `GET`/`POST /plans/{slug}/items/{id}/delete` and
//! `/plans/{slug}/actions/{id}/delete`. Only admins and editors change the plan's shape.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ActionId, ItemId, PlanFile};
use cypp_store::tree::{self, Direction};
use cypp_store::{Actor, StoreError, edit};
use serde::Deserialize;

use super::item::require_editor;
use super::{Deletion, refusal};
use crate::auth::{SignedIn, Visitor};
use crate::csrf::CsrfForm;
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

#[derive(Deserialize)]
pub struct DeleteForm {
    version: i64,
}

async fn editable(state: &AppState, user: &cypp_domain::User, slug: &str) -> Result<PlanFile, AppError> {
    let file = crate::routes::load_plan(state, slug).await?;
    require_editor(user, &file)?;
    Ok(file)
}

fn in_plan(file: &PlanFile, id: &str) -> Result<ItemId, AppError> {
    let id: ItemId = id.parse().map_err(|_| AppError::NotFound)?;
    if file.items.iter().flat_map(|i| i.walk()).any(|(_, i)| i.id == id) { Ok(id) } else { Err(AppError::NotFound) }
}

/// `GET /plans/{slug}/items/{id}/move`: where the item may go.
pub async fn get_move_item(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = in_plan(&file, &id)?;
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
        chrome: Chrome::new(&Visitor(Some(session))),
        heading,
        action: format!("/plans/{slug}/items/{id}/move"),
        back: format!("/plans/{slug}#item-{id}"),
        places,
    };
    Ok(Html(page.render()?))
}

pub async fn post_move_item(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = in_plan(&file, &id)?;
    let actor = Actor::user(&session.user);
    let mut tx = state.db.write().await?;
    let result = match (form.direction, form.parent.as_deref()) {
        (Some(direction), _) => tree::reorder_item(&mut tx, &actor, id, direction).await,
        (None, Some("top")) => tree::move_item(&mut tx, &actor, id, None).await,
        (None, Some(parent)) => tree::move_item(&mut tx, &actor, id, Some(in_plan(&file, parent)?)).await,
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
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = in_plan(&file, &id)?;
    let current = edit::get_item(&mut state.db.read().await?, id).await?;
    item_deletion(&slug, id, &current.value.heading()).respond(session, current.version, None)
}

pub async fn post_delete_item(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = in_plan(&file, &id)?;
    let mut tx = state.db.write().await?;
    match tree::delete_item(&mut tx, &Actor::user(&session.user), id, form.version).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = edit::get_item(&mut state.db.read().await?, id).await?;
            item_deletion(&slug, id, &current.value.heading()).respond(session, current.version, Some(reason))
        }
    }
}

fn action_in_plan(file: &PlanFile, id: &str) -> Result<ActionId, AppError> {
    let id: ActionId = id.parse().map_err(|_| AppError::NotFound)?;
    let found = file.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| i.actions.iter()).any(|a| a.id == id);
    if found { Ok(id) } else { Err(AppError::NotFound) }
}

pub async fn get_delete_action(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = action_in_plan(&file, &id)?;
    let current = edit::get_action(&mut state.db.read().await?, id).await?;
    action_deletion(&slug, id, &current.value.title).respond(session, current.version, None)
}

pub async fn post_delete_action(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<Response, AppError> {
    let file = editable(&state, &session.user, &slug).await?;
    let id = action_in_plan(&file, &id)?;
    let mut tx = state.db.write().await?;
    match tree::delete_action(&mut tx, &Actor::user(&session.user), id, form.version).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = edit::get_action(&mut state.db.read().await?, id).await?;
            action_deletion(&slug, id, &current.value.title).respond(session, current.version, Some(reason))
        }
    }
}
