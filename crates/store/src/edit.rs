//! Editing single records. Each edit names the version it was based on; if someone else saved
//! in between, the edit fails with [`StoreError::Conflict`] and changes nothing. Each
//! successful edit raises the version and writes an audit event with the record before and
//! after, in the same transaction.

use cypp_domain::validate::{check_action, check_data_point, check_item};
use cypp_domain::*;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::codec::{json, word};
use crate::db::Tx;
use crate::plan_file::rows::{
    self, ACTION_COLUMNS, ActionRow, Columns, DATA_COLUMNS, ITEM_COLUMNS, ItemRow, MEASURE_COLUMNS, MILESTONE_COLUMNS,
    MeasureRow, MilestoneRow, PARTNERSHIP_COLUMNS, RevisionRow, TARGET_COLUMNS, TargetRow, revision_select,
};
use crate::{Actor, StoreError, Val, Versioned, vals};

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: i64,
}

/// What a versioned update needs to know about the record.
pub(crate) struct Edit<'a> {
    pub table: &'static str,
    pub entity: &'static str,
    pub id: Uuid,
    pub expected: i64,
    pub label: String,
    pub before: Value,
    pub after: Value,
    pub actor: &'a Actor,
}

/// Runs `UPDATE table SET … , version = version + 1 WHERE id = … AND version = …` and audits
/// it. Returns the new version.
pub(crate) async fn versioned_update(tx: &mut Tx, edit: Edit<'_>, fields: Columns) -> Result<i64, StoreError> {
    let n = fields.len();
    let set: Vec<String> = fields.iter().enumerate().map(|(i, (c, _))| format!("{c} = ${}", i + 1)).collect();
    let sql = format!(
        "UPDATE {} SET {}, version = version + 1 WHERE id = ${} AND version = ${}",
        edit.table,
        set.join(", "),
        n + 1,
        n + 2
    );
    let mut values: Vec<Val> = fields.into_iter().map(|(_, v)| v).collect();
    values.push(edit.id.into());
    values.push(edit.expected.into());
    let changed = tx.execute(&sql, values).await?;
    if changed == 0 {
        let current: Option<VersionRow> =
            tx.fetch_optional(&format!("SELECT version FROM {} WHERE id = $1", edit.table), vals![edit.id]).await?;
        return Err(match current {
            None => StoreError::not_found(edit.entity, format!("\"{}\"", edit.label)),
            Some(row) => StoreError::Conflict {
                entity: edit.entity,
                label: edit.label,
                expected: edit.expected,
                actual: row.version,
            },
        });
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: edit.entity,
            entity_id: Some(edit.id),
            summary: format!("Changed the {} \"{}\"", edit.entity, edit.label),
            before: Some(edit.before),
            after: Some(edit.after),
            actor: edit.actor,
        },
    )
    .await?;
    Ok(edit.expected + 1)
}

fn invalid(problems: Problems) -> Result<(), StoreError> {
    problems.into_result().map_err(StoreError::Invalid)
}

// --- items ---------------------------------------------------------------------------------

/// An item's own fields (not its actions or children) with its version.
pub async fn get_item(tx: &mut Tx, id: ItemId) -> Result<Versioned<PlanItem>, StoreError> {
    let row: Option<ItemRow> =
        tx.fetch_optional(&format!("SELECT {ITEM_COLUMNS} FROM plan_items WHERE id = $1"), vals![id.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("plan item", id))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain(), version })
}

/// Saves an item's own fields. Its lists (actions, children, measures) are edited separately.
pub async fn update_item(tx: &mut Tx, actor: &Actor, item: &PlanItem, expected: i64) -> Result<i64, StoreError> {
    let before = get_item(tx, item.id).await?;
    let mut problems = Problems::default();
    let mut own = item.clone();
    own.items.clear();
    own.actions.clear();
    check_item(&own, &PlanPeriod { start: chrono::NaiveDate::MIN, end: chrono::NaiveDate::MAX }, "", &mut problems);
    // What children and young people asked for stays while an action says it answers it.
    let removed: Vec<&String> =
        before.value.young_people_asked.iter().filter(|a| !item.young_people_asked.contains(a)).collect();
    if !removed.is_empty() {
        let tree = crate::tree::tree_of(tx, item.id).await?;
        let node = tree.iter().flat_map(|i| i.walk()).map(|(_, i)| i).find(|i| i.id == item.id);
        for (_, below) in node.map(|n| n.walk()).unwrap_or_default() {
            for action in &below.actions {
                for ask in removed.iter().filter(|a| action.answers.contains(a)) {
                    problems.push(
                        "young_people_asked",
                        format!(
                            "\"{ask}\" is answered by the action \"{}\": keep its words, or unlink it from that action first",
                            action.title
                        ),
                    );
                }
            }
        }
    }
    invalid(problems)?;
    let after = PlanItem { id: before.value.id, ..own_fields(item) };
    let edit = Edit {
        table: "plan_items",
        entity: "plan item",
        id: item.id.0,
        expected,
        label: before.value.heading(),
        before: json(&before.value),
        after: json(&after),
        actor,
    };
    versioned_update(tx, edit, rows::item_fields(item)).await
}

fn own_fields(item: &PlanItem) -> PlanItem {
    let mut own = PlanItem::new(item.title.clone());
    own.id = item.id;
    own.number = item.number.clone();
    own.summary = item.summary.clone();
    own.why_it_matters = item.why_it_matters.clone();
    own.key_priority = item.key_priority.clone();
    own.young_people_asked = item.young_people_asked.clone();
    own.lead_board = item.lead_board;
    own.officer_lead = item.officer_lead.clone();
    own.young_person_lead = item.young_person_lead.clone();
    own.easy_words = item.easy_words.clone();
    own.picture = item.picture.clone();
    own
}

// --- actions -------------------------------------------------------------------------------

pub async fn get_action(tx: &mut Tx, id: ActionId) -> Result<Versioned<Action>, StoreError> {
    let row: Option<ActionRow> =
        tx.fetch_optional(&format!("SELECT {ACTION_COLUMNS} FROM actions WHERE id = $1"), vals![id.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("action", id))?;
    let version = row.version;
    let mut action = row.into_domain()?;
    let milestones: Vec<MilestoneRow> = tx
        .fetch_all(
            &format!("SELECT {MILESTONE_COLUMNS} FROM milestones WHERE action_id = $1 ORDER BY position"),
            vals![id.0],
        )
        .await?;
    action.milestones = milestones.into_iter().map(MilestoneRow::into_domain).collect();
    Ok(Versioned { value: action, version })
}

#[derive(sqlx::FromRow)]
struct ActionOwner {
    item_id: uuid::Uuid,
}

/// Saves an action and its milestones.
pub async fn update_action(tx: &mut Tx, actor: &Actor, action: &Action, expected: i64) -> Result<i64, StoreError> {
    let before = get_action(tx, action.id).await?;
    let mut problems = Problems::default();
    check_action(action, "", &mut problems);
    if !action.answers.is_empty() {
        let owner: ActionOwner = tx.fetch_one("SELECT item_id FROM actions WHERE id = $1", vals![action.id.0]).await?;
        let tree = crate::tree::tree_of(tx, ItemId(owner.item_id)).await?;
        let asks = PlanItem::asks_for(&tree, ItemId(owner.item_id)).unwrap_or_default();
        for answer in action.answers.iter().filter(|a| !asks.contains(&a.as_str())) {
            problems.push(
                "answers",
                format!("\"{answer}\" is not something children and young people asked for in this part of the plan or above it"),
            );
        }
    }
    invalid(problems)?;
    let edit = Edit {
        table: "actions",
        entity: "action",
        id: action.id.0,
        expected,
        label: before.value.title.clone(),
        before: json(&before.value),
        after: json(action),
        actor,
    };
    let version = versioned_update(tx, edit, rows::action_fields(action)).await?;
    tx.execute("DELETE FROM milestones WHERE action_id = $1", vals![action.id.0]).await?;
    for (i, m) in action.milestones.iter().enumerate() {
        crate::plan_file::insert(tx, "milestones", rows::milestone(action.id, i, m)).await?;
    }
    Ok(version)
}

/// Where a plan names a lead: an item's officer lead or an action's lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadOf {
    Item(ItemId),
    Action(ActionId),
}

/// Names `lead` as the lead at each of `places`: linking a lead the plan holds as text to a
/// person. Each place is saved as an edit of its own, at its current version and audited, so
/// its history shows who linked it; a lead's job title is kept when `lead` gives none.
/// Returns how many places changed.
pub async fn set_leads(tx: &mut Tx, actor: &Actor, places: &[LeadOf], lead: &Lead) -> Result<usize, StoreError> {
    let with_role = |before: Option<&Lead>| Lead {
        role: lead.role.clone().or_else(|| before.and_then(|b| b.role.clone())),
        organisation: lead.organisation.or_else(|| before.and_then(|b| b.organisation)),
        ..lead.clone()
    };
    let mut changed = 0;
    for place in places {
        match *place {
            LeadOf::Item(id) => {
                let current = get_item(tx, id).await?;
                let mut item = current.value.clone();
                item.officer_lead = Some(with_role(item.officer_lead.as_ref()));
                if item != current.value {
                    update_item(tx, actor, &item, current.version).await?;
                    changed += 1;
                }
            }
            LeadOf::Action(id) => {
                let current = get_action(tx, id).await?;
                let mut action = current.value.clone();
                action.lead = Some(with_role(action.lead.as_ref()));
                if action != current.value {
                    update_action(tx, actor, &action, current.version).await?;
                    changed += 1;
                }
            }
        }
    }
    Ok(changed)
}

// --- measures ------------------------------------------------------------------------------

/// A measure's definition (not its data or targets) with its version.
pub async fn get_measure(tx: &mut Tx, id: MeasureId) -> Result<Versioned<Measure>, StoreError> {
    let row: Option<MeasureRow> =
        tx.fetch_optional(&format!("SELECT {MEASURE_COLUMNS} FROM measures WHERE id = $1"), vals![id.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("measure", id))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain()?, version })
}

/// Saves a measure's definition.
pub async fn update_measure(tx: &mut Tx, actor: &Actor, measure: &Measure, expected: i64) -> Result<i64, StoreError> {
    let before = get_measure(tx, measure.id).await?;
    let mut problems = Problems::default();
    if !cypp_domain::validate::is_slug(&measure.slug) {
        problems.push("slug", format!("\"{}\" cannot be used in a web address", measure.slug));
    }
    if measure.name.trim().is_empty() {
        problems.push("name", "Enter the measure's name");
    }
    invalid(problems)?;
    let mut after = measure.clone();
    after.data.clear();
    after.targets.clear();
    after.comparators.clear();
    let edit = Edit {
        table: "measures",
        entity: "measure",
        id: measure.id.0,
        expected,
        label: before.value.name.clone(),
        before: json(&before.value),
        after: json(&after),
        actor,
    };
    versioned_update(tx, edit, rows::measure_fields(measure)).await.map_err(|e| match e {
        ref e if crate::dialect::is_unique_violation(e) => StoreError::duplicate(
            "slug",
            format!("Another measure in this plan already uses the short name \"{}\"", measure.slug),
        ),
        other => other,
    })
}

/// Records one figure for a measure (or, with `comparator`, for a comparator area), replacing
/// any figure already held for that period. The figure is checked against the measure first.
pub async fn record_data_point(
    tx: &mut Tx,
    actor: &Actor,
    measure: MeasureId,
    comparator: Option<ComparatorId>,
    point: &DataPoint,
) -> Result<(), StoreError> {
    lock_measure(tx, measure).await?;
    let definition = get_measure(tx, measure).await?.value;
    let mut problems = Problems::default();
    check_data_point(&definition, point, "", &mut problems);
    invalid(problems)?;
    #[derive(sqlx::FromRow)]
    struct Existing {
        id: Uuid,
    }
    let series = comparator.map(|c| c.0).unwrap_or(measure.0);
    let existing: Option<Existing> = tx
        .fetch_optional(
            "SELECT id FROM data_points WHERE measure_id = $1 AND COALESCE(comparator_id, measure_id) = $2 AND period = $3",
            vals![measure.0, series, point.period.code()],
        )
        .await?;
    let before = match &existing {
        Some(found) => {
            let row: crate::plan_file::rows::DataRow = tx
                .fetch_one(&format!("SELECT {DATA_COLUMNS} FROM data_points d WHERE d.id = $1"), vals![found.id])
                .await?;
            tx.execute("DELETE FROM data_points WHERE id = $1", vals![found.id]).await?;
            Some(json(&row.into_domain()?))
        }
        None => None,
    };
    crate::plan_file::insert(tx, "data_points", rows::data_point(measure, comparator, point)).await?;
    record(
        tx,
        Change {
            action: if before.is_some() { AuditAction::Update } else { AuditAction::Create },
            entity: "data point",
            entity_id: Some(measure.0),
            summary: format!("Recorded {} for \"{}\"", point.period.label(), definition.name),
            before,
            after: Some(json(point)),
            actor,
        },
    )
    .await?;
    Ok(())
}

// --- plan status ---------------------------------------------------------------------------

pub async fn get_revision(tx: &mut Tx, id: RevisionId) -> Result<Versioned<Plan>, StoreError> {
    let row: Option<RevisionRow> =
        tx.fetch_optional(&format!("{} WHERE r.id = $1", revision_select()), vals![id.0]).await?;
    let row = row.ok_or_else(|| StoreError::not_found("plan revision", id))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain(Vec::new())?, version })
}

/// Moves a revision to a new status, if the step is allowed, and records who did it.
pub async fn change_status(
    tx: &mut Tx,
    actor: &Actor,
    revision: RevisionId,
    expected: i64,
    status: PlanStatus,
    note: Option<String>,
) -> Result<i64, StoreError> {
    let before = get_revision(tx, revision).await?;
    let from = before.value.status;
    if !from.next().contains(&status) {
        let mut problems = Problems::default();
        problems.push("status", format!("A plan that is \"{}\" cannot move to \"{}\"", from.label(), status.label()));
        return Err(StoreError::Invalid(problems));
    }
    let edit = Edit {
        table: "plan_revisions",
        entity: "plan",
        id: revision.0,
        expected,
        label: before.value.title.clone(),
        before: serde_json::json!({ "status": word(&from) }),
        after: serde_json::json!({ "status": word(&status), "note": note }),
        actor,
    };
    let version = versioned_update(tx, edit, vec![("status", word(&status).into())]).await?;
    record_status(tx, actor, revision, status, note).await?;
    // Publishing a refresh retires the revision it replaces: one published revision at a time.
    if status == PlanStatus::Published {
        #[derive(sqlx::FromRow)]
        struct Other {
            id: Uuid,
        }
        let others: Vec<Other> = tx
            .fetch_all(
                "SELECT id FROM plan_revisions WHERE plan_id = $1 AND id <> $2 AND status = $3",
                vals![before.value.id.0, revision.0, word(&PlanStatus::Published)],
            )
            .await?;
        for other in others {
            tx.execute(
                "UPDATE plan_revisions SET status = $1, version = version + 1 WHERE id = $2",
                vals![word(&PlanStatus::Archived), other.id],
            )
            .await?;
            let note = Some(format!("Replaced by revision {}", before.value.revision));
            record_status(tx, actor, RevisionId(other.id), PlanStatus::Archived, note).await?;
            record(
                tx,
                Change {
                    action: AuditAction::Update,
                    entity: "plan",
                    entity_id: Some(other.id),
                    summary: format!("Archived an earlier revision of \"{}\"", before.value.title),
                    before: Some(serde_json::json!({ "status": word(&PlanStatus::Published) })),
                    after: Some(serde_json::json!({ "status": word(&PlanStatus::Archived) })),
                    actor,
                },
            )
            .await?;
        }
    }
    Ok(version)
}

/// Appends a change of status to a revision's history.
async fn record_status(
    tx: &mut Tx,
    actor: &Actor,
    revision: RevisionId,
    status: PlanStatus,
    note: Option<String>,
) -> Result<(), StoreError> {
    #[derive(sqlx::FromRow)]
    struct Next {
        n: Option<i64>,
    }
    let next: Next = tx
        .fetch_one("SELECT MAX(position) + 1 AS n FROM plan_status_changes WHERE revision_id = $1", vals![revision.0])
        .await?;
    let change = StatusChange { status, at: crate::codec::now(), by: actor.label.clone(), note };
    crate::plan_file::insert(
        tx,
        "plan_status_changes",
        rows::status_change(revision, usize::try_from(next.n.unwrap_or(0)).unwrap_or(0), &change),
    )
    .await?;
    Ok(())
}

// --- revisions -----------------------------------------------------------------------------

/// Starts the annual refresh: copies the newest published revision of the plan into a new
/// draft revision, which becomes the current one. The published revision stays published (and
/// on the public site) until the refresh is published.
pub async fn start_refresh(
    tx: &mut Tx,
    actor: &Actor,
    plan: PlanId,
    label: Option<String>,
) -> Result<RevisionId, StoreError> {
    let file = crate::plan_file::export_by_id(tx, plan).await?;
    if file.plan.status != PlanStatus::Published {
        let mut problems = Problems::default();
        problems.push(
            "status",
            format!(
                "The current revision is \"{}\": a refresh starts from the published plan, so publish or archive the current draft first",
                file.plan.status.label()
            ),
        );
        return Err(StoreError::Invalid(problems));
    }
    let from = file.current();
    let refreshed =
        cypp_domain::revision::refresh(&from, file.plan.revision + 1, label, &actor.label, crate::codec::now());
    let id = refreshed.plan.revision_id;
    crate::plan_file::import::write_revision(tx, &cypp_domain::plan_file::RevisionRef::from(&refreshed)).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "plan revision",
            entity_id: Some(id.0),
            summary: format!("Started revision {} of \"{}\" as a draft", refreshed.plan.revision, refreshed.plan.title),
            before: None,
            after: Some(serde_json::json!({ "revision": refreshed.plan.revision, "from": from.plan.revision })),
            actor,
        },
    )
    .await?;
    Ok(id)
}

// --- plan and partnership settings ---------------------------------------------------------

/// Saves a revision's own fields: title, label, period, vision, purpose, easy words, level names and the
/// board that signs it off.
pub async fn update_plan(tx: &mut Tx, actor: &Actor, plan: &Plan, expected: i64) -> Result<i64, StoreError> {
    let before = get_revision(tx, plan.revision_id).await?;
    let mut problems = Problems::default();
    let mut checked = plan.clone();
    checked.slug = before.value.slug.clone();
    cypp_domain::validate::check_plan(&checked, "", &mut problems);
    invalid(problems)?;
    let edit = Edit {
        table: "plan_revisions",
        entity: "plan",
        id: plan.revision_id.0,
        expected,
        label: before.value.title.clone(),
        before: json(&before.value),
        after: json(&checked),
        actor,
    };
    let fields: Columns = vec![
        ("title", plan.title.as_str().into()),
        ("label", plan.revision_label.clone().into()),
        ("period_start", plan.period.start.into()),
        ("period_end", plan.period.end.into()),
        ("vision", plan.vision.clone().into()),
        ("purpose", plan.purpose.clone().into()),
        ("easy_words", plan.easy_words.clone().into()),
        ("level_names", Val::Json(json(&plan.level_names))),
        ("level_plurals", Val::Json(json(&plan.level_plurals))),
        ("signoff_board_id", plan.signoff_board.map(|b| b.0).into()),
    ];
    versioned_update(tx, edit, fields).await
}

/// A partnership's own fields (not its lists) with its version.
pub async fn get_partnership(tx: &mut Tx, id: PartnershipId) -> Result<Versioned<Partnership>, StoreError> {
    let row: Option<rows::PartnershipRow> = tx
        .fetch_optional(&format!("SELECT {PARTNERSHIP_COLUMNS} FROM partnerships WHERE id = $1"), vals![id.0])
        .await?;
    let row = row.ok_or_else(|| StoreError::not_found("partnership", id))?;
    let version = row.version;
    Ok(Versioned {
        value: Partnership {
            id: PartnershipId(row.id),
            slug: row.slug,
            name: row.name,
            area_name: row.area_name,
            gss_code: row.gss_code,
            description: row.description,
            organisations: Vec::new(),
            boards: Vec::new(),
            comparator_groups: Vec::new(),
            jargon: Vec::new(),
        },
        version,
    })
}

/// Saves a partnership's name, area, GSS code and description.
pub async fn update_partnership(
    tx: &mut Tx,
    actor: &Actor,
    partnership: &Partnership,
    expected: i64,
) -> Result<i64, StoreError> {
    let before = get_partnership(tx, partnership.id).await?;
    let mut problems = Problems::default();
    let mut checked = partnership.clone();
    checked.slug = before.value.slug.clone();
    checked.organisations.clear();
    checked.boards.clear();
    checked.comparator_groups.clear();
    checked.jargon.clear();
    cypp_domain::validate::check_partnership(&checked, "", &mut problems);
    invalid(problems)?;
    let edit = Edit {
        table: "partnerships",
        entity: "partnership",
        id: partnership.id.0,
        expected,
        label: before.value.name.clone(),
        before: json(&before.value),
        after: json(&checked),
        actor,
    };
    let fields: Columns = vec![
        ("name", checked.name.as_str().into()),
        ("area_name", checked.area_name.as_str().into()),
        ("gss_code", checked.gss_code.as_str().into()),
        ("description", checked.description.clone().into()),
        ("updated_at", crate::codec::now().into()),
    ];
    versioned_update(tx, edit, fields).await
}

// --- series from data files ----------------------------------------------------------------

/// What an import of figures wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SeriesSummary {
    pub added: usize,
    pub replaced: usize,
}

/// Takes the measure's row lock for the rest of the transaction, so that two writers of its
/// figures take turns: on PostgreSQL the second waits for the first to commit and then sees
/// its figures, instead of both finding a period empty and one failing on the unique key.
/// (SQLite's write transactions already take turns.)
async fn lock_measure(tx: &mut Tx, measure: MeasureId) -> Result<(), StoreError> {
    let locked = tx.execute("UPDATE measures SET version = version WHERE id = $1", vals![measure.0]).await?;
    if locked == 0 {
        return Err(StoreError::not_found("measure", measure));
    }
    Ok(())
}

/// Writes figures for a measure from a data file: its own series (`None`) and comparators'.
/// Every figure is checked against the measure first, and all are written with one audit event
/// naming the file, or none are.
pub async fn import_series(
    tx: &mut Tx,
    actor: &Actor,
    measure: MeasureId,
    series: &[(Option<ComparatorId>, Vec<DataPoint>)],
    source: &str,
) -> Result<SeriesSummary, StoreError> {
    lock_measure(tx, measure).await?;
    let definition = get_measure(tx, measure).await?.value;
    let mut problems = Problems::default();
    for (comparator, points) in series {
        let which = comparator.map_or("own".to_string(), |c| c.to_string());
        for point in points {
            check_data_point(&definition, point, &format!("{which} {}", point.period.label()), &mut problems);
        }
    }
    invalid(problems)?;
    let mut summary = SeriesSummary::default();
    for (comparator, points) in series {
        let key = comparator.map(|c| c.0).unwrap_or(measure.0);
        for point in points {
            let removed = tx
                .execute(
                    "DELETE FROM data_points WHERE measure_id = $1 AND COALESCE(comparator_id, measure_id) = $2 AND period = $3",
                    vals![measure.0, key, point.period.code()],
                )
                .await?;
            crate::plan_file::insert(tx, "data_points", rows::data_point(measure, *comparator, point)).await?;
            if removed > 0 {
                summary.replaced += 1;
            } else {
                summary.added += 1;
            }
        }
    }
    record(
        tx,
        Change {
            action: AuditAction::Import,
            entity: "measure",
            entity_id: Some(measure.0),
            summary: format!(
                "Imported {} figures for \"{}\" from {source}",
                summary.added + summary.replaced,
                definition.name
            ),
            before: None,
            after: Some(json(&summary)),
            actor,
        },
    )
    .await?;
    Ok(summary)
}

// --- measures and targets ------------------------------------------------------------------

/// Adds a measure (its definition, targets and any figures) at the end of the plan's measures.
pub async fn add_measure(tx: &mut Tx, actor: &Actor, plan: PlanId, measure: &Measure) -> Result<MeasureId, StoreError> {
    let mut problems = Problems::default();
    let file = crate::plan_file::export_by_id(tx, plan).await?;
    cypp_domain::validate::check_measure(measure, &file.plan.period, "", &mut problems);
    if file.measures.iter().any(|m| m.slug == measure.slug) {
        problems.push("slug", format!("Another measure in this plan already uses the slug \"{}\"", measure.slug));
    }
    invalid(problems)?;
    // A measure belongs to the plan from the revision it was added in, so one added to a
    // refresh in draft stays out of the public edition until the refresh is published.
    let measure = &Measure { since_revision: Some(file.plan.revision), ..measure.clone() };
    crate::plan_file::insert(tx, "measures", rows::measure(plan, file.measures.len(), measure)).await?;
    for (i, target) in measure.targets.iter().enumerate() {
        crate::plan_file::insert(tx, "measure_targets", rows::target(measure.id, i, target)).await?;
    }
    for point in &measure.data {
        crate::plan_file::insert(tx, "data_points", rows::data_point(measure.id, None, point)).await?;
    }
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "measure",
            entity_id: Some(measure.id.0),
            summary: format!("Added the measure \"{}\"", measure.name),
            before: None,
            after: Some(json(measure)),
            actor,
        },
    )
    .await?;
    Ok(measure.id)
}

/// Checks a target against its measure and the plan's period, and that no other target of the
/// measure is for the same period.
async fn check_target(
    tx: &mut Tx,
    plan: &PlanPeriod,
    measure: MeasureId,
    target: &Target,
) -> Result<Measure, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Count {
        n: i64,
    }
    let mut definition = get_measure(tx, measure).await?.value;
    let mut problems = Problems::default();
    let same: Count = tx
        .fetch_one(
            "SELECT COUNT(*) AS n FROM measure_targets WHERE measure_id = $1 AND period = $2 AND id <> $3",
            vals![measure.0, target.period.code(), target.id.0],
        )
        .await?;
    if same.n > 0 {
        problems.push(
            "period",
            format!("There is already a target for {}: change that one instead", target.period.label()),
        );
    }
    definition.targets = vec![target.clone()];
    let mut found = Problems::default();
    cypp_domain::validate::check_measure(&definition, plan, "", &mut found);
    // The measure's own paths are "targets[0].value"; the form's fields are "value".
    for p in found.0 {
        let field = p.path.strip_prefix("targets[0].").unwrap_or(&p.path).to_string();
        problems.push(field, p.message);
    }
    invalid(problems)?;
    Ok(definition)
}

/// Sets a target for a measure: one per period, within the plan's period.
pub async fn add_target(
    tx: &mut Tx,
    actor: &Actor,
    plan: &PlanPeriod,
    measure: MeasureId,
    target: &Target,
) -> Result<(), StoreError> {
    let definition = check_target(tx, plan, measure, target).await?;
    #[derive(sqlx::FromRow)]
    struct Next {
        n: Option<i64>,
    }
    let next: Next = tx
        .fetch_one("SELECT MAX(position) + 1 AS n FROM measure_targets WHERE measure_id = $1", vals![measure.0])
        .await?;
    crate::plan_file::insert(
        tx,
        "measure_targets",
        rows::target(measure, usize::try_from(next.n.unwrap_or(0)).unwrap_or(0), target),
    )
    .await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: "target",
            entity_id: Some(target.id.0),
            summary: format!("Set a target for {} on \"{}\"", target.period.label(), definition.name),
            before: None,
            after: Some(json(target)),
            actor,
        },
    )
    .await?;
    Ok(())
}

/// One of a measure's targets, with its version.
pub async fn get_target(tx: &mut Tx, measure: MeasureId, id: TargetId) -> Result<Versioned<Target>, StoreError> {
    let row: Option<TargetRow> = tx
        .fetch_optional(
            &format!("SELECT {TARGET_COLUMNS} FROM measure_targets WHERE id = $1 AND measure_id = $2"),
            vals![id.0, measure.0],
        )
        .await?;
    let row = row.ok_or_else(|| StoreError::not_found("target", id))?;
    let version = row.version;
    Ok(Versioned { value: row.into_domain()?, version })
}

/// Changes a target in place, if nobody changed it since `expected`.
pub async fn update_target(
    tx: &mut Tx,
    actor: &Actor,
    plan: &PlanPeriod,
    measure: MeasureId,
    target: &Target,
    expected: i64,
) -> Result<i64, StoreError> {
    let before = get_target(tx, measure, target.id).await?;
    let definition = check_target(tx, plan, measure, target).await?;
    let edit = Edit {
        table: "measure_targets",
        entity: "target",
        id: target.id.0,
        expected,
        label: format!("{} on \"{}\"", before.value.period.label(), definition.name),
        before: json(&before.value),
        after: json(target),
        actor,
    };
    versioned_update(tx, edit, rows::target_fields(target)).await
}

/// Removes a target.
pub async fn delete_target(tx: &mut Tx, actor: &Actor, measure: MeasureId, target: TargetId) -> Result<(), StoreError> {
    #[derive(sqlx::FromRow)]
    struct Found {
        period: String,
    }
    let found: Option<Found> = tx
        .fetch_optional(
            "SELECT period FROM measure_targets WHERE id = $1 AND measure_id = $2",
            vals![target.0, measure.0],
        )
        .await?;
    let found = found.ok_or_else(|| StoreError::not_found("target", target))?;
    tx.execute("DELETE FROM measure_targets WHERE id = $1", vals![target.0]).await?;
    record(
        tx,
        Change {
            action: AuditAction::Delete,
            entity: "target",
            entity_id: Some(target.0),
            summary: format!("Removed the target for {}", found.period),
            before: Some(serde_json::json!({ "period": found.period })),
            after: None,
            actor,
        },
    )
    .await?;
    Ok(())
}
