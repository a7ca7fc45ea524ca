//! Who may change what: viewers nothing, leads only what they lead.

use super::*;

async fn a_viewer_cannot_change_anything(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let action = actions(&file)[0];
    let item = &file.items[0].items[0];
    let mut browser = app.signed_in("peter.hale@kelderby.example").await?;
    let plan = browser.get(&format!("/plans/{SLUG}")).await?;
    assert!(!plan.body.contains("/edit\""), "a viewer is offered no edit links");
    let token = plan.token();
    for path in [format!("/plans/{SLUG}/actions/{}/edit", action.id), format!("/plans/{SLUG}/items/{}/edit", item.id)] {
        assert_eq!(browser.get(&path).await?.status, StatusCode::FORBIDDEN, "GET {path}");
        let fields = action_fields(action, 1, &token, "Changed by a viewer");
        assert_eq!(browser.post_owned(&path, &fields).await?.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(action_title(&db, action.id).await?, action.title);
    Ok(())
}

async fn a_lead_changes_only_what_they_lead(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let (mine, theirs) = led_by(&file, "sam.okafor@kelderby.example");
    let mut browser = app.signed_in("sam.okafor@kelderby.example").await?;

    let form = browser.get(&format!("/plans/{SLUG}/actions/{}/edit", mine.id)).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("name=\"lead_email\""), "a lead cannot hand the action to someone else");
    let token = form.token();
    let fields = action_fields(mine, 1, &token, "Updated by its lead");
    let saved = browser.post_owned(&format!("/plans/{SLUG}/actions/{}/edit", mine.id), &fields).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(action_title(&db, mine.id).await?, "Updated by its lead");

    let path = format!("/plans/{SLUG}/actions/{}/edit", theirs.id);
    assert_eq!(browser.get(&path).await?.status, StatusCode::FORBIDDEN);
    let fields = action_fields(theirs, 1, &token, "Not mine to change");
    assert_eq!(browser.post_owned(&path, &fields).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(action_title(&db, theirs.id).await?, theirs.title);
    let item = &file.items[0];
    assert_eq!(browser.get(&format!("/plans/{SLUG}/items/{}/edit", item.id)).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

db_test!(a_viewer_cannot_change_anything, a_lead_changes_only_what_they_lead,);
