//! HTTP tests: requests through the real router over a real database, on SQLite and, when
//! `CYPP_TEST_POSTGRES_URL` is set, PostgreSQL.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use cypp_domain::*;
use cypp_store::{Actor, Db};
use cypp_testkit::{TestResult, db_test};
use cypp_web::{AppState, router};
use tower::ServiceExt;

async fn get(db: &Db, path: &str) -> Result<(StatusCode, String), Box<dyn std::error::Error + Send + Sync>> {
    let response = router(AppState::new(db.clone())).oneshot(Request::get(path).body(Body::empty())?).await?;
    let status = response.status();
    let body = to_bytes(response.into_body(), 10 * 1024 * 1024).await?;
    Ok((status, String::from_utf8(body.to_vec())?))
}

async fn load(db: &Db, file: &PlanFile) -> TestResult {
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, file, &Actor::system("test")).await?;
    tx.commit().await?;
    Ok(())
}

/// Text as it appears once escaped in HTML (askama uses numeric character references).
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

async fn health_answers_ok_when_the_database_does(db: Db) -> TestResult {
    let (status, body) = get(&db, "/healthz").await?;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    db.close().await;
    let (status, _) = get(&db, "/healthz").await?;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    Ok(())
}

async fn the_home_page_lists_partnerships_and_links_their_plans(db: Db) -> TestResult {
    let (status, body) = get(&db, "/").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("There are no partnerships in this database yet"));
    load(&db, &cypp_demo::plan_file()).await?;
    let (_, body) = get(&db, "/").await?;
    assert!(body.contains(&escaped("Kelderby Children and Young People's Partnership")), "{body}");
    assert!(body.contains(&format!("href=\"/plans/{}\"", cypp_demo::PLAN_SLUG)));
    Ok(())
}

async fn the_plan_page_shows_the_whole_tree_with_actions_success_statements_and_latest_values(db: Db) -> TestResult {
    let file = cypp_demo::plan_file();
    load(&db, &file).await?;
    let (status, body) = get(&db, &format!("/plans/{}", cypp_demo::PLAN_SLUG)).await?;
    assert_eq!(status, StatusCode::OK);
    let mut last = 0;
    for top in &file.items {
        for (_, item) in top.walk() {
            // Items appear in plan order.
            let at = body[last..].find(&escaped(&item.title)).map(|i| i + last);
            let Some(at) = at else { panic!("{} is missing or out of order", item.title) };
            last = at;
            for action in &item.actions {
                assert!(body.contains(&escaped(&action.title)), "action {} missing", action.title);
            }
            for statement in &item.success_statements {
                assert!(body.contains(&escaped(&statement.text)), "statement {} missing", statement.text);
            }
        }
    }
    // The latest value of a measure, formatted in its unit.
    let measure = file.measures.iter().find(|m| m.slug == "re-referrals").ok_or("no measure")?;
    let latest = measure.latest().and_then(|d| d.value.number()).ok_or("no value")?;
    assert!(body.contains(&measure.format(latest)), "latest value {} missing", measure.format(latest));
    assert!(body.contains("Overdue"));
    assert!(body.contains(&escaped(&file.glossary[0].definition)));
    Ok(())
}

async fn an_unknown_plan_or_page_is_a_404_page(db: Db) -> TestResult {
    for path in ["/plans/no-such-plan", "/no/such/page"] {
        let (status, body) = get(&db, path).await?;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("Page not found</h1>"), "{body}");
    }
    Ok(())
}

async fn text_from_the_plan_is_escaped(db: Db) -> TestResult {
    let mut file = cypp_demo::plan_file();
    file.items[0].title = "<script>alert('x')</script> & more".into();
    file.items[0].items[0].actions[0].title = "=HYPERLINK(\"http://example.com\",\"x\") <b>bold</b>".into();
    load(&db, &file).await?;
    let (_, body) = get(&db, &format!("/plans/{}", cypp_demo::PLAN_SLUG)).await?;
    assert!(!body.contains("<script>alert"), "unescaped script");
    assert!(body.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; more"), "escaped title missing");
    assert!(!body.contains("<b>bold</b>"));
    Ok(())
}

async fn small_numbers_are_suppressed_on_the_public_plan_page(db: Db) -> TestResult {
    let mut file = cypp_demo::plan_file();
    let measure = file.measures.iter_mut().find(|m| m.slug == "young-carers-identified").ok_or("no measure")?;
    measure.suppress_small_numbers = true;
    measure.suppression_threshold = Some(5);
    let latest = measure.data.iter_mut().max_by_key(|d| d.period).ok_or("no data")?;
    latest.value = Reading::Number(3.0);
    let item = &mut file.items[0].items[0];
    item.measures.push(MeasureId::derived("young-carers-identified"));
    load(&db, &file).await?;
    let (_, body) = get(&db, &format!("/plans/{}", cypp_demo::PLAN_SLUG)).await?;
    let row = body.split("Young carers identified and offered support").nth(1).ok_or("measure not shown")?;
    let cell = row.split("</tr>").next().unwrap_or_default();
    assert!(cell.contains("c (suppressed to protect confidentiality)"), "{cell}");
    Ok(())
}

db_test!(
    health_answers_ok_when_the_database_does,
    the_home_page_lists_partnerships_and_links_their_plans,
    the_plan_page_shows_the_whole_tree_with_actions_success_statements_and_latest_values,
    an_unknown_plan_or_page_is_a_404_page,
    text_from_the_plan_is_escaped,
    small_numbers_are_suppressed_on_the_public_plan_page,
);
