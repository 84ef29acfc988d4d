//! The `sitrep` binary against the command-line contract of
//! `shared/spec/record.md`: exit status, one-line errors naming the file and
//! line, whole records on stdout, JSONL order, and metadata flags.
//!
//! Each test writes its inputs to its own folder under `CARGO_TARGET_TMPDIR`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use sitrep_record::Record;

/// A fresh, empty folder for one test.
fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write input");
    p
}

/// Run `sitrep` with `args`, feeding `stdin`.
fn sitrep(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sitrep");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("feed stdin");
    child.wait_with_output().expect("wait for sitrep")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Exactly one line on stderr, and it is returned.
fn one_error_line(o: &Output) -> String {
    let e = stderr(o);
    assert!(
        !o.status.success(),
        "exit status {:?}, stderr {e:?}",
        o.status
    );
    assert_eq!(e.lines().count(), 1, "want one stderr line, got {e:?}");
    assert!(e.ends_with('\n'), "stderr line unterminated: {e:?}");
    assert!(!e.contains("panicked"), "{e}");
    e
}

fn record(json: &str) -> Record {
    let r: Record =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("not a record ({e}): {json}"));
    assert_eq!(r.schema, "sitrep.record/1");
    r
}

fn all_lists_empty(r: &Record) -> bool {
    r.headings.is_empty()
        && r.sentences.is_empty()
        && r.entities.is_empty()
        && r.places.is_empty()
        && r.times.is_empty()
        && r.statements.is_empty()
        && r.events.is_empty()
        && r.claims.is_empty()
        && r.positions.is_empty()
}

#[test]
fn empty_file_gives_an_empty_record() {
    let d = tmp("empty");
    let p = write(&d, "empty.txt", b"");
    let o = sitrep(&["extract", p.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    let r = record(&out);
    assert!(all_lists_empty(&r), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "headings",
        "sentences",
        "entities",
        "places",
        "times",
        "statements",
        "events",
        "claims",
        "positions",
    ] {
        assert_eq!(v[k], serde_json::json!([]), "`{k}` in {out}");
    }
}

#[test]
fn a_binary_file_is_one_error_naming_it() {
    let d = tmp("binary");
    let p = write(
        &d,
        "picture.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06",
    );
    let o = sitrep(&["extract", p.to_str().unwrap()], b"");
    let e = one_error_line(&o);
    assert!(e.contains("picture.png"), "{e}");
    assert_eq!(stdout(&o), "", "no partial output");
}

#[test]
fn a_non_utf8_file_is_one_error_naming_it() {
    let d = tmp("latin1");
    // "Café crème." in Latin-1.
    let p = write(&d, "latin1.txt", b"Caf\xe9 cr\xe8me au Qu\xe9bec.\n");
    let o = sitrep(&["extract", p.to_str().unwrap()], b"");
    let e = one_error_line(&o);
    assert!(e.contains("latin1.txt"), "{e}");
    assert_eq!(stdout(&o), "", "no partial output");
}

#[test]
fn a_missing_file_is_one_error_naming_it() {
    let d = tmp("missing");
    let p = d.join("no-such-article.txt");
    let o = sitrep(&["extract", p.to_str().unwrap()], b"");
    let e = one_error_line(&o);
    assert!(e.contains("no-such-article.txt"), "{e}");
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_bad_published_date_names_the_flag() {
    let d = tmp("bad-date");
    let p = write(&d, "a.txt", b"The envoy arrived.\n");
    let o = sitrep(
        &["extract", "--published", "2025-13-45", p.to_str().unwrap()],
        b"",
    );
    let e = one_error_line(&o);
    assert!(e.contains("--published"), "{e}");
    assert!(e.contains("2025-13-45"), "{e}");
    assert_eq!(stdout(&o), "");
}

#[test]
fn jsonl_bad_line_is_reported_and_skipped() {
    let d = tmp("jsonl-bad");
    let p = write(
        &d,
        "batch.jsonl",
        b"{\"id\": \"a\", \"text\": \"The envoy arrived. He spoke.\"}\n\
          {\"id\": \"b\", \"text\": \"unterminated\n\
          {\"id\": \"c\", \"text\": \"Talks ended on Friday.\"}\n",
    );
    let o = sitrep(&["extract", "--jsonl", p.to_str().unwrap()], b"");
    let e = one_error_line(&o);
    assert!(e.contains("batch.jsonl:2"), "{e}");
    let out = stdout(&o);
    assert!(out.ends_with('\n'), "last record line unterminated");
    let ids: Vec<String> = out.lines().map(|l| record(l).doc.id).collect();
    assert_eq!(ids, ["a", "c"]);
}

#[test]
fn jsonl_non_utf8_line_is_one_error() {
    let d = tmp("jsonl-utf8");
    let p = write(
        &d,
        "batch.jsonl",
        b"{\"id\": \"a\", \"text\": \"One.\"}\n\
          {\"id\": \"b\", \"text\": \"Caf\xe9.\"}\n\
          {\"id\": \"c\", \"text\": \"Three.\"}\n",
    );
    let o = sitrep(&["extract", "--jsonl", p.to_str().unwrap()], b"");
    let e = stderr(&o);
    assert!(!o.status.success());
    assert!(e.lines().all(|l| l.contains("batch.jsonl:2")), "{e}");
    let ids: Vec<String> = stdout(&o).lines().map(|l| record(l).doc.id).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("not UTF-8"), "{e}");
}

#[test]
fn jsonl_keeps_input_order_in_parallel() {
    let d = tmp("jsonl-order");
    let mut input = String::new();
    for i in 0..200 {
        // Uneven lengths, so that workers finish out of order.
        let words = "The envoy met officials in Geneva. ".repeat(1 + (i * 37) % 50);
        input.push_str(&format!(
            "{{\"id\": {i}, \"text\": \"Talks, round {i}\\n{words}\"}}\n"
        ));
    }
    let p = write(&d, "batch.jsonl", input.as_bytes());
    let o = sitrep(
        &["extract", "--jsonl", "--jobs", "2", p.to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let ids: Vec<String> = stdout(&o).lines().map(|l| record(l).doc.id).collect();
    let want: Vec<String> = (0..200).map(|i| i.to_string()).collect();
    assert_eq!(ids, want);
}

#[test]
fn jsonl_from_stdin() {
    let o = sitrep(
        &["extract", "--jsonl", "-"],
        b"{\"id\": \"x\", \"text\": \"One. Two.\"}\n\n{\"id\": \"y\", \"text\": \"Three.\"}\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let recs: Vec<Record> = stdout(&o).lines().map(record).collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].doc.id, "x");
    assert_eq!(recs[0].sentences.len(), 2);
    assert_eq!(recs[1].doc.id, "y");
}

#[test]
fn text_from_stdin() {
    for args in [&["extract"][..], &["extract", "-"][..]] {
        let o = sitrep(args, b"Talks resume\nThe envoy arrived. He spoke.\n");
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let r = record(&stdout(&o));
        assert_eq!(r.headings, [[0, 12]], "{args:?}");
        assert_eq!(r.sentences.len(), 2, "{args:?}");
    }
}

#[test]
fn metadata_flags_land_in_doc() {
    let d = tmp("meta");
    let p = write(&d, "story.txt", b"The envoy arrived on Friday.\n");
    let o = sitrep(
        &[
            "extract",
            "--title",
            "Envoy arrives",
            "--source",
            "Test Wire",
            "--url",
            "https://example.invalid/story",
            "--published",
            "2025-03-14",
            "--compact",
            p.to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "--compact is one line: {out}");
    let r = record(&out);
    assert_eq!(r.doc.title.as_deref(), Some("Envoy arrives"));
    assert_eq!(r.doc.source.as_deref(), Some("Test Wire"));
    assert_eq!(r.doc.url.as_deref(), Some("https://example.invalid/story"));
    assert_eq!(r.doc.published.as_deref(), Some("2025-03-14"));
    assert_eq!(r.doc.id, "story");
}

#[test]
fn pretty_output_is_one_whole_record() {
    let o = sitrep(&["extract"], b"The envoy arrived.\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.ends_with("}\n"), "{out}");
    assert_eq!(record(&out).sentences, [[0, 18]]);
}
