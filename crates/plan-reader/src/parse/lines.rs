//! What a single line is: the classifiers the parser asks of each line (a list flattened
//! into one line, a heading run into its text, a table's header row, a sentence carried on
//! from the line before, a running header, a report's detail) and the text clean-ups they use.

use super::Item;
use crate::profile::{Field, LevelMatch, Profile};
use crate::{Hint, Line, Source};

/// The text with Markdown emphasis taken off and, from a list item, its markers: bullets, and
/// numbers or letters ("1.", "a)", "(ii)"), however many there are ("- a) Clear guidance").
pub(super) fn clean(line: &Line) -> String {
    let t = line.text.trim().replace("**", "");
    if let Hint::ListItem { .. } = line.hint { unmarked(&t).to_string() } else { t.trim().to_string() }
}

/// Text without its leading list markers.
pub(crate) fn unmarked(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let mut chars = t.chars();
        if matches!(chars.next(), Some('-' | '•' | '*' | '·' | '●' | '▪' | '◦' | '○' | '■' | '►' | '➢' | '–'))
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
pub(super) fn flattened(text: &str) -> Option<Vec<String>> {
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
pub(super) fn split_run_in_headings(source: &Source, profile: &Profile) -> Source {
    let mut lines = Vec::with_capacity(source.lines.len());
    for line in &source.lines {
        let split = (line.hint == Hint::Plain).then(|| run_in(&line.text, profile)).flatten();
        match split {
            Some((heading, rest)) => {
                lines.push(Line { number: line.number, text: heading.to_string(), hint: Hint::Plain, depth: 0 });
                let hint = if rest.starts_with('•') { Hint::ListItem { ordered: false } } else { Hint::Plain };
                lines.push(Line { number: line.number, text: rest.to_string(), hint, depth: 0 });
            }
            None => lines.push(line.clone()),
        }
    }
    Source { lines }
}

/// A table of the plan's items whose cells a conversion ran together with spaces (a Word file
/// or PDF made from a text whose columns were tabs): a plain line that is nothing but two or
/// more of the profile's level names ("KEY THEME 1 Priority Areas for Action 2017-18") is its
/// header row, and the plain lines under it that split at a running number ("Keep children
/// well and safe 1 Ensure …", then "2 Ensure …") are its rows. Each becomes a table row, its
/// cells joined by tabs, as the text reader would have read it; a line that does not split so,
/// or whose number does not follow the last, ends the table.
pub(super) fn rejoin_run_together_tables(source: &Source, profile: &Profile) -> Source {
    let mut lines = Vec::with_capacity(source.lines.len());
    // The number of the last row of the table being read, once its header is found.
    let mut table: Option<Option<u32>> = None;
    for line in &source.lines {
        if line.text.trim().is_empty() {
            lines.push(line.clone());
            continue;
        }
        let plain = line.hint == Hint::Plain && !line.text.contains('\t');
        if let Some(header) = plain.then(|| level_names(&line.text, profile)).flatten() {
            lines.push(Line { text: header.join("\t"), hint: Hint::TableRow, ..line.clone() });
            table = Some(None);
            continue;
        }
        let row = match (plain, table) {
            (true, Some(last)) => numbered_row(&line.text).filter(|(_, n, _)| last.is_none_or(|l| *n == l + 1)),
            _ => None,
        };
        match row {
            Some((before, number, after)) => {
                table = Some(Some(number));
                lines.push(Line { text: format!("{before}\t{number}\t{after}"), hint: Hint::TableRow, ..line.clone() });
            }
            None => {
                table = None;
                lines.push(line.clone());
            }
        }
    }
    Source { lines }
}

/// A line's words as two or more level names the profile knows, each with no title of words
/// ("KEY THEME 1", "Priority Areas for Action 2017-18"), if they are nothing else.
fn level_names(text: &str, profile: &Profile) -> Option<Vec<String>> {
    fn split(words: &[&str], profile: &Profile) -> Option<Vec<String>> {
        (1..=words.len()).rev().find_map(|k| {
            let name = words[..k].join(" ");
            profile.level(&name).filter(|l| !l.title.chars().any(char::is_alphabetic))?;
            if k == words.len() {
                return Some(vec![name]);
            }
            let mut rest = split(&words[k..], profile)?;
            rest.insert(0, name);
            Some(rest)
        })
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // A level's pattern ends with its title, so a line of level names is first a level with
    // the rest for its title: one match rules out nearly every line before any split is tried.
    if words.len() > 16 || profile.level(text.trim()).is_none_or(|l| l.title.is_empty()) {
        return None;
    }
    split(&words, profile).filter(|names| names.len() >= 2)
}

/// A table row run together at its number column: a short cell or none ("Keep children well
/// and safe"), a number of one or two digits, and a title of three words or more that starts
/// with a capital.
fn numbered_row(text: &str) -> Option<(String, u32, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words.iter().take(9).position(|w| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))?;
    let number: u32 = words[at].parse().ok()?;
    let (before, after) = (words[..at].join(" "), &words[at + 1..]);
    let cell = before.is_empty() || before.starts_with(char::is_uppercase) && !before.ends_with(['.', ',', ';', ':']);
    (cell && after.len() >= 3 && after[0].starts_with(char::is_uppercase)).then(|| (before, number, after.join(" ")))
}

/// Where a heading runs into its text, if it does: the heading and the rest.
pub(super) fn run_in<'t>(text: &'t str, profile: &Profile) -> Option<(&'t str, &'t str)> {
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
pub(super) fn names_a_figure(text: &str) -> bool {
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
pub(super) fn is_subheading(text: &str, line: &Line, next: Option<&Line>, profile: &Profile) -> bool {
    matches!(line.hint, Hint::Plain | Hint::Heading(_))
        && text.split_whitespace().count() <= 12
        && !text.ends_with(['.', ':', ';', ',', '?', '!'])
        && next.is_some_and(|n| profile.field(&clean(n)).is_some())
}

/// A line without a leading section number ("2. Vision and priorities" → "Vision and
/// priorities"), for matching the plan's parts.
pub(super) fn unnumbered(text: &str) -> &str {
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if rest.len() < text.len() && rest.starts_with(' ') { rest.trim_start() } else { text }
}

/// How the line before stands to this one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Before {
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
pub(super) fn ends_cut(text: &str) -> bool {
    const JOINING: [&str; 16] =
        ["with", "and", "of", "the", "to", "for", "in", "on", "by", "a", "an", "or", "our", "their", "from", "that"];
    text.rsplit(char::is_whitespace).next().is_some_and(|w| JOINING.contains(&w))
}

/// Whether a line goes on from the one before: a sentence wrapped onto the next line
/// (starting in lower case, or right under a long line that has not ended, or indented under
/// a line that was itself wrapped), a list item's second paragraph right under it, or a list
/// item that only carries on a sentence cut off mid-way.
pub(super) fn continues(previous: &str, before: Before, wrapping: bool, line: &Line, text: &str) -> bool {
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
pub(super) fn heading_key(text: &str) -> String {
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
pub(super) fn title_key(title: &str) -> String {
    split_reference(title).0.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A table row that names levels ("KEY THEME 1 | | Priority Areas for Action 2017-18"): the
/// level each of its cells names, for the rows under it. Every cell must name a level, with at
/// most a year for a title.
pub(super) fn level_header(row: &str, profile: &Profile) -> Option<Vec<LevelMatch>> {
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
pub(super) fn header_entries(row: &str, header: &[LevelMatch]) -> Vec<(LevelMatch, String)> {
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
pub(super) fn find_item(
    siblings: &[Item],
    name: &str,
    number: Option<&str>,
    title: &str,
    in_table: bool,
) -> Option<usize> {
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
pub(super) fn is_empty_item(item: &Item) -> bool {
    Field::ALL.iter().all(|f| item.get(*f).is_empty()) && item.summary.is_empty() && item.items.is_empty()
}

/// A report's heading table row ("2. | Date: | 14 th January 2015", tab-separated, or "Date: 14 January 2015"
/// on a line of its own): the key in lower case and the value.
pub(super) fn report_detail(line: &Line) -> Option<(String, String)> {
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
pub(super) fn joined_ordinals(text: &str) -> String {
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
pub(super) fn numbered_heading(line: &Line, next: Option<&Line>) -> Option<(String, String)> {
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
pub(super) fn numbered_section(line: &Line) -> Option<String> {
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
pub(super) fn is_header_row(row: &str) -> bool {
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
pub(super) fn is_run_together_header(text: &str) -> bool {
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
pub(super) fn running_lines(source: &Source, profile: &Profile) -> Vec<String> {
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

/// A table row's cells under a header: the cell that names the thing (under "Indicator",
/// "Measure", "Action" and the like, else the first that is not just a number) and the others,
/// each with its column's header.
pub(super) fn row_cells(row: &str, header: Option<&[String]>) -> (String, Vec<(String, String)>) {
    let Some(header) = header else { return (main_cell(row), Vec::new()) };
    let cells: Vec<&str> = row.split('\t').map(str::trim).collect();
    const NAMES: [&str; 8] =
        ["indicator", "measure", "kpi", "action", "commitment", "activity", "what we will do", "title"];
    // A column taught as the entries' own is headed "Title" (see `Column::header`).
    let main = header
        .iter()
        .position(|h| h == "Title")
        .or_else(|| header.iter().position(|h| NAMES.iter().any(|n| h.to_lowercase().contains(n))))
        .filter(|&i| cells.get(i).is_some_and(|c| !c.is_empty()));
    let Some(main) = main else { return (main_cell(row), Vec::new()) };
    let others = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| *i != main && !c.is_empty())
        .filter_map(|(i, c)| header.get(i).filter(|h| !h.is_empty()).map(|h| (h.clone(), c.to_string())))
        .collect();
    (cells[main].to_string(), others)
}

/// The cell of a table row that names the thing: the first that is not just a number.
pub(super) fn main_cell(row: &str) -> String {
    row.split('\t')
        .map(str::trim)
        .find(|c| !c.is_empty() && !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .unwrap_or_default()
        .to_string()
}
