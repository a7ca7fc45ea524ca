//! Small charts for documents: a measure's published figures over time as an SVG line, with
//! its target. Drawn in black and dark blue with a dashed target, so it prints in greyscale.

use std::fmt::Write;

use cypp_domain::{Measure, Period, Reading};

use crate::words::next_target;

const W: f64 = 520.0;
const H: f64 = 120.0;
const PAD_X: f64 = 56.0;
/// Room on the right for the last figure and the target's label.
const PAD_RIGHT: f64 = 96.0;
const PAD_Y: f64 = 16.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The figures a chart may show: numbers only, and only those the measure would publish.
fn points(measure: &Measure) -> Vec<(Period, f64)> {
    let mut points: Vec<(Period, f64)> = measure
        .data
        .iter()
        .filter_map(|p| match measure.published(p) {
            Reading::Number(n) => Some((p.period, n)),
            Reading::Symbol(_) => None,
        })
        .collect();
    points.sort_by_key(|p| p.0);
    points
}

/// A value as the chart labels it: the number, with `%` for percentages; the rest of the unit
/// is in the chart's caption.
fn label(measure: &Measure, value: f64) -> String {
    let number = cypp_domain::measure::format_number(value, measure.decimals);
    if measure.unit == cypp_domain::Unit::Percent { format!("{number}%") } else { number }
}

/// The measure's figures over time with its target, or nothing when there are fewer than two.
pub fn trend(measure: &Measure) -> Option<String> {
    let points = points(measure);
    if points.len() < 2 {
        return None;
    }
    let target = next_target(measure).and_then(|t| measure.target_value(t));
    let values = points.iter().map(|p| p.1).chain(target);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    let span = if (high - low).abs() < f64::EPSILON { 1.0 } else { high - low };
    let x = |i: usize| PAD_X + (W - PAD_X - PAD_RIGHT) * i as f64 / (points.len() - 1) as f64;
    let y = |v: f64| PAD_Y + (H - 2.0 * PAD_Y - 12.0) * (high - v) / span;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="DejaVu Sans" font-size="10">"##
    );
    if let Some(t) = target {
        let _ = write!(
            svg,
            r##"<line x1="{PAD_X}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#0b0c0c" stroke-width="1" stroke-dasharray="5 3"/><text x="{}" y="{:.1}" fill="#0b0c0c">Target {}</text>"##,
            W - PAD_RIGHT,
            y(t),
            y(t),
            W - PAD_RIGHT + 40.0,
            y(t) + 3.0,
            escape(&label(measure, t))
        );
    }
    let line: Vec<String> = points.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1))).collect();
    let _ = write!(svg, r##"<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2"/>"##, line.join(" "));
    for (i, p) in points.iter().enumerate() {
        let _ = write!(svg, r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="#1d70b8"/>"##, x(i), y(p.1));
    }
    let (first, last) = (points[0], points[points.len() - 1]);
    for (i, (period, value), anchor) in [(0, first, "end"), (points.len() - 1, last, "start")] {
        let dx = if anchor == "end" { -6.0 } else { 6.0 };
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="#0b0c0c">{}</text><text x="{:.1}" y="{}" text-anchor="middle" fill="#505a5f">{}</text>"##,
            x(i) + dx,
            y(value) + 3.0,
            escape(&label(measure, value)),
            x(i),
            H - 4.0,
            escape(&period.label())
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// What the trend chart shows, in words, for those who cannot see it.
pub fn trend_alt(measure: &Measure) -> String {
    let points = points(measure);
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
