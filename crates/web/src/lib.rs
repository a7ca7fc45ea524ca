//! The cypp web app: axum routes, server-rendered HTML (askama templates, escaped by
//! default) in the GOV.UK Design System, sign-in and roles. Every route is listed in
//! [`router`]; who may call each is in its handler's extractors.

mod auth;
mod charts;
mod csrf;
mod error;
mod judge;
mod markup;
mod page;
mod routes;
mod views;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderValue;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use cypp_store::Db;

pub use auth::{CSRF_COOKIE, SESSION_COOKIE};
pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

/// All routes, in one place.
pub fn router(state: AppState) -> Router {
    use routes::*;
    Router::new()
        // Operations
        .route("/healthz", get(health::get_health))
        // Assets
        .route("/assets/cypp.css", get(assets::get_stylesheet))
        .route("/assets/cypp.js", get(assets::get_script))
        .route("/assets/govuk-frontend.min.js", get(assets::get_govuk_frontend))
        // Signing in and out
        .route("/sign-in", get(sign_in::get_sign_in).post(sign_in::post_sign_in))
        .route("/sign-out", post(sign_in::post_sign_out))
        // Plans, for the people who write and update them
        .route("/", get(home::get_home))
        .route("/plans/new", get(new_plan::get_new_plan).post(new_plan::post_new_plan))
        .route(
            "/plans/import",
            get(plan_import::get_form)
                .post(plan_import::post_upload)
                .layer(DefaultBodyLimit::max(plan_import::MAX_UPLOAD)),
        )
        .route("/plans/import/{id}", get(plan_import::get_review).post(plan_import::post_save))
        .route("/plans/import/{id}/change", post(plan_import::post_change))
        .route("/plans/import/{id}/cancel", post(plan_import::post_cancel))
        .route("/plans/{slug}", get(plan::get_plan))
        .route("/plans/{slug}/dashboard", get(dashboard::get_dashboard))
        .route("/plans/{slug}/measures/new", get(edit::measure::get_new_measure).post(edit::measure::post_new_measure))
        .route("/plans/{slug}/measures/{measure}", get(measure::get_measure))
        .route(
            "/plans/{slug}/measures/{measure}/edit",
            get(edit::measure::get_edit_measure).post(edit::measure::post_edit_measure),
        )
        .route(
            "/plans/{slug}/measures/{measure}/targets",
            get(edit::target::get_targets).post(edit::target::post_target),
        )
        .route(
            "/plans/{slug}/measures/{measure}/targets/{target}/edit",
            get(edit::target::get_edit_target).post(edit::target::post_edit_target),
        )
        .route("/plans/{slug}/measures/{measure}/targets/{target}/delete", post(edit::target::post_delete_target))
        .route("/plans/{slug}/measures/{measure}/template.csv", get(measure::get_template))
        .route("/plans/{slug}/measures/{measure}/template.xlsx", get(measure::get_template_xlsx))
        .route(
            "/plans/{slug}/measures/{measure}/import",
            get(edit::import::get_import)
                .post(edit::import::post_import)
                .layer(DefaultBodyLimit::max(edit::import::MAX_UPLOAD)),
        )
        .route(
            "/plans/{slug}/measures/{measure}/import/{id}",
            get(edit::import::get_preview).post(edit::import::post_confirm),
        )
        .route("/plans/{slug}/measures/{measure}/import/{id}/cancel", post(edit::import::post_cancel))
        .route(
            "/plans/{slug}/measures/{measure}/figures/new",
            get(edit::figure::get_new_figure).post(edit::figure::post_new_figure),
        )
        .route("/plans/{slug}/plain-english", get(plain_english::get_plain_english))
        .route("/plans/{slug}/downloads/{file}", get(download::get_download))
        .route("/plans/{slug}/revisions", get(revisions::get_revisions))
        .route("/plans/{slug}/settings", get(edit::settings::get_settings))
        .route(
            "/plans/{slug}/settings/plan",
            get(edit::settings::get_plan_settings).post(edit::settings::post_plan_settings),
        )
        .route(
            "/plans/{slug}/settings/partnership",
            get(edit::settings::get_partnership_settings).post(edit::settings::post_partnership_settings),
        )
        .route("/plans/{slug}/lists/jargon/defaults", post(edit::lists::post_jargon_defaults))
        .route("/plans/{slug}/lists/{kind}", get(edit::lists::get_list))
        .route("/plans/{slug}/lists/{kind}/new", get(edit::lists::get_new).post(edit::lists::post_new))
        .route("/plans/{slug}/lists/{kind}/{id}/edit", get(edit::lists::get_edit).post(edit::lists::post_edit))
        .route("/plans/{slug}/lists/{kind}/{id}/delete", get(edit::lists::get_delete).post(edit::lists::post_delete))
        .route("/plans/{slug}/status", post(revisions::post_status))
        .route("/plans/{slug}/refresh", post(revisions::post_refresh))
        .route("/plans/{slug}/items/new", get(edit::item::get_new_item).post(edit::item::post_new_item))
        .route("/plans/{slug}/items/{id}/edit", get(edit::item::get_edit_item).post(edit::item::post_edit_item))
        .route("/plans/{slug}/items/{id}/move", get(edit::tree::get_move_item).post(edit::tree::post_move_item))
        .route("/plans/{slug}/items/{id}/delete", get(edit::tree::get_delete_item).post(edit::tree::post_delete_item))
        .route(
            "/plans/{slug}/items/{id}/actions/new",
            get(edit::action::get_new_action).post(edit::action::post_new_action),
        )
        .route(
            "/plans/{slug}/actions/{id}/edit",
            get(edit::action::get_edit_action).post(edit::action::post_edit_action),
        )
        .route(
            "/plans/{slug}/actions/{id}/delete",
            get(edit::tree::get_delete_action).post(edit::tree::post_delete_action),
        )
        // The published plan site, for everyone
        .route("/p/{partnership}/{plan}", get(public::home::get_home))
        .route("/p/{partnership}/{plan}/on-a-page", get(public::on_a_page::get_on_a_page))
        .route("/p/{partnership}/{plan}/items/{id}", get(public::item::get_item))
        .route("/p/{partnership}/{plan}/glossary", get(public::glossary::get_glossary))
        .route("/p/{partnership}/{plan}/downloads/{file}", get(download::get_public_download))
        .route("/p/{partnership}/{plan}/measures/{measure}", get(measure::get_public_measure))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth::load_session))
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
