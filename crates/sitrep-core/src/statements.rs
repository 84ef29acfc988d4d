//! Attributed statements: who said what, through which cue word. Direct
//! quotations ("…," he said. "…"), reported speech ("X said that …", "X
//! cautioned that …"), inverted attributions ("…, said X."), "according to X"
//! and sources that are not persons ("army officials claimed …").
//!
//! There is no parser: the stage reads the cue lexicon (`data/cues.tsv`), the
//! mentions and entities of earlier stages and the quotation marks, and looks a
//! few tokens either side of each cue for its speaker and its content. Every
//! scan is bounded by the sentence or a fixed window, so long inputs stay linear.
//! Pronoun speakers ("he said") keep their span; the pronoun stage, which runs
//! next, fills in the entity.

use std::collections::HashMap;
use std::sync::Arc;

use crate::doc::{Doc, EntityType, Layer, Span, tf};
use crate::layers::Statement;
use crate::pipeline::{Scratch, Stage};

pub(crate) mod words;
use words::*;

#[cfg(test)]
pub(crate) mod tests;

/// One row of the cue lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueRow {
    /// The inflected form, lowercase; several words for phrases ("according to").
    pub cue: String,
    /// Base form.
    pub lemma: String,
    /// Speech act (`say`, `deny`, `warn`, …).
    pub kind: String,
    /// +1, -1 or 0.
    pub polarity: i8,
}

/// A cue lexicon that does not follow its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueError {
    /// File name as given.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CueError {}

/// The header every cue file starts with (after its `#` comments).
pub const CUE_HEADER: &str = "cue\tlemma\tkind\tpolarity";

/// Parse a cue file into `out`. A cue already in `out` is replaced, so that a
/// user's file can retype a shipped cue.
pub fn parse_cues(file: &str, text: &str, out: &mut Vec<CueRow>) -> Result<(), CueError> {
    let err = |line: usize, message: String| CueError {
        file: file.to_string(),
        line,
        message,
    };
    let mut header = false;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header {
            if line != CUE_HEADER {
                return Err(err(
                    n,
                    format!("expected the header `{}`", CUE_HEADER.replace('\t', "\\t")),
                ));
            }
            header = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [cue, lemma, kind, pol] = cols.as_slice() else {
            return Err(err(
                n,
                format!("expected 4 tab-separated columns, found {}", cols.len()),
            ));
        };
        let clean =
            |s: &str| !s.is_empty() && s.trim() == s && !s.contains("  ") && s.to_lowercase() == s;
        if !clean(cue) {
            return Err(err(
                n,
                format!("cue `{cue}` must be lowercase, trimmed and single-spaced"),
            ));
        }
        if lemma.is_empty() {
            return Err(err(n, "empty lemma".into()));
        }
        if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(err(n, format!("kind `{kind}` must be a lowercase word")));
        }
        let polarity = match *pol {
            "+" => 1,
            "-" => -1,
            "0" => 0,
            _ => return Err(err(n, format!("polarity `{pol}` must be +, - or 0"))),
        };
        let row = CueRow {
            cue: cue.to_string(),
            lemma: lemma.to_string(),
            kind: kind.to_string(),
            polarity,
        };
        match out.iter_mut().find(|r| r.cue == row.cue) {
            Some(r) => *r = row,
            None => out.push(row),
        }
    }
    if !header {
        return Err(err(
            1,
            format!("no header line `{}`", CUE_HEADER.replace('\t', "\\t")),
        ));
    }
    Ok(())
}

/// How the stage reads a cue's surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueClass {
    /// Speaker before (or after, inverted), content after.
    Plain,
    /// Like `Plain`, but an addressee may sit between cue and content.
    Tell,
    /// Only before a clause, "that", a question word or a quotation
    /// ("found that …", not "found a body").
    NeedsClause,
    /// "according to X": the speaker follows.
    According,
}

/// Kinds whose verbs often take a plain object rather than a report.
const NEEDS_CLAUSE: &[&str] = &[
    "add", "agree", "argue", "believe", "comment", "concede", "declare", "estimate", "explain",
    "find", "learn", "note", "observe", "recall", "reveal", "rule", "show", "write",
];

struct CueEntry {
    /// Words after the first.
    rest: Vec<String>,
    kind: Arc<str>,
    polarity: i8,
    class: CueClass,
    /// "-ing" form: its subject is usually that of the clause it hangs on.
    participle: bool,
    /// The base or "-s" form, which is also often a noun ("reports", "claims").
    nounish: bool,
    /// A form of "say" or "tell", the surest cues: "said on Monday the talks had failed".
    say: bool,
}

/// FNV-1a: the cue lookup runs on nearly every word, and its keys are short.
#[derive(Default, Clone, Copy)]
struct Fnv;

struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The cue lexicon compiled for lookup by first word.
pub struct CueIndex {
    entries: Vec<CueEntry>,
    /// First word → entries, longest phrase first.
    first: HashMap<String, Vec<u32>, Fnv>,
}

impl CueIndex {
    /// Compile the rows.
    pub fn new(rows: &[CueRow]) -> CueIndex {
        let mut kinds: HashMap<&str, Arc<str>> = HashMap::new();
        let mut entries = Vec::with_capacity(rows.len());
        let mut first: HashMap<String, Vec<u32>, Fnv> = HashMap::default();
        for r in rows {
            let kind = kinds
                .entry(r.kind.as_str())
                .or_insert_with(|| Arc::from(r.kind.as_str()))
                .clone();
            let mut words = r.cue.split(' ');
            let Some(w0) = words.next() else { continue };
            let rest: Vec<String> = words.map(str::to_string).collect();
            let class = match r.kind.as_str() {
                "tell" => CueClass::Tell,
                "according" => CueClass::According,
                k if NEEDS_CLAUSE.contains(&k) => CueClass::NeedsClause,
                _ => CueClass::Plain,
            };
            let last = rest.last().map_or(w0, String::as_str);
            let lemma_last = r.lemma.split(' ').next().unwrap_or("");
            let participle = w0.ends_with("ing") && w0 != lemma_last;
            let nounish =
                w0 == lemma_last || (w0.ends_with('s') && !w0.ends_with("ss") && last != "said");
            first
                .entry(w0.to_string())
                .or_default()
                .push(entries.len() as u32);
            let say = matches!(r.lemma.as_str(), "say" | "tell");
            entries.push(CueEntry {
                rest,
                kind,
                polarity: r.polarity,
                class,
                participle,
                nounish,
                say,
            });
        }
        for v in first.values_mut() {
            v.sort_by_key(|&e| std::cmp::Reverse(entries[e as usize].rest.len()));
        }
        CueIndex { entries, first }
    }

    /// Number of cue forms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no cues.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Fills [`Doc::statements`].
pub struct StatementStage {
    cues: Arc<CueIndex>,
}

impl StatementStage {
    /// A stage over a compiled cue lexicon.
    pub fn new(cues: Arc<CueIndex>) -> StatementStage {
        StatementStage { cues }
    }
}

impl Stage for StatementStage {
    fn name(&self) -> &'static str {
        "statements"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Mentions,
            Layer::Entities,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Statements]
    }
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        let st = find_statements(doc, &self.cues, &mut scratch.buf);
        doc.statements = st;
    }
}

const NONE: u32 = u32::MAX;
/// Longest quotation, in bytes; an opening mark without a close inside this is stray.
const MAX_QUOTE_BYTES: u32 = 6000;
/// A quotation may run over at most this many paragraph breaks.
const MAX_QUOTE_PARAS: u32 = 3;
/// How far back an apposition chain ("X, spokesman for Y, Z, said") is followed.
const APPOSITION_WINDOW: usize = 40;

/// A paired quotation: the marks' token indices. `close` is the closing
/// mark, or for a quotation continued into the next paragraph (whose
/// paragraph has no closing mark) the first token of that paragraph.
#[derive(Debug, Clone, Copy)]
struct Quote {
    open: usize,
    close: usize,
    /// Closed by the next paragraph's opening mark, not by a mark of its own.
    implicit: bool,
}

impl Quote {
    /// Content token range, without the marks and a comma just inside the close.
    fn content(&self, doc: &Doc) -> (usize, usize) {
        let a = self.open + 1;
        let mut b = self.close;
        while b > a && matches!(doc.tok(b - 1), "," | ";" | ":") {
            b -= 1;
        }
        (a, b)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Speaker {
    Mention(u32),
    Pronoun(usize),
    /// A noun phrase no mention covers: token range.
    Phrase(usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Content {
    Quote(usize),
    Clause(usize, usize),
}

/// Where a statement's content may lie relative to its speaker and cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Before (a quotation or post-posed clause), else after.
    Both,
    /// Before only (inverted attribution), or a quotation right after.
    Left,
    /// After only (a cue that shares an earlier subject).
    Right,
}

/// A cue's subject within its segment, for later cues that share it.
#[derive(Debug, Clone, Copy)]
struct Subject {
    speaker: Speaker,
    #[allow(dead_code)]
    cue: usize,
    /// The statement it made, if any.
    found: Option<usize>,
}

/// A statement under construction, in tokens.
#[derive(Debug, Clone)]
struct Found {
    speaker: Speaker,
    /// The speaker's phrase when wider than its mention ("the Afghan team's
    /// coach, Alireza Mehraban"): token range.
    speaker_np: Option<(usize, usize)>,
    cue: (usize, usize),
    entry: u32,
    content: Content,
}

struct Ctx<'a> {
    doc: &'a Doc,
    cues: &'a CueIndex,
    tok_mention: Vec<u32>,
    mention_entity: Vec<u32>,
    quotes: Vec<Quote>,
}

/// All statements of the document, in text order.
fn find_statements(doc: &Doc, cues: &CueIndex, buf: &mut String) -> Vec<Statement> {
    if doc.tokens.is_empty() || cues.is_empty() {
        return Vec::new();
    }
    let mut tok_mention = vec![NONE; doc.tokens.len()];
    for (i, m) in doc.mentions.iter().enumerate() {
        for t in m.tok_start..m.tok_end {
            tok_mention[t as usize] = i as u32;
        }
    }
    let mut mention_entity = vec![NONE; doc.mentions.len()];
    for (e, ent) in doc.entities.iter().enumerate() {
        for &m in &ent.mentions {
            mention_entity[m as usize] = e as u32;
        }
    }
    let quotes = pair_quotes(doc);
    let cx = Ctx {
        doc,
        cues,
        tok_mention,
        mention_entity,
        quotes,
    };
    let mut found: Vec<Found> = Vec::new();
    let mut used_quote = vec![false; cx.quotes.len()];
    for si in 0..doc.segments.len() {
        cx.segment(si, buf, &mut found, &mut used_quote);
    }
    cx.continuations(&mut found, &mut used_quote);
    found.sort_by_key(|f| {
        let (a, _) = cx.content_range(f.content);
        (f.cue.0.min(a), f.cue.0)
    });
    let mut out: Vec<Statement> = found.iter().map(|f| cx.to_statement(f)).collect();
    end_before_next_attribution(doc, &mut out);
    out
}

/// Reported content stops where the next attribution of its sentence begins:
/// "officials denied the claim, and analysts said fighting went on" gives
/// "the claim", not the analysts' words as well.
fn end_before_next_attribution(doc: &Doc, out: &mut [Statement]) {
    for i in 0..out.len() {
        if out[i].direct {
            continue;
        }
        let c = out[i].content_span;
        let next = out
            .iter()
            .map(|o| {
                o.speaker_span
                    .map_or(o.cue_span.start, |s| s.start.min(o.cue_span.start))
            })
            .filter(|&s| c.start < s && s < c.end)
            .min();
        let Some(cut) = next.and_then(|b| doc.token_at(b)) else {
            continue;
        };
        // Drop the joining words before the next speaker: ", and", "while", ",".
        let mut k = cut;
        let first = doc.token_at(c.start).unwrap_or(cut);
        while k > first + 1 && matches!(doc.tok(k - 1), "," | ";" | "and" | "but" | "while" | "as")
        {
            k -= 1;
        }
        if k > first {
            out[i].content_span.end = doc.tokens[k - 1].span.end;
        }
    }
}

/// The byte spans of every quotation's content, in text order (for the
/// pronoun stage).
pub(crate) fn quote_spans(doc: &Doc) -> Vec<(u32, u32)> {
    pair_quotes(doc)
        .iter()
        .map(|q| {
            let (a, b) = q.content(doc);
            let s = doc.tokens[a].span.start;
            (s, if b > a { doc.tokens[b - 1].span.end } else { s })
        })
        .collect()
}

/// Quotation marks: which open, which close, which could be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

fn mark(doc: &Doc, k: usize) -> Option<Mark> {
    let t = doc.tok(k);
    match t {
        "“" | "«" | "„" => Some(Mark::Open),
        "”" | "»" => Some(Mark::Close),
        "\"" => {
            let tok = &doc.tokens[k];
            let left_space = k == 0
                || tok.is(tf::SPACE_BEFORE)
                || tok.is(tf::LINE_START)
                || matches!(doc.tok(k - 1), "(" | "[" | "—" | "–" | "-" | ":");
            let next = doc.tokens.get(k + 1);
            let right_space = next.is_none_or(|n| n.is(tf::SPACE_BEFORE) || n.is(tf::LINE_START));
            Some(match (left_space, right_space) {
                (true, false) => Mark::Open,
                (false, true) => Mark::Close,
                (false, false) if next.is_some_and(|n| n.is(tf::PUNCT)) => Mark::Close,
                _ => Mark::Either,
            })
        }
        _ => None,
    }
}

/// Pair the quotation marks of the document, left to right. A quotation left
/// open at the end of a paragraph whose next paragraph starts with an opening
/// mark continues there (the newspaper convention); one that never closes
/// within the window was a stray mark.
fn pair_quotes(doc: &Doc) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u32, usize)> = None; // (mark token, paragraph, segment)
    let mut seg = 0usize;
    // First token after the paragraph of segment `s`.
    let para_end = |s: usize| {
        let p = doc.segments[s].paragraph;
        let mut k = s;
        while k < doc.segments.len() && doc.segments[k].paragraph == p {
            k += 1;
        }
        doc.segments
            .get(k)
            .map_or(doc.tokens.len(), |x| x.tok_start as usize)
    };
    for k in 0..doc.tokens.len() {
        if !doc.tokens[k].is(tf::PUNCT) {
            continue;
        }
        let Some(m) = mark(doc, k) else { continue };
        while seg + 1 < doc.segments.len() && doc.segments[seg].tok_end as usize <= k {
            seg += 1;
        }
        let para = doc.segments.get(seg).map_or(0, |s| s.paragraph);
        if let Some((o, op, os)) = open {
            if para > op {
                // A later paragraph: a closing mark may still end the quotation
                // (one that runs over a paragraph break); anything else means it
                // ended, unmarked, with its paragraph.
                let far = para > op + MAX_QUOTE_PARAS
                    || doc.tokens[k].span.start - doc.tokens[o].span.start > MAX_QUOTE_BYTES;
                let closes =
                    m == Mark::Close || (m == Mark::Either && !doc.tokens[k].is(tf::LINE_START));
                if far || !closes {
                    let end = para_end(os);
                    if end > o + 1 {
                        out.push(Quote {
                            open: o,
                            close: end,
                            implicit: true,
                        });
                    }
                    open = None;
                }
            } else if doc.tokens[k].span.start - doc.tokens[o].span.start > MAX_QUOTE_BYTES {
                open = None;
            }
        }
        match (m, open) {
            (Mark::Open | Mark::Either, None) => open = Some((k, para, seg)),
            (Mark::Close | Mark::Either, Some((o, _, _))) => {
                if k > o + 1 {
                    out.push(Quote {
                        open: o,
                        close: k,
                        implicit: false,
                    });
                }
                open = None;
            }
            // An opening mark inside an open quotation of the same paragraph:
            // the first was stray.
            (Mark::Open, Some(_)) => open = Some((k, para, seg)),
            (Mark::Close, None) => {}
        }
    }
    if let Some((o, _, os)) = open {
        let end = para_end(os);
        if end > o + 1 {
            out.push(Quote {
                open: o,
                close: end,
                implicit: true,
            });
        }
    }
    out
}

/// The speaker found left of a cue.
enum Left {
    Found(Speaker),
    /// The cue is passive ("was told"): no statement.
    Passive,
    /// A comma right before the cue (apposition or inverted order).
    Comma(usize),
    /// "and"/"but" right before the cue: the subject is shared.
    Coord(usize),
    Nothing,
}

impl<'a> Ctx<'a> {
    /// Token text; past the end it is empty, so a rule that looks one token too
    /// far sees nothing rather than panicking.
    fn tok(&self, i: usize) -> &'a str {
        if i < self.doc.tokens.len() {
            self.doc.tok(i)
        } else {
            ""
        }
    }

    fn low(&self, i: usize) -> Low {
        Low::new(self.tok(i))
    }

    /// The mention covering token `i`.
    fn mention_at(&self, i: usize) -> Option<u32> {
        let m = *self.tok_mention.get(i)?;
        (m != NONE).then_some(m)
    }

    fn quote_opening_at(&self, k: usize) -> Option<usize> {
        let q = self.quotes.partition_point(|q| q.open < k);
        (q < self.quotes.len() && self.quotes[q].open == k).then_some(q)
    }

    fn quote_closing_at(&self, k: usize) -> Option<usize> {
        let q = self.quotes.partition_point(|q| q.close < k);
        (q < self.quotes.len() && self.quotes[q].close == k && !self.quotes[q].implicit)
            .then_some(q)
    }

    /// The quotation whose content holds token `k`.
    fn quote_around(&self, k: usize) -> Option<usize> {
        let q = self.quotes.partition_point(|q| q.open < k);
        (q > 0 && self.quotes[q - 1].close > k).then(|| q - 1)
    }

    fn content_range(&self, c: Content) -> (usize, usize) {
        match c {
            Content::Quote(q) => self.quotes[q].content(self.doc),
            Content::Clause(a, b) => (a, b),
        }
    }

    /// Cue matches of segment `si`, then a frame for each.
    fn segment(
        &self,
        si: usize,
        buf: &mut String,
        found: &mut Vec<Found>,
        used_quote: &mut [bool],
    ) {
        let seg = self.doc.segments[si];
        let (s0, s1) = (seg.tok_start as usize, seg.tok_end as usize);
        // First word of the segment, after opening marks: its capital is no name's.
        let mut first_word = s0;
        while first_word < s1 && self.doc.tokens[first_word].is(tf::PUNCT) {
            first_word += 1;
        }
        let mut subjects: Vec<Subject> = Vec::new();
        let mut i = s0;
        while i < s1 {
            let t = &self.doc.tokens[i];
            if !t.is(tf::ALPHA)
                || (t.is(tf::CAP) && i != first_word && !t.is(tf::LINE_START))
                || self.mention_at(i).is_some()
            {
                i += 1;
                continue;
            }
            let Some((e, end)) = self.cue_at(i, s1, buf) else {
                i += 1;
                continue;
            };
            self.frame(si, (i, end), e, &mut subjects, found, used_quote);
            i = end;
        }
    }

    /// The longest cue starting at token `i`: (entry, end token).
    fn cue_at(&self, i: usize, s1: usize, buf: &mut String) -> Option<(u32, usize)> {
        let w = self.doc.tok(i);
        let low = Low::new(w);
        let key: &str = if !low.as_str().is_empty() {
            low.as_str()
        } else if !w.is_ascii() {
            buf.clear();
            for c in w.chars() {
                buf.extend(c.to_lowercase());
            }
            buf.as_str()
        } else {
            return None;
        };
        let cands = self.cues.first.get(key)?;
        'e: for &e in cands {
            let rest = &self.cues.entries[e as usize].rest;
            if i + 1 + rest.len() > s1 {
                continue;
            }
            for (k, r) in rest.iter().enumerate() {
                if !self.doc.tok(i + 1 + k).eq_ignore_ascii_case(r) {
                    continue 'e;
                }
            }
            return Some((e, i + 1 + rest.len()));
        }
        None
    }

    /// Read one cue's speaker and content; push the statements it makes.
    /// `subjects` holds this segment's earlier cues' subjects (whether or not
    /// they made a statement), for cues that share one.
    fn frame(
        &self,
        si: usize,
        cue: (usize, usize),
        e: u32,
        subjects: &mut Vec<Subject>,
        found: &mut Vec<Found>,
        used_quote: &mut [bool],
    ) {
        let seg = self.doc.segments[si];
        let (s0, s1) = (seg.tok_start as usize, seg.tok_end as usize);
        let entry = &self.cues.entries[e as usize];
        // Inside a quotation, the cue's clause ends with it.
        let inq = self.quote_around(cue.0).map(|q| self.quotes[q]);
        let lo = inq.map_or(s0, |q| (q.open + 1).max(s0));
        let hi = inq.map_or(s1, |q| q.close.min(s1));
        // A noun, not a verb: "police reports said", "the report was",
        // "rejected claims that …".
        // "would break trade rules and said …": a noun before a coordinator.
        if entry.nounish
            && ((cue.1 < hi
                && (self.cue_at_quiet(cue.1, hi)
                    || is_finite_marker(self.low(cue.1).as_str())
                    || matches!(self.low(cue.1).as_str(), "and" | "or")))
                || (cue.0 > lo && self.cue_at_quiet(cue.0 - 1, cue.0)))
        {
            return;
        }
        // "denied a report by X that …", "rejected claims from X that …": X's report, a
        // statement of its own inside the other.
        if entry.nounish
            && let Some(f) = self.report_by(cue, e, lo, hi)
        {
            found.push(f);
            return;
        }
        let n0 = found.len();
        let mut out: Vec<Found> = Vec::new();
        let mut commit = |out: &mut Vec<Found>, found: &mut Vec<Found>| {
            for f in out.drain(..) {
                if let Content::Quote(q) = f.content {
                    used_quote[q] = true;
                }
                if !found[n0..]
                    .iter()
                    .any(|g| g.cue == f.cue && g.content == f.content)
                {
                    found.push(f);
                }
            }
        };
        if entry.class == CueClass::According {
            out.extend(self.according(cue, e, lo, hi));
            commit(&mut out, found);
            return;
        }
        let left = self.left_of(cue.0, lo, entry.participle);
        let before = (cue.0 > lo).then(|| cue.0 - 1);
        let sp_and_start = match left {
            Left::Passive => return,
            Left::Found(sp) => Some((sp, self.speaker_start(sp), true)),
            Left::Comma(_) | Left::Coord(_) | Left::Nothing => None,
        };
        if let Some((sp, a, _)) = sp_and_start {
            self.emit(sp, cue, e, a, cue.1, lo, hi, si, Side::Both, &mut out);
            commit(&mut out, found);
            subjects.push(Subject {
                speaker: sp,
                cue: cue.0,
                found: (found.len() > n0).then(|| found.len() - 1),
            });
            return;
        }
        // Inverted: "…, said KCNA." / "\"…\" said Bolden to the crowd".
        // Not for participles ("…, highlighting the importance") nor "told"
        // ("…, told reporters"), and the content must come first.
        // Nor when what precedes the comma is a name and its apposition, not a clause
        // ("X, the chief spokesman of Y, rejected the accusation"): X is the speaker.
        let apposed = match left {
            Left::Comma(c) if self.left_quote(c, lo).is_none() => {
                let a = self.clause_start(lo, c);
                matches!(
                    self.apposition_subject(c, lo, cue.0),
                    Some(Speaker::Mention(m))
                        if self.doc.mentions[m as usize].tok_start as usize == a
                            && !self.clause_like(a, c)
                )
            }
            _ => false,
        };
        let inverted_ok = !entry.participle
            && !apposed
            && entry.class != CueClass::Tell
            && before.is_some_and(|b| self.tok(b) == "," || self.quote_closing_at(b).is_some());
        if inverted_ok && let Some((sp, end)) = self.subject_after(cue.1, hi) {
            self.emit(sp, cue, e, cue.0, end, lo, hi, si, Side::Left, &mut out);
            commit(&mut out, found);
            if found.len() > n0 {
                subjects.push(Subject {
                    speaker: sp,
                    cue: cue.0,
                    found: Some(found.len() - 1),
                });
                return;
            }
        }
        if let Left::Comma(c) = left
            && let Some(sp) = self.apposition_subject(c, lo, cue.0)
        {
            let a = self.speaker_start(sp);
            self.emit(sp, cue, e, a, cue.1, lo, hi, si, Side::Both, &mut out);
            commit(&mut out, found);
            subjects.push(Subject {
                speaker: sp,
                cue: cue.0,
                found: (found.len() > n0).then(|| found.len() - 1),
            });
            return;
        }
        // Shared subject: "described … as productive but cautioned that …",
        // "…, adding that …", "tweeted to Mohamed and said …".
        let coord_at = match left {
            Left::Coord(k) | Left::Comma(k) => Some(k),
            _ => None,
        };
        let participle_ok = entry.participle
            && before.is_some_and(|b| {
                matches!(
                    self.low(b).as_str(),
                    "," | "and"
                        | "but"
                        | "as"
                        | "by"
                        | "after"
                        | "while"
                        | "before"
                        | "when"
                        | "without"
                        | "in"
                )
            });
        if coord_at.is_none() && !participle_ok {
            return;
        }
        let prev = subjects.last().copied();
        let sp = match prev {
            Some(p) => Some(p.speaker),
            None if participle_ok => self.sentence_subject(s0, cue.0),
            None => None,
        };
        let Some(sp) = sp else { return };
        self.emit(sp, cue, e, cue.0, cue.1, lo, hi, si, Side::Right, &mut out);
        commit(&mut out, found);
        subjects.push(Subject {
            speaker: sp,
            cue: cue.0,
            found: (found.len() > n0).then(|| found.len() - 1),
        });
        // The earlier cue's content stops where this one's conjunction starts.
        if found.len() > n0
            && let (
                Some(Subject {
                    found: Some(fi), ..
                }),
                Some(k),
            ) = (prev, coord_at.or(before))
            && let Content::Clause(a, b) = found[fi].content
        {
            let mut end = b.min(k);
            while end > a && matches!(self.tok(end - 1), "," | ";") {
                end -= 1;
            }
            if end > a {
                found[fi].content = Content::Clause(a, end);
            }
        }
    }

    /// "a report by a Ruritanian channel that the talks had failed": the reporter between
    /// "by"/"from"/"in" and "that", the clause after "that" (up to ", calling …").
    fn report_by(&self, cue: (usize, usize), e: u32, lo: usize, hi: usize) -> Option<Found> {
        let (a, b) = cue;
        if a <= lo || b + 3 >= hi {
            return None;
        }
        let plural = self.tok(a).ends_with('s');
        if !(is_det(self.low(a - 1).as_str()) || plural)
            || !matches!(self.low(b).as_str(), "by" | "from" | "in")
        {
            return None;
        }
        let s = b + 1;
        let mut k = s;
        while k < hi && k < s + 8 && self.low(k).as_str() != "that" {
            if !self.doc.tokens[k].is(tf::ALPHA) && !matches!(self.tok(k), "'s" | "\u{2019}s") {
                return None;
            }
            k += 1;
        }
        if k == s || k + 1 >= hi || self.low(k).as_str() != "that" {
            return None;
        }
        // One mention (after a determiner) is the reporter itself; else the phrase.
        let first = if is_det(self.low(s).as_str()) {
            s + 1
        } else {
            s
        };
        let speaker = match self.mention_at(first) {
            Some(m)
                if self.doc.mentions[m as usize].tok_start as usize == first
                    && self.doc.mentions[m as usize].tok_end as usize == k =>
            {
                Speaker::Mention(m)
            }
            _ => Speaker::Phrase(s, k),
        };
        let c = k + 1;
        let end = (c + 1..hi)
            .find(|&j| self.tok(j) == "," && self.low(j + 1).as_str().ends_with("ing"))
            .unwrap_or_else(|| self.trim_end(c, hi));
        (end > c + 1).then_some(Found {
            speaker,
            speaker_np: None,
            cue,
            entry: e,
            content: Content::Clause(c, end),
        })
    }

    /// First token of a speaker.
    fn speaker_start(&self, sp: Speaker) -> usize {
        match sp {
            Speaker::Mention(m) => self.doc.mentions[m as usize].tok_start as usize,
            Speaker::Pronoun(p) => p,
            Speaker::Phrase(a, _) => a,
        }
    }

    /// A cue lookup that needs no buffer (for the noun test on the next
    /// token; ASCII cues only).
    fn cue_at_quiet(&self, i: usize, s1: usize) -> bool {
        let t = &self.doc.tokens[i];
        if !t.is(tf::ALPHA) || !t.is(tf::LOWER) || !self.tok(i).is_ascii() {
            return false;
        }
        let mut buf = String::new();
        self.cue_at(i, s1, &mut buf).is_some()
    }

    /// Given a speaker and the tokens it and the cue occupy (`a..b`), find the
    /// content right of them, else left, and push the statements.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        sp: Speaker,
        cue: (usize, usize),
        e: u32,
        a: usize,
        b: usize,
        lo: usize,
        hi: usize,
        si: usize,
        side: Side,
        out: &mut Vec<Found>,
    ) {
        let entry = &self.cues.entries[e as usize];
        let first_person =
            matches!(sp, Speaker::Pronoun(p) if matches!(self.low(p).as_str(), "i" | "we"));
        let mk = |content| Found {
            speaker: sp,
            speaker_np: None,
            cue,
            entry: e,
            content,
        };
        // A quotation closing right before: "\"…,\" he said" (and perhaps a
        // second one right after: "\"…,\" he said, \"…\"").
        if let Some(q) = self.left_quote(a, lo).filter(|_| side != Side::Right) {
            out.push(mk(Content::Quote(q)));
            if let Some(q2) = self.quote_after(b, hi) {
                out.push(mk(Content::Quote(q2)));
            }
            return;
        }
        if side == Side::Left {
            if let Some(q2) = self.quote_after(b, hi) {
                out.push(mk(Content::Quote(q2)));
                return;
            }
        } else if let Some(c) = self.right_content(entry, b, hi, si, first_person) {
            out.push(mk(c));
            return;
        }
        // "…, X said." / "…, said X, …": the clause before, if nothing follows.
        let post = b >= hi
            || matches!(self.tok(b), "," | "." | "!" | "?" | ";" | "…")
            || mark(self.doc, b) == Some(Mark::Close);
        if post
            && side != Side::Right
            && let Some(c) = self.left_clause(a, lo)
        {
            out.push(mk(c));
        }
    }

    /// A quotation that closes right before token `a` (over a comma).
    fn left_quote(&self, a: usize, lo: usize) -> Option<usize> {
        let mut j = a;
        let mut steps = 0;
        while j > lo && steps < 2 {
            if let Some(q) = self.quote_closing_at(j - 1) {
                return Some(q);
            }
            if self.tok(j - 1) != "," {
                return None;
            }
            j -= 1;
            steps += 1;
        }
        None
    }

    /// A quotation opening right after token `b` (over "," or ":").
    fn quote_after(&self, b: usize, hi: usize) -> Option<usize> {
        let mut j = b;
        while j < hi && matches!(self.tok(j), "," | ":") {
            j += 1;
        }
        if j < hi {
            self.quote_opening_at(j)
        } else {
            None
        }
    }

    /// The clause before "…, X said": from the segment start to the comma.
    fn left_clause(&self, a: usize, lo: usize) -> Option<Content> {
        if a <= lo + 2 || self.tok(a - 1) != "," {
            return None;
        }
        let s = self.clause_start(lo, a);
        let end = a - 1;
        (end > s + 1).then_some(Content::Clause(s, end))
    }

    /// Where a sentence's own words start: after opening marks and dashes, and
    /// after a dateline ("BAGHDAD, Sept. 3 — A fire …").
    fn clause_start(&self, lo: usize, a: usize) -> usize {
        let mut s = lo;
        let dash = |k: usize| matches!(self.tok(k), "—" | "–" | "-" | "--");
        if self.doc.tokens[lo].is(tf::UPPER)
            && let Some(d) = (lo + 1..a.min(lo + 12)).find(|&k| dash(k))
        {
            s = d + 1;
        }
        while s < a
            && (self.quote_opening_at(s).is_some() || matches!(self.tok(s), "—" | "–" | "-"))
        {
            s += 1;
        }
        s
    }

    /// The content after a cue (and its addressee).
    /// `strict`: only a clause counts (first-person speakers: "we warned the
    /// ministry" inside a quotation is no report, "I think he was tired" is).
    fn right_content(
        &self,
        entry: &CueEntry,
        b: usize,
        hi: usize,
        si: usize,
        strict: bool,
    ) -> Option<Content> {
        if b >= hi {
            return self.next_segment_quote(b, si);
        }
        // A quotation introduced a few words on: "tweeted using his account: \"…\"",
        // "said in a statement, \"…\"".
        let mut k = b;
        while k < hi && k < b + 10 && !is_terminal(self.tok(k)) {
            if matches!(self.tok(k), ":" | ",") {
                if k + 1 < hi {
                    if let Some(q) = self.quote_opening_at(k + 1) {
                        return Some(Content::Quote(q));
                    }
                } else if hi == self.doc.segments[si].tok_end as usize
                    && let Some(c) = self.next_segment_quote(k + 1, si)
                {
                    return Some(c);
                }
            }
            if self.quote_opening_at(k).is_some() && k > b {
                break;
            }
            k += 1;
        }
        let mut j = b;
        // "…, X said, adding …": after a comma right after the cue, only a
        // quotation or a "that" clause behind a short parenthesis is content.
        let comma_first = self.tok(j) == ",";
        if entry.class == CueClass::Tell {
            j = self.skip_addressee(j, hi);
            if j >= hi {
                return self.next_segment_quote(b, si);
            }
        }
        let mut that = false;
        // "said in a statement that …", "explains, in a satirical fashion, that …"
        let w0 = self.low(j);
        if comma_first
            || (entry.class != CueClass::NeedsClause
                && is_prep(w0.as_str())
                && !matches!(w0.as_str(), "of" | "about" | "for" | "against"))
        {
            let mut k = j + 1;
            while k < hi && k < j + 10 && !is_terminal(self.tok(k)) {
                if self.low(k).as_str() == "that" {
                    j = k;
                    break;
                }
                k += 1;
            }
        }
        while j < hi && matches!(self.tok(j), "," | ":" | "—" | "–") {
            j += 1;
        }
        if j < hi && self.low(j).as_str() == "that" {
            // "denied that, saying …": "that" is the pronoun the denial points back with.
            if entry.polarity != 0
                && (j + 1 >= hi
                    || is_terminal(self.tok(j + 1))
                    || self.tok(j + 1) == ","
                        && (self.low(j + 2).as_str().ends_with("ing")
                            || matches!(self.low(j + 2).as_str(), "and" | "but")))
            {
                return Some(Content::Clause(j, j + 1));
            }
            that = true;
            j += 1;
            while j < hi && self.tok(j) == "," {
                j += 1;
            }
        }
        if j >= hi {
            return self.next_segment_quote(b, si);
        }
        if let Some(q) = self.quote_opening_at(j) {
            return Some(Content::Quote(q));
        }
        if comma_first && !that {
            return None;
        }
        let end = self.trim_end(j, hi);
        if end <= j || is_terminal(self.tok(j)) {
            return None;
        }
        if that {
            return Some(Content::Clause(j, end));
        }
        // Content does not start with a preposition ("found in the water",
        // "confirming with the referee"), except "warned of", "asked for".
        let w = self.low(j);
        if is_prep(w.as_str()) {
            let allowed = entry.class == CueClass::Plain
                && !entry.nounish
                && matches!(w.as_str(), "of" | "about" | "for" | "against" | "on" | "to");
            // "said on Monday the talks had failed"
            let said_when = entry.say && !entry.nounish && self.clause_like(j, end);
            if !(allowed || said_when) || end - j < 2 {
                return None;
            }
        }
        // "The rebels denied it": a denial or confirmation of what was just said
        // may point back with a lone pronoun (the claims stage links it).
        if end == j + 1
            && entry.polarity != 0
            && matches!(
                self.low(j).as_str(),
                "it" | "this" | "that" | "them" | "these" | "those"
            )
        {
            return Some(Content::Clause(j, end));
        }
        // At least one word that is not a function word.
        if !(j..end).any(|k| self.doc.tokens[k].is(tf::ALPHA) && !is_function(self.low(k).as_str()))
        {
            return None;
        }
        if (strict || entry.class == CueClass::NeedsClause) && !self.clause_like(j, end) {
            return None;
        }
        Some(Content::Clause(j, end))
    }

    /// The end of a clause `j..hi` without its final punctuation (but with a
    /// closing quotation mark whose quotation opened inside it).
    fn trim_end(&self, j: usize, hi: usize) -> usize {
        let mut end = hi;
        while end > j
            && self.doc.tokens[end - 1].is(tf::PUNCT)
            && !matches!(self.tok(end - 1), ")" | "]" | "%")
        {
            if let Some(q) = self.quote_closing_at(end - 1)
                && self.quotes[q].open >= j
            {
                break;
            }
            end -= 1;
        }
        end
    }

    /// "He said:" ending a segment, the quotation opening the next one.
    fn next_segment_quote(&self, b: usize, si: usize) -> Option<Content> {
        let colon_before = b > 0 && matches!(self.tok(b - 1), ":" | ",");
        let colon_at = b < self.doc.tokens.len() && matches!(self.tok(b), ":" | ",");
        if !(colon_before || colon_at) {
            return None;
        }
        let next = self.doc.segments.get(si + 1)?;
        self.quote_opening_at(next.tok_start as usize)
            .map(Content::Quote)
    }

    /// Skip "reporters", "him", "the press", "Reuters" after "told".
    fn skip_addressee(&self, j: usize, hi: usize) -> usize {
        let w = self.low(j);
        if is_object_pronoun(w.as_str()) {
            return j + 1;
        }
        let start = if is_det(w.as_str()) { j + 1 } else { j };
        if let Some(m) = self.mention_at(start) {
            return self.doc.mentions[m as usize].tok_end as usize;
        }
        // A short noun phrase up to "that", a comma or a quotation.
        let mut k = start;
        while k < hi && k < start + 5 {
            let t = self.tok(k);
            if self.low(k).as_str() == "that"
                || t == ","
                || t == ":"
                || self.quote_opening_at(k).is_some()
            {
                return k;
            }
            if !self.doc.tokens[k].is(tf::ALPHA) || is_function(self.low(k).as_str()) {
                break;
            }
            k += 1;
        }
        // One plain noun ("told reporters the talks failed").
        if start == j
            && self.doc.tokens[j].is(tf::LOWER)
            && self.tok(j).ends_with('s')
            && !is_function(w.as_str())
        {
            return j + 1;
        }
        j
    }

    /// Does `a..b` look like a finite clause (or a question)? A verb-like word
    /// within the first ten tokens: an auxiliary, or an "-ed" word not right
    /// after a determiner or preposition ("numerous bloodied bodies").
    fn clause_like(&self, a: usize, b: usize) -> bool {
        let w0 = self.low(a);
        if matches!(
            w0.as_str(),
            "how" | "why" | "what" | "whether" | "where" | "when" | "if" | "who" | "which"
        ) || is_subject_pronoun(w0.as_str())
            || w0.as_str() == "there"
        {
            return true;
        }
        for k in a + 1..b.min(a + 10) {
            let t = &self.doc.tokens[k];
            if !t.is(tf::LOWER) {
                continue;
            }
            let w = self.low(k);
            let w = w.as_str();
            if is_finite_marker(w)
                || w.ends_with("n't")
                || matches!(w, "he" | "she" | "they" | "we" | "i")
            {
                return true;
            }
            // "a penalty which the referee awarded": a relative clause, not a report.
            if matches!(w, "which" | "who" | "whom" | "that") {
                return false;
            }
            if w.len() > 4 && w.ends_with("ed") {
                let p = self.low(k - 1);
                let p = p.as_str();
                if !is_det(p)
                    && !is_function(p)
                    && !matches!(p, "little" | "few" | "newly" | "well" | "so" | "too")
                {
                    return true;
                }
            }
        }
        false
    }

    /// The subject left of a cue, skipping auxiliaries and adverbs.
    fn left_of(&self, c: usize, lo: usize, participle: bool) -> Left {
        let mut j = c;
        let mut ly: Option<usize> = None;
        let mut steps = 0;
        while j > lo && steps < 4 {
            let w = self.low(j - 1);
            let w = w.as_str();
            if is_be(w) {
                if !participle {
                    return Left::Passive;
                }
            } else if is_aux(w) {
            } else if w.len() > 4 && w.ends_with("ly") && self.doc.tokens[j - 1].is(tf::LOWER) {
                ly.get_or_insert(j - 1);
            } else {
                break;
            }
            j -= 1;
            steps += 1;
        }
        let r = self.subject_ending_at(j, lo);
        if matches!(r, Left::Nothing)
            && let Some(k) = ly
        {
            // "The family said": the "-ly" word was the noun.
            if let Some(sp) = self.phrase_ending_at(k, lo) {
                return Left::Found(sp);
            }
        }
        r
    }

    /// What ends right before token `j`.
    fn subject_ending_at(&self, j: usize, lo: usize) -> Left {
        if j <= lo {
            return Left::Nothing;
        }
        let k = j - 1;
        if let Some(m) = self.mention_at(k) {
            let mm = &self.doc.mentions[m as usize];
            if let Some(p) = self.person_of(mm.tok_start as usize, lo) {
                return Left::Found(Speaker::Mention(p));
            }
            if mm.kind != EntityType::Person && self.after_preposition(mm.tok_start as usize, lo) {
                // "A spokesman for the Foreign Ministry said": the phrase before the
                // preposition heads the speaker, the body after it belongs to it.
                let mut p = mm.tok_start as usize;
                if p > lo && self.low(p - 1).as_str() == "the" {
                    p -= 1;
                }
                // One more step left over a second preposition ("Analysts at the Institute
                // in Ruritania said").
                for _ in 0..2 {
                    if p < lo + 2 {
                        break;
                    }
                    let Some(Speaker::Phrase(a, _)) = self.phrase_ending_at(p - 2, lo) else {
                        break;
                    };
                    if a > lo && is_prep(self.low(a - 1).as_str()) {
                        p = a;
                        continue;
                    }
                    return Left::Found(Speaker::Phrase(a, mm.tok_end as usize));
                }
                return Left::Nothing;
            }
            return Left::Found(Speaker::Mention(m));
        }
        let w = self.low(k);
        let w = w.as_str();
        if is_subject_pronoun(w) {
            return Left::Found(Speaker::Pronoun(k));
        }
        if matches!(w, "who" | "which") {
            let mut a = k;
            if a > lo && self.tok(a - 1) == "," {
                a -= 1;
            }
            if a > lo
                && let Some(m) = self.mention_at(a - 1)
            {
                return Left::Found(Speaker::Mention(m));
            }
            return Left::Nothing;
        }
        match self.tok(k) {
            "," => return Left::Comma(k),
            _ if matches!(w, "and" | "but" | "then") => return Left::Coord(k),
            _ => {}
        }
        if let Some(sp) = self.phrase_ending_at(k, lo)
            && let Some(p) = self.person_of(self.speaker_start(sp), lo)
        {
            return Left::Found(Speaker::Mention(p));
        }
        match self.phrase_ending_at(k, lo) {
            Some(sp) if !self.after_preposition(self.speaker_start(sp), lo) => Left::Found(sp),
            _ => Left::Nothing,
        }
    }

    /// "Dr. Amara Lind of the U.N. mission said", "Aid workers at the camp said": the person
    /// or group the phrase starting at `a` is attached to.
    fn person_of(&self, a: usize, lo: usize) -> Option<u32> {
        let mut p = a;
        if p > lo && self.low(p - 1).as_str() == "the" {
            p -= 1;
        }
        if p < lo + 2 {
            return None;
        }
        let prep = self.low(p - 1);
        let prep = prep.as_str();
        let m = self.mention_at(p - 2)?;
        match self.doc.mentions[m as usize].kind {
            EntityType::Person => matches!(prep, "of" | "from" | "at" | "with").then_some(m),
            // A group's place ("officials in Kyiv", "workers at the camp").
            EntityType::Group | EntityType::Org => {
                matches!(prep, "of" | "from" | "at" | "in" | "near").then_some(m)
            }
            _ => None,
        }
    }

    /// Is the phrase starting at `a` (perhaps after "the") a preposition's
    /// object ("in the South Pacific fear …")? Then it is no subject.
    fn after_preposition(&self, a: usize, lo: usize) -> bool {
        let mut p = a;
        if p > lo && self.low(p - 1).as_str() == "the" {
            p -= 1;
        }
        p > lo && {
            let w = self.low(p - 1);
            is_prep(w.as_str()) && !matches!(w.as_str(), "of" | "with")
        }
    }

    /// A noun phrase ending at token `k`, without a mention: "the results",
    /// "a teacher", "Some individuals", "Results of NCLAN studies". It must
    /// start with a determiner, at the sentence start, or (a bare plural)
    /// after a clause boundary.
    fn phrase_ending_at(&self, k: usize, lo: usize) -> Option<Speaker> {
        let t = &self.doc.tokens[k];
        let w = self.low(k);
        if !t.is(tf::ALPHA)
            || is_function(w.as_str())
            || is_det(w.as_str())
            || w.as_str().is_empty() && t.is(tf::LOWER)
        {
            return None;
        }
        // Adverbs, participles and past tenses head no subject ("the judge rejected claims").
        if t.is(tf::LOWER) && ["ly", "ing", "ed"].iter().any(|x| w.as_str().ends_with(x)) {
            return None;
        }
        let plural = w.as_str().ends_with('s');
        let mut a = k;
        let mut steps = 0;
        while a > lo && steps < 8 {
            let p = a - 1;
            let pw = self.low(p);
            let pw = pw.as_str();
            if is_det(pw) {
                return Some(Speaker::Phrase(p, k + 1));
            }
            let pt = &self.doc.tokens[p];
            let inner = self.mention_at(p).is_some()
                || matches!(self.tok(p), "'s" | "’s" | "-")
                || pw == "of"
                || (pt.is(tf::ALPHA) && !is_function(pw) && !pw.ends_with("ly"));
            if !inner {
                let boundary = matches!(self.tok(p), "," | ";" | ":" | "(" | "—" | "–")
                    || self.quote_opening_at(p).is_some()
                    || is_boundary_word(pw);
                return (boundary && plural && a == k).then_some(Speaker::Phrase(a, k + 1));
            }
            a = p;
            steps += 1;
        }
        if a == lo {
            return Some(Speaker::Phrase(a, k + 1));
        }
        None
    }

    /// The head of a chunk `[s, end)` that goes on with a preposition: "The
    /// Monitoring Mission in Ruritania", "An observer team from the League of
    /// States" — a mention or a phrase that starts the chunk and ends right
    /// before its first preposition other than "of".
    fn head_before_preposition(&self, s: usize, end: usize) -> Option<Speaker> {
        let p = (s + 1..end.min(s + 10)).find(|&x| {
            let w = self.low(x);
            is_prep(w.as_str()) && w.as_str() != "of"
        })?;
        let k = p - 1;
        let opens = |a: usize| a == s || (a == s + 1 && is_det(self.low(s).as_str()));
        if let Some(m) = self.mention_at(k) {
            let mm = &self.doc.mentions[m as usize];
            if opens(mm.tok_start as usize) && mm.tok_end as usize == p {
                return Some(Speaker::Mention(m));
            }
        }
        match self.phrase_ending_at(k, s)? {
            Speaker::Phrase(a, b) if opens(a) || a == s => Some(Speaker::Phrase(a, b)),
            _ => None,
        }
    }

    /// "X, spokesman for Y, Z, said": the leftmost subject of a comma chain.
    fn apposition_subject(&self, comma: usize, lo: usize, cue: usize) -> Option<Speaker> {
        // The leftmost mention, else the leftmost phrase.
        let mut best = None;
        let mut best_phrase = None;
        let mut end = comma; // a comma token
        let mut chunks = 0;
        while chunks < 4 && end > lo {
            let mut c0 = end;
            while c0 > lo && self.tok(c0 - 1) != "," && cue - c0 < APPOSITION_WINDOW {
                c0 -= 1;
            }
            if cue - c0 >= APPOSITION_WINDOW || c0 == end {
                break;
            }
            // A chunk opening with a closing quotation mark ends the chain: the
            // quotation before it is the content.
            let mut s = c0;
            while s < end && mark(self.doc, s).is_some() {
                s += 1;
            }
            if s == end {
                break;
            }
            let first = self.low(s);
            let starts_ok = !(is_prep(first.as_str())
                || is_boundary_word(first.as_str())
                || matches!(first.as_str(), "who" | "which" | "however"));
            if starts_ok {
                let k = end - 1;
                let cand = if let Some(m) = self.mention_at(k) {
                    Some(Speaker::Mention(m))
                } else if is_subject_pronoun(self.low(k).as_str()) && k == s {
                    Some(Speaker::Pronoun(k))
                } else {
                    self.phrase_ending_at(k, s).filter(|sp| matches!(sp, Speaker::Phrase(a, _) if *a == s || is_det(self.low(*a).as_str())))
                };
                // The chunk's head, not a preposition's object ("a spokesman
                // for the Northern Alliance").
                let head = cand
                    .filter(|&sp| {
                        (s..self.speaker_start(sp)).all(|x| !is_prep(self.low(x).as_str()))
                    })
                    .or_else(|| self.head_before_preposition(s, end));
                match head {
                    Some(Speaker::Phrase(..)) => best_phrase = head,
                    Some(_) => best = head,
                    None => {}
                }
            }
            if c0 == lo || s > c0 {
                break;
            }
            end = c0 - 1;
            chunks += 1;
        }
        best.or(best_phrase)
    }

    /// The speaker right after an inverted cue ("said KCNA.", "said the post
    /// by …", "said Irena Vasko, the minister"): speaker and its end token.
    fn subject_after(&self, b: usize, hi: usize) -> Option<(Speaker, usize)> {
        if b >= hi {
            return None;
        }
        let w = self.low(b);
        let (sp, end) = if let Some(m) = self.mention_after_titles(b, hi) {
            (
                Speaker::Mention(m),
                self.doc.mentions[m as usize].tok_end as usize,
            )
        } else if matches!(w.as_str(), "he" | "she" | "they" | "it" | "we") {
            (Speaker::Pronoun(b), b + 1)
        } else if is_det(w.as_str()) {
            let mut k = b + 1;
            while k < hi
                && k < b + 5
                && self.doc.tokens[k].is(tf::ALPHA)
                && !is_function(self.low(k).as_str())
            {
                k += 1;
            }
            if k == b + 1 {
                return None;
            }
            (Speaker::Phrase(b, k), k)
        } else {
            return None;
        };
        let ok = end >= hi || {
            let t = self.tok(end);
            matches!(t, "," | "." | "!" | "?" | ";" | ":" | ")" | "—" | "–")
                || is_prep(self.low(end).as_str())
                || mark(self.doc, end).is_some()
        };
        ok.then_some((sp, end))
    }

    /// A mention starting at `b` or after up to three title words or a
    /// determiner ("Ambassador Mohib", "the agency's director Jane Doe").
    fn mention_after_titles(&self, b: usize, hi: usize) -> Option<u32> {
        let mut k = b;
        while k < hi && k < b + 4 {
            if let Some(m) = self.mention_at(k) {
                return (self.doc.mentions[m as usize].tok_start as usize == k).then_some(m);
            }
            let t = &self.doc.tokens[k];
            let w = self.low(k);
            if !(is_det(w.as_str()) && k == b
                || t.is(tf::ALPHA) && !is_function(w.as_str()) && !w.as_str().is_empty())
            {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The subject a participle hangs on when no earlier cue gave one: the
    /// mention or pronoun that starts the sentence.
    fn sentence_subject(&self, s0: usize, cue: usize) -> Option<Speaker> {
        let mut j = s0;
        while j < cue && (self.doc.tokens[j].is(tf::PUNCT) || is_det(self.low(j).as_str())) {
            j += 1;
        }
        if j >= cue {
            return None;
        }
        if let Some(m) = self.mention_at(j) {
            return Some(Speaker::Mention(m));
        }
        is_subject_pronoun(self.low(j).as_str()).then_some(Speaker::Pronoun(j))
    }

    /// "according to X, …" / "…, according to X."
    fn according(&self, cue: (usize, usize), e: u32, lo: usize, hi: usize) -> Option<Found> {
        let b = cue.1;
        if b >= hi {
            return None;
        }
        // The source's noun phrase: up to a comma, a preposition, "that" or a
        // quotation; names are atomic ("the Ministry of Defence").
        let mut np = b;
        while np < hi && np < b + 8 {
            if let Some(m) = self.mention_at(np) {
                np = self.doc.mentions[m as usize].tok_end as usize;
                continue;
            }
            let t = self.tok(np);
            let w = self.low(np);
            if matches!(t, "," | ";" | ":" | "(" | ")" | "—" | "–")
                || is_terminal(t)
                || w.as_str() == "that"
                || self.quote_opening_at(np).is_some()
                || (np > b
                    && (is_prep(w.as_str()) || is_function(w.as_str()) && !is_det(w.as_str())))
            {
                break;
            }
            np += 1;
        }
        let np = np.min(hi);
        if np <= b {
            return None;
        }
        // Its head: a name that ends it, else an organisation or person
        // opening it ("Yonhap news agency"); a nationality word is only a
        // modifier ("the German health ministry").
        let head = self
            .mention_at(np - 1)
            .filter(|&m| self.doc.mentions[m as usize].tok_end as usize == np)
            .or_else(|| {
                (b..np).filter_map(|k| self.mention_at(k)).find(|&m| {
                    matches!(
                        self.doc.mentions[m as usize].kind,
                        EntityType::Org | EntityType::Person | EntityType::Group
                    )
                })
            });
        let mut end = np;
        let mut sp = match head {
            Some(m) => Speaker::Mention(m),
            None => {
                let det = is_det(self.low(b).as_str());
                let plural = self.tok(np - 1).ends_with('s');
                let cap = self.doc.tokens[b].is(tf::CAP);
                if !(det || plural || cap) {
                    return None;
                }
                Speaker::Phrase(b, np)
            }
        };
        let mut speaker_np = None;
        // "according to the Afghan team's coach, Alireza Mehraban, …"
        if np + 1 < hi
            && self.tok(np) == ","
            && let Some(m) = self.mention_at(np + 1)
        {
            let mm = &self.doc.mentions[m as usize];
            let me = mm.tok_end as usize;
            if mm.kind == EntityType::Person
                && mm.tok_start as usize == np + 1
                && (me >= hi || matches!(self.tok(me), "," | "."))
            {
                sp = Speaker::Mention(m);
                speaker_np = Some((b, me));
                end = me;
            }
        }
        // The source runs to the comma or the end: "according to an Internet posting made … ago,".
        let mut k = end;
        while k < hi && k < end + 12 && self.tok(k) != "," && !is_terminal(self.tok(k)) {
            k += 1;
        }
        if k < hi && self.tok(k) == "," {
            end = k;
        }
        let trail = self.trim_end(lo, hi);
        let at_clause_start = cue.0 == lo || {
            let p = self.tok(cue.0 - 1);
            p == ","
                || self.low(cue.0 - 1).as_str() == "that"
                || self.quote_opening_at(cue.0 - 1).is_some()
        };
        let mut after = end;
        while after < hi && self.tok(after) == "," {
            after += 1;
        }
        let right = (after < trail).then_some((after, trail));
        let left = (cue.0 > lo + 1).then(|| {
            let mut e2 = cue.0;
            while e2 > lo && matches!(self.tok(e2 - 1), "," | "—" | "–" | "(") {
                e2 -= 1;
            }
            (self.clause_start(lo, e2), e2)
        });
        let content = match (
            at_clause_start && cue.0 == lo || self.low(cue.0.saturating_sub(1)).as_str() == "that",
            left,
            right,
        ) {
            (true, _, Some(r)) => r,
            (_, Some(l), Some(r)) if at_clause_start => {
                if r.1 - r.0 >= l.1 - l.0 {
                    r
                } else {
                    l
                }
            }
            (_, Some(l), _) if l.1 > l.0 => l,
            (_, _, Some(r)) => r,
            _ => return None,
        };
        if content.1 <= content.0 {
            return None;
        }
        Some(Found {
            speaker: sp,
            speaker_np,
            cue,
            entry: e,
            content: Content::Clause(content.0, content.1),
        })
    }

    /// Quotations that continue an attributed one in the next sentence or
    /// paragraph without a cue of their own keep its speaker and cue.
    fn continuations(&self, found: &mut Vec<Found>, used_quote: &mut [bool]) {
        if self.quotes.is_empty() {
            return;
        }
        // The direct statements by the position of their last token.
        let mut direct: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.content, Content::Quote(_)))
            .map(|(i, f)| (self.last_token(f), i))
            .collect();
        direct.sort_unstable();
        let mut di = 0;
        let mut last: Option<(usize, usize)> = None; // (last token, found index)
        for (q, &quote) in self.quotes.iter().enumerate() {
            while di < direct.len() && direct[di].0 < quote.open {
                last = Some(direct[di]);
                di += 1;
            }
            if used_quote[q] {
                continue;
            }
            let Some((lt, fi)) = last else { continue };
            let Some(qs) = self.doc.segment_of(quote.open) else {
                continue;
            };
            let Some(ls) = self.doc.segment_of(lt) else {
                continue;
            };
            let seg = self.doc.segments[qs];
            // The quotation opens its sentence and runs (nearly) to its end, in
            // the same or the next sentence as the attributed one.
            if quote.open != seg.tok_start as usize
                || qs > ls + 1
                || quote.close + 2 < seg.tok_end as usize
            {
                continue;
            }
            let f = Found {
                content: Content::Quote(q),
                ..found[fi].clone()
            };
            used_quote[q] = true;
            found.push(f);
            last = Some((quote.close, found.len() - 1));
        }
    }

    fn last_token(&self, f: &Found) -> usize {
        let (_, b) = self.content_range(f.content);
        let c = match f.content {
            Content::Quote(q) => self.quotes[q].close,
            Content::Clause(_, b) => b,
        };
        let s = match f.speaker {
            Speaker::Mention(m) => self.doc.mentions[m as usize].tok_end as usize,
            Speaker::Pronoun(p) => p + 1,
            Speaker::Phrase(_, b) => b,
        };
        b.max(c).max(s).max(f.cue.1) - 1
    }

    /// The speaker's noun phrase around its mention: premodifiers ("Tunisia's
    /// coach Nabil Maaloul", "the agency's director Jane Doe") and a title
    /// apposition before it ("Malaysia's Prime Minister, Najib Razak").
    fn speaker_extent(&self, m: u32) -> (usize, usize) {
        let mm = &self.doc.mentions[m as usize];
        let (a, b) = (mm.tok_start as usize, mm.tok_end as usize);
        let Some(si) = self.doc.segment_of(a) else {
            return (a, b);
        };
        let s0 = self.doc.segments[si].tok_start as usize;
        let mut j = a;
        let mut took = false;
        let mut steps = 0;
        while j > s0 && steps < 6 {
            steps += 1;
            let p = j - 1;
            let w = self.low(p);
            let w = w.as_str();
            if matches!(w, "'s") && p > s0 {
                j = self.mention_at(p - 1).map_or(p - 1, |pm| {
                    self.doc.mentions[pm as usize].tok_start as usize
                });
                took = true;
                continue;
            }
            if let Some(pm) = self.mention_at(p) {
                if took {
                    j = self.doc.mentions[pm as usize].tok_start as usize;
                    continue;
                }
                break;
            }
            let t = &self.doc.tokens[p];
            if t.is(tf::ALPHA)
                && !t.is(tf::DIGIT)
                && !is_function(w)
                && !is_det(w)
                && self.is_role_word(m, self.tok(p))
            {
                j = p;
                took = true;
                continue;
            }
            if is_det(w) && (took || j == a) {
                j = p;
            }
            break;
        }
        if j > s0 + 1 && self.tok(j - 1) == "," {
            let c = j - 1;
            let mut k = c;
            while k > s0 && c - k < 7 && self.tok(k - 1) != "," {
                k -= 1;
            }
            let chunk_ok = (k == s0 || self.tok(k - 1) == ",") && c > k && c - k <= 6 && {
                let first = self.low(k);
                let mut titled = false;
                let mut ok = !is_prep(first.as_str()) && !is_boundary_word(first.as_str());
                for x in k..c {
                    let t = &self.doc.tokens[x];
                    let w = self.low(x);
                    let w = w.as_str();
                    if w == "'s" || t.is(tf::LOWER) && t.is(tf::ALPHA) && !is_function(w) {
                        titled = true;
                    } else if !(t.is(tf::ALPHA) && !is_function(w) || is_det(w) && x == k) {
                        ok = false;
                    }
                }
                ok && (titled || c - k >= 2 && self.mention_at(k).is_none())
            };
            if chunk_ok {
                j = k;
            }
        }
        (j, b)
    }

    /// Is `w` one of the words of the mention's entity's roles or affiliation
    /// (read by the resolve stage from the same premodifiers)?
    fn is_role_word(&self, m: u32, w: &str) -> bool {
        let e = self.mention_entity[m as usize];
        if e == NONE {
            return false;
        }
        let ent = &self.doc.entities[e as usize];
        ent.roles
            .iter()
            .chain(ent.affiliation.iter())
            .any(|r| r.split(' ').any(|x| x.eq_ignore_ascii_case(w)))
    }

    fn to_statement(&self, f: &Found) -> Statement {
        let entry = &self.cues.entries[f.entry as usize];
        let (speaker, speaker_span) = match f.speaker {
            Speaker::Mention(m) => {
                let e = self.mention_entity[m as usize];
                let (a, b) = f.speaker_np.unwrap_or_else(|| self.speaker_extent(m));
                ((e != NONE).then_some(e), self.doc.tok_span(a, b))
            }
            Speaker::Pronoun(p) => (None, self.doc.tokens[p].span),
            // "A spokesman for the Harbour Authority", "The League's monitoring mission in X":
            // the organisation named inside the phrase speaks through it.
            Speaker::Phrase(a, b) => {
                let org = (a..b).rev().find_map(|k| {
                    let m = self.mention_at(k)?;
                    let e = self.mention_entity[m as usize];
                    (e != NONE && self.doc.entities[e as usize].kind == Some(EntityType::Org))
                        .then_some(e)
                });
                (org, self.doc.tok_span(a, b))
            }
        };
        let (a, b) = self.content_range(f.content);
        let content_span = if b > a {
            self.doc.tok_span(a, b)
        } else {
            Span::new(
                self.doc.tokens[a.min(self.doc.tokens.len() - 1)].span.start as usize,
                self.doc.tokens[a.min(self.doc.tokens.len() - 1)].span.start as usize,
            )
        };
        Statement {
            speaker,
            speaker_span: Some(speaker_span),
            cue_span: self.doc.tok_span(f.cue.0, f.cue.1),
            content_span,
            direct: matches!(f.content, Content::Quote(_)),
            kind: entry.kind.clone(),
            polarity: entry.polarity,
        }
    }
}
