//! View models: domain values turned into the strings a page shows. Templates only place
//! them; every decision (labels, formats, what is overdue, what is suppressed) is made here.

use std::collections::HashMap;

use chrono::NaiveDate;
use cypp_domain::measure::format_number;
use cypp_domain::period::uk_date;
use cypp_domain::*;

pub struct PlanView {
    pub title: String,
    pub partnership: String,
    pub area: String,
    pub period: String,
    pub status: &'static str,
    pub revision: String,
    pub vision: Option<String>,
    pub purpose: Option<String>,
    pub signoff_board: Option<String>,
    pub sections: Vec<(String, String)>,
    pub principles: Vec<(String, Option<String>)>,
    pub themes: Vec<(String, Option<String>)>,
    pub glossary: Vec<(String, String)>,
    pub items: Vec<ItemView>,
    pub action_count: usize,
    pub overdue_count: usize,
    pub measure_count: usize,
}

pub struct ItemView {
    pub anchor: String,
    pub level: String,
    pub heading: String,
    /// The HTML heading level: 2 for the top level, down to 6.
    pub h: usize,
    pub why: Option<String>,
    pub key_priority: Option<String>,
    pub asked: Vec<String>,
    pub officer_lead: Option<String>,
    pub lead_board: Option<String>,
    pub young_person_lead: Option<String>,
    pub references: Vec<String>,
    pub themes: Vec<String>,
    pub success: Vec<SuccessView>,
    pub actions: Vec<ActionView>,
    pub measures: Vec<MeasureView>,
}

pub struct SuccessView {
    pub text: String,
    pub measures: Vec<String>,
}

pub struct ActionView {
    pub number: String,
    pub title: String,
    pub lead: String,
    pub due: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub overdue: bool,
}

pub struct MeasureView {
    pub name: String,
    pub latest: String,
    pub period: String,
    pub target: Option<String>,
    pub better: &'static str,
}

struct Names<'a> {
    organisations: HashMap<OrganisationId, &'a str>,
    boards: HashMap<BoardId, &'a str>,
    comparators: HashMap<ComparatorId, &'a str>,
    themes: HashMap<ThemeId, &'a str>,
    measures: HashMap<MeasureId, &'a Measure>,
}

fn lead_text(lead: &Lead, names: &Names<'_>) -> String {
    let mut text = lead.name.clone();
    if let Some(role) = &lead.role {
        text.push_str(", ");
        text.push_str(role);
    }
    if let Some(org) = lead.organisation.and_then(|o| names.organisations.get(&o)) {
        text.push_str(" (");
        text.push_str(org);
        text.push(')');
    }
    text
}

fn status_class(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::NotStarted => "status-grey",
        ActionStatus::OnTrack => "status-green",
        ActionStatus::AtRisk => "status-amber",
        ActionStatus::OffTrack => "status-red",
        ActionStatus::Done => "status-blue",
        ActionStatus::Dropped => "status-grey",
    }
}

/// A figure as the public sees it: the number in its unit, or what its symbol means.
pub fn reading_text(measure: &Measure, point: &DataPoint) -> String {
    match measure.published(point) {
        Reading::Number(n) => measure.format(n),
        Reading::Symbol(s) => format!("{} ({})", s.code(), s.meaning()),
    }
}

fn target_text(measure: &Measure, target: &Target, names: &Names<'_>) -> String {
    let when = target.period.label();
    match &target.kind {
        TargetKind::Absolute { value } => format!("{} by {when}", measure.format(*value)),
        TargetKind::FromBaseline { change_percent } => {
            let direction = if *change_percent < 0.0 { "reduction" } else { "increase" };
            let from = measure
                .baseline
                .as_ref()
                .map(|b| format!(" from the {} baseline of {}", b.period.label(), measure.format(b.value)))
                .unwrap_or_default();
            format!("{}% {direction}{from} by {when}", format_number(change_percent.abs(), 0))
        }
        TargetKind::CloseGap { comparator, gap_closed_percent } => {
            let area = names.comparators.get(comparator).copied().unwrap_or("the comparator");
            if *gap_closed_percent >= 100.0 {
                format!("In line with {area} by {when}")
            } else {
                format!("Close {}% of the gap to {area} by {when}", format_number(*gap_closed_percent, 0))
            }
        }
    }
}

fn measure_view(measure: &Measure, names: &Names<'_>) -> MeasureView {
    let latest = measure.latest();
    // The next target still to reach after the latest figure, or else the last one set.
    let target = measure
        .targets
        .iter()
        .filter(|t| latest.is_none_or(|l| t.period > l.period))
        .min_by_key(|t| t.period)
        .or_else(|| measure.targets.iter().max_by_key(|t| t.period))
        .map(|t| target_text(measure, t, names));
    MeasureView {
        name: measure.name.clone(),
        latest: latest.map(|p| reading_text(measure, p)).unwrap_or_else(|| "No data yet".into()),
        period: latest.map(|p| p.period.label()).unwrap_or_default(),
        target,
        better: match measure.direction {
            Direction::HigherIsBetter => "Higher is better",
            Direction::LowerIsBetter => "Lower is better",
            Direction::Neither => "Neither higher nor lower is better",
        },
    }
}

impl PlanView {
    pub fn new(file: &PlanFile, today: NaiveDate) -> PlanView {
        let names = Names {
            organisations: file.partnership.organisations.iter().map(|o| (o.id, o.name.as_str())).collect(),
            boards: file.partnership.boards.iter().map(|b| (b.id, b.name.as_str())).collect(),
            comparators: file.partnership.comparator_groups.iter().map(|c| (c.id, c.name.as_str())).collect(),
            themes: file.themes.iter().map(|t| (t.id, t.name.as_str())).collect(),
            measures: file.measures.iter().map(|m| (m.id, m)).collect(),
        };
        let mut items = Vec::new();
        let (mut action_count, mut overdue_count) = (0, 0);
        for top in &file.items {
            for (depth, item) in top.walk() {
                let actions: Vec<ActionView> = item
                    .actions
                    .iter()
                    .map(|a| ActionView {
                        number: a.number.clone().unwrap_or_default(),
                        title: a.title.clone(),
                        lead: a.lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default(),
                        due: a.due_date.map(uk_date).unwrap_or_default(),
                        status: a.status.label(),
                        status_class: status_class(a.status),
                        overdue: a.is_overdue(today),
                    })
                    .collect();
                action_count += actions.len();
                overdue_count += actions.iter().filter(|a| a.overdue).count();
                items.push(ItemView {
                    anchor: format!("item-{}", item.id),
                    level: file.plan.level_name(depth).to_string(),
                    heading: item.heading(),
                    h: (depth + 2).min(6),
                    why: item.why_it_matters.clone(),
                    key_priority: item.key_priority.clone(),
                    asked: item.young_people_asked.clone(),
                    officer_lead: item.officer_lead.as_ref().map(|l| lead_text(l, &names)),
                    lead_board: item.lead_board.and_then(|b| names.boards.get(&b)).map(|s| s.to_string()),
                    young_person_lead: item.young_person_lead.clone(),
                    references: item
                        .references
                        .iter()
                        .map(|r| match &r.detail {
                            Some(d) => format!("{}: {d}", r.title),
                            None => r.title.clone(),
                        })
                        .collect(),
                    themes: item.themes.iter().filter_map(|t| names.themes.get(t)).map(|s| s.to_string()).collect(),
                    success: item
                        .success_statements
                        .iter()
                        .map(|s| SuccessView {
                            text: s.text.clone(),
                            measures: s
                                .measures
                                .iter()
                                .filter_map(|m| names.measures.get(m))
                                .map(|m| m.name.clone())
                                .collect(),
                        })
                        .collect(),
                    actions,
                    measures: item
                        .measures
                        .iter()
                        .filter_map(|m| names.measures.get(m))
                        .map(|m| measure_view(m, &names))
                        .collect(),
                });
            }
        }
        PlanView {
            title: file.plan.title.clone(),
            partnership: file.partnership.name.clone(),
            area: format!("{} ({})", file.partnership.area_name, file.partnership.gss_code),
            period: file.plan.period.label(),
            status: file.plan.status.label(),
            revision: match &file.plan.revision_label {
                Some(label) => format!("Revision {}: {label}", file.plan.revision),
                None => format!("Revision {}", file.plan.revision),
            },
            vision: file.plan.vision.clone(),
            purpose: file.plan.purpose.clone(),
            signoff_board: file.plan.signoff_board.and_then(|b| names.boards.get(&b)).map(|s| s.to_string()),
            sections: file.sections.iter().map(|s| (s.title.clone(), s.body.clone())).collect(),
            principles: file.principles.iter().map(|p| (p.title.clone(), p.description.clone())).collect(),
            themes: file.themes.iter().map(|t| (t.name.clone(), t.description.clone())).collect(),
            glossary: file.glossary.iter().map(|g| (g.term.clone(), g.definition.clone())).collect(),
            items,
            action_count,
            overdue_count,
            measure_count: file.measures.len(),
        }
    }
}
