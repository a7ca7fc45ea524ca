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
use crate::form::{FormPage, differences, posted_version};
use crate::page::Chrome;
use crate::{AppError, AppState};

type Form = Vec<(String, String)>;

fn value(form: &Form, name: &str) -> String {
    super::posted(form, name).trim().to_string()
}

const KINDS: [(&str, &str); 3] = [
    ("absolute", "A value to reach"),
    ("from_baseline", "A change from the baseline, in percent (-25 for a 25% reduction)"),
    ("close_gap", "Close a share of the gap to a comparator, in percent (100 for \"in line with\")"),
];

fn fields(form: &Form, file: &PlanFile) -> Vec<Field> {
    let v = |name| value(form, name);
    let comparators = file.partnership.comparator_groups.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
    vec![
        Field::new("period", "For the period", &v("period"), Kind::Input)
            .hint("Within the plan's period, such as 2026-27"),
        Field::new("type", "What kind of target", &v("type"), super::options(&KINDS)),
        Field::new("value", "Value", &v("value"), Kind::Input),
        Field::new("comparator", "Comparator, for closing a gap", &v("comparator"), Kind::Radios(comparators)),
        Field::new("note", "Note (optional)", &v("note"), Kind::Input),
    ]
}

fn to_form(target: &Target, version: i64) -> Form {
    let (kind, number, comparator) = match target.kind {
        TargetKind::Absolute { value } => ("absolute", value, String::new()),
        TargetKind::FromBaseline { change_percent } => ("from_baseline", change_percent, String::new()),
        TargetKind::CloseGap { comparator, gap_closed_percent } => {
            ("close_gap", gap_closed_percent, comparator.to_string())
        }
    };
    [
        ("version", version.to_string()),
        ("period", target.period.label()),
        ("type", kind.to_string()),
        ("value", number.to_string()),
        ("comparator", comparator),
        ("note", target.note.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The target the form describes, or what is wrong with it, field by field.
fn from_form(form: &Form, measure: &Measure, file: &PlanFile, id: TargetId) -> Result<Target, Problems> {
    let mut problems = Problems::default();
    let period = match Period::parse_loose(&value(form, "period"), Some(measure.period_type)) {
        Ok(p) => Some(p.period),
        Err(e) => {
            problems.push("period", e.to_string());
            None
        }
    };
    let number = match value(form, "value").replace(',', "").parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            problems.push("value", "Enter the target as a number");
            None
        }
    };
    let kind = match (value(form, "type").as_str(), number) {
        (_, None) => None,
        ("absolute", Some(n)) => Some(TargetKind::Absolute { value: n }),
        ("from_baseline", Some(n)) => Some(TargetKind::FromBaseline { change_percent: n }),
        ("close_gap", Some(n)) => match value(form, "comparator").parse::<ComparatorId>() {
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
            Ok(Target { id, period, kind, note: super::optional(&value(form, "note")) })
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
    form: &Form,
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
    let form = vec![("type".to_string(), "absolute".to_string())];
    targets_page(session, file, &file.measures[index], &form, &Problems::default())
}

pub async fn post_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    CsrfForm(form): CsrfForm<Form>,
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
    form: &Form,
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
        version: value(form, "version").parse().unwrap_or(0),
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
    let form = to_form(&current.value, current.version);
    Ok(Html(edit_page(session, file, m, id, &form, &Problems::default()).render()?))
}

pub async fn post_edit_target(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    TargetPath(target): TargetPath,
    CsrfForm(form): CsrfForm<Form>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = file.measures[index].slug.as_str();
    let m = &file.measures[index];
    let id: TargetId = target;
    let updated = match from_form(&form, m, file, id) {
        Ok(t) => t,
        Err(problems) => return edit_page(session, file, m, id, &form, &problems).unprocessable(),
    };
    let version = posted_version(&form)?;
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
            let theirs = fields(&to_form(&current.value, actual), file);
            let mut yours = form.clone();
            yours.retain(|(k, _)| k != "version");
            yours.push(("version".into(), actual.to_string()));
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
