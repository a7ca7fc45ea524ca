//! Text from the plan as safe HTML, with glossary terms marked up on first use: acronyms as
//! `<abbr title="…">`, other terms as links to their entry in the jargon buster.

use std::collections::HashSet;
use std::fmt;

use cypp_domain::GlossaryTerm;

/// HTML that is safe to put in a page: every piece of user text in it has been escaped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Markup(String);

impl Markup {
    /// HTML built by cypp itself from escaped parts, such as a chart.
    pub fn trusted(html: String) -> Markup {
        Markup(html)
    }

    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Escapes text for HTML the way askama does, so that escaped text looks the same wherever
/// it came from.
pub fn escape(text: &str) -> String {
    cypp_publish::escape(text)
}

/// An id for a term's entry in the jargon buster: "Child protection plan" → "term-child-protection-plan".
pub fn term_anchor(term: &str) -> String {
    let mut out = String::from("term");
    for word in term.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        out.push('-');
        out.push_str(&word.to_lowercase());
    }
    out
}

struct Entry {
    /// What to look for in the text.
    pattern: String,
    /// Acronyms match their case exactly; other terms match any case.
    exact_case: bool,
    term: String,
    definition: String,
}

/// Marks glossary terms in text, each only the first time it is used on the page.
pub struct Glossary {
    entries: Vec<Entry>,
    seen: HashSet<String>,
    /// Where the jargon buster is, for links.
    page: String,
}

fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2 && !word.chars().any(|c| c.is_lowercase())
}

impl Glossary {
    pub fn new(terms: &[GlossaryTerm], page: String) -> Glossary {
        let mut entries: Vec<Entry> = terms
            .iter()
            .flat_map(|t| {
                std::iter::once(t.term.clone()).chain(t.aliases.iter().cloned()).map(move |pattern| Entry {
                    exact_case: is_acronym(&pattern),
                    pattern,
                    term: t.term.clone(),
                    definition: t.definition.clone(),
                })
            })
            .collect();
        // Longer terms first, so "Child protection plan" wins over "plan".
        entries.sort_by_key(|e| std::cmp::Reverse(e.pattern.len()));
        Glossary { entries, seen: HashSet::new(), page }
    }

    /// A glossary that marks nothing: for pages that show text as written.
    pub fn none() -> Glossary {
        Glossary { entries: Vec::new(), seen: HashSet::new(), page: String::new() }
    }

    /// The text as safe HTML with terms not yet marked on this page marked up.
    pub fn mark(&mut self, text: &str) -> Markup {
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, entry)
        let lower = text.to_lowercase();
        for (index, entry) in self.entries.iter().enumerate() {
            if self.seen.contains(&entry.term) {
                continue;
            }
            let haystack = if entry.exact_case { text } else { lower.as_str() };
            let needle = if entry.exact_case { entry.pattern.clone() } else { entry.pattern.to_lowercase() };
            // Lower-casing can change byte lengths outside ASCII; only use positions that
            // are the same in both strings.
            if !entry.exact_case && lower.len() != text.len() {
                continue;
            }
            let hit = haystack.match_indices(&needle).find(|(i, m)| {
                let before = haystack[..*i].chars().next_back();
                let after = haystack[i + m.len()..].chars().next();
                before.is_none_or(|c| !c.is_alphanumeric())
                    && after.is_none_or(|c| !c.is_alphanumeric())
                    && !found.iter().any(|(s, e, _)| *i < *e && i + m.len() > *s)
            });
            if let Some((i, m)) = hit {
                found.push((i, i + m.len(), index));
                self.seen.insert(entry.term.clone());
            }
        }
        found.sort();
        let mut out = String::new();
        let mut at = 0;
        for (start, end, index) in found {
            let entry = &self.entries[index];
            out.push_str(&escape(&text[at..start]));
            let shown = escape(&text[start..end]);
            if entry.exact_case {
                out.push_str(&format!(
                    "<abbr class=\"cypp-term\" title=\"{}\">{shown}</abbr>",
                    escape(&entry.definition)
                ));
            } else {
                out.push_str(&format!(
                    "<a class=\"govuk-link\" href=\"{}#{}\" title=\"{}\">{shown}</a>",
                    escape(&self.page),
                    term_anchor(&entry.term),
                    escape(&entry.definition)
                ));
            }
            at = end;
        }
        out.push_str(&escape(&text[at..]));
        Markup(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::GlossaryTermId;

    fn term(term: &str, definition: &str) -> GlossaryTerm {
        GlossaryTerm {
            id: GlossaryTermId::derived(term),
            term: term.into(),
            definition: definition.into(),
            aliases: vec![],
        }
    }

    #[test]
    fn terms_are_marked_on_first_use_only_and_text_is_escaped() {
        let mut glossary = Glossary::new(
            &[
                term("SEND", "Special educational needs and disabilities"),
                term("Early help", "Help as soon as problems appear"),
            ],
            "/p/k/plan/glossary".into(),
        );
        let first = glossary.mark("SEND <support> & early help for SEND.");
        assert_eq!(
            first.as_str(),
            "<abbr class=\"cypp-term\" title=\"Special educational needs and disabilities\">SEND</abbr> &#60;support&#62; &#38; <a class=\"govuk-link\" href=\"/p/k/plan/glossary#term-early-help\" title=\"Help as soon as problems appear\">early help</a> for SEND."
        );
        assert_eq!(glossary.mark("More SEND.").as_str(), "More SEND.");
    }

    #[test]
    fn acronyms_match_their_case_and_whole_words_only() {
        let mut glossary = Glossary::new(&[term("ICB", "Integrated Care Board")], "/g".into());
        assert_eq!(glossary.mark("The icb and ICBs").as_str(), "The icb and ICBs");
        assert!(glossary.mark("The ICB.").as_str().contains("<abbr"));
    }
}
