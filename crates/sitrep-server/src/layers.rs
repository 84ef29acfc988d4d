//! Request guards and response hardening, applied to every route:
//! URI/query size limits (414), a per-request time-out (503), security headers with a
//! strict Content-Security-Policy, and the conversion of any non-JSON error response
//! (axum rejections, body-limit errors, 404/405) into `{"error": ...}`.

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::json_error;

/// Longest request target (path + query) accepted. Dashboard URLs are far shorter.
pub const MAX_URI_BYTES: usize = 4096;
/// Longest query string accepted.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Largest request body (only `POST /api/ingest` has one).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Longest a request may take inside the server.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// No inline script or style, nothing from another origin; styles set from script
/// through the CSSOM are allowed by CSP, `style` attributes in markup are not.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub async fn limit_uri(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let target_len = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_URI_BYTES || uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return json_error(
            StatusCode::URI_TOO_LONG,
            "request URI or query string too long",
        );
    }
    next.run(req).await
}

pub async fn timeout(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => json_error(StatusCode::SERVICE_UNAVAILABLE, "request timed out"),
    }
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Rewrites error responses that are not JSON into `{"error": "..."}`, keeping a short
/// plain-text reason when there is one (axum's rejections say what was wrong).
pub async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = match axum::body::to_bytes(body, 4096).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() || status.is_server_error() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let mut out = json_error(status, &message);
    // Keep headers such as `Allow` on a 405.
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// Body of the response to a handler that panicked: JSON, never a bare 500 page.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    eprintln!("sitrep serve: a request handler panicked");
    json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}
