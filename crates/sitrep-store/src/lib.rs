//! The sitrep corpus store: records of many articles in one embedded SQLite
//! file, merged across articles.
//!
//! - Per-article tables keep each record (its full JSON, Snappy-compressed,
//!   plus the entities, events, claims, positions and places queries read).
//! - Merged tables (`g_*`) hold what several articles say about the same
//!   thing: one row per real-world entity (by Wikidata id, else by normalised
//!   name, type and country), per real event (type, status class, a ±1-day
//!   window, overlapping actors and targets after mapping capitals to their
//!   states, compatible places) with its mention, article and source counts,
//!   and per claim with its latest status and the statements for and against
//!   it.
//!
//! Merging happens at insert time, inside the article's transaction, so a
//! crash never leaves a half-stored or half-merged article. The schema is
//! described in `SCHEMA.md`; all SQL of the project lives in this crate.
//!
//! The API is synchronous. A [`Store`] wraps one connection: use one per
//! thread ([`Store::open_read_only`] for readers; WAL lets them read while a
//! writer writes).
//!
//! ```
//! let mut store = sitrep_store::Store::open_in_memory().unwrap();
//! let mut rec = sitrep_record::Record::empty("a1", "Talks resumed in Geneva on Monday.");
//! rec.doc.url = Some("https://example.org/talks".into());
//! let p = sitrep_store::Prepared::new(rec.clone(), None).unwrap();
//! assert!(matches!(store.insert(&p).unwrap(), sitrep_store::Outcome::Added(_)));
//! // The same article again (same text, or same URL) is a duplicate.
//! let again = sitrep_store::Prepared::new(rec, None).unwrap();
//! assert!(matches!(store.insert(&again).unwrap(), sitrep_store::Outcome::Duplicate { .. }));
//! assert_eq!(store.article_count().unwrap(), 1);
//! ```
#![deny(missing_docs)]

mod event_index;
mod fast_hash;
mod merge;
pub mod norm;
pub mod query;
pub mod schema;
pub mod views;

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};
use sitrep_record::Record;

pub use query::Filter;
pub use rusqlite;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A record could not be (de)serialised.
    #[error("store: record JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer sitrep.
    #[error(
        "store: schema version {found} is newer than this sitrep supports ({supported}); upgrade sitrep"
    )]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Version this build writes.
        supported: i64,
    },
    /// The store was written by an older sitrep whose merged rows cannot be
    /// upgraded in place.
    #[error(
        "store: schema version {found} was written by an older sitrep and cannot be upgraded to version {supported}; rebuild it: `sitrep ingest --db NEW.db` the same inputs"
    )]
    Rebuild {
        /// Version in the file.
        found: i64,
        /// Version this build writes.
        supported: i64,
    },
    /// The file is not a sitrep store (or is an older one opened read-only).
    #[error("store: {0}")]
    NotAStore(String),
    /// An article that cannot be stored.
    #[error("{0}")]
    Invalid(String),
    /// A stored record that does not decompress to UTF-8 JSON.
    #[error("store: article {0}: stored record is corrupt")]
    Corrupt(i64),
}

fn rebuild(found: i64) -> Error {
    Error::Rebuild {
        found,
        supported: schema::VERSION,
    }
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an article was not stored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateBy {
    /// Same text (SHA-256 of the record text).
    Content,
    /// Same normalised URL.
    Url,
}

/// What [`Store::insert`] did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored under this article id.
    Added(i64),
    /// Already stored under `existing`.
    Duplicate {
        /// The stored article's id.
        existing: i64,
        /// What matched.
        by: DuplicateBy,
    },
}

/// A record made ready for the single writer: serialised and hashed, work
/// that can run on extraction threads.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The record.
    pub record: Record,
    /// Its JSON, Snappy-compressed as stored (see [`decode_record`]).
    pub record_z: Vec<u8>,
    /// SHA-256 of its text.
    pub hash: [u8; 32],
    /// Its normalised URL.
    pub url: Option<String>,
    /// Its publication day (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// Where it came from (`file`, `file:line`, `feed#item`), for messages.
    pub input: Option<String>,
}

impl Prepared {
    /// Serialise and hash a record. An article without text is refused
    /// (every empty page would otherwise be "the same article").
    pub fn new(record: Record, input: Option<String>) -> Result<Prepared> {
        if record.text.trim().is_empty() {
            return Err(Error::Invalid("article has no text".into()));
        }
        // Compressed here, on an extraction thread: the record JSON is ~5×
        // the text, and the single writer would otherwise copy all of it into
        // the WAL and again into the main file at checkpoint.
        let json = serde_json::to_vec(&record)?;
        let record_z = snap::raw::Encoder::new()
            .compress_vec(&json)
            .map_err(|e| Error::Invalid(format!("record compression: {e}")))?;
        let hash: [u8; 32] = Sha256::digest(record.text.as_bytes()).into();
        let url = record.doc.url.as_deref().and_then(norm::url);
        let published = record.doc.published.as_deref().and_then(norm::day);
        Ok(Prepared {
            record,
            record_z,
            hash,
            url,
            published,
            input,
        })
    }
}

/// The JSON of a stored record (`articles.record`, Snappy raw format) of
/// article `id` (named in the error).
pub fn decode_record(id: i64, z: &[u8]) -> Result<String> {
    let bytes = snap::raw::Decoder::new()
        .decompress_vec(z)
        .map_err(|_| Error::Corrupt(id))?;
    String::from_utf8(bytes).map_err(|_| Error::Corrupt(id))
}

/// One connection to a store file.
pub struct Store {
    conn: Connection,
    /// Merged-entity ids by QID and name key, as committed: a writer's cache.
    entities: merge::EntityCache,
    /// The event-merge lookup in memory: a writer's index.
    events: event_index::EventIndex,
    /// In a bulk load ([`Store::begin_bulk`]): the SQL of the indexes dropped
    /// for it, to build at [`Store::end_bulk`].
    bulk: Option<Vec<String>>,
}

impl Store {
    /// Open (creating if needed) a store for reading and writing, and bring
    /// its schema up to date. WAL, `synchronous=NORMAL`: a committed article
    /// survives the process being killed.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    /// A private in-memory store (tests, examples).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // journal_mode answers with a row; in-memory stores answer "memory".
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL;
             PRAGMA foreign_keys=OFF;
             PRAGMA temp_store=MEMORY;
             PRAGMA cache_size=-32768;
             PRAGMA wal_autocheckpoint=16384;  -- 64 MB of WAL between checkpoints: fewer fsyncs in bulk ingest",
        )?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store {
            conn,
            entities: merge::EntityCache::default(),
            events: event_index::EventIndex::default(),
            bulk: None,
        };
        store.migrate()?;
        // Indexes a bulk load dropped and did not rebuild (it was killed):
        // built here, before anything reads or writes.
        store.conn.execute_batch(&schema::create_query_indexes())?;
        Ok(store)
    }

    /// Open an existing store read-only (the server's readers: one per thread).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::NotAStore(format!(
                "{}: no such store (create it with `sitrep ingest --db {} FILE…`)",
                path.display(),
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch("PRAGMA query_only=ON; PRAGMA cache_size=-16384;")?;
        conn.set_prepared_statement_cache_capacity(64);
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| Error::NotAStore(format!("{}: {e}", path.display())))?;
        if v > schema::VERSION {
            return Err(Error::TooNew {
                found: v,
                supported: schema::VERSION,
            });
        }
        if v == 0 {
            return Err(Error::NotAStore(format!(
                "{}: not a sitrep store",
                path.display()
            )));
        }
        if v < schema::OLDEST_UPGRADABLE {
            return Err(rebuild(v));
        }
        if v < schema::VERSION {
            return Err(Error::NotAStore(format!(
                "{}: a sitrep store of schema version {v}, older than this sitrep's {}; open it once for writing (`sitrep ingest`) to upgrade",
                path.display(),
                schema::VERSION
            )));
        }
        Ok(Store {
            conn,
            entities: merge::EntityCache::default(),
            events: event_index::EventIndex::default(),
            bulk: None,
        })
    }

    /// The underlying connection (read queries in `views`/`query`, tests).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    fn migrate(&mut self) -> Result<()> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v > schema::VERSION {
            return Err(Error::TooNew {
                found: v,
                supported: schema::VERSION,
            });
        }
        if v == 0 {
            // A version-0 file must be empty: never adopt someone else's database.
            let n: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| Error::NotAStore(e.to_string()))?;
            if n > 0 {
                return Err(Error::NotAStore(
                    "the file is an SQLite database but not a sitrep store".into(),
                ));
            }
        }
        if v == 0 {
            let tx = self.conn.transaction()?;
            tx.execute_batch(schema::CREATE)?;
            tx.pragma_update(None, "user_version", schema::VERSION)?;
            tx.commit()?;
            return Ok(());
        }
        if v < schema::OLDEST_UPGRADABLE {
            return Err(rebuild(v));
        }
        for (i, sql) in schema::MIGRATIONS
            .iter()
            .enumerate()
            .skip((v - schema::OLDEST_UPGRADABLE) as usize)
        {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(
                None,
                "user_version",
                schema::OLDEST_UPGRADABLE + i as i64 + 1,
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Store one article in its own transaction.
    pub fn insert(&mut self, p: &Prepared) -> Result<Outcome> {
        let mut v = self.insert_batch(std::slice::from_ref(p))?;
        Ok(v.pop().expect("one outcome per article"))
    }

    /// Store several articles in one transaction (much faster than one each).
    /// When this returns `Ok`, every article is committed; on `Err`, the
    /// transaction is rolled back and none of the batch is stored.
    ///
    /// No savepoint per article: an error aborts the whole batch anyway, and
    /// savepoints would make FTS5 flush its pending index at each one (many
    /// tiny segments) and SQLite copy pages to a sub-journal. The merged
    /// entities' counters are summed over the batch and written once per
    /// entity before the commit.
    pub fn insert_batch(&mut self, batch: &[Prepared]) -> Result<Vec<Outcome>> {
        let out = self.write_batch(batch);
        if out.is_err() {
            // Rolled back: the event index may hold rows that do not exist.
            self.events.clear();
        }
        out
    }

    fn write_batch(&mut self, batch: &[Prepared]) -> Result<Vec<Outcome>> {
        // IMMEDIATE: take the write lock first. A deferred transaction reads
        // first (duplicates, the event index) and its upgrade to writing
        // fails outright, without waiting, if another connection committed
        // in between.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        self.events.begin(&tx)?;
        let mut out = Vec::with_capacity(batch.len());
        let mut pending = merge::Pending::default();
        for p in batch {
            out.push(merge::insert_article(
                &tx,
                p,
                &self.entities,
                &mut self.events,
                &mut pending,
            )?);
        }
        self.events.flush(&tx)?;
        pending.flush(&tx)?;
        tx.commit()?;
        self.events.committed(&self.conn);
        // Only now: ids learnt in a rolled-back batch may not exist.
        self.entities.absorb(&mut pending);
        Ok(out)
    }

    /// Start a bulk load of about `input_bytes` of articles: when the store
    /// is empty, or smaller than what is coming, the indexes that only
    /// queries read ([`schema::QUERY_INDEXES`], and the dashboard's) are
    /// dropped, to be built once by [`Store::end_bulk`]. Merging never reads
    /// them, so nothing stored differs; readers meanwhile get the same answers,
    /// more slowly. Returns whether the load is bulk. A process killed before
    /// `end_bulk` leaves them missing, and the next [`Store::open`] builds
    /// the query indexes (`sitrep serve` the dashboard's).
    pub fn begin_bulk(&mut self, input_bytes: u64) -> Result<bool> {
        if self.bulk.is_some() {
            return Ok(true);
        }
        let size: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?;
        if self.article_count()? > 0 && (input_bytes as i64) < size {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        let mut saved = Vec::new();
        {
            let mut st = tx.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )?;
            let all: Vec<(String, String)> = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, sql) in all {
                let query_only = schema::QUERY_INDEXES.iter().any(|(n, _)| *n == name)
                    || name.starts_with(views::INDEX_PREFIX);
                if query_only {
                    tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                    saved.push(sql);
                }
            }
        }
        tx.commit()?;
        self.bulk = Some(saved);
        Ok(true)
    }

    /// End a bulk load: build the indexes [`Store::begin_bulk`] dropped.
    pub fn end_bulk(&mut self) -> Result<()> {
        if let Some(saved) = self.bulk.take() {
            let tx = self.conn.transaction()?;
            for sql in saved {
                tx.execute_batch(&sql)?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
    }

    /// The stored record of an article.
    pub fn record(&self, id: i64) -> Result<Option<Record>> {
        let z: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT record FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(match z {
            Some(z) => Some(serde_json::from_str(&decode_record(id, &z)?)?),
            None => None,
        })
    }

    /// The article stored under a (normalised) URL, if any.
    pub fn article_by_url(&self, url: &str) -> Result<Option<i64>> {
        let Some(u) = norm::url(url) else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row("SELECT id FROM articles WHERE url = ?1", params![u], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Fold the WAL back into the main file (end of a large ingest).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
