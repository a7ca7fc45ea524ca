//! A person's own account: setting a password from a one-time link (`/password-reset/{token}`,
//! before signing in) and changing one's password (`/account/password`). Passwords are
//! checked against the policy and hashed off the async workers, outside any transaction.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use cypp_domain::Problems;
use cypp_store::StoreError;
use cypp_store::people::{self, NewPassword};
use cypp_store::users;
use serde::Deserialize;

use super::edit::{Field, Kind, annotate};
use crate::auth::{SESSION_COOKIE, SignedIn, Visitor, set_cookie};
use crate::csrf::CsrfForm;
use crate::form::FormPage;
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
    confirm: String,
}

fn password_fields(with_current: bool) -> Vec<Field> {
    let mut fields = Vec::new();
    if with_current {
        fields.push(Field::new(
            "current",
            "Your current password",
            "",
            Kind::Password { autocomplete: "current-password" },
        ));
    }
    fields.push(
        Field::new("password", "New password", "", Kind::Password { autocomplete: "new-password" })
            .hint("At least 12 characters and hard to guess: three or four unrelated words work well"),
    );
    fields.push(Field::new("confirm", "The new password again", "", Kind::Password { autocomplete: "new-password" }));
    fields
}

/// Hashes a new password off the async workers, after checking the policy and that both
/// boxes agree.
async fn new_password(form: &PasswordForm, about: [String; 2]) -> Result<Result<NewPassword, Problems>, AppError> {
    if form.password != form.confirm {
        let mut problems = Problems::default();
        problems.push("confirm", "The two new passwords are not the same");
        return Ok(Err(problems));
    }
    let password = form.password.clone();
    let made = tokio::task::spawn_blocking(move || NewPassword::new(&password, &[&about[0], &about[1]]))
        .await
        .map_err(|e| AppError::Internal(format!("the password hash stopped: {e}")))?;
    match made {
        Ok(p) => Ok(Ok(p)),
        Err(StoreError::Invalid(problems)) => Ok(Err(problems)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    chrome: Chrome,
    title: String,
    message: String,
    link: Option<(String, String)>,
}

fn reset_page(chrome: Chrome, token: &str, problems: &Problems) -> FormPage {
    let mut fields = password_fields(false);
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome,
        title: "Set your password".into(),
        caption: "cypp".into(),
        action: format!("/password-reset/{token}"),
        back: "/sign-in".into(),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

fn refused(chrome: Chrome, message: &str) -> Result<Response, AppError> {
    let page = MessagePage {
        chrome,
        title: "This link does not work".into(),
        message: message.into(),
        link: Some(("/sign-in".into(), "Go to sign in".into())),
    };
    Ok((StatusCode::GONE, Html(page.render()?)).into_response())
}

/// `GET /password-reset/{token}`: the form, or why the link does not work.
pub async fn get_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (chrome, cookie) = super::sign_in::form_chrome(&state, &headers, &visitor).await?;
    let mut tx = state.db.read().await?;
    let found = people::reset_for(&mut tx, &token).await?;
    tx.rollback().await?;
    let response = match found {
        Ok(_) => Html(reset_page(chrome, &token, &Problems::default()).render()?).into_response(),
        Err(why) => refused(chrome, why.message())?,
    };
    Ok(match cookie {
        Some(cookie) => ([cookie], response).into_response(),
        None => response,
    })
}

/// `POST /password-reset/{token}`: sets the password; the link then stops working.
pub async fn post_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let (chrome, _) = super::sign_in::form_chrome(&state, &headers, &visitor).await?;
    let mut tx = state.db.read().await?;
    let found = people::reset_for(&mut tx, &token).await?;
    tx.rollback().await?;
    let user = match found {
        Ok(user) => user,
        Err(why) => return refused(chrome, why.message()),
    };
    let password = match new_password(&form, [user.email.as_str().to_string(), user.name.clone()]).await? {
        Ok(p) => p,
        Err(problems) => return reset_page(chrome, &token, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    match people::finish_reset(&mut tx, &token, &password).await {
        Ok(Ok(user)) => {
            tx.commit().await?;
            let page = MessagePage {
                chrome,
                title: "Your password is set".into(),
                message: format!("Sign in with {} and your new password.", user.email),
                link: Some(("/sign-in".into(), "Sign in".into())),
            };
            Ok(Html(page.render()?).into_response())
        }
        Ok(Err(why)) => refused(chrome, why.message()),
        Err(StoreError::Closed(message)) => refused(chrome, &message),
        Err(e) => Err(e.into()),
    }
}

fn change_page(chrome: Chrome, problems: &Problems) -> FormPage {
    let mut fields = password_fields(true);
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome,
        title: "Change your password".into(),
        caption: "Your account".into(),
        action: "/account/password".into(),
        back: "/".into(),
        version: 0,
        fields,
        conflict: Vec::new(),
    }
}

/// `GET /account/password`
pub async fn get_password(_: SignedIn, visitor: Visitor) -> Result<Html<String>, AppError> {
    Ok(Html(change_page(Chrome::new(&visitor), &Problems::default()).render()?))
}

/// `POST /account/password`: checks the current password, then sets the new one. Every
/// session of the person ends (a stolen one too); they are signed in again here.
pub async fn post_password(
    State(state): State<AppState>,
    _: SignedIn,
    Visitor(session): Visitor,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let session = session.ok_or(AppError::Forbidden)?;
    let chrome = Chrome::signed_in(&session);
    let user = session.user.clone();
    let mut tx = state.db.read().await?;
    let credentials = users::credentials(&mut tx, user.email.as_str()).await?;
    tx.rollback().await?;
    let current = form.current.clone();
    let checked = tokio::task::spawn_blocking(move || credentials.check(&current))
        .await
        .map_err(|e| AppError::Internal(format!("the password check stopped: {e}")))??;
    if checked.is_none_or(|u| u.id != user.id) {
        let mut problems = Problems::default();
        problems.push("current", "Your current password is not right");
        return change_page(chrome, &problems).unprocessable();
    }
    let password = match new_password(&form, [user.email.as_str().to_string(), user.name.clone()]).await? {
        Ok(p) => p,
        Err(problems) => return change_page(chrome, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    people::change_password(&mut tx, &user, &password).await?;
    let (token, _) = cypp_store::sessions::create(&mut tx, &user).await?;
    tx.commit().await?;
    let max_age = cypp_store::sessions::LIFETIME_HOURS * 60 * 60;
    Ok((AppendHeaders([set_cookie(SESSION_COOKIE, &token, max_age)]), Redirect::to("/?password=changed"))
        .into_response())
}
