//! The edition as one standalone HTML page, from the askama template `templates/edition.html`:
//! semantic headings, lists and tables, the charts inline as SVG with their text alternatives,
//! a contents list linking to each chapter, and a print stylesheet. Every text is escaped by
//! the template; nothing is loaded from elsewhere.

use askama::Template;

use crate::edition::{Block, Edition, Layout, Span, Table};

const STYLE: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4;color:#0b0c0c;max-width:60em;margin:0 auto;padding:1em}\
h1{font-size:2em;margin-top:1.5em}h2{font-size:1.5em}h3{font-size:1.2em}\
table{border-collapse:collapse;width:100%;margin:1em 0}caption{text-align:left;font-weight:bold;padding:.5em 0}\
th,td{border-bottom:1px solid #b1b4b6;padding:.4em .6em .4em 0;text-align:left;vertical-align:top}\
.cover{border-bottom:4px solid #1d70b8;padding-bottom:1em}.cover p{font-size:1.2em}\
figure{margin:1em 0}svg{max-width:100%;height:auto}\
.pictured{display:flex;align-items:center;gap:1em;margin:.8em 0}.pictured svg{width:3em;height:3em;flex:none;color:#1d70b8}\
.pictured h2,.pictured h3,.pictured h4,.pictured p{margin:0}.easy{font-size:22px}.easy .pictured-heading svg{width:3.5em;height:3.5em}\
@media print{body{max-width:none}.page-break{break-before:page}a{color:inherit;text-decoration:none}}";

/// A block as the page shows it.
enum Part<'a> {
    /// The chapters' titles.
    Contents(Vec<&'a str>),
    /// Facts, each with its number.
    Facts(Vec<(usize, &'a str, &'a str)>),
    /// `h` is the HTML level: the edition's title is the page's h1, so its chapters are h2.
    Heading {
        h: u8,
        chapter: Option<usize>,
        text: String,
    },
    Paragraph(&'a [Span]),
    List {
        ordered: bool,
        items: &'a [Vec<Span>],
    },
    Table(&'a Table),
    /// The SVG is ours (the chart writer escapes its text), labelled by its alternative.
    Figure {
        svg: String,
        caption: &'a str,
    },
    /// A line of an easy read: its picture (ours, decorative beside the words that say the
    /// same) and its text, a heading of level `h` where there is one.
    Pictured {
        svg: String,
        h: Option<u8>,
        text: &'a str,
    },
    PageBreak,
}

#[derive(Template)]
#[template(path = "edition.html")]
struct Page<'a> {
    doc: &'a Edition,
    /// Whether the page opens with a cover (a publication) or straight into the report.
    cover: bool,
    /// An easy read, in its large type.
    easy: bool,
    parts: Vec<Part<'a>>,
}

/// Text made safe inside an attribute, as the template escapes it.
fn attribute(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default()
}

fn parts(doc: &Edition) -> Vec<Part<'_>> {
    let mut chapter = 0;
    let numbers = doc.numbers();
    doc.blocks
        .iter()
        .zip(numbers)
        .map(|(block, number)| match block {
            Block::Contents => {
                Part::Contents(doc.headings().filter(|(level, _, _)| *level == 1).map(|(_, text, _)| text).collect())
            }
            Block::Facts(facts) => {
                let first: usize = number.as_deref().and_then(|n| n.parse().ok()).unwrap_or(1);
                Part::Facts(
                    facts
                        .iter()
                        .enumerate()
                        .map(|(i, (label, value))| (first + i, label.as_str(), value.as_str()))
                        .collect(),
                )
            }
            Block::Heading { level, text, .. } => {
                let chapter = (*level == 1).then(|| {
                    chapter += 1;
                    chapter
                });
                let text = match number {
                    Some(n) if *level == 1 => format!("{n}. {text}"),
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                };
                Part::Heading { h: level + 1, chapter, text }
            }
            Block::Paragraph(spans) => Part::Paragraph(spans),
            Block::Bullets(items) => Part::List { ordered: false, items },
            Block::Numbered(items) => Part::List { ordered: true, items },
            Block::Table(t) => Part::Table(t),
            Block::Figure { svg, caption, alt } => Part::Figure {
                svg: svg.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{}\" ", attribute(alt)), 1),
                caption,
            },
            Block::Pictured { picture, text, heading } => {
                Part::Pictured { svg: picture.inline(), h: heading.map(|level| level + 1), text }
            }
            Block::PageBreak => Part::PageBreak,
        })
        .collect()
}

/// The edition as an HTML page.
pub fn render(doc: &Edition) -> Result<String, crate::PublishError> {
    let page = Page {
        doc,
        cover: matches!(doc.layout, Layout::Publication | Layout::EasyRead),
        easy: doc.layout == Layout::EasyRead,
        parts: parts(doc),
    };
    page.render().map_err(|e| crate::PublishError::Html(e.to_string()))
}
