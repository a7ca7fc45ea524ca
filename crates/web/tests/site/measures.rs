//! Measures: their pages and charts, their definitions and targets, figures typed in or read from a file.

use super::*;

async fn a_measure_page_shows_its_chart_judgement_and_every_figure(db: Db) -> TestResult {
    let mut file = cypp_demo::plan_file();
    let carers = file.measures.iter_mut().find(|m| m.slug == "young-carers-identified").ok_or("no measure")?;
    carers.suppress_small_numbers = true;
    carers.data.iter_mut().max_by_key(|d| d.period).ok_or("no data")?.value = Reading::Number(3.0);
    let mut tx = db.write().await?;
    cypp_store::plan_file::import(&mut tx, &file, &Actor::system("test")).await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "v@kelderby.example", name: "V", role: Role::Viewer, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;

    let measure = file.measures.iter().find(|m| m.slug == "re-referrals").ok_or("no measure")?;
    let mut public = TestApp::new(&db).browser();
    let page = public.get(&format!("/p/kelderby/{SLUG}/measures/re-referrals")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<svg")
            && page.body.contains("<title id=\"chart-title\">Re-referrals within 12 months over time</title>")
    );
    assert!(page.body.contains("variation") || page.body.contains("Special cause"), "the judgement is in words");
    // How the latest figure stands against its target, and each figure's process limits.
    if measure.latest().and_then(|p| measure.target_for_judging(&p.period)).is_some() {
        assert!(page.body.contains(" the target of "), "the target in words: {}", page.body);
    }
    assert!(page.body.contains(">Process limits</th>") && page.body.contains(" to "), "{}", page.body);
    for point in &measure.data {
        assert!(
            page.body.contains(&format!(">{}</th>", point.period.label())),
            "{} is not in the table",
            point.period.label()
        );
    }
    assert!(page.body.contains("England</th>"), "comparators have columns");
    // The latest figure's place among every authority and the neighbours, lower being better.
    let latest = measure.latest().ok_or("no figure")?;
    let england = latest.standing.and_then(|s| s.england).ok_or("the demo ranks its yearly figures")?;
    let rank = england.rank(measure.direction).ok_or("a better direction")?;
    let band = latest.value.number().and_then(|v| england.band(v, measure.direction)).ok_or("a band")?;
    let expected = format!(
        "{} of {} local authorities; quartile band {}",
        cypp_analytics::rank::ordinal(rank),
        england.of,
        band.letter()
    );
    assert!(page.body.contains("Rank in England") && page.body.contains(&expected), "{expected}");
    assert!(page.body.contains("Rank among statistical neighbours") && page.body.contains("Rank (1st the best)"));

    // Small numbers are suppressed for the public, not for people signed in.
    let carers_public = public.get(&format!("/p/kelderby/{SLUG}/measures/young-carers-identified")).await?;
    assert!(carers_public.body.contains("c (suppressed to protect confidentiality)"));
    let mut viewer = TestApp::new(&db).signed_in("v@kelderby.example").await?;
    let carers_inside = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified")).await?;
    assert!(!carers_inside.body.contains("c (suppressed"), "signed-in people see the figure");
    assert!(carers_inside.body.contains("template.csv"), "signed-in people can download the template");
    assert!(carers_inside.body.contains("template.xlsx"), "as a workbook too");
    let workbook = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.xlsx")).await?;
    assert_eq!(workbook.status, StatusCode::OK);
    assert!(workbook.body.starts_with("PK"), "an XLSX workbook is a zip");
    assert_ne!(
        public.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.xlsx")).await?.status,
        StatusCode::OK
    );
    let template = viewer.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.csv")).await?;
    assert!(template.body.starts_with("\u{feff}period,value,numerator,denominator"), "{}", template.body);
    assert!(template.body.contains("2025-26,3,"), "the figures so far, unsuppressed for people signed in");
    assert!(!carers_public.body.contains("template.csv"));
    assert_ne!(
        public.get(&format!("/plans/{SLUG}/measures/young-carers-identified/template.csv")).await?.status,
        StatusCode::OK
    );
    assert_eq!(
        public.get(&format!("/p/kelderby/{SLUG}/measures/no-such-measure")).await?.status,
        StatusCode::NOT_FOUND
    );
    // The dashboard's scorecard links each measure and judges its trend.
    let dashboard = viewer.get(&format!("/plans/{SLUG}/dashboard")).await?;
    assert!(dashboard.body.contains(&format!("href=\"/plans/{SLUG}/measures/re-referrals\"")));
    assert!(dashboard.body.contains("Common cause variation") || dashboard.body.contains("Special cause"));
    Ok(())
}

async fn editors_type_in_a_single_figure_checked_against_the_measure(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let path = format!("/plans/{SLUG}/measures/cla-rate/figures/new");
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&path).await?.status, StatusCode::FORBIDDEN);
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let form = editor.get(&path).await?;
    let token = form.token();
    let bad = editor.post(&path, &[("csrf_token", &token), ("period", "2026/27 autumn"), ("value", "lots")]).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<a href=\"#value\">"), "{}", bad.body);
    let wrong_type =
        editor.post(&path, &[("csrf_token", &token), ("period", "Autumn term 2026"), ("value", "12")]).await?;
    assert!(wrong_type.body.contains("does not fit"), "a term does not fit a measure reported by financial year");
    let saved = editor
        .post(&path, &[("csrf_token", &token), ("period", "2026/27"), ("value", "c"), ("provisional", "yes")])
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let latest = m.latest().ok_or("no data")?;
    assert_eq!(
        (latest.period.code().as_str(), latest.value, latest.provisional),
        ("2026-27", Reading::Symbol(Symbol::Suppressed), true)
    );
    // A comparator's figure, typed in the same way.
    let england = file.partnership.comparator_groups.iter().find(|c| c.kind == ComparatorKind::England);
    let england = england.ok_or("no England")?.id.to_string();
    let theirs = editor
        .post(&path, &[("csrf_token", &token), ("comparator", &england), ("period", "2026-27"), ("value", "71")])
        .await?;
    assert_eq!(theirs.status, StatusCode::SEE_OTHER, "{}", theirs.body);
    let bogus = editor
        .post(&path, &[("csrf_token", &token), ("comparator", "not-a-group"), ("period", "2026-27"), ("value", "71")])
        .await?;
    assert!(bogus.body.contains("<a href=\"#comparator\">"), "{}", bogus.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "cla-rate").ok_or("no measure")?;
    let series = m.comparators.iter().find(|s| s.comparator.to_string() == england).ok_or("no England series")?;
    let figure = series.data.iter().find(|d| d.period.code() == "2026-27").map(|d| d.value);
    assert_eq!(figure, Some(Reading::Number(71.0)));
    assert_eq!(m.latest().map(|d| d.value), Some(Reading::Symbol(Symbol::Suppressed)), "our own figure is untouched");
    Ok(())
}

fn measure_form<'a>(token: &'a str, version: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", token),
        ("version", version),
        ("name", name),
        ("slug", "young-carers-known"),
        ("definition", "Young carers known to the young carers service at the end of the year"),
        ("unit", "count"),
        ("decimals", "0"),
        ("direction", "higher_is_better"),
        ("frequency", "annually"),
        ("period_type", "financial_year"),
        ("source", "Kelderby Young Carers Service"),
        ("baseline_period", "2024/25"),
        ("baseline_value", "410"),
        ("suppress", "yes"),
        ("threshold", "5"),
    ]
}

async fn editors_define_measures_and_set_their_targets(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let new = format!("/plans/{SLUG}/measures/new");
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&new).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get(&format!("/plans/{SLUG}/measures/cla-rate/targets")).await?.status, StatusCode::FORBIDDEN);
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let form = editor.get(&new).await?;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.token();
    // Missing choices and a bad number are summarised; nothing is saved.
    let bad = editor.post(&new, &[("csrf_token", &token), ("name", "Young carers"), ("tolerance", "some")]).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<a href=\"#unit\">Choose the unit</a>"), "{}", bad.body);
    assert!(bad.body.contains("<a href=\"#tolerance\">Enter a number</a>"), "{}", bad.body);
    // A choice that is not one of the options is refused, not ignored.
    let mut bogus = measure_form(&token, "0", "Young carers known");
    bogus.retain(|(k, _)| *k != "unit");
    bogus.push(("unit", "furlongs"));
    let bogus = editor.post(&new, &bogus).await?;
    assert_eq!(bogus.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bogus.body.contains("<a href=\"#unit\">Choose the unit</a>"), "{}", bogus.body);
    // A slug already used is refused.
    let mut taken = measure_form(&token, "0", "Young carers known");
    taken.retain(|(k, _)| *k != "slug");
    taken.push(("slug", "cla-rate"));
    let taken = editor.post(&new, &taken).await?;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", taken.body);
    let saved = editor.post(&new, &measure_form(&token, "0", "Young carers known")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some(format!("/plans/{SLUG}/measures/young-carers-known").as_str()));
    let page = editor.get(&format!("/plans/{SLUG}/measures/young-carers-known")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Young carers known"));

    // Changing the definition keeps the rest; a stale version is refused with both shown.
    let edit = format!("/plans/{SLUG}/measures/young-carers-known/edit");
    let form = editor.get(&edit).await?;
    assert!(form.body.contains("Kelderby Young Carers Service"), "the form shows the saved values");
    let changed = editor.post(&edit, &measure_form(&token, "1", "Young carers identified")).await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let stale = editor.post(&edit, &measure_form(&token, "1", "Young carers counted")).await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Young carers identified") && stale.body.contains("Young carers counted"));
    // Its short name changed to one another measure uses: the message is beside the field, and
    // nothing is saved (issue 12).
    let mut clash = measure_form(&token, "2", "Young carers identified");
    clash.retain(|(k, _)| *k != "slug");
    clash.push(("slug", "cla-rate"));
    let clash = editor.post(&edit, &clash).await?;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", clash.body);
    let beside = "<p id=\"slug-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> Another measure in this plan already uses the short name &#34;cla-rate&#34;</p>";
    assert!(clash.body.contains(beside), "{}", clash.body);
    // A form without its version, or with one that is not a number, is refused, never read as 0.
    let mut unversioned = measure_form(&token, "2", "Young carers identified");
    unversioned.retain(|(k, _)| *k != "version");
    assert_eq!(editor.post(&edit, &unversioned).await?.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        editor.post(&edit, &measure_form(&token, "two", "Young carers identified")).await?.status,
        StatusCode::BAD_REQUEST
    );

    // The process control chart's settings: a period that cannot be read is named; good ones
    // are saved and described under the chart.
    let mut spc = measure_form(&token, "2", "Young carers identified");
    spc.extend([("spc_rebase_at", "2025-26, sometime"), ("spc_screen", "no"), ("spc_run_length", "6")]);
    let unreadable = editor.post(&edit, &spc).await?;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreadable.body.contains("<a href=\"#spc_rebase_at\">&#34;sometime&#34; is not a period"),
        "{}",
        unreadable.body
    );
    spc.retain(|(k, _)| *k != "spc_rebase_at");
    spc.extend([("spc_rebase_at", "2025/26"), ("spc_fix_after", "12")]);
    assert_eq!(editor.post(&edit, &spc).await?.status, StatusCode::SEE_OTHER);
    let described = editor.get(&format!("/plans/{SLUG}/measures/young-carers-known")).await?;
    for note in [
        "start again from 2025-26",
        "fixed from the first 12 points",
        "the &#34;Excel&#34; method",
        "6 points rather than 7",
    ] {
        assert!(described.body.contains(note), "{note}: {}", described.body);
    }

    // Targets: one outside the plan's years is refused; good ones are listed and can be removed.
    let targets = format!("/plans/{SLUG}/measures/young-carers-known/targets");
    let outside = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2040-41"), ("type", "absolute"), ("value", "500")])
        .await?;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", outside.body);
    let words = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "absolute"), ("value", "many")])
        .await?;
    assert!(words.body.contains("<a href=\"#value\">Enter the target as a number</a>"), "{}", words.body);
    assert!(words.body.contains("<p id=\"value-error\" class=\"govuk-error-message\">"), "and beside the field");
    assert!(words.body.contains("value=\"2026-27\""), "what was typed is kept");
    let gap = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "close_gap"), ("value", "50")])
        .await?;
    assert!(gap.body.contains("<a href=\"#comparator\">Choose the comparator"), "{}", gap.body);
    let set = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026/27"), ("type", "from_baseline"), ("value", "20")])
        .await?;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let twice = editor
        .post(&targets, &[("csrf_token", &token), ("period", "2026-27"), ("type", "absolute"), ("value", "450")])
        .await?;
    assert!(twice.body.contains("already a target for"), "one target a period: {}", twice.body);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert_eq!(m.name, "Young carers identified");
    assert_eq!(m.baseline.as_ref().map(|b| (b.period.code(), b.value)), Some(("2024-25".to_string(), 410.0)));
    assert!(m.suppress_small_numbers);
    assert_eq!(
        m.spc,
        SpcSettings {
            rebase_at: vec![Period::FinancialYear { year: 2025 }],
            fix_after: Some(12),
            screen_outliers: false,
            run_length: 6
        }
    );
    assert_eq!(m.targets.len(), 1);
    assert_eq!(m.targets[0].period.code(), "2026-27");
    assert!(matches!(m.targets[0].kind, TargetKind::FromBaseline { change_percent } if change_percent == 20.0));
    let listed = editor.get(&targets).await?;
    assert!(listed.body.contains("2026-27"), "{}", listed.body);
    // A target is changed in place; a change made on a stale version shows both and saves neither.
    let change = format!("{targets}/{}/edit", m.targets[0].id);
    let form = editor.get(&change).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"20\""), "the form holds the target: {}", form.body);
    let changed = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "1"), ("period", "2026-27"), ("type", "absolute"), ("value", "480")],
        )
        .await?;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let stale = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "1"), ("period", "2026-27"), ("type", "absolute"), ("value", "490")],
        )
        .await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stale.body.contains("Someone else changed this") && stale.body.contains("480") && stale.body.contains("490")
    );
    let outside = editor
        .post(
            &change,
            &[("csrf_token", &token), ("version", "2"), ("period", "2040-41"), ("type", "absolute"), ("value", "480")],
        )
        .await?;
    assert!(outside.body.contains("<a href=\"#period\">") && outside.body.contains("outside the plan period"));
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert_eq!(m.targets.len(), 1, "changed, not added");
    assert!(matches!(m.targets[0].kind, TargetKind::Absolute { value } if value == 480.0));
    let viewer_token = viewer.get("/").await?.token();
    assert_eq!(
        viewer
            .post(
                &change,
                &[
                    ("csrf_token", &viewer_token),
                    ("version", "2"),
                    ("period", "2026-27"),
                    ("type", "absolute"),
                    ("value", "1")
                ]
            )
            .await?
            .status,
        StatusCode::FORBIDDEN
    );
    let remove = format!("{targets}/{}/delete", m.targets[0].id);
    assert!(!viewer_token.is_empty());
    assert_eq!(viewer.post(&remove, &[("csrf_token", &viewer_token)]).await?.status, StatusCode::FORBIDDEN);
    let removed = editor.post(&remove, &[("csrf_token", &token)]).await?;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("no measure")?;
    assert!(m.targets.is_empty());
    Ok(())
}

/// The own figures of a measure, by period code.
async fn own_figures(db: &Db, measure: &str) -> Result<Vec<(String, Reading)>, Error> {
    let file = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let m = file.measures.iter().find(|m| m.slug == measure).ok_or("no measure")?;
    let mut figures: Vec<(String, Reading)> = m.data.iter().map(|d| (d.period.code(), d.value)).collect();
    figures.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(figures)
}

async fn editors_upload_a_file_check_what_it_changes_and_then_save_it(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let path = format!("/plans/{SLUG}/measures/cla-rate/import");
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&path).await?.status, StatusCode::FORBIDDEN);
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let measure_page = editor.get(&format!("/plans/{SLUG}/measures/cla-rate")).await?;
    assert!(measure_page.body.contains(&format!("href=\"{path}\"")), "the measure page links the upload");
    let form = editor.get(&path).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("type=\"file\""));
    let token = form.token();
    let before = own_figures(&db, "cla-rate").await?;

    // Without the form's token the upload is refused.
    let csv = "period,value\n2026-27,71.5\n".as_bytes();
    let forged = editor.upload(&path, &[("format", "csv")], "figures.csv", csv).await?;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // A bad cell is named by file, line and column beside the file field; nothing is kept.
    let bad = "period,value\n2026-27,71.5\n2027-28,lots\n".as_bytes();
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "figures.csv", bad).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("<a href=\"#file\">figures.csv, line 3, column 2:"), "{}", page.body);
    assert!(page.body.contains("id=\"file-error\""), "the error is beside the field too");
    // A figure the measure cannot hold is refused before any preview.
    let negative = "period,value\n2026-27,-4\n".as_bytes();
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "neg.csv", negative).await?;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("neg.csv: Kelderby&#39;s figure for 2026-27"), "{}", page.body);
    // An EES file needs its figure's column.
    let page = editor.upload(&path, &[("csrf_token", &token), ("format", "ees")], "cla.csv", csv).await?;
    assert!(page.body.contains("<a href=\"#indicator\">"), "{}", page.body);
    assert_eq!(own_figures(&db, "cla-rate").await?, before, "nothing was written");

    // The measure's own template, one figure changed and one added: the preview says so, and
    // still nothing is written.
    let template = editor.get(&format!("/plans/{SLUG}/measures/cla-rate/template.csv")).await?;
    let (latest, _) = before.last().ok_or("no figures")?;
    let edited = template
        .body
        .lines()
        .map(|line| if line.starts_with(&format!("{latest},")) { format!("{latest},99,,,,") } else { line.to_string() })
        .chain(["2026-27,98,,,,".to_string()])
        .collect::<Vec<_>>()
        .join("\n");
    let read =
        editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "template.csv", edited.as_bytes()).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview_path = read.location.ok_or("no preview")?;
    let preview = editor.get(&preview_path).await?;
    assert_eq!(preview.status, StatusCode::OK);
    let unchanged = before.len() - 1;
    assert!(
        preview.body.contains(&format!(
            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\n    <td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\n    <td class=\"govuk-table__cell govuk-table__cell--numeric\">{unchanged}</td>"
        )),
        "1 new, 1 replaced, {unchanged} the same: {}",
        preview.body
    );
    assert!(preview.body.contains("99 per 10,000") && preview.body.contains(">Replaces<"));
    assert_eq!(own_figures(&db, "cla-rate").await?, before, "a preview writes nothing");
    // Someone else cannot see or confirm another's upload.
    let mut other = app.signed_in("nadia.farouk@kelderby.example").await?;
    assert_eq!(other.get(&preview_path).await?.status, StatusCode::NOT_FOUND);
    let other_token = other.get(&path).await?.token();
    assert_eq!(other.post(&preview_path, &[("csrf_token", &other_token)]).await?.status, StatusCode::NOT_FOUND);

    let saved = editor.post(&preview_path, &[("csrf_token", &token)]).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = own_figures(&db, "cla-rate").await?;
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&(latest.clone(), Reading::Number(99.0))));
    assert!(after.contains(&("2026-27".to_string(), Reading::Number(98.0))));
    assert_eq!(editor.get(&preview_path).await?.status, StatusCode::NOT_FOUND, "a saved upload is gone");

    // Cancelling forgets the file and writes nothing.
    let again = "period,value\n2026-27,10\n".as_bytes();
    let read = editor.upload(&path, &[("csrf_token", &token), ("format", "csv")], "again.csv", again).await?;
    let preview_path = read.location.ok_or("no preview")?;
    let cancelled = editor.post(&format!("{preview_path}/cancel"), &[("csrf_token", &token)]).await?;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(own_figures(&db, "cla-rate").await?, after);
    assert_eq!(editor.get(&preview_path).await?.status, StatusCode::NOT_FOUND);

    // A real DfE file, with England, the region and the statistical neighbours in one step.
    let ees = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/public/dfe_ees/cla_number_and_rate_per_10k_children.csv");
    let Ok(bytes) = std::fs::read(&ees) else {
        eprintln!("SKIPPED the EES part of the upload test: {} is not there", ees.display());
        return Ok(());
    };
    let fields = [
        ("csrf_token", token.as_str()),
        ("format", "ees"),
        ("indicator", "rate_per_10000"),
        ("filters", "population_type=Children looked after on 31 March each year"),
        ("la_code", "354"),
    ];
    let read = editor.upload(&path, &fields, "cla.csv", &bytes).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview = editor.get(&read.location.ok_or("no preview")?).await?;
    for area in ["Kelderby</th>", "England</th>", "North West</th>", "Statistical neighbours</th>"] {
        assert!(preview.body.contains(area), "{area}: {}", preview.body);
    }
    Ok(())
}

async fn a_new_measure_is_attached_to_an_item_and_a_success_statement_and_shown_where_it_is_used(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let token = editor.get(&format!("/plans/{SLUG}/measures/new")).await?.token();
    let saved =
        editor.post(&format!("/plans/{SLUG}/measures/new"), &measure_form(&token, "0", "Young carers known")).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let new = now.measures.iter().find(|m| m.slug == "young-carers-known").ok_or("the new measure")?.id;
    let measure_page = format!("/plans/{SLUG}/measures/young-carers-known");
    assert!(editor.get(&measure_page).await?.body.contains("No part of the plan names this measure yet"));

    let (depth, item) = file
        .items
        .iter()
        .flat_map(|i| i.walk())
        .find(|(_, i)| !i.success_statements.is_empty() && !i.measures.is_empty())
        .ok_or("an item with measures and success statements")?;
    let statement = &item.success_statements[0];
    let path = format!("/plans/{SLUG}/items/{}/measures", item.id);
    let plan = editor.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains(&format!("href=\"{path}\"")), "offered on the plan's page");
    let form = editor.get(&path).await?;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Young carers known") && form.body.contains(&statement.text.replace('\'', "&#39;")));
    let version = form.body.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next());
    let version = version.ok_or("the form's version")?.to_string();

    // The item keeps its measures and gains the new one; the statement is shown by the new one.
    let mut fields: Vec<(String, String)> =
        vec![("csrf_token".into(), token.clone()), ("version".into(), version.clone())];
    for (i, m) in item.measures.iter().chain([&new]).enumerate() {
        fields.push((format!("item_{i}"), m.to_string()));
    }
    fields.push((format!("statement_{}_0", statement.id), new.to_string()));
    let saved = editor.post_owned(&path, &fields).await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let (_, changed) = now.items.iter().flat_map(|i| i.walk()).find(|(_, i)| i.id == item.id).ok_or("kept")?;
    let mut expected = item.measures.clone();
    expected.push(new);
    assert_eq!(changed.measures, expected);
    assert_eq!(changed.success_statements[0].measures, vec![new]);

    // Shown on the public item page, and the measure's page says where it is used.
    let public = app.browser().get(&format!("/p/kelderby/{SLUG}/items/{}", item.id)).await?;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Young carers known"), "{}", public.body);
    assert!(public.body.contains("Measured by: Young carers known"), "the statement names it");
    let page = editor.get(&measure_page).await?;
    let heading = format!("{} {}", file.plan.level_name(depth), item.heading()).replace('\'', "&#39;");
    assert!(page.body.contains("Where the plan uses it") && page.body.contains(&heading), "{}", page.body);
    let public_measure = app.browser().get(&format!("/p/kelderby/{SLUG}/measures/young-carers-known")).await?;
    assert!(
        public_measure.body.contains(&format!("/p/kelderby/{SLUG}/items/{}", item.id)),
        "public pages link publicly"
    );

    // A change made on a page opened before it is not saved, and says so; the change is audited.
    let stale = editor.post_owned(&path, &fields).await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Your choices were not saved"), "{}", stale.body);
    let history = editor.get(&format!("/plans/{SLUG}/history?record={}", item.id)).await?;
    assert!(history.body.contains("Changed the measures of"), "{}", history.body);
    let mut viewer = app.signed_in("peter.hale@kelderby.example").await?;
    assert_eq!(viewer.get(&path).await?.status, StatusCode::FORBIDDEN);
    Ok(())
}

async fn the_fingertips_export_of_every_authority_and_the_regional_one_load_england_the_region_and_the_neighbours_at_once(
    db: Db,
) -> TestResult {
    let (Some(la), Some(region)) = (
        shared_file("fingertips/la_hospital_admissions_2324.csv"),
        shared_file("fingertips/region_hospital_admissions_2324.csv"),
    ) else {
        return Ok(());
    };
    let (app, file) = TestApp::demo(&db).await?;
    // Give Kelderby Rochdale's code and neighbours, so that the real files hold its figures.
    as_rochdale(&db, file.partnership.id).await?;
    let mut tx = db.write().await?;
    let neighbours = neighbours_of(&file)?;
    let group = ComparatorGroup { members: rochdales_dfe_neighbours()?, ..neighbours.clone() };
    cypp_store::comparators::update(&mut tx, &Actor::system("test"), file.partnership.id, &group, 1).await?;
    tx.commit().await?;

    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    let path = format!("/plans/{SLUG}/measures/self-harm-admissions/import");
    let token = editor.get(&path).await?.token();
    let read = editor
        .upload_files(
            &path,
            &[("csrf_token", &token), ("format", "fingertips")],
            &[("file", "la.csv", &la), ("region_file", "region.csv", &region)],
        )
        .await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview = read.location.ok_or("no preview")?;
    assert_eq!(editor.post(&preview, &[("csrf_token", &token)]).await?.status, StatusCode::SEE_OTHER);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let measure = now.measures.iter().find(|m| m.slug == "self-harm-admissions").ok_or("the measure")?;
    let year = Period::FinancialYear { year: 2023 };
    let held = |kind: ComparatorKind| {
        let group = now.partnership.comparator_groups.iter().find(|g| g.kind == kind)?;
        let series = measure.comparators.iter().find(|s| s.comparator == group.id)?;
        series.data.iter().find(|d| d.period == year)?.value.number()
    };
    assert!(measure.data.iter().any(|d| d.period == year), "Rochdale's own 2023-24 figure");
    for kind in [ComparatorKind::England, ComparatorKind::Region, ComparatorKind::StatisticalNeighbours] {
        assert!(held(kind).is_some(), "{kind:?}'s 2023-24 figure, from the one upload");
    }
    Ok(())
}

async fn an_ees_percentage_loaded_with_its_counts_is_compared_with_england(db: Db) -> TestResult {
    let Some(c1) = shared_file("dfe_ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv") else {
        return Ok(());
    };
    let (app, file) = TestApp::demo(&db).await?;
    as_rochdale(&db, file.partnership.id).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    // A new measure, so that its latest figure is the file's.
    let token = editor.get(&format!("/plans/{SLUG}/measures/new")).await?.token();
    let mut definition = measure_form(&token, "0", "Re-referrals within 12 months (DfE)");
    for (key, value) in definition.iter_mut() {
        match *key {
            "slug" => *value = "re-referrals-dfe",
            "unit" => *value = "percent",
            "decimals" => *value = "1",
            "direction" => *value = "lower_is_better",
            "baseline_value" => *value = "24.1",
            "suppress" => *value = "no",
            _ => {}
        }
    }
    let made = editor.post(&format!("/plans/{SLUG}/measures/new"), &definition).await?;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let path = format!("/plans/{SLUG}/measures/re-referrals-dfe/import");
    let fields = [
        ("csrf_token", token.as_str()),
        ("format", "ees"),
        ("indicator", "rereferral_percent"),
        ("numerator", "rereferral_count"),
        ("denominator", "referral_count"),
    ];
    let read = editor.upload(&path, &fields, "c1.csv", &c1).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let preview = read.location.ok_or("no preview")?;
    assert_eq!(editor.post(&preview, &[("csrf_token", &token)]).await?.status, StatusCode::SEE_OTHER);
    let now = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    let measure = now.measures.iter().find(|m| m.slug == "re-referrals-dfe").ok_or("the measure")?;
    let latest = measure.latest().ok_or("a latest figure")?;
    assert_eq!(latest.period, Period::FinancialYear { year: 2024 });
    assert!(latest.ci_computed && latest.ci.is_some(), "{latest:?}");
    let page = editor.get(&format!("/plans/{SLUG}/measures/re-referrals-dfe")).await?;
    assert!(page.body.contains("computed by cypp from the counts"), "the interval is marked computed");
    assert!(!page.body.contains("Not compared with England"), "{}", page.body);
    assert!(
        cypp_web::judge::judge(measure, &now.partnership)
            .comparisons
            .iter()
            .any(|c| c.kind == ComparatorKind::England && c.label != cypp_analytics::compare::Label::NotCompared)
    );
    Ok(())
}

db_test!(
    a_measure_page_shows_its_chart_judgement_and_every_figure,
    an_ees_percentage_loaded_with_its_counts_is_compared_with_england,
    the_fingertips_export_of_every_authority_and_the_regional_one_load_england_the_region_and_the_neighbours_at_once,
    a_new_measure_is_attached_to_an_item_and_a_success_statement_and_shown_where_it_is_used,
    editors_type_in_a_single_figure_checked_against_the_measure,
    editors_define_measures_and_set_their_targets,
    editors_upload_a_file_check_what_it_changes_and_then_save_it,
);
