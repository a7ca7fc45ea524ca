//! The document as a PDF, typeset by typst used as a library: A4, a cover, a contents page with
//! page numbers (typst's outline), running headers and page numbers, tables whose header rows
//! repeat across pages, the charts as vector images with their text alternatives. The PDF is
//! tagged (headings, tables, figures) and its language is English (United Kingdom); the text
//! is selectable and searchable. The fonts (DejaVu Sans) are compiled into the binary, so it
//! works offline.
//!
//! The plan's words never become typst markup: every piece of text is written as a typst
//! string literal (`#"…"`), so nothing a user types can change the layout.

use std::fmt::Write;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::edition::{Block, Edition, Layout, Span, Table};

/// The fonts and the standard library, loaded once.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let faces = [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()];
    let fonts: Vec<Font> = faces.into_iter().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Shared { library: LazyHash::new(Library::default()), book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The document's source and its images, as typst sees them.
struct Sources {
    main: Source,
    files: Vec<(FileId, Bytes)>,
}

fn file_id(path: &str) -> Result<FileId, String> {
    let path = VirtualPath::new(path).map_err(|e| format!("bad path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl World for Sources {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(std::path::PathBuf::from(format!("{id:?}"))))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// A typst string literal holding `text` exactly.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Content holding `text`, its line breaks kept.
fn content(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(|l| format!("#{}", string(l))).collect();
    format!("[{}]", lines.join("#linebreak()"))
}

fn spans(spans: &[Span]) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|s| if s.strong { format!("#strong({})", string(&s.text)) } else { format!("#{}", string(&s.text)) })
        .collect();
    format!("[{}]", parts.join(""))
}

fn table(t: &Table) -> String {
    let widths: Vec<String> = if t.widths.len() == t.header.len() {
        t.widths.iter().map(|w| format!("{w}fr")).collect()
    } else {
        vec!["1fr".into(); t.header.len()]
    };
    let mut out =
        format!("#figure(kind: table, caption: {}, table(columns: ({},), ", content(&t.caption), widths.join(", "));
    let header: Vec<String> = t.header.iter().map(|h| content(h)).collect();
    let _ = write!(out, "table.header({}),", header.join(", "));
    for row in &t.rows {
        for cell in row {
            out.push_str(&content(cell));
            out.push(',');
        }
    }
    out.push_str("))\n");
    out
}

const PREAMBLE: &str = r##"
#set text(font: "DejaVu Sans", size: 9.5pt, lang: "en", region: "GB", fill: rgb("#0b0c0c"))
#set par(justify: false, leading: 0.65em, spacing: 1em)
#set heading(numbering: none)
#show heading.where(level: 1): it => { set text(16pt); block(above: 1.4em, below: 0.9em, it) }
#show heading.where(level: 2): it => { set text(12.5pt); block(above: 1.3em, below: 0.7em, it) }
#show heading.where(level: 3): it => { set text(10.5pt); block(above: 1.1em, below: 0.6em, it) }
#set table(stroke: (x, y) => (bottom: if y == 0 { 1pt + rgb("#0b0c0c") } else { 0.5pt + rgb("#b1b4b6") }), inset: (x: 4pt, y: 5pt), align: left + top)
#show table.cell.where(y: 0): strong
#show figure.where(kind: table): set block(breakable: true)
#set figure(numbering: none, supplement: none)
#set figure.caption(position: top)
#show figure.caption: it => align(left, strong(it.body))
#show outline.entry.where(level: 1): set block(above: 0.9em)
"##;

/// An easy read's large type: at least 16 pt everywhere, as easy-read guidance asks.
const EASY_READ: &str = r##"
#set text(size: 18pt)
#set par(leading: 0.7em, spacing: 1.2em)
"##;

/// The type size of an easy read's headings, by level.
fn easy_heading_size(level: u8) -> &'static str {
    match level {
        1 => "28pt",
        2 => "23pt",
        _ => "20pt",
    }
}

/// The colour an easy read's pictures are drawn in: the GOV.UK blue.
const PICTURE_COLOUR: &str = "#1d70b8";

/// The typst source of the document, and its charts as SVG files.
fn source(doc: &Edition) -> (String, Vec<(String, Vec<u8>)>) {
    let mut out = String::with_capacity(128 * 1024);
    let _ = writeln!(out, "#set document(title: {}, author: {}, date: none)", string(&doc.title), string(&doc.author));
    // The page's furniture is small print, but nothing in an easy read is under 16 pt.
    let small = if doc.layout == Layout::EasyRead { "16pt" } else { "8pt" };
    let _ = writeln!(
        out,
        "#set page(paper: \"a4\", margin: (x: 2cm, top: 2.4cm, bottom: 2.2cm), header: context {{ if here().page() > 1 {{ set text({small}, fill: rgb(\"#505a5f\")); {} }} }}, footer: context {{ if here().page() > 1 {{ set text({small}); align(center)[Page #counter(page).display()] }} }})",
        content(&doc.running_header)
    );
    out.push_str(PREAMBLE);
    if doc.layout == Layout::EasyRead {
        out.push_str(EASY_READ);
    }
    match doc.layout {
        Layout::EasyRead => {
            let _ = writeln!(
                out,
                "#block(height: 100%, inset: (top: 4cm))[#text(20pt, fill: rgb(\"#505a5f\"), {})\n\n#block(above: 1.2em, below: 1.2em, text(32pt, weight: \"bold\", fill: rgb(\"#1d70b8\"), {}))\n\n#text(24pt, weight: \"bold\", {})\n\n#text(18pt, {})\n\n#v(1em)#text(16pt, {})]",
                content(&doc.author),
                content(&doc.title),
                content("Easy read"),
                content(&doc.period),
                content(&format!("{} · {}", doc.status, doc.date))
            );
        }
        Layout::Publication => {
            let _ = writeln!(
                out,
                "#block(height: 100%, inset: (top: 5cm))[#text(14pt, fill: rgb(\"#505a5f\"), {})\n\n#block(above: 1.2em, below: 1.2em, text(26pt, weight: \"bold\", fill: rgb(\"#1d70b8\"), {}))\n\n#text(14pt, {})\n\n#v(1em)#text(11pt, {})]",
                content(&doc.author),
                content(&doc.title),
                content(&doc.period),
                content(&format!("{} · {}", doc.status, doc.date))
            );
        }
        Layout::Committee => {
            let _ =
                writeln!(out, "#align(center, text(12pt, weight: \"bold\", {}))", content(&doc.author.to_uppercase()));
        }
    }
    let numbers = doc.numbers();
    let mut files = Vec::new();
    // An easy read's heading and its lines stay on one page: each is a group no page break
    // divides (its parts are a few short lines).
    let mut grouped = false;
    for (index, block) in doc.blocks.iter().enumerate() {
        let number = numbers.get(index).cloned().flatten();
        let in_group = matches!(block, Block::Pictured { heading: None, .. });
        if grouped && !in_group {
            out.push_str("]\n");
            grouped = false;
        }
        if let Block::Pictured { heading: Some(_), .. } = block {
            out.push_str("#block(breakable: false)[\n");
            grouped = true;
        }
        match block {
            Block::Facts(facts) => {
                let first: usize = number.as_deref().and_then(|n| n.parse().ok()).unwrap_or(1);
                let cells: Vec<String> = facts
                    .iter()
                    .enumerate()
                    .map(|(i, (label, value))| {
                        format!(
                            "{}, strong({}), {}",
                            content(&format!("{}.", first + i)),
                            content(&format!("{label}:")),
                            content(value)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "#block(above: 1.5em, below: 1.5em, grid(columns: (2em, 7.5em, 1fr), row-gutter: 0.8em, {}))",
                    cells.join(", ")
                );
            }
            Block::Contents => out.push_str("#pagebreak()\n#outline(title: [Contents], depth: 2)\n"),
            Block::Heading { level, text, listed } => {
                let text = match number {
                    Some(n) if *level == 1 => format!("{n}. {text}"),
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                };
                let _ =
                    writeln!(out, "#heading(level: {}, outlined: {listed}, {})", level.clamp(&1, &4), content(&text));
            }
            Block::Paragraph(s) => {
                let _ = writeln!(out, "#par({})", spans(s));
            }
            Block::Bullets(items) | Block::Numbered(items) => {
                let kind = if matches!(block, Block::Numbered(_)) { "enum" } else { "list" };
                let items: Vec<String> = items.iter().map(|i| spans(i)).collect();
                let _ = writeln!(out, "#{kind}({})", items.join(", "));
            }
            Block::Table(t) => out.push_str(&table(t)),
            Block::Figure { svg, caption, alt } => {
                let name = format!("chart-{}.svg", files.len() + 1);
                let _ = writeln!(
                    out,
                    "#figure(caption: {}, image({}, alt: {}, width: 13cm))",
                    content(caption),
                    string(&name),
                    string(alt)
                );
                files.push((name, svg.clone().into_bytes()));
            }
            Block::Pictured { picture, text, heading } => {
                let name = format!("picture-{}.svg", picture.name);
                if !files.iter().any(|(n, _)| *n == name) {
                    files.push((name.clone(), picture.svg.replace("currentColor", PICTURE_COLOUR).into_bytes()));
                }
                let (size, words) = match heading {
                    Some(level) => (
                        "2cm",
                        format!(
                            "heading(level: {}, outlined: false, text({}, {}))",
                            level.clamp(&1, &4),
                            easy_heading_size(*level),
                            content(text)
                        ),
                    ),
                    None => ("1.4cm", content(text)),
                };
                let _ = writeln!(
                    out,
                    "#block(breakable: false, above: 1em, below: 1em, grid(columns: (2.2cm, 1fr), column-gutter: 0.6cm, align: (center + horizon, left + horizon), image({}, width: {size}, alt: {}), {words}))",
                    string(&name),
                    string(picture.label),
                );
            }
            Block::PageBreak => out.push_str("#pagebreak(weak: true)\n"),
        }
    }
    if grouped {
        out.push_str("]\n");
    }
    (out, files)
}

/// The typst source and its files, for the tests of what goes into a PDF.
#[cfg(test)]
pub(crate) fn source_for_tests(doc: &Edition) -> (String, Vec<(String, Vec<u8>)>) {
    source(doc)
}

/// The document as the bytes of a PDF file.
pub fn render(doc: &Edition) -> Result<Vec<u8>, crate::PublishError> {
    typeset(doc).map_err(crate::PublishError::Pdf)
}

fn typeset(doc: &Edition) -> Result<Vec<u8>, String> {
    let (text, images) = source(doc);
    let mut files = Vec::with_capacity(images.len());
    for (name, bytes) in images {
        files.push((file_id(&format!("/{name}"))?, Bytes::new(bytes)));
    }
    let world = Sources { main: Source::new(file_id("/main.typ")?, text), files };
    let compiled = typst::compile::<PagedDocument>(&world);
    // typst memoises layout work between compilations, which makes the next edition of the same
    // plan quick; entries unused for a few compilations are dropped so a long-running server
    // does not grow.
    typst::comemo::evict(4);
    let document = compiled.output.map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        format!("the document could not be typeset: {}", messages.join("; "))
    })?;
    let options = typst_pdf::PdfOptions { ident: Smart::Custom(doc.title.clone()), ..typst_pdf::PdfOptions::default() };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        format!("the PDF could not be written: {}", messages.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_a_string_literal_so_markup_in_it_stays_text() {
        assert_eq!(string(r#"a "quote" \ #set page(x) *bold*"#), r#""a \"quote\" \\ #set page(x) *bold*""#);
        assert_eq!(content("one\ntwo"), r##"[#"one"#linebreak()#"two"]"##);
    }
}
