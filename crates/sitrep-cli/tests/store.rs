//! `sitrep ingest`, `query` and `export` end to end: idempotence, merging of
//! articles about the same event, the `kill -9` recovery, filters, the
//! Parquet round trip and bad inputs.
//!
//! Each test works in its own folder under `CARGO_TARGET_TMPDIR`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sitrep_store::Store;

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("store")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(path: &Path, text: &str) -> PathBuf {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).expect("write input");
    path.to_path_buf()
}

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run sitrep")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    Store::open_read_only(db)
        .unwrap()
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .expect(sql)
}

/// Two reports, by two outlets on two days, of the same meeting.
const MEETING: &str = r#"{"id":"w1","source":"Harbor Post","published":"2025-03-14","url":"https://harbor.example/vienna","text":"Leaders confer on energy\nOlaf Scholz met Emmanuel Macron in Vienna on Friday. Gas prices topped the agenda, aides said."}
{"id":"w2","source":"Valley Times","published":"2025-03-15","url":"https://valley.example/news/1","text":"Energy talks in Austria\nOlaf Scholz met Emmanuel Macron in Vienna on Friday, a spokesman confirmed. Both sides called the meeting useful."}
"#;

#[test]
fn the_same_files_twice_are_stored_once() {
    let d = tmp("twice");
    write(
        &d.join("in/b/two.txt"),
        "Floods close roads\nHeavy rain closed roads across Bavaria on Tuesday.",
    );
    write(
        &d.join("in/a/one.html"),
        "<html><head><title>Port reopens</title></head><body><article><p>The port of Gdansk reopened on Monday after a strike by dock workers ended, officials said.</p></article></body></html>",
    );
    write(&d.join("in/.hidden.txt"), "Not an article.");
    write(&d.join("in/notes.bin"), "skipped: not a known extension");
    let db = d.join("s.db");
    let o = sitrep(&["ingest", "--db", s(&db), "--list", s(&d.join("in"))]);
    assert!(o.status.success(), "{}", err(&o));
    // Sorted walk: a/one.html before b/two.txt; hidden and unknown files skipped.
    let lines: Vec<String> = out(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("added\t1\t") && lines[0].ends_with("one.html"));
    assert!(lines[1].starts_with("added\t2\t") && lines[1].ends_with("two.txt"));
    assert!(
        err(&o).contains("2 added, 0 duplicates, 0 failed"),
        "{}",
        err(&o)
    );
    let o = sitrep(&["ingest", "--db", s(&db), s(&d.join("in"))]);
    assert!(o.status.success());
    assert!(
        err(&o).contains("0 added, 2 duplicates, 0 failed"),
        "{}",
        err(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
    let title: String = Store::open_read_only(&db)
        .unwrap()
        .conn()
        .query_row("SELECT title FROM articles WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "Port reopens");
}

#[test]
fn the_same_url_with_other_bytes_is_a_duplicate() {
    let d = tmp("url");
    let f = write(
        &d.join("a.jsonl"),
        concat!(
            r#"{"id":"v1","url":"https://news.example/story?id=7","text":"Talks resume in Oslo on Monday."}"#,
            "\n",
            r#"{"id":"v2","url":"http://www.news.example/story?id=7#comments","text":"Talks resume in Oslo on Monday, officials said."}"#,
            "\n",
            r#"{"id":"v3","url":"https://news.example/story?id=8","text":"Talks resume in Oslo on Monday, officials said."}"#,
            "\n"
        ),
    );
    let db = d.join("s.db");
    let o = sitrep(&["ingest", "--db", s(&db), "--list", s(&f)]);
    assert!(o.status.success(), "{}", err(&o));
    // v2: same URL as v1; v3: same text as v2 but v2 was never stored, so v3 is new.
    assert_eq!(
        out(&o)
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect::<Vec<_>>(),
        ["added", "duplicate", "added"]
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
}

#[test]
fn two_reports_of_one_meeting_are_one_event() {
    let d = tmp("merge");
    let f = write(&d.join("m.jsonl"), MEETING);
    let db = d.join("s.db");
    let o = sitrep(&["ingest", "--db", s(&db), s(&f)]);
    assert!(o.status.success(), "{}", err(&o));
    // The meeting, whoever is actor or target, with both leaders, in Vienna.
    let sql = "SELECT count(*) FROM g_events e WHERE e.type = 'CONSULT'
                 AND e.id IN (SELECT gevent FROM g_event_entities x JOIN g_entities g ON g.id = x.gid WHERE g.qid = 'Q61053')
                 AND e.id IN (SELECT gevent FROM g_event_entities x JOIN g_entities g ON g.id = x.gid WHERE g.qid = 'Q3052772')";
    assert_eq!(count(&db, sql), 1);
    assert_eq!(
        count(&db, &sql.replace("count(*)", "max(article_count)")),
        2
    );
    assert_eq!(count(&db, &sql.replace("count(*)", "max(source_count)")), 2);
    // The people are merged too: each is one entity seen in two articles.
    assert_eq!(
        count(
            &db,
            "SELECT article_count FROM g_entities WHERE qid = 'Q61053'"
        ),
        2
    );
    // And the query finds it by QID, by name, by place and by date.
    for args in [
        vec!["--actor", "Q3052772"],
        vec!["--actor", "scholz"],
        vec!["--place", "Vienna", "--type", "consult"],
        vec!["--from", "2025-03-14", "--to", "2025-03-14"],
    ] {
        let mut a = vec!["query", "--db", s(&db), "--format", "jsonl"];
        a.extend(args.iter().copied());
        let o = sitrep(&a);
        assert!(o.status.success(), "{args:?}: {}", err(&o));
        let rows: Vec<serde_json::Value> = out(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(
            rows.iter()
                .any(|r| r["type"] == "CONSULT" && r["articles"] == 2),
            "{args:?}: {rows:?}"
        );
    }
    // A filter that matches nothing prints nothing.
    let o = sitrep(&[
        "query",
        "--db",
        s(&db),
        "--format",
        "jsonl",
        "--actor",
        "Q1",
    ]);
    assert!(o.status.success());
    assert_eq!(out(&o), "");
    // CSV has a header and the same rows; the table names its columns.
    let o = sitrep(&[
        "query",
        "--db",
        s(&db),
        "--what",
        "articles",
        "--format",
        "csv",
        "--text",
        "spokesman",
    ]);
    let csv = out(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("id,published,source,title,url"),
        "{csv}"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains("Valley Times"));
    let o = sitrep(&["query", "--db", s(&db), "--what", "entities"]);
    assert!(out(&o).lines().next().unwrap().starts_with("id  name"));
}

/// A JSONL batch of `n` short, distinct articles, written here.
fn batch(n: usize) -> String {
    let places = [
        "Oslo", "Lima", "Accra", "Hanoi", "Quito", "Riga", "Dakar", "Perth",
    ];
    let mut s = String::new();
    for i in 0..n {
        let p = places[i % places.len()];
        s.push_str(&format!(
            "{{\"id\":\"k{i}\",\"published\":\"2025-0{}-1{}\",\"text\":\"Council {i} meets in {p}\\nThe city council of {p} approved budget plan number {i} on Tuesday, the mayor said. Protesters gathered outside the hall.\"}}\n",
            1 + i % 9,
            i % 10
        ));
    }
    s
}

#[test]
fn kill_9_mid_ingest_loses_nothing_reported_and_a_rerun_completes() {
    const N: usize = 3000;
    let d = tmp("kill");
    let f = write(&d.join("batch.jsonl"), &batch(N));
    let db = d.join("s.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "--db", s(&db), "--list", "--jobs", "2", s(&f)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut reported: Vec<(i64, String)> = Vec::new();
    let mut line = String::new();
    // Wait for the store to show progress (committed articles), then SIGKILL.
    while reported.len() < 100 {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let parts: Vec<&str> = line.trim_end().split('\t').collect();
        assert_eq!(parts[0], "added", "{line}");
        reported.push((parts[1].parse().unwrap(), parts[2].to_string()));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    // Lines already written before the kill were reported too.
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let parts: Vec<&str> = line.trim_end().split('\t').collect();
        reported.push((parts[1].parse().unwrap(), parts[2].to_string()));
    }
    assert!(
        status.code().is_none(),
        "killed by a signal, not finished: {status:?}"
    );

    // Everything reported done is there, under the id reported.
    let store = Store::open(&db).unwrap();
    let stored = store.article_count().unwrap() as usize;
    assert!(
        stored >= reported.len() && stored < N,
        "{stored} stored, {} reported",
        reported.len()
    );
    for (id, input) in &reported {
        let got: String = store
            .conn()
            .query_row("SELECT input FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(&got, input);
    }
    drop(store);

    // A re-run completes the rest: exact count, no duplicates, merges consistent.
    let o = sitrep(&["ingest", "--db", s(&db), "--jobs", "2", s(&f)]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains(&format!(
            "{} added, {stored} duplicates, 0 failed",
            N - stored
        )),
        "{}",
        err(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), N as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT doc_id) FROM articles"),
        N as i64
    );
    // Every article is in the full-text index once ("council" is in every
    // text; the index is contentless, so it is counted through a match).
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'council'"
        ),
        N as i64
    );
    // No half-merged article: merged counts equal the per-article rows.
    assert_eq!(
        count(&db, "SELECT coalesce(sum(mention_count), 0) FROM g_events"),
        count(&db, "SELECT count(*) FROM events")
    );
    assert_eq!(
        count(
            &db,
            "SELECT coalesce(sum(article_count), 0) FROM g_entities"
        ),
        count(
            &db,
            "SELECT count(*) FROM (SELECT DISTINCT article, gid FROM entities)"
        )
    );
    assert_eq!(
        count(&db, "SELECT coalesce(sum(article_count), 0) FROM g_events"),
        count(&db, "SELECT count(*) FROM g_event_articles")
    );
}

#[test]
fn export_writes_files_that_read_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    let d = tmp("export");
    let mut input = String::from(MEETING);
    input.push_str(r#"{"id":"w3","source":"Harbor Post","published":"2025-04-02","text":"Strike ends\nDock workers in Gdansk ended their strike on Wednesday, the union said."}"#);
    input.push('\n');
    let f = write(&d.join("m.jsonl"), &input);
    let db = d.join("s.db");
    assert!(sitrep(&["ingest", "--db", s(&db), s(&f)]).status.success());
    let n_events = count(&db, "SELECT count(*) FROM g_events");
    let n_march = count(
        &db,
        "SELECT count(*) FROM g_events WHERE date LIKE '2025-03-%'",
    );
    assert!(n_events > n_march && n_march > 0);

    let pq = d.join("pq");
    let o = sitrep(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "parquet",
        "--out",
        s(&pq),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    // One file per month, Hive-style.
    let months: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(pq.join("articles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(months, ["date=2025-03", "date=2025-04"]);
    let read = |p: PathBuf| SerializedFileReader::new(std::fs::File::open(&p).unwrap()).unwrap();
    let r = read(pq.join("articles/date=2025-03/part-0.parquet"));
    assert_eq!(r.metadata().file_metadata().num_rows(), 2);
    let rows: Vec<_> = r.into_iter().map(|x| x.unwrap()).collect();
    // Columns: id INT64, published DATE, source UTF8, ...
    assert_eq!(rows[0].get_long(0).unwrap(), 1);
    // A DATE column: days since 1970-01-01.
    let published = rows[0].get_column_iter().nth(1).map(|(_, f)| f.clone());
    assert_eq!(published, Some(parquet::record::Field::Date(20_161))); // 2025-03-14
    assert_eq!(rows[0].get_string(2).unwrap(), "Harbor Post");
    assert_eq!(rows[1].get_string(2).unwrap(), "Valley Times");
    let r = read(pq.join("events/date=2025-03/part-0.parquet"));
    assert_eq!(r.metadata().file_metadata().num_rows(), n_march);
    let total: i64 = std::fs::read_dir(pq.join("events"))
        .unwrap()
        .map(|e| {
            read(e.unwrap().path().join("part-0.parquet"))
                .metadata()
                .file_metadata()
                .num_rows()
        })
        .sum();
    assert_eq!(total, n_events);
    let meeting = read(pq.join("events/date=2025-03/part-0.parquet"))
        .into_iter()
        .map(|x| x.unwrap())
        .find(|row| row.get_long(9).unwrap() == 2)
        .expect("the merged meeting, in two articles");
    assert_eq!(meeting.get_string(2).unwrap(), "CONSULT");
    assert_eq!(meeting.get_long(10).unwrap(), 2); // sources
    // No temporary files left behind.
    assert!(!walk(&pq).iter().any(|p| p.ends_with(".tmp")));

    // JSONL and CSV: one file per kind, plus the records.
    let js = d.join("js");
    assert!(
        sitrep(&[
            "export",
            "--db",
            s(&db),
            "--format",
            "jsonl",
            "--out",
            s(&js)
        ])
        .status
        .success()
    );
    let recs = std::fs::read_to_string(js.join("records.jsonl")).unwrap();
    assert_eq!(recs.lines().count(), 3);
    let rec: sitrep_record::Record = serde_json::from_str(recs.lines().next().unwrap()).unwrap();
    assert_eq!(rec.doc.id, "w1");
    let ev = std::fs::read_to_string(js.join("events.jsonl")).unwrap();
    assert_eq!(ev.lines().count() as i64, n_events);
    let csv = d.join("csv");
    let o = sitrep(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "csv",
        "--out",
        s(&csv),
        "--what",
        "articles",
        "--from",
        "2025-04",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let a = std::fs::read_to_string(csv.join("articles.csv")).unwrap();
    assert_eq!(a.lines().count(), 2, "{a}");
    assert!(!csv.join("events.csv").exists());
}

fn walk(d: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p.display().to_string());
        }
    }
    v
}

#[test]
fn feeds_are_read_item_by_item() {
    let d = tmp("feed");
    let f = write(
        &d.join("wire.rss"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kestrel Wire</title><link>https://kestrel.example/</link><description>d</description>
<item><title>Bridge reopens in Riga</title><link>https://kestrel.example/riga-bridge</link>
<pubDate>Tue, 04 Mar 2025 09:30:00 GMT</pubDate>
<description>&lt;p&gt;The Stone Bridge in Riga reopened on Tuesday after repairs, the city council said.&lt;/p&gt;</description></item>
<item><title>Port strike ends</title><link>https://kestrel.example/port</link>
<pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate>
<description>Dock workers in Gdansk ended their strike on Wednesday.</description></item>
</channel></rss>"#,
    );
    let db = d.join("s.db");
    let o = sitrep(&["ingest", "--db", s(&db), "--list", s(&f)]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 2);
    let store = Store::open_read_only(&db).unwrap();
    let rows: Vec<(String, String, String, String)> = store
        .conn()
        .prepare("SELECT title, url, published, source FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows[0],
        (
            "Bridge reopens in Riga".to_string(),
            "https://kestrel.example/riga-bridge".to_string(),
            "2025-03-04".to_string(),
            "Kestrel Wire".to_string()
        )
    );
    assert_eq!(rows[1].2, "2025-03-05");
    let rec = store.record(1).unwrap().unwrap();
    assert!(
        rec.text.contains("reopened on Tuesday after repairs"),
        "{}",
        rec.text
    );
    assert!(!rec.text.contains("<p>"));
}

#[test]
fn bad_inputs_are_one_line_errors_and_good_ones_are_kept() {
    let d = tmp("bad");
    let db = d.join("s.db");
    // A bad line: reported by file and line, exit 1, the other lines stored.
    let f = write(
        &d.join("b.jsonl"),
        "{\"id\":\"ok1\",\"text\":\"Talks resume in Oslo.\"}\nnot json\n{\"id\":\"empty\",\"text\":\"   \"}\n{\"id\":\"ok2\",\"text\":\"Rain in Lima.\"}\n",
    );
    let o = sitrep(&["ingest", "--db", s(&db), s(&f)]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 3, "{e}");
    assert!(lines[0].contains("b.jsonl:2:"), "{e}");
    assert!(
        lines[1].contains("b.jsonl:3:") && lines[1].contains("no text"),
        "{e}"
    );
    assert!(lines[2].contains("2 added, 0 duplicates, 2 failed"), "{e}");
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
    // A binary file and a broken feed: named, nothing stored for them.
    write(&d.join("x.txt"), "\u{0}\u{1}\u{2}binary");
    write(&d.join("bad.rss"), "<rss><channel><item><title>cut off");
    let o = sitrep(&[
        "ingest",
        "--db",
        s(&db),
        s(&d.join("x.txt")),
        s(&d.join("bad.rss")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(e.lines().next().unwrap().contains("x.txt"), "{e}");
    assert!(
        e.lines()
            .nth(1)
            .unwrap()
            .contains("bad.rss: not a valid RSS/Atom feed"),
        "{e}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
    // Fatal errors: one line, exit 2.
    for (args, needle) in [
        (
            vec!["ingest", "--db", s(&db), "missing.txt"],
            "missing.txt: no such file",
        ),
        (vec!["ingest", "--db", s(&db)], "at least one"),
        (
            vec![
                "ingest",
                "--db",
                s(&db),
                "--feed",
                "https://feeds.example/rss",
            ],
            "--feed",
        ),
        (
            vec!["query", "--db", s(&d.join("none.db"))],
            "no such store",
        ),
        (
            vec!["query", "--db", s(&db), "--from", "yesterday"],
            "--from",
        ),
        (
            vec![
                "query",
                "--db",
                s(&db),
                "--what",
                "entities",
                "--status",
                "occurred",
            ],
            "--status",
        ),
        (vec!["query", "--db", s(&db), "--text", "\"open"], "--text"),
        (
            vec![
                "export",
                "--db",
                s(&db),
                "--format",
                "parquet",
                "--out",
                s(&d.join("o")),
                "--what",
                "nope",
            ],
            "--what",
        ),
    ] {
        if cfg!(feature = "net") && needle == "--feed" {
            continue;
        }
        let o = sitrep(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(e.contains(needle), "{args:?}: {e}");
    }
    // Another program's SQLite file is refused, not adopted.
    let other = d.join("other.db");
    sitrep_store::rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let o = sitrep(&["ingest", "--db", s(&other), s(&f)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a sitrep store"), "{}", err(&o));
}

#[test]
fn ingest_takes_the_users_actor_dictionary() {
    let d = tmp("overlay");
    let input = write(
        &d.join("in.jsonl"),
        r#"{"id":"o1","published":"2025-05-02","text":"The Tarsk Valley Cooperative said on Friday that harvests fell."}
"#,
    );
    let actors = write(
        &d.join("actors.tsv"),
        "key\ttype\tname\taliases\tcountry\twikidata\troles\tdemonyms\tfrom\tuntil\n\
         org:tarsk-coop\tORG\tTarsk Valley Cooperative\tTVC\tKAZ\tQ999999999\t\t\t\t\n",
    );
    let db = d.join("o.db");
    let o = sitrep(&["ingest", "--db", s(&db), "--actors", s(&actors), s(&input)]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM g_entities WHERE qid = 'Q999999999' AND country = 'KAZ'"
        ),
        1
    );
    // A missing dictionary is a one-line error and stores nothing.
    let db2 = d.join("o2.db");
    let o = sitrep(&[
        "ingest",
        "--db",
        s(&db2),
        "--actors",
        s(&d.join("nope.tsv")),
        s(&input),
    ]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("nope.tsv") && err(&o).lines().count() == 1,
        "{}",
        err(&o)
    );
    assert!(!db2.exists());
}
