//! JSON-LD (`<script type="application/ld+json">`): the first article-typed
//! object anywhere in the blocks — top level, in lists, in `@graph`, nested
//! under a `WebPage` — gives headline, date, URL and publisher. Publishers
//! given as `{"@id": ...}` references are resolved against the other objects.
//! Blocks that do not parse are ignored.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// What the JSON-LD says about the article. Strings are raw (not yet
/// entity-decoded or whitespace-collapsed).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub main_entity: Option<String>,
    pub publisher: Option<String>,
}

/// Parse a block leniently: comment and CDATA wrappers, a trailing `;`, and
/// raw control characters inside strings (invalid JSON, common in CMS
/// output) are tolerated.
fn parse_block(s: &str) -> Option<Value> {
    let mut s = s.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let s = s.trim_end_matches(';').trim_end();
    serde_json::from_str(s).ok().or_else(|| {
        let cleaned: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// `@type` names an article: `NewsArticle`, `Article`, `ReportageNews`,
/// their news subtypes, or a blog post. Prefixes such as `schema:` or a
/// full schema.org URL are ignored.
fn is_article_type(t: &Value) -> bool {
    let one = |s: &str| {
        let s = s.rsplit(['/', ':', '#']).next().unwrap_or(s);
        s == "Article"
            || s == "ReportageNews"
            || s.ends_with("NewsArticle")
            || s == "BlogPosting"
            || s == "LiveBlogPosting"
            || s == "Report"
    };
    match t {
        Value::String(s) => one(s),
        Value::Array(a) => a.iter().any(|v| v.as_str().is_some_and(one)),
        _ => false,
    }
}

/// A string, or the first string of an array.
fn first_str(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::String(s) => Some(s.as_str()),
        Value::Array(a) => a.iter().find_map(Value::as_str),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// A URL given as a string or as an object with `@id` / `url`.
fn url_of(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::Object(m) => first_str(m.get("url")).or_else(|| first_str(m.get("@id"))),
        other => first_str(Some(other)),
    }
}

/// The publisher's name: inline, behind an `@id` reference, or the first
/// of a list that has one.
fn publisher_name<'a>(
    v: Option<&'a Value>,
    ids: &HashMap<&str, &'a Map<String, Value>>,
) -> Option<&'a str> {
    let obj_name = |m: &'a Map<String, Value>| {
        first_str(m.get("name")).or_else(|| {
            let id = m.get("@id")?.as_str()?;
            first_str(ids.get(id)?.get("name"))
        })
    };
    match v? {
        Value::Object(m) => obj_name(m),
        Value::Array(a) => a.iter().find_map(|v| v.as_object().and_then(obj_name)),
        Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

/// Article metadata from the text of all JSON-LD blocks on a page.
pub(crate) fn article(blocks: &[String]) -> LdArticle {
    let values: Vec<Value> = blocks.iter().filter_map(|b| parse_block(b)).collect();
    // Depth-first over every object, in document order, without recursion;
    // serde_json already caps nesting at 128 levels.
    let mut ids: HashMap<&str, &Map<String, Value>> = HashMap::new();
    let mut articles: Vec<&Map<String, Value>> = Vec::new();
    let mut stack: Vec<&Value> = values.iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(id) = m.get("@id").and_then(Value::as_str)
                    && m.len() > 1
                {
                    ids.entry(id).or_insert(m);
                }
                if m.get("@type").is_some_and(is_article_type) {
                    articles.push(m);
                }
                stack.extend(m.values().rev().filter(|c| c.is_object() || c.is_array()));
            }
            Value::Array(a) => {
                stack.extend(a.iter().rev().filter(|c| c.is_object() || c.is_array()));
            }
            _ => {}
        }
    }
    let Some(a) = articles.first() else {
        return LdArticle::default();
    };
    let own = |k: &str| first_str(a.get(k)).map(str::to_string);
    LdArticle {
        headline: own("headline").or_else(|| own("name")),
        published: own("datePublished"),
        url: url_of(a.get("url")).map(str::to_string),
        main_entity: url_of(a.get("mainEntityOfPage")).map(str::to_string),
        publisher: publisher_name(a.get("publisher"), &ids).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_references() {
        let block = r##"{"@context": "https://schema.org", "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Kestrel Wire"},
            {"@type": "WebPage", "@id": "https://x.test/a", "name": "page"},
            {"@type": ["NewsArticle"], "headline": "H", "datePublished": "2024-05-06T07:08:09Z",
             "mainEntityOfPage": {"@id": "https://x.test/a"}, "publisher": {"@id": "#org"}}
        ]}"##;
        let a = article(&[block.to_string()]);
        assert_eq!(a.headline.as_deref(), Some("H"));
        assert_eq!(a.published.as_deref(), Some("2024-05-06T07:08:09Z"));
        assert_eq!(a.main_entity.as_deref(), Some("https://x.test/a"));
        assert_eq!(a.publisher.as_deref(), Some("Kestrel Wire"));
        assert_eq!(a.url, None);
    }

    #[test]
    fn lists_wrappers_and_junk() {
        let blocks = [
            "{not json".to_string(),
            "<!-- [{\"@type\": \"BreadcrumbList\"}, {\"@type\": \"schema:ReportageNews\",\n\
             \"headline\": \"Line\nbreak\", \"publisher\": [{\"name\": \"P\"}]}]; -->"
                .to_string(),
        ];
        let a = article(&blocks);
        assert_eq!(a.headline.as_deref(), Some("Line break"));
        assert_eq!(a.publisher.as_deref(), Some("P"));
        assert_eq!(article(&["[]".into(), "3".into()]), LdArticle::default());
    }
}
