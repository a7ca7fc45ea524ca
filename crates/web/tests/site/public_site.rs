//! The published plan: what the public sees, what it never sees, the annual refresh, and the downloads.

use super::*;

async fn the_published_site_shows_the_plan_to_everyone(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = app.browser();
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
    let mut public = TestApp::new(&db).browser();
    let base = format!("/p/kelderby/{SLUG}");
    let on_a_page = public.get(&format!("{base}/on-a-page")).await?;
    assert!(on_a_page.body.contains("Early help for families"), "revision 1's wording");
    assert!(!on_a_page.body.contains("Help families earlier, in their own communities"), "not the draft's");
    // The plan's own page shows the public the published revision, never the draft.
    let plan = public.get(&format!("/plans/{SLUG}")).await?;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.body.contains("Early help for families"), "revision 1's wording");
    assert!(!plan.body.contains("Help families earlier, in their own communities"), "not the draft's");
    // The list of plans names the published revision, to the public and to a person signed
    // in to another partnership alike.
    let entry = |body: &str| {
        let start = body.find(&format!("href=\"/plans/{SLUG}\"")).unwrap_or(body.len());
        let rest = &body[start..];
        rest[..rest.find("</li>").unwrap_or(rest.len())].to_string()
    };
    let home = public.get("/").await?;
    assert!(entry(&home.body).contains("revision 1<"), "{}", entry(&home.body));
    let app = TestApp::new(&db);
    let elsewhere = app.another_partnership().await?;
    app.add_person("someone@elsewhere.example", Role::Viewer, Some(elsewhere.id)).await?;
    let mut outsider = app.signed_in("someone@elsewhere.example").await?;
    let home = outsider.get("/").await?;
    assert!(entry(&home.body).contains("revision 1"), "{}", entry(&home.body));
    assert!(!entry(&home.body).contains("revision 2"), "{}", entry(&home.body));
    Ok(())
}

async fn the_annual_refresh_is_a_draft_until_published_and_its_changes_can_be_seen(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains("Start the annual refresh"));
    let token = plan.token();

    // A viewer may not start it.
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let viewer_token = viewer.get("/").await?.token();
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
    // What children and young people asked is kept: actions answer it.
    let asked = priority.young_people_asked.join("\n");
    let saved = editor
        .post(
            &path,
            &[
                ("csrf_token", &form.token()),
                ("version", "1"),
                ("title", "Help every family early"),
                ("number", "1.1"),
                ("young_people_asked", &asked),
            ],
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
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
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(public.body.contains("Help every family early"), "the published refresh is what the public sees");
    // A step that is not allowed is refused, and says so.
    let refused = editor
        .post(&format!("/plans/{SLUG}/status"), &[("csrf_token", &token), ("version", "99"), ("status", "draft")])
        .await?;
    assert_eq!(refused.location.as_deref(), Some(format!("/plans/{SLUG}?status=refused").as_str()));
    Ok(())
}

async fn the_plan_downloads_as_documents_and_spreadsheets_for_each_audience(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = app.browser();
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
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let plan = viewer.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains(&format!("href=\"/plans/{SLUG}/downloads/updates.csv\"")));
    let updates = viewer.get(&internal).await?;
    assert_eq!(updates.status, StatusCode::OK);
    assert!(updates.body.starts_with("\u{feff}Round,About,RAG"));
    // An admin of another partnership.
    let elsewhere = app.another_partnership().await?;
    app.add_person("other@elsewhere.example", Role::Admin, Some(elsewhere.id)).await?;
    let mut outsider = app.signed_in("other@elsewhere.example").await?;
    assert_eq!(outsider.get(&internal).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

db_test!(
    the_published_site_shows_the_plan_to_everyone,
    a_draft_is_never_shown_to_the_public,
    the_annual_refresh_is_a_draft_until_published_and_its_changes_can_be_seen,
    the_plan_downloads_as_documents_and_spreadsheets_for_each_audience,
);

async fn an_edit_to_the_published_revision_is_listed_with_who_made_it(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let action = actions(&file)[2];
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let revisions = format!("/plans/{SLUG}/revisions");
    let before = editor.get(&revisions).await?;
    assert!(before.body.contains("since it was published on"), "{}", before.body);
    assert!(!before.body.contains("Reworded in public view"));

    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let token = editor.get(&path).await?.token();
    let fields = action_fields(action, 1, &token, "Reworded in public view");
    assert_eq!(editor.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);

    // The public sees it at once, and the revisions page says who changed it.
    let on_a_page = app.browser().get(&format!("/p/kelderby/{SLUG}/items/{}", item_of(&file, action.id)?)).await?;
    assert!(on_a_page.body.contains("Reworded in public view"));
    let after = editor.get(&revisions).await?;
    let table = after.body.split("Changes since publication, newest first").nth(1).ok_or("no list of changes")?;
    let row = table.split("</tr>").nth(1).unwrap_or_default();
    let title = action.title.replace('\'', "&#39;").replace('"', "&#34;");
    assert!(row.contains("tom.brennan@kelderby.example") && row.contains(&title), "{row}");
    Ok(())
}

fn item_of(file: &PlanFile, action: ActionId) -> Result<ItemId, Error> {
    let items: Vec<&PlanItem> = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    Ok(items.iter().find(|i| i.actions.iter().any(|a| a.id == action)).ok_or("the action's item")?.id)
}

/// Two app servers on one database: public pages are kept for anonymous visitors by each, and
/// a change made on one shows at once on every page that shows it, on both; a session works on
/// both; two saves of one record at once, one on each, end in one success and one conflict.
async fn two_app_servers_keep_pages_share_sessions_and_never_lose_an_edit(db: Db) -> TestResult {
    let (one, file) = TestApp::demo(&db).await?;
    let two = TestApp::new(&db);
    let action = actions(&file)[2];
    let base = format!("/p/kelderby/{SLUG}");
    let pages = [
        format!("{base}/items/{}", item_of(&file, action.id)?),
        format!("{base}/downloads/actions.csv"),
        format!("{base}/downloads/plan.html"),
    ];
    let (mut on_one, mut on_two) = (one.browser(), two.browser());
    for page in &pages {
        for browser in [&mut on_one, &mut on_two] {
            let first = browser.get(page).await?;
            assert_eq!(first.status, StatusCode::OK, "{page}");
            assert!(first.body.contains(&action.title.replace('\'', "&#39;")) || first.body.contains(&action.title));
            assert_eq!(browser.get(page).await?.body, first.body, "kept and served again: {page}");
        }
    }
    assert_eq!((one.pages.len(), two.pages.len()), (pages.len(), pages.len()), "each server keeps its own");
    // Signed-in people are never served a kept page.
    let mut editor = one.signed_in("tom.brennan@kelderby.example").await?;
    let signed_in = editor.get(&pages[0]).await?;
    assert!(signed_in.body.contains("Sign out"), "{}", signed_in.body);
    // A change on the first server.
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let token = editor.get(&path).await?.token();
    let fields = action_fields(action, 1, &token, "Reworded after it was kept");
    assert_eq!(editor.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);
    for page in &pages {
        for (server, browser) in [("the first", &mut on_one), ("the second", &mut on_two)] {
            let now = browser.get(page).await?;
            assert!(now.body.contains("Reworded after it was kept"), "{page} on {server} server is stale");
        }
    }
    // A sign-in changes nothing shown: what is kept stays kept.
    let kept = one.pages.len();
    one.signed_in("sam.okafor@kelderby.example").await?;
    on_one.get(&pages[0]).await?;
    assert_eq!(one.pages.len(), kept);
    // The session made on the first server works on the second, and two people saving the
    // same action at the same moment, one on each server, end in one save and one conflict.
    let mut admin_on_one = one.signed_in("nadia.farouk@kelderby.example").await?;
    let mut admin_on_two = admin_on_one.on(&two);
    assert!(admin_on_two.get(&path).await?.body.contains("Reworded after it was kept"), "signed in on both");
    let mut editor_on_two = two.signed_in("tom.brennan@kelderby.example").await?;
    let (token_one, token_two) = (admin_on_one.get(&path).await?.token(), editor_on_two.get(&path).await?.token());
    let first = action_fields(action, 2, &token_one, "Saved on the first server");
    let second = action_fields(action, 2, &token_two, "Saved on the second server");
    let (a, b) = tokio::join!(admin_on_one.post_owned(&path, &first), editor_on_two.post_owned(&path, &second));
    let mut statuses = [a?.status, b?.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY], "one saves, one is told");
    let saved = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let title = saved.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| &i.actions).find(|a| a.id == action.id);
    assert!(title.is_some_and(|a| a.title.starts_with("Saved on the")), "{title:?}");
    Ok(())
}

db_test!(
    an_edit_to_the_published_revision_is_listed_with_who_made_it,
    two_app_servers_keep_pages_share_sessions_and_never_lose_an_edit,
);

async fn the_public_see_each_item_s_latest_progress_only_as_an_admin_put_it_there(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let ids = Identities::of(&file);
    let (q1, q2) = (&file.rounds[0], &file.rounds[1]);
    let mut public = app.browser();

    // Q1's updates were put on the public site: their summaries and ratings are there, the
    // leads' other words are not.
    let progress = public.get(&format!("{base}/progress")).await?;
    assert_eq!(progress.status, StatusCode::OK);
    for update in &q1.updates {
        let summary = update.public.as_ref().ok_or("the demo's Q1 is public")?;
        assert!(progress.body.contains(&summary.text.replace('\'', "&#39;")), "{} in {}", summary.text, progress.body);
        let worried = update.worried_about.clone().unwrap_or_default();
        assert!(!progress.body.contains(&worried.replace('\'', "&#39;")), "not the lead's worries: {worried}");
    }
    assert!(progress.body.contains("Q1 2026-27, published 21 September 2026"), "{}", progress.body);
    // An outcome is reported through its priorities, which say so rather than "nothing yet".
    assert!(progress.body.contains("Reported through the parts below it"), "{}", progress.body);
    // Nothing of Q2 is public yet, though early help's update there is accepted.
    let early = q2.updates.iter().find(|u| u.status == UpdateStatus::Accepted).ok_or("an accepted Q2 update")?;
    let item = early.item.ok_or("an item's update")?;
    let page_url = format!("/plans/{SLUG}/rounds/{}/updates/{}", q2.id, early.id);
    let item_page = format!(
        "{base}/items/{}",
        file.items
            .iter()
            .flat_map(|i| i.walk())
            .find(|(_, i)| ids.item(i.id) == ids.item(item))
            .map(|(_, i)| i.id)
            .ok_or("the item")?
    );
    let before = public.get(&item_page).await?;
    assert!(before.body.contains("Progress in Q1 2026-27"), "{}", before.body);

    // An editor may not put it there; an admin may, but not with a count of a few people.
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let page = editor.get(&page_url).await?;
    assert!(!page.body.contains("Put it on the public site"));
    let refused = editor
        .post(
            &format!("{page_url}/public"),
            &[("csrf_token", &page.token()), ("version", "1"), ("to", "public"), ("summary", "Fine.")],
        )
        .await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("Put it on the public site"), "{}", page.body);
    let version = public_form_version(&page)?;
    let token = page.token();
    let small = admin
        .post(
            &format!("{page_url}/public"),
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("to", "public"),
                ("summary", "The hubs helped 3 young people into work."),
            ],
        )
        .await?;
    assert_eq!(small.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(small.body.contains("counts a few people (&#34;3 young people&#34;)"), "{}", small.body);
    assert!(small.body.contains("The hubs helped 3 young people into work."), "the summary is kept to put right");
    let summary = "More families are getting help early, in the family hubs near them.";
    let put = admin
        .post(
            &format!("{page_url}/public"),
            &[("csrf_token", &token), ("version", &version), ("to", "public"), ("summary", summary)],
        )
        .await?;
    assert_eq!(put.status, StatusCode::SEE_OTHER, "{}", put.body);
    let after = public.get(&item_page).await?;
    assert!(
        after.body.contains("Progress in Q2 2026-27") && after.body.contains(summary),
        "the latest round's: {}",
        after.body
    );
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("Put on the public site: ") && page.body.contains("Take it off the public site"));

    // Taken off again, the item's progress is Q1's once more; both are in the history.
    let version = public_form_version(&page)?;
    let off = admin
        .post(
            &format!("{page_url}/public"),
            &[("csrf_token", &page.token()), ("version", &version), ("to", "private"), ("summary", "")],
        )
        .await?;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    let again = public.get(&item_page).await?;
    assert!(again.body.contains("Progress in Q1 2026-27") && !again.body.contains(summary));
    let history = admin.get(&format!("/plans/{SLUG}/history?record={}", early.id)).await?;
    assert!(
        history.body.contains("Put on the public site: the update of")
            && history.body.contains("Taken off the public site")
    );
    Ok(())
}

db_test!(the_public_see_each_item_s_latest_progress_only_as_an_admin_put_it_there,);

async fn you_said_we_did_links_each_ask_to_the_actions_that_answer_it_and_their_public_progress(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = app.browser();
    let esc = |t: &str| t.replace('\'', "&#39;");
    // The demo links early help's first action to its first ask.
    let early = &file.items[0].items[0];
    let ask = &early.young_people_asked[0];
    let answering = early.actions.iter().find(|a| a.answers.contains(ask)).ok_or("the demo's link")?;
    let page = public.get(&format!("{base}/you-said-we-did")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let card = page.body.split(&format!("You said: {}", esc(ask))).nth(1).ok_or("the ask is listed")?;
    let card = card.split("govuk-summary-card__title-wrapper").next().unwrap_or_default();
    assert!(card.contains(&esc(&answering.title)), "with the action that answers it: {card}");
    for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
        for asked in &item.young_people_asked {
            assert!(page.body.contains(&format!("You said: {}", esc(asked))), "every ask is listed: {asked}");
        }
    }

    // An editor links the open round's action to an ask of the outcome above it; an ask from
    // elsewhere in the plan is refused.
    let q2 = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("the open round")?;
    let update = q2
        .updates
        .iter()
        .find(|u| u.action.is_some() && u.status == UpdateStatus::Submitted)
        .ok_or("a submitted action update")?;
    let action_id = update.action.ok_or("an action")?;
    let (outcome, action) = file
        .items
        .iter()
        .find_map(|o| o.walk().into_iter().flat_map(|(_, i)| &i.actions).find(|a| a.id == action_id).map(|a| (o, a)))
        .ok_or("the action's outcome")?;
    let outcome_ask = outcome.young_people_asked.first().ok_or("the outcome's ask")?.clone();
    let elsewhere = file.items.iter().rev().find_map(|o| o.young_people_asked.first()).ok_or("another ask")?.clone();
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let form = editor.get(&path).await?;
    assert!(form.body.contains(&esc(&outcome_ask)), "the outcome's asks are offered: {}", form.body);
    let token = form.token();
    let mut fields = super::action_fields(action, 1, &token, &action.title);
    fields.push(("answer_0".into(), elsewhere.clone()));
    let refused = editor.post_owned(&path, &fields).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("is not something children and young people asked for"), "{}", refused.body);
    let mut fields = super::action_fields(action, 1, &token, &action.title);
    fields.push(("answer_0".into(), outcome_ask.clone()));
    let linked = editor.post_owned(&path, &fields).await?;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);

    // Its update accepted and put on the public site, the ask shows what was done.
    let update_url = format!("/plans/{SLUG}/rounds/{}/updates/{}", q2.id, update.id);
    let page = editor.get(&update_url).await?;
    let version = super::updates::hidden(&page.body, "version");
    let accepted = editor
        .post(
            &format!("{update_url}/review"),
            &[("csrf_token", &page.token()), ("version", &version), ("decision", "accept"), ("comment", "")],
        )
        .await?;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let page = admin.get(&update_url).await?;
    let version = public_form_version(&page)?;
    let summary = "Young people chose the places to check, and walkabouts with the police are booked.";
    let put = admin
        .post(
            &format!("{update_url}/public"),
            &[("csrf_token", &page.token()), ("version", &version), ("to", "public"), ("summary", summary)],
        )
        .await?;
    assert_eq!(put.status, StatusCode::SEE_OTHER, "{}", put.body);
    let page = public.get(&format!("{base}/you-said-we-did")).await?;
    let card = page.body.split(&format!("You said: {}", esc(&outcome_ask))).nth(1).ok_or("the outcome's ask")?;
    let card = card.split("govuk-summary-card__title-wrapper").next().unwrap_or_default();
    assert!(
        card.contains(&esc(&action.title)) && card.contains(summary),
        "what was done, from the public update: {card}"
    );
    assert!(!page.body.contains(&esc(update.worried_about.as_deref().unwrap_or("-"))), "not the lead's worries");

    // An ask an action answers cannot lose its words while the link stands.
    let item_path = format!("/plans/{SLUG}/items/{}/edit", early.id);
    let token = editor.get(&item_path).await?.token();
    let kept: Vec<&str> = early.young_people_asked.iter().skip(1).map(String::as_str).collect();
    let asks = kept.join("\n");
    let refused = editor
        .post(
            &item_path,
            &[("csrf_token", &token), ("version", "1"), ("title", &early.title), ("young_people_asked", &asks)],
        )
        .await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("is answered by the action"), "{}", refused.body);
    Ok(())
}

db_test!(you_said_we_did_links_each_ask_to_the_actions_that_answer_it_and_their_public_progress,);
