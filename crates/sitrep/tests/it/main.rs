//! sitrep's integration tests: one binary, modules by theme.
//!
//! - `contract`: the checks every record must pass (spans, ids, vocabularies),
//!   shared by the other modules.
//! - `props`: property tests over arbitrary Unicode text.
//! - `articles`: snapshot tests of hand-written articles in `test_data/articles/`.
//! - `resolution`: countries, roles, name variants and pronouns, end to end.
//! - `claims_positions`: claims and positions end to end; user issue files.
//! - `tidy`: source and data hygiene for the whole workspace.
//!
//! Everything here goes through the public API (`sitrep::Extractor` and the
//! record types), so the suite survives any rewrite of the pipeline's insides.

mod articles;
mod claims_positions;
mod contract;
mod props;
mod resolution;
mod tidy;

use std::sync::OnceLock;

/// One extractor for the whole test binary (loading data is not free).
pub fn extractor() -> &'static sitrep::Extractor {
    static EX: OnceLock<sitrep::Extractor> = OnceLock::new();
    EX.get_or_init(|| {
        sitrep::Extractor::new(&sitrep::Options::default()).expect("shipped data loads")
    })
}
