//! Column lists for writing domain values, and row structs for reading them back. Both sides of
//! each table sit together here so that a new column is added in one place.

use chrono::{DateTime, NaiveDate, Utc};
use cypp_domain::*;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreError;
use crate::Val;
use crate::codec::{from_word, parse, to_u8, to_u32, word};

pub type Columns = Vec<(&'static str, Val)>;

fn json<T: serde::Serialize>(value: &T) -> Val {
    Val::Json(crate::codec::json(value))
}

fn text(value: &Option<String>) -> Val {
    Val::Text(value.clone())
}

// --- partnership --------------------------------------------------------------------------

pub fn partnership(p: &Partnership) -> Columns {
    let now = crate::codec::now();
    vec![
        ("id", p.id.0.into()),
        ("slug", p.slug.as_str().into()),
        ("name", p.name.as_str().into()),
        ("area_name", p.area_name.as_str().into()),
        ("gss_code", p.gss_code.as_str().into()),
        ("description", text(&p.description)),
        ("created_at", now.into()),
        ("updated_at", now.into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct PartnershipRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub area_name: String,
    pub gss_code: String,
    pub description: Option<String>,
    pub version: i64,
}

/// The columns PartnershipRow reads, named rather than `*` (see `select`).
pub const PARTNERSHIP_COLUMNS: &str = "id, slug, name, area_name, gss_code, description, version";

pub fn organisation(partnership: PartnershipId, position: usize, o: &Organisation) -> Columns {
    vec![
        ("id", o.id.0.into()),
        ("partnership_id", partnership.0.into()),
        ("position", (position as i64).into()),
        ("name", o.name.as_str().into()),
        ("kind", word(&o.kind).into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
}

/// The columns OrganisationRow reads, named rather than `*` (see `select`).
pub const ORGANISATION_COLUMNS: &str = "id, name, kind";

impl OrganisationRow {
    pub fn into_domain(self) -> Result<Organisation, StoreError> {
        Ok(Organisation {
            id: OrganisationId(self.id),
            name: self.name,
            kind: from_word("organisations.kind", &self.kind)?,
        })
    }
}

pub fn jargon_word(partnership: PartnershipId, position: usize, j: &JargonWord) -> Columns {
    vec![
        ("id", j.id.0.into()),
        ("partnership_id", partnership.0.into()),
        ("position", (position as i64).into()),
        ("word", j.word.as_str().into()),
        ("instead", j.instead.as_str().into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct JargonRow {
    pub id: Uuid,
    pub word: String,
    pub instead: String,
}

/// The columns JargonRow reads, named rather than `*` (see `select`).
pub const JARGON_COLUMNS: &str = "id, word, instead";

pub fn board(partnership: PartnershipId, position: usize, b: &Board) -> Columns {
    vec![
        ("id", b.id.0.into()),
        ("partnership_id", partnership.0.into()),
        ("position", (position as i64).into()),
        ("name", b.name.as_str().into()),
        ("description", text(&b.description)),
        ("officer_email", text(&b.officer_email)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct BoardRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub officer_email: Option<String>,
}

/// The columns BoardRow reads, named rather than `*` (see `select`).
pub const BOARD_COLUMNS: &str = "id, name, description, officer_email";

impl BoardRow {
    pub fn into_domain(self) -> Board {
        Board {
            id: BoardId(self.id),
            name: self.name,
            description: self.description,
            officer_email: self.officer_email,
        }
    }
}

pub fn comparator(partnership: PartnershipId, position: usize, c: &ComparatorGroup) -> Columns {
    vec![
        ("id", c.id.0.into()),
        ("partnership_id", partnership.0.into()),
        ("position", (position as i64).into()),
        ("name", c.name.as_str().into()),
        ("kind", word(&c.kind).into()),
        ("area_code", text(&c.area_code)),
        ("members", json(&c.members)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct ComparatorRow {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub area_code: Option<String>,
    pub members: Json<Vec<String>>,
}

/// The columns ComparatorRow reads, named rather than `*` (see `select`).
pub const COMPARATOR_COLUMNS: &str = "id, name, kind, area_code, members";

impl ComparatorRow {
    pub fn into_domain(self) -> Result<ComparatorGroup, StoreError> {
        Ok(ComparatorGroup {
            id: ComparatorId(self.id),
            name: self.name,
            kind: from_word("comparator_groups.kind", &self.kind)?,
            area_code: self.area_code,
            members: self.members.0,
        })
    }
}

// --- plan and revision ---------------------------------------------------------------------

pub fn revision(p: &Plan) -> Columns {
    vec![
        ("id", p.revision_id.0.into()),
        ("plan_id", p.id.0.into()),
        ("number", i64::from(p.revision).into()),
        ("label", text(&p.revision_label)),
        ("title", p.title.as_str().into()),
        ("period_start", p.period.start.into()),
        ("period_end", p.period.end.into()),
        ("status", word(&p.status).into()),
        ("vision", text(&p.vision)),
        ("purpose", text(&p.purpose)),
        ("easy_words", text(&p.easy_words)),
        ("level_names", json(&p.level_names)),
        ("level_plurals", json(&p.level_plurals)),
        ("signoff_board_id", p.signoff_board.map(|b| b.0).into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct RevisionRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub slug: String,
    pub number: i64,
    pub label: Option<String>,
    pub title: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: String,
    pub vision: Option<String>,
    pub purpose: Option<String>,
    pub easy_words: Option<String>,
    pub level_names: Json<Vec<String>>,
    pub level_plurals: Json<Vec<String>>,
    pub signoff_board_id: Option<Uuid>,
    pub version: i64,
}

/// The columns RevisionRow reads, named rather than `*` (see `select`).
pub const REVISION_COLUMNS: &str = "r.id, r.plan_id, p.slug, r.number, r.label, r.title, r.period_start, r.period_end, r.status, r.vision, r.purpose, r.easy_words, r.level_names, r.level_plurals, r.signoff_board_id, r.version";

impl RevisionRow {
    pub fn into_domain(self, status_history: Vec<StatusChange>) -> Result<Plan, StoreError> {
        Ok(Plan {
            id: PlanId(self.plan_id),
            slug: self.slug,
            revision_id: RevisionId(self.id),
            revision: to_u32("plan_revisions.number", self.number)?,
            revision_label: self.label,
            title: self.title,
            period: PlanPeriod { start: self.period_start, end: self.period_end },
            status: from_word("plan_revisions.status", &self.status)?,
            status_history,
            vision: self.vision,
            purpose: self.purpose,
            easy_words: self.easy_words,
            level_names: self.level_names.0,
            level_plurals: self.level_plurals.0,
            signoff_board: self.signoff_board_id.map(BoardId),
        })
    }
}

/// Reads revisions with their plan's slug; add a `WHERE` clause.
pub fn revision_select() -> String {
    format!("SELECT {REVISION_COLUMNS} FROM plan_revisions r JOIN plans p ON p.id = r.plan_id")
}

pub fn status_change(revision: RevisionId, position: usize, s: &StatusChange) -> Columns {
    vec![
        ("id", Uuid::new_v4().into()),
        ("revision_id", revision.0.into()),
        ("position", (position as i64).into()),
        ("status", word(&s.status).into()),
        ("changed_at", s.at.into()),
        ("changed_by", s.by.as_str().into()),
        ("note", text(&s.note)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct StatusChangeRow {
    pub status: String,
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
    pub note: Option<String>,
}

/// The columns StatusChangeRow reads, named rather than `*` (see `select`).
pub const STATUS_CHANGE_COLUMNS: &str = "status, changed_at, changed_by, note";

impl StatusChangeRow {
    pub fn into_domain(self) -> Result<StatusChange, StoreError> {
        Ok(StatusChange {
            status: from_word("plan_status_changes.status", &self.status)?,
            at: self.changed_at,
            by: self.changed_by,
            note: self.note,
        })
    }
}

pub fn section(revision: RevisionId, position: usize, s: &Section) -> Columns {
    vec![
        ("id", s.id.0.into()),
        ("revision_id", revision.0.into()),
        ("position", (position as i64).into()),
        ("kind", word(&s.kind).into()),
        ("title", s.title.as_str().into()),
        ("body", s.body.as_str().into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct SectionRow {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
}

/// The columns SectionRow reads, named rather than `*` (see `select`).
pub const SECTION_COLUMNS: &str = "id, kind, title, body";

impl SectionRow {
    pub fn into_domain(self) -> Result<Section, StoreError> {
        Ok(Section {
            id: SectionId(self.id),
            kind: from_word("plan_sections.kind", &self.kind)?,
            title: self.title,
            body: self.body,
        })
    }
}

pub fn principle(revision: RevisionId, position: usize, p: &Principle) -> Columns {
    vec![
        ("id", p.id.0.into()),
        ("revision_id", revision.0.into()),
        ("position", (position as i64).into()),
        ("kind", word(&p.kind).into()),
        ("title", p.title.as_str().into()),
        ("description", text(&p.description)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct PrincipleRow {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
}

/// The columns PrincipleRow reads, named rather than `*` (see `select`).
pub const PRINCIPLE_COLUMNS: &str = "id, kind, title, description";

impl PrincipleRow {
    pub fn into_domain(self) -> Result<Principle, StoreError> {
        Ok(Principle {
            id: PrincipleId(self.id),
            kind: from_word("principles.kind", &self.kind)?,
            title: self.title,
            description: self.description,
        })
    }
}

pub fn theme(revision: RevisionId, position: usize, t: &Theme) -> Columns {
    vec![
        ("id", t.id.0.into()),
        ("revision_id", revision.0.into()),
        ("position", (position as i64).into()),
        ("name", t.name.as_str().into()),
        ("description", text(&t.description)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct ThemeRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
}

/// The columns ThemeRow reads, named rather than `*` (see `select`).
pub const THEME_COLUMNS: &str = "id, name, description";

pub fn glossary_term(revision: RevisionId, position: usize, g: &GlossaryTerm) -> Columns {
    vec![
        ("id", g.id.0.into()),
        ("revision_id", revision.0.into()),
        ("position", (position as i64).into()),
        ("term", g.term.as_str().into()),
        ("definition", g.definition.as_str().into()),
        ("aliases", json(&g.aliases)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct GlossaryRow {
    pub id: Uuid,
    pub term: String,
    pub definition: String,
    pub aliases: Json<Vec<String>>,
}

/// The columns GlossaryRow reads, named rather than `*` (see `select`).
pub const GLOSSARY_COLUMNS: &str = "id, term, definition, aliases";

// --- items ---------------------------------------------------------------------------------

fn lead_columns(lead: &Option<Lead>) -> [(&'static str, Val); 4] {
    [
        ("lead_name", lead.as_ref().map(|l| l.name.clone()).into()),
        ("lead_role", lead.as_ref().and_then(|l| l.role.clone()).into()),
        ("lead_organisation_id", lead.as_ref().and_then(|l| l.organisation).map(|o| o.0).into()),
        ("lead_email", lead.as_ref().and_then(|l| l.email.clone()).into()),
    ]
}

fn lead_from(
    name: Option<String>,
    role: Option<String>,
    organisation: Option<Uuid>,
    email: Option<String>,
) -> Option<Lead> {
    name.map(|name| Lead { name, role, organisation: organisation.map(OrganisationId), email })
}

/// The item's own columns, without its place in the tree.
pub fn item_fields(i: &PlanItem) -> Columns {
    let mut cols = vec![
        ("number", text(&i.number)),
        ("title", i.title.as_str().into()),
        ("summary", text(&i.summary)),
        ("why_it_matters", text(&i.why_it_matters)),
        ("key_priority", text(&i.key_priority)),
        ("young_people_asked", json(&i.young_people_asked)),
        ("lead_board_id", i.lead_board.map(|b| b.0).into()),
        ("young_person_lead", text(&i.young_person_lead)),
        ("easy_words", text(&i.easy_words)),
        ("picture", text(&i.picture)),
        ("origin_id", i.origin.map(|o| o.0).into()),
    ];
    cols.extend(lead_columns(&i.officer_lead));
    cols
}

pub fn item(revision: RevisionId, parent: Option<ItemId>, position: usize, i: &PlanItem) -> Columns {
    let mut cols = vec![
        ("id", i.id.0.into()),
        ("revision_id", revision.0.into()),
        ("parent_id", parent.map(|p| p.0).into()),
        ("position", (position as i64).into()),
    ];
    cols.extend(item_fields(i));
    cols
}

#[derive(sqlx::FromRow)]
pub struct ItemRow {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub number: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub why_it_matters: Option<String>,
    pub key_priority: Option<String>,
    pub young_people_asked: Json<Vec<String>>,
    pub lead_board_id: Option<Uuid>,
    pub lead_name: Option<String>,
    pub lead_role: Option<String>,
    pub lead_organisation_id: Option<Uuid>,
    pub lead_email: Option<String>,
    pub young_person_lead: Option<String>,
    pub easy_words: Option<String>,
    pub picture: Option<String>,
    pub origin_id: Option<Uuid>,
    pub version: i64,
}

/// The columns ItemRow reads, named rather than `*` (see `select`).
pub const ITEM_COLUMNS: &str = "id, parent_id, number, title, summary, why_it_matters, key_priority, young_people_asked, lead_board_id, lead_name, lead_role, lead_organisation_id, lead_email, young_person_lead, easy_words, picture, origin_id, version";

impl ItemRow {
    /// The item alone; its lists are filled in by the caller.
    pub fn into_domain(self) -> PlanItem {
        PlanItem {
            id: ItemId(self.id),
            number: self.number,
            title: self.title,
            summary: self.summary,
            why_it_matters: self.why_it_matters,
            key_priority: self.key_priority,
            young_people_asked: self.young_people_asked.0,
            lead_board: self.lead_board_id.map(BoardId),
            officer_lead: lead_from(self.lead_name, self.lead_role, self.lead_organisation_id, self.lead_email),
            young_person_lead: self.young_person_lead,
            easy_words: self.easy_words,
            picture: self.picture,
            references: Vec::new(),
            themes: Vec::new(),
            measures: Vec::new(),
            success_statements: Vec::new(),
            actions: Vec::new(),
            risks: Vec::new(),
            finance: Vec::new(),
            items: Vec::new(),
            origin: self.origin_id.map(ItemId),
        }
    }
}

pub fn reference(item: ItemId, position: usize, r: &Reference) -> Columns {
    vec![
        ("id", r.id.0.into()),
        ("item_id", item.0.into()),
        ("position", (position as i64).into()),
        ("kind", word(&r.kind).into()),
        ("title", r.title.as_str().into()),
        ("detail", text(&r.detail)),
        ("url", text(&r.url)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct ReferenceRow {
    pub id: Uuid,
    pub item_id: Uuid,
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    pub url: Option<String>,
}

/// The columns ReferenceRow reads, named rather than `*` (see `select`).
pub const REFERENCE_COLUMNS: &str = "id, item_id, kind, title, detail, url";

impl ReferenceRow {
    pub fn into_domain(self) -> Result<Reference, StoreError> {
        Ok(Reference {
            id: ReferenceId(self.id),
            kind: from_word("item_references.kind", &self.kind)?,
            title: self.title,
            detail: self.detail,
            url: self.url,
        })
    }
}

/// A row of a link table (item_themes, item_measures, success_statement_measures).
#[derive(sqlx::FromRow)]
pub struct LinkRow {
    pub owner: Uuid,
    pub target: Uuid,
}

pub fn success_statement(item: ItemId, position: usize, s: &SuccessStatement) -> Columns {
    vec![
        ("id", s.id.0.into()),
        ("item_id", item.0.into()),
        ("position", (position as i64).into()),
        ("text", s.text.as_str().into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct SuccessStatementRow {
    pub id: Uuid,
    pub item_id: Uuid,
    pub text: String,
}

/// The columns SuccessStatementRow reads, named rather than `*` (see `select`).
pub const SUCCESS_STATEMENT_COLUMNS: &str = "id, item_id, text";

/// The action's own columns, without its place in the tree.
pub fn action_fields(a: &Action) -> Columns {
    let mut cols = vec![
        ("number", text(&a.number)),
        ("title", a.title.as_str().into()),
        ("detail", text(&a.detail)),
        ("partners", json(&a.partners)),
        ("start_date", a.start_date.into()),
        ("due_date", a.due_date.into()),
        ("status", word(&a.status).into()),
        ("completed_on", a.completed_on.into()),
        ("origin_id", a.origin.map(|o| o.0).into()),
        ("answers", json(&a.answers)),
    ];
    cols.extend(lead_columns(&a.lead));
    cols
}

pub fn action(item: ItemId, position: usize, a: &Action) -> Columns {
    let mut cols = vec![("id", a.id.0.into()), ("item_id", item.0.into()), ("position", (position as i64).into())];
    cols.extend(action_fields(a));
    cols
}

#[derive(sqlx::FromRow)]
pub struct ActionRow {
    pub id: Uuid,
    pub item_id: Uuid,
    pub number: Option<String>,
    pub title: String,
    pub detail: Option<String>,
    pub lead_name: Option<String>,
    pub lead_role: Option<String>,
    pub lead_organisation_id: Option<Uuid>,
    pub lead_email: Option<String>,
    pub partners: Json<Vec<OrganisationId>>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub status: String,
    pub completed_on: Option<NaiveDate>,
    pub origin_id: Option<Uuid>,
    pub answers: Json<Vec<String>>,
    pub version: i64,
}

/// The columns ActionRow reads, named rather than `*` (see `select`).
pub const ACTION_COLUMNS: &str = "id, item_id, number, title, detail, lead_name, lead_role, lead_organisation_id, lead_email, partners, start_date, due_date, status, completed_on, origin_id, answers, version";

impl ActionRow {
    /// The action alone; milestones are filled in by the caller.
    pub fn into_domain(self) -> Result<Action, StoreError> {
        Ok(Action {
            id: ActionId(self.id),
            number: self.number,
            title: self.title,
            detail: self.detail,
            lead: lead_from(self.lead_name, self.lead_role, self.lead_organisation_id, self.lead_email),
            partners: self.partners.0,
            start_date: self.start_date,
            due_date: self.due_date,
            status: from_word("actions.status", &self.status)?,
            completed_on: self.completed_on,
            milestones: Vec::new(),
            origin: self.origin_id.map(ActionId),
            answers: self.answers.0,
        })
    }
}

pub fn milestone(action: ActionId, position: usize, m: &Milestone) -> Columns {
    vec![
        ("id", m.id.0.into()),
        ("action_id", action.0.into()),
        ("position", (position as i64).into()),
        ("title", m.title.as_str().into()),
        ("due_date", m.due_date.into()),
        ("done_on", m.done_on.into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct MilestoneRow {
    pub id: Uuid,
    pub action_id: Uuid,
    pub title: String,
    pub due_date: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

/// The columns MilestoneRow reads, named rather than `*` (see `select`).
pub const MILESTONE_COLUMNS: &str = "id, action_id, title, due_date, done_on";

impl MilestoneRow {
    pub fn into_domain(self) -> Milestone {
        Milestone { id: MilestoneId(self.id), title: self.title, due_date: self.due_date, done_on: self.done_on }
    }
}

pub fn risk(item: ItemId, position: usize, r: &Risk) -> Columns {
    vec![
        ("id", r.id.0.into()),
        ("item_id", item.0.into()),
        ("position", (position as i64).into()),
        ("title", r.title.as_str().into()),
        ("description", text(&r.description)),
        ("likelihood", i64::from(r.likelihood).into()),
        ("impact", i64::from(r.impact).into()),
        ("owner", text(&r.owner)),
        ("mitigation", text(&r.mitigation)),
        ("status", word(&r.status).into()),
    ]
}

#[derive(sqlx::FromRow)]
pub struct RiskRow {
    pub id: Uuid,
    pub item_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub likelihood: i64,
    pub impact: i64,
    pub owner: Option<String>,
    pub mitigation: Option<String>,
    pub status: String,
}

/// The columns RiskRow reads, named rather than `*` (see `select`).
pub const RISK_COLUMNS: &str = "id, item_id, title, description, likelihood, impact, owner, mitigation, status";

impl RiskRow {
    pub fn into_domain(self) -> Result<Risk, StoreError> {
        Ok(Risk {
            id: RiskId(self.id),
            title: self.title,
            description: self.description,
            likelihood: to_u8("risks.likelihood", self.likelihood)?,
            impact: to_u8("risks.impact", self.impact)?,
            owner: self.owner,
            mitigation: self.mitigation,
            status: from_word("risks.status", &self.status)?,
        })
    }
}

pub fn finance_line(item: ItemId, position: usize, f: &FinanceLine) -> Columns {
    vec![
        ("id", f.id.0.into()),
        ("item_id", item.0.into()),
        ("position", (position as i64).into()),
        ("description", f.description.as_str().into()),
        ("funding_source", text(&f.funding_source)),
        ("year", f.year.code().into()),
        ("budget_pence", f.budget_pence.into()),
        ("forecast_pence", f.forecast_pence.into()),
        ("spent_pence", f.spent_pence.into()),
        ("note", text(&f.note)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct FinanceRow {
    pub id: Uuid,
    pub item_id: Uuid,
    pub description: String,
    pub funding_source: Option<String>,
    pub year: String,
    pub budget_pence: i64,
    pub forecast_pence: Option<i64>,
    pub spent_pence: Option<i64>,
    pub note: Option<String>,
}

/// The columns FinanceRow reads, named rather than `*` (see `select`).
pub const FINANCE_COLUMNS: &str =
    "id, item_id, description, funding_source, year, budget_pence, forecast_pence, spent_pence, note";

impl FinanceRow {
    pub fn into_domain(self) -> Result<FinanceLine, StoreError> {
        Ok(FinanceLine {
            id: FinanceLineId(self.id),
            description: self.description,
            funding_source: self.funding_source,
            year: parse("finance_lines.year", &self.year)?,
            budget_pence: self.budget_pence,
            forecast_pence: self.forecast_pence,
            spent_pence: self.spent_pence,
            note: self.note,
        })
    }
}

// --- measures ------------------------------------------------------------------------------

/// The measure's own columns, without its data and targets.
pub fn measure_fields(m: &Measure) -> Columns {
    vec![
        ("slug", m.slug.as_str().into()),
        ("name", m.name.as_str().into()),
        ("definition", text(&m.definition)),
        ("unit", word(&m.unit).into()),
        ("decimals", i64::from(m.decimals).into()),
        ("direction", word(&m.direction).into()),
        ("frequency", word(&m.frequency).into()),
        ("period_type", word(&m.period_type).into()),
        ("source", text(&m.source)),
        ("source_url", text(&m.source_url)),
        ("category", m.category.as_ref().map(word).into()),
        ("baseline_period", m.baseline.as_ref().map(|b| b.period.code()).into()),
        ("baseline_value", m.baseline.as_ref().map(|b| b.value).into()),
        ("baseline_note", m.baseline.as_ref().and_then(|b| b.note.clone()).into()),
        ("tolerance", m.tolerance.into()),
        ("suppress_small_numbers", m.suppress_small_numbers.into()),
        ("suppression_threshold", m.suppression_threshold.map(i64::from).into()),
        ("spc_rebase_at", rebase_codes(&m.spc.rebase_at).into()),
        ("spc_fix_after", m.spc.fix_after.map(i64::from).into()),
        ("spc_screen_outliers", m.spc.screen_outliers.into()),
        ("spc_run_length", i64::from(m.spc.run_length).into()),
    ]
}

/// The periods at which a measure's SPC limits start again, as a JSON array of period codes
/// (NULL when there are none).
fn rebase_codes(periods: &[Period]) -> Option<String> {
    (!periods.is_empty())
        .then(|| serde_json::Value::from(periods.iter().map(Period::code).collect::<Vec<_>>()).to_string())
}

pub fn measure(plan: PlanId, position: usize, m: &Measure) -> Columns {
    let mut cols = vec![
        ("id", m.id.0.into()),
        ("plan_id", plan.0.into()),
        ("position", (position as i64).into()),
        ("since_revision", m.since_revision.map(i64::from).into()),
    ];
    cols.extend(measure_fields(m));
    cols
}

#[derive(sqlx::FromRow)]
pub struct MeasureRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub definition: Option<String>,
    pub unit: String,
    pub decimals: i64,
    pub direction: String,
    pub frequency: String,
    pub period_type: String,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub category: Option<String>,
    pub baseline_period: Option<String>,
    pub baseline_value: Option<f64>,
    pub baseline_note: Option<String>,
    pub tolerance: Option<f64>,
    pub suppress_small_numbers: bool,
    pub suppression_threshold: Option<i64>,
    pub spc_rebase_at: Option<String>,
    pub spc_fix_after: Option<i64>,
    pub spc_screen_outliers: bool,
    pub spc_run_length: i64,
    pub since_revision: Option<i64>,
    pub version: i64,
}

/// The columns MeasureRow reads, named rather than `*` (see `select`).
pub const MEASURE_COLUMNS: &str = "id, slug, name, definition, unit, decimals, direction, frequency, period_type, source, source_url, category, baseline_period, baseline_value, baseline_note, tolerance, suppress_small_numbers, suppression_threshold, spc_rebase_at, spc_fix_after, spc_screen_outliers, spc_run_length, since_revision, version";

impl MeasureRow {
    /// The measure alone; targets and data are filled in by the caller.
    pub fn into_domain(self) -> Result<Measure, StoreError> {
        let baseline = match (self.baseline_period, self.baseline_value) {
            (Some(period), Some(value)) => {
                Some(Baseline { period: parse("measures.baseline_period", &period)?, value, note: self.baseline_note })
            }
            _ => None,
        };
        Ok(Measure {
            id: MeasureId(self.id),
            slug: self.slug,
            name: self.name,
            definition: self.definition,
            unit: from_word("measures.unit", &self.unit)?,
            decimals: to_u8("measures.decimals", self.decimals)?,
            direction: from_word("measures.direction", &self.direction)?,
            frequency: from_word("measures.frequency", &self.frequency)?,
            period_type: from_word("measures.period_type", &self.period_type)?,
            source: self.source,
            source_url: self.source_url,
            category: self.category.map(|c| from_word("measures.category", &c)).transpose()?,
            baseline,
            targets: Vec::new(),
            tolerance: self.tolerance,
            suppress_small_numbers: self.suppress_small_numbers,
            suppression_threshold: self
                .suppression_threshold
                .map(|t| to_u32("measures.suppression_threshold", t))
                .transpose()?,
            data: Vec::new(),
            comparators: Vec::new(),
            spc: SpcSettings {
                rebase_at: match &self.spc_rebase_at {
                    Some(json) => serde_json::from_str::<Vec<String>>(json)
                        .map_err(|_| StoreError::Corrupt { column: "measures.spc_rebase_at", value: json.clone() })?
                        .iter()
                        .map(|code| parse("measures.spc_rebase_at", code))
                        .collect::<Result<_, _>>()?,
                    None => Vec::new(),
                },
                fix_after: self.spc_fix_after.map(|n| to_u32("measures.spc_fix_after", n)).transpose()?,
                screen_outliers: self.spc_screen_outliers,
                run_length: to_u8("measures.spc_run_length", self.spc_run_length)?,
            },
            since_revision: self.since_revision.map(|n| to_u32("measures.since_revision", n)).transpose()?,
        })
    }
}

/// A target's own columns: what can change when it is edited.
pub fn target_fields(t: &Target) -> Columns {
    let (kind, value, comparator) = match t.kind {
        TargetKind::Absolute { value } => ("absolute", value, None),
        TargetKind::FromBaseline { change_percent } => ("from_baseline", change_percent, None),
        TargetKind::CloseGap { comparator, gap_closed_percent } => {
            ("close_gap", gap_closed_percent, Some(comparator.0))
        }
    };
    vec![
        ("period", t.period.code().into()),
        ("kind", kind.into()),
        ("value", value.into()),
        ("comparator_id", comparator.into()),
        ("note", text(&t.note)),
    ]
}

pub fn target(measure: MeasureId, position: usize, t: &Target) -> Columns {
    let mut cols =
        vec![("id", t.id.0.into()), ("measure_id", measure.0.into()), ("position", (position as i64).into())];
    cols.extend(target_fields(t));
    cols
}

#[derive(sqlx::FromRow)]
pub struct TargetRow {
    pub id: Uuid,
    pub measure_id: Uuid,
    pub period: String,
    pub kind: String,
    pub value: f64,
    pub comparator_id: Option<Uuid>,
    pub note: Option<String>,
    pub version: i64,
}

/// The columns TargetRow reads, named rather than `*` (see `select`).
pub const TARGET_COLUMNS: &str = "id, measure_id, period, kind, value, comparator_id, note, version";

impl TargetRow {
    pub fn into_domain(self) -> Result<Target, StoreError> {
        let kind = match (self.kind.as_str(), self.comparator_id) {
            ("absolute", _) => TargetKind::Absolute { value: self.value },
            ("from_baseline", _) => TargetKind::FromBaseline { change_percent: self.value },
            ("close_gap", Some(c)) => {
                TargetKind::CloseGap { comparator: ComparatorId(c), gap_closed_percent: self.value }
            }
            _ => return Err(StoreError::Corrupt { column: "measure_targets.kind", value: self.kind }),
        };
        Ok(Target {
            id: TargetId(self.id),
            period: parse("measure_targets.period", &self.period)?,
            kind,
            note: self.note,
        })
    }
}

pub fn data_point(measure: MeasureId, comparator: Option<ComparatorId>, d: &DataPoint) -> Columns {
    let (value, symbol) = match d.value {
        Reading::Number(n) => (Some(n), None),
        Reading::Symbol(s) => (None, Some(s.code().to_string())),
    };
    let mut columns: Columns = vec![
        ("id", Uuid::new_v4().into()),
        ("measure_id", measure.0.into()),
        ("comparator_id", comparator.map(|c| c.0).into()),
        ("period", d.period.code().into()),
        ("period_start", d.period.start().into()),
        ("period_end", d.period.end().into()),
        ("value", value.into()),
        ("symbol", symbol.into()),
        ("numerator", d.numerator.into()),
        ("denominator", d.denominator.into()),
        ("ci_lower", d.ci.map(|c| c.lower).into()),
        ("ci_upper", d.ci.map(|c| c.upper).into()),
        ("ci_level", d.ci.map(|c| c.level).into()),
        ("ci998_lower", d.ci_998.map(|c| c.lower).into()),
        ("ci998_upper", d.ci_998.map(|c| c.upper).into()),
        ("ci_computed", d.ci_computed.into()),
        ("provisional", d.provisional.into()),
        ("note", text(&d.note)),
    ];
    let england = d.standing.and_then(|s| s.england);
    let neighbours = d.standing.and_then(|s| s.neighbours);
    let count = |r: Option<Ranking>, f: fn(&Ranking) -> u32| Val::from(r.map(|r| i64::from(f(&r))));
    let quartile = |i: usize| Val::from(england.and_then(|r| r.quartiles).map(|q| q[i]));
    columns.extend([
        ("england_of", count(england, |r| r.of)),
        ("england_higher", count(england, |r| r.higher)),
        ("england_lower", count(england, |r| r.lower)),
        ("quartile_lower", quartile(0)),
        ("quartile_median", quartile(1)),
        ("quartile_upper", quartile(2)),
        ("neighbours_of", count(neighbours, |r| r.of)),
        ("neighbours_higher", count(neighbours, |r| r.higher)),
        ("neighbours_lower", count(neighbours, |r| r.lower)),
    ]);
    columns
}

#[derive(sqlx::FromRow)]
pub struct DataRow {
    pub measure_id: Uuid,
    pub comparator_id: Option<Uuid>,
    pub period: String,
    pub value: Option<f64>,
    pub symbol: Option<String>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub ci_lower: Option<f64>,
    pub ci_upper: Option<f64>,
    pub ci_level: Option<f64>,
    pub ci998_lower: Option<f64>,
    pub ci998_upper: Option<f64>,
    pub ci_computed: bool,
    pub provisional: bool,
    pub note: Option<String>,
    pub england_of: Option<i64>,
    pub england_higher: Option<i64>,
    pub england_lower: Option<i64>,
    pub quartile_lower: Option<f64>,
    pub quartile_median: Option<f64>,
    pub quartile_upper: Option<f64>,
    pub neighbours_of: Option<i64>,
    pub neighbours_higher: Option<i64>,
    pub neighbours_lower: Option<i64>,
}

/// The columns DataRow reads, named rather than `*` (see `select`).
pub const DATA_COLUMNS: &str = "d.measure_id, d.comparator_id, d.period, d.value, d.symbol, d.numerator, d.denominator, d.ci_lower, d.ci_upper, d.ci_level, d.ci998_lower, d.ci998_upper, d.ci_computed, d.provisional, d.note, d.england_of, d.england_higher, d.england_lower, d.quartile_lower, d.quartile_median, d.quartile_upper, d.neighbours_of, d.neighbours_higher, d.neighbours_lower";

/// A ranking from its three counts, all or none of them stored.
fn ranking(
    column: &'static str,
    counts: (Option<i64>, Option<i64>, Option<i64>),
    quartiles: Option<[f64; 3]>,
) -> Result<Option<Ranking>, StoreError> {
    let number = |n: i64| u32::try_from(n).map_err(|_| StoreError::Corrupt { column, value: n.to_string() });
    match counts {
        (Some(of), Some(higher), Some(lower)) => {
            Ok(Some(Ranking { of: number(of)?, higher: number(higher)?, lower: number(lower)?, quartiles }))
        }
        (None, None, None) => Ok(None),
        _ => Err(StoreError::Corrupt { column, value: "some of the counts but not all".into() }),
    }
}

impl DataRow {
    pub fn into_domain(self) -> Result<DataPoint, StoreError> {
        let value = match (self.value, self.symbol) {
            (Some(n), _) => Reading::Number(n),
            (None, Some(s)) => Reading::Symbol(
                Symbol::from_code(&s).ok_or(StoreError::Corrupt { column: "data_points.symbol", value: s })?,
            ),
            (None, None) => return Err(StoreError::Corrupt { column: "data_points.value", value: "NULL".into() }),
        };
        let ci = match (self.ci_lower, self.ci_upper, self.ci_level) {
            (Some(lower), Some(upper), Some(level)) => Some(ConfidenceInterval { lower, upper, level }),
            _ => None,
        };
        Ok(DataPoint {
            period: parse("data_points.period", &self.period)?,
            value,
            numerator: self.numerator,
            denominator: self.denominator,
            ci,
            ci_998: match (self.ci998_lower, self.ci998_upper) {
                (Some(lower), Some(upper)) => Some(ConfidenceInterval { lower, upper, level: 99.8 }),
                _ => None,
            },
            ci_computed: self.ci_computed,
            provisional: self.provisional,
            note: self.note,
            standing: {
                let quartiles = match (self.quartile_lower, self.quartile_median, self.quartile_upper) {
                    (Some(l), Some(m), Some(u)) => Some([l, m, u]),
                    _ => None,
                };
                let england = ranking(
                    "data_points.england_of",
                    (self.england_of, self.england_higher, self.england_lower),
                    quartiles,
                )?;
                let neighbours = ranking(
                    "data_points.neighbours_of",
                    (self.neighbours_of, self.neighbours_higher, self.neighbours_lower),
                    None,
                )?;
                (england.is_some() || neighbours.is_some()).then_some(Standing { england, neighbours })
            },
        })
    }
}

// --- rounds --------------------------------------------------------------------------------

pub fn round(plan: PlanId, position: usize, r: &Round) -> Columns {
    vec![
        ("id", r.id.0.into()),
        ("plan_id", plan.0.into()),
        ("revision_id", r.revision_id.0.into()),
        ("position", (position as i64).into()),
        ("name", r.name.as_str().into()),
        ("period", r.period.map(|p| p.code()).into()),
        ("opens_on", r.opens_on.into()),
        ("due_on", r.due_on.into()),
        ("status", word(&r.status).into()),
        ("asked", json(&r.asked)),
        ("report", r.report.as_ref().map_or(Val::NullJson, json)),
    ]
}

#[derive(sqlx::FromRow)]
pub struct RoundRow {
    pub id: Uuid,
    pub revision_id: Uuid,
    pub name: String,
    pub period: Option<String>,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    pub status: String,
    pub asked: Json<Vec<Ask>>,
    pub report: Option<Json<CommitteeReport>>,
    pub version: i64,
}

/// The columns RoundRow reads, named rather than `*` (see `select`).
pub const ROUND_COLUMNS: &str = "id, revision_id, name, period, opens_on, due_on, status, asked, report, version";

impl RoundRow {
    pub fn into_domain(self) -> Result<Round, StoreError> {
        Ok(Round {
            id: RoundId(self.id),
            name: self.name,
            period: self.period.map(|p| parse("rounds.period", &p)).transpose()?,
            revision_id: RevisionId(self.revision_id),
            opens_on: self.opens_on,
            due_on: self.due_on,
            status: from_word("rounds.status", &self.status)?,
            asked: self.asked.0,
            updates: Vec::new(),
            report: self.report.map(|r| r.0),
        })
    }
}

pub fn update_fields(u: &Update) -> Columns {
    vec![
        ("item_id", u.item.map(|i| i.0).into()),
        ("action_id", u.action.map(|a| a.0).into()),
        ("author", u.author.as_str().into()),
        ("author_email", text(&u.author_email)),
        ("rag", u.rag.as_ref().map(word).into()),
        ("action_status", u.action_status.as_ref().map(word).into()),
        ("working_well", text(&u.working_well)),
        ("worried_about", text(&u.worried_about)),
        ("next_steps", text(&u.next_steps)),
        ("evidence", json(&u.evidence)),
        ("submitted_at", u.submitted_at.into()),
        ("status", word(&u.status).into()),
        ("review", u.review.as_ref().map_or(Val::NullJson, json)),
        ("versions", json(&u.versions)),
        ("public", u.public.as_ref().map_or(Val::NullJson, json)),
    ]
}

pub fn update(round: RoundId, position: usize, u: &Update) -> Columns {
    let mut cols = vec![("id", u.id.0.into()), ("round_id", round.0.into()), ("position", (position as i64).into())];
    cols.extend(update_fields(u));
    cols
}

#[derive(sqlx::FromRow)]
pub struct UpdateRow {
    pub id: Uuid,
    pub round_id: Uuid,
    pub item_id: Option<Uuid>,
    pub action_id: Option<Uuid>,
    pub author: String,
    pub author_email: Option<String>,
    pub rag: Option<String>,
    pub action_status: Option<String>,
    pub working_well: Option<String>,
    pub worried_about: Option<String>,
    pub next_steps: Option<String>,
    pub evidence: Json<Vec<Link>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub status: String,
    pub review: Option<Json<Review>>,
    pub versions: Json<Vec<UpdateVersion>>,
    pub public: Option<Json<PublicSummary>>,
    pub version: i64,
}

/// The columns UpdateRow reads, named rather than `*` (see `select`).
pub const UPDATE_COLUMNS: &str = "id, round_id, item_id, action_id, author, author_email, rag, action_status, working_well, worried_about, next_steps, evidence, submitted_at, status, review, versions, public, version";

impl UpdateRow {
    pub fn into_domain(self) -> Result<Update, StoreError> {
        Ok(Update {
            id: UpdateId(self.id),
            item: self.item_id.map(ItemId),
            action: self.action_id.map(ActionId),
            author: self.author,
            author_email: self.author_email,
            rag: self.rag.map(|r| from_word("updates.rag", &r)).transpose()?,
            action_status: self.action_status.map(|s| from_word("updates.action_status", &s)).transpose()?,
            working_well: self.working_well,
            worried_about: self.worried_about,
            next_steps: self.next_steps,
            evidence: self.evidence.0,
            submitted_at: self.submitted_at,
            status: from_word("updates.status", &self.status)?,
            review: self.review.map(|r| r.0),
            versions: self.versions.0,
            public: self.public.map(|p| p.0),
        })
    }
}
