//! View models: domain values turned into what a page shows. Templates only place them; every
//! decision (labels, formats, what is overdue, what is suppressed, which terms are marked up)
//! is made here.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::*;

use crate::markup::{Glossary, Markup};
pub use cypp_publish::words::{Names, better_text, lead_text, reading_text, target_text};

/// Everything needed to turn items into views.
pub struct Context<'a> {
    pub names: Names<'a>,
    pub plan: &'a Plan,
    pub today: NaiveDate,
    pub glossary: Glossary,
    /// Who is looking, to offer the edit links they may use.
    pub user: Option<&'a User>,
    /// Where an item's own page is, for links: `{base}/items/{id}`; empty for in-page anchors.
    pub item_base: Option<String>,
    pub plan_slug: &'a str,
}

pub struct ItemView {
    pub anchor: String,
    pub href: String,
    pub level: String,
    pub heading: String,
    /// The HTML heading level: 2 for the top level, down to 6.
    pub h: usize,
    /// The level of the headings inside the item.
    pub sub_h: usize,
    pub why: Option<Markup>,
    pub key_priority: Option<Markup>,
    pub summary: Option<Markup>,
    pub asked: Vec<Markup>,
    pub officer_lead: Option<String>,
    pub lead_board: Option<String>,
    pub young_person_lead: Option<String>,
    pub references: Vec<String>,
    pub themes: Vec<String>,
    pub success: Vec<SuccessView>,
    pub actions: Vec<ActionView>,
    pub measures: Vec<MeasureView>,
    pub children: Vec<(String, String)>,
    pub edit_href: Option<String>,
    /// For the partnership's people: the item's history.
    pub history_href: Option<String>,
    /// For editors: the item's id and the name of the level below it, for the add, move and
    /// delete controls.
    pub structure: Option<(String, String)>,
}

pub struct SuccessView {
    pub text: Markup,
    pub measures: Vec<String>,
}

pub struct ActionView {
    /// The action's place on the page: `action-{id}`.
    pub anchor: String,
    pub number: String,
    pub title: Markup,
    pub lead: String,
    pub due: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub overdue: bool,
    /// The organisations working with the lead, by name.
    pub partners: String,
    /// Each milestone in words ("…, due 31 March 2026, done 12 March 2026").
    pub milestones: Vec<String>,
    pub edit_href: Option<String>,
    /// The action's milestones, for those who may change them.
    pub milestones_href: Option<String>,
    pub delete_href: Option<String>,
    pub history_href: Option<String>,
}

pub struct MeasureView {
    pub name: String,
    /// The measure's own page.
    pub href: String,
    pub latest: String,
    pub period: String,
    pub target: Option<String>,
    pub better: &'static str,
}

/// GOV.UK tag colours for action statuses.
pub fn status_class(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::NotStarted | ActionStatus::Dropped => "govuk-tag--grey",
        ActionStatus::OnTrack => "govuk-tag--green",
        ActionStatus::AtRisk => "govuk-tag--yellow",
        ActionStatus::OffTrack => "govuk-tag--red",
        ActionStatus::Done => "govuk-tag--blue",
    }
}

pub fn measure_view(measure: &Measure, names: &Names<'_>) -> MeasureView {
    let latest = measure.latest();
    let target = cypp_publish::words::next_target(measure).map(|t| target_text(measure, t, names));
    MeasureView {
        name: measure.name.clone(),
        href: String::new(),
        latest: latest.map(|p| reading_text(measure, p)).unwrap_or_else(|| "No data yet".into()),
        period: latest.map(|p| p.period.label()).unwrap_or_default(),
        target,
        better: better_text(measure.direction),
    }
}

impl Context<'_> {
    fn measure_href(&self, measure: &Measure) -> String {
        match &self.item_base {
            Some(base) => format!("{base}/measures/{}", measure.slug),
            None => format!("/plans/{}/measures/{}", self.plan_slug, measure.slug),
        }
    }

    /// The history of a record, for someone signed in to the partnership.
    fn history_href(&self, record: uuid::Uuid) -> Option<String> {
        self.user.map(|_| format!("/plans/{}/history?record={record}", self.plan_slug))
    }

    fn item_href(&self, id: ItemId) -> String {
        match &self.item_base {
            Some(base) => format!("{base}/items/{id}"),
            None => format!("#item-{id}"),
        }
    }

    pub fn item(&mut self, item: &PlanItem, depth: usize, h: usize) -> ItemView {
        let actions: Vec<ActionView> = item
            .actions
            .iter()
            .map(|a| ActionView {
                anchor: format!("action-{}", a.id),
                number: a.number.clone().unwrap_or_default(),
                title: self.glossary.mark(&a.title),
                lead: a.lead.as_ref().map(|l| lead_text(l, &self.names)).unwrap_or_default(),
                due: a.due_date.map(uk_date).unwrap_or_default(),
                status: a.status.label(),
                status_class: status_class(a.status),
                overdue: a.is_overdue(self.today),
                partners: cypp_publish::words::partners_text(a, &self.names),
                milestones: a.milestones.iter().map(cypp_publish::words::milestone_text).collect(),
                edit_href: self
                    .user
                    .filter(|u| u.can_update(a.lead.as_ref()))
                    .map(|_| format!("/plans/{}/actions/{}/edit", self.plan_slug, a.id)),
                milestones_href: self
                    .user
                    .filter(|u| u.can_update(a.lead.as_ref()))
                    .map(|_| format!("/plans/{}/actions/{}/milestones", self.plan_slug, a.id)),
                delete_href: self
                    .user
                    .filter(|u| u.can_edit_plan())
                    .map(|_| format!("/plans/{}/actions/{}/delete", self.plan_slug, a.id)),
                history_href: self.history_href(a.id.0),
            })
            .collect();
        let why = item.why_it_matters.as_deref().map(|t| self.glossary.mark(t));
        let key_priority = item.key_priority.as_deref().map(|t| self.glossary.mark(t));
        let summary = item.summary.as_deref().map(|t| self.glossary.mark(t));
        let asked = item.young_people_asked.iter().map(|t| self.glossary.mark(t)).collect();
        let success = item
            .success_statements
            .iter()
            .map(|s| SuccessView {
                text: self.glossary.mark(&s.text),
                measures: s
                    .measures
                    .iter()
                    .filter_map(|m| self.names.measures.get(m))
                    .map(|m| m.name.clone())
                    .collect(),
            })
            .collect();
        ItemView {
            anchor: format!("item-{}", item.id),
            href: self.item_href(item.id),
            level: self.plan.level_name(depth).to_string(),
            heading: item.heading(),
            h: h.min(6),
            sub_h: (h + 1).min(6),
            why,
            key_priority,
            summary,
            asked,
            officer_lead: item.officer_lead.as_ref().map(|l| lead_text(l, &self.names)),
            lead_board: item.lead_board.and_then(|b| self.names.boards.get(&b)).map(|s| s.to_string()),
            young_person_lead: item.young_person_lead.clone(),
            references: item
                .references
                .iter()
                .map(|r| match &r.detail {
                    Some(d) => format!("{}: {d}", r.title),
                    None => r.title.clone(),
                })
                .collect(),
            themes: item.themes.iter().filter_map(|t| self.names.themes.get(t)).map(|s| s.to_string()).collect(),
            success,
            actions,
            measures: item
                .measures
                .iter()
                .filter_map(|m| self.names.measures.get(m))
                .map(|m| MeasureView { href: self.measure_href(m), ..measure_view(m, &self.names) })
                .collect(),
            children: item.items.iter().map(|c| (c.heading(), self.item_href(c.id))).collect(),
            edit_href: self
                .user
                .filter(|u| u.can_update(item.officer_lead.as_ref()))
                .map(|_| format!("/plans/{}/items/{}/edit", self.plan_slug, item.id)),
            history_href: self.history_href(item.id.0),
            structure: self
                .user
                .filter(|u| u.can_edit_plan())
                .map(|_| (item.id.to_string(), self.plan.level_name(depth + 1).to_lowercase())),
        }
    }

    /// Every item of the tree, depth first, headings from `top_h` down.
    pub fn tree(&mut self, items: &[PlanItem], top_h: usize) -> Vec<ItemView> {
        let mut out = Vec::new();
        for top in items {
            for (depth, item) in top.walk() {
                out.push(self.item(item, depth, top_h + depth));
            }
        }
        out
    }
}

/// The plan's front matter, shown above its items.
pub struct PlanHeader {
    pub title: String,
    pub partnership: String,
    pub area: String,
    pub period: String,
    pub status: &'static str,
    pub revision: String,
    pub vision: Option<Markup>,
    pub purpose: Option<Markup>,
    pub signoff_board: Option<String>,
    pub sections: Vec<(String, Markup)>,
    pub principles: Vec<(String, Option<String>)>,
    pub themes: Vec<(String, Option<String>)>,
    pub glossary: Vec<(String, String, String)>,
}

impl PlanHeader {
    pub fn new(partnership: &Partnership, revision: &RevisionContent, ctx: &mut Context<'_>) -> PlanHeader {
        let plan = &revision.plan;
        PlanHeader {
            title: plan.title.clone(),
            partnership: partnership.name.clone(),
            area: format!("{} ({})", partnership.area_name, partnership.gss_code),
            period: plan.period.label(),
            status: plan.status.label(),
            revision: match &plan.revision_label {
                Some(label) => format!("Revision {}: {label}", plan.revision),
                None => format!("Revision {}", plan.revision),
            },
            vision: plan.vision.as_deref().map(|t| ctx.glossary.mark(t)),
            purpose: plan.purpose.as_deref().map(|t| ctx.glossary.mark(t)),
            signoff_board: plan.signoff_board.and_then(|b| ctx.names.boards.get(&b)).map(|s| s.to_string()),
            sections: revision.sections.iter().map(|s| (s.title.clone(), ctx.glossary.mark(&s.body))).collect(),
            principles: revision.principles.iter().map(|p| (p.title.clone(), p.description.clone())).collect(),
            themes: revision.themes.iter().map(|t| (t.name.clone(), t.description.clone())).collect(),
            glossary: revision
                .glossary
                .iter()
                .map(|g| (crate::markup::term_anchor(&g.term), g.term.clone(), g.definition.clone()))
                .collect(),
        }
    }
}

/// A GOV.UK tag: its words and its colour class.
#[derive(Clone)]
pub struct Tag {
    pub label: &'static str,
    pub class: &'static str,
}

/// A RAG rating as a tag (amber is GOV.UK's yellow).
pub fn rag_tag(rag: cypp_domain::Rag) -> Tag {
    use cypp_domain::Rag;
    let class = match rag {
        Rag::Red => "govuk-tag--red",
        Rag::Amber => "govuk-tag--yellow",
        Rag::Green => "govuk-tag--green",
        Rag::Blue => "govuk-tag--blue",
    };
    Tag { label: rag.label(), class }
}
