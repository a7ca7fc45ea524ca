//! Whole plans in and out: [`import`] writes a `cypp-plan` file in one transaction, [`export`]
//! reads one back. Export orders everything by its stored position, so the same plan always
//! gives the same file.

pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod rows;

pub use export::{export, export_by_id};

/// A partnership with its organisations, boards, comparators and jargon list.
pub async fn partnership(
    tx: &mut crate::Tx,
    id: cypp_domain::PartnershipId,
) -> Result<cypp_domain::Partnership, crate::StoreError> {
    export::read_partnership(tx, id).await
}
pub use import::{ImportSummary, create, import};

/// Whether the partnership `id` is stored.
pub async fn partnership_exists(tx: &mut crate::Tx, id: cypp_domain::PartnershipId) -> Result<bool, crate::StoreError> {
    let found: crate::db::Count =
        tx.fetch_one("SELECT COUNT(*) AS n FROM partnerships WHERE id = $1", crate::vals![id.0]).await?;
    Ok(found.n > 0)
}

/// Whether a plan with this id or this short name is stored.
pub async fn plan_exists(tx: &mut crate::Tx, id: cypp_domain::PlanId, slug: &str) -> Result<bool, crate::StoreError> {
    let found: crate::db::Count =
        tx.fetch_one("SELECT COUNT(*) AS n FROM plans WHERE id = $1 OR slug = $2", crate::vals![id.0, slug]).await?;
    Ok(found.n > 0)
}

use crate::Val;

/// Builds `INSERT INTO table (a, b) VALUES ($1, $2)`.
fn insert_sql(table: &str, columns: &[(&str, Val)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), marks.join(", "))
}

/// Builds an insert that updates the row when its id is already there.
fn upsert_sql(table: &str, columns: &[(&str, Val)]) -> String {
    let set: Vec<String> =
        columns.iter().map(|(n, _)| *n).filter(|n| *n != "id").map(|n| format!("{n} = excluded.{n}")).collect();
    format!(
        "{} ON CONFLICT (id) DO UPDATE SET {}, version = {table}.version + 1",
        insert_sql(table, columns),
        set.join(", ")
    )
}

pub(crate) async fn insert(
    tx: &mut crate::Tx,
    table: &str,
    columns: Vec<(&str, Val)>,
) -> Result<(), crate::StoreError> {
    let sql = insert_sql(table, &columns);
    tx.execute(&sql, columns.into_iter().map(|(_, v)| v).collect()).await.map(drop)
}

/// Rows written by one statement of [`Rows`]: 100 rows of a figure's 27 columns are 2,700
/// parameters, well under both engines' limits (SQLite's 32,766, PostgreSQL's 65,535).
const ROWS_PER_STATEMENT: usize = 100;

/// Rows of one table written many at a time (`INSERT … VALUES (…), (…), …`): a plan's tens of
/// thousands of figures in a few hundred statements rather than one each. Every row must have
/// the same columns; [`Rows::finish`] writes what is left.
pub(crate) struct Rows<'a> {
    table: &'a str,
    rows: Vec<Vec<(&'static str, Val)>>,
}

impl<'a> Rows<'a> {
    pub(crate) fn new(table: &'a str) -> Rows<'a> {
        Rows { table, rows: Vec::with_capacity(ROWS_PER_STATEMENT) }
    }

    pub(crate) async fn push(
        &mut self,
        tx: &mut crate::Tx,
        columns: Vec<(&'static str, Val)>,
    ) -> Result<(), crate::StoreError> {
        self.rows.push(columns);
        if self.rows.len() == ROWS_PER_STATEMENT { self.finish(tx).await } else { Ok(()) }
    }

    pub(crate) async fn finish(&mut self, tx: &mut crate::Tx) -> Result<(), crate::StoreError> {
        let rows = std::mem::take(&mut self.rows);
        let Some(first) = rows.first() else { return Ok(()) };
        let names: Vec<&str> = first.iter().map(|(n, _)| *n).collect();
        let width = names.len();
        let mut values = Vec::with_capacity(rows.len() * width);
        let mut marks = Vec::with_capacity(rows.len());
        for (r, row) in rows.into_iter().enumerate() {
            debug_assert!(row.iter().map(|(n, _)| *n).eq(names.iter().copied()), "every row has the same columns");
            let row_marks: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            marks.push(format!("({})", row_marks.join(", ")));
            values.extend(row.into_iter().map(|(_, v)| v));
        }
        let sql = format!("INSERT INTO {} ({}) VALUES {}", self.table, names.join(", "), marks.join(", "));
        tx.execute(&sql, values).await.map(drop)
    }
}

pub(crate) async fn upsert(
    tx: &mut crate::Tx,
    table: &str,
    columns: Vec<(&str, Val)>,
) -> Result<(), crate::StoreError> {
    let sql = upsert_sql(table, &columns);
    tx.execute(&sql, columns.into_iter().map(|(_, v)| v).collect()).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_and_upserts_are_built_from_column_lists() {
        let cols = vec![("id", Val::Int(Some(1))), ("name", Val::Text(None))];
        assert_eq!(insert_sql("boards", &cols), "INSERT INTO boards (id, name) VALUES ($1, $2)");
        assert_eq!(
            upsert_sql("boards", &cols),
            "INSERT INTO boards (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = boards.version + 1"
        );
    }
}
