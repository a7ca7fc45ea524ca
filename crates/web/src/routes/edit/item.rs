//! `GET` and `POST /plans/{slug}/items/{id}/edit`: change an outcome's or priority's own text.
//! Editors change everything; the item's lead changes everything but who leads it.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ItemId, Lead, PlanItem, Problems};
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::{Difference, Field, Kind, annotate, checker, optional};
use crate::access::{ItemToUpdate, PlanEditor};
use crate::auth::Visitor;
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Version, differences};
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Deserialize, Default)]
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
    lead_name: String,
    lead_role: String,
    lead_email: String,
}

impl ItemForm {
    fn from_item(item: &PlanItem, version: i64) -> ItemForm {
        let lead = item.officer_lead.as_ref();
        ItemForm {
            version: Version::new(version),
            number: item.number.clone().unwrap_or_default(),
            title: item.title.clone(),
            summary: item.summary.clone().unwrap_or_default(),
            why_it_matters: item.why_it_matters.clone().unwrap_or_default(),
            key_priority: item.key_priority.clone().unwrap_or_default(),
            young_people_asked: item.young_people_asked.join("\n"),
            young_person_lead: item.young_person_lead.clone().unwrap_or_default(),
            lead_name: lead.map(|l| l.name.clone()).unwrap_or_default(),
            lead_role: lead.and_then(|l| l.role.clone()).unwrap_or_default(),
            lead_email: lead.and_then(|l| l.email.clone()).unwrap_or_default(),
        }
    }

    /// The item as the form would save it. Someone who may not reassign the lead keeps it.
    fn apply(&self, before: &PlanItem, may_change_lead: bool) -> PlanItem {
        let mut item = before.clone();
        item.number = optional(&self.number);
        item.title = self.title.trim().to_string();
        item.summary = optional(&self.summary);
        item.why_it_matters = optional(&self.why_it_matters);
        item.key_priority = optional(&self.key_priority);
        item.young_people_asked = self.young_people_asked.lines().filter_map(optional).collect();
        item.young_person_lead = optional(&self.young_person_lead);
        if may_change_lead {
            item.officer_lead = optional(&self.lead_name).map(|name| Lead {
                name,
                role: optional(&self.lead_role),
                organisation: before.officer_lead.as_ref().and_then(|l| l.organisation),
                email: optional(&self.lead_email),
            });
        }
        item
    }

    fn fields(&self, editor: bool) -> Vec<Field> {
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
        ];
        if editor {
            fields.push(Field::new("lead_name", "Officer lead: name", &self.lead_name, Kind::Input));
            fields.push(Field::new("lead_role", "Officer lead: job title", &self.lead_role, Kind::Input));
            fields.push(
                Field::new("lead_email", "Officer lead: email address", &self.lead_email, Kind::Input)
                    .hint("The lead signs in with this address to update what they lead"),
            );
        }
        fields
    }
}

fn page(
    visitor: &Visitor,
    slug: &str,
    heading: String,
    form: &ItemForm,
    editor: bool,
    problems: &Problems,
    checker: &cypp_domain::plain::Checker,
) -> FormPage {
    let mut fields = form.fields(editor);
    annotate(&mut fields, problems, checker);
    FormPage {
        chrome: Chrome::new(visitor),
        title: format!("Edit {heading}"),
        caption: "Edit the plan".into(),
        action: String::new(),
        back: format!("/plans/{slug}"),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_edit_item(
    State(state): State<AppState>,
    ItemToUpdate { plan, id, editor }: ItemToUpdate,
) -> Result<Html<String>, AppError> {
    let slug = plan.slug();
    let mut tx = state.db.read().await?;
    let current = edit::get_item(&mut tx, id).await?;
    tx.rollback().await?;
    let form = ItemForm::from_item(&current.value, current.version);
    let visitor = Visitor(Some(plan.session.clone()));
    let mut page =
        page(&visitor, slug, current.value.heading(), &form, editor, &Problems::default(), &checker(&plan.file));
    page.action = format!("/plans/{slug}/items/{id}/edit");
    Ok(Html(page.render()?))
}

pub async fn post_edit_item(
    State(state): State<AppState>,
    ItemToUpdate { plan, id, editor }: ItemToUpdate,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let (slug, file) = (plan.slug(), &plan.file);
    let mut tx = state.db.write().await?;
    let current = edit::get_item(&mut tx, id).await?;
    let item = form.apply(&current.value, editor);
    let result = edit::update_item(&mut tx, &plan.actor(), &item, form.version.get()?).await;
    let visitor = Visitor(Some(plan.session.clone()));
    let render = |problems: &Problems, version: i64, conflict: Vec<Difference>| -> Result<Response, AppError> {
        let form = ItemForm::from_item(&item, version);
        let mut page = page(&visitor, slug, current.value.heading(), &form, editor, problems, &checker(file));
        page.action = format!("/plans/{slug}/items/{id}/edit");
        page.conflict = conflict;
        page.unprocessable()
    };
    match result {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}#item-{id}")).into_response())
        }
        Err(StoreError::Invalid(problems)) => render(&problems, form.version.shown(), Vec::new()),
        Err(StoreError::Conflict { actual, .. }) => {
            let theirs = ItemForm::from_item(&current.value, actual);
            let yours = ItemForm::from_item(&item, actual);
            let conflict = differences(theirs.fields(true), yours.fields(true));
            render(&Problems::default(), actual, conflict)
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

fn new_page(plan: &PlanEditor, query: &NewQuery, form: &ItemForm, problems: &Problems) -> Result<FormPage, AppError> {
    let (file, slug) = (&plan.file, plan.slug());
    let (parent, depth) = parent(file, query)?;
    let level = file.plan.level_name(depth).to_string();
    let visitor = Visitor(Some(plan.session.clone()));
    let mut page = page(&visitor, slug, String::new(), form, true, problems, &checker(file));
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
    plan: PlanEditor,
    axum::extract::Query(query): axum::extract::Query<NewQuery>,
) -> Result<Html<String>, AppError> {
    let page = new_page(&plan, &query, &ItemForm::default(), &Problems::default())?;
    Ok(Html(page.render()?))
}

pub async fn post_new_item(
    State(state): State<AppState>,
    plan: PlanEditor,
    axum::extract::Query(query): axum::extract::Query<NewQuery>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let (parent, _) = parent(&plan.file, &query)?;
    let item = form.apply(&PlanItem::new(""), true);
    let mut tx = state.db.write().await?;
    match cypp_store::tree::add_item(&mut tx, &plan.actor(), plan.file.plan.revision_id, parent, &item).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}#item-{id}", plan.slug())).into_response())
        }
        Err(StoreError::Invalid(problems)) => {
            let page = new_page(&plan, &query, &form, &problems)?;
            page.unprocessable()
        }
        Err(e) => Err(e.into()),
    }
}
