//! Property tests: any Unicode text goes through `Extractor::extract` without a
//! panic and comes out as a record that keeps the contract (see `contract.rs`),
//! the same every time, and unchanged through JSON.
//!
//! The case count is fixed (256; `PROPTEST_CASES` overrides it for a deeper
//! local run) so that CI time is bounded; `.ci/run` also fixes the
//! seed (`PROPTEST_RNG_SEED`), so CI fails only on what a change did, while a
//! local `cargo test` explores new inputs on every run. Failures are saved under
//! `tests/proptest-regressions/` and replayed first: commit those files.

use proptest::prelude::*;
use proptest::sample::select;
use sitrep::Article;

use crate::contract;

/// Pieces that trouble tokenizers and sentence splitters.
const SPECIAL: &[&str] = &[
    "U.S.",
    "Dr.",
    "Mr.",
    "Jan.",
    "J.",
    "e.g.",
    "a.m.",
    "...",
    "…",
    "3.5",
    "$1,200",
    "'90s",
    "?!",
    "!",
    "?",
    ".",
    ",",
    ";",
    ":",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "'s",
    "n't",
    "—",
    "–",
    "-",
    "•",
    "*",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\u{7f}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{a0}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "🇺🇳",
    "👍🏽",
    "e\u{301}",
    "\u{301}",
    "a\u{301}\u{302}\u{303}",
    "Z\u{351}\u{34a}\u{35b}",
    "مرحبا",
    "السلام عليكم",
    "שלום",
    "日本語",
    "İstanbul",
    "ß",
    "ǅ",
    "Ⅻ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
];

/// News words, so that later stages (quotes, times, events) have work to do.
const NEWS: &[&str] = &[
    "said",
    "told reporters",
    "according to",
    "denied",
    "accused",
    "met",
    "President",
    "Minister",
    "spokeswoman",
    "army officials",
    "the",
    "of",
    "in",
    "he",
    "she",
    "they",
    "on Friday",
    "last week",
    "next month",
    "March 3",
    "2025",
    "Geneva",
    "Kenya",
    "United Nations",
    "Ana Ruiz",
    "Sudanese",
];

/// Separators between pieces.
const SEPS: &[&str] = &[
    " ", " ", " ", " ", "", "\n", "\n\n", "\r\n", "  ", "\t", "\u{a0}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,10}",
        4 => "[A-Z][a-z]{0,9}",
        1 => "[A-Z]{2,5}",
        4 => select(SPECIAL).prop_map(String::from),
        4 => select(NEWS).prop_map(String::from),
        1 => "[0-9]{1,4}(\\.[0-9]{1,2})?",
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{1,8}",
        1 => (select(&["a", "é", "😀", "\u{301}", ".", "-", "A."][..]), 100..3000usize)
            .prop_map(|(s, n)| s.repeat(n)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec((piece(), select(SEPS)), 0..80).prop_map(|v| {
            v.into_iter().fold(String::new(), |mut s, (p, sep)| {
                s.push_str(&p);
                s.push_str(sep);
                s
            })
        }),
        1 => any::<String>(),
    ]
}

const DATES: &[&str] = &[
    "2025-03-14",
    "2024-02-29",
    "1999-12-31",
    "2025-03-14T10:00:00Z",
    "2025-13-45",
    "2023-02-29",
    "",
    "yesterday",
    "2025-3-1",
    "9999-99-99",
];

fn article() -> impl Strategy<Value = Article> {
    (
        text(),
        prop::option::of(select(DATES)),
        any::<prop::sample::Index>(),
        any::<bool>(),
        prop::option::of("[a-z0-9-]{1,12}"),
    )
        .prop_map(|(text, published, line, use_title, id)| {
            // Sometimes the title is one of the text's lines: headline detection looks for it.
            let lines: Vec<&str> = text.lines().collect();
            let title = (use_title && !lines.is_empty()).then(|| line.get(&lines).to_string());
            Article {
                id,
                text,
                title,
                published: published.map(String::from),
                source: Some("Test Wire".into()),
                url: Some("https://example.invalid/a".into()),
            }
        })
}

/// 256 cases, or `PROPTEST_CASES` when set (for a deeper local run).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_keeps_the_contract(art in article()) {
        let ex = crate::extractor();
        let rec = ex.extract(&art);
        contract::assert_valid(&rec);
        contract::assert_round_trips(&rec);

        // Metadata passes through.
        prop_assert_eq!(&rec.doc.id, art.id.as_deref().unwrap_or(""));
        prop_assert_eq!(&rec.doc.title, &art.title);
        prop_assert_eq!(&rec.doc.source, &art.source);
        prop_assert_eq!(&rec.doc.url, &art.url);
        if let Some(p) = art.published.as_deref().filter(|p| ["2025-03-14", "2024-02-29", "1999-12-31"].contains(p)) {
            prop_assert_eq!(rec.doc.published.as_deref(), Some(p));
        }
        if art.published.as_deref() == Some("2025-03-14T10:00:00Z") {
            prop_assert_eq!(rec.doc.published.as_deref(), Some("2025-03-14"));
        }

        // Same input, same record; a scratch warmed on another document changes nothing.
        prop_assert_eq!(&ex.extract(&art), &rec);
        let mut scratch = sitrep_core::pipeline::Scratch::default();
        let warm = Article { text: "Officials met in Geneva on Friday. They said talks would go on.".into(), ..Article::default() };
        ex.extract_with(&warm, &mut scratch);
        prop_assert_eq!(&ex.extract_with(&art, &mut scratch), &rec);
    }

    #[test]
    fn whitespace_only_text_gives_empty_lists(ws in prop::collection::vec(select(&[" ", "\n", "\r\n", "\t", "\u{a0}", "\u{2028}", "\u{3000}"][..]), 0..20)) {
        let art = Article { text: ws.concat(), ..Article::default() };
        let rec = crate::extractor().extract(&art);
        contract::assert_valid(&rec);
        prop_assert!(contract::all_lists_empty(&rec), "{:?}", rec);
    }
}
