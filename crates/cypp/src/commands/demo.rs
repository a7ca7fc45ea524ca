//! `cypp demo`: load the demonstration partnership and its users. Also used by `cypp serve`
//! on an empty database.

use anyhow::Context;
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db};

use crate::cli::{DemoArgs, DemoScale};

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let db = super::open(&args.database.url).await?;
    match args.scale {
        DemoScale::Kelderby => {
            let accounts = load(&db).await?;
            print_sign_in(&accounts, None);
        }
        DemoScale::National => national(&db, args.partnerships.min(cypp_demo::national::PARTNERSHIPS)).await?,
    }
    db.close().await;
    Ok(())
}

/// Loads the national dataset (`cypp_demo::national`): each partnership's plan and its
/// administrator in one transaction, two partnerships at a time (one made while the other is
/// written). Every administrator has the same password, printed once.
async fn national(db: &Db, count: usize) -> anyhow::Result<()> {
    use cypp_demo::national::{admin_email, plan_file};
    let started = std::time::Instant::now();
    let password = users::generate_password();
    let actor = Actor::system("cypp demo --scale national");
    let (sender, mut files) = tokio::sync::mpsc::channel(2);
    let maker = tokio::task::spawn_blocking(move || {
        for index in 0..count {
            if sender.blocking_send((index, plan_file(index))).is_err() {
                break;
            }
        }
    });
    let mut figures = 0;
    while let Some((index, file)) = files.recv().await {
        let mut tx = db.write().await?;
        let summary = cypp_store::plan_file::import(&mut tx, &file, &actor)
            .await
            .with_context(|| format!("cannot load {}", file.plan.slug))?;
        let email = admin_email(index);
        let name = format!("Administrator of {}", file.partnership.area_name);
        let admin = NewUser {
            email: &email,
            name: &name,
            role: cypp_domain::Role::Admin,
            partnership: Some(file.partnership.id),
            password: &password,
        };
        users::add(&mut tx, &actor, admin).await.with_context(|| format!("cannot add {email}"))?;
        tx.commit().await.with_context(|| format!("cannot save {}", file.plan.slug))?;
        figures += summary.data_points;
        if (index + 1) % 10 == 0 || index + 1 == count {
            println!(
                "{} of {count} partnerships, {figures} figures, {:.0} s",
                index + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    maker.await.context("the national plans could not be made")?;
    println!(
        "Loaded {count} partnerships and {figures} figures in {:.0} s. Each partnership's administrator \
         ({} to {}) signs in with this password (shown only this once): {password}",
        started.elapsed().as_secs_f64(),
        admin_email(0),
        admin_email(count.saturating_sub(1))
    );
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
