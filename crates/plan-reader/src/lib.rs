//! Bringing a partnership's existing plan in. The readers here turn a plan document (plain
//! text, Markdown, HTML, Word, PDF) into one shape: numbered source lines, each with what the
//! format said about it (a heading of some level, a list item, a table row). The parser that
//! recognises a plan's levels and fields in those lines works on that shape alone, whatever the
//! document was.
//!
//! Every reader ends in lines or a clear error; none panics on any input (the PDF library is
//! run behind `catch_unwind`, as it can panic on malformed files).

mod docx;
mod html;
mod markdown;
pub mod parse;
mod pdf;
pub mod plan;
pub mod profile;
pub mod review;
mod text;

use std::fmt;

/// The formats a plan document can be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Text, Kind::Markdown, Kind::Html, Kind::Docx, Kind::Pdf];

    pub fn word(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Markdown => "markdown",
            Kind::Html => "html",
            Kind::Docx => "docx",
            Kind::Pdf => "pdf",
        }
    }

    pub fn from_word(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.word() == word)
    }

    /// What a person calls a file of this kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Text => "plain text",
            Kind::Markdown => "Markdown",
            Kind::Html => "a web page",
            Kind::Docx => "a Word document",
            Kind::Pdf => "a PDF",
        }
    }

    /// The format a file is in, from its content before its name: a PDF starts `%PDF-`, a
    /// Word file is a zip (`PK`), HTML starts with a tag or is made of tags (a web page saved
    /// as `.txt`), Markdown has `#` headings or `**bold**` and links (a `.txt` written in
    /// Markdown); a file named `.html` or `.md` with nothing of the kind is read by its name;
    /// else text.
    pub fn detect(name: &str, bytes: &[u8]) -> Kind {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(16_384)]).to_string();
        let start = head.trim_start_matches('\u{feff}').trim_start().to_lowercase();
        let name = name.to_lowercase();
        if bytes.starts_with(b"%PDF-") {
            Kind::Pdf
        } else if bytes.starts_with(b"PK\x03\x04") {
            Kind::Docx
        } else if start.starts_with("<!doctype html") || start.starts_with("<html") || looks_like_html(&start) {
            Kind::Html
        } else if looks_like_markdown(&head) {
            Kind::Markdown
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Kind::Html
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            Kind::Markdown
        } else {
            Kind::Text
        }
    }
}

/// Whether text is made of HTML: it opens with a tag and holds at least three kinds of the
/// elements pages are built of.
fn looks_like_html(lower: &str) -> bool {
    const ELEMENTS: [&str; 14] = [
        "<p>", "<p ", "<div", "<h1", "<h2", "<h3", "<ul", "<li", "<body", "<table", "<br", "<span", "<a href",
        "<section",
    ];
    lower.starts_with('<') && ELEMENTS.iter().filter(|e| lower.contains(*e)).count() >= 3
}

/// Whether text is written in Markdown: two or more `#` headings, or one with bold text, links
/// or a setext underline.
fn looks_like_markdown(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(400).collect();
    let headings = lines
        .iter()
        .filter(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') && l[hashes..].trim().len() > 1
        })
        .count();
    let underlined = lines
        .windows(2)
        .filter(|w| {
            let under = w[1].trim();
            !w[0].trim().is_empty()
                && under.len() >= 3
                && (under.chars().all(|c| c == '=') || under.chars().all(|c| c == '-'))
        })
        .count();
    let emphasis = lines.iter().any(|l| l.contains("**") || l.contains("](http"));
    headings >= 2 || underlined >= 2 || (headings + underlined >= 1 && emphasis)
}

/// The heading level given to a short paragraph that is only bold (in Word, HTML or
/// Markdown): below every heading a format names, since writers make such headings by hand
/// where their template has no style for them.
pub const BOLD_HEADING: u8 = 7;

/// What the document's own structure said about a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hint {
    /// Nothing: a paragraph, or a line of plain text.
    #[default]
    Plain,
    /// A heading of this level (1 is the highest), from Markdown `#`, HTML `<h1>` or a Word
    /// Heading style.
    Heading(u8),
    /// An item of a list.
    ListItem { ordered: bool },
    /// A row of a table, its cells separated by tabs.
    TableRow,
    /// Page furniture by its place on the page: a running header or footer, a page number.
    PageFurniture,
}

/// One line of the source, as the person reading the document would see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Counting from 1, in the order the document is read; for a text file, the file's own
    /// line number.
    pub number: usize,
    pub text: String,
    pub hint: Hint,
    /// How deep a list item is nested in other lists, 0 the outermost; 0 for other lines.
    pub depth: u8,
}

/// A document read into lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub lines: Vec<Line>,
}

impl Source {
    /// Lines from (text, hint) pairs, numbered from 1; blank ones are kept as blank lines so
    /// that paragraphs stay apart. A no-break space is an ordinary space.
    /// A paragraph that starts with a bullet or a number typed by hand ("• Narrowing the gap")
    /// is a list item whatever the format called it.
    ///
    /// A list item's depth is found from its indentation, as text gives it: deeper than the
    /// item above when indented further, back to that one's when indented as far.
    fn from_parts(parts: impl IntoIterator<Item = (String, Hint)>) -> Source {
        let mut source = Source::from_nested(parts.into_iter().map(|(text, hint)| (text, hint, 0)));
        let mut indents: Vec<usize> = Vec::new();
        for line in &mut source.lines {
            let indent =
                line.text.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum();
            match line.hint {
                Hint::ListItem { .. } => {
                    while indents.last().is_some_and(|top| *top > indent) {
                        indents.pop();
                    }
                    if indents.last().is_none_or(|top| *top < indent) {
                        indents.push(indent);
                    }
                    line.depth = u8::try_from(indents.len().saturating_sub(1)).unwrap_or(u8::MAX);
                }
                // A paragraph at the margin ends the lists above it.
                _ if !line.text.trim().is_empty() && indent == 0 => indents.clear(),
                _ => {}
            }
        }
        source
    }

    /// Lines from (text, hint, list depth), as formats that say how lists nest give them.
    fn from_nested(parts: impl IntoIterator<Item = (String, Hint, u8)>) -> Source {
        let lines = parts
            .into_iter()
            .enumerate()
            .map(|(i, (text, hint, depth))| {
                let text = text.replace('\u{a0}', " ").trim_end().to_string();
                let hint = match (hint, text::list_marker(&text)) {
                    (Hint::Plain, Some(ordered)) => Hint::ListItem { ordered },
                    (hint, _) => hint,
                };
                let depth = if matches!(hint, Hint::ListItem { .. }) { depth } else { 0 };
                Line { number: i + 1, text, hint, depth }
            })
            .collect();
        Source { lines }
    }

    /// The lines with some text.
    pub fn non_blank(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| !l.text.trim().is_empty())
    }
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file is not text in any encoding cypp reads (UTF-8, UTF-16, Windows-1252).
    NotUtf8 { file: String, reason: String },
    /// The Word file is damaged or is not a Word file.
    BadDocx { file: String, reason: String },
    /// The PDF cannot be read at all.
    BadPdf { file: String, reason: String },
    /// The PDF is pictures of pages (a scan): there is no text to read.
    NoTextLayer { file: String },
    /// The file is built in a way no real plan is (a web page nested thousands deep), which
    /// would take the reader far too long.
    TooComplex { file: String, reason: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotUtf8 { file, reason } => {
                write!(f, "{file} cannot be read as text ({reason}); save it as UTF-8 text, or as a Word or PDF file")
            }
            ReadError::BadDocx { file, reason } => write!(f, "{file} cannot be read as a Word document: {reason}"),
            ReadError::BadPdf { file, reason } => write!(f, "{file} cannot be read as a PDF: {reason}"),
            ReadError::TooComplex { file, reason } => write!(f, "{file} cannot be read: {reason}"),
            ReadError::NoTextLayer { file } => write!(
                f,
                "{file} has no text to read: it looks like a scanned PDF (pictures of pages). Import the Word or web version of the plan, or run the PDF through text recognition (OCR) first"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// What the dry run shows of a document read and parsed: the draft plan in the cypp-plan
/// format, the reader that read it, and every line left out with why. `cypp import plan
/// --dry-run --output json` prints it.
pub fn dry_run(kind: Kind, source: &Source, parsed: &parse::Parsed, file: &cypp_domain::PlanFile) -> serde_json::Value {
    let texts: std::collections::HashMap<usize, &str> =
        source.lines.iter().map(|l| (l.number, l.text.as_str())).collect();
    let text = |n: usize| texts.get(&n).copied().unwrap_or_default().to_string();
    let dropped: Vec<serde_json::Value> = parsed
        .placements
        .iter()
        .filter_map(|(n, p)| match p {
            parse::Placement::Dropped(why) => Some(serde_json::json!({ "line": n, "text": text(*n), "why": why })),
            parse::Placement::Placed(_) => None,
        })
        .collect();
    let plan = serde_json::from_str::<serde_json::Value>(&file.to_json()).unwrap_or(serde_json::Value::Null);
    serde_json::json!({ "read_as": kind.word(), "plan": plan, "dropped": dropped })
}

/// Reads a plan document of the given kind.
pub fn read(kind: Kind, name: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    // Text in the encoding it was saved in: UTF-8, UTF-16 with a mark, or Windows-1252.
    let text = || {
        cypp_input::decode_text(bytes)
            .map(|(text, _)| text)
            .map_err(|reason| ReadError::NotUtf8 { file: name.to_string(), reason })
    };
    match kind {
        Kind::Text => Ok(text::read(&text()?)),
        Kind::Markdown => Ok(markdown::read(&text()?)),
        Kind::Html => {
            let text = text()?;
            html::check_nesting(&text).map_err(|reason| ReadError::TooComplex { file: name.to_string(), reason })?;
            Ok(html::read(&text))
        }
        Kind::Docx => {
            cypp_input::check_zip(bytes, cypp_input::ZIP_LIMITS)
                .map_err(|reason| ReadError::BadDocx { file: name.to_string(), reason })?;
            docx::read(name, bytes)
        }
        Kind::Pdf => pdf::read(name, bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_detected_from_the_content_then_the_name() {
        assert_eq!(Kind::detect("plan.bin", b"%PDF-1.7 ..."), Kind::Pdf);
        assert_eq!(Kind::detect("plan.bin", b"PK\x03\x04..."), Kind::Docx);
        assert_eq!(Kind::detect("plan.txt", b"\xef\xbb\xbf <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(Kind::detect("plan.md", b"# Plan"), Kind::Markdown);
        assert_eq!(Kind::detect("plan.txt", b"Plan"), Kind::Text);
        // By content, whatever the name says.
        assert_eq!(Kind::detect("plan.txt", b"# Plan\n\nIntro\n\n## Priority 1\n\n- Do it"), Kind::Markdown);
        assert_eq!(Kind::detect("plan.txt", b"Plan\n====\n\n**Bold** words"), Kind::Markdown);
        assert_eq!(
            Kind::detect("page.txt", b"<div class=x><h1>Plan</h1><p>Intro</p><ul><li>a</li></ul></div>"),
            Kind::Html
        );
        assert_eq!(Kind::detect("plan.html", b"Plan"), Kind::Html);
        assert_eq!(Kind::detect("notes.txt", b"Costs #1 and #2\n- a list - of things"), Kind::Text);
        for kind in Kind::ALL {
            assert_eq!(Kind::from_word(kind.word()), Some(kind));
        }
    }

    #[test]
    fn text_is_read_in_its_encoding_and_binary_is_refused_by_name() {
        assert!(read(Kind::Text, "plan.txt", b"Caf\xe9 \x96 menu").is_ok_and(|s| s.lines[0].text == "Café – menu"));
        let error = read(Kind::Text, "plan.txt", b"PK\x03\x04\0\0").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.starts_with("plan.txt cannot be read as text (it is not a text file"), "{error}");
        assert!(read(Kind::Text, "bom.txt", "\u{feff}Plan".as_bytes()).is_ok_and(|s| s.lines[0].text == "Plan"));
    }
}
