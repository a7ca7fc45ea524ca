//! Backups taken while figures are being written, restored into a new database: the copy is one
//! consistent moment (the figures written before it, every one of them, and none after), and
//! otherwise exports exactly as the original does.

use cypp_domain::*;
use cypp_store::plan_file::{export, import};
use cypp_store::{Actor, Db, Engine, edit};
use cypp_testkit::{Error, TestResult, db_test};

const SLUG: &str = cypp_demo::PLAN_SLUG;

/// The n-th figure the writer adds: a month far ahead, valued n.
fn nth(n: u32) -> DataPoint {
    DataPoint::new(Period::Month { year: 2040 + (n / 12) as i32, month: n % 12 + 1 }, f64::from(n))
}

/// Drops a PostgreSQL database [`restore_target`] made.
async fn drop_target(db: &Db, url: &str) -> TestResult {
    if db.engine() == Engine::Postgres
        && let Some(name) = url.rsplit('/').next()
    {
        db.execute_outside_transaction(&format!("DROP DATABASE IF EXISTS {name}")).await?;
    }
    Ok(())
}

/// Opens a restored database: a new SQLite file, or a new PostgreSQL database beside `db`.
async fn restore_target(db: &Db, dir: &std::path::Path) -> Result<String, Error> {
    Ok(match db.engine() {
        Engine::Sqlite => format!("sqlite://{}", dir.join("restored.db").display()),
        Engine::Postgres => {
            let name = format!("cypp_restored_{}", uuid::Uuid::new_v4().simple());
            db.execute_outside_transaction(&format!("CREATE DATABASE {name}")).await?;
            cypp_testkit::with_database(db.url(), &name)
        }
    })
}

async fn a_backup_under_write_load_restores_to_one_consistent_moment(db: Db) -> TestResult {
    let file = cypp_demo::plan_file();
    let mut tx = db.write().await?;
    import(&mut tx, &file, &Actor::system("test")).await?;
    tx.commit().await?;
    let measure = file.measures.iter().find(|m| m.period_type == PeriodType::Month).ok_or("a monthly measure")?.id;

    // A writer adds one figure after another, each in its own transaction.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut tx = db.write().await?;
                edit::record_data_point(&mut tx, &Actor::system("writer"), measure, None, &nth(n)).await?;
                tx.commit().await?;
                n += 1;
            }
            Ok::<u32, cypp_store::StoreError>(n)
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let dir = std::env::temp_dir().join(format!("cypp-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let copy = dir.join("cypp.backup");
    cypp_store::backup::backup(&db, &copy).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await??;
    // A second backup to the same file is refused rather than overwriting the first.
    assert!(cypp_store::backup::backup(&db, &copy).await.is_err());

    let target = restore_target(&db, &dir).await?;
    cypp_store::backup::restore(&target, &copy).await?;
    let restored_db = Db::open(&target).await?;
    let restored = export(&mut restored_db.read().await?, SLUG).await?;
    restored_db.close().await;
    let original = export(&mut db.read().await?, SLUG).await?;

    let figures = |f: &PlanFile| -> Vec<f64> {
        let m = f.measures.iter().find(|m| m.id == measure);
        let mut values: Vec<f64> = m
            .map(|m| m.data.iter().filter(|p| p.period >= nth(0).period).filter_map(|p| p.value.number()).collect())
            .unwrap_or_default();
        values.sort_by(f64::total_cmp);
        values
    };
    let kept = figures(&restored);
    assert!(
        !kept.is_empty() && kept.len() < written as usize,
        "the backup was taken mid-way: {} of {written}",
        kept.len()
    );
    let expected: Vec<f64> = (0..kept.len() as u32).map(f64::from).collect();
    assert_eq!(kept, expected, "every figure written before the backup, and no gap");
    assert_eq!(figures(&original).len(), written as usize);

    // Apart from the figures written after it, the copy is the original.
    let mut trimmed = original.clone();
    if let Some(m) = trimmed.measures.iter_mut().find(|m| m.id == measure) {
        m.data.retain(|p| p.period < nth(kept.len() as u32).period);
    }
    assert!(restored.to_json() == trimmed.to_json(), "the restored plan exports as the original did");
    drop_target(&db, &target).await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

async fn a_damaged_or_foreign_file_is_not_restored(db: Db) -> TestResult {
    let dir = std::env::temp_dir().join(format!("cypp-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let junk = dir.join("junk.backup");
    std::fs::write(&junk, b"this is not a database")?;
    let target = restore_target(&db, &dir).await?;
    let refused = cypp_store::backup::restore(&target, &junk).await;
    assert!(refused.is_err(), "{refused:?}");
    let missing = cypp_store::backup::restore(&target, &dir.join("missing")).await;
    assert!(missing.is_err_and(|e| e.to_string().contains("no such file")));
    drop_target(&db, &target).await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

db_test!(a_backup_under_write_load_restores_to_one_consistent_moment, a_damaged_or_foreign_file_is_not_restored,);
