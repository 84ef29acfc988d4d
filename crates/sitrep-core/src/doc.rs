//! The [`Doc`]: the article's text, fixed at construction, and the layers the
//! stages add to it. Spans are byte offsets into `text`; code points appear only
//! when the record is made ([`crate::record::to_record`]).

use crate::date::Date;

/// A half-open byte range into [`Doc::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// The range for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    /// True when the spans share at least one byte.
    pub fn overlaps(self, o: Span) -> bool {
        self.start < o.end && o.start < self.end
    }
    /// True when `o` lies inside `self`.
    pub fn contains(self, o: Span) -> bool {
        self.start <= o.start && o.end <= self.end
    }
}

/// Metadata supplied by the caller or found in the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMeta {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Publisher or site name.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
}

/// Layers a stage can provide or require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Tokens.
    Tokens,
    /// Headings and sentences.
    Segments,
    /// Named-entity and group mentions.
    Mentions,
    /// Entities (mention clusters) with their attributes.
    Entities,
    /// Time expressions.
    Times,
    /// Statements.
    Statements,
    /// Events.
    Events,
    /// Claims.
    Claims,
    /// Positions.
    Positions,
    /// Places.
    Places,
    /// Pronoun mentions joined to their entities (and pronoun speakers filled in).
    Pronouns,
}

/// Per-token surface flags, computed once by the tokenizer.
pub mod tf {
    /// First character is uppercase.
    pub const CAP: u16 = 1;
    /// All cased characters are uppercase (and there are at least two letters).
    pub const UPPER: u16 = 2;
    /// Contains a digit.
    pub const DIGIT: u16 = 4;
    /// Only punctuation or symbols.
    pub const PUNCT: u16 = 8;
    /// Whitespace (or start of line) precedes the token.
    pub const SPACE_BEFORE: u16 = 16;
    /// First token of a line.
    pub const LINE_START: u16 = 32;
    /// Contains a letter.
    pub const ALPHA: u16 = 64;
    /// All letters lowercase.
    pub const LOWER: u16 = 128;
    /// Ends with a period that belongs to the token (abbreviation, initial).
    pub const ABBR: u16 = 256;
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte span.
    pub span: Span,
    /// [`tf`] flags.
    pub flags: u16,
}

impl Token {
    /// True if every flag in `f` is set.
    pub fn is(&self, f: u16) -> bool {
        self.flags & f == f
    }
}

/// What kind of text segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Title or sub-heading: short line without final punctuation.
    Heading,
    /// A sentence of running text.
    Sentence,
}

/// A heading or sentence, with its token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte span.
    pub span: Span,
    /// Heading or sentence.
    pub kind: SegmentKind,
    /// First token index.
    pub tok_start: u32,
    /// One past the last token index.
    pub tok_end: u32,
    /// Paragraph (line block) index.
    pub paragraph: u32,
}

impl Segment {
    /// Token index range.
    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.tok_start as usize..self.tok_end as usize
    }
}

/// Entity types of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation.
    Org,
    /// A geo-political entity: country, city, state.
    Gpe,
    /// Another place: region, river, front, building.
    Loc,
    /// A nationality, religious or political group named by a noun or adjective.
    Norp,
    /// An unnamed collective actor ("army officials").
    Group,
}

impl EntityType {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Group => "GROUP",
        }
    }
    /// Parse a record label.
    pub fn from_label(s: &str) -> Option<EntityType> {
        Some(match s {
            "PERSON" => EntityType::Person,
            "ORG" => EntityType::Org,
            "GPE" => EntityType::Gpe,
            "LOC" => EntityType::Loc,
            "NORP" => EntityType::Norp,
            "GROUP" => EntityType::Group,
            _ => return None,
        })
    }
    /// True for GPE and LOC.
    pub fn is_place(self) -> bool {
        matches!(self, EntityType::Gpe | EntityType::Loc)
    }
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionSource {
    /// The statistical tagger.
    Tagger,
    /// The actor dictionary.
    Dictionary,
    /// A rule (group nouns, pronouns, demonyms).
    Rule,
}

/// A mention: a span that names (or refers to) an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span.
    pub span: Span,
    /// Token range.
    pub tok_start: u32,
    /// One past the last token.
    pub tok_end: u32,
    /// Type.
    pub kind: EntityType,
    /// Index into the actor dictionary, when it matched.
    pub actor: Option<u32>,
    /// Provenance.
    pub source: MentionSource,
    /// Pronoun mentions are added by the pronoun stage.
    pub pronoun: bool,
}

/// One real-world referent: a cluster of mentions with what the text says of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entity {
    /// Canonical name.
    pub name: String,
    /// Type.
    pub kind: Option<EntityType>,
    /// Titles and roles.
    pub roles: Vec<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// Affiliation as written.
    pub affiliation: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// Indices into [`Doc::mentions`], in text order.
    pub mentions: Vec<u32>,
    /// Index into the actor dictionary.
    pub actor: Option<u32>,
}

/// A stage's note about something it could not do or chose not to.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stage.
    pub stage: &'static str,
    /// What happened.
    pub message: String,
}

/// The document flowing through the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The text every span refers to. Never changes after construction.
    pub text: String,
    /// Metadata.
    pub meta: DocMeta,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Headings and sentences in text order, disjoint.
    pub segments: Vec<Segment>,
    /// Mentions in text order (non-overlapping among names).
    pub mentions: Vec<Mention>,
    /// Entities.
    pub entities: Vec<Entity>,
    /// Later stages' layers live in their own modules' types.
    pub times: Vec<crate::layers::TimeExpr>,
    /// Statements.
    pub statements: Vec<crate::layers::Statement>,
    /// PLOVER-typed events.
    pub events: Vec<crate::layers::Event>,
    /// Claims and the statements that answer them.
    pub claims: Vec<crate::layers::Claim>,
    /// Actors' positions on issues.
    pub positions: Vec<crate::layers::Position>,
    /// Places of GPE/LOC entities.
    pub places: Vec<crate::layers::PlaceRef>,
    /// Explanations, when a stage was asked for them.
    pub explain: Option<crate::layers::Explain>,
    /// Diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// A new document over `text`.
    pub fn new(text: impl Into<String>, meta: DocMeta) -> Doc {
        Doc {
            text: text.into(),
            meta,
            ..Doc::default()
        }
    }
    /// The text of a span.
    pub fn slice(&self, s: Span) -> &str {
        &self.text[s.range()]
    }
    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &str {
        &self.text[self.tokens[i].span.range()]
    }
    /// Byte span covering tokens `a..b`.
    pub fn tok_span(&self, a: usize, b: usize) -> Span {
        Span {
            start: self.tokens[a].span.start,
            end: self.tokens[b - 1].span.end,
        }
    }

    /// A (non-pronoun) mention over tokens `a..b`.
    pub fn mention_over(
        &self,
        a: usize,
        b: usize,
        kind: EntityType,
        actor: Option<u32>,
        source: MentionSource,
    ) -> Mention {
        Mention {
            span: self.tok_span(a, b),
            tok_start: a as u32,
            tok_end: b as u32,
            kind,
            actor,
            source,
            pronoun: false,
        }
    }
    /// One flag per token: true where a mention already covers it.
    pub fn covered_tokens(&self) -> Vec<bool> {
        let mut covered = vec![false; self.tokens.len()];
        for m in &self.mentions {
            for c in covered
                .iter_mut()
                .take(m.tok_end as usize)
                .skip(m.tok_start as usize)
            {
                *c = true;
            }
        }
        covered
    }
    /// Add mentions and keep the list in text order.
    pub fn add_mentions(&mut self, added: Vec<Mention>) {
        if !added.is_empty() {
            self.mentions.extend(added);
            self.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        }
    }
    /// Index of the first token that ends after byte `b`: the token holding
    /// `b`, else the next one (`tokens.len()` past the last).
    pub fn token_index(&self, b: u32) -> usize {
        self.tokens.partition_point(|t| t.span.end <= b)
    }
    /// The token starting at or containing byte `b`, if any.
    pub fn token_at(&self, b: u32) -> Option<usize> {
        let k = self.token_index(b);
        (k < self.tokens.len() && self.tokens[k].span.start <= b).then_some(k)
    }
    /// Index of the segment holding token `i`.
    pub fn segment_of(&self, i: usize) -> Option<usize> {
        let i = i as u32;
        let k = self.segments.partition_point(|s| s.tok_end <= i);
        (k < self.segments.len() && self.segments[k].tok_start <= i).then_some(k)
    }
}
