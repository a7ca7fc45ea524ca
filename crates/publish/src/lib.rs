//! One publishing pipeline. A plan becomes an [`Edition`] once (`plan.rs`), and that one model
//! is rendered as a web page (`html.rs`), a PDF typeset by typst (`pdf.rs`) and a Word file
//! (`docx.rs`); what goes in and in which words (`words.rs`) is decided once, for every format
//! and for the website. Its records go out as spreadsheets (`export.rs`). No database: the
//! callers hand in a `PlanFile`.

pub mod board;
pub mod chart;
pub mod dashboard;
pub mod docx;
pub mod easy;
pub mod edition;
pub mod export;
pub mod highlight;
pub mod html;
pub mod judge;
pub mod pdf;
pub mod pictures;
pub mod plan;
pub mod progress;
pub mod words;

pub use edition::{Block, Edition, Layout, Span, Table};
pub use plan::{Audience, plan_edition};

/// The formats a plan document is published in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Html => "text/html; charset=utf-8",
        }
    }
}

/// What went wrong making a document or a spreadsheet.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the PDF could not be typeset: {0}")]
    Pdf(String),
    #[error("the Word file could not be written: {0}")]
    Docx(String),
    #[error("the workbook could not be written: {0}")]
    Workbook(String),
    #[error("the web page could not be written: {0}")]
    Html(String),
    #[error(transparent)]
    Csv(#[from] cypp_spreadsheet::CsvError),
}

/// Text made safe inside HTML and SVG, in the character references askama uses, so a page
/// and the charts drawn into it escape alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The document in one format, as bytes.
pub fn render(doc: &Edition, format: Format) -> Result<Vec<u8>, PublishError> {
    match format {
        Format::Pdf => pdf::render(doc),
        Format::Docx => docx::render(doc),
        Format::Html => Ok(html::render(doc)?.into_bytes()),
    }
}
