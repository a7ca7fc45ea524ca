//! A real PostgreSQL streaming replica: a primary made with `initdb` and a standby made from it
//! with `pg_basebackup`, two clusters of this machine's PostgreSQL on ports of their own, and the
//! app reading from the standby (`Db::with_replica`, what `cypp serve --database-replica` does).
//!
//! It checks that anonymous pages are read from the replica (with its replay paused, they show
//! the site as it was), that a person who has just changed something sees it at once, that the
//! replica's pages catch up once it replays, and that the app keeps working, reads and writes,
//! when the replica stops.
//!
//! It needs PostgreSQL's server programs (`initdb`, `pg_ctl`, `pg_basebackup`, from the
//! `postgresql` package) and, run as root, the `postgres` account to run them as. Without them
//! it says why it did not run, and fails instead when `CYPP_REQUIRE_REPLICA=1` (as CI sets).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use cypp_domain::*;
use cypp_store::Db;
use cypp_testkit::{Error, TestApp, TestResult};

const SLUG: &str = cypp_demo::PLAN_SLUG;

/// PostgreSQL's server programs: `CYPP_TEST_PG_BIN`, or the newest `/usr/lib/postgresql/N/bin`.
fn server_programs() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("CYPP_TEST_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists() && bin.join("pg_basebackup").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A free port on 127.0.0.1.
fn free_port() -> Result<u16, Error> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A primary and its streaming replica, stopped and removed when dropped.
struct Clusters {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    primary_port: u16,
    replica_port: u16,
}

impl Clusters {
    /// Both clusters started, or `None` (having said why) where this machine cannot.
    fn start() -> Result<Option<Clusters>, Error> {
        let Some(bin) = server_programs() else {
            return skipped("PostgreSQL's server programs (initdb, pg_basebackup) are not installed");
        };
        let as_postgres = is_root();
        if as_postgres && Command::new("id").arg("postgres").output().map_or(true, |o| !o.status.success()) {
            return skipped("run as root, the test needs the postgres account to run PostgreSQL as");
        }
        let dir = std::env::temp_dir().join(format!("cypp-replica-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir)?;
        let clusters = Clusters { bin, dir, as_postgres, primary_port: free_port()?, replica_port: free_port()? };
        if as_postgres {
            clusters.run_as_root("chown", &["postgres:postgres", &clusters.path("")])?;
        }
        clusters.run("initdb", &["-D", &clusters.path("primary"), "-U", "postgres", "--auth=trust", "--no-sync"])?;
        // initdb's pg_hba.conf already lets local connections replicate, with trust.
        clusters.configure("primary", clusters.primary_port, "wal_level = replica\nmax_wal_senders = 4\n")?;
        clusters.pg_ctl("primary", "start")?;
        let port = clusters.primary_port.to_string();
        clusters.run(
            "pg_basebackup",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-D", &clusters.path("replica"), "-R", "-X", "stream"],
        )?;
        // The copy holds the primary's settings; the later line wins.
        clusters.configure("replica", clusters.replica_port, "hot_standby = on\n")?;
        clusters.pg_ctl("replica", "start")?;
        Ok(Some(clusters))
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn url(&self, port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/postgres")
    }

    fn configure(&self, cluster: &str, port: u16, more: &str) -> Result<(), Error> {
        let file = Path::new(&self.path(cluster)).join("postgresql.conf");
        let mut conf = std::fs::read_to_string(&file)?;
        conf.push_str(&format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nfsync = off\n{more}",
            self.path("")
        ));
        std::fs::write(&file, conf)?;
        Ok(())
    }

    fn pg_ctl(&self, cluster: &str, what: &str) -> Result<(), Error> {
        let log = self.path(&format!("{cluster}.log"));
        match what {
            "start" => self.run("pg_ctl", &["-D", &self.path(cluster), "-l", &log, "-w", "start"]),
            _ => self.run("pg_ctl", &["-D", &self.path(cluster), "-m", "fast", "-w", "stop"]),
        }
    }

    /// Runs one of PostgreSQL's programs (as `postgres` when this test runs as root).
    fn run(&self, program: &str, args: &[&str]) -> Result<(), Error> {
        let program = self.bin.join(program).display().to_string();
        let output = if self.as_postgres {
            let mut all = vec!["-u", "postgres", "--", program.as_str()];
            all.extend_from_slice(args);
            Command::new("runuser").args(&all).current_dir(&self.dir).output()?
        } else {
            Command::new(&program).args(args).current_dir(&self.dir).output()?
        };
        succeeded(&program, output)
    }

    fn run_as_root(&self, program: &str, args: &[&str]) -> Result<(), Error> {
        succeeded(program, Command::new(program).args(args).output()?)
    }
}

fn succeeded(program: &str, output: Output) -> Result<(), Error> {
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{program} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
    .into())
}

fn skipped(why: &str) -> Result<Option<Clusters>, Error> {
    if std::env::var("CYPP_REQUIRE_REPLICA").is_ok_and(|v| v == "1") {
        return Err(format!("CYPP_REQUIRE_REPLICA=1 but {why}").into());
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED the read replica test: {why}");
    Ok(None)
}

impl Drop for Clusters {
    fn drop(&mut self) {
        for cluster in ["replica", "primary"] {
            let _ = self.run("pg_ctl", &["-D", &self.path(cluster), "-m", "immediate", "-w", "stop"]);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Waits until `check` holds, for at most `limit`.
async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F) -> TestResult
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, Error>>,
{
    let started = Instant::now();
    while !check().await? {
        if started.elapsed() > limit {
            return Err(format!("not within {limit:?}: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

async fn version(db: &Db) -> Result<i64, Error> {
    Ok(db.content_version().await?)
}

fn action_form(action: &Action, token: &str, title: &str) -> Vec<(String, String)> {
    let due =
        action.due_date.map(|d| (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string()));
    let (d, m, y) = due.unwrap_or_default();
    [
        ("csrf_token", token.to_string()),
        ("version", "1".to_string()),
        ("title", title.to_string()),
        ("status", "on_track".to_string()),
        ("due_date_day", d),
        ("due_date_month", m),
        ("due_date_year", y),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[tokio::test]
async fn reads_go_to_a_streaming_replica_but_never_hide_a_person_s_own_change() -> TestResult {
    let Some(clusters) = Clusters::start()? else { return Ok(()) };
    let primary_url = clusters.url(clusters.primary_port);
    let db = Db::open(&primary_url).await?.with_replica(&clusters.url(clusters.replica_port))?;
    let standby = Db::connect(&clusters.url(clusters.replica_port)).await?;
    let (app, file) = TestApp::demo(&db).await?;
    let caught_up = version(&db).await?;
    eventually(Duration::from_secs(20), "the replica replays the demonstration", || async {
        Ok(standby.content_version().await.unwrap_or(-1) >= caught_up)
    })
    .await?;

    // Anonymous pages are read from the replica.
    let (item, action) = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .find_map(|(_, i)| i.actions.first().map(|a| (i.id, a)))
        .ok_or("an item with an action")?;
    let page = format!("/p/kelderby/{SLUG}/items/{item}");
    let before = db.replica_stats().ok_or("a replica")?;
    let first = app.browser().get(&page).await?;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains(&action.title.replace('\'', "&#39;")), "{}", first.body);
    assert!(db.replica_stats().ok_or("a replica")?.reads > before.reads, "the page was read from the replica");

    // With the replica's replay paused, an editor's change is on the primary only. The editor
    // sees it at once, on every page that shows it; an anonymous visitor sees the replica's site.
    standby.execute_outside_transaction("SELECT pg_wal_replay_pause()").await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let edit = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let token = editor.get(&edit).await?.token();
    let saved = editor.post_owned(&edit, &action_form(action, &token, "Changed while the replica waits")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    for path in [page.as_str(), edit.as_str(), &format!("/plans/{SLUG}")] {
        let seen = editor.get(path).await?;
        assert!(seen.body.contains("Changed while the replica waits"), "the editor's own change on {path}");
    }
    assert!(db.replica_stats().ok_or("a replica")?.behind > 0, "the editor's reads went to the primary");
    let anonymous = app.browser().get(&page).await?;
    assert!(!anonymous.body.contains("Changed while the replica waits"), "the paused replica answered");
    assert!(anonymous.body.contains(&action.title.replace('\'', "&#39;")));
    // The editor's session is on the primary, so a second app server shows them the change too.
    let second = TestApp::new(&db);
    assert!(editor.on(&second).get(&page).await?.body.contains("Changed while the replica waits"));

    // Once the replica replays, everyone sees it.
    standby.execute_outside_transaction("SELECT pg_wal_replay_resume()").await?;
    eventually(Duration::from_secs(20), "the anonymous page shows the change", || async {
        Ok(app.browser().get(&page).await?.body.contains("Changed while the replica waits"))
    })
    .await?;
    let reads = db.replica_stats().ok_or("a replica")?.reads;
    editor.get(&page).await?;
    assert!(db.replica_stats().ok_or("a replica")?.reads > reads, "a caught-up replica serves the editor too");

    // The replica stops: every page and every change goes on, from the primary.
    standby.close().await;
    clusters.pg_ctl("replica", "stop")?;
    for _ in 0..3 {
        let page = app.browser().get(&page).await?;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Changed while the replica waits"));
    }
    assert!(db.replica_stats().ok_or("a replica")?.failures > 0, "the stopped replica was noticed");
    let token = editor.get(&edit).await?.token();
    let mut form = action_form(action, &token, "Changed with the replica stopped");
    form[1].1 = "2".into();
    assert_eq!(editor.post_owned(&edit, &form).await?.status, StatusCode::SEE_OTHER);
    assert!(app.browser().get(&page).await?.body.contains("Changed with the replica stopped"));
    let dashboard = editor.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert_eq!(dashboard.status, StatusCode::OK);
    db.close().await;
    Ok(())
}
