//! The easy read: what the public see, what an officer writes for it, and what it never prints.

use cypp_domain::plain::{Checker, Warning};

use super::*;

/// The item's own fields, as its form would post them, with `easy_words` and `picture`.
fn item_fields(item: &PlanItem, token: &str, version: i64, easy_words: &str, picture: &str) -> Vec<(String, String)> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        ("csrf_token".into(), token.into()),
        ("version".into(), version.to_string()),
        ("number".into(), text(&item.number)),
        ("title".into(), item.title.clone()),
        ("summary".into(), text(&item.summary)),
        ("why_it_matters".into(), text(&item.why_it_matters)),
        ("key_priority".into(), text(&item.key_priority)),
        ("young_people_asked".into(), item.young_people_asked.join("\n")),
        ("young_person_lead".into(), text(&item.young_person_lead)),
        ("lead_name".into(), item.officer_lead.as_ref().map(|l| l.name.clone()).unwrap_or_default()),
        ("easy_words".into(), easy_words.into()),
        ("picture".into(), picture.into()),
    ]
}

/// The lines of the easy read's body in a page, without their markup.
fn easy_lines(body: &str) -> Vec<String> {
    body.split("cypp-easy-read__line")
        .skip(1)
        .filter_map(|part| {
            let after_svg = part.split("</svg>").nth(1)?;
            let text = after_svg.split('>').nth(1)?.split('<').next()?;
            Some(text.replace("&#39;", "'").replace("&#44;", ","))
        })
        .collect()
}

async fn the_public_easy_read_has_a_picture_beside_every_line_and_passes_the_checks(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let base = format!("/p/kelderby/{SLUG}");
    let mut public = app.browser();
    let home = public.get(&base).await?;
    assert!(home.body.contains(&format!("href=\"{base}/easy-read\"")), "in the public site's menu");
    let page = public.get(&format!("{base}/easy-read")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let lines = easy_lines(&page.body);
    assert!(lines.len() > 40, "{lines:?}");
    // Every line has its picture, hidden from screen readers beside the words.
    let pictured = page.body.matches("cypp-easy-read__line").count();
    assert_eq!(page.body.matches("<svg aria-hidden=\"true\" focusable=\"false\"").count(), pictured);
    let checker = Checker::for_plan(&file);
    for line in &lines {
        let warnings: Vec<Warning> =
            checker.check_easy(line).into_iter().filter(|w| !matches!(w, Warning::HardToRead { .. })).collect();
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
    assert_eq!(checker.check_easy(&lines.join("\n")), [], "the whole reads easily");
    assert!(lines.iter().any(|l| l == "All four family hubs are open."), "Q1's public progress in easy words");
    assert!(lines.iter().any(|l| l == "This is not going well yet."), "mental health is red");
    assert!(page.body.contains("Lucide"), "the pictures are credited");
    // None of the officers' own words stands in for easy words.
    for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
        let why = item.why_it_matters.clone().unwrap_or_default().replace('\'', "&#39;");
        assert!(why.is_empty() || !page.body.contains(&why), "{why}");
    }
    let pdf = public.get(&format!("{base}/easy-read.pdf")).await?;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF"));
    Ok(())
}

db_test!(the_public_easy_read_has_a_picture_beside_every_line_and_passes_the_checks,);

async fn an_officer_writes_easy_words_and_is_told_what_the_easy_read_leaves_out(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let page = editor.get(&format!("/plans/{SLUG}/easy-read")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Every part is written in easy words"), "{}", page.body);

    // An item's easy words that fail the checks are refused beside the field, with the reasons.
    let item = &file.items[0].items[0];
    let path = format!("/plans/{SLUG}/items/{}/edit", item.id);
    let token = editor.get(&path).await?.token();
    let hard = "Early help\nThe multi-agency early help offer will be co-located in hubs. Families attend.";
    let refused = editor.post_owned(&path, &item_fields(item, &token, 1, hard, "")).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("The easy words do not pass the easy-read checks"), "{}", refused.body);
    assert!(refused.body.contains("jargon") && refused.body.contains("more than one thing"), "{}", refused.body);

    // Cleared, the item is left out of the easy read and the officer is told where to write it.
    let cleared = editor.post_owned(&path, &item_fields(item, &token, 1, "", "")).await?;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);
    let page = editor.get(&format!("/plans/{SLUG}/easy-read")).await?;
    assert!(page.body.contains("No easy words have been written yet"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"{path}\"")), "a link to write them");
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/easy-read")).await?;
    assert!(!easy_lines(&public.body).iter().any(|l| l == "Help for families early"), "left out");
    assert!(!public.body.contains(&item.title), "and not printed in the plan's own words");

    // Written again with a chosen picture, it is back, with that picture.
    let easy = "Help near you\nFamilies can get help early at a hub near them.";
    let written = editor.post_owned(&path, &item_fields(item, &token, 2, easy, "house")).await?;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/easy-read")).await?;
    let heading = public.body.split("Help near you").next().unwrap_or_default();
    let its_line = heading.rsplit("cypp-easy-read__line").next().unwrap_or_default();
    assert!(its_line.contains("lucide-house"), "the chosen picture beside its heading: {its_line}");
    let stored = edit::get_item(&mut db.read().await?, item.id).await?.value;
    assert_eq!(stored.easy_words.as_deref(), Some(easy));
    assert_eq!(stored.picture.as_deref(), Some("house"));
    let history = editor.get(&format!("/plans/{SLUG}/history?record={}", item.id)).await?;
    assert!(history.body.contains("Help near you"), "the change is in the item's history");

    // A lead may not see the officer's page; the PDF downloads for editors.
    let mut lead = app.signed_in("sam.okafor@kelderby.example").await?;
    assert_eq!(lead.get(&format!("/plans/{SLUG}/easy-read")).await?.status, StatusCode::FORBIDDEN);
    let pdf = editor.get(&format!("/plans/{SLUG}/easy-read.pdf")).await?;
    assert!(pdf.body.starts_with("%PDF"));
    Ok(())
}

db_test!(an_officer_writes_easy_words_and_is_told_what_the_easy_read_leaves_out,);

async fn an_admin_gives_an_updates_easy_words_with_its_public_summary(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let q1 = &file.rounds[0];
    let update = &q1.updates[0];
    let page_url = format!("/plans/{SLUG}/rounds/{}/updates/{}", q1.id, update.id);
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let page = admin.get(&page_url).await?;
    assert!(page.body.contains("In easy words, for the easy read"), "{}", page.body);
    let version = public_form_version(&page)?;
    let summary = update.public.as_ref().map(|p| p.text.clone()).unwrap_or_default();
    let post = |easy: &'static str| {
        vec![
            ("csrf_token".to_string(), page.token()),
            ("version".to_string(), version.clone()),
            ("to".to_string(), "public".to_string()),
            ("summary".to_string(), summary.clone()),
            ("easy_words".to_string(), easy.to_string()),
        ]
    };
    // A count of a few people, and an acronym nobody explained, are refused.
    let small = admin.post_owned(&format!("{page_url}/public"), &post("The hub helped 2 families.")).await?;
    assert_eq!(small.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(small.body.contains("counts a few people"), "{}", small.body);
    let acronym = admin.post_owned(&format!("{page_url}/public"), &post("The FHT met every school.")).await?;
    assert_eq!(acronym.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(acronym.body.contains("&#34;FHT&#34; is an acronym"), "{}", acronym.body);
    assert!(acronym.body.contains("The FHT met every school."), "the words are kept to put right");

    let easy = "The hubs are open on Saturdays now.";
    let saved = admin.post_owned(&format!("{page_url}/public"), &post(easy)).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/easy-read")).await?;
    assert!(easy_lines(&public.body).iter().any(|l| l == easy), "{}", public.body);
    assert!(!public.body.contains("All four family hubs are open."), "the new words replace the old");
    let history = admin.get(&format!("/plans/{SLUG}/history?record={}", update.id)).await?;
    assert!(history.body.contains("Saturdays"), "{}", history.body);
    Ok(())
}

db_test!(an_admin_gives_an_updates_easy_words_with_its_public_summary,);
