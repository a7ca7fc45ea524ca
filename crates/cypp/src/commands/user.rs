//! `cypp user add`: add a person who can sign in.

use std::io::BufRead;

use anyhow::{Context, bail};
use cypp_store::Actor;
use cypp_store::users::{self, NewUser};

use crate::cli::UserAddArgs;

pub async fn add(args: UserAddArgs) -> anyhow::Result<()> {
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        if password.is_empty() {
            bail!("no password on standard input");
        }
        (password, false)
    } else {
        (users::generate_password(), true)
    };
    let db = super::open(&args.database.url).await?;
    let mut tx = db.write().await?;
    let user = users::add(
        &mut tx,
        &Actor::system("cypp user add"),
        NewUser { email: &args.email, name: &args.name, role: args.role, partnership: None, password: &password },
    )
    .await?;
    tx.commit().await?;
    println!("Added {} ({}) as {}.", user.name, user.email, user.role);
    if generated {
        println!("Their password, shown only this once: {password}");
    }
    db.close().await;
    Ok(())
}
