//! Writing a whole plan file into the database, in the caller's transaction, with one audit
//! event. If any statement fails the caller's transaction is dropped and nothing is kept.

use cypp_domain::plan_file::RevisionRef;
use cypp_domain::{AuditAction, ItemId, PlanFile, PlanItem};
use serde::Serialize;

use super::{insert, rows, upsert};
use crate::audit::{Change, record};
use crate::db::{Count, Tx};
use crate::{Actor, StoreError, dialect, vals};

/// What an import wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub plan: String,
    pub revisions: usize,
    pub items: usize,
    pub actions: usize,
    pub glossary_terms: usize,
    pub measures: usize,
    pub data_points: usize,
    pub rounds: usize,
    pub updates: usize,
}

/// Writes `file` (already validated by `PlanFile::from_json` or built by code and checked with
/// `validate`). Fails if a plan with the same slug or id is already stored.
pub async fn import(tx: &mut Tx, file: &PlanFile, actor: &Actor) -> Result<ImportSummary, StoreError> {
    write(tx, file, actor, AuditAction::Import).await
}

/// Creates a new plan (and its partnership, if that is new too) from a file holding only the
/// plan's first draft: how the web app starts a plan from nothing.
pub async fn create(tx: &mut Tx, file: &PlanFile, actor: &Actor) -> Result<ImportSummary, StoreError> {
    write(tx, file, actor, AuditAction::Create).await
}

async fn write(tx: &mut Tx, file: &PlanFile, actor: &Actor, action: AuditAction) -> Result<ImportSummary, StoreError> {
    file.validate().into_result().map_err(StoreError::Invalid)?;
    let existing: Count = tx
        .fetch_one(
            "SELECT COUNT(*) AS n FROM plans WHERE slug = $1 OR id = $2",
            vals![file.plan.slug.as_str(), file.plan.id.0],
        )
        .await?;
    if existing.n > 0 {
        return Err(StoreError::duplicate(
            "plan.slug",
            format!(
                "a plan with the slug \"{}\" is already in this database; remove it first or change the slug in the file",
                file.plan.slug
            ),
        ));
    }
    let clash = |e: StoreError| {
        if dialect::is_unique_violation(&e) {
            StoreError::duplicate(
                "",
                format!("the file clashes with a record already in the database: {}", database_message(&e)),
            )
        } else {
            e
        }
    };

    let partnership = &file.partnership;
    let mut summary = ImportSummary { plan: file.plan.slug.clone(), ..ImportSummary::default() };
    upsert(tx, "partnerships", rows::partnership(partnership)).await.map_err(clash)?;
    for (i, o) in partnership.organisations.iter().enumerate() {
        upsert(tx, "organisations", rows::organisation(partnership.id, i, o)).await.map_err(clash)?;
    }
    for (i, b) in partnership.boards.iter().enumerate() {
        upsert(tx, "boards", rows::board(partnership.id, i, b)).await.map_err(clash)?;
    }
    for (i, c) in partnership.comparator_groups.iter().enumerate() {
        upsert(tx, "comparator_groups", rows::comparator(partnership.id, i, c)).await.map_err(clash)?;
    }
    for (i, j) in partnership.jargon.iter().enumerate() {
        upsert(tx, "jargon_words", rows::jargon_word(partnership.id, i, j)).await.map_err(clash)?;
    }

    tx.execute(
        "INSERT INTO plans (id, partnership_id, slug, created_at) VALUES ($1, $2, $3, $4)",
        vals![file.plan.id.0, partnership.id.0, file.plan.slug.as_str(), crate::codec::now()],
    )
    .await
    .map_err(clash)?;

    // Measures first: items and success statements link to them.
    let mut figures = super::Rows::new("data_points");
    for (i, m) in file.measures.iter().enumerate() {
        insert(tx, "measures", rows::measure(file.plan.id, i, m)).await.map_err(clash)?;
        for (t, target) in m.targets.iter().enumerate() {
            insert(tx, "measure_targets", rows::target(m.id, t, target)).await.map_err(clash)?;
        }
        for point in &m.data {
            figures.push(tx, rows::data_point(m.id, None, point)).await.map_err(clash)?;
        }
        for series in &m.comparators {
            for point in &series.data {
                figures.push(tx, rows::data_point(m.id, Some(series.comparator), point)).await.map_err(clash)?;
            }
            summary.data_points += series.data.len();
        }
        summary.data_points += m.data.len();
    }
    figures.finish(tx).await.map_err(clash)?;
    summary.measures = file.measures.len();

    let revisions = file.revisions();
    summary.revisions = revisions.len();
    for revision in &revisions {
        let counts = write_revision(tx, revision).await.map_err(clash)?;
        if revision.plan.revision_id == file.plan.revision_id {
            summary.items = counts.0;
            summary.actions = counts.1;
            summary.glossary_terms = revision.glossary.len();
        }
    }

    for (i, round) in file.rounds.iter().enumerate() {
        insert(tx, "rounds", rows::round(file.plan.id, i, round)).await.map_err(clash)?;
        for (u, update) in round.updates.iter().enumerate() {
            insert(tx, "updates", rows::update(round.id, u, update)).await.map_err(clash)?;
        }
        summary.updates += round.updates.len();
    }
    summary.rounds = file.rounds.len();

    record(
        tx,
        Change {
            action,
            entity: "plan",
            entity_id: Some(file.plan.id.0),
            summary: format!(
                "{} the plan \"{}\" ({})",
                if action == AuditAction::Create { "Created" } else { "Imported" },
                file.plan.title,
                file.plan.slug
            ),
            before: None,
            after: Some(crate::codec::json(&summary)),
            actor,
        },
    )
    .await?;
    Ok(summary)
}

/// Writes one revision's content. Returns the number of items and actions written.
pub(crate) async fn write_revision(tx: &mut Tx, revision: &RevisionRef<'_>) -> Result<(usize, usize), StoreError> {
    let plan = revision.plan;
    let id = plan.revision_id;
    insert(tx, "plan_revisions", rows::revision(plan)).await?;
    for (i, change) in plan.status_history.iter().enumerate() {
        insert(tx, "plan_status_changes", rows::status_change(id, i, change)).await?;
    }
    for (i, s) in revision.sections.iter().enumerate() {
        insert(tx, "plan_sections", rows::section(id, i, s)).await?;
    }
    for (i, p) in revision.principles.iter().enumerate() {
        insert(tx, "principles", rows::principle(id, i, p)).await?;
    }
    for (i, t) in revision.themes.iter().enumerate() {
        insert(tx, "themes", rows::theme(id, i, t)).await?;
    }
    for (i, g) in revision.glossary.iter().enumerate() {
        insert(tx, "glossary_terms", rows::glossary_term(id, i, g)).await?;
    }
    let items = flatten(revision.items);
    let mut actions = 0;
    for (parent, position, item) in &items {
        insert(tx, "plan_items", rows::item(id, *parent, *position, item)).await?;
        write_item_lists(tx, item).await?;
        actions += item.actions.len();
    }
    Ok((items.len(), actions))
}

/// Everything an item holds except its child items.
pub(crate) async fn write_item_lists(tx: &mut Tx, item: &PlanItem) -> Result<(), crate::StoreError> {
    for (i, r) in item.references.iter().enumerate() {
        insert(tx, "item_references", rows::reference(item.id, i, r)).await?;
    }
    for (i, theme) in item.themes.iter().enumerate() {
        tx.execute(
            "INSERT INTO item_themes (item_id, theme_id, position) VALUES ($1, $2, $3)",
            vals![item.id.0, theme.0, i as i64],
        )
        .await?;
    }
    for (i, measure) in item.measures.iter().enumerate() {
        tx.execute(
            "INSERT INTO item_measures (item_id, measure_id, position) VALUES ($1, $2, $3)",
            vals![item.id.0, measure.0, i as i64],
        )
        .await?;
    }
    for (i, s) in item.success_statements.iter().enumerate() {
        insert(tx, "success_statements", rows::success_statement(item.id, i, s)).await?;
        for (m, measure) in s.measures.iter().enumerate() {
            tx.execute(
                "INSERT INTO success_statement_measures (statement_id, measure_id, position) VALUES ($1, $2, $3)",
                vals![s.id.0, measure.0, m as i64],
            )
            .await?;
        }
    }
    for (i, a) in item.actions.iter().enumerate() {
        insert(tx, "actions", rows::action(item.id, i, a)).await?;
        for (m, milestone) in a.milestones.iter().enumerate() {
            insert(tx, "milestones", rows::milestone(a.id, m, milestone)).await?;
        }
    }
    for (i, r) in item.risks.iter().enumerate() {
        insert(tx, "risks", rows::risk(item.id, i, r)).await?;
    }
    for (i, f) in item.finance.iter().enumerate() {
        insert(tx, "finance_lines", rows::finance_line(item.id, i, f)).await?;
    }
    Ok(())
}

/// The tree as a list in which every parent comes before its children, each with its parent
/// and its position among its siblings.
fn flatten(items: &[PlanItem]) -> Vec<(Option<ItemId>, usize, &PlanItem)> {
    let mut out = Vec::new();
    let mut stack: Vec<(Option<ItemId>, usize, &PlanItem)> =
        items.iter().enumerate().rev().map(|(i, item)| (None, i, item)).collect();
    while let Some((parent, position, item)) = stack.pop() {
        out.push((parent, position, item));
        for (i, child) in item.items.iter().enumerate().rev() {
            stack.push((Some(item.id), i, child));
        }
    }
    out
}

fn database_message(error: &StoreError) -> String {
    match error {
        StoreError::Database(sqlx::Error::Database(e)) => e.message().to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_puts_parents_before_children_in_plan_order() {
        let mut a = PlanItem::new("a");
        let mut a1 = PlanItem::new("a1");
        a1.items.push(PlanItem::new("a1x"));
        a.items.push(a1);
        a.items.push(PlanItem::new("a2"));
        let b = PlanItem::new("b");
        let items = [a, b];
        let flat = flatten(&items);
        let titles: Vec<(&str, usize)> = flat.iter().map(|(_, p, i)| (i.title.as_str(), *p)).collect();
        assert_eq!(titles, [("a", 0), ("a1", 0), ("a1x", 0), ("a2", 1), ("b", 1)]);
        assert_eq!(flat[2].0, Some(items[0].items[0].id));
    }
}
