//! The document model every output is rendered from: a plan (and, later, a progress report)
//! becomes an `Edition` once, and the HTML, PDF and DOCX renderers only lay it out. No layout
//! decision about content (what goes in, in which order, in which words) is made twice.

/// A run of text, plain or strong.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub strong: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), strong: false }
    }

    pub fn strong(text: impl Into<String>) -> Span {
        Span { text: text.into(), strong: true }
    }
}

/// A table: a caption, a header row and body rows of text. `widths` are relative column
/// widths (any scale), one per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub widths: Vec<u16>,
}

/// One block of a document, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level 1 is a chapter (an outcome, the glossary), 2 a section within it, 3 a part of that.
    /// `listed` headings are in the table of contents; the standard parts of every item ("Why
    /// it matters") are not, so the contents stay a map of the plan.
    Heading {
        level: u8,
        text: String,
        listed: bool,
    },
    Paragraph(Vec<Span>),
    Bullets(Vec<Vec<Span>>),
    Numbered(Vec<Vec<Span>>),
    Table(Table),
    /// A chart as SVG, with its caption and its text alternative; its data is in a table near it.
    Figure {
        svg: String,
        caption: String,
        alt: String,
    },
    /// The table of contents, with page numbers where the format has pages.
    Contents,
    PageBreak,
}

/// A whole document: its cover and its blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Edition {
    pub title: String,
    /// Who it is from: the partnership.
    pub author: String,
    /// The period it covers, in words: "April 2024 to March 2027".
    pub period: String,
    /// A line under the title on the cover: the revision and its status.
    pub status: String,
    /// The date of the edition, in words: "26 November 2026".
    pub date: String,
    /// Printed at the top of every page after the cover.
    pub running_header: String,
    /// The BCP 47 language of the text.
    pub language: &'static str,
    pub blocks: Vec<Block>,
}

impl Edition {
    /// Every heading, with its level and whether the contents list it, in order.
    pub fn headings(&self) -> impl Iterator<Item = (u8, &str, bool)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text, listed } => Some((*level, text.as_str(), *listed)),
            _ => None,
        })
    }
}
