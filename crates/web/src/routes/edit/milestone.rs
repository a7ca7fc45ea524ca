//! An action's milestones, for the action's lead and editors:
//! `GET /plans/{slug}/actions/{action}/milestones` lists them with the form to add one (`POST`
//! to the same address); `.../milestones/{milestone}/edit` changes one; `.../done` ticks it done
//! or not done; `.../delete` removes it. Each change saves the action at the version the page
//! was opened at, so two people changing the same action never overwrite each other, and each
//! lands in the action's history like any other edit.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use cypp_domain::period::uk_date;
use cypp_domain::{Action, Milestone, MilestoneId, Problems};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::{Field, Kind, annotate, date, date_parts};
use crate::access::{ActionToUpdate, MilestonePath};
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Version};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// A milestone's form as posted: what it is, when it is due and, when changing one, when it
/// was done.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    version: Version,
    title: String,
    due_date_day: String,
    due_date_month: String,
    due_date_year: String,
    done_on_day: String,
    done_on_month: String,
    done_on_year: String,
}

impl MilestoneForm {
    fn from_milestone(m: &Milestone, version: i64) -> MilestoneForm {
        let (due_date_day, due_date_month, due_date_year) = date_parts(m.due_date);
        let (done_on_day, done_on_month, done_on_year) = date_parts(m.done_on);
        MilestoneForm {
            version: Version::new(version),
            title: m.title.clone(),
            due_date_day,
            due_date_month,
            due_date_year,
            done_on_day,
            done_on_month,
            done_on_year,
        }
    }

    /// The milestone the form describes, or what is wrong with it.
    fn apply(&self, id: MilestoneId, with_done: bool) -> Result<Milestone, Problems> {
        let mut problems = Problems::default();
        let title = self.title.trim().to_string();
        if title.is_empty() {
            problems.push("title", "Enter the milestone");
        }
        let due_date = date("due_date", &self.due_date_day, &self.due_date_month, &self.due_date_year, &mut problems);
        let done_on = if with_done {
            date("done_on", &self.done_on_day, &self.done_on_month, &self.done_on_year, &mut problems)
        } else {
            None
        };
        if problems.is_empty() { Ok(Milestone { id, title, due_date, done_on }) } else { Err(problems) }
    }

    fn fields(&self, with_done: bool) -> Vec<Field> {
        let date_field = |name: &'static str, label: &'static str, [day, month, year]: [&String; 3]| {
            let (day, month, year) = (day.clone(), month.clone(), year.clone());
            Field::new(name, label, &format!("{day}/{month}/{year}"), Kind::Date { day, month, year })
                .hint("For example, 31 3 2027")
        };
        let mut fields = vec![
            Field::new("title", "Milestone", &self.title, Kind::Input),
            date_field("due_date", "Due date", [&self.due_date_day, &self.due_date_month, &self.due_date_year]),
        ];
        if with_done {
            fields.push(
                date_field("done_on", "Date done", [&self.done_on_day, &self.done_on_month, &self.done_on_year])
                    .hint("Leave empty if it is not done yet"),
            );
        }
        fields
    }
}

/// One milestone as the list shows it.
struct Row {
    id: String,
    title: String,
    due: String,
    done: Option<String>,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "edit/milestones.html")]
struct MilestonesPage {
    chrome: Chrome,
    slug: String,
    action_id: String,
    action_title: String,
    version: i64,
    rows: Vec<Row>,
    /// Why the last change was not saved, when someone else changed the action first.
    conflict: Option<String>,
    /// The form to add a milestone, with any errors beside its fields.
    fields: Vec<Field>,
}

impl MilestonesPage {
    fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

/// The store's problems with a milestone, beside its one field that can be wrong: the title
/// (the store checks that each milestone has one).
fn on_title(problems: Problems) -> Problems {
    Problems(problems.0.into_iter().map(|p| cypp_domain::Problem { path: "title".into(), ..p }).collect())
}

const CONFLICT: &str = "Someone else changed this action after you opened the page, so your change was not saved. The milestones below are as they stand now: check them and try again.";

fn list_page(
    target: &ActionToUpdate,
    action: &Action,
    version: i64,
    form: &MilestoneForm,
    problems: &Problems,
    conflict: bool,
) -> Result<Response, AppError> {
    let today: NaiveDate = Utc::now().date_naive();
    let rows = action
        .milestones
        .iter()
        .map(|m| Row {
            id: m.id.to_string(),
            title: m.title.clone(),
            due: m.due_date.map(uk_date).unwrap_or_default(),
            done: m.done_on.map(uk_date),
            overdue: m.done_on.is_none() && m.due_date.is_some_and(|d| d < today),
        })
        .collect();
    let mut fields = form.fields(false);
    annotate(&mut fields, problems, &super::checker(&target.plan.file));
    let page = MilestonesPage {
        chrome: target.plan.chrome(),
        slug: target.plan.slug().to_string(),
        action_id: action.id.to_string(),
        action_title: crate::form::caption(&action.title),
        version,
        rows,
        conflict: conflict.then(|| CONFLICT.to_string()),
        fields,
    };
    let status = if problems.is_empty() && !conflict {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn list_address(target: &ActionToUpdate) -> String {
    format!("/plans/{}/actions/{}/milestones", target.plan.slug(), target.id)
}

pub async fn get_milestones(State(state): State<AppState>, target: ActionToUpdate) -> Result<Response, AppError> {
    let mut tx = state.db.read().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    tx.rollback().await?;
    list_page(&target, &current.value, current.version, &MilestoneForm::default(), &Problems::default(), false)
}

/// Saves `changed` at the version the form was opened at: back to the list, or the list as it
/// now stands with why the change was not saved.
async fn save(
    state: &AppState,
    target: &ActionToUpdate,
    expected: i64,
    change: impl FnOnce(&mut Action) -> Result<(), Problems>,
    form: &MilestoneForm,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    let mut action = current.value.clone();
    if let Err(problems) = change(&mut action) {
        return list_page(target, &current.value, expected, form, &problems, false);
    }
    match edit::update_action(&mut tx, &target.plan.actor(), &action, expected).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&list_address(target)).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            list_page(target, &current.value, actual, &MilestoneForm::default(), &Problems::default(), true)
        }
        Err(StoreError::Invalid(problems)) => {
            let problems = on_title(problems);
            list_page(target, &current.value, expected, form, &problems, false)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn post_milestone(
    State(state): State<AppState>,
    target: ActionToUpdate,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> Result<Response, AppError> {
    let expected = form.version.get()?;
    let milestone = form.apply(MilestoneId::new(), false);
    save(
        &state,
        &target,
        expected,
        |action| {
            action.milestones.push(milestone?);
            Ok(())
        },
        &form,
    )
    .await
}

fn edit_page(target: &ActionToUpdate, milestone: MilestoneId, form: &MilestoneForm, problems: &Problems) -> FormPage {
    let mut fields = form.fields(true);
    annotate(&mut fields, problems, &super::checker(&target.plan.file));
    FormPage {
        chrome: target.plan.chrome(),
        title: "Change a milestone".into(),
        caption: "Milestones".into(),
        action: format!("{}/{milestone}/edit", list_address(target)),
        back: list_address(target),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_edit_milestone(
    State(state): State<AppState>,
    target: ActionToUpdate,
    MilestonePath(id): MilestonePath,
) -> Result<Response, AppError> {
    let mut tx = state.db.read().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    tx.rollback().await?;
    let milestone = current.value.milestones.iter().find(|m| m.id == id).ok_or(AppError::NotFound)?;
    let form = MilestoneForm::from_milestone(milestone, current.version);
    Ok(Html(edit_page(&target, id, &form, &Problems::default()).render()?).into_response())
}

pub async fn post_edit_milestone(
    State(state): State<AppState>,
    target: ActionToUpdate,
    MilestonePath(id): MilestonePath,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> Result<Response, AppError> {
    let expected = form.version.get()?;
    let changed = match form.apply(id, true) {
        Ok(m) => m,
        Err(problems) => return edit_page(&target, id, &form, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    let mut action = current.value.clone();
    let Some(place) = action.milestones.iter_mut().find(|m| m.id == id) else {
        return Err(AppError::NotFound);
    };
    *place = changed;
    match edit::update_action(&mut tx, &target.plan.actor(), &action, expected).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&list_address(&target)).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            // Someone changed the action meanwhile: show theirs beside yours, keep yours.
            let theirs = current.value.milestones.iter().find(|m| m.id == id).ok_or(AppError::NotFound)?;
            let theirs = MilestoneForm::from_milestone(theirs, actual).fields(true);
            let yours = MilestoneForm { version: Version::new(actual), ..form.clone() };
            let mut page = edit_page(&target, id, &yours, &Problems::default());
            page.conflict = crate::form::differences(theirs, form.fields(true));
            page.unprocessable()
        }
        Err(StoreError::Invalid(problems)) => {
            let problems = on_title(problems);
            edit_page(&target, id, &form, &problems).unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}

/// Ticks a milestone done (today) or not done: `done=yes` or `done=no`.
#[derive(Deserialize)]
pub struct DoneForm {
    #[serde(default)]
    version: Version,
    #[serde(default)]
    done: String,
}

pub async fn post_done(
    State(state): State<AppState>,
    target: ActionToUpdate,
    MilestonePath(id): MilestonePath,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> Result<Response, AppError> {
    let expected = form.version.get()?;
    let done = match form.done.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest),
    };
    let today = Utc::now().date_naive();
    save(
        &state,
        &target,
        expected,
        |action| {
            if let Some(m) = action.milestones.iter_mut().find(|m| m.id == id) {
                m.done_on = if done { m.done_on.or(Some(today)) } else { None };
            }
            Ok(())
        },
        &MilestoneForm::default(),
    )
    .await
}

pub async fn post_delete_milestone(
    State(state): State<AppState>,
    target: ActionToUpdate,
    MilestonePath(id): MilestonePath,
    CsrfForm(form): CsrfForm<crate::form::Confirmation>,
) -> Result<Response, AppError> {
    let expected = form.version.get()?;
    save(
        &state,
        &target,
        expected,
        |action| {
            action.milestones.retain(|m| m.id != id);
            Ok(())
        },
        &MilestoneForm::default(),
    )
    .await
}
