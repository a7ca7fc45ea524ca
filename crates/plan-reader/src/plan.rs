//! A parsed document as a cypp plan file (the foundation's JSON plan format), ready to check
//! and save: a draft plan whose levels are the document's, whose items carry the fields found,
//! with an action for each action line, a success statement for each, and a measure for each
//! KPI line. The partnership is named by whoever imports it; everything else is what the
//! document said.

use chrono::{Datelike, NaiveDate, Utc};
use cypp_domain::period::uk_date;
use cypp_domain::*;

use crate::parse::{Item, Parsed};
use crate::profile::Field;

/// Who the plan belongs to, as the person importing it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub partnership_name: String,
    pub partnership_slug: String,
    pub area_name: String,
    pub gss_code: String,
}

impl Owner {
    /// A partnership already known, as the owner of the plan read.
    pub fn of(partnership: &Partnership) -> Owner {
        Owner {
            partnership_name: partnership.name.clone(),
            partnership_slug: partnership.slug.clone(),
            area_name: partnership.area_name.clone(),
            gss_code: partnership.gss_code.clone(),
        }
    }
}

/// The plan's years in a text, if it gives them ("Plan 2021-23", "(2013-16)").
fn period_from_text(text: &str) -> Option<PlanPeriod> {
    let digits: Vec<i32> = text.split(|c: char| !c.is_ascii_digit()).filter_map(|d| d.parse::<i32>().ok()).collect();
    digits.iter().any(|y| (1990..2100).contains(y)).then(|| period_from(text))
}

/// The plan's years from its title ("Plan 2021-23", "2022-2026"), else three years from now.
fn period_from(title: &str) -> PlanPeriod {
    let digits: Vec<i32> = title.split(|c: char| !c.is_ascii_digit()).filter_map(|d| d.parse::<i32>().ok()).collect();
    let first = digits.iter().copied().find(|y| (1990..2100).contains(y));
    let last = first.and_then(|f| {
        digits.iter().copied().skip_while(|y| *y != f).nth(1).map(|l| if l < 100 { f - f % 100 + l } else { l })
    });
    match (first, last) {
        (Some(f), Some(l)) if l > f && l - f <= 10 => PlanPeriod::financial_years(f, l - 1),
        (Some(f), _) => PlanPeriod::financial_years(f, f + 2),
        _ => {
            let year = Utc::now().date_naive().year();
            PlanPeriod::financial_years(year, year + 2)
        }
    }
}

fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(String::from)
        .collect();
    if words.is_empty() { "measure".into() } else { words.join("-") }
}

fn joined(parts: &[String]) -> Option<String> {
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A measure for a KPI the plan names, with the target and baseline its words give; its slug
/// is unique among `existing`.
pub fn new_measure(existing: &[Measure], name: &str, period: &PlanPeriod) -> Measure {
    measure_with(existing, name, &[], period)
}

/// A value as a plan writes it, with the year it is for: "63.4% (2022/23)", "358.2 (2023)",
/// "27% in 2022/23", "20%".
fn value_and_year(text: &str) -> Option<(f64, Option<String>)> {
    let number: String = text
        .trim()
        .trim_start_matches(['£', '$'])
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let value = number.parse::<f64>().ok()?;
    let year = text
        .split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-'))
        .map(|w| w.trim_matches(['/', '-']))
        .find(|w| w.len() >= 4 && w[..4].parse::<i32>().is_ok_and(|y| (1990..2100).contains(&y)) && *w != number)
        .map(str::to_string);
    Some((value, year))
}

/// The period a year written in a plan stands for: "2022/23" or "2022-23" a financial year,
/// "2023" a calendar year, except the year a plan of financial years ends in, which is its
/// last financial year ("a target for 2027" in a plan to March 2027 is for 2026-27).
fn period_of_year(year: &str, plan: &PlanPeriod) -> Option<Period> {
    let first: i32 = year.get(..4)?.parse().ok()?;
    if year.len() > 4 {
        return Some(Period::FinancialYear { year: first });
    }
    Some(if first == plan.end.year() {
        Period::FinancialYear { year: first - 1 }
    } else {
        Period::CalendarYear { year: first }
    })
}

/// A measure for a KPI the plan names, with the baseline, target and lead its table's cells
/// give ("Baseline (year)", "Target 2027", "Lead") or, failing them, its words; each marked to
/// be checked.
fn measure_with(existing: &[Measure], name: &str, cells: &[(String, String)], period: &PlanPeriod) -> Measure {
    let cell = |words: &[&str]| {
        cells
            .iter()
            .find(|(h, _)| words.iter().any(|w| h.to_lowercase().contains(w)))
            .map(|(h, v)| (h.as_str(), v.as_str()))
    };
    let percent = name.contains('%') || cells.iter().any(|(_, v)| v.contains('%'));
    let lower = name.to_lowercase();
    let unit = if percent || lower.starts_with("percentage") || lower.starts_with("proportion") {
        Unit::Percent
    } else if lower.contains("per 100,000") || lower.contains("per 100000") {
        Unit::RatePer100000
    } else if lower.contains("per 10,000") || lower.contains("per 10000") {
        Unit::RatePer10000
    } else if lower.contains("per 1,000") || lower.contains("per 1000") {
        Unit::RatePer1000
    } else if lower.contains("score") {
        Unit::Score
    } else {
        Unit::Count
    };
    let mut slug = slug(name);
    if existing.iter().any(|m| m.slug == slug) {
        let mut n = existing.len() + 1;
        while existing.iter().any(|m| m.slug == format!("{slug}-{n}")) {
            n += 1;
        }
        slug = format!("{slug}-{n}");
    }
    let figures = Figures::of(name);
    // A target is for the plan's last year unless the text says otherwise.
    let last_year = Period::FinancialYear { year: period.end.year() - 1 };
    let baseline = match cell(&["baseline", "starting point", "current", "latest"]).and_then(|(_, v)| value_and_year(v))
    {
        Some((value, year)) => Some(Baseline {
            period: year.and_then(|y| period_of_year(&y, period)).unwrap_or(last_year),
            value,
            note: Some("From the plan's table; check the value and its year".into()),
        }),
        None => figures.baseline.map(|(year, value)| Baseline {
            period: year
                .and_then(|y| period_of_year(&y, period))
                .unwrap_or(Period::CalendarYear { year: period.start.year() }),
            value,
            note: Some("As the plan gives it; check the value and its year".into()),
        }),
    };
    let target = match cell(&["target", "ambition", "aim"]) {
        Some((header, v)) => value_and_year(v).map(|(value, year)| {
            let year = year.or_else(|| value_and_year(&format!("0 {header}")).and_then(|(_, y)| y));
            (
                value,
                year.and_then(|y| period_of_year(&y, period)),
                "From the plan's table; check the value and the year it is for",
            )
        }),
        None => figures.target.map(|(value, year)| {
            (value, year.and_then(|y| period_of_year(&y, period)), "From the plan's words; check the year it is for")
        }),
    };
    let direction = match (&baseline, &target) {
        (Some(b), Some((t, _, _))) if *t > b.value => Direction::HigherIsBetter,
        (Some(b), Some((t, _, _))) if *t < b.value => Direction::LowerIsBetter,
        _ => Direction::Neither,
    };
    let lead = cell(&["lead", "owner", "responsible", "accountable"]).map(|(_, v)| v.to_string());
    // A count is whole: a figure with decimals that names no other unit is a score.
    let whole = |v: f64| v.fract() == 0.0 && v >= 0.0;
    let unit = match (&baseline, &target) {
        (Some(b), _) if unit == Unit::Count && !whole(b.value) => Unit::Score,
        (_, Some((t, _, _))) if unit == Unit::Count && !whole(*t) => Unit::Score,
        _ => unit,
    };
    Measure {
        definition: Some(match &lead {
            Some(lead) => format!("{name}\n\nLead: {lead} (from the plan's table; check it)"),
            None => name.to_string(),
        }),
        direction,
        baseline,
        targets: target
            .map(|(value, when, note)| Target {
                id: TargetId::new(),
                period: when.unwrap_or(last_year),
                kind: TargetKind::Absolute { value },
                note: Some(note.into()),
            })
            .into_iter()
            .collect(),
        ..Measure::new(MeasureId::new(), &slug, name, unit, PeriodType::FinancialYear)
    }
}

/// An action's lead and due date from its table's cells ("Lead", "By when"), the rest of its
/// cells as its detail.
fn action_with(title: &str, details: &[String], cells: &[(String, String)]) -> Action {
    let mut action = Action::new(title);
    let mut detail: Vec<String> = details.to_vec();
    for (header, value) in cells {
        let h = header.to_lowercase();
        if ["lead", "owner", "responsible", "who"].iter().any(|w| h.contains(w)) && action.lead.is_none() {
            action.lead = Some(Lead { name: value.clone(), role: None, organisation: None, email: None });
        } else if ["by when", "due", "deadline", "timescale", "date", "when", "by"].iter().any(|w| h.contains(w))
            && action.due_date.is_none()
            && let Some(date) = due_date(value)
        {
            action.due_date = Some(date);
        } else {
            detail.push(format!("{header}: {value}"));
        }
    }
    action.detail = joined(&detail);
    action
}

/// The day a due date written in a plan means: "31 March 2026", "31/03/2026", "March 2026"
/// (its last day), "2026" (the end of that financial year, 31 March).
fn due_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    for format in ["%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    if let Ok(first) = NaiveDate::parse_from_str(&format!("1 {text}"), "%d %B %Y") {
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        };
        return next.and_then(|n| n.pred_opt());
    }
    text.parse::<i32>().ok().filter(|y| (1990..2100).contains(y)).and_then(|y| NaiveDate::from_ymd_opt(y, 3, 31))
}

/// The figures a KPI's words give: a target ("100% of children …", "… or better. (24.7%)")
/// and a baseline ("(28.8% in 2015)", "(2016: 12.5% reception; 23% year 6)").
#[derive(Debug, Default, PartialEq)]
struct Figures {
    /// The value, and the year it is for when the words say.
    target: Option<(f64, Option<String>)>,
    /// The value, and the year it was for.
    baseline: Option<(Option<String>, f64)>,
}

static FROM_TO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\bfrom\s+(?P<base>\d[\d,.]*\s?%?)\s*(?:\(|in\s+)?(?P<base_year>(?:19|20)\d\d(?:[/-]\d\d)?)?\)?\s+to\s+(?P<target>\d[\d,.]*\s?%?)(?:\s+(?:by|in)\s+(?P<target_year>(?:19|20)\d\d(?:[/-]\d\d)?))?",
    )
    .unwrap_or_else(|e| panic!("the from-to pattern: {e}"))
});

impl Figures {
    fn of(text: &str) -> Figures {
        let percent = |t: &str| -> Option<f64> { t.trim().strip_suffix('%')?.trim().parse().ok() };
        let year = |t: &str| -> Option<String> {
            t.trim().parse::<i32>().ok().filter(|y| (1990..2100).contains(y)).map(|y| y.to_string())
        };
        let number = |t: &str| -> Option<f64> { t.trim().trim_end_matches('%').trim().replace(',', "").parse().ok() };
        let mut figures = Figures::default();
        // "reduce from 27% (2022/23) to 20% by 2026".
        if let Some(c) = FROM_TO.captures(text) {
            let base = c.name("base").and_then(|m| number(m.as_str()));
            let target = c.name("target").and_then(|m| number(m.as_str()));
            if let (Some(base), Some(target)) = (base, target) {
                figures.baseline = Some((c.name("base_year").map(|m| m.as_str().to_string()), base));
                figures.target = Some((target, c.name("target_year").map(|m| m.as_str().to_string())));
                return figures;
            }
        }
        // "100% of children …": the share the KPI is to reach.
        if let Some(first) = text.split_whitespace().next() {
            figures.target = percent(first).filter(|_| text.split_whitespace().nth(1) == Some("of")).map(|v| (v, None));
        }
        // Figures in brackets.
        let mut rest = text;
        while let Some(open) = rest.find('(') {
            let Some(close) = rest[open..].find(')') else { break };
            let inner = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            if let Some(value) = percent(inner) {
                figures.target = figures.target.or(Some((value, None)));
            } else if let Some((value, when)) = inner.split_once(" in ") {
                if let (Some(v), Some(y)) = (percent(value), year(when)) {
                    figures.baseline = Some((Some(y), v));
                }
            } else if let Some((when, values)) = inner.split_once(':') {
                let first = values.split(';').next().and_then(|v| v.split_whitespace().next()).and_then(percent);
                if let (Some(y), Some(v)) = (year(when), first) {
                    figures.baseline = Some((Some(y), v));
                }
            }
        }
        figures
    }
}

struct Builder {
    /// The plan's years, for the period of a target its words give.
    period: PlanPeriod,
    measures: Vec<Measure>,
    /// For a progress report: each item's update (what is working well, what people are
    /// concerned about), made into the round's updates.
    updates: Vec<Update>,
    progress_report: bool,
    author: String,
    /// The day a progress report was presented: its updates were accepted then.
    reported_on: NaiveDate,
}

/// What kind of organisation a partner is, from its name.
fn organisation_kind(name: &str) -> OrganisationKind {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["council"]) {
        OrganisationKind::Council
    } else if has(&["voluntary", "citizens advice", "healthwatch", "forum", "charity"]) {
        OrganisationKind::Voluntary
    } else if has(&["nhs", "clinical commissioning", "health", "hospital", "integrated care"]) {
        OrganisationKind::Nhs
    } else if has(&["police", "constabulary"]) {
        OrganisationKind::Police
    } else if has(&["college"]) {
        OrganisationKind::College
    } else if has(&["school", "academy", "early years"]) {
        OrganisationKind::School
    } else {
        OrganisationKind::Other
    }
}

/// What kind of document a reference names, from its words.
fn reference_kind(title: &str) -> ReferenceKind {
    let lower = title.to_lowercase();
    if ["ofsted", "cqc", "inspection", "recommendation"].iter().any(|w| lower.contains(w)) {
        ReferenceKind::Inspection
    } else if lower.contains("strategy") {
        ReferenceKind::Strategy
    } else if lower.contains("policy") {
        ReferenceKind::Policy
    } else if lower.contains("report") || lower.contains("review") {
        ReferenceKind::Report
    } else {
        ReferenceKind::Other
    }
}

/// A date as reports write it: "14 th January 2015", "14th January 2015", "14 January 2015".
fn report_date(text: &str) -> Option<NaiveDate> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches(',').to_string())
        .filter(|w| !matches!(w.to_lowercase().as_str(), "st" | "nd" | "rd" | "th"))
        .map(|w| {
            w.trim_end_matches(|c: char| c.is_alphabetic() && w.starts_with(|d: char| d.is_ascii_digit())).to_string()
        })
        .collect();
    words.windows(3).find_map(|w| NaiveDate::parse_from_str(&w.join(" "), "%d %B %Y").ok())
}

/// The cells of the table row an entry was read from.
fn cells_of(item: &Item, field: Field, index: usize) -> &[(String, String)] {
    item.cells.iter().find(|(f, i, _)| *f == field && *i == index).map_or(&[], |(_, _, cells)| cells.as_slice())
}

impl Builder {
    fn measure(&mut self, name: &str, cells: &[(String, String)]) -> MeasureId {
        let measure = measure_with(&self.measures, name, cells, &self.period);
        let id = measure.id;
        self.measures.push(measure);
        id
    }

    fn item(&mut self, item: &Item) -> PlanItem {
        let mut out = PlanItem::new(&item.title);
        out.number = item.number.clone();
        out.summary = joined(&item.summary);
        out.why_it_matters = joined(&item.why_it_matters);
        out.key_priority = joined(&item.key_priority);
        out.young_people_asked = item.asked.clone();
        out.officer_lead = joined(&item.lead).map(|name| Lead { name, role: None, organisation: None, email: None });
        out.young_person_lead = joined(&item.young_person_lead);
        out.references = item
            .references
            .iter()
            .map(|title| Reference {
                id: ReferenceId::new(),
                kind: reference_kind(title),
                title: title.clone(),
                detail: None,
                url: None,
            })
            .collect();
        out.actions = item
            .actions
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let details: Vec<String> =
                    item.action_details.iter().filter(|(a, _)| *a == i).map(|(_, d)| d.clone()).collect();
                action_with(title, &details, cells_of(item, Field::Actions, i))
            })
            .collect();
        out.success_statements = item
            .success
            .iter()
            .map(|text| SuccessStatement { id: SuccessStatementId::new(), text: text.clone(), measures: Vec::new() })
            .collect();
        out.measures = item
            .measures
            .iter()
            .enumerate()
            .map(|(i, name)| self.measure(name, cells_of(item, Field::Measures, i)))
            .collect();
        // What is working well and what worries people are progress, not plan: a progress
        // report's become an update in its round; in a plan they are kept in the summary so
        // that nothing is lost.
        if self.progress_report {
            if !item.working_well.is_empty() || !item.concerned.is_empty() {
                self.updates.push(Update {
                    id: UpdateId::new(),
                    item: Some(out.id),
                    action: None,
                    author: self.author.clone(),
                    author_email: None,
                    rag: None,
                    action_status: None,
                    working_well: joined(&item.working_well),
                    worried_about: joined(&item.concerned),
                    next_steps: None,
                    evidence: Vec::new(),
                    submitted_at: None,
                    // What a committee was given is what it accepted.
                    status: UpdateStatus::Accepted,
                    review: Some(Review {
                        by: self.author.clone(),
                        at: self.reported_on.and_time(chrono::NaiveTime::MIN).and_utc(),
                        comment: Some(format!("Reported to {} on {}", self.author, uk_date(self.reported_on))),
                    }),
                    versions: Vec::new(),
                    public: None,
                });
            }
            out.items = item.items.iter().map(|i| self.item(i)).collect();
            return out;
        }
        let mut progress = Vec::new();
        if !item.working_well.is_empty() {
            progress.push(format!("What's working well: {}", item.working_well.join(" ")));
        }
        if !item.concerned.is_empty() {
            progress.push(format!("What we are concerned about: {}", item.concerned.join(" ")));
        }
        if !progress.is_empty() {
            out.summary =
                Some([out.summary.unwrap_or_default(), progress.join("\n\n")].join("\n\n").trim().to_string());
        }
        if !item.lead_board.is_empty() {
            let text = format!("Lead partnership: {}", item.lead_board.join(" "));
            out.summary = Some([out.summary.unwrap_or_default(), text].join("\n\n").trim().to_string());
        }
        out.items = item.items.iter().map(|i| self.item(i)).collect();
        out
    }
}

/// What a progress report's officer wrote around the priorities: its heading table and its
/// numbered sections, by their titles ("8. Finance:", "9. Risks and Uncertainties:").
fn committee_text(parsed: &Parsed, date: NaiveDate) -> CommitteeText {
    let mut text = CommitteeText {
        meeting: parsed.meeting.clone(),
        meeting_on: Some(date),
        title: parsed.report_title.clone(),
        summary: joined(&parsed.summary),
        ..CommitteeText::default()
    };
    for (title, lines) in &parsed.sections {
        let lower = title.to_lowercase();
        let has = |w: &str| lower.contains(w);
        if has("recommend") {
            text.recommendations = lines.iter().map(|l| strip_list_number(l).to_string()).collect();
            continue;
        }
        let slot = if has("summary") {
            &mut text.summary
        } else if has("proposal") {
            &mut text.proposals
        } else if has("financ") {
            &mut text.finance
        } else if has("risk") {
            &mut text.risks
        } else if has("implication") || has("policy") {
            &mut text.implications
        } else if has("background") || has("consultation") {
            &mut text.background_papers
        } else if has("contact") {
            &mut text.contact
        } else if has("directorate") {
            &mut text.directorate
        } else {
            continue;
        };
        if let Some(body) = joined(lines) {
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}\n\n{body}"),
                None => body,
            });
        }
    }
    text
}

/// A recommendation without the numbering a report gives it: "(ii) The Partnership agree" is
/// "The Partnership agree".
fn strip_list_number(line: &str) -> &str {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('(')
        && let Some((number, after)) = rest.split_once(')')
        && !number.is_empty()
        && number.len() <= 5
        && number.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return after.trim();
    }
    line
}

/// The parsed document as a draft plan file for `owner`.
pub fn plan_file(parsed: &Parsed, owner: &Owner) -> PlanFile {
    let progress_report = parsed.is_progress_report();
    // A progress report's plan is the one it reports on: "Children and Young People's Plan –
    // 3rd Progress Report" reports on the "Children and Young People's Plan".
    let report_title = parsed.report_title.clone().or_else(|| parsed.title.clone());
    let title = match (&report_title, progress_report) {
        (Some(t), true) => t.split(" – ").next().and_then(|t| t.split(" - ").next()).unwrap_or(t).trim().to_string(),
        _ => parsed.title.clone().unwrap_or_else(|| "Imported plan".into()),
    };
    // The plan's years, from its title or else from the first "(2013-16)" the report gives.
    let years = std::iter::once(title.clone())
        .chain(parsed.sections.iter().flat_map(|(_, lines)| lines.clone()))
        .chain(parsed.introduction.clone())
        .find(|t| period_from_text(t).is_some())
        .unwrap_or_else(|| title.clone());
    let partnership = Partnership {
        id: PartnershipId::new(),
        slug: owner.partnership_slug.clone(),
        name: owner.partnership_name.clone(),
        area_name: owner.area_name.clone(),
        gss_code: owner.gss_code.clone(),
        description: None,
        // The partners the document names, for a partnership new to cypp.
        organisations: parsed
            .partners
            .iter()
            .filter(|p| p.split_whitespace().count() <= 12)
            .map(|name| Organisation { id: OrganisationId::new(), name: name.clone(), kind: organisation_kind(name) })
            .collect(),
        boards: Vec::new(),
        comparator_groups: Vec::new(),
        jargon: Vec::new(),
    };
    let author = parsed.meeting.clone().unwrap_or_else(|| "Imported from the progress report".into());
    let period = period_from(&years);
    let reported_on = parsed.date.as_deref().and_then(report_date).unwrap_or_else(|| Utc::now().date_naive());
    let mut builder =
        Builder { period, measures: Vec::new(), updates: Vec::new(), progress_report, author, reported_on };
    let items = parsed.items.iter().map(|i| builder.item(i)).collect();
    let section = |kind: SectionKind, title: &str, lines: &[String]| {
        joined(lines).map(|body| Section { id: SectionId::new(), kind, title: title.to_string(), body })
    };
    let sections = [
        section(SectionKind::Foreword, "Foreword", &parsed.foreword),
        section(SectionKind::Introduction, "Introduction", &parsed.introduction),
        section(SectionKind::Other, "Partners", &parsed.partners),
        section(SectionKind::ProgressChecking, "How progress is checked", &parsed.progress),
    ]
    .into_iter()
    .flatten()
    .collect();
    let plan = Plan {
        id: PlanId::new(),
        slug: slug(&title),
        revision_id: RevisionId::new(),
        revision: 1,
        revision_label: None,
        period,
        title,
        status: PlanStatus::Draft,
        status_history: vec![StatusChange {
            status: PlanStatus::Draft,
            at: Utc::now(),
            by: "cypp import plan".into(),
            note: None,
        }],
        vision: joined(&parsed.vision),
        purpose: joined(&parsed.purpose),
        easy_words: None,
        level_names: parsed.levels.clone(),
        level_plurals: Vec::new(),
        signoff_board: None,
    };
    let content = RevisionContent {
        plan,
        sections,
        principles: parsed
            .principles
            .iter()
            .map(|p| Principle {
                id: PrincipleId::new(),
                kind: PrincipleKind::Principle,
                title: p.clone(),
                description: None,
            })
            .collect(),
        themes: Vec::new(),
        glossary: parsed
            .glossary
            .iter()
            .map(|(term, definition)| GlossaryTerm {
                id: GlossaryTermId::new(),
                term: term.clone(),
                definition: definition.clone(),
                aliases: Vec::new(),
            })
            .collect(),
        items,
    };
    let rounds = if progress_report {
        let date = reported_on;
        let report = committee_text(parsed, date);
        vec![Round {
            id: RoundId::new(),
            name: report_title.unwrap_or_else(|| "Progress report".into()),
            period: None,
            revision_id: content.plan.revision_id,
            opens_on: date,
            due_on: date,
            status: RoundStatus::Closed,
            asked: Vec::new(),
            updates: builder.updates,
            report: Some(CommitteeReport {
                text: report,
                saved_by: "cypp import plan".into(),
                saved_at: Utc::now(),
                versions: Vec::new(),
            }),
        }]
    } else {
        Vec::new()
    };
    PlanFile::new(partnership, content, Vec::new(), builder.measures, rounds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_s_years_come_from_its_title() {
        assert_eq!(period_from("Children and Young People's Partnership Plan 2021-23").label(), "2021-23");
        assert_eq!(period_from("Plan 2022-2026").label(), "2022-26");
        assert_eq!(period_from("Plan 2024").label(), "2024-27");
        assert_eq!(
            period_from_text("the Children and Young People's Plan (2013-16) was").map(|p| p.label()),
            Some("2013-16".into())
        );
        assert!(period_from_text("a plan on a page").is_none());
    }

    #[test]
    fn targets_and_baselines_come_from_a_kpi_s_words() {
        let of = |t: &str| Figures::of(t);
        assert_eq!(of("100% of Children subject to CP plans will have a risk assessment").target, Some((100.0, None)));
        assert_eq!(
            of(
                "The percentage of 5 year old children with tooth decay in Rutland (28.8% in 2015) continues to reduce and comes into line with national levels or better. (24.7%)"
            ),
            Figures { target: Some((24.7, None)), baseline: Some((Some("2015".into()), 28.8)) }
        );
        assert_eq!(
            of("The prevalence rate of children who are overweight is reduced. (2016: 12.5% reception; 23% year 6)"),
            Figures { target: None, baseline: Some((Some("2016".into()), 12.5)) }
        );
        assert_eq!(of("Children and young people % of contacts within 12 weeks"), Figures::default());
        assert_eq!(of("Reduction in admissions (hospital admission from 2019/20 baseline)"), Figures::default());
        // A sentence with both: "reduce from 27% (2022/23) to 20% by 2026".
        assert_eq!(
            of("Reduce persistent absence from 27% (2022/23) to 20% by 2026"),
            Figures { target: Some((20.0, Some("2026".into()))), baseline: Some((Some("2022/23".into()), 27.0)) }
        );
        assert_eq!(
            of("Raise take-up from 68% in 2023 to 80%"),
            Figures { target: Some((80.0, None)), baseline: Some((Some("2023".into()), 68.0)) }
        );
    }

    #[test]
    fn a_measure_takes_its_baseline_target_and_lead_from_its_tables_cells() {
        let plan = PlanPeriod::financial_years(2024, 2026);
        let cells =
            |pairs: &[(&str, &str)]| pairs.iter().map(|(h, v)| (h.to_string(), v.to_string())).collect::<Vec<_>>();
        let m = measure_with(
            &[],
            "Percentage of children achieving a good level of development",
            &cells(&[("Baseline (year)", "63.4% (2022/23)"), ("Target 2027", "69%"), ("Lead", "Head of Early Years")]),
            &plan,
        );
        let baseline = m.baseline.as_ref().map(|b| (b.period, b.value));
        assert_eq!(baseline, Some((Period::FinancialYear { year: 2022 }, 63.4)));
        // The plan runs to March 2027: a target for 2027 is for its last financial year.
        let target = m.targets.first().map(|t| (t.period, t.kind.clone()));
        assert_eq!(target, Some((Period::FinancialYear { year: 2026 }, TargetKind::Absolute { value: 69.0 })));
        assert_eq!(m.direction, Direction::HigherIsBetter);
        assert_eq!(m.unit, Unit::Percent);
        assert!(m.definition.as_deref().is_some_and(|d| d.contains("Lead: Head of Early Years")));
        assert!(m.targets[0].note.as_deref().is_some_and(|n| n.contains("check")));
        let rate = measure_with(
            &[],
            "Rate of children in need per 10,000",
            &cells(&[("Baseline", "358.2 (2023)"), ("Target", "330")]),
            &plan,
        );
        assert_eq!(rate.unit, Unit::RatePer10000);
        assert_eq!(rate.direction, Direction::LowerIsBetter);
        assert_eq!(rate.baseline.map(|b| b.period), Some(Period::CalendarYear { year: 2023 }));
        // From a sentence, the target year as the plan's years say.
        let sentence = new_measure(&[], "Reduce persistent absence from 27% (2022/23) to 20% by 2026", &plan);
        assert_eq!(sentence.targets.first().map(|t| t.period), Some(Period::CalendarYear { year: 2026 }));
        assert_eq!(sentence.baseline.map(|b| (b.period, b.value)), Some((Period::FinancialYear { year: 2022 }, 27.0)));
    }

    #[test]
    fn an_action_takes_its_lead_and_due_date_from_its_tables_cells() {
        let cells = vec![
            ("Lead".to_string(), "Head of Early Help".to_string()),
            ("By when".to_string(), "March 2026".to_string()),
            ("Status".to_string(), "On track".to_string()),
        ];
        let action = action_with("Open two family hubs", &[], &cells);
        assert_eq!(action.lead.map(|l| l.name), Some("Head of Early Help".to_string()));
        assert_eq!(action.due_date, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(action.detail.as_deref(), Some("Status: On track"));
        assert_eq!(due_date("31/01/2025"), NaiveDate::from_ymd_opt(2025, 1, 31));
        assert_eq!(due_date("September 2025"), NaiveDate::from_ymd_opt(2025, 9, 30));
        assert_eq!(due_date("2026"), NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(due_date("ongoing"), None);
    }

    #[test]
    fn a_partner_s_kind_comes_from_its_name() {
        assert_eq!(organisation_kind("Rutland County Council"), OrganisationKind::Council);
        assert_eq!(
            organisation_kind("East Leicestershire and Rutland Clinical Commissioning Group"),
            OrganisationKind::Nhs
        );
        assert_eq!(organisation_kind("Leicestershire Constabulary"), OrganisationKind::Police);
        assert_eq!(organisation_kind("Rutland Early Years Providers, Schools and Colleges"), OrganisationKind::College);
        assert_eq!(organisation_kind("Voluntary Action Rutland"), OrganisationKind::Voluntary);
        assert_eq!(organisation_kind("Leicestershire Youth Offending Service"), OrganisationKind::Other);
        assert_eq!(organisation_kind("Healthwatch"), OrganisationKind::Voluntary);
        assert_eq!(organisation_kind("Leicestershire and Rutland Probation Trust"), OrganisationKind::Other);
        assert_eq!(organisation_kind("Leicestershire NHS Partnership Trust"), OrganisationKind::Nhs);
    }

    #[test]
    fn report_dates_are_read_as_reports_write_them() {
        let date = NaiveDate::from_ymd_opt(2015, 1, 14);
        assert_eq!(report_date("14 th January 2015"), date);
        assert_eq!(report_date("14th January 2015"), date);
        assert_eq!(report_date("Wednesday, 14 January 2015"), date);
        assert_eq!(report_date("next spring"), None);
    }
}
