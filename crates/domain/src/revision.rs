//! Revisions: starting the annual refresh (a copy of the published plan as a new draft, every
//! record with a new id that remembers the one it continues), and comparing two revisions
//! (items and actions added, removed, reworded).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::ids::*;
use crate::item::PlanItem;
use crate::plan::{PlanStatus, StatusChange};
use crate::plan_file::RevisionContent;

/// A copy of `from` as the draft of revision `number`. Every record gets a new id; items and
/// actions keep the id they came from in `origin`.
pub fn refresh(
    from: &RevisionContent,
    number: u32,
    label: Option<String>,
    by: &str,
    at: DateTime<Utc>,
) -> RevisionContent {
    let mut themes = HashMap::new();
    let mut copy = from.clone();
    copy.plan.revision_id = RevisionId::new();
    copy.plan.revision = number;
    copy.plan.revision_label = label;
    copy.plan.status = PlanStatus::Draft;
    copy.plan.status_history = vec![StatusChange {
        status: PlanStatus::Draft,
        at,
        by: by.to_string(),
        note: Some(format!("Refresh of revision {}", from.plan.revision)),
    }];
    for section in &mut copy.sections {
        section.id = SectionId::new();
    }
    for principle in &mut copy.principles {
        principle.id = PrincipleId::new();
    }
    for theme in &mut copy.themes {
        let new = ThemeId::new();
        themes.insert(theme.id, new);
        theme.id = new;
    }
    for term in &mut copy.glossary {
        term.id = GlossaryTermId::new();
    }
    fn renew(items: &mut [PlanItem], themes: &HashMap<ThemeId, ThemeId>) {
        for item in items {
            item.origin = Some(item.id);
            item.id = ItemId::new();
            item.themes = item.themes.iter().filter_map(|t| themes.get(t).copied()).collect();
            for r in &mut item.references {
                r.id = ReferenceId::new();
            }
            for s in &mut item.success_statements {
                s.id = SuccessStatementId::new();
            }
            for a in &mut item.actions {
                a.origin = Some(a.id);
                a.id = ActionId::new();
                for m in &mut a.milestones {
                    m.id = MilestoneId::new();
                }
            }
            for r in &mut item.risks {
                r.id = RiskId::new();
            }
            for f in &mut item.finance {
                f.id = FinanceLineId::new();
            }
            renew(&mut item.items, themes);
        }
    }
    renew(&mut copy.items, &themes);
    copy
}

/// One difference between two revisions.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Added {
        what: &'static str,
        text: String,
    },
    Removed {
        what: &'static str,
        text: String,
    },
    /// The same item or action, with some of its wording changed: (field, before, after).
    Reworded {
        what: &'static str,
        text: String,
        fields: Vec<(&'static str, String, String)>,
    },
}

fn item_fields(item: &PlanItem) -> Vec<(&'static str, String)> {
    vec![
        ("Number", item.number.clone().unwrap_or_default()),
        ("Title", item.title.clone()),
        ("Summary", item.summary.clone().unwrap_or_default()),
        ("Why it matters", item.why_it_matters.clone().unwrap_or_default()),
        ("Key priority", item.key_priority.clone().unwrap_or_default()),
        ("What children and young people asked", item.young_people_asked.join("\n")),
        ("Success statements", item.success_statements.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")),
    ]
}

fn changed(
    before: Vec<(&'static str, String)>,
    after: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String, String)> {
    before.into_iter().zip(after).filter(|(a, b)| a.1 != b.1).map(|(a, b)| (a.0, a.1, b.1)).collect()
}

/// What changed from `old` to `new`: items and actions are matched by the origin a refresh
/// records, or failing that by their title.
pub fn compare(old: &RevisionContent, new: &RevisionContent) -> Vec<Change> {
    let old_items: Vec<&PlanItem> = old.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    let new_items: Vec<&PlanItem> = new.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    let mut changes = Vec::new();
    let mut matched = Vec::new();
    for item in &new_items {
        let before = old_items
            .iter()
            .find(|o| item.origin == Some(o.id) || o.id == item.id)
            .or_else(|| old_items.iter().find(|o| o.title == item.title));
        match before {
            None => changes.push(Change::Added { what: "item", text: item.heading() }),
            Some(before) => {
                matched.push(before.id);
                let fields = changed(item_fields(before), item_fields(item));
                if !fields.is_empty() {
                    changes.push(Change::Reworded { what: "item", text: item.heading(), fields });
                }
                for action in &item.actions {
                    let previous = before
                        .actions
                        .iter()
                        .find(|a| action.origin == Some(a.id) || a.id == action.id)
                        .or_else(|| before.actions.iter().find(|a| a.title == action.title));
                    match previous {
                        None => changes.push(Change::Added { what: "action", text: action.title.clone() }),
                        Some(previous) if previous.title != action.title => changes.push(Change::Reworded {
                            what: "action",
                            text: action.title.clone(),
                            fields: vec![("Action", previous.title.clone(), action.title.clone())],
                        }),
                        Some(_) => {}
                    }
                }
                for previous in &before.actions {
                    let kept = item
                        .actions
                        .iter()
                        .any(|a| a.origin == Some(previous.id) || a.id == previous.id || a.title == previous.title);
                    if !kept {
                        changes.push(Change::Removed { what: "action", text: previous.title.clone() });
                    }
                }
            }
        }
    }
    for item in old_items {
        if !matched.contains(&item.id) {
            changes.push(Change::Removed { what: "item", text: item.heading() });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, ActionStatus};
    use crate::period::PlanPeriod;
    use crate::plan::Plan;

    fn revision(items: Vec<PlanItem>) -> RevisionContent {
        RevisionContent {
            plan: Plan {
                id: PlanId::derived("p"),
                slug: "p".into(),
                revision_id: RevisionId::derived("r1"),
                revision: 1,
                revision_label: None,
                title: "Plan".into(),
                period: PlanPeriod::financial_years(2024, 2026),
                status: PlanStatus::Published,
                status_history: vec![],
                vision: None,
                purpose: None,
                easy_words: None,
                level_names: vec!["Outcome".into()],
                level_plurals: Vec::new(),
                signoff_board: None,
            },
            sections: vec![],
            principles: vec![],
            themes: vec![],
            glossary: vec![],
            items,
        }
    }

    fn action(title: &str) -> Action {
        Action {
            id: ActionId::new(),
            number: None,
            title: title.into(),
            detail: None,
            lead: None,
            partners: vec![],
            start_date: None,
            due_date: None,
            status: ActionStatus::OnTrack,
            completed_on: None,
            milestones: vec![],
            origin: None,
            answers: vec![],
        }
    }

    #[test]
    fn a_refresh_is_a_draft_copy_with_new_ids_that_remember_their_origin() {
        let mut item = PlanItem::new("Safe");
        item.actions.push(action("Open hubs"));
        let old = revision(vec![item]);
        let new = refresh(&old, 2, Some("2025-26".into()), "nadia", Utc::now());
        assert_eq!(new.plan.revision, 2);
        assert_eq!(new.plan.status, PlanStatus::Draft);
        assert_ne!(new.plan.revision_id, old.plan.revision_id);
        assert_ne!(new.items[0].id, old.items[0].id);
        assert_eq!(new.items[0].origin, Some(old.items[0].id));
        assert_eq!(new.items[0].actions[0].origin, Some(old.items[0].actions[0].id));
        assert!(compare(&old, &new).is_empty(), "an untouched copy has no changes");
    }

    #[test]
    fn comparing_revisions_finds_added_removed_and_reworded_items_and_actions() {
        let mut keep = PlanItem::new("Safe");
        keep.actions = vec![action("Open hubs"), action("Train staff")];
        let old = revision(vec![keep, PlanItem::new("Dropped outcome")]);
        let mut new = refresh(&old, 2, None, "nadia", Utc::now());
        new.items.pop();
        new.items[0].title = "Safe at home".into();
        new.items[0].actions.remove(1);
        new.items[0].actions[0].title = "Open four hubs".into();
        new.items[0].actions.push(action("New action"));
        new.items.push(PlanItem::new("New outcome"));
        let changes = compare(&old, &new);
        assert!(changes.contains(&Change::Reworded {
            what: "item",
            text: "Safe at home".into(),
            fields: vec![("Title", "Safe".into(), "Safe at home".into())]
        }));
        assert!(changes.contains(&Change::Reworded {
            what: "action",
            text: "Open four hubs".into(),
            fields: vec![("Action", "Open hubs".into(), "Open four hubs".into())]
        }));
        assert!(changes.contains(&Change::Added { what: "action", text: "New action".into() }));
        assert!(changes.contains(&Change::Removed { what: "action", text: "Train staff".into() }));
        assert!(changes.contains(&Change::Added { what: "item", text: "New outcome".into() }));
        assert!(changes.contains(&Change::Removed { what: "item", text: "Dropped outcome".into() }));
        assert_eq!(changes.len(), 6);
    }
}
