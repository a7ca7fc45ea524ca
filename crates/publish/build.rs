//! Tells the pictures module where Lucide's icons are (the `lucide-static` npm package, pinned
//! in the workspace's `package-lock.json` and installed by the `cypp-assets`
//! build-dependency), so that the pictures the easy read uses are embedded in the binary.

fn main() {
    println!("cargo:rerun-if-changed=../../package-lock.json");
    println!("cargo:rustc-env=CYPP_LUCIDE={}/lucide-static", cypp_assets::NODE_MODULES);
}
