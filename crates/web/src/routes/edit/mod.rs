//! Editing forms, GOV.UK style: an error summary at the top, each message beside its field,
//! the user's input kept. Each text field shows its plain-English warnings. A save based on a
//! version someone else has since changed shows both versions side by side and keeps the
//! user's input in the form, so neither is lost.

pub mod action;
pub mod comparators;
pub mod figure;
pub mod figures_file;
pub mod item;
pub mod lead;
pub mod links;
pub mod lists;
pub mod measure;
pub mod milestone;
pub mod settings;
pub mod target;
pub mod tree;

pub use crate::form::{Difference, Field, Kind, annotate, date, date_parts, optional, options};

use cypp_domain::PlanFile;
use cypp_domain::plain::Checker;

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
    Checker::for_plan(file)
}
