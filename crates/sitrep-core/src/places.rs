//! Geocoding: every GPE and LOC entity is matched against the gazetteer by all
//! its names, and the candidates are scored from what the article says.
//!
//! A candidate's score is a sum of factors on a log10-population scale, so
//! that each factor reads as "worth a place N times bigger":
//! - `name`: matched by its name (0) or only by an alternate name (historical
//!   names, other languages' spellings);
//! - `kind`: feature class and admin level: a country name is the country, a
//!   capital or seat beats a village, a region named like its capital city
//!   yields to the city unless the text says "region", "oblast", …;
//! - `population`: the size prior;
//! - `entity_country`, `actor`: the entity's own country and dictionary entry
//!   from resolution (a `country:` entry is decisive);
//! - `hint`: "X region" / "X City" agreeing with the candidate's kind;
//! - `article_country`: the countries of the article's other entities and
//!   places; `region`: its first-order regions ("Springfield" beside
//!   "Illinois"); `near`: distance to its other places; `container`: "Paris,
//!   Texas";
//! - `source`: the publisher's country (from the URL's country-code domain).
//!
//! The article's context comes from a first pass without it, then two passes
//! with it; an entity never counts as its own context. Candidates scoring
//! below [`MIN_SCORE`] are not placed: a lone village sharing a name with an
//! unknown place is worse on a map than no point.
//!
//! Demonyms (NORP) and organisations, including metonyms such as "Downing
//! Street", are never geocoded; a capital acting as an actor ("Beijing said")
//! is still a GPE and keeps its location. Before choosing, `recall` adds the
//! places the tagger typed otherwise or missed: a place named inside an
//! organisation's name gets a nested GPE mention ("the Washington Post": Washington), a
//! person or organisation the text uses as a place ("in Douma") is retyped,
//! and datelines and names after "in", "near", … are read with the gazetteer.

pub mod fold;
pub mod gazetteer;
mod recall;

use std::collections::HashMap;
use std::sync::Arc;

pub use gazetteer::{GazError, Gazetteer, Kind, LOCAL_ID_BASE, Match, Place};

use crate::doc::{Doc, EntityType, Layer};
use crate::layers::{CandidateExplain, Explain, PlaceExplain, PlaceRef};
use crate::ner::lexicon::NerLexicon;
use crate::pipeline::{Scratch, Stage};
use crate::resolve::ActorIndex;

/// Candidates below this score are not placed.
pub const MIN_SCORE: f32 = 3.5;
/// Weight of log10(population): above 1, a city ten times bigger outweighs a
/// little local context (the Louisville of an article mentioning Mississippi
/// is still usually Kentucky's).
const POP_WEIGHT: f32 = 1.25;
/// Another entity of the article is the candidate's first-order region.
const REGION_BONUS: f32 = 1.5;
/// A sibling of the same rank: two first-order regions of one country, or two
/// countries; as strong as a container ("Paris, Texas"), both read off the text.
const SIBLING_STATE: f32 = 4.0;
/// A sibling town of the same country.
const SIBLING_TOWN: f32 = 1.5;
/// A region named like a city of 10,000 or more of its country is usually the city.
const CITY_NAMED_REGION: f32 = 2.5;
/// At most this many candidates per entity are scored (the most likely by prior).
const MAX_CANDS: usize = 256;
/// Candidates listed per place by `--explain`.
const EXPLAIN_CANDS: usize = 6;

/// What the dictionary says an actor is, for places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActorKind {
    Country,
    Region,
    City,
    Loc,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct ActorHint {
    kind: ActorKind,
    cc: Option<[u8; 2]>,
    row: Option<u32>,
}

/// The places stage: gazetteer, dictionary hints and ISO code tables.
pub struct PlacesStage {
    gaz: Arc<Gazetteer>,
    hints: Vec<ActorHint>,
    iso3: HashMap<[u8; 3], [u8; 2]>,
    lexicon: Arc<NerLexicon>,
    explain: bool,
}

/// How a name reached a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Via {
    /// The whole name.
    Full,
    /// The name without "region", "oblast", "city", …
    Stripped(Hint),
    /// The first words of a name that is not a place as a whole ("Jamaica"
    /// of a mention "Jamaica Cancer"): tried only when nothing else matched.
    Part,
}

/// What a generic word around a name says the place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Hint {
    Region,
    City,
    /// "Republic of …", "Kingdom of …": a state (or an autonomous republic).
    State,
}

const REGION_WORDS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "state",
    "governorate",
    "county",
    "district",
    "prefecture",
    "territory",
    "department",
    "krai",
    "kray",
    "municipality",
    "parish",
    "area",
];
const CITY_WORDS: &[&str] = &["city", "town", "village"];
const REGION_PREFIXES: &[&str] = &["state of ", "province of ", "region of ", "county of "];
const CITY_PREFIXES: &[&str] = &["city of ", "town of ", "village of "];
const STATE_PREFIXES: &[&str] = &["republic of ", "kingdom of ", "federation of "];

#[derive(Debug, Clone, Copy)]
struct Cand {
    row: u32,
    m: Match,
    via: Via,
}

/// Score components; names are those `--explain` prints.
#[derive(Debug, Clone, Copy, Default)]
struct Factors {
    name: f32,
    generic: f32,
    kind: f32,
    population: f32,
    entity_country: f32,
    actor: f32,
    hint: f32,
    article_country: f32,
    region: f32,
    near: f32,
    container: f32,
    sibling: f32,
    source: f32,
}

impl Factors {
    fn list(&self) -> [(&'static str, f32); 13] {
        [
            ("name", self.name),
            ("generic", self.generic),
            ("kind", self.kind),
            ("population", self.population),
            ("entity_country", self.entity_country),
            ("actor", self.actor),
            ("hint", self.hint),
            ("article_country", self.article_country),
            ("region", self.region),
            ("near", self.near),
            ("container", self.container),
            ("sibling", self.sibling),
            ("source", self.source),
        ]
    }
    fn total(&self) -> f32 {
        self.list().iter().map(|x| x.1).sum()
    }
}

/// One entity being placed.
struct Ent {
    entity: u32,
    names: Vec<String>,
    cands: Vec<Cand>,
    cc: Option<[u8; 2]>,
    hint: Option<ActorHint>,
    /// Entities written right after this one's mentions, after a comma ("Paris, Texas").
    containers: Vec<usize>,
    /// Entities written right before this one and a comma: it contains them.
    contains: Vec<usize>,
    /// Entities joined to this one by "and" / "or" ("California or Washington").
    siblings: Vec<usize>,
    /// What a generic word in its names says it is ("Donetsk region", "Gaza City").
    hint_word: Option<Hint>,
    /// Not a dictionary entry and named only by common words ("Royal", "West
    /// Coast") or by one very short word ("Abu"): usually a tagging slip.
    generic: f32,
}

/// The article's context, from the current choice of every entity.
#[derive(Default)]
struct Context {
    /// Country weight from non-place entities.
    base: HashMap<[u8; 2], f32>,
    /// Per entity: its contribution (country, weight).
    contrib: Vec<Option<([u8; 2], f32)>>,
    /// Totals, base included.
    total: HashMap<[u8; 2], f32>,
    top_weight: f32,
    /// Per entity: its first-order region, when it is one.
    region: Vec<Option<([u8; 2], [u8; 8])>>,
    /// Per entity: the first-order region holding it, when it is a place with a point.
    held: Vec<Option<([u8; 2], [u8; 8])>>,
    /// Per entity: its point, when it is a place with a meaningful point.
    point: Vec<Option<(f32, f32)>>,
    source: Option<[u8; 2]>,
}

impl PlacesStage {
    /// A stage over a finished gazetteer, the actor dictionary and the
    /// tagger's lexicon (its common words: "West", "Royal" alone are rarely
    /// places); `explain` records every candidate's score for `--explain`.
    pub fn new(
        gaz: Arc<Gazetteer>,
        actors: Arc<ActorIndex>,
        lexicon: Arc<NerLexicon>,
        explain: bool,
    ) -> PlacesStage {
        let mut iso3 = HashMap::new();
        let mut country_row: HashMap<[u8; 2], (u32, bool, u32)> = HashMap::new();
        for (r, p) in gaz.countries() {
            if p.kind != Kind::Country || p.cc == [0, 0] {
                continue;
            }
            if let [a, b, c] = p.admin1().as_bytes() {
                if a.is_ascii_uppercase() && b.is_ascii_uppercase() && c.is_ascii_uppercase() {
                    iso3.entry([*a, *b, *c]).or_insert(p.cc);
                }
            }
            let key = (r, p.feature().starts_with("PCL"), p.population);
            let e = country_row.entry(p.cc).or_insert(key);
            if (key.1, key.2) > (e.1, e.2) {
                *e = key;
            }
        }
        let hints = actors
            .actors
            .iter()
            .map(|a| {
                let kind = match a.key.split(':').next().unwrap_or("") {
                    _ if !a.kind.is_place() => ActorKind::Other,
                    "country" => ActorKind::Country,
                    "state" | "region" | "province" => ActorKind::Region,
                    "city" => ActorKind::City,
                    "loc" => ActorKind::Loc,
                    _ => ActorKind::Other,
                };
                let cc = a.country.as_deref().and_then(|c| iso2(&iso3, c));
                let row = match (kind, cc) {
                    (ActorKind::Other, _) => None,
                    (ActorKind::Country, Some(cc)) => country_row.get(&cc).map(|x| x.0),
                    _ => best_for_actor(&gaz, a.names(), kind, cc),
                };
                ActorHint { kind, cc, row }
            })
            .collect();
        PlacesStage {
            gaz,
            hints,
            iso3,
            lexicon,
            explain,
        }
    }
}

fn iso2(iso3: &HashMap<[u8; 3], [u8; 2]>, c: &str) -> Option<[u8; 2]> {
    match c.as_bytes() {
        [a, b, c] => iso3.get(&[*a, *b, *c]).copied(),
        _ => None,
    }
}

/// The gazetteer row a dictionary place most likely names: a row of its
/// country and of a compatible kind, by name match then population.
fn best_for_actor<'a>(
    gaz: &Gazetteer,
    names: impl Iterator<Item = &'a str>,
    kind: ActorKind,
    cc: Option<[u8; 2]>,
) -> Option<u32> {
    let mut best: Option<(u32, (bool, u32))> = None;
    for n in names {
        for (r, m) in gaz.lookup(n) {
            let p = gaz.place(r);
            if cc.is_some_and(|cc| cc != p.cc) {
                continue;
            }
            let ok = match kind {
                ActorKind::Region => matches!(p.kind, Kind::Adm1 | Kind::AdmN | Kind::Region),
                ActorKind::City => p.kind.is_populated(),
                ActorKind::Loc => !p.kind.is_populated(),
                _ => false,
            };
            if !ok {
                continue;
            }
            let key = (m == Match::Name, p.population);
            if best.is_none_or(|b| key > b.1) {
                best = Some((r, key));
            }
        }
    }
    best.map(|b| b.0)
}

impl Stage for PlacesStage {
    fn name(&self) -> &'static str {
        "places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        doc.places.clear();
        let origins = self.recall(doc, &mut scratch.buf);
        let ents = self.collect(doc, &mut scratch.buf);
        let n = ents.len();
        let mut ctx = self.base_context(doc, n);
        let mut choice = vec![Choice::NONE; n];
        // Pass 1: each entity alone; then twice with the others' choices.
        for (i, e) in ents.iter().enumerate() {
            choice[i] = self.choose(e, i, None, &choice);
        }
        for _ in 0..2 {
            self.update_context(&choice, &mut ctx);
            choice = ents
                .iter()
                .enumerate()
                .map(|(i, e)| self.choose(e, i, Some(&ctx), &choice))
                .collect();
        }
        for (e, ch) in ents.iter().zip(&choice) {
            let Some(r) = ch.placed() else { continue };
            let p = self.gaz.place(r);
            doc.places.push(PlaceRef {
                entity: e.entity,
                geonames: p.geonames(),
                lat: round4(p.lat),
                lon: round4(p.lon),
                country: (!p.country().is_empty()).then(|| p.country().to_string()),
                feature: p.feature().to_string(),
            });
        }
        if self.explain {
            // `ctx` is the context the last pass chose with, so the scores match the choice.
            let places = ents
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let mut x = self.explain_one(e, i, &ctx, &choice);
                    if let Some(o) = origins.get(&e.entity) {
                        x.reason = format!("{o}; {}", x.reason);
                    }
                    x
                })
                .collect();
            doc.explain.get_or_insert_with(Explain::default).places = places;
        }
    }
}

/// An entity's current choice.
#[derive(Debug, Clone, Copy)]
struct Choice {
    row: Option<u32>,
    score: f32,
}

impl Choice {
    const NONE: Choice = Choice {
        row: None,
        score: f32::NEG_INFINITY,
    };
    /// The row, when its score clears [`MIN_SCORE`].
    fn placed(&self) -> Option<u32> {
        self.row.filter(|_| self.score >= MIN_SCORE)
    }
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

fn round2(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

impl PlacesStage {
    /// Place entities with their candidates.
    fn collect(&self, doc: &Doc, buf: &mut String) -> Vec<Ent> {
        let mut ment_ent = vec![u32::MAX; doc.mentions.len()];
        for (i, e) in doc.entities.iter().enumerate() {
            for &m in &e.mentions {
                if let Some(x) = ment_ent.get_mut(m as usize) {
                    *x = i as u32;
                }
            }
        }
        // Entity index → position in `ents`.
        let mut pos = vec![usize::MAX; doc.entities.len()];
        let mut ents: Vec<Ent> = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if !e.kind.is_some_and(EntityType::is_place) {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            let mut add = |s: &str| {
                let s = s
                    .strip_suffix("'s")
                    .or_else(|| s.strip_suffix("’s"))
                    .unwrap_or(s)
                    .trim();
                if !s.is_empty() && !names.iter().any(|n| n == s) && names.len() < 16 {
                    names.push(s.to_string());
                }
            };
            add(&e.name);
            for &m in &e.mentions {
                if let Some(mm) = doc.mentions.get(m as usize) {
                    if !mm.pronoun {
                        add(doc.slice(mm.span));
                    }
                }
            }
            let hint = e.actor.and_then(|a| self.hints.get(a as usize)).copied();
            let generic = if e.actor.is_some() {
                0.0
            } else if names.iter().all(|n| self.all_common(n)) {
                -5.0
            } else if names
                .iter()
                .all(|n| n.chars().filter(|c| c.is_alphanumeric()).count() <= 3)
            {
                -3.0
            } else {
                0.0
            };
            let mut cands: Vec<Cand> = Vec::new();
            let mut hint_word = None;
            for n in &names {
                hint_word = hint_word.or(self.candidates(n, buf, &mut cands));
            }
            if cands.is_empty() {
                for n in &names {
                    if self.leading_part(n, buf, &mut cands) {
                        break;
                    }
                }
            }
            if let Some(h) = hint {
                if let Some(r) = h.row {
                    if !cands.iter().any(|c| c.row == r) {
                        cands.push(Cand {
                            row: r,
                            m: Match::Alternate,
                            via: Via::Full,
                        });
                    }
                }
            }
            let cc = e
                .country
                .as_deref()
                .and_then(|c| iso2(&self.iso3, c))
                .or(hint.and_then(|h| h.cc));
            if cands.len() > MAX_CANDS {
                let gaz = &self.gaz;
                cands.sort_by(|a, b| {
                    let pa = prior_key(gaz, a);
                    let pb = prior_key(gaz, b);
                    pb.total_cmp(&pa).then(a.row.cmp(&b.row))
                });
                cands.truncate(MAX_CANDS);
            }
            pos[i] = ents.len();
            ents.push(Ent {
                entity: i as u32,
                names,
                cands,
                cc,
                hint,
                containers: Vec::new(),
                contains: Vec::new(),
                siblings: Vec::new(),
                hint_word,
                generic,
            });
        }
        // "Paris, Texas": a place mention, a comma, another place's mention; "Texas and
        // Ohio": siblings.
        for (mi, m) in doc.mentions.iter().enumerate() {
            let e = ment_ent[mi];
            if e == u32::MAX || pos[e as usize] == usize::MAX {
                continue;
            }
            let comma = m.tok_end as usize;
            if doc.tokens.get(comma).is_none() {
                continue;
            }
            let joined = matches!(doc.tok(comma), "and" | "or");
            if !joined && doc.tok(comma) != "," {
                continue;
            }
            let next = doc
                .mentions
                .iter()
                .enumerate()
                .skip(mi + 1)
                .take(4)
                .find(|(_, n)| n.tok_start as usize == comma + 1 && !n.pronoun);
            if let Some((ni, _)) = next {
                let f = ment_ent[ni];
                if f != u32::MAX && f != e && pos[f as usize] != usize::MAX {
                    let (a, b) = (pos[e as usize], pos[f as usize]);
                    if joined {
                        if !ents[a].siblings.contains(&b) {
                            ents[a].siblings.push(b);
                            ents[b].siblings.push(a);
                        }
                    } else if !ents[a].containers.contains(&b) {
                        ents[a].containers.push(b);
                        ents[b].contains.push(a);
                    }
                }
            }
        }
        ents
    }

    /// True when every word of `name` is an ordinary English word.
    fn all_common(&self, name: &str) -> bool {
        let mut any = false;
        for w in name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !self.lexicon.is_common_word(w) {
                return false;
            }
            any = true;
        }
        any
    }

    /// Add the candidates of one name (and of its stripped forms) to `out`;
    /// returns what a generic word of the name says the place is.
    fn candidates(&self, name: &str, buf: &mut String, out: &mut Vec<Cand>) -> Option<Hint> {
        fold::key_into(name, buf);
        if buf.is_empty() {
            return None;
        }
        let mut found = None;
        let key = buf.clone();
        self.add_key(&key, Via::Full, out);
        // "Punjab, Pakistan" as one name: the part before the comma.
        if let Some((head, _)) = name.split_once(',') {
            fold::key_into(head, buf);
            let k = buf.clone();
            if !k.is_empty() {
                self.add_key(&k, Via::Full, out);
            }
        }
        for (words, prefixes, hint) in [
            (REGION_WORDS, REGION_PREFIXES, Hint::Region),
            (CITY_WORDS, CITY_PREFIXES, Hint::City),
            (&[][..], STATE_PREFIXES, Hint::State),
        ] {
            for w in words {
                if let Some(stem) = key.strip_suffix(w).and_then(|s| s.strip_suffix(' ')) {
                    if !stem.is_empty() {
                        self.add_key(stem, Via::Stripped(hint), out);
                        found = found.or(Some(hint));
                    }
                }
            }
            for p in prefixes {
                if let Some(stem) = key.strip_prefix(p) {
                    if !stem.is_empty() {
                        self.add_key(stem, Via::Stripped(hint), out);
                        found = found.or(Some(hint));
                    }
                }
            }
        }
        found
    }

    /// Candidates of the longest first words of `name` that are a well-known
    /// place ("Jamaica Cancer" → Jamaica); true when some were added.
    fn leading_part(&self, name: &str, buf: &mut String, out: &mut Vec<Cand>) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        for k in (1..words.len()).rev() {
            let head = &name
                [..words[k - 1].as_ptr() as usize - name.as_ptr() as usize + words[k - 1].len()];
            if !head.chars().next().is_some_and(char::is_uppercase) || self.all_common(head) {
                continue;
            }
            fold::key_into(head, buf);
            if buf.is_empty() || self.strong(buf, recall::NESTED_POP).is_none() {
                continue;
            }
            let key = buf.clone();
            self.add_key(&key, Via::Part, out);
            return !out.is_empty();
        }
        false
    }

    fn add_key(&self, key: &str, via: Via, out: &mut Vec<Cand>) {
        for (row, m) in self.gaz.lookup_key(key) {
            match out.iter_mut().find(|c| c.row == row) {
                Some(c) => {
                    if (via, m) < (c.via, c.m) {
                        c.via = via;
                        c.m = m;
                    }
                }
                None => out.push(Cand { row, m, via }),
            }
        }
    }

    /// Country weights from the article's non-place entities, and the source's country.
    fn base_context(&self, doc: &Doc, n: usize) -> Context {
        let mut ctx = Context {
            contrib: vec![None; n],
            region: vec![None; n],
            held: vec![None; n],
            point: vec![None; n],
            ..Context::default()
        };
        for e in &doc.entities {
            if e.kind.is_none_or(EntityType::is_place) {
                continue;
            }
            if let Some(cc) = e.country.as_deref().and_then(|c| iso2(&self.iso3, c)) {
                let w = 0.5 + 0.25 * (e.mentions.len().min(3) as f32);
                *ctx.base.entry(cc).or_default() += w;
            }
        }
        ctx.source = doc
            .meta
            .url
            .as_deref()
            .and_then(url_country)
            .filter(|cc| self.iso3.values().any(|x| x == cc));
        ctx
    }

    /// Recompute the article's context from the entities' current choices.
    fn update_context(&self, choice: &[Choice], ctx: &mut Context) {
        ctx.total = ctx.base.clone();
        for (i, ch) in choice.iter().enumerate() {
            ctx.contrib[i] = None;
            ctx.region[i] = None;
            ctx.held[i] = None;
            ctx.point[i] = None;
            let Some(r) = ch.placed() else { continue };
            let p = self.gaz.place(r);
            if p.cc != [0, 0] {
                let w = match p.kind {
                    Kind::Country => 1.5,
                    Kind::Adm1 => 1.0,
                    _ => 0.75,
                };
                ctx.contrib[i] = Some((p.cc, w));
                *ctx.total.entry(p.cc).or_default() += w;
            }
            if p.kind == Kind::Adm1 {
                ctx.region[i] = Some((p.cc, p.admin1));
            }
            if has_point(p) {
                ctx.point[i] = Some((p.lat, p.lon));
                if p.cc != [0, 0] && p.admin1 != [0; 8] {
                    ctx.held[i] = Some((p.cc, p.admin1));
                }
            }
        }
        ctx.top_weight = ctx.total.values().copied().fold(1.0, f32::max);
    }

    /// The best candidate of entity `e` (position `me`): without article
    /// context in the first pass (`ctx` None), with it afterwards.
    fn choose(&self, e: &Ent, me: usize, ctx: Option<&Context>, choice: &[Choice]) -> Choice {
        let mut best = Choice::NONE;
        for c in &e.cands {
            let s = self.factors(e, c, me, ctx, choice).total();
            let better = match best.row {
                None => true,
                Some(br) => s > best.score || (s == best.score && self.tiebreak(c.row, br)),
            };
            if better {
                best = Choice {
                    row: Some(c.row),
                    score: s,
                };
            }
        }
        best
    }

    /// Deterministic tie-break: the more populous, then the lower id.
    fn tiebreak(&self, a: u32, b: u32) -> bool {
        let (pa, pb) = (self.gaz.place(a), self.gaz.place(b));
        (pa.population, std::cmp::Reverse(pa.id)) > (pb.population, std::cmp::Reverse(pb.id))
    }

    fn factors(
        &self,
        e: &Ent,
        c: &Cand,
        me: usize,
        ctx: Option<&Context>,
        choice: &[Choice],
    ) -> Factors {
        let gaz = &self.gaz;
        let p = gaz.place(c.row);
        let mut f = Factors {
            name: match c.m {
                Match::Name => 0.0,
                Match::Alternate => -1.2,
            },
            generic: e.generic,
            ..Factors::default()
        };
        f.population = population_prior(p);
        f.kind = kind_prior(p.kind);
        match c.via {
            // Found without the generic word: "Suffolk" for "Suffolk County".
            Via::Stripped(_) => f.name -= 0.5,
            // Only part of the name is a place.
            Via::Part => f.name -= 1.0,
            Via::Full => {}
        }
        if let Some(h) = e.hint_word {
            let agrees = match h {
                Hint::Region => matches!(p.kind, Kind::Adm1 | Kind::AdmN | Kind::Region),
                Hint::City => p.kind.is_populated(),
                Hint::State => matches!(p.kind, Kind::Country | Kind::Adm1),
            };
            f.hint = if agrees { 1.5 } else { -2.5 };
        }
        // A region named like its main city ("Kherson", "Lagos") is the city,
        // unless the text said "region" or the sentence's structure says so
        // (applied at the end, once `container` and `sibling` are known).
        let city_named = matches!(p.kind, Kind::Adm1 | Kind::AdmN)
            && !matches!(c.via, Via::Stripped(Hint::Region))
            && e.cands.iter().any(|o| {
                let q = gaz.place(o.row);
                q.kind.is_populated()
                    && q.kind != Kind::Neighbourhood
                    && q.cc == p.cc
                    && q.population >= 10_000
                    && o.via == Via::Full
            });
        if let Some(cc) = e.cc {
            f.entity_country = if cc == p.cc { 3.0 } else { -1.0 };
        }
        if let Some(h) = e.hint {
            if h.kind == ActorKind::Country {
                if p.kind == Kind::Country && Some(p.cc) == h.cc {
                    f.actor = 6.0;
                } else if h.cc.is_some() || p.kind != Kind::Country {
                    f.actor = -4.0;
                }
            } else {
                if h.row == Some(c.row) {
                    f.actor += 2.5;
                }
                let fits = match h.kind {
                    ActorKind::Region => matches!(p.kind, Kind::Adm1 | Kind::AdmN | Kind::Region),
                    ActorKind::City => p.kind.is_populated(),
                    ActorKind::Loc => matches!(p.kind, Kind::Water | Kind::Region | Kind::Other),
                    _ => false,
                };
                if fits {
                    f.actor += 1.0;
                }
            }
        }
        let Some(ctx) = ctx else {
            if city_named {
                f.kind -= CITY_NAMED_REGION;
            }
            return f;
        };
        if p.cc != [0, 0] {
            let mut w = ctx.total.get(&p.cc).copied().unwrap_or(0.0);
            // Neither this entity nor another that chose this very row (two
            // entities of one name) is evidence for it.
            for (i, x) in ctx.contrib.iter().enumerate() {
                if let Some((cc, x)) = x {
                    let same = i == me || choice.get(i).and_then(|o| o.row) == Some(c.row);
                    if same && *cc == p.cc {
                        w -= x;
                    }
                }
            }
            if w > 0.01 {
                // Mentioned at all, and how much relative to the article's main country.
                f.article_country = 1.5 * (w.min(2.0) / 2.0) + 1.5 * (w / ctx.top_weight).min(1.0);
            }
            if ctx.source == Some(p.cc) {
                f.source = 1.0;
            }
            let other = |i: usize| i != me && choice.get(i).and_then(|o| o.row) != Some(c.row);
            // In a region the article names ("Springfield" beside "Illinois")…
            if p.kind != Kind::Country
                && ctx
                    .region
                    .iter()
                    .enumerate()
                    .any(|(i, r)| other(i) && *r == Some((p.cc, p.admin1)))
            {
                f.region = REGION_BONUS;
            }
            // …or the region holding places the article names ("Washington" beside "Seattle").
            if p.kind == Kind::Adm1
                && ctx
                    .held
                    .iter()
                    .enumerate()
                    .any(|(i, r)| other(i) && *r == Some((p.cc, p.admin1)))
            {
                f.region = REGION_BONUS;
            }
        }
        if has_point(p) {
            let mut dmin = f32::INFINITY;
            for (i, pt) in ctx.point.iter().enumerate() {
                if i == me {
                    continue;
                }
                if let Some((la, lo)) = pt {
                    // The same name listed twice is not evidence for itself.
                    if choice.get(i).and_then(|o| o.row) == Some(c.row) {
                        continue;
                    }
                    dmin = dmin.min(km(p.lat, p.lon, *la, *lo));
                }
            }
            if dmin.is_finite() {
                let x = 1.0 - (dmin.max(25.0) / 25.0).ln() / 40f32.ln();
                f.near = 2.0 * x.clamp(0.0, 1.0);
            }
        }
        for &k in &e.containers {
            let Some(r) = choice.get(k).and_then(Choice::placed) else {
                continue;
            };
            let q = gaz.place(r);
            let inside = match q.kind {
                Kind::Country => q.cc == p.cc,
                Kind::Adm1 => q.cc == p.cc && q.admin1 == p.admin1,
                _ => false,
            };
            if inside && c.row != r {
                f.container = f.container.max(4.0);
            }
        }
        // …and "Texas" after "Paris," is the Texas that holds that Paris.
        for &k in &e.contains {
            let Some(r) = choice.get(k).and_then(Choice::placed) else {
                continue;
            };
            let q = gaz.place(r);
            let holds = q.kind != Kind::Country
                && match p.kind {
                    Kind::Country => q.cc == p.cc,
                    Kind::Adm1 => q.cc == p.cc && q.admin1 == p.admin1,
                    _ => false,
                };
            if holds {
                f.container = f.container.max(4.0);
            }
        }
        // "California or Washington": places joined by "and"/"or" are usually
        // of one rank and one country; a list of states or of countries is
        // stronger evidence than one of towns, which share names more often.
        for &k in &e.siblings {
            let Some(r) = choice.get(k).and_then(Choice::placed) else {
                continue;
            };
            let q = gaz.place(r);
            let w = match (q.kind, p.kind) {
                (Kind::Country, Kind::Country) => SIBLING_STATE,
                (Kind::Adm1, Kind::Adm1) if q.cc == p.cc => SIBLING_STATE,
                (a, b) if a.is_populated() && b.is_populated() && q.cc == p.cc => SIBLING_TOWN,
                _ => 0.0,
            };
            if c.row != r {
                f.sibling = f.sibling.max(w);
            }
        }
        // "Tacoma, Washington" or "California or Washington" name the state,
        // not the city the state is named after.
        if city_named && f.container == 0.0 && f.sibling < SIBLING_STATE {
            f.kind -= CITY_NAMED_REGION;
        }
        f
    }

    fn explain_one(&self, e: &Ent, me: usize, ctx: &Context, choice: &[Choice]) -> PlaceExplain {
        let mut scored: Vec<(u32, Factors, f32)> = e
            .cands
            .iter()
            .map(|c| {
                let f = self.factors(e, c, me, Some(ctx), choice);
                (c.row, f, f.total())
            })
            .collect();
        scored.sort_by(|a, b| {
            b.2.total_cmp(&a.2).then_with(|| {
                if self.tiebreak(a.0, b.0) {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                }
            })
        });
        let placed = choice.get(me).and_then(Choice::placed);
        let reason = match (scored.first(), scored.get(1)) {
            (None, _) => "no gazetteer entry has this name".to_string(),
            (Some(w), _) if w.2 < MIN_SCORE => format!(
                "best score {:.2} is below the threshold {MIN_SCORE}: not placed",
                w.2
            ),
            (Some(_), None) => "the only candidate".to_string(),
            (Some(w), Some(r)) => {
                let wl = w.1.list();
                let rl = r.1.list();
                let (name, d) = wl
                    .iter()
                    .zip(rl.iter())
                    .map(|(a, b)| (a.0, a.1 - b.1))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap_or(("name", 0.0));
                let q = self.gaz.place(r.0);
                format!(
                    "{name} (+{d:.2}) over {} ({}, {}), by {:.2} in all",
                    self.gaz.name(r.0),
                    q.country(),
                    q.feature(),
                    w.2 - r.2
                )
            }
        };
        let candidates = scored
            .iter()
            .take(EXPLAIN_CANDS)
            .map(|(r, f, s)| {
                let p = self.gaz.place(*r);
                CandidateExplain {
                    id: p.id,
                    geonames: p.geonames(),
                    name: self.gaz.name(*r).to_string(),
                    country: p.country().to_string(),
                    admin1: p.admin1().to_string(),
                    feature: p.feature().to_string(),
                    population: p.population,
                    lat: round4(p.lat),
                    lon: round4(p.lon),
                    score: round2(*s),
                    factors: f
                        .list()
                        .iter()
                        .filter(|x| x.1 != 0.0)
                        .map(|&(n, v)| (n, round2(v)))
                        .collect(),
                }
            })
            .collect();
        PlaceExplain {
            entity: e.entity,
            names: e.names.clone(),
            chosen: placed.map(|r| self.gaz.place(r).id),
            reason,
            considered: e.cands.len() as u32,
            candidates,
        }
    }
}

/// A prior without context, to keep the likeliest candidates of very common names.
fn prior_key(gaz: &Gazetteer, c: &Cand) -> f32 {
    let p = gaz.place(c.row);
    population_prior(p) + kind_prior(p.kind) - if c.m == Match::Alternate { 1.2 } else { 0.0 }
}

fn population_prior(p: Place) -> f32 {
    if p.id >= LOCAL_ID_BASE
        && p.population == 0
        && matches!(
            p.kind,
            Kind::Region | Kind::Water | Kind::Other | Kind::Country | Kind::Union
        )
    {
        // Hand-made regions, seas and sites matter as much as a large city.
        return POP_WEIGHT * 6.0;
    }
    let pop = (p.population.max(300)) as f32;
    let base = POP_WEIGHT * pop.log10();
    if matches!(p.kind, Kind::Adm1 | Kind::AdmN) {
        // Region populations are sums over their places: discount them.
        base - 0.5
    } else {
        base
    }
}

fn kind_prior(k: Kind) -> f32 {
    match k {
        Kind::Country | Kind::Union => 5.0,
        Kind::Continent => 5.0,
        Kind::Adm1 => 1.0,
        Kind::AdmN => 0.3,
        Kind::Capital => 1.5,
        Kind::Seat1 => 1.0,
        Kind::Seat2 => 0.4,
        Kind::SeatN => 0.3,
        Kind::Town => 0.0,
        Kind::Neighbourhood => -1.5,
        Kind::Former => -2.0,
        Kind::Region | Kind::Water => 1.0,
        Kind::Other => 0.0,
    }
}

/// True when a row's point says where something is (not a conventional centre
/// of a country, continent, sea or region: membership in a region counts
/// through the `region` factor instead).
fn has_point(p: Place) -> bool {
    !matches!(
        p.kind,
        Kind::Country
            | Kind::Union
            | Kind::Continent
            | Kind::Water
            | Kind::Region
            | Kind::Adm1
            | Kind::AdmN
    )
}

/// Great-circle distance in km.
fn km(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    let r = std::f32::consts::PI / 180.0;
    let h = ((lat2 - lat1) * r / 2.0).sin().powi(2)
        + (lat1 * r).cos() * (lat2 * r).cos() * ((lon2 - lon1) * r / 2.0).sin().powi(2);
    12742.0 * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The country of a URL's country-code top-level domain (`bbc.co.uk` → GB),
/// ignoring codes used as generic domains (`.tv`, `.io`, …).
pub fn url_country(url: &str) -> Option<[u8; 2]> {
    let rest = url.split_once("://").map_or(url, |x| x.1);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    if tld.len() != 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) || !host.contains('.') {
        return None;
    }
    let t = tld.to_ascii_lowercase();
    if matches!(
        t.as_str(),
        "tv" | "io"
            | "co"
            | "me"
            | "fm"
            | "ai"
            | "ly"
            | "to"
            | "cc"
            | "ws"
            | "am"
            | "gg"
            | "la"
            | "nu"
            | "tk"
            | "ml"
            | "ga"
            | "cf"
            | "gq"
            | "sh"
            | "ac"
            | "eu"
            | "su"
            | "vc"
            | "st"
            | "gl"
            | "im"
            | "sx"
            | "bz"
            | "mu"
            | "cx"
            | "is"
            | "so"
            | "md"
            | "ms"
            | "fo"
            | "tt"
    ) {
        return None;
    }
    let b = t.as_bytes();
    let cc = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
    Some(if cc == *b"UK" { *b"GB" } else { cc })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{DocMeta, Entity, Mention, MentionSource};
    use crate::pipeline::Pipeline;
    use crate::text::{SegmentStage, TokenizeStage};

    /// A tiny gazetteer: homonyms on purpose.
    const GAZ: &str = "\
# test gazetteer
id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation
10\tTripoli\t\tTarabulus\t32.8874\t13.1873\tLY\t77\tPPLC\t1302947
11\tTripoli\t\tTrablous|Tarabulus\t34.4367\t35.8497\tLB\t09\tPPLA\t229398
12\tLebanon\t\t\t33.8333\t35.8333\tLB\tLBN\tPCLI\t6848925
13\tLibya\t\t\t28.0\t17.0\tLY\tLBY\tPCLI\t6678567
14\tBeirut\t\tBeyrouth\t33.8933\t35.5016\tLB\t04\tPPLC\t1916100
20\tGeorgia\t\tSakartvelo\t42.0\t43.5\tGE\tGEO\tPCLI\t3731000
21\tGeorgia\t\t\t32.75\t-83.5\tUS\tGA\tADM1\t10711908
22\tTbilisi\t\tTiflis\t41.6941\t44.8337\tGE\t51\tPPLC\t1049498
23\tAtlanta\t\t\t33.749\t-84.388\tUS\tGA\tPPLA\t498715
24\tUnited States\t\tUSA\t39.76\t-98.5\tUS\tUSA\tPCLI\t327167434
30\tJordan\t\t\t31.0\t36.0\tJO\tJOR\tPCLI\t10101694
31\tJordan\t\t\t44.6669\t-93.6263\tUS\tMN\tPPL\t6503
32\tChad\t\t\t15.0\t19.0\tTD\tTCD\tPCLI\t15477751
33\tChad\t\t\t47.1\t8.2\tCH\tLU\tPPL\t600
40\tDonetsk\t\t\t48.0230\t37.8022\tUA\t05\tPPLA\t901645
41\tDonetsk\t\tDonetsk Oblast\t48.0486\t37.7254\tUA\t05\tADM1\t4100000
42\tUkraine\t\t\t49.0\t32.0\tUA\tUKR\tPCLI\t44622516
43\tZaporizhzhia\t\tZaporozhye|Zaporizhzhya\t47.8517\t35.1171\tUA\t26\tPPLA\t710052
44\tZaporizhzhia\t\t\t46.9617\t35.0428\tUA\t26\tPPL\t656
50\tDouma\t\t\t33.5711\t36.4026\tSY\t08\tPPL\t110893
51\tSyria\t\t\t35.0\t38.0\tSY\tSYR\tPCLI\t22933531
52\tSmallville\t\t\t38.0\t-97.0\tUS\tKS\tPPL\t2000
2000000001\tDonbas\t\tDonbass\t48.0\t38.5\tUA\t\tRGN\t0
2000000002\tSahel\t\t\t14.5\t2.0\t\t\tRGN\t0
";

    /// Build a document whose GPE/LOC entities are the given names, each
    /// with every occurrence of the name as a mention, then run the stage.
    fn run(text: &str, places: &[(&str, EntityType, Option<&str>)], stage: &PlacesStage) -> Doc {
        let p = Pipeline::new(vec![Box::new(TokenizeStage), Box::new(SegmentStage)]).unwrap();
        let mut doc = Doc::new(text, DocMeta::default());
        let mut scratch = Scratch::default();
        p.run(&mut doc, &mut scratch);
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (k, (name, _, _)) in places.iter().enumerate() {
            for (b, _) in text.match_indices(name) {
                let a = doc.tokens.iter().position(|t| t.span.start as usize == b);
                let z = doc
                    .tokens
                    .iter()
                    .position(|t| t.span.end as usize == b + name.len());
                if let (Some(a), Some(z)) = (a, z) {
                    if !found.iter().any(|f| f.0 <= z && a < f.1) {
                        found.push((a, z + 1, k));
                    }
                }
            }
        }
        found.sort();
        let mut ents: Vec<Entity> = places
            .iter()
            .map(|(name, kind, cc)| Entity {
                name: name.to_string(),
                kind: Some(*kind),
                country: cc.map(str::to_string),
                ..Entity::default()
            })
            .collect();
        for (a, z, k) in found {
            ents[k].mentions.push(doc.mentions.len() as u32);
            doc.mentions.push(Mention {
                span: doc.tok_span(a, z),
                tok_start: a as u32,
                tok_end: z as u32,
                kind: places[k].1,
                actor: None,
                source: MentionSource::Tagger,
                pronoun: false,
            });
        }
        doc.entities = ents;
        stage.run(&mut doc, &mut scratch);
        doc
    }

    fn stage(extra: Option<&str>, explain: bool) -> PlacesStage {
        let mut g = Gazetteer::new();
        g.add_file("test.tsv", GAZ).unwrap();
        if let Some(x) = extra {
            g.add_file("user.tsv", x).unwrap();
        }
        g.finish();
        PlacesStage::new(
            Arc::new(g),
            Arc::new(ActorIndex::new(Vec::new())),
            Arc::new(NerLexicon::empty()),
            explain,
        )
    }

    /// The GeoNames id placed for entity `k`, if any.
    fn placed(doc: &Doc, k: u32) -> Option<u64> {
        doc.places
            .iter()
            .find(|p| p.entity == k)
            .map(|p| p.geonames.unwrap_or(u64::MAX))
    }

    const GPE: EntityType = EntityType::Gpe;
    const LOC: EntityType = EntityType::Loc;

    #[test]
    fn tripoli_in_an_article_about_lebanon() {
        let st = stage(None, false);
        let d = run(
            "Clashes in Tripoli\nFighting broke out in Tripoli, Lebanon's second city, \
             a day after protests in Beirut.",
            &[
                ("Tripoli", GPE, None),
                ("Lebanon", GPE, None),
                ("Beirut", GPE, None),
            ],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(11));
        assert_eq!(placed(&d, 1), Some(12));
        // Without context the capital of Libya wins.
        let d = run("Talks resume in Tripoli.", &[("Tripoli", GPE, None)], &st);
        assert_eq!(placed(&d, 0), Some(10));
        // The entity's own country from resolution decides too.
        let d = run(
            "Talks resume in Tripoli.",
            &[("Tripoli", GPE, Some("LBN"))],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(11));
    }

    #[test]
    fn georgia_beside_tbilisi_is_the_country() {
        let st = stage(None, false);
        let d = run(
            "Protesters gathered in Tbilisi as Georgia's parliament voted.",
            &[("Tbilisi", GPE, None), ("Georgia", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(20));
        let d = run(
            "Voters in Atlanta, Georgia, lined up early across the United States.",
            &[
                ("Atlanta", GPE, None),
                ("Georgia", GPE, None),
                ("United States", GPE, None),
            ],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(21));
        assert_eq!(placed(&d, 0), Some(23));
    }

    #[test]
    fn a_country_name_is_the_country_not_a_village() {
        let st = stage(None, false);
        let d = run(
            "Chad and Jordan signed the accord.",
            &[("Chad", GPE, None), ("Jordan", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(32));
        assert_eq!(placed(&d, 1), Some(30));
        // Even in an article about the village's country.
        let d = run(
            "Officials in the United States said Jordan would host the talks.",
            &[("United States", GPE, None), ("Jordan", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(30));
    }

    #[test]
    fn regions() {
        let st = stage(None, false);
        let d = run(
            "Shelling continued across the Donbas and the Sahel saw new raids.",
            &[("Donbas", LOC, None), ("Sahel", LOC, None)],
            &st,
        );
        let donbas = d.places.iter().find(|p| p.entity == 0).unwrap();
        assert_eq!((donbas.geonames, donbas.feature.as_str()), (None, "RGN"));
        assert_eq!(
            d.places.iter().find(|p| p.entity == 1).unwrap().feature,
            "RGN"
        );
        // "the Donetsk region" is the oblast; "Donetsk" alone is the city.
        let d = run(
            "Russia attacked the Donetsk region overnight.",
            &[("Donetsk region", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(41));
        let d = run(
            "Russia shelled Donetsk overnight.",
            &[("Donetsk", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(40));
    }

    #[test]
    fn transliterations_and_size() {
        let st = stage(None, false);
        // An alternate spelling of a big city beats the same name of a village.
        let d = run(
            "Missiles struck Zaporozhye in Ukraine.",
            &[("Zaporozhye", GPE, None), ("Ukraine", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(43));
        let d = run(
            "Missiles struck Zaporizhzhia.",
            &[("Zaporizhzhia", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(43));
    }

    #[test]
    fn a_user_added_place() {
        let user = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
            2000000500\tRobotyne\t\tRabotino\t47.445\t35.838\tUA\t26\tPPL\t480\n";
        let text = "Ukrainian troops advanced near Robotyne in Ukraine.";
        let ents = [("Robotyne", GPE, None), ("Ukraine", GPE, None)];
        assert_eq!(placed(&run(text, &ents, &stage(None, false)), 0), None);
        let d = run(text, &ents, &stage(Some(user), false));
        let p = d.places.iter().find(|p| p.entity == 0).unwrap();
        assert_eq!((p.geonames, p.lat, p.lon), (None, 47.445, 35.838));
        assert_eq!(p.country.as_deref(), Some("UA"));
    }

    #[test]
    fn nothing_for_unknown_names_and_non_places() {
        let st = stage(None, false);
        let d = run(
            "The Lebanese army and Tripoli officials met Atlantis delegates.",
            &[
                ("Atlantis", GPE, None),
                ("Lebanese", EntityType::Norp, Some("LBN")),
            ],
            &st,
        );
        assert!(d.places.is_empty());
    }

    #[test]
    fn explain_lists_candidates_and_a_reason() {
        let st = stage(None, true);
        let d = run(
            "Fighting broke out in Tripoli, Lebanon.",
            &[("Tripoli", GPE, None), ("Lebanon", GPE, None)],
            &st,
        );
        let x = d.explain.as_ref().unwrap();
        let t = &x.places[0];
        assert_eq!(t.chosen, Some(11));
        assert_eq!(t.candidates.len(), 2);
        assert_eq!(t.candidates[0].id, 11);
        assert!(t.candidates[0].score > t.candidates[1].score);
        assert!(t.reason.contains("over Tripoli (LY"), "{}", t.reason);
        assert!(t.candidates[0].factors.iter().any(|f| f.0 == "container"));
        // Without --explain, nothing is recorded.
        let d = run("Tripoli.", &[("Tripoli", GPE, None)], &stage(None, false));
        assert!(d.explain.is_none());
    }

    /// The entity (index) holding a mention with exactly this text, and its type.
    fn entity_of(doc: &Doc, text: &str) -> Option<(u32, EntityType)> {
        doc.entities.iter().enumerate().find_map(|(i, e)| {
            e.mentions
                .iter()
                .any(|&m| doc.slice(doc.mentions[m as usize].span) == text)
                .then(|| (i as u32, e.kind.unwrap()))
        })
    }

    #[test]
    fn a_person_the_text_uses_as_a_place_is_retyped() {
        let st = stage(None, true);
        let d = run(
            "Shelling hit homes in Douma overnight.",
            &[("Douma", EntityType::Person, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(GPE));
        assert_eq!(placed(&d, 0), Some(50));
        let x = &d.explain.as_ref().unwrap().places[0];
        assert!(
            x.reason
                .starts_with("tagged PERSON, made a place: after \"in\""),
            "{}",
            x.reason
        );
        // Without a preposition, a dateline or a comma and a place, it stays a person.
        let d = run(
            "Douma said the homes were hit.",
            &[("Douma", EntityType::Person, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(EntityType::Person));
        assert!(d.places.is_empty());
        // An organisation in a dateline.
        let d = run(
            "TBILISI — Protesters gathered.",
            &[("TBILISI", EntityType::Org, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(22));
        // A strait after "on the".
        let strait = stage(
            Some(
                "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
                 2000000080\tBosphorus\t\tBosporus\t41.12\t29.07\tTR\t\tSTRT\t0\n",
            ),
            true,
        );
        let d = run(
            "The talks opened at a residence on the Bosphorus.",
            &[("Bosphorus", EntityType::Person, None)],
            &strait,
        );
        assert_eq!(d.entities[0].kind, Some(EntityType::Loc));
        // A name the gazetteer lacks is left alone.
        let d = run(
            "Talks were held in Atlantis.",
            &[("Atlantis", EntityType::Person, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(EntityType::Person));
    }

    #[test]
    fn a_place_inside_an_organisation_name_gets_its_own_mention() {
        let st = stage(None, true);
        let d = run(
            "The Beirut Daily said the Bank of Lebanon raised rates.",
            &[
                ("Beirut Daily", EntityType::Org, None),
                ("Bank of Lebanon", EntityType::Org, None),
            ],
            &st,
        );
        // The organisations keep their type and spans.
        assert_eq!(d.entities[0].kind, Some(EntityType::Org));
        assert_eq!(entity_of(&d, "Bank of Lebanon").unwrap().1, EntityType::Org);
        let (b, k) = entity_of(&d, "Beirut").unwrap();
        assert_eq!((k, placed(&d, b)), (GPE, Some(14)));
        let (l, _) = entity_of(&d, "Lebanon").unwrap();
        assert_eq!(placed(&d, l), Some(12));
        let x = d.explain.as_ref().unwrap();
        let r = &x.places.iter().find(|p| p.entity == b).unwrap().reason;
        assert!(
            r.contains("inside the organisation name \"Beirut Daily\""),
            "{r}"
        );
        // Mentions stay sorted and every entity's list in text order.
        assert!(
            d.mentions
                .windows(2)
                .all(|w| w[0].span.start <= w[1].span.start)
        );
        for e in &d.entities {
            assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn a_nested_place_joins_the_article_s_entity_of_that_name() {
        let st = stage(None, false);
        let d = run(
            "Syria Airways resumed flights to Damascus, Syria said.",
            &[
                ("Syria Airways", EntityType::Org, None),
                ("Syria", GPE, None),
            ],
            &st,
        );
        assert_eq!(d.entities.len(), 2);
        assert_eq!(d.entities[1].mentions.len(), 2);
        assert_eq!(placed(&d, 1), Some(51));
        // A big town as the first word of an organisation's name is its place…
        let d = run(
            "Investors bought Zaporizhzhia Steel.",
            &[("Zaporizhzhia Steel", EntityType::Org, None)],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(43));
        // …a small one is not, though "in Smallville" is.
        let d = run(
            "Investors bought Smallville Steel.",
            &[("Smallville Steel", EntityType::Org, None)],
            &st,
        );
        assert_eq!(d.entities.len(), 1);
        let d = run("Investors met in Smallville.", &[], &st);
        assert_eq!(placed(&d, 0), Some(52));
    }

    #[test]
    fn untagged_places_after_a_preposition_and_in_datelines() {
        let st = stage(None, false);
        let d = run("Clashes continued near Donetsk on Sunday.", &[], &st);
        let (e, k) = entity_of(&d, "Donetsk").unwrap();
        assert_eq!((k, placed(&d, e)), (GPE, Some(40)));
        let d = run("BEIRUT, March 3 — Talks began.", &[], &st);
        assert_eq!(placed(&d, entity_of(&d, "BEIRUT").unwrap().0), Some(14));
        // Not a town after other words, nor unknown names…
        let d = run("Tbilisi officials met people from Atlantis.", &[], &st);
        assert!(d.entities.is_empty());
        // …but a country or first-order region anywhere.
        let d = run("Officials said Lebanon would reply.", &[], &st);
        assert_eq!(placed(&d, 0), Some(12));
        // A two-letter abbreviation inside an organisation's name, when the
        // article names a place inside that region ("Nelson"); not otherwise.
        let user = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
            5909050\tBritish Columbia\t\tBC|B.C.\t52.14\t-122.11\tCA\t02\tADM1\t6298688\n\
            71\tNelson\t\t\t49.49\t-117.28\tCA\t02\tPPL\t10230\n";
        let d = run(
            "Permits from FrontCounter BC arrived in Nelson.",
            &[
                ("FrontCounter BC", EntityType::Org, None),
                ("Nelson", GPE, None),
            ],
            &stage(Some(user), false),
        );
        assert_eq!(placed(&d, 2), Some(5909050));
        let d = run(
            "Permits from FrontCounter BC arrived.",
            &[("FrontCounter BC", EntityType::Org, None)],
            &stage(Some(user), false),
        );
        assert_eq!(d.entities.len(), 1);
    }

    #[test]
    fn the_first_words_of_an_unknown_name() {
        let st = stage(None, true);
        let d = run(
            "The Lebanon Cement plant closed.",
            &[("Lebanon Cement", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 0), Some(12));
        let c = &d.explain.as_ref().unwrap().places[0].candidates[0];
        assert!(c.factors.iter().any(|f| f.0 == "name" && f.1 < 0.0));
    }

    #[test]
    fn places_joined_by_and_are_alike() {
        let st = stage(None, true);
        let d = run(
            "Strikes closed schools in Beirut and Tripoli.",
            &[("Beirut", GPE, None), ("Tripoli", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(11));
        let x = &d.explain.as_ref().unwrap().places[1];
        let f = &x.candidates[0].factors;
        assert!(f.iter().any(|f| f.0 == "sibling" && f.1 > 0.0), "{f:?}");
        // The Libyan capital is not alike: no bonus.
        let other = x.candidates.iter().find(|c| c.id == 10).unwrap();
        assert!(!other.factors.iter().any(|f| f.0 == "sibling"));
    }

    #[test]
    fn url_countries() {
        assert_eq!(url_country("https://www.bbc.co.uk/news/x"), Some(*b"GB"));
        assert_eq!(
            url_country("http://lorientlejour.com.lb:8080/a?b"),
            Some(*b"LB")
        );
        assert_eq!(url_country("https://example.com/x.uk"), None);
        assert_eq!(url_country("https://news.tv/x"), None);
        assert_eq!(url_country(""), None);
        assert_eq!(url_country("ua"), None);
    }

    /// Rows for the structural and abbreviation rules, added as a user file.
    const MORE: &str = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
        60\tWashington\t\tWA\t47.39\t-120.29\tUS\tWA\tADM1\t6473206\n\
        61\tWashington\t\tDC\t38.895\t-77.036\tUS\tDC\tPPLC\t689545\n\
        62\tCalifornia\t\tCA\t36.93\t-120.04\tUS\tCA\tADM1\t37000000\n\
        63\tTacoma\t\t\t47.25\t-122.44\tUS\tWA\tPPLA2\t217827\n\
        70\tBritish Columbia\t\tB.C.|BC\t52.14\t-122.11\tCA\t02\tADM1\t4600000\n\
        71\tNelson\t\t\t49.49\t-117.28\tCA\t02\tPPL\t10230\n\
        72\tTrinidad and Tobago\t\tT&T\t10.42\t-61.29\tTT\tTTO\tPCLI\t1389858\n\
        73\tPort of Spain\t\t\t10.66\t-61.51\tTT\t05\tPPLC\t49031\n\
        2000000300\tEuropean Union\t\tEU|E.U.\t49.84\t9.90\t\t\tPCLU\t0\n";

    #[test]
    fn a_state_named_like_a_city_in_a_list_of_states_or_before_a_comma() {
        let st = stage(Some(MORE), true);
        // Alone, the city the state is named after wins.
        let d = run("Firms left Washington.", &[("Washington", GPE, None)], &st);
        assert_eq!(placed(&d, 0), Some(61));
        // Beside another state, "or" makes it the state.
        let d = run(
            "Firms left California or Washington.",
            &[("California", GPE, None), ("Washington", GPE, None)],
            &st,
        );
        assert_eq!(placed(&d, 1), Some(60));
        let x = &d.explain.as_ref().unwrap().places[1];
        assert!(x.reason.starts_with("sibling"), "{}", x.reason);
        // After a city and a comma, it is the state that holds the city.
        let d = run(
            "A bakery in Tacoma, Washington closed.",
            &[("Tacoma", GPE, None), ("Washington", GPE, None)],
            &st,
        );
        assert_eq!((placed(&d, 0), placed(&d, 1)), (Some(63), Some(60)));
    }

    #[test]
    fn an_abbreviation_needs_a_place_inside_it() {
        let st = stage(Some(MORE), true);
        // Tagged as an organisation, with a town of the province named.
        let d = run(
            "A new FrontCounter BC office opened in Nelson.",
            &[("BC", EntityType::Org, None), ("Nelson", GPE, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(GPE));
        assert_eq!(placed(&d, 0), Some(70));
        let x = &d.explain.as_ref().unwrap().places;
        let r = &x.iter().find(|p| p.entity == 0).unwrap().reason;
        assert!(
            r.contains("an abbreviation of a place holding \"nelson\""),
            "{r}"
        );
        // Without one, the letters stay an organisation.
        let d = run(
            "A new BC office opened.",
            &[("BC", EntityType::Org, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(EntityType::Org));
        assert!(d.places.is_empty());
        // Untagged: found when the article names the country's capital, not otherwise.
        let d = run(
            "Fans in Port of Spain cheered T&T on.",
            &[("Port of Spain", GPE, None)],
            &st,
        );
        let (t, k) = entity_of(&d, "T&T").unwrap();
        assert_eq!((k, placed(&d, t)), (GPE, Some(72)));
        let d = run("Fans cheered T&T on.", &[], &st);
        assert!(entity_of(&d, "T&T").is_none());
    }

    #[test]
    fn a_union_of_states_is_a_place() {
        let st = stage(Some(MORE), true);
        let d = run(
            "EU ministers met on Monday.",
            &[("EU", EntityType::Org, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(GPE));
        let p = d.places.iter().find(|p| p.entity == 0).unwrap();
        assert_eq!((p.geonames, p.lat, p.lon), (None, 49.84, 9.90));
        let r = &d.explain.as_ref().unwrap().places[0].reason;
        assert!(r.contains("union of states"), "{r}");
        // Other organisations are left alone.
        let d = run(
            "Commission officials met on Monday.",
            &[("Commission", EntityType::Org, None)],
            &st,
        );
        assert_eq!(d.entities[0].kind, Some(EntityType::Org));
    }
}
