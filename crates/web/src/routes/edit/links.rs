//! `GET` and `POST /plans/{slug}/items/{item}/measures`: which of the plan's measures show an
//! item's progress, and which show each of its success statements, ticked on one page and saved
//! together at the item's version (`cypp_store::links`), audited like every other edit.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ItemId, MeasureId, PlanItem, SuccessStatementId};
use cypp_store::links::{self, MeasureLinks};
use cypp_store::{StoreError, edit};

use crate::access::{ItemPath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::Version;
use crate::page::Chrome;
use crate::{AppError, AppState};

/// One box: a measure, ticked or not.
struct Choice {
    name: String,
    value: String,
    label: String,
    checked: bool,
}

/// A group of boxes under its legend.
struct Group {
    id: String,
    legend: String,
    choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "edit/measure_links.html")]
struct LinksPage {
    chrome: Chrome,
    slug: String,
    item_id: String,
    heading: String,
    level: String,
    version: i64,
    /// Why the change was not saved, when someone else changed the item first.
    conflict: Option<&'static str>,
    groups: Vec<Group>,
    /// Whether the plan has any measures to choose from.
    any: bool,
}

fn find(items: &[PlanItem], id: ItemId) -> Option<(usize, &PlanItem)> {
    items.iter().flat_map(|i| i.walk()).find(|(_, i)| i.id == id)
}

fn page(plan: &PlanEditor, item: &PlanItem, depth: usize, version: i64, conflict: bool) -> Result<Response, AppError> {
    let file = &*plan.file;
    let choices = |prefix: &str, ticked: &[MeasureId]| -> Vec<Choice> {
        file.measures
            .iter()
            .enumerate()
            .map(|(i, m)| Choice {
                name: format!("{prefix}_{i}"),
                value: m.id.to_string(),
                label: m.name.clone(),
                checked: ticked.contains(&m.id),
            })
            .collect()
    };
    let level = file.plan.level_name(depth).to_string();
    let mut groups = vec![Group {
        id: "item".into(),
        legend: format!("The measures of this {}", level.to_lowercase()),
        choices: choices("item", &item.measures),
    }];
    for (n, s) in item.success_statements.iter().enumerate() {
        groups.push(Group {
            id: format!("statement-{n}"),
            legend: format!("What shows \"{}\"", s.text),
            choices: choices(&format!("statement_{}", s.id), &s.measures),
        });
    }
    let page = LinksPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        item_id: item.id.to_string(),
        heading: item.heading(),
        level,
        version,
        conflict: conflict.then_some(
            "Someone else changed this item after you opened the page, so your choices were not saved. The page now shows them as they stand: choose again.",
        ),
        groups,
        any: !file.measures.is_empty(),
    };
    let status = if conflict { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn get_links(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(id): ItemPath,
) -> Result<Response, AppError> {
    let (depth, item) = find(&plan.file.items, id).ok_or(AppError::NotFound)?;
    let version = edit::get_item(&mut state.db.read().await?, id).await?.version;
    page(&plan, item, depth, version, false)
}

/// The boxes ticked: `item_N` and `statement_{id}_N`, each with a measure's id.
#[derive(serde::Deserialize)]
pub struct LinksForm {
    #[serde(default)]
    version: Version,
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl LinksForm {
    /// What was ticked: those linked before in their order, then the newly ticked in the plan's
    /// order of measures. A value that is no measure's id is passed on for the store to refuse.
    fn links(&self, item: &PlanItem, measures: &[cypp_domain::Measure]) -> Result<MeasureLinks, AppError> {
        let ticked = |prefix: &str, before: &[MeasureId]| -> Result<Vec<MeasureId>, AppError> {
            let mut chosen: Vec<MeasureId> = Vec::new();
            let mut sent: Vec<(usize, MeasureId)> = Vec::new();
            for (key, value) in &self.rest {
                let Some(n) = key.strip_prefix(prefix).and_then(|k| k.strip_prefix('_')) else { continue };
                let Ok(n) = n.parse::<usize>() else { continue };
                let id = value.trim().parse::<MeasureId>().map_err(|_| AppError::BadRequest)?;
                sent.push((n, id));
            }
            sent.sort_by_key(|(n, _)| *n);
            for (_, id) in sent {
                if !chosen.contains(&id) {
                    chosen.push(id);
                }
            }
            // Those already linked keep their order; the newly ticked follow in the plan's order.
            let place = |id: &MeasureId| match before.iter().position(|b| b == id) {
                Some(i) => (0, i),
                None => (1, measures.iter().position(|m| m.id == *id).unwrap_or(usize::MAX)),
            };
            chosen.sort_by_key(place);
            Ok(chosen)
        };
        let statements: Result<Vec<(SuccessStatementId, Vec<MeasureId>)>, AppError> = item
            .success_statements
            .iter()
            .map(|s| Ok((s.id, ticked(&format!("statement_{}", s.id), &s.measures)?)))
            .collect();
        Ok(MeasureLinks { item: ticked("item", &item.measures)?, statements: statements? })
    }
}

pub async fn post_links(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(id): ItemPath,
    CsrfForm(form): CsrfForm<LinksForm>,
) -> Result<Response, AppError> {
    let (_, item) = find(&plan.file.items, id).ok_or(AppError::NotFound)?;
    let chosen = form.links(item, &plan.file.measures)?;
    let expected = form.version.get()?;
    let mut tx = state.db.write().await?;
    match links::set_measures(&mut tx, &plan.actor(), id, &chosen, expected).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}#item-{id}", plan.slug())).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            drop(tx);
            // The plan as it stands now, with the other person's choices.
            let now = cypp_store::plan_file::export(&mut state.db.read().await?, plan.slug()).await?;
            let (depth, item) = find(&now.items, id).ok_or(AppError::NotFound)?;
            page(&plan, item, depth, actual, true)
        }
        Err(StoreError::Invalid(_)) => Err(AppError::BadRequest),
        Err(e) => Err(e.into()),
    }
}
