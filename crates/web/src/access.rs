//! Who may call a handler, as types in its signature. An extractor here loads what the address
//! names, checks the visitor against one rule and hands the handler what it loaded, so a
//! handler body never checks a role or parses an id:
//!
//! - [`PlanReader`]: the plan in `{slug}`, read under the published-or-partnership rule;
//! - [`PlanMember`], [`PlanEditor`], [`PlanAdmin`]: the plan in `{slug}` for a signed-in
//!   person of its partnership, any role, an admin or editor, or an admin;
//! - [`Admin`]: an admin, of a partnership or system-wide (they start plans);
//! - [`Published`]: the public edition of the plan in `/p/{partnership}/{plan}`;
//! - [`ItemPath`], [`ActionPath`], [`MeasurePath`], [`TargetPath`]: an id in the address that
//!   must belong to the plan those extractors loaded, else 404, so an id from another
//!   partnership looks exactly like one that does not exist;
//! - [`ItemToUpdate`], [`ActionToUpdate`]: an item or action the signed-in person may update
//!   (editors, and the lead it names);
//! - [`ListPlace`]: one of the plan's short lists, for the people who may change it.
//!
//! The rules themselves are [`Rule`] types, used by the templates too, so a control is shown
//! only to someone the same rule lets use it.

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use cypp_domain::{
    Action, ActionId, ComparatorId, ItemId, MilestoneId, PlanFile, PlanItem, PlanStatus, RevisionContent, RoundId,
    TargetId, UpdateId, User,
};
use cypp_store::lists::{self, ListKind, Parent, Record};
use cypp_store::sessions::Session;
use uuid::Uuid;

use crate::auth::{CurrentSession, Visitor};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// A rule about what a person may do with a plan.
pub trait Rule: Send + Sync + 'static {
    /// Whether `user` (none for a visitor who has not signed in) may do it to `file`.
    fn allows(user: Option<&User>, file: &PlanFile) -> bool;
}

/// Read the plan: its partnership's signed-in people the current revision; anyone else the
/// public edition (`PlanFile::public_edition`), once a revision is published.
pub struct Read;
/// Anyone signed in who belongs to the plan's partnership (or a system-wide admin).
pub struct Member;
/// Admins and editors of the plan's partnership: they write the plan.
pub struct Edit;
/// Admins of the plan's partnership: they manage its settings and partnership lists.
pub struct Manage;

impl Rule for Read {
    fn allows(user: Option<&User>, file: &PlanFile) -> bool {
        file.plan.status == PlanStatus::Published || Member::allows(user, file)
    }
}

impl Rule for Member {
    fn allows(user: Option<&User>, file: &PlanFile) -> bool {
        user.is_some_and(|u| u.belongs_to(file.partnership.id))
    }
}

impl Rule for Edit {
    fn allows(user: Option<&User>, file: &PlanFile) -> bool {
        user.is_some_and(|u| u.can_edit_plan()) && Member::allows(user, file)
    }
}

impl Rule for Manage {
    fn allows(user: Option<&User>, file: &PlanFile) -> bool {
        user.is_some_and(|u| u.is_admin()) && Member::allows(user, file)
    }
}

/// The plan an extractor let through, kept in the request so that the path extractors after it
/// look ids up in it rather than loading it again.
#[derive(Clone)]
struct Allowed {
    file: Arc<PlanFile>,
    /// The revision the address is about: the current one, or the newest published one.
    revision: Arc<RevisionContent>,
}

impl Allowed {
    fn items(&self) -> impl Iterator<Item = &PlanItem> {
        self.revision.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i)
    }

    fn from_parts(parts: &Parts) -> Result<Allowed, AppError> {
        parts.extensions.get::<Allowed>().cloned().ok_or_else(|| {
            AppError::Internal(format!("{}: a path id was read before the plan it belongs to", parts.uri.path()))
        })
    }
}

/// A named segment of the address.
pub async fn param(parts: &mut Parts, name: &str) -> Result<String, AppError> {
    let params = RawPathParams::from_request_parts(parts, &()).await.map_err(|_| AppError::NotFound)?;
    params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .ok_or_else(|| AppError::Internal(format!("the route has no {{{name}}} in its path")))
}

/// A segment of the address parsed as an id; one that does not parse is a page not found.
async fn id_param<T: std::str::FromStr>(parts: &mut Parts, name: &str) -> Result<T, AppError> {
    param(parts, name).await?.parse().map_err(|_| AppError::NotFound)
}

fn visitor(parts: &Parts) -> Visitor {
    Visitor(parts.extensions.get::<CurrentSession>().and_then(|s| s.0.clone()))
}

/// The signed-in session, or the sign-in page (coming back here afterwards).
fn session(parts: &Parts) -> Result<Session, AppError> {
    visitor(parts).0.ok_or_else(|| AppError::SignIn {
        next: parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string(),
    })
}

async fn load(state: &AppState, slug: &str) -> Result<PlanFile, AppError> {
    let mut tx = state.db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, slug).await?;
    tx.rollback().await?;
    Ok(file)
}

/// The plan in `{slug}`, checked against `R`: someone not signed in is asked to (or, reading,
/// told there is no such page); someone signed in whom the rule refuses gets 403.
async fn checked<R: Rule>(parts: &mut Parts, state: &AppState, signed_in: bool) -> Result<Arc<PlanFile>, AppError> {
    let visitor = visitor(parts);
    if signed_in {
        session(parts)?;
    }
    let file = load(state, &param(parts, "slug").await?).await?;
    // Anyone outside the partnership sees only what the public may: the published revision,
    // its measures and figures with small numbers suppressed, no progress updates.
    let file = match file.public_edition() {
        Some(public) if !Member::allows(visitor.user(), &file) => public,
        _ => file,
    };
    if !R::allows(visitor.user(), &file) {
        return Err(if visitor.user().is_some() { AppError::Forbidden } else { AppError::NotFound });
    }
    let file = Arc::new(file);
    let revision = Arc::new(file.current());
    parts.extensions.insert(Allowed { file: file.clone(), revision });
    Ok(file)
}

/// The plan in `{slug}` for anyone `Read` allows.
pub struct PlanReader {
    pub file: Arc<PlanFile>,
    pub visitor: Visitor,
}

impl FromRequestParts<AppState> for PlanReader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let file = checked::<Read>(parts, state, false).await?;
        Ok(PlanReader { file, visitor: visitor(parts) })
    }
}

impl PlanReader {
    /// Whether the visitor may also do what `R` allows, for the controls a page offers.
    pub fn may<R: Rule>(&self) -> bool {
        R::allows(self.visitor.user(), &self.file)
    }

    pub fn slug(&self) -> &str {
        &self.file.plan.slug
    }
}

/// The plan in `{slug}` for a signed-in person `R` allows.
pub struct PlanAccess<R> {
    pub file: Arc<PlanFile>,
    pub session: Session,
    rule: PhantomData<R>,
}

pub type PlanMember = PlanAccess<Member>;
pub type PlanEditor = PlanAccess<Edit>;
pub type PlanAdmin = PlanAccess<Manage>;

impl<R: Rule> FromRequestParts<AppState> for PlanAccess<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let file = checked::<R>(parts, state, true).await?;
        Ok(PlanAccess { file, session: session(parts)?, rule: PhantomData })
    }
}

impl<R> PlanAccess<R> {
    pub fn user(&self) -> &User {
        &self.session.user
    }

    pub fn slug(&self) -> &str {
        &self.file.plan.slug
    }

    /// Whether this person may also do what `Other` allows.
    pub fn may<Other: Rule>(&self) -> bool {
        Other::allows(Some(&self.session.user), &self.file)
    }

    pub fn chrome(&self) -> Chrome {
        Chrome::signed_in(&self.session)
    }

    /// Who is making the change, for the audit trail.
    pub fn actor(&self) -> cypp_store::Actor {
        cypp_store::Actor::user(&self.session.user)
    }
}

/// An admin, of a partnership or system-wide: they start new plans and bring plans in.
pub struct Admin(pub Session);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let session = session(parts)?;
        if session.user.is_admin() { Ok(Admin(session)) } else { Err(AppError::Forbidden) }
    }
}

/// The public edition of the plan at `/p/{partnership}/{plan}` (its newest published
/// revision, suppressed figures), for everyone.
pub struct Published {
    pub file: Arc<PlanFile>,
    pub revision: Arc<RevisionContent>,
    pub visitor: Visitor,
    /// `/p/{partnership}/{plan}`
    pub base: String,
}

impl FromRequestParts<AppState> for Published {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let partnership = param(parts, "partnership").await?;
        let file = load(state, &param(parts, "plan").await?).await?;
        if file.partnership.slug != partnership {
            return Err(AppError::NotFound);
        }
        // The public site is the public edition for everyone, the partnership's people too.
        let file = file.public_edition().ok_or(AppError::NotFound)?;
        let revision = Arc::new(file.current());
        let base = format!("/p/{}/{}", file.partnership.slug, file.plan.slug);
        let file = Arc::new(file);
        parts.extensions.insert(Allowed { file: file.clone(), revision: revision.clone() });
        Ok(Published { file, revision, visitor: visitor(parts), base })
    }
}

/// `{item}`: an item of the revision the address is about.
pub struct ItemPath(pub ItemId);

impl FromRequestParts<AppState> for ItemPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let id: ItemId = id_param(parts, "item").await?;
        let allowed = Allowed::from_parts(parts)?;
        if allowed.items().any(|i| i.id == id) { Ok(ItemPath(id)) } else { Err(AppError::NotFound) }
    }
}

/// `{action}`: an action of the revision the address is about.
pub struct ActionPath(pub ActionId);

impl FromRequestParts<AppState> for ActionPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let id: ActionId = id_param(parts, "action").await?;
        let allowed = Allowed::from_parts(parts)?;
        if allowed.items().flat_map(|i| &i.actions).any(|a| a.id == id) {
            Ok(ActionPath(id))
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// `{measure}`: one of the plan's measures, by its short name; `index` is its place in
/// `PlanFile::measures`.
pub struct MeasurePath {
    pub index: usize,
}

impl FromRequestParts<AppState> for MeasurePath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let slug = param(parts, "measure").await?;
        let allowed = Allowed::from_parts(parts)?;
        let index = allowed.file.measures.iter().position(|m| m.slug == slug).ok_or(AppError::NotFound)?;
        Ok(MeasurePath { index })
    }
}

/// `{round}`: one of the plan's reporting rounds, by id; `index` is its place in
/// `PlanFile::rounds`. Outside the partnership the plan has no rounds, so none is found.
pub struct RoundPath {
    pub index: usize,
}

impl FromRequestParts<AppState> for RoundPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let id: RoundId = id_param(parts, "round").await?;
        let allowed = Allowed::from_parts(parts)?;
        let index = allowed.file.rounds.iter().position(|r| r.id == id).ok_or(AppError::NotFound)?;
        Ok(RoundPath { index })
    }
}

/// `{update}` in `{round}`: one update of one of the plan's rounds, by id, as places in
/// `PlanFile::rounds` and its `updates`.
pub struct UpdatePath {
    pub round: usize,
    pub update: usize,
}

impl FromRequestParts<AppState> for UpdatePath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let RoundPath { index } = RoundPath::from_request_parts(parts, state).await?;
        let id: UpdateId = id_param(parts, "update").await?;
        let allowed = Allowed::from_parts(parts)?;
        let update = allowed.file.rounds[index].updates.iter().position(|u| u.id == id).ok_or(AppError::NotFound)?;
        Ok(UpdatePath { round: index, update })
    }
}

/// `{target}`: one of the targets of the measure in `{measure}`.
pub struct TargetPath(pub TargetId);

impl FromRequestParts<AppState> for TargetPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MeasurePath { index } = MeasurePath::from_request_parts(parts, state).await?;
        let id: TargetId = id_param(parts, "target").await?;
        let allowed = Allowed::from_parts(parts)?;
        if allowed.file.measures[index].targets.iter().any(|t| t.id == id) {
            Ok(TargetPath(id))
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// `{comparator}`: one of the comparator groups of the plan's partnership.
pub struct ComparatorPath(pub ComparatorId);

impl FromRequestParts<AppState> for ComparatorPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let id: ComparatorId = id_param(parts, "comparator").await?;
        let allowed = Allowed::from_parts(parts)?;
        if allowed.file.partnership.comparator_groups.iter().any(|c| c.id == id) {
            Ok(ComparatorPath(id))
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// `{milestone}`: one of the milestones of the action in `{action}`.
pub struct MilestonePath(pub MilestoneId);

impl FromRequestParts<AppState> for MilestonePath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ActionPath(action) = ActionPath::from_request_parts(parts, state).await?;
        let id: MilestoneId = id_param(parts, "milestone").await?;
        let allowed = Allowed::from_parts(parts)?;
        let found = allowed.items().flat_map(|i| &i.actions).filter(|a| a.id == action).flat_map(|a| &a.milestones);
        if found.into_iter().any(|m| m.id == id) { Ok(MilestonePath(id)) } else { Err(AppError::NotFound) }
    }
}

/// `{upload}` or `{draft}`: a file waiting for its uploader to confirm it. The store only finds
/// it for the person who uploaded it.
pub struct PendingPath(pub Uuid);

impl FromRequestParts<AppState> for PendingPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let name = if parts.uri.path().starts_with("/plans/import/") { "draft" } else { "upload" };
        id_param(parts, name).await.map(PendingPath)
    }
}

/// An item of the plan in `{slug}` that the signed-in person may update: editors change any,
/// a lead only the one that names them.
pub struct ItemToUpdate {
    pub plan: PlanMember,
    pub id: ItemId,
    /// Whether they may change everything (editors) or only the item's own words (its lead).
    pub editor: bool,
}

impl FromRequestParts<AppState> for ItemToUpdate {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let plan = PlanMember::from_request_parts(parts, state).await?;
        let ItemPath(id) = ItemPath::from_request_parts(parts, state).await?;
        let allowed = Allowed::from_parts(parts)?;
        let lead = allowed.items().find(|i| i.id == id).and_then(|i| i.officer_lead.clone());
        if !plan.user().can_update(lead.as_ref()) {
            return Err(AppError::Forbidden);
        }
        let editor = plan.may::<Edit>();
        Ok(ItemToUpdate { plan, id, editor })
    }
}

/// An action of the plan in `{slug}` that the signed-in person may update: editors change any,
/// a lead only the ones that name them.
pub struct ActionToUpdate {
    pub plan: PlanMember,
    pub id: ActionId,
    pub editor: bool,
}

impl FromRequestParts<AppState> for ActionToUpdate {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let plan = PlanMember::from_request_parts(parts, state).await?;
        let ActionPath(id) = ActionPath::from_request_parts(parts, state).await?;
        let allowed = Allowed::from_parts(parts)?;
        let action: Option<&Action> = allowed.items().flat_map(|i| &i.actions).find(|a| a.id == id);
        if !plan.user().can_update(action.and_then(|a| a.lead.as_ref())) {
            return Err(AppError::Forbidden);
        }
        let editor = plan.may::<Edit>();
        Ok(ActionToUpdate { plan, id, editor })
    }
}

/// An update in `{round}` that the signed-in person may review (accept, or return with a
/// comment): editors any, a board's officer those on what their board leads
/// (`User::may_review`).
pub struct UpdateReviewer {
    pub plan: PlanMember,
    pub path: UpdatePath,
}

impl FromRequestParts<AppState> for UpdateReviewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let plan = PlanMember::from_request_parts(parts, state).await?;
        let path = UpdatePath::from_request_parts(parts, state).await?;
        let update = &plan.file.rounds[path.round].updates[path.update];
        if !plan.user().may_review(&plan.file, update) {
            return Err(AppError::Forbidden);
        }
        Ok(UpdateReviewer { plan, path })
    }
}

/// One of the plan's short lists (`{kind}`), for those who may change it: the partnership's
/// lists (organisations, boards, jargon) for its admins, the plan's and its items' lists for
/// admins and editors. An item's list names the item in `?item=`.
pub struct ListPlace {
    pub plan: PlanMember,
    pub kind: &'static ListKind,
    /// The record the list hangs from: the revision, the partnership or an item.
    pub parent: Uuid,
    /// What the list belongs to, for headings.
    pub owner: String,
    /// `?item=…` for item lists, else empty.
    pub query: String,
    /// `/plans/{slug}/lists/{kind}`
    pub base: String,
}

#[derive(serde::Deserialize, Default)]
struct ItemQuery {
    item: Option<String>,
}

impl FromRequestParts<AppState> for ListPlace {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let key = param(parts, "kind").await?;
        let plan = PlanMember::from_request_parts(parts, state).await?;
        let kind = lists::kind(&key).ok_or(AppError::NotFound)?;
        let allowed = match kind.parent {
            Parent::Partnership => plan.may::<Manage>(),
            Parent::Revision | Parent::Item => plan.may::<Edit>(),
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let file = &plan.file;
        let (parent, owner, query) = match kind.parent {
            Parent::Revision => (file.plan.revision_id.0, file.plan.title.clone(), String::new()),
            Parent::Partnership => (file.partnership.id.0, file.partnership.name.clone(), String::new()),
            Parent::Item => {
                let query =
                    axum::extract::Query::<ItemQuery>::try_from_uri(&parts.uri).map_err(|_| AppError::NotFound)?;
                let id: ItemId = query.item.as_deref().and_then(|i| i.parse().ok()).ok_or(AppError::NotFound)?;
                let allowed = Allowed::from_parts(parts)?;
                let item = allowed.items().find(|i| i.id == id).ok_or(AppError::NotFound)?;
                (id.0, item.heading(), format!("?item={id}"))
            }
        };
        let base = format!("/plans/{}/lists/{key}", file.plan.slug);
        parts.extensions.insert(ListParent { kind, parent });
        Ok(ListPlace { plan, kind, parent, owner, query, base })
    }
}

/// The list a [`ListPlace`] let through, for the [`EntryPath`] after it.
#[derive(Clone, Copy)]
struct ListParent {
    kind: &'static ListKind,
    parent: Uuid,
}

/// `{entry}`: a record of the list in [`ListPlace`] (which must come first in the handler),
/// as it stands now; a record of another list is a page not found.
pub struct EntryPath(pub Record);

impl FromRequestParts<AppState> for EntryPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let id: Uuid = id_param(parts, "entry").await?;
        let list = parts
            .extensions
            .get::<ListParent>()
            .copied()
            .ok_or_else(|| AppError::Internal("a list entry was read before its list".into()))?;
        let mut tx = state.db.read().await?;
        let found = lists::get(&mut tx, list.kind, id).await?;
        tx.rollback().await?;
        if found.parent == list.parent { Ok(EntryPath(found)) } else { Err(AppError::NotFound) }
    }
}
