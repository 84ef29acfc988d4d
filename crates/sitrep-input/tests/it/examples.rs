//! The two example pages in `examples/html/`, checked line by line.

use sitrep_input::html::extract;

use crate::{assert_shape, lines};

const CEASEFIRE: &str = include_str!("../../../../examples/html/ceasefire-talks.html");
const PORT_STRIKE: &str = include_str!("../../../../examples/html/port-strike.html");

#[test]
fn ceasefire_text() {
    let a = extract(CEASEFIRE);
    assert_shape(&a.text);
    assert_eq!(
        lines(&a),
        [
            "Varnesian envoys return to Port Alder as ceasefire talks resume",
            "PORT ALDER, March 7 (Kestrel Wire) — Negotiators from Varnesia and the Oskland \
             Federation returned to the lakeside city of Port Alder on Friday for a third round \
             of talks aimed at extending a fragile ceasefire, officials from both delegations said.",
            "“We are here to listen, and we expect the other side to do the same,” said Mira \
             Talvik, a spokeswoman for the Varnesian foreign ministry, speaking to reporters \
             outside the conference hall.",
            "The talks, brokered by the Halden Council, stalled on Tuesday after each side \
             accused the other of moving artillery closer to the demarcation line along the \
             Elva river.",
            "Oskland’s defence ministry denied the accusation. “No units have been moved, and no \
             orders to move them have been given,” Deputy Defence Minister Teodor Brask said in \
             a statement on Thursday.",
            "What is on the table",
            "According to a draft seen by Kestrel Wire, the proposal under discussion includes:",
            "- a 60-day extension of the ceasefire;",
            "- the exchange of 140 detained civilians;",
            "- joint monitoring of the Elva river crossings.",
            "A second session is scheduled for Monday, Talvik said, adding that no date had yet \
             been set for a meeting between the two foreign ministers.",
            "(Reporting by Ana Corvel; Editing by Jonas Pike)",
        ]
    );
}

#[test]
fn ceasefire_metadata() {
    let a = extract(CEASEFIRE);
    assert_eq!(a.id, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Varnesian envoys return to Port Alder as ceasefire talks resume")
    );
    assert_eq!(a.source.as_deref(), Some("Kestrel Wire"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://kestrelwire.example/world/varnesia-oskland-talks-resume-2025-03-07/")
    );
    // From the JSON-LD @graph: the page has no article:published_time.
    assert_eq!(a.published.as_deref(), Some("2025-03-07"));
}

#[test]
fn ceasefire_furniture_is_gone() {
    let a = extract(CEASEFIRE);
    for junk in [
        "cookies",
        "Accept all",
        "Business",
        "Markets",
        "Search",
        "Advertisement",
        "Share on social",
        "Copy link",
        "Most read",
        "Grain futures",
        "morning briefing",
        "All rights reserved",
        "Privacy",
        "kwAnalytics",
        "tracking pixel",
        "SECRET_SCRIPT_TEXT",
        "min-height",
        "Skip to content",
        "By Ana Corvel",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} in {}", a.text);
    }
}

#[test]
fn port_strike_text() {
    let a = extract(PORT_STRIKE);
    assert_shape(&a.text);
    assert_eq!(
        lines(&a),
        [
            "Dock workers at Saltmere walk out over shift rota",
            "SALTMERE, Nov 19 — Around 900 dock workers at the port of Saltmere walked off the \
             job before dawn on Tuesday, halting container traffic at the northern terminal in a \
             dispute over a new shift rota, their union said.",
            "The Saltmere Harbour Workers’ Union said the rota, introduced on Monday without \
             consultation, would add two night shifts a month for most crane operators.",
            "Idle cranes at the northern terminal on Tuesday morning.",
            "“Nobody asked us. The first we heard of it was a notice pinned to the canteen \
             door,” said Bruno Okafor-Lind, the union’s branch secretary.",
            "“The rota was agreed with staff representatives in September and the claim that it \
             was imposed overnight is simply untrue.”",
            "That was the response of Helga Marr, director of operations at the Saltmere Port \
             Authority, who denied that workers had not been consulted and said talks could \
             resume as early as Wednesday.",
            "Ships waiting",
            "By midday, seven vessels were anchored offshore waiting for berths, according to \
             the harbour master’s office. Two were diverted to the smaller port of Kelby Reach \
             late on Tuesday.",
            "Terminal | Status",
            "North | Closed",
            "South | Reduced service",
            "The union said the walkout would last 48 hours unless the rota was withdrawn.",
        ]
    );
    for junk in [
        "cookies",
        "Opinion",
        "Related",
        "record quarterly",
        "Sponsored",
        "Contact",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} in {}", a.text);
    }
}

#[test]
fn port_strike_metadata() {
    let a = extract(PORT_STRIKE);
    // twitter:title; the <title> carries a " - Meridian Daily Courier" suffix.
    assert_eq!(
        a.title.as_deref(),
        Some("Dock workers at Saltmere walk out over shift rota")
    );
    // No og:site_name: the JSON-LD publisher.
    assert_eq!(a.source.as_deref(), Some("Meridian Daily Courier"));
    // No canonical link or og:url: the JSON-LD url of the ReportageNews item.
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/2024/11/19/saltmere-dock-strike")
    );
    assert_eq!(a.published.as_deref(), Some("2024-11-19"));
}

#[test]
fn examples_through_from_bytes() {
    for (name, page) in [
        ("ceasefire-talks.html", CEASEFIRE),
        ("port-strike.html", PORT_STRIKE),
    ] {
        let a = sitrep_input::from_bytes(name, page.as_bytes()).unwrap();
        assert_eq!(a, extract(page));
    }
}
