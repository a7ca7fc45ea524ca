//! Measures' definitions, for editors: `GET`/`POST /plans/{slug}/measures/new` and
//! `/plans/{slug}/measures/{measure}/edit` (every field of a measure, with its SPC settings).
//! Its targets are in `target.rs`.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::*;
use cypp_store::{StoreError, edit};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Field, Kind, annotate, checker, optional};
use crate::access::{MeasurePath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::whole;
use crate::form::{FormPage, Version, differences, number, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// A measure's form as posted: every field as text, read into a [`Measure`] by [`apply`].
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeasureForm {
    version: Version,
    name: String,
    slug: String,
    definition: String,
    unit: String,
    decimals: String,
    direction: String,
    frequency: String,
    period_type: String,
    source: String,
    source_url: String,
    category: String,
    baseline_period: String,
    baseline_value: String,
    baseline_note: String,
    tolerance: String,
    suppress: String,
    threshold: String,
    spc_rebase_at: String,
    spc_fix_after: String,
    spc_screen: String,
    spc_run_length: String,
}

fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn from_word<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn radios<T: serde::Serialize + Copy>(all: &[T], label: impl Fn(T) -> String) -> Kind {
    Kind::Radios(all.iter().map(|v| (word(v), label(*v))).collect())
}

const DIRECTIONS: [Direction; 3] = [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::Neither];
const FREQUENCIES: [Frequency; 5] =
    [Frequency::Monthly, Frequency::Quarterly, Frequency::Termly, Frequency::Annually, Frequency::Occasionally];
const CATEGORIES: [OutcomeCategory; 3] =
    [OutcomeCategory::HowMuch, OutcomeCategory::HowWell, OutcomeCategory::BetterOff];

impl MeasureForm {
    fn from_measure(m: &Measure, version: i64) -> MeasureForm {
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let yes_no = |b: bool| if b { "yes".to_string() } else { "no".to_string() };
        MeasureForm {
            version: Version::new(version),
            name: m.name.clone(),
            slug: m.slug.clone(),
            definition: m.definition.clone().unwrap_or_default(),
            unit: word(&m.unit),
            decimals: m.decimals.to_string(),
            direction: word(&m.direction),
            frequency: word(&m.frequency),
            period_type: word(&m.period_type),
            source: m.source.clone().unwrap_or_default(),
            source_url: m.source_url.clone().unwrap_or_default(),
            category: m.category.as_ref().map(word).unwrap_or_default(),
            baseline_period: m.baseline.as_ref().map(|b| b.period.code()).unwrap_or_default(),
            baseline_value: number(m.baseline.as_ref().map(|b| b.value)),
            baseline_note: m.baseline.as_ref().and_then(|b| b.note.clone()).unwrap_or_default(),
            tolerance: number(m.tolerance),
            suppress: yes_no(m.suppress_small_numbers),
            threshold: m.suppression_threshold.map(|t| t.to_string()).unwrap_or_default(),
            spc_rebase_at: m.spc.rebase_at.iter().map(Period::label).collect::<Vec<_>>().join(", "),
            spc_fix_after: m.spc.fix_after.map(|n| n.to_string()).unwrap_or_default(),
            spc_screen: yes_no(m.spc.screen_outliers),
            spc_run_length: m.spc.run_length.to_string(),
        }
    }
}

fn fields(form: &MeasureForm, new: bool) -> Vec<Field> {
    let slug_hint = if new {
        "Lower-case letters, numbers and hyphens"
    } else {
        "Lower-case letters, numbers and hyphens. Changing it changes the measure's web address"
    };
    let mut fields = vec![
        Field::new("name", "Name", &form.name, Kind::Input),
        Field::new("slug", "Short name for web addresses", &form.slug, Kind::Input).hint(slug_hint),
    ];
    let mut categories = vec![(String::new(), "Not set".to_string())];
    categories.extend(CATEGORIES.iter().map(|c| (word(c), c.label().to_string())));
    fields.extend([
        Field::new("definition", "Definition", &form.definition, Kind::Textarea(3)),
        Field::new("unit", "Unit", &form.unit, radios(&Unit::ALL, |u| u.label().to_string())),
        Field::new("decimals", "Decimal places to show", &form.decimals, Kind::Input),
        Field::new(
            "direction",
            "Which way is better",
            &form.direction,
            radios(&DIRECTIONS, |d| match d {
                Direction::HigherIsBetter => "Higher is better".into(),
                Direction::LowerIsBetter => "Lower is better".into(),
                Direction::Neither => "Neither".into(),
            }),
        ),
        Field::new(
            "frequency",
            "How often it is reported",
            &form.frequency,
            radios(&FREQUENCIES, |f| word(&f).replace('_', " ")),
        ),
        Field::new("period_type", "Period", &form.period_type, radios(&PeriodType::ALL, |p| p.label().to_string())),
        Field::new("source", "Source", &form.source, Kind::Input),
        Field::new("source_url", "Source web address", &form.source_url, Kind::Input),
        Field::new("category", "The question it answers", &form.category, Kind::Radios(categories)),
        Field::new("baseline_period", "Baseline period", &form.baseline_period, Kind::Input).hint("Such as 2019-20"),
        Field::new("baseline_value", "Baseline value", &form.baseline_value, Kind::Input),
        Field::new("baseline_note", "About the baseline", &form.baseline_note, Kind::Input)
            .hint("Such as pre-Covid position"),
        Field::new("tolerance", "Tolerance for amber", &form.tolerance, Kind::Input)
            .hint("How far short of the target, in the measure's unit, still counts as amber rather than red"),
        Field::new(
            "suppress",
            "Suppress small numbers when published?",
            &form.suppress,
            super::options(&[("no", "No"), ("yes", "Yes")]),
        ),
        Field::new("threshold", "Largest count to suppress", &form.threshold, Kind::Input).hint("5 unless set"),
        Field::new(
            "spc_rebase_at",
            "Process control chart: start the limits again at",
            &form.spc_rebase_at,
            Kind::Input,
        )
        .hint("Periods where the process changed, such as a new service, separated by commas: April 2024"),
        Field::new(
            "spc_fix_after",
            "Process control chart: fix the limits after this many points",
            &form.spc_fix_after,
            Kind::Input,
        )
        .hint("Leave empty to recalculate the limits with every new figure"),
        Field::new(
            "spc_screen",
            "Process control chart: leave out unusually large moving ranges when setting the limits?",
            &form.spc_screen,
            super::options(&[("yes", "Yes (the NHS Making Data Count method)"), ("no", "No (the \"Excel\" method)")]),
        ),
        Field::new(
            "spc_run_length",
            "Process control chart: points in a run or a trend",
            &form.spc_run_length,
            super::options(&[("7", "7 (the usual rule)"), ("6", "6")]),
        ),
    ]);
    fields
}

/// One of a set of choices; a missing or unknown choice is a problem ("Choose the unit").
fn chosen<T: DeserializeOwned>(text: &str, problems: &mut Problems, name: &'static str, what: &str) -> Option<T> {
    let choice = from_word(text.trim());
    if choice.is_none() {
        problems.push(name, format!("Choose {what}"));
    }
    choice
}

/// The measure the form describes, on top of `base`, or what is wrong with the form.
fn apply(form: &MeasureForm, base: &Measure) -> Result<Measure, Problems> {
    let mut problems = Problems::default();
    let mut m = base.clone();
    m.name = form.name.trim().to_string();
    if !form.slug.trim().is_empty() {
        m.slug = form.slug.trim().to_string();
    }
    m.definition = optional(&form.definition);
    let unit = chosen(&form.unit, &mut problems, "unit", "the unit");
    let direction = chosen(&form.direction, &mut problems, "direction", "which way is better");
    let frequency = chosen(&form.frequency, &mut problems, "frequency", "how often it is reported");
    let period_type = chosen(&form.period_type, &mut problems, "period_type", "the period");
    if let (Some(u), Some(d), Some(f), Some(p)) = (unit, direction, frequency, period_type) {
        (m.unit, m.direction, m.frequency, m.period_type) = (u, d, f, p);
    }
    m.decimals = match form.decimals.trim().parse::<u8>() {
        Ok(d) => d,
        Err(_) if form.decimals.trim().is_empty() => 0,
        Err(_) => {
            problems.push("decimals", "Enter a whole number of decimal places, such as 1");
            m.decimals
        }
    };
    m.source = optional(&form.source);
    m.source_url = optional(&form.source_url);
    m.category = match form.category.trim() {
        "" => None,
        _ => chosen(&form.category, &mut problems, "category", "the question it answers, or Not set"),
    };
    m.tolerance = number(&form.tolerance, "tolerance", &mut problems);
    let baseline_value = number(&form.baseline_value, "baseline_value", &mut problems);
    m.baseline = match (form.baseline_period.trim(), baseline_value) {
        ("", None) => None,
        (period, Some(v)) if !period.is_empty() => match Period::parse_loose(period, Some(m.period_type)) {
            Ok(p) => Some(Baseline { period: p.period, value: v, note: optional(&form.baseline_note) }),
            Err(e) => {
                problems.push("baseline_period", e.to_string());
                None
            }
        },
        _ => {
            problems.push("baseline_period", "Give both the baseline's period and its value, or neither");
            None
        }
    };
    m.suppress_small_numbers = form.suppress.trim() == "yes";
    m.suppression_threshold = whole(&form.threshold, "threshold", "Enter a whole number, such as 5", &mut problems);
    m.spc = spc_settings(form, m.period_type, &mut problems);
    if problems.is_empty() { Ok(m) } else { Err(problems) }
}

/// The SPC settings the form gives; a period that cannot be read is named in the problem.
fn spc_settings(form: &MeasureForm, period_type: PeriodType, problems: &mut Problems) -> SpcSettings {
    let mut rebase_at = Vec::new();
    for text in form.spc_rebase_at.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
        match Period::parse_loose(text, Some(period_type)) {
            Ok(p) => rebase_at.push(p.period),
            Err(e) => problems.push("spc_rebase_at", e.to_string()),
        }
    }
    rebase_at.sort();
    rebase_at.dedup();
    let fix_after = whole(&form.spc_fix_after, "spc_fix_after", "Enter a whole number of points, such as 12", problems);
    let run_length = match form.spc_run_length.trim() {
        "6" => 6,
        "7" | "" => 7,
        _ => {
            problems.push("spc_run_length", "Choose 7 or 6 points");
            7
        }
    };
    SpcSettings { rebase_at, fix_after, screen_outliers: form.spc_screen.trim() != "no", run_length }
}

fn page(
    session: &cypp_store::sessions::Session,
    file: &PlanFile,
    form: &MeasureForm,
    problems: &Problems,
    new: bool,
    action: String,
    back: String,
) -> FormPage {
    let mut fields = fields(form, new);
    annotate(&mut fields, problems, &checker(file));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: if new { "Add a measure".into() } else { format!("Change {}", form.name.trim()) },
        caption: file.plan.title.clone(),
        action,
        back,
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

fn blank() -> Measure {
    Measure::new(MeasureId::new(), "", "", Unit::Percent, PeriodType::FinancialYear)
}

pub async fn get_new_measure(plan: PlanEditor) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &plan.file, plan.slug());
    let form = MeasureForm::from_measure(&blank(), 0);
    Ok(Html(
        page(
            session,
            file,
            &form,
            &Problems::default(),
            true,
            format!("/plans/{slug}/measures/new"),
            format!("/plans/{slug}/dashboard"),
        )
        .render()?,
    ))
}

pub async fn post_new_measure(
    State(state): State<AppState>,
    plan: PlanEditor,
    CsrfForm(form): CsrfForm<MeasureForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &plan.file, plan.slug());
    let again = |problems: &Problems| -> Result<Response, AppError> {
        page(
            session,
            file,
            &form,
            problems,
            true,
            format!("/plans/{slug}/measures/new"),
            format!("/plans/{slug}/dashboard"),
        )
        .unprocessable()
    };
    let measure = match apply(&form, &blank()) {
        Ok(m) => m,
        Err(problems) => return again(&problems),
    };
    let mut tx = state.db.write().await?;
    match edit::add_measure(&mut tx, &plan.actor(), file.plan.id, &measure).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", measure.slug)).into_response())
        }
        Err(e) => again(&problems(e)?),
    }
}

pub async fn get_edit_measure(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &plan.file, plan.slug());
    let measure = &file.measures[index].slug;
    let current = edit::get_measure(&mut state.db.read().await?, file.measures[index].id).await?;
    let form = MeasureForm::from_measure(&current.value, current.version);
    let action = format!("/plans/{slug}/measures/{measure}/edit");
    Ok(Html(
        page(session, file, &form, &Problems::default(), false, action, format!("/plans/{slug}/measures/{measure}"))
            .render()?,
    ))
}

pub async fn post_edit_measure(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    CsrfForm(form): CsrfForm<MeasureForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &plan.file, plan.slug());
    let (id, measure) = (file.measures[index].id, &file.measures[index].slug);
    let (action, back) =
        (format!("/plans/{slug}/measures/{measure}/edit"), format!("/plans/{slug}/measures/{measure}"));
    let mut tx = state.db.write().await?;
    let current = edit::get_measure(&mut tx, id).await?;
    let updated = match apply(&form, &current.value) {
        Ok(m) => m,
        Err(problems) => return page(session, file, &form, &problems, false, action, back).unprocessable(),
    };
    match edit::update_measure(&mut tx, &plan.actor(), &updated, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", updated.slug)).into_response())
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Duplicate { .. })) => {
            page(session, file, &form, &problems(e)?, false, action, back).unprocessable()
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let theirs = fields(&MeasureForm::from_measure(&current.value, actual), false);
            let yours = MeasureForm { version: Version::new(actual), ..form.clone() };
            let mut page = page(session, file, &yours, &Problems::default(), false, action, back);
            page.conflict = differences(theirs, fields(&form, false));
            page.unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}
