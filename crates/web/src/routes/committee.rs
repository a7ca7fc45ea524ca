//! The committee progress report of a round: `/plans/{slug}/rounds/{round}/report`, where an
//! editor writes what the report says around the leads' accepted updates (the heading table,
//! summary, recommendations, finance, risks, implications, background papers, contact)
//! before exporting it. Saved with the round, each save kept as a version and audited
//! (`cypp_store::rounds::save_report`); two people saving at once are shown each other's
//! words rather than one losing theirs.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{CommitteeText, Problems, Round};
use cypp_publish::progress::{report_title, unwritten};
use cypp_store::{StoreError, rounds};

use super::download::{ROUND_FORMATS, RoundReport};
use super::edit::{Field, Kind, annotate, checker, date, date_parts};
use crate::access::{PlanEditor, RoundPath};
use crate::csrf::CsrfForm;
use crate::form::{Difference, Pairs, Version, optional, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// The form as posted: every part as typed.
struct CommitteeForm {
    version: Version,
    meeting: String,
    meeting_on: (String, String, String),
    title: String,
    directorate: String,
    summary: String,
    recommendations: String,
    proposals: String,
    finance: String,
    risks: String,
    implications: String,
    background_papers: String,
    contact: String,
}

impl CommitteeForm {
    fn from_pairs(pairs: &Pairs) -> CommitteeForm {
        let get = |name: &str| pairs.get(name).to_string();
        CommitteeForm {
            version: pairs.version,
            meeting: get("meeting"),
            meeting_on: (get("meeting_on_day"), get("meeting_on_month"), get("meeting_on_year")),
            title: get("title"),
            directorate: get("directorate"),
            summary: get("summary"),
            recommendations: get("recommendations"),
            proposals: get("proposals"),
            finance: get("finance"),
            risks: get("risks"),
            implications: get("implications"),
            background_papers: get("background_papers"),
            contact: get("contact"),
        }
    }

    fn from_round(round: &Round, version: i64) -> CommitteeForm {
        let text = round.report.as_ref().map(|r| r.text.clone()).unwrap_or_default();
        let shown = |v: &Option<String>| v.clone().unwrap_or_default();
        CommitteeForm {
            version: Version::new(version),
            meeting: shown(&text.meeting),
            meeting_on: date_parts(text.meeting_on),
            title: shown(&text.title),
            directorate: shown(&text.directorate),
            summary: shown(&text.summary),
            recommendations: text.recommendations.join("\n"),
            proposals: shown(&text.proposals),
            finance: shown(&text.finance),
            risks: shown(&text.risks),
            implications: shown(&text.implications),
            background_papers: shown(&text.background_papers),
            contact: shown(&text.contact),
        }
    }

    fn fields(&self) -> Vec<Field> {
        let (day, month, year) = &self.meeting_on;
        let area = |name, label, value: &str, rows| Field::new(name, label, value, Kind::Textarea(rows));
        vec![
            Field::new("meeting", "Meeting", &self.meeting, Kind::Input)
                .hint("The board or committee the report goes to, for example Children and Young People's Partnership Board"),
            Field::new(
                "meeting_on",
                "Date of the meeting",
                &format!("{day}/{month}/{year}"),
                Kind::Date { day: day.clone(), month: month.clone(), year: year.clone() },
            )
            .hint("For example, 14 1 2027"),
            Field::new("title", "Title (optional)", &self.title, Kind::Input)
                .hint("Left blank, the plan's title and the round's name"),
            Field::new("directorate", "Directorate", &self.directorate, Kind::Input)
                .hint("The part of the council the report comes from, for example Children's Services"),
            area("summary", "Summary", &self.summary, 6),
            area("recommendations", "Recommendations", &self.recommendations, 5)
                .hint("One on each line; the report numbers them (i), (ii), (iii)"),
            area("proposals", "Proposals and details: opening words (optional)", &self.proposals, 4)
                .hint("Before the leads' updates on each part of the plan, which the report adds itself"),
            area("finance", "Finance", &self.finance, 4),
            area("risks", "Risks and uncertainties", &self.risks, 4),
            area("implications", "Policy and performance agenda implications", &self.implications, 4),
            area("background_papers", "Background papers and consultation", &self.background_papers, 3),
            Field::new("contact", "Contact", &self.contact, Kind::Input)
                .hint("Name, job title, email and telephone, for example Jo Bloggs, Performance Manager, jo.bloggs@example.gov.uk"),
        ]
    }

    /// The text the form gives, or what is wrong with it.
    fn text(&self) -> Result<CommitteeText, Problems> {
        let mut problems = Problems::default();
        let (day, month, year) = &self.meeting_on;
        let meeting_on = date("meeting_on", day, month, year, &mut problems);
        let text = CommitteeText {
            meeting: optional(&self.meeting),
            meeting_on,
            title: optional(&self.title),
            directorate: optional(&self.directorate),
            summary: optional(&self.summary),
            recommendations: self
                .recommendations
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            proposals: optional(&self.proposals),
            finance: optional(&self.finance),
            risks: optional(&self.risks),
            implications: optional(&self.implications),
            background_papers: optional(&self.background_papers),
            contact: optional(&self.contact),
        };
        if problems.is_empty() { Ok(text) } else { Err(problems) }
    }
}

/// An earlier save of the report, for the list under the form.
struct Saved {
    by: String,
    at: String,
}

#[derive(Template)]
#[template(path = "committee.html")]
struct CommitteePage {
    chrome: Chrome,
    title: String,
    caption: String,
    action: String,
    back: String,
    version: i64,
    fields: Vec<Field>,
    conflict: Vec<Difference>,
    /// The parts not written yet: the report prints "To be written." in their place.
    unwritten: Vec<&'static str>,
    downloads: Vec<RoundReport>,
    /// The last save, then the earlier ones, newest first.
    saves: Vec<Saved>,
    round_name: String,
    history: String,
}

impl CommitteePage {
    fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

fn page(plan: &PlanEditor, round: &Round, form: &CommitteeForm, problems: &Problems) -> CommitteePage {
    let file = &plan.file;
    let mut fields = form.fields();
    annotate(&mut fields, problems, &checker(file));
    let saved = round.report.as_ref();
    let mut saves: Vec<Saved> = saved
        .map(|r| {
            std::iter::once(Saved { by: r.saved_by.clone(), at: cypp_domain::period::uk_time(r.saved_at) })
                .chain(
                    r.versions.iter().rev().map(|v| Saved { by: v.by.clone(), at: cypp_domain::period::uk_time(v.at) }),
                )
                .collect()
        })
        .unwrap_or_default();
    saves.truncate(20);
    CommitteePage {
        chrome: plan.chrome(),
        title: "The committee progress report".into(),
        caption: report_title(file, round),
        action: format!("/plans/{}/rounds/{}/report", plan.slug(), round.id),
        back: format!("/plans/{}/rounds/{}", plan.slug(), round.id),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
        unwritten: unwritten(&saved.map(|r| r.text.clone()).unwrap_or_default()),
        downloads: ROUND_FORMATS
            .iter()
            .map(|(format, label)| RoundReport {
                name: format!("/plans/{}/rounds/{}/reports/progress.{}", plan.slug(), round.id, format.extension()),
                label,
            })
            .collect(),
        saves,
        round_name: round.name.clone(),
        history: format!("/plans/{}/history?record={}", plan.slug(), round.id),
    }
}

/// `GET /plans/{slug}/rounds/{round}/report`
pub async fn get_report(
    State(state): State<AppState>,
    plan: PlanEditor,
    RoundPath { index }: RoundPath,
) -> Result<Response, AppError> {
    let file = &*plan.file;
    let round = &file.rounds[index];
    let mut tx = state.db.read().await?;
    let version = rounds::get(&mut tx, file.plan.id, round.id).await?.version;
    tx.rollback().await?;
    let form = CommitteeForm::from_round(round, version);
    Ok(Html(page(&plan, round, &form, &Problems::default()).render()?).into_response())
}

/// `POST /plans/{slug}/rounds/{round}/report`: saves the officer's parts, then shows the page
/// again with what is still to write and the report to download.
pub async fn post_report(
    State(state): State<AppState>,
    plan: PlanEditor,
    RoundPath { index }: RoundPath,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let form = CommitteeForm::from_pairs(&pairs);
    let file = &*plan.file;
    let round = &file.rounds[index];
    let unprocessable = |problems: &Problems| -> Result<Response, AppError> {
        let page = page(&plan, round, &form, problems);
        Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
    };
    let text = match form.text() {
        Ok(text) => text,
        Err(problems) => return unprocessable(&problems),
    };
    let mut tx = state.db.write().await?;
    match rounds::save_report(&mut tx, &plan.actor(), file.plan.id, round.id, &text, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/rounds/{}/report", plan.slug(), round.id)).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            tx.rollback().await?;
            let theirs = CommitteeForm::from_round(round, actual);
            let yours = CommitteeForm { version: Version::new(actual), ..form };
            let mut shown = page(&plan, round, &yours, &Problems::default());
            shown.conflict = crate::form::differences(theirs.fields(), yours.fields());
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(shown.render()?)).into_response())
        }
        Err(e) => {
            let problems = problems(e)?;
            unprocessable(&problems)
        }
    }
}
