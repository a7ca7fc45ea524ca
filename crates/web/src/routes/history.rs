//! The audit trail, readable: `/plans/{slug}/history` lists who changed what in the plan and
//! when, with what each change did (before and after, field by field), filtered by person,
//! by date and by record (`?record=` an item, action, measure, round, update or person), and
//! `/plans/{slug}/history.csv` gives the same rows as a spreadsheet.

use std::collections::HashSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use cypp_domain::period::uk_time;
use cypp_domain::{AuditEvent, Identities, PlanFile, PlanItem};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::access::PlanMember;
use crate::page::Chrome;
use crate::{AppError, AppState};

/// The most rows a page or a file holds; narrow the filter for older ones.
const LIMIT: usize = 2_000;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HistoryQuery {
    person: String,
    from: String,
    to: String,
    record: String,
}

/// A date typed as 2026-11-01 or 1/11/2026.
fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y")).ok()
}

/// Every record of the plan the trail may name: the plan and its partnership with its lists
/// (organisations, boards, comparator groups, jargon), each revision and everything in it,
/// the measures, the rounds and their updates, and the partnership's people. A record since
/// deleted is no longer in the plan, so its events are not found by it.
fn records(file: &PlanFile, people: &[Uuid]) -> HashSet<Uuid> {
    let mut ids = HashSet::from([file.plan.id.0, file.partnership.id.0]);
    let partnership = &file.partnership;
    ids.extend(partnership.organisations.iter().map(|o| o.id.0));
    ids.extend(partnership.boards.iter().map(|b| b.id.0));
    ids.extend(partnership.comparator_groups.iter().map(|c| c.id.0));
    ids.extend(partnership.jargon.iter().map(|j| j.id.0));
    for revision in file.revisions() {
        ids.insert(revision.plan.revision_id.0);
        ids.extend(revision.sections.iter().map(|s| s.id.0));
        ids.extend(revision.principles.iter().map(|p| p.id.0));
        ids.extend(revision.themes.iter().map(|t| t.id.0));
        ids.extend(revision.glossary.iter().map(|g| g.id.0));
        for (_, item) in revision.items.iter().flat_map(|i| i.walk()) {
            ids.insert(item.id.0);
            ids.extend(item.actions.iter().map(|a| a.id.0));
            ids.extend(item.success_statements.iter().map(|s| s.id.0));
            ids.extend(item.references.iter().map(|r| r.id.0));
        }
    }
    for measure in &file.measures {
        ids.insert(measure.id.0);
        ids.extend(measure.targets.iter().map(|t| t.id.0));
    }
    for round in &file.rounds {
        ids.insert(round.id.0);
        ids.extend(round.updates.iter().map(|u| u.id.0));
    }
    ids.extend(people.iter().copied());
    ids
}

/// What `record` is, in words, and every id its history covers: an item or action in every
/// revision (its copies share its identity), with the updates given on it; a measure with its
/// targets; a round with its updates and reminders; anything else by its own id.
fn subject(file: &PlanFile, record: Uuid) -> (Option<String>, HashSet<Uuid>) {
    let ids = Identities::of(file);
    let mut of = HashSet::from([record]);
    let mut name = None;
    let everything: Vec<&PlanItem> =
        file.revisions().into_iter().flat_map(|r| r.items.iter().flat_map(|i| i.walk())).map(|(_, i)| i).collect();
    if let Some(item) = everything.iter().find(|i| i.id.0 == record) {
        let identity = ids.item(item.id);
        of.extend(everything.iter().filter(|i| ids.item(i.id) == identity).map(|i| i.id.0));
        let updates = file.rounds.iter().flat_map(|r| &r.updates);
        of.extend(updates.filter(|u| ids.is_about_item(u, item.id)).map(|u| u.id.0));
        name = Some(item.heading());
    } else if let Some(action) = everything.iter().flat_map(|i| &i.actions).find(|a| a.id.0 == record) {
        let identity = ids.action(action.id);
        of.extend(everything.iter().flat_map(|i| &i.actions).filter(|a| ids.action(a.id) == identity).map(|a| a.id.0));
        let updates = file.rounds.iter().flat_map(|r| &r.updates);
        of.extend(updates.filter(|u| ids.is_about_action(u, action.id)).map(|u| u.id.0));
        name = Some(format!("Action: {}", action.title));
    } else if let Some(measure) = file.measures.iter().find(|m| m.id.0 == record) {
        of.extend(measure.targets.iter().map(|t| t.id.0));
        name = Some(measure.name.clone());
    } else if let Some(round) = file.rounds.iter().find(|r| r.id.0 == record) {
        of.extend(round.updates.iter().map(|u| u.id.0));
        name = Some(format!("The {} round", round.name));
    } else if let Some((round, _)) =
        file.rounds.iter().find_map(|r| r.updates.iter().find(|u| u.id.0 == record).map(|u| (r, u)))
    {
        name = Some(format!("An update in the {} round", round.name));
    }
    (name, of)
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::Null => "(none)".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 200 { format!("{}…", text.chars().take(200).collect::<String>()) } else { text }
}

/// What a change did, field by field: (field, before, after) for each that differs.
fn changes(event: &AuditEvent) -> Vec<(String, String, String)> {
    match (&event.before, &event.after) {
        (Some(Value::Object(before)), Some(Value::Object(after))) => {
            let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| before.get(*k) != after.get(*k))
                .map(|k| {
                    let field = k.replace('_', " ");
                    (field, before.get(k).map(short).unwrap_or_default(), after.get(k).map(short).unwrap_or_default())
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

async fn events(state: &AppState, file: &PlanFile, query: &HistoryQuery) -> Result<Vec<AuditEvent>, AppError> {
    let mut tx = state.db.read().await?;
    let people: Vec<Uuid> =
        cypp_store::people::list(&mut tx, file.partnership.id).await?.into_iter().map(|p| p.value.user.id.0).collect();
    let mut ids = records(file, &people);
    if let Ok(record) = query.record.trim().parse::<Uuid>() {
        let (_, of) = subject(file, record);
        ids.retain(|id| of.contains(id));
    }
    // From the date asked for, or from 1970 (a time both engines can store: PostgreSQL's
    // timestamps do not reach chrono's earliest).
    let from = day(&query.from).unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default());
    let from = Utc.from_utc_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default());
    let all = cypp_store::audit::since_for(&mut tx, from, &ids, usize::MAX).await?;
    tx.rollback().await?;
    let until = day(&query.to).and_then(|d| d.succ_opt());
    let person = query.person.trim().to_lowercase();
    Ok(all
        .into_iter()
        .filter(|e| until.is_none_or(|u| e.at.date_naive() < u))
        .filter(|e| person.is_empty() || e.actor.to_lowercase().contains(&person))
        .take(LIMIT)
        .collect())
}

pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub record: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    slug: String,
    title: String,
    person: String,
    from: String,
    to: String,
    record: String,
    /// What the history is of, when it is of one record.
    subject: Option<String>,
    csv: String,
    rows: Vec<HistoryRow>,
    limited: bool,
}

fn query_string(query: &HistoryQuery) -> String {
    let pairs = [("person", &query.person), ("from", &query.from), ("to", &query.to), ("record", &query.record)];
    let kept: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::auth::urlencode(v.trim())))
        .collect();
    if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) }
}

/// `GET /plans/{slug}/history`
pub async fn get_history(
    State(state): State<AppState>,
    plan: PlanMember,
    Query(query): Query<HistoryQuery>,
) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let found = events(&state, file, &query).await?;
    let limited = found.len() >= LIMIT;
    let rows = found
        .iter()
        .map(|e| HistoryRow {
            when: uk_time(e.at),
            who: e.actor.clone(),
            what: e.summary.clone(),
            record: e.entity.clone(),
            changes: changes(e),
        })
        .collect();
    let page = HistoryPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        title: file.plan.title.clone(),
        csv: format!("/plans/{}/history.csv{}", plan.slug(), query_string(&query)),
        person: query.person,
        from: query.from,
        to: query.to,
        subject: query.record.trim().parse::<Uuid>().ok().and_then(|r| subject(file, r).0),
        record: query.record,
        rows,
        limited,
    };
    Ok(Html(page.render()?))
}

/// `GET /plans/{slug}/history.csv`: the same rows, with the whole record before and after as
/// JSON, every cell safe for a spreadsheet.
pub async fn get_history_csv(
    State(state): State<AppState>,
    plan: PlanMember,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, AppError> {
    let found = events(&state, &plan.file, &query).await?;
    let mut csv = cypp_spreadsheet::Csv::new(true);
    let fail = |e: cypp_spreadsheet::CsvError| AppError::Internal(e.to_string());
    csv.text_row(["When (UTC)", "Who", "What", "Record", "Record id", "Action", "Before", "After"]).map_err(fail)?;
    for e in &found {
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        csv.text_row([
            e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            e.actor.clone(),
            e.summary.clone(),
            e.entity.clone(),
            e.entity_id.map(|i| i.to_string()).unwrap_or_default(),
            e.action.as_str().to_string(),
            json(&e.before),
            json(&e.after),
        ])
        .map_err(fail)?;
    }
    let body = csv.finish().map_err(fail)?;
    let name = format!("attachment; filename=\"{}-history.csv\"", plan.slug());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], body)
        .into_response())
}
