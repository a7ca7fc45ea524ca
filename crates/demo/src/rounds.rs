//! Two reporting rounds on the 2026-27 refresh: Q1 (closed, every priority reported) and Q2
//! (open, three priorities still to report), with updates in the partnership's usual three
//! questions: what is working well, what we are worried about, what needs to happen next.

use chrono::{NaiveDate, TimeZone, Utc};
use cypp_domain::*;

use crate::plan::{priority_id, priority_keys};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// What the performance officer wrote around the leads' Q1 updates for the partnership
/// board's September meeting.
fn q1_report() -> CommitteeReport {
    let text = CommitteeText {
        meeting: Some("Children and Young People's Partnership Board".into()),
        meeting_on: Some(day(2026, 9, 17)),
        title: Some("Children and Young People's Plan 2024-27 – Quarter 1 progress report 2026-27".into()),
        directorate: Some("Children's Services, Kelderby Council".into()),
        summary: Some(
            "This is the first progress report on the refreshed plan for 2026-27. It is presented by exception: \
             the board is asked to look most closely at the two priorities rated red.\n\n\
             Every lead gave an update by the deadline, and every update was checked and accepted by the \
             performance team before this report was written."
                .into(),
        ),
        recommendations: vec![
            "The board receives the Quarter 1 progress report on the Children and Young People's Plan.".into(),
            "The board asks the leads of the two red priorities to bring recovery plans to its December meeting.".into(),
            "The board agrees that the youth council reviews the easy read version before it is published.".into(),
        ],
        proposals: Some(
            "The plan has eight priorities under its three outcomes. For each, the lead says what is working well \
             and what we are concerned about, and the figures are set against England, the North West and our statistical \
             neighbours."
                .into(),
        ),
        finance: Some(
            "There are no new costs in this report. The family hubs and the exploitation hub are funded from \
             existing budgets until March 2027; a bid for the second year of the mental health support teams \
             will come to the board in January."
                .into(),
        ),
        risks: Some(
            "Demand for children's mental health support continues to rise faster than the number of \
             practitioners. If recruitment to the school support teams slips again, waiting times will not fall \
             this year."
                .into(),
        ),
        implications: Some(
            "The plan meets the partnership's duty to cooperate under the Children Act 2004 and feeds the \
             council's performance framework and the Health and Wellbeing Strategy."
                .into(),
        ),
        background_papers: Some(
            "Children and Young People's Plan 2024-27 (2026 refresh); Q4 2025-26 performance scorecard; \
             youth council consultation on the refresh, March 2026."
                .into(),
        ),
        contact: Some("Nadia Farouk, Partnership Performance Manager, nadia.farouk@kelderby.example, 01632 960 411".into()),
    };
    CommitteeReport {
        text,
        saved_by: "nadia.farouk@kelderby.example".into(),
        saved_at: Utc.with_ymd_and_hms(2026, 9, 3, 15, 20, 0).single().unwrap_or_default(),
        versions: Vec::new(),
    }
}

/// What the easy read says of each priority's Q1 update, written by the admin who put it on
/// the public site.
const Q1_EASY: &[(&str, &str)] = &[
    ("early-help", "All four family hubs are open.\nMore families are getting help early."),
    (
        "neglect-exploitation",
        "A new team helps young people who are at risk of harm.\nWe need to do better for children who need help again.",
    ),
    (
        "children-we-care-for",
        "More foster carers can now look after children.\nWe need more jobs and training for young people leaving care.",
    ),
    ("best-start", "Midwives now help mums to stop smoking.\nWe will train more health visitors."),
    (
        "mental-health",
        "The wellbeing hub in town helped lots of young people.\nSome young people wait too long for help with their feelings.",
    ),
    (
        "healthy-lives",
        "Most nurseries and schools help children brush their teeth.\nWe still want fewer takeaways near schools.",
    ),
    ("attendance", "Our team helped lots of families to get to school.\nFewer children missed school this autumn."),
    ("send-adulthood", "Families can find help on our website.\nSome children wait too long for their plan."),
];

/// (priority, RAG, working well, worried about, next steps) for Q1, and for Q2 where given.
const Q1: &[(&str, Rag, &str, &str, &str)] = &[
    (
        "early-help",
        Rag::Green,
        "All four family hubs are open and 1,140 families used them this quarter. Early help assessments are at their highest level.",
        "Schools lead fewer assessments than health and the council.",
        "Early help link workers to meet every secondary head by October.",
    ),
    (
        "neglect-exploitation",
        Rag::Amber,
        "The exploitation hub is fully staffed and screened 61 young people this quarter.",
        "Repeat child protection plans for neglect rose to 24%.",
        "Audit of repeat plans to report to the safeguarding partnership in September.",
    ),
    (
        "children-we-care-for",
        Rag::Amber,
        "Six new foster carers approved. Every care leaver now has the setting-up-home allowance.",
        "Apprenticeships for care leavers are behind plan: 9 of 30.",
        "Each partner to name two apprenticeship places by the next board.",
    ),
    (
        "best-start",
        Rag::Green,
        "Opt-out referrals for smoking in pregnancy are in place at the maternity unit.",
        "Baby Friendly assessment has slipped to spring 2027.",
        "Health visiting to complete staff training by December.",
    ),
    (
        "mental-health",
        Rag::Red,
        "The town-centre wellbeing hub saw 430 young people.",
        "Average waits are still 14 weeks against a 12-week target; two psychologist posts are vacant.",
        "ICB to fund a waiting-list initiative with a voluntary sector counselling service.",
    ),
    (
        "healthy-lives",
        Rag::Amber,
        "Supervised tooth brushing runs in 61 of 70 settings.",
        "The takeaway planning policy has been delayed by the local plan timetable.",
        "Public health to bring the policy to cabinet in November.",
    ),
    (
        "attendance",
        Rag::Amber,
        "The attendance support team has worked with 380 families; autumn term absence fell.",
        "Suspensions of children with SEND are rising.",
        "Inclusion charter to be agreed at the headteachers' forum.",
    ),
    (
        "send-adulthood",
        Rag::Red,
        "The local offer website is live and used by 2,900 families a month.",
        "Only 46% of EHC plans were issued within 20 weeks.",
        "Two more educational psychologists start in September; weekly tracking of every assessment.",
    ),
];

const Q2: &[(&str, Rag, &str, &str, &str)] = &[
    (
        "early-help",
        Rag::Green,
        "Every school now has a named early help link worker.",
        "The evening and weekend offer has not yet started.",
        "Voluntary sector partners to pilot Saturday sessions in two hubs from January.",
    ),
    (
        "neglect-exploitation",
        Rag::Amber,
        "Exploitation awareness sessions have reached 14 of 16 secondary schools.",
        "The safe places mapping with the youth council is three months late.",
        "Police and youth council to run the walkabouts in December.",
    ),
    (
        "mental-health",
        Rag::Amber,
        "Waits fell to 12.6 weeks with the counselling waiting-list initiative.",
        "Self-harm admissions remain well above England.",
        "Review of the 72-hour follow-up pathway with the hospital trust.",
    ),
    (
        "attendance",
        Rag::Green,
        "Persistent absence fell for the third term running.",
        "The virtual school's extended duty is still short of staff.",
        "Recruit two more education advisers for children with a social worker.",
    ),
    (
        "send-adulthood",
        Rag::Amber,
        "EHC plans issued within 20 weeks rose to 58% this quarter.",
        "The high needs deficit grew again.",
        "Safety Valve monitoring report to the schools forum in January.",
    ),
];

fn updates(round: &str, rows: &[(&str, Rag, &str, &str, &str)], submitted: (i32, u32, u32)) -> Vec<Update> {
    rows.iter()
        .enumerate()
        .map(|(i, (key, rag, well, worried, next))| {
            let lead = crate::people::lead(match *key {
                "early-help" => "early-help",
                "neglect-exploitation" => "exploitation",
                "children-we-care-for" => "corporate-parenting",
                "best-start" | "healthy-lives" => "public-health",
                "mental-health" => "camhs",
                "attendance" => "schools",
                _ => "send",
            });
            Update {
                id: UpdateId::derived(&format!("{round}:{key}")),
                item: Some(priority_id(2, key)),
                action: None,
                author: lead.name.clone(),
                author_email: lead.email.clone(),
                rag: Some(*rag),
                action_status: None,
                working_well: Some((*well).into()),
                worried_about: Some((*worried).into()),
                next_steps: Some((*next).into()),
                evidence: if *key == "send-adulthood" {
                    vec![Link {
                        title: "SEND performance dashboard, quarter 1".into(),
                        url: "https://kelderby.example/send/dashboard".into(),
                    }]
                } else {
                    vec![]
                },
                submitted_at: Utc
                    .with_ymd_and_hms(submitted.0, submitted.1, submitted.2 + (i as u32 % 5), 9 + i as u32, 30, 0)
                    .single(),
                status: UpdateStatus::Submitted,
                review: None,
                versions: Vec::new(),
                public: None,
            }
        })
        .collect()
}

/// The performance officer's decision on a submitted update, three days after it came in,
/// with the versions it went through.
fn settle(update: &mut Update, accept: bool, comment: Option<&str>) {
    let submitted = update.submitted_at.unwrap_or_default();
    let decided = submitted + chrono::Duration::days(3);
    update.versions = vec![update.version("Submitted", &update.author, submitted)];
    update.status = if accept { UpdateStatus::Accepted } else { UpdateStatus::Returned };
    update.review = Some(Review { by: "Tom Brennan".into(), at: decided, comment: comment.map(str::to_string) });
    update.versions.push(update.version(if accept { "Accepted" } else { "Returned" }, "Tom Brennan", decided));
}

pub fn rounds(current: &RevisionContent) -> Vec<Round> {
    debug_assert_eq!(priority_keys().len(), 8);
    let revision_id = current.plan.revision_id;
    let mut q2 = updates("q2-2026-27", Q2, (2026, 11, 2));
    // The lead user's update on the action they lead, in the open round.
    let hub_action = current
        .items
        .iter()
        .flat_map(|o| o.items.iter())
        .find(|p| p.id == priority_id(2, "neglect-exploitation"))
        .and_then(|p| p.actions.get(2));
    if let Some(action) = hub_action {
        q2.push(Update {
            id: UpdateId::derived("q2-2026-27:safe-places-action"),
            item: None,
            action: Some(action.id),
            author: "Sam Okafor".into(),
            author_email: Some("sam.okafor@kelderby.example".into()),
            rag: Some(Rag::Red),
            action_status: Some(ActionStatus::OffTrack),
            working_well: Some("Youth council members have designed the survey and chosen the places to visit.".into()),
            worried_about: Some(
                "Police availability for evening walkabouts has pushed the work back three months.".into(),
            ),
            next_steps: Some("Walkabouts booked for 4 and 11 December; findings to the board in February.".into()),
            evidence: vec![],
            submitted_at: Utc.with_ymd_and_hms(2026, 11, 9, 16, 5, 0).single(),
            status: UpdateStatus::Submitted,
            review: None,
            versions: Vec::new(),
            public: None,
        });
    }
    // The partnership asks each priority's officer lead for an update; the actions are
    // reported through their priority, except in Q2 two actions whose leads report on them
    // directly.
    let asked: Vec<Ask> = priority_keys().iter().map(|key| Ask::Item(priority_id(2, key))).collect();
    let mut asked_q2 = asked.clone();
    asked_q2.extend(hub_action.map(|a| Ask::Action(a.id)));
    // And the first action led by someone else, which has not been started.
    let other = current.items.iter().flat_map(|o| o.items.iter()).flat_map(|p| p.actions.iter()).find(|a| {
        let email = |a: &Action| a.lead.as_ref().and_then(|l| l.email.clone());
        email(a).is_some() && email(a) != hub_action.and_then(email)
    });
    asked_q2.extend(other.map(|a| Ask::Action(a.id)));
    // Q1 was accepted in full by the partnership's performance officer. In Q2, early help has
    // been accepted, two are submitted and wait for the officer, attendance is still a
    // draft, and the SEND update was returned for its figures; three priorities have not
    // started.
    let mut q1 = updates("q1-2026-27", Q1, (2026, 7, 13));
    for update in &mut q1 {
        settle(update, true, None);
        // After the September board the partnership's admin put Q1 on the public site, each
        // update with its lead's account of what is working well as the public summary.
        let at = Utc.with_ymd_and_hms(2026, 9, 21, 11, 0, 0).single().unwrap_or_default();
        let easy = Q1_EASY
            .iter()
            .find(|(key, _)| UpdateId::derived(&format!("q1-2026-27:{key}")) == update.id)
            .map(|(_, words)| (*words).to_string());
        update.public = update.working_well.clone().map(|text| PublicSummary {
            text,
            easy_words: easy,
            by: "nadia.farouk@kelderby.example".into(),
            at,
        });
        if update.public.is_some() {
            update.versions.push(update.version("Put on the public site", "nadia.farouk@kelderby.example", at));
        }
    }
    for update in &mut q2 {
        match update.id {
            id if id == UpdateId::derived("q2-2026-27:early-help") => settle(update, true, None),
            id if id == UpdateId::derived("q2-2026-27:attendance") => {
                update.status = UpdateStatus::Draft;
                update.submitted_at = None;
                update.next_steps = None;
                let at = Utc.with_ymd_and_hms(2026, 11, 24, 10, 15, 0).single().unwrap_or_default();
                update.versions = vec![update.version("Saved as a draft", &update.author, at)];
            }
            id if id == UpdateId::derived("q2-2026-27:send-adulthood") => settle(
                update,
                false,
                Some(
                    "Please add this quarter's EHC plan timeliness figure and say when the deficit plan goes to the schools forum.",
                ),
            ),
            _ => {
                let at = update.submitted_at.unwrap_or_default();
                update.versions = vec![update.version("Submitted", &update.author, at)];
            }
        }
    }
    vec![
        Round {
            id: RoundId::derived("q1-2026-27"),
            name: "Q1 2026-27".into(),
            period: Some(Period::Quarter { year: 2026, quarter: 1 }),
            revision_id,
            opens_on: day(2026, 7, 1),
            due_on: day(2026, 7, 24),
            status: RoundStatus::Closed,
            asked,
            updates: q1,
            report: Some(q1_report()),
        },
        Round {
            id: RoundId::derived("q2-2026-27"),
            name: "Q2 2026-27".into(),
            period: Some(Period::Quarter { year: 2026, quarter: 2 }),
            revision_id,
            opens_on: day(2026, 10, 20),
            due_on: day(2026, 12, 4),
            status: RoundStatus::Open,
            asked: asked_q2,
            updates: q2,
            report: None,
        },
    ]
}
