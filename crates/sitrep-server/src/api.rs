//! The `/api/…` handlers. Each parses its query string into the store's shared
//! [`Filter`], runs one read from `sitrep_store::views` on a pooled connection in
//! `spawn_blocking` (SQLite is blocking), and answers JSON. Malformed input is a 4xx
//! with `{"error": …}`; a query that runs too long is interrupted.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, body::Bytes};
use serde::Deserialize;
use sitrep_store::rusqlite::Connection;
use sitrep_store::views;
use sitrep_store::{Filter, Store};

use crate::AppState;
use crate::error::ApiError;

/// Longest a single database read may run before it is interrupted.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(10);
/// Deepest offset a list accepts (deep offsets cost a scan; filter instead).
pub const MAX_OFFSET: usize = 100_000;

/// `Query<T>` whose rejection is our JSON 400.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(ApiQuery(q.0)),
            Err(e) => Err(ApiError::bad_request(query_message(&e))),
        }
    }
}

fn query_message(e: &QueryRejection) -> String {
    format!(
        "bad query string: {}",
        e.body_text()
            .replace("Failed to deserialize query string: ", "")
    )
}

/// The query parameters every list and view accepts: the shared filters and paging.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Full-text query (FTS5) over titles and text.
    q: Option<String>,
    actor: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    place: Option<String>,
    issue: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    /// Positions: one merged actor by id (the stance matrix's cells).
    actor_id: Option<i64>,
    /// Stance matrix: rows and columns.
    actors: Option<usize>,
    issues: Option<usize>,
}

impl Params {
    fn filter(&self) -> Result<Filter, ApiError> {
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(ApiError::bad_request(format!(
                "offset: at most {MAX_OFFSET}; narrow the filters instead"
            )));
        }
        for (name, v) in [
            ("q", &self.q),
            ("actor", &self.actor),
            ("place", &self.place),
            ("issue", &self.issue),
        ] {
            if v.as_ref().is_some_and(|s| s.chars().count() > 200) {
                return Err(ApiError::bad_request(format!(
                    "{name}: at most 200 characters"
                )));
            }
        }
        Ok(Filter {
            actor: self.actor.clone(),
            event_type: self.kind.clone(),
            status: self.status.clone(),
            place: self.place.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            issue: self.issue.clone(),
            text: self.q.clone(),
            // Capped here, not rejected: a client asking for more gets a full page.
            limit: Some(self.limit.unwrap_or(25).clamp(1, views::MAX_LIMIT)),
            offset,
        })
    }
}

fn store_error(e: sitrep_store::Error) -> ApiError {
    match e {
        sitrep_store::Error::Invalid(m) => {
            // The store names CLI flags (`--from`); the API's parameters have no dashes.
            ApiError::bad_request(m.replace("--text", "q").replace("--", ""))
        }
        sitrep_store::Error::Sqlite(rusqlite_err)
            if rusqlite_err.sqlite_error_code()
                == Some(sitrep_store::rusqlite::ErrorCode::OperationInterrupted) =>
        {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query took too long; narrow the filters",
            )
        }
        other => ApiError::internal(&anyhow::Error::new(other)),
    }
}

/// Runs a read on a pooled connection off the async threads, interrupting it after
/// [`QUERY_TIMEOUT`].
async fn read<R: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&Store) -> sitrep_store::Result<R> + Send + 'static,
) -> Result<R, ApiError> {
    let (tx, mut rx) = tokio::sync::oneshot::channel();
    let st = state.clone();
    let mut task = tokio::task::spawn_blocking(move || {
        st.readers.with(|store| {
            let _ = tx.send(store.conn().get_interrupt_handle());
            f(store).map_err(anyhow::Error::new)
        })
    });
    let joined = match tokio::time::timeout(QUERY_TIMEOUT, &mut task).await {
        Ok(j) => j,
        Err(_) => {
            if let Ok(h) = rx.try_recv() {
                h.interrupt();
            }
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query took too long; narrow the filters",
            ));
        }
    };
    match joined {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => match e.downcast::<sitrep_store::Error>() {
            Ok(se) => Err(store_error(se)),
            Err(other) => Err(ApiError::internal(&other)),
        },
        Err(join) => Err(ApiError::internal(&anyhow::anyhow!(
            "read task failed: {join}"
        ))),
    }
}

/// A view whose answer is cached until the store changes (see `cache.rs`).
async fn cached<T: serde::Serialize + 'static>(
    state: &Arc<AppState>,
    uri: &Uri,
    f: impl FnOnce(&Store) -> sitrep_store::Result<T> + Send + 'static,
) -> Result<Response, ApiError> {
    let key = uri.to_string();
    let st = state.clone();
    let body = read(state, move |s| {
        let version = views::store_version(s.conn())?;
        if let Some(hit) = st.cache.get(version, &key) {
            return Ok(hit);
        }
        let json: Arc<str> = serde_json::to_string(&f(s)?)?.into();
        st.cache.put(version, key, json.clone());
        Ok(json)
    })
    .await?;
    Ok(json_text(body.to_string()))
}

/// A dashboard view over the shared filters, run after the filter's free text is checked
/// (a malformed FTS5 query is the caller's 400, not a failed read).
fn filtered<R>(
    f: Filter,
    view: impl FnOnce(&Connection, &Filter) -> sitrep_store::Result<R> + Send + 'static,
) -> impl FnOnce(&Store) -> sitrep_store::Result<R> + Send + 'static {
    move |s| {
        views::check_text(s.conn(), &f)?;
        view(s.conn(), &f)
    }
}

pub async fn health(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let n = read(&state, |s| views::article_count(s.conn())).await?;
    Ok(Json(serde_json::json!({
        "ok": true,
        "articles": n,
        "read_only": state.ingest.is_none(),
        "version": env!("CARGO_PKG_VERSION"),
    }))
    .into_response())
}

pub async fn articles(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let view = filtered(p.filter()?, views::articles);
    Ok(Json(read(&state, view).await?).into_response())
}

/// Full-text search: the article list with `q` required.
pub async fn search(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    if p.q.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Err(ApiError::bad_request("q: a search query is required"));
    }
    articles(State(state), ApiQuery(p)).await
}

pub async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request("article id: a positive integer"))?;
    let detail = read(&state, move |s| views::article(s.conn(), id)).await?;
    let Some(d) = detail else {
        return Err(ApiError::not_found(format!("no article {id}")));
    };
    // The record is stored as JSON already: splice it in rather than re-encode it.
    let head = serde_json::to_string(&d.article).map_err(|e| ApiError::internal(&e.into()))?;
    let body = format!("{{\"article\":{head},\"record\":{}}}", d.record_json);
    Ok(json_text(body))
}

fn json_text(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

pub async fn entities(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    cached(&state, &uri, filtered(p.filter()?, views::entities)).await
}

pub async fn events(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let view = filtered(p.filter()?, views::events);
    Ok(Json(read(&state, view).await?).into_response())
}

pub async fn claims(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let view = filtered(p.filter()?, views::claims);
    Ok(Json(read(&state, view).await?).into_response())
}

pub async fn positions(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let actor_id = p.actor_id;
    let view = filtered(p.filter()?, move |c, f| views::positions(c, f, actor_id));
    Ok(Json(read(&state, view).await?).into_response())
}

pub async fn timeline(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    cached(&state, &uri, filtered(p.filter()?, views::timeline)).await
}

pub async fn map(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    cached(&state, &uri, filtered(p.filter()?, views::map)).await
}

pub async fn network(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let n = p.limit.unwrap_or(40);
    cached(
        &state,
        &uri,
        filtered(p.filter()?, move |c, f| views::network(c, f, n)),
    )
    .await
}

pub async fn stance(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    ApiQuery(p): ApiQuery<Params>,
) -> Result<Response, ApiError> {
    let (na, ni) = (p.actors.unwrap_or(25), p.issues.unwrap_or(12));
    cached(
        &state,
        &uri,
        filtered(p.filter()?, move |c, f| views::stance(c, f, na, ni)),
    )
    .await
}

pub const OPENAPI: &str = include_str!("../openapi.json");

pub async fn openapi() -> Response {
    json_text(OPENAPI.to_string())
}

/// Compares in time independent of where the first difference is.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /api/ingest`: one article as a JSON object (the JSONL line format), extracted
/// and stored. Only when the server was started with a token, and only with
/// `Authorization: Bearer <token>`.
pub async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(ing) = state.ingest.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with --token to accept ingests",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.trim().as_bytes(), ing.token.as_bytes()) {
        let mut r = ApiError::new(StatusCode::UNAUTHORIZED, "missing or wrong bearer token")
            .into_response();
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return Ok(r);
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the article as application/json",
        ));
    }
    let text =
        std::str::from_utf8(&body).map_err(|_| ApiError::bad_request("body is not UTF-8"))?;
    let article = sitrep_input::from_jsonl_line("request", 1, text)
        .map_err(|e| ApiError::bad_request(e.to_string().replacen("request:1: ", "", 1)))?;
    if let Some(p) = &article.published {
        if sitrep_store::norm::day(p).is_none() {
            return Err(ApiError::bad_request(format!(
                "published: `{p}` is not a date (YYYY-MM-DD)"
            )));
        }
    }
    let outcome = tokio::task::spawn_blocking(
        move || -> anyhow::Result<Result<sitrep_store::Outcome, String>> {
            let record = ing.extractor.extract(&article);
            let prepared = match sitrep_store::Prepared::new(record, Some("api".into())) {
                Ok(p) => p,
                Err(sitrep_store::Error::Invalid(m)) => return Ok(Err(m)),
                Err(e) => return Err(e.into()),
            };
            let mut w = ing.writer.lock().unwrap_or_else(|p| p.into_inner());
            Ok(Ok(w.insert(&prepared)?))
        },
    )
    .await
    .map_err(|e| ApiError::internal(&anyhow::anyhow!("ingest task failed: {e}")))?
    .map_err(|e| ApiError::internal(&e))?
    .map_err(ApiError::bad_request)?;
    Ok(match outcome {
        sitrep_store::Outcome::Added(id) => {
            (StatusCode::CREATED, Json(serde_json::json!({"id": id, "status": "added"}))).into_response()
        }
        sitrep_store::Outcome::Duplicate { existing, by } => Json(serde_json::json!({
            "id": existing,
            "status": "duplicate",
            "by": match by { sitrep_store::DuplicateBy::Content => "content", sitrep_store::DuplicateBy::Url => "url" },
        }))
        .into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"x"));
    }
}
