//! Which measures show an item's progress, and which show each of its success statements: set
//! together from the item's page, at the item's version (raised by the change, so two people
//! changing them never overwrite each other), and audited with the lists before and after.

use cypp_domain::{AuditAction, ItemId, MeasureId, Problems, SuccessStatementId};
use serde_json::json;

use crate::audit::{Change, record};
use crate::db::Tx;
use crate::edit::get_item;
use crate::{Actor, StoreError, vals};

/// The measures of an item and of each of its success statements, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeasureLinks {
    pub item: Vec<MeasureId>,
    pub statements: Vec<(SuccessStatementId, Vec<MeasureId>)>,
}

#[derive(sqlx::FromRow)]
struct PlanOf {
    plan_id: uuid::Uuid,
}

#[derive(sqlx::FromRow)]
struct Link {
    owner: uuid::Uuid,
    target: uuid::Uuid,
}

#[derive(sqlx::FromRow)]
struct Id {
    id: uuid::Uuid,
}

/// Replaces the item's measure links with `links`, if the item is still at `expected`. Every
/// measure must be the plan's and every statement the item's. Returns the item's new version.
pub async fn set_measures(
    tx: &mut Tx,
    actor: &Actor,
    item: ItemId,
    links: &MeasureLinks,
    expected: i64,
) -> Result<i64, StoreError> {
    let before = get_item(tx, item).await?;
    let plan: PlanOf = tx
        .fetch_one(
            "SELECT r.plan_id FROM plan_items i JOIN plan_revisions r ON r.id = i.revision_id WHERE i.id = $1",
            vals![item.0],
        )
        .await?;
    let measures: Vec<Id> = tx.fetch_all("SELECT id FROM measures WHERE plan_id = $1", vals![plan.plan_id]).await?;
    let statements: Vec<Id> =
        tx.fetch_all("SELECT id FROM success_statements WHERE item_id = $1", vals![item.0]).await?;
    let mut problems = Problems::default();
    let all = links.item.iter().chain(links.statements.iter().flat_map(|(_, m)| m));
    if all.clone().any(|m| !measures.iter().any(|x| x.id == m.0)) {
        problems.push("measures", "Choose measures of this plan");
    }
    if links.statements.iter().any(|(s, _)| !statements.iter().any(|x| x.id == s.0)) {
        problems.push("measures", "A success statement is not this item's");
    }
    problems.into_result().map_err(StoreError::Invalid)?;
    let raised = tx
        .execute("UPDATE plan_items SET version = version + 1 WHERE id = $1 AND version = $2", vals![item.0, expected])
        .await?;
    if raised == 0 {
        return Err(StoreError::Conflict {
            entity: "plan item",
            label: before.value.heading(),
            expected,
            actual: before.version,
        });
    }
    let old_item: Vec<Link> = tx
        .fetch_all(
            "SELECT item_id AS owner, measure_id AS target FROM item_measures WHERE item_id = $1 ORDER BY position",
            vals![item.0],
        )
        .await?;
    let old_statements: Vec<Link> = tx
        .fetch_all(
            "SELECT statement_id AS owner, measure_id AS target FROM success_statement_measures
             WHERE statement_id IN (SELECT id FROM success_statements WHERE item_id = $1) ORDER BY position",
            vals![item.0],
        )
        .await?;
    let before_links = json!({
        "measures": old_item.iter().map(|l| l.target).collect::<Vec<_>>(),
        "success_statements": statements
            .iter()
            .map(|s| json!({"id": s.id, "measures": old_statements.iter().filter(|l| l.owner == s.id).map(|l| l.target).collect::<Vec<_>>()}))
            .collect::<Vec<_>>(),
    });
    tx.execute("DELETE FROM item_measures WHERE item_id = $1", vals![item.0]).await?;
    for (i, m) in links.item.iter().enumerate() {
        tx.execute(
            "INSERT INTO item_measures (item_id, measure_id, position) VALUES ($1, $2, $3)",
            vals![item.0, m.0, i as i64],
        )
        .await?;
    }
    for (statement, chosen) in &links.statements {
        tx.execute("DELETE FROM success_statement_measures WHERE statement_id = $1", vals![statement.0]).await?;
        for (i, m) in chosen.iter().enumerate() {
            tx.execute(
                "INSERT INTO success_statement_measures (statement_id, measure_id, position) VALUES ($1, $2, $3)",
                vals![statement.0, m.0, i as i64],
            )
            .await?;
        }
    }
    let after_links = json!({
        "measures": links.item,
        "success_statements": links.statements.iter().map(|(s, m)| json!({"id": s, "measures": m})).collect::<Vec<_>>(),
    });
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "plan item",
            entity_id: Some(item.0),
            summary: format!("Changed the measures of \"{}\"", before.value.heading()),
            before: Some(before_links),
            after: Some(after_links),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}
