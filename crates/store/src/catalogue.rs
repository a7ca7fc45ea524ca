//! What the database holds, at a glance: partnerships and their plans, for the home page and
//! the command line.

use chrono::NaiveDate;
use cypp_domain::{PartnershipId, PlanPeriod, PlanStatus};
use uuid::Uuid;

use crate::StoreError;
use crate::codec::from_word;
use crate::db::Tx;

#[derive(Clone, Debug, PartialEq)]
pub struct PlanSummary {
    pub slug: String,
    pub title: String,
    pub period: PlanPeriod,
    pub status: PlanStatus,
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartnershipSummary {
    pub id: PartnershipId,
    pub slug: String,
    pub name: String,
    pub area_name: String,
    pub gss_code: String,
    /// Each plan as it stands in its current revision, for the partnership's people.
    pub plans: Vec<PlanSummary>,
    /// Each plan that has a published revision, as it stands in the newest one: what anyone
    /// else may see.
    pub published: Vec<PlanSummary>,
}

#[derive(sqlx::FromRow)]
struct Row {
    partnership_id: Uuid,
    partnership_slug: String,
    partnership_name: String,
    area_name: String,
    gss_code: String,
    plan_slug: Option<String>,
    title: Option<String>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    status: Option<String>,
    number: Option<i64>,
}

/// Every partnership, by name, with the current and the newest published revision of each of
/// its plans.
pub async fn list(tx: &mut Tx) -> Result<Vec<PartnershipSummary>, StoreError> {
    let rows: Vec<Row> = tx
        .fetch_all(
            "SELECT pa.id AS partnership_id, pa.slug AS partnership_slug, pa.name AS partnership_name,
                    pa.area_name, pa.gss_code, p.slug AS plan_slug, r.title, r.period_start, r.period_end,
                    r.status, r.number
             FROM partnerships pa
             LEFT JOIN plans p ON p.partnership_id = pa.id
             LEFT JOIN plan_revisions r ON r.plan_id = p.id
             ORDER BY pa.name, pa.id, p.slug, r.number DESC",
            vec![],
        )
        .await?;
    let mut out: Vec<PartnershipSummary> = Vec::new();
    let mut last: Option<Uuid> = None;
    for row in rows {
        if last != Some(row.partnership_id) {
            last = Some(row.partnership_id);
            out.push(PartnershipSummary {
                id: PartnershipId(row.partnership_id),
                slug: row.partnership_slug,
                name: row.partnership_name,
                area_name: row.area_name,
                gss_code: row.gss_code,
                plans: Vec::new(),
                published: Vec::new(),
            });
        }
        if let (Some(slug), Some(title), Some(start), Some(end), Some(status), Some(number)) =
            (row.plan_slug, row.title, row.period_start, row.period_end, row.status, row.number)
            && let Some(partnership) = out.last_mut()
        {
            let summary = PlanSummary {
                slug,
                title,
                period: PlanPeriod { start, end },
                status: from_word("plan_revisions.status", &status)?,
                revision: number,
            };
            // Revisions come newest first: the first of a plan is its current one, the first
            // published one is what the public sees.
            if summary.status == PlanStatus::Published && !partnership.published.iter().any(|p| p.slug == summary.slug)
            {
                partnership.published.push(summary.clone());
            }
            if !partnership.plans.iter().any(|p| p.slug == summary.slug) {
                partnership.plans.push(summary);
            }
        }
    }
    // Newest plans first.
    for partnership in &mut out {
        partnership.plans.sort_by(|a, b| b.period.start.cmp(&a.period.start).then(a.slug.cmp(&b.slug)));
        partnership.published.sort_by(|a, b| b.period.start.cmp(&a.period.start).then(a.slug.cmp(&b.slug)));
    }
    Ok(out)
}
