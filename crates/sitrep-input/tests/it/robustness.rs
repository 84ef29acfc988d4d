//! Hostile input: nothing panics, overflows the stack or takes long, and
//! script content never leaks into the text.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use sitrep_input::html::extract;

use crate::assert_shape;

/// Run on a thread with a small stack: rayon workers and test threads get
/// 2 MiB, so passing on 256 KiB leaves a wide margin.
fn on_small_stack(html: String) -> sitrep_input::Article {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || extract(&html))
        .unwrap()
        .join()
        .expect("extract panicked or overflowed")
}

/// Pieces of tag soup: fragments of real markup, deliberately unbalanced.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>"),
        Just("</div>"),
        Just("<p>"),
        Just("</p>"),
        Just("<span class=\"ad\">"),
        Just("</span>"),
        Just("<ul><li>"),
        Just("</li>"),
        Just("<table><tr><td>"),
        Just("<h2>"),
        Just("</h2>"),
        Just("<br>"),
        Just("<b><i></b></i>"),
        Just("<article>"),
        Just("</article>"),
        Just("<header>"),
        Just("<nav>"),
        Just("<svg><title>t</title>"),
        Just("<select><option>"),
        Just("<title>T</title>"),
        Just("<meta property=\"og:title\" content=\"X\">"),
        Just("<link rel=canonical href=/c>"),
        Just("<time datetime=\"2025-01-01\">"),
        Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"),
        Just("</script>"),
        Just("<style>"),
        Just("<!--"),
        Just("-->"),
        Just("<![CDATA["),
        Just("&amp;"),
        Just("&"),
        Just("&#0;"),
        Just("&#x110000;"),
        Just("<"),
        Just(">"),
        Just("\""),
        Just("<div class=\"x"),
        Just("<a href=\"/x\">"),
        Just("</a>"),
        Just("\u{0}"),
        Just("\r\n"),
        Just("Some words of text. "),
        Just("Käse, 東京, مرحبا. "),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string(s in any::<String>()) {
        let a = extract(&s);
        assert_shape(&a.text);
    }

    #[test]
    fn any_tag_soup(s in soup()) {
        let a = extract(&s);
        assert_shape(&a.text);
        if let Some(t) = &a.title {
            prop_assert!(!t.contains('\n') && t == t.trim() && !t.is_empty());
        }
    }

    #[test]
    fn any_bytes(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(a) = sitrep_input::from_bytes("fuzz.html", &b) {
            prop_assert!(!a.text.contains('\r'));
        }
    }

    #[test]
    fn html_looking_bytes(s in soup(), tail in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut b = b"<!DOCTYPE html><html><body>".to_vec();
        b.extend_from_slice(s.as_bytes());
        b.extend_from_slice(&tail);
        let _ = sitrep_input::from_bytes("page.html", &b);
    }

    #[test]
    fn script_content_never_leaks(before in soup(), after in soup(), words in "[a-z ]{0,40}") {
        // `">` ends any tag or attribute value the soup left open, so the
        // script really is a script (or inside a comment or raw-text
        // element, which is fine too).
        let html = format!("{before}\"><script>var SCRIPTMARK = '{words}</p>';</script>{after}\
                            \"><script type=\"text/javascript\">SCRIPTMARK()</script>");
        let a = extract(&html);
        prop_assert!(!a.text.contains("SCRIPTMARK"), "{}", a.text);
    }
}

#[test]
fn script_content_in_odd_places() {
    for html in [
        "<p>a<script>SCRIPTMARK</script>b</p>",
        "<p>a<SCRIPT>SCRIPTMARK</SCRIPT>b</p>",
        "<p>a<script>SCRIPTMARK",
        "<p>a<script><!--SCRIPTMARK</script>-->b</p>",
        "<table><tr><td>a</td><script>SCRIPTMARK</script></tr></table>",
        "<svg><script>SCRIPTMARK</script></svg><p>a</p>",
        "<p>a</p></body></html><script>SCRIPTMARK</script>",
        "<noscript><script>SCRIPTMARK</script></noscript><p>a</p>",
    ] {
        let a = extract(html);
        assert!(!a.text.contains("SCRIPTMARK"), "{html:?} → {:?}", a.text);
        assert!(a.text.contains('a'), "{html:?} → {:?}", a.text);
    }
    let deep = format!(
        "{}<p>a</p><script>SCRIPTMARK</script>",
        "<div>".repeat(10_000)
    );
    assert!(!on_small_stack(deep).text.contains("SCRIPTMARK"));
}

#[test]
fn unclosed_and_stray_tags() {
    for (html, want) in [
        ("<p>unclosed <b>bold <i>italic", "unclosed bold italic"),
        ("</div></p></span>text</li>", "text"),
        ("<p>one<p>two<p>three", "one\ntwo\nthree"),
        (
            "<div class=\"a>b\">quoted &gt; bracket</div>",
            "quoted > bracket",
        ),
        ("<p>before<!-- never closed", "before"),
        ("<p>a < b and c > d</p>", "a < b and c > d"),
        ("<ul><li>one<li>two</ul>", "- one\n- two"),
    ] {
        assert_eq!(extract(html).text, want, "{html:?}");
    }
}

#[test]
fn deep_nesting_does_not_overflow_or_crawl() {
    let cases = [
        ("div", "<div>", 10_000),
        ("div-100k", "<div>", 100_000),
        ("div-just-below-scan-limit", "<div>", 999),
        ("div-above-readability-limit", "<div>", 300),
        ("span", "<span>", 900),
        ("b", "<b>", 10_000),
        ("lists", "<ul><li>x", 5_000),
        ("tables", "<table><tr><td>x", 2_000),
        ("blockquote", "<blockquote>", 20_000),
        ("misnested", "<b><i></b></i>", 5_000),
        ("font-p", "<font><p>x", 900),
    ];
    for (name, open, n) in cases {
        let html = format!("{}<p>deep words</p>", open.repeat(n));
        let t = Instant::now();
        let a = on_small_stack(html);
        assert!(a.text.ends_with("deep words"), "{name}: {:?}", &a.text);
        assert_shape(&a.text);
        // Generous for a loaded debug build; quadratic blow-ups take minutes.
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{name}: {:?}",
            t.elapsed()
        );
    }
    // Closed again, with the article's text after the deep part.
    let html = format!(
        "{}deep{}<p>after the tower</p>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    assert_eq!(on_small_stack(html).text, "deep\nafter the tower");
}

#[test]
fn large_page_is_fast() {
    let page = include_str!("../../../../examples/html/ceasefire-talks.html");
    let (head, rest) = page.split_once("<div class=\"story-body\">").unwrap();
    let (body, tail) = rest.split_once("</div>\n  </article>").unwrap();
    let mut big = format!("{head}<div class=\"story-body\">");
    let mut i = 0;
    while big.len() < 100_000 {
        big.push_str(body);
        big.push_str("<div class=\"links\">");
        for _ in 0..20 {
            i += 1;
            big.push_str(&format!("<a href=\"/more/{i}\">More coverage {i}</a> "));
        }
        big.push_str("</div>");
    }
    big.push_str("</div>\n  </article>");
    big.push_str(tail);
    let t = Instant::now();
    let a = extract(&big);
    let took = t.elapsed();
    assert!(a.text.lines().count() > 100);
    assert!(!a.text.contains("SECRET_SCRIPT_TEXT"));
    // Release builds take a few ms; this bound only catches blow-ups in a
    // debug build on a busy machine.
    assert!(took < Duration::from_secs(2), "{took:?}");
}

// `looks_like_html` (lib.rs) cuts its sniffing window at byte 1024 with a
// plain slice, which panics when a multi-byte character straddles it.
// Un-ignore both once that slice backs off to a char boundary.

#[test]
fn from_bytes_multibyte_at_sniff_limit() {
    for pad in 1018..1026 {
        let page = format!("<p>{}é東京</p>", "a".repeat(pad));
        let a = sitrep_input::from_bytes("x.html", page.as_bytes()).unwrap();
        assert!(a.text.ends_with("é東京"));
    }
}

proptest! {
    #[test]
    fn any_utf8_through_from_bytes(s in "<p>[a-zé東 ]{300,1500}") {
        let _ = sitrep_input::from_bytes("x.html", s.as_bytes());
    }
}
