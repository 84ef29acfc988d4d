//! The positions stage: actor × issue × stance, read clause by clause from
//! stance cues (`data/stances.tsv`: "calls for", "rejects", "will not
//! accept") whose object names an issue of the issue lexicon
//! (`data/issues.tsv`: ceasefire, sanctions, prisoner exchange, …).
//!
//! For each stance cue: skip it when it is a noun after a determiner or a
//! possessive ("the demand", "Algeria's offer") or the complement of another
//! cue ("refused to accept": the outer cue speaks for both; "urged the parties
//! to agree", "demanded that Bangkok reopen": what is asked of someone is the
//! asker's stance); read negation just before it ("does not support" → its
//! `negated` stance); find the issue in the object (the first issue term after
//! the cue, plus terms coordinated with it and the topic of a forum, "talks on
//! autonomy", within a short window that stops at clause boundaries and at
//! terms inside names), or, when the object opens with an anaphor ("that
//! option", "the plan", "Turkey's initiative", "it"), resolve it: a named
//! party's anaphor to that party's last stance, else to the last issue the
//! article took a stance on or mentioned in the previous sentences (shown as
//! the words used). Find the actors: the nearest actor mention on the left
//! (skipping prepositional objects such as "in Baku" or "with Putin",
//! nationality adjectives, and appositive relative clauses), extended through
//! coordination ("Armenia and its European partners" → both), or else the
//! speaker of the statement whose content holds the cue ("We reject …," he
//! said). An official reporting their own state's stance ("Treasury Secretary
//! X said Washington supported …") holds it too.
//!
//! One position per actor, issue and stance per article. Every scan is
//! bounded to a few tokens, so time stays linear in the text.

pub mod lexicon;

use std::sync::Arc;

use crate::doc::{Doc, EntityType, Layer, Span, tf};
use crate::layers::Position;
use crate::ner::hash;
use crate::pipeline::{Scratch, Stage};

pub use lexicon::{IssueRow, Lexicon, Mark, Stance, StanceRow, parse_issues, parse_stances};

#[cfg(test)]
pub(crate) mod tests;

const NONE: u32 = u32::MAX;
/// Tokens scanned after a cue for its object's issue term.
const OBJECT_WINDOW: usize = 12;
/// Tokens scanned after a coordinator in an object for a further issue term.
const COORD_WINDOW: usize = 7;
/// Tokens from a clause's start within which a coordinated verb's shared subject must begin.
const COORD_SUBJECT_WINDOW: usize = 6;
/// Tokens scanned before a cue for its subject.
const SUBJECT_WINDOW: usize = 16;
/// Sentences back an anaphor looks for its antecedent.
const ANAPHOR_SENTENCES: usize = 3;

/// Negators read just before a cue ("not", "n't", "never", "no longer").
const NEGATORS: [&str; 5] = ["not", "n't", "never", "no", "cannot"];
/// Determiners that make a stance word a noun ("the demand") and start anaphors.
const DETERMINERS: [&str; 9] = [
    "the", "this", "that", "these", "those", "such", "a", "an", "any",
];
/// Pronouns that stand for an issue as an object ("rejected it").
const OBJECT_PRONOUNS: [&str; 3] = ["it", "this", "that"];
/// Subject pronouns that, opening reported speech, stand for the speaker ("X said it would …").
const SPEAKER_PRONOUNS: [&str; 6] = ["it", "he", "she", "they", "we", "i"];
/// Words that end an object or a subject scan: a new clause starts.
const CLAUSE_BREAKS: [&str; 14] = [
    ".", ";", ":", "but", "while", "whereas", "although", "though", "because", "which", "who",
    "whom", "if", "unless",
];
/// Prepositions that put a term inside a place phrase ("detained in occupied territories").
const LOCATIVE_PREPS: [&str; 7] = ["in", "at", "near", "inside", "outside", "across", "from"];
/// Prepositions before a place mention that make it an adjunct, not a subject.
const PLACE_PREPS: [&str; 10] = [
    "in", "at", "near", "from", "on", "across", "inside", "outside", "to", "into",
];
/// Prepositions whose object is never the subject of a later verb: "speak with Putin about
/// reviving the corridor" is not Putin's stance.
const ADJUNCT_PREPS: [&str; 8] = [
    "with", "against", "about", "over", "between", "among", "towards", "toward",
];
/// Nouns after a nationality that make it an actor after all ("its European partners"); the
/// tagger leaves them out of group mentions because they name a relation, not a sector.
const RELATION_NOUNS: [&str; 10] = [
    "partners",
    "allies",
    "counterparts",
    "neighbours",
    "neighbors",
    "friends",
    "side",
    "sides",
    "backers",
    "sponsors",
];
/// Auxiliaries between a subject and its verb ("has refused", "would not accept").
const AUXILIARIES: [&str; 12] = [
    "has", "have", "had", "will", "would", "is", "was", "were", "are", "did", "does", "do",
];
/// Auxiliaries of a reported clause whose tense a coordinated simple past does not share.
const CONTENT_AUXILIARIES: [&str; 7] = ["had", "would", "will", "could", "has", "have", "can"];
/// Possessives that open an anaphoric object ("its proposal") or, opening
/// reported speech, stand for the speaker ("his government would veto …").
const POSSESSIVES: [&str; 6] = ["his", "her", "its", "their", "our", "my"];
/// Words that may stand between coordinated subjects ("Armenia and its European partners").
const COORD_GAP: [&str; 12] = [
    "and", ",", "its", "their", "his", "her", "the", "both", "as", "well", "other", "fellow",
];
/// Issues that are forums for other issues: "talks on autonomy" is also a stance on autonomy.
const FORUM_ISSUES: [&str; 3] = ["negotiations", "peace_agreement", "trade_deal"];
/// Prepositions that give an issue's topic ("talks on autonomy").
const TOPIC_PREPS: [&str; 3] = ["on", "about", "over"];
/// Coordinators that add a further issue to an object ("a ceasefire and the release of hostages").
const COORDINATORS: [&str; 4] = ["and", "or", "including", "plus"];

/// Fills [`Doc::positions`].
pub struct PositionStage {
    lex: Arc<Lexicon>,
}

impl PositionStage {
    /// A stage over compiled lexicons.
    pub fn new(lex: Arc<Lexicon>) -> PositionStage {
        PositionStage { lex }
    }
}

impl Stage for PositionStage {
    fn name(&self) -> &'static str {
        "positions"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Entities,
            Layer::Statements,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Positions]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        doc.positions.clear();
        if doc.tokens.is_empty() || doc.entities.is_empty() || self.lex.is_empty() {
            return;
        }
        let mut hashes = std::mem::take(&mut scratch.words);
        lower_hashes(doc, &mut hashes);
        doc.positions = find_positions(doc, &self.lex, &hashes);
        scratch.words = hashes;
    }
}

/// Lowercase token hashes of the whole document into `out`.
pub(crate) fn lower_hashes(doc: &Doc, out: &mut Vec<u64>) {
    out.clear();
    out.extend(doc.tokens.iter().map(|t| hash::lower(doc.slice(t.span))));
}

/// Per-token entity of the mention covering it (`NONE` elsewhere), and the
/// mention's first token, so scans can step over whole mentions.
pub(crate) struct TokenEntities {
    pub(crate) entity: Vec<u32>,
    pub(crate) start: Vec<u32>,
}

impl TokenEntities {
    pub(crate) fn new(doc: &Doc) -> TokenEntities {
        let mut ment_ent = vec![NONE; doc.mentions.len()];
        for (ei, e) in doc.entities.iter().enumerate() {
            if e.kind.is_none() {
                continue;
            }
            for &m in &e.mentions {
                if let Some(x) = ment_ent.get_mut(m as usize) {
                    *x = ei as u32;
                }
            }
        }
        let n = doc.tokens.len();
        let mut entity = vec![NONE; n];
        let mut start = vec![NONE; n];
        for (mi, m) in doc.mentions.iter().enumerate() {
            if ment_ent[mi] == NONE {
                continue;
            }
            for t in m.tok_start as usize..(m.tok_end as usize).min(n) {
                entity[t] = ment_ent[mi];
                start[t] = m.tok_start;
            }
        }
        TokenEntities { entity, start }
    }
}

/// An issue term found in the text.
#[derive(Clone, Copy)]
struct IssueMention {
    issue: u32,
    /// Token range of the phrase shown as `issue_text`.
    a: usize,
    b: usize,
    segment: usize,
    /// A reversing word stands between the cue and the term.
    reversed: bool,
    /// Not inside a prepositional tail ("on the border") nor the opening subject: may be an
    /// anaphor's antecedent.
    salient: bool,
}

/// An issue a position was taken on, for anaphors.
struct Taken {
    stance: Stance,
    mention: IssueMention,
    /// The position's first actor (`NONE` if it had none).
    actor: u32,
}

/// One pass over a document.
struct Ctx<'a> {
    doc: &'a Doc,
    lex: &'a Lexicon,
    hashes: &'a [u64],
    ents: TokenEntities,
    /// Per token: the stance-cue row starting here and its length.
    cue_len: Vec<u8>,
    /// Issue terms in text order.
    terms: Vec<IssueMention>,
    /// Per token: index into `terms` of the term starting here.
    term_at: Vec<u32>,
}

fn find_positions(doc: &Doc, lex: &Lexicon, hashes: &[u64]) -> Vec<Position> {
    let n = doc.tokens.len();
    let ents = TokenEntities::new(doc);
    // A term inside a name is part of the name ("the Peace Palace"); a name that is the term
    // itself ("the International Court of Justice") or ends with it ("the Joint Boundary
    // Commission", "the General Border Committee": a forum of that kind) is the issue.
    let in_name = |a: usize, b: usize| {
        (a..b).any(|t| {
            let e = ents.entity[t];
            e != NONE
                && doc.entities[e as usize]
                    .kind
                    .is_some_and(|k| k != EntityType::Group && k != EntityType::Norp)
                && {
                    let s = ents.start[t] as usize;
                    let mut z = s;
                    while z < n && ents.start[z] as usize == s && ents.entity[z] == e {
                        z += 1;
                    }
                    !(s <= a && z == b)
                }
        })
    };
    let mut cue_len = vec![0u8; n];
    let mut term_at = vec![NONE; n];
    let mut terms = Vec::new();
    for (si, seg) in doc.segments.iter().enumerate() {
        let r = seg.tokens();
        let mut i = r.start;
        while i < r.end {
            if let Some((len, _)) = lex.cue_at(&hashes[..r.end], i) {
                cue_len[i] = len.min(255) as u8;
            }
            i += 1;
        }
        let mut i = r.start;
        while i < r.end {
            match lex.term_at(&hashes[..r.end], i) {
                Some((len, _)) if in_name(i, i + len) => i += len,
                Some((len, issue)) => {
                    term_at[i] = terms.len() as u32;
                    // Not in a prepositional tail, nor the sentence's opening subject.
                    let salient = i >= r.start + 3
                        && !(i.saturating_sub(2).max(r.start)..i).any(|k| {
                            PLACE_PREPS
                                .iter()
                                .any(|p| doc.tok(k).eq_ignore_ascii_case(p))
                        });
                    terms.push(IssueMention {
                        issue,
                        a: i,
                        b: i + len,
                        segment: si,
                        reversed: false,
                        salient,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    let cx = Ctx {
        doc,
        lex,
        hashes,
        ents,
        cue_len,
        terms,
        term_at,
    };
    let stmts = statement_index(doc);
    let mut out: Vec<Position> = Vec::new();
    // The issues positions were taken on, for anaphors.
    let mut taken: Vec<Taken> = Vec::new();
    let mut seen: std::collections::HashSet<(u32, String, Stance)> = Default::default();
    for (si, seg) in doc.segments.iter().enumerate() {
        let r = seg.tokens();
        let mut i = r.start;
        while i < r.end {
            let len = cx.cue_len[i] as usize;
            if len == 0 {
                i += 1;
                continue;
            }
            let a = i;
            let b = i + len;
            i = b;
            let Some((_, row)) = lex.cue_at(&hashes[..r.end], a) else {
                continue;
            };
            let Some(base) = row.stance else { continue };
            if cx.is_noun_or_complement(a, r.start) {
                continue;
            }
            let stance = if cx.negated(a, r.start) {
                match row.negated {
                    Some(s) => s,
                    None => continue,
                }
            } else {
                base
            };
            // An object that opens with an anaphor ("the plan", "Turkey's initiative") is that
            // anaphor, even when an issue term follows in a condition ("… without guarantees");
            // unless the term is its content ("the proposal for a ceasefire").
            let opener = cx.anaphor_phrase(cx.object_start(b, r.end), r.end);
            let direct = match opener {
                Some((_, pb)) if !cx.term_follows(pb, r.end) => Vec::new(),
                _ => cx.object_issues(b, r.end),
            };
            let issues = match (direct, opener) {
                (v, _) if !v.is_empty() => v,
                (_, Some((pa, pb))) => match cx.anaphor(pa, pb, r.end, si, &taken) {
                    // Shown as the words used; the key is the antecedent's issue.
                    Some(m) => vec![IssueMention {
                        reversed: false,
                        a: pa,
                        b: pb,
                        ..m
                    }],
                    None => continue,
                },
                _ => continue,
            };
            let evidence = statement_of(doc, &stmts, doc.tok_span(a, b));
            // Inside reported speech the subject is sought in the content only; a
            // pronoun or quoted first person there stands for the speaker.
            let host = evidence
                .map(|s| &doc.statements[s as usize])
                .filter(|s| s.content_span.contains(doc.tok_span(a, b)));
            let clause = host.map_or(r.start, |s| {
                tok_index(doc, s.content_span.start).max(r.start)
            });
            let (mut actors, coordinated) = cx.subject(a, clause, clause);
            // "denied that Cambodia had laid mines and called for …": a simple past after a
            // content clause in another tense is the speaker's second act.
            if coordinated
                && let Some(h) = host
                && let Some(sp) = h.speaker
                && cx.is_actor(sp)
                && cx.word(a).ends_with("ed")
                && (clause..a).any(|k| cx.word_in(k, &CONTENT_AUXILIARIES))
            {
                actors = vec![sp];
            }
            if actors.is_empty()
                && let Some(h) = host
                && let Some(sp) = h.speaker
                && cx.is_actor(sp)
                && (h.direct
                    || coordinated
                    || cx.word_in(clause, &SPEAKER_PRONOUNS)
                    || cx.word_in(clause, &POSSESSIVES))
            {
                actors.push(sp);
            }
            // "… would keep the crossings closed until Freedonia offered guarantees": what the
            // other side must do first is the speaker's (and the content's subject's) demand.
            let conditional = stance.polarity() > 0
                && (clause.max(r.start)..a)
                    .rev()
                    .take(6)
                    .any(|k| cx.word_in(k, &["until", "unless"]));
            let stance = if conditional {
                actors.clear();
                if let Some(h) = host
                    && let Some(sp) = h.speaker
                    && cx.is_actor(sp)
                {
                    actors.push(sp);
                    let e = cx.ents.entity[clause];
                    if e != NONE && e != sp && cx.is_actor(e) && !cx.is_modifier(clause) {
                        actors.push(e);
                    }
                }
                Stance::Demand
            } else {
                stance
            };
            // An official voicing their own state's or organisation's stance ("Treasury Secretary
            // X said Washington supported …") holds it too.
            if let Some(h) = host
                && let Some(sp) = h.speaker
                && !actors.contains(&sp)
                && actors.iter().any(|&a| cx.voices(sp, a))
            {
                actors.push(sp);
            }
            // Head issue last, so that an anaphor finds it before those coordinated with it.
            for m in issues.iter().rev() {
                taken.push(Taken {
                    stance,
                    mention: IssueMention { segment: si, ..*m },
                    actor: actors.first().copied().unwrap_or(NONE),
                });
            }
            for m in &issues {
                let polarity = if m.reversed {
                    -stance.polarity()
                } else {
                    stance.polarity()
                };
                let issue = lex.issue(m.issue).to_string();
                let text = doc.slice(doc.tok_span(m.a, m.b)).to_string();
                for &actor in &actors {
                    if seen.insert((actor, issue.clone(), stance)) {
                        out.push(Position {
                            actor,
                            issue: issue.clone(),
                            issue_text: text.clone(),
                            stance,
                            polarity,
                            evidence,
                            evidence_span: seg.span,
                        });
                    }
                }
            }
        }
    }
    out
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> &str {
        self.doc.tok(i)
    }
    fn word_in(&self, i: usize, set: &[&str]) -> bool {
        let w = self.word(i);
        set.iter().any(|s| w.eq_ignore_ascii_case(s))
    }
    fn mark_at(&self, i: usize, end: usize) -> Option<Mark> {
        self.lex
            .cue_at(&self.hashes[..end], i)
            .and_then(|(_, r)| r.mark)
    }
    fn is_actor(&self, e: u32) -> bool {
        self.doc
            .entities
            .get(e as usize)
            .and_then(|e| e.kind)
            .is_some_and(|k| k != EntityType::Loc)
    }

    /// "the demand", "a block": a noun; "refused to accept", "rejected calls
    /// for": the complement of the cue before it.
    fn is_noun_or_complement(&self, a: usize, start: usize) -> bool {
        if a > start
            && (self.word_in(a - 1, &DETERMINERS)
                || self.word_in(a - 1, &POSSESSIVES)
                || matches!(self.word(a - 1), "'s" | "’s"))
        {
            return true;
        }
        // A cue ending at a-1, or at a-2 before "to".
        let ends_at = |e: usize| {
            (start..e).rev().take(4).any(|k| {
                self.cue_len[k] as usize == e - k
                    && self
                        .lex
                        .cue_at(self.hashes, k)
                        .is_some_and(|(_, r)| r.stance.is_some())
            })
        };
        if (a > start && ends_at(a))
            || (a > start + 1 && self.word(a - 1).eq_ignore_ascii_case("to") && ends_at(a - 1))
        {
            return true;
        }
        if self.demanded_verb(a) {
            return true;
        }
        // "urged both parties to agree to …", "called on Turkey to back …": the verb after the
        // demand's object is what is asked of that object, not the object's own stance.
        if a > start + 2 && self.word(a - 1).eq_ignore_ascii_case("to") {
            for k in (start..a - 2).rev().take(5) {
                if self.word_in(k, &CLAUSE_BREAKS) || self.word(k) == "," {
                    break;
                }
                if self.cue_len[k] > 0
                    && k + self.cue_len[k] as usize <= a - 2
                    && self
                        .lex
                        .cue_at(self.hashes, k)
                        .is_some_and(|(_, r)| r.stance == Some(Stance::Demand))
                {
                    return true;
                }
            }
        }
        false
    }

    /// A negator among the three tokens before the cue (not past a mention).
    fn negated(&self, a: usize, start: usize) -> bool {
        for k in (start..a).rev().take(3) {
            if self.ents.entity[k] != NONE {
                return false;
            }
            if self.word_in(k, &NEGATORS) {
                return true;
            }
        }
        false
    }

    /// Issue terms of the object: the first term after the cue and terms coordinated with it.
    fn object_issues(&self, b: usize, end: usize) -> Vec<IssueMention> {
        let mut out: Vec<IssueMention> = Vec::new();
        let mut coord = false;
        let mut coord_at = b;
        let mut j = b;
        let mut stop = (b + OBJECT_WINDOW).min(end);
        while j < stop {
            let t = self.term_at[j];
            if t != NONE {
                let m = self.terms[t as usize];
                // "talks on autonomy": the topic is an issue of the object too.
                let topic = !out.is_empty()
                    && out.last().is_some_and(|o| {
                        o.b + 3 > j && FORUM_ISSUES.contains(&self.lex.issue(o.issue))
                    })
                    && (j.saturating_sub(2)..j).any(|k| k >= b && self.word_in(k, &TOPIC_PREPS));
                // A coordinated term inside a place phrase ("detained in occupied territories")
                // is a detail, not a further issue.
                if out.is_empty() || (coord && !self.in_place_phrase(m.a, b)) || topic {
                    let from = if out.is_empty() {
                        b
                    } else if coord {
                        coord_at + 1
                    } else {
                        m.a
                    };
                    if !out.iter().any(|o| o.issue == m.issue) {
                        let reversed = (from..m.a)
                            .chain(m.b..(m.b + 1).min(end))
                            .any(|k| self.mark_at(k, end) == Some(Mark::Reverse));
                        out.push(IssueMention {
                            a: self.phrase_start(from, m.a),
                            reversed,
                            ..m
                        });
                    }
                    coord = false;
                }
                j = m.b;
                continue;
            }
            let w = self.word(j);
            if self.word_in(j, &CLAUSE_BREAKS) || w == "," && out.is_empty() && j > b {
                break;
            }
            // "that" opens the cue's own complement only right after it.
            if j > b && w.eq_ignore_ascii_case("that") {
                break;
            }
            // A later stance cue has its own object, unless it is this one's complement.
            if j > b + 1
                && self.cue_len[j] > 0
                && self.is_stance(j)
                && !self.word(j - 1).eq_ignore_ascii_case("to")
                && !self.demanded_verb(j)
            {
                break;
            }
            if self.word_in(j, &COORDINATORS) {
                coord = true;
                coord_at = j;
                // A coordinated object gets its own few tokens ("… and the release of about 40
                // prisoners").
                stop = stop.max((j + COORD_WINDOW).min(end));
            }
            j += 1;
        }
        out
    }

    /// Where the shown phrase of a term starts: after the cue's particle, at
    /// most a few tokens before the term.
    fn phrase_start(&self, from: usize, term: usize) -> usize {
        let mut a = from.max(term.saturating_sub(4));
        while a < term
            && (matches!(self.word(a), "to" | "that" | "for" | "on" | ",") || self.cue_len[a] > 0)
        {
            a += self.cue_len[a].max(1) as usize;
        }
        a = a.min(term);
        a
    }

    /// Where the object of a cue ending at `b` starts: past a complement cue ("refused to
    /// support | the plan").
    fn object_start(&self, b: usize, end: usize) -> usize {
        let mut b = b;
        // A quoted object ("wanted \"a broader arrangement\"") starts inside the quotation.
        while b < end && matches!(self.word(b), "\"" | "\u{201c}" | "'" | "\u{2018}") {
            b += 1;
        }
        if b + 1 < end && self.word(b).eq_ignore_ascii_case("to") && self.is_stance(b + 1) {
            b + 1 + self.cue_len[b + 1] as usize
        } else {
            b
        }
    }

    /// The token range of an anaphor opening the object at `b`: "it", "that option", "the
    /// proposal", "its plan", "Turkey's initiative".
    fn anaphor_phrase(&self, b: usize, end: usize) -> Option<(usize, usize)> {
        if b >= end {
            return None;
        }
        if self.word_in(b, &OBJECT_PRONOUNS)
            && (b + 1 >= end || self.doc.tokens[b + 1].is(tf::PUNCT))
        {
            return Some((b, b + 1));
        }
        let after = if self.word_in(b, &DETERMINERS) || self.word_in(b, &POSSESSIVES) {
            b + 1
        } else if self.ents.entity[b] != NONE && self.ents.start[b] as usize == b {
            let mut k = b;
            while k < end && self.ents.start[k] as usize == b && self.ents.entity[k] != NONE {
                k += 1;
            }
            if k < end && matches!(self.word(k), "'s" | "’s") {
                k + 1
            } else {
                return None;
            }
        } else {
            return None;
        };
        (after..(after + 2).min(end))
            .find_map(|k| {
                self.lex
                    .cue_at(&self.hashes[..end], k)
                    .filter(|(_, r)| r.mark == Some(Mark::IssueRef))
                    .map(|(len, _)| (b, k + len))
            })
            // "the sanctions package" names its issue itself.
            .filter(|&(a, e)| (a..e).all(|k| self.term_at[k] == NONE))
    }

    /// An issue term at `b`, or after one preposition (and a determiner): the content of the
    /// anaphor-like noun before it ("the proposal for a ceasefire").
    fn term_follows(&self, b: usize, end: usize) -> bool {
        if b >= end {
            return false;
        }
        if self.term_at[b] != NONE {
            return true;
        }
        if !self.word_in(b, &["for", "on", "of", "to"]) {
            return false;
        }
        // "a proposal to put the demarcation …": an infinitive's verb and determiner first.
        let reach = if self.word_in(b, &["to"]) { 4 } else { 3 };
        (b + 1..(b + reach).min(end)).any(|k| self.term_at[k] != NONE)
    }

    /// The antecedent of the anaphor at `b..pb`: the last issue a position was taken on, else the
    /// last issue term, in this or the previous few sentences.
    fn anaphor(
        &self,
        b: usize,
        pb: usize,
        end: usize,
        si: usize,
        taken: &[Taken],
    ) -> Option<IssueMention> {
        let noun = pb > b + 1;
        let lo = si.saturating_sub(ANAPHOR_SENTENCES);
        // "Turkey's initiative", "the Algerian plan": what that party last took a stance on,
        // however far back (a named party is a stronger cue than recency).
        if let Some(party) = (b..pb).map(|k| self.ents.entity[k]).find(|&e| e != NONE)
            && let Some(t) = taken.iter().rev().find(|t| self.same_party(t.actor, party))
        {
            return Some(t.mention);
        }
        let recent = taken
            .iter()
            .rev()
            .take_while(|t| t.mention.segment >= lo)
            .map(|t| (t.stance, t.mention, t.actor));
        // "that demand": the last issue demanded, if any is near.
        let wanted = if noun {
            (b + 1..pb.min(end))
                .find_map(|k| self.lex.cue_at(&self.hashes[..end], k))
                .and_then(|(_, r)| r.stance)
        } else {
            None
        };
        if let Some(w) = wanted
            && let Some((_, m, _)) = recent.clone().find(|&(s, _, _)| s == w)
        {
            return Some(m);
        }
        // Else the most recent of the last position's issue and the last salient term.
        let last_taken = recent.map(|(_, m, _)| m).next();
        let k = self.term_at_or_before(b);
        let last_term = self.terms[..k]
            .iter()
            .rev()
            .take_while(|m| m.segment >= lo)
            .find(|m| m.salient)
            .copied();
        match (last_taken, last_term) {
            (Some(t), Some(m)) => Some(if m.b > t.b { m } else { t }),
            (t, m) => t.or(m),
        }
    }

    /// A locative preposition among the two tokens before `a` (not before `from`).
    fn in_place_phrase(&self, a: usize, from: usize) -> bool {
        (a.saturating_sub(2).max(from)..a).any(|k| self.word_in(k, &LOCATIVE_PREPS))
    }

    /// Two entities are one party: the same, or of the same country ("Algerian", "Algeria").
    fn same_party(&self, a: u32, b: u32) -> bool {
        if a == NONE || b == NONE {
            return false;
        }
        if a == b {
            return true;
        }
        let (ea, eb) = (
            &self.doc.entities[a as usize],
            &self.doc.entities[b as usize],
        );
        let state =
            |e: &crate::doc::Entity| matches!(e.kind, Some(EntityType::Gpe | EntityType::Norp));
        state(ea) && state(eb) && ea.country.is_some() && ea.country == eb.country
    }

    /// Number of issue terms starting before token `b`.
    fn term_at_or_before(&self, b: usize) -> usize {
        self.terms.partition_point(|m| m.a < b)
    }

    /// The actors of the clause: the nearest actor mention on the left and those coordinated with
    /// it; and whether the cue is a verb coordinated with an earlier one ("… and called for"),
    /// whose subject, when the clause names none, is the speaker's.
    fn subject(&self, a: usize, start: usize, clause: usize) -> (Vec<u32>, bool) {
        let mut out = Vec::new();
        // "X said …, and urged": a coordinated verb shares the clause's first actor.
        let mut k = a;
        while k > start
            && self.doc.tokens[k - 1].is(tf::LOWER)
            && self.word(k - 1) != "and"
            && self.ents.entity[k - 1] == NONE
            && a - k < 3
        {
            k -= 1;
        }
        if k > start
            && self.word(k - 1) == "and"
            && (k - 1 == start
                || !self.doc.tokens[k - 2].is(tf::ALPHA)
                || self.ents.entity[k - 2] == NONE
                || self.is_adjunct(self.ents.start[k - 2] as usize))
        {
            // The shared subject opens the clause ("that it had verified … and called for":
            // not a noun deep inside the first verb's object).
            let c = clause.max(start);
            let c = if self.word(c).eq_ignore_ascii_case("that") {
                c + 1
            } else {
                c
            };
            for j in c..(k - 1).min(c + COORD_SUBJECT_WINDOW) {
                let e = self.ents.entity[j];
                if e != NONE && self.is_actor(e) {
                    let s = self.ents.start[j] as usize;
                    let mut z = j;
                    while z < self.doc.tokens.len()
                        && self.ents.entity[z] == e
                        && self.ents.start[z] as usize == s
                    {
                        z += 1;
                    }
                    let possessor =
                        z < self.doc.tokens.len() && matches!(self.word(z), "'s" | "’s");
                    if s > start && self.is_adjunct(s) || self.is_modifier(s) || possessor {
                        continue;
                    }
                    out.push(self.possessor(s, e));
                    return (out, true);
                }
            }
            return (out, true);
        }
        let mut k = a;
        // "Belgium, which holds …, has refused": step back over the relative clause.
        let mut v = a;
        while v > start && self.word_in(v - 1, &AUXILIARIES) {
            v -= 1;
        }
        if v > start
            && self.word(v - 1) == ","
            && let Some(c) = (start + 1..v - 1)
                .rev()
                .find(|&c| self.word(c - 1) == "," && self.word_in(c, &["which", "who", "whose"]))
        {
            k = c - 1;
        }
        let mut steps = 0;
        let mut head: Option<usize> = None;
        while k > start && steps < SUBJECT_WINDOW {
            k -= 1;
            steps += 1;
            let e = self.ents.entity[k];
            if e != NONE {
                let s = self.ents.start[k] as usize;
                let adjunct = s > start && self.is_adjunct(s);
                if !adjunct && self.is_actor(e) && !self.is_modifier(s) {
                    out.push(self.possessor(s, e));
                    head = Some(s);
                    break;
                }
                k = s;
                continue;
            }
            // An appositive relative clause: "Germany and France, which drafted …, urged".
            if self.word_in(k, &["which", "who", "whose"]) && k > start && self.word(k - 1) == "," {
                k -= 1;
                steps = 0;
                continue;
            }
            if self.word_in(k, &CLAUSE_BREAKS) || self.cue_len[k] > 0 && self.is_stance(k) {
                break;
            }
        }
        let Some(mut s) = head else {
            return (out, false);
        };
        // Coordination leftwards.
        loop {
            let mut k = s;
            let mut saw_and = false;
            while k > start && self.ents.entity[k - 1] == NONE && self.word_in(k - 1, &COORD_GAP) {
                saw_and |= matches!(self.word(k - 1), "and" | ",");
                k -= 1;
            }
            if k == start || !saw_and || k == s {
                break;
            }
            let e = self.ents.entity[k - 1];
            if e == NONE || !self.is_actor(e) {
                break;
            }
            if !out.contains(&e) {
                out.push(e);
            }
            s = self.ents.start[k - 1] as usize;
        }
        (out, false)
    }

    /// A nationality used as an adjective ("German jobs", "Russian assets"): not an actor.
    fn is_modifier(&self, s: usize) -> bool {
        let e = self.ents.entity[s];
        if self.doc.entities[e as usize].kind != Some(EntityType::Norp) {
            return false;
        }
        let mut k = s;
        while k < self.ents.entity.len() && self.ents.start[k] as usize == s {
            k += 1;
        }
        k < self.doc.tokens.len()
            && ((self.doc.tokens[k].is(tf::LOWER) && !self.word_in(k, &RELATION_NOUNS))
                // "Malaysian Prime Minister X": a nationality before a title or a name.
                || self.doc.tokens[k].is(tf::CAP))
    }

    /// "his government": the possessor of a common-noun group stands for it.
    fn possessor(&self, s: usize, e: u32) -> u32 {
        if self.doc.entities[e as usize].kind == Some(EntityType::Group)
            && s > 0
            && self.word_in(s - 1, &POSSESSIVES)
        {
            let p = self.ents.entity[s - 1];
            if p != NONE && self.is_actor(p) {
                return p;
            }
        }
        e
    }

    /// `speaker` is an official (a person with a title) of `actor`: its country, or the
    /// organisation they are affiliated with.
    fn voices(&self, speaker: u32, actor: u32) -> bool {
        let (Some(sp), Some(ac)) = (
            self.doc.entities.get(speaker as usize),
            self.doc.entities.get(actor as usize),
        ) else {
            return false;
        };
        if sp.kind != Some(EntityType::Person) || sp.roles.is_empty() {
            return false;
        }
        match ac.kind {
            Some(EntityType::Gpe) => ac.country.is_some() && ac.country == sp.country,
            Some(EntityType::Org) => sp
                .affiliation
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case(&ac.name)),
            _ => false,
        }
    }

    /// The verb of a demanded clause: "demanded that Bangkok reopen …" (a demand cue, "that",
    /// a name, then this verb). What is demanded is the demander's stance, not the name's.
    fn demanded_verb(&self, a: usize) -> bool {
        if a < 3 || self.ents.entity[a - 1] == NONE {
            return false;
        }
        let s = self.ents.start[a - 1] as usize;
        let s = if s > 0 && self.word_in(s - 1, &["the"]) {
            s - 1
        } else {
            s
        };
        s >= 2
            && self.word(s - 1).eq_ignore_ascii_case("that")
            && (s.saturating_sub(4)..s - 1).any(|k| {
                self.cue_len[k] > 0
                    && k + self.cue_len[k] as usize == s - 1
                    && self
                        .lex
                        .cue_at(self.hashes, k)
                        .is_some_and(|(_, r)| r.stance == Some(Stance::Demand))
            })
    }

    /// The mention starting at `s` is a prepositional object.
    fn is_adjunct(&self, s: usize) -> bool {
        let prep = |k: usize| self.word_in(k, &PLACE_PREPS) || self.word_in(k, &ADJUNCT_PREPS);
        // Also past one lowercase word: "in northern Kosovo", "with the rebels"; and past a
        // place noun and "of": "in the town of Vell", "near the village of Oster".
        let place_of = s >= 4
            && self.word(s - 1) == "of"
            && self.doc.tokens[s - 2].is(tf::LOWER)
            && (prep(s - 3) || self.word_in(s - 3, &DETERMINERS) && prep(s - 4));
        prep(s - 1) || (s >= 2 && self.doc.tokens[s - 1].is(tf::LOWER) && prep(s - 2)) || place_of
    }

    fn is_stance(&self, k: usize) -> bool {
        self.lex
            .cue_at(self.hashes, k)
            .is_some_and(|(_, r)| r.stance.is_some())
    }
}

/// The token starting at or after byte `b`.
fn tok_index(doc: &Doc, b: u32) -> usize {
    doc.tokens.partition_point(|t| t.span.start < b)
}

/// Statements by the start of their extent (cue or content): (start byte, index).
pub(crate) fn statement_index(doc: &Doc) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| (s.cue_span.start.min(s.content_span.start), i as u32))
        .collect();
    v.sort_unstable();
    v
}

/// The statement whose cue is `cue`, else the innermost whose content holds
/// it, among the few that start nearest before it.
pub(crate) fn statement_of(doc: &Doc, index: &[(u32, u32)], cue: Span) -> Option<u32> {
    let k = index.partition_point(|&(s, _)| s <= cue.start);
    let near = &index[k.saturating_sub(12)..k];
    if let Some(&(_, i)) = near
        .iter()
        .find(|&&(_, i)| doc.statements[i as usize].cue_span.overlaps(cue))
    {
        return Some(i);
    }
    near.iter()
        .map(|&(_, i)| (i, doc.statements[i as usize].content_span))
        .filter(|(_, c)| c.contains(cue))
        .min_by_key(|(_, c)| c.len())
        .map(|(i, _)| i)
}
