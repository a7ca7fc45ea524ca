//! Where the workspace's npm packages are, once this crate's build script has installed them.
//! Build scripts that read them take this crate as a build-dependency, so cargo finishes the
//! install before any of them starts.

/// The absolute path of the workspace's `node_modules`.
pub const NODE_MODULES: &str = env!("CYPP_NODE_MODULES");
