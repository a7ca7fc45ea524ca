//! The `cypp-plan` JSON file: one file holding a whole plan with its partnership, every
//! revision, the measures and their data, and the reporting rounds. It is the lossless
//! export format, the import format, and what other systems write to feed cypp.
//!
//! The schema is `docs/cypp-plan.schema.json`; `docs/PLAN-FILE.md` explains it.

use std::collections::HashSet;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{ActionId, BoardId, ComparatorId, ItemId, MeasureId, OrganisationId, ThemeId};
use crate::item::PlanItem;
use crate::measure::{Measure, TargetKind};
use crate::partnership::Partnership;
use crate::plan::{GlossaryTerm, Plan, Principle, Section, Theme};
use crate::round::Round;
use crate::validate::{self, Problems};

pub const FORMAT: &str = "cypp-plan";
pub const VERSION: u32 = 1;

/// A whole plan. The top level holds the current revision; `earlier_revisions` holds the
/// ones it replaced, oldest first, each in the same shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub format: String,
    pub version: u32,
    pub partnership: Partnership,
    pub plan: Plan,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub principles: Vec<Principle>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub glossary: Vec<GlossaryTerm>,
    #[serde(default)]
    pub items: Vec<PlanItem>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_revisions: Vec<RevisionContent>,
}

/// The content of one revision of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionContent {
    pub plan: Plan,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub principles: Vec<Principle>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub glossary: Vec<GlossaryTerm>,
    #[serde(default)]
    pub items: Vec<PlanItem>,
}

/// Why a plan file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PlanFileError {
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("{path}: {message}")]
    Shape { path: String, message: String },
    #[error("this is not a cypp plan file: {0}")]
    NotAPlanFile(String),
    #[error("{0}")]
    Invalid(Problems),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published schema is generated from these types; regenerate it with
    /// `UPDATE_SCHEMA=1 cargo test -p cypp-domain published_schema`.
    #[test]
    fn the_published_schema_matches_the_types() -> Result<(), Box<dyn std::error::Error>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/cypp-plan.schema.json");
        let mut generated = serde_json::to_string_pretty(&json_schema())?;
        generated.push('\n');
        if std::env::var("UPDATE_SCHEMA").is_ok() {
            std::fs::write(&path, &generated)?;
        }
        let published = std::fs::read_to_string(&path)?;
        assert!(
            published == generated,
            "docs/cypp-plan.schema.json is out of date; regenerate it with UPDATE_SCHEMA=1 cargo test -p cypp-domain published_schema"
        );
        Ok(())
    }

    #[test]
    fn a_file_that_is_not_a_plan_file_says_so() {
        for (text, expected) in [
            (r#"{"format": "something-else", "version": 1}"#, "\"format\" is \"something-else\""),
            (r#"{"version": 1}"#, "no \"format\""),
            (r#"{"format": "cypp-plan", "version": 99}"#, "this cypp reads version 1"),
            ("[1, 2", "line 1, column 5"),
        ] {
            let message = PlanFile::from_json(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }

    #[test]
    fn unknown_fields_are_refused_with_their_path() {
        let text = r#"{"format": "cypp-plan", "version": 1, "partnershp": {}}"#;
        let message = PlanFile::from_json(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("unknown field `partnershp`"), "{message}");
    }
}

impl PlanFile {
    /// The same plan as a new one of the same partnership, at `slug`: every record the plan
    /// owns (the plan, its revisions and everything in them, its measures, targets, rounds and
    /// updates) under a new id, each reference to it changed to match, and the partnership's
    /// own records (its organisations, boards, comparator groups, jargon) kept as they are.
    /// How a downloaded plan file is brought back in beside the plan it came from.
    pub fn renewed(&self, slug: &str) -> Result<PlanFile, PlanFileError> {
        fn strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match value {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
                serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        fn replace(value: &mut serde_json::Value, map: &std::collections::HashMap<String, String>) {
            match value {
                serde_json::Value::String(s) => {
                    if let Some(new) = map.get(s.as_str()) {
                        *s = new.clone();
                    }
                }
                serde_json::Value::Array(list) => list.iter_mut().for_each(|v| replace(v, map)),
                serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| replace(v, map)),
                _ => {}
            }
        }
        let shape = |e: serde_json::Error| PlanFileError::Shape { path: String::new(), message: e.to_string() };
        let mut value = serde_json::to_value(self).map_err(shape)?;
        let mut kept = Vec::new();
        strings(&value["partnership"], &mut kept);
        let kept: HashSet<&str> = kept.into_iter().filter(|s| Uuid::parse_str(s).is_ok()).collect();
        let mut all = Vec::new();
        if let serde_json::Value::Object(fields) = &value {
            fields.iter().filter(|(k, _)| k.as_str() != "partnership").for_each(|(_, v)| strings(v, &mut all));
        }
        let map: std::collections::HashMap<String, String> = all
            .into_iter()
            .filter(|s| !kept.contains(s) && Uuid::parse_str(s).is_ok())
            .map(|s| (s.to_string(), Uuid::new_v4().to_string()))
            .collect();
        if let serde_json::Value::Object(fields) = &mut value {
            fields.iter_mut().filter(|(k, _)| k.as_str() != "partnership").for_each(|(_, v)| replace(v, &map));
        }
        let mut renewed: PlanFile = serde_json::from_value(value).map_err(shape)?;
        renewed.set_slug(slug);
        Ok(renewed)
    }

    /// Gives the plan, in every revision, the short name `slug`.
    pub fn set_slug(&mut self, slug: &str) {
        self.plan.slug = slug.to_string();
        for revision in &mut self.earlier_revisions {
            revision.plan.slug = slug.to_string();
        }
    }

    /// Assembles a file from the current revision, the earlier ones and the plan-wide parts.
    pub fn new(
        partnership: Partnership,
        current: RevisionContent,
        earlier_revisions: Vec<RevisionContent>,
        measures: Vec<Measure>,
        rounds: Vec<Round>,
    ) -> PlanFile {
        PlanFile {
            format: FORMAT.to_string(),
            version: VERSION,
            partnership,
            plan: current.plan,
            sections: current.sections,
            principles: current.principles,
            themes: current.themes,
            glossary: current.glossary,
            items: current.items,
            measures,
            rounds,
            earlier_revisions,
        }
    }

    /// The current revision's content.
    pub fn current(&self) -> RevisionContent {
        RevisionContent {
            plan: self.plan.clone(),
            sections: self.sections.clone(),
            principles: self.principles.clone(),
            themes: self.themes.clone(),
            glossary: self.glossary.clone(),
            items: self.items.clone(),
        }
    }

    /// The newest revision that is published: what the public may read. A plan being
    /// refreshed keeps showing its published revision until the refresh is published.
    pub fn latest_published(&self) -> Option<RevisionContent> {
        if self.plan.status == crate::plan::PlanStatus::Published {
            return Some(self.current());
        }
        self.earlier_revisions.iter().rev().find(|r| r.plan.status == crate::plan::PlanStatus::Published).cloned()
    }

    /// What the public may see of the plan: its newest published revision as the current one
    /// (with the revisions before it), the measures that revision has (not those added to a
    /// refresh still in draft), every figure as [`Measure::public_view`] shows it, and of the
    /// reporting rounds only the updates an admin has put on the public site, each its rating
    /// and public summary ([`Round::public_view`]): the rest of the progress updates is the
    /// partnership's own. None when nothing is
    /// published. Everything shown to anyone outside the partnership is drawn from this, so a
    /// hidden figure is never in what a page, chart or download is made from.
    pub fn public_edition(&self) -> Option<PlanFile> {
        let published = self.latest_published()?;
        let number = published.plan.revision;
        let earlier = self.earlier_revisions.iter().filter(|r| r.plan.revision < number).cloned().collect();
        let measures = self
            .measures
            .iter()
            .filter(|m| m.since_revision.is_none_or(|since| since <= number))
            .map(Measure::public_view)
            .collect();
        // Of the rounds, only what an admin has put on the public site.
        let rounds = self.rounds.iter().map(Round::public_view).filter(|r| !r.updates.is_empty()).collect();
        Some(PlanFile::new(self.partnership.clone(), published, earlier, measures, rounds))
    }

    /// Every revision, oldest first, the current one last.
    pub fn revisions(&self) -> Vec<RevisionRef<'_>> {
        let mut out: Vec<RevisionRef<'_>> = self.earlier_revisions.iter().map(RevisionRef::from).collect();
        out.push(RevisionRef {
            plan: &self.plan,
            sections: &self.sections,
            principles: &self.principles,
            themes: &self.themes,
            glossary: &self.glossary,
            items: &self.items,
        });
        out
    }

    /// Reads and checks a plan file. Syntax errors give the line and column; errors of shape
    /// and validation give the JSON path of the fault.
    pub fn from_json(text: &str) -> Result<PlanFile, PlanFileError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PlanFileError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(PlanFileError::NotAPlanFile(format!("\"format\" is \"{other}\", expected \"{FORMAT}\"")));
            }
            None => return Err(PlanFileError::NotAPlanFile(format!("the top level has no \"format\": \"{FORMAT}\""))),
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(PlanFileError::NotAPlanFile(format!(
                    "\"version\" is {v}; this cypp reads version {VERSION}"
                )));
            }
            None => return Err(PlanFileError::NotAPlanFile("the top level has no \"version\" number".into())),
        }
        let file: PlanFile = serde_path_to_error::deserialize(value)
            .map_err(|e| PlanFileError::Shape { path: e.path().to_string(), message: e.inner().to_string() })?;
        file.validate().into_result().map_err(PlanFileError::Invalid)?;
        Ok(file)
    }

    /// The file as pretty-printed JSON with a final newline. The output depends only on the
    /// plan, so the same plan always gives the same bytes.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Checks every rule: each record's own rules and the references between records.
    pub fn validate(&self) -> Problems {
        let mut problems = Problems::default();
        validate::check_partnership(&self.partnership, "partnership", &mut problems);

        let organisations: HashSet<OrganisationId> = self.partnership.organisations.iter().map(|o| o.id).collect();
        let boards: HashSet<BoardId> = self.partnership.boards.iter().map(|b| b.id).collect();
        let comparators: HashSet<ComparatorId> = self.partnership.comparator_groups.iter().map(|c| c.id).collect();
        let measures: HashSet<MeasureId> = self.measures.iter().map(|m| m.id).collect();
        let mut ids = IdSet::default();
        for o in &self.partnership.organisations {
            ids.add(o.id.0, "partnership.organisations", &mut problems);
        }
        for b in &self.partnership.boards {
            ids.add(b.id.0, "partnership.boards", &mut problems);
        }
        for c in &self.partnership.comparator_groups {
            ids.add(c.id.0, "partnership.comparator_groups", &mut problems);
        }
        for j in &self.partnership.jargon {
            ids.add(j.id.0, "partnership.jargon", &mut problems);
        }

        let revisions = self.revisions();
        let current = revisions.len() - 1;
        let mut numbers = HashSet::new();
        let mut current_items = HashSet::new();
        let mut current_actions = HashSet::new();
        let mut all_revision_ids = HashSet::new();
        for (r, revision) in revisions.iter().enumerate() {
            let base = if r == current { String::new() } else { format!("earlier_revisions[{r}].") };
            let plan_path = format!("{base}plan");
            validate::check_plan(revision.plan, &plan_path, &mut problems);
            all_revision_ids.insert(revision.plan.revision_id);
            ids.add(revision.plan.revision_id.0, &format!("{plan_path}.revision_id"), &mut problems);
            if revision.plan.id != self.plan.id || revision.plan.slug != self.plan.slug {
                problems
                    .push(plan_path.clone(), "Every revision must carry the same plan id and slug as the current one");
            }
            if !numbers.insert(revision.plan.revision) {
                problems.push(
                    format!("{plan_path}.revision"),
                    format!("Revision {} appears twice", revision.plan.revision),
                );
            }
            if r != current && revision.plan.revision >= self.plan.revision {
                problems.push(
                    format!("{plan_path}.revision"),
                    "Earlier revisions must have lower numbers than the current one",
                );
            }
            if let Some(board) = revision.plan.signoff_board
                && !boards.contains(&board)
            {
                problems.push(
                    format!("{plan_path}.signoff_board"),
                    format!("There is no board with id {board} in the partnership"),
                );
            }
            let themes: HashSet<ThemeId> = revision.themes.iter().map(|t| t.id).collect();
            for (kind, list) in [
                ("sections", revision.sections.iter().map(|s| s.id.0).collect::<Vec<_>>()),
                ("principles", revision.principles.iter().map(|p| p.id.0).collect()),
                ("themes", revision.themes.iter().map(|t| t.id.0).collect()),
                ("glossary", revision.glossary.iter().map(|g| g.id.0).collect()),
            ] {
                for id in list {
                    ids.add(id, &format!("{base}{kind}"), &mut problems);
                }
            }
            let mut terms = HashSet::new();
            for (i, term) in revision.glossary.iter().enumerate() {
                if term.term.trim().is_empty() || term.definition.trim().is_empty() {
                    problems.push(format!("{base}glossary[{i}]"), "A glossary entry needs a term and what it means");
                }
                if !terms.insert(term.term.to_lowercase()) {
                    problems.push(
                        format!("{base}glossary[{i}].term"),
                        format!("\"{}\" is in the glossary twice", term.term),
                    );
                }
            }
            let refs = Refs { organisations: &organisations, boards: &boards, measures: &measures, themes: &themes };
            for (i, item) in revision.items.iter().enumerate() {
                let path = format!("{base}items[{i}]");
                validate::check_item(item, &revision.plan.period, &path, &mut problems);
                validate::check_answers(item, &[], &path, &mut problems);
                for (depth, node) in item.walk() {
                    let _ = depth;
                    ids.add(node.id.0, &path, &mut problems);
                    if r == current {
                        current_items.insert(node.id);
                    }
                    for action in &node.actions {
                        ids.add(action.id.0, &path, &mut problems);
                        for m in &action.milestones {
                            ids.add(m.id.0, &path, &mut problems);
                        }
                        if r == current {
                            current_actions.insert(action.id);
                        }
                    }
                    for s in &node.success_statements {
                        ids.add(s.id.0, &path, &mut problems);
                    }
                    for x in node
                        .references
                        .iter()
                        .map(|x| x.id.0)
                        .chain(node.risks.iter().map(|x| x.id.0))
                        .chain(node.finance.iter().map(|x| x.id.0))
                    {
                        ids.add(x, &path, &mut problems);
                    }
                }
                refs.check_item(item, &path, &mut problems);
            }
        }

        let mut slugs = HashSet::new();
        for (i, measure) in self.measures.iter().enumerate() {
            let path = format!("measures[{i}]");
            ids.add(measure.id.0, &path, &mut problems);
            validate::check_measure(measure, &self.plan.period, &path, &mut problems);
            if let Some(since) = measure.since_revision
                && !(1..=self.plan.revision).contains(&since)
            {
                problems.push(
                    format!("{path}.since_revision"),
                    format!("The plan has no revision {since}: its revisions are 1 to {}", self.plan.revision),
                );
            }
            if !slugs.insert(measure.slug.as_str()) {
                problems.push(
                    format!("{path}.slug"),
                    format!("Another measure already uses the slug \"{}\"", measure.slug),
                );
            }
            for (t, target) in measure.targets.iter().enumerate() {
                ids.add(target.id.0, &path, &mut problems);
                if let TargetKind::CloseGap { comparator, .. } = target.kind
                    && !comparators.contains(&comparator)
                {
                    problems.push(
                        format!("{path}.targets[{t}].comparator"),
                        format!("There is no comparator with id {comparator} in the partnership"),
                    );
                }
            }
            let mut series = HashSet::new();
            for (c, s) in measure.comparators.iter().enumerate() {
                if !comparators.contains(&s.comparator) {
                    problems.push(
                        format!("{path}.comparators[{c}].comparator"),
                        format!("There is no comparator with id {} in the partnership", s.comparator),
                    );
                }
                if !series.insert(s.comparator) {
                    problems.push(
                        format!("{path}.comparators[{c}].comparator"),
                        "This comparator's figures are given twice",
                    );
                }
            }
        }

        let mut round_names = HashSet::new();
        for (i, round) in self.rounds.iter().enumerate() {
            let path = format!("rounds[{i}]");
            ids.add(round.id.0, &path, &mut problems);
            validate::check_round(round, &path, &mut problems);
            if !round_names.insert(round.name.as_str()) {
                problems.push(format!("{path}.name"), format!("Another round is already called \"{}\"", round.name));
            }
            if !all_revision_ids.contains(&round.revision_id) {
                problems.push(
                    format!("{path}.revision_id"),
                    format!("There is no revision with id {} in this plan", round.revision_id),
                );
            }
            for (a, ask) in round.asked.iter().enumerate() {
                let apath = format!("{path}.asked[{a}]");
                match *ask {
                    crate::round::Ask::Item(item)
                        if !current_items.contains(&item) && !revision_has_item(&revisions, item) =>
                    {
                        problems.push(apath, format!("There is no item with id {item} in the plan"));
                    }
                    crate::round::Ask::Action(action)
                        if !current_actions.contains(&action) && !revision_has_action(&revisions, action) =>
                    {
                        problems.push(apath, format!("There is no action with id {action} in the plan"));
                    }
                    _ => {}
                }
            }
            for (u, update) in round.updates.iter().enumerate() {
                let upath = format!("{path}.updates[{u}]");
                ids.add(update.id.0, &upath, &mut problems);
                if let Some(item) = update.item
                    && !current_items.contains(&item)
                    && !revision_has_item(&revisions, item)
                {
                    problems.push(format!("{upath}.item"), format!("There is no item with id {item} in the plan"));
                }
                if let Some(action) = update.action
                    && !current_actions.contains(&action)
                    && !revision_has_action(&revisions, action)
                {
                    problems
                        .push(format!("{upath}.action"), format!("There is no action with id {action} in the plan"));
                }
            }
        }
        problems
    }
}

fn revision_has_item(revisions: &[RevisionRef<'_>], id: ItemId) -> bool {
    revisions.iter().any(|r| r.items.iter().any(|i| i.walk().iter().any(|(_, n)| n.id == id)))
}

fn revision_has_action(revisions: &[RevisionRef<'_>], id: ActionId) -> bool {
    revisions.iter().any(|r| r.items.iter().any(|i| i.walk().iter().any(|(_, n)| n.actions.iter().any(|a| a.id == id))))
}

/// The JSON Schema of the plan file (2020-12), as published in `docs/cypp-plan.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(PlanFile);
    let mut value = serde_json::to_value(&schema).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".into(), "https://cypp.example/schema/cypp-plan-1.schema.json".into());
        object.insert("title".into(), "cypp plan file, version 1".into());
        object.insert(
            "description".into(),
            "One file holding a whole Children and Young People's Plan: its partnership, every revision, the measures and their data, and the reporting rounds. See docs/PLAN-FILE.md.".into(),
        );
    }
    value["properties"]["format"]["const"] = FORMAT.into();
    value["properties"]["version"]["const"] = VERSION.into();
    value
}

/// A borrowed view of one revision, whichever part of the file it sits in.
#[derive(Clone, Copy)]
pub struct RevisionRef<'a> {
    pub plan: &'a Plan,
    pub sections: &'a [Section],
    pub principles: &'a [Principle],
    pub themes: &'a [Theme],
    pub glossary: &'a [GlossaryTerm],
    pub items: &'a [PlanItem],
}

impl<'a> From<&'a RevisionContent> for RevisionRef<'a> {
    fn from(r: &'a RevisionContent) -> Self {
        RevisionRef {
            plan: &r.plan,
            sections: &r.sections,
            principles: &r.principles,
            themes: &r.themes,
            glossary: &r.glossary,
            items: &r.items,
        }
    }
}

/// Ids must be unique across the whole file, so that a record keeps its identity through
/// export and import.
#[derive(Default)]
struct IdSet(HashSet<Uuid>);

impl IdSet {
    fn add(&mut self, id: Uuid, path: &str, problems: &mut Problems) {
        if !self.0.insert(id) {
            problems.push(path, format!("The id {id} is used twice in this file"));
        }
    }
}

struct Refs<'a> {
    organisations: &'a HashSet<OrganisationId>,
    boards: &'a HashSet<BoardId>,
    measures: &'a HashSet<MeasureId>,
    themes: &'a HashSet<ThemeId>,
}

impl Refs<'_> {
    fn check_item(&self, item: &PlanItem, path: &str, problems: &mut Problems) {
        if let Some(board) = item.lead_board
            && !self.boards.contains(&board)
        {
            problems
                .push(format!("{path}.lead_board"), format!("There is no board with id {board} in the partnership"));
        }
        if let Some(org) = item.officer_lead.as_ref().and_then(|l| l.organisation)
            && !self.organisations.contains(&org)
        {
            problems.push(
                format!("{path}.officer_lead.organisation"),
                format!("There is no organisation with id {org} in the partnership"),
            );
        }
        for (i, theme) in item.themes.iter().enumerate() {
            if !self.themes.contains(theme) {
                problems.push(
                    format!("{path}.themes[{i}]"),
                    format!("There is no cross-cutting theme with id {theme} in this revision"),
                );
            }
        }
        for (i, m) in item.measures.iter().enumerate() {
            if !self.measures.contains(m) {
                problems.push(format!("{path}.measures[{i}]"), format!("There is no measure with id {m} in the plan"));
            }
        }
        for (s, statement) in item.success_statements.iter().enumerate() {
            for (i, m) in statement.measures.iter().enumerate() {
                if !self.measures.contains(m) {
                    problems.push(
                        format!("{path}.success_statements[{s}].measures[{i}]"),
                        format!("There is no measure with id {m} in the plan"),
                    );
                }
            }
        }
        for (a, action) in item.actions.iter().enumerate() {
            let orgs =
                action.lead.as_ref().and_then(|l| l.organisation).into_iter().chain(action.partners.iter().copied());
            for org in orgs {
                if !self.organisations.contains(&org) {
                    problems.push(
                        format!("{path}.actions[{a}]"),
                        format!("There is no organisation with id {org} in the partnership"),
                    );
                }
            }
        }
        for (i, child) in item.items.iter().enumerate() {
            self.check_item(child, &format!("{path}.items[{i}]"), problems);
        }
    }
}

/// serde_json appends " at line L column C" to messages; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl fmt::Display for RevisionContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (revision {})", self.plan.title, self.plan.revision)
    }
}
