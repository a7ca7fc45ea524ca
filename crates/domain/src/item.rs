//! Plan items: the tree of outcomes, priorities and areas of focus, with everything a plan
//! says about each.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::action::{Action, Lead};
use crate::ids::{BoardId, FinanceLineId, ItemId, MeasureId, ReferenceId, RiskId, SuccessStatementId, ThemeId};
use crate::period::Period;

/// One node of the plan tree, at any depth. What the levels are called is the plan's
/// `level_names`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanItem {
    pub id: ItemId,
    /// The number or letter the plan gives it: "1", "2.3", "a".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// "Why is this important?"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_it_matters: Option<String>,
    /// "Key priority"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_priority: Option<String>,
    /// "Our children and young people asked us to..."
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub young_people_asked: Vec<String>,
    /// The lead partnership or board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_board: Option<BoardId>,
    /// The officer outcome lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_lead: Option<Lead>,
    /// The young person outcome lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub young_person_lead: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<ThemeId>,
    /// The key performance indicators reported under this item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureId>,
    /// "How will we know we have made a difference?"
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_statements: Vec<SuccessStatement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finance: Vec<FinanceLine>,
    /// The item in easy words, for the easy read: its heading on the first line, then one
    /// short sentence a line. Written by an officer; the easy read never prints the item's own
    /// text in its place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_words: Option<String>,
    /// The picture the easy read puts beside its heading and beside any line no picture is
    /// found for: the name of one of cypp's pictures (`cypp_publish::pictures`). None: chosen
    /// from the words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// The items one level down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PlanItem>,
    /// The item in the previous revision that this one continues, so that a refresh can be
    /// compared with what it replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ItemId>,
}

impl PlanItem {
    pub fn new(title: impl Into<String>) -> PlanItem {
        PlanItem {
            id: ItemId::new(),
            number: None,
            title: title.into(),
            summary: None,
            why_it_matters: None,
            key_priority: None,
            young_people_asked: Vec::new(),
            lead_board: None,
            officer_lead: None,
            young_person_lead: None,
            references: Vec::new(),
            themes: Vec::new(),
            measures: Vec::new(),
            success_statements: Vec::new(),
            actions: Vec::new(),
            risks: Vec::new(),
            finance: Vec::new(),
            easy_words: None,
            picture: None,
            items: Vec::new(),
            origin: None,
        }
    }

    /// This item and every item below it, depth first, with each one's depth.
    pub fn walk(&self) -> Vec<(usize, &PlanItem)> {
        fn go<'a>(item: &'a PlanItem, depth: usize, out: &mut Vec<(usize, &'a PlanItem)>) {
            out.push((depth, item));
            for child in &item.items {
                go(child, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(self, 0, &mut out);
        out
    }

    /// What children and young people asked for that an action of the item `id` may answer
    /// ("you said, we did"): the asks of that item and of every item above it, nearest first.
    /// `None` when no item in `items` has the id.
    pub fn asks_for(items: &[PlanItem], id: crate::ItemId) -> Option<Vec<&str>> {
        for item in items {
            if item.id == id {
                return Some(item.young_people_asked.iter().map(String::as_str).collect());
            }
            if let Some(mut below) = PlanItem::asks_for(&item.items, id) {
                below.extend(item.young_people_asked.iter().map(String::as_str));
                return Some(below);
            }
        }
        None
    }

    /// The number and title together, as headings show them: "1.2 Early help".
    pub fn heading(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A recommendation from an Ofsted, CQC or joint inspection.
    Inspection,
    Strategy,
    Policy,
    Report,
    Other,
}

/// A reference to another document: "(Ref: Ofsted Next Steps Plan Recommendation 3&4)".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    pub id: ReferenceId,
    pub kind: ReferenceKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// "How will we know we have made a difference?": a statement, with the measures that show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SuccessStatement {
    pub id: SuccessStatementId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    Open,
    Closed,
}

/// A risk to delivering an item, scored on the usual five-by-five matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Risk {
    pub id: RiskId,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe).
    pub impact: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<String>,
    pub status: RiskStatus,
}

impl Risk {
    pub fn score(&self) -> u8 {
        self.likelihood * self.impact
    }
}

/// A line of money against an item: a budget, where it comes from, what is forecast and spent.
/// Amounts are whole pence so that sums are exact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FinanceLine {
    pub id: FinanceLineId,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_source: Option<String>,
    /// A financial year.
    pub year: Period,
    pub budget_pence: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_pence: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spent_pence: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Formats pence as pounds the UK way: £1,250,000 or £12.50.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match pence % 100 {
        0 => format!("{sign}£{grouped}"),
        p => format!("{sign}£{grouped}.{p:02}"),
    }
}

/// Whether an action or milestone due on `due` is overdue on `today`.
pub fn is_overdue(due: Option<NaiveDate>, finished: bool, today: NaiveDate) -> bool {
    !finished && due.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(pounds(125_000_000), "£1,250,000");
        assert_eq!(pounds(1250), "£12.50");
        assert_eq!(pounds(-5), "-£0.05");
        assert_eq!(pounds(0), "£0");
    }

    #[test]
    fn walk_visits_the_tree_depth_first() {
        let mut top = PlanItem::new("Outcome");
        let mut middle = PlanItem::new("Priority");
        middle.items.push(PlanItem::new("Area"));
        top.items.push(middle);
        top.items.push(PlanItem::new("Second priority"));
        let seen: Vec<(usize, &str)> = top.walk().iter().map(|(d, i)| (*d, i.title.as_str())).collect();
        assert_eq!(seen, [(0, "Outcome"), (1, "Priority"), (2, "Area"), (1, "Second priority")]);
    }
}
