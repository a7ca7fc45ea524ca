//! The plan and its revisions: title, period, status, vision, level names, principles,
//! glossary, cross-cutting themes and free-standing sections such as the foreword.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::{BoardId, GlossaryTermId, PlanId, PrincipleId, RevisionId, SectionId, ThemeId};
use crate::period::PlanPeriod;

/// Where a plan revision is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Consultation,
    Approved,
    Published,
    Archived,
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Draft",
            PlanStatus::Consultation => "Out for consultation",
            PlanStatus::Approved => "Approved",
            PlanStatus::Published => "Published",
            PlanStatus::Archived => "Archived",
        }
    }

    /// The statuses a revision may move to from this one. A plan can go back a step (an
    /// approved plan reopened for consultation) but an archived plan stays archived.
    pub fn next(self) -> &'static [PlanStatus] {
        use PlanStatus::*;
        match self {
            Draft => &[Consultation, Approved],
            Consultation => &[Draft, Approved],
            Approved => &[Consultation, Published],
            Published => &[Archived],
            Archived => &[],
        }
    }
}

/// One recorded change of status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusChange {
    pub status: PlanStatus,
    pub at: DateTime<Utc>,
    /// Who made the change (a name or email).
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A plan as it stands in one revision. A plan is refreshed each year; each refresh is a new
/// revision and the earlier ones are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// The plan across all its revisions.
    pub id: PlanId,
    /// Used in web addresses: `/plans/{slug}`.
    pub slug: String,
    pub revision_id: RevisionId,
    /// 1 for the first version, 2 for the first refresh, and so on.
    pub revision: u32,
    /// How the revision is known, such as "Refreshed for 2025-26".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_label: Option<String>,
    pub title: String,
    pub period: PlanPeriod,
    pub status: PlanStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_history: Vec<StatusChange>,
    /// The vision or statement of intent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// What the plan is, in easy words, for the opening of the easy read: one short sentence a
    /// line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_words: Option<String>,
    /// What each level of the plan is called, top first: ["Outcome", "Priority"],
    /// ["Key theme", "Priority area"], ["Priority", "Area of focus"].
    pub level_names: Vec<String>,
    /// What several of each level are called, in the order of `level_names`: ["Outcomes",
    /// "Priorities"], ["Key themes", "Priority areas"], ["Priorities", "Areas of focus"].
    /// A plan file made before plurals were kept has none; then
    /// [`plural_of`] says them from the names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_plurals: Vec<String>,
    /// The board that signs the plan off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signoff_board: Option<BoardId>,
}

impl Plan {
    /// The name of the level at `depth` (0 for top-level items). Deeper levels than the plan
    /// names fall back to the deepest name.
    pub fn level_name(&self, depth: usize) -> &str {
        self.level_names.get(depth).or(self.level_names.last()).map(String::as_str).unwrap_or("Item")
    }

    /// What several of the level at `depth` are called: the plural the plan gives for the
    /// level [`Plan::level_name`] names, or, for a plan that gives none, [`plural_of`] it.
    pub fn level_plural(&self, depth: usize) -> String {
        let index = depth.min(self.level_names.len().saturating_sub(1));
        match self.level_plurals.get(index).map(|p| p.trim()).filter(|p| !p.is_empty()) {
            Some(plural) if index < self.level_names.len() => plural.to_string(),
            _ => plural_of(self.level_name(depth)),
        }
    }
}

/// The plural of a level's name by the rules of English, for a plan that names no plurals:
/// the noun is the word before "of", "for", "in" or "to" ("Areas of focus", "Priority areas
/// for action"), or else the last word; "Priority" is "Priorities", "Child" "Children",
/// "Focus" "Focuses".
pub fn plural_of(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let noun = words
        .iter()
        .position(|w| matches!(w.to_lowercase().as_str(), "of" | "for" | "in" | "to"))
        .filter(|i| *i > 0)
        .map_or(words.len(), |i| i)
        - 1;
    let word = words[noun];
    let lower = word.to_lowercase();
    let irregular = [("child", "children"), ("person", "people"), ("man", "men"), ("woman", "women")];
    let plural = if let Some((_, many)) = irregular.iter().find(|(one, _)| *one == lower) {
        // Keep the capital the name was written with.
        let mut chars = many.chars();
        match (word.chars().next(), chars.next()) {
            (Some(first), Some(_)) if first.is_uppercase() => first.to_string() + chars.as_str(),
            _ => many.to_string(),
        }
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        format!("{word}es")
    } else if let Some(stem) = word.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    };
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[noun] = plural;
    out.join(" ")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Foreword,
    Introduction,
    /// The evidence base or needs assessment.
    Evidence,
    /// What the partnership wants to see ("In Rochdale we want to see...").
    Ambitions,
    /// Other strategies the plan links to.
    LinkedStrategies,
    /// How progress is checked: scorecards, audits, what young people say.
    ProgressChecking,
    Other,
}

/// A free-standing part of the plan document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    pub id: SectionId,
    pub kind: SectionKind,
    pub title: String,
    pub body: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrincipleKind {
    Principle,
    Value,
    Commitment,
}

/// A principle, value or co-production commitment the partnership works by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Principle {
    pub id: PrincipleId,
    pub kind: PrincipleKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A cross-cutting theme, such as "Voice of the child" or "Tackling inequality".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A jargon-buster entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GlossaryTerm {
    pub id: GlossaryTermId,
    pub term: String,
    pub definition: String,
    /// Other spellings that mean the same, such as the expansion of an acronym.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::plural_of;

    #[test]
    fn a_level_is_called_what_the_plan_calls_it_and_english_only_fills_a_gap() {
        let mut plan = super::Plan {
            id: crate::PlanId::derived("p"),
            slug: "p".into(),
            revision_id: crate::RevisionId::derived("r1"),
            revision: 1,
            revision_label: None,
            title: "Plan".into(),
            period: super::PlanPeriod::financial_years(2024, 2026),
            status: super::PlanStatus::Draft,
            status_history: vec![],
            vision: None,
            purpose: None,
            easy_words: None,
            level_names: vec![],
            level_plurals: vec![],
            signoff_board: None,
        };
        plan.level_names = vec!["Outcome".into(), "Criterion".into()];
        plan.level_plurals = vec!["Our outcomes".into(), "Criteria".into()];
        assert_eq!(plan.level_plural(0), "Our outcomes");
        assert_eq!(plan.level_plural(1), "Criteria");
        assert_eq!(plan.level_plural(2), "Criteria", "deeper levels are called what the deepest is");
        plan.level_plurals.clear();
        assert_eq!(plan.level_plural(1), "Criterions", "a plan that names no plurals is given English's rule");
    }

    #[test]
    fn level_names_are_made_plural_by_the_rules_of_english() {
        assert_eq!(plural_of("Priority"), "Priorities");
        assert_eq!(plural_of("outcome"), "outcomes");
        assert_eq!(plural_of("Key theme"), "Key themes");
        assert_eq!(plural_of("Area of focus"), "Areas of focus");
        assert_eq!(plural_of("Priority area for action"), "Priority areas for action");
        assert_eq!(plural_of("Focus"), "Focuses");
        assert_eq!(plural_of("Key pledge"), "Key pledges");
        assert_eq!(plural_of("Branch"), "Branches");
        assert_eq!(plural_of("day"), "days");
        assert_eq!(plural_of("Child"), "Children");
    }
}
