//! Storing one article and merging it into the cross-article tables. Runs
//! inside the caller's transaction: either all of an article's rows and
//! merges land, or none. The rules are documented in `SCHEMA.md`.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use sitrep_record::{CpSpan, Record};

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
    /// Byte offset of each char, plus the text length at the end.
    bytes: Vec<u32>,
}

impl<'a> CpText<'a> {
    fn new(text: &'a str) -> CpText<'a> {
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend(text.char_indices().map(|(b, _)| b as u32));
        bytes.push(text.len() as u32);
        CpText { text, bytes }
    }

    fn slice(&self, span: CpSpan) -> &'a str {
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

pub(crate) fn insert_article(c: &Connection, p: &Prepared) -> Result<Outcome> {
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
                               lang, input, ingested_at, text_chars, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
        p.json,
    ])?;
    let article = c.last_insert_rowid();
    c.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![
            article,
            rec.doc.title.as_deref().unwrap_or(""),
            rec.text
        ])?;

    let text = CpText::new(&rec.text);

    // ---- entities
    let mut gids: HashMap<&str, i64> = HashMap::with_capacity(rec.entities.len());
    let mut counted: HashSet<i64> = HashSet::with_capacity(rec.entities.len());
    for e in &rec.entities {
        let n = norm::name(&e.name);
        let key = norm::entity_key(&e.kind, e.country.as_deref(), &n);
        let qid = e.kb.wikidata.as_deref().filter(|q| !q.is_empty());
        let (gid, found) = entity_gid(c, qid, &key, e, &n, day)?;
        let first_in_article = counted.insert(gid);
        if found == Found::ByKey {
            // Already under this key; nothing to add.
        } else {
            c.prepare_cached("INSERT OR IGNORE INTO g_entity_keys (key, gid) VALUES (?1, ?2)")?
                .execute(params![key, gid])?;
        }
        // A new row was created with this article's counts already.
        if found != Found::New {
            c.prepare_cached(
            "UPDATE g_entities SET
                 article_count = article_count + ?2,
                 mention_count = mention_count + ?3,
                 first_seen = CASE WHEN ?4 IS NOT NULL AND (first_seen IS NULL OR ?4 < first_seen) THEN ?4 ELSE first_seen END,
                 last_seen = CASE WHEN ?4 IS NOT NULL AND (last_seen IS NULL OR ?4 > last_seen) THEN ?4 ELSE last_seen END,
                 name = CASE WHEN qid IS NOT NULL AND ?7 > length(norm) THEN ?5 ELSE name END,
                 norm = CASE WHEN qid IS NOT NULL AND ?7 > length(norm) THEN ?8 ELSE norm END,
                 country = coalesce(country, ?6)
             WHERE id = ?1",
        )?
        .execute(params![
            gid,
            first_in_article as i64,
            e.mentions.len() as i64,
            day,
            e.name,
            e.country,
            n.len() as i64,
            n
        ])?;
        }
        c.prepare_cached(
            "INSERT OR IGNORE INTO entities (article, local_id, gid, name, type, country, qid, affiliation, roles, mention_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            article,
            e.id,
            gid,
            e.name,
            e.kind,
            e.country,
            qid,
            e.affiliation,
            serde_json::to_string(&e.roles)?,
            e.mentions.len() as i64
        ])?;
        gids.insert(e.id.as_str(), gid);
    }

    // ---- places
    for pl in &rec.places {
        let Some(&gid) = gids.get(pl.entity.as_str()) else {
            continue;
        };
        c.prepare_cached(
            "INSERT OR IGNORE INTO places (article, entity, gid, geonames, lat, lon, country, feature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            article,
            pl.entity,
            gid,
            pl.geonames.map(|g| g as i64),
            pl.lat,
            pl.lon,
            pl.country,
            pl.feature
        ])?;
        if pl.geonames.is_some() || pl.lat.is_some() {
            c.prepare_cached(
                "UPDATE g_entities SET geonames = ?2, lat = ?3, lon = ?4
                 WHERE id = ?1 AND geonames IS NULL AND lat IS NULL",
            )?
            .execute(params![gid, pl.geonames.map(|g| g as i64), pl.lat, pl.lon])?;
        }
    }

    // ---- times
    let mut time_days: HashMap<&str, String> = HashMap::new();
    for t in &rec.times {
        c.prepare_cached(
            "INSERT OR IGNORE INTO times (article, local_id, text, value, grain) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![article, t.id, t.text, t.value, t.grain])?;
        if let Some(d) = t.value.as_deref().and_then(norm::day) {
            time_days.insert(t.id.as_str(), d);
        }
    }

    // ---- statements
    let mut speakers: HashMap<&str, (Option<i64>, Option<&str>, &str)> = HashMap::new();
    let names: HashMap<&str, &str> = rec
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    for s in &rec.statements {
        let sg = s.speaker.as_deref().and_then(|x| gids.get(x).copied());
        let content = text.slice(s.content_span);
        c.prepare_cached(
            "INSERT OR IGNORE INTO statements (article, local_id, speaker, speaker_gid, cue, direct, content, span_start, span_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            article,
            s.id,
            s.speaker,
            sg,
            s.cue,
            s.direct as i64,
            content,
            s.content_span[0] as i64,
            s.content_span[1] as i64
        ])?;
        let sname = s.speaker.as_deref().and_then(|x| names.get(x).copied());
        speakers.insert(s.id.as_str(), (sg, sname, content));
    }

    // ---- events
    let mut gevents: HashMap<&str, i64> = HashMap::new();
    for ev in &rec.events {
        let ids = |v: &[String]| -> Vec<i64> {
            let mut g: Vec<i64> = v
                .iter()
                .filter_map(|x| gids.get(x.as_str()).copied())
                .collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        let actors = ids(&ev.actors);
        let targets = ids(&ev.targets);
        let (mut key_actors, mut key_targets) = (actors.clone(), targets.clone());
        if SYMMETRIC_TYPES.contains(&ev.kind.as_str()) {
            // "A met B", "B met A" and "A and B met" are one meeting.
            key_actors.append(&mut key_targets);
            key_actors.sort_unstable();
            key_actors.dedup();
        }
        let place_gid = ev.place.as_deref().and_then(|x| gids.get(x).copied());
        let date = ev
            .when
            .as_deref()
            .and_then(|t| time_days.get(t).cloned())
            .or_else(|| day.map(str::to_string));
        let class = status_class(&ev.status);
        let actor_key = join(&key_actors);
        let target_key = join(&key_targets);
        let mergeable = !actors.is_empty() || !targets.is_empty() || place_gid.is_some();
        let evidence = text.slice(ev.evidence_span);
        let found = if mergeable {
            find_event(
                c,
                &ev.kind,
                &actor_key,
                &target_key,
                class,
                date.as_deref(),
                place_gid,
            )?
        } else {
            None
        };
        let gevent = match found {
            None => {
                // A new event: its counts are this report's.
                c.prepare_cached(
                    "INSERT INTO g_events (type, mode, status_class, status, actor_key, target_key, place_gid, date, summary,
                                           mention_count, article_count, source_count, first_seen, last_seen, latest_article, mergeable)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, 1, 1, ?10, ?10, ?11, ?12)",
                )?
                .execute(params![
                    ev.kind,
                    ev.mode,
                    class,
                    ev.status,
                    actor_key,
                    target_key,
                    place_gid,
                    date,
                    evidence,
                    day,
                    article,
                    mergeable as i64
                ])?;
                let g = c.last_insert_rowid();
                c.prepare_cached(
                    "INSERT INTO g_event_articles (gevent, article, source_key, mentions) VALUES (?1, ?2, ?3, 1)",
                )?
                .execute(params![g, article, source_key])?;
                g
            }
            Some((g, last_seen)) => {
                // Counts: one more mention; one more article and perhaps one
                // more source when this article had not reported it yet.
                let new_article = c
                    .prepare_cached(
                        "INSERT OR IGNORE INTO g_event_articles (gevent, article, source_key, mentions) VALUES (?1, ?2, ?3, 1)",
                    )?
                    .execute(params![g, article, source_key])?
                    == 1;
                if !new_article {
                    c.prepare_cached(
                        "UPDATE g_event_articles SET mentions = mentions + 1 WHERE gevent = ?1 AND article = ?2",
                    )?
                    .execute(params![g, article])?;
                }
                let new_source = new_article
                    && c.prepare_cached(
                        "SELECT 1 FROM g_event_articles WHERE gevent = ?1 AND source_key = ?2 AND article <> ?3 LIMIT 1",
                    )?
                    .query_row(params![g, source_key, article], |_| Ok(()))
                    .optional()?
                    .is_none();
                let is_latest = not_earlier(day, last_seen.as_deref());
                c.prepare_cached(
                    "UPDATE g_events SET
                         mention_count = mention_count + 1,
                         article_count = article_count + ?2,
                         source_count = source_count + ?3,
                         date = CASE WHEN ?4 IS NOT NULL AND (date IS NULL OR ?4 < date) THEN ?4 ELSE date END,
                         place_gid = coalesce(place_gid, ?5),
                         mode = coalesce(mode, ?6),
                         first_seen = CASE WHEN ?7 IS NOT NULL AND (first_seen IS NULL OR ?7 < first_seen) THEN ?7 ELSE first_seen END,
                         last_seen = CASE WHEN ?7 IS NOT NULL AND (last_seen IS NULL OR ?7 > last_seen) THEN ?7 ELSE last_seen END,
                         status = CASE WHEN ?8 THEN ?9 ELSE status END,
                         latest_article = CASE WHEN ?8 THEN ?10 ELSE latest_article END
                     WHERE id = ?1",
                )?
                .execute(params![
                    g,
                    new_article as i64,
                    new_source as i64,
                    date,
                    place_gid,
                    ev.mode,
                    day,
                    is_latest,
                    ev.status,
                    article
                ])?;
                g
            }
        };
        for (list, role) in [(&actors, "actor"), (&targets, "target")] {
            for g in list {
                c.prepare_cached(
                    "INSERT OR IGNORE INTO g_event_entities (gevent, gid, role) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![gevent, g, role])?;
            }
        }
        if let Some(g) = place_gid {
            c.prepare_cached(
                "INSERT OR IGNORE INTO g_event_entities (gevent, gid, role) VALUES (?1, ?2, 'place')",
            )?
            .execute(params![gevent, g])?;
        }
        c.prepare_cached(
            "INSERT OR IGNORE INTO events (article, local_id, gevent, type, mode, status, actors, targets, place, place_gid,
                                           time, date, source, trigger, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            article,
            ev.id,
            gevent,
            ev.kind,
            ev.mode,
            ev.status,
            serde_json::to_string(&ev.actors)?,
            serde_json::to_string(&ev.targets)?,
            ev.place,
            place_gid,
            ev.when,
            date,
            ev.source,
            text.slice(ev.trigger_span),
            evidence
        ])?;
        gevents.insert(ev.id.as_str(), gevent);
    }

    // ---- claims
    for cl in &rec.claims {
        let (sgid, sname, content) = speakers
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
        c.prepare_cached(
            "INSERT OR IGNORE INTO g_claims (key, gevent, claimant_gid, text, status) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![key, gevent, sgid, content, cl.status])?;
        let (gclaim, status, last_seen): (i64, String, Option<String>) = c
            .prepare_cached("SELECT id, status, last_seen FROM g_claims WHERE key = ?1")?
            .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let new_article = c
            .prepare_cached("SELECT 1 FROM claims WHERE gclaim = ?1 AND article = ?2 LIMIT 1")?
            .query_row(params![gclaim, article], |_| Ok(()))
            .optional()?
            .is_none();
        c.prepare_cached(
            "INSERT OR IGNORE INTO claims (article, local_id, gclaim, statement, event, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![article, cl.id, gclaim, cl.statement, cl.event, cl.status])?;
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
        let mut n_for = 0i64;
        let mut n_against = 0i64;
        let mut add = |stmt: &str, relation: &str, side: i64| -> Result<()> {
            let (sg, sn, txt) = speakers.get(stmt).copied().unwrap_or((None, None, ""));
            let n = c
                .prepare_cached(
                    "INSERT OR IGNORE INTO g_claim_statements (gclaim, article, statement, relation, side, speaker_gid, speaker, text, published)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![gclaim, article, stmt, relation, side, sg, sn, txt, day])?;
            if n == 1 {
                if side > 0 {
                    n_for += 1;
                } else {
                    n_against += 1;
                }
            }
            Ok(())
        };
        add(&cl.statement, "asserts", 1)?;
        for r in &cl.responses {
            let side = match r.relation.as_str() {
                "denies" | "disputes" => -1,
                _ => 1,
            };
            add(&r.statement, &r.relation, side)?;
        }
        let _ = sname;
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
            gclaim,
            new_status,
            n_for,
            n_against,
            new_article as i64,
            day,
            is_latest,
            article
        ])?;
        for r in &cl.responses {
            c.prepare_cached(
                "INSERT OR IGNORE INTO claim_responses (article, claim, statement, relation) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![article, cl.id, r.statement, r.relation])?;
        }
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
        c.prepare_cached(
            "INSERT INTO positions (article, seq, actor, actor_gid, issue, issue_text, stance, polarity, evidence, evidence_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            article,
            i as i64,
            po.actor,
            agid,
            po.issue,
            po.issue_text,
            po.stance,
            po.polarity as i64,
            po.evidence,
            ev_text
        ])?;
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
    qid: Option<&str>,
    key: &str,
    e: &sitrep_record::Entity,
    norm: &str,
    day: Option<&str>,
) -> Result<(i64, Found)> {
    if let Some(q) = qid {
        if let Some(g) = c
            .prepare_cached("SELECT id FROM g_entities WHERE qid = ?1")?
            .query_row([q], |r| r.get(0))
            .optional()?
        {
            return Ok((g, Found::ByQid));
        }
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
            return Ok((g, Found::ByKey));
        }
        (Some((g, _)), None) => return Ok((g, Found::ByKey)),
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
    Ok((c.last_insert_rowid(), Found::New))
}

/// The merged event a report belongs to: same type, actor and target sets and
/// status class, a date within the window (or both undated), and the same
/// place unless either has none. The nearest date wins.
fn find_event(
    c: &Connection,
    kind: &str,
    actor_key: &str,
    target_key: &str,
    class: &str,
    date: Option<&str>,
    place: Option<i64>,
) -> Result<Option<(i64, Option<String>)>> {
    let compatible = |p: Option<i64>| p.is_none() || place.is_none() || p == place;
    match date.and_then(norm::day_number) {
        Some(d) => {
            let lo = norm::day_string(d - EVENT_WINDOW_DAYS);
            let hi = norm::day_string(d + EVENT_WINDOW_DAYS);
            let mut st = c.prepare_cached(
                "SELECT id, date, place_gid, last_seen FROM g_events
                 WHERE type = ?1 AND actor_key = ?2 AND target_key = ?3 AND status_class = ?4
                   AND date BETWEEN ?5 AND ?6 AND mergeable = 1",
            )?;
            let mut best: Option<(i64, i64, Option<String>)> = None;
            let rows = st.query_map(params![kind, actor_key, target_key, class, lo, hi], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (id, dd, p, last) = row?;
                if !compatible(p) {
                    continue;
                }
                let dist = norm::day_number(&dd).map_or(i64::MAX, |x| (x - d).abs());
                if best.as_ref().is_none_or(|(_, bd, _)| dist < *bd) {
                    best = Some((id, dist, last));
                }
            }
            Ok(best.map(|(id, _, last)| (id, last)))
        }
        None => {
            let mut st = c.prepare_cached(
                "SELECT id, place_gid, last_seen FROM g_events
                 WHERE type = ?1 AND actor_key = ?2 AND target_key = ?3 AND status_class = ?4
                   AND date IS NULL AND mergeable = 1",
            )?;
            let rows = st.query_map(params![kind, actor_key, target_key, class], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, p, last) = row?;
                if compatible(p) {
                    return Ok(Some((id, last)));
                }
            }
            Ok(None)
        }
    }
}

fn join(ids: &[i64]) -> String {
    let mut s = String::new();
    for (i, g) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&g.to_string());
    }
    s
}

fn hex8(h: &[u8]) -> String {
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
