//! HTML pages: main text through a readability port, metadata from meta tags
//! and JSON-LD. (Minimal version; see the HTML task.)

use crate::Article;

/// Extract the article from an HTML page.
pub fn extract(html: &str) -> Article {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Article {
        text: crate::normalize_text(out.trim()),
        ..Article::default()
    }
}
