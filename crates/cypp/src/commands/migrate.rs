//! `cypp migrate`: bring the database's tables up to date.

use crate::cli::DatabaseArgs;

pub async fn run(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = super::open(&args.url).await?;
    // `open` has migrated; say where things stand.
    println!("The database is at schema version {}.", cypp_store::migrate::latest());
    db.close().await;
    Ok(())
}
