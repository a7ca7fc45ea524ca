//! The readers on real documents: the demonstration plan written by cypp-publish as Word and
//! PDF and read back; the seed plans (text extracted from councils' PDFs and web pages); a
//! scanned PDF; and thousands of damaged files, none of which may crash a reader or the parser.

use cypp_plan_reader::parse::parse;
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Hint, Kind, ReadError, Source, read};
use cypp_publish::{Audience, Format, plan_edition, render};

fn demo(format: Format) -> (cypp_domain::PlanFile, Vec<u8>) {
    let file = cypp_demo::plan_file();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
    let doc = plan_edition(&file, &file.current(), Audience::Internal, today);
    let bytes = render(&doc, format).unwrap_or_else(|e| panic!("{e}"));
    (file, bytes)
}

fn has(source: &Source, text: &str, hint: Hint) -> bool {
    source.lines.iter().any(|l| l.text == text && l.hint == hint)
}

#[test]
fn a_word_document_gives_its_headings_lists_and_table_rows() -> Result<(), ReadError> {
    let (file, bytes) = demo(Format::Docx);
    assert_eq!(Kind::detect("plan.docx", &bytes), Kind::Docx);
    let source = read(Kind::Docx, "plan.docx", &bytes)?;
    for item in &file.items {
        let heading = format!("{} {}", file.plan.level_name(0), item.heading());
        assert!(has(&source, &heading, Hint::Heading(1)), "no heading 1 for {heading}");
        for child in &item.items {
            let heading = format!("{} {}", file.plan.level_name(1), child.heading());
            assert!(has(&source, &heading, Hint::Heading(2)), "no heading 2 for {heading}");
        }
    }
    let asked = &file.items[0].young_people_asked[0];
    assert!(has(&source, asked, Hint::ListItem { ordered: false }), "{asked} is a bullet");
    let term = &file.glossary[0];
    let row = format!("{}\t{}", term.term, term.definition);
    assert!(has(&source, &row, Hint::TableRow), "{row} is a table row");
    Ok(())
}

#[test]
fn a_pdf_gives_its_text_in_reading_order() -> Result<(), ReadError> {
    let (file, bytes) = demo(Format::Pdf);
    assert_eq!(Kind::detect("plan", &bytes), Kind::Pdf);
    let source = read(Kind::Pdf, "plan.pdf", &bytes)?;
    let joined = source.non_blank().map(|l| l.text.trim()).collect::<Vec<_>>().join(" ");
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    for item in &file.items {
        assert!(joined.contains(&item.title), "{} is not in the PDF's text", item.title);
    }
    // What repeats at the edges of the pages is furniture; no item's heading is.
    let furniture: Vec<&str> =
        source.lines.iter().filter(|l| l.hint == Hint::PageFurniture).map(|l| l.text.as_str()).collect();
    assert!(!furniture.is_empty(), "the PDF's running footer and page numbers are furniture");
    for item in &file.items {
        assert!(!furniture.iter().any(|f| f.contains(&item.title)), "{} was taken for furniture", item.title);
    }
    Ok(())
}

/// A valid one-page PDF with nothing on the page: what a scan looks like to a text reader.
fn blank_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    pdf
}

#[test]
fn a_scanned_pdf_says_it_has_no_text_to_read() {
    let error = read(Kind::Pdf, "scan.pdf", &blank_pdf()).err();
    assert_eq!(error, Some(ReadError::NoTextLayer { file: "scan.pdf".into() }));
    assert!(error.is_some_and(|e| e.to_string().contains("scanned PDF")));
}

#[test]
fn the_seed_plans_read_as_text_and_markdown() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED the seed readers test: {} is not there", dir.display());
        return;
    };
    let mut seeds = 0;
    for entry in entries.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        for kind in [Kind::Text, Kind::Markdown] {
            let source = read(kind, &name, &bytes).unwrap_or_else(|e| panic!("{e}"));
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(source.lines.len(), text.lines().count(), "{name}: one line for each line of the file");
        }
        seeds += 1;
    }
    assert!(seeds >= 5, "{seeds} seeds");
}

/// A small deterministic generator, so the damaged files are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `bytes` damaged: bytes flipped, a piece cut out, or the end cut off.
fn damage(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match rng.below(3) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(out.len());
                if let Some(b) = out.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            let start = rng.below(out.len());
            let end = (start + rng.below(64)).min(out.len());
            out.drain(start..end);
        }
        _ => out.truncate(rng.below(out.len())),
    }
    out
}

/// Reads and parses: any result is fine, a panic is not.
fn read_and_parse(kind: Kind, bytes: &[u8], profile: &Profile) {
    if let Ok(source) = read(kind, "damaged", bytes) {
        let parsed = parse(&source, profile);
        let _ = cypp_plan_reader::plan::plan_file(
            &parsed,
            &cypp_plan_reader::plan::Owner {
                partnership_name: "P".into(),
                partnership_slug: "p".into(),
                area_name: "A".into(),
                gss_code: "E08000005".into(),
            },
        );
    }
}

#[test]
fn no_reader_or_the_parser_crashes_on_damaged_input() {
    let profile = Profile::built_in();
    let html =
        b"<html><body><h1>Plan</h1><ul><li>One</li></ul><table><tr><td>a</td></tr></table></body></html>".to_vec();
    let markdown = b"# Plan\n\n- one\n| a | b |\n|---|---|\n**bold**".to_vec();
    let inputs = [
        (Kind::Docx, demo(Format::Docx).1),
        (Kind::Pdf, demo(Format::Pdf).1),
        (Kind::Html, html),
        (Kind::Markdown, markdown.clone()),
        (Kind::Text, markdown),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (kind, bytes) in &inputs {
        let runs = if *kind == Kind::Pdf { 25 } else { 400 };
        for _ in 0..runs {
            let damaged = damage(bytes, &mut rng);
            read_and_parse(*kind, &damaged, &profile);
        }
        // Random text made of the characters plans are written in, markup included.
        let alphabet: Vec<char> = "ab1. -•*#|\t\n()<>/&;:?é–’\u{a0}😀".chars().collect();
        let words = [
            "Priority 1 - ",
            "Outcome 2 ",
            "Action 3\n",
            "Areas of focus: ",
            "Why is this important?\n",
            "Contents\n",
            "Continued\n",
            "Jargon buster\n",
            "page 4\n",
        ];
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..rng.below(200) {
                if rng.below(8) == 0 {
                    text.push_str(words[rng.below(words.len())]);
                } else {
                    text.push(alphabet[rng.below(alphabet.len())]);
                }
            }
            read_and_parse(*kind, text.as_bytes(), &profile);
        }
        // Random bytes too.
        for _ in 0..50 {
            let noise: Vec<u8> = (0..rng.below(2000)).map(|_| rng.next() as u8).collect();
            read_and_parse(*kind, &noise, &profile);
        }
    }
}
