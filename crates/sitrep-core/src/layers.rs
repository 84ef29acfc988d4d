//! Layer types filled by later stages (times, statements). Kept apart from
//! `doc.rs` so that each stage's vocabulary sits beside the stage that owns it.

use std::sync::Arc;

use crate::doc::Span;

/// A time expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Byte span.
    pub span: Span,
    /// ISO value, if resolvable.
    pub value: Option<String>,
    /// Grain.
    pub grain: &'static str,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Speaker entity index.
    pub speaker: Option<u32>,
    /// Speaker span.
    pub speaker_span: Option<Span>,
    /// Cue span.
    pub cue_span: Span,
    /// Content span.
    pub content_span: Span,
    /// Direct quotation.
    pub direct: bool,
    /// The cue's speech act from the cue lexicon (`say`, `deny`, `warn`, …).
    pub kind: Arc<str>,
    /// The cue's polarity: -1 for denials and rejections, +1 for
    /// confirmations and admissions, else 0.
    pub polarity: i8,
}
