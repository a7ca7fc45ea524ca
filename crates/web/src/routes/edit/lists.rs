//! The plan's short lists (jargon buster, themes, principles, sections, partner organisations,
//! boards, and each item's success statements and references), one page per list and one form
//! per record, all driven by `cypp_store::lists::KINDS`.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::Problems;
use cypp_store::StoreError;
use cypp_store::lists::{self, ListKind, Record};

use super::{Deletion, refusal};
use super::{Field, Kind, annotate, checker};
use crate::access::{EntryPath, ListPlace};
use crate::csrf::CsrfForm;
use crate::form::{Confirmation, FormPage, Pairs, differences, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

type Place = ListPlace;

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

pub async fn get_list(State(state): State<AppState>, place: ListPlace) -> Result<Html<String>, AppError> {
    let records = lists::list(&mut state.db.read().await?, place.kind, place.parent).await?;
    let defaults = (place.kind.key == "jargon" && records.is_empty()).then(|| format!("{}/defaults", place.base));
    let page = ListPage {
        defaults,
        chrome: place.plan.chrome(),
        title: place.kind.title.to_string(),
        owner: place.owner.clone(),
        entity: place.kind.entity.to_string(),
        back: format!("/plans/{}/settings", place.plan.slug()),
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
    place: &Place,
    title: String,
    action: String,
    version: i64,
    values: &[String],
    problems: &Problems,
) -> FormPage {
    let mut fields = fields(place.kind, values);
    annotate(&mut fields, problems, &checker(&place.plan.file));
    FormPage {
        chrome: place.plan.chrome(),
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
fn values(kind: &ListKind, form: &Pairs) -> Vec<String> {
    kind.fields.iter().map(|f| form.get(f.column).to_string()).collect()
}

pub async fn get_new(place: ListPlace) -> Result<Html<String>, AppError> {
    let title = format!("Add a {}", place.kind.entity);
    let action = format!("{}/new{}", place.base, place.query);
    Ok(Html(form_page(&place, title, action, 0, &[], &Problems::default()).render()?))
}

pub async fn post_new(
    State(state): State<AppState>,
    place: ListPlace,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let values = values(place.kind, &form);
    let mut tx = state.db.write().await?;
    match lists::add(&mut tx, &place.plan.actor(), place.kind, place.parent, &values).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(e) => {
            let title = format!("Add a {}", place.kind.entity);
            let action = format!("{}/new{}", place.base, place.query);
            form_page(&place, title, action, 0, &values, &problems(e)?).unprocessable()
        }
    }
}

pub async fn get_edit(place: ListPlace, EntryPath(found): EntryPath) -> Result<Html<String>, AppError> {
    let action = format!("{}/{}/edit{}", place.base, found.id, place.query);
    let title = format!("Change a {}", place.kind.entity);
    Ok(Html(form_page(&place, title, action, found.version, &found.values, &Problems::default()).render()?))
}

pub async fn post_edit(
    State(state): State<AppState>,
    place: ListPlace,
    EntryPath(found): EntryPath,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let values = values(place.kind, &form);
    let version = form.version.get()?;
    let action = format!("{}/{}/edit{}", place.base, found.id, place.query);
    let title = format!("Change a {}", place.kind.entity);
    let mut tx = state.db.write().await?;
    match lists::update(&mut tx, &place.plan.actor(), place.kind, found.id, version, &values).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let mut page = form_page(&place, title, action, actual, &values, &Problems::default());
            page.conflict = differences(fields(place.kind, &found.values), fields(place.kind, &values));
            page.unprocessable()
        }
        Err(e) => form_page(&place, title, action, version, &values, &problems(e)?).unprocessable(),
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

pub async fn get_delete(place: ListPlace, EntryPath(found): EntryPath) -> Result<Response, AppError> {
    deletion(&place, &found).respond(place.plan.session.clone(), found.version, None)
}

pub async fn post_delete(
    State(state): State<AppState>,
    place: ListPlace,
    EntryPath(found): EntryPath,
    CsrfForm(form): CsrfForm<Confirmation>,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    match lists::delete(&mut tx, &place.plan.actor(), place.kind, found.id, form.version.get()?).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("{}{}", place.base, place.query)).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = lists::get(&mut state.db.read().await?, place.kind, found.id).await?;
            deletion(&place, &current).respond(place.plan.session.clone(), current.version, Some(reason))
        }
    }
}

/// `POST /plans/{slug}/lists/jargon/defaults` (no other list has defaults): starts the partnership's jargon list from cypp's
/// default list, to edit from there.
pub async fn post_jargon_defaults(
    State(state): State<AppState>,
    place: ListPlace,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if place.kind.key != "jargon" {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.write().await?;
    if lists::list(&mut tx, place.kind, place.parent).await?.is_empty() {
        let actor = place.plan.actor();
        for (word, instead) in cypp_domain::plain::DEFAULT_JARGON {
            lists::add(&mut tx, &actor, place.kind, place.parent, &[word.to_string(), instead.to_string()]).await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to(&place.base).into_response())
}
