//! The parser: a document's lines, read through a heading profile (`profile.rs`), become a plan
//! tree. A level heading ("Priority 1 - …", "Areas of focus: Safeguarding") starts an item at
//! the depth the level has among those the document uses; a field heading ("Why is this
//! important?") says where the lines after it go; the plan's own parts (vision, principles,
//! jargon buster) collect theirs; page furniture is dropped. Every line ends up placed or
//! dropped, with the reason, so that an officer can check the result against the source.

use crate::profile::{Field, LevelMatch, Part, Profile};
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
    /// Documents the item refers to: "(Ref: Ofsted Next Steps Plan Recommendation 3&4)" after
    /// its title gives "Ofsted Next Steps Plan Recommendation 3&4".
    pub references: Vec<String>,
    /// An action's detail: the indented line under its bullet, by the action's index.
    pub action_details: Vec<(usize, String)>,
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
    /// One of a report's other numbered sections.
    Section(usize),
}

/// The text with Markdown emphasis taken off and, from a list item, its markers: bullets, and
/// numbers or letters ("1.", "a)", "(ii)"), however many there are ("- a) Clear guidance").
fn clean(line: &Line) -> String {
    let t = line.text.trim().replace("**", "");
    if let Hint::ListItem { .. } = line.hint { unmarked(&t).to_string() } else { t.trim().to_string() }
}

/// Text without its leading list markers.
pub(crate) fn unmarked(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let mut chars = t.chars();
        if matches!(chars.next(), Some('-' | '•' | '*' | '·' | '●' | '▪'))
            && chars.as_str().starts_with(char::is_whitespace)
        {
            t = chars.as_str().trim_start();
            continue;
        }
        let bare = t.strip_prefix('(').unwrap_or(t);
        // A numbered action in a plan's table, "1.1.1 Open family hubs", numbered by its place.
        let dotted: String = bare.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if dotted.matches('.').count() >= 2
            && dotted.split('.').filter(|p| !p.is_empty()).all(|p| p.len() <= 2)
            && bare[dotted.len()..].starts_with(' ')
        {
            t = bare[dotted.len()..].trim_start();
            continue;
        }
        let marker: String = bare.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let rest = &bare[marker.len()..];
        let is_marker = !marker.is_empty()
            && (marker.len() <= 3 && marker.chars().all(|c| c.is_ascii_digit())
                || marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase())
                || marker.len() <= 4 && marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
        match rest.strip_prefix(['.', ')']) {
            Some(after) if is_marker && after.starts_with(char::is_whitespace) => t = after.trim_start(),
            _ => return t,
        }
    }
}

/// A list flattened into one line, as web pages give them ("<ol> 1. First. 2. Second." or
/// "• First • Second"): its entries, or `None` for an ordinary line.
fn flattened(text: &str) -> Option<Vec<String>> {
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.trim();
    let bullets: Vec<String> = plain.split(" • ").map(|p| unmarked(p).to_string()).filter(|p| !p.is_empty()).collect();
    if bullets.len() > 1 {
        return Some(bullets);
    }
    // Numbered entries, 1. 2. 3. in order.
    let mut rest = plain.strip_prefix("1. ")?;
    let mut entries = Vec::new();
    let mut next = 2;
    while let Some(at) = rest.find(&format!(" {next}. ")) {
        entries.push(rest[..at].trim().to_string());
        rest = &rest[at + format!(" {next}. ").len()..];
        next += 1;
    }
    entries.push(rest.trim().to_string());
    (entries.len() > 1).then_some(entries)
}

/// A PDF's text often runs a heading into the text after it ("Why it mattersMost families",
/// "What children and young people asked for• Teach us"): such a line becomes the heading and
/// its text, both with the line's number. A split is made only where a field or part heading
/// ends, at a lower-case letter followed by a capital, or before a bullet.
fn split_run_in_headings(source: &Source, profile: &Profile) -> Source {
    let mut lines = Vec::with_capacity(source.lines.len());
    for line in &source.lines {
        let split = (line.hint == Hint::Plain).then(|| run_in(&line.text, profile)).flatten();
        match split {
            Some((heading, rest)) => {
                lines.push(Line { number: line.number, text: heading.to_string(), hint: Hint::Plain });
                let hint = if rest.starts_with('•') { Hint::ListItem { ordered: false } } else { Hint::Plain };
                lines.push(Line { number: line.number, text: rest.to_string(), hint });
            }
            None => lines.push(line.clone()),
        }
    }
    Source { lines }
}

/// Where a heading runs into its text, if it does: the heading and the rest.
fn run_in<'t>(text: &'t str, profile: &Profile) -> Option<(&'t str, &'t str)> {
    let t = text.trim();
    let mut previous: Option<char> = None;
    for (at, c) in t.char_indices() {
        let boundary = at > 0 && (c == '•' || (c.is_uppercase() && previous.is_some_and(char::is_lowercase)));
        previous = Some(c);
        if !boundary {
            continue;
        }
        let (heading, rest) = t.split_at(at);
        let heading = heading.trim();
        if heading.split_whitespace().count() <= 12
            && (profile.field(unnumbered(heading)).is_some() || profile.part(unnumbered(heading)).is_some())
        {
            return Some((heading, rest.trim()));
        }
    }
    None
}

/// Whether a line names a figure to be measured: "The percentage of …", "Number of …",
/// "Increased percentage of …", "Rate of …".
fn names_a_figure(text: &str) -> bool {
    let lower = text.to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = ["increased ", "reduced ", "increase in the ", "reduction in the "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(lower);
    ["percentage of", "percentage eligible", "proportion of", "number of", "rate of", "% of"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Whether a line is a sub-heading inside an item: short, without closing punctuation, and
/// followed by a field heading ("Children's physical health" over "Why is this important?").
fn is_subheading(text: &str, line: &Line, next: Option<&Line>, profile: &Profile) -> bool {
    matches!(line.hint, Hint::Plain | Hint::Heading(_))
        && text.split_whitespace().count() <= 12
        && !text.ends_with(['.', ':', ';', ',', '?', '!'])
        && next.is_some_and(|n| profile.field(&clean(n)).is_some())
}

/// A line without a leading section number ("2. Vision and priorities" → "Vision and
/// priorities"), for matching the plan's parts.
fn unnumbered(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if rest.len() < text.len() && rest.starts_with(' ') { rest.trim_start() } else { text }
}

/// How the line before stands to this one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Before {
    /// A blank line between them, or nothing before.
    #[default]
    Gap,
    /// Right above, a list item.
    ListItem,
    /// Right above, any other line.
    Line,
}

/// Whether a text stops in the middle of a sentence, on a word that cannot end one ("… 695
/// young people working with").
fn ends_cut(text: &str) -> bool {
    const JOINING: [&str; 16] =
        ["with", "and", "of", "the", "to", "for", "in", "on", "by", "a", "an", "or", "our", "their", "from", "that"];
    text.rsplit(char::is_whitespace).next().is_some_and(|w| JOINING.contains(&w))
}

/// Whether a line goes on from the one before: a sentence wrapped onto the next line
/// (starting in lower case, or right under a long line that has not ended, or indented under
/// a line that was itself wrapped), a list item's second paragraph right under it, or a list
/// item that only carries on a sentence cut off mid-way.
fn continues(previous: &str, before: Before, wrapping: bool, line: &Line, text: &str) -> bool {
    let open = !previous.ends_with(['.', ':', '?', '!', ';']);
    let lower = text.chars().next().is_some_and(|c| c.is_lowercase());
    if matches!(line.hint, Hint::ListItem { .. }) {
        return lower && ends_cut(previous);
    }
    if matches!(line.hint, Hint::Heading(_) | Hint::TableRow) {
        return false;
    }
    let indented = line.text.starts_with(char::is_whitespace);
    (lower && open)
        || (!indented && before == Before::ListItem)
        || (!indented && before == Before::Line && open && previous.chars().count() >= 50)
        || (indented && wrapping && before == Before::Line && open)
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

/// A title without the reference at its end, and the reference: "Ensure … approach. (Ref:
/// Ofsted Next Steps Plan Recommendation 3&4)" gives "Ensure … approach" and "Ofsted Next Steps
/// Plan Recommendation 3&4".
pub fn split_reference(title: &str) -> (String, Option<String>) {
    let t = title.trim().trim_end_matches(['.', ' ']);
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
    {
        let inner = &t[open + 1..t.len() - 1];
        let lower = inner.to_lowercase();
        if let Some(rest) = lower.strip_prefix("ref") {
            let skip = inner.len() - rest.trim_start_matches([':', '.', ' ']).len();
            let reference = inner[skip..].trim();
            let title = t[..open].trim().trim_end_matches(['.', ' ']).to_string();
            if !reference.is_empty() && !title.is_empty() {
                return (title, Some(reference.to_string()));
            }
        }
    }
    (t.to_string(), None)
}

/// A title as compared with another: without its reference, case or punctuation.
fn title_key(title: &str) -> String {
    split_reference(title).0.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A table row that names levels ("KEY THEME 1 | | Priority Areas for Action 2017-18"): the
/// level each of its cells names, for the rows under it. Every cell must name a level, with at
/// most a year for a title.
fn level_header(row: &str, profile: &Profile) -> Option<Vec<LevelMatch>> {
    let cells: Vec<&str> = row.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
    if cells.is_empty() {
        return None;
    }
    cells
        .iter()
        .map(|c| profile.level(c).filter(|l| !l.title.chars().any(char::is_alphabetic)))
        .collect::<Option<Vec<_>>>()
}

/// A row under a level header, read against it: for each of the header's levels, the number
/// and title the row gives. A level the header numbers ("KEY THEME 1") takes one cell, its
/// title; another takes a number cell, if there is one, then its title.
fn header_entries(row: &str, header: &[LevelMatch]) -> Vec<(LevelMatch, String)> {
    let cells: Vec<&str> = row.split('\t').map(str::trim).collect();
    let mut at = 0;
    let mut out = Vec::new();
    for level in header {
        let mut level = level.clone();
        if level.number.is_none()
            && let Some(cell) = cells.get(at)
            && !cell.is_empty()
            && cell.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            level.number = Some(cell.trim_end_matches('.').to_string());
            at += 1;
        }
        let title = cells.get(at).copied().unwrap_or_default().to_string();
        at += 1;
        if level.number.is_some() || !title.is_empty() {
            out.push((level, title));
        }
    }
    out
}

/// The index among `siblings` of the item a level heading or table row names: the same level
/// with the same number, or the same title (references aside); for a table row, also the
/// n-th of that level when its numbers are counted within a parent ("Fair society 1" is
/// the first priority under key theme 2, numbered 6 in the plan).
fn find_item(siblings: &[Item], name: &str, number: Option<&str>, title: &str, in_table: bool) -> Option<usize> {
    let same_level = |i: &&Item| i.level == name;
    siblings
        .iter()
        .position(|i| i.level == name && number.is_some() && i.number.as_deref() == number)
        .or_else(|| {
            let key = title_key(title);
            siblings.iter().position(|i| i.level == name && !key.is_empty() && title_key(&i.title) == key)
        })
        .or_else(|| {
            let n: usize = number?.parse().ok()?;
            let of_level: Vec<usize> =
                siblings.iter().enumerate().filter(|(_, i)| same_level(i)).map(|(at, _)| at).collect();
            in_table.then(|| of_level.get(n.checked_sub(1)?).copied()).flatten()
        })
}

/// Whether an item has nothing in it yet but its heading.
fn is_empty_item(item: &Item) -> bool {
    Field::ALL.iter().all(|f| item.get(*f).is_empty()) && item.summary.is_empty() && item.items.is_empty()
}

/// A report's heading table row ("2. | Date: | 14 th January 2015", tab-separated, or "Date: 14 January 2015"
/// on a line of its own): the key in lower case and the value.
fn report_detail(line: &Line) -> Option<(String, String)> {
    let cells: Vec<&str> = line.text.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
    let cells = match cells.as_slice() {
        [number, key, value] if number.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) => (*key, *value),
        [key, value] => (*key, *value),
        [one] => one.split_once(": ")?,
        _ => return None,
    };
    let key = cells.0.trim_end_matches(':').trim().to_lowercase();
    matches!(key.as_str(), "meeting" | "date" | "title" | "directorate" | "report author" | "author")
        .then(|| (key, cells.1.trim().to_string()))
}

/// Ordinals as PDFs split them from their superscript: "3 rd Progress Report" is "3rd
/// Progress Report".
fn joined_ordinals(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    for word in words {
        let ordinal = matches!(word, "st" | "nd" | "rd" | "th")
            || ["st", "nd", "rd", "th"].iter().any(|o| word.strip_prefix(o).is_some_and(|r| r.starts_with([',', '.'])));
        match out.last_mut() {
            Some(last) if ordinal && last.chars().last().is_some_and(|c| c.is_ascii_digit()) => last.push_str(word),
            _ => out.push(word.to_string()),
        }
    }
    out.join(" ")
}

/// A short numbered heading over a paragraph ("1. Narrowing the gap"): its number and title.
fn numbered_heading(line: &Line, next: Option<&Line>) -> Option<(String, String)> {
    let (number, title) = line.text.trim().split_once(". ")?;
    let title = title.trim();
    (!number.is_empty()
        && number.len() <= 2
        && number.chars().all(|c| c.is_ascii_digit())
        && title.split_whitespace().count() <= 10
        && !title.ends_with(['.', ':', ';', ',', '?', '!'])
        && next.is_some_and(|n| n.hint == Hint::Plain && n.text.trim().chars().count() > 60))
    .then(|| (number.to_string(), title.to_string()))
}

/// A report's numbered section heading ("8. Finance:", "11. Background Papers and
/// Consultation:"): its title.
fn numbered_section(line: &Line) -> Option<String> {
    let text = line.text.trim();
    let (number, rest) = text.split_once(". ")?;
    if number.is_empty() || number.len() > 2 || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let title = rest.trim().strip_suffix(':')?;
    (title.chars().next().is_some_and(char::is_uppercase)
        && title.split_whitespace().count() <= 8
        && !title.contains(['.', ':']))
    .then(|| title.to_string())
}

/// Whether a table row is a header: every cell a short label such as "Action" or "Lead".
fn is_header_row(row: &str) -> bool {
    const LABELS: [&str; 17] = [
        "",
        "jargon",
        "meaning",
        "definition",
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

/// Whether a line of a PDF's text is a table's header row, its cells run together with
/// spaces ("Action Lead Due Status"): two or more labels and nothing else.
fn is_run_together_header(text: &str) -> bool {
    let lower = text
        .to_lowercase()
        .replace("which way is better", "which-way-is-better")
        .replace("what it means", "what-it-means");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() >= 2 && words.iter().all(|w| is_header_row(&w.replace('-', " ")))
}

/// The lines repeated on page after page (a running header or footer such as the plan's
/// title beside the partnership's name): plain lines of six words or more that come three
/// times or more, are not headings the profile knows, and are not a field's value (the same
/// lead named under three priorities' "Who will lead on this?").
fn running_lines(source: &Source, profile: &Profile) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut after_field = false;
    for line in source.lines.iter().filter(|l| !l.text.trim().is_empty()) {
        let t = line.text.trim();
        if line.hint == Hint::Plain && !after_field && t.split_whitespace().count() >= 6 {
            *counts.entry(t).or_default() += 1;
        }
        after_field = profile.field(unnumbered(&clean(line))).is_some();
    }
    counts
        .into_iter()
        .filter(|(t, n)| {
            *n >= 3
                && profile.level(t).is_none()
                && profile.field(unnumbered(t)).is_none()
                && profile.part(unnumbered(t)).is_none()
        })
        .map(|(t, _)| t.to_string())
        .collect()
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

/// The children of the item at `path`, or the top-level items for an empty path.
fn children_at<'a>(items: &'a mut Vec<Item>, path: &[usize]) -> Option<&'a mut Vec<Item>> {
    if path.is_empty() { Some(items) } else { item_at(items, path).map(|i| &mut i.items) }
}

fn label(field: Option<Field>) -> &'static str {
    field.map_or("Summary", Field::label)
}

/// Parses a document's lines with a profile.
pub fn parse(source: &Source, profile: &Profile) -> Parsed {
    let source = split_run_in_headings(source, profile);
    let mut parser = Parser::new(profile, running_lines(&source, profile));
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

/// A line being read, with what is around it.
struct At<'s> {
    line: &'s Line,
    /// Its text without list markers and emphasis.
    text: String,
    before: Before,
    /// The next line with any text.
    next: Option<&'s Line>,
}

/// The parser's state between lines. Each step of [`Parser::line`] either deals with the line
/// (and says so) or leaves it to the next.
struct Parser<'p> {
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
}

impl<'p> Parser<'p> {
    fn new(profile: &'p Profile, running: Vec<String>) -> Parser<'p> {
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

    /// One line, through each step in turn.
    fn line(&mut self, at: &At) {
        let was_after_list_item =
            std::mem::replace(&mut self.after_list_item, matches!(at.line.hint, Hint::ListItem { .. }));
        if self.contents_line(at) {
            return;
        }
        if at.line.hint != Hint::TableRow {
            self.header = None;
        }
        if self.table_row(at) || self.left_out(at) || self.report_detail(at) || self.level_heading(at) {
            return;
        }
        self.fresh = None;
        if self.title_wrapped(at) {
            return;
        }
        self.after_heading = false;
        if self.field_heading(at) || self.part_heading(at) || self.section_heading(at) {
            return;
        }
        self.content(at, was_after_list_item);
    }

    /// The levels the items use, in the profile's order.
    fn finish(mut self) -> Parsed {
        let profile = self.profile;
        let mut used: Vec<usize> =
            self.parsed.all_items().iter().filter_map(|i| profile.level_index(&i.level)).collect();
        used.sort_unstable();
        used.dedup();
        self.parsed.levels = used.into_iter().filter_map(|i| profile.level_name(i)).collect();
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
        let why = if (line.hint == Hint::TableRow && is_header_row(&line.text))
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
        self.see(level.index);
        let depth = self.depth(level.index);
        let continued = level.title.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()) == "continued";
        self.path.truncate(depth);
        let Some(siblings) = children_at(&mut self.parsed.items, &self.path) else { return false };
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
        true
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
        self.target = Target::Section(self.parsed.sections.len());
        self.path.clear();
        self.parsed.sections.push((title.clone(), Vec::new()));
        self.placed(at, format!("heading: {title}"));
        true
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
            let list = match field {
                Some(f) => item.field(f),
                None => &mut item.summary,
            };
            // A table row gives its first cell that is more than a number (an action's title,
            // a measure's name); a list flattened into one line gives its entries.
            let entries = if line.hint == Hint::TableRow {
                vec![main_cell(&line.text)]
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
        } else if !short || is_list {
            self.parsed.introduction.push(text.clone());
            Placement::Placed(Part::Introduction.label().into())
        } else {
            Placement::Dropped("before the plan's first part or level")
        };
        self.place(at, placement);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, read};

    fn parsed(text: &str) -> Parsed {
        let source = read(Kind::Markdown, "plan.md", text.as_bytes()).unwrap_or_default();
        parse(&source, &Profile::built_in())
    }

    #[test]
    fn list_markers_come_off_however_many_but_numbers_in_text_stay() {
        assert_eq!(unmarked("- a) Clear guidance"), "Clear guidance");
        assert_eq!(unmarked("(ii) The Partnership receive"), "The Partnership receive");
        assert_eq!(unmarked("- · Listen to your views"), "Listen to your views");
        assert_eq!(unmarked("1 in 5 children"), "1 in 5 children");
        assert_eq!(unmarked("2024-27 plan"), "2024-27 plan");
        assert_eq!(unmarked("1.1.1 Open family hubs"), "Open family hubs");
        assert_eq!(unmarked("2.3 million children"), "2.3 million children");
    }

    #[test]
    fn a_list_flattened_into_one_line_gives_its_entries() {
        let ol =
            r#"<ol style="x"> 1. Embed the strategy. 2. Develop our offer (ACT / model 2. b). 3. Keep babies safe."#;
        assert_eq!(
            flattened(ol),
            Some(vec![
                "Embed the strategy.".into(),
                "Develop our offer (ACT / model 2. b).".into(),
                "Keep babies safe.".into()
            ])
        );
        assert_eq!(
            flattened("<ul> • Fewer children • More adolescents"),
            Some(vec!["Fewer children".into(), "More adolescents".into()])
        );
        assert_eq!(flattened("We will review it by 2. Then more."), None);
    }

    #[test]
    fn a_list_of_figures_after_the_success_statements_is_the_kpis() {
        let doc = "Priority 1 - Ready\n\nHow will we know we have made a difference?\n\n- Parents feel engaged\n\n\
            - The percentage of children reaching expectations at 2\n- Increased percentage of children with a good level of development\n";
        let p = parsed(doc);
        assert_eq!(p.items[0].success, vec!["Parents feel engaged".to_string()]);
        assert_eq!(p.items[0].measures.len(), 2, "{:?}", p.items[0]);
        assert!(!names_a_figure("More children are ready for school"));
    }

    #[test]
    fn a_heading_run_into_its_text_is_taken_apart() {
        let p = Profile::built_in();
        assert_eq!(
            run_in("Why it mattersMost families asked for help", &p),
            Some(("Why it matters", "Most families asked for help"))
        );
        assert_eq!(
            run_in("What children and young people asked for• Teach us about exploitation", &p),
            Some(("What children and young people asked for", "• Teach us about exploitation"))
        );
        assert_eq!(run_in("Implementation of system wide iThrive transformation", &p), None);
        let doc = "Priority 1 - Safe\n\nWhy it mattersNeglect is common.\nWhat we will doActions for 1 Safe\n\
            1.1.1 Open family hubs in all four localities\n Tom Brennan, Head of Early Help\n 31 March 2025 Done\n";
        let parsed = parse(&crate::text::read(doc), &p);
        let item = &parsed.items[0];
        assert_eq!(item.why_it_matters, vec!["Neglect is common.".to_string()]);
        assert_eq!(item.actions, vec!["Open family hubs in all four localities".to_string()]);
        assert_eq!(item.action_details.len(), 2, "the lead and the due date are the action's detail");
        assert!(is_run_together_header("Action Lead Due Status"));
        assert!(is_run_together_header("Measure Latest Target Which way is better"));
        assert!(!is_run_together_header("Lead the work"));
        let pages = "The Plan 2025 – Kelderby Partnership and its people\nPriority 1 - Safe\n\n            The Plan 2025 – Kelderby Partnership and its people\nActions\n- Open hubs\n            The Plan 2025 – Kelderby Partnership and its people\n";
        let parsed = parse(&crate::text::read(pages), &p);
        assert_eq!(parsed.dropped().filter(|(_, why)| why.starts_with("a line repeated")).count(), 3);
    }

    #[test]
    fn a_reference_at_the_end_of_a_title_is_taken_apart() {
        let (title, reference) =
            split_reference("Ensure plans improve. (Ref: Ofsted Next Steps Plan Recommendation 3&4)");
        assert_eq!(
            (title.as_str(), reference.as_deref()),
            ("Ensure plans improve", Some("Ofsted Next Steps Plan Recommendation 3&4"))
        );
        let (title, reference) = split_reference("Shape our services .(Ref: RCC Participation Strategy 2015)");
        assert_eq!(
            (title.as_str(), reference.as_deref()),
            ("Shape our services", Some("RCC Participation Strategy 2015"))
        );
        assert_eq!(
            split_reference("Ensure timely access (ref Ofsted Recommendation 16)").1.as_deref(),
            Some("Ofsted Recommendation 16")
        );
        assert_eq!(
            split_reference("Children with a disability (SEND)"),
            ("Children with a disability (SEND)".into(), None)
        );
    }

    #[test]
    fn a_table_naming_levels_builds_the_tree_and_an_action_plan_details_its_items() {
        let doc = "Plan 2017-18\n\nKEY THEME 1\tKEY THEME 2\nKeep children safe\tListening\n\n\
            KEY THEME 1\t\tPriority Areas for Action 2017-18\t\nKeep children safe\t1\tSee children often (Ref: Ofsted 8)\t\n\
            \t2\tAssess risks well\n\nKEY THEME 2\t\tPriority Areas for Action 2017-18\nListening\t3\tHear young people\n\n\
            Action 3\n\nKEY THEME 2\tPriority Areas for Action 2017-18\t\nListening\t1\tHear young people and parents\n\n\
            What are we going to do?\n\n- a) Run a youth council\n\nWho will lead on this?\n\nHead of Participation\n";
        let p = parsed(doc);
        assert_eq!(p.levels, vec!["Key theme".to_string(), "Priority area for action".to_string()]);
        let titles: Vec<(String, Option<String>, String)> =
            p.all_items().iter().map(|i| (i.level.clone(), i.number.clone(), i.title.clone())).collect();
        assert_eq!(titles.len(), 5, "{titles:?}");
        let listening = &p.items[1];
        assert_eq!(listening.title, "Listening");
        // "Listening 1" in the action plan is the first priority under key theme 2: number 3.
        assert_eq!(listening.items.len(), 1);
        assert_eq!(listening.items[0].title, "Hear young people");
        assert_eq!(listening.items[0].actions, vec!["Run a youth council".to_string()]);
        assert_eq!(listening.items[0].lead, vec!["Head of Participation".to_string()]);
        assert_eq!(p.items[0].items[0].references, vec!["Ofsted 8".to_string()]);
    }

    #[test]
    fn a_progress_report_is_told_from_a_plan() {
        let report = "1.\tTitle:\tPlan – 3 rd Progress Report\n2.\tDate:\t14 th January 2015\n\n\
            7. Proposals and Details:\n\n7.1 We will ensure children have the best start in life\n\nWhat's working well\n\n\
            - More children registered with a centre, rising from 18,000 with\n\n- our partners' help.\n\n\
            7.2 What we are concerned about\n\n More children are overweight.\n\n8. Finance:\n\nCostings are being worked on.\n";
        let p = parsed(report);
        assert!(p.is_progress_report());
        assert_eq!(p.date.as_deref(), Some("14th January 2015"));
        assert_eq!(p.report_title.as_deref(), Some("Plan – 3rd Progress Report"));
        let priority = &p.items[0];
        assert_eq!(priority.number.as_deref(), Some("7.1"));
        assert_eq!(
            priority.working_well,
            vec!["More children registered with a centre, rising from 18,000 with our partners' help.".to_string()]
        );
        assert_eq!(priority.concerned, vec!["More children are overweight.".to_string()]);
        assert_eq!(p.sections.last().map(|(t, l)| (t.as_str(), l.len())), Some(("Finance", 1)));
        assert!(
            !parsed("Priority 1 - Safe\n\nActions\n\n- Do it\n\nWhat's working well\n\n- It works\n")
                .is_progress_report()
        );
    }

    #[test]
    fn wrapped_jargon_buster_cells_join_the_entry_above_and_contact_blocks_are_dropped() {
        let doc = "Jargon buster: some words explained.\n\nJargon\tMeaning\nCared for child or young\tThose children the council\n\
            person\tlooks after.\nEducation, Health and\tA plan for needs.\nCare Plan (EHCP)\t\nSEND\tSpecial needs and\n\tdisabilities.\n\n\
            For more information please contact:\n\n 01706 925086\n\n Bev@example.gov.uk\n\nFloor 4\n";
        let p = parsed(doc);
        assert_eq!(
            p.glossary,
            vec![
                ("Cared for child or young person".into(), "Those children the council looks after.".into()),
                ("Education, Health and Care Plan (EHCP)".into(), "A plan for needs.".into()),
                ("SEND".into(), "Special needs and disabilities.".into()),
            ]
        );
        // The contact heading, phone, email and address line are all left out.
        let dropped: Vec<&str> = p.dropped().map(|(_, why)| why).collect();
        assert_eq!(dropped.len(), 5, "the table's header row and the contact block: {dropped:?}");
        assert!(dropped.contains(&"a contact block"));
    }

    #[test]
    fn a_list_of_the_partners_before_the_plan_names_them() {
        let doc = "Our Plan 2016-2019\n\nOrganisations that are key partners within the Trust include:\n\n\
            - Rutland County Council\n- Leicestershire Constabulary\n\nOur Statement of Intent:\n";
        let p = parsed(doc);
        assert_eq!(p.partners, vec!["Rutland County Council".to_string(), "Leicestershire Constabulary".to_string()]);
    }

    #[test]
    fn short_numbered_headings_under_key_priorities_are_the_priorities() {
        let doc = "Key priorities\n\n5 key priorities have been identified:\n\n- Narrowing the gap\n- Skills\n\n\
            1. Narrowing the gap\n\nMitigating the effects of poverty and neglect is central to our work on closing the gap.\n\n\
            2. Skills improvement\n\nThe skills strategy aims to raise the skill levels of our residents across the borough.\n\n\
            Cross cutting themes\n\n- Keeping children safe\n";
        let p = parsed(doc);
        let titles: Vec<&str> = p.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, vec!["Narrowing the gap", "Skills improvement"]);
        assert_eq!(p.items[0].summary.len(), 1);
        assert_eq!(p.themes, vec!["Keeping children safe".to_string()]);
    }
}
