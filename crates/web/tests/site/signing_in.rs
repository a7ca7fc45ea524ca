//! Signing in and out, and the CSRF token every form carries.

use super::*;

async fn signing_in_starts_a_session_and_signing_out_ends_it(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut browser = app.browser();
    let form = browser.get("/sign-in").await?;
    let token = form.token();
    let wrong = browser
        .post("/sign-in", &[("csrf_token", &token), ("email", "peter.hale@kelderby.example"), ("password", "wrong")])
        .await?;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("There is a problem") && wrong.body.contains("The email address or password is not right")
    );
    assert!(wrong.body.contains("value=\"peter.hale@kelderby.example\""), "the email is kept");

    browser.sign_in("peter.hale@kelderby.example").await?;
    let home = browser.get("/").await?;
    assert!(home.body.contains("Peter Hale (viewer)"), "{}", home.body);
    let token = home.token();
    let out = browser.post("/sign-out", &[("csrf_token", &token)]).await?;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(browser.get("/").await?.body.contains("Sign in</a>"));
    Ok(())
}

async fn a_form_posted_without_its_csrf_token_is_refused(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let (action, _) = led_by(&file, "sam.okafor@kelderby.example");
    // Not even signing in works without the token.
    let mut stranger = app.browser();
    let page = stranger.post("/sign-in", &[("email", "nadia.farouk@kelderby.example"), ("password", PASSWORD)]).await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));

    let mut browser = app.signed_in("nadia.farouk@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    for token in ["", "not-the-token"] {
        let fields = action_fields(action, 1, token, "Changed without a token");
        let page = browser.post_owned(&path, &fields).await?;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    assert_eq!(action_title(&db, action.id).await?, action.title, "nothing changed");
    Ok(())
}

db_test!(signing_in_starts_a_session_and_signing_out_ends_it, a_form_posted_without_its_csrf_token_is_refused,);
