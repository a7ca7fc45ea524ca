//! Plain text, as text extracted from PDFs and web pages comes: each line as it is. A line
//! holding tabs is a flattened table row; a line starting `-`, `•`, `*` or a number or letter
//! in brackets ("1.", "a)", "(ii)") is a list item.

use crate::{Hint, Source};

/// Whether a line is a list item, and whether numbered.
pub(crate) fn list_marker(line: &str) -> Option<bool> {
    let t = line.trim_start();
    if t.starts_with(['-', '•', '*', '·', '●', '▪', '◦', '○', '■', '►', '➢', '–'])
        && t.chars().nth(1).is_some_and(char::is_whitespace)
    {
        return Some(false);
    }
    let t = t.strip_prefix('(').unwrap_or(t);
    // "1.1.1 Open family hubs": a numbered action, as plans' tables number them.
    let dotted: String = t.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    if dotted.matches('.').count() >= 2
        && dotted.split('.').all(|p| !p.is_empty() && p.len() <= 2)
        && t[dotted.len()..].starts_with(' ')
    {
        return Some(true);
    }
    let marker: String = t.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let rest = &t[marker.len()..];
    let numbered = !marker.is_empty()
        && marker.len() <= 4
        && (marker.chars().all(|c| c.is_ascii_digit())
            || (marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase()))
            || marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
    (numbered
        && (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t") || rest.starts_with(")\t")))
    .then_some(true)
}

/// How a numbered list counts its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Counting {
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
}

/// The number a list counting this way shows before its `n`th item, as Word and browsers draw
/// it ("3.", "c)", "C.", "iv.", "IV."); `None` for a Roman numeral past 39.
pub(crate) fn shown_number(counting: Counting, n: usize) -> Option<String> {
    let letter = |base: u8| char::from(base + ((n.max(1) - 1) % 26) as u8);
    let roman = || {
        let (mut out, mut left) = (String::new(), n);
        for (value, digits) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
            while left >= value {
                out.push_str(digits);
                left -= value;
            }
        }
        out
    };
    match counting {
        Counting::Decimal => Some(format!("{n}.")),
        Counting::LowerLetter => Some(format!("{})", letter(b'a'))),
        Counting::UpperLetter => Some(format!("{}.", letter(b'A'))),
        Counting::LowerRoman if n < 40 => Some(format!("{}.", roman())),
        Counting::UpperRoman if n < 40 => Some(format!("{}.", roman().to_uppercase())),
        Counting::LowerRoman | Counting::UpperRoman => None,
    }
}

pub(crate) fn read(text: &str) -> Source {
    Source::from_parts(text.lines().map(|line| {
        let hint = if line.trim_start().contains('\t')
            && line.trim().split('\t').filter(|c| !c.trim().is_empty()).count() > 1
        {
            Hint::TableRow
        } else if let Some(ordered) = list_marker(line) {
            Hint::ListItem { ordered }
        } else {
            Hint::Plain
        };
        (line.replace('\u{a0}', " "), hint)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_numbers_and_tables_and_lists_are_hinted() {
        let source = read("Title\n\nName\tLead\n- one\n1. first\na) lettered\n(ii) roman\n2024-27 plan");
        let hints: Vec<Hint> = source.lines.iter().map(|l| l.hint).collect();
        assert_eq!(
            hints,
            vec![
                Hint::Plain,
                Hint::Plain,
                Hint::TableRow,
                Hint::ListItem { ordered: false },
                Hint::ListItem { ordered: true },
                Hint::ListItem { ordered: true },
                Hint::ListItem { ordered: true },
                Hint::Plain,
            ]
        );
        assert_eq!(source.lines[2].number, 3);
    }
}
