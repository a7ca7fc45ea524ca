//! The pictures of the easy read: icons from Lucide (<https://lucide.dev>, the `lucide-static`
//! npm package, ISC licence), embedded in the binary when it is built, so nothing is fetched
//! when a document is made. Each picture has the words it shows; a line of easy words gets the
//! first picture, in this table's order, whose words it uses, and otherwise the picture of
//! what it is about (its item's). The table runs from the most particular pictures to the
//! most general, so "a nurse in every school" shows a school, not people.

/// One picture: a Lucide icon, what it shows, and the words that call for it.
#[derive(Debug, PartialEq, Eq)]
pub struct Picture {
    /// The icon's Lucide name, which is also how an item names its chosen picture.
    pub name: &'static str,
    /// What it shows, for the officer choosing one.
    pub label: &'static str,
    /// Words and phrases, in lower case, that this picture shows. A word matches itself and
    /// its plural in -s or -es.
    pub words: &'static [&'static str],
    /// The SVG, drawn in `currentColor`.
    pub svg: &'static str,
}

macro_rules! icon {
    ($name:literal) => {
        include_str!(concat!(env!("CYPP_LUCIDE"), "/icons/", $name, ".svg"))
    };
}

macro_rules! pictures {
    ($($name:literal, $label:literal, [$($word:literal),* $(,)?];)*) => {
        /// Every picture, most particular first.
        pub static PICTURES: &[Picture] = &[
            $(Picture { name: $name, label: $label, words: &[$($word),*], svg: icon!($name) },)*
        ];
    };
}

pictures! {
    "baby", "A baby", ["baby", "babies", "pregnant", "pregnancy", "birth", "born", "newborn", "midwife", "midwives", "breastfeeding", "health visitor"];
    "syringe", "A vaccination", ["vaccine", "vaccination", "immunisation", "jab"];
    "cigarette", "Smoking", ["smoke", "smoking", "vape", "vaping", "cigarette"];
    "smile", "A smile", ["teeth", "tooth", "dentist", "smile", "happy", "happier", "wellbeing", "feel good"];
    "brain", "Thinking and feelings", ["mental health", "mind", "feelings", "feeling", "worry", "worries", "worried", "anxious", "anxiety", "stress", "stressed", "calm", "emotional"];
    "hospital", "A hospital", ["hospital", "a&e", "ambulance", "emergency"];
    "stethoscope", "A doctor", ["health", "healthy", "healthier", "doctor", "nurse", "gp", "ill", "illness", "poorly", "check-up", "clinic"];
    "apple", "Food", ["food", "eat", "eating", "meal", "lunch", "breakfast", "fruit", "hungry", "diet", "cook", "cooking"];
    "book-open", "A book", ["read", "reading", "book", "library", "libraries", "story", "stories", "write", "writing", "words"];
    "graduation-cap", "Exams and qualifications", ["exam", "grade", "qualification", "university", "results"];
    "briefcase", "A job", ["job", "career", "employment", "employer", "apprentice", "apprenticeship", "training"];
    "school", "A school", ["school", "nursery", "nurseries", "class", "classroom", "teacher", "lesson", "college", "pupil", "learn", "learning", "education", "attendance"];
    "accessibility", "Disability and extra needs", ["disability", "disabilities", "disabled", "special needs", "additional needs", "extra needs", "autism", "autistic", "wheelchair"];
    "siren", "The police", ["police", "crime", "knife", "knives", "gang", "violence", "exploitation", "criminal"];
    "smartphone", "A phone", ["online", "internet", "phone", "social media", "app", "screen", "website"];
    "shield-check", "Being safe", ["safe", "safer", "safety", "protect", "protected", "harm", "abuse", "neglect", "bullying", "bullied", "danger"];
    "heart", "Care and love", ["care", "cared", "carer", "foster", "fostering", "adopted", "adoption", "love", "loved", "looked after", "care leaver"];
    "house", "A home", ["home", "house", "housing", "homeless", "rent"];
    "piggy-bank", "Money", ["money", "cost", "pay", "paid", "poverty", "afford", "bill", "benefits", "cash", "budget"];
    "bus", "A bus", ["bus", "buses", "travel", "transport", "train"];
    "bike", "Being active", ["active", "exercise", "sport", "fit", "fitness", "swim", "swimming", "run", "running", "cycle", "cycling", "walk", "walking"];
    "trees", "A park", ["park", "outside", "outdoors", "nature", "green space"];
    "volleyball", "Playing", ["play", "playing", "game", "fun", "toy"];
    "palette", "Art and clubs", ["art", "music", "drama", "dance", "club", "activities", "activity"];
    "megaphone", "Having your say", ["voice", "views", "said", "told", "asked", "youth council", "survey", "vote"];
    "message-circle", "Talking", ["talk", "talking", "talked", "listen", "listening", "listened", "chat", "speak", "speaking", "tell", "ask"];
    "handshake", "Working together", ["together", "partner", "friend", "friendship", "team"];
    "hand-heart", "Help", ["help", "helped", "helping", "support", "supported", "supporting", "hub", "advice"];
    "users", "A family", ["family", "families", "parent", "mum", "dad", "brother", "sister", "grandparent"];
    "calendar", "A calendar", ["month", "year", "week", "date", "today", "soon", "summer", "winter", "spring", "autumn"];
    "chart-column", "Numbers", ["number", "figure", "count", "per cent", "percent"];
    "search", "Checking", ["check", "checked", "checking", "look", "looked", "find", "found"];
    "map-pin", "Our area", ["town", "area", "place", "community", "communities", "street", "local", "near"];
    "clipboard-list", "A plan", ["plan", "promise", "goal", "aim"];
    "person-standing", "Children and young people", ["children", "child", "young people", "young person", "teenager", "kids"];
    "trophy", "Doing well", ["proud", "best", "award", "success", "achieve", "achieved"];
    "circle-check", "Going well", [];
    "circle-alert", "Not going well yet", [];
    "list-todo", "More to do", [];
    "badge-check", "Done", [];
    "book-a", "Words to know", [];
    "star", "A star", [];
}

impl Picture {
    /// The SVG to put in a web page beside the words it shows: hidden from screen readers
    /// (the words say the same) and classed `cypp-picture` for its size and colour.
    pub fn inline(&self) -> String {
        self.svg.replacen("<svg", "<svg aria-hidden=\"true\" focusable=\"false\"", 1).replacen(
            "class=\"lucide",
            "class=\"cypp-picture lucide",
            1,
        )
    }
}

/// The picture of a line that names nothing in the table and is about nothing with a picture.
pub const DEFAULT: &str = "star";

/// The set the pictures come from and its licence (the ISC licence, spelt out so that the
/// credit has no acronym), for the credit each easy read carries after its lines.
pub const CREDIT: &str =
    "The pictures are Lucide icons from lucide.dev, shared under the Internet Systems Consortium licence.";

/// Lucide's licence, as its package gives it, for anyone who copies the pictures on.
pub const LICENCE: &str = include_str!(concat!(env!("CYPP_LUCIDE"), "/LICENSE"));

/// The picture with this name, if there is one.
pub fn named(name: &str) -> Option<&'static Picture> {
    PICTURES.iter().find(|p| p.name == name)
}

/// The picture with this name, or the default star.
pub fn or_default(name: &str) -> &'static Picture {
    named(name).or_else(|| named(DEFAULT)).unwrap_or(&PICTURES[PICTURES.len() - 1])
}

/// The first picture whose words `text` uses, if any.
pub fn find(text: &str) -> Option<&'static Picture> {
    let lower = text.to_lowercase();
    PICTURES.iter().find(|p| p.words.iter().any(|w| uses(&lower, w)))
}

/// The picture for a line: the one its words call for, or else `otherwise`.
pub fn for_line(text: &str, otherwise: &'static Picture) -> &'static Picture {
    find(text).unwrap_or(otherwise)
}

/// Whether `text` (lower case) has `word` as a whole word or phrase, or its plural in -s or -es.
fn uses(text: &str, word: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(word).any(|(i, m)| {
        if !boundary(text[..i].chars().next_back()) {
            return false;
        }
        let rest = &text[i + m.len()..];
        let rest = rest.strip_prefix("es").filter(|r| boundary(r.chars().next())).unwrap_or(rest);
        let rest = rest.strip_prefix('s').filter(|r| boundary(r.chars().next())).unwrap_or(rest);
        boundary(rest.chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_is_an_embedded_svg_with_a_unique_name() {
        for (i, picture) in PICTURES.iter().enumerate() {
            assert!(picture.svg.contains("<svg") && picture.svg.contains("currentColor"), "{}", picture.name);
            assert!(PICTURES[..i].iter().all(|p| p.name != picture.name), "{} twice", picture.name);
        }
        assert!(LICENCE.contains("ISC License"));
        assert!(cypp_domain::plain::Checker::new([]).check(CREDIT).is_empty(), "the credit has no acronym");
        assert_eq!(or_default("no such picture").name, DEFAULT);
    }

    #[test]
    fn a_line_gets_the_most_particular_picture_its_words_call_for() {
        let name = |text: &str| find(text).map(|p| p.name);
        assert_eq!(name("We want every child to feel safe at home."), Some("shield-check"));
        assert_eq!(name("A nurse in every school."), Some("stethoscope"), "health comes before school");
        assert_eq!(name("More young people go to school every day."), Some("school"));
        assert_eq!(name("Families can get help at the hubs."), Some("hand-heart"), "hubs is hub's plural");
        assert_eq!(name("Reading together at bedtime."), Some("book-open"));
        assert_eq!(name("This is working well."), None, "'working' is not 'work', and 'well' is not 'wellbeing'");
        assert_eq!(name("Saying thank you."), None, "'saying' is not 'say'");
        assert_eq!(for_line("Hello.", or_default("heart")).name, "heart");
    }
}
