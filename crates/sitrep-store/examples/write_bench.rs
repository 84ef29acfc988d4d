//! The single writer's cost alone: records (the output of
//! `sitrep extract --jsonl`) are parsed and prepared first, then stored in
//! batches of 256 as `sitrep ingest` does, and only the storing is timed
//! (thread CPU time, so other processes' load does not count).
//!
//!     cargo run --release -p sitrep-store --example write_bench -- RECORDS.jsonl STORE.db
use std::io::BufRead;

fn thread_cpu() -> f64 {
    // Linux: this thread's user+sys time, from /proc (no libc dependency).
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = s.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields after the command: state is 0, utime 11, stime 12 (clock ticks, 100 Hz).
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(db)) = (args.get(1), args.get(2)) else {
        return Err("usage: write_bench RECORDS.jsonl STORE.db".into());
    };
    let file = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut prepared = Vec::new();
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: sitrep_record::Record = serde_json::from_str(&line)?;
        let mut p = sitrep_store::Prepared::new(rec, None)?;
        if std::env::var_os("WRITE_BENCH_NO_RECORD").is_some() {
            p.record_z.clear();
        }
        prepared.push(p);
    }
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{ext}"));
    }
    // Experiments on the file before the store creates it (page_size, auto_vacuum).
    if let Ok(sql) = std::env::var("WRITE_BENCH_PRE_SQL") {
        let c = rusqlite::Connection::open(db)?;
        c.execute_batch(&sql)?;
    }
    let mut store = sitrep_store::Store::open(db)?;
    // Experiments: WRITE_BENCH_SQL="PRAGMA …;" and WRITE_BENCH_BATCH=articles per transaction.
    if let Ok(sql) = std::env::var("WRITE_BENCH_SQL") {
        store.conn().execute_batch(&sql)?;
    }
    let per_tx: usize = std::env::var("WRITE_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let t0 = std::time::Instant::now();
    let c0 = thread_cpu();
    // As `sitrep ingest` does (WRITE_BENCH_NO_BULK=1: indexes kept up to date row by row).
    let bulk = std::env::var_os("WRITE_BENCH_NO_BULK").is_none();
    if bulk {
        store.begin_bulk(std::fs::metadata(input)?.len())?;
    }
    for batch in prepared.chunks(per_tx.max(1)) {
        store.insert_batch(batch)?;
    }
    store.end_bulk()?;
    store.checkpoint()?;
    let cpu = thread_cpu() - c0;
    println!(
        "{} articles: writer CPU {:.2} s ({:.3} ms/article), wall {:.2} s",
        prepared.len(),
        cpu,
        cpu * 1000.0 / prepared.len() as f64,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
