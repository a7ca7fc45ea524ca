//! `GET /sign-in`, `POST /sign-in` and `POST /sign-out`.
//!
//! The form's CSRF token belongs to a pre-session the server made (`cypp_store::sign_in`), so a
//! visitor cannot bring a cookie and token of their own. Every attempt is recorded; an account
//! or an address with too many recent failures is refused before the password is looked at, and
//! the password check does the same work for unknown, disabled and active accounts, away from the
//! async workers and outside any transaction.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use cypp_store::sign_in::{self, Throttle};
use cypp_store::{sessions, users};
use serde::Deserialize;

use crate::auth::{
    ClientAddress, PRE_SESSION_COOKIE, SESSION_COOKIE, SignedIn, Visitor, cookie, safe_next, set_cookie,
};
use crate::csrf::CsrfForm;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The page furniture for a form a visitor may post before signing in (signing in, setting a
/// password from a link): the token of their pre-session, and a new pre-session (with the
/// cookie to set) if they have no live one.
pub async fn form_chrome(
    state: &AppState,
    headers: &HeaderMap,
    visitor: &Visitor,
) -> Result<(Chrome, Option<(axum::http::HeaderName, axum::http::HeaderValue)>), AppError> {
    let mut chrome = Chrome::new(visitor);
    let mut new_cookie = None;
    if chrome.csrf.is_empty() {
        let existing = match cookie(headers, PRE_SESSION_COOKIE) {
            Some(token) => {
                let mut tx = state.db.read().await?;
                let found = sign_in::pre_session_csrf(&mut tx, &token).await?;
                tx.rollback().await?;
                found
            }
            None => None,
        };
        chrome.csrf = match existing {
            Some(csrf) => csrf,
            None => {
                let mut tx = state.db.write().await?;
                // Who is signing in changes no page kept for anonymous visitors.
                tx.changes_no_content();
                let (token, csrf) = sign_in::start_pre_session(&mut tx).await?;
                tx.commit().await?;
                new_cookie = Some(set_cookie(PRE_SESSION_COOKIE, &token, sign_in::PRE_SESSION_HOURS * 60 * 60));
                csrf
            }
        };
    }
    Ok((chrome, new_cookie))
}

/// The form, with the error of the last attempt if there was one.
async fn render(
    state: &AppState,
    headers: &HeaderMap,
    visitor: &Visitor,
    email: String,
    next: String,
    error: Option<(StatusCode, String)>,
) -> Result<Response, AppError> {
    let (chrome, new_cookie) = form_chrome(state, headers, visitor).await?;
    let status = error.as_ref().map_or(StatusCode::OK, |(status, _)| *status);
    let body = Html(SignInPage { chrome, email, next, error: error.map(|(_, message)| message) }.render()?);
    Ok(match new_cookie {
        Some(cookie) => (status, [cookie], body).into_response(),
        None => (status, body).into_response(),
    })
}

pub async fn get_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    render(&state, &headers, &visitor, String::new(), safe_next(query.next.as_deref()), None).await
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// The words for a refusal by throttling.
fn throttle_message(throttle: Throttle) -> String {
    let (whose, minutes) = match throttle {
        Throttle::Account { minutes } => ("this account", minutes),
        Throttle::Address { minutes } => ("this network address", minutes),
    };
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!(
        "There have been too many wrong passwords for {whose}, so signing in is paused. Try again in {minutes} {unit}, or ask your partnership's performance officer to check your account"
    )
}

pub async fn post_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let refuse = |status: StatusCode, message: String| Some((status, message));
    if form.email.trim().is_empty() || form.password.is_empty() {
        let error = refuse(StatusCode::UNPROCESSABLE_ENTITY, "Enter your email address and password".into());
        return render(&state, &headers, &visitor, form.email, next, error).await;
    }
    if form.email.len() > 320 || form.password.len() > 1024 {
        let error = refuse(StatusCode::UNPROCESSABLE_ENTITY, "The email address or password is not right".into());
        return render(&state, &headers, &visitor, form.email.chars().take(320).collect(), next, error).await;
    }
    let mut tx = state.db.read().await?;
    let throttle = sign_in::throttled(&mut tx, &form.email, &address).await?;
    let credentials = users::credentials(&mut tx, &form.email).await?;
    tx.rollback().await?;
    if let Some(throttle) = throttle {
        let mut tx = state.db.write().await?;
        // Who is signing in changes no page kept for anonymous visitors.
        tx.changes_no_content();
        sign_in::record(&mut tx, &form.email, &address, false).await?;
        tx.commit().await?;
        tracing::warn!(email = %form.email, %address, "sign-in refused: too many failures");
        let error = refuse(StatusCode::TOO_MANY_REQUESTS, throttle_message(throttle));
        return render(&state, &headers, &visitor, form.email, next, error).await;
    }
    // The hash is slow by design: check it away from the workers that answer requests.
    let password = form.password.clone();
    let user = tokio::task::spawn_blocking(move || credentials.check(&password))
        .await
        .map_err(|e| AppError::Internal(format!("the password check stopped: {e}")))??;
    let mut tx = state.db.write().await?;
    // Who is signing in changes no page kept for anonymous visitors.
    tx.changes_no_content();
    sign_in::record(&mut tx, &form.email, &address, user.is_some()).await?;
    let Some(user) = user else {
        tx.commit().await?;
        let error = refuse(StatusCode::UNPROCESSABLE_ENTITY, "The email address or password is not right".into());
        return render(&state, &headers, &visitor, form.email, next, error).await;
    };
    let (token, _) = sessions::create(&mut tx, &user).await?;
    sessions::delete_expired(&mut tx).await?;
    if let Some(pre) = cookie(&headers, PRE_SESSION_COOKIE) {
        sign_in::end_pre_session(&mut tx, &pre).await?;
    }
    tx.commit().await?;
    let max_age = sessions::LIFETIME_HOURS * 60 * 60;
    // Appended, not inserted: both cookies must be set.
    let cookies = AppendHeaders([set_cookie(SESSION_COOKIE, &token, max_age), set_cookie(PRE_SESSION_COOKIE, "", 0)]);
    Ok((cookies, Redirect::to(&next)).into_response())
}

pub async fn post_sign_out(
    State(state): State<AppState>,
    _: SignedIn,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let mut tx = state.db.write().await?;
        // Who is signing in changes no page kept for anonymous visitors.
        tx.changes_no_content();
        sessions::delete(&mut tx, &token).await?;
        tx.commit().await?;
    }
    Ok(([set_cookie(SESSION_COOKIE, "", 0)], Redirect::to("/")).into_response())
}
