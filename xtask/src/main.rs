//! Project chores, run as `cargo xtask <task>` (alias in `.cargo/config.toml`):
//!
//! - `train-ner`: train the named-entity tagger from `../shared/corpora` and
//!   write `data/models/ner.bin` (reproducible: fixed seed, sorted inputs).

mod corpora;

use anyhow::{Context, Result, bail};
use sitrep_core::ner::train::{TrainDoc, TrainSeg, train};
use std::path::PathBuf;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train-ner") => train_ner(&args[1..]),
        Some("dump-spans") => dump_spans(args.get(1).map(String::as_str).unwrap_or("")),
        _ => {
            eprintln!(
                "usage: cargo xtask train-ner [--out FILE] [--iters N] [--exclude DOC_ID,...] [--shared DIR]"
            );
            std::process::exit(2);
        }
    }
}

fn train_ner(args: &[String]) -> Result<()> {
    let mut out = PathBuf::from("data/models/ner.bin");
    let mut iters = 12usize;
    let mut exclude: Vec<String> = Vec::new();
    let mut shared = PathBuf::from("../shared");
    let mut gum_weight = 1usize;
    let mut uner = true;
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--out" => out = PathBuf::from(v),
            "--iters" => iters = v.parse().context("--iters")?,
            "--exclude" => {
                exclude = v
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            }
            "--shared" => shared = PathBuf::from(v),
            "--gum-weight" => gum_weight = v.parse().context("--gum-weight")?,
            "--no-uner" => {
                uner = false;
                i -= 1;
            }
            a => bail!("unknown argument {a}"),
        }
        i += 2;
    }
    let res =
        sitrep::Resources::load(&sitrep::Options::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let lex = res.ner_lexicon.clone();
    let c = shared.join("corpora");
    let mut docs: Vec<corpora::GoldDoc> = Vec::new();
    for f in ["gum-news/docs.jsonl", "gum-news/other-genres/docs.jsonl"] {
        let mut v = corpora::load_gum(&c.join(f))?;
        v.retain(|d| !exclude.contains(&d.id));
        eprintln!("{f}: {} documents", v.len());
        for _ in 0..gum_weight {
            docs.extend(v.iter().map(|d| corpora::GoldDoc {
                id: d.id.clone(),
                text: d.text.clone(),
                spans: d.spans.clone(),
            }));
        }
    }
    let uner_files: &[&str] = if uner {
        &[
            "uner-en-ewt/en_ewt-ud-dev.iob2",
            "uner-en-ewt/en_ewt-ud-test.iob2",
        ]
    } else {
        &[]
    };
    for f in uner_files {
        let v = corpora::load_iob2(&c.join(f))?;
        eprintln!("{f}: {} documents", v.len());
        docs.extend(v);
    }
    let mut train_docs = Vec::with_capacity(docs.len());
    let (mut ntok, mut nspan, mut lost) = (0usize, 0usize, 0usize);
    for g in &docs {
        let (td, l) = corpora::to_train_doc(g, &lex);
        lost += l;
        nspan += g.spans.len();
        ntok += td.attrs.len();
        train_docs.push(td);
    }
    eprintln!(
        "{} docs, {ntok} tokens, {nspan} gold spans ({lost} not on token boundaries)",
        train_docs.len()
    );
    let bytes = train(&train_docs, iters, 0x5eed, |l| eprintln!("{l}"));
    // Write beside the target and rename: a build that embeds the model while
    // training runs must never see half a file.
    let tmp = out.with_extension("bin.tmp");
    std::fs::write(&tmp, &bytes).with_context(|| tmp.display().to_string())?;
    std::fs::rename(&tmp, &out).with_context(|| out.display().to_string())?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    let _ = (
        TrainDoc {
            attrs: vec![],
            segs: vec![],
        },
        TrainSeg {
            a: 0,
            b: 0,
            kind: sitrep_core::doc::SegmentKind::Sentence,
            gold: vec![],
        },
    );
    Ok(())
}

/// Print a corpus's projected gold spans (debugging the projection).
pub fn dump_spans(path: &str) -> Result<()> {
    for d in corpora::load_gum(std::path::Path::new(path))?
        .iter()
        .take(3)
    {
        for &(s, e, c) in &d.spans {
            println!(
                "{}\t{}\t{}",
                d.id,
                ["", "PER", "ORG", "LOC", "MISC"][c as usize],
                &d.text[s..e]
            );
        }
    }
    Ok(())
}
