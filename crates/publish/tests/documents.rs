//! The demonstration plan published in every format and looked at the way people will: the
//! PDF's text read back with poppler's `pdftotext` (every item, action and KPI in the plan's
//! order; a contents page with page numbers; A4, tagged, in English), the Word file's XML read
//! (a Heading 1 for each chapter, Word lists and tables) and converted by LibreOffice, and the
//! spreadsheets checked for formula injection and real dates.
//!
//! poppler-utils and LibreOffice are installed by `.ci/run`, which sets
//! `CYPP_REQUIRE_DOCUMENT_TOOLS=1` so that CI fails rather than skips without them; elsewhere a
//! missing tool is reported as SKIPPED.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use cypp_domain::{PlanFile, PlanItem};
use cypp_publish::export::{self, Which};
use cypp_publish::{Audience, Format, plan_edition, render};

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

/// A program on the PATH, or None (after saying so) where it may be missing.
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()));
    if found.is_none() {
        assert!(
            std::env::var_os("CYPP_REQUIRE_DOCUMENT_TOOLS").is_none(),
            "{name} is required here (CYPP_REQUIRE_DOCUMENT_TOOLS is set) but is not installed"
        );
        eprintln!("SKIPPED: {name} is not installed (apt-get install poppler-utils libreoffice-writer-nogui)");
    }
    found
}

/// Text with its line breaks undone: a line that ends in a hyphen ("multi-") was broken at the
/// hyphen, so the next line joins it directly.
fn squash(text: &str) -> String {
    text.replace("-\n", "-").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What must appear, in order: each item's heading, its actions, its measures, then its
/// children's.
fn expected(file: &PlanFile) -> Vec<String> {
    fn walk(item: &PlanItem, depth: usize, file: &PlanFile, out: &mut Vec<String>) {
        out.push(format!("{} {}", file.plan.level_name(depth), item.heading()));
        out.extend(item.actions.iter().map(|a| a.title.clone()));
        for id in &item.measures {
            if let Some(m) = file.measures.iter().find(|m| m.id == *id) {
                out.push(m.name.clone());
            }
        }
        for child in &item.items {
            walk(child, depth + 1, file, out);
        }
    }
    let mut out = Vec::new();
    for item in &file.items {
        walk(item, 0, file, &mut out);
    }
    out
}

fn pdftotext(
    pdftotext: &Path,
    pdf: &Path,
    pages: Option<(u32, u32)>,
) -> std::result::Result<String, Box<dyn std::error::Error>> {
    let mut command = Command::new(pdftotext);
    command.arg("-raw").arg("-enc").arg("UTF-8");
    if let Some((first, last)) = pages {
        command.args(["-f", &first.to_string(), "-l", &last.to_string()]);
    }
    let output = command.arg(pdf).arg("-").output()?;
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    Ok(String::from_utf8(output.stdout)?)
}

fn in_order(text: &str, wanted: &[String]) {
    let text = squash(text);
    let mut at = 0;
    for w in wanted {
        let w = squash(w);
        match text[at..].find(&w) {
            Some(i) => at += i + w.len(),
            None => panic!("\"{w}\" is missing, or out of order, after byte {at}"),
        }
    }
}

#[test]
fn the_plan_as_pdf_holds_every_item_action_and_kpi_in_order_with_a_contents_page() -> Result {
    let file = cypp_demo::plan_file();
    let doc = plan_edition(&file, &file.current(), Audience::Public, today());
    let bytes = render(&doc, Format::Pdf)?;
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(pdftotext_bin) = tool("pdftotext") else { return Ok(()) };
    let dir = std::env::temp_dir().join(format!("cypp-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let pdf = dir.join("plan.pdf");
    std::fs::write(&pdf, &bytes)?;
    let text = pdftotext(&pdftotext_bin, &pdf, None)?;
    in_order(&text, &expected(&file));
    // Page 2 is the contents: each outcome with the page it starts on.
    let contents = pdftotext(&pdftotext_bin, &pdf, Some((2, 2)))?;
    assert!(contents.contains("Contents"), "{contents}");
    for item in &file.items {
        let line = contents.lines().find(|l| l.contains(&item.title)).unwrap_or_default();
        assert!(line.trim_end().chars().last().is_some_and(|c| c.is_ascii_digit()), "no page number: {line:?}");
    }
    if let Some(pdfinfo) = tool("pdfinfo") {
        let info = String::from_utf8(Command::new(pdfinfo).arg(&pdf).output()?.stdout)?;
        assert!(info.contains("(A4)"), "{info}");
        assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
        assert!(info.contains(&format!("Title:           {}", file.plan.title)), "{info}");
    }
    // Page images, as a reader sees them: the cover has its title drawn, the contents page
    // its lines, and every page something on it.
    if let Some(pdftoppm) = tool("pdftoppm") {
        let status = Command::new(pdftoppm).args(["-r", "30", "-gray"]).arg(&pdf).arg(dir.join("page")).status()?;
        assert!(status.success());
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
            .collect();
        pages.sort();
        assert!(pages.len() >= 10, "{} pages", pages.len());
        for page in &pages {
            let image = std::fs::read(page)?;
            // A binary PGM: three header lines, then one byte a pixel (0 black, 255 white).
            let pixels = image.splitn(4, |b| *b == b'\n').nth(3).unwrap_or_default();
            let ink = pixels.iter().filter(|p| **p < 128).count();
            assert!(ink > 200, "{} is blank ({ink} dark pixels)", page.display());
        }
    }
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/Lang (en-GB)") || raw.contains("/Lang(en-GB)"), "the document language is set");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn docx_part(bytes: &[u8], name: &str) -> std::result::Result<String, Box<dyn std::error::Error>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut part = archive.by_name(name)?;
    let mut text = String::new();
    part.read_to_string(&mut text)?;
    Ok(text)
}

#[test]
fn the_plan_as_docx_has_word_headings_lists_and_tables_and_opens_in_libreoffice() -> Result {
    let file = cypp_demo::plan_file();
    let doc = plan_edition(&file, &file.current(), Audience::Public, today());
    let bytes = render(&doc, Format::Docx)?;
    let document = docx_part(&bytes, "word/document.xml")?;
    for item in &file.items {
        let heading = format!("{} {}", file.plan.level_name(0), item.heading());
        let marker = "<w:pStyle w:val=\"Heading1\"/>";
        let found = document.split(marker).skip(1).any(|p| {
            let paragraph = p.split("</w:p>").next().unwrap_or_default();
            paragraph.contains(&heading)
        });
        assert!(found, "no Heading 1 for {heading}");
    }
    assert!(document.contains("<w:numPr>"), "lists are Word lists");
    assert!(document.contains("<w:tbl>") && document.contains("<w:tblHeader/>"), "tables with repeating headers");
    assert!(document.contains("TOC \\o"), "a table of contents field");
    // Every part is well-formed XML.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes))?;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        let name = part.name()?.to_string();
        let mut text = String::new();
        part.read_to_string(&mut text)?;
        let mut reader = quick_xml::Reader::from_str(&text);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed XML at {}: {e}", reader.buffer_position()),
            }
        }
    }
    let styles = docx_part(&bytes, "word/styles.xml")?;
    assert!(
        styles.contains(r#"w:styleId="Heading1"><w:name w:val="heading 1"/>"#)
            && styles.contains(r#"<w:outlineLvl w:val="0"/>"#)
    );
    assert!(styles.contains(r#"<w:lang w:val="en-GB""#));
    assert!(docx_part(&bytes, "word/numbering.xml")?.contains("w:abstractNum"));
    let Some(soffice) = tool("soffice") else { return Ok(()) };
    let dir = std::env::temp_dir().join(format!("cypp-docx-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("plan.docx"), &bytes)?;
    let output = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(dir.join("plan.docx"))
        .output()?;
    assert!(output.status.success(), "LibreOffice failed: {}", String::from_utf8_lossy(&output.stderr));
    let converted = dir.join("plan.pdf");
    assert!(converted.is_file(), "LibreOffice wrote no PDF: {}", String::from_utf8_lossy(&output.stdout));
    if let Some(pdftotext_bin) = tool("pdftotext") {
        in_order(&pdftotext(&pdftotext_bin, &converted, None)?, &expected(&file));
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn the_plan_as_html_is_one_page_with_every_item() -> Result {
    let file = cypp_demo::plan_file();
    let doc = plan_edition(&file, &file.current(), Audience::Public, today());
    let html = cypp_publish::html::render(&doc)?;
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    let text = html.replace("&#39;", "'").replace("&#38;", "&");
    for item in &file.items {
        assert!(text.contains(&item.title), "{}", item.title);
    }
    assert!(html.contains("<nav aria-labelledby=\"contents\">") && html.contains("href=\"#chapter-1\""));
    assert!(html.contains("<svg role=\"img\" aria-label="), "charts carry their text alternative");
    assert!(!html.contains("id=\"chart-title\""), "many charts on one page share no ids");
    // Every text is escaped: a title with markup in it stays text.
    let mut doc = doc;
    doc.title = "<script>alert(1)</script> & plan".into();
    let html = cypp_publish::html::render(&doc)?;
    assert!(!html.contains("<script>") && html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; plan"));
    Ok(())
}

/// The demonstration plan with an action titled as a formula.
fn with_formula_action() -> (PlanFile, String) {
    fn first_action(items: &mut [PlanItem]) -> Option<&mut cypp_domain::Action> {
        for item in items {
            if !item.actions.is_empty() {
                return item.actions.first_mut();
            }
            if let Some(a) = first_action(&mut item.items) {
                return Some(a);
            }
        }
        None
    }
    let mut file = cypp_demo::plan_file();
    let formula = r#"=HYPERLINK("http://example.com","x")"#.to_string();
    match first_action(&mut file.items) {
        Some(action) => action.title = formula.clone(),
        None => panic!("the demo has actions"),
    }
    (file, formula)
}

#[test]
fn a_formula_in_an_action_title_stays_text_in_csv_and_xlsx() -> Result {
    use calamine::{Data, Reader, Xlsx};
    let (file, formula) = with_formula_action();
    let sheet = export::sheet(&file, &file.current(), Which::Actions, Audience::Internal);
    let csv = export::csv(&sheet)?;
    assert!(csv.starts_with("\u{feff}Item,Number,Action,"), "UTF-8 with a byte-order mark, then the header");
    assert!(csv.contains(r#""'=HYPERLINK(""http://example.com"",""x"")""#), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "never as a formula");

    let all: Vec<_> =
        Which::ALL.iter().map(|w| export::sheet(&file, &file.current(), *w, Audience::Internal)).collect();
    let bytes = export::xlsx(&all)?;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))?;
    assert_eq!(workbook.sheet_names(), vec!["Actions", "Measures", "Updates"]);
    let formulas = workbook.worksheet_formula("Actions")?;
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    let actions = workbook.worksheet_range("Actions")?;
    assert_eq!(actions.get_value((1, 2)), Some(&Data::String(formula)), "the title as text, exactly");
    // Due dates are dates, not text.
    let due = actions.rows().skip(1).filter_map(|r| r.get(6)).find(|c| !matches!(c, Data::Empty));
    assert!(matches!(due, Some(Data::DateTime(_))), "{due:?}");
    Ok(())
}

#[test]
fn public_exports_suppress_small_numbers_as_the_website_does() {
    use cypp_publish::export::Cell;
    let mut file = cypp_demo::plan_file();
    let Some(m) = file.measures.iter_mut().find(|m| m.unit == cypp_domain::Unit::Count) else {
        panic!("the demo has a count measure")
    };
    m.suppress_small_numbers = true;
    let name = m.name.clone();
    if let Some(p) = m.data.iter_mut().max_by_key(|p| p.period) {
        p.value = cypp_domain::Reading::Number(3.0);
    }
    let value_of = |audience| {
        let sheet = export::sheet(&file, &file.current(), Which::Measures, audience);
        sheet
            .rows
            .iter()
            .rfind(|r| r[0] == Cell::Text(name.clone()) && r[2] == Cell::Text(file.partnership.area_name.clone()))
            .map(|r| (r[4].clone(), r[5].clone()))
    };
    assert_eq!(value_of(Audience::Public), Some((Cell::Empty, Cell::Text("c".into()))));
    assert_eq!(value_of(Audience::Internal), Some((Cell::Number(3.0), Cell::Empty)));
}
