//! scratch
#[test]
fn dump() {
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/html")).unwrap() {
        let p = f.unwrap().path();
        let s = std::fs::read_to_string(&p).unwrap();
        let t = std::time::Instant::now();
        let a = sitrep_input::html::extract(&s);
        eprintln!("=== {} {:?}\n{:#?}\n---\n{}\n---", p.display(), t.elapsed(), Article2(&a), a.text);
    }
}
struct Article2<'a>(&'a sitrep_input::Article);
impl std::fmt::Debug for Article2<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "title={:?}\nsource={:?}\nurl={:?}\npublished={:?}", self.0.title, self.0.source, self.0.url, self.0.published)
    }
}
#[test]
fn dump2() {
    for s in ["", "<p>Hello world.</p>", "<html><body>Hello <b>world</b></body></html>", "<div>short</div><nav>n</nav>",
        "<html><head><title>T - S</title><meta property=og:site_name content=S></head><body><header>Site</header><div>Para one is here.<br>Second line</div><footer>f</footer></body></html>",
        "<ul><li>a<ul><li>b</li></ul></li><li></li><li>c</li></ul>", "<p>a&nbsp;&nbsp;b &amp;amp; c&#x41;</p><pre>x  y\nz</pre>",
        "<div><p>x</p><p>y</p>", "<p>unclosed <b>bold <i>it", "<table><tr><td>1<td>2</table>"] {
        let a = sitrep_input::html::extract(s);
        eprintln!("=== {s:?}\n{:?}\n{:?}", a.text, Article2(&a));
    }
}
#[test]
fn dump3() {
    let story = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/html/ceasefire-talks.html")).unwrap();
    let (head, rest) = story.split_once("<div class=\"story-body\">").unwrap();
    let (body, tail) = rest.split_once("</div>\n  </article>").unwrap();
    let mut big = head.to_string(); big.push_str("<div class=\"story-body\">");
    while big.len() < 100_000 { big.push_str(body); big.push_str("<div class=links>"); for i in 0..20 { big.push_str(&format!("<a href='/x/{i}'>link {i}</a> ")); } big.push_str("</div>"); }
    big.push_str("</div>\n  </article>"); big.push_str(tail);
    for _ in 0..3 { let t = std::time::Instant::now(); let a = sitrep_input::html::extract(&big); eprintln!("100k: {:?} {} lines", t.elapsed(), a.text.lines().count()); }
    let run = |name: &str, s: String| {
        let t = std::time::Instant::now();
        let h = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || sitrep_input::html::extract(&s)).unwrap();
        let a = h.join().unwrap();
        eprintln!("{name}: {:?} {:?}", t.elapsed(), &a.text[..a.text.len().min(60)]);
    };
    for n in [200, 300, 900, 999, 1001, 10_000, 100_000] {
        run(&format!("div{n}"), format!("{}<p>hello</p>", "<div>".repeat(n)));
    }
    run("span900", format!("{}<p>hello</p>", "<span>".repeat(900)));
    run("b10k", format!("{}<p>hello</p>", "<b>".repeat(10_000)));
    run("a10k", format!("{}<p>hello</p>", "<a href=x>y".repeat(10_000)));
    run("p10k", format!("{}<p>hello</p>", "<p>x".repeat(10_000)));
    run("li", format!("{}<p>hello</p>", "<ul><li>x".repeat(900)));
    run("table", format!("{}<p>hello</p>", "<table><tr><td>x".repeat(900)));
    run("bi", format!("{}<p>hello</p>", "<b><i></b></i>".repeat(5000)));
    run("font", format!("{}<p>hello</p>", "<font><p>x".repeat(900)));
    run("sel", format!("{}<p>hello</p>", "<select><option>x".repeat(900)));
}
#[test]
fn dump4() {
    let story = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/html/ceasefire-talks.html")).unwrap();
    let (head, rest) = story.split_once("<div class=\"story-body\">").unwrap();
    let (body, tail) = rest.split_once("</div>\n  </article>").unwrap();
    let mut big = head.to_string(); big.push_str("<div class=\"story-body\">");
    while big.len() < 100_000 { big.push_str(body); big.push_str("<div class=links>"); for i in 0..20 { big.push_str(&format!("<a href='/x/{i}'>link {i}</a> ")); } big.push_str("</div>"); }
    big.push_str("</div>\n  </article>"); big.push_str(tail);
    std::fs::write("/tmp/big.html", &big).unwrap();
}
