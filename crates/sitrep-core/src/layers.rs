//! Layer types filled by later stages (times, statements, places, explanations). Kept apart from
//! `doc.rs` so that each stage's vocabulary sits beside the stage that owns it.

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
}

/// An entity placed on the map by the places stage.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef {
    /// Entity index.
    pub entity: u32,
    /// GeoNames id (None for sitrep's or a user's own rows).
    pub geonames: Option<u64>,
    /// Latitude, 4 decimals.
    pub lat: f64,
    /// Longitude, 4 decimals.
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// GeoNames feature code.
    pub feature: String,
}

/// What the stages considered and why they chose, filled on request (`--explain`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explain {
    /// One entry per GPE/LOC entity.
    pub places: Vec<PlaceExplain>,
}

/// The candidates of one place entity.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceExplain {
    /// Entity index.
    pub entity: u32,
    /// The names looked up.
    pub names: Vec<String>,
    /// The gazetteer id placed, if any.
    pub chosen: Option<u32>,
    /// Why the winner won (or why nothing was placed).
    pub reason: String,
    /// How many candidates were scored.
    pub considered: u32,
    /// The best candidates, best first.
    pub candidates: Vec<CandidateExplain>,
}

/// One scored candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateExplain {
    /// Gazetteer id.
    pub id: u32,
    /// GeoNames id, when it is one.
    pub geonames: Option<u64>,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Admin1 code.
    pub admin1: String,
    /// Feature code.
    pub feature: String,
    /// Population.
    pub population: u32,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Total score.
    pub score: f64,
    /// Non-zero score components.
    pub factors: Vec<(&'static str, f64)>,
}
