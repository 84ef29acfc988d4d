//! Whole articles through the whole pipeline: every file in
//! `test_data/articles/NNNN_slug.txt` (articles written for these tests) is
//! extracted and compared with two snapshots in `snapshots/`: the full record
//! as JSON, and a bracketed rendering of its layers that is quicker to review.
//!
//! An article file starts with directive lines, `# key: value`, for `published`,
//! `title`, `source`, `url` and `id`; the text is everything after them.
//!
//! Snapshots change as the pipeline grows. Review and accept the changes with
//! `cargo insta review`, or `INSTA_UPDATE=always cargo test -p sitrep --test it`,
//! then commit the `.snap` files. CI never writes snapshots.

use std::path::Path;

use sitrep::{Article, Record};

use crate::contract::{self, cp_slice};

/// Read an article file: directives first, then the text.
fn read_article(path: &Path) -> Article {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut art = Article {
        id: path.file_stem().map(|s| s.to_string_lossy().into_owned()),
        ..Article::default()
    };
    let mut rest = raw.as_str();
    while let Some(line) = rest.strip_prefix("# ") {
        let (line, after) = line.split_once('\n').unwrap_or((line, ""));
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{}: bad directive `# {line}`", path.display()));
        let value = Some(value.trim().to_string());
        match key {
            "published" => art.published = value,
            "title" => art.title = value,
            "source" => art.source = value,
            "url" => art.url = value,
            "id" => art.id = value,
            _ => panic!("{}: unknown directive `{key}`", path.display()),
        }
        rest = after;
    }
    art.text = rest.to_string();
    art
}

/// The record's layers as text: each heading (`H`) and sentence (`S`) on its
/// own line with entity mentions as `[text|TYPE e1]` and times as
/// `{text|value}`, then one line per entity, statement, event, claim and position.
fn render(rec: &Record) -> String {
    // (position, order, marker): closers sort before openers at one position.
    let mut marks: Vec<(usize, u8, String)> = Vec::new();
    for e in &rec.entities {
        for m in &e.mentions {
            marks.push((m.span[0], 1, "[".into()));
            marks.push((m.span[1], 0, format!("|{} {}]", e.kind, e.id)));
        }
    }
    for t in &rec.times {
        marks.push((t.span[0], 1, "{".into()));
        let v = t.value.as_deref().unwrap_or("?");
        marks.push((t.span[1], 0, format!("|{v}}}")));
    }
    marks.sort();
    let mut segs: Vec<(&str, [usize; 2])> = rec.headings.iter().map(|&s| ("H", s)).collect();
    segs.extend(rec.sentences.iter().map(|&s| ("S", s)));
    segs.sort_by_key(|&(_, s)| s);

    let chars: Vec<char> = rec.text.chars().collect();
    let mut out = String::new();
    for (kind, [a, b]) in segs {
        out.push_str(kind);
        out.push(' ');
        for (i, &ch) in chars.iter().enumerate().take(b).skip(a) {
            for (_, _, m) in marks.iter().filter(|(p, _, _)| *p == i) {
                out.push_str(m);
            }
            out.push(ch);
        }
        for (_, _, m) in marks.iter().filter(|(p, o, _)| *p == b && *o == 0) {
            out.push_str(m);
        }
        out.push('\n');
    }
    let quote = |sp: [usize; 2]| cp_slice(&rec.text, sp);
    for e in &rec.entities {
        out.push_str(&format!(
            "{} {} {:?} roles={:?} country={:?} affiliation={:?} wikidata={:?}\n",
            e.id, e.kind, e.name, e.roles, e.country, e.affiliation, e.kb.wikidata
        ));
    }
    for p in &rec.places {
        out.push_str(&format!(
            "place {} geonames={:?} country={:?} feature={:?}\n",
            p.entity, p.geonames, p.country, p.feature
        ));
    }
    for s in &rec.statements {
        out.push_str(&format!(
            "{} speaker={:?} {:?} cue={:?} direct={} content={:?}\n",
            s.id,
            s.speaker,
            s.speaker_span.map(quote),
            s.cue,
            s.direct,
            quote(s.content_span)
        ));
    }
    for v in &rec.events {
        out.push_str(&format!(
            "{} {}/{} {} actors={:?} targets={:?} where={:?} when={:?} source={:?} trigger={:?}\n",
            v.id,
            v.kind,
            v.mode.as_deref().unwrap_or("-"),
            v.status,
            v.actors,
            v.targets,
            v.place,
            v.when,
            v.source,
            quote(v.trigger_span)
        ));
    }
    for c in &rec.claims {
        let rs: Vec<String> = c
            .responses
            .iter()
            .map(|r| format!("{} {}", r.relation, r.statement))
            .collect();
        out.push_str(&format!(
            "{} {} statement={} event={:?} responses={:?}\n",
            c.id, c.status, c.statement, c.event, rs
        ));
    }
    for p in &rec.positions {
        out.push_str(&format!(
            "position {} {} {} ({:+}) {:?} evidence={:?}\n",
            p.actor, p.stance, p.issue, p.polarity, p.issue_text, p.evidence
        ));
    }
    out
}

/// The record as pretty JSON in field order, but with arrays of scalars
/// (spans, roles, ids) on one line.
fn json(rec: &Record) -> String {
    let pretty = serde_json::to_string_pretty(rec).expect("a record serialises");
    let lines: Vec<&str> = pretty.lines().collect();
    let scalar = |l: &str| {
        let t = l.trim();
        !(t.starts_with(['[', '{', ']', '}']) || t.ends_with(['[', '{']))
    };
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let mut j = i + 1;
        while line.ends_with('[') && j < lines.len() && scalar(lines[j]) {
            j += 1;
        }
        if line.ends_with('[') && j > i + 1 && lines[j].trim().starts_with(']') {
            let items: Vec<&str> = lines[i + 1..j].iter().map(|l| l.trim()).collect();
            out.push_str(line);
            out.push_str(&items.join(" "));
            out.push_str(lines[j].trim());
            i = j + 1;
        } else {
            out.push_str(line);
            i += 1;
        }
        out.push('\n');
    }
    out
}

#[test]
fn article_snapshots() {
    insta::glob!("../../test_data/articles", "*.txt", |path| {
        let art = read_article(path);
        let rec = crate::extractor().extract(&art);
        contract::assert_valid(&rec);
        contract::assert_round_trips(&rec);
        // Every test article opens with a headline without final punctuation.
        let first = art.text.lines().next().unwrap_or("");
        let headline = [0, first.chars().count()];
        assert_eq!(rec.headings.first(), Some(&headline), "{}", path.display());
        assert!(!rec.sentences.contains(&headline), "{}", path.display());
        insta::assert_snapshot!("record", json(&rec));
        insta::assert_snapshot!("layers", render(&rec));
    });
}

fn extract(text: &str) -> Record {
    let rec = crate::extractor().extract(&Article {
        text: text.into(),
        ..Article::default()
    });
    contract::assert_valid(&rec);
    rec
}

fn slices(rec: &Record, spans: &[[usize; 2]]) -> Vec<String> {
    spans.iter().map(|&s| cp_slice(&rec.text, s)).collect()
}

#[test]
fn a_headline_is_a_heading_not_a_sentence() {
    let rec = extract("Talks resume in Geneva\nThe envoy arrived. He spoke.");
    assert_eq!(slices(&rec, &rec.headings), ["Talks resume in Geneva"]);
    assert_eq!(
        slices(&rec, &rec.sentences),
        ["The envoy arrived.", "He spoke."]
    );
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let rec = extract("Dr. Jones met U.S. officials on Jan. 5. They talked.");
    assert!(rec.headings.is_empty());
    assert_eq!(
        slices(&rec, &rec.sentences),
        ["Dr. Jones met U.S. officials on Jan. 5.", "They talked."]
    );
}

#[test]
fn offsets_are_code_points() {
    let rec = extract("Zoë met 🇺🇳 envoys.\nÅngström said: “Yes.” Then he left.");
    assert_eq!(
        slices(&rec, &rec.sentences),
        [
            "Zoë met 🇺🇳 envoys.",
            "Ångström said: “Yes.”",
            "Then he left."
        ]
    );
    assert_eq!(rec.sentences[0], [0, 18]);
}

#[test]
fn empty_text_gives_every_list_empty() {
    let rec = extract("");
    assert_eq!(rec.schema, "sitrep.record/1");
    assert_eq!(rec.text, "");
    assert!(contract::all_lists_empty(&rec), "{rec:?}");
    contract::assert_round_trips(&rec);
}

#[test]
fn directives_are_parsed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/articles");
    let art = read_article(&dir.join("0002_aid_convoy.txt"));
    assert_eq!(art.published.as_deref(), Some("2024-11-02"));
    assert_eq!(
        art.title.as_deref(),
        Some("Aid convoy reaches Kassala as fuel prices climb")
    );
    assert!(art.text.starts_with("Aid convoy reaches Kassala"));
    let rec = crate::extractor().extract(&art);
    assert_eq!(rec.doc.published.as_deref(), Some("2024-11-02"));
    assert_eq!(rec.doc.id, "0002_aid_convoy");
}
