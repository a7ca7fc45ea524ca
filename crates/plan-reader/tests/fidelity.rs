//! Issue 7's fidelity measure: each of the five seeds in `../shared/seeds/` is imported as the
//! dry run does it (read, parsed with the built-in profile, made into a plan file) and compared
//! with an expected structure written by reading the seed (`tests/seeds/NNN.json`; the line
//! numbers each entry was taken from are in `tests/seeds/expected.py`).
//!
//! Two figures per seed:
//! - **entries**: the share of the expected levels, item titles, and per item actions, success
//!   statements and KPIs (for a progress report, what's working well and what we are concerned
//!   about in the round's updates) that the import gives exactly. Exactly means the same text
//!   once runs of spaces are one space and a closing full stop is set aside.
//! - **lines**: the share of the seed's non-blank lines, other than those the expected structure
//!   marks as page furniture, that the parser placed somewhere in the plan.
//!
//! References, leads and targets given as numbers are counted as well and reported beside them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cypp_domain::{PlanFile, PlanItem};
use cypp_plan_reader::parse::{Parsed, Placement, parse};
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Kind, read};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    seed: String,
    kind: String,
    levels: Vec<String>,
    furniture: Vec<usize>,
    items: Vec<ExpectedItem>,
}

#[derive(Deserialize)]
struct ExpectedItem {
    level: String,
    number: Option<String>,
    title: String,
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    success: Vec<String>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    working_well: Vec<String>,
    #[serde(default)]
    concerned: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
    lead: Option<String>,
    /// (the KPI's text, its target) for targets the plan gives as numbers.
    #[serde(default)]
    targets: Vec<(String, f64)>,
    #[serde(default)]
    items: Vec<ExpectedItem>,
}

/// Text as compared: one space between words, no closing full stop.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches('.').trim_end().to_string()
}

#[derive(Default)]
struct Tally {
    found: usize,
    total: usize,
    other_found: usize,
    other_total: usize,
    missed: Vec<String>,
}

impl Tally {
    fn count(&mut self, what: &str, want: &str, found: bool) {
        self.total += 1;
        if found {
            self.found += 1;
        } else {
            self.missed.push(format!("{what}: {want}"));
        }
    }

    fn other(&mut self, what: &str, want: &str, found: bool) {
        self.other_total += 1;
        if found {
            self.other_found += 1;
        } else {
            self.missed.push(format!("{what} (reported apart): {want}"));
        }
    }

    fn list(&mut self, what: &str, want: &[String], have: &[String]) {
        let have: Vec<String> = have.iter().map(|h| norm(h)).collect();
        for w in want {
            self.count(what, w, have.contains(&norm(w)));
        }
    }
}

/// What the import gives for one item: from the plan file, and for a progress report the
/// updates of the round against it.
struct Got<'a> {
    file: &'a PlanFile,
    updates: HashMap<cypp_domain::ItemId, (Vec<String>, Vec<String>)>,
}

impl Got<'_> {
    fn find<'b>(&'b self, level: usize, want: &ExpectedItem, among: &'b [PlanItem]) -> Option<&'b PlanItem> {
        let _ = level;
        among.iter().find(|i| match (&want.number, &i.number) {
            (Some(w), Some(h)) => w == h,
            _ => norm(&i.title).eq_ignore_ascii_case(&norm(&want.title)),
        })
    }

    fn check(&self, tally: &mut Tally, depth: usize, want: &ExpectedItem, among: &[PlanItem]) {
        let name = format!("{} {}", want.level, want.number.clone().unwrap_or_else(|| want.title.clone()));
        let got = self.find(depth, want, among);
        tally.count(
            "item title",
            &format!("{name}: {}", want.title),
            got.is_some_and(|g| norm(&g.title) == norm(&want.title)),
        );
        let empty = PlanItem::new("");
        let got = got.unwrap_or(&empty);
        let actions: Vec<String> = got.actions.iter().map(|a| a.title.clone()).collect();
        let success: Vec<String> = got.success_statements.iter().map(|s| s.text.clone()).collect();
        let measures: Vec<String> = got
            .measures
            .iter()
            .filter_map(|id| self.file.measures.iter().find(|m| m.id == *id))
            .map(|m| m.name.clone())
            .collect();
        tally.list(&format!("{name} action"), &want.actions, &actions);
        tally.list(&format!("{name} success statement"), &want.success, &success);
        tally.list(&format!("{name} KPI"), &want.measures, &measures);
        let (well, concerned) = self.updates.get(&got.id).cloned().unwrap_or_default();
        tally.list(&format!("{name} working well"), &want.working_well, &well);
        tally.list(&format!("{name} concerned about"), &want.concerned, &concerned);
        let references: Vec<String> = got.references.iter().map(|r| norm(&r.title)).collect();
        for r in &want.references {
            tally.other(&format!("{name} reference"), r, references.contains(&norm(r)));
        }
        for (kpi, value) in &want.targets {
            let measure = self.file.measures.iter().find(|m| norm(&m.name) == norm(kpi));
            let target = measure.and_then(|m| m.targets.first()).map(|t| t.kind.clone());
            let found = target == Some(cypp_domain::TargetKind::Absolute { value: *value });
            tally.other(&format!("{name} target"), &format!("{value} for {kpi}"), found);
        }
        if let Some(lead) = &want.lead {
            let have = got.officer_lead.as_ref().map(|l| norm(&l.name));
            tally.other(&format!("{name} lead"), lead, have.as_deref() == Some(norm(lead).as_str()));
        }
        for child in &want.items {
            self.check(tally, depth + 1, child, &got.items);
        }
    }
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

struct Figures {
    entries: f64,
    lines: f64,
    tally: Tally,
    placed: usize,
    lines_total: usize,
    furniture_dropped: usize,
    furniture: usize,
}

fn measure(expected: &Expected, bytes: &[u8]) -> Figures {
    let source = read(Kind::Markdown, &expected.seed, bytes).unwrap_or_else(|e| panic!("{e}"));
    let parsed: Parsed = parse(&source, &Profile::built_in());
    let owner = Owner {
        partnership_name: "Seed".into(),
        partnership_slug: "seed".into(),
        area_name: "Seed".into(),
        gss_code: "E00000000".into(),
    };
    let file = plan_file(&parsed, &owner);
    let mut tally = Tally::default();
    for (i, level) in expected.levels.iter().enumerate() {
        tally.count("level", level, file.plan.level_names.get(i) == Some(level));
    }
    let mut updates = HashMap::new();
    if expected.kind == "progress_report" {
        tally.count("a progress report recognised as a round", "one round", file.rounds.len() == 1);
        for update in file.rounds.iter().flat_map(|r| &r.updates) {
            let lines = |t: &Option<String>| -> Vec<String> {
                t.as_deref().unwrap_or_default().lines().map(|l| l.trim_start_matches("- ").to_string()).collect()
            };
            if let Some(item) = update.item {
                updates.insert(item, (lines(&update.working_well), lines(&update.worried_about)));
            }
        }
    }
    let got = Got { file: &file, updates };
    for item in &expected.items {
        got.check(&mut tally, 0, item, &file.items);
    }
    let placed_lines: HashMap<usize, bool> =
        parsed.placements.iter().map(|(n, p)| (*n, matches!(p, Placement::Placed(_)))).collect();
    let mut placed = 0;
    let mut lines_total = 0;
    let mut furniture_dropped = 0;
    for line in source.non_blank() {
        let is_placed = placed_lines.get(&line.number).copied().unwrap_or(false);
        if expected.furniture.contains(&line.number) {
            furniture_dropped += usize::from(!is_placed);
        } else {
            lines_total += 1;
            if is_placed {
                placed += 1;
            } else {
                tally.missed.push(format!(
                    "line {} not placed: {}",
                    line.number,
                    line.text.chars().take(80).collect::<String>()
                ));
            }
        }
    }
    Figures {
        entries: tally.found as f64 / tally.total.max(1) as f64,
        lines: placed as f64 / lines_total.max(1) as f64,
        placed,
        lines_total,
        furniture_dropped,
        furniture: expected.furniture.len(),
        tally,
    }
}

#[test]
fn each_seed_is_imported_with_its_expected_structure() {
    let dir = seeds_dir();
    if !dir.is_dir() {
        eprintln!("SKIPPED the seed fidelity test: {} is not there", dir.display());
        return;
    }
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seeds");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&expected_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", expected_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "an expected structure for each of the five seeds");
    let mut failures = Vec::new();
    println!("| seed | entries exact | lines placed | references, leads, targets | furniture dropped |");
    println!("|---|---|---|---|---|");
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected: Expected = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let bytes = std::fs::read(dir.join(&expected.seed)).unwrap_or_else(|e| panic!("{}: {e}", expected.seed));
        let f = measure(&expected, &bytes);
        println!(
            "| {} | {:.1}% ({} of {}) | {:.1}% ({} of {}) | {} of {} | {} of {} |",
            &expected.seed[..3],
            f.entries * 100.0,
            f.tally.found,
            f.tally.total,
            f.lines * 100.0,
            f.placed,
            f.lines_total,
            f.tally.other_found,
            f.tally.other_total,
            f.furniture_dropped,
            f.furniture
        );
        for missed in &f.tally.missed {
            eprintln!("  {}: {missed}", &expected.seed[..3]);
        }
        if f.tally.other_found < f.tally.other_total {
            failures.push(format!(
                "{}: {} of {} references, leads and targets recovered",
                expected.seed, f.tally.other_found, f.tally.other_total
            ));
        }
        if f.entries < 0.95 || f.lines < 0.98 {
            failures.push(format!(
                "{}: {:.1}% of entries exact (95% needed), {:.1}% of lines placed (98% needed)",
                expected.seed,
                f.entries * 100.0,
                f.lines * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
