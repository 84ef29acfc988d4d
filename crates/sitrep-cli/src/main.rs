//! The `sitrep` command: flag definitions and glue. The work happens in the
//! `sitrep` library crate; this file reads inputs, writes records, and maps
//! errors to one-line messages and exit codes (0 ok, 1 some input was bad,
//! 2 usage or fatal error). A broken pipe counts as success.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

mod export;
mod ingest;
mod query;
mod serve;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "News articles in, sourced structured records out.",
    after_help = "Place data contains data from GeoNames (geonames.org), CC BY 4.0. See `sitrep licenses`."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract one record from an article (text or HTML), or one per line of a JSONL batch.
    Extract(Box<ExtractArgs>),
    /// Store articles (files, directories, JSONL batches, RSS/Atom feeds) in a corpus store.
    Ingest(Box<ingest::IngestArgs>),
    /// List merged events, entities, claims, positions or articles of a store, filtered.
    Query(Box<query::QueryArgs>),
    /// Write a store's tables as JSONL, CSV or Parquet files.
    Export(Box<export::ExportArgs>),
    /// Serve the HTTP JSON API and the web dashboard over a store (127.0.0.1 by default).
    Serve(Box<serve::ServeArgs>),
    /// Print the credits and licences of the shipped data.
    Licenses,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input file (text or HTML); `-` or nothing reads standard input.
    file: Option<PathBuf>,
    /// Treat the input as JSONL: one {"id","text"|"html",...} per line in, one record per line out.
    #[arg(long)]
    jsonl: bool,
    /// Publication date (YYYY-MM-DD), used to resolve relative dates.
    #[arg(long)]
    published: Option<String>,
    /// Headline.
    #[arg(long)]
    title: Option<String>,
    /// Publisher or site name.
    #[arg(long)]
    source: Option<String>,
    /// Canonical URL.
    #[arg(long)]
    url: Option<String>,
    /// Document id (default: the file name).
    #[arg(long)]
    id: Option<String>,
    #[command(flatten)]
    data: DataArgs,
    /// Add an `explain` field to each record: every place's candidates, scores and the reason
    /// the winner won.
    #[arg(long)]
    explain: bool,
    /// Worker threads for --jsonl (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// One line of JSON instead of pretty-printed.
    #[arg(long)]
    compact: bool,
    /// Use this tagger model instead of the shipped one (evaluation).
    #[arg(long, value_name = "FILE", hide = true)]
    ner_model: Option<PathBuf>,
}

/// Users' data files laid over the shipped ones: the same flags for `extract` and `ingest`.
#[derive(clap::Args, Default)]
pub struct DataArgs {
    /// Extra actor dictionary (TSV, format of data/actors.tsv); may be repeated.
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    /// Extra event lexicon (TSV, format of data/events.tsv); may be repeated.
    #[arg(long = "events", value_name = "FILE")]
    pub events: Vec<PathBuf>,
    /// Extra cue lexicon (TSV, format of data/cues.tsv); may be repeated.
    #[arg(long = "cues", value_name = "FILE")]
    pub cues: Vec<PathBuf>,
    /// Extra issue lexicon (TSV, format of data/issues.tsv); may be repeated. Rows replace
    /// shipped issues with the same key; `-KEY` removes one.
    #[arg(long = "issues", value_name = "FILE")]
    pub issues: Vec<PathBuf>,
    /// Extra gazetteer (TSV, format of data/gazetteer.tsv); may be repeated. Rows replace
    /// shipped rows with the same id; `-ID` removes one.
    #[arg(long = "places", value_name = "FILE")]
    pub places: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Extract(a) => extract(*a),
        Cmd::Ingest(a) => ingest::ingest(*a),
        Cmd::Query(a) => query::query(*a),
        Cmd::Export(a) => export::export(*a),
        Cmd::Serve(a) => serve::serve(*a),
        Cmd::Licenses => {
            print!("{}", LICENSES);
            Ok(ExitCode::SUCCESS)
        }
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: {}", one_line(&e));
            ExitCode::from(2)
        }
    }
}

const LICENSES: &str = include_str!("../../../data/SOURCES.md");

fn one_line(e: &anyhow::Error) -> String {
    let mut s = String::new();
    for (i, c) in e.chain().enumerate() {
        if i > 0 {
            s.push_str(": ");
        }
        s.push_str(&c.to_string().replace('\n', " "));
    }
    s
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn check_date(d: &Option<String>) -> Result<()> {
    if let Some(d) = d {
        if sitrep_core::date::Date::parse_iso(d).is_none() || d.len() != 10 {
            bail!("--published: `{d}` is not a date of the form YYYY-MM-DD");
        }
    }
    Ok(())
}

fn extractor(a: &ExtractArgs) -> Result<sitrep::Extractor> {
    let mut opts = options(&a.data)?;
    opts.explain = a.explain;
    if let Some(p) = &a.ner_model {
        opts.ner_model = Some(std::fs::read(p).with_context(|| format!("{}", p.display()))?);
    }
    sitrep::Extractor::new(&opts).map_err(|e| anyhow::anyhow!("{e}"))
}

/// The extractor's options with the users' data files read in (an unreadable file is an error naming it).
fn options(d: &DataArgs) -> Result<sitrep::Options> {
    let mut opts = sitrep::Options::default();
    let read = |files: &[PathBuf], into: &mut Vec<(String, String)>| -> Result<()> {
        for p in files {
            let s = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
            into.push((p.display().to_string(), s));
        }
        Ok(())
    };
    read(&d.actors, &mut opts.actor_files)?;
    read(&d.issues, &mut opts.issue_files)?;
    read(&d.events, &mut opts.event_files)?;
    read(&d.cues, &mut opts.cue_files)?;
    read(&d.places, &mut opts.place_files)?;
    Ok(opts)
}

/// The extractor for `ingest`: shipped data plus the users' files.
fn extractor_with(d: &DataArgs) -> Result<sitrep::Extractor> {
    sitrep::Extractor::new(&options(d)?).map_err(|e| anyhow::anyhow!("{e}"))
}

fn read_input(file: &Option<PathBuf>) -> Result<(String, Vec<u8>)> {
    match file {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("{}", p.display()))?;
            Ok((p.display().to_string(), bytes))
        }
    }
}

fn read_stdin() -> Result<(String, Vec<u8>)> {
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut v).context("<stdin>")?;
    Ok(("<stdin>".to_string(), v))
}

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    check_date(&a.published)?;
    if a.jsonl {
        return extract_jsonl(&a);
    }
    let (name, bytes) = read_input(&a.file)?;
    let mut art = sitrep_input::from_bytes(&name, &bytes)?;
    let ex = extractor(&a)?;
    art.id = a.id.clone().or(art.id).or_else(|| {
        a.file
            .as_ref()
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
    });
    if a.title.is_some() {
        art.title = a.title.clone();
    }
    if a.published.is_some() {
        art.published = a.published.clone();
    }
    if a.source.is_some() {
        art.source = a.source.clone();
    }
    if a.url.is_some() {
        art.url = a.url.clone();
    }
    let rec = ex.extract(&art);
    let mut out = if a.compact {
        serde_json::to_string(&rec)?
    } else {
        serde_json::to_string_pretty(&rec)?
    };
    out.push('\n');
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    lock.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Lines per parallel batch: large enough to keep every core busy, small
/// enough that memory stays flat however long the input is.
const BATCH_LINES: usize = 512;
/// Bytes per parallel batch (a few very long lines end a batch early).
const BATCH_BYTES: usize = 32 << 20;

fn extract_jsonl(a: &ExtractArgs) -> Result<ExitCode> {
    let ex = extractor(a)?;
    let name = match &a.file {
        None => "<stdin>".to_string(),
        Some(p) if p.as_os_str() == "-" => "<stdin>".to_string(),
        Some(p) => p.display().to_string(),
    };
    let reader: Box<dyn BufRead> = match &a.file {
        Some(p) if p.as_os_str() != "-" => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).with_context(|| p.display().to_string())?,
        )),
        _ => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.unwrap_or(0))
        .build()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut errors = 0usize;
    let mut lines = LineReader {
        inner: reader,
        lineno: 0,
        name: name.clone(),
    };
    loop {
        let batch = lines.next_batch()?;
        if batch.is_empty() {
            break;
        }
        let results: Vec<Result<String, String>> = pool.install(|| {
            batch
                .par_iter()
                .map_init(
                    sitrep_core::pipeline::Scratch::default,
                    |scratch, (no, line)| {
                        let line = line.as_ref().map_err(|col| {
                            format!("{name}:{no}: not UTF-8 (invalid byte at column {col})")
                        })?;
                        let art = sitrep_input::from_jsonl_line(&name, *no, line)
                            .map_err(|e| e.to_string())?;
                        let rec = ex.extract_with(&art, scratch);
                        serde_json::to_string(&rec).map_err(|e| format!("{name}:{no}: {e}"))
                    },
                )
                .collect()
        });
        for r in results {
            match r {
                Ok(mut s) => {
                    s.push('\n');
                    out.write_all(s.as_bytes())?;
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("sitrep: {e}");
                }
            }
        }
    }
    out.flush()?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

struct LineReader {
    inner: Box<dyn BufRead>,
    lineno: usize,
    name: String,
}

impl LineReader {
    /// The next batch of non-blank lines with their 1-based numbers; a line
    /// that is not UTF-8 carries the column of its first bad byte instead.
    fn next_batch(&mut self) -> Result<Vec<(usize, Result<String, usize>)>> {
        let mut v = Vec::new();
        let mut bytes = 0;
        while v.len() < BATCH_LINES && bytes < BATCH_BYTES {
            let mut buf = Vec::new();
            let n = self
                .inner
                .read_until(b'\n', &mut buf)
                .with_context(|| self.name.clone())?;
            if n == 0 {
                break;
            }
            self.lineno += 1;
            bytes += n;
            let line = match String::from_utf8(buf) {
                Ok(s) => s,
                Err(e) => {
                    // Reported with the batch's results, in line order.
                    v.push((self.lineno, Err(e.utf8_error().valid_up_to() + 1)));
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            v.push((self.lineno, Ok(line)));
        }
        Ok(v)
    }
}
