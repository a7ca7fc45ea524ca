//! Reporting rounds in the web app: an admin makes one, chooses what it asks for, opens it
//! (refused while another is open), closes and reopens it; others may only look.

use super::*;

/// The hidden `version` of the first form on a page.
fn version(body: &str) -> String {
    body.split("name=\"version\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string()
}

fn round_form<'a>(name: &'a str, asked: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", name),
        ("period", "Q3 2026-27"),
        ("opens_on_day", "5"),
        ("opens_on_month", "1"),
        ("opens_on_year", "2027"),
        ("due_on_day", "29"),
        ("due_on_month", "1"),
        ("due_on_year", "2027"),
    ];
    fields.extend(asked.iter().map(|a| ("asked", *a)));
    fields
}

async fn an_admin_runs_a_round_from_making_it_to_reopening_it(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let rounds = format!("/plans/{SLUG}/rounds");
    let list = admin.get(&rounds).await?;
    assert!(list.body.contains("Q2 2026-27") && list.body.contains("4 of 10"), "{}", list.body);

    // The new round's form ticks every item and action that has a lead.
    let new = admin.get(&format!("{rounds}/new")).await?;
    let ticked = new.body.matches(" checked").count();
    let with_leads: usize = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(_, i)| usize::from(i.officer_lead.is_some()) + i.actions.iter().filter(|a| a.lead.is_some()).count())
        .sum();
    assert_eq!(ticked, with_leads, "every item and action with a lead is ticked");

    // Nothing chosen, no dates: each problem is named beside its field.
    let token = new.token();
    let mut blank = vec![("csrf_token", token.as_str()), ("version", "0"), ("name", "Q3 2026-27")];
    blank.extend([("period", "someday")]);
    let refused = admin.post(&format!("{rounds}/new"), &blank).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["Choose at least one item or action", "Enter the date", "is not a period cypp recognises"] {
        assert!(refused.body.contains(message), "{message}");
    }

    // The round asks two priorities' leads.
    // Each box names its item by identity, the id it had in the plan's first revision.
    let ids = Identities::of(&file);
    let priority = |i: usize| format!("item:{}", ids.item(file.items[0].items[i].id));
    let (first, second) = (priority(0), priority(1));
    let mut fields = vec![("csrf_token", token.as_str()), ("version", "0")];
    fields.extend(round_form("Q3 2026-27", &[&first, &second]));
    let made = admin.post(&format!("{rounds}/new"), &fields).await?;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page_url = made.location.clone().ok_or("no address for the round")?;
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("Planned") && page.body.contains("0 of 2"), "{}", page.body);
    assert!(page.body.contains(&file.items[0].items[1].title.replace('\'', "&#39;")));

    // Opening it while Q2 is open is refused in words; after Q2 closes it opens.
    let open = |body: &str, to: &'static str| {
        let token = Page { status: StatusCode::OK, location: None, body: body.to_string() }.token();
        (token, version(body), to)
    };
    let (token, v, to) = open(&page.body, "open");
    let status = format!("{page_url}/status");
    let refused = admin.post(&status, &[("csrf_token", &token), ("version", &v), ("to", to)]).await?;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("The round &#34;Q2 2026-27&#34; is open: close it before opening"),
        "{}",
        refused.body
    );
    let q2 = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("the open round")?;
    let q2_page = admin.get(&format!("{rounds}/{}", q2.id)).await?;
    let (token, v, _) = open(&q2_page.body, "closed");
    let closed = admin
        .post(&format!("{rounds}/{}/status", q2.id), &[("csrf_token", &token), ("version", &v), ("to", "closed")])
        .await?;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let page = admin.get(&page_url).await?;
    let (token, v, _) = open(&page.body, "open");
    let opened = admin.post(&status, &[("csrf_token", &token), ("version", &v), ("to", "open")]).await?;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains(">Open</strong>") && page.body.contains("Close the round"), "{}", page.body);

    // The dashboard follows the open round.
    let dashboard = admin.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(dashboard.body.contains("Q3 2026-27: open, updates due 29 January 2027"), "{}", dashboard.body);
    assert!(dashboard.body.contains("0 of 2 updates accepted"), "{}", dashboard.body);

    // Changed, then closed: a closed round is kept as it was.
    let edit = admin.get(&format!("{page_url}/edit")).await?;
    assert!(edit.body.contains(&format!("value=\"{first}\" checked")), "what it asks is ticked");
    let (token, v) = (edit.token(), version(&edit.body));
    let mut fields = vec![("csrf_token", token.as_str()), ("version", v.as_str())];
    fields.extend(round_form("Q3 2026-27 (extended)", &[&first]));
    let changed = admin.post(&format!("{page_url}/edit"), &fields).await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    // Another change from the form as it was first opened: both versions are shown, nothing
    // is saved over the first.
    let mut fields = vec![("csrf_token", token.as_str()), ("version", v.as_str())];
    fields.extend(round_form("Q3 2026-27 (shortened)", &[&first]));
    let stale = admin.post(&format!("{page_url}/edit"), &fields).await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Someone else changed this"), "{}", stale.body);
    assert!(stale.body.contains("Q3 2026-27 (extended)") && stale.body.contains("Q3 2026-27 (shortened)"));
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("Q3 2026-27 (extended)") && page.body.contains("0 of 1"));
    let (token, v, _) = open(&page.body, "closed");
    admin.post(&status, &[("csrf_token", &token), ("version", &v), ("to", "closed")]).await?;
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("Reopen the round") && !page.body.contains("Change the round"));
    let edit = admin.get(&format!("{page_url}/edit")).await?;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    Ok(())
}

async fn only_admins_manage_rounds_and_everyone_in_the_partnership_sees_them(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = &file.rounds[0];
    for email in ["tom.brennan@kelderby.example", "sam.okafor@kelderby.example", "peter.hale@kelderby.example"] {
        let mut person = app.signed_in(email).await?;
        let page = person.get(&format!("/plans/{SLUG}/rounds/{}", round.id)).await?;
        assert_eq!(page.status, StatusCode::OK, "{email}");
        assert!(!page.body.contains("Reopen the round") && !page.body.contains("Change the round"), "{email}");
        let list = person.get(&format!("/plans/{SLUG}/rounds")).await?;
        assert!(!list.body.contains("Make a round"), "{email}");
        assert_eq!(person.get(&format!("/plans/{SLUG}/rounds/new")).await?.status, StatusCode::FORBIDDEN);
    }
    let mut public = app.browser();
    let page = public.get(&format!("/plans/{SLUG}/rounds/{}", round.id)).await?;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "sign in first");
    Ok(())
}

db_test!(
    an_admin_runs_a_round_from_making_it_to_reopening_it,
    only_admins_manage_rounds_and_everyone_in_the_partnership_sees_them,
);

async fn officers_see_who_has_updated_by_organisation_and_lead_and_the_reminders_due(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let page = editor.get(&format!("/plans/{SLUG}/rounds/{}/chasing", round.id)).await?;
    assert_eq!(page.status, StatusCode::OK);
    let (when, days) = cypp_domain::period::days_left(round.due_on, chrono::Utc::now().date_naive());
    assert!(page.body.contains(&format!("Updates are due by 4 December 2026 ({when})")), "{}", page.body);
    // The returned SEND update is still to give, under its lead.
    let returned = round.updates.iter().find(|u| u.status == UpdateStatus::Returned).ok_or("a returned update")?;
    let email = returned.author_email.clone().ok_or("the lead's email")?;
    let table = page.body.split(&format!("({email}): ")).nth(1).ok_or("the lead's table")?;
    assert!(table.starts_with("1 still to give") || table.contains("still to give"), "{table}");
    assert!(table.split("</table>").next().unwrap_or_default().contains(">Returned</strong>"));
    let reminders = page.body.split(">Reminders</h2>").nth(1).ok_or("no reminders section")?;
    if (0..=7).contains(&days) || days < 0 {
        assert!(
            reminders.contains("Email is not set up, so nothing is sent") && reminders.contains(&email),
            "{reminders}"
        );
    } else {
        assert!(reminders.contains("No reminder is due now"));
    }
    // A lead cannot see it.
    let mut lead = app.signed_in("sam.okafor@kelderby.example").await?;
    let refused = lead.get(&format!("/plans/{SLUG}/rounds/{}/chasing", round.id)).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    Ok(())
}

db_test!(officers_see_who_has_updated_by_organisation_and_lead_and_the_reminders_due,);

/// The committee form's fields, with `summary` and `finance` as given.
fn committee_form<'a>(token: &'a str, version: &'a str, summary: &'a str, finance: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("version", version),
        ("meeting", "Children and Young People's Partnership Board"),
        ("meeting_on_day", "14"),
        ("meeting_on_month", "1"),
        ("meeting_on_year", "2027"),
        ("title", ""),
        ("directorate", "Children's Services"),
        ("summary", summary),
        ("recommendations", "The board receives the report.\n\nThe board asks for a recovery plan on attendance."),
        ("proposals", ""),
        ("finance", finance),
        ("risks", "Recruitment to school support teams may slip."),
        ("implications", "None beyond the plan's own."),
        ("background_papers", "The plan, 2026 refresh."),
        ("contact", "Tom Brennan, Head of Early Help, tom.brennan@kelderby.example"),
    ]
}

async fn an_editor_writes_the_committee_report_around_the_leads_words_and_each_save_is_kept(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let page_url = format!("/plans/{SLUG}/rounds/{}/report", round.id);
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let form = editor.get(&page_url).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Still to write: Meeting, Date of the meeting, Directorate, Summary"), "{}", form.body);
    let (token, v) = (form.token(), version(&form.body));

    // A date that is not one is named beside its field; nothing is saved.
    let mut wrong = committee_form(&token, &v, "First summary.", "No new costs.");
    wrong.retain(|(k, _)| *k != "meeting_on_month");
    wrong.push(("meeting_on_month", "13"));
    let refused = editor.post(&page_url, &wrong).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("govuk-error-summary"), "{}", refused.body);

    let saved = editor.post(&page_url, &committee_form(&token, &v, "First summary.", "No new costs.")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let again = editor.get(&page_url).await?;
    assert!(again.body.contains("First summary.") && again.body.contains("Every part is written"), "{}", again.body);
    assert!(again.body.contains("Last saved by tom.brennan@kelderby.example"), "{}", again.body);

    // Someone else saves from the form as it was first opened: both are shown, nothing lost.
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let theirs = admin.get(&page_url).await?.token();
    let stale = admin.post(&page_url, &committee_form(&theirs, &v, "Another summary.", "No new costs.")).await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Someone else changed this"), "{}", stale.body);
    assert!(stale.body.contains("First summary.") && stale.body.contains("Another summary."));

    // A second save keeps the first as a version; both are in the round's history.
    let (token, v) = (again.token(), version(&again.body));
    let second =
        editor.post(&page_url, &committee_form(&token, &v, "Second summary.", "£20,000 from the grant.")).await?;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let mut tx = db.read().await?;
    let stored = cypp_store::rounds::get(&mut tx, file.plan.id, round.id).await?.value;
    tx.rollback().await?;
    let report = stored.report.ok_or("the report is saved with the round")?;
    assert_eq!(report.text.summary.as_deref(), Some("Second summary."));
    assert_eq!(report.text.recommendations.len(), 2, "one a line, blank lines dropped");
    assert_eq!(report.versions.len(), 1);
    assert_eq!(report.versions[0].text.summary.as_deref(), Some("First summary."));
    let history = editor.get(&format!("/plans/{SLUG}/history?record={}", round.id)).await?;
    assert_eq!(history.body.matches("Wrote the committee report of the round").count(), 2, "{}", history.body);

    // The report carries the officer's words around the leads' accepted updates.
    let html = editor.get(&format!("/plans/{SLUG}/rounds/{}/reports/progress.html", round.id)).await?;
    assert_eq!(html.status, StatusCode::OK);
    for words in
        ["Second summary.", "(ii) The board asks for a recovery plan on attendance.", "£20,000 from the grant."]
    {
        assert!(html.body.contains(words), "{words}");
    }
    let accepted = round.updates.iter().find(|u| u.status == UpdateStatus::Accepted).ok_or("an accepted update")?;
    let words = accepted.working_well.clone().ok_or("what is working well")?;
    assert!(html.body.contains(&words.replace('\'', "&#39;")), "the lead's words: {words}");
    for format in ["pdf", "docx"] {
        let file = editor.get(&format!("/plans/{SLUG}/rounds/{}/reports/progress.{format}", round.id)).await?;
        assert_eq!(file.status, StatusCode::OK, "{format}");
    }

    // Leads and viewers read the reports but do not write them.
    for email in ["sam.okafor@kelderby.example", "peter.hale@kelderby.example"] {
        let mut person = app.signed_in(email).await?;
        assert_eq!(person.get(&page_url).await?.status, StatusCode::FORBIDDEN, "{email}");
        let token = person.get(&format!("/plans/{SLUG}/rounds/{}", round.id)).await?.token();
        let posted = person.post(&page_url, &committee_form(&token, "3", "Mine.", "")).await?;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{email}");
    }
    Ok(())
}

db_test!(an_editor_writes_the_committee_report_around_the_leads_words_and_each_save_is_kept,);
