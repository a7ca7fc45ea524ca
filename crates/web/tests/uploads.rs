//! Uploads that try to take the server down: zip bombs as a workbook of figures and as a plan
//! document, an XML entity bomb, a page nested absurdly deep, a 100 MB file and a forged form.
//! Each is answered in words, quickly, while the server's memory stays within 200 MB of where
//! it was and other people's requests keep answering.

use std::io::Write;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use cypp_testkit::{Browser, Error, TestApp, TestResult};

const SLUG: &str = cypp_demo::PLAN_SLUG;

/// The most memory this process has held, in MB (Linux's peak resident set).
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// A zip archive holding `small` parts as they are and one part `bomb` of `size` zero bytes.
fn archive(small: &[(&str, &str)], bomb: &str, size: usize) -> Result<Vec<u8>, Error> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u32::MAX as usize);
    for (name, text) in small {
        zip.start_file(*name, deflated)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file(bomb, deflated)?;
    let block = vec![b' '; 1 << 20];
    for _ in 0..size / block.len() {
        zip.write_all(&block)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Sends `upload` while another person keeps asking for pages: every one of theirs must be
/// answered within two seconds. Returns the upload's answer.
async fn while_others_browse(
    app: &TestApp,
    upload: impl std::future::Future<Output = Result<cypp_testkit::Page, Error>> + Send + 'static,
) -> Result<cypp_testkit::Page, Error> {
    let upload = tokio::spawn(upload);
    let mut visitor = app.browser();
    let mut slowest = Duration::ZERO;
    while !upload.is_finished() {
        let started = Instant::now();
        let page = visitor.get(&format!("/p/kelderby/{SLUG}")).await?;
        assert_eq!(page.status, StatusCode::OK);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(slowest < Duration::from_secs(2), "a page took {slowest:?} while the upload was read");
    upload.await?
}

async fn editor(app: &TestApp, email: &str) -> Result<Browser, Error> {
    app.signed_in(email).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_cannot_take_the_server_down() -> TestResult {
    let test_db = cypp_testkit::sqlite().await;
    let (app, _) = TestApp::demo(&test_db.db).await?;
    let figures = format!("/plans/{SLUG}/measures/cla-rate/import");
    let plans = "/plans/import";
    let idle = peak_mb();

    // A workbook of 1 MB whose sheet expands to 1 GiB.
    let xlsx = archive(&[("[Content_Types].xml", "<Types/>")], "xl/worksheets/sheet1.xml", 1 << 30)?;
    assert!(xlsx.len() < 2 << 20, "the bomb is {} bytes", xlsx.len());
    let mut tom = editor(&app, "tom.brennan@kelderby.example").await?;
    let token = tom.get(&figures).await?.token();
    let started = Instant::now();
    let path = figures.clone();
    let page = while_others_browse(&app, async move {
        tom.upload(&path, &[("csrf_token", &token), ("format", "xlsx")], "figures.xlsx", &xlsx).await
    })
    .await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(page.body.contains("would expand to more than 64 MB"), "{}", page.body);
    assert!(page.body.len() < 100_000, "the answer is {} bytes", page.body.len());
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());

    // A Word document whose text expands to 1 GiB, as a plan to bring in.
    let docx = archive(&[("[Content_Types].xml", "<Types/>")], "word/document.xml", 1 << 30)?;
    let mut nadia = editor(&app, "nadia.farouk@kelderby.example").await?;
    let token = nadia.get(plans).await?.token();
    let page = while_others_browse(&app, async move {
        nadia.upload(plans, &[("csrf_token", &token), ("format", "auto")], "plan.docx", &docx).await
    })
    .await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("would expand to more than 64 MB"), "{}", page.body);

    // A billion laughs: entities are never expanded.
    let mut lol = String::from("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"ha\">");
    let mut previous = "a".to_string();
    for i in 0..9 {
        let name = format!("e{i}");
        lol.push_str(&format!("<!ENTITY {name} \"{}\">", format!("&{previous};").repeat(10)));
        previous = name;
    }
    lol.push_str(&format!(
        "]><w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&{previous};</w:t></w:r></w:p></w:body></w:document>"
    ));
    let laughs = archive(&[("word/document.xml", &lol)], "docProps/app.xml", 0)?;
    let mut nadia = editor(&app, "nadia.farouk@kelderby.example").await?;
    let token = nadia.get(plans).await?.token();
    let started = Instant::now();
    let page = nadia.upload(plans, &[("csrf_token", &token), ("format", "auto")], "laughs.docx", &laughs).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(!page.body.contains("hahaha"), "no entity was expanded");
    assert!(started.elapsed() < Duration::from_secs(10));

    // A web page nested 200,000 deep would keep the HTML parser busy for hours.
    let deep =
        format!("<html><body>{}<h1>Plan</h1>{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000));
    let started = Instant::now();
    let page = nadia.upload(plans, &[("csrf_token", &token), ("format", "auto")], "deep.html", deep.as_bytes()).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("nested more than 1000 deep"), "{}", page.body);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());

    // An empty document says it has no text, not something about level names.
    let page = nadia.upload(plans, &[("csrf_token", &token), ("format", "auto")], "empty.txt", b"").await?;
    assert!(page.body.contains("empty.txt has no text in it"), "{}", page.body);
    let page =
        nadia.upload(plans, &[("csrf_token", &token), ("format", "auto")], "flat.txt", b"just some words\n").await?;
    assert!(page.body.contains("cypp found no structure in flat.txt"), "{}", page.body);

    // The bombs cost the server nothing much. (Measured before the 100 MB file, which the test
    // itself holds twice over to send.)
    let grew = peak_mb().saturating_sub(idle);
    assert!(grew < 200, "memory grew by {grew} MB above idle");

    // 100 MB is refused from its declared length, before it is read.
    let big = vec![b'x'; 100 << 20];
    let mut tom = editor(&app, "tom.brennan@kelderby.example").await?;
    let token = tom.get(&figures).await?.token();
    let started = Instant::now();
    let page = tom.upload(&figures, &[("csrf_token", &token), ("format", "csv")], "big.csv", &big).await?;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("The file is too big"));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    drop(big);

    // A form without its token first is refused before its file is read.
    let page = tom.upload(&figures, &[("format", "csv"), ("csrf_token", &token)], "f.csv", b"period,value\n").await?;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    Ok(())
}

/// A large plan document being read holds up no one else's save: reading runs off the workers
/// and before any transaction is opened, so the editor's figures keep saving, each at once,
/// all the while.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_plan_being_read_holds_up_no_one_elses_save() -> TestResult {
    let test_db = cypp_testkit::sqlite().await;
    let (app, _) = TestApp::demo(&test_db.db).await?;
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut text = String::new();
    for entry in std::fs::read_dir(&seeds)? {
        text.push_str(&std::fs::read_to_string(entry?.path())?);
    }
    let plan = text.repeat((3 << 20) / text.len().max(1) + 1);
    let mut nadia = editor(&app, "nadia.farouk@kelderby.example").await?;
    let token = nadia.get("/plans/import").await?.token();
    let upload = tokio::spawn(async move {
        let started = Instant::now();
        let page = nadia
            .upload("/plans/import", &[("csrf_token", &token), ("format", "text")], "big.txt", plan.as_bytes())
            .await;
        (page, started.elapsed())
    });
    let mut tom = editor(&app, "tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/measures/cla-rate/figures/new");
    let (mut saves, mut slowest) = (0, Duration::ZERO);
    while !upload.is_finished() {
        let started = Instant::now();
        let value = (40 + saves % 20).to_string();
        let page = tom.submit(&path, &path, &[("period", "2026-27"), ("value", &value)]).await?;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "a save while the plan was read: {}", page.body);
        slowest = slowest.max(started.elapsed());
        saves += 1;
    }
    let (page, took) = upload.await?;
    assert_eq!(page?.status, StatusCode::SEE_OTHER, "the plan is read into a draft");
    assert!(saves >= 3, "only {saves} saves while the plan was read for {took:?}");
    assert!(slowest < Duration::from_secs(1), "a save took {slowest:?} while the plan was read for {took:?}");
    Ok(())
}
