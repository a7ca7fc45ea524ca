//! A partnership's comparator groups, edited one at a time: England, its region, its
//! statistical neighbours, a combined authority or any other named group of areas. Each change
//! names the version it was based on and is audited, as every other edit; a group a target
//! measures against cannot be deleted, and deleting one deletes the figures held for it.

use cypp_domain::partnership::is_gss_code;
use cypp_domain::{AuditAction, ComparatorGroup, ComparatorId, ComparatorKind, PartnershipId, Problems};

use crate::audit::{Change, record};
use crate::codec::{json, word};
use crate::db::{Count, Tx};
use crate::edit::{Edit, versioned_update};
use crate::plan_file::rows::{COMPARATOR_COLUMNS, ComparatorRow};
use crate::{Actor, StoreError, Versioned, vals};

#[derive(sqlx::FromRow)]
struct Row {
    version: i64,
    partnership_id: uuid::Uuid,
    #[sqlx(flatten)]
    group: ComparatorRow,
}

fn select() -> String {
    format!("SELECT version, partnership_id, {COMPARATOR_COLUMNS} FROM comparator_groups")
}

/// The partnership's groups in their order, each with its version.
pub async fn list(tx: &mut Tx, partnership: PartnershipId) -> Result<Vec<Versioned<ComparatorGroup>>, StoreError> {
    let rows: Vec<Row> = tx
        .fetch_all(&format!("{} WHERE partnership_id = $1 ORDER BY position", select()), vals![partnership.0])
        .await?;
    rows.into_iter().map(|r| Ok(Versioned { version: r.version, value: r.group.into_domain()? })).collect()
}

/// One of the partnership's groups.
pub async fn get(
    tx: &mut Tx,
    partnership: PartnershipId,
    id: ComparatorId,
) -> Result<Versioned<ComparatorGroup>, StoreError> {
    let row: Option<Row> = tx.fetch_optional(&format!("{} WHERE id = $1", select()), vals![id.0]).await?;
    match row {
        Some(r) if r.partnership_id == partnership.0 => {
            Ok(Versioned { version: r.version, value: r.group.into_domain()? })
        }
        _ => Err(StoreError::not_found("comparator group", id)),
    }
}

/// What is wrong with a group, field by field: a name unique in the partnership; England and
/// a region are one area with its code; the other kinds are their member areas (and may have a
/// code of their own, as a combined authority does); every code an ONS GSS code, none twice.
async fn check(tx: &mut Tx, partnership: PartnershipId, group: &ComparatorGroup) -> Result<(), StoreError> {
    let mut problems = Problems::default();
    let name = group.name.trim();
    if name.is_empty() {
        problems.push("name", "Enter the group's name");
    } else if name.chars().count() > cypp_domain::validate::MAX_SHORT_TEXT {
        problems.push("name", "The name is too long; shorten it");
    } else {
        let clash: Count = tx
            .fetch_one(
                "SELECT COUNT(*) AS n FROM comparator_groups WHERE partnership_id = $1 AND LOWER(name) = LOWER($2) AND id <> $3",
                vals![partnership.0, name, group.id.0],
            )
            .await?;
        if clash.n > 0 {
            problems.push("name", format!("\"{name}\" is already a comparator group"));
        }
    }
    let one_area = matches!(group.kind, ComparatorKind::England | ComparatorKind::Region);
    match &group.area_code {
        Some(code) if !is_gss_code(code) => problems.push(
            "area_code",
            format!(
                "\"{code}\" is not an ONS GSS code; it should be a capital letter and eight digits, such as E12000002"
            ),
        ),
        None if one_area => problems.push("area_code", "Enter the area's GSS code, such as E92000001 for England"),
        _ => {}
    }
    if one_area && !group.members.is_empty() {
        problems.push("members", "England and a region are one area each: leave the member areas empty");
    }
    if !one_area && group.members.is_empty() && group.area_code.is_none() {
        problems.push("members", "Enter the areas in the group, one on each line");
    }
    for (i, code) in group.members.iter().enumerate() {
        if group.members[..i].contains(code) {
            problems.push("members", format!("{code} is in the group twice"));
        }
    }
    if group.kind == ComparatorKind::England {
        let others: Count = tx
            .fetch_one(
                "SELECT COUNT(*) AS n FROM comparator_groups WHERE partnership_id = $1 AND kind = 'england' AND id <> $2",
                vals![partnership.0, group.id.0],
            )
            .await?;
        if others.n > 0 {
            problems.push("kind", "The partnership already compares itself with England");
        }
    }
    problems.into_result().map_err(StoreError::Invalid)
}

fn columns(group: &ComparatorGroup) -> crate::plan_file::rows::Columns {
    vec![
        ("name", group.name.trim().into()),
        ("kind", word(&group.kind).into()),
        ("area_code", crate::Val::Text(group.area_code.clone())),
        ("members", crate::Val::Json(json(&group.members))),
    ]
}

/// Adds a group at the end of the partnership's list.
pub async fn add(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    group: &ComparatorGroup,
) -> Result<ComparatorId, StoreError> {
    check(tx, partnership, group).await?;
    #[derive(sqlx::FromRow)]
    struct Next {
        n: Option<i64>,
    }
    let next: Next = tx
        .fetch_one(
            "SELECT MAX(position) + 1 AS n FROM comparator_groups WHERE partnership_id = $1",
            vals![partnership.0],
        )
        .await?;
    let mut row = vec![
        ("id", group.id.0.into()),
        ("partnership_id", partnership.0.into()),
        ("position", next.n.unwrap_or(0).into()),
    ];
    row.extend(columns(group));
    crate::plan_file::insert(tx, "comparator_groups", row).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "comparator group",
            entity_id: Some(group.id.0),
            summary: format!("Added the comparator group \"{}\"", group.name.trim()),
            before: None,
            after: Some(json(group)),
            actor,
        },
    )
    .await?;
    Ok(group.id)
}

/// Saves a group if it is still at the version the person saw.
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    group: &ComparatorGroup,
    expected: i64,
) -> Result<i64, StoreError> {
    let before = get(tx, partnership, group.id).await?;
    check(tx, partnership, group).await?;
    let edit = Edit {
        table: "comparator_groups",
        entity: "comparator group",
        id: group.id.0,
        expected,
        label: before.value.name.clone(),
        before: json(&before.value),
        after: json(group),
        actor,
    };
    versioned_update(tx, edit, columns(group)).await
}

/// What holds on to a group: the figures held for it and the targets set against it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    pub figures: i64,
    pub targets: i64,
}

pub async fn uses(tx: &mut Tx, id: ComparatorId) -> Result<Uses, StoreError> {
    let figures: Count =
        tx.fetch_one("SELECT COUNT(*) AS n FROM data_points WHERE comparator_id = $1", vals![id.0]).await?;
    let targets: Count =
        tx.fetch_one("SELECT COUNT(*) AS n FROM measure_targets WHERE comparator_id = $1", vals![id.0]).await?;
    Ok(Uses { figures: figures.n, targets: targets.n })
}

/// Deletes a group, and the figures held for it, if it is still at the version the person saw
/// and no target is set against it.
pub async fn delete(
    tx: &mut Tx,
    actor: &Actor,
    partnership: PartnershipId,
    id: ComparatorId,
    expected: i64,
) -> Result<(), StoreError> {
    let before = get(tx, partnership, id).await?;
    let uses = uses(tx, id).await?;
    if uses.targets > 0 {
        let mut problems = Problems::default();
        problems.push(
            "",
            format!(
                "{} target{} close{} the gap to {}: change {} first",
                uses.targets,
                if uses.targets == 1 { "" } else { "s" },
                if uses.targets == 1 { "s" } else { "" },
                before.value.name,
                if uses.targets == 1 { "it" } else { "them" }
            ),
        );
        return Err(StoreError::Invalid(problems));
    }
    if before.version != expected {
        return Err(StoreError::Conflict {
            entity: "comparator group",
            label: before.value.name,
            expected,
            actual: before.version,
        });
    }
    tx.execute("DELETE FROM data_points WHERE comparator_id = $1", vals![id.0]).await?;
    tx.execute("DELETE FROM comparator_groups WHERE id = $1 AND version = $2", vals![id.0, expected]).await?;
    record(
        tx,
        Change {
            action: AuditAction::Delete,
            entity: "comparator group",
            entity_id: Some(id.0),
            summary: format!(
                "Deleted the comparator group \"{}\" and the {} figures held for it",
                before.value.name, uses.figures
            ),
            before: Some(json(&before.value)),
            after: None,
            actor,
        },
    )
    .await?;
    Ok(())
}
