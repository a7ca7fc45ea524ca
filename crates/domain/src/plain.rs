//! Plain-English checks for text in the plan: acronyms that are not in the glossary, jargon
//! from a list the partnership can change, sentences over 25 words, and a reading-age
//! estimate (Flesch reading ease and Flesch-Kincaid grade). Cheshire East's plan promises
//! "we won't use jargon or acronyms"; these checks help a partnership keep that promise.

use std::collections::HashSet;

/// Words and phrases that plans use and readers do not understand, with a plainer choice.
/// A partnership can replace the list (see `Checker::with_jargon`).
pub const DEFAULT_JARGON: &[(&str, &str)] = &[
    ("stakeholders", "the people and organisations involved"),
    ("multi-agency", "partners working together"),
    ("multiagency", "partners working together"),
    ("holistic", "whole"),
    ("robust", "strong"),
    ("leverage", "use"),
    ("outcomes-focused", "focused on what changes for children"),
    ("going forward", "from now on"),
    ("best practice", "what works"),
    ("cohort", "group"),
    ("upskill", "train"),
    ("interventions", "help"),
    ("intervention", "help"),
    ("service users", "children and families"),
    ("pathway", "route"),
    ("co-located", "in the same place"),
    ("embed", "make part of"),
    ("deliverables", "what we will do"),
    ("capacity building", "helping people do more"),
    ("step-down", "moving to less intensive help"),
    ("thresholds", "when help is given"),
    ("facilitate", "help"),
    ("utilise", "use"),
    ("in order to", "to"),
];

/// The longest sentence the checks accept without a warning.
pub const MAX_SENTENCE_WORDS: usize = 25;

/// The longest sentence an easy read takes: easy-read guidance keeps sentences to about 15
/// words.
pub const EASY_SENTENCE_WORDS: usize = 15;

/// The highest reading age an easy read takes, in years (Flesch-Kincaid grade plus 5): written
/// for children of 11 and for adults who find reading hard.
pub const EASY_READING_AGE: f64 = 11.0;

/// One thing to look at in a piece of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// An acronym that the glossary does not explain.
    Acronym(String),
    /// A jargon word, with a plainer choice.
    Jargon { word: String, instead: String },
    /// A sentence longer than `limit` words (`MAX_SENTENCE_WORDS`, or `EASY_SENTENCE_WORDS`
    /// in easy words), with its opening words.
    LongSentence { words: usize, opening: String, limit: usize },
    /// A line of easy words that holds more than one sentence: an easy read has one idea a line.
    TwoIdeas { opening: String },
    /// Easy words whose reading age is above `EASY_READING_AGE`.
    HardToRead { reading_age: f64 },
}

impl Warning {
    pub fn message(&self) -> String {
        match self {
            Warning::Acronym(a) => {
                format!("\"{a}\" is an acronym that is not in the jargon buster: spell it out or add it")
            }
            Warning::Jargon { word, instead } => format!("\"{word}\" is jargon: try \"{instead}\""),
            Warning::LongSentence { words, opening, limit } => {
                format!("A sentence of {words} words (\"{opening}…\"): try to keep sentences under {limit} words")
            }
            Warning::TwoIdeas { opening } => {
                format!("The line \"{opening}…\" says more than one thing: put each sentence on its own line")
            }
            Warning::HardToRead { reading_age } => format!(
                "These words have a reading age of about {reading_age:.1}: use shorter words and sentences to bring it to {EASY_READING_AGE:.0} or under"
            ),
        }
    }
}

/// How hard a piece of text is to read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Readability {
    /// Flesch reading ease: 60 to 70 is plain English; below 30 is very hard.
    pub reading_ease: f64,
    /// Flesch-Kincaid grade level (US school grade); add 5 for a reading age in years.
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
}

impl Readability {
    /// The reading age in years, as UK readers think of it.
    pub fn reading_age(&self) -> f64 {
        (self.grade + 5.0).max(5.0)
    }

    pub fn summary(&self) -> String {
        let band = match self.reading_ease {
            e if e >= 70.0 => "easy to read",
            e if e >= 60.0 => "plain English",
            e if e >= 50.0 => "fairly hard to read",
            e if e >= 30.0 => "hard to read",
            _ => "very hard to read",
        };
        format!("Reading ease {:.0} ({band}); reading age about {:.0}", self.reading_ease, self.reading_age())
    }
}

/// The checks, with the glossary's terms and the jargon list they use.
pub struct Checker {
    known: HashSet<String>,
    jargon: Vec<(String, String)>,
}

impl Checker {
    /// A checker that accepts the acronyms explained by these glossary terms and aliases.
    pub fn new<'a>(glossary: impl IntoIterator<Item = &'a str>) -> Checker {
        let known = glossary.into_iter().map(|t| t.trim().to_uppercase()).collect();
        Checker { known, jargon: DEFAULT_JARGON.iter().map(|(w, i)| (w.to_string(), i.to_string())).collect() }
    }

    /// The checker for a plan: it knows the acronyms in the plan's jargon buster (each term
    /// and its other spellings) and uses the partnership's own jargon list, if it has one.
    pub fn for_plan(file: &crate::PlanFile) -> Checker {
        Checker::new(
            file.glossary
                .iter()
                .flat_map(|g| std::iter::once(g.term.as_str()).chain(g.aliases.iter().map(String::as_str))),
        )
        .with_jargon(file.partnership.jargon.iter().map(|j| (j.word.clone(), j.instead.clone())).collect())
    }

    /// Replaces the jargon list with a partnership's own; an empty list keeps the defaults.
    pub fn with_jargon(mut self, jargon: Vec<(String, String)>) -> Checker {
        if !jargon.is_empty() {
            self.jargon = jargon.into_iter().map(|(w, i)| (w.to_lowercase(), i)).collect();
        }
        self
    }

    pub fn check(&self, text: &str) -> Vec<Warning> {
        let mut warnings = self.words(text);
        warnings.extend(long_sentences(text, MAX_SENTENCE_WORDS));
        warnings
    }

    /// The checks for easy words, one idea a line: acronyms and jargon as in [`Checker::check`],
    /// sentences of at most `EASY_SENTENCE_WORDS` words, one sentence a line, and a reading age
    /// of at most `EASY_READING_AGE` where there are words enough to judge it. Easy words
    /// that pass have nothing here.
    pub fn check_easy(&self, text: &str) -> Vec<Warning> {
        let mut warnings = self.words(text);
        warnings.extend(long_sentences(text, EASY_SENTENCE_WORDS));
        for line in text.lines() {
            if sentences(line).filter(|s| words(s).next().is_some()).count() > 1 {
                warnings.push(Warning::TwoIdeas { opening: opening(line) });
            }
        }
        if let Some(r) = readability(text).filter(|r| r.reading_age() > EASY_READING_AGE) {
            warnings.push(Warning::HardToRead { reading_age: r.reading_age() });
        }
        warnings
    }

    /// Acronyms not in the glossary and jargon.
    fn words(&self, text: &str) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let mut seen = HashSet::new();
        for word in words(text) {
            let word = word.trim_end_matches("'s").trim_end_matches("’s");
            let bare = word.trim_end_matches("s");
            if is_acronym(word)
                && !self.known.contains(word)
                && !self.known.contains(bare)
                && seen.insert(word.to_string())
            {
                warnings.push(Warning::Acronym(word.to_string()));
            }
        }
        let lower = text.to_lowercase();
        for (word, instead) in &self.jargon {
            if contains_phrase(&lower, word) {
                warnings.push(Warning::Jargon { word: word.clone(), instead: instead.clone() });
            }
        }
        warnings
    }
}

/// The first six words of a sentence or line.
fn opening(text: &str) -> String {
    text.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

/// The sentences of `text` longer than `limit` words.
fn long_sentences(text: &str, limit: usize) -> Vec<Warning> {
    sentences(text)
        .filter_map(|sentence| {
            let count = words(sentence).count();
            (count > limit).then(|| Warning::LongSentence { words: count, opening: opening(sentence), limit })
        })
        .collect()
}

/// Words: runs of letters, digits, apostrophes, hyphens and ampersands.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '&'))
        .map(|w| w.trim_matches(|c: char| c == '-' || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Two or more capitals (with digits or & allowed), such as SEND, CAMHS, A&E, not "I" or "A".
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let bare = word.strip_suffix('s').unwrap_or(word);
    letters >= 2
        && bare.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
        && bare.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
}

/// Whether `phrase` occurs in `text` as whole words.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase)
        .any(|(i, m)| boundary(text[..i].chars().next_back()) && boundary(text[i + m.len()..].chars().next()))
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', '!', '?', ';', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

/// Counts syllables by vowel groups, the usual approximation for English readability scores.
fn syllables(word: &str) -> usize {
    let lower = word.to_lowercase();
    let mut count = 0;
    let mut previous_vowel = false;
    for c in lower.chars() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    if lower.ends_with('e') && !lower.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Flesch reading ease and Flesch-Kincaid grade, or None for text too short to judge.
pub fn readability(text: &str) -> Option<Readability> {
    let all: Vec<&str> = words(text).collect();
    let sentence_count = sentences(text).filter(|s| words(s).next().is_some()).count();
    if all.len() < 10 || sentence_count == 0 {
        return None;
    }
    let (w, s) = (all.len() as f64, sentence_count as f64);
    let syllable_count: usize = all.iter().map(|word| syllables(word)).sum();
    let y = syllable_count as f64;
    Some(Readability {
        reading_ease: 206.835 - 1.015 * (w / s) - 84.6 * (y / w),
        grade: 0.39 * (w / s) + 11.8 * (y / w) - 15.59,
        words: all.len(),
        sentences: sentence_count,
    })
}

/// The words that make a number in a text a count of people, whom a small count could
/// identify.
const PEOPLE: &[&str] = &[
    "child",
    "children",
    "young",
    "person",
    "people",
    "pupil",
    "pupils",
    "student",
    "students",
    "baby",
    "babies",
    "family",
    "families",
    "parent",
    "parents",
    "carer",
    "carers",
    "girl",
    "girls",
    "boy",
    "boys",
    "mother",
    "mothers",
    "father",
    "fathers",
    "woman",
    "women",
    "man",
    "men",
    "adult",
    "adults",
    "learner",
    "learners",
    "victim",
    "victims",
    "survivor",
    "survivors",
    "resident",
    "residents",
    "patient",
    "patients",
    "teenager",
    "teenagers",
    "leaver",
    "leavers",
    "household",
    "households",
];

/// Words after a people word that make it describe a thing, not count people: "four family
/// hubs", "two children's centres".
const THINGS: &[&str] = &[
    "hub",
    "hubs",
    "centre",
    "centres",
    "center",
    "centers",
    "service",
    "services",
    "support",
    "worker",
    "workers",
    "team",
    "teams",
    "group",
    "groups",
    "home",
    "homes",
    "court",
    "courts",
    "plan",
    "plans",
    "session",
    "sessions",
    "panel",
    "panels",
    "network",
    "networks",
    "programme",
    "programmes",
    "forum",
    "forums",
    "meeting",
    "meetings",
    "partnership",
    "partnerships",
    "event",
    "events",
    "champion",
    "champions",
    "zone",
    "zones",
    "area",
    "areas",
    "board",
    "boards",
    "strategy",
    "strategies",
    "site",
    "sites",
    "room",
    "rooms",
    "unit",
    "units",
];

const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// The small counts of people in a text, from 1 to `threshold` ("3 young people", "two
/// families"), which a public page leaves out so that nobody can be recognised, as the
/// published figures are suppressed. Each as it is written.
pub fn small_counts(text: &str, threshold: u32) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let word = clean(word);
        let n = word
            .parse::<u32>()
            .ok()
            .or_else(|| NUMBER_WORDS.iter().position(|w| *w == word).and_then(|p| u32::try_from(p + 1).ok()));
        if !n.is_some_and(|n| (1..=threshold).contains(&n)) {
            continue;
        }
        // The people can follow at once or after a word or two: "3 looked-after children",
        // and may take two words: "3 young people".
        let is_people = |j: usize| words.get(j).is_some_and(|w| PEOPLE.contains(&clean(w).as_str()));
        let Some(mut end) = (i + 1..i + 4).find(|j| is_people(*j)) else { continue };
        while is_people(end + 1) {
            end += 1;
        }
        let describes_a_thing = words.get(end + 1).is_some_and(|w| THINGS.contains(&clean(w).as_str()));
        let clean_end = words[end].chars().last().is_some_and(char::is_alphanumeric);
        if describes_a_thing && clean_end {
            continue;
        }
        out.push(words[i..=end].join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_of_people_are_found_as_they_are_written() {
        let found = small_counts("Only 3 young people and two families were seen; 61 children were screened.", 5);
        assert_eq!(found, ["3 young people", "two families"]);
        assert_eq!(small_counts("We opened 4 hubs in 2 weeks.", 5), Vec::<String>::new(), "not people");
        assert_eq!(small_counts("0 children waited more than 18 weeks.", 5), Vec::<String>::new(), "none is not small");
        assert_eq!(small_counts("6 children", 5), Vec::<String>::new(), "above the threshold");
        assert_eq!(small_counts("(5 looked-after children)", 5), ["5 looked-after children"]);
        assert_eq!(small_counts("All four family hubs are open.", 5), Vec::<String>::new(), "hubs, not families");
        assert_eq!(small_counts("We met 2 families. Hubs opened.", 5), ["2 families"], "a sentence ends the count");
    }

    proptest::proptest! {
        /// The plain English check reads any text a person can type: every warning quotes a
        /// piece of the text itself, and the reading age is a number.
        #[test]
        fn any_text_is_checked_without_breaking(text in "\\PC*", other in proptest::prelude::any::<String>()) {
            let checker = Checker::new(["CAMHS", "İSTANBUL"]).with_jargon(vec![("ẞtraße".into(), "street".into())]);
            for text in [&text, &other] {
                for warning in checker.check(text) {
                    let _ = warning.message();
                }
                if let Some(r) = readability(text) {
                    proptest::prop_assert!(r.reading_age().is_finite());
                    let _ = r.summary();
                }
            }
        }
    }

    #[test]
    fn acronyms_not_in_the_glossary_are_flagged_once() {
        let checker = Checker::new(["SEND", "CAMHS"]);
        let warnings =
            checker.check("SEND and CAMHS teams meet the MASH. I saw the MASH, A&E, the ICB's staff and EHCPs.");
        let acronyms: Vec<String> =
            warnings.iter().filter_map(|w| if let Warning::Acronym(a) = w { Some(a.clone()) } else { None }).collect();
        assert_eq!(acronyms, ["MASH", "A&E", "ICB", "EHCPs"]);
    }

    #[test]
    fn jargon_is_flagged_as_whole_words_with_a_plainer_choice() {
        let checker = Checker::new([]);
        let warnings =
            checker.check("We will embed a robust multi-agency pathway. Robustness aside, we embedded nothing.");
        let words: Vec<String> = warnings
            .iter()
            .filter_map(|w| if let Warning::Jargon { word, .. } = w { Some(word.clone()) } else { None })
            .collect();
        assert_eq!(words, ["multi-agency", "robust", "pathway", "embed"]);
        assert!(warnings[0].message().contains("try \"partners working together\""));
    }

    #[test]
    fn a_partnership_can_replace_the_jargon_list() {
        let checker = Checker::new([]).with_jargon(vec![("Locality Hub".into(), "family centre".into())]);
        let words: Vec<String> =
            checker.check("We will embed the locality hub.").iter().map(Warning::message).collect();
        assert_eq!(words, ["\"locality hub\" is jargon: try \"family centre\""], "its own words only");
        assert_eq!(
            Checker::new([]).with_jargon(vec![]).check("We will embed it.").len(),
            1,
            "no list keeps the defaults"
        );
    }

    #[test]
    fn long_sentences_are_flagged() {
        let long = "word ".repeat(30);
        let warnings = Checker::new([]).check(&format!("A short one. {long}."));
        assert_eq!(
            warnings,
            [Warning::LongSentence {
                words: 30,
                opening: "word word word word word word".into(),
                limit: MAX_SENTENCE_WORDS
            }]
        );
    }

    #[test]
    fn reading_ease_ranks_plain_text_above_dense_text() {
        let plain =
            readability("We help families early. We listen to children. We keep them safe at home and at school.");
        let dense = readability(
            "The partnership's comprehensive multidisciplinary transformation programme necessitates organisational realignment, facilitating integrated commissioning arrangements.",
        );
        let (Some(plain), Some(dense)) = (plain, dense) else { panic!("both texts are long enough") };
        assert!(plain.reading_ease > 70.0, "{plain:?}");
        assert!(dense.reading_ease < 10.0, "{dense:?}");
        assert!(plain.reading_age() < dense.reading_age());
        assert!(readability("Too short.").is_none());
    }

    #[test]
    fn easy_words_take_one_short_sentence_a_line_and_a_low_reading_age() {
        let checker = Checker::new(["SEND"]);
        let easy = "Being safe\nWe want every child to feel safe at home.\nWe will help families early.";
        assert_eq!(checker.check_easy(easy), Vec::<Warning>::new());
        assert_eq!(checker.check_easy("SEND help is here."), Vec::<Warning>::new(), "an acronym in the glossary");

        let two = checker.check_easy("We opened the hubs. Families came.");
        assert!(
            matches!(two.as_slice(), [Warning::TwoIdeas { opening }] if opening == "We opened the hubs. Families came."),
            "{two:?}"
        );

        let sixteen = "We will ask every child in every school what they think of the help they get.";
        let long = checker.check_easy(sixteen);
        assert!(
            matches!(long.as_slice(), [Warning::LongSentence { words: 16, limit: EASY_SENTENCE_WORDS, .. }]),
            "{long:?}"
        );
        assert!(checker.check(sixteen).is_empty(), "the same sentence is plain enough for the plan");

        let hard = checker.check_easy(
            "Commissioners prioritise integrated provision.\nPractitioners evaluate developmental difficulties systematically.\nOrganisations collaborate.\nEveryone participates.",
        );
        assert!(
            hard.iter().any(|w| matches!(w, Warning::HardToRead { reading_age } if *reading_age > EASY_READING_AGE)),
            "{hard:?}"
        );
        assert!(hard.iter().all(|w| !w.message().is_empty()));

        let acronym = checker.check_easy("CAMHS will see you soon.");
        assert_eq!(acronym, [Warning::Acronym("CAMHS".into())]);
    }
}
