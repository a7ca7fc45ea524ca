//! `GET` and `POST /plans/{slug}/actions/{id}/edit`: change an action: what it is, who leads,
//! its dates and its status. Editors change everything; the action's lead changes everything
//! but who leads it.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{Action, ActionStatus, Organisation, Problems};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::lead::{Candidate, LeadForm, candidates};
use super::{Difference, Field, Kind, annotate, checker, date, date_parts, optional};
use crate::access::{ActionToUpdate, ItemPath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::{Checkbox, FormPage, Version, differences};
use crate::{AppError, AppState};

/// The action statuses as a choice, in the order work goes.
pub fn status_choices() -> Kind {
    Kind::Radios(ActionStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string())).collect())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ActionForm {
    version: Version,
    number: String,
    title: String,
    detail: String,
    #[serde(flatten)]
    lead: LeadForm,
    status: String,
    start_date_day: String,
    start_date_month: String,
    start_date_year: String,
    due_date_day: String,
    due_date_month: String,
    due_date_year: String,
    completed_on_day: String,
    completed_on_month: String,
    completed_on_year: String,
    /// The rest of the form: the ticked boxes of what children and young people asked for that
    /// the action answers, each as `answer_N` with the ask's words, and of the organisations
    /// working with the lead, each as `partner_N` with the organisation's id.
    #[serde(flatten)]
    rest: std::collections::BTreeMap<String, String>,
}

impl ActionForm {
    fn from_action(action: &Action, version: i64, candidates: &[Candidate]) -> ActionForm {
        let (start_date_day, start_date_month, start_date_year) = date_parts(action.start_date);
        let (due_date_day, due_date_month, due_date_year) = date_parts(action.due_date);
        let (completed_on_day, completed_on_month, completed_on_year) = date_parts(action.completed_on);
        ActionForm {
            version: Version::new(version),
            number: action.number.clone().unwrap_or_default(),
            title: action.title.clone(),
            detail: action.detail.clone().unwrap_or_default(),
            lead: LeadForm::from_lead(action.lead.as_ref(), candidates),
            status: action.status.as_str().to_string(),
            start_date_day,
            start_date_month,
            start_date_year,
            due_date_day,
            due_date_month,
            due_date_year,
            completed_on_day,
            completed_on_month,
            completed_on_year,
            rest: action
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("answer_{i}"), a.clone()))
                .chain(action.partners.iter().enumerate().map(|(i, p)| (format!("partner_{i}"), p.to_string())))
                .collect(),
        }
    }

    /// The organisations ticked as partners, as sent (checked against the partnership's list
    /// in [`ActionForm::apply`]).
    fn partners(&self) -> Vec<String> {
        let mut ticked: Vec<String> = Vec::new();
        for (_, id) in self.rest.iter().filter(|(k, _)| k.starts_with("partner_")) {
            let id = id.trim().to_string();
            if !id.is_empty() && !ticked.contains(&id) {
                ticked.push(id);
            }
        }
        ticked
    }

    /// The asks ticked, in the order they were sent.
    fn answers(&self) -> Vec<String> {
        let mut ticked: Vec<String> = Vec::new();
        for (_, ask) in self.rest.iter().filter(|(k, _)| k.starts_with("answer_")) {
            let ask = ask.trim().to_string();
            if !ask.is_empty() && !ticked.contains(&ask) {
                ticked.push(ask);
            }
        }
        ticked
    }

    /// The action as the form would save it, or the problems with the form's own input.
    fn apply(
        &self,
        before: &Action,
        may_change_lead: bool,
        candidates: &[Candidate],
        organisations: &[Organisation],
    ) -> Result<Action, Problems> {
        let mut problems = Problems::default();
        let mut action = before.clone();
        action.number = optional(&self.number);
        action.title = self.title.trim().to_string();
        action.detail = optional(&self.detail);
        match ActionStatus::from_word(&self.status) {
            Some(status) => action.status = status,
            None => problems.push("status", "Choose the action's status"),
        }
        action.start_date =
            date("start_date", &self.start_date_day, &self.start_date_month, &self.start_date_year, &mut problems);
        action.due_date =
            date("due_date", &self.due_date_day, &self.due_date_month, &self.due_date_year, &mut problems);
        action.completed_on = date(
            "completed_on",
            &self.completed_on_day,
            &self.completed_on_month,
            &self.completed_on_year,
            &mut problems,
        );
        action.answers = self.answers();
        let mut partners = Vec::new();
        for sent in self.partners() {
            match organisations.iter().find(|o| o.id.to_string() == sent) {
                Some(o) => partners.push(o.id),
                None => problems.push("partners", "Choose partners from the partnership's organisations"),
            }
        }
        action.partners = partners;
        if may_change_lead {
            match self.lead.lead(before.lead.as_ref(), candidates) {
                Ok(lead) => action.lead = lead,
                Err(found) => problems.0.extend(found.0),
            }
        }
        if problems.is_empty() { Ok(action) } else { Err(problems) }
    }

    fn date_field(name: &'static str, label: &'static str, parts: (&str, &str, &str)) -> Field {
        let (day, month, year) = (parts.0.to_string(), parts.1.to_string(), parts.2.to_string());
        let value = format!("{day}/{month}/{year}");
        Field::new(name, label, &value, Kind::Date { day, month, year }).hint("For example, 31 3 2027")
    }

    fn fields(
        &self,
        editor: bool,
        candidates: &[Candidate],
        asks: &[&str],
        organisations: &[Organisation],
    ) -> Vec<Field> {
        let mut fields = vec![
            Field::new("number", "Number", &self.number, Kind::Input),
            Field::new("title", "What will be done", &self.title, Kind::Textarea(3)),
            Field::new("detail", "More detail", &self.detail, Kind::Textarea(4)),
            Field::new("status", "Status", &self.status, status_choices()),
            Self::date_field(
                "start_date",
                "Start date",
                (&self.start_date_day, &self.start_date_month, &self.start_date_year),
            ),
            Self::date_field("due_date", "Due date", (&self.due_date_day, &self.due_date_month, &self.due_date_year)),
            Self::date_field(
                "completed_on",
                "Date completed",
                (&self.completed_on_day, &self.completed_on_month, &self.completed_on_year),
            ),
        ];
        if editor {
            fields.extend(self.lead.fields("Lead", candidates));
        }
        if !organisations.is_empty() {
            let ticked = self.partners();
            let boxes = organisations
                .iter()
                .enumerate()
                .map(|(i, o)| Checkbox {
                    value: o.id.to_string(),
                    label: o.name.clone(),
                    hint: None,
                    checked: ticked.contains(&o.id.to_string()),
                    name: Some(format!("partner_{i}")),
                })
                .collect();
            let names: Vec<&str> =
                organisations.iter().filter(|o| ticked.contains(&o.id.to_string())).map(|o| o.name.as_str()).collect();
            fields.push(
                Field::new("partners", "Partners working with the lead", &names.join(", "), Kind::Checkboxes(boxes))
                    .hint("Select all that apply"),
            );
        }
        // "You said, we did": what children and young people asked for, in this part of the
        // plan or above it, that the action answers.
        let ticked = self.answers();
        if !asks.is_empty() || !ticked.is_empty() {
            let mut offered: Vec<&str> = asks.to_vec();
            offered.extend(ticked.iter().map(String::as_str).filter(|t| !asks.contains(t)));
            let boxes = offered
                .iter()
                .enumerate()
                .map(|(i, ask)| Checkbox {
                    value: (*ask).to_string(),
                    label: (*ask).to_string(),
                    hint: None,
                    checked: ticked.iter().any(|t| t == ask),
                    name: Some(format!("answer_{i}")),
                })
                .collect();
            fields.push(
                Field::new(
                    "answers",
                    "What children and young people asked for that this answers",
                    &ticked.join("\n"),
                    Kind::Checkboxes(boxes),
                )
                .hint("\"You said, we did\": the public site lists each ask with what was done about it"),
            );
        }
        fields
    }
}

/// What the action `id` may answer: the asks of its item and the items above it.
fn asks_of(file: &cypp_domain::PlanFile, id: cypp_domain::ActionId) -> Vec<&str> {
    let item = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).find(|i| i.actions.iter().any(|a| a.id == id));
    item.and_then(|i| cypp_domain::PlanItem::asks_for(&file.items, i.id)).unwrap_or_default()
}

fn page(
    action: &ActionToUpdate,
    title: &str,
    form: &ActionForm,
    problems: &Problems,
    candidates: &[Candidate],
) -> FormPage {
    let (slug, id) = (action.plan.slug(), action.id);
    let asks = asks_of(&action.plan.file, id);
    let mut fields = form.fields(action.editor, candidates, &asks, &action.plan.file.partnership.organisations);
    annotate(&mut fields, problems, &checker(&action.plan.file));
    FormPage {
        chrome: action.plan.chrome(),
        title: "Update an action".into(),
        caption: crate::form::caption(title),
        action: format!("/plans/{slug}/actions/{id}/edit"),
        back: format!("/plans/{slug}"),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_edit_action(State(state): State<AppState>, target: ActionToUpdate) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    let candidates = candidates(&mut tx, target.plan.file.partnership.id).await?;
    tx.rollback().await?;
    let form = ActionForm::from_action(&current.value, current.version, &candidates);
    Ok(Html(page(&target, &current.value.title, &form, &Problems::default(), &candidates).render()?))
}

pub async fn post_edit_action(
    State(state): State<AppState>,
    target: ActionToUpdate,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    let current = edit::get_action(&mut tx, target.id).await?;
    let candidates = candidates(&mut tx, target.plan.file.partnership.id).await?;
    let rerender = |form: &ActionForm, problems: &Problems, conflict: Vec<Difference>| -> Result<Response, AppError> {
        let mut page = page(&target, &current.value.title, form, problems, &candidates);
        page.conflict = conflict;
        page.unprocessable()
    };
    let organisations = &target.plan.file.partnership.organisations;
    let action = match form.apply(&current.value, target.editor, &candidates, organisations) {
        Ok(action) => action,
        Err(problems) => return rerender(&form, &problems, Vec::new()),
    };
    match edit::update_action(&mut tx, &target.plan.actor(), &action, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}", target.plan.slug())).into_response())
        }
        Err(StoreError::Invalid(problems)) => rerender(&form, &problems, Vec::new()),
        Err(StoreError::Conflict { actual, .. }) => {
            let theirs = ActionForm::from_action(&current.value, actual, &candidates);
            let yours = ActionForm { version: Version::new(actual), ..form.clone() };
            let asks = asks_of(&target.plan.file, target.id);
            let conflict = differences(
                theirs.fields(true, &candidates, &asks, organisations),
                yours.fields(true, &candidates, &asks, organisations),
            );
            rerender(&yours, &Problems::default(), conflict)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /plans/{slug}/items/{id}/actions/new`: the form for a new action under an item.
pub async fn get_new_action(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(item): ItemPath,
) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let candidates = candidates(&mut tx, plan.file.partnership.id).await?;
    tx.rollback().await?;
    let form = ActionForm { status: "not_started".into(), ..ActionForm::default() };
    Ok(Html(new_page(&plan, item, &form, &Problems::default(), &candidates).render()?))
}

pub async fn post_new_action(
    State(state): State<AppState>,
    plan: PlanEditor,
    ItemPath(item): ItemPath,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, AppError> {
    let slug = plan.slug();
    let blank = Action::new("");
    let mut tx = state.db.write().await?;
    let candidates = candidates(&mut tx, plan.file.partnership.id).await?;
    let rerender = |problems: &Problems| -> Result<Response, AppError> {
        let page = new_page(&plan, item, &form, problems, &candidates);
        page.unprocessable()
    };
    let action = match form.apply(&blank, true, &candidates, &plan.file.partnership.organisations) {
        // What it answers is chosen once it is made (the form does not offer it).
        Ok(action) => Action { answers: Vec::new(), ..action },
        Err(problems) => return rerender(&problems),
    };
    match cypp_store::tree::add_action(&mut tx, &plan.actor(), item, &action).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}#item-{item}")).into_response())
        }
        Err(StoreError::Invalid(problems)) => rerender(&problems),
        Err(e) => Err(e.into()),
    }
}

fn new_page(
    plan: &PlanEditor,
    item: cypp_domain::ItemId,
    form: &ActionForm,
    problems: &Problems,
    candidates: &[Candidate],
) -> FormPage {
    let slug = plan.slug();
    // A new action is linked to what children and young people asked once it is made.
    let mut fields = form.fields(true, candidates, &[], &plan.file.partnership.organisations);
    annotate(&mut fields, problems, &checker(&plan.file));
    FormPage {
        chrome: plan.chrome(),
        title: "Add an action".into(),
        caption: "Edit the plan".into(),
        action: format!("/plans/{slug}/items/{item}/actions/new"),
        back: format!("/plans/{slug}"),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}
