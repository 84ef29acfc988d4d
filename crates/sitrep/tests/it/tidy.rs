//! Tidy: source and data hygiene for the whole workspace, run by `cargo test`.
//!
//! Rules (each failure names the file, the line and the rule):
//! - `module-doc`: every `.rs` file starts with a `//!` comment.
//! - `no-todo`, `no-dbg`, `no-ignore`, `no-should-panic`: none of these in any
//!   `.rs` file (assert today's wrong output with a `FIXME` comment instead).
//! - `no-sleep`: no sleeping (`sleep` from `std::thread`) in tests (files under `tests/`, and
//!   everything after the first `#[cfg(test)]` of other files).
//! - `trailing-whitespace`: none in `.rs`, `.md` and `.toml` files.
//! - `tsv-columns`, `tsv-unique`, `tsv-sorted`: every `.tsv` file under `data/`
//!   has as many columns in each row as in its header (lines starting with `#`
//!   are comments), and its first column is unique and sorted in byte order.
//!
//! Build output (`target/`, `fuzz/target/`) and VCS or tool folders are skipped.

use std::path::{Path, PathBuf};

/// Directory names never walked into.
const SKIP_DIRS: &[&str] = &["target", ".git", "node_modules", ".venv-peers", ".venv"];

// The patterns are split so that this file does not trip its own rules.
const FORBIDDEN: &[(&str, &str)] = &[
    (concat!("todo", "!("), "no-todo"),
    (concat!("dbg", "!("), "no-dbg"),
    (concat!("#[", "ignore"), "no-ignore"),
    (concat!("#[", "should_panic"), "no-should-panic"),
];
const SLEEP: &str = concat!("std::thread::", "sleep");
const CFG_TEST: &str = concat!("#[cfg(", "test)]");

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let rel = path.strip_prefix(root).unwrap_or(&path);
            if SKIP_DIRS.contains(&name.as_ref()) || rel == Path::new("bench/corpus") {
                continue;
            }
            walk(&path, root, out);
        } else if ft.is_file() {
            out.push(path);
        }
    }
}

/// Problems of one `.rs` file; `in_tests` if the whole file is test code.
pub fn check_rust(text: &str, in_tests: bool) -> Vec<(usize, &'static str, String)> {
    let mut errs = Vec::new();
    if !text.starts_with("//!") {
        errs.push((
            1,
            "module-doc",
            "file does not start with a `//!` comment saying what it is for".to_string(),
        ));
    }
    let mut test_code = in_tests;
    for (i, line) in text.lines().enumerate() {
        test_code |= line.trim_start().starts_with(CFG_TEST);
        for &(pat, rule) in FORBIDDEN {
            if line.contains(pat) {
                errs.push((i + 1, rule, format!("`{pat}` is not allowed")));
            }
        }
        if test_code && line.contains(SLEEP) {
            errs.push((
                i + 1,
                "no-sleep",
                "tests must not sleep; wait on the event instead".to_string(),
            ));
        }
    }
    errs
}

/// Lines with trailing whitespace.
pub fn check_trailing(text: &str) -> Vec<(usize, &'static str, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.ends_with([' ', '\t', '\r']))
        .map(|(i, _)| {
            (
                i + 1,
                "trailing-whitespace",
                "trailing whitespace".to_string(),
            )
        })
        .collect()
}

/// Problems of one data TSV.
pub fn check_tsv(text: &str) -> Vec<(usize, &'static str, String)> {
    let mut errs = Vec::new();
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'));
    let Some((_, header)) = rows.next() else {
        return errs;
    };
    let ncols = header.split('\t').count();
    let mut prev: Option<&str> = None;
    for (i, line) in rows {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != ncols {
            errs.push((
                i + 1,
                "tsv-columns",
                format!("{} columns, but the header has {ncols}", cols.len()),
            ));
        }
        let key = cols[0];
        if let Some(p) = prev {
            if key == p {
                errs.push((i + 1, "tsv-unique", format!("duplicate key {key:?}")));
            } else if key.as_bytes() < p.as_bytes() {
                errs.push((
                    i + 1,
                    "tsv-sorted",
                    format!("key {key:?} sorts before the previous key {p:?} (byte order)"),
                ));
            }
        }
        prev = Some(key);
    }
    errs
}

#[test]
fn tidy() {
    let root = workspace_root();
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut errs = Vec::new();
    let mut checked = 0;
    for path in &files {
        let rel = path.strip_prefix(&root).unwrap_or(path);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "rs" | "md" | "toml" | "tsv") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            errs.push(format!("{}: not UTF-8 text", rel.display()));
            continue;
        };
        checked += 1;
        let mut found = Vec::new();
        if ext == "rs" {
            let in_tests = rel.components().any(|c| c.as_os_str() == "tests");
            found.extend(check_rust(&text, in_tests));
        }
        if matches!(ext, "rs" | "md" | "toml") {
            found.extend(check_trailing(&text));
        }
        if ext == "tsv" && rel.starts_with("data") {
            found.extend(check_tsv(&text));
        }
        for (line, rule, msg) in found {
            errs.push(format!("{}:{line}: [{rule}] {msg}", rel.display()));
        }
    }
    assert!(
        checked > 10,
        "tidy found only {checked} files under {root:?}"
    );
    assert!(
        errs.is_empty(),
        "tidy found {} problem(s) (rules: crates/sitrep/tests/it/tidy.rs):\n{}",
        errs.len(),
        errs.join("\n")
    );
}

#[test]
fn tidy_rules_fire() {
    let rules = |v: Vec<(usize, &'static str, String)>| -> Vec<(usize, &'static str)> {
        v.into_iter().map(|(l, r, _)| (l, r)).collect()
    };
    let src = format!(
        "fn f() {{}}\n{}\n{}\n{}\n",
        concat!("    dbg", "!(1);"),
        CFG_TEST,
        concat!("    std::thread::", "sleep(d);"),
    );
    assert_eq!(
        rules(check_rust(&src, false)),
        [(1, "module-doc"), (2, "no-dbg"), (4, "no-sleep")]
    );
    let src = format!("//! Doc.\n{}\n", concat!("std::thread::", "sleep(d);"));
    assert!(check_rust(&src, false).is_empty());
    assert_eq!(rules(check_rust(&src, true)), [(2, "no-sleep")]);
    assert_eq!(
        rules(check_trailing("a\nb \nc\t\nd")),
        [(2, "trailing-whitespace"), (3, "trailing-whitespace")]
    );
    let tsv = "# source: test\nkey\tv\nb\t1\na\t2\na\t3\nc\n";
    assert_eq!(
        rules(check_tsv(tsv)),
        [(4, "tsv-sorted"), (5, "tsv-unique"), (6, "tsv-columns")]
    );
    assert!(check_tsv("# only comments\n").is_empty());
}
