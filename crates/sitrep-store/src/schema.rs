//! The schema (`PRAGMA user_version`). A new store is created at [`VERSION`]
//! by [`CREATE`]; `MIGRATIONS[i]` would take a store from version
//! [`OLDEST_UPGRADABLE`]` + i` to the next one. A store older than
//! [`OLDEST_UPGRADABLE`] is refused with a "rebuild" message (its merged rows
//! were keyed differently and cannot be re-derived in SQL), and a store newer
//! than this build is refused. Described table by table in `SCHEMA.md`: keep
//! both in step.

/// The schema version this build writes.
pub const VERSION: i64 = 3;

/// The oldest version [`MIGRATIONS`] can bring up to [`VERSION`].
pub const OLDEST_UPGRADABLE: i64 = 3;

/// `MIGRATIONS[i]` takes a store from version `OLDEST_UPGRADABLE + i` to the next.
pub const MIGRATIONS: &[&str] = &[];

/// The indexes that queries read and merging never does, as (name, table and
/// columns). Not in [`CREATE`]: every open for writing creates those missing
/// (`CREATE INDEX IF NOT EXISTS`), and a bulk load into an empty store drops
/// them and builds them once at the end (see `Store::begin_bulk`), since
/// sorting all keys once costs far less than keeping an index in order row by
/// row while merging.
pub const QUERY_INDEXES: &[(&str, &str)] = &[
    ("articles_published", "articles(published)"),
    ("entities_gid", "entities(gid)"),
    ("places_gid", "places(gid)"),
    ("claims_gclaim", "claims(gclaim)"),
    ("positions_actor", "positions(actor_gid, issue)"),
    ("positions_issue", "positions(issue)"),
    ("g_entities_norm", "g_entities(norm)"),
    ("g_entities_articles", "g_entities(article_count DESC)"),
    ("g_events_date", "g_events(date)"),
    ("g_event_entities_gid", "g_event_entities(gid, role)"),
    ("g_claims_gevent", "g_claims(gevent)"),
];

/// `CREATE INDEX IF NOT EXISTS` for each of [`QUERY_INDEXES`].
pub fn create_query_indexes() -> String {
    QUERY_INDEXES
        .iter()
        .map(|(name, on)| format!("CREATE INDEX IF NOT EXISTS {name} ON {on};\n"))
        .collect()
}

/// A new store's tables and the indexes merging reads, at [`VERSION`]
/// (then [`QUERY_INDEXES`]).
pub const CREATE: &str = r#"
-- ---------------------------------------------------------------- per article
-- Only what queries read is kept as rows; everything else (statements, times,
-- claim responses, mentions, roles, spans) is in `articles.record`.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,          -- store id, assigned at ingest
    doc_id       TEXT NOT NULL,                -- record doc.id (caller's id; not unique)
    url          TEXT,                         -- normalised URL (see SCHEMA.md); unique when present
    content_hash BLOB NOT NULL UNIQUE,         -- SHA-256 of the record text
    title        TEXT,
    source       TEXT,                         -- publisher as given
    source_key   TEXT NOT NULL,                -- source, else URL host, else 'article:<id>'
    published    TEXT,                         -- YYYY-MM-DD or NULL
    lang         TEXT NOT NULL,
    input        TEXT,                         -- where it came from: file, file:line, feed item
    ingested_at  INTEGER NOT NULL,             -- unix seconds
    text_chars   INTEGER NOT NULL,
    n_entities   INTEGER NOT NULL,             -- entities in the record
    n_statements INTEGER NOT NULL,             -- statements in the record
    n_events     INTEGER NOT NULL,             -- events in the record
    record       BLOB NOT NULL                 -- the full sitrep.record/1 JSON, Snappy raw format
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;

-- Full-text index over title + text. Contentless: it holds only the index;
-- rowid = articles.id. Read titles and text from `articles`.
-- columnsize=0: no per-document size row (only ranking reads it; lists are
-- ordered by date or id).
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');

-- Which merged entities an article mentions (once per article and entity).
CREATE TABLE entities (
    article       INTEGER NOT NULL REFERENCES articles(id),
    gid           INTEGER NOT NULL REFERENCES g_entities(id),
    PRIMARY KEY (article, gid)
) WITHOUT ROWID;

CREATE TABLE places (
    article   INTEGER NOT NULL REFERENCES articles(id),
    entity    TEXT NOT NULL,                   -- local entity id
    gid       INTEGER NOT NULL,                -- g_entities.id of that entity
    geonames  INTEGER,
    lat       REAL,
    lon       REAL,
    country   TEXT,                            -- ISO alpha-2
    feature   TEXT,
    PRIMARY KEY (article, entity)
) WITHOUT ROWID;

CREATE TABLE events (
    article      INTEGER NOT NULL REFERENCES articles(id),
    local_id     TEXT NOT NULL,                -- v1, v2, ...
    gevent       INTEGER NOT NULL REFERENCES g_events(id),
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,                -- status within this article
    PRIMARY KEY (article, local_id)
) WITHOUT ROWID;

CREATE TABLE claims (
    article    INTEGER NOT NULL REFERENCES articles(id),
    local_id   TEXT NOT NULL,                  -- c1, c2, ...
    gclaim     INTEGER NOT NULL REFERENCES g_claims(id),
    statement  TEXT NOT NULL,                  -- local statement id
    event      TEXT,                           -- local event id
    status     TEXT NOT NULL,                  -- status within this article
    PRIMARY KEY (article, local_id)
) WITHOUT ROWID;

CREATE TABLE positions (
    article      INTEGER NOT NULL REFERENCES articles(id),
    seq          INTEGER NOT NULL,             -- index in the record's positions
    actor        TEXT NOT NULL,                -- local entity id
    actor_gid    INTEGER NOT NULL,
    issue        TEXT NOT NULL,
    issue_text   TEXT NOT NULL,
    stance       TEXT NOT NULL,
    polarity     INTEGER NOT NULL,
    evidence     TEXT,                         -- local statement id
    evidence_text TEXT NOT NULL,
    PRIMARY KEY (article, seq)
) WITHOUT ROWID;

-- ---------------------------------------------------------------- across articles
CREATE TABLE g_entities (
    id            INTEGER PRIMARY KEY,
    qid           TEXT UNIQUE,                 -- Wikidata id, when any article linked one
    name          TEXT NOT NULL,               -- the name first seen (QID entities: longest seen)
    norm          TEXT NOT NULL,               -- normalised name (see SCHEMA.md)
    type          TEXT NOT NULL,
    country       TEXT,
    geonames      INTEGER,                     -- places: first gazetteer id seen
    lat           REAL,
    lon           REAL,
    article_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT,                        -- earliest article date
    last_seen     TEXT                         -- latest article date
);

-- Every name key (type|country|normalised name) under which an entity was
-- seen, so that a later article naming it without a QID finds it.
CREATE TABLE g_entity_keys (
    key  TEXT PRIMARY KEY,
    gid  INTEGER NOT NULL REFERENCES g_entities(id)
) WITHOUT ROWID;

CREATE TABLE g_events (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    mode          TEXT,                        -- first mode seen
    status_class  TEXT NOT NULL,               -- real, planned, hypothetical, negated (part of the key)
    status        TEXT NOT NULL,               -- status in the latest reporting article
    actor_key     TEXT NOT NULL,               -- sorted actor gids, comma-separated (all reports)
    target_key    TEXT NOT NULL,               -- sorted target gids (all reports)
    match_actors  TEXT NOT NULL,               -- sorted actor match keys (see SCHEMA.md)
    match_targets TEXT NOT NULL,               -- sorted target match keys
    place_gid     INTEGER,
    date          TEXT,                        -- YYYY-MM-DD, earliest date reported
    summary       TEXT NOT NULL,               -- evidence of the first mention
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    source_count  INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT,                        -- earliest reporting article date
    last_seen     TEXT,                        -- latest reporting article date
    latest_article INTEGER,                    -- the article `status` comes from
    mergeable     INTEGER NOT NULL             -- 0: no match key and no place; never merged
);

-- The merge lookup: one row per match key (actor, target or place) of a
-- mergeable merged event, under the event's type, status class and date.
CREATE TABLE g_event_keys (
    key     INTEGER NOT NULL,                  -- match key: a gid, or -(country code) (see SCHEMA.md)
    type    TEXT NOT NULL,
    class   TEXT NOT NULL,
    date    TEXT NOT NULL,                     -- the event's date, '' when undated
    gevent  INTEGER NOT NULL REFERENCES g_events(id),
    PRIMARY KEY (key, type, class, date, gevent)
) WITHOUT ROWID;

CREATE TABLE g_event_entities (
    gevent INTEGER NOT NULL REFERENCES g_events(id),
    gid    INTEGER NOT NULL REFERENCES g_entities(id),
    role   TEXT NOT NULL,                      -- actor, target, place
    PRIMARY KEY (gevent, gid, role)
) WITHOUT ROWID;

CREATE TABLE g_event_articles (
    gevent     INTEGER NOT NULL REFERENCES g_events(id),
    article    INTEGER NOT NULL REFERENCES articles(id),
    source_key TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (gevent, article)
) WITHOUT ROWID;
CREATE TABLE g_claims (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,        -- 'event:<gevent>' or 'speaker:<gid>:<hash of content>'
    gevent        INTEGER REFERENCES g_events(id),
    claimant_gid  INTEGER,                     -- speaker of the first asserting statement
    text          TEXT NOT NULL,               -- the first asserting statement's content
    status        TEXT NOT NULL,               -- status in the latest article
    n_for         INTEGER NOT NULL DEFAULT 0,  -- asserting, confirming, supporting statements
    n_against     INTEGER NOT NULL DEFAULT 0,  -- denying, disputing statements
    article_count INTEGER NOT NULL DEFAULT 0,
    first_seen    TEXT,
    last_seen     TEXT,
    latest_article INTEGER
);

CREATE TABLE g_claim_statements (
    gclaim       INTEGER NOT NULL REFERENCES g_claims(id),
    article      INTEGER NOT NULL REFERENCES articles(id),
    statement    TEXT NOT NULL,                -- local statement id
    relation     TEXT NOT NULL,                -- asserts, confirms, supports, denies, disputes
    side         INTEGER NOT NULL,             -- +1 for, -1 against
    speaker_gid  INTEGER,
    speaker      TEXT,                         -- speaker name as in that article
    text         TEXT NOT NULL,
    published    TEXT,
    PRIMARY KEY (gclaim, article, statement)
) WITHOUT ROWID;
"#;
