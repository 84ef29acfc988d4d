//! A linear tag scanner for pages the DOM path must not touch. html5ever's
//! tree builder gets quadratic on deep nesting (scope checks walk the stack
//! of open elements) and the selector code in `dom_query`/`dom_smoothie`
//! recurses per level, so a page nested thousands of elements deep is first
//! spotted here, cheaply, and then rendered here without building a tree.

use std::borrow::Cow;

use super::render::{Lines, is_block};

/// One lexical piece of an HTML string. Names keep their original case.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Character data between tags (entities not yet decoded).
    Text(&'a str),
    /// A start tag.
    Start(&'a str),
    /// An end tag.
    End(&'a str),
    /// A raw-text element (`script`, `style`, `title`, ...) and its content.
    Raw(&'a str, &'a str),
}

/// Elements whose content the parser does not treat as markup.
fn is_raw_text(name: &str) -> bool {
    [
        "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
    ]
    .iter()
    .any(|r| name.eq_ignore_ascii_case(r))
}

/// Iterator over [`Token`]s; never backtracks, so it is linear.
pub(crate) struct Tokenizer<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Self { s, i: 0 }
    }

    /// Byte index just past the next `pat` at or after `from`, or the end.
    fn past(&self, from: usize, pat: &str) -> usize {
        match self.s.get(from..).and_then(|r| r.find(pat)) {
            Some(p) => from + p + pat.len(),
            None => self.s.len(),
        }
    }

    /// End of a tag name starting at `from`.
    fn name_end(&self, from: usize) -> usize {
        let b = self.s.as_bytes();
        let mut j = from;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        j
    }

    /// Index past the `>` closing a start tag whose attributes begin at
    /// `from`; a `>` inside a quoted attribute value does not count.
    fn tag_end(&self, from: usize) -> usize {
        let b = self.s.as_bytes();
        let mut quote: Option<u8> = None;
        let mut after_eq = false;
        let mut j = from;
        while j < b.len() {
            let c = b[j];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'>' => return j + 1,
                None if (c == b'"' || c == b'\'') && after_eq => {
                    quote = Some(c);
                    after_eq = false;
                }
                None if c == b'=' => after_eq = true,
                None if !c.is_ascii_whitespace() => after_eq = false,
                None => {}
            }
            j += 1;
        }
        b.len()
    }

    /// Start of the `</name` that closes a raw-text element, searching from
    /// `from`, or the end of input.
    fn raw_close(&self, from: usize, name: &str) -> usize {
        let b = self.s.as_bytes();
        let mut k = from;
        while let Some(p) = self.s.get(k..).and_then(|r| r.find("</")) {
            let at = k + p;
            let n = at + 2;
            let end = n + name.len();
            if b.get(n..end)
                .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
                && !b.get(end).is_some_and(u8::is_ascii_alphanumeric)
            {
                return at;
            }
            k = n;
        }
        b.len()
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.s;
        let b = s.as_bytes();
        loop {
            if self.i >= s.len() {
                return None;
            }
            let i = self.i;
            let lt = match s[i..].find('<') {
                Some(p) => i + p,
                None => {
                    self.i = s.len();
                    return Some(Token::Text(&s[i..]));
                }
            };
            if lt > i {
                self.i = lt;
                return Some(Token::Text(&s[i..lt]));
            }
            let rest = &s[i..];
            let next = b.get(i + 1).copied().unwrap_or(0);
            if rest.starts_with("<!--") {
                self.i = self.past(i + 4, "-->");
            } else if next == b'!' || next == b'?' {
                self.i = self.past(i + 2, ">");
            } else if next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
                let end = self.name_end(i + 2);
                self.i = self.past(end, ">");
                return Some(Token::End(&s[i + 2..end]));
            } else if next.is_ascii_alphabetic() {
                let end = self.name_end(i + 1);
                let name = &s[i + 1..end];
                self.i = self.tag_end(end);
                if is_raw_text(name) {
                    let start = self.i;
                    let close = self.raw_close(start, name);
                    self.i = self.past(close, ">");
                    return Some(Token::Raw(name, &s[start..close]));
                }
                return Some(Token::Start(name));
            } else {
                // A lone `<` is text, as in browsers.
                self.i = i + 1;
                return Some(Token::Text("<"));
            }
        }
    }
}

/// Lower-case a short ASCII tag name into `buf`; longer or non-ASCII names
/// (custom elements) are none of the names we look for.
fn lower<'b>(name: &str, buf: &'b mut [u8; 16]) -> &'b str {
    if name.len() > buf.len() || !name.is_ascii() {
        return "";
    }
    let out = &mut buf[..name.len()];
    out.copy_from_slice(name.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}

/// Elements that may nest without adding depth: void elements, and those
/// whose end tag is optional (the parser closes them implicitly).
fn adds_no_depth(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Rough nesting depth check: true once more than `limit` elements are open.
/// Counts start tags minus end tags, ignoring elements that close
/// implicitly; it overestimates only on sloppy markup, which is then simply
/// rendered by [`render`] instead of through the DOM.
pub(crate) fn deeper_than(html: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    let mut buf = [0u8; 16];
    for t in Tokenizer::new(html) {
        match t {
            Token::Start(n) if !adds_no_depth(lower(n, &mut buf)) => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Token::End(n) if !adds_no_depth(lower(n, &mut buf)) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    false
}

/// Elements whose whole content is page furniture.
fn is_furniture(name: &str) -> bool {
    matches!(
        name,
        "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "svg"
            | "math"
            | "select"
            | "button"
            | "object"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "dialog"
            | "menu"
            | "template"
            | "head"
    )
}

fn decode(s: &str) -> Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Text and `<title>` of a page, by tag scanning alone.
pub(crate) fn render(html: &str) -> (String, Option<String>) {
    let mut lines = Lines::default();
    let mut title = None;
    let mut skip = 0usize;
    let mut buf = [0u8; 16];
    for t in Tokenizer::new(html) {
        match t {
            Token::Text(t) if skip == 0 => lines.text(&decode(t), false),
            Token::Text(_) => {}
            Token::Raw(n, content) => {
                if title.is_none() && n.eq_ignore_ascii_case("title") {
                    let mut l = Lines::default();
                    l.text(&decode(content), false);
                    title = Some(l.finish()).filter(|t| !t.is_empty());
                }
            }
            Token::Start(n) => {
                let n = lower(n, &mut buf);
                if is_furniture(n) {
                    skip += 1;
                } else if skip == 0 {
                    match n {
                        "li" => lines.item(),
                        "td" | "th" => lines.cell(),
                        n if is_block(n) => lines.brk(),
                        _ => {}
                    }
                }
            }
            Token::End(n) => {
                let n = lower(n, &mut buf);
                if is_furniture(n) {
                    skip = skip.saturating_sub(1);
                } else if skip == 0 {
                    match n {
                        "li" => lines.end_item(),
                        n if is_block(n) => lines.brk(),
                        _ => {}
                    }
                }
            }
        }
    }
    (lines.finish(), title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t: Vec<_> =
            Tokenizer::new("a<p class='x>y'>b</P><!-- c --><script>if (a<b) x()</script>< d")
                .collect();
        assert_eq!(
            t,
            [
                Token::Text("a"),
                Token::Start("p"),
                Token::Text("b"),
                Token::End("P"),
                Token::Raw("script", "if (a<b) x()"),
                Token::Text("<"),
                Token::Text(" d"),
            ]
        );
    }

    #[test]
    fn depth() {
        let deep = "<div>".repeat(50);
        assert!(deeper_than(&deep, 40));
        assert!(!deeper_than(&deep, 50));
        assert!(!deeper_than(&"<p>x".repeat(500), 10));
        assert!(!deeper_than(&"<div>x</div>".repeat(500), 10));
    }

    #[test]
    fn strips() {
        let (text, title) = render(
            "<title>T &amp; U</title><nav>Menu</nav><div><h1>Head</h1><p>One &lt;two&gt;</p>\
             <ul><li>a<li>b</ul></div><script>secret()</script>",
        );
        assert_eq!(text, "Head\nOne <two>\n- a\n- b");
        assert_eq!(title.as_deref(), Some("T & U"));
    }
}
