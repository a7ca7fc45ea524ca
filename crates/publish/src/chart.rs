//! The one chart writer, for the website and the documents alike: a measure over time with its
//! target, comparators, confidence whiskers, SPC limits and special-cause points; a sparkline;
//! and a RAG summary, all as SVG. Every chart has a title and a description for screen
//! readers, and the page shows its data as a table beside it. Lines differ by dash pattern and
//! markers by shape, so the charts read in greyscale and in print.
//!
//! A chart draws the figures it is given: a caller that publishes passes the published
//! (suppressed) figures, never the held ones ([`published`]).

use std::fmt::Write;

use cypp_analytics::spc::{Analysis, SpecialCause};
use cypp_domain::{ComparatorSeries, Measure, Period, Reading};

use crate::escape;
use crate::words::next_target;

/// How a chart is drawn for where it is shown.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub width: f64,
    pub height: f64,
    /// The SVG's font families.
    pub font: &'static str,
    /// The size of the axis labels, in the chart's own units.
    pub font_size: f64,
    /// How many periods along the bottom are labelled, at most.
    pub labels: f64,
    /// Whether the chart scales to the width of its container (a web page), rather than
    /// having a size of its own (a document's figure).
    pub scales: bool,
    /// On a page: the prefix of its title's and description's ids, and its class, which the
    /// stylesheet uses to show the wide or the narrow drawing.
    pub id: &'static str,
}

/// On a web page wider than a phone: scales to the page, its words in the GOV.UK fallback
/// fonts.
pub const SCREEN: Style = Style {
    width: 680.0,
    height: 320.0,
    font: "Arial, Helvetica, sans-serif",
    font_size: 12.0,
    labels: 8.0,
    scales: true,
    id: "chart",
};

/// On a phone: drawn narrower with larger words and fewer labels, so that scaled to a 320 px
/// screen its words stay readable. A page draws both and its stylesheet shows one.
pub const NARROW: Style = Style {
    width: 340.0,
    height: 280.0,
    font: "Arial, Helvetica, sans-serif",
    font_size: 15.0,
    labels: 3.0,
    scales: true,
    id: "chart-narrow",
};

/// In a document: a figure of a fixed size, in the fonts the documents embed.
pub const PRINT: Style = Style {
    width: 520.0,
    height: 240.0,
    font: "DejaVu Sans",
    font_size: 12.0,
    labels: 8.0,
    scales: false,
    id: "figure",
};

const LEFT: f64 = 64.0;
/// Room on the right for half of the last period's label, which is centred on its point.
const RIGHT: f64 = 32.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

/// The dash patterns of the comparators' lines, in the partnership's order, with how they are
/// described under the chart. Each differs from the others, from the process limits (`6 4`)
/// and from the target (`2 3`), so the chart reads in greyscale.
pub const COMPARATOR_DASHES: [(&str, &str); 3] =
    [("14 4", "long dashes"), ("14 4 2 4", "dashes and dots"), ("14 4 2 4 2 4", "dashes and pairs of dots")];

/// The SVG's size attributes (the container's width on screen, its own size in print) and, on
/// screen, its labelling by its title and description.
fn frame(style: &Style) -> String {
    if style.scales {
        let id = style.id;
        format!("width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"")
    } else {
        format!("width=\"{}\" height=\"{}\"", style.width, style.height)
    }
}

/// Rounds a step to 1, 2 or 5 times a power of ten.
fn nice_step(range: f64, ticks: f64) -> f64 {
    let raw = (range / ticks).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A comparator's series for the chart, with its name.
pub struct Comparator<'a> {
    pub name: &'a str,
    pub series: &'a ComparatorSeries,
}

/// The measure with its figures as published: a suppressed figure is its symbol, so no chart
/// drawn from it can show or imply the number.
pub fn published(measure: &Measure) -> Measure {
    let mut shown = measure.clone();
    for point in &mut shown.data {
        point.value = measure.published(point);
        if matches!(point.value, Reading::Symbol(_)) {
            (point.numerator, point.denominator, point.ci) = (None, None, None);
        }
    }
    shown
}

/// The measure over time. `analysis` is the SPC of the measure's numeric figures, whose
/// periods are `spc_periods`.
#[allow(clippy::too_many_arguments)]
pub fn measure_chart(
    style: &Style,
    measure: &Measure,
    comparators: &[Comparator<'_>],
    analysis: Option<&Analysis>,
    spc_periods: &[Period],
    target: Option<f64>,
    title: &str,
    description: &str,
) -> String {
    let (width, height) = (style.width, style.height);
    let mut periods: Vec<Period> = measure.data.iter().map(|d| d.period).collect();
    for c in comparators {
        periods.extend(c.series.data.iter().map(|d| d.period));
    }
    periods.sort();
    periods.dedup();
    if periods.is_empty() {
        return String::new();
    }
    let x_of = |p: &Period| -> f64 {
        let i = periods.iter().position(|q| q == p).unwrap_or(0) as f64;
        let n = (periods.len().max(2) - 1) as f64;
        LEFT + (width - LEFT - RIGHT) * i / n
    };
    // The range covers every figure, interval, limit and the target.
    let mut values: Vec<f64> = measure.data.iter().filter_map(|d| d.value.number()).collect();
    values.extend(measure.data.iter().filter_map(|d| d.ci).flat_map(|c| [c.lower, c.upper]));
    for c in comparators {
        values.extend(c.series.data.iter().filter_map(|d| d.value.number()));
    }
    // Process limits are drawn within what the unit allows (a percentage 0 to 100, a count or
    // rate 0 or more); the measure's table gives them as calculated.
    let (least, most) = measure.unit.bounds();
    let held = |v: f64| v.clamp(least, most);
    if let Some(a) = analysis {
        values.extend(a.groups.iter().flat_map(|g| [g.lpl, g.upl]).filter(|v| v.is_finite()).map(held));
    }
    values.extend(target);
    let (mut low, mut high) =
        values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
    if !low.is_finite() {
        return String::new();
    }
    if (high - low).abs() < f64::EPSILON {
        low -= 1.0;
        high += 1.0;
    }
    let step = nice_step(high - low, 5.0);
    let low = (low / step).floor() * step;
    let high = (high / step).ceil() * step;
    let y_of = |v: f64| TOP + (height - TOP - BOTTOM) * (high - v) / (high - low);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" {} class="cypp-chart cypp-chart--{}" font-family="{}">"#,
        frame(style),
        style.id,
        style.font,
    );
    if style.scales {
        // The page's chart is labelled by its title and description.
        let id = style.id;
        let _ = write!(
            svg,
            r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(title),
            escape(description)
        );
    } else {
        // A document has many; the document labels each figure with its alternative.
        let _ = write!(svg, r#"<title>{}</title><desc>{}</desc>"#, escape(title), escape(description));
    }
    // Grid and y-axis labels.
    let mut tick = low;
    while tick <= high + step / 2.0 {
        let y = y_of(tick);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="{}" fill="#0b0c0c">{}</text>"##,
            width - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            style.font_size,
            escape(&cypp_domain::measure::format_number(tick, if step < 1.0 { 1 } else { 0 }))
        );
        tick += step;
    }
    // X-axis labels: as many as fit, always the latest, none past the drawing's edges.
    for (x, anchor, label) in period_labels(style, &periods, &x_of) {
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{}" text-anchor="{anchor}" font-size="{}" fill="#0b0c0c">{}</text>"##,
            height - BOTTOM + 18.0,
            style.font_size,
            escape(&label)
        );
    }
    // SPC mean and limits for each group.
    if let Some(a) = analysis {
        for g in &a.groups {
            let (Some(first), Some(last)) = (spc_periods.get(g.start), spc_periods.get(g.start + g.n - 1)) else {
                continue;
            };
            let (x1, x2) = (x_of(first), x_of(last));
            for (v, dash) in
                [(g.mean, ""), (g.lpl, r#" stroke-dasharray="6 4""#), (g.upl, r#" stroke-dasharray="6 4""#)]
            {
                if v.is_finite() {
                    let v = held(v);
                    let y = y_of(v);
                    let _ = write!(
                        svg,
                        r##"<line x1="{x1:.1}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#505a5f" stroke-width="1.5"{dash}/>"##
                    );
                }
            }
        }
    }
    if let Some(t) = target {
        let (right, y) = (width - RIGHT, y_of(t));
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{right}" y1="{y:.1}" y2="{y:.1}" stroke="#d4351c" stroke-width="2" stroke-dasharray="2 3"/>"##
        );
    }
    // Comparators: black lines with their own dash patterns.
    for (c, (dash, _)) in comparators.iter().zip(COMPARATOR_DASHES) {
        let points: Vec<String> = c
            .series
            .data
            .iter()
            .filter_map(|d| d.value.number().map(|v| format!("{:.1},{:.1}", x_of(&d.period), y_of(v))))
            .collect();
        if points.len() > 1 {
            let _ = write!(
                svg,
                r##"<polyline points="{}" fill="none" stroke="#0b0c0c" stroke-width="1.5" stroke-dasharray="{dash}"><title>{}</title></polyline>"##,
                points.join(" "),
                escape(c.name)
            );
        }
    }
    // Confidence whiskers.
    for d in &measure.data {
        if let Some(ci) = d.ci {
            let x = x_of(&d.period);
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}" stroke="#505a5f" stroke-width="1"/>"##,
                y_of(ci.lower),
                y_of(ci.upper)
            );
        }
    }
    // The measure's own line and points; special causes marked by colour and shape.
    let own: Vec<(f64, f64)> =
        measure.data.iter().filter_map(|d| d.value.number().map(|v| (x_of(&d.period), y_of(v)))).collect();
    if own.len() > 1 {
        let line: Vec<String> = own.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ =
            write!(svg, r##"<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2.5"/>"##, line.join(" "));
    }
    for (i, (x, y)) in own.iter().enumerate() {
        let cause =
            analysis.and_then(|a| a.points.get(i)).map(|p| p.special_cause).unwrap_or(SpecialCause::CommonCause);
        let mark = match cause {
            SpecialCause::CommonCause => format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#1d70b8"/>"##),
            SpecialCause::Improvement => format!(
                r##"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="#1d70b8" stroke="#0b0c0c"/>"##,
                x - 5.0,
                y - 5.0
            ),
            SpecialCause::Concern => format!(
                r##"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="#f47738" stroke="#0b0c0c"/>"##,
                y - 7.0,
                x + 6.0,
                y + 5.0,
                x - 6.0,
                y + 5.0
            ),
            SpecialCause::NeutralHigh | SpecialCause::NeutralLow => format!(
                r##"<rect x="{:.1}" y="{:.1}" width="9" height="9" fill="#4c2c92" transform="rotate(45 {x:.1} {y:.1})"/>"##,
                x - 4.5,
                y - 4.5
            ),
        };
        svg.push_str(&mark);
    }
    svg.push_str("</svg>");
    svg
}

/// A document's chart of a measure: its published figures over time with its next target, or
/// nothing when fewer than two figures can be drawn.
pub fn trend(measure: &Measure) -> Option<String> {
    let shown = published(measure);
    if shown.data.iter().filter(|d| d.value.number().is_some()).count() < 2 {
        return None;
    }
    let target = next_target(measure).and_then(|t| measure.target_value(t));
    Some(measure_chart(
        &PRINT,
        &shown,
        &[],
        None,
        &[],
        target,
        &format!("{} over time", measure.name),
        &trend_alt(measure),
    ))
}

/// What a document's chart shows, in words, for those who cannot see it.
pub fn trend_alt(measure: &Measure) -> String {
    let mut points: Vec<(Period, f64)> =
        published(measure).data.iter().filter_map(|d| d.value.number().map(|v| (d.period, v))).collect();
    points.sort_by_key(|p| p.0);
    let mut text = format!("{} over time", measure.name);
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = write!(
            text,
            ": {} in {}, {} in {}",
            measure.format(first.1),
            first.0.label(),
            measure.format(last.1),
            last.0.label()
        );
    }
    if let Some(t) = next_target(measure).and_then(|t| measure.target_value(t)) {
        let _ = write!(text, "; target {}", measure.format(t));
    }
    text.push('.');
    text
}

/// A small line of the latest figures, for scorecards.
pub fn sparkline(measure: &Measure, label: &str) -> String {
    let mut points: Vec<(Period, f64)> =
        measure.data.iter().filter_map(|d| d.value.number().map(|v| (d.period, v))).collect();
    points.sort_by_key(|p| p.0);
    let points: Vec<(Period, f64)> = points.into_iter().rev().take(12).rev().collect();
    if points.len() < 2 {
        return String::new();
    }
    let (w, h) = (120.0, 28.0);
    let (low, high) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, hi), (_, v)| (l.min(*v), hi.max(*v)));
    let span = if (high - low).abs() < f64::EPSILON { 1.0 } else { high - low };
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            format!(
                "{:.1},{:.1}",
                2.0 + (w - 4.0) * i as f64 / (points.len() - 1) as f64,
                2.0 + (h - 4.0) * (high - v) / span
            )
        })
        .collect();
    let last = coords.last().cloned().unwrap_or_default();
    let (lx, ly) = last.split_once(',').unwrap_or(("0", "0"));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" font-family="Arial, Helvetica, sans-serif"><polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2"/><circle cx="{lx}" cy="{ly}" r="3" fill="#0b0c0c"/></svg>"##,
        escape(label),
        coords.join(" ")
    )
}

/// One part of a RAG summary: what it is, how many, and its colour.
pub struct Share<'a> {
    pub label: &'a str,
    pub count: usize,
    pub fill: &'a str,
    /// The colour of the count written on the bar, with enough contrast against `fill`.
    pub ink: &'a str,
}

/// A stacked bar of how many are in each RAG state, with a legend that gives each count in
/// words, so the chart reads without colour. In the [`NARROW`] style the legend is one entry a
/// line.
pub fn rag_summary(style: &Style, title: &str, shares: &[Share]) -> String {
    let total: usize = shares.iter().map(|s| s.count).sum();
    if total == 0 {
        return String::new();
    }
    let (w, bar, narrow) = (style.width, 36.0, style.width < SCREEN.width);
    let height = if narrow { 56.0 + 26.0 * shares.len() as f64 } else { 96.0 };
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {height}" width="100%" role="img" aria-labelledby="rag-{id}-title" font-family="{font}" font-size="16" class="cypp-chart cypp-chart--{id}"><title id="rag-{id}-title">{}</title>"##,
        escape(title),
        id = style.id,
        font = style.font,
    );
    let mut x = 0.0;
    for share in shares.iter().filter(|s| s.count > 0) {
        let width = w * share.count as f64 / total as f64;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="0" width="{width:.1}" height="{bar}" fill="{}" stroke="#ffffff" stroke-width="2"/>"##,
            share.fill
        );
        if width >= 28.0 {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="24" text-anchor="middle" fill="{}" font-weight="bold">{}</text>"##,
                x + width / 2.0,
                share.ink,
                share.count
            );
        }
        x += width;
    }
    let (mut lx, mut ly) = (0.0, 56.0);
    for share in shares {
        let text = format!("{} {}", share.label, share.count);
        let _ = write!(
            svg,
            r##"<rect x="{lx:.1}" y="{ly}" width="16" height="16" fill="{}"/><text x="{:.1}" y="{}" fill="#0b0c0c">{}</text>"##,
            share.fill,
            lx + 22.0,
            ly + 14.0,
            escape(&text)
        );
        if narrow {
            ly += 26.0;
        } else {
            lx += 22.0 + 9.0 * text.chars().count() as f64 + 24.0;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The width a label takes, near enough: figures and hyphens are at most about 0.64 of the
/// font size in Arial and DejaVu Sans.
fn label_width(style: &Style, label: &str) -> f64 {
    label.chars().count() as f64 * style.font_size * 0.64
}

/// The periods labelled along the bottom, each as (x, text-anchor, label): every so many to fit
/// `style.labels`, and always the latest, dropping the one before it where the two would meet.
/// A label that would cross the drawing's left or right edge is drawn from its point inwards.
fn period_labels(style: &Style, periods: &[Period], x_of: &dyn Fn(&Period) -> f64) -> Vec<(f64, &'static str, String)> {
    let every = (periods.len() as f64 / style.labels).ceil().max(1.0) as usize;
    let mut shown: Vec<usize> = (0..periods.len()).filter(|i| i % every == 0).collect();
    let last = periods.len().saturating_sub(1);
    if !periods.is_empty() && shown.last() != Some(&last) {
        let gap = |a: usize, b: usize| x_of(&periods[b]) - x_of(&periods[a]);
        let room = |a: usize, b: usize| {
            (label_width(style, &periods[a].label()) + label_width(style, &periods[b].label())) / 2.0 + 8.0
        };
        if let Some(&before) = shown.last()
            && shown.len() > 1
            && gap(before, last) < room(before, last)
        {
            shown.pop();
        }
        shown.push(last);
    }
    shown
        .into_iter()
        .map(|i| {
            let (x, label) = (x_of(&periods[i]), periods[i].label());
            let half = label_width(style, &label) / 2.0;
            let anchor = if x + half > style.width {
                "end"
            } else if x - half < 0.0 {
                "start"
            } else {
                "middle"
            };
            (x, anchor, label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_reads_in_greyscale_every_line_its_own_dash_and_every_mark_its_own_shape() {
        use cypp_analytics::spc::{Improvement, Options, analyse};
        use cypp_domain::{ComparatorId, ComparatorSeries, DataPoint, MeasureId, PeriodType, Unit};
        let year = |y: i32, v: f64| DataPoint::new(Period::FinancialYear { year: y }, v);
        // Flat, then a run of seven rising points, then one far above: improvement and outside.
        let values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 40.0];
        let mut m = Measure::new(MeasureId::derived("m"), "m", "M", Unit::Count, PeriodType::FinancialYear);
        m.data = values.iter().enumerate().map(|(i, v)| year(2010 + i as i32, *v)).collect();
        let series: Vec<ComparatorSeries> = (0..3)
            .map(|k| ComparatorSeries {
                comparator: ComparatorId::derived(&k.to_string()),
                data: (0..15).map(|i| year(2010 + i, 20.0 + f64::from(k))).collect(),
            })
            .collect();
        let names = ["England", "Region", "Neighbours"];
        let comparators: Vec<Comparator<'_>> =
            series.iter().zip(names).map(|(s, name)| Comparator { name, series: s }).collect();
        let analysis = analyse(&values, &Options { improvement: Improvement::Increase, ..Options::default() });
        let periods: Vec<Period> = m.data.iter().map(|d| d.period).collect();
        let svg = measure_chart(&SCREEN, &m, &comparators, Some(&analysis), &periods, Some(30.0), "T", "D");
        let dashes: Vec<&str> = svg.split("stroke-dasharray=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
        let mut kinds: Vec<&str> = dashes.clone();
        kinds.sort_unstable();
        kinds.dedup();
        // Limits, target and three comparators: five patterns, none shared between kinds of line.
        assert_eq!(kinds.len(), 5, "{dashes:?}");
        for (pattern, _) in COMPARATOR_DASHES {
            assert_eq!(dashes.iter().filter(|d| **d == pattern).count(), 1, "{pattern} is one comparator's alone");
        }
        assert!(svg.contains("<rect") && svg.contains("width=\"10\" height=\"10\""), "improvement is a square");
        // The early run below the mean is a shift, a concern when higher is better: a triangle.
        assert!(svg.contains("<path d=\"M"), "concern is a triangle");
    }

    #[test]
    fn every_period_label_fits_inside_the_drawing_and_the_latest_is_always_shown() {
        for style in [&SCREEN, &NARROW, &PRINT] {
            for n in [2, 3, 7, 10, 12, 13, 24, 61] {
                let periods: Vec<Period> = (0..n).map(|i| Period::FinancialYear { year: 1990 + i }).collect();
                let width = style.width;
                let x_of = |p: &Period| {
                    let i = periods.iter().position(|q| q == p).unwrap_or(0) as f64;
                    LEFT + (width - LEFT - RIGHT) * i / (periods.len() - 1) as f64
                };
                let labels = period_labels(style, &periods, &x_of);
                assert_eq!(labels.last().map(|l| l.2.clone()), periods.last().map(Period::label), "{n}");
                let mut right_of_last = f64::NEG_INFINITY;
                for (x, anchor, label) in &labels {
                    let w = label_width(style, label);
                    let (from, to) = match *anchor {
                        "end" => (x - w, *x),
                        "start" => (*x, x + w),
                        _ => (x - w / 2.0, x + w / 2.0),
                    };
                    assert!(from >= 0.0 && to <= style.width, "{label} at {x} crosses the edge of {}", style.width);
                    assert!(from > right_of_last, "{label} runs into the label before it ({n} periods)");
                    right_of_last = to;
                }
            }
        }
    }

    #[test]
    fn process_limits_of_a_percentage_are_drawn_within_0_and_100() {
        use cypp_analytics::spc::{Options, analyse};
        use cypp_domain::{DataPoint, MeasureId, PeriodType, Unit};
        let year = |y: i32, v: f64| DataPoint::new(Period::FinancialYear { year: y }, v);
        let values = [1.0, 0.0, 2.0, 0.0, 1.0, 0.0, 3.0, 0.0, 1.0, 0.0, 2.0, 0.0];
        let mut m = Measure::new(MeasureId::derived("m"), "m", "M", Unit::Percent, PeriodType::FinancialYear);
        m.data = values.iter().enumerate().map(|(i, v)| year(2010 + i as i32, *v)).collect();
        let analysis = analyse(&values, &Options::default());
        assert!(analysis.groups[0].lpl < 0.0, "the calculated lower limit is below zero");
        let periods: Vec<Period> = m.data.iter().map(|d| d.period).collect();
        let svg = measure_chart(&SCREEN, &m, &[], Some(&analysis), &periods, None, "T", "D");
        let labels: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, t)| t.split('<').next())
            .collect();
        assert!(!labels.is_empty());
        assert!(
            labels.iter().all(|l| !l.starts_with('-') && !l.starts_with('\u{2212}')),
            "no axis below 0: {labels:?}"
        );
    }

    #[test]
    fn a_document_chart_draws_only_published_figures() {
        use cypp_domain::{DataPoint, MeasureId, PeriodType, Unit};
        let year = |y: i32, v: f64| DataPoint::new(Period::FinancialYear { year: y }, v);
        let mut m = Measure::new(MeasureId::derived("m"), "m", "Young carers", Unit::Count, PeriodType::FinancialYear);
        m.suppress_small_numbers = true;
        m.data = vec![year(2021, 40.0), year(2022, 44.0), year(2023, 3.0)];
        let shown = published(&m);
        assert!(matches!(shown.data[2].value, Reading::Symbol(_)), "the small count is suppressed");
        let alt = trend_alt(&m);
        assert!(alt.contains("44.0 in 2022-23") && !alt.contains("2023-24"), "{alt}");
        let svg = trend(&m).unwrap_or_default();
        assert!(svg.contains("width=\"520\"") && svg.contains("DejaVu Sans"), "a print figure: {svg}");
        // Two points, so the line has two coordinates: the suppressed figure is not drawn.
        let line = svg.split("<polyline points=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
        assert_eq!(line.split(' ').count(), 2, "{line}");
        m.data.truncate(1);
        m.data.push(year(2023, 3.0));
        assert_eq!(trend(&m), None, "one figure that can be shown is no chart");
    }

    #[test]
    fn steps_are_round_numbers() {
        assert_eq!(nice_step(100.0, 5.0), 20.0);
        assert_eq!(nice_step(7.0, 5.0), 2.0);
        assert_eq!(nice_step(0.3, 5.0), 0.1);
    }

    #[test]
    fn the_rag_summary_splits_the_bar_by_count_and_says_each_in_words() {
        let shares = [
            Share { label: "On target", count: 3, fill: "#00703c", ink: "#ffffff" },
            Share { label: "Close", count: 1, fill: "#f47738", ink: "#0b0c0c" },
            Share { label: "Off target", count: 0, fill: "#d4351c", ink: "#ffffff" },
        ];
        let svg = rag_summary(&SCREEN, "KPIs <against> target", &shares);
        assert!(svg.contains("<title id=\"rag-chart-title\">KPIs &#60;against&#62; target</title>"));
        assert!(svg.contains(r##"width="510.0" height="36" fill="#00703c""##), "three quarters of 680: {svg}");
        assert!(svg.contains(r##"width="170.0" height="36" fill="#f47738""##));
        assert!(!svg.contains(r##"height="36" fill="#d4351c""##), "no bar for none");
        for words in ["On target 3", "Close 1", "Off target 0"] {
            assert!(svg.contains(words), "{words}");
        }
        let narrow = rag_summary(&NARROW, "KPIs", &shares);
        assert!(narrow.contains("viewBox=\"0 0 340 134\"") && narrow.contains(r##"<rect x="0.0" y="108" width="16""##));
        assert_eq!(
            rag_summary(&SCREEN, "Nothing", &[Share { label: "Close", count: 0, fill: "#f47738", ink: "#0b0c0c" }]),
            ""
        );
    }
}
