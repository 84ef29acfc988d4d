//! Token attributes and feature templates, shared by training and tagging so
//! that the two can never disagree. Nothing here allocates per token: the
//! per-document attribute vector and the feature buffer are reused.

use super::hash;
use super::lexicon::{HashKeySet, NerLexicon, PhraseKind, lx};
use crate::doc::{Doc, SegmentKind, tf};

/// Pre-computed attributes of one token.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokAttr {
    /// Lowercase form (digits folded to the shape).
    pub lower: u64,
    /// Exact form.
    pub exact: u64,
    /// Compressed shape ("Xx", "X.X.", "dd").
    pub shape: u64,
    /// Last three characters, lowercase.
    pub suf3: u64,
    /// Last two characters, lowercase.
    pub suf2: u64,
    /// First three characters, lowercase.
    pub pre3: u64,
    /// Lexicon bits ([`lx`]).
    pub lex: u32,
    /// Token flags.
    pub flags: u16,
}

/// Hash of the boundary pseudo-token.
const PAD_BEFORE: u64 = 0x5a5a_0001;
const PAD_AFTER: u64 = 0x5a5a_0002;

fn shape_hash(s: &str) -> u64 {
    // Map each char to a class, collapse runs longer than two.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut last = 0u8;
    let mut run = 0;
    for c in s.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = k;
        }
        h ^= u64::from(k);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn affix_hashes(s: &str) -> (u64, u64, u64) {
    let n = s.chars().count();
    let suffix = |k: usize| -> u64 {
        let skip = n.saturating_sub(k);
        let start = s.char_indices().nth(skip).map_or(0, |(b, _)| b);
        hash::lower(&s[start..])
    };
    let pre_end = s.char_indices().nth(3).map_or(s.len(), |(b, _)| b);
    (suffix(3), suffix(2), hash::lower(&s[..pre_end]))
}

/// Fill `out` with one [`TokAttr`] per token of `doc`.
pub fn doc_attrs(doc: &Doc, lex: &NerLexicon, out: &mut Vec<TokAttr>) {
    out.clear();
    let mut lower_seen = HashKeySet::default();
    for (i, t) in doc.tokens.iter().enumerate() {
        let s = doc.tok(i);
        let shape = shape_hash(s);
        let lower = if t.is(tf::DIGIT) {
            shape ^ 0x77
        } else {
            hash::lower(s)
        };
        let (suf3, suf2, pre3) = affix_hashes(s);
        if t.is(tf::LOWER) && t.is(tf::ALPHA) {
            lower_seen.insert(lower);
        }
        out.push(TokAttr {
            lower,
            exact: hash::bytes(s.as_bytes()),
            shape,
            suf3,
            suf2,
            pre3,
            lex: lex.word_bits(lower),
            flags: t.flags,
        });
    }
    for a in out.iter_mut() {
        if a.flags & tf::CAP != 0 && lower_seen.contains(&a.lower) {
            a.lex |= lx::LOWER_IN_DOC;
        }
    }
    // Phrase matches, longest first, left to right.
    let plain: Vec<u64> = (0..doc.tokens.len())
        .map(|i| hash::lower(doc.tok(i)))
        .collect();
    let mut i = 0;
    while i < plain.len() {
        let Some((n, kind)) = lex.phrase_at(&plain, i) else {
            i += 1;
            continue;
        };
        let (bb, ii) = match kind {
            PhraseKind::Place => (lx::PLACE_B, lx::PLACE_I),
            PhraseKind::ActorPerson => (lx::ACT_PER_B, lx::ACT_PER_I),
            PhraseKind::ActorOrg => (lx::ACT_ORG_B, lx::ACT_ORG_I),
            PhraseKind::ActorPlace => (lx::ACT_GPE_B, lx::ACT_GPE_I),
            PhraseKind::Demonym => (lx::DEMONYM, lx::DEMONYM),
        };
        out[i].lex |= bb;
        for x in out.iter_mut().skip(i + 1).take(n - 1) {
            x.lex |= ii;
        }
        i += n;
    }
}

/// Template ids. Never renumber without retraining.
mod t {
    pub const BIAS: u32 = 0;
    pub const LOWER: u32 = 1;
    pub const EXACT: u32 = 2;
    pub const SHAPE: u32 = 3;
    pub const SUF3: u32 = 4;
    pub const SUF2: u32 = 5;
    pub const PRE3: u32 = 6;
    pub const LOWER_M1: u32 = 7;
    pub const LOWER_P1: u32 = 8;
    pub const LOWER_M2: u32 = 9;
    pub const LOWER_P2: u32 = 10;
    pub const SHAPE_M1: u32 = 11;
    pub const SHAPE_P1: u32 = 12;
    pub const SHAPE_TRI: u32 = 13;
    pub const BI_M1: u32 = 14;
    pub const BI_P1: u32 = 15;
    pub const LEX: u32 = 16;
    pub const LEX_M1: u32 = 17;
    pub const LEX_P1: u32 = 18;
    pub const START: u32 = 19;
    pub const LEX_SHAPE: u32 = 20;
    pub const EXACT_M1: u32 = 21;
    pub const LOWER_M1_SHAPE: u32 = 22;
    pub const SHAPE_LOWER_P1: u32 = 23;
    pub const HEADING: u32 = 24;
    pub const EXACT_P1: u32 = 34;
    pub const SUF3_M1: u32 = 35;
    pub const LEX_M2: u32 = 25;
    pub const LEX_P2: u32 = 26;
    pub const PREV: u32 = 30;
    pub const PREV2: u32 = 31;
    pub const PREV_LOWER: u32 = 32;
    pub const PREV_SHAPE: u32 = 33;
}

fn push_bits(out: &mut Vec<u64>, template: u32, bits: u32, extra: u64) {
    let mut b = bits;
    while b != 0 {
        let k = b.trailing_zeros();
        out.push(hash::feat(template, u64::from(k), extra));
        b &= b - 1;
    }
}

/// Static (tag-independent) features of token `i` in the segment `a..b`.
pub fn static_features(
    attrs: &[TokAttr],
    a: usize,
    b: usize,
    i: usize,
    kind: SegmentKind,
    out: &mut Vec<u64>,
) {
    let at = |k: isize| -> Option<&TokAttr> {
        let j = i as isize + k;
        (j >= a as isize && j < b as isize).then(|| &attrs[j as usize])
    };
    let lw = |k: isize| at(k).map_or(if k < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.lower);
    let sh = |k: isize| at(k).map_or(if k < 0 { PAD_BEFORE } else { PAD_AFTER }, |x| x.shape);
    let lexb = |k: isize| at(k).map_or(0, |x| x.lex);
    let x = &attrs[i];
    out.push(hash::feat(t::BIAS, 0, 0));
    out.push(hash::feat(t::LOWER, x.lower, 0));
    out.push(hash::feat(t::EXACT, x.exact, 0));
    out.push(hash::feat(t::SHAPE, x.shape, 0));
    out.push(hash::feat(t::SUF3, x.suf3, 0));
    out.push(hash::feat(t::SUF2, x.suf2, 0));
    out.push(hash::feat(t::PRE3, x.pre3, 0));
    out.push(hash::feat(t::LOWER_M1, lw(-1), 0));
    out.push(hash::feat(t::LOWER_P1, lw(1), 0));
    out.push(hash::feat(t::LOWER_M2, lw(-2), 0));
    out.push(hash::feat(t::LOWER_P2, lw(2), 0));
    out.push(hash::feat(t::SHAPE_M1, sh(-1), 0));
    out.push(hash::feat(t::SHAPE_P1, sh(1), 0));
    out.push(hash::feat(
        t::SHAPE_TRI,
        sh(-1) ^ sh(0).rotate_left(21),
        sh(1),
    ));
    out.push(hash::feat(t::BI_M1, lw(-1), x.lower));
    out.push(hash::feat(t::BI_P1, x.lower, lw(1)));
    push_bits(out, t::LEX, x.lex, 0);
    push_bits(out, t::LEX_M1, lexb(-1), 0);
    push_bits(out, t::LEX_P1, lexb(1), 0);
    push_bits(out, t::LEX_M2, lexb(-2), 0);
    push_bits(out, t::LEX_P2, lexb(2), 0);
    push_bits(out, t::LEX_SHAPE, x.lex, x.shape);
    out.push(hash::feat(
        t::START,
        u64::from(i == a),
        u64::from(x.flags & tf::CAP),
    ));
    out.push(hash::feat(
        t::EXACT_M1,
        at(-1).map_or(PAD_BEFORE, |y| y.exact),
        0,
    ));
    out.push(hash::feat(t::LOWER_M1_SHAPE, lw(-1), x.shape));
    out.push(hash::feat(t::SHAPE_LOWER_P1, x.shape, lw(1)));
    out.push(hash::feat(
        t::EXACT_P1,
        at(1).map_or(PAD_AFTER, |y| y.exact),
        0,
    ));
    out.push(hash::feat(
        t::SUF3_M1,
        at(-1).map_or(PAD_BEFORE, |y| y.suf3),
        0,
    ));
    out.push(hash::feat(
        t::HEADING,
        u64::from(kind == SegmentKind::Heading),
        x.shape,
    ));
}

/// Tag-history features, given the two previous labels.
pub fn dynamic_features(attrs: &[TokAttr], i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    let x = &attrs[i];
    out.push(hash::feat(t::PREV, u64::from(prev), 0));
    out.push(hash::feat(t::PREV2, u64::from(prev2), u64::from(prev)));
    out.push(hash::feat(t::PREV_LOWER, u64::from(prev), x.lower));
    out.push(hash::feat(t::PREV_SHAPE, u64::from(prev), x.shape));
}
