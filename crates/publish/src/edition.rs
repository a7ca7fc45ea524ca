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
    /// Numbered facts about the document, label and value: a committee report's heading table
    /// (meeting, date, title, directorate). Its chapters' numbers follow on from these.
    Facts(Vec<(String, String)>),
    /// A line of an easy read with its picture beside it; a heading of that `level` where
    /// `heading` is given.
    Pictured {
        picture: &'static crate::pictures::Picture,
        text: String,
        heading: Option<u8>,
    },
    /// The table of contents, with page numbers where the format has pages.
    Contents,
    PageBreak,
}

/// How a document is laid out around its blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A publication: a cover page, then the blocks; headings are not numbered.
    Publication,
    /// A council committee's report: no cover, the title and then the blocks, opening with its
    /// heading table ([`Block::Facts`]); listed chapters and sections are numbered (5, 7.1) on
    /// from the facts, as Word numbering in the Word file, so a committee template's
    /// numbering takes them.
    Committee,
    /// An easy read: a cover, then large type, a picture beside every line
    /// ([`Block::Pictured`]), no contents and no numbering.
    EasyRead,
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
    pub layout: Layout,
    pub blocks: Vec<Block>,
}

impl Edition {
    /// The number each block carries, by its index: in a committee report, the facts are 1, 2,
    /// 3…, each listed chapter the next number and each listed section under it the chapter's
    /// number and its own ("7.1"); nothing else, and nothing in a publication, is numbered.
    pub fn numbers(&self) -> Vec<Option<String>> {
        let mut out = vec![None; self.blocks.len()];
        if self.layout != Layout::Committee {
            return out;
        }
        let (mut chapter, mut section) = (0, 0);
        let mut facts = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            match block {
                Block::Facts(list) => {
                    facts.push((i, chapter + 1));
                    chapter += list.len();
                }
                Block::Heading { level: 1, listed: true, .. } => {
                    chapter += 1;
                    section = 0;
                    out[i] = Some(chapter.to_string());
                }
                Block::Heading { level: 2, listed: true, .. } if chapter > 0 => {
                    section += 1;
                    out[i] = Some(format!("{chapter}.{section}"));
                }
                _ => {}
            }
        }
        // A block of facts carries the number of its first fact.
        for (i, first) in facts {
            out[i] = Some(first.to_string());
        }
        out
    }

    /// Every heading, with its level and whether the contents list it, in order.
    pub fn headings(&self) -> impl Iterator<Item = (u8, &str, bool)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text, listed } => Some((*level, text.as_str(), *listed)),
            _ => None,
        })
    }
}
