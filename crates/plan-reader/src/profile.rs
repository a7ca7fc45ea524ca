//! Heading profiles: how plan documents name their levels ("Outcome", "Priority", "Areas of
//! focus", "Action 1"), the fields of an item ("Why is this important?", "What are we planning
//! to do/ actions?"), the plan's own parts (vision, principles, jargon buster) and the page
//! furniture to leave out. A profile is data, a JSON file (`profiles/default.json` is built
//! in); a partnership extends it with its own file, whose entries are tried first.

use regex::Regex;
use serde::{Deserialize, Serialize};

/// The fields of an item that headings introduce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    WhyItMatters,
    KeyPriority,
    Asked,
    Actions,
    Success,
    Measures,
    Lead,
    LeadBoard,
    YoungPersonLead,
    WorkingWell,
    Concerned,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::WhyItMatters,
        Field::KeyPriority,
        Field::Asked,
        Field::Actions,
        Field::Success,
        Field::Measures,
        Field::Lead,
        Field::LeadBoard,
        Field::YoungPersonLead,
        Field::WorkingWell,
        Field::Concerned,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Field::WhyItMatters => "why_it_matters",
            Field::KeyPriority => "key_priority",
            Field::Asked => "asked",
            Field::Actions => "actions",
            Field::Success => "success",
            Field::Measures => "measures",
            Field::Lead => "lead",
            Field::LeadBoard => "lead_board",
            Field::YoungPersonLead => "young_person_lead",
            Field::WorkingWell => "working_well",
            Field::Concerned => "concerned",
        }
    }

    pub fn from_word(word: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.word() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::WhyItMatters => "Why it matters",
            Field::KeyPriority => "Key priority",
            Field::Asked => "What children and young people asked for",
            Field::Actions => "Actions",
            Field::Success => "How we will know",
            Field::Measures => "Measures and targets",
            Field::Lead => "Lead",
            Field::LeadBoard => "Lead partnership",
            Field::YoungPersonLead => "Young people's lead",
            Field::WorkingWell => "What's working well",
            Field::Concerned => "What we are concerned about",
        }
    }
}

/// The plan's own parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Foreword,
    Introduction,
    Vision,
    Purpose,
    Principles,
    Glossary,
    Partners,
    Progress,
    /// The plan on a page, or a summary of the plan.
    Summary,
    /// Cross-cutting themes.
    Themes,
    /// The plan's priorities introduced as a whole ("Key priorities"), each then given as a
    /// short numbered heading ("1. Narrowing the gap") over its explanation.
    Priorities,
}

impl Part {
    pub fn label(self) -> &'static str {
        match self {
            Part::Foreword => "Foreword",
            Part::Introduction => "Introduction",
            Part::Vision => "Vision",
            Part::Purpose => "Purpose",
            Part::Principles => "Principles and values",
            Part::Glossary => "Jargon buster",
            Part::Partners => "Partners",
            Part::Progress => "How progress is checked",
            Part::Summary => "Plan on a page",
            Part::Themes => "Cross-cutting themes",
            Part::Priorities => "Priorities",
        }
    }
}

/// What a column of a table holds, as an officer taught it ("its columns are name, baseline,
/// target, lead").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The entry itself: the action, the measure's name, the success statement.
    Name,
    Baseline,
    Target,
    Lead,
    /// When an action is due.
    Due,
    /// Kept with the entry's detail under its column's header.
    Other,
    /// Left out.
    Skip,
}

impl Column {
    pub const ALL: [Column; 7] =
        [Column::Name, Column::Baseline, Column::Target, Column::Lead, Column::Due, Column::Other, Column::Skip];

    /// The column a word names: its own word or one plans use for it ("indicator", "owner",
    /// "by when").
    pub fn from_word(word: &str) -> Option<Column> {
        let word = word.trim().to_lowercase();
        let is = |words: &[&str]| words.contains(&word.as_str());
        Some(if is(&["name", "title", "indicator", "measure", "action", "entry", "kpi", "statement"]) {
            Column::Name
        } else if is(&["baseline", "starting point", "current", "latest", "now"]) {
            Column::Baseline
        } else if is(&["target", "aim", "ambition"]) {
            Column::Target
        } else if is(&["lead", "owner", "who", "responsible"]) {
            Column::Lead
        } else if is(&["due", "by when", "when", "deadline", "date", "timescale"]) {
            Column::Due
        } else if is(&["other", "detail", "notes", "note", "keep"]) {
            Column::Other
        } else if is(&["skip", "none", "-", "ignore", "leave out"]) {
            Column::Skip
        } else {
            return None;
        })
    }

    pub fn word(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Baseline => "baseline",
            Column::Target => "target",
            Column::Lead => "lead",
            Column::Due => "due",
            Column::Other => "other",
            Column::Skip => "skip",
        }
    }

    /// The header a row's cell in this column is read under (see `plan::measure_with` and
    /// `plan::action_with`, which read cells by their headers' words): the role's own word
    /// before the table's header, which may give a year ("Target (2026/27)"); "Title" for the
    /// entries' own column. `None` for a column left out.
    pub fn header(self, original: &str) -> Option<String> {
        let word = match self {
            // The entry itself, whatever its column was called.
            Column::Name => return Some("Title".into()),
            Column::Baseline => "Baseline",
            Column::Target => "Target",
            Column::Lead => "Lead",
            Column::Due => "By when",
            Column::Other => return Some(original.to_string()),
            Column::Skip => return None,
        };
        Some(if original.is_empty() || original.eq_ignore_ascii_case(word) {
            word.to_string()
        } else {
            format!("{word} ({original})")
        })
    }
}

#[derive(Deserialize)]
struct LevelFile {
    name: String,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
struct FieldFile {
    field: Field,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
struct PartFile {
    part: Part,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
struct TableFile {
    header: String,
    field: Field,
    columns: Vec<Column>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    #[serde(default)]
    levels: Vec<LevelFile>,
    #[serde(default)]
    fields: Vec<FieldFile>,
    #[serde(default)]
    parts: Vec<PartFile>,
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    contact: Vec<String>,
    #[serde(default)]
    tables: Vec<TableFile>,
}

/// A profile of one's own as data, in the profile file's JSON: what an officer taught the
/// importer on the review page, kept as their partnership's profile for its next plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    pub name: String,
    pub patterns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRule {
    pub field: Field,
    pub patterns: Vec<String>,
}

/// Tables whose header row matches `header` hold entries of `field`, their columns in order
/// holding `columns` (a column past the last named is kept as other detail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRule {
    pub header: String,
    pub field: Field,
    pub columns: Vec<Column>,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty() && self.fields.is_empty() && self.furniture.is_empty() && self.tables.is_empty()
    }

    /// How many kinds of line the rules name.
    pub fn count(&self) -> usize {
        self.levels.iter().map(|l| l.patterns.len()).sum::<usize>()
            + self.fields.iter().map(|f| f.patterns.len()).sum::<usize>()
            + self.furniture.len()
            + self.tables.len()
    }

    /// The rules as a profile, to extend the built-in one with.
    pub fn profile(&self) -> Result<Profile, String> {
        let json = serde_json::to_string(self).map_err(|e| e.to_string())?;
        Profile::from_json(&json)
    }

    /// The built-in profile with these rules tried first.
    pub fn extending_built_in(&self) -> Result<Profile, String> {
        Ok(Profile::built_in().extended_by(self.profile()?))
    }

    /// Lines matching `pattern` head items of the level `name`.
    pub fn add_level(&mut self, name: &str, pattern: String) {
        match self.levels.iter_mut().find(|l| l.name == name) {
            Some(level) if level.patterns.contains(&pattern) => {}
            Some(level) => level.patterns.push(pattern),
            None => self.levels.push(LevelRule { name: name.to_string(), patterns: vec![pattern] }),
        }
    }

    /// Lines matching `pattern` head the field.
    pub fn add_field(&mut self, field: Field, pattern: String) {
        match self.fields.iter_mut().find(|f| f.field == field) {
            Some(rule) if rule.patterns.contains(&pattern) => {}
            Some(rule) => rule.patterns.push(pattern),
            None => self.fields.push(FieldRule { field, patterns: vec![pattern] }),
        }
    }

    /// Lines matching `pattern` are page furniture.
    pub fn add_furniture(&mut self, pattern: String) {
        if !self.furniture.contains(&pattern) {
            self.furniture.push(pattern);
        }
    }

    /// Tables headed like `header` hold `field`, their columns `columns`; taught again, the
    /// new columns replace the old.
    pub fn add_table(&mut self, header: String, field: Field, columns: Vec<Column>) {
        self.tables.retain(|t| t.header != header);
        self.tables.push(TableRule { header, field, columns });
    }
}

/// A level heading found in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelMatch {
    /// The level's place in the profile: lower is higher in the plan.
    pub index: usize,
    pub name: String,
    pub number: Option<String>,
    pub title: String,
}

/// A profile, its patterns compiled.
#[derive(Clone)]
pub struct Profile {
    levels: Vec<(String, Vec<Regex>)>,
    fields: Vec<(Field, Regex)>,
    parts: Vec<(Part, Regex)>,
    furniture: Vec<Regex>,
    /// Lines that start a contact block (phone, email, address lines follow).
    contact: Vec<Regex>,
    /// Tables by their header row (its cells joined by tabs): what their rows are, and what
    /// each column holds.
    tables: Vec<(Regex, Field, Vec<Column>)>,
}

/// A pattern matched against the whole line, ignoring case.
fn whole(pattern: &str) -> Result<Regex, String> {
    Regex::new(&format!("(?i)^(?:{pattern})$"))
        .map_err(|e| format!("the pattern \"{pattern}\" is not a regular expression: {e}"))
}

const DEFAULT: &str = include_str!("../profiles/default.json");

impl Profile {
    /// cypp's built-in profile, compiled once per process.
    pub fn built_in() -> Profile {
        static BUILT_IN: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
        BUILT_IN
            .get_or_init(|| match Profile::from_json(DEFAULT) {
                Ok(profile) => profile,
                // The built-in profile is checked by a test; this is unreachable in a released build.
                Err(e) => panic!("the built-in profile is broken: {e}"),
            })
            .clone()
    }

    /// A profile from its JSON text.
    pub fn from_json(text: &str) -> Result<Profile, String> {
        let file: ProfileFile = serde_json::from_str(text).map_err(|e| format!("the profile is not valid: {e}"))?;
        let mut levels = Vec::new();
        for level in file.levels {
            let patterns = level.patterns.iter().map(|p| whole(p)).collect::<Result<Vec<_>, _>>()?;
            levels.push((level.name, patterns));
        }
        let mut fields = Vec::new();
        for f in file.fields {
            for p in &f.patterns {
                fields.push((f.field, whole(p)?));
            }
        }
        let mut parts = Vec::new();
        for part in file.parts {
            for p in &part.patterns {
                parts.push((part.part, whole(p)?));
            }
        }
        let furniture = file.furniture.iter().map(|p| whole(p)).collect::<Result<Vec<_>, _>>()?;
        let contact = file.contact.iter().map(|p| whole(p)).collect::<Result<Vec<_>, _>>()?;
        let tables = file
            .tables
            .into_iter()
            .map(|t| Ok((whole(&t.header)?, t.field, t.columns)))
            .collect::<Result<_, String>>()?;
        Ok(Profile { levels, fields, parts, furniture, contact, tables })
    }

    /// `self` with another profile's entries tried first; a level of the same name gets the
    /// other's patterns first, and a new level goes where the other file puts it relative to
    /// the levels both know (or else last).
    pub fn extended_by(mut self, other: Profile) -> Profile {
        for (name, patterns) in other.levels.into_iter().rev() {
            match self.levels.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                Some((_, mine)) => {
                    let mut all = patterns;
                    all.append(mine);
                    *mine = all;
                }
                None => self.levels.push((name, patterns)),
            }
        }
        let mut fields = other.fields;
        fields.append(&mut self.fields);
        self.fields = fields;
        let mut parts = other.parts;
        parts.append(&mut self.parts);
        self.parts = parts;
        let mut furniture = other.furniture;
        furniture.append(&mut self.furniture);
        self.furniture = furniture;
        let mut contact = other.contact;
        contact.append(&mut self.contact);
        self.contact = contact;
        let mut tables = other.tables;
        tables.append(&mut self.tables);
        self.tables = tables;
        self
    }

    /// What a table with this header row (its cells joined by tabs) holds, if the profile
    /// was taught it: the field of its rows and what each column is.
    pub fn table(&self, header: &str) -> Option<(Field, &[Column])> {
        if self.tables.is_empty() {
            return None;
        }
        let header = crate::review::header_cells(header).join("\t");
        self.tables.iter().find(|(p, _, _)| p.is_match(&header)).map(|(_, f, c)| (*f, c.as_slice()))
    }

    /// A level's place in the profile, by its name, added (with no patterns of its own) if the
    /// profile does not have it: a level the document's structure shows.
    pub fn with_level(&mut self, name: &str) -> usize {
        self.level_index(name).unwrap_or_else(|| {
            self.levels.push((name.to_string(), Vec::new()));
            self.levels.len() - 1
        })
    }

    /// A level's place in the profile, by its name.
    pub fn level_index(&self, name: &str) -> Option<usize> {
        self.levels.iter().position(|(n, _)| n == name)
    }

    pub fn level_name(&self, index: usize) -> Option<String> {
        self.levels.get(index).map(|(n, _)| n.clone())
    }

    pub fn level(&self, text: &str) -> Option<LevelMatch> {
        for (index, (name, patterns)) in self.levels.iter().enumerate() {
            for pattern in patterns {
                if let Some(c) = pattern.captures(text) {
                    let title = c
                        .name("title")
                        .map(|m| m.as_str().trim().trim_end_matches(['.', ':']).to_string())
                        .unwrap_or_default();
                    return Some(LevelMatch {
                        index,
                        name: name.clone(),
                        number: c.name("number").map(|m| m.as_str().to_string()),
                        title,
                    });
                }
            }
        }
        None
    }

    pub fn field(&self, text: &str) -> Option<(Field, Option<String>)> {
        self.fields.iter().find_map(|(field, pattern)| {
            pattern
                .captures(text)
                .map(|c| (*field, c.name("rest").map(|m| m.as_str().trim().to_string()).filter(|r| !r.is_empty())))
        })
    }

    pub fn part(&self, text: &str) -> Option<(Part, Option<String>)> {
        self.parts.iter().find_map(|(part, pattern)| {
            pattern
                .captures(text)
                .map(|c| (*part, c.name("rest").map(|m| m.as_str().trim().to_string()).filter(|r| !r.is_empty())))
        })
    }

    pub fn is_furniture(&self, text: &str) -> bool {
        self.furniture.iter().any(|p| p.is_match(text))
    }

    /// Whether a line starts a contact block.
    pub fn is_contact(&self, text: &str) -> bool {
        self.contact.iter().any(|p| p.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profile_reads_and_knows_the_seeds_headings() -> Result<(), String> {
        let p = Profile::from_json(DEFAULT)?;
        let level = p.level("Priority 1 - Children and young people get the best start").ok_or("no level")?;
        assert_eq!(
            (level.name.as_str(), level.number.as_deref(), level.title.as_str()),
            ("Priority", Some("1"), "Children and young people get the best start")
        );
        assert_eq!(p.level("Areas of Focus: Early help").map(|l| l.title), Some("Early help".into()));
        assert_eq!(p.level("Outcome 1 - Continued").map(|l| l.title), Some("Continued".into()));
        assert_eq!(p.level("Action 3").map(|l| (l.number, l.title)), Some((Some("3".into()), String::new())));
        assert_eq!(p.field("Why is this important?"), Some((Field::WhyItMatters, None)));
        assert_eq!(
            p.field("Why this is a priority - Cared for children face challenges"),
            Some((Field::WhyItMatters, Some("Cared for children face challenges".into())))
        );
        assert_eq!(p.field("What are we planning to do/ actions?").map(|f| f.0), Some(Field::Actions));
        assert_eq!(p.field("What are the measureable outcomes and targets?").map(|f| f.0), Some(Field::Measures));
        assert_eq!(p.field("Our children and young people asked us to:").map(|f| f.0), Some(Field::Asked));
        assert_eq!(p.field("What's working well").map(|f| f.0), Some(Field::WorkingWell));
        assert_eq!(p.part("Jargon buster").map(|p| p.0), Some(Part::Glossary));
        assert!(p.is_furniture("rochdale.gov.uk/children") && p.is_furniture("3. Priorities page 4"));
        assert!(!p.is_furniture("Priority 1 - Safe"));
        Ok(())
    }

    #[test]
    fn a_profile_of_ones_own_is_tried_first_and_bad_patterns_are_named() -> Result<(), String> {
        let own = Profile::from_json(
            r#"{"levels": [{"name": "Ambition", "patterns": ["ambition\\s+(?P<number>\\d+):\\s*(?P<title>.+)"]}]}"#,
        )?;
        let p = Profile::built_in().extended_by(own);
        assert_eq!(p.level("Ambition 2: Safe at home").map(|l| l.name), Some("Ambition".into()));
        let bad = Profile::from_json(r#"{"fields": [{"field": "lead", "patterns": ["(unclosed"]}]}"#).err();
        assert!(bad.is_some_and(|e| e.contains("(unclosed")));
        assert!(Profile::from_json(r#"{"levles": []}"#).is_err(), "a misspelt key is refused");
        Ok(())
    }
}
