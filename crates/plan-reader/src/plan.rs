//! A parsed document as a cypp plan file (the foundation's JSON plan format), ready to check
//! and save: a draft plan whose levels are the document's, whose items carry the fields found,
//! with an action for each action line, a success statement for each, and a measure for each
//! KPI line. The partnership is named by whoever imports it; everything else is what the
//! document said.

use chrono::{Datelike, NaiveDate, Utc};
use cypp_domain::period::uk_date;
use cypp_domain::*;

use crate::parse::{Item, Parsed};

/// Who the plan belongs to, as the person importing it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub partnership_name: String,
    pub partnership_slug: String,
    pub area_name: String,
    pub gss_code: String,
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
    let unit = if name.contains('%') { Unit::Percent } else { Unit::Count };
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
    Measure {
        definition: Some(name.to_string()),
        direction: Direction::Neither,
        baseline: figures.baseline.map(|(year, value)| Baseline {
            period: Period::CalendarYear { year },
            value,
            note: Some("As the plan gives it".into()),
        }),
        targets: figures
            .target
            .map(|value| Target {
                id: TargetId::new(),
                period: last_year,
                kind: TargetKind::Absolute { value },
                note: Some("From the plan's words; check the year it is for".into()),
            })
            .into_iter()
            .collect(),
        ..Measure::new(MeasureId::new(), &slug, name, unit, PeriodType::FinancialYear)
    }
}

/// The figures a KPI's words give: a target ("100% of children …", "… or better. (24.7%)")
/// and a baseline ("(28.8% in 2015)", "(2016: 12.5% reception; 23% year 6)").
#[derive(Debug, Default, PartialEq)]
struct Figures {
    target: Option<f64>,
    baseline: Option<(i32, f64)>,
}

impl Figures {
    fn of(text: &str) -> Figures {
        let percent = |t: &str| -> Option<f64> { t.trim().strip_suffix('%')?.trim().parse().ok() };
        let year = |t: &str| -> Option<i32> { t.trim().parse().ok().filter(|y| (1990..2100).contains(y)) };
        let mut figures = Figures::default();
        // "100% of children …": the share the KPI is to reach.
        if let Some(first) = text.split_whitespace().next() {
            figures.target = percent(first).filter(|_| text.split_whitespace().nth(1) == Some("of"));
        }
        // Figures in brackets.
        let mut rest = text;
        while let Some(open) = rest.find('(') {
            let Some(close) = rest[open..].find(')') else { break };
            let inner = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            if let Some(value) = percent(inner) {
                figures.target = figures.target.or(Some(value));
            } else if let Some((value, when)) = inner.split_once(" in ") {
                if let (Some(v), Some(y)) = (percent(value), year(when)) {
                    figures.baseline = Some((y, v));
                }
            } else if let Some((when, values)) = inner.split_once(':') {
                let first = values.split(';').next().and_then(|v| v.split_whitespace().next()).and_then(percent);
                if let (Some(y), Some(v)) = (year(when), first) {
                    figures.baseline = Some((y, v));
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

impl Builder {
    fn measure(&mut self, name: &str) -> MeasureId {
        let measure = new_measure(&self.measures, name, &self.period);
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
                Action { detail: joined(&details), ..Action::new(title) }
            })
            .collect();
        out.success_statements = item
            .success
            .iter()
            .map(|text| SuccessStatement { id: SuccessStatementId::new(), text: text.clone(), measures: Vec::new() })
            .collect();
        out.measures = item.measures.iter().map(|name| self.measure(name)).collect();
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
        assert_eq!(of("100% of Children subject to CP plans will have a risk assessment").target, Some(100.0));
        assert_eq!(
            of(
                "The percentage of 5 year old children with tooth decay in Rutland (28.8% in 2015) continues to reduce and comes into line with national levels or better. (24.7%)"
            ),
            Figures { target: Some(24.7), baseline: Some((2015, 28.8)) }
        );
        assert_eq!(
            of("The prevalence rate of children who are overweight is reduced. (2016: 12.5% reception; 23% year 6)"),
            Figures { target: None, baseline: Some((2016, 12.5)) }
        );
        assert_eq!(of("Children and young people % of contacts within 12 weeks"), Figures::default());
        assert_eq!(of("Reduction in admissions (hospital admission from 2019/20 baseline)"), Figures::default());
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
