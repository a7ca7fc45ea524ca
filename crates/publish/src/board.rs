//! A reporting round as the board reads it, decided once for the dashboard and the board
//! papers: the rounds in the order they ran, the one chosen and the one before it, and each
//! item's RAG from the round's accepted updates (a submitted update waits for review), with
//! how it changed since the round before.

use chrono::NaiveDate;
use cypp_analytics::compare::Label;
use cypp_analytics::spc::Variation;
use cypp_domain::period::uk_date;
use cypp_domain::{
    ActionId, ActionStatus, Ask, Change, ComparatorKind, Identities, PlanFile, PlanItem, Rag, Round, RoundId,
    RoundStatus, Update,
};

use crate::edition::Edition;
use crate::judge::{judge, variation_text};
use crate::words::{Names, lead_text, reading_text};

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

/// An item's or action's progress as the public may read it: the newest round's accepted update on it that
/// an admin has put on the public site, with its summary. A summary that counts a few people
/// (see `cypp_domain::plain::small_counts`) is never shown, however it got there.
pub struct PublicProgress<'a> {
    pub round: &'a Round,
    pub update: &'a Update,
    pub rag: Option<Rag>,
    pub summary: &'a str,
    pub published_on: NaiveDate,
}

/// The public progress of an item or action (by an id of any revision: matched by identity).
pub fn public_progress<'a>(file: &'a PlanFile, ids: &Identities, about: Ask) -> Option<PublicProgress<'a>> {
    in_order(file).into_iter().rev().find_map(|round| {
        let update = round.accepted_on(about, ids)?;
        let public = update.public.as_ref()?;
        if !cypp_domain::plain::small_counts(&public.text, cypp_analytics::suppress::DEFAULT_THRESHOLD).is_empty() {
            return None;
        }
        Some(PublicProgress {
            round,
            update,
            rag: update.rag,
            summary: &public.text,
            published_on: public.at.date_naive(),
        })
    })
}

/// What an exception is about, for the link to its evidence.
pub enum About<'a> {
    /// An item, rated in the round's accepted update.
    Item(&'a Round, &'a Update),
    /// An action, with the round's accepted update on it where there is one.
    Action(ActionId, Option<(&'a Round, &'a Update)>),
    /// A measure, by its slug.
    Measure(&'a str),
}

/// One thing the board should look at, in words.
pub struct Exception<'a> {
    pub what: String,
    pub about: About<'a>,
    /// Why it is an exception: "Red in Q1 2026-27", "Overdue: due 30 June 2026".
    pub why: String,
    pub rag: Option<Rag>,
    /// The lead's words on it, or the latest figure of a measure.
    pub words: Option<String>,
    pub lead: String,
}

/// The board's exceptions, most serious first: red and amber items from `round`'s accepted
/// updates (`standings`), actions off track (as the accepted update says, or else the plan)
/// or overdue on `today`, and measures with a special cause of concern or significantly worse
/// than England.
pub fn exceptions<'a>(
    file: &'a PlanFile,
    round: Option<&'a Round>,
    standings: &'a [Standing<'a>],
    today: NaiveDate,
) -> Vec<Exception<'a>> {
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let ids = Identities::of(file);
    let mut out = Vec::new();
    if let Some(round) = round {
        let mut rated: Vec<&Standing> =
            standings.iter().filter(|s| matches!(s.now, Some(Rag::Red | Rag::Amber))).collect();
        rated.sort_by_key(|s| s.rank());
        for s in rated {
            let (Some(update), Some(rag)) = (s.accepted(), s.now) else { continue };
            out.push(Exception {
                what: s.item.heading(),
                about: About::Item(round, update),
                why: format!("{} in {}", rag.label(), round.name),
                rag: Some(rag),
                words: update.worried_about.clone().or_else(|| update.next_steps.clone()),
                lead: s.item.officer_lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default(),
            });
        }
    }
    for action in file.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| &i.actions) {
        let update = round.and_then(|r| r.accepted_on(Ask::Action(action.id), &ids).map(|u| (r, u)));
        let status = update.and_then(|(_, u)| u.action_status).unwrap_or(action.status);
        let source = match update {
            Some((r, _)) => format!("said in {}", r.name),
            None => "in the plan".to_string(),
        };
        let why = match status {
            ActionStatus::OffTrack => Some(format!("{} ({source})", status.label())),
            _ if action.is_overdue(today) => {
                Some(format!("Overdue: due {}", action.due_date.map(uk_date).unwrap_or_default()))
            }
            _ => None,
        };
        if let Some(why) = why {
            out.push(Exception {
                what: action.title.clone(),
                about: About::Action(action.id, update),
                why,
                rag: None,
                words: update.and_then(|(_, u)| u.worried_about.clone()),
                lead: action.lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default(),
            });
        }
    }
    for measure in &file.measures {
        let judgement = judge(measure, &file.partnership);
        let concern = judgement
            .analysis
            .as_ref()
            .and_then(|a| a.variation)
            .filter(|v| matches!(v, Variation::ConcernHigh | Variation::ConcernLow));
        let worse = judgement
            .comparisons
            .iter()
            .find(|c| c.kind == ComparatorKind::England && matches!(c.label, Label::Worse | Label::Worst));
        let mut why = Vec::new();
        if let Some(v) = concern {
            why.push(variation_text(v).to_string());
        }
        if let Some(c) = worse {
            why.push(format!("significantly worse than {} ({})", c.name, reading_text(measure, &c.point)));
        }
        if !why.is_empty() {
            let latest = measure.latest().map(|p| format!("{} in {}", reading_text(measure, p), p.period.label()));
            out.push(Exception {
                what: measure.name.clone(),
                about: About::Measure(&measure.slug),
                why: why.join("; "),
                rag: None,
                words: latest.map(|l| format!("Latest: {l}")),
                lead: String::new(),
            });
        }
    }
    out
}

/// An item or action the round asks about whose update is not accepted yet.
pub struct Missing {
    pub what: String,
    pub lead: String,
    /// Where its update is: [`update_state`].
    pub state: &'static str,
}

/// What `round` asks about and has no accepted update on, in the plan's order.
pub fn missing(file: &PlanFile, round: &Round) -> Vec<Missing> {
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let ids = Identities::of(file);
    let all: Vec<&PlanItem> = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i).collect();
    let lead = |l: Option<&cypp_domain::Lead>| l.map(|l| lead_text(l, &names)).unwrap_or_default();
    round
        .asks(&file.items, &ids)
        .into_iter()
        .filter(|ask| round.accepted_on(*ask, &ids).is_none())
        .filter_map(|ask| {
            let state = update_state(round.update_on(ask, &ids));
            let (what, lead) = match ask {
                Ask::Item(id) => {
                    all.iter().find(|i| i.id == id).map(|i| (i.heading(), lead(i.officer_lead.as_ref())))?
                }
                Ask::Action(id) => all
                    .iter()
                    .flat_map(|i| &i.actions)
                    .find(|a| a.id == id)
                    .map(|a| (a.title.clone(), lead(a.lead.as_ref())))?,
            };
            Some(Missing { what, lead, state })
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
    /// The round as the board reads it: exceptions first, then every item and measure.
    Dashboard,
    /// By exception: what is red or amber, worse, or newly resolved.
    Highlight,
    /// The committee's progress report, every item, in a council committee report's layout.
    Progress,
}

impl Paper {
    pub const ALL: [Paper; 3] = [Paper::Dashboard, Paper::Highlight, Paper::Progress];

    /// Its name in web addresses and file names: "highlight", "progress".
    pub fn slug(self) -> &'static str {
        match self {
            Paper::Dashboard => "dashboard",
            Paper::Highlight => "highlight",
            Paper::Progress => "progress",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Paper> {
        Paper::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Paper::Dashboard => "Board dashboard",
            Paper::Highlight => "Highlight report",
            Paper::Progress => "Committee progress report",
        }
    }

    /// The paper for `round`, compared with `before`, made on `date`.
    pub fn edition(self, file: &PlanFile, round: &Round, before: Option<&Round>, date: chrono::NaiveDate) -> Edition {
        match self {
            Paper::Dashboard => crate::dashboard::dashboard_edition(file, round, before, date),
            Paper::Highlight => crate::highlight::highlight_edition(file, round, before, date),
            Paper::Progress => crate::progress::progress_edition(file, round, before, date),
        }
    }
}
