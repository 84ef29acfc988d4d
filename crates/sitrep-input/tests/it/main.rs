//! Integration tests for HTML input: the example pages end to end, metadata
//! precedence, the shape of the text, and hostile input (random strings and
//! bytes, tag soup, absurd nesting).

mod examples;
mod metadata;
mod robustness;
mod text;

use sitrep_input::Article;

/// The text's lines.
pub fn lines(a: &Article) -> Vec<&str> {
    a.text.split('\n').collect()
}

/// A page with `head` and `body` markup.
pub fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>"
    )
}

/// The shape promised to the pipeline: no blank lines, no padding, no
/// carriage returns or tabs, no doubled spaces.
pub fn assert_shape(text: &str) {
    if text.is_empty() {
        return;
    }
    for l in text.split('\n') {
        assert!(!l.is_empty(), "blank line in {text:?}");
        assert_eq!(l, l.trim(), "padded line in {text:?}");
        assert!(!l.contains("  "), "double space in {l:?}");
        assert!(!l.contains(['\r', '\t']), "control character in {l:?}");
    }
}
