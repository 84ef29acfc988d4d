//! Filtered reads over the store: `sitrep query`, `sitrep export`, and the
//! server's shared filter bar.
//!
//! A [`Filter`] turns into an SQL condition for one kind of row ([`What`]),
//! with these table aliases: `e` = `g_events` (merged events), `a` =
//! `articles`, `g` = `g_entities` (merged entities), `c` = `g_claims` (merged
//! claims), `p` = `positions` (joined with `a`). [`Filter::clause`] gives the
//! condition and its parameters so other read code (the server's `views.rs`)
//! reuses it rather than writing a second filter.
//!
//! Filters and what they mean per kind:
//!
//! | filter | events | articles | entities | claims | positions |
//! |---|---|---|---|---|---|
//! | `actor` (QID or name) | an actor or target | mentions it | is it | claimant or a responder | actor |
//! | `event_type` | type | has an event of that type | entity type (PERSON, ORG, …) | claimed event's type | – |
//! | `status` | latest status | has an event with it | – | latest status | stance |
//! | `place` (name, GeoNames id, ISO-2 country) | place | mentions it | – | claimed event's place | – |
//! | `from`/`to` (YYYY[-MM[-DD]], inclusive) | event date | published | seen in range | seen in range | published |
//! | `issue` | reported in an article with a position on it | has a position on it | holds a position on it | from such an article | issue |
//! | `text` (FTS5 query) | reported in a matching article | matches | mentioned in one | from one | from one |
//!
//! A filter that has no meaning for a kind (marked –) is an error, not ignored.

use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::{Error, Result, norm};

/// The kinds of rows a query returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    /// Stored articles (metadata).
    Articles,
    /// Merged entities.
    Entities,
    /// Merged events with their counts.
    Events,
    /// Merged claims with their latest status.
    Claims,
    /// Per-article positions (actor × issue × stance).
    Positions,
}

impl What {
    /// Every kind, in export order.
    pub const ALL: [What; 5] = [
        What::Articles,
        What::Entities,
        What::Events,
        What::Claims,
        What::Positions,
    ];

    /// Parse `articles|entities|events|claims|positions`.
    pub fn parse(s: &str) -> Option<What> {
        Some(match s {
            "articles" => What::Articles,
            "entities" => What::Entities,
            "events" => What::Events,
            "claims" => What::Claims,
            "positions" => What::Positions,
            _ => return None,
        })
    }

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            What::Articles => "articles",
            What::Entities => "entities",
            What::Events => "events",
            What::Claims => "claims",
            What::Positions => "positions",
        }
    }
}

/// The shared filters. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// A Wikidata QID (`Q76`) or a name: merged entities whose normalised name
    /// is it, or contains it as whole words.
    pub actor: Option<String>,
    /// PLOVER event type (case-insensitive); for entities, the entity type.
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// Event status / claim status / position stance.
    pub status: Option<String>,
    /// A place name, a GeoNames id, or an ISO 3166-1 alpha-2 country code.
    pub place: Option<String>,
    /// Earliest date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Latest date, inclusive at its precision (`2025-03` = to the end of March).
    pub to: Option<String>,
    /// Issue lexicon key (`ceasefire`).
    pub issue: Option<String>,
    /// FTS5 query over article titles and text.
    pub text: Option<String>,
    /// At most this many rows (none: all).
    pub limit: Option<usize>,
    /// Skip this many rows first.
    pub offset: usize,
}

/// How a column is typed (for CSV/Parquet export).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text.
    Text,
    /// 64-bit integer.
    Int,
    /// Double.
    Real,
    /// A `YYYY-MM-DD` day (Parquet DATE).
    Date,
}

/// One output column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Name.
    pub name: &'static str,
    /// Type.
    pub ty: ColType,
}

const fn col(name: &'static str, ty: ColType) -> Column {
    Column { name, ty }
}

use ColType::{Date, Int, Real, Text};

const ARTICLE_COLS: &[Column] = &[
    col("id", Int),
    col("published", Date),
    col("source", Text),
    col("title", Text),
    col("url", Text),
    col("doc_id", Text),
    col("text_chars", Int),
];
const ENTITY_COLS: &[Column] = &[
    col("id", Int),
    col("name", Text),
    col("type", Text),
    col("country", Text),
    col("qid", Text),
    col("articles", Int),
    col("mentions", Int),
    col("first_seen", Date),
    col("last_seen", Date),
    col("lat", Real),
    col("lon", Real),
];
const EVENT_COLS: &[Column] = &[
    col("id", Int),
    col("event_date", Date),
    col("type", Text),
    col("mode", Text),
    col("status", Text),
    col("actors", Text),
    col("targets", Text),
    col("place", Text),
    col("mentions", Int),
    col("articles", Int),
    col("sources", Int),
    col("first_seen", Date),
    col("last_seen", Date),
    col("summary", Text),
];
const CLAIM_COLS: &[Column] = &[
    col("id", Int),
    col("status", Text),
    col("claimant", Text),
    col("claim", Text),
    col("for", Int),
    col("against", Int),
    col("articles", Int),
    col("event_type", Text),
    col("first_seen", Date),
    col("last_seen", Date),
];
const POSITION_COLS: &[Column] = &[
    col("article", Int),
    col("published", Date),
    col("actor", Text),
    col("issue", Text),
    col("stance", Text),
    col("polarity", Int),
    col("issue_text", Text),
    col("evidence", Text),
];

/// The columns a kind returns, in order.
pub fn columns(what: What) -> &'static [Column] {
    match what {
        What::Articles => ARTICLE_COLS,
        What::Entities => ENTITY_COLS,
        What::Events => EVENT_COLS,
        What::Claims => CLAIM_COLS,
        What::Positions => POSITION_COLS,
    }
}

/// The index of the column exports partition by (a date), per kind.
pub fn date_column(what: What) -> usize {
    match what {
        What::Articles | What::Positions | What::Events => 1,
        What::Entities => 7,
        What::Claims => 8,
    }
}

fn select(what: What) -> &'static str {
    match what {
        What::Articles => {
            "SELECT a.id, a.published, a.source, a.title, a.url, a.doc_id, a.text_chars FROM articles a"
        }
        What::Entities => {
            "SELECT g.id, g.name, g.type, g.country, g.qid, g.article_count, g.mention_count,
                    g.first_seen, g.last_seen, g.lat, g.lon FROM g_entities g"
        }
        What::Events => {
            "SELECT e.id, e.date, e.type, e.mode, e.status,
                    (SELECT group_concat(n.name, '; ') FROM g_event_entities x JOIN g_entities n ON n.id = x.gid
                      WHERE x.gevent = e.id AND x.role = 'actor'),
                    (SELECT group_concat(n.name, '; ') FROM g_event_entities x JOIN g_entities n ON n.id = x.gid
                      WHERE x.gevent = e.id AND x.role = 'target'),
                    (SELECT n.name FROM g_entities n WHERE n.id = e.place_gid),
                    e.mention_count, e.article_count, e.source_count, e.first_seen, e.last_seen, e.summary
             FROM g_events e"
        }
        What::Claims => {
            "SELECT c.id, c.status, (SELECT n.name FROM g_entities n WHERE n.id = c.claimant_gid), c.text,
                    c.n_for, c.n_against, c.article_count,
                    (SELECT v.type FROM g_events v WHERE v.id = c.gevent), c.first_seen, c.last_seen
             FROM g_claims c"
        }
        What::Positions => {
            "SELECT p.article, a.published, n.name, p.issue, p.stance, p.polarity, p.issue_text, p.evidence_text
             FROM positions p JOIN articles a ON a.id = p.article JOIN g_entities n ON n.id = p.actor_gid"
        }
    }
}

fn order(what: What) -> &'static str {
    match what {
        What::Articles => " ORDER BY a.published DESC, a.id DESC",
        What::Entities => " ORDER BY g.article_count DESC, g.id",
        What::Events => " ORDER BY e.date DESC, e.article_count DESC, e.id DESC",
        What::Claims => " ORDER BY c.last_seen DESC, c.id DESC",
        What::Positions => " ORDER BY a.published DESC, p.article DESC, p.seq",
    }
}

/// Ascending by the partition date (exports write one month at a time).
fn export_order(what: What) -> &'static str {
    match what {
        What::Articles => " ORDER BY a.published, a.id",
        What::Entities => " ORDER BY g.first_seen, g.id",
        What::Events => " ORDER BY e.date, e.id",
        What::Claims => " ORDER BY c.first_seen, c.id",
        What::Positions => " ORDER BY a.published, p.article, p.seq",
    }
}

/// Check a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` bound.
fn check_date(flag: &str, s: &str) -> Result<()> {
    let ok = match s.len() {
        4 => s.bytes().all(|b| b.is_ascii_digit()),
        7 => {
            s[..4].bytes().all(|b| b.is_ascii_digit())
                && s.as_bytes()[4] == b'-'
                && matches!(s[5..].parse::<u32>(), Ok(1..=12))
        }
        10 => norm::day_number(s).is_some(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "--{flag}: `{s}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
        )))
    }
}

const ENTITY_TYPES: [&str; 6] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "GROUP"];
/// The 16 PLOVER types in PLOVER's order: seven cooperative, REQUEST, eight conflictual
/// (the split [`crate::views::COOP`] and [`crate::views::CONFLICT`] rely on).
pub(crate) const EVENT_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

impl Filter {
    /// The SQL condition (`WHERE …`, or empty) and its positional parameters
    /// for one kind of row, with the aliases in the module docs. Errors name
    /// the flag that is wrong.
    pub fn clause(&self, what: What) -> Result<(String, Vec<Value>)> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let na = |flag: &str| {
            Err(Error::Invalid(format!(
                "--{flag} does not apply to {}",
                what.name()
            )))
        };
        let mut arg = |args: &mut Vec<Value>, v: Value| -> String {
            args.push(v);
            format!("?{}", args.len())
        };

        if let Some(a) = nonblank(&self.actor) {
            let sub = actor_gids(&mut args, &mut arg, a);
            conds.push(match what {
                What::Events => format!(
                    "e.id IN (SELECT gevent FROM g_event_entities WHERE role IN ('actor','target') AND gid IN ({sub}))"
                ),
                What::Articles => {
                    format!("a.id IN (SELECT article FROM entities WHERE gid IN ({sub}))")
                }
                What::Entities => format!("g.id IN ({sub})"),
                What::Claims => format!(
                    "(c.claimant_gid IN ({sub}) OR c.id IN (SELECT gclaim FROM g_claim_statements WHERE speaker_gid IN ({sub})))"
                ),
                What::Positions => format!("p.actor_gid IN ({sub})"),
            });
        }
        if let Some(t) = nonblank(&self.event_type) {
            let t = t.to_ascii_uppercase();
            let known: &[&str] = if what == What::Entities {
                &ENTITY_TYPES
            } else {
                &EVENT_TYPES
            };
            if !known.contains(&t.as_str()) {
                return Err(Error::Invalid(format!(
                    "--type: `{t}` is not one of {}",
                    known.join(", ")
                )));
            }
            let p = arg(&mut args, Value::Text(t));
            conds.push(match what {
                What::Events => format!("e.type = {p}"),
                What::Articles => format!("a.id IN (SELECT article FROM events WHERE type = {p})"),
                What::Entities => format!("g.type = {p}"),
                What::Claims => format!("c.gevent IN (SELECT id FROM g_events WHERE type = {p})"),
                What::Positions => return na("type"),
            });
        }
        if let Some(s) = nonblank(&self.status) {
            let p = arg(&mut args, Value::Text(s.to_ascii_lowercase()));
            conds.push(match what {
                What::Events => format!("e.status = {p}"),
                What::Articles => {
                    format!("a.id IN (SELECT article FROM events WHERE status = {p})")
                }
                What::Claims => format!("c.status = {p}"),
                What::Positions => format!("p.stance = {p}"),
                What::Entities => return na("status"),
            });
        }
        if let Some(pl) = nonblank(&self.place) {
            let sub = place_gids(&mut args, &mut arg, pl);
            conds.push(match what {
                What::Events => format!("e.place_gid IN ({sub})"),
                What::Articles => {
                    format!("a.id IN (SELECT article FROM places WHERE gid IN ({sub}))")
                }
                What::Claims => {
                    format!("c.gevent IN (SELECT id FROM g_events WHERE place_gid IN ({sub}))")
                }
                What::Entities | What::Positions => return na("place"),
            });
        }
        if let Some(f) = nonblank(&self.from) {
            check_date("from", f)?;
            let p = arg(&mut args, Value::Text(f.to_string()));
            conds.push(match what {
                What::Events => format!("e.date >= {p}"),
                What::Articles | What::Positions => format!("a.published >= {p}"),
                What::Entities => format!("g.last_seen >= {p}"),
                What::Claims => format!("c.last_seen >= {p}"),
            });
        }
        if let Some(t) = nonblank(&self.to) {
            check_date("to", t)?;
            // '~' sorts after every digit and '-': "2025-03~" ends March.
            let p = arg(&mut args, Value::Text(format!("{t}~")));
            conds.push(match what {
                What::Events => format!("e.date <= {p}"),
                What::Articles | What::Positions => format!("a.published <= {p}"),
                What::Entities => format!("g.first_seen <= {p}"),
                What::Claims => format!("c.first_seen <= {p}"),
            });
        }
        if let Some(i) = nonblank(&self.issue) {
            let p = arg(&mut args, Value::Text(i.to_string()));
            let arts = format!("SELECT article FROM positions WHERE issue = {p}");
            conds.push(match what {
                What::Entities => {
                    format!("g.id IN (SELECT actor_gid FROM positions WHERE issue = {p})")
                }
                What::Positions => format!("p.issue = {p}"),
                _ => from_articles(what, &arts),
            });
        }
        if let Some(q) = nonblank(&self.text) {
            let p = arg(&mut args, Value::Text(q.to_string()));
            let arts = format!("SELECT rowid FROM articles_fts WHERE articles_fts MATCH {p}");
            conds.push(from_articles(what, &arts));
        }
        let sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        Ok((sql, args))
    }
}

fn nonblank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn is_qid(s: &str) -> bool {
    s.len() > 1
        && (s.starts_with('Q') || s.starts_with('q'))
        && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The condition keeping the rows of `what` that come from the articles `arts`
/// selects (the free-text filter, and the issue filter for events, articles
/// and claims).
fn from_articles(what: What, arts: &str) -> String {
    match what {
        What::Events => {
            // `events` is keyed by article first: no index of its own needed.
            format!("e.id IN (SELECT gevent FROM events WHERE article IN ({arts}))")
        }
        What::Articles => format!("a.id IN ({arts})"),
        What::Entities => format!("g.id IN (SELECT gid FROM entities WHERE article IN ({arts}))"),
        What::Claims => format!("c.id IN (SELECT gclaim FROM claims WHERE article IN ({arts}))"),
        What::Positions => format!("p.article IN ({arts})"),
    }
}

/// The merged entity ids an `--actor` value names, ascending (the same rule
/// as the filter's condition, run on its own).
pub fn actor_ids(conn: &Connection, actor: &str) -> Result<Vec<i64>> {
    // The exact name first, on its own: in the combined statement SQLite
    // scans every name for the whole-word branch even when it is not needed.
    let a = actor.trim();
    if !is_qid(a) {
        let mut st =
            conn.prepare_cached("SELECT id FROM g_entities WHERE norm = ?1 ORDER BY id")?;
        let ids = st
            .query_map([norm::name(a)], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        if !ids.is_empty() {
            return Ok(ids);
        }
    }
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |args: &mut Vec<Value>, v: Value| -> String {
        args.push(v);
        format!("?{}", args.len())
    };
    let sql = actor_gids(&mut args, &mut arg, actor.trim());
    let mut st = conn.prepare_cached(&sql)?;
    let mut ids = st
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, i64>(0)
        })?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// SQL selecting the merged entity ids an `--actor` value names.
fn actor_gids(
    args: &mut Vec<Value>,
    arg: &mut impl FnMut(&mut Vec<Value>, Value) -> String,
    a: &str,
) -> String {
    if is_qid(a) {
        let p = arg(args, Value::Text(a.to_ascii_uppercase()));
        return format!("SELECT id FROM g_entities WHERE qid = {p}");
    }
    name_match(args, arg, &norm::name(a))
}

/// The entities with exactly this normalised name (an index lookup), else
/// those whose name contains it as whole words ("putin" in "vladimir putin",
/// a scan of every merged entity, paid only when no name matches exactly).
fn name_match(
    args: &mut Vec<Value>,
    arg: &mut impl FnMut(&mut Vec<Value>, Value) -> String,
    n: &str,
) -> String {
    let p = arg(args, Value::Text(n.to_string()));
    format!(
        "SELECT id FROM g_entities WHERE norm = {p}
         UNION ALL
         SELECT id FROM g_entities
         WHERE NOT EXISTS (SELECT 1 FROM g_entities WHERE norm = {p})
           AND (norm LIKE {p} || ' %' OR norm LIKE '% ' || {p} OR norm LIKE '% ' || {p} || ' %')"
    )
}

/// SQL selecting the merged entity ids a `--place` value names.
fn place_gids(
    args: &mut Vec<Value>,
    arg: &mut impl FnMut(&mut Vec<Value>, Value) -> String,
    pl: &str,
) -> String {
    if let Ok(id) = pl.parse::<i64>() {
        let p = arg(args, Value::Integer(id));
        return format!("SELECT gid FROM places WHERE geonames = {p}");
    }
    if pl.len() == 2 && pl.bytes().all(|b| b.is_ascii_alphabetic()) {
        let p = arg(args, Value::Text(pl.to_ascii_uppercase()));
        let names = name_match(args, arg, &norm::name(pl));
        return format!("SELECT gid FROM places WHERE country = {p} UNION {names}");
    }
    name_match(args, arg, &norm::name(pl))
}

/// Rows of one kind as JSON-ready values, plus their columns.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The columns, in order.
    #[serde(skip)]
    pub columns: &'static [Column],
    /// Each row's values, in column order.
    pub rows: Vec<Vec<serde_json::Value>>,
}

impl Table {
    /// Each row as a JSON object keyed by column name.
    pub fn objects(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.rows.iter().map(|r| object(self.columns, r)).collect()
    }
}

/// A row as a JSON object keyed by column name.
pub fn object(
    columns: &[Column],
    row: &[serde_json::Value],
) -> serde_json::Map<String, serde_json::Value> {
    columns
        .iter()
        .zip(row)
        .map(|(c, v)| (c.name.to_string(), v.clone()))
        .collect()
}

fn to_json(v: rusqlite::types::ValueRef<'_>) -> serde_json::Value {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => serde_json::Value::Null,
        V::Integer(i) => i.into(),
        V::Real(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        V::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        V::Blob(b) => b
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
            .into(),
    }
}

/// Run a filtered query and collect the rows (newest first; `filter.limit`
/// and `filter.offset` apply).
pub fn query(conn: &Connection, what: What, filter: &Filter) -> Result<Table> {
    let mut rows = Vec::new();
    each(conn, what, filter, false, |r| {
        rows.push(r.to_vec());
        Ok(())
    })?;
    Ok(Table {
        columns: columns(what),
        rows,
    })
}

/// Stream the rows of a filtered query to `f` without collecting them.
/// `export_order` sorts ascending by the partition date instead of newest first.
pub fn each(
    conn: &Connection,
    what: What,
    filter: &Filter,
    export_order: bool,
    mut f: impl FnMut(&[serde_json::Value]) -> Result<()>,
) -> Result<()> {
    let (cond, args) = filter.clause(what)?;
    let mut sql = String::from(select(what));
    sql.push_str(&cond);
    sql.push_str(if export_order {
        self::export_order(what)
    } else {
        order(what)
    });
    if filter.limit.is_some() || filter.offset > 0 {
        let lim = filter.limit.map_or(-1, |l| l as i64);
        sql.push_str(&format!(" LIMIT {lim} OFFSET {}", filter.offset));
    }
    let mut st = conn.prepare(&sql).map_err(|e| fts_error(e, filter))?;
    let n = columns(what).len();
    let mut rows = st
        .query(rusqlite::params_from_iter(args.iter()))
        .map_err(|e| fts_error(e, filter))?;
    let mut buf: Vec<serde_json::Value> = Vec::with_capacity(n);
    loop {
        let row = match rows.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(fts_error(e, filter)),
        };
        buf.clear();
        for i in 0..n {
            buf.push(to_json(row.get_ref(i)?));
        }
        f(&buf)?;
    }
    Ok(())
}

/// FTS5 syntax errors become a message about `--text`.
fn fts_error(e: rusqlite::Error, filter: &Filter) -> Error {
    let msg = e.to_string();
    // The SQL here is fixed; a plain SQLITE_ERROR with a text filter is the
    // FTS5 query's ("unterminated string", "fts5: syntax error", "no such column").
    let generic = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::Unknown);
    if filter.text.is_some() && generic {
        return Error::Invalid(format!(
            "--text: not a valid full-text query ({msg}); quote phrases with \"…\""
        ));
    }
    Error::Sqlite(e)
}

/// Stream every stored record's JSON (ascending article id).
pub fn each_record(conn: &Connection, mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
    let mut st = conn.prepare("SELECT id, record FROM articles ORDER BY id")?;
    let mut rows = st.query([])?;
    let mut dec = snap::raw::Decoder::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let z = r
            .get_ref(1)?
            .as_blob()
            .map_err(|e| Error::Sqlite(e.into()))?;
        let json = dec.decompress_vec(z).map_err(|_| Error::Corrupt(id))?;
        f(std::str::from_utf8(&json).map_err(|_| Error::Corrupt(id))?)?;
    }
    Ok(())
}
