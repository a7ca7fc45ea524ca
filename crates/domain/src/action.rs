//! Actions: what partners will do, who leads, by when, and how it is going.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::{ActionId, MilestoneId, OrganisationId};

/// The status of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 6] = [
        ActionStatus::NotStarted,
        ActionStatus::OnTrack,
        ActionStatus::AtRisk,
        ActionStatus::OffTrack,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::OnTrack => "On track",
            ActionStatus::AtRisk => "At risk",
            ActionStatus::OffTrack => "Off track",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }

    /// The status as the plan file and the forms write it: `not_started`, `on_track`…
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::OnTrack => "on_track",
            ActionStatus::AtRisk => "at_risk",
            ActionStatus::OffTrack => "off_track",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    /// The status written as [`ActionStatus::as_str`] writes it.
    pub fn from_word(word: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|s| s.as_str() == word.trim())
    }

    /// Whether no more work is expected.
    pub fn is_finished(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Dropped)
    }
}

/// Who leads something: a named officer or a post ("Head of Children's Social Care"), their
/// organisation, and the email that links them to their cypp account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Lead {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Something a partner will do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    pub id: ActionId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Lead>,
    /// The organisations working with the lead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<OrganisationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The action in the previous revision that this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ActionId>,
    /// What children and young people asked for that this action answers ("you said, we
    /// did"): entries of `young_people_asked` of its item or an item above it, in their words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
}

impl Action {
    /// A new action with only its title: not started, no lead, dates or milestones yet.
    pub fn new(title: impl Into<String>) -> Action {
        Action {
            id: ActionId::new(),
            number: None,
            title: title.into(),
            detail: None,
            lead: None,
            partners: Vec::new(),
            start_date: None,
            due_date: None,
            status: ActionStatus::NotStarted,
            completed_on: None,
            milestones: Vec::new(),
            origin: None,
            answers: Vec::new(),
        }
    }

    /// Whether the action is past its due date and not finished.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        crate::item::is_overdue(self.due_date, self.status.is_finished(), today)
    }
}

/// A step on the way to finishing an action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Milestone {
    pub id: MilestoneId,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_is_written_as_the_plan_file_writes_it_and_read_back() {
        for status in ActionStatus::ALL {
            let json = serde_json::to_string(&status).expect("a status serialises");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(ActionStatus::from_word(status.as_str()), Some(status));
        }
        assert_eq!(ActionStatus::from_word("finished"), None);
    }
}
