//! The form kit: a GOV.UK form page ([`FormPage`]) and its [`Field`]s, each with its error
//! beside it and its plain-English warnings under it; the "someone else changed this"
//! comparison ([`differences`]); the version every edit form carries ([`Version`]); and the
//! mapping of a store error to problems shown on the form again ([`problems`]). Every edit
//! form in `routes/` is built from these.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
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
    /// One choice from a list too long for radios (value, label): a GOV.UK select.
    Select(Vec<(String, String)>),
    /// A file to upload; the form is sent as `multipart/form-data`.
    File,
    /// Any number of choices, each sent as `name=value` when ticked.
    Checkboxes(Vec<Checkbox>),
    /// A password box; `autocomplete` is `current-password` or `new-password`, so password
    /// managers fill and save it. Its value is never shown again.
    Password {
        autocomplete: &'static str,
    },
}

/// One box of [`Kind::Checkboxes`].
pub struct Checkbox {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub checked: bool,
    /// The box's own name, for a form read field by field; none: the field's name, each
    /// ticked box sent as `name=value`.
    pub name: Option<String>,
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

    /// The value as a reader sees it: a choice's label, not its code.
    pub fn shown(&self) -> String {
        match &self.kind {
            Kind::Radios(options) | Kind::Select(options) => options
                .iter()
                .find(|(value, _)| *value == self.value)
                .map(|(_, label)| label.clone())
                .unwrap_or_else(|| self.value.clone()),
            _ => self.value.clone(),
        }
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
        .map(|(a, b)| Difference { label: a.label, theirs: a.shown(), yours: b.shown() })
        .collect()
}

/// The version of the record a form was opened at. Every edit form posts it; a form without
/// it, or with one that is not a number, is refused with 400 rather than read as version 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Version(Option<i64>);

/// Read from a number or from text: a form's fields are text, and a form with a part in
/// `#[serde(flatten)]` hands them on as text, not as the number the form's own reader would make.
impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Version, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Number(i64),
            Text(String),
        }
        Ok(match Option::<Given>::deserialize(deserializer)? {
            Some(Given::Number(n)) => Version(Some(n)),
            Some(Given::Text(text)) => Version(text.trim().parse().ok()),
            None => Version(None),
        })
    }
}

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

/// A form that carries nothing but the version it was opened at: a delete confirmation.
#[derive(Deserialize)]
pub struct Confirmation {
    #[serde(default)]
    pub version: Version,
}

/// A form whose fields are known only at run time (a list's, from its kind), as name and
/// value pairs, with its version read like every other form's.
#[derive(Deserialize)]
#[serde(from = "Vec<(String, String)>")]
pub struct Pairs {
    pub version: Version,
    pairs: Vec<(String, String)>,
}

impl From<Vec<(String, String)>> for Pairs {
    fn from(pairs: Vec<(String, String)>) -> Pairs {
        let version = pairs.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.trim().parse().ok());
        Pairs { version: Version(version), pairs }
    }
}

impl Pairs {
    /// The value posted for `name`, or "" when it was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Every value posted for `name` (the ticked boxes of a set of checkboxes), in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// A number typed into `field` (thousands may be separated by commas: 1,250), or none when the
/// field is empty; anything else is a problem beside the field.
pub fn number(text: &str, field: &'static str, problems: &mut Problems) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.replace(',', "").parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            problems.push(field, "Enter a number");
            None
        }
    }
}

/// A whole number typed into `field`, or none when the field is empty; anything else is the
/// problem `message` beside the field.
pub fn whole<T: std::str::FromStr>(
    text: &str,
    field: &'static str,
    message: &str,
    problems: &mut Problems,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        problems.push(field, message);
    }
    parsed
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

/// Radio options from (value, label) pairs.
pub fn options(pairs: &[(&str, &str)]) -> Kind {
    Kind::Radios(pairs.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect())
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

/// What one and several of each level of a plan are called, as two boxes of one line a level,
/// top first; `levels` is how many levels the plan has, each of which must be named.
pub struct Levels {
    pub names: String,
    pub plurals: String,
}

impl Levels {
    /// The boxes for `plan` as it stands, the plurals it gives (or English's, where it gives
    /// none) filled in.
    pub fn of(plan: &cypp_domain::Plan) -> Levels {
        Levels {
            names: plan.level_names.join("\n"),
            plurals: (0..plan.level_names.len()).map(|d| plan.level_plural(d)).collect::<Vec<_>>().join("\n"),
        }
    }

    pub fn fields(&self) -> [Field; 2] {
        [
            Field::new("level_names", "What one of each level of the plan is called", &self.names, Kind::Textarea(3))
                .hint("One on each line, top first: for example Outcome, then Priority"),
            Field::new("level_plurals", "What several of each are called", &self.plurals, Kind::Textarea(3))
                .hint("In the same order, one on each line: for example Outcomes, then Priorities"),
        ]
    }

    /// The names and plurals, or what is wrong: a level of the plan left unnamed, a name
    /// without its plural or a plural without its name.
    pub fn read(&self, levels: usize, problems: &mut Problems) -> (Vec<String>, Vec<String>) {
        let names: Vec<String> = self.names.lines().filter_map(optional).collect();
        let plurals: Vec<String> = self.plurals.lines().filter_map(optional).collect();
        if names.is_empty() {
            problems
                .push("level_names", "Name each level of the plan, top first, such as \"Outcome\" then \"Priority\"");
        } else if names.len() < levels {
            problems.push(
                "level_names",
                format!("The plan has {levels} levels and this names {}: name each one, top first", names.len()),
            );
        }
        for (i, name) in names.iter().enumerate().skip(plurals.len()) {
            problems.push("level_plurals", format!("Say what several of \"{name}\" are called, on line {}", i + 1));
        }
        if plurals.len() > names.len() {
            problems.push("level_plurals", "There are more plurals than levels: give one for each level, in order");
        }
        (names, plurals)
    }
}

/// A long title shortened for a caption above a page's heading: up to 90 characters, cut at a
/// word, with an ellipsis where words were left out.
pub fn caption(title: &str) -> String {
    const MOST: usize = 90;
    if title.chars().count() <= MOST {
        return title.to_string();
    }
    let head: String = title.chars().take(MOST).collect();
    let cut = head.rfind(' ').filter(|i| *i > MOST / 2).unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod caption_tests {
    use super::caption;

    #[test]
    fn a_long_title_is_cut_at_a_word() {
        assert_eq!(caption("Train 400 practitioners"), "Train 400 practitioners");
        let long = "Launch a single front door for early help requests, alongside the multi-agency safeguarding hub";
        assert_eq!(caption(long), "Launch a single front door for early help requests, alongside the multi-agency…");
        assert!(caption(&"x".repeat(200)).chars().count() <= 91);
    }
}
