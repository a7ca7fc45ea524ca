//! The words documents and pages use for the plan's values: who leads, what a figure says
//! (small numbers suppressed), what a target means, which way is better. One place, so that the
//! website, the PDF, the Word document and the spreadsheets say the same thing.

use std::collections::HashMap;

use cypp_domain::measure::format_number;
use cypp_domain::period::uk_date;
use cypp_domain::*;

/// The names of the things a plan refers to by id.
pub struct Names<'a> {
    pub organisations: HashMap<OrganisationId, &'a str>,
    pub boards: HashMap<BoardId, &'a str>,
    pub comparators: HashMap<ComparatorId, &'a str>,
    pub themes: HashMap<ThemeId, &'a str>,
    pub measures: HashMap<MeasureId, &'a Measure>,
}

impl<'a> Names<'a> {
    pub fn new(partnership: &'a Partnership, revision: &'a RevisionContent, measures: &'a [Measure]) -> Names<'a> {
        Names {
            organisations: partnership.organisations.iter().map(|o| (o.id, o.name.as_str())).collect(),
            boards: partnership.boards.iter().map(|b| (b.id, b.name.as_str())).collect(),
            comparators: partnership.comparator_groups.iter().map(|c| (c.id, c.name.as_str())).collect(),
            themes: revision.themes.iter().map(|t| (t.id, t.name.as_str())).collect(),
            measures: measures.iter().map(|m| (m.id, m)).collect(),
        }
    }
}

/// Who leads: "Sam Okafor, Service manager (Kelderby Council)".
pub fn lead_text(lead: &Lead, names: &Names<'_>) -> String {
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

/// The organisations working with an action's lead, by name, in the order the plan gives.
pub fn partners_text(action: &Action, names: &Names<'_>) -> String {
    let named: Vec<&str> = action.partners.iter().filter_map(|p| names.organisations.get(p).copied()).collect();
    named.join(", ")
}

/// A milestone in words: "Pilot in two schools, due 31 March 2026, done 12 March 2026".
pub fn milestone_text(milestone: &Milestone) -> String {
    let mut text = milestone.title.clone();
    if let Some(due) = milestone.due_date {
        text.push_str(&format!(", due {}", uk_date(due)));
    }
    match milestone.done_on {
        Some(done) => text.push_str(&format!(", done {}", uk_date(done))),
        None => text.push_str(", not done yet"),
    }
    text
}

/// A figure as the public sees it: the number in its unit, or what its symbol means.
pub fn reading_text(measure: &Measure, point: &DataPoint) -> String {
    match measure.published(point) {
        Reading::Number(n) => measure.format(n),
        Reading::Symbol(s) => format!("{} ({})", s.code(), s.meaning()),
    }
}

/// A target in words: "56 per 10,000 by 2026-27", "25% reduction from the 2019-20 baseline of
/// 623.2 per 100,000 by 2026-27", "In line with England by 2026-27".
pub fn target_text(measure: &Measure, target: &Target, names: &Names<'_>) -> String {
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

/// Which way is better, as a sentence.
pub fn better_text(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => "Higher is better",
        Direction::LowerIsBetter => "Lower is better",
        Direction::Neither => "Neither higher nor lower is better",
    }
}

/// The target a measure is working towards: the next one still to reach after its latest
/// figure, or else the last one set.
pub fn next_target(measure: &Measure) -> Option<&Target> {
    let latest = measure.latest();
    measure
        .targets
        .iter()
        .filter(|t| latest.is_none_or(|l| t.period > l.period))
        .min_by_key(|t| t.period)
        .or_else(|| measure.targets.iter().max_by_key(|t| t.period))
}

/// Where a figure stands among other areas' for its period, with which way is better applied:
/// ranks count from 1, the best, and the band is LAIT's, A the best quarter of authorities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Rank and of how many, among the area and its statistical neighbours.
    pub neighbours: Option<(u32, u32)>,
    /// Rank and of how many among every English local authority, and the quartile band.
    pub england: Option<(u32, u32, Option<cypp_analytics::rank::Band>)>,
}

/// The place of `point` as the public may see it: none where its figure is suppressed (a rank
/// would tell what the symbol hides), the measure has no better direction, or the file it
/// came from did not hold the other areas.
pub fn place(measure: &Measure, point: &DataPoint) -> Option<Place> {
    let value = measure.published(point).number()?;
    let standing = point.standing?;
    let direction = measure.direction;
    let place = Place {
        neighbours: standing.neighbours.and_then(|r| Some((r.rank(direction)?, r.of))),
        england: standing.england.and_then(|r| Some((r.rank(direction)?, r.of, r.band(value, direction)))),
    };
    (place.neighbours.is_some() || place.england.is_some()).then_some(place)
}

impl Place {
    /// For a table cell: "2nd of 4 with the neighbours", "115th of 149 in England, band D".
    pub fn short(&self) -> Vec<String> {
        use cypp_analytics::rank::ordinal;
        let mut parts = Vec::new();
        if let Some((rank, of)) = self.neighbours {
            parts.push(format!("{} of {of} with the neighbours", ordinal(rank)));
        }
        if let Some((rank, of, band)) = self.england {
            let band = band.map(|b| format!(", band {}", b.letter())).unwrap_or_default();
            parts.push(format!("{} of {of} in England{band}", ordinal(rank)));
        }
        parts
    }

    /// For a report's sentence: "2nd of 4 among our statistical neighbours and 115th of 149
    /// local authorities in England, in quartile band D (the worst quarter of areas)", where 1
    /// is the best.
    pub fn sentence(&self) -> String {
        use cypp_analytics::rank::ordinal;
        let mut parts = Vec::new();
        if let Some((rank, of)) = self.neighbours {
            parts.push(format!("{} of {of} among our statistical neighbours", ordinal(rank)));
        }
        if let Some((rank, of, band)) = self.england {
            let band = band.map(|b| format!(", in quartile band {} ({})", b.letter(), b.meaning())).unwrap_or_default();
            parts.push(format!("{} of {of} local authorities in England{band}", ordinal(rank)));
        }
        parts.join(" and ")
    }
}
