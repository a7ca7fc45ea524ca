//! Bringing an existing plan in, for admins. `GET`/`POST /plans/import` reads a plan document
//! (text, Markdown, HTML, Word, PDF) with cypp's heading profile; `GET /plans/import/{id}`
//! shows the draft as a tree beside the document's lines, each marked with where it went or
//! why it was left out; `POST /plans/import/{id}/change` makes one correction (retitle, merge
//! or remove an item; move, retype or remove an entry; put a left-out line in); `POST
//! /plans/import/{id}` saves the draft as a plan in one transaction; `POST
//! /plans/import/{id}/cancel` forgets it. Nothing reaches the plan tables before "Save".

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ItemId, Problems};
use cypp_plan_reader::parse::parse;
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::{Field as ImportField, Rules};
use cypp_plan_reader::review::{Change, Entry, EntryKind, Lesson, Review, columns_in_words};
use cypp_plan_reader::{Kind as DocKind, read};
use cypp_store::sessions::Session;
use cypp_store::{Actor, StoreError, pending, profiles};
use serde::Deserialize;
use uuid::Uuid;

use crate::access::{Admin, PendingPath};
use crate::csrf::{CsrfForm, CsrfUpload};
use crate::form::{FormPage, Version};
use crate::page::Chrome;
use crate::routes::edit::{Field, Kind, annotate};
use crate::routes::new_plan::{NewPartnershipForm, partnership_field};
use crate::{AppError, AppState};

/// The largest plan document the app reads: a long plan with pictures as Word or PDF.
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;

/// The text fields sent with a plan document.
#[derive(Deserialize)]
#[serde(default)]
pub struct UploadForm {
    format: String,
    #[serde(flatten)]
    partnership: NewPartnershipForm,
}

impl Default for UploadForm {
    fn default() -> UploadForm {
        UploadForm { format: "auto".into(), partnership: NewPartnershipForm::default() }
    }
}

/// One correction on the review page. Which fields it sends depends on `op`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    version: Version,
    op: String,
    item: String,
    to: String,
    under: String,
    kind: String,
    entry_kind: String,
    index: String,
    number: String,
    title: String,
    line: String,
}

/// The plan's own details, sent with "Save".
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SaveForm {
    title: String,
    slug: String,
    level_names: String,
    level_plurals: String,
    /// "yes" to keep what the importer was taught as the partnership's own profile.
    keep: String,
}

/// What a reviewer says of a kind of line.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct TeachForm {
    version: Version,
    line: String,
    /// "level", "field", "furniture" or "table".
    lesson: String,
    name: String,
    field: String,
    /// For a table: what its rows are ("actions", "measures", "success").
    rows: String,
    /// For a table: what its columns hold, in order ("name, baseline, target, lead").
    columns: String,
}

impl TeachForm {
    fn lesson(&self) -> Result<Lesson, String> {
        let line = self
            .line
            .trim()
            .parse::<usize>()
            .map_err(|_| "Give the number of a line of your document, as shown beside it".to_string())?;
        match self.lesson.trim() {
            "level" => Ok(Lesson::Level { line, name: self.name.trim().to_string() }),
            "field" => Ok(Lesson::Field {
                line,
                field: ImportField::from_word(self.field.trim())
                    .ok_or("Choose the part of an item that lines like it head")?,
            }),
            "furniture" => Ok(Lesson::Furniture { line }),
            "table" => Ok(Lesson::Table {
                line,
                field: ImportField::from_word(self.rows.trim())
                    .ok_or("Choose what the table's rows are: actions, measures or success statements")?,
                columns: columns_in_words(&self.columns)?,
            }),
            _ => Err("Choose what lines like it are".into()),
        }
    }
}

fn form_page(session: &Session, form: &UploadForm, problems: &Problems) -> FormPage {
    let formats = [
        ("auto", "Work it out from the file"),
        ("docx", "Word document (.docx)"),
        ("pdf", "PDF with text (not a scan)"),
        ("html", "Web page (.html)"),
        ("markdown", "Markdown"),
        ("text", "Plain text"),
    ]
    .iter()
    .map(|(w, l)| (w.to_string(), l.to_string()))
    .collect();
    let mut fields = vec![
        Field::new("file", "The plan document", "", Kind::File)
            .hint("Your current plan as a Word document, a PDF, a web page or text. Nothing is saved until you have checked it."),
        Field::new("format", "What kind of file is it?", &form.format, Kind::Radios(formats)),
    ];
    if session.user.partnership.is_none() {
        fields.extend(form.partnership.fields());
    }
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "Bring in an existing plan".into(),
        caption: "Read your plan document into a draft you can check".into(),
        action: "/plans/import".into(),
        back: "/".into(),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_form(Admin(session): Admin) -> Result<Html<String>, AppError> {
    Ok(Html(form_page(&session, &UploadForm::default(), &Problems::default()).render()?))
}

pub async fn post_upload(
    State(state): State<AppState>,
    Admin(session): Admin,
    mut upload: CsrfUpload<UploadForm, MAX_UPLOAD>,
) -> Result<Response, AppError> {
    let chosen = upload.take_file("file");
    let form = upload.fields;
    let mut problems = Problems::default();
    if chosen.is_none() {
        problems.push("file", "Choose the plan document to read");
    }
    let format = form.format.trim();
    if format != "auto" && DocKind::from_word(format).is_none() {
        problems.push("format", "Choose what kind of file it is");
    }
    let partnership = match session.user.partnership {
        Some(id) => {
            let mut tx = state.db.read().await?;
            let found = cypp_store::plan_file::partnership(&mut tx, id).await?;
            tx.rollback().await?;
            found
        }
        None => {
            form.partnership.missing(&mut problems);
            form.partnership.partnership()
        }
    };
    let Some((file_name, bytes)) = chosen.filter(|_| problems.is_empty()) else {
        return form_page(&session, &form, &problems).unprocessable();
    };
    // What the partnership's officers taught the importer before, if they kept it.
    let lessons = partnership_lessons(&state, partnership.id).await?;
    let profile =
        lessons.extending_built_in().map_err(|e| AppError::Internal(format!("the partnership's profile: {e}")))?;
    // Reading the document is CPU work of unknown size: off the workers, in turn, and before
    // any transaction, so no one else's save waits for it.
    let kind = DocKind::from_word(format).unwrap_or_else(|| DocKind::detect(&file_name, &bytes));
    let name = file_name.clone();
    let read_and_parsed = crate::parsing::read_off_the_workers(move || {
        read(kind, &name, &bytes).map(|source| {
            let parsed = parse(&source, &profile);
            (source, parsed)
        })
    })
    .await?;
    let (source, parsed) = match read_and_parsed {
        Ok(found) => found,
        Err(e) => {
            problems.push("file", e.to_string());
            return form_page(&session, &form, &problems).unprocessable();
        }
    };
    if let Some(why) = parsed.no_structure(&source, &file_name) {
        problems.push("file", why);
        return form_page(&session, &form, &problems).unprocessable();
    }
    let mut file = plan_file(&parsed, &Owner::of(&partnership));
    file.partnership = partnership;
    // A new partnership's details are checked now: the review page cannot change them.
    if session.user.partnership.is_none() {
        for problem in file.validate().0.iter() {
            if let Some(name) = partnership_field(&problem.path) {
                problems.push(name, problem.message.clone());
            }
        }
        if !problems.is_empty() {
            return form_page(&session, &form, &problems).unprocessable();
        }
    }
    let mut review = Review::new(&file_name, &source, &parsed, file);
    if !lessons.is_empty() {
        review.taught.push("read with your partnership's own profile: what your officers taught cypp before".into());
    }
    review.lessons = lessons;
    review.read_as = Some(kind.word().to_string());
    let json = serde_json::to_string(&review).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.db.write().await?;
    let id = pending::save_plan(&mut tx, session.user.id, &file_name, &json).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/import/{id}")).into_response())
}

/// The rules a partnership's officers taught the importer and kept, or none.
async fn partnership_lessons(state: &AppState, partnership: cypp_domain::PartnershipId) -> Result<Rules, AppError> {
    let mut tx = state.db.read().await?;
    let kept = profiles::find(&mut tx, partnership).await?;
    tx.rollback().await?;
    match kept {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::Internal(format!("the partnership's import profile cannot be read: {e}"))),
        None => Ok(Rules::default()),
    }
}

/// One entry of an item on the review page.
struct EntryRow {
    kind: &'static str,
    index: usize,
    text: String,
    /// What else was read for it: a KPI's baseline and target, an action's lead and due date.
    note: Option<String>,
}

/// One item of the draft's tree.
struct ItemRow {
    id: String,
    depth: usize,
    name: String,
    number: String,
    title: String,
    groups: Vec<(&'static str, Vec<EntryRow>)>,
    other: Vec<(&'static str, String)>,
    /// Where it may be moved: any item but itself and those inside it.
    move_under: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "plan_document.html")]
struct ReviewPage {
    chrome: Chrome,
    id: Uuid,
    version: i64,
    review_title: String,
    file_name: String,
    slug: String,
    level_names: String,
    level_plurals: String,
    items: Vec<ItemRow>,
    lines: Vec<cypp_plan_reader::review::ReviewLine>,
    /// The reader that read the document, in words.
    read_as: Option<&'static str>,
    /// What the importer was taught, in words, and whether there is anything to keep.
    taught: Vec<String>,
    has_lessons: bool,
    /// The parts of an item a heading may head: (word, label).
    fields: Vec<(&'static str, &'static str)>,
    places: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    changes: Vec<String>,
    placed: usize,
    dropped: usize,
    round: Option<String>,
    errors: Vec<String>,
}

impl ReviewPage {
    /// Whether two words are the same (askama compares references of differing depth badly).
    fn same(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

fn review_page(pending: &pending::PendingPlan, review: &Review, session: &Session, errors: Vec<String>) -> ReviewPage {
    let items = review
        .items()
        .into_iter()
        .map(|(depth, item)| {
            let groups = EntryKind::ALL
                .iter()
                .map(|kind| {
                    let rows = review
                        .entries(item, *kind)
                        .into_iter()
                        .zip(review.entry_notes(item, *kind))
                        .enumerate()
                        .map(|(index, (text, note))| EntryRow { kind: kind.word(), index, text, note })
                        .collect::<Vec<_>>();
                    (kind.label(), rows)
                })
                .filter(|(_, rows)| !rows.is_empty())
                .collect();
            let mut other = Vec::new();
            for (label, text) in [
                ("Summary", &item.summary),
                ("Why it matters", &item.why_it_matters),
                ("Key priority", &item.key_priority),
            ] {
                if let Some(text) = text {
                    other.push((label, text.clone()));
                }
            }
            if let Some(lead) = &item.officer_lead {
                other.push(("Lead", lead.name.clone()));
            }
            for r in &item.references {
                other.push(("Reference", r.title.clone()));
            }
            let inside: Vec<ItemId> = item.walk().iter().map(|(_, i)| i.id).collect();
            let move_under = review
                .items()
                .into_iter()
                .filter(|(_, i)| !inside.contains(&i.id))
                .map(|(_, i)| (i.id.0.to_string(), review.name(i.id)))
                .collect();
            ItemRow {
                id: item.id.0.to_string(),
                depth,
                move_under,
                name: review.name(item.id),
                number: item.number.clone().unwrap_or_default(),
                title: item.title.clone(),
                groups,
                other,
            }
        })
        .collect();
    let places = review.items().into_iter().map(|(_, i)| (i.id.0.to_string(), review.name(i.id))).collect();
    let plan = &review.plan;
    let levels = crate::form::Levels::of(&plan.plan);
    ReviewPage {
        chrome: Chrome::signed_in(session),
        id: pending.id,
        version: pending.version,
        review_title: plan.plan.title.clone(),
        file_name: review.file_name.clone(),
        slug: plan.plan.slug.clone(),
        level_names: levels.names,
        level_plurals: levels.plurals,
        items,
        placed: review.lines.iter().filter(|l| l.placed.is_some() || l.added_to.is_some()).count(),
        dropped: review.lines.iter().filter(|l| l.placed.is_none() && l.added_to.is_none()).count(),
        lines: review.lines.clone(),
        places,
        kinds: EntryKind::ALL.iter().map(|k| (k.word(), k.label())).collect(),
        changes: review.changes.clone(),
        taught: review.taught.clone(),
        read_as: review.read_as.as_deref().and_then(DocKind::from_word).map(DocKind::label),
        has_lessons: !review.lessons.is_empty(),
        fields: ImportField::ALL.iter().map(|f| (f.word(), f.label())).collect(),
        round: plan.rounds.first().map(|r| format!("{} ({} updates)", r.name, r.updates.len())),
        errors,
    }
}

async fn pending_review(
    state: &AppState,
    session: &Session,
    id: Uuid,
) -> Result<(pending::PendingPlan, Review), AppError> {
    let mut tx = state.db.read().await?;
    let found = pending::find_plan(&mut tx, id, session.user.id).await?;
    tx.rollback().await?;
    let found = found.ok_or(AppError::NotFound)?;
    let review: Review = serde_json::from_str(&found.review)
        .map_err(|e| AppError::Internal(format!("a kept plan review cannot be read: {e}")))?;
    Ok((found, review))
}

/// What is wrong with a draft, each with where, for the page's error summary.
fn messages(problems: &Problems) -> Vec<String> {
    problems.0.iter().map(|p| format!("{}: {}", p.path, p.message)).collect()
}

fn respond(page: ReviewPage) -> Result<Response, AppError> {
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn get_review(
    State(state): State<AppState>,
    Admin(session): Admin,
    PendingPath(id): PendingPath,
) -> Result<Response, AppError> {
    let (found, review) = pending_review(&state, &session, id).await?;
    respond(review_page(&found, &review, &session, Vec::new()))
}

fn item_id(text: &str) -> Option<ItemId> {
    text.trim().parse::<Uuid>().ok().map(ItemId)
}

impl ChangeForm {
    /// The correction the form asks for.
    fn change(&self) -> Result<Change, String> {
        let item = item_id(&self.item);
        let to = item_id(&self.to);
        let kind = EntryKind::from_word(self.kind.trim());
        let entry = || -> Option<Entry> {
            Some(Entry {
                item: item?,
                kind: EntryKind::from_word(self.entry_kind.trim())?,
                index: self.index.trim().parse().ok()?,
            })
        };
        let missing = || "That form was incomplete; nothing was changed".to_string();
        match self.op.trim() {
            "retitle" => Ok(Change::Retitle {
                item: item.ok_or_else(missing)?,
                number: Some(self.number.trim().to_string()),
                title: self.title.trim().to_string(),
            }),
            "merge" => Ok(Change::Merge {
                item: item.ok_or_else(missing)?,
                into: to.ok_or("Choose the item to merge it into")?,
            }),
            "remove" => Ok(Change::Remove { item: item.ok_or_else(missing)? }),
            // "top" puts it at the top level.
            "move_item" => Ok(Change::MoveItem {
                item: item.ok_or_else(missing)?,
                under: if self.under.trim() == "top" {
                    None
                } else {
                    Some(item_id(&self.under).ok_or("Choose where to move it")?)
                },
            }),
            "move" => Ok(Change::Move {
                entry: entry().ok_or_else(missing)?,
                to: to.ok_or("Choose where to move it")?,
                kind: kind.ok_or("Choose what it is")?,
            }),
            "remove_entry" => Ok(Change::RemoveEntry { entry: entry().ok_or_else(missing)? }),
            "add_line" => Ok(Change::AddLine {
                line: self.line.trim().parse().map_err(|_| missing())?,
                to: to.ok_or("Choose where to put the line")?,
                kind: kind.ok_or("Choose what the line is")?,
            }),
            _ => Err(missing()),
        }
    }

    /// Where the page goes back to after the change: the item changed, unless it has gone.
    fn anchor(&self) -> String {
        match self.op.trim() {
            "remove" | "merge" => String::new(),
            _ => item_id(&self.to).or(item_id(&self.item)).map(|i| format!("#item-{}", i.0)).unwrap_or_default(),
        }
    }
}

/// The draft as it is now, saying that a form was not applied because the draft was changed in
/// another window `when` ("after this page was shown", "at the same moment").
fn changed_elsewhere(
    found: &pending::PendingPlan,
    review: &Review,
    session: &Session,
    when: &str,
    not_done: &str,
) -> Result<Response, AppError> {
    let message =
        format!("The draft was changed in another window {when}; {not_done}. This is the draft as it is now.");
    respond(review_page(found, review, session, vec![message]))
}

/// Keeps a review at the version its form was read at and sends the browser back to it
/// (`anchor` after the address); if another window changed it meanwhile, that change stands and
/// the page says this one was not made.
async fn store_review(
    state: &AppState,
    session: &Session,
    found: &pending::PendingPlan,
    version: i64,
    review: &Review,
    not_done: &str,
    anchor: &str,
) -> Result<Response, AppError> {
    let json = serde_json::to_string(review).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.db.write().await?;
    match pending::update_plan(&mut tx, found.id, session.user.id, version, &json).await {
        Ok(()) => tx.commit().await?,
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let (found, review) = pending_review(state, session, found.id).await?;
            return changed_elsewhere(&found, &review, session, "at the same moment", not_done);
        }
        Err(other) => return Err(other.into()),
    }
    Ok(Redirect::to(&format!("/plans/import/{}{anchor}", found.id)).into_response())
}

pub async fn post_change(
    State(state): State<AppState>,
    Admin(session): Admin,
    PendingPath(id): PendingPath,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> Result<Response, AppError> {
    const NOT_DONE: &str = "your change was not made";
    let (found, mut review) = pending_review(&state, &session, id).await?;
    let version = form.version.get()?;
    if version != found.version {
        return changed_elsewhere(&found, &review, &session, "after this page was shown", NOT_DONE);
    }
    if let Err(message) = form.change().and_then(|change| review.apply(change)) {
        return respond(review_page(&found, &review, &session, vec![message]));
    }
    store_review(&state, &session, &found, version, &review, NOT_DONE, &form.anchor()).await
}

/// A kind of line taught: the whole document is read again with it.
pub async fn post_teach(
    State(state): State<AppState>,
    Admin(session): Admin,
    PendingPath(id): PendingPath,
    CsrfForm(form): CsrfForm<TeachForm>,
) -> Result<Response, AppError> {
    const NOT_DONE: &str = "nothing was taught";
    let (found, mut review) = pending_review(&state, &session, id).await?;
    let version = form.version.get()?;
    if version != found.version {
        return changed_elsewhere(&found, &review, &session, "after this page was shown", NOT_DONE);
    }
    // Reading again is the same CPU work as the upload's: off the workers.
    let (review, result) = crate::parsing::read_off_the_workers(move || {
        let result = form.lesson().and_then(|lesson| review.teach(lesson));
        (review, result)
    })
    .await?;
    if let Err(message) = result {
        return respond(review_page(&found, &review, &session, vec![message]));
    }
    store_review(&state, &session, &found, version, &review, NOT_DONE, "").await
}

pub async fn post_save(
    State(state): State<AppState>,
    Admin(session): Admin,
    PendingPath(id): PendingPath,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> Result<Response, AppError> {
    let (found, mut review) = pending_review(&state, &session, id).await?;
    let plan = &mut review.plan.plan;
    plan.title = form.title.trim().to_string();
    plan.slug = form.slug.trim().to_string();
    let mut problems = Problems::default();
    let levels = crate::form::Levels { names: form.level_names.clone(), plurals: form.level_plurals.clone() };
    let depth = review.plan.items.iter().flat_map(|i| i.walk()).map(|(d, _)| d + 1).max().unwrap_or(0);
    (plan.level_names, plan.level_plurals) = levels.read(depth, &mut problems);
    plan.status_history.iter_mut().for_each(|s| s.by = session.user.email.to_string());
    problems.0.extend(review.plan.validate().0);
    if !problems.is_empty() {
        return respond(review_page(&found, &review, &session, messages(&problems)));
    }
    let mut tx = state.db.write().await?;
    match cypp_store::plan_file::import(&mut tx, &review.plan, &Actor::user(&session.user)).await {
        Ok(_) => {
            if form.keep.trim() == "yes" && !review.lessons.is_empty() {
                let rules = serde_json::to_string(&review.lessons).map_err(|e| AppError::Internal(e.to_string()))?;
                profiles::save(&mut tx, review.plan.partnership.id, &rules, &Actor::user(&session.user)).await?;
            }
            pending::forget_plan(&mut tx, found.id, session.user.id).await?;
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}", review.plan.plan.slug)).into_response())
        }
        Err(StoreError::Duplicate { message, .. }) => {
            drop(tx);
            let errors = vec![format!("Choose another short name for the plan: {message}")];
            respond(review_page(&found, &review, &session, errors))
        }
        Err(StoreError::Invalid(problems)) => {
            drop(tx);
            respond(review_page(&found, &review, &session, messages(&problems)))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn post_cancel(
    State(state): State<AppState>,
    Admin(session): Admin,
    PendingPath(id): PendingPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let (found, _) = pending_review(&state, &session, id).await?;
    let mut tx = state.db.write().await?;
    pending::forget_plan(&mut tx, found.id, session.user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/").into_response())
}
