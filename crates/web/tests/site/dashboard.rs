//! The board dashboard for a round: exceptions first, RAG by outcome and priority from accepted
//! updates with what changed since the round before, who has not updated, the scorecard.

use super::*;

async fn the_dashboard_shows_rag_by_priority_who_has_not_updated_and_the_scorecard(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let page = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    // Q2's open round asks the eight priorities and two actions: one update is accepted,
    // three wait for review; a draft, a returned update and those not started are listed with
    // the submitted ones as not yet accepted. RAG ratings come from accepted updates only.
    assert!(body.contains("Q2 2026-27: open, updates due 4 December 2026"), "{body}");
    assert!(body.contains("1 of 10 updates accepted, 3 more submitted and waiting for review"), "{body}");
    let still = body.split("Updates not yet accepted (").nth(1).ok_or("no missing list")?;
    assert!(still.starts_with("9)"), "nine of the ten are not yet accepted: {}", &still[..40.min(still.len())]);
    let missing_table = still.split("</table>").next().unwrap_or_default();
    for (key, state) in [
        ("Be good corporate parents", "No update yet"),
        ("Give every baby the best start in life", "No update yet"),
        ("Every child in school every day", "Draft, not yet submitted"),
        ("The right support at the right time for children with SEND", "Returned to the lead"),
        ("Protect children from neglect and exploitation", "Submitted, waiting for review"),
    ] {
        let row = missing_table.split(key).nth(1).and_then(|r| r.split("</tr>").next());
        assert!(row.is_some_and(|r| r.contains(state)), "{key} should be listed as {state}: {missing_table}");
    }
    assert!(!missing_table.contains("Help families earlier"), "early help's update is accepted");
    // The mental health priority's Q2 update waits for review, so the board sees Q1's red
    // beside it, not the lead's unreviewed amber.
    let progress = body.split("Progress by outcome and priority</caption>").nth(1).ok_or("no progress table")?;
    let row =
        progress.split("Support children&#39;s and young people&#39;s emotional wellbeing").nth(1).ok_or("no row")?;
    let row = row.split("</tr>").next().unwrap_or_default();
    assert!(row.contains("Submitted, waiting for review") && row.contains("govuk-tag--red\">Red</strong>"), "{row}");
    assert!(!row.contains(">Amber</strong>"), "an unreviewed rating is not the board's: {row}");
    for measure in &file.measures {
        assert!(body.contains(&measure.name.replace('\'', "&#39;")), "{} is not on the scorecard", measure.name);
    }
    assert!(
        body.matches("govuk-tag--red\">Red</strong>").count()
            + body.matches("govuk-tag--green\">Green</strong>").count()
            > 5,
        "KPIs are judged against targets"
    );
    assert!(body.contains("Overdue actions"));
    // The scorecard compares the latest figure with England, the region and the neighbours.
    for name in ["England", "North West", "Statistical neighbours"] {
        let compared = ["similar", "better", "worse", "higher", "lower"].iter().any(|how| {
            body.split(&format!("{name}: ")).skip(1).any(|rest| {
                rest.split("<br>")
                    .next()
                    .and_then(|l| l.split("</td>").next())
                    .is_some_and(|line| line.contains(&format!("<strong>({how}")))
            })
        });
        assert!(compared, "the scorecard compares with {name}");
    }
    // And ranks it among the neighbours and in England where its file held every area.
    let ranked: Vec<_> =
        file.measures.iter().filter(|m| m.latest().and_then(|p| cypp_publish::words::place(m, p)).is_some()).collect();
    assert!(ranked.len() >= 5, "the demo ranks its yearly measures: {}", ranked.len());
    for measure in ranked {
        let place = measure.latest().and_then(|p| cypp_publish::words::place(measure, p)).ok_or("a place")?;
        let scorecard = body.split("KPI scorecard</caption>").nth(1).unwrap_or_default();
        let row = scorecard
            .split(&format!("/measures/{}\"", measure.slug))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_default();
        let words = format!("Ranked {}", place.short().join("<br>Ranked "));
        assert!(row.contains(&words), "{} is not ranked: {words}", measure.name);
    }
    // The RAG summary chart counts the KPIs by their latest figure, and says so in words.
    let mut counts = [0; 4];
    for m in &file.measures {
        let latest = m.data.iter().max_by_key(|p| p.period);
        counts[match latest.and_then(|p| m.rag(p)) {
            Some(Rag::Green | Rag::Blue) => 0,
            Some(Rag::Amber) => 1,
            Some(Rag::Red) => 2,
            None => 3,
        }] += 1;
    }
    assert!(counts[0] > 0 && counts[2] > 0 && counts[3] > 0, "the demo has KPIs in each state: {counts:?}");
    let on = if counts[0] == 1 { "is" } else { "are" };
    let words = format!(
        "Of {} KPIs, {} {on} on target, {} close to target, {} off target",
        file.measures.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    assert!(body.contains(&words), "{words}");
    assert!(body.contains("<title id=\"rag-chart-title\">KPIs against their targets"));
    assert!(body.contains(&format!("Off target {}</text>", counts[2])));
    Ok(())
}

db_test!(the_dashboard_shows_rag_by_priority_who_has_not_updated_and_the_scorecard,);

/// The dashboard's parts that come from the rounds: who has updated, who has not, and each
/// priority's latest RAG with the round it came from.
fn round_parts(body: &str) -> Result<(String, String), String> {
    let round = body.split("<h2 class=\"govuk-heading-m\">Q2 2026-27").nth(1).ok_or("no round")?;
    let round = round.split("<h2").next().unwrap_or_default().to_string();
    let priorities = body.split("Progress by outcome and priority</caption>").nth(1).ok_or("no priorities table")?;
    let rags = priorities
        .split("</table>")
        .next()
        .unwrap_or_default()
        .split("<tr")
        .skip(1)
        // The row's words, without its markup (its link names the current revision's item).
        .map(|row| {
            row.split('<').filter_map(|part| part.split_once('>').map(|(_, text)| text.trim())).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|");
    Ok((round, rags))
}

async fn the_annual_refresh_keeps_every_update_on_the_dashboard(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let dashboard = format!("/plans/{SLUG}/dashboard");
    let before = editor.get(&dashboard).await?;
    let (round, rags) = round_parts(&before.body)?;
    assert!(round.contains("1 of 10 updates accepted"), "{round}");
    assert!(
        rags.contains("No change") && rags.contains("Submitted, waiting for reviewRed"),
        "the demo's priorities have RAGs this round and the last: {rags}"
    );
    let started = editor.submit(&format!("/plans/{SLUG}"), &format!("/plans/{SLUG}/refresh"), &[]).await?;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let revisions = editor.get(&format!("/plans/{SLUG}/revisions")).await?;
    assert!(revisions.body.contains("Draft"), "the refresh is under way");
    let after = editor.get(&dashboard).await?;
    assert_eq!(round_parts(&after.body)?, (round, rags), "the refresh keeps the round's updates");
    Ok(())
}

db_test!(the_annual_refresh_keeps_every_update_on_the_dashboard,);

async fn the_board_reads_a_chosen_round_by_exception_and_what_changed_since_the_last(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let q1 = file.rounds.iter().find(|r| r.name == "Q1 2026-27").ok_or("Q1")?;
    let q2 = file.rounds.iter().find(|r| r.name == "Q2 2026-27").ok_or("Q2")?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;

    // Q1, chosen on the page: its red and amber items come first, each with the lead's words
    // and a link to the accepted update; no green item is among them.
    let page = viewer.get(&format!("/plans/{SLUG}/dashboard?round={}", q1.id)).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("<option value=\"{}\" selected>Q1 2026-27</option>", q1.id)));
    let exceptions = page.body.split("id=\"exceptions\"").nth(1).ok_or("exceptions")?;
    let exceptions = exceptions.split("</table>").next().unwrap_or_default();
    let ids = Identities::of(&file);
    for update in &q1.updates {
        let item = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).find(|i| ids.is_about_item(update, i.id));
        let Some(item) = item else { continue };
        let title = item.title.replace('\'', "&#39;");
        let href = format!("/plans/{SLUG}/rounds/{}/updates/{}", q1.id, update.id);
        match update.rag {
            Some(Rag::Red | Rag::Amber) => {
                assert!(exceptions.contains(&title) && exceptions.contains(&href), "{title} is an exception");
                let words = update.worried_about.clone().unwrap_or_default().replace('\'', "&#39;");
                assert!(exceptions.contains(&words), "with the lead's words: {words}");
            }
            _ => assert!(!exceptions.contains(&href), "{title} is on track, so not an exception"),
        }
    }
    let red = exceptions.find("govuk-tag--red").ok_or("a red item")?;
    let amber = exceptions.find("govuk-tag--yellow").ok_or("an amber item")?;
    assert!(red < amber, "red before amber");
    assert!(!page.body.contains("What changed since"), "Q1 is the first round");

    // An officer accepts the mental health update in Q2: amber after Q1's red is better.
    let red_in_q1 = |u: &&Update| {
        q1.updates.iter().any(|was| was.rag == Some(Rag::Red) && u.item.is_some_and(|i| ids.is_about_item(was, i)))
    };
    let mental = q2
        .updates
        .iter()
        .filter(|u| u.rag == Some(Rag::Amber) && u.status == UpdateStatus::Submitted)
        .find(red_in_q1)
        .ok_or("a submitted amber update on what was red")?;
    let before = viewer.get(&format!("/plans/{SLUG}/dashboard?round={}", q2.id)).await?;
    assert!(before.body.contains("No rating is better or worse than in Q1 2026-27"), "{}", before.body);
    let mut officer = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/rounds/{}/updates/{}", q2.id, mental.id);
    let page = officer.get(&path).await?;
    let version = page.body.split("name=\"version\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("1");
    let accepted = officer
        .post(&format!("{path}/review"), &[("csrf_token", &page.token()), ("version", version), ("decision", "accept")])
        .await?;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let after = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(after.body.contains("2 of 10 updates accepted"), "{}", after.body);
    let changes = after.body.split("What changed since Q1 2026-27").nth(1).ok_or("the changes")?;
    let changes = changes.split("</ul>").next().unwrap_or_default();
    assert!(
        changes.contains("govuk-tag--green\">Better</strong>") && changes.contains("Red in Q1 2026-27, Amber now"),
        "{changes}"
    );
    // A round that is not the plan's is not found.
    let other = viewer.get(&format!("/plans/{SLUG}/dashboard?round={}", RoundId::derived("nowhere"))).await?;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    Ok(())
}

db_test!(the_board_reads_a_chosen_round_by_exception_and_what_changed_since_the_last,);

async fn the_dashboard_offers_the_rounds_highlight_report_in_each_format(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let q1 = file.rounds.iter().find(|r| r.name == "Q1 2026-27").ok_or("Q1")?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let page = viewer.get(&format!("/plans/{SLUG}/dashboard?round={}", q1.id)).await?;
    let base = format!("/plans/{SLUG}/rounds/{}/reports/", q1.id);
    for name in ["highlight.pdf", "highlight.docx", "highlight.html"] {
        assert!(page.body.contains(&format!("{base}{name}")), "the dashboard links to {name}");
    }
    let report = viewer.get(&format!("{base}highlight.html")).await?;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("Highlight report: Q1 2026-27"), "{}", report.body);
    let missing = viewer.get(&format!("{base}progress.exe")).await?;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    Ok(())
}

db_test!(the_dashboard_offers_the_rounds_highlight_report_in_each_format,);
