//! Editing forms, GOV.UK style: an error summary at the top, each message beside its field,
//! the user's input kept. Each text field shows its plain-English warnings. A save based on a
//! version someone else has since changed shows both versions side by side and keeps the
//! user's input in the form, so neither is lost.

pub mod action;
pub mod figure;
pub mod import;
pub mod item;
pub mod lists;
pub mod measure;
pub mod settings;
pub mod target;
pub mod tree;

pub use crate::form::{Difference, Field, Kind, annotate};

use chrono::NaiveDate;
use cypp_domain::plain::Checker;
use cypp_domain::{PlanFile, Problems};

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cypp_store::StoreError;
use cypp_store::sessions::Session;

use crate::AppError;
use crate::page::Chrome;

/// "Delete this?", with a warning and, after a refusal, why.
#[derive(askama::Template)]
#[template(path = "edit/confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    pub title: String,
    pub warning: String,
    pub action: String,
    pub back: String,
    pub version: i64,
    pub refusal: Option<String>,
}

/// What a delete confirmation page says and where its buttons go.
pub struct Deletion {
    pub title: String,
    pub warning: String,
    pub action: String,
    pub back: String,
}

impl Deletion {
    /// The confirmation page for the record at `version`, saying why a delete was refused if
    /// it was.
    pub fn respond(self, session: Session, version: i64, refusal: Option<String>) -> Result<Response, AppError> {
        let status = if refusal.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        let page = ConfirmPage {
            chrome: Chrome::signed_in(&session),
            title: self.title,
            warning: self.warning,
            action: self.action,
            back: self.back,
            version,
            refusal,
        };
        Ok((status, Html(page.render()?)).into_response())
    }
}

/// Why a delete was refused, for the confirmation page; any other error passes through.
pub fn refusal(error: StoreError) -> Result<String, AppError> {
    match error {
        StoreError::Invalid(problems) => Ok(problems.to_string()),
        conflict @ StoreError::Conflict { .. } => Ok(format!("{conflict}. Check it again before deleting.")),
        other => Err(other.into()),
    }
}

/// The plain-English checker for a plan: it knows the acronyms in the jargon buster and uses
/// the partnership's own jargon list, if it has one.
pub fn checker(file: &PlanFile) -> Checker {
    Checker::new(
        file.glossary.iter().flat_map(|g| std::iter::once(g.term.as_str()).chain(g.aliases.iter().map(String::as_str))),
    )
    .with_jargon(file.partnership.jargon.iter().map(|j| (j.word.clone(), j.instead.clone())).collect())
}

/// Radio options from (value, label) pairs.
pub fn options(pairs: &[(&str, &str)]) -> Kind {
    Kind::Radios(pairs.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect())
}

/// A posted form's value for `name`, as sent, or "" when it was not sent.
pub fn posted<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// Empty text is no text.
pub fn optional(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() { None } else { Some(trimmed.to_string()) }
}

/// A date from GOV.UK day, month and year boxes: none if all are empty.
pub fn date(name: &str, day: &str, month: &str, year: &str, problems: &mut Problems) -> Option<NaiveDate> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return None;
    }
    let parsed = match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) if (1900..=2200).contains(&y) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    if parsed.is_none() {
        problems.push(name, "Enter a real date, for example 31 3 2027");
    }
    parsed
}

/// The date's boxes, for showing it in a form.
pub fn date_parts(date: Option<NaiveDate>) -> (String, String, String) {
    use chrono::Datelike;
    match date {
        Some(d) => (d.day().to_string(), d.month().to_string(), d.year().to_string()),
        None => (String::new(), String::new(), String::new()),
    }
}
