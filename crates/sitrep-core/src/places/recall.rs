//! Toponyms the tagger typed otherwise or did not see, found with the
//! gazetteer before the places are chosen. Each rule needs a well-known place
//! name and evidence from the text; none changes what an organisation is:
//! - **retyped**: an entity the tagger called a person or an organisation,
//!   unknown to the actor dictionary, whose every name is a place and which
//!   the text uses as one ("in Douma", "Hinton, Alberta", a dateline
//!   "WINNIPEG —") becomes a GPE (or LOC);
//! - **nested**: a place named inside an organisation's name ("the Washington
//!   Post", "Pakistan Army", "University of Texas") gets a GPE mention of its
//!   own inside the organisation's mention, joined to the article's entity of
//!   that name when there is one. The organisation keeps its type and span
//!   (GUM nests place mentions inside organisations the same way);
//! - **dateline**: an all-capitals place at the start of a paragraph followed
//!   by a dash, comma or parenthesis ("TORONTO —", "WAUSAU, Wis.") that no
//!   mention covers;
//! - **after a preposition**: an untagged capitalised name right after "in",
//!   "near", … that is a country, a first-order region or a town of some size;
//! - **untagged states**: elsewhere, an untagged name of a country, continent
//!   or first-order region of four letters or more ("Gilgit-Baltistan");
//! - **abbreviations**: a capitals abbreviation of a country or first-order
//!   region ("BC", "T&T") counts, tagged as an organisation or untagged, only
//!   when another place the article names lies in that country or region
//!   ("Nelson" and "Victoria" for "BC"): alone, such letters are too often
//!   something else;
//! - **unions**: an organisation the gazetteer lists as a union of states
//!   (feature `PCLU`: "the EU") is a GPE, as a country acting is.
//!
//! Demonyms ("French", "Syrian") stay NORP and get no place: the issue asks
//! that they do not become map points of their own.

use std::collections::HashMap;

use super::{Kind, Match, PlacesStage, fold, prior_key};
use crate::doc::{Doc, Entity, EntityType, Mention, MentionSource, tf};
use crate::ner::hash;
use crate::ner::lexicon::lx;

/// Words after which a capitalised name is a location.
const LOC_PREPS: &[&str] = &[
    "in",
    "near",
    "outside",
    "around",
    "across",
    "throughout",
    "into",
    "toward",
    "towards",
];
/// Lowercase nouns that make the name before or after them a place ("the city
/// of X", "the X neighbourhood").
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "suburb",
    "neighborhood",
    "neighbourhood",
    "district",
    "province",
    "region",
    "county",
    "capital",
    "outskirts",
    "municipality",
];
/// Words after which a name inside an organisation's name is its place ("Bank of England").
const OF_WORDS: &[&str] = &["of", "for", "in"];
/// Longest sub-name tried inside an organisation's name, in tokens.
const MAX_NESTED: usize = 4;
/// Population a town needs to count as a place inside an organisation's name or
/// as the prefix of an unknown name (countries, continents and first-order
/// regions need none).
pub(super) const NESTED_POP: u32 = 50_000;
/// … to be retyped or found after a preposition, where the text is evidence.
const RETYPE_POP: u32 = 1_000;
/// … in a dateline.
const DATELINE_POP: u32 = 10_000;
/// A town named in the article that lets an abbreviation of its region or
/// country count ("Nelson" for "BC").
const ABBREV_CONTEXT_POP: u32 = 5_000;

/// Why the places stage made an entity a place, for `--explain`.
pub(super) type Origins = HashMap<u32, String>;

impl PlacesStage {
    /// The kind of the likeliest place named exactly `key`, when it is well
    /// known: a country, continent, first-order region or hand-made region or
    /// sea, or a populated place (or lower region) of at least `min_pop`.
    /// Historical and foreign alternates count only for countries and for
    /// places ten times that size.
    pub(super) fn strong(&self, key: &str, min_pop: u32) -> Option<Kind> {
        let mut best: Option<(f32, Kind)> = None;
        for (row, m) in self.gaz.lookup_key(key) {
            let p = self.gaz.place(row);
            let need = if m == Match::Name {
                min_pop
            } else {
                min_pop.saturating_mul(10)
            };
            let ok = match p.kind {
                Kind::Country | Kind::Union | Kind::Continent | Kind::Adm1 => true,
                Kind::Region | Kind::Water => p.id >= super::LOCAL_ID_BASE || p.population > 0,
                Kind::Former | Kind::Other => false,
                _ => p.population >= need,
            };
            if !ok {
                continue;
            }
            let s = prior_key(
                &self.gaz,
                &super::Cand {
                    row,
                    m,
                    via: super::Via::Full,
                },
            );
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, p.kind));
            }
        }
        best.map(|b| b.1)
    }

    /// True when tokens `a..b` are all ordinary English words or given names:
    /// "Independence Party", "Victoria's Secret" are not places. A two-letter
    /// capitals abbreviation ("BC", "SA") is judged by the gazetteer alone.
    fn unlikely_name(&self, doc: &Doc, a: usize, b: usize) -> bool {
        (a..b).all(|t| {
            let w = doc.tok(t);
            if w.len() == 2 && doc.tokens[t].is(tf::UPPER) {
                return false;
            }
            self.lexicon.is_common_word(w)
                || self.lexicon.word_bits(hash::lower(w)) & lx::GIVEN != 0
        })
    }

    /// Add the place mentions and retypings described in the module comment;
    /// returns why each new or retyped entity is a place.
    pub(super) fn recall(&self, doc: &mut Doc, buf: &mut String) -> Origins {
        let mut origins = Origins::new();
        if doc.tokens.is_empty() {
            return origins;
        }
        // Folded names of the article's places → entity.
        let mut by_key: HashMap<String, u32> = HashMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if e.kind.is_some_and(EntityType::is_place) {
                for &m in &e.mentions {
                    if let Some(mm) = doc.mentions.get(m as usize) {
                        if !mm.pronoun {
                            fold::key_into(doc.slice(mm.span), buf);
                            by_key.entry(buf.clone()).or_insert(i as u32);
                        }
                    }
                }
            }
        }
        self.retype(doc, buf, &mut by_key, &mut origins);
        let mut adds = Adds {
            base: doc.entities.len() as u32,
            ents: Vec::new(),
            ments: Vec::new(),
        };
        self.nested(doc, buf, &mut by_key, &mut origins, &mut adds);
        self.untagged(doc, buf, &mut by_key, &mut origins, &mut adds);
        doc.entities.extend(adds.ents);
        if !adds.ments.is_empty() {
            insert_mentions(doc, adds.ments);
        }
        origins
    }

    /// Person and organisation entities the text uses as places.
    fn retype(
        &self,
        doc: &mut Doc,
        buf: &mut String,
        by_key: &mut HashMap<String, u32>,
        origins: &mut Origins,
    ) {
        for i in 0..doc.entities.len() {
            let e = &doc.entities[i];
            let person = match e.kind {
                Some(EntityType::Person) => true,
                Some(EntityType::Org) => false,
                _ => continue,
            };
            if !person && !e.mentions.is_empty() {
                if let Some(why) = self.org_as_place(doc, buf, by_key, i) {
                    set_type(doc, i, EntityType::Gpe);
                    fold::key_into(&doc.entities[i].name, buf);
                    by_key.entry(buf.clone()).or_insert(i as u32);
                    origins.insert(i as u32, format!("tagged ORG, made a place: {why}"));
                    continue;
                }
            }
            if e.actor.is_some() || !e.roles.is_empty() || e.mentions.is_empty() {
                continue;
            }
            let mut kind = None;
            let mut evidence = None;
            let mut all = true;
            for &m in &e.mentions {
                let mm = &doc.mentions[m as usize];
                if mm.pronoun {
                    continue;
                }
                let (a, b) = (mm.tok_start as usize, mm.tok_end as usize);
                fold::key_into(doc.slice(mm.span), buf);
                let k = self.strong(buf, RETYPE_POP);
                let Some(k) = k else {
                    all = false;
                    break;
                };
                let big = matches!(k, Kind::Country | Kind::Continent | Kind::Adm1);
                // A given name or surname typed PERSON needs a state or region-sized name.
                if person
                    && !big
                    && (a..b).any(|t| {
                        self.lexicon.word_bits(hash::lower(doc.tok(t))) & (lx::GIVEN | lx::SURNAME)
                            != 0
                    })
                {
                    all = false;
                    break;
                }
                if !big && self.unlikely_name(doc, a, b) {
                    all = false;
                    break;
                }
                kind = kind.or(Some(k));
                if evidence.is_none() {
                    evidence = self.place_evidence(doc, a, b);
                }
            }
            let (true, Some(k), Some(why)) = (all, kind, evidence) else {
                continue;
            };
            let t = place_type(k);
            let was = if person { "PERSON" } else { "ORG" };
            set_type(doc, i, t);
            fold::key_into(&doc.entities[i].name, buf);
            by_key.entry(buf.clone()).or_insert(i as u32);
            origins.insert(i as u32, format!("tagged {was}, made a place: {why}"));
        }
    }

    /// Why the organisation entity `i` is a place, if it is: every name is a
    /// union of states, or (without a dictionary entry or roles) every name
    /// is a capitals abbreviation of a country or region whose places the
    /// article names.
    fn org_as_place(
        &self,
        doc: &Doc,
        buf: &mut String,
        by_key: &HashMap<String, u32>,
        i: usize,
    ) -> Option<String> {
        let e = &doc.entities[i];
        let mut union = true;
        let mut abbrev: Option<String> = None;
        for &m in &e.mentions {
            let mm = &doc.mentions[m as usize];
            if mm.pronoun {
                continue;
            }
            fold::key_into(doc.slice(mm.span), buf);
            union &= self
                .gaz
                .lookup_key(buf)
                .any(|(r, _)| self.gaz.place(r).kind == Kind::Union);
            let (a, b) = (mm.tok_start as usize, mm.tok_end as usize);
            abbrev = match abbrev {
                _ if !is_abbreviation(doc, a, b) => Some(String::new()),
                None => Some(self.abbreviation_context(buf, by_key).unwrap_or_default()),
                Some(w) => Some(w),
            };
        }
        if union {
            return Some("the gazetteer lists it as a union of states".to_string());
        }
        if e.actor.is_some() || !e.roles.is_empty() {
            return None;
        }
        abbrev
            .filter(|w| !w.is_empty())
            .map(|w| format!("an abbreviation of a place holding {w}"))
    }

    /// For a capitals abbreviation (key `key`) of a country or first-order
    /// region, the name of another place of the article inside it: the
    /// evidence an abbreviation needs. `None` when there is none.
    fn abbreviation_context(&self, key: &str, by_key: &HashMap<String, u32>) -> Option<String> {
        let areas: Vec<_> = self
            .gaz
            .lookup_key(key)
            .map(|(r, _)| self.gaz.place(r))
            .filter(|p| matches!(p.kind, Kind::Country | Kind::Adm1) && p.cc != [0, 0])
            .collect();
        if areas.is_empty() {
            return None;
        }
        let mut names: Vec<&String> = by_key.keys().filter(|k| k.as_str() != key).collect();
        names.sort_unstable(); // deterministic evidence text
        for k in names {
            for (r, m) in self.gaz.lookup_key(k) {
                let q = self.gaz.place(r);
                // The place named must be a likely reading of the name: a town
                // of some size, a region or the country itself.
                let likely = m == Match::Name
                    && (matches!(q.kind, Kind::Country | Kind::Adm1 | Kind::AdmN)
                        || (q.kind.is_populated() && q.population >= ABBREV_CONTEXT_POP));
                if likely
                    && areas
                        .iter()
                        .any(|p| q.cc == p.cc && (p.kind == Kind::Country || q.admin1 == p.admin1))
                {
                    return Some(format!("\"{k}\""));
                }
            }
        }
        None
    }

    /// Why tokens `a..b` are used as a place, if the text says so.
    fn place_evidence(&self, doc: &Doc, a: usize, b: usize) -> Option<String> {
        if a > 0 {
            let p = doc.tok(a - 1);
            if LOC_PREPS.iter().any(|w| p.eq_ignore_ascii_case(w)) {
                return Some(format!("after \"{p}\""));
            }
        }
        // "on the Bosphorus", "along the Nile": a preposition and "the" before a name.
        if a > 1
            && doc.tok(a - 1).eq_ignore_ascii_case("the")
            && (LOC_PREPS.iter().chain(&["on", "along", "off"]))
                .any(|w| doc.tok(a - 2).eq_ignore_ascii_case(w))
        {
            return Some(format!("after \"{} the\"", doc.tok(a - 2)));
        }
        // "the city of Douma", "the Crown Heights neighborhood".
        if a > 1 && doc.tok(a - 1) == "of" && PLACE_NOUNS.contains(&doc.tok(a - 2)) {
            return Some(format!("after \"{} of\"", doc.tok(a - 2)));
        }
        if doc.tokens.get(b).is_some() && PLACE_NOUNS.contains(&doc.tok(b)) {
            return Some(format!("before \"{}\"", doc.tok(b)));
        }
        if is_dateline(doc, a, b) {
            return Some("a dateline".to_string());
        }
        // "Hinton, Alberta": a comma and a place mention.
        if doc.tokens.get(b).is_some_and(|_| doc.tok(b) == ",") {
            let next = doc
                .mentions
                .iter()
                .find(|m| m.tok_start as usize == b + 1 && !m.pronoun);
            if next.is_some_and(|m| m.kind.is_place()) {
                return Some(format!(
                    "followed by \", {}\"",
                    doc.slice(next.unwrap().span)
                ));
            }
        }
        None
    }

    /// Places named inside organisations' names.
    fn nested(
        &self,
        doc: &Doc,
        buf: &mut String,
        by_key: &mut HashMap<String, u32>,
        origins: &mut Origins,
        adds: &mut Adds,
    ) {
        for e in &doc.entities {
            if e.kind != Some(EntityType::Org) {
                continue;
            }
            for &m in &e.mentions {
                let mm = &doc.mentions[m as usize];
                let (s, z) = (mm.tok_start as usize, mm.tok_end as usize);
                if mm.pronoun || z - s < 2 {
                    continue;
                }
                let mut a = s;
                while a < z {
                    match self.nested_at(doc, buf, by_key, s, z, a) {
                        Some((b, k)) => {
                            let why = format!(
                                "named inside the organisation name \"{}\"",
                                doc.slice(mm.span)
                            );
                            adds.add(doc, buf, by_key, origins, a, b, k, why);
                            a = b;
                        }
                        None => a += 1,
                    }
                }
            }
        }
    }

    /// The longest place name starting at token `a` inside the organisation
    /// name `s..z` (never the whole name): one the article already names as a
    /// place, a country, continent or first-order region anywhere ("Air
    /// Zimbabwe", "FrontCounter BC"), or another well-known place as the name's
    /// first words or after "of" ("Bank of England").
    fn nested_at(
        &self,
        doc: &Doc,
        buf: &mut String,
        by_key: &HashMap<String, u32>,
        s: usize,
        z: usize,
        a: usize,
    ) -> Option<(usize, Option<Kind>)> {
        if !doc.tokens[a].is(tf::CAP) || doc.tok(a) == "The" {
            return None;
        }
        let lead = a == s
            || OF_WORDS
                .iter()
                .any(|w| doc.tok(a - 1).eq_ignore_ascii_case(w));
        for b in (a + 1..=(a + MAX_NESTED).min(z)).rev() {
            if b - a == z - s || !doc.tokens[b - 1].is(tf::CAP) {
                continue;
            }
            fold::key_into(doc.slice(doc.tok_span(a, b)), buf);
            if buf.is_empty() {
                continue;
            }
            if by_key.contains_key(buf.as_str()) {
                return Some((b, None));
            }
            let Some(k) = self.strong(buf, NESTED_POP) else {
                continue;
            };
            if is_abbreviation(doc, a, b) && self.abbreviation_context(buf, by_key).is_none() {
                continue;
            }
            let big = matches!(k, Kind::Country | Kind::Union | Kind::Continent);
            let region = k == Kind::Adm1 && !self.unlikely_name(doc, a, b);
            if big || region || (lead && !self.unlikely_name(doc, a, b)) {
                return Some((b, Some(k)));
            }
        }
        None
    }

    /// Datelines, names after a locative preposition, and names of countries,
    /// continents and first-order regions, that no mention covers.
    fn untagged(
        &self,
        doc: &Doc,
        buf: &mut String,
        by_key: &mut HashMap<String, u32>,
        origins: &mut Origins,
        adds: &mut Adds,
    ) {
        let covered = doc.covered_tokens();
        let n = doc.tokens.len();
        let mut a = 0;
        while a < n {
            let t = doc.tokens[a];
            let prep = a > 0
                && LOC_PREPS
                    .iter()
                    .any(|w| doc.tok(a - 1).eq_ignore_ascii_case(w));
            let dateline = t.is(tf::LINE_START) && t.is(tf::UPPER);
            if covered[a] || !t.is(tf::CAP) {
                a += 1;
                continue;
            }
            // The capitalised run (all capitals for a dateline).
            let mut z = a;
            while z < n
                && z - a < MAX_NESTED
                && !covered[z]
                && doc.tokens[z].is(tf::CAP)
                && (!dateline || doc.tokens[z].is(tf::UPPER))
            {
                z += 1;
            }
            let mut hit = None;
            for b in (a + 1..=z).rev() {
                if dateline && !is_dateline(doc, a, b) {
                    continue;
                }
                fold::key_into(doc.slice(doc.tok_span(a, b)), buf);
                if buf.is_empty() || self.unlikely_name(doc, a, b) {
                    continue;
                }
                let known = by_key.contains_key(buf.as_str());
                let pop = if dateline { DATELINE_POP } else { RETYPE_POP };
                let Some(k) = self.strong(buf, pop).or(known.then_some(Kind::Town)) else {
                    continue;
                };
                // Elsewhere, only a state, continent or first-order region, by a
                // name of four letters or more ("Gilgit-Baltistan", "Asia").
                let state = matches!(k, Kind::Country | Kind::Continent | Kind::Adm1);
                let anywhere = state && buf.bytes().filter(u8::is_ascii_alphabetic).count() >= 4;
                // "BC", "T&T": a state's abbreviation where the article names its places.
                let abbreviation = state
                    && is_abbreviation(doc, a, b)
                    && self.abbreviation_context(buf, by_key).is_some();
                if prep || dateline || anywhere || abbreviation {
                    hit = Some((b, k, abbreviation && !prep && !dateline && !anywhere));
                    break;
                }
            }
            match hit {
                Some((b, k, abbreviation)) => {
                    let why = if abbreviation {
                        "untagged abbreviation of a country or region holding another place of the article"
                            .to_string()
                    } else if dateline {
                        "a dateline no mention covered".to_string()
                    } else if prep {
                        format!("untagged, after \"{}\"", doc.tok(a - 1))
                    } else {
                        "untagged name of a country or first-order region".to_string()
                    };
                    adds.add(doc, buf, by_key, origins, a, b, Some(k), why);
                    a = b;
                }
                None => a = z.max(a + 1),
            }
        }
    }
}

/// New entities and mentions, added after the rules ran.
pub(super) struct Adds {
    /// Index the first new entity will have.
    base: u32,
    ents: Vec<Entity>,
    ments: Vec<(Mention, u32)>,
}

impl Adds {
    /// A place mention on tokens `a..b`, joined to the article's place of
    /// that name (`buf` holds its key) or to a new entity of kind `k`.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        doc: &Doc,
        buf: &str,
        by_key: &mut HashMap<String, u32>,
        origins: &mut Origins,
        a: usize,
        b: usize,
        k: Option<Kind>,
        why: String,
    ) {
        let span = doc.tok_span(a, b);
        let ent = match by_key.get(buf) {
            Some(&e) => e,
            None => {
                let e = self.base + self.ents.len() as u32;
                self.ents.push(Entity {
                    name: doc.slice(span).to_string(),
                    kind: Some(place_type(k.unwrap_or(Kind::Town))),
                    ..Entity::default()
                });
                by_key.insert(buf.to_string(), e);
                origins.insert(e, why);
                e
            }
        };
        let kind = if ent >= self.base {
            self.ents[(ent - self.base) as usize].kind
        } else {
            doc.entities[ent as usize].kind
        }
        .unwrap_or(EntityType::Gpe);
        self.ments
            .push((doc.mention_over(a, b, kind, None, MentionSource::Rule), ent));
    }
}

/// Give entity `i` and its name mentions type `t`.
fn set_type(doc: &mut Doc, i: usize, t: EntityType) {
    let e = &mut doc.entities[i];
    e.kind = Some(t);
    for &m in &e.mentions {
        let mm = &mut doc.mentions[m as usize];
        if !mm.pronoun {
            mm.kind = t;
        }
    }
}

/// Tokens `a..b` are a capitals abbreviation: two or three capital letters,
/// possibly with periods or an ampersand ("BC", "B.C.", "NSW", "T&T").
fn is_abbreviation(doc: &Doc, a: usize, b: usize) -> bool {
    let s = doc.slice(doc.tok_span(a, b));
    let letters = s.chars().filter(char::is_ascii_alphabetic).count();
    (2..=3).contains(&letters)
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c == '.' || c == '&')
}

/// GPE for states, regions and towns; LOC for seas, continents and other regions.
fn place_type(k: Kind) -> EntityType {
    match k {
        Kind::Continent | Kind::Region | Kind::Water | Kind::Other => EntityType::Loc,
        _ => EntityType::Gpe,
    }
}

/// Tokens `a..b` open a paragraph in capitals and are followed by a dash,
/// comma, parenthesis or colon: "TORONTO —", "WAUSAU, Wis.", "MEXICO CITY (AP)".
fn is_dateline(doc: &Doc, a: usize, b: usize) -> bool {
    doc.tokens[a].is(tf::LINE_START)
        && (a..b).all(|t| doc.tokens[t].is(tf::UPPER) || doc.tokens[t].is(tf::PUNCT))
        && doc.tokens.get(b).is_some_and(|_| {
            matches!(doc.tok(b), "—" | "–" | "-" | "--" | "," | "(" | ":")
                || doc.tok(b).starts_with('—')
        })
}

/// Add mentions (each with its entity), keeping `doc.mentions` sorted by span
/// and every entity's mention list in text order.
fn insert_mentions(doc: &mut Doc, added: Vec<(Mention, u32)>) {
    let old = doc.mentions.len();
    let mut all: Vec<(Mention, usize)> = std::mem::take(&mut doc.mentions)
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, i))
        .collect();
    let owners: Vec<u32> = added.iter().map(|x| x.1).collect();
    all.extend(
        added
            .into_iter()
            .enumerate()
            .map(|(i, (m, _))| (m, old + i)),
    );
    all.sort_by_key(|(m, i)| (m.span.start, m.span.end, *i));
    let mut new_index = vec![0u32; all.len()];
    for (k, (_, i)) in all.iter().enumerate() {
        new_index[*i] = k as u32;
    }
    doc.mentions = all.into_iter().map(|x| x.0).collect();
    for e in &mut doc.entities {
        for m in &mut e.mentions {
            *m = new_index[*m as usize];
        }
    }
    for (j, ent) in owners.into_iter().enumerate() {
        if let Some(e) = doc.entities.get_mut(ent as usize) {
            e.mentions.push(new_index[old + j]);
        }
    }
    for e in &mut doc.entities {
        // Indices follow text order now that the list is sorted.
        e.mentions.sort_unstable();
    }
}
