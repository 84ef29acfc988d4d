//! Headings and sentences. A paragraph is a line. A short line without final
//! punctuation is a heading (title, sub-heading, dateline); other lines are
//! split into sentences at terminal punctuation, unless the period belongs to
//! an abbreviation or initial, or what follows does not start a sentence.

use crate::doc::{Doc, Layer, Segment, SegmentKind, tf};
use crate::pipeline::{Scratch, Stage};

/// Fills [`Doc::segments`].
pub struct SegmentStage;

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Segments]
    }
    fn run(&self, doc: &mut Doc, _scratch: &mut Scratch) {
        let segs = segment(doc);
        doc.segments = segs;
    }
}

/// Longest line, in tokens, that can still be a heading.
const MAX_HEADING_TOKENS: usize = 30;

/// Words that, capitalised after an abbreviation, start a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "According",
    "After",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "But",
    "During",
    "For",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "Officials",
    "On",
    "One",
    "Our",
    "She",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Two",
    "We",
    "When",
    "While",
    "Yet",
];

/// Titles whose abbreviation never ends a sentence.
fn is_title_abbr(s: &str) -> bool {
    let core = s.trim_end_matches('.');
    matches!(
        core,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Gen"
            | "Lt"
            | "Col"
            | "Maj"
            | "Capt"
            | "Sgt"
            | "Cpl"
            | "Adm"
            | "Cmdr"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Rev"
            | "Hon"
            | "Pres"
            | "Insp"
            | "Supt"
            | "Brig"
            | "St"
            | "Mt"
            | "Ft"
            | "No"
            | "Nos"
            | "Messrs"
            | "Fr"
            | "vs"
    ) || (core.chars().count() == 1 && core.chars().all(char::is_uppercase))
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "?!" | "!?")
        || (s.len() >= 2 && s.bytes().all(|b| b == b'.'))
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn is_bullet(s: &str) -> bool {
    matches!(s, "-" | "*" | "•" | "·" | "–" | "—" | "▪" | "‣")
}

/// Split the document into headings and sentences.
pub fn segment(doc: &Doc) -> Vec<Segment> {
    let toks = &doc.tokens;
    let mut out = Vec::new();
    // Paragraph boundaries: tokens flagged LINE_START, except that a line
    // continues the previous one when the text is hard-wrapped (the previous
    // line stops mid-sentence on a function word, or this one starts lowercase).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for i in 1..=toks.len() {
        if i == toks.len() || (toks[i].is(tf::LINE_START) && !continues(doc, s, i)) {
            if s < i {
                lines.push((s, i));
            }
            s = i;
        }
    }
    let title = doc.meta.title.as_deref().map(str::trim).unwrap_or("");
    let many_lines = lines.len() > 1;
    for (p, &(a, b)) in lines.iter().enumerate() {
        let mut a = a;
        // A bullet marker stays out of the sentence, and a bullet item is never a heading.
        let bullet = b - a > 1 && is_bullet(doc.tok(a));
        if bullet {
            a += 1;
        }
        let line_text = doc.slice(doc.tok_span(a, b));
        let last = doc.tok(b - 1);
        let ends_open = !(is_terminal(last)
            || matches!(last, ":" | ";" | ",")
            || (is_closer(last) && b - a >= 2 && is_terminal(doc.tok(b - 2))));
        let has_alpha = (a..b).any(|i| toks[i].is(tf::ALPHA));
        let heading = (!title.is_empty() && line_text == title)
            || (many_lines && !bullet && ends_open && has_alpha && b - a <= MAX_HEADING_TOKENS);
        if heading {
            out.push(seg(doc, a, b, SegmentKind::Heading, p));
            continue;
        }
        split_sentences(doc, a, b, p, &mut out);
    }
    out
}

/// Function words a headline does not end on.
const DANGLING: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "than",
    "that", "the", "to", "with",
];

/// Does the line starting at token `i` continue the paragraph that began at `s`?
fn continues(doc: &Doc, s: usize, i: usize) -> bool {
    let prev = doc.tok(i - 1);
    if is_terminal(prev)
        || matches!(prev, ":" | ";")
        || (is_closer(prev) && i >= 2 && is_terminal(doc.tok(i - 2)))
    {
        return false;
    }
    if is_bullet(doc.tok(i)) {
        return false;
    }
    // A blank line ends a paragraph, whatever word the line stopped on ("… battle goes on").
    let gap = &doc.text.as_bytes()
        [doc.tokens[i - 1].span.end as usize..doc.tokens[i].span.start as usize];
    if gap.iter().filter(|&&c| c == b'\n').count() >= 2 {
        return false;
    }
    let t = &doc.tokens[i];
    let starts_lower = t.is(tf::LOWER) && t.is(tf::ALPHA);
    let dangling = DANGLING.contains(&prev.to_ascii_lowercase().as_str());
    // A sentence already ended inside the previous line: running text, wrapped.
    let line_start = (s..i)
        .rev()
        .find(|&k| doc.tokens[k].is(tf::LINE_START))
        .unwrap_or(s);
    let ran_on = (line_start..i.saturating_sub(1))
        .any(|k| is_terminal(doc.tok(k)) && doc.tokens[k + 1].is(tf::CAP));
    starts_lower || dangling || ran_on
}

fn seg(doc: &Doc, a: usize, b: usize, kind: SegmentKind, p: usize) -> Segment {
    Segment {
        span: doc.tok_span(a, b),
        kind,
        tok_start: a as u32,
        tok_end: b as u32,
        paragraph: p as u32,
    }
}

fn starts_sentence(doc: &Doc, i: usize, b: usize) -> bool {
    let mut j = i;
    // Skip opening quotes and brackets.
    while j < b && matches!(doc.tok(j), "\"" | "“" | "'" | "‘" | "(" | "[") {
        j += 1;
    }
    if j >= b {
        return false;
    }
    let t = &doc.tokens[j];
    t.is(tf::CAP) || t.is(tf::DIGIT) || is_bullet(doc.tok(j))
}

fn split_sentences(doc: &Doc, a: usize, b: usize, p: usize, out: &mut Vec<Segment>) {
    let mut start = a;
    let mut i = a;
    while i < b {
        let t = doc.tok(i);
        let mut end = None;
        if is_terminal(t) {
            let mut k = i + 1;
            while k < b && is_closer(doc.tok(k)) && !doc.tokens[k].is(tf::SPACE_BEFORE) {
                k += 1;
            }
            // A straight quote after a space closes the sentence only if it was opened inside it.
            if k < b && matches!(doc.tok(k), "\"" | "”") && doc.tokens[k].is(tf::SPACE_BEFORE) {
                let opens = (start..i)
                    .filter(|&m| matches!(doc.tok(m), "\"" | "“" | "”"))
                    .count();
                if opens % 2 == 1 {
                    k += 1;
                }
            }
            if k >= b || starts_sentence(doc, k, b) {
                end = Some(k);
            }
        } else if doc.tokens[i].is(tf::ABBR) && !is_title_abbr(t) && i + 1 < b {
            let next = doc.tok(i + 1);
            if SENTENCE_STARTERS.binary_search(&next).is_ok() {
                end = Some(i + 1);
            }
        }
        if let Some(k) = end {
            if k > start {
                out.push(seg(doc, start, k, SegmentKind::Sentence, p));
            }
            start = k;
            i = k;
            continue;
        }
        i += 1;
    }
    if start < b {
        out.push(seg(doc, start, b, SegmentKind::Sentence, p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Doc, DocMeta};
    use crate::pipeline::{Scratch, Stage};
    use crate::text::TokenizeStage;

    fn run(text: &str) -> (Vec<String>, Vec<String>) {
        let mut doc = Doc::new(text, DocMeta::default());
        let mut sc = Scratch::default();
        TokenizeStage.run(&mut doc, &mut sc);
        SegmentStage.run(&mut doc, &mut sc);
        let mut h = vec![];
        let mut s = vec![];
        for g in &doc.segments {
            let t = doc.slice(g.span).to_string();
            match g.kind {
                SegmentKind::Heading => h.push(t),
                SegmentKind::Sentence => s.push(t),
            }
        }
        (h, s)
    }

    #[test]
    fn starters_sorted() {
        assert!(SENTENCE_STARTERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn news_sentences() {
        let (h, s) = run(
            "Talks resume in Geneva\nGen. Lt. Smith met Dr. Jones of the U.S. Navy on Jan. 5. He said 3.5 percent was \"too much.\" The U.S. The end... Maybe not!\n- first item\n- second item",
        );
        assert_eq!(h, ["Talks resume in Geneva"]);
        assert_eq!(
            s,
            [
                "Gen. Lt. Smith met Dr. Jones of the U.S. Navy on Jan. 5.",
                "He said 3.5 percent was \"too much.\"",
                "The U.S.",
                "The end...",
                "Maybe not!",
                "first item",
                "second item",
            ]
        );
    }

    #[test]
    fn quotes_and_parentheses() {
        let (_, s) = run(
            "\"We will win,\" he said. \"Nobody doubts it.\" (The talks ended.) J. R. R. Tolkien wrote.",
        );
        assert_eq!(
            s,
            [
                "\"We will win,\" he said.",
                "\"Nobody doubts it.\"",
                "(The talks ended.)",
                "J. R. R. Tolkien wrote."
            ]
        );
    }

    #[test]
    fn hard_wrapped_text_is_running_text() {
        let (h, s) = run(
            "Talks resume\nThe envoy arrived in Geneva on\nFriday after a long trip. He met the\nminister.\n",
        );
        assert_eq!(h, ["Talks resume"]);
        assert_eq!(
            s,
            [
                "The envoy arrived in Geneva on\nFriday after a long trip.",
                "He met the\nminister."
            ]
        );
    }

    #[test]
    fn a_blank_line_ends_a_headline_that_stops_on_a_particle() {
        let (h, s) = run("Rebels say the siege goes on\n\nThe army said the road was open.");
        assert_eq!(h, ["Rebels say the siege goes on"]);
        assert_eq!(s, ["The army said the road was open."]);
    }

    #[test]
    fn single_line_is_not_a_heading() {
        let (h, s) = run("Putin met Xi in Beijing");
        assert!(h.is_empty());
        assert_eq!(s, ["Putin met Xi in Beijing"]);
    }
}
