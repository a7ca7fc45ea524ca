//! Reading CSV files as people's files are: a byte-order mark, headers in any order (matched
//! by name), quoted empty cells, symbols in place of numbers, and float artefacts such as
//! 64.900000000000006.

use std::collections::HashMap;

use cypp_domain::{Reading, Symbol};

use crate::{ImportError, Progress};

/// A CSV file's header, to find columns by name.
pub struct Header {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

/// A header name as compared: lower case, letters and digits only, so that "Area Code",
/// "AreaCode" and "area_code" are the same.
pub fn normalise(name: &str) -> String {
    name.trim_start_matches('\u{feff}').chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Header {
    pub fn new(record: &csv::StringRecord) -> Header {
        let names: Vec<String> = record.iter().map(|n| n.trim_start_matches('\u{feff}').trim().to_string()).collect();
        let index = names.iter().enumerate().map(|(i, n)| (normalise(n), i)).collect();
        Header { names, index }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&normalise(name)).copied()
    }

    /// The column, or an error listing the columns there are.
    pub fn require(&self, file: &str, name: &str) -> Result<usize, ImportError> {
        self.find(name).ok_or_else(|| ImportError {
            file: file.to_string(),
            line: 1,
            column: None,
            message: format!(
                "there is no column called \"{}\"; the columns are: {}",
                cypp_input::excerpt(name, 60),
                self.listed()
            ),
        })
    }
}

impl Header {
    /// The column names for a message: each cut short, and at most 30 of them.
    pub fn listed(&self) -> String {
        let mut shown: Vec<String> = self.names.iter().take(30).map(|n| cypp_input::excerpt(n, 40)).collect();
        if self.names.len() > 30 {
            shown.push(format!("and {} more", self.names.len() - 30));
        }
        shown.join(", ")
    }

    /// The filters' columns, each with the value it must hold.
    pub fn filters<'a>(
        &self,
        file: &str,
        filters: &'a [(String, String)],
    ) -> Result<Vec<(usize, &'a str)>, ImportError> {
        filters.iter().map(|(c, v)| self.require(file, c).map(|i| (i, v.as_str()))).collect()
    }
}

/// Whether a record passes every filter.
pub fn passes(record: &csv::StringRecord, filters: &[(usize, &str)]) -> bool {
    filters.iter().all(|(c, v)| cell(record, *c) == *v)
}

/// A fault in a cell: the column counts from 1, as spreadsheets do.
pub fn fault(file: &str, line: u64, column: usize, message: String) -> ImportError {
    ImportError { file: file.to_string(), line, column: Some(column + 1), message }
}

/// How many records pass between reports of progress.
const REPORT_EVERY: usize = 8192;

/// Reads a CSV text into its header and records, each with its line number, telling
/// `progress` how many bytes have been read every few thousand records and at the end.
pub fn read(
    file: &str,
    text: &str,
    progress: Progress<'_>,
) -> Result<(Header, Vec<(u64, csv::StringRecord)>), ImportError> {
    let (header, body) = open(file, text)?;
    Ok((header, body.rows(file, progress)?))
}

/// The rows of a file whose header has been read, still to be read: so a reader can check
/// its columns before it reads a large file to the end.
pub struct Body<'a> {
    reader: csv::Reader<&'a [u8]>,
    bom: usize,
    len: usize,
}

/// Reads only the header row.
pub fn open<'a>(file: &str, text: &'a str) -> Result<(Header, Body<'a>), ImportError> {
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&text.as_bytes()[bom..]);
    let header = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    Ok((Header::new(&header), Body { reader, bom, len: text.len() }))
}

impl Body<'_> {
    /// Every row, with its line number.
    pub fn rows(mut self, file: &str, progress: Progress<'_>) -> Result<Vec<(u64, csv::StringRecord)>, ImportError> {
        let mut rows = Vec::new();
        for record in self.reader.records() {
            let record = record.map_err(|e| csv_error(file, &e))?;
            let position = record.position();
            if rows.len() % REPORT_EVERY == 0 {
                progress(self.bom as u64 + position.map(|p| p.byte()).unwrap_or(0));
            }
            rows.push((position.map(|p| p.line()).unwrap_or(0), record));
        }
        progress(self.len as u64);
        Ok(rows)
    }
}

fn csv_error(file: &str, error: &csv::Error) -> ImportError {
    let line = error.position().map(|p| p.line()).unwrap_or(0);
    ImportError { file: file.to_string(), line, column: None, message: format!("the file is not valid CSV: {error}") }
}

/// A cell's text, or "" when the row is short.
pub fn cell(record: &csv::StringRecord, column: usize) -> &str {
    record.get(column).unwrap_or("").trim()
}

/// Rounds away float artefacts (64.900000000000006 is 64.9) by keeping 15 significant
/// digits, as many as a double holds exactly: a figure published with 15 digits, such as
/// 92.8811914370757, is kept as it is.
fn clean(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let text = format!("{value:.14e}");
    text.parse().unwrap_or(value)
}

/// A cell's value: none when empty, an official symbol, or a number. The legacy symbols are
/// kept as the current ones they stand for: `:` (not available) as `x`, `~` (less than half
/// the unit shown) as `k`; LAIT's `-` (no figure) and R's `NA` as `x`.
pub fn parse_value(text: &str) -> Result<Option<Reading>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(symbol) = Symbol::from_code(&text.to_lowercase()) {
        return Ok(Some(Reading::Symbol(symbol)));
    }
    match text {
        // `NA` and `N/A` are how R and many data labs write a missing figure.
        ":" | "-" | ".." | "NA" | "N/A" | "n/a" => return Ok(Some(Reading::Symbol(Symbol::NotAvailable))),
        "~" => return Ok(Some(Reading::Symbol(Symbol::RoundsToZero))),
        _ => {}
    }
    let number = text.replace(',', "");
    match number.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(Reading::Number(clean(v)))),
        _ => Err(format!("\"{text}\" is neither a number nor an official symbol (c, x, z, low, k, u)")),
    }
}

/// A cell that must be a number, if it holds anything.
pub fn parse_number(text: &str) -> Result<Option<f64>, String> {
    match parse_value(text)? {
        Some(Reading::Number(n)) => Ok(Some(n)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_symbols_and_lose_float_artefacts() {
        assert_eq!(parse_value("64.900000000000006"), Ok(Some(Reading::Number(64.9))));
        assert_eq!(parse_value("61.300000000000"), Ok(Some(Reading::Number(61.3))));
        assert_eq!(parse_value("92.8811914370757"), Ok(Some(Reading::Number(92.8811914370757))));
        assert_eq!(parse_value("1.55757077523724e-05"), Ok(Some(Reading::Number(1.55757077523724e-05))));
        assert_eq!(parse_value("0.30000000000000004"), Ok(Some(Reading::Number(0.3))));
        assert_eq!(parse_value(" 1,204 "), Ok(Some(Reading::Number(1204.0))));
        assert_eq!(parse_value("c"), Ok(Some(Reading::Symbol(Symbol::Suppressed))));
        assert_eq!(parse_value("low"), Ok(Some(Reading::Symbol(Symbol::Low))));
        assert_eq!(parse_value(":"), Ok(Some(Reading::Symbol(Symbol::NotAvailable))));
        assert_eq!(parse_value("NA"), Ok(Some(Reading::Symbol(Symbol::NotAvailable))));
        assert_eq!(parse_value("~"), Ok(Some(Reading::Symbol(Symbol::RoundsToZero))));
        assert_eq!(parse_value(""), Ok(None));
        assert!(parse_value("lots").is_err());
        assert_eq!(parse_value("0"), Ok(Some(Reading::Number(0.0))));
    }

    #[test]
    fn headers_match_whatever_their_spelling() {
        assert_eq!(normalise("\u{feff}Lower CI 95.0 limit"), "lowerci950limit");
        assert_eq!(normalise("LowerCI95.0limit"), "lowerci950limit");
        assert_eq!(normalise("time_period"), normalise("Time period"));
    }
}
