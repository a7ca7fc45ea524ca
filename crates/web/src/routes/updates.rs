//! A lead's progress updates: "Your updates" (what the open round asks of the person signed
//! in), the update form for one item or action (RAG, the action's status, what is working
//! well, what we are worried about, what needs to happen next, evidence links; saved as a
//! draft or submitted), one update's page with every version, and an officer's decision on it
//! (accepted, or returned with a comment). The rules are the store's (`cypp_store::updates`).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::period::{uk_date, uk_time};
use cypp_domain::plain::Checker;
use cypp_domain::round::{NEXT_STEPS, WORKING_WELL, WORRIED_ABOUT};
use cypp_domain::{
    Action, ActionStatus, Ask, Identities, Lead, Link, PlanFile, PlanItem, Problems, Rag, Round, RoundStatus, Update,
    UpdateStatus, User,
};
use cypp_store::StoreError;
use cypp_store::updates::{self, Content, Decision, Intent};
use serde::Deserialize;

use super::edit::{Field, Kind, annotate, checker, options};
use crate::access::{ActionToUpdate, ItemToUpdate, PlanMember, RoundPath, UpdatePath, UpdateReviewer};
use crate::csrf::CsrfForm;
use crate::form::{Difference, Pairs, Version, differences};
use crate::page::Chrome;
use crate::views::{MeasureView, Names, Tag, measure_view, rag_tag};
use crate::{AppError, AppState};

/// The RAG ratings with what each means, as the form offers them.
const RAGS: [(&str, &str); 4] = [
    ("red", "Red: off track; it will not be delivered as planned without the board's help"),
    ("amber", "Amber: at risk; there are problems, and they are being managed"),
    ("green", "Green: on track"),
    ("blue", "Complete: done, nothing more to report"),
];

/// Evidence links the form has room for, each a title and an address.
const EVIDENCE: [(&str, &str); 5] = [
    ("evidence_1_title", "evidence_1_url"),
    ("evidence_2_title", "evidence_2_url"),
    ("evidence_3_title", "evidence_3_url"),
    ("evidence_4_title", "evidence_4_url"),
    ("evidence_5_title", "evidence_5_url"),
];

fn rag_word(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "red",
        Rag::Amber => "amber",
        Rag::Green => "green",
        Rag::Blue => "blue",
    }
}

/// What an update is on: an item or an action of the current revision.
enum Subject<'a> {
    Item(&'a PlanItem),
    Action(&'a Action, &'a PlanItem),
}

impl Subject<'_> {
    fn ask(&self) -> Ask {
        match self {
            Subject::Item(i) => Ask::Item(i.id),
            Subject::Action(a, _) => Ask::Action(a.id),
        }
    }

    fn title(&self) -> String {
        match self {
            Subject::Item(i) => i.heading(),
            Subject::Action(a, _) => a.title.clone(),
        }
    }

    fn lead(&self) -> Option<&Lead> {
        match self {
            Subject::Item(i) => i.officer_lead.as_ref(),
            Subject::Action(a, _) => a.lead.as_ref(),
        }
    }

    /// The measures beside the form: the item's own, or the action's item's.
    fn item(&self) -> &PlanItem {
        match self {
            Subject::Item(i) => i,
            Subject::Action(_, i) => i,
        }
    }

    fn is_action(&self) -> bool {
        matches!(self, Subject::Action(..))
    }

    fn form_path(&self, slug: &str, round: &Round) -> String {
        match self {
            Subject::Item(i) => format!("/plans/{slug}/rounds/{}/items/{}/update", round.id, i.id),
            Subject::Action(a, _) => format!("/plans/{slug}/rounds/{}/actions/{}/update", round.id, a.id),
        }
    }
}

fn subject(file: &PlanFile, ask: Ask) -> Option<Subject<'_>> {
    for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
        match ask {
            Ask::Item(id) if item.id == id => return Some(Subject::Item(item)),
            Ask::Action(id) => {
                if let Some(action) = item.actions.iter().find(|a| a.id == id) {
                    return Some(Subject::Action(action, item));
                }
            }
            Ask::Item(_) => {}
        }
    }
    None
}

/// Whether `user` is the lead `lead` names (by email, as the plan's leads are matched).
fn leads(user: &User, lead: Option<&Lead>) -> bool {
    lead.and_then(|l| l.email.as_deref()).is_some_and(|e| e.trim().eq_ignore_ascii_case(user.email.as_str()))
}

pub fn state_tag(update: Option<&Update>) -> Tag {
    match update.map(|u| u.status) {
        None => Tag { label: "Not started", class: "govuk-tag--grey" },
        Some(UpdateStatus::Draft) => Tag { label: "Draft", class: "govuk-tag--yellow" },
        Some(UpdateStatus::Submitted) => Tag { label: "Submitted", class: "govuk-tag--blue" },
        Some(UpdateStatus::Accepted) => Tag { label: "Accepted", class: "govuk-tag--green" },
        Some(UpdateStatus::Returned) => Tag { label: "Returned", class: "govuk-tag--red" },
    }
}

/// The round before `round` that has an update on `ask`: what the lead said last time.
fn last_time<'a>(file: &'a PlanFile, round: &Round, ask: Ask, ids: &Identities) -> Option<(&'a Round, &'a Update)> {
    let at = file.rounds.iter().position(|r| r.id == round.id)?;
    file.rounds[..at].iter().rev().find_map(|r| r.update_on(ask, ids).filter(|u| u.is_given()).map(|u| (r, u)))
}

pub struct AskedOfYou {
    pub title: String,
    pub kind: &'static str,
    pub href: String,
    pub state: Tag,
    pub comment: Option<String>,
}

#[derive(Template)]
#[template(path = "my_updates.html")]
struct MyUpdatesPage {
    chrome: Chrome,
    slug: String,
    title: String,
    /// The open round's name and due date, with how many days are left (or overdue).
    round: Option<(String, String, String)>,
    asked: Vec<AskedOfYou>,
}

/// `GET /plans/{slug}/my-updates`: what the open round asks of the person signed in.
pub async fn get_my_updates(plan: PlanMember) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let slug = plan.slug();
    let ids = Identities::of(file);
    let open = file.rounds.iter().find(|r| r.status == RoundStatus::Open);
    let mut asked = Vec::new();
    let mut round_view = None;
    if let Some(round) = open {
        let (when, _) = cypp_domain::period::days_left(round.due_on, chrono::Utc::now().date_naive());
        round_view = Some((round.name.clone(), uk_date(round.due_on), when));
        for ask in round.asks(&file.items, &ids) {
            let Some(subject) = subject(file, ask) else { continue };
            if !leads(plan.user(), subject.lead()) {
                continue;
            }
            let update = round.update_on(ask, &ids);
            asked.push(AskedOfYou {
                title: subject.title(),
                kind: if subject.is_action() { "Action" } else { "Item" },
                href: subject.form_path(slug, round),
                state: state_tag(update),
                comment: update
                    .filter(|u| u.status == UpdateStatus::Returned)
                    .and_then(|u| u.review.as_ref().and_then(|r| r.comment.clone())),
            });
        }
    }
    let page = MyUpdatesPage {
        chrome: plan.chrome(),
        slug: slug.to_string(),
        title: file.plan.title.clone(),
        round: round_view,
        asked,
    };
    Ok(Html(page.render()?))
}

/// The update form as posted.
#[derive(Clone)]
struct UpdateForm {
    version: Version,
    rag: String,
    action_status: String,
    working_well: String,
    worried_about: String,
    next_steps: String,
    evidence: Vec<(String, String)>,
    intent: Intent,
}

impl UpdateForm {
    fn from_pairs(pairs: &Pairs) -> UpdateForm {
        UpdateForm {
            version: pairs.version,
            rag: pairs.get("rag").to_string(),
            action_status: pairs.get("action_status").to_string(),
            working_well: pairs.get("working_well").to_string(),
            worried_about: pairs.get("worried_about").to_string(),
            next_steps: pairs.get("next_steps").to_string(),
            evidence: EVIDENCE.iter().map(|(t, u)| (pairs.get(t).to_string(), pairs.get(u).to_string())).collect(),
            intent: if pairs.get("intent") == "submit" { Intent::Submit } else { Intent::Draft },
        }
    }

    fn from_update(update: Option<&Update>, version: i64) -> UpdateForm {
        let text = |t: Option<&String>| t.cloned().unwrap_or_default();
        let mut evidence: Vec<(String, String)> =
            update.map(|u| u.evidence.iter().map(|l| (l.title.clone(), l.url.clone())).collect()).unwrap_or_default();
        evidence.resize(EVIDENCE.len().max(evidence.len()), (String::new(), String::new()));
        UpdateForm {
            version: Version::new(version),
            rag: update.and_then(|u| u.rag).map(rag_word).unwrap_or_default().to_string(),
            action_status: update
                .and_then(|u| u.action_status)
                .map(ActionStatus::as_str)
                .unwrap_or_default()
                .to_string(),
            working_well: text(update.and_then(|u| u.working_well.as_ref())),
            worried_about: text(update.and_then(|u| u.worried_about.as_ref())),
            next_steps: text(update.and_then(|u| u.next_steps.as_ref())),
            evidence,
            intent: Intent::Draft,
        }
    }

    fn fields(&self, action: bool) -> Vec<Field> {
        let mut fields = vec![Field::new("rag", "How is it going?", &self.rag, options(&RAGS))];
        if action {
            fields.push(Field::new(
                "action_status",
                "The action's status",
                &self.action_status,
                super::edit::action::status_choices(),
            ));
        }
        fields.push(
            Field::new("working_well", WORKING_WELL, &self.working_well, Kind::Textarea(4))
                .hint("What has gone well since the last round, with figures where you have them"),
        );
        fields.push(
            Field::new("worried_about", WORRIED_ABOUT, &self.worried_about, Kind::Textarea(4))
                .hint("What is not going as planned, and why"),
        );
        fields.push(
            Field::new("next_steps", NEXT_STEPS, &self.next_steps, Kind::Textarea(4))
                .hint("Who will do what, and by when; say if the board needs to help"),
        );
        for (i, (title_name, url_name)) in EVIDENCE.iter().enumerate() {
            let (title, url) = self.evidence.get(i).cloned().unwrap_or_default();
            fields.push(
                Field::new(title_name, EVIDENCE_LABELS[i].0, &title, Kind::Input)
                    .hint("Optional: what the evidence is, such as Q3 attendance report"),
            );
            fields.push(
                Field::new(url_name, EVIDENCE_LABELS[i].1, &url, Kind::Input)
                    .hint("Its web address, starting https://"),
            );
        }
        fields
    }

    /// What the form says, or what is wrong with it.
    fn content(&self) -> Result<Content, Problems> {
        let mut problems = Problems::default();
        let rag = match self.rag.trim() {
            "" => None,
            word => match RAGS.iter().position(|(w, _)| *w == word) {
                Some(i) => Some([Rag::Red, Rag::Amber, Rag::Green, Rag::Blue][i]),
                None => {
                    problems.push("rag", "Choose a RAG rating from the list");
                    None
                }
            },
        };
        let action_status = match self.action_status.trim() {
            "" => None,
            word => match ActionStatus::from_word(word) {
                Some(status) => Some(status),
                None => {
                    problems.push("action_status", "Choose the action's status from the list");
                    None
                }
            },
        };
        let mut evidence = Vec::new();
        for (i, (title, url)) in self.evidence.iter().enumerate().take(EVIDENCE.len()) {
            let (title, url) = (title.trim(), url.trim());
            match (title.is_empty(), url.is_empty()) {
                (true, true) => {}
                (true, false) => problems.push(EVIDENCE[i].0, "Say what this evidence is"),
                (false, true) => problems.push(EVIDENCE[i].1, "Enter the evidence's web address, starting https://"),
                (false, false) => evidence.push(Link { title: title.to_string(), url: url.to_string() }),
            }
        }
        let content = Content {
            rag,
            action_status,
            working_well: super::edit::optional(&self.working_well),
            worried_about: super::edit::optional(&self.worried_about),
            next_steps: super::edit::optional(&self.next_steps),
            evidence,
        };
        if problems.is_empty() { Ok(content) } else { Err(problems) }
    }
}

const EVIDENCE_LABELS: [(&str, &str); 5] = [
    ("Evidence 1: title", "Evidence 1: web address"),
    ("Evidence 2: title", "Evidence 2: web address"),
    ("Evidence 3: title", "Evidence 3: web address"),
    ("Evidence 4: title", "Evidence 4: web address"),
    ("Evidence 5: title", "Evidence 5: web address"),
];

/// The store's paths for evidence ("evidence[1].url") as the form's field names.
fn form_problems(problems: Problems) -> Problems {
    let mut out = Problems::default();
    for p in problems.0 {
        let path = match p.path.strip_prefix("evidence[") {
            Some(rest) => {
                let (index, field) = rest.split_once("].").unwrap_or(("0", "url"));
                let i = index.parse::<usize>().unwrap_or(0).min(EVIDENCE.len() - 1);
                if field == "title" { EVIDENCE[i].0 } else { EVIDENCE[i].1 }.to_string()
            }
            None => p.path,
        };
        out.push(path, p.message);
    }
    out
}

#[derive(Template)]
#[template(path = "update_form.html")]
struct UpdateFormPage {
    chrome: Chrome,
    title: String,
    round: String,
    due: String,
    action: String,
    back: String,
    version: i64,
    state: Tag,
    /// Why it was returned, and by whom.
    returned: Option<(String, String)>,
    last_time: Option<LastTime>,
    figures: Vec<MeasureView>,
    fields: Vec<Field>,
    conflict: Vec<Difference>,
    /// Why a save was refused as a whole (an accepted update, say).
    refusal: Option<String>,
}

/// What was said about it in the last round that had an update on it.
pub struct LastTime {
    pub round: String,
    pub rag: Option<Tag>,
    pub said: Vec<(&'static str, String)>,
}

impl UpdateFormPage {
    fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

struct Target<'a> {
    plan: &'a PlanMember,
    round: &'a Round,
    subject: Subject<'a>,
}

impl Target<'_> {
    fn existing(&self, ids: &Identities) -> Option<&Update> {
        self.round.update_on(self.subject.ask(), ids)
    }

    fn page(&self, form: &UpdateForm, problems: &Problems, existing: Option<&Update>) -> UpdateFormPage {
        let file = &*self.plan.file;
        let ids = Identities::of(file);
        let revision = file.current();
        let names = Names::new(&file.partnership, &revision, &file.measures);
        let mut fields = form.fields(self.subject.is_action());
        annotate(&mut fields, problems, &checker(file));
        let refusal = problems.for_path("").map(|p| p.message.clone()).reduce(|a, b| format!("{a} {b}"));
        let last = last_time(file, self.round, self.subject.ask(), &ids).map(|(round, u)| LastTime {
            round: round.name.clone(),
            rag: u.rag.map(rag_tag),
            said: u.said(),
        });
        let figures = self
            .subject
            .item()
            .measures
            .iter()
            .filter_map(|id| file.measures.iter().find(|m| m.id == *id))
            .map(|m| MeasureView {
                href: format!("/plans/{}/measures/{}", file.plan.slug, m.slug),
                ..measure_view(m, &names)
            })
            .collect();
        UpdateFormPage {
            chrome: self.plan.chrome(),
            title: self.subject.title(),
            round: self.round.name.clone(),
            due: uk_date(self.round.due_on),
            action: self.subject.form_path(&file.plan.slug, self.round),
            back: format!("/plans/{}/my-updates", file.plan.slug),
            version: form.version.shown(),
            state: state_tag(existing),
            returned: existing.filter(|u| u.status == UpdateStatus::Returned).and_then(|u| {
                u.review
                    .as_ref()
                    .map(|r| (r.comment.clone().unwrap_or_default(), format!("{}, {}", r.by, uk_time(r.at))))
            }),
            last_time: last,
            figures,
            fields,
            conflict: Vec::new(),
            refusal,
        }
    }
}

async fn show(state: &AppState, target: Target<'_>) -> Result<Response, AppError> {
    if target.round.status != RoundStatus::Open {
        return Err(StoreError::Closed(format!("The round \"{}\" is not open", target.round.name)).into());
    }
    let ids = Identities::of(&target.plan.file);
    let existing = target.existing(&ids);
    let version = match existing {
        Some(u) => {
            let mut tx = state.db.read().await?;
            let found = updates::get(&mut tx, target.round.id, u.id).await?;
            tx.rollback().await?;
            found.version
        }
        None => 0,
    };
    let form = UpdateForm::from_update(existing, version);
    Ok(Html(target.page(&form, &Problems::default(), existing).render()?).into_response())
}

async fn save(state: &AppState, target: Target<'_>, pairs: Pairs) -> Result<Response, AppError> {
    let file = &*target.plan.file;
    let ids = Identities::of(file);
    let existing = target.existing(&ids);
    let form = UpdateForm::from_pairs(&pairs);
    let rerender = |problems: &Problems, conflict: Vec<Difference>, form: &UpdateForm| -> Result<Response, AppError> {
        let mut page = target.page(form, problems, existing);
        page.conflict = conflict;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
    };
    let content = match form.content() {
        Ok(content) => content,
        Err(problems) => return rerender(&problems, Vec::new(), &form),
    };
    let actor = target.plan.actor();
    let mut tx = state.db.write().await?;
    let saved = match existing {
        Some(update) => {
            updates::save(&mut tx, &actor, target.round.id, update.id, &content, form.intent, form.version.get()?)
                .await
                .map(|_| ())
        }
        None => {
            let user = target.plan.user();
            let draft = Update::draft(target.subject.ask(), &user.name, Some(user.email.as_str().to_string()));
            updates::create(&mut tx, &actor, target.round.id, draft, &content, form.intent).await.map(|_| ())
        }
    };
    match saved {
        Ok(()) => {
            tx.commit().await?;
            let to = match form.intent {
                Intent::Submit => format!("/plans/{}/my-updates?submitted=1", file.plan.slug),
                Intent::Draft => target.subject.form_path(&file.plan.slug, target.round),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Invalid(problems)) => rerender(&form_problems(problems), Vec::new(), &form),
        Err(StoreError::Conflict { actual, .. }) => {
            // Someone else saved first: show theirs beside what was typed, and keep the typing.
            let theirs = match existing {
                Some(u) => updates::get(&mut tx, target.round.id, u.id).await?.value,
                None => return Err(AppError::BadRequest),
            };
            tx.rollback().await?;
            let theirs = UpdateForm::from_update(Some(&theirs), actual);
            let yours = UpdateForm { version: Version::new(actual), ..form.clone() };
            let action = target.subject.is_action();
            rerender(&Problems::default(), differences(theirs.fields(action), yours.fields(action)), &yours)
        }
        Err(e) => Err(e.into()),
    }
}

fn round_of(plan: &PlanMember, index: usize) -> &Round {
    &plan.file.rounds[index]
}

/// Only the round's asks can be updated in it.
fn asked<'a>(plan: &'a PlanMember, round: &'a Round, ask: Ask) -> Result<Subject<'a>, AppError> {
    let ids = Identities::of(&plan.file);
    if !round.asks(&plan.file.items, &ids).contains(&ask) {
        return Err(AppError::NotFound);
    }
    subject(&plan.file, ask).ok_or(AppError::NotFound)
}

/// `GET /plans/{slug}/rounds/{round}/items/{item}/update`
pub async fn get_item_update(
    State(state): State<AppState>,
    target: ItemToUpdate,
    RoundPath { index }: RoundPath,
) -> Result<Response, AppError> {
    let round = round_of(&target.plan, index);
    let subject = asked(&target.plan, round, Ask::Item(target.id))?;
    show(&state, Target { plan: &target.plan, round, subject }).await
}

/// `POST /plans/{slug}/rounds/{round}/items/{item}/update`
pub async fn post_item_update(
    State(state): State<AppState>,
    target: ItemToUpdate,
    RoundPath { index }: RoundPath,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let round = round_of(&target.plan, index);
    let subject = asked(&target.plan, round, Ask::Item(target.id))?;
    save(&state, Target { plan: &target.plan, round, subject }, pairs).await
}

/// `GET /plans/{slug}/rounds/{round}/actions/{action}/update`
pub async fn get_action_update(
    State(state): State<AppState>,
    target: ActionToUpdate,
    RoundPath { index }: RoundPath,
) -> Result<Response, AppError> {
    let round = round_of(&target.plan, index);
    let subject = asked(&target.plan, round, Ask::Action(target.id))?;
    show(&state, Target { plan: &target.plan, round, subject }).await
}

/// `POST /plans/{slug}/rounds/{round}/actions/{action}/update`
pub async fn post_action_update(
    State(state): State<AppState>,
    target: ActionToUpdate,
    RoundPath { index }: RoundPath,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let round = round_of(&target.plan, index);
    let subject = asked(&target.plan, round, Ask::Action(target.id))?;
    save(&state, Target { plan: &target.plan, round, subject }, pairs).await
}

pub struct VersionRow {
    pub when: String,
    pub by: String,
    pub event: String,
    pub rag: Option<Tag>,
    pub said: Vec<(&'static str, String)>,
    pub comment: Option<String>,
}

#[derive(Template)]
#[template(path = "update.html")]
struct UpdatePage {
    chrome: Chrome,
    slug: String,
    round_id: String,
    update_id: String,
    round: String,
    title: String,
    author: String,
    state: Tag,
    rag: Option<Tag>,
    said: Vec<(&'static str, String)>,
    evidence: Vec<(String, String)>,
    review: Option<(String, String)>,
    versions: Vec<VersionRow>,
    /// The version for the decision form, when the visitor may decide and the update waits for it.
    decide: Option<i64>,
    /// For the partnership's admins, once the update is accepted: the public site's summary.
    publish: Option<Publishing>,
    refusal: Option<String>,
}

/// The form that puts an accepted update on the public site, or takes it off.
struct Publishing {
    version: i64,
    /// The public summary as saved, or, before there is one, the lead's words to start from.
    summary: String,
    /// What the easy read says of it, one short sentence a line.
    easy_words: String,
    /// Who put it on the public site and when, if it is there.
    public: Option<String>,
}

async fn update_page(
    state: &AppState,
    file: &PlanFile,
    chrome: Chrome,
    user: &User,
    (round, update): (usize, usize),
    refusal: Option<String>,
) -> Result<UpdatePage, AppError> {
    let round = &file.rounds[round];
    let update = &round.updates[update];
    let may_decide = user.may_review(file, update);
    // A draft is its author's until it is submitted (and an officer's, to help).
    let own = update.author_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(user.email.as_str()));
    if update.status == UpdateStatus::Draft && !own && !may_decide {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.read().await?;
    let version = updates::get(&mut tx, round.id, update.id).await?.version;
    tx.rollback().await?;
    let title = update
        .item
        .map(Ask::Item)
        .or(update.action.map(Ask::Action))
        .and_then(|ask| {
            let ids = Identities::of(file);
            round.asks(&file.items, &ids).into_iter().find(|a| match (a, ask) {
                (Ask::Item(x), Ask::Item(y)) => ids.item(*x) == ids.item(y),
                (Ask::Action(x), Ask::Action(y)) => ids.action(*x) == ids.action(y),
                _ => false,
            })
        })
        .and_then(|ask| subject(file, ask).map(|s| s.title()))
        .unwrap_or_else(|| "An item no longer in the plan".into());
    let versions = update
        .versions
        .iter()
        .rev()
        .map(|v| VersionRow {
            when: uk_time(v.at),
            by: v.by.clone(),
            event: v.event.clone(),
            rag: v.rag.map(rag_tag),
            said: v.said(),
            comment: v.comment.clone(),
        })
        .collect();
    Ok(UpdatePage {
        chrome,
        slug: file.plan.slug.clone(),
        round_id: round.id.to_string(),
        update_id: update.id.to_string(),
        round: round.name.clone(),
        title,
        author: update.author.clone(),
        state: state_tag(Some(update)),
        rag: update.rag.map(rag_tag),
        said: update.said(),
        evidence: update.evidence.iter().map(|l| (l.title.clone(), l.url.clone())).collect(),
        review: update
            .review
            .as_ref()
            .map(|r| (r.comment.clone().unwrap_or_default(), format!("{}, {}", r.by, uk_time(r.at)))),
        versions,
        decide: (may_decide && update.status == UpdateStatus::Submitted && round.status == RoundStatus::Open)
            .then_some(version),
        publish: (update.status == UpdateStatus::Accepted
            && <crate::access::Manage as crate::access::Rule>::allows(Some(user), file))
        .then(|| Publishing {
            version,
            summary: update
                .public
                .as_ref()
                .map(|p| p.text.clone())
                .or_else(|| update.working_well.clone())
                .unwrap_or_default(),
            easy_words: update.public.as_ref().and_then(|p| p.easy_words.clone()).unwrap_or_default(),
            public: update.public.as_ref().map(|p| format!("Put there by {} on {}", p.by, uk_time(p.at))),
        }),
        refusal,
    })
}

/// `GET /plans/{slug}/rounds/{round}/updates/{update}`: one update, every version of it, and
/// for officers the decision.
pub async fn get_update(
    State(state): State<AppState>,
    plan: PlanMember,
    path: UpdatePath,
) -> Result<Html<String>, AppError> {
    let page = update_page(&state, &plan.file, plan.chrome(), plan.user(), (path.round, path.update), None).await?;
    Ok(Html(page.render()?))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    version: Version,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

#[derive(Deserialize)]
pub struct PublicForm {
    #[serde(default)]
    version: Version,
    /// "public" to put it on the public site (or change its summary), "private" to take it off.
    #[serde(default)]
    to: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    easy_words: String,
}

/// `POST /plans/{slug}/rounds/{round}/updates/{update}/public`: an admin puts an accepted
/// update on the public site with a summary, or takes it off.
pub async fn post_public(
    State(state): State<AppState>,
    plan: crate::access::PlanAdmin,
    path: UpdatePath,
    CsrfForm(form): CsrfForm<PublicForm>,
) -> Result<Response, AppError> {
    let file = &*plan.file;
    let mut easy = Problems::default();
    let easy_words = super::easy_read::easy_words(&form.easy_words, "easy_words", &Checker::for_plan(file), &mut easy);
    let words = match form.to.as_str() {
        "public" => Some(updates::PublicWords { summary: form.summary.clone(), easy_words }),
        "private" => None,
        _ => return Err(AppError::BadRequest),
    };
    let round = &file.rounds[path.round];
    let update = &round.updates[path.update];
    let threshold = cypp_analytics::suppress::DEFAULT_THRESHOLD;
    let mut tx = state.db.write().await?;
    let published = if easy.is_empty() || words.is_none() {
        updates::publish(&mut tx, &plan.actor(), round.id, update.id, words, threshold, form.version.get()?).await
    } else {
        Err(StoreError::Invalid(easy))
    };
    match published {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/rounds/{}/updates/{}", plan.slug(), round.id, update.id))
                .into_response())
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict { .. })) => {
            tx.rollback().await?;
            let refusal = match e {
                StoreError::Invalid(p) => p.0.into_iter().map(|p| p.message).collect::<Vec<_>>().join(" "),
                other => format!("{other}. The page now shows the update as it is."),
            };
            let mut page =
                update_page(&state, file, plan.chrome(), plan.user(), (path.round, path.update), Some(refusal)).await?;
            // The summary as written, to put right.
            if let Some(publishing) = page.publish.as_mut() {
                publishing.summary = form.summary;
                publishing.easy_words = form.easy_words;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /plans/{slug}/rounds/{round}/updates/{update}/review`: an officer accepts the update
/// or returns it to its lead with a comment.
pub async fn post_review(
    State(state): State<AppState>,
    UpdateReviewer { plan, path }: UpdateReviewer,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let decision = match form.decision.as_str() {
        "accept" => Decision::Accept,
        "return" => Decision::Return,
        _ => return Err(AppError::BadRequest),
    };
    let file = &*plan.file;
    let round = &file.rounds[path.round];
    let update = &round.updates[path.update];
    let mut tx = state.db.write().await?;
    let comment = super::edit::optional(&form.comment);
    match updates::review(&mut tx, &plan.actor(), round.id, update.id, decision, comment, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/rounds/{}", plan.slug(), round.id)).into_response())
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Conflict { .. })) => {
            tx.rollback().await?;
            let refusal = match e {
                StoreError::Invalid(p) => p.0.into_iter().map(|p| p.message).collect::<Vec<_>>().join(" "),
                other => format!("{other}. The page now shows the update as it is."),
            };
            let page =
                update_page(&state, file, plan.chrome(), plan.user(), (path.round, path.update), Some(refusal)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
