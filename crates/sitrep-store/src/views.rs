//! Read queries behind the dashboard (`sitrep serve`): article lists and detail,
//! merged entities, events and claims, positions, and the aggregates the views
//! draw (events per day, places on the map, the actor network, the stance
//! matrix).
//!
//! Every query takes the shared [`Filter`] and builds its condition with
//! [`Filter::clause`], so the filter means the same in the dashboard as in
//! `sitrep query`. A filter field that has no meaning for a view (an event type
//! on the stance matrix) is dropped and named in the answer's `ignored` list
//! instead of failing the view: the filter bar is shared by all views.
//!
//! Lists are paginated by `limit`/`offset`; one extra row is read to know
//! whether a next page exists, so no count over the whole table is needed.
//! [`ensure_indexes`] adds the indexes these queries rely on (see `SCHEMA.md`).

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde::Serialize;

use crate::query::{EVENT_TYPES, Filter, What};
use crate::{Error, Result};

/// Largest page the views return.
pub const MAX_LIMIT: usize = 200;

/// Indexes for the dashboard's reads, beyond those of the schema. Idempotent;
/// run on a writable connection (the server does it once at start-up).
pub const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS views_events_type ON events(type, status);
CREATE INDEX IF NOT EXISTS views_g_events_place ON g_events(place_gid);
CREATE INDEX IF NOT EXISTS views_g_events_type_date ON g_events(type, date);
CREATE INDEX IF NOT EXISTS views_g_events_status ON g_events(status, date);
CREATE INDEX IF NOT EXISTS views_g_events_timeline ON g_events(date, type, article_count);
CREATE INDEX IF NOT EXISTS views_g_claims_seen ON g_claims(last_seen, id);
CREATE INDEX IF NOT EXISTS views_g_claim_statements_speaker ON g_claim_statements(speaker_gid);
CREATE INDEX IF NOT EXISTS views_claims_article ON claims(gclaim, article);
CREATE INDEX IF NOT EXISTS views_positions_stance ON positions(actor_gid, issue, polarity);
CREATE INDEX IF NOT EXISTS views_g_entities_geo ON g_entities(article_count DESC) WHERE lat IS NOT NULL;
";

/// The name prefix of every index in [`INDEXES`] (a bulk load drops them).
pub const INDEX_PREFIX: &str = "views_";

/// Create the dashboard's indexes (see [`INDEXES`]).
pub fn ensure_indexes(conn: &Connection) -> Result<()> {
    conn.execute_batch(INDEXES)?;
    conn.execute_batch("ANALYZE")?;
    Ok(())
}

/// A page of rows and the offset of the next page, if there is one.
#[derive(Debug, Clone, Serialize)]
pub struct Paged<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Offset of this page.
    pub offset: usize,
    /// Page size asked for (after capping).
    pub limit: usize,
    /// Offset of the next page; `None` on the last page.
    pub next_offset: Option<usize>,
    /// Filter fields that do not apply to this view and were dropped.
    pub ignored: Vec<&'static str>,
}

/// A merged entity as other rows refer to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRef {
    /// Merged entity id (`g_entities.id`).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
}

/// One article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleItem {
    /// Store id (the API's article id).
    pub id: i64,
    /// The record's `doc.id`.
    pub doc_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// Publication day.
    pub published: Option<String>,
    /// Normalised URL.
    pub url: Option<String>,
    /// Entities in the record.
    pub entities: i64,
    /// Statements in the record.
    pub statements: i64,
    /// Events in the record.
    pub events: i64,
    /// With a text filter: the text around the first match, matched words
    /// between U+0002 and U+0003 (the page turns them into marks; never HTML).
    pub snippet: Option<String>,
}

/// One article with its full record.
#[derive(Debug, Clone)]
pub struct ArticleDetail {
    /// The list fields.
    pub article: ArticleItem,
    /// The stored `sitrep.record/1` JSON (decompressed).
    pub record_json: String,
}

/// A merged entity with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct EntityItem {
    /// Merged id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO alpha-3 country, when known.
    pub country: Option<String>,
    /// Wikidata QID.
    pub qid: Option<String>,
    /// Articles mentioning it.
    pub articles: i64,
    /// Mentions in all articles.
    pub mentions: i64,
    /// Earliest article date.
    pub first_seen: Option<String>,
    /// Latest article date.
    pub last_seen: Option<String>,
}

/// A merged event.
#[derive(Debug, Clone, Serialize)]
pub struct EventItem {
    /// Merged id.
    pub id: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode.
    pub mode: Option<String>,
    /// Status in the latest reporting article.
    pub status: String,
    /// Day of the event.
    pub date: Option<String>,
    /// Place.
    pub place: Option<EntityRef>,
    /// Actors.
    pub actors: Vec<EntityRef>,
    /// Targets.
    pub targets: Vec<EntityRef>,
    /// Evidence of the first mention.
    pub summary: String,
    /// Reporting articles.
    pub articles: i64,
    /// Distinct sources.
    pub sources: i64,
    /// Mentions.
    pub mentions: i64,
    /// Earliest reporting article date.
    pub first_seen: Option<String>,
    /// Latest reporting article date.
    pub last_seen: Option<String>,
    /// The latest reporting article (store id).
    pub latest_article: Option<i64>,
}

/// A statement for or against a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimStatement {
    /// asserts, confirms, supports, denies, disputes.
    pub relation: String,
    /// +1 for, -1 against.
    pub side: i64,
    /// Speaker's name as in that article.
    pub speaker: Option<String>,
    /// The statement's words.
    pub text: String,
    /// Article (store id).
    pub article: i64,
    /// That article's date.
    pub published: Option<String>,
}

/// The event a claim is about.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimEvent {
    /// Merged event id.
    pub id: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mode.
    pub mode: Option<String>,
    /// Latest status.
    pub status: String,
}

/// A merged claim with its statements.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimItem {
    /// Merged id.
    pub id: i64,
    /// uncontested, disputed, confirmed (latest article).
    pub status: String,
    /// The first asserting statement's words.
    pub text: String,
    /// Who made it.
    pub claimant: Option<String>,
    /// Statements for.
    pub n_for: i64,
    /// Statements against.
    pub n_against: i64,
    /// Articles.
    pub articles: i64,
    /// Earliest article date.
    pub first_seen: Option<String>,
    /// Latest article date.
    pub last_seen: Option<String>,
    /// The claimed event.
    pub event: Option<ClaimEvent>,
    /// Statements for and against, oldest first (at most [`CLAIM_STATEMENTS`]).
    pub statements: Vec<ClaimStatement>,
}

/// Statements shown per claim.
pub const CLAIM_STATEMENTS: usize = 30;

/// One position (actor × issue × stance) with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct PositionItem {
    /// The actor.
    pub actor: EntityRef,
    /// Issue key.
    pub issue: String,
    /// The words used for the issue.
    pub issue_text: String,
    /// Stance word.
    pub stance: String,
    /// +1 for, -1 against.
    pub polarity: i64,
    /// The evidence's words.
    pub evidence: String,
    /// Article (store id).
    pub article: i64,
    /// Its date.
    pub published: Option<String>,
}

/// Events of one day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayBucket {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Merged events dated that day.
    pub events: i64,
    /// Of which cooperative (PLOVER AGREE … RETREAT).
    pub coop: i64,
    /// Of which conflictual (ACCUSE … ASSAULT).
    pub conflict: i64,
    /// Of which neither (REQUEST).
    pub neutral: i64,
    /// Reporting articles summed over those events.
    pub articles: i64,
}

/// The timeline's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// Days with events, ascending (at most [`MAX_DAYS`], the latest ones).
    pub buckets: Vec<DayBucket>,
    /// Filter fields dropped.
    pub ignored: Vec<&'static str>,
}

/// Days the timeline returns at most.
pub const MAX_DAYS: usize = 366;

/// A place on the map.
#[derive(Debug, Clone, Serialize)]
pub struct MapPoint {
    /// Merged entity id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Country (as stored for the entity).
    pub country: Option<String>,
    /// GeoNames id.
    pub geonames: Option<i64>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Articles naming it (within the filter).
    pub articles: i64,
    /// Merged events placed there.
    pub events: i64,
}

/// The map's answer.
#[derive(Debug, Clone, Serialize)]
pub struct MapPoints {
    /// Places, most articles first (at most [`MAX_POINTS`]).
    pub points: Vec<MapPoint>,
    /// Filter fields dropped.
    pub ignored: Vec<&'static str>,
}

/// Places the map returns at most.
pub const MAX_POINTS: usize = 400;

/// An actor in the network.
#[derive(Debug, Clone, Serialize)]
pub struct NetNode {
    /// Merged entity id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Country.
    pub country: Option<String>,
    /// Events on its links.
    pub events: i64,
}

/// Events from one actor to another.
#[derive(Debug, Clone, Serialize)]
pub struct NetEdge {
    /// Actor (merged id).
    pub source: i64,
    /// Target (merged id).
    pub target: i64,
    /// Merged events.
    pub events: i64,
    /// Of which cooperative.
    pub coop: i64,
    /// Of which conflictual.
    pub conflict: i64,
}

/// The actor network.
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    /// Actors with at least one link.
    pub nodes: Vec<NetNode>,
    /// Links.
    pub edges: Vec<NetEdge>,
    /// Filter fields dropped.
    pub ignored: Vec<&'static str>,
}

/// Positions of one actor on one issue.
#[derive(Debug, Clone, Serialize)]
pub struct StanceCell {
    /// Merged actor id.
    pub actor: i64,
    /// Issue key.
    pub issue: String,
    /// Positions for.
    pub support: i64,
    /// Positions against.
    pub oppose: i64,
}

/// The stance matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Stance {
    /// Rows: actors with most positions first.
    pub actors: Vec<EntityRef>,
    /// Columns: issues with most positions first.
    pub issues: Vec<String>,
    /// Non-empty cells.
    pub cells: Vec<StanceCell>,
    /// Filter fields dropped.
    pub ignored: Vec<&'static str>,
}

/// PLOVER's cooperative types (the first seven of the query filter's type list); conflictual ones are in [`CONFLICT`].
pub const COOP: &[&str] = EVENT_TYPES.split_at(7).0;
/// PLOVER's conflictual types: the last eight of that list (after REQUEST, which is neither).
pub const CONFLICT: &[&str] = EVENT_TYPES.split_at(8).1;

/// `sum(CASE …)` expressions counting cooperative and conflictual types of column `col`.
fn tone_sums(col: &str) -> String {
    let list = |l: &[&str]| {
        l.iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "sum(CASE WHEN {col} IN ({}) THEN 1 ELSE 0 END), sum(CASE WHEN {col} IN ({}) THEN 1 ELSE 0 END)",
        list(COOP),
        list(CONFLICT)
    )
}

/// The fields of `f` that apply to `what` (others are cleared and named).
/// Mirrors the "–" cells of the table in [`crate::query`].
fn applicable(f: &Filter, what: What) -> (Filter, Vec<&'static str>) {
    let mut g = f.clone();
    let mut ignored = Vec::new();
    let clear = |field: &mut Option<String>, name: &'static str, ignored: &mut Vec<_>| {
        if field.as_deref().is_some_and(|s| !s.trim().is_empty()) {
            ignored.push(name);
        }
        *field = None;
    };
    match what {
        What::Positions => clear(&mut g.event_type, "type", &mut ignored),
        What::Entities => {
            // On entity lists `type` would mean the entity type; the filter bar's
            // `type` is an event type, so it is dropped here.
            clear(&mut g.event_type, "type", &mut ignored);
            clear(&mut g.status, "status", &mut ignored);
            clear(&mut g.place, "place", &mut ignored);
        }
        _ => {}
    }
    if what == What::Positions {
        clear(&mut g.place, "place", &mut ignored);
    }
    g.limit = None;
    g.offset = 0;
    (g, ignored)
}

/// Parses a text filter once on its own, so a malformed full-text query is the
/// user's error (400) and not mistaken for a fault of a larger query.
pub fn check_text(conn: &Connection, f: &Filter) -> Result<()> {
    let Some(q) = f.text.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(());
    };
    conn.prepare_cached(
        "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1)",
    )?
    .query_row([q], |r| r.get::<_, i64>(0))
    .map_err(|e| {
        Error::Invalid(format!(
            "q: not a valid full-text query ({e}); quote phrases with \"…\""
        ))
    })?;
    Ok(())
}

fn clause(f: &Filter, what: What) -> Result<(String, Vec<Value>, Vec<&'static str>)> {
    let (g, ignored) = applicable(f, what);
    let (sql, args) = g.clause(what)?;
    Ok((sql, args, ignored))
}

/// Appends `AND cond` or `WHERE cond` to a clause from [`Filter::clause`].
fn and(clause: &str, cond: &str) -> String {
    if clause.trim().is_empty() {
        format!(" WHERE {cond}")
    } else {
        format!("{clause} AND {cond}")
    }
}

fn page_of(f: &Filter) -> (usize, usize) {
    let limit = f.limit.unwrap_or(25).clamp(1, MAX_LIMIT);
    (limit, f.offset)
}

fn paged<T>(
    mut items: Vec<T>,
    limit: usize,
    offset: usize,
    ignored: Vec<&'static str>,
) -> Paged<T> {
    let more = items.len() > limit;
    items.truncate(limit);
    Paged {
        next_offset: more.then_some(offset + limit),
        items,
        offset,
        limit,
        ignored,
    }
}

/// FTS5 syntax errors are the user's: report them as invalid input.
fn fts(e: rusqlite::Error, f: &Filter) -> Error {
    let msg = e.to_string();
    if f.text.is_some() && (msg.contains("fts5") || msg.contains("syntax error")) {
        return Error::Invalid(format!(
            "q: not a valid full-text query ({msg}); quote phrases with \"…\""
        ));
    }
    Error::Sqlite(e)
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    args: &[Value],
    f: &Filter,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st
        .query(params_from_iter(args.iter()))
        .map_err(|e| fts(e, f))?;
    let mut out = Vec::new();
    loop {
        match rows.next() {
            Ok(Some(r)) => out.push(map(r)?),
            Ok(None) => break,
            Err(e) => return Err(fts(e, f)),
        }
    }
    Ok(out)
}

const ARTICLE_COLS: &str = "a.id, a.doc_id, a.title, a.source, a.published, a.url, a.n_entities, a.n_statements, a.n_events";

fn article_item(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleItem> {
    Ok(ArticleItem {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        title: r.get(2)?,
        source: r.get(3)?,
        published: r.get(4)?,
        url: r.get(5)?,
        entities: r.get(6)?,
        statements: r.get(7)?,
        events: r.get(8)?,
        snippet: None,
    })
}

/// Articles, newest first; with a text filter, matches most recently stored
/// first, each with a snippet.
pub fn articles(conn: &Connection, f: &Filter) -> Result<Paged<ArticleItem>> {
    let (limit, offset) = page_of(f);
    let text = f
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let Some(q) = text else {
        let (cond, args, ignored) = clause(f, What::Articles)?;
        let sql = format!(
            "SELECT {ARTICLE_COLS} FROM articles a{cond} ORDER BY a.published DESC, a.id DESC LIMIT {} OFFSET {offset}",
            limit + 1
        );
        let items = collect(conn, &sql, &args, f, article_item)?;
        return Ok(paged(items, limit, offset, ignored));
    };
    // Text matches are listed most recently stored first: the full-text index
    // yields rowids in that order and the scan stops after one page, where
    // ordering by date would first collect every match (a common word matches
    // most of a large store).
    let mut rest = f.clone();
    rest.text = None;
    let (cond, mut args, ignored) = clause(&rest, What::Articles)?;
    args.push(Value::Text(q.clone()));
    let sql = format!(
        "SELECT {ARTICLE_COLS}, a.record
         FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?{} ORDER BY rowid DESC) t
         CROSS JOIN articles a ON a.id = t.id{cond} LIMIT {} OFFSET {offset}",
        args.len(),
        limit + 1
    );
    let terms = query_terms(&q);
    let rows = collect(conn, &sql, &args, f, |r| {
        Ok((article_item(r)?, r.get::<_, Vec<u8>>(9)?))
    })?;
    let mut items = Vec::with_capacity(rows.len());
    for (mut it, z) in rows {
        it.snippet = Some(snippet(&record_text(it.id, &z)?, &terms, 160));
        items.push(it);
    }
    Ok(paged(items, limit, offset, ignored))
}

/// The text of a stored record (for snippets), without building the record.
fn record_text(id: i64, z: &[u8]) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct TextOnly {
        text: String,
    }
    let json = crate::decode_record(id, z)?;
    Ok(serde_json::from_str::<TextOnly>(&json)?.text)
}

/// One article with its record, by store id.
pub fn article(conn: &Connection, id: i64) -> Result<Option<ArticleDetail>> {
    let sql = format!("SELECT {ARTICLE_COLS}, a.record FROM articles a WHERE a.id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| Ok((article_item(r)?, r.get::<_, Vec<u8>>(9)?)))
        .optional()?;
    let Some((article, z)) = row else {
        return Ok(None);
    };
    Ok(Some(ArticleDetail {
        record_json: crate::decode_record(article.id, &z)?,
        article,
    }))
}

/// A number that changes whenever an article is stored (articles are only
/// ever added, and every merged table changes only with them): the key of the
/// server's cache of aggregate views.
pub fn store_version(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| {
            r.get(0)
        })?,
    )
}

/// Settings for a server's read connection: a smaller page cache than the
/// store's default, since the server keeps several readers open.
pub fn tune_reader(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA cache_size=-8192;")?;
    Ok(())
}

/// Number of stored articles.
pub fn article_count(conn: &Connection) -> Result<i64> {
    // max(id) is an index lookup; count(*) scans. Ids are never reused and
    // articles are never deleted, so they agree.
    Ok(conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
}

/// Merged entities, most articles first. With filters: those mentioned in the
/// matching articles.
pub fn entities(conn: &Connection, f: &Filter) -> Result<Paged<EntityItem>> {
    let (limit, offset) = page_of(f);
    let (cond, args, ignored) = clause(f, What::Entities)?;
    let sql = format!(
        "SELECT g.id, g.name, g.type, g.country, g.qid, g.article_count, g.mention_count, g.first_seen, g.last_seen
         FROM g_entities g{cond} ORDER BY g.article_count DESC, g.id LIMIT {} OFFSET {offset}",
        limit + 1
    );
    let items = collect(conn, &sql, &args, f, |r| {
        Ok(EntityItem {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            country: r.get(3)?,
            qid: r.get(4)?,
            articles: r.get(5)?,
            mentions: r.get(6)?,
            first_seen: r.get(7)?,
            last_seen: r.get(8)?,
        })
    })?;
    Ok(paged(items, limit, offset, ignored))
}

fn split_ids(s: &str) -> impl Iterator<Item = i64> + '_ {
    s.split(',').filter_map(|x| x.trim().parse().ok())
}

/// Names of merged entities by id.
fn entity_refs(conn: &Connection, ids: &HashSet<i64>) -> Result<HashMap<i64, EntityRef>> {
    let mut out = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return Ok(out);
    }
    // Ids are integers from the store itself, so they are inlined.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT id, name, type FROM g_entities WHERE id IN ({list})");
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let e = EntityRef {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
        };
        out.insert(e.id, e);
    }
    Ok(out)
}

/// Merged events, latest date first.
pub fn events(conn: &Connection, f: &Filter) -> Result<Paged<EventItem>> {
    let (limit, offset) = page_of(f);
    let mut rest = f.clone();
    let actor = rest.actor.take().filter(|a| !a.trim().is_empty());
    let (mut cond, args, ignored) = clause(&rest, What::Events)?;
    if let Some(a) = actor {
        cond = and(&cond, &actor_condition(conn, &a)?);
    }
    let sql = format!(
        "SELECT e.id, e.type, e.mode, e.status, e.date, e.place_gid, e.actor_key, e.target_key, e.summary,
                e.article_count, e.source_count, e.mention_count, e.first_seen, e.last_seen, e.latest_article
         FROM g_events e{cond} ORDER BY e.date DESC, e.id DESC LIMIT {} OFFSET {offset}",
        limit + 1
    );
    struct Raw {
        item: EventItem,
        place: Option<i64>,
        actors: String,
        targets: String,
    }
    let raws = collect(conn, &sql, &args, f, |r| {
        Ok(Raw {
            item: EventItem {
                id: r.get(0)?,
                kind: r.get(1)?,
                mode: r.get(2)?,
                status: r.get(3)?,
                date: r.get(4)?,
                place: None,
                actors: Vec::new(),
                targets: Vec::new(),
                summary: r.get(8)?,
                articles: r.get(9)?,
                sources: r.get(10)?,
                mentions: r.get(11)?,
                first_seen: r.get(12)?,
                last_seen: r.get(13)?,
                latest_article: r.get(14)?,
            },
            place: r.get(5)?,
            actors: r.get(6)?,
            targets: r.get(7)?,
        })
    })?;
    let mut ids = HashSet::new();
    for r in &raws {
        ids.extend(r.place);
        ids.extend(split_ids(&r.actors));
        ids.extend(split_ids(&r.targets));
    }
    let names = entity_refs(conn, &ids)?;
    let items = raws
        .into_iter()
        .map(|r| {
            let mut it = r.item;
            it.place = r.place.and_then(|p| names.get(&p).cloned());
            it.actors = split_ids(&r.actors)
                .filter_map(|i| names.get(&i).cloned())
                .collect();
            it.targets = split_ids(&r.targets)
                .filter_map(|i| names.get(&i).cloned())
                .collect();
            it
        })
        .collect();
    Ok(paged(items, limit, offset, ignored))
}

/// An actor's events at most this many: listed by fetching them all and
/// sorting; above it, by walking every event newest first until a page is
/// full (a frequent actor fills it within a few thousand events).
const ACTOR_SORT_MAX: i64 = 2000;

/// The events-list condition for an actor filter, shaped for the plan that
/// is fast for this actor. SQLite cannot merge several index ranges in date
/// order, so for an actor (or a name matching several entities) with many
/// events, "all its events, then sort" reads them all; walking the date
/// index and probing each event's participants stops after one page. For a
/// rare actor the walk would read most of the store, so its events are
/// fetched and sorted instead. The count that decides is capped, so it costs
/// at most [`ACTOR_SORT_MAX`] index entries.
fn actor_condition(conn: &Connection, actor: &str) -> Result<String> {
    let ids = crate::query::actor_ids(conn, actor)?;
    if ids.is_empty() {
        return Ok("0".into());
    }
    // Ids are integers from the store itself, so they are inlined.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM g_event_entities
             WHERE gid IN ({list}) AND role IN ('actor','target') LIMIT {})",
            ACTOR_SORT_MAX + 1
        ),
        [],
        |r| r.get(0),
    )?;
    // In the walk, `+x.gid` reads the event's few participants rather than
    // probing the key once per named entity.
    Ok(if n <= ACTOR_SORT_MAX {
        format!(
            "e.id IN (SELECT gevent FROM g_event_entities WHERE gid IN ({list}) AND role IN ('actor','target'))"
        )
    } else {
        format!(
            "EXISTS (SELECT 1 FROM g_event_entities x
                     WHERE x.gevent = e.id AND +x.gid IN ({list}) AND +x.role IN ('actor','target'))"
        )
    })
}

/// Merged claims, latest first, each with its statements for and against.
pub fn claims(conn: &Connection, f: &Filter) -> Result<Paged<ClaimItem>> {
    let (limit, offset) = page_of(f);
    let (cond, args, ignored) = clause(f, What::Claims)?;
    let sql = format!(
        "SELECT c.id, c.status, c.text, (SELECT n.name FROM g_entities n WHERE n.id = c.claimant_gid),
                c.n_for, c.n_against, c.article_count, c.first_seen, c.last_seen,
                v.id, v.type, v.mode, v.status
         FROM g_claims c LEFT JOIN g_events v ON v.id = c.gevent{cond}
         ORDER BY c.last_seen DESC, c.id DESC LIMIT {} OFFSET {offset}",
        limit + 1
    );
    let mut items = collect(conn, &sql, &args, f, |r| {
        let ev: Option<i64> = r.get(9)?;
        Ok(ClaimItem {
            id: r.get(0)?,
            status: r.get(1)?,
            text: r.get(2)?,
            claimant: r.get(3)?,
            n_for: r.get(4)?,
            n_against: r.get(5)?,
            articles: r.get(6)?,
            first_seen: r.get(7)?,
            last_seen: r.get(8)?,
            event: match ev {
                Some(id) => Some(ClaimEvent {
                    id,
                    kind: r.get(10)?,
                    mode: r.get(11)?,
                    status: r.get(12)?,
                }),
                None => None,
            },
            statements: Vec::new(),
        })
    })?;
    items.truncate(limit + 1);
    // The LIMIT is in the text: a bound LIMIT makes SQLite re-plan at every run.
    let mut st = conn.prepare_cached(&format!(
        "SELECT relation, side, speaker, text, article, published FROM g_claim_statements
         WHERE gclaim = ?1 ORDER BY published, article, statement LIMIT {CLAIM_STATEMENTS}"
    ))?;
    for it in items.iter_mut().take(limit) {
        let rows = st.query_map([it.id], |r| {
            Ok(ClaimStatement {
                relation: r.get(0)?,
                side: r.get(1)?,
                speaker: r.get(2)?,
                text: r.get(3)?,
                article: r.get(4)?,
                published: r.get(5)?,
            })
        })?;
        for s in rows {
            it.statements.push(s?);
        }
    }
    Ok(paged(items, limit, offset, ignored))
}

/// Positions, newest article first; `actor_id` narrows to one merged actor.
pub fn positions(
    conn: &Connection,
    f: &Filter,
    actor_id: Option<i64>,
) -> Result<Paged<PositionItem>> {
    let (limit, offset) = page_of(f);
    let (mut cond, mut args, ignored) = clause(f, What::Positions)?;
    if let Some(id) = actor_id {
        args.push(Value::Integer(id));
        cond = and(&cond, &format!("p.actor_gid = ?{}", args.len()));
    }
    // Unfiltered, the newest articles are walked by date and their positions
    // read by key, stopping after a page; left to itself, SQLite (with
    // ANALYZE statistics) reads every position and sorts them.
    let from = if cond.trim().is_empty() {
        "articles a CROSS JOIN positions p ON p.article = a.id"
    } else {
        "positions p JOIN articles a ON a.id = p.article"
    };
    let sql = format!(
        "SELECT n.id, n.name, n.type, p.issue, p.issue_text, p.stance, p.polarity, p.evidence_text, p.article, a.published
         FROM {from} JOIN g_entities n ON n.id = p.actor_gid{cond}
         ORDER BY a.published DESC, a.id DESC, p.seq LIMIT {} OFFSET {offset}",
        limit + 1
    );
    let items = collect(conn, &sql, &args, f, |r| {
        Ok(PositionItem {
            actor: EntityRef {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
            },
            issue: r.get(3)?,
            issue_text: r.get(4)?,
            stance: r.get(5)?,
            polarity: r.get(6)?,
            evidence: r.get(7)?,
            article: r.get(8)?,
            published: r.get(9)?,
        })
    })?;
    Ok(paged(items, limit, offset, ignored))
}

/// Merged events per day (the latest [`MAX_DAYS`] days with events).
pub fn timeline(conn: &Connection, f: &Filter) -> Result<Timeline> {
    let (cond, args, ignored) = clause(f, What::Events)?;
    let cond = and(&cond, "e.date IS NOT NULL");
    let sql = format!(
        "SELECT e.date, count(*), {}, sum(e.article_count) FROM g_events e{cond}
         GROUP BY e.date ORDER BY e.date DESC LIMIT {MAX_DAYS}",
        tone_sums("e.type")
    );
    let mut buckets = collect(conn, &sql, &args, f, |r| {
        let events: i64 = r.get(1)?;
        let coop: i64 = r.get(2)?;
        let conflict: i64 = r.get(3)?;
        Ok(DayBucket {
            day: r.get(0)?,
            events,
            coop,
            conflict,
            neutral: events - coop - conflict,
            articles: r.get(4)?,
        })
    })?;
    buckets.reverse();
    Ok(Timeline { buckets, ignored })
}

/// Geocoded places with their article and event counts.
pub fn map(conn: &Connection, f: &Filter) -> Result<MapPoints> {
    let (cond, args, ignored) = clause(f, What::Articles)?;
    let sql = if cond.trim().is_empty() {
        // No filter: the merged counts are already there.
        format!(
            "SELECT g.id, g.name, g.country, g.geonames, g.lat, g.lon, g.article_count
             FROM g_entities g WHERE g.lat IS NOT NULL AND g.lon IS NOT NULL
             ORDER BY g.article_count DESC LIMIT {MAX_POINTS}"
        )
    } else {
        format!(
            "SELECT g.id, g.name, g.country, g.geonames, g.lat, g.lon, m.n
             FROM (SELECT pl.gid, count(*) AS n FROM places pl
                   WHERE pl.article IN (SELECT a.id FROM articles a{cond}) GROUP BY pl.gid) m
             JOIN g_entities g ON g.id = m.gid
             WHERE g.lat IS NOT NULL AND g.lon IS NOT NULL
             ORDER BY m.n DESC LIMIT {MAX_POINTS}"
        )
    };
    let mut points = collect(conn, &sql, &args, f, |r| {
        Ok(MapPoint {
            id: r.get(0)?,
            name: r.get(1)?,
            country: r.get(2)?,
            geonames: r.get(3)?,
            lat: r.get(4)?,
            lon: r.get(5)?,
            articles: r.get(6)?,
            events: 0,
        })
    })?;
    // Events per place in one grouped statement over the place index.
    if !points.is_empty() {
        let (econd, eargs, _) = clause(f, What::Events)?;
        let list = points
            .iter()
            .map(|p| p.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT e.place_gid, count(*) FROM g_events e{} GROUP BY e.place_gid",
            and(&econd, &format!("e.place_gid IN ({list})"))
        );
        let counts: HashMap<i64, i64> =
            collect(conn, &sql, &eargs, f, |r| Ok((r.get(0)?, r.get(1)?)))?
                .into_iter()
                .collect();
        for p in &mut points {
            p.events = counts.get(&p.id).copied().unwrap_or(0);
        }
    }
    Ok(MapPoints { points, ignored })
}

/// The actor network: the `limit` actors with most events (within the
/// filter) and the events between them, per direction.
pub fn network(conn: &Connection, f: &Filter, limit: usize) -> Result<Network> {
    let limit = limit.clamp(2, 100);
    let (cond, args, ignored) = clause(f, What::Events)?;
    // Candidate actors: without a filter the most-mentioned merged entities
    // (an index walk); with one, those most involved in the matching events.
    let top_sql = if cond.trim().is_empty() {
        format!(
            "SELECT g.id FROM g_entities g WHERE g.type IN ('PERSON','ORG','GPE','NORP','GROUP')
             ORDER BY g.article_count DESC LIMIT {}",
            limit * 2
        )
    } else {
        format!(
            "SELECT x.gid FROM g_event_entities x JOIN g_events e ON e.id = x.gevent{}
             GROUP BY x.gid ORDER BY count(*) DESC LIMIT {}",
            and(&cond, "x.role IN ('actor','target')"),
            limit * 2
        )
    };
    let top: Vec<i64> = collect(conn, &top_sql, &args, f, |r| r.get(0))?;
    if top.is_empty() {
        return Ok(Network {
            nodes: Vec::new(),
            edges: Vec::new(),
            ignored,
        });
    }
    let list = top.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let edge_sql = format!(
        "SELECT s.gid, t.gid, count(*), {}
         FROM g_event_entities s
         JOIN g_event_entities t ON t.gevent = s.gevent AND t.role = 'target' AND +t.gid IN ({list}) AND t.gid <> s.gid
         JOIN g_events e ON e.id = s.gevent{}
         GROUP BY s.gid, t.gid",
        // `+t.gid` keeps SQLite from probing the key once per (event, candidate):
        // it reads the few entities of each event instead.
        tone_sums("e.type"),
        and(&cond, &format!("s.role = 'actor' AND s.gid IN ({list})"))
    );
    let mut edges = collect(conn, &edge_sql, &args, f, |r| {
        Ok(NetEdge {
            source: r.get(0)?,
            target: r.get(1)?,
            events: r.get(2)?,
            coop: r.get(3)?,
            conflict: r.get(4)?,
        })
    })?;
    let mut weight: HashMap<i64, i64> = HashMap::new();
    for e in &edges {
        *weight.entry(e.source).or_default() += e.events;
        *weight.entry(e.target).or_default() += e.events;
    }
    // Keep the `limit` best-linked actors and the edges among them.
    let mut keep: Vec<(i64, i64)> = weight.iter().map(|(k, v)| (*k, *v)).collect();
    keep.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    keep.truncate(limit);
    let kept: HashSet<i64> = keep.iter().map(|k| k.0).collect();
    edges.retain(|e| kept.contains(&e.source) && kept.contains(&e.target));
    edges.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then((a.source, a.target).cmp(&(b.source, b.target)))
    });
    let refs = entity_refs(conn, &kept)?;
    let mut st = conn.prepare_cached("SELECT country FROM g_entities WHERE id = ?1")?;
    let mut nodes = Vec::with_capacity(keep.len());
    for (id, w) in keep {
        let Some(r) = refs.get(&id) else { continue };
        let country: Option<String> = st.query_row([id], |r| r.get(0))?;
        nodes.push(NetNode {
            id,
            name: r.name.clone(),
            kind: r.kind.clone(),
            country,
            events: w,
        });
    }
    Ok(Network {
        nodes,
        edges,
        ignored,
    })
}

/// The stance matrix: the `n_actors` actors and `n_issues` issues with most
/// positions (within the filter), and the counts for and against per cell.
pub fn stance(conn: &Connection, f: &Filter, n_actors: usize, n_issues: usize) -> Result<Stance> {
    let (cond, args, ignored) = clause(f, What::Positions)?;
    let join = if cond.contains("a.published") {
        " JOIN articles a ON a.id = p.article"
    } else {
        ""
    };
    let sql = format!(
        "SELECT p.actor_gid, p.issue, sum(p.polarity > 0), sum(p.polarity < 0)
         FROM positions p{join}{cond} GROUP BY p.actor_gid, p.issue"
    );
    let all = collect(conn, &sql, &args, f, |r| {
        Ok(StanceCell {
            actor: r.get(0)?,
            issue: r.get(1)?,
            support: r.get(2)?,
            oppose: r.get(3)?,
        })
    })?;
    let mut by_actor: HashMap<i64, i64> = HashMap::new();
    let mut by_issue: HashMap<&str, i64> = HashMap::new();
    for c in &all {
        *by_actor.entry(c.actor).or_default() += c.support + c.oppose;
        *by_issue.entry(c.issue.as_str()).or_default() += c.support + c.oppose;
    }
    let mut actors: Vec<(i64, i64)> = by_actor.into_iter().collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    actors.truncate(n_actors.clamp(1, 100));
    let mut issues: Vec<(&str, i64)> = by_issue.into_iter().collect();
    issues.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    issues.truncate(n_issues.clamp(1, 50));
    let actor_set: HashSet<i64> = actors.iter().map(|a| a.0).collect();
    let issue_set: HashSet<&str> = issues.iter().map(|i| i.0).collect();
    let refs = entity_refs(conn, &actor_set)?;
    let issues: Vec<String> = issues.iter().map(|i| i.0.to_string()).collect();
    let cells = all
        .iter()
        .filter(|c| actor_set.contains(&c.actor) && issue_set.contains(c.issue.as_str()))
        .cloned()
        .collect();
    Ok(Stance {
        actors: actors
            .iter()
            .filter_map(|(id, _)| refs.get(id).cloned())
            .collect(),
        issues,
        cells,
        ignored,
    })
}

/// The words of an FTS5 query (operators and quotes dropped), lowercased.
fn query_terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "NEAR"))
        .map(str::to_lowercase)
        .collect()
}

/// About `width` characters of `text` around the first of `terms` (whole-word,
/// case-insensitive), each occurrence wrapped in U+0002 … U+0003. Linear in the
/// text; control characters of the text itself are replaced so markers are ours.
pub fn snippet(text: &str, terms: &[String], width: usize) -> String {
    let lower: Vec<(usize, char)> = text.char_indices().collect();
    let is_word = |c: char| c.is_alphanumeric();
    // Word boundaries: (byte start, byte end) of each alphanumeric run.
    let mut words: Vec<(usize, usize, usize)> = Vec::new(); // (char index, byte start, byte end)
    let mut i = 0;
    while i < lower.len() {
        if is_word(lower[i].1) {
            let start = i;
            while i < lower.len() && is_word(lower[i].1) {
                i += 1;
            }
            let b0 = lower[start].0;
            let b1 = lower.get(i).map_or(text.len(), |x| x.0);
            words.push((start, b0, b1));
        } else {
            i += 1;
        }
    }
    let hit = |w: &(usize, usize, usize)| {
        let s = &text[w.1..w.2];
        terms.iter().any(|t| s.to_lowercase() == *t)
    };
    let first = words.iter().find(|w| hit(w)).map_or(0, |w| w.0);
    let from = first.saturating_sub(width / 3);
    let to = (from + width).min(lower.len());
    let b_from = lower.get(from).map_or(text.len(), |x| x.0);
    let b_to = lower.get(to).map_or(text.len(), |x| x.0);
    let mut out = String::with_capacity(b_to - b_from + 16);
    if from > 0 {
        out.push('…');
    }
    let mut pos = b_from;
    for w in words
        .iter()
        .filter(|w| w.1 >= b_from && w.2 <= b_to && hit(w))
    {
        push_clean(&mut out, &text[pos..w.1]);
        out.push('\u{2}');
        push_clean(&mut out, &text[w.1..w.2]);
        out.push('\u{3}');
        pos = w.2;
    }
    push_clean(&mut out, &text[pos..b_to]);
    if to < lower.len() {
        out.push('…');
    }
    out
}

fn push_clean(out: &mut String, s: &str) {
    for c in s.chars() {
        out.push(if c.is_control() { ' ' } else { c });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_whole_words_and_strips_control_characters() {
        let t =
            "The ceasefire held.\u{2}Talks on a ceasefires deal resumed; CEASEFIRE monitors left.";
        let s = snippet(t, &["ceasefire".to_string()], 200);
        assert_eq!(
            s,
            "The \u{2}ceasefire\u{3} held. Talks on a ceasefires deal resumed; \u{2}CEASEFIRE\u{3} monitors left."
        );
        let long = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let s = snippet(&long, &["needle".to_string()], 60);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("\u{2}needle\u{3}"));
        // 60 characters of text plus the two ellipses; the markers are not text.
        assert_eq!(
            s.chars()
                .filter(|c| !matches!(c, '\u{2}' | '\u{3}'))
                .count(),
            62,
            "{s}"
        );
    }

    #[test]
    fn query_terms_drop_operators() {
        assert_eq!(
            query_terms("\"port strike\" OR ceasefire*"),
            vec!["port", "strike", "ceasefire"]
        );
    }

    #[test]
    fn filters_that_do_not_apply_are_named() {
        let f = Filter {
            event_type: Some("ASSAULT".into()),
            place: Some("Kyiv".into()),
            issue: Some("ceasefire".into()),
            ..Filter::default()
        };
        let (g, ignored) = applicable(&f, What::Positions);
        assert_eq!(ignored, vec!["type", "place"]);
        assert_eq!(g.issue.as_deref(), Some("ceasefire"));
        let (_, ignored) = applicable(&f, What::Events);
        assert!(ignored.is_empty());
    }
}

#[cfg(test)]
mod tone_tests {
    use super::{CONFLICT, COOP};

    #[test]
    fn cooperative_and_conflictual_types_split_plover() {
        assert_eq!(COOP.first(), Some(&"AGREE"));
        assert_eq!(COOP.last(), Some(&"RETREAT"));
        assert_eq!(CONFLICT.first(), Some(&"ACCUSE"));
        assert_eq!(CONFLICT.last(), Some(&"ASSAULT"));
        assert!(!COOP.contains(&"REQUEST") && !CONFLICT.contains(&"REQUEST"));
    }
}
