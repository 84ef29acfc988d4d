//! Named-entity tagging: an averaged perceptron over word, shape, affix,
//! context and lexicon features, decoded greedily left to right with BIO
//! constraints. It finds names that no dictionary holds; the dictionary only
//! contributes features here (resolution links names to it later).

pub mod features;
pub mod hash;
pub mod lexicon;
pub mod model;
#[cfg(feature = "train")]
pub mod train;

use crate::doc::{Doc, EntityType, Layer, Mention, MentionSource, SegmentKind};
use crate::pipeline::{Scratch, Stage};
use features::{TokAttr, doc_attrs};
use lexicon::NerLexicon;
use model::Model;

/// The tagger's labels, in model order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Label index of `O`.
pub const O: u8 = 0;

/// Is label `l` an inside label?
#[inline]
pub fn is_inside(l: u8) -> bool {
    l != 0 && l.is_multiple_of(2)
}

/// May `l` follow `prev`? (An inside label continues its own type only.)
#[inline]
pub fn allowed(prev: u8, l: u8) -> bool {
    !is_inside(l) || (prev != 0 && prev.div_ceil(2) == l / 2)
}

/// The entity class of a label (0 for O, 1 PER, 2 ORG, 3 LOC, 4 MISC).
#[inline]
pub fn class(l: u8) -> u8 {
    l.div_ceil(2)
}

/// Reusable buffers of the tagger.
#[derive(Default)]
pub struct TagBuffers {
    /// Features of one token.
    feats: Vec<u64>,
    /// Word-feature scores by exact-form hash (see [`decode`]).
    words: Vec<WordEntry>,
    /// The [`Model::id`] whose scores `words` holds.
    words_model: u64,
}

/// A cached score of a word's [`word_features`](features::word_features).
#[derive(Clone, Copy, Default)]
struct WordEntry {
    exact: u64,
    lower: u64,
    filled: bool,
    row: model::Row,
}

/// Entries of the word-score cache (direct-mapped; about 110 KiB).
const WORD_CACHE: usize = 2048;

/// Decode one segment greedily.
///
/// A token's score is the weights of its static features, then of its
/// tag-history features, added in that order from zero. The first static
/// features depend on the word's text alone, so the sum of their weights is
/// kept per word form in a small cache: frequent words skip seven hashes and
/// seven table lookups. Because it is the same prefix of the same additions,
/// the scores are bit-identical with or without the cache.
pub fn decode(
    model: &Model,
    attrs: &[TokAttr],
    a: usize,
    b: usize,
    kind: SegmentKind,
    bufs: &mut TagBuffers,
    out: &mut Vec<u8>,
) {
    out.clear();
    if bufs.words_model != model.id() || bufs.words.is_empty() {
        bufs.words.clear();
        bufs.words.resize(WORD_CACHE, WordEntry::default());
        bufs.words_model = model.id();
    }
    let n = LABELS.len().min(model::MAX_LABELS);
    let (mut p1, mut p2) = (O, O);
    for i in a..b {
        let x = &attrs[i];
        let e = &mut bufs.words[(x.exact as usize) & (WORD_CACHE - 1)];
        if !(e.filled && e.exact == x.exact && e.lower == x.lower) {
            bufs.feats.clear();
            features::word_features(x, &mut bufs.feats);
            let mut row = [0.0; model::MAX_LABELS];
            model.score(&bufs.feats, &mut row);
            *e = WordEntry {
                exact: x.exact,
                lower: x.lower,
                filled: true,
                row,
            };
        }
        let mut scores = e.row;
        bufs.feats.resize(features::MAX_CONTEXT + 4, 0);
        let k = features::context_features_into(attrs, a, b, i, kind, &mut bufs.feats);
        bufs.feats[k..k + 4].copy_from_slice(&features::dynamic_keys(x, p1, p2));
        model.score(&bufs.feats[..k + 4], &mut scores);
        let mut best = O;
        let mut best_s = f32::NEG_INFINITY;
        for (l, &s) in scores[..n].iter().enumerate() {
            let l = l as u8;
            if allowed(p1, l) && s > best_s {
                best = l;
                best_s = s;
            }
        }
        out.push(best);
        p2 = p1;
        p1 = best;
    }
}

/// Label spans `(start, end, class)` in token indices relative to `a`.
pub fn spans(labels: &[u8]) -> impl Iterator<Item = (usize, usize, u8)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < labels.len() {
            let l = labels[i];
            if l == O {
                i += 1;
                continue;
            }
            let s = i;
            i += 1;
            while i < labels.len() && is_inside(labels[i]) && class(labels[i]) == class(l) {
                i += 1;
            }
            return Some((s, i, class(l)));
        }
        None
    })
}

/// Fills [`Doc::mentions`] with tagged names.
pub struct NerStage {
    model: Model,
    lexicon: std::sync::Arc<NerLexicon>,
}

impl NerStage {
    /// A stage over a loaded model and lexicon.
    pub fn new(model: Model, lexicon: std::sync::Arc<NerLexicon>) -> NerStage {
        NerStage { model, lexicon }
    }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        let mut attrs = std::mem::take(&mut scratch.ner_attrs);
        doc_attrs(doc, &self.lexicon, &mut attrs);
        let mut labels = Vec::new();
        for si in 0..doc.segments.len() {
            let seg = doc.segments[si];
            let (a, b) = (seg.tok_start as usize, seg.tok_end as usize);
            decode(
                &self.model,
                &attrs,
                a,
                b,
                seg.kind,
                &mut scratch.ner,
                &mut labels,
            );
            for (s, e, c) in spans(&labels) {
                let mut s = s;
                // Titles are roles, not part of a person's name ("President Donald Trump").
                if c == 1 {
                    // A lowercase title inside the span ends the part before the name
                    // ("Association president Sehar Memon").
                    if let Some(k) = (s..e.saturating_sub(1)).rev().find(|&k| {
                        attrs[a + k].lex & lexicon::lx::TITLE != 0
                            && attrs[a + k].flags & crate::doc::tf::LOWER != 0
                    }) {
                        s = k + 1;
                    }
                    while s + 1 < e && attrs[a + s].lex & lexicon::lx::TITLE != 0 {
                        s += 1;
                    }
                }
                let kind = match c {
                    1 => EntityType::Person,
                    2 => EntityType::Org,
                    3 => EntityType::Loc,
                    _ => continue,
                };
                doc.mentions.push(Mention {
                    span: doc.tok_span(a + s, a + e),
                    tok_start: (a + s) as u32,
                    tok_end: (a + e) as u32,
                    kind,
                    actor: None,
                    source: MentionSource::Tagger,
                    pronoun: false,
                });
            }
        }
        if std::env::var_os("SITREP_NO_PROPAGATE").is_none() {
            propagate(doc, &attrs);
        }
        scratch.ner_attrs = attrs;
    }
}

/// Document-level consistency: a name tagged once is a name wherever else it
/// occurs capitalised in the article ("Ahmed Mohamed" … "Mohamed"; "Google" in
/// one sentence and in another). Only stretches the tagger left untagged are
/// filled, so a local decision is never overturned.
fn propagate(doc: &mut Doc, attrs: &[TokAttr]) {
    use crate::doc::tf;
    use crate::ner::lexicon::lx;
    use crate::phrase::step;
    if doc.mentions.is_empty() {
        return;
    }
    // Per token sequence: its length and votes per type (a surname of a tagged
    // full name votes strongly for a person).
    let mut votes: std::collections::HashMap<u64, (usize, [u32; 6])> =
        std::collections::HashMap::new();
    let mut max_len = 0;
    let ix = |k: EntityType| k as usize;
    let hashes: Vec<u64> = (0..doc.tokens.len())
        .map(|i| hash::lower(doc.tok(i)))
        .collect();
    for m in &doc.mentions {
        let (a, b) = (m.tok_start as usize, m.tok_end as usize);
        let mut h = 0u64;
        for &x in &hashes[a..b] {
            h = step(h, x);
        }
        votes.entry(h).or_insert((b - a, [0; 6])).1[ix(m.kind)] += 1;
        max_len = max_len.max(b - a);
        // A person's surname alone.
        if m.kind == EntityType::Person && b - a >= 2 {
            let last = b - 1;
            if attrs[last].flags & tf::CAP != 0 && attrs[last].lex & lx::COMMON_WORD == 0 {
                votes.entry(step(0, hashes[last])).or_insert((1, [0; 6])).1
                    [ix(EntityType::Person)] += 3;
            }
        }
    }
    const KINDS: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
    ];
    let table: std::collections::HashMap<u64, (usize, EntityType)> = votes
        .into_iter()
        .map(|(h, (n, v))| {
            let best = KINDS
                .iter()
                .copied()
                .max_by_key(|&k| (v[ix(k)], std::cmp::Reverse(ix(k))))
                .unwrap_or(EntityType::Person);
            (h, (n, best))
        })
        .collect();
    let covered = doc.covered_tokens();
    let mut added = Vec::new();
    let mut i = 0;
    while i < doc.tokens.len() {
        if covered[i] || !doc.tokens[i].is(tf::CAP) {
            i += 1;
            continue;
        }
        let mut best: Option<(usize, EntityType)> = None;
        let mut h = 0u64;
        for k in 0..max_len.min(doc.tokens.len() - i) {
            if covered[i + k] {
                break;
            }
            h = step(h, hashes[i + k]);
            if let Some(&(n, kind)) = table.get(&h) {
                if n == k + 1 {
                    best = Some((n, kind));
                }
            }
        }
        let Some((n, kind)) = best else {
            i += 1;
            continue;
        };
        let e = i + n;
        // The match must end a capitalised run, and a lone sentence-initial
        // ordinary word is not evidence.
        // The match must be a whole capitalised run (not "Kennedy" of "Kennedy
        // Space Center"), and a lone ordinary word ("Space") is not evidence.
        let last_cap = doc.tokens[e - 1].is(tf::CAP);
        let next_cap =
            e < doc.tokens.len() && doc.tokens[e].is(tf::CAP) && !doc.tokens[e].is(tf::LINE_START);
        let prev_cap = i > 0 && doc.tokens[i - 1].is(tf::CAP) && !doc.tokens[i].is(tf::LINE_START);
        // Headlines capitalise every word, so there adjacency says nothing.
        let heading = doc
            .segment_of(i)
            .is_some_and(|s| doc.segments[s].kind == SegmentKind::Heading);
        if last_cap
            && (heading || (!next_cap && !prev_cap))
            && !(n == 1 && attrs[i].lex & lx::COMMON_WORD != 0)
        {
            added.push(Mention {
                span: doc.tok_span(i, e),
                tok_start: i as u32,
                tok_end: e as u32,
                kind,
                actor: None,
                source: MentionSource::Tagger,
                pronoun: false,
            });
        }
        i = e;
    }
    doc.add_mentions(added);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model that gives the lowercase-word feature of `attrs[0]` weight 5
    /// for `label`.
    fn one_feature_model(attrs: &[TokAttr], label: usize) -> Model {
        let mut f = Vec::new();
        features::word_features(&attrs[0], &mut f);
        let mut w = vec![0.0; LABELS.len()];
        w[label] = 5.0;
        Model::from_bytes(&Model::write(&LABELS, &[(f[1], w)])).unwrap()
    }

    #[test]
    fn word_cache_follows_the_model() {
        use crate::doc::DocMeta;
        let mut doc = Doc::new("Alpha spoke twice", DocMeta::default());
        crate::text::tokenize::tokenize_into(&doc.text.clone(), &mut doc.tokens);
        let mut attrs = Vec::new();
        doc_attrs(&doc, &NerLexicon::empty(), &mut attrs);
        let (per, org) = (one_feature_model(&attrs, 1), one_feature_model(&attrs, 3));
        let mut bufs = TagBuffers::default();
        let mut out = Vec::new();
        // The same buffers across models: a warm cache must not carry scores over.
        for (m, want) in [(&per, 1), (&org, 3), (&per, 1)] {
            decode(m, &attrs, 0, 3, SegmentKind::Sentence, &mut bufs, &mut out);
            assert_eq!(out, [want, O, O]);
        }
        let mut fresh = Vec::new();
        decode(
            &org,
            &attrs,
            0,
            3,
            SegmentKind::Sentence,
            &mut TagBuffers::default(),
            &mut fresh,
        );
        assert_eq!(fresh, [3, O, O]);
    }

    #[test]
    fn bio_spans() {
        // B-PER I-PER O B-LOC I-ORG(invalid continuation starts nothing) B-ORG I-ORG
        let l = [1u8, 2, 0, 5, 3, 4];
        let v: Vec<_> = spans(&l).collect();
        assert_eq!(v, [(0, 2, 1), (3, 4, 3), (4, 6, 2)]);
        assert!(allowed(1, 2) && !allowed(1, 4) && !allowed(0, 2) && allowed(0, 5));
    }
}
