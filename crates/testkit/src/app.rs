//! [`TestApp`]: the real router on a test database, with the demonstration partnership and
//! its people, and [`Browser`]s that keep their cookies, sign in as a person or a role, and
//! post forms with the CSRF token of the page they came from, as a person at a browser would.

use std::collections::HashMap;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use cypp_domain::{Partnership, PartnershipId, PlanFile, PlanId, RevisionId, Role, User};
use cypp_store::users::{self, NewUser};
use cypp_store::{Actor, Db};
use cypp_web::{AppState, router};
use tower::ServiceExt;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Every demonstration person's password in tests.
pub const PASSWORD: &str = "a test password for cypp";

/// The app on one database.
#[derive(Clone)]
pub struct TestApp {
    pub db: Db,
    /// Email, for the tests that send it to a receiver they start.
    pub mail: Option<std::sync::Arc<cypp_web::mail::Mailer>>,
    /// The pages this app server keeps for anonymous visitors: one app server, one cache. A
    /// second `TestApp::new` on the same database is a second server.
    pub pages: std::sync::Arc<cypp_web::cache::PageCache>,
}

impl TestApp {
    /// The app on `db` as it is: nothing added.
    pub fn new(db: &Db) -> TestApp {
        TestApp { db: db.clone(), mail: None, pages: Default::default() }
    }

    /// The app on `db` with the demonstration plan and its people, each with [`PASSWORD`].
    pub async fn demo(db: &Db) -> Result<(TestApp, PlanFile), Error> {
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
        Ok((TestApp::new(db), file))
    }

    /// Another partnership, "Elsewhere", with a draft plan `elsewhere-plan` of its own: for
    /// checking that nothing of one partnership reaches the people of another.
    pub async fn another_partnership(&self) -> Result<Partnership, Error> {
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
        let mut tx = self.db.write().await?;
        let file = PlanFile::new(elsewhere.clone(), their_plan, vec![], vec![], vec![]);
        cypp_store::plan_file::create(&mut tx, &file, &Actor::system("test")).await?;
        tx.commit().await?;
        Ok(elsewhere)
    }

    /// A person with `role` in `partnership` (none: system-wide), whose password is [`PASSWORD`].
    pub async fn add_person(&self, email: &str, role: Role, partnership: Option<PartnershipId>) -> Result<User, Error> {
        let mut tx = self.db.write().await?;
        let new = NewUser { email, name: email, role, partnership, password: PASSWORD };
        let user = users::add(&mut tx, &Actor::system("test"), new).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// A browser that has not signed in.
    pub fn browser(&self) -> Browser {
        Browser { db: self.db.clone(), mail: self.mail.clone(), pages: self.pages.clone(), cookies: HashMap::new() }
    }

    /// A browser signed in as `email`, whose password is [`PASSWORD`].
    pub async fn signed_in(&self, email: &str) -> Result<Browser, Error> {
        let mut browser = self.browser();
        browser.sign_in(email).await?;
        Ok(browser)
    }

    /// A browser signed in as the demonstration's first person with `role`.
    pub async fn signed_in_as(&self, role: Role) -> Result<Browser, Error> {
        let email = cypp_demo::users()
            .into_iter()
            .find(|u| u.role == role)
            .map(|u| u.email)
            .ok_or_else(|| format!("the demonstration has no one with the role {role:?}"))?;
        self.signed_in(&email).await
    }
}

/// A browser: keeps cookies between requests.
pub struct Browser {
    db: Db,
    mail: Option<std::sync::Arc<cypp_web::mail::Mailer>>,
    pages: std::sync::Arc<cypp_web::cache::PageCache>,
    cookies: HashMap<String, String>,
}

/// What came back.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    /// The body as text; downloads such as workbooks are kept lossily, enough to recognise them.
    pub body: String,
}

impl Page {
    /// The CSRF token in the page's forms, or "" when it has none.
    pub fn token(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        self.body.split(marker).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_string()
    }
}

impl Browser {
    /// The same browser, with its cookies, talking to another app server.
    pub fn on(&self, server: &TestApp) -> Browser {
        Browser {
            db: server.db.clone(),
            mail: server.mail.clone(),
            pages: server.pages.clone(),
            cookies: self.cookies.clone(),
        }
    }

    pub async fn send(&mut self, request: Request<Body>) -> Result<Page, Error> {
        let state = AppState { db: self.db.clone(), mail: self.mail.clone(), pages: self.pages.clone() };
        let response = router(state).oneshot(request).await?;
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
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Ok(Page { status, location, body })
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Result<Page, Error> {
        let request = Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty())?;
        self.send(request).await
    }

    /// Posts a form as a browser sends it, `application/x-www-form-urlencoded`.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<Page, Error> {
        let body = serde_urlencoded::to_string(fields)?;
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))?;
        self.send(request).await
    }

    /// [`Browser::post`] for fields built as owned strings.
    pub async fn post_owned(&mut self, path: &str, fields: &[(String, String)]) -> Result<Page, Error> {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post(path, &pairs).await
    }

    /// Opens the form at `form`, then posts `fields` to `to` with the form's CSRF token added.
    pub async fn submit(&mut self, form: &str, to: &str, fields: &[(&str, &str)]) -> Result<Page, Error> {
        let token = self.get(form).await?.token();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(to, &all).await
    }

    /// Posts a form with a file, as a browser sends it: `multipart/form-data`.
    pub async fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Page, Error> {
        self.upload_files(path, fields, &[("file", file_name, bytes)]).await
    }

    /// Posts a form with several files, each as (field, file name, bytes).
    pub async fn upload_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Result<Page, Error> {
        const BOUNDARY: &str = "----cypp-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        for (field, file_name, bytes) in files {
            body.extend(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{BOUNDARY}--\r\n").bytes());
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))?;
        self.send(request).await
    }

    /// Signs in through the sign-in form with [`PASSWORD`]; fails the test if that is refused.
    pub async fn sign_in(&mut self, email: &str) -> Result<(), Error> {
        let token = self.get("/sign-in").await?.token();
        let page = self.post("/sign-in", &[("csrf_token", &*token), ("email", email), ("password", PASSWORD)]).await?;
        if page.status != StatusCode::SEE_OTHER || page.location.as_deref() != Some("/") {
            return Err(format!("signing in as {email} gave {}: {}", page.status, page.body).into());
        }
        Ok(())
    }

    /// Sets a cookie as a visitor could, whatever the app set.
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }

    /// The value of a cookie the app set, if it did.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }
}
