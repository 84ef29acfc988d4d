//! The claims stage: statements that assert a contested fact, linked to the
//! event they assert and to the later statements that deny, dispute, confirm
//! or support them.
//!
//! **Which statements are claims.** Every assertive statement (cue polarity
//! 0, not negated, not a request, promise, threat or warning) that does not
//! itself answer an earlier one is a candidate; its event is the first claimed
//! event reported through it (`source`; for an accusation, the alleged act), else
//! the first occurred or ongoing one. A
//! candidate becomes a claim when it has at least one response, or when it is
//! contested by its own words: a claim or accusation cue ("claimed",
//! "alleged", "accused") or a contested marker of the stance lexicon in its
//! sentence, its content or the next sentence ("allegedly", "could not be
//! independently verified"), or a content that opens on an actor of another
//! state than the speaker's (one side's account of the other side's conduct:
//! a Freedonian spokesman saying "Ruritanian troops had crossed the border").
//! A plain "said" that nobody answers is not a claim.
//!
//! **Responses.** A later statement by another speaker, within a few
//! sentences, answers the most recent candidate it refers to: through a
//! claim anaphor at the start of its content ("denied the claim", "disputed
//! that account", "denied it"), through an event of the same type with shared
//! participants (or none named), through a telling word both contents use
//! ("drone", "rockets"; the candidate must report an event or be a claim by its
//! own words), or, failing all of these, through entities both contents
//! mention (a weak link: the most recent candidate with a stronger one wins).
//! A report nested right after a denial's cue ("denied a report by X that …")
//! is X's claim, answered by that denial and by nothing earlier. "X said it had
//! confirmed …" is X's confirmation. Its relation: a denial cue (`deny`, `reject`) → `denies`; `dispute` →
//! `disputes`; a confirmation cue (`confirm`, `acknowledge`, `admit`,
//! `concede`) → `confirms`; `agree` → `supports`; a neutral cue whose content
//! holds a counter word ("fighting continued", "still held", "no evidence") →
//! `disputes`; a neutral cue reporting the same event, or a third party's
//! reporting a disputed claim's specifics (a shared telling word) → `supports`. A claim
//! anaphor answers the claimant's whole run of recent statements, and
//! counter-evidence soon after a claim was denied is about that claim.
//!
//! **Status.** In text order: a denial or dispute makes the claim
//! `disputed`; a confirmation makes it `confirmed` (a later confirmation
//! settles an earlier denial, and a later denial reopens it); support alone
//! leaves it `uncontested`.
//!
//! The event stays as the events stage read it: `claimed` inside the claim;
//! a denial is its own statement and does not change it.

use std::sync::Arc;

use crate::doc::{Doc, Layer, tf};
use crate::layers::{Claim, ClaimStatus, EventStatus, Relation};
use crate::pipeline::{Scratch, Stage};
use crate::positions::{Lexicon, Mark, TokenEntities, lower_hashes};

#[cfg(test)]
mod tests;

const NONE: u32 = u32::MAX;
/// Sentences after a claim in which a response may come.
const RESPONSE_SENTENCES: usize = 10;
/// Sentences after a claim within which a shared telling word ties a response to it.
const WORD_SENTENCES: usize = 6;
/// Sentences within which a bare anaphor ("denied it") may refer back.
const ANAPHOR_SENTENCES: usize = 3;
/// Sentences after a disputed claim's last response in which counter-evidence refers to it.
const RECENT_DISPUTE: usize = 5;
/// Content tokens read for marks and entities.
const CONTENT_WINDOW: usize = 60;

/// Cue kinds (`data/cues.tsv`) that do not assert a fact.
const NON_ASSERTIVE: [&str; 9] = [
    "ask", "urge", "demand", "promise", "threaten", "warn", "caution", "predict", "suggest",
];
/// Cue kinds that make a statement a claim by themselves.
const CLAIMING: [&str; 2] = ["claim", "accuse"];
/// Words too common in news reports to tie a response to a claim (singular forms).
const COMMON: [&str; 72] = [
    "would",
    "could",
    "should",
    "their",
    "there",
    "which",
    "about",
    "after",
    "before",
    "since",
    "other",
    "these",
    "those",
    "being",
    "while",
    "where",
    "against",
    "during",
    "between",
    "under",
    "still",
    "first",
    "whose",
    "because",
    "without",
    "within",
    "further",
    "already",
    "again",
    "never",
    "every",
    "three",
    "several",
    "around",
    "including",
    "according",
    "added",
    "saying",
    "statement",
    "percent",
    "force",
    "troop",
    "soldier",
    "people",
    "government",
    "military",
    "minister",
    "ministry",
    "official",
    "country",
    "countrie",
    "border",
    "region",
    "province",
    "district",
    "village",
    "civilian",
    "today",
    "night",
    "morning",
    "evening",
    "week",
    "month",
    "year",
    "number",
    "group",
    "killed",
    "wounded",
    "attack",
    "attacked",
    "fighting",
    "later",
];
const NEGATORS: [&str; 4] = ["not", "n't", "never", "cannot"];
const DETERMINERS: [&str; 6] = ["the", "this", "that", "these", "those", "such"];
const PRONOUNS: [&str; 4] = ["it", "this", "that", "them"];

/// Fills [`Doc::claims`].
pub struct ClaimStage {
    lex: Arc<Lexicon>,
}

impl ClaimStage {
    /// A stage over the compiled stance lexicon (its marks).
    pub fn new(lex: Arc<Lexicon>) -> ClaimStage {
        ClaimStage { lex }
    }
}

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Entities,
            Layer::Statements,
            Layer::Events,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        doc.claims.clear();
        if doc.statements.is_empty() {
            return;
        }
        let mut hashes = std::mem::take(&mut scratch.words);
        lower_hashes(doc, &mut hashes);
        doc.claims = find_claims(doc, &self.lex, &hashes);
        scratch.words = hashes;
    }
}

/// What the stage needs to know of one statement.
struct Info {
    segment: usize,
    negated: bool,
    /// Its cue lies inside an earlier statement's content (reported within it).
    nested: bool,
    /// The content opens with a claim anaphor.
    anaphor: bool,
    contested: bool,
    counter: bool,
    /// Its content opens on another state's actor ("Ruritanian troops had crossed …" said by
    /// a Freedonian): one side's account of the other's conduct, a claim by its own words.
    foreign: bool,
    /// Entities its content mentions.
    entities: Vec<u32>,
    /// Hashes of its content's telling words (lowercase, five letters or more, no plural
    /// "s", not a common word): "a drone strike" and "any drone had struck" share "drone".
    words: Vec<u64>,
    /// Events reported through it.
    events: Vec<u32>,
}

fn word_in(doc: &Doc, i: usize, set: &[&str]) -> bool {
    let w = doc.tok(i);
    set.iter().any(|s| w.eq_ignore_ascii_case(s))
}

fn find_claims(doc: &Doc, lex: &Lexicon, hashes: &[u64]) -> Vec<Claim> {
    let ents = TokenEntities::new(doc);
    let mark = |i: usize| lex.cue_at(hashes, i).map(|(n, r)| (n, r.mark));
    let marks_in = |a: usize, b: usize, want: Mark| {
        let mut i = a;
        while i < b {
            match mark(i) {
                Some((n, m)) => {
                    if m == Some(want) {
                        return true;
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        false
    };
    let mut events_of: Vec<Vec<u32>> = vec![Vec::new(); doc.statements.len()];
    for (vi, v) in doc.events.iter().enumerate() {
        if let Some(s) = v.source
            && let Some(e) = events_of.get_mut(s as usize)
        {
            e.push(vi as u32);
        }
    }
    let infos: Vec<Info> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let cue = doc.token_index(s.cue_span.start);
            let segment = doc.segment_of(cue).unwrap_or(0);
            let seg_start = doc
                .segments
                .get(segment)
                .map_or(0, |g| g.tok_start as usize);
            let negated = (seg_start..cue)
                .rev()
                .take(3)
                .any(|k| word_in(doc, k, &NEGATORS));
            let ca = doc.token_index(s.content_span.start);
            let cb = doc.token_index(s.content_span.end).min(ca + CONTENT_WINDOW);
            let n = cb.saturating_sub(ca);
            let claim_ref = |k: usize| mark(k).is_some_and(|(_, m)| m == Some(Mark::ClaimRef));
            let anaphor = n > 0
                && ((n <= 2 && claim_ref(ca))
                    || (word_in(doc, ca, &DETERMINERS)
                        && (ca + 1..(ca + 3).min(cb))
                            .any(|k| mark(k).is_some_and(|(_, m)| m == Some(Mark::ClaimRef))))
                    || (word_in(doc, ca, &PRONOUNS)
                        && (n == 1 || doc.tokens[ca + 1].is(tf::PUNCT))));
            let (sa, sb) = doc
                .segments
                .get(segment)
                .map_or((ca, cb), |g| (g.tok_start as usize, g.tok_end as usize));
            let next = doc
                .segments
                .get(segment + 1)
                .map_or((0, 0), |g| (g.tok_start as usize, g.tok_end as usize));
            let contested = marks_in(sa.min(ca), sb.max(cb), Mark::Contested)
                || marks_in(next.0, next.1.min(next.0 + CONTENT_WINDOW), Mark::Contested);
            let counter = marks_in(ca, cb, Mark::Counter);
            let mut entities = Vec::new();
            for k in ca..cb {
                let e = ents.entity[k];
                if e != NONE && Some(e) != s.speaker && !entities.contains(&e) {
                    entities.push(e);
                }
            }
            let country = |e: u32| {
                doc.entities
                    .get(e as usize)
                    .and_then(|x| x.country.as_deref())
            };
            let mut k = ca;
            while k < cb && word_in(doc, k, &DETERMINERS) {
                k += 1;
            }
            let foreign = k < cb
                && ents.entity[k] != NONE
                && s.speaker.and_then(country).is_some_and(|mine| {
                    country(ents.entity[k]).is_some_and(|theirs| theirs != mine)
                });
            let mut words = Vec::new();
            for k in ca..cb {
                let t = &doc.tokens[k];
                if !t.is(tf::LOWER) || ents.entity[k] != NONE || mark(k).is_some() {
                    continue;
                }
                let w = doc.tok(k);
                let w = match w.strip_suffix('s') {
                    Some(x) if w.len() > 5 && !w.ends_with("ss") => x,
                    _ => w,
                };
                if w.len() >= 5
                    && w.bytes().all(|b| b.is_ascii_lowercase())
                    && !w.ends_with("ly")
                    && !COMMON.contains(&w)
                {
                    let h = crate::ner::hash::lower(w);
                    if !words.contains(&h) {
                        words.push(h);
                    }
                }
            }
            let nested = doc.statements[si.saturating_sub(3)..si]
                .iter()
                .any(|q| q.content_span.contains(s.cue_span));
            Info {
                nested,
                segment,
                negated,
                anaphor,
                contested,
                counter,
                foreign,
                entities,
                words,
                events: std::mem::take(&mut events_of[si]),
            }
        })
        .collect();

    // Candidates, in statement (text) order: (statement, event, contested by its own words).
    struct Cand {
        st: usize,
        event: Option<u32>,
        contested: bool,
        responses: Vec<(u32, Relation)>,
    }
    let mut cands: Vec<Cand> = Vec::new();
    // What `respond` reads of each candidate.
    let mut view: Vec<View> = Vec::new();
    for (si, s) in doc.statements.iter().enumerate() {
        let info = &infos[si];
        let kind = s.kind.as_ref();
        // "denied a report by X that …": X's report, nested in the denial, is the claim the
        // denial answers (and nothing earlier).
        // A report right after a denial's cue whose reporter follows it ("denied | a report
        // by X that …").
        let report_of = |q: &crate::layers::Statement, d: &crate::layers::Statement| {
            q.speaker_span.is_some_and(|sp| sp.start >= q.cue_span.end)
                && q.cue_span.start >= d.cue_span.end
                && doc.token_index(q.cue_span.start) <= doc.token_index(d.cue_span.end) + 2
        };
        let reported = s.polarity < 0
            && doc.statements[si + 1..(si + 3).min(doc.statements.len())]
                .iter()
                .any(|q| report_of(q, s));
        let denier = (si.saturating_sub(3)..si).rev().find(|&j| {
            let q = &doc.statements[j];
            q.polarity < 0 && !infos[j].negated && report_of(s, q)
        });
        if let Some(j) = denier {
            let rel = if doc.statements[j].kind.as_ref() == "dispute" {
                Relation::Disputes
            } else {
                Relation::Denies
            };
            view.push(View {
                st: si,
                event: None,
                disputed: true,
                by_words: true,
                last: info.segment,
            });
            cands.push(Cand {
                st: si,
                event: None,
                contested: true,
                responses: vec![(j as u32, rel)],
            });
            continue;
        }
        // Answer a claim first: a denial is a response, never a claim of its own.
        if let Some((c, rel, anaphor)) = (!reported)
            .then(|| respond(doc, &infos, &view, si))
            .flatten()
        {
            // "X said it had confirmed that …": X confirms.
            let by = reporter(doc, si).unwrap_or(si) as u32;
            cands[c].responses.push((by, rel));
            view[c].disputed |= matches!(rel, Relation::Denies | Relation::Disputes);
            view[c].last = info.segment;
            // "denied the claim" answers the claimant's whole run of recent statements.
            if anaphor {
                let who = doc.statements[cands[c].st].speaker;
                let seg = infos[cands[c].st].segment;
                for j in (0..c).rev() {
                    let cj = &cands[j];
                    if who.is_none()
                        || doc.statements[cj.st].speaker != who
                        || infos[cj.st].segment + ANAPHOR_SENTENCES < seg
                    {
                        break;
                    }
                    cands[j].responses.push((by, rel));
                }
            }
            continue;
        }
        if s.polarity != 0 || info.negated || info.nested || NON_ASSERTIVE.contains(&kind) {
            continue;
        }
        // What an accusation alleges (claimed) before the accusing act itself.
        let event = info
            .events
            .iter()
            .copied()
            .find(|&v| doc.events[v as usize].status == EventStatus::Claimed)
            .or_else(|| {
                info.events.iter().copied().find(|&v| {
                    matches!(
                        doc.events[v as usize].status,
                        EventStatus::Occurred | EventStatus::Ongoing
                    )
                })
            });
        let by_words = CLAIMING.contains(&kind) || info.contested || info.foreign;
        // Any other assertion is a candidate too, but becomes a claim only if answered.
        view.push(View {
            st: si,
            event,
            disputed: false,
            by_words,
            last: info.segment,
        });
        cands.push(Cand {
            st: si,
            event,
            contested: by_words,
            responses: Vec::new(),
        });
    }

    cands
        .into_iter()
        .filter(|c| c.contested || !c.responses.is_empty())
        .map(|c| {
            let mut status = ClaimStatus::Uncontested;
            for &(_, r) in &c.responses {
                match r {
                    Relation::Denies | Relation::Disputes => status = ClaimStatus::Disputed,
                    Relation::Confirms => status = ClaimStatus::Confirmed,
                    Relation::Supports => {}
                }
            }
            Claim {
                statement: c.st as u32,
                event: c.event,
                responses: c.responses,
                status,
            }
        })
        .collect()
}

/// The statement that reports statement `si` through a pronoun for its own speaker ("The
/// team said it had confirmed …": the team's "said" holds "it … confirmed").
fn reporter(doc: &Doc, si: usize) -> Option<usize> {
    let s = &doc.statements[si];
    let sp = s.speaker_span?;
    let pronoun = ["it", "they", "we", "he", "she"]
        .iter()
        .any(|p| doc.slice(sp).eq_ignore_ascii_case(p));
    if !pronoun {
        return None;
    }
    (si.saturating_sub(3)..si).rev().find(|&j| {
        let q = &doc.statements[j];
        q.content_span.contains(s.cue_span) && q.content_span.start == sp.start
    })
}

/// What the response search reads of a candidate.
struct View {
    st: usize,
    event: Option<u32>,
    /// Already denied or disputed.
    disputed: bool,
    /// A claim by its own words (claim or accuse cue, contested marker).
    by_words: bool,
    /// Sentence of its last response (or of itself): the debate goes on from there.
    last: usize,
}

/// The candidate (index into `cands`) statement `r` answers, how, and
/// whether through a claim anaphor.
fn respond(doc: &Doc, infos: &[Info], cands: &[View], r: usize) -> Option<(usize, Relation, bool)> {
    let s = &doc.statements[r];
    let info = &infos[r];
    let kind = s.kind.as_ref();
    // A denier elaborating its denial ("… denied that … 'Those reports are false,' he said")
    // answers nothing new.
    if r > 0 {
        let prev = &doc.statements[r - 1];
        if prev.speaker.is_some() && prev.speaker == s.speaker && prev.polarity < 0 {
            return None;
        }
    }
    let base = match (s.polarity, info.negated) {
        (p, false) if p < 0 => Some(if kind == "dispute" {
            Relation::Disputes
        } else {
            Relation::Denies
        }),
        (p, false) if p > 0 => Some(if kind == "agree" {
            Relation::Supports
        } else {
            Relation::Confirms
        }),
        (p, true) if p != 0 => return None,
        _ => info.counter.then_some(Relation::Disputes),
    };
    // "denied the accusation": the most recent claim by its own words, if one is near, else the
    // most recent candidate that reports an event (a pledge or a greeting is nothing to deny).
    let anaphor_target = info.anaphor.then(|| {
        let near = |c: &&View| infos[c.st].segment + ANAPHOR_SENTENCES >= info.segment;
        let open = |c: &&View| !doc.statements[c.st].content_span.contains(s.cue_span);
        let by_words = cands
            .iter()
            .rposition(|c| c.by_words && near(&c) && open(&c));
        // "Government spokesman X said Rwandan troops had crossed …. Rwanda rejected the claim":
        // a near statement about the denier is what it denies, claim word or not.
        let about_denier = s.speaker.and_then(|me| {
            cands.iter().rposition(|c| {
                near(&c)
                    && open(&c)
                    && doc.statements[c.st].speaker != Some(me)
                    && infos[c.st].entities.iter().any(|&e| same_side(doc, e, me))
            })
        });
        by_words
            .max(about_denier)
            .or_else(|| cands.iter().rposition(|c| c.event.is_some()))
    });
    let mut fallback = None;
    for (ci, v) in cands.iter().enumerate().rev() {
        let (cs, cev, disputed) = (v.st, v.event, v.disputed);
        let c = &doc.statements[cs];
        let cinfo = &infos[cs];
        if cinfo.segment + RESPONSE_SENTENCES < info.segment {
            break;
        }
        // Not the claimant answering itself, nor speech reported inside the claim.
        if c.speaker.is_some() && c.speaker == s.speaker || c.content_span.contains(s.cue_span) {
            continue;
        }
        // The claimant's own side reporting more of the same ("Ukraine accused …; Ukrainian
        // officials said …") is a claim of its own, not independent support.
        if !matches!(base, Some(Relation::Denies | Relation::Disputes))
            && let (Some(a), Some(b)) = (c.speaker, s.speaker)
            && same_side(doc, a, b)
        {
            continue;
        }
        let recent = cinfo.segment + ANAPHOR_SENTENCES >= info.segment;
        let by_anaphor = recent && anaphor_target == Some(Some(ci));
        let (by_event, same_event, negates) = match cev {
            Some(cv) => event_match(doc, cv, &info.events, recent),
            None => (false, false, false),
        };
        let parts: Vec<u32> = cev
            .map(|v| {
                let v = &doc.events[v as usize];
                v.actors
                    .iter()
                    .chain(&v.targets)
                    .chain(v.place.iter())
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        let by_entity = info
            .entities
            .iter()
            .any(|e| Some(*e) != c.speaker && (cinfo.entities.contains(e) || parts.contains(e)));
        // A telling word both contents use, soon after ("drone", "rockets", "fortifications"),
        // when the candidate reports an event or is a claim by its own words (not a quote
        // that only elaborates).
        let by_word = cinfo.segment + WORD_SENTENCES >= info.segment
            && (cev.is_some() || v.by_words)
            && info.words.iter().any(|h| cinfo.words.contains(h));
        // A third party's counter-evidence soon after a disputed claim is about it.
        // Plain assertions in between ("analysts said …"), and the responder's own earlier
        // statements, do not break the thread.
        let follows_dispute = disputed
            && cands[ci + 1..].iter().all(|c| {
                !c.by_words && !c.disputed
                    || s.speaker.is_some() && doc.statements[c.st].speaker == s.speaker
            })
            && s.polarity == 0
            && v.last + RECENT_DISPUTE >= info.segment;
        // "said it had not targeted civilians": the claimed act, negated, is a denial.
        if negates && s.polarity == 0 {
            return Some((ci, Relation::Denies, false));
        }
        // Counter words alone ("not", "still") need more than a shared entity.
        let counter_only = s.polarity == 0;
        // A third party, neither the claimant's side nor a denier's.
        let third_party = match (c.speaker, s.speaker) {
            (Some(a), Some(b)) => !same_side(doc, a, b),
            _ => true,
        };
        match base {
            // Counter-evidence after a denial is about what the denial answered: the run.
            Some(rel)
                if by_anaphor || by_event || follows_dispute || (by_word && !counter_only) =>
            {
                return Some((ci, rel, by_anaphor || follows_dispute && !by_event));
            }
            // A shared entity alone is a weak link ("Thai" in every sentence of a Thai-Cambodian
            // clash): kept, in case no earlier candidate shares a telling word or an event.
            Some(rel) if by_entity && !counter_only => {
                fallback.get_or_insert((ci, rel, false));
            }
            None if same_event => return Some((ci, Relation::Supports, false)),
            // A third party reporting the specifics of a disputed claim ("its observers found
            // fresh bullet marks on the guard post") bears it out.
            None if by_word && disputed && third_party => {
                return Some((ci, Relation::Supports, false));
            }
            _ => {}
        }
        // An anaphor binds to its target only.
        if info.anaphor && anaphor_target.flatten().is_some_and(|t| t >= ci) {
            break;
        }
    }
    fallback
}

/// Does one of `events` (a response's) match the claimed event `cv`? Returns
/// (refers to it, reports it as fact, reports it negated).
fn event_match(doc: &Doc, cv: u32, events: &[u32], recent: bool) -> (bool, bool, bool) {
    let c = &doc.events[cv as usize];
    let parts = |v: &crate::layers::Event| -> Vec<u32> {
        v.actors
            .iter()
            .chain(&v.targets)
            .chain(v.place.iter())
            .copied()
            .collect()
    };
    let cp = parts(c);
    let mut refers = false;
    let mut fact = false;
    let mut negated = false;
    for &v in events {
        let e = &doc.events[v as usize];
        if e.kind != c.kind {
            continue;
        }
        let shared = parts(e)
            .iter()
            .any(|&x| cp.iter().any(|&y| same_party(doc, x, y)));
        // The same event as fact: a shared actor or target (a shared place is
        // not enough) and no other mode.
        let same = e.actors.iter().chain(&e.targets).any(|&x| {
            c.actors
                .iter()
                .chain(&c.targets)
                .any(|&y| same_party(doc, x, y))
        }) && (e.mode.is_none() || c.mode.is_none() || e.mode == c.mode);
        // An event with no place or target named ("fighting continued") may
        // still be about the claim's, if it comes soon after.
        let vague = recent && e.targets.is_empty() && e.place.is_none();
        // The claim's actor saying it did not do it ("had not targeted civilians"), soon after.
        if recent && matches!(e.status, EventStatus::Negated | EventStatus::Denied) {
            negated = true;
        }
        if shared || vague {
            refers = true;
            fact |= same
                && matches!(
                    e.status,
                    EventStatus::Occurred | EventStatus::Ongoing | EventStatus::Claimed
                );
        }
    }
    (refers, fact, negated)
}

/// One participant under two names: the same entity, or a state and its nationality
/// ("Russia" and "Russian drones").
fn same_party(doc: &Doc, x: u32, y: u32) -> bool {
    if x == y {
        return true;
    }
    let (Some(a), Some(b)) = (doc.entities.get(x as usize), doc.entities.get(y as usize)) else {
        return false;
    };
    let state = |e: &crate::doc::Entity| {
        matches!(
            e.kind,
            Some(crate::doc::EntityType::Gpe | crate::doc::EntityType::Norp)
        )
    };
    state(a) && state(b) && a.country.is_some() && a.country == b.country
}

/// Two speakers of one side: the same entity, or of the same country.
fn same_side(doc: &Doc, x: u32, y: u32) -> bool {
    x == y
        || matches!(
            (doc.entities.get(x as usize), doc.entities.get(y as usize)),
            (Some(a), Some(b)) if a.country.is_some() && a.country == b.country
        )
}
