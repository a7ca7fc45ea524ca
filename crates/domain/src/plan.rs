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
