//! The access log: one line per request (method, path with query, status,
//! latency, response bytes), emitted through `tracing` under the target
//! [`ACCESS_TARGET`] by the [`log_request`] middleware. Nothing is printed
//! unless a subscriber listens: `sitrep serve --log` installs [`AccessLog`]
//! on stderr, tests install one over a buffer.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// The `tracing` target of access lines.
pub const ACCESS_TARGET: &str = "sitrep_server::access";

/// Logs the request once its response head is ready (the latency excludes
/// streaming the body). The path is logged as received, query included.
pub async fn log_request(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let target = req.uri().path_and_query().map_or_else(
        || req.uri().path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    let res = next.run(req).await;
    // Bytes when known without reading the body: Content-Length, else the
    // body's exact size hint; "-" for a streamed body of unknown length.
    let bytes = res
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .or_else(|| axum::body::HttpBody::size_hint(res.body()).exact());
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: ACCESS_TARGET,
        method = %method,
        path = %target,
        status = res.status().as_u16(),
        ms = format_args!("{ms:.1}"),
        bytes = bytes.map_or_else(|| "-".to_string(), |b| b.to_string()),
    );
    res
}

/// A minimal subscriber that writes access lines, one per request:
/// `sitrep serve: GET /api/events?type=ASSAULT 200 3.1 ms 5120 B`.
/// Everything else (other targets, spans) is ignored.
pub struct AccessLog {
    out: Mutex<Box<dyn Write + Send>>,
    next_span: AtomicU64,
}

impl AccessLog {
    /// Lines go to `out` (stderr for the CLI).
    pub fn new(out: impl Write + Send + 'static) -> AccessLog {
        AccessLog {
            out: Mutex::new(Box::new(out)),
            next_span: AtomicU64::new(1),
        }
    }
}

/// The fields of an access event, in the order they are printed.
#[derive(Default)]
struct Line {
    method: String,
    path: String,
    status: String,
    ms: String,
    bytes: String,
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let slot = match field.name() {
            "method" => &mut self.method,
            "path" => &mut self.path,
            "status" => &mut self.status,
            "ms" => &mut self.ms,
            "bytes" => &mut self.bytes,
            _ => return,
        };
        let _ = write!(slot, "{value:?}");
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        // Strings arrive here, not through Debug (which would quote them).
        self.record_debug(field, &format_args!("{value}"));
    }
}

impl Subscriber for AccessLog {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == ACCESS_TARGET && *metadata.level() <= Level::INFO
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut l = Line::default();
        event.record(&mut l);
        // Control characters of the request line are escaped: one line per request.
        let path: String = l.path.escape_debug().collect();
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(
                out,
                "sitrep serve: {} {path} {} {} ms {} B",
                l.method, l.status, l.ms, l.bytes
            );
            let _ = out.flush();
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Send access lines to stderr for the rest of the process (the first
/// subscriber installed wins; a second call changes nothing).
pub fn log_to_stderr() {
    let _ = tracing::subscriber::set_global_default(AccessLog::new(std::io::stderr()));
}
