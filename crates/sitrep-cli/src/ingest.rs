//! `sitrep ingest PATH…`: articles into the corpus store.
//!
//! Three stages, each bounded so memory stays flat however large the input:
//! a reader thread walks the inputs in order and cuts them into batches of
//! jobs; the calling thread extracts each batch in parallel (rayon); one
//! writer thread stores the records, a few dozen per transaction, and
//! reports an article done (`--list`, the progress bar, the summary) only
//! after its transaction has committed. A `kill -9` therefore loses at most
//! uncommitted work, which a re-run redoes; articles already stored are
//! recognised by content hash or URL and skipped.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use sitrep_input::Article;
use sitrep_store::{Outcome, Prepared, Store};

/// Jobs per parallel batch (as `extract --jsonl`).
const BATCH_JOBS: usize = 256;
/// Bytes per parallel batch.
const BATCH_BYTES: usize = 16 << 20;
/// Articles per write transaction: each commit flushes the full-text
/// index's pending terms and writes the hot pages of indexes and merged rows
/// to the WAL again, so fewer, larger commits are cheaper (1,024 articles
/// instead of 256: 3.4% fewer writer instructions, and fewer WAL frames;
/// 512 ingests as fast as 1,024 in practice, with 180 MB peak RSS, not 250).
/// The writer is faster than extraction, so it waits for more batches, up
/// to [`COMMIT_WAIT`] after the first: an article is reported done at most
/// that long after it was extracted, plus the commit.
const COMMIT_EVERY: usize = 2 * BATCH_JOBS;
/// How long the writer waits for more batches before committing fewer than
/// [`COMMIT_EVERY`] articles.
const COMMIT_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories (recursive, sorted): text or HTML articles, `.jsonl` batches
    /// (one {"id","text"|"html",...} per line), RSS/Atom feed files (`.rss`, `.atom`, `.xml`).
    pub paths: Vec<PathBuf>,
    /// The store file (created if missing).
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Fetch and ingest an RSS/Atom feed (needs a sitrep built with `--features net`).
    #[arg(long = "feed", value_name = "URL")]
    pub feeds: Vec<String>,
    /// Extraction threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Print one line per article once it is committed:
    /// `added|duplicate|failed <TAB> store id <TAB> input`.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub data: crate::DataArgs,
}

/// One unit of extraction work, carrying the input bytes it accounts for.
enum Job {
    /// A text or HTML file.
    File {
        label: String,
        stem: String,
        bytes: Vec<u8>,
    },
    /// A JSONL line (or the column of its first non-UTF-8 byte).
    Line {
        name: std::sync::Arc<str>,
        no: usize,
        line: Result<String, usize>,
    },
    /// A feed entry, already an article.
    Item {
        label: String,
        article: Article,
        size: usize,
    },
    /// An input that could not be read at all.
    Failed { label: String, message: String },
}

impl Job {
    fn size(&self) -> usize {
        match self {
            Job::File { bytes, .. } => bytes.len(),
            Job::Line { line, .. } => line.as_ref().map_or(0, |l| l.len()),
            Job::Item { size, .. } => *size,
            Job::Failed { .. } => 0,
        }
    }
}

/// What extraction made of a job: an article ready to store, or an error.
struct Done {
    label: String,
    size: usize,
    result: Result<Prepared, String>,
}

pub fn ingest(a: IngestArgs) -> Result<ExitCode> {
    if a.paths.is_empty() && a.feeds.is_empty() {
        bail!("ingest: give at least one file, directory or --feed URL");
    }
    if !a.feeds.is_empty() && !cfg!(feature = "net") {
        bail!(
            "--feed: this sitrep was built without network support; rebuild with `cargo build --features net`, or save the feed to a file and ingest that"
        );
    }
    // Fail early on missing paths: one line naming the file, nothing stored.
    for p in &a.paths {
        if !p.exists() {
            bail!("{}: no such file or directory", p.display());
        }
    }
    let files = expand(&a.paths)?;
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    // The users' data files first: a bad one must not leave a new, empty store behind.
    let ex = crate::extractor_with(&a.data)?;
    let store = Store::open(&a.db).with_context(|| a.db.display().to_string())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs.unwrap_or(0))
        .build()?;

    let (job_tx, job_rx) = sync_channel::<Vec<Job>>(1);
    // Two batches in flight: extraction goes on while the writer commits (four measured no faster).
    let (done_tx, done_rx) = sync_channel::<Vec<Done>>(2);
    let feeds = a.feeds.clone();
    let reader = std::thread::Builder::new()
        .name("ingest-reader".into())
        .spawn(move || read_inputs(&files, &feeds, job_tx))?;
    let bar = progress(total);
    let list = a.list;
    let writer = std::thread::Builder::new()
        .name("ingest-writer".into())
        .spawn(move || write_all(store, total, done_rx, list, bar))?;

    for batch in job_rx.iter() {
        let done: Vec<Done> = pool.install(|| {
            batch
                .into_par_iter()
                .map_init(sitrep_core::pipeline::Scratch::default, |scratch, job| {
                    extract_job(&ex, scratch, job)
                })
                .collect()
        });
        if done_tx.send(done).is_err() {
            break; // the writer failed; its error is reported below
        }
    }
    // Unblock the reader if the writer stopped early.
    drop(job_rx);
    drop(done_tx);
    let read = reader
        .join()
        .map_err(|_| anyhow::anyhow!("ingest: the input reader panicked"))?;
    let counts = writer
        .join()
        .map_err(|_| anyhow::anyhow!("ingest: the writer panicked"))??;
    read?;
    let secs = counts.started.elapsed().as_secs_f64();
    eprintln!(
        "sitrep: ingest: {} added, {} duplicates, {} failed into {} ({:.1} MB in {:.1} s)",
        counts.added,
        counts.duplicates,
        counts.failed,
        a.db.display(),
        counts.bytes as f64 / 1e6,
        secs
    );
    Ok(if counts.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Directories become their files, recursively, sorted by path; hidden
/// entries and files of other kinds inside directories are skipped. Files
/// named explicitly are always taken.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| dir.display().to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        let meta = std::fs::symlink_metadata(&p).with_context(|| p.display().to_string())?;
        if meta.is_dir() {
            walk(&p, out)?;
        } else if kind_by_extension(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Article,
    Jsonl,
    Feed,
}

fn kind_by_extension(p: &Path) -> Option<Kind> {
    let ext = p.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" | "html" | "htm" | "xhtml" | "md" => Kind::Article,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "rss" | "atom" | "xml" => Kind::Feed,
        _ => return None,
    })
}

/// Feeds named without a feed extension are recognised by their first tag.
fn sniff_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml") && !t.contains("<html"))
        || t.starts_with("<rss")
        || t.starts_with("<feed")
}

/// Batches jobs to the extraction stage, in input order.
struct Batcher {
    tx: SyncSender<Vec<Job>>,
    batch: Vec<Job>,
    bytes: usize,
}

impl Batcher {
    /// False when the consumer has gone (a fatal error downstream).
    fn push(&mut self, job: Job) -> bool {
        self.bytes += job.size();
        self.batch.push(job);
        if self.batch.len() >= BATCH_JOBS || self.bytes >= BATCH_BYTES {
            return self.flush();
        }
        true
    }

    /// A file that could not be read: one failed job naming it.
    fn push_failed(&mut self, label: &str, e: &std::io::Error) -> bool {
        self.push(Job::Failed {
            label: label.to_string(),
            message: format!("{label}: {e}"),
        })
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        if self.batch.is_empty() {
            return true;
        }
        self.tx.send(std::mem::take(&mut self.batch)).is_ok()
    }
}

fn read_inputs(files: &[PathBuf], feeds: &[String], tx: SyncSender<Vec<Job>>) -> Result<()> {
    let mut b = Batcher {
        tx,
        batch: Vec::with_capacity(BATCH_JOBS),
        bytes: 0,
    };
    for f in files {
        let label = f.display().to_string();
        let kind = kind_by_extension(f);
        if kind == Some(Kind::Jsonl) {
            let file = match std::fs::File::open(f) {
                Ok(x) => x,
                Err(e) => {
                    if !b.push_failed(&label, &e) {
                        return Ok(());
                    }
                    continue;
                }
            };
            let name: std::sync::Arc<str> = label.clone().into();
            let mut lines = crate::LineReader {
                inner: Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
                lineno: 0,
                name: label.clone(),
            };
            loop {
                let batch = lines.next_batch()?;
                if batch.is_empty() {
                    break;
                }
                for (no, line) in batch {
                    if !b.push(Job::Line {
                        name: name.clone(),
                        no,
                        line,
                    }) {
                        return Ok(());
                    }
                }
            }
            continue;
        }
        let bytes = match std::fs::read(f) {
            Ok(x) => x,
            Err(e) => {
                if !b.push_failed(&label, &e) {
                    return Ok(());
                }
                continue;
            }
        };
        if kind == Some(Kind::Feed) || (kind.is_none() && sniff_feed(&bytes)) {
            for job in feed_jobs(&label, &bytes) {
                if !b.push(job) {
                    return Ok(());
                }
            }
            continue;
        }
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !b.push(Job::File { label, stem, bytes }) {
            return Ok(());
        }
    }
    for url in feeds {
        let jobs = match fetch(url) {
            Ok(bytes) => feed_jobs(url, &bytes),
            Err(e) => vec![Job::Failed {
                label: url.clone(),
                message: format!("{url}: {e}"),
            }],
        };
        for job in jobs {
            if !b.push(job) {
                return Ok(());
            }
        }
    }
    b.flush();
    Ok(())
}

#[cfg(feature = "net")]
fn fetch(url: &str) -> Result<Vec<u8>> {
    let mut resp = ureq::get(url).call().map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(bytes)
}

#[cfg(not(feature = "net"))]
fn fetch(_url: &str) -> Result<Vec<u8>> {
    bail!("built without network support")
}

/// A feed's entries as articles: content (else summary) read as HTML, the
/// first link as URL, the published (else updated) date, the feed title as
/// source. A feed that does not parse is one failed job naming the file.
fn feed_jobs(label: &str, bytes: &[u8]) -> Vec<Job> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Job::Failed {
                label: label.to_string(),
                message: format!(
                    "{label}: not a valid RSS/Atom feed: {}",
                    one_line_str(&e.to_string())
                ),
            }];
        }
    };
    let source = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let n = feed.entries.len().max(1);
    let size = bytes.len() / n;
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, e) in feed.entries.into_iter().enumerate() {
        let item_label = format!("{label}#{}", i + 1);
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let mut art = if body.contains('<') {
            sitrep_input::html::extract(&format!(
                "<html><body><article>{body}</article></body></html>"
            ))
        } else {
            Article {
                text: sitrep_input::normalize_text(&body),
                ..Article::default()
            }
        };
        let title = e.title.as_ref().map(|t| t.content.trim().to_string());
        if let Some(t) = &title {
            // The headline leads the text, as in a page.
            if !art.text.starts_with(t.as_str()) && !art.text.trim().is_empty() {
                art.text = format!("{t}\n{}", art.text);
            }
        }
        art.title = title.or(art.title);
        art.url = e.links.first().map(|l| l.href.clone()).or(art.url);
        art.published = e
            .published
            .or(e.updated)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or(art.published);
        art.source = art.source.or_else(|| source.clone());
        art.id = Some(if e.id.is_empty() {
            item_label.clone()
        } else {
            e.id
        });
        out.push(Job::Item {
            label: item_label,
            article: art,
            size,
        });
    }
    out
}

fn one_line_str(s: &str) -> String {
    s.replace('\n', " ")
}

fn extract_job(
    ex: &sitrep::Extractor,
    scratch: &mut sitrep_core::pipeline::Scratch,
    job: Job,
) -> Done {
    let size = job.size();
    let (label, art) = match job {
        Job::Failed { label, message } => {
            return Done {
                label,
                size,
                result: Err(message),
            };
        }
        Job::File { label, stem, bytes } => match sitrep_input::from_bytes(&label, &bytes) {
            Ok(mut art) => {
                art.id = art.id.or(Some(stem));
                (label, art)
            }
            Err(e) => {
                return Done {
                    label,
                    size,
                    result: Err(e.to_string()),
                };
            }
        },
        Job::Line { name, no, line } => {
            let label = format!("{name}:{no}");
            let line = match line {
                Ok(l) => l,
                Err(col) => {
                    return Done {
                        result: Err(format!("{label}: not UTF-8 (invalid byte at column {col})")),
                        label,
                        size,
                    };
                }
            };
            match sitrep_input::from_jsonl_line(&name, no, &line) {
                Ok(mut art) => {
                    art.id = art.id.or_else(|| Some(label.clone()));
                    (label, art)
                }
                Err(e) => {
                    return Done {
                        label,
                        size,
                        result: Err(e.to_string()),
                    };
                }
            }
        }
        Job::Item { label, article, .. } => (label, article),
    };
    let rec = ex.extract_with(&art, scratch);
    let result = Prepared::new(rec, Some(label.clone())).map_err(|e| format!("{label}: {e}"));
    Done {
        label,
        size,
        result,
    }
}

struct Counts {
    added: u64,
    duplicates: u64,
    failed: u64,
    bytes: u64,
    started: Instant,
}

fn progress(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(bar)
}

/// The single writer: stores each batch in transactions of [`COMMIT_EVERY`]
/// articles, and only then reports them. A load larger than the store is a
/// bulk load (query indexes built once at the end: [`Store::begin_bulk`]).
fn write_all(
    mut store: Store,
    input_bytes: u64,
    rx: Receiver<Vec<Done>>,
    list: bool,
    bar: Option<indicatif::ProgressBar>,
) -> Result<Counts> {
    store
        .begin_bulk(input_bytes)
        .context("ingest: preparing the store")?;
    let counts = write_batches(&mut store, rx, list, bar.as_ref());
    if let Some(b) = &bar {
        b.set_message("building indexes");
    }
    // Also after a failed batch: what was committed gets its indexes now.
    let built = store.end_bulk().context("ingest: building the indexes");
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let counts = counts?;
    built?;
    store.checkpoint().context("ingest: checkpoint")?;
    Ok(counts)
}

fn write_batches(
    store: &mut Store,
    rx: Receiver<Vec<Done>>,
    list: bool,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<Counts> {
    let mut c = Counts {
        added: 0,
        duplicates: 0,
        failed: 0,
        bytes: 0,
        started: Instant::now(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut prepared: Vec<Prepared> = Vec::with_capacity(COMMIT_EVERY);
    let mut labels: Vec<(String, usize)> = Vec::with_capacity(COMMIT_EVERY);
    while let Ok(mut batch) = rx.recv() {
        // More batches join this transaction while they come within COMMIT_WAIT.
        let deadline = Instant::now() + COMMIT_WAIT;
        while batch.len() < COMMIT_EVERY {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(more) => batch.extend(more),
                Err(_) => break, // timed out, or the input has ended
            }
        }
        let mut it = batch.into_iter().peekable();
        while it.peek().is_some() {
            prepared.clear();
            labels.clear();
            let mut errors: Vec<(String, String, usize)> = Vec::new();
            for d in it.by_ref().take(COMMIT_EVERY) {
                match d.result {
                    Ok(p) => {
                        labels.push((d.label, d.size));
                        prepared.push(p);
                    }
                    Err(e) => errors.push((d.label, e, d.size)),
                }
            }
            let outcomes = store
                .insert_batch(&prepared)
                .context("ingest: writing the store")?;
            // Committed: now report.
            for ((label, size), o) in labels.iter().zip(&outcomes) {
                c.bytes += *size as u64;
                let (what, id) = match o {
                    Outcome::Added(id) => {
                        c.added += 1;
                        ("added", *id)
                    }
                    Outcome::Duplicate { existing, .. } => {
                        c.duplicates += 1;
                        ("duplicate", *existing)
                    }
                };
                if list {
                    writeln!(out, "{what}\t{id}\t{label}")?;
                }
            }
            for (label, e, size) in errors {
                c.failed += 1;
                c.bytes += size as u64;
                if let Some(b) = bar {
                    b.suspend(|| eprintln!("sitrep: {}", one_line_str(&e)));
                } else {
                    eprintln!("sitrep: {}", one_line_str(&e));
                }
                if list {
                    writeln!(out, "failed\t-\t{label}")?;
                }
            }
            out.flush()?;
            if let Some(b) = bar {
                b.set_position(c.bytes);
                b.set_message(format!(
                    "{} added, {} dup, {} failed",
                    c.added, c.duplicates, c.failed
                ));
            }
        }
    }
    Ok(c)
}
