//! The cypp web app: axum routes, server-rendered HTML (askama templates, escaped by
//! default), and the error page. Every route is listed in [`router`].

mod error;
mod routes;
mod views;

use axum::Router;
use axum::routing::get;
use cypp_store::Db;

pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

/// All routes, in one place.
pub fn router(state: AppState) -> Router {
    Router::new()
        // Operations
        .route("/healthz", get(routes::health::get_health))
        // Assets
        .route("/assets/cypp.css", get(routes::assets::get_stylesheet))
        // Plans
        .route("/", get(routes::home::get_home))
        .route("/plans/{slug}", get(routes::plan::get_plan))
        .fallback(routes::not_found)
        .with_state(state)
}

/// Serves the app on `listener` until the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
