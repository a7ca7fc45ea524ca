//! `cargo run -p cypp-plan-reader --example dry_run -- import plan FILE --dry-run --output json`:
//! the dry run of `cypp import plan` without the rest of the app, for scoring the importer
//! quickly (`../shared/tools/score-plan-import target/debug/examples/dry_run DIR`).

use cypp_plan_reader::parse::parse;
use cypp_plan_reader::plan::{Owner, plan_file};
use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Kind, dry_run, read};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args().nth(3).ok_or("usage: dry_run import plan FILE --dry-run --output json")?;
    let bytes = std::fs::read(&name)?;
    let kind = Kind::detect(&name, &bytes);
    let source = read(kind, &name, &bytes)?;
    let parsed = parse(&source, &Profile::built_in());
    let owner = Owner {
        partnership_name: "Imported partnership".into(),
        partnership_slug: "imported".into(),
        area_name: "Imported area".into(),
        gss_code: "E06000001".into(),
    };
    let file = plan_file(&parsed, &owner);
    if std::env::args().any(|a| a == "lines") {
        for (line, place) in parsed.where_lines_went(&source) {
            println!(
                "{:>5} {:<10} {:<40}  {}",
                line.number,
                format!("{:?}", line.hint),
                place,
                line.text.replace('\t', " | ")
            );
        }
        return Ok(());
    }
    println!("{}", serde_json::to_string_pretty(&dry_run(kind, &source, &parsed, &file))?);
    Ok(())
}
