//! Text bound for spreadsheets, made safe: a cell that Excel or LibreOffice would read as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`,
//! so that `=HYPERLINK("http://example.com","x")` typed as an action's title stays text.

/// Whether a spreadsheet would take `text` for a formula. Numbers (`-4.5`) are not.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.trim().parse::<f64>().is_err()
}

/// `text` as a spreadsheet will show it as text: prefixed with `'` when it looks like a formula.
pub fn defused(text: &str) -> String {
    if looks_like_formula(text) { format!("'{text}") } else { text.to_string() }
}

/// One CSV field: defused, and quoted when it holds a comma, a quote or a line break.
pub fn csv_field(text: &str) -> String {
    let safe = defused(text);
    if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(
            csv_field(r#"=HYPERLINK("http://example.com","x")"#),
            r#""'=HYPERLINK(""http://example.com"",""x"")""#
        );
        for formula in ["+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "=1"] {
            assert!(defused(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(defused("-4.5"), "-4.5");
        assert_eq!(defused("Plain, words"), "Plain, words");
        assert_eq!(csv_field("Plain, words"), "\"Plain, words\"");
    }
}
