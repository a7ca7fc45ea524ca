//! The audit trail, readable: who changed what and when, before and after, filtered by person,
//! date and record, and downloaded as CSV safe for a spreadsheet.

use super::*;

async fn the_history_shows_each_change_before_and_after_and_downloads_safely(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let action = actions(&file)[4];
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let token = editor.get(&path).await?.token();
    let title = "=HYPERLINK(\"http://evil.example\",\"click\")";
    let fields = action_fields(action, 1, &token, title);
    assert_eq!(editor.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);

    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let history = viewer.get(&format!("/plans/{SLUG}/history")).await?;
    assert_eq!(history.status, StatusCode::OK);
    let rows = history.body.split("<tbody class=\"govuk-table__body\">").nth(1).ok_or("no rows")?;
    let first = rows.split("</tr>").find(|r| r.contains("HYPERLINK")).ok_or("the change is listed")?;
    assert!(first.contains("tom.brennan@kelderby.example"), "who made it: {first}");
    assert!(first.contains(">title</dt>"), "the changed field is named: {first}");
    assert!(
        first.contains(&action.title.replace('\'', "&#39;")) && first.contains("HYPERLINK"),
        "before and after: {first}"
    );

    // Filtered by person, by date and by record.
    let by_viewer = viewer.get(&format!("/plans/{SLUG}/history?person=peter.hale")).await?;
    assert!(!by_viewer.body.contains("HYPERLINK"), "the viewer changed nothing");
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%d/%m/%Y").to_string();
    let later = viewer.get(&format!("/plans/{SLUG}/history?from={}", tomorrow.replace('/', "%2F"))).await?;
    assert!(later.body.contains("No changes match"));
    let record = viewer.get(&format!("/plans/{SLUG}/history?record={}", action.id)).await?;
    assert_eq!(record.body.matches("<tr class=\"govuk-table__row\">").count(), 2, "the header and the one change");

    // The CSV: a byte-order mark for Excel, the formula defused.
    let csv = viewer.get(&format!("/plans/{SLUG}/history.csv?record={}", action.id)).await?;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "a UTF-8 byte-order mark");
    assert!(csv.body.contains("When (UTC),Who,What,Record,Record id,Action,Before,After"));
    assert!(!csv.body.contains("\r\n=") && !csv.body.contains(",=HYPERLINK"), "no cell starts as a formula");
    // Outside the partnership: no history.
    let outsider = app.browser().get(&format!("/plans/{SLUG}/history")).await?;
    assert_eq!(outsider.status, StatusCode::SEE_OTHER);
    Ok(())
}

db_test!(the_history_shows_each_change_before_and_after_and_downloads_safely,);

async fn each_item_action_and_measure_links_to_its_history_which_follows_it_through_the_refresh(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let action = actions(&file)[2];
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/actions/{}/edit", action.id);
    let token = editor.get(&path).await?.token();
    let fields = action_fields(action, 1, &token, "Reworded before the refresh");
    assert_eq!(editor.post_owned(&path, &fields).await?.status, StatusCode::SEE_OTHER);

    // The plan page links to the history of each item and action; the measure page to its own.
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    let item = &file.items[0];
    assert!(plan.body.contains(&format!("/plans/{SLUG}/history?record={}", item.id)), "the item's history");
    assert!(plan.body.contains(&format!("/plans/{SLUG}/history?record={}", action.id)), "the action's history");
    let measure = &file.measures[0];
    let page = editor.get(&format!("/plans/{SLUG}/measures/{}", measure.slug)).await?;
    assert!(page.body.contains(&format!("/plans/{SLUG}/history?record={}", measure.id)), "the measure's history");
    let public = app.browser().get(&format!("/plans/{SLUG}/measures/{}", measure.slug)).await?;
    assert!(!public.body.contains("/history?record="), "nothing of the history for the public");

    // After the refresh, the action's new copy has the history of the old one, under its name.
    editor.submit(&format!("/plans/{SLUG}"), &format!("/plans/{SLUG}/refresh"), &[]).await?;
    let refreshed = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let copy =
        actions(&refreshed).into_iter().find(|a| a.origin == Some(action.id)).ok_or("the refresh copies the action")?;
    let history = editor.get(&format!("/plans/{SLUG}/history?record={}", copy.id)).await?;
    assert!(history.body.contains("History of Action: Reworded before the refresh"), "{}", history.body);
    assert!(history.body.contains("tom.brennan@kelderby.example"), "the edit before the refresh is there");
    let item_history = editor.get(&format!("/plans/{SLUG}/history?record={}", item.id)).await?;
    assert!(item_history.body.contains(&format!("History of {}", item.heading())), "{}", item_history.body);
    Ok(())
}

db_test!(each_item_action_and_measure_links_to_its_history_which_follows_it_through_the_refresh,);
