//! `GET /p/{partnership}/{plan}/easy-read[?round=ID]` and `…/easy-read.pdf`: the easy read of
//! the published plan for everyone, with the progress of a round the partnership has put on
//! the public site (the newest, unless another is chosen).

use askama::Template;
use axum::extract::Query;
use axum::response::{Html, Response};
use cypp_publish::{Format, easy, pictures};

use super::Published;
use crate::AppError;
use crate::page::Chrome;
use crate::routes::easy_read::{EasyQuery, SectionView, download, round, round_choices, sections};

#[derive(Template)]
#[template(path = "public/easy_read.html")]
struct EasyReadPage {
    chrome: Chrome,
    base: String,
    plan_title: String,
    title: String,
    rounds: Vec<(String, String, bool)>,
    round: String,
    sections: Vec<SectionView>,
    credit: &'static str,
}

pub async fn get_easy_read(published: Published, Query(query): Query<EasyQuery>) -> Result<Html<String>, AppError> {
    let file = &*published.file;
    let chosen = round(file, &query);
    let easy = easy::easy_read(file, chosen);
    let page = EasyReadPage {
        chrome: published.chrome(),
        base: published.base.clone(),
        plan_title: file.plan.title.clone(),
        title: easy.title.clone(),
        rounds: round_choices(file, chosen),
        round: chosen.map(|r| r.id.to_string()).unwrap_or_default(),
        sections: sections(&easy),
        credit: pictures::CREDIT,
    };
    Ok(Html(page.render()?))
}

pub async fn get_easy_read_pdf(published: Published, Query(query): Query<EasyQuery>) -> Result<Response, AppError> {
    download(published.file, query, Format::Pdf).await
}
