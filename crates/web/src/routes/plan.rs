//! `GET /plans/{slug}`: the whole plan on one page, as it stands in its current revision, with
//! links to edit what the visitor may change.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use chrono::Utc;
use cypp_domain::PlanStatus;

use crate::access::{Edit, Member, PlanReader};
use crate::markup::Glossary;
use crate::page::Chrome;
use crate::views::{Context, ItemView, Names, PlanHeader};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    chrome: Chrome,
    slug: String,
    plan: PlanHeader,
    items: Vec<ItemView>,
    action_count: usize,
    overdue_count: usize,
    measure_count: usize,
    public_url: Option<String>,
    /// For editors: the current revision's version and the statuses it may move to.
    status_controls: Option<(i64, Vec<(&'static str, &'static str)>)>,
    can_refresh: bool,
    /// Whether the visitor is one of the partnership's people (`access::Member`).
    member: bool,
    /// Admins manage the partnership's people.
    manage: bool,
    refused: bool,
    /// For the partnership's signed-in people: the plan as documents and spreadsheets.
    downloads: Vec<crate::routes::download::Download>,
    downloads_base: String,
}

#[derive(serde::Deserialize)]
pub struct PlanQuery {
    status: Option<String>,
}

pub async fn get_plan(
    State(state): State<AppState>,
    reader: PlanReader,
    Query(query): Query<PlanQuery>,
) -> Result<Html<String>, AppError> {
    let PlanReader { file, visitor } = &reader;
    let slug = file.plan.slug.clone();
    let revision = file.current();
    let mut ctx = Context {
        names: Names::new(&file.partnership, &revision, &file.measures),
        plan: &revision.plan,
        today: Utc::now().date_naive(),
        glossary: Glossary::none(),
        // Edit controls only for its own partnership's people; the role rules in `views` do the rest.
        user: visitor.user().filter(|_| reader.may::<Member>()),
        item_base: None,
        plan_slug: &slug,
    };
    let plan = PlanHeader::new(&file.partnership, &revision, &mut ctx);
    let items = ctx.tree(&revision.items, 2);
    let action_count = items.iter().map(|i| i.actions.len()).sum();
    let overdue_count = items.iter().flat_map(|i| &i.actions).filter(|a| a.overdue).count();
    let public_url = file.latest_published().map(|_| format!("/p/{}/{}", file.partnership.slug, file.plan.slug));
    let editor = reader.may::<Edit>();
    let status_controls = if editor {
        let mut tx = state.db.read().await?;
        let version = cypp_store::edit::get_revision(&mut tx, file.plan.revision_id).await?.version;
        tx.rollback().await?;
        let next = file.plan.status.next().iter().map(|s| (status_word(*s), s.label())).collect();
        Some((version, next))
    } else {
        None
    };
    let page = PlanPage {
        chrome: Chrome::for_partnership(visitor, &file.partnership.name, format!("/plans/{slug}")),
        slug: slug.clone(),
        plan,
        items,
        action_count,
        overdue_count,
        measure_count: file.measures.len(),
        public_url,
        can_refresh: editor && file.plan.status == PlanStatus::Published,
        member: reader.may::<Member>(),
        manage: reader.may::<crate::access::Manage>(),
        status_controls,
        refused: query.status.as_deref() == Some("refused"),
        downloads: if reader.may::<Member>() {
            crate::routes::download::offered(cypp_publish::Audience::Internal)
        } else {
            Vec::new()
        },
        downloads_base: format!("/plans/{slug}/downloads"),
    };
    Ok(Html(page.render()?))
}

/// The word a status is posted as.
fn status_word(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "draft",
        PlanStatus::Consultation => "consultation",
        PlanStatus::Approved => "approved",
        PlanStatus::Published => "published",
        PlanStatus::Archived => "archived",
    }
}
