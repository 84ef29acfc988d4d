//! The dashboard's static files, embedded in the binary: nothing is read from disk
//! or fetched from the network at run time.

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::error::json_error;

/// (path, content type, bytes). Every file the page loads is here.
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/index.html",
        "text/html; charset=utf-8",
        include_bytes!("../static/index.html"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/app.css"),
    ),
    (
        "/world.json",
        "application/json",
        include_bytes!("../static/world.json"),
    ),
    ("/js/app.js", JS, include_bytes!("../static/js/app.js")),
    ("/js/api.js", JS, include_bytes!("../static/js/api.js")),
    ("/js/dom.js", JS, include_bytes!("../static/js/dom.js")),
    (
        "/js/views/common.js",
        JS,
        include_bytes!("../static/js/views/common.js"),
    ),
    (
        "/js/views/articles.js",
        JS,
        include_bytes!("../static/js/views/articles.js"),
    ),
    (
        "/js/views/article.js",
        JS,
        include_bytes!("../static/js/views/article.js"),
    ),
    (
        "/js/views/timeline.js",
        JS,
        include_bytes!("../static/js/views/timeline.js"),
    ),
    (
        "/js/views/map.js",
        JS,
        include_bytes!("../static/js/views/map.js"),
    ),
    (
        "/js/views/network.js",
        JS,
        include_bytes!("../static/js/views/network.js"),
    ),
    (
        "/js/views/claims.js",
        JS,
        include_bytes!("../static/js/views/claims.js"),
    ),
    (
        "/js/views/stance.js",
        JS,
        include_bytes!("../static/js/views/stance.js"),
    ),
];

const JS: &str = "text/javascript; charset=utf-8";

pub fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = if path == "/" { "/index.html" } else { path };
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, t, b)| (*t, *b))
}

/// Fallback route: a static file for GET/HEAD, else a JSON 404/405.
pub async fn serve(method: Method, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return json_error(
            StatusCode::NOT_FOUND,
            "no such API endpoint (see /api/openapi.json)",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        return json_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    match find(uri.path()) {
        Some((ctype, body)) => {
            let mut r = body.into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
            // Small files; revalidating each load keeps a new binary's page consistent.
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => json_error(StatusCode::NOT_FOUND, "not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every module the page imports is embedded (a missing one would only show in a browser).
    #[test]
    fn every_imported_module_is_embedded() {
        for (path, _, body) in ASSETS.iter().filter(|a| a.0.ends_with(".js")) {
            let text = std::str::from_utf8(body).unwrap();
            let dir = &path[..path.rfind('/').unwrap()];
            for line in text.lines().filter(|l| l.starts_with("import ")) {
                let spec = line.rsplit(" from ").next().unwrap().trim_end_matches(';');
                let spec = spec.trim_matches(|c| c == '\'' || c == '"');
                let mut parts: Vec<&str> = dir.split('/').collect();
                for seg in spec.split('/') {
                    match seg {
                        "." => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                let resolved = parts.join("/");
                assert!(
                    find(&resolved).is_some(),
                    "{path} imports {spec} ({resolved}) which is not embedded"
                );
            }
        }
        let html = std::str::from_utf8(find("/").unwrap().1).unwrap();
        for r in ["/app.css", "/js/app.js"] {
            assert!(html.contains(r) && find(r).is_some(), "{r}");
        }
    }

    /// The page must work under the CSP: no inline script or style, no remote URL.
    #[test]
    fn assets_have_no_inline_code_or_remote_loads() {
        let html = std::str::from_utf8(find("/").unwrap().1).unwrap();
        assert!(!html.contains("<style"), "inline <style>");
        assert!(!html.contains(" style="), "style attribute");
        let b = html.as_bytes();
        for (i, _) in html.match_indices(" on") {
            let rest = &b[i + 3..];
            let n = rest.iter().take_while(|c| c.is_ascii_lowercase()).count();
            assert!(rest.get(n) != Some(&b'='), "inline event handler at {i}");
        }
        for s in html.match_indices("<script").map(|(i, _)| &html[i..]) {
            assert!(
                s.starts_with("<script type=\"module\" src=\"/"),
                "inline or remote script: {}",
                &s[..60.min(s.len())]
            );
        }
        for (path, _, body) in ASSETS {
            let text = String::from_utf8_lossy(body);
            if *path != "/world.json" {
                assert!(
                    !text.contains("http://") || text.contains("w3.org/2000/svg"),
                    "{path} names a remote URL"
                );
            }
            assert!(!text.contains("innerHTML"), "{path} uses innerHTML");
        }
    }
}
