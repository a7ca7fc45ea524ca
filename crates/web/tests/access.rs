//! Every route in `cypp_web::routes()` is requested as each kind of visitor, and the answer
//! must be what the route's access rule in the table says: the router is built from the table,
//! so a route cannot exist without a rule, and this test fails when a handler does not enforce
//! the rule written beside it. Ids in the address that do not parse, or that belong to no record
//! of the plan, are a page not found for everyone.

use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode, header};
use cypp_domain::*;
use cypp_store::Db;
use cypp_store::sessions;
use cypp_store::users;
use cypp_testkit::{Error, TestApp, TestResult, db_test};
use cypp_web::{Access, AppState, SESSION_COOKIE, router, routes};
use tower::ServiceExt;

/// The demonstration's lead: the plan names them on some actions.
const LEAD_EMAIL: &str = "sam.okafor@kelderby.example";

/// Who is asking.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Persona {
    Anonymous,
    Viewer,
    /// A lead, asking about work someone else leads.
    TheLead,
    Editor,
    Admin,
    /// An editor and an admin of another partnership.
    OtherEditor,
    OtherAdmin,
}

use Persona::*;

const PERSONAS: [Persona; 7] = [Anonymous, Viewer, TheLead, Editor, Admin, OtherEditor, OtherAdmin];

/// What the rule says should happen.
#[derive(Debug, PartialEq)]
enum Expect {
    /// Sent to sign in.
    SignIn,
    /// 403, "You cannot do this".
    Forbidden,
    /// Anything but a refusal.
    Allowed,
}

fn expected(access: Access, persona: Persona) -> Expect {
    let member = matches!(persona, Viewer | TheLead | Editor | Admin);
    let editor = matches!(persona, Editor | Admin);
    let refused = |allowed: bool| if allowed { Expect::Allowed } else { Expect::Forbidden };
    if persona == Anonymous {
        return match access {
            // The demonstration plan is published, so its current revision is public.
            Access::Anyone | Access::PlanReader => Expect::Allowed,
            _ => Expect::SignIn,
        };
    }
    match access {
        Access::Anyone | Access::SignedIn | Access::PlanReader => Expect::Allowed,
        Access::Admin => refused(matches!(persona, Admin | OtherAdmin)),
        Access::PlanMember => refused(member),
        // The item and action in the address are led by someone other than the lead.
        Access::PlanEditor | Access::ListEditor | Access::Updater => refused(editor),
        Access::PlanAdmin => refused(persona == Admin),
    }
}

struct Probe {
    db: Db,
    /// Each persona's session cookie and CSRF token.
    sessions: Vec<(Persona, String, String)>,
}

struct Answer {
    status: StatusCode,
    location: String,
    body: String,
}

impl Probe {
    async fn send(&self, persona: Persona, method: &Method, path: &str) -> Result<Answer, Error> {
        let mut request = Request::builder().method(method.clone()).uri(path);
        let mut body = String::new();
        if let Some((_, token, csrf)) = self.sessions.iter().find(|(p, _, _)| *p == persona) {
            request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={token}"));
            body = format!("csrf_token={csrf}");
        }
        if method == Method::POST {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let response = router(AppState { db: self.db.clone() }).oneshot(request.body(Body::from(body))?).await?;
        let status = response.status();
        let location =
            response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let bytes = to_bytes(response.into_body(), 64 * 1024 * 1024).await?;
        Ok(Answer { status, location, body: String::from_utf8_lossy(&bytes).into_owned() })
    }
}

fn outcome(answer: &Answer) -> Expect {
    if answer.status == StatusCode::SEE_OTHER && answer.location.starts_with("/sign-in") {
        Expect::SignIn
    } else if answer.status == StatusCode::FORBIDDEN && answer.body.contains("You cannot do this") {
        Expect::Forbidden
    } else {
        Expect::Allowed
    }
}

/// The demonstration partnership with a person of each role, another partnership with an admin
/// and an editor, and a session for each.
async fn setup(db: &Db) -> Result<(PlanFile, Probe), Error> {
    let (app, file) = TestApp::demo(db).await?;
    let elsewhere = app.another_partnership().await?;
    // The demonstration's own people for its partnership; two new ones for the other.
    let mut people = Vec::new();
    for (persona, role) in [(Viewer, Role::Viewer), (TheLead, Role::Lead), (Editor, Role::Editor), (Admin, Role::Admin)]
    {
        let email = cypp_demo::users().into_iter().find(|u| u.role == role).ok_or("a demonstration role")?.email;
        let mut tx = db.read().await?;
        let user = users::find_by_email(&mut tx, &email).await?.ok_or("a demonstration person")?;
        tx.rollback().await?;
        people.push((persona, user));
    }
    for (persona, email) in [(OtherEditor, "editor@elsewhere.example"), (OtherAdmin, "admin@elsewhere.example")] {
        let role = if persona == OtherEditor { Role::Editor } else { Role::Admin };
        people.push((persona, app.add_person(email, role, Some(elsewhere.id)).await?));
    }
    let mut probe = Probe { db: db.clone(), sessions: Vec::new() };
    for (persona, user) in people {
        let mut tx = db.write().await?;
        let (token, session) = sessions::create(&mut tx, &user).await?;
        tx.commit().await?;
        probe.sessions.push((persona, token, session.csrf_token));
    }
    Ok((file, probe))
}

/// The address with each `{name}` filled in from the demonstration plan, or with `id` for the
/// record ids when given.
fn fill(path: &str, file: &PlanFile, id: Option<&str>) -> Result<String, Error> {
    let not_led = |lead: Option<&Lead>| lead.and_then(|l| l.email.as_deref()) != Some(LEAD_EMAIL);
    let items: Vec<&PlanItem> = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    let item = items.iter().find(|i| not_led(i.officer_lead.as_ref())).ok_or("an item the lead does not lead")?;
    let action =
        items.iter().flat_map(|i| &i.actions).find(|a| not_led(a.lead.as_ref())).ok_or("an action led by another")?;
    let measure = file.measures.iter().find(|m| !m.targets.is_empty()).ok_or("a measure with a target")?;
    let theme = file.themes.first().ok_or("a cross-cutting theme")?;
    let record = |real: String| id.map(str::to_string).unwrap_or(real);
    let mut filled = path.to_string();
    for (name, value) in [
        ("{slug}", file.plan.slug.clone()),
        ("{partnership}", file.partnership.slug.clone()),
        ("{plan}", file.plan.slug.clone()),
        ("{file}", "actions.csv".to_string()),
        ("{kind}", "themes".to_string()),
        ("{item}", record(item.id.to_string())),
        ("{action}", record(action.id.to_string())),
        ("{measure}", id.map(str::to_string).unwrap_or_else(|| measure.slug.clone())),
        ("{target}", record(measure.targets[0].id.to_string())),
        ("{entry}", record(theme.id.to_string())),
        ("{draft}", record(uuid::Uuid::new_v4().to_string())),
        ("{upload}", record(uuid::Uuid::new_v4().to_string())),
    ] {
        filled = filled.replace(name, &value);
    }
    if filled.contains('{') {
        return Err(format!("the test does not know how to fill in {path}").into());
    }
    Ok(filled)
}

async fn every_route_answers_each_visitor_as_its_access_rule_says(db: Db) -> TestResult {
    let (file, probe) = setup(&db).await?;
    let mut wrong = Vec::new();
    let mut checked = 0;
    for route in routes() {
        let path = fill(route.path, &file, None)?;
        for persona in PERSONAS {
            let expect = expected(route.access, persona);
            // A POST someone may make would change the plan under the other probes; a refused
            // one changes nothing.
            if route.method == Method::POST && expect == Expect::Allowed {
                continue;
            }
            let answer = probe.send(persona, &route.method, &path).await?;
            let got = outcome(&answer);
            checked += 1;
            if got != expect {
                wrong.push(format!(
                    "{} {} as {persona:?} ({:?}): expected {expect:?}, got {} {}",
                    route.method, route.path, route.access, answer.status, answer.location
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {checked} answers broke their route's rule:\n{}", wrong.len(), wrong.join("\n"));
    assert!(checked > 300, "only {checked} requests were made");
    Ok(())
}

async fn ids_that_do_not_parse_or_belong_to_no_record_of_the_plan_are_not_found(db: Db) -> TestResult {
    let (file, probe) = setup(&db).await?;
    let ids = ["not-an-id".to_string(), uuid::Uuid::new_v4().to_string()];
    let mut wrong = Vec::new();
    for route in routes() {
        let names_a_record = ["{item}", "{action}", "{measure}", "{target}", "{entry}", "{draft}", "{upload}"]
            .iter()
            .any(|name| route.path.contains(name));
        if !names_a_record {
            continue;
        }
        // The admin passes every rule, so only the id can be at fault.
        for id in &ids {
            let path = fill(route.path, &file, Some(id))?;
            let answer = probe.send(Admin, &route.method, &path).await?;
            if answer.status != StatusCode::NOT_FOUND {
                wrong.push(format!("{} {path}: {}", route.method, answer.status));
            }
        }
    }
    assert!(wrong.is_empty(), "not answered 404:\n{}", wrong.join("\n"));
    Ok(())
}

async fn a_lead_updates_what_they_lead_and_nothing_else(db: Db) -> TestResult {
    let (file, probe) = setup(&db).await?;
    let actions: Vec<&Action> = file.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| &i.actions).collect();
    let led_by = |a: &&&Action| a.lead.as_ref().and_then(|l| l.email.as_deref()) == Some(LEAD_EMAIL);
    let mine = actions.iter().find(led_by).ok_or("an action the lead leads")?;
    let theirs = actions.iter().find(|a| !led_by(a)).ok_or("an action someone else leads")?;
    let slug = &file.plan.slug;
    let page = probe.send(TheLead, &Method::GET, &format!("/plans/{slug}/actions/{}/edit", mine.id)).await?;
    assert_eq!(page.status, StatusCode::OK);
    let page = probe.send(TheLead, &Method::GET, &format!("/plans/{slug}/actions/{}/edit", theirs.id)).await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // The refusal knows who is signed in.
    let name = cypp_demo::users().into_iter().find(|u| u.email == LEAD_EMAIL).ok_or("the lead")?.name;
    assert!(page.body.contains("Sign out") && page.body.contains(&name), "{}", page.body);
    assert!(!page.body.contains("href=\"/sign-in\""), "{}", page.body);
    // Deleting is for editors, even of what the lead leads.
    let page = probe.send(TheLead, &Method::GET, &format!("/plans/{slug}/actions/{}/delete", mine.id)).await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    Ok(())
}

async fn controls_are_shown_only_to_those_the_rules_let_use_them(db: Db) -> TestResult {
    let (file, probe) = setup(&db).await?;
    let slug = &file.plan.slug;
    let measure = &file.measures[0].slug;
    let dashboard = format!("/plans/{slug}/dashboard");
    let add_measure = format!("href=\"/plans/{slug}/measures/new\"");
    assert!(probe.send(Editor, &Method::GET, &dashboard).await?.body.contains(&add_measure));
    for persona in [Viewer, TheLead, OtherEditor] {
        let page = probe.send(persona, &Method::GET, &dashboard).await?;
        assert!(!page.body.contains(&add_measure), "{persona:?} is offered a measure to add");
        let page = probe.send(persona, &Method::GET, &format!("/plans/{slug}/measures/{measure}")).await?;
        assert!(
            !page.body.contains("/figures/new") && !page.body.contains("cypp import"),
            "{persona:?}: {}",
            page.body
        );
        let page = probe.send(persona, &Method::GET, &format!("/plans/{slug}")).await?;
        assert!(!page.body.contains("/delete\"") && !page.body.contains("/settings\""), "{persona:?}");
    }
    // Another partnership's editor reads the published plan but is offered nothing to change.
    let page = probe.send(OtherEditor, &Method::GET, &format!("/plans/{slug}")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/edit\"") && !page.body.contains("/revisions\""), "{}", page.body);
    Ok(())
}

db_test!(
    controls_are_shown_only_to_those_the_rules_let_use_them,
    every_route_answers_each_visitor_as_its_access_rule_says,
    ids_that_do_not_parse_or_belong_to_no_record_of_the_plan_are_not_found,
    a_lead_updates_what_they_lead_and_nothing_else,
);
