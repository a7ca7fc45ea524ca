//! Embedded migrations, applied in order, each in its own transaction and recorded in
//! `schema_migrations`, with a checksum of the SQL that ran in `schema_checksums`. A migration
//! changed after it was applied stops the start with an error naming it, as sqlx's migrator
//! does; unlike it, one version is one change on both engines (a file in each folder), so the
//! two schemas cannot drift apart by version. The rules are in `migrations/README.md`.

use chrono::Utc;

use crate::db::{Db, Engine};
use crate::{StoreError, vals};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "model",
        sqlite: include_str!("../migrations/sqlite/0001_model.sql"),
        postgres: include_str!("../migrations/postgres/0001_model.sql"),
    },
    Migration {
        version: 2,
        name: "origins",
        sqlite: include_str!("../migrations/sqlite/0002_origins.sql"),
        postgres: include_str!("../migrations/postgres/0002_origins.sql"),
    },
    Migration {
        version: 3,
        name: "jargon",
        sqlite: include_str!("../migrations/sqlite/0003_jargon.sql"),
        postgres: include_str!("../migrations/postgres/0003_jargon.sql"),
    },
    Migration {
        version: 4,
        name: "spc_wide_ci_pending",
        sqlite: include_str!("../migrations/sqlite/0004_spc_wide_ci_pending.sql"),
        postgres: include_str!("../migrations/postgres/0004_spc_wide_ci_pending.sql"),
    },
    Migration {
        version: 5,
        name: "pending_plans",
        sqlite: include_str!("../migrations/sqlite/0005_pending_plans.sql"),
        postgres: include_str!("../migrations/postgres/0005_pending_plans.sql"),
    },
    Migration {
        version: 6,
        name: "hardening",
        sqlite: include_str!("../migrations/sqlite/0006_hardening.sql"),
        postgres: include_str!("../migrations/postgres/0006_hardening.sql"),
    },
    Migration {
        version: 7,
        name: "reporting",
        sqlite: include_str!("../migrations/sqlite/0007_reporting.sql"),
        postgres: include_str!("../migrations/postgres/0007_reporting.sql"),
    },
    Migration {
        version: 8,
        name: "board officers",
        sqlite: include_str!("../migrations/sqlite/0008_board_officers.sql"),
        postgres: include_str!("../migrations/postgres/0008_board_officers.sql"),
    },
    Migration {
        version: 9,
        name: "committee reports",
        sqlite: include_str!("../migrations/sqlite/0009_committee_reports.sql"),
        postgres: include_str!("../migrations/postgres/0009_committee_reports.sql"),
    },
    Migration {
        version: 10,
        name: "public summaries",
        sqlite: include_str!("../migrations/sqlite/0010_public_summaries.sql"),
        postgres: include_str!("../migrations/postgres/0010_public_summaries.sql"),
    },
    Migration {
        version: 11,
        name: "you said we did",
        sqlite: include_str!("../migrations/sqlite/0011_you_said_we_did.sql"),
        postgres: include_str!("../migrations/postgres/0011_you_said_we_did.sql"),
    },
    Migration {
        version: 12,
        name: "easy read",
        sqlite: include_str!("../migrations/sqlite/0012_easy_read.sql"),
        postgres: include_str!("../migrations/postgres/0012_easy_read.sql"),
    },
    Migration {
        version: 13,
        name: "standings",
        sqlite: include_str!("../migrations/sqlite/0013_standings.sql"),
        postgres: include_str!("../migrations/postgres/0013_standings.sql"),
    },
    Migration {
        version: 14,
        name: "level plurals",
        sqlite: include_str!("../migrations/sqlite/0014_level_plurals.sql"),
        postgres: include_str!("../migrations/postgres/0014_level_plurals.sql"),
    },
    Migration {
        version: 15,
        name: "computed intervals",
        sqlite: include_str!("../migrations/sqlite/0015_computed_intervals.sql"),
        postgres: include_str!("../migrations/postgres/0015_computed_intervals.sql"),
    },
    Migration {
        version: 16,
        name: "partnership profiles",
        sqlite: include_str!("../migrations/sqlite/0016_partnership_profiles.sql"),
        postgres: include_str!("../migrations/postgres/0016_partnership_profiles.sql"),
    },
    Migration {
        version: 17,
        name: "content version",
        sqlite: include_str!("../migrations/sqlite/0017_content_version.sql"),
        postgres: include_str!("../migrations/postgres/0017_content_version.sql"),
    },
    Migration {
        version: 18,
        name: "read floor",
        sqlite: include_str!("../migrations/sqlite/0018_read_floor.sql"),
        postgres: include_str!("../migrations/postgres/0018_read_floor.sql"),
    },
];

#[derive(sqlx::FromRow)]
struct Applied {
    version: i64,
}

/// Brings the schema up to date. Returns the versions it applied.
pub async fn run(db: &Db) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.write_schema().await?;
    tx.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .await?;
    tx.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_checksums (version BIGINT PRIMARY KEY, checksum TEXT NOT NULL)",
    )
    .await?;
    tx.commit().await?;

    let mut applied_now = Vec::new();
    for migration in MIGRATIONS {
        let sql = match db.engine() {
            Engine::Sqlite => migration.sqlite,
            Engine::Postgres => migration.postgres,
        };
        let mut tx = db.write_schema().await?;
        let done: Option<Applied> = tx
            .fetch_optional("SELECT version FROM schema_migrations WHERE version = $1", vals![migration.version])
            .await?;
        if done.is_some_and(|applied| applied.version == migration.version) {
            check(&mut tx, migration, sql).await?;
            tx.commit().await?;
            continue;
        }
        let wrap = |source| StoreError::Migration {
            version: migration.version,
            name: migration.name.into(),
            source: Box::new(source),
        };
        tx.execute_script(sql).await.map_err(wrap)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            vals![migration.version, migration.name, Utc::now().to_rfc3339()],
        )
        .await
        .map_err(wrap)?;
        tx.execute(
            "INSERT INTO schema_checksums (version, checksum) VALUES ($1, $2)",
            vals![migration.version, checksum(sql)],
        )
        .await
        .map_err(wrap)?;
        tx.commit().await.map_err(wrap)?;
        applied_now.push(migration.version);
    }
    Ok(applied_now)
}

/// A migration's SQL, hashed.
fn checksum(sql: &str) -> String {
    use blake2::{Blake2b512, Digest};
    Blake2b512::digest(sql.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[derive(sqlx::FromRow)]
struct Checksum {
    checksum: String,
}

/// Refuses a migration whose SQL is not what was applied. A database migrated before checksums
/// were kept gets the checksum of the SQL it has now.
async fn check(tx: &mut crate::Tx, migration: &Migration, sql: &str) -> Result<(), StoreError> {
    let kept: Option<Checksum> =
        tx.fetch_optional("SELECT checksum FROM schema_checksums WHERE version = $1", vals![migration.version]).await?;
    match kept {
        Some(kept) if kept.checksum != checksum(sql) => {
            Err(StoreError::MigrationChanged { version: migration.version, name: migration.name.into() })
        }
        Some(_) => Ok(()),
        None => {
            tx.execute(
                "INSERT INTO schema_checksums (version, checksum) VALUES ($1, $2)",
                vals![migration.version, checksum(sql)],
            )
            .await?;
            Ok(())
        }
    }
}

/// The newest schema version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// Whether the schema has been created and holds no partnership yet.
pub async fn is_empty(db: &Db) -> Result<bool, StoreError> {
    let mut tx = db.read().await?;
    let count: crate::db::Count = tx.fetch_one("SELECT COUNT(*) AS n FROM partnerships", vec![]).await?;
    tx.rollback().await?;
    Ok(count.n == 0)
}
