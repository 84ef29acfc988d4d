//! The shape of the text: one block per line, collapsed whitespace, decoded
//! entities, list items and headings on their own lines, headline first.

use sitrep_input::html::extract;

use crate::{assert_shape, lines, page};

/// A story laid out with nothing but divs and classes: no <article>,
/// <main>, <nav> or <footer> to lean on.
const DIV_SOUP: &str = r##"<!DOCTYPE html>
<html><head><title>Bridge reopens after repairs | Fenwick Herald</title>
<meta property="og:site_name" content="Fenwick Herald"></head>
<body>
<div id="masthead"><div class="logo">Fenwick Herald</div>
  <div class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/weather">Weather</a></div></div>
<div class="cookie-consent"><div>We use cookies. <a href="/ok">OK</a></div></div>
<div id="page">
  <div class="col-main">
    <div class="story-title"><h1>Bridge reopens after repairs</h1></div>
    <div class="story-content">
      <div>FENWICK, June 2 &ndash; The Copperbeck road bridge reopened to traffic on Sunday,
      three weeks after a barge struck one of its piers, the county council said.</div>
      <div>&quot;Inspectors signed the structure off on Saturday evening,&quot; said council
      engineer Priya Haldane.<br>Heavy goods vehicles remain barred until further notice.</div>
      <div class="ad-container"><div>Advertisement</div><div>Buy garden sheds now</div></div>
      <div>The barge operator, Tollgate Freight, said in a statement that its skipper had
      followed all navigation rules and rejected the council&#39;s claim for damages.</div>
    </div>
    <div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
  </div>
  <div class="col-side sidebar"><div class="most-popular"><div>Most popular</div>
    <div><a href="/1">Fete cancelled due to rain</a></div></div></div>
</div>
<div class="site-footer-links"><div class="copyright">Copyright Fenwick Herald</div></div>
<script>document.getElementById("page").dataset.t = Date.now();</script>
</body></html>"##;

#[test]
fn no_article_element() {
    let a = extract(DIV_SOUP);
    assert_shape(&a.text);
    assert_eq!(
        lines(&a),
        [
            "Bridge reopens after repairs",
            "FENWICK, June 2 – The Copperbeck road bridge reopened to traffic on Sunday, three \
             weeks after a barge struck one of its piers, the county council said.",
            "\"Inspectors signed the structure off on Saturday evening,\" said council engineer \
             Priya Haldane.",
            "Heavy goods vehicles remain barred until further notice.",
            "The barge operator, Tollgate Freight, said in a statement that its skipper had \
             followed all navigation rules and rejected the council's claim for damages.",
        ]
    );
    assert_eq!(a.title.as_deref(), Some("Bridge reopens after repairs"));
    assert_eq!(a.source.as_deref(), Some("Fenwick Herald"));
    assert_eq!(a.url, None);
    assert_eq!(a.published, None);
}

#[test]
fn fallback_drops_page_furniture() {
    // Nothing here for readability to score: the plain <body> rendering.
    let html = page(
        "<style>body { color: red }</style>",
        "<nav>Home News</nav><header>Site logo</header>\
         Loose text <b>with</b> <i>inline</i> markup\
         <aside>Side box</aside><form><label>Email</label><input></form>\
         <script>alert('x')</script><noscript>Enable JS</noscript>\
         <footer>Footer links</footer>",
    );
    let a = extract(&html);
    assert_eq!(a.text, "Loose text with inline markup");
}

#[test]
fn whitespace_and_entities() {
    let a = extract(&page(
        "",
        "<p>  Talks\n\t resumed&nbsp;&nbsp;on   Friday &amp; ended&#8212;briefly&#x2E; </p>\
         <p>a&lt;b&gt;c &quot;q&quot; &copy; caf&eacute;\u{200b}s</p>",
    ));
    assert_eq!(
        lines(&a),
        [
            "Talks resumed on Friday & ended—briefly.",
            "a<b>c \"q\" © cafés"
        ]
    );
}

#[test]
fn blocks_lists_and_headings() {
    let a = extract(&page(
        "",
        "<article><h2>First heading</h2><p>One <span>inline</span> paragraph.</p>\
         <h3>Second heading</h3><ul><li>alpha</li><li><p>beta</p></li><li></li>\
         <li>gamma<ul><li>nested</li></ul></li></ul>\
         <ol><li>first</li><li>second</li></ol>\
         <blockquote>Quoted words.</blockquote><p>Line one<br>line two<br><br>line three</p>\
         <dl><dt>Term</dt><dd>Definition</dd></dl><hr><pre>keep\nthese  lines</pre></article>",
    ));
    assert_shape(&a.text);
    assert_eq!(
        lines(&a),
        [
            "First heading",
            "One inline paragraph.",
            "Second heading",
            "- alpha",
            "- beta",
            "- gamma",
            "- nested",
            "- first",
            "- second",
            "Quoted words.",
            "Line one",
            "line two",
            "line three",
            "Term",
            "Definition",
            "keep",
            "these lines",
        ]
    );
}

#[test]
fn headline_goes_first_once() {
    let og = "<meta property=\"og:title\" content=\"Mill to close in spring\">";
    let para = "<p>The Eastholm paper mill will close in April, its owner said on Tuesday, \
                ending 90 years of production in the town.</p>";
    // Body without the headline: it is added.
    let a = extract(&page(og, &format!("<article>{para}</article>")));
    assert_eq!(lines(&a)[0], "Mill to close in spring");
    assert_eq!(lines(&a).len(), 2);
    // Body starting with it: not repeated.
    let a = extract(&page(
        og,
        &format!("<article><h1>Mill to close in spring</h1>{para}</article>"),
    ));
    assert_eq!(lines(&a)[0], "Mill to close in spring");
    assert_eq!(lines(&a).len(), 2, "{}", a.text);
    // Behind a kicker: moved up, not repeated.
    let a = extract(&page(
        og,
        &format!("<article><p>Business</p><h1>Mill to close in spring</h1>{para}</article>"),
    ));
    assert_eq!(lines(&a)[0], "Mill to close in spring");
    assert_eq!(
        a.text.matches("Mill to close in spring").count(),
        1,
        "{}",
        a.text
    );
}

#[test]
fn hidden_and_aria_hidden_content_is_dropped() {
    let a = extract(&page(
        "",
        "<article><p>Visible paragraph of the story, long enough to be content.</p>\
         <p hidden>Hidden one</p><p aria-hidden=\"true\">Aria hidden</p>\
         <div style=\"display: none\">Styled away</div><template><p>Inert</p></template>\
         <p>Another visible paragraph.</p></article>",
    ));
    assert_eq!(
        lines(&a),
        [
            "Visible paragraph of the story, long enough to be content.",
            "Another visible paragraph."
        ]
    );
}

#[test]
fn empty_inputs() {
    for s in [
        "",
        "   ",
        "<html></html>",
        "<p></p>",
        "<!-- only a comment -->",
        "<script>x()</script>",
    ] {
        let a = extract(s);
        assert_eq!(a.text, "", "{s:?}");
        assert_eq!(a.title, None);
    }
}

#[test]
fn control_characters_and_crlf() {
    let a = extract("<p>one\r\ntwo\u{1}three\u{7f}</p>\r\n<p>\u{feff}four</p>");
    assert_eq!(lines(&a), ["one two three", "four"]);
}
