//! Makes sure the workspace's npm packages are installed, as `package-lock.json` pins them, and
//! tells the library where they are. `npm ci` runs only when a package the build needs is
//! missing, so a warm build never touches the network or the npm cache.

use std::path::PathBuf;
use std::process::Command;

/// A file of each package the build scripts read.
const NEEDED: &[&str] =
    &["govuk-frontend/dist/govuk/index.scss", "sass/sass.js", "lucide-static/icons/house.svg", "lucide-static/LICENSE"];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let root = manifest.join("../..");
    println!("cargo:rerun-if-changed=../../package-lock.json");
    let modules = root.join("node_modules");
    for file in NEEDED {
        println!("cargo:rerun-if-changed={}", modules.join(file).display());
    }
    if NEEDED.iter().any(|file| !modules.join(file).exists()) {
        let status =
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]).current_dir(&root).status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => panic!("npm ci failed ({status}); cypp's web assets and pictures need Node.js and npm"),
            Err(e) => panic!(
                "cannot run npm ci: {e}; cypp's web assets and pictures need Node.js and npm (https://nodejs.org)"
            ),
        }
    }
    let modules = modules.canonicalize().unwrap_or(modules);
    println!("cargo:rustc-env=CYPP_NODE_MODULES={}", modules.display());
}
