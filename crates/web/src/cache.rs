//! Pages kept for anonymous visitors: the public site (`/p/…`, its downloads) and the home
//! page, as rendered, under the content version (`Db::content_version`) read before rendering
//! them and the day they were rendered on (overdue marks change at midnight).
//!
//! Every write transaction raises the content version as it commits, in the same transaction
//! as its change (`Tx::commit`), and every request reads it again before looking here. So a kept
//! page is never older than the last committed change, on this server or any other on the same
//! database: a page rendered while a change commits is kept under the older version, which no
//! request asks for again. When the version or the day moves on, everything kept goes.
//!
//! Only a plain `GET` without a session cookie and without a query string is kept, and only a
//! `200` that sets no cookie; at most [`MAX_BYTES`] in all, a page of more than [`MAX_PAGE`]
//! never.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{NaiveDate, Utc};

use crate::AppState;
use crate::auth::{SESSION_COOKIE, cookie};

/// The most that is kept, in bytes of bodies.
pub const MAX_BYTES: usize = 64 << 20;
/// The largest page or download kept.
pub const MAX_PAGE: usize = 8 << 20;

/// The pages kept by one app server.
#[derive(Default)]
pub struct PageCache {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    version: i64,
    day: Option<NaiveDate>,
    pages: HashMap<String, Arc<Page>>,
    bytes: usize,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    fn get(&self, version: i64, day: NaiveDate, key: &str) -> Option<Arc<Page>> {
        let kept = self.kept.lock().ok()?;
        (kept.version == version && kept.day == Some(day)).then(|| kept.pages.get(key).cloned()).flatten()
    }

    fn put(&self, version: i64, day: NaiveDate, key: String, page: Page) {
        let Ok(mut kept) = self.kept.lock() else { return };
        // An older version than the one kept is a page rendered before a change: not kept.
        if kept.version > version || kept.version == version && kept.day > Some(day) {
            return;
        }
        if kept.version != version || kept.day != Some(day) {
            *kept = Kept { version, day: Some(day), ..Kept::default() };
        }
        if kept.bytes + page.body.len() > MAX_BYTES {
            kept.pages.clear();
            kept.bytes = 0;
        }
        kept.bytes += page.body.len();
        if let Some(old) = kept.pages.insert(key, Arc::new(page)) {
            kept.bytes -= old.body.len();
        }
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.kept.lock().map(|k| k.pages.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether a request is for a page kept for anonymous visitors.
fn keepable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && request.uri().query().is_none()
        && (path == "/" || path.starts_with("/p/"))
        && cookie(request.headers(), SESSION_COOKIE).is_none()
}

/// The middleware: answers from the pages kept when it can, and keeps what it renders.
pub async fn keep_public_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !keepable(&request) {
        return next.run(request).await;
    }
    // Without the version nothing can be known to be fresh: render as if nothing were kept.
    let Ok(version) = state.db.content_version().await else { return next.run(request).await };
    let day = Utc::now().date_naive();
    let key = request.uri().path().to_string();
    if let Some(page) = state.pages.get(version, day, &key) {
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.status_mut() = page.status;
        *response.headers_mut() = page.headers.clone();
        return response;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, path = %key, "a page could not be read to keep");
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return response;
        }
    };
    if bytes.len() <= MAX_PAGE {
        let page = Page { status: parts.status, headers: parts.headers.clone(), body: bytes.clone() };
        state.pages.put(version, day, key, page);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &'static str) -> Page {
        Page { status: StatusCode::OK, headers: HeaderMap::new(), body: Bytes::from_static(body.as_bytes()) }
    }

    #[test]
    fn a_page_is_kept_for_its_version_and_day_and_no_other() {
        let cache = PageCache::default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        cache.put(3, day, "/p/a".into(), page("three"));
        assert!(cache.get(3, day, "/p/a").is_some_and(|p| p.body == "three"));
        assert!(cache.get(4, day, "/p/a").is_none(), "a change has committed since");
        assert!(cache.get(3, day.succ_opt().unwrap_or_default(), "/p/a").is_none(), "the day has moved on");
        // A page rendered before a change, finishing after a newer one was kept, is not kept.
        cache.put(4, day, "/p/b".into(), page("four"));
        cache.put(3, day, "/p/a".into(), page("old"));
        assert!(cache.get(4, day, "/p/a").is_none());
        assert!(cache.get(4, day, "/p/b").is_some());
        assert_eq!(cache.len(), 1, "what was kept under version 3 went when 4 came");
    }
}
