//! The API as a client uses it: a real server on a loopback port, raw HTTP/1.1 over
//! TCP (so malformed and oversized requests can be sent too), a store filled with
//! records written here.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use serde_json::{Value, json};
use sitrep_record::Record;
use sitrep_server::{Config, Running};
use sitrep_store::{Prepared, Store};

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        assert!(
            self.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "not JSON: {:?} {}",
            self.header("content-type"),
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).expect("valid JSON body")
    }
    /// A 4xx with the API's error shape; returns the message.
    fn error(&self, status: u16) -> String {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let v = self.json();
        v["error"].as_str().expect("error message").to_string()
    }
}

fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading the whole body and close.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 2 + n + 2..];
    }
}

fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target, &[], b"")
}

fn span(text: &str, needle: &str) -> [usize; 2] {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {text}"));
    let s = text[..b].chars().count();
    [s, s + needle.chars().count()]
}

/// One article: `army` (of `country`) shells `city`; `speaker` says so, `denier`
/// denies it; `speaker` supports a ceasefire.
fn record(
    i: usize,
    day: &str,
    country: &str,
    city: &str,
    speaker: &str,
    denier: &str,
    title: &str,
) -> Record {
    let text = format!(
        "{title}\n{speaker} said the army of {country} shelled {city} on {day}, report {i}. \
         {denier} denied that the army of {country} shelled {city}. \
         {speaker} said a ceasefire must hold."
    );
    let s1 = format!("the army of {country} shelled {city} on {day}, report {i}");
    let s2 = format!("that the army of {country} shelled {city}");
    let s3 = "a ceasefire must hold";
    let first_said = text.find(" said").unwrap();
    let denied = text.find(" denied").unwrap();
    let v = json!({
        "schema": "sitrep.record/1",
        "doc": {"id": format!("doc{i}"), "title": title, "url": format!("https://news.example/{i}"),
                "source": if i.is_multiple_of(2) { "Even Wire" } else { "Odd Post" }, "published": day, "lang": "en"},
        "text": text,
        "headings": [span(&text, title)],
        "sentences": [],
        "entities": [
            {"id": "e1", "name": speaker, "type": "PERSON", "roles": [], "country": null, "affiliation": null,
             "kb": {"wikidata": null}, "mentions": [{"span": span(&text, speaker), "text": speaker}]},
            {"id": "e2", "name": country, "type": "GPE", "roles": [], "country": null, "affiliation": null,
             "kb": {"wikidata": null}, "mentions": [{"span": span(&text, country), "text": country}]},
            {"id": "e3", "name": city, "type": "GPE", "roles": [], "country": null, "affiliation": null,
             "kb": {"wikidata": null}, "mentions": [{"span": span(&text, city), "text": city}]},
            {"id": "e4", "name": denier, "type": "PERSON", "roles": [], "country": null, "affiliation": null,
             "kb": {"wikidata": null}, "mentions": [{"span": span(&text, denier), "text": denier}]}
        ],
        "places": [{"entity": "e3", "geonames": 1000 + city.len(), "lat": 50.4, "lon": 30.5, "country": "XX", "feature": "PPL"}],
        "times": [{"id": "t1", "span": span(&text, day), "text": day, "value": day, "grain": "day"}],
        "statements": [
            {"id": "s1", "speaker": "e1", "speaker_span": span(&text, speaker), "cue": "said",
             "cue_span": [first_said + 1, first_said + 5], "content_span": span(&text, &s1), "direct": false},
            {"id": "s2", "speaker": "e4", "speaker_span": span(&text, denier), "cue": "denied",
             "cue_span": [denied + 1, denied + 7], "content_span": span(&text, &s2), "direct": false},
            {"id": "s3", "speaker": "e1", "speaker_span": null, "cue": "said",
             "cue_span": [first_said + 1, first_said + 5], "content_span": span(&text, s3), "direct": false}
        ],
        "events": [{"id": "v1", "type": "ASSAULT", "mode": "shell", "actors": ["e2"], "targets": ["e3"],
                    "where": "e3", "when": "t1", "status": "claimed", "source": "s1",
                    "trigger_span": span(&text, "shelled"), "evidence_span": span(&text, &s1)}],
        "claims": [{"id": "c1", "statement": "s1", "event": "v1",
                    "responses": [{"statement": "s2", "relation": "denies"}], "status": "disputed"}],
        "positions": [{"actor": "e1", "issue": "ceasefire", "issue_text": "a ceasefire", "stance": "support",
                       "polarity": 1, "evidence": "s3", "evidence_span": span(&text, s3)}]
    });
    serde_json::from_value(v).unwrap()
}

const HOSTILE: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

/// 30 articles over 3 days and 2 countries, plus one with a hostile title.
fn fill(path: &Path) {
    let mut store = Store::open(path).unwrap();
    for i in 0..30 {
        let day = ["2025-03-01", "2025-03-05", "2025-03-09"][i % 3];
        let (country, city) = if i < 20 {
            ("Varnesia", "Port Alder")
        } else {
            ("Oskland", "Saltmere")
        };
        let r = record(
            i,
            day,
            country,
            city,
            "Mara Voss",
            "Ilse Brandt",
            &format!("Shelling report number {i}"),
        );
        store.insert(&Prepared::new(r, None).unwrap()).unwrap();
    }
    let r = record(
        99,
        "2025-02-01",
        "Varnesia",
        "Port Alder",
        "Mara Voss",
        "Ilse Brandt",
        HOSTILE,
    );
    store.insert(&Prepared::new(r, None).unwrap()).unwrap();
}

fn server(dir: &Path, token: Option<&str>) -> Running {
    let db = dir.join("store.db");
    if !db.exists() {
        fill(&db);
    }
    let mut c = Config::new(&db);
    c.port = 0;
    c.token = token.map(str::to_string);
    sitrep_server::spawn(c).unwrap()
}

#[test]
fn binds_loopback_and_serves_the_dashboard_with_a_strict_csp() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    assert!(s.addr.ip().is_loopback());
    let r = get(s.addr, "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let js = get(s.addr, "/js/views/article.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    let w = get(s.addr, "/world.json").json();
    assert!(w["countries"].as_array().unwrap().len() > 150);
    // Unknown paths are JSON 404s, not HTML pages.
    assert!(get(s.addr, "/nope.html").error(404).contains("not found"));
    assert!(get(s.addr, "/api/nope").error(404).contains("openapi"));
    let h = get(s.addr, "/api/health").json();
    assert_eq!(h["articles"], 31);
    assert_eq!(h["read_only"], true);
}

#[test]
fn lists_paginate_with_a_capped_limit() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    let p1 = get(s.addr, "/api/articles?limit=12").json();
    assert_eq!(p1["items"].as_array().unwrap().len(), 12);
    assert_eq!(p1["next_offset"], 12);
    let p3 = get(s.addr, "/api/articles?limit=12&offset=24").json();
    assert_eq!(p3["items"].as_array().unwrap().len(), 7);
    assert_eq!(p3["next_offset"], Value::Null);
    // Pages do not overlap and together hold every article once.
    let mut ids = Vec::new();
    for off in [0, 12, 24] {
        let p = get(s.addr, &format!("/api/articles?limit=12&offset={off}")).json();
        ids.extend(
            p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_i64().unwrap()),
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 31);
    // Newest first.
    assert_eq!(p1["items"][0]["published"], "2025-03-09");
    let big = get(s.addr, "/api/articles?limit=100000").json();
    assert_eq!(big["limit"], 200);
    assert_eq!(big["items"].as_array().unwrap().len(), 31);
    assert!(
        get(s.addr, "/api/articles?limit=abc")
            .error(400)
            .contains("limit")
    );
    assert!(
        get(s.addr, "/api/articles?offset=-1")
            .error(400)
            .contains("offset")
    );
    assert!(
        get(s.addr, "/api/articles?offset=100000000")
            .error(400)
            .contains("offset")
    );
    assert!(
        get(s.addr, "/api/articles?colour=red")
            .error(400)
            .contains("colour")
    );
}

fn count(addr: SocketAddr, target: &str) -> usize {
    get(addr, target).json()["items"].as_array().unwrap().len()
}

#[test]
fn shared_filters_narrow_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    let a = s.addr;
    assert_eq!(count(a, "/api/articles?limit=200&place=Saltmere"), 10);
    assert_eq!(count(a, "/api/articles?limit=200&actor=Oskland"), 10);
    assert_eq!(
        count(a, "/api/articles?limit=200&from=2025-03-05&to=2025-03-05"),
        10
    );
    assert_eq!(count(a, "/api/articles?limit=200&from=2025-03"), 30);
    assert_eq!(count(a, "/api/articles?limit=200&type=ASSAULT"), 31);
    assert_eq!(count(a, "/api/articles?limit=200&type=AGREE"), 0);
    assert_eq!(count(a, "/api/articles?limit=200&issue=ceasefire"), 31);
    assert_eq!(count(a, "/api/articles?limit=200&q=Saltmere"), 10);
    let hit = get(a, "/api/search?q=saltmere&limit=1").json();
    let snip = hit["items"][0]["snippet"].as_str().unwrap();
    assert!(snip.contains("\u{2}Saltmere\u{3}"), "{snip}");
    assert!(get(a, "/api/search").error(400).contains("q"));
    assert!(
        get(a, "/api/articles?q=%22unbalanced")
            .error(400)
            .contains("full-text")
    );
    assert!(
        get(a, "/api/articles?type=BOMBING")
            .error(400)
            .contains("type")
    );
    assert!(
        get(a, "/api/articles?from=2025-13-01")
            .error(400)
            .contains("from")
    );

    // Events merge across articles: one shelling per (country, city, day).
    let ev = get(a, "/api/events?limit=200").json();
    let items = ev["items"].as_array().unwrap();
    assert_eq!(items.len(), 7, "{ev}");
    let osk: Vec<&Value> = items
        .iter()
        .filter(|e| e["actors"][0]["name"] == "Oskland")
        .collect();
    assert_eq!(osk.len(), 3);
    assert_eq!(
        osk.iter()
            .map(|e| e["articles"].as_i64().unwrap())
            .sum::<i64>(),
        10
    );
    assert_eq!(osk[0]["targets"][0]["name"], "Saltmere");
    assert_eq!(
        count(a, "/api/events?limit=200&actor=Oskland&from=2025-03-09"),
        1
    );
    assert_eq!(count(a, "/api/events?limit=200&type=AGREE"), 0);

    let ent = get(a, "/api/entities?limit=2").json();
    assert_eq!(ent["items"][0]["articles"], 31);
    // A filter that has no meaning for a view is dropped and named, not an error.
    let st = get(a, "/api/stance?type=ASSAULT").json();
    assert_eq!(st["ignored"], json!(["type"]));
}

#[test]
fn views_aggregate_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    let a = s.addr;
    let tl = get(a, "/api/timeline").json();
    let days: Vec<&str> = tl["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["day"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        ["2025-02-01", "2025-03-01", "2025-03-05", "2025-03-09"]
    );
    assert_eq!(tl["buckets"][1]["conflict"], 2);
    assert_eq!(tl["buckets"][1]["coop"], 0);
    let tl = get(a, "/api/timeline?actor=Oskland").json();
    assert_eq!(tl["buckets"].as_array().unwrap().len(), 3);

    let map = get(a, "/api/map").json();
    let names: Vec<&str> = map["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Port Alder", "Saltmere"]);
    assert_eq!(map["points"][0]["articles"], 21);
    assert_eq!(map["points"][0]["events"], 4);
    let map = get(a, "/api/map?from=2025-03-09").json();
    assert_eq!(map["points"][0]["articles"], 6); // i < 20 with i % 3 == 2

    let net = get(a, "/api/network").json();
    let edges = net["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2, "{net}");
    assert!(edges.iter().all(|e| e["conflict"] == e["events"]));
    let node = |id: &Value| {
        net["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == *id)
            .unwrap()["name"]
            .clone()
    };
    assert_eq!(node(&edges[0]["source"]), "Varnesia");
    assert_eq!(node(&edges[0]["target"]), "Port Alder");

    let claims = get(a, "/api/claims?limit=200").json();
    let c0 = &claims["items"][0];
    assert_eq!(c0["status"], "disputed");
    assert_eq!(c0["event"]["type"], "ASSAULT");
    let sts = c0["statements"].as_array().unwrap();
    assert!(
        sts.iter()
            .any(|s| s["relation"] == "denies" && s["side"] == -1 && s["speaker"] == "Ilse Brandt")
    );
    assert!(
        sts.iter()
            .any(|s| s["side"] == 1 && s["speaker"] == "Mara Voss")
    );
    assert!(count(a, "/api/claims?actor=Ilse%20Brandt") > 0);
    assert_eq!(count(a, "/api/claims?status=confirmed"), 0);

    let st = get(a, "/api/stance").json();
    assert_eq!(st["issues"], json!(["ceasefire"]));
    assert_eq!(st["actors"][0]["name"], "Mara Voss");
    assert_eq!(st["cells"][0]["support"], 31);
    assert_eq!(st["cells"][0]["oppose"], 0);
    let id = st["actors"][0]["id"].as_i64().unwrap();
    let ev = get(
        a,
        &format!("/api/positions?actor_id={id}&issue=ceasefire&limit=5"),
    )
    .json();
    assert_eq!(ev["items"].as_array().unwrap().len(), 5);
    assert_eq!(ev["items"][0]["evidence"], "a ceasefire must hold");
    assert_eq!(ev["next_offset"], 5);
}

#[test]
fn article_detail_returns_the_record_and_hostile_strings_unchanged_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    let hit = get(s.addr, "/api/articles?from=2025-02&to=2025-02").json();
    let id = hit["items"][0]["id"].as_i64().unwrap();
    let r = get(s.addr, &format!("/api/articles/{id}"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let v = r.json();
    // The title is data: JSON-encoded, byte for byte, never turned into markup here.
    assert_eq!(v["article"]["title"], HOSTILE);
    assert_eq!(v["record"]["doc"]["title"], HOSTILE);
    assert!(v["record"]["text"].as_str().unwrap().starts_with(HOSTILE));
    assert_eq!(v["record"]["schema"], "sitrep.record/1");
    assert!(
        get(s.addr, "/api/articles/0")
            .error(400)
            .contains("positive")
    );
    assert!(
        get(s.addr, "/api/articles/abc")
            .error(400)
            .contains("integer")
    );
    assert!(
        get(s.addr, "/api/articles/4242")
            .error(404)
            .contains("4242")
    );
    // The page itself never contains article text: it is static and fetches JSON.
    let page = String::from_utf8(get(s.addr, "/").body).unwrap();
    assert!(!page.contains("alert"));
}

#[test]
fn bad_requests_get_json_4xx() {
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    let long_q = format!("/api/articles?q={}", "a".repeat(3000));
    assert!(get(s.addr, &long_q).error(414).contains("too long"));
    let long_path = format!("/api/{}", "b".repeat(5000));
    assert!(get(s.addr, &long_path).error(414).contains("too long"));
    let r = request(s.addr, "DELETE", "/api/articles", &[], b"");
    r.error(405);
    assert!(r.header("allow").is_some_and(|a| a.contains("GET")));
    request(s.addr, "POST", "/", &[], b"x").error(405);
    let r = request(s.addr, "GET", "/api/articles?q=%ff%fe", &[], b"");
    assert!(r.status == 400 || r.status == 200, "{}", r.status);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    // Garbage instead of HTTP: the connection is answered or closed, the server lives on.
    {
        let mut t = TcpStream::connect(s.addr).unwrap();
        t.write_all(b"\x16\x03\x01garbage\r\n\r\n").unwrap();
        let mut sink = Vec::new();
        let _ = t.read_to_end(&mut sink);
    }
    assert_eq!(get(s.addr, "/api/health").status, 200);
}

#[test]
fn ingest_needs_a_token_and_limits_the_body() {
    let dir = tempfile::tempdir().unwrap();
    {
        let ro = server(dir.path(), None);
        let body = br#"{"id":"x","text":"Talks resumed."}"#;
        let r = request(
            ro.addr,
            "POST",
            "/api/ingest",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", "Bearer whatever"),
            ],
            body,
        );
        assert!(r.error(403).contains("read-only"));
    }
    let token = "s3cret-token-123";
    let s = server(dir.path(), Some(token));
    let ct = ("Content-Type", "application/json");
    let good = ("Authorization", "Bearer s3cret-token-123");
    let article = json!({
        "id": "new1", "title": "Harbour pilots strike in Saltmere", "published": "2025-03-05",
        "url": "https://news.example/new1",
        "text": "Harbour pilots in Saltmere walked out on Tuesday, the union said. The port authority said talks would resume on Friday."
    })
    .to_string();
    let mention_total = |addr| -> i64 {
        let v = get(addr, "/api/entities?limit=200").json();
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["articles"].as_i64().unwrap())
            .sum()
    };
    let before = mention_total(s.addr);
    let r = request(s.addr, "POST", "/api/ingest", &[ct], article.as_bytes());
    assert!(r.error(401).contains("token"));
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = request(
        s.addr,
        "POST",
        "/api/ingest",
        &[ct, ("Authorization", "Bearer s3cret-token-124")],
        article.as_bytes(),
    );
    r.error(401);
    let r = request(
        s.addr,
        "POST",
        "/api/ingest",
        &[ct, good],
        article.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["id"].as_i64().unwrap();
    let again = request(
        s.addr,
        "POST",
        "/api/ingest",
        &[ct, good],
        article.as_bytes(),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["status"], "duplicate");
    let d = get(s.addr, &format!("/api/articles/{id}")).json();
    assert_eq!(
        d["record"]["doc"]["title"],
        "Harbour pilots strike in Saltmere"
    );
    assert!(
        d["record"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Harbour pilots")
    );
    assert!(
        !d["record"]["entities"].as_array().unwrap().is_empty(),
        "extracted: {d}"
    );
    assert_eq!(get(s.addr, "/api/health").json()["read_only"], false);
    // The cached entity list saw the new article.
    assert!(mention_total(s.addr) > before);

    let r = request(s.addr, "POST", "/api/ingest", &[ct, good], b"{\"id\": 1");
    assert!(r.error(400).contains("JSON"));
    let r = request(
        s.addr,
        "POST",
        "/api/ingest",
        &[ct, good],
        br#"{"id":"e","text":"   "}"#,
    );
    assert!(r.error(400).contains("no text"));
    let r = request(
        s.addr,
        "POST",
        "/api/ingest",
        &[ct, good],
        br#"{"id":"d","text":"x","published":"soon"}"#,
    );
    assert!(r.error(400).contains("published"));
    request(
        s.addr,
        "POST",
        "/api/ingest",
        &[("Content-Type", "text/plain"), good],
        article.as_bytes(),
    )
    .error(415);
    let huge = format!(
        "{{\"id\":\"big\",\"text\":\"{}\"}}",
        "word ".repeat(600_000)
    );
    let r = request(s.addr, "POST", "/api/ingest", &[ct, good], huge.as_bytes());
    r.error(413);
}

#[test]
fn every_route_is_in_the_openapi_description_and_back() {
    let doc: Value = serde_json::from_str(sitrep_server::openapi()).unwrap();
    let described: std::collections::BTreeSet<String> =
        doc["paths"].as_object().unwrap().keys().cloned().collect();
    let routed: std::collections::BTreeSet<String> = sitrep_server::api_paths()
        .into_iter()
        .map(String::from)
        .collect();
    assert!(routed.len() >= 14, "{routed:?}");
    assert_eq!(described, routed);
    // Every $ref resolves.
    let text = sitrep_server::openapi();
    for (i, _) in text.match_indices("\"$ref\": \"#/") {
        let rest = &text[i + 10..];
        let ptr = &rest[..rest.find('"').unwrap()];
        assert!(
            ptr.starts_with('/') && doc.pointer(ptr).is_some(),
            "dangling {ptr}"
        );
    }
    // And the server serves it.
    let dir = tempfile::tempdir().unwrap();
    let s = server(dir.path(), None);
    assert_eq!(get(s.addr, "/api/openapi.json").json()["openapi"], "3.1.0");
}

#[test]
fn refuses_a_missing_store_and_a_short_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Config::new(dir.path().join("absent.db"));
    c.port = 0;
    let e = sitrep_server::spawn(c.clone()).err().unwrap().to_string();
    assert!(e.contains("no such store"), "{e}");
    c.token = Some("short".into());
    let e = sitrep_server::spawn(c).err().unwrap().to_string();
    assert!(e.contains("8 characters"), "{e}");
}
