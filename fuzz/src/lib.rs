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
