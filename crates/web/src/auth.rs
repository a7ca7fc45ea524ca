//! Who is asking. A middleware reads the session cookie once per request and puts the
//! signed-in user (or nobody) in the request's extensions; extractors take it from there, so
//! a handler's signature says who may call it:
//!
//! - [`Visitor`]: anyone, signed in or not;
//! - [`SignedIn`]: anyone signed in, otherwise a redirect to `/sign-in`.
//!
//! What a signed-in person may do with a plan is decided by the extractors of
//! `crate::access`, with the rules in `cypp_domain::User`.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use cypp_domain::User;
use cypp_store::replica::{self, Floor};
use cypp_store::sessions::{self, Session};

use crate::error::ErrorShown;
use crate::page::Chrome;
use crate::{AppError, AppState};

pub const SESSION_COOKIE: &str = "cypp_session";
/// Names the pre-session of a visitor who is not signed in yet: the sign-in form's CSRF token
/// is the one the server stored for it (`cypp_store::sign_in`).
pub const PRE_SESSION_COOKIE: &str = "cypp_pre";

/// The value of a cookie in the request, if present (read with the `cookie` crate; a malformed
/// pair is passed over).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` header: HttpOnly, SameSite=Lax, for the whole site; `Secure` when the app is
/// served over HTTPS (`CYPP_SECURE_COOKIES=1`).
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64) -> (axum::http::HeaderName, HeaderValue) {
    let secure = std::env::var("CYPP_SECURE_COOKIES").is_ok_and(|v| v == "1");
    let built = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_seconds))
        .secure(secure)
        .build();
    (SET_COOKIE, HeaderValue::from_str(&built.to_string()).unwrap_or(HeaderValue::from_static("")))
}

/// The session found for this request, if any: what the middleware leaves in the extensions.
#[derive(Clone, Debug, Default)]
pub struct CurrentSession(pub Option<Session>);

/// Loads the session named by the cookie, once per request.
pub async fn load_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let mut session = None;
    let token = cookie(request.headers(), SESSION_COOKIE);
    if let Some(token) = &token {
        // Always from the primary: a session made a moment ago on another app server counts.
        match state.db.read_primary().await {
            Ok(mut tx) => match sessions::find(&mut tx, token).await {
                Ok(found) => session = found,
                Err(e) => return AppError::from(e).into_response(),
            },
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    // A page may be read from a replica that has replayed what this person last wrote; a form
    // sent is handled on the primary, since what it reads decides what it writes.
    let read_floor = session.as_ref().map_or(0, |s| s.read_floor);
    let floor = match *request.method() {
        Method::GET | Method::HEAD => Floor::AtLeast(read_floor),
        _ => Floor::Primary,
    };
    let private = session.is_some() || request.uri().path() == "/sign-in";
    request.extensions_mut().insert(CurrentSession(session.clone()));
    let (mut response, written) = replica::within(floor, next.run(request)).await;
    // What they wrote, their next page shows, on whichever app server and whatever replica.
    if let (Some(version), Some(token), true) = (written, &token, state.db.has_replica())
        && version > read_floor
        && let Err(e) = raise_read_floor(&state, token, version).await
    {
        tracing::warn!(error = %e, "the session's read floor could not be raised");
    }
    // What a signed-in person sees (and the sign-in form, with its token) is never kept by
    // the browser or a proxy, so the next person at a shared computer cannot go back to it.
    if private {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // An error page is drawn without the request; draw it again with who is signed in.
    if let Some(shown) = response.extensions().get::<ErrorShown>().copied() {
        *response.body_mut() = axum::body::Body::from(shown.render(Chrome::new(&Visitor(session))));
    }
    response
}

async fn raise_read_floor(state: &AppState, token: &str, version: i64) -> Result<(), cypp_store::StoreError> {
    let mut tx = state.db.write().await?;
    sessions::raise_read_floor(&mut tx, token, version).await?;
    tx.commit().await
}

/// Anyone: the signed-in user if there is one.
pub struct Visitor(pub Option<Session>);

impl Visitor {
    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|s| &s.user)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Visitor(parts.extensions.get::<CurrentSession>().and_then(|s| s.0.clone())))
    }
}

/// Someone signed in. Others are sent to sign in, and brought back afterwards.
pub struct SignedIn;

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentSession>().and_then(|s| s.0.clone()) {
            Some(_) => Ok(SignedIn),
            None => Err(AppError::SignIn {
                next: parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/").to_string(),
            }),
        }
    }
}

/// Percent-encodes text for a query string (`application/x-www-form-urlencoded`).
pub fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Only local paths may be returned to after signing in, so the sign-in page cannot be used
/// to send people to another site. The address must parse as a path (and query) alone, of
/// printable ASCII (no spaces, tabs or other control characters, which browsers drop), start
/// with one `/` and not a second `/` or `\\`; anything else is the home page.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(path) = next else { return "/".to_string() };
    let printable = path.bytes().all(|b| b.is_ascii_graphic());
    let local = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
    if !printable || !local || path.len() > 2048 {
        return "/".to_string();
    }
    match path.parse::<axum::http::uri::PathAndQuery>() {
        Ok(parsed) if parsed.path().starts_with('/') && !parsed.path().starts_with("//") => parsed.to_string(),
        _ => "/".to_string(),
    }
}

/// The address of the computer asking, for throttling sign-ins: the peer of the connection,
/// or, behind a reverse proxy that says so (`CYPP_TRUST_PROXY=1`), the last address in its
/// `X-Forwarded-For`.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_string());
        let forwarded = std::env::var("CYPP_TRUST_PROXY").is_ok_and(|v| v == "1").then(|| {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|a| a.parse::<std::net::IpAddr>().is_ok())
                .map(str::to_string)
        });
        Ok(ClientAddress(forwarded.flatten().unwrap_or(peer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; cypp_session=abc; b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn set_cookie_keeps_the_session_to_this_site_and_out_of_scripts() {
        let (_, value) = set_cookie(SESSION_COOKIE, "abc", 60);
        let text = value.to_str().unwrap_or_default();
        for part in ["cypp_session=abc", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
    }

    #[test]
    fn next_addresses_are_encoded_for_the_query_string() {
        assert_eq!(urlencode("/plans/x?y=1&z"), "%2Fplans%2Fx%3Fy%3D1%26z");
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/plans/x?y=1")), "/plans/x?y=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // Browsers drop tabs and newlines, so "/\t/evil.example" would become "//evil.example".
        for sneaky in ["/\t/evil.example", "/\n/evil.example", "/ /evil.example", "/\u{0}x", "/caf\u{e9}", "/a\x7f"] {
            assert_eq!(safe_next(Some(sneaky)), "/", "{sneaky:?}");
        }
        assert_eq!(safe_next(Some("/plans/x/measures/y?from=dashboard")), "/plans/x/measures/y?from=dashboard");
    }
}
