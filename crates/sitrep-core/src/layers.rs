//! Layer types filled by later stages (times, statements, places, explanations). Kept apart from
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

/// The 16 PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// Agree to, offer, promise or otherwise commit to cooperate.
    Agree,
    /// Meet, visit, telephone, negotiate, mediate.
    Consult,
    /// Praise, endorse, defend, sign, recognise.
    Support,
    /// Yield to demands, ease restrictions.
    Concede,
    /// Material cooperation: share information, joint exercises, extradition.
    Cooperate,
    /// Provide economic, military or humanitarian aid; grant asylum.
    Aid,
    /// Withdraw, release, declare a ceasefire, demobilise, resign.
    Retreat,
    /// Demand, urge, appeal, call for.
    Request,
    /// Accuse, criticise, investigate, sue.
    Accuse,
    /// Reject, refuse, veto, rule out.
    Reject,
    /// Threaten, warn, issue an ultimatum.
    Threaten,
    /// Demonstrate, strike, boycott, riot.
    Protest,
    /// Sanctions, expulsions, suspended aid or relations.
    Sanction,
    /// Put forces on alert, deploy, mobilise.
    Mobilize,
    /// Arrest, seize, ban, curfew, blockade, deport.
    Coerce,
    /// Attack, kill, shell, bomb, abduct.
    Assault,
}

impl EventType {
    /// Every type, in PLOVER's order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// Parse a record label.
    pub fn from_label(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.label() == s)
    }

    /// Conflictual types: an intention to do one of these is a threat.
    pub fn is_conflict(self) -> bool {
        matches!(
            self,
            EventType::Threaten
                | EventType::Protest
                | EventType::Sanction
                | EventType::Mobilize
                | EventType::Coerce
                | EventType::Assault
        )
    }
}

/// How an event is reported: as fact, intention, claim, denial, condition or negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventStatus {
    /// Reported as having happened.
    Occurred,
    /// Under way ("is shelling", "continues to", "has been besieging").
    Ongoing,
    /// Future or intended ("will visit", "plans to", "is expected to").
    Planned,
    /// Asserted by a party inside its own speech act ("said it had retaken").
    Claimed,
    /// Inside a denial ("denied attacking").
    Denied,
    /// Conditional or possible ("if X attacks", "would", "could").
    Hypothetical,
    /// Said not to have happened ("did not attack", "no talks").
    Negated,
}

impl EventStatus {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            EventStatus::Occurred => "occurred",
            EventStatus::Ongoing => "ongoing",
            EventStatus::Planned => "planned",
            EventStatus::Claimed => "claimed",
            EventStatus::Denied => "denied",
            EventStatus::Hypothetical => "hypothetical",
            EventStatus::Negated => "negated",
        }
    }
}

/// A PLOVER-typed event between entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// PLOVER type.
    pub kind: EventType,
    /// PLOVER-style mode (meet, visit, shell, arrest, …), if the cue names one.
    pub mode: Option<String>,
    /// Actor entity indices, sorted.
    pub actors: Vec<u32>,
    /// Target entity indices, sorted.
    pub targets: Vec<u32>,
    /// Place entity index.
    pub place: Option<u32>,
    /// Index into [`crate::doc::Doc::times`].
    pub time: Option<u32>,
    /// Status.
    pub status: EventStatus,
    /// Index into [`crate::doc::Doc::statements`] of the statement it is reported through.
    pub source: Option<u32>,
    /// Cue tokens.
    pub trigger: Span,
    /// The sentence (or heading) it was read from.
    pub evidence: Span,
}

/// How a later statement responds to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Says it did not happen ("denied the claim").
    Denies,
    /// Contests it ("disputed that account", "fighting continued").
    Disputes,
    /// Confirms it ("confirmed", "acknowledged").
    Confirms,
    /// Reports the same thing independently.
    Supports,
}

impl Relation {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            Relation::Denies => "denies",
            Relation::Disputes => "disputes",
            Relation::Confirms => "confirms",
            Relation::Supports => "supports",
        }
    }
}

/// Where a claim stands after its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    /// No denial or dispute (or none yet).
    Uncontested,
    /// Denied or disputed, and not confirmed later.
    Disputed,
    /// Confirmed by a later statement.
    Confirmed,
}

impl ClaimStatus {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Uncontested => "uncontested",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Confirmed => "confirmed",
        }
    }
}

/// A statement asserting a contested fact, with the statements that answer it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Index into [`crate::doc::Doc::statements`] of the asserting statement.
    pub statement: u32,
    /// Index into [`crate::doc::Doc::events`] of the event claimed, if any.
    pub event: Option<u32>,
    /// (statement index, relation), in text order.
    pub responses: Vec<(u32, Relation)>,
    /// Status.
    pub status: ClaimStatus,
}

/// An actor's stance on an issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Entity index.
    pub actor: u32,
    /// Issue lexicon key.
    pub issue: String,
    /// The words the text used (for an anaphor, its antecedent's words).
    pub issue_text: String,
    /// Stance.
    pub stance: crate::positions::Stance,
    /// +1 for the issue, -1 against: the stance's, turned by a reversing verb
    /// ("demanded that the EU scrap tariffs": demand, -1).
    pub polarity: i8,
    /// Statement index of the evidence, if the stance was stated.
    pub evidence: Option<u32>,
    /// The sentence it was read from.
    pub evidence_span: Span,
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
