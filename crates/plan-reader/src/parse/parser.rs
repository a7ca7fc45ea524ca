//! The parser's state as it reads a document line by line: where lines are going now, the
//! current item, and each step that deals with a line (a contents list, a table row, a level,
//! field, part or section heading, an item's content, the jargon buster).

use super::lines::*;
use super::structure::{Role, Structure};
use super::{Item, Parsed, Placement};
use crate::profile::{Column, Field, LevelMatch, Part, Profile};
use crate::{Hint, Line};

/// Where lines are going now.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Nothing,
    /// An item's field; `None` is its summary.
    Item(Option<Field>),
    Part(Part),
    /// One of a report's other numbered sections.
    Section(usize),
}

/// Items are held as a path of indexes from the top.
fn item_at<'a>(items: &'a mut [Item], path: &[usize]) -> Option<&'a mut Item> {
    let (first, rest) = path.split_first()?;
    let item = items.get_mut(*first)?;
    if rest.is_empty() { Some(item) } else { item_at(&mut item.items, rest) }
}

/// The children of the item at `path`, or the top-level items for an empty path.
fn children_at<'a>(items: &'a mut Vec<Item>, path: &[usize]) -> Option<&'a mut Vec<Item>> {
    if path.is_empty() { Some(items) } else { item_at(items, path).map(|i| &mut i.items) }
}

fn label(field: Option<Field>) -> &'static str {
    field.map_or("Summary", Field::label)
}

/// A line being read, with what is around it.
pub(super) struct At<'s> {
    pub(super) line: &'s Line,
    /// Its text without list markers and emphasis.
    pub(super) text: String,
    pub(super) before: Before,
    /// The next line with any text.
    pub(super) next: Option<&'s Line>,
}

/// The parser's state between lines. Each step of [`Parser::line`] either deals with the line
/// (and says so) or leaves it to the next.
pub(super) struct Parser<'p> {
    profile: &'p Profile,
    parsed: Parsed,
    /// The profile's level indexes seen, in profile order: an item's depth is its level's
    /// position among them.
    seen: Vec<usize>,
    /// The current item, as indexes from the top.
    path: Vec<usize>,
    target: Target,
    /// The last line's text that went somewhere.
    previous: String,
    /// An item whose heading had no title, waiting for the next line to give it.
    awaiting_title: bool,
    /// Whether the line before was a level heading, whose title a wrapped line continues.
    after_heading: bool,
    /// A contents list: its lines are dropped until its first entry comes again as a heading.
    contents: Option<Option<String>>,
    /// Whether the last non-blank line was a list item (or an action's detail under one).
    after_list_item: bool,
    /// Whether the lines are a contact block.
    contact: bool,
    /// Whether the last line carried on a wrapped sentence.
    wrapping: bool,
    /// The items a plan on a page has named.
    summary_named: Vec<(String, String)>,
    /// Whether short numbered headings are the plan's priorities (after "Key priorities").
    numbered_priorities: bool,
    /// The levels a table's header row names, for the rows under it.
    header: Option<Vec<LevelMatch>>,
    /// An item a heading has just opened, with nothing in it yet ("Action 1" over a table row
    /// that names the priority it details): given up if the next row names another.
    fresh: Option<Vec<usize>>,
    /// Running headers and footers (see [`running_lines`]).
    running: Vec<String>,
    /// Whether a list that follows names the partners ("Organisations that are key partners …
    /// include:").
    partners_list: bool,
    /// What the document's structure says of its lines, asked before the profile.
    structure: Structure,
    /// The header of the table being read, its cells in order.
    columns: Option<Vec<String>>,
}

impl<'p> Parser<'p> {
    pub(super) fn new(profile: &'p Profile, running: Vec<String>, structure: Structure) -> Parser<'p> {
        Parser {
            profile,
            parsed: Parsed::default(),
            seen: Vec::new(),
            path: Vec::new(),
            target: Target::Nothing,
            previous: String::new(),
            awaiting_title: false,
            after_heading: false,
            contents: None,
            after_list_item: false,
            contact: false,
            wrapping: false,
            summary_named: Vec::new(),
            numbered_priorities: false,
            header: None,
            fresh: None,
            running,
            partners_list: false,
            structure,
            columns: None,
        }
    }

    fn place(&mut self, at: &At, placement: Placement) {
        self.parsed.placements.push((at.line.number, placement));
    }

    /// Places a line and remembers its text as the last that went somewhere.
    fn placed(&mut self, at: &At, to: String) {
        self.place(at, Placement::Placed(to));
        self.previous = at.text.clone();
    }

    /// One line, through each step in turn: what the structure says of it first, then what
    /// the profile says.
    pub(super) fn line(&mut self, at: &At) {
        let was_after_list_item =
            std::mem::replace(&mut self.after_list_item, matches!(at.line.hint, Hint::ListItem { .. }));
        if self.contents_line(at) {
            return;
        }
        if at.line.hint != Hint::TableRow {
            self.header = None;
            self.columns = None;
        }
        let role = self.structure.role(at.line.number).cloned();
        match role {
            Some(Role::Level(level, depth)) if !self.left_out(at) => {
                self.open_level_at(at, level, depth);
                return;
            }
            Some(Role::Section(title)) if !self.left_out(at) => {
                self.open_section(at, title);
                return;
            }
            Some(Role::Field(field)) if !self.path.is_empty() && self.profile.field(unnumbered(&at.text)).is_none() => {
                self.after_heading = false;
                self.target = Target::Item(Some(field));
                self.awaiting_title = false;
                self.placed(at, format!("heading: {}", field.label()));
                return;
            }
            Some(Role::Value) => {
                self.place(at, Placement::Dropped("a measure's latest value or status, on a line of its own"));
                return;
            }
            Some(Role::Header) if !self.table_row(at) => {
                self.columns = Some(columns(&at.line.text, self.profile));
                self.place(at, Placement::Dropped("a table's header row"));
                return;
            }
            Some(Role::Entry(text)) if !self.left_out(at) => {
                self.fresh = None;
                self.after_heading = false;
                let entry = At { line: at.line, text, before: at.before, next: at.next };
                self.content(&entry, was_after_list_item);
                return;
            }
            _ => {}
        }
        let content = matches!(role, Some(Role::Content(_) | Role::Summary));
        if self.table_row(at) || self.left_out(at) || self.report_detail(at) || (!content && self.level_heading(at)) {
            return;
        }
        self.fresh = None;
        if self.title_wrapped(at) {
            return;
        }
        self.after_heading = false;
        // A table's rows are what their block says, whatever came before the table.
        if let Some(Role::Content(field)) = role
            && (self.target == Target::Item(None) || at.line.hint == Hint::TableRow)
            && !self.path.is_empty()
        {
            self.target = Target::Item(Some(field));
        }
        if let (Some(Role::Summary), Target::Item(Some(_))) = (&role, self.target)
            && !self.path.is_empty()
        {
            self.target = Target::Item(None);
        }
        if !content && (self.field_heading(at) || self.part_heading(at) || self.section_heading(at)) {
            return;
        }
        self.content(at, was_after_list_item);
    }

    /// The levels the items use, from the top: by the least depth each is found at, then by
    /// the profile's order.
    pub(super) fn finish(mut self) -> Parsed {
        let profile = self.profile;
        fn walk(items: &[Item], depth: usize, out: &mut Vec<(usize, String)>) {
            for item in items {
                out.push((depth, item.level.clone()));
                walk(&item.items, depth + 1, out);
            }
        }
        let mut used = Vec::new();
        walk(&self.parsed.items, 0, &mut used);
        let mut levels: Vec<(usize, usize, String)> = Vec::new();
        for (depth, name) in used {
            match levels.iter_mut().find(|(_, _, n)| *n == name) {
                Some(found) => found.0 = found.0.min(depth),
                None => levels.push((depth, profile.level_index(&name).unwrap_or(usize::MAX), name)),
            }
        }
        levels.sort();
        self.parsed.levels = levels.into_iter().map(|(_, _, name)| name).collect();
        self.parsed
    }

    /// The contents list: from "Contents" until its first entry comes again as a heading, or
    /// the first real heading or paragraph of prose, whichever is first.
    fn contents_line(&mut self, at: &At) -> bool {
        let text = &at.text;
        if text.eq_ignore_ascii_case("contents") || text.eq_ignore_ascii_case("table of contents") {
            self.contents = Some(None);
            self.place(at, Placement::Dropped("the contents"));
            return true;
        }
        let leaders = text.contains(". . . ") || text.contains("....");
        let prose = text.len() > 120 && text.ends_with(['.', '!', '?']);
        if self.contents.is_some() && !leaders && (matches!(at.line.hint, Hint::Heading(_)) || prose) {
            self.contents = None;
        }
        let Some(first) = self.contents.as_mut() else { return false };
        let key = heading_key(text);
        match first {
            None => *first = Some(key),
            Some(first) if *first != key => {}
            Some(_) => {
                self.contents = None;
                return false;
            }
        }
        self.place(at, Placement::Dropped("the contents"));
        true
    }

    /// A table's header row naming levels, and the rows under it, which name items.
    fn table_row(&mut self, at: &At) -> bool {
        if at.line.hint != Hint::TableRow {
            return false;
        }
        if let Some(levels) = level_header(&at.line.text, self.profile) {
            let names: Vec<String> = levels.iter().map(|l| l.name.clone()).collect();
            self.header = Some(levels);
            self.place(at, Placement::Placed(format!("a table's header row: {}", names.join(", "))));
            return true;
        }
        let Some(levels) = self.header.as_ref() else { return false };
        let entries = header_entries(&at.line.text, levels);
        if entries.is_empty() {
            return false;
        }
        let mut path: Vec<usize> = Vec::new();
        let mut last_name = String::new();
        for (n, (level, title)) in entries.iter().enumerate() {
            self.see(level.index);
            if n == 0 {
                path = self.path.iter().copied().take(self.depth(level.index)).collect();
            } else if level.name == last_name {
                path.pop();
            }
            last_name = level.name.clone();
            let Some(siblings) = children_at(&mut self.parsed.items, &path) else { break };
            let (title, reference) = split_reference(title);
            let index = find_item(siblings, &level.name, level.number.as_deref(), &title, true).unwrap_or_else(|| {
                siblings.push(Item { level: level.name.clone(), number: level.number.clone(), ..Item::default() });
                siblings.len() - 1
            });
            if let Some(item) = siblings.get_mut(index) {
                if item.title.is_empty() {
                    item.title = title;
                }
                if let Some(reference) = reference.filter(|r| !item.references.contains(r)) {
                    item.references.push(reference);
                }
            }
            path.push(index);
        }
        // The heading just above ("Action 1") opened an item only to say which one the row
        // names: it is given up for that one.
        if let Some(opened) = self.fresh.take().filter(|f| *f != path) {
            let (parent, last) = opened.split_at(opened.len() - 1);
            if let (Some(siblings), Some(&i)) = (children_at(&mut self.parsed.items, parent), last.first())
                && siblings.get(i).is_some_and(is_empty_item)
                && i + 1 == siblings.len()
            {
                siblings.remove(i);
            }
        }
        let name = entries
            .iter()
            .map(|(l, _)| format!("{} {}", l.name, l.number.clone().unwrap_or_default()).trim().to_string())
            .collect::<Vec<_>>()
            .join(" › ");
        self.path = path;
        self.target = Target::Item(None);
        self.awaiting_title = false;
        self.placed(at, name);
        true
    }

    /// Lines left out: a table's header row, a running header or footer, page furniture, a
    /// contact block.
    fn left_out(&mut self, at: &At) -> bool {
        let (line, text) = (at.line, &at.text);
        let why = if line.hint == Hint::PageFurniture {
            "page furniture by its place: a running header or footer, a page number, the table of contents"
        } else if (line.hint == Hint::TableRow && is_header_row(&line.text))
            || (line.hint == Hint::Plain && is_run_together_header(text))
        {
            "a table's header row"
        } else if line.hint == Hint::Plain && self.running.iter().any(|r| r == line.text.trim()) {
            "a line repeated on every page (a running header or footer)"
        } else if self.profile.is_furniture(text) {
            "page furniture: contents, page numbers, pictures, web addresses"
        } else if self.profile.is_contact(text) {
            // A contact block ("For more information please contact:", a phone number, an
            // address) runs until a line of prose or a heading.
            self.contact = true;
            "a contact block"
        } else if self.contact && text.split_whitespace().count() <= 8 && !matches!(line.hint, Hint::Heading(_)) {
            "a contact block"
        } else {
            self.contact = false;
            return false;
        };
        self.place(at, Placement::Dropped(why));
        true
    }

    /// A report's heading table: "3. | Title: | Children and Young People's Plan – Progress Report".
    fn report_detail(&mut self, at: &At) -> bool {
        let Some((key, value)) = report_detail(at.line) else { return false };
        let value = joined_ordinals(&value);
        match key.as_str() {
            "title" => self.parsed.report_title = Some(value),
            "meeting" => self.parsed.meeting = Some(value),
            "date" => self.parsed.date = Some(value),
            _ => {}
        }
        self.place(at, Placement::Placed(format!("the report's details: {key}")));
        true
    }

    fn see(&mut self, level: usize) {
        if !self.seen.contains(&level) {
            self.seen.push(level);
            self.seen.sort_unstable();
        }
    }

    fn depth(&self, level: usize) -> usize {
        self.seen.iter().position(|i| *i == level).unwrap_or(0)
    }

    /// The level a line heads, if it heads one: by the profile, or a short numbered heading
    /// under "Key priorities". In a plan on a page the items are named once each in short; an
    /// item named again, or followed by a field heading, starts its own chapter.
    fn level_of(&mut self, at: &At) -> Option<LevelMatch> {
        let profile = self.profile;
        let mut in_summary = self.target == Target::Part(Part::Summary);
        let found = profile.level(&at.text);
        if let Some(level) = found.as_ref().filter(|_| in_summary) {
            let key = (level.name.clone(), level.number.clone().unwrap_or_else(|| title_key(&level.title)));
            let chapter = at.next.is_some_and(|n| profile.field(unnumbered(&clean(n))).is_some());
            if chapter || self.summary_named.contains(&key) {
                in_summary = false;
            } else {
                self.summary_named.push(key);
            }
        }
        found.filter(|_| !in_summary).or_else(|| {
            let (number, title) = numbered_heading(at.line, at.next).filter(|_| self.numbered_priorities)?;
            let index = profile.level_index("Priority")?;
            Some(LevelMatch { index, name: "Priority".into(), number: Some(number), title })
        })
    }

    /// A level heading starts an item at the depth its level has among those the document
    /// uses, or finds the same one again ("Priority 1 - …" repeated above each area of focus,
    /// "Outcome 1 - Continued").
    fn level_heading(&mut self, at: &At) -> bool {
        let Some(level) = self.level_of(at) else { return false };
        self.open_level(at, level);
        true
    }

    /// A heading of the given level starts an item, or finds the same one again.
    fn open_level(&mut self, at: &At, level: LevelMatch) {
        self.see(level.index);
        let depth = self.depth(level.index);
        self.open_level_at(at, level, depth);
    }

    /// An item at the given depth, as the document's structure places it.
    fn open_level_at(&mut self, at: &At, level: LevelMatch, depth: usize) {
        self.see(level.index);
        let continued = level.title.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()) == "continued";
        self.path.truncate(depth);
        let Some(siblings) = children_at(&mut self.parsed.items, &self.path) else { return };
        let (title, reference) = if continued { (String::new(), None) } else { split_reference(&level.title) };
        let same = find_item(siblings, &level.name, level.number.as_deref(), &title, false);
        let index = same.unwrap_or_else(|| {
            siblings.push(Item { level: level.name.clone(), number: level.number.clone(), ..Item::default() });
            siblings.len() - 1
        });
        let is_heading = matches!(at.line.hint, Hint::Heading(_));
        if let Some(item) = siblings.get_mut(index) {
            if !continued && (item.title.is_empty() || (is_heading && !item.titled_by_heading)) {
                item.title = title;
                item.titled_by_heading = is_heading;
            }
            if let Some(reference) = reference.filter(|r| !item.references.contains(r)) {
                item.references.push(reference);
            }
            self.awaiting_title = item.title.is_empty() && !continued;
        }
        self.path.push(index);
        if same.is_none() {
            self.fresh = Some(self.path.clone());
        }
        self.target = Target::Item(None);
        let heading = format!("{} {}", level.name, level.number.clone().unwrap_or_default());
        self.placed(at, heading.trim().to_string());
        self.after_heading = true;
    }

    /// A heading's title wrapped onto the next line (as PDF text gives it).
    fn title_wrapped(&mut self, at: &At) -> bool {
        if !self.after_heading || !continues(&self.previous, Before::Gap, false, at.line, &at.text) {
            return false;
        }
        let Some(item) = item_at(&mut self.parsed.items, &self.path) else { return false };
        item.title.push(' ');
        item.title.push_str(&at.text);
        let where_to = format!("{} {} › title", item.level, item.number.clone().unwrap_or_default());
        self.placed(at, where_to);
        true
    }

    /// A field heading ("Why is this important?") directs the lines after it.
    fn field_heading(&mut self, at: &At) -> bool {
        if self.path.is_empty() {
            return false;
        }
        let Some((field, rest)) = self.profile.field(unnumbered(&at.text)) else { return false };
        self.target = Target::Item(Some(field));
        self.awaiting_title = false;
        if let (Some(rest), Some(item)) = (rest, item_at(&mut self.parsed.items, &self.path)) {
            item.field(field).push(rest);
        }
        self.placed(at, format!("heading: {}", field.label()));
        true
    }

    /// A heading of one of the plan's own parts (vision, principles, jargon buster).
    fn part_heading(&mut self, at: &At) -> bool {
        let Some((part, rest)) = self.profile.part(unnumbered(&at.text)) else { return false };
        self.target = Target::Part(part);
        self.numbered_priorities = part == Part::Priorities;
        self.path.clear();
        if let Some(rest) = rest {
            self.parsed.part(part).push(rest);
        }
        self.placed(at, format!("heading: {}", part.label()));
        true
    }

    /// A report's numbered section heading ("8. Finance:").
    fn section_heading(&mut self, at: &At) -> bool {
        let Some(title) = numbered_section(at.line) else { return false };
        self.open_section(at, title);
        true
    }

    /// A section of the plan's own text, outside the items.
    fn open_section(&mut self, at: &At, title: String) {
        self.after_heading = false;
        self.target = Target::Section(self.parsed.sections.len());
        self.path.clear();
        self.parsed.sections.push((title.clone(), Vec::new()));
        self.placed(at, format!("heading: {title}"));
    }

    /// A line of content: it goes where the last heading directs.
    fn content(&mut self, at: &At, was_after_list_item: bool) {
        // A list right after a lead's name, with no heading of its own, is what will show the
        // difference ("Lead partnership responsible: …" then the list, as Cheshire East's plan
        // has it).
        if let Target::Item(Some(Field::Lead | Field::LeadBoard | Field::YoungPersonLead)) = self.target
            && matches!(at.line.hint, Hint::ListItem { .. })
        {
            self.target = Target::Item(Some(Field::Success));
        }
        // A second list after the success statements, set apart by a blank line, that names
        // figures ("The percentage of children …") is the KPIs whose heading was lost.
        if self.target == Target::Item(Some(Field::Success))
            && matches!(at.line.hint, Hint::ListItem { .. })
            && at.before == Before::Gap
            && names_a_figure(&at.text)
            && item_at(&mut self.parsed.items, &self.path).is_some_and(|i| !i.success.is_empty())
        {
            self.target = Target::Item(Some(Field::Measures));
        }
        let text = at.text.clone();
        match self.target {
            Target::Section(index) => {
                if let Some((title, lines)) = self.parsed.sections.get_mut(index) {
                    lines.push(text);
                    let where_to = title.clone();
                    self.place(at, Placement::Placed(where_to));
                }
            }
            Target::Part(Part::Summary) => {
                self.parsed.summary.push(text);
                self.place(at, Placement::Placed(Part::Summary.label().into()));
            }
            Target::Part(Part::Themes) if matches!(at.line.hint, Hint::ListItem { .. }) => {
                self.parsed.themes.push(text);
                self.place(at, Placement::Placed(Part::Themes.label().into()));
            }
            Target::Item(field) => {
                if !self.item_line(at, field, was_after_list_item) {
                    return;
                }
            }
            Target::Part(Part::Glossary) => self.glossary_line(at),
            Target::Part(part) => {
                self.parsed.part(part).push(text);
                self.place(at, Placement::Placed(part.label().to_string()));
            }
            Target::Nothing => self.before_any_part(at),
        }
        self.previous = at.text.clone();
    }

    /// A line in an item: a sub-heading, an action's detail, the item's title, or an entry of
    /// the field (a wrapped line joins the entry above). False if there is no item.
    fn item_line(&mut self, at: &At, field: Option<Field>, was_after_list_item: bool) -> bool {
        let profile = self.profile;
        let (line, text) = (at.line, &at.text);
        let Some(item) = item_at(&mut self.parsed.items, &self.path) else { return false };
        let name = format!("{} {}", item.level, item.number.clone().unwrap_or_default()).trim().to_string();
        // A sub-heading comes after a list or in the summary, not as a lead's name.
        let subheading = is_subheading(text, line, at.next, profile)
            && match field {
                None => true,
                Some(Field::Lead | Field::LeadBoard | Field::YoungPersonLead) => false,
                Some(f) => !item.get(f).is_empty(),
            };
        // An indented line under an action's bullet is that action's detail.
        let detail = field == Some(Field::Actions)
            && was_after_list_item
            && line.hint == Hint::Plain
            && line.text.starts_with(char::is_whitespace)
            && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && !item.actions.is_empty();
        let where_to = if subheading {
            item.summary.push(text.clone());
            format!("{name} › sub-heading")
        } else if detail {
            item.action_details.push((item.actions.len() - 1, text.clone()));
            self.after_list_item = true;
            format!("{name} › Actions › detail")
        } else if self.awaiting_title && field.is_none() {
            item.title = text.clone();
            self.awaiting_title = false;
            format!("{name} › title")
        } else {
            // A table row under a header gives its other cells by their columns.
            let main = if line.hint == Hint::TableRow {
                let (main, others) = row_cells(&line.text, self.columns.as_deref());
                if let (Some(f @ (Field::Actions | Field::Measures)), false) = (field, others.is_empty()) {
                    let index = item.get(f).iter().position(|e| *e == main).unwrap_or(item.get(f).len());
                    item.cells.push((f, index, others));
                }
                main
            } else {
                String::new()
            };
            let list = match field {
                Some(f) => item.field(f),
                None => &mut item.summary,
            };
            // A table row gives its first cell that is more than a number (an action's title,
            // a measure's name); a list flattened into one line gives its entries.
            let entries = if line.hint == Hint::TableRow {
                vec![main]
            } else {
                flattened(text).unwrap_or_else(|| vec![text.clone()])
            };
            let was_wrapping = std::mem::take(&mut self.wrapping);
            for entry in entries {
                let last_text = list.last().cloned().unwrap_or_default();
                let wrapped = !list.is_empty() && continues(&last_text, at.before, was_wrapping, line, &entry);
                if let (true, Some(last)) = (wrapped, list.last_mut()) {
                    last.push(' ');
                    last.push_str(&entry);
                    self.wrapping = true;
                } else if !list.contains(&entry) {
                    list.push(entry);
                }
            }
            format!("{name} › {}", label(field))
        };
        self.place(at, Placement::Placed(where_to));
        true
    }

    /// A line of a jargon buster: a two-column row, or "Term: what it means", or "Term – what
    /// it means". A cell wrapped onto the next row goes on the entry above: a row with only a
    /// term ("Care Plan (EHCP)"), or only a definition, or a term in lower case.
    fn glossary_line(&mut self, at: &At) {
        let (line, text) = (at.line, &at.text);
        let pair = if line.hint == Hint::TableRow || line.text.contains('\t') {
            let cells: Vec<&str> = line.text.split('\t').map(str::trim).collect();
            let term = cells.first().copied().unwrap_or_default();
            let definition =
                cells[1.min(cells.len())..].iter().filter(|c| !c.is_empty()).copied().collect::<Vec<_>>().join(" ");
            Some((term.to_string(), definition))
        } else {
            text.split_once(": ")
                .or_else(|| text.split_once(" – "))
                .or_else(|| text.split_once(" - "))
                .map(|(t, d)| (t.trim().to_string(), d.trim().to_string()))
        };
        let wraps = |term: &str, definition: &str| {
            term.is_empty() || definition.is_empty() || term.starts_with(char::is_lowercase)
        };
        let placed = match (pair, self.parsed.glossary.last_mut()) {
            (Some((term, definition)), Some(last)) if wraps(&term, &definition) => {
                for (into, more) in [(&mut last.0, term), (&mut last.1, definition)] {
                    if !more.is_empty() {
                        into.push(' ');
                        into.push_str(&more);
                    }
                }
                "Jargon buster"
            }
            (Some((term, definition)), _) if !term.is_empty() && !definition.is_empty() => {
                self.parsed.glossary.push((term, definition));
                "Jargon buster"
            }
            // A term's second line on its own, right under the row it belongs to.
            (None, Some(last)) if at.before != Before::Gap => {
                last.0.push(' ');
                last.0.push_str(text);
                "Jargon buster"
            }
            _ => {
                self.parsed.introduction.push(text.clone());
                Part::Introduction.label()
            }
        };
        self.place(at, Placement::Placed(placed.into()));
    }

    /// A line before the plan's first part or level. The title is the first short line, or a
    /// later one that names the plan when the first did not ("Cheshire East TOGETHER…" then
    /// "Children and Young People's Plan 2022-26"); prose is the introduction; a council's
    /// name alone is its letterhead; a list after "… key partners … include:" names the
    /// partners.
    fn before_any_part(&mut self, at: &At) {
        let text = &at.text;
        let short = text.split_whitespace().count() <= 16;
        let names_plan = |t: &str| t.to_lowercase().contains("plan");
        let letterhead = text.to_lowercase().ends_with("council") && text.split_whitespace().count() <= 5;
        let is_list = matches!(at.line.hint, Hint::ListItem { .. });
        if !is_list {
            self.partners_list = text.ends_with(':') && text.to_lowercase().contains("partner");
        }
        let placement = if letterhead && !is_list {
            Placement::Dropped("the council's name at the top, as on headed paper")
        } else if is_list && self.partners_list {
            self.parsed.partners.push(text.clone());
            Placement::Placed(Part::Partners.label().into())
        } else if short && self.parsed.title.as_deref().is_none_or(|t| !names_plan(t) && names_plan(text)) {
            self.parsed.title = Some(text.clone());
            Placement::Placed("the plan's title".into())
        } else {
            // No line is left out for coming before the plan's first heading.
            self.parsed.introduction.push(text.clone());
            Placement::Placed(Part::Introduction.label().into())
        };
        self.place(at, placement);
    }
}

/// The headers a table's rows are read under: its own header row's cells, or, where the
/// profile was taught tables headed like it, each column's header as what it holds ("Target
/// (2026 aim)"), a column left out with none.
fn columns(header: &str, profile: &Profile) -> Vec<String> {
    let cells = header.split('\t').map(str::trim);
    match profile.table(header) {
        // The taught columns count from the first cell with words, as the lesson did.
        Some((_, taught)) => {
            let skip = cells.clone().position(|c| !c.is_empty()).unwrap_or(0);
            cells
                .enumerate()
                .map(|(i, c)| {
                    let column = i.checked_sub(skip).and_then(|i| taught.get(i)).copied().unwrap_or(Column::Other);
                    if i < skip { String::new() } else { column.header(c).unwrap_or_default() }
                })
                .collect()
        }
        None => cells.map(str::to_string).collect(),
    }
}
