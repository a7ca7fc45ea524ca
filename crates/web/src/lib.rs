//! The cypp web app: axum routes, server-rendered HTML (askama templates, escaped by
//! default) in the GOV.UK Design System, sign-in and roles. Every route is listed,
//! with who may call it, in [`routes`]; its handler's extractors enforce that rule.

mod access;
mod auth;
pub mod cache;
mod csrf;
mod error;
mod form;
pub use cypp_publish::judge;
pub mod mail;
mod markup;
mod page;
mod parsing;
mod route_table;
mod routes;
mod views;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use cypp_store::Db;

pub use auth::{PRE_SESSION_COOKIE, SESSION_COOKIE};
pub use error::AppError;
pub use route_table::{Access, Route, routes};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Email, when SMTP is set up.
    pub mail: Option<std::sync::Arc<mail::Mailer>>,
    /// The pages this server keeps for anonymous visitors (see [`cache`]).
    pub pages: std::sync::Arc<cache::PageCache>,
}

impl AppState {
    /// The app on `db`, sending no email, with nothing kept yet.
    pub fn new(db: Db) -> AppState {
        AppState { db, mail: None, pages: Default::default() }
    }
}

/// The app: every route of [`routes`] behind the session and security-header middleware.
pub fn router(state: AppState) -> Router {
    route_table::router()
        .layer(middleware::from_fn_with_state(state.clone(), auth::load_session))
        .layer(middleware::from_fn_with_state(state.clone(), cache::keep_public_pages))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Headers that keep every page to this site's own scripts and styles and out of frames.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// Serves the app on `listener` until the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    if state.mail.is_some() {
        // Reminders go out as they fall due: checked every hour (CYPP_REMINDER_SECONDS).
        let every = std::env::var("CYPP_REMINDER_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3600);
        let reminders = state.clone();
        tokio::spawn(async move {
            loop {
                match routes::rounds::send_all_reminders(&reminders).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sent = n, "reminders sent"),
                    Err(e) => tracing::warn!(error = ?e, "reminders could not be sent; trying again later"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(every)).await;
            }
        });
    }
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
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
