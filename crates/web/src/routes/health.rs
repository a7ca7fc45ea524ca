//! `GET /healthz`: 200 `ok` when the database answers, 503 when it does not, for load
//! balancers and monitoring.

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

pub async fn get_health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
