//! `GET /plans/{slug}/dashboard?round=ID`: the board's view of the plan for one reporting
//! round (the open one unless another is chosen): exceptions first (red and amber items,
//! off-track and overdue actions, measures with a special cause of concern or significantly
//! worse than England, updates still missing), then RAG by outcome and priority from the
//! round's accepted updates with what changed since the round before, and the KPI scorecard
//! with each measure judged against its target. Every figure links to its evidence. It is the
//! partnership's own: anyone else is refused.

use askama::Template;
use axum::extract::Query;
use axum::response::Html;
use chrono::Utc;
use cypp_domain::period::uk_date;
use cypp_domain::{ActionStatus, Change, Identities, PlanItem, Rag, Round, RoundId, RoundStatus, Update};

use crate::AppError;
use crate::access::{Edit, PlanMember};
use crate::auth::Visitor;
use crate::page::Chrome;
use crate::views::{Names, Tag, lead_text, measure_view, rag_tag, reading_text};
use cypp_publish::{board, chart};

#[derive(Clone)]
pub struct PriorityRow {
    pub heading: String,
    pub href: String,
    /// `cypp-depth-N` for an item below the top level.
    pub depth: String,
    /// The RAG of the round's accepted update, and that update's page.
    pub rag: Option<(Tag, String)>,
    /// Where the update is when none is accepted: "Submitted, waiting for review".
    pub state: String,
    /// The accepted RAG in the round before.
    pub before: Option<Tag>,
    pub change: Option<(&'static str, &'static str)>,
    pub actions: usize,
    pub overdue: usize,
    pub kpis: [usize; 3],
}

/// Something the board should look at: what it is, its page, why, and who leads it.
pub struct Exception {
    pub what: String,
    pub href: String,
    pub why: String,
    pub tag: Option<Tag>,
    pub words: Option<String>,
    pub lead: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DashboardQuery {
    round: String,
}

pub struct OverdueRow {
    pub title: String,
    pub lead: String,
    pub due: String,
    pub status: &'static str,
}

pub struct RoundView {
    pub id: String,
    pub name: String,
    pub due: String,
    pub open: bool,
    /// How many of what it asks have an accepted update, and how many are given at all.
    pub accepted: usize,
    pub given: usize,
    pub asked: usize,
    /// Still to accept: what, who leads it, and where its update is.
    pub missing: Vec<(String, String, String)>,
    /// The round compared with: the one before it.
    pub previous: Option<String>,
    /// Every round, to choose from: id, name, whether chosen.
    pub choices: Vec<(String, String, bool)>,
}

pub struct KpiRow {
    pub name: String,
    pub href: String,
    pub spark: crate::markup::Markup,
    pub variation: String,
    /// Each comparator: its name, its figure for the same period, and how we compare where our
    /// figure has a confidence interval to compare by.
    pub comparisons: Vec<(String, String, Option<&'static str>)>,
    /// Where the latest figure ranks among the neighbours and in England, 1st the best.
    pub ranks: Vec<String>,
    pub latest: String,
    pub period: String,
    pub previous: String,
    pub target: String,
    pub rag: Option<Tag>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    slug: String,
    title: String,
    status: &'static str,
    action_counts: Vec<(&'static str, &'static str, usize)>,
    overdue: Vec<OverdueRow>,
    priorities: Vec<PriorityRow>,
    round: Option<RoundView>,
    /// Red and amber items, off-track actions, worrying measures: the board's exceptions.
    exceptions: Vec<Exception>,
    /// What changed since the round before: better, worse, newly off track, newly resolved.
    changes: Vec<PriorityRow>,
    /// The round's reports to download.
    reports: Vec<(&'static str, Vec<super::download::RoundReport>)>,
    scorecard: Vec<KpiRow>,
    /// The RAG summary chart and what it says in words.
    rag_chart: crate::markup::Markup,
    rag_words: String,
    /// Whether the visitor may add measures (`access::Edit`).
    may_edit: bool,
}

/// Where a measure's latest figure stands against its target: 0 on target (green or blue),
/// 1 close (amber), 2 off target (red); `None` without a target or a figure.
fn standing(measure: &cypp_domain::Measure) -> Option<usize> {
    match measure.latest().and_then(|p| measure.rag(p))? {
        Rag::Green | Rag::Blue => Some(0),
        Rag::Amber => Some(1),
        Rag::Red => Some(2),
    }
}

fn change_tag(change: Change) -> (&'static str, &'static str) {
    let class = match change {
        Change::NewlyOffTrack | Change::Worse => "govuk-tag--red",
        Change::NewlyResolved | Change::Better => "govuk-tag--green",
        Change::New => "govuk-tag--blue",
        Change::Same | Change::NotRated => "govuk-tag--grey",
    };
    (change.label(), class)
}

/// For the partnership's people only: it shows progress updates and who has still to give one.
pub async fn get_dashboard(reader: PlanMember, Query(query): Query<DashboardQuery>) -> Result<Html<String>, AppError> {
    let may_edit = reader.may::<Edit>();
    let visitor = Visitor(Some(reader.session.clone()));
    let file = reader.file;
    let slug = file.plan.slug.clone();
    let today = Utc::now().date_naive();
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let all: Vec<(usize, &PlanItem)> = file.items.iter().flat_map(|i| i.walk()).collect();
    let actions: Vec<_> = all.iter().flat_map(|(_, i)| i.actions.iter()).collect();

    let action_counts = ActionStatus::ALL
        .iter()
        .map(|s| (s.label(), crate::views::status_class(*s), actions.iter().filter(|a| a.status == *s).count()))
        .collect();
    let mut overdue: Vec<OverdueRow> = actions
        .iter()
        .filter(|a| a.is_overdue(today))
        .map(|a| OverdueRow {
            title: a.title.clone(),
            lead: a.lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default(),
            due: a.due_date.map(uk_date).unwrap_or_default(),
            status: a.status.label(),
        })
        .collect();
    overdue.sort_by(|a, b| a.due.cmp(&b.due));

    // The rounds in the order they ran; the one shown is chosen, or the open one, or the last.
    let asked = match query.round.trim() {
        "" => None,
        text => Some(text.parse::<RoundId>().map_err(|_| AppError::NotFound)?),
    };
    let (this, before) = match board::chosen(&file, asked) {
        Some((this, before)) => (Some(this), before),
        None if asked.is_some() => return Err(AppError::NotFound),
        None => (None, None),
    };
    let rounds = board::in_order(&file);

    // Updates are matched by identity: an update given against the published revision is
    // still the item's own in a refresh being drafted. The board reads accepted updates only.
    let ids = Identities::of(&file);
    let update_href =
        |round: &Round, update: &Update| format!("/plans/{slug}/rounds/{}/updates/{}", round.id, update.id);
    let standings = this.map(|round| board::standings(&file, round, before)).unwrap_or_default();
    let priorities: Vec<PriorityRow> = all
        .iter()
        .map(|(depth, item)| {
            let here = standings.iter().find(|s| s.item.id == item.id);
            let rag = here.and_then(|s| {
                let update = s.accepted()?;
                Some((rag_tag(s.now?), update_href(this?, update)))
            });
            let within: Vec<&PlanItem> = item.walk().into_iter().map(|(_, i)| i).collect();
            let item_actions: Vec<_> = within.iter().flat_map(|i| i.actions.iter()).collect();
            let mut kpis = [0; 3];
            for measure in within.iter().flat_map(|i| i.measures.iter()).filter_map(|m| names.measures.get(m)) {
                if let Some(bucket) = standing(measure) {
                    kpis[bucket] += 1;
                }
            }
            PriorityRow {
                heading: item.heading(),
                href: format!("/plans/{slug}#item-{}", item.id),
                depth: if *depth == 0 { String::new() } else { format!("cypp-depth-{}", depth.min(&3)) },
                rag,
                state: if this.is_some() {
                    board::update_state(here.and_then(|s| s.update)).to_string()
                } else {
                    String::new()
                },
                before: here.and_then(|s| s.before).map(rag_tag),
                // Not rated yet this round says itself in `state`; no tag repeats it.
                change: here.and_then(|s| s.change).filter(|c| *c != Change::NotRated).map(change_tag),
                actions: item_actions.len(),
                overdue: item_actions.iter().filter(|a| a.is_overdue(today)).count(),
                kpis,
            }
        })
        .collect();
    let changes = standings
        .iter()
        .zip(&priorities)
        .filter(|(s, _)| s.change.is_some_and(|c| c.is_exception() || c == Change::Better))
        .map(|(_, row)| PriorityRow { depth: String::new(), ..row.clone() })
        .collect();

    // Exceptions, most serious first: red items, amber items, off-track and overdue actions,
    // worrying measures; each links to its evidence.
    let exceptions = board::exceptions(&file, this, &standings, today)
        .into_iter()
        .map(|e| Exception {
            href: match e.about {
                board::About::Item(round, update) => update_href(round, update),
                board::About::Action(_, Some((round, update))) => update_href(round, update),
                board::About::Action(id, None) => format!("/plans/{slug}#action-{id}"),
                board::About::Measure(measure) => format!("/plans/{slug}/measures/{measure}"),
            },
            what: e.what,
            why: e.why,
            tag: e.rag.map(rag_tag),
            words: e.words,
            lead: e.lead,
        })
        .collect();

    // The chosen round: who has updated and who has not, of what it asks.
    let round = this.map(|round| {
        let asks = round.asks(&file.items, &ids);
        let missing: Vec<(String, String, String)> =
            board::missing(&file, round).into_iter().map(|m| (m.what, m.lead, m.state.to_string())).collect();
        RoundView {
            id: round.id.to_string(),
            name: round.name.clone(),
            due: uk_date(round.due_on),
            open: round.status == RoundStatus::Open,
            accepted: asks.iter().filter(|a| round.accepted_on(**a, &ids).is_some()).count(),
            given: asks.iter().filter(|a| round.update_on(**a, &ids).is_some_and(|u| u.is_given())).count(),
            asked: asks.len(),
            missing,
            previous: before.map(|r| r.name.clone()),
            choices: rounds
                .iter()
                .rev()
                .map(|r| (r.id.to_string(), r.name.clone(), Some(r.id) == this.map(|t| t.id)))
                .collect(),
        }
    });

    let scorecard = file
        .measures
        .iter()
        .map(|m| {
            let view = measure_view(m, &names);
            let mut points: Vec<_> = m.data.iter().collect();
            points.sort_by_key(|p| p.period);
            let latest = points.last();
            let previous = points.len().checked_sub(2).and_then(|i| points.get(i));
            let judgement = crate::judge::judge(m, &file.partnership);
            KpiRow {
                name: m.name.clone(),
                href: format!("/plans/{slug}/measures/{}", m.slug),
                spark: crate::markup::Markup::trusted(cypp_publish::chart::sparkline(
                    m,
                    &format!("The last figures of {}", m.name),
                )),
                variation: judgement.variation.unwrap_or("Not enough data").to_string(),
                comparisons: judgement
                    .comparisons
                    .iter()
                    .map(|c| (c.name.clone(), reading_text(m, &c.point), crate::judge::label_word(c.label)))
                    .collect(),
                ranks: latest.and_then(|p| cypp_publish::words::place(m, p)).map(|p| p.short()).unwrap_or_default(),
                latest: view.latest,
                period: view.period,
                previous: previous
                    .map(|p| format!("{} ({})", reading_text(m, p), p.period.label()))
                    .unwrap_or_default(),
                target: view.target.unwrap_or_default(),
                rag: latest.and_then(|p| m.rag(p)).map(rag_tag),
            }
        })
        .collect();

    // How many KPIs are on target, close, off target, or cannot be judged.
    let mut counts = [0usize; 4];
    for m in &file.measures {
        counts[standing(m).unwrap_or(3)] += 1;
    }
    let labels = ["On target", "Close to target", "Off target", "No target or figure"];
    let shares: Vec<cypp_publish::chart::Share> = labels
        .iter()
        .zip(counts)
        .zip([("#00703c", "#ffffff"), ("#f47738", "#0b0c0c"), ("#d4351c", "#ffffff"), ("#505a5f", "#ffffff")])
        .map(|((label, count), (fill, ink))| cypp_publish::chart::Share { label, count, fill, ink })
        .collect();
    let rag_words = format!(
        "Of {} KPIs, {} {} on target, {} close to target, {} off target and {} {} no target or no figure yet.",
        file.measures.len(),
        counts[0],
        if counts[0] == 1 { "is" } else { "are" },
        counts[1],
        counts[2],
        counts[3],
        if counts[3] == 1 { "has" } else { "have" },
    );
    // Drawn wide and narrow; the stylesheet shows the one that fits the screen.
    let title = "KPIs against their targets, latest figures";
    let rag_chart = crate::markup::Markup::trusted(
        [chart::SCREEN, chart::NARROW].iter().map(|style| chart::rag_summary(style, title, &shares)).collect(),
    );

    let page = DashboardPage {
        may_edit,
        rag_chart,
        rag_words,
        chrome: Chrome::for_partnership(&visitor, &file.partnership.name, format!("/plans/{slug}")),
        slug: slug.clone(),
        title: file.plan.title.clone(),
        status: file.plan.status.label(),
        action_counts,
        overdue,
        priorities,
        round,
        exceptions,
        changes,
        reports: super::download::round_reports(),
        scorecard,
    };
    Ok(Html(page.render()?))
}
