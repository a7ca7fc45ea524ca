//! The plan's settings: `GET /plans/{slug}/settings` gathers them; the plan's own fields
//! (title, period, vision, purpose, what its levels are called, the board that signs it off)
//! and the partnership's (name, area, GSS code) each have a form.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{BoardId, PlanFile, PlanPeriod, Problems};
use cypp_store::lists::{KINDS, Parent};
use cypp_store::{StoreError, edit};

use super::{Difference, Field, Kind, annotate, checker, date, date_parts, optional};
use crate::access::{Manage, PlanAdmin, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::{FormPage, posted_version};
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "edit/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    slug: String,
    title: String,
    admin: bool,
    /// (title, address, how many) of each list.
    lists: Vec<(&'static str, String, usize)>,
}

pub async fn get_settings(plan: PlanEditor) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let admin = plan.may::<Manage>();
    let count = |key: &str| match key {
        "glossary" => file.glossary.len(),
        "themes" => file.themes.len(),
        "principles" => file.principles.len(),
        "sections" => file.sections.len(),
        "organisations" => file.partnership.organisations.len(),
        "boards" => file.partnership.boards.len(),
        "jargon" => file.partnership.jargon.len(),
        _ => 0,
    };
    let lists = KINDS
        .iter()
        .filter(|k| k.parent == Parent::Revision || (k.parent == Parent::Partnership && admin))
        .map(|k| (k.title, format!("/plans/{slug}/lists/{}", k.key), count(k.key)))
        .collect();
    let page = SettingsPage {
        chrome: Chrome::signed_in(session),
        slug: slug.to_string(),
        title: file.plan.title.clone(),
        admin,
        lists,
    };
    Ok(Html(page.render()?))
}

fn plan_fields(form: &[(String, String)], file: &PlanFile) -> Vec<Field> {
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let date_field = |name: &'static str, label: &'static str| {
        let (day, month, year) =
            (value(&format!("{name}_day")), value(&format!("{name}_month")), value(&format!("{name}_year")));
        Field::new(name, label, &format!("{day}/{month}/{year}"), Kind::Date { day, month, year })
            .hint("For example, 1 4 2024")
    };
    let mut boards: Vec<(String, String)> = vec![(String::new(), "None".into())];
    boards.extend(file.partnership.boards.iter().map(|b| (b.id.to_string(), b.name.clone())));
    vec![
        Field::new("title", "Title", &value("title"), Kind::Input),
        Field::new("revision_label", "Name of this revision", &value("revision_label"), Kind::Input)
            .hint("For example, Refreshed for 2026-27"),
        date_field("period_start", "The plan starts"),
        date_field("period_end", "The plan ends"),
        Field::new("vision", "Vision or statement of intent", &value("vision"), Kind::Textarea(3)),
        Field::new("purpose", "Purpose of the plan", &value("purpose"), Kind::Textarea(5)),
        Field::new("level_names", "What the levels of the plan are called", &value("level_names"), Kind::Textarea(3))
            .hint("One on each line, top first: for example Outcome, then Priority"),
        Field::new("signoff_board", "The board that signs the plan off", &value("signoff_board"), Kind::Radios(boards)),
    ]
}

fn plan_form(file: &PlanFile, version: i64) -> Vec<(String, String)> {
    let plan = &file.plan;
    let (sd, sm, sy) = date_parts(Some(plan.period.start));
    let (ed, em, ey) = date_parts(Some(plan.period.end));
    [
        ("version", version.to_string()),
        ("title", plan.title.clone()),
        ("revision_label", plan.revision_label.clone().unwrap_or_default()),
        ("period_start_day", sd),
        ("period_start_month", sm),
        ("period_start_year", sy),
        ("period_end_day", ed),
        ("period_end_month", em),
        ("period_end_year", ey),
        ("vision", plan.vision.clone().unwrap_or_default()),
        ("purpose", plan.purpose.clone().unwrap_or_default()),
        ("level_names", plan.level_names.join("\n")),
        ("signoff_board", plan.signoff_board.map(|b| b.to_string()).unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn page(
    session: &cypp_store::sessions::Session,
    slug: &str,
    file: &PlanFile,
    form: &[(String, String)],
    problems: &Problems,
) -> FormPage {
    let mut fields = plan_fields(form, file);
    annotate(&mut fields, problems, &checker(file));
    let version = form.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "The plan's settings".into(),
        caption: file.plan.title.clone(),
        action: format!("/plans/{slug}/settings/plan"),
        back: format!("/plans/{slug}/settings"),
        version,
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_plan_settings(State(state): State<AppState>, plan: PlanEditor) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let version = edit::get_revision(&mut state.db.read().await?, file.plan.revision_id).await?.version;
    Ok(Html(page(session, slug, file, &plan_form(file, version), &Problems::default()).render()?))
}

pub async fn post_plan_settings(
    State(state): State<AppState>,
    plan: PlanEditor,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let version = posted_version(&form)?;
    let mut problems = Problems::default();
    let start = date(
        "period_start",
        &value("period_start_day"),
        &value("period_start_month"),
        &value("period_start_year"),
        &mut problems,
    );
    let end = date(
        "period_end",
        &value("period_end_day"),
        &value("period_end_month"),
        &value("period_end_year"),
        &mut problems,
    );
    let rerender =
        |problems: &Problems, conflict: Vec<Difference>, form: &[(String, String)]| -> Result<Response, AppError> {
            let mut page = page(session, slug, file, form, problems);
            page.conflict = conflict;
            page.unprocessable()
        };
    let (Some(start), Some(end)) = (start, end) else {
        for (name, when) in [("period_start", start), ("period_end", end)] {
            if when.is_none() && !problems.0.iter().any(|p| p.path == name) {
                problems.push(name, "Enter the date");
            }
        }
        return rerender(&problems, Vec::new(), &form);
    };
    let mut changed = file.plan.clone();
    changed.title = value("title").trim().to_string();
    changed.revision_label = optional(&value("revision_label"));
    changed.period = PlanPeriod { start, end };
    changed.vision = optional(&value("vision"));
    changed.purpose = optional(&value("purpose"));
    changed.level_names = value("level_names").lines().filter_map(optional).collect();
    changed.signoff_board =
        value("signoff_board").parse::<BoardId>().ok().filter(|b| file.partnership.boards.iter().any(|x| x.id == *b));
    let mut tx = state.db.write().await?;
    match edit::update_plan(&mut tx, &plan.actor(), &changed, version).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(StoreError::Invalid(problems)) => rerender(&problems, Vec::new(), &form),
        Err(StoreError::Conflict { actual, .. }) => {
            drop(tx);
            let current = {
                let mut tx = state.db.read().await?;
                cypp_store::plan_file::export(&mut tx, slug).await?
            };
            let theirs = plan_fields(&plan_form(&current, actual), &current);
            let yours = plan_fields(&form, file);
            let conflict = theirs
                .into_iter()
                .zip(yours)
                .filter(|(a, b)| a.value != b.value)
                .map(|(a, b)| Difference { label: a.label, theirs: a.value, yours: b.value })
                .collect();
            let mut form = form.clone();
            form.retain(|(k, _)| k != "version");
            form.push(("version".into(), actual.to_string()));
            rerender(&Problems::default(), conflict, &form)
        }
        Err(e) => Err(e.into()),
    }
}

fn partnership_fields(form: &[(String, String)]) -> Vec<Field> {
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    vec![
        Field::new("name", "Name of the partnership", &value("name"), Kind::Input),
        Field::new("area_name", "Local authority area", &value("area_name"), Kind::Input),
        Field::new("gss_code", "ONS GSS code of the area", &value("gss_code"), Kind::Input)
            .hint("A capital letter and eight digits, such as E08000005"),
        Field::new("description", "About the partnership", &value("description"), Kind::Textarea(4)),
    ]
}

fn partnership_page(
    session: &cypp_store::sessions::Session,
    slug: &str,
    file: &PlanFile,
    form: &[(String, String)],
    problems: &Problems,
) -> FormPage {
    let mut fields = partnership_fields(form);
    annotate(&mut fields, problems, &checker(file));
    let version = form.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "The partnership".into(),
        caption: file.partnership.name.clone(),
        action: format!("/plans/{slug}/settings/partnership"),
        back: format!("/plans/{slug}/settings"),
        version,
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_partnership_settings(
    State(state): State<AppState>,
    plan: PlanAdmin,
) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let current = edit::get_partnership(&mut state.db.read().await?, file.partnership.id).await?;
    let p = &current.value;
    let form: Vec<(String, String)> = [
        ("version", current.version.to_string()),
        ("name", p.name.clone()),
        ("area_name", p.area_name.clone()),
        ("gss_code", p.gss_code.clone()),
        ("description", p.description.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(Html(partnership_page(session, slug, file, &form, &Problems::default()).render()?))
}

pub async fn post_partnership_settings(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let version = posted_version(&form)?;
    let mut partnership = file.partnership.clone();
    partnership.name = value("name").trim().to_string();
    partnership.area_name = value("area_name").trim().to_string();
    partnership.gss_code = value("gss_code").trim().to_uppercase();
    partnership.description = optional(&value("description"));
    let mut tx = state.db.write().await?;
    match edit::update_partnership(&mut tx, &plan.actor(), &partnership, version).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/settings")).into_response())
        }
        Err(StoreError::Invalid(problems)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(partnership_page(session, slug, file, &form, &problems).render()?),
        )
            .into_response()),
        Err(StoreError::Conflict { actual, .. }) => {
            drop(tx);
            let current = edit::get_partnership(&mut state.db.read().await?, file.partnership.id).await?.value;
            let theirs = [current.name, current.area_name, current.gss_code, current.description.unwrap_or_default()];
            let mut page = partnership_page(session, slug, file, &form, &Problems::default());
            page.version = actual;
            page.conflict = page
                .fields
                .iter()
                .zip(theirs)
                .filter(|(f, t)| f.value != *t)
                .map(|(f, t)| Difference { label: f.label, theirs: t, yours: f.value.clone() })
                .collect();
            page.unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}
