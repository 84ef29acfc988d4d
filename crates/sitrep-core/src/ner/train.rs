//! Averaged-perceptron training (behind the `train` feature). The trainer
//! decodes with its current weights exactly as [`super::decode`] does, so the
//! tag-history features it learns from are the ones it will see at run time.

use super::features::{TokAttr, dynamic_features, static_features};
use super::lexicon::IdentityHasher;
use super::model::Model;
use super::{LABELS, O, allowed};
use crate::doc::SegmentKind;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

const L: usize = LABELS.len();

/// One training segment: a token range of a document with gold labels.
pub struct TrainSeg {
    /// First token.
    pub a: usize,
    /// One past the last token.
    pub b: usize,
    /// Heading or sentence.
    pub kind: SegmentKind,
    /// Gold label per token (`b - a` of them).
    pub gold: Vec<u8>,
}

/// One training document: token attributes and segments.
pub struct TrainDoc {
    /// Attributes of every token.
    pub attrs: Vec<TokAttr>,
    /// Segments with gold labels.
    pub segs: Vec<TrainSeg>,
}

#[derive(Clone, Copy)]
struct Entry {
    w: [f32; L],
    tot: [f32; L],
    ts: [u32; L],
}

type Table = HashMap<u64, Entry, BuildHasherDefault<IdentityHasher>>;

fn score(table: &Table, feats: &[u64], s: &mut [f32; L]) {
    *s = [0.0; L];
    for f in feats {
        if let Some(e) = table.get(f) {
            for (x, w) in s.iter_mut().zip(&e.w) {
                *x += w;
            }
        }
    }
}

fn update(table: &mut Table, feats: &[u64], truth: usize, guess: usize, t: u32) {
    for &f in feats {
        let e = table.entry(f).or_insert(Entry {
            w: [0.0; L],
            tot: [0.0; L],
            ts: [0; L],
        });
        for (l, d) in [(truth, 1.0f32), (guess, -1.0f32)] {
            e.tot[l] += (t - e.ts[l]) as f32 * e.w[l];
            e.ts[l] = t;
            e.w[l] += d;
        }
    }
}

/// Train for `iters` epochs; returns the model file bytes. `log` receives one
/// line per epoch.
pub fn train(docs: &[TrainDoc], iters: usize, seed: u64, mut log: impl FnMut(String)) -> Vec<u8> {
    // Static features per token, computed once.
    let mut statics: Vec<Vec<Vec<u64>>> = Vec::with_capacity(docs.len());
    let mut order: Vec<(usize, usize)> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        let mut per_seg = Vec::with_capacity(d.segs.len());
        for (si, s) in d.segs.iter().enumerate() {
            let mut flat = Vec::new();
            for i in s.a..s.b {
                let mut f = Vec::new();
                static_features(&d.attrs, s.a, s.b, i, s.kind, &mut f);
                flat.push(f);
            }
            per_seg.push(flat);
            order.push((di, si));
        }
        statics.push(per_seg.into_iter().flatten().collect());
    }
    // Offsets of each segment's first token within the doc's flattened statics.
    let mut seg_off: Vec<Vec<usize>> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut o = 0;
        let mut v = Vec::with_capacity(d.segs.len());
        for s in &d.segs {
            v.push(o);
            o += s.b - s.a;
        }
        seg_off.push(v);
    }
    let mut table = Table::default();
    let mut t: u32 = 1;
    let mut rng = seed | 1;
    let mut feats = Vec::new();
    let mut s = [0.0f32; L];
    for it in 0..iters {
        // Fisher–Yates with xorshift: deterministic for a seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut correct, mut total) = (0usize, 0usize);
        for &(di, si) in &order {
            let d = &docs[di];
            let seg = &d.segs[si];
            let (mut p1, mut p2) = (O, O);
            for (k, i) in (seg.a..seg.b).enumerate() {
                feats.clear();
                feats.extend_from_slice(&statics[di][seg_off[di][si] + k]);
                dynamic_features(&d.attrs, i, p1, p2, &mut feats);
                score(&table, &feats, &mut s);
                let mut guess = O;
                let mut best = f32::NEG_INFINITY;
                for (l, &x) in s.iter().enumerate() {
                    if allowed(p1, l as u8) && x > best {
                        best = x;
                        guess = l as u8;
                    }
                }
                let truth = seg.gold[k];
                if guess != truth {
                    update(&mut table, &feats, truth as usize, guess as usize, t);
                } else {
                    correct += 1;
                }
                total += 1;
                t += 1;
                // Learn from its own history, as at run time.
                p2 = p1;
                p1 = guess;
            }
        }
        log(format!(
            "epoch {}: token accuracy {:.4}, {} features",
            it + 1,
            correct as f64 / total.max(1) as f64,
            table.len()
        ));
    }
    let mut rows: Vec<(u64, Vec<f32>)> = table
        .into_iter()
        .filter_map(|(k, e)| {
            let avg: Vec<f32> = (0..L)
                .map(|l| (e.tot[l] + (t - e.ts[l]) as f32 * e.w[l]) / t as f32)
                .collect();
            avg.iter().any(|x| x.abs() > 1e-4).then_some((k, avg))
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    Model::write(&LABELS, &rows)
}
