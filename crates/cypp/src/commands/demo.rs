//! `cypp demo`: load the demonstration partnership and its users. Also used by `cypp serve`
//! on an empty database.

use anyhow::Context;
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db};

use crate::cli::DatabaseArgs;

pub async fn run(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = super::open(&args.url).await?;
    let accounts = load(&db).await?;
    print_sign_in(&accounts, None);
    db.close().await;
    Ok(())
}

/// A demonstration account and its one-time password.
pub struct Account {
    pub user: cypp_demo::DemoUser,
    pub password: String,
}

/// Loads the demonstration plan and creates its users, in one transaction.
pub async fn load(db: &Db) -> anyhow::Result<Vec<Account>> {
    let actor = Actor::system("cypp demo");
    let file = cypp_demo::plan_file();
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &actor).await.context("cannot load the demonstration plan")?;
    let mut accounts = Vec::new();
    for user in cypp_demo::users() {
        let password = users::generate_password();
        users::add(
            &mut tx,
            &actor,
            NewUser {
                email: &user.email,
                name: &user.name,
                role: user.role,
                partnership: Some(file.partnership.id),
                password: &password,
            },
        )
        .await
        .with_context(|| format!("cannot add the demonstration user {}", user.email))?;
        accounts.push(Account { user, password });
    }
    tx.commit().await.context("cannot save the demonstration")?;
    Ok(accounts)
}

/// Prints the sign-in details once; they are not stored anywhere readable.
pub fn print_sign_in(accounts: &[Account], address: Option<&str>) {
    println!("Loaded the demonstration partnership: Kelderby Children and Young People's Partnership.");
    match address {
        Some(address) => println!("Sign in at {address}/sign-in with any of these accounts (shown only this once):"),
        None => println!("Sign-in details (shown only this once):"),
    }
    for account in accounts {
        println!(
            "  {:<7} {:<32} {}  ({})",
            account.user.role.as_str(),
            account.user.email,
            account.password,
            account.user.about
        );
    }
}
