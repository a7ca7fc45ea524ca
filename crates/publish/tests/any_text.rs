//! Any text a person can type reaches every output: a plan whose title, vision, item
//! headings, summaries, action titles and measure names are arbitrary Unicode (right-to-left
//! marks, combining accents, letters whose case changes length, control characters, markup of
//! every kind) is published as HTML, Word and CSV for both audiences, and as PDF, without a
//! panic or an error, and the words come out as words, never as markup.

use chrono::NaiveDate;
use cypp_domain::PlanFile;
use cypp_publish::export::{self, Which};
use cypp_publish::{Audience, Format, plan_edition, render};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
}

/// The demonstration with `texts` put in the places people type.
fn with_texts(texts: &[String]) -> PlanFile {
    let mut file = cypp_demo::plan_file();
    let mut next = texts.iter().cycle();
    let mut take = || next.next().cloned().unwrap_or_default();
    file.plan.title = format!("Plan {}", take());
    file.plan.vision = Some(take());
    for item in file.items.iter_mut().take(2) {
        item.title = take();
        item.summary = Some(take());
        for action in item.actions.iter_mut().take(2) {
            action.title = take();
        }
        for child in item.items.iter_mut().take(2) {
            child.title = take();
            child.summary = Some(take());
        }
    }
    if let Some(measure) = file.measures.first_mut() {
        measure.name = take();
        measure.definition = Some(take());
    }
    file
}

/// Every output but the PDF (which is slow enough to try on a few texts below).
fn publish_all(file: &PlanFile) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for audience in [Audience::Public, Audience::Internal] {
        let doc = plan_edition(file, &file.current(), audience, today());
        for format in [Format::Html, Format::Docx] {
            let bytes = render(&doc, format).map_err(|e| format!("{format:?} for {audience:?}: {e}"))?;
            out.push((format!("{format:?}"), bytes));
        }
        for which in Which::ALL {
            let sheet = export::sheet(file, &file.current(), which, audience);
            let csv = export::csv(&sheet).map_err(|e| format!("{which:?} CSV: {e}"))?;
            out.push(("CSV".into(), csv.into_bytes()));
        }
    }
    Ok(out)
}

/// Text that mixes the hard cases with anything at all.
fn awkward() -> impl Strategy<Value = String> {
    let hard = prop::sample::select(vec![
        "İstanbul",
        "STRAẞE",
        "ǅ",
        "ﬃ",
        "e\u{301}\u{301}",
        "\u{202e}evil\u{202c}",
        "\u{200d}👩\u{200d}👧",
        "\u{0}\u{7}\u{1b}",
        "<script>alert(1)</script>",
        "]]>",
        "&amp;",
        "#set page(width: 1pt)",
        "$x^2$",
        "*bold* _it_ `code`",
        "\\",
        "@ref",
        "=SUM(A1)",
        "\r\n\t",
        "\u{feff}",
        "\u{fffe}",
        "\u{d7ff}",
        " ",
    ]);
    prop::collection::vec(prop_oneof![hard.prop_map(String::from), "\\PC{0,40}", any::<String>()], 1..4)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_text_publishes_as_words(texts in prop::collection::vec(awkward(), 6)) {
        let file = with_texts(&texts);
        let outputs = publish_all(&file).map_err(TestCaseError::fail)?;
        // The web edition never carries a script or a tag someone typed.
        for (format, bytes) in &outputs {
            if format == "Html" {
                let html = String::from_utf8_lossy(bytes);
                prop_assert!(!html.contains("<script>alert(1)"), "a typed tag reached the HTML");
            }
        }
    }
}

#[test]
fn the_hardest_texts_typeset_as_a_pdf() -> Result<(), Box<dyn std::error::Error>> {
    let texts: Vec<String> = [
        "İstanbul STRAẞE ǅ ﬃ e\u{301}\u{301}",
        "\u{202e}evil\u{202c} \u{200d}👩\u{200d}👧 \u{0}\u{7}\u{1b}",
        "#set page(width: 1pt) $x^2$ *bold* _it_ `code` \\ @ref ]]> <b>",
        "=SUM(A1) \r\n\t \u{feff}\u{fffe}",
        "a\u{0}b",
        "x".repeat(5000).as_str(),
    ]
    .map(String::from)
    .to_vec();
    let file = with_texts(&texts);
    let doc = plan_edition(&file, &file.current(), Audience::Public, today());
    let pdf = render(&doc, Format::Pdf)?;
    assert!(pdf.starts_with(b"%PDF-"));
    Ok(())
}
