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
