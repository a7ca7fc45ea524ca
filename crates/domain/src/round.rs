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

/// How a RAG rating moved from one round to the next, as a board reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Red now, and not red before (or not rated before).
    NewlyOffTrack,
    /// Green or complete now, red or amber before.
    NewlyResolved,
    /// A better rating than before (amber from red, complete from green).
    Better,
    /// A worse rating than before (amber from green).
    Worse,
    Same,
    /// Rated now, not before.
    New,
    /// Rated before, not now.
    NotRated,
}

impl Change {
    /// The change between a rating `before` and one `now`; `None` when neither was rated.
    pub fn between(before: Option<Rag>, now: Option<Rag>) -> Option<Change> {
        Some(match (before, now) {
            (None, None) => return None,
            (Some(_), None) => Change::NotRated,
            (before, Some(Rag::Red)) if before != Some(Rag::Red) => Change::NewlyOffTrack,
            (None, Some(_)) => Change::New,
            (Some(Rag::Red | Rag::Amber), Some(Rag::Green | Rag::Blue)) => Change::NewlyResolved,
            (Some(b), Some(n)) if n.severity() < b.severity() => Change::Better,
            (Some(b), Some(n)) if n.severity() > b.severity() => Change::Worse,
            _ => Change::Same,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Change::NewlyOffTrack => "Newly off track",
            Change::NewlyResolved => "Newly resolved",
            Change::Better => "Better",
            Change::Worse => "Worse",
            Change::Same => "No change",
            Change::New => "First rating",
            Change::NotRated => "Not rated this round",
        }
    }

    /// Whether a board reads it "by exception": it got worse, or it was put right.
    pub fn is_exception(self) -> bool {
        matches!(self, Change::NewlyOffTrack | Change::NewlyResolved | Change::Worse)
    }
}

impl Rag {
    /// How far from on track: red 3, amber 2, green 1, complete 0.
    pub fn severity(self) -> u8 {
        match self {
            Rag::Red => 3,
            Rag::Amber => 2,
            Rag::Green => 1,
            Rag::Blue => 0,
        }
    }

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
    /// What the officer writes around the leads' words for the committee's progress report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<CommitteeReport>,
}

/// The parts of a committee's progress report that an officer writes, in the order a council's
/// committee report gives them (Rotherham's): the heading table (meeting, date, title,
/// directorate), the summary, the recommendations, an opening to the proposals and details
/// (whose body is the leads' accepted updates), finance, risks and uncertainties, policy and
/// performance implications, background papers and consultation, and the contact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitteeText {
    /// The meeting the report goes to: "Children, Young People and Families Partnership".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_on: Option<NaiveDate>,
    /// The report's title; without one, the plan's title and the round's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directorate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Each recommendation, in order; numbered (i), (ii)… in the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<String>,
    /// The words before the priorities in "Proposals and details".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risks: Option<String>,
    /// Policy and performance agenda implications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implications: Option<String>,
    /// Background papers and consultation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_papers: Option<String>,
    /// Who to contact: name, job title, email, telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl CommitteeText {
    /// Each written part with its name, for checks and the history page.
    pub fn parts(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |name: &'static str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                out.push((name, v));
            }
        };
        push("Meeting", self.meeting.clone());
        push("Date", self.meeting_on.map(crate::period::uk_date));
        push("Title", self.title.clone());
        push("Directorate", self.directorate.clone());
        push("Summary", self.summary.clone());
        push("Recommendations", Some(self.recommendations.join("\n")));
        push("Proposals and details", self.proposals.clone());
        push("Finance", self.finance.clone());
        push("Risks and uncertainties", self.risks.clone());
        push("Policy and performance agenda implications", self.implications.clone());
        push("Background papers and consultation", self.background_papers.clone());
        push("Contact", self.contact.clone());
        out
    }
}

/// The officer's parts of a round's committee report as last saved, with every earlier save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitteeReport {
    #[serde(flatten)]
    pub text: CommitteeText,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
    /// Every earlier save, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<CommitteeVersion>,
}

/// The officer's parts as they were saved once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitteeVersion {
    #[serde(flatten)]
    pub text: CommitteeText,
    pub by: String,
    pub at: DateTime<Utc>,
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

    /// The round as the public site may hold it: only the accepted updates an admin has put
    /// on the public site, each with its rating and public words and nothing else (no lead's
    /// name, own words, email, evidence, review or versions, nor who put it there), and no
    /// committee text.
    pub fn public_view(&self) -> Round {
        let updates = self
            .updates
            .iter()
            .filter(|u| u.status == UpdateStatus::Accepted && u.public.is_some())
            .map(|u| Update {
                author: String::new(),
                author_email: None,
                working_well: None,
                worried_about: None,
                next_steps: None,
                evidence: Vec::new(),
                submitted_at: None,
                review: None,
                versions: Vec::new(),
                // Who put it there is the partnership's to know, not the public's.
                public: u.public.as_ref().map(|p| PublicSummary { by: String::new(), ..p.clone() }),
                ..u.clone()
            })
            .collect();
        Round { asked: Vec::new(), updates, report: None, ..self.clone() }
    }

    /// The update in this round on what `ask` names (in whatever state), matched by identity.
    /// The accepted update on `ask`: what the board reads; a submitted one waits for review.
    pub fn accepted_on(&self, ask: Ask, ids: &crate::Identities) -> Option<&Update> {
        self.update_on(ask, ids).filter(|u| u.status == UpdateStatus::Accepted)
    }

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
    /// Where the update is: a draft only its lead sees, submitted, accepted by an officer, or
    /// returned to the lead with a comment. Files from before this field hold submitted updates.
    #[serde(default = "UpdateStatus::submitted")]
    pub status: UpdateStatus,
    /// The officer's decision on it, with their comment, once reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Every earlier version, oldest first: each save, submission and decision is kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<UpdateVersion>,
    /// What the public site says of it, where an admin has put an accepted update there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<PublicSummary>,
}

/// An accepted update as the public site gives it: a summary an admin has written or checked,
/// with who put it there and when. Its RAG goes with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PublicSummary {
    pub text: String,
    /// What the easy read says of it: one short sentence a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_words: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Where an update is in its round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpdateStatus {
    Draft,
    Submitted,
    Accepted,
    Returned,
}

impl UpdateStatus {
    fn submitted() -> UpdateStatus {
        UpdateStatus::Submitted
    }

    pub fn label(self) -> &'static str {
        match self {
            UpdateStatus::Draft => "Draft",
            UpdateStatus::Submitted => "Submitted",
            UpdateStatus::Accepted => "Accepted",
            UpdateStatus::Returned => "Returned",
        }
    }
}

/// An officer's decision on a submitted update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An update as it was at one moment: what was said, and who did what to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UpdateVersion {
    pub at: DateTime<Utc>,
    pub by: String,
    /// What was done: "Saved as a draft", "Submitted", "Returned", "Accepted".
    pub event: String,
    pub status: UpdateStatus,
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
    pub comment: Option<String>,
}

/// The three questions every update answers, as the seeds' progress reports ask them.
pub const WORKING_WELL: &str = "What's working well";
pub const WORRIED_ABOUT: &str = "What we're worried about";
pub const NEXT_STEPS: &str = "What needs to happen next";

/// Each question with its answer, leaving out those not answered.
fn answers(
    working_well: &Option<String>,
    worried_about: &Option<String>,
    next_steps: &Option<String>,
) -> Vec<(&'static str, String)> {
    [(WORKING_WELL, working_well), (WORRIED_ABOUT, worried_about), (NEXT_STEPS, next_steps)]
        .into_iter()
        .filter_map(|(question, answer)| answer.clone().map(|a| (question, a)))
        .collect()
}

impl UpdateVersion {
    /// What this version said: each question answered, with its answer.
    pub fn said(&self) -> Vec<(&'static str, String)> {
        answers(&self.working_well, &self.worried_about, &self.next_steps)
    }
}

impl Update {
    /// What the update says: each question answered, with its answer.
    pub fn said(&self) -> Vec<(&'static str, String)> {
        answers(&self.working_well, &self.worried_about, &self.next_steps)
    }

    /// A new, empty update by `author` on one item or action, as a draft.
    pub fn draft(about: Ask, author: &str, author_email: Option<String>) -> Update {
        let (item, action) = match about {
            Ask::Item(i) => (Some(i), None),
            Ask::Action(a) => (None, Some(a)),
        };
        Update {
            id: UpdateId::new(),
            item,
            action,
            author: author.to_string(),
            author_email,
            rag: None,
            action_status: None,
            working_well: None,
            worried_about: None,
            next_steps: None,
            evidence: Vec::new(),
            submitted_at: None,
            status: UpdateStatus::Draft,
            review: None,
            versions: Vec::new(),
            public: None,
        }
    }

    /// Whether the update counts as given: submitted or accepted (a draft, or one returned to
    /// its lead, is still to come).
    pub fn is_given(&self) -> bool {
        matches!(self.status, UpdateStatus::Submitted | UpdateStatus::Accepted)
    }

    /// This update as a version to keep, `event` saying what was done and by whom.
    pub fn version(&self, event: &str, by: &str, at: DateTime<Utc>) -> UpdateVersion {
        UpdateVersion {
            at,
            by: by.to_string(),
            event: event.to_string(),
            status: self.status,
            rag: self.rag,
            action_status: self.action_status,
            working_well: self.working_well.clone(),
            worried_about: self.worried_about.clone(),
            next_steps: self.next_steps.clone(),
            evidence: self.evidence.clone(),
            comment: self.review.as_ref().and_then(|r| r.comment.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_change_is_read_as_a_board_reads_it() {
        use Rag::*;
        let change = Change::between;
        assert_eq!(change(Some(Green), Some(Red)), Some(Change::NewlyOffTrack));
        assert_eq!(change(None, Some(Red)), Some(Change::NewlyOffTrack));
        assert_eq!(change(Some(Red), Some(Red)), Some(Change::Same));
        assert_eq!(change(Some(Red), Some(Green)), Some(Change::NewlyResolved));
        assert_eq!(change(Some(Amber), Some(Blue)), Some(Change::NewlyResolved));
        assert_eq!(change(Some(Red), Some(Amber)), Some(Change::Better));
        assert_eq!(change(Some(Green), Some(Blue)), Some(Change::Better));
        assert_eq!(change(Some(Green), Some(Amber)), Some(Change::Worse));
        assert_eq!(change(None, Some(Green)), Some(Change::New));
        assert_eq!(change(Some(Amber), None), Some(Change::NotRated));
        assert_eq!(change(None, None), None);
        assert!(Change::Worse.is_exception() && !Change::Better.is_exception() && !Change::Same.is_exception());
    }
}
