//! The parser: a document's lines, read through a heading profile (`profile.rs`), become a plan
//! tree. A level heading ("Priority 1 - …", "Areas of focus: Safeguarding") starts an item at
//! the depth the level has among those the document uses; a field heading ("Why is this
//! important?") says where the lines after it go; the plan's own parts (vision, principles,
//! jargon buster) collect theirs; page furniture is dropped. Every line ends up placed or
//! dropped, with the reason, so that an officer can check the result against the source.

mod cues;
mod lines;
mod parser;
mod structure;
#[cfg(test)]
mod tests;

pub use lines::split_reference;
pub(crate) use lines::unmarked;

use lines::{Before, clean, rejoin_run_together_tables, running_lines, split_run_in_headings};
use parser::{At, Parser};

use crate::profile::{Field, Part, Profile};
use crate::{Hint, Source};

/// A table row's cells other than the one that named its entry, each with its column's header.
pub type Cells = Vec<(String, String)>;

/// An item as recovered, before it becomes part of a plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    /// The level's name, from the profile ("Priority").
    pub level: String,
    pub number: Option<String>,
    pub title: String,
    pub summary: Vec<String>,
    pub why_it_matters: Vec<String>,
    pub key_priority: Vec<String>,
    pub asked: Vec<String>,
    pub actions: Vec<String>,
    pub success: Vec<String>,
    pub measures: Vec<String>,
    pub lead: Vec<String>,
    pub lead_board: Vec<String>,
    pub young_person_lead: Vec<String>,
    pub working_well: Vec<String>,
    pub concerned: Vec<String>,
    /// Documents the item refers to: "(Ref: Ofsted Next Steps Plan Recommendation 3&4)" after
    /// its title gives "Ofsted Next Steps Plan Recommendation 3&4".
    pub references: Vec<String>,
    /// An action's detail: the indented line under its bullet, by the action's index.
    pub action_details: Vec<(usize, String)>,
    /// The other cells of a table row that made an entry, each with its column's header
    /// ("Baseline (year)", "Lead", "By when"): the field, the entry's index, and the cells.
    pub cells: Vec<(Field, usize, Cells)>,
    pub items: Vec<Item>,
    /// Whether the title came from a heading (rather than a list of the items in a foreword or
    /// summary), so that the heading's own wording wins.
    pub titled_by_heading: bool,
}

impl Item {
    fn get(&self, field: Field) -> &Vec<String> {
        match field {
            Field::WhyItMatters => &self.why_it_matters,
            Field::KeyPriority => &self.key_priority,
            Field::Asked => &self.asked,
            Field::Actions => &self.actions,
            Field::Success => &self.success,
            Field::Measures => &self.measures,
            Field::Lead => &self.lead,
            Field::LeadBoard => &self.lead_board,
            Field::YoungPersonLead => &self.young_person_lead,
            Field::WorkingWell => &self.working_well,
            Field::Concerned => &self.concerned,
        }
    }

    fn field(&mut self, field: Field) -> &mut Vec<String> {
        match field {
            Field::WhyItMatters => &mut self.why_it_matters,
            Field::KeyPriority => &mut self.key_priority,
            Field::Asked => &mut self.asked,
            Field::Actions => &mut self.actions,
            Field::Success => &mut self.success,
            Field::Measures => &mut self.measures,
            Field::Lead => &mut self.lead,
            Field::LeadBoard => &mut self.lead_board,
            Field::YoungPersonLead => &mut self.young_person_lead,
            Field::WorkingWell => &mut self.working_well,
            Field::Concerned => &mut self.concerned,
        }
    }

    /// Every item in the tree under and including this one, depth first.
    pub fn walk(&self) -> Vec<&Item> {
        let mut out = vec![self];
        for child in &self.items {
            out.extend(child.walk());
        }
        out
    }
}

/// Where a source line went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Into the plan: a path such as "Priority 1 › Why it matters".
    Placed(String),
    /// Left out, and why.
    Dropped(&'static str),
}

/// A plan document, parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub title: Option<String>,
    /// The level names the document uses, top first.
    pub levels: Vec<String>,
    pub items: Vec<Item>,
    pub vision: Vec<String>,
    pub purpose: Vec<String>,
    pub foreword: Vec<String>,
    pub introduction: Vec<String>,
    pub principles: Vec<String>,
    pub partners: Vec<String>,
    pub progress: Vec<String>,
    /// (term, definition) pairs from a two-column jargon buster.
    pub glossary: Vec<(String, String)>,
    /// The plan on a page, or a summary of the plan, in its own words.
    pub summary: Vec<String>,
    /// Cross-cutting themes, one per list entry.
    pub themes: Vec<String>,
    /// Other numbered sections of a report ("8. Finance:"), by title.
    pub sections: Vec<(String, Vec<String>)>,
    /// What a report's heading table says: its title, the meeting, its date.
    pub report_title: Option<String>,
    pub meeting: Option<String>,
    pub date: Option<String>,
    /// Each source line's number and where it went.
    pub placements: Vec<(usize, Placement)>,
}

impl Parsed {
    /// Whether the document reports progress on a plan rather than being one: its items say
    /// what is working well and what people are concerned about, and none has actions,
    /// success statements or measures (Rotherham's "3rd Progress Report").
    pub fn is_progress_report(&self) -> bool {
        let items = self.all_items();
        items.iter().any(|i| !i.working_well.is_empty() || !i.concerned.is_empty())
            && !items.iter().any(|i| !i.actions.is_empty() || !i.success.is_empty() || !i.measures.is_empty())
    }

    /// Why no plan could be made of a document, in words, when none of its lines was found to
    /// head an item: it has no headings, numbered or labelled lines, or lists that repeat.
    pub fn no_structure(&self, source: &Source, file: &str) -> Option<String> {
        if !self.items.is_empty() {
            return None;
        }
        let lines = source.non_blank().count();
        Some(if lines == 0 {
            format!("{file} has no text in it: check it is the plan itself, saved with its words")
        } else {
            let headings = source.non_blank().filter(|l| matches!(l.hint, Hint::Heading(_))).count();
            let lists = source.non_blank().filter(|l| matches!(l.hint, Hint::ListItem { .. })).count();
            let found = match (headings, lists) {
                (0, 0) => "no headings or lists found".to_string(),
                (h, l) => format!(
                    "{h} headings and {l} list items found, but none of them repeat as the plan's outcomes or priorities"
                ),
            };
            format!(
                "cypp found no structure in {file} ({lines} lines; {found}). The plan's items are read from headings (Word's heading styles, a web page's headings), numbered or labelled lines (\"1) …\", \"Outcome 2: …\") or short lines over lists. Bring in the Word or web version of the plan, whose headings carry that structure, or start a new plan and add them"
            )
        })
    }

    /// Every item, depth first.
    pub fn all_items(&self) -> Vec<&Item> {
        self.items.iter().flat_map(Item::walk).collect()
    }

    /// Where each line went, by its number (the first placement of a line split in two).
    pub fn placement_of(&self) -> std::collections::HashMap<usize, &Placement> {
        let mut out = std::collections::HashMap::with_capacity(self.placements.len());
        for (n, p) in &self.placements {
            out.entry(*n).or_insert(p);
        }
        out
    }

    /// Each line of the document with text, beside where it went ("Priority 1 › Actions") or
    /// why it was left out ("DROPPED: the contents"), as `--output lines` shows them.
    pub fn where_lines_went<'s>(&self, source: &'s Source) -> Vec<(&'s crate::Line, String)> {
        let placements = self.placement_of();
        source
            .non_blank()
            .map(|line| {
                let place = match placements.get(&line.number).copied() {
                    Some(Placement::Placed(to)) => to.clone(),
                    Some(Placement::Dropped(why)) => format!("DROPPED: {why}"),
                    None => "DROPPED: not read".to_string(),
                };
                (line, place)
            })
            .collect()
    }

    /// The lines left out, with their reasons.
    pub fn dropped(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        self.placements.iter().filter_map(|(n, p)| match p {
            Placement::Dropped(why) => Some((*n, *why)),
            Placement::Placed(_) => None,
        })
    }
}

/// Parses a document's lines with a profile.
pub fn parse(source: &Source, profile: &Profile) -> Parsed {
    let source = rejoin_run_together_tables(&split_run_in_headings(source, profile), profile);
    let mut profile = profile.clone();
    let structure = structure::read(&source, &mut profile);
    let mut parser = Parser::new(&profile, running_lines(&source, &profile), structure);
    for (index, line) in source.lines.iter().enumerate() {
        let text = clean(line);
        if text.is_empty() {
            continue;
        }
        let before = match index.checked_sub(1).and_then(|i| source.lines.get(i)) {
            Some(l) if l.text.trim().is_empty() => Before::Gap,
            Some(l) if matches!(l.hint, Hint::ListItem { .. }) => Before::ListItem,
            Some(_) => Before::Line,
            None => Before::Gap,
        };
        let next = source.lines[index + 1..].iter().find(|l| !l.text.trim().is_empty());
        parser.line(&At { line, text, before, next });
    }
    parser.finish()
}

impl Parsed {
    fn part(&mut self, part: Part) -> &mut Vec<String> {
        match part {
            Part::Foreword => &mut self.foreword,
            Part::Introduction => &mut self.introduction,
            Part::Vision => &mut self.vision,
            Part::Purpose => &mut self.purpose,
            Part::Principles => &mut self.principles,
            Part::Partners => &mut self.partners,
            Part::Progress => &mut self.progress,
            Part::Summary => &mut self.summary,
            Part::Themes => &mut self.themes,
            Part::Priorities => &mut self.summary,
            // The jargon buster's lines become pairs (see `parse`); a heading's own text is
            // kept with the introduction.
            Part::Glossary => &mut self.introduction,
        }
    }
}
