//! The web app as its users meet it: signing in, roles, CSRF, editing without losing anyone's
//! work, and the published plan site. Each test runs on SQLite and PostgreSQL.

mod dashboard;
mod easy_read;
mod editing;
mod history;
mod measures;
mod new_plans;
mod people;
mod public_site;
mod reminders;
mod roles;
mod rounds;
mod signing_in;
mod updates;

use axum::http::StatusCode;
use cypp_domain::*;
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db, edit};
use cypp_testkit::{Error, PASSWORD, Page, TestApp, TestResult, db_test};

const SLUG: &str = cypp_demo::PLAN_SLUG;

fn actions(file: &PlanFile) -> Vec<&Action> {
    file.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| i.actions.iter()).collect()
}

fn led_by<'a>(file: &'a PlanFile, email: &str) -> (&'a Action, &'a Action) {
    let all = actions(file);
    let mine = all.iter().find(|a| a.lead.as_ref().and_then(|l| l.email.as_deref()) == Some(email));
    let theirs = all.iter().find(|a| a.lead.as_ref().and_then(|l| l.email.as_deref()) != Some(email));
    match (mine, theirs) {
        (Some(m), Some(t)) => (m, t),
        _ => panic!("the demonstration should have actions led by {email} and by others"),
    }
}

/// Gives the demonstration's fictional Kelderby Rochdale's GSS code, so that the DfE's model
/// and the real data files in `../shared/data/public` cover it.
async fn as_rochdale(db: &Db, partnership: PartnershipId) -> Result<(), Error> {
    let mut tx = db.write().await?;
    let current = edit::get_partnership(&mut tx, partnership).await?;
    let rochdale = Partnership { gss_code: "E08000005".into(), ..current.value.clone() };
    edit::update_partnership(&mut tx, &Actor::system("test"), &rochdale, current.version).await?;
    tx.commit().await?;
    Ok(())
}

/// The demonstration's statistical neighbours group.
fn neighbours_of(file: &PlanFile) -> Result<&ComparatorGroup, Error> {
    let found = file.partnership.comparator_groups.iter().find(|g| g.kind == ComparatorKind::StatisticalNeighbours);
    Ok(found.ok_or("the demonstration's neighbours")?)
}

/// The GSS codes of Rochdale's ten statistical neighbours in the DfE's model.
fn rochdales_dfe_neighbours() -> Result<Vec<String>, Error> {
    let found = cypp_figures::areas::statistical_neighbours("E08000005").ok_or("Rochdale's neighbours")?;
    Ok(found.iter().map(|la| la.gss_code.clone()).collect())
}

/// A file of `../shared/data/public`, or none (and the test says it was skipped) where the
/// shared data is not there.
fn shared_file(path: &str) -> Option<Vec<u8>> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/public").join(path);
    match std::fs::read(&full) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("SKIPPED real-file test: {} cannot be read ({e})\n", full.display()),
            );
            None
        }
    }
}

async fn action_title(db: &Db, id: ActionId) -> Result<String, Error> {
    Ok(edit::get_action(&mut db.read().await?, id).await?.value.title)
}

/// The version in an update page's form that puts it on the public site.
fn public_form_version(page: &Page) -> Result<String, Error> {
    let version = page
        .body
        .split("/public\" novalidate>")
        .nth(1)
        .and_then(|f| f.split("name=\"version\" value=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .ok_or("the form's version")?;
    Ok(version.to_string())
}

/// The form fields of an action, as its edit page would post them.
fn action_fields(action: &Action, version: i64, token: &str, title: &str) -> Vec<(String, String)> {
    let (d, m, y) = match action.due_date {
        Some(date) => {
            use chrono::Datelike;
            (date.day().to_string(), date.month().to_string(), date.year().to_string())
        }
        None => Default::default(),
    };
    vec![
        ("csrf_token".into(), token.into()),
        ("version".into(), version.to_string()),
        ("title".into(), title.into()),
        ("status".into(), "on_track".into()),
        ("due_date_day".into(), d),
        ("due_date_month".into(), m),
        ("due_date_year".into(), y),
    ]
}
