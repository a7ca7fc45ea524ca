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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use cypp_store::replica::{self, Floor};

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
    version: VersionRead,
}

/// The content version as read for each request, but read once for all the requests that
/// arrived before one read of it began: under load, one query answers many requests, and each
/// still sees every change committed before it arrived.
#[derive(Default)]
struct VersionRead {
    /// How many reads have begun. A read whose number is higher than this was when a request
    /// arrived began after it.
    begun: AtomicU64,
    /// The number of the last read that finished, and what it found.
    last: Mutex<(u64, i64)>,
    /// One read at a time; the others wait their turn and most find it done for them.
    turn: tokio::sync::Mutex<()>,
}

impl VersionRead {
    async fn current(&self, db: &cypp_store::Db) -> Result<i64, cypp_store::StoreError> {
        let arrived = self.begun.load(Ordering::SeqCst);
        let _turn = self.turn.lock().await;
        if let Ok(last) = self.last.lock()
            && last.0 > arrived
        {
            return Ok(last.1);
        }
        let number = self.begun.fetch_add(1, Ordering::SeqCst) + 1;
        let version = db.content_version().await?;
        if let Ok(mut last) = self.last.lock()
            && number > last.0
        {
            *last = (number, version);
        }
        Ok(version)
    }
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

/// The middleware: answers from the pages kept when it can, and keeps what it renders. An
/// anonymous visitor may be shown the site as a read replica has it (`replica.rs`), so the
/// version and the page are both read there, and a page is never kept under a version newer
/// than what it was rendered from.
pub async fn keep_public_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !keepable(&request) {
        return next.run(request).await;
    }
    replica::within(Floor::AtLeast(0), keep(state, request, next)).await.0
}

async fn keep(state: AppState, request: Request, next: Next) -> Response {
    // Without the version nothing can be known to be fresh: render as if nothing were kept.
    let Ok(version) = state.pages.version.current(&state.db).await else { return next.run(request).await };
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

    #[tokio::test]
    async fn one_read_of_the_version_answers_every_request_that_arrived_before_it_began() -> Result<(), String> {
        let db = cypp_store::Db::open("sqlite::memory:").await.map_err(|e| e.to_string())?;
        let read = Arc::new(VersionRead::default());
        assert_eq!(read.current(&db).await.map_err(|e| e.to_string())?, 0);
        // A change committed before a request arrives is seen by it.
        let tx = db.write().await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        assert_eq!(read.current(&db).await.map_err(|e| e.to_string())?, 1);
        let begun = read.begun.load(Ordering::SeqCst);
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let (read, db) = (read.clone(), db.clone());
            requests.spawn(async move { read.current(&db).await.map_err(|e| e.to_string()) });
        }
        while let Some(version) = requests.join_next().await {
            assert_eq!(version.map_err(|e| e.to_string())??, 1);
        }
        // Each read answers every request that arrived before it began: a few reads (how many
        // depends on when the scheduler first runs each request), never one for each.
        let reads = read.begun.load(Ordering::SeqCst) - begun;
        assert!(reads < 10, "{reads} reads for 50 requests");
        Ok(())
    }
}
