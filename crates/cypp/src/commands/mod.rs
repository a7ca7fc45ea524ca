//! One file per subcommand.

pub mod analyse;
pub mod backup;
pub mod demo;
pub mod export;
pub mod import_figures;
pub mod import_plan_document;
pub mod import_plan_file;
pub mod migrate;
pub mod report;
pub mod round;
pub mod serve;
pub mod user;

use cypp_store::Db;

/// Opens and migrates the database. The store's error already reads "cannot open the
/// database URL: why", so it is passed on as it is.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    Ok(Db::open(url).await?)
}
