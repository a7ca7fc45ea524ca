//! cypp's own CSV template for a measure's figures: one row per period, with optional columns
//! for the numerator, denominator, confidence interval, a provisional flag and a note. Officers
//! download it from the measure's page, fill it in Excel and load it back.

use cypp_domain::{ConfidenceInterval, DataPoint, Measure, Period};
use cypp_spreadsheet::Csv;

use crate::table::{Header, cell, fault, parse_number, parse_value, read};
use crate::{Area, Collector, ImportError, Progress, Series};

pub const COLUMNS: [&str; 8] =
    ["period", "value", "numerator", "denominator", "lower_ci", "upper_ci", "provisional", "note"];

/// The template for a measure, holding its figures so far (UTF-8 with a byte-order mark, so
/// that Excel reads accents right). Cells that would start a formula are quoted with `'`.
pub fn write_template(measure: &Measure) -> Result<String, ImportError> {
    let failed = |e: cypp_spreadsheet::CsvError| ImportError {
        file: format!("{}.csv", measure.slug),
        line: 0,
        column: None,
        message: e.to_string(),
    };
    let mut csv = Csv::new(true);
    csv.text_row(COLUMNS).map_err(failed)?;
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
        csv.text_row(row).map_err(failed)?;
    }
    csv.finish().map_err(failed)
}

/// Reads a filled-in template for `measure`. Every row is the partnership's own figure,
/// unless the file has an `area_code` column, as the long files of local data labs do
/// (`area_code,area_name,period,value,…`): then `area`'s rows are its own, England's
/// (E92000001) and its region's are comparators, its statistical neighbours' are averaged, and
/// other areas' rows are passed over.
pub fn read_template(
    file: &str,
    text: &str,
    measure: &Measure,
    area: &Area,
    progress: Progress<'_>,
) -> Result<Series, ImportError> {
    let (header, rows) = read(file, text, progress)?;
    read_rows(file, &header, &rows, measure, area)
}

/// Whose figure a row of a long file is.
enum Whose {
    Own,
    England,
    Region,
    Neighbour,
}

fn whose(code: &str, area: &Area) -> Option<Whose> {
    if code.eq_ignore_ascii_case(&area.gss_code) || area.la_code.as_deref() == Some(code) {
        Some(Whose::Own)
    } else if code == crate::ENGLAND {
        Some(Whose::England)
    } else if area.region_code.as_deref() == Some(code) {
        Some(Whose::Region)
    } else if area.neighbours.iter().any(|n| n == code) {
        Some(Whose::Neighbour)
    } else {
        None
    }
}

/// Reads the template's rows, however they were stored (CSV lines or spreadsheet rows).
fn read_rows(
    file: &str,
    header: &Header,
    rows: &[(u64, csv::StringRecord)],
    measure: &Measure,
    area: &Area,
) -> Result<Series, ImportError> {
    let area_code = header.find("area_code");
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
    let (mut own, mut england, mut region) = (Collector::default(), Collector::default(), Collector::default());
    let mut neighbours = Vec::new();
    let fault = |line: u64, column: usize, message: String| fault(file, line, column, message);
    for (line, record) in rows {
        let text = cell(record, period);
        if text.is_empty() {
            continue;
        }
        let Some(whose) = area_code.map_or(Some(Whose::Own), |c| whose(cell(record, c), area)) else { continue };
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
        let at = (file, *line);
        match whose {
            Whose::Own => own.add(point, at, &measure.name)?,
            Whose::England => england.add(point, at, "England")?,
            Whose::Region => region.add(point, at, "the region")?,
            Whose::Neighbour => neighbours.push(point),
        }
    }
    Ok(Series {
        own: own.into_points(),
        england: england.into_points(),
        region: region.into_points(),
        neighbours: crate::mean_by_period(neighbours),
        rows: rows.len(),
    })
}

/// The template as an Excel workbook: the same columns, numbers stored as numbers and every
/// text cell stored as text (never as a formula), the header frozen.
pub fn write_template_xlsx(measure: &Measure) -> Result<Vec<u8>, ImportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| ImportError {
        file: format!("{}.xlsx", measure.slug),
        line: 0,
        column: None,
        message: format!("could not write the workbook: {e}"),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Figures").map_err(failed)?;
    let bold = Format::new().set_bold();
    for (c, name) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &bold).map_err(failed)?;
        sheet.set_column_width(c, if *name == "note" { 40 } else { 12 }).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let mut points: Vec<&DataPoint> = measure.data.iter().collect();
    points.sort_by_key(|p| p.period);
    for (r, p) in points.into_iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, p.period.code()).map_err(failed)?;
        match p.value {
            cypp_domain::Reading::Number(n) => sheet.write_number(r, 1, n),
            cypp_domain::Reading::Symbol(s) => sheet.write_string(r, 1, s.code()),
        }
        .map_err(failed)?;
        let numbers = [p.numerator, p.denominator, p.ci.map(|c| c.lower), p.ci.map(|c| c.upper)];
        for (c, n) in numbers.into_iter().enumerate() {
            if let Some(n) = n {
                sheet.write_number(r, c as u16 + 2, n).map_err(failed)?;
            }
        }
        if p.provisional {
            sheet.write_string(r, 6, "yes").map_err(failed)?;
        }
        if let Some(note) = &p.note {
            sheet.write_string(r, 7, note).map_err(failed)?;
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

/// Reads a filled-in template saved as an Excel workbook (its first sheet). Errors name the
/// spreadsheet row as the line.
pub fn read_template_xlsx(file: &str, bytes: &[u8], measure: &Measure, area: &Area) -> Result<Series, ImportError> {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let unreadable = |message: String| ImportError { file: file.to_string(), line: 0, column: None, message };
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the file is not an Excel workbook: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no sheets".into()))?
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?;
    let first_row = range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
    let first_column = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => if *b { "yes" } else { "" }.to_string(),
            Data::DateTime(d) => month_of_serial(d.as_f64()),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut rows = range.rows().enumerate().map(|(i, row)| {
        // Cells left of the used range are blank.
        let mut cells = vec![String::new(); first_column];
        cells.extend(row.iter().map(text));
        (first_row + i as u64 + 1, csv::StringRecord::from(cells))
    });
    let Some((_, header)) = rows.next() else {
        return Err(unreadable("the first sheet is empty".into()));
    };
    let rows: Vec<_> = rows.collect();
    read_rows(file, &Header::new(&header), &rows, measure, area)
}

/// An Excel date serial as "November 2014": a period typed into Excel as a month becomes a
/// date, and the month is what it meant.
fn month_of_serial(serial: f64) -> String {
    use chrono::Datelike;
    // Excel's day 0 is 30 December 1899 (counting its phantom 29 February 1900).
    let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(serial.floor() as i64)));
    match day {
        Some(d) => Period::Month { year: d.year(), month: d.month() }.label(),
        None => serial.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::{MeasureId, PeriodType, Reading, Symbol, Unit};

    fn measure() -> Measure {
        Measure::new(MeasureId::derived("m"), "m", "Test", Unit::Percent, PeriodType::FinancialYear)
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
        let text = write_template(&m)?;
        assert!(text.starts_with("\u{feff}period,value"));
        assert_eq!(read_template("t.csv", &text, &m, &Area::default(), &crate::quiet)?.own, vec![a, b]);
        Ok(())
    }

    #[test]
    fn a_filled_in_template_reports_bad_cells_by_line_and_column() {
        let m = measure();
        let text = "period,value,note\n2023-24,41.5,\n2024-25,lots,\n";
        let error = read_template("t.csv", text, &m, &Area::default(), &crate::quiet).map(|s| s.own).err();
        assert_eq!(
            error.map(|e| e.to_string()),
            Some(
                "t.csv, line 3, column 2: \"lots\" is neither a number nor an official symbol (c, x, z, low, k, u)"
                    .into()
            )
        );
        let loose = "period,value\n2019/20,41.5\n";
        let points =
            read_template("t.csv", loose, &m, &Area::default(), &crate::quiet).map(|s| s.own).unwrap_or_default();
        assert_eq!(points[0].period.code(), "2019-20", "the measure's period type settles the form");
    }

    #[test]
    fn a_note_that_would_be_a_formula_is_written_as_text() {
        let mut m = measure();
        let mut point = DataPoint::new(Period::FinancialYear { year: 2023 }, 41.5);
        point.note = Some("=HYPERLINK(\"http://example.com\",\"x\")".into());
        m.data = vec![point];
        let text = write_template(&m).unwrap_or_default();
        assert!(text.contains(",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\""), "{text}");
    }

    #[test]
    fn the_excel_template_round_trips_its_figures() -> Result<(), ImportError> {
        let mut m = measure();
        let mut a = DataPoint::new(Period::FinancialYear { year: 2023 }, 41.5);
        a.numerator = Some(83.0);
        a.denominator = Some(200.0);
        a.ci = Some(ConfidenceInterval { lower: 34.9, upper: 48.4, level: 95.0 });
        a.note = Some("=SUM(A1) stays text".into());
        let b = DataPoint {
            value: Reading::Symbol(Symbol::Suppressed),
            provisional: true,
            ..DataPoint::new(Period::FinancialYear { year: 2024 }, 0.0)
        };
        m.data = vec![b.clone(), a.clone()];
        let bytes = write_template_xlsx(&m)?;
        assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip");
        assert_eq!(read_template_xlsx("t.xlsx", &bytes, &m, &Area::default())?.own, vec![a, b]);
        Ok(())
    }

    /// A workbook as a person might fill it in: their own layout of the columns.
    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let written = match cell.parse::<f64>() {
                    Ok(n) => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                    Err(_) => sheet.write_string(r as u32, c as u16, *cell).map(|_| ()),
                };
                assert!(written.is_ok());
            }
        }
        book.save_to_buffer().unwrap_or_default()
    }

    #[test]
    fn a_bad_cell_in_a_workbook_is_named_by_row_and_column() {
        let m = measure();
        let bytes = workbook(&[&["value", "period"], &["12.5", "2023-24"], &["lots", "2024-25"]]);
        match read_template_xlsx("filled.xlsx", &bytes, &m, &Area::default()).map(|s| s.own) {
            Err(e) => assert_eq!((e.file.as_str(), e.line, e.column), ("filled.xlsx", 3, Some(1)), "{e}"),
            Ok(points) => panic!("read {points:?}"),
        }
        let bytes = workbook(&[&["period", "value"], &["2023-24", "12.5"]]);
        let points = read_template_xlsx("filled.xlsx", &bytes, &m, &Area::default()).map(|s| s.own).unwrap_or_default();
        assert_eq!(points, vec![DataPoint::new(Period::FinancialYear { year: 2023 }, 12.5)]);
        assert!(
            read_template_xlsx("notes.xlsx", b"period,value\n", &m, &Area::default())
                .map(|s| s.own)
                .is_err_and(|e| e.message.contains("not an Excel"))
        );
    }

    #[test]
    fn a_month_that_excel_turned_into_a_date_reads_as_the_month() -> Result<(), ImportError> {
        assert_eq!(month_of_serial(41944.0), "November 2014");
        assert_eq!(month_of_serial(25569.0), "January 1970");
        assert_eq!(month_of_serial(45717.5), "March 2025");
        let mut m = measure();
        m.period_type = PeriodType::Month;
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("mmmm yyyy");
        let written = sheet
            .write_string(0, 0, "period")
            .and_then(|s| s.write_string(0, 1, "value"))
            .and_then(|s| s.write_number_with_format(1, 0, 41944.0, &date))
            .and_then(|s| s.write_number(1, 1, 7.0))
            .map(|_| ());
        assert!(written.is_ok());
        let bytes = book.save_to_buffer().unwrap_or_default();
        let points = read_template_xlsx("months.xlsx", &bytes, &m, &Area::default())?.own;
        assert_eq!(points.len(), 1);
        assert_eq!(
            points[0].period.label(),
            Period::parse_loose("November 2014", None).map(|p| p.period.label()).unwrap_or_default()
        );
        Ok(())
    }
}
