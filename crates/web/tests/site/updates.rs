//! The reporting cycle as its people meet it: a lead sees what the open round asks of them,
//! saves a draft and submits; an officer returns it with a comment; the lead submits again; the
//! officer accepts; the dashboard follows. And what is refused: another's item, a closed
//! round, a `javascript:` link, a save over someone else's.

use super::*;

const LEAD: &str = "sam.okafor@kelderby.example";

pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    body.split(&marker).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string()
}

/// The update form's fields, with `intent` "draft" or "submit".
fn update_fields<'a>(token: &'a str, version: &'a str, intent: &'a str, worried: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("version", version),
        ("rag", "amber"),
        ("action_status", "at_risk"),
        ("working_well", "Walkabouts held on 4 and 11 December with 23 young people."),
        ("worried_about", worried),
        ("next_steps", "Findings to the board in February."),
        ("evidence_1_title", "Walkabout findings"),
        ("evidence_1_url", "https://kelderby.example/safe-places"),
        ("intent", intent),
    ]
}

async fn a_lead_reports_an_officer_returns_and_accepts_and_the_dashboard_follows(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let ids = Identities::of(&file);
    let asks = round.asks(&file.items, &ids);
    let mine = actions(&file)
        .into_iter()
        .find(|a| asks.contains(&Ask::Action(a.id)) && a.lead.as_ref().and_then(|l| l.email.as_deref()) == Some(LEAD))
        .ok_or("an action the round asks the lead about")?;
    let mut lead = app.signed_in(LEAD).await?;

    // Your updates: only what the round asks of this lead.
    let mine_page = lead.get(&format!("/plans/{SLUG}/my-updates")).await?;
    assert_eq!(mine_page.status, StatusCode::OK);
    assert!(mine_page.body.contains("Q2 2026-27: updates are due by 4 December 2026"), "{}", mine_page.body);
    let form_path = format!("/plans/{SLUG}/rounds/{}/actions/{}/update", round.id, mine.id);
    assert!(mine_page.body.contains(&form_path), "the lead's action is listed");
    // The lead also leads a priority the round asks about: that, and nothing else.
    let theirs_too = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .filter(|(_, i)| {
            asks.contains(&Ask::Item(i.id)) && i.officer_lead.as_ref().and_then(|l| l.email.as_deref()) == Some(LEAD)
        })
        .count();
    assert_eq!(theirs_too, 1);
    // Beside the priority's form: what was said about it in the round before.
    let priority = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(_, i)| i)
        .find(|i| {
            asks.contains(&Ask::Item(i.id)) && i.officer_lead.as_ref().and_then(|l| l.email.as_deref()) == Some(LEAD)
        })
        .ok_or("the lead's priority")?;
    let priority_form = lead.get(&format!("/plans/{SLUG}/rounds/{}/items/{}/update", round.id, priority.id)).await?;
    assert!(priority_form.body.contains("What you said in Q1 2026-27"), "{}", priority_form.body);
    assert!(priority_form.body.contains("The exploitation hub is fully staffed"));
    assert_eq!(mine_page.body.matches("<li class=\"govuk-task-list__item").count(), 2, "and nothing else");

    // The form: what is asked, the figures beside it, the meaning of each RAG.
    let form = lead.get(&form_path).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Red: off track") && form.body.contains("The latest figures"), "{}", form.body);
    let (token, version) = (form.token(), hidden(&form.body, "version"));

    // A javascript: link is refused beside its field, and nothing is saved.
    let mut bad = update_fields(&token, &version, "submit", "Police availability.");
    bad.retain(|(k, _)| *k != "evidence_1_url");
    bad.push(("evidence_1_url", "javascript:alert(1)"));
    let refused = lead.post(&form_path, &bad).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("href=\"#evidence_1_url\""), "{}", refused.body);
    assert!(refused.body.contains("starts with https://"));

    // A draft, then a submission.
    let draft = lead.post(&form_path, &update_fields(&token, &version, "draft", "First thoughts.")).await?;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let form = lead.get(&form_path).await?;
    assert!(form.body.contains("First thoughts.") && form.body.contains(">Draft</strong>"));
    let version = hidden(&form.body, "version");
    let worried = "Police availability for evening walkabouts.";
    let sent = lead.post(&form_path, &update_fields(&token, &version, "submit", worried)).await?;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // The officer returns it with a comment; returning needs one.
    let mut officer = app.signed_in("tom.brennan@kelderby.example").await?;
    let update = {
        let mut tx = db.read().await?;
        let now = cypp_store::plan_file::export(&mut tx, SLUG).await?;
        tx.rollback().await?;
        let ids = Identities::of(&now);
        let r = now.rounds.iter().find(|r| r.id == round.id).ok_or("the round")?;
        r.update_on(Ask::Action(mine.id), &ids).ok_or("the lead's update")?.id
    };
    let page_path = format!("/plans/{SLUG}/rounds/{}/updates/{update}", round.id);
    let review = format!("{page_path}/review");
    let page = officer.get(&page_path).await?;
    assert!(page.body.contains(worried) && page.body.contains("Walkabout findings"), "{}", page.body);
    let (token, v) = (page.token(), hidden(&page.body, "version"));
    let no_comment = officer.post(&review, &[("csrf_token", &token), ("version", &v), ("decision", "return")]).await?;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_comment.body.contains("Say what the lead should change"));
    let comment = "Please give the number of places found unsafe.";
    let returned = officer
        .post(&review, &[("csrf_token", &token), ("version", &v), ("decision", "return"), ("comment", comment)])
        .await?;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);

    // The lead sees the comment and submits again; the officer accepts.
    let mine_page = lead.get(&format!("/plans/{SLUG}/my-updates")).await?;
    assert!(mine_page.body.contains(comment) && mine_page.body.contains(">Returned</strong>"));
    let form = lead.get(&form_path).await?;
    assert!(form.body.contains(comment));
    let version = hidden(&form.body, "version");
    let again = "Police availability; 6 of 14 places were found unsafe.";
    let sent = lead.post(&form_path, &update_fields(&lead_token(&form), &version, "submit", again)).await?;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = officer.get(&page_path).await?;
    let v = hidden(&page.body, "version");
    let accepted = officer.post(&review, &[("csrf_token", &token), ("version", &v), ("decision", "accept")]).await?;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);

    // Every version is kept and shown, newest first.
    let page = officer.get(&page_path).await?;
    let versions = page.body.split("Every version, newest first").nth(1).ok_or("no versions")?;
    let events: Vec<&str> = ["Accepted:", "Submitted:", "Returned:", "Submitted:", "Saved as a draft:"].to_vec();
    let mut rest = versions;
    for event in events {
        let at = rest.find(event).ok_or(format!("{event} is missing or out of order"))?;
        rest = &rest[at + event.len()..];
    }
    assert!(versions.contains(worried) && versions.contains(again), "both submissions are kept");

    // The dashboard counts it, and an accepted update is settled.
    let dashboard = officer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(dashboard.body.contains("2 of 10 updates accepted"), "the board reads it once accepted");
    let form = lead.get(&form_path).await?;
    let version = hidden(&form.body, "version");
    let settled =
        lead.post(&form_path, &update_fields(&lead_token(&form), &version, "submit", "Changed my mind")).await?;
    assert_eq!(settled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(settled.body.contains("has been accepted"));
    Ok(())
}

fn lead_token(page: &Page) -> String {
    page.token()
}

async fn a_new_update_counts_once_submitted_and_two_saves_never_overwrite_each_other(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let ids = Identities::of(&file);
    // A priority nobody has started on, updated by an editor on its lead's behalf.
    let item = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(_, i)| i)
        .find(|i| {
            round.asks(&file.items, &ids).contains(&Ask::Item(i.id)) && round.update_on(Ask::Item(i.id), &ids).is_none()
        })
        .ok_or("a priority not started")?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/rounds/{}/items/{}/update", round.id, item.id);
    let form = editor.get(&path).await?;
    let token = form.token();
    let mut fields = update_fields(&token, "0", "submit", "Waiting lists.");
    fields.retain(|(k, _)| *k != "action_status");
    assert_eq!(editor.post(&path, &fields).await?.status, StatusCode::SEE_OTHER);
    let dashboard = editor.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(
        dashboard.body.contains("1 of 10 updates accepted, 4 more submitted and waiting for review"),
        "the new update is counted as given, waiting for review: {}",
        dashboard.body
    );

    // Two people open it at version 1; the second save shows both and keeps the typing.
    let mut other = app.signed_in("nadia.farouk@kelderby.example").await?;
    let theirs_form = other.get(&path).await?;
    let v = hidden(&theirs_form.body, "version");
    let other_token = theirs_form.token();
    let mut first = update_fields(&other_token, &v, "submit", "Saved first.");
    first.retain(|(k, _)| *k != "action_status");
    assert_eq!(other.post(&path, &first).await?.status, StatusCode::SEE_OTHER);
    let mut second = update_fields(&token, &v, "submit", "Saved second.");
    second.retain(|(k, _)| *k != "action_status");
    let clash = editor.post(&path, &second).await?;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clash.body.contains("Someone else changed this") && clash.body.contains("Saved first."));
    assert!(clash.body.contains("Saved second."), "the second person's words are kept in the form");
    Ok(())
}

async fn what_is_not_yours_or_not_open_is_refused(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let open = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let closed = file.rounds.iter().find(|r| r.status == RoundStatus::Closed).ok_or("a closed round")?;
    let ids = Identities::of(&file);
    let mut lead = app.signed_in(LEAD).await?;
    // A priority the lead does not lead: 403, to look or to post.
    let theirs = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(_, i)| i)
        .find(|i| open.asks(&file.items, &ids).contains(&Ask::Item(i.id)))
        .ok_or("an asked priority")?;
    let path = format!("/plans/{SLUG}/rounds/{}/items/{}/update", open.id, theirs.id);
    assert_eq!(lead.get(&path).await?.status, StatusCode::FORBIDDEN);
    let token = lead.get(&format!("/plans/{SLUG}/my-updates")).await?.token();
    let posted = lead.post(&path, &update_fields(&token, "0", "submit", "Not mine")).await?;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);

    // An update to a closed round is refused in words, with 409.
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/rounds/{}/items/{}/update", closed.id, theirs.id);
    let token = editor.get(&format!("/plans/{SLUG}/rounds")).await?.token();
    let late = editor.post(&path, &update_fields(&token, "1", "submit", "Too late")).await?;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("This round is closed"), "{}", late.body);
    // A closed round stays readable, unchanged.
    let page = editor.get(&format!("/plans/{SLUG}/rounds/{}", closed.id)).await?;
    assert!(page.body.contains("8 of 8") && page.body.contains(">Accepted</strong>"));
    // A draft is its author's and the officers' only.
    let draft = open.updates.iter().find(|u| u.status == UpdateStatus::Draft).ok_or("a draft in the demo")?;
    let viewer = app.signed_in("peter.hale@kelderby.example").await;
    let page = viewer?.get(&format!("/plans/{SLUG}/rounds/{}/updates/{}", open.id, draft.id)).await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    Ok(())
}

db_test!(
    a_lead_reports_an_officer_returns_and_accepts_and_the_dashboard_follows,
    a_new_update_counts_once_submitted_and_two_saves_never_overwrite_each_other,
    what_is_not_yours_or_not_open_is_refused,
);

/// Where in the plan file's current revision the update is: under which board.
fn board_of(file: &PlanFile, update: &Update) -> Option<BoardId> {
    cypp_domain::identity::lead_board_of(file, update)
}

async fn a_boards_officer_reviews_the_updates_on_what_their_board_leads_and_no_others(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let submitted: Vec<&Update> = round.updates.iter().filter(|u| u.status == UpdateStatus::Submitted).collect();
    let first = submitted.first().ok_or("a submitted update")?;
    let board = board_of(&file, first).ok_or("a board leads it")?;
    // The extractor refuses before the update's state is looked at, so any update will do.
    let other = round.updates.iter().find(|u| board_of(&file, u) != Some(board)).ok_or("another board's update")?;
    let officer = app.add_person("rhona.mcleod@kelderby.example", Role::Lead, Some(file.partnership.id)).await?;

    // Before the admin names her the board's officer, she may not review.
    let mut rhona = app.signed_in("rhona.mcleod@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/rounds/{}/updates/{}", round.id, first.id);
    let page = rhona.get(&path).await?;
    assert!(!page.body.contains("/review\""), "no review form for her yet");
    let token = page.token();
    let accept = [("csrf_token", token.as_str()), ("version", "1"), ("decision", "accept")];
    assert_eq!(rhona.post(&format!("{path}/review"), &accept).await?.status, StatusCode::FORBIDDEN);

    // The admin names her as the board's officer in the list of boards.
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let edit = format!("/plans/{SLUG}/lists/boards/{board}/edit");
    let form = admin.get(&edit).await?;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let name = file.partnership.boards.iter().find(|b| b.id == board).map(|b| b.name.clone()).ok_or("the board")?;
    let description = file.partnership.boards.iter().find(|b| b.id == board).and_then(|b| b.description.clone());
    let fields = |email: &str| {
        vec![
            ("csrf_token".to_string(), form.token()),
            ("version".to_string(), hidden(&form.body, "version")),
            ("name".to_string(), name.clone()),
            ("description".to_string(), description.clone().unwrap_or_default()),
            ("officer_email".to_string(), email.to_string()),
        ]
    };
    let bad = admin.post_owned(&edit, &fields("rhona at kelderby")).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter an email address in the right form"), "{}", bad.body);
    let saved = admin.post_owned(&edit, &fields("Rhona.McLeod@Kelderby.example")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // Now she reviews that board's updates, and only those.
    let page = rhona.get(&path).await?;
    assert!(page.body.contains("/review\""), "the review form: {}", page.body);
    let version = hidden(&page.body, "version");
    let accept = [("csrf_token", page.token()), ("version", version), ("decision", "accept".to_string())];
    let accepted = rhona.post_owned(&format!("{path}/review"), &accept.map(|(k, v)| (k.to_string(), v))).await?;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let after = now.rounds.iter().flat_map(|r| &r.updates).find(|u| u.id == first.id).ok_or("the update")?;
    assert_eq!(after.status, UpdateStatus::Accepted);
    assert_eq!(after.review.as_ref().map(|r| r.by.as_str()), Some(officer.email.as_str()));
    let path = format!("/plans/{SLUG}/rounds/{}/updates/{}/review", round.id, other.id);
    let accept = [("csrf_token", token.as_str()), ("version", "1"), ("decision", "accept")];
    assert_eq!(rhona.post(&path, &accept).await?.status, StatusCode::FORBIDDEN, "another board's update");
    Ok(())
}

db_test!(a_boards_officer_reviews_the_updates_on_what_their_board_leads_and_no_others,);
