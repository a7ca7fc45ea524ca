//! The form kit: a GOV.UK form page ([`FormPage`]) and its [`Field`]s, each with its error
//! beside it and its plain-English warnings under it; the "someone else changed this"
//! comparison ([`differences`]); the version every edit form carries ([`Version`]); and the
//! mapping of a store error to problems shown on the form again ([`problems`]). Every edit
//! form in `routes/` is built from these.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cypp_domain::Problems;
use cypp_domain::plain::{Checker, readability};
use cypp_store::StoreError;
use serde::Deserialize;

use crate::AppError;
use crate::page::Chrome;

#[derive(Template)]
#[template(path = "edit/form.html")]
pub struct FormPage {
    pub chrome: Chrome,
    pub title: String,
    pub caption: String,
    pub action: String,
    pub back: String,
    pub version: i64,
    pub fields: Vec<Field>,
    pub conflict: Vec<Difference>,
}

impl FormPage {
    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// The form shown again with its problems: 422 Unprocessable Content.
    pub fn unprocessable(self) -> Result<Response, AppError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(self.render()?)).into_response())
    }

    /// Whether the form uploads a file: then it is sent as `multipart/form-data`, and its
    /// button checks the file rather than saving.
    pub fn has_file(&self) -> bool {
        self.fields.iter().any(|f| matches!(f.kind, Kind::File))
    }
}

/// How a field is entered.
pub enum Kind {
    Input,
    Textarea(usize),
    /// Day, month and year boxes.
    Date {
        day: String,
        month: String,
        year: String,
    },
    /// One choice from (value, label).
    Radios(Vec<(String, String)>),
    /// A file to upload; the form is sent as `multipart/form-data`.
    File,
}

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub value: String,
    pub kind: Kind,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    pub readability: Option<String>,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, value: &str, kind: Kind) -> Field {
        Field {
            name,
            label,
            hint: None,
            value: value.to_string(),
            kind,
            error: None,
            warnings: Vec::new(),
            readability: None,
        }
    }

    pub fn hint(mut self, hint: &'static str) -> Field {
        self.hint = Some(hint);
        self
    }

    pub fn is_input(&self) -> bool {
        matches!(self.kind, Kind::Input)
    }
}

/// One row of the "someone else changed this" comparison.
pub struct Difference {
    pub label: &'static str,
    pub theirs: String,
    pub yours: String,
}

/// Puts problems beside their fields and plain-English warnings under text fields.
pub fn annotate(fields: &mut [Field], problems: &Problems, checker: &Checker) {
    for field in fields.iter_mut() {
        field.error = problems
            .0
            .iter()
            .find(|p| p.path == field.name || p.path.starts_with(&format!("{}.", field.name)))
            .map(|p| p.message.clone());
        if matches!(field.kind, Kind::Input | Kind::Textarea(_)) && !field.value.trim().is_empty() {
            field.warnings = checker.check(&field.value).iter().map(|w| w.message()).collect();
            if matches!(field.kind, Kind::Textarea(_)) {
                field.readability = readability(&field.value).map(|r| r.summary());
            }
        }
    }
}

/// The rows of the comparison of their saved version with yours: each field whose value differs.
pub fn differences(theirs: Vec<Field>, yours: Vec<Field>) -> Vec<Difference> {
    theirs
        .into_iter()
        .zip(yours)
        .filter(|(a, b)| a.value != b.value)
        .map(|(a, b)| Difference { label: a.label, theirs: a.value, yours: b.value })
        .collect()
}

/// The version of the record a form was opened at. Every edit form posts it; a form without
/// it, or with one that is not a number, is refused with 400 rather than read as version 0.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct Version(Option<i64>);

impl Version {
    pub fn new(version: i64) -> Version {
        Version(Some(version))
    }

    pub fn get(self) -> Result<i64, AppError> {
        self.0.ok_or(AppError::BadRequest)
    }

    /// For showing the form again: the version it was posted with.
    pub fn shown(self) -> i64 {
        self.0.unwrap_or_default()
    }
}

/// The `version` of a form read as name and value pairs (see [`Version`]).
pub fn posted_version(form: &[(String, String)]) -> Result<i64, AppError> {
    let text = form.iter().find(|(k, _)| k == "version").map(|(_, v)| v.trim()).ok_or(AppError::BadRequest)?;
    text.parse().map_err(|_| AppError::BadRequest)
}

/// What a store error means for the form that caused it: its validation problems, or a
/// clashing unique value beside the field it came from. Anything else is not the form's fault
/// and passes through.
pub fn problems(error: StoreError) -> Result<Problems, AppError> {
    match error {
        StoreError::Invalid(problems) => Ok(problems),
        StoreError::Duplicate { field, message } => {
            let mut problems = Problems::default();
            problems.push(field, message);
            Ok(problems)
        }
        other => Err(other.into()),
    }
}
