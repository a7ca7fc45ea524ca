//! The board dashboard: RAG by priority, who has not updated, the scorecard.

use super::*;

async fn the_dashboard_shows_rag_by_priority_who_has_not_updated_and_the_scorecard(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    let page = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    // Q2's open round asks the eight priorities and two actions: four updates are in
    // (submitted or accepted); a draft, a returned update and those not started are listed.
    assert!(body.contains("Q2 2026-27: open, updates due 4 December 2026"), "{body}");
    assert!(body.contains("4 of 10 have updated"));
    let still = body.split("Still to update</caption>").nth(1).ok_or("no missing list")?;
    let missing_table = still.split("</table>").next().unwrap_or_default();
    for key in [
        "Be good corporate parents",
        "Give every baby the best start in life",
        "Help children and young people live healthy lives",
        "Every child in school every day",
        "The right support at the right time for children with SEND",
    ] {
        assert!(missing_table.contains(key), "{key} should be missing");
    }
    assert!(!missing_table.contains("Help families earlier"), "early help has updated");
    // The mental health priority's latest RAG is Q2's amber, not Q1's red.
    let row = body.split("Support children&#39;s and young people&#39;s emotional wellbeing").nth(1).ok_or("no row")?;
    let row = row.split("</tr>").next().unwrap_or_default();
    assert!(row.contains("govuk-tag--yellow\">Amber</strong>") && row.contains("Q2 2026-27"), "{row}");
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
    let priorities = body.split("Progress by priority</caption>").nth(1).ok_or("no priorities table")?;
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
    assert!(round.contains("4 of 10 have updated"), "{round}");
    assert!(
        rags.contains("AmberQ2 2026-27") && rags.contains("GreenQ1 2026-27"),
        "the demo's priorities have RAGs: {rags}"
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
