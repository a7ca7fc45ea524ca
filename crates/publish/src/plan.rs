//! A plan as a document, in the order the seed plans use: cover, contents, the foreword and
//! vision, the plan on a page, a chapter per top-level item (why it matters, the key priority,
//! what children and young people asked for, the actions with their leads, how we will know,
//! the measures with their latest figure and a small chart), then the principles, the jargon
//! buster and how progress is checked.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::*;

use crate::edition::{Block, Edition, Layout, Span, Table};
use crate::words::{
    Names, better_text, lead_text, milestone_text, next_target, partners_text, reading_text, target_text,
};

/// Who the document is for. The public edition suppresses small numbers, as the published
/// website does; the internal edition (for the board and officers) shows every figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Public,
    Internal,
}

fn text(t: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(t)])
}

fn heading(level: u8, t: impl Into<String>) -> Block {
    Block::Heading { level, text: t.into(), listed: true }
}

/// A standard part of an item ("Why it matters"): a heading the contents leave out.
fn part(level: u8, t: impl Into<String>) -> Block {
    Block::Heading { level, text: t.into(), listed: false }
}

/// Paragraphs from a text with blank lines between them.
fn paragraphs(body: &str) -> Vec<Block> {
    body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| text(p.replace('\n', " "))).collect()
}

fn labelled(label: &str, value: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::strong(format!("{label}: ")), Span::plain(value)])
}

/// The plan as a document, as it stands in `revision`, for `audience`, dated `edition`.
pub fn plan_edition(file: &PlanFile, revision: &RevisionContent, audience: Audience, edition: NaiveDate) -> Edition {
    let measures: Vec<Measure> = file
        .measures
        .iter()
        .map(|m| Measure {
            suppress_small_numbers: m.suppress_small_numbers && audience == Audience::Public,
            ..m.clone()
        })
        .collect();
    let names = Names::new(&file.partnership, revision, &measures);
    let plan = &revision.plan;
    let period = format!(
        "{} to {}",
        uk_date(plan.period.start).split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or_default(),
        uk_date(plan.period.end).split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or_default()
    );
    let status = match &plan.revision_label {
        Some(label) => format!("{label} ({})", plan.status.label()),
        None => plan.status.label().to_string(),
    };
    let mut blocks = vec![Block::Contents];

    // The opening: foreword and introduction sections, the vision and purpose.
    let (opening, closing): (Vec<&Section>, Vec<&Section>) = revision.sections.iter().partition(|s| {
        matches!(
            s.kind,
            SectionKind::Foreword | SectionKind::Introduction | SectionKind::Ambitions | SectionKind::Evidence
        )
    });
    for section in opening {
        blocks.push(heading(1, &section.title));
        blocks.extend(paragraphs(&section.body));
    }
    if plan.vision.is_some() || plan.purpose.is_some() {
        blocks.push(heading(1, "Our vision"));
        if let Some(vision) = &plan.vision {
            blocks.extend(paragraphs(vision));
        }
        if let Some(purpose) = &plan.purpose {
            blocks.push(heading(2, "Why we have this plan"));
            blocks.extend(paragraphs(purpose));
        }
    }

    // The plan on a page: each top-level item with the items under it.
    if !revision.items.is_empty() {
        blocks.push(heading(1, "The plan on a page"));
        let top = plan.level_name(0);
        blocks.push(Block::Table(Table {
            caption: format!(
                "Our {} and their {}",
                plan.level_plural(0).to_lowercase(),
                plan.level_plural(1).to_lowercase()
            ),
            header: vec![top.to_string(), plan.level_plural(1)],
            rows: revision
                .items
                .iter()
                .map(|i| {
                    let children: Vec<String> = i.items.iter().map(PlanItem::heading).collect();
                    vec![i.heading(), children.join("\n")]
                })
                .collect(),
            widths: vec![2, 3],
        }));
    }

    // A chapter for each top-level item.
    for item in &revision.items {
        blocks.push(Block::PageBreak);
        item_blocks(item, 0, plan, &names, &measures, &mut blocks);
    }

    // Principles, the jargon buster, how progress is checked, and any other sections.
    if !revision.principles.is_empty() {
        blocks.push(Block::PageBreak);
        blocks.push(heading(1, "How we work: our principles"));
        blocks.push(Block::Bullets(
            revision
                .principles
                .iter()
                .map(|p| {
                    let mut spans = vec![Span::strong(&p.title)];
                    if let Some(d) = &p.description {
                        spans.push(Span::plain(format!(": {d}")));
                    }
                    spans
                })
                .collect(),
        ));
    }
    if !revision.glossary.is_empty() {
        blocks.push(heading(1, "Jargon buster"));
        blocks.push(Block::Table(Table {
            caption: "Words and abbreviations used in this plan".into(),
            header: vec!["Term".into(), "What it means".into()],
            rows: revision.glossary.iter().map(|g| vec![g.term.clone(), g.definition.clone()]).collect(),
            widths: vec![1, 3],
        }));
    }
    let (checking, other): (Vec<&Section>, Vec<&Section>) =
        closing.into_iter().partition(|s| s.kind == SectionKind::ProgressChecking);
    if !checking.is_empty() || !file.rounds.is_empty() {
        blocks.push(heading(1, "How progress is checked"));
        for section in checking {
            if section.title != "How progress is checked" {
                blocks.push(heading(2, &section.title));
            }
            blocks.extend(paragraphs(&section.body));
        }
        if !file.rounds.is_empty() {
            blocks.push(Block::Table(Table {
                caption: "Reporting rounds".into(),
                header: vec!["Round".into(), "Opens".into(), "Updates due".into()],
                rows: file
                    .rounds
                    .iter()
                    .map(|r| vec![r.name.clone(), uk_date(r.opens_on), uk_date(r.due_on)])
                    .collect(),
                widths: vec![2, 1, 1],
            }));
        }
    }
    for section in other {
        blocks.push(heading(1, &section.title));
        blocks.extend(paragraphs(&section.body));
    }

    Edition {
        title: plan.title.clone(),
        author: file.partnership.name.clone(),
        period,
        status,
        date: uk_date(edition),
        running_header: format!("{} – {}", file.partnership.name, plan.title),
        language: "en-GB",
        layout: Layout::Publication,
        blocks,
    }
}

fn item_blocks(
    item: &PlanItem,
    depth: usize,
    plan: &Plan,
    names: &Names<'_>,
    measures: &[Measure],
    blocks: &mut Vec<Block>,
) {
    // Chapters are level 1, their items level 2; deeper items stay at level 3.
    let level = (depth + 1).min(3) as u8;
    blocks.push(heading(level, format!("{} {}", plan.level_name(depth), item.heading())));
    if let Some(summary) = &item.summary {
        blocks.extend(paragraphs(summary));
    }
    let mut leads = Vec::new();
    if let Some(lead) = &item.officer_lead {
        leads.push(labelled("Lead", lead_text(lead, names)));
    }
    if let Some(board) = item.lead_board.and_then(|b| names.boards.get(&b)) {
        leads.push(labelled("Lead board", *board));
    }
    if let Some(young) = &item.young_person_lead {
        leads.push(labelled("Young people's lead", young));
    }
    blocks.extend(leads);
    if let Some(why) = &item.why_it_matters {
        blocks.push(part(level + 1, "Why it matters"));
        blocks.extend(paragraphs(why));
    }
    if let Some(key) = &item.key_priority {
        blocks.push(part(level + 1, "Key priority"));
        blocks.extend(paragraphs(key));
    }
    if !item.young_people_asked.is_empty() {
        blocks.push(part(level + 1, "What children and young people asked for"));
        blocks.push(Block::Bullets(item.young_people_asked.iter().map(|t| vec![Span::plain(t)]).collect()));
    }
    if !item.actions.is_empty() {
        blocks.push(part(level + 1, "What we will do"));
        blocks.push(Block::Table(Table {
            caption: format!("Actions for {}", item.heading()),
            header: vec!["".into(), "Action".into(), "Lead".into(), "Due".into(), "Status".into()],
            rows: item
                .actions
                .iter()
                .map(|a| {
                    let mut lead = a.lead.as_ref().map(|l| lead_text(l, names)).unwrap_or_default();
                    let partners = partners_text(a, names);
                    if !partners.is_empty() {
                        lead = if lead.is_empty() {
                            format!("With {partners}")
                        } else {
                            format!("{lead}, with {partners}")
                        };
                    }
                    vec![
                        a.number.clone().unwrap_or_default(),
                        a.title.clone(),
                        lead,
                        a.due_date.map(uk_date).unwrap_or_default(),
                        a.status.label().to_string(),
                    ]
                })
                .collect(),
            widths: vec![3, 14, 8, 5, 4],
        }));
        // Each action's milestones, under the table, named by the action they belong to.
        for a in item.actions.iter().filter(|a| !a.milestones.is_empty()) {
            let which = match &a.number {
                Some(n) => format!("Milestones of action {n}: "),
                None => format!("Milestones of \"{}\": ", a.title),
            };
            blocks.push(Block::Paragraph(vec![Span::strong(which)]));
            blocks.push(Block::Bullets(a.milestones.iter().map(|m| vec![Span::plain(milestone_text(m))]).collect()));
        }
    }
    if !item.success_statements.is_empty() {
        blocks.push(part(level + 1, "How we will know we have made a difference"));
        blocks.push(Block::Bullets(item.success_statements.iter().map(|s| vec![Span::plain(&s.text)]).collect()));
    }
    let own: Vec<&Measure> = item.measures.iter().filter_map(|id| measures.iter().find(|m| m.id == *id)).collect();
    if !own.is_empty() {
        blocks.push(part(level + 1, "How we will measure it"));
        blocks.push(Block::Table(Table {
            caption: format!("Key performance indicators for {}", item.heading()),
            header: vec!["Measure".into(), "Latest".into(), "Target".into(), "Which way is better".into()],
            rows: own
                .iter()
                .map(|m| {
                    let latest = m
                        .latest()
                        .map(|p| format!("{} ({})", reading_text(m, p), p.period.label()))
                        .unwrap_or_else(|| "No data yet".into());
                    let target = next_target(m).map(|t| target_text(m, t, names)).unwrap_or_default();
                    vec![m.name.clone(), latest, target, better_text(m.direction).to_string()]
                })
                .collect(),
            widths: vec![5, 3, 4, 3],
        }));
        for m in own {
            if let Some(svg) = crate::chart::trend(m) {
                blocks.push(Block::Figure { svg, caption: m.name.clone(), alt: crate::chart::trend_alt(m) });
            }
        }
    }
    for child in &item.items {
        item_blocks(child, depth + 1, plan, names, measures, blocks);
    }
}
