//! Storing one article and merging it into the cross-article tables. Runs
//! inside the caller's transaction: either all of an article's rows and
//! merges land, or none. The rules are documented in `SCHEMA.md`.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, ToSql, params};
use sha2::{Digest, Sha256};
use sitrep_record::{CpSpan, Record};

use crate::event_index::EventIndex;
use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use crate::{DuplicateBy, Outcome, Prepared, Result, norm};

/// Events of the same type, actors and targets within this many days of each
/// other are one event (a report published the day after says "yesterday",
/// or dates it by publication).
pub const EVENT_WINDOW_DAYS: i64 = 1;

/// Event types whose actors and targets are interchangeable: their merge key
/// is the union of both (`target_key` empty).
pub const SYMMETRIC_TYPES: [&str; 3] = ["CONSULT", "AGREE", "COOPERATE"];

/// Code-point → byte offsets of a text, for slicing spans.
struct CpText<'a> {
    text: &'a str,
    /// Byte offset of each char, plus the text length at the end; empty for
    /// an ASCII text, where code points are bytes (most articles: no table).
    bytes: Vec<u32>,
}

impl<'a> CpText<'a> {
    fn new(text: &'a str) -> CpText<'a> {
        if text.is_ascii() {
            return CpText {
                text,
                bytes: Vec::new(),
            };
        }
        // A code point starts at every byte that is not a UTF-8 continuation byte.
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b & 0xC0 != 0x80)
                .map(|(i, _)| i as u32),
        );
        bytes.push(text.len() as u32);
        CpText { text, bytes }
    }

    fn slice(&self, span: CpSpan) -> &'a str {
        if self.bytes.is_empty() {
            let n = self.text.len();
            let (s, e) = (span[0].min(n), span[1].min(n));
            return if s >= e { "" } else { &self.text[s..e] };
        }
        let n = self.bytes.len() - 1;
        let (s, e) = (span[0].min(n), span[1].min(n));
        if s >= e {
            return "";
        }
        &self.text[self.bytes[s] as usize..self.bytes[e] as usize]
    }
}

/// How an event's status groups for merging: reports that something
/// happened (or was claimed, or denied) are about the same real event; plans,
/// hypotheticals and negations are kept apart from it and from each other.
pub fn status_class(status: &str) -> &'static str {
    match status {
        "planned" => "planned",
        "hypothetical" => "hypothetical",
        "negated" => "negated",
        _ => "real",
    }
}

/// Later-or-equal in publication order (unknown dates count as earliest).
fn not_earlier(date: Option<&str>, than: Option<&str>) -> bool {
    match (date, than) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a >= b,
    }
}

/// Counter updates of merged entities, summed over a write batch and applied
/// once per entity before the commit: a frequent entity (a country, a capital)
/// is named by most articles of a batch, and each update rewrites its row and
/// its `article_count` index entry. Nothing read while merging depends on
/// these counters, so deferring them inside the transaction changes no merge.
#[derive(Default)]
pub(crate) struct Pending<'a> {
    entities: HashMap<i64, EntityDelta>,
    /// Rows no merge reads, written at the end of the batch.
    rows: Rows<'a>,
    /// QID → merged id learnt in this batch, for [`EntityCache`] after commit.
    qids: HashMap<String, i64>,
    /// Name key → merged id learnt in this batch (the key's row exists).
    keys: HashMap<String, i64>,
}

/// The writer's memory of committed merged entities: QID → id and name key →
/// id. Both mappings never change once committed (rows are only added, a
/// key row is never rewritten, a QID is unique), so a hit needs no query;
/// a miss asks the store. Filled only after a commit ([`EntityCache::absorb`]),
/// so a rolled-back batch leaves nothing behind. Each name costs one
/// frequent lookup per entity mention otherwise (~50 per article).
#[derive(Default)]
pub(crate) struct EntityCache {
    qids: HashMap<String, i64>,
    keys: HashMap<String, i64>,
}

/// Entries kept at most (~100 bytes each): past this the cache starts over,
/// which bounds the writer's memory on any corpus at the cost of misses.
const ENTITY_CACHE_MAX: usize = 1 << 20;

/// Rows the merge never reads back from SQL within the batch (`entities`,
/// `places`, `events`, `g_event_entities`, `positions`, and the rows keyed by
/// the new article: `g_event_articles`, `claims`, `g_claim_statements`):
/// collected over a batch and written at its end, sorted by key and many rows
/// per statement. About 90 rows an article would otherwise be 90 statement
/// runs (bind, step, reset, statement-cache lookup) in no useful order.
#[derive(Default)]
struct Rows<'a> {
    entities: Vec<(i64, i64)>,
    places: Vec<PlaceRow<'a>>,
    events: Vec<(i64, &'a str, i64, &'a str, &'a str)>,
    event_entities: Vec<(i64, i64, &'static str)>,
    positions: Vec<PositionRow<'a>>,
    /// (merged event, article) → (source key, mentions): the article is new,
    /// so its rows are only ever read back from here within the batch.
    event_articles: BTreeMap<(i64, i64), (String, i64)>,
    claims: Vec<ClaimRow<'a>>,
    claim_statements: Vec<ClaimStatementRow<'a>>,
    /// Full-text rows (id, title, text), written last: a multi-row INSERT
    /// opens a statement savepoint, and FTS5 flushes its pending terms to
    /// disk at every savepoint once it has been written in the transaction.
    fts: Vec<(i64, &'a str, &'a str)>,
}

type PlaceRow<'a> = (
    i64,
    &'a str,
    i64,
    Option<i64>,
    Option<f64>,
    Option<f64>,
    Option<&'a str>,
    Option<&'a str>,
);

type PositionRow<'a> = (
    i64,
    i64,
    &'a str,
    i64,
    &'a str,
    &'a str,
    &'a str,
    i64,
    Option<&'a str>,
    &'a str,
);

/// `claims`: article, local id, merged claim, statement, event, status.
type ClaimRow<'a> = (i64, &'a str, i64, &'a str, Option<&'a str>, &'a str);

/// `g_claim_statements`: merged claim, article, statement, relation, side,
/// speaker's merged id, speaker's name, text, article date.
type ClaimStatementRow<'a> = (
    i64,
    i64,
    &'a str,
    &'a str,
    i64,
    Option<i64>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

/// Speaker's merged id, speaker's name and content, by statement id.
type Speakers<'a> = HashMap<&'a str, (Option<i64>, Option<&'a str>, &'a str)>;

fn statement_row<'a>(
    gclaim: i64,
    article: i64,
    stmt: &'a str,
    relation: &'a str,
    side: i64,
    speakers: &Speakers<'a>,
    day: Option<&'a str>,
) -> ClaimStatementRow<'a> {
    let (sg, sn, txt) = speakers.get(stmt).copied().unwrap_or((None, None, ""));
    (gclaim, article, stmt, relation, side, sg, sn, txt, day)
}

/// Rows per multi-row INSERT.
const ROWS_PER_INSERT: usize = 32;

/// `head VALUES (…), (…), …`: `params` holds `width` values per row; full
/// chunks go [`ROWS_PER_INSERT`] rows at a time, the rest one by one (two
/// statement texts, each prepared once).
pub(crate) fn insert_many(
    c: &Connection,
    head: &str,
    width: usize,
    params: &[&dyn ToSql],
) -> Result<()> {
    let one = format!("({})", vec!["?"; width].join(","));
    let mut chunks = params.chunks_exact(width * ROWS_PER_INSERT);
    if params.len() >= width * ROWS_PER_INSERT {
        let full = format!(
            "{head} VALUES {}",
            vec![one.as_str(); ROWS_PER_INSERT].join(",")
        );
        let mut st = c.prepare_cached(&full)?;
        for ch in &mut chunks {
            st.execute(ch)?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut st = c.prepare_cached(&format!("{head} VALUES {one}"))?;
        for row in rest.chunks_exact(width) {
            st.execute(row)?;
        }
    }
    Ok(())
}

impl Rows<'_> {
    fn flush(&mut self, c: &Connection) -> Result<()> {
        let r = self;
        r.entities.sort_unstable();
        let p: Vec<&dyn ToSql> = r
            .entities
            .iter()
            .flat_map(|(a, g)| [a as &dyn ToSql, g])
            .collect();
        insert_many(c, "INSERT INTO entities (article, gid)", 2, &p)?;

        r.places
            .sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
        let p: Vec<&dyn ToSql> = r
            .places
            .iter()
            .flat_map(|x| [&x.0 as &dyn ToSql, &x.1, &x.2, &x.3, &x.4, &x.5, &x.6, &x.7])
            .collect();
        insert_many(
            c,
            "INSERT OR IGNORE INTO places (article, entity, gid, geonames, lat, lon, country, feature)",
            8,
            &p,
        )?;

        let p: Vec<&dyn ToSql> = r
            .events
            .iter()
            .flat_map(|x| [&x.0 as &dyn ToSql, &x.1, &x.2, &x.3, &x.4])
            .collect();
        insert_many(
            c,
            "INSERT OR IGNORE INTO events (article, local_id, gevent, type, status)",
            5,
            &p,
        )?;

        r.event_entities.sort_unstable();
        r.event_entities.dedup();
        let p: Vec<&dyn ToSql> = r
            .event_entities
            .iter()
            .flat_map(|x| [&x.0 as &dyn ToSql, &x.1, &x.2])
            .collect();
        insert_many(
            c,
            "INSERT OR IGNORE INTO g_event_entities (gevent, gid, role)",
            3,
            &p,
        )?;

        let p: Vec<&dyn ToSql> = r
            .positions
            .iter()
            .flat_map(|x| {
                [
                    &x.0 as &dyn ToSql,
                    &x.1,
                    &x.2,
                    &x.3,
                    &x.4,
                    &x.5,
                    &x.6,
                    &x.7,
                    &x.8,
                    &x.9,
                ]
            })
            .collect();
        insert_many(
            c,
            "INSERT INTO positions (article, seq, actor, actor_gid, issue, issue_text, stance, polarity, evidence, evidence_text)",
            10,
            &p,
        )?;

        let p: Vec<&dyn ToSql> = r
            .event_articles
            .iter()
            .flat_map(|(k, v)| [&k.0 as &dyn ToSql, &k.1, &v.0, &v.1])
            .collect();
        insert_many(
            c,
            "INSERT INTO g_event_articles (gevent, article, source_key, mentions)",
            4,
            &p,
        )?;

        // INSERT OR IGNORE kept the first of two claims with one local id.
        r.claims.sort_by_key(|x| (x.0, x.1));
        r.claims.dedup_by_key(|x| (x.0, x.1));
        let p: Vec<&dyn ToSql> = r
            .claims
            .iter()
            .flat_map(|x| [&x.0 as &dyn ToSql, &x.1, &x.2, &x.3, &x.4, &x.5])
            .collect();
        insert_many(
            c,
            "INSERT INTO claims (article, local_id, gclaim, statement, event, status)",
            6,
            &p,
        )?;

        r.claim_statements.sort_unstable_by_key(|x| (x.0, x.1, x.2));
        let p: Vec<&dyn ToSql> = r
            .claim_statements
            .iter()
            .flat_map(|x| {
                [
                    &x.0 as &dyn ToSql,
                    &x.1,
                    &x.2,
                    &x.3,
                    &x.4,
                    &x.5,
                    &x.6,
                    &x.7,
                    &x.8,
                ]
            })
            .collect();
        insert_many(
            c,
            "INSERT INTO g_claim_statements (gclaim, article, statement, relation, side, speaker_gid, speaker, text, published)",
            9,
            &p,
        )?;

        let mut st =
            c.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?;
        for (id, title, text) in &r.fts {
            st.execute(params![id, title, text])?;
        }
        *r = Rows::default();
        Ok(())
    }
}

impl EntityCache {
    /// Take a committed batch's learnt ids.
    pub(crate) fn absorb(&mut self, p: &mut Pending) {
        if self.qids.len() + self.keys.len() + p.qids.len() + p.keys.len() > ENTITY_CACHE_MAX {
            self.qids.clear();
            self.keys.clear();
        }
        self.qids.extend(p.qids.drain());
        self.keys.extend(p.keys.drain());
    }

    fn qid(&self, p: &Pending, q: &str) -> Option<i64> {
        p.qids.get(q).or_else(|| self.qids.get(q)).copied()
    }

    fn key(&self, p: &Pending, k: &str) -> Option<i64> {
        p.keys.get(k).or_else(|| self.keys.get(k)).copied()
    }
}

#[derive(Default)]
struct EntityDelta {
    articles: i64,
    mentions: i64,
    first: Option<String>,
    last: Option<String>,
    /// The longest (name, normalised name) seen: QID entities take it.
    name: Option<(String, String)>,
    country: Option<String>,
    /// The first placement seen (GeoNames id, lat, lon).
    place: Option<(Option<i64>, Option<f64>, Option<f64>)>,
}

impl<'a> Pending<'a> {
    /// The first placement of an entity in the batch; kept only if the
    /// entity has none yet when the batch is written.
    fn place(&mut self, gid: i64, geonames: Option<i64>, lat: Option<f64>, lon: Option<f64>) {
        let d = self.entities.entry(gid).or_default();
        if d.place.is_none() {
            d.place = Some((geonames, lat, lon));
        }
    }

    fn add(
        &mut self,
        gid: i64,
        first_in_article: bool,
        e: &sitrep_record::Entity,
        norm: &str,
        day: Option<&str>,
    ) {
        let d = self.entities.entry(gid).or_default();
        d.articles += first_in_article as i64;
        d.mentions += e.mentions.len() as i64;
        if let Some(day) = day {
            if d.first.as_deref().is_none_or(|f| day < f) {
                d.first = Some(day.to_string());
            }
            if d.last.as_deref().is_none_or(|l| day > l) {
                d.last = Some(day.to_string());
            }
        }
        if d.name.as_ref().is_none_or(|(_, n)| norm.len() > n.len()) {
            d.name = Some((e.name.clone(), norm.to_string()));
        }
        if d.country.is_none() {
            d.country.clone_from(&e.country);
        }
    }

    /// Write the deferred rows and the summed counters (in id order, for
    /// page locality).
    pub(crate) fn flush(&mut self, c: &Connection) -> Result<()> {
        let mut all: Vec<(i64, EntityDelta)> = self.entities.drain().collect();
        all.sort_unstable_by_key(|(g, _)| *g);
        let mut st = c.prepare_cached(
            "UPDATE g_entities SET
                 article_count = article_count + ?2,
                 mention_count = mention_count + ?3,
                 first_seen = CASE WHEN ?4 IS NOT NULL AND (first_seen IS NULL OR ?4 < first_seen) THEN ?4 ELSE first_seen END,
                 last_seen = CASE WHEN ?5 IS NOT NULL AND (last_seen IS NULL OR ?5 > last_seen) THEN ?5 ELSE last_seen END,
                 name = CASE WHEN qid IS NOT NULL AND length(?7) > length(norm) THEN ?6 ELSE name END,
                 norm = CASE WHEN qid IS NOT NULL AND length(?7) > length(norm) THEN ?7 ELSE norm END,
                 country = coalesce(country, ?8),
                 geonames = CASE WHEN ?12 AND geonames IS NULL AND lat IS NULL THEN ?9 ELSE geonames END,
                 lon = CASE WHEN ?12 AND geonames IS NULL AND lat IS NULL THEN ?11 ELSE lon END,
                 lat = CASE WHEN ?12 AND geonames IS NULL AND lat IS NULL THEN ?10 ELSE lat END
             WHERE id = ?1",
        )?;
        for (gid, d) in all {
            let (name, norm) = d.name.unwrap_or_default();
            let (geonames, lat, lon) = d.place.unwrap_or_default();
            st.execute(params![
                gid,
                d.articles,
                d.mentions,
                d.first,
                d.last,
                name,
                norm,
                d.country,
                geonames,
                lat,
                lon,
                d.place.is_some()
            ])?;
        }
        // Last: no multi-row statement may follow the full-text rows.
        self.rows.flush(c)?;
        Ok(())
    }
}

/// The match key of a participant for event merging, or `None` when it does
/// not identify anyone (see `SCHEMA.md`). A country and its capital stand for
/// the same state ("Moscow said" = "Russia said"), so both key on the country
/// code; other cities, people and organisations key on their merged id; an
/// unnamed group ("police", "protesters", no QID) identifies no one.
fn match_key(e: &sitrep_record::Entity, gid: i64, feature: Option<&str>) -> Option<i64> {
    let state = e.kind == "GPE" && feature.is_some_and(|f| f == "PPLC" || f.starts_with("PCL"));
    if state {
        if let Some(k) = e.country.as_deref().and_then(country_key) {
            return Some(k);
        }
    }
    if e.kind == "GROUP" && e.kb.wikidata.as_deref().is_none_or(str::is_empty) {
        return None;
    }
    Some(gid)
}

/// A country code as a negative match key (merged ids are positive), or
/// `None` for anything but 2-3 ASCII letters.
pub fn country_key(code: &str) -> Option<i64> {
    let b = code.as_bytes();
    if !(2..=3).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let v = b.iter().fold(0i64, |v, x| {
        v * 32 + i64::from(x.to_ascii_uppercase() - b'A' + 1)
    });
    Some(-v)
}

pub(crate) fn insert_article<'a>(
    c: &Connection,
    p: &'a Prepared,
    cache: &EntityCache,
    events: &mut EventIndex,
    pending: &mut Pending<'a>,
) -> Result<Outcome> {
    // ---- duplicates
    if let Some(id) = c
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row(params![&p.hash[..]], |r| r.get(0))
        .optional()?
    {
        return Ok(Outcome::Duplicate {
            existing: id,
            by: DuplicateBy::Content,
        });
    }
    if let Some(u) = &p.url {
        if let Some(id) = c
            .prepare_cached("SELECT id FROM articles WHERE url = ?1")?
            .query_row(params![u], |r| r.get(0))
            .optional()?
        {
            return Ok(Outcome::Duplicate {
                existing: id,
                by: DuplicateBy::Url,
            });
        }
    }

    let rec: &Record = &p.record;
    let day = p.published.as_deref();
    let source_key = match (&rec.doc.source, &p.url) {
        (Some(s), _) if !s.trim().is_empty() => norm::name(s),
        (_, Some(u)) => norm::url_host(u).unwrap_or(u).to_string(),
        _ => format!("article:{}", hex8(&p.hash)),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    c.prepare_cached(
        "INSERT INTO articles (doc_id, url, content_hash, title, source, source_key, published,
                               lang, input, ingested_at, text_chars, n_entities, n_statements, n_events, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        rec.doc.id,
        p.url,
        &p.hash[..],
        rec.doc.title,
        rec.doc.source,
        source_key,
        day,
        rec.doc.lang,
        p.input,
        now,
        rec.text.chars().count() as i64,
        rec.entities.len() as i64,
        rec.statements.len() as i64,
        rec.events.len() as i64,
        p.record_z,
    ])?;
    let article = c.last_insert_rowid();
    pending.rows.fts.push((
        article,
        rec.doc.title.as_deref().unwrap_or(""),
        rec.text.as_str(),
    ));

    let text = CpText::new(&rec.text);

    // ---- entities
    let mut gids: HashMap<&str, i64> =
        HashMap::with_capacity_and_hasher(rec.entities.len(), Default::default());
    let mut counted: HashSet<i64> =
        HashSet::with_capacity_and_hasher(rec.entities.len(), Default::default());
    for e in &rec.entities {
        let n = norm::name(&e.name);
        let key = norm::entity_key(&e.kind, e.country.as_deref(), &n);
        let qid = e.kb.wikidata.as_deref().filter(|q| !q.is_empty());
        let (gid, found) = entity_gid(c, cache, pending, qid, &key, e, &n, day)?;
        let first_in_article = counted.insert(gid);
        if found != Found::ByKey && cache.key(pending, &key).is_none() {
            let added = c
                .prepare_cached("INSERT OR IGNORE INTO g_entity_keys (key, gid) VALUES (?1, ?2)")?
                .execute(params![key, gid])?;
            // Ignored: the key is some other entity's (a different QID).
            if added == 1 {
                pending.keys.insert(key, gid);
            }
        }
        // A new row was created with this article's counts already.
        if found != Found::New {
            pending.add(gid, first_in_article, e, &n, day);
        }
        if first_in_article {
            pending.rows.entities.push((article, gid));
        }
        gids.insert(e.id.as_str(), gid);
    }

    // ---- places
    let mut features: HashMap<&str, &str> =
        HashMap::with_capacity_and_hasher(rec.places.len(), Default::default());
    for pl in &rec.places {
        let Some(&gid) = gids.get(pl.entity.as_str()) else {
            continue;
        };
        if let Some(f) = pl.feature.as_deref() {
            features.insert(pl.entity.as_str(), f);
        }
        pending.rows.places.push((
            article,
            pl.entity.as_str(),
            gid,
            pl.geonames.map(|g| g as i64),
            pl.lat,
            pl.lon,
            pl.country.as_deref(),
            pl.feature.as_deref(),
        ));
        if pl.geonames.is_some() || pl.lat.is_some() {
            pending.place(gid, pl.geonames.map(|g| g as i64), pl.lat, pl.lon);
        }
    }
    let keys: HashMap<&str, i64> = rec
        .entities
        .iter()
        .filter_map(|e| {
            let gid = *gids.get(e.id.as_str())?;
            Some((
                e.id.as_str(),
                match_key(e, gid, features.get(e.id.as_str()).copied())?,
            ))
        })
        .collect();

    // ---- times (only their days, to date events)
    let mut time_days: HashMap<&str, String> = HashMap::default();
    for t in &rec.times {
        if let Some(d) = t.value.as_deref().and_then(norm::day) {
            time_days.insert(t.id.as_str(), d);
        }
    }

    // ---- statements (kept in the record; their speakers and words serve claims and positions)
    let mut speakers: Speakers = HashMap::default();
    let names: HashMap<&str, &str> = rec
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    for s in &rec.statements {
        let sg = s.speaker.as_deref().and_then(|x| gids.get(x).copied());
        let content = text.slice(s.content_span);
        let sname = s.speaker.as_deref().and_then(|x| names.get(x).copied());
        speakers.insert(s.id.as_str(), (sg, sname, content));
    }

    // ---- events
    let mut gevents: HashMap<&str, i64> = HashMap::default();
    // Merged events this article already reported (its g_event_articles rows).
    let mut reported: HashSet<i64> = HashSet::default();
    for ev in &rec.events {
        let sorted = |v: &[String], m: &HashMap<&str, i64>| -> Vec<i64> {
            let mut g: Vec<i64> = v
                .iter()
                .filter_map(|x| m.get(x.as_str()).copied())
                .collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        let actors = sorted(&ev.actors, &gids);
        let targets = sorted(&ev.targets, &gids);
        let (mut key_actors, mut key_targets) = (actors.clone(), targets.clone());
        let mut ma = sorted(&ev.actors, &keys);
        let mut mt = sorted(&ev.targets, &keys);
        if SYMMETRIC_TYPES.contains(&ev.kind.as_str()) {
            // "A met B", "B met A" and "A and B met" are one meeting.
            key_actors = union(&key_actors, &key_targets);
            key_targets.clear();
            ma = union(&ma, &mt);
            mt.clear();
        }
        let place_gid = ev.place.as_deref().and_then(|x| gids.get(x).copied());
        let date = ev
            .when
            .as_deref()
            .and_then(|t| time_days.get(t).cloned())
            .or_else(|| day.map(str::to_string));
        let class = status_class(&ev.status);
        let mergeable = !ma.is_empty() || !mt.is_empty() || place_gid.is_some();
        let evidence = text.slice(ev.evidence_span);
        let report = Report {
            kind: &ev.kind,
            class,
            date: date.as_deref(),
            actors: &ma,
            targets: &mt,
            place: place_gid,
        };
        let found = if mergeable {
            find_event(c, events, &report)?
        } else {
            None
        };
        let gevent = match found {
            None => {
                // A new event: its counts are this report's.
                c.prepare_cached(
                    "INSERT INTO g_events (type, mode, status_class, status, actor_key, target_key, match_actors, match_targets,
                                           place_gid, date, summary, mention_count, article_count, source_count,
                                           first_seen, last_seen, latest_article, mergeable)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, 1, 1, ?12, ?12, ?13, ?14)",
                )?
                .execute(params![
                    ev.kind,
                    ev.mode,
                    class,
                    ev.status,
                    join(&key_actors),
                    join(&key_targets),
                    join(&ma),
                    join(&mt),
                    place_gid,
                    date,
                    evidence,
                    day,
                    article,
                    mergeable as i64
                ])?;
                let g = c.last_insert_rowid();
                if mergeable {
                    for k in union(&union(&ma, &mt), &place_gid.into_iter().collect::<Vec<_>>()) {
                        events.add(c, k, report.kind, report.class, date.as_deref(), g)?;
                    }
                }
                reported.insert(g);
                pending
                    .rows
                    .event_articles
                    .insert((g, article), (source_key.clone(), 1));
                g
            }
            Some(m) => {
                let g = m.id;
                // Counts: one more mention; one more article and perhaps one
                // more source when this article had not reported it yet. The
                // article is new, so only its own earlier events can have
                // reported this one.
                let new_article = reported.insert(g);
                let new_source = if new_article {
                    let in_batch = pending
                        .rows
                        .event_articles
                        .range((g, i64::MIN)..=(g, i64::MAX))
                        .any(|(_, (s, _))| *s == source_key);
                    pending
                        .rows
                        .event_articles
                        .insert((g, article), (source_key.clone(), 1));
                    !in_batch
                        && c.prepare_cached(
                            "SELECT 1 FROM g_event_articles WHERE gevent = ?1 AND source_key = ?2 LIMIT 1",
                        )?
                        .query_row(params![g, source_key], |_| Ok(()))
                        .optional()?
                        .is_none()
                } else {
                    if let Some(x) = pending.rows.event_articles.get_mut(&(g, article)) {
                        x.1 += 1;
                    }
                    false
                };
                let is_latest = not_earlier(day, m.last_seen.as_deref());
                // The merged event gathers every report's participants.
                let all_actors = union(&m.actor_key, &key_actors);
                let all_targets = union(&m.target_key, &key_targets);
                let all_ma = union(&m.actors, &ma);
                let all_mt = union(&m.targets, &mt);
                let new_date = match (&m.date, &date) {
                    (Some(old), Some(new)) if new < old => Some(new.clone()),
                    _ => m.date.clone(),
                };
                let place = m.place.or(place_gid);
                // Keys already stored move with the event's date; new ones are added.
                let old_keys = union(
                    &union(&m.actors, &m.targets),
                    &m.place.into_iter().collect::<Vec<_>>(),
                );
                let all_keys = union(
                    &union(&all_ma, &all_mt),
                    &place.into_iter().collect::<Vec<_>>(),
                );
                for &k in &all_keys {
                    if old_keys.binary_search(&k).is_ok() {
                        if new_date != m.date {
                            events.move_date(
                                c,
                                k,
                                &ev.kind,
                                class,
                                m.date.as_deref(),
                                new_date.as_deref(),
                                g,
                            )?;
                        }
                    } else {
                        events.add(c, k, &ev.kind, class, new_date.as_deref(), g)?;
                    }
                }
                c.prepare_cached(
                    "UPDATE g_events SET
                         mention_count = mention_count + 1,
                         article_count = article_count + ?2,
                         source_count = source_count + ?3,
                         date = ?4,
                         place_gid = ?5,
                         mode = coalesce(mode, ?6),
                         first_seen = CASE WHEN ?7 IS NOT NULL AND (first_seen IS NULL OR ?7 < first_seen) THEN ?7 ELSE first_seen END,
                         last_seen = CASE WHEN ?7 IS NOT NULL AND (last_seen IS NULL OR ?7 > last_seen) THEN ?7 ELSE last_seen END,
                         status = CASE WHEN ?8 THEN ?9 ELSE status END,
                         latest_article = CASE WHEN ?8 THEN ?10 ELSE latest_article END,
                         actor_key = ?11, target_key = ?12, match_actors = ?13, match_targets = ?14
                     WHERE id = ?1",
                )?
                .execute(params![
                    g,
                    new_article as i64,
                    new_source as i64,
                    new_date,
                    place,
                    ev.mode,
                    day,
                    is_latest,
                    ev.status,
                    article,
                    join(&all_actors),
                    join(&all_targets),
                    join(&all_ma),
                    join(&all_mt)
                ])?;
                g
            }
        };
        for (list, role) in [(&actors, "actor"), (&targets, "target")] {
            for &g in list {
                pending.rows.event_entities.push((gevent, g, role));
            }
        }
        if let Some(g) = place_gid {
            pending.rows.event_entities.push((gevent, g, "place"));
        }
        pending.rows.events.push((
            article,
            ev.id.as_str(),
            gevent,
            ev.kind.as_str(),
            ev.status.as_str(),
        ));
        gevents.insert(ev.id.as_str(), gevent);
    }

    // ---- claims
    // The article is new: its claims and statements rows can only collide
    // with its own earlier ones, so these sets replace SQL probes.
    let mut claimed: HashSet<i64> = HashSet::default();
    let mut stated: HashSet<(i64, &str)> = HashSet::default();
    for cl in &rec.claims {
        let (sgid, _, content) = speakers
            .get(cl.statement.as_str())
            .copied()
            .unwrap_or((None, None, ""));
        let gevent = cl.event.as_deref().and_then(|v| gevents.get(v).copied());
        let key = match gevent {
            Some(g) => format!("event:{g}"),
            None => {
                let h = Sha256::digest(norm::name(content).as_bytes());
                format!("speaker:{}:{}", sgid.unwrap_or(0), hex8(&h))
            }
        };
        // The claim's statement, then its responses: (statement, relation, side).
        let sides = std::iter::once((cl.statement.as_str(), "asserts", 1i64)).chain(
            cl.responses.iter().map(|r| {
                let side = match r.relation.as_str() {
                    "denies" | "disputes" => -1,
                    _ => 1,
                };
                (r.statement.as_str(), r.relation.as_str(), side)
            }),
        );
        let existing: Option<(i64, String, Option<String>)> = c
            .prepare_cached("SELECT id, status, last_seen FROM g_claims WHERE key = ?1")?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let gclaim = match existing {
            None => {
                // New: every count is this article's, its status is this one's.
                let (mut n_for, mut n_against) = (0i64, 0i64);
                let mut seen: HashSet<&str> = HashSet::default();
                for (stmt, _, side) in sides.clone() {
                    if seen.insert(stmt) {
                        if side > 0 {
                            n_for += 1;
                        } else {
                            n_against += 1;
                        }
                    }
                }
                c.prepare_cached(
                    "INSERT INTO g_claims (key, gevent, claimant_gid, text, status, n_for, n_against, article_count,
                                           first_seen, last_seen, latest_article)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8, ?9)",
                )?
                .execute(params![
                    key, gevent, sgid, content, cl.status, n_for, n_against, day, article
                ])?;
                let g = c.last_insert_rowid();
                claimed.insert(g);
                for (stmt, relation, side) in sides {
                    if stated.insert((g, stmt)) {
                        pending.rows.claim_statements.push(statement_row(
                            g, article, stmt, relation, side, &speakers, day,
                        ));
                    }
                }
                g
            }
            Some((g, status, last_seen)) => {
                let new_article = claimed.insert(g);
                // The latest article's status wins, except that an article which
                // reports the claim without its responses ("uncontested") does not
                // erase a dispute or confirmation known from other articles.
                let is_latest = not_earlier(day, last_seen.as_deref());
                let new_status = if cl.status == "uncontested" && status != "uncontested" {
                    status
                } else if is_latest || status == "uncontested" {
                    cl.status.clone()
                } else {
                    status
                };
                let (mut n_for, mut n_against) = (0i64, 0i64);
                for (stmt, relation, side) in sides {
                    if stated.insert((g, stmt)) {
                        if side > 0 {
                            n_for += 1;
                        } else {
                            n_against += 1;
                        }
                        pending.rows.claim_statements.push(statement_row(
                            g, article, stmt, relation, side, &speakers, day,
                        ));
                    }
                }
                c.prepare_cached(
                    "UPDATE g_claims SET
                         status = ?2,
                         n_for = n_for + ?3,
                         n_against = n_against + ?4,
                         article_count = article_count + ?5,
                         first_seen = CASE WHEN ?6 IS NOT NULL AND (first_seen IS NULL OR ?6 < first_seen) THEN ?6 ELSE first_seen END,
                         last_seen = CASE WHEN ?6 IS NOT NULL AND (last_seen IS NULL OR ?6 > last_seen) THEN ?6 ELSE last_seen END,
                         latest_article = CASE WHEN ?7 THEN ?8 ELSE latest_article END
                     WHERE id = ?1",
                )?
                .execute(params![
                    g,
                    new_status,
                    n_for,
                    n_against,
                    new_article as i64,
                    day,
                    is_latest,
                    article
                ])?;
                g
            }
        };
        pending.rows.claims.push((
            article,
            cl.id.as_str(),
            gclaim,
            cl.statement.as_str(),
            cl.event.as_deref(),
            cl.status.as_str(),
        ));
    }

    // ---- positions
    for (i, po) in rec.positions.iter().enumerate() {
        let Some(&agid) = gids.get(po.actor.as_str()) else {
            continue;
        };
        let ev_text = match po.evidence.as_deref().and_then(|s| speakers.get(s)) {
            Some(&(_, _, t)) if !t.is_empty() => t,
            _ => text.slice(po.evidence_span),
        };
        pending.rows.positions.push((
            article,
            i as i64,
            po.actor.as_str(),
            agid,
            po.issue.as_str(),
            po.issue_text.as_str(),
            po.stance.as_str(),
            po.polarity as i64,
            po.evidence.as_deref(),
            ev_text,
        ));
    }
    Ok(Outcome::Added(article))
}

/// How [`entity_gid`] found a merged entity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    ByQid,
    ByKey,
    /// Created, with this article's counts.
    New,
}

/// The merged entity an article's entity belongs to, created if new.
fn entity_gid(
    c: &Connection,
    cache: &EntityCache,
    pending: &mut Pending,
    qid: Option<&str>,
    key: &str,
    e: &sitrep_record::Entity,
    norm: &str,
    day: Option<&str>,
) -> Result<(i64, Found)> {
    if let Some(q) = qid {
        if let Some(g) = cache.qid(pending, q) {
            return Ok((g, Found::ByQid));
        }
        if let Some(g) = c
            .prepare_cached("SELECT id FROM g_entities WHERE qid = ?1")?
            .query_row([q], |r| r.get(0))
            .optional()?
        {
            pending.qids.insert(q.to_string(), g);
            return Ok((g, Found::ByQid));
        }
    } else if let Some(g) = cache.key(pending, key) {
        // Without a QID the key's entity is the answer, whatever its QID.
        return Ok((g, Found::ByKey));
    }
    let by_name: Option<(i64, Option<String>)> = c
        .prepare_cached(
            "SELECT k.gid, g.qid FROM g_entity_keys k JOIN g_entities g ON g.id = k.gid WHERE k.key = ?1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match (by_name, qid) {
        // Same name, type and country, no QID on either side or only on one.
        (Some((g, None)), Some(q)) => {
            c.prepare_cached("UPDATE g_entities SET qid = ?2 WHERE id = ?1")?
                .execute(params![g, q])?;
            pending.qids.insert(q.to_string(), g);
            pending.keys.insert(key.to_string(), g);
            return Ok((g, Found::ByKey));
        }
        (Some((g, _)), None) => {
            pending.keys.insert(key.to_string(), g);
            return Ok((g, Found::ByKey));
        }
        // Same name but a different QID: a different entity (Georgia the
        // country vs Georgia the state); it keeps its own row below.
        _ => {}
    }
    c.prepare_cached(
        "INSERT INTO g_entities (qid, name, norm, type, country, article_count, mention_count, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)",
    )?
    .execute(params![
        qid,
        e.name,
        norm,
        e.kind,
        e.country,
        e.mentions.len() as i64,
        day
    ])?;
    let g = c.last_insert_rowid();
    if let Some(q) = qid {
        pending.qids.insert(q.to_string(), g);
    }
    Ok((g, Found::New))
}

/// One event report as the merge sees it: match keys after the symmetric
/// types' union, sorted.
struct Report<'a> {
    kind: &'a str,
    class: &'a str,
    date: Option<&'a str>,
    actors: &'a [i64],
    targets: &'a [i64],
    place: Option<i64>,
}

/// A merged event a report may belong to.
struct Candidate {
    id: i64,
    date: Option<String>,
    place: Option<i64>,
    last_seen: Option<String>,
    actors: Vec<i64>,
    targets: Vec<i64>,
    actor_key: Vec<i64>,
    target_key: Vec<i64>,
}

/// Sorted ids shared by two sorted lists.
fn overlap(a: &[i64], b: &[i64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Whether a report and a merged event can be the same event, and how much
/// they share (0: not the same). Each role's sets must be compatible (one is
/// empty, or they share a key): "Russia attacked Ukraine" is not "Ukraine
/// attacked Russia". At least one actor, target or the place must be shared:
/// two unrelated reports with nothing in common are never one event.
pub(crate) fn shared(
    actors: (&[i64], &[i64]),
    targets: (&[i64], &[i64]),
    place: (Option<i64>, Option<i64>),
) -> usize {
    let sa = overlap(actors.0, actors.1);
    let st = overlap(targets.0, targets.1);
    let compatible = |a: &[i64], b: &[i64], s: usize| a.is_empty() || b.is_empty() || s > 0;
    if !compatible(actors.0, actors.1, sa) || !compatible(targets.0, targets.1, st) {
        return 0;
    }
    let same_place = match place {
        (Some(a), Some(b)) if a != b => return 0,
        (Some(_), Some(_)) => 1,
        _ => 0,
    };
    sa + st + same_place
}

/// The merged event a report belongs to: same type and status class, a date
/// within [`EVENT_WINDOW_DAYS`] (or both undated), compatible places, and
/// participants that [`shared`] accepts. Candidates come from the match-key
/// index; the nearest date wins, then the most shared keys, then the oldest.
fn find_event(c: &Connection, events: &mut EventIndex, r: &Report) -> Result<Option<Candidate>> {
    let mut probe: Vec<i64> = union(r.actors, r.targets);
    probe = union(&probe, &r.place.into_iter().collect::<Vec<_>>());
    let day = match r.date {
        // A date that is not a day (never written by the merge) matches nothing.
        Some(d) => match norm::day_number(d) {
            Some(n) => Some(n),
            None => return Ok(None),
        },
        None => None,
    };
    let mut ids: Vec<i64> = Vec::new();
    for &k in &probe {
        events.probe(c, k, r.kind, r.class, day, EVENT_WINDOW_DAYS, &mut ids)?;
    }
    ids.sort_unstable();
    ids.dedup();
    let mut best: Option<(i64, usize, Candidate)> = None;
    let mut st = c.prepare_cached(
        "SELECT date, place_gid, last_seen, match_actors, match_targets, actor_key, target_key
         FROM g_events WHERE id = ?1 AND mergeable = 1",
    )?;
    for id in ids {
        let Some(cand) = st
            .query_row([id], |x| {
                Ok(Candidate {
                    id,
                    date: x.get(0)?,
                    place: x.get(1)?,
                    last_seen: x.get(2)?,
                    actors: split(&x.get::<_, String>(3)?),
                    targets: split(&x.get::<_, String>(4)?),
                    actor_key: split(&x.get::<_, String>(5)?),
                    target_key: split(&x.get::<_, String>(6)?),
                })
            })
            .optional()?
        else {
            continue;
        };
        let n = shared(
            (r.actors, &cand.actors),
            (r.targets, &cand.targets),
            (r.place, cand.place),
        );
        if n == 0 {
            continue;
        }
        let dist = match (day, cand.date.as_deref().and_then(norm::day_number)) {
            (Some(a), Some(b)) => (a - b).abs(),
            _ => 0,
        };
        // Ids ascend, so on a tie the older event is kept.
        if best
            .as_ref()
            .is_none_or(|(bd, bn, _)| dist < *bd || (dist == *bd && n > *bn))
        {
            best = Some((dist, n, cand));
        }
    }
    Ok(best.map(|(_, _, c)| c))
}

/// The sorted union of two sorted lists.
fn union(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut v: Vec<i64> = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v.sort_unstable();
    v.dedup();
    v
}

fn split(s: &str) -> Vec<i64> {
    let mut v: Vec<i64> = s.split(',').filter_map(|x| x.parse().ok()).collect();
    v.sort_unstable();
    v
}

fn join(ids: &[i64]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(ids.len() * 8);
    for (i, g) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{g}"); // writing to a String cannot fail
    }
    s
}

fn hex8(h: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(16);
    for &b in h.iter().take(8) {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{CpText, hex8, join};

    #[test]
    fn code_point_spans_slice_ascii_and_other_text_alike() {
        let ascii = CpText::new("Talks in Geneva");
        assert_eq!(ascii.slice([9, 15]), "Geneva");
        assert_eq!(ascii.slice([9, 99]), "Geneva");
        assert_eq!(ascii.slice([5, 5]), "");
        let other = CpText::new("Zürich – Genève talks");
        assert_eq!(other.slice([0, 6]), "Zürich");
        assert_eq!(other.slice([9, 15]), "Genève");
        assert_eq!(other.slice([16, 99]), "talks");
    }

    #[test]
    fn keys_print_as_before() {
        // Stored claim and article keys are built from these: their text must not change.
        assert_eq!(join(&[3, 15, -7]), "3,15,-7");
        assert_eq!(join(&[]), "");
        assert_eq!(
            hex8(&[0x00, 0x0f, 0xa0, 0xff, 1, 2, 3, 4, 5]),
            "000fa0ff01020304"
        );
    }
}
