//! A plan's revisions: the list with each one's history, comparing two, moving the current
//! revision on (draft → consultation → approved → published → archived) and starting the
//! annual refresh.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::period::uk_date;
use cypp_domain::revision::{Change, compare};
use cypp_domain::{PlanStatus, RevisionContent};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use crate::access::{PlanEditor, PlanMember};
use crate::csrf::CsrfForm;
use crate::page::Chrome;
use crate::{AppError, AppState};

pub struct RevisionRow {
    pub number: u32,
    pub label: String,
    pub status: &'static str,
    pub history: Vec<String>,
}

#[derive(Template)]
#[template(path = "revisions.html")]
struct RevisionsPage {
    chrome: Chrome,
    slug: String,
    title: String,
    revisions: Vec<RevisionRow>,
    from: u32,
    to: u32,
    changes: Vec<Change>,
    published: Option<SincePublished>,
}

/// The published revision's number and the day it was published, with every change made to
/// it since (when, who, what), newest first.
pub struct SincePublished {
    pub number: u32,
    pub on: String,
    pub edits: Vec<(String, String, String)>,
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Option<u32>,
    to: Option<u32>,
}

fn row(revision: &RevisionContent) -> RevisionRow {
    let plan = &revision.plan;
    RevisionRow {
        number: plan.revision,
        label: plan.revision_label.clone().unwrap_or_default(),
        status: plan.status.label(),
        history: plan
            .status_history
            .iter()
            .map(|c| {
                let mut line = format!("{} on {} by {}", c.status.label(), uk_date(c.at.date_naive()), c.by);
                if let Some(note) = &c.note {
                    line.push_str(&format!(": {note}"));
                }
                line
            })
            .collect(),
    }
}

/// The changes made to the published revision since it was published: its items, actions,
/// settings, the plan's measures and figures and the partnership's details, as the audit trail
/// recorded them. The public site changes only with one of these.
async fn published_changes(state: &AppState, file: &cypp_domain::PlanFile) -> Result<Option<SincePublished>, AppError> {
    let Some(published) = file.latest_published() else { return Ok(None) };
    let Some(since) =
        published.plan.status_history.iter().rev().find(|c| c.status == PlanStatus::Published).map(|c| c.at)
    else {
        return Ok(None);
    };
    let mut ids = std::collections::HashSet::new();
    ids.insert(published.plan.revision_id.0);
    ids.insert(file.plan.id.0);
    ids.insert(file.partnership.id.0);
    for (_, item) in published.items.iter().flat_map(|i| i.walk()) {
        ids.insert(item.id.0);
        ids.extend(item.actions.iter().map(|a| a.id.0));
        ids.extend(item.success_statements.iter().map(|s| s.id.0));
    }
    ids.extend(file.measures.iter().map(|m| m.id.0));
    let mut tx = state.db.read().await?;
    let events = cypp_store::audit::since_for(&mut tx, since, &ids, 200).await?;
    tx.rollback().await?;
    let edits = events.into_iter().map(|e| (cypp_domain::period::uk_time(e.at), e.actor, e.summary)).collect();
    Ok(Some(SincePublished { number: published.plan.revision, on: uk_date(since.date_naive()), edits }))
}

/// `GET /plans/{slug}/revisions?from=1&to=2`: every revision and what changed between two.
pub async fn get_revisions(
    State(state): State<AppState>,
    plan: PlanMember,
    Query(query): Query<CompareQuery>,
) -> Result<Html<String>, AppError> {
    let file = &plan.file;
    let mut all: Vec<RevisionContent> = file.earlier_revisions.clone();
    all.push(file.current());
    let latest = file.plan.revision;
    let to = query.to.unwrap_or(latest);
    let from = query.from.unwrap_or(to.saturating_sub(1).max(1));
    let find = |n: u32| all.iter().find(|r| r.plan.revision == n);
    let changes = match (find(from), find(to)) {
        (Some(a), Some(b)) => compare(a, b),
        _ => return Err(AppError::NotFound),
    };
    let page = RevisionsPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        title: file.plan.title.clone(),
        revisions: all.iter().rev().map(row).collect(),
        from,
        to,
        changes,
        published: published_changes(&state, file).await?,
    };
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    version: crate::form::Version,
    status: PlanStatus,
    #[serde(default)]
    note: String,
}

/// `POST /plans/{slug}/status`: moves the current revision to a new status.
pub async fn post_status(
    State(state): State<AppState>,
    plan: PlanEditor,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let slug = plan.slug();
    let mut tx = state.db.write().await?;
    let note = super::edit::optional(&form.note);
    match edit::change_status(
        &mut tx,
        &plan.actor(),
        plan.file.plan.revision_id,
        form.version.get()?,
        form.status,
        note,
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        // Someone else moved it first, or the step is not allowed: show the plan as it now is.
        Err(StoreError::Conflict { .. } | StoreError::Invalid(_)) => {
            Ok(Redirect::to(&format!("/plans/{slug}?status=refused")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RefreshForm {
    #[serde(default)]
    label: String,
}

/// `POST /plans/{slug}/refresh`: starts the annual refresh.
pub async fn post_refresh(
    State(state): State<AppState>,
    plan: PlanEditor,
    CsrfForm(form): CsrfForm<RefreshForm>,
) -> Result<Response, AppError> {
    let slug = plan.slug();
    let mut tx = state.db.write().await?;
    match edit::start_refresh(&mut tx, &plan.actor(), plan.file.plan.id, super::edit::optional(&form.label)).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(StoreError::Invalid(_)) => Ok(Redirect::to(&format!("/plans/{slug}?status=refused")).into_response()),
        Err(e) => Err(e.into()),
    }
}
