//! `sitrep query`: filtered reads of the store as a table, JSONL or CSV.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sitrep_store::Store;
use sitrep_store::query::{self, Column, Filter, What};

/// The shared filter flags of `query` and `export`.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// An actor: Wikidata QID (Q76) or name (whole words of a merged entity's name).
    #[arg(long)]
    pub actor: Option<String>,
    /// PLOVER event type (ASSAULT, CONSULT, …); with `--what entities`, the entity type.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Event or claim status (occurred, planned, disputed, …); for positions, the stance.
    #[arg(long)]
    pub status: Option<String>,
    /// A place: name, GeoNames id, or ISO 3166-1 alpha-2 country code.
    #[arg(long)]
    pub place: Option<String>,
    /// From this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// To this date, inclusive at its precision (2025-03 = to the end of March).
    #[arg(long)]
    pub to: Option<String>,
    /// Issue key of the issue lexicon (ceasefire, sanctions, …).
    #[arg(long)]
    pub issue: Option<String>,
    /// Full-text query over titles and text (SQLite FTS5 syntax: words, "phrases", OR, NOT).
    #[arg(long)]
    pub text: Option<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            event_type: self.event_type.clone(),
            status: self.status.clone(),
            place: self.place.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            issue: self.issue.clone(),
            text: self.text.clone(),
            limit: None,
            offset: 0,
        }
    }
}

#[derive(clap::Args)]
pub struct QueryArgs {
    /// The store file.
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// What to list: articles, entities, events (merged, with counts), claims or positions.
    #[arg(long, default_value = "events", value_parser = ["articles", "entities", "events", "claims", "positions"])]
    pub what: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many rows.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Output format.
    #[arg(long, default_value = "table", value_parser = ["table", "jsonl", "csv"])]
    pub format: String,
}

pub fn query(a: QueryArgs) -> Result<ExitCode> {
    check_limit(a.limit)?;
    let store = open(&a.db)?;
    let what = What::parse(&a.what).context("--what")?;
    let mut filter = a.filter.filter();
    filter.limit = Some(a.limit);
    let table = query::query(store.conn(), what, &filter).map_err(store_error)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format.as_str() {
        "jsonl" => {
            for r in &table.rows {
                serde_json::to_writer(&mut out, &query::object(table.columns, r))?;
                out.write_all(b"\n")?;
            }
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(table.columns.iter().map(|c| c.name))?;
            for r in &table.rows {
                w.write_record(r.iter().map(cell))?;
            }
            w.flush()?;
        }
        _ => write_table(&mut out, table.columns, &table.rows)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Open an existing store read-only, with a one-line error if there is none.
pub fn open(db: &std::path::Path) -> Result<Store> {
    Store::open_read_only(db).map_err(store_error)
}

/// Store errors carry their own context (flag or file): no extra prefix.
pub fn store_error(e: sitrep_store::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// A value as CSV/table text: strings bare, null empty.
pub fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Columns padded to their widest value (capped), one row per line.
fn write_table(
    out: &mut impl Write,
    cols: &[Column],
    rows: &[Vec<serde_json::Value>],
) -> Result<()> {
    const MAX: usize = 48;
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| {
                    let s = cell(v).replace(['\n', '\t'], " ");
                    if s.chars().count() > MAX {
                        let mut t: String = s.chars().take(MAX - 1).collect();
                        t.push('…');
                        t
                    } else {
                        s
                    }
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = cols.iter().map(|c| c.name.len()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, vals: &mut dyn Iterator<Item = &str>| -> Result<()> {
        let mut s = String::new();
        for (i, v) in vals.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(v);
            if i + 1 < widths.len() {
                for _ in v.chars().count()..widths[i] {
                    s.push(' ');
                }
            }
        }
        writeln!(out, "{}", s.trim_end())?;
        Ok(())
    };
    line(out, &mut cols.iter().map(|c| c.name))?;
    for r in &cells {
        line(out, &mut r.iter().map(String::as_str))?;
    }
    if rows.is_empty() {
        writeln!(out, "(no rows)")?;
    }
    Ok(())
}

/// `--limit 0` would print nothing useful; refuse it.
pub fn check_limit(limit: usize) -> Result<()> {
    if limit == 0 {
        bail!("--limit: must be at least 1");
    }
    Ok(())
}
