//! The structure a document carries, read before any of its words are matched against the
//! heading profile: which lines head the plan's items (repeated siblings of one kind, each
//! over content of its own), which are the headings of fields inside them, which are lists
//! numbered by hand, which tables have a header row, and what kind of entries each block of
//! lines under an item holds (by the cues of their language, block by block). The parser asks
//! for a line's role first and falls back on the profile only where the structure says
//! nothing; the profile's level names raise confidence (a level it knows keeps its name), never
//! decide alone.
//!
//! The kinds of heading, most specific first:
//! - a label and a number: "Strategic objective 1: …", "Outcome 2 – …", "Theme III"; or a
//!   word plans use for their items and a colon, "Theme: …";
//! - a number: "1) …", "2. …", "1.1 …", "a) …";
//! - a line over figures that carry their values (a scorecard: the measure, its latest value
//!   and its status on lines of their own);
//! - a heading of the format (Word's heading styles, HTML's `h1`–`h6`, Markdown's `#`, and a
//!   short paragraph that is only bold);
//! - a list item with a list nested under it;
//! - a short line standing alone over a list (a line of a few words, no closing full stop).
//!
//! A kind is a level of the plan when at least two of its lines each head content of their
//! own and fewer than half are followed straight away by another of the same kind (which
//! makes them a list, not headings). A second level is another kind inside those items whose
//! titles differ; a heading of the items' rank that is not one of them closes them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::cues::{Cue, cue};
use super::lines::{clean, heading_key, unnumbered};
use crate::profile::{Field, LevelMatch, Profile};
use crate::{Hint, Line, Source};

/// What the structure says a line is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Role {
    /// The heading of an item at this depth (0 the top) among the levels the structure found.
    Level(LevelMatch, usize),
    /// An entry of a list numbered by hand ("1.1 We will …"), with its number taken off; not a
    /// heading, whatever the profile says of its words.
    Entry(String),
    /// A heading at the items' rank that is not an item ("How we will deliver this plan"):
    /// the lines under it are the plan's own.
    Section(String),
    /// The heading of a field of the item it is in.
    Field(Field),
    /// A line of content whose field its block decided.
    Content(Field),
    /// A paragraph of its own among a block's entries whose words give no cue: the item's own
    /// text, not one of them.
    Summary,
    /// A measure's latest value, or its status, on a line of its own under it.
    Value,
    /// A table's header row, by its place at the top of the table.
    Header,
}

/// The roles found, by line number.
#[derive(Clone, Debug, Default)]
pub(super) struct Structure {
    pub(super) roles: HashMap<usize, Role>,
}

impl Structure {
    pub(super) fn role(&self, line: usize) -> Option<&Role> {
        self.roles.get(&line)
    }
}

/// The kinds of heading.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// A label and a number, by the label in lower case.
    Label(String),
    /// A number, by its style ("1)", "1.", "1.1", "a)").
    Numbered(String),
    Heading(u8),
    /// A line over a measure that carries its value.
    OverFigures,
    /// A list item with a list nested under it, by its depth.
    Parent(u8),
    Short,
}

impl Kind {
    fn rank(&self) -> u8 {
        match self {
            Kind::Label(_) => 5,
            Kind::Numbered(_) => 4,
            Kind::OverFigures => 3,
            Kind::Heading(n) => 2 + u8::from(*n == 1),
            Kind::Parent(_) => 1,
            Kind::Short => 0,
        }
    }
}

struct Node<'s> {
    line: &'s Line,
    text: String,
    kind: Option<Kind>,
    number: Option<String>,
    title: String,
    /// What the profile knows the line as.
    known: Known,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Nothing,
    Level,
    Field,
    Part,
    Furniture,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>[A-Z][A-Za-z'’]*(?: [A-Za-z][A-Za-z'’]*){0,3}?)\s+(?P<number>\d{1,2}|[IVX]{1,5}|[A-H]|(?i:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:[:.)\-–—]\s*(?P<title>.*))?$")
        .unwrap_or_else(|e| panic!("the label pattern: {e}"))
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?P<number>\d{1,2}|[a-z]|[ivx]{1,4}|[A-H])(?P<mark>[.)])\s+(?P<title>\S.*)$")
        .unwrap_or_else(|e| panic!("the numbered pattern: {e}"))
});
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<title>\S.*)$")
        .unwrap_or_else(|e| panic!("the dotted pattern: {e}"))
});
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[£$€]\s?)?[-+−]?\d[\d,]*(?:\.\d+)?\s?(?:%|pp|p|k|m|days?|weeks?|months?|years?)?$")
        .unwrap_or_else(|e| panic!("the value pattern: {e}"))
});

/// Labels that number things other than a plan's items.
const NOT_LABELS: &[&str] = &[
    "page",
    "figure",
    "table",
    "chart",
    "graph",
    "appendix",
    "annex",
    "year",
    "years",
    "key stage",
    "stage",
    "version",
    "step",
    "ks",
    "diagram",
    "map",
];

/// Words a document uses for its items, as it introduces them ("our strategic priorities").
const LEVEL_WORDS: &[(&str, &str, &str)] = &[
    ("priority", "priorities", "Priority"),
    ("outcome", "outcomes", "Outcome"),
    ("objective", "objectives", "Objective"),
    ("ambition", "ambitions", "Ambition"),
    ("goal", "goals", "Goal"),
    ("theme", "themes", "Theme"),
    ("aim", "aims", "Aim"),
    ("pillar", "pillars", "Pillar"),
];

fn number_style(number: &str, mark: &str) -> String {
    let shape = if number.chars().all(|c| c.is_ascii_digit()) {
        "1"
    } else if number.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) && number != "v" && number != "x" || number == "i" {
        "i"
    } else if number.chars().all(|c| c.is_ascii_lowercase()) {
        "a"
    } else {
        "A"
    };
    format!("{shape}{mark}")
}

/// A heading's kind, number and title, if the line may be one.
fn heading_kind(line: &Line, text: &str, first: bool) -> Option<(Kind, Option<String>, String)> {
    let raw = line.text.trim().replace("**", "");
    let words = text.split_whitespace().count();
    if line.hint == Hint::TableRow || words == 0 {
        return None;
    }
    if let Some(c) = LABEL.captures(&raw) {
        let label = c.name("label").map_or("", |m| m.as_str()).to_lowercase();
        let title = c.name("title").map_or("", |m| m.as_str()).trim().trim_end_matches(['.', ':']).to_string();
        let number = c.name("number").map(|m| m.as_str().to_string());
        if !NOT_LABELS.contains(&label.as_str()) {
            return Some((Kind::Label(label), number, title));
        }
    }
    // "Theme: Healthy lives", "Priority – Best start": a word the plan uses for its items.
    if let Some((label, title)) = raw.split_once([':', '–', '—']) {
        let label = label.trim().to_lowercase();
        let title = title.trim();
        if LEVEL_WORDS.iter().any(|(one, _, _)| label == *one || label.ends_with(&format!(" {one}")))
            && label.split_whitespace().count() <= 3
            && !title.is_empty()
        {
            return Some((Kind::Label(label), None, title.trim_end_matches(['.', ':']).to_string()));
        }
    }
    if let Some(c) = DOTTED.captures(&raw) {
        let number = c.name("number").map_or("", |m| m.as_str());
        let depth = number.matches('.').count();
        let title = c.name("title").map_or("", |m| m.as_str()).to_string();
        return Some((Kind::Numbered(format!("1{}", ".1".repeat(depth))), Some(number.to_string()), title));
    }
    if let Some(c) = NUMBERED.captures(&raw) {
        let number = c.name("number").map_or("", |m| m.as_str());
        let mark = c.name("mark").map_or("", |m| m.as_str());
        let title = c.name("title").map_or("", |m| m.as_str()).trim().to_string();
        return Some((Kind::Numbered(number_style(number, mark)), Some(number.to_string()), title));
    }
    if first {
        return None;
    }
    if let Hint::Heading(n) = line.hint {
        return Some((Kind::Heading(n), None, text.to_string()));
    }
    let short = words <= 12
        && text.chars().count() <= 100
        && text.chars().next().is_some_and(|c| c.is_uppercase())
        && !text.ends_with(['.', ',', ';', ':', '!', '…'])
        && !matches!(line.hint, Hint::ListItem { .. });
    short.then(|| (Kind::Short, None, text.to_string()))
}

/// Whether a line is a figure's value on its own ("323.5", "92.4%", "13,510").
fn is_value(text: &str) -> bool {
    VALUE.is_match(text.trim())
}

/// A short status under a value ("Improved performance", "Stayed the same", "On track").
fn is_status(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=5).contains(&words) && !text.chars().any(|c| c.is_ascii_digit()) && !text.ends_with(['.', ':'])
}

/// The level name a document's words give its items: the word it uses most for them before
/// the first ("the strategic priorities for the next 18 months", "priority outcomes"), plurals
/// counting double; "Priority" when it uses none.
fn level_name(nodes: &[Node], before: usize) -> String {
    word_for_items(&nodes[..before.min(nodes.len())], None, "Priority")
}

/// The level word (`LEVEL_WORDS`) these lines use most, plurals counting double, other than
/// `besides`; `default` when they use none.
fn word_for_items(nodes: &[Node], besides: Option<&str>, default: &str) -> String {
    let mut counts = [0usize; LEVEL_WORDS.len()];
    for node in nodes {
        for word in node.text.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            for (count, (one, many, _)) in counts.iter_mut().zip(LEVEL_WORDS) {
                *count += usize::from(word == *one) + 2 * usize::from(word == *many);
            }
        }
    }
    let mut best = (default, 0);
    for (count, (_, _, name)) in counts.into_iter().zip(LEVEL_WORDS) {
        if count > best.1 && Some(*name) != besides {
            best = (name, count);
        }
    }
    best.0.to_string()
}

/// The field a heading's own words name, in general terms ("Our commitments", "What success
/// looks like", "How we will measure progress", "How will we know we have succeeded?").
pub(super) fn field_by_words(heading: &str) -> Option<Field> {
    let lower = heading.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if lower.split_whitespace().count() > 12 {
        return None;
    }
    if has(&["measure", "indicator", "kpi", "performance", "how we will track", "targets", "data we will"]) {
        Some(Field::Measures)
    } else if has(&[
        "success",
        "difference",
        "know we",
        "we know",
        "will know",
        "impact",
        "outcomes for",
        "what good looks",
        "will be different",
        "succeeded",
    ]) {
        Some(Field::Success)
    } else if has(&[
        "commitment",
        "action",
        "we will do",
        "we'll do",
        "we will deliver",
        "what we are doing",
        "what we plan",
        "our plan",
        "how we will",
        "activities",
        "next steps",
        "key tasks",
    ]) {
        Some(Field::Actions)
    } else if has(&[
        "why",
        "matters",
        "important",
        "context",
        "background",
        "where we are",
        "what we know",
        "the picture",
        "what you told",
    ]) {
        Some(Field::WhyItMatters)
    } else if has(&["who will lead", "lead officer", "responsible", "accountable"]) {
        Some(Field::Lead)
    } else {
        None
    }
}

/// Reads a document's structure.
pub(super) fn read(source: &Source, profile: &mut Profile) -> Structure {
    let mut structure = Structure::default();
    let first_line = source.lines.iter().find(|l| !l.text.trim().is_empty()).map(|l| l.number);
    let mut nodes: Vec<Node> = source
        .lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|line| {
            let text = clean(line);
            let bare = unnumbered(&text);
            let known = if line.hint == Hint::PageFurniture || profile.is_furniture(&text) || profile.is_contact(&text)
            {
                Known::Furniture
            } else if profile.part(bare).is_some() {
                Known::Part
            } else if profile.field(bare).is_some() {
                Known::Field
            } else if profile.level(&text).is_some() {
                Known::Level
            } else {
                Known::Nothing
            };
            let kind =
                heading_kind(line, &text, Some(line.number) == first_line).filter(|_| line.hint != Hint::PageFurniture);
            let (kind, number, title) = kind.map_or((None, None, text.clone()), |(k, n, t)| (Some(k), n, t));
            Node { line, text, kind, number, title, known }
        })
        .collect();
    contents(&mut nodes);
    // A list item with a deeper list right under it heads that list.
    for i in 0..nodes.len().saturating_sub(1) {
        let (node, next) = (&nodes[i], &nodes[i + 1]);
        let parent = matches!(node.line.hint, Hint::ListItem { .. })
            && matches!(next.line.hint, Hint::ListItem { .. })
            && next.line.depth > node.line.depth
            && node.known == Known::Nothing;
        if parent && node.kind.as_ref().is_none_or(|k| k.rank() <= Kind::Parent(0).rank()) {
            let depth = node.line.depth;
            nodes[i].kind = Some(Kind::Parent(depth));
        }
    }
    read_tables(&nodes, &mut structure, profile);
    read_figures(&mut nodes, &mut structure);
    let chosen = choose_level(&nodes, profile);
    hand_numbered(&nodes, chosen.as_ref().map(|(_, kind)| kind), &mut structure);
    let Some((level, level_kind)) = chosen else {
        // The profile's levels head the items: the blocks under them are read all the same.
        let heads: Vec<usize> =
            (0..nodes.len()).filter(|&i| nodes[i].known == Known::Level && !in_list(&nodes, i)).collect();
        read_blocks(&nodes, &heads, &mut structure, profile);
        return structure;
    };
    // The items' headings.
    let heads: Vec<usize> = (0..nodes.len()).filter(|&i| heads_item(&nodes, i, &level_kind)).collect();
    let heads = match level_kind {
        Kind::Label(_) | Kind::Numbered(_) => heads,
        _ => parallel(&nodes, heads, profile),
    };
    let Some(&first) = heads.first() else { return structure };
    let name = match &level_kind {
        Kind::Label(label) => level.unwrap_or_else(|| capitalised(label)),
        _ => level_name(&nodes, first),
    };
    let index = profile.with_level(&name);
    for &i in &heads {
        let node = &nodes[i];
        let level = LevelMatch { index, name: name.clone(), number: node.number.clone(), title: node.title.clone() };
        structure.roles.insert(node.line.number, Role::Level(level, 0));
    }
    // Headings of the items' rank that are not items close them.
    let heading_rank = match level_kind {
        Kind::Heading(n) => Some(n),
        _ => {
            let ranks: Vec<u8> = heads.iter().filter_map(|&i| heading_level(nodes[i].line)).collect();
            (ranks.len() * 2 > heads.len()).then(|| ranks.iter().copied().min().unwrap_or(1))
        }
    };
    if let Some(rank) = heading_rank {
        for node in nodes.iter().skip(1) {
            let closes = heading_level(node.line).is_some_and(|n| n <= rank)
                && !structure.roles.contains_key(&node.line.number)
                && node.known == Known::Nothing;
            if closes {
                structure.roles.insert(node.line.number, Role::Section(node.text.clone()));
            }
        }
    }
    // A second level: headings of another kind inside the items, that repeat within them with
    // titles of their own (not the same field headings under each) over content of their own.
    let inner = second_level(&nodes, &heads, &level_kind, profile, &structure);
    let mut all_heads = heads.clone();
    if let Some(inner_heads) = inner {
        let second = level_name_besides(&nodes, &name);
        let index = profile.with_level(&second);
        for &i in &inner_heads {
            let node = &nodes[i];
            let level =
                LevelMatch { index, name: second.clone(), number: node.number.clone(), title: node.title.clone() };
            structure.roles.insert(node.line.number, Role::Level(level, 1));
        }
        all_heads.extend(inner_heads);
        all_heads.sort_unstable();
    }
    read_blocks(&nodes, &all_heads, &mut structure, profile);
    structure
}

/// The second level of the plan, inside the items of the first: a kind of heading other than
/// the first's, not a field heading, found under at least two of the items or at least twice in
/// one, each over content of its own, whose titles differ (a heading repeated word for word
/// under each item is a field's).
fn second_level(
    nodes: &[Node],
    heads: &[usize],
    top: &Kind,
    profile: &Profile,
    structure: &Structure,
) -> Option<Vec<usize>> {
    let mut found: HashMap<Kind, Vec<usize>> = HashMap::new();
    for (h, &start) in heads.iter().enumerate() {
        let end = heads.get(h + 1).copied().unwrap_or(nodes.len());
        for i in start + 1..end {
            if matches!(structure.role(nodes[i].line.number), Some(Role::Section(_))) {
                break;
            }
            let node = &nodes[i];
            let Some(kind) = node.kind.as_ref() else { continue };
            let lower = match (kind, top) {
                (Kind::Parent(d), Kind::Parent(e)) => d > e,
                (Kind::Parent(_), _) => true,
                (_, Kind::Parent(_)) => false,
                (Kind::Heading(n), Kind::Heading(m)) => n > m,
                (Kind::Heading(n), _) => heads.iter().all(|&t| heading_level(nodes[t].line).is_none_or(|m| *n > m)),
                (Kind::Short, _) | (Kind::OverFigures, _) => false,
                (kind, top) => kind != top,
            };
            let field = node.known != Known::Nothing
                || field_by_words(&node.text).is_some()
                || profile.field(unnumbered(&node.text)).is_some();
            if lower && !field && heads_item(nodes, i, kind) && !in_list(nodes, i) {
                found.entry(kind.clone()).or_default().push(i);
            }
        }
    }
    let (_, inner) = found.into_iter().filter(|(_, v)| v.len() >= 2).max_by_key(|(k, v)| (k.rank(), v.len()))?;
    let mut titles: Vec<String> = inner.iter().map(|&i| nodes[i].title.to_lowercase()).collect();
    titles.sort_unstable();
    titles.dedup();
    (titles.len() == inner.len()).then_some(inner)
}

/// A name for the second level, from the words the document uses, other than the first's.
fn level_name_besides(nodes: &[Node], first: &str) -> String {
    word_for_items(nodes, Some(first), if first == "Priority" { "Area of focus" } else { "Priority" })
}

/// Of headings of one kind, those with a parallel inner structure: when two or more share a
/// sub-heading ("What we will do" under each), a heading before the first of them or after
/// the last that shares none ("How we will deliver this plan") is not one of the items.
fn parallel(nodes: &[Node], heads: Vec<usize>, profile: &Profile) -> Vec<usize> {
    let key = |node: &Node| {
        profile
            .field(unnumbered(&node.text))
            .map(|(f, _)| f)
            .or_else(|| field_by_words(&node.text))
            .map_or_else(|| node.text.to_lowercase(), |f| f.label().to_string())
    };
    let inner: Vec<std::collections::HashSet<String>> = heads
        .iter()
        .enumerate()
        .map(|(h, &start)| {
            let end = heads.get(h + 1).copied().unwrap_or(nodes.len());
            (start + 1..end)
                .filter(|&i| is_sub_heading(nodes, i) || nodes[i].known == Known::Field)
                .map(|i| key(&nodes[i]))
                .collect()
        })
        .collect();
    // How many headings each sub-heading is under: one under two or more is shared.
    let mut under: HashMap<&str, usize> = HashMap::new();
    for keys in &inner {
        for key in keys {
            *under.entry(key.as_str()).or_default() += 1;
        }
    }
    let shared: Vec<bool> =
        inner.iter().map(|keys| keys.iter().any(|k| under.get(k.as_str()).is_some_and(|n| *n >= 2))).collect();
    match (shared.iter().position(|s| *s), shared.iter().rposition(|s| *s)) {
        (Some(first), Some(last)) if first < last => heads[first..=last].to_vec(),
        _ => heads,
    }
}

fn heading_level(line: &Line) -> Option<u8> {
    match line.hint {
        Hint::Heading(n) => Some(n),
        _ => None,
    }
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Whether the line at `i` is of the given kind and heads content of its own.
fn heads_item(nodes: &[Node], i: usize, kind: &Kind) -> bool {
    let node = &nodes[i];
    if node.kind.as_ref() != Some(kind)
        || matches!(node.known, Known::Part | Known::Field | Known::Furniture)
        || node.title.split_whitespace().count() > 25
        || node.text.ends_with(':') && !node.title.is_empty()
    {
        return false;
    }
    let Some(next) = nodes.get(i + 1) else { return false };
    if next.kind.as_ref() == Some(kind) || next.kind.as_ref().is_some_and(|k| k.rank() > kind.rank()) {
        return false;
    }
    // A short line heads a list or a table, not a paragraph.
    if *kind == Kind::Short {
        return matches!(next.line.hint, Hint::ListItem { .. } | Hint::TableRow);
    }
    true
}

/// The kind of heading that makes the plan's items, if the structure shows one, with the
/// level name the profile gives it; `None` when the profile's own levels head content in this
/// document (they are read as the profile says).
fn choose_level(nodes: &[Node], profile: &Profile) -> Option<(Option<String>, Kind)> {
    let profile_levels =
        nodes.iter().enumerate().filter(|(i, n)| n.known == Known::Level && !in_list(nodes, *i)).count();
    if profile_levels >= 2 {
        return None;
    }
    let mut counts: HashMap<&Kind, (usize, usize, usize, usize)> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let Some(kind) = node.kind.as_ref() else { continue };
        let entry = counts.entry(kind).or_insert((0, 0, 0, i));
        entry.0 += 1;
        if nodes.get(i + 1).is_some_and(|n| n.kind.as_ref() == Some(kind)) {
            entry.1 += 1;
        }
        if heads_item(nodes, i, kind) {
            entry.2 += 1;
        }
    }
    let (kind, _) = counts
        .into_iter()
        .filter(|(_, (all, followed, heads, _))| *heads >= 2 && followed * 2 < *all)
        .max_by_key(|(kind, (_, _, _, first))| (kind.rank(), std::cmp::Reverse(*first)))?;
    let name = match kind {
        Kind::Label(label) => profile.level(&format!("{label} 1 x")).map(|m| m.name),
        _ => None,
    };
    Some((name, kind.clone()))
}

/// A contents list's lines are no headings: from "Contents" to the first heading of the
/// format, paragraph of prose, or its own first entry come again.
fn contents(nodes: &mut [Node]) {
    let mut i = 0;
    while i < nodes.len() {
        let text = nodes[i].text.to_lowercase();
        if text != "contents" && text != "table of contents" {
            i += 1;
            continue;
        }
        let first = nodes.get(i + 1).map(|n| heading_key(&n.text));
        let mut j = i + 1;
        while let Some(node) = nodes.get_mut(j) {
            let again = j > i + 1 && first.as_deref() == Some(heading_key(&node.text).as_str());
            if matches!(node.line.hint, Hint::Heading(_)) || node.text.split_whitespace().count() > 20 || again {
                break;
            }
            node.kind = None;
            node.known = Known::Furniture;
            j += 1;
        }
        i = j;
    }
}

/// Whether the line at `i` is one of a list numbered by hand: paragraphs numbered alike, one
/// straight after another ("1.1 We will …" then "1.2 …"), or a numbered paragraph right under
/// a field's heading ("Our commitments"), where no heading of a level comes.
fn in_list(nodes: &[Node], i: usize) -> bool {
    let node = &nodes[i];
    let Some(kind @ Kind::Numbered(_)) = node.kind.as_ref() else { return false };
    let neighbour = |j: Option<usize>| j.and_then(|j| nodes.get(j)).is_some_and(|n| n.kind.as_ref() == Some(kind));
    let under_field = i.checked_sub(1).map(|j| &nodes[j]).is_some_and(|prev| {
        prev.known == Known::Field
            || prev.known == Known::Nothing && prev.kind.is_some() && field_by_words(&prev.text).is_some()
    });
    node.line.hint == Hint::Plain && (neighbour(i.checked_sub(1)) || neighbour(Some(i + 1)) || under_field)
}

/// Lines numbered by hand as a list, however the profile reads their words: entries, their
/// numbers taken off.
fn hand_numbered(nodes: &[Node], level: Option<&Kind>, structure: &mut Structure) {
    for (i, node) in nodes.iter().enumerate() {
        if in_list(nodes, i) && node.kind.as_ref() != level && !structure.roles.contains_key(&node.line.number) {
            structure.roles.insert(node.line.number, Role::Entry(node.title.clone()));
        }
    }
}

/// A table's first row is its header when every cell is a short label, or the profile was
/// taught tables headed like it, and rows follow.
fn read_tables(nodes: &[Node], structure: &mut Structure, profile: &Profile) {
    for (i, node) in nodes.iter().enumerate() {
        let starts = node.line.hint == Hint::TableRow
            && i.checked_sub(1).is_none_or(|j| nodes[j].line.hint != Hint::TableRow)
            && nodes.get(i + 1).is_some_and(|n| n.line.hint == Hint::TableRow);
        let labels = node.line.text.split('\t').map(str::trim).filter(|c| !c.is_empty()).all(|c| {
            c.split_whitespace().count() <= 5
                && !c.contains('%')
                && !c.ends_with('.')
                && c.chars().any(char::is_alphabetic)
        });
        if starts && (labels || profile.table(&node.line.text).is_some()) {
            structure.roles.insert(node.line.number, Role::Header);
        }
    }
}

/// A scorecard's lines: a measure, then its latest value and perhaps its status, each on a
/// line of its own. The measure is content of the measures; the line over a run of them heads
/// an item.
fn read_figures(nodes: &mut [Node], structure: &mut Structure) {
    let mut measures = vec![false; nodes.len()];
    for i in 1..nodes.len() {
        if is_value(&nodes[i].text) && !is_value(&nodes[i - 1].text) && nodes[i - 1].line.hint != Hint::TableRow {
            measures[i - 1] = true;
            structure.roles.insert(nodes[i].line.number, Role::Value);
            if nodes.get(i + 1).is_some_and(|n| is_status(&n.text) && n.kind != Some(Kind::Heading(1))) {
                structure.roles.insert(nodes[i + 1].line.number, Role::Value);
            }
        }
    }
    if measures.iter().filter(|m| **m).count() < 2 {
        for node in nodes.iter() {
            if structure.roles.get(&node.line.number) == Some(&Role::Value) {
                structure.roles.remove(&node.line.number);
            }
        }
        return;
    }
    for i in 0..nodes.len() {
        if measures[i] {
            structure.roles.insert(nodes[i].line.number, Role::Content(Field::Measures));
            nodes[i].kind = None;
        } else if measures.get(i + 1) == Some(&true)
            && !structure.roles.contains_key(&nodes[i].line.number)
            && i > 0
            && nodes[i].kind.as_ref().is_none_or(|k| k.rank() < Kind::OverFigures.rank())
        {
            nodes[i].kind = Some(Kind::OverFigures);
            nodes[i].title = nodes[i].text.clone();
        }
    }
}

/// Whether the line at `i` heads a part of an item: a heading of the format, or a short line
/// over a list or that names a field in general words, that the profile does not know.
fn is_sub_heading(nodes: &[Node], i: usize) -> bool {
    let node = &nodes[i];
    // "How we will measure success:" over a list: a lead-in that names a field.
    let lead_in = node.text.ends_with(':')
        && node.text.split_whitespace().count() <= 10
        && !matches!(node.line.hint, Hint::ListItem { .. } | Hint::TableRow)
        && field_by_words(node.text.trim_end_matches(':')).is_some();
    node.known == Known::Nothing
        && (matches!(node.line.hint, Hint::Heading(_))
            || lead_in
            || node.kind == Some(Kind::Short)
                && (field_by_words(&node.text).is_some()
                    || nodes.get(i + 1).is_some_and(|n| matches!(n.line.hint, Hint::ListItem { .. }))))
}

/// The blocks of lines under each item (between its heading, its sub-headings and the next
/// item): a sub-heading the profile does not know becomes a field by its words or by what
/// its block holds; a block under no field gets the field its lines' cues agree on, and a
/// list that gives no cue the field most blocks of the document have.
fn read_blocks(nodes: &[Node], heads: &[usize], structure: &mut Structure, profile: &Profile) {
    let mut blocks: Vec<(Vec<usize>, Option<Cue>, bool)> = Vec::new();
    let mut document = [0usize; 3];
    for (h, &start) in heads.iter().enumerate() {
        let end = heads.get(h + 1).copied().unwrap_or(nodes.len());
        let mut under_field = false;
        let mut sub_heading: Option<usize> = None;
        let mut i = start + 1;
        let ends_item = |structure: &Structure, i: usize| {
            matches!(structure.role(nodes[i].line.number), Some(Role::Section(_) | Role::Level(..)))
                || nodes[i].known == Known::Part
        };
        let opens_part = |structure: &Structure, i: usize| {
            is_sub_heading(nodes, i) && !structure.roles.contains_key(&nodes[i].line.number)
        };
        while i < end && !ends_item(structure, i) {
            let node = &nodes[i];
            if node.known == Known::Field {
                (under_field, sub_heading) = (true, None);
                i += 1;
                continue;
            }
            if opens_part(structure, i) {
                match field_by_words(&node.text) {
                    Some(field) => {
                        structure.roles.insert(node.line.number, Role::Field(field));
                        (under_field, sub_heading) = (true, None);
                    }
                    None => (under_field, sub_heading) = (false, Some(i)),
                }
                i += 1;
                continue;
            }
            let mut block = Vec::new();
            // A table is a block of its own; its header row may name what its rows are.
            let table = node.line.hint == Hint::TableRow;
            while i < end
                && !ends_item(structure, i)
                && nodes[i].known != Known::Field
                && !opens_part(structure, i)
                && (nodes[i].line.hint == Hint::TableRow) == table
            {
                block.push(i);
                i += 1;
            }
            let named =
                block.first().filter(|&&b| structure.role(nodes[b].line.number) == Some(&Role::Header)).and_then(
                    |&b| profile.table(&nodes[b].line.text).map(|(f, _)| f).or(header_field(&nodes[b].line.text)),
                );
            if let Some(field) = named {
                if let Some(cue) = [Cue::Action, Cue::Measure, Cue::Success].into_iter().find(|c| c.field() == field) {
                    document[cue as usize] += 1;
                }
                for &b in &block[1..] {
                    structure.roles.entry(nodes[b].line.number).or_insert(Role::Content(field));
                }
                continue;
            }
            if block.is_empty() {
                i += 1;
                continue;
            }
            if !under_field {
                let (cue, clear) = vote(nodes, &block, structure);
                if let (Some(cue), true) = (cue, clear) {
                    document[cue as usize] += 1;
                    if let Some(h) = sub_heading {
                        structure.roles.insert(nodes[h].line.number, Role::Field(cue.field()));
                    }
                }
                blocks.push((block, cue, clear));
            }
        }
    }
    let most = [Cue::Action, Cue::Measure, Cue::Success]
        .into_iter()
        .filter(|c| document[*c as usize] > 0)
        .max_by_key(|c| document[*c as usize]);
    for (block, cue, clear) in blocks {
        let list = block.iter().all(|&i| matches!(nodes[i].line.hint, Hint::ListItem { .. }));
        let cue = match cue {
            Some(cue) if clear => Some(cue),
            None if list => most,
            _ => None,
        };
        let Some(field) = cue.map(Cue::field) else { continue };
        for i in block {
            // In prose, a paragraph of its own whose words give no cue stays the item's text (a
            // line that carries on the one before is not a paragraph of its own).
            let own = i.checked_sub(1).is_none_or(|j| nodes[j].text.ends_with(['.', '!', '?', ':']))
                && nodes[i].text.starts_with(char::is_uppercase);
            if !list && nodes[i].line.hint == Hint::Plain && self::cue(&nodes[i].text).is_none() {
                if own {
                    structure.roles.entry(nodes[i].line.number).or_insert(Role::Summary);
                }
                continue;
            }
            structure.roles.entry(nodes[i].line.number).or_insert(Role::Content(field));
        }
    }
}

/// What a table's header row says its rows are: actions ("Action | Lead | By when"),
/// measures ("Indicator | Baseline | Target"), success statements ("Outcome | …").
fn header_field(row: &str) -> Option<Field> {
    let first = row.split('\t').map(str::trim).find(|c| !c.is_empty())?.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| first.contains(w));
    if has(&["indicator", "measure", "kpi", "metric", "performance"]) {
        Some(Field::Measures)
    } else if has(&["action", "commitment", "activity", "what we will do", "task", "deliverable"]) {
        Some(Field::Actions)
    } else if has(&["success", "outcome", "what will be different"]) {
        Some(Field::Success)
    } else {
        None
    }
}

/// The kind of entries a block holds, by its lines' cues (a scorecard's measures counting as
/// measures), and whether the block is clear enough to be filed by it: a list, or two or more
/// paragraphs at least half of which give a cue.
fn vote(nodes: &[Node], block: &[usize], structure: &Structure) -> (Option<Cue>, bool) {
    let mut counts = [0usize; 3];
    let mut entries = 0;
    let mut list = true;
    for &i in block {
        let node = &nodes[i];
        let cue = match structure.role(node.line.number) {
            Some(Role::Value | Role::Header) => continue,
            Some(Role::Content(Field::Measures)) => Some(Cue::Measure),
            _ => cue(&node.text),
        };
        entries += 1;
        if !matches!(node.line.hint, Hint::ListItem { .. } | Hint::TableRow) {
            list = false;
        }
        if let Some(cue) = cue {
            counts[cue as usize] += 1;
        }
    }
    let cued: usize = counts.iter().sum();
    // Measures and success statements are both figures; between them, the more; against
    // actions, whichever has more lines.
    let figures = counts[Cue::Measure as usize] + counts[Cue::Success as usize];
    let best = if cued == 0 {
        None
    } else if counts[Cue::Action as usize] >= figures {
        Some(Cue::Action)
    } else if counts[Cue::Measure as usize] >= counts[Cue::Success as usize] {
        Some(Cue::Measure)
    } else {
        Some(Cue::Success)
    };
    let clear = entries > 0 && (list || (entries >= 2 && cued * 2 >= entries));
    (best, clear)
}
