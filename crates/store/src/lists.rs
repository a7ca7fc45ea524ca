//! The plan's short lists, edited one record at a time: the jargon buster, cross-cutting
//! themes, principles and values, sections of the plan, partner organisations and boards, and
//! each item's success statements and references. They are all records of a few text fields
//! under one parent, so one description per kind ([`KINDS`]) drives one set of queries, with
//! the same versions and audit events as every other edit.

use cypp_domain::{AuditAction, Problems};
use uuid::Uuid;

use crate::audit::{Change, record};
use crate::db::{Count, Tx};
use crate::{Actor, StoreError, Val, vals};

/// What a list hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parent {
    /// A revision of the plan: these are copied by the annual refresh.
    Revision,
    Partnership,
    Item,
}

/// One field of a list's records: a text column.
pub struct FieldSpec {
    pub column: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub required: bool,
    pub multiline: bool,
    /// For a column holding one of a few words: (word, label).
    pub choices: &'static [(&'static str, &'static str)],
}

const fn text(column: &'static str, label: &'static str, required: bool, multiline: bool) -> FieldSpec {
    FieldSpec { column, label, hint: None, required, multiline, choices: &[] }
}

const fn choice(
    column: &'static str,
    label: &'static str,
    choices: &'static [(&'static str, &'static str)],
) -> FieldSpec {
    FieldSpec { column, label, hint: None, required: true, multiline: false, choices }
}

/// A kind of list.
pub struct ListKind {
    /// As it appears in web addresses.
    pub key: &'static str,
    pub table: &'static str,
    pub parent: Parent,
    /// One record, as people call it.
    pub entity: &'static str,
    /// The list, as a page heading.
    pub title: &'static str,
    pub fields: &'static [FieldSpec],
    /// A column whose value must be unique in the list (ignoring case).
    pub unique: Option<&'static str>,
    /// Columns set on insert that the form does not edit.
    pub defaults: fn() -> Vec<(&'static str, Val)>,
}

impl ListKind {
    pub fn parent_column(&self) -> &'static str {
        match self.parent {
            Parent::Revision => "revision_id",
            Parent::Partnership => "partnership_id",
            Parent::Item => "item_id",
        }
    }
}

fn none() -> Vec<(&'static str, Val)> {
    Vec::new()
}

fn no_aliases() -> Vec<(&'static str, Val)> {
    vec![("aliases", Val::Json(serde_json::json!([])))]
}

pub const KINDS: &[ListKind] = &[
    ListKind {
        key: "glossary",
        table: "glossary_terms",
        parent: Parent::Revision,
        entity: "glossary term",
        title: "Jargon buster",
        fields: &[text("term", "Word or abbreviation", true, false), text("definition", "What it means", true, true)],
        unique: Some("term"),
        defaults: no_aliases,
    },
    ListKind {
        key: "themes",
        table: "themes",
        parent: Parent::Revision,
        entity: "cross-cutting theme",
        title: "Cross-cutting themes",
        fields: &[text("name", "Theme", true, false), text("description", "What it means for the plan", false, true)],
        unique: Some("name"),
        defaults: none,
    },
    ListKind {
        key: "principles",
        table: "principles",
        parent: Parent::Revision,
        entity: "principle",
        title: "Principles and values",
        fields: &[
            choice("kind", "Kind", &[("principle", "Principle"), ("value", "Value"), ("commitment", "Commitment")]),
            text("title", "Title", true, false),
            text("description", "Description", false, true),
        ],
        unique: None,
        defaults: none,
    },
    ListKind {
        key: "sections",
        table: "plan_sections",
        parent: Parent::Revision,
        entity: "section",
        title: "Sections of the plan",
        fields: &[
            choice(
                "kind",
                "Kind",
                &[
                    ("foreword", "Foreword"),
                    ("introduction", "Introduction"),
                    ("evidence", "Evidence base"),
                    ("ambitions", "What we want to see"),
                    ("linked_strategies", "Linked strategies"),
                    ("progress_checking", "How we check progress"),
                    ("other", "Other"),
                ],
            ),
            text("title", "Heading", true, false),
            text("body", "Text", true, true),
        ],
        unique: None,
        defaults: none,
    },
    ListKind {
        key: "organisations",
        table: "organisations",
        parent: Parent::Partnership,
        entity: "partner organisation",
        title: "Partner organisations",
        fields: &[
            text("name", "Name", true, false),
            choice(
                "kind",
                "Kind",
                &[
                    ("council", "Council"),
                    ("nhs", "NHS"),
                    ("police", "Police"),
                    ("school", "School or schools"),
                    ("college", "College"),
                    ("voluntary", "Voluntary sector"),
                    ("other", "Other"),
                ],
            ),
        ],
        unique: Some("name"),
        defaults: none,
    },
    ListKind {
        key: "jargon",
        table: "jargon_words",
        parent: Parent::Partnership,
        entity: "jargon word",
        title: "Jargon to avoid",
        fields: &[
            FieldSpec {
                column: "word",
                label: "Word or phrase to avoid",
                hint: Some("The plain-English check flags it wherever the plan uses it"),
                required: true,
                multiline: false,
                choices: &[],
            },
            text("instead", "What to say instead", true, false),
        ],
        unique: Some("word"),
        defaults: none,
    },
    ListKind {
        key: "boards",
        table: "boards",
        parent: Parent::Partnership,
        entity: "board",
        title: "Boards",
        fields: &[
            text("name", "Name", true, false),
            text("description", "What it does", false, true),
            FieldSpec {
                column: "officer_email",
                label: "Its officer's email address",
                hint: Some("The officer reviews the updates on what the board leads, as the plan's editors can"),
                required: false,
                multiline: false,
                choices: &[],
            },
        ],
        unique: Some("name"),
        defaults: none,
    },
    ListKind {
        key: "success-statements",
        table: "success_statements",
        parent: Parent::Item,
        entity: "success statement",
        title: "How will we know we have made a difference?",
        fields: &[text("text", "What will show the difference", true, true)],
        unique: None,
        defaults: none,
    },
    ListKind {
        key: "references",
        table: "item_references",
        parent: Parent::Item,
        entity: "reference",
        title: "References to other documents",
        fields: &[
            choice(
                "kind",
                "Kind",
                &[
                    ("inspection", "Inspection recommendation"),
                    ("strategy", "Strategy"),
                    ("policy", "Policy"),
                    ("report", "Report"),
                    ("other", "Other"),
                ],
            ),
            text("title", "Document", true, false),
            text("detail", "Detail", false, true),
            text("url", "Web address", false, false),
        ],
        unique: None,
        defaults: none,
    },
];

pub fn kind(key: &str) -> Option<&'static ListKind> {
    KINDS.iter().find(|k| k.key == key)
}

/// A record: its id, version, parent and field values in the order of `fields`.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: Uuid,
    pub version: i64,
    pub parent: Uuid,
    pub values: Vec<String>,
}

/// The most fields a kind has.
const MAX_FIELDS: usize = 4;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    version: i64,
    parent: Uuid,
    v0: String,
    v1: String,
    v2: String,
    v3: String,
}

fn select(kind: &ListKind) -> String {
    let mut columns: Vec<String> =
        kind.fields.iter().enumerate().map(|(i, f)| format!("COALESCE({}, '') AS v{i}", f.column)).collect();
    for i in kind.fields.len()..MAX_FIELDS {
        columns.push(format!("'' AS v{i}"));
    }
    format!("SELECT id, version, {} AS parent, {} FROM {}", kind.parent_column(), columns.join(", "), kind.table)
}

impl Row {
    fn into_record(self, kind: &ListKind) -> Record {
        let all = [self.v0, self.v1, self.v2, self.v3];
        Record {
            id: self.id,
            version: self.version,
            parent: self.parent,
            values: all.into_iter().take(kind.fields.len()).collect(),
        }
    }
}

/// The records under `parent`, in order.
pub async fn list(tx: &mut Tx, kind: &ListKind, parent: Uuid) -> Result<Vec<Record>, StoreError> {
    let rows: Vec<Row> = tx
        .fetch_all(&format!("{} WHERE {} = $1 ORDER BY position", select(kind), kind.parent_column()), vals![parent])
        .await?;
    Ok(rows.into_iter().map(|r| r.into_record(kind)).collect())
}

pub async fn get(tx: &mut Tx, kind: &ListKind, id: Uuid) -> Result<Record, StoreError> {
    let row: Option<Row> = tx.fetch_optional(&format!("{} WHERE id = $1", select(kind)), vals![id]).await?;
    Ok(row.ok_or_else(|| StoreError::not_found(kind.entity, id))?.into_record(kind))
}

fn as_json(kind: &ListKind, values: &[String]) -> serde_json::Value {
    serde_json::Value::Object(
        kind.fields.iter().zip(values).map(|(f, v)| (f.column.to_string(), v.clone().into())).collect(),
    )
}

/// Checks the values: required fields filled, choices valid, unique values unique.
async fn check(
    tx: &mut Tx,
    kind: &ListKind,
    parent: Uuid,
    id: Option<Uuid>,
    values: &[String],
) -> Result<Vec<Val>, StoreError> {
    let mut problems = Problems::default();
    if values.len() != kind.fields.len() {
        problems.push("", "The form does not match the list");
        return Err(StoreError::Invalid(problems));
    }
    let mut out = Vec::new();
    for (field, value) in kind.fields.iter().zip(values) {
        let value = value.trim();
        if field.required && value.is_empty() {
            problems.push(field.column, format!("Enter the {}", field.label.to_lowercase()));
        }
        if !field.choices.is_empty() && !field.choices.iter().any(|(w, _)| *w == value) {
            problems.push(field.column, format!("Choose the {}", field.label.to_lowercase()));
        }
        // An email address is checked, and kept as the accounts keep theirs (lower case).
        let email = match field.column.ends_with("_email") && !value.is_empty() {
            true => match cypp_domain::Email::parse(value) {
                Ok(email) => Some(email.as_str().to_string()),
                Err(_) => {
                    problems.push(field.column, "Enter an email address in the right form, like name@example.org");
                    None
                }
            },
            false => None,
        };
        out.push(match email {
            Some(email) => Val::from(email.as_str()),
            None if value.is_empty() && !field.required => Val::Text(None),
            None => Val::from(value),
        });
        if kind.unique == Some(field.column) && !value.is_empty() {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM {} WHERE {} = $1 AND LOWER({}) = LOWER($2) AND id <> $3",
                kind.table,
                kind.parent_column(),
                field.column
            );
            let clash: Count = tx.fetch_one(&sql, vals![parent, value, id.unwrap_or(Uuid::nil())]).await?;
            if clash.n > 0 {
                problems.push(field.column, format!("\"{value}\" is already in the list"));
            }
        }
    }
    problems.into_result().map_err(StoreError::Invalid)?;
    Ok(out)
}

/// The error for a change based on a version someone else has since replaced.
fn conflict(kind: &ListKind, current: &Record, expected: i64) -> StoreError {
    StoreError::Conflict {
        entity: kind.entity,
        label: current.values.first().cloned().unwrap_or_default(),
        expected,
        actual: current.version,
    }
}

/// Adds a record at the end of the list.
pub async fn add(
    tx: &mut Tx,
    actor: &Actor,
    kind: &ListKind,
    parent: Uuid,
    values: &[String],
) -> Result<Uuid, StoreError> {
    let checked = check(tx, kind, parent, None, values).await?;
    #[derive(sqlx::FromRow)]
    struct Next {
        n: Option<i64>,
    }
    let next: Next = tx
        .fetch_one(
            &format!("SELECT MAX(position) + 1 AS n FROM {} WHERE {} = $1", kind.table, kind.parent_column()),
            vals![parent],
        )
        .await?;
    let id = Uuid::new_v4();
    let mut columns: Vec<(&str, Val)> =
        vec![("id", id.into()), (kind.parent_column(), parent.into()), ("position", next.n.unwrap_or(0).into())];
    columns.extend(kind.fields.iter().map(|f| f.column).zip(checked));
    columns.extend((kind.defaults)());
    crate::plan_file::insert(tx, kind.table, columns).await?;
    record(
        tx,
        Change {
            action: AuditAction::Create,
            entity: kind.entity,
            entity_id: Some(id),
            summary: format!("Added a {}", kind.entity),
            before: None,
            after: Some(as_json(kind, values)),
            actor,
        },
    )
    .await?;
    Ok(id)
}

/// Saves a record if it is still at the version the person saw.
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    kind: &ListKind,
    id: Uuid,
    expected: i64,
    values: &[String],
) -> Result<i64, StoreError> {
    let before = get(tx, kind, id).await?;
    let checked = check(tx, kind, before.parent, Some(id), values).await?;
    let n = kind.fields.len();
    let set: Vec<String> = kind.fields.iter().enumerate().map(|(i, f)| format!("{} = ${}", f.column, i + 1)).collect();
    let sql = format!(
        "UPDATE {} SET {}, version = version + 1 WHERE id = ${} AND version = ${}",
        kind.table,
        set.join(", "),
        n + 1,
        n + 2
    );
    let mut args = checked;
    args.push(id.into());
    args.push(expected.into());
    if tx.execute(&sql, args).await? == 0 {
        return Err(conflict(kind, &before, expected));
    }
    record(
        tx,
        Change {
            action: AuditAction::Update,
            entity: kind.entity,
            entity_id: Some(id),
            summary: format!("Changed a {}", kind.entity),
            before: Some(as_json(kind, &before.values)),
            after: Some(as_json(kind, values)),
            actor,
        },
    )
    .await?;
    Ok(expected + 1)
}

/// Deletes a record if it is still at the version the person saw.
pub async fn delete(tx: &mut Tx, actor: &Actor, kind: &ListKind, id: Uuid, expected: i64) -> Result<(), StoreError> {
    let before = get(tx, kind, id).await?;
    if tx.execute(&format!("DELETE FROM {} WHERE id = $1 AND version = $2", kind.table), vals![id, expected]).await?
        == 0
    {
        return Err(conflict(kind, &before, expected));
    }
    record(
        tx,
        Change {
            action: AuditAction::Delete,
            entity: kind.entity,
            entity_id: Some(id),
            summary: format!("Deleted a {}", kind.entity),
            before: Some(as_json(kind, &before.values)),
            after: None,
            actor,
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_fits_the_row_and_names_real_columns() {
        for kind in KINDS {
            assert!(kind.fields.len() <= MAX_FIELDS, "{}", kind.key);
            assert!(kind.unique.is_none_or(|u| kind.fields.iter().any(|f| f.column == u)), "{}", kind.key);
        }
        assert!(select(&KINDS[0]).starts_with("SELECT id, version, revision_id AS parent, COALESCE(term, '') AS v0"));
    }
}
