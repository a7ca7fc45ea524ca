//! The plan's short lists (jargon buster, themes, principles, sections, partner organisations,
//! boards, and each item's success statements and references), one page per list and one form
//! per record, all driven by `cypp_store::lists::KINDS`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ItemId, PlanFile, Problems, User};
use cypp_store::lists::{self, ListKind, Parent, Record};
use cypp_store::{Actor, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use super::item::FormPage;
use super::{Deletion, refusal};
use super::{Difference, Field, Kind, annotate, checker};
use crate::auth::{SignedIn, Visitor};
use crate::csrf::CsrfForm;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Deserialize, Default)]
pub struct ItemQuery {
    item: Option<String>,
}

/// Where a list sits in a plan, and the addresses of its pages.
struct Place {
    file: PlanFile,
    kind: &'static ListKind,
    parent: Uuid,
    /// What the list belongs to, for headings: the plan, the partnership or an item.
    owner: String,
    /// `?item=…` for item lists, else empty.
    query: String,
    base: String,
}

/// Partnership lists are for admins; the plan's own lists for admins and editors.
fn may_edit(user: &User, kind: &ListKind, file: &PlanFile) -> bool {
    let role = match kind.parent {
        Parent::Partnership => user.is_admin(),
        Parent::Revision | Parent::Item => user.can_edit_plan(),
    };
    role && user.belongs_to(file.partnership.id)
}

async fn place(state: &AppState, user: &User, slug: &str, key: &str, query: &ItemQuery) -> Result<Place, AppError> {
    let kind = lists::kind(key).ok_or(AppError::NotFound)?;
    let file = crate::routes::load_plan(state, slug).await?;
    if !may_edit(user, kind, &file) {
        return Err(AppError::Forbidden);
    }
    let (parent, owner, query) = match kind.parent {
        Parent::Revision => (file.plan.revision_id.0, file.plan.title.clone(), String::new()),
        Parent::Partnership => (file.partnership.id.0, file.partnership.name.clone(), String::new()),
        Parent::Item => {
            let id: ItemId = query.item.as_deref().and_then(|i| i.parse().ok()).ok_or(AppError::NotFound)?;
            let item = file
                .items
                .iter()
                .flat_map(|i| i.walk())
                .map(|(_, i)| i)
                .find(|i| i.id == id)
                .ok_or(AppError::NotFound)?;
            (id.0, item.heading(), format!("?item={id}"))
        }
    };
    let base = format!("/plans/{slug}/lists/{key}");
    Ok(Place { file, kind, parent, owner, query, base })
}

/// The record, if it belongs to this place.
async fn record(state: &AppState, place: &Place, id: &str) -> Result<Record, AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let found = lists::get(&mut state.db.read().await?, place.kind, id).await?;
    if found.parent == place.parent { Ok(found) } else { Err(AppError::NotFound) }
}

#[derive(Template)]
#[template(path = "edit/list.html")]
struct ListPage {
    chrome: Chrome,
    title: String,
    owner: String,
    entity: String,
    back: String,
    add: String,
    headers: Vec<&'static str>,
    /// Each record's shown values, and its edit and delete links.
    rows: Vec<(Vec<String>, String, String)>,
    /// For the jargon list while it is empty: where to copy cypp's default list from.
    defaults: Option<String>,
}

fn shown(kind: &ListKind, values: &[String]) -> Vec<String> {
    kind.fields
        .iter()
        .zip(values)
        .map(|(f, v)| {
            f.choices.iter().find(|(w, _)| w == v).map(|(_, label)| label.to_string()).unwrap_or_else(|| v.clone())
        })
        .collect()
}

pub async fn get_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key)): Path<(String, String)>,
    Query(query): Query<ItemQuery>,
) -> Result<Html<String>, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let records = lists::list(&mut state.db.read().await?, place.kind, place.parent).await?;
    let defaults = (place.kind.key == "jargon" && records.is_empty()).then(|| format!("{}/defaults", place.base));
    let page = ListPage {
        defaults,
        chrome: Chrome::new(&Visitor(Some(session))),
        title: place.kind.title.to_string(),
        owner: place.owner.clone(),
        entity: place.kind.entity.to_string(),
        back: format!("/plans/{slug}/settings"),
        add: format!("{}/new{}", place.base, place.query),
        headers: place.kind.fields.iter().map(|f| f.label).collect(),
        rows: records
            .iter()
            .map(|r| {
                (
                    shown(place.kind, &r.values),
                    format!("{}/{}/edit{}", place.base, r.id, place.query),
                    format!("{}/{}/delete{}", place.base, r.id, place.query),
                )
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}

fn fields(kind: &ListKind, values: &[String]) -> Vec<Field> {
    kind.fields
        .iter()
        .zip(values.iter().map(String::as_str).chain(std::iter::repeat("")))
        .map(|(spec, value)| {
            let kind = if !spec.choices.is_empty() {
                super::options(spec.choices)
            } else if spec.multiline {
                Kind::Textarea(4)
            } else {
                Kind::Input
            };
            let mut field = Field::new(spec.column, spec.label, value, kind);
            field.hint = spec.hint;
            field
        })
        .collect()
}

fn form_page(
    session: &cypp_store::sessions::Session,
    place: &Place,
    title: String,
    action: String,
    version: i64,
    values: &[String],
    problems: &Problems,
) -> FormPage {
    let mut fields = fields(place.kind, values);
    annotate(&mut fields, problems, &checker(&place.file));
    FormPage {
        chrome: Chrome::new(&Visitor(Some(session.clone()))),
        title,
        caption: place.owner.clone(),
        action,
        back: format!("{}{}", place.base, place.query),
        version,
        fields,
        conflict: Vec::new(),
    }
}

/// The values posted for a kind's fields, in order; everything else in the form is ignored.
fn values(kind: &ListKind, form: &[(String, String)]) -> Vec<String> {
    kind.fields
        .iter()
        .map(|f| form.iter().find(|(k, _)| k == f.column).map(|(_, v)| v.clone()).unwrap_or_default())
        .collect()
}

fn version(form: &[(String, String)]) -> i64 {
    form.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok()).unwrap_or(0)
}

pub async fn get_new(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key)): Path<(String, String)>,
    Query(query): Query<ItemQuery>,
) -> Result<Html<String>, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let title = format!("Add a {}", place.kind.entity);
    let action = format!("{}/new{}", place.base, place.query);
    Ok(Html(form_page(&session, &place, title, action, 0, &[], &Problems::default()).render()?))
}

pub async fn post_new(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key)): Path<(String, String)>,
    Query(query): Query<ItemQuery>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let values = values(place.kind, &form);
    let mut tx = state.db.write().await?;
    match lists::add(&mut tx, &Actor::user(&session.user), place.kind, place.parent, &values).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(StoreError::Invalid(problems)) => {
            let title = format!("Add a {}", place.kind.entity);
            let action = format!("{}/new{}", place.base, place.query);
            form_page(&session, &place, title, action, 0, &values, &problems).unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn get_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key, id)): Path<(String, String, String)>,
    Query(query): Query<ItemQuery>,
) -> Result<Html<String>, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let found = record(&state, &place, &id).await?;
    let action = format!("{}/{}/edit{}", place.base, found.id, place.query);
    let title = format!("Change a {}", place.kind.entity);
    Ok(Html(form_page(&session, &place, title, action, found.version, &found.values, &Problems::default()).render()?))
}

pub async fn post_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key, id)): Path<(String, String, String)>,
    Query(query): Query<ItemQuery>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let found = record(&state, &place, &id).await?;
    let values = values(place.kind, &form);
    let action = format!("{}/{}/edit{}", place.base, found.id, place.query);
    let title = format!("Change a {}", place.kind.entity);
    let mut tx = state.db.write().await?;
    match lists::update(&mut tx, &Actor::user(&session.user), place.kind, found.id, version(&form), &values).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(StoreError::Invalid(problems)) => {
            form_page(&session, &place, title, action, version(&form), &values, &problems).unprocessable()
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let mut page = form_page(&session, &place, title, action, actual, &values, &Problems::default());
            page.conflict = place
                .kind
                .fields
                .iter()
                .zip(found.values.iter().zip(&values))
                .filter(|(_, (theirs, yours))| theirs != yours)
                .map(|(f, (theirs, yours))| Difference { label: f.label, theirs: theirs.clone(), yours: yours.clone() })
                .collect();
            page.unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}

fn deletion(place: &Place, found: &Record) -> Deletion {
    Deletion {
        title: format!("Delete this {}?", place.kind.entity),
        warning: shown(place.kind, &found.values).join(": "),
        action: format!("{}/{}/delete{}", place.base, found.id, place.query),
        back: format!("{}{}", place.base, place.query),
    }
}

pub async fn get_delete(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key, id)): Path<(String, String, String)>,
    Query(query): Query<ItemQuery>,
) -> Result<Response, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let found = record(&state, &place, &id).await?;
    deletion(&place, &found).respond(session, found.version, None)
}

pub async fn post_delete(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((slug, key, id)): Path<(String, String, String)>,
    Query(query): Query<ItemQuery>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let place = place(&state, &session.user, &slug, &key, &query).await?;
    let found = record(&state, &place, &id).await?;
    let mut tx = state.db.write().await?;
    match lists::delete(&mut tx, &Actor::user(&session.user), place.kind, found.id, version(&form)).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = record(&state, &place, &id).await?;
            deletion(&place, &current).respond(session, current.version, Some(reason))
        }
    }
}

/// `POST /plans/{slug}/lists/jargon/defaults`: starts the partnership's jargon list from cypp's
/// default list, to edit from there.
pub async fn post_jargon_defaults(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let place = place(&state, &session.user, &slug, "jargon", &ItemQuery::default()).await?;
    let mut tx = state.db.write().await?;
    if lists::list(&mut tx, place.kind, place.parent).await?.is_empty() {
        let actor = Actor::user(&session.user);
        for (word, instead) in cypp_domain::plain::DEFAULT_JARGON {
            lists::add(&mut tx, &actor, place.kind, place.parent, &[word.to_string(), instead.to_string()]).await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to(&place.base).into_response())
}
