//! The one error type of the web app. It picks the status, renders a GOV.UK-styled page that
//! says what happened in plain words, and logs the cause once; the cause is never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cypp_store::StoreError;

use crate::page::Chrome;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in: sent to sign in, and brought back to `next` afterwards.
    SignIn {
        next: String,
    },
    /// Signed in, but not allowed to do this.
    Forbidden,
    /// A form without a valid CSRF token.
    CsrfRejected,
    BadRequest,
    /// An upload larger than its form takes.
    TooLarge,
    /// Too many files are being read at once: try again in a moment.
    Busy,
    Store(StoreError),
    Render(askama::Error),
    /// Anything else that went wrong on our side, logged with its message.
    Internal(String),
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
    chrome: Chrome,
    title: &'a str,
    message: &'a str,
}

const SORRY: &str = "Sorry, there is a problem with the service";

/// What an error page said, kept on the response so that the session middleware can render it
/// again with the header of the person who asked (`ErrorShown::render`).
#[derive(Clone, Copy, Debug)]
pub struct ErrorShown {
    title: &'static str,
    message: &'static str,
}

impl ErrorShown {
    /// The error page with `chrome` around it.
    pub fn render(self, chrome: Chrome) -> String {
        let page = ErrorPage { chrome, title: self.title, message: self.message };
        page.render().unwrap_or_else(|_| format!("<!DOCTYPE html><title>{0}</title><h1>{0}</h1>", self.title))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            AppError::SignIn { next } => {
                let target = format!("/sign-in?next={}", crate::auth::urlencode(next));
                return axum::response::Redirect::to(&target).into_response();
            }
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "You cannot do this",
                "Your account does not allow this. Ask your partnership's administrator if you think it should.",
            ),
            AppError::CsrfRejected => (
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your security the form could not be sent. Go back, reload the page and try again.",
            ),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The file is too big",
                "The largest file that can be read is 32 MB for a plan document and 64 MB for a file of figures. Save a smaller copy (without pictures, or only the rows for your area) and try again.",
            ),
            AppError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is busy",
                "Several files are being read just now. Nothing was saved: wait a minute and send it again.",
            ),
            AppError::BadRequest => {
                (StatusCode::BAD_REQUEST, "The request was not understood", "Go back and try again.")
            }
            AppError::Store(e) if cypp_store::dialect::is_unwritable(e) => {
                tracing::error!(error = %e, source = ?std::error::Error::source(e), "the database cannot be written");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Nothing was saved",
                    "The service cannot save changes just now (its database cannot be written: the disk may be full). Nothing you sent was saved. Keep what you typed, and try again later; the service's administrators have been told.",
                )
            }
            AppError::Store(StoreError::Closed(_)) => (
                StatusCode::CONFLICT,
                "This round is closed",
                "A closed round is kept as it was when it closed, so nothing was saved. An admin can reopen it.",
            ),
            AppError::Store(e) => {
                tracing::error!(error = %e, source = ?std::error::Error::source(e), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, SORRY, "Try again later.")
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, SORRY, "Try again later.")
            }
            AppError::Render(e) => {
                tracing::error!(error = %e, "template failed");
                (StatusCode::INTERNAL_SERVER_ERROR, SORRY, "Try again later.")
            }
        };
        let shown = ErrorShown { title, message };
        let mut response = (status, Html(shown.render(Chrome::plain()))).into_response();
        response.extensions_mut().insert(shown);
        response
    }
}
