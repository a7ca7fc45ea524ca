//! The server under disk faults: the SQLite database lives on a small tmpfs, which is filled
//! up while people edit, cleared, and filled again. Every write either is saved (and shown) or
//! answers "Nothing was saved" (and is not); `/healthz` says the database cannot be written;
//! and once the fault clears, without a restart, every write works again and every page shows
//! the current figures.
//!
//! Mounting a tmpfs needs root (as in CI). Elsewhere the test says why it did not run, and
//! fails instead when `CYPP_REQUIRE_FAULTS=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;
use cypp_domain::*;
use cypp_store::{Actor, Db};
use cypp_testkit::{Browser, Error, TestApp, TestResult};

const SLUG: &str = cypp_demo::PLAN_SLUG;

/// A tmpfs of `size` mounted on a fresh directory, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(size: &str) -> Result<Option<Tmpfs>, Error> {
        let dir = std::env::temp_dir().join(format!("cypp-fault-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir)?;
        let mounted =
            Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&dir).status();
        if mounted.is_ok_and(|s| s.success()) {
            return Ok(Some(Tmpfs(dir)));
        }
        let _ = std::fs::remove_dir(&dir);
        let why = "cannot mount a tmpfs (the test needs root)";
        if std::env::var("CYPP_REQUIRE_FAULTS").is_ok_and(|v| v == "1") {
            return Err(format!("CYPP_REQUIRE_FAULTS=1 but {why}").into());
        }
        eprintln!("SKIPPED faults: {why}");
        Ok(None)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Fills the disk holding `dir` with a file until there is no room left.
fn fill(dir: &Path) -> Result<PathBuf, Error> {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path)?;
    let block = vec![0u8; 64 * 1024];
    loop {
        match file.write_all(&block) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => return Err(e.into()),
        }
    }
    // Whatever fits in the last partial block.
    while file.write_all(&[0u8; 512]).is_ok() {}
    let _ = file.flush();
    Ok(path)
}

async fn health(app: &TestApp) -> Result<(StatusCode, String), Error> {
    let page = app.browser().get("/healthz").await?;
    Ok((page.status, page.body))
}

/// Types in `value` for 2026-27 as the editor; whether it was saved, as the page said.
async fn type_in(editor: &mut Browser, value: u32) -> Result<bool, Error> {
    let path = format!("/plans/{SLUG}/measures/cla-rate/figures/new");
    let page = editor.submit(&path, &path, &[("period", "2026-27"), ("value", &value.to_string())]).await?;
    match page.status {
        StatusCode::SEE_OTHER => Ok(true),
        StatusCode::SERVICE_UNAVAILABLE => {
            assert!(page.body.contains("Nothing was saved"), "{}", page.body);
            Ok(false)
        }
        other => Err(format!("typing in {value} answered {other}: {}", page.body).into()),
    }
}

/// The 2026-27 figure the measure page shows now, asked three times (a connection left in an
/// old transaction would answer from an old snapshot some of the time).
async fn shown(browser: &mut Browser) -> Result<Option<String>, Error> {
    let mut seen = Vec::new();
    for _ in 0..3 {
        let page = browser.get(&format!("/plans/{SLUG}/measures/cla-rate")).await?;
        assert_eq!(page.status, StatusCode::OK);
        // The table's row for the period: its header cell, then the figure.
        let row = page
            .body
            .split("cypp-nowrap\">2026-27</th>")
            .nth(1)
            .and_then(|rest| rest.split("</td>").next())
            .and_then(|cell| cell.rsplit('>').next())
            .map(str::to_string);
        seen.push(row);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "the same page showed different figures: {seen:?}");
    Ok(seen.pop().flatten())
}

async fn stored(db: &Db) -> Result<Option<Reading>, Error> {
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, SLUG).await?;
    tx.rollback().await?;
    let measure = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("cla-rate")?;
    Ok(measure.data.iter().find(|p| p.period.code() == "2026-27").map(|p| p.value))
}

/// After each write, the database and the page agree with what the editor was told.
async fn check(db: &Db, editor: &mut Browser, value: u32, saved: bool, last_saved: &mut Option<u32>) -> TestResult {
    if saved {
        *last_saved = Some(value);
    }
    let expected = last_saved.map(|v| Reading::Number(f64::from(v)));
    assert_eq!(stored(db).await?, expected, "after typing in {value} (saved: {saved})");
    if let Some(v) = last_saved {
        let figure = shown(editor).await?.unwrap_or_default();
        assert!(figure.starts_with(&v.to_string()), "{v} is shown, not {figure}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_full_disk_is_cleared_writes_work_and_pages_are_current() -> TestResult {
    let Some(disk) = Tmpfs::mount("48m")? else { return Ok(()) };
    let db = Db::open(&format!("sqlite://{}", disk.0.join("cypp.db").display())).await?;
    let (app, _) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let mut last_saved = None;
    assert!(type_in(&mut editor, 100).await?);
    check(&db, &mut editor, 100, true, &mut last_saved).await?;

    // The disk fills: a large write cannot be saved, and says so; small ones may still fit in
    // the pages SQLite already has, and are then saved.
    let filler = fill(&disk.0)?;
    let mut tx = db.write().await?;
    let measure =
        cypp_store::plan_file::export(&mut tx, SLUG).await?.measures.into_iter().find(|m| m.slug == "cla-rate");
    let measure = measure.ok_or("cla-rate")?;
    let big =
        DataPoint { note: Some("x".repeat(4 << 20)), ..DataPoint::new(Period::FinancialYear { year: 2020 }, 1.0) };
    let refused = cypp_store::edit::record_data_point(&mut tx, &Actor::system("test"), measure.id, None, &big).await;
    let refused = match refused {
        Ok(()) => tx.commit().await,
        Err(e) => Err(e),
    };
    assert!(refused.as_ref().is_err_and(cypp_store::dialect::is_unwritable), "{refused:?}");
    let (status, body) = health(&app).await?;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    for value in 101..111 {
        let saved = type_in(&mut editor, value).await?;
        check(&db, &mut editor, value, saved, &mut last_saved).await?;
    }

    // Room again: every write works, without a restart.
    std::fs::remove_file(&filler)?;
    assert_eq!(health(&app).await?.0, StatusCode::OK);
    for value in 111..131 {
        assert!(type_in(&mut editor, value).await?, "{value} after the disk was cleared");
        check(&db, &mut editor, value, true, &mut last_saved).await?;
    }

    // And again: the disk fills while people type, and is cleared.
    let filler = fill(&disk.0)?;
    let mut refused = 0;
    for value in 131..141 {
        let saved = type_in(&mut editor, value).await?;
        refused += usize::from(!saved);
        check(&db, &mut editor, value, saved, &mut last_saved).await?;
    }
    std::fs::remove_file(&filler)?;
    for value in 141..151 {
        assert!(type_in(&mut editor, value).await?, "{value} after the disk was cleared again");
        check(&db, &mut editor, value, true, &mut last_saved).await?;
    }
    eprintln!("with the disk full the second time, {refused} of 10 figures were refused and the rest fitted");
    // Signing in works every time.
    for _ in 0..10 {
        app.signed_in("peter.hale@kelderby.example").await?;
    }
    db.close().await;
    Ok(())
}

/// PostgreSQL drops every connection of the app (as when it restarts) while an editor types in
/// figures and a visitor reads pages: requests in flight fail with an error page, never hang
/// or crash, no write that was confirmed is lost, and every request after it works again,
/// without a restart of cypp.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_postgresql_drops_its_connections_requests_recover() -> TestResult {
    let Some(test_db) = cypp_testkit::postgres("faults::after_postgresql_drops_its_connections_requests_recover").await
    else {
        return Ok(());
    };
    let db = test_db.db.clone();
    let (app, _) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let admin = Db::connect(db.url()).await?;
    let mut last_saved = None;
    let mut failed = 0;
    for value in 200..260 {
        if value % 15 == 0 {
            // Every connection of this database but the admin's own is ended by the server.
            admin
                .execute_outside_transaction(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .await?;
        }
        let path = format!("/plans/{SLUG}/measures/cla-rate/figures/new");
        let page = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            editor.submit(&path, &path, &[("period", "2026-27"), ("value", &value.to_string())]),
        )
        .await??;
        match page.status {
            StatusCode::SEE_OTHER => last_saved = Some(value),
            StatusCode::INTERNAL_SERVER_ERROR | StatusCode::SERVICE_UNAVAILABLE => failed += 1,
            other => return Err(format!("{value} answered {other}: {}", page.body).into()),
        }
        let visitor = app.browser().get(&format!("/p/kelderby/{SLUG}")).await?;
        assert!(matches!(
            visitor.status,
            StatusCode::OK | StatusCode::INTERNAL_SERVER_ERROR | StatusCode::SERVICE_UNAVAILABLE
        ));
    }
    // Whatever failed while the connections were being dropped, the last confirmed figure is
    // stored and shown, and the next writes all work.
    assert!(failed < 20, "{failed} of 60 writes failed");
    if let Some(v) = last_saved {
        assert_eq!(stored(&db).await?, Some(Reading::Number(f64::from(v))));
    }
    for value in 300..310 {
        assert!(type_in(&mut editor, value).await?, "{value} after the connections were dropped");
        check(&db, &mut editor, value, true, &mut last_saved).await?;
    }
    eprintln!("{failed} of 60 writes failed while PostgreSQL dropped its connections four times");
    admin.close().await;
    Ok(())
}
