//! Readers for the annotated corpora in `../shared/corpora`, and the projection
//! of their gold names onto sitrep's own tokens.
//!
//! GUM marks every referring expression as a (possibly nested) noun phrase;
//! a tagger needs flat name spans. For each proper-noun-headed mention we take
//! the run of proper nouns around its head (bridging "of", "the", "and"...),
//! innermost mentions first, and drop leading titles from person names, so that
//! "U.S. President Donald Trump" yields "U.S." (place) and "Donald Trump"
//! (person).

use anyhow::{Context, Result};
use serde_json::Value;
use sitrep_core::doc::{Doc, DocMeta, SegmentKind};
use sitrep_core::ner::features::doc_attrs;
use sitrep_core::ner::lexicon::NerLexicon;
use sitrep_core::ner::train::{TrainDoc, TrainSeg};
use sitrep_core::pipeline::{Scratch, Stage};
use sitrep_core::text::{SegmentStage, TokenizeStage};
use std::path::Path;

/// Entity classes of the tagger (index into B-/I- label pairs): 1 PER, 2 ORG, 3 LOC, 4 MISC.
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    /// Byte spans with class.
    pub spans: Vec<(usize, usize, u8)>,
}

const BRIDGES: &[&str] = &[
    "of", "the", "and", "for", "&", "de", "du", "la", "le", "von", "van", "der", "al", "bin", "on",
    "at", "'s",
];
const TITLES: &[&str] = &[
    "president",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "administrator",
    "ambassador",
    "prime",
    "minister",
    "king",
    "queen",
    "pope",
    "general",
    "gen.",
    "dr.",
    "dr",
    "mr.",
    "mr",
    "mrs.",
    "ms.",
    "prof.",
    "professor",
    "chancellor",
    "secretary",
    "representative",
    "rep.",
    "judge",
    "justice",
    "mayor",
    "chairman",
    "director",
    "captain",
    "capt.",
    "lt.",
    "col.",
    "sgt.",
    "sir",
    "lord",
    "lady",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "chief",
    "commander",
    "deputy",
    "vice",
    "former",
    "foreign",
    "defense",
    "defence",
    "leader",
    "coach",
    "striker",
    "midfielder",
    "goalkeeper",
    "defender",
    "saint",
    "st.",
    "first",
];

fn cp_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

pub fn load_gum(path: &Path) -> Result<Vec<GoldDoc>> {
    let s = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let mut out = Vec::new();
    for line in s.lines().filter(|l| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line)?;
        out.push(gum_doc(&d));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn gum_doc(d: &Value) -> GoldDoc {
    let text = d["text"].as_str().unwrap_or("").to_string();
    let c2b = cp_to_byte(&text);
    let toks = &d["tokens"];
    let arr = |k: &str| toks[k].as_array().cloned().unwrap_or_default();
    let (starts, ends, xpos, forms) = (arr("start"), arr("end"), arr("xpos"), arr("form"));
    let n = starts.len();
    let proper: Vec<bool> = xpos
        .iter()
        .map(|x| matches!(x.as_str(), Some("NNP") | Some("NNPS")))
        .collect();
    let form = |i: usize| forms[i].as_str().unwrap_or("").to_lowercase();
    let mut label = vec![0u8; n];
    let mut ms: Vec<&Value> = d["mentions"]
        .as_array()
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    ms.sort_by_key(|m| m["tok_end"].as_u64().unwrap_or(0) - m["tok_start"].as_u64().unwrap_or(0));
    for m in ms {
        let et = m["etype"].as_str().unwrap_or("");
        let class = match et {
            "person" => 1,
            "organization" => 2,
            "place" => 3,
            "time" | "quantity" => continue,
            _ => 4,
        };
        let (a, b) = (
            m["tok_start"].as_u64().unwrap_or(0) as usize,
            m["tok_end"].as_u64().unwrap_or(0) as usize,
        );
        let b = b.min(n);
        let head = m["head_tok"].as_u64().unwrap_or(0) as usize;
        if a >= b {
            continue;
        }
        // Plural proper nouns naming people are nationalities or groups ("Muslims"): not names.
        if class == 1 && head < n && xpos[head].as_str() == Some("NNPS") {
            continue;
        }
        // Inner names keep their labels ("United States" in "United States Navy"),
        // as the evaluation counts them; only a mention headed by a proper noun
        // names something other than a person, organisation or place.
        let head_proper = head >= a && head < b && proper[head];
        let overwrite = false;
        if class == 4 && !head_proper {
            continue;
        }
        let anchor = if head_proper && (overwrite || label[head] == 0) {
            Some(head)
        } else {
            let mut mins: Vec<usize> = m["minspan_toks"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(Value::as_u64)
                        .map(|x| x as usize)
                        .collect()
                })
                .unwrap_or_default();
            mins.sort_unstable();
            mins.into_iter()
                .rev()
                .find(|&t| t < n && proper[t] && label[t] == 0)
        };
        let Some(h) = anchor else { continue };
        let ok = |i: usize| proper[i] && (overwrite || label[i] == 0);
        let (mut s, mut e) = (h, h + 1);
        loop {
            if s > a && ok(s - 1) {
                s -= 1;
            } else if s > a + 1
                && BRIDGES.contains(&form(s - 1).as_str())
                && (overwrite || label[s - 1] == 0)
                && ok(s - 2)
                && form(s - 1) != "the"
            {
                s -= 2;
            } else {
                break;
            }
        }
        loop {
            if e < b && ok(e) {
                e += 1;
            } else if e + 1 < b
                && BRIDGES.contains(&form(e).as_str())
                && (overwrite || label[e] == 0)
                && {
                    // "of the X": skip one or two bridge words.
                    let mut k = e;
                    while k < b && BRIDGES.contains(&form(k).as_str()) && k < e + 2 {
                        k += 1;
                    }
                    k < b && ok(k)
                }
            {
                while BRIDGES.contains(&form(e).as_str()) {
                    e += 1;
                }
            } else {
                break;
            }
        }
        if class == 1 {
            while s < h && TITLES.contains(&form(s).as_str()) {
                s += 1;
            }
        }
        // Keep an org's leading "the" out, and never end on a bridge.
        while e > s + 1 && BRIDGES.contains(&form(e - 1).as_str()) {
            e -= 1;
        }
        for l in label.iter_mut().take(e).skip(s) {
            *l = class;
        }
    }
    // Label runs → byte spans (adjacent tokens of one class inside one mention run are one span;
    // a class change starts a new span).
    let mut spans = Vec::new();
    let mut i = 0;
    while i < n {
        if label[i] == 0 {
            i += 1;
            continue;
        }
        let c = label[i];
        let s = i;
        while i < n && label[i] == c {
            i += 1;
        }
        let bs = c2b[(starts[s].as_u64().unwrap_or(0) as usize).min(c2b.len() - 1)];
        let be = c2b[(ends[i - 1].as_u64().unwrap_or(0) as usize).min(c2b.len() - 1)];
        spans.push((bs, be, c));
    }
    GoldDoc {
        id: d["doc_id"].as_str().unwrap_or("").to_string(),
        text,
        spans,
    }
}

/// UNER IOB2: documents of sentences; text rebuilt from `# text` with tokens aligned.
pub fn load_iob2(path: &Path) -> Result<Vec<GoldDoc>> {
    let s = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut cur = GoldDoc {
        id: String::new(),
        text: String::new(),
        spans: vec![],
    };
    let mut sent_text = String::new();
    let mut toks: Vec<(String, String)> = Vec::new();
    let flush_sent = |cur: &mut GoldDoc, sent_text: &str, toks: &mut Vec<(String, String)>| {
        if toks.is_empty() {
            return;
        }
        if !cur.text.is_empty() {
            cur.text.push('\n');
        }
        let base = cur.text.len();
        // Align forms to the sentence text; fall back to space-joined forms.
        let mut pos = Vec::new();
        let mut at = 0;
        let mut aligned = true;
        for (f, _) in toks.iter() {
            match sent_text[at..].find(f.as_str()) {
                Some(k) if sent_text[at..at + k].trim().is_empty() => {
                    pos.push((at + k, at + k + f.len()));
                    at += k + f.len();
                }
                _ => {
                    aligned = false;
                    break;
                }
            }
        }
        let text = if aligned {
            sent_text.to_string()
        } else {
            pos.clear();
            let mut t = String::new();
            for (f, _) in toks.iter() {
                if !t.is_empty() {
                    t.push(' ');
                }
                pos.push((t.len(), t.len() + f.len()));
                t.push_str(f);
            }
            t
        };
        cur.text.push_str(&text);
        let mut i = 0;
        while i < toks.len() {
            let tag = toks[i].1.as_str();
            if let Some(ty) = tag.strip_prefix("B-") {
                let c = match ty {
                    "PER" => 1,
                    "ORG" => 2,
                    _ => 3,
                };
                let s = i;
                i += 1;
                while i < toks.len() && toks[i].1 == format!("I-{ty}") {
                    i += 1;
                }
                cur.spans.push((base + pos[s].0, base + pos[i - 1].1, c));
            } else {
                i += 1;
            }
        }
        toks.clear();
    };
    for line in s.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            flush_sent(&mut cur, &sent_text, &mut toks);
            if !cur.text.is_empty() {
                docs.push(std::mem::replace(
                    &mut cur,
                    GoldDoc {
                        id: String::new(),
                        text: String::new(),
                        spans: vec![],
                    },
                ));
            }
            cur.id = id.trim().to_string();
        } else if let Some(t) = line.strip_prefix("# text = ") {
            sent_text = t.to_string();
        } else if line.starts_with('#') {
        } else if line.trim().is_empty() {
            flush_sent(&mut cur, &sent_text, &mut toks);
        } else {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 3 {
                toks.push((cols[1].to_string(), cols[2].to_string()));
            }
        }
    }
    flush_sent(&mut cur, &sent_text, &mut toks);
    if !cur.text.is_empty() {
        docs.push(cur);
    }
    Ok(docs)
}

/// Tokenise and segment a gold document with sitrep's own stages and project
/// its spans onto the tokens. Returns the training document and the number of
/// spans that did not fall on token boundaries.
pub fn to_train_doc(g: &GoldDoc, lex: &NerLexicon) -> (TrainDoc, usize) {
    let mut doc = Doc::new(g.text.clone(), DocMeta::default());
    let mut sc = Scratch::default();
    TokenizeStage.run(&mut doc, &mut sc);
    SegmentStage.run(&mut doc, &mut sc);
    let mut labels = vec![0u8; doc.tokens.len()];
    let mut lost = 0;
    for &(s, e, c) in &g.spans {
        let toks: Vec<usize> = (0..doc.tokens.len())
            .filter(|&i| {
                doc.tokens[i].span.start as usize >= s && doc.tokens[i].span.end as usize <= e
            })
            .collect();
        let covered = toks.first().map(|&i| doc.tokens[i].span.start as usize) == Some(s)
            && toks.last().map(|&i| doc.tokens[i].span.end as usize) == Some(e);
        if !covered {
            lost += 1;
        }
        for (k, &i) in toks.iter().enumerate() {
            labels[i] = if k == 0 { 2 * c - 1 } else { 2 * c };
        }
    }
    let mut attrs = Vec::new();
    doc_attrs(&doc, lex, &mut attrs);
    let segs = doc
        .segments
        .iter()
        .map(|s| {
            let (a, b) = (s.tok_start as usize, s.tok_end as usize);
            let mut gold = labels[a..b].to_vec();
            // A span cut by a segment boundary restarts with B.
            if let Some(f) = gold.first_mut() {
                if *f != 0 && *f % 2 == 0 {
                    *f -= 1;
                }
            }
            TrainSeg {
                a,
                b,
                kind: s.kind,
                gold,
            }
        })
        .collect::<Vec<_>>();
    let _ = SegmentKind::Sentence;
    (TrainDoc { attrs, segs }, lost)
}
