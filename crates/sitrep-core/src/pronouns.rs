//! Pronoun resolution: he/she/him/her/his/hers/himself/herself to persons,
//! they/them/their/theirs/themselves to collectives (groups, organisations,
//! countries, nationalities), "it" when it is a statement's speaker, and
//! I/me/my inside a direct quotation to the quotation's speaker.
//!
//! Salience, not syntax: a pronoun goes to the speaker of the last statement
//! when that one fits ("Merz said … He stressed … He added …"), else to the
//! most recent fitting subject, else to the most recent fitting mention, all
//! within a window of sentences. Gender comes from the given-name list
//! (`data/names/gender.tsv`), honorifics and gendered role words, and from
//! pronouns already resolved; it is a weak cue: an unknown gender fits both.
//!
//! The stage runs after the statements stage, resolving in text order and
//! filling in pronoun speakers as it goes, so that each resolved speaker is
//! "the last statement's speaker" for the pronouns after it. Resolved
//! pronouns become mentions (`pronoun: true`) of their entities.

use std::collections::HashMap;
use std::sync::Arc;

use crate::doc::{Doc, EntityType, Layer, Mention, MentionSource, tf};
use crate::pipeline::{Scratch, Stage};
use crate::statements::words::{Low, is_det, is_function};

#[cfg(test)]
mod tests;

/// A name's usual gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Borne mostly by men.
    Male,
    /// Borne mostly by women.
    Female,
}

/// Given names → gender (`data/names/gender.tsv`).
#[derive(Debug, Default)]
pub struct GenderIndex {
    map: HashMap<String, Gender>,
}

impl GenderIndex {
    /// Parse `name<TAB>m|f` rows after `#` comments and the header `name<TAB>gender`.
    pub fn parse(file: &str, text: &str) -> Result<GenderIndex, String> {
        let mut map = HashMap::new();
        let mut header = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if !header {
                if line != "name\tgender" {
                    return Err(format!(
                        "{file}:{}: expected the header `name\\tgender`",
                        n + 1
                    ));
                }
                header = true;
                continue;
            }
            let (name, g) = line
                .split_once('\t')
                .ok_or_else(|| format!("{file}:{}: expected 2 tab-separated columns", n + 1))?;
            let g = match g {
                "m" => Gender::Male,
                "f" => Gender::Female,
                _ => return Err(format!("{file}:{}: gender `{g}` must be m or f", n + 1)),
            };
            map.insert(name.to_lowercase(), g);
        }
        Ok(GenderIndex { map })
    }

    /// The gender of a given name, any case.
    pub fn get(&self, name: &str) -> Option<Gender> {
        let l = Low::new(name);
        if !l.as_str().is_empty() {
            return self.map.get(l.as_str()).copied();
        }
        self.map.get(&name.to_lowercase()).copied()
    }
}

/// Adds resolved pronoun mentions and fills pronoun speakers of statements.
pub struct PronounStage {
    genders: Arc<GenderIndex>,
}

impl PronounStage {
    /// A stage over the given-name genders.
    pub fn new(genders: Arc<GenderIndex>) -> PronounStage {
        PronounStage { genders }
    }
}

impl Stage for PronounStage {
    fn name(&self) -> &'static str {
        "pronouns"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Mentions,
            Layer::Entities,
            Layer::Statements,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Pronouns]
    }
    fn run(&self, doc: &mut Doc, _scratch: &mut Scratch) {
        let links = resolve(doc, &self.genders);
        add_mentions(doc, &links);
    }
}

/// What a pronoun may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PClass {
    Male,
    Female,
    Plural,
    /// "it"/"its": only as a statement's speaker.
    It,
    /// "I"/"me"/"my": only inside a direct quotation.
    First,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Subject,
    Object,
    Possessive,
    Reflexive,
}

fn pronoun(w: &str) -> Option<(PClass, Role)> {
    use PClass::*;
    use Role::*;
    Some(match w {
        "he" => (Male, Subject),
        "him" => (Male, Object),
        "his" => (Male, Possessive),
        "himself" => (Male, Reflexive),
        "she" => (Female, Subject),
        "her" => (Female, Object),
        "hers" => (Female, Possessive),
        "herself" => (Female, Reflexive),
        "they" => (Plural, Subject),
        "them" => (Plural, Object),
        "their" | "theirs" => (Plural, Possessive),
        "themselves" => (Plural, Reflexive),
        "it" => (It, Subject),
        "i" => (First, Subject),
        "me" => (First, Object),
        "my" | "mine" => (First, Possessive),
        "myself" => (First, Reflexive),
        _ => return None,
    })
}

/// How many recent entity mentions are kept as candidates.
const RECENT: usize = 48;
/// Persons: how many sentences back an antecedent may be.
const PERSON_WINDOW: usize = 6;
/// Collectives: "they" reaches one sentence back (unless its group just spoke).
const PLURAL_WINDOW: usize = 1;
/// The last statement's speaker counts if it spoke this many sentences back at most.
const STATEMENT_WINDOW: usize = 3;

#[derive(Debug, Clone, Copy)]
struct Recent {
    entity: u32,
    seg: usize,
    subject: bool,
    /// Named by a plural noun ("officials", "Palestinians", "police").
    plural: bool,
    /// One past the mention's last token.
    end: usize,
}

const NONE: u32 = u32::MAX;

/// (token, entity) for each resolved pronoun, in text order. Also fills
/// `doc.statements[..].speaker` for pronoun speakers.
fn resolve(doc: &mut Doc, genders: &GenderIndex) -> Vec<(usize, u32)> {
    let n = doc.tokens.len();
    if n == 0 || doc.entities.is_empty() {
        return Vec::new();
    }
    let mut mention_entity = vec![NONE; doc.mentions.len()];
    for (e, ent) in doc.entities.iter().enumerate() {
        for &m in &ent.mentions {
            mention_entity[m as usize] = e as u32;
        }
    }
    let mut gender: Vec<Option<Gender>> = doc.entities.iter().map(|_| None).collect();
    entity_genders(doc, genders, &mention_entity, &mut gender);
    let kinds: Vec<Option<EntityType>> = doc.entities.iter().map(|e| e.kind).collect();

    // Statements by their last speaker or cue token: past that, they are history.
    let mut anchors: Vec<(usize, usize)> = doc
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = s
                .speaker_span
                .map_or(s.cue_span.end, |sp| sp.end.max(s.cue_span.end));
            (doc.token_index(end.saturating_sub(1)), i)
        })
        .collect();
    anchors.sort_unstable();
    // Statements whose speaker is a lone pronoun token, by that token.
    let mut by_pronoun: Vec<(usize, usize)> = Vec::new();
    for (i, s) in doc.statements.iter().enumerate() {
        if let (Some(sp), None) = (s.speaker_span, s.speaker) {
            let t = doc.token_index(sp.start);
            if t < n && doc.tokens[t].span == sp {
                by_pronoun.push((t, i));
            }
        }
    }
    by_pronoun.sort_unstable();

    // Reported speech by the token its content opens with: "X said it would …" — a pronoun
    // there is X.
    let mut opens_content: Vec<(usize, usize)> = doc
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.direct && s.content_span.start >= s.cue_span.end)
        .map(|(k, s)| (doc.token_index(s.content_span.start), k))
        .collect();
    opens_content.sort_unstable();
    // Direct quotations: (start, end, statement), by start.
    let mut direct: Vec<(u32, u32, usize)> = doc
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.direct)
        .map(|(k, s)| (s.content_span.start, s.content_span.end, k))
        .collect();
    direct.sort_unstable();
    let mut qi = 0;
    // Every quotation, attributed or not (byte spans, in order).
    let all_quotes = crate::statements::quote_spans(doc);
    let mut aq = 0;
    // Mentions so far per entity: salience.
    let mut count: Vec<u8> = vec![0; doc.entities.len()];
    let mut links: Vec<(usize, u32)> = Vec::new();
    let mut recent: Vec<Recent> = Vec::with_capacity(RECENT + 1);
    let mut seen: Vec<u32> = Vec::with_capacity(RECENT);
    let mut last_statement: Option<(u32, usize)> = None; // (speaker entity, segment)
    // Segments holding a speech cue, whoever its speaker turned out to be.
    let mut seg_has_cue = vec![false; doc.segments.len()];
    for st in &doc.statements {
        if let Some(t) = doc.token_at(st.cue_span.start)
            && let Some(si) = doc.segment_of(t)
        {
            seg_has_cue[si] = true;
        }
    }
    let mut ai = 0;
    let mut mi = 0;
    let mut covered_to = 0usize; // tokens before this are inside a mention
    let mut seg = 0;
    for i in 0..n {
        while seg + 1 < doc.segments.len() && doc.segments[seg].tok_end as usize <= i {
            seg += 1;
        }
        // Statements whose speaker and cue lie before this token are now the past.
        while ai < anchors.len() && anchors[ai].0 < i {
            if let Some(e) = doc.statements[anchors[ai].1].speaker {
                last_statement = Some((e, doc.segment_of(anchors[ai].0).unwrap_or(seg)));
            }
            ai += 1;
        }
        // Mentions starting here join the recent list.
        while mi < doc.mentions.len() && doc.mentions[mi].tok_start as usize <= i {
            let m = &doc.mentions[mi];
            covered_to = covered_to.max(m.tok_end as usize);
            let e = mention_entity[mi];
            if e != NONE && m.tok_start as usize == i {
                let subject = is_subject(doc, m.tok_start as usize, m.tok_end as usize);
                let plural = is_plural(doc.tok(m.tok_end as usize - 1));
                push_recent(
                    &mut recent,
                    Recent {
                        entity: e,
                        seg,
                        subject,
                        plural,
                        end: m.tok_end as usize,
                    },
                );
                count[e as usize] = count[e as usize].saturating_add(1);
            }
            mi += 1;
        }
        if i < covered_to {
            continue;
        }
        let t = &doc.tokens[i];
        // Every pronoun starts with h, s, t, i or m: a cheap first filter.
        let b0 = doc.text.as_bytes()[t.span.start as usize] | 0x20;
        if t.span.len() > 10 || !matches!(b0, b'h' | b's' | b't' | b'i' | b'm') || !t.is(tf::ALPHA)
        {
            continue;
        }
        let low = Low::new(doc.tok(i));
        let Some((class, mut role)) = pronoun(low.as_str()) else {
            continue;
        };
        // "her" before a noun is possessive ("her remarks"), else an object.
        if low.as_str() == "her"
            && i + 1 < n
            && doc.tokens[i + 1].is(tf::ALPHA)
            && !is_function(Low::new(doc.tok(i + 1)).as_str())
        {
            role = Role::Possessive;
        }
        if class == PClass::First {
            continue; // second pass, once every speaker is known
        }
        let stmt_ix = by_pronoun.binary_search_by_key(&i, |&(t, _)| t).ok();
        if class == PClass::It && stmt_ix.is_none() {
            continue;
        }
        let fits = |e: u32, gender: &[Option<Gender>]| -> bool {
            let k = kinds[e as usize];
            match class {
                PClass::Male => {
                    k == Some(EntityType::Person) && gender[e as usize] != Some(Gender::Female)
                }
                PClass::Female => {
                    k == Some(EntityType::Person) && gender[e as usize] != Some(Gender::Male)
                }
                PClass::Plural => matches!(
                    k,
                    Some(EntityType::Group | EntityType::Org | EntityType::Gpe | EntityType::Norp)
                ),
                PClass::It => matches!(
                    k,
                    Some(EntityType::Org | EntityType::Gpe | EntityType::Group)
                ),
                PClass::First => false,
            }
        };
        let window = if matches!(class, PClass::Plural | PClass::It) {
            STATEMENT_WINDOW
        } else {
            PERSON_WINDOW
        };
        // The direct quotation around the pronoun, and its speaker: a speaker
        // says "I", not "he", of himself.
        let sp_start = doc.tokens[i].span.start;
        while qi < direct.len() && direct[qi].1 <= sp_start {
            qi += 1;
        }
        let quoted = qi < direct.len() && direct[qi].0 <= sp_start;
        while aq < all_quotes.len() && all_quotes[aq].1 <= sp_start {
            aq += 1;
        }
        let in_any_quote = aq < all_quotes.len() && all_quotes[aq].0 <= sp_start;
        // Inside a quotation, "they" is too often someone the speaker does
        // not name; "them" is too often a thing ("calling them false").
        if class == PClass::Plural && (quoted || in_any_quote || low.as_str() == "them") {
            continue;
        }
        let quote_speaker = if quoted {
            doc.statements[direct[qi].2].speaker
        } else {
            None
        };
        let reporter = (role == Role::Subject)
            .then(|| opens_content.binary_search_by_key(&i, |&(t, _)| t).ok())
            .flatten()
            .map(|k| doc.statements[opens_content[k].1].speaker);
        let mut pick = if let Some(sp) = reporter
            && matches!(class, PClass::It | PClass::Plural)
        {
            // The reporter when it fits; a reporter with no entity ("An observer team said
            // it …") leaves the pronoun unresolved rather than guessed.
            match sp {
                Some(e) if fits(e, &gender) => Some(e),
                None => continue,
                Some(_) => None,
            }
        } else if let Some(Some(e)) = reporter
            && fits(e, &gender)
        {
            Some(e)
        } else if role == Role::Reflexive {
            recent
                .iter()
                .rev()
                .take_while(|r| r.seg == seg)
                .find(|r| fits(r.entity, &gender))
                .map(|r| r.entity)
        } else {
            cataphor(doc, i, seg, mi, &mention_entity, |e| fits(e, &gender), role)
        };
        if pick.is_none() && role != Role::Reflexive {
            // The last speaker keeps the floor ("Merz said … . Scholz was not
            // present. He stressed …") until someone else speaks up as a subject
            // after them ("Peskov said … . Ukraine's foreign minister, Andrii
            // Sybiha, rejected the demand. He said …").
            let floor = last_statement.filter(|&(le, ls)| {
                !recent.iter().any(|r| {
                    r.entity != le
                        && r.subject
                        && r.seg > ls
                        && seg_has_cue[r.seg]
                        && fits(r.entity, &gender)
                })
            });
            let mut best: Option<(f32, u32)> = None;
            seen.clear();
            for r in recent.iter().rev() {
                if r.seg + window < seg {
                    break;
                }
                if seen.contains(&r.entity) {
                    continue;
                }
                seen.push(r.entity);
                if !fits(r.entity, &gender)
                    || (quote_speaker == Some(r.entity) && class != PClass::Plural)
                {
                    continue;
                }
                // "they": a group named by a plural noun, or an organisation or
                // country that just spoke and speaks again ("They added …").
                if class == PClass::Plural {
                    let speaking_again = stmt_ix.is_some()
                        && last_statement
                            .is_some_and(|(le, ls)| le == r.entity && seg <= ls + STATEMENT_WINDOW);
                    let plural_group = r.plural
                        && matches!(
                            kinds[r.entity as usize],
                            Some(EntityType::Group | EntityType::Norp)
                        )
                        && seg <= r.seg + PLURAL_WINDOW
                        && no_plural_between(doc, r.end, i);
                    if !(speaking_again || plural_group) {
                        continue;
                    }
                }
                // Recency, subjecthood and salience; the last statement's
                // speaker first for a subject pronoun outside quotations.
                let mut score = -((seg - r.seg) as f32);
                if r.subject {
                    score += 1.5;
                    // "The X did … . It said …": an organisation that was the last sentence's
                    // subject (or agent) outweighs one that is merely mentioned often.
                    if class == PClass::It && r.seg + 1 == seg {
                        score += 1.0;
                    }
                }
                score += 0.9 * f32::from(count[r.entity as usize]).ln_1p();
                if let Some((le, ls)) = floor
                    && le == r.entity
                    && seg <= ls + STATEMENT_WINDOW
                    && role == Role::Subject
                    && !quoted
                {
                    score += 3.0;
                }
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, r.entity));
                }
            }
            pick = best.map(|(_, e)| e);
        }
        let Some(e) = pick else { continue };
        links.push((i, e));
        match class {
            PClass::Male if gender[e as usize].is_none() => gender[e as usize] = Some(Gender::Male),
            PClass::Female if gender[e as usize].is_none() => {
                gender[e as usize] = Some(Gender::Female)
            }
            _ => {}
        }
        push_recent(
            &mut recent,
            Recent {
                entity: e,
                seg,
                subject: role == Role::Subject,
                plural: class == PClass::Plural,
                end: i + 1,
            },
        );
        count[e as usize] = count[e as usize].saturating_add(1);
        if let Some(k) = stmt_ix {
            // Every statement spoken through this pronoun (a quotation and the
            // continuations that copied its speaker span).
            let t = by_pronoun[k].0;
            let lo = by_pronoun.partition_point(|&(x, _)| x < t);
            for &(x, si) in &by_pronoun[lo..] {
                if x != t {
                    break;
                }
                doc.statements[si].speaker = Some(e);
            }
            last_statement = Some((e, seg));
        }
    }
    first_person(doc, &kinds, &by_pronoun, &mut links);
    links.sort_unstable();
    links
}

/// I/me/my inside a direct quotation whose speaker is a person: that person.
fn first_person(
    doc: &mut Doc,
    kinds: &[Option<EntityType>],
    by_pronoun: &[(usize, usize)],
    links: &mut Vec<(usize, u32)>,
) {
    let quotes: Vec<(u32, u32, u32)> = {
        let mut v: Vec<(u32, u32, u32)> = doc
            .statements
            .iter()
            .filter(|s| s.direct)
            .filter_map(|s| {
                let e = s.speaker?;
                (kinds[e as usize] == Some(EntityType::Person)).then_some((
                    s.content_span.start,
                    s.content_span.end,
                    e,
                ))
            })
            .collect();
        v.sort_unstable();
        v
    };
    if quotes.is_empty() {
        return;
    }
    let first_tok = doc.tokens.partition_point(|t| t.span.start < quotes[0].0);
    let mut qi = 0;
    let mut mi = doc
        .mentions
        .partition_point(|m| (m.tok_end as usize) <= first_tok);
    for i in first_tok..doc.tokens.len() {
        let sp = doc.tokens[i].span;
        while qi < quotes.len() && quotes[qi].1 <= sp.start {
            qi += 1;
        }
        if qi >= quotes.len() {
            break;
        }
        if sp.start < quotes[qi].0 || !doc.tokens[i].is(tf::ALPHA) || sp.len() > 6 {
            continue;
        }
        while mi < doc.mentions.len() && (doc.mentions[mi].tok_end as usize) <= i {
            mi += 1;
        }
        if mi < doc.mentions.len() && (doc.mentions[mi].tok_start as usize) <= i {
            continue;
        }
        let low = Low::new(doc.tok(i));
        if matches!(pronoun(low.as_str()), Some((PClass::First, _))) {
            let e = quotes[qi].2;
            links.push((i, e));
            // Statements whose speaker is this "I" ("I think …" inside the quotation).
            let lo = by_pronoun.partition_point(|&(x, _)| x < i);
            for &(x, si) in &by_pronoun[lo..] {
                if x != i {
                    break;
                }
                doc.statements[si].speaker = Some(e);
            }
        }
    }
}

/// Cataphora: a pronoun in a sentence-opening phrase before the first comma
/// ("Discussing his concern in a statement, the prime minister said …", "In
/// her opening remarks, Waters …") refers forward to the clause's subject.
fn cataphor(
    doc: &Doc,
    i: usize,
    seg: usize,
    mi: usize,
    mention_entity: &[u32],
    fits: impl Fn(u32) -> bool,
    role: Role,
) -> Option<u32> {
    if !matches!(role, Role::Possessive | Role::Subject) {
        return None;
    }
    let s = doc.segments.get(seg)?;
    let (s0, s1) = (s.tok_start as usize, s.tok_end as usize);
    let mut first = s0;
    while first < i && doc.tokens[first].is(tf::PUNCT) {
        first += 1;
    }
    let w = Low::new(doc.tok(first));
    let w = w.as_str();
    let opener = w.ends_with("ing") && w.len() > 4
        || crate::statements::words::is_prep(w)
        || crate::statements::words::is_boundary_word(w);
    if !opener || first >= i || i - first > 30 || (first..i).any(|k| doc.tok(k) == ",") {
        return None;
    }
    // The first comma after the pronoun, then the first fitting mention after it.
    let comma = (i + 1..s1.min(i + 30)).find(|&k| doc.tok(k) == ",")?;
    let mut m = mi;
    while m < doc.mentions.len() && (doc.mentions[m].tok_start as usize) < s1 {
        let mm = &doc.mentions[m];
        if mm.tok_start as usize > comma {
            let e = mention_entity[m];
            if e != NONE && fits(e) {
                return Some(e);
            }
            if mm.tok_start as usize > comma + 8 {
                break;
            }
        }
        m += 1;
    }
    None
}

/// No other plural noun between a group's mention and "they"/"their"
/// ("the rebels … the reports … their"), within a short window.
fn no_plural_between(doc: &Doc, a: usize, b: usize) -> bool {
    b.saturating_sub(a) <= 40
        && !(a..b).any(|k| {
            let t = &doc.tokens[k];
            t.is(tf::LOWER) && is_plural(doc.tok(k)) && !is_function(Low::new(doc.tok(k)).as_str())
        })
}

/// A plural head noun: "officials", "Palestinians", "police".
fn is_plural(w: &str) -> bool {
    let l = Low::new(w);
    let l = l.as_str();
    (l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us"))
        || matches!(
            l,
            "police" | "people" | "military" | "personnel" | "staff" | "clergy" | "authorities"
        )
}

fn push_recent(recent: &mut Vec<Recent>, r: Recent) {
    if recent.len() == RECENT {
        recent.remove(0);
    }
    recent.push(r);
}

/// Does the mention at `a..b` look like a clause subject? It opens its clause
/// (sentence start, comma, conjunction, quotation mark), perhaps after a few
/// premodifiers ("Swedish captain Andreas Granqvist"), and no possessive follows.
fn is_subject(doc: &Doc, a: usize, b: usize) -> bool {
    if b < doc.tokens.len() && matches!(doc.tok(b), "'s" | "’s" | "'") {
        return false;
    }
    let Some(si) = doc.segment_of(a) else {
        return false;
    };
    let s0 = doc.segments[si].tok_start as usize;
    // The agent of a passive is the doer: "The figure was borne out on Monday by the Council".
    let mut by = a;
    if by > s0 && doc.tok(by - 1).eq_ignore_ascii_case("the") {
        by -= 1;
    }
    if by > s0 + 2
        && doc.tok(by - 1) == "by"
        && (by.saturating_sub(8).max(s0)..by - 1).any(|k| {
            matches!(
                Low::new(doc.tok(k)).as_str(),
                "was" | "were" | "been" | "being" | "is" | "are"
            )
        })
    {
        return true;
    }
    let mut j = a;
    let mut steps = 0;
    while j > s0 && steps < 6 {
        let p = j - 1;
        let t = &doc.tokens[p];
        let w = Low::new(doc.tok(p));
        let w = w.as_str();
        if matches!(
            doc.tok(p),
            "," | ";" | ":" | "(" | "—" | "–" | "\"" | "“" | "”"
        ) || matches!(
            w,
            "and"
                | "but"
                | "that"
                | "while"
                | "when"
                | "as"
                | "because"
                | "although"
                | "though"
                | "whereas"
                | "so"
                | "if"
                | "then"
        ) {
            return true;
        }
        // Premodifiers: determiners, title words, possessives, names ("Tunisia's coach").
        let premod = is_det(w)
            || matches!(doc.tok(p), "'s" | "’s")
            || !(!t.is(tf::ALPHA)
                || w.is_empty()
                || is_function(w)
                || t.is(tf::LOWER) && w.ends_with("ed"));
        if !premod {
            return false;
        }
        j = p;
        steps += 1;
    }
    j == s0
}

/// Gender of each person entity from its first name, honorifics and role words.
fn entity_genders(
    doc: &Doc,
    genders: &GenderIndex,
    mention_entity: &[u32],
    out: &mut [Option<Gender>],
) {
    let mut votes: Vec<(u16, u16)> = vec![(0, 0); doc.entities.len()];
    let mut vote = |e: usize, g: Gender| match g {
        Gender::Male => votes[e].0 += 1,
        Gender::Female => votes[e].1 += 1,
    };
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind != Some(EntityType::Person) {
            continue;
        }
        // The first name ("Kristen Wilkins"), or a lone name that is a given
        // name ("Marilyn"); names borne by both sexes are not in the list.
        if let Some(first) = ent.name.split(' ').next()
            && let Some(g) = genders.get(first)
        {
            vote(e, g);
        }
        for r in &ent.roles {
            for w in r.split(' ') {
                if let Some(g) = role_gender(&Low::new(w)) {
                    vote(e, g);
                }
            }
        }
    }
    // Honorifics and role words right before a mention: "Mrs. Lind", "spokeswoman Mao Ning".
    for (mi, m) in doc.mentions.iter().enumerate() {
        let e = mention_entity[mi];
        if e == NONE || doc.entities[e as usize].kind != Some(EntityType::Person) {
            continue;
        }
        let a = m.tok_start as usize;
        for p in a.saturating_sub(2)..a {
            let w = Low::new(doc.tok(p).trim_end_matches('.'));
            if let Some(g) = role_gender(&w) {
                vote(e as usize, g);
            }
        }
        // Inside the mention too: the tagger may include "Mr." in the name.
        let w = Low::new(doc.tok(a).trim_end_matches('.'));
        if let Some(g) = role_gender(&w) {
            vote(e as usize, g);
        }
    }
    for (o, (m, f)) in out.iter_mut().zip(votes) {
        *o = match m.cmp(&f) {
            std::cmp::Ordering::Greater => Some(Gender::Male),
            std::cmp::Ordering::Less => Some(Gender::Female),
            std::cmp::Ordering::Equal => None,
        };
    }
}

fn role_gender(w: &Low) -> Option<Gender> {
    match w.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "duke" | "earl" | "count" | "baron"
        | "spokesman" | "chairman" | "businessman" | "congressman" | "councilman" | "father"
        | "son" | "brother" | "husband" | "uncle" | "nephew" | "grandfather" | "boy" | "man"
        | "actor" | "monk" | "sheikh" | "emperor" | "sultan" | "archbishop" | "pope"
        | "cardinal" | "bishop" | "priest" | "imam" | "ayatollah" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "madam" | "madame" | "dame" | "lady" | "queen" | "princess"
        | "duchess" | "countess" | "baroness" | "spokeswoman" | "chairwoman" | "businesswoman"
        | "congresswoman" | "councilwoman" | "mother" | "daughter" | "sister" | "wife" | "aunt"
        | "niece" | "grandmother" | "girl" | "woman" | "actress" | "nun" | "empress" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// Insert the pronoun mentions into `doc.mentions` (kept in text order) and
/// join them to their entities, renumbering every entity's mention list.
fn add_mentions(doc: &mut Doc, links: &[(usize, u32)]) {
    if links.is_empty() {
        return;
    }
    let old = std::mem::take(&mut doc.mentions);
    let mut remap = vec![0u32; old.len()];
    let mut merged: Vec<Mention> = Vec::with_capacity(old.len() + links.len());
    let mut new_ix: Vec<(u32, u32)> = Vec::with_capacity(links.len()); // (mention, entity)
    let mut li = 0;
    for (oi, m) in old.into_iter().enumerate() {
        while li < links.len() && doc.tokens[links[li].0].span.start < m.span.start {
            push_pronoun(doc, links[li], &mut merged, &mut new_ix);
            li += 1;
        }
        remap[oi] = merged.len() as u32;
        merged.push(m);
    }
    while li < links.len() {
        push_pronoun(doc, links[li], &mut merged, &mut new_ix);
        li += 1;
    }
    for ent in &mut doc.entities {
        for m in &mut ent.mentions {
            *m = remap[*m as usize];
        }
    }
    for (m, e) in new_ix {
        doc.entities[e as usize].mentions.push(m);
    }
    for ent in &mut doc.entities {
        ent.mentions.sort_unstable();
    }
    doc.mentions = merged;
}

fn push_pronoun(
    doc: &Doc,
    (t, e): (usize, u32),
    merged: &mut Vec<Mention>,
    new_ix: &mut Vec<(u32, u32)>,
) {
    new_ix.push((merged.len() as u32, e));
    merged.push(Mention {
        span: doc.tokens[t].span,
        tok_start: t as u32,
        tok_end: t as u32 + 1,
        kind: doc.entities[e as usize].kind.unwrap_or(EntityType::Person),
        actor: None,
        source: MentionSource::Rule,
        pronoun: true,
    });
}
