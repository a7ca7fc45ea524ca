//! A measure's targets, for editors: `GET /plans/{slug}/measures/{measure}/targets` lists them
//! with the form to set one (`POST` to the same address); `.../targets/{id}/edit` changes one in
//! place (refusing a stale version); `.../targets/{id}/delete` removes one. A target is a value
//! to reach, a change from the baseline, or closing a share of the gap to a comparator; one a
//! period, within the plan's years. Errors are shown beside their fields.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::*;
use cypp_store::{Actor, StoreError, edit};

use super::{Field, Kind, annotate};
use crate::access::{MeasurePath, PlanEditor, TargetPath};
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Version, differences};
use crate::page::Chrome;
use crate::{AppError, AppState};
use serde::Deserialize;

/// A target's form as posted.
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct TargetForm {
    version: Version,
    period: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    comparator: String,
    note: String,
}

impl Default for TargetForm {
    /// A new target's form: a value to reach, unless the editor chooses otherwise.
    fn default() -> TargetForm {
        TargetForm {
            version: Version::default(),
            period: String::new(),
            kind: "absolute".into(),
            value: String::new(),
            comparator: String::new(),
            note: String::new(),
        }
    }
}

const KINDS: [(&str, &str); 3] = [
    ("absolute", "A value to reach"),
    ("from_baseline", "A change from the baseline, in percent (-25 for a 25% reduction)"),
    ("close_gap", "Close a share of the gap to a comparator, in percent (100 for \"in line with\")"),
];

fn fields(form: &TargetForm, file: &PlanFile) -> Vec<Field> {
    let comparators = file.partnership.comparator_groups.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
    vec![
        Field::new("period", "For the period", &form.period, Kind::Input)
            .hint("Within the plan's period, such as 2026-27"),
        Field::new("type", "What kind of target", &form.kind, super::options(&KINDS)),
        Field::new("value", "Value", &form.value, Kind::Input),
        Field::new("comparator", "Comparator, for closing a gap", &form.comparator, Kind::Radios(comparators)),
        Field::new("note", "Note (optional)", &form.note, Kind::Input),
    ]
}

impl TargetForm {
    fn from_target(target: &Target, version: i64) -> TargetForm {
        let (kind, number, comparator) = match target.kind {
            TargetKind::Absolute { value } => ("absolute", value, String::new()),
            TargetKind::FromBaseline { change_percent } => ("from_baseline", change_percent, String::new()),
            TargetKind::CloseGap { comparator, gap_closed_percent } => {
                ("close_gap", gap_closed_percent, comparator.to_string())
            }
        };
        TargetForm {
            version: Version::new(version),
            period: target.period.label(),
            kind: kind.to_string(),
            value: number.to_string(),
            comparator,
            note: target.note.clone().unwrap_or_default(),
        }
    }
}

/// The target the form describes, or what is wrong with it, field by field.
fn from_form(form: &TargetForm, measure: &Measure, file: &PlanFile, id: TargetId) -> Result<Target, Problems> {
    let mut problems = Problems::default();
    let period = match Period::parse_loose(form.period.trim(), Some(measure.period_type)) {
        Ok(p) => Some(p.period),
        Err(e) => {
            problems.push("period", e.to_string());
            None
        }
    };
    let number = form.value.trim().replace(',', "").parse::<f64>().ok().filter(|n| n.is_finite());
    if number.is_none() {
        problems.push("value", "Enter the target as a number");
    }
    let kind = match (form.kind.trim(), number) {
        (_, None) => None,
        ("absolute", Some(n)) => Some(TargetKind::Absolute { value: n }),
        ("from_baseline", Some(n)) => Some(TargetKind::FromBaseline { change_percent: n }),
        ("close_gap", Some(n)) => match form.comparator.trim().parse::<ComparatorId>() {
            Ok(comparator) if file.partnership.comparator_groups.iter().any(|c| c.id == comparator) => {
                Some(TargetKind::CloseGap { comparator, gap_closed_percent: n })
            }
            _ => {
                problems.push("comparator", "Choose the comparator whose gap to close");
                None
            }
        },
        _ => {
            problems.push("type", "Choose what kind of target it is");
            None
        }
    };
    match (period, kind) {
        (Some(period), Some(kind)) if problems.is_empty() => {
            Ok(Target { id, period, kind, note: super::optional(&form.note) })
        }
        _ => Err(problems),
    }
}

/// The store's problems, on the form's fields (a target's value is entered as "value" whatever
/// its kind).
fn on_fields(problems: Problems) -> Problems {
    Problems(
        problems
            .0
            .into_iter()
            .map(|p| match p.path.as_str() {
                "gap_closed_percent" | "change_percent" => Problem { path: "value".into(), ..p },
                "period" | "value" | "type" | "comparator" | "note" => p,
                _ => Problem { path: "period".into(), ..p },
            })
            .collect(),
    )
}

#[derive(Template)]
#[template(path = "edit/targets.html")]
struct TargetsPage {
    chrome: Chrome,
    slug: String,
    measure_slug: String,
    name: String,
    /// (id, period, what it says)
    targets: Vec<(String, String, String)>,
    /// The form to set a target, with any errors beside its fields.
    fields: Vec<Field>,
}

impl TargetsPage {
    fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

fn targets_page(
    session: &cypp_store::sessions::Session,
    file: &PlanFile,
    m: &Measure,
    form: &TargetForm,
    problems: &Problems,
) -> Result<Response, AppError> {
    let current = file.current();
    let names = crate::views::Names::new(&file.partnership, &current, &file.measures);
    let targets = m
        .targets
        .iter()
        .map(|t| {
            let single = Measure { targets: vec![t.clone()], data: vec![], ..m.clone() };
            (t.id.to_string(), t.period.label(), crate::views::measure_view(&single, &names).target.unwrap_or_default())
        })
        .collect();
    let mut fields = fields(form, file);
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    let page = TargetsPage {
        chrome: Chrome::signed_in(session),
        slug: file.plan.slug.clone(),
        measure_slug: m.slug.clone(),
        name: m.name.clone(),
        targets,
        fields,
    };
    let status =
        if problems.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn get_targets(plan: PlanEditor, MeasurePath { index }: MeasurePath) -> Result<Response, AppError> {
    let (session, file) = (&plan.session, &*plan.file);
    targets_page(session, file, &file.measures[index], &TargetForm::default(), &Problems::default())
}

pub async fn post_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = file.measures[index].slug.as_str();
    let m = &file.measures[index];
    let target = match from_form(&form, m, file, TargetId::new()) {
        Ok(t) => t,
        Err(problems) => return targets_page(session, file, m, &form, &problems),
    };
    let mut tx = state.db.write().await?;
    match edit::add_target(&mut tx, &Actor::user(&session.user), &file.plan.period, m.id, &target).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{measure}/targets")).into_response())
        }
        Err(StoreError::Invalid(problems)) => targets_page(session, file, m, &form, &on_fields(problems)),
        Err(e) => Err(e.into()),
    }
}

fn edit_page(
    session: &cypp_store::sessions::Session,
    file: &PlanFile,
    m: &Measure,
    target: TargetId,
    form: &TargetForm,
    problems: &Problems,
) -> FormPage {
    let mut fields = fields(form, file);
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    let base = format!("/plans/{}/measures/{}/targets", file.plan.slug, m.slug);
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "Change a target".into(),
        caption: m.name.clone(),
        action: format!("{base}/{target}/edit"),
        back: base,
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_edit_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    TargetPath(target): TargetPath,
) -> Result<Html<String>, AppError> {
    let (session, file) = (&plan.session, &*plan.file);
    let m = &file.measures[index];
    let id: TargetId = target;
    let current = edit::get_target(&mut state.db.read().await?, m.id, id).await?;
    let form = TargetForm::from_target(&current.value, current.version);
    Ok(Html(edit_page(session, file, m, id, &form, &Problems::default()).render()?))
}

pub async fn post_edit_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    TargetPath(target): TargetPath,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = file.measures[index].slug.as_str();
    let m = &file.measures[index];
    let id: TargetId = target;
    let updated = match from_form(&form, m, file, id) {
        Ok(t) => t,
        Err(problems) => return edit_page(session, file, m, id, &form, &problems).unprocessable(),
    };
    let version = form.version.get()?;
    let mut tx = state.db.write().await?;
    let current = edit::get_target(&mut tx, m.id, id).await?;
    match edit::update_target(&mut tx, &Actor::user(&session.user), &file.plan.period, m.id, &updated, version).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{measure}/targets")).into_response())
        }
        Err(StoreError::Invalid(problems)) => {
            edit_page(session, file, m, id, &form, &on_fields(problems)).unprocessable()
        }
        Err(StoreError::Conflict { actual, .. }) => {
            // Someone changed it meanwhile: show theirs beside yours, and keep yours in the form.
            let theirs = fields(&TargetForm::from_target(&current.value, actual), file);
            let yours = TargetForm { version: Version::new(actual), ..form.clone() };
            let mut page = edit_page(session, file, m, id, &yours, &Problems::default());
            page.conflict = differences(theirs, fields(&form, file));
            page.unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn post_delete_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    TargetPath(target): TargetPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = file.measures[index].slug.as_str();
    let target: TargetId = target;
    let mut tx = state.db.write().await?;
    edit::delete_target(&mut tx, &Actor::user(&session.user), file.measures[index].id, target).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/{slug}/measures/{measure}/targets")).into_response())
}
