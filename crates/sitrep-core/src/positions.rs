//! The positions stage: actor × issue × stance, read clause by clause from
//! stance cues (`data/stances.tsv`: "calls for", "rejects", "will not
//! accept") whose object names an issue of the issue lexicon
//! (`data/issues.tsv`: ceasefire, sanctions, prisoner exchange, …).
//!
//! For each stance cue: skip it when it is a noun after a determiner ("the
//! demand") or the complement of another cue ("refused to accept": the outer
//! cue speaks for both); read negation just before it ("does not support" →
//! its `negated` stance); find the issue in the object (the first issue term
//! after the cue, plus terms coordinated with it, within a short window that
//! stops at clause boundaries), or resolve an anaphoric object ("that option",
//! "the proposal", "it") to the last issue the article took a stance on or
//! mentioned in the previous sentences; find the actors: the nearest actor
//! mention on the left (skipping place adjuncts such as "in Baku" and
//! appositive relative clauses), extended through coordination ("Armenia and
//! its European partners" → both), or else the speaker of the statement
//! whose content holds the cue ("We reject …," he said).
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
/// Prepositions before a place mention that make it an adjunct, not a subject.
const PLACE_PREPS: [&str; 10] = [
    "in", "at", "near", "from", "on", "across", "inside", "outside", "to", "into",
];
/// Words that may stand between coordinated subjects ("Armenia and its European partners").
const COORD_GAP: [&str; 12] = [
    "and", ",", "its", "their", "his", "her", "the", "both", "as", "well", "other", "fellow",
];
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
        ents: TokenEntities::new(doc),
        cue_len,
        terms,
        term_at,
    };
    let stmts = statement_index(doc);
    let mut out: Vec<Position> = Vec::new();
    // The issues positions were taken on, for anaphors: (stance, mention).
    let mut taken: Vec<(Stance, IssueMention)> = Vec::new();
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
            let issues = match cx.object_issues(b, r.end) {
                v if !v.is_empty() => v,
                _ => match cx.anaphor(b, r.end, si, &taken) {
                    Some(m) => vec![IssueMention {
                        reversed: false,
                        ..m
                    }],
                    None => continue,
                },
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
            let mut actors = cx.subject(a, clause, clause);
            if actors.is_empty()
                && let Some(h) = host
                && let Some(sp) = h.speaker
                && cx.is_actor(sp)
                && (h.direct || cx.word_in(clause, &SPEAKER_PRONOUNS))
            {
                actors.push(sp);
            }
            for m in &issues {
                taken.push((stance, IssueMention { segment: si, ..*m }));
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
        if a > start && self.word_in(a - 1, &DETERMINERS) {
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
        (a > start && ends_at(a))
            || (a > start + 1 && self.word(a - 1).eq_ignore_ascii_case("to") && ends_at(a - 1))
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
        let stop = (b + OBJECT_WINDOW).min(end);
        while j < stop {
            let t = self.term_at[j];
            if t != NONE {
                let m = self.terms[t as usize];
                if out.is_empty() || coord {
                    let from = if out.is_empty() { b } else { coord_at + 1 };
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
            if j > b + 1 && self.cue_len[j] > 0 && !self.word(j - 1).eq_ignore_ascii_case("to") {
                break;
            }
            if self.word_in(j, &COORDINATORS) {
                coord = true;
                coord_at = j;
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

    /// An anaphoric object ("that option", "the proposal", "it"): the last
    /// issue a position was taken on, else the last issue term, in this or the
    /// previous few sentences.
    fn anaphor(
        &self,
        b: usize,
        end: usize,
        si: usize,
        taken: &[(Stance, IssueMention)],
    ) -> Option<IssueMention> {
        if b >= end {
            return None;
        }
        let pronoun = self.word_in(b, &OBJECT_PRONOUNS)
            && (b + 1 >= end || self.doc.tokens[b + 1].is(tf::PUNCT));
        let noun = self.word_in(b, &DETERMINERS)
            && (b + 1..(b + 3).min(end)).any(|k| self.mark_at(k, end) == Some(Mark::IssueRef));
        if !pronoun && !noun {
            return None;
        }
        let lo = si.saturating_sub(ANAPHOR_SENTENCES);
        // "that demand": the last issue demanded, if any is near.
        let wanted = if noun {
            (b + 1..(b + 3).min(end))
                .find_map(|k| self.lex.cue_at(&self.hashes[..end], k))
                .and_then(|(_, r)| r.stance)
        } else {
            None
        };
        let recent = taken.iter().rev().take_while(|(_, m)| m.segment >= lo);
        if let Some(w) = wanted
            && let Some(&(_, m)) = recent.clone().find(|(s, _)| *s == w)
        {
            return Some(m);
        }
        // Else the most recent of the last position's issue and the last salient term.
        let last_taken = recent.map(|(_, m)| *m).next();
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

    /// Number of issue terms starting before token `b`.
    fn term_at_or_before(&self, b: usize) -> usize {
        self.terms.partition_point(|m| m.a < b)
    }

    /// The actors of the clause: the nearest actor mention on the left and those coordinated with it.
    fn subject(&self, a: usize, start: usize, clause: usize) -> Vec<u32> {
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
                || self.ents.entity[k - 2] == NONE)
        {
            for j in clause.max(start)..k - 1 {
                let e = self.ents.entity[j];
                if e != NONE && self.is_actor(e) {
                    let s = self.ents.start[j] as usize;
                    if s > start && self.word_in(s - 1, &PLACE_PREPS) {
                        continue;
                    }
                    out.push(e);
                    return out;
                }
            }
        }
        let mut k = a;
        let mut steps = 0;
        let mut head: Option<usize> = None;
        while k > start && steps < SUBJECT_WINDOW {
            k -= 1;
            steps += 1;
            let e = self.ents.entity[k];
            if e != NONE {
                let s = self.ents.start[k] as usize;
                let adjunct = s > start && self.word_in(s - 1, &PLACE_PREPS);
                if !adjunct && self.is_actor(e) {
                    out.push(e);
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
        let Some(mut s) = head else { return out };
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
        out
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
