//! Resolution within an article: links names to the actor dictionary, adds the
//! dictionary names and nationality words the tagger missed, clusters mentions
//! into one entity per referent ("Recep Tayyip Erdoğan" / "Erdogan"; "the United
//! States" / "US" / "America"; "Johnson Space Center" / "JSC"), and reads
//! roles, affiliations and countries from pre-modifiers ("Chinese foreign
//! ministry spokeswoman Mao Ning") and appositions ("Rafael Grossi, head of the
//! International Atomic Energy Agency").

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::actors::Actor;
use crate::date::Date;
use crate::doc::{Doc, Entity, EntityType, Layer, Mention, MentionSource, Span, tf};
use crate::ner::lexicon::NerLexicon;
use crate::pipeline::{Scratch, Stage};

/// What a dictionary pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatKind {
    Name,
    Demonym,
}

/// The actor dictionary compiled for matching.
pub struct ActorIndex {
    /// Entries.
    pub actors: Vec<Actor>,
    ac: Option<AhoCorasick>,
    /// Per pattern: candidate actors and kind.
    pats: Vec<(Vec<u32>, PatKind)>,
    /// ISO3 → index of the country row.
    by_iso: HashMap<String, u32>,
    /// Pattern string → index into `pats`, for whole-string lookups.
    pat_ix: HashMap<String, usize>,
}

impl ActorIndex {
    /// Compile the dictionary.
    pub fn new(actors: Vec<Actor>) -> ActorIndex {
        let mut pat_ix: HashMap<String, usize> = HashMap::new();
        let mut strings: Vec<String> = Vec::new();
        let mut pats: Vec<(Vec<u32>, PatKind)> = Vec::new();
        let mut add = |s: &str,
                       a: u32,
                       k: PatKind,
                       strings: &mut Vec<String>,
                       pats: &mut Vec<(Vec<u32>, PatKind)>| {
            if s.chars().count() < 2 || !s.chars().next().is_some_and(char::is_uppercase) {
                return;
            }
            match pat_ix.get(s) {
                Some(&i) => {
                    // A name beats a demonym for the same string.
                    if pats[i].1 == PatKind::Demonym && k == PatKind::Name {
                        pats[i] = (vec![a], k);
                    } else if pats[i].1 == k && !pats[i].0.contains(&a) {
                        pats[i].0.push(a);
                    }
                }
                None => {
                    pat_ix.insert(s.to_string(), strings.len());
                    strings.push(s.to_string());
                    pats.push((vec![a], k));
                }
            }
        };
        let mut by_iso = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            let i = i as u32;
            for n in a.names() {
                add(n, i, PatKind::Name, &mut strings, &mut pats);
            }
            for d in &a.demonyms {
                add(d, i, PatKind::Demonym, &mut strings, &mut pats);
            }
            if a.is_country() {
                if let Some(c) = &a.country {
                    by_iso.insert(c.clone(), i);
                }
            }
        }
        let ac = (!strings.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&strings)
                    .ok()
            })
            .flatten();
        ActorIndex {
            actors,
            ac,
            pats,
            by_iso,
            pat_ix,
        }
    }

    /// The country row for an ISO3 code.
    pub fn country(&self, iso: &str) -> Option<&Actor> {
        self.by_iso.get(iso).map(|&i| &self.actors[i as usize])
    }
}

/// Title and role words, up to four tokens long, lowercase.
pub struct TitleIndex {
    map: HashMap<String, (String, TitleKind)>,
    max_words: usize,
}

/// Kinds of title words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// An office (president, minister).
    Office,
    /// A military rank.
    Military,
    /// Mr., Dr.
    Honorific,
    /// A role noun (spokeswoman, envoy).
    Role,
    /// former, deputy, acting.
    Modifier,
}

impl TitleIndex {
    /// Build from (surface, canonical, kind) rows.
    pub fn new(rows: &[(String, String, String)]) -> TitleIndex {
        let mut map = HashMap::new();
        let mut max_words = 1;
        for (t, c, k) in rows {
            let kind = match k.as_str() {
                "office" => TitleKind::Office,
                "military" => TitleKind::Military,
                "honorific" => TitleKind::Honorific,
                "modifier" => TitleKind::Modifier,
                _ => TitleKind::Role,
            };
            max_words = max_words.max(t.split(' ').count());
            map.insert(t.to_lowercase(), (c.clone(), kind));
        }
        TitleIndex {
            map,
            max_words: max_words.min(4),
        }
    }
    fn get(&self, s: &str) -> Option<&(String, TitleKind)> {
        self.map.get(s)
    }
}

/// Nouns naming unnamed collective actors ("officials", "security forces").
pub struct GroupIndex {
    nouns: HashMap<String, bool>,
    /// Hashes of the first words of the nouns: a cheap test before building strings.
    first_words: crate::ner::lexicon::HashKeySet,
    max_words: usize,
}

impl GroupIndex {
    /// Build from (noun, category, plural) rows.
    pub fn new(rows: &[(String, String, bool)]) -> GroupIndex {
        let mut nouns = HashMap::new();
        let mut first_words = crate::ner::lexicon::HashKeySet::default();
        let mut max_words = 1;
        for (n, _, plural) in rows {
            max_words = max_words.max(n.split(' ').count());
            nouns.insert(n.to_lowercase(), *plural);
            first_words.insert(crate::ner::hash::lower(n.split(' ').next().unwrap_or("")));
        }
        GroupIndex {
            nouns,
            first_words,
            max_words: max_words.min(4),
        }
    }
}

/// Fills [`Doc::entities`] (and adds dictionary and group mentions to [`Doc::mentions`]).
pub struct ResolveStage {
    index: Arc<ActorIndex>,
    titles: Arc<TitleIndex>,
    groups: Arc<GroupIndex>,
    lexicon: Arc<NerLexicon>,
}

impl ResolveStage {
    /// A stage over the compiled dictionary, titles, group nouns and the tagger lexicon (for place names).
    pub fn new(
        index: Arc<ActorIndex>,
        titles: Arc<TitleIndex>,
        groups: Arc<GroupIndex>,
        lexicon: Arc<NerLexicon>,
    ) -> ResolveStage {
        ResolveStage {
            index,
            titles,
            groups,
            lexicon,
        }
    }
}

impl Stage for ResolveStage {
    fn name(&self) -> &'static str {
        "resolve"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments, Layer::Mentions]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn run(&self, doc: &mut Doc, _scratch: &mut Scratch) {
        link_dictionary(doc, &self.index, &self.lexicon);
        capitalised_datelines(doc, &self.index);
        join_of_names(doc, &self.titles);
        acronym_mentions(doc);
        institutions_not_places(doc);
        type_places(doc, &self.index, &self.lexicon);
        settlement_names(doc);
        place_suffix_names(doc);
        place_noun_names(doc);
        institution_names(doc);
        drop_title_fragments(doc, &self.titles);
        find_title_persons(doc, &self.titles);
        surname_he(doc, &self.titles);
        find_groups(doc, &self.groups, &self.titles, &self.lexicon);
        cluster(doc, &self.index, &self.titles);
        attributes(doc, &self.index, &self.titles);
    }
}

/// A place name written in capitals ("KINSHASA, May 3 -" in a dateline) is the dictionary's
/// place of that name, which the case-sensitive match missed.
fn capitalised_datelines(doc: &mut Doc, idx: &ActorIndex) {
    for m in doc.mentions.iter_mut() {
        if m.actor.is_some() || m.kind == EntityType::Person || m.pronoun {
            continue;
        }
        let text = &doc.text[m.span.start as usize..m.span.end as usize];
        if text.len() < 3
            || !text
                .bytes()
                .all(|c| c.is_ascii_uppercase() || c == b' ' || c == b'-')
        {
            continue;
        }
        let mut title = String::with_capacity(text.len());
        let mut start = true;
        for c in text.chars() {
            title.push(if start { c } else { c.to_ascii_lowercase() });
            start = c == ' ' || c == '-';
        }
        if let Some(&p) = idx.pat_ix.get(&title)
            && idx.pats[p].1 == PatKind::Name
            && let Some(&a) = idx.pats[p].0.first()
            && idx.actors[a as usize].kind.is_place()
        {
            m.actor = Some(a);
            m.kind = idx.actors[a as usize].kind;
        }
    }
}

/// Token index whose span starts at byte `b`, if any.
fn tok_at_start(doc: &Doc, b: usize) -> Option<usize> {
    doc.tokens
        .binary_search_by_key(&(b as u32), |t| t.span.start)
        .ok()
}

/// Token index whose span ends at byte `b`, if any.
fn tok_at_end(doc: &Doc, b: usize) -> Option<usize> {
    doc.tokens
        .binary_search_by_key(&(b as u32), |t| t.span.end)
        .ok()
}

/// Choose among several dictionary candidates for one string: the one whose
/// country the article mentions most, then countries over cities over the rest,
/// then people in office on the publication date.
fn choose(
    cands: &[u32],
    idx: &ActorIndex,
    country_counts: &HashMap<String, usize>,
    published: Option<Date>,
) -> u32 {
    let score = |&a: &u32| {
        let x = &idx.actors[a as usize];
        let ctx = x
            .country
            .as_ref()
            .and_then(|c| country_counts.get(c))
            .copied()
            .unwrap_or(0) as i64;
        let base = if x.is_country() {
            3
        } else if x.roles.iter().any(|r| r == "capital")
            || (x.kind == EntityType::Person && x.current_on(published))
        {
            2
        } else {
            1
        };
        ctx * 4 + base
    };
    cands
        .iter()
        .copied()
        .max_by_key(|a| (score(a), std::cmp::Reverse(*a)))
        .unwrap_or(cands[0])
}

fn link_dictionary(doc: &mut Doc, idx: &ActorIndex, lex: &NerLexicon) {
    let Some(ac) = &idx.ac else { return };
    // Dictionary matches on token boundaries.
    let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (tok a, tok b, pattern)
    for m in ac.find_iter(&doc.text) {
        let (Some(a), Some(b)) = (tok_at_start(doc, m.start()), tok_at_end(doc, m.end())) else {
            continue;
        };
        found.push((a, b + 1, m.pattern().as_usize()));
    }
    if found.is_empty() {
        return;
    }
    // Countries the article mentions unambiguously, for choosing among candidates.
    let mut country_counts: HashMap<String, usize> = HashMap::new();
    for &(_, _, p) in &found {
        let (c, _) = &idx.pats[p];
        if c.len() == 1 && idx.actors[c[0] as usize].kind == EntityType::Gpe {
            if let Some(iso) = &idx.actors[c[0] as usize].country {
                *country_counts.entry(iso.clone()).or_default() += 1;
            }
        }
    }
    let published = doc.meta.published;
    // Surnames of tagged multi-word person names: a lone "Jordan" after
    // "Michael Jordan" stays a person even though the dictionary has a country.
    let surnames: std::collections::HashSet<String> = doc
        .mentions
        .iter()
        .filter(|m| m.kind == EntityType::Person && m.tok_end - m.tok_start >= 2)
        .map(|m| doc.tok(m.tok_end as usize - 1).to_string())
        .collect();
    let mut added: Vec<Mention> = Vec::new();
    let mut dropped = false;
    let mut mi = 0;
    for &(a, b, p) in &found {
        let (cands, kind) = &idx.pats[p];
        let actor = choose(cands, idx, &country_counts, published);
        let entry = &idx.actors[actor as usize];
        let span = doc.tok_span(a, b);
        // A generic organisation name ("Democratic Party", "Supreme Court") names
        // the dictionary's one only if the article is about that one's country.
        if entry.kind == EntityType::Org && *kind == PatKind::Name {
            if let Some(c) = &entry.country {
                let here = country_counts.get(c).copied().unwrap_or(0);
                let elsewhere: usize = country_counts
                    .iter()
                    .filter(|(k, _)| *k != c)
                    .map(|(_, v)| *v)
                    .sum();
                // An all-capitals token ("US" in "US Congress") is an abbreviation,
                // not the common word it spells.
                let generic = (a..b).all(|t| {
                    (lex.is_common_word(doc.tok(t)) && !doc.tokens[t].is(tf::UPPER))
                        || matches!(doc.tok(t), "of" | "the" | "and")
                });
                if generic && here == 0 && elsewhere >= 2 {
                    continue;
                }
            }
        }
        while mi < doc.mentions.len() && doc.mentions[mi].span.end <= span.start {
            mi += 1;
        }
        // Tagger mentions overlapping this match.
        let mut overl = Vec::new();
        let mut k = mi;
        while k < doc.mentions.len() && doc.mentions[k].span.start < span.end {
            overl.push(k);
            k += 1;
        }
        if *kind == PatKind::Demonym {
            // A nationality word the tagger took for a name is a nationality.
            if let [k] = overl.as_slice() {
                let m = &mut doc.mentions[*k];
                if m.span == span {
                    m.kind = EntityType::Norp;
                    m.actor = Some(actor);
                }
                continue;
            }
            if overl.is_empty() && !doc.tokens[a].is(tf::LOWER) {
                added.push(doc.mention_over(
                    a,
                    b,
                    EntityType::Norp,
                    Some(actor),
                    MentionSource::Dictionary,
                ));
            }
            continue;
        }
        let is_surname = surnames.contains(doc.tok(a));
        match overl.as_slice() {
            [] => {
                // A dictionary name the tagger missed. Single capitalised words at
                // the start of a sentence are often ordinary words ("Chad", "Turkey"
                // are safe; the dictionary holds no common words), so accept them.
                added.push(doc.mention_over(
                    a,
                    b,
                    entry.kind,
                    Some(actor),
                    MentionSource::Dictionary,
                ));
            }
            [k] => {
                let longer =
                    doc.mention_over(a, b, entry.kind, Some(actor), MentionSource::Dictionary);
                let m = &mut doc.mentions[*k];
                if m.span == span {
                    m.actor = Some(actor);
                    // The dictionary knows places and organisations better than
                    // the tagger; the tagger knows people in context better.
                    if m.kind != EntityType::Person
                        || entry.kind == EntityType::Person
                        || b - a > 1
                        || !is_surname
                    {
                        m.kind = entry.kind;
                    }
                } else if span.contains(m.span) && b - a > 1 {
                    // The tagger found part of a longer dictionary name.
                    *m = longer;
                }
            }
            many => {
                // The tagger broke a longer dictionary name into pieces ("Ursula
                // von" + "Leyen"): the dictionary's name replaces them.
                // Not across a comma: "Tripoli, Lebanon" stays a city and its country.
                if b - a > 1
                    && (a..b).all(|t| doc.tok(t) != ",")
                    && many.iter().all(|&k| span.contains(doc.mentions[k].span))
                {
                    for &k in many {
                        doc.mentions[k].span = Span::new(0, 0);
                    }
                    added.push(doc.mention_over(
                        a,
                        b,
                        entry.kind,
                        Some(actor),
                        MentionSource::Dictionary,
                    ));
                    dropped = true;
                }
            }
        }
    }
    if dropped {
        doc.mentions.retain(|m| !m.span.is_empty());
    }
    if !added.is_empty() {
        doc.mentions.extend(added);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        doc.mentions.dedup_by(|x, y| x.span == y.span);
    }
}

/// A capitalised office standing for its holder: "The President later took
/// action", "Malaysia's Prime Minister". Such mentions join the person who was
/// introduced with that title (see [`cluster`]).
fn find_title_persons(doc: &mut Doc, titles: &TitleIndex) {
    let n = doc.tokens.len();
    let covered = doc.covered_tokens();
    let mut added = Vec::new();
    let mut i = 1;
    while i < n {
        if covered[i] || !doc.tokens[i].is(tf::CAP) {
            i += 1;
            continue;
        }
        let prev = doc.tok(i - 1);
        let determined = prev.eq_ignore_ascii_case("the") || prev == "'s" || prev == "’s";
        if !determined {
            i += 1;
            continue;
        }
        // Longest office title starting here, every word capitalised.
        let mut len = 0;
        let mut buf = String::new();
        for k in 0..titles.max_words.min(n - i) {
            if covered[i + k]
                || !(doc.tokens[i + k].is(tf::CAP) || matches!(doc.tok(i + k), "of" | "for"))
            {
                break;
            }
            if k > 0 {
                buf.push(' ');
            }
            buf.push_str(&doc.tok(i + k).to_lowercase());
            if titles
                .get(&buf)
                .is_some_and(|(_, kind)| *kind == TitleKind::Office)
            {
                len = k + 1;
            }
        }
        let e = i + len;
        // A title before a name is a pre-modifier, not a mention.
        if len == 0 || (e < n && (doc.tokens[e].is(tf::CAP) || covered[e])) {
            i += len.max(1);
            continue;
        }
        added.push(doc.mention_over(i, e, EntityType::Person, None, MentionSource::Rule));
        i = e;
    }
    doc.add_mentions(added);
}

/// "He" is also a Chinese surname ("commerce ministry spokesman He Yadong",
/// "Vice Premier He Lifeng"): right after a title and before another
/// capitalised word, it begins a person's name rather than a sentence's subject.
fn surname_he(doc: &mut Doc, titles: &TitleIndex) {
    let n = doc.tokens.len();
    for i in 1..n.saturating_sub(1) {
        if doc.tok(i) != "He" || !doc.tokens[i + 1].is(tf::CAP) || !doc.tokens[i + 1].is(tf::ALPHA)
        {
            continue;
        }
        let titled = titles
            .get(&doc.tok(i - 1).to_lowercase())
            .is_some_and(|(_, kind)| *kind != TitleKind::Modifier);
        if !titled {
            continue;
        }
        let at = doc.mentions.partition_point(|m| (m.tok_end as usize) <= i);
        match doc.mentions.get(at) {
            // The tagger's name for the given name: it starts one word early.
            Some(m) if m.tok_start as usize == i + 1 && m.kind == EntityType::Person => {
                let (e, source) = (m.tok_end as usize, m.source);
                doc.mentions[at] = doc.mention_over(i, e, EntityType::Person, None, source);
            }
            Some(m) if (m.tok_start as usize) <= i + 1 => {}
            _ => {
                let m = doc.mention_over(i, i + 2, EntityType::Person, None, MentionSource::Rule);
                doc.mentions.insert(at, m);
            }
        }
    }
}

/// Words that may modify a group noun inside its noun phrase.
fn group_modifier_ok(doc: &Doc, j: usize, lex: &NerLexicon) -> bool {
    let t = &doc.tokens[j];
    let w = doc.tok(j);
    t.is(tf::LOWER)
        && t.is(tf::ALPHA)
        && w.chars().next().is_some_and(char::is_alphabetic)
        && !is_stop(&w.to_lowercase())
        && !w.ends_with("ed")
        && !w.ends_with("ly")
        && !lex.is_verb(w)
        && !after_infinitive_to(doc, j)
        && !matches!(
            w,
            "whose"
                | "which"
                | "whom"
                | "outside"
                | "inside"
                | "near"
                | "across"
                | "over"
                | "under"
                | "against"
                | "between"
                | "among"
                | "during"
                | "after"
                | "before"
                | "without"
                | "within"
                | "into"
                | "onto"
                | "toward"
                | "towards"
                | "through"
                | "about"
                | "around"
                | "behind"
                | "beyond"
                | "despite"
                | "than"
        )
}

/// After a verb of intent and "to", a word is an infinitive, not a modifier:
/// "agreed to exchange prisoners" (but "spoke to army officials").
fn after_infinitive_to(doc: &Doc, j: usize) -> bool {
    j >= 2
        && doc.tok(j - 1) == "to"
        && doc.tokens[j - 2].is(tf::LOWER)
        && (doc.tok(j - 2).ends_with("ed")
            || matches!(
                doc.tok(j - 2),
                "ready"
                    | "willing"
                    | "able"
                    | "plan"
                    | "plans"
                    | "want"
                    | "wants"
                    | "seek"
                    | "seeks"
                    | "aim"
                    | "aims"
                    | "hope"
                    | "hopes"
                    | "going"
                    | "agree"
                    | "agrees"
                    | "refuse"
                    | "refuses"
                    | "offer"
                    | "offers"
                    | "threaten"
                    | "threatens"
                    | "vow"
                    | "vows"
                    | "decide"
                    | "decides"
                    | "try"
                    | "tries"
                    | "trying"
                    // Nouns that take an infinitive: "a commitment to exchange soldiers".
                    | "commitment"
                    | "agreement"
                    | "deal"
                    | "decision"
                    | "promise"
                    | "pledge"
                    | "bid"
                    | "attempt"
                    | "effort"
                    | "efforts"
                    | "proposal"
                    | "order"
                    | "move"
            ))
}

/// Unnamed collective actors: "army officials", "the rebel authorities",
/// "satellite imagery analysts", "Sudan's army". A group noun heads the phrase;
/// lowercase modifiers, a nationality word or a country possessive may precede it.
fn find_groups(doc: &mut Doc, groups: &GroupIndex, titles: &TitleIndex, lex: &NerLexicon) {
    let n = doc.tokens.len();
    let mut covered = doc.covered_tokens();
    let mut added = Vec::new();
    let mut i = 0;
    while i < n {
        if covered[i]
            || !doc.tokens[i].is(tf::ALPHA)
            || !groups
                .first_words
                .contains(&crate::ner::hash::lower(doc.tok(i)))
        {
            i += 1;
            continue;
        }
        // Longest group noun starting at i.
        let mut len = 0;
        let mut buf = String::new();
        for k in 0..groups.max_words.min(n - i) {
            if k > 0 {
                buf.push(' ');
            }
            buf.push_str(&doc.tok(i + k).to_lowercase());
            if covered[i + k] {
                break;
            }
            if groups.nouns.contains_key(&buf) {
                len = k + 1;
            }
        }
        if len == 0 {
            i += 1;
            continue;
        }
        let mut end = i + len;
        // "army officials": a group noun followed by another is its modifier.
        loop {
            let mut more = 0;
            if end >= n
                || !groups
                    .first_words
                    .contains(&crate::ner::hash::lower(doc.tok(end)))
            {
                break;
            }
            let mut buf = String::new();
            for k in 0..groups.max_words.min(n - end) {
                if k > 0 {
                    buf.push(' ');
                }
                buf.push_str(&doc.tok(end + k).to_lowercase());
                if groups.nouns.contains_key(&buf) && !covered[end + k] {
                    more = k + 1;
                }
            }
            if more == 0 {
                break;
            }
            end += more;
        }
        // A person's title ("the President said") is not a group.
        let head = doc.tok(end - 1).to_lowercase();
        if titles
            .get(&head)
            .is_some_and(|(_, k)| matches!(k, TitleKind::Office | TitleKind::Military))
            && !groups.nouns.get(&head).copied().unwrap_or(false)
        {
            i = end;
            continue;
        }
        // Capitalised heads inside names ("Security Council") were the tagger's business.
        if doc.tokens[end - 1].is(tf::CAP) && !doc.tokens[end - 1].is(tf::LINE_START) {
            i = end;
            continue;
        }
        let seg_start = doc
            .segment_of(i)
            .map_or(0, |s| doc.segments[s].tok_start as usize);
        let mut start = i;
        let mut mods = 0;
        while start > seg_start && mods < 3 {
            let j = start - 1;
            if covered[j] {
                break;
            }
            if group_modifier_ok(doc, j, lex) {
                start = j;
                mods += 1;
            } else {
                break;
            }
        }
        if start > seg_start && doc.tok(start - 1).eq_ignore_ascii_case("the") {
            start -= 1;
        }
        // "Sarah Kessler, a researcher at the institute": the person's role
        // (read by `attributes`), not a second actor.
        if !groups.nouns.get(&head).copied().unwrap_or(true)
            && titles.get(&head).is_some()
            && appositive_to_person(doc, start)
        {
            i = end;
            continue;
        }
        added.push(doc.mention_over(start, end, EntityType::Group, None, MentionSource::Rule));
        for c in covered.iter_mut().take(end).skip(start) {
            *c = true;
        }
        i = end;
    }
    doc.add_mentions(added);
}

/// True if the noun phrase starting at token `start` follows "PERSON, a|an|the".
fn appositive_to_person(doc: &Doc, start: usize) -> bool {
    let mut s = start;
    if s > 0 && matches!(doc.tok(s - 1), "a" | "an" | "the") {
        s -= 1;
    } else if !matches!(doc.tok(s), "a" | "an" | "the" | "The") {
        return false;
    }
    s > 1
        && doc.tok(s - 1) == ","
        && doc
            .mentions
            .iter()
            .any(|m| m.tok_end as usize == s - 1 && m.kind == EntityType::Person)
}

/// "the village of Anefis", "the port of Izmail": a settlement noun and "of"
/// make the capitalised name after them a place, whether or not any list
/// knows it (front-line villages rarely are). A tagger mention of another
/// type on exactly that name is retyped.
fn settlement_names(doc: &mut Doc) {
    let n = doc.tokens.len();
    let mut added = Vec::new();
    let mut i = 0;
    while i + 2 < n {
        // Lowercase nouns only: "Village of …" in a name is the tagger's business.
        let kind = match doc.tok(i) {
            "village" | "town" | "city" | "port" | "district" | "province" | "hamlet"
            | "settlement" | "suburb" | "municipality" | "county" | "oblast" | "governorate"
            | "enclave" => EntityType::Gpe,
            "region" | "island" | "islands" | "valley" | "mountains" => EntityType::Loc,
            _ => {
                i += 1;
                continue;
            }
        };
        if doc.tok(i + 1) != "of" {
            i += 1;
            continue;
        }
        // The capitalised run after "of": "Chasiv Yar", "Kafr Nabl".
        let a = i + 2;
        let mut b = a;
        while b < n && b < a + 4 && doc.tokens[b].is(tf::CAP) && doc.tokens[b].is(tf::ALPHA) {
            b += 1;
        }
        if b == a || (b < n && doc.tok(b) == "'s") {
            i = a;
            continue;
        }
        let span = doc.tok_span(a, b);
        match doc
            .mentions
            .iter()
            .position(|m| m.span.start < span.end && span.start < m.span.end)
        {
            None => added.push(Mention {
                span,
                tok_start: a as u32,
                tok_end: b as u32,
                kind,
                actor: None,
                source: MentionSource::Rule,
                pronoun: false,
            }),
            Some(k) => {
                let m = &mut doc.mentions[k];
                if m.span == span && !m.kind.is_place() && m.actor.is_none() {
                    m.kind = kind;
                }
            }
        }
        i = b;
    }
    doc.add_mentions(added);
}

/// Adjectives that open institution names ("the International Council …", "the National
/// Assembly"), which the tagger sometimes splits off.
const ORG_OPENERS: &[&str] = &[
    "International",
    "National",
    "Federal",
    "Royal",
    "Central",
    "Supreme",
    "Joint",
    "Independent",
    "Interim",
    "Transitional",
    "Permanent",
];

/// Nouns heading an institution's name that continues with "of" or "for": "the
/// University of Southern Indiana", "the Ministry of Foreign Affairs", "the Centre
/// for Strategic Studies".
const INSTITUTION_HEADS: &[&str] = &[
    "Academy",
    "Agency",
    "Assembly",
    "Association",
    "Bank",
    "Board",
    "Bureau",
    "Center",
    "Centre",
    "Chamber",
    "Church",
    "College",
    "Commission",
    "Conference",
    "Council",
    "Court",
    "Department",
    "Embassy",
    "Federation",
    "Foundation",
    "Fund",
    "Hospital",
    "Institute",
    "League",
    "Library",
    "Ministry",
    "Museum",
    "Office",
    "Organisation",
    "Organization",
    "School",
    "Secretariat",
    "Society",
    "Tribunal",
    "University",
];

/// The tagger often stops an institution's name at "of" when a place follows
/// ("University" + "Southern Indiana"): an organisation mention ending in an
/// institution noun, then "of" (and "the") and a capitalised run, becomes one
/// organisation; the tagger's mentions inside the run go (the places stage may
/// add the place back as a nested mention). The run stops at a person's name or
/// an office title ("the Bank of England Governor Andrew Bailey"), and takes
/// "and"/"&" only between institution words ("Department of Health and Human
/// Services"), not before a place or a dictionary name.
fn join_of_names(doc: &mut Doc, titles: &TitleIndex) {
    let n = doc.tokens.len();
    let mut drop = vec![false; doc.mentions.len()];
    let mut changed = false;
    for mi in 0..doc.mentions.len() {
        let m = &doc.mentions[mi];
        if drop[mi] || m.kind != EntityType::Org || m.pronoun || m.actor.is_some() {
            continue;
        }
        // "International" + "Council for …": an adjective that opens institution names, split
        // off by the tagger (often as a place), belongs to the name.
        let st = m.tok_start as usize;
        if st > 0 && ORG_OPENERS.contains(&doc.tok(st - 1)) {
            let prev = (mi > 0).then(|| mi - 1).filter(|&k| {
                let x = &doc.mentions[k];
                x.tok_end as usize == st && !x.pronoun
            });
            let alone = prev.is_none_or(|k| {
                let x = &doc.mentions[k];
                x.tok_start as usize + 1 == st && x.actor.is_none() && x.kind != EntityType::Person
            });
            if alone && !drop[mi] {
                if let Some(k) = prev {
                    drop[k] = true;
                }
                let (end0, source) = (m.tok_end as usize, m.source);
                doc.mentions[mi] = doc.mention_over(st - 1, end0, EntityType::Org, None, source);
                changed = true;
            }
        }
        let m = &doc.mentions[mi];
        let mut end = m.tok_end as usize;
        // The tagger may have kept the "for" ("Council for" + "the Exploration of the Sea").
        if end >= 2 && doc.tok(end - 1) == "for" && INSTITUTION_HEADS.contains(&doc.tok(end - 2)) {
            end -= 1;
        }
        if !INSTITUTION_HEADS.contains(&doc.tok(end - 1))
            || end + 1 >= n
            || !matches!(doc.tok(end), "of" | "for")
        {
            continue;
        }
        let by_for = doc.tok(end) == "for";
        let mut a = end + 1;
        if doc.tok(a) == "the" {
            a += 1;
        }
        // Mention covering token t, if any (mentions are sorted by start).
        let covering = |t: usize| {
            doc.mentions[mi + 1..]
                .iter()
                .position(|x| x.tok_start as usize <= t && t < x.tok_end as usize && !x.pronoun)
                .map(|k| k + mi + 1)
        };
        let name_word = |t: usize| {
            doc.tokens[t].is(tf::CAP)
                && doc.tokens[t].is(tf::ALPHA)
                && titles.get(&doc.tok(t).to_lowercase()).is_none()
                && covering(t).is_none_or(|k| doc.mentions[k].kind != EntityType::Person)
        };
        let mut b = a;
        while b < n && b < a + 6 && name_word(b) {
            b += 1;
        }
        if b == a {
            continue;
        }
        // "and"/"&" joining a further run that no place or dictionary name covers.
        if b + 1 < n && matches!(doc.tok(b), "and" | "&") && name_word(b + 1) {
            let mut c = b + 1;
            while c < n && c < b + 4 && name_word(c) {
                c += 1;
            }
            let free = (b + 1..c).all(|t| {
                covering(t).is_none_or(|k| {
                    let x = &doc.mentions[k];
                    x.actor.is_none() && !x.kind.is_place()
                })
            });
            if free && (c >= n || doc.tok(c) != "'s") {
                b = c;
            }
        }
        // "the Council for the Exploration of the Sea", "the Office for the Coordination of
        // Humanitarian Affairs": a "for" name goes on through one "of".
        if by_for && b + 1 < n && doc.tok(b) == "of" {
            let mut c = b + 1;
            if c < n && doc.tok(c) == "the" {
                c += 1;
            }
            let s0 = c;
            while c < n && c < s0 + 4 && name_word(c) {
                c += 1;
            }
            if c > s0 {
                b = c;
            }
        }
        // A mention running past the joined name would be cut in two: leave it.
        let inner: Vec<usize> = (mi + 1..doc.mentions.len())
            .take_while(|&k| (doc.mentions[k].tok_start as usize) < b)
            .collect();
        if inner.iter().any(|&k| doc.mentions[k].tok_end as usize > b) {
            continue;
        }
        for &k in &inner {
            drop[k] = true;
        }
        let (start, source) = (m.tok_start as usize, m.source);
        doc.mentions[mi] = doc.mention_over(start, b, EntityType::Org, None, source);
        changed = true;
    }
    if changed {
        let mut k = 0;
        doc.mentions.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// An all-capitals word spelling the initials of an organisation named in the
/// article ("UNC" after "the University of Northern Caldora") is a mention of
/// it even where the tagger passed it over; clustering then joins the two.
fn acronym_mentions(doc: &mut Doc) {
    let mut known: Vec<(String, EntityType)> = Vec::new();
    for m in &doc.mentions {
        if m.kind == EntityType::Org && !m.pronoun && m.tok_end - m.tok_start >= 2 {
            if let Some(a) = acronym(&norm_key(doc.slice(m.span))) {
                if (2..=6).contains(&a.len()) && !known.iter().any(|(k, _)| *k == a) {
                    known.push((a, m.kind));
                }
            }
        }
    }
    if known.is_empty() {
        return;
    }
    let covered = doc.covered_tokens();
    let mut added = Vec::new();
    for (t, tok) in doc.tokens.iter().enumerate() {
        if covered[t] || !tok.is(tf::UPPER) || !tok.is(tf::ALPHA) {
            continue;
        }
        let w = doc.tok(t);
        if !(2..=6).contains(&w.len()) {
            continue;
        }
        let lower = w.to_ascii_lowercase();
        if let Some((_, kind)) = known.iter().find(|(k, _)| *k == lower) {
            added.push(doc.mention_over(t, t + 1, *kind, None, MentionSource::Rule));
        }
    }
    doc.add_mentions(added);
}

/// Capitalised nouns that end a place's name whatever precedes them: "Morris
/// County", "Orange Parish", "Crown Heights", "Kursk Oblast".
fn place_suffix(w: &str) -> Option<EntityType> {
    match w {
        "County" | "Parish" | "Township" | "Borough" | "Province" | "Oblast" | "Governorate"
        | "Prefecture" | "Municipality" | "Raion" | "Krai" => Some(EntityType::Gpe),
        "Heights" | "Hills" | "Valley" | "Peninsula" => Some(EntityType::Loc),
        _ => None,
    }
}

/// A name the tagger took for a person or an organisation before such a noun is
/// a place (and a region with an administrative noun is a GPE): "Morris" + "County" becomes the place "Morris County". Names that
/// carry on into an institution ("Orange County Sheriff's Office") were tagged
/// whole and are left alone.
fn place_suffix_names(doc: &mut Doc) {
    let n = doc.tokens.len();
    for mi in 0..doc.mentions.len() {
        let m = &doc.mentions[mi];
        if m.pronoun
            || m.actor.is_some()
            || !matches!(
                m.kind,
                EntityType::Person | EntityType::Org | EntityType::Loc
            )
        {
            continue;
        }
        let (a, b) = (m.tok_start as usize, m.tok_end as usize);
        let last = place_suffix(doc.tok(b - 1)).filter(|_| b - a >= 2);
        let next = (b < n && doc.tokens[b].is(tf::CAP))
            .then(|| place_suffix(doc.tok(b)))
            .flatten()
            .filter(|_| {
                doc.mentions
                    .get(mi + 1)
                    .is_none_or(|x| x.tok_start as usize > b)
            });
        let (end, kind) = match (last, next) {
            (_, Some(k)) => (b + 1, k),
            (Some(k), None) => (b, k),
            _ => continue,
        };
        // A tagged region keeps its type unless the noun makes it an administrative unit.
        if m.kind == EntityType::Loc && kind != EntityType::Gpe {
            continue;
        }
        let source = m.source;
        doc.mentions[mi] = doc.mention_over(a, end, kind, None, source);
    }
}

/// Lowercase nouns after a name that make it a place: administrative units (a GPE) and
/// features (a LOC): "the Kap Choeng district", "near the Ta Muen Thom temple".
const PLACE_NOUNS: [(&str, EntityType); 15] = [
    ("district", EntityType::Gpe),
    ("province", EntityType::Gpe),
    ("region", EntityType::Gpe),
    ("village", EntityType::Gpe),
    ("town", EntityType::Gpe),
    ("city", EntityType::Gpe),
    ("county", EntityType::Gpe),
    ("municipality", EntityType::Gpe),
    ("pass", EntityType::Loc),
    ("valley", EntityType::Loc),
    ("temple", EntityType::Loc),
    ("river", EntityType::Loc),
    ("crossing", EntityType::Loc),
    ("checkpoint", EntityType::Loc),
    ("camp", EntityType::Loc),
];

/// A name the tagger took for a person or an organisation before a lowercase place noun is
/// that place, with the capitalised words the tagger left out before it ("Ta").
fn place_noun_names(doc: &mut Doc) {
    let n = doc.tokens.len();
    for mi in 0..doc.mentions.len() {
        let m = &doc.mentions[mi];
        if m.pronoun || m.actor.is_some() || !matches!(m.kind, EntityType::Person | EntityType::Org)
        {
            continue;
        }
        let (mut a, b) = (m.tok_start as usize, m.tok_end as usize);
        if b >= n || !doc.tokens[b].is(tf::LOWER) {
            continue;
        }
        let Some(&(_, kind)) = PLACE_NOUNS.iter().find(|(w, _)| doc.tok(b) == *w) else {
            continue;
        };
        let seg_start = doc
            .segment_of(a)
            .map_or(0, |s| doc.segments[s].tok_start as usize);
        let prev_end = if mi > 0 {
            doc.mentions[mi - 1].tok_end as usize
        } else {
            0
        };
        while a > seg_start.max(prev_end)
            && doc.tokens[a - 1].is(tf::CAP)
            && a - 1 > seg_start
            && !matches!(doc.tok(a - 1), "The" | "A" | "An")
        {
            a -= 1;
        }
        let source = m.source;
        doc.mentions[mi] = doc.mention_over(a, b, kind, None, source);
    }
}

/// Heads of institution names that the tagger often cuts to the head alone.
const STATE_BODY_HEADS: [&str; 16] = [
    "Ministry",
    "Committee",
    "Commission",
    "Council",
    "Centre",
    "Center",
    "Agency",
    "Department",
    "Directorate",
    "Authority",
    "Command",
    "Office",
    "Bureau",
    "Service",
    "Mission",
    "Institute",
];

/// "Armenia's Defence Ministry", "the General Border Committee", "the Cambodian Mine Action
/// Centre": the capitalised words before an institution's head belong to its name (the
/// tagger may have kept only "Ministry", or nothing). Stops at a place, nationality, person
/// or dictionary name before it, which stays its own mention.
fn institution_names(doc: &mut Doc) {
    let n = doc.tokens.len();
    let mut tok_mention = vec![u32::MAX; n];
    for (i, m) in doc.mentions.iter().enumerate() {
        for t in m.tok_start..m.tok_end {
            tok_mention[t as usize] = i as u32;
        }
    }
    let keeps = |doc: &Doc, mi: u32| {
        mi != u32::MAX && {
            let m = &doc.mentions[mi as usize];
            m.actor.is_some()
                || matches!(m.kind, EntityType::Gpe | EntityType::Norp | EntityType::Loc)
        }
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for i in 1..n {
        if !STATE_BODY_HEADS.contains(&doc.tok(i)) || keeps(doc, tok_mention[i]) {
            continue;
        }
        let seg_start = doc
            .segment_of(i)
            .map_or(0, |s| doc.segments[s].tok_start as usize);
        let mut a = i;
        while a > seg_start
            && doc.tokens[a - 1].is(tf::CAP)
            && !keeps(doc, tok_mention[a - 1])
            && !matches!(doc.tok(a - 1), "The" | "A" | "An" | "In" | "On" | "At")
        {
            a -= 1;
        }
        if a == i {
            continue;
        }
        // The whole name already one mention: nothing to do.
        if tok_mention[a] != u32::MAX
            && tok_mention[a] == tok_mention[i]
            && doc.mentions[tok_mention[i] as usize].tok_start as usize == a
        {
            continue;
        }
        spans.push((a, i + 1));
    }
    if spans.is_empty() {
        return;
    }
    let mut out: Vec<Mention> = Vec::with_capacity(doc.mentions.len());
    let mut si = 0;
    for m in std::mem::take(&mut doc.mentions) {
        while si < spans.len() && spans[si].1 <= m.tok_start as usize {
            let (a, b) = spans[si];
            out.push(doc.mention_over(a, b, EntityType::Org, None, MentionSource::Rule));
            si += 1;
        }
        if si < spans.len()
            && (m.tok_start as usize) < spans[si].1
            && (m.tok_end as usize) > spans[si].0
        {
            continue; // replaced by the institution's name
        }
        out.push(m);
    }
    for &(a, b) in &spans[si..] {
        out.push(doc.mention_over(a, b, EntityType::Org, None, MentionSource::Rule));
    }
    doc.mentions = out;
}

/// A person mention that is only the start of a title ("Prime" in "Deputy Prime Minister
/// Shahin Mustafayev") names nobody.
fn drop_title_fragments(doc: &mut Doc, titles: &TitleIndex) {
    let n = doc.tokens.len();
    let fragment = |m: &Mention| {
        if m.kind != EntityType::Person || m.actor.is_some() || m.pronoun {
            return false;
        }
        let b = m.tok_end as usize;
        let mut key = doc.slice(m.span).to_lowercase();
        // A lone title or modifier word ("Deputy" before "Foreign Minister X") is nobody, nor
        // is an all-lowercase word ("retaken" in a headline).
        if m.tok_end == m.tok_start + 1 && titles.get(&key).is_some()
            || (m.tok_start..m.tok_end).all(|t| doc.tokens[t as usize].is(tf::LOWER))
        {
            return true;
        }
        (b..(b + 2).min(n)).any(|k| {
            key.push(' ');
            key.push_str(&doc.tok(k).to_lowercase());
            titles.get(&key).is_some()
        })
    };
    let drop: Vec<bool> = doc.mentions.iter().map(fragment).collect();
    if drop.contains(&true) {
        let mut i = 0;
        doc.mentions.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

/// A name ending in a state institution's noun is an organisation even when
/// the tagger typed it a place ("the Ivory Coast's Supreme Court").
fn institutions_not_places(doc: &mut Doc) {
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.actor.is_none()
            && m.kind.is_place()
            && m.tok_end - m.tok_start >= 2
            && matches!(
                doc.tok(m.tok_end as usize - 1),
                "Court"
                    | "Cabinet"
                    | "Parliament"
                    | "Senate"
                    | "Congress"
                    | "Assembly"
                    | "Ministry"
                    | "Government"
                    | "Commission"
                    | "Tribunal"
            )
        {
            doc.mentions[i].kind = EntityType::Org;
        }
    }
}

/// Tagged places become GPE when the dictionary or the place list knows them.
fn type_places(doc: &mut Doc, idx: &ActorIndex, lex: &NerLexicon) {
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.kind != EntityType::Loc {
            continue;
        }
        let gpe = match m.actor {
            Some(a) => idx.actors[a as usize].kind == EntityType::Gpe,
            None => lex.is_place(doc.slice(m.span)),
        };
        if gpe {
            doc.mentions[i].kind = EntityType::Gpe;
        }
    }
}

/// Two spellings of one given name: one inner vowel changed ("Kristin" /
/// "Kristen"), or one letter doubled ("Mohamed" / "Mohammed"). The last letter
/// must agree, so "Maria" / "Mario" stay two people; short names never match.
fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().min(b.len()) < 5 || a.last() != b.last() || a[0] != b[0] {
        return false;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return matches!(diff.as_slice(), [i] if vowel(a[*i]) && vowel(b[*i]));
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    // The first difference is the extra letter, a copy of the one before it.
    let i = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    i > 0 && long[i] == long[i - 1] && short[i..] == long[i + 1..]
}

/// A mention's comparison key: ASCII-folded, lowercase, without periods.
/// The normalised first and last words of a name of two words or more.
fn name_edges(name: &str) -> Option<(String, String)> {
    let mut parts = name.split(' ');
    let first = parts.next()?;
    let last = parts.next_back()?;
    Some((norm_key(first), norm_key(last)))
}

fn norm_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '.' | '\'' | '’' => {}
            '-' | '‐' => out.push(' '),
            c => {
                let f = fold(c);
                out.extend(f.to_lowercase());
            }
        }
    }
    out
}

/// Strip common diacritics (Erdoğan → Erdogan).
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
        'ñ' | 'ń' | 'ň' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ş' | 'š' | 'ś' | 'ș' => 's',
        'Ş' | 'Š' | 'Ś' | 'Ș' => 'S',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        'ý' | 'ÿ' => 'y',
        'ł' => 'l',
        'Ł' => 'L',
        'ř' => 'r',
        'ț' | 'ţ' => 't',
        'đ' => 'd',
        c => c,
    }
}

/// The person most recently introduced with the title of mention `m`
/// ("President Donald Trump" … "The President"), or whose dictionary roles hold it.
fn title_holder(doc: &Doc, ents: &[Entity], m: &Mention, idx: &ActorIndex) -> Option<usize> {
    let title = doc.slice(m.span).to_lowercase();
    let last_word = title.rsplit(' ').next().unwrap_or("");
    for (e, ent) in ents.iter().enumerate().rev().take(RECENT_ENTITIES) {
        if let Some(a) = ent.actor {
            if idx.actors[a as usize]
                .roles
                .iter()
                .any(|r| r.to_lowercase() == title)
            {
                return Some(e);
            }
        }
        for &mi in ent.mentions.iter().rev().take(16) {
            let pm = &doc.mentions[mi as usize];
            if pm.kind != EntityType::Person
                || pm.source == MentionSource::Rule
                || pm.span.start >= m.span.start
            {
                continue;
            }
            let a = pm.tok_start as usize;
            let from = a.saturating_sub(4);
            if (from..a).any(|t| doc.tok(t).eq_ignore_ascii_case(last_word)) {
                return Some(e);
            }
        }
    }
    None
}

/// How many of the latest entities the first-name and head-noun rules look at:
/// enough for any article, and it keeps one enormous document linear.
const RECENT_ENTITIES: usize = 256;

const ACRONYM_SKIP: &[&str] = &["of", "the", "and", "for", "in", "on", "at", "to", "&", "de"];

/// Initials of a multi-word name's significant words ("Johnson Space Center" → "jsc").
fn acronym(key: &str) -> Option<String> {
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !w.is_empty() && !ACRONYM_SKIP.contains(w))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

fn same_class(a: EntityType, b: EntityType) -> bool {
    let named = |k| matches!(k, EntityType::Org | EntityType::Gpe | EntityType::Loc);
    a == b || (named(a) && named(b))
}

fn cluster(doc: &mut Doc, idx: &ActorIndex, titles: &TitleIndex) {
    let mut ents: Vec<Entity> = Vec::new();
    let mut kinds: Vec<Vec<EntityType>> = Vec::new();
    let mut by_actor: HashMap<u32, usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_acronym: HashMap<String, usize> = HashMap::new();
    // Person surname (last word) and full token sequences.
    let mut by_last: HashMap<String, usize> = HashMap::new();
    // Surnames of the full person names anywhere in the article, so that a
    // headline's "Warhol" joins the body's "Andy Warhol": last word → full keys
    // with the position of their first mention.
    let mut surname_owner: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    // Entity of each mention clustered so far (usize::MAX for none).
    let mut ment_ent: Vec<usize> = vec![usize::MAX; doc.mentions.len()];
    let mut name_from_rule: Vec<bool> = Vec::new();
    for m in doc
        .mentions
        .iter()
        .filter(|m| m.kind == EntityType::Person && !m.pronoun && m.actor.is_none())
    {
        let key = norm_key(doc.slice(m.span));
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        if words.len() >= 2 {
            let v = surname_owner
                .entry(words[words.len() - 1].to_string())
                .or_default();
            if !v.iter().any(|(_, k)| *k == key) {
                v.push((m.span.start, key.clone()));
            }
        }
    }
    for mi in 0..doc.mentions.len() {
        let m = doc.mentions[mi].clone();
        if m.pronoun {
            continue;
        }
        let text = doc.slice(m.span);
        let bare = text
            .strip_prefix("the ")
            .or_else(|| text.strip_prefix("The "))
            .unwrap_or(text);
        // "Thai troops" and "Cambodian troops" are two groups: a nationality right before a
        // group noun is part of its key, and of its name; so is a named owner right before it
        // or in the possessive ("Hamas fighters", "the League's delegation", "Ruritania's
        // defence ministry" and "Freedonia's defence ministry" are two ministries).
        // A generic institution the dictionary does not know is keyed by its state the same
        // way: "Ruritania's Defence Ministry" and "Freedonia's Defence Ministry".
        let generic_org = m.kind == EntityType::Org && m.actor.is_none();
        let nationality = ((m.kind == EntityType::Group || generic_org) && mi > 0)
            .then(|| &doc.mentions[mi - 1])
            .filter(|p| {
                // Not across a line break: a headline's last word is no owner of the next line's group.
                let adjacent = p.tok_end == m.tok_start
                    && !doc.tokens[m.tok_start as usize].is(tf::LINE_START);
                let possessive = p.tok_end + 1 == m.tok_start
                    && matches!(doc.tok(p.tok_end as usize), "'s" | "\u{2019}s");
                match p.kind {
                    EntityType::Norp => adjacent && p.actor.is_some(),
                    EntityType::Gpe if generic_org => possessive && p.actor.is_some(),
                    EntityType::Org | EntityType::Gpe => !generic_org && (adjacent || possessive),
                    _ => false,
                }
            });
        let key = match nationality {
            Some(p) => match p.actor {
                Some(a) => format!("{}@{a}", norm_key(bare)),
                None => format!("{}@{}", norm_key(bare), norm_key(doc.slice(p.span))),
            },
            None => norm_key(bare),
        };
        let words: Vec<&str> = key
            .split('@')
            .next()
            .unwrap_or("")
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        let actor_key = m
            .actor
            .map(|a| a * 2 + u32::from(m.kind == EntityType::Norp));
        let mut target = actor_key.and_then(|a| by_actor.get(&a).copied());
        // "the ministry" after "Ruritania's Defence Ministry … Freedonia's Defence Ministry":
        // the most recent institution with that head noun, before any earlier "ministry".
        let definite_head = (m.kind == EntityType::Group
            || m.kind == EntityType::Org && doc.tokens[m.tok_start as usize].is(tf::LOWER))
            && words.len() == 1
            && (bare.len() < text.len()
                || m.tok_start > 0
                    && doc
                        .tok(m.tok_start as usize - 1)
                        .eq_ignore_ascii_case("the"))
            && !words[0].ends_with('s');
        if target.is_none() && definite_head {
            target = (ents.len().saturating_sub(RECENT_ENTITIES)..ents.len())
                .rev()
                .find(|&e| {
                    kinds[e].contains(&EntityType::Org)
                        && ents[e].name.contains("'s ")
                        && name_edges(&ents[e].name).is_some_and(|(_, l)| l == words[0])
                });
        }
        if target.is_none() {
            // The same name is the same referent, whatever type the tagger gave each occurrence.
            let named = |k: EntityType| !matches!(k, EntityType::Norp | EntityType::Group);
            target = by_key.get(&key).copied().filter(|&e| {
                kinds[e]
                    .iter()
                    .any(|&k| same_class(k, m.kind) || (named(k) && named(m.kind)))
            });
        }
        if target.is_none() && m.source == MentionSource::Rule && m.kind == EntityType::Person {
            target = title_holder(doc, &ents, &m, idx);
        }
        // "Malaysia's Prime Minister, Najib Razak": a name in apposition to an office.
        if target.is_none() && m.kind == EntityType::Person && mi > 0 {
            let p = &doc.mentions[mi - 1];
            let office = p.source == MentionSource::Rule
                || (p.tok_start..p.tok_end)
                    .all(|t| titles.get(&doc.tok(t as usize).to_lowercase()).is_some());
            let all_titles = (p.tok_start..p.tok_end)
                .all(|t| titles.get(&doc.tok(t as usize).to_lowercase()).is_some());
            let apposed = p.tok_end + 1 == m.tok_start && doc.tok(p.tok_end as usize) == ",";
            // "Ousted President Askar Akayev": the tagger's title-only name right before.
            let adjacent = p.tok_end == m.tok_start && all_titles;
            if office
                && p.kind == EntityType::Person
                && (apposed || adjacent)
                && ment_ent[mi - 1] != usize::MAX
            {
                target = Some(ment_ent[mi - 1]);
            }
        }
        let mut owner_key = None;
        if target.is_none()
            && words.len() == 1
            && m.actor.is_none()
            && !matches!(m.kind, EntityType::Norp | EntityType::Group)
        {
            if let Some(owners) = surname_owner.get(&key) {
                // The nearest full name before this mention, else the first one after.
                let fk = owners
                    .iter()
                    .rev()
                    .find(|(p, _)| *p <= m.span.start)
                    .or(owners.first())
                    .map(|(_, k)| k.clone());
                if let Some(fk) = fk {
                    target = by_key.get(&fk).copied();
                    owner_key = Some(fk);
                }
            }
        }
        if target.is_none() && m.kind == EntityType::Person {
            // "Trump" after "Donald Trump"; "Erdogan" after "Recep Tayyip Erdoğan".
            if let Some(last) = words.last() {
                target = by_last.get(*last).copied().filter(|&e| {
                    let name_words: Vec<String> = ents[e].name.split(' ').map(norm_key).collect();
                    words.len() < name_words.len() || name_words.len() == 1
                });
            }
        }
        if target.is_none() && m.kind == EntityType::Person && words.len() >= 2 {
            // The same person spelt two ways in one article ("Kristin Wilkins",
            // "Kristen Wilkins"; "Mohamed" / "Mohammed"): same surname, given
            // names one inner vowel or one doubled letter apart.
            if let Some(last) = words.last() {
                target = by_last.get(*last).copied().filter(|&e| {
                    kinds[e].contains(&EntityType::Person)
                        && name_edges(&ents[e].name)
                            .is_some_and(|(f, l)| l == *last && spelling_variant(&f, words[0]))
                });
            }
        }
        if target.is_none() && m.kind == EntityType::Person && words.len() == 1 {
            // A first name alone ("Ahmed" after "Ahmed Mohamed"), when only one
            // person of the article bears it.
            let owners: Vec<usize> = (ents.len().saturating_sub(RECENT_ENTITIES)..ents.len())
                .filter(|&e| {
                    kinds[e].contains(&EntityType::Person)
                        && name_edges(&ents[e].name).is_some_and(|(f, _)| f == key)
                })
                .collect();
            if owners.len() == 1 {
                target = Some(owners[0]);
            }
        }
        if target.is_none()
            && words.len() == 1
            && m.actor.is_none()
            && matches!(m.kind, EntityType::Org | EntityType::Loc | EntityType::Gpe)
        {
            // A capitalised head noun standing for a longer name ("the Church" for
            // "the Church of Scientology", "the Army" for "the Korean People's
            // Army"): the most recent organisation whose name begins or ends with it.
            if let Some(w) = words.first() {
                target = (ents.len().saturating_sub(RECENT_ENTITIES)..ents.len())
                    .rev()
                    .find(|&e| {
                        kinds[e].iter().any(|&k| {
                            matches!(k, EntityType::Org | EntityType::Loc | EntityType::Gpe)
                        }) && name_edges(&ents[e].name).is_some_and(|(f, l)| f == *w || l == *w)
                    });
            }
        }
        if target.is_none()
            && m.kind == EntityType::Group
            && words.len() == 1
            && bare.len() < text.len()
            && !words[0].ends_with('s')
        {
            // A definite singular noun taking up a recent actor's head noun: "the
            // agency" after "the International Atomic Energy Agency", "the
            // alliance" after "the rebel alliance".
            let w = words[0];
            target = (ents.len().saturating_sub(RECENT_ENTITIES)..ents.len())
                .rev()
                .find(|&e| {
                    let org = kinds[e].contains(&EntityType::Org);
                    let group = kinds[e].contains(&EntityType::Group);
                    name_edges(&ents[e].name)
                        .is_some_and(|(f, l)| (org && (f == w || l == w)) || (group && l == w))
                });
        }
        if target.is_none()
            && m.kind == EntityType::Group
            && words.len() == 1
            && words[0] == "bloc"
            && bare.len() < text.len()
        {
            // "the bloc": the most recent union of states the dictionary calls one (the
            // European Union, ASEAN, ECOWAS…).
            target = (ents.len().saturating_sub(RECENT_ENTITIES)..ents.len())
                .rev()
                .find(|&e| {
                    ents[e].actor.is_some_and(|a| {
                        idx.actors
                            .get(a as usize)
                            .is_some_and(|x| x.roles.iter().any(|r| r == "bloc"))
                    })
                });
        }
        if target.is_none() && matches!(m.kind, EntityType::Org | EntityType::Gpe | EntityType::Loc)
        {
            // "State of Texas" is Texas.
            for pre in [
                "state of ",
                "city of ",
                "republic of ",
                "province of ",
                "kingdom of ",
            ] {
                if let Some(rest) = key.strip_prefix(pre) {
                    target = by_key.get(rest).copied();
                }
            }
        }
        if target.is_none() && matches!(m.kind, EntityType::Org | EntityType::Gpe | EntityType::Loc)
        {
            if words.len() == 1
                && key.len() >= 2
                && text.chars().filter(|c| c.is_uppercase()).count() >= 2
            {
                target = by_acronym.get(&key).copied();
            }
            if target.is_none() {
                if let Some(acr) = acronym(&key) {
                    target = by_key
                        .get(&acr)
                        .copied()
                        .filter(|&e| kinds[e].iter().any(|&k| same_class(k, m.kind)));
                }
            }
        }
        let e = match target {
            Some(e) => e,
            None => {
                ents.push(Entity {
                    actor: m.actor,
                    ..Entity::default()
                });
                kinds.push(Vec::new());
                name_from_rule.push(false);
                ents.len() - 1
            }
        };
        ents[e].mentions.push(mi as u32);
        ment_ent[mi] = e;
        kinds[e].push(m.kind);
        if ents[e].actor.is_none() {
            ents[e].actor = m.actor;
        }
        if let Some(a) = actor_key {
            by_actor.entry(a).or_insert(e);
        }
        by_key.entry(key.clone()).or_insert(e);
        if let Some(fk) = owner_key {
            by_key.entry(fk).or_insert(e);
        }
        if let Some(acr) = acronym(&key) {
            by_acronym.entry(acr).or_insert(e);
        }
        // The entity's name: the dictionary's, else its longest mention.
        let cur = if m.kind == EntityType::Group || nationality.is_some() {
            match nationality {
                Some(p) if p.tok_end == m.tok_start => format!("{} {}", doc.slice(p.span), text),
                Some(p) => format!("{}'s {}", doc.slice(p.span), text),
                None => text.to_string(),
            }
        } else {
            bare.to_string()
        };
        // A name beats an office standing in for it ("Najib Razak", not "Prime Minister").
        let from_rule = m.source == MentionSource::Rule && m.kind == EntityType::Person;
        if ents[e].name.is_empty()
            || (!from_rule && (cur.len() > ents[e].name.len() || name_from_rule[e]))
        {
            name_from_rule[e] = from_rule;
            ents[e].name = cur;
        }
        if m.kind == EntityType::Person && words.len() >= 2 {
            if let Some(last) = words.last() {
                by_last.insert((*last).to_string(), e);
            }
        } else if m.kind == EntityType::Person && words.len() == 1 {
            by_last.entry(words[0].to_string()).or_insert(e);
        }
    }
    for (e, ks) in ents.iter_mut().zip(&kinds) {
        if let Some(a) = e.actor {
            let x = &idx.actors[a as usize];
            if ks.iter().all(|&k| k == EntityType::Norp) {
                // A nationality word: the group, with its country; not the country itself.
                e.kind = Some(EntityType::Norp);
                e.country = x.country.clone();
                continue;
            }
            e.name = x.name.clone();
            e.kind = Some(x.kind);
            e.country = x.country.clone();
            e.wikidata = x.wikidata.clone();
            if x.kind == EntityType::Person {
                e.roles = x.roles.clone();
            }
            // A tagged person the dictionary calls something else stays a person.
            if ks.iter().filter(|&&k| k == EntityType::Person).count() * 2 > ks.len()
                && x.kind != EntityType::Person
            {
                e.kind = Some(EntityType::Person);
                e.wikidata = None;
                e.country = None;
            }
        } else {
            // Majority type, ties to the first mention's.
            let mut best = ks[0];
            let mut best_n = 0;
            for &k in ks {
                let n = ks.iter().filter(|&&x| x == k).count();
                if n > best_n {
                    best = k;
                    best_n = n;
                }
            }
            e.kind = Some(best);
        }
    }
    doc.entities = ents;
}

/// Roles, affiliations and countries from the words around each mention.
fn attributes(doc: &mut Doc, idx: &ActorIndex, titles: &TitleIndex) {
    let mut mention_entity = vec![u32::MAX; doc.mentions.len()];
    for (e, ent) in doc.entities.iter().enumerate() {
        for &m in &ent.mentions {
            mention_entity[m as usize] = e as u32;
        }
    }
    // Token → mention index, for the countries named before a title.
    let mut tok_mention = vec![u32::MAX; doc.tokens.len()];
    for (i, m) in doc.mentions.iter().enumerate() {
        for t in m.tok_start..m.tok_end {
            tok_mention[t as usize] = i as u32;
        }
    }
    let mut late: Vec<(u32, u32)> = Vec::new();
    for mi in 0..doc.mentions.len() {
        let m = doc.mentions[mi].clone();
        let e = mention_entity[mi];
        if e == u32::MAX
            || !matches!(
                m.kind,
                EntityType::Person | EntityType::Org | EntityType::Group
            )
        {
            continue;
        }
        let Some(si) = doc.segment_of(m.tok_start as usize) else {
            continue;
        };
        let seg_start = doc.segments[si].tok_start as usize;
        let mut pre = read_premodifiers(
            doc,
            titles,
            &tok_mention,
            seg_start,
            m.tok_start as usize,
            m.kind,
        );
        // The office before the name, set off by a comma: "Kosovo's interior
        // minister, Xhelal Svecla, said"; "His spokesman, Stephane Dujarric".
        let ms = m.tok_start as usize;
        if m.kind == EntityType::Person
            && pre.roles.is_empty()
            && ms > seg_start + 1
            && doc.tok(ms - 1) == ","
            && tok_mention[ms - 2] == u32::MAX
        {
            let before = read_premodifiers(doc, titles, &tok_mention, seg_start, ms - 1, m.kind);
            if !before.roles.is_empty() {
                pre = before;
            }
        }
        let ent_country = pre.country_mention.and_then(|x| {
            let ce = mention_entity[x as usize];
            (ce != u32::MAX)
                .then(|| doc.entities[ce as usize].country.clone())
                .flatten()
        });
        let org_country = pre.org_mention.and_then(|x| {
            let oe = mention_entity[x as usize];
            (oe != u32::MAX && m.kind == EntityType::Person)
                .then(|| doc.entities[oe as usize].country.clone())
                .flatten()
        });
        let country = pre.country.clone().or(ent_country).or(org_country);
        let app = read_apposition(
            doc,
            titles,
            &tok_mention,
            &mention_entity,
            m.tok_end as usize,
            doc.segments[si].tok_end as usize,
        );
        let ent = &mut doc.entities[e as usize];
        if m.kind == EntityType::Person {
            for r in pre.roles.iter().chain(app.roles.iter()) {
                if !ent.roles.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                    ent.roles.push(r.clone());
                }
            }
            if ent.affiliation.is_none() {
                ent.affiliation = pre.affiliation.clone().or(app.affiliation.clone());
            }
        }
        if ent.country.is_none() {
            ent.country = country.or(app.country);
        }
        // The organisation may get its country later in the text ("a spokesman for the
        // Ruritanian Defence Force" before that name is read): settled after the loop.
        if m.kind == EntityType::Person
            && ent.country.is_none()
            && let Some(x) = pre.org_mention.or(app.org_mention)
        {
            late.push((e, x));
        }
        let ent = &doc.entities[e as usize];
        if ent.country.is_none() && ent.actor.is_none() {
            let country = match m.kind {
                // "King Hassan of Morocco".
                EntityType::Person if !ent.roles.is_empty() => {
                    of_country(doc, idx, &tok_mention, &mention_entity, m.tok_end as usize)
                }
                // "the US Congress", "Serbian Workers' Union".
                EntityType::Org => country_in_name(doc, &m, idx),
                _ => None,
            };
            doc.entities[e as usize].country = country;
        }
    }
    for (e, x) in late {
        let oe = mention_entity[x as usize];
        if oe != u32::MAX && doc.entities[e as usize].country.is_none() {
            doc.entities[e as usize].country = doc.entities[oe as usize].country.clone();
        }
    }
    domestic_office_holders(doc, titles, &mention_entity);
    state_spokespeople(doc, &mention_entity);
}

/// Bare state institutions a spokesperson may speak for without naming the state.
const STATE_INSTITUTIONS: [&str; 9] = [
    "government",
    "army",
    "military",
    "ministry",
    "presidency",
    "police",
    "armed forces",
    "cabinet",
    "defence forces",
];

/// A titled person of a bare state institution ("Government spokesman X", "X, the army
/// spokesman") speaks for the state the story is about at that point: the first country
/// named in the sentence before ("Rwanda rejected the claim. Government spokeswoman X said
/// …"), else the dateline's.
fn state_spokespeople(doc: &mut Doc, mention_entity: &[u32]) {
    let country_of = |mi: usize| -> Option<String> {
        let m = &doc.mentions[mi];
        if m.kind == EntityType::Person || m.kind == EntityType::Loc {
            return None;
        }
        let ce = mention_entity[mi];
        (ce != u32::MAX)
            .then(|| doc.entities[ce as usize].country.clone())
            .flatten()
    };
    // The dateline: a country-bearing place opening the first body sentence.
    let dateline = doc
        .segments
        .iter()
        .find(|g| g.kind != crate::doc::SegmentKind::Heading)
        .and_then(|g| {
            let mi = doc.mentions.partition_point(|m| m.tok_start < g.tok_start);
            (mi < doc.mentions.len() && doc.mentions[mi].tok_start == g.tok_start)
                .then(|| country_of(mi))
                .flatten()
        });
    let mut updates = Vec::new();
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind != Some(EntityType::Person)
            || ent.country.is_some()
            || ent.actor.is_some()
            || ent.roles.is_empty()
        {
            continue;
        }
        // A bare spokesperson speaks for the party of the sentence before.
        let spokes = ent
            .roles
            .iter()
            .any(|r| r.to_lowercase().starts_with("spokes"));
        match ent.affiliation.as_deref() {
            None if spokes => {}
            None => continue,
            Some(aff) => {
                let aff = aff.to_lowercase();
                let aff = aff.strip_prefix("the ").unwrap_or(&aff);
                if !STATE_INSTITUTIONS
                    .iter()
                    .any(|i| aff == *i || aff.ends_with(&format!(" {i}")))
                {
                    continue;
                }
            }
        }
        let Some(&first) = ent.mentions.first() else {
            continue;
        };
        let Some(si) = doc.segment_of(doc.mentions[first as usize].tok_start as usize) else {
            continue;
        };
        let before = si.checked_sub(1).and_then(|p| {
            let g = &doc.segments[p];
            let a = doc.mentions.partition_point(|m| m.tok_start < g.tok_start);
            (a..doc.mentions.len())
                .take_while(|&mi| doc.mentions[mi].tok_start < g.tok_end)
                .find_map(&country_of)
        });
        if let Some(c) = before.or_else(|| dateline.clone()) {
            updates.push((e, c));
        }
    }
    for (e, c) in updates {
        doc.entities[e].country = Some(c);
    }
}

/// An office holder of unknown country acts for the one country the sentence
/// that introduces them places the story in: "President Bouteflika threatened a
/// curfew in Algiers", "Lt. Gen. Avril resigned to allow Haiti's first
/// elections". Only locations ("in X") and possessives ("X's") count; a
/// country after "against" or "to" is more often the other party.
fn domestic_office_holders(doc: &mut Doc, titles: &TitleIndex, mention_entity: &[u32]) {
    for e in 0..doc.entities.len() {
        let ent = &doc.entities[e];
        if ent.kind != Some(EntityType::Person)
            || ent.country.is_some()
            || ent.actor.is_some()
            || ent.affiliation.is_some()
            || !ent.roles.iter().any(|r| is_office(titles, r))
        {
            continue;
        }
        let Some(&first) = ent.mentions.first() else {
            continue;
        };
        let Some(si) = doc.segment_of(doc.mentions[first as usize].tok_start as usize) else {
            continue;
        };
        let (a, b) = (doc.segments[si].tok_start, doc.segments[si].tok_end);
        let mut found: Option<&str> = None;
        let mut ambiguous = false;
        // Mentions are in text order: only the sentence's are read.
        let first = doc.mentions.partition_point(|m| m.tok_start < a);
        for (mi, m) in doc.mentions.iter().enumerate().skip(first) {
            if m.tok_start >= b {
                break;
            }
            if m.tok_end > b || m.kind != EntityType::Gpe {
                continue;
            }
            let ce = mention_entity[mi];
            let Some(iso) = (ce != u32::MAX)
                .then(|| doc.entities[ce as usize].country.as_deref())
                .flatten()
            else {
                continue;
            };
            let before = (m.tok_start > a).then(|| doc.tok(m.tok_start as usize - 1));
            let after = (m.tok_end < b).then(|| doc.tok(m.tok_end as usize));
            let located = matches!(before, Some("in" | "In")) || matches!(after, Some("'s" | "’s"));
            if !located {
                continue;
            }
            if found.is_some_and(|f| f != iso) {
                ambiguous = true;
            }
            found = Some(iso);
        }
        if let (false, Some(iso)) = (ambiguous, found) {
            let iso = iso.to_string();
            doc.entities[e].country = Some(iso);
        }
    }
}

/// True if a role names an office or military rank (not a spokesperson or analyst).
fn is_office(titles: &TitleIndex, role: &str) -> bool {
    let lower = role.to_lowercase();
    let last = lower.rsplit(' ').next().unwrap_or("");
    [lower.as_str(), last].iter().any(|k| {
        titles
            .get(k)
            .is_some_and(|(_, kind)| matches!(kind, TitleKind::Office | TitleKind::Military))
    })
}

/// The country after "of" that closes a title-bearing name: "King Hassan of
/// Morocco". Only a country row counts: "Mayor Jones of Springfield" says
/// nothing about the state.
fn of_country(
    doc: &Doc,
    idx: &ActorIndex,
    tok_mention: &[u32],
    mention_entity: &[u32],
    end: usize,
) -> Option<String> {
    if end + 1 >= doc.tokens.len() || doc.tok(end) != "of" {
        return None;
    }
    let mi = tok_mention[end + 1];
    if mi == u32::MAX || mention_entity[mi as usize] == u32::MAX {
        return None;
    }
    let ent = &doc.entities[mention_entity[mi as usize] as usize];
    let actor = &idx.actors[ent.actor? as usize];
    actor.is_country().then(|| actor.country.clone()).flatten()
}

/// The one country an organisation's own name contains, by name or demonym,
/// on token boundaries: "US Congress" → USA, "Kenya Anti-Corruption Commission"
/// → KEN. Two different countries ("Russia-Ukraine Commission") give none.
fn country_in_name(doc: &Doc, m: &Mention, idx: &ActorIndex) -> Option<String> {
    let ac = idx.ac.as_ref()?;
    let base = m.span.start as usize;
    let mut found: Option<&String> = None;
    for hit in ac.find_iter(doc.slice(m.span)) {
        if tok_at_start(doc, base + hit.start()).is_none()
            || tok_at_end(doc, base + hit.end()).is_none()
        {
            continue;
        }
        for &c in &idx.pats[hit.pattern().as_usize()].0 {
            let a = &idx.actors[c as usize];
            if let (true, Some(iso)) = (a.is_country(), &a.country) {
                if found.is_some_and(|f| f != iso) {
                    return None;
                }
                found = Some(iso);
            }
        }
    }
    found.cloned()
}

#[derive(Default)]
struct Pre {
    roles: Vec<String>,
    affiliation: Option<String>,
    country: Option<String>,
    country_mention: Option<u32>,
    /// The organisation named before the role ("French National Assembly
    /// president"): its country is the holder's when nothing closer gives one.
    org_mention: Option<u32>,
}

/// Read leftwards from a name: "Chinese foreign ministry spokeswoman [Mao Ning]".
fn read_premodifiers(
    doc: &Doc,
    titles: &TitleIndex,
    tok_mention: &[u32],
    seg_start: usize,
    name_start: usize,
    kind: EntityType,
) -> Pre {
    let mut pre = Pre::default();
    let mut i = name_start;
    let mut role_words: Vec<String> = Vec::new();
    let mut affil_words: Vec<&str> = Vec::new();
    let mut steps = 0;
    while i > seg_start && steps < 8 {
        steps += 1;
        let j = i - 1;
        let w = doc.tok(j);
        let lw = w.to_lowercase();
        // A multi-word title ending at j ("prime minister", "secretary of state").
        let mut matched = 0;
        for n in (1..=titles.max_words.min(j + 1 - seg_start)).rev() {
            let s = j + 1 - n;
            let phrase: Vec<String> = (s..=j).map(|k| doc.tok(k).to_lowercase()).collect();
            if let Some((canon, kind)) = titles.get(&phrase.join(" ")) {
                if *kind != TitleKind::Honorific || n == 1 {
                    if affil_words.is_empty() {
                        let _ = canon;
                        role_words.insert(0, doc.slice(doc.tok_span(s, j + 1)).to_string());
                    } else {
                        affil_words.insert(0, doc.slice(doc.tok_span(s, j + 1)));
                    }
                    matched = n;
                }
                break;
            }
        }
        if matched > 0 {
            i = j + 1 - matched;
            continue;
        }
        if tok_mention[j] != u32::MAX {
            let m = &doc.mentions[tok_mention[j] as usize];
            if matches!(m.kind, EntityType::Gpe | EntityType::Norp) {
                pre.country_mention = Some(tok_mention[j]);
                pre.country = None;
                break;
            }
            if matches!(m.kind, EntityType::Org | EntityType::Group) && !role_words.is_empty() {
                affil_words.insert(0, doc.slice(m.span));
                pre.org_mention.get_or_insert(tok_mention[j]);
                i = m.tok_start as usize;
                continue;
            }
            // A title the tagger took for a name of its own ("Ousted President
            // [Askar Akayev]"): part of this name's titles.
            if m.kind == EntityType::Person
                && m.tok_end as usize == i
                && (m.tok_start..m.tok_end)
                    .all(|t| titles.get(&doc.tok(t as usize).to_lowercase()).is_some())
            {
                role_words.insert(0, doc.slice(m.span).to_string());
                i = m.tok_start as usize;
                continue;
            }
            // A collective named by whom it belongs to takes that one's country:
            // "Hezbollah guerrillas", "the Bush administration".
            if kind == EntityType::Group
                && i == name_start
                && matches!(m.kind, EntityType::Org | EntityType::Person)
            {
                pre.country_mention = Some(tok_mention[j]);
            }
            break;
        }
        if w == "'s" || w == "’s" {
            i = j;
            continue;
        }
        // Lowercase nouns between a country and a role ("foreign ministry").
        if doc.tokens[j].is(tf::LOWER) && !role_words.is_empty() && !is_stop(&lw) {
            affil_words.insert(0, w);
            i = j;
            continue;
        }
        break;
    }
    if !role_words.is_empty() {
        pre.roles.push(role_words.join(" "));
    }
    if !affil_words.is_empty() {
        pre.affiliation = Some(affil_words.join(" "));
    }
    pre
}

fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "and"
            | "or"
            | "but"
            | "by"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "said"
            | "says"
            | "told"
            | "that"
            | "as"
            | "from"
            | "was"
            | "is"
            | "were"
            | "are"
            | "has"
            | "had"
            | "have"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "some"
            | "many"
            | "all"
            | "other"
            | "both"
            | "most"
            | "which"
            | "who"
            | "when"
            | "where"
            | "while"
            | "if"
            | "not"
            | "no"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "be"
            | "been"
    )
}

#[derive(Default)]
struct App {
    roles: Vec<String>,
    affiliation: Option<String>,
    country: Option<String>,
    /// The organisation or collective mention the role is held in.
    org_mention: Option<u32>,
}

/// Read an apposition: "[Rafael Grossi], head of the International Atomic Energy Agency,".
fn read_apposition(
    doc: &Doc,
    titles: &TitleIndex,
    tok_mention: &[u32],
    mention_entity: &[u32],
    name_end: usize,
    seg_end: usize,
) -> App {
    let mut app = App::default();
    if name_end + 2 >= seg_end || doc.tok(name_end) != "," {
        return app;
    }
    let mut i = name_end + 1;
    if matches!(doc.tok(i), "the" | "a" | "an") {
        i += 1;
    }
    // Optional country before the role: "the Iranian foreign minister".
    let mut country_m = None;
    if i < seg_end && tok_mention[i] != u32::MAX {
        let m = &doc.mentions[tok_mention[i] as usize];
        if matches!(m.kind, EntityType::Gpe | EntityType::Norp) {
            country_m = Some(tok_mention[i]);
            i = m.tok_end as usize;
            if i < seg_end && matches!(doc.tok(i), "'s" | "’s") {
                i += 1;
            }
        }
    }
    // An organisation or collective before the role: "the army spokesman",
    // "the foreign ministry's spokeswoman".
    // After a country too, and over two of them: "the Thai army's spokesman", "the Taliban
    // administration's defence minister" (the last is the affiliation).
    let mut affil_m = None;
    for _ in 0..2 {
        if i >= seg_end || tok_mention[i] == u32::MAX {
            break;
        }
        let m = &doc.mentions[tok_mention[i] as usize];
        if !(matches!(m.kind, EntityType::Org | EntityType::Group) && m.tok_start as usize + 1 >= i)
        {
            break;
        }
        affil_m = Some(tok_mention[i]);
        i = m.tok_end as usize;
        if i < seg_end && matches!(doc.tok(i), "'s" | "’s") {
            i += 1;
        }
    }
    let start = i;
    // "X, said the minister": a verb, not an apposition.
    if i < seg_end && {
        let w = doc.tok(i);
        doc.tokens[i].is(tf::LOWER) && (w.ends_with("ed") || matches!(w, "said" | "says" | "told"))
    } {
        return app;
    }
    let mut role_end = None;
    while i < seg_end && i < start + 6 {
        let t = doc.tok(i);
        if t == "," || t == "." || tok_mention[i] != u32::MAX {
            break;
        }
        let lw = t.to_lowercase();
        if let Some((canon, kind)) = titles.get(&lw) {
            if *kind != TitleKind::Modifier {
                role_end = Some((i + 1, canon.clone()));
            }
        }
        if matches!(lw.as_str(), "of" | "for" | "at" | "with" | "to") {
            break;
        }
        i += 1;
    }
    let Some((re, _)) = role_end else { return app };
    app.roles
        .push(doc.slice(doc.tok_span(start, re)).to_string());
    let mut k = re;
    if k < seg_end && matches!(doc.tok(k), "of" | "for" | "at" | "with") {
        k += 1;
        if k < seg_end && doc.tok(k) == "the" {
            k += 1;
        }
        if k < seg_end && tok_mention[k] != u32::MAX {
            let mi = tok_mention[k] as usize;
            let m = &doc.mentions[mi];
            let ce = mention_entity[mi];
            if m.kind == EntityType::Org {
                app.affiliation = Some(doc.slice(m.span).to_string());
                app.org_mention = Some(mi as u32);
            }
            if ce != u32::MAX {
                app.country = doc.entities[ce as usize].country.clone();
            }
        }
    }
    if let Some(am) = affil_m {
        app.org_mention.get_or_insert(am);
        let am = am as usize;
        if doc.mentions[am].kind == EntityType::Org || app.affiliation.is_none() {
            app.affiliation = Some(doc.slice(doc.mentions[am].span).to_string());
        }
        let ae = mention_entity[am];
        if ae != u32::MAX && app.country.is_none() {
            app.country = doc.entities[ae as usize].country.clone();
        }
    }
    if let Some(cm) = country_m {
        let ce = mention_entity[cm as usize];
        if ce != u32::MAX {
            app.country = doc.entities[ce as usize].country.clone().or(app.country);
        }
    }
    app
}
