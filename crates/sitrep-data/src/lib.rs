//! sitrep's shipped data, embedded in the binary so that nothing is read from
//! disk or the network at run time. The files live in the repository's `data/`
//! directory (see `data/README.md` for their formats and `data/SOURCES.md` for
//! credits); this crate only exposes their bytes. Parsing happens in
//! `sitrep-core`, over the same code path as users' own files.
#![deny(missing_docs)]

/// The actor dictionary (`data/actors.tsv`).
pub const ACTORS_TSV: &str = include_str!("../../../data/actors.tsv");
/// Title and role words (`data/titles.tsv`).
pub const TITLES_TSV: &str = include_str!("../../../data/titles.tsv");
/// Nouns for unnamed collective actors (`data/groups.tsv`).
pub const GROUPS_TSV: &str = include_str!("../../../data/groups.tsv");
/// Speech and attribution cues (`data/cues.tsv`).
pub const CUES_TSV: &str = include_str!("../../../data/cues.tsv");
/// The issue lexicon: issue keys and the terms that name them (`data/issues.tsv`).
pub const ISSUES_TSV: &str = include_str!("../../../data/issues.tsv");
/// The stance lexicon: stance cues and the claim and issue marks (`data/stances.tsv`).
pub const STANCES_TSV: &str = include_str!("../../../data/stances.tsv");
/// Given names that are mostly borne by one sex, from the US Census 1990 lists (`data/names/gender.tsv`).
pub const GENDER_TSV: &str = include_str!("../../../data/names/gender.tsv");
/// The event lexicon: cues with PLOVER types, modes and voices (`data/events.tsv`).
pub const EVENTS_TSV: &str = include_str!("../../../data/events.tsv");
/// Given names, from the US Census 1990 lists (`data/names/given.txt`).
pub const GIVEN_NAMES: &str = include_str!("../../../data/names/given.txt");
/// Surnames, from the US Census 1990 lists (`data/names/surnames.txt`).
pub const SURNAMES: &str = include_str!("../../../data/names/surnames.txt");
/// Place names, a tagger feature (`data/names/places.txt`).
pub const PLACES: &str = include_str!("../../../data/names/places.txt");
/// Words usually tagged as proper nouns in the UD treebanks (`data/names/propn.txt`).
pub const PROPN_WORDS: &str = include_str!("../../../data/names/propn.txt");
/// Ordinary lowercase words from the UD treebanks (`data/names/common.txt`).
pub const COMMON_WORDS: &str = include_str!("../../../data/names/common.txt");
/// Words usually verbs in the UD treebanks (`data/names/verbs.txt`).
pub const VERBS: &str = include_str!("../../../data/names/verbs.txt");
/// The gazetteer: countries, regions and populated places from GeoNames plus
/// hand-made rows (`data/gazetteer.tsv`, built by `tools/build_gazetteer.py`).
/// The pipeline reads [`GAZETTEER_PACKED`]; the text is for tests and tools.
pub const GAZETTEER_TSV: &str = include_str!("../../../data/gazetteer.tsv");
/// `data/gazetteer.tsv` packed and indexed by `build.rs` (layout there), read in place at start-up.
pub const GAZETTEER_PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
/// The named-entity tagger's weights (`data/models/ner.bin`).
pub const NER_MODEL: &[u8] = include_bytes!("../../../data/models/ner.bin");

#[cfg(test)]
mod tests {
    #[test]
    fn files_are_present() {
        assert!(super::ACTORS_TSV.lines().any(|l| l.starts_with("key\t")));
    }
}
