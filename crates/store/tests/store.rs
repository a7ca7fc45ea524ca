//! Store tests, each run on SQLite and on PostgreSQL (see `cypp_testkit::db_test!`).

use cypp_domain::*;
use cypp_store::edit;
use cypp_store::plan_file::{export, import};
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db, StoreError, Tx};
use cypp_testkit::{TestResult, db_test};

fn actor() -> Actor {
    Actor::system("test")
}

async fn load_demo(db: &Db) -> Result<PlanFile, Box<dyn std::error::Error + Send + Sync>> {
    let file = cypp_demo::plan_file();
    let mut tx = db.write().await?;
    import(&mut tx, &file, &actor()).await?;
    tx.commit().await?;
    Ok(file)
}

#[derive(sqlx::FromRow)]
struct N {
    n: i64,
}

async fn count(tx: &mut Tx, table: &str) -> Result<i64, StoreError> {
    let row: N = tx.fetch_one(&format!("SELECT COUNT(*) AS n FROM {table}"), vec![]).await?;
    Ok(row.n)
}

async fn counts(db: &Db) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.read().await?;
    let mut out = Vec::new();
    for table in [
        "partnerships",
        "plans",
        "plan_revisions",
        "plan_items",
        "actions",
        "measures",
        "data_points",
        "updates",
        "audit_events",
    ] {
        out.push(count(&mut tx, table).await?);
    }
    Ok(out)
}

async fn the_demo_plan_exports_exactly_as_it_was_imported(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let mut tx = db.read().await?;
    let exported = export(&mut tx, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(exported.to_json(), file.to_json());
    // Every kind of column comes back, the figures' places among other areas among them.
    let ranked = |f: &PlanFile| f.measures.iter().flat_map(|m| &m.data).filter(|p| p.standing.is_some()).count();
    assert!(ranked(&file) > 50 && ranked(&exported) == ranked(&file), "{}", ranked(&exported));
    Ok(())
}

async fn export_import_export_is_byte_identical(db: Db) -> TestResult {
    load_demo(&db).await?;
    let first = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?.to_json();

    // Into a second, empty database on the same engine.
    let second_db = match db.engine() {
        cypp_store::Engine::Sqlite => cypp_testkit::sqlite().await,
        cypp_store::Engine::Postgres => match cypp_testkit::postgres("round trip, second database").await {
            Some(db) => db,
            None => return Ok(()),
        },
    };
    let parsed = PlanFile::from_json(&first)?;
    let mut tx = second_db.db.write().await?;
    import(&mut tx, &parsed, &actor()).await?;
    tx.commit().await?;
    let second = export(&mut second_db.db.read().await?, cypp_demo::PLAN_SLUG).await?.to_json();
    assert!(first == second, "the second export differs from the first");
    Ok(())
}

async fn importing_the_same_plan_twice_is_refused_and_changes_nothing(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let before = counts(&db).await?;
    let mut tx = db.write().await?;
    let result = import(&mut tx, &file, &actor()).await;
    drop(tx);
    assert!(
        matches!(result, Err(StoreError::Duplicate { message: ref m, .. }) if m.contains(cypp_demo::PLAN_SLUG)),
        "{result:?}"
    );
    assert_eq!(counts(&db).await?, before);
    Ok(())
}

async fn a_failure_part_way_through_an_import_leaves_nothing_behind(db: Db) -> TestResult {
    let demo = load_demo(&db).await?;
    let before = counts(&db).await?;
    // A second plan that passes validation but reuses an action id already stored: the
    // database refuses it only when it reaches the actions, after the plan row is written.
    let mut second = demo.clone();
    second.plan.slug = "second-plan".into();
    second.plan.id = PlanId::new();
    second.earlier_revisions.clear();
    second.rounds.clear();
    second.plan.revision_id = RevisionId::new();
    for measure in &mut second.measures {
        measure.id = MeasureId::new();
        for target in &mut measure.targets {
            target.id = TargetId::new();
        }
    }
    let new_measures: Vec<MeasureId> = second.measures.iter().map(|m| m.id).collect();
    let old_measures: Vec<MeasureId> = demo.measures.iter().map(|m| m.id).collect();
    fn renumber(items: &mut [PlanItem], old: &[MeasureId], new: &[MeasureId]) {
        for item in items {
            item.id = ItemId::new();
            let map = |m: &mut MeasureId| {
                if let Some(i) = old.iter().position(|o| o == m) {
                    *m = new[i];
                }
            };
            item.measures.iter_mut().for_each(map);
            for s in &mut item.success_statements {
                s.id = SuccessStatementId::new();
                s.measures.iter_mut().for_each(map);
            }
            for r in &mut item.references {
                r.id = ReferenceId::new();
            }
            for r in &mut item.risks {
                r.id = RiskId::new();
            }
            for f in &mut item.finance {
                f.id = FinanceLineId::new();
            }
            renumber(&mut item.items, old, new);
        }
    }
    renumber(&mut second.items, &old_measures, &new_measures);
    for (kind, list) in [(0, &mut second.sections.iter_mut().map(|s| &mut s.id.0).collect::<Vec<_>>())] {
        let _ = kind;
        for id in list.iter_mut() {
            **id = uuid::Uuid::new_v4();
        }
    }
    for p in &mut second.principles {
        p.id = PrincipleId::new();
    }
    let theme_map: Vec<(ThemeId, ThemeId)> = second
        .themes
        .iter_mut()
        .map(|t| {
            let old = t.id;
            t.id = ThemeId::new();
            (old, t.id)
        })
        .collect();
    fn retheme(items: &mut [PlanItem], map: &[(ThemeId, ThemeId)]) {
        for item in items {
            for t in &mut item.themes {
                if let Some((_, new)) = map.iter().find(|(old, _)| old == t) {
                    *t = *new;
                }
            }
            retheme(&mut item.items, map);
        }
    }
    retheme(&mut second.items, &theme_map);
    for g in &mut second.glossary {
        g.id = GlossaryTermId::new();
    }
    assert!(second.validate().is_empty(), "{}", second.validate());

    let mut tx = db.write().await?;
    let result = import(&mut tx, &second, &actor()).await;
    drop(tx);
    assert!(matches!(result, Err(StoreError::Duplicate { .. })), "{result:?}");
    assert_eq!(counts(&db).await?, before, "a failed import must change nothing");
    Ok(())
}

async fn a_stale_edit_is_refused_naming_the_record_and_changes_nothing(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let action_id = file.items[0].items[0].actions[1].id;

    let mut tx = db.write().await?;
    let opened = edit::get_action(&mut tx, action_id).await?;
    let mut first = opened.value.clone();
    first.status = ActionStatus::AtRisk;
    first.completed_on = None;
    let version = edit::update_action(&mut tx, &actor(), &first, opened.version).await?;
    assert_eq!(version, opened.version + 1);
    tx.commit().await?;

    // A second person saves from the same opened copy.
    let mut second = opened.value.clone();
    second.title = "Someone else's wording".into();
    let mut tx = db.write().await?;
    let result = edit::update_action(&mut tx, &actor(), &second, opened.version).await;
    drop(tx);
    match result {
        Err(e @ StoreError::Conflict { .. }) => {
            let message = e.to_string();
            assert!(message.contains(&opened.value.title), "{message}");
            assert!(message.contains("nothing was saved"), "{message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = edit::get_action(&mut db.read().await?, action_id).await?;
    assert_eq!(now.value, first);
    assert_eq!(now.version, opened.version + 1);
    Ok(())
}

async fn every_edit_is_audited_with_before_and_after(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let item_id = file.items[1].items[0].id;
    let mut tx = db.write().await?;
    let opened = edit::get_item(&mut tx, item_id).await?;
    let mut item = opened.value.clone();
    item.key_priority = Some("A clearer key priority.".into());
    edit::update_item(&mut tx, &Actor::system("editor@kelderby.example"), &item, opened.version).await?;
    tx.commit().await?;

    let events = cypp_store::audit::list(&mut db.read().await?, Some(item_id.0), 10).await?;
    let event = events.first().ok_or("no audit event")?;
    assert_eq!(event.action, AuditAction::Update);
    assert_eq!(event.actor, "editor@kelderby.example");
    assert_eq!(event.entity, "plan item");
    let before = event.before.as_ref().ok_or("no before")?;
    let after = event.after.as_ref().ok_or("no after")?;
    assert_eq!(before["key_priority"], serde_json::json!(opened.value.key_priority));
    assert_eq!(after["key_priority"], "A clearer key priority.");

    // The import itself was audited too.
    let all = cypp_store::audit::list(&mut db.read().await?, Some(file.plan.id.0), 10).await?;
    assert!(all.iter().any(|e| e.action == AuditAction::Import));
    Ok(())
}

async fn data_points_are_checked_replaced_and_audited(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let measure = file.measures.iter().find(|m| m.unit == Unit::Percent).ok_or("no percentage measure")?;
    let period = measure.latest().ok_or("no data")?.period;

    let mut tx = db.write().await?;
    let bad = edit::record_data_point(&mut tx, &actor(), measure.id, None, &DataPoint::new(period, 104.0)).await;
    assert!(matches!(&bad, Err(StoreError::Invalid(p)) if p.to_string().contains("between 0 and 100")), "{bad:?}");
    drop(tx);

    let mut tx = db.write().await?;
    let mut point = DataPoint::new(period, 42.5);
    point.value = Reading::Number(42.5);
    edit::record_data_point(&mut tx, &actor(), measure.id, None, &point).await?;
    let suppressed = DataPoint { value: Reading::Symbol(Symbol::Suppressed), ..DataPoint::new(period, 0.0) };
    edit::record_data_point(&mut tx, &actor(), measure.id, Some(file.partnership.comparator_groups[0].id), &suppressed)
        .await?;
    tx.commit().await?;

    let exported = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    let m = exported.measures.iter().find(|m| m.id == measure.id).ok_or("measure gone")?;
    assert_eq!(m.data.len(), measure.data.len(), "the figure is replaced, not added");
    assert_eq!(m.latest().map(|d| d.value), Some(Reading::Number(42.5)));
    let england = &m.comparators[0].data;
    assert_eq!(england.iter().find(|d| d.period == period).map(|d| d.value), Some(Reading::Symbol(Symbol::Suppressed)));
    Ok(())
}

async fn plan_status_moves_only_by_allowed_steps(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let revision = file.plan.revision_id;
    let mut tx = db.write().await?;
    let opened = edit::get_revision(&mut tx, revision).await?;
    assert_eq!(opened.value.status, PlanStatus::Published);
    let refused = edit::change_status(&mut tx, &actor(), revision, opened.version, PlanStatus::Draft, None).await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    edit::change_status(&mut tx, &actor(), revision, opened.version, PlanStatus::Archived, Some("Replaced".into()))
        .await?;
    tx.commit().await?;
    let exported = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(exported.plan.status, PlanStatus::Archived);
    let last = exported.plan.status_history.last().ok_or("no history")?;
    assert_eq!((last.status, last.by.as_str(), last.note.as_deref()), (PlanStatus::Archived, "test", Some("Replaced")));
    Ok(())
}

async fn users_sign_in_with_their_password_only(db: Db) -> TestResult {
    let mut tx = db.write().await?;
    let user = users::add(
        &mut tx,
        &actor(),
        NewUser {
            email: "Lead@Kelderby.example",
            name: "A Lead",
            role: Role::Lead,
            partnership: None,
            password: "a long enough password",
        },
    )
    .await?;
    tx.commit().await?;
    assert_eq!(user.email.as_str(), "lead@kelderby.example");

    let mut tx = db.read().await?;
    assert_eq!(
        users::authenticate(&mut tx, "lead@kelderby.example", "a long enough password").await?.map(|u| u.id),
        Some(user.id)
    );
    assert!(users::authenticate(&mut tx, "lead@kelderby.example", "wrong password").await?.is_none());
    assert!(users::authenticate(&mut tx, "nobody@kelderby.example", "a long enough password").await?.is_none());
    drop(tx);

    let mut tx = db.write().await?;
    let again = users::add(
        &mut tx,
        &actor(),
        NewUser {
            email: "lead@kelderby.example",
            name: "Again",
            role: Role::Viewer,
            partnership: None,
            password: "another long password",
        },
    )
    .await;
    assert!(
        matches!(again, Err(StoreError::Duplicate { message: ref m, .. }) if m.contains("already an account")),
        "{again:?}"
    );
    drop(tx);
    let mut tx = db.write().await?;
    let short = users::add(
        &mut tx,
        &actor(),
        NewUser { email: "x@y.uk", name: "X", role: Role::Viewer, partnership: None, password: "short" },
    )
    .await;
    assert!(matches!(short, Err(StoreError::Invalid(ref p)) if p.to_string().contains("at least 12")), "{short:?}");
    Ok(())
}

async fn the_catalogue_lists_partnerships_with_their_current_plans(db: Db) -> TestResult {
    load_demo(&db).await?;
    let list = cypp_store::catalogue::list(&mut db.read().await?).await?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].gss_code, "E08000999");
    assert_eq!(list[0].plans.len(), 1, "one plan, shown at its current revision");
    assert_eq!(list[0].plans[0].revision, 2);
    assert_eq!(list[0].plans[0].slug, cypp_demo::PLAN_SLUG);
    Ok(())
}

async fn migrations_are_applied_once(db: Db) -> TestResult {
    let applied = cypp_store::migrate::run(&db).await?;
    assert!(applied.is_empty(), "already migrated, so nothing to apply: {applied:?}");
    assert!(cypp_store::migrate::is_empty(&db).await?);
    Ok(())
}

async fn a_migration_changed_after_it_was_applied_stops_the_start(db: Db) -> TestResult {
    // As if the released SQL of migration 2 had been edited since this database applied it.
    let mut tx = db.write().await?;
    tx.execute("UPDATE schema_checksums SET checksum = $1 WHERE version = 2", cypp_store::vals!["not the same"])
        .await?;
    tx.commit().await?;
    let result = cypp_store::migrate::run(&db).await;
    assert!(matches!(result, Err(StoreError::MigrationChanged { version: 2, .. })), "{result:?}");
    // A database migrated before checksums were kept is given them, and starts.
    let mut tx = db.write().await?;
    tx.execute("DELETE FROM schema_checksums", vec![]).await?;
    tx.commit().await?;
    cypp_store::migrate::run(&db).await?;
    cypp_store::migrate::run(&db).await?;
    Ok(())
}

async fn the_annual_refresh_copies_the_published_plan_into_a_draft_and_publishing_it_archives_the_old(
    db: Db,
) -> TestResult {
    let file = load_demo(&db).await?;
    let mut tx = db.write().await?;
    let draft = edit::start_refresh(&mut tx, &actor(), file.plan.id, Some("Refreshed for 2027-28".into())).await?;
    tx.commit().await?;

    let refreshed = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(refreshed.plan.revision_id, draft);
    assert_eq!((refreshed.plan.revision, refreshed.plan.status), (3, PlanStatus::Draft));
    assert_eq!(refreshed.earlier_revisions.len(), 2);
    assert_eq!(refreshed.latest_published().map(|r| r.plan.revision), Some(2), "the public still sees revision 2");
    assert!(cypp_domain::revision::compare(&file.current(), &refreshed.current()).is_empty(), "an exact copy");
    assert_eq!(refreshed.items[0].origin, Some(file.items[0].id));
    assert!(refreshed.validate().is_empty(), "{}", refreshed.validate());

    // A second refresh waits for this one.
    let mut tx = db.write().await?;
    let again = edit::start_refresh(&mut tx, &actor(), file.plan.id, None).await;
    assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
    drop(tx);

    let mut tx = db.write().await?;
    let mut version = edit::get_revision(&mut tx, draft).await?.version;
    for status in [PlanStatus::Consultation, PlanStatus::Approved, PlanStatus::Published] {
        version = edit::change_status(&mut tx, &actor(), draft, version, status, None).await?;
    }
    tx.commit().await?;
    let published = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(published.plan.status, PlanStatus::Published);
    assert_eq!(published.earlier_revisions[1].plan.status, PlanStatus::Archived, "revision 2 is retired");
    let history = &published.earlier_revisions[1].plan.status_history;
    assert_eq!(history.last().map(|c| c.note.as_deref()), Some(Some("Replaced by revision 3")));
    assert_eq!(published.latest_published().map(|r| r.plan.revision), Some(3));
    Ok(())
}

async fn items_are_added_reordered_moved_and_deleted_with_their_audit(db: Db) -> TestResult {
    use cypp_store::tree::{self, Direction};
    let file = load_demo(&db).await?;
    let revision = file.plan.revision_id;
    let outcome = file.items[0].id;
    let mut tx = db.write().await?;
    let new = PlanItem::new("Keep children safe online");
    tree::add_item(&mut tx, &actor(), revision, Some(outcome), &new).await?;
    let mut action = file.items[0].items[0].actions[0].clone();
    action.id = ActionId::new();
    action.title = "Run online safety sessions in every school".into();
    action.status = ActionStatus::NotStarted;
    action.completed_on = None;
    tree::add_action(&mut tx, &actor(), new.id, &action).await?;
    tree::reorder_item(&mut tx, &actor(), new.id, Direction::Up).await?;
    tx.commit().await?;

    let after = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    let titles: Vec<&str> = after.items[0].items.iter().map(|i| i.title.as_str()).collect();
    let n = titles.len();
    assert_eq!(titles[n - 2], "Keep children safe online", "added last, then moved up one: {titles:?}");
    assert_eq!(after.items[0].items[n - 2].actions[0].title, action.title);

    // Moving an outcome under its own priority is refused; moving the new item to the top level works.
    let mut tx = db.write().await?;
    let cycle = tree::move_item(&mut tx, &actor(), outcome, Some(new.id)).await;
    assert!(matches!(cycle, Err(StoreError::Invalid(_))), "{cycle:?}");
    drop(tx);
    let mut tx = db.write().await?;
    tree::move_item(&mut tx, &actor(), new.id, None).await?;
    tx.commit().await?;
    let moved = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(moved.items.last().map(|i| i.title.as_str()), Some("Keep children safe online"));

    // An item with progress updates cannot be deleted; the new one can, with a stale version refused first.
    let reported = file.rounds[0].updates[0].item.ok_or("no item update")?;
    let mut tx = db.write().await?;
    let refused = tree::delete_item(&mut tx, &actor(), reported, 1).await;
    assert!(
        matches!(&refused, Err(StoreError::Invalid(p)) if p.to_string().contains("progress updates")),
        "{refused:?}"
    );
    drop(tx);
    let version = edit::get_item(&mut db.read().await?, new.id).await?.version;
    let mut tx = db.write().await?;
    let stale = tree::delete_item(&mut tx, &actor(), new.id, version - 1).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
    drop(tx);
    let mut tx = db.write().await?;
    tree::delete_item(&mut tx, &actor(), new.id, version).await?;
    tx.commit().await?;
    let gone = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert!(gone.items.iter().all(|i| i.title != "Keep children safe online"));
    assert_eq!(
        gone.to_json(),
        {
            let mut f = file.clone();
            f.plan = gone.plan.clone();
            f.to_json()
        },
        "back to the plan as it was"
    );
    let events = cypp_store::audit::list(&mut db.read().await?, Some(new.id.0), 10).await?;
    let deleted = events.iter().find(|e| e.action == AuditAction::Delete).ok_or("no delete event")?;
    assert_eq!(
        deleted.before.as_ref().map(|b| b["actions"][0]["title"].clone()),
        Some(serde_json::json!(action.title)),
        "the deleted item is kept in the audit trail, with its actions"
    );
    Ok(())
}

async fn short_lists_are_added_changed_and_deleted_with_versions_and_audit(db: Db) -> TestResult {
    use cypp_store::lists;
    let file = load_demo(&db).await?;
    let glossary = lists::kind("glossary").ok_or("no glossary kind")?;
    let revision = file.plan.revision_id.0;
    let mut tx = db.write().await?;
    let before = lists::list(&mut tx, glossary, revision).await?;
    assert_eq!(before.len(), file.glossary.len());
    let id =
        lists::add(&mut tx, &actor(), glossary, revision, &["JSNA".into(), "Joint strategic needs assessment".into()])
            .await?;
    let duplicate = lists::add(&mut tx, &actor(), glossary, revision, &["jsna".into(), "Again".into()]).await;
    assert!(
        matches!(&duplicate, Err(StoreError::Invalid(p)) if p.to_string().contains("already in the list")),
        "{duplicate:?}"
    );
    let empty = lists::add(&mut tx, &actor(), glossary, revision, &["".into(), "".into()]).await;
    assert!(matches!(&empty, Err(StoreError::Invalid(p)) if p.0.len() == 2), "{empty:?}");
    let version =
        lists::update(&mut tx, &actor(), glossary, id, 1, &["JSNA".into(), "The needs assessment".into()]).await?;
    let stale = lists::update(&mut tx, &actor(), glossary, id, 1, &["JSNA".into(), "Stale".into()]).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
    tx.commit().await?;

    let exported = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    let term = exported.glossary.last().ok_or("no term")?;
    assert_eq!((term.term.as_str(), term.definition.as_str()), ("JSNA", "The needs assessment"));
    assert!(term.aliases.is_empty());

    let organisations = lists::kind("organisations").ok_or("no kind")?;
    let mut tx = db.write().await?;
    let bad = lists::add(
        &mut tx,
        &actor(),
        organisations,
        file.partnership.id.0,
        &["Kelderby Hospice".into(), "hospice".into()],
    )
    .await;
    assert!(matches!(&bad, Err(StoreError::Invalid(p)) if p.to_string().contains("Choose the kind")), "{bad:?}");
    lists::add(
        &mut tx,
        &actor(),
        organisations,
        file.partnership.id.0,
        &["Kelderby Hospice".into(), "voluntary".into()],
    )
    .await?;
    lists::delete(&mut tx, &actor(), glossary, id, version).await?;
    tx.commit().await?;
    let after = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(after.glossary.len(), file.glossary.len());
    assert_eq!(after.partnership.organisations.last().map(|o| o.name.as_str()), Some("Kelderby Hospice"));
    let events = cypp_store::audit::list(&mut db.read().await?, Some(id), 10).await?;
    assert_eq!(events.len(), 3, "added, changed, deleted");

    // The partnership's jargon list goes with the plan file.
    let jargon = lists::kind("jargon").ok_or("no kind")?;
    let mut tx = db.write().await?;
    lists::add(&mut tx, &actor(), jargon, file.partnership.id.0, &["locality hub".into(), "family centre".into()])
        .await?;
    tx.commit().await?;
    let with_jargon = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(with_jargon.partnership.jargon.first().map(|j| j.word.as_str()), Some("locality hub"));
    assert!(with_jargon.to_json().contains("\"jargon\""));
    Ok(())
}

async fn plan_and_partnership_settings_are_versioned_edits(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let mut tx = db.write().await?;
    let opened = edit::get_revision(&mut tx, file.plan.revision_id).await?;
    let mut plan = opened.value.clone();
    plan.level_names = vec!["Key theme".into(), "Priority area".into()];
    plan.vision = Some("A new vision.".into());
    edit::update_plan(&mut tx, &actor(), &plan, opened.version).await?;
    let stale = edit::update_plan(&mut tx, &actor(), &plan, opened.version).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    let partnership = edit::get_partnership(&mut tx, file.partnership.id).await?;
    let mut changed = partnership.value.clone();
    changed.gss_code = "not a code".into();
    assert!(matches!(
        edit::update_partnership(&mut tx, &actor(), &changed, partnership.version).await,
        Err(StoreError::Invalid(_))
    ));
    changed.gss_code = "E08000998".into();
    edit::update_partnership(&mut tx, &actor(), &changed, partnership.version).await?;
    tx.commit().await?;
    let after = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    assert_eq!(after.plan.level_names, ["Key theme", "Priority area"]);
    assert_eq!(after.plan.vision.as_deref(), Some("A new vision."));
    assert_eq!(after.partnership.gss_code, "E08000998");
    assert_eq!(after.partnership.organisations, file.partnership.organisations, "the lists are untouched");
    Ok(())
}

async fn figures_from_a_data_file_are_checked_written_together_and_audited(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let measure = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let england = file.partnership.comparator_groups[0].id;
    let own = vec![
        DataPoint::new(Period::FinancialYear { year: 2025 }, 99.0),
        DataPoint::new(Period::FinancialYear { year: 2026 }, 98.0),
    ];
    let theirs = vec![DataPoint {
        value: Reading::Symbol(Symbol::Suppressed),
        ..DataPoint::new(Period::FinancialYear { year: 2026 }, 0.0)
    }];
    let mut tx = db.write().await?;
    let wrong = vec![(None, vec![DataPoint::new(Period::AcademicYear { year: 2025 }, 99.0)])];
    assert!(matches!(
        edit::import_series(&mut tx, &actor(), measure.id, &wrong, "x.csv").await,
        Err(StoreError::Invalid(_))
    ));
    let summary =
        edit::import_series(&mut tx, &actor(), measure.id, &[(None, own.clone()), (Some(england), theirs)], "cla.csv")
            .await?;
    tx.commit().await?;
    assert_eq!(
        (summary.added, summary.replaced),
        (2, 1),
        "2025-26 was in the demonstration; 2026-27 is new; England's 2026-27 is new"
    );
    let after = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    let m = after.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    assert_eq!(m.latest().map(|d| d.value), Some(Reading::Number(98.0)));
    assert_eq!(m.comparators[0].data.last().map(|d| d.value), Some(Reading::Symbol(Symbol::Suppressed)));
    let events = cypp_store::audit::list(&mut db.read().await?, Some(measure.id.0), 5).await?;
    assert!(events.iter().any(|e| e.action == AuditAction::Import && e.summary.contains("cla.csv")));
    Ok(())
}

async fn a_pending_import_is_kept_for_its_uploader_only_until_forgotten(db: Db) -> TestResult {
    use cypp_store::pending;
    let file = load_demo(&db).await?;
    let measure = file.measures.iter().find(|m| m.unit == Unit::Percent).ok_or("no percentage measure")?;
    let mut tx = db.write().await?;
    let new_user =
        |email| NewUser { email, name: "U", role: Role::Editor, partnership: None, password: "a long enough password" };
    let uploader = users::add(&mut tx, &actor(), new_user("up@kelderby.example")).await?;
    let other = users::add(&mut tx, &actor(), new_user("other@kelderby.example")).await?;
    let mut point = measure.data[0].clone();
    point.ci_998 = Some(ConfidenceInterval { lower: 1.0, upper: 99.0, level: 99.8 });
    let figures = vec![(None, vec![point]), (Some(file.partnership.comparator_groups[0].id), measure.data.clone())];
    tx.commit().await?;
    let before = counts(&db).await?;
    let mut tx = db.write().await?;
    let id = pending::save(&mut tx, uploader.id, measure.id, "figures.csv", &figures).await?;
    tx.commit().await?;
    assert_eq!(counts(&db).await?, before, "nothing reaches the plan's tables");

    let mut tx = db.write().await?;
    let kept = pending::find(&mut tx, id, uploader.id).await?.ok_or("the uploader's pending import is kept")?;
    assert_eq!((kept.measure, kept.file_name.as_str(), &kept.figures), (measure.id, "figures.csv", &figures));
    assert!(pending::find(&mut tx, id, other.id).await?.is_none(), "someone else cannot see it");
    pending::forget(&mut tx, id, other.id).await?;
    assert!(pending::find(&mut tx, id, uploader.id).await?.is_some(), "nor forget it");
    pending::forget(&mut tx, id, uploader.id).await?;
    assert!(pending::find(&mut tx, id, uploader.id).await?.is_none());
    tx.commit().await?;
    Ok(())
}

/// Two imports of the same figures into one measure at the same moment, eight times over:
/// each must succeed (the second writer waits for the first and replaces its figures), with
/// one figure per period at the end.
async fn imports_into_one_measure_at_once_both_succeed(db: Db) -> TestResult {
    let file = load_demo(&db).await?;
    let measure = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?.id;
    let points: Vec<DataPoint> =
        (2030..2036).map(|year| DataPoint::new(Period::FinancialYear { year }, f64::from(year - 2000))).collect();
    for round in 0..8 {
        let imports = (0..2).map(|i| {
            let (db, points) = (db.clone(), points.clone());
            tokio::spawn(async move {
                let mut tx = db.write().await?;
                let summary =
                    edit::import_series(&mut tx, &actor(), measure, &[(None, points)], &format!("{round}-{i}.csv"))
                        .await?;
                // Hold the lock a moment, so the two overlap.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                tx.commit().await?;
                Ok::<_, StoreError>(summary)
            })
        });
        for import in imports.collect::<Vec<_>>() {
            import.await??;
        }
    }
    let after = export(&mut db.read().await?, cypp_demo::PLAN_SLUG).await?;
    let m = after.measures.iter().find(|m| m.id == measure).ok_or("no measure")?;
    let new: Vec<_> = m.data.iter().filter(|p| p.period >= Period::FinancialYear { year: 2030 }).collect();
    assert_eq!(new.len(), points.len(), "one figure per period");
    Ok(())
}

db_test!(
    imports_into_one_measure_at_once_both_succeed,
    a_pending_import_is_kept_for_its_uploader_only_until_forgotten,
    figures_from_a_data_file_are_checked_written_together_and_audited,
    short_lists_are_added_changed_and_deleted_with_versions_and_audit,
    plan_and_partnership_settings_are_versioned_edits,
    items_are_added_reordered_moved_and_deleted_with_their_audit,
    the_annual_refresh_copies_the_published_plan_into_a_draft_and_publishing_it_archives_the_old,
    the_demo_plan_exports_exactly_as_it_was_imported,
    export_import_export_is_byte_identical,
    importing_the_same_plan_twice_is_refused_and_changes_nothing,
    a_failure_part_way_through_an_import_leaves_nothing_behind,
    a_stale_edit_is_refused_naming_the_record_and_changes_nothing,
    every_edit_is_audited_with_before_and_after,
    data_points_are_checked_replaced_and_audited,
    plan_status_moves_only_by_allowed_steps,
    users_sign_in_with_their_password_only,
    the_catalogue_lists_partnerships_with_their_current_plans,
    migrations_are_applied_once,
    a_migration_changed_after_it_was_applied_stops_the_start,
);

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_on() -> TestResult {
    let test_db = cypp_testkit::sqlite().await;
    assert_eq!(test_db.db.engine(), cypp_store::Engine::Sqlite);
    let mut tx = test_db.db.read().await?;
    let mode: (String,) = tx.fetch_one("PRAGMA journal_mode", vec![]).await?;
    let keys: (i64,) = tx.fetch_one("PRAGMA foreign_keys", vec![]).await?;
    tx.rollback().await?;
    assert_eq!(mode.0.to_lowercase(), "wal");
    assert_eq!(keys.0, 1);
    Ok(())
}

#[tokio::test]
async fn an_address_that_cannot_be_opened_gives_one_clear_error() {
    let err =
        Db::open("postgres://nobody:secret@127.0.0.1:1/none").await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.starts_with("cannot open the database postgres://nobody:***@127.0.0.1:1/none"), "{err}");
    let err = Db::open("mysql://x").await.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("must start with sqlite:"), "{err}");
}
