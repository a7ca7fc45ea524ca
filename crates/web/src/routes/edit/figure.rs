//! `GET` and `POST /plans/{slug}/measures/{measure}/figures/new`: one figure typed in, for
//! measures that no file supplies: the partnership's own, or a comparator's (England's, say). The period may be written the usual ways ("2025-26",
//! "Q3 2025-26", "Autumn term 2025"); the value is a number or an official symbol.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ComparatorId, DataPoint, Measure, Period, PlanFile, Problems, Reading};
use cypp_store::{Actor, edit};
use serde::Deserialize;

use super::{Field, Kind, annotate, optional};
use crate::access::{MeasurePath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::{FormPage, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// A figure's form as posted.
#[derive(Deserialize)]
#[serde(default)]
pub struct FigureForm {
    comparator: String,
    period: String,
    value: String,
    numerator: String,
    denominator: String,
    provisional: String,
    note: String,
}

impl Default for FigureForm {
    fn default() -> FigureForm {
        FigureForm {
            comparator: String::new(),
            period: String::new(),
            value: String::new(),
            numerator: String::new(),
            denominator: String::new(),
            provisional: "no".into(),
            note: String::new(),
        }
    }
}

impl FigureForm {
    /// The figure the form gives, and whose it is (the partnership's own, or a comparator's),
    /// or what is wrong with the form.
    fn figure(&self, file: &PlanFile, measure: &Measure) -> Result<(Option<ComparatorId>, DataPoint), Problems> {
        let mut problems = Problems::default();
        let period = match Period::parse_loose(self.period.trim(), Some(measure.period_type)) {
            Ok(p) => Some(p.period),
            Err(e) => {
                problems.push("period", e.to_string());
                None
            }
        };
        let reading = match cypp_figures::parse_value(&self.value) {
            Ok(Some(r)) => Some(r),
            Ok(None) => {
                problems.push("value", "Enter the value, or a symbol such as c");
                None
            }
            Err(m) => {
                problems.push("value", m);
                None
            }
        };
        let number = |text: &str, name: &'static str, problems: &mut Problems| match cypp_figures::parse_value(text) {
            Ok(Some(Reading::Number(n))) => Some(n),
            Ok(None) => None,
            _ => {
                problems.push(name, "Enter a number, or leave it empty");
                None
            }
        };
        let numerator = number(&self.numerator, "numerator", &mut problems);
        let denominator = number(&self.denominator, "denominator", &mut problems);
        let comparator = match self.comparator.trim() {
            "" => None,
            text => match text.parse::<ComparatorId>() {
                Ok(id) if file.partnership.comparator_groups.iter().any(|c| c.id == id) => Some(id),
                _ => {
                    problems.push("comparator", "Choose whose figure it is");
                    None
                }
            },
        };
        match (period, reading) {
            (Some(period), Some(reading)) if problems.is_empty() => Ok((
                comparator,
                DataPoint {
                    value: reading,
                    numerator,
                    denominator,
                    provisional: self.provisional.trim() == "yes",
                    note: optional(&self.note),
                    ..DataPoint::new(period, 0.0)
                },
            )),
            _ => Err(problems),
        }
    }
}

fn page(
    session: &cypp_store::sessions::Session,
    file: &PlanFile,
    measure: &Measure,
    form: &FigureForm,
    problems: &Problems,
) -> FormPage {
    let slug = &file.plan.slug;
    let mut whose = vec![(String::new(), file.partnership.area_name.clone())];
    whose.extend(file.partnership.comparator_groups.iter().map(|c| (c.id.to_string(), c.name.clone())));
    let mut fields = vec![
        Field::new("comparator", "Whose figure is it?", &form.comparator, Kind::Radios(whose)),
        Field::new("period", "Period", &form.period, Kind::Input)
            .hint("As the measure is reported, such as 2025-26, Q3 2025-26 or Autumn term 2025"),
        Field::new("value", "Value", &form.value, Kind::Input)
            .hint("A number, or a symbol: c (suppressed), x (not available), z (not applicable)"),
        Field::new("numerator", "Numerator (optional)", &form.numerator, Kind::Input),
        Field::new("denominator", "Denominator (optional)", &form.denominator, Kind::Input),
        Field::new(
            "provisional",
            "Is this figure provisional?",
            &form.provisional,
            super::options(&[("no", "No, it is final"), ("yes", "Yes, it may change")]),
        ),
        Field::new("note", "Note (optional)", &form.note, Kind::Textarea(2)),
    ];
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "Add a figure".into(),
        caption: measure.name.clone(),
        action: format!("/plans/{slug}/measures/{}/figures/new", measure.slug),
        back: format!("/plans/{slug}/measures/{}", measure.slug),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_new_figure(plan: PlanEditor, MeasurePath { index }: MeasurePath) -> Result<Html<String>, AppError> {
    let (session, file) = (&plan.session, &*plan.file);
    let page = page(session, file, &file.measures[index], &FigureForm::default(), &Problems::default());
    Ok(Html(askama::Template::render(&page)?))
}

pub async fn post_new_figure(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    CsrfForm(form): CsrfForm<FigureForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let (comparator, point) = match form.figure(file, measure) {
        Ok(figure) => figure,
        Err(problems) => return page(session, file, measure, &form, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    match edit::record_data_point(&mut tx, &Actor::user(&session.user), measure.id, comparator, &point).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", measure.slug)).into_response())
        }
        // The domain's paths are relative to the figure: "value", "period", "numerator".
        Err(e) => page(session, file, measure, &form, &problems(e)?).unprocessable(),
    }
}
