//! A page per measure: `GET /plans/{slug}/measures/{measure}` and, for the public,
//! `GET /p/{partnership}/{plan}/measures/{measure}`: the definition, a chart with target,
//! comparators, intervals and SPC limits, a summary in words, and every figure in a table.
//! Anyone outside the plan's partnership sees small numbers suppressed.

use askama::Template;
use axum::response::Html;
use cypp_domain::measure::format_number;
use cypp_domain::{DataPoint, Measure, PlanFile, Reading};

use crate::AppError;
use crate::access::{Edit, MeasurePath, Member, PlanMember, PlanReader, Published};
use crate::judge::judge;
use crate::markup::Markup;
use crate::page::Chrome;
use crate::views::{Names, measure_view, reading_text};
use cypp_analytics::rank::ordinal;
use cypp_publish::chart::{Comparator, NARROW, SCREEN, measure_chart};

pub struct Row {
    pub period: String,
    pub value: String,
    pub interval: String,
    pub counts: String,
    pub comparators: Vec<String>,
    /// Where the figure ranked among other areas, where its file held them.
    pub ranks: String,
    /// The process limits the figure was judged by, as calculated (the chart draws them
    /// within what the unit allows).
    pub limits: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    chrome: Chrome,
    back: String,
    back_label: String,
    plan_title: String,
    name: String,
    definition: Option<String>,
    facts: Vec<(&'static str, String)>,
    summary: String,
    /// How the process control chart departs from the usual method, in words.
    spc_notes: Vec<String>,
    chart: Markup,
    chart_title: String,
    comparator_names: Vec<String>,
    /// Whether any figure has a rank among other areas (a column for them).
    ranked: bool,
    /// Whether the figures have process limits (a column for them).
    limited: bool,
    /// Which line is which comparator: "England in long dashes, North West in dashes and dots".
    comparator_key: String,
    rows: Vec<Row>,
    /// For people signed in: the CSV template of the figures.
    template: Option<String>,
    /// For editors: the form for one figure.
    add_figure: Option<String>,
    /// For people signed in: the measure's history.
    history: Option<String>,
    edit_href: String,
    targets_href: String,
    import_href: String,
    /// Where the plan uses the measure: (what, its place on the plan's page or its own page).
    used_in: Vec<(String, String)>,
}

/// The measure as the visitor may see it: with small numbers suppressed for anyone outside
/// the partnership, and every figure as it is for its own people.
fn as_seen(measure: &Measure, public: bool) -> Measure {
    if public { measure.public_view() } else { Measure { suppress_small_numbers: false, ..measure.clone() } }
}

fn counts(point: &DataPoint) -> String {
    match (point.numerator, point.denominator) {
        (Some(n), Some(d)) => format!("{} of {}", format_number(n, 0), format_number(d, 0)),
        (Some(n), None) => format_number(n, 0),
        _ => String::new(),
    }
}

/// What the visitor may do with the measure besides reading it.
#[derive(Clone, Copy)]
struct Controls {
    /// Download the templates (the partnership's people).
    template: bool,
    /// Add figures and change the definition (its editors).
    edit: bool,
}

fn render(
    file: &PlanFile,
    index: usize,
    chrome: Chrome,
    back: String,
    public: bool,
    controls: Controls,
) -> Result<Html<String>, AppError> {
    let original = &file.measures[index];
    let slug = &original.slug;
    let template = controls.template.then(|| format!("/plans/{}/measures/{slug}/template", file.plan.slug));
    let add_figure = controls.edit.then(|| format!("/plans/{}/measures/{slug}/figures/new", file.plan.slug));
    let measure = as_seen(original, public);
    let revision = file.current();
    let names = Names::new(&file.partnership, &revision, &file.measures);
    let judgement = judge(&measure, &file.partnership);
    let view = measure_view(&measure, &names);
    let comparators: Vec<Comparator<'_>> = measure
        .comparators
        .iter()
        .filter_map(|s| names.comparators.get(&s.comparator).map(|name| Comparator { name, series: s }))
        .collect();
    let target =
        measure.latest().and_then(|l| measure.target_for_judging(&l.period)).and_then(|t| measure.target_value(t));
    let chart_title = format!("{} over time", measure.name);
    let mut description = format!("{} {}", measure.name, judgement.summary);
    if let Some(t) = target {
        description.push_str(&format!(" Target {}.", measure.format(t)));
    }
    // Drawn wide and narrow; the stylesheet shows the one that fits the screen.
    let chart: String = [SCREEN, NARROW]
        .iter()
        .map(|style| {
            measure_chart(
                style,
                &measure,
                &comparators,
                judgement.analysis.as_ref(),
                &judgement.periods,
                target,
                &chart_title,
                &description,
            )
        })
        .collect();
    // Each figure's process limits, as calculated: from the stretch of the chart it falls in.
    let limits_of = |p: &DataPoint| -> String {
        let (Some(analysis), Some(i)) =
            (judgement.analysis.as_ref(), judgement.periods.iter().position(|q| *q == p.period))
        else {
            return String::new();
        };
        analysis
            .groups
            .iter()
            .find(|g| (g.start..g.start + g.n).contains(&i))
            .filter(|g| g.lpl.is_finite() && g.upl.is_finite())
            .map(|g| format!("{} to {}", measure.format(g.lpl), measure.format(g.upl)))
            .unwrap_or_default()
    };
    let (least, most) = measure.unit.bounds();
    let beyond = judgement.analysis.as_ref().is_some_and(|a| a.groups.iter().any(|g| g.lpl < least || g.upl > most));
    let mut spc_notes = crate::judge::spc_notes(&measure);
    if beyond {
        spc_notes.push(format!(
            "A process limit beyond what {} can be is drawn at {}; the table gives it as calculated.",
            if measure.unit == cypp_domain::Unit::Percent { "a percentage" } else { "the figure" },
            if measure.unit == cypp_domain::Unit::Percent { "0 or 100%" } else { "0" }
        ));
    }
    let mut points: Vec<&DataPoint> = measure.data.iter().collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.period));
    let rows: Vec<Row> = points
        .iter()
        .map(|p| Row {
            period: p.period.label(),
            value: match p.value {
                Reading::Number(n) => measure.format(n),
                Reading::Symbol(_) => reading_text(&measure, p),
            },
            interval: [p.ci, p.ci_998]
                .into_iter()
                .flatten()
                .map(|c| {
                    format!(
                        "{} to {} ({}%)",
                        measure.format(c.lower),
                        measure.format(c.upper),
                        format_number(c.level, if c.level.fract() == 0.0 { 0 } else { 1 })
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
                + if p.ci_computed && p.ci.is_some() { ", computed by cypp from the counts" } else { "" },
            counts: counts(p),
            comparators: comparators
                .iter()
                .map(|c| {
                    c.series
                        .data
                        .iter()
                        .find(|d| d.period == p.period)
                        .map(|d| reading_text(&measure, d))
                        .unwrap_or_default()
                })
                .collect(),
            ranks: cypp_publish::words::place(&measure, p).map(|p| p.short().join("; ")).unwrap_or_default(),
            limits: limits_of(p),
            note: [p.provisional.then_some("Provisional".to_string()), p.note.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(". "),
        })
        .collect();
    let mut facts = vec![
        ("Latest", format!("{} ({})", view.latest, view.period)),
        ("Which way is better", view.better.to_string()),
    ];
    if let Some(place) = measure.latest().and_then(|p| cypp_publish::words::place(&measure, p)) {
        if let Some((rank, of)) = place.neighbours {
            facts.push(("Rank among statistical neighbours", format!("{} of {of} (1st is the best)", ordinal(rank))));
        }
        if let Some((rank, of, band)) = place.england {
            let band = band.map(|b| format!("; quartile band {}, {}", b.letter(), b.meaning())).unwrap_or_default();
            facts.push(("Rank in England", format!("{} of {of} local authorities{band}", ordinal(rank))));
        }
    }
    if let Some(t) = view.target {
        facts.push(("Target", t));
    }
    if let Some(b) = &measure.baseline {
        facts.push(("Baseline", format!("{} in {}", measure.format(b.value), b.period.label())));
    }
    facts.push(("Reported", format!("by {}", measure.period_type.label())));
    if let Some(c) = measure.category {
        facts.push(("Question it answers", c.label().to_string()));
    }
    if let Some(s) = &measure.source {
        facts.push(("Source", s.clone()));
    }
    // Where the plan uses it: the items it shows the progress of, and the success statements.
    let item_page = |id: cypp_domain::ItemId| {
        if back.starts_with("/p/") { format!("{back}/items/{id}") } else { format!("{back}#item-{id}") }
    };
    let mut used_in = Vec::new();
    for (depth, item) in file.items.iter().flat_map(|i| i.walk()) {
        let what = format!("{} {}", file.plan.level_name(depth), item.heading());
        if item.measures.contains(&measure.id) {
            used_in.push((what.clone(), item_page(item.id)));
        }
        for s in item.success_statements.iter().filter(|s| s.measures.contains(&measure.id)) {
            used_in.push((format!("\"{}\", in {what}", s.text), item_page(item.id)));
        }
    }
    let page = MeasurePage {
        used_in,
        chrome,
        back,
        back_label: file.plan.title.clone(),
        plan_title: file.plan.title.clone(),
        name: measure.name.clone(),
        definition: measure.definition.clone(),
        facts,
        summary: judgement.summary,
        spc_notes,
        chart: Markup::trusted(chart),
        chart_title,
        comparator_names: comparators.iter().map(|c| c.name.to_string()).collect(),
        ranked: rows.iter().any(|r| !r.ranks.is_empty()),
        limited: rows.iter().any(|r| !r.limits.is_empty()),
        comparator_key: comparators
            .iter()
            .zip(cypp_publish::chart::COMPARATOR_DASHES)
            .map(|(c, (_, pattern))| format!("{} in {pattern}", c.name))
            .collect::<Vec<_>>()
            .join(", "),
        rows,
        history: template.as_ref().map(|_| format!("/plans/{}/history?record={}", file.plan.slug, original.id)),
        template,
        add_figure,
        edit_href: format!("/plans/{}/measures/{}/edit", file.plan.slug, measure.slug),
        targets_href: format!("/plans/{}/measures/{}/targets", file.plan.slug, measure.slug),
        import_href: format!("/plans/{}/measures/{}/import", file.plan.slug, measure.slug),
    };
    Ok(Html(page.render()?))
}

pub async fn get_measure(plan: PlanReader, MeasurePath { index }: MeasurePath) -> Result<Html<String>, AppError> {
    let slug = plan.slug();
    let chrome = Chrome::for_partnership(&plan.visitor, &plan.file.partnership.name, format!("/plans/{slug}"));
    let public = !plan.may::<Member>();
    let controls = Controls { template: plan.may::<Member>(), edit: plan.may::<Edit>() };
    render(&plan.file, index, chrome, format!("/plans/{slug}"), public, controls)
}

pub async fn get_public_measure(
    published: Published,
    MeasurePath { index }: MeasurePath,
) -> Result<Html<String>, AppError> {
    let chrome = published.chrome();
    let controls = Controls { template: false, edit: false };
    render(&published.file, index, chrome, published.base.clone(), true, controls)
}

/// `GET /plans/{slug}/measures/{measure}/template.csv`: cypp's CSV template with the measure's
/// figures so far, for people signed in.
pub async fn get_template(plan: PlanMember, measure: MeasurePath) -> Result<axum::response::Response, AppError> {
    template(&plan, measure, false)
}

/// `GET /plans/{slug}/measures/{measure}/template.xlsx`: the same template as an Excel workbook.
pub async fn get_template_xlsx(plan: PlanMember, measure: MeasurePath) -> Result<axum::response::Response, AppError> {
    template(&plan, measure, true)
}

fn template(
    plan: &PlanMember,
    MeasurePath { index }: MeasurePath,
    xlsx: bool,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let measure = &plan.file.measures[index];
    let (content_type, extension, body) = if xlsx {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            cypp_figures::write_template_xlsx(measure).map_err(|e| AppError::Internal(e.to_string()))?,
        )
    } else {
        (
            "text/csv; charset=utf-8",
            "csv",
            cypp_figures::write_template(measure).map_err(|e| AppError::Internal(e.to_string()))?.into_bytes(),
        )
    };
    let disposition = format!("attachment; filename=\"{}.{extension}\"", measure.slug);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
