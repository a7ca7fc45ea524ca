//! Downloads of a plan, made by `cypp-publish` from the same data as the pages:
//! `GET /p/{partnership}/{plan}/downloads/{file}` for everyone (the published revision, small
//! numbers suppressed, no progress updates) and `GET /plans/{slug}/downloads/{file}` for the
//! partnership's signed-in people (the current revision, every figure, the updates too).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use cypp_domain::{PlanFile, RevisionContent};
use cypp_publish::board::Paper;
use cypp_publish::export::{self, Which};
use cypp_publish::{Audience, Format, plan_edition};

use crate::AppError;
use crate::access::{PlanMember, Published};

/// A file offered for download: its name and what it is.
pub struct Download {
    pub name: &'static str,
    pub label: &'static str,
}

const PLAN: [Download; 3] = [
    Download { name: "plan.pdf", label: "The plan as a PDF (A4, with contents)" },
    Download { name: "plan.docx", label: "The plan as a Word document" },
    Download { name: "plan.html", label: "The plan as one web page, to save or print" },
];

/// What each audience may download.
pub fn offered(audience: Audience) -> Vec<Download> {
    let mut files: Vec<Download> = PLAN.into_iter().collect();
    files.push(Download { name: "plan.xlsx", label: "Actions and measures with every figure (Excel workbook)" });
    files.push(Download { name: "actions.csv", label: "Actions (CSV)" });
    files.push(Download { name: "measures.csv", label: "Measures and their figures (CSV)" });
    if audience == Audience::Internal {
        files[3].label = "Actions, measures with every figure, and progress updates (Excel workbook)";
        files.push(Download { name: "updates.csv", label: "Progress updates from every round (CSV)" });
    }
    files
}

/// The tables each audience gets.
fn tables(audience: Audience) -> &'static [Which] {
    match audience {
        Audience::Public => &[Which::Actions, Which::Measures],
        Audience::Internal => &Which::ALL,
    }
}

async fn respond(
    file: Arc<PlanFile>,
    revision: Arc<RevisionContent>,
    audience: Audience,
    name: String,
) -> Result<Response, AppError> {
    if !offered(audience).iter().any(|d| d.name == name) {
        return Err(AppError::NotFound);
    }
    let slug = file.plan.slug.clone();
    let (stem, extension) = name.split_once('.').unwrap_or((name.as_str(), ""));
    let filename = if stem == "plan" { format!("{slug}.{extension}") } else { format!("{slug}-{name}") };
    // Typesetting is CPU work: keep it off the threads that answer requests.
    let made = tokio::task::spawn_blocking(move || -> Result<(Vec<u8>, &'static str), cypp_publish::PublishError> {
        let today = Utc::now().date_naive();
        let document = |format: Format| {
            let doc = plan_edition(&file, &revision, audience, today);
            cypp_publish::render(&doc, format).map(|bytes| (bytes, format.content_type()))
        };
        let csv = |which| {
            let sheet = export::sheet(&file, &revision, which, audience);
            export::csv(&sheet).map(|text| (text.into_bytes(), "text/csv; charset=utf-8"))
        };
        match name.as_str() {
            "plan.pdf" => document(Format::Pdf),
            "plan.docx" => document(Format::Docx),
            "plan.html" => document(Format::Html),
            "plan.xlsx" => {
                let sheets: Vec<_> =
                    tables(audience).iter().map(|w| export::sheet(&file, &revision, *w, audience)).collect();
                export::xlsx(&sheets)
                    .map(|bytes| (bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            }
            "actions.csv" => csv(Which::Actions),
            "measures.csv" => csv(Which::Measures),
            _ => csv(Which::Updates),
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("the download stopped: {e}")))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let (bytes, content_type) = made;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}

pub async fn get_public_download(published: Published, FileName(name): FileName) -> Result<Response, AppError> {
    respond(published.file, published.revision, Audience::Public, name).await
}

/// The formats a round's papers are made in.
pub const ROUND_FORMATS: [(Format, &str); 3] =
    [(Format::Pdf, "PDF"), (Format::Docx, "Word document"), (Format::Html, "web page")];

/// One paper made from a round in one format, as the pages link to it.
pub struct RoundReport {
    /// The file name in the address: "highlight.pdf".
    pub name: String,
    pub label: &'static str,
}

/// Each paper made from a round with its links, one per format.
pub fn round_reports() -> Vec<(&'static str, Vec<RoundReport>)> {
    Paper::ALL
        .into_iter()
        .map(|paper| {
            let links = ROUND_FORMATS
                .iter()
                .map(|(format, label)| RoundReport { name: format!("{}.{}", paper.slug(), format.extension()), label })
                .collect();
            (paper.label(), links)
        })
        .collect()
}

/// `GET /plans/{slug}/rounds/{round}/reports/{report}`: a paper made from a round's accepted
/// updates (`highlight.pdf`, `progress.docx`…), for the partnership's people.
pub async fn get_round_report(
    plan: PlanMember,
    crate::access::RoundPath { index }: crate::access::RoundPath,
    axum::extract::Path((_, _, report)): axum::extract::Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (paper, extension) = report.split_once('.').ok_or(AppError::NotFound)?;
    let paper = Paper::from_slug(paper).ok_or(AppError::NotFound)?;
    let format =
        ROUND_FORMATS.iter().map(|(f, _)| *f).find(|f| f.extension() == extension).ok_or(AppError::NotFound)?;
    let file = plan.file;
    let round_id = file.rounds[index].id;
    // "Q2 2026-27" as a file name: "q2-2026-27".
    let round_name: String = file.rounds[index]
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let filename = format!("{}-{round_name}-{}.{}", file.plan.slug, paper.slug(), format.extension());
    document(format, filename, move || {
        let (round, before) = cypp_publish::board::chosen(&file, Some(round_id))
            .ok_or(cypp_publish::PublishError::Html("the round is gone".into()))?;
        Ok(paper.edition(&file, round, before, Utc::now().date_naive()))
    })
    .await
}

/// A document made by `edition` and rendered in `format` on a blocking thread (typesetting
/// is CPU work, kept off the threads that answer requests), sent as a file to save.
pub async fn document(
    format: Format,
    filename: String,
    edition: impl FnOnce() -> Result<cypp_publish::Edition, cypp_publish::PublishError> + Send + 'static,
) -> Result<Response, AppError> {
    let bytes = tokio::task::spawn_blocking(move || cypp_publish::render(&edition()?, format))
        .await
        .map_err(|e| AppError::Internal(format!("making the document stopped: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}

pub async fn get_download(plan: PlanMember, FileName(name): FileName) -> Result<Response, AppError> {
    let revision = Arc::new(plan.file.current());
    respond(plan.file, revision, Audience::Internal, name).await
}

/// `{file}`: the name of a download, checked against what is offered in `respond`.
pub struct FileName(String);

impl<S: Send + Sync> FromRequestParts<S> for FileName {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        crate::access::param(parts, "file").await.map(FileName)
    }
}
