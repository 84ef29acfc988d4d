//! The store on hand-built records: duplicates, cross-article merging of
//! entities, events and claims, filters, schema versioning and reopening.

use sitrep_record::{
    Claim, ClaimResponse, Entity, Event, Kb, Mention, Place, Position, Record, Statement, Time,
};
use sitrep_store::query::{self, Filter, What};
use sitrep_store::{DuplicateBy, Outcome, Prepared, Store};

/// A record under construction: entities, events and statements are added
/// with the words they cover appended to the text, so spans are real.
struct Rb {
    r: Record,
}

impl Rb {
    fn new(id: &str, published: &str, source: &str, url: &str) -> Rb {
        let mut r = Record::empty(id, "");
        r.doc.published = Some(published.into());
        r.doc.source = (!source.is_empty()).then(|| source.to_string());
        r.doc.url = (!url.is_empty()).then(|| url.to_string());
        r.doc.title = Some(format!("Report {id}"));
        // The id leads the text: records built alike stay distinct articles.
        r.text = format!("[{id}]");
        Rb { r }
    }

    /// Append words, returning their code-point span.
    fn words(&mut self, s: &str) -> [usize; 2] {
        if !self.r.text.is_empty() {
            self.r.text.push(' ');
        }
        let start = self.r.text.chars().count();
        self.r.text.push_str(s);
        [start, start + s.chars().count()]
    }

    fn entity(
        &mut self,
        name: &str,
        kind: &str,
        country: Option<&str>,
        qid: Option<&str>,
    ) -> String {
        let span = self.words(name);
        let id = format!("e{}", self.r.entities.len() + 1);
        self.r.entities.push(Entity {
            id: id.clone(),
            name: name.into(),
            kind: kind.into(),
            roles: vec![],
            country: country.map(Into::into),
            affiliation: None,
            kb: Kb {
                wikidata: qid.map(Into::into),
            },
            mentions: vec![Mention {
                span,
                text: name.into(),
            }],
        });
        id
    }

    fn place(&mut self, entity: &str, geonames: u64, cc: &str) {
        self.place_as(entity, geonames, cc, "PPLC");
    }

    /// A place with its GeoNames feature code (`PCLI` a country, `PPLC` a capital).
    fn place_as(&mut self, entity: &str, geonames: u64, cc: &str, feature: &str) {
        self.r.places.push(Place {
            entity: entity.into(),
            geonames: Some(geonames),
            lat: Some(1.0),
            lon: Some(2.0),
            country: Some(cc.into()),
            feature: Some(feature.into()),
        });
    }

    fn time(&mut self, words: &str, value: &str) -> String {
        let span = self.words(words);
        let id = format!("t{}", self.r.times.len() + 1);
        self.r.times.push(Time {
            id: id.clone(),
            span,
            text: words.into(),
            value: Some(value.into()),
            grain: Some("day".into()),
        });
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        kind: &str,
        trigger: &str,
        actors: &[&str],
        targets: &[&str],
        place: Option<&str>,
        when: Option<&str>,
        status: &str,
    ) -> String {
        let span = self.words(trigger);
        let id = format!("v{}", self.r.events.len() + 1);
        self.r.events.push(Event {
            id: id.clone(),
            kind: kind.into(),
            mode: None,
            actors: actors.iter().map(|s| s.to_string()).collect(),
            targets: targets.iter().map(|s| s.to_string()).collect(),
            place: place.map(Into::into),
            when: when.map(Into::into),
            status: status.into(),
            source: None,
            trigger_span: span,
            evidence_span: span,
        });
        id
    }

    fn statement(&mut self, speaker: &str, cue: &str, content: &str) -> String {
        let cue_span = self.words(cue);
        let content_span = self.words(content);
        let id = format!("s{}", self.r.statements.len() + 1);
        self.r.statements.push(Statement {
            id: id.clone(),
            speaker: Some(speaker.into()),
            speaker_span: None,
            cue: cue.into(),
            cue_span,
            content_span,
            direct: false,
        });
        id
    }

    fn claim(
        &mut self,
        statement: &str,
        event: Option<&str>,
        responses: &[(&str, &str)],
        status: &str,
    ) {
        let id = format!("c{}", self.r.claims.len() + 1);
        self.r.claims.push(Claim {
            id,
            statement: statement.into(),
            event: event.map(Into::into),
            responses: responses
                .iter()
                .map(|(s, r)| ClaimResponse {
                    statement: s.to_string(),
                    relation: r.to_string(),
                })
                .collect(),
            status: status.into(),
        });
    }

    fn done(self) -> Prepared {
        Prepared::new(self.r, None).expect("prepared")
    }
}

fn count(s: &Store, sql: &str) -> i64 {
    s.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn talks(id: &str, published: &str, source: &str, url: &str, extra: &str) -> Prepared {
    let mut b = Rb::new(id, published, source, url);
    let a = b.entity("Ruth Alvarez", "PERSON", Some("CHL"), None);
    let t = b.entity("Kenji Morita", "PERSON", Some("JPN"), None);
    let g = b.entity("Geneva", "GPE", Some("CHE"), None);
    b.place(&g, 2_660_646, "CH");
    b.words(extra);
    b.event("CONSULT", "met", &[&a], &[&t], Some(&g), None, "occurred");
    b.done()
}

#[test]
fn same_text_twice_is_stored_once() {
    let mut s = Store::open_in_memory().unwrap();
    let p = talks("a", "2025-03-14", "Wire One", "", "first");
    assert!(matches!(s.insert(&p).unwrap(), Outcome::Added(_)));
    let again = s.insert(&p).unwrap();
    assert!(matches!(
        again,
        Outcome::Duplicate {
            by: DuplicateBy::Content,
            ..
        }
    ));
    assert_eq!(s.article_count().unwrap(), 1);
    // Nothing of the duplicate was merged: one mention, one article.
    assert_eq!(count(&s, "SELECT mention_count FROM g_events"), 1);
    assert_eq!(count(&s, "SELECT sum(article_count) FROM g_entities"), 3);
}

#[test]
fn same_url_with_different_bytes_is_a_duplicate() {
    let mut s = Store::open_in_memory().unwrap();
    let p1 = talks(
        "a",
        "2025-03-14",
        "Wire One",
        "https://news.example/talks",
        "first",
    );
    let p2 = talks(
        "b",
        "2025-03-14",
        "Wire One",
        "http://WWW.news.example/talks/#top",
        "updated",
    );
    assert_ne!(p1.hash, p2.hash);
    let id = match s.insert(&p1).unwrap() {
        Outcome::Added(id) => id,
        o => panic!("{o:?}"),
    };
    assert_eq!(
        s.insert(&p2).unwrap(),
        Outcome::Duplicate {
            existing: id,
            by: DuplicateBy::Url
        }
    );
    assert_eq!(s.article_count().unwrap(), 1);
    assert_eq!(
        s.article_by_url("https://news.example/talks/").unwrap(),
        Some(id)
    );
}

#[test]
fn the_same_event_in_two_articles_is_one_event() {
    let mut s = Store::open_in_memory().unwrap();
    // Two outlets, the second a day later: the same meeting.
    s.insert(&talks(
        "a",
        "2025-03-14",
        "Wire One",
        "https://one.example/a",
        "in talks",
    ))
    .unwrap();
    s.insert(&talks(
        "b",
        "2025-03-15",
        "Daily Two",
        "https://two.example/b",
        "in Geneva talks",
    ))
    .unwrap();
    // A third article from the first outlet again: a third article, still two sources.
    s.insert(&talks(
        "c",
        "2025-03-15",
        "Wire One",
        "https://one.example/c",
        "held talks",
    ))
    .unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 1);
    let (m, a, src): (i64, i64, i64) = s
        .conn()
        .query_row(
            "SELECT mention_count, article_count, source_count FROM g_events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((m, a, src), (3, 3, 2));
    let (first, last, date): (String, String, String) = s
        .conn()
        .query_row(
            "SELECT first_seen, last_seen, date FROM g_events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (first.as_str(), last.as_str(), date.as_str()),
        ("2025-03-14", "2025-03-15", "2025-03-14")
    );
    // Entities merged by name, type and country: three, each in three articles.
    assert_eq!(count(&s, "SELECT count(*) FROM g_entities"), 3);
    assert_eq!(count(&s, "SELECT min(article_count) FROM g_entities"), 3);
}

#[test]
fn a_meeting_is_the_same_whoever_is_named_first() {
    let mut s = Store::open_in_memory().unwrap();
    let mk = |id: &str, swap: bool, both_actors: bool| {
        let mut b = Rb::new(id, "2025-03-14", id, "");
        let x = b.entity("Ruth Alvarez", "PERSON", Some("CHL"), None);
        let y = b.entity("Kenji Morita", "PERSON", Some("JPN"), None);
        let (a, t) = if swap { (&y, &x) } else { (&x, &y) };
        if both_actors {
            b.event("CONSULT", "met", &[a, t], &[], None, None, "occurred");
        } else {
            b.event("CONSULT", "met", &[a], &[t], None, None, "occurred");
        }
        b.done()
    };
    s.insert(&mk("a", false, false)).unwrap();
    s.insert(&mk("b", true, false)).unwrap();
    s.insert(&mk("c", false, true)).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 1);
    assert_eq!(count(&s, "SELECT article_count FROM g_events"), 3);
    // An accusation is not symmetric: who accuses whom matters.
    for (id, swap) in [("d", false), ("e", true)] {
        let mut b = Rb::new(id, "2025-03-14", id, "");
        let x = b.entity("Ruth Alvarez", "PERSON", Some("CHL"), None);
        let y = b.entity("Kenji Morita", "PERSON", Some("JPN"), None);
        let (a, t) = if swap { (&y, &x) } else { (&x, &y) };
        b.event("ACCUSE", "accused", &[a], &[t], None, None, "occurred");
        s.insert(&b.done()).unwrap();
    }
    assert_eq!(
        count(&s, "SELECT count(*) FROM g_events WHERE type = 'ACCUSE'"),
        2
    );
}

#[test]
fn events_apart_in_time_or_kind_stay_apart() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert(&talks("a", "2025-03-14", "Wire One", "", "one"))
        .unwrap();
    // A week later: another meeting.
    s.insert(&talks("b", "2025-03-21", "Wire One", "", "two"))
        .unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 2);
    // A planned meeting is not the meeting that happened.
    let mut b = Rb::new("c", "2025-03-14", "Wire One", "");
    let a = b.entity("Ruth Alvarez", "PERSON", Some("CHL"), None);
    let t = b.entity("Kenji Morita", "PERSON", Some("JPN"), None);
    b.event("CONSULT", "will meet", &[&a], &[&t], None, None, "planned");
    s.insert(&b.done()).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 3);
    // Events with no actor, target or place are never merged.
    for id in ["d", "e"] {
        let mut b = Rb::new(id, "2025-03-14", "Wire One", "");
        b.words(id);
        b.event("ASSAULT", "shelling", &[], &[], None, None, "occurred");
        s.insert(&b.done()).unwrap();
    }
    assert_eq!(
        count(&s, "SELECT count(*) FROM g_events WHERE type = 'ASSAULT'"),
        2
    );
}

#[test]
fn an_event_dated_by_its_time_expression_merges_with_a_later_report() {
    let mut s = Store::open_in_memory().unwrap();
    let mk = |id: &str, published: &str, when: Option<(&str, &str)>, status: &str| {
        let mut b = Rb::new(id, published, id, "");
        let a = b.entity("Northern Army", "ORG", Some("XKX"), None);
        let c = b.entity("Port Vela", "GPE", None, None);
        let t = when.map(|(w, v)| b.time(w, v));
        b.event(
            "ASSAULT",
            "shelled",
            &[&a],
            &[],
            Some(&c),
            t.as_deref(),
            status,
        );
        b.done()
    };
    s.insert(&mk("x", "2025-05-02", None, "occurred")).unwrap();
    // Published three days later, but says it happened on 1 May: same event.
    s.insert(&mk(
        "y",
        "2025-05-05",
        Some(("on 1 May", "2025-05-01")),
        "denied",
    ))
    .unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 1);
    let (status, date): (String, String) = s
        .conn()
        .query_row("SELECT status, date FROM g_events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    // The latest report's status; the earliest date.
    assert_eq!((status.as_str(), date.as_str()), ("denied", "2025-05-01"));
}

/// One report of a typed event between named participants. Each participant
/// is `(name, type, alpha-3 country, GeoNames feature or "")`.
fn report(
    id: &str,
    published: &str,
    kind: &str,
    actors: &[(&str, &str, &str, &str)],
    targets: &[(&str, &str, &str, &str)],
) -> Prepared {
    let mut b = Rb::new(id, published, id, "");
    let add = |b: &mut Rb, list: &[(&str, &str, &str, &str)]| -> Vec<String> {
        list.iter()
            .enumerate()
            .map(|(i, (name, kind, cc, feature))| {
                let e = b.entity(name, kind, (!cc.is_empty()).then_some(*cc), None);
                if !feature.is_empty() {
                    b.place_as(&e, 1000 + i as u64, &cc[..2], feature);
                }
                e
            })
            .collect()
    };
    let a = add(&mut b, actors);
    let t = add(&mut b, targets);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    b.event(kind, "acted", &a, &t, None, None, "occurred");
    b.done()
}

const RUSSIA: (&str, &str, &str, &str) = ("Russia", "GPE", "RUS", "PCLI");
const MOSCOW: (&str, &str, &str, &str) = ("Moscow", "GPE", "RUS", "PPLC");
const UKRAINE: (&str, &str, &str, &str) = ("Ukraine", "GPE", "UKR", "PCLI");
const KYIV: (&str, &str, &str, &str) = ("Kyiv", "GPE", "UKR", "PPLC");
const KHARKIV: (&str, &str, &str, &str) = ("Kharkiv", "GPE", "UKR", "PPLA");
const GEORGIA: (&str, &str, &str, &str) = ("Georgia", "GPE", "GEO", "PCLI");

fn event_rows(s: &Store) -> Vec<(String, i64, String, String)> {
    let mut st = s
        .conn()
        .prepare("SELECT type, article_count, actor_key, target_key FROM g_events ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn reports_naming_a_subset_of_the_actors_or_a_capital_for_its_state_merge() {
    let mut s = Store::open_in_memory().unwrap();
    let militia = ("Coastal Militia", "ORG", "", "");
    let army = ("Northern Army", "ORG", "", "");
    // Both actors, then one of them, a day later: the same attack.
    s.insert(&report(
        "a",
        "2025-05-01",
        "ASSAULT",
        &[army, militia],
        &[KHARKIV],
    ))
    .unwrap();
    s.insert(&report("b", "2025-05-02", "ASSAULT", &[army], &[KHARKIV]))
        .unwrap();
    // A report without a target, the same day: still that attack.
    s.insert(&report("c", "2025-05-01", "ASSAULT", &[militia], &[]))
        .unwrap();
    let rows = event_rows(&s);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].1, 3);
    // The merged event lists every actor any report named.
    assert_eq!(rows[0].2.split(',').count(), 2, "{rows:?}");

    // "Moscow accused Kyiv" and "Russia accused Ukraine": capitals stand for
    // their states.
    s.insert(&report("d", "2025-06-10", "ACCUSE", &[MOSCOW], &[KYIV]))
        .unwrap();
    s.insert(&report("e", "2025-06-10", "ACCUSE", &[RUSSIA], &[UKRAINE]))
        .unwrap();
    let accuse: Vec<_> = event_rows(&s)
        .into_iter()
        .filter(|r| r.0 == "ACCUSE")
        .collect();
    assert_eq!(accuse.len(), 1, "{accuse:?}");
    assert_eq!(accuse[0].1, 2);
    // Both names are kept as actors of the one event.
    assert_eq!(accuse[0].2.split(',').count(), 2, "{accuse:?}");
}

#[test]
fn reports_with_other_participants_roles_or_days_stay_apart() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert(&report("a", "2025-05-01", "ASSAULT", &[RUSSIA], &[UKRAINE]))
        .unwrap();
    // Another target the same day: another attack.
    s.insert(&report("b", "2025-05-01", "ASSAULT", &[RUSSIA], &[GEORGIA]))
        .unwrap();
    // Roles reversed: not the same event.
    s.insert(&report("c", "2025-05-01", "ASSAULT", &[UKRAINE], &[RUSSIA]))
        .unwrap();
    // A city that is not the capital does not stand for its state.
    s.insert(&report("d", "2025-05-01", "ASSAULT", &[RUSSIA], &[KHARKIV]))
        .unwrap();
    // Three days later: outside the window.
    s.insert(&report("e", "2025-05-04", "ASSAULT", &[RUSSIA], &[UKRAINE]))
        .unwrap();
    // Another type the same day.
    s.insert(&report("f", "2025-05-01", "ACCUSE", &[RUSSIA], &[UKRAINE]))
        .unwrap();
    // Unnamed groups identify no one: two clashes of "police" and
    // "protesters" (no place) are never merged.
    for id in ["g", "h"] {
        s.insert(&report(
            id,
            "2025-05-01",
            "PROTEST",
            &[("protesters", "GROUP", "", "")],
            &[("police", "GROUP", "", "")],
        ))
        .unwrap();
    }
    let rows = event_rows(&s);
    assert_eq!(rows.len(), 8, "{rows:?}");
    assert!(rows.iter().all(|r| r.1 == 1), "{rows:?}");
    // The same report again, the next day, still finds the first attack.
    s.insert(&report("i", "2025-05-02", "ASSAULT", &[MOSCOW], &[KYIV]))
        .unwrap();
    assert_eq!(event_rows(&s)[0].1, 2);
}

#[test]
fn entities_merge_by_qid_and_by_name() {
    let mut s = Store::open_in_memory().unwrap();
    let mut b = Rb::new("a", "2025-01-01", "", "");
    b.entity("Obama", "PERSON", None, Some("Q76"));
    s.insert(&b.done()).unwrap();
    // Different name, same QID.
    let mut b = Rb::new("b", "2025-01-02", "", "");
    b.entity("Barack Obama", "PERSON", Some("USA"), Some("Q76"));
    s.insert(&b.done()).unwrap();
    // No QID, same name, type and country as the second: found by name.
    let mut b = Rb::new("c", "2025-01-03", "", "");
    b.entity("Barack  OBAMA", "PERSON", Some("USA"), None);
    s.insert(&b.done()).unwrap();
    // Same name, different type: a different entity.
    let mut b = Rb::new("d", "2025-01-04", "", "");
    b.entity("Barack Obama", "ORG", Some("USA"), None);
    s.insert(&b.done()).unwrap();
    let (n, name, arts): (i64, String, i64) = s
        .conn()
        .query_row(
            "SELECT count(*), max(name), max(article_count) FROM g_entities WHERE qid = 'Q76'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, name.as_str(), arts), (1, "Barack Obama", 3));
    assert_eq!(count(&s, "SELECT count(*) FROM g_entities"), 2);

    // A name seen first without a QID takes the QID when it comes.
    let mut b = Rb::new("e", "2025-01-05", "", "");
    b.entity("Ana Lindqvist", "PERSON", Some("SWE"), None);
    s.insert(&b.done()).unwrap();
    let mut b = Rb::new("f", "2025-01-06", "", "");
    b.entity("Ana Lindqvist", "PERSON", Some("SWE"), Some("Q999001"));
    s.insert(&b.done()).unwrap();
    assert_eq!(
        count(
            &s,
            "SELECT article_count FROM g_entities WHERE qid = 'Q999001'"
        ),
        2
    );
    // Same name, another QID: kept apart (two different people).
    let mut b = Rb::new("g", "2025-01-07", "", "");
    b.entity("Ana Lindqvist", "PERSON", Some("SWE"), Some("Q999002"));
    s.insert(&b.done()).unwrap();
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM g_entities WHERE norm = 'ana lindqvist'"
        ),
        2
    );
}

#[test]
fn claims_are_tracked_across_articles() {
    let mut s = Store::open_in_memory().unwrap();
    let mk = |id: &str, published: &str, denial: bool| {
        let mut b = Rb::new(id, published, id, "");
        b.words(id);
        let army = b.entity("Northern Army", "ORG", Some("XKX"), None);
        let rebels = b.entity("River Front", "ORG", Some("XKX"), None);
        let town = b.entity("Port Vela", "GPE", None, None);
        let v = b.event(
            "ASSAULT",
            "attacked",
            &[&rebels],
            &[&army],
            Some(&town),
            None,
            "claimed",
        );
        let s1 = b.statement(&army, "said", "the River Front attacked its base");
        if denial {
            let s2 = b.statement(&rebels, "denied", "any attack on the base");
            b.claim(&s1, Some(&v), &[(&s2, "denies")], "disputed");
        } else {
            b.claim(&s1, Some(&v), &[], "uncontested");
        }
        b.done()
    };
    s.insert(&mk("a", "2025-06-01", false)).unwrap();
    s.insert(&mk("b", "2025-06-02", true)).unwrap();
    // A later article repeating the bare claim does not erase the denial.
    s.insert(&mk("c", "2025-06-02", false)).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_claims"), 1);
    let (status, nf, na, arts): (String, i64, i64, i64) = s
        .conn()
        .query_row(
            "SELECT status, n_for, n_against, article_count FROM g_claims",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), nf, na, arts), ("disputed", 3, 1, 3));
    let against: String = s
        .conn()
        .query_row(
            "SELECT text || ' / ' || speaker FROM g_claim_statements WHERE side = -1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(against, "any attack on the base / River Front");
}

fn filtered(s: &Store, what: What, f: Filter) -> Vec<serde_json::Map<String, serde_json::Value>> {
    query::query(s.conn(), what, &f).unwrap().objects()
}

#[test]
fn filters_select_what_they_name() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert(&talks(
        "a",
        "2025-03-14",
        "Wire One",
        "",
        "talks on a ceasefire",
    ))
    .unwrap();
    let mut b = Rb::new("b", "2025-04-20", "Daily Two", "");
    let army = b.entity("Northern Army", "ORG", Some("XKX"), Some("Q4242"));
    let town = b.entity("Port Vela", "GPE", None, None);
    b.place(&town, 123_456, "XK");
    b.event(
        "ASSAULT",
        "shelled",
        &[&army],
        &[],
        Some(&town),
        None,
        "occurred",
    );
    b.words("the harbour was shelled overnight");
    b.r.positions.push(Position {
        actor: army.clone(),
        issue: "ceasefire".into(),
        issue_text: "a ceasefire".into(),
        stance: "reject".into(),
        polarity: -1,
        evidence: None,
        evidence_span: [0, 5],
    });
    s.insert(&b.done()).unwrap();

    let all = filtered(&s, What::Events, Filter::default());
    assert_eq!(all.len(), 2);
    // Newest first.
    assert_eq!(all[0]["type"], "ASSAULT");
    let by = |f: Filter| -> Vec<String> {
        filtered(&s, What::Events, f)
            .iter()
            .map(|o| o["type"].as_str().unwrap().to_string())
            .collect()
    };
    let f = |g: &dyn Fn(&mut Filter)| {
        let mut x = Filter::default();
        g(&mut x);
        x
    };
    assert_eq!(by(f(&|x| x.actor = Some("Q4242".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.actor = Some("alvarez".into()))), ["CONSULT"]);
    assert_eq!(
        by(f(&|x| x.actor = Some("Kenji Morita".into()))),
        ["CONSULT"]
    );
    assert!(by(f(&|x| x.actor = Some("Ken".into()))).is_empty());
    assert_eq!(
        by(f(&|x| x.event_type = Some("consult".into()))),
        ["CONSULT"]
    );
    assert_eq!(by(f(&|x| x.status = Some("occurred".into()))).len(), 2);
    assert_eq!(by(f(&|x| x.place = Some("Geneva".into()))), ["CONSULT"]);
    assert_eq!(by(f(&|x| x.place = Some("XK".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.place = Some("123456".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.from = Some("2025-04".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.to = Some("2025-03".into()))), ["CONSULT"]);
    assert_eq!(by(f(&|x| x.issue = Some("ceasefire".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.text = Some("harbour".into()))), ["ASSAULT"]);
    assert_eq!(by(f(&|x| x.text = Some("ceasefire".into()))), ["CONSULT"]);
    assert_eq!(
        by(f(&|x| {
            x.limit = Some(1);
            x.offset = 1
        })),
        ["CONSULT"]
    );
    // Other kinds.
    let ents = filtered(
        &s,
        What::Entities,
        f(&|x| x.event_type = Some("PERSON".into())),
    );
    assert_eq!(ents.len(), 2);
    let pos = filtered(
        &s,
        What::Positions,
        f(&|x| x.issue = Some("ceasefire".into())),
    );
    assert_eq!(pos.len(), 1);
    assert_eq!(pos[0]["actor"], "Northern Army");
    assert_eq!(pos[0]["stance"], "reject");
    let arts = filtered(&s, What::Articles, f(&|x| x.actor = Some("Q4242".into())));
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0]["doc_id"], "b");
    // Errors name the flag.
    let err = |x: Filter, w: What| query::query(s.conn(), w, &x).unwrap_err().to_string();
    assert!(err(f(&|x| x.from = Some("March".into())), What::Events).contains("--from"));
    assert!(err(f(&|x| x.event_type = Some("BOMB".into())), What::Events).contains("--type"));
    assert!(err(f(&|x| x.status = Some("x".into())), What::Entities).contains("--status"));
    let e = err(f(&|x| x.text = Some("\"unclosed".into())), What::Articles);
    assert!(e.contains("--text"), "{e}");
}

#[test]
fn a_store_reopens_and_refuses_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    {
        let mut s = Store::open(&db).unwrap();
        s.insert(&talks("a", "2025-03-14", "Wire One", "", "x"))
            .unwrap();
    }
    let r = Store::open_read_only(&db).unwrap();
    assert_eq!(r.article_count().unwrap(), 1);
    let rec = r.record(1).unwrap().unwrap();
    assert_eq!(rec.doc.id, "a");
    assert!(r.conn().execute("DELETE FROM articles", []).is_err());
    // Reopening for writing keeps everything.
    assert_eq!(Store::open(&db).unwrap().article_count().unwrap(), 1);
    // A newer schema is refused with a message.
    Store::open(&db)
        .unwrap()
        .conn()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let e = Store::open(&db).err().unwrap().to_string();
    assert!(e.contains("newer"), "{e}");
    // Another program's database is not adopted.
    let other = dir.path().join("other.db");
    sitrep_store::rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    assert!(Store::open(&other).is_err());
    assert!(Store::open_read_only(dir.path().join("missing.db")).is_err());
    // An article without text is refused before it reaches the store.
    assert!(Prepared::new(Record::empty("x", "  "), None).is_err());
}

#[test]
fn a_rolled_back_batch_leaves_no_entity_behind_for_later_articles() {
    let mut s = Store::open_in_memory().unwrap();
    // Make the second article of a batch fail, after the first has created
    // its merged entity inside the same transaction.
    s.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.doc_id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let mut b = Rb::new("a", "2025-02-01", "", "");
    b.entity("Tamsin Orvell", "PERSON", Some("GBR"), Some("Q999100"));
    b.entity("Harlow Keane", "PERSON", Some("GBR"), None);
    let first = b.done();
    let mut b = Rb::new("boom", "2025-02-01", "", "");
    b.entity("Tamsin Orvell", "PERSON", Some("GBR"), Some("Q999100"));
    assert!(s.insert_batch(&[first.clone(), b.done()]).is_err());
    assert_eq!(count(&s, "SELECT count(*) FROM g_entities"), 0);

    // The same entities again (by QID and by name): created anew and linked.
    assert!(matches!(s.insert(&first).unwrap(), Outcome::Added(_)));
    let mut b = Rb::new("c", "2025-02-02", "", "");
    b.entity("Tamsin Orvell", "PERSON", Some("GBR"), Some("Q999100"));
    b.entity("Harlow Keane", "PERSON", Some("GBR"), None);
    s.insert(&b.done()).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_entities"), 2);
    assert_eq!(
        count(&s, "SELECT sum(article_count) FROM g_entities"),
        4,
        "both articles counted on both entities"
    );
    // Every article's entity row points at a merged entity that exists.
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM entities e LEFT JOIN g_entities g ON g.id = e.gid WHERE g.id IS NULL"
        ),
        0
    );
    assert_eq!(count(&s, "SELECT count(*) FROM entities"), 4);
}

#[test]
fn the_record_is_stored_compressed_and_read_back_whole() {
    let mut s = Store::open_in_memory().unwrap();
    let p = talks("a", "2025-03-14", "Wire One", "", "talks on water rights");
    let json = serde_json::to_string(&p.record).unwrap();
    let Outcome::Added(id) = s.insert(&p).unwrap() else {
        panic!("not added")
    };
    let stored = count(&s, "SELECT length(record) FROM articles");
    assert!(stored > 0 && (stored as usize) < json.len(), "{stored}");
    let back = s.record(id).unwrap().unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    let d = sitrep_store::views::article(s.conn(), id).unwrap().unwrap();
    assert_eq!(d.record_json, json);
    let mut n = 0;
    query::each_record(s.conn(), |r| {
        assert_eq!(r, json);
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 1);
    // A damaged blob is a clear error, not a panic.
    s.conn()
        .execute("UPDATE articles SET record = x'ff00ff'", [])
        .unwrap();
    let e = s.record(id).unwrap_err().to_string();
    assert!(e.contains("corrupt"), "{e}");
}

#[test]
fn rows_of_a_large_batch_are_all_written() {
    // More rows than one multi-row INSERT takes, across several articles.
    let mut s = Store::open_in_memory().unwrap();
    let mut batch = Vec::new();
    for a in 0..3 {
        let mut b = Rb::new(&format!("big{a}"), "2025-04-01", "", "");
        let first = b.entity(&format!("Town {a}-0"), "GPE", Some("NOR"), None);
        for i in 1..45 {
            let e = b.entity(&format!("Town {a}-{i}"), "GPE", Some("NOR"), None);
            b.place_as(&e, 1000 + i, "NO", "PPL");
            b.event("MEET", "met", &[&first], &[&e], None, None, "occurred");
        }
        batch.push(b.done());
    }
    let out = s.insert_batch(&batch).unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(count(&s, "SELECT count(*) FROM entities"), 3 * 45);
    assert_eq!(count(&s, "SELECT count(*) FROM places"), 3 * 44);
    assert_eq!(count(&s, "SELECT count(*) FROM events"), 3 * 44);
    // Each event has its actor and its target.
    assert_eq!(
        count(&s, "SELECT count(*) FROM g_event_entities"),
        2 * count(&s, "SELECT count(*) FROM g_events")
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM events v JOIN g_events g ON g.id = v.gevent"
        ),
        3 * 44
    );
}

#[test]
fn a_rolled_back_batch_leaves_no_event_behind_for_later_articles() {
    let mut s = Store::open_in_memory().unwrap();
    s.conn()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.doc_id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let first = report("a", "2025-02-01", "ASSAULT", &[RUSSIA], &[UKRAINE]);
    let boom = report("boom", "2025-02-01", "ASSAULT", &[RUSSIA], &[UKRAINE]);
    assert!(s.insert_batch(&[first.clone(), boom]).is_err());
    assert_eq!(count(&s, "SELECT count(*) FROM g_events"), 0);

    // Stored again, the event is created anew with its merge keys; a later
    // report of it merges into it (fails if the writer kept the rolled-back
    // event's keys in memory: they would point at an event id reused here).
    s.insert(&first).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM g_event_keys"), 2);
    s.insert(&report("c", "2025-02-02", "ASSAULT", &[MOSCOW], &[KYIV]))
        .unwrap();
    assert_eq!(
        event_rows(&s)
            .iter()
            .map(|r| (r.0.as_str(), r.1))
            .collect::<Vec<_>>(),
        [("ASSAULT", 2)]
    );
}

#[test]
fn a_writer_sees_events_another_connection_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let mut one = Store::open(&db).unwrap();
    let mut two = Store::open(&db).unwrap();
    // `one` learns the store as it is (one ASSAULT) ...
    one.insert(&report("a", "2025-02-01", "ASSAULT", &[RUSSIA], &[UKRAINE]))
        .unwrap();
    // ... then `two` adds a PROTEST that `one` has not seen ...
    two.insert(&report("b", "2025-02-03", "PROTEST", &[GEORGIA], &[]))
        .unwrap();
    // ... and `one` stores another report of it: one event, two articles.
    one.insert(&report("c", "2025-02-03", "PROTEST", &[GEORGIA], &[]))
        .unwrap();
    let rows = event_rows(&one);
    assert_eq!(
        rows.iter().map(|r| (r.0.as_str(), r.1)).collect::<Vec<_>>(),
        [("ASSAULT", 1), ("PROTEST", 2)],
        "{rows:?}"
    );
}

/// Names of the store's indexes that only queries read.
fn query_indexes(s: &Store) -> Vec<String> {
    let mut st = s
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .unwrap();
    let all: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    all.into_iter()
        .filter(|n| {
            sitrep_store::schema::QUERY_INDEXES
                .iter()
                .any(|(q, _)| q == n)
                || n.starts_with(sitrep_store::views::INDEX_PREFIX)
        })
        .collect()
}

#[test]
fn a_bulk_load_builds_the_query_indexes_once_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let mut s = Store::open(&path).unwrap();
    sitrep_store::views::ensure_indexes(s.conn()).unwrap();
    let every = query_indexes(&s);
    assert_eq!(
        every.len(),
        sitrep_store::schema::QUERY_INDEXES.len()
            + sitrep_store::views::INDEXES.matches("CREATE").count()
    );
    // An empty store: bulk, the query-only indexes go while loading.
    assert!(s.begin_bulk(1).unwrap());
    assert!(query_indexes(&s).is_empty());
    s.insert(&talks("a", "2025-03-14", "Wire One", "", "first"))
        .unwrap();
    s.insert(&talks("b", "2025-03-14", "Wire Two", "", "second"))
        .unwrap();
    s.end_bulk().unwrap();
    assert_eq!(query_indexes(&s), every);
    // What is stored is what a load without bulk stores.
    let mut plain = Store::open_in_memory().unwrap();
    plain
        .insert(&talks("a", "2025-03-14", "Wire One", "", "first"))
        .unwrap();
    plain
        .insert(&talks("b", "2025-03-14", "Wire Two", "", "second"))
        .unwrap();
    for sql in [
        "SELECT count(*) FROM g_events",
        "SELECT sum(mention_count) FROM g_events",
        "SELECT sum(source_count) FROM g_events",
        "SELECT sum(article_count) FROM g_entities",
        "SELECT count(*) FROM entities",
    ] {
        assert_eq!(count(&s, sql), count(&plain, sql), "{sql}");
    }
    // A store larger than what is coming keeps its indexes: not bulk.
    assert!(!s.begin_bulk(1).unwrap());
    assert_eq!(query_indexes(&s), every);
}

#[test]
fn a_bulk_load_cut_short_gets_its_query_indexes_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.db");
    {
        let mut s = Store::open(&path).unwrap();
        assert!(s.begin_bulk(1 << 30).unwrap());
        s.insert(&talks("a", "2025-03-14", "Wire One", "", "first"))
            .unwrap();
        // Dropped without end_bulk, as a killed ingest would leave it.
        assert!(query_indexes(&s).is_empty());
    }
    let r = Store::open_read_only(&path).unwrap();
    assert_eq!(r.article_count().unwrap(), 1);
    drop(r);
    let s = Store::open(&path).unwrap();
    assert_eq!(
        query_indexes(&s).len(),
        sitrep_store::schema::QUERY_INDEXES.len()
    );
    assert_eq!(s.article_count().unwrap(), 1);
}
