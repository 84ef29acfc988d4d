//! Phrase tables: multi-word dictionary entries matched token by token. An
//! entry is tokenised with the pipeline's own tokenizer when the table is
//! built, so "Washington D.C." matches exactly the tokens the text yields, and
//! a lookup costs a few hash probes per token instead of a pass of an automaton
//! over the whole text.

use crate::doc::Token;
use crate::ner::lexicon::{HashKeySet, IdentityHasher};
use crate::text::tokenize::tokenize_into;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// Extend a sequence hash by one token hash.
#[inline]
pub fn step(h: u64, tok: u64) -> u64 {
    let x = (h ^ tok).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// A map from token sequences (by their token hashes) to values.
pub struct PhraseTable<V> {
    map: HashMap<u64, V, BuildHasherDefault<IdentityHasher>>,
    prefixes: HashKeySet,
    max_len: usize,
}

impl<V> Default for PhraseTable<V> {
    fn default() -> Self {
        PhraseTable {
            map: HashMap::default(),
            prefixes: HashKeySet::default(),
            max_len: 0,
        }
    }
}

impl<V> PhraseTable<V> {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Insert `phrase`, tokenised, with token hashes from `tok_hash`. Returns
    /// the existing value's slot when the phrase is already present.
    pub fn entry(
        &mut self,
        phrase: &str,
        tok_hash: impl Fn(&str) -> u64,
        buf: &mut Vec<Token>,
    ) -> Option<PhraseEntry<'_, V>> {
        buf.clear();
        tokenize_into(phrase, buf);
        if buf.is_empty() {
            return None;
        }
        let mut h = SEED;
        for (k, t) in buf.iter().enumerate() {
            h = step(h, tok_hash(&phrase[t.span.range()]));
            if k + 1 < buf.len() {
                self.prefixes.insert(h);
            }
        }
        self.max_len = self.max_len.max(buf.len());
        Some(PhraseEntry {
            map: &mut self.map,
            key: h,
        })
    }

    /// The longest entry starting at token `i` of `hashes`: (length, value).
    #[inline]
    pub fn longest_at(&self, hashes: &[u64], i: usize) -> Option<(usize, &V)> {
        let mut h = SEED;
        let mut best = None;
        for (k, &th) in hashes[i..].iter().take(self.max_len).enumerate() {
            h = step(h, th);
            if let Some(v) = self.map.get(&h) {
                best = Some((k + 1, v));
            }
            if !self.prefixes.contains(&h) {
                break;
            }
        }
        best
    }

    /// The entry for exactly the token hashes `hashes`.
    pub fn get_exact(&self, hashes: &[u64]) -> Option<&V> {
        let h = hashes.iter().fold(SEED, |h, &t| step(h, t));
        self.map.get(&h)
    }
}

/// A slot of a [`PhraseTable`] being filled.
pub struct PhraseEntry<'a, V> {
    map: &'a mut HashMap<u64, V, BuildHasherDefault<IdentityHasher>>,
    key: u64,
}

impl<'a, V> PhraseEntry<'a, V> {
    /// The current value, if any.
    pub fn get_mut(&mut self) -> Option<&mut V> {
        self.map.get_mut(&self.key)
    }
    /// Set the value.
    pub fn insert(self, v: V) {
        self.map.insert(self.key, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::hash;

    #[test]
    fn longest_match() {
        let mut t = PhraseTable::default();
        let mut buf = Vec::new();
        t.entry("New York", hash::lower, &mut buf)
            .unwrap()
            .insert(1);
        t.entry("New York City", hash::lower, &mut buf)
            .unwrap()
            .insert(2);
        t.entry("Washington D.C.", hash::lower, &mut buf)
            .unwrap()
            .insert(3);
        let text = "in new york city and Washington D.C. today";
        let mut toks = Vec::new();
        tokenize_into(text, &mut toks);
        let hs: Vec<u64> = toks
            .iter()
            .map(|x| hash::lower(&text[x.span.range()]))
            .collect();
        assert_eq!(t.longest_at(&hs, 1), Some((3, &2)));
        assert_eq!(t.longest_at(&hs, 5), Some((2, &3)));
        assert_eq!(t.longest_at(&hs, 0), None);
        assert_eq!(t.get_exact(&hs[1..3]), Some(&1));
    }
}
