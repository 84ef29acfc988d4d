//! `sitrep serve`: the HTTP API and dashboard over a store (crate `sitrep-server`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store to serve (made by `sitrep ingest`).
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Address to listen on. The default serves this machine only; another address
    /// makes the store readable by anyone who can reach it.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Enable `POST /api/ingest` for clients sending `Authorization: Bearer TOKEN`
    /// (at least 8 characters; the environment variable SITREP_TOKEN keeps it out of
    /// the process list). Without either the server is read-only.
    #[arg(long)]
    pub token: Option<String>,
    /// Print one line per request to stderr: method, path with query, status,
    /// latency in ms, response bytes. Also on when SITREP_LOG is set (not `0`).
    #[arg(long)]
    pub log: bool,
}

pub fn serve(a: ServeArgs) -> Result<ExitCode> {
    sitrep_server::serve(sitrep_server::Config {
        db: a.db,
        bind: a.bind,
        port: a.port,
        token: a
            .token
            .or_else(|| std::env::var("SITREP_TOKEN").ok().filter(|t| !t.is_empty())),
        log: a.log || std::env::var("SITREP_LOG").is_ok_and(|v| !v.is_empty() && v != "0"),
    })?;
    Ok(ExitCode::SUCCESS)
}
