//! The sitrep record, schema `sitrep.record/1`: the stable contract between the
//! extractor, the store, the server, every export and the evaluation scripts.
//!
//! Every type here derives `Serialize`/`Deserialize`; nothing else in the
//! workspace does (internal pipeline types stay free to change). Offsets are
//! Unicode code-point offsets into [`Record::text`], half-open `[start, end)`.
//! Every list is present (possibly empty), never absent.
//!
//! ```
//! let rec = sitrep_record::Record::empty("doc1", "");
//! let json = serde_json::to_string(&rec).unwrap();
//! assert!(json.contains("\"schema\":\"sitrep.record/1\""));
//! assert!(json.contains("\"entities\":[]"));
//! ```
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// The schema identifier every record carries.
pub const SCHEMA: &str = "sitrep.record/1";

/// A half-open `[start, end)` code-point range into the record's text.
pub type CpSpan = [usize; 2];

/// One article, structured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Document metadata.
    pub doc: DocMeta,
    /// The plain text every offset refers to.
    pub text: String,
    /// Title and sub-heading lines, kept out of `sentences`.
    pub headings: Vec<CpSpan>,
    /// Sentences in text order, disjoint.
    pub sentences: Vec<CpSpan>,
    /// People, organisations, places, nationalities and collective actors.
    pub entities: Vec<Entity>,
    /// Places resolved to gazetteer records.
    pub places: Vec<Place>,
    /// Time expressions.
    pub times: Vec<Time>,
    /// Attributed statements.
    pub statements: Vec<Statement>,
    /// PLOVER-typed events.
    pub events: Vec<Event>,
    /// Contested claims and their responses.
    pub claims: Vec<Claim>,
    /// Actor × issue × stance.
    pub positions: Vec<Position>,
    /// What the stages considered and why, present only when asked for
    /// (`sitrep extract --explain`); not part of the stable contract's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

impl Record {
    /// A record with the given id and text and every layer empty.
    pub fn empty(id: &str, text: &str) -> Record {
        Record {
            schema: SCHEMA.to_string(),
            doc: DocMeta {
                id: id.to_string(),
                lang: "en".to_string(),
                ..DocMeta::default()
            },
            text: text.to_string(),
            headings: vec![],
            sentences: vec![],
            entities: vec![],
            places: vec![],
            times: vec![],
            statements: vec![],
            events: vec![],
            claims: vec![],
            positions: vec![],
            explain: None,
        }
    }
}

/// Document metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Caller's id, or one derived from the input.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Publisher or site name.
    pub source: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// Language code (`en`).
    pub lang: String,
}

/// Knowledge-base links.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kb {
    /// Wikidata QID (`Q76`).
    pub wikidata: Option<String>,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Code-point span.
    pub span: CpSpan,
    /// The text of that span.
    pub text: String,
}

/// One real-world referent and all its mentions in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `e1`, `e2`, …
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `PERSON`, `ORG`, `GPE`, `LOC`, `NORP` or `GROUP`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Titles and roles read from the text ("spokeswoman", "former President").
    pub roles: Vec<String>,
    /// ISO 3166-1 alpha-3 of the state the actor belongs to or acts for.
    pub country: Option<String>,
    /// The organisation the actor is affiliated with, as written.
    pub affiliation: Option<String>,
    /// Knowledge-base ids.
    pub kb: Kb,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// A place resolved to a gazetteer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The entity id.
    pub entity: String,
    /// GeoNames id.
    pub geonames: Option<u64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// GeoNames feature code (`PPLC`, `PCLI`, `ADM1`, …).
    pub feature: Option<String>,
}

/// A time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Time {
    /// `t1`, `t2`, …
    pub id: String,
    /// Code-point span.
    pub span: CpSpan,
    /// The text of that span.
    pub text: String,
    /// ISO 8601 value at the text's precision, or null when it cannot be resolved.
    pub value: Option<String>,
    /// `day`, `month`, `year`, `week`, `duration`, …
    pub grain: Option<String>,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// `s1`, `s2`, …
    pub id: String,
    /// Speaker entity id.
    pub speaker: Option<String>,
    /// Span of the speaker expression.
    pub speaker_span: Option<CpSpan>,
    /// The cue word as written.
    pub cue: String,
    /// Span of the cue.
    pub cue_span: CpSpan,
    /// Span of what was said.
    pub content_span: CpSpan,
    /// A direct quotation.
    pub direct: bool,
}

/// A PLOVER-typed event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `v1`, `v2`, …
    pub id: String,
    /// One of the 16 PLOVER types.
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode (free text).
    pub mode: Option<String>,
    /// Actor entity ids.
    pub actors: Vec<String>,
    /// Target entity ids.
    pub targets: Vec<String>,
    /// Place entity id.
    #[serde(rename = "where")]
    pub place: Option<String>,
    /// Time id.
    pub when: Option<String>,
    /// `occurred`, `ongoing`, `planned`, `claimed`, `denied`, `hypothetical`, `negated`.
    pub status: String,
    /// Statement id the event is reported through.
    pub source: Option<String>,
    /// Span of the trigger word.
    pub trigger_span: CpSpan,
    /// Span of the evidence (usually the sentence).
    pub evidence_span: CpSpan,
}

/// A response to a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimResponse {
    /// Statement id.
    pub statement: String,
    /// `denies`, `disputes`, `confirms` or `supports`.
    pub relation: String,
}

/// A contested (or not yet contested) claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `c1`, `c2`, …
    pub id: String,
    /// The asserting statement.
    pub statement: String,
    /// The event claimed.
    pub event: Option<String>,
    /// Later statements about it.
    pub responses: Vec<ClaimResponse>,
    /// `uncontested`, `disputed` or `confirmed`.
    pub status: String,
}

/// Where an actor stands on an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Actor entity id.
    pub actor: String,
    /// Issue lexicon key.
    pub issue: String,
    /// The words used.
    pub issue_text: String,
    /// `support`, `demand`, `accept`, `oppose`, `reject`, `refuse`.
    pub stance: String,
    /// +1 for, −1 against.
    pub polarity: i8,
    /// Evidence statement id.
    pub evidence: Option<String>,
    /// Evidence span.
    pub evidence_span: CpSpan,
}

/// Explanations (`--explain`): for each place entity, the gazetteer candidates
/// considered, their scores, and why the winner won.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Explain {
    /// One entry per GPE/LOC entity.
    pub places: Vec<PlaceExplain>,
}

/// The candidates of one place entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceExplain {
    /// The entity id.
    pub entity: String,
    /// The names looked up (entity name and mentions).
    pub names: Vec<String>,
    /// The gazetteer id placed (a GeoNames id below 2,000,000,000), or null.
    pub chosen: Option<u64>,
    /// Why the winner won, or why nothing was placed.
    pub reason: String,
    /// How many candidates were scored.
    pub considered: usize,
    /// The best candidates, best first.
    pub candidates: Vec<CandidateExplain>,
}

/// One scored gazetteer candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateExplain {
    /// Gazetteer id.
    pub id: u64,
    /// GeoNames id, when the row is from GeoNames.
    pub geonames: Option<u64>,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-2 (empty for seas, continents, …).
    pub country: String,
    /// First-order region code.
    pub admin1: String,
    /// GeoNames feature code.
    pub feature: String,
    /// Population (0 = unknown).
    pub population: u64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Total score (log10-population scale).
    pub score: f64,
    /// Non-zero score components by name.
    pub factors: std::collections::BTreeMap<String, f64>,
}
