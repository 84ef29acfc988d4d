//! sitrep's pipeline core: a [`Doc`](doc::Doc) flows through ordered
//! [`Stage`](pipeline::Stage)s, each adding its own layer, and
//! [`to_record`](record::to_record) serialises it once at the end.
//!
//! The crate does no I/O and knows nothing of files, HTTP or SQLite: data
//! (lexicons, the tagger model) arrives as `&str`/`&[u8]` from the caller.
//!
//! ```
//! use sitrep_core::doc::{Doc, DocMeta};
//! use sitrep_core::pipeline::{Pipeline, Scratch};
//! use sitrep_core::text::{SegmentStage, TokenizeStage};
//!
//! let p = Pipeline::new(vec![Box::new(TokenizeStage), Box::new(SegmentStage)]).unwrap();
//! let mut doc = Doc::new("Talks resume\nThe U.S. envoy arrived. He spoke.", DocMeta::default());
//! p.run(&mut doc, &mut Scratch::default());
//! let rec = sitrep_core::record::to_record(&doc);
//! assert_eq!(rec.headings, vec![[0, 12]]);
//! assert_eq!(rec.sentences.len(), 2);
//! ```
#![deny(missing_docs)]

pub mod actors;
pub mod claims;
pub mod date;
pub mod doc;
pub mod events;
pub mod layers;
pub mod ner;
pub mod phrase;
pub mod pipeline;
pub mod places;
pub mod positions;
pub mod pronouns;
pub mod record;
pub mod resolve;
pub mod statements;
pub mod text;
pub mod times;
