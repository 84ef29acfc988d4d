//! DOM → plain text, one paragraph per line. The pipeline reads each line as
//! a paragraph and a short unpunctuated line as a heading, so block elements
//! become line breaks, inline whitespace collapses to single spaces, and
//! list items get a `- ` prefix. Page furniture (navigation, forms, adverts,
//! share bars, cookie banners, hidden elements) is skipped on the way.

use dom_query::{Document, NodeData, NodeRef};

use super::tree::{self, Visitor};

/// Builds the text line by line; linear in the input.
#[derive(Default)]
pub(crate) struct Lines {
    out: String,
    /// Byte offset in `out` where the last finished line starts.
    last_start: usize,
    line: String,
    space: bool,
    prefix: Option<&'static str>,
    sep: Option<&'static str>,
}

impl Lines {
    /// Append inline text, collapsing whitespace; `pre` keeps line breaks.
    pub(crate) fn text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if pre && c == '\n' {
                self.brk();
            } else if c.is_whitespace() || c.is_control() {
                self.space = !self.line.is_empty();
            } else if !matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{2060}') {
                // Zero-width space, BOM, soft hyphen and word joiner are
                // invisible on the page and would split or glue tokens.
                if self.line.is_empty() {
                    if let Some(p) = self.prefix.take() {
                        self.line.push_str(p);
                    }
                } else if let Some(sep) = self.sep.take() {
                    self.line.push_str(sep);
                } else if self.space {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    /// End the current line, if it has any text.
    pub(crate) fn brk(&mut self) {
        self.space = false;
        self.sep = None;
        if self.line.is_empty() {
            return;
        }
        let line = std::mem::take(&mut self.line);
        // Readability output sometimes repeats a heading; a line equal to
        // the previous one adds nothing.
        if !self.out.is_empty() && self.out[self.last_start..] == *line {
            return;
        }
        if is_boilerplate_line(&line) {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.last_start = self.out.len();
        self.out.push_str(&line);
        self.line = line;
        self.line.clear();
    }

    /// Start a list item: its first text gets `- `.
    pub(crate) fn item(&mut self) {
        self.brk();
        self.prefix = Some("- ");
    }

    /// Drop an unused list prefix (an item without text).
    pub(crate) fn end_item(&mut self) {
        self.brk();
        self.prefix = None;
    }

    /// A table cell boundary: cells of one row share a line.
    pub(crate) fn cell(&mut self) {
        if !self.line.is_empty() {
            self.sep = Some(" | ");
        }
    }

    /// Finish and return the text.
    pub(crate) fn finish(mut self) -> String {
        self.brk();
        self.out
    }
}

/// Labels that ad slots and skip links leave behind as whole lines.
fn is_boilerplate_line(line: &str) -> bool {
    const LABELS: [&str; 5] = [
        "advertisement",
        "sponsored",
        "skip to content",
        "skip to main content",
        "- advertisement",
    ];
    line.len() <= 24 && LABELS.iter().any(|l| line.eq_ignore_ascii_case(l))
}

/// Elements whose content is never article text.
pub(crate) fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "img"
            | "picture"
            | "source"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "form"
            | "nav"
            | "aside"
            | "footer"
            | "dialog"
            | "menu"
    )
}

/// Elements that start and end a line.
pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "hgroup"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "caption"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "pre"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "fieldset"
            | "legend"
            | "body"
            | "html"
            | "hr"
            | "br"
    )
}

/// True if a class or id token names page furniture rather than content.
fn is_junk_token(t: &str) -> bool {
    const PARTS: [&str; 20] = [
        "cookie",
        "consent",
        "gdpr",
        "advert",
        "sponsor",
        "newsletter",
        "paywall",
        "outbrain",
        "taboola",
        "social",
        "share",
        "sharing",
        "breadcrumb",
        "sidebar",
        "related",
        "promo",
        "subscribe",
        "popup",
        "banner",
        "comments",
    ];
    let t = t.to_ascii_lowercase();
    matches!(t.as_str(), "ad" | "ads" | "adslot" | "adunit" | "dfp")
        || ["ad-", "ad_", "ads-", "ads_"]
            .iter()
            .any(|p| t.starts_with(p))
        || ["-ad", "_ad", "-ads", "_ads"]
            .iter()
            .any(|s| t.ends_with(s))
        || t.contains("-ad-")
        || PARTS.iter().any(|p| t.contains(p))
}

/// ARIA roles of page furniture.
fn is_junk_role(role: &str) -> bool {
    role.split_ascii_whitespace().any(|r| {
        matches!(
            r,
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "search"
                | "menu"
                | "menubar"
        )
    })
}

/// What the renderer needs to know about one element, read in one borrow.
struct Info {
    name: dom_query::LocalName,
    hidden: bool,
    junk: bool,
}

fn info(node: NodeRef<'_>) -> Option<Info> {
    node.query(|n| {
        let NodeData::Element(e) = &n.data else {
            return None;
        };
        let mut hidden = false;
        let mut junk = false;
        for a in &e.attrs {
            let v: &str = &a.value;
            match &*a.name.local {
                "hidden" => hidden = true,
                "aria-hidden" => hidden |= v.trim().eq_ignore_ascii_case("true"),
                "style" => {
                    let s: String = v
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .map(|c| c.to_ascii_lowercase())
                        .collect();
                    hidden |= s.contains("display:none") || s.contains("visibility:hidden");
                }
                "class" => junk |= v.split_ascii_whitespace().any(is_junk_token),
                "id" => junk |= is_junk_token(v.trim()),
                "role" => junk |= is_junk_role(&v.to_ascii_lowercase()),
                _ => {}
            }
        }
        Some(Info {
            name: e.name.local.clone(),
            hidden,
            junk,
        })
    })
    .flatten()
}

struct Render<'a> {
    lines: Lines,
    root: NodeRef<'a>,
    pre: usize,
    /// Depth of `<article>`/`<main>` ancestors: a header there is the
    /// story's own (headline, dateline), not the site's.
    article: usize,
    /// Junk filtering on; switched off when it would leave nothing.
    filter: bool,
}

impl Visitor for Render<'_> {
    fn enter(&mut self, node: NodeRef<'_>) -> bool {
        if node.is_text() {
            let pre = self.pre > 0;
            node.query(|n| {
                if let NodeData::Text { contents } = &n.data {
                    self.lines.text(contents, pre);
                }
            });
            return false;
        }
        let Some(el) = info(node) else {
            // Document and fragment roots hold the content; comments,
            // doctypes and processing instructions do not.
            return node.is_document() || node.is_fragment();
        };
        let name: &str = &el.name;
        if is_skipped(name) || el.hidden {
            return false;
        }
        // Outside an article, a header is the site's (logo, tagline); the
        // story's own header only repeats the headline and byline.
        if name == "header" && self.article == 0 {
            return false;
        }
        let structural = matches!(name, "html" | "body" | "article" | "main");
        if self.filter && el.junk && !structural && node.id != self.root.id {
            return false;
        }
        match name {
            "br" | "hr" => {
                self.lines.brk();
                return false;
            }
            "li" => self.lines.item(),
            "td" | "th" => self.lines.cell(),
            "pre" => {
                self.lines.brk();
                self.pre += 1;
            }
            "article" | "main" => {
                self.lines.brk();
                self.article += 1;
            }
            n if is_block(n) => self.lines.brk(),
            _ => {}
        }
        true
    }

    fn leave(&mut self, node: NodeRef<'_>) {
        let Some(name) = tree::tag(node) else {
            return;
        };
        match &*name {
            "li" => self.lines.end_item(),
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.lines.brk();
            }
            "article" | "main" => {
                self.article = self.article.saturating_sub(1);
                self.lines.brk();
            }
            n if is_block(n) => self.lines.brk(),
            _ => {}
        }
    }
}

/// Render `root` and its descendants as lines.
pub(crate) fn render(root: NodeRef<'_>) -> String {
    let run = |filter| {
        let mut r = Render {
            lines: Lines::default(),
            root,
            pre: 0,
            article: 0,
            filter,
        };
        tree::walk(root, &mut r);
        r.lines.finish()
    };
    let text = run(true);
    if text.is_empty() { run(false) } else { text }
}

/// The fallback when readability finds nothing: the whole `<body>`, minus
/// furniture.
pub(crate) fn page(doc: &Document) -> String {
    match doc.body() {
        Some(body) => render(body),
        None => render(doc.root()),
    }
}
