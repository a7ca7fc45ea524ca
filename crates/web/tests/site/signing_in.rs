//! Signing in and out, and the CSRF token every form carries.

use super::*;
use cypp_web::SESSION_COOKIE;

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

/// Posts the sign-in form with `password`, as a browser that opened the form first.
async fn try_password(
    browser: &mut cypp_testkit::Browser,
    email: &str,
    password: &str,
) -> Result<cypp_testkit::Page, Error> {
    let token = browser.get("/sign-in").await?.token();
    browser.post("/sign-in", &[("csrf_token", &*token), ("email", email), ("password", password)]).await
}

async fn attempts(db: &Db, email: &str) -> Result<(usize, usize), Error> {
    let mut tx = db.read().await?;
    let all = cypp_store::sign_in::recent(&mut tx, 1000).await?;
    tx.rollback().await?;
    let mine: Vec<_> = all.iter().filter(|a| a.email == email).collect();
    Ok((mine.iter().filter(|a| a.succeeded).count(), mine.iter().filter(|a| !a.succeeded).count()))
}

async fn wrong_passwords_pause_signing_in_and_every_attempt_is_recorded(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let email = "peter.hale@kelderby.example";
    let mut attacker = app.browser();
    for _ in 0..cypp_store::sign_in::ACCOUNT_LIMIT {
        let page = try_password(&mut attacker, email, "not the password").await?;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Now even the right password is refused, with words that say why and for how long.
    let page = try_password(&mut attacker, email, PASSWORD).await?;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.body.contains("too many wrong passwords for this account")
            && page.body.contains("Try again in 15 minutes"),
        "{}",
        page.body
    );
    assert!(attacker.cookie(SESSION_COOKIE).is_none(), "no session");
    assert_eq!(attempts(&db, email).await?, (0, 6), "every attempt is recorded");
    // Another account is not affected, and its success is recorded.
    let mut someone = app.browser();
    let page = try_password(&mut someone, "tom.brennan@kelderby.example", PASSWORD).await?;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(attempts(&db, "tom.brennan@kelderby.example").await?, (1, 0));

    // Many accounts tried from one address pause that address.
    for i in 0..cypp_store::sign_in::ADDRESS_LIMIT {
        try_password(&mut attacker, &format!("guess{i}@kelderby.example"), "not the password").await?;
    }
    let page = try_password(&mut attacker, "nadia.farouk@kelderby.example", PASSWORD).await?;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("this network address"), "{}", page.body);
    Ok(())
}

async fn the_sign_in_form_takes_only_a_token_the_server_made(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let chosen = "a".repeat(64);
    // A cookie and token of the visitor's own choosing, old style or new, are refused.
    for cookie in ["cypp_csrf", cypp_web::PRE_SESSION_COOKIE] {
        let mut browser = app.browser();
        browser.set_cookie(cookie, &chosen);
        let page = browser
            .post(
                "/sign-in",
                &[("csrf_token", &*chosen), ("email", "peter.hale@kelderby.example"), ("password", PASSWORD)],
            )
            .await?;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{cookie}");
    }
    // The form the server gave works once; signing in ends the pre-session.
    let mut browser = app.browser();
    let token = browser.get("/sign-in").await?.token();
    let pre = browser.cookie(cypp_web::PRE_SESSION_COOKIE).ok_or("a pre-session cookie")?.to_string();
    assert_ne!(pre, token, "the cookie is not the token");
    let page = browser
        .post("/sign-in", &[("csrf_token", &*token), ("email", "peter.hale@kelderby.example"), ("password", PASSWORD)])
        .await?;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let mut replay = app.browser();
    replay.set_cookie(cypp_web::PRE_SESSION_COOKIE, &pre);
    let page = replay
        .post("/sign-in", &[("csrf_token", &*token), ("email", "peter.hale@kelderby.example"), ("password", PASSWORD)])
        .await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "a used pre-session is gone");
    Ok(())
}

async fn after_signing_in_only_local_addresses_are_followed(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    for (next, expected) in [
        ("/plans/kelderby-cypp-2024-27", "/plans/kelderby-cypp-2024-27"),
        ("/\t/evil.example", "/"),
        ("/\u{1}x", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
    ] {
        let mut browser = app.browser();
        let token = browser.get("/sign-in").await?.token();
        let page = browser
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &*token),
                    ("email", "peter.hale@kelderby.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await?;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next:?}: {}", page.body);
        assert_eq!(page.location.as_deref(), Some(expected), "{next:?}");
    }
    Ok(())
}

async fn signed_in_pages_and_internal_downloads_are_never_stored(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    for path in
        ["/".to_string(), format!("/plans/{SLUG}"), format!("/plans/{SLUG}/downloads/plan.xlsx"), "/sign-in".into()]
    {
        let request = axum::http::Request::get(&path)
            .header("cookie", format!("{SESSION_COOKIE}={}", viewer.cookie(SESSION_COOKIE).unwrap_or_default()))
            .body(axum::body::Body::empty())?;
        let response =
            tower::ServiceExt::oneshot(cypp_web::router(cypp_web::AppState::new(db.clone())), request).await?;
        assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"), "{path}");
    }
    let _ = viewer.get("/").await?;
    // The public site may be cached.
    let request = axum::http::Request::get(format!("/p/kelderby/{SLUG}")).body(axum::body::Body::empty())?;
    let response = tower::ServiceExt::oneshot(cypp_web::router(cypp_web::AppState::new(db.clone())), request).await?;
    assert!(response.headers().get("cache-control").is_none());
    Ok(())
}

db_test!(
    signing_in_starts_a_session_and_signing_out_ends_it,
    a_form_posted_without_its_csrf_token_is_refused,
    wrong_passwords_pause_signing_in_and_every_attempt_is_recorded,
    the_sign_in_form_takes_only_a_token_the_server_made,
    after_signing_in_only_local_addresses_are_followed,
    signed_in_pages_and_internal_downloads_are_never_stored,
);
