//! PDFs, through their text layer (pdf-extract). Each page's text is read as plain text is; a
//! PDF with no text at all is a scan, and says so rather than giving an empty plan. The library
//! can panic on malformed files, so it runs behind `catch_unwind`: a bad PDF is an error, never
//! a crash.

use std::collections::HashMap;

use crate::{Hint, ReadError, Source};

pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    let bad = |reason: String| ReadError::BadPdf { file: name.to_string(), reason };
    let owned = bytes.to_vec();
    let pages = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&owned))
        .map_err(|_| bad("its structure is damaged".into()))?
        .map_err(|e| bad(e.to_string()))?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ReadError::NoTextLayer { file: name.to_string() });
    }
    Ok(by_place(&pages))
}

/// A line as it is compared between pages: its digits as one mark, so that "Page 3" and
/// "Page 4", or a footer with its page number, are the same line.
fn shape(line: &str) -> String {
    let mut out = String::new();
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a line is only a page number: "7", "Page 7", "7 of 23", "- 7 -".
fn is_page_number(line: &str) -> bool {
    let shape = shape(line).to_lowercase();
    let shape = shape.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    matches!(shape, "#" | "page #" | "# of #" | "page # of #" | "p. #" | "#/#")
}

/// The pages' text as lines, with what sits where furniture sits left out by its place: the
/// first and last two lines of a page that come again, digits aside, at the top or bottom of
/// at least three pages and half of them (a running header or footer), and a page's number at
/// its top or bottom. A word broken at a hyphen at the end of a line is joined again
/// ("safe-" then "guarding" is "safeguarding"; "multi-" then "agency" keeps its hyphen only
/// when the next line starts with a capital).
fn by_place(pages: &[String]) -> Source {
    let edges = |page: &str| -> Vec<String> {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let n = lines.len();
        let mut at: Vec<&str> = lines.iter().take(2).copied().collect();
        at.extend(lines.iter().skip(n.saturating_sub(2).max(2)).copied());
        at.into_iter().map(shape).collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut seen: Vec<String> = edges(page);
        seen.sort();
        seen.dedup();
        for shape in seen {
            *counts.entry(shape).or_default() += 1;
        }
    }
    let repeated = |shape: &str| {
        let n = counts.get(shape).copied().unwrap_or(0);
        n >= 3 && n * 2 >= pages.len() && shape.chars().any(char::is_alphabetic)
    };
    let mut text = String::new();
    let mut furniture = Vec::new();
    for page in pages {
        let lines: Vec<&str> = page.lines().collect();
        let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
        let edge: Vec<usize> =
            filled.iter().take(2).chain(filled.iter().skip(filled.len().saturating_sub(2).max(2))).copied().collect();
        for (i, line) in lines.iter().enumerate() {
            let at_edge = edge.contains(&i);
            if at_edge && (is_page_number(line) || repeated(&shape(line))) {
                furniture.push(text.lines().count());
            }
            text.push_str(line);
            text.push('\n');
        }
    }
    let mut source = crate::text::read(&text);
    for &i in &furniture {
        if let Some(line) = source.lines.get_mut(i) {
            line.hint = Hint::PageFurniture;
        }
    }
    join_hyphenated(&mut source);
    source
}

/// A word broken at a hyphen at a line's end is joined with the start of the next line of
/// text, which then holds only the rest.
fn join_hyphenated(source: &mut Source) {
    let mut i = 0;
    while i + 1 < source.lines.len() {
        let broken = {
            let line = source.lines[i].text.trim_end();
            line.ends_with('-')
                && line.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                && source.lines[i].hint != Hint::PageFurniture
        };
        let next = (i + 1..source.lines.len())
            .find(|&j| !source.lines[j].text.trim().is_empty() && source.lines[j].hint != Hint::PageFurniture);
        if let (true, Some(j)) = (broken, next) {
            let rest = source.lines[j].text.trim_start().to_string();
            let (word, after) = rest.split_once(' ').map_or((rest.as_str(), ""), |(w, a)| (w, a));
            if word.starts_with(char::is_lowercase) {
                let mut line = source.lines[i].text.trim_end().to_string();
                line.pop();
                line.push_str(word);
                source.lines[i].text = line;
                source.lines[j].text = after.trim().to_string();
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_headers_footers_and_page_numbers_are_known_by_their_place() {
        let page = |n: usize, body: &str| format!("Kelderby Children's Plan 2024-27\n\n{body}\n\nPage {n} of 4\n");
        let pages = vec![
            page(1, "Priority 1 - Safe\nWe will open safe-\nguarding hubs."),
            page(2, "Why it matters\nKelderby Children's Plan 2024-27 is ours."),
            page(3, "Priority 2 - Healthy"),
            page(4, "Actions"),
        ];
        let source = by_place(&pages);
        let furniture: Vec<&str> =
            source.lines.iter().filter(|l| l.hint == Hint::PageFurniture).map(|l| l.text.as_str()).collect();
        assert_eq!(furniture.len(), 8, "{furniture:?}");
        assert!(furniture.iter().all(|l| l.starts_with("Kelderby Children's Plan") || l.starts_with("Page ")));
        // The same words inside a page are the page's own.
        assert!(
            source.lines.iter().any(|l| l.text == "Kelderby Children's Plan 2024-27 is ours." && l.hint == Hint::Plain)
        );
        let texts: Vec<&str> = source.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"We will open safeguarding"), "{texts:?}");
        assert!(texts.contains(&"hubs."), "{texts:?}");
        assert!(is_page_number("- 12 -") && is_page_number("3 of 20") && !is_page_number("2024-27 plan"));
    }
}
