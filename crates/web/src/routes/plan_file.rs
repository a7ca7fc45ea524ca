//! The plan file in the web app, for admins: `GET /plans/{slug}/plan-file` downloads the whole
//! plan (every revision, measure with its figures, round and update) as the lossless
//! cypp-plan JSON, as `cypp export --format json` writes it; `GET`/`POST /plans/upload` makes a
//! plan from such a file, with the same checks and the same one-transaction import as
//! `cypp import`, each problem named by its place in the file (its JSON path).
//!
//! A file brought back beside the plan it came from (its id or its short name already here) is
//! made a new plan: every record the plan owns gets a new id (`PlanFile::renewed`), under the
//! short name given on the form. A partnership's admin brings plans into their own partnership
//! only, and the partnership's records are kept as they stand in the database.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::PlanFile;
use cypp_domain::Problems;
use cypp_domain::plan_file::PlanFileError;
use cypp_store::sessions::Session;
use cypp_store::{Actor, StoreError};
use serde::Deserialize;

use crate::access::{Admin, PlanAdmin};
use crate::csrf::CsrfUpload;
use crate::form::FormPage;
use crate::page::Chrome;
use crate::routes::edit::{Field, Kind, annotate};
use crate::{AppError, AppState};

/// The largest plan file the app reads: a national plan with twenty years of monthly figures.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

pub async fn get_plan_file(State(state): State<AppState>, plan: PlanAdmin) -> Result<Response, AppError> {
    let slug = plan.slug().to_string();
    let mut tx = state.db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, &slug).await?;
    tx.rollback().await?;
    let json =
        tokio::task::spawn_blocking(move || file.to_json()).await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{slug}.cypp-plan.json\"")),
        ],
        json,
    )
        .into_response())
}

/// The text fields sent with a plan file.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct UploadForm {
    slug: String,
}

fn form_page(session: &Session, form: &UploadForm, problems: &Problems) -> FormPage {
    let mut fields = vec![
        Field::new("file", "The plan file", "", Kind::File)
            .hint("A cypp plan file (JSON), as downloaded from a plan's page or written by cypp export"),
        Field::new("slug", "Short name for the new plan's web address (optional)", &form.slug, Kind::Input).hint(
            "Lower-case letters, numbers and hyphens. Needed when the plan in the file is already here: it becomes a new plan beside it",
        ),
    ];
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "Make a plan from a plan file".into(),
        caption: "Bring in a cypp plan file".into(),
        action: "/plans/upload".into(),
        back: "/".into(),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_upload(Admin(session): Admin) -> Result<Html<String>, AppError> {
    Ok(Html(form_page(&session, &UploadForm::default(), &Problems::default()).render()?))
}

/// What is wrong with the file, each problem on the file field with its place in the file.
fn file_problems(name: &str, error: PlanFileError) -> Problems {
    let mut problems = Problems::default();
    match error {
        PlanFileError::Invalid(found) => {
            for p in found.0.iter().take(20) {
                let place = if p.path.is_empty() { String::new() } else { format!(" at {}", p.path) };
                problems.push("file", format!("{name}{place}: {}", p.message));
            }
            if found.0.len() > 20 {
                problems.push("file", format!("{name}: and {} more problems", found.0.len() - 20));
            }
        }
        other => problems.push("file", format!("{name}: {other}")),
    }
    problems
}

pub async fn post_upload(
    State(state): State<AppState>,
    Admin(session): Admin,
    mut upload: CsrfUpload<UploadForm, MAX_UPLOAD>,
) -> Result<Response, AppError> {
    let chosen = upload.take_file("file");
    let form = upload.fields;
    let mut problems = Problems::default();
    let Some((name, bytes)) = chosen else {
        problems.push("file", "Choose the plan file");
        return form_page(&session, &form, &problems).unprocessable();
    };
    let slug = form.slug.trim().to_string();
    // Reading a large file is CPU work: off the workers.
    let read = crate::parsing::read_off_the_workers(move || match String::from_utf8(bytes) {
        Ok(text) => PlanFile::from_json(&text),
        Err(_) => Err(PlanFileError::NotAPlanFile("it is not a text file in UTF-8".into())),
    })
    .await?;
    let mut file = match read {
        Ok(file) => file,
        Err(e) => return form_page(&session, &form, &file_problems(&name, e)).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    // A partnership's admin brings plans into their own partnership, as it stands here.
    match session.user.partnership {
        Some(own) if own != file.partnership.id => {
            problems.push(
                "file",
                format!(
                    "{name} is a plan of {}, another partnership: you can bring in plans of your own partnership only",
                    file.partnership.name
                ),
            );
            return form_page(&session, &form, &problems).unprocessable();
        }
        _ => {}
    }
    if cypp_store::plan_file::partnership_exists(&mut tx, file.partnership.id).await? {
        file.partnership = cypp_store::plan_file::partnership(&mut tx, file.partnership.id).await?;
    }
    if cypp_store::plan_file::plan_exists(&mut tx, file.plan.id, &file.plan.slug).await? {
        if slug.is_empty() || slug == file.plan.slug {
            problems.push(
                "slug",
                format!("The plan \"{}\" is already here: give the new plan a short name of its own", file.plan.slug),
            );
            return form_page(&session, &form, &problems).unprocessable();
        }
        file = file.renewed(&slug).map_err(|e| AppError::Internal(e.to_string()))?;
    } else if !slug.is_empty() {
        file.set_slug(&slug);
    }
    match cypp_store::plan_file::import(&mut tx, &file, &Actor::user(&session.user)).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}", file.plan.slug)).into_response())
        }
        Err(StoreError::Invalid(found)) => {
            drop(tx);
            // The partnership as it stands here may no longer have what the file names.
            let mut problems = file_problems(&name, PlanFileError::Invalid(found));
            for p in &mut problems.0 {
                if p.message.contains("plan.slug") {
                    p.path = "slug".into();
                }
            }
            form_page(&session, &form, &problems).unprocessable()
        }
        Err(StoreError::Duplicate { message, .. }) => {
            drop(tx);
            problems.push("slug", format!("Choose another short name: {message}"));
            form_page(&session, &form, &problems).unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}
