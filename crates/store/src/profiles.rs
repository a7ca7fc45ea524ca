//! A partnership's own heading profile for the plan importer: the rules its officers taught it
//! on the review page, kept (as the profile file's JSON) and used to read its next plan.

use cypp_domain::{AuditAction, PartnershipId};

use crate::audit::{Change, record};
use crate::codec::now;
use crate::db::Tx;
use crate::{Actor, StoreError, vals};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    rules: String,
}

/// The partnership's profile, if its officers have kept one.
pub async fn find(tx: &mut Tx, partnership: PartnershipId) -> Result<Option<String>, StoreError> {
    let row: Option<ProfileRow> = tx
        .fetch_optional("SELECT rules FROM partnership_profiles WHERE partnership_id = $1", vals![partnership.0])
        .await?;
    Ok(row.map(|r| r.rules))
}

/// Keeps `rules` as the partnership's profile, in place of any it had; audited with both.
pub async fn save(tx: &mut Tx, partnership: PartnershipId, rules: &str, actor: &Actor) -> Result<(), StoreError> {
    let before = find(tx, partnership).await?;
    if before.as_deref() == Some(rules) {
        return Ok(());
    }
    let at = now();
    if before.is_some() {
        tx.execute(
            "UPDATE partnership_profiles SET rules = $1, version = version + 1, updated_at = $2 WHERE partnership_id = $3",
            vals![rules, at, partnership.0],
        )
        .await?;
    } else {
        tx.execute(
            "INSERT INTO partnership_profiles (partnership_id, rules, version, updated_at) VALUES ($1, $2, 1, $3)",
            vals![partnership.0, rules, at],
        )
        .await?;
    }
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    record(
        tx,
        Change {
            action: if before.is_some() { AuditAction::Update } else { AuditAction::Create },
            entity: "import profile",
            entity_id: Some(partnership.0),
            summary: "Kept what the plan importer was taught as the partnership's own profile".into(),
            before: before.as_deref().and_then(parse),
            after: parse(rules),
            actor,
        },
    )
    .await?;
    Ok(())
}
