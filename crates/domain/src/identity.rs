//! Who an item or action is across the revisions of a plan.
//!
//! Each revision holds its own copy of every item and action, with an id of its own, so that a
//! published revision never changes under an edit to the next. The copy records the id it was
//! made from (`origin`), and [`Identities`] follows those links back to the first revision an
//! item or action appeared in: that first id is its identity. Rounds, updates and the
//! dashboard compare identities, never raw ids, so an update given against last year's
//! revision is still the update of the same priority after the annual refresh.
//!
//! Measures are held once for the whole plan, not per revision, so their ids are already
//! their identities.

use std::collections::HashMap;

use crate::PlanItem;
use crate::ids::{ActionId, ItemId};
use crate::plan_file::PlanFile;
use crate::round::Update;

/// Each item's and action's identity: the id it had in the first revision it appeared in.
#[derive(Clone, Debug, Default)]
pub struct Identities {
    items: HashMap<ItemId, ItemId>,
    actions: HashMap<ActionId, ActionId>,
}

impl Identities {
    /// The identities of everything in every revision of `file`.
    pub fn of(file: &PlanFile) -> Identities {
        Identities::of_revisions(file.revisions().into_iter().map(|r| r.items))
    }

    /// The identities of everything in these revisions' items.
    pub fn of_revisions<'a>(revisions: impl IntoIterator<Item = &'a [PlanItem]>) -> Identities {
        let mut origins_of_items = HashMap::new();
        let mut origins_of_actions = HashMap::new();
        for items in revisions {
            for (_, item) in items.iter().flat_map(|i| i.walk()) {
                origins_of_items.insert(item.id, item.origin);
                for action in &item.actions {
                    origins_of_actions.insert(action.id, action.origin);
                }
            }
        }
        Identities { items: roots(&origins_of_items), actions: roots(&origins_of_actions) }
    }

    /// The identity of the item with this id (the id itself when nothing is known of it).
    pub fn item(&self, id: ItemId) -> ItemId {
        self.items.get(&id).copied().unwrap_or(id)
    }

    /// The identity of the action with this id.
    pub fn action(&self, id: ActionId) -> ActionId {
        self.actions.get(&id).copied().unwrap_or(id)
    }

    /// Whether `update` is about the item with this id, in whichever revision it was given.
    pub fn is_about_item(&self, update: &Update, item: ItemId) -> bool {
        update.item.is_some_and(|i| self.item(i) == self.item(item))
    }

    /// Whether `update` is about the action with this id, in whichever revision it was given.
    pub fn is_about_action(&self, update: &Update, action: ActionId) -> bool {
        update.action.is_some_and(|a| self.action(a) == self.action(action))
    }
}

/// The board that leads what `update` is about, in the plan's current revision: the lead board
/// of its item (for an action, the item that holds it), or else of the nearest item above it
/// that names one.
pub fn lead_board_of(file: &PlanFile, update: &Update) -> Option<crate::ids::BoardId> {
    let ids = Identities::of(file);
    fn find(
        items: &[PlanItem],
        ids: &Identities,
        update: &Update,
        above: Option<crate::ids::BoardId>,
    ) -> Option<Option<crate::ids::BoardId>> {
        for item in items {
            let board = item.lead_board.or(above);
            let this =
                ids.is_about_item(update, item.id) || item.actions.iter().any(|a| ids.is_about_action(update, a.id));
            if this {
                return Some(board);
            }
            if let Some(found) = find(&item.items, ids, update, board) {
                return Some(found);
            }
        }
        None
    }
    find(&file.items, &ids, update, None).flatten()
}

/// Follows each id's origin to the first id of its line. An origin that names nothing known
/// (a revision left out of the file) ends the line there; a loop, which a valid file cannot
/// hold, ends it at the id where the loop was found.
fn roots<Id: Copy + Eq + std::hash::Hash>(origins: &HashMap<Id, Option<Id>>) -> HashMap<Id, Id> {
    let mut out = HashMap::with_capacity(origins.len());
    for &id in origins.keys() {
        let mut at = id;
        let mut steps = 0;
        while let Some(Some(origin)) = origins.get(&at) {
            if steps > origins.len() {
                break;
            }
            at = *origin;
            steps += 1;
        }
        out.insert(id, at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Plan, PlanStatus};
    use crate::plan_file::RevisionContent;
    use crate::revision::refresh;
    use crate::{Action, PlanPeriod};

    fn first_revision(items: Vec<PlanItem>) -> RevisionContent {
        RevisionContent {
            plan: Plan {
                id: crate::PlanId::derived("p"),
                slug: "p".into(),
                revision_id: crate::RevisionId::derived("r1"),
                revision: 1,
                revision_label: None,
                title: "Plan".into(),
                period: PlanPeriod::financial_years(2024, 2026),
                status: PlanStatus::Published,
                status_history: vec![],
                vision: None,
                purpose: None,
                easy_words: None,
                level_names: vec!["Priority".into()],
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

    fn update_on(item: Option<ItemId>, action: Option<ActionId>) -> Update {
        Update {
            id: crate::UpdateId::new(),
            item,
            action,
            author: "Sam".into(),
            author_email: None,
            rag: None,
            action_status: None,
            working_well: None,
            worried_about: None,
            next_steps: None,
            evidence: vec![],
            submitted_at: None,
            status: crate::UpdateStatus::Submitted,
            review: None,
            versions: vec![],
            public: None,
        }
    }

    #[test]
    fn an_item_and_its_actions_keep_their_first_id_through_every_refresh() {
        let mut item = PlanItem::new("Good start");
        item.items.push(PlanItem::new("Family hubs"));
        item.items[0].actions.push(Action::new("Open more family hubs"));
        let (first_item, first_action) = (item.items[0].id, item.items[0].actions[0].id);
        let one = first_revision(vec![item]);
        let two = refresh(&one, 2, None, "test", chrono::Utc::now());
        let three = refresh(&two, 3, None, "test", chrono::Utc::now());
        let ids = Identities::of_revisions([&one.items[..], &two.items[..], &three.items[..]]);
        let now = &three.items[0].items[0];
        assert_ne!(now.id, first_item, "each revision has its own copy");
        assert_eq!(ids.item(now.id), first_item);
        assert_eq!(ids.item(two.items[0].items[0].id), first_item);
        assert_eq!(ids.action(now.actions[0].id), first_action);
        assert!(ids.is_about_item(&update_on(Some(first_item), None), now.id));
        assert!(ids.is_about_action(&update_on(None, Some(two.items[0].items[0].actions[0].id)), now.actions[0].id));
        assert!(!ids.is_about_item(&update_on(Some(three.items[0].id), None), now.id), "the parent is another item");
        assert!(
            !ids.is_about_item(&update_on(None, Some(first_action)), now.id),
            "an action's update is not the item's"
        );
    }

    #[test]
    fn an_origin_loop_or_a_missing_revision_ends_the_line_without_hanging() {
        let (a, b, c, gone) = (ItemId::new(), ItemId::new(), ItemId::new(), ItemId::new());
        let origins = HashMap::from([(a, Some(b)), (b, Some(a)), (c, Some(gone))]);
        let found = roots(&origins);
        assert_eq!(found.len(), 3);
        assert!(found[&a] == a || found[&a] == b);
        assert_eq!(found[&c], gone, "an origin outside the file is the identity");
    }
}
