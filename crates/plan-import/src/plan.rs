//! A parsed document as a cypp plan file (the foundation's JSON plan format), ready to check
//! and save: a draft plan whose levels are the document's, whose items carry the fields found,
//! with an action for each action line, a success statement for each, and a measure for each
//! KPI line. The partnership is named by whoever imports it; everything else is what the
//! document said.

use chrono::{Datelike, Utc};
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

struct Builder {
    measures: Vec<Measure>,
}

impl Builder {
    fn measure(&mut self, name: &str) -> MeasureId {
        let unit = if name.contains('%') { Unit::Percent } else { Unit::Count };
        let mut slug = slug(name);
        if self.measures.iter().any(|m| m.slug == slug) {
            slug = format!("{slug}-{}", self.measures.len() + 1);
        }
        let measure = Measure {
            definition: Some(name.to_string()),
            direction: Direction::Neither,
            ..Measure::new(MeasureId::new(), &slug, name, unit, PeriodType::FinancialYear)
        };
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
        out.actions = item.actions.iter().map(Action::new).collect();
        out.success_statements = item
            .success
            .iter()
            .map(|text| SuccessStatement { id: SuccessStatementId::new(), text: text.clone(), measures: Vec::new() })
            .collect();
        out.measures = item.measures.iter().map(|name| self.measure(name)).collect();
        // What is working well and what worries people are progress, not plan: they are kept
        // in the summary so nothing is lost, and a progress report is recognised separately.
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

/// The parsed document as a draft plan file for `owner`.
pub fn plan_file(parsed: &Parsed, owner: &Owner) -> PlanFile {
    let title = parsed.title.clone().unwrap_or_else(|| "Imported plan".into());
    let partnership = Partnership {
        id: PartnershipId::new(),
        slug: owner.partnership_slug.clone(),
        name: owner.partnership_name.clone(),
        area_name: owner.area_name.clone(),
        gss_code: owner.gss_code.clone(),
        description: None,
        organisations: Vec::new(),
        boards: Vec::new(),
        comparator_groups: Vec::new(),
        jargon: Vec::new(),
    };
    let mut builder = Builder { measures: Vec::new() };
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
        period: period_from(&title),
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
        level_names: parsed.levels.clone(),
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
    PlanFile::new(partnership, content, Vec::new(), builder.measures, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_s_years_come_from_its_title() {
        assert_eq!(period_from("Children and Young People's Partnership Plan 2021-23").label(), "2021-23");
        assert_eq!(period_from("Plan 2022-2026").label(), "2022-26");
        assert_eq!(period_from("Plan 2024").label(), "2024-27");
    }
}
