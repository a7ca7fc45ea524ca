//! Editing the plan: forms that keep the input and show problems beside fields, edits on a stale version that lose no one's work, the plan's tree and its lists.

use super::*;

async fn an_edit_on_a_stale_version_shows_both_and_loses_neither(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let action = actions(&file)[3];
    let mut browser = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let form = browser.get(&path).await?;
    let token = form.token();
    assert!(form.body.contains("name=\"version\" value=\"1\""));

    // Someone else saves first.
    let mut tx = db.write().await?;
    let mut theirs = action.clone();
    theirs.title = "Their wording, saved first".into();
    edit::update_action(&mut tx, &Actor::system("someone else"), &theirs, 1).await?;
    tx.commit().await?;

    let fields = action_fields(action, 1, &token, "My wording, saved second");
    let page = browser.post_owned(&path, &fields).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Someone else changed this"), "{}", page.body);
    assert!(page.body.contains("Their wording, saved first"), "their version is shown");
    assert!(page.body.contains("My wording, saved second"), "my version is kept in the form");
    assert!(page.body.contains("name=\"version\" value=\"2\""), "the form now carries their version");
    assert_eq!(action_title(&db, action.id).await?, "Their wording, saved first", "theirs is not overwritten");

    // Saving again, having seen theirs, replaces it.
    let fields = action_fields(action, 2, &token, "My wording, saved second");
    assert_eq!(browser.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);
    assert_eq!(action_title(&db, action.id).await?, "My wording, saved second");
    Ok(())
}

async fn form_errors_are_summarised_and_the_input_is_kept(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let item = &file.items[1].items[0];
    let mut browser = app.signed_in("nadia.farouk@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/items/{}/edit", item.id);
    let form = browser.get(&path).await?;
    let token = form.token();
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

async fn editors_add_move_and_delete_items_and_actions_and_others_cannot(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let outcome = file.items[2].id;
    let mut editor = app.signed_in("nadia.farouk@kelderby.example").await?;
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    let token = plan.token();
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
    let mut lead = app.signed_in("sam.okafor@kelderby.example").await?;
    let lead_token = lead.get("/").await?.token();
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

/// The demonstration plan's settings form as posted at version 1, with its levels and easy words.
fn plan_settings(token: &str, levels: [&str; 2], easy: &str) -> Vec<(String, String)> {
    vec![
        ("csrf_token".to_string(), token.to_string()),
        ("version".into(), "1".into()),
        ("title".into(), "Kelderby Children and Young People's Plan 2024-27".into()),
        ("period_start_day".into(), "1".into()),
        ("period_start_month".into(), "4".into()),
        ("period_start_year".into(), "2024".into()),
        ("period_end_day".into(), "31".into()),
        ("period_end_month".into(), "3".into()),
        ("period_end_year".into(), "2027".into()),
        ("level_names".into(), levels[0].into()),
        ("level_plurals".into(), levels[1].into()),
        ("easy_words".into(), easy.into()),
    ]
}

async fn the_jargon_buster_and_other_lists_are_edited_through_forms(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let settings = editor.get(&format!("/plans/{SLUG}/settings")).await?;
    assert!(
        settings.body.contains("Jargon buster") && !settings.body.contains("settings/partnership"),
        "editors see the plan's lists, not the partnership's"
    );
    let token = settings.token();
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
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/glossary")).await?;
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
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let partnership = admin.get(&format!("/plans/{SLUG}/settings/partnership")).await?;
    assert!(partnership.body.contains("value=\"E08000999\""));
    let bad = admin
        .post(
            &format!("/plans/{SLUG}/settings/partnership"),
            &[
                ("csrf_token", &partnership.token()),
                ("version", "1"),
                ("name", "Kelderby"),
                ("area_name", "Kelderby"),
                ("gss_code", "nonsense"),
            ],
        )
        .await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("is not an ONS GSS code"));
    let mut lead = app.signed_in("sam.okafor@kelderby.example").await?;
    assert_eq!(lead.get(&glossary).await?.status, StatusCode::FORBIDDEN);

    // The partnership's own jargon list replaces cypp's.
    let jargon = admin.get(&format!("/plans/{SLUG}/lists/jargon")).await?;
    assert!(jargon.body.contains("Start from cypp"));
    let token = jargon.token();
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
    let form_token = check.token();
    let flagged = admin
        .post(
            &format!("/plans/{SLUG}/items/{}/edit", file.items[0].items[0].id),
            &[("csrf_token", &form_token), ("version", "0"), ("title", "x"), ("summary", "Open a locality hub.")],
        )
        .await?;
    assert!(flagged.body.contains("&#34;locality hub&#34; is jargon: try &#34;family centre&#34;"), "{}", flagged.body);

    // The plan's level names are settings too, and its easy words, which must read easily.
    let form = admin.get(&format!("/plans/{SLUG}/settings/plan")).await?;
    let settings = |easy: &'static str| {
        plan_settings(&form.token(), ["Key theme\nPriority area", "Key themes\nPriority areas"], easy)
    };
    let hard = admin
        .post_owned(
            &format!("/plans/{SLUG}/settings/plan"),
            &settings("Our CSP sets out the partnership's strategic priorities."),
        )
        .await?;
    assert_eq!(hard.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(hard.body.contains("&#34;CSP&#34; is an acronym"), "{}", hard.body);
    let saved = admin
        .post_owned(
            &format!("/plans/{SLUG}/settings/plan"),
            &settings("This plan is for you.\nIt runs for three years."),
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let easy_read = admin.get(&format!("/plans/{SLUG}/easy-read")).await?;
    assert!(easy_read.body.contains("This plan is for you.") && easy_read.body.contains("It runs for three years."));
    let on_a_page = app.browser().get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(on_a_page.body.contains("Key theme"), "the new level name shows on the public site");
    Ok(())
}

/// The `version` the milestones page's forms carry.
fn page_version(page: &Page) -> Result<String, Error> {
    let version = page.body.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next());
    Ok(version.ok_or("the page's version")?.to_string())
}

async fn an_actions_partners_and_milestones_are_chosen_added_ticked_changed_and_removed(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let orgs = &file.partnership.organisations;
    let action = actions(&file).into_iter().find(|a| a.milestones.is_empty()).ok_or("an action with no milestones")?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let form = editor.get(&path).await?;
    let token = form.token();
    assert!(form.body.contains("Partners working with the lead") && form.body.contains(&orgs[2].name), "{}", form.body);

    // Two partners from the partnership's organisations; one that is not is refused.
    let mut fields = action_fields(action, 1, &token, &action.title);
    fields.push(("partner_0".into(), orgs[0].id.to_string()));
    fields.push(("partner_2".into(), orgs[2].id.to_string()));
    let mut bogus = fields.clone();
    bogus.push(("partner_9".into(), OrganisationId::new().to_string()));
    let refused = editor.post_owned(&path, &bogus).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choose partners from the partnership"), "{}", refused.body);
    assert_eq!(editor.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);
    let saved = edit::get_action(&mut db.read().await?, action.id).await?;
    assert_eq!(saved.value.partners, vec![orgs[0].id, orgs[2].id]);
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains(&format!("With {}, {}", orgs[0].name, orgs[2].name)), "shown beside the lead");

    // Two milestones added; a blank one is refused with its message beside the field.
    let list = format!("/plans/{SLUG}/actions/{}/milestones", action.id);
    let page = editor.get(&list).await?;
    assert!(page.body.contains("No milestones yet"));
    let version = page_version(&page)?;
    let blank = editor.post(&list, &[("csrf_token", &token), ("version", &version), ("title", " ")]).await?;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("<a href=\"#title\">Enter the milestone</a>"), "{}", blank.body);
    for (title, day) in [("Agree the screening pathway", "30"), ("Train every family hub team", "31")] {
        let version = page_version(&editor.get(&list).await?)?;
        let fields = [
            ("csrf_token", token.as_str()),
            ("version", &version),
            ("title", title),
            ("due_date_day", day),
            ("due_date_month", "1"),
            ("due_date_year", "2027"),
        ];
        assert_eq!(editor.post(&list, &fields).await?.status, StatusCode::SEE_OTHER);
    }
    let saved = edit::get_action(&mut db.read().await?, action.id).await?;
    assert_eq!(saved.value.milestones.len(), 2);
    assert_eq!(saved.value.partners.len(), 2, "adding milestones keeps the partners");
    let (first, second) = (saved.value.milestones[0].clone(), saved.value.milestones[1].clone());
    assert_eq!(first.due_date, chrono::NaiveDate::from_ymd_opt(2027, 1, 30));

    // Ticked done (today), then not done.
    let today = chrono::Utc::now().date_naive();
    let done = format!("{list}/{}/done", first.id);
    let version = page_version(&editor.get(&list).await?)?;
    let ticked = editor.post(&done, &[("csrf_token", &token), ("version", &version), ("done", "yes")]).await?;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER);
    let saved = edit::get_action(&mut db.read().await?, action.id).await?;
    assert_eq!(saved.value.milestones[0].done_on, Some(today));
    let page = editor.get(&list).await?;
    assert!(page.body.contains("Mark as not done"), "{}", page.body);

    // A change made on a page opened before someone else's change is not saved, and says so.
    let stale = version.clone();
    let refused =
        editor.post(&format!("{list}/{}/delete", second.id), &[("csrf_token", &token), ("version", &stale)]).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Your change was not saved"), "{}", refused.body);
    assert_eq!(edit::get_action(&mut db.read().await?, action.id).await?.value.milestones.len(), 2);

    // Changed in its own form: the title and the date it was done.
    let edit_path = format!("{list}/{}/edit", second.id);
    let form = editor.get(&edit_path).await?;
    let version = page_version(&form)?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("title", "Train every family hub and school nursing team"),
        ("due_date_day", "31"),
        ("due_date_month", "1"),
        ("due_date_year", "2027"),
        ("done_on_day", "2"),
        ("done_on_month", "12"),
        ("done_on_year", "2026"),
    ];
    assert_eq!(editor.post(&edit_path, &fields).await?.status, StatusCode::SEE_OTHER);
    let saved = edit::get_action(&mut db.read().await?, action.id).await?;
    assert_eq!(saved.value.milestones[1].title, "Train every family hub and school nursing team");
    assert_eq!(saved.value.milestones[1].done_on, chrono::NaiveDate::from_ymd_opt(2026, 12, 2));

    // Shown on the plan's page, in its documents and its actions spreadsheet.
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(
        plan.body.contains("Train every family hub and school nursing team, due 31 January 2027, done 2 December 2026")
    );
    let document = editor.get(&format!("/plans/{SLUG}/downloads/plan.html")).await?;
    assert!(
        document.body.contains("Agree the screening pathway, due 30 January 2027, done"),
        "the document lists them"
    );
    let csv = editor.get(&format!("/plans/{SLUG}/downloads/actions.csv")).await?;
    assert!(csv.body.contains("Partners") && csv.body.contains("Agree the screening pathway"));

    // Removed; each change is in the action's history.
    let version = page_version(&editor.get(&list).await?)?;
    let removed =
        editor.post(&format!("{list}/{}/delete", first.id), &[("csrf_token", &token), ("version", &version)]).await?;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let saved = edit::get_action(&mut db.read().await?, action.id).await?;
    assert_eq!(saved.value.milestones.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second.id]);
    let history = editor.get(&format!("/plans/{SLUG}/history?record={}", action.id)).await?;
    let changes = history.body.matches("<tr class=\"govuk-table__row\">").count() - 1;
    assert!(changes == 6, "partners, two milestones added, ticked, changed and removed: {changes} in the history");

    // Someone who does not lead the action and does not edit the plan cannot change them.
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&list).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

async fn admins_set_the_comparator_groups_starting_from_the_dfe_statistical_neighbours(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    // Kelderby is fictional; give it Rochdale's code so that the DfE's model covers it.
    as_rochdale(&db, file.partnership.id).await?;
    let dfe = rochdales_dfe_neighbours()?;

    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let base = format!("/plans/{SLUG}/comparators");
    let page = admin.get(&base).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("North West") && page.body.contains("Statistical neighbours"));
    assert!(page.body.contains("not the DfE&#39;s list") || page.body.contains("not the DfE's list"), "{}", page.body);
    let token = page.token();
    let neighbours = neighbours_of(&file)?;

    // The change form, started from the DfE's list: checked, then saved.
    let edit_path = format!("{base}/{}/edit", neighbours.id);
    let form = admin.get(&format!("{edit_path}?dfe=1")).await?;
    assert!(form.body.contains("Walsall (E08000030)"), "{}", form.body);
    let members = form
        .body
        .split("name=\"members\"")
        .nth(1)
        .and_then(|t| t.split_once('>'))
        .and_then(|(_, t)| t.split("</textarea>").next())
        .ok_or("the members box")?
        .replace("&#40;", "(")
        .replace("&#41;", ")");
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", "1"),
        ("name", "Statistical neighbours"),
        ("kind", "statistical_neighbours"),
        ("area_code", ""),
        ("members", members.trim()),
    ];
    let saved = admin.post(&edit_path, &fields).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let group = now.partnership.comparator_groups.iter().find(|g| g.id == neighbours.id).ok_or("kept")?;
    assert_eq!(group.members, dfe);
    // The figures readers read the neighbours from the groups.
    let area = cypp_figures::area_of(&now.partnership, &Default::default());
    assert_eq!(area.neighbours, dfe);
    assert!(!admin.get(&base).await?.body.contains("not the DfE"), "now the DfE's list");

    // A group of areas by name; a line that is no area is refused, named by its line.
    let new = format!("{base}/new");
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("name", "Greater Manchester"),
        ("kind", "combined_authority"),
        ("area_code", ""),
        ("members", "Bolton\nGotham\nBury"),
    ];
    let refused = admin.post(&new, &fields).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Line 2: &#34;Gotham&#34;"), "{}", refused.body);
    fields[4] = ("members", "Bolton\nBury\nManchester\nOldham\nE08000005");
    assert_eq!(admin.post(&new, &fields).await?.status, StatusCode::SEE_OTHER);
    let duplicate = admin.post(&new, &fields).await?;
    assert!(duplicate.body.contains("is already a comparator group"), "{}", duplicate.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let manchester =
        now.partnership.comparator_groups.iter().find(|g| g.name == "Greater Manchester").ok_or("added")?;
    assert_eq!(manchester.members, ["E08000001", "E08000002", "E08000003", "E08000004", "E08000005"]);
    assert_eq!(manchester.kind, ComparatorKind::CombinedAuthority);

    // England cannot go while targets close the gap to it; the neighbours can, with their figures.
    let england =
        now.partnership.comparator_groups.iter().find(|g| g.kind == ComparatorKind::England).ok_or("England")?;
    let refused =
        admin.post(&format!("{base}/{}/delete", england.id), &[("csrf_token", &token), ("version", "1")]).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("close the gap to England"), "{}", refused.body);
    let confirm = admin.get(&format!("{base}/{}/delete", neighbours.id)).await?;
    assert!(confirm.body.contains("figures held for it are deleted too"), "{}", confirm.body);
    let deleted =
        admin.post(&format!("{base}/{}/delete", neighbours.id), &[("csrf_token", &token), ("version", "2")]).await?;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    assert!(now.measures.iter().all(|m| m.comparators.iter().all(|c| c.comparator != neighbours.id)));

    // Offered again as the DfE's list, in one step.
    let page = admin.get(&base).await?;
    assert!(
        page.body.contains("Add the DfE&#39;s statistical neighbours")
            || page.body.contains("Add the DfE's statistical neighbours")
    );
    let added = admin.post(&format!("{base}/defaults"), &[("csrf_token", &token), ("which", "neighbours")]).await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let again = now.partnership.comparator_groups.iter().find(|g| g.kind == ComparatorKind::StatisticalNeighbours);
    assert_eq!(again.map(|g| g.members.clone()), Some(dfe));
    let history = admin.get(&format!("/plans/{SLUG}/history")).await?;
    assert!(history.body.contains("comparator group"), "audited");

    // Editors do not change the partnership's comparators.
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    assert_eq!(editor.get(&base).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

async fn a_third_level_is_named_with_its_plural_and_every_page_and_document_uses_them(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let priority = &file.items[0].items[0];
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let token = admin.get(&format!("/plans/{SLUG}")).await?.token();
    let added = admin
        .post(
            &format!("/plans/{SLUG}/items/new?parent={}", priority.id),
            &[("csrf_token", &token), ("title", "Reading together at home")],
        )
        .await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    let path = format!("/plans/{SLUG}/settings/plan");
    let form = admin.get(&path).await?;
    assert!(form.body.contains("Outcomes\nPriorities") || form.body.contains("Outcomes\r\nPriorities"));
    let post = |names: &'static str, plurals: &'static str| plan_settings(&token, [names, plurals], "");
    // Each of the plan's three levels must be named, and each name given its plural.
    let two = admin.post_owned(&path, &post("Outcome\nPriority area", "Outcomes\nPriority areas")).await?;
    assert_eq!(two.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(two.body.contains("The plan has 3 levels and this names 2"), "{}", two.body);
    let names = "Outcome\nPriority area\nArea of focus";
    let short = admin.post_owned(&path, &post(names, "Outcomes\nPriority areas")).await?;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("Say what several of &#34;Area of focus&#34; are called, on line 3"), "{}", short.body);
    let saved = admin.post_owned(&path, &post(names, "Outcomes\nPriority areas\nAreas of focus")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    assert_eq!(now.plan.level_plurals, ["Outcomes", "Priority areas", "Areas of focus"]);
    let new = now.items[0].items[0].items.last().ok_or("the new item")?;

    // The third level by its own name on the plan's page, the public item page and the
    // document; the plural the plan gives on the plan on a page; never a name with an "s" added.
    let plan = admin.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains("Area of focus</span> Reading together at home"), "{}", plan.body);
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/items/{}", new.id)).await?;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Area of focus"), "{}", public.body);
    let on_a_page = app.browser().get(&format!("/p/kelderby/{SLUG}/on-a-page")).await?;
    assert!(on_a_page.body.contains("Priority areas"), "{}", on_a_page.body);
    let document = admin.get(&format!("/plans/{SLUG}/downloads/plan.html")).await?;
    assert!(document.body.contains("Area of focus Reading together at home"), "the document's heading");
    assert!(document.body.contains("Our outcomes and their priority areas"), "the plan on a page's caption");
    for page in [&plan.body, &public.body, &on_a_page.body, &document.body] {
        assert!(!page.contains("Prioritys") && !page.contains("Priority areass") && !page.contains("focuss"));
    }
    Ok(())
}

db_test!(
    an_edit_on_a_stale_version_shows_both_and_loses_neither,
    a_third_level_is_named_with_its_plural_and_every_page_and_document_uses_them,
    admins_set_the_comparator_groups_starting_from_the_dfe_statistical_neighbours,
    an_actions_partners_and_milestones_are_chosen_added_ticked_changed_and_removed,
    form_errors_are_summarised_and_the_input_is_kept,
    editors_add_move_and_delete_items_and_actions_and_others_cannot,
    the_jargon_buster_and_other_lists_are_edited_through_forms,
);
