//! `GET /plans/{slug}/dashboard`: the board's view of the plan: RAG by priority from the
//! latest updates, actions by status and those overdue, who has not yet updated in the
//! current round, and the KPI scorecard with each measure judged against its target. It is
//! the partnership's own: anyone else is refused.

use askama::Template;
use axum::response::Html;
use chrono::Utc;
use cypp_domain::period::uk_date;
use cypp_domain::{ActionStatus, Ask, Identities, PlanItem, Rag, RoundStatus};

use crate::AppError;
use crate::access::{Edit, PlanMember};
use crate::auth::Visitor;
use crate::page::Chrome;
use crate::views::{Names, Tag, lead_text, measure_view, rag_tag, reading_text};
use cypp_publish::chart;

pub struct PriorityRow {
    pub heading: String,
    pub href: String,
    pub rag: Option<Tag>,
    pub rag_from: String,
    pub actions: usize,
    pub overdue: usize,
    pub kpis: [usize; 3],
}

pub struct OverdueRow {
    pub title: String,
    pub lead: String,
    pub due: String,
    pub status: &'static str,
}

pub struct RoundView {
    pub name: String,
    pub due: String,
    pub open: bool,
    pub updated: usize,
    pub missing: Vec<(String, String)>,
}

pub struct KpiRow {
    pub name: String,
    pub href: String,
    pub spark: crate::markup::Markup,
    pub variation: String,
    /// Each comparator: its name, its figure for the same period, and how we compare where our
    /// figure has a confidence interval to compare by.
    pub comparisons: Vec<(String, String, Option<&'static str>)>,
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

/// For the partnership's people only: it shows progress updates and who has still to give one.
pub async fn get_dashboard(reader: PlanMember) -> Result<Html<String>, AppError> {
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

    // Updates are matched by identity: an update given against the published revision is
    // still the item's own in a refresh being drafted.
    let ids = Identities::of(&file);
    // Each item's latest RAG, from the newest round that has one for it.
    let latest_rag = |item: &PlanItem| {
        file.rounds.iter().rev().find_map(|round| {
            round
                .updates
                .iter()
                .find(|u| ids.is_about_item(u, item.id) && u.is_given())
                .and_then(|u| u.rag)
                .map(|rag| (rag, round.name.clone()))
        })
    };
    let priorities = all
        .iter()
        .filter(|(depth, _)| *depth == 1 || (all.iter().all(|(d, _)| *d == 0)))
        .map(|(_, item)| {
            let (rag, rag_from) = match latest_rag(item) {
                Some((rag, round)) => (Some(rag_tag(rag)), round),
                None => (None, String::new()),
            };
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
                rag,
                rag_from,
                actions: item_actions.len(),
                overdue: item_actions.iter().filter(|a| a.is_overdue(today)).count(),
                kpis,
            }
        })
        .collect();

    // The open round, or else the latest: who has updated and who has not, of what it asks.
    let round =
        file.rounds.iter().find(|r| r.status == RoundStatus::Open).or_else(|| file.rounds.last()).map(|round| {
            let asks = round.asks(&file.items, &ids);
            let missing: Vec<(String, String)> =
                asks.iter()
                    .filter(|ask| !round.update_on(**ask, &ids).is_some_and(|u| u.is_given()))
                    .filter_map(|ask| match *ask {
                        Ask::Item(id) => all.iter().find(|(_, i)| i.id == id).map(|(_, i)| {
                            (i.heading(), i.officer_lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default())
                        }),
                        Ask::Action(id) => actions.iter().find(|a| a.id == id).map(|a| {
                            (a.title.clone(), a.lead.as_ref().map(|l| lead_text(l, &names)).unwrap_or_default())
                        }),
                    })
                    .collect();
            RoundView {
                name: round.name.clone(),
                due: uk_date(round.due_on),
                open: round.status == RoundStatus::Open,
                updated: asks.len() - missing.len(),
                missing,
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
        scorecard,
    };
    Ok(Html(page.render()?))
}
