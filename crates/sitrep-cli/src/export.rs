//! `sitrep export --format jsonl|csv|parquet --out DIR`: the store's merged
//! tables (articles, entities, events, claims, positions), filtered like
//! `sitrep query`, as files other tools read.
//!
//! - `jsonl`: `DIR/<kind>.jsonl`, one object per row, plus `DIR/records.jsonl`
//!   (every stored `sitrep.record/1`, unfiltered).
//! - `csv`: `DIR/<kind>.csv` with a header row.
//! - `parquet`: `DIR/<kind>/date=YYYY-MM/part-0.parquet`, Hive-style, one file
//!   per month of the kind's date column (`date=unknown` for rows without a
//!   date). Columns are typed: strings are UTF8 byte arrays, counts INT64,
//!   coordinates DOUBLE, dates DATE (days since 1970-01-01); every column is
//!   OPTIONAL. The partition key is named `date`, so no column in the files is
//!   (the event day is `event_date`).
//!
//! Every file is written under a temporary name and renamed when complete:
//! an interrupted export leaves no partial file under a final name.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use sitrep_store::query::{self, ColType, Column, Filter, What};
use sitrep_store::{Store, norm};

use crate::query::{FilterArgs, cell, open, store_error};

/// Rows per Parquet row group: bounds the memory an export holds.
const ROW_GROUP: usize = 50_000;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The store file.
    #[arg(long, default_value = "sitrep.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_parser = ["jsonl", "csv", "parquet"])]
    pub format: String,
    /// Output directory (created if missing; files of the same name are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Export only these kinds (comma-separated: articles,entities,events,claims,positions).
    #[arg(long, value_delimiter = ',')]
    pub what: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn export(a: ExportArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let mut kinds = Vec::new();
    for w in &a.what {
        kinds.push(What::parse(w.trim()).with_context(|| {
            format!("--what: `{w}` is not one of articles, entities, events, claims, positions")
        })?);
    }
    if kinds.is_empty() {
        kinds = What::ALL.to_vec();
    }
    let filter = a.filter.filter();
    // Check every filter against every kind before writing anything.
    for &w in &kinds {
        filter.clause(w).map_err(store_error)?;
    }
    std::fs::create_dir_all(&a.out).with_context(|| a.out.display().to_string())?;
    let mut summary = Vec::new();
    for &w in &kinds {
        let n = match a.format.as_str() {
            "jsonl" => write_jsonl(&store, w, &filter, &a.out)?,
            "csv" => write_csv(&store, w, &filter, &a.out)?,
            _ => write_parquet(&store, w, &filter, &a.out)?,
        };
        summary.push(format!("{n} {}", w.name()));
    }
    if a.format == "jsonl" {
        let n = write_records(&store, &a.out)?;
        summary.push(format!("{n} records"));
    }
    eprintln!(
        "sitrep: export: {} to {}",
        summary.join(", "),
        a.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A file written under `NAME.tmp` and renamed over `NAME` by [`Atomic::commit`].
struct Atomic {
    tmp: PathBuf,
    path: PathBuf,
}

impl Atomic {
    fn new(path: PathBuf) -> Atomic {
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        Atomic {
            tmp: tmp.into(),
            path,
        }
    }

    fn create(&self) -> Result<std::fs::File> {
        std::fs::File::create(&self.tmp).with_context(|| self.tmp.display().to_string())
    }

    fn commit(self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.path).with_context(|| self.path.display().to_string())
    }
}

fn write_jsonl(store: &Store, w: What, f: &Filter, dir: &Path) -> Result<u64> {
    let file = Atomic::new(dir.join(format!("{}.jsonl", w.name())));
    let mut out = std::io::BufWriter::new(file.create()?);
    let cols = query::columns(w);
    let mut n = 0u64;
    query::each(store.conn(), w, f, true, |row| {
        n += 1;
        serde_json::to_writer(&mut out, &query::object(cols, row))
            .and_then(|_| out.write_all(b"\n").map_err(serde_json::Error::io))
            .map_err(sitrep_store::Error::Json)
    })
    .map_err(store_error)?;
    out.flush()?;
    drop(out);
    file.commit()?;
    Ok(n)
}

fn write_records(store: &Store, dir: &Path) -> Result<u64> {
    let file = Atomic::new(dir.join("records.jsonl"));
    let mut out = std::io::BufWriter::new(file.create()?);
    let mut n = 0u64;
    query::each_record(store.conn(), |rec| {
        n += 1;
        out.write_all(rec.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
            .map_err(|e| sitrep_store::Error::Json(serde_json::Error::io(e)))
    })
    .map_err(store_error)?;
    out.flush()?;
    drop(out);
    file.commit()?;
    Ok(n)
}

fn write_csv(store: &Store, w: What, f: &Filter, dir: &Path) -> Result<u64> {
    let file = Atomic::new(dir.join(format!("{}.csv", w.name())));
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(file.create()?));
    out.write_record(query::columns(w).iter().map(|c| c.name))?;
    let mut n = 0u64;
    let mut err: Option<csv::Error> = None;
    query::each(store.conn(), w, f, true, |row| {
        n += 1;
        if let Err(e) = out.write_record(row.iter().map(cell)) {
            err.get_or_insert(e);
        }
        Ok(())
    })
    .map_err(store_error)?;
    if let Some(e) = err {
        return Err(e.into());
    }
    out.flush()?;
    drop(out);
    file.commit()?;
    Ok(n)
}

/// The Parquet schema of a kind.
fn message_type(w: What, cols: &[Column]) -> String {
    let mut s = format!("message {} {{\n", w.name());
    for c in cols {
        let t = match c.ty {
            ColType::Text => "BYTE_ARRAY",
            ColType::Int => "INT64",
            ColType::Real => "DOUBLE",
            ColType::Date => "INT32",
        };
        let logical = match c.ty {
            ColType::Text => " (UTF8)",
            ColType::Date => " (DATE)",
            _ => "",
        };
        s.push_str(&format!("  OPTIONAL {t} {}{logical};\n", c.name));
    }
    s.push('}');
    s
}

/// One column's buffered values and definition levels (1 = present).
enum Buf {
    Text(Vec<ByteArray>),
    Int(Vec<i64>),
    Real(Vec<f64>),
    Date(Vec<i32>),
}

struct Partition {
    file: Atomic,
    writer: SerializedFileWriter<std::fs::File>,
    bufs: Vec<Buf>,
    defs: Vec<Vec<i16>>,
    rows: usize,
}

impl Partition {
    fn open(
        dir: &Path,
        schema: &Arc<parquet::schema::types::Type>,
        cols: &[Column],
    ) -> Result<Partition> {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        let file = Atomic::new(dir.join("part-0.parquet"));
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let writer = SerializedFileWriter::new(file.create()?, schema.clone(), props)?;
        let bufs = cols
            .iter()
            .map(|c| match c.ty {
                ColType::Text => Buf::Text(Vec::new()),
                ColType::Int => Buf::Int(Vec::new()),
                ColType::Real => Buf::Real(Vec::new()),
                ColType::Date => Buf::Date(Vec::new()),
            })
            .collect();
        Ok(Partition {
            file,
            writer,
            bufs,
            defs: vec![Vec::new(); cols.len()],
            rows: 0,
        })
    }

    fn push(&mut self, row: &[serde_json::Value]) -> Result<()> {
        for ((buf, def), v) in self.bufs.iter_mut().zip(&mut self.defs).zip(row) {
            let present = match (buf, v) {
                (_, serde_json::Value::Null) => false,
                (Buf::Text(b), v) => {
                    b.push(ByteArray::from(cell(v).into_bytes()));
                    true
                }
                (Buf::Int(b), v) => match v.as_i64() {
                    Some(i) => {
                        b.push(i);
                        true
                    }
                    None => false,
                },
                (Buf::Real(b), v) => match v.as_f64() {
                    Some(x) => {
                        b.push(x);
                        true
                    }
                    None => false,
                },
                (Buf::Date(b), v) => match v.as_str().and_then(norm::day_number) {
                    Some(d) => {
                        b.push(d as i32);
                        true
                    }
                    None => false,
                },
            };
            def.push(present as i16);
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        let mut i = 0;
        while let Some(mut col) = rg.next_column()? {
            let def = &self.defs[i];
            match &self.bufs[i] {
                Buf::Text(v) => {
                    col.typed::<ByteArrayType>()
                        .write_batch(v, Some(def), None)?;
                }
                Buf::Int(v) => {
                    col.typed::<Int64Type>().write_batch(v, Some(def), None)?;
                }
                Buf::Real(v) => {
                    col.typed::<DoubleType>().write_batch(v, Some(def), None)?;
                }
                Buf::Date(v) => {
                    col.typed::<Int32Type>().write_batch(v, Some(def), None)?;
                }
            }
            col.close()?;
            i += 1;
        }
        rg.close()?;
        for b in &mut self.bufs {
            match b {
                Buf::Text(v) => v.clear(),
                Buf::Int(v) => v.clear(),
                Buf::Real(v) => v.clear(),
                Buf::Date(v) => v.clear(),
            }
        }
        for d in &mut self.defs {
            d.clear();
        }
        self.rows = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        self.file.commit()
    }
}

/// The month partition of a row: `YYYY-MM` of its date column, or `unknown`.
fn month(row: &[serde_json::Value], col: usize) -> String {
    match row.get(col).and_then(|v| v.as_str()) {
        Some(d) if d.len() >= 7 && norm::day_number(d).is_some() => d[..7].to_string(),
        _ => "unknown".to_string(),
    }
}

fn write_parquet(store: &Store, w: What, f: &Filter, dir: &Path) -> Result<u64> {
    let cols = query::columns(w);
    let schema = Arc::new(parse_message_type(&message_type(w, cols))?);
    let root = dir.join(w.name());
    // A fresh tree: months from an earlier export must not linger.
    if root.exists() {
        std::fs::remove_dir_all(&root).with_context(|| root.display().to_string())?;
    }
    let date_col = query::date_column(w);
    let mut current: Option<(String, Partition)> = None;
    let mut n = 0u64;
    let mut failure: Option<anyhow::Error> = None;
    // Rows arrive sorted by date, so each month's file is written once.
    query::each(store.conn(), w, f, true, |row| {
        if failure.is_some() {
            return Ok(());
        }
        let m = month(row, date_col);
        let r = (|| -> Result<()> {
            if current.as_ref().is_none_or(|(cm, _)| *cm != m) {
                if let Some((_, p)) = current.take() {
                    p.finish()?;
                }
                let p = Partition::open(&root.join(format!("date={m}")), &schema, cols)?;
                current = Some((m, p));
            }
            if let Some((_, p)) = current.as_mut() {
                p.push(row)?;
            }
            Ok(())
        })();
        match r {
            Ok(()) => n += 1,
            Err(e) => failure = Some(e),
        }
        Ok(())
    })
    .map_err(store_error)?;
    if let Some(e) = failure {
        return Err(e);
    }
    if let Some((_, p)) = current.take() {
        p.finish()?;
    }
    Ok(n)
}
