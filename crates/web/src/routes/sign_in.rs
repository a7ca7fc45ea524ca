//! `GET /sign-in`, `POST /sign-in` and `POST /sign-out`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_store::{sessions, users};
use serde::Deserialize;

use crate::auth::{CSRF_COOKIE, SESSION_COOKIE, SignedIn, Visitor, cookie, safe_next, set_cookie};
use crate::csrf::CsrfForm;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The form, with a CSRF token in a cookie for a visitor who has no session yet.
fn render(
    headers: &HeaderMap,
    visitor: &Visitor,
    email: String,
    next: String,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let mut chrome = Chrome::new(visitor);
    let existing = cookie(headers, CSRF_COOKIE).filter(|t| t.len() == 64);
    let token = existing.clone().unwrap_or_else(sessions::random_token);
    if chrome.csrf.is_empty() {
        chrome.csrf = token.clone();
    }
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let body = Html(SignInPage { chrome, email, next, error }.render()?);
    if existing.is_none() {
        Ok((status, [set_cookie(CSRF_COOKIE, &token, 60 * 60 * 12)], body).into_response())
    } else {
        Ok((status, body).into_response())
    }
}

pub async fn get_sign_in(
    headers: HeaderMap,
    visitor: Visitor,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    render(&headers, &visitor, String::new(), safe_next(query.next.as_deref()), None)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn post_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    if form.email.trim().is_empty() || form.password.is_empty() {
        return render(&headers, &visitor, form.email, next, Some("Enter your email address and password"));
    }
    let mut tx = state.db.write().await?;
    let Some(user) = users::authenticate(&mut tx, &form.email, &form.password).await? else {
        drop(tx);
        return render(&headers, &visitor, form.email, next, Some("The email address or password is not right"));
    };
    let (token, _) = sessions::create(&mut tx, &user).await?;
    sessions::delete_expired(&mut tx).await?;
    tx.commit().await?;
    let max_age = sessions::LIFETIME_HOURS * 60 * 60;
    Ok(([set_cookie(SESSION_COOKIE, &token, max_age)], Redirect::to(&next)).into_response())
}

pub async fn post_sign_out(
    State(state): State<AppState>,
    _: SignedIn,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let mut tx = state.db.write().await?;
        sessions::delete(&mut tx, &token).await?;
        tx.commit().await?;
    }
    Ok(([set_cookie(SESSION_COOKIE, "", 0)], Redirect::to("/")).into_response())
}
