//! sitrep's library facade: an [`Extractor`] turns an [`Article`] into a
//! [`Record`], using the pipeline of `sitrep-core` and the data embedded by
//! `sitrep-data` (optionally extended by users' files).
//!
//! ```
//! let ex = sitrep::Extractor::new(&sitrep::Options::default()).unwrap();
//! let art = sitrep::Article { text: "Talks resume\nThe envoy arrived. He spoke.".into(), ..Default::default() };
//! let rec = ex.extract(&art);
//! assert_eq!(rec.sentences.len(), 2);
//! ```
#![deny(missing_docs)]

pub use sitrep_input::Article;
pub use sitrep_record::Record;

use sitrep_core::date::Date;
use sitrep_core::doc::{Doc, DocMeta};
use sitrep_core::pipeline::{Pipeline, Scratch, Stage};
use sitrep_core::text::{SegmentStage, TokenizeStage};

/// How to build an extractor.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra actor dictionary files (same format as `data/actors.tsv`), as (name, contents).
    pub actor_files: Vec<(String, String)>,
}

/// A data file that failed to load.
#[derive(Debug)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

/// The extraction pipeline with its data loaded. Immutable; share it across threads.
pub struct Extractor {
    pipeline: Pipeline,
}

impl Extractor {
    /// Load the shipped data (plus `opts`) and build the pipeline.
    pub fn new(_opts: &Options) -> Result<Extractor, DataError> {
        let stages: Vec<Box<dyn Stage>> = vec![Box::new(TokenizeStage), Box::new(SegmentStage)];
        let pipeline = Pipeline::new(stages).map_err(|e| DataError(e.to_string()))?;
        Ok(Extractor { pipeline })
    }

    /// Names of the stages in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.pipeline.stage_names()
    }

    /// Extract one article, reusing `scratch` between calls.
    pub fn extract_with(&self, art: &Article, scratch: &mut Scratch) -> Record {
        let meta = DocMeta {
            id: art.id.clone().unwrap_or_default(),
            title: art.title.clone(),
            url: art.url.clone(),
            source: art.source.clone(),
            published: art.published.as_deref().and_then(Date::parse_iso),
        };
        let mut doc = Doc::new(art.text.clone(), meta);
        self.pipeline.run(&mut doc, scratch);
        sitrep_core::record::to_record(&doc)
    }

    /// Extract one article.
    pub fn extract(&self, art: &Article) -> Record {
        self.extract_with(art, &mut Scratch::default())
    }
}
