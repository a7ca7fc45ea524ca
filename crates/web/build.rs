//! Builds cypp's stylesheet from the GOV.UK Design System and copies its JavaScript, so that
//! both can be embedded in the binary. The `govuk-frontend` npm package is pinned in the
//! workspace's `package.json` and `package-lock.json`; the `cypp-assets` build-dependency
//! installs it (`npm ci`) when it is missing, so `cargo build` works on a fresh machine with
//! Node.js.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let modules = PathBuf::from(cypp_assets::NODE_MODULES);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| "target".into()));
    println!("cargo:rerun-if-changed=assets/cypp.scss");
    println!("cargo:rerun-if-changed=../../package-lock.json");

    let govuk = modules.join("govuk-frontend/dist/govuk");
    let sass = modules.join("sass/sass.js");
    run(
        Command::new("node")
            .arg(&sass)
            .args(["--no-source-map", "--style=compressed", "--quiet-deps"])
            .arg(format!("--load-path={}", modules.display()))
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
