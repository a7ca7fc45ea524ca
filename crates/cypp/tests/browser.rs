//! Runs the browser tests (`tests/browser/run.mjs`: playwright-core driving Debian's
//! Chromium, axe-core on every page type) against this build of `cypp`. Without Chromium or
//! the npm packages the test says so and skips; with `CYPP_REQUIRE_BROWSER=1` (as CI sets)
//! it fails instead.

use std::io::Write;
use std::path::Path;
use std::process::Command;

#[test]
fn pages_pass_axe_and_keyboard_checks_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chromium = std::env::var("CYPP_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = if !Path::new(&chromium).exists() {
        Some(format!("{chromium} is not installed (apt-get install chromium)"))
    } else if !root.join("node_modules/playwright-core").exists() || !root.join("node_modules/axe-core").exists() {
        Some("node_modules has no playwright-core or axe-core (npm ci)".to_string())
    } else {
        None
    };
    if let Some(why) = missing {
        if std::env::var("CYPP_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("CYPP_REQUIRE_BROWSER=1 but {why}");
        }
        let _ = writeln!(std::io::stderr(), "SKIPPED browser tests: {why}");
        return;
    }
    let output = Command::new("node")
        .arg(root.join("tests/browser/run.mjs"))
        .env("CYPP_BIN", env!("CARGO_BIN_EXE_cypp"))
        .env("CYPP_CHROMIUM", &chromium)
        .current_dir(&root)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => panic!("cannot run node: {e}"),
    };
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // To the real stderr, so that the checks show in the test output (and CI's log) even
    // when they pass.
    let _ = writeln!(std::io::stderr(), "{report}");
    assert!(output.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains("all browser checks passed"));
}
