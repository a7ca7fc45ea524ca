//! What every fuzz target checks: any input ends in a plan or a clear error. A reader gives
//! lines or a `ReadError` whose message names the file; the lines, parsed with the built-in
//! profile, make a draft plan file and a review that survive being kept as JSON. A panic
//! anywhere is a crash libFuzzer reports (the PDF library's own panics are caught by the PDF
//! reader and become an error, so the panic hook is quiet rather than aborting at once).

use cypp_plan_reader::parse::parse;
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::review::Review;
use cypp_plan_reader::{Kind, Source, read};

/// Lets a panic that the code under test catches stay caught; libFuzzer still aborts on one
/// that escapes.
pub fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

/// Reads `data` as `kind` and, if it reads, carries it all the way to a review.
pub fn read_then_import(kind: Kind, data: &[u8]) {
    quiet_panics();
    match read(kind, "fuzz.input", data) {
        Ok(source) => import(&source),
        Err(e) => assert!(e.to_string().contains("fuzz.input"), "an error names the file: {e}"),
    }
}

/// Parses lines, builds the plan file and the review, and keeps and reads back the review.
pub fn import(source: &Source) {
    let parsed = parse(source, &Profile::built_in());
    for (number, _) in &parsed.placements {
        assert!(source.lines.iter().any(|l| l.number == *number), "a placement names a line of the source");
    }
    let owner = Owner {
        partnership_name: "Fuzz".into(),
        partnership_slug: "fuzz".into(),
        area_name: "Fuzz".into(),
        gss_code: "E08000001".into(),
    };
    let file = plan_file(&parsed, &owner);
    let review = Review::new("fuzz.input", source, &parsed, file);
    let json = serde_json::to_string(&review).expect("a review is kept as JSON");
    let again: Review = serde_json::from_str(&json).expect("a kept review reads back");
    assert_eq!(again.lines.len(), review.lines.len());
}

/// A partnership and a measure for the data-file readers to read figures for.
fn figures_setting() -> (cypp_domain::Partnership, cypp_domain::Measure) {
    use cypp_domain::*;
    let partnership = Partnership {
        id: PartnershipId::derived("fuzz"),
        slug: "fuzz".into(),
        name: "Fuzz".into(),
        area_name: "Fuzzton".into(),
        gss_code: "E08000001".into(),
        description: None,
        organisations: vec![],
        boards: vec![],
        comparator_groups: vec![],
        jargon: vec![],
    };
    let measure = Measure::new(MeasureId::derived("m"), "m", "m", Unit::Percent, PeriodType::FinancialYear);
    (partnership, measure)
}

/// Reads `data[1..]` as the data-file format `data[0]` picks.
pub fn read_figures(data: &[u8]) {
    use cypp_figures::{FileOptions, Format};
    let Some((&pick, file)) = data.split_first() else { return };
    let format = Format::ALL[usize::from(pick) % Format::ALL.len()];
    let (partnership, measure) = figures_setting();
    let options = FileOptions {
        indicator: Some("value".into()),
        lait_measure: Some("M".into()),
        filters: vec![],
        ..FileOptions::default()
    };
    if let Err(e) =
        cypp_figures::read_file(format, "fuzz.input", file, &options, &partnership, &measure, &cypp_figures::quiet)
    {
        assert!(e.to_string().contains("fuzz.input") || matches!(e, cypp_figures::FileError::Needs(_)), "{e}");
    }
}

/// Parses `text` as a period code and loosely as each kind of period.
pub fn periods(text: &str) {
    use cypp_domain::{Period, PeriodType};
    if let Ok(period) = Period::parse(text) {
        assert_eq!(Period::parse(&period.code()).ok(), Some(period), "{text:?} reads back from its code");
        let _ = period.label();
    }
    for hint in std::iter::once(None).chain(PeriodType::ALL.into_iter().map(Some)) {
        if let Ok(loose) = Period::parse_loose(text, hint) {
            let _ = loose.period.label();
        }
    }
}

/// Reads a plan file; one that reads must write out and read back as itself.
pub fn read_plan_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(file) = cypp_domain::PlanFile::from_json(text) {
        let again = cypp_domain::PlanFile::from_json(&file.to_json());
        assert!(again.as_ref().is_ok_and(|a| *a == file), "a plan file reads back as itself: {again:?}");
        let _ = file.public_edition();
    }
}
