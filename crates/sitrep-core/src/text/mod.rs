//! The text layers: tokens, then headings and sentences.

pub mod segment;
pub mod tokenize;

pub use segment::SegmentStage;
pub use tokenize::TokenizeStage;
