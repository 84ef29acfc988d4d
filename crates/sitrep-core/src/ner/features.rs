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

/// FNV-1a step (as [`hash::bytes`]).
#[inline]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// FNV-1a offset basis (as [`hash::bytes`]).
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

fn shape_hash(s: &str) -> u64 {
    // Map each char to a class, collapse runs longer than two.
    let mut h = FNV_BASIS;
    let mut last = 0u8;
    let mut run = 0;
    let mut step = |k: u8| {
        if k == last {
            run += 1;
            if run >= 2 {
                return;
            }
        } else {
            run = 0;
            last = k;
        }
        h = fnv(h, k);
    };
    if s.is_ascii() {
        // The same classes as below, without decoding chars.
        for &b in s.as_bytes() {
            step(if b.is_ascii_uppercase() {
                b'X'
            } else if b.is_ascii_lowercase() {
                b'x'
            } else if b.is_ascii_digit() {
                b'd'
            } else {
                b
            });
        }
    } else {
        for c in s.chars() {
            step(if c.is_uppercase() {
                b'X'
            } else if c.is_lowercase() {
                b'x'
            } else if c.is_numeric() {
                b'd'
            } else if c.is_ascii() {
                c as u8
            } else {
                b'*'
            });
        }
    }
    h
}

/// Hashes of one token's text: (exact, lowercase, suffix 3, suffix 2,
/// prefix 3), the affixes by characters and lowercase. One pass over the
/// bytes for the two whole-word hashes; the prefix hash is the lowercase
/// hash's state after the prefix.
fn text_hashes(s: &str) -> (u64, u64, u64, u64, u64) {
    let b = s.as_bytes();
    let (mut exact, mut lower) = (FNV_BASIS, FNV_BASIS);
    let ascii = s.is_ascii();
    let pre_end = if ascii {
        b.len().min(3)
    } else {
        s.char_indices().nth(3).map_or(s.len(), |(i, _)| i)
    };
    let mut pre3 = FNV_BASIS;
    for (i, &x) in b.iter().enumerate() {
        if i == pre_end {
            pre3 = lower;
        }
        exact = fnv(exact, x);
        lower = fnv(lower, x.to_ascii_lowercase());
    }
    if pre_end == b.len() {
        pre3 = lower;
    }
    let suffix_start = |k: usize| -> usize {
        if ascii {
            b.len().saturating_sub(k)
        } else {
            let n = s.chars().count();
            s.char_indices()
                .nth(n.saturating_sub(k))
                .map_or(0, |(i, _)| i)
        }
    };
    let suf3 = hash::lower(&s[suffix_start(3)..]);
    let suf2 = hash::lower(&s[suffix_start(2)..]);
    (exact, lower, suf3, suf2, pre3)
}

/// Fill `out` with one [`TokAttr`] per token of `doc`.
pub fn doc_attrs(doc: &Doc, lex: &NerLexicon, out: &mut Vec<TokAttr>) {
    out.clear();
    let mut lower_seen = HashKeySet::default();
    // Each token's lowercase hash (digits not folded), for phrase matching.
    let mut plain = Vec::with_capacity(doc.tokens.len());
    for (i, t) in doc.tokens.iter().enumerate() {
        let s = doc.tok(i);
        let shape = shape_hash(s);
        let (exact, plain_lower, suf3, suf2, pre3) = text_hashes(s);
        plain.push(plain_lower);
        let lower = if t.is(tf::DIGIT) {
            shape ^ 0x77
        } else {
            plain_lower
        };
        if t.is(tf::LOWER) && t.is(tf::ALPHA) {
            lower_seen.insert(lower);
        }
        out.push(TokAttr {
            lower,
            exact,
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

/// Static (tag-independent) features of token `i` in the segment `a..b`:
/// [`word_features`], then [`context_features`].
pub fn static_features(
    attrs: &[TokAttr],
    a: usize,
    b: usize,
    i: usize,
    kind: SegmentKind,
    out: &mut Vec<u64>,
) {
    word_features(&attrs[i], out);
    context_features(attrs, a, b, i, kind, out);
}

/// The features that depend on the token's own text only (its lowercase and
/// exact forms, shape and affixes), so they are the same wherever the word
/// occurs.
pub fn word_features(x: &TokAttr, out: &mut Vec<u64>) {
    out.push(hash::feat(t::BIAS, 0, 0));
    out.push(hash::feat(t::LOWER, x.lower, 0));
    out.push(hash::feat(t::EXACT, x.exact, 0));
    out.push(hash::feat(t::SHAPE, x.shape, 0));
    out.push(hash::feat(t::SUF3, x.suf3, 0));
    out.push(hash::feat(t::SUF2, x.suf2, 0));
    out.push(hash::feat(t::PRE3, x.pre3, 0));
}

/// The other static features of token `i` in the segment `a..b`: context
/// words, shapes and lexicon bits, position and segment kind.
pub fn context_features(
    attrs: &[TokAttr],
    a: usize,
    b: usize,
    i: usize,
    kind: SegmentKind,
    out: &mut Vec<u64>,
) {
    let at = out.len();
    out.resize(at + MAX_CONTEXT, 0);
    let n = context_features_into(attrs, a, b, i, kind, &mut out[at..]);
    out.truncate(at + n);
}

/// The most features [`context_features`] gives one token: 16 fixed ones and
/// one per set bit of six 32-bit lexicon masks.
pub const MAX_CONTEXT: usize = 16 + 6 * 32;

/// [`context_features`] written to the start of `out` (at least
/// [`MAX_CONTEXT`] long); returns how many. A plain slice instead of pushes
/// onto a `Vec`: no capacity check per feature.
pub fn context_features_into(
    attrs: &[TokAttr],
    a: usize,
    b: usize,
    i: usize,
    kind: SegmentKind,
    out: &mut [u64],
) -> usize {
    // Neighbours inside the segment, read once.
    let m1 = (i > a).then(|| &attrs[i - 1]);
    let m2 = (i >= a + 2).then(|| &attrs[i - 2]);
    let p1 = (i + 1 < b).then(|| &attrs[i + 1]);
    let p2 = (i + 2 < b).then(|| &attrs[i + 2]);
    let before = |y: Option<&TokAttr>, f: fn(&TokAttr) -> u64| y.map_or(PAD_BEFORE, f);
    let after = |y: Option<&TokAttr>, f: fn(&TokAttr) -> u64| y.map_or(PAD_AFTER, f);
    let (lw_m1, lw_m2) = (before(m1, |y| y.lower), before(m2, |y| y.lower));
    let (lw_p1, lw_p2) = (after(p1, |y| y.lower), after(p2, |y| y.lower));
    let (sh_m1, sh_p1) = (before(m1, |y| y.shape), after(p1, |y| y.shape));
    let lexb = |y: Option<&TokAttr>| y.map_or(0, |y| y.lex);
    let x = &attrs[i];
    let mut buf = FeatBuf { f: out, n: 0 };
    buf.push(hash::feat(t::LOWER_M1, lw_m1, 0));
    buf.push(hash::feat(t::LOWER_P1, lw_p1, 0));
    buf.push(hash::feat(t::LOWER_M2, lw_m2, 0));
    buf.push(hash::feat(t::LOWER_P2, lw_p2, 0));
    buf.push(hash::feat(t::SHAPE_M1, sh_m1, 0));
    buf.push(hash::feat(t::SHAPE_P1, sh_p1, 0));
    buf.push(hash::feat(
        t::SHAPE_TRI,
        sh_m1 ^ x.shape.rotate_left(21),
        sh_p1,
    ));
    buf.push(hash::feat(t::BI_M1, lw_m1, x.lower));
    buf.push(hash::feat(t::BI_P1, x.lower, lw_p1));
    buf.push_bits(t::LEX, x.lex, 0);
    buf.push_bits(t::LEX_M1, lexb(m1), 0);
    buf.push_bits(t::LEX_P1, lexb(p1), 0);
    buf.push_bits(t::LEX_M2, lexb(m2), 0);
    buf.push_bits(t::LEX_P2, lexb(p2), 0);
    buf.push_bits(t::LEX_SHAPE, x.lex, x.shape);
    buf.push(hash::feat(
        t::START,
        u64::from(i == a),
        u64::from(x.flags & tf::CAP),
    ));
    buf.push(hash::feat(t::EXACT_M1, before(m1, |y| y.exact), 0));
    buf.push(hash::feat(t::LOWER_M1_SHAPE, lw_m1, x.shape));
    buf.push(hash::feat(t::SHAPE_LOWER_P1, x.shape, lw_p1));
    buf.push(hash::feat(t::EXACT_P1, after(p1, |y| y.exact), 0));
    buf.push(hash::feat(t::SUF3_M1, before(m1, |y| y.suf3), 0));
    buf.push(hash::feat(
        t::HEADING,
        u64::from(kind == SegmentKind::Heading),
        x.shape,
    ));
    buf.n
}

/// Feature keys being written to a slice.
struct FeatBuf<'a> {
    f: &'a mut [u64],
    n: usize,
}

impl FeatBuf<'_> {
    #[inline]
    fn push(&mut self, k: u64) {
        self.f[self.n] = k;
        self.n += 1;
    }

    /// One feature per set bit, lowest first.
    #[inline]
    fn push_bits(&mut self, template: u32, bits: u32, extra: u64) {
        let mut b = bits;
        while b != 0 {
            let k = b.trailing_zeros();
            self.push(hash::feat(template, u64::from(k), extra));
            b &= b - 1;
        }
    }
}

/// Tag-history features, given the two previous labels.
pub fn dynamic_features(attrs: &[TokAttr], i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    out.extend_from_slice(&dynamic_keys(&attrs[i], prev, prev2));
}

/// The keys of [`dynamic_features`] of token `x`.
#[inline]
pub fn dynamic_keys(x: &TokAttr, prev: u8, prev2: u8) -> [u64; 4] {
    [
        hash::feat(t::PREV, u64::from(prev), 0),
        hash::feat(t::PREV2, u64::from(prev2), u64::from(prev)),
        hash::feat(t::PREV_LOWER, u64::from(prev), x.lower),
        hash::feat(t::PREV_SHAPE, u64::from(prev), x.shape),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions `text_hashes` and `shape_hash` compute faster.
    fn reference(s: &str) -> (u64, u64, u64, u64, u64) {
        let n = s.chars().count();
        let suffix = |k: usize| {
            let start = s
                .char_indices()
                .nth(n.saturating_sub(k))
                .map_or(0, |(b, _)| b);
            hash::lower(&s[start..])
        };
        let pre_end = s.char_indices().nth(3).map_or(s.len(), |(b, _)| b);
        (
            hash::bytes(s.as_bytes()),
            hash::lower(s),
            suffix(3),
            suffix(2),
            hash::lower(&s[..pre_end]),
        )
    }

    fn shape_reference(s: &str) -> u64 {
        let mut h = FNV_BASIS;
        let (mut last, mut run) = (0u8, 0);
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
            h = fnv(h, k);
        }
        h
    }

    #[test]
    fn fast_hashes_match_definitions() {
        for w in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "Trump",
            "U.S.",
            "1,200",
            "São",
            "Zürich",
            "ÉÉÉÉ",
            "日本",
            "naïve",
            "’s",
            "x—y",
            "AAAAbbb111",
        ] {
            assert_eq!(text_hashes(w), reference(w), "{w}");
            assert_eq!(shape_hash(w), shape_reference(w), "{w}");
        }
        assert_ne!(shape_hash("Xx"), shape_hash("xX"));
    }
}
