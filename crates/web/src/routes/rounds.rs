//! Reporting rounds: the list (`/plans/{slug}/rounds`), one round's page with who has
//! reported, and, for the partnership's admins, making and changing a round and opening,
//! closing and reopening it. The rules (one open round at a time, a closed round kept as it
//! closed) are the store's (`cypp_store::rounds`).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::period::uk_date;
use cypp_domain::{Ask, Identities, Period, PlanFile, Problems, Round, RoundStatus};
use cypp_store::rounds::{self, RoundFields};
use cypp_store::{Actor, StoreError};
use serde::Deserialize;

use super::edit::{Field, Kind, annotate, checker, date, date_parts};
use crate::access::{Manage, PlanAdmin, PlanMember, RoundPath};
use crate::csrf::CsrfForm;
use crate::form::{Checkbox, FormPage, Pairs, Version, problems};
use crate::page::Chrome;
use crate::views::{Names, lead_text};
use crate::{AppError, AppState};

/// A round's status in words, with the tag colour it is shown in.
fn status_tag(status: RoundStatus) -> (&'static str, &'static str) {
    match status {
        RoundStatus::Planned => ("Planned", "govuk-tag--grey"),
        RoundStatus::Open => ("Open", "govuk-tag--green"),
        RoundStatus::Closed => ("Closed", "govuk-tag--blue"),
    }
}

/// What a round asks for, each with its lead and whether it has been given, in plan order.
pub struct AskRow {
    /// The ask by identity ("item:{id}"), as reminders record it.
    pub key: String,
    pub what: String,
    pub kind: &'static str,
    pub lead: String,
    /// The lead's name alone, their email and their organisation, for chasing.
    pub lead_name: String,
    pub lead_email: Option<String>,
    pub organisation: String,
    /// Submitted or accepted.
    pub given: bool,
    /// Where the update is (not started, draft, submitted, accepted, returned), and when it
    /// was submitted.
    pub state: crate::views::Tag,
    pub submitted: String,
    /// The update's own page, once there is one.
    pub href: Option<String>,
    pub rag: Option<crate::views::Tag>,
}

fn ask_rows(file: &PlanFile, round: &Round) -> Vec<AskRow> {
    let ids = Identities::of(file);
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let items: Vec<_> = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    round
        .asks(&file.items, &ids)
        .into_iter()
        .filter_map(|ask| {
            let (what, kind, lead) = match ask {
                Ask::Item(id) => {
                    let item = items.iter().find(|i| i.id == id)?;
                    (item.heading(), "Item", item.officer_lead.as_ref())
                }
                Ask::Action(id) => {
                    let action = items.iter().flat_map(|i| &i.actions).find(|a| a.id == id)?;
                    (action.title.clone(), "Action", action.lead.as_ref())
                }
            };
            let update = round.update_on(ask, &ids);
            Some(AskRow {
                key: ask_value(ask, &ids),
                what,
                kind,
                lead: lead.map(|l| lead_text(l, &names)).unwrap_or_default(),
                lead_name: lead.map(|l| l.name.clone()).unwrap_or_else(|| "No lead named".into()),
                lead_email: lead.and_then(|l| l.email.clone()),
                organisation: lead
                    .and_then(|l| l.organisation)
                    .and_then(|o| names.organisations.get(&o).map(|n| n.to_string()))
                    .unwrap_or_else(|| "No organisation named".into()),
                given: update.is_some_and(|u| u.is_given()),
                state: super::updates::state_tag(update),
                submitted: update.and_then(|u| u.submitted_at).map(|at| uk_date(at.date_naive())).unwrap_or_default(),
                href: update.map(|u| format!("/plans/{}/rounds/{}/updates/{}", file.plan.slug, round.id, u.id)),
                rag: update.and_then(|u| u.rag).map(crate::views::rag_tag),
            })
        })
        .collect()
}

pub struct RoundRow {
    pub href: String,
    pub name: String,
    pub period: String,
    pub opens: String,
    pub due: String,
    pub status: (&'static str, &'static str),
    pub given: usize,
    pub asked: usize,
}

#[derive(Template)]
#[template(path = "rounds.html")]
struct RoundsPage {
    chrome: Chrome,
    slug: String,
    title: String,
    may_manage: bool,
    rounds: Vec<RoundRow>,
}

/// `GET /plans/{slug}/rounds`: every round, newest first.
pub async fn get_rounds(plan: PlanMember) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let slug = plan.slug();
    let rounds = file
        .rounds
        .iter()
        .rev()
        .map(|round| {
            let rows = ask_rows(file, round);
            RoundRow {
                href: format!("/plans/{slug}/rounds/{}", round.id),
                name: round.name.clone(),
                period: round.period.map(|p| p.label()).unwrap_or_default(),
                opens: uk_date(round.opens_on),
                due: uk_date(round.due_on),
                status: status_tag(round.status),
                given: rows.iter().filter(|r| r.given).count(),
                asked: rows.len(),
            }
        })
        .collect();
    let page = RoundsPage {
        chrome: plan.chrome(),
        slug: slug.to_string(),
        title: file.plan.title.clone(),
        may_manage: plan.may::<Manage>(),
        rounds,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    chrome: Chrome,
    slug: String,
    title: String,
    id: String,
    name: String,
    period: String,
    opens: String,
    due: String,
    status: (&'static str, &'static str),
    version: i64,
    /// The buttons an admin has: (the status it moves to, the words on it).
    moves: Vec<(&'static str, &'static str)>,
    may_change: bool,
    /// Officers (editors and admins) see who has updated and the reminders.
    may_chase: bool,
    refusal: Option<String>,
    asks: Vec<AskRow>,
    given: usize,
}

async fn round_page(
    state: &AppState,
    file: &PlanFile,
    chrome: Chrome,
    manage: bool,
    chase: bool,
    index: usize,
    refusal: Option<String>,
) -> Result<RoundPage, AppError> {
    let round = &file.rounds[index];
    let mut tx = state.db.read().await?;
    let version = rounds::get(&mut tx, file.plan.id, round.id).await?.version;
    tx.rollback().await?;
    let moves = match (manage, round.status) {
        (false, _) => vec![],
        (true, RoundStatus::Planned) => vec![("open", "Open the round")],
        (true, RoundStatus::Open) => vec![("closed", "Close the round")],
        (true, RoundStatus::Closed) => vec![("open", "Reopen the round")],
    };
    let asks = ask_rows(file, round);
    Ok(RoundPage {
        chrome,
        slug: file.plan.slug.clone(),
        title: file.plan.title.clone(),
        id: round.id.to_string(),
        name: round.name.clone(),
        period: round.period.map(|p| p.label()).unwrap_or_default(),
        opens: uk_date(round.opens_on),
        due: uk_date(round.due_on),
        status: status_tag(round.status),
        version,
        moves,
        may_change: manage && round.status != RoundStatus::Closed,
        may_chase: chase,
        refusal,
        given: asks.iter().filter(|a| a.given).count(),
        asks,
    })
}

/// `GET /plans/{slug}/rounds/{round}`: what the round asks, of whom, and what has been given.
pub async fn get_round(
    State(state): State<AppState>,
    plan: PlanMember,
    RoundPath { index }: RoundPath,
) -> Result<Html<String>, AppError> {
    let page = round_page(
        &state,
        &plan.file,
        plan.chrome(),
        plan.may::<Manage>(),
        plan.may::<crate::access::Edit>(),
        index,
        None,
    )
    .await?;
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    version: Version,
}

/// `POST /plans/{slug}/rounds/{round}/status`: opens, closes or reopens the round. A refusal
/// (another round is open, say) is shown on the round's page, in words.
pub async fn post_status(
    State(state): State<AppState>,
    plan: PlanAdmin,
    RoundPath { index }: RoundPath,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let to = match form.to.as_str() {
        "open" => RoundStatus::Open,
        "closed" => RoundStatus::Closed,
        _ => return Err(AppError::BadRequest),
    };
    let (file, slug) = (&*plan.file, plan.slug());
    let round = &file.rounds[index];
    let mut tx = state.db.write().await?;
    match rounds::set_status(&mut tx, &plan.actor(), file.plan.id, round.id, to, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/rounds/{}", round.id)).into_response())
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict { .. })) => {
            tx.rollback().await?;
            let refusal = match e {
                StoreError::Invalid(problems) => problems.to_string(),
                other => format!("{other}. The page now shows the round as it is."),
            };
            let page = round_page(&state, file, plan.chrome(), true, true, index, Some(refusal)).await?;
            Ok((axum::http::StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The round form's fields as posted: names and dates as typed, and the ticked asks.
struct RoundForm {
    version: Version,
    name: String,
    period: String,
    opens: (String, String, String),
    due: (String, String, String),
    /// "item:{id}" and "action:{id}", by identity.
    asked: Vec<String>,
}

impl RoundForm {
    fn from_pairs(pairs: &Pairs) -> RoundForm {
        let parts = |name: &str| {
            (
                pairs.get(&format!("{name}_day")).to_string(),
                pairs.get(&format!("{name}_month")).to_string(),
                pairs.get(&format!("{name}_year")).to_string(),
            )
        };
        RoundForm {
            version: pairs.version,
            name: pairs.get("name").to_string(),
            period: pairs.get("period").to_string(),
            opens: parts("opens_on"),
            due: parts("due_on"),
            asked: pairs.all("asked").into_iter().map(str::to_string).collect(),
        }
    }

    fn from_round(round: &Round, file: &PlanFile, version: i64) -> RoundForm {
        let ids = Identities::of(file);
        RoundForm {
            version: Version::new(version),
            name: round.name.clone(),
            period: round.period.map(|p| p.label()).unwrap_or_default(),
            opens: date_parts(Some(round.opens_on)),
            due: date_parts(Some(round.due_on)),
            asked: round.asks(&file.items, &ids).into_iter().map(|a| ask_value(a, &ids)).collect(),
        }
    }

    /// A new round's form: every item and action with a lead ticked.
    fn new(file: &PlanFile) -> RoundForm {
        let ids = Identities::of(file);
        let everything = Round {
            id: cypp_domain::RoundId::new(),
            name: String::new(),
            period: None,
            revision_id: file.plan.revision_id,
            opens_on: chrono::NaiveDate::MIN,
            due_on: chrono::NaiveDate::MIN,
            status: RoundStatus::Planned,
            asked: Vec::new(),
            updates: Vec::new(),
            report: None,
        };
        RoundForm {
            version: Version::new(0),
            name: String::new(),
            period: String::new(),
            opens: Default::default(),
            due: Default::default(),
            asked: everything.asks(&file.items, &ids).into_iter().map(|a| ask_value(a, &ids)).collect(),
        }
    }

    fn fields(&self, file: &PlanFile) -> Vec<Field> {
        let ids = Identities::of(file);
        let revision = file.current();
        let names = Names::new(&file.partnership, &revision, &file.measures);
        let lead = |l: Option<&cypp_domain::Lead>| l.map(|l| format!("Lead: {}", lead_text(l, &names)));
        let mut boxes = Vec::new();
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            let value = ask_value(Ask::Item(item.id), &ids);
            boxes.push(Checkbox {
                checked: self.asked.contains(&value),
                value,
                label: item.heading(),
                hint: lead(item.officer_lead.as_ref()),
                name: None,
            });
            for action in &item.actions {
                let value = ask_value(Ask::Action(action.id), &ids);
                boxes.push(Checkbox {
                    checked: self.asked.contains(&value),
                    value,
                    label: format!("Action: {}", action.title),
                    hint: lead(action.lead.as_ref()),
                    name: None,
                });
            }
        }
        let date_field = |name: &'static str, label: &'static str, (day, month, year): &(String, String, String)| {
            Field::new(
                name,
                label,
                &format!("{day}/{month}/{year}"),
                Kind::Date { day: day.clone(), month: month.clone(), year: year.clone() },
            )
            .hint("For example, 5 1 2027")
        };
        vec![
            Field::new("name", "Name", &self.name, Kind::Input).hint("For example, Q3 2025-26"),
            Field::new("period", "The period it reports on (optional)", &self.period, Kind::Input)
                .hint("For example, Q3 2025-26, 2025-26 or Autumn term 2025"),
            date_field("opens_on", "Opens on", &self.opens),
            date_field("due_on", "Updates are due by", &self.due),
            Field::new("asked", "What leads are asked to update", &self.asked.join(" "), Kind::Checkboxes(boxes))
                .hint("Ticked at first: every item and action that has a lead"),
        ]
    }

    /// The round the form gives, or what is wrong with it.
    fn round_fields(&self, file: &PlanFile) -> Result<RoundFields, Problems> {
        let mut problems = Problems::default();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push("name", "Enter the round's name, such as Q3 2025-26");
        }
        let period = match self.period.trim() {
            "" => None,
            text => match Period::parse_loose(text, None) {
                Ok(p) => Some(p.period),
                Err(e) => {
                    problems.push("period", e.to_string());
                    None
                }
            },
        };
        let required = |name: &'static str, parts: &(String, String, String), problems: &mut Problems| {
            let found = date(name, &parts.0, &parts.1, &parts.2, problems);
            if found.is_none() && problems.for_path(name).next().is_none() {
                problems.push(name, "Enter the date, for example 5 1 2027");
            }
            found
        };
        let opens_on = required("opens_on", &self.opens, &mut problems);
        let due_on = required("due_on", &self.due, &mut problems);
        let ids = Identities::of(file);
        let mut asked = Vec::new();
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            if self.asked.contains(&ask_value(Ask::Item(item.id), &ids)) {
                asked.push(Ask::Item(ids.item(item.id)));
            }
            for action in &item.actions {
                if self.asked.contains(&ask_value(Ask::Action(action.id), &ids)) {
                    asked.push(Ask::Action(ids.action(action.id)));
                }
            }
        }
        if asked.is_empty() {
            problems.push("asked", "Choose at least one item or action to ask for an update on");
        }
        match (opens_on, due_on) {
            (Some(opens_on), Some(due_on)) if problems.is_empty() => {
                Ok(RoundFields { name: name.to_string(), period, opens_on, due_on, asked })
            }
            _ => Err(problems),
        }
    }
}

/// A checkbox's value for an ask: by identity, so it means the same in every revision.
pub fn ask_value(ask: Ask, ids: &Identities) -> String {
    match ask {
        Ask::Item(id) => format!("item:{}", ids.item(id)),
        Ask::Action(id) => format!("action:{}", ids.action(id)),
    }
}

fn form_page(plan: &PlanAdmin, title: &str, action: String, form: &RoundForm, problems: &Problems) -> FormPage {
    let mut fields = form.fields(&plan.file);
    annotate(&mut fields, problems, &checker(&plan.file));
    FormPage {
        chrome: plan.chrome(),
        title: title.into(),
        caption: plan.file.plan.title.clone(),
        action,
        back: format!("/plans/{}/rounds", plan.slug()),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

/// `GET /plans/{slug}/rounds/new`
pub async fn get_new_round(plan: PlanAdmin) -> Result<Html<String>, AppError> {
    let action = format!("/plans/{}/rounds/new", plan.slug());
    let page = form_page(&plan, "Make a round", action, &RoundForm::new(&plan.file), &Problems::default());
    Ok(Html(page.render()?))
}

/// `POST /plans/{slug}/rounds/new`: makes a planned round against the current revision.
pub async fn post_new_round(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let form = RoundForm::from_pairs(&pairs);
    let action = format!("/plans/{}/rounds/new", plan.slug());
    let fields = match form.round_fields(&plan.file) {
        Ok(fields) => fields,
        Err(problems) => return form_page(&plan, "Make a round", action, &form, &problems).unprocessable(),
    };
    let file = &*plan.file;
    let mut tx = state.db.write().await?;
    match rounds::create(&mut tx, &plan.actor(), file.plan.id, file.plan.revision_id, &fields).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/rounds/{id}", plan.slug())).into_response())
        }
        Err(e) => {
            let problems = problems(e)?;
            form_page(&plan, "Make a round", action, &form, &problems).unprocessable()
        }
    }
}

/// `GET /plans/{slug}/rounds/{round}/edit`
pub async fn get_edit_round(
    State(state): State<AppState>,
    plan: PlanAdmin,
    RoundPath { index }: RoundPath,
) -> Result<Response, AppError> {
    let file = &*plan.file;
    let round = &file.rounds[index];
    if round.status == RoundStatus::Closed {
        return Err(StoreError::Closed(format!("The round \"{}\" is closed", round.name)).into());
    }
    let mut tx = state.db.read().await?;
    let version = rounds::get(&mut tx, file.plan.id, round.id).await?.version;
    tx.rollback().await?;
    let form = RoundForm::from_round(round, file, version);
    let action = format!("/plans/{}/rounds/{}/edit", plan.slug(), round.id);
    Ok(Html(form_page(&plan, "Change the round", action, &form, &Problems::default()).render()?).into_response())
}

/// `POST /plans/{slug}/rounds/{round}/edit`
pub async fn post_edit_round(
    State(state): State<AppState>,
    plan: PlanAdmin,
    RoundPath { index }: RoundPath,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let form = RoundForm::from_pairs(&pairs);
    let file = &*plan.file;
    let round = &file.rounds[index];
    let action = format!("/plans/{}/rounds/{}/edit", plan.slug(), round.id);
    let fields = match form.round_fields(file) {
        Ok(fields) => fields,
        Err(problems) => return form_page(&plan, "Change the round", action, &form, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    match rounds::update(&mut tx, &plan.actor(), file.plan.id, round.id, &fields, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/rounds/{}", plan.slug(), round.id)).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            tx.rollback().await?;
            let theirs = RoundForm::from_round(round, file, actual);
            let yours = RoundForm { version: Version::new(actual), ..form };
            let mut page = form_page(&plan, "Change the round", action, &yours, &Problems::default());
            page.conflict = crate::form::differences(theirs.fields(file), yours.fields(file));
            page.unprocessable()
        }
        Err(e @ StoreError::Closed(_)) => Err(e.into()),
        Err(e) => {
            let problems = problems(e)?;
            form_page(&plan, "Change the round", action, &form, &problems).unprocessable()
        }
    }
}

/// One lead's part of a round: what they have given and what they have not.
pub struct LeadChase {
    pub name: String,
    pub email: String,
    pub asks: Vec<AskRow>,
    pub outstanding: usize,
}

/// One organisation's leads.
pub struct OrganisationChase {
    pub name: String,
    pub leads: Vec<LeadChase>,
    pub outstanding: usize,
    pub asked: usize,
}

#[derive(Template)]
#[template(path = "chasing.html")]
struct ChasingPage {
    chrome: Chrome,
    slug: String,
    title: String,
    id: String,
    name: String,
    due: String,
    /// "12 days left", "due today", "3 days overdue".
    when: String,
    open: bool,
    organisations: Vec<OrganisationChase>,
    /// The reminders due now and not yet sent, by lead: (name, email, about what).
    reminders: Vec<(String, String, Vec<String>)>,
    reminder_kind: Option<&'static str>,
    /// Every reminder sent in the round: (when, to, before or after, about what).
    sent: Vec<(String, String, &'static str, String)>,
    /// Whether email is set up, so that the reminders can be sent from here.
    mail: bool,
}

/// The round's asks by organisation and lead, those with most still to give first.
fn chase(file: &PlanFile, round: &Round) -> Result<Vec<OrganisationChase>, AppError> {
    let mut organisations: Vec<OrganisationChase> = Vec::new();
    for row in ask_rows(file, round) {
        let org = match organisations.iter().position(|o| o.name == row.organisation) {
            Some(i) => &mut organisations[i],
            None => {
                organisations.push(OrganisationChase {
                    name: row.organisation.clone(),
                    leads: Vec::new(),
                    outstanding: 0,
                    asked: 0,
                });
                organisations.last_mut().ok_or(AppError::Internal("an organisation just added".into()))?
            }
        };
        org.asked += 1;
        let key = row.lead_email.clone().unwrap_or_else(|| row.lead_name.clone());
        let lead = match org.leads.iter().position(|l| l.email == key || l.name == row.lead_name && l.email.is_empty())
        {
            Some(i) => &mut org.leads[i],
            None => {
                org.leads.push(LeadChase {
                    name: row.lead_name.clone(),
                    email: row.lead_email.clone().unwrap_or_default(),
                    asks: Vec::new(),
                    outstanding: 0,
                });
                org.leads.last_mut().ok_or(AppError::Internal("a lead just added".into()))?
            }
        };
        if !row.given {
            lead.outstanding += 1;
            org.outstanding += 1;
        }
        lead.asks.push(row);
    }
    // Those with most still to give first.
    organisations.sort_by(|a, b| b.outstanding.cmp(&a.outstanding).then(a.name.cmp(&b.name)));
    for org in &mut organisations {
        org.leads.sort_by(|a, b| b.outstanding.cmp(&a.outstanding).then(a.name.cmp(&b.name)));
    }
    Ok(organisations)
}

/// A reminder to one lead about the updates they have still to give.
pub struct Reminder {
    pub name: String,
    pub email: String,
    /// (the ask by identity, its title)
    pub asks: Vec<(String, String)>,
}

/// The reminders due in an open round `days` before its due date (negative: after it): one in
/// the week before ("before"), one after ("after"), to each lead with an email who has updates
/// still to give.
fn due_reminders(
    organisations: &[OrganisationChase],
    round: &Round,
    days: i64,
) -> (Option<&'static str>, Vec<Reminder>) {
    let kind = match (round.status, days) {
        (RoundStatus::Open, 0..=7) => Some("before"),
        (RoundStatus::Open, d) if d < 0 => Some("after"),
        _ => None,
    };
    let due = match kind {
        None => Vec::new(),
        Some(_) => organisations
            .iter()
            .flat_map(|o| &o.leads)
            .filter(|l| l.outstanding > 0 && !l.email.is_empty())
            .map(|l| Reminder {
                name: l.name.clone(),
                email: l.email.clone(),
                asks: l.asks.iter().filter(|a| !a.given).map(|a| (a.key.clone(), a.what.clone())).collect(),
            })
            .collect(),
    };
    (kind, due)
}

/// `GET /plans/{slug}/rounds/{round}/chasing`: who has and has not updated, by organisation
/// and lead, with the days left or overdue, and the reminders now due.
pub async fn get_chasing(
    State(state): State<AppState>,
    plan: crate::access::PlanEditor,
    RoundPath { index }: RoundPath,
) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let round = &file.rounds[index];
    let today = chrono::Utc::now().date_naive();
    let (when, days) = cypp_domain::period::days_left(round.due_on, today);
    let organisations = chase(file, round)?;
    let (kind, due) = due_reminders(&organisations, round, days);
    let mut tx = state.db.read().await?;
    let records = cypp_store::reminders::sent(&mut tx, round.id).await?;
    tx.rollback().await?;
    let titles: std::collections::HashMap<&str, &str> = organisations
        .iter()
        .flat_map(|o| &o.leads)
        .flat_map(|l| &l.asks)
        .map(|a| (a.key.as_str(), a.what.as_str()))
        .collect();
    let sent = records
        .iter()
        .map(|s| {
            let when = if s.kind == "before" { "before the due date" } else { "after the due date" };
            let about = titles.get(s.ask.as_str()).copied().unwrap_or("an item no longer asked about");
            (cypp_domain::period::uk_time(s.sent_at), s.email.clone(), when, about.to_string())
        })
        .collect();
    let already: std::collections::HashSet<(String, String)> =
        records.into_iter().filter(|s| Some(s.kind.as_str()) == kind).map(|s| (s.email, s.ask)).collect();
    let reminders: Vec<(String, String, Vec<String>)> = due
        .into_iter()
        .filter_map(|r| {
            let about: Vec<String> = r
                .asks
                .iter()
                .filter(|(key, _)| !already.contains(&(r.email.to_lowercase(), key.clone())))
                .map(|(_, title)| title.clone())
                .collect();
            (!about.is_empty()).then_some((r.name, r.email, about))
        })
        .collect();
    let reminder_kind = kind.map(|k| if k == "before" { "before the due date" } else { "after the due date" });
    let page = ChasingPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        title: file.plan.title.clone(),
        id: round.id.to_string(),
        name: round.name.clone(),
        due: uk_date(round.due_on),
        when,
        open: round.status == RoundStatus::Open,
        organisations,
        reminders,
        reminder_kind,
        sent,
        mail: state.mail.is_some(),
    };
    Ok(Html(page.render()?))
}

/// Sends the reminders due now in round `index` of `file`, each lead one email about what they
/// have still to give, never twice about the same item for the same round (claimed in the
/// database before sending, given back if the email fails). Returns how many were sent.
pub async fn send_reminders(state: &AppState, actor: &Actor, file: &PlanFile, index: usize) -> Result<usize, AppError> {
    let Some(mailer) = state.mail.clone() else { return Ok(0) };
    let round = &file.rounds[index];
    let today = chrono::Utc::now().date_naive();
    let (when, days) = cypp_domain::period::days_left(round.due_on, today);
    let organisations = chase(file, round)?;
    let (kind, due) = due_reminders(&organisations, round, days);
    let Some(kind) = kind else { return Ok(0) };
    let mut sent = 0;
    for reminder in due {
        let keys: Vec<String> = reminder.asks.iter().map(|(k, _)| k.clone()).collect();
        let mut tx = state.db.write().await?;
        let claimed = cypp_store::reminders::claim(&mut tx, actor, round.id, &reminder.email, &keys, kind).await?;
        tx.commit().await?;
        if claimed.is_empty() {
            continue;
        }
        let about: Vec<String> =
            reminder.asks.iter().filter(|(k, _)| claimed.contains(k)).map(|(_, t)| format!("- {t}")).collect();
        let due_on = uk_date(round.due_on);
        let subject = match kind {
            "before" => format!("Reminder: your {} updates are due by {due_on}", round.name),
            _ => format!("Overdue: your {} updates were due on {due_on}", round.name),
        };
        let body = format!(
            "Dear {},\n\nThe {} reporting round of {} asks for your update on:\n\n{}\n\nUpdates are due by {due_on} ({when}).\n\nGive your updates here: {}/plans/{}/my-updates\n\n{}\n",
            reminder.name,
            round.name,
            file.plan.title,
            about.join("\n"),
            mailer.base_url,
            file.plan.slug,
            file.partnership.name,
        );
        match mailer.send(&reminder.name, &reminder.email, &subject, body).await {
            Ok(()) => sent += 1,
            Err(why) => {
                tracing::warn!(to = %reminder.email, round = %round.name, %why, "a reminder was not sent; it will be tried again");
                let mut tx = state.db.write().await?;
                cypp_store::reminders::release(&mut tx, actor, round.id, &reminder.email, &claimed, kind, &why).await?;
                tx.commit().await?;
            }
        }
    }
    Ok(sent)
}

/// Sends the reminders due in every plan's open round: what `cypp serve` does every hour when
/// email is set up.
pub async fn send_all_reminders(state: &AppState) -> Result<usize, AppError> {
    let mut tx = state.db.read().await?;
    let partnerships = cypp_store::catalogue::list(&mut tx).await?;
    tx.rollback().await?;
    let mut sent = 0;
    for plan in partnerships.iter().flat_map(|p| &p.plans) {
        let mut tx = state.db.read().await?;
        let file = cypp_store::plan_file::export(&mut tx, &plan.slug).await?;
        tx.rollback().await?;
        if let Some(index) = file.rounds.iter().position(|r| r.status == RoundStatus::Open) {
            sent += send_reminders(state, &Actor::system("cypp reminders"), &file, index).await?;
        }
    }
    Ok(sent)
}

/// `POST /plans/{slug}/rounds/{round}/reminders`: sends the reminders due now.
pub async fn post_reminders(
    State(state): State<AppState>,
    plan: crate::access::PlanEditor,
    RoundPath { index }: RoundPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if state.mail.is_none() {
        return Err(AppError::BadRequest);
    }
    let sent = send_reminders(&state, &plan.actor(), &plan.file, index).await?;
    let round = &plan.file.rounds[index];
    Ok(Redirect::to(&format!("/plans/{}/rounds/{}/chasing?sent={sent}", plan.slug(), round.id)).into_response())
}
