//! The board dashboard of a round as a document, for a board pack or an email: the same
//! reading of the round as the web dashboard (`board.rs` decides it once): what the round
//! holds, exceptions first, the updates not yet accepted, what changed since the round
//! before, RAG by outcome and priority from accepted updates, and the KPI scorecard.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::{Change, Identities, PlanFile, Round};

use crate::board::{self, Standing};
use crate::edition::{Block, Edition, Layout, Span, Table};
use crate::judge::judge;
use crate::words::{Names, next_target, reading_text, target_text};

fn text(t: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(t)])
}

fn heading(t: impl Into<String>) -> Block {
    Block::Heading { level: 1, text: t.into(), listed: true }
}

fn rating(s: &Standing<'_>) -> String {
    s.now.map(|r| r.label().to_string()).unwrap_or_else(|| "Not rated".into())
}

/// The dashboard of `round`, compared with `before`, as it stands on `today`.
pub fn dashboard_edition(file: &PlanFile, round: &Round, before: Option<&Round>, today: NaiveDate) -> Edition {
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let ids = Identities::of(file);
    let standings = board::standings(file, round, before);
    let asks = round.asks(&file.items, &ids);
    let accepted = asks.iter().filter(|a| round.accepted_on(**a, &ids).is_some()).count();
    let given = asks.iter().filter(|a| round.update_on(**a, &ids).is_some_and(|u| u.is_given())).count();
    let mut blocks = Vec::new();

    blocks.push(heading("Summary"));
    let mut summary = format!("{accepted} of {} updates accepted", asks.len());
    if given > accepted {
        summary.push_str(&format!(", {} more submitted and waiting for review", given - accepted));
    }
    summary.push_str(". Ratings are from accepted updates only");
    if let Some(before) = before {
        summary.push_str(&format!(", compared with {}", before.name));
    }
    summary.push('.');
    blocks.push(text(summary));

    let exceptions = board::exceptions(file, Some(round), &standings, today);
    blocks.push(heading("Exceptions"));
    if exceptions.is_empty() {
        blocks.push(text("Nothing is red or amber, off track, overdue or worrying."));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!("{} exceptions, most serious first", exceptions.len()),
            header: vec!["What".into(), "Why".into(), "Lead".into(), "What the lead or the figures say".into()],
            rows: exceptions.into_iter().map(|e| vec![e.what, e.why, e.lead, e.words.unwrap_or_default()]).collect(),
            widths: vec![4, 3, 3, 5],
        }));
    }

    let missing = board::missing(file, round);
    blocks.push(heading(format!("Updates not yet accepted ({})", missing.len())));
    if missing.is_empty() {
        blocks.push(text("Every update asked for has been accepted."));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!("{} of {} not yet accepted", missing.len(), asks.len()),
            header: vec!["Item or action".into(), "Lead".into(), "Where it is".into()],
            rows: missing.into_iter().map(|m| vec![m.what, m.lead, m.state.to_string()]).collect(),
            widths: vec![5, 4, 3],
        }));
    }

    if let Some(before) = before {
        let changed: Vec<Vec<String>> = standings
            .iter()
            .filter_map(|s| {
                let change = s.change.filter(|c| c.is_exception() || *c == Change::Better)?;
                let was = s.before.map(|r| r.label().to_string()).unwrap_or_else(|| "Not rated".into());
                Some(vec![s.item.heading(), was, rating(s), change.label().to_string()])
            })
            .collect();
        blocks.push(heading(format!("What changed since {}", before.name)));
        if changed.is_empty() {
            blocks.push(text(format!(
                "No rating is better, worse, newly off track or newly resolved since {}.",
                before.name
            )));
        } else {
            blocks.push(Block::Table(Table {
                caption: format!("Ratings that moved since {}", before.name),
                header: vec!["Item".into(), before.name.clone(), round.name.clone(), "Change".into()],
                rows: changed,
                widths: vec![6, 2, 2, 3],
            }));
        }
    }

    blocks.push(heading("Progress by outcome and priority"));
    blocks.push(Block::Table(Table {
        caption: format!("Every item's rating in {}, from accepted updates", round.name),
        header: vec!["Item".into(), "Rating".into(), "Its update".into(), "Change".into()],
        rows: standings
            .iter()
            .map(|s| {
                let indent = "    ".repeat(s.depth);
                vec![
                    format!("{indent}{}", s.item.heading()),
                    rating(s),
                    board::update_state(s.update).to_string(),
                    s.change.map(|c| c.label().to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
        widths: vec![7, 2, 3, 2],
    }));

    blocks.push(heading("KPI scorecard"));
    blocks.push(Block::Table(Table {
        caption: "Each measure's latest figure against its target, England and the neighbours".into(),
        header: vec!["Measure".into(), "Latest".into(), "Target".into(), "Judgement".into()],
        rows: file
            .measures
            .iter()
            .map(|m| {
                let latest =
                    m.latest().map(|p| format!("{} ({})", reading_text(m, p), p.period.label())).unwrap_or_default();
                let target = next_target(m).map(|t| target_text(m, t, &names)).unwrap_or_default();
                let against = m.latest().and_then(|p| m.rag(p)).map(|r| format!("{}. ", r.label())).unwrap_or_default();
                vec![m.name.clone(), latest, target, format!("{against}{}", judge(m, &file.partnership).summary)]
            })
            .collect(),
        widths: vec![4, 3, 3, 5],
    }));

    Edition {
        title: format!("Board dashboard: {}", round.name),
        author: file.partnership.name.clone(),
        period: round.period.map(|p| p.label()).unwrap_or_else(|| format!("Updates due {}", uk_date(round.due_on))),
        status: format!("{}: the round as the board reads it", file.plan.title),
        date: uk_date(today),
        running_header: format!("{} · Board dashboard: {}", file.partnership.name, round.name),
        language: "en-GB",
        layout: Layout::Publication,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{Ask, Rag};

    fn cells(doc: &Edition, heading: &str) -> Vec<Vec<String>> {
        let at = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { text, .. } if text.starts_with(heading)))
            .unwrap_or_else(|| panic!("no {heading}"));
        match &doc.blocks[at + 1] {
            Block::Table(t) => t.rows.clone(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_dashboard_puts_the_exceptions_first_and_rates_only_from_accepted_updates() {
        let file = cypp_demo::plan_file();
        let (q2, before) = board::named(&file, "Q2 2026-27").expect("Q2");
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date");
        let doc = dashboard_edition(&file, q2, before, today);
        let order: Vec<&str> = doc.headings().map(|(_, t, _)| t).collect();
        assert_eq!(order[1], "Exceptions", "{order:?}");
        let ids = Identities::of(&file);
        // Every amber item accepted in Q2 is an exception; a submitted one is not rated.
        let exceptions = cells(&doc, "Exceptions");
        let progress = cells(&doc, "Progress by outcome and priority");
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            let Some(update) = q2.update_on(Ask::Item(item.id), &ids) else { continue };
            let row = progress.iter().find(|r| r[0].trim() == item.heading()).expect("every item has a row");
            match q2.accepted_on(Ask::Item(item.id), &ids).and_then(|u| u.rag) {
                Some(rag @ (Rag::Red | Rag::Amber)) => {
                    assert!(exceptions.iter().any(|r| r[0] == item.heading()), "{}", item.title);
                    assert_eq!(row[1], rag.label());
                }
                Some(rag) => assert_eq!(row[1], rag.label()),
                None => assert_eq!(row[1], "Not rated", "{} is {:?}, not accepted", item.title, update.status),
            }
        }
        let missing = cells(&doc, "Updates not yet accepted");
        assert!(missing.iter().any(|r| r[2] == "Returned to the lead"), "{missing:?}");
        assert!(doc.headings().any(|(_, t, _)| t == "What changed since Q1 2026-27"));
        assert_eq!(cells(&doc, "KPI scorecard").len(), file.measures.len());
    }
}
