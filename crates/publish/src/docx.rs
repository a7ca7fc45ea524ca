//! The document as a Word file (Office Open XML), written directly: real Heading 1–3 styles
//! with outline levels (so the navigation pane and a table of contents work), lists as Word
//! numbering, tables as Word tables with a repeating header row, A4 pages with a running header
//! and page numbers, the language set to English (United Kingdom). A chart becomes its text
//! alternative, which says what it shows.

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use crate::edition::{Block, Edition, Layout, Span, Table};

/// Text made safe for XML: markup characters escaped, characters XML cannot hold dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text; line breaks become Word line breaks.
fn run(text: &str, strong: bool) -> String {
    let props = if strong { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "<w:r>{props}<w:br/></w:r>");
        }
        let _ = write!(out, "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>", xml(line));
    }
    out
}

fn runs(spans: &[Span]) -> String {
    spans.iter().map(|s| run(&s.text, s.strong)).collect()
}

fn paragraph(style: Option<&str>, content: &str) -> String {
    match style {
        Some(style) => format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{content}</w:p>"),
        None => format!("<w:p>{content}</w:p>"),
    }
}

/// The usable width of an A4 page with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 9638;

fn table(t: &Table) -> String {
    let mut out = paragraph(Some("Caption"), &run(&t.caption, false));
    let total: u32 = t.widths.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let widths: Vec<u32> = if t.widths.len() == t.header.len() {
        t.widths.iter().map(|w| TEXT_WIDTH * u32::from(*w) / total).collect()
    } else {
        vec![TEXT_WIDTH / t.header.len().max(1) as u32; t.header.len()]
    };
    out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"PlanTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let row = |cells: &[String], header: bool| -> String {
        let mut r = String::from("<w:tr>");
        if header {
            r.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        } else {
            r.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (i, cell) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(1000);
            let _ = write!(
                r,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                paragraph(Some("TableText"), &run(cell, header))
            );
        }
        r.push_str("</w:tr>");
        r
    };
    out.push_str(&row(&t.header, true));
    for cells in &t.rows {
        out.push_str(&row(cells, false));
    }
    out.push_str("</w:tbl>");
    out
}

/// A bookmark name for the n-th chapter, for the contents' links.
fn bookmark(n: usize) -> String {
    format!("_Chapter{n}")
}

/// The number of the Word numbering that numbers a committee report's facts and headings: the
/// one after every list's own.
fn headings_numbering(doc: &Edition) -> usize {
    kinds_of_list(doc).len() + 1
}

/// Word numbering on a paragraph: level `level` (0 is the first) of numbering `id`.
fn numbered(level: u8, id: usize) -> String {
    format!("<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>")
}

fn body(doc: &Edition) -> String {
    let mut out = String::with_capacity(256 * 1024);
    match doc.layout {
        Layout::Publication | Layout::EasyRead => {
            out.push_str(&paragraph(Some("Subtitle"), &run(&doc.author, false)));
            out.push_str(&paragraph(Some("Title"), &run(&doc.title, false)));
            out.push_str(&paragraph(Some("Subtitle"), &run(&doc.period, false)));
            out.push_str(&paragraph(None, &run(&format!("{} · {}", doc.status, doc.date), false)));
            out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        }
        Layout::Committee => {
            out.push_str(&paragraph(Some("ReportAuthor"), &run(&doc.author.to_uppercase(), true)));
        }
    }
    let numbers = doc.numbers();
    let headings = headings_numbering(doc);
    let mut lists = 0;
    let mut chapter = 0;
    for (index, block) in doc.blocks.iter().enumerate() {
        let number = numbers.get(index).cloned().flatten();
        match block {
            Block::Facts(facts) => {
                for (label, value) in facts {
                    let _ = write!(
                        out,
                        "<w:p><w:pPr><w:pStyle w:val=\"Fact\"/>{}<w:ind w:left=\"2268\" w:hanging=\"2268\"/></w:pPr>{}<w:r><w:tab/></w:r>{}</w:p>",
                        numbered(0, headings),
                        run(&format!("{label}:"), true),
                        run(value, false)
                    );
                }
            }
            Block::Contents => {
                out.push_str(&paragraph(Some("TOCHeading"), &run("Contents", false)));
                // A table of contents field, filled in with the chapters and sections so it
                // reads before Word updates it (it asks to, on opening, to add page numbers).
                out.push_str("<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r></w:p>");
                let mut n = 0;
                for (level, text, _) in doc.headings().filter(|(l, _, listed)| *l <= 2 && *listed) {
                    if level == 1 {
                        n += 1;
                        let _ = write!(
                            out,
                            "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr><w:hyperlink w:anchor=\"{}\" w:history=\"1\">{}</w:hyperlink></w:p>",
                            bookmark(n),
                            run(text, false)
                        );
                    } else {
                        out.push_str(&paragraph(Some("TOC2"), &run(text, false)));
                    }
                }
                out.push_str("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
            }
            Block::Heading { level, text, .. } => {
                let style = format!("Heading{}", level.clamp(&1, &4));
                let numbering =
                    if number.is_some() { numbered(level.saturating_sub(1), headings) } else { String::new() };
                if *level == 1 {
                    chapter += 1;
                    let _ = write!(
                        out,
                        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{numbering}</w:pPr><w:bookmarkStart w:id=\"{chapter}\" w:name=\"{}\"/>{}<w:bookmarkEnd w:id=\"{chapter}\"/></w:p>",
                        bookmark(chapter),
                        run(text, false)
                    );
                } else {
                    let _ = write!(
                        out,
                        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{numbering}</w:pPr>{}</w:p>",
                        run(text, false)
                    );
                }
            }
            Block::Paragraph(s) => out.push_str(&paragraph(None, &runs(s))),
            Block::Bullets(items) | Block::Numbered(items) => {
                // Each list is its own numbering instance, so numbered lists start at 1.
                lists += 1;
                for item in items {
                    let _ = write!(
                        out,
                        "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{lists}\"/></w:numPr></w:pPr>{}</w:p>",
                        runs(item)
                    );
                }
            }
            Block::Table(t) => out.push_str(&table(t)),
            Block::Figure { caption, alt, .. } => {
                out.push_str(&paragraph(Some("Caption"), &run(caption, false)));
                out.push_str(&paragraph(None, &run(&format!("Chart: {alt}"), false)));
            }
            // The Word file has no pictures: an easy read is made as a PDF and a web page.
            Block::Pictured { text, heading: Some(level), .. } => {
                out.push_str(&paragraph(Some(&format!("Heading{}", level.clamp(&1, &4))), &run(text, false)))
            }
            Block::Pictured { text, heading: None, .. } => out.push_str(&paragraph(None, &run(text, false))),
            Block::PageBreak => out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
        }
    }
    out
}

fn kinds_of_list(doc: &Edition) -> Vec<bool> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Bullets(_) => Some(false),
            Block::Numbered(_) => Some(true),
            _ => None,
        })
        .collect()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn styles() -> String {
    let heading = |n: u8, size: u8, before: u16| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/><w:color w:val="0B0C0C"/><w:sz w:val="{size}"/></w:rPr></w:style>"#,
            n - 1
        )
    };
    let toc = |n: u8, indent: u16| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="TOC{n}"><w:name w:val="toc {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs><w:spacing w:after="60"/><w:ind w:left="{indent}"/></w:pPr></w:style>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="1D70B8"/><w:sz w:val="56"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="505A5F"/><w:sz w:val="32"/></w:rPr></w:style>{}{}{}{}<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:qFormat/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>{}{}<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ReportAuthor"><w:name w:val="Report Author"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Fact"><w:name w:val="Report Fact"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="567"/><w:tab w:val="left" w:pos="2268"/></w:tabs><w:spacing w:after="80"/><w:ind w:left="2268" w:hanging="2268"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:spacing w:after="80"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="505A5F"/><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/></w:tblBorders></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="0B0C0C"/></w:tcBorders></w:tcPr></w:tblStylePr></w:style></w:styles>"#,
        heading(1, 36, 360),
        heading(2, 28, 280),
        heading(3, 24, 200),
        heading(4, 22, 160),
        toc(1, 0),
        toc(2, 220)
    )
}

fn numbering(kinds: &[bool], layout: Layout) -> String {
    let mut out = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>"#);
    for (id, format, text) in [(1, "bullet", "•"), (2, "decimal", "%1.")] {
        let _ = write!(
            out,
            r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>"#
        );
    }
    // A committee report's facts and chapters (1., 2., …) and sections (7.1, 7.2, …).
    if layout == Layout::Committee {
        out.push_str(r#"<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="709" w:hanging="709"/></w:pPr></w:lvl></w:abstractNum>"#);
    }
    for (i, numbered) in kinds.iter().enumerate() {
        let _ = write!(
            out,
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            i + 1,
            if *numbered { 2 } else { 1 }
        );
    }
    if layout == Layout::Committee {
        let _ = write!(out, r#"<w:num w:numId="{}"><w:abstractNumId w:val="3"/></w:num>"#, kinds.len() + 1);
    }
    out.push_str("</w:numbering>");
    out
}

/// The body of the Word file's `word/document.xml`, for checks of its structure.
pub fn document_xml(doc: &Edition) -> String {
    body(doc)
}

/// The document as the bytes of a `.docx` file.
pub fn render(doc: &Edition) -> Result<Vec<u8>, crate::PublishError> {
    write(doc).map_err(crate::PublishError::Docx)
}

fn write(doc: &Edition) -> Result<Vec<u8>, String> {
    let content = body(doc);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{content}<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}>{}</w:hdr>"#,
        paragraph(Some("Header"), &run(&doc.running_header, false))
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {W}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#
    );
    // Word reads settings in the schema's order: tab stop, spacing, update fields, compatibility,
    // theme language.
    let settings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {W}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-GB"/></w:settings>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language><dc:subject>{}</dc:subject></cp:coreProperties>"#,
        xml(&doc.title),
        xml(&doc.author),
        doc.language,
        xml(&doc.period)
    );
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>cypp</Application></Properties>"#;
    let parts: [(&str, &str); 11] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", &core),
        ("docProps/app.xml", app),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/document.xml", &document),
        ("word/styles.xml", &styles()),
        ("word/numbering.xml", &numbering(&kinds_of_list(doc), doc.layout)),
        ("word/settings.xml", &settings),
        ("word/header1.xml", &header),
        ("word/footer1.xml", &footer),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options).map_err(|e| format!("cannot write {name}: {e}"))?;
        zip.write_all(content.as_bytes()).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    zip.finish().map(|c| c.into_inner()).map_err(|e| format!("cannot finish the file: {e}"))
}
