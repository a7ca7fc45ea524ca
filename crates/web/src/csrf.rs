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
/// deserialised into `T`, and its files, each as (field name, file name, bytes), of at most
/// `MAX` bytes in all.
///
/// Nothing is read that a refusal would not need: the role was checked by the extractors
/// before this one (they read only the head of the request); a `Content-Length` over the limit
/// is refused before the body is read; the CSRF token must be the form's first field (as the
/// form pages put it) and is checked before any other field is read; and the fields are read
/// in chunks, the whole refused as soon as it passes `MAX`, so an upload never takes more
/// memory than the limit however large the request.
pub struct CsrfUpload<T, const MAX: usize> {
    pub fields: T,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl<T, const MAX: usize> CsrfUpload<T, MAX> {
    /// The file chosen in the field `field`, as (file name, bytes), taken out of the upload;
    /// none where no file was chosen there (a browser then sends one with no name).
    pub fn take_file(&mut self, field: &str) -> Option<(String, Vec<u8>)> {
        let i = self.files.iter().position(|(name, file_name, _)| name == field && !file_name.is_empty())?;
        let (_, file_name, bytes) = self.files.remove(i);
        Some((file_name, bytes))
    }
}

/// Past the route's body limit the multipart reader stops with 413: the file is too big; any
/// other fault is a request that was not understood.
fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { AppError::TooLarge } else { AppError::BadRequest }
}

/// The most a text field of an upload form may hold.
const MAX_TEXT_FIELD: usize = 64 * 1024;

impl<T: DeserializeOwned, const MAX: usize> FromRequest<AppState> for CsrfUpload<T, MAX> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let declared = request
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX + MAX_TEXT_FIELD) {
            return Err(AppError::TooLarge);
        }
        let expected =
            request.extensions().get::<CurrentSession>().and_then(|s| s.0.as_ref()).map(|s| s.csrf_token.clone());
        let mut multipart = Multipart::from_request(request, state).await.map_err(|_| AppError::BadRequest)?;
        let (mut fields, mut files) = (Vec::new(), Vec::new());
        let mut total = 0usize;
        let mut first = true;
        loop {
            let next = multipart.next_field().await.map_err(multipart_error)?;
            let Some(mut field) = next else { break };
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let cap = if file_name.is_some() { MAX } else { MAX_TEXT_FIELD };
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                total += chunk.len();
                if bytes.len() + chunk.len() > cap || total > MAX + MAX_TEXT_FIELD {
                    return Err(AppError::TooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
            if first {
                first = false;
                let given =
                    (name == "csrf_token" && file_name.is_none()).then(|| String::from_utf8_lossy(&bytes).into_owned());
                match (&expected, given) {
                    (Some(expected), Some(given)) if !expected.is_empty() && same(expected, &given) => {}
                    _ => return Err(AppError::CsrfRejected),
                }
            }
            match file_name {
                Some(file_name) => files.push((name, file_name, bytes)),
                None => fields.push((name, String::from_utf8(bytes).map_err(|_| AppError::BadRequest)?)),
            }
        }
        if first {
            return Err(AppError::CsrfRejected);
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
