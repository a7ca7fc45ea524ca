//! People, managed by their partnership's admin: added with a one-time link to set a password,
//! changed, deactivated (signed out at once) and sent a new link; and everyone's own password.

use super::*;

const NEW_PASSWORD: &str = "lantern orchard velvet tugboat";

/// The one-time link on the person's page, as its path.
fn link_path(body: &str) -> Result<String, Error> {
    let link =
        body.split("<code class=\"cypp-link-once\">").nth(1).and_then(|r| r.split('<').next()).ok_or("no link")?;
    Ok(link.find("/password-reset/").map(|at| link[at..].to_string()).ok_or("not a reset link")?)
}

async fn sign_in_with(app: &TestApp, email: &str, password: &str) -> Result<Page, Error> {
    let mut browser = app.browser();
    let token = browser.get("/sign-in").await?.token();
    browser.post("/sign-in", &[("csrf_token", &token), ("email", email), ("password", password)]).await
}

async fn an_admin_adds_a_person_who_sets_a_password_from_the_link_and_signs_in(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let new = format!("/plans/{SLUG}/people/new");
    let form = admin.get(&new).await?;
    let organisation = file.partnership.organisations[1].clone();
    let org = organisation.id.to_string();
    let token = form.token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("name", "Priya Shah"),
        ("email", "Priya.Shah@Kelderby.example"),
        ("organisation", org.as_str()),
        ("role", "lead"),
    ];
    let added = admin.post(&new, &fields).await?;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert!(added.body.contains("Send Priya Shah this link") && added.body.contains(&organisation.name));
    let link = link_path(&added.body)?;
    // The same email again is refused beside its field.
    let again = admin.post(&new, &fields).await?;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already an account for priya.shah@kelderby.example"), "{}", again.body);
    let list = admin.get(&format!("/plans/{SLUG}/people")).await?;
    assert!(list.body.contains("Priya Shah") && list.body.contains("priya.shah@kelderby.example"));

    // The new person sets a password from the link: a weak one and a mismatch are refused.
    let mut priya = app.browser();
    let page = priya.get(&link).await?;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page.token();
    let weak =
        priya.post(&link, &[("csrf_token", &token), ("password", "password1234"), ("confirm", "password1234")]).await?;
    assert!(weak.status == StatusCode::UNPROCESSABLE_ENTITY && weak.body.contains("too easy to guess"));
    let mismatch =
        priya.post(&link, &[("csrf_token", &token), ("password", NEW_PASSWORD), ("confirm", "other")]).await?;
    assert!(mismatch.body.contains("The two new passwords are not the same"));
    let set =
        priya.post(&link, &[("csrf_token", &token), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)]).await?;
    assert_eq!(set.status, StatusCode::OK);
    assert!(set.body.contains("Your password is set"), "{}", set.body);
    let signed_in = sign_in_with(&app, "priya.shah@kelderby.example", NEW_PASSWORD).await?;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);

    // The link works once.
    let used = app.browser().get(&link).await?;
    assert_eq!(used.status, StatusCode::GONE);
    assert!(used.body.contains("already been used"));
    Ok(())
}

async fn a_deactivated_persons_session_stops_at_once_and_links_expire(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&format!("/plans/{SLUG}/dashboard")).await?.status, StatusCode::OK);
    let id = {
        let mut tx = db.read().await?;
        let user = cypp_store::users::find_by_email(&mut tx, "peter.hale@kelderby.example").await?.ok_or("peter")?;
        tx.rollback().await?;
        user.id
    };
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let person = format!("/plans/{SLUG}/people/{id}");
    let page = admin.get(&person).await?;
    let version = page.body.split("name=\"version\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("1");
    let token = page.token();
    let off = admin
        .post(&format!("{person}/active"), &[("csrf_token", &token), ("version", version), ("active", "no")])
        .await?;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    let after = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the open session no longer works");
    assert!(after.location.as_deref().is_some_and(|l| l.starts_with("/sign-in")));
    let again = sign_in_with(&app, "peter.hale@kelderby.example", cypp_testkit::PASSWORD).await?;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a deactivated person cannot sign in");
    // An admin cannot deactivate themself.
    let me = {
        let mut tx = db.read().await?;
        let user = cypp_store::users::find_by_email(&mut tx, "nadia.farouk@kelderby.example").await?.ok_or("nadia")?;
        tx.rollback().await?;
        user.id
    };
    let mine = admin.get(&format!("/plans/{SLUG}/people/{me}")).await?;
    let v = mine.body.split("name=\"version\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("1");
    let refused = admin
        .post(&format!("/plans/{SLUG}/people/{me}/active"), &[("csrf_token", &token), ("version", v), ("active", "no")])
        .await?;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("You cannot deactivate your own account"));

    // A new link replaces the old; a link past its 72 hours says so.
    let first = admin.post(&format!("{person}/reset"), &[("csrf_token", &token)]).await?;
    let first = link_path(&first.body)?;
    let second = admin.post(&format!("{person}/reset"), &[("csrf_token", &token)]).await?;
    let second = link_path(&second.body)?;
    assert!(app.browser().get(&first).await?.body.contains("already been used"), "the older link stops");
    let mut tx = db.write().await?;
    tx.execute(
        "UPDATE password_resets SET expires_at = $1",
        vec![(chrono::Utc::now() - chrono::Duration::hours(1)).into()],
    )
    .await?;
    tx.commit().await?;
    let expired = app.browser().get(&second).await?;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.body.contains("expired"), "{}", expired.body);
    Ok(())
}

async fn everyone_changes_their_own_password_and_other_sessions_end(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut here = app.signed_in("sam.okafor@kelderby.example").await?;
    let mut elsewhere = app.signed_in("sam.okafor@kelderby.example").await?;
    let form = here.get("/account/password").await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("autocomplete=\"current-password\""));
    let token = form.token();
    let wrong = here
        .post(
            "/account/password",
            &[("csrf_token", &token), ("current", "not it"), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await?;
    assert!(wrong.status == StatusCode::UNPROCESSABLE_ENTITY && wrong.body.contains("current password is not right"));
    let changed = here
        .post(
            "/account/password",
            &[
                ("csrf_token", &token),
                ("current", cypp_testkit::PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(here.get(&format!("/plans/{SLUG}/dashboard")).await?.status, StatusCode::OK, "signed in again here");
    assert_eq!(
        elsewhere.get(&format!("/plans/{SLUG}/dashboard")).await?.status,
        StatusCode::SEE_OTHER,
        "signed out elsewhere"
    );
    assert_eq!(sign_in_with(&app, "sam.okafor@kelderby.example", NEW_PASSWORD).await?.status, StatusCode::SEE_OTHER);
    Ok(())
}

db_test!(
    an_admin_adds_a_person_who_sets_a_password_from_the_link_and_signs_in,
    a_deactivated_persons_session_stops_at_once_and_links_expire,
    everyone_changes_their_own_password_and_other_sessions_end,
);
