//! Builds cypp's stylesheet from the GOV.UK Design System and copies its JavaScript, so that
//! both can be embedded in the binary. The `govuk-frontend` npm package is pinned in the
//! workspace's `package.json` and `package-lock.json`; when `node_modules` is missing, this
//! script installs it with `npm ci`, so `cargo build` works on a fresh machine with Node.js.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let root = manifest.join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| "target".into()));
    println!("cargo:rerun-if-changed=assets/cypp.scss");
    println!("cargo:rerun-if-changed=../../package-lock.json");
    println!("cargo:rerun-if-changed=../../node_modules/govuk-frontend/package.json");

    let govuk = root.join("node_modules/govuk-frontend/dist/govuk");
    let sass = root.join("node_modules/sass/sass.js");
    if !govuk.join("index.scss").exists() || !sass.exists() {
        run(
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]).current_dir(&root),
            "npm ci",
        );
    }
    run(
        Command::new("node")
            .arg(&sass)
            .args(["--no-source-map", "--style=compressed", "--quiet-deps"])
            .arg(format!("--load-path={}", root.join("node_modules").display()))
            .arg(manifest.join("assets/cypp.scss"))
            .arg(out.join("cypp.css")),
        "sass",
    );
    copy(&govuk.join("govuk-frontend.min.js"), &out.join("govuk-frontend.min.js"));
}

fn run(command: &mut Command, what: &str) {
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("{what} failed ({status}); cypp's web assets need Node.js and npm"),
        Err(e) => panic!("cannot run {what}: {e}; cypp's web assets need Node.js and npm (https://nodejs.org)"),
    }
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = std::fs::copy(from, to) {
        panic!("cannot copy {}: {e}", from.display());
    }
}
