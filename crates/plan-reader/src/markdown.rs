//! Markdown, as plans converted from Word or PDF come: `#` headings, `-` and `1.` lists, `|`
//! tables, `**bold**` runs. The emphasis marks are taken off; everything else is kept.

use crate::text::list_marker;
use crate::{Hint, Source};

/// The text without Markdown's emphasis marks and escapes.
fn plain(text: &str) -> String {
    text.replace("**", "").replace("__", "").replace("\\_", "_").replace("\\*", "*").replace("\\#", "#")
}

pub(crate) fn read(text: &str) -> Source {
    Source::from_parts(text.lines().map(|line| {
        let line = &line.replace('\u{a0}', " ");
        let t = line.trim();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            return (plain(t[hashes..].trim()), Hint::Heading(hashes as u8));
        }
        if t.starts_with('|') && t.ends_with('|') && t.len() > 1 {
            let cells: Vec<String> = t[1..t.len() - 1].split('|').map(|c| plain(c.trim())).collect();
            // The line under a table's header (|---|:---:|) carries no text.
            if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
                return (String::new(), Hint::Plain);
            }
            return (cells.join("\t"), Hint::TableRow);
        }
        // A table flattened into tab-separated cells, as text taken from PDFs gives it.
        if line.split('\t').filter(|c| !c.trim().is_empty()).count() > 1 {
            return (plain(line), Hint::TableRow);
        }
        if matches!(t, "---" | "***" | "___") {
            return (String::new(), Hint::Plain);
        }
        // A paragraph that is only bold is a heading the writer made by hand.
        if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**"))
            && !inner.contains("**")
            && !inner.trim().is_empty()
            && inner.split_whitespace().count() <= 15
        {
            return (plain(inner.trim()), Hint::Heading(crate::BOLD_HEADING));
        }
        match list_marker(t) {
            Some(ordered) => {
                // Markdown's own bullets are dropped; numbers and letters are kept, as plans
                // refer to them ("action 3").
                let text = if ordered {
                    t.to_string()
                } else {
                    let mut chars = t.chars();
                    chars.next();
                    chars.as_str().trim_start().to_string()
                };
                // The indentation is kept, for how deep the list is nested.
                let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
                (format!("{indent}{}", plain(&text)), Hint::ListItem { ordered })
            }
            None => (plain(line), Hint::Plain),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_tables_are_recognised_and_emphasis_removed() {
        let source = read(
            "# Outcome 1\n#### **Foreword**\n• a **bold** item\n| Term | Meaning |\n|---|---|\n| EHCP | A plan |\n#hashtag",
        );
        let got: Vec<(&str, Hint)> = source.lines.iter().map(|l| (l.text.as_str(), l.hint)).collect();
        assert_eq!(
            got,
            vec![
                ("Outcome 1", Hint::Heading(1)),
                ("Foreword", Hint::Heading(4)),
                ("a bold item", Hint::ListItem { ordered: false }),
                ("Term\tMeaning", Hint::TableRow),
                ("", Hint::Plain),
                ("EHCP\tA plan", Hint::TableRow),
                ("#hashtag", Hint::Plain),
            ]
        );
    }
}
