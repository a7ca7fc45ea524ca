//! Text bound for spreadsheets, made safe, and CSV written with the `csv` crate.
//!
//! A cell that Excel or LibreOffice would read as a formula (it starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) is prefixed with `'`, so `=HYPERLINK("http://example.com","x")`
//! typed as an action's title stays text. Every CSV and workbook cypp writes (the exports of
//! `cypp-publish`, the measure template of `cypp-figures`) goes through here.

/// Whether a spreadsheet would take `text` for a formula. Numbers (`-4.5`) are not.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.trim().parse::<f64>().is_err()
}

/// `text` as a spreadsheet will show it as text: prefixed with `'` when it looks like a formula.
pub fn defused(text: &str) -> String {
    if looks_like_formula(text) { format!("'{text}") } else { text.to_string() }
}

/// One cell of a CSV row.
pub enum Cell<'a> {
    /// Words, which are defused.
    Text(&'a str),
    /// A number or a date that cypp formatted itself, written as it is.
    Value(String),
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the CSV file: {0}")]
pub struct CsvError(String);

/// A CSV file being written: CRLF line ends (as Excel writes them), fields quoted only when
/// they must be, text defused.
pub struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    /// An empty file; with `bom`, it starts with a UTF-8 byte-order mark so that Excel reads
    /// it as UTF-8.
    pub fn new(bom: bool) -> Csv {
        let mut start = Vec::new();
        if bom {
            start.extend("\u{feff}".as_bytes());
        }
        let writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(start);
        Csv { writer }
    }

    /// A row of text cells.
    pub fn text_row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> Result<(), CsvError> {
        let row: Vec<String> = cells.into_iter().map(|c| defused(c.as_ref())).collect();
        self.writer.write_record(&row).map_err(|e| CsvError(e.to_string()))
    }

    /// A row of cells of either kind.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> Result<(), CsvError> {
        let row: Vec<String> = cells
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => defused(t),
                Cell::Value(v) => v,
            })
            .collect();
        self.writer.write_record(&row).map_err(|e| CsvError(e.to_string()))
    }

    /// The file's text.
    pub fn finish(self) -> Result<String, CsvError> {
        let writer = self.writer;
        let bytes = writer.into_inner().map_err(|e| CsvError(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| CsvError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(cells: &[&str]) -> String {
        let mut csv = Csv::new(false);
        let written = csv.text_row(cells).and_then(|()| csv.finish());
        written.unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(
            one(&[r#"=HYPERLINK("http://example.com","x")"#]),
            "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\"\r\n"
        );
        for formula in ["+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "=1"] {
            assert!(defused(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(defused("-4.5"), "-4.5");
        assert_eq!(defused("Plain, words"), "Plain, words");
    }

    #[test]
    fn fields_are_quoted_only_when_they_must_be_and_lines_end_in_crlf() {
        assert_eq!(
            one(&["Plain, words", "a \"quote\"", "two\nlines", "plain", ""]),
            "\"Plain, words\",\"a \"\"quote\"\"\",\"two\nlines\",plain,\r\n"
        );
    }

    #[test]
    fn values_are_written_as_they_are_and_a_bom_starts_the_file() {
        let mut csv = Csv::new(true);
        let text = csv.row([Cell::Value("-4.5".into()), Cell::Text("-x")]).and_then(|()| csv.finish());
        assert_eq!(text.ok().as_deref(), Some("\u{feff}-4.5,'-x\r\n"));
    }
}
