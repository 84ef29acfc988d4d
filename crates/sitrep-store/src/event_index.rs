//! The writer's in-memory copy of `g_event_keys`, the event-merge lookup.
//!
//! Most reports are new events (92% on a generated news corpus), so most
//! merge probes find nothing; each was an SQL query per match key, and each
//! new event wrote one key row per match key. Here the probes read memory and
//! the key rows of a batch are written at its end, many per statement and in
//! key order.
//!
//! The index is complete for every `(key, type, class)` prefix it holds:
//! either all of `g_event_keys` was loaded when the session started (small
//! stores, and every fresh ingest), or a prefix is loaded from SQL the first
//! time a probe or an insert touches it. Every change goes through memory
//! first, so a loaded prefix stays equal to the rows in SQL plus the batch's
//! staged rows. Anything that breaks that clears it: a failed batch (its rows
//! were rolled back), another connection's commit (`PRAGMA data_version`),
//! or growing past [`MAX_ENTRIES`] (checked between batches only, when
//! nothing is staged).

use std::collections::hash_map::Entry;

use crate::fast_hash::FastMap as HashMap;

use rusqlite::{Connection, ToSql, params};

use crate::{Result, norm};

/// Stores with at most this many merged events are loaded whole at the
/// first batch (one sequential scan, ~1 µs a row); larger ones load
/// prefixes on demand, so that a server ingesting one article into a large
/// store does not read them all.
const LOAD_ALL_MAX_EVENTS: i64 = 200_000;

/// Rows kept at most (16 bytes each plus the map's overhead).
const MAX_ENTRIES: usize = 1 << 22;

/// A day number meaning "undated" (stored as `''`); sorts before any day,
/// as `''` does in SQL.
const UNDATED: i64 = i64::MIN;

/// Candidates returned per probe: as the SQL lookup's `LIMIT 64`, a bound on
/// the merge's work for the most frequent keys.
pub(crate) const PROBE_LIMIT: usize = 64;

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not decided since the last clear.
    #[default]
    Unknown,
    /// Every row of `g_event_keys` is in memory.
    Complete,
    /// A prefix is in `rows` only once loaded (then completely).
    Lazy,
}

/// `(match key, interned type and class)`.
type Prefix = (i64, u32);

#[derive(Default)]
pub(crate) struct EventIndex {
    mode: Mode,
    /// Event type → interned id (times 4, plus the class's index).
    types: HashMap<String, u32>,
    type_names: Vec<String>,
    /// Per prefix: (day or [`UNDATED`], merged event), sorted.
    rows: HashMap<Prefix, Vec<(i64, i64)>>,
    entries: usize,
    /// Rows added in this batch, not yet in SQL: (prefix, merged event) → day.
    staged: HashMap<(i64, u32, i64), i64>,
    /// `PRAGMA data_version` after our last commit.
    data_version: Option<i64>,
}

const CLASSES: [&str; 4] = ["real", "planned", "hypothetical", "negated"];

fn class_index(class: &str) -> Option<u32> {
    CLASSES.iter().position(|c| *c == class).map(|i| i as u32)
}

fn day_of(date: &str) -> Option<i64> {
    if date.is_empty() {
        Some(UNDATED)
    } else {
        norm::day_number(date)
    }
}

fn date_of(day: i64) -> String {
    if day == UNDATED {
        String::new()
    } else {
        norm::day_string(day)
    }
}

impl EventIndex {
    /// Forget everything (and the staged rows: their batch was rolled back).
    pub(crate) fn clear(&mut self) {
        let version = self.data_version.take();
        *self = EventIndex::default();
        // A clear after a failed batch keeps the version: nothing else wrote.
        self.data_version = version;
    }

    /// Before a batch, inside its transaction: drop what another writer may
    /// have made stale, bound the memory, and load a small store whole.
    pub(crate) fn begin(&mut self, c: &Connection) -> Result<()> {
        let v: i64 = c.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.data_version.is_some_and(|old| old != v) {
            self.clear();
        }
        self.data_version = Some(v);
        self.staged.clear();
        if self.entries > MAX_ENTRIES {
            self.clear();
            self.mode = Mode::Lazy;
        }
        if self.mode == Mode::Unknown {
            let max: Option<i64> = c.query_row("SELECT max(id) FROM g_events", [], |r| r.get(0))?;
            if max.unwrap_or(0) > LOAD_ALL_MAX_EVENTS {
                self.mode = Mode::Lazy;
            } else {
                let mut st =
                    c.prepare("SELECT key, type, class, date, gevent FROM g_event_keys")?;
                let mut q = st.query([])?;
                while let Some(r) = q.next()? {
                    let (key, kind, class, date, gevent): (i64, String, String, String, i64) =
                        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
                    let (Some(kc), Some(day)) = (self.intern(&kind, &class), day_of(&date)) else {
                        continue;
                    };
                    // Rows arrive in primary-key order: each list is sorted.
                    self.rows.entry((key, kc)).or_default().push((day, gevent));
                    self.entries += 1;
                }
                self.mode = Mode::Complete;
            }
        }
        Ok(())
    }

    /// After the batch committed: its rows are in SQL now. Infallible: the
    /// batch is stored whatever happens here.
    pub(crate) fn committed(&mut self, c: &Connection) {
        self.staged.clear();
        // Our own commits do not change data_version; read it for the next check.
        match c.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0)) {
            Ok(v) => self.data_version = Some(v),
            Err(_) => {
                self.clear();
                self.data_version = None;
            }
        }
    }

    fn intern(&mut self, kind: &str, class: &str) -> Option<u32> {
        let ci = class_index(class)?;
        let t = match self.types.get(kind) {
            Some(&t) => t,
            None => {
                let t = self.type_names.len() as u32;
                self.type_names.push(kind.to_string());
                self.types.insert(kind.to_string(), t);
                t
            }
        };
        Some(t * 4 + ci)
    }

    /// The sorted rows of a prefix, loaded from SQL first when needed.
    fn prefix(
        &mut self,
        c: &Connection,
        key: i64,
        kind: &str,
        class: &str,
    ) -> Result<Option<Prefix>> {
        let Some(kc) = self.intern(kind, class) else {
            return Ok(None);
        };
        if self.mode == Mode::Lazy && !self.rows.contains_key(&(key, kc)) {
            let mut st = c.prepare_cached(
                "SELECT date, gevent FROM g_event_keys WHERE key = ?1 AND type = ?2 AND class = ?3",
            )?;
            let mut v: Vec<(i64, i64)> = Vec::new();
            let mut q = st.query(params![key, kind, class])?;
            while let Some(r) = q.next()? {
                if let Some(day) = day_of(&r.get::<_, String>(0)?) {
                    v.push((day, r.get(1)?));
                }
            }
            v.sort_unstable();
            self.entries += v.len();
            self.rows.insert((key, kc), v);
        }
        Ok(Some((key, kc)))
    }

    /// Merged events keyed under `key` with this type and class, dated
    /// within `window` days of `day` (or undated, for `None`); at most
    /// [`PROBE_LIMIT`], earliest date first, as the SQL lookup.
    pub(crate) fn probe(
        &mut self,
        c: &Connection,
        key: i64,
        kind: &str,
        class: &str,
        day: Option<i64>,
        window: i64,
        out: &mut Vec<i64>,
    ) -> Result<()> {
        let Some(p) = self.prefix(c, key, kind, class)? else {
            return Ok(());
        };
        let Some(rows) = self.rows.get(&p) else {
            return Ok(());
        };
        let (lo, hi) = match day {
            Some(d) => (d - window, d + window),
            None => (UNDATED, UNDATED),
        };
        let start = rows.partition_point(|&(d, _)| d < lo);
        out.extend(
            rows[start..]
                .iter()
                .take_while(|&&(d, _)| d <= hi)
                .take(PROBE_LIMIT)
                .map(|&(_, g)| g),
        );
        Ok(())
    }

    /// Key a merged event under `key` (written at the end of the batch).
    pub(crate) fn add(
        &mut self,
        c: &Connection,
        key: i64,
        kind: &str,
        class: &str,
        date: Option<&str>,
        gevent: i64,
    ) -> Result<()> {
        let Some(day) = day_of(date.unwrap_or("")) else {
            return Ok(());
        };
        let Some(p) = self.prefix(c, key, kind, class)? else {
            return Ok(());
        };
        let rows = self.rows.entry(p).or_default();
        if let Err(i) = rows.binary_search(&(day, gevent)) {
            // An event is keyed once per prefix (its key rows all carry its date).
            if let Entry::Vacant(v) = self.staged.entry((p.0, p.1, gevent)) {
                v.insert(day);
                rows.insert(i, (day, gevent));
                self.entries += 1;
            }
        }
        Ok(())
    }

    /// A merged event's date moved: its key row under `key` follows.
    pub(crate) fn move_date(
        &mut self,
        c: &Connection,
        key: i64,
        kind: &str,
        class: &str,
        old: Option<&str>,
        new: Option<&str>,
        gevent: i64,
    ) -> Result<()> {
        let (Some(old_day), Some(new_day)) = (day_of(old.unwrap_or("")), day_of(new.unwrap_or("")))
        else {
            return Ok(());
        };
        let Some(p) = self.prefix(c, key, kind, class)? else {
            return Ok(());
        };
        let rows = self.rows.entry(p).or_default();
        if let Ok(i) = rows.binary_search(&(old_day, gevent)) {
            rows.remove(i);
            let j = rows.binary_search(&(new_day, gevent)).unwrap_or_else(|j| j);
            rows.insert(j, (new_day, gevent));
        }
        match self.staged.get_mut(&(p.0, p.1, gevent)) {
            Some(d) => *d = new_day,
            None => {
                c.prepare_cached(
                    "UPDATE g_event_keys SET date = ?5 WHERE key = ?1 AND type = ?2 AND class = ?3 AND date = ?4 AND gevent = ?6",
                )?
                .execute(params![key, kind, class, date_of(old_day), date_of(new_day), gevent])?;
            }
        }
        Ok(())
    }

    /// Write the batch's staged key rows, in primary-key order.
    pub(crate) fn flush(&mut self, c: &Connection) -> Result<()> {
        let mut rows: Vec<(i64, &str, &str, String, i64)> = self
            .staged
            .iter()
            .map(|(&(key, kc, gevent), &day)| {
                (
                    key,
                    self.type_names[(kc / 4) as usize].as_str(),
                    CLASSES[(kc % 4) as usize],
                    date_of(day),
                    gevent,
                )
            })
            .collect();
        rows.sort_unstable();
        let p: Vec<&dyn ToSql> = rows
            .iter()
            .flat_map(|x| [&x.0 as &dyn ToSql, &x.1, &x.2, &x.3, &x.4])
            .collect();
        crate::merge::insert_many(
            c,
            "INSERT OR IGNORE INTO g_event_keys (key, type, class, date, gevent)",
            5,
            &p,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sitrep_record::{Entity, Event, Kb, Mention, Record};

    use super::Mode;
    use crate::{Prepared, Store};

    /// An article reporting that `actor` attacked `target` on its publication day.
    fn attack(id: &str, day: &str, actor: &str, target: &str) -> Prepared {
        let mut r = Record::empty(id, &format!("[{id}] {actor} attacked {target}."));
        r.doc.published = Some(day.into());
        for (i, name) in [actor, target].into_iter().enumerate() {
            r.entities.push(Entity {
                id: format!("e{}", i + 1),
                name: name.into(),
                kind: "ORG".into(),
                roles: vec![],
                country: None,
                affiliation: None,
                kb: Kb { wikidata: None },
                mentions: vec![Mention {
                    span: [0, 1],
                    text: name.into(),
                }],
            });
        }
        r.events.push(Event {
            id: "v1".into(),
            kind: "ASSAULT".into(),
            mode: None,
            actors: vec!["e1".into()],
            targets: vec!["e2".into()],
            place: None,
            when: None,
            status: "occurred".into(),
            source: None,
            trigger_span: [0, 1],
            evidence_span: [0, 1],
        });
        Prepared::new(r, None).unwrap()
    }

    fn one(s: &Store, sql: &str) -> String {
        s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_lazily_loaded_index_merges_and_moves_dates_as_a_complete_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lazy.db");
        Store::open(&db)
            .unwrap()
            .insert(&attack("a", "2025-02-02", "Red Brigade", "Blue Party"))
            .unwrap();
        // A new session that loads key prefixes on demand (large stores do).
        let mut s = Store::open(&db).unwrap();
        s.events.mode = Mode::Lazy;
        s.insert(&attack("b", "2025-02-03", "Red Brigade", "Blue Party"))
            .unwrap();
        // Only the prefixes this report touched were read.
        assert_eq!(s.events.rows.len(), 2);
        // An earlier report: merged, and every key row moves to its date.
        s.insert(&attack("c", "2025-02-01", "Red Brigade", "Blue Party"))
            .unwrap();
        // Not the same event: other participants.
        s.insert(&attack("d", "2025-02-01", "Green Front", "Blue Party"))
            .unwrap();
        assert_eq!(
            one(
                &s,
                "SELECT group_concat(article_count || ' ' || date, '; ') FROM (SELECT * FROM g_events ORDER BY id)"
            ),
            "3 2025-02-01; 1 2025-02-01"
        );
        assert_eq!(
            one(
                &s,
                "SELECT group_concat(gevent || ' ' || date, '; ') FROM (SELECT * FROM g_event_keys ORDER BY gevent, key)"
            ),
            "1 2025-02-01; 1 2025-02-01; 2 2025-02-01; 2 2025-02-01"
        );
        assert!(matches!(s.events.mode, Mode::Lazy));
    }
}
