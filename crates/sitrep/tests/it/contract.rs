//! The output contract of `shared/spec/record.md`, as one function:
//! [`violations`] lists everything a record gets wrong, whatever the quality of
//! the pipeline behind it. Offsets are code points into `record.text`.

use std::collections::HashSet;

use sitrep::Record;
use sitrep_record::CpSpan;

const ENTITY_TYPES: &[&str] = &["PERSON", "ORG", "GPE", "LOC", "NORP", "GROUP"];
const EVENT_TYPES: &[&str] = &[
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
const EVENT_STATUSES: &[&str] = &[
    "occurred",
    "ongoing",
    "planned",
    "claimed",
    "denied",
    "hypothetical",
    "negated",
];
const RELATIONS: &[&str] = &["denies", "disputes", "confirms", "supports"];
const CLAIM_STATUSES: &[&str] = &["uncontested", "disputed", "confirmed"];
const STANCES: &[&str] = &["support", "demand", "accept", "oppose", "reject", "refuse"];
/// Every list of the record, by JSON key; each must be present as an array.
pub const LISTS: &[&str] = &[
    "headings",
    "sentences",
    "entities",
    "places",
    "times",
    "statements",
    "events",
    "claims",
    "positions",
];

/// The code-point slice `[s, e)` of `text` (empty if out of range).
pub fn cp_slice(text: &str, [s, e]: CpSpan) -> String {
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

struct Checker<'a> {
    rec: &'a Record,
    len: usize,
    errs: Vec<String>,
}

impl Checker<'_> {
    fn err(&mut self, msg: String) {
        self.errs.push(msg);
    }

    fn span(&mut self, what: &str, sp: CpSpan) {
        let [s, e] = sp;
        if s > e || e > self.len {
            self.err(format!(
                "{what}: span {sp:?} out of bounds (text has {} code points)",
                self.len
            ));
        }
    }

    fn slice_eq(&mut self, what: &str, sp: CpSpan, text: &str) {
        self.span(what, sp);
        let got = cp_slice(&self.rec.text, sp);
        if got != text {
            self.err(format!(
                "{what}: text {text:?} differs from the slice {sp:?} of the record text, {got:?}"
            ));
        }
    }

    fn id(&mut self, seen: &mut HashSet<String>, prefix: char, id: &str) {
        let ok = id.strip_prefix(prefix).is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
        });
        if !ok {
            self.err(format!(
                "id {id:?} is not of the form {prefix}1, {prefix}2, …"
            ));
        }
        if !seen.insert(id.to_string()) {
            self.err(format!("id {id:?} is used twice"));
        }
    }

    fn refers(&mut self, what: &str, ids: &HashSet<String>, id: &str) {
        if !ids.contains(id) {
            self.err(format!("{what}: refers to {id:?}, which does not exist"));
        }
    }

    fn vocab(&mut self, what: &str, allowed: &[&str], v: &str) {
        if !allowed.contains(&v) {
            self.err(format!("{what}: {v:?} is not one of {allowed:?}"));
        }
    }
}

/// Everything `rec` gets wrong against the record contract (empty if nothing).
pub fn violations(rec: &Record) -> Vec<String> {
    let mut c = Checker {
        rec,
        len: rec.text.chars().count(),
        errs: Vec::new(),
    };
    if rec.schema != "sitrep.record/1" {
        c.err(format!(
            "schema is {:?}, not \"sitrep.record/1\"",
            rec.schema
        ));
    }
    if let Some(p) = &rec.doc.published {
        let ok = p.len() == 10
            && p.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !ok {
            c.err(format!("doc.published {p:?} is not YYYY-MM-DD"));
        }
    }

    // Headings and sentences: in bounds, non-empty, trimmed, each list sorted,
    // and all of them together disjoint.
    let mut segs: Vec<(CpSpan, &str)> = Vec::new();
    for (list, what) in [(&rec.headings, "heading"), (&rec.sentences, "sentence")] {
        for w in list.windows(2) {
            if w[0][0] > w[1][0] {
                c.err(format!("{what}s not sorted: {:?} before {:?}", w[0], w[1]));
            }
        }
        for &sp in list {
            c.span(what, sp);
            if sp[0] >= sp[1] {
                c.err(format!("{what} {sp:?} is empty"));
                continue;
            }
            let t = cp_slice(&rec.text, sp);
            if t.trim() != t {
                c.err(format!(
                    "{what} {sp:?} starts or ends with whitespace: {t:?}"
                ));
            }
            segs.push((sp, what));
        }
    }
    segs.sort();
    for w in segs.windows(2) {
        let ((a, wa), (b, wb)) = (w[0], w[1]);
        if a[1] > b[0] {
            c.err(format!("{wa} {a:?} overlaps {wb} {b:?}"));
        }
    }

    // Ids: well-formed and unique.
    let mut seen = HashSet::new();
    for e in &rec.entities {
        c.id(&mut seen, 'e', &e.id);
    }
    for t in &rec.times {
        c.id(&mut seen, 't', &t.id);
    }
    for s in &rec.statements {
        c.id(&mut seen, 's', &s.id);
    }
    for v in &rec.events {
        c.id(&mut seen, 'v', &v.id);
    }
    for k in &rec.claims {
        c.id(&mut seen, 'c', &k.id);
    }
    let ents: HashSet<String> = rec.entities.iter().map(|e| e.id.clone()).collect();
    let times: HashSet<String> = rec.times.iter().map(|t| t.id.clone()).collect();
    let stmts: HashSet<String> = rec.statements.iter().map(|s| s.id.clone()).collect();
    let events: HashSet<String> = rec.events.iter().map(|v| v.id.clone()).collect();

    for e in &rec.entities {
        let what = format!("entity {}", e.id);
        c.vocab(&what, ENTITY_TYPES, &e.kind);
        if let Some(k) = &e.country
            && (k.len() != 3 || !k.bytes().all(|b| b.is_ascii_uppercase()))
        {
            c.err(format!("{what}: country {k:?} is not ISO 3166-1 alpha-3"));
        }
        for w in e.mentions.windows(2) {
            if w[0].span > w[1].span {
                c.err(format!("{what}: mentions not in text order"));
            }
        }
        for m in &e.mentions {
            c.slice_eq(&format!("{what} mention"), m.span, &m.text);
        }
    }
    for p in &rec.places {
        c.refers("place entity", &ents, &p.entity);
    }
    for t in &rec.times {
        c.slice_eq(&format!("time {}", t.id), t.span, &t.text);
    }
    for s in &rec.statements {
        let what = format!("statement {}", s.id);
        if let Some(sp) = &s.speaker {
            c.refers(&format!("{what} speaker"), &ents, sp);
        }
        if let Some(sp) = s.speaker_span {
            c.span(&format!("{what} speaker_span"), sp);
        }
        c.slice_eq(&format!("{what} cue"), s.cue_span, &s.cue);
        c.span(&format!("{what} content_span"), s.content_span);
    }
    for v in &rec.events {
        let what = format!("event {}", v.id);
        c.vocab(&what, EVENT_TYPES, &v.kind);
        c.vocab(&what, EVENT_STATUSES, &v.status);
        for a in v.actors.iter().chain(&v.targets) {
            c.refers(&format!("{what} actor/target"), &ents, a);
        }
        if let Some(p) = &v.place {
            c.refers(&format!("{what} where"), &ents, p);
        }
        if let Some(t) = &v.when {
            c.refers(&format!("{what} when"), &times, t);
        }
        if let Some(s) = &v.source {
            c.refers(&format!("{what} source"), &stmts, s);
        }
        c.span(&format!("{what} trigger_span"), v.trigger_span);
        c.span(&format!("{what} evidence_span"), v.evidence_span);
    }
    for k in &rec.claims {
        let what = format!("claim {}", k.id);
        c.vocab(&what, CLAIM_STATUSES, &k.status);
        c.refers(&format!("{what} statement"), &stmts, &k.statement);
        if let Some(v) = &k.event {
            c.refers(&format!("{what} event"), &events, v);
        }
        for r in &k.responses {
            c.refers(&format!("{what} response"), &stmts, &r.statement);
            c.vocab(&format!("{what} response"), RELATIONS, &r.relation);
        }
    }
    for (i, p) in rec.positions.iter().enumerate() {
        let what = format!("position #{i}");
        c.refers(&format!("{what} actor"), &ents, &p.actor);
        if let Some(s) = &p.evidence {
            c.refers(&format!("{what} evidence"), &stmts, s);
        }
        c.vocab(&what, STANCES, &p.stance);
        if p.polarity != 1 && p.polarity != -1 {
            c.err(format!("{what}: polarity {} is not +1 or -1", p.polarity));
        }
        c.span(&format!("{what} evidence_span"), p.evidence_span);
    }
    c.errs
}

/// Panic with every violation and the input, if there are any.
pub fn assert_valid(rec: &Record) {
    let errs = violations(rec);
    assert!(
        errs.is_empty(),
        "record breaks the contract:\n  {}\ninput text: {:?}",
        errs.join("\n  "),
        rec.text
    );
}

/// Serialise, check every list is present as an array, and read back.
pub fn assert_round_trips(rec: &Record) {
    let json = serde_json::to_string(rec).expect("a record serialises");
    let v: serde_json::Value = serde_json::from_str(&json).expect("its JSON parses");
    for k in LISTS {
        assert!(v[k].is_array(), "`{k}` is absent or not a list in {json}");
    }
    let back: Record = serde_json::from_str(&json).expect("its JSON reads back as a record");
    assert_eq!(&back, rec, "record changed through JSON");
}

/// True if every list of the record is empty.
pub fn all_lists_empty(rec: &Record) -> bool {
    rec.headings.is_empty()
        && rec.sentences.is_empty()
        && rec.entities.is_empty()
        && rec.places.is_empty()
        && rec.times.is_empty()
        && rec.statements.is_empty()
        && rec.events.is_empty()
        && rec.claims.is_empty()
        && rec.positions.is_empty()
}

#[test]
fn the_checker_catches_violations() {
    let mut rec = sitrep_record::Record::empty("x", "Hello world.");
    assert!(violations(&rec).is_empty());
    rec.sentences = vec![[0, 13]];
    rec.headings = vec![[0, 5]];
    rec.schema = "other".into();
    rec.statements.push(sitrep_record::Statement {
        id: "s1".into(),
        speaker: Some("e9".into()),
        speaker_span: None,
        cue: "said".into(),
        cue_span: [0, 5],
        content_span: [0, 1],
        direct: false,
    });
    let errs = violations(&rec).join("\n");
    for needle in ["out of bounds", "overlaps", "schema", "\"e9\"", "cue"] {
        assert!(errs.contains(needle), "missing {needle:?} in:\n{errs}");
    }
}
