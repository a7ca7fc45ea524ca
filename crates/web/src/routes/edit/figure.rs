//! `GET` and `POST /plans/{slug}/measures/{measure}/figures/new`: one figure typed in, for
//! measures that no file supplies: the partnership's own, or a comparator's (England's, say). The period may be written the usual ways ("2025-26",
//! "Q3 2025-26", "Autumn term 2025"); the value is a number or an official symbol.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{DataPoint, Period, Problems};
use cypp_store::{Actor, StoreError, edit};

use super::{Field, Kind, annotate, optional};
use crate::access::{MeasurePath, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::FormPage;
use crate::page::Chrome;
use crate::{AppError, AppState};

fn value(form: &[(String, String)], name: &str) -> String {
    super::posted(form, name).to_string()
}

fn page(
    session: &cypp_store::sessions::Session,
    file: &cypp_domain::PlanFile,
    measure: &cypp_domain::Measure,
    form: &[(String, String)],
    problems: &Problems,
) -> FormPage {
    let slug = &file.plan.slug;
    let v = |name| value(form, name);
    let mut whose = vec![(String::new(), file.partnership.area_name.clone())];
    whose.extend(file.partnership.comparator_groups.iter().map(|c| (c.id.to_string(), c.name.clone())));
    let mut fields = vec![
        Field::new("comparator", "Whose figure is it?", &v("comparator"), Kind::Radios(whose)),
        Field::new("period", "Period", &v("period"), Kind::Input)
            .hint("As the measure is reported, such as 2025-26, Q3 2025-26 or Autumn term 2025"),
        Field::new("value", "Value", &v("value"), Kind::Input)
            .hint("A number, or a symbol: c (suppressed), x (not available), z (not applicable)"),
        Field::new("numerator", "Numerator (optional)", &v("numerator"), Kind::Input),
        Field::new("denominator", "Denominator (optional)", &v("denominator"), Kind::Input),
        Field::new(
            "provisional",
            "Is this figure provisional?",
            &v("provisional"),
            super::options(&[("no", "No, it is final"), ("yes", "Yes, it may change")]),
        ),
        Field::new("note", "Note (optional)", &v("note"), Kind::Textarea(2)),
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
    let form = vec![("provisional".to_string(), "no".to_string())];
    Ok(Html(askama::Template::render(&page(session, file, &file.measures[index], &form, &Problems::default()))?))
}

pub async fn post_new_figure(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let rerender = |problems: &Problems| -> Result<Response, AppError> {
        page(session, file, measure, &form, problems).unprocessable()
    };
    let mut problems = Problems::default();
    let period = match Period::parse_loose(&value(&form, "period"), Some(measure.period_type)) {
        Ok(p) => Some(p.period),
        Err(e) => {
            problems.push("period", e.to_string());
            None
        }
    };
    let reading = match cypp_import::parse_value(&value(&form, "value")) {
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
    let number = |name: &'static str, problems: &mut Problems| match cypp_import::parse_value(&value(&form, name)) {
        Ok(Some(cypp_domain::Reading::Number(n))) => Some(n),
        Ok(None) => None,
        _ => {
            problems.push(name, "Enter a number, or leave it empty");
            None
        }
    };
    let numerator = number("numerator", &mut problems);
    let denominator = number("denominator", &mut problems);
    let comparator = match value(&form, "comparator").as_str() {
        "" => None,
        text => match text.parse::<cypp_domain::ComparatorId>() {
            Ok(id) if file.partnership.comparator_groups.iter().any(|c| c.id == id) => Some(id),
            _ => {
                problems.push("comparator", "Choose whose figure it is");
                None
            }
        },
    };
    let (Some(period), Some(reading)) = (period, reading) else { return rerender(&problems) };
    if !problems.is_empty() {
        return rerender(&problems);
    }
    let point = DataPoint {
        value: reading,
        numerator,
        denominator,
        provisional: value(&form, "provisional") == "yes",
        note: optional(&value(&form, "note")),
        ..DataPoint::new(period, 0.0)
    };
    let mut tx = state.db.write().await?;
    match edit::record_data_point(&mut tx, &Actor::user(&session.user), measure.id, comparator, &point).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", measure.slug)).into_response())
        }
        Err(StoreError::Invalid(found)) => {
            // The domain's paths are relative to the figure: "value", "period", "numerator".
            rerender(&found)
        }
        Err(e) => Err(e.into()),
    }
}
