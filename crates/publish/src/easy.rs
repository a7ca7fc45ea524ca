//! The easy read, for children, young people and families: the plan and a round's progress in
//! short sentences, one idea a line, a picture beside every line, in large type. Cheshire East
//! sends "an easy read newsletter to update all on progress" after each board meeting; this is
//! that newsletter, made from the plan.
//!
//! Every word an officer wrote for the easy read is theirs to write: an item's, the plan's and
//! an update's *easy words*. Where they have not been written, or do not pass the easy-read
//! checks (`Checker::check_easy`: acronyms in the jargon buster, short sentences, one a line, a
//! low reading age), the easy read leaves that part out and says so to the officer
//! ([`EasyRead::missing`]); it never prints the plan's own text in their place. The few lines
//! cypp writes itself (the dates, how an item is rated) pass the same checks.
//!
//! Progress comes only from accepted updates that an admin has put on the public site, so the
//! officer's preview and the public page are the same document.

use chrono::NaiveDate;
use cypp_domain::period::uk_date;
use cypp_domain::plain::{Checker, Warning, readability, small_counts};
use cypp_domain::{Ask, Identities, ItemId, PlanFile, PlanItem, Rag, Round, RoundId, UpdateId};

use crate::board;
use crate::edition::{Block, Edition, Layout, Span};
use crate::pictures::{self, Picture};

/// One line of the easy read and its picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub picture: &'static Picture,
}

/// A part of the easy read: a heading with its picture, and its lines. Level 1 is a chapter.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub level: u8,
    pub heading: Line,
    pub lines: Vec<Line>,
}

/// Where the officer puts a missing part right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// The plan's own easy words, on the plan's details.
    Plan,
    /// An item's easy words, on its form.
    Item(ItemId),
    /// An update's easy words, with its public summary.
    Update(RoundId, UpdateId),
    /// An ask of children and young people, on its item's form.
    Ask(ItemId),
    /// A term of the jargon buster.
    Glossary,
}

/// A part the easy read leaves out, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    pub what: String,
    pub why: String,
    pub fix: Fix,
}

/// The easy read of a plan, with a round's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct EasyRead<'a> {
    pub title: String,
    /// The round whose progress it gives, if the plan has one with public progress.
    pub round: Option<&'a Round>,
    pub sections: Vec<Section>,
    /// What the officer has still to write, in the order the easy read would print it.
    pub missing: Vec<Missing>,
}

/// Why an easy read leaves out a part that has no easy words yet.
pub const NOT_WRITTEN: &str = "No easy words have been written yet";

impl EasyRead<'_> {
    /// Every line, headings included, in reading order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.lines))
    }

    /// The whole text, a line to a line, as the checks read it.
    pub fn text(&self) -> String {
        self.lines().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// The lines of easy words: one a line, bullets and blank lines dropped.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim()).filter(|l| !l.is_empty()).collect()
}

/// The rounds an easy read can give the progress of: those with an accepted update on the
/// public site, newest first.
pub fn public_rounds(file: &PlanFile) -> Vec<&Round> {
    let mut rounds: Vec<&Round> = board::in_order(file)
        .into_iter()
        .filter(|r| r.updates.iter().any(|u| u.status == cypp_domain::UpdateStatus::Accepted && u.public.is_some()))
        .collect();
    rounds.reverse();
    rounds
}

/// "April 2024".
fn month(date: NaiveDate) -> String {
    date.format("%B %Y").to_string()
}

/// A number as a word where it is small, as easy reads write them.
fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.get(n).map(|w| w.to_string()).unwrap_or_else(|| n.to_string())
}

/// How an item is rated, in easy words, with its picture.
fn rating(rag: Rag) -> Line {
    let (text, picture) = match rag {
        Rag::Green => ("This is going well.", "circle-check"),
        Rag::Amber => ("Parts of this are going well, with more to do.", "list-todo"),
        Rag::Red => ("This is not going well yet.", "circle-alert"),
        Rag::Blue => ("This is done.", "badge-check"),
    };
    Line { text: text.into(), picture: pictures::or_default(picture) }
}

/// Builds the easy read, checking every officer's word as it goes.
struct Builder<'a> {
    file: &'a PlanFile,
    checker: Checker,
    sections: Vec<Section>,
    missing: Vec<Missing>,
}

impl Builder<'_> {
    /// The easy words, if written and passing the checks; otherwise the officer is told.
    fn checked(&mut self, words: Option<&str>, what: impl Into<String>, fix: Fix) -> Option<Vec<String>> {
        self.checked_as(words, what, fix, true)
    }

    /// As [`Builder::checked`]; without `reading_age`, a line is judged on everything but its
    /// reading age, which the whole easy read is then judged on.
    fn checked_as(
        &mut self,
        words: Option<&str>,
        what: impl Into<String>,
        fix: Fix,
        reading_age: bool,
    ) -> Option<Vec<String>> {
        let what = what.into();
        let Some(words) = words.map(str::trim).filter(|w| !w.is_empty()) else {
            self.missing.push(Missing { what, why: NOT_WRITTEN.into(), fix });
            return None;
        };
        let text = lines(words).join("\n");
        let mut why: Vec<String> = self
            .checker
            .check_easy(&text)
            .iter()
            .filter(|w| reading_age || !matches!(w, Warning::HardToRead { .. }))
            .map(|w| w.message())
            .collect();
        let small = small_counts(&text, cypp_analytics::suppress::DEFAULT_THRESHOLD);
        if !small.is_empty() {
            why.push(format!("They count a few people (\"{}\"), who could be recognised", small.join("\", \"")));
        }
        if why.is_empty() {
            Some(lines(words).into_iter().map(String::from).collect())
        } else {
            self.missing.push(Missing { what, why: why.join(". "), fix });
            None
        }
    }

    /// An item's heading (the first line of its easy words) and its other lines, or None.
    fn item(&mut self, item: &PlanItem, depth: usize) -> Option<(Line, Vec<Line>)> {
        let what = format!("{} {}", self.file.plan.level_name(depth), item.heading());
        let words = self.checked(item.easy_words.as_deref(), what, Fix::Item(item.id))?;
        let (first, rest) = words.split_first()?;
        let own = item.picture.as_deref().and_then(pictures::named);
        let picture = own.unwrap_or_else(|| pictures::for_line(first, pictures::or_default(pictures::DEFAULT)));
        let lines = rest.iter().map(|l| Line { picture: pictures::for_line(l, picture), text: l.clone() }).collect();
        Some((Line { text: first.clone(), picture }, lines))
    }

    fn chapter(&mut self, heading: &str, picture: &str) -> usize {
        self.sections.push(Section {
            level: 1,
            heading: Line { text: heading.into(), picture: pictures::or_default(picture) },
            lines: Vec::new(),
        });
        self.sections.len() - 1
    }
}

/// The easy read of `file` with the progress of `round` (one of [`public_rounds`]; the newest
/// when `None`).
pub fn easy_read<'a>(file: &'a PlanFile, round: Option<&'a Round>) -> EasyRead<'a> {
    let round = round.or_else(|| public_rounds(file).into_iter().next());
    let mut b = Builder { file, checker: Checker::for_plan(file), sections: Vec::new(), missing: Vec::new() };
    let ids = Identities::of(file);

    // About this plan: the officer's words, then when it runs.
    let about = b.chapter("About this plan", "clipboard-list");
    let plan_words = b.checked(file.plan.easy_words.as_deref(), "The plan's own easy words", Fix::Plan);
    let start = month(file.plan.period.start);
    let end = month(file.plan.period.end);
    let mut about_lines: Vec<Line> = plan_words
        .unwrap_or_default()
        .into_iter()
        .map(|l| Line { picture: pictures::for_line(&l, pictures::or_default("clipboard-list")), text: l })
        .collect();
    about_lines.push(Line {
        text: format!("The plan runs from {start} to {end}."),
        picture: pictures::or_default("calendar"),
    });
    b.sections[about].lines = about_lines;

    // What we want: each item in its own words, in the plan's order.
    let mut headings: Vec<(ItemId, Line)> = Vec::new();
    for (depth, item) in file.items.iter().flat_map(|i| i.walk()) {
        if let Some((heading, lines)) = b.item(item, depth) {
            headings.push((item.id, heading.clone()));
            b.sections.push(Section { level: (depth as u8 + 1).min(3), heading, lines });
        }
    }

    // How we are doing: the round's public progress on each item.
    if let Some(round) = round {
        let chapter = b.chapter("How we are doing", "chart-column");
        let when = round.period.map(|p| p.end()).unwrap_or(round.due_on);
        b.sections[chapter].lines.push(Line {
            text: format!("This is how things were at the end of {}.", when.format("%B %Y")),
            picture: pictures::or_default("calendar"),
        });
        let mut any = false;
        for (id, heading) in &headings {
            let Some(update) = round.accepted_on(Ask::Item(*id), &ids) else { continue };
            let Some(public) = update.public.as_ref() else { continue };
            let what = format!("The update on {} in {}", heading.text, round.name);
            let Some(words) = b.checked(public.easy_words.as_deref(), what, Fix::Update(round.id, update.id)) else {
                continue;
            };
            let mut lines: Vec<Line> = update.rag.map(rating).into_iter().collect();
            lines.extend(words.into_iter().map(|l| Line { picture: pictures::for_line(&l, heading.picture), text: l }));
            b.sections.push(Section { level: 2, heading: heading.clone(), lines });
            any = true;
        }
        if !any {
            b.sections[chapter].lines.push(Line {
                text: "We will tell you how things are going soon.".into(),
                picture: pictures::or_default("calendar"),
            });
        }
    }

    // You said, we did: each ask in the young people's words that an action answers, and what
    // the partnership has said of those actions on the public site. (The public site's "you
    // said, we did" page lists every ask; the easy read keeps to what is being done.)
    let said = b.chapter("You said, we did", "megaphone");
    let mut any = false;
    for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
        for ask in &item.young_people_asked {
            let answering: Vec<&cypp_domain::Action> =
                item.walk().into_iter().flat_map(|(_, i)| &i.actions).filter(|a| a.answers.contains(ask)).collect();
            if answering.is_empty() {
                continue;
            }
            // The children's and young people's own words, quoted as they said them: a
            // sentence of theirs is not held to a reading age, which the whole easy read is.
            let what = format!("The ask \"{ask}\" of {}", item.heading());
            let Some(words) = b.checked_as(Some(ask), what, Fix::Ask(item.id), false) else { continue };
            let mut lines = vec![Line {
                text: match answering.len() {
                    1 => "We are doing one thing about this.".to_string(),
                    n => format!("We are doing {} things about this.", number_word(n)),
                },
                picture: pictures::or_default("list-todo"),
            }];
            for action in answering {
                let Some(progress) = board::public_progress(file, &ids, Ask::Action(action.id)) else { continue };
                let what = format!("The update on the action \"{}\" in {}", action.title, progress.round.name);
                let fix = Fix::Update(progress.round.id, progress.update.id);
                let easy = progress.update.public.as_ref().and_then(|p| p.easy_words.as_deref());
                if let Some(done) = b.checked(easy, what, fix) {
                    lines.extend(done.into_iter().map(|l| Line {
                        picture: pictures::for_line(&l, pictures::or_default("hand-heart")),
                        text: l,
                    }));
                }
            }
            let text = format!("You said: {}", words.join(" "));
            b.sections.push(Section {
                level: 2,
                heading: Line { text, picture: pictures::or_default("megaphone") },
                lines,
            });
            any = true;
        }
    }
    if !any {
        b.sections.remove(said);
    }

    // Words to know: the jargon buster's terms the easy read uses.
    let used = b.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.lines)).map(|l| l.text.clone());
    let used: Vec<String> = used.collect();
    let mut known = Vec::new();
    for term in &file.glossary {
        if !used.iter().any(|l| l.split(|c: char| !c.is_alphanumeric() && c != '&').any(|w| w == term.term)) {
            continue;
        }
        let meaning = term.aliases.first().map(|a| format!("{} means {a}.", term.term));
        let meaning = meaning.unwrap_or_else(|| format!("{}: {}", term.term, term.definition));
        let what = format!("The meaning of \"{}\" in the jargon buster", term.term);
        if let Some(words) = b.checked(Some(&meaning), what, Fix::Glossary) {
            known.extend(words.into_iter().map(|text| Line { text, picture: pictures::or_default("book-a") }));
        }
    }
    if !known.is_empty() {
        let chapter = b.chapter("Words to know", "book-a");
        b.sections[chapter].lines = known;
    }

    // The whole is judged as one text, lines that pass alone can still add up to hard reading.
    let text: Vec<&str> =
        b.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.lines)).map(|l| l.text.as_str()).collect();
    if let Some(age) =
        readability(&text.join("\n")).map(|r| r.reading_age()).filter(|a| *a > cypp_domain::plain::EASY_READING_AGE)
    {
        b.missing.push(Missing {
            what: "The easy read as a whole".into(),
            why: Warning::HardToRead { reading_age: age }.message(),
            fix: Fix::Plan,
        });
    }

    let area = &file.partnership.area_name;
    EasyRead {
        title: format!("Our plan for children and young people in {area}"),
        round,
        sections: b.sections,
        missing: b.missing,
    }
}

impl EasyRead<'_> {
    /// The easy read as a document, for the PDF and the HTML download.
    pub fn edition(&self, file: &PlanFile, date: NaiveDate) -> Edition {
        let mut blocks = Vec::new();
        for section in &self.sections {
            if section.level == 1 && !blocks.is_empty() {
                blocks.push(Block::PageBreak);
            }
            blocks.push(Block::Pictured {
                picture: section.heading.picture,
                text: section.heading.text.clone(),
                heading: Some(section.level),
            });
            for line in &section.lines {
                blocks.push(Block::Pictured { picture: line.picture, text: line.text.clone(), heading: None });
            }
        }
        blocks.push(Block::Paragraph(vec![Span::plain(pictures::CREDIT)]));
        let status = match self.round {
            Some(round) => format!("Easy read, with how we are doing in {}", round.name),
            None => "Easy read".to_string(),
        };
        Edition {
            title: self.title.clone(),
            author: file.partnership.name.clone(),
            period: format!("{} to {}", month(file.plan.period.start), month(file.plan.period.end)),
            status,
            date: uk_date(date),
            running_header: format!("{} easy read", file.partnership.area_name),
            language: "en-GB",
            layout: Layout::EasyRead,
            blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cypp_domain::plain::EASY_READING_AGE;

    fn q1(file: &PlanFile) -> &Round {
        file.rounds.iter().find(|r| r.name == "Q1 2026-27").expect("the demo's Q1")
    }

    #[test]
    fn the_demos_easy_read_passes_the_checks_with_a_picture_on_every_line() {
        let file = cypp_demo::plan_file();
        let easy = easy_read(&file, Some(q1(&file)));
        assert_eq!(easy.missing, Vec::<Missing>::new(), "the demo has written every part");
        let checker = Checker::for_plan(&file);
        // Each line on its own (a reading age is judged on the whole, below: one line of a
        // young person's words is too short a text to judge).
        for line in easy.lines() {
            let warnings: Vec<Warning> = checker
                .check_easy(&line.text)
                .into_iter()
                .filter(|w| !matches!(w, Warning::HardToRead { .. }))
                .collect();
            assert!(warnings.is_empty(), "{:?}: {warnings:?}", line.text);
            assert!(line.picture.svg.contains("<svg"), "{}", line.text);
        }
        assert_eq!(checker.check_easy(&easy.text()), [], "and so does the whole");
        let age = cypp_domain::plain::readability(&easy.text()).expect("long enough to judge").reading_age();
        assert!(age <= EASY_READING_AGE, "reading age {age}");

        // The plan, each item in its own easy words, Q1's progress, the asks.
        let headings: Vec<&str> = easy.sections.iter().map(|s| s.heading.text.as_str()).collect();
        for heading in
            ["About this plan", "Being safe", "Help for families early", "How we are doing", "You said, we did"]
        {
            assert!(headings.contains(&heading), "{heading} in {headings:?}");
        }
        let text = easy.text();
        assert!(text.contains("The plan runs from April 2024 to March 2027."), "{text}");
        assert!(text.contains("This is how things were at the end of June 2026."), "{text}");
        assert!(text.contains("This is not going well yet."), "mental health is red in Q1");
        assert!(text.contains("All four family hubs are open."), "the update's easy words");
        assert!(text.contains("You said: Somewhere to go after school where there is an adult to talk to."), "{text}");
        // Never the officer's text in place of easy words.
        for (_, item) in file.items.iter().flat_map(|i| i.walk()) {
            for own in [&item.why_it_matters, &item.key_priority].into_iter().flatten() {
                assert!(!text.contains(own.as_str()), "{own}");
            }
        }
        // The officer's chosen picture, and pictures chosen from the words.
        let picture =
            |heading: &str| easy.sections.iter().find(|s| s.heading.text == heading).map(|s| s.heading.picture.name);
        assert_eq!(picture("Extra help with learning"), Some("accessibility"));
        assert_eq!(picture("Being safe"), Some("shield-check"));
        assert_eq!(picture("A good start for babies"), Some("baby"));
    }

    #[test]
    fn what_is_not_written_or_does_not_pass_is_left_out_and_told_to_the_officer() {
        let mut file = cypp_demo::plan_file();
        let long_words =
            "Being safe\nThe safeguarding partnership's multi-agency arrangements will be strengthened considerably.";
        file.items[0].easy_words = Some(long_words.into());
        let id = file.items[0].items[0].id;
        file.items[0].items[0].easy_words = None;
        let own = file.items[0].items[0].why_it_matters.clone().unwrap_or_default();
        let easy = easy_read(&file, Some(q1(&file)));
        let text = easy.text();
        assert!(!text.contains("Being safe") && !text.contains("safeguarding"), "{text}");
        assert!(!text.contains(&own), "the item's own text is not printed instead");
        let unwritten = easy.missing.iter().find(|m| m.fix == Fix::Item(id)).expect("the priority is missing");
        assert_eq!(unwritten.why, NOT_WRITTEN);
        let failing = easy.missing.iter().find(|m| m.fix == Fix::Item(file.items[0].id)).expect("the outcome fails");
        assert!(failing.why.contains("jargon"), "{}", failing.why);
        // Its Q1 update is then missing from the progress too, rather than printed under no heading.
        assert!(!text.contains("All four family hubs are open."));
    }

    #[test]
    fn it_renders_as_a_pdf_in_large_type_and_as_a_web_page_with_its_pictures() {
        let file = cypp_demo::plan_file();
        let easy = easy_read(&file, None);
        assert_eq!(easy.round.map(|r| r.name.as_str()), Some("Q1 2026-27"), "the newest round with public progress");
        let doc = easy.edition(&file, NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date"));
        let pdf = crate::render(&doc, crate::Format::Pdf).expect("a PDF");
        assert!(pdf.starts_with(b"%PDF"));
        let html = String::from_utf8(crate::render(&doc, crate::Format::Html).expect("a page")).expect("UTF-8");
        let lines = easy.lines().count();
        assert_eq!(html.matches("class=\"pictured").count(), lines, "a picture beside every line");
        assert!(html.contains("aria-hidden=\"true\""), "the pictures are decorative beside their words");
        assert!(html.contains(pictures::CREDIT));
        let (source, files) = super::super::pdf::source_for_tests(&doc);
        assert!(source.contains("#set text(size: 18pt)"), "large type");
        assert!(source.contains("set text(16pt, fill") && !source.contains("set text(8pt"), "even the running header");
        assert!(files.iter().any(|(name, _)| name == "picture-shield-check.svg"));
    }
}
