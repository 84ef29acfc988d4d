//! Word lists the tagger uses as features: given names, surnames, titles,
//! place names and the actor dictionary's surface forms. Lists are parsed from
//! text supplied by the caller (the shipped data or users' files).

use super::hash;
use crate::phrase::PhraseTable;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of pre-hashed keys.
pub type HashKeySet = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

/// Token-level lexicon bits.
pub mod lx {
    /// A given name.
    pub const GIVEN: u32 = 1;
    /// A surname.
    pub const SURNAME: u32 = 2;
    /// A title or office word.
    pub const TITLE: u32 = 4;
    /// A word typical of organisation names.
    pub const ORG_WORD: u32 = 8;
    /// First token of a place-name match.
    pub const PLACE_B: u32 = 16;
    /// Later token of a place-name match.
    pub const PLACE_I: u32 = 32;
    /// Dictionary person, first token / later token.
    pub const ACT_PER_B: u32 = 64;
    /// Dictionary person, later token.
    pub const ACT_PER_I: u32 = 128;
    /// Dictionary organisation, first token.
    pub const ACT_ORG_B: u32 = 256;
    /// Dictionary organisation, later token.
    pub const ACT_ORG_I: u32 = 512;
    /// Dictionary place, first token.
    pub const ACT_GPE_B: u32 = 1024;
    /// Dictionary place, later token.
    pub const ACT_GPE_I: u32 = 2048;
    /// Dictionary nationality/group word.
    pub const DEMONYM: u32 = 4096;
    /// The word also appears in lowercase in this document.
    pub const LOWER_IN_DOC: u32 = 8192;
    /// A word typical of place names ("River", "Province").
    pub const PLACE_WORD: u32 = 16384;
    /// Usually a proper noun in the treebanks.
    pub const PROPN_WORD: u32 = 32768;
    /// An ordinary lowercase word.
    pub const COMMON_WORD: u32 = 65536;
}

/// Words typical of organisation names (lowercase).
const ORG_WORDS: &[&str] = &[
    "agency",
    "alliance",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "brigade",
    "bureau",
    "cabinet",
    "center",
    "centre",
    "chamber",
    "church",
    "club",
    "coalition",
    "co",
    "co.",
    "college",
    "command",
    "commission",
    "committee",
    "company",
    "congress",
    "corp",
    "corp.",
    "corporation",
    "council",
    "court",
    "department",
    "directorate",
    "federation",
    "fc",
    "force",
    "forces",
    "foundation",
    "front",
    "fund",
    "group",
    "guard",
    "inc",
    "inc.",
    "institute",
    "league",
    "ltd",
    "ltd.",
    "ministry",
    "movement",
    "navy",
    "network",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "program",
    "programme",
    "regiment",
    "school",
    "senate",
    "service",
    "society",
    "tribunal",
    "trust",
    "union",
    "university",
];

/// Words typical of place names (lowercase).
const PLACE_WORDS: &[&str] = &[
    "airport",
    "avenue",
    "basin",
    "bay",
    "beach",
    "bridge",
    "canal",
    "cape",
    "city",
    "coast",
    "county",
    "crossing",
    "desert",
    "district",
    "gulf",
    "harbor",
    "harbour",
    "hill",
    "hills",
    "island",
    "islands",
    "lake",
    "mount",
    "mountain",
    "mountains",
    "ocean",
    "oblast",
    "park",
    "peninsula",
    "plain",
    "port",
    "province",
    "region",
    "republic",
    "river",
    "sea",
    "square",
    "state",
    "strait",
    "street",
    "valley",
    "village",
];

/// The plain word lists (one lowercase entry per line, `#` comments).
#[derive(Default, Clone, Copy)]
pub struct WordLists<'a> {
    /// Given names.
    pub given: &'a str,
    /// Surnames.
    pub surnames: &'a str,
    /// Place names (phrases).
    pub places: &'a str,
    /// Words usually tagged as proper nouns.
    pub propn: &'a str,
    /// Ordinary lowercase words.
    pub common: &'a str,
    /// Words usually verbs (not a tagger feature; rules use it).
    pub verbs: &'a str,
}

/// What a multi-token match stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// A place name from the place list.
    Place,
    /// A dictionary person.
    ActorPerson,
    /// A dictionary organisation.
    ActorOrg,
    /// A dictionary country, city or region.
    ActorPlace,
    /// A dictionary nationality word or group.
    Demonym,
}

/// The tagger's lexicons.
pub struct NerLexicon {
    /// Single-word lists as [`lx`] bits per lowercase hash: one probe per
    /// token instead of one per list.
    words: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    verbs: HashKeySet,
    /// Case-insensitive phrase table.
    phrases: PhraseTable<PhraseKind>,
}

fn key_set<'a>(items: impl Iterator<Item = &'a str>) -> HashKeySet {
    items.map(|s| hash::lower(s.trim())).collect()
}

/// Non-comment, non-empty lines of a word list.
pub fn list_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl NerLexicon {
    /// Build from word lists (one lowercase entry per line, `#` comments)
    /// and phrases with their kinds.
    pub fn new(lists: &WordLists<'_>, titles: &[&str], phrases: &[(String, PhraseKind)]) -> Self {
        let mut table: PhraseTable<PhraseKind> = PhraseTable::default();
        let mut buf = Vec::new();
        for p in list_lines(lists.places) {
            if p.len() >= 3 {
                if let Some(e) = table.entry(p, hash::lower, &mut buf) {
                    e.insert(PhraseKind::Place);
                }
            }
        }
        // Dictionary entries override the plain place list.
        for (p, k) in phrases {
            if p.len() >= 2 {
                if let Some(e) = table.entry(p, hash::lower, &mut buf) {
                    e.insert(*k);
                }
            }
        }
        let mut words: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>> = HashMap::default();
        let by_bit: [(u32, HashKeySet); 7] = [
            (lx::GIVEN, key_set(list_lines(lists.given))),
            (lx::SURNAME, key_set(list_lines(lists.surnames))),
            (lx::TITLE, key_set(titles.iter().copied())),
            (lx::ORG_WORD, key_set(ORG_WORDS.iter().copied())),
            (lx::PLACE_WORD, key_set(PLACE_WORDS.iter().copied())),
            (lx::PROPN_WORD, key_set(list_lines(lists.propn))),
            (lx::COMMON_WORD, key_set(list_lines(lists.common))),
        ];
        for (bit, set) in by_bit {
            for k in set {
                *words.entry(k).or_insert(0) |= bit;
            }
        }
        NerLexicon {
            words,
            verbs: key_set(list_lines(lists.verbs)),
            phrases: table,
        }
    }

    /// An empty lexicon (tests).
    pub fn empty() -> Self {
        NerLexicon::new(&WordLists::default(), &[], &[])
    }

    /// Single-token bits for a token's lowercase hash.
    #[inline]
    pub fn word_bits(&self, lower: u64) -> u32 {
        self.words.get(&lower).copied().unwrap_or(0)
    }

    /// True if the word is usually a verb.
    pub fn is_verb(&self, w: &str) -> bool {
        self.verbs.contains(&hash::lower(w))
    }

    /// True if the word is an ordinary lowercase word of English.
    pub fn is_common_word(&self, w: &str) -> bool {
        self.word_bits(hash::lower(w)) & lx::COMMON_WORD != 0
    }

    /// True if the whole string is a known place name (case-insensitive).
    pub fn is_place(&self, s: &str) -> bool {
        let mut toks = Vec::new();
        crate::text::tokenize::tokenize_into(s, &mut toks);
        let hs: Vec<u64> = toks
            .iter()
            .map(|t| hash::lower(&s[t.span.range()]))
            .collect();
        self.phrases
            .get_exact(&hs)
            .is_some_and(|k| *k != PhraseKind::Demonym)
    }

    /// The longest phrase starting at token `i` (`hashes` are [`hash::lower`] of each token).
    #[inline]
    pub fn phrase_at(&self, hashes: &[u64], i: usize) -> Option<(usize, PhraseKind)> {
        self.phrases.longest_at(hashes, i).map(|(n, k)| (n, *k))
    }
}
