//! Build script: packs `data/gazetteer.tsv` into the binary form that
//! `sitrep_core::places::Gazetteer::from_packed` reads in place, so that
//! start-up does not parse and index 240,000 rows (about 0.25 s of CPU) but
//! only checks a header. Name keys come from the very file the pipeline folds
//! mentions with (`sitrep-core/src/places/fold.rs`, included below), so the
//! two cannot drift apart; the facade's tests compare packed and parsed
//! lookups row by row.
//!
//! Layout (little-endian), version `SRGAZ001`:
//! - magic (8 bytes), then `u32` row count, `u32` index length, `u32` names length;
//! - rows sorted by id, 40 bytes each: id `u32`, lat `f32`, lon `f32`,
//!   population `u32`, name offset `u32`, name length `u16`, country `[u8; 2]`,
//!   feature `[u8; 8]`, admin1 `[u8; 8]` (both zero-padded);
//! - the index sorted by (hash, value), 12 bytes each: key hash `u64`, value
//!   `u32` = row << 1 | 1 when matched only by an alternate name;
//! - the names, UTF-8, concatenated;
//! - `u32` count, then the rows of countries (feature `PCL*` but not sitrep's union code `PCLU`, or
//!   `TERR`), `u32` each, so that start-up finds them without reading every row.

use std::io::Write;
use std::path::Path;

#[allow(dead_code)]
#[path = "../sitrep-core/src/places/fold.rs"]
mod fold;

const MAGIC: &[u8; 8] = b"SRGAZ001";

struct Row<'a> {
    id: u32,
    name: &'a str,
    ascii: &'a str,
    alts: &'a str,
    lat: f32,
    lon: f32,
    cc: [u8; 2],
    admin1: [u8; 8],
    feature: [u8; 8],
    population: u32,
}

fn pack8(s: &str) -> [u8; 8] {
    let mut b = [0u8; 8];
    let mut n = 0;
    for c in s.chars() {
        let l = c.len_utf8();
        if n + l > 8 {
            break;
        }
        c.encode_utf8(&mut b[n..n + l]);
        n += l;
    }
    b
}

fn main() {
    // The manifest directory at run time, not `env!` at the script's compile
    // time: a target directory shared between checkouts must not pack another
    // checkout's file. The relative rerun path is resolved by cargo against
    // this package, for the same reason.
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let src = Path::new(&dir).join("../../data/gazetteer.tsv");
    println!("cargo:rerun-if-changed=../../data/gazetteer.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../sitrep-core/src/places/fold.rs");
    let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let mut rows: Vec<Row> = Vec::with_capacity(250_000);
    let mut header = false;
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !header {
            assert!(
                line.starts_with("id\tname\tascii\talternates\t"),
                "gazetteer.tsv:{}: header",
                n + 1
            );
            header = true;
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        assert!(
            c.len() >= 10,
            "gazetteer.tsv:{}: {} columns",
            n + 1,
            c.len()
        );
        let bad = |what: &str| -> ! { panic!("gazetteer.tsv:{}: bad {what}", n + 1) };
        let cc = match c[6].trim().as_bytes() {
            [] => [0, 0],
            [a, b] => [*a, *b],
            _ => bad("country"),
        };
        rows.push(Row {
            id: c[0].trim().parse().unwrap_or_else(|_| bad("id")),
            name: c[1].trim(),
            ascii: c[2].trim(),
            alts: c[3],
            lat: c[4].trim().parse().unwrap_or_else(|_| bad("lat")),
            lon: c[5].trim().parse().unwrap_or_else(|_| bad("lon")),
            cc,
            admin1: pack8(c[7].trim()),
            feature: pack8(c[8].trim()),
            population: if c[9].trim().is_empty() {
                0
            } else {
                c[9].trim()
                    .parse::<u64>()
                    .unwrap_or_else(|_| bad("population")) as u32
            },
        });
    }
    rows.sort_by_key(|r| r.id);
    let mut names = String::new();
    let mut index: Vec<(u64, u32)> = Vec::with_capacity(rows.len() * 3);
    let mut key = String::new();
    let mut push = |s: &str, row: u32, alt: bool, index: &mut Vec<(u64, u32)>| {
        fold::key_into(s, &mut key);
        if !key.is_empty() {
            index.push((fold::hash(&key), row << 1 | u32::from(alt)));
        }
    };
    let mut out: Vec<u8> = Vec::with_capacity(rows.len() * 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let counts_at = out.len();
    out.extend_from_slice(&[0u8; 8]);
    for (i, r) in rows.iter().enumerate() {
        let i = i as u32;
        let off = names.len() as u32;
        names.push_str(r.name);
        out.extend_from_slice(&r.id.to_le_bytes());
        out.extend_from_slice(&r.lat.to_le_bytes());
        out.extend_from_slice(&r.lon.to_le_bytes());
        out.extend_from_slice(&r.population.to_le_bytes());
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(&(r.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&r.cc);
        out.extend_from_slice(&r.feature);
        out.extend_from_slice(&r.admin1);
        push(r.name, i, false, &mut index);
        if !r.ascii.is_empty() {
            push(r.ascii, i, false, &mut index);
        }
        for a in r.alts.split('|').filter(|a| !a.is_empty()) {
            push(a, i, true, &mut index);
        }
    }
    index.sort_unstable();
    index.dedup_by(|b, a| a.0 == b.0 && a.1 >> 1 == b.1 >> 1);
    for (h, v) in &index {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(names.as_bytes());
    // Same rule as `Kind::of` gives `Kind::Country`; the facade's tests compare the two.
    let countries: Vec<u32> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            (r.feature.starts_with(b"PCL") && r.feature != pack8("PCLU"))
                || r.feature == pack8("TERR")
        })
        .map(|(i, _)| i as u32)
        .collect();
    out.extend_from_slice(&(countries.len() as u32).to_le_bytes());
    for c in countries {
        out.extend_from_slice(&c.to_le_bytes());
    }
    out[counts_at..counts_at + 4].copy_from_slice(&(index.len() as u32).to_le_bytes());
    out[counts_at + 4..counts_at + 8].copy_from_slice(&(names.len() as u32).to_le_bytes());
    let dst = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.bin");
    let mut f = std::fs::File::create(&dst).unwrap_or_else(|e| panic!("{}: {e}", dst.display()));
    f.write_all(&out)
        .unwrap_or_else(|e| panic!("{}: {e}", dst.display()));
}
