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
        vec![
            ("csrf_token".to_string(), form.token()),
            ("version".into(), "1".into()),
            ("title".into(), "Kelderby Children and Young People's Plan 2024-27".into()),
            ("period_start_day".into(), "1".into()),
            ("period_start_month".into(), "4".into()),
            ("period_start_year".into(), "2024".into()),
            ("period_end_day".into(), "31".into()),
            ("period_end_month".into(), "3".into()),
            ("period_end_year".into(), "2027".into()),
            ("level_names".into(), "Key theme\nPriority area".into()),
            ("easy_words".into(), easy.into()),
        ]
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

db_test!(
    an_edit_on_a_stale_version_shows_both_and_loses_neither,
    form_errors_are_summarised_and_the_input_is_kept,
    editors_add_move_and_delete_items_and_actions_and_others_cannot,
    the_jargon_buster_and_other_lists_are_edited_through_forms,
);
