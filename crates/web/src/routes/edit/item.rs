//! `GET` and `POST /plans/{slug}/items/{id}/edit`: change an outcome's or priority's own text.
//! Editors change everything; the item's lead changes everything but who leads it.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ItemId, PlanItem, Problems};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::lead::{Candidate, LeadForm, candidates};
use super::{Difference, Field, Kind, annotate, checker, optional};
use crate::access::{ItemToUpdate, PlanEditor};
use crate::auth::Visitor;
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Version, differences};
use crate::page::Chrome;
use crate::routes::easy_read::{EASY_HINT, easy_words, picture_choices};
use crate::{AppError, AppState};
use cypp_domain::plain::Checker;
use cypp_publish::pictures;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ItemForm {
    version: Version,
    number: String,
    title: String,
    summary: String,
    why_it_matters: String,
    key_priority: String,
    young_people_asked: String,
    young_person_lead: String,
    easy_words: String,
    picture: String,
    #[serde(flatten)]
    lead: LeadForm,
}

impl ItemForm {
    fn from_item(item: &PlanItem, version: i64, candidates: &[Candidate]) -> ItemForm {
        ItemForm {
            version: Version::new(version),
            number: item.number.clone().unwrap_or_default(),
            title: item.title.clone(),
            summary: item.summary.clone().unwrap_or_default(),
            why_it_matters: item.why_it_matters.clone().unwrap_or_default(),
            key_priority: item.key_priority.clone().unwrap_or_default(),
            young_people_asked: item.young_people_asked.join("\n"),
            young_person_lead: item.young_person_lead.clone().unwrap_or_default(),
            easy_words: item.easy_words.clone().unwrap_or_default(),
            picture: item.picture.clone().unwrap_or_default(),
            lead: LeadForm::from_lead(item.officer_lead.as_ref(), candidates),
        }
    }

    /// The item as the form would save it, or the problems with who leads it and with its easy
    /// words (which must pass the easy-read checks). Someone who may not reassign the lead
    /// keeps it.
    fn apply(
        &self,
        before: &PlanItem,
        may_change_lead: bool,
        candidates: &[Candidate],
        checker: &Checker,
    ) -> Result<PlanItem, Problems> {
        let mut item = before.clone();
        let mut problems = Problems::default();
        item.easy_words = easy_words(&self.easy_words, "easy_words", checker, &mut problems);
        item.picture = match self.picture.trim() {
            "" => None,
            name if pictures::named(name).is_some() => Some(name.to_string()),
            _ => {
                problems.push("picture", "Choose a picture from the list");
                None
            }
        };
        item.number = optional(&self.number);
        item.title = self.title.trim().to_string();
        item.summary = optional(&self.summary);
        item.why_it_matters = optional(&self.why_it_matters);
        item.key_priority = optional(&self.key_priority);
        item.young_people_asked = self.young_people_asked.lines().filter_map(optional).collect();
        item.young_person_lead = optional(&self.young_person_lead);
        if may_change_lead {
            match self.lead.lead(before.officer_lead.as_ref(), candidates) {
                Ok(lead) => item.officer_lead = lead,
                Err(more) => problems.0.extend(more.0),
            }
        }
        problems.into_result().map(|()| item)
    }

    fn fields(&self, editor: bool, candidates: &[Candidate]) -> Vec<Field> {
        let mut fields = vec![
            Field::new("number", "Number", &self.number, Kind::Input).hint("As the plan numbers it, such as 1.2"),
            Field::new("title", "Title", &self.title, Kind::Input),
            Field::new("summary", "Summary", &self.summary, Kind::Textarea(3)),
            Field::new("why_it_matters", "Why is this important?", &self.why_it_matters, Kind::Textarea(5)),
            Field::new("key_priority", "Key priority", &self.key_priority, Kind::Textarea(4)),
            Field::new(
                "young_people_asked",
                "What our children and young people asked us to do",
                &self.young_people_asked,
                Kind::Textarea(4),
            )
            .hint("One on each line"),
            Field::new("young_person_lead", "Young person lead", &self.young_person_lead, Kind::Input),
            Field::new("easy_words", "In easy words, for the easy read", &self.easy_words, Kind::Textarea(5))
                .hint(EASY_HINT),
            Field::new("picture", "Picture beside it in the easy read", &self.picture, picture_choices()),
        ];
        if editor {
            fields.extend(self.lead.fields("Officer lead", candidates));
        }
        fields
    }
}

/// What the item form is shown with.
struct Context<'a> {
    visitor: Visitor,
    slug: &'a str,
    editor: bool,
    checker: cypp_domain::plain::Checker,
    candidates: Vec<Candidate>,
}

impl Context<'_> {
    fn page(&self, heading: String, form: &ItemForm, problems: &Problems) -> FormPage {
        let mut fields = form.fields(self.editor, &self.candidates);
        annotate(&mut fields, problems, &self.checker);
        FormPage {
            chrome: Chrome::new(&self.visitor),
            title: format!("Edit {heading}"),
            caption: "Edit the plan".into(),
            action: String::new(),
            back: format!("/plans/{}", self.slug),
            version: form.version.shown(),
            fields,
            conflict: Vec::new(),
        }
    }
}

async fn context<'a>(
    tx: &mut cypp_store::Tx,
    session: &cypp_store::sessions::Session,
    file: &cypp_domain::PlanFile,
    slug: &'a str,
    editor: bool,
) -> Result<Context<'a>, AppError> {
    Ok(Context {
        visitor: Visitor(Some(session.clone())),
        slug,
        editor,
        checker: checker(file),
        candidates: candidates(tx, file.partnership.id).await?,
    })
}

pub async fn get_edit_item(
    State(state): State<AppState>,
    ItemToUpdate { plan, id, editor }: ItemToUpdate,
) -> Result<Html<String>, AppError> {
    let slug = plan.slug();
    let mut tx = state.db.read().await?;
    let current = edit::get_item(&mut tx, id).await?;
    let context = context(&mut tx, &plan.session, &plan.file, slug, editor).await?;
    tx.rollback().await?;
    let form = ItemForm::from_item(&current.value, current.version, &context.candidates);
    let mut page = context.page(current.value.heading(), &form, &Problems::default());
    page.action = format!("/plans/{slug}/items/{id}/edit");
    Ok(Html(page.render()?))
}

pub async fn post_edit_item(
    State(state): State<AppState>,
    ItemToUpdate { plan, id, editor }: ItemToUpdate,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let slug = plan.slug();
    let mut tx = state.db.write().await?;
    let current = edit::get_item(&mut tx, id).await?;
    let context = context(&mut tx, &plan.session, &plan.file, slug, editor).await?;
    let render = |form: &ItemForm, problems: &Problems, conflict: Vec<Difference>| -> Result<Response, AppError> {
        let mut page = context.page(current.value.heading(), form, problems);
        page.action = format!("/plans/{slug}/items/{id}/edit");
        page.conflict = conflict;
        page.unprocessable()
    };
    let item = match form.apply(&current.value, editor, &context.candidates, &context.checker) {
        Ok(item) => item,
        Err(problems) => return render(&form, &problems, Vec::new()),
    };
    match edit::update_item(&mut tx, &plan.actor(), &item, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}#item-{id}")).into_response())
        }
        Err(StoreError::Invalid(problems)) => render(&form, &problems, Vec::new()),
        Err(StoreError::Conflict { actual, .. }) => {
            let theirs = ItemForm::from_item(&current.value, actual, &context.candidates);
            let yours = ItemForm { version: Version::new(actual), ..form.clone() };
            let (all, candidates) = (true, &context.candidates);
            let conflict = differences(theirs.fields(all, candidates), yours.fields(all, candidates));
            render(&yours, &Problems::default(), conflict)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    parent: Option<String>,
}

/// The parent named in the query, if it is an item of the plan's current revision.
fn parent(file: &cypp_domain::PlanFile, query: &NewQuery) -> Result<(Option<ItemId>, usize), AppError> {
    match query.parent.as_deref().filter(|p| !p.is_empty()) {
        None => Ok((None, 0)),
        Some(text) => {
            let id: ItemId = text.parse().map_err(|_| AppError::NotFound)?;
            let depth = file
                .items
                .iter()
                .flat_map(|i| i.walk())
                .find(|(_, i)| i.id == id)
                .map(|(d, _)| d)
                .ok_or(AppError::NotFound)?;
            Ok((Some(id), depth + 1))
        }
    }
}

fn new_page(
    plan: &PlanEditor,
    context: &Context,
    query: &NewQuery,
    form: &ItemForm,
    problems: &Problems,
) -> Result<FormPage, AppError> {
    let (file, slug) = (&plan.file, plan.slug());
    let (parent, depth) = parent(file, query)?;
    let level = file.plan.level_name(depth).to_string();
    let mut page = context.page(String::new(), form, problems);
    page.title = format!(
        "Add {} {}",
        if level.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" },
        level.to_lowercase()
    );
    page.action = match parent {
        Some(p) => format!("/plans/{slug}/items/new?parent={p}"),
        None => format!("/plans/{slug}/items/new"),
    };
    Ok(page)
}

/// `GET /plans/{slug}/items/new?parent=ID`: the form for a new item under `parent`, or at the top.
pub async fn get_new_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    axum::extract::Query(query): axum::extract::Query<NewQuery>,
) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let context = context(&mut tx, &plan.session, &plan.file, plan.slug(), true).await?;
    tx.rollback().await?;
    let page = new_page(&plan, &context, &query, &ItemForm::default(), &Problems::default())?;
    Ok(Html(page.render()?))
}

pub async fn post_new_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    axum::extract::Query(query): axum::extract::Query<NewQuery>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let (parent, _) = parent(&plan.file, &query)?;
    let mut tx = state.db.write().await?;
    let context = context(&mut tx, &plan.session, &plan.file, plan.slug(), true).await?;
    let item = match form.apply(&PlanItem::new(""), true, &context.candidates, &context.checker) {
        Ok(item) => item,
        Err(problems) => return new_page(&plan, &context, &query, &form, &problems)?.unprocessable(),
    };
    match cypp_store::tree::add_item(&mut tx, &plan.actor(), plan.file.plan.revision_id, parent, &item).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}#item-{id}", plan.slug())).into_response())
        }
        Err(StoreError::Invalid(problems)) => new_page(&plan, &context, &query, &form, &problems)?.unprocessable(),
        Err(e) => Err(e.into()),
    }
}
