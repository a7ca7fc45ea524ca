//! `cypp backup` and `cypp restore` (the work is in `cypp_store::backup`).

use anyhow::Context;

use crate::cli::{BackupArgs, RestoreArgs};

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let url = &args.database.url;
    let db = cypp_store::Db::connect(url).await?;
    let result = cypp_store::backup::backup(&db, &args.output).await;
    db.close().await;
    result.with_context(|| format!("cannot back up the database to {}", args.output.display()))?;
    let size = std::fs::metadata(&args.output).map(|m| m.len()).unwrap_or(0);
    println!("Backed up the database to {} ({} KB).", args.output.display(), size.div_ceil(1024));
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    cypp_store::backup::restore(&args.database.url, &args.file)
        .await
        .with_context(|| format!("cannot restore {}", args.file.display()))?;
    // Bring a backup taken by an older cypp up to this one's schema.
    let db = cypp_store::Db::open(&args.database.url).await?;
    db.close().await;
    println!("Restored {} into the database. Start the server again.", args.file.display());
    Ok(())
}
