//! Reporting rounds and the updates leads give in them.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::action::ActionStatus;
use crate::ids::{ActionId, ItemId, RevisionId, RoundId, UpdateId};
use crate::period::Period;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Planned,
    Open,
    Closed,
}

/// Red, amber or green, with blue for complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
    Blue,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Blue => "Complete",
        }
    }
}

/// A round of progress reporting, such as "Q3 2024-25".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Round {
    pub id: RoundId,
    pub name: String,
    /// The period the round reports on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The plan revision the round reports against.
    pub revision_id: RevisionId,
    pub opens_on: NaiveDate,
    pub due_on: NaiveDate,
    pub status: RoundStatus,
    /// The items and actions whose leads are asked to report, by identity
    /// ([`crate::Identities`]). Empty: every item and action that has a lead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asked: Vec<Ask>,
    #[serde(default)]
    pub updates: Vec<Update>,
}

/// One item or action a round asks for an update on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    Item(ItemId),
    Action(ActionId),
}

impl Round {
    /// What the round asks for in a revision whose items are `items`: the items and actions of
    /// its `asked` list found there (by identity), or, when the list is empty, every item with
    /// an officer lead and every action with a lead. In the order of the plan.
    pub fn asks(&self, items: &[crate::PlanItem], ids: &crate::Identities) -> Vec<Ask> {
        let wanted: std::collections::HashSet<Ask> = self
            .asked
            .iter()
            .map(|a| match *a {
                Ask::Item(i) => Ask::Item(ids.item(i)),
                Ask::Action(a) => Ask::Action(ids.action(a)),
            })
            .collect();
        let mut out = Vec::new();
        for (_, item) in items.iter().flat_map(|i| i.walk()) {
            let asked = if wanted.is_empty() {
                item.officer_lead.is_some()
            } else {
                wanted.contains(&Ask::Item(ids.item(item.id)))
            };
            if asked {
                out.push(Ask::Item(item.id));
            }
            for action in &item.actions {
                let asked = if wanted.is_empty() {
                    action.lead.is_some()
                } else {
                    wanted.contains(&Ask::Action(ids.action(action.id)))
                };
                if asked {
                    out.push(Ask::Action(action.id));
                }
            }
        }
        out
    }

    /// The update given in this round on what `ask` names, matched by identity.
    pub fn update_on(&self, ask: Ask, ids: &crate::Identities) -> Option<&Update> {
        self.updates.iter().find(|u| match ask {
            Ask::Item(i) => ids.is_about_item(u, i),
            Ask::Action(a) => ids.is_about_action(u, a),
        })
    }
}

/// A lead's update on one item or action in a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Update {
    pub id: UpdateId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionId>,
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rag: Option<Rag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_status: Option<ActionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_well: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worried_about: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    pub title: String,
    pub url: String,
}
