//! The one error type of the web app. It picks the status, renders a page that says what
//! happened in plain words, and logs the cause once; the cause is never shown to the user.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cypp_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    Store(StoreError),
    Render(askama::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => AppError::NotFound,
            other => AppError::Store(other),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Render(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
            ),
            AppError::Store(e) => {
                tracing::error!(error = %e, source = ?std::error::Error::source(e), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service", "Try again later.")
            }
            AppError::Render(e) => {
                tracing::error!(error = %e, "template failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service", "Try again later.")
            }
        };
        let page = ErrorPage { title, message };
        let body =
            page.render().unwrap_or_else(|_| format!("<!DOCTYPE html><title>{}</title><h1>{}</h1>", title, title));
        (status, Html(body)).into_response()
    }
}
