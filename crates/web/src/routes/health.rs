//! `GET /healthz`: 200 `ok` when the database answers and can be written, 503 when it does
//! not, for load balancers and monitoring. While writes are failing (the disk filled, the file
//! became read-only) it tries a small write each time, so it says `ok` again once the fault
//! has cleared.

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

pub async fn get_health(State(state): State<AppState>) -> (StatusCode, String) {
    if let Err(e) = state.db.ping().await {
        tracing::error!(error = %e, "health check: the database did not answer");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable".into());
    }
    if let Some(reason) = state.db.write_health() {
        if let Err(e) = state.db.probe_write().await {
            tracing::error!(error = %e, %reason, "health check: the database still cannot be written");
            return (StatusCode::SERVICE_UNAVAILABLE, format!("database cannot be written: {reason}"));
        }
        tracing::info!("health check: the database can be written again");
    }
    (StatusCode::OK, "ok".into())
}
