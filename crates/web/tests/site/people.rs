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

async fn user_id(db: &Db, email: &str) -> Result<String, Error> {
    let mut tx = db.read().await?;
    let user = users::find_by_email(&mut tx, email).await?.ok_or(format!("{email} has an account"))?;
    tx.rollback().await?;
    Ok(user.id.to_string())
}

async fn leads_are_people_chosen_from_a_list_and_text_leads_are_linked_later(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let (sams, other) = led_by(&file, "sam.okafor@kelderby.example");
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let (sam, tom) =
        (user_id(&db, "sam.okafor@kelderby.example").await?, user_id(&db, "tom.brennan@kelderby.example").await?);
    let peter = user_id(&db, "peter.hale@kelderby.example").await?;

    // The form lists the people who can give updates, with the lead's own chosen.
    let edit = format!("/plans/{SLUG}/actions/{}/edit", sams.id);
    let form = admin.get(&edit).await?;
    assert!(form.body.contains(&format!("<option value=\"{sam}\" selected>Sam Okafor")), "{}", form.body);
    assert!(form.body.contains(&format!("<option value=\"{tom}\">")), "editors can lead");
    assert!(
        !form.body.contains(&format!("<option value=\"{peter}\"")),
        "a viewer cannot give updates, so is not offered"
    );

    // Choosing Tom makes him the lead, by his account's name and email.
    let token = form.token();
    let mut fields = action_fields(sams, 1, &token, &sams.title);
    fields.push(("lead_person".into(), tom.clone()));
    let saved = admin.post_owned(&edit, &fields).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let lead = edit::get_action(&mut db.read().await?, sams.id).await?.value.lead.ok_or("a lead")?;
    assert_eq!((lead.name.as_str(), lead.email.as_deref()), ("Tom Brennan", Some("tom.brennan@kelderby.example")));

    // Someone who is not a candidate is refused beside the field; so is someone nameless.
    let mut stranger = action_fields(sams, 2, &token, &sams.title);
    stranger.push(("lead_person".into(), peter.clone()));
    let refused = admin.post_owned(&edit, &stranger).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"lead_person-error\""), "{}", refused.body);
    let mut nameless = action_fields(sams, 2, &token, &sams.title);
    nameless.push(("lead_person".into(), "not-listed".into()));
    let refused = admin.post_owned(&edit, &nameless).await?;
    assert!(refused.body.contains("lead_name-error"), "{}", refused.body);

    // Someone without an account is kept as text, and listed on the people page as unlinked.
    let other_edit = format!("/plans/{SLUG}/actions/{}/edit", other.id);
    let mut text = action_fields(other, 1, &token, &other.title);
    text.extend([
        ("lead_person".into(), "not-listed".into()),
        ("lead_name".into(), "Dr Jo Bell".into()),
        ("lead_role".into(), "Designated Doctor".into()),
    ]);
    let saved = admin.post_owned(&other_edit, &text).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let people = admin.get(&format!("/plans/{SLUG}/people")).await?;
    let unlinked = people.body.split("id=\"leads\"").nth(1).ok_or("the unlinked leads")?;
    assert!(unlinked.contains("Dr Jo Bell") && unlinked.contains(&other.title), "{unlinked}");
    assert!(!unlinked.contains("card__title\">Sam Okafor"), "a lead with a person's email is linked already");
    assert!(unlinked.contains("/people/new?name=Dr+Jo+Bell"), "offers to add them, filled in");

    // Linking to nobody is refused in words; nothing changes.
    let token = people.token();
    let link = format!("/plans/{SLUG}/people/link-lead");
    let nobody =
        admin.post(&link, &[("csrf_token", &token), ("name", "Dr Jo Bell"), ("email", ""), ("person", "")]).await?;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nobody.body.contains("Choose the person who is Dr Jo Bell"), "{}", nobody.body);

    // The admin links the text lead to Sam: the action names Sam, keeping the job title.
    let linked = admin
        .post(
            &format!("/plans/{SLUG}/people/link-lead"),
            &[("csrf_token", &token), ("name", "Dr Jo Bell"), ("email", ""), ("person", &sam)],
        )
        .await?;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let lead = edit::get_action(&mut db.read().await?, other.id).await?.value.lead.ok_or("a lead")?;
    assert_eq!(lead.email.as_deref(), Some("sam.okafor@kelderby.example"));
    assert_eq!(lead.role.as_deref(), Some("Designated Doctor"));
    let people = admin.get(&format!("/plans/{SLUG}/people?linked=1")).await?;
    assert!(!people.body.contains("Dr Jo Bell"), "linked, so no longer listed");
    // Sam now leads it and can update it; the link is in the action's history.
    let mut sam_browser = app.signed_in("sam.okafor@kelderby.example").await?;
    assert_eq!(sam_browser.get(&other_edit).await?.status, StatusCode::OK);
    let history = admin.get(&format!("/plans/{SLUG}/history?record={}", other.id)).await?;
    assert!(history.body.contains("nadia.farouk@kelderby.example"), "{}", history.body);
    // Linking a lead the plan does not name is not found.
    let none = admin
        .post(
            &format!("/plans/{SLUG}/people/link-lead"),
            &[("csrf_token", &token), ("name", "Nobody"), ("email", ""), ("person", &sam)],
        )
        .await?;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    Ok(())
}

db_test!(leads_are_people_chosen_from_a_list_and_text_leads_are_linked_later,);
