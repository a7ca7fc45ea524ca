//! The committee's progress report on a round, laid out as a council committee report is
//! (Rotherham's progress reports on its plan): the heading table (meeting, date, title,
//! directorate), then summary, recommendations, proposals and details, finance, risks and
//! uncertainties, policy and performance agenda implications, background papers and
//! consultation, and the contact. The officer writes the parts around the leads' words
//! ([`CommitteeText`], saved with the round); the proposals and details are the round's
//! accepted updates, item by item in the plan's order, each with *what's working well* and
//! *what we are concerned about* and its measures written as sentences against England and
//! the statistical neighbours.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::round::WORKING_WELL;
use cypp_domain::{Ask, CommitteeText, Identities, PlanFile, Rag, Round};

use crate::board::{self, Standing};
use crate::edition::{Block, Edition, Layout, Span};
use crate::judge::{comparison_sentence, judge};
use crate::words::{Names, lead_text};

/// What the report prints where the officer has not written a part yet. The report's page
/// lists the parts still to write before it is exported.
pub const UNWRITTEN: &str = "To be written.";

/// The committee report's own heading for the leads' second question, as the seeds word it.
pub const CONCERNED: &str = "What we are concerned about";
const NEXT: &str = "What needs to happen next";

fn text(t: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(t)])
}

/// The officer's text as paragraphs (split at blank lines), or [`UNWRITTEN`].
fn written(value: &Option<String>) -> Vec<Block> {
    let paragraphs = value.as_deref().map(paragraphs).unwrap_or_default();
    if paragraphs.is_empty() { vec![text(UNWRITTEN)] } else { paragraphs.into_iter().map(text).collect() }
}

/// Text split into its paragraphs: at blank lines, each kept whole.
fn paragraphs(value: &str) -> Vec<String> {
    value
        .split("\n\n")
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"))
        .filter(|p| !p.is_empty())
        .collect()
}

/// A lead's answer as the points of a list: one per line, as leads and reports write them.
fn points(answer: &str) -> Vec<Vec<Span>> {
    answer
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| vec![Span::plain(l)])
        .collect()
}

/// Roman numerals for recommendations: (i), (ii), (iii)…
fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] =
        [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The parts of the report the officer has not written yet, by name, for the report's page.
pub fn unwritten(text: &CommitteeText) -> Vec<&'static str> {
    let missing = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    [
        ("Meeting", missing(&text.meeting)),
        ("Date of the meeting", text.meeting_on.is_none()),
        ("Directorate", missing(&text.directorate)),
        ("Summary", missing(&text.summary)),
        ("Recommendations", text.recommendations.is_empty()),
        ("Finance", missing(&text.finance)),
        ("Risks and uncertainties", missing(&text.risks)),
        ("Policy and performance agenda implications", missing(&text.implications)),
        ("Background papers and consultation", missing(&text.background_papers)),
        ("Contact", missing(&text.contact)),
    ]
    .into_iter()
    .filter_map(|(name, missing)| missing.then_some(name))
    .collect()
}

/// The title the report goes under: the officer's, or the plan's and the round's.
pub fn report_title(file: &PlanFile, round: &Round) -> String {
    round
        .report
        .as_ref()
        .and_then(|r| r.text.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| format!("{} – progress report: {}", file.plan.title, round.name))
}

/// The items the report covers: those the round asks about or has an update on, in the plan's
/// order.
fn reported<'a>(file: &PlanFile, round: &Round, standings: &'a [Standing<'a>]) -> Vec<&'a Standing<'a>> {
    let ids = Identities::of(file);
    let asks = round.asks(&file.items, &ids);
    standings.iter().filter(|s| s.update.is_some() || asks.contains(&Ask::Item(s.item.id))).collect()
}

/// "3 red, 2 amber and 4 green" for the ratings given.
fn ratings_text(ratings: &[Rag]) -> String {
    let mut parts = Vec::new();
    for rag in [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue] {
        let n = ratings.iter().filter(|r| **r == rag).count();
        if n > 0 {
            parts.push(format!("{n} {}", rag.label().to_lowercase()));
        }
    }
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The committee's progress report on `round`, compared with `before`, made on `date`.
pub fn progress_edition(file: &PlanFile, round: &Round, before: Option<&Round>, date: NaiveDate) -> Edition {
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let written_text = round.report.as_ref().map(|r| r.text.clone()).unwrap_or_default();
    let title = report_title(file, round);
    let standings = board::standings(file, round, before);
    let items = reported(file, round, &standings);
    let mut blocks = Vec::new();

    let facts = vec![
        ("Meeting".to_string(), written_text.meeting.clone().unwrap_or_else(|| UNWRITTEN.into())),
        ("Date".to_string(), written_text.meeting_on.map(uk_date).unwrap_or_else(|| UNWRITTEN.into())),
        ("Title".to_string(), title.clone()),
        (
            "Directorate".to_string(),
            written_text.directorate.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| UNWRITTEN.into()),
        ),
    ];
    blocks.push(Block::Facts(facts));

    // Summary: the officer's words, then what the round holds.
    blocks.push(Block::Heading { level: 1, text: "Summary".into(), listed: true });
    if written_text.summary.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        blocks.extend(written(&written_text.summary));
    }
    let accepted: Vec<&&Standing> = items.iter().filter(|s| s.accepted().is_some()).collect();
    let ratings: Vec<Rag> = accepted.iter().filter_map(|s| s.now).collect();
    let mut held = format!(
        "Of the {} parts of the plan reported on in {}, {} have an accepted update",
        items.len(),
        round.name,
        accepted.len()
    );
    if !ratings.is_empty() {
        held.push_str(&format!(", rated {}", ratings_text(&ratings)));
    }
    held.push('.');
    blocks.push(text(held));

    blocks.push(Block::Heading { level: 1, text: "Recommendations".into(), listed: true });
    if written_text.recommendations.is_empty() {
        blocks.push(text(UNWRITTEN));
    }
    for (i, recommendation) in written_text.recommendations.iter().enumerate() {
        blocks.push(text(format!("({}) {}", roman(i + 1), recommendation.trim())));
    }

    blocks.push(Block::Heading { level: 1, text: "Proposals and Details".into(), listed: true });
    if written_text.proposals.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        blocks.extend(written(&written_text.proposals));
    }
    for s in &items {
        // The report numbers its sections, so the heading is the title alone and the plan's own
        // number is said under it.
        blocks.push(Block::Heading { level: 2, text: s.item.title.clone(), listed: true });
        let mut about = Vec::new();
        if let Some(number) = &s.item.number {
            about.push(format!("{} {number} of the plan", file.plan.level_name(s.depth)));
        }
        if let Some(rag) = s.now {
            let mut rating = format!("Rated {}", rag.label().to_lowercase());
            if let (Some(was), Some(round)) = (s.before, before) {
                rating.push_str(&format!(" ({} in {})", was.label().to_lowercase(), round.name));
            }
            about.push(rating);
        }
        if let Some(lead) = &s.item.officer_lead {
            about.push(format!("Lead: {}", lead_text(lead, &names)));
        }
        if !about.is_empty() {
            blocks.push(text(about.join(". ") + "."));
        }
        let Some(update) = s.accepted() else {
            blocks.push(text(format!(
                "No update on this has been accepted for {} ({}).",
                round.name,
                board::update_state(s.update).to_lowercase()
            )));
            continue;
        };
        for (heading, answer) in
            [(WORKING_WELL, &update.working_well), (CONCERNED, &update.worried_about), (NEXT, &update.next_steps)]
        {
            let Some(answer) = answer.as_deref() else { continue };
            let list = points(answer);
            if list.is_empty() {
                continue;
            }
            blocks.push(Block::Heading { level: 3, text: heading.into(), listed: false });
            blocks.push(Block::Bullets(list));
        }
        let sentences: Vec<String> = s
            .item
            .measures
            .iter()
            .filter_map(|m| names.measures.get(m))
            .filter_map(|m| comparison_sentence(m, &judge(m, &file.partnership)))
            .collect();
        if !sentences.is_empty() {
            blocks.push(Block::Heading { level: 3, text: "The figures".into(), listed: false });
            blocks.push(Block::Bullets(sentences.into_iter().map(|t| vec![Span::plain(t)]).collect()));
        }
    }

    for (heading, value) in [
        ("Finance", &written_text.finance),
        ("Risks and Uncertainties", &written_text.risks),
        ("Policy and Performance Agenda Implications", &written_text.implications),
        ("Background Papers and Consultation", &written_text.background_papers),
    ] {
        blocks.push(Block::Heading { level: 1, text: heading.into(), listed: true });
        blocks.extend(written(value));
    }
    blocks.push(Block::Paragraph(vec![
        Span::strong("Contact Name: "),
        Span::plain(written_text.contact.clone().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| UNWRITTEN.into())),
    ]));

    Edition {
        title: title.clone(),
        author: file.partnership.name.clone(),
        period: round.period.map(|p| p.label()).unwrap_or_else(|| format!("Updates due {}", uk_date(round.due_on))),
        status: format!("{}: progress report", file.plan.title),
        date: uk_date(date),
        running_header: format!("{} · {title}", file.partnership.name),
        language: "en-GB",
        layout: Layout::Committee,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::ComparatorKind;

    /// The document's words in reading order, headings with their numbers as printed.
    fn words(doc: &Edition) -> Vec<String> {
        let numbers = doc.numbers();
        doc.blocks
            .iter()
            .zip(numbers)
            .flat_map(|(b, n)| match b {
                Block::Heading { text, .. } => vec![match n {
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                }],
                Block::Paragraph(spans) => vec![spans.iter().map(|s| s.text.as_str()).collect()],
                Block::Bullets(items) => items.iter().map(|i| i.iter().map(|s| s.text.as_str()).collect()).collect(),
                Block::Facts(facts) => facts.iter().map(|(l, v)| format!("{l}: {v}")).collect(),
                _ => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_progress_report_has_the_committee_sections_in_order_with_the_leads_words_and_the_figures() {
        let file = cypp_demo::plan_file();
        let (q1, before) = board::named(&file, "Q1 2026-27").expect("Q1");
        let doc = progress_edition(&file, q1, before, NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"));
        let lines = words(&doc);
        let at = |wanted: &str| {
            lines.iter().position(|l| l == wanted).unwrap_or_else(|| panic!("no \"{wanted}\" in {lines:#?}"))
        };
        // The heading table is 1 to 4; the sections follow on from 5, in the committee's order.
        assert!(matches!(&doc.blocks[0], Block::Facts(f) if f.len() == 4 && f[0].0 == "Meeting"));
        let order = [
            at("5 Summary"),
            at("6 Recommendations"),
            at("7 Proposals and Details"),
            at("8 Finance"),
            at("9 Risks and Uncertainties"),
            at("10 Policy and Performance Agenda Implications"),
            at("11 Background Papers and Consultation"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert!(lines.last().is_some_and(|l| l.starts_with("Contact Name: Nadia Farouk")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("(ii) The board asks the leads")), "recommendations numbered");
        // Every accepted update's words are under its item, a section of 7, in the plan's order.
        let ids = Identities::of(&file);
        let mut last = at("7 Proposals and Details");
        let mut sections = 0;
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            let Some(update) = q1.accepted_on(Ask::Item(item.id), &ids) else { continue };
            sections += 1;
            let heading = at(&format!("7.{sections} {}", item.title));
            assert!(heading > last, "{} in the plan's order", item.title);
            for answer in [&update.working_well, &update.worried_about].into_iter().flatten() {
                let found = lines.iter().position(|l| l == answer.trim()).expect("the lead's words");
                assert!(found > heading, "{answer} under its item");
            }
            last = heading;
        }
        assert!(sections >= 3, "the demo's Q1 has its priorities' updates");
        // The figures as sentences against England and the neighbours, from the stored data.
        let mut compared = 0;
        for measure in &file.measures {
            let Some(latest) = measure.latest() else { continue };
            let of = |kind: ComparatorKind| {
                let group = file.partnership.comparator_groups.iter().find(|g| g.kind == kind)?;
                let series = measure.comparators.iter().find(|s| s.comparator == group.id)?;
                series.data.iter().find(|d| d.period == latest.period)?.value.number()
            };
            let (Some(england), Some(neighbours)) =
                (of(ComparatorKind::England), of(ComparatorKind::StatisticalNeighbours))
            else {
                continue;
            };
            let start = format!(
                "{} was {} in {}",
                measure.name,
                measure.format(latest.value.number().unwrap_or(f64::NAN)),
                latest.period.label()
            );
            let Some(sentence) = lines.iter().find(|l| l.starts_with(&start)) else { continue };
            assert!(
                sentence.contains(&format!("our statistical neighbour average of {}", measure.format(neighbours))),
                "{sentence}"
            );
            assert!(sentence.contains(&format!("a national average of {}", measure.format(england))), "{sentence}");
            compared += 1;
        }
        assert!(compared >= 1, "at least one figure is set against England and the neighbours: {lines:#?}");
    }

    #[test]
    fn a_round_without_the_officer_s_words_says_what_is_still_to_write() {
        let file = cypp_demo::plan_file();
        let (q2, before) = board::named(&file, "Q2 2026-27").expect("Q2");
        let doc = progress_edition(&file, q2, before, NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"));
        let lines = words(&doc);
        assert!(lines.iter().any(|l| l == "Meeting: To be written."), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("No update on this has been accepted for Q2 2026-27")));
        assert_eq!(unwritten(&CommitteeText::default()).len(), 10);
        // It renders in every format of the pipeline, its headings numbered in the Word file by Word.
        let docx = crate::render(&doc, crate::Format::Docx).expect("a Word file");
        assert!(!docx.is_empty());
        assert!(crate::docx::document_xml(&doc).contains("<w:numPr><w:ilvl w:val=\"0\"/>"));
        let html = String::from_utf8(crate::render(&doc, crate::Format::Html).expect("a page")).expect("text");
        assert!(html.contains("<h2 id=\"chapter-1\">5. Summary</h2>"), "{html}");
    }

    #[test]
    fn recommendations_are_numbered_as_committee_reports_number_them() {
        let numerals: Vec<String> = [1, 2, 3, 4, 9, 14].into_iter().map(roman).collect();
        assert_eq!(numerals, ["i", "ii", "iii", "iv", "ix", "xiv"]);
    }

    #[test]
    fn a_lead_s_answer_is_a_point_a_line_and_the_officer_s_text_a_paragraph_a_gap() {
        let list = points("- One thing\n\n• Another\nA third");
        let texts: Vec<&str> = list.iter().map(|p| p[0].text.as_str()).collect();
        assert_eq!(texts, ["One thing", "Another", "A third"]);
        assert_eq!(paragraphs("First line\nsame paragraph\n\n\nSecond"), ["First line\nsame paragraph", "Second"]);
        assert!(matches!(&written(&None)[0], Block::Paragraph(s) if s[0].text == UNWRITTEN));
    }
}
