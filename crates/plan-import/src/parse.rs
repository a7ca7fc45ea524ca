//! The parser: a document's lines, read through a heading profile (`profile.rs`), become a plan
//! tree. A level heading ("Priority 1 - …", "Areas of focus: Safeguarding") starts an item at
//! the depth the level has among those the document uses; a field heading ("Why is this
//! important?") says where the lines after it go; the plan's own parts (vision, principles,
//! jargon buster) collect theirs; page furniture is dropped. Every line ends up placed or
//! dropped, with the reason, so that an officer can check the result against the source.

use crate::profile::{Field, Part, Profile};
use crate::{Hint, Line, Source};

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
    pub items: Vec<Item>,
}

impl Item {
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
    /// Each source line's number and where it went.
    pub placements: Vec<(usize, Placement)>,
}

impl Parsed {
    /// Every item, depth first.
    pub fn all_items(&self) -> Vec<&Item> {
        self.items.iter().flat_map(Item::walk).collect()
    }

    /// The lines left out, with their reasons.
    pub fn dropped(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        self.placements.iter().filter_map(|(n, p)| match p {
            Placement::Dropped(why) => Some((*n, *why)),
            Placement::Placed(_) => None,
        })
    }
}

/// Where lines are going now.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Nothing,
    /// An item's field; `None` is its summary.
    Item(Option<Field>),
    Part(Part),
}

/// The text with list markers and Markdown emphasis taken off.
fn clean(line: &Line) -> String {
    let t = line.text.trim().replace("**", "");
    let t = t.trim();
    if let Hint::ListItem { .. } = line.hint {
        let mut chars = t.chars();
        if matches!(chars.next(), Some('-' | '•' | '*' | '·' | '●' | '▪')) {
            return chars.as_str().trim().to_string();
        }
    }
    t.to_string()
}

/// A line without a leading section number ("2. Vision and priorities" → "Vision and
/// priorities"), for matching the plan's parts.
fn unnumbered(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if rest.len() < text.len() && rest.starts_with(' ') { rest.trim_start() } else { text }
}

/// Whether a line goes on from the one before (a sentence wrapped onto the next line).
fn continues(previous: &str, line: &Line, text: &str) -> bool {
    !matches!(line.hint, Hint::ListItem { .. } | Hint::Heading(_))
        && text.chars().next().is_some_and(|c| c.is_lowercase())
        && !previous.ends_with(['.', ':', '?', '!'])
}

/// A heading as the contents list and the heading itself both write it: without its number,
/// page number, case or punctuation.
fn heading_key(text: &str) -> String {
    let text = text.trim();
    let text =
        text.rsplit_once('\t').filter(|(_, p)| p.trim().chars().all(|c| c.is_ascii_digit())).map_or(text, |(t, _)| t);
    let lower = text.to_lowercase();
    let lower = match lower.rfind(" page ") {
        Some(i) if lower[i + 6..].trim().chars().all(|c| c.is_ascii_digit()) => lower[..i].to_string(),
        _ => lower,
    };
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(String::from)
        .collect();
    words.concat()
}

/// Whether a table row is a header: every cell a short label such as "Action" or "Lead".
fn is_header_row(row: &str) -> bool {
    const LABELS: [&str; 14] = [
        "",
        "action",
        "actions",
        "lead",
        "due",
        "status",
        "measure",
        "latest",
        "target",
        "which way is better",
        "term",
        "what it means",
        "outcome",
        "priorities",
    ];
    row.split('\t').all(|c| LABELS.contains(&c.trim().to_lowercase().as_str()))
}

/// The cell of a table row that names the thing: the first that is not just a number.
fn main_cell(row: &str) -> String {
    row.split('\t')
        .map(str::trim)
        .find(|c| !c.is_empty() && !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .unwrap_or_default()
        .to_string()
}

/// Items are held as a path of indexes from the top.
fn item_at<'a>(items: &'a mut [Item], path: &[usize]) -> Option<&'a mut Item> {
    let (first, rest) = path.split_first()?;
    let item = items.get_mut(*first)?;
    if rest.is_empty() { Some(item) } else { item_at(&mut item.items, rest) }
}

fn label(field: Option<Field>) -> &'static str {
    field.map_or("Summary", Field::label)
}

/// Parses a document's lines with a profile.
pub fn parse(source: &Source, profile: &Profile) -> Parsed {
    let mut parsed = Parsed::default();
    // The profile's level indexes seen, in profile order: an item's depth is its level's
    // position among them.
    let mut seen: Vec<usize> = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    let mut target = Target::Nothing;
    let mut previous = String::new();
    let mut awaiting_title = false;
    // Whether the line before was a level heading, whose title a wrapped line continues.
    let mut after_heading = false;
    // A contents list: its lines are dropped until its first entry comes again as a heading.
    let mut contents: Option<Option<String>> = None;
    for line in &source.lines {
        let text = clean(line);
        if text.is_empty() {
            continue;
        }
        let place = |parsed: &mut Parsed, placement: Placement| parsed.placements.push((line.number, placement));
        if text.eq_ignore_ascii_case("contents") || text.eq_ignore_ascii_case("table of contents") {
            contents = Some(None);
            place(&mut parsed, Placement::Dropped("the contents"));
            continue;
        }
        // The contents end when their first entry comes again as a heading, or at the first
        // real heading or paragraph of prose, whichever is first.
        let leaders = text.contains(". . . ") || text.contains("....");
        if contents.is_some() && !leaders && (matches!(line.hint, Hint::Heading(_)) || text.len() > 120) {
            contents = None;
        }
        if let Some(first) = contents.as_mut() {
            let key = heading_key(&text);
            match first {
                None => {
                    *first = Some(key);
                    place(&mut parsed, Placement::Dropped("the contents"));
                    continue;
                }
                Some(first) if *first != key => {
                    place(&mut parsed, Placement::Dropped("the contents"));
                    continue;
                }
                Some(_) => contents = None,
            }
        }
        if line.hint == Hint::TableRow && is_header_row(&line.text) {
            place(&mut parsed, Placement::Dropped("a table's header row"));
            continue;
        }
        if profile.is_furniture(&text) {
            place(&mut parsed, Placement::Dropped("page furniture: contents, page numbers, pictures, web addresses"));
            continue;
        }
        if let Some(level) = profile.level(&text) {
            if !seen.contains(&level.index) {
                seen.push(level.index);
                seen.sort_unstable();
            }
            let depth = seen.iter().position(|i| *i == level.index).unwrap_or(0);
            let continued = level.title.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()) == "continued";
            path.truncate(depth);
            // The parent's children, to find the same item again ("Priority 1 - …" repeated
            // above each area of focus, "Outcome 1 - Continued").
            let siblings: &mut Vec<Item> = if path.is_empty() {
                &mut parsed.items
            } else {
                match item_at(&mut parsed.items, &path) {
                    Some(parent) => &mut parent.items,
                    None => &mut parsed.items,
                }
            };
            let same = siblings.iter().position(|i| {
                i.level == level.name
                    && ((level.number.is_some() && i.number == level.number)
                        || (!level.title.is_empty() && i.title.eq_ignore_ascii_case(&level.title)))
            });
            let index = match same {
                Some(i) => i,
                None => {
                    siblings.push(Item {
                        level: level.name.clone(),
                        number: level.number.clone(),
                        title: if continued { String::new() } else { level.title.clone() },
                        ..Item::default()
                    });
                    siblings.len() - 1
                }
            };
            if let Some(item) = siblings.get_mut(index) {
                if item.title.is_empty() && !continued {
                    item.title = level.title.clone();
                }
                awaiting_title = item.title.is_empty() && !continued;
            }
            path.push(index);
            parsed.levels = seen.iter().filter_map(|i| profile.level_name(*i)).collect();
            target = Target::Item(None);
            let heading = format!("{} {}", level.name, level.number.clone().unwrap_or_default());
            place(&mut parsed, Placement::Placed(heading.trim().to_string()));
            previous = text;
            after_heading = true;
            continue;
        }
        // A heading's title wrapped onto the next line (as PDF text gives it).
        if after_heading
            && continues(&previous, line, &text)
            && let Some(item) = item_at(&mut parsed.items, &path)
        {
            item.title.push(' ');
            item.title.push_str(&text);
            let where_to = format!("{} {} › title", item.level, item.number.clone().unwrap_or_default());
            place(&mut parsed, Placement::Placed(where_to));
            previous = text;
            continue;
        }
        after_heading = false;
        if let Some((field, rest)) = profile.field(&text).filter(|_| !path.is_empty()) {
            target = Target::Item(Some(field));
            awaiting_title = false;
            place(&mut parsed, Placement::Placed(format!("heading: {}", field.label())));
            if let (Some(rest), Some(item)) = (rest, item_at(&mut parsed.items, &path)) {
                item.field(field).push(rest);
            }
            previous = text;
            continue;
        }
        if let Some((part, rest)) = profile.part(unnumbered(&text)) {
            target = Target::Part(part);
            path.clear();
            place(&mut parsed, Placement::Placed(format!("heading: {}", part.label())));
            if let Some(rest) = rest {
                parsed.part(part).push(rest);
            }
            previous = text;
            continue;
        }
        match target {
            Target::Item(field) => {
                let Some(item) = item_at(&mut parsed.items, &path) else { continue };
                let where_to = format!("{} {} › {}", item.level, item.number.clone().unwrap_or_default(), label(field));
                if awaiting_title && field.is_none() {
                    item.title = text.clone();
                    awaiting_title = false;
                    let where_to = format!("{} {} › title", item.level, item.number.clone().unwrap_or_default());
                    place(&mut parsed, Placement::Placed(where_to));
                    previous = text;
                    continue;
                }
                let list = match field {
                    Some(f) => item.field(f),
                    None => &mut item.summary,
                };
                // A table row gives its first cell that is more than a number (an action's
                // title, a measure's name).
                let entry = if line.hint == Hint::TableRow { main_cell(&line.text) } else { text.clone() };
                let wrapped = !list.is_empty() && continues(&previous, line, &entry);
                if let (true, Some(last)) = (wrapped, list.last_mut()) {
                    last.push(' ');
                    last.push_str(&entry);
                } else if !list.contains(&entry) {
                    list.push(entry);
                }
                place(&mut parsed, Placement::Placed(where_to));
            }
            Target::Part(Part::Glossary) => {
                // A two-column row, or "Term: what it means", or "Term – what it means".
                let pair = if line.hint == Hint::TableRow {
                    let mut cells = line.text.split('\t').map(str::trim).filter(|c| !c.is_empty());
                    cells.next().zip(cells.next())
                } else {
                    text.split_once(": ").or_else(|| text.split_once(" – ")).or_else(|| text.split_once(" - "))
                };
                match pair {
                    Some((term, definition)) => {
                        parsed.glossary.push((term.trim().to_string(), definition.trim().to_string()));
                        place(&mut parsed, Placement::Placed("Jargon buster".into()));
                    }
                    None => place(&mut parsed, Placement::Dropped("a jargon buster line without a definition")),
                }
            }
            Target::Part(part) => {
                parsed.part(part).push(text.clone());
                place(&mut parsed, Placement::Placed(part.label().to_string()));
            }
            Target::Nothing => {
                if parsed.title.is_none()
                    && (matches!(line.hint, Hint::Heading(_)) || text.to_lowercase().contains("plan"))
                {
                    parsed.title = Some(text.clone());
                    place(&mut parsed, Placement::Placed("the plan's title".into()));
                } else {
                    place(&mut parsed, Placement::Dropped("before the plan's first part or level"));
                }
            }
        }
        previous = text;
    }
    parsed
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
            // The jargon buster's lines become pairs (see `parse`); a heading's own text is
            // kept with the introduction.
            Part::Glossary => &mut self.introduction,
        }
    }
}
