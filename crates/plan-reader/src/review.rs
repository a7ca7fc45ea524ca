//! Checking an imported plan before it is saved: the draft plan beside the document's lines,
//! each marked with where it went or why it was left out, and the corrections an officer makes
//! to the draft (retitle, merge or remove an item; move an entry to another item or make it
//! another kind of entry; remove an entry; put a left-out line in). The web app keeps a
//! `Review` until it is confirmed, so nothing reaches the plan tables before then.

use cypp_domain::*;
use serde::{Deserialize, Serialize};

use crate::parse::{Parsed, Placement};
use crate::plan::new_measure;
use crate::profile::{Column, Field, Rules};
use crate::{Hint, Line, Source};

/// A line shortened for saying what was taught.
fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 8 { words.join(" ") } else { format!("{} …", words[..8].join(" ")) }
}

/// One line of the document as the review shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewLine {
    pub number: usize,
    pub text: String,
    /// Where the import put it ("Priority 1 › Actions").
    pub placed: Option<String>,
    /// Why the import left it out.
    pub dropped: Option<String>,
    /// Where the reviewer put it after it was left out.
    pub added_to: Option<String>,
    /// What the document's format said of it, for reading the document again.
    #[serde(default)]
    pub hint: Hint,
    /// How deep a list item is nested.
    #[serde(default)]
    pub depth: u8,
}

/// A plan document being checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub file_name: String,
    pub lines: Vec<ReviewLine>,
    pub plan: PlanFile,
    /// What the reviewer changed, in words, oldest first.
    #[serde(default)]
    pub changes: Vec<String>,
    /// What the importer was taught (the partnership's own profile, and what the reviewer
    /// said of kinds of line on this page): the document is read with them.
    #[serde(default)]
    pub lessons: Rules,
    /// What the reviewer taught, in words, oldest first.
    #[serde(default)]
    pub taught: Vec<String>,
    /// The reader that read the document, as its content showed it to be ("docx", "markdown").
    #[serde(default)]
    pub read_as: Option<String>,
}

/// How many rules a profile of one's own holds at most, so that reading again stays quick.
pub const MAX_LESSONS: usize = 50;

/// What a reviewer says of a kind of line, once, for the whole document to be read again.
#[derive(Clone, Debug, PartialEq)]
pub enum Lesson {
    /// Lines like this one head items of the level called `name` ("Strategic objective 1: …").
    Level { line: usize, name: String },
    /// Lines like this one head the field ("Our commitments" heads actions).
    Field { line: usize, field: Field },
    /// Lines like this one are page furniture ("Page 3 of 20").
    Furniture { line: usize },
    /// The table this line is in (its header row, or any row under it) and every table headed
    /// like it hold entries of `field`, their columns in order holding `columns` ("name,
    /// baseline, target, lead").
    Table { line: usize, field: Field, columns: Vec<Column> },
}

/// The columns a reviewer names, in order, in words ("name, baseline, target, lead").
pub fn columns_in_words(words: &str) -> Result<Vec<Column>, String> {
    let known = Column::ALL.iter().map(|c| c.word()).collect::<Vec<_>>().join(", ");
    let columns = words
        .split([',', ';', '|', '/'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| Column::from_word(w).ok_or_else(|| format!("\"{w}\" is not a kind of column cypp knows: use {known}")))
        .collect::<Result<Vec<_>, _>>()?;
    if columns.is_empty() {
        return Err(format!(
            "Say what the table's columns hold, in order, such as name, baseline, target, lead (any of {known})"
        ));
    }
    Ok(columns)
}

/// A pattern for tables headed like this row (its cells joined by tabs): the same headers,
/// any number in them standing for any other ("Target 2027" for "Target 2030").
pub fn table_pattern(header: &str) -> String {
    header_cells(header).iter().map(|c| furniture_pattern(c)).collect::<Vec<_>>().join(r"\t")
}

/// A table row's cells, trimmed, without empty cells at either end.
pub fn header_cells(row: &str) -> Vec<&str> {
    let cells: Vec<&str> = row.split('\t').map(str::trim).collect();
    let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(cells.len());
    let last = cells.iter().rposition(|c| !c.is_empty()).map_or(first, |l| l + 1);
    cells[first..last].to_vec()
}

static LABELLED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^(?P<label>[a-z][a-z'’]*(?: [a-z][a-z'’]*){0,3}?)\s+(?:\d{1,2}|[ivx]{1,5}|[a-h]|one|two|three|four|five|six|seven|eight|nine|ten)\b\s*(?:[:.)\-–—]\s*.*)?$")
        .unwrap_or_else(|e| panic!("the label pattern: {e}"))
});
static CODED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?P<code>[A-Za-z]{1,4})\d{1,2}\b").unwrap_or_else(|e| panic!("the code pattern: {e}"))
});
static NUMBERED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z])[.)]?\s+\S")
        .unwrap_or_else(|e| panic!("the numbered pattern: {e}"))
});
static LABEL_COLON: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?P<label>[A-Za-z][A-Za-z'’ ]{0,30}?)\s*[:–—]\s*\S")
        .unwrap_or_else(|e| panic!("the label pattern: {e}"))
});

/// A pattern for headings like this one: its label and any number ("Strategic objective 1:
/// …" gives every "Strategic objective N: …"), its numbering ("1) …"), a label and a colon
/// ("Theme: …"), or else the line itself.
pub fn level_pattern(text: &str) -> String {
    const NUMBER: &str = r"(?P<number>\d{1,2}|[ivx]{1,5}|[a-h]|one|two|three|four|five|six|seven|eight|nine|ten)";
    let text = text.trim();
    if let Some(label) = LABELLED.captures(text).and_then(|c| c.name("label")) {
        return format!(r"{}\s+{NUMBER}\b\s*[:.)\-–—]?\s*(?P<title>.*)", regex::escape(label.as_str()));
    }
    // "SO1 Healthy lives", "P2: Safe homes": letters and a number as one code.
    if let Some(code) = CODED.captures(text).and_then(|c| c.name("code")) {
        return format!(r"{}(?P<number>\d{{1,2}})\b\s*[:.)\-–—]?\s*(?P<title>.+)", regex::escape(code.as_str()));
    }
    if NUMBERED.is_match(text) {
        return r"\(?(?P<number>\d{1,2}(?:\.\d{1,2})*|[a-z])[.)]?\s+(?P<title>.+)".to_string();
    }
    if let Some(label) =
        LABEL_COLON.captures(text).and_then(|c| c.name("label")).filter(|l| l.as_str().split_whitespace().count() <= 3)
    {
        return format!(r"{}\s*[:–—-]\s*(?P<title>.+)", regex::escape(label.as_str().trim()));
    }
    format!("(?P<title>{})", regex::escape(text))
}

/// A pattern for field headings like this one: the words, with or without a number before and
/// a colon or question mark after.
pub fn field_pattern(text: &str) -> String {
    let words = crate::parse::unmarked(text.trim()).trim_end_matches([':', '?', '.']).trim();
    let words = words.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
    format!(r"{}\s*[:?]?", regex::escape(words))
}

/// A pattern for furniture like this line: its words, any number in it standing for any other.
pub fn furniture_pattern(text: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push_str(r"\d+");
            }
            in_number = true;
        } else {
            in_number = false;
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    out
}

/// The kinds of entry an item holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Action,
    Success,
    Measure,
    Asked,
}

impl EntryKind {
    pub const ALL: [EntryKind; 4] = [EntryKind::Action, EntryKind::Success, EntryKind::Measure, EntryKind::Asked];

    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Action => "action",
            EntryKind::Success => "success",
            EntryKind::Measure => "measure",
            EntryKind::Asked => "asked",
        }
    }

    pub fn from_word(word: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.word() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Action => "Action",
            EntryKind::Success => "How we will know (success statement)",
            EntryKind::Measure => "Key performance indicator",
            EntryKind::Asked => "What children and young people asked for",
        }
    }
}

/// An entry of an item: its kind and its place in that kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub item: ItemId,
    pub kind: EntryKind,
    pub index: usize,
}

/// A correction to the draft.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Retitle {
        item: ItemId,
        number: Option<String>,
        title: String,
    },
    /// Everything in `item` goes into `into`, and `item` goes.
    Merge {
        item: ItemId,
        into: ItemId,
    },
    Remove {
        item: ItemId,
    },
    /// The item, with everything under it, goes under another (or to the top level, `None`),
    /// after the items already there.
    MoveItem {
        item: ItemId,
        under: Option<ItemId>,
    },
    Move {
        entry: Entry,
        to: ItemId,
        kind: EntryKind,
    },
    RemoveEntry {
        entry: Entry,
    },
    /// A line the import left out, put into an item as an entry of this kind.
    AddLine {
        line: usize,
        to: ItemId,
        kind: EntryKind,
    },
}

fn find(items: &mut [PlanItem], id: ItemId) -> Option<&mut PlanItem> {
    for item in items {
        if item.id == id {
            return Some(item);
        }
        if let Some(found) = find(&mut item.items, id) {
            return Some(found);
        }
    }
    None
}

fn take(items: &mut Vec<PlanItem>, id: ItemId) -> Option<PlanItem> {
    if let Some(at) = items.iter().position(|i| i.id == id) {
        return Some(items.remove(at));
    }
    items.iter_mut().find_map(|i| take(&mut i.items, id))
}

fn contains(item: &PlanItem, id: ItemId) -> bool {
    item.items.iter().any(|i| i.id == id || contains(i, id))
}

impl Review {
    /// The review of a document just imported.
    pub fn new(file_name: &str, source: &Source, parsed: &Parsed, plan: PlanFile) -> Review {
        let placements = parsed.placement_of();
        let lines = source
            .non_blank()
            .map(|line| {
                let placement = placements.get(&line.number).copied();
                let (placed, dropped) = match placement {
                    Some(Placement::Placed(to)) => (Some(to.clone()), None),
                    Some(Placement::Dropped(why)) => (None, Some(why.to_string())),
                    None => (None, Some("not read".to_string())),
                };
                let text = if line.hint == Hint::TableRow { line.text.replace('\t', " | ") } else { line.text.clone() };
                ReviewLine {
                    number: line.number,
                    text: text.trim().to_string(),
                    placed,
                    dropped,
                    added_to: None,
                    hint: line.hint,
                    depth: line.depth,
                }
            })
            .collect();
        Review {
            file_name: file_name.to_string(),
            lines,
            plan,
            changes: Vec::new(),
            lessons: Rules::default(),
            taught: Vec::new(),
            read_as: None,
        }
    }

    /// The document's lines, as read, to read again.
    pub fn source(&self) -> Source {
        let lines = self
            .lines
            .iter()
            .map(|l| {
                let text = if l.hint == Hint::TableRow { l.text.replace(" | ", "\t") } else { l.text.clone() };
                Line { number: l.number, text, hint: l.hint, depth: l.depth }
            })
            .collect();
        Source { lines }
    }

    /// Learns what a kind of line is and reads the whole document again with it (and with
    /// everything learnt before). The draft is made afresh: corrections made to it before are
    /// undone, and the list of changes says so. Nothing changes if the document read that way
    /// has no items.
    pub fn teach(&mut self, lesson: Lesson) -> Result<(), String> {
        let line_of = |n: usize| {
            self.lines.iter().find(|l| l.number == n).map(|l| l.text.clone()).ok_or(format!("There is no line {n}"))
        };
        let mut lessons = self.lessons.clone();
        let taught = lessons.count();
        if taught >= MAX_LESSONS {
            return Err(format!(
                "cypp has been taught {taught} kinds of line for this document, as many as it keeps; save the plan or bring the document in again"
            ));
        }
        let said = match &lesson {
            Lesson::Level { line, name } => {
                let text = line_of(*line)?;
                let name = name.trim();
                if name.is_empty() {
                    return Err("Say what the level is called, such as Strategic objective".into());
                }
                if name.chars().count() > 60 {
                    return Err("Give the level a name of 60 characters or fewer".into());
                }
                lessons.add_level(name, level_pattern(&text));
                format!("headings like \"{}\" are items called {name}", short(&text))
            }
            Lesson::Field { line, field } => {
                let text = line_of(*line)?;
                lessons.add_field(*field, field_pattern(&text));
                format!("\"{}\" heads {}", short(&text), field.label().to_lowercase())
            }
            Lesson::Furniture { line } => {
                let text = line_of(*line)?;
                lessons.add_furniture(furniture_pattern(&text));
                format!("lines like \"{}\" are page furniture", short(&text))
            }
            Lesson::Table { line, field, columns } => {
                let header = self.table_header(*line)?;
                let cells = header_cells(&header);
                if !matches!(field, Field::Actions | Field::Measures | Field::Success) {
                    return Err("A table's rows can be actions, measures or success statements".into());
                }
                if columns.len() > cells.len() {
                    return Err(format!(
                        "The table has {} columns and you named {}: name each column in order, up to its last",
                        cells.len(),
                        columns.len()
                    ));
                }
                if columns.iter().filter(|c| **c == Column::Name).count() != 1 {
                    return Err("Say which one column holds the entries themselves (name)".into());
                }
                lessons.add_table(table_pattern(&header), *field, columns.clone());
                let words: Vec<&str> = columns.iter().map(|c| c.word()).collect();
                format!(
                    "tables headed \"{}\" hold {}; their columns are {}",
                    short(&cells.join(" | ")),
                    field.label().to_lowercase(),
                    words.join(", ")
                )
            }
        };
        let profile = lessons.extending_built_in()?;
        let source = self.source();
        let parsed = crate::parse::parse(&source, &profile);
        if parsed.items.is_empty() {
            return Err(format!("Read with that ({said}), the document has no items; nothing was changed"));
        }
        let mut plan = crate::plan::plan_file(&parsed, &crate::plan::Owner::of(&self.plan.partnership));
        plan.partnership = self.plan.partnership.clone();
        let mut fresh = Review::new(&self.file_name, &source, &parsed, plan);
        fresh.read_as = self.read_as.clone();
        let undone = self.changes.len();
        self.lines = fresh.lines;
        self.plan = fresh.plan;
        self.lessons = lessons;
        self.taught.push(said.clone());
        self.changes = vec![if undone > 0 {
            format!("Read again now that {said}; the {undone} corrections made before were undone")
        } else {
            format!("Read again now that {said}")
        }];
        Ok(())
    }

    /// The header row of the table a line is in: the line itself, or the first row of the
    /// rows it is among.
    fn table_header(&self, line: usize) -> Result<String, String> {
        let at = self.lines.iter().position(|l| l.number == line).ok_or(format!("There is no line {line}"))?;
        if self.lines[at].hint != Hint::TableRow {
            return Err(format!("Line {line} is not a row of a table: give the number of the table's first row"));
        }
        let first = self.lines[..at].iter().rposition(|l| l.hint != Hint::TableRow).map_or(0, |p| p + 1);
        Ok(self.lines[first].text.replace(" | ", "\t"))
    }

    /// Every item, depth first, with its depth: for the lists of places to move things to.
    pub fn items(&self) -> Vec<(usize, &PlanItem)> {
        self.plan.items.iter().flat_map(|i| i.walk()).collect()
    }

    /// The item's name as the review shows it: "Priority 1.2 Early help".
    pub fn name(&self, id: ItemId) -> String {
        let levels = &self.plan.plan.level_names;
        self.items()
            .into_iter()
            .find(|(_, i)| i.id == id)
            .map(|(depth, i)| {
                let level = levels.get(depth).cloned().unwrap_or_default();
                format!("{level} {}", i.heading()).trim().to_string()
            })
            .unwrap_or_default()
    }

    /// The entries of one kind in an item, as text.
    pub fn entries(&self, item: &PlanItem, kind: EntryKind) -> Vec<String> {
        match kind {
            EntryKind::Action => item.actions.iter().map(|a| a.title.clone()).collect(),
            EntryKind::Success => item.success_statements.iter().map(|s| s.text.clone()).collect(),
            EntryKind::Measure => item
                .measures
                .iter()
                .filter_map(|id| self.plan.measures.iter().find(|m| m.id == *id))
                .map(|m| m.name.clone())
                .collect(),
            EntryKind::Asked => item.young_people_asked.clone(),
        }
    }

    /// What was read for each of an item's entries of a kind besides its text, for the
    /// reviewer to check: a KPI's baseline and target, an action's lead and due date.
    pub fn entry_notes(&self, item: &PlanItem, kind: EntryKind) -> Vec<Option<String>> {
        let joined = |parts: Vec<String>| (!parts.is_empty()).then(|| parts.join("; "));
        match kind {
            EntryKind::Action => item
                .actions
                .iter()
                .map(|a| {
                    let mut parts = Vec::new();
                    if let Some(lead) = &a.lead {
                        parts.push(format!("Lead: {}", lead.name));
                    }
                    if let Some(due) = a.due_date {
                        parts.push(format!("due {}", due.format("%-d %B %Y")));
                    }
                    joined(parts)
                })
                .collect(),
            EntryKind::Measure => item
                .measures
                .iter()
                .filter_map(|id| self.plan.measures.iter().find(|m| m.id == *id))
                .map(|m| {
                    let mut parts = Vec::new();
                    if let Some(b) = &m.baseline {
                        parts.push(format!("Baseline {} in {}", m.format(b.value), b.period));
                    }
                    for t in &m.targets {
                        if let TargetKind::Absolute { value } = t.kind {
                            parts.push(format!("target {} for {}", m.format(value), t.period));
                        }
                    }
                    joined(parts).map(|p| format!("{p}: read from the plan, check them"))
                })
                .collect(),
            EntryKind::Success | EntryKind::Asked => vec![None; self.entries(item, kind).len()],
        }
    }

    /// Takes an entry out of its item, giving its text (and, for a KPI, the measure).
    fn take_entry(&mut self, entry: Entry) -> Result<(String, Option<Action>, Option<Measure>), String> {
        let item = find(&mut self.plan.items, entry.item).ok_or("That item is no longer in the draft")?;
        let gone = "That entry is no longer there; it may have been moved already";
        match entry.kind {
            EntryKind::Action => {
                (entry.index < item.actions.len()).then_some(()).ok_or(gone)?;
                let action = item.actions.remove(entry.index);
                Ok((action.title.clone(), Some(action), None))
            }
            EntryKind::Success => {
                (entry.index < item.success_statements.len()).then_some(()).ok_or(gone)?;
                Ok((item.success_statements.remove(entry.index).text, None, None))
            }
            EntryKind::Asked => {
                (entry.index < item.young_people_asked.len()).then_some(()).ok_or(gone)?;
                Ok((item.young_people_asked.remove(entry.index), None, None))
            }
            EntryKind::Measure => {
                (entry.index < item.measures.len()).then_some(()).ok_or(gone)?;
                let id = item.measures.remove(entry.index);
                let still_used = self.plan.items.iter().flat_map(|i| i.walk()).any(|(_, i)| i.measures.contains(&id));
                let measure = self.plan.measures.iter().find(|m| m.id == id).cloned().ok_or(gone)?;
                if !still_used {
                    self.plan.measures.retain(|m| m.id != id);
                }
                Ok((measure.name.clone(), None, Some(measure)))
            }
        }
    }

    /// Puts text into an item as an entry of `kind`, keeping an action's or a KPI's details
    /// when it stays the same kind.
    fn put(
        &mut self,
        to: ItemId,
        kind: EntryKind,
        text: String,
        action: Option<Action>,
        measure: Option<Measure>,
    ) -> Result<(), String> {
        let measure_id = match (kind, measure) {
            (EntryKind::Measure, Some(m)) => {
                let id = m.id;
                if !self.plan.measures.iter().any(|h| h.id == id) {
                    self.plan.measures.push(m);
                }
                Some(id)
            }
            (EntryKind::Measure, None) => {
                let m = new_measure(&self.plan.measures, &text, &self.plan.plan.period);
                let id = m.id;
                self.plan.measures.push(m);
                Some(id)
            }
            _ => None,
        };
        let item = find(&mut self.plan.items, to).ok_or("The item to put it in is no longer in the draft")?;
        match kind {
            EntryKind::Action => item.actions.push(action.unwrap_or_else(|| Action::new(text))),
            EntryKind::Success => item.success_statements.push(SuccessStatement {
                id: SuccessStatementId::new(),
                text,
                measures: Vec::new(),
            }),
            EntryKind::Asked => item.young_people_asked.push(text),
            EntryKind::Measure => item.measures.extend(measure_id),
        }
        Ok(())
    }

    /// Makes a correction, or says why it cannot be made.
    pub fn apply(&mut self, change: Change) -> Result<(), String> {
        let said = match change {
            Change::Retitle { item, number, title } => {
                let title = title.trim().to_string();
                if title.is_empty() {
                    return Err("Enter the item's title".into());
                }
                let before = self.name(item);
                let found = find(&mut self.plan.items, item).ok_or("That item is no longer in the draft")?;
                found.number = number.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
                found.title = title;
                format!("Renamed {before} to {}", self.name(item))
            }
            Change::Merge { item, into } => {
                if item == into {
                    return Err("Choose another item to merge it into".into());
                }
                let (name, into_name) = (self.name(item), self.name(into));
                if self.plan.items.iter().flat_map(|i| i.walk()).any(|(_, i)| i.id == item && contains(i, into)) {
                    return Err(format!("{into_name} is inside {name}; merge it the other way round"));
                }
                let taken = take(&mut self.plan.items, item).ok_or("That item is no longer in the draft")?;
                let target =
                    find(&mut self.plan.items, into).ok_or("The item to merge into is no longer in the draft")?;
                for (text, into_text) in [
                    (&taken.summary, &mut target.summary),
                    (&taken.why_it_matters, &mut target.why_it_matters),
                    (&taken.key_priority, &mut target.key_priority),
                ] {
                    if let Some(text) = text {
                        *into_text =
                            Some([into_text.clone().unwrap_or_default(), text.clone()].join("\n\n").trim().to_string());
                    }
                }
                target.young_people_asked.extend(taken.young_people_asked);
                target.actions.extend(taken.actions);
                target.success_statements.extend(taken.success_statements);
                target.measures.extend(taken.measures);
                target.references.extend(taken.references);
                target.items.extend(taken.items);
                if target.officer_lead.is_none() {
                    target.officer_lead = taken.officer_lead;
                }
                format!("Merged {name} into {into_name}")
            }
            Change::Remove { item } => {
                let name = self.name(item);
                let taken = take(&mut self.plan.items, item).ok_or("That item is no longer in the draft")?;
                let used: Vec<MeasureId> =
                    self.plan.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| i.measures.clone()).collect();
                let gone: Vec<MeasureId> = taken.walk().iter().flat_map(|(_, i)| i.measures.clone()).collect();
                self.plan.measures.retain(|m| !gone.contains(&m.id) || used.contains(&m.id));
                format!("Removed {name} and everything in it")
            }
            Change::MoveItem { item, under } => {
                let name = self.name(item);
                if let Some(under) = under {
                    let inside =
                        self.items().iter().any(|(_, i)| i.id == item && (i.id == under || contains(i, under)));
                    if inside {
                        return Err(format!("{name} cannot go under itself or an item inside it"));
                    }
                    find(&mut self.plan.items, under).ok_or("The item to move it under is no longer in the draft")?;
                }
                let taken = take(&mut self.plan.items, item).ok_or("That item is no longer in the draft")?;
                let place = match under {
                    Some(under) => find(&mut self.plan.items, under).map(|u| &mut u.items),
                    None => Some(&mut self.plan.items),
                };
                place.ok_or("The item to move it under is no longer in the draft")?.push(taken);
                match under {
                    Some(under) => format!("Moved {name} under {}", self.name(under)),
                    None => format!("Moved {name} to the top level"),
                }
            }
            Change::Move { entry, to, kind } => {
                find(&mut self.plan.items, to).ok_or("The item to move it to is no longer in the draft")?;
                let (text, action, measure) = self.take_entry(entry)?;
                let (from, into) = (self.name(entry.item), self.name(to));
                self.put(to, kind, text.clone(), action, measure)?;
                format!("Moved \"{text}\" from {from} to {into} as: {}", kind.label())
            }
            Change::RemoveEntry { entry } => {
                let (text, _, _) = self.take_entry(entry)?;
                format!("Removed \"{text}\" from {}", self.name(entry.item))
            }
            Change::AddLine { line, to, kind } => {
                let at = self.lines.iter().position(|l| l.number == line).ok_or("That line is not in the document")?;
                let text = crate::parse::unmarked(&self.lines[at].text).to_string();
                let into = self.name(to);
                self.put(to, kind, text.clone(), None, None)?;
                self.lines[at].added_to = Some(format!("{into} › {}", kind.label()));
                format!("Put line {line} in {into} as: {}", kind.label())
            }
        };
        self.changes.push(said);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::plan::{Owner, plan_file};
    use crate::profile::Profile;
    use crate::{Kind, read};

    /// A review of a document read as the given kind, with the built-in profile.
    fn review_of(kind: Kind, name: &str, doc: &str) -> Review {
        let source = read(kind, name, doc.as_bytes()).unwrap_or_default();
        let parsed = parse(&source, &Profile::built_in());
        let owner = Owner {
            partnership_name: "P".into(),
            partnership_slug: "p".into(),
            area_name: "A".into(),
            gss_code: "E08000001".into(),
        };
        Review::new(name, &source, &parsed, plan_file(&parsed, &owner))
    }

    fn review() -> Review {
        let doc = "# Plan 2025-28\n\nPriority 1 - Safe\n\nActions\n\n- Open hubs\n\n\
            How will we know we have made a difference?\n\n- Fewer plans\n- Percentage of plans repeated\n\n\
            Priority 2 - Learning\n\nActions\n\n- Train schools\n\n![Photo of a school](x.png)\n\nPriority 3 - Learning well\n\nActions\n\n- Visit\n";
        review_of(Kind::Markdown, "plan.md", doc)
    }

    #[test]
    fn patterns_are_made_for_lines_like_the_one_chosen() {
        let level = |text: &str, other: &str| {
            let p = level_pattern(text);
            Profile::from_json(&format!(r#"{{"levels":[{{"name":"X","patterns":[{}]}}]}}"#, serde_json::json!(p)))
                .ok()
                .and_then(|profile| profile.level(other))
                .map(|m| (m.number, m.title))
        };
        assert_eq!(
            level("Strategic objective 1: Safe", "Strategic objective 3: Healthy lives"),
            Some((Some("3".into()), "Healthy lives".into()))
        );
        assert_eq!(level("SO1 Healthy lives", "SO2 Safe homes"), Some((Some("2".into()), "Safe homes".into())));
        assert_eq!(level("Theme: Healthy", "Theme: Safe"), Some((None, "Safe".into())));
        assert_eq!(level("Healthy lives", "Safe homes"), None);
        let furniture = Profile::from_json(&format!(
            r#"{{"furniture":[{}]}}"#,
            serde_json::json!(furniture_pattern("Page 2 of 5"))
        ));
        assert!(furniture.is_ok_and(|p| p.is_furniture("Page 14 of 20") && !p.is_furniture("Page one")));
        let field = Profile::from_json(&format!(
            r#"{{"fields":[{{"field":"actions","patterns":[{}]}}]}}"#,
            serde_json::json!(field_pattern("Delivery:"))
        ));
        assert!(field.is_ok_and(|p| p.field("delivery").is_some() && p.field("Delivery?").is_some()));
    }

    #[test]
    fn a_kind_of_line_taught_once_reads_the_whole_document_again() -> Result<(), String> {
        let doc = "Kelderby plan 2025-28\n\nWhat we want\n\n- Children are healthy\n- Children are safe\n\n\
            Who we are\n\n- Six agencies\n- One board\n\nSO1 Healthy lives\n\n\
            We will open two family hubs in the north of the borough.\n\nWe will train every health visitor.\n\n\
            Page 2 of 5\n\nSO2 Safe homes\n\nDelivery\n\nSet up a neglect panel.\n\nPage 3 of 5\n";
        let mut review = review_of(Kind::Text, "plan.txt", doc);
        // Read by default, the two short lines over lists are taken for the items.
        let titles = |r: &Review| r.plan.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&review), vec!["What we want".to_string(), "Who we are".to_string()]);
        review.apply(Change::Remove { item: review.plan.items[0].id })?;
        let line = |r: &Review, text: &str| r.lines.iter().find(|l| l.text == text).map(|l| l.number).unwrap_or(0);
        review.teach(Lesson::Level { line: line(&review, "SO1 Healthy lives"), name: "Strategic objective".into() })?;
        assert_eq!(titles(&review), vec!["Healthy lives".to_string(), "Safe homes".to_string()]);
        assert_eq!(review.plan.plan.level_names, vec!["Strategic objective".to_string()]);
        assert_eq!(review.plan.items[0].actions.len(), 2);
        assert!(review.changes[0].contains("the 1 corrections made before were undone"), "{:?}", review.changes);
        review.teach(Lesson::Field { line: line(&review, "Delivery"), field: Field::Actions })?;
        assert_eq!(
            review.plan.items[1].actions.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
            vec!["Set up a neglect panel."]
        );
        review.teach(Lesson::Furniture { line: line(&review, "Page 2 of 5") })?;
        let dropped = review.lines.iter().filter(|l| l.text.starts_with("Page ") && l.dropped.is_some()).count();
        assert_eq!(dropped, 2, "both page numbers are furniture");
        assert_eq!(review.taught.len(), 3);
        // What was learnt is a profile of its own, as the CLI's --profile reads it.
        let json = serde_json::to_string(&review.lessons).map_err(|e| e.to_string())?;
        assert!(Profile::from_json(&json).is_ok(), "{json}");
        // A lesson that leaves no items changes nothing.
        let mut review = review_of(Kind::Text, "one.txt", "Plan\n\nPriority 1 - Safe\n\n- Train staff\n");
        let before = review.clone();
        let refused = review.teach(Lesson::Furniture { line: line(&review, "Priority 1 - Safe") });
        assert!(refused.is_err_and(|e| e.contains("the document has no items; nothing was changed")));
        assert_eq!(review, before);
        Ok(())
    }

    #[test]
    fn a_tables_columns_taught_once_read_every_table_headed_like_it() -> Result<(), String> {
        let header = "Our ambition\tWhere we are now\tWhere we want to be by 2027\tWho";
        let doc = format!(
            "Kelderby plan 2025-28\n\nPriority 1: Healthy lives\n\nWe will open two family hubs.\n\n\
             We will train every health visitor.\n\n{header}\n\
             Children ready for school at five\t64% (2023/24)\t70%\tHead of Early Years\n\
             Children seen by a health visitor at one\t81% (2023/24)\t90%\tHealth visiting lead\n\n\
             Priority 2: Safe homes\n\nWe will set up a neglect panel.\n\n{header}\n\
             Children on a second protection plan\t23% (2023/24)\t18%\tHead of Safeguarding\n"
        );
        let mut review = review_of(Kind::Text, "plan.txt", &doc);
        // Read by default, the header is taken for an entry, and no measure has its figures.
        assert!(review.plan.measures.is_empty());
        assert!(review.entries(&review.plan.items[0], EntryKind::Success).contains(&"Our ambition".to_string()));
        let row = review.lines.iter().find(|l| l.text.starts_with("Children ready")).map(|l| l.number).unwrap_or(0);
        let columns = columns_in_words("name, baseline, target, lead")?;
        review.teach(Lesson::Table { line: row, field: Field::Measures, columns })?;
        let names: Vec<&str> = review.plan.measures.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Children ready for school at five",
                "Children seen by a health visitor at one",
                "Children on a second protection plan"
            ]
        );
        let ready = &review.plan.measures[0];
        assert_eq!(
            ready.baseline.as_ref().map(|b| (b.value, b.period)),
            Some((64.0, Period::FinancialYear { year: 2023 }))
        );
        assert_eq!(
            ready.targets.first().map(|t| (&t.kind, t.period)),
            Some((&TargetKind::Absolute { value: 70.0 }, Period::CalendarYear { year: 2027 }))
        );
        assert!(
            ready.definition.as_deref().is_some_and(|d| d.contains("Lead: Head of Early Years")),
            "{:?}",
            ready.definition
        );
        assert_eq!(review.plan.measures[2].direction, Direction::LowerIsBetter);
        assert!(review.entries(&review.plan.items[0], EntryKind::Success).is_empty(), "the header row is left out");
        assert_eq!(review.plan.items[0].actions.len(), 2);
        assert!(review.taught[0].contains("their columns are name, baseline, target, lead"), "{:?}", review.taught);
        // Kept as a profile, it reads the next plan's tables headed like these.
        let json = serde_json::to_string(&review.lessons).map_err(|e| e.to_string())?;
        let profile = Profile::from_json(&json)?;
        assert!(profile.table("Our ambition\tWhere we are now\tWhere we want to be by 2030\tWho\t").is_some());
        assert!(profile.table("Action\tLead").is_none());
        // What cannot be taught is said.
        let said = |lesson| review.clone().teach(lesson).err().unwrap_or_default();
        let plain = review.lines.iter().find(|l| l.text.starts_with("We will open")).map(|l| l.number).unwrap_or(0);
        assert!(
            said(Lesson::Table { line: plain, field: Field::Measures, columns: vec![Column::Name] })
                .contains("not a row of a table")
        );
        let five = columns_in_words("name, baseline, target, lead, due")?;
        assert!(
            said(Lesson::Table { line: row, field: Field::Measures, columns: five })
                .contains("has 4 columns and you named 5")
        );
        assert!(
            said(Lesson::Table { line: row, field: Field::Measures, columns: vec![Column::Baseline] })
                .contains("which one column")
        );
        assert!(columns_in_words("name, size").is_err_and(|e| e.contains("\"size\" is not a kind of column")));
        Ok(())
    }

    #[test]
    fn every_line_is_shown_placed_or_left_out() {
        let r = review();
        assert!(r.lines.iter().all(|l| l.placed.is_some() != l.dropped.is_some()));
        assert!(r.lines.iter().any(|l| l.text.contains("Photo") && l.dropped.is_some()));
    }

    #[test]
    fn corrections_move_merge_retitle_and_remove_and_are_recorded() -> Result<(), String> {
        let mut r = review();
        let ids: Vec<ItemId> = r.plan.items.iter().map(|i| i.id).collect();
        // A KPI that came in as a success statement is made a KPI.
        let entry = Entry { item: ids[0], kind: EntryKind::Success, index: 1 };
        r.apply(Change::Move { entry, to: ids[0], kind: EntryKind::Measure })?;
        assert_eq!(r.entries(&r.plan.items[0], EntryKind::Success), vec!["Fewer plans".to_string()]);
        assert_eq!(r.entries(&r.plan.items[0], EntryKind::Measure), vec!["Percentage of plans repeated".to_string()]);
        assert_eq!(r.plan.measures.len(), 1);
        // Priority 3 was the second half of priority 2.
        r.apply(Change::Merge { item: ids[2], into: ids[1] })?;
        assert_eq!(r.plan.items.len(), 2);
        assert_eq!(
            r.entries(&r.plan.items[1], EntryKind::Action),
            vec!["Train schools".to_string(), "Visit".to_string()]
        );
        r.apply(Change::Retitle { item: ids[1], number: Some("2".into()), title: "Learning well".into() })?;
        assert_eq!(r.plan.items[1].title, "Learning well");
        // The picture's line is put in after all, as an action.
        let line = r.lines.iter().find(|l| l.text.contains("Photo")).map(|l| l.number).ok_or("no photo line")?;
        r.apply(Change::AddLine { line, to: ids[1], kind: EntryKind::Action })?;
        assert_eq!(r.plan.items[1].actions.len(), 3);
        assert!(r.lines.iter().any(|l| l.added_to.as_deref() == Some("Priority 2 Learning well › Action")));
        r.apply(Change::AddLine { line, to: ids[1], kind: EntryKind::Success })?;
        assert_eq!(r.entries(&r.plan.items[1], EntryKind::Success).len(), 1);
        // A KPI moved out and removed leaves no measure behind.
        r.apply(Change::RemoveEntry { entry: Entry { item: ids[0], kind: EntryKind::Measure, index: 0 } })?;
        assert!(r.plan.measures.is_empty());
        r.apply(Change::Remove { item: ids[0] })?;
        assert_eq!(r.plan.items.len(), 1);
        assert_eq!(r.changes.len(), 7, "{:?}", r.changes);
        assert!(
            r.changes[0].starts_with("Moved \"Percentage of plans repeated\" from Priority 1 Safe to Priority 1 Safe")
        );
        // What cannot be done is said, and changes nothing.
        let stale = Entry { item: ids[0], kind: EntryKind::Action, index: 0 };
        assert_eq!(r.apply(Change::RemoveEntry { entry: stale }), Err("That item is no longer in the draft".into()));
        assert_eq!(
            r.apply(Change::Merge { item: ids[1], into: ids[1] }),
            Err("Choose another item to merge it into".into())
        );
        assert_eq!(
            r.apply(Change::MoveItem { item: ids[1], under: Some(ids[1]) }).map_err(|e| e.contains("under itself")),
            Err(true)
        );
        assert_eq!(r.changes.len(), 7);
        Ok(())
    }

    #[test]
    fn an_item_moves_under_another_and_back_to_the_top() -> Result<(), String> {
        let mut r = review();
        let ids: Vec<ItemId> = r.plan.items.iter().map(|i| i.id).collect();
        r.apply(Change::MoveItem { item: ids[2], under: Some(ids[1]) })?;
        assert_eq!(r.plan.items.len(), 2);
        assert_eq!(r.plan.items[1].items[0].id, ids[2]);
        assert_eq!(
            r.changes.last().map(String::as_str),
            Some("Moved Priority 3 Learning well under Priority 2 Learning")
        );
        assert!(
            r.apply(Change::MoveItem { item: ids[1], under: Some(ids[2]) }).is_err(),
            "not under an item inside it"
        );
        r.apply(Change::MoveItem { item: ids[2], under: None })?;
        assert_eq!(r.plan.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[0], ids[1], ids[2]]);
        Ok(())
    }

    #[test]
    fn a_review_survives_being_kept_as_json() -> Result<(), serde_json::Error> {
        let r = review();
        let again: Review = serde_json::from_str(&serde_json::to_string(&r)?)?;
        assert_eq!(again, r);
        Ok(())
    }
}
