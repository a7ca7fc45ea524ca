//! Writes the demonstration plan, and its first round's papers and easy read, as PDF, DOCX
//! and HTML to a folder, for looking at:
//! `cargo run -p cypp-publish --example demo_documents -- /tmp/out`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let file = cypp_demo::plan_file();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).ok_or("date")?;
    let doc = cypp_publish::plan_edition(&file, &file.current(), cypp_publish::Audience::Public, today);
    for format in [cypp_publish::Format::Pdf, cypp_publish::Format::Docx, cypp_publish::Format::Html] {
        let start = std::time::Instant::now();
        let bytes = cypp_publish::render(&doc, format)?;
        let path = format!("{dir}/plan.{}", format.extension());
        std::fs::write(&path, bytes)?;
        println!("{path} in {:?}", start.elapsed());
    }
    // The papers of the demonstration's first round: highlight.pdf, progress.docx…
    let (round, before) = cypp_publish::board::named(&file, "Q1 2026-27").ok_or("the Q1 round")?;
    for paper in cypp_publish::board::Paper::ALL {
        for format in [cypp_publish::Format::Pdf, cypp_publish::Format::Docx, cypp_publish::Format::Html] {
            let start = std::time::Instant::now();
            let doc = paper.edition(&file, round, before, today);
            let bytes = cypp_publish::render(&doc, format)?;
            let path = format!("{dir}/{}.{}", paper.slug(), format.extension());
            std::fs::write(&path, bytes)?;
            println!("{path} in {:?}", start.elapsed());
        }
    }
    // The easy read, with Q1's progress.
    for format in [cypp_publish::Format::Pdf, cypp_publish::Format::Html] {
        let doc = cypp_publish::easy::easy_read(&file, Some(round)).edition(&file, today);
        let path = format!("{dir}/easy-read.{}", format.extension());
        std::fs::write(&path, cypp_publish::render(&doc, format)?)?;
        println!("{path}");
    }
    Ok(())
}
