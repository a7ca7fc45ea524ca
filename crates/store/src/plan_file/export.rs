//! Reading a whole plan back as a `cypp-plan` file. A fixed number of queries per revision,
//! whatever the size of the plan: each table is read once and the tree assembled in memory.

use std::collections::HashMap;

use cypp_domain::*;
use uuid::Uuid;

use super::rows::*;
use crate::db::Tx;
use crate::{StoreError, vals};

/// The plan with this slug, every revision, measure and round.
pub async fn export(tx: &mut Tx, slug: &str) -> Result<PlanFile, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Found {
        id: Uuid,
    }
    let found: Option<Found> = tx.fetch_optional("SELECT id FROM plans WHERE slug = $1", vals![slug]).await?;
    let found = found.ok_or_else(|| StoreError::not_found("plan", format!("\"{slug}\"")))?;
    export_by_id(tx, PlanId(found.id)).await
}

pub async fn export_by_id(tx: &mut Tx, plan: PlanId) -> Result<PlanFile, StoreError> {
    #[derive(sqlx::FromRow)]
    struct PlanRow {
        partnership_id: Uuid,
    }
    let row: Option<PlanRow> =
        tx.fetch_optional("SELECT partnership_id FROM plans WHERE id = $1", vals![plan.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("plan", plan))?;
    let partnership = read_partnership(tx, PartnershipId(row.partnership_id)).await?;

    let revision_rows: Vec<RevisionRow> =
        tx.fetch_all(&format!("{} WHERE r.plan_id = $1 ORDER BY r.number", revision_select()), vals![plan.0]).await?;
    let mut revisions = Vec::new();
    for revision in revision_rows {
        revisions.push(read_revision(tx, revision).await?);
    }
    let current = revisions.pop().ok_or_else(|| StoreError::not_found("revision of plan", plan))?;
    let measures = read_measures(tx, plan).await?;
    let rounds = read_rounds(tx, plan).await?;
    Ok(PlanFile::new(partnership, current, revisions, measures, rounds))
}

pub(crate) async fn read_partnership(tx: &mut Tx, id: PartnershipId) -> Result<Partnership, StoreError> {
    let row: Option<PartnershipRow> = tx
        .fetch_optional(&format!("SELECT {PARTNERSHIP_COLUMNS} FROM partnerships WHERE id = $1"), vals![id.0])
        .await?;
    let row = row.ok_or_else(|| StoreError::not_found("partnership", id))?;
    let organisations: Vec<OrganisationRow> = tx
        .fetch_all(
            &format!("SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE partnership_id = $1 ORDER BY position"),
            vals![id.0],
        )
        .await?;
    let boards: Vec<BoardRow> = tx
        .fetch_all(
            &format!("SELECT {BOARD_COLUMNS} FROM boards WHERE partnership_id = $1 ORDER BY position"),
            vals![id.0],
        )
        .await?;
    let comparators: Vec<ComparatorRow> = tx
        .fetch_all(
            &format!("SELECT {COMPARATOR_COLUMNS} FROM comparator_groups WHERE partnership_id = $1 ORDER BY position"),
            vals![id.0],
        )
        .await?;
    let jargon: Vec<JargonRow> = tx
        .fetch_all(
            &format!("SELECT {JARGON_COLUMNS} FROM jargon_words WHERE partnership_id = $1 ORDER BY position"),
            vals![id.0],
        )
        .await?;
    Ok(Partnership {
        jargon: jargon
            .into_iter()
            .map(|j| JargonWord { id: JargonWordId(j.id), word: j.word, instead: j.instead })
            .collect(),
        id: PartnershipId(row.id),
        slug: row.slug,
        name: row.name,
        area_name: row.area_name,
        gss_code: row.gss_code,
        description: row.description,
        organisations: organisations.into_iter().map(OrganisationRow::into_domain).collect::<Result<_, _>>()?,
        boards: boards.into_iter().map(BoardRow::into_domain).collect(),
        comparator_groups: comparators.into_iter().map(ComparatorRow::into_domain).collect::<Result<_, _>>()?,
    })
}

pub(crate) async fn read_revision(tx: &mut Tx, row: RevisionRow) -> Result<RevisionContent, StoreError> {
    let id = row.id;
    let history: Vec<StatusChangeRow> = tx
        .fetch_all(
            &format!(
                "SELECT {STATUS_CHANGE_COLUMNS} FROM plan_status_changes WHERE revision_id = $1 ORDER BY position"
            ),
            vals![id],
        )
        .await?;
    let plan = row.into_domain(history.into_iter().map(StatusChangeRow::into_domain).collect::<Result<_, _>>()?)?;
    let sections: Vec<SectionRow> = tx
        .fetch_all(
            &format!("SELECT {SECTION_COLUMNS} FROM plan_sections WHERE revision_id = $1 ORDER BY position"),
            vals![id],
        )
        .await?;
    let principles: Vec<PrincipleRow> = tx
        .fetch_all(
            &format!("SELECT {PRINCIPLE_COLUMNS} FROM principles WHERE revision_id = $1 ORDER BY position"),
            vals![id],
        )
        .await?;
    let themes: Vec<ThemeRow> = tx
        .fetch_all(&format!("SELECT {THEME_COLUMNS} FROM themes WHERE revision_id = $1 ORDER BY position"), vals![id])
        .await?;
    let glossary: Vec<GlossaryRow> = tx
        .fetch_all(
            &format!("SELECT {GLOSSARY_COLUMNS} FROM glossary_terms WHERE revision_id = $1 ORDER BY position"),
            vals![id],
        )
        .await?;
    let items = read_items(tx, RevisionId(id)).await?;
    Ok(RevisionContent {
        plan,
        sections: sections.into_iter().map(SectionRow::into_domain).collect::<Result<_, _>>()?,
        principles: principles.into_iter().map(PrincipleRow::into_domain).collect::<Result<_, _>>()?,
        themes: themes
            .into_iter()
            .map(|t| Theme { id: ThemeId(t.id), name: t.name, description: t.description })
            .collect(),
        glossary: glossary
            .into_iter()
            .map(|g| GlossaryTerm {
                id: GlossaryTermId(g.id),
                term: g.term,
                definition: g.definition,
                aliases: g.aliases.0,
            })
            .collect(),
        items,
    })
}

/// Groups rows by their owner, keeping their order.
fn group<T>(rows: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = HashMap::new();
    for (owner, value) in rows {
        map.entry(owner).or_default().push(value);
    }
    map
}

const IN_REVISION: &str = "item_id IN (SELECT id FROM plan_items WHERE revision_id = $1)";

/// The item tree of one revision, with everything each item holds.
pub(crate) async fn read_items(tx: &mut Tx, revision: RevisionId) -> Result<Vec<PlanItem>, StoreError> {
    let r = revision.0;
    let items: Vec<ItemRow> = tx
        .fetch_all(&format!("SELECT {ITEM_COLUMNS} FROM plan_items WHERE revision_id = $1 ORDER BY position"), vals![r])
        .await?;
    let references: Vec<ReferenceRow> = tx
        .fetch_all(
            &format!("SELECT {REFERENCE_COLUMNS} FROM item_references WHERE {IN_REVISION} ORDER BY position"),
            vals![r],
        )
        .await?;
    let themes: Vec<LinkRow> = tx
        .fetch_all(
            &format!(
                "SELECT item_id AS owner, theme_id AS target FROM item_themes WHERE {IN_REVISION} ORDER BY position"
            ),
            vals![r],
        )
        .await?;
    let measures: Vec<LinkRow> = tx
        .fetch_all(
            &format!(
                "SELECT item_id AS owner, measure_id AS target FROM item_measures WHERE {IN_REVISION} ORDER BY position"
            ),
            vals![r],
        )
        .await?;
    let statements: Vec<SuccessStatementRow> = tx
        .fetch_all(
            &format!(
                "SELECT {SUCCESS_STATEMENT_COLUMNS} FROM success_statements WHERE {IN_REVISION} ORDER BY position"
            ),
            vals![r],
        )
        .await?;
    let statement_measures: Vec<LinkRow> = tx
        .fetch_all(
            &format!(
                "SELECT statement_id AS owner, measure_id AS target FROM success_statement_measures
                 WHERE statement_id IN (SELECT id FROM success_statements WHERE {IN_REVISION}) ORDER BY position"
            ),
            vals![r],
        )
        .await?;
    let actions: Vec<ActionRow> = tx
        .fetch_all(&format!("SELECT {ACTION_COLUMNS} FROM actions WHERE {IN_REVISION} ORDER BY position"), vals![r])
        .await?;
    let milestones: Vec<MilestoneRow> = tx
        .fetch_all(
            &format!("SELECT {MILESTONE_COLUMNS} FROM milestones WHERE action_id IN (SELECT id FROM actions WHERE {IN_REVISION}) ORDER BY position"),
            vals![r],
        )
        .await?;
    let risks: Vec<RiskRow> = tx
        .fetch_all(&format!("SELECT {RISK_COLUMNS} FROM risks WHERE {IN_REVISION} ORDER BY position"), vals![r])
        .await?;
    let finance: Vec<FinanceRow> = tx
        .fetch_all(
            &format!("SELECT {FINANCE_COLUMNS} FROM finance_lines WHERE {IN_REVISION} ORDER BY position"),
            vals![r],
        )
        .await?;

    let mut references = group(references.into_iter().map(|x| (x.item_id, x)));
    let mut themes = group(themes.into_iter().map(|x| (x.owner, ThemeId(x.target))));
    let mut measures = group(measures.into_iter().map(|x| (x.owner, MeasureId(x.target))));
    let mut statement_measures = group(statement_measures.into_iter().map(|x| (x.owner, MeasureId(x.target))));
    let mut statements = group(statements.into_iter().map(|s| {
        let measures = statement_measures.remove(&s.id).unwrap_or_default();
        (s.item_id, SuccessStatement { id: SuccessStatementId(s.id), text: s.text, measures })
    }));
    let mut milestones = group(milestones.into_iter().map(|m| (m.action_id, m.into_domain())));
    let mut actions_by_item: HashMap<Uuid, Vec<Action>> = HashMap::new();
    for row in actions {
        let item = row.item_id;
        let id = row.id;
        let mut action = row.into_domain()?;
        action.milestones = milestones.remove(&id).unwrap_or_default();
        actions_by_item.entry(item).or_default().push(action);
    }
    let mut risks = group(risks.into_iter().map(|x| (x.item_id, x)));
    let mut finance = group(finance.into_iter().map(|x| (x.item_id, x)));

    let mut children: HashMap<Option<Uuid>, Vec<PlanItem>> = HashMap::new();
    for row in items {
        let parent = row.parent_id;
        let id = row.id;
        let mut item = row.into_domain();
        item.references = references
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(ReferenceRow::into_domain)
            .collect::<Result<_, _>>()?;
        item.themes = themes.remove(&id).unwrap_or_default();
        item.measures = measures.remove(&id).unwrap_or_default();
        item.success_statements = statements.remove(&id).unwrap_or_default();
        item.actions = actions_by_item.remove(&id).unwrap_or_default();
        item.risks =
            risks.remove(&id).unwrap_or_default().into_iter().map(RiskRow::into_domain).collect::<Result<_, _>>()?;
        item.finance = finance
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(FinanceRow::into_domain)
            .collect::<Result<_, _>>()?;
        children.entry(parent).or_default().push(item);
    }
    Ok(assemble(None, &mut children))
}

/// Hangs each item under its parent, recursively from the top.
fn assemble(parent: Option<Uuid>, children: &mut HashMap<Option<Uuid>, Vec<PlanItem>>) -> Vec<PlanItem> {
    let mut level = children.remove(&parent).unwrap_or_default();
    for item in &mut level {
        item.items = assemble(Some(item.id.0), children);
    }
    level
}

pub(crate) async fn read_measures(tx: &mut Tx, plan: PlanId) -> Result<Vec<Measure>, StoreError> {
    let p = plan.0;
    let rows: Vec<MeasureRow> = tx
        .fetch_all(&format!("SELECT {MEASURE_COLUMNS} FROM measures WHERE plan_id = $1 ORDER BY position"), vals![p])
        .await?;
    let targets: Vec<TargetRow> = tx
        .fetch_all(
            &format!("SELECT {TARGET_COLUMNS} FROM measure_targets WHERE measure_id IN (SELECT id FROM measures WHERE plan_id = $1) ORDER BY position"),
            vals![p],
        )
        .await?;
    // Comparator series come in the partnership's order of comparators.
    let data: Vec<DataRow> = tx
        .fetch_all(
            &format!(
                "SELECT {DATA_COLUMNS} FROM data_points d
             LEFT JOIN comparator_groups c ON c.id = d.comparator_id
             WHERE d.measure_id IN (SELECT id FROM measures WHERE plan_id = $1)
             ORDER BY d.measure_id, COALESCE(c.position, -1), d.period_start, d.period_end"
            ),
            vals![p],
        )
        .await?;
    let mut targets = group(targets.into_iter().map(|t| (t.measure_id, t)));
    let mut own: HashMap<Uuid, Vec<DataPoint>> = HashMap::new();
    let mut others: HashMap<Uuid, Vec<ComparatorSeries>> = HashMap::new();
    for row in data {
        let measure = row.measure_id;
        let comparator = row.comparator_id;
        let point = row.into_domain()?;
        match comparator {
            None => own.entry(measure).or_default().push(point),
            Some(c) => {
                let series = others.entry(measure).or_default();
                match series.last_mut() {
                    Some(s) if s.comparator.0 == c => s.data.push(point),
                    _ => series.push(ComparatorSeries { comparator: ComparatorId(c), data: vec![point] }),
                }
            }
        }
    }
    let mut measures = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let mut measure = row.into_domain()?;
        measure.targets = targets
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(TargetRow::into_domain)
            .collect::<Result<_, _>>()?;
        measure.data = own.remove(&id).unwrap_or_default();
        measure.comparators = others.remove(&id).unwrap_or_default();
        measures.push(measure);
    }
    Ok(measures)
}

pub(crate) async fn read_rounds(tx: &mut Tx, plan: PlanId) -> Result<Vec<Round>, StoreError> {
    let rows: Vec<RoundRow> = tx
        .fetch_all(&format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE plan_id = $1 ORDER BY position"), vals![plan.0])
        .await?;
    let updates: Vec<UpdateRow> = tx
        .fetch_all(
            &format!("SELECT {UPDATE_COLUMNS} FROM updates WHERE round_id IN (SELECT id FROM rounds WHERE plan_id = $1) ORDER BY position"),
            vals![plan.0],
        )
        .await?;
    let mut updates = group(updates.into_iter().map(|u| (u.round_id, u)));
    let mut rounds = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let mut round = row.into_domain()?;
        round.updates = updates
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(UpdateRow::into_domain)
            .collect::<Result<_, _>>()?;
        rounds.push(round);
    }
    Ok(rounds)
}
