//! The web app as its users meet it: signing in, roles, CSRF, editing without losing anyone's
//! work, and the published plan site. Each test runs on SQLite and PostgreSQL.

use std::collections::HashMap;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use cypp_domain::*;
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db, edit};
use cypp_testkit::{TestResult, db_test};
use cypp_web::{AppState, router};
use tower::ServiceExt;

type Error = Box<dyn std::error::Error + Send + Sync>;

const SLUG: &str = cypp_demo::PLAN_SLUG;
const PASSWORD: &str = "a test password for cypp";

/// A browser: keeps cookies between requests.
struct Browser {
    db: Db,
    cookies: HashMap<String, String>,
}

struct Page {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new(db: &Db) -> Browser {
        Browser { db: db.clone(), cookies: HashMap::new() }
    }

    async fn send(&mut self, request: Request<Body>) -> Result<Page, Error> {
        let response = router(AppState { db: self.db.clone() }).oneshot(request).await?;
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str()?;
            if let Some((name, rest)) = text.split_once('=') {
                let value = rest.split(';').next().unwrap_or_default();
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
        let status = response.status();
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(String::from);
        let bytes = to_bytes(response.into_body(), 10 * 1024 * 1024).await?;
        // Pages are UTF-8; downloads such as workbooks are kept lossily, enough to recognise them.
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Ok(Page { status, location, body })
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn get(&mut self, path: &str) -> Result<Page, Error> {
        let request = Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty())?;
        self.send(request).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<Page, Error> {
        let body = serde_urlencoded::to_string(fields)?;
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))?;
        self.send(request).await
    }

    /// Posts a form with a file, as a browser sends it: `multipart/form-data`.
    async fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Page, Error> {
        const BOUNDARY: &str = "----cypp-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(body))?;
        self.send(request).await
    }

    /// The CSRF token in the last page's forms.
    fn token(page: &Page) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        page.body.split(marker).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_string()
    }

    async fn sign_in(&mut self, email: &str) -> Result<(), Error> {
        let form = self.get("/sign-in").await?;
        let token = Browser::token(&form);
        let page = self.post("/sign-in", &[("csrf_token", &token), ("email", email), ("password", PASSWORD)]).await?;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "signing in as {email}: {}", page.body);
        assert_eq!(page.location.as_deref(), Some("/"));
        Ok(())
    }
}

/// The demonstration plan and its people, each with the test password.
async fn demo(db: &Db) -> Result<PlanFile, Error> {
    let file = cypp_demo::plan_file();
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &Actor::system("test")).await?;
    for user in cypp_demo::users() {
        users::add(
            &mut tx,
            &Actor::system("test"),
            NewUser {
                email: &user.email,
                name: &user.name,
                role: user.role,
                partnership: Some(file.partnership.id),
                password: PASSWORD,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(file)
}

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

async fn action_title(db: &Db, id: ActionId) -> Result<String, Error> {
    Ok(edit::get_action(&mut db.read().await?, id).await?.value.title)
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

async fn post_fields(browser: &mut Browser, path: &str, fields: &[(String, String)]) -> Result<Page, Error> {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.post(path, &pairs).await
}

async fn signing_in_starts_a_session_and_signing_out_ends_it(db: Db) -> TestResult {
    demo(&db).await?;
    let mut browser = Browser::new(&db);
    let form = browser.get("/sign-in").await?;
    let token = Browser::token(&form);
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
    let token = Browser::token(&home);
    let out = browser.post("/sign-out", &[("csrf_token", &token)]).await?;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(browser.get("/").await?.body.contains("Sign in</a>"));
    Ok(())
}

async fn a_form_posted_without_its_csrf_token_is_refused(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let (action, _) = led_by(&file, "sam.okafor@kelderby.example");
    // Not even signing in works without the token.
    let mut stranger = Browser::new(&db);
    let page = stranger.post("/sign-in", &[("email", "nadia.farouk@kelderby.example"), ("password", PASSWORD)]).await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));

    let mut browser = Browser::new(&db);
    browser.sign_in("nadia.farouk@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    for token in ["", "not-the-token"] {
        let fields = action_fields(action, 1, token, "Changed without a token");
        let page = post_fields(&mut browser, &path, &fields).await?;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    assert_eq!(action_title(&db, action.id).await?, action.title, "nothing changed");
    Ok(())
}

async fn a_viewer_cannot_change_anything(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let action = actions(&file)[0];
    let item = &file.items[0].items[0];
    let mut browser = Browser::new(&db);
    browser.sign_in("peter.hale@kelderby.example").await?;
    let plan = browser.get(&format!("/plans/{SLUG}")).await?;
    assert!(!plan.body.contains("/edit\""), "a viewer is offered no edit links");
    let token = Browser::token(&plan);
    for path in [format!("/plans/{SLUG}/actions/{}/edit", action.id), format!("/plans/{SLUG}/items/{}/edit", item.id)] {
        assert_eq!(browser.get(&path).await?.status, StatusCode::FORBIDDEN, "GET {path}");
        let fields = action_fields(action, 1, &token, "Changed by a viewer");
        assert_eq!(post_fields(&mut browser, &path, &fields).await?.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(action_title(&db, action.id).await?, action.title);
    Ok(())
}

async fn a_lead_changes_only_what_they_lead(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let (mine, theirs) = led_by(&file, "sam.okafor@kelderby.example");
    let mut browser = Browser::new(&db);
    browser.sign_in("sam.okafor@kelderby.example").await?;

    let form = browser.get(&format!("/plans/{SLUG}/actions/{}/edit", mine.id)).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("name=\"lead_email\""), "a lead cannot hand the action to someone else");
    let token = Browser::token(&form);
    let fields = action_fields(mine, 1, &token, "Updated by its lead");
    let saved = post_fields(&mut browser, &format!("/plans/{SLUG}/actions/{}/edit", mine.id), &fields).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(action_title(&db, mine.id).await?, "Updated by its lead");

    let path = format!("/plans/{SLUG}/actions/{}/edit", theirs.id);
    assert_eq!(browser.get(&path).await?.status, StatusCode::FORBIDDEN);
    let fields = action_fields(theirs, 1, &token, "Not mine to change");
    assert_eq!(post_fields(&mut browser, &path, &fields).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(action_title(&db, theirs.id).await?, theirs.title);
    let item = &file.items[0];
    assert_eq!(browser.get(&format!("/plans/{SLUG}/items/{}/edit", item.id)).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

async fn an_edit_on_a_stale_version_shows_both_and_loses_neither(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let action = actions(&file)[3];
    let mut browser = Browser::new(&db);
    browser.sign_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let form = browser.get(&path).await?;
    let token = Browser::token(&form);
    assert!(form.body.contains("name=\"version\" value=\"1\""));

    // Someone else saves first.
    let mut tx = db.write().await?;
    let mut theirs = action.clone();
    theirs.title = "Their wording, saved first".into();
    edit::update_action(&mut tx, &Actor::system("someone else"), &theirs, 1).await?;
    tx.commit().await?;

    let fields = action_fields(action, 1, &token, "My wording, saved second");
    let page = post_fields(&mut browser, &path, &fields).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Someone else changed this"), "{}", page.body);
    assert!(page.body.contains("Their wording, saved first"), "their version is shown");
    assert!(page.body.contains("My wording, saved second"), "my version is kept in the form");
    assert!(page.body.contains("name=\"version\" value=\"2\""), "the form now carries their version");
    assert_eq!(action_title(&db, action.id).await?, "Their wording, saved first", "theirs is not overwritten");

    // Saving again, having seen theirs, replaces it.
    let fields = action_fields(action, 2, &token, "My wording, saved second");
    assert_eq!(post_fields(&mut browser, &path, &fields).await?.status, StatusCode::SEE_OTHER);
    assert_eq!(action_title(&db, action.id).await?, "My wording, saved second");
    Ok(())
}

async fn form_errors_are_summarised_and_the_input_is_kept(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let item = &file.items[1].items[0];
    let mut browser = Browser::new(&db);
    browser.sign_in("nadia.farouk@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/items/{}/edit", item.id);
    let form = browser.get(&path).await?;
    let token = Browser::token(&form);
    let page = browser
        .post(
            &path,
            &[
                ("csrf_token", &token),
                ("version", "1"),
                ("title", ""),
                ("why_it_matters", "We will leverage robust multi-agency pathways with the MASH."),
            ],
        )
        .await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("govuk-error-summary") && page.body.contains("<a href=\"#title\">Enter a title</a>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("We will leverage robust multi-agency pathways with the MASH."), "the input is kept");
    // The plain-English checks run on what was typed.
    assert!(page.body.contains("&#34;leverage&#34; is jargon: try &#34;use&#34;"), "{}", page.body);
    assert!(!page.body.contains("&#34;MASH&#34; is an acronym"), "MASH is in the jargon buster, so it is not flagged");
    assert_eq!(edit::get_item(&mut db.read().await?, item.id).await?.value.title, item.title);
    Ok(())
}

async fn the_published_site_shows_the_plan_to_everyone(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = Browser::new(&db);
    let home = public.get(&base).await?;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Kelderby Children and Young People&#39;s Partnership</a>"),
        "the partnership's name is in the header"
    );
    assert!(home.body.contains("href=\"/assets/cypp.css\""));
    for item in &file.items {
        assert!(home.body.contains(&format!("{base}/items/{}", item.id)));
    }
    let on_a_page = public.get(&format!("{base}/on-a-page")).await?;
    for top in &file.items {
        for (depth, item) in top.walk() {
            if depth < 2 {
                assert!(
                    on_a_page.body.contains(&item.title.replace('\'', "&#39;")),
                    "{} is not on the page",
                    item.title
                );
            }
        }
    }
    let priority = &file.items[1].items[1];
    let page = public.get(&format!("{base}/items/{}", priority.id)).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Why is this important?"));
    assert!(page.body.contains("Our children and young people asked us to"));
    assert!(
        page.body.contains("<abbr class=\"cypp-term\" title=\"Accident and emergency"),
        "A&E is explained on first use"
    );
    assert_eq!(page.body.matches("<abbr class=\"cypp-term\" title=\"Accident").count(), 1, "only on first use");
    assert!(!page.body.contains("/edit\""), "the public site has no edit links");
    let glossary = public.get(&format!("{base}/glossary")).await?;
    for term in &file.glossary {
        assert!(glossary.body.contains(&format!("id=\"{}\"", term_anchor(&term.term))), "{}", term.term);
    }
    assert_eq!(public.get(&format!("/p/elsewhere/{SLUG}")).await?.status, StatusCode::NOT_FOUND);
    Ok(())
}

fn term_anchor(term: &str) -> String {
    let words: Vec<String> =
        term.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    format!("term-{}", words.join("-"))
}

async fn a_draft_is_never_shown_to_the_public(db: Db) -> TestResult {
    let mut file = cypp_demo::plan_file();
    // The refresh is still a draft: the public keeps seeing revision 1, as published.
    file.plan.status = PlanStatus::Draft;
    file.plan.status_history.clear();
    file.earlier_revisions[0].plan.status = PlanStatus::Published;
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &Actor::system("test")).await?;
    tx.commit().await?;
    let mut public = Browser::new(&db);
    let base = format!("/p/kelderby/{SLUG}");
    let on_a_page = public.get(&format!("{base}/on-a-page")).await?;
    assert!(on_a_page.body.contains("Early help for families"), "revision 1's wording");
    assert!(!on_a_page.body.contains("Help families earlier, in their own communities"), "not the draft's");
    // The draft itself needs signing in.
    assert_eq!(public.get(&format!("/plans/{SLUG}")).await?.status, StatusCode::NOT_FOUND);
    assert!(!public.get("/").await?.body.contains(SLUG), "the public list holds published plans only");
    Ok(())
}

async fn the_annual_refresh_is_a_draft_until_published_and_its_changes_can_be_seen(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains("Start the annual refresh"));
    let token = Browser::token(&plan);

    // A viewer may not start it.
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    let viewer_token = Browser::token(&viewer.get("/").await?);
    assert!(!viewer.get(&format!("/plans/{SLUG}")).await?.body.contains("Start the annual refresh"));
    let refused =
        viewer.post(&format!("/plans/{SLUG}/refresh"), &[("csrf_token", &viewer_token), ("label", "x")]).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let started = editor
        .post(&format!("/plans/{SLUG}/refresh"), &[("csrf_token", &token), ("label", "Refreshed for 2027-28")])
        .await?;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let draft = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(draft.body.contains("<strong class=\"govuk-tag\">Draft</strong>"), "{}", draft.body);
    assert!(draft.body.contains("Mark as out for consultation"));

    // Reword a priority in the draft: the public site still shows the published wording.
    let current = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let priority = &current.items[0].items[0];
    let path = format!("/plans/{SLUG}/items/{}/edit", priority.id);
    let form = editor.get(&path).await?;
    let saved = editor
        .post(
            &path,
            &[
                ("csrf_token", &Browser::token(&form)),
                ("version", "1"),
                ("title", "Help every family early"),
                ("number", "1.1"),
            ],
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let public = Browser::new(&db).get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(public.body.contains(&file.items[0].items[0].title) && !public.body.contains("Help every family early"));

    let changes = editor.get(&format!("/plans/{SLUG}/revisions")).await?;
    assert!(changes.body.contains("What changed from revision 2 to revision 3"));
    assert!(changes.body.contains("Reworded</strong> item: 1.1 Help every family early"), "{}", changes.body);
    let earlier = editor.get(&format!("/plans/{SLUG}/revisions?from=1&to=2")).await?;
    assert!(earlier.body.contains("Added</strong> action"), "the refresh for 2026-27 added actions");

    // Through consultation and approval to publication.
    for status in ["consultation", "approved", "published"] {
        let version = edit::get_revision(&mut db.read().await?, current.plan.revision_id).await?.version.to_string();
        let moved = editor
            .post(
                &format!("/plans/{SLUG}/status"),
                &[("csrf_token", &token), ("version", &version), ("status", status)],
            )
            .await?;
        assert_eq!(moved.location.as_deref(), Some(format!("/plans/{SLUG}").as_str()), "{status}");
    }
    let public = Browser::new(&db).get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(public.body.contains("Help every family early"), "the published refresh is what the public sees");
    // A step that is not allowed is refused, and says so.
    let refused = editor
        .post(&format!("/plans/{SLUG}/status"), &[("csrf_token", &token), ("version", "99"), ("status", "draft")])
        .await?;
    assert_eq!(refused.location.as_deref(), Some(format!("/plans/{SLUG}?status=refused").as_str()));
    Ok(())
}

async fn editors_add_move_and_delete_items_and_actions_and_others_cannot(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let outcome = file.items[2].id;
    let mut editor = Browser::new(&db);
    editor.sign_in("nadia.farouk@kelderby.example").await?;
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    let token = Browser::token(&plan);
    assert!(plan.body.contains(&format!("/plans/{SLUG}/items/new?parent={outcome}")));

    let form = editor.get(&format!("/plans/{SLUG}/items/new?parent={outcome}")).await?;
    assert!(form.body.contains("Add a priority"), "named after the level: {}", form.body);
    let empty = editor
        .post(&format!("/plans/{SLUG}/items/new?parent={outcome}"), &[("csrf_token", &token), ("title", "")])
        .await?;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = editor
        .post(
            &format!("/plans/{SLUG}/items/new?parent={outcome}"),
            &[("csrf_token", &token), ("number", "3.3"), ("title", "Young people ready for work")],
        )
        .await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let new = now.items[2].items.last().ok_or("no new item")?;
    assert_eq!(new.title, "Young people ready for work");

    let action = editor
        .post(
            &format!("/plans/{SLUG}/items/{}/actions/new", new.id),
            &[
                ("csrf_token", &token),
                ("title", "Offer every Year 11 a work placement"),
                ("status", "not_started"),
                ("due_date_day", "31"),
                ("due_date_month", "7"),
                ("due_date_year", "2027"),
            ],
        )
        .await?;
    assert_eq!(action.status, StatusCode::SEE_OTHER, "{}", action.body);

    let up = editor
        .post(&format!("/plans/{SLUG}/items/{}/move", new.id), &[("csrf_token", &token), ("direction", "up")])
        .await?;
    assert_eq!(up.status, StatusCode::SEE_OTHER);
    let moved = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let titles: Vec<&str> = moved.items[2].items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.iter().position(|t| *t == "Young people ready for work"), Some(titles.len() - 2), "{titles:?}");
    let elsewhere = editor
        .post(
            &format!("/plans/{SLUG}/items/{}/move", new.id),
            &[("csrf_token", &token), ("parent", &file.items[0].id.to_string())],
        )
        .await?;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);

    // A lead may not change the plan's shape.
    let mut lead = Browser::new(&db);
    lead.sign_in("sam.okafor@kelderby.example").await?;
    let lead_token = Browser::token(&lead.get("/").await?);
    assert_eq!(lead.get(&format!("/plans/{SLUG}/items/new")).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(
        lead.post(&format!("/plans/{SLUG}/items/{}/delete", new.id), &[("csrf_token", &lead_token), ("version", "9")])
            .await?
            .status,
        StatusCode::FORBIDDEN
    );

    // Deleting asks first, and something with progress updates cannot be deleted.
    let confirm = editor.get(&format!("/plans/{SLUG}/items/{}/delete", new.id)).await?;
    assert!(confirm.body.contains("Yes, delete it"));
    let version = edit::get_item(&mut db.read().await?, new.id).await?.version.to_string();
    let deleted = editor
        .post(&format!("/plans/{SLUG}/items/{}/delete", new.id), &[("csrf_token", &token), ("version", &version)])
        .await?;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(edit::get_item(&mut db.read().await?, new.id).await.is_err(), "deleted");
    let reported = file.rounds[0].updates[0].item.ok_or("no update")?;
    let refused = editor
        .post(&format!("/plans/{SLUG}/items/{reported}/delete"), &[("csrf_token", &token), ("version", "1")])
        .await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("progress updates in reporting rounds"), "{}", refused.body);
    Ok(())
}

async fn the_jargon_buster_and_other_lists_are_edited_through_forms(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    let settings = editor.get(&format!("/plans/{SLUG}/settings")).await?;
    assert!(
        settings.body.contains("Jargon buster") && !settings.body.contains("settings/partnership"),
        "editors see the plan's lists, not the partnership's"
    );
    let token = Browser::token(&settings);
    let glossary = format!("/plans/{SLUG}/lists/glossary");
    let added = editor
        .post(
            &format!("{glossary}/new"),
            &[("csrf_token", &token), ("term", "JSNA"), ("definition", "Joint strategic needs assessment")],
        )
        .await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let again = editor
        .post(&format!("{glossary}/new"), &[("csrf_token", &token), ("term", "jsna"), ("definition", "Again")])
        .await?;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("&#34;jsna&#34; is already in the list"), "{}", again.body);
    let public = Browser::new(&db).get(&format!("/p/kelderby/{SLUG}/glossary")).await?;
    assert!(public.body.contains("Joint strategic needs assessment"), "the published plan's jargon buster has it");

    // Two people change the same term: the second sees both versions.
    let term = cypp_store::plan_file::export(&mut db.read().await?, SLUG)
        .await?
        .glossary
        .last()
        .map(|g| g.id)
        .ok_or("no term")?;
    let edit_path = format!("{glossary}/{term}/edit");
    let first = editor
        .post(
            &edit_path,
            &[("csrf_token", &token), ("version", "1"), ("term", "JSNA"), ("definition", "First wording")],
        )
        .await?;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = editor
        .post(
            &edit_path,
            &[("csrf_token", &token), ("version", "1"), ("term", "JSNA"), ("definition", "Second wording")],
        )
        .await?;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        second.body.contains("Someone else changed this")
            && second.body.contains("First wording")
            && second.body.contains("Second wording")
    );

    // Success statements belong to an item.
    let item = file.items[0].items[0].id;
    let statements = editor.get(&format!("/plans/{SLUG}/lists/success-statements?item={item}")).await?;
    assert!(statements.body.contains(&file.items[0].items[0].success_statements[0].text.replace('\'', "&#39;")));

    // The partnership's settings are for admins; leads edit no lists.
    assert_eq!(editor.get(&format!("/plans/{SLUG}/settings/partnership")).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get(&format!("/plans/{SLUG}/lists/organisations")).await?.status, StatusCode::FORBIDDEN);
    let mut admin = Browser::new(&db);
    admin.sign_in("nadia.farouk@kelderby.example").await?;
    let partnership = admin.get(&format!("/plans/{SLUG}/settings/partnership")).await?;
    assert!(partnership.body.contains("value=\"E08000999\""));
    let bad = admin
        .post(
            &format!("/plans/{SLUG}/settings/partnership"),
            &[
                ("csrf_token", &Browser::token(&partnership)),
                ("version", "1"),
                ("name", "Kelderby"),
                ("area_name", "Kelderby"),
                ("gss_code", "nonsense"),
            ],
        )
        .await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("is not an ONS GSS code"));
    let mut lead = Browser::new(&db);
    lead.sign_in("sam.okafor@kelderby.example").await?;
    assert_eq!(lead.get(&glossary).await?.status, StatusCode::FORBIDDEN);

    // The partnership's own jargon list replaces cypp's.
    let jargon = admin.get(&format!("/plans/{SLUG}/lists/jargon")).await?;
    assert!(jargon.body.contains("Start from cypp"));
    let token = Browser::token(&jargon);
    admin.post(&format!("/plans/{SLUG}/lists/jargon/defaults"), &[("csrf_token", &token)]).await?;
    let started = admin.get(&format!("/plans/{SLUG}/lists/jargon")).await?;
    assert_eq!(started.body.matches("/edit\"").count(), cypp_domain::plain::DEFAULT_JARGON.len());
    let added = admin
        .post(
            &format!("/plans/{SLUG}/lists/jargon/new"),
            &[("csrf_token", &token), ("word", "locality hub"), ("instead", "family centre")],
        )
        .await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let check = admin.get(&format!("/plans/{SLUG}/items/{}/edit", file.items[0].items[0].id)).await?;
    let form_token = Browser::token(&check);
    let flagged = admin
        .post(
            &format!("/plans/{SLUG}/items/{}/edit", file.items[0].items[0].id),
            &[("csrf_token", &form_token), ("version", "0"), ("title", "x"), ("summary", "Open a locality hub.")],
        )
        .await?;
    assert!(flagged.body.contains("&#34;locality hub&#34; is jargon: try &#34;family centre&#34;"), "{}", flagged.body);

    // The plan's level names are settings too.
    let form = admin.get(&format!("/plans/{SLUG}/settings/plan")).await?;
    let saved = admin
        .post(
            &format!("/plans/{SLUG}/settings/plan"),
            &[
                ("csrf_token", &Browser::token(&form)),
                ("version", "1"),
                ("title", "Kelderby Children and Young People's Plan 2024-27"),
                ("period_start_day", "1"),
                ("period_start_month", "4"),
                ("period_start_year", "2024"),
                ("period_end_day", "31"),
                ("period_end_month", "3"),
                ("period_end_year", "2027"),
                ("level_names", "Key theme\nPriority area"),
            ],
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let on_a_page = Browser::new(&db).get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(on_a_page.body.contains("Key theme"), "the new level name shows on the public site");
    Ok(())
}

async fn the_dashboard_shows_rag_by_priority_who_has_not_updated_and_the_scorecard(db: Db) -> TestResult {
    let file = demo(&db).await?;
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    let page = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    // Q2's open round: five of the eight priorities have updated; three are listed with their leads.
    assert!(body.contains("Q2 2026-27: open, updates due 4 December 2026"), "{body}");
    assert!(body.contains("5 of 8 have updated"));
    let still = body.split("Still to update</caption>").nth(1).ok_or("no missing list")?;
    let missing_table = still.split("</table>").next().unwrap_or_default();
    for key in [
        "Be good corporate parents",
        "Give every baby the best start in life",
        "Help children and young people live healthy lives",
    ] {
        assert!(missing_table.contains(key), "{key} should be missing");
    }
    assert!(!missing_table.contains("Help families earlier"), "early help has updated");
    // The mental health priority's latest RAG is Q2's amber, not Q1's red.
    let row = body.split("Support children&#39;s and young people&#39;s emotional wellbeing").nth(1).ok_or("no row")?;
    let row = row.split("</tr>").next().unwrap_or_default();
    assert!(row.contains("govuk-tag--yellow\">Amber</strong>") && row.contains("Q2 2026-27"), "{row}");
    for measure in &file.measures {
        assert!(body.contains(&measure.name.replace('\'', "&#39;")), "{} is not on the scorecard", measure.name);
    }
    assert!(
        body.matches("govuk-tag--red\">Red</strong>").count()
            + body.matches("govuk-tag--green\">Green</strong>").count()
            > 5,
        "KPIs are judged against targets"
    );
    assert!(body.contains("Overdue actions"));
    // The scorecard compares the latest figure with England, the region and the neighbours.
    for name in ["England", "North West", "Statistical neighbours"] {
        let compared = ["similar", "better", "worse", "higher", "lower"].iter().any(|how| {
            body.split(&format!("{name}: ")).skip(1).any(|rest| {
                rest.split("<br>")
                    .next()
                    .and_then(|l| l.split("</td>").next())
                    .is_some_and(|line| line.contains(&format!("<strong>({how}")))
            })
        });
        assert!(compared, "the scorecard compares with {name}");
    }
    // The RAG summary chart counts the KPIs by their latest figure, and says so in words.
    let mut counts = [0; 4];
    for m in &file.measures {
        let latest = m.data.iter().max_by_key(|p| p.period);
        counts[match latest.and_then(|p| m.rag(p)) {
            Some(Rag::Green | Rag::Blue) => 0,
            Some(Rag::Amber) => 1,
            Some(Rag::Red) => 2,
            None => 3,
        }] += 1;
    }
    assert!(counts[0] > 0 && counts[2] > 0 && counts[3] > 0, "the demo has KPIs in each state: {counts:?}");
    let on = if counts[0] == 1 { "is" } else { "are" };
    let words = format!(
        "Of {} KPIs, {} {on} on target, {} close to target, {} off target",
        file.measures.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    assert!(body.contains(&words), "{words}");
    assert!(body.contains("<title id=\"rag-title\">KPIs against their targets"));
    assert!(body.contains(&format!("Off target {}</text>", counts[2])));
    Ok(())
}

async fn admins_start_new_plans_as_drafts(db: Db) -> TestResult {
    demo(&db).await?;
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    assert_eq!(editor.get("/plans/new").await?.status, StatusCode::FORBIDDEN);

    let mut admin = Browser::new(&db);
    admin.sign_in("nadia.farouk@kelderby.example").await?;
    let form = admin.get("/plans/new").await?;
    assert!(!form.body.contains("gss_code"), "a partnership's admin starts plans for their own partnership");
    let token = Browser::token(&form);
    let bad = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", ""),
                ("slug", "Bad Slug"),
                ("first_year", "2027"),
                ("last_year", "2026"),
                ("level_names", "Outcome"),
            ],
        )
        .await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("<a href=\"#title\">")
            && bad.body.contains("<a href=\"#slug\">")
            && bad.body.contains("<a href=\"#last_year\">"),
        "{}",
        bad.body
    );
    let taken = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", "Again"),
                ("slug", SLUG),
                ("first_year", "2027"),
                ("last_year", "2029"),
                ("level_names", "Outcome"),
            ],
        )
        .await?;
    assert!(taken.body.contains("Choose another short name"));
    let made = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", "Kelderby Children and Young People's Plan 2027-30"),
                ("slug", "kelderby-cypp-2027-30"),
                ("first_year", "2027"),
                ("last_year", "2029"),
                ("level_names", "Outcome\nPriority"),
            ],
        )
        .await?;
    assert_eq!(made.location.as_deref(), Some("/plans/kelderby-cypp-2027-30"));
    let plan = admin.get("/plans/kelderby-cypp-2027-30").await?;
    assert!(plan.body.contains("<strong class=\"govuk-tag\">Draft</strong>") && plan.body.contains("2027-30"));
    assert_eq!(
        Browser::new(&db).get("/p/kelderby/kelderby-cypp-2027-30").await?.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    // A system-wide admin starts a new partnership with its plan.
    let mut tx = db.write().await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "root@cypp.example", name: "Root", role: Role::Admin, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;
    let mut root = Browser::new(&db);
    root.sign_in("root@cypp.example").await?;
    let form = root.get("/plans/new").await?;
    let made = root
        .post(
            "/plans/new",
            &[
                ("csrf_token", &Browser::token(&form)),
                ("title", "Wyreford Plan 2026-29"),
                ("slug", "wyreford-2026-29"),
                ("first_year", "2026"),
                ("last_year", "2028"),
                ("level_names", "Key theme\nPriority area"),
                ("partnership_name", "Wyreford Children's Partnership"),
                ("partnership_slug", "wyreford"),
                ("area_name", "Wyreford"),
                ("gss_code", "e06000998"),
            ],
        )
        .await?;
    assert_eq!(made.location.as_deref(), Some("/plans/wyreford-2026-29"), "{}", made.body);
    assert!(root.get("/").await?.body.contains("Wyreford Children&#39;s Partnership"));
    Ok(())
}

async fn a_measure_page_shows_its_chart_judgement_and_every_figure(db: Db) -> TestResult {
    let mut file = cypp_demo::plan_file();
    let carers = file.measures.iter_mut().find(|m| m.slug == "young-carers-identified").ok_or("no measure")?;
    carers.suppress_small_numbers = true;
    carers.data.iter_mut().max_by_key(|d| d.period).ok_or("no data")?.value = Reading::Number(3.0);
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &Actor::system("test")).await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "v@kelderby.example", name: "V", role: Role::Viewer, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;

    let measure = file.measures.iter().find(|m| m.slug == "re-referrals").ok_or("no measure")?;
    let mut public = Browser::new(&db);
    let page = public.get(&format!("/p/kelderby/{SLUG}/measures/re-referrals")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<svg")
            && page.body.contains("<title id=\"chart-title\">Re-referrals within 12 months over time</title>")
    );
    assert!(page.body.contains("variation") || page.body.contains("Special cause"), "the judgement is in words");
    for point in &measure.data {
        assert!(
            page.body.contains(&format!(">{}</th>", point.period.label())),
            "{} is not in the table",
            point.period.label()
        );
    }
    assert!(page.body.contains("England</th>"), "comparators have columns");

    // Small numbers are suppressed for the public, not for people signed in.
    let carers_public = public.get(&format!("/p/kelderby/{SLUG}/measures/young-carers-identified")).await?;
    assert!(carers_public.body.contains("c (suppressed to protect confidentiality)"));
    let mut viewer = Browser::new(&db);
    viewer.sign_in("v@kelderby.example").await?;
    let carers_inside = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified")).await?;
    assert!(!carers_inside.body.contains("c (suppressed"), "signed-in people see the figure");
    assert!(carers_inside.body.contains("template.csv"), "signed-in people can download the template");
    assert!(carers_inside.body.contains("template.xlsx"), "as a workbook too");
    let workbook = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.xlsx")).await?;
    assert_eq!(workbook.status, StatusCode::OK);
    assert!(workbook.body.starts_with("PK"), "an XLSX workbook is a zip");
    assert_ne!(
        public.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.xlsx")).await?.status,
        StatusCode::OK
    );
    let template = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.csv")).await?;
    assert!(template.body.starts_with("\u{feff}period,value,numerator,denominator"), "{}", template.body);
    assert!(template.body.contains("2025-26,3,"), "the figures so far, unsuppressed for people signed in");
    assert!(!carers_public.body.contains("template.csv"));
    assert_ne!(
        public.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.csv")).await?.status,
        StatusCode::OK
    );
    assert_eq!(
        public.get(&format!("/p/kelderby/{SLUG}/measures/no-such-measure")).await?.status,
        StatusCode::NOT_FOUND
    );
    // The dashboard's scorecard links each measure and judges its trend.
    let dashboard = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(dashboard.body.contains(&format!("href=\"/plans/{SLUG}/measures/re-referrals\"")));
    assert!(dashboard.body.contains("Common cause variation") || dashboard.body.contains("Special cause"));
    Ok(())
}

async fn editors_type_in_a_single_figure_checked_against_the_measure(db: Db) -> TestResult {
    demo(&db).await?;
    let path = format!("/plans/{SLUG}/measures/cla-rate/figures/new");
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&path).await?.status, StatusCode::FORBIDDEN);
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    let form = editor.get(&path).await?;
    let token = Browser::token(&form);
    let bad = editor.post(&path, &[("csrf_token", &token), ("period", "2026/27 autumn"), ("value", "lots")]).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<a href=\"#value\">"), "{}", bad.body);
    let wrong_type =
        editor.post(&path, &[("csrf_token", &token), ("period", "Autumn term 2026"), ("value", "12")]).await?;
    assert!(wrong_type.body.contains("does not fit"), "a term does not fit a measure reported by financial year");
    let saved = editor
        .post(&path, &[("csrf_token", &token), ("period", "2026/27"), ("value", "c"), ("provisional", "yes")])
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let latest = m.latest().ok_or("no data")?;
    assert_eq!(
        (latest.period.code().as_str(), latest.value, latest.provisional),
        ("2026-27", Reading::Symbol(Symbol::Suppressed), true)
    );
    // A comparator's figure, typed in the same way.
    let england = file.partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::England);
    let england = england.ok_or("no England")?.id.to_string();
    let theirs = editor
        .post(&path, &[("csrf_token", &token), ("comparator", &england), ("period", "2026-27"), ("value", "71")])
        .await?;
    assert_eq!(theirs.status, StatusCode::SEE_OTHER, "{}", theirs.body);
    let bogus = editor
        .post(&path, &[("csrf_token", &token), ("comparator", "not-a-group"), ("period", "2026-27"), ("value", "71")])
        .await?;
    assert!(bogus.body.contains("<a href=\"#comparator\">"), "{}", bogus.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let series = m.comparators.iter().find(|s| s.comparator.to_string() == england).ok_or("no England series")?;
    let figure = series.data.iter().find(|d| d.period.code() == "2026-27").map(|d| d.value);
    assert_eq!(figure, Some(Reading::Number(71.0)));
    assert_eq!(m.latest().map(|d| d.value), Some(Reading::Symbol(Symbol::Suppressed)), "our own figure is untouched");
    Ok(())
}

fn measure_form<'a>(token: &'a str, version: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("version", version),
        ("name", name),
        ("slug", "young-carers-known"),
        ("definition", "Young carers known to the young carers service at the end of the year"),
        ("unit", "count"),
        ("decimals", "0"),
        ("direction", "higher_is_better"),
        ("frequency", "annually"),
        ("period_type", "financial_year"),
        ("source", "Kelderby Young Carers Service"),
        ("baseline_period", "2024/25"),
        ("baseline_value", "410"),
        ("suppress", "yes"),
        ("threshold", "5"),
    ]
}

async fn editors_define_measures_and_set_their_targets(db: Db) -> TestResult {
    demo(&db).await?;
    let new = format!("/plans/{SLUG}/measures/new");
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&new).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get(&format!("/plans/{SLUG}/measures/cla-rate/targets")).await?.status, StatusCode::FORBIDDEN);
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    let form = editor.get(&new).await?;
    assert_eq!(form.status, StatusCode::OK);
    let token = Browser::token(&form);
    // Missing choices and a bad number are summarised; nothing is saved.
    let bad = editor.post(&new, &[("csrf_token", &token), ("name", "Young carers"), ("tolerance", "some")]).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<a href=\"#unit\">Choose the unit</a>"), "{}", bad.body);
    assert!(bad.body.contains("<a href=\"#tolerance\">Enter a number</a>"), "{}", bad.body);
    // A choice that is not one of the options is refused, not ignored.
    let mut bogus = measure_form(&token, "0", "Young carers known");
    bogus.retain(|(k, _)| *k != "unit");
    bogus.push(("unit", "furlongs"));
    let bogus = editor.post(&new, &bogus).await?;
    assert_eq!(bogus.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bogus.body.contains("<a href=\"#unit\">Choose the unit</a>"), "{}", bogus.body);
    // A slug already used is refused.
    let mut taken = measure_form(&token, "0", "Young carers known");
    taken.retain(|(k, _)| *k != "slug");
    taken.push(("slug", "cla-rate"));
    let taken = editor.post(&new, &taken).await?;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", taken.body);
    let saved = editor.post(&new, &measure_form(&token, "0", "Young carers known")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some(format!("/plans/{SLUG}/measures/young-carers-known").as_str()));
    let page = editor.get(&format!("/plans/{SLUG}/measures/young-carers-known")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Young carers known"));

    // Changing the definition keeps the rest; a stale version is refused with both shown.
    let edit = format!("/plans/{SLUG}/measures/young-carers-known/edit");
    let form = editor.get(&edit).await?;
    assert!(form.body.contains("Kelderby Young Carers Service"), "the form shows the saved values");
    let changed = editor.post(&edit, &measure_form(&token, "1", "Young carers identified")).await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let stale = editor.post(&edit, &measure_form(&token, "1", "Young carers counted")).await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Young carers identified") && stale.body.contains("Young carers counted"));
    // Its short name changed to one another measure uses: the message is beside the field, and
    // nothing is saved (issue 12).
    let mut clash = measure_form(&token, "2", "Young carers identified");
    clash.retain(|(k, _)| *k != "slug");
    clash.push(("slug", "cla-rate"));
    let clash = editor.post(&edit, &clash).await?;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", clash.body);
    let beside = "<p id=\"slug-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> Another measure in this plan already uses the short name &#34;cla-rate&#34;</p>";
    assert!(clash.body.contains(beside), "{}", clash.body);
    // A form without its version, or with one that is not a number, is refused, never read as 0.
    let mut unversioned = measure_form(&token, "2", "Young carers identified");
    unversioned.retain(|(k, _)| *k != "version");
    assert_eq!(editor.post(&edit, &unversioned).await?.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        editor.post(&edit, &measure_form(&token, "two", "Young carers identified")).await?.status,
        StatusCode::BAD_REQUEST
    );

    // The process control chart's settings: a period that cannot be read is named; good ones
    // are saved and described under the chart.
    let mut spc = measure_form(&token, "2", "Young carers identified");
    spc.extend([("spc_rebase_at", "2025-26, sometime"), ("spc_screen", "no"), ("spc_run_length", "6")]);
    let unreadable = editor.post(&edit, &spc).await?;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreadable.body.contains("<a href=\"#spc_rebase_at\">&#34;sometime&#34; is not a period"),
        "{}",
        unreadable.body
    );
    spc.retain(|(k, _)| *k != "spc_rebase_at");
    spc.extend([("spc_rebase_at", "2025/26"), ("spc_fix_after", "12")]);
    assert_eq!(editor.post(&edit, &spc).await?.status, StatusCode::SEE_OTHER);
    let described = editor.get(&format!("/plans/{SLUG}/measures/young-carers-known")).await?;
    for note in [
        "start again from 2025-26",
        "fixed from the first 12 points",
        "the &#34;Excel&#34; method",
        "6 points rather than 7",
    ] {
        assert!(described.body.contains(note), "{note}: {}", described.body);
    }

    // Targets: one outside the plan's years is refused; good ones are listed and can be removed.
    let targets = format!("/plans/{SLUG}/measures/young-carers-known/targets");
    let outside = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2040-41"), ("type", "absolute"), ("value", "500")])
        .await?;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", outside.body);
    let words = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "absolute"), ("value", "many")])
        .await?;
    assert!(words.body.contains("<a href=\"#value\">Enter the target as a number</a>"), "{}", words.body);
    assert!(words.body.contains("<p id=\"value-error\" class=\"govuk-error-message\">"), "and beside the field");
    assert!(words.body.contains("value=\"2026-27\""), "what was typed is kept");
    let gap = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "close_gap"), ("value", "50")])
        .await?;
    assert!(gap.body.contains("<a href=\"#comparator\">Choose the comparator"), "{}", gap.body);
    let set = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026/27"), ("type", "from_baseline"), ("value", "20")])
        .await?;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let twice = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "absolute"), ("value", "450")])
        .await?;
    assert!(twice.body.contains("already a target for"), "one target a period: {}", twice.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert_eq!(m.name, "Young carers identified");
    assert_eq!(m.baseline.as_ref().map(|b| (b.period.code(), b.value)), Some(("2024-25".to_string(), 410.0)));
    assert!(m.suppress_small_numbers);
    assert_eq!(
        m.spc,
        SpcSettings {
            rebase_at: vec![Period::FinancialYear { year: 2025 }],
            fix_after: Some(12),
            screen_outliers: false,
            run_length: 6
        }
    );
    assert_eq!(m.targets.len(), 1);
    assert_eq!(m.targets[0].period.code(), "2026-27");
    assert!(matches!(m.targets[0].kind, TargetKind::FromBaseline { change_percent } if change_percent == 20.0));
    let listed = editor.get(&targets).await?;
    assert!(listed.body.contains("2026-27"), "{}", listed.body);
    // A target is changed in place; a change made on a stale version shows both and saves neither.
    let change = format!("{targets}/{}/edit", m.targets[0].id);
    let form = editor.get(&change).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"20\""), "the form holds the target: {}", form.body);
    let changed = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "1"), ("period", "2026-27"), ("type", "absolute"), ("value", "480")],
        )
        .await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let stale = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "1"), ("period", "2026-27"), ("type", "absolute"), ("value", "490")],
        )
        .await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stale.body.contains("Someone else changed this") && stale.body.contains("480") && stale.body.contains("490")
    );
    let outside = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "2"), ("period", "2040-41"), ("type", "absolute"), ("value", "480")],
        )
        .await?;
    assert!(outside.body.contains("<a href=\"#period\">") && outside.body.contains("outside the plan period"));
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert_eq!(m.targets.len(), 1, "changed, not added");
    assert!(matches!(m.targets[0].kind, TargetKind::Absolute { value } if value == 480.0));
    let viewer_token = Browser::token(&viewer.get("/").await?);
    assert_eq!(
        viewer
            .post(
                &change,
                &[
                    ("csrf_token", &viewer_token),
                    ("version", "2"),
                    ("period", "2026-27"),
                    ("type", "absolute"),
                    ("value", "1")
                ]
            )
            .await?
            .status,
        StatusCode::FORBIDDEN
    );
    let remove = format!("{targets}/{}/delete", m.targets[0].id);
    assert!(!viewer_token.is_empty());
    assert_eq!(viewer.post(&remove, &[("csrf_token", &viewer_token)]).await?.status, StatusCode::FORBIDDEN);
    let removed = editor.post(&remove, &[("csrf_token", &token)]).await?;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert!(m.targets.is_empty());
    Ok(())
}

/// The own figures of a measure, by period code.
async fn own_figures(db: &Db, measure: &str) -> Result<Vec<(String, Reading)>, Error> {
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == measure).ok_or("no measure")?;
    let mut figures: Vec<(String, Reading)> = m.data.iter().map(|d| (d.period.code(), d.value)).collect();
    figures.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(figures)
}

async fn editors_upload_a_file_check_what_it_changes_and_then_save_it(db: Db) -> TestResult {
    demo(&db).await?;
    let path = format!("/plans/{SLUG}/measures/cla-rate/import");
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&path).await?.status, StatusCode::FORBIDDEN);
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    let measure_page = editor.get(&format!("/plans/{SLUG}/measures/cla-rate")).await?;
    assert!(measure_page.body.contains(&format!("href=\"{path}\"")), "the measure page links the upload");
    let form = editor.get(&path).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("type=\"file\""));
    let token = Browser::token(&form);
    let before = own_figures(&db, "cla-rate").await?;

    // Without the form's token the upload is refused.
    let csv = "period,value\n2026-27,71.5\n".as_bytes();
    let forged = editor.upload(&path, &[("format", "csv")], "figures.csv", csv).await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // A bad cell is named by file, line and column beside the file field; nothing is kept.
    let bad = "period,value\n2026-27,71.5\n2027-28,lots\n".as_bytes();
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "figures.csv", bad).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("<a href=\"#file\">figures.csv, line 3, column 2:"), "{}", page.body);
    assert!(page.body.contains("id=\"file-error\""), "the error is beside the field too");
    // A figure the measure cannot hold is refused before any preview.
    let negative = "period,value\n2026-27,-4\n".as_bytes();
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "neg.csv", negative).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("neg.csv: Kelderby&#39;s figure for 2026-27"), "{}", page.body);
    // An EES file needs its figure's column.
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "ees")], "cla.csv", csv).await?;
    assert!(page.body.contains("<a href=\"#indicator\">"), "{}", page.body);
    assert_eq!(own_figures(&db, "cla-rate").await?, before, "nothing was written");

    // The measure's own template, one figure changed and one added: the preview says so, and
    // still nothing is written.
    let template = editor.get(&format!("/plans/{SLUG}/measures/cla-rate/template.csv")).await?;
    let (latest, _) = before.last().ok_or("no figures")?;
    let edited = template
        .body
        .lines()
        .map(|line| if line.starts_with(&format!("{latest},")) { format!("{latest},99,,,,") } else { line.to_string() })
        .chain(["2026-27,98,,,,".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    let read =
        editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "template.csv", edited.as_bytes()).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview_path = read.location.ok_or("no preview")?;
    let preview = editor.get(&preview_path).await?;
    assert_eq!(preview.status, StatusCode::OK);
    let unchanged = before.len() - 1;
    assert!(
        preview.body.contains(&format!(
            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\n    <td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\n    <td class=\"govuk-table__cell govuk-table__cell--numeric\">{unchanged}</td>"
        )),
        "1 new, 1 replaced, {unchanged} the same: {}",
        preview.body
    );
    assert!(preview.body.contains("99 per 10,000") && preview.body.contains(">Replaces<"));
    assert_eq!(own_figures(&db, "cla-rate").await?, before, "a preview writes nothing");
    // Someone else cannot see or confirm another's upload.
    let mut other = Browser::new(&db);
    other.sign_in("nadia.farouk@kelderby.example").await?;
    assert_eq!(other.get(&preview_path).await?.status, StatusCode::NOT_FOUND);
    let other_token = Browser::token(&other.get(&path).await?);
    assert_eq!(other.post(&preview_path, &[("csrf_token", &other_token)]).await?.status, StatusCode::NOT_FOUND);

    let saved = editor.post(&preview_path, &[("csrf_token", &token)]).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = own_figures(&db, "cla-rate").await?;
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&(latest.clone(), Reading::Number(99.0))));
    assert!(after.contains(&("2026-27".to_string(), Reading::Number(98.0))));
    assert_eq!(editor.get(&preview_path).await?.status, StatusCode::NOT_FOUND, "a saved upload is gone");

    // Cancelling forgets the file and writes nothing.
    let again = "period,value\n2026-27,10\n".as_bytes();
    let read = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "again.csv", again).await?;
    let preview_path = read.location.ok_or("no preview")?;
    let cancelled = editor.post(&format!("{preview_path}/cancel"), &[("csrf_token", &token)]).await?;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(own_figures(&db, "cla-rate").await?, after);
    assert_eq!(editor.get(&preview_path).await?.status, StatusCode::NOT_FOUND);

    // A real DfE file, with England, the region and the statistical neighbours in one step.
    let ees = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/public/dfe_ees/cla_number_and_rate_per_10k_children.csv");
    let Ok(bytes) = std::fs::read(&ees) else {
        eprintln!("SKIPPED the EES part of the upload test: {} is not there", ees.display());
        return Ok(());
    };
    let fields = [
        ("csrf_token", token.as_str()),
        ("format", "ees"),
        ("indicator", "rate_per_10000"),
        ("filters", "population_type=Children looked after on 31 March each year"),
        ("la_code", "354"),
    ];
    let read = editor.upload(&path, &fields, "cla.csv", &bytes).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview = editor.get(&read.location.ok_or("no preview")?).await?;
    for area in ["Kelderby</th>", "England</th>", "North West</th>", "Statistical neighbours</th>"] {
        assert!(preview.body.contains(area), "{area}: {}", preview.body);
    }
    Ok(())
}

async fn the_plan_downloads_as_documents_and_spreadsheets_for_each_audience(db: Db) -> TestResult {
    demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = Browser::new(&db);
    let home = public.get(&base).await?;
    assert!(home.body.contains(&format!("href=\"{base}/downloads/plan.pdf\"")), "the public site offers downloads");
    assert!(!home.body.contains("updates.csv"), "progress updates are not offered to the public");
    let pdf = public.get(&format!("{base}/downloads/plan.pdf")).await?;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-"));
    assert!(public.get(&format!("{base}/downloads/plan.docx")).await?.body.starts_with("PK"));
    assert!(public.get(&format!("{base}/downloads/plan.html")).await?.body.starts_with("<!DOCTYPE html>"));
    let csv = public.get(&format!("{base}/downloads/measures.csv")).await?;
    assert!(csv.body.starts_with("\u{feff}Measure,Unit,Area,Period,Value"), "{}", &csv.body[..80.min(csv.body.len())]);
    for refused in ["updates.csv", "secrets.txt", "..%2Fplan.pdf"] {
        assert_eq!(
            public.get(&format!("{base}/downloads/{refused}")).await?.status,
            StatusCode::NOT_FOUND,
            "{refused}"
        );
    }
    // The partnership's people get the current revision with the updates; others do not.
    let internal = format!("/plans/{SLUG}/downloads/updates.csv");
    assert_ne!(public.get(&internal).await?.status, StatusCode::OK, "not without signing in");
    let mut viewer = Browser::new(&db);
    viewer.sign_in("peter.hale@kelderby.example").await?;
    let plan = viewer.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains(&format!("href=\"/plans/{SLUG}/downloads/updates.csv\"")));
    let updates = viewer.get(&internal).await?;
    assert_eq!(updates.status, StatusCode::OK);
    assert!(updates.body.starts_with("\u{feff}Round,About,RAG"));
    // An admin of another partnership.
    let elsewhere = Partnership {
        id: PartnershipId::new(),
        slug: "elsewhere".into(),
        name: "Elsewhere Partnership".into(),
        area_name: "Elsewhere".into(),
        gss_code: "E08000009".into(),
        description: None,
        organisations: vec![],
        boards: vec![],
        comparator_groups: vec![],
        jargon: vec![],
    };
    let mut their_plan = cypp_demo::plan_file().current();
    their_plan.plan.id = PlanId::new();
    their_plan.plan.slug = "elsewhere-plan".into();
    their_plan.plan.revision_id = RevisionId::new();
    their_plan.plan.signoff_board = None;
    (their_plan.sections, their_plan.principles, their_plan.themes, their_plan.glossary, their_plan.items) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut tx = db.write().await?;
    cypp_store::plan_file::create(
        &mut tx,
        &PlanFile::new(elsewhere.clone(), their_plan, vec![], vec![], vec![]),
        &Actor::system("test"),
    )
    .await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser {
            email: "other@elsewhere.example",
            name: "O",
            role: Role::Admin,
            partnership: Some(elsewhere.id),
            password: PASSWORD,
        },
    )
    .await?;
    tx.commit().await?;
    let mut outsider = Browser::new(&db);
    outsider.sign_in("other@elsewhere.example").await?;
    assert_eq!(outsider.get(&internal).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

/// The value of a hidden field or option in a page, after `marker`.
fn field_after(body: &str, marker: &str, name: &str) -> Option<String> {
    let rest = body.split_once(marker)?.1;
    let key = format!("name=\"{name}\" value=\"");
    rest.split(&key).nth(1)?.split('"').next().map(String::from)
}

async fn admins_bring_in_a_plan_document_check_and_correct_it_then_save_it(db: Db) -> TestResult {
    demo(&db).await?;
    let doc = "# Wyreford Children and Young People's Plan 2025-28\n\nContents\n\nPriority 1 - Safe at home page 2\n\n\
        ## Priority 1 - Safe at home\n\nWhat are we planning to do/ actions?\n\n1. Open two family hubs.\n\n\
        How will we know we have made a difference?\n\n- Fewer children need a plan\n- Percentage of repeat plans\n\n\
        ## Priority 2 - Learning well\n\nActions\n\n- Train every school\n\n## Priority 3 - Learning well, continued\n\n\
        Actions\n\n- Visit every nursery\n\n![Picture: every child reading by seven](read.png)\n";
    let mut editor = Browser::new(&db);
    editor.sign_in("tom.brennan@kelderby.example").await?;
    assert_eq!(editor.get("/plans/import").await?.status, StatusCode::FORBIDDEN);

    let mut admin = Browser::new(&db);
    admin.sign_in("nadia.farouk@kelderby.example").await?;
    let home = admin.get("/").await?;
    assert!(home.body.contains("href=\"/plans/import\""), "the home page offers it to admins");
    let form = admin.get("/plans/import").await?;
    assert!(form.body.contains("type=\"file\"") && !form.body.contains("gss_code"));
    let token = Browser::token(&form);
    // A scanned PDF is refused in words, beside the file field.
    let scan = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "scan.pdf", b"%PDF-1.4\n%%EOF\n")
        .await?;
    assert_eq!(scan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(scan.body.contains("scan.pdf"), "{}", scan.body);
    let plans_before = plan_count(&db).await?;
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "markdown")], "wyreford.md", doc.as_bytes())
        .await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review_path = read.location.ok_or("no review")?;
    let review = admin.get(&review_path).await?;
    assert_eq!(review.status, StatusCode::OK);
    // The tree beside every line, each marked with where it went or why it was left out.
    assert!(review.body.contains("Priority 1 Safe at home") && review.body.contains("Open two family hubs."));
    assert!(review.body.contains("Left out: the contents"), "{}", review.body);
    assert!(review.body.contains(">Priority 1 › Actions<"), "{}", review.body);
    assert_eq!(plan_count(&db).await?, plans_before, "nothing is saved before it is confirmed");
    // Someone else cannot see it.
    assert_eq!(editor.get(&review_path).await?.status, StatusCode::FORBIDDEN);

    let id = review_path.trim_start_matches("/plans/import/").to_string();
    let change = format!("/plans/import/{id}/change");
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let token = Browser::token(&review);
    let item = |name: &str, body: &str| field_after(body, &format!(">{name}</h3>"), "item");
    let first = item("Priority 1 Safe at home", &review.body).ok_or("no priority 1")?;
    // The KPI that came in as a success statement is made a KPI.
    let moved = admin
        .post(
            &change,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("op", "move"),
                ("item", &first),
                ("entry_kind", "success"),
                ("index", "1"),
                ("to", &first),
                ("kind", "measure"),
            ],
        )
        .await?;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    // A form from before that change is refused, not applied on top of it.
    let stale = admin
        .post(&change, &[("csrf_token", &token), ("version", &version), ("op", "remove"), ("item", &first)])
        .await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("changed in another window"), "{}", stale.body);
    let review = admin.get(&review_path).await?;
    assert!(review.body.contains("Key performance indicator (1)"), "{}", review.body);
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    // Priority 3 is merged into priority 2, and the left-out line is put in as an action.
    let second = item("Priority 2 Learning well", &review.body).ok_or("no priority 2")?;
    let third = item("Priority 3 Learning well, continued", &review.body).ok_or("no priority 3")?;
    let merged = admin
        .post(
            &change,
            &[("csrf_token", &token), ("version", &version), ("op", "merge"), ("item", &third), ("to", &second)],
        )
        .await?;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    assert!(review.body.contains("Merged Priority 3 Learning well, continued into Priority 2 Learning well"));
    let renamed = admin
        .post(
            &change,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("op", "retitle"),
                ("item", &second),
                ("number", "2"),
                ("title", "Learning and growing"),
            ],
        )
        .await?;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    // Priority 2 is moved under priority 1 and back to the top.
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "move_item"),
        ("item", &second),
        ("under", &first),
    ];
    assert_eq!(admin.post(&change, &fields).await?.status, StatusCode::SEE_OTHER);
    let review = admin.get(&review_path).await?;
    assert!(
        review.body.contains("Moved Priority 2 Learning and growing under Priority 1 Safe at home"),
        "{}",
        review.body
    );
    assert!(review.body.contains("cypp-depth-1"), "it is shown one level down");
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "move_item"),
        ("item", &second),
        ("under", "top"),
    ];
    assert_eq!(admin.post(&change, &fields).await?.status, StatusCode::SEE_OTHER);
    // The picture's line was left out; the officer puts it in as a success statement.
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    assert!(review.body.contains("Left out: page furniture"), "{}", review.body);
    let line = field_after(&review.body, "Picture: every child reading by seven", "line").ok_or("no line form")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "add_line"),
        ("line", &line),
        ("to", &second),
        ("kind", "success"),
    ];
    let added = admin.post(&change, &fields).await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    // A correction that cannot be made says why, and changes nothing.
    let review = admin.get(&review_path).await?;
    assert!(
        review.body.contains("You put it in Priority 2 Learning and growing › How we will know"),
        "{}",
        review.body
    );
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "retitle"),
        ("item", &second),
        ("number", ""),
        ("title", " "),
    ];
    let refused = admin.post(&change, &fields).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Enter the item&#39;s title"), "{}", refused.body);

    // Saved: the plan is there with the corrections, and the review is gone.
    let review = admin.get(&review_path).await?;
    let saved = admin
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Wyreford Children and Young People's Plan 2025-28"),
                ("slug", "wyreford-2025-28"),
                ("level_names", "Priority"),
            ],
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/plans/wyreford-2025-28"));
    assert!(review.body.contains("Renamed Priority 2 Learning well to Priority 2 Learning and growing"));
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, "wyreford-2025-28").await?;
    tx.rollback().await?;
    assert_eq!(file.partnership.id, cypp_demo::plan_file().partnership.id, "it is the admin's partnership's plan");
    assert_eq!(file.plan.status, PlanStatus::Draft);
    let titles: Vec<&str> = file.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Safe at home", "Learning and growing"]);
    assert_eq!(
        file.items[1].actions.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        vec!["Train every school", "Visit every nursery"]
    );
    assert_eq!(file.items[0].measures.len(), 1);
    assert_eq!(file.items[1].success_statements.len(), 1, "the line put in by hand");
    assert_eq!(admin.get(&review_path).await?.status, StatusCode::NOT_FOUND, "the review is forgotten once saved");

    // A system-wide admin brings a plan in for a new partnership, whose details are checked
    // before the review (which cannot change them).
    let mut tx = db.write().await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "root@cypp.example", name: "Root", role: Role::Admin, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;
    let mut root = Browser::new(&db);
    root.sign_in("root@cypp.example").await?;
    let form = root.get("/plans/import").await?;
    assert!(form.body.contains("name=\"gss_code\""), "a new partnership's details are asked for");
    let token = Browser::token(&form);
    let partnership =
        [("partnership_name", "Wyreford Partnership"), ("partnership_slug", "wyreford"), ("area_name", "Wyreford")];
    let mut fields = vec![("csrf_token", token.as_str()), ("format", "markdown"), ("gss_code", "not a code")];
    fields.extend(partnership);
    let bad = root.upload("/plans/import", &fields, "wyreford.md", doc.as_bytes()).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"gss_code-error\""), "{}", bad.body);
    fields[2] = ("gss_code", "E06000099");
    let read = root.upload("/plans/import", &fields, "wyreford.md", doc.as_bytes()).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review_path = read.location.ok_or("no review")?;
    let saved = root
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Wyreford Plan 2025-28"),
                ("slug", "wyreford-plan"),
                ("level_names", "Priority"),
            ],
        )
        .await?;
    assert_eq!(saved.location.as_deref(), Some("/plans/wyreford-plan"), "{}", saved.body);
    assert!(root.get("/").await?.body.contains("Wyreford Partnership"));
    Ok(())
}

async fn plan_count(db: &Db) -> Result<usize, Error> {
    let mut tx = db.read().await?;
    let partnerships = cypp_store::catalogue::list(&mut tx).await?;
    tx.rollback().await?;
    Ok(partnerships.iter().map(|p| p.plans.len()).sum())
}

db_test!(
    admins_bring_in_a_plan_document_check_and_correct_it_then_save_it,
    the_plan_downloads_as_documents_and_spreadsheets_for_each_audience,
    editors_upload_a_file_check_what_it_changes_and_then_save_it,
    editors_define_measures_and_set_their_targets,
    editors_type_in_a_single_figure_checked_against_the_measure,
    a_measure_page_shows_its_chart_judgement_and_every_figure,
    admins_start_new_plans_as_drafts,
    the_dashboard_shows_rag_by_priority_who_has_not_updated_and_the_scorecard,
    the_jargon_buster_and_other_lists_are_edited_through_forms,
    editors_add_move_and_delete_items_and_actions_and_others_cannot,
    the_annual_refresh_is_a_draft_until_published_and_its_changes_can_be_seen,
    signing_in_starts_a_session_and_signing_out_ends_it,
    a_form_posted_without_its_csrf_token_is_refused,
    a_viewer_cannot_change_anything,
    a_lead_changes_only_what_they_lead,
    an_edit_on_a_stale_version_shows_both_and_loses_neither,
    form_errors_are_summarised_and_the_input_is_kept,
    the_published_site_shows_the_plan_to_everyone,
    a_draft_is_never_shown_to_the_public,
);
