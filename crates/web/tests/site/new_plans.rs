//! New plans: started from nothing, or brought in from a plan document, checked and corrected.

use super::*;

async fn admins_start_new_plans_as_drafts(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    assert_eq!(editor.get("/plans/new").await?.status, StatusCode::FORBIDDEN);

    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let form = admin.get("/plans/new").await?;
    assert!(!form.body.contains("gss_code"), "a partnership's admin starts plans for their own partnership");
    let token = form.token();
    let bad = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", ""),
                ("slug", "Bad Slug"),
                ("first_year", "2027"),
                ("last_year", "2026"),
                ("level_names", "Outcome"),
                ("level_plurals", "Outcomes"),
            ],
        )
        .await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("<a href=\"#title\">")
            && bad.body.contains("<a href=\"#slug\">")
            && bad.body.contains("<a href=\"#last_year\">"),
        "{}",
        bad.body
    );
    let taken = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", "Again"),
                ("slug", SLUG),
                ("first_year", "2027"),
                ("last_year", "2029"),
                ("level_names", "Outcome"),
                ("level_plurals", "Outcomes"),
            ],
        )
        .await?;
    assert!(taken.body.contains("Choose another short name"));
    let made = admin
        .post(
            "/plans/new",
            &[
                ("csrf_token", &token),
                ("title", "Kelderby Children and Young People's Plan 2027-30"),
                ("slug", "kelderby-cypp-2027-30"),
                ("first_year", "2027"),
                ("last_year", "2029"),
                ("level_names", "Outcome\nPriority"),
                ("level_plurals", "Outcomes\nPriorities"),
            ],
        )
        .await?;
    assert_eq!(made.location.as_deref(), Some("/plans/kelderby-cypp-2027-30"));
    let plan = admin.get("/plans/kelderby-cypp-2027-30").await?;
    assert!(plan.body.contains("<strong class=\"govuk-tag\">Draft</strong>") && plan.body.contains("2027-30"));
    assert_eq!(
        app.browser().get("/p/kelderby/kelderby-cypp-2027-30").await?.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    // A system-wide admin starts a new partnership with its plan.
    let mut tx = db.write().await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "root@cypp.example", name: "Root", role: Role::Admin, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;
    let mut root = app.signed_in("root@cypp.example").await?;
    let form = root.get("/plans/new").await?;
    let made = root
        .post(
            "/plans/new",
            &[
                ("csrf_token", &form.token()),
                ("title", "Wyreford Plan 2026-29"),
                ("slug", "wyreford-2026-29"),
                ("first_year", "2026"),
                ("last_year", "2028"),
                ("level_names", "Key theme\nPriority area"),
                ("level_plurals", "Key themes\nPriority areas"),
                ("partnership_name", "Wyreford Children's Partnership"),
                ("partnership_slug", "wyreford"),
                ("area_name", "Wyreford"),
                ("gss_code", "e06000998"),
            ],
        )
        .await?;
    assert_eq!(made.location.as_deref(), Some("/plans/wyreford-2026-29"), "{}", made.body);
    assert!(root.get("/").await?.body.contains("Wyreford Children&#39;s Partnership"));
    Ok(())
}

/// The value of a hidden field or option in a page, after `marker`.
fn field_after(body: &str, marker: &str, name: &str) -> Option<String> {
    let rest = body.split_once(marker)?.1;
    let key = format!("name=\"{name}\" value=\"");
    rest.split(&key).nth(1)?.split('"').next().map(String::from)
}

async fn admins_bring_in_a_plan_document_check_and_correct_it_then_save_it(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let doc = "# Wyreford Children and Young People's Plan 2025-28\n\nContents\n\nPriority 1 - Safe at home page 2\n\n\
        ## Priority 1 - Safe at home\n\nWhat are we planning to do/ actions?\n\n1. Open two family hubs.\n\n\
        How will we know we have made a difference?\n\n- Fewer children need a plan\n- Percentage of repeat plans\n\n\
        ## Priority 2 - Learning well\n\nActions\n\n- Train every school\n\n## Priority 3 - Learning well, continued\n\n\
        Actions\n\n- Visit every nursery\n\n![Picture: every child reading by seven](read.png)\n";
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    assert_eq!(editor.get("/plans/import").await?.status, StatusCode::FORBIDDEN);

    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let home = admin.get("/").await?;
    assert!(home.body.contains("href=\"/plans/import\""), "the home page offers it to admins");
    let form = admin.get("/plans/import").await?;
    assert!(form.body.contains("type=\"file\"") && !form.body.contains("gss_code"));
    let token = form.token();
    // A scanned PDF is refused in words, beside the file field.
    let scan = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "scan.pdf", b"%PDF-1.4\n%%EOF\n")
        .await?;
    assert_eq!(scan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(scan.body.contains("scan.pdf"), "{}", scan.body);
    let plans_before = plan_count(&db).await?;
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "markdown")], "wyreford.md", doc.as_bytes())
        .await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review_path = read.location.ok_or("no review")?;
    let review = admin.get(&review_path).await?;
    assert_eq!(review.status, StatusCode::OK);
    // The tree beside every line, each marked with where it went or why it was left out.
    assert!(review.body.contains("Priority 1 Safe at home") && review.body.contains("Open two family hubs."));
    assert!(review.body.contains("Left out: the contents"), "{}", review.body);
    assert!(review.body.contains(">Priority 1 › Actions<"), "{}", review.body);
    assert_eq!(plan_count(&db).await?, plans_before, "nothing is saved before it is confirmed");
    // Someone else cannot see it.
    assert_eq!(editor.get(&review_path).await?.status, StatusCode::FORBIDDEN);

    let id = review_path.trim_start_matches("/plans/import/").to_string();
    let change = format!("/plans/import/{id}/change");
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let token = review.token();
    let item = |name: &str, body: &str| field_after(body, &format!(">{name}</h3>"), "item");
    let first = item("Priority 1 Safe at home", &review.body).ok_or("no priority 1")?;
    // The KPI that came in as a success statement is made a KPI.
    let moved = admin
        .post(
            &change,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("op", "move"),
                ("item", &first),
                ("entry_kind", "success"),
                ("index", "1"),
                ("to", &first),
                ("kind", "measure"),
            ],
        )
        .await?;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    // A form from before that change is refused, not applied on top of it.
    let stale = admin
        .post(&change, &[("csrf_token", &token), ("version", &version), ("op", "remove"), ("item", &first)])
        .await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("changed in another window"), "{}", stale.body);
    let review = admin.get(&review_path).await?;
    assert!(review.body.contains("Key performance indicator (1)"), "{}", review.body);
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    // Priority 3 is merged into priority 2, and the left-out line is put in as an action.
    let second = item("Priority 2 Learning well", &review.body).ok_or("no priority 2")?;
    let third = item("Priority 3 Learning well, continued", &review.body).ok_or("no priority 3")?;
    let merged = admin
        .post(
            &change,
            &[("csrf_token", &token), ("version", &version), ("op", "merge"), ("item", &third), ("to", &second)],
        )
        .await?;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    assert!(review.body.contains("Merged Priority 3 Learning well, continued into Priority 2 Learning well"));
    let renamed = admin
        .post(
            &change,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("op", "retitle"),
                ("item", &second),
                ("number", "2"),
                ("title", "Learning and growing"),
            ],
        )
        .await?;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    // Priority 2 is moved under priority 1 and back to the top.
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "move_item"),
        ("item", &second),
        ("under", &first),
    ];
    assert_eq!(admin.post(&change, &fields).await?.status, StatusCode::SEE_OTHER);
    let review = admin.get(&review_path).await?;
    assert!(
        review.body.contains("Moved Priority 2 Learning and growing under Priority 1 Safe at home"),
        "{}",
        review.body
    );
    assert!(review.body.contains("cypp-depth-1"), "it is shown one level down");
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "move_item"),
        ("item", &second),
        ("under", "top"),
    ];
    assert_eq!(admin.post(&change, &fields).await?.status, StatusCode::SEE_OTHER);
    // The picture's line was left out; the officer puts it in as a success statement.
    let review = admin.get(&review_path).await?;
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    assert!(review.body.contains("Left out: page furniture"), "{}", review.body);
    let line = field_after(&review.body, "Picture: every child reading by seven", "line").ok_or("no line form")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "add_line"),
        ("line", &line),
        ("to", &second),
        ("kind", "success"),
    ];
    let added = admin.post(&change, &fields).await?;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    // A correction that cannot be made says why, and changes nothing.
    let review = admin.get(&review_path).await?;
    assert!(
        review.body.contains("You put it in Priority 2 Learning and growing › How we will know"),
        "{}",
        review.body
    );
    let version = field_after(&review.body, "Percentage of repeat plans", "version").ok_or("no version")?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", &version),
        ("op", "retitle"),
        ("item", &second),
        ("number", ""),
        ("title", " "),
    ];
    let refused = admin.post(&change, &fields).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Enter the item&#39;s title"), "{}", refused.body);

    // Saved: the plan is there with the corrections, and the review is gone.
    let review = admin.get(&review_path).await?;
    let saved = admin
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Wyreford Children and Young People's Plan 2025-28"),
                ("slug", "wyreford-2025-28"),
                ("level_names", "Priority"),
                ("level_plurals", "Priorities"),
            ],
        )
        .await?;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location.as_deref(), Some("/plans/wyreford-2025-28"));
    assert!(review.body.contains("Renamed Priority 2 Learning well to Priority 2 Learning and growing"));
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, "wyreford-2025-28").await?;
    tx.rollback().await?;
    assert_eq!(file.partnership.id, cypp_demo::plan_file().partnership.id, "it is the admin's partnership's plan");
    assert_eq!(file.plan.status, PlanStatus::Draft);
    let titles: Vec<&str> = file.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Safe at home", "Learning and growing"]);
    assert_eq!(
        file.items[1].actions.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        vec!["Train every school", "Visit every nursery"]
    );
    assert_eq!(file.items[0].measures.len(), 1);
    assert_eq!(file.items[1].success_statements.len(), 1, "the line put in by hand");
    assert_eq!(admin.get(&review_path).await?.status, StatusCode::NOT_FOUND, "the review is forgotten once saved");

    // A system-wide admin brings a plan in for a new partnership, whose details are checked
    // before the review (which cannot change them).
    let mut tx = db.write().await?;
    users::add(
        &mut tx,
        &Actor::system("test"),
        NewUser { email: "root@cypp.example", name: "Root", role: Role::Admin, partnership: None, password: PASSWORD },
    )
    .await?;
    tx.commit().await?;
    let mut root = app.signed_in("root@cypp.example").await?;
    let form = root.get("/plans/import").await?;
    assert!(form.body.contains("name=\"gss_code\""), "a new partnership's details are asked for");
    let token = form.token();
    let partnership =
        [("partnership_name", "Wyreford Partnership"), ("partnership_slug", "wyreford"), ("area_name", "Wyreford")];
    let mut fields = vec![("csrf_token", token.as_str()), ("format", "markdown"), ("gss_code", "not a code")];
    fields.extend(partnership);
    let bad = root.upload("/plans/import", &fields, "wyreford.md", doc.as_bytes()).await?;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"gss_code-error\""), "{}", bad.body);
    fields[2] = ("gss_code", "E06000099");
    let read = root.upload("/plans/import", &fields, "wyreford.md", doc.as_bytes()).await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review_path = read.location.ok_or("no review")?;
    let saved = root
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Wyreford Plan 2025-28"),
                ("slug", "wyreford-plan"),
                ("level_names", "Priority"),
                ("level_plurals", "Priorities"),
            ],
        )
        .await?;
    assert_eq!(saved.location.as_deref(), Some("/plans/wyreford-plan"), "{}", saved.body);
    assert!(root.get("/").await?.body.contains("Wyreford Partnership"));
    Ok(())
}

/// The number shown beside a line of the document on the review page.
fn line_number(body: &str, text: &str) -> Option<String> {
    let before = body.split(&format!("</span>{text}</p>")).next()?;
    before.rsplit("cypp-line-number\">").next().map(String::from)
}

async fn an_admin_teaches_the_importer_a_kind_of_line_and_it_is_kept_for_the_next_plan(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let doc = "Kelderby objectives 2025-28\n\nWhat we want\n\n- Children are healthy\n- Children are safe\n\n\
        Who we are\n\n- Six agencies\n- One board\n\nSO1 Healthy lives\n\n\
        We will open two family hubs in the north of the borough.\n\nWe will train every health visitor.\n\n\
        Page 2 of 5\n\nSO2 Safe homes\n\nWe will set up a neglect panel.\n\nPage 3 of 5\n";
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let token = admin.get("/plans/import").await?.token();
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "objectives.txt", doc.as_bytes())
        .await?;
    let review_path = read.location.ok_or("no review")?;
    let review = admin.get(&review_path).await?;
    // Read by default, the short lines over lists are taken for the items.
    assert!(
        review.body.contains("What we want</h3>") && !review.body.contains("Healthy lives</h3>"),
        "{}",
        review.body
    );
    assert!(review.body.contains("Teach cypp what a kind of line is"));
    assert!(review.body.contains("cypp read objectives.txt as plain text, from what is in it"), "{}", review.body);
    let teach = format!("{review_path}/teach");
    let version = field_after(&review.body, "Teach cypp what a kind of line is", "version").ok_or("no version")?;
    let line = line_number(&review.body, "SO1 Healthy lives").ok_or("no line number")?;
    let token = review.token();
    // A lesson without its level's name is refused, in words.
    let unnamed = admin
        .post(
            &teach,
            &[("csrf_token", &token), ("version", &version), ("line", &line), ("lesson", "level"), ("name", " ")],
        )
        .await?;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unnamed.body.contains("Say what the level is called"), "{}", unnamed.body);
    let taught = admin
        .post(
            &teach,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("line", &line),
                ("lesson", "level"),
                ("name", "Strategic objective"),
            ],
        )
        .await?;
    assert_eq!(taught.status, StatusCode::SEE_OTHER, "{}", taught.body);
    let review = admin.get(&review_path).await?;
    assert!(review.body.contains("Strategic objective 1 Healthy lives</h3>"), "{}", review.body);
    assert!(review.body.contains("Strategic objective 2 Safe homes</h3>"));
    assert!(!review.body.contains("What we want</h3>"), "the wrong items are gone");
    assert!(review.body.contains("SO1 Healthy lives&#34; are items called Strategic objective"), "{}", review.body);
    // A form from before the lesson is refused rather than applied to the new reading.
    let stale = admin
        .post(&teach, &[("csrf_token", &token), ("version", &version), ("line", &line), ("lesson", "furniture")])
        .await?;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("changed in another window"), "{}", stale.body);
    // Page numbers, taught once.
    let version = field_after(&review.body, "Teach cypp what a kind of line is", "version").ok_or("no version")?;
    let page = line_number(&review.body, "Page 2 of 5").ok_or("no page line")?;
    let taught = admin
        .post(&teach, &[("csrf_token", &token), ("version", &version), ("line", &page), ("lesson", "furniture")])
        .await?;
    assert_eq!(taught.status, StatusCode::SEE_OTHER, "{}", taught.body);
    let review = admin.get(&review_path).await?;
    assert_eq!(review.body.matches("Left out: page furniture").count(), 2, "{}", review.body);
    // Saved, keeping what was taught as the partnership's own profile.
    let saved = admin
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Kelderby objectives 2025-28"),
                ("slug", "kelderby-objectives"),
                ("level_names", "Strategic objective"),
                ("level_plurals", "Strategic objectives"),
                ("keep", "yes"),
            ],
        )
        .await?;
    assert_eq!(saved.location.as_deref(), Some("/plans/kelderby-objectives"), "{}", saved.body);
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, "kelderby-objectives").await?;
    let kept = cypp_store::profiles::find(&mut tx, file.partnership.id).await?;
    let events = cypp_store::audit::list(&mut tx, Some(file.partnership.id.0), 20).await?;
    tx.rollback().await?;
    let titles: Vec<&str> = file.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Healthy lives", "Safe homes"]);
    assert_eq!(file.items[0].actions.len(), 2);
    assert!(kept.as_deref().is_some_and(|k| k.contains("Strategic objective")), "{kept:?}");
    assert!(events.iter().any(|e| e.entity == "import profile"), "the profile kept is audited");
    // The partnership's next plan is read with it: without it, this has no structure at all.
    let next = "Kelderby next plan\n\nSO1 Best start\n\nWe will open hubs.\n\nSO2 Safe\n\nWe will train staff.\n";
    let token = admin.get("/plans/import").await?.token();
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "next.txt", next.as_bytes())
        .await?;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review = admin.get(&read.location.ok_or("no review")?).await?;
    assert!(review.body.contains("Strategic objective 1 Best start</h3>"), "{}", review.body);
    assert!(review.body.contains("read with your partnership&#39;s own profile"), "{}", review.body);
    Ok(())
}

async fn an_admin_teaches_the_importer_what_a_tables_columns_hold(db: Db) -> TestResult {
    let (app, _) = TestApp::demo(&db).await?;
    let header = "Our ambition\tWhere we are now\tWhere we want to be by 2027\tWho";
    let doc = format!(
        "Kelderby measures 2025-28\n\nPriority 1: Healthy lives\n\nWe will open two family hubs.\n\n{header}\n\
         Children ready for school at five\t64% (2023/24)\t70%\tHead of Early Years\n\n\
         Priority 2: Safe homes\n\nWe will set up a neglect panel.\n\n{header}\n\
         Children on a second protection plan\t23% (2023/24)\t18%\tHead of Safeguarding\n"
    );
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let token = admin.get("/plans/import").await?.token();
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "measures.txt", doc.as_bytes())
        .await?;
    let review_path = read.location.ok_or("no review")?;
    let review = admin.get(&review_path).await?;
    let teach = format!("{review_path}/teach");
    let version = field_after(&review.body, "Teach cypp what a kind of line is", "version").ok_or("no version")?;
    let line = line_number(&review.body, "Our ambition | Where we are now | Where we want to be by 2027 | Who")
        .ok_or("no header line")?;
    let token = review.token();
    let lesson = |columns: &'static str| {
        [
            ("csrf_token", token.as_str()),
            ("version", version.as_str()),
            ("line", line.as_str()),
            ("lesson", "table"),
            ("rows", "measures"),
            ("columns", columns),
        ]
    };
    // Columns it does not know are refused, in words, and nothing is taught.
    let refused = admin.post(&teach, &lesson("name, size")).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("&#34;size&#34; is not a kind of column"), "{}", refused.body);
    let taught = admin.post(&teach, &lesson("name, baseline, target, lead")).await?;
    assert_eq!(taught.status, StatusCode::SEE_OTHER, "{}", taught.body);
    let review = admin.get(&review_path).await?;
    assert!(review.body.contains("their columns are name, baseline, target, lead"), "{}", review.body);
    let saved = admin
        .post(
            &review_path,
            &[
                ("csrf_token", &token),
                ("title", "Kelderby measures 2025-28"),
                ("slug", "kelderby-measures"),
                ("level_names", "Priority"),
                ("level_plurals", "Priorities"),
                ("keep", "yes"),
            ],
        )
        .await?;
    assert_eq!(saved.location.as_deref(), Some("/plans/kelderby-measures"), "{}", saved.body);
    let mut tx = db.read().await?;
    let file = cypp_store::plan_file::export(&mut tx, "kelderby-measures").await?;
    tx.rollback().await?;
    let figures: Vec<(&str, Option<f64>, Option<&TargetKind>)> = file
        .measures
        .iter()
        .map(|m| (m.name.as_str(), m.baseline.as_ref().map(|b| b.value), m.targets.first().map(|t| &t.kind)))
        .collect();
    assert_eq!(
        figures,
        vec![
            ("Children ready for school at five", Some(64.0), Some(&TargetKind::Absolute { value: 70.0 })),
            ("Children on a second protection plan", Some(23.0), Some(&TargetKind::Absolute { value: 18.0 })),
        ]
    );
    assert!(file.items.iter().all(|i| i.success_statements.is_empty()), "the header row is no entry");
    // The next plan's tables headed like these are read the same way.
    let next = format!(
        "Kelderby next plan\n\nPriority 1: Best start\n\nWe will open hubs.\n\n\
         {}\nChildren breastfed at eight weeks\t48% (2024/25)\t55%\tInfant feeding lead\n\n\
         Priority 2: Safe\n\nWe will train staff.\n",
        header.replace("2027", "2030")
    );
    let token = admin.get("/plans/import").await?.token();
    let read = admin
        .upload("/plans/import", &[("csrf_token", &token), ("format", "auto")], "next.txt", next.as_bytes())
        .await?;
    let review = admin.get(&read.location.ok_or("no review")?).await?;
    assert!(review.body.contains("Children breastfed at eight weeks"), "{}", review.body);
    assert!(
        review.body.contains("Baseline 48.0% in 2024-25; target 55.0% for 2030: read from the plan, check them"),
        "{}",
        review.body
    );
    Ok(())
}

async fn plan_count(db: &Db) -> Result<usize, Error> {
    let mut tx = db.read().await?;
    let partnerships = cypp_store::catalogue::list(&mut tx).await?;
    tx.rollback().await?;
    Ok(partnerships.iter().map(|p| p.plans.len()).sum())
}

async fn admins_download_the_plan_file_and_upload_it_as_a_new_plan(db: Db) -> TestResult {
    let (app, file) = TestApp::demo(&db).await?;
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let plan = admin.get(&format!("/plans/{SLUG}")).await?;
    assert!(plan.body.contains(&format!("/plans/{SLUG}/plan-file")), "offered on the plan's page");
    let mut editor = app.signed_in("tom.brennan@kelderby.example").await?;
    assert!(!editor.get(&format!("/plans/{SLUG}")).await?.body.contains("/plan-file"));
    assert_eq!(editor.get(&format!("/plans/{SLUG}/plan-file")).await?.status, StatusCode::FORBIDDEN);

    // The download is the whole plan, as the command line exports it.
    let download = admin.get(&format!("/plans/{SLUG}/plan-file")).await?;
    assert_eq!(download.status, StatusCode::OK);
    let stored = cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?;
    assert_eq!(download.body, stored.to_json());
    let json = download.body.clone();
    assert_eq!(PlanFile::from_json(&json)?.rounds.len(), file.rounds.len());

    // Uploaded as it is, it is the plan already here: it needs a short name of its own.
    let token = admin.get("/plans/upload").await?.token();
    let before = plan_count(&db).await?;
    let again = admin.upload("/plans/upload", &[("csrf_token", &token)], "plan.json", json.as_bytes()).await?;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("is already here: give the new plan a short name"), "{}", again.body);

    // A broken file is refused with the place of each problem; nothing is written.
    let broken = json.replacen("\"status\": \"on_track\"", "\"status\": \"sideways\"", 1);
    assert_ne!(broken, json);
    let refused = admin
        .upload("/plans/upload", &[("csrf_token", &token), ("slug", "kelderby-copy")], "broken.json", broken.as_bytes())
        .await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("broken.json: items[") && refused.body.contains("].status"), "{}", refused.body);
    let unknown = json.replacen(&file.measures[0].id.to_string(), &uuid::Uuid::new_v4().to_string(), 1);
    let refused = admin
        .upload("/plans/upload", &[("csrf_token", &token), ("slug", "kelderby-copy")], "u.json", unknown.as_bytes())
        .await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("u.json at "), "{}", refused.body);
    assert_eq!(plan_count(&db).await?, before);

    // Under a new short name it is a new plan beside the first, everything it owns new.
    let copied = admin
        .upload("/plans/upload", &[("csrf_token", &token), ("slug", "kelderby-copy")], "plan.json", json.as_bytes())
        .await?;
    assert_eq!(copied.status, StatusCode::SEE_OTHER, "{}", copied.body);
    assert_eq!(copied.location.as_deref(), Some("/plans/kelderby-copy"));
    assert_eq!(plan_count(&db).await?, before + 1);
    let copy = cypp_store::plan_file::export(&mut db.read().await?, "kelderby-copy").await?;
    assert_ne!(copy.plan.id, stored.plan.id);
    assert_eq!(copy.partnership.id, stored.partnership.id);
    assert_eq!(copy.plan.title, stored.plan.title);
    let count = |f: &PlanFile| {
        let items: Vec<&PlanItem> = f.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
        let figures: usize = f.measures.iter().map(|m| m.data.len()).sum();
        let updates: usize = f.rounds.iter().map(|r| r.updates.len()).sum();
        (items.len(), items.iter().map(|i| i.actions.len()).sum::<usize>(), f.measures.len(), figures, updates)
    };
    assert_eq!(count(&copy), count(&stored));
    let ids = |f: &PlanFile| -> std::collections::HashSet<uuid::Uuid> {
        f.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i.id.0).chain(f.measures.iter().map(|m| m.id.0)).collect()
    };
    assert!(ids(&copy).is_disjoint(&ids(&stored)));
    // The copy's items name the copy's measures.
    let named: Vec<MeasureId> =
        copy.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| i.measures.clone()).collect();
    assert!(!named.is_empty() && named.iter().all(|m| copy.measures.iter().any(|c| c.id == *m)));
    assert_eq!(cypp_store::plan_file::export(&mut db.read().await?, SLUG).await?.to_json(), stored.to_json());
    let page = admin.get("/plans/kelderby-copy").await?;
    assert_eq!(page.status, StatusCode::OK);

    // Another partnership's admin cannot bring this partnership's plan into it.
    let elsewhere = app.another_partnership().await?;
    app.add_person("admin@elsewhere.example", Role::Admin, Some(elsewhere.id)).await?;
    let mut other = app.signed_in("admin@elsewhere.example").await?;
    let token = other.get("/plans/upload").await?.token();
    let before = plan_count(&db).await?;
    let refused = other
        .upload("/plans/upload", &[("csrf_token", &token), ("slug", "taken-over")], "plan.json", json.as_bytes())
        .await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("another partnership"), "{}", refused.body);
    assert_eq!(plan_count(&db).await?, before);
    Ok(())
}

db_test!(
    admins_start_new_plans_as_drafts,
    admins_bring_in_a_plan_document_check_and_correct_it_then_save_it,
    admins_download_the_plan_file_and_upload_it_as_a_new_plan,
    an_admin_teaches_the_importer_a_kind_of_line_and_it_is_kept_for_the_next_plan,
    an_admin_teaches_the_importer_what_a_tables_columns_hold,
);
