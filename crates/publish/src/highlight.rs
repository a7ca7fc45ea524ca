//! The highlight report of a round, by exception: only what is red or amber, worse than in the
//! round before, or newly resolved, each with its lead's words from the accepted update and the
//! evidence of its measures (the latest figure, a small chart, the judgement in words); then the
//! updates not yet accepted. For the board and its officers: every figure as it is.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::{Identities, PlanFile, Round};

use crate::board::{self, Standing};
use crate::edition::{Block, Edition, Layout, Span, Table};
use crate::judge::judge;
use crate::words::{Names, lead_text, next_target, reading_text, target_text};

fn text(t: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(t)])
}

fn labelled(label: &str, value: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::strong(format!("{label}: ")), Span::plain(value)])
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The rating of one exception in words: "Red (Amber in Q1 2026-27): newly off track".
fn rating(s: &Standing<'_>, before: Option<&Round>) -> String {
    let now = s.now.map(|r| r.label()).unwrap_or("Not rated");
    let was = match (before, s.before) {
        (Some(round), Some(rag)) => format!(" ({} in {})", rag.label(), round.name),
        (Some(round), None) => format!(" (not rated in {})", round.name),
        _ => String::new(),
    };
    match s.change {
        Some(change) => format!("{now}{was}: {}", change.label().to_lowercase()),
        None => format!("{now}{was}"),
    }
}

/// The highlight report of `round`, compared with `before`, made on `date`.
pub fn highlight_edition(file: &PlanFile, round: &Round, before: Option<&Round>, date: NaiveDate) -> Edition {
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let ids = Identities::of(file);
    let standings = board::standings(file, round, before);
    let mut exceptions: Vec<&Standing> = standings.iter().filter(|s| s.is_exception()).collect();
    exceptions.sort_by_key(|s| s.rank());
    let asks = round.asks(&file.items, &ids);
    let accepted = asks.iter().filter(|a| round.accepted_on(**a, &ids).is_some()).count();
    let mut blocks = Vec::new();

    // The summary: how much is in, and what the board is asked to look at.
    let red = exceptions.iter().filter(|s| s.rank() == 0).count();
    let amber = exceptions.iter().filter(|s| s.rank() == 1).count();
    let worse = exceptions.iter().filter(|s| s.rank() == 2).count();
    let resolved = exceptions.iter().filter(|s| s.rank() == 3).count();
    blocks.push(Block::Heading { level: 1, text: "Summary".into(), listed: true });
    blocks.push(text(format!(
        "{accepted} of {} updates asked for in {} have been accepted; ratings here are from accepted updates only.",
        asks.len(),
        round.name
    )));
    if exceptions.is_empty() {
        blocks.push(text(format!("Nothing is red, amber, worse or newly resolved in {}.", round.name)));
    } else {
        let mut parts = Vec::new();
        if red > 0 {
            parts.push(format!("{red} red"));
        }
        if amber > 0 {
            parts.push(format!("{amber} amber"));
        }
        if worse > 0 {
            parts.push(format!("{worse} worse than before"));
        }
        if resolved > 0 {
            parts.push(format!("{resolved} newly resolved"));
        }
        blocks.push(text(format!(
            "This report is by exception: {} ({}). Everything else is on track or not yet reported.",
            count(exceptions.len(), "item", "items"),
            parts.join(", ")
        )));
    }

    for s in &exceptions {
        let level = file.plan.level_name(s.depth);
        blocks.push(Block::Heading { level: 1, text: format!("{level} {}", s.item.heading()), listed: true });
        blocks.push(labelled("Rating", rating(s, before)));
        if let Some(lead) = &s.item.officer_lead {
            blocks.push(labelled("Lead", lead_text(lead, &names)));
        }
        if let Some(update) = s.accepted() {
            for (question, answer) in update.said() {
                blocks.push(labelled(question, answer));
            }
            if !update.evidence.is_empty() {
                blocks.push(Block::Heading { level: 2, text: "Evidence".into(), listed: false });
                blocks.push(Block::Bullets(
                    update.evidence.iter().map(|l| vec![Span::plain(format!("{}: {}", l.title, l.url))]).collect(),
                ));
            }
        }
        let measures: Vec<_> =
            s.item.measures.iter().filter_map(|m| names.measures.get(m)).filter(|m| m.latest().is_some()).collect();
        for measure in measures {
            blocks.push(Block::Heading { level: 2, text: measure.name.clone(), listed: false });
            let mut figures = Vec::new();
            if let Some(point) = measure.latest() {
                figures.push(format!("Latest: {} in {}.", reading_text(measure, point), point.period.label()));
            }
            if let Some(target) = next_target(measure) {
                figures.push(format!("Target: {}.", target_text(measure, target, &names)));
            }
            blocks.push(text(figures.join(" ")));
            blocks.push(text(judge(measure, &file.partnership).summary));
            if let Some(svg) = crate::chart::trend(measure) {
                blocks.push(Block::Figure {
                    svg,
                    caption: measure.name.clone(),
                    alt: crate::chart::trend_alt(measure),
                });
            }
        }
    }

    // What the board has not yet got.
    let missing: Vec<Vec<String>> =
        board::missing(file, round).into_iter().map(|m| vec![m.what, m.lead, m.state.to_string()]).collect();
    if !missing.is_empty() {
        blocks.push(Block::Heading { level: 1, text: "Updates not yet accepted".into(), listed: true });
        blocks.push(Block::Table(Table {
            caption: format!("{} of {} not yet accepted", missing.len(), asks.len()),
            header: vec!["Item or action".into(), "Lead".into(), "Where it is".into()],
            rows: missing,
            widths: vec![5, 4, 3],
        }));
    }

    Edition {
        title: format!("Highlight report: {}", round.name),
        author: file.partnership.name.clone(),
        period: round.period.map(|p| p.label()).unwrap_or_else(|| format!("Updates due {}", uk_date(round.due_on))),
        status: format!("{}: progress by exception", file.plan.title),
        date: uk_date(date),
        running_header: format!("{} · Highlight report: {}", file.partnership.name, round.name),
        language: "en-GB",
        layout: Layout::Publication,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{Ask, Rag};

    fn words(doc: &Edition) -> String {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Heading { text, .. } => text.clone(),
                Block::Paragraph(spans) => spans.iter().map(|s| s.text.as_str()).collect(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_highlight_report_holds_every_red_and_amber_item_with_its_leads_words_and_no_green_one() {
        let file = cypp_demo::plan_file();
        let (q1, before) = board::named(&file, "Q1 2026-27").expect("Q1");
        let doc = highlight_edition(&file, q1, before, NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"));
        let all = words(&doc);
        let ids = Identities::of(&file);
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            let Some(update) = q1.accepted_on(Ask::Item(item.id), &ids) else { continue };
            let listed = all.contains(&item.heading());
            match update.rag {
                Some(Rag::Red | Rag::Amber) => {
                    assert!(listed, "{} is an exception", item.title);
                    let worried = update.worried_about.clone().unwrap_or_default();
                    assert!(all.contains(&worried), "with the lead's words: {worried}");
                }
                _ => assert!(!listed, "{} is on track and did not change", item.title),
            }
        }
        let red = all.find("Rating: Red").expect("a red item");
        let amber = all.find("Rating: Amber").expect("an amber item");
        assert!(red < amber, "red first");
        assert!(doc.blocks.iter().any(|b| matches!(b, Block::Figure { .. })), "the KPI evidence has charts");
        assert!(all.contains("Latest: "), "and the latest figures");
        // It renders in every format of the pipeline.
        for format in [crate::Format::Html, crate::Format::Docx] {
            assert!(!crate::render(&doc, format).expect("rendered").is_empty());
        }
    }

    #[test]
    fn a_round_compared_with_the_one_before_reports_what_got_better_only_when_resolved() {
        let file = cypp_demo::plan_file();
        let (q2, before) = board::named(&file, "Q2 2026-27").expect("Q2");
        let doc = highlight_edition(&file, q2, before, NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"));
        let all = words(&doc);
        assert!(all.contains("Updates not yet accepted"), "{all}");
        // Early help was green in Q1 and is green, accepted, in Q2: not an exception.
        assert!(!all.contains("Rating: Green (Green in Q1 2026-27)"), "{all}");
    }
}
