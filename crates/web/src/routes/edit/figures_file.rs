//! A measure's figures from a file, for editors: `GET`/`POST /plans/{slug}/measures/{measure}/import`
//! takes the file (cypp's template as a workbook or CSV, an EES tidy CSV, a Fingertips export,
//! the LAIT long file) and reads it; `GET /plans/{slug}/measures/{measure}/import/{id}` shows
//! what it would write, figure by figure, beside what is held now; `POST .../import/{id}`
//! writes it all in one transaction, and `POST .../import/{id}/cancel` forgets it. Nothing is
//! written until the editor confirms; a fault in the file is named by line and column.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{DataPoint, Measure, Problems, Reading};
use cypp_figures::{FileError, FileOptions, Format, Needed};
use cypp_store::{Actor, StoreError, edit, pending};
use serde::Deserialize;
use uuid::Uuid;

use super::{Field, Kind, annotate};
use crate::access::{MeasurePath, PendingPath, PlanEditor};
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::form::FormPage;
use crate::page::Chrome;
use crate::views::reading_text;
use crate::{AppError, AppState};

/// The largest file the app accepts: the official files run to a few megabytes.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// The text fields sent with a file of figures: what kind of file, and how to read it.
#[derive(Deserialize)]
#[serde(default)]
pub struct FileForm {
    format: String,
    indicator: String,
    numerator: String,
    denominator: String,
    filters: String,
    lait_measure: String,
    la_code: String,
}

impl Default for FileForm {
    fn default() -> FileForm {
        FileForm {
            format: Format::Xlsx.word().to_string(),
            indicator: String::new(),
            numerator: String::new(),
            denominator: String::new(),
            filters: String::new(),
            lait_measure: String::new(),
            la_code: String::new(),
        }
    }
}

fn form_page(
    session: &cypp_store::sessions::Session,
    slug: &str,
    measure: &Measure,
    form: &FileForm,
    problems: &Problems,
) -> FormPage {
    let formats = Format::ALL.iter().map(|f| (f.word().to_string(), f.label().to_string())).collect();
    let mut fields = vec![
        Field::new("file", "The file", "", Kind::File)
            .hint("The measure's template filled in, or a file downloaded from Explore Education Statistics, Fingertips or LAIT"),
        Field::new("region_file", "Fingertips: the regional export too (optional)", "", Kind::File)
            .hint("Fingertips' export of every local authority leaves out the regions: give its regional export as well, and the region's figures come in the same step"),
        Field::new("format", "What kind of file is it?", &form.format, Kind::Radios(formats)),
        Field::new("indicator", "Explore Education Statistics: the column that holds the figure", &form.indicator, Kind::Input)
            .hint("Such as rate_per_10000"),
        Field::new("numerator", "Explore Education Statistics: the column that holds the count (optional)", &form.numerator, Kind::Input),
        Field::new("denominator", "Explore Education Statistics: the column that holds the total (optional)", &form.denominator, Kind::Input),
        Field::new("filters", "Only the rows where a column holds a value (optional)", &form.filters, Kind::Textarea(3))
            .hint("One a line, as column=value, such as population_type=Children looked after. A Fingertips file gives the rows for Persons unless you choose otherwise."),
        Field::new("lait_measure", "LAIT: the measure's code", &form.lait_measure, Kind::Input)
            .hint("As in the Short Desc column, such as Under18concep"),
        Field::new("la_code", "The area's three-digit LA number (optional)", &form.la_code, Kind::Input)
            .hint("For files that use the old code rather than the GSS code, such as 354"),
    ];
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "Add figures from a file".into(),
        caption: measure.name.clone(),
        action: format!("/plans/{slug}/measures/{}/import", measure.slug),
        back: format!("/plans/{slug}/measures/{}", measure.slug),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

/// The reader's options from the form, or what is wrong with the filters.
fn options(form: &FileForm, problems: &mut Problems) -> FileOptions {
    let mut filters = Vec::new();
    for line in form.filters.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once('=') {
            Some((c, v)) if !c.trim().is_empty() => filters.push((c.trim().to_string(), v.trim().to_string())),
            _ => problems.push("filters", format!("Write \"{line}\" as column=value")),
        }
    }
    FileOptions {
        indicator: super::optional(&form.indicator),
        numerator: super::optional(&form.numerator),
        denominator: super::optional(&form.denominator),
        filters,
        lait_measure: super::optional(&form.lait_measure),
        la_code: super::optional(&form.la_code),
        area_code: None,
    }
}

pub async fn get_import(plan: PlanEditor, MeasurePath { index }: MeasurePath) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    Ok(Html(form_page(session, slug, &file.measures[index], &FileForm::default(), &Problems::default()).render()?))
}

pub async fn post_import(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    mut upload: CsrfUpload<FileForm, MAX_UPLOAD>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let region = upload.take_file("region_file");
    let chosen = upload.take_file("file");
    let form = upload.fields;
    let rerender = |problems: &Problems| -> Result<Response, AppError> {
        form_page(session, slug, measure, &form, problems).unprocessable()
    };
    let mut problems = Problems::default();
    let format = Format::from_word(form.format.trim());
    if format.is_none() {
        problems.push("format", "Choose what kind of file it is");
    }
    let options = options(&form, &mut problems);
    if chosen.is_none() {
        problems.push("file", "Choose the file to read");
    }
    let (Some(format), Some((file_name, bytes)), true) = (format, chosen, problems.is_empty()) else {
        return rerender(&problems);
    };
    // Reading the file is CPU work of unknown size: off the workers, in turn.
    let (name, partnership, definition) = (file_name.clone(), file.partnership.clone(), measure.clone());
    let read = crate::parsing::read_off_the_workers(move || {
        let region = region.as_ref().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
        cypp_figures::read_files(
            format,
            (&name, &bytes),
            region,
            &options,
            &partnership,
            &definition,
            &cypp_figures::quiet,
        )
    })
    .await?;
    let series = match read {
        Ok(series) => series,
        Err(FileError::Needs(Needed::Indicator)) => {
            problems.push("indicator", "Enter the column that holds the figure");
            return rerender(&problems);
        }
        Err(FileError::Needs(Needed::LaitMeasure)) => {
            problems.push("lait_measure", "Enter the measure's LAIT code");
            return rerender(&problems);
        }
        Err(other) => {
            problems.push("file", other.to_string());
            return rerender(&problems);
        }
    };
    let parts = series.parts(measure, &file.partnership.comparator_groups);
    // Check the figures against the measure now, so the preview never offers what cannot be saved.
    for (comparator, points) in &parts {
        for point in points {
            let mut found = Problems::default();
            cypp_domain::validate::check_data_point(measure, point, "", &mut found);
            if let Some(first) = found.0.first() {
                let whose = match comparator {
                    None => file.partnership.area_name.clone(),
                    Some(id) => file
                        .partnership
                        .comparator_groups
                        .iter()
                        .find(|g| g.id == *id)
                        .map(|g| g.name.clone())
                        .unwrap_or_default(),
                };
                let message = format!("{file_name}: {whose}'s figure for {}: {}", point.period.label(), first.message);
                problems.push("file", message);
                return rerender(&problems);
            }
        }
    }
    let mut tx = state.db.write().await?;
    let id = pending::save(&mut tx, session.user.id, measure.id, &file_name, &parts).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/{slug}/measures/{}/import/{id}", measure.slug)).into_response())
}

/// One row of the table of the partnership's own figures.
struct FigureRow {
    period: String,
    value: String,
    now: String,
    change: &'static str,
}

#[derive(Template)]
#[template(path = "edit/figures_preview.html")]
struct PreviewPage {
    chrome: Chrome,
    measure: String,
    file_name: String,
    changes: Vec<cypp_figures::Change>,
    figures: Vec<FigureRow>,
    action: String,
    back: String,
}

impl PreviewPage {
    fn periods(change: &cypp_figures::Change) -> String {
        match (change.first, change.last) {
            (Some(a), Some(b)) if a == b => a.label(),
            (Some(a), Some(b)) => format!("{} to {}", a.label(), b.label()),
            _ => String::new(),
        }
    }
}

fn shown(measure: &Measure, point: &DataPoint) -> String {
    match point.value {
        Reading::Number(n) => measure.format(n),
        Reading::Symbol(_) => reading_text(&Measure { suppress_small_numbers: false, ..measure.clone() }, point),
    }
}

async fn pending_for(
    state: &AppState,
    session: &cypp_store::sessions::Session,
    id: Uuid,
    measure: &Measure,
) -> Result<pending::Pending, AppError> {
    let mut tx = state.db.read().await?;
    let found = pending::find(&mut tx, id, session.user.id).await?;
    tx.rollback().await?;
    found.filter(|p| p.measure == measure.id).ok_or(AppError::NotFound)
}

pub async fn get_preview(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    PendingPath(id): PendingPath,
) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let pending = pending_for(&state, session, id, measure).await?;
    let changes = cypp_figures::changes(measure, &pending.figures, &file.partnership);
    let own: Vec<&DataPoint> = pending.figures.iter().filter(|(c, _)| c.is_none()).flat_map(|(_, p)| p).collect();
    let mut figures: Vec<FigureRow> = own
        .iter()
        .map(|point| {
            let held = measure.data.iter().find(|h| h.period == point.period);
            FigureRow {
                period: point.period.label(),
                value: shown(measure, point),
                now: held.map(|h| shown(measure, h)).unwrap_or_default(),
                change: match held {
                    None => "New",
                    Some(h) if h == *point => "Same",
                    Some(_) => "Replaces",
                },
            }
        })
        .collect();
    figures.reverse();
    let base = format!("/plans/{slug}/measures/{}", measure.slug);
    let page = PreviewPage {
        chrome: Chrome::signed_in(session),
        measure: measure.name.clone(),
        file_name: pending.file_name,
        changes,
        figures,
        action: format!("{base}/import/{}", pending.id),
        back: base,
    };
    Ok(Html(page.render()?))
}

pub async fn post_confirm(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    PendingPath(id): PendingPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let pending = pending_for(&state, session, id, measure).await?;
    let mut tx = state.db.write().await?;
    let written =
        edit::import_series(&mut tx, &Actor::user(&session.user), measure.id, &pending.figures, &pending.file_name)
            .await;
    match written {
        Ok(_) => {
            pending::forget(&mut tx, pending.id, session.user.id).await?;
            tx.commit().await?;
        }
        // The measure changed since the file was read (its unit, say): nothing is written,
        // and the editor is asked to read the file again.
        Err(StoreError::Invalid(found)) => {
            drop(tx);
            let mut problems = Problems::default();
            let first = found.0.first().map(|p| p.message.clone()).unwrap_or_default();
            problems.push(
                "file",
                format!("The measure changed after {} was read, and its figures no longer fit: {first}. Nothing was saved; read the file again.", pending.file_name),
            );
            return form_page(session, slug, measure, &FileForm::default(), &problems).unprocessable();
        }
        Err(other) => return Err(other.into()),
    }
    Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", measure.slug)).into_response())
}

pub async fn post_cancel(
    State(state): State<AppState>,
    plan: PlanEditor,
    MeasurePath { index }: MeasurePath,
    PendingPath(id): PendingPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let measure = &file.measures[index];
    let pending = pending_for(&state, session, id, measure).await?;
    let mut tx = state.db.write().await?;
    pending::forget(&mut tx, pending.id, session.user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/{slug}/measures/{}", measure.slug)).into_response())
}
