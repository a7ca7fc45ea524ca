//! `cypp serve`: open the database (creating and migrating it if needed), load the
//! demonstration into an empty one unless told not to, and serve the web app.

use anyhow::Context;
use cypp_web::AppState;

use crate::cli::ServeArgs;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut db = super::open(&args.database.url).await?;
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let address = format!("http://{}", listener.local_addr().context("cannot read the listening address")?);
    if !args.no_demo && cypp_store::migrate::is_empty(&db).await? {
        let accounts = super::demo::load(&db).await?;
        super::demo::print_sign_in(&accounts, Some(&address));
    }
    if let Some(replica) = &args.database_replica {
        db = db.with_replica(replica).context("cannot use the read replica")?;
        println!("Reads that may lag a moment go to the replica at {}.", cypp_store::db::redact(replica));
    }
    println!("cypp is serving {} at {address}", cypp_store::db::redact(&args.database.url));
    tracing::info!(%address, "listening");
    let mut state = AppState::new(db.clone());
    if let Some(url) = &args.smtp_url {
        let from =
            args.smtp_from.as_deref().context("--smtp-url needs --smtp-from, the address reminders come from")?;
        let base = args.base_url.clone().unwrap_or_else(|| address.clone());
        let mailer = cypp_web::mail::Mailer::new(url, from, &base).map_err(anyhow::Error::msg)?;
        println!("Reminders to leads go by email through {url}, from {from}.");
        state.mail = Some(std::sync::Arc::new(mailer));
    }
    cypp_web::serve(listener, state).await.context("the web server stopped")?;
    db.close().await;
    Ok(())
}
