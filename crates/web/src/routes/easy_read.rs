//! The easy read (`cypp_publish::easy`) in the app: `/plans/{slug}/easy-read`, where an
//! officer sees it as the public will, with every part still to write in easy words and a
//! link to where each is written, and downloads it (`easy-read.pdf`, `easy-read.html`); and
//! the checks every form with easy words uses (an item's, the plan's, an update's public
//! words), so that what is saved passes the easy-read checks.

use axum::extract::Query;
use axum::response::{Html, Response};
use chrono::Utc;
use cypp_domain::plain::Checker;
use cypp_domain::{PlanFile, Problems, Round, RoundId};
use cypp_publish::easy::{self, EasyRead, Fix};
use cypp_publish::{Format, pictures};
use serde::Deserialize;

use crate::AppError;
use crate::access::PlanEditor;
use crate::form::Kind;
use crate::page::Chrome;
use askama::Template;

/// The hint beside every box of an item's easy words.
pub const EASY_HINT: &str = "For the easy read, for children, young people and families. Its heading on the first line, then one short sentence on each line (15 words or fewer), with no acronyms the jargon buster does not explain. Left blank, the easy read leaves it out and tells you so.";

/// The hint beside the plan's easy words.
pub const EASY_PLAN_HINT: &str = "The opening of the easy read: what the plan is and who it is for. One short sentence on each line (15 words or fewer), with no acronyms the jargon buster does not explain.";

/// Easy words as a form gives them (one line each, blank lines dropped), or None when blank.
/// Words that fail the easy-read checks are a problem at `field`, with every reason.
pub fn easy_words(text: &str, field: &str, checker: &Checker, problems: &mut Problems) -> Option<String> {
    let lines = easy::lines(text);
    if lines.is_empty() {
        return None;
    }
    let text = lines.join("\n");
    let warnings = checker.check_easy(&text);
    if !warnings.is_empty() {
        let reasons: Vec<String> = warnings.iter().map(|w| w.message()).collect();
        problems.push(field, format!("The easy words do not pass the easy-read checks. {}", reasons.join(". ")));
    }
    Some(text)
}

/// The pictures an officer may choose for an item, the first leaving it to the words.
pub fn picture_choices() -> Kind {
    let mut choices = vec![(String::new(), "Chosen from the words".to_string())];
    choices.extend(pictures::PICTURES.iter().map(|p| (p.name.to_string(), p.label.to_string())));
    Kind::Select(choices)
}

/// One part of the easy read as the pages show it.
pub struct SectionView {
    /// The HTML heading level: the page's title is h1.
    pub h: u8,
    pub heading: String,
    pub svg: String,
    pub lines: Vec<(String, String)>,
}

/// The easy read's parts for a page.
pub fn sections(easy: &EasyRead<'_>) -> Vec<SectionView> {
    easy.sections
        .iter()
        .map(|s| SectionView {
            h: s.level + 1,
            heading: s.heading.text.clone(),
            svg: s.heading.picture.inline(),
            lines: s.lines.iter().map(|l| (l.picture.inline(), l.text.clone())).collect(),
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EasyQuery {
    round: String,
}

/// The round asked for, if it is one with public progress; else the newest with it.
pub fn round<'a>(file: &'a PlanFile, query: &EasyQuery) -> Option<&'a Round> {
    let rounds = easy::public_rounds(file);
    let asked: Option<RoundId> = query.round.trim().parse().ok();
    asked.and_then(|id| rounds.iter().copied().find(|r| r.id == id)).or_else(|| rounds.first().copied())
}

/// The rounds to choose from: (id, name, chosen).
pub fn round_choices(file: &PlanFile, chosen: Option<&Round>) -> Vec<(String, String, bool)> {
    easy::public_rounds(file)
        .into_iter()
        .map(|r| (r.id.to_string(), r.name.clone(), chosen.is_some_and(|c| c.id == r.id)))
        .collect()
}

/// A part still to write, with where to write it.
pub struct MissingRow {
    pub what: String,
    pub why: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "easy_read.html")]
struct EasyReadPage {
    chrome: Chrome,
    plan_title: String,
    slug: String,
    rounds: Vec<(String, String, bool)>,
    round: String,
    missing: Vec<MissingRow>,
    public: Option<String>,
    sections: Vec<SectionView>,
    title: String,
    credit: &'static str,
}

/// `GET /plans/{slug}/easy-read[?round=ID]`: the easy read as the public will see it, and what
/// is still to write.
pub async fn get_easy_read(plan: PlanEditor, Query(query): Query<EasyQuery>) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let slug = plan.slug();
    let chosen = round(file, &query);
    let easy = easy::easy_read(file, chosen);
    let missing = easy
        .missing
        .iter()
        .map(|m| MissingRow {
            what: m.what.clone(),
            why: m.why.clone(),
            href: match m.fix {
                Fix::Plan => format!("/plans/{slug}/settings/plan"),
                Fix::Item(id) | Fix::Ask(id) => format!("/plans/{slug}/items/{id}/edit"),
                Fix::Update(round, update) => format!("/plans/{slug}/rounds/{round}/updates/{update}"),
                Fix::Glossary => format!("/plans/{slug}/lists/glossary"),
            },
        })
        .collect();
    let page = EasyReadPage {
        chrome: plan.chrome(),
        plan_title: file.plan.title.clone(),
        slug: slug.to_string(),
        rounds: round_choices(file, chosen),
        round: chosen.map(|r| r.id.to_string()).unwrap_or_default(),
        missing,
        public: file.public_edition().map(|p| format!("/p/{}/{}/easy-read", p.partnership.slug, p.plan.slug)),
        sections: sections(&easy),
        title: easy.title.clone(),
        credit: pictures::CREDIT,
    };
    Ok(Html(page.render()?))
}

/// The easy read of `file` as a file to download, in `format`.
pub async fn download(file: std::sync::Arc<PlanFile>, query: EasyQuery, format: Format) -> Result<Response, AppError> {
    let filename = format!("{}-easy-read.{}", file.plan.slug, format.extension());
    super::download::document(format, filename, move || {
        Ok(easy::easy_read(&file, round(&file, &query)).edition(&file, Utc::now().date_naive()))
    })
    .await
}

/// `GET /plans/{slug}/easy-read.pdf[?round=ID]`
pub async fn get_easy_read_pdf(plan: PlanEditor, Query(query): Query<EasyQuery>) -> Result<Response, AppError> {
    download(plan.file, query, Format::Pdf).await
}

/// `GET /plans/{slug}/easy-read.html[?round=ID]`
pub async fn get_easy_read_html(plan: PlanEditor, Query(query): Query<EasyQuery>) -> Result<Response, AppError> {
    download(plan.file, query, Format::Html).await
}
