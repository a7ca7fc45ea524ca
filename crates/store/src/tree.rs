//! Changing the shape of a plan: adding, moving and deleting items (at any depth) and actions.
//! Each change is one transaction with its audit event. Anything with progress updates in a
//! reporting round cannot be deleted, so that no report loses its history.

use cypp_domain::validate::{check_action, check_item};
use cypp_domain::*;
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::codec::json;
use crate::db::{Count, Tx};
use crate::edit::{get_action, get_item};
use crate::plan_file::{insert, rows};
use crate::{Actor, StoreError, vals};

#[derive(sqlx::FromRow)]
struct Place {
    revision_id: Uuid,
    parent_id: Option<Uuid>,
    position: i64,
}

async fn place(tx: &mut Tx, item: ItemId) -> Result<Place, StoreError> {
    let found: Option<Place> = tx
        .fetch_optional("SELECT revision_id, parent_id, position FROM plan_items WHERE id = $1", vals![item.0])
        .await?;
    found.ok_or_else(|| StoreError::not_found("plan item", item))
}

/// The item tree of the revision the item `item` is in.
pub(crate) async fn tree_of(tx: &mut Tx, item: ItemId) -> Result<Vec<cypp_domain::PlanItem>, StoreError> {
    let here = place(tx, item).await?;
    crate::plan_file::export::read_items(tx, RevisionId(here.revision_id)).await
}

#[derive(sqlx::FromRow)]
struct Next {
    n: Option<i64>,
}

/// The position after the last child of `parent` (or of the top level) in a revision.
async fn next_position(tx: &mut Tx, revision: RevisionId, parent: Option<ItemId>) -> Result<i64, StoreError> {
    let next: Next = match parent {
        Some(p) => {
            tx.fetch_one("SELECT MAX(position) + 1 AS n FROM plan_items WHERE parent_id = $1", vals![p.0]).await?
        }
        None => {
            tx.fetch_one(
                "SELECT MAX(position) + 1 AS n FROM plan_items WHERE revision_id = $1 AND parent_id IS NULL",
                vals![revision.0],
            )
            .await?
        }
    };
    Ok(next.n.unwrap_or(0))
}

fn problems_or(problems: Problems) -> Result<(), StoreError> {
    problems.into_result().map_err(StoreError::Invalid)
}

/// Adds an item (without children or lists) at the end of `parent`'s items, or of the top
/// level.
pub async fn add_item(
    tx: &mut Tx,
    actor: &Actor,
    revision: RevisionId,
    parent: Option<ItemId>,
    item: &PlanItem,
) -> Result<ItemId, StoreError> {
    let mut problems = Problems::default();
    check_item(item, &PlanPeriod { start: chrono::NaiveDate::MIN, end: chrono::NaiveDate::MAX }, "", &mut problems);
    problems_or(problems)?;
    if let Some(parent) = parent
        && place(tx, parent).await?.revision_id != revision.0
    {
        return Err(StoreError::not_found("plan item", parent));
    }
    let position = next_position(tx, revision, parent).await?;
    insert(tx, "plan_items", rows::item(revision, parent, usize::try_from(position).unwrap_or(0), item)).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "plan item",
            entity_id: Some(item.id.0),
            summary: format!("Added \"{}\"", item.heading()),
            before: None,
            after: Some(json(item)),
            actor,
        },
    )
    .await?;
    Ok(item.id)
}

/// Which way to move an item among its siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// Swaps an item with its neighbour above or below. At either end it stays where it is.
pub async fn reorder_item(tx: &mut Tx, actor: &Actor, item: ItemId, direction: Direction) -> Result<(), StoreError> {
    let here = place(tx, item).await?;
    #[derive(sqlx::FromRow)]
    struct Sibling {
        id: Uuid,
        position: i64,
    }
    let (comparison, order) = match direction {
        Direction::Up => ("<", "DESC"),
        Direction::Down => (">", "ASC"),
    };
    let parent_clause = if here.parent_id.is_some() { "parent_id = $2" } else { "parent_id IS NULL AND $2 IS NULL" };
    let sql = format!(
        "SELECT id, position FROM plan_items WHERE revision_id = $1 AND {parent_clause} AND position {comparison} $3 ORDER BY position {order} LIMIT 1"
    );
    let neighbour: Option<Sibling> =
        tx.fetch_optional(&sql, vec![here.revision_id.into(), here.parent_id.into(), here.position.into()]).await?;
    let Some(neighbour) = neighbour else { return Ok(()) };
    tx.execute(
        "UPDATE plan_items SET position = $1, version = version + 1 WHERE id = $2",
        vals![neighbour.position, item.0],
    )
    .await?;
    tx.execute(
        "UPDATE plan_items SET position = $1, version = version + 1 WHERE id = $2",
        vals![here.position, neighbour.id],
    )
    .await?;
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "plan item",
            entity_id: Some(item.0),
            summary: format!("Moved an item {}", if direction == Direction::Up { "up" } else { "down" }),
            before: Some(serde_json::json!({ "position": here.position })),
            after: Some(serde_json::json!({ "position": neighbour.position })),
            actor,
        },
    )
    .await?;
    Ok(())
}

/// Moves an item (with everything under it) to the end of another item's children, or to the
/// top level. An item cannot move under itself or its own descendants.
pub async fn move_item(tx: &mut Tx, actor: &Actor, item: ItemId, new_parent: Option<ItemId>) -> Result<(), StoreError> {
    let here = place(tx, item).await?;
    if let Some(target) = new_parent {
        // Walk up from the target: meeting the item means the target is inside it.
        let mut cursor = Some(target);
        while let Some(current) = cursor {
            if current == item {
                let mut problems = Problems::default();
                problems.push("parent", "An item cannot move under itself or one of its own items");
                return Err(StoreError::Invalid(problems));
            }
            let step = place(tx, current).await?;
            if step.revision_id != here.revision_id {
                return Err(StoreError::not_found("plan item", target));
            }
            cursor = step.parent_id.map(ItemId);
        }
    }
    let position = next_position(tx, RevisionId(here.revision_id), new_parent).await?;
    tx.execute(
        "UPDATE plan_items SET parent_id = $1, position = $2, version = version + 1 WHERE id = $3",
        vals![new_parent.map(|p| p.0), position, item.0],
    )
    .await?;
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: "plan item",
            entity_id: Some(item.0),
            summary: "Moved an item to another place in the plan".into(),
            before: Some(serde_json::json!({ "parent": here.parent_id })),
            after: Some(serde_json::json!({ "parent": new_parent })),
            actor,
        },
    )
    .await?;
    Ok(())
}

/// Refuses to delete what reporting rounds have updates about.
async fn refuse_if_reported(tx: &mut Tx, sql: &str, id: Uuid, what: &str) -> Result<(), StoreError> {
    let count: Count = tx.fetch_one(sql, vals![id]).await?;
    if count.n > 0 {
        let mut problems = Problems::default();
        problems.push(
            "",
            format!(
                "This {what} has {} progress updates in reporting rounds, so it cannot be deleted. Start the annual refresh and leave it out of the new revision instead.",
                count.n
            ),
        );
        return Err(StoreError::Invalid(problems));
    }
    Ok(())
}

/// Deletes an item and everything under it, if it is still at the version the person saw.
pub async fn delete_item(tx: &mut Tx, actor: &Actor, item: ItemId, expected: i64) -> Result<(), StoreError> {
    let before = get_item(tx, item).await?;
    let here = place(tx, item).await?;
    // The item and every item below it.
    let subtree = "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM plan_items p JOIN sub ON p.parent_id = sub.id)";
    refuse_if_reported(
        tx,
        &format!(
            "{subtree} SELECT COUNT(*) AS n FROM updates WHERE item_id IN (SELECT id FROM sub) OR action_id IN (SELECT id FROM actions WHERE item_id IN (SELECT id FROM sub))"
        ),
        item.0,
        "item",
    )
    .await?;
    let tree = crate::plan_file::export::read_items(tx, RevisionId(here.revision_id)).await?;
    let snapshot = tree.iter().flat_map(|i| i.walk()).map(|(_, i)| i).find(|i| i.id == item).cloned();
    let deleted = tx.execute("DELETE FROM plan_items WHERE id = $1 AND version = $2", vals![item.0, expected]).await?;
    if deleted == 0 {
        return Err(StoreError::Conflict {
            entity: "plan item",
            label: before.value.heading(),
            expected,
            actual: before.version,
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Delete,
            entity: "plan item",
            entity_id: Some(item.0),
            summary: format!("Deleted \"{}\" and everything under it", before.value.heading()),
            before: snapshot.map(|s| json(&s)),
            after: None,
            actor,
        },
    )
    .await?;
    Ok(())
}

/// Adds an action at the end of an item's actions.
pub async fn add_action(tx: &mut Tx, actor: &Actor, item: ItemId, action: &Action) -> Result<ActionId, StoreError> {
    let mut problems = Problems::default();
    check_action(action, "", &mut problems);
    problems_or(problems)?;
    place(tx, item).await?;
    let next: Next =
        tx.fetch_one("SELECT MAX(position) + 1 AS n FROM actions WHERE item_id = $1", vals![item.0]).await?;
    let position = usize::try_from(next.n.unwrap_or(0)).unwrap_or(0);
    insert(tx, "actions", rows::action(item, position, action)).await?;
    for (i, milestone) in action.milestones.iter().enumerate() {
        insert(tx, "milestones", rows::milestone(action.id, i, milestone)).await?;
    }
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "action",
            entity_id: Some(action.id.0),
            summary: format!("Added the action \"{}\"", action.title),
            before: None,
            after: Some(json(action)),
            actor,
        },
    )
    .await?;
    Ok(action.id)
}

/// Deletes an action, if it is still at the version the person saw.
pub async fn delete_action(tx: &mut Tx, actor: &Actor, action: ActionId, expected: i64) -> Result<(), StoreError> {
    let before = get_action(tx, action).await?;
    refuse_if_reported(tx, "SELECT COUNT(*) AS n FROM updates WHERE action_id = $1", action.0, "action").await?;
    let deleted = tx.execute("DELETE FROM actions WHERE id = $1 AND version = $2", vals![action.0, expected]).await?;
    if deleted == 0 {
        return Err(StoreError::Conflict {
            entity: "action",
            label: before.value.title.clone(),
            expected,
            actual: before.version,
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Delete,
            entity: "action",
            entity_id: Some(action.0),
            summary: format!("Deleted the action \"{}\"", before.value.title),
            before: Some(json(&before.value)),
            after: None,
            actor,
        },
    )
    .await?;
    Ok(())
}
