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

/// A text lower-cased, with the way back: lower-casing can change how many bytes a character
/// takes ("İ" becomes two characters, "ẞ" one shorter), so a place in the copy is not the same
/// place in the text.
struct Folded {
    lower: String,
    /// For each byte offset of `lower` where an original character's lower case begins (and
    /// its end), that character's offset in the text; `None` inside one.
    starts: Vec<Option<usize>>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut lower = String::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            let from = lower.len();
            lower.extend(c.to_lowercase());
            starts.push(Some(at));
            starts.extend(std::iter::repeat_n(None, lower.len() - from - 1));
        }
        starts.push(Some(text.len()));
        Folded { lower, starts }
    }

    /// The text's offset for an offset in `lower`, if it falls between original characters.
    fn original(&self, at: usize) -> Option<usize> {
        self.starts.get(at).copied().flatten()
    }
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
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, entry), in `text`
        let folded = Folded::new(text);
        for (index, entry) in self.entries.iter().enumerate() {
            if self.seen.contains(&entry.term) {
                continue;
            }
            let (haystack, needle) = if entry.exact_case {
                (text, entry.pattern.clone())
            } else {
                (folded.lower.as_str(), entry.pattern.to_lowercase())
            };
            if needle.is_empty() {
                continue;
            }
            // Where a match is in the text: the same place for an exact match; for a match in
            // the lower-cased copy, the original characters it covers, if it covers whole ones.
            let place = |i: usize, len: usize| -> Option<(usize, usize)> {
                if entry.exact_case {
                    Some((i, i + len))
                } else {
                    Some((folded.original(i)?, folded.original(i + len)?))
                }
            };
            let hit = haystack.match_indices(&needle).find_map(|(i, m)| {
                let before = haystack[..i].chars().next_back();
                let after = haystack[i + m.len()..].chars().next();
                let (start, end) = place(i, m.len())?;
                let whole_word =
                    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric());
                (whole_word && !found.iter().any(|(s, e, _)| start < *e && end > *s)).then_some((start, end))
            });
            if let Some((start, end)) = hit {
                found.push((start, end, index));
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
    fn text_whose_lower_case_is_longer_or_shorter_is_marked_in_the_right_place() {
        let mut glossary = Glossary::new(&[term("Early help", "Help early")], "/g".into());
        // "İ" lower-cases to two characters and "ẞ" to a shorter one: the term after them is
        // still found where it is, and nothing is cut inside a character.
        let marked = glossary.mark("İẞ İstanbul early help ẞ");
        assert_eq!(
            marked.as_str(),
            "İẞ İstanbul <a class=\"govuk-link\" href=\"/g#term-early-help\" title=\"Help early\">early help</a> ẞ"
        );
        // A term that would match only part of a character's lower case is not a match.
        let mut dotted = Glossary::new(&[term("i", "A letter")], "/g".into());
        assert_eq!(dotted.mark("İ").as_str(), "İ");
    }

    #[test]
    fn acronyms_match_their_case_and_whole_words_only() {
        let mut glossary = Glossary::new(&[term("ICB", "Integrated Care Board")], "/g".into());
        assert_eq!(glossary.mark("The icb and ICBs").as_str(), "The icb and ICBs");
        assert!(glossary.mark("The ICB.").as_str().contains("<abbr"));
    }

    /// The text back from marked HTML: tags taken out and the character references undone.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&#38;", "&")
    }

    proptest::proptest! {
        /// Any text, in any script, with any terms: marking never panics and never changes
        /// a character of the text.
        #[test]
        fn marking_any_text_keeps_every_character(text in "\\PC{0,60}", terms in proptest::collection::vec("\\PC{1,8}", 0..4)) {
            let terms: Vec<GlossaryTerm> = terms.iter().map(|t| term(t, "d")).collect();
            let mut glossary = Glossary::new(&terms, "/g".into());
            let marked = glossary.mark(&text);
            proptest::prop_assert_eq!(text_of(marked.as_str()), text);
        }

        /// Text built from the characters whose lower case changes length, around a term.
        #[test]
        fn terms_are_found_among_characters_that_change_length(parts in proptest::collection::vec(proptest::sample::select(vec!["İ", "ẞ", "Σ", "ǅ", "ﬀ", " ", "early help", "EARLY HELP", "x"]), 0..12)) {
            let text: String = parts.concat();
            let mut glossary = Glossary::new(&[term("Early help", "d")], "/g".into());
            let marked = glossary.mark(&text);
            proptest::prop_assert_eq!(text_of(marked.as_str()), text.clone());
            if marked.as_str().contains("<a ") {
                proptest::prop_assert!(text.to_lowercase().contains("early help"));
            }
        }
    }
}
