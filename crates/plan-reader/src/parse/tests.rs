//! The parser's steps, each on a few lines of a made-up plan.

use super::lines::*;
use super::*;
use crate::{Kind, read};

fn parsed(text: &str) -> Parsed {
    let source = read(Kind::Markdown, "plan.md", text.as_bytes()).unwrap_or_default();
    parse(&source, &Profile::built_in())
}

#[test]
fn list_markers_come_off_however_many_but_numbers_in_text_stay() {
    assert_eq!(unmarked("- a) Clear guidance"), "Clear guidance");
    assert_eq!(unmarked("(ii) The Partnership receive"), "The Partnership receive");
    assert_eq!(unmarked("- · Listen to your views"), "Listen to your views");
    assert_eq!(unmarked("1 in 5 children"), "1 in 5 children");
    assert_eq!(unmarked("2024-27 plan"), "2024-27 plan");
    assert_eq!(unmarked("1.1.1 Open family hubs"), "Open family hubs");
    assert_eq!(unmarked("2.3 million children"), "2.3 million children");
}

#[test]
fn a_list_flattened_into_one_line_gives_its_entries() {
    let ol = r#"<ol style="x"> 1. Embed the strategy. 2. Develop our offer (ACT / model 2. b). 3. Keep babies safe."#;
    assert_eq!(
        flattened(ol),
        Some(vec![
            "Embed the strategy.".into(),
            "Develop our offer (ACT / model 2. b).".into(),
            "Keep babies safe.".into()
        ])
    );
    assert_eq!(
        flattened("<ul> • Fewer children • More adolescents"),
        Some(vec!["Fewer children".into(), "More adolescents".into()])
    );
    assert_eq!(flattened("We will review it by 2. Then more."), None);
}

#[test]
fn a_list_of_figures_after_the_success_statements_is_the_kpis() {
    let doc = "Priority 1 - Ready\n\nHow will we know we have made a difference?\n\n- Parents feel engaged\n\n\
        - The percentage of children reaching expectations at 2\n- Increased percentage of children with a good level of development\n";
    let p = parsed(doc);
    assert_eq!(p.items[0].success, vec!["Parents feel engaged".to_string()]);
    assert_eq!(p.items[0].measures.len(), 2, "{:?}", p.items[0]);
    assert!(!names_a_figure("More children are ready for school"));
}

#[test]
fn a_heading_run_into_its_text_is_taken_apart() {
    let p = Profile::built_in();
    assert_eq!(
        run_in("Why it mattersMost families asked for help", &p),
        Some(("Why it matters", "Most families asked for help"))
    );
    assert_eq!(
        run_in("What children and young people asked for• Teach us about exploitation", &p),
        Some(("What children and young people asked for", "• Teach us about exploitation"))
    );
    assert_eq!(run_in("Implementation of system wide iThrive transformation", &p), None);
    let doc = "Priority 1 - Safe\n\nWhy it mattersNeglect is common.\nWhat we will doActions for 1 Safe\n\
        1.1.1 Open family hubs in all four localities\n Tom Brennan, Head of Early Help\n 31 March 2025 Done\n";
    let parsed = parse(&crate::text::read(doc), &p);
    let item = &parsed.items[0];
    assert_eq!(item.why_it_matters, vec!["Neglect is common.".to_string()]);
    assert_eq!(item.actions, vec!["Open family hubs in all four localities".to_string()]);
    assert_eq!(item.action_details.len(), 2, "the lead and the due date are the action's detail");
    assert!(is_run_together_header("Action Lead Due Status"));
    assert!(is_run_together_header("Measure Latest Target Which way is better"));
    assert!(!is_run_together_header("Lead the work"));
    let pages = "The Plan 2025 – Kelderby Partnership and its people\nPriority 1 - Safe\n\n            The Plan 2025 – Kelderby Partnership and its people\nActions\n- Open hubs\n            The Plan 2025 – Kelderby Partnership and its people\n";
    let parsed = parse(&crate::text::read(pages), &p);
    assert_eq!(parsed.dropped().filter(|(_, why)| why.starts_with("a line repeated")).count(), 3);
}

#[test]
fn a_reference_at_the_end_of_a_title_is_taken_apart() {
    let (title, reference) = split_reference("Ensure plans improve. (Ref: Ofsted Next Steps Plan Recommendation 3&4)");
    assert_eq!(
        (title.as_str(), reference.as_deref()),
        ("Ensure plans improve", Some("Ofsted Next Steps Plan Recommendation 3&4"))
    );
    let (title, reference) = split_reference("Shape our services .(Ref: RCC Participation Strategy 2015)");
    assert_eq!((title.as_str(), reference.as_deref()), ("Shape our services", Some("RCC Participation Strategy 2015")));
    assert_eq!(
        split_reference("Ensure timely access (ref Ofsted Recommendation 16)").1.as_deref(),
        Some("Ofsted Recommendation 16")
    );
    assert_eq!(
        split_reference("Children with a disability (SEND)"),
        ("Children with a disability (SEND)".into(), None)
    );
}

#[test]
fn a_table_naming_levels_builds_the_tree_and_an_action_plan_details_its_items() {
    let doc = "Plan 2017-18\n\nKEY THEME 1\tKEY THEME 2\nKeep children safe\tListening\n\n\
        KEY THEME 1\t\tPriority Areas for Action 2017-18\t\nKeep children safe\t1\tSee children often (Ref: Ofsted 8)\t\n\
        \t2\tAssess risks well\n\nKEY THEME 2\t\tPriority Areas for Action 2017-18\nListening\t3\tHear young people\n\n\
        Action 3\n\nKEY THEME 2\tPriority Areas for Action 2017-18\t\nListening\t1\tHear young people and parents\n\n\
        What are we going to do?\n\n- a) Run a youth council\n\nWho will lead on this?\n\nHead of Participation\n";
    let p = parsed(doc);
    assert_eq!(p.levels, vec!["Key theme".to_string(), "Priority area for action".to_string()]);
    let titles: Vec<(String, Option<String>, String)> =
        p.all_items().iter().map(|i| (i.level.clone(), i.number.clone(), i.title.clone())).collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    let listening = &p.items[1];
    assert_eq!(listening.title, "Listening");
    // "Listening 1" in the action plan is the first priority under key theme 2: number 3.
    assert_eq!(listening.items.len(), 1);
    assert_eq!(listening.items[0].title, "Hear young people");
    assert_eq!(listening.items[0].actions, vec!["Run a youth council".to_string()]);
    assert_eq!(listening.items[0].lead, vec!["Head of Participation".to_string()]);
    assert_eq!(p.items[0].items[0].references, vec!["Ofsted 8".to_string()]);
}

#[test]
fn a_table_naming_levels_whose_cells_were_run_together_is_read_as_the_table() {
    // The same plan as a Word file made from it gives back: each row one paragraph, its
    // cells run together with spaces.
    let tabbed = "Plan 2017-18\n\nKEY THEME 1\t\tPriority Areas for Action 2017-18\t\n\
        Keep children safe\t1\tSee children often (Ref: Ofsted 8)\t\n\t2\tAssess risks well\n\n\
        KEY THEME 2\t\tPriority Areas for Action 2017-18\nListening\t3\tHear young people\n\n\
        Appendix 1 – Action Plan\n\nWe met 4 Times in the year to agree them.\n";
    let run_together = tabbed.replace("\t\t", " ").replace('\t', " ");
    let tree = |p: &Parsed| -> Vec<(String, Option<String>, String)> {
        p.all_items().iter().map(|i| (i.level.clone(), i.number.clone(), i.title.clone())).collect()
    };
    let (from_tabs, from_spaces) = (parsed(tabbed), parsed(&run_together));
    assert_eq!(tree(&from_tabs).len(), 5, "{:?}", tree(&from_tabs));
    assert_eq!(tree(&from_spaces), tree(&from_tabs));
    assert_eq!(from_spaces.items[0].items[0].references, vec!["Ofsted 8".to_string()]);
    // A line after the table with a number in it is not a row: its number does not follow.
    let source = read(Kind::Markdown, "plan.md", run_together.as_bytes()).unwrap_or_default();
    let rejoined = rejoin_run_together_tables(&source, &Profile::built_in());
    let rows: Vec<&str> = rejoined.lines.iter().filter(|l| l.hint == Hint::TableRow).map(|l| l.text.as_str()).collect();
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[2], "\t2\tAssess risks well");
}

#[test]
fn a_progress_report_is_told_from_a_plan() {
    let report = "1.\tTitle:\tPlan – 3 rd Progress Report\n2.\tDate:\t14 th January 2015\n\n\
        7. Proposals and Details:\n\n7.1 We will ensure children have the best start in life\n\nWhat's working well\n\n\
        - More children registered with a centre, rising from 18,000 with\n\n- our partners' help.\n\n\
        7.2 What we are concerned about\n\n More children are overweight.\n\n8. Finance:\n\nCostings are being worked on.\n";
    let p = parsed(report);
    assert!(p.is_progress_report());
    assert_eq!(p.date.as_deref(), Some("14th January 2015"));
    assert_eq!(p.report_title.as_deref(), Some("Plan – 3rd Progress Report"));
    let priority = &p.items[0];
    assert_eq!(priority.number.as_deref(), Some("7.1"));
    assert_eq!(
        priority.working_well,
        vec!["More children registered with a centre, rising from 18,000 with our partners' help.".to_string()]
    );
    assert_eq!(priority.concerned, vec!["More children are overweight.".to_string()]);
    assert_eq!(p.sections.last().map(|(t, l)| (t.as_str(), l.len())), Some(("Finance", 1)));
    assert!(
        !parsed("Priority 1 - Safe\n\nActions\n\n- Do it\n\nWhat's working well\n\n- It works\n").is_progress_report()
    );
}

#[test]
fn wrapped_jargon_buster_cells_join_the_entry_above_and_contact_blocks_are_dropped() {
    let doc = "Jargon buster: some words explained.\n\nJargon\tMeaning\nCared for child or young\tThose children the council\n\
        person\tlooks after.\nEducation, Health and\tA plan for needs.\nCare Plan (EHCP)\t\nSEND\tSpecial needs and\n\tdisabilities.\n\n\
        For more information please contact:\n\n 01706 925086\n\n Bev@example.gov.uk\n\nFloor 4\n";
    let p = parsed(doc);
    assert_eq!(
        p.glossary,
        vec![
            ("Cared for child or young person".into(), "Those children the council looks after.".into()),
            ("Education, Health and Care Plan (EHCP)".into(), "A plan for needs.".into()),
            ("SEND".into(), "Special needs and disabilities.".into()),
        ]
    );
    // The contact heading, phone, email and address line are all left out.
    let dropped: Vec<&str> = p.dropped().map(|(_, why)| why).collect();
    assert_eq!(dropped.len(), 5, "the table's header row and the contact block: {dropped:?}");
    assert!(dropped.contains(&"a contact block"));
}

#[test]
fn a_list_of_the_partners_before_the_plan_names_them() {
    let doc = "Our Plan 2016-2019\n\nOrganisations that are key partners within the Trust include:\n\n\
        - Rutland County Council\n- Leicestershire Constabulary\n\nOur Statement of Intent:\n";
    let p = parsed(doc);
    assert_eq!(p.partners, vec!["Rutland County Council".to_string(), "Leicestershire Constabulary".to_string()]);
}

#[test]
fn short_numbered_headings_under_key_priorities_are_the_priorities() {
    let doc = "Key priorities\n\n5 key priorities have been identified:\n\n- Narrowing the gap\n- Skills\n\n\
        1. Narrowing the gap\n\nMitigating the effects of poverty and neglect is central to our work on closing the gap.\n\n\
        2. Skills improvement\n\nThe skills strategy aims to raise the skill levels of our residents across the borough.\n\n\
        Cross cutting themes\n\n- Keeping children safe\n";
    let p = parsed(doc);
    let titles: Vec<&str> = p.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, vec!["Narrowing the gap", "Skills improvement"]);
    assert_eq!(p.items[0].summary.len(), 1);
    assert_eq!(p.themes, vec!["Keeping children safe".to_string()]);
}

/// A plan read as plain text.
fn parsed_text(text: &str) -> Parsed {
    let source = read(Kind::Text, "plan.txt", text.as_bytes()).unwrap_or_default();
    parse(&source, &Profile::built_in())
}

fn summary(p: &Parsed) -> Vec<(String, String, usize, usize, usize)> {
    p.all_items()
        .iter()
        .map(|i| (i.level.clone(), i.title.clone(), i.actions.len(), i.success.len(), i.measures.len()))
        .collect()
}

#[test]
fn a_labelled_level_the_profile_does_not_know_is_found_by_its_repetition() {
    let p = parsed_text(
        "Our plan 2025-28\n\nIntro text that says what the plan is for and who wrote it.\n\n\
         Ambition 1: Children are safe\n\nWhat we will do\n\n- Open two hubs\n- Train all staff\n\n\
         How we will measure it\n\n- Percentage of children with a second plan\n\n\
         Ambition 2: Children are healthy\n\nWhat we will do\n\n- Deliver a healthy weight programme\n",
    );
    assert_eq!(p.levels, vec!["Ambition".to_string()]);
    assert_eq!(
        summary(&p),
        vec![
            ("Ambition".into(), "Children are safe".into(), 2, 0, 1),
            ("Ambition".into(), "Children are healthy".into(), 1, 0, 0),
        ]
    );
    assert_eq!(p.all_items()[0].number.as_deref(), Some("1"));
}

#[test]
fn entries_under_no_field_heading_are_sorted_by_their_language_block_by_block() {
    // Markdown headings with no level words, bullets with no field headings.
    let p = parsed(
        "# Growing up well\n\nThese are our goals.\n\n## Healthy lives\n\n- Promote healthy eating in schools\n\
         - Deliver a new weight programme\n- Reduce smoking in pregnancy\n\n## Safe at home\n\n\
         - Fewer children need a second child protection plan\n- Children will tell us they feel safe\n\n\
         ## Ready for school\n\n- The percentage of children with a good level of development\n\
         - Rate of exclusions per 1,000 pupils\n",
    );
    assert_eq!(
        summary(&p),
        vec![
            ("Goal".into(), "Healthy lives".into(), 3, 0, 0),
            ("Goal".into(), "Safe at home".into(), 0, 2, 0),
            ("Goal".into(), "Ready for school".into(), 0, 0, 2),
        ]
    );
}

#[test]
fn numbered_priorities_over_prose_and_a_question_heading() {
    let p = parsed_text(
        "Our priorities for the next two years\n\n1) A stable workforce\n\n\
         Launch our recruitment strategy across every service this year.\n\n\
         We will grow our own social workers through the academy.\n\n\
         How will we know we have succeeded?\n\nFewer posts are filled by agency staff.\n\n\
         2) Early help\n\nWe will open family hubs in every town.\n\nWe will train partners in the approach.\n",
    );
    assert_eq!(
        summary(&p),
        vec![
            ("Priority".into(), "A stable workforce".into(), 2, 1, 0),
            ("Priority".into(), "Early help".into(), 2, 0, 0),
        ]
    );
}

#[test]
fn a_scorecard_gives_outcomes_over_measures_and_leaves_their_values_out() {
    let p = parsed_text(
        "Performance\n\nChildren are safe and protected\n\nRate of children in need per 10,000 children\n\n\
         323.5\n\nStayed the same\n\nPercentage of repeat referrals\n\n19.9%\n\nRequires improvement\n\n\
         Young people are ready for work\n\nProportion of young people in education or training\n\n92.4%\n\n\
         Improved\n",
    );
    assert_eq!(
        summary(&p),
        vec![
            ("Priority".into(), "Children are safe and protected".into(), 0, 0, 2),
            ("Priority".into(), "Young people are ready for work".into(), 0, 0, 1),
        ]
    );
    assert_eq!(p.dropped().filter(|(_, why)| why.contains("latest value")).count(), 6);
}

#[test]
fn a_list_numbered_by_hand_is_entries_not_headings_and_loses_its_numbers() {
    let p = parsed_text(
        "Plan\n\nStrategic aim 1: Best start\n\nOur commitments\n\n1.1 We will open two hubs.\n\
         1.2 We will train staff.\n\nStrategic aim 2: Safe\n\nOur commitments\n\n2.1 We will set up a panel.\n",
    );
    assert_eq!(p.levels, vec!["Strategic aim".to_string()]);
    assert_eq!(
        p.all_items()[0].actions,
        vec!["We will open two hubs.".to_string(), "We will train staff.".to_string()]
    );
    assert_eq!(p.all_items()[1].actions, vec!["We will set up a panel.".to_string()]);
}

#[test]
fn a_tables_first_row_of_labels_is_its_header_whatever_the_labels_are() {
    let p = parsed_text(
        "Plan\n\nOutcome 1: Healthy\n\nHow we will measure progress\n\n\
         Indicator\tBaseline (year)\tTarget 2027\tOwner\n\
         Percentage of children who are a healthy weight\t63.4% (2022/23)\t69%\tPublic health\n\
         Rate of admissions for self-harm per 100,000\t512 (2023)\t420\tICB\n",
    );
    let item = &p.items[0];
    assert_eq!(
        item.measures,
        vec![
            "Percentage of children who are a healthy weight".to_string(),
            "Rate of admissions for self-harm per 100,000".to_string()
        ]
    );
    assert!(p.dropped().any(|(n, why)| n == 7 && why == "a table's header row"));
}

#[test]
fn a_list_before_the_first_item_and_headings_after_the_last_stay_out_of_the_items() {
    let p = parsed(
        "# Our plan\n\nWe believe children should:\n\n- be safe\n- be healthy\n\n# Priority one: Safe\n\n\
         ## What we will do\n\n- Train staff\n\n# Priority two: Healthy\n\n## What we will do\n\n- Open hubs\n\n\
         # How we will deliver this plan\n\nThe board meets every two months.\n",
    );
    assert_eq!(p.all_items().len(), 2, "{:?}", summary(&p));
    assert_eq!(p.all_items()[1].actions, vec!["Open hubs".to_string()]);
    assert_eq!(p.sections.last().map(|(t, l)| (t.as_str(), l.len())), Some(("How we will deliver this plan", 1)));
}

#[test]
fn a_document_with_no_structure_says_so_in_words() {
    let text = "just some words\nand some more words that go on\n";
    let source = read(Kind::Text, "flat.txt", text.as_bytes()).unwrap_or_default();
    let why = parse(&source, &Profile::built_in()).no_structure(&source, "flat.txt").unwrap_or_default();
    assert!(why.starts_with("cypp found no structure in flat.txt (2 lines; no headings or lists found)"), "{why}");
    let empty = read(Kind::Text, "empty.txt", b"").unwrap_or_default();
    let why = parse(&empty, &Profile::built_in()).no_structure(&empty, "empty.txt").unwrap_or_default();
    assert!(why.starts_with("empty.txt has no text in it"), "{why}");
    assert_eq!(parsed_text("Outcome 1: Safe\n\n- Train staff\n").no_structure(&empty, "x"), None);
}

#[test]
fn a_second_level_is_found_inside_the_first_by_its_own_repeated_structure() {
    let p = parsed(
        "# Riverside plan 2025-2028\n\n# Theme: Healthy\n\n## Good mental health\n\n### What we will do\n\n\
         - Place teams in every school\n\n### How we will know\n\n- Fewer young people wait\n\n## Healthy weight\n\n\
         ### What we will do\n\n- Deliver a programme\n\n# Theme: Safe\n\n## Early help\n\n### What we will do\n\n\
         - Bring teams together\n",
    );
    assert_eq!(p.levels, vec!["Theme".to_string(), "Priority".to_string()]);
    let titles: Vec<(&str, Vec<&str>)> =
        p.items.iter().map(|t| (t.title.as_str(), t.items.iter().map(|i| i.title.as_str()).collect())).collect();
    assert_eq!(titles, vec![("Healthy", vec!["Good mental health", "Healthy weight"]), ("Safe", vec!["Early help"])]);
    assert_eq!(p.items[0].items[0].actions, vec!["Place teams in every school".to_string()]);
    assert_eq!(p.items[0].items[0].success, vec!["Fewer young people wait".to_string()]);
}

#[test]
fn a_tables_header_says_what_its_rows_are_and_a_paragraph_above_it_stays_the_summary() {
    let source = read(
        Kind::Html,
        "plan.html",
        "<main><h1>Oakfield plan 2024 to 2027</h1><h2>Priority: Best start</h2><p>Every child gets the best start.</p>\
         <table><tr><th>Action</th><th>Lead</th><th>By when</th></tr><tr><td>Open two family hubs</td>\
         <td>Head of Early Help</td><td>2026</td></tr></table><h2>Priority: Safe families</h2>\
         <ul><li>Guarantee a named worker</li><li>Track every referral</li></ul></main>"
            .as_bytes(),
    )
    .unwrap_or_default();
    let p = parse(&source, &Profile::built_in());
    assert_eq!(
        summary(&p),
        vec![("Priority".into(), "Best start".into(), 1, 0, 0), ("Priority".into(), "Safe families".into(), 2, 0, 0)]
    );
    assert_eq!(p.items[0].summary, vec!["Every child gets the best start.".to_string()]);
    assert_eq!(p.items[0].actions, vec!["Open two family hubs".to_string()]);
}

#[test]
fn paragraphs_that_are_only_bold_are_headings_made_by_hand() {
    let page = "<main><h1>Ashby plan 2025-28</h1><p>Our three aims.</p><p><strong>Healthy lives</strong></p>\
        <p>We will open two family hubs.</p><p>We will train every health visitor.</p>\
        <p><b>Safe homes</b></p><p>We will set up a neglect panel.</p><p>We will recruit foster carers.</p>\
        <p>Some <strong>bold</strong> words in a sentence are not a heading.</p></main>";
    let source = read(Kind::Html, "plan.html", page.as_bytes()).unwrap_or_default();
    let p = parse(&source, &Profile::built_in());
    assert_eq!(
        summary(&p),
        vec![("Aim".into(), "Healthy lives".into(), 2, 0, 0), ("Aim".into(), "Safe homes".into(), 2, 0, 0)]
    );
    let md = parsed(
        "# Plan\n\n**Healthy lives**\n\nWe will open hubs.\n\nWe will train staff.\n\n**Safe homes**\n\nWe will set up a panel.\n\nWe will recruit carers.\n",
    );
    assert_eq!(
        md.all_items().iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
        vec!["Healthy lives", "Safe homes"]
    );
}

#[test]
fn a_list_nested_in_a_list_gives_the_items_and_their_entries() {
    let page = "<main><h1>Plan 2025-28</h1><h2>Our outcomes</h2><ul><li>Children are safe<ul>\
        <li>Open two family hubs</li><li>Train every school</li></ul></li><li>Children are healthy<ul>\
        <li>Deliver a healthy weight programme</li></ul></li></ul></main>";
    let source = read(Kind::Html, "plan.html", page.as_bytes()).unwrap_or_default();
    let p = parse(&source, &Profile::built_in());
    assert_eq!(
        summary(&p),
        vec![
            ("Outcome".into(), "Children are safe".into(), 2, 0, 0),
            ("Outcome".into(), "Children are healthy".into(), 1, 0, 0)
        ]
    );
    // The same by indentation in text.
    let p = parsed_text(
        "Plan 2025-28\n\nOur outcomes\n\n• Children are safe\n    ◦ Open two family hubs\n    ◦ Train every school\n\
         • Children are healthy\n    ◦ Deliver a healthy weight programme\n",
    );
    assert_eq!(
        p.all_items().iter().map(|i| (i.title.as_str(), i.actions.len())).collect::<Vec<_>>(),
        vec![("Children are safe", 2), ("Children are healthy", 1)]
    );
}

#[test]
fn a_lead_in_that_names_a_field_heads_the_list_under_it() {
    let p = parsed_text(
        "NORTHBY PLAN 2025 - 2028\n\nPRIORITY 1: EARLY HELP\n\nWhat we will do:\n• Open family hubs\n• Train partners\n\n\
         How we will measure success:\n• Percentage of assessments completed within 45 days\n\n\
         PRIORITY 2: WELLBEING\n\nWhat we will do:\n• Expand support teams\n\nHow we will measure success:\n\
         • Waiting times for CAMHS will reduce\n",
    );
    assert_eq!(
        summary(&p),
        vec![("Priority".into(), "EARLY HELP".into(), 2, 0, 1), ("Priority".into(), "WELLBEING".into(), 1, 0, 1)]
    );
}
