//! Page metadata: title, source, canonical URL and publication date, from
//! meta tags, `<link rel=canonical>`, JSON-LD, `<time>` and `<title>`, in
//! one non-recursive pass over the DOM.

use dom_query::{Document, NodeRef};

use super::jsonld;
use super::tree::{self, Visitor};

/// Metadata found on a page, cleaned (entities decoded, whitespace
/// collapsed, dates normalised where possible).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// What the walk collects before any choice is made.
#[derive(Default)]
struct Raw {
    /// `(key, content)` of meta tags; key is the lower-cased `property`,
    /// `name` or `itemprop`. First occurrence wins on lookup.
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    jsonld: Vec<String>,
    /// `<time datetime>` inside a header inside `<article>`/`<main>`.
    header_time: Option<String>,
    /// `<time pubdate datetime>`.
    pubdate_time: Option<String>,
    /// Any element with `itemprop="datePublished"` outside `<meta>`.
    itemprop_date: Option<String>,
    article: usize,
    header: usize,
}

impl Raw {
    fn get(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

fn attr(node: NodeRef<'_>, name: &str) -> Option<String> {
    node.attr(name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl Visitor for Raw {
    fn enter(&mut self, node: NodeRef<'_>) -> bool {
        let Some(name) = tree::tag(node) else {
            return node.is_document() || node.is_fragment();
        };
        if let Some(p) = node.attr("itemprop")
            && p.trim().eq_ignore_ascii_case("datepublished")
            && &*name != "meta"
            && self.itemprop_date.is_none()
        {
            self.itemprop_date = attr(node, "datetime").or_else(|| attr(node, "content"));
        }
        match &*name {
            // Foreign content has its own <title>; templates are inert.
            "svg" | "math" | "template" | "style" | "noscript" => return false,
            "meta" => {
                if let Some(content) = node.attr("content") {
                    for key in ["property", "name", "itemprop"] {
                        if let Some(k) = node.attr(key) {
                            let k = k.trim().to_ascii_lowercase();
                            if !k.is_empty() {
                                self.metas.push((k, content.trim().to_string()));
                            }
                        }
                    }
                }
                return false;
            }
            "link" => {
                let rel = node.attr("rel").unwrap_or_default().to_ascii_lowercase();
                if self.canonical.is_none()
                    && rel.split_ascii_whitespace().any(|r| r == "canonical")
                {
                    self.canonical = attr(node, "href");
                }
                return false;
            }
            "title" => {
                if self.title.is_none() {
                    self.title = Some(tree::text_of(node));
                }
                return false;
            }
            "script" => {
                let ty = node.attr("type").unwrap_or_default().to_ascii_lowercase();
                if ty.contains("ld+json") {
                    self.jsonld.push(tree::text_of(node));
                }
                return false;
            }
            "h1" if self.h1.is_none() => self.h1 = Some(tree::text_of(node)),
            "article" | "main" => self.article += 1,
            "header" => self.header += 1,
            "time" => {
                let dt = attr(node, "datetime");
                if self.header_time.is_none() && self.article > 0 && self.header > 0 {
                    self.header_time.clone_from(&dt);
                }
                if self.pubdate_time.is_none() && node.has_attr("pubdate") {
                    self.pubdate_time = dt;
                }
            }
            _ => {}
        }
        true
    }

    fn leave(&mut self, node: NodeRef<'_>) {
        match tree::tag(node).as_deref() {
            Some("article" | "main") => self.article = self.article.saturating_sub(1),
            Some("header") => self.header = self.header.saturating_sub(1),
            _ => {}
        }
    }
}

/// Collapse whitespace runs to single spaces and trim; `None` if empty.
pub(crate) fn clean(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c.is_control()) {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Like [`clean`], for strings from JSON-LD, which the HTML parser did not
/// entity-decode.
fn clean_ld(s: &str) -> Option<String> {
    clean(&html_escape::decode_html_entities(s))
}

/// Drop a trailing (or leading) site name from a title: `Talks stall -
/// Kestrel Wire` → `Talks stall` when the site is `Kestrel Wire`.
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    const SEPS: [&str; 7] = [" - ", " | ", " – ", " — ", " · ", " :: ", " / "];
    for sep in SEPS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().eq_ignore_ascii_case(site)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && head.trim().eq_ignore_ascii_case(site)
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD` if `s` is an ISO 8601 date or timestamp (extended or basic
/// format). The date part is kept as written: time zones are not applied,
/// since the date the publisher printed is the one readers saw.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = b.get(r)?;
        if t.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(t).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d, rest) = if b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') {
        (digits(0..4)?, digits(5..7)?, digits(8..10)?, s.get(10..)?)
    } else {
        (digits(0..4)?, digits(4..6)?, digits(6..8)?, s.get(8..)?)
    };
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let rest = rest
        .strip_suffix("UTC")
        .or_else(|| rest.strip_suffix("GMT"))
        .unwrap_or(rest)
        .trim_end();
    let time_ok = rest.is_empty()
        || (rest
            .chars()
            .all(|c| c.is_ascii_digit() || ":.,+-TtZz ".contains(c))
            && match rest.as_bytes()[0] {
                b'T' | b't' | b' ' => rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit),
                b'Z' | b'z' | b'+' | b'-' => true,
                _ => false,
            });
    time_ok.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// First candidate that is an ISO date, normalised; failing that, the first
/// non-empty one as found (short enough to be a date at all).
fn pick_date<'a>(cands: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let cands: Vec<&str> = cands
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    cands
        .iter()
        .find_map(|c| iso_date(c))
        .or_else(|| cands.iter().find(|c| c.len() <= 64).and_then(|c| clean(c)))
}

/// First absolute http(s) URL among the candidates, else the first one.
fn pick_url<'a>(cands: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let cands: Vec<String> = cands.into_iter().flatten().filter_map(clean).collect();
    let absolute = |u: &&String| {
        let l = u.to_ascii_lowercase();
        l.starts_with("https://") || l.starts_with("http://")
    };
    cands.iter().find(absolute).or(cands.first()).cloned()
}

/// Collect the metadata of a parsed page.
pub(crate) fn collect(doc: &Document) -> Meta {
    let mut raw = Raw::default();
    tree::walk(doc.root(), &mut raw);
    let ld = jsonld::article(&raw.jsonld);

    let source = raw
        .get("og:site_name")
        .and_then(clean)
        .or_else(|| ld.publisher.as_deref().and_then(clean_ld))
        .or_else(|| raw.get("application-name").and_then(clean));

    let title = [
        raw.get("og:title").and_then(clean),
        raw.get("twitter:title").and_then(clean),
        ld.headline.as_deref().and_then(clean_ld),
        raw.title.as_deref().and_then(clean),
        raw.h1.as_deref().and_then(clean),
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site(&t, source.as_deref()))
    .find(|t| !t.is_empty());

    let url = pick_url([
        raw.canonical.as_deref(),
        raw.get("og:url"),
        ld.url.as_deref(),
        ld.main_entity.as_deref(),
    ]);

    let published = pick_date([
        raw.get("article:published_time"),
        ld.published.as_deref(),
        raw.header_time.as_deref(),
        raw.pubdate_time.as_deref(),
        raw.itemprop_date.as_deref(),
        raw.get("datepublished"),
        raw.get("date"),
        raw.get("pubdate"),
        raw.get("publishdate"),
        raw.get("publish-date"),
        raw.get("dc.date"),
        raw.get("dc.date.issued"),
        raw.get("dcterms.date"),
        raw.get("dcterms.issued"),
        raw.get("og:published_time"),
        raw.get("parsely-pub-date"),
        raw.get("sailthru.date"),
    ]);

    Meta {
        title,
        source,
        url,
        published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (s, want) in [
            ("2025-03-07", Some("2025-03-07")),
            ("2025-03-07T23:30:00-05:00", Some("2025-03-07")),
            ("2025-03-07T23:30:00.123Z", Some("2025-03-07")),
            ("2025-03-07 23:30 UTC", Some("2025-03-07")),
            ("20250307T101500Z", Some("2025-03-07")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2025-13-01", None),
            ("2025-03-07garbage", None),
            ("March 7, 2025", None),
            ("2025-03-0", None),
            ("", None),
            ("2025-03-07T", None),
        ] {
            assert_eq!(iso_date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site("Talks stall - Kestrel Wire", Some("kestrel wire")),
            "Talks stall"
        );
        assert_eq!(
            strip_site("Kestrel Wire | Talks stall", Some("Kestrel Wire")),
            "Talks stall"
        );
        assert_eq!(
            strip_site("Talks stall - Other", Some("Kestrel Wire")),
            "Talks stall - Other"
        );
        assert_eq!(strip_site("Talks - stall", None), "Talks - stall");
        assert_eq!(
            strip_site(" - Kestrel Wire", Some("Kestrel Wire")),
            " - Kestrel Wire"
        );
    }
}
