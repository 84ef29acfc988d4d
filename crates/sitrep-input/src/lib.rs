//! Article input for sitrep: turns a file's bytes, an HTML page or a JSONL
//! batch line into an [`Article`] — plain text plus metadata — before any
//! pipeline [`Doc`](https://docs.rs) exists. Everything that normalises text
//! happens here, so the pipeline's offsets refer to exactly the text the record
//! prints.
//!
//! ```
//! let a = sitrep_input::from_bytes("a.txt", b"Talks resume\r\nThe envoy arrived.").unwrap();
//! assert_eq!(a.text, "Talks resume\nThe envoy arrived.");
//! assert!(sitrep_input::from_bytes("b.bin", b"\x00\x01\x02\xff").is_err());
//! ```
#![deny(missing_docs)]

pub mod html;

use serde::Deserialize;

/// One article: text plus whatever metadata the input carried.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Caller's id.
    pub id: Option<String>,
    /// The plain text.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date or timestamp as found (ISO 8601 expected).
    pub published: Option<String>,
    /// Publisher or site name.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
}

/// What was wrong with an input.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    /// Not UTF-8.
    #[error("{name}: not UTF-8 text (invalid byte sequence at byte {at})")]
    NotUtf8 {
        /// Input name.
        name: String,
        /// Byte offset of the first bad byte.
        at: usize,
    },
    /// Binary content.
    #[error("{name}: looks like a binary file, not text or HTML")]
    Binary {
        /// Input name.
        name: String,
    },
    /// A bad JSONL line.
    #[error("{name}:{line}: {message}")]
    BadLine {
        /// Input name.
        name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// Normalise text: drop a BOM, turn CRLF and lone CR into LF, and replace NUL
/// and other C0 controls (except tab and newline) with spaces, keeping length
/// in code points close to the original.
pub fn normalize_text(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// True if the text looks like an HTML document rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    let head = s.trim_start();
    let mut end = head.len().min(4096);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let lower = head[..end].to_ascii_lowercase();
    // Comments and XML declarations may precede the document element.
    let lower = lower.trim_start_matches(|c: char| c.is_whitespace());
    let lower = if lower.starts_with("<?xml") || lower.starts_with("<!--") {
        match lower.find("<html").or_else(|| lower.find("<!doctype")) {
            Some(k) => &lower[k..],
            None => lower,
        }
    } else {
        lower
    };
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<head")
        || lower.starts_with("<body")
        || (lower.starts_with('<')
            && (lower.contains("<p") || lower.contains("<div") || lower.contains("<article")))
}

/// Read a file's bytes as an article: HTML is extracted, plain text normalised.
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Article, InputError> {
    let s = std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        name: name.to_string(),
        at: e.valid_up_to(),
    })?;
    if is_binary(s) {
        return Err(InputError::Binary {
            name: name.to_string(),
        });
    }
    if looks_like_html(s) {
        return Ok(html::extract(s));
    }
    Ok(Article {
        text: normalize_text(s),
        ..Article::default()
    })
}

/// Many NULs or other control characters mean a binary file.
fn is_binary(s: &str) -> bool {
    let sample = &s.as_bytes()[..s.len().min(8192)];
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b))
        .count();
    sample.contains(&0) || ctrl * 20 > sample.len().max(1)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// Parse one JSONL batch line (`id`, `text` or `html`, `title`, `published`,
/// `source`, `url`). `line` is 1-based, for the error message.
pub fn from_jsonl_line(name: &str, line: usize, s: &str) -> Result<Article, InputError> {
    let bad = |message: String| InputError::BadLine {
        name: name.to_string(),
        line,
        message,
    };
    if !s.trim_start().starts_with('{') {
        return Err(bad(
            "not a JSON object (expected `{\"id\": …, \"text\": …}`)".into(),
        ));
    }
    let l: Line = serde_json::from_str(s)
        .map_err(|e| bad(format!("not a JSON object of an article: {e}")))?;
    let id = match l.id {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(bad("`id` must be a string or a number".into())),
    };
    let mut a = match (l.text, l.html) {
        (Some(t), None) => Article {
            text: normalize_text(&t),
            ..Article::default()
        },
        (None, Some(h)) => html::extract(&h),
        (Some(_), Some(_)) => return Err(bad("give `text` or `html`, not both".into())),
        (None, None) => return Err(bad("missing `text` (or `html`)".into())),
    };
    a.id = id;
    if l.title.is_some() {
        a.title = l.title;
    }
    if l.published.is_some() {
        a.published = l.published;
    }
    if l.source.is_some() {
        a.source = l.source;
    }
    if l.url.is_some() {
        a.url = l.url;
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines() {
        let a = from_jsonl_line(
            "in",
            1,
            r#"{"id": 7, "text": "Hi.", "published": "2025-01-02"}"#,
        )
        .unwrap();
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.published.as_deref(), Some("2025-01-02"));
        let e = from_jsonl_line("in", 3, r#"{"text": "x""#).unwrap_err();
        assert!(e.to_string().starts_with("in:3: "), "{e}");
        assert!(
            from_jsonl_line("in", 4, r#"{"title": "x"}"#)
                .unwrap_err()
                .to_string()
                .contains("missing `text`")
        );
        assert!(from_jsonl_line("in", 5, r#"{"text": "x", "bogus": 1}"#).is_err());
    }

    #[test]
    fn binary_and_utf8() {
        assert!(matches!(
            from_bytes("x", &[0x66, 0xff, 0x66]),
            Err(InputError::NotUtf8 { at: 1, .. })
        ));
        assert!(matches!(
            from_bytes("x", b"ab\x00cd"),
            Err(InputError::Binary { .. })
        ));
        assert_eq!(from_bytes("x", b"").unwrap().text, "");
    }
}
