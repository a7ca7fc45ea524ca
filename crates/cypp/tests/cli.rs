//! The `cypp` binary, run as a user would run it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use cypp_testkit::TestResult;

const PLAN: &str = "kelderby-cypp-2024-27";

fn cypp(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_cypp")).args(args).env_remove("CYPP_DATABASE_URL").output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run cypp: {e}"),
    }
}

fn ok(args: &[&str]) -> String {
    let output = cypp(args);
    assert!(output.status.success(), "cypp {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// Counts the objects under every key called `key`, at any depth.
fn count_under(value: &serde_json::Value, key: &str) -> usize {
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| if k == key { v.as_array().map_or(0, Vec::len) } else { 0 } + count_under(v, key))
            .sum(),
        serde_json::Value::Array(items) => items.iter().map(|v| count_under(v, key)).sum(),
        _ => 0,
    }
}

fn round_trip(first_db: &str, second_db: &str, dir: &Path) -> TestResult {
    ok(&["demo", "--database", first_db]);
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    ok(&["export", "--database", first_db, "--plan", PLAN, "--format", "json", "-o", a.to_str().ok_or("path")?]);
    let out = ok(&["import", "--database", second_db, "--format", "json", a.to_str().ok_or("path")?]);
    assert!(out.contains("40 actions"), "{out}");
    ok(&["export", "--database", second_db, "--plan", PLAN, "-o", b.to_str().ok_or("path")?]);
    let (a, b) = (std::fs::read(a)?, std::fs::read(b)?);
    assert!(a == b, "export, import, export must give the same bytes");
    Ok(())
}

#[test]
fn export_import_export_is_byte_identical_on_sqlite() -> TestResult {
    let dir = tempfile::tempdir()?;
    round_trip(&sqlite_url(dir.path(), "one.db"), &sqlite_url(dir.path(), "two.db"), dir.path())
}

#[tokio::test]
async fn export_import_export_is_byte_identical_on_postgres() -> TestResult {
    let Some(first) = cypp_testkit::postgres("cli round trip, first database").await else { return Ok(()) };
    let Some(second) = cypp_testkit::postgres("cli round trip, second database").await else { return Ok(()) };
    let dir = tempfile::tempdir()?;
    let (a, b) = (first.url(), second.url());
    tokio::task::spawn_blocking(move || round_trip(&a, &b, dir.path()).map_err(|e| e.to_string())).await??;
    Ok(())
}

#[test]
fn the_exported_demo_plan_has_the_actions_measures_and_glossary_of_a_real_plan() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "demo.db");
    ok(&["demo", "--database", &db]);
    let json: serde_json::Value = serde_json::from_str(&ok(&["export", "--database", &db, "--plan", PLAN]))?;
    assert_eq!(json["format"], "cypp-plan");
    assert_eq!(json["version"], 1);
    // The current revision: top-level items, measures and glossary.
    let current = serde_json::json!({ "items": json["items"] });
    assert!(count_under(&current, "actions") >= 40, "actions: {}", count_under(&current, "actions"));
    assert!(json["measures"].as_array().map_or(0, Vec::len) >= 25);
    assert!(json["glossary"].as_array().map_or(0, Vec::len) >= 25);
    assert!(count_under(&json["rounds"], "updates") > 0);
    Ok(())
}

#[test]
fn a_malformed_import_names_the_line_and_column_and_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "x.db");
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\n  \"format\": \"cypp-plan\",\n  \"version\": 1,\n  \"plan\": {,\n}\n")?;
    let output = cypp(&["import", "--database", &db, file.to_str().ok_or("path")?]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json: line 4, column 12"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    Ok(())
}

#[test]
fn an_invalid_import_names_the_json_path_and_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let source = sqlite_url(dir.path(), "source.db");
    let target = sqlite_url(dir.path(), "target.db");
    ok(&["demo", "--database", &source]);
    let mut json: serde_json::Value = serde_json::from_str(&ok(&["export", "--database", &source, "--plan", PLAN]))?;
    // A percentage of 104, deep inside the file.
    let measures = json["measures"].as_array().ok_or("no measures")?;
    let index = measures.iter().position(|m| m["unit"] == "percent").ok_or("no percentage")?;
    json["measures"][index]["data"][3]["value"] = serde_json::json!(104.0);
    let file = dir.path().join("invalid.json");
    std::fs::write(&file, serde_json::to_string_pretty(&json)?)?;

    let output = cypp(&["import", "--database", &target, file.to_str().ok_or("path")?]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let path = format!("measures[{index}].data[3].value: 104 is a percentage, so it must be between 0 and 100");
    assert!(stderr.contains(&path), "{stderr}");
    // Nothing was written: the plan is not in the target database.
    let export = cypp(&["export", "--database", &target, "--plan", PLAN]);
    assert!(!export.status.success());
    assert!(String::from_utf8_lossy(&export.stderr).contains("was not found"));

    // A wrong type names its path too.
    json["measures"][index]["data"][3]["value"] = serde_json::json!(true);
    std::fs::write(&file, serde_json::to_string(&json)?)?;
    let stderr =
        String::from_utf8_lossy(&cypp(&["import", "--database", &target, file.to_str().ok_or("path")?]).stderr)
            .into_owned();
    assert!(stderr.contains(&format!("measures[{index}].data[3].value")), "{stderr}");
    Ok(())
}

#[test]
fn importing_into_a_database_that_has_the_plan_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "x.db");
    ok(&["demo", "--database", &db]);
    let file = dir.path().join("plan.json");
    ok(&["export", "--database", &db, "--plan", PLAN, "-o", file.to_str().ok_or("path")?]);
    let output = cypp(&["import", "--database", &db, file.to_str().ok_or("path")?]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already in this database"));
    Ok(())
}

#[test]
fn a_database_that_cannot_be_opened_gives_one_clear_line() {
    for url in ["postgres://nobody@127.0.0.1:1/none", "sqlite:///no/such/folder/x.db", "mysql://x"] {
        let output = cypp(&["migrate", "--database", url]);
        assert!(!output.status.success(), "{url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("error: cannot open the database"), "{stderr}");
    }
}

#[test]
fn users_are_added_with_a_given_or_a_generated_password() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "users.db");
    let out = ok(&["user", "add", "jo@kelderby.example", "--name", "Jo Bloggs", "--role", "editor", "--database", &db]);
    assert!(out.contains("Added Jo Bloggs (jo@kelderby.example) as editor."), "{out}");
    assert!(out.contains("shown only this once"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_cypp"))
        .args([
            "user",
            "add",
            "al@kelderby.example",
            "--name",
            "Al",
            "--role",
            "viewer",
            "--password-stdin",
            "--database",
            &db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("stdin")?.write_all(b"a password from stdin\n")?;
    let output = child.wait_with_output()?;
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stdout).contains("password"));

    let again = cypp(&["user", "add", "JO@kelderby.example", "--name", "Jo", "--role", "lead", "--database", &db]);
    assert!(!again.status.success());
    let bad_role =
        cypp(&["user", "add", "x@kelderby.example", "--name", "X", "--role", "superuser", "--database", &db]);
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("is not a role"));
    Ok(())
}

#[test]
fn rounds_are_listed_opened_one_at_a_time_and_closed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "rounds.db");
    ok(&["demo", "--database", &db]);
    let plan = ["--database", db.as_str(), "--plan", "kelderby-cypp-2024-27"];
    let with = |args: &[&'static str]| -> Vec<String> {
        args.iter().map(|a| a.to_string()).chain(plan.iter().map(|a| a.to_string())).collect()
    };
    let run = |args: &[String]| cypp(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let list = String::from_utf8_lossy(&run(&with(&["round", "list"])).stdout).into_owned();
    assert!(list.contains("Q2 2026-27") && list.contains("open") && list.contains("4 of 10 updates"), "{list}");

    // Q2 is open, so Q3 cannot open: nothing is made.
    let q3 = ["round", "open", "Q3 2026-27", "--due", "29/1/2027", "--opens", "2027-01-05"];
    let refused = run(&with(&q3));
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(said.contains("\"Q2 2026-27\" is open: close it before opening"), "{said}");
    let list = String::from_utf8_lossy(&run(&with(&["round", "list"])).stdout).into_owned();
    assert!(!list.contains("Q3"), "a refused open makes nothing: {list}");

    let closed = String::from_utf8_lossy(&run(&with(&["round", "close", "Q2 2026-27"])).stdout).into_owned();
    assert!(closed.contains("Closed the round \"Q2 2026-27\""), "{closed}");
    let opened = String::from_utf8_lossy(&run(&with(&q3)).stdout).into_owned();
    assert!(opened.contains("Made and opened the round \"Q3 2026-27\", updates due 29 January 2027"), "{opened}");
    let list = String::from_utf8_lossy(&run(&with(&["round", "list"])).stdout).into_owned();
    let q3_line = list.lines().find(|l| l.starts_with("Q3 2026-27")).ok_or("Q3 is listed")?;
    assert!(
        q3_line.contains("open") && q3_line.contains("opens 5 January 2027") && q3_line.contains("0 of"),
        "{q3_line}"
    );

    let no_date = run(&with(&["round", "open", "Q4 2026-27"]));
    assert!(String::from_utf8_lossy(&no_date.stderr).contains("give --due"));
    let bad_date = run(&with(&["round", "open", "Q4 2026-27", "--due", "31/2/2027"]));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("is not a date"));
    Ok(())
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["demo", "--help"],
        &["export", "--help"],
        &["import", "--help"],
        &["user", "--help"],
        &["user", "add", "--help"],
        &["round", "--help"],
        &["round", "open", "--help"],
    ] {
        let output = cypp(args);
        assert!(output.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("Usage:"), "{args:?}");
    }
    let serve = String::from_utf8_lossy(&cypp(&["serve", "--help"]).stdout).into_owned();
    assert!(
        serve.contains("CYPP_ADDR") && serve.contains("CYPP_DATABASE_URL") && serve.contains("--no-demo"),
        "{serve}"
    );
}

/// A running `cypp serve`, stopped when dropped.
struct Server {
    child: std::process::Child,
    address: String,
    output: Vec<String>,
}

impl Server {
    fn start(db: &str, extra: &[&str]) -> Result<Server, Box<dyn std::error::Error + Send + Sync>> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cypp"))
            .args(["serve", "--addr", "127.0.0.1:0", "--database", db])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut output = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(at) = line.strip_prefix("cypp is serving ").and_then(|l| l.split(" at ").nth(1)) {
                let address = at.trim_start_matches("http://").to_string();
                output.push(line);
                return Ok(Server { child, address, output });
            }
            output.push(line);
        }
        Err(format!("cypp serve stopped: {output:?}").into())
    }

    fn get(&self, path: &str) -> Result<(u16, String), Box<dyn std::error::Error + Send + Sync>> {
        let mut stream = TcpStream::connect(&self.address)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address)?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("no status")?;
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        Ok((status, body))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_on_a_fresh_database_loads_the_demo_and_serves_the_plan() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "fresh.db");
    let server = Server::start(&db, &[])?;
    assert!(dir.path().join("fresh.db").exists(), "the database file is created");
    let printed = server.output.join("\n");
    assert!(printed.contains("admin") && printed.contains("nadia.farouk@kelderby.example"), "{printed}");
    assert!(printed.contains("shown only this once"));

    assert_eq!(server.get("/healthz")?, (200, "ok".to_string()));
    let (status, home) = server.get("/")?;
    assert_eq!(status, 200);
    assert!(home.contains(&format!("href=\"/plans/{PLAN}\"")), "{home}");
    let (status, plan) = server.get(&format!("/plans/{PLAN}"))?;
    assert_eq!(status, 200);
    assert!(plan.contains("Kelderby Children and Young People&#39;s Plan 2024-27"));
    let (status, missing) = server.get("/plans/no-such-plan")?;
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"));
    drop(server);

    // The second start finds the demonstration there and prints no passwords.
    let again = Server::start(&db, &[])?;
    assert!(!again.output.join("\n").contains("shown only this once"));
    Ok(())
}

#[test]
fn serve_with_no_demo_starts_empty() -> TestResult {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&sqlite_url(dir.path(), "empty.db"), &["--no-demo"])?;
    let (_, home) = server.get("/")?;
    assert!(home.contains("There are no partnerships in this database yet"));
    Ok(())
}

fn run_with_stdin(args: &[&str], input: &str) -> Result<Output, Box<dyn std::error::Error + Send + Sync>> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cypp"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("stdin")?.write_all(input.as_bytes())?;
    Ok(child.wait_with_output()?)
}

#[test]
fn analyse_spc_reads_values_and_writes_the_reference_json_shape() -> TestResult {
    let input = "1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n20\n";
    let output = run_with_stdin(&["analyse", "spc", "--improvement", "increase", "--target", "30"], input)?;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(json["groups"][0]["n"], 13);
    assert_eq!(json["points"][12]["special_cause"], "improvement");
    assert_eq!(json["points"][12]["rule"], "outside_limits");
    assert_eq!(json["variation"], "improvement_high");
    assert_eq!(json["assurance"], "consistent_fail");
    let bad = run_with_stdin(&["analyse", "spc"], "1\n2\nthree\n")?;
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("standard input, line 3: \"three\" is not a number"));
    Ok(())
}

#[test]
fn analyse_interval_and_compare_write_json() -> TestResult {
    let rate: serde_json::Value = serde_json::from_str(&ok(&[
        "analyse",
        "interval",
        "--method",
        "rate",
        "--count",
        "9",
        "--denominator",
        "10000",
    ]))?;
    assert_eq!(rate["method"], "exact");
    assert!((rate["lower"].as_f64().unwrap_or_default() - 41.153_730_973_783_34).abs() < 1e-6);
    let byar: serde_json::Value = serde_json::from_str(&ok(&[
        "analyse",
        "interval",
        "--method",
        "byar",
        "--count",
        "0",
        "--denominator",
        "100",
    ]))?;
    assert!(byar["lower"].is_null(), "Byar's method gives no lower limit for 0");
    let wilson: serde_json::Value = serde_json::from_str(&ok(&[
        "analyse",
        "interval",
        "--method",
        "wilson",
        "--count",
        "65",
        "--denominator",
        "100",
        "--multiplier",
        "100",
        "--confidence",
        "99.8",
    ]))?;
    assert!((wilson["upper"].as_f64().unwrap_or_default() - 77.835_406_140_896_85).abs() < 1e-6);
    let label: serde_json::Value = serde_json::from_str(&ok(&[
        "analyse",
        "compare",
        "--value",
        "12",
        "--lower",
        "10",
        "--upper",
        "14",
        "--lower998",
        "9",
        "--upper998",
        "15",
        "--benchmark",
        "16",
        "--polarity",
        "low",
    ]))?;
    assert_eq!(label["label"], "best");
    let wrong =
        cypp(&["analyse", "interval", "--method", "rate", "--count", "1", "--denominator", "10", "--confidence", "90"]);
    assert!(!wrong.status.success());
    Ok(())
}

fn shared_file(path: &str) -> Option<String> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/public").join(path);
    if full.exists() {
        Some(full.display().to_string())
    } else {
        let _ = writeln!(std::io::stderr(), "SKIPPED data import test: {} is not there", full.display());
        None
    }
}

fn cla_rate(db: &str) -> Result<Vec<(String, serde_json::Value)>, Box<dyn std::error::Error + Send + Sync>> {
    let json: serde_json::Value = serde_json::from_str(&ok(&["export", "--database", db, "--plan", PLAN]))?;
    let measure =
        json["measures"].as_array().and_then(|m| m.iter().find(|m| m["slug"] == "cla-rate")).ok_or("no measure")?;
    Ok(measure["data"]
        .as_array()
        .ok_or("no data")?
        .iter()
        .map(|p| (p["period"].as_str().unwrap_or_default().to_string(), p["value"].clone()))
        .collect())
}

#[test]
fn import_data_reads_an_ees_file_into_a_measure_with_its_comparators() -> TestResult {
    let Some(path) = shared_file("dfe_ees/cla_number_and_rate_per_10k_children.csv") else { return Ok(()) };
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "data.db");
    ok(&["demo", "--database", &db]);
    let before = cla_rate(&db)?;
    let args = [
        "import",
        "data",
        &path,
        "--format",
        "ees",
        "--plan",
        PLAN,
        "--measure",
        "cla-rate",
        "--indicator",
        "rate_per_10000",
        "--filter",
        "population_type=Children looked after on 31 March each year",
        "--la-code",
        "354",
        "--database",
        &db,
    ];
    let preview = ok(&[&args[..], &["--dry-run"]].concat());
    assert!(preview.contains("Nothing was written") && preview.contains("England: 5 figures"), "{preview}");
    assert_eq!(cla_rate(&db)?, before, "a dry run writes nothing");
    let out = ok(&args);
    assert!(out.contains("replaced"), "{out}");
    let after = cla_rate(&db)?;
    // Rochdale's published rate for the year to 31 March 2025 is 102 per 10,000.
    assert!(after.contains(&("2024-25".to_string(), serde_json::json!(102.0))), "{after:?}");
    // Its place among the 151 authorities with a rate that year is stored with it: 20 have a
    // higher rate and 130 a lower one (so 131st where lower is better).
    let json: serde_json::Value = serde_json::from_str(&ok(&["export", "--database", &db, "--plan", PLAN]))?;
    let standing = json["measures"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["slug"] == "cla-rate"))
        .and_then(|m| m["data"].as_array()?.iter().find(|p| p["period"] == "2024-25").cloned())
        .map(|p| p["standing"]["england"].clone());
    assert_eq!(
        standing.map(|s| (s["of"].clone(), s["higher"].clone(), s["lower"].clone())),
        Some((serde_json::json!(151), serde_json::json!(20), serde_json::json!(130))),
    );

    // A bad cell is named by file, line and column, and nothing is written.
    let text = std::fs::read_to_string(&path)?;
    let broken = text.replacen(",594,102", ",594,lots", 1);
    let bad = dir.path().join("broken.csv");
    std::fs::write(&bad, broken)?;
    let bad_path = bad.display().to_string();
    let mut bad_args = args.to_vec();
    bad_args[2] = &bad_path;
    let output = cypp(&bad_args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.csv, line ")
            && stderr.contains("column 14")
            && stderr.contains("\"lots\" is neither a number"),
        "{stderr}"
    );
    assert_eq!(cla_rate(&db)?, after);
    Ok(())
}

#[test]
fn import_data_reads_cypps_own_csv_template() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "csv.db");
    ok(&["demo", "--database", &db]);
    let file = dir.path().join("cla.csv");
    std::fs::write(
        &file,
        "\u{feff}period,value,numerator,denominator,lower_ci,upper_ci,provisional,note\r\n2026-27,97,,,,,yes,Quarter 2 estimate\r\n",
    )?;
    let out = ok(&[
        "import",
        "data",
        file.to_str().ok_or("path")?,
        "--format",
        "csv",
        "--plan",
        PLAN,
        "--measure",
        "cla-rate",
        "--database",
        &db,
    ]);
    assert!(out.contains("Wrote 1 new figures"), "{out}");
    let data = cla_rate(&db)?;
    assert!(data.contains(&("2026-27".to_string(), serde_json::json!(97.0))), "{data:?}");
    Ok(())
}

#[test]
fn import_data_reads_the_excel_template() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "xlsx.db");
    ok(&["demo", "--database", &db]);
    let mut measure = cypp_demo::plan_file().measures.into_iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let mut point = cypp_domain::DataPoint::new(cypp_domain::Period::FinancialYear { year: 2026 }, 96.5);
    point.provisional = true;
    measure.data = vec![point];
    let file = dir.path().join("cla.xlsx");
    std::fs::write(&file, cypp_figures::write_template_xlsx(&measure)?)?;
    let path = file.to_str().ok_or("path")?;
    let args = ["import", "data", path, "--format", "xlsx", "--plan", PLAN, "--measure", "cla-rate", "--database", &db];
    let out = ok(&args);
    assert!(out.contains("Wrote 1 new figures"), "{out}");
    let data = cla_rate(&db)?;
    assert!(data.contains(&("2026-27".to_string(), serde_json::json!(96.5))), "{data:?}");
    // A CSV given as a workbook is refused by name, and nothing changes.
    std::fs::write(&file, "period,value\n2027-28,1\n")?;
    let output = cypp(&args);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cla.xlsx"), "the error names the file");
    assert_eq!(cla_rate(&db)?, data);
    Ok(())
}

#[test]
fn export_writes_the_plan_as_pdf_docx_html_csv_and_xlsx() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "export.db");
    ok(&["demo", "--database", &db]);
    for (format, starts) in [
        ("pdf", &b"%PDF-"[..]),
        ("docx", &b"PK"[..]),
        ("html", &b"<!DOCTYPE html>"[..]),
        ("xlsx", &b"PK"[..]),
        ("csv", "\u{feff}Item,Number,Action".as_bytes()),
    ] {
        let out = dir.path().join(format!("plan.{format}"));
        let out_path = out.to_str().ok_or("path")?;
        ok(&["export", "--database", &db, "--plan", PLAN, "--format", format, "-o", out_path]);
        let bytes = std::fs::read(&out)?;
        assert!(bytes.starts_with(starts), "{format} starts with {:?}", &bytes[..8.min(bytes.len())]);
    }
    let updates = ok(&["export", "--database", &db, "--plan", PLAN, "--format", "csv", "--table", "updates"]);
    assert!(updates.starts_with("\u{feff}Round,About,RAG"), "{updates}");
    let public = ok(&["export", "--database", &db, "--plan", PLAN, "--format", "html", "--public"]);
    assert!(public.contains("<html lang=\"en-GB\">"));
    Ok(())
}

#[test]
fn import_plan_reads_a_plan_document_into_a_draft_plan() -> TestResult {
    let dir = tempfile::tempdir()?;
    let doc = dir.path().join("plan.md");
    std::fs::write(
        &doc,
        "# Wyreford Children and Young People's Plan 2025-28\n\nContents\n\nPriority 1 - Safe at home page 2\n\n\
         ## Our vision\n\nEvery child in Wyreford is safe, healthy and happy.\n\n\
         ## Priority 1 - Safe at home\n\nWhy is this important?\n\nToo many children come into care late.\n\n\
         What are we planning to do/ actions?\n\n1. Open two family hubs.\n2. Train every school in early help.\n\n\
         How will we know we have made a difference?\n\n- Fewer children need a plan\n\n\
         ## Priority 2 - Learning well\n\nWho will lead on this?\n\nHead of Education\n\n![Photo of children](x.png)\n",
    )?;
    let doc = doc.to_str().ok_or("path")?;
    let preview = ok(&["import", "plan", doc, "--dry-run", "--output", "json"]);
    let json: serde_json::Value = serde_json::from_str(&preview)?;
    let plan = &json["plan"];
    assert_eq!(plan["plan"]["title"], "Wyreford Children and Young People's Plan 2025-28");
    assert_eq!(plan["plan"]["level_names"], serde_json::json!(["Priority"]));
    assert_eq!(plan["plan"]["vision"], "Every child in Wyreford is safe, healthy and happy.");
    let first = &plan["items"][0];
    assert_eq!((first["number"].as_str(), first["title"].as_str()), (Some("1"), Some("Safe at home")));
    assert_eq!(first["why_it_matters"], "Too many children come into care late.");
    assert_eq!(first["actions"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["success_statements"][0]["text"], "Fewer children need a plan");
    assert_eq!(plan["items"][1]["officer_lead"]["name"], "Head of Education");
    let dropped = json["dropped"].as_array().ok_or("no dropped lines")?;
    assert!(
        dropped.iter().any(|d| d["text"] == "Priority 1 - Safe at home page 2" && d["why"] == "the contents"),
        "{dropped:?}"
    );
    assert!(dropped.iter().any(|d| d["text"].as_str().is_some_and(|t| t.contains("Photo of children"))), "{dropped:?}");

    // Without --dry-run it is saved as a draft, and exports as a plan.
    let db = sqlite_url(dir.path(), "imported.db");
    let saved = ok(&["import", "plan", doc, "--database", &db, "--partnership-slug", "wyreford"]);
    assert!(
        saved.contains("Saved \"Wyreford Children and Young People's Plan 2025-28\" as a draft: 2 items"),
        "{saved}"
    );
    assert!(saved.contains("Check it at /plans/wyreford-children-and-young-people-s-plan-2025."), "{saved}");
    let exported = ok(&["export", "--database", &db, "--plan", "wyreford-children-and-young-people-s-plan-2025"]);
    assert!(exported.contains("Open two family hubs."));
    // --output lines shows every line beside where it went.
    let lines = ok(&["import", "plan", doc, "--dry-run", "--output", "lines"]);
    assert!(
        lines
            .lines()
            .any(|l| l.contains("Priority 1 › Actions") && l.ends_with("2. Train every school in early help.")),
        "{lines}"
    );
    assert!(lines.lines().any(|l| l.contains("DROPPED: the contents") && l.contains("Safe at home page 2")), "{lines}");
    // A scan is refused in words.
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n%%EOF\n")?;
    let output = cypp(&["import", "plan", scan.to_str().ok_or("path")?, "--dry-run"]);
    assert!(!output.status.success());
    Ok(())
}

#[test]
fn import_plan_saves_a_progress_report_as_a_reporting_round() -> TestResult {
    let dir = tempfile::tempdir()?;
    let doc = dir.path().join("report.txt");
    std::fs::write(
        &doc,
        "1.\tMeeting:\tChildren and Young People's Partnership\n2.\tDate:\t14 th January 2015\n\
         3.\tTitle:\tChildren and Young People's Plan – 3 rd Progress Report\n\n\
         5. Summary:\n\nThe Children and Young People's Plan (2013-16) is reported on each six months.\n\n\
         7.1 We will ensure children have the best start in life\n\nWhat's working well\n\n\
         - Take-up of 2 year old early education was 78%.\n\n7.2 What we are concerned about\n\n\
         - More children in reception are overweight.\n\n\
         7.3 We will engage with parents and families\n\nWhat's working well\n\n- Parents refined the charter.\n",
    )?;
    let doc = doc.to_str().ok_or("path")?;
    let db = sqlite_url(dir.path(), "report.db");
    let saved = ok(&["import", "plan", doc, "--database", &db, "--partnership-slug", "rotherham"]);
    assert!(saved.contains("2 items at levels Priority"), "{saved}");
    assert!(
        saved.contains(
            "saved as the reporting round \"Children and Young People's Plan – 3rd Progress Report\" (14 January 2015) with 2 updates"
        ),
        "{saved}"
    );
    let exported = ok(&["export", "--database", &db, "--plan", "children-and-young-people-s-plan"]);
    let json: serde_json::Value = serde_json::from_str(&exported)?;
    assert_eq!(
        json["plan"]["period"]["start"], "2013-04-01",
        "the plan's years come from the report: {}",
        json["plan"]["period"]
    );
    let update = &json["rounds"][0]["updates"][0];
    assert_eq!(update["working_well"], "Take-up of 2 year old early education was 78%.");
    assert_eq!(update["worried_about"], "More children in reception are overweight.");
    assert_eq!(update["item"], json["items"][0]["id"]);
    assert!(json["items"][0].get("summary").is_none(), "progress is not kept as plan text: {}", json["items"][0]);
    Ok(())
}

#[test]
fn each_paper_of_a_round_is_written_in_each_format_and_an_unknown_round_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "report.db");
    ok(&["demo", "--database", &db]);
    let plan = cypp_demo::PLAN_SLUG;
    for paper in ["dashboard", "highlight", "progress"] {
        for (format, magic) in [("pdf", &b"%PDF"[..]), ("docx", &b"PK"[..]), ("html", &b"<!DOCTYPE html>"[..])] {
            let out = dir.path().join(format!("{paper}.{format}"));
            let path = out.to_string_lossy().to_string();
            let args = ["report", paper, "--database", &db, "--plan", plan, "--round", "Q1 2026-27", "--format"];
            ok(&[&args[..], &[format, "-o", &path]].concat());
            let bytes = std::fs::read(&out)?;
            assert!(bytes.starts_with(magic), "the {paper} as {format} starts as a {format} file");
        }
    }
    let html = std::fs::read_to_string(dir.path().join("highlight.html"))?;
    assert!(html.contains("Highlight report: Q1 2026-27") && html.contains("What we&#39;re worried about"), "{html}");
    let html = page_text(&std::fs::read_to_string(dir.path().join("dashboard.html"))?);
    assert!(html.contains("Board dashboard: Q1 2026-27") && html.contains("KPI scorecard"), "{html}");
    let html = page_text(&std::fs::read_to_string(dir.path().join("progress.html"))?);
    assert!(html.contains("5. Summary") && html.contains("11. Background Papers and Consultation"), "{html}");
    // The easy read: a PDF and a web page (its pictures have no place in the Word file).
    for (format, magic) in [("pdf", &b"%PDF"[..]), ("html", &b"<!DOCTYPE html>"[..])] {
        let out = dir.path().join(format!("easy-read.{format}"));
        let path = out.to_string_lossy().to_string();
        ok(&["report", "easy-read", "--database", &db, "--plan", plan, "--format", format, "-o", &path]);
        assert!(std::fs::read(&out)?.starts_with(magic), "the easy read as {format}");
    }
    let html = page_text(&std::fs::read_to_string(dir.path().join("easy-read.html"))?);
    assert!(html.contains("Our plan for children and young people in Kelderby") && html.contains("How we are doing"));
    let word = cypp(&["report", "easy-read", "--database", &db, "--plan", plan, "--format", "docx", "-o", "-"]);
    assert!(!word.status.success());
    assert!(String::from_utf8_lossy(&word.stderr).contains("a PDF or a web page"));
    let wrong = cypp(&["report", "highlight", "--database", &db, "--plan", plan, "--round", "Q9", "-o", "-"]);
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("no round called \"Q9\"") && said.contains("Q1 2026-27, Q2 2026-27"), "{said}");
    Ok(())
}

/// A page's text: its tags dropped, the character references askama writes read back, the
/// white space collapsed.
fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&#39;", "'").replace("&#34;", "\"").replace("&#60;", "<").replace("&#62;", ">");
    collapse(&text.replace("&#38;", "&"))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_rotherham_progress_report_imported_and_written_again_gives_back_each_priority_s_words_in_order() -> TestResult {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let seed = seeds.join("001_1a66c6581335f9aa.txt");
    let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../plan-reader/tests/seeds/001.json"),
    )?)?;
    let dir = tempfile::tempdir()?;
    let db = sqlite_url(dir.path(), "rotherham.db");
    ok(&["import", "plan", seed.to_str().ok_or("path")?, "--database", &db, "--partnership-slug", "rotherham"]);
    let out = dir.path().join("progress.html");
    let plan = "children-and-young-people-s-plan";
    ok(&[
        "report",
        "progress",
        "--database",
        &db,
        "--plan",
        plan,
        "--format",
        "html",
        "-o",
        out.to_str().ok_or("path")?,
    ]);
    let text = page_text(&std::fs::read_to_string(&out)?);
    // The committee layout, numbered as the seed numbers it.
    let mut from = 0;
    for section in [
        "1. Meeting: Children, Young People and Families Partnership",
        "2. Date: 14 January 2015",
        "5. Summary",
        "6. Recommendations",
        "(ii) The Partnership agree to undertake a formal review",
        "7. Proposals and Details",
        "8. Finance",
        "9. Risks and Uncertainties",
        "10. Policy and Performance Agenda Implications",
        "11. Background Papers and Consultation",
    ] {
        let at = text[from..].find(section).ok_or_else(|| format!("no \"{section}\" after {from} in {text}"))?;
        from += at + section.len();
    }
    // Each priority's section (7.1, 7.2…), then what is working well and what we are concerned
    // about, in the seed's order. (How well the importer reads each priority's title is the
    // fidelity test's business.)
    let mut from = text.find("7. Proposals and Details").ok_or("no proposals")?;
    let mut checked = 0;
    for (n, item) in expected["items"].as_array().ok_or("no items")?.iter().enumerate() {
        let title = format!("7.{} ", n + 1);
        let at = text[from..].find(&title).ok_or_else(|| format!("no section \"{title}\" after {from}"))?;
        from += at + title.len();
        for (heading, field) in [("What's working well", "working_well"), ("What we are concerned about", "concerned")]
        {
            let said = item[field].as_array().map(Vec::as_slice).unwrap_or_default();
            if said.is_empty() {
                continue;
            }
            let at = text[from..].find(heading).ok_or_else(|| format!("no \"{heading}\" under \"{title}\""))?;
            from += at + heading.len();
            for point in said {
                let point = collapse(point.as_str().ok_or("a point is text")?);
                let at =
                    text[from..].find(&point).ok_or_else(|| format!("\"{point}\" is not next under \"{title}\""))?;
                from += at + point.len();
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "every point of the seed's seven priorities: {checked}");
    let finance = text.find("8. Finance").ok_or("no finance")?;
    assert!(from < finance, "the priorities come before the finance section");
    Ok(())
}
