//! HTML pages: main text through `dom_smoothie` (a port of Mozilla
//! Readability), rendered one paragraph per line; metadata from meta tags,
//! `<link rel=canonical>`, JSON-LD, `<time>` and `<title>`.
//!
//! Hostile input is expected. Absurdly deep nesting is caught by a linear
//! pre-scan before any tree is built (html5ever is quadratic on it and the
//! selector code recurses per level); moderately deep pages skip readability
//! and get the plain `<body>` rendering, which, like everything here, walks
//! the tree without recursion.

mod jsonld;
mod meta;
mod render;
mod strip;
mod tree;

use std::panic::AssertUnwindSafe;

use dom_query::Document;
use dom_smoothie::{Config, Readability};

use crate::Article;

/// Pre-scan limit on open elements: past it the page is tag-stripped
/// instead of parsed (html5ever takes ~5 ms at this depth, minutes at 100k).
const MAX_SCAN_DEPTH: usize = 1000;
/// Real pages nest a few dozen levels; readability is quadratic in depth and
/// its selectors recurse, so deeper pages get the plain rendering.
const MAX_READABILITY_DEPTH: usize = 256;
/// Readability clones the document per attempt; huge pages get the plain
/// rendering.
const MAX_READABILITY_ELEMENTS: usize = 60_000;
/// Readability retries with looser cleaning until it has this many
/// characters, and keeps the longest attempt otherwise. Wire stories can be
/// short; its default (500) lets the loosest, junk-keeping pass win on them.
const CHAR_THRESHOLD: usize = 200;

/// Extract the article from an HTML page: text (headline first, one
/// paragraph per line) and whatever metadata the page carries. Never
/// panics; a page with no recognisable content gives empty text.
pub fn extract(html: &str) -> Article {
    if strip::deeper_than(html, MAX_SCAN_DEPTH) {
        let (text, title) = strip::render(html);
        let meta = meta::Meta {
            title: title.as_deref().and_then(meta::clean),
            ..meta::Meta::default()
        };
        return finish(text, meta);
    }
    let doc = Document::from(html);
    let meta = meta::collect(&doc);
    let (depth, elements) = tree::shape(&doc);
    let text = if depth <= MAX_READABILITY_DEPTH && elements <= MAX_READABILITY_ELEMENTS {
        // Readability consumes and rewrites the document: the fallback
        // needs a fresh parse, but only when readability came up empty.
        readable(doc).unwrap_or_else(|| render::page(&Document::from(html)))
    } else {
        render::page(&doc)
    };
    finish(text, meta)
}

/// The article text according to readability, or `None` if it found none.
fn readable(doc: Document) -> Option<String> {
    let cfg = Config {
        // Keep class and id so the renderer can still drop share bars and
        // ad slots that readability left inside the article.
        keep_classes: true,
        char_threshold: CHAR_THRESHOLD,
        ..Config::default()
    };
    // Third-party code on hostile input: a panic in it costs this page its
    // readability pass, not the caller's whole run.
    std::panic::catch_unwind(AssertUnwindSafe(move || {
        let mut r = Readability::with_document(doc, None, Some(cfg)).ok()?;
        r.parse().ok()?;
        let root = tree::find_by_id(&r.doc, "readability-page-1")?;
        Some(render::render(root))
    }))
    .ok()
    .flatten()
    .filter(|t| !t.is_empty())
}

/// Put the headline first and assemble the article.
fn finish(body: String, meta: meta::Meta) -> Article {
    let text = match &meta.title {
        Some(t) => with_headline(t, body),
        None => body,
    };
    Article {
        id: None,
        text: crate::normalize_text(&text),
        title: meta.title,
        published: meta.published,
        source: meta.source,
        url: meta.url,
    }
}

/// Comparison key for headlines: letters and digits, lower-cased.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The headline as the first line. If the body already has it among its
/// first lines (after a kicker such as "World"), that line moves up rather
/// than appearing twice.
fn with_headline(title: &str, body: String) -> String {
    let t = key(title);
    if t.is_empty() {
        return body;
    }
    let mut lines: Vec<&str> = body.split('\n').collect();
    match lines.iter().take(3).position(|l| key(l) == t) {
        Some(0) => body,
        Some(i) => {
            let h = lines.remove(i);
            lines.insert(0, h);
            lines.join("\n")
        }
        None if body.is_empty() => title.to_string(),
        None => format!("{title}\n{body}"),
    }
}
