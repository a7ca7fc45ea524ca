//! Validation: the rules a plan must keep, with messages written for the person who has to
//! fix the problem. Each problem names where it is, as a JSON path into the plan file
//! (`measures[3].data[12].value`), which is also how forms find the field to mark.

use std::collections::HashSet;
use std::fmt;

use crate::action::Action;
use crate::item::{PlanItem, RiskStatus};
use crate::measure::{DataPoint, Measure, Reading, TargetKind, Unit};
use crate::partnership::{Partnership, is_gss_code};
use crate::period::{PeriodType, PlanPeriod};
use crate::plan::Plan;
use crate::round::{Round, Update};

/// One thing wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

/// Everything wrong with a value, collected so that a person sees all of it at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { path: path.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), Problems> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The problems for one field, for showing beside it on a form.
    pub fn for_path(&self, path: &str) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(move |p| p.path == path)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() { field.to_string() } else { format!("{path}.{field}") }
}

/// Whether `slug` is usable in a web address: lower-case letters, digits and single hyphens.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The longest a title, a name or another one-line text may be, in characters.
pub const MAX_SHORT_TEXT: usize = 1_000;
/// The longest a paragraph field (a summary, why it matters, a definition, the vision) may be.
pub const MAX_LONG_TEXT: usize = 50_000;

fn require_text(problems: &mut Problems, path: &str, field: &str, value: &str, what: &str) {
    if value.trim().is_empty() {
        problems.push(join(path, field), format!("Enter {what}"));
    }
    limit_text(problems, path, field, Some(value), MAX_SHORT_TEXT);
}

/// Refuses text longer than `max` characters, saying how long it is and what the limit is.
fn limit_text(problems: &mut Problems, path: &str, field: &str, value: Option<&str>, max: usize) {
    let length = value.map_or(0, |v| v.chars().count());
    if length > max {
        problems.push(
            join(path, field),
            format!("This is {length} characters long; it can be at most {max}. Shorten it, or put the detail in a linked document"),
        );
    }
}

fn check_slug(problems: &mut Problems, path: &str, slug: &str) {
    if !is_slug(slug) {
        problems.push(
            join(path, "slug"),
            format!("\"{slug}\" cannot be used in a web address; use lower-case letters, numbers and hyphens, such as \"children-in-care\""),
        );
    }
}

pub fn check_partnership(partnership: &Partnership, path: &str, problems: &mut Problems) {
    check_slug(problems, path, &partnership.slug);
    require_text(problems, path, "name", &partnership.name, "the partnership's name");
    require_text(problems, path, "area_name", &partnership.area_name, "the area's name");
    if !is_gss_code(&partnership.gss_code) {
        problems.push(
            join(path, "gss_code"),
            format!(
                "\"{}\" is not an ONS GSS code; it should be a capital letter and eight digits, such as E08000005",
                partnership.gss_code
            ),
        );
    }
    for (i, word) in partnership.jargon.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "jargon"));
        require_text(problems, &path, "word", &word.word, "the word to avoid");
        require_text(problems, &path, "instead", &word.instead, "what to say instead");
    }
    for (i, group) in partnership.comparator_groups.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "comparator_groups"));
        require_text(problems, &path, "name", &group.name, "the comparator's name");
        for code in group.area_code.iter().chain(&group.members) {
            if !is_gss_code(code) {
                problems.push(path.clone(), format!("\"{code}\" is not an ONS GSS code"));
            }
        }
    }
}

pub fn check_plan(plan: &Plan, path: &str, problems: &mut Problems) {
    check_slug(problems, path, &plan.slug);
    require_text(problems, path, "title", &plan.title, "the plan's title");
    limit_text(problems, path, "vision", plan.vision.as_deref(), MAX_LONG_TEXT);
    limit_text(problems, path, "purpose", plan.purpose.as_deref(), MAX_LONG_TEXT);
    limit_text(problems, path, "easy_words", plan.easy_words.as_deref(), MAX_LONG_TEXT);
    if plan.period.end <= plan.period.start {
        problems.push(join(path, "period"), "The plan must end after it starts");
    }
    if plan.level_names.is_empty() || plan.level_names.iter().any(|n| n.trim().is_empty()) {
        problems.push(
            join(path, "level_names"),
            "Name each level of the plan, top first, such as \"Outcome\" then \"Priority\"",
        );
    }
    if !plan.level_plurals.is_empty()
        && (plan.level_plurals.len() != plan.level_names.len()
            || plan.level_plurals.iter().any(|n| n.trim().is_empty()))
    {
        problems.push(
            join(path, "level_plurals"),
            format!(
                "Give the plural of each level's name, in the order of the names: {} names, {} plurals",
                plan.level_names.len(),
                plan.level_plurals.len()
            ),
        );
    }
    if plan.revision == 0 {
        problems.push(join(path, "revision"), "Revisions are numbered from 1");
    }
}

pub fn check_item(item: &PlanItem, period: &PlanPeriod, path: &str, problems: &mut Problems) {
    require_text(problems, path, "title", &item.title, "a title");
    for (field, text) in [
        ("summary", &item.summary),
        ("why_it_matters", &item.why_it_matters),
        ("key_priority", &item.key_priority),
        ("easy_words", &item.easy_words),
    ] {
        limit_text(problems, path, field, text.as_deref(), MAX_LONG_TEXT);
    }
    limit_text(problems, path, "picture", item.picture.as_deref(), MAX_SHORT_TEXT);
    for (i, action) in item.actions.iter().enumerate() {
        check_action(action, &format!("{}[{i}]", join(path, "actions")), problems);
    }
    for (i, statement) in item.success_statements.iter().enumerate() {
        require_text(
            problems,
            &format!("{}[{i}]", join(path, "success_statements")),
            "text",
            &statement.text,
            "what will show the difference",
        );
    }
    for (i, risk) in item.risks.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "risks"));
        require_text(problems, &path, "title", &risk.title, "the risk");
        for (field, score) in [("likelihood", risk.likelihood), ("impact", risk.impact)] {
            if !(1..=5).contains(&score) {
                problems.push(join(&path, field), format!("The {field} of a risk is scored from 1 to 5, not {score}"));
            }
        }
        if risk.status == RiskStatus::Closed && risk.mitigation.is_none() {
            problems.push(join(&path, "mitigation"), "Say how a closed risk was dealt with");
        }
    }
    for (i, line) in item.finance.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "finance"));
        require_text(problems, &path, "description", &line.description, "what the money is for");
        if line.year.period_type() != PeriodType::FinancialYear {
            problems.push(
                join(&path, "year"),
                format!("{} is not a financial year; write it as 2024-25", line.year.label()),
            );
        } else if !period.contains(&line.year) {
            problems.push(
                join(&path, "year"),
                format!("The money for {} is outside the plan period {}", line.year.label(), period.label()),
            );
        }
        if line.budget_pence < 0 {
            problems.push(join(&path, "budget_pence"), "A budget cannot be negative");
        }
    }
    for (i, child) in item.items.iter().enumerate() {
        check_item(child, period, &format!("{}[{i}]", join(path, "items")), problems);
    }
}

/// "You said, we did": each action answers only what children and young people asked for in
/// its own item or an item above it (`asked` holds those asks, nearest first).
pub fn check_answers(item: &PlanItem, asked: &[&str], path: &str, problems: &mut Problems) {
    let mut here: Vec<&str> = item.young_people_asked.iter().map(String::as_str).collect();
    here.extend_from_slice(asked);
    for (a, action) in item.actions.iter().enumerate() {
        for (i, answer) in action.answers.iter().enumerate() {
            if !here.contains(&answer.as_str()) {
                problems.push(
                    format!("{}[{a}].answers[{i}]", join(path, "actions")),
                    format!(
                        "\"{answer}\" is not something children and young people asked for in this part of the plan or above it"
                    ),
                );
            }
        }
    }
    for (i, child) in item.items.iter().enumerate() {
        check_answers(child, &here, &format!("{}[{i}]", join(path, "items")), problems);
    }
}

pub fn check_action(action: &Action, path: &str, problems: &mut Problems) {
    require_text(problems, path, "title", &action.title, "what the action is");
    limit_text(problems, path, "detail", action.detail.as_deref(), MAX_LONG_TEXT);
    if let (Some(start), Some(due)) = (action.start_date, action.due_date)
        && due < start
    {
        problems.push(join(path, "due_date"), format!("The due date {due} is before the start date {start}"));
    }
    if action.completed_on.is_some() && !action.status.is_finished() {
        problems.push(join(path, "completed_on"), "Only a done or dropped action has a completion date");
    }
    for (i, milestone) in action.milestones.iter().enumerate() {
        require_text(
            problems,
            &format!("{}[{i}]", join(path, "milestones")),
            "title",
            &milestone.title,
            "the milestone",
        );
    }
}

/// Checks a value against what its unit allows.
pub fn check_value(unit: Unit, value: f64, path: &str, problems: &mut Problems) {
    if !value.is_finite() {
        problems.push(path, "The value must be a number");
        return;
    }
    match unit {
        Unit::Percent if !(0.0..=100.0).contains(&value) => {
            problems.push(path, format!("{value} is a percentage, so it must be between 0 and 100"))
        }
        Unit::Count if value < 0.0 || value.fract() != 0.0 => {
            problems.push(path, format!("{value} is a count, so it must be a whole number, 0 or more"))
        }
        Unit::RatePer1000 | Unit::RatePer10000 | Unit::RatePer100000 | Unit::Days | Unit::Weeks if value < 0.0 => {
            problems.push(path, format!("{value} cannot be negative for a {}", unit.label()))
        }
        _ => {}
    }
}

pub fn check_data_point(measure: &Measure, point: &DataPoint, path: &str, problems: &mut Problems) {
    if point.period.period_type() != measure.period_type {
        problems.push(
            join(path, "period"),
            format!(
                "\"{}\" is reported by {}, so {} does not fit",
                measure.name,
                measure.period_type.label(),
                point.period.label()
            ),
        );
    }
    if let Reading::Number(value) = point.value {
        check_value(measure.unit, value, &join(path, "value"), problems);
        for (field, ci) in [("ci", point.ci), ("ci_998", point.ci_998)] {
            let Some(ci) = ci else { continue };
            if ci.lower > ci.upper {
                problems.push(
                    join(path, field),
                    format!("The lower confidence limit {} is above the upper limit {}", ci.lower, ci.upper),
                );
            }
            if !(50.0..100.0).contains(&ci.level) {
                problems.push(
                    join(path, &format!("{field}.level")),
                    format!("{} is not a confidence level; use 95 or 99.8", ci.level),
                );
            }
        }
        if let (Some(narrow), Some(wide)) = (point.ci, point.ci_998)
            && (wide.lower > narrow.lower || wide.upper < narrow.upper)
        {
            problems.push(join(path, "ci_998"), "The 99.8% interval must contain the 95% interval");
        }
    }
    let standing = point.standing.unwrap_or_default();
    for (field, ranking) in [("england", standing.england), ("neighbours", standing.neighbours)] {
        let Some(ranking) = ranking else { continue };
        if !ranking.is_consistent() {
            problems.push(
                join(path, &format!("standing.{field}")),
                format!(
                    "{} areas above and {} below cannot be among {} areas",
                    ranking.higher, ranking.lower, ranking.of
                ),
            );
        }
        if ranking.quartiles.is_some_and(|[l, m, u]| !(l <= m && m <= u)) {
            problems.push(
                join(path, &format!("standing.{field}.quartiles")),
                "The quartiles must rise: lower, median, upper",
            );
        }
        if point.value.number().is_none() {
            problems.push(join(path, "standing"), "A figure with no number has no place among other areas");
        }
    }
    for (field, count) in [("numerator", point.numerator), ("denominator", point.denominator)] {
        if count.is_some_and(|c| c < 0.0 || !c.is_finite()) {
            problems.push(join(path, field), format!("The {field} cannot be negative"));
        }
    }
    if let (Some(n), Some(d)) = (point.numerator, point.denominator) {
        if n > d && matches!(measure.unit, Unit::Percent) {
            problems.push(
                join(path, "numerator"),
                format!("The numerator {n} is larger than the denominator {d}, so this cannot be a percentage"),
            );
        }
        if d == 0.0 && n > 0.0 {
            problems.push(join(path, "denominator"), "The denominator is 0 but the numerator is not");
        }
    }
}

pub fn check_measure(measure: &Measure, period: &PlanPeriod, path: &str, problems: &mut Problems) {
    check_slug(problems, path, &measure.slug);
    require_text(problems, path, "name", &measure.name, "the measure's name");
    limit_text(problems, path, "definition", measure.definition.as_deref(), MAX_LONG_TEXT);
    if measure.decimals > 6 {
        problems.push(join(path, "decimals"), "Show at most 6 decimal places");
    }
    if measure.tolerance.is_some_and(|t| t < 0.0 || !t.is_finite()) {
        problems.push(join(path, "tolerance"), "The tolerance is a distance from the target, so it cannot be negative");
    }
    if let Some(baseline) = &measure.baseline {
        check_value(measure.unit, baseline.value, &join(path, "baseline.value"), problems);
    }
    for (i, target) in measure.targets.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "targets"));
        if !period.contains(&target.period) {
            problems.push(
                join(&path, "period"),
                format!("The target for {} is outside the plan period {}", target.period.label(), period.label()),
            );
        }
        match target.kind {
            TargetKind::Absolute { value } => check_value(measure.unit, value, &join(&path, "value"), problems),
            TargetKind::FromBaseline { .. } if measure.baseline.is_none() => problems
                .push(join(&path, "type"), "A target set from the baseline needs the measure to have a baseline"),
            TargetKind::CloseGap { gap_closed_percent, .. } if !(0.0..=100.0).contains(&gap_closed_percent) => {
                problems.push(join(&path, "gap_closed_percent"), "The share of the gap to close is between 0 and 100")
            }
            _ => {}
        }
    }
    check_spc(measure, &join(path, "spc"), problems);
    check_series(measure, &measure.data, &join(path, "data"), problems);
    for (i, series) in measure.comparators.iter().enumerate() {
        check_series(measure, &series.data, &format!("{}[{i}].data", join(path, "comparators")), problems);
    }
}

fn check_spc(measure: &Measure, path: &str, problems: &mut Problems) {
    let spc = &measure.spc;
    if !(6..=7).contains(&spc.run_length) {
        problems.push(join(path, "run_length"), "A trend or shift is 7 points, or 6 where the trust prefers it");
    }
    if spc.fix_after.is_some_and(|n| n < 2) {
        problems.push(join(path, "fix_after"), "Limits need at least 2 points to be fixed from");
    }
    for (i, period) in spc.rebase_at.iter().enumerate() {
        if period.period_type() != measure.period_type {
            problems.push(
                format!("{}[{i}]", join(path, "rebase_at")),
                format!(
                    "\"{}\" is reported by {}, so the limits cannot start again at {}",
                    measure.name,
                    measure.period_type.label(),
                    period.label()
                ),
            );
        }
    }
}

fn check_series(measure: &Measure, data: &[DataPoint], path: &str, problems: &mut Problems) {
    let mut seen = HashSet::new();
    for (i, point) in data.iter().enumerate() {
        let path = format!("{path}[{i}]");
        if !seen.insert(point.period) {
            problems.push(join(&path, "period"), format!("There is already a figure for {}", point.period.label()));
        }
        check_data_point(measure, point, &path, problems);
    }
}

pub fn check_round(round: &Round, path: &str, problems: &mut Problems) {
    require_text(problems, path, "name", &round.name, "the round's name");
    if round.due_on < round.opens_on {
        problems.push(join(path, "due_on"), "Updates cannot be due before the round opens");
    }
    for (i, update) in round.updates.iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "updates"));
        if update.item.is_some() == update.action.is_some() {
            problems.push(path.clone(), "An update is about one item or one action: give exactly one");
        }
        check_update(update, &path, problems);
    }
    if let Some(report) = &round.report {
        check_committee(&report.text, &join(path, "report"), problems);
    }
}

/// The officer's parts of a committee report: text within its limits, recommendations given
/// one by one.
pub fn check_committee(text: &crate::CommitteeText, path: &str, problems: &mut Problems) {
    for (field, value) in [
        ("meeting", &text.meeting),
        ("title", &text.title),
        ("directorate", &text.directorate),
        ("contact", &text.contact),
    ] {
        limit_text(problems, path, field, value.as_deref(), MAX_SHORT_TEXT);
    }
    for (field, value) in [
        ("summary", &text.summary),
        ("proposals", &text.proposals),
        ("finance", &text.finance),
        ("risks", &text.risks),
        ("implications", &text.implications),
        ("background_papers", &text.background_papers),
    ] {
        limit_text(problems, path, field, value.as_deref(), MAX_LONG_TEXT);
    }
    for recommendation in &text.recommendations {
        limit_text(problems, path, "recommendations", Some(recommendation), MAX_LONG_TEXT);
        if recommendation.trim().is_empty() {
            problems.push(join(path, "recommendations"), "A recommendation cannot be empty");
        }
    }
}

/// An update's own rules: who gave it, text within its limits, evidence links that are web
/// addresses (`http` or `https`, never `javascript:` or `data:`).
pub fn check_update(update: &Update, path: &str, problems: &mut Problems) {
    require_text(problems, path, "author", &update.author, "who gave the update");
    for (field, text) in [
        ("working_well", &update.working_well),
        ("worried_about", &update.worried_about),
        ("next_steps", &update.next_steps),
    ] {
        limit_text(problems, path, field, text.as_deref(), MAX_LONG_TEXT);
    }
    if let Some(public) = &update.public {
        let at = join(path, "public");
        limit_text(problems, &at, "text", Some(&public.text), MAX_LONG_TEXT);
        limit_text(problems, &at, "easy_words", public.easy_words.as_deref(), MAX_LONG_TEXT);
    }
    for (i, link) in update.evidence.iter().enumerate() {
        let at = format!("{}[{i}]", join(path, "evidence"));
        require_text(problems, &at, "title", &link.title, "what the evidence is");
        limit_text(problems, &at, "title", Some(&link.title), MAX_SHORT_TEXT);
        if !is_web_address(&link.url) {
            problems.push(
                join(&at, "url"),
                "Enter a web address that starts with https:// or http://, such as https://www.example.gov.uk/report",
            );
        }
    }
}

/// Whether `text` is an `http` or `https` address with a host: the only links an update may
/// carry, so that no `javascript:` or `data:` address reaches a page.
pub fn is_web_address(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && text.len() <= 2_000
                && !text.trim().chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_answers_only_what_was_asked_in_its_part_of_the_plan_or_above() {
        let mut outcome = PlanItem::new("Safe");
        outcome.young_people_asked = vec!["Safe places to meet.".into()];
        let mut priority = PlanItem::new("Exploitation");
        priority.young_people_asked = vec!["Someone to talk to.".into()];
        let mut action = Action::new("Walkabouts");
        action.answers = vec!["Safe places to meet.".into(), "Someone to talk to.".into()];
        priority.actions.push(action);
        outcome.items.push(priority);
        let mut problems = Problems::default();
        check_answers(&outcome, &[], "items[0]", &mut problems);
        assert!(problems.is_empty(), "its own part's ask and the outcome's: {problems:?}");
        // An ask from another part of the plan.
        outcome.items[0].actions[0].answers.push("Free sport.".into());
        check_answers(&outcome, &[], "items[0]", &mut problems);
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].path, "items[0].items[0].actions[0].answers[2]");
        assert_eq!(PlanItem::asks_for(std::slice::from_ref(&outcome), outcome.items[0].id).map(|a| a.len()), Some(2));
    }
    use crate::ids::MeasureId;

    #[test]
    fn only_http_and_https_addresses_are_evidence() {
        for good in ["https://kelderby.example/send", "http://example.org", "HTTPS://Example.org/a?b=c#d"] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "https://",
            "ftp://example.org",
            "https://exa mple.org",
            "https://example.org/\"onmouseover=",
            "//example.org",
            "example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn text_longer_than_its_limit_is_refused_with_the_limit_named() {
        let period = PlanPeriod { start: chrono::NaiveDate::MIN, end: chrono::NaiveDate::MAX };
        let mut item = PlanItem::new("x".repeat(1 << 20));
        item.summary = Some("y".repeat(MAX_LONG_TEXT + 1));
        let mut problems = Problems::default();
        check_item(&item, &period, "items[0]", &mut problems);
        let messages: Vec<String> = problems.0.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("items[0].title: This is 1048576 characters long; it can be at most 1000")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("items[0].summary: This is 50001 characters long; it can be at most 50000")),
            "{messages:?}"
        );
        let mut problems = Problems::default();
        check_item(&PlanItem::new("é".repeat(MAX_SHORT_TEXT)), &period, "", &mut problems);
        assert!(problems.is_empty(), "the limit counts characters, not bytes");
    }

    use crate::period::Period;

    fn measure(unit: Unit) -> Measure {
        Measure::new(MeasureId::derived("m"), "m", "Test", unit, PeriodType::FinancialYear)
    }

    fn messages(problems: &Problems) -> String {
        problems.to_string()
    }

    #[test]
    fn a_percentage_outside_0_to_100_is_refused_in_plain_words() {
        let m = measure(Unit::Percent);
        let mut problems = Problems::default();
        check_data_point(&m, &DataPoint::new(Period::FinancialYear { year: 2024 }, 104.0), "data[0]", &mut problems);
        assert_eq!(messages(&problems), "data[0].value: 104 is a percentage, so it must be between 0 and 100");
    }

    #[test]
    fn a_wide_interval_inside_the_narrow_one_and_bad_spc_settings_are_refused() {
        use crate::measure::ConfidenceInterval;
        let mut m = measure(Unit::Percent);
        let mut point = DataPoint::new(Period::FinancialYear { year: 2024 }, 50.0);
        point.ci = Some(ConfidenceInterval { lower: 40.0, upper: 60.0, level: 95.0 });
        point.ci_998 = Some(ConfidenceInterval { lower: 45.0, upper: 65.0, level: 99.8 });
        let mut problems = Problems::default();
        check_data_point(&m, &point, "p", &mut problems);
        assert_eq!(messages(&problems), "p.ci_998: The 99.8% interval must contain the 95% interval");
        m.spc.run_length = 5;
        m.spc.fix_after = Some(1);
        m.spc.rebase_at = vec![Period::AcademicYear { year: 2024 }];
        let mut problems = Problems::default();
        check_spc(&m, "spc", &mut problems);
        let text = messages(&problems);
        assert!(text.contains("spc.run_length") && text.contains("spc.fix_after"), "{text}");
        assert!(text.contains("spc.rebase_at[0]: \"Test\" is reported by financial year"), "{text}");
    }

    #[test]
    fn a_numerator_above_its_denominator_is_refused() {
        let m = measure(Unit::Percent);
        let mut point = DataPoint::new(Period::FinancialYear { year: 2024 }, 50.0);
        point.numerator = Some(12.0);
        point.denominator = Some(10.0);
        let mut problems = Problems::default();
        check_data_point(&m, &point, "p", &mut problems);
        assert!(messages(&problems).contains("numerator 12 is larger than the denominator 10"), "{problems}");
    }

    #[test]
    fn a_target_outside_the_plan_period_is_refused() {
        let mut m = measure(Unit::Count);
        m.targets.push(crate::measure::Target {
            id: crate::ids::TargetId::derived("t"),
            period: Period::FinancialYear { year: 2030 },
            kind: TargetKind::Absolute { value: 10.0 },
            note: None,
        });
        let mut problems = Problems::default();
        check_measure(&m, &PlanPeriod::financial_years(2024, 2026), "measures[0]", &mut problems);
        assert_eq!(
            messages(&problems),
            "measures[0].targets[0].period: The target for 2030-31 is outside the plan period 2024-27"
        );
    }

    #[test]
    fn data_of_the_wrong_period_type_and_duplicates_are_refused() {
        let mut m = measure(Unit::Count);
        m.data = vec![
            DataPoint::new(Period::FinancialYear { year: 2022 }, 3.0),
            DataPoint::new(Period::FinancialYear { year: 2022 }, 4.0),
            DataPoint::new(Period::AcademicYear { year: 2022 }, 4.5),
        ];
        let mut problems = Problems::default();
        check_measure(&m, &PlanPeriod::financial_years(2024, 2026), "m", &mut problems);
        let text = messages(&problems);
        assert!(text.contains("m.data[1].period: There is already a figure for 2022-23"), "{text}");
        assert!(
            text.contains(
                "m.data[2].period: \"Test\" is reported by financial year (April to March), so 2022/23 does not fit"
            ),
            "{text}"
        );
        assert!(text.contains("m.data[2].value: 4.5 is a count"), "{text}");
    }

    #[test]
    fn slugs_are_web_address_safe() {
        assert!(is_slug("children-in-care-2024"));
        for bad in ["", "Children", "a--b", "-a", "a-", "a b", "café"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
