//! Word documents: the paragraphs of `word/document.xml` in order. A paragraph in a Heading
//! style (or with an outline level) is a heading of that level; one with numbering is a list
//! item, numbered or bulleted as `word/numbering.xml` says; each table row is one line with
//! its cells separated by tabs.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::text::{Counting, shown_number};
use crate::{Hint, ReadError, Source};

fn part(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The value of an attribute, by its local name (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| AsRef::<str>::as_ref(&a.key.local_name()) == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Style ids of heading styles, with their level: from the style's name ("heading 2",
/// "Title") or its outline level.
fn heading_styles(styles: &str) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(styles);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, "val")) {
                        let name = name.to_lowercase();
                        let level = if name == "title" {
                            Some(1)
                        } else {
                            name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok())
                        };
                        if let Some(level) = level.filter(|l| (1..=9).contains(l)) {
                            out.insert(id.clone(), level);
                        }
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(level)) =
                        (&current, attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|l| *l < 9))
                    {
                        out.entry(id.clone()).or_insert(level + 1);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// How each numbering id numbers its first level: its format ("decimal", "lowerLetter",
/// "upperRoman" and so on, or "bullet") and the number it starts at.
fn numbered_lists(numbering: &str) -> HashMap<String, (String, usize)> {
    let mut formats: HashMap<String, (String, usize)> = HashMap::new();
    let mut nums: Vec<(String, String, Option<usize>)> = Vec::new();
    let mut reader = Reader::from_str(numbering);
    let (mut abstract_id, mut in_level_zero, mut num_id) = (None::<String>, false, None::<String>);
    let number = |e: &BytesStart<'_>| attr(e, "val").and_then(|v| v.parse::<usize>().ok());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                "lvl" | "lvlOverride" => in_level_zero = attr(&e, "ilvl").as_deref() == Some("0"),
                "numFmt" if in_level_zero => {
                    if let (Some(id), Some(format)) = (&abstract_id, attr(&e, "val")) {
                        formats.entry(id.clone()).or_insert_with(|| (String::new(), 1)).0 = format;
                    }
                }
                "start" if in_level_zero && num_id.is_none() => {
                    if let (Some(id), Some(start)) = (&abstract_id, number(&e)) {
                        formats.entry(id.clone()).or_insert_with(|| ("decimal".into(), 1)).1 = start;
                    }
                }
                "num" => num_id = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(num), Some(abs)) = (&num_id, attr(&e, "val")) {
                        nums.push((num.clone(), abs, None));
                    }
                }
                "startOverride" if in_level_zero => {
                    if let (Some(last), Some(start)) = (nums.last_mut(), number(&e)) {
                        last.2 = Some(start);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    nums.into_iter()
        .map(|(num, abs, start)| {
            let (format, first) = formats.get(&abs).cloned().unwrap_or_else(|| ("bullet".into(), 1));
            (num, (format, start.unwrap_or(first)))
        })
        .collect()
}

/// The number Word shows before the `n`th paragraph (from 1) of a list numbered in this
/// format, as a reader sees it ("3.", "c)", "iv."); `None` for bullets.
fn list_number(format: &str, n: usize) -> Option<String> {
    let counting = match format {
        "decimal" | "decimalZero" => Counting::Decimal,
        "lowerLetter" => Counting::LowerLetter,
        "upperLetter" => Counting::UpperLetter,
        "lowerRoman" => Counting::LowerRoman,
        "upperRoman" => Counting::UpperRoman,
        _ => return None,
    };
    shown_number(counting, n)
}

#[derive(Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    numbering: Option<String>,
    /// The list level, 0 the outermost.
    list_level: u8,
    /// Whether some of its text is bold, and whether some is not.
    bold_text: bool,
    plain_text: bool,
}

pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    let bad = |reason: String| ReadError::BadDocx { file: name.to_string(), reason };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(format!("it is not a zip file ({e})")))?;
    let document = part(&mut archive, "word/document.xml").ok_or_else(|| bad("it has no word/document.xml".into()))?;
    let headings = part(&mut archive, "word/styles.xml").map(|s| heading_styles(&s)).unwrap_or_default();
    let lists = part(&mut archive, "word/numbering.xml").map(|s| numbered_lists(&s)).unwrap_or_default();

    let mut lines: Vec<(String, Hint, u8)> = Vec::new();
    let mut reader = Reader::from_str(&document);
    let mut paragraph: Option<Paragraph> = None;
    let mut in_text = false;
    // Open tables: each a row being built (its cells) and the cell being built.
    let mut tables: Vec<(Vec<String>, String)> = Vec::new();
    // How far each numbered list has counted at its first level.
    let mut counted: HashMap<String, usize> = HashMap::new();
    // Content controls being read, each marked when it holds the table of contents.
    let mut controls: Vec<bool> = Vec::new();
    // Whether a run is being read, and whether it is bold.
    let (mut in_run, mut run_bold) = (false, false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(format!("its XML is damaged at byte {}: {e}", reader.buffer_position())))?;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "p" => paragraph = Some(Paragraph::default()),
                "sdt" if opens => controls.push(false),
                "r" if opens => (in_run, run_bold) = (true, false),
                "b" if in_run => run_bold = !matches!(attr(&e, "val").as_deref(), Some("0" | "false" | "off")),
                "docPartGallery" => {
                    if let (Some(control), Some(gallery)) = (controls.last_mut(), attr(&e, "val")) {
                        *control = gallery.to_lowercase().contains("table of contents");
                    }
                }
                "pStyle" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.style = attr(&e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.outline =
                            attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|l| *l < 9).map(|l| l + 1);
                    }
                }
                "ilvl" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.list_level = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).unwrap_or(0);
                    }
                }
                "numId" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.numbering = attr(&e, "val").filter(|v| v != "0");
                    }
                }
                "t" => in_text = true,
                "tab" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.text.push('\t');
                    }
                }
                "br" | "cr" => {
                    if let Some(p) = paragraph.as_mut() {
                        p.text.push(' ');
                    }
                }
                "tbl" => tables.push((Vec::new(), String::new())),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.0.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.1.clear();
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = paragraph.as_mut() {
                    let text = t.xml10_content();
                    if !text.trim().is_empty() {
                        if run_bold { p.bold_text = true } else { p.plain_text = true }
                    }
                    p.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = paragraph.as_mut() {
                    let name: String = AsRef::<str>::as_ref(&r).to_string();
                    p.text.push_str(match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                    if let Some(code) = name.strip_prefix('#') {
                        let value = match code.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => code.parse::<u32>().ok(),
                        };
                        if let Some(c) = value.and_then(char::from_u32) {
                            p.text.push(c);
                        }
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => in_run = false,
                "p" => {
                    if let Some(p) = paragraph.take() {
                        if let Some(table) = tables.last_mut() {
                            if !table.1.is_empty() && !p.text.trim().is_empty() {
                                table.1.push(' ');
                            }
                            table.1.push_str(p.text.trim());
                        } else {
                            let level = p.outline.or_else(|| p.style.as_ref().and_then(|s| headings.get(s).copied()));
                            let (format, start) = p
                                .numbering
                                .as_ref()
                                .and_then(|num| lists.get(num))
                                .map_or(("bullet", 1), |(f, s)| (f.as_str(), *s));
                            let ordered = format != "bullet" && format != "none";
                            // A numbered paragraph shows its number, as Word draws it.
                            let number = match (&p.numbering, ordered && p.list_level == 0) {
                                (Some(num), true) => {
                                    let n = counted.entry(num.clone()).or_insert(start.saturating_sub(1));
                                    *n += 1;
                                    list_number(format, *n)
                                }
                                _ => None,
                            };
                            // The table of contents, a field Word fills in, by its place.
                            let contents = controls.iter().any(|c| *c)
                                || p.style.as_deref().is_some_and(|s| {
                                    let s = s.to_lowercase().replace(' ', "");
                                    s.starts_with("toc") || s == "tocheading" || s.starts_with("contents")
                                });
                            // A short paragraph that is only bold is a heading made by hand.
                            let bold = p.bold_text && !p.plain_text && p.text.split_whitespace().count() <= 15;
                            let hint = match (level, &p.numbering) {
                                _ if contents => Hint::PageFurniture,
                                (Some(level), _) => Hint::Heading(level),
                                (None, None) if bold => Hint::Heading(crate::BOLD_HEADING),
                                (None, Some(_)) => Hint::ListItem { ordered },
                                (None, None) => Hint::Plain,
                            };
                            let text = p.text.replace('\u{a0}', " ");
                            let text = match number {
                                Some(number) if !text.trim().is_empty() => format!("{number} {}", text.trim_start()),
                                _ => text,
                            };
                            lines.push((text, hint, p.list_level));
                        }
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        let cell = std::mem::take(&mut t.1).replace('\t', " ");
                        t.0.push(cell);
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.0);
                        if row.iter().any(|c| !c.trim().is_empty()) {
                            lines.push((row.join("\t"), Hint::TableRow, 0));
                        }
                    }
                }
                "tbl" => {
                    tables.pop();
                }
                "sdt" => {
                    controls.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Source::from_nested(lines))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A Word file of the given body and numbering definitions.
    fn word(body: &str, numbering: &str) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let files = [
            ("word/document.xml", format!("<w:document {ns}><w:body>{body}</w:body></w:document>")),
            ("word/numbering.xml", format!("<w:numbering {ns}>{numbering}</w:numbering>")),
        ];
        for (name, text) in files {
            let started = zip.start_file(name, zip::write::SimpleFileOptions::default());
            assert!(started.is_ok() && zip.write_all(text.as_bytes()).is_ok());
        }
        assert!(zip.finish().is_ok());
        out.into_inner()
    }

    fn texts(bytes: &[u8]) -> Vec<(String, Hint)> {
        read("plan.docx", bytes).map(|s| s.lines.into_iter().map(|l| (l.text, l.hint)).collect()).unwrap_or_default()
    }

    #[test]
    fn the_table_of_contents_is_furniture_by_its_place() {
        let body = r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>
            <w:sdtContent><w:p><w:r><w:t>Contents</w:t></w:r></w:p><w:p><w:r><w:t>Priority 1 3</w:t></w:r></w:p></w:sdtContent></w:sdt>
            <w:p><w:pPr><w:pStyle w:val="TOC2"/></w:pPr><w:r><w:t>Why it matters 4</w:t></w:r></w:p>
            <w:p><w:r><w:t>Priority 1 - Safe</w:t></w:r></w:p>"#;
        let lines = texts(&word(body, ""));
        let hints: Vec<Hint> = lines.iter().map(|(_, h)| *h).collect();
        assert_eq!(hints, vec![Hint::PageFurniture, Hint::PageFurniture, Hint::PageFurniture, Hint::Plain]);
    }

    #[test]
    fn a_short_paragraph_all_in_bold_is_a_heading() {
        let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Healthy lives</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Some</w:t></w:r><w:r><w:t> words</w:t></w:r></w:p>
            <w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>Mark only</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Not bold</w:t></w:r></w:p>"#;
        let hints: Vec<Hint> = texts(&word(body, "")).into_iter().map(|(_, h)| h).collect();
        assert_eq!(hints, vec![Hint::Heading(crate::BOLD_HEADING), Hint::Plain, Hint::Plain, Hint::Plain]);
    }

    #[test]
    fn a_numbered_list_shows_its_numbers_from_where_it_starts() {
        let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>"#;
        let p = |num: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [p(1, "One"), p(1, "Two"), p(2, "Third"), p(3, "Bullet"), p(4, "Fifth")].concat();
        let lines = texts(&word(&body, numbering));
        let got: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(got, vec!["1. One", "2. Two", "c) Third", "Bullet", "5. Fifth"]);
        assert_eq!(lines[3].1, Hint::ListItem { ordered: false });
        assert_eq!(lines[0].1, Hint::ListItem { ordered: true });
    }
}
