//! A partnership's people, for its admins (`/plans/{slug}/people`): the list, adding a person
//! (who gets a one-time link to set their password), changing their name, role and
//! organisation, deactivating (their sessions end at once) and reactivating them, and a new
//! link for a forgotten password. The rules are the store's (`cypp_store::people`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::period::uk_date;
use cypp_domain::{Lead, OrganisationId, PlanFile, PlanStatus, Problems, Role, User, UserId};
use cypp_store::StoreError;
use cypp_store::edit::{self, LeadOf};
use cypp_store::people::{self, Person, PersonFields};
use serde::Deserialize;

use super::edit::lead::{Candidate, candidates};
use super::edit::{Field, Kind, annotate};
use crate::access::PlanAdmin;
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Version, differences, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

const ROLES: [(&str, &str); 4] = [
    ("viewer", "Viewer: reads the plan, the dashboard and the updates"),
    ("lead", "Lead: also gives progress updates on what they lead"),
    ("editor", "Editor: also writes the plan and reviews updates"),
    ("admin", "Admin: also manages people, rounds and the partnership"),
];

fn organisation_name(file: &PlanFile, id: Option<OrganisationId>) -> String {
    id.and_then(|id| file.partnership.organisations.iter().find(|o| o.id == id))
        .map(|o| o.name.clone())
        .unwrap_or_default()
}

pub struct PersonRow {
    pub href: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub role: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    chrome: Chrome,
    slug: String,
    partnership: String,
    people: Vec<PersonRow>,
    unlinked: Vec<Unlinked>,
    candidates: Vec<Candidate>,
    /// How many places a link just made changed.
    linked: Option<usize>,
    refusal: Option<String>,
}

/// A lead the plan holds as text, matched to nobody: by their name and the email the plan
/// gives (if any), with what they lead.
pub struct Unlinked {
    pub name: String,
    pub email: String,
    pub leads: Vec<String>,
    /// The address of "Add them as a person", filled in with their name and email.
    pub add: String,
}

/// The same lead, written twice: the same name and the same email, whatever the case.
fn lead_key(lead: &Lead) -> (String, String) {
    (lead.name.trim().to_lowercase(), lead.email.as_deref().unwrap_or("").trim().to_lowercase())
}

/// Every place the plan names a lead, in the revisions still in use: the current one, and
/// the published one while a refresh is being drafted. Archived revisions keep their leads as
/// they were.
fn lead_places(file: &PlanFile) -> Vec<(LeadOf, &Lead, String)> {
    let live = std::iter::once(&file.items)
        .chain(file.earlier_revisions.iter().filter(|r| r.plan.status == PlanStatus::Published).map(|r| &r.items));
    let mut places = Vec::new();
    for (i, items) in live.enumerate() {
        for (depth, item) in items.iter().flat_map(|i| i.walk()) {
            if let Some(lead) = &item.officer_lead {
                let what =
                    if i == 0 { format!("{}: {}", file.plan.level_name(depth), item.heading()) } else { String::new() };
                places.push((LeadOf::Item(item.id), lead, what));
            }
            for action in &item.actions {
                if let Some(lead) = &action.lead {
                    let what = if i == 0 { format!("Action: {}", action.title) } else { String::new() };
                    places.push((LeadOf::Action(action.id), lead, what));
                }
            }
        }
    }
    places
}

/// The leads no person of the partnership matches by email, by name.
fn unlinked(file: &PlanFile, people: &[Person], slug: &str) -> Vec<Unlinked> {
    let known = |lead: &Lead| {
        lead.email
            .as_deref()
            .is_some_and(|e| people.iter().any(|p| p.user.email.as_str().eq_ignore_ascii_case(e.trim())))
    };
    let mut found: Vec<((String, String), Unlinked)> = Vec::new();
    for (_, lead, what) in lead_places(file).into_iter().filter(|(_, lead, _)| !known(lead)) {
        let key = lead_key(lead);
        let entry = match found.iter().position(|(k, _)| *k == key) {
            Some(i) => &mut found[i].1,
            None => {
                let email = lead.email.clone().unwrap_or_default();
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("name", &lead.name)
                    .append_pair("email", &email)
                    .finish();
                let add = format!("/plans/{slug}/people/new?{query}");
                found.push((key, Unlinked { name: lead.name.clone(), email, leads: Vec::new(), add }));
                &mut found.last_mut().expect("just pushed").1
            }
        };
        if !what.is_empty() {
            entry.leads.push(what);
        }
    }
    let mut all: Vec<Unlinked> = found.into_iter().map(|(_, u)| u).collect();
    all.sort_by_key(|u| u.name.to_lowercase());
    all
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeopleQuery {
    linked: Option<usize>,
}

/// `GET /plans/{slug}/people`: everyone who can sign in, and the leads not yet linked to any of
/// them.
pub async fn get_people(
    State(state): State<AppState>,
    plan: PlanAdmin,
    Query(query): Query<PeopleQuery>,
) -> Result<Html<String>, AppError> {
    Ok(Html(people_page(&state, &plan, query.linked, None).await?.render()?))
}

async fn people_page(
    state: &AppState,
    plan: &PlanAdmin,
    linked: Option<usize>,
    refusal: Option<String>,
) -> Result<PeoplePage, AppError> {
    let file = &*plan.file;
    let mut tx = state.db.read().await?;
    let all = people::list(&mut tx, file.partnership.id).await?;
    let candidates = candidates(&mut tx, file.partnership.id).await?;
    tx.rollback().await?;
    let everyone: Vec<Person> = all.iter().map(|p| p.value.clone()).collect();
    let unlinked = unlinked(file, &everyone, plan.slug());
    let people = all
        .into_iter()
        .map(|p| PersonRow {
            href: format!("/plans/{}/people/{}", plan.slug(), p.value.user.id),
            name: p.value.user.name.clone(),
            email: p.value.user.email.as_str().to_string(),
            organisation: organisation_name(file, p.value.organisation),
            role: p.value.user.role.as_str(),
            active: p.value.active,
        })
        .collect();
    let page = PeoplePage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        partnership: file.partnership.name.clone(),
        people,
        unlinked,
        candidates,
        linked,
        refusal,
    };
    Ok(page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    name: String,
    email: String,
    person: String,
}

/// `POST /plans/{slug}/people/link-lead`: names a person as the lead wherever the plan names
/// this lead as text (the same name and email), each place saved and audited as an edit.
pub async fn post_link_lead(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> Result<Response, AppError> {
    if form.person.trim().is_empty() {
        let refusal = format!("Choose the person who is {}", form.name.trim());
        let page = people_page(&state, &plan, None, Some(refusal)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let mut tx = state.db.write().await?;
    let candidates = candidates(&mut tx, plan.file.partnership.id).await?;
    let person = candidates.iter().find(|c| c.id.to_string() == form.person.trim()).ok_or(AppError::BadRequest)?;
    let key = (form.name.trim().to_lowercase(), form.email.trim().to_lowercase());
    let places: Vec<LeadOf> =
        lead_places(&plan.file).into_iter().filter(|(_, lead, _)| lead_key(lead) == key).map(|(p, _, _)| p).collect();
    if places.is_empty() {
        return Err(AppError::NotFound);
    }
    let lead = Lead {
        name: person.name.clone(),
        role: None,
        organisation: person.organisation,
        email: Some(person.email.clone()),
    };
    let changed = edit::set_leads(&mut tx, &plan.actor(), &places, &lead).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/{}/people?linked={changed}#leads", plan.slug())).into_response())
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    slug: String,
    id: String,
    person: Person,
    organisation: String,
    added: String,
    version: i64,
    /// The one-time link to set a password, just made: emailed, or shown once.
    link: Option<Link>,
    refusal: Option<String>,
}

/// What became of a one-time link just made.
pub enum Link {
    /// Emailed to the person (SMTP is set up); the admin never sees it.
    Emailed,
    /// Shown once to the admin to send, because email is not set up or could not be sent.
    Shown { address: String, why_not_emailed: Option<String> },
}

/// Emails the person their one-time link when SMTP is set up (`new`: their account was just
/// made), or else gives the link to show the admin once. The emailed link is on the service's
/// own address (`--base-url`), never on the Host the request named.
async fn deliver(state: &AppState, plan: &PlanAdmin, headers: &HeaderMap, user: &User, token: &str, new: bool) -> Link {
    let Some(mailer) = state.mail.as_deref() else {
        return Link::Shown { address: link_address(headers, token), why_not_emailed: None };
    };
    let address = format!("{}/password-reset/{token}", mailer.base_url);
    let partnership = &plan.file.partnership.name;
    let (subject, opening) = if new {
        (
            format!("Your account for {partnership}'s children and young people's plan"),
            format!("An account has been made for you on {partnership}'s children and young people's plan."),
        )
    } else {
        (
            format!("Set a new password for {partnership}'s children and young people's plan"),
            "You, or an administrator for you, asked for a new password.".to_string(),
        )
    };
    let body = format!(
        "Dear {},\n\n{opening}\n\nSet your password here. The link works once, within {} hours:\n\n{address}\n\nThen sign in with {}.\n\nIf you did not expect this email, you can ignore it.\n\n{partnership}\n",
        user.name,
        people::RESET_HOURS,
        user.email.as_str(),
    );
    match mailer.send(&user.name, user.email.as_str(), &subject, body).await {
        Ok(()) => Link::Emailed,
        Err(why) => {
            tracing::warn!(to = %user.email.as_str(), %why, "a link to set a password was not emailed");
            Link::Shown { address, why_not_emailed: Some(why) }
        }
    }
}

async fn person_page(
    state: &AppState,
    plan: &PlanAdmin,
    id: UserId,
    link: Option<Link>,
    refusal: Option<String>,
) -> Result<PersonPage, AppError> {
    let mut tx = state.db.read().await?;
    let found = people::get(&mut tx, plan.file.partnership.id, id).await?;
    tx.rollback().await?;
    Ok(PersonPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        id: id.to_string(),
        organisation: organisation_name(&plan.file, found.value.organisation),
        added: uk_date(found.value.created_at.date_naive()),
        person: found.value,
        version: found.version,
        link,
        refusal,
    })
}

/// A person of another partnership, or of none, is not found.
async fn require_person(state: &AppState, plan: &PlanAdmin, id: UserId) -> Result<(), AppError> {
    let mut tx = state.db.read().await?;
    people::get(&mut tx, plan.file.partnership.id, id).await?;
    tx.rollback().await?;
    Ok(())
}

fn person_id(text: &str) -> Result<UserId, AppError> {
    text.parse::<uuid::Uuid>().map(UserId).map_err(|_| AppError::NotFound)
}

/// The address of a one-time link, on the host the admin is using.
fn link_address(headers: &HeaderMap, token: &str) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if std::env::var("CYPP_SECURE_COOKIES").is_ok_and(|v| v == "1") { "https" } else { "http" };
    format!("{scheme}://{host}/password-reset/{token}")
}

/// `GET /plans/{slug}/people/{person}`
pub async fn get_person(
    State(state): State<AppState>,
    plan: PlanAdmin,
    Path((_, person)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    Ok(Html(person_page(&state, &plan, person_id(&person)?, None, None).await?.render()?))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    version: Version,
    #[serde(default)]
    active: String,
}

/// `POST /plans/{slug}/people/{person}/active`: deactivates (every session ends) or
/// reactivates a person.
pub async fn post_active(
    State(state): State<AppState>,
    plan: PlanAdmin,
    Path((_, person)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let id = person_id(&person)?;
    require_person(&state, &plan, id).await?;
    let active = match form.active.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest),
    };
    let mut tx = state.db.write().await?;
    match people::set_active(&mut tx, &plan.actor(), plan.file.partnership.id, id, active, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/people/{id}", plan.slug())).into_response())
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict { .. })) => {
            tx.rollback().await?;
            let refusal = match e {
                StoreError::Invalid(p) => p.0.into_iter().map(|p| p.message).collect::<Vec<_>>().join(" "),
                other => format!("{other}. The page now shows them as they are."),
            };
            let page = person_page(&state, &plan, id, None, Some(refusal)).await?;
            Ok((StatusCode::CONFLICT, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /plans/{slug}/people/{person}/reset`: a new one-time link to set a password, emailed
/// to them or shown once to the admin to send; any earlier link stops working.
pub async fn post_reset(
    State(state): State<AppState>,
    plan: PlanAdmin,
    headers: HeaderMap,
    Path((_, person)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let id = person_id(&person)?;
    let mut tx = state.db.write().await?;
    let found = people::get(&mut tx, plan.file.partnership.id, id).await?;
    let token = people::start_reset(&mut tx, &plan.actor(), id).await?;
    tx.commit().await?;
    let link = deliver(&state, &plan, &headers, &found.value.user, &token, false).await;
    let page = person_page(&state, &plan, id, Some(link), None).await?;
    // Not kept by any cache: the link is for this admin, once.
    Ok(Html(page.render()?).into_response())
}

/// The person form as posted.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PersonForm {
    version: Version,
    name: String,
    email: String,
    role: String,
    organisation: String,
}

impl PersonForm {
    fn fields(&self, file: &PlanFile, new: bool) -> Vec<Field> {
        let mut organisations = vec![(String::new(), "None of these".to_string())];
        organisations.extend(file.partnership.organisations.iter().map(|o| (o.id.to_string(), o.name.clone())));
        let mut fields = vec![Field::new("name", "Name", &self.name, Kind::Input)];
        if new {
            fields.push(
                Field::new("email", "Email address", &self.email, Kind::Input)
                    .hint("They sign in with it; it matches them to the items and actions they lead"),
            );
        }
        fields.push(Field::new("organisation", "Organisation", &self.organisation, Kind::Radios(organisations)));
        fields.push(Field::new("role", "Role", &self.role, super::edit::options(&ROLES)));
        fields
    }

    fn parsed(&self, file: &PlanFile) -> Result<(Role, Option<OrganisationId>), Problems> {
        let mut problems = Problems::default();
        let role = self.role.parse::<Role>().map_err(|_| problems.push("role", "Choose a role")).ok();
        let organisation = match self.organisation.trim() {
            "" => None,
            text => match text.parse::<OrganisationId>() {
                Ok(id) if file.partnership.organisations.iter().any(|o| o.id == id) => Some(id),
                _ => {
                    problems.push("organisation", "Choose one of the partnership's organisations");
                    None
                }
            },
        };
        match role {
            Some(role) if problems.is_empty() => Ok((role, organisation)),
            _ => Err(problems),
        }
    }
}

fn form_page(plan: &PlanAdmin, form: &PersonForm, new: Option<UserId>, problems: &Problems) -> FormPage {
    let mut fields = form.fields(&plan.file, new.is_none());
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    let slug = plan.slug();
    let (title, action, back) = match new {
        None => ("Add a person", format!("/plans/{slug}/people/new"), format!("/plans/{slug}/people")),
        Some(id) => {
            ("Change a person", format!("/plans/{slug}/people/{id}/edit"), format!("/plans/{slug}/people/{id}"))
        }
    };
    FormPage {
        chrome: plan.chrome(),
        title: title.into(),
        caption: plan.file.partnership.name.clone(),
        action,
        back,
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewPersonQuery {
    name: String,
    email: String,
}

/// `GET /plans/{slug}/people/new?name=…&email=…`: the form, filled in from a lead the plan
/// names but nobody matches.
pub async fn get_new_person(plan: PlanAdmin, Query(query): Query<NewPersonQuery>) -> Result<Html<String>, AppError> {
    let form = PersonForm { role: "lead".into(), name: query.name, email: query.email, ..PersonForm::default() };
    Ok(Html(form_page(&plan, &form, None, &Problems::default()).render()?))
}

/// `POST /plans/{slug}/people/new`: adds the person and shows the one-time link to send them.
pub async fn post_new_person(
    State(state): State<AppState>,
    plan: PlanAdmin,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> Result<Response, AppError> {
    let (role, organisation) = match form.parsed(&plan.file) {
        Ok(parsed) => parsed,
        Err(problems) => return form_page(&plan, &form, None, &problems).unprocessable(),
    };
    let fields = PersonFields { name: &form.name, email: &form.email, role, organisation };
    let mut tx = state.db.write().await?;
    match people::add(&mut tx, &plan.actor(), plan.file.partnership.id, &fields).await {
        Ok((user, token)) => {
            tx.commit().await?;
            let link = deliver(&state, &plan, &headers, &user, &token, true).await;
            let page = person_page(&state, &plan, user.id, Some(link), None).await?;
            Ok((StatusCode::CREATED, Html(page.render()?)).into_response())
        }
        Err(e) => {
            let problems = problems(e)?;
            form_page(&plan, &form, None, &problems).unprocessable()
        }
    }
}

/// `GET /plans/{slug}/people/{person}/edit`
pub async fn get_edit_person(
    State(state): State<AppState>,
    plan: PlanAdmin,
    Path((_, person)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let id = person_id(&person)?;
    let mut tx = state.db.read().await?;
    let found = people::get(&mut tx, plan.file.partnership.id, id).await?;
    tx.rollback().await?;
    let form = from_person(&found.value, found.version);
    Ok(Html(form_page(&plan, &form, Some(id), &Problems::default()).render()?))
}

fn from_person(person: &Person, version: i64) -> PersonForm {
    PersonForm {
        version: Version::new(version),
        name: person.user.name.clone(),
        email: person.user.email.as_str().to_string(),
        role: person.user.role.as_str().to_string(),
        organisation: person.organisation.map(|o| o.to_string()).unwrap_or_default(),
    }
}

/// `POST /plans/{slug}/people/{person}/edit`
pub async fn post_edit_person(
    State(state): State<AppState>,
    plan: PlanAdmin,
    Path((_, person)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> Result<Response, AppError> {
    let id = person_id(&person)?;
    require_person(&state, &plan, id).await?;
    let (role, organisation) = match form.parsed(&plan.file) {
        Ok(parsed) => parsed,
        Err(problems) => return form_page(&plan, &form, Some(id), &problems).unprocessable(),
    };
    let fields = PersonFields { name: &form.name, email: "", role, organisation };
    let mut tx = state.db.write().await?;
    match people::update(&mut tx, &plan.actor(), plan.file.partnership.id, id, &fields, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/people/{id}", plan.slug())).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let current = people::get(&mut tx, plan.file.partnership.id, id).await?;
            tx.rollback().await?;
            let theirs = from_person(&current.value, actual);
            let yours = PersonForm { version: Version::new(actual), ..form.clone() };
            let mut page = form_page(&plan, &yours, Some(id), &Problems::default());
            page.conflict = differences(theirs.fields(&plan.file, false), yours.fields(&plan.file, false));
            page.unprocessable()
        }
        Err(e) => {
            let problems = problems(e)?;
            form_page(&plan, &form, Some(id), &problems).unprocessable()
        }
    }
}
