//! `sitrep serve`: the HTTP JSON API and the web dashboard over a corpus store.
//!
//! - `router` builds the axum app (routes under `/api/…`, the embedded dashboard
//!   as the fallback) with its guards: body and URI limits, a per-request time-out,
//!   JSON errors for every 4xx/5xx, a panic catcher, and security headers with a
//!   strict Content-Security-Policy.
//! - [`Server::bind`] opens the store (adding the dashboard's indexes), binds
//!   (127.0.0.1 unless told otherwise) and [`Server::run`] serves until shut down.
//! - [`serve`] does both on a small multi-thread runtime for the CLI; [`spawn`]
//!   runs a server on a background thread (tests, benchmarks).
//!
//! Every request can be logged (one line: method, path, status, latency,
//! bytes) through `tracing`; nothing is printed unless `Config::log` is set or
//! the embedding program installs a subscriber (see [`AccessLog`]).
//!
//! Reads go through a small pool of read-only connections inside `spawn_blocking`.
//! Writing happens only through `POST /api/ingest`, which exists only when the
//! server was started with a token.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn;
use axum::routing::{get, post};
use sitrep_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

mod access;
mod api;
mod assets;
mod cache;
mod error;
mod http;
mod layers;
mod pool;

pub use access::{ACCESS_TARGET, AccessLog, log_to_stderr};
pub use layers::{CSP, MAX_BODY_BYTES, MAX_QUERY_BYTES, MAX_URI_BYTES};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Address to bind (default 127.0.0.1).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// With a token, `POST /api/ingest` accepts `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// Print one access line per request to stderr ([`log_to_stderr`]).
    pub log: bool,
}

impl Config {
    /// Loopback, port 8080, read-only.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            token: None,
            log: false,
        }
    }
}

/// The writer side, present only when started with a token.
pub(crate) struct Ingest {
    pub token: String,
    pub extractor: sitrep::Extractor,
    pub writer: Mutex<Store>,
}

pub(crate) struct AppState {
    pub readers: pool::Pool<Store>,
    pub cache: cache::Cache,
    pub ingest: Option<Arc<Ingest>>,
}

/// Read connections kept open between requests.
const IDLE_READERS: usize = 8;
/// Aggregate answers kept per store version.
const CACHE_ENTRIES: usize = 256;

/// Opens the store for the server: adds the dashboard's indexes when the file is
/// writable, checks it can be read, and with a token prepares the writer.
fn open_state(config: &Config) -> anyhow::Result<AppState> {
    let db = config.db.clone();
    let ingest = match &config.token {
        Some(t) => {
            if t.trim().len() < 8 {
                bail!("--token: use at least 8 characters");
            }
            // Creates the store if needed: a token server may start empty and be fed.
            let w = Store::open(&db).with_context(|| db.display().to_string())?;
            sitrep_store::views::ensure_indexes(w.conn())
                .with_context(|| db.display().to_string())?;
            let extractor = sitrep::Extractor::new(&sitrep::Options::default())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Some(Arc::new(Ingest {
                token: t.trim().to_string(),
                extractor,
                writer: Mutex::new(w),
            }))
        }
        None => {
            if !db.exists() {
                bail!(
                    "{}: no such store (create it with `sitrep ingest --db {} FILE…`)",
                    db.display(),
                    db.display()
                );
            }
            // Best effort: a read-only file still serves, only slower.
            match Store::open(&db).and_then(|w| sitrep_store::views::ensure_indexes(w.conn())) {
                Ok(()) => {}
                Err(e) => eprintln!(
                    "sitrep serve: could not add the dashboard's indexes ({e}); serving without them"
                ),
            }
            None
        }
    };
    // Fail at start, not on the first request, if the store cannot be read.
    Store::open_read_only(&db).with_context(|| db.display().to_string())?;
    let readers = pool::Pool::new(IDLE_READERS, move || {
        let s = Store::open_read_only(&db)?;
        sitrep_store::views::tune_reader(s.conn())?;
        Ok(s)
    });
    Ok(AppState {
        readers,
        cache: cache::Cache::new(CACHE_ENTRIES),
        ingest,
    })
}

/// The app: API routes, the dashboard, and every guard layer.
fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/health", get(api::health))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api/entities", get(api::entities))
        .route("/api/events", get(api::events))
        .route("/api/claims", get(api::claims))
        .route("/api/positions", get(api::positions))
        .route("/api/timeline", get(api::timeline))
        .route("/api/map", get(api::map))
        .route("/api/network", get(api::network))
        .route("/api/stance", get(api::stance))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/ingest", post(api::ingest))
        .fallback(assets::serve)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(layers::panic_response))
        .layer(from_fn(layers::timeout))
        .layer(from_fn(layers::limit_uri))
        .layer(from_fn(layers::json_errors))
        .layer(from_fn(layers::security_headers))
        // Outermost: the line shows the status and size the client gets.
        .layer(from_fn(access::log_request))
}

/// A bound server, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    app: Router,
    addr: SocketAddr,
}

impl Server {
    /// Opens the store and binds the address. Must run inside a tokio runtime.
    pub async fn bind(config: &Config) -> anyhow::Result<Server> {
        let state = open_state(config)?;
        let addr = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            app: router(Arc::new(state)),
            addr,
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        http::run(self.listener, self.app, shutdown).await
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    // Small: two async workers (the work is in the blocking pool), a bounded number
    // of blocking threads for SQLite reads and extraction.
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_name("sitrep-serve")
        .enable_all()
        .build()?)
}

/// Runs the server until Ctrl-C, printing its URL first.
pub fn serve(config: Config) -> anyhow::Result<()> {
    if config.log {
        log_to_stderr();
    }
    let rt = runtime()?;
    rt.block_on(async {
        let server = Server::bind(&config).await?;
        let url = url_of(server.local_addr());
        println!(
            "sitrep: serving {} at {url} ({}); Ctrl-C stops",
            config.db.display(),
            if config.token.is_some() { "ingest enabled with the token" } else { "read-only" }
        );
        if !config.bind.is_loopback() {
            eprintln!("sitrep serve: warning: listening on {} (not loopback); anyone who can reach it can read the store", config.bind);
        }
        server
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
        Ok(())
    })
}

/// `http://ADDR/` with IPv6 addresses bracketed.
pub fn url_of(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// A server running on a background thread; dropping it stops the server.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        url_of(self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts a server on its own thread and runtime and returns once it listens.
pub fn spawn(config: Config) -> anyhow::Result<Running> {
    if config.log {
        log_to_stderr();
    }
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<SocketAddr>>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("sitrep-serve".into())
        .spawn(move || {
            let rt = match runtime() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            rt.block_on(async move {
                match Server::bind(&config).await {
                    Ok(server) => {
                        let _ = ready_tx.send(Ok(server.local_addr()));
                        server
                            .run(async {
                                let _ = stop_rx.await;
                            })
                            .await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
        })?;
    let addr = ready_rx
        .recv()
        .map_err(|_| anyhow::anyhow!("server thread ended before listening"))??;
    Ok(Running {
        addr,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

/// Paths of the API routes as registered (for the OpenAPI test).
pub fn api_paths() -> Vec<&'static str> {
    include_str!("lib.rs")
        .lines()
        .filter_map(|l| l.trim().strip_prefix(".route(\""))
        .filter_map(|l| l.split('"').next())
        .collect()
}

/// The OpenAPI description served at `/api/openapi.json`.
pub fn openapi() -> &'static str {
    api::OPENAPI
}
