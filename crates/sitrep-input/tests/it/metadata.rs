//! Metadata: which source wins for each field, JSON-LD in all its shapes,
//! and date normalisation.

use sitrep_input::html::extract;

use crate::{lines, page};

const BODY: &str = "<article><p>The harbour board met on Friday and approved the budget \
                    after a short debate, a spokesman said.</p></article>";

fn ld(json: &str) -> String {
    format!("<script type=\"application/ld+json\">{json}</script>")
}

#[test]
fn title_precedence() {
    let og = "<meta property=\"og:title\" content=\"From og\">";
    let tw = "<meta name=\"twitter:title\" content=\"From twitter\">";
    let json =
        ld(r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"From ld"}"#);
    let title = "<title>From title | Lark Gazette</title>";
    let site = "<meta property=\"og:site_name\" content=\"Lark Gazette\">";
    let title_of = |head: String| extract(&page(&head, BODY)).title;
    assert_eq!(
        title_of(format!("{title}{json}{tw}{og}{site}")).as_deref(),
        Some("From og")
    );
    assert_eq!(
        title_of(format!("{title}{json}{tw}{site}")).as_deref(),
        Some("From twitter")
    );
    assert_eq!(
        title_of(format!("{title}{json}{site}")).as_deref(),
        Some("From ld")
    );
    assert_eq!(
        title_of(format!("{title}{site}")).as_deref(),
        Some("From title")
    );
    // The suffix goes only when it is the site's name.
    assert_eq!(
        title_of(title.to_string()).as_deref(),
        Some("From title | Lark Gazette")
    );
    let other = "<meta property=\"og:site_name\" content=\"Other\">";
    assert_eq!(
        title_of(format!("{title}{other}")).as_deref(),
        Some("From title | Lark Gazette")
    );
    assert_eq!(
        title_of(format!("<title>Lark Gazette - From title</title>{site}")).as_deref(),
        Some("From title")
    );
    // Only a <h1> left.
    let a = extract(&page(
        "",
        "<article><h1>Board &amp; budget</h1><p>Text here.</p></article>",
    ));
    assert_eq!(a.title.as_deref(), Some("Board & budget"));
    assert_eq!(lines(&a)[0], "Board & budget");
    assert_eq!(extract(&page("", BODY)).title, None);
}

#[test]
fn title_whitespace_and_entities() {
    let head = "<title>\n  Tides   &amp; \t times\n</title>".to_string()
        + &ld(r#"{"@type":"Article","headline":"  Ships &amp;amp; \n shores "}"#);
    let a = extract(&page(&head, BODY));
    // JSON-LD is not entity-decoded by the HTML parser; we decode it once.
    assert_eq!(a.title.as_deref(), Some("Ships &amp; shores"));
    let a = extract(&page("<title>\n  Tides   &amp; \t times\n</title>", BODY));
    assert_eq!(a.title.as_deref(), Some("Tides & times"));
    assert_eq!(lines(&a)[0], "Tides & times");
}

#[test]
fn source_precedence() {
    let og = "<meta property=\"og:site_name\" content=\"Og Site\">";
    let app = "<meta name=\"application-name\" content=\"App Name\">";
    let inline =
        ld(r#"{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Inline Pub"}}"#);
    let by_ref = ld(
        r##"{"@graph":[{"@type":"NewsArticle","publisher":{"@id":"#pub"}},
                                   {"@type":"NewsMediaOrganization","@id":"#pub","name":"Ref Pub"}]}"##,
    );
    let source_of = |head: String| extract(&page(&head, BODY)).source;
    assert_eq!(
        source_of(format!("{app}{inline}{og}")).as_deref(),
        Some("Og Site")
    );
    assert_eq!(
        source_of(format!("{app}{inline}")).as_deref(),
        Some("Inline Pub")
    );
    assert_eq!(
        source_of(format!("{app}{by_ref}")).as_deref(),
        Some("Ref Pub")
    );
    assert_eq!(source_of(app.to_string()).as_deref(), Some("App Name"));
    assert_eq!(source_of(String::new()), None);
}

#[test]
fn url_precedence() {
    let canonical = "<link rel=\"canonical\" href=\"https://a.example/canonical\">";
    let og = "<meta property=\"og:url\" content=\"https://a.example/og\">";
    let json = ld(r#"{"@type":"NewsArticle","url":"https://a.example/ld",
                      "mainEntityOfPage":{"@type":"WebPage","@id":"https://a.example/main"}}"#);
    let main_only = ld(r#"{"@type":"NewsArticle","mainEntityOfPage":"https://a.example/main"}"#);
    let url_of = |head: String| extract(&page(&head, BODY)).url;
    assert_eq!(
        url_of(format!("{json}{og}{canonical}")).as_deref(),
        Some("https://a.example/canonical")
    );
    assert_eq!(
        url_of(format!("{json}{og}")).as_deref(),
        Some("https://a.example/og")
    );
    assert_eq!(
        url_of(json.clone()).as_deref(),
        Some("https://a.example/ld")
    );
    assert_eq!(url_of(main_only).as_deref(), Some("https://a.example/main"));
    // A relative canonical yields to an absolute URL, but is kept alone.
    let relative = "<link rel=\"canonical\" href=\"/story/12\">";
    assert_eq!(
        url_of(format!("{relative}{og}")).as_deref(),
        Some("https://a.example/og")
    );
    assert_eq!(url_of(relative.to_string()).as_deref(), Some("/story/12"));
    assert_eq!(url_of(String::new()), None);
}

#[test]
fn published_precedence() {
    let prop = "<meta property=\"article:published_time\" content=\"2025-01-01T10:00:00Z\">";
    let json = ld(r#"{"@type":"NewsArticle","datePublished":"2025-02-02T10:00:00+02:00"}"#);
    let meta_date = "<meta name=\"date\" content=\"2025-04-04\">";
    let header_time = "<article><header><h1>Budget approved</h1>\
                       <time datetime=\"2025-03-03T08:00\">3 March</time></header>\
                       <p>The harbour board met and approved the budget after a short debate, \
                       a spokesman said on Friday.</p></article>";
    let date_of = |head: String, body: &str| extract(&page(&head, body)).published;
    assert_eq!(
        date_of(format!("{meta_date}{json}{prop}"), header_time).as_deref(),
        Some("2025-01-01")
    );
    assert_eq!(
        date_of(format!("{meta_date}{json}"), header_time).as_deref(),
        Some("2025-02-02")
    );
    assert_eq!(
        date_of(meta_date.to_string(), header_time).as_deref(),
        Some("2025-03-03")
    );
    assert_eq!(
        date_of(meta_date.to_string(), BODY).as_deref(),
        Some("2025-04-04")
    );
    for name in ["pubdate", "dc.date", "DC.date"] {
        let head = format!("<meta name=\"{name}\" content=\"2025-05-05T12:00:00Z\">");
        assert_eq!(date_of(head, BODY).as_deref(), Some("2025-05-05"), "{name}");
    }
    // A <time> outside the article header (a clock in the site header) is not it.
    let clock = "<header><time datetime=\"2030-01-01\">now</time></header>";
    assert_eq!(date_of(String::new(), &format!("{clock}{BODY}")), None);
}

#[test]
fn dates_keep_the_written_day() {
    let date_of = |v: &str| {
        let head = format!("<meta property=\"article:published_time\" content=\"{v}\">");
        extract(&page(&head, BODY)).published
    };
    // Late evening west of Greenwich is already the next day in UTC; the
    // publisher's date is kept.
    assert_eq!(
        date_of("2025-03-07T23:30:00-05:00").as_deref(),
        Some("2025-03-07")
    );
    assert_eq!(
        date_of("2025-03-08T00:30:00+09:00").as_deref(),
        Some("2025-03-08")
    );
    assert_eq!(date_of("2025-03-07").as_deref(), Some("2025-03-07"));
    assert_eq!(
        date_of("2025-03-07 14:02:11").as_deref(),
        Some("2025-03-07")
    );
    // Not ISO: kept as found.
    assert_eq!(date_of("7 March 2025").as_deref(), Some("7 March 2025"));
    // An unparseable first candidate yields to a parseable later one.
    let head = "<meta property=\"article:published_time\" content=\"soon\">\
                <meta name=\"dc.date\" content=\"2025-06-30\">";
    assert_eq!(
        extract(&page(head, BODY)).published.as_deref(),
        Some("2025-06-30")
    );
}

#[test]
fn jsonld_shapes() {
    let want = Some("2025-07-14");
    let shapes = [
        // Top-level object, type as an array, schema prefix.
        r#"{"@context":"https://schema.org","@type":["schema:NewsArticle"],"datePublished":"2025-07-14T09:00:00Z"}"#,
        // A list of blocks, the article not first.
        r#"[{"@type":"BreadcrumbList"},{"@type":"ReportageNews","datePublished":"2025-07-14"}]"#,
        // @graph, next to a WebPage that has a date of its own.
        r#"{"@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"Article","datePublished":"2025-07-14T00:00:00+01:00"}]}"#,
        // Nested under a WebPage's mainEntity.
        r#"{"@type":"WebPage","datePublished":"2020-01-01","mainEntity":{"@type":"NewsArticle","datePublished":"2025-07-14"}}"#,
        // A list inside @graph.
        r#"{"@graph":[[{"@type":"Organization","name":"x"}],[{"@type":"AnalysisNewsArticle","datePublished":"2025-07-14"}]]}"#,
    ];
    for s in shapes {
        assert_eq!(
            extract(&page(&ld(s), BODY)).published.as_deref(),
            want,
            "{s}"
        );
    }
    // A page whose only dated object is not an article has no date.
    let web = ld(r#"{"@type":"WebPage","datePublished":"2020-01-01"}"#);
    assert_eq!(extract(&page(&web, BODY)).published, None);
}

#[test]
fn malformed_jsonld_is_ignored() {
    let broken = [
        r#"{"@type":"NewsArticle","headline":"Broken","datePublished":"2025-01-01""#,
        r#"{"@type": NewsArticle}"#,
        "<<<>>>",
        "",
        r#"{"@graph": [{"@type": "NewsArticle", "headline": 42, "datePublished": ["x", {}]}]}"#,
        &"[".repeat(5000),
        &"{\"a\":".repeat(3000),
    ];
    for b in broken {
        let head = format!(
            "{}<meta property=\"og:title\" content=\"Still here\">\
             <meta name=\"date\" content=\"2025-09-09\">",
            ld(b)
        );
        let a = extract(&page(&head, BODY));
        assert_eq!(a.title.as_deref(), Some("Still here"));
        assert_eq!(a.published.as_deref(), Some("2025-09-09"));
        assert_eq!(
            lines(&a),
            [
                "Still here",
                "The harbour board met on Friday and approved the budget after a short \
                 debate, a spokesman said."
            ]
        );
    }
    // A broken block does not hide a good one after it.
    let head = ld("{oops")
        + &ld(r#"{"@type":"NewsArticle","headline":"Good","datePublished":"2025-10-10"}"#);
    let a = extract(&page(&head, BODY));
    assert_eq!(a.title.as_deref(), Some("Good"));
    assert_eq!(a.published.as_deref(), Some("2025-10-10"));
}
