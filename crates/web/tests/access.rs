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
    /// An admin of the whole system, of no one partnership.
    SystemAdmin,
}

use Persona::*;

const PERSONAS: [Persona; 8] = [Anonymous, Viewer, TheLead, Editor, Admin, OtherEditor, OtherAdmin, SystemAdmin];

/// Those outside the demonstration's partnership.
const OUTSIDERS: [Persona; 3] = [Anonymous, OtherEditor, OtherAdmin];

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
    let member = matches!(persona, Viewer | TheLead | Editor | Admin | SystemAdmin);
    let editor = matches!(persona, Editor | Admin | SystemAdmin);
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
        Access::Admin => refused(matches!(persona, Admin | OtherAdmin | SystemAdmin)),
        Access::PlanMember => refused(member),
        // The item and action in the address are led by someone other than the lead.
        // No persona is the officer of a board, so only editors review.
        Access::PlanEditor | Access::ListEditor | Access::Updater | Access::Reviewer => refused(editor),
        Access::PlanAdmin => refused(matches!(persona, Admin | SystemAdmin)),
    }
}

struct Probe {
    db: Db,
    /// A person of the demonstration partnership (the viewer), for `{person}`.
    person: String,
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
        let response = router(AppState::new(self.db.clone())).oneshot(request.body(Body::from(body))?).await?;
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
    people.push((SystemAdmin, app.add_person("root@system.example", Role::Admin, None).await?));
    let person = people.iter().find(|(p, _)| *p == Viewer).map(|(_, u)| u.id.to_string()).ok_or("the viewer")?;
    let mut probe = Probe { db: db.clone(), person, sessions: Vec::new() };
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
fn fill(path: &str, file: &PlanFile, id: Option<&str>, person: &str) -> Result<String, Error> {
    let not_led = |lead: Option<&Lead>| lead.and_then(|l| l.email.as_deref()) != Some(LEAD_EMAIL);
    let items: Vec<&PlanItem> = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    let item = items.iter().find(|i| not_led(i.officer_lead.as_ref())).ok_or("an item the lead does not lead")?;
    let action =
        items.iter().flat_map(|i| &i.actions).find(|a| not_led(a.lead.as_ref())).ok_or("an action led by another")?;
    let measure = file.measures.iter().find(|m| !m.targets.is_empty()).ok_or("a measure with a target")?;
    let theme = file.themes.first().ok_or("a cross-cutting theme")?;
    // The open round (a public edition has none: it holds only the accepted updates put on the
    // public site, of rounds that may have closed), an
    // item and an action it asks about that the lead does not lead, and a submitted update.
    let open = file.rounds.iter().find(|r| r.status == RoundStatus::Open);
    let round = open.map_or_else(|| uuid::Uuid::new_v4().to_string(), |r| r.id.to_string());
    let ids = Identities::of(file);
    let asks = open.map(|r| r.asks(&file.items, &ids)).unwrap_or_default();
    let asked_item = items.iter().find(|i| asks.contains(&Ask::Item(i.id)) && not_led(i.officer_lead.as_ref()));
    let asked_action =
        items.iter().flat_map(|i| &i.actions).find(|a| asks.contains(&Ask::Action(a.id)) && not_led(a.lead.as_ref()));
    let submitted = open.and_then(|r| r.updates.iter().find(|u| u.status == UpdateStatus::Submitted));
    let in_round = path.contains("{round}");
    let (item, action) = match (in_round, asked_item, asked_action) {
        (true, Some(i), Some(a)) => (*i, a),
        (true, ..) if open.is_none() => (*item, action),
        (true, ..) => return Err("the open round should ask about an item and an action the lead does not lead".into()),
        _ => (*item, action),
    };
    // A milestone's address needs an action that has one.
    let action = if path.contains("{milestone}") {
        items
            .iter()
            .flat_map(|i| &i.actions)
            .find(|a| not_led(a.lead.as_ref()) && !a.milestones.is_empty())
            .ok_or("an action led by another, with a milestone")?
    } else {
        action
    };
    let milestone = action.milestones.first().map(|m| m.id.to_string()).unwrap_or_default();
    let update = submitted.map_or_else(|| uuid::Uuid::new_v4().to_string(), |u| u.id.to_string());
    let record = |real: String| id.map(str::to_string).unwrap_or(real);
    let mut filled = path.to_string();
    for (name, value) in [
        ("{slug}", file.plan.slug.clone()),
        ("{partnership}", file.partnership.slug.clone()),
        ("{plan}", file.plan.slug.clone()),
        ("{file}", "actions.csv".to_string()),
        ("{report}", "highlight.html".to_string()),
        ("{kind}", "themes".to_string()),
        ("{item}", record(item.id.to_string())),
        ("{action}", record(action.id.to_string())),
        ("{measure}", id.map(str::to_string).unwrap_or_else(|| measure.slug.clone())),
        ("{target}", record(measure.targets[0].id.to_string())),
        ("{entry}", record(theme.id.to_string())),
        ("{milestone}", record(milestone)),
        (
            "{comparator}",
            record(file.partnership.comparator_groups.first().map(|c| c.id.to_string()).unwrap_or_default()),
        ),
        ("{round}", record(round)),
        ("{update}", record(update)),
        ("{person}", record(person.to_string())),
        ("{token}", "0".repeat(64)),
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
        let path = fill(route.path, &file, None, &probe.person)?;
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
        let names_a_record = [
            "{item}",
            "{action}",
            "{measure}",
            "{target}",
            "{milestone}",
            "{comparator}",
            "{entry}",
            "{draft}",
            "{upload}",
            "{round}",
            "{update}",
            "{person}",
        ]
        .iter()
        .any(|name| route.path.contains(name));
        if !names_a_record {
            continue;
        }
        // The admin passes every rule, so only the id can be at fault.
        for id in &ids {
            let path = fill(route.path, &file, Some(id), &probe.person)?;
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

/// Everything anyone outside the partnership can fetch: every GET address of the table
/// (filled in from what they may see), every measure's page and every download, as each
/// outsider. Sign-in and password pages are left out: they carry a fresh random token each time.
async fn outside_view(probe: &Probe, file: &PlanFile) -> Result<Vec<(String, String)>, Error> {
    let public = file.public_edition().ok_or("a published revision")?;
    let mut paths = Vec::new();
    for route in routes().iter().filter(|r| {
        r.method == Method::GET && !r.path.starts_with("/sign-in") && !r.path.starts_with("/password-reset")
    }) {
        paths.push(fill(route.path, &public, None, &probe.person)?);
    }
    let slug = &file.plan.slug;
    let base = format!("/p/{}/{slug}", file.partnership.slug);
    for measure in &file.measures {
        paths.push(format!("/plans/{slug}/measures/{}", measure.slug));
        paths.push(format!("{base}/measures/{}", measure.slug));
    }
    for item in file.items.iter().chain(&public.items).flat_map(|i| i.walk()) {
        paths.push(format!("{base}/items/{}", item.1.id));
    }
    for name in ["plan.pdf", "plan.docx", "plan.html", "plan.xlsx", "actions.csv", "measures.csv", "updates.csv"] {
        paths.push(format!("/plans/{slug}/downloads/{name}"));
        paths.push(format!("{base}/downloads/{name}"));
    }
    let mut seen = Vec::new();
    for persona in OUTSIDERS {
        for path in &paths {
            let answer = probe.send(persona, &Method::GET, path).await?;
            seen.push((format!("{persona:?} GET {path}"), format!("{}\n{}", answer.status, answer.body)));
        }
    }
    Ok(seen)
}

/// A percentage of the demonstration whose measure suppresses small numbers, and its latest
/// figure made into one the public sees as "c": all but `rest` of the total.
fn hidden_figure(file: &PlanFile, rest: f64) -> Result<(&Measure, DataPoint), Error> {
    let measure = file
        .measures
        .iter()
        .find(|m| m.suppress_small_numbers && m.unit == Unit::Percent && m.data.iter().any(|p| p.denominator.is_some()))
        .ok_or("a percentage that suppresses small numbers")?;
    let latest = measure.data.iter().filter(|p| p.denominator.is_some()).max_by_key(|p| p.period).ok_or("a figure")?;
    let total = latest.denominator.unwrap_or_default();
    let point = DataPoint {
        value: Reading::Number((1000.0 * (total - rest) / total).round() / 10.0),
        numerator: Some(total - rest),
        ..latest.clone()
    };
    assert_ne!(measure.published(&point), point.value, "the figure is hidden in public");
    Ok((measure, point))
}

async fn nothing_unpublished_or_suppressed_reaches_anyone_outside_the_partnership(db: Db) -> TestResult {
    let (file, probe) = setup(&db).await?;
    let actor = cypp_store::Actor::system("test");
    let (measure, hidden) = hidden_figure(&file, 3.0)?;
    let mut tx = db.write().await?;
    cypp_store::edit::record_data_point(&mut tx, &actor, measure.id, None, &hidden).await?;
    tx.commit().await?;
    let before = outside_view(&probe, &file).await?;
    let member_page = format!("/plans/{}/measures/{}", file.plan.slug, measure.slug);
    let member_before = probe.send(Viewer, &Method::GET, &member_page).await?.body;

    // A refresh in draft with an item and a measure of its own, and the hidden figure changed
    // to another that is just as hidden: none of it may change what an outsider can fetch.
    let mut tx = db.write().await?;
    let draft = cypp_store::edit::start_refresh(&mut tx, &actor, file.plan.id, None).await?;
    let item = PlanItem::new("Unpublished priority from the draft refresh");
    cypp_store::tree::add_item(&mut tx, &actor, draft, None, &item).await?;
    let secret = Measure::new(
        MeasureId::new(),
        "draft-only",
        "Unpublished draft measure",
        Unit::Count,
        PeriodType::FinancialYear,
    );
    cypp_store::edit::add_measure(&mut tx, &actor, file.plan.id, &secret).await?;
    let (_, changed) = hidden_figure(&file, 2.0)?;
    cypp_store::edit::record_data_point(&mut tx, &actor, measure.id, None, &changed).await?;
    tx.commit().await?;
    let mut tx = db.read().await?;
    let now = cypp_store::plan_file::export(&mut tx, &file.plan.slug).await?;
    tx.rollback().await?;

    // The partnership's own people see all of it, so the test would notice a leak.
    let member = probe.send(Viewer, &Method::GET, &format!("/plans/{}", file.plan.slug)).await?.body;
    assert!(member.contains(&item.title), "the draft's item is shown to its partnership");
    assert_ne!(probe.send(Viewer, &Method::GET, &member_page).await?.body, member_before, "members see the new figure");

    let after = outside_view(&probe, &now).await?;
    assert_eq!(
        before.len(),
        after.len() - 3 * 3,
        "the same addresses, and the draft measure's two pages and one more item"
    );
    let mut leaks = Vec::new();
    for (what, body) in &after {
        for secret in [item.title.as_str(), secret.name.as_str(), "draft-only"] {
            if body.contains(secret) {
                leaks.push(format!("{what} shows \"{secret}\""));
            }
        }
    }
    let earlier: std::collections::HashMap<&str, &str> =
        before.iter().map(|(what, body)| (what.as_str(), body.as_str())).collect();
    for (what, body) in &after {
        if let Some(was) = earlier.get(what.as_str())
            && *was != body
        {
            leaks.push(format!("{what} changed when only unpublished and hidden things did"));
        }
    }
    assert!(leaks.is_empty(), "{} outputs gave something away:\n{}", leaks.len(), leaks.join("\n"));
    Ok(())
}

db_test!(
    nothing_unpublished_or_suppressed_reaches_anyone_outside_the_partnership,
    controls_are_shown_only_to_those_the_rules_let_use_them,
    every_route_answers_each_visitor_as_its_access_rule_says,
    ids_that_do_not_parse_or_belong_to_no_record_of_the_plan_are_not_found,
    a_lead_updates_what_they_lead_and_nothing_else,
);
