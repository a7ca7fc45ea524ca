//! Protection against cross-site request forgery. Every form carries a `csrf_token` field;
//! [`CsrfForm`] refuses a form whose token does not match the signed-in session's, or, for a
//! visitor who is not signed in (the sign-in form), the token the server stored for the
//! pre-session their `cypp_pre` cookie names.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use serde::de::DeserializeOwned;

use crate::auth::{CurrentSession, PRE_SESSION_COOKIE, cookie};
use crate::{AppError, AppState};

/// A form body that passed the CSRF check, deserialised into `T`.
pub struct CsrfForm<T>(pub T);

/// Compares two tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = match request.extensions().get::<CurrentSession>().and_then(|s| s.0.as_ref()) {
            Some(session) => Some(session.csrf_token.clone()),
            None => match cookie(request.headers(), PRE_SESSION_COOKIE) {
                Some(token) => {
                    let mut tx = state.db.read().await?;
                    let found = cypp_store::sign_in::pre_session_csrf(&mut tx, &token).await?;
                    tx.rollback().await?;
                    found
                }
                None => None,
            },
        };
        let body = Bytes::from_request(request, state).await.map_err(|_| AppError::BadRequest)?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
        let given = fields.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str());
        match (expected, given) {
            (Some(expected), Some(given)) if !expected.is_empty() && same(&expected, given) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        let form = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
        Ok(CsrfForm(form))
    }
}

/// A `multipart/form-data` form (one with a file) that passed the CSRF check: its text fields
/// deserialised into `T`, and its files, each as (field name, file name, bytes).
pub struct CsrfUpload<T> {
    pub fields: T,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfUpload<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected =
            request.extensions().get::<CurrentSession>().and_then(|s| s.0.as_ref()).map(|s| s.csrf_token.clone());
        let mut multipart = Multipart::from_request(request, state).await.map_err(|_| AppError::BadRequest)?;
        let (mut fields, mut files) = (Vec::new(), Vec::new());
        while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
                    files.push((name, file_name, bytes.to_vec()));
                }
                None => {
                    let text = field.text().await.map_err(|_| AppError::BadRequest)?;
                    fields.push((name, text));
                }
            }
        }
        let given = fields.iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v.as_str());
        match (expected, given) {
            (Some(expected), Some(given)) if !expected.is_empty() && same(&expected, given) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        // The text fields are read exactly as the same form sent urlencoded would be.
        let encoded = serde_urlencoded::to_string(&fields).map_err(|_| AppError::BadRequest)?;
        let fields = serde_urlencoded::from_str(&encoded).map_err(|_| AppError::BadRequest)?;
        Ok(CsrfUpload { fields, files })
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn tokens_must_match_exactly() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
