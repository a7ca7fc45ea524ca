//! cypp's own CSV template for a measure's figures: one row per period, with optional columns
//! for the numerator, denominator, confidence interval, a provisional flag and a note. Officers
//! download it from the measure's page, fill it in Excel and load it back.

use cypp_domain::{ConfidenceInterval, DataPoint, Measure, Period};

use crate::table::{cell, fault, parse_number, parse_value, read};
use crate::{Collector, ImportError};

pub const COLUMNS: [&str; 8] =
    ["period", "value", "numerator", "denominator", "lower_ci", "upper_ci", "provisional", "note"];

/// The template for a measure, holding its figures so far (UTF-8 with a byte-order mark, so
/// that Excel reads accents right). Cells that would start a formula are quoted with `'`.
pub fn write_template(measure: &Measure) -> String {
    let mut text = String::from("\u{feff}");
    text.push_str(&COLUMNS.join(","));
    text.push_str("\r\n");
    let mut points: Vec<&DataPoint> = measure.data.iter().collect();
    points.sort_by_key(|p| p.period);
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in points {
        let value = match p.value {
            cypp_domain::Reading::Number(n) => n.to_string(),
            cypp_domain::Reading::Symbol(s) => s.code().to_string(),
        };
        let row = [
            p.period.code(),
            value,
            number(p.numerator),
            number(p.denominator),
            number(p.ci.map(|c| c.lower)),
            number(p.ci.map(|c| c.upper)),
            if p.provisional { "yes".into() } else { String::new() },
            p.note.clone().unwrap_or_default(),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text
}

/// A cell made safe for spreadsheets: quoted when it holds a comma, quote or line break, and
/// prefixed with `'` when it would start a formula.
pub fn csv_cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

/// Reads a filled-in template for `measure`.
pub fn read_template(file: &str, text: &str, measure: &Measure) -> Result<Vec<DataPoint>, ImportError> {
    let (header, rows) = read(file, text)?;
    let period = header.require(file, "period")?;
    let value = header.require(file, "value")?;
    let optional = |name: &str| header.find(name);
    let (numerator, denominator, lower, upper, provisional, note) = (
        optional("numerator"),
        optional("denominator"),
        optional("lower_ci"),
        optional("upper_ci"),
        optional("provisional"),
        optional("note"),
    );
    let mut collector = Collector::default();
    let fault = |line: u64, column: usize, message: String| fault(file, line, column, message);
    for (line, record) in &rows {
        let text = cell(record, period);
        if text.is_empty() {
            continue;
        }
        let read_period =
            Period::parse_loose(text, Some(measure.period_type)).map_err(|e| fault(*line, period, e.to_string()))?;
        let Some(reading) = parse_value(cell(record, value)).map_err(|m| fault(*line, value, m))? else {
            return Err(fault(*line, value, "enter a value, or a symbol such as c or x".into()));
        };
        let number = |c: Option<usize>| -> Result<Option<f64>, ImportError> {
            match c {
                Some(c) => parse_number(cell(record, c)).map_err(|m| fault(*line, c, m)),
                None => Ok(None),
            }
        };
        let mut point = DataPoint { value: reading, ..DataPoint::new(read_period.period, 0.0) };
        point.numerator = number(numerator)?;
        point.denominator = number(denominator)?;
        if let (Some(l), Some(u)) = (number(lower)?, number(upper)?) {
            point.ci = Some(ConfidenceInterval { lower: l, upper: u, level: 95.0 });
        }
        point.provisional = read_period.provisional
            || provisional.is_some_and(|c| {
                matches!(cell(record, c).to_lowercase().as_str(), "yes" | "y" | "true" | "provisional")
            });
        point.note = note.map(|c| cell(record, c).to_string()).filter(|n| !n.is_empty()).or(read_period.annotation);
        collector.add(point, (file, *line), &measure.name)?;
    }
    Ok(collector.into_points())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{Direction, Frequency, MeasureId, PeriodType, Reading, Symbol, Unit};

    fn measure() -> Measure {
        Measure {
            id: MeasureId::derived("m"),
            slug: "m".into(),
            name: "Test".into(),
            definition: None,
            unit: Unit::Percent,
            decimals: 1,
            direction: Direction::HigherIsBetter,
            frequency: Frequency::Annually,
            period_type: PeriodType::FinancialYear,
            source: None,
            source_url: None,
            category: None,
            baseline: None,
            targets: vec![],
            tolerance: None,
            suppress_small_numbers: false,
            suppression_threshold: None,
            data: vec![],
            comparators: vec![],
        }
    }

    #[test]
    fn the_template_round_trips_its_figures() -> Result<(), ImportError> {
        let mut m = measure();
        let mut a = DataPoint::new(Period::FinancialYear { year: 2023 }, 41.5);
        a.numerator = Some(83.0);
        a.denominator = Some(200.0);
        a.note = Some("Includes, commas".into());
        let b = DataPoint {
            value: Reading::Symbol(Symbol::Suppressed),
            provisional: true,
            ..DataPoint::new(Period::FinancialYear { year: 2024 }, 0.0)
        };
        m.data = vec![b.clone(), a.clone()];
        let text = write_template(&m);
        assert!(text.starts_with("\u{feff}period,value"));
        assert_eq!(read_template("t.csv", &text, &m)?, vec![a, b]);
        Ok(())
    }

    #[test]
    fn a_filled_in_template_reports_bad_cells_by_line_and_column() {
        let m = measure();
        let text = "period,value,note\n2023-24,41.5,\n2024-25,lots,\n";
        let error = read_template("t.csv", text, &m).err();
        assert_eq!(
            error.map(|e| e.to_string()),
            Some(
                "t.csv, line 3, column 2: \"lots\" is neither a number nor an official symbol (c, x, z, low, k, u)"
                    .into()
            )
        );
        let loose = "period,value\n2019/20,41.5\n";
        let points = read_template("t.csv", loose, &m).unwrap_or_default();
        assert_eq!(points[0].period.code(), "2019-20", "the measure's period type settles the form");
    }

    #[test]
    fn cells_that_would_be_formulas_are_made_text() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://example.com\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\""
        );
        assert_eq!(csv_cell("-12.5"), "-12.5", "negative numbers stay numbers");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }
}
