//! The events stage: PLOVER-typed events between entities, read sentence by
//! sentence from cue words (`data/events.tsv`) and the entities around them.
//!
//! For each sentence: find cues (longest match over per-form rows); decide
//! whether each is used as a verb or a noun; attach a noun to the light verb
//! that carries it ("held talks", "imposed sanctions") or to the verb cue
//! whose object it is ("lifted the curfew"); let speech-act cues ("agreed to",
//! "demanded that", "refused to") absorb the events of their complement, so one
//! predicate yields one event. Then actors and targets: the subject (nearest
//! entity mention on the left, skipping appositions and the verb group, or
//! the subject of the verb this one is coordinated with), the object or
//! prepositional complement on the right, the agent of a passive; for nouns the
//! possessive, premodifier, "between X and Y", "by X", "of Y", "against Y".
//! Status comes from the verb group (will, would, not, is …ing, plans to) and
//! from the verb governing the clause (said, claimed, denied, if).
//!
//! What an accusation alleges ("accused X of shelling Y") is also an event of
//! its own, claimed, with the accused as actor. An announced intention is, as
//! PLOVER codes it, an act too: a planned cooperative act adds an AGREE, a
//! planned conflictual one a THREATEN (the planned event stays). A place that
//! is attacked, taken or visited is where the event happens.
//!
//! Precision first: an event needs at least one actor or target entity in its
//! clause. Repeated mentions of one event in an article merge into the first.
//! Every scan is bounded to a few tokens, so time stays linear in the text.
//!
//! `when` and `source` are filled from `doc.times` and `doc.statements` when
//! the stages that provide them run before this one; without them they stay empty.

pub mod lexicon;
mod words;

use std::collections::HashMap;
use std::sync::Arc;

use crate::doc::{Doc, EntityType, Layer, Span, tf};
use crate::layers::{Event, EventStatus, EventType};
use crate::ner::hash;
use crate::pipeline::{Scratch, Stage};

pub use lexicon::{CueRow, EventLexicon, Voice, parse_into};
use words::{Words, w};

const NONE: u32 = u32::MAX;

/// Fills [`Doc::events`].
pub struct EventStage {
    lex: Arc<EventLexicon>,
    words: Words,
}

impl EventStage {
    /// A stage over a compiled event lexicon.
    pub fn new(lex: Arc<EventLexicon>) -> EventStage {
        EventStage {
            lex,
            words: Words::new(),
        }
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Mentions,
            Layer::Entities,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        doc.events.clear();
        if doc.entities.is_empty() || self.lex.is_empty() || doc.tokens.is_empty() {
            return;
        }
        let mut hashes = std::mem::take(&mut scratch.words);
        hashes.clear();
        // A number matches `#` in a cue ("exchanged # prisoners"), whatever its digits.
        let number = hash::lower("#");
        hashes.extend(doc.tokens.iter().map(|t| {
            if t.is(tf::DIGIT) && !t.is(tf::ALPHA) {
                number
            } else {
                hash::lower(&doc.text[t.span.range()])
            }
        }));
        let cls: Vec<u64> = hashes.iter().map(|&h| self.words.get(h)).collect();
        let mut ment_ent = vec![NONE; doc.mentions.len()];
        for (e, ent) in doc.entities.iter().enumerate() {
            if ent.kind.is_none() {
                continue;
            }
            for &m in &ent.mentions {
                if let Some(x) = ment_ent.get_mut(m as usize) {
                    *x = e as u32;
                }
            }
        }
        let mut tok_ment = vec![NONE; doc.tokens.len()];
        for (mi, m) in doc.mentions.iter().enumerate() {
            if ment_ent[mi] == NONE {
                continue;
            }
            for t in m.tok_start..m.tok_end.min(doc.tokens.len() as u32) {
                tok_ment[t as usize] = mi as u32;
            }
        }
        let d: &Doc = doc;
        let mut ctx = Ctx {
            doc: d,
            lex: &self.lex,
            hashes: &hashes,
            cls: &cls,
            tok_ment: &tok_ment,
            ment_ent: &ment_ent,
            cue_of: vec![NONE; d.tokens.len()],
            cues: Vec::new(),
            preds: Vec::new(),
            sa: 0,
            sb: 0,
        };
        let mut out = Vec::new();
        for si in 0..d.segments.len() {
            ctx.sentence(si, &mut out);
        }
        drop(ctx);
        let times = time_index(doc);
        let statements = statement_index(doc);
        for v in &mut out {
            v.time = nearest_time(doc, &times, v.trigger, v.evidence);
            v.source = statement_of(doc, &statements, v.trigger);
        }
        doc.events = merge(doc, out);
        scratch.words = hashes;
    }
}

/// A cue found in the current sentence.
#[derive(Debug, Clone)]
struct Cue {
    a: usize,
    b: usize,
    row: u32,
    kind: EventType,
    /// Used as a noun.
    noun: bool,
    /// Light verb carrying a noun cue.
    light: Option<usize>,
    /// The light verb means undergoing ("faced sanctions"): its subject is the target.
    undergo: bool,
    /// An entity mention between the light verb and its noun ("gave Ivory Coast aid").
    indirect: Option<u32>,
    /// Part of another cue's event (its object or complement).
    absorbed: bool,
    /// Type and row of the first event absorbed into this one (object or complement).
    comp: Option<(EventType, u32)>,
    /// For a "must" demand: the speech verb it depends on ("said Y must").
    say: Option<usize>,
    /// The accusation whose content this cue is ("accused X of shelling"): reported as
    /// its own event, claimed, with the accused as actor.
    under: Option<usize>,
    /// Index in the output of the event this cue yielded.
    event: Option<usize>,
}

/// What an earlier predicate of the sentence covers, for coordinated verbs
/// ("attacked the town and killed") and participles (", killing").
#[derive(Debug, Clone)]
struct Pred {
    start: usize,
    cue_b: usize,
    end: usize,
    /// The grammatical subject: the actors, or the targets of a passive.
    subject: Vec<u32>,
    /// Its status, which a purpose clause shares ("will meet … to discuss").
    status: EventStatus,
    kind: EventType,
    event: Option<usize>,
}

/// Where the subject search ended.
enum Subject {
    Found(Vec<u32>),
    Inherit(usize),
    Nothing,
}

struct Ctx<'a> {
    doc: &'a Doc,
    lex: &'a EventLexicon,
    hashes: &'a [u64],
    cls: &'a [u64],
    tok_ment: &'a [u32],
    ment_ent: &'a [u32],
    /// Token → index of the cue (in `cues`) covering it, for the current sentence.
    cue_of: Vec<u32>,
    cues: Vec<Cue>,
    preds: Vec<Pred>,
    /// Current sentence's token range.
    sa: usize,
    sb: usize,
}

/// Scan bounds, in tokens.
const SUBJECT_WINDOW: usize = 24;
const OBJECT_WINDOW: usize = 10;
const COMPLEMENT_WINDOW: usize = 30;
const STATUS_WINDOW: usize = 16;

/// Types whose cue is a speech act about another event: the events of its
/// complement are its content, not separate events.
fn governs(t: EventType) -> bool {
    matches!(
        t,
        EventType::Agree
            | EventType::Request
            | EventType::Reject
            | EventType::Threaten
            | EventType::Accuse
            | EventType::Support
            | EventType::Concede
    )
}

/// Inflected form of a cue's first word, from its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Base,
    Third,
    Past,
    Ing,
}

fn form_of(row: &CueRow) -> Form {
    let cue = row.cue.split(' ').next().unwrap_or("");
    let lemma = row.lemma.split(' ').next().unwrap_or("");
    if cue == lemma {
        Form::Base
    } else if cue.ends_with("ing") && !lemma.ends_with("ing") {
        Form::Ing
    } else if cue.ends_with('s')
        && (cue.len() <= lemma.len() + 2)
        && cue.starts_with(lemma.char_indices().last().map_or("", |(i, _)| &lemma[..i]))
    {
        Form::Third
    } else {
        Form::Past
    }
}

impl<'a> Ctx<'a> {
    #[inline]
    fn c(&self, i: usize) -> u64 {
        self.cls[i]
    }
    #[inline]
    fn is(&self, i: usize, bits: u64) -> bool {
        self.cls[i] & bits != 0
    }
    /// A lowercase word of one of the classes `bits` that is no event cue: a
    /// reporting or denying verb in use ("said", not the cue "Said" or "said to attack").
    fn plain_verb(&self, i: usize, bits: u64) -> bool {
        self.is(i, bits) && self.doc.tokens[i].is(tf::LOWER) && self.cue_of[i] == NONE
    }
    /// The entity mention index at token `i`, unless the token is part of a cue.
    #[inline]
    fn ment(&self, i: usize) -> Option<usize> {
        let m = self.tok_ment[i];
        if m == NONE || self.cue_of[i] != NONE {
            return None;
        }
        let mm = &self.doc.mentions[m as usize];
        // A group the resolver read into a cue or a verb phrase ("agreed to exchange
        // prisoners") is not an actor here.
        if mm.kind == EntityType::Group {
            let st = mm.tok_start as usize;
            if (st..mm.tok_end as usize).any(|t| self.cue_of[t] != NONE) {
                return None;
            }
            if st > self.sa
                && self.is(st - 1, w::TO)
                && self.doc.tokens[st].is(tf::LOWER)
                && !self.is(st, w::DET | w::POSS)
            {
                return None;
            }
        }
        Some(m as usize)
    }
    fn ent_of(&self, mi: usize) -> u32 {
        self.ment_ent[mi]
    }
    fn kind_of(&self, mi: usize) -> EntityType {
        self.doc.mentions[mi].kind
    }
    fn word(&self, i: usize) -> &str {
        self.doc.tok(i)
    }
    fn is_lower_content(&self, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        t.is(tf::LOWER) && t.is(tf::ALPHA) && self.c(i) == 0
    }
    fn is_number(&self, i: usize) -> bool {
        self.doc.tokens[i].is(tf::DIGIT)
    }

    fn sentence(&mut self, si: usize, out: &mut Vec<Event>) {
        let seg = self.doc.segments[si];
        let (sa, sb) = (
            seg.tok_start as usize,
            (seg.tok_end as usize).min(self.doc.tokens.len()),
        );
        if sa >= sb {
            return;
        }
        self.sa = sa;
        self.sb = sb;
        self.cues.clear();
        self.preds.clear();
        let heading = seg.kind == crate::doc::SegmentKind::Heading;
        // 1. Cues, longest match first.
        let mut i = sa;
        while i < sb {
            if !self.doc.tokens[i].is(tf::ALPHA) {
                i += 1;
                continue;
            }
            let Some((len, row)) = self.lex.longest_at(&self.hashes[..sb], i) else {
                i += 1;
                continue;
            };
            let j = i + len;
            // A stop phrase ("press release") hides the cues inside it.
            let Some(kind) = self.lex.row(row).kind else {
                i = j;
                continue;
            };
            // Part of a name ("Ceasefire Violations Committee", "Peace Council").
            let in_name = (i..j).any(|t| {
                let m = self.tok_ment[t];
                m != NONE && self.doc.mentions[m as usize].kind != EntityType::Group
            });
            let capital_mid = !heading
                && i > sa
                && self.doc.tokens[i].is(tf::CAP)
                && !self.is(i - 1, w::QUOTE | w::STOP)
                // A dateline's dash or a colon opens the sentence ("BRUSSELS (Reuters) - Talks …").
                && !matches!(self.word(i - 1), "-" | "—" | "–" | "--" | ":")
                && !self.doc.tokens[i].is(tf::LINE_START);
            // "the wounded", "the accused": a participle used as a noun names people, not an event.
            let adjective = i > sa
                && form_of(self.lex.row(row)) == Form::Past
                && self.is(i - 1, w::DET)
                && !self.is(i - 1, w::THAT);
            if in_name || capital_mid || adjective {
                i = j;
                continue;
            }
            let k = self.cues.len() as u32;
            for t in i..j {
                self.cue_of[t] = k;
            }
            self.cues.push(Cue {
                a: i,
                b: j,
                row,
                kind,
                noun: false,
                light: None,
                undergo: false,
                indirect: None,
                absorbed: false,
                comp: None,
                say: None,
                under: None,
                event: None,
            });
            i = j;
        }
        self.must_demands();
        if self.cues.is_empty() {
            return;
        }
        // 2. Verb or noun; light verbs and objects of verb cues.
        for k in 0..self.cues.len() {
            let noun = self.is_noun_use(k);
            self.cues[k].noun = noun;
            // A noun modifying another noun names no event: "invasion forces", "protest leaders".
            if noun && self.is_compound_modifier(self.cues[k].b) {
                self.cues[k].absorbed = true;
            }
        }
        for k in 0..self.cues.len() {
            if self.cues[k].noun {
                self.attach_noun(k);
            }
        }
        // 3. Speech acts absorb their complements.
        for k in 0..self.cues.len() {
            if self.cues[k].absorbed {
                continue;
            }
            let kind = self.cues[k].kind;
            let consult = kind == EventType::Consult;
            let protest = kind == EventType::Protest;
            let warn = self.lex.row(self.cues[k].row).mode.as_deref() == Some("warn");
            if !governs(kind) && !consult && !protest {
                continue;
            }
            // A protest's demands are what it is about: "rallied … calling for independence".
            let end = if protest {
                (self.cues[k].b + 20).min(self.sb)
            } else {
                self.complement_end(self.cues[k].b)
            };
            for j in k + 1..self.cues.len() {
                if self.cues[j].a >= end
                    || protest && self.crosses_hard(self.cues[k].b, self.cues[j].a)
                {
                    break;
                }
                if self.cues[j].absorbed {
                    continue;
                }
                if consult && !(self.cues[j].noun && self.cues[j].light.is_none()) {
                    continue;
                }
                if protest && !matches!(self.cues[j].kind, EventType::Request | EventType::Accuse) {
                    continue;
                }
                // "warned that X had agreed to …" reports X's agreement; only a conflictual act makes a warning a threat.
                if warn && !self.cues[j].kind.is_conflict() {
                    continue;
                }
                self.cues[j].absorbed = true;
                let first = self.cues[k].comp.is_none();
                if first {
                    self.cues[k].comp = Some((self.cues[j].kind, self.cues[j].row));
                }
                // What an accusation alleges is an event of its own, claimed: "accused
                // the army of bombing a market" reports a bombing by the army.
                if first
                    && kind == EventType::Accuse
                    && self.cues[j].kind != EventType::Accuse
                    && self.cues[j].say.is_none()
                    && self.cues[k].say.is_none()
                    && self.alleged_act(self.cues[j].a)
                {
                    self.cues[j].under = Some(k);
                }
            }
        }
        // The purpose of a meeting is its content: "met X to discuss Y".
        for k in 1..self.cues.len() {
            let a = self.cues[k].a;
            if a == self.sa || !self.is(a - 1, w::TO) || self.cues[k].absorbed {
                continue;
            }
            if let Some(q) = self.prev_live_cue(k)
                && self.cues[q].kind == self.cues[k].kind
                && (!self.cues[q].noun || self.cues[q].light.is_some())
                && a < self.cues[q].b + 16
                && !self.crosses_hard(self.cues[q].b, a)
            {
                self.cues[k].absorbed = true;
            }
        }
        // The reason for an arrest or a sanction is not a second event: "jailed for spying".
        for k in 1..self.cues.len() {
            let a = self.cues[k].a;
            let mut p = a;
            while p > self.sa && a - p < 3 && self.is(p - 1, w::DET | w::POSS | w::N_CLAIMED) {
                p -= 1;
            }
            if p > self.sa && matches!(self.word(p - 1), "for" | "over") {
                let prev = self.prev_live_cue(k);
                // "for its support of …" reaches further than a bare "for".
                let reach = if p < a && self.is(p, w::POSS) { 20 } else { 10 };
                if let Some(q) = prev
                    && a < self.cues[q].b + reach
                    && !self.crosses(self.cues[q].b, a)
                {
                    self.cues[k].absorbed = true;
                }
            }
        }
        // 4. Arguments, status, events.
        for k in 0..self.cues.len() {
            let nested = self.cues[k]
                .under
                .is_some_and(|u| self.cues[u].event.is_some() && !self.cues[u].absorbed);
            if !self.cues[k].absorbed || nested {
                self.predicate(k, si, out);
            }
        }
        for c in &self.cues {
            for t in c.a..c.b {
                self.cue_of[t] = NONE;
            }
        }
    }

    /// The cue at `a` is what "of/for/with/over" introduces after an accusation
    /// ("of bombing", "for the attack on"), not the object of another verb inside it
    /// ("of violating a ceasefire").
    fn alleged_act(&self, a: usize) -> bool {
        let mut j = a;
        while j > self.sa && a - j < 5 {
            j -= 1;
            if matches!(self.word(j), "of" | "for" | "with" | "over") {
                return true;
            }
            let lower_word = self.is_lower_content(j) && !self.word(j).ends_with("ing");
            if !(self.is(j, w::DET | w::POSS | w::GEN) || lower_word || self.is_number(j)) {
                return self
                    .ment(j)
                    .is_some_and(|mi| self.kind_of(mi) == EntityType::Norp)
                    && j > self.sa
                    && matches!(self.word(j - 1), "of" | "for" | "with" | "over");
            }
        }
        false
    }

    /// "X said (that) Y must …" is X's demand on Y: add a built-in cue at "must"
    /// when a speech verb governs it with an entity in between.
    fn must_demands(&mut self) {
        let mut added = false;
        for i in self.sa + 1..self.sb {
            if self.cue_of[i] != NONE || !self.word(i).eq_ignore_ascii_case("must") {
                continue;
            }
            let from = i.saturating_sub(14).max(self.sa);
            let mut seen_mention = false;
            let mut say = None;
            for j in (from..i).rev() {
                if self.ment(j).is_some() {
                    seen_mention = true;
                    continue;
                }
                if self.is(j, w::STOP | w::COMMA) || self.cue_of[j] != NONE {
                    break;
                }
                if self.is(j, w::SAY) && self.doc.tokens[j].is(tf::LOWER) {
                    say = Some(j);
                    break;
                }
            }
            let Some(say) = say.filter(|_| seen_mention) else {
                continue;
            };
            let k = self.cues.len() as u32;
            self.cue_of[i] = k;
            self.cues.push(Cue {
                a: i,
                b: i + 1,
                row: self.lex.must_row(),
                kind: EventType::Request,
                noun: false,
                light: None,
                undergo: false,
                indirect: None,
                absorbed: false,
                comp: None,
                say: Some(say),
                under: None,
                event: None,
            });
            added = true;
        }
        if added {
            self.cues.sort_by_key(|c| c.a);
            for (k, c) in self.cues.iter().enumerate() {
                for t in c.a..c.b {
                    self.cue_of[t] = k as u32;
                }
            }
        }
    }

    /// Is the token at `b` a plural noun (or a group) that the noun cue before it modifies?
    fn is_compound_modifier(&self, b: usize) -> bool {
        if b >= self.sb {
            return false;
        }
        if let Some(mi) = self.ment(b) {
            return self.kind_of(mi) == EntityType::Group
                && self.doc.mentions[mi].tok_start as usize == b;
        }
        let w = self.word(b);
        self.is_lower_content(b)
            && self.cue_of[b] == NONE
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
    }

    /// Is cue `k` used as a noun here ("an attack", "Israeli strikes") rather than a verb?
    fn is_noun_use(&self, k: usize) -> bool {
        let c = &self.cues[k];
        let row = self.lex.row(c.row);
        if row.voice.is_noun() {
            return true;
        }
        let form = form_of(row);
        if form == Form::Past {
            return false;
        }
        if form == Form::Ing && c.b < self.sb && self.is(c.b, w::OF) {
            return true;
        }
        if c.a == self.sa {
            // "Talks resume", "Strikes hit Gaza" are nouns; "Ask the driver" is a verb, except in a headline.
            let heading = self
                .doc
                .segment_of(c.a)
                .is_some_and(|s| self.doc.segments[s].kind == crate::doc::SegmentKind::Heading);
            return form == Form::Third || (form == Form::Base && heading);
        }
        let p = c.a - 1;
        let pc = self.c(p);
        if pc & (w::TO | w::FUTURE | w::MODAL | w::PRON | w::NEG | w::DO | w::REL) != 0 {
            return false;
        }
        // After a light verb or a preposition: "imposed sanctions", "on sanctions".
        if pc & (w::LIGHT | w::UNDERGO | w::OF | w::BY | w::BETWEEN | w::PPREP) != 0
            && pc & w::TO == 0
        {
            return true;
        }
        if pc
            & (w::POSS | w::GEN | w::N_PLANNED | w::N_HYPO | w::N_NEG | w::N_CLAIMED | w::N_ONGOING)
            != 0
        {
            return true;
        }
        if pc & w::DET != 0 && pc & (w::THAT | w::ADV) == 0 {
            return true;
        }
        if let Some(mi) = self.ment(p) {
            // "Israeli strikes" (adjective) but "Palestinians protest" (plural subject).
            return self.kind_of(mi) == EntityType::Norp && !self.word(p).ends_with('s');
        }
        if self.is_number(p) {
            return true;
        }
        if form == Form::Ing {
            return false;
        }
        // "rocket attack", but "troops attack" and "routinely attack".
        let pw = self.word(p);
        self.is_lower_content(p) && !pw.ends_with("ly") && !pw.ends_with('s')
    }

    /// Find the light verb or verb cue a noun cue is the object of.
    fn attach_noun(&mut self, k: usize) {
        let a = self.cues[k].a;
        let mut j = a;
        let mut steps = 0;
        let mut indirect = None;
        while j > self.sa && steps < 7 {
            let p = j - 1;
            steps += 1;
            let owner = self.cue_of[p];
            if owner != NONE && owner as usize != k {
                let o = &self.cues[owner as usize];
                if !o.noun && indirect.is_none() {
                    self.cues[k].absorbed = true;
                    if self.cues[owner as usize].comp.is_none() {
                        self.cues[owner as usize].comp =
                            Some((self.cues[k].kind, self.cues[k].row));
                    }
                } else if o.noun && o.light.is_some() && self.is(j, w::COMMA | w::COORD) {
                    // "artillery, mortar and rocket fire": the list shares its verb.
                    let (light, undergo) = (o.light, o.undergo);
                    self.cues[k].light = light;
                    self.cues[k].undergo = undergo;
                }
                return;
            }
            // "ended without agreement": what did not happen is neither an event nor the
            // object of the verb before it.
            if self.word(p).eq_ignore_ascii_case("without") {
                self.cues[k].absorbed = true;
                return;
            }
            let pc = self.c(p);
            // "were engaged in ethnic cleansing", "took part in attacks".
            if self.word(p) == "in"
                && p > self.sa
                && matches!(
                    self.word(p - 1),
                    "engaged" | "involved" | "participated" | "part" | "engaging"
                )
            {
                if self.word(p - 1) == "part" && p >= self.sa + 2 {
                    self.cues[k].light = Some(p - 2);
                } else {
                    self.cues[k].light = Some(p - 1);
                }
                self.cues[k].indirect = indirect;
                return;
            }
            let adjective = pc & (w::N_PLANNED | w::N_HYPO | w::N_CLAIMED | w::N_ONGOING) != 0
                && p > self.sa
                && self.is(p - 1, w::DET | w::POSS);
            if pc & (w::LIGHT | w::UNDERGO) != 0 && self.doc.tokens[p].is(tf::LOWER) && !adjective {
                self.cues[k].light = Some(p);
                self.cues[k].undergo = pc & w::UNDERGO != 0 && pc & w::LIGHT == 0;
                self.cues[k].indirect = indirect;
                return;
            }
            if let Some(mi) = self.ment(p) {
                let ms = self.doc.mentions[mi].tok_start as usize;
                if self.kind_of(mi) == EntityType::Norp && p + 1 == j {
                    j = ms;
                    continue;
                }
                // "arrived in Amman on a visit": a place phrase between the verb and its noun.
                if self.kind_of(mi).is_place() && ms > self.sa + 1 && self.is(ms - 1, w::PPREP) {
                    j = ms - 1;
                    continue;
                }
                if indirect.is_some() || ms < self.sa {
                    return;
                }
                indirect = Some(mi as u32);
                j = ms;
                continue;
            }
            // "launched artillery, mortar, and rocket fire": a list of nouns.
            if self.is(p, w::COMMA | w::COORD)
                && p > self.sa
                && (self.is_lower_content(p - 1) || self.is(p - 1, w::COMMA))
            {
                j = p;
                continue;
            }
            // "on a visit", "for talks", "previously unannounced".
            if (matches!(self.word(p), "on" | "for")
                && (self.is(j, w::DET) || self.cue_of[j] as usize == k))
                || pc & w::ADV != 0 && !self.doc.tokens[p].is(tf::CAP)
            {
                j = p;
                continue;
            }
            if pc
                & (w::DET
                    | w::POSS
                    | w::GEN
                    | w::OF
                    | w::PARTICLE
                    | w::N_PLANNED
                    | w::N_HYPO
                    | w::N_NEG
                    | w::N_CLAIMED
                    | w::N_ONGOING)
                != 0
                || self.is_number(p)
                || self.is_lower_content(p)
            {
                if pc & (w::THAT | w::TO) != 0 {
                    return;
                }
                j = p;
                continue;
            }
            return;
        }
    }

    /// End (exclusive) of the complement clause that starts at token `from`.
    fn complement_end(&self, from: usize) -> usize {
        let lim = (from + COMPLEMENT_WINDOW).min(self.sb);
        for j in from..lim {
            if self.is(j, w::STOP | w::COMMA | w::BUT) {
                return j;
            }
            // "… and will resign", "… and attacked": a second verb of the subject, not part of the content.
            if self.is(j, w::COORD) {
                let mut k = j + 1;
                while k < lim && self.is(k, w::ADV) {
                    k += 1;
                }
                if k < lim
                    && (self.is(k, w::FUTURE | w::MODAL | w::HAVE | w::DO | w::SAY)
                        || (self.cue_of[k] != NONE && !self.cues[self.cue_of[k] as usize].noun))
                {
                    return j;
                }
            }
        }
        lim
    }

    fn predicate(&mut self, k: usize, si: usize, out: &mut Vec<Event>) {
        let c = self.cues[k].clone();
        let row = self.lex.row(c.row);
        let seg = self.doc.segments[si];
        let head = c.light.unwrap_or(c.a);
        let mut actors: Vec<u32>;
        let mut targets: Vec<u32> = Vec::new();
        let mut place: Option<u32> = None;
        let end;
        let subject_is_target;
        let gov = governs(c.kind);
        if let Some(say) = c.say {
            // "X said Y must …": X demands of Y.
            let (subj, _) = self.subject(say, 0);
            actors = self.resolve_subject(subj);
            targets = match (self.sa..c.a)
                .rev()
                .find_map(|t| (t > say).then(|| self.ment(t)).flatten())
            {
                Some(mi) => self.collect_left(mi),
                None => Vec::new(),
            };
            end = c.b;
            subject_is_target = false;
        } else if let Some(accused) = c
            .under
            .and_then(|u| self.cues[u].event)
            .map(|e| out[e].targets.clone())
        {
            // The content of an accusation: the accused is the actor.
            let (mut objs, mut oend) = (Vec::new(), c.b);
            if c.noun {
                let na = self.noun_right(c.b, row.voice, gov);
                place = na.place;
                objs = na.targets;
                if !row.voice.of_is_actor() {
                    objs.extend(na.of);
                }
                oend = na.end;
            }
            // "of shelling Sderot": a gerund takes its object as a verb does.
            if objs.is_empty() && place.is_none() {
                (objs, oend) = self.objects(c.b, row.voice, gov, false);
            }
            actors = accused;
            targets = objs;
            end = oend;
            subject_is_target = false;
        } else if !c.noun {
            let passive = row.voice == Voice::Passive || self.is_passive(&c);
            let (subj, _) = match self.coordinated_with_speech(&c) {
                Some(k) => self.subject(k, 1),
                None => self.subject(head, 0),
            };
            let subj = self.resolve_subject(subj);
            let (objs, oend) = self.objects(c.b, row.voice, gov, passive);
            end = oend;
            subject_is_target = passive;
            if passive {
                targets = subj;
                actors = self.agent(c.b);
                if !objs.is_empty() && targets.is_empty() {
                    targets = objs;
                }
            } else {
                actors = subj;
                targets = objs;
            }
        } else if let Some(lv) = c.light {
            let (subj, _) = self.subject(lv, 0);
            let subj = self.resolve_subject(subj);
            let na = self.noun_right(c.b, row.voice, gov);
            end = na.end;
            subject_is_target = c.undergo;
            if c.undergo {
                targets = subj;
                actors = na.actors;
                if actors.is_empty() {
                    actors = na.of;
                }
                actors.extend(na.between);
            } else {
                actors = subj;
                if let Some(mi) = c.indirect {
                    targets.extend(self.collect_right(mi as usize).0);
                }
                if row.voice.of_is_actor() && actors.is_empty() {
                    actors = na.of;
                } else {
                    targets.extend(na.of);
                }
                targets.extend(na.targets);
                actors.extend(na.actors);
                // "X launched a mediation effort between A and B": A and B are the targets.
                if actors.is_empty() {
                    actors.extend(na.between);
                } else {
                    targets.extend(na.between);
                }
            }
            place = na.place;
        } else {
            // A bare noun: its own arguments only.
            let (left, left_place) = self.noun_left(c.a, c.kind);
            let na = self.noun_right(c.b, row.voice, gov);
            end = na.end;
            subject_is_target = false;
            actors = left;
            actors.extend(na.actors);
            if actors.is_empty() {
                actors.extend(na.between);
            } else {
                targets.extend(na.between);
            }
            if row.voice.of_is_actor() {
                actors.extend(na.of);
            } else {
                targets.extend(na.of);
            }
            targets.extend(na.targets);
            place = left_place.or(na.place);
            // The noun restating the verb before it ("killed 20 in an attack on Y").
            if let Some(p) = self.preds.last()
                && p.kind == c.kind
                && c.a >= p.cue_b
                && c.a < p.cue_b + 12
                && !self.crosses(p.cue_b, c.a)
            {
                if let Some(ei) = p.event {
                    let v: &mut Event = &mut out[ei];
                    if v.actors.is_empty() && !actors.is_empty() {
                        dedup(&mut actors);
                        v.targets.retain(|t| !actors.contains(t));
                        v.actors = actors;
                    }
                    for t in targets {
                        if !v.targets.contains(&t) && !v.actors.contains(&t) {
                            v.targets.push(t);
                        }
                    }
                    v.targets.sort_unstable();
                    if v.place.is_none() {
                        v.place = place;
                    }
                }
                return;
            }
            if actors.is_empty() && self.in_background(c.a) {
                return;
            }
        }
        if place.is_none() {
            place = self.place(head, c.b, end);
        }
        // Talks and agreements reported under a dateline are held there, unless the
        // sentence names another place ("ISTANBUL, Nov 4 (Wire) - X and Y agreed …").
        if place.is_none() && matches!(c.kind, EventType::Consult | EventType::Agree) {
            place = self.dateline_place();
        }
        dedup(&mut actors);
        dedup(&mut targets);
        targets.retain(|t| !actors.contains(t));
        // A place that is attacked, taken or visited is where the act happens; a place
        // phrase after it only locates the place ("captured Babanusa in West Kordofan").
        // An actor that is a place named after the cue ("sent reinforcements from El Obeid")
        // is where something comes from, when a real actor is there.
        if actors.len() > 1 && row.voice == Voice::Material {
            let is_place = |e: u32| {
                self.doc.entities[e as usize]
                    .kind
                    .is_some_and(|k| k.is_place())
            };
            if actors.iter().any(|&a| !is_place(a)) {
                let after = |e: u32| {
                    self.doc.entities[e as usize].mentions.iter().any(|&m| {
                        let mm = &self.doc.mentions[m as usize];
                        mm.tok_start as usize >= c.b && (mm.tok_start as usize) < self.sb
                    })
                };
                actors.retain(|&a| !(is_place(a) && after(a)));
            }
        }
        let visit = c.kind == EventType::Consult && row.mode.as_deref() == Some("visit");
        if (visit
            || matches!(
                c.kind,
                EventType::Assault | EventType::Coerce | EventType::Mobilize
            ))
            && let Some(&t) = targets.iter().find(|&&t| {
                self.doc.entities[t as usize]
                    .kind
                    .is_some_and(|k| k.is_place())
            })
        {
            place = Some(t);
        } else if place.is_some_and(|p| targets.contains(&p) || actors.contains(&p)) {
            place = None;
        }
        let status = if c.say.is_some() {
            EventStatus::Occurred
        } else if !c.noun && self.coordinated_with_speech(&c).is_some() {
            // The speaker's own second act: what the first verb reported does not colour it.
            EventStatus::Occurred
        } else if c.under.is_some() {
            EventStatus::Claimed
        } else {
            match self.status(&c, head) {
                // "China's spokesman said China welcomed …": a side reporting its own
                // words reports an act, not a claim about someone else's.
                EventStatus::Claimed
                    if governs(c.kind) && self.reported_by_own_side(c.a, &actors) =>
                {
                    EventStatus::Occurred
                }
                st => st,
            }
        };
        let pred_index = self.preds.len();
        self.preds.push(Pred {
            start: head.min(c.a),
            cue_b: c.b,
            end: end.max(c.b),
            status,
            subject: if subject_is_target {
                targets.clone()
            } else {
                actors.clone()
            },
            kind: c.kind,
            event: None,
        });
        if actors.is_empty() && targets.is_empty() {
            return;
        }
        // "arms", "rockets": things, which are an event only when sent or fired.
        if row.voice == Voice::Material && c.light.is_none() {
            return;
        }
        // Everyday verbs with a plain object are no interaction ("Smith offered three
        // reasons", "the depots allow riders to …"): they need a target or an event as content.
        if targets.is_empty()
            && c.comp.is_none()
            && matches!(
                row.mode.as_deref(),
                Some("offer" | "allow" | "ask" | "warn")
            )
        {
            return;
        }
        let mut status = status;
        let (mut kind, mut mode) = self.refine(&c, row);
        // "ended", "stopped": only an event when what ends is one it can reverse.
        if row.mode.as_deref() == Some("reverse") && mode.as_deref() == Some("reverse") {
            return;
        }
        // "will not accept", "failed to reach agreement": refusing to agree is a rejection.
        if kind == EventType::Agree && status == EventStatus::Negated {
            kind = EventType::Reject;
            status = EventStatus::Occurred;
        }
        // "will withdraw … unless …", "would retaliate if …": an announced conditional act is a threat.
        if matches!(status, EventStatus::Planned | EventStatus::Hypothetical)
            && kind != EventType::Threaten
        {
            let lim = (c.b + 24).min(self.sb);
            let unless = (c.b..lim).any(|j| self.word(j).eq_ignore_ascii_case("unless"));
            let cond = (c.b..lim).any(|j| self.word(j).eq_ignore_ascii_case("if"));
            if unless || (cond && kind.is_conflict()) {
                mode = Some(mode.unwrap_or_else(|| row.lemma.clone()));
                kind = EventType::Threaten;
                status = EventStatus::Occurred;
            }
        }
        // Exercises held together are cooperation, not a show of force.
        if kind == EventType::Mobilize && actors.len() >= 2 {
            let mut countries = actors
                .iter()
                .filter_map(|&a| self.doc.entities[a as usize].country.as_deref());
            if let Some(first) = countries.next()
                && countries.any(|c| c != first)
            {
                kind = EventType::Cooperate;
                mode = Some("military".to_string());
            }
        }
        // PLOVER codes an announced intention as an act of its own: a pledge to cooperate is
        // an AGREE ("will support", "would meet"), a pledge of a conflictual act a THREATEN
        // ("would boycott", "will tighten the blockade"). The planned act stays as it is.
        // "is expected to", "is due to": a schedule others report, not the actor's pledge.
        let scheduled = (head.saturating_sub(4).max(self.sa)..head).any(|j| {
            matches!(
                self.word(j),
                "expected" | "due" | "scheduled" | "likely" | "set" | "slated"
            ) || (j > self.sa && self.is(j, w::TO) && self.is(j - 1, w::BE))
        });
        let pledge = (status == EventStatus::Planned
            && !subject_is_target
            && !actors.is_empty()
            && !scheduled)
            .then(|| intent_type(kind))
            .flatten();
        let trigger = self.doc.tok_span(c.a, c.b);
        if let Some(pk) = pledge {
            out.push(Event {
                kind: pk,
                mode: Some(mode.clone().unwrap_or_else(|| row.lemma.clone())),
                actors: actors.clone(),
                targets: targets.clone(),
                place,
                time: None,
                status: EventStatus::Occurred,
                source: None,
                trigger,
                evidence: seg.span,
            });
        }
        self.preds[pred_index].event = Some(out.len());
        self.cues[k].event = Some(out.len());
        out.push(Event {
            kind,
            mode,
            actors,
            targets,
            place,
            time: None,
            status,
            source: None,
            trigger,
            evidence: seg.span,
        });
    }

    /// Type and mode after what the cue absorbed: a commitment to a
    /// conflictual act is a threat ("vowed to retaliate"); lifting or
    /// cancelling a coercive measure is a concession ("lifted the curfew"),
    /// a sanction or blockade a retreat; a speech act takes the mode of its content.
    fn refine(&self, c: &Cue, row: &CueRow) -> (EventType, Option<String>) {
        let mut kind = c.kind;
        let mut mode = row.mode.clone();
        let Some((ck, crow)) = c.comp else {
            if mode.as_deref() == Some("intent") {
                mode = None;
            }
            return (kind, mode);
        };
        // The markers "intent" and "reverse" are not modes to hand on.
        let cmode = self
            .lex
            .row(crow)
            .mode
            .as_deref()
            .filter(|m| !matches!(*m, "intent" | "reverse"));
        let reverses = matches!(
            (kind, mode.as_deref()),
            (EventType::Concede, Some("ease"))
                | (
                    EventType::Sanction,
                    Some("withdraw" | "suspend" | "reverse")
                )
        );
        if mode.as_deref() == Some("intent") {
            kind = if ck.is_conflict() {
                EventType::Threaten
            } else {
                EventType::Agree
            };
            mode = cmode.map(str::to_string);
        } else if reverses {
            // Ending something is the opposite of doing it.
            (kind, mode) = match ck {
                EventType::Sanction => (EventType::Retreat, Some("ease".to_string())),
                EventType::Coerce if matches!(cmode, Some("blockade" | "siege" | "seize")) => {
                    (EventType::Retreat, Some("ease".to_string()))
                }
                EventType::Coerce => (EventType::Concede, Some("ease".to_string())),
                EventType::Assault => (EventType::Retreat, Some("de-escalate".to_string())),
                EventType::Protest => (EventType::Concede, Some("call off".to_string())),
                EventType::Consult
                | EventType::Aid
                | EventType::Cooperate
                | EventType::Support
                | EventType::Agree => (EventType::Sanction, Some("withdraw".to_string())),
                _ => (kind, mode),
            };
        } else if kind == EventType::Coerce
            && mode.as_deref() == Some("ban")
            && matches!(
                ck,
                EventType::Aid | EventType::Cooperate | EventType::Consult
            )
        {
            // "prohibit all aid to …": cutting help is a sanction.
            (kind, mode) = (EventType::Sanction, Some("withdraw".to_string()));
        } else if mode.is_none() {
            mode = complement_mode(kind, ck, cmode);
        }
        (kind, mode)
    }

    /// A verb cue in the passive: "was attacked", "have been killed", "the camp attacked by".
    fn is_passive(&self, c: &Cue) -> bool {
        let row = self.lex.row(c.row);
        // Verbs whose participle is their base ("hit", "cut") are passive only after "be".
        let base = match form_of(row) {
            Form::Past => false,
            // Not "is willing to", "is ready to": multi-word cues keep their voice.
            Form::Base if !row.cue.contains(' ') => true,
            _ => return false,
        };
        let mut j = c.a;
        let mut steps = 0;
        while j > self.sa && steps < 4 {
            j -= 1;
            steps += 1;
            let pc = self.c(j);
            if pc & w::BE != 0
                || matches!(self.word(j), "get" | "gets" | "got" | "getting" | "gotten")
            {
                return true;
            }
            if pc & (w::ADV | w::NEG) != 0 && self.ment(j).is_none() {
                continue;
            }
            break;
        }
        // A reduced relative: "a camp attacked by militiamen".
        !base && c.b < self.sb && self.is(c.b, w::BY) && c.a > self.sa && !self.is(c.a - 1, w::HAVE)
    }

    /// Does any token in `a..b` end a clause?
    fn crosses(&self, a: usize, b: usize) -> bool {
        (a..b).any(|j| self.is(j, w::STOP | w::COMMA | w::SUB | w::BUT | w::IF))
    }

    /// Does any token in `a..b` end a sentence-internal clause for good (; : parentheses, subordinators)?
    fn crosses_hard(&self, a: usize, b: usize) -> bool {
        (a..b).any(|j| self.is(j, w::STOP | w::SUB | w::BUT | w::IF))
    }

    /// A noun after "after", "during", "amid" … is background.
    fn in_background(&self, a: usize) -> bool {
        let from = a.saturating_sub(8).max(self.sa);
        for j in (from..a).rev() {
            if self.is(j, w::BACKGROUND) {
                return true;
            }
            let group = self
                .ment(j)
                .is_some_and(|m| self.kind_of(m) == EntityType::Group);
            let ok = group
                || self.ment(j).is_none()
                    && (self.is(
                        j,
                        w::DET | w::POSS | w::OF | w::ADV | w::N_PLANNED | w::N_ONGOING,
                    ) || self.is_lower_content(j)
                        || self.is_number(j));
            if !ok {
                return false;
            }
        }
        false
    }

    /// The latest predicate of the sentence whose region holds token `j`. Only
    /// the last few can reach a bounded window, which keeps a sentence without
    /// end linear.
    fn pred_at(&self, j: usize) -> Option<usize> {
        let n = self.preds.len();
        (n.saturating_sub(8)..n)
            .rev()
            .find(|&p| j >= self.preds[p].start && j < self.preds[p].end)
    }

    /// The latest cue before `k` that is an event of its own, among the last few.
    fn prev_live_cue(&self, k: usize) -> Option<usize> {
        (k.saturating_sub(16)..k)
            .rev()
            .find(|&q| !self.cues[q].absorbed)
    }

    fn resolve_subject(&self, s: Subject) -> Vec<u32> {
        match s {
            Subject::Found(v) => v,
            Subject::Inherit(p) => self
                .preds
                .get(p)
                .map(|p| p.subject.clone())
                .unwrap_or_default(),
            Subject::Nothing => Vec::new(),
        }
    }

    /// The subject of the verb at `h`: scan left over the verb group.
    fn subject(&self, h: usize, depth: u8) -> (Subject, usize) {
        let mut j = h;
        let mut steps = 0;
        let mut content = false;
        let mut skipped_place: Option<(usize, usize)> = None;
        while j > self.sa && steps < SUBJECT_WINDOW {
            j -= 1;
            steps += 1;
            // Inside an earlier predicate of the sentence: its object, or its cue.
            if let Some(p) = self.pred_at(j) {
                let pr = &self.preds[p];
                // A subjectless noun ("for a rally in Lagos to protest") hands nothing on: look further.
                if (j >= pr.cue_b || self.cue_of[j] != NONE) && !pr.subject.is_empty() {
                    if !content || self.ment(j).is_some() {
                        return (Subject::Inherit(p), j);
                    }
                    return (Subject::Nothing, j);
                }
            }
            if let Some(mi) = self.ment(j) {
                match self.subject_np(mi) {
                    Some(ids) => {
                        // "Opposition groups in Zimbabwe": a bare group stands for the place it is in.
                        if let Some((pm, at)) = skipped_place {
                            // Not one with a named owner ("the League's delegation in Vell",
                            // "Hamas officials in Doha").
                            let ms = self.doc.mentions[mi].tok_start as usize;
                            let owned = ms > self.sa
                                && (self.ment(ms - 1).is_some()
                                    || ms > self.sa + 1
                                        && matches!(self.word(ms - 1), "'s" | "\u{2019}s")
                                        && self.ment(ms - 2).is_some());
                            let bare = !owned
                                && ids.iter().all(|&e| {
                                    let ent = &self.doc.entities[e as usize];
                                    ent.kind == Some(EntityType::Group) && ent.country.is_none()
                                });
                            if bare && at <= self.doc.mentions[mi].tok_end as usize + 3 {
                                return (Subject::Found(self.collect_left(pm)), j);
                            }
                        }
                        // "X said its forces had …": a bare group owned by a pronoun is the speaker's.
                        let ms = self.doc.mentions[mi].tok_start as usize;
                        if depth == 0 && ms > self.sa && self.is(ms - 1, w::POSS) {
                            let bare = ids.iter().all(|&e| {
                                let ent = &self.doc.entities[e as usize];
                                ent.kind == Some(EntityType::Group) && ent.country.is_none()
                            });
                            if bare && let Some(k) = self.speech_verb_before(ms - 1) {
                                // "A spokesman for the Alliance, X, denied that its forces …": its = the Alliance.
                                if matches!(self.word(ms - 1), "its" | "their")
                                    && let Some(org) = self.organisation_before(k)
                                {
                                    return (Subject::Found(self.collect_left(org)), j);
                                }
                                return self.subject(k, depth + 1);
                            }
                        }
                        return (Subject::Found(ids), j);
                    }
                    None => {
                        // The object of a preposition inside the subject phrase: look further left.
                        let m = &self.doc.mentions[mi];
                        if skipped_place.is_none()
                            && m.kind.is_place()
                            && self.doc.entities[self.ent_of(mi) as usize]
                                .country
                                .is_some()
                        {
                            skipped_place = Some((mi, m.tok_start as usize));
                        }
                        j = m.tok_start as usize;
                        content = true;
                        continue;
                    }
                }
            }
            let c = self.c(j);
            if self.word(j) == ")" {
                // "The Nigerian Union of Teachers (NUT) said": the name before the parenthesis.
                let Some(k) = self.open_paren(j) else {
                    return (Subject::Nothing, j);
                };
                if k > self.sa
                    && let Some(mi) = self.ment(k - 1)
                {
                    return (Subject::Found(self.collect_left(mi)), k - 1);
                }
                // An acronym the tagger knew when the full name it spells out was missed.
                if let Some(mi) = (k + 1..j).find_map(|t| self.ment(t)) {
                    return (Subject::Found(self.collect_right_until(mi, j).0), k);
                }
                j = k;
                continue;
            }
            if c & w::STOP != 0 {
                return (Subject::Nothing, j);
            }
            if c & w::PRON != 0 && self.doc.tokens[j].is(tf::ALPHA) {
                // "X said it would …": the pronoun is the speaker.
                if depth == 0
                    && let Some(k) = self.speech_verb_before(j)
                {
                    return self.subject(k, depth + 1);
                }
                return (Subject::Nothing, j);
            }
            if c & w::REL != 0 || (c & w::THAT != 0 && !content) {
                // A relative clause: the antecedent.
                let mut k = j;
                let mut s = 0;
                while k > self.sa && s < 3 {
                    k -= 1;
                    s += 1;
                    if let Some(mi) = self.ment(k) {
                        return (Subject::Found(self.collect_left(mi)), k);
                    }
                    if !self.is(k, w::COMMA) {
                        break;
                    }
                }
                return (Subject::Nothing, j);
            }
            if c & w::THAT != 0 {
                return (Subject::Nothing, j);
            }
            if c & w::COMMA != 0 {
                // ", killing five": a participle right after the comma shares the subject of
                // the clause before, whatever the comma closes (", on Sunday, killing").
                if j + 1 == h
                    && !content
                    && self.word(h).ends_with("ing")
                    && self.doc.tokens[h].is(tf::LOWER)
                    && !self.preds.is_empty()
                {
                    return (Subject::Inherit(self.preds.len() - 1), j);
                }
                // An apposition or parenthesis: ", a key ally," / ", who …,".
                if let Some(k) = self.paren_start(j) {
                    // The name before the comma ("Kenzo Oshima, the UN coordinator,"), unless it
                    // ends a prepositional phrase ("The US commander in Iraq, General Petraeus,"):
                    // then the name in the apposition.
                    let head = (k > self.sa).then(|| self.ment(k - 1)).flatten();
                    let head_in_pp = head.is_some_and(|mi| self.subject_np(mi).is_none());
                    if let Some(mi) = head.filter(|_| !head_in_pp) {
                        return (Subject::Found(self.collect_left(mi)), k - 1);
                    }
                    let inner = (k + 1..j).find_map(|t| self.ment(t));
                    if let Some(mi) = inner.filter(|&mi| {
                        head.is_none()
                            || matches!(self.kind_of(mi), EntityType::Person | EntityType::Org)
                    }) {
                        return (Subject::Found(self.collect_right_until(mi, j).0), j);
                    }
                    j = k;
                    continue;
                }
                // A participle or coordinated verb after a comma shares the subject.
                if !content && !self.preds.is_empty() {
                    return (Subject::Inherit(self.preds.len() - 1), j);
                }
                return (Subject::Nothing, j);
            }
            // "was quoted as saying he …": "as" introduces the speech verb, not a new clause.
            if self.word(j).eq_ignore_ascii_case("as") && j + 1 < self.sb && self.is(j + 1, w::SAY)
            {
                continue;
            }
            if c & (w::COORD | w::BUT) != 0 && c & w::ADV == 0 && !content {
                // A coordinated verb shares the subject: "attacked the town and killed",
                // "opened its borders … but was still refusing".
                if !self.preds.is_empty() {
                    return (Subject::Inherit(self.preds.len() - 1), j);
                }
                return (self.sentence_subject(j), j);
            }
            if c & (w::SUB | w::IF | w::BUT) != 0 && c & w::ADV == 0 {
                return (Subject::Nothing, j);
            }
            if c & w::COORD != 0 {
                content = true;
                continue;
            }
            if c & (w::SAY | w::DENY) != 0 && self.doc.tokens[j].is(tf::LOWER) {
                // "said fighting was continuing": a gerund right after a speech verb opens
                // the reported clause as its subject; the speaker is not fighting ("denied
                // attacking" shares its subject).
                let gerund_clause = c & w::DENY == 0 && j + 1 == h && self.word(h).ends_with("ing");
                if content || gerund_clause {
                    return (Subject::Nothing, j);
                }
                continue;
            }
            if c & (w::BE
                | w::HAVE
                | w::DO
                | w::FUTURE
                | w::MODAL
                | w::NEG
                | w::ADV
                | w::TO
                | w::PLAN
                | w::CONTINUE
                | w::FAIL
                | w::TRY
                | w::STILL)
                != 0
            {
                continue;
            }
            content = true;
        }
        (Subject::Nothing, j)
    }

    /// The speech (or denial, or planning) verb just before token `j`, across
    /// "that" and time words: "said (on Tuesday) (that) it …".
    /// "The army said on Tuesday that rebels had shelled a camp, and accused Rwanda of …": a
    /// speech act in the past after ", and" is the speaker's second act, not the reported
    /// subject's. Returns the sentence's first speech verb.
    fn coordinated_with_speech(&self, c: &Cue) -> Option<usize> {
        let row = self.lex.row(c.row);
        if form_of(row) != Form::Past
            || !matches!(
                c.kind,
                EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten
            )
            || c.a < self.sa + 3
            || self.word(c.a - 1) != "and"
        {
            return None;
        }
        let k = (self.sa..c.a - 2).find(|&k| self.plain_verb(k, w::SAY | w::DENY))?;
        // ", and accused": the comma closes the reported clause. Without it, a reported clause
        // in another tense ("said he had spoken … and urged") does not share the simple past.
        let other_tense = (k + 1..c.a - 1).any(|j| {
            matches!(
                self.word(j),
                "had" | "would" | "was" | "were" | "will" | "could" | "has" | "have" | "is" | "are"
            )
        });
        (self.word(c.a - 2) == "," || other_tense).then_some(k)
    }

    /// True when the speech verb reporting the cue at `a` has a speaker who is
    /// one of `actors`, or of the same country as one of them.
    fn reported_by_own_side(&self, a: usize, actors: &[u32]) -> bool {
        if actors.is_empty() {
            return false;
        }
        let from = a.saturating_sub(12).max(self.sa);
        let Some(k) = (from..a).rev().find(|&k| self.plain_verb(k, w::SAY)) else {
            return false;
        };
        let (subj, _) = self.subject(k, 1);
        let speakers = self.resolve_subject(subj);
        let country = |e: u32| self.doc.entities[e as usize].country.as_deref();
        speakers.iter().any(|&sp| {
            actors.contains(&sp)
                || country(sp).is_some_and(|c| actors.iter().any(|&x| country(x) == Some(c)))
        })
    }

    fn speech_verb_before(&self, j: usize) -> Option<usize> {
        let mut k = j;
        let mut s = 0;
        while k > self.sa && s < 6 {
            k -= 1;
            s += 1;
            if self.is(k, w::THAT | w::ADV) || self.word(k) == "on" {
                continue;
            }
            if self.is(k, w::SAY | w::DENY | w::PLAN) && self.doc.tokens[k].is(tf::LOWER) {
                return Some(k);
            }
            return None;
        }
        None
    }

    /// The nearest organisation, country or nationality mention before the
    /// speech verb at `k`, within its subject phrase.
    fn organisation_before(&self, k: usize) -> Option<usize> {
        let from = k.saturating_sub(12).max(self.sa);
        for t in (from..k).rev() {
            if self.is(t, w::STOP) || self.cue_of[t] != NONE {
                return None;
            }
            if let Some(mi) = self.ment(t)
                && matches!(
                    self.kind_of(mi),
                    EntityType::Org | EntityType::Gpe | EntityType::Norp
                )
            {
                return Some(mi);
            }
        }
        None
    }

    /// The subject of the sentence's first clause, when the sentence opens with
    /// an entity ("Benin opened …, but was still refusing …"); `before` bounds it.
    fn sentence_subject(&self, before: usize) -> Subject {
        let mut t = self.sa;
        if t < before && self.is(t, w::DET) {
            t += 1;
        }
        match (t < before).then(|| self.ment(t)).flatten() {
            Some(mi) if self.doc.mentions[mi].tok_start as usize == t => {
                Subject::Found(self.collect_right_until(mi, before).0)
            }
            _ => Subject::Nothing,
        }
    }

    /// The subject phrase whose last mention is `mi`, or `None` when the
    /// mention is the object of a preposition ("settlers in Hebron", "sent
    /// personnel to Bosnia"). After "of", the head before it wins when it is
    /// an entity with a country or is premodified by nationalities ("the
    /// Turkish and Greek sides of Cyprus").
    fn subject_np(&self, mi: usize) -> Option<Vec<u32>> {
        let ms = self.doc.mentions[mi].tok_start as usize;
        let mut p = ms;
        if p > self.sa && self.is(p - 1, w::DET) && !self.is(p - 1, w::THAT) {
            p -= 1;
        }
        if p == self.sa {
            return Some(self.collect_left(mi));
        }
        let pc = self.c(p - 1);
        let prep = pc & (w::TPREP | w::PPREP | w::BY | w::BETWEEN) != 0;
        if pc & w::OF != 0 {
            // The head phrase before "of"; inside a place phrase ("in the West Bank city of Hebron") it is no subject.
            let mut k = p - 1;
            let mut steps = 0;
            while k > self.sa && steps < 5 {
                let t = k - 1;
                if self.tok_ment[t] != NONE
                    || self.is_lower_content(t)
                    || self.is(t, w::DET) && !self.is(t, w::THAT)
                {
                    k = t;
                    steps += 1;
                    continue;
                }
                break;
            }
            if self.kind_of(mi).is_place() && k > self.sa && self.is(k - 1, w::PPREP | w::TPREP) {
                return None;
            }
            // Through a chain ("the Turkish and Greek sides of the divided island of Cyprus") to its first head.
            let mut of_at = p - 1;
            let mut t = of_at;
            let mut steps = 0;
            while t > self.sa + 1 && steps < 8 {
                t -= 1;
                steps += 1;
                if self.is(t, w::OF) {
                    of_at = t;
                    continue;
                }
                if self.is_lower_content(t)
                    || self.is(t, w::DET) && !self.is(t, w::THAT)
                    || self.ment(t).is_some_and(|x| self.kind_of(x).is_place())
                {
                    continue;
                }
                break;
            }
            let p = of_at + 1;
            if p >= self.sa + 2 {
                let h = p - 2;
                if let Some(l) = self.ment(h) {
                    // "Tomás Ñúñez of Paraguay": the named head; "leaders of Romania": the
                    // group if it knows its country, else the place that gives it one.
                    let named = matches!(self.kind_of(l), EntityType::Person | EntityType::Org);
                    let lc = self.doc.entities[self.ent_of(l) as usize].country.is_some();
                    let mc = self.doc.entities[self.ent_of(mi) as usize]
                        .country
                        .is_some();
                    if named || lc || !mc {
                        return Some(self.collect_left(l));
                    }
                } else if h > self.sa
                    && self.is_lower_content(h)
                    && let Some(l) = self.ment(h - 1)
                    && self.kind_of(l) == EntityType::Norp
                {
                    return Some(self.collect_left(l));
                }
            }
            return Some(self.collect_left(mi));
        }
        if prep {
            return None;
        }
        Some(self.collect_left(mi))
    }

    /// The "(" matching the ")" at `j`, within a few tokens.
    fn open_paren(&self, j: usize) -> Option<usize> {
        let from = j.saturating_sub(12).max(self.sa);
        (from..j)
            .rev()
            .find(|&k| self.word(k) == "(")
            .filter(|&k| !(k + 1..j).any(|t| self.word(t) == ")"))
    }

    /// If the comma at `j` closes a parenthesis opened by an earlier comma
    /// (within a few tokens, holding no cue and no speech verb), that comma's index.
    fn paren_start(&self, j: usize) -> Option<usize> {
        // Longer, and holding a verb, only when it opens as a description or a
        // relative clause: ", a network of militias that has fought X since 2023,".
        const SHORT: usize = 14;
        const LONG: usize = 22;
        let from = j.saturating_sub(LONG).max(self.sa);
        for k in (from..j).rev() {
            if self.is(k, w::COMMA) {
                let described = k + 1 < j
                    && ["a", "an", "the", "who", "which", "whose"]
                        .iter()
                        .any(|d| self.word(k + 1).eq_ignore_ascii_case(d));
                let inner_ok = (k + 1..j).all(|t| {
                    (self.cue_of[t] == NONE || described)
                        && !self.is(t, w::SAY)
                        && (!self.is(t, w::STOP) || matches!(self.word(t), "(" | ")"))
                });
                return (inner_ok && k > self.sa && (described || j - k <= SHORT)).then_some(k);
            }
            if self.is(k, w::STOP) && !matches!(self.word(k), "(" | ")") {
                return None;
            }
        }
        None
    }

    /// Entities of a noun phrase whose last mention is `mi`: walks left over
    /// coordination ("X, Y and Z", "Israeli and Egyptian officials").
    fn collect_left(&self, mi: usize) -> Vec<u32> {
        let mut first = mi;
        let mut saw_coord = false;
        let mut comma_cut: Option<usize> = None;
        for _ in 0..8 {
            let ms = self.doc.mentions[first].tok_start as usize;
            if ms <= self.sa {
                break;
            }
            let p = ms - 1;
            // Adjacent premodifier: "Hungarian [officials]".
            if let Some(pm) = self.ment(p) {
                if pm != first && self.kind_of(pm) == EntityType::Norp {
                    first = pm;
                    continue;
                }
                break;
            }
            let mut q = p;
            if self.is(q, w::DET) && !self.is(q, w::THAT) && q > self.sa {
                q -= 1;
            }
            let sep = self.c(q);
            let coord = sep & w::COORD != 0;
            if !(coord || sep & w::COMMA != 0) || q <= self.sa {
                break;
            }
            let mut r = q - 1;
            if coord && self.is(r, w::COMMA) && r > self.sa {
                r -= 1;
            }
            match self.ment(r) {
                Some(pm) if pm != first => {
                    if coord {
                        saw_coord = true;
                    } else if comma_cut.is_none() && !saw_coord {
                        comma_cut = Some(first);
                    }
                    first = pm;
                    // "Zoë Ångström of Sweden and …": back to the name the place belongs to.
                    let ps = self.doc.mentions[pm].tok_start as usize;
                    let mut o = ps;
                    if o > self.sa && self.is(o - 1, w::DET) && !self.is(o - 1, w::THAT) {
                        o -= 1;
                    }
                    if o > self.sa + 1
                        && self.is(o - 1, w::OF)
                        && let Some(h) = self.ment(o - 2)
                        && h != pm
                        && matches!(self.kind_of(h), EntityType::Person | EntityType::Org)
                    {
                        first = h;
                    }
                }
                _ => break,
            }
        }
        if !saw_coord && let Some(c) = comma_cut {
            first = c;
        }
        let last_end = self.doc.mentions[mi].tok_end as usize;
        let (mut ids, _) = self.collect_right_until(first, last_end);
        if ids.is_empty() {
            ids.push(self.ent_of(mi));
        }
        ids
    }

    fn collect_right(&self, mi: usize) -> (Vec<u32>, usize) {
        self.collect_right_until(mi, self.sb)
    }

    /// Entities of the noun phrase starting at mention `mi`, with coordinated
    /// ones after it, up to token `lim`: (entities, end token).
    fn collect_right_until(&self, mi: usize, lim: usize) -> (Vec<u32>, usize) {
        let mut ids = Vec::new();
        let mut cur = mi;
        let mut end;
        let mut coordinated = false;
        for _ in 0..10 {
            let m = &self.doc.mentions[cur];
            end = m.tok_end as usize;
            // "Palestinian detainees": the group, which carries the country;
            // "Sierra Leonean and Liberian refugees": the nationalities.
            let next_group = (end < lim)
                .then(|| self.ment(end))
                .flatten()
                .filter(|&g| g != cur && self.kind_of(g) == EntityType::Group);
            let e = self.ent_of(cur);
            if m.kind == EntityType::Norp {
                if let Some(g) = next_group {
                    let gend = self.doc.mentions[g].tok_end as usize;
                    if coordinated {
                        push_unique(&mut ids, e);
                    } else {
                        push_unique(&mut ids, self.ent_of(g));
                    }
                    end = gend;
                } else {
                    push_unique(&mut ids, e);
                }
            } else {
                push_unique(&mut ids, e);
            }
            coordinated = true;
            // "Zoë Ångström of Sweden and …": the place names her, it is not a second actor.
            if matches!(m.kind, EntityType::Person | EntityType::Org)
                && end + 1 < lim
                && self.is(end, w::OF)
            {
                let mut q = end + 1;
                if q < lim && self.is(q, w::DET) && !self.is(q, w::THAT) {
                    q += 1;
                }
                if let Some(n) = (q < lim).then(|| self.ment(q)).flatten() {
                    let nm = &self.doc.mentions[n];
                    if nm.tok_start as usize == q
                        && (nm.kind.is_place() || nm.kind == EntityType::Org)
                        && (nm.tok_end as usize) <= lim
                    {
                        end = nm.tok_end as usize;
                    }
                }
            }
            // A name right after a title or another name is the same phrase: "Syrian President Bashar Assad".
            for _ in 0..4 {
                if end >= lim {
                    break;
                }
                match self.ment(end) {
                    Some(n)
                        if n != cur
                            && self.doc.mentions[n].tok_start as usize == end
                            && self.kind_of(n) != EntityType::Group =>
                    {
                        push_unique(&mut ids, self.ent_of(n));
                        cur = n;
                        end = self.doc.mentions[n].tok_end as usize;
                    }
                    _ => break,
                }
            }
            // Coordination: ", Y", "and Y", ", and the Y".
            let mut q = end;
            if q >= lim || !self.is(q, w::COORD | w::COMMA) {
                return (ids, end);
            }
            let mut link_coord = self.is(q, w::COORD);
            q += 1;
            if q < lim && self.is(q, w::COORD) {
                link_coord = true;
                q += 1;
            }
            if q < lim && self.is(q, w::DET) && !self.is(q, w::THAT) {
                q += 1;
            }
            match (q < lim).then(|| self.ment(q)).flatten() {
                Some(n) if n != cur && self.doc.mentions[n].tok_start as usize == q => {
                    // A bare comma links list items ("X, Y and Z"), not "X, the newspaper said".
                    let ne = self.doc.mentions[n].tok_end as usize;
                    if !(link_coord || ne < lim && self.is(ne, w::COORD | w::COMMA)) {
                        return (ids, end);
                    }
                    cur = n;
                }
                _ => return (ids, end),
            }
        }
        let end = self.doc.mentions[cur].tok_end as usize;
        (ids, end)
    }

    /// Targets to the right of a verb: the object, or the complement of "with",
    /// "against", "on", "to" …; (entities, end of the scanned region).
    fn objects(&self, from: usize, voice: Voice, gov: bool, passive: bool) -> (Vec<u32>, usize) {
        let lim = (from + if gov { 16 } else { OBJECT_WINDOW }).min(self.sb);
        let mut prep = false;
        // Only determiners and the cue's own object so far: "demanded (its demands) that …".
        let mut clean = true;
        let mut in_place = false;
        let mut j = from;
        while j < lim {
            let c = self.c(j);
            if let Some(mi) = self.ment(j) {
                let k = self.kind_of(mi);
                let ms = self.doc.mentions[mi].tok_end as usize;
                // "in the Rwandan capital", "near Samarra": where, not whom.
                if in_place {
                    j = ms;
                    in_place = false;
                    continue;
                }
                let _ = k;
                if passive && !prep {
                    j = ms;
                    continue;
                }
                if voice == Voice::Intrans && !prep && !gov {
                    j = ms;
                    continue;
                }
                let (ids, end) = self.collect_right(mi);
                return (ids, end);
            }
            // "demanded that the government …": the complement's subject is the target.
            let that_ok = gov && c & w::THAT != 0 && clean;
            let absorbed_tok =
                self.cue_of[j] != NONE && self.cues[self.cue_of[j] as usize].absorbed;
            if !(absorbed_tok || c & (w::DET | w::POSS | w::ADV) != 0) {
                clean = false;
            }
            if c & (w::STOP
                | w::COMMA
                | w::SUB
                | w::IF
                | w::BUT
                | w::REL
                | w::THAT
                | w::COORD
                | w::QUOTE)
                != 0
                && c & w::DET == 0
                && !that_ok
            {
                return (Vec::new(), j);
            }
            if (c & w::THAT != 0 && !that_ok) || (c & w::BY != 0 && !passive) || c & w::NONNP != 0 {
                return (Vec::new(), j);
            }
            if self.cue_of[j] != NONE && !gov && !self.cues[self.cue_of[j] as usize].absorbed {
                return (Vec::new(), j);
            }
            if c & w::TPREP != 0 {
                prep = true;
                in_place = false;
            } else if c & w::PPREP != 0 {
                in_place = true;
            } else if prep && self.unknown_name(j) {
                // "ties with Gondor almost five years after …": the object is a name we do not know.
                return (Vec::new(), j);
            }
            j += 1;
        }
        (Vec::new(), j)
    }

    /// A capitalised word that is no entity and heads its phrase ("with Gondor
    /// almost …"), as opposed to a modifier ("against Kampuchean guerrilla camps").
    fn unknown_name(&self, j: usize) -> bool {
        self.doc.tokens[j].is(tf::CAP)
            && self.c(j) == 0
            && !(j + 1 < self.sb && (self.is_lower_content(j + 1) || self.ment(j + 1).is_some()))
    }

    /// The agent of a passive: "by X" within a few tokens.
    fn agent(&self, from: usize) -> Vec<u32> {
        let lim = (from + 8).min(self.sb);
        let mut j = from;
        while j < lim {
            if self.is(j, w::STOP | w::COMMA) {
                break;
            }
            if self.is(j, w::BY) || (self.word(j) == "from" && j > from) {
                let mut k = j + 1;
                while k < lim
                    && (self.is(k, w::DET) || self.is_lower_content(k))
                    && self.ment(k).is_none()
                {
                    k += 1;
                }
                if k < self.sb
                    && let Some(mi) = self.ment(k)
                {
                    return self.collect_right(mi).0;
                }
                break;
            }
            j += 1;
        }
        Vec::new()
    }

    /// A noun's left arguments: possessive ("Iraq's invasion") or premodifier
    /// ("Israeli air strikes"); a city before "talks" is where they are held.
    fn noun_left(&self, a: usize, kind: EventType) -> (Vec<u32>, Option<u32>) {
        let mut j = a;
        let mut steps = 0;
        while j > self.sa && steps < 4 {
            let p = j - 1;
            steps += 1;
            if self.is(p, w::GEN) && p > self.sa {
                if let Some(mi) = self.ment(p - 1) {
                    return (self.collect_left(mi), None);
                }
                return (Vec::new(), None);
            }
            if let Some(mi) = self.ment(p) {
                let k = self.kind_of(mi);
                if kind == EventType::Consult && k.is_place() && p + 1 == a {
                    return (Vec::new(), Some(self.ent_of(mi)));
                }
                return (self.collect_left(mi), None);
            }
            if self.is(p, w::N_PLANNED | w::N_HYPO | w::N_CLAIMED | w::N_ONGOING)
                || self.is_lower_content(p)
            {
                j = p;
                continue;
            }
            break;
        }
        (Vec::new(), None)
    }

    /// A noun's right arguments.
    fn noun_right(&self, from: usize, voice: Voice, gov: bool) -> NounArgs {
        let mut na = NounArgs {
            actors: Vec::new(),
            between: Vec::new(),
            targets: Vec::new(),
            of: Vec::new(),
            place: None,
            end: from,
        };
        let lim = (from + OBJECT_WINDOW).min(self.sb);
        let mut j = from;
        #[derive(PartialEq, Clone, Copy)]
        enum Role {
            None,
            Of,
            Between,
            By,
            Target,
            Place,
        }
        let mut role = Role::None;
        // A preposition after a plain noun belongs to that noun, not to the event:
        // "protests against the violations by the army" — the army is not the protester.
        let mut content = false;
        let mut detached = false;
        let mut first = true;
        while j < lim {
            let c = self.c(j);
            if let Some(mi) = self.ment(j) {
                let (ids, end) = self.collect_right(mi);
                match role {
                    Role::Of => na.of.extend(ids),
                    Role::Between => na.between.extend(ids),
                    Role::By => na.actors.extend(ids),
                    Role::Target => na.targets.extend(ids),
                    Role::Place if self.kind_of(mi).is_place() && na.place.is_none() => {
                        na.place = Some(ids[0]);
                    }
                    _ => {}
                }
                role = Role::None;
                content = false;
                j = end;
                na.end = end;
                first = false;
                continue;
            }
            // "its demand that Israel …": the complement's subject is the target.
            if gov && c & w::THAT != 0 && role == Role::None && !detached {
                role = Role::Target;
                j += 1;
                continue;
            }
            if c & (w::STOP | w::COMMA | w::SUB | w::IF | w::BUT | w::REL | w::QUOTE | w::NONNP)
                != 0
                || (c & w::THAT != 0)
            {
                break;
            }
            if self.cue_of[j] != NONE {
                break;
            }
            let is_prep = c & (w::OF | w::BETWEEN | w::BY | w::TPREP | w::PPREP) != 0;
            if is_prep && content && role != Role::None {
                detached = true;
            }
            if is_prep && detached {
                if c & w::OF == 0 {
                    role = Role::None;
                }
            } else if c & w::OF != 0 {
                if first || role == Role::None && na.of.is_empty() && j < from + 3 {
                    role = Role::Of;
                }
            } else if c & w::BETWEEN != 0 {
                role = Role::Between;
            } else if c & w::BY != 0 || (self.word(j) == "from" && !voice.of_is_actor()) {
                // "aid from X", "an offer from X": the giver; but "withdrawal from X": where from.
                role = Role::By;
            } else if c & w::TPREP != 0 && self.word(j) != "over" {
                role = Role::Target;
            } else if c & w::PPREP != 0 {
                role = Role::Place;
            } else if c & (w::BE | w::HAVE | w::FUTURE | w::MODAL | w::TO) != 0 {
                break;
            } else if self.is_lower_content(j) {
                content = true;
            } else if role != Role::None && self.unknown_name(j) {
                // The preposition's object is a name we do not know: nothing after it is ours.
                role = Role::None;
                detached = true;
            }
            first = false;
            j += 1;
        }
        if na.end < j {
            na.end = j;
        }
        na
    }

    /// Where: a place after "in", "at", "near" in the clause, or a sentence-initial "In X,".
    fn place(&self, head: usize, from: usize, end: usize) -> Option<u32> {
        let lim = (from.max(end) + 8).min(self.sb);
        let mut j = from;
        while j < lim {
            if self.is(j, w::STOP | w::SUB | w::IF | w::BUT | w::REL | w::QUOTE)
                || (self.is(j, w::COMMA) && j >= end)
            {
                break;
            }
            if self.is(j, w::PPREP) {
                let mut k = j + 1;
                let mut s = 0;
                while k < self.sb && s < 5 {
                    // "in the Azerbaijani town of Gabala": a nationality is a modifier here.
                    if let Some(mi) = self.ment(k)
                        && self.kind_of(mi) == EntityType::Norp
                    {
                        k = self.doc.mentions[mi].tok_end as usize;
                        s += 1;
                        continue;
                    }
                    if self.ment(k).is_some()
                        || !(self.is(k, w::DET | w::OF) || self.is_lower_content(k))
                    {
                        break;
                    }
                    k += 1;
                    s += 1;
                }
                if k < self.sb
                    && let Some(mi) = self.ment(k)
                    && self.kind_of(mi).is_place()
                {
                    return Some(self.ent_of(mi));
                }
            }
            j += 1;
        }
        // "In Cairo, the two sides …"
        let sa = self.sa;
        if head > sa + 2
            && self.is(sa, w::PPREP)
            && let Some(mi) = self.ment(sa + 1)
        {
            let e = self.doc.mentions[mi].tok_end as usize;
            if self.kind_of(mi).is_place() && e < head && self.is(e, w::COMMA) {
                return Some(self.ent_of(mi));
            }
        }
        None
    }

    /// The place of a dateline opening the sentence ("ISTANBUL, Nov 4 (Wire) -").
    fn dateline_place(&self) -> Option<u32> {
        let sent = self.doc.tok_span(self.sa, self.sb);
        let end = dateline_end(self.doc, sent)?;
        (self.sa..self.sb)
            .take_while(|&k| self.doc.tokens[k].span.end <= end)
            .find_map(|k| self.ment(k).filter(|&mi| self.kind_of(mi).is_place()))
            .map(|mi| self.ent_of(mi))
    }

    /// The status of the event whose predicate head is `h`.
    fn status(&self, c: &Cue, h: usize) -> EventStatus {
        let row = self.lex.row(c.row);
        let form = form_of(row);
        let (
            mut neg,
            mut fut,
            mut hyp,
            mut would,
            mut plan,
            mut cont,
            mut deny,
            mut claim,
            mut cond,
        ) = (
            false, false, false, false, false, false, false, false, false,
        );
        let mut prog = false;
        // Noun modifiers: "planned visit", "no talks", "alleged attack".
        if c.noun {
            let mut j = c.a;
            let mut s = 0;
            while j > self.sa && s < 4 {
                j -= 1;
                s += 1;
                let pc = self.c(j);
                if pc & w::N_NEG != 0 {
                    neg = true;
                } else if pc & w::N_PLANNED != 0 {
                    plan = true;
                } else if pc & w::N_HYPO != 0 {
                    hyp = true;
                } else if pc & w::N_CLAIMED != 0 {
                    claim = true;
                } else if pc & w::N_ONGOING != 0 {
                    cont = true;
                }
                if self.ment(j).is_some()
                    || !(pc & (w::DET | w::POSS | w::GEN) != 0
                        || pc & (w::N_NEG | w::N_PLANNED | w::N_HYPO | w::N_CLAIMED | w::N_ONGOING)
                            != 0
                        || self.is_lower_content(j))
                {
                    break;
                }
            }
        }
        // The verb group: "has not been", "will", "is expected to", "continued to".
        let mut j = h;
        let mut steps = 0;
        let mut to_seen = false;
        let mut nearest_aux = true;
        let verbal = !c.noun || c.light.is_some();
        // "is preparing an offensive", "planned talks".
        if c.light.is_some_and(|l| self.is(l, w::PLAN)) {
            plan = true;
        }
        if verbal {
            while j > self.sa && steps < 10 {
                j -= 1;
                steps += 1;
                let pc = self.c(j);
                let word = self.word(j);
                if self.ment(j).is_some() {
                    break;
                }
                if pc & w::NEG != 0 {
                    neg = true;
                } else if pc & w::FUTURE != 0 {
                    fut = true;
                } else if pc & w::MODAL != 0 {
                    if matches!(word, "would" | "'d" | "’d") {
                        would = true;
                    } else {
                        hyp = true;
                    }
                } else if pc & w::BE != 0 {
                    // "Troops are to attack": arranged, not done.
                    if to_seen && self.is(j + 1, w::TO) {
                        plan = true;
                    }
                    if nearest_aux
                        && (form == Form::Ing || c.light.is_some() && self.word(h).ends_with("ing"))
                    {
                        prog = true;
                    }
                } else if pc & (w::HAVE | w::DO) != 0 {
                } else if pc & w::TO != 0 {
                    to_seen = true;
                } else if pc & w::DENY != 0 && self.doc.tokens[j].is(tf::LOWER) {
                    deny = true;
                    break;
                } else if pc & w::SAY != 0 && to_seen {
                    claim = true;
                    break;
                } else if pc & w::PLAN != 0 && (to_seen || pc & w::BE != 0) {
                    plan = true;
                } else if pc & w::CONTINUE != 0 || pc & w::STILL != 0 {
                    cont = true;
                } else if pc & w::FAIL != 0 && to_seen {
                    neg = true;
                } else if word == "longer"
                    && j > self.sa
                    && self.word(j - 1).eq_ignore_ascii_case("no")
                {
                    neg = true;
                    j -= 1;
                } else if pc & (w::TRY | w::ADV) != 0 {
                } else {
                    break;
                }
                if pc & (w::ADV | w::NEG) == 0 {
                    nearest_aux = false;
                }
            }
            // A purpose clause shares its verb's status: "will meet … to discuss".
            if to_seen && let Some(p) = self.pred_at(j) {
                return self.preds[p].status;
            }
        } else {
            // A bare noun: "for the continuation of" is out of scope; the clause decides.
            j = c.a;
        }
        // The clause's governor: "said (that) it had", "denied that", "if".
        let mut s = 0;
        while j > self.sa && s < STATUS_WINDOW {
            j -= 1;
            s += 1;
            let pc = self.c(j);
            if pc & (w::STOP | w::BUT) != 0 {
                break;
            }
            if pc & w::IF != 0 {
                cond = true;
                break;
            }
            // "Obama wants Putin to attack": wished for, not done.
            if matches!(
                self.word(j),
                "want"
                    | "wants"
                    | "wanted"
                    | "expect"
                    | "expects"
                    | "hope"
                    | "hopes"
                    | "hoped"
                    | "wish"
                    | "wishes"
            ) {
                hyp = true;
                break;
            }
            if self.plain_verb(j, w::DENY) {
                deny = true;
                break;
            }
            if pc & w::SAY != 0 && self.doc.tokens[j].is(tf::LOWER) && !self.is(j, w::NONNP)
                || matches!(self.word(j), "said" | "says" | "say")
            {
                claim = true;
                break;
            }
            if pc & (w::COMMA | w::SUB) != 0 || self.cue_of[j] != NONE {
                break;
            }
        }
        if deny {
            EventStatus::Denied
        } else if neg {
            EventStatus::Negated
        } else if cond || hyp || (would && !claim) {
            EventStatus::Hypothetical
        } else if fut || plan || would {
            EventStatus::Planned
        } else if claim {
            EventStatus::Claimed
        } else if cont || prog {
            EventStatus::Ongoing
        } else {
            EventStatus::Occurred
        }
    }
}

struct NounArgs {
    actors: Vec<u32>,
    /// "between X and Y": the parties; actors unless the event has an actor already.
    between: Vec<u32>,
    targets: Vec<u32>,
    of: Vec<u32>,
    place: Option<u32>,
    end: usize,
}

fn push_unique(v: &mut Vec<u32>, x: u32) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn dedup(v: &mut Vec<u32>) {
    v.sort_unstable();
    v.dedup();
}

/// A speech act's mode from what it is about: rejecting talks is `meet`.
fn complement_mode(kind: EventType, comp: EventType, comp_mode: Option<&str>) -> Option<String> {
    let m = match (kind, comp) {
        (EventType::Reject | EventType::Request, EventType::Consult) => "meet",
        (
            EventType::Reject | EventType::Request,
            EventType::Aid | EventType::Cooperate | EventType::Support,
        ) => "assist",
        (EventType::Reject | EventType::Request, EventType::Retreat | EventType::Concede) => {
            "yield"
        }
        _ => return comp_mode.map(str::to_string),
    };
    Some(m.to_string())
}

/// Time expressions sorted by start: (start byte, index).
fn time_index(doc: &Doc) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = doc
        .times
        .iter()
        .enumerate()
        .map(|(i, t)| (t.span.start, i as u32))
        .collect();
    v.sort_unstable();
    v
}

/// The time expression of the sentence nearest to the trigger. A dateline's
/// date ("KYIV, March 14 (Wire) - … met on Tuesday") dates the report, not
/// the act: it counts only when the sentence has no other time expression.
fn nearest_time(doc: &Doc, times: &[(u32, u32)], trig: Span, sent: Span) -> Option<u32> {
    if times.is_empty() {
        return None;
    }
    let dateline = dateline_end(doc, sent).filter(|&e| e <= trig.start);
    let k = times.partition_point(|&(s, _)| s < trig.start);
    // (is a dateline's, distance, index): the smallest wins.
    let mut best: Option<(bool, u32, u32)> = None;
    for &(s, i) in times[k.saturating_sub(3)..(k + 2).min(times.len())].iter() {
        let sp = doc.times[i as usize].span;
        if !sent.contains(sp) {
            continue;
        }
        let d = if s >= trig.end {
            s - trig.end
        } else {
            trig.start.saturating_sub(sp.end)
        };
        let c = (dateline.is_some_and(|e| sp.end <= e), d, i);
        if best.is_none_or(|b| (c.0, c.1) < (b.0, b.1)) {
            best = Some(c);
        }
    }
    best.map(|(_, _, i)| i)
}

/// The end of a dateline opening the sentence: a dash within its first few
/// tokens after only capitalised words, numbers, commas, full stops and a
/// bracketed agency ("BRUSSELS, Nov 4 (Wire) -").
fn dateline_end(doc: &Doc, sent: Span) -> Option<u32> {
    const LEAD: usize = 14;
    let k0 = doc.token_index(sent.start);
    let mut bracket = false;
    for k in k0..(k0 + LEAD).min(doc.tokens.len()) {
        let t = &doc.tokens[k];
        if t.span.start >= sent.end {
            return None;
        }
        match doc.tok(k) {
            "-" | "—" | "–" | "--" if k > k0 => return Some(t.span.end),
            "(" => bracket = true,
            ")" => bracket = false,
            "," | "." => {}
            _ if bracket || t.is(tf::CAP) || t.is(tf::DIGIT) => {}
            _ => return None,
        }
    }
    None
}

/// Statements sorted by the start of their content: (start byte, index).
fn statement_index(doc: &Doc) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| (s.content_span.start, i as u32))
        .collect();
    v.sort_unstable();
    v
}

/// The innermost statement whose content holds the trigger, among the few
/// that start nearest before it.
fn statement_of(doc: &Doc, index: &[(u32, u32)], trig: Span) -> Option<u32> {
    let k = index.partition_point(|&(s, _)| s <= trig.start);
    index[k.saturating_sub(8)..k]
        .iter()
        .map(|&(_, i)| (i, doc.statements[i as usize].content_span))
        .filter(|(_, c)| c.contains(trig))
        .min_by_key(|(_, c)| c.len())
        .map(|(i, _)| i)
}

/// The type of announcing an intention to act: cooperation pledged is an
/// agreement, a conflictual act pledged is a threat; other acts (demands,
/// accusations, rejections, agreements and threats themselves) are their own announcement.
fn intent_type(kind: EventType) -> Option<EventType> {
    match kind {
        EventType::Support
        | EventType::Aid
        | EventType::Concede
        | EventType::Retreat
        | EventType::Consult
        | EventType::Cooperate => Some(EventType::Agree),
        EventType::Coerce
        | EventType::Sanction
        | EventType::Assault
        | EventType::Protest
        | EventType::Mobilize => Some(EventType::Threaten),
        _ => None,
    }
}

fn status_class(s: EventStatus) -> u8 {
    match s {
        EventStatus::Occurred | EventStatus::Claimed | EventStatus::Ongoing => 0,
        EventStatus::Planned => 1,
        EventStatus::Hypothetical => 2,
        EventStatus::Denied => 3,
        EventStatus::Negated => 4,
    }
}

/// One event per real event per article: a later mention with the same type,
/// actors and targets (or no targets), compatible status, place and time joins the first.
fn merge(doc: &Doc, evs: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(evs.len());
    let mut by_key: HashMap<(EventType, Vec<u32>), Vec<usize>> = HashMap::new();
    let time_val = |t: Option<u32>| {
        t.and_then(|i| doc.times.get(i as usize))
            .and_then(|t| t.value.as_deref())
    };
    for v in evs {
        let key = (v.kind, v.actors.clone());
        let bucket = by_key.entry(key).or_default();
        let mut into = None;
        // Bounded: only the most recent candidates, so a huge article stays linear.
        for &i in bucket.iter().rev().take(16) {
            let u = &out[i];
            let targets_ok = u.targets == v.targets
                || (!v.actors.is_empty() && (u.targets.is_empty() || v.targets.is_empty()));
            let place_ok = u.place.is_none() || v.place.is_none() || u.place == v.place;
            let time_ok = match (time_val(u.time), time_val(v.time)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if targets_ok && place_ok && time_ok && status_class(u.status) == status_class(v.status)
            {
                into = Some(i);
                break;
            }
        }
        match into {
            Some(i) => {
                let u = &mut out[i];
                for t in v.targets {
                    if !u.targets.contains(&t) {
                        u.targets.push(t);
                    }
                }
                u.targets.sort_unstable();
                u.place = u.place.or(v.place);
                u.time = u.time.or(v.time);
                u.source = u.source.or(v.source);
            }
            None => {
                bucket.push(out.len());
                out.push(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::DocMeta;
    use crate::ner::lexicon::NerLexicon;
    use crate::resolve::{ActorIndex, GroupIndex, ResolveStage, TitleIndex};
    use crate::text::{SegmentStage, TokenizeStage};

    const ACTORS: &str = "key\ttype\tname\taliases\tcountry\twikidata\troles\tdemonyms
country:isr\tGPE\tIsrael\t\tISR\t\t\tIsraeli|Israelis
country:egy\tGPE\tEgypt\t\tEGY\t\t\tEgyptian|Egyptians
country:irn\tGPE\tIran\t\tIRN\t\t\tIranian
country:irq\tGPE\tIraq\t\tIRQ\t\t\tIraqi
country:kwt\tGPE\tKuwait\t\tKWT
country:rus\tGPE\tRussia\t\tRUS\t\t\tRussian
country:srb\tGPE\tSerbia\t\tSRB\t\t\tSerbian
country:chn\tGPE\tChina\t\tCHN\t\t\tChinese
country:twn\tGPE\tTaiwan\t\tTWN
country:usa\tGPE\tUnited States\tUS|U.S.\tUSA\t\t\tAmerican
country:jor\tGPE\tJordan\t\tJOR\t\t\tJordanian
country:gbr\tGPE\tUnited Kingdom\tBritain\tGBR\t\t\tBritish
country:tur\tGPE\tTurkey\t\tTUR\t\t\tTurkish
country:grc\tGPE\tGreece\t\tGRC\t\t\tGreek
country:syr\tGPE\tSyria\t\tSYR\t\t\tSyrian
country:sau\tGPE\tSaudi Arabia\t\tSAU\t\t\tSaudi
city:cairo\tGPE\tCairo\t\tEGY\t\t\t
city:doha\tGPE\tDoha\t\tQAT\t\t\t
city:kharkiv\tGPE\tKharkiv\t\tUKR\t\t\t
city:kupiansk\tGPE\tKupiansk\t\tUKR\t\t\t
city:sarajevo\tGPE\tSarajevo\t\tBIH\t\t\t
city:sderot\tGPE\tSderot\t\tISR\t\t\t
city:beijing\tGPE\tBeijing\t\tCHN\t\tcapital\t
seat:downing-street\tORG\tDowning Street\t\tGBR\t\tseat of government\t
org:hamas\tORG\tHamas\t\tPSE
org:un\tORG\tUnited Nations\tUN
person:netanyahu\tPERSON\tBenjamin Netanyahu\tNetanyahu\tISR
person:kerry\tPERSON\tJohn Kerry\tKerry\tUSA
";

    const LEXICON: &str = "cue\tlemma\ttype\tmode\tvoice
accused\taccuse\tACCUSE\tallege\tactive
agreed\tagree\tAGREE\t\tintrans
exchanged # prisoners\texchange prisoners\tRETREAT\trelease\tintrans
ceasefire\tceasefire\tAGREE\tceasefire\tnoun
airstrikes\tairstrike\tASSAULT\tairstrike\tnoun
attack\tattack\tASSAULT\tattack\tactive
attacked\tattack\tASSAULT\tattack\tactive
attacking\tattack\tASSAULT\tattack\tactive
attacks\tattack\tASSAULT\tattack\tactive
besieging\tbesiege\tASSAULT\tsiege\tactive
condemned\tcondemn\tACCUSE\tdisapprove\tactive
heart attack\theart attack\t-\t\tnoun
hit\thit\tASSAULT\tstrike\tactive
invade\tinvade\tASSAULT\tinvade\tactive
invasion\tinvasion\tASSAULT\tinvade\tnoun
killed\tkill\tASSAULT\tkill\tactive
killing\tkill\tASSAULT\tkill\tactive
meet\tmeet\tCONSULT\tmeet\tactive
met\tmeet\tCONSULT\tmeet\tactive
negotiations\tnegotiation\tCONSULT\tnegotiate\tnoun
refused\trefuse\tREJECT\t\tactive
rejected\treject\tREJECT\t\tactive
retaken\tretake\tASSAULT\tcapture\tactive
ruled out\trule out\tREJECT\t\tactive
sanctions\tsanction\tSANCTION\tsanction\tnoun
shell\tshell\tASSAULT\tshell\tactive
shelled\tshell\tASSAULT\tshell\tactive
rocket fire\trocket fire\tASSAULT\tairstrike\tnoun
shelling\tshell\tASSAULT\tshell\tactive
shot down\tshoot down\tASSAULT\tshoot down\tactive
sign\tsign\tSUPPORT\tsign\tactive
signed\tsign\tSUPPORT\tsign\tactive
talks\ttalks\tCONSULT\tmeet\tnoun
treaty\ttreaty\tSUPPORT\tsign\tnoun
visit\tvisit\tCONSULT\tvisit\tactive
";

    fn extract(text: &str) -> Doc {
        extract_with(text, |_| {})
    }

    /// Run the pipeline, letting `before_events` add layers of later stages (times, statements).
    fn extract_with(text: &str, before_events: impl FnOnce(&mut Doc)) -> Doc {
        let mut actors = Vec::new();
        crate::actors::parse_into("test-actors", ACTORS, &mut actors).unwrap();
        let groups: Vec<(String, String, bool)> = [
            "officials",
            "forces",
            "troops",
            "fighters",
            "rebels",
            "army",
        ]
        .iter()
        .map(|g| (g.to_string(), "group".to_string(), true))
        .collect();
        let resolve = ResolveStage::new(
            Arc::new(ActorIndex::new(actors)),
            Arc::new(TitleIndex::new(&[])),
            Arc::new(GroupIndex::new(&groups)),
            Arc::new(NerLexicon::empty()),
        );
        let mut rows = Vec::new();
        parse_into("test-events", LEXICON, &mut rows).unwrap();
        let events = EventStage::new(Arc::new(EventLexicon::new(rows)));
        let mut doc = Doc::new(text, DocMeta::default());
        let mut scratch = Scratch::default();
        TokenizeStage.run(&mut doc, &mut scratch);
        SegmentStage.run(&mut doc, &mut scratch);
        resolve.run(&mut doc, &mut scratch);
        before_events(&mut doc);
        events.run(&mut doc, &mut scratch);
        doc
    }

    /// Events as "TYPE status trigger [actors] -> [targets] @place", names for entities.
    fn show(doc: &Doc) -> Vec<String> {
        let names = |ids: &[u32]| {
            ids.iter()
                .map(|&e| doc.entities[e as usize].name.clone())
                .collect::<Vec<_>>()
                .join("+")
        };
        doc.events
            .iter()
            .map(|v| {
                let mut s = format!(
                    "{} {} {} [{}] -> [{}]",
                    v.kind.label(),
                    v.status.label(),
                    doc.slice(v.trigger),
                    names(&v.actors),
                    names(&v.targets)
                );
                if let Some(p) = v.place {
                    s.push_str(&format!(" @{}", doc.entities[p as usize].name));
                }
                s
            })
            .collect()
    }

    fn one(text: &str) -> String {
        let doc = extract(text);
        let v = show(&doc);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].clone()
    }

    #[test]
    fn accusations_report_the_alleged_act() {
        // The act is its own event, claimed, with the accused as actor.
        assert_eq!(
            show(&extract("Iran accused Israel of shelling Sderot.")),
            [
                "ACCUSE occurred accused [Iran] -> [Israel]",
                "ASSAULT claimed shelling [Israel] -> [Sderot] @Sderot"
            ]
        );
        // A noun that is the object of a verb inside the accusation is no alleged act.
        assert_eq!(
            show(&extract("Iran accused Israel of violating the ceasefire.")),
            ["ACCUSE occurred accused [Iran] -> [Israel]"]
        );
    }

    #[test]
    fn a_speakers_second_act_after_reported_speech_is_the_speakers() {
        // ", and accused" goes with "said", not with the reported subject.
        let v = show(&extract(
            "Serbia said on Monday that Iranian troops had shelled a camp, and accused Russia of \
             arming them.",
        ));
        assert!(
            v.contains(&"ACCUSE occurred accused [Serbia] -> [Russia]".to_string()),
            "{v:?}"
        );
    }

    #[test]
    fn a_group_with_a_named_owner_does_not_stand_for_its_place() {
        // "officials in Cairo" is Cairo; "UN officials in Cairo" are the UN's.
        assert_eq!(
            one("Officials in Cairo attacked the plan."),
            "ASSAULT occurred attacked [Cairo] -> []"
        );
        assert_eq!(
            one("UN officials in Cairo attacked the plan."),
            "ASSAULT occurred attacked [UN officials] -> []"
        );
    }

    #[test]
    fn both_sides_exchanging_fire_act_together() {
        let v = show(&extract(
            "Israel and Iran exchanged artillery and rocket fire on Friday.",
        ));
        assert_eq!(v, ["ASSAULT occurred rocket fire [Israel+Iran] -> []"]);
    }

    #[test]
    fn a_nationality_before_the_place_noun_does_not_hide_the_place() {
        let v = show(&extract(
            "Russian forces shelled positions in the Iranian town of Sderot on Monday.",
        ));
        assert!(v.iter().any(|e| e.ends_with("@Sderot")), "{v:?}");
    }

    #[test]
    fn a_dateline_dash_opens_the_sentence() {
        let v = show(&extract(
            "BELGRADE, May 2 (Reuters) - Talks between Serbia and Iran ended without agreement on Friday.",
        ));
        assert_eq!(v, ["CONSULT occurred Talks [Serbia+Iran] -> []"]);
    }

    #[test]
    fn numbers_match_the_number_slot_of_a_cue() {
        assert_eq!(
            one("Russia and Iran exchanged 150 prisoners on Monday."),
            "RETREAT occurred exchanged 150 prisoners [Russia+Iran] -> []"
        );
        assert!(
            extract("Russia and Iran exchanged prisoners.")
                .events
                .is_empty()
        );
    }

    #[test]
    fn active_voice_occurred() {
        assert_eq!(
            one("Russian forces shelled Kharkiv on Monday."),
            "ASSAULT occurred shelled [Russian forces] -> [Kharkiv] @Kharkiv"
        );
        // An apposition between subject and verb is skipped.
        assert_eq!(
            one("Benjamin Netanyahu, the prime minister, met John Kerry."),
            "CONSULT occurred met [Benjamin Netanyahu] -> [John Kerry]"
        );
    }

    #[test]
    fn planned() {
        // The announced visit is also a pledge (PLOVER AGREE), which happened.
        assert_eq!(
            show(&extract("John Kerry will visit Cairo on Sunday.")),
            [
                "AGREE occurred visit [John Kerry] -> [Cairo] @Cairo",
                "CONSULT planned visit [John Kerry] -> [Cairo] @Cairo"
            ]
        );
        assert_eq!(
            show(&extract("Turkey plans to meet Greece next month.")),
            [
                "AGREE occurred meet [Turkey] -> [Greece]",
                "CONSULT planned meet [Turkey] -> [Greece]"
            ]
        );
        // A pledge of a conflictual act is a threat.
        assert_eq!(
            show(&extract("Russia will shell Kharkiv.")),
            [
                "THREATEN occurred shell [Russia] -> [Kharkiv] @Kharkiv",
                "ASSAULT planned shell [Russia] -> [Kharkiv] @Kharkiv"
            ]
        );
        assert_eq!(
            one("Jordan is expected to sign the treaty with Syria."),
            "SUPPORT planned sign [Jordan] -> [Syria]"
        );
        // "Israeli officials": the group, which carries the country.
        let doc = extract("Egypt is due to meet Israeli officials.");
        assert_eq!(
            show(&doc),
            ["CONSULT planned meet [Egypt] -> [Israeli officials]"]
        );
        assert_eq!(
            doc.entities[doc.events[0].targets[0] as usize]
                .country
                .as_deref(),
            Some("ISR")
        );
    }

    #[test]
    fn base_form_participles() {
        // "hit" is its own participle: passive after "be", active otherwise.
        assert_eq!(
            one("Kharkiv was hit by Russia on Monday."),
            "ASSAULT occurred hit [Russia] -> [Kharkiv] @Kharkiv"
        );
        assert_eq!(
            one("Russia hit Kharkiv on Monday."),
            "ASSAULT occurred hit [Russia] -> [Kharkiv] @Kharkiv"
        );
        // "are to": arranged, not done.
        assert_eq!(
            one("Turkey and Greece are to meet in Ankara."),
            "CONSULT planned meet [Turkey+Greece] -> []"
        );
    }

    #[test]
    fn claimed_inside_a_claim() {
        assert_eq!(
            one("The rebels claimed to have shot down a Syrian helicopter."),
            "ASSAULT claimed shot down [The rebels] -> [Syrian]"
        );
        // The pronoun subject is the speaker.
        assert_eq!(
            one("Russia said it had retaken Kupiansk."),
            "ASSAULT claimed retaken [Russia] -> [Kupiansk] @Kupiansk"
        );
    }

    #[test]
    fn denied_inside_a_denial() {
        assert_eq!(
            one("Iran denied attacking Saudi Arabia."),
            "ASSAULT denied attacking [Iran] -> [Saudi Arabia] @Saudi Arabia"
        );
        // "its fighters": the speaker's own.
        assert_eq!(
            one("Hamas denied that its fighters had shelled Sderot."),
            "ASSAULT denied shelled [Hamas] -> [Sderot] @Sderot"
        );
    }

    #[test]
    fn ongoing() {
        assert_eq!(
            one("Serbian forces have been besieging Sarajevo for months."),
            "ASSAULT ongoing besieging [Serbian forces] -> [Sarajevo] @Sarajevo"
        );
        assert_eq!(
            one("Russia continues to shell Kharkiv."),
            "ASSAULT ongoing shell [Russia] -> [Kharkiv] @Kharkiv"
        );
        assert_eq!(
            one("The army is shelling Kharkiv."),
            "ASSAULT ongoing shelling [The army] -> [Kharkiv] @Kharkiv"
        );
    }

    #[test]
    fn rejections_are_the_event() {
        // The talks are what was ruled out, not a second event.
        assert_eq!(
            one("Netanyahu ruled out talks with Hamas."),
            "REJECT occurred ruled out [Benjamin Netanyahu] -> [Hamas]"
        );
        assert_eq!(
            one("Egypt refused to meet Israeli officials."),
            "REJECT occurred refused [Egypt] -> [Israeli officials]"
        );
        let doc = extract("Egypt refused to meet Israeli officials.");
        assert_eq!(doc.events[0].mode.as_deref(), Some("meet"));
    }

    #[test]
    fn hypothetical() {
        let doc = extract("If Iran attacks Israel, the United States will respond.");
        assert_eq!(
            show(&doc),
            ["ASSAULT hypothetical attacks [Iran] -> [Israel] @Israel"]
        );
        assert_eq!(
            one("China could invade Taiwan."),
            "ASSAULT hypothetical invade [China] -> [Taiwan] @Taiwan"
        );
        assert_eq!(
            one("Russia would attack Serbia."),
            "ASSAULT hypothetical attack [Russia] -> [Serbia] @Serbia"
        );
    }

    #[test]
    fn negated() {
        assert_eq!(
            one("Israel did not attack Iran."),
            "ASSAULT negated attack [Israel] -> [Iran] @Iran"
        );
        assert_eq!(
            one("There will be no talks with Hamas."),
            "CONSULT negated talks [] -> [Hamas]"
        );
    }

    #[test]
    fn passive_voice() {
        assert_eq!(
            one("Israeli troops were attacked by Hamas fighters."),
            "ASSAULT occurred attacked [Hamas] -> [Israeli troops]"
        );
        // No agent: the target alone.
        assert_eq!(
            one("Two Iraqi officials were killed in Cairo."),
            "ASSAULT occurred killed [] -> [Iraqi officials] @Cairo"
        );
    }

    #[test]
    fn nominal_events() {
        assert_eq!(
            one("The Doha talks between Israel and Hamas collapsed."),
            "CONSULT occurred talks [Israel+Hamas] -> [] @Doha"
        );
        assert_eq!(
            one(
                "Negotiations in Cairo between Israeli and Egyptian officials ended without a deal."
            ),
            "CONSULT occurred Negotiations [Israeli+Egyptian] -> [] @Cairo"
        );
        assert_eq!(
            one("Iraq's invasion of Kuwait in 1990 was a turning point."),
            "ASSAULT occurred invasion [Iraq] -> [Kuwait] @Kuwait"
        );
        assert_eq!(
            one("Israeli airstrikes on Syria continued."),
            "ASSAULT occurred airstrikes [Israeli] -> [Syria] @Syria"
        );
    }

    #[test]
    fn compound_actors() {
        assert_eq!(
            one("Jordan and Britain signed a treaty."),
            "SUPPORT occurred signed [Jordan+United Kingdom] -> []"
        );
        assert_eq!(
            one("Israeli and Egyptian officials met in Cairo."),
            "CONSULT occurred met [Israeli+Egyptian] -> [] @Cairo"
        );
    }

    #[test]
    fn metonyms_are_entities() {
        assert_eq!(
            one("Beijing condemned the sanctions."),
            "ACCUSE occurred condemned [Beijing] -> []"
        );
        assert_eq!(
            one("Downing Street rejected the offer."),
            "REJECT occurred rejected [Downing Street] -> []"
        );
        let doc = extract("Army officials met Egyptian officials.");
        assert_eq!(
            show(&doc),
            ["CONSULT occurred met [Army officials] -> [Egyptian officials]"]
        );
    }

    #[test]
    fn repeated_mentions_merge() {
        let doc = extract(
            "Russian forces shelled Kharkiv on Monday. The shelling of Kharkiv by Russian forces killed five people.",
        );
        assert_eq!(
            show(&doc),
            ["ASSAULT occurred shelled [Russian forces] -> [Kharkiv] @Kharkiv"]
        );
        // Different targets are different events.
        let doc = extract("Russian forces shelled Kharkiv. Russian forces shelled Kupiansk.");
        assert_eq!(doc.events.len(), 2);
    }

    #[test]
    fn no_entity_no_event() {
        assert!(
            extract("The talks were postponed because of the storm.")
                .events
                .is_empty()
        );
        assert!(extract("He suffered a heart attack.").events.is_empty());
        assert!(extract("").events.is_empty());
    }

    #[test]
    fn when_and_source_link_to_times_and_statements() {
        let text = "Officials said Russian forces shelled Kharkiv on Monday.";
        let span = |s: &str| {
            let a = text.find(s).unwrap();
            Span::new(a, a + s.len())
        };
        let doc = extract_with(text, |doc| {
            doc.times.push(crate::layers::TimeExpr {
                span: span("on Monday"),
                value: Some("2025-03-10".into()),
                grain: "day",
            });
            doc.statements.push(crate::layers::Statement {
                speaker: None,
                speaker_span: Some(span("Officials")),
                cue_span: span("said"),
                content_span: span("Russian forces shelled Kharkiv on Monday"),
                direct: false,
                kind: "say".into(),
                polarity: 0,
            });
        });
        assert_eq!(doc.events.len(), 1);
        assert_eq!(doc.events[0].time, Some(0));
        assert_eq!(doc.events[0].source, Some(0));
        // Without those stages both stay empty.
        let doc = extract(text);
        assert_eq!((doc.events[0].time, doc.events[0].source), (None, None));
    }

    #[test]
    fn a_datelines_date_dates_an_act_only_when_nothing_else_does() {
        let text = "CAIRO, May 6 (Wire) - Jordanian officials said on Tuesday that Russian forces shelled Kharkiv on Monday.";
        let span = |s: &str| {
            let a = text.find(s).unwrap();
            Span::new(a, a + s.len())
        };
        let time = |s: &str, v: &str| crate::layers::TimeExpr {
            span: span(s),
            value: Some(v.into()),
            grain: "day",
        };
        let doc = extract_with(text, |doc| {
            doc.times.push(time("May 6", "2025-05-06"));
            doc.times.push(time("on Tuesday", "2025-05-06"));
            doc.times.push(time("on Monday", "2025-05-05"));
        });
        let shelled = doc
            .events
            .iter()
            .find(|v| doc.slice(v.trigger) == "shelled")
            .expect("the shelling");
        assert_eq!(shelled.time, Some(2));
        // Alone in its sentence, the dateline's date is the act's.
        let text = "CAIRO, May 6 (Wire) - Russian forces shelled Kharkiv.";
        let doc = extract_with(text, |doc| {
            doc.times.push(crate::layers::TimeExpr {
                span: Span::new(7, 12),
                value: Some("2025-05-06".into()),
                grain: "day",
            });
        });
        assert_eq!(doc.events[0].time, Some(0));
    }

    #[test]
    fn a_long_description_between_subject_and_verb_is_skipped() {
        let v = show(&extract(
            "Hamas, a network of armed factions that has attacked Israel since 2007, rejected the proposal.",
        ));
        assert!(
            v.contains(&"REJECT occurred rejected [Hamas] -> []".to_string()),
            "{v:?}"
        );
    }

    #[test]
    fn a_side_reporting_its_own_words_reports_an_act() {
        // The Chinese spokesman's "China rejected" is China's own rejection.
        assert_eq!(
            show(&extract(
                "A Chinese spokesman said China rejected the proposal."
            )),
            ["REJECT occurred rejected [China] -> []"]
        );
        // Another side's report of it stays a claim.
        assert_eq!(
            show(&extract("Iran said China rejected the proposal.")),
            ["REJECT claimed rejected [China] -> []"]
        );
    }

    #[test]
    fn a_participle_after_a_comma_shares_the_clause_subject() {
        let v = show(&extract(
            "Syrian forces attacked Kupiansk, about 40 km east of Kharkiv, on Sunday, killing five people.",
        ));
        assert!(
            v.iter().all(|e| !e.contains("[Kharkiv]")),
            "the place before the comma is no actor: {v:?}"
        );
        assert!(
            v.iter()
                .any(|e| e.starts_with("ASSAULT occurred attacked [Syrian forces]")),
            "{v:?}"
        );
    }

    #[test]
    fn a_gerund_opening_reported_speech_is_not_the_speakers_act() {
        let v = show(&extract(
            "Jordanian officials said attacking Syria was a mistake.",
        ));
        assert!(
            v.iter().all(|e| !e.contains("[Jordanian officials]")),
            "{v:?}"
        );
        // After a denial the gerund is the denier's own act.
        let v = show(&extract("Iran denied attacking Kuwait."));
        assert!(v.iter().any(|e| e.contains("[Iran] -> [Kuwait]")), "{v:?}");
    }

    #[test]
    fn talks_under_a_dateline_are_held_there_unless_the_sentence_says_where() {
        assert_eq!(
            one("Doha, June 3 (Wire) - Jordan and Syria agreed to reopen their border."),
            "AGREE occurred agreed [Jordan+Syria] -> [] @Doha"
        );
        assert_eq!(
            one("Doha, June 3 (Wire) - Jordan and Syria agreed in Cairo to reopen their border."),
            "AGREE occurred agreed [Jordan+Syria] -> [] @Cairo"
        );
        // Not an act of talks: the dateline is only where the report comes from.
        assert_eq!(
            one("Doha, June 3 (Wire) - Russian forces shelled Kharkiv."),
            "ASSAULT occurred shelled [Russian forces] -> [Kharkiv] @Kharkiv"
        );
    }

    #[test]
    fn evidence_is_the_sentence_and_trigger_the_cue() {
        let text = "Talks stalled. Russian forces shelled Kharkiv.";
        let doc = extract(text);
        let v = &doc.events[0];
        assert_eq!(doc.slice(v.trigger), "shelled");
        assert_eq!(doc.slice(v.evidence), "Russian forces shelled Kharkiv.");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "attacked",
            "Israel",
            "Israel attacked",
            "attacked Israel",
            ", , attacked by by by",
            "Israel (( attacked )) Iran ,",
            "Israel's",
            "the the the talks talks talks between and and Israel",
            "Israel, Iran, Iraq and and Egypt met met met.",
        ] {
            let _ = extract(t);
        }
        let long = "Israel attacked Iran and ".repeat(2000);
        let doc = extract(&long);
        assert!(!doc.events.is_empty());
    }
}
