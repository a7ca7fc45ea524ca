//! A reporting round as the board reads it, decided once for the dashboard and the board
//! papers: the rounds in the order they ran, the one chosen and the one before it, and each
//! item's RAG from the round's accepted updates (a submitted update waits for review), with
//! how it changed since the round before.

use cypp_domain::{Ask, Change, Identities, PlanFile, PlanItem, Rag, Round, RoundId, RoundStatus, Update};

use crate::edition::Edition;

/// The plan's rounds in the order they ran.
pub fn in_order(file: &PlanFile) -> Vec<&Round> {
    let mut rounds: Vec<&Round> = file.rounds.iter().collect();
    rounds.sort_by_key(|r| (r.opens_on, r.due_on));
    rounds
}

/// The round asked for (or, when none is, the open one, or else the latest) and the round
/// before it. `None` when the plan has no rounds, or has none with the id asked for.
pub fn chosen(file: &PlanFile, asked: Option<RoundId>) -> Option<(&Round, Option<&Round>)> {
    let rounds = in_order(file);
    let at = match asked {
        Some(id) => rounds.iter().position(|r| r.id == id)?,
        None => rounds.iter().position(|r| r.status == RoundStatus::Open).or(rounds.len().checked_sub(1))?,
    };
    Some((rounds[at], at.checked_sub(1).map(|i| rounds[i])))
}

/// The round whose name is `name`, with the round before it.
pub fn named<'a>(file: &'a PlanFile, name: &str) -> Option<(&'a Round, Option<&'a Round>)> {
    let id = file.rounds.iter().find(|r| r.name.trim().eq_ignore_ascii_case(name.trim()))?.id;
    chosen(file, Some(id))
}

/// Where an update is in its round, in words, for the lists of what is not yet accepted.
pub fn update_state(update: Option<&Update>) -> &'static str {
    match update.map(|u| u.status) {
        None => "No update yet",
        Some(cypp_domain::UpdateStatus::Draft) => "Draft, not yet submitted",
        Some(cypp_domain::UpdateStatus::Submitted) => "Submitted, waiting for review",
        Some(cypp_domain::UpdateStatus::Returned) => "Returned to the lead",
        Some(cypp_domain::UpdateStatus::Accepted) => "Accepted",
    }
}

/// One item of the current revision in a round.
pub struct Standing<'a> {
    pub item: &'a PlanItem,
    pub depth: usize,
    /// The round's update on it, whatever its state.
    pub update: Option<&'a Update>,
    /// The RAG of its accepted update, this round and the one before.
    pub now: Option<Rag>,
    pub before: Option<Rag>,
    /// How it changed, when there is a round before.
    pub change: Option<Change>,
}

impl Standing<'_> {
    /// The accepted update, the board's evidence for `now`.
    pub fn accepted(&self) -> Option<&Update> {
        self.update.filter(|u| u.status == cypp_domain::UpdateStatus::Accepted)
    }

    /// Whether a board reads it "by exception": red or amber, worse, or newly resolved.
    pub fn is_exception(&self) -> bool {
        matches!(self.now, Some(Rag::Red | Rag::Amber)) || self.change.is_some_and(Change::is_exception)
    }

    /// The order a report takes exceptions in: red, amber, then worse, then resolved.
    pub fn rank(&self) -> u8 {
        match (self.now, self.change) {
            (Some(Rag::Red), _) => 0,
            (Some(Rag::Amber), _) => 1,
            (_, Some(Change::Worse | Change::NewlyOffTrack)) => 2,
            _ => 3,
        }
    }
}

/// Every item of the plan's current revision, depth first, as it stood in `round`.
pub fn standings<'a>(file: &'a PlanFile, round: &'a Round, before: Option<&'a Round>) -> Vec<Standing<'a>> {
    let ids = Identities::of(file);
    file.items
        .iter()
        .flat_map(|i| i.walk())
        .map(|(depth, item)| {
            let ask = Ask::Item(item.id);
            let now = round.accepted_on(ask, &ids).and_then(|u| u.rag);
            let was = before.and_then(|r| r.accepted_on(ask, &ids)).and_then(|u| u.rag);
            Standing {
                item,
                depth,
                update: round.update_on(ask, &ids),
                now,
                before: was,
                change: before.and(Change::between(was, now)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_round_is_chosen_unless_another_is_and_the_one_before_is_its_comparison() {
        let mut file = cypp_demo::plan_file();
        file.rounds.reverse();
        let (round, before) = chosen(&file, None).expect("a round");
        assert_eq!(round.status, RoundStatus::Open);
        assert_eq!(before.map(|r| r.name.as_str()), Some("Q1 2026-27"));
        let (first, none) = named(&file, "q1 2026-27").expect("Q1 by name");
        assert_eq!(first.name, "Q1 2026-27");
        assert!(none.is_none());
        assert!(chosen(&file, Some(RoundId::derived("elsewhere"))).is_none());
    }

    #[test]
    fn only_accepted_updates_rate_an_item_and_exceptions_come_red_then_amber() {
        let file = cypp_demo::plan_file();
        let (q1, _) = named(&file, "Q1 2026-27").expect("Q1");
        let all = standings(&file, q1, None);
        let rated: Vec<&Standing> = all.iter().filter(|s| s.now.is_some()).collect();
        assert_eq!(rated.len(), q1.updates.iter().filter(|u| u.item.is_some()).count(), "every Q1 update is accepted");
        assert!(all.iter().all(|s| s.change.is_none()), "nothing before Q1 to compare with");
        let (q2, before) = named(&file, "Q2 2026-27").expect("Q2");
        let all = standings(&file, q2, before);
        for s in &all {
            if let Some(update) = s.update {
                let accepted = update.status == cypp_domain::UpdateStatus::Accepted;
                assert_eq!(s.now.is_some(), accepted && update.rag.is_some(), "{}: only accepted counts", s.item.title);
            }
        }
        let mut exceptions: Vec<&Standing> = all.iter().filter(|s| s.is_exception()).collect();
        exceptions.sort_by_key(|s| s.rank());
        assert!(exceptions.windows(2).all(|w| w[0].rank() <= w[1].rank()));
    }
}

/// The papers a board is given from a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// By exception: what is red or amber, worse, or newly resolved.
    Highlight,
    /// The committee's progress report, every item, in a council committee report's layout.
    Progress,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::Highlight, Paper::Progress];

    /// Its name in web addresses and file names: "highlight", "progress".
    pub fn slug(self) -> &'static str {
        match self {
            Paper::Highlight => "highlight",
            Paper::Progress => "progress",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Paper::Highlight => "Highlight report",
            Paper::Progress => "Committee progress report",
        }
    }

    /// The paper for `round`, compared with `before`, made on `date`.
    pub fn edition(self, file: &PlanFile, round: &Round, before: Option<&Round>, date: chrono::NaiveDate) -> Edition {
        match self {
            Paper::Highlight => crate::highlight::highlight_edition(file, round, before, date),
            Paper::Progress => crate::progress::progress_edition(file, round, before, date),
        }
    }
}
