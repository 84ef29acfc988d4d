//! The times stage: time expressions with ISO values.
//!
//! One left-to-right pass over the tokens of each heading and sentence
//! matches a handful of patterns (no regex, nothing allocated per token):
//! absolute dates ("Friday, July 21, 2017", "21 July", "March 2024", "in 1990",
//! "mid-2023", "2017-07-21"), expressions relative to the publication date
//! ("on Friday", "yesterday", "last month", "three weeks ago", "later this
//! year"), expressions relative to the last date mentioned ("two years
//! later", "that year") and durations ("three days", "a decade").
//!
//! Values come in a second pass, in text order, once the publication date is
//! known: a dateline ("Friday, July 21, 2017" near the top) fills
//! `doc.meta.published` when the caller gave none. Without a publication date,
//! relative expressions keep their grain and get no value.
//!
//! A bare weekday or a date without a year is placed by the tense of its
//! sentence, read from a few cue words around it ("will", "is to", "said",
//! "-ed" verbs): "will meet on Friday" is the coming Friday, "met on Friday"
//! the last one (the publication day itself when it is a Friday).
//!
//! Spans leave out prepositions ("on Friday" → "Friday"), as TimeML does, but
//! keep modifiers that belong to the expression ("last week", "early March",
//! "Friday night").

mod words;

use crate::date::{Date, days_in_month};
use crate::doc::{Doc, EntityType, Layer, Span, Token, tf};
use crate::layers::TimeExpr;
use crate::pipeline::{Scratch, Stage};
use words::{Cue, Kw, Unit, W};

/// Fills [`Doc::times`] (and `doc.meta.published` from a dateline when unset).
///
/// Uses `doc.mentions` when an earlier stage filled them, to leave month and
/// day names inside names alone ("the March 14 Alliance").
pub struct TimeStage;

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn run(&self, doc: &mut Doc, _scratch: &mut Scratch) {
        let mut cands = Vec::new();
        for seg in &doc.segments {
            let r = seg.tokens();
            let m = Matcher {
                doc,
                lo: r.start.min(doc.tokens.len()),
                hi: r.end.min(doc.tokens.len()),
            };
            m.scan(&mut cands);
        }
        if doc.meta.published.is_none() {
            doc.meta.published = dateline(doc, &cands);
        }
        let times = resolve_all(doc, &cands);
        doc.times = times;
    }
}

/// Sentence tense as far as the cue words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// "last", "this", "next" or nothing before a weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Plain,
    Last,
    This,
    Next,
}

/// What was matched, before the publication date and anchors give it a value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Val {
    Day(Date),
    Month(i32, u8),
    Year(i32),
    /// First three digits of the decade's years (196 → the 1960s).
    Decade(i32),
    /// "'90s": the decade digit, century from the publication date.
    ShortDecade(u8),
    /// First two digits of the century's years (19 → the 20th century).
    Century(i32),
    Time(u8, u8),
    YearlessDay(u8, u8, Tense),
    YearlessMonth(u8, Tense),
    /// "last March" (-1), "this March" (0), "next March" (1).
    NamedMonth(u8, i8),
    Weekday(u8, Rel, Tense),
    /// "yesterday" (Day, -1), "next week" (Week, 1), "this year" (Year, 0).
    Deictic(Unit, i32),
    Weekend(i32, Tense),
    /// "three weeks ago"; `None` for "several weeks ago".
    Ago(Unit, Option<u32>),
    /// "two years later" (+2), "that year" (0), relative to the last date.
    Anchored(Unit, Option<i32>),
    Duration(Option<(u32, Unit)>),
    /// Recognised, never resolved (seasons, BCE years).
    Null(&'static str),
}

/// A matched expression: tokens `a..b`, or `sub` bytes inside one token.
#[derive(Debug, Clone, Copy)]
struct Cand {
    a: usize,
    b: usize,
    sub: Option<Span>,
    val: Val,
}

struct Matcher<'d> {
    doc: &'d Doc,
    /// The segment's token range.
    lo: usize,
    hi: usize,
}

impl<'d> Matcher<'d> {
    fn tok(&self, i: usize) -> Option<&'d Token> {
        if i >= self.lo && i < self.hi {
            self.doc.tokens.get(i)
        } else {
            None
        }
    }
    /// Token text; empty outside the segment.
    fn s(&self, i: usize) -> &'d str {
        self.tok(i)
            .and_then(|t| self.doc.text.get(t.span.range()))
            .unwrap_or("")
    }
    fn w(&self, i: usize) -> W {
        words::classify(self.s(i))
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.s(i).eq_ignore_ascii_case(word)
    }
    fn kw(&self, i: usize, k: Kw) -> bool {
        self.w(i) == W::Kw(k)
    }
    fn flag(&self, i: usize, f: u16) -> bool {
        self.tok(i).is_some_and(|t| t.is(f))
    }
    fn prev(&self, i: usize) -> Option<usize> {
        (i > self.lo).then(|| i - 1)
    }
    /// Lowercase text of the token before `i` (empty if none), in `buf`.
    fn prev_lower<'b>(&self, i: usize, buf: &'b mut [u8; 24]) -> &'b str {
        let s = self.prev(i).map_or("", |p| self.s(p));
        words::lower(s, buf).unwrap_or("")
    }
    fn is_dash(&self, i: usize) -> bool {
        matches!(self.s(i), "-" | "–" | "—")
    }
    fn is_comma(&self, i: usize) -> bool {
        self.s(i) == ","
    }

    fn scan(&self, out: &mut Vec<Cand>) {
        let mut i = self.lo;
        while i < self.hi {
            let n = out.len();
            match self.at(i, out) {
                Some(j) if j > i => i = j,
                _ => {
                    out.truncate(n);
                    i += 1;
                }
            }
        }
    }

    /// Try every pattern starting at token `i`; push what matched and
    /// return the index after it.
    fn at(&self, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        match self.w(i) {
            W::Weekday(d) => self.weekday(i, i, d, Rel::Plain, out),
            W::Month(_) | W::MonAbbr(_) => self.month(i, i, out),
            W::Num(n, nd) => self.number(i, n, nd, out),
            W::Ord(n) => self.ordinal(i, n, out),
            W::NumWord(_) | W::Kw(Kw::A) | W::Kw(Kw::Vague) => self.quantity(i, out),
            W::Decade(d) => {
                push(out, i, i + 1, Val::Decade(d as i32));
                Some(i + 1)
            }
            W::ShortDecade(d) => {
                push(out, i, i + 1, Val::ShortDecade(d));
                Some(i + 1)
            }
            W::DecadeWord(d) if self.prev(i).is_some_and(|p| self.kw(p, Kw::The)) => {
                push(out, i, i + 1, Val::Decade(190 + i32::from(d)));
                Some(i + 1)
            }
            W::Kw(k) => self.keyword(i, k, out),
            W::Other => self.compound(i, out),
            _ => None,
        }
    }

    // ---- weekdays and months ----

    /// A weekday at `i`, the expression starting at `s` ("last Friday").
    fn weekday(&self, s: usize, i: usize, d: u8, rel: Rel, out: &mut Vec<Cand>) -> Option<usize> {
        // "Friday, July 21, 2017", "Friday 21 July": the date decides.
        let j = if self.is_comma(i + 1) { i + 2 } else { i + 1 };
        match self.w(j) {
            W::Month(_) | W::MonAbbr(_) => {
                if let Some(e) = self.month_day(s, j, out) {
                    return Some(e);
                }
            }
            W::Num(..) | W::Ord(_) => {
                if let Some(e) = self.day_month(s, j, out) {
                    return Some(e);
                }
            }
            _ => {}
        }
        let mut buf = [0u8; 24];
        let before = self.prev_lower(s, &mut buf);
        // "Good Friday" is a name; "every Friday", "Saturday mornings" are habits.
        let mut nb = [0u8; 24];
        let after = words::lower(self.s(i + 1), &mut nb).unwrap_or("");
        if words::is_holiday_prefix(before)
            || matches!(before, "every" | "each")
            || matches!(after, "mornings" | "afternoons" | "evenings" | "nights")
        {
            return None;
        }
        // "the Sunday Times": a name.
        let next_cap = self.flag(i + 1, tf::CAP | tf::ALPHA)
            && !matches!(self.w(i + 1), W::Month(_) | W::Kw(Kw::PartOfDay));
        if before == "the" && next_cap {
            return None;
        }
        let mut end = i + 1;
        if self.kw(end, Kw::PartOfDay) {
            end += 1;
        }
        if self.in_name(i, s, end) {
            return None;
        }
        let tense = self.tense(s, end);
        push(out, s, end, Val::Weekday(d, rel, tense));
        Some(end)
    }

    /// A month name at `i`, the expression starting at `s` ("early March").
    fn month(&self, s: usize, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        if let Some(e) = self.month_day(s, i, out) {
            return Some(e);
        }
        let (m, abbr) = match self.w(i) {
            W::Month(m) => (m, false),
            W::MonAbbr(m) => (m, true),
            _ => return None,
        };
        if !self.flag(i, tf::CAP) {
            return None;
        }
        // "March 2024", "May, 1750", "November of 1776".
        let k = if self.is_comma(i + 1) || self.is(i + 1, "of") {
            i + 2
        } else {
            i + 1
        };
        if let W::Num(y, nd) = self.w(k)
            && (nd == 4 || (nd == 3 && self.is(i + 1, "of")))
            && self.year_ok(k, y, nd)
        {
            if self.in_name(i, s, k + 1) {
                return None;
            }
            push(out, s, k + 1, Val::Month(y as i32, m));
            return Some(k + 1);
        }
        if abbr {
            return None;
        }
        // A bare month: not a name ("August Wilson", "the March on Washington").
        let mut buf = [0u8; 24];
        let before = self.prev_lower(s, &mut buf);
        let led = s < i
            || words::is_month_lead(before)
            || (matches!(before, "and" | "or" | "to" | "-" | "–")
                && matches!(self.w(s.wrapping_sub(2)), W::Month(_) | W::Num(..)));
        if (m == 3 || m == 5) && !led {
            return None;
        }
        let next_cap = self.flag(i + 1, tf::CAP | tf::ALPHA)
            && !matches!(self.w(i + 1), W::Month(_) | W::Weekday(_));
        if next_cap && !led {
            return None;
        }
        if self.in_name(i, s, i + 1) {
            return None;
        }
        let tense = self.tense(s, i + 1);
        push(out, s, i + 1, Val::YearlessMonth(m, tense));
        Some(i + 1)
    }

    /// "July 21", "July 21, 2017", "Sept. 3rd 2001" with the month at `i`.
    fn month_day(&self, s: usize, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        let m = match self.w(i) {
            W::Month(m) | W::MonAbbr(m) => m,
            _ => return None,
        };
        if !self.flag(i, tf::CAP) {
            return None;
        }
        let d = match self.w(i + 1) {
            W::Num(d, nd) if nd <= 2 => d,
            W::Ord(d) => d,
            W::Other => return self.day_range(s, i, m, out),
            _ => return None,
        };
        let d = u8::try_from(d).ok().filter(|&d| (1..=31).contains(&d))?;
        self.finish_day(s, i, i + 2, m, d, out)
    }

    /// "March 5-7" (one token after the month), "March 5-7, 2024": two days.
    fn day_range(&self, s: usize, i: usize, m: u8, out: &mut Vec<Cand>) -> Option<usize> {
        let t = self.s(i + 1);
        let (x, y) = t.split_once('-')?;
        let day = |p: &str| -> Option<u8> {
            (p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u8>().ok())
                .flatten()
                .filter(|d| (1..=days_in_month(2000, m)).contains(d))
        };
        let (d1, d2) = (day(x)?, day(y)?);
        if d2 <= d1 || self.in_name(i, s, i + 2) {
            return None;
        }
        let k = if self.is_comma(i + 2) { i + 3 } else { i + 2 };
        let year = match self.w(k) {
            W::Num(yr, 4) if (1000..=2999).contains(&yr) => Some(yr as i32),
            _ => None,
        };
        let tense = self.tense(s, i + 2);
        let val = |d: u8| match year {
            Some(y) => Date::new(y, m, d).map(Val::Day),
            None => Some(Val::YearlessDay(m, d, tense)),
        };
        let (v1, v2) = (val(d1)?, val(d2)?);
        let start = self.tok(s)?.span.start as usize;
        let tok = self.tok(i + 1)?.span;
        let cut = tok.start as usize + x.len();
        let end = if year.is_some() {
            self.tok(k)?.span.end as usize
        } else {
            tok.end as usize
        };
        let last = if year.is_some() { k + 1 } else { i + 2 };
        out.push(Cand {
            a: s,
            b: i + 2,
            sub: Some(Span::new(start, cut)),
            val: v1,
        });
        out.push(Cand {
            a: i + 1,
            b: last,
            sub: Some(Span::new(cut + 1, end)),
            val: v2,
        });
        Some(last)
    }

    /// "21 July 2017", "21st of July" with the number at `i`.
    fn day_month(&self, s: usize, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        let d = match self.w(i) {
            W::Num(d, nd) if nd <= 2 => d,
            W::Ord(d) => d,
            _ => return None,
        };
        let d = u8::try_from(d).ok().filter(|&d| (1..=31).contains(&d))?;
        let j = if self.is(i + 1, "of") { i + 2 } else { i + 1 };
        let m = match self.w(j) {
            W::Month(m) | W::MonAbbr(m) if self.flag(j, tf::CAP) => m,
            _ => return None,
        };
        self.finish_day(s, j, j + 1, m, d, out)
    }

    /// After month `m` (token `mi`) and day `d`, with `k` the next token: an
    /// optional year.
    fn finish_day(
        &self,
        s: usize,
        mi: usize,
        k: usize,
        m: u8,
        d: u8,
        out: &mut Vec<Cand>,
    ) -> Option<usize> {
        let y = if self.is_comma(k) { k + 1 } else { k };
        if let W::Num(yr, 4) = self.w(y)
            && (1000..=2999).contains(&yr)
        {
            let date = Date::new(yr as i32, m, d)?;
            if self.in_name(mi, s, y + 1) {
                return None;
            }
            push(out, s, y + 1, Val::Day(date));
            return Some(y + 1);
        }
        if d > days_in_month(2000, m) || self.in_name(mi, s, k) {
            return None;
        }
        let tense = self.tense(s, k);
        push(out, s, k, Val::YearlessDay(m, d, tense));
        Some(k)
    }

    // ---- numbers ----

    fn number(&self, i: usize, n: u32, nd: u8, out: &mut Vec<Cand>) -> Option<usize> {
        if matches!(self.w(i + 1), W::Unit(..))
            && let Some(e) = self.quantity(i, out)
        {
            return Some(e);
        }
        if nd <= 2 {
            if let Some(e) = self.day_month(i, i, out) {
                return Some(e);
            }
            // "8 pm", "10 a.m."
            if (1..=12).contains(&n) && self.is_meridiem(i + 1) {
                let h = (n % 12) as u8 + if self.is_pm(i + 1) { 12 } else { 0 };
                push(out, i, i + 2, Val::Time(h, 0));
                return Some(i + 2);
            }
            return None;
        }
        if nd == 4 && self.year_ok(i, n, nd) {
            return self.year(i, n, out);
        }
        // Three-digit years only where an era or "circa" says so: "c. 347", "AD 842", "711 AD".
        if nd == 3 {
            let mut buf = [0u8; 24];
            let before = self.prev_lower(i, &mut buf);
            let mut nb = [0u8; 24];
            let after = words::lower(self.s(i + 1), &mut nb).unwrap_or("");
            if matches!(before, "c." | "ca." | "circa" | "ad" | "a.d.")
                || matches!(after, "ad" | "a.d." | "ce")
            {
                return self.year(i, n, out);
            }
        }
        None
    }

    fn is_meridiem(&self, i: usize) -> bool {
        let mut buf = [0u8; 24];
        matches!(
            words::lower(self.s(i), &mut buf),
            Some("am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m")
        )
    }
    fn is_pm(&self, i: usize) -> bool {
        self.s(i).starts_with(['p', 'P'])
    }

    /// Is the four-digit number at `i` a year, not a count or an identifier?
    fn year_ok(&self, i: usize, n: u32, nd: u8) -> bool {
        if !(nd == 4 && (1000..=2100).contains(&n) || nd == 3 && n >= 100) {
            return false;
        }
        let mut buf = [0u8; 24];
        let before = self.prev_lower(i, &mut buf);
        if words::NUMBER_PREFIXES.binary_search(&before).is_ok() || before.ends_with('$') {
            return false;
        }
        let mut buf2 = [0u8; 24];
        let after = words::lower(self.s(i + 1), &mut buf2).unwrap_or("");
        if after == "%"
            || words::COUNT_NOUNS.binary_search(&after).is_ok() && !matches!(after, "bc" | "bce")
        {
            return false;
        }
        // "1214 Anderson Ave": a street number.
        let mut buf3 = [0u8; 24];
        let after2 = words::lower(self.s(i + 2), &mut buf3).unwrap_or("");
        !(self.flag(i + 1, tf::CAP) && words::is_street(after2))
    }

    /// A year at `i` (already checked), with what may follow it.
    fn year(&self, i: usize, n: u32, out: &mut Vec<Cand>) -> Option<usize> {
        let next = self.s(i + 1);
        // "the 1930's": a decade.
        if matches!(next, "'s" | "’s")
            && n.is_multiple_of(10)
            && self.prev(i).is_some_and(|p| self.kw(p, Kw::The))
        {
            push(out, i, i + 2, Val::Decade((n / 10) as i32));
            return Some(i + 2);
        }
        let mut buf = [0u8; 24];
        match words::lower(next, &mut buf).unwrap_or("") {
            "bc" | "bce" | "b.c." | "b.c" => {
                push(out, i, i + 2, Val::Null("year"));
                return Some(i + 2);
            }
            "ad" | "ce" | "a.d." | "a.d" => {
                push(out, i, i + 2, Val::Year(n as i32));
                return Some(i + 2);
            }
            _ => {}
        }
        push(out, i, i + 1, Val::Year(n as i32));
        // "1920 – 21": the second year of a range, written short.
        if self.is_dash(i + 1)
            && let W::Num(v, 2) = self.w(i + 2)
            && v > n % 100
        {
            push(out, i + 2, i + 3, Val::Year((n - n % 100 + v) as i32));
            return Some(i + 3);
        }
        Some(i + 1)
    }

    fn ordinal(&self, i: usize, n: u32, out: &mut Vec<Cand>) -> Option<usize> {
        if let Some(e) = self.day_month(i, i, out) {
            return Some(e);
        }
        // "the 20th century"
        if self.w(i + 1) == W::Unit(Unit::Century, false) && (1..=30).contains(&n) {
            push(out, i, i + 2, Val::Century(n as i32 - 1));
            return Some(i + 2);
        }
        None
    }

    /// "three days", "a decade", "several weeks", "two years ago", "two
    /// years later", starting at `i`.
    fn quantity(&self, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        let (count, j, weak) = match self.w(i) {
            W::Num(n, _) => (Some(n), i + 1, false),
            W::NumWord(n) => (Some(n), i + 1, n == 1),
            W::Kw(Kw::A) => match self.w(i + 1) {
                W::Kw(Kw::Vague) if self.is(i + 2, "of") => (None, i + 3, false),
                W::Kw(Kw::Vague) => (None, i + 2, false),
                _ => (Some(1), i + 1, true),
            },
            W::Kw(Kw::Vague) => (None, i + 1, false),
            _ => return None,
        };
        let W::Unit(u, plural) = self.w(j) else {
            return None;
        };
        // "a days", "three day" are not quantities of time.
        if count == Some(1) && plural || count.is_some_and(|c| c > 1) && !plural {
            return None;
        }
        let k = j + 1;
        // "met on Wednesday, a day after X accused Y": X's act was the day before
        // that date ("before": after it). Only right after a date in the same
        // sentence, which is the anchor; fronted ("A day after the talks, …") it
        // would need the clause's own date.
        let after_a_date = count.is_some()
            && i >= self.lo + 2
            && self.is(i - 1, ",")
            && out.last().is_some_and(|c| c.b + 1 == i && c.a >= self.lo);
        // The sign of an anchored quantity ("two years later", "a day after").
        let sign = match self.w(k) {
            W::Kw(Kw::Ago) => {
                push(out, i, k + 1, Val::Ago(u, count));
                return Some(k + 1);
            }
            // "three years old": an age.
            W::Kw(Kw::Old) => return Some(k + 1),
            W::Kw(Kw::Later) => Some(1),
            W::Kw(Kw::Earlier) => Some(-1),
            _ if after_a_date && self.is(k, "after") => Some(-1),
            _ if after_a_date && self.is(k, "before") => Some(1),
            _ => None,
        };
        if let Some(sign) = sign {
            push(
                out,
                i,
                k + 1,
                Val::Anchored(u, count.map(|c| sign * c as i32)),
            );
            return Some(k + 1);
        }
        if weak {
            // "a year", "one day" are durations only after "for", "over"…
            let mut buf = [0u8; 24];
            if !words::is_duration_lead(self.prev_lower(i, &mut buf)) {
                return None;
            }
        }
        push(out, i, k, Val::Duration(count.map(|c| (c, u))));
        Some(k)
    }

    // ---- keywords ----

    fn keyword(&self, i: usize, k: Kw, out: &mut Vec<Cand>) -> Option<usize> {
        match k {
            Kw::Yesterday | Kw::Today | Kw::Tomorrow | Kw::Tonight => {
                let off = match k {
                    Kw::Yesterday => -1,
                    Kw::Tomorrow => 1,
                    _ => 0,
                };
                let end = if self.kw(i + 1, Kw::PartOfDay) {
                    i + 2
                } else {
                    i + 1
                };
                if k == Kw::Today && self.generic_today(i) {
                    push(out, i, end, Val::Null("day"));
                    return Some(end);
                }
                push(out, i, end, Val::Deictic(Unit::Day, off));
                Some(end)
            }
            Kw::Last | Kw::This | Kw::Next | Kw::Past | Kw::Coming => self.relative(i, k, out),
            Kw::Earlier | Kw::Later | Kw::Early | Kw::Late | Kw::Mid => self.modified(i, k, out),
            Kw::The | Kw::That => self.anchored(i, k, out),
            Kw::Season => {
                // "summer 2010", "the summer of 2010": no ISO value, but the
                // year must not stand alone.
                let y = if self.is(i + 1, "of") { i + 2 } else { i + 1 };
                if let W::Num(n, 4) = self.w(y)
                    && self.year_ok(y, n, 4)
                {
                    push(out, i, y + 1, Val::Null("season"));
                    return Some(y + 1);
                }
                None
            }
            _ => None,
        }
    }

    /// "Today, many Greeks worship…", "as strong today as": "nowadays", not
    /// the publication day. Only in a sentence with no past or future cue.
    fn generic_today(&self, i: usize) -> bool {
        let mut buf = [0u8; 24];
        let before = self.prev_lower(i, &mut buf);
        if self.is(i + 1, "as") || matches!(before, "even" | "still") {
            return true;
        }
        i == self.lo && self.is_comma(i + 1) && self.tense(i, i + 1) == Tense::Unknown
    }

    /// "last week", "this year", "next Friday", "this past week", "last
    /// March", "the past 30 years", starting at `i`.
    fn relative(&self, i: usize, k: Kw, out: &mut Vec<Cand>) -> Option<usize> {
        let (mut rel, mut j) = match k {
            Kw::Last | Kw::Past => (-1, i + 1),
            Kw::This => (0, i + 1),
            _ => (1, i + 1),
        };
        if k == Kw::This && self.kw(j, Kw::Past) {
            rel = -1;
            j += 1;
        }
        let the_before = self.prev(i).is_some_and(|p| self.kw(p, Kw::The));
        match self.w(j) {
            W::Weekday(d) => {
                let r = match rel {
                    -1 => Rel::Last,
                    0 => Rel::This,
                    _ => Rel::Next,
                };
                self.weekday(i, j, d, r, out)
            }
            W::Unit(u, false) => {
                // "the last year", "the next month": a period, or a step from
                // the last date; "last year", "the coming week": a calendar unit.
                if the_before && k != Kw::Coming || k == Kw::Past && rel == -1 && j == i + 1 {
                    let mut buf = [0u8; 24];
                    let p2 = self.prev(i).map_or("", |p| {
                        words::lower(self.s(p.wrapping_sub(1)), &mut buf).unwrap_or("")
                    });
                    let period = matches!(
                        p2,
                        "over" | "during" | "within" | "in" | "for" | "throughout"
                    );
                    if rel == 1
                        && !period
                        && matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
                    {
                        push(out, i, j + 1, Val::Anchored(u, Some(1)));
                    } else {
                        push(out, i, j + 1, Val::Duration(Some((1, u))));
                    }
                    return Some(j + 1);
                }
                if matches!(u, Unit::Minute | Unit::Hour | Unit::Day | Unit::Fortnight) {
                    return None;
                }
                push(out, i, j + 1, Val::Deictic(u, rel));
                Some(j + 1)
            }
            W::Unit(_, true) => {
                push(out, i, j + 1, Val::Duration(None));
                Some(j + 1)
            }
            W::Kw(Kw::Weekend) if !the_before || k == Kw::Coming => {
                let tense = self.tense(i, j + 1);
                push(out, i, j + 1, Val::Weekend(rel, tense));
                Some(j + 1)
            }
            // "last night", "this morning"
            W::Kw(Kw::PartOfDay) if !the_before => {
                let night = self.is(j, "night");
                let off = match (rel, night) {
                    (-1, true) => -1,
                    (0, _) => 0,
                    (1, true) => 1,
                    _ => return None,
                };
                push(out, i, j + 1, Val::Deictic(Unit::Day, off));
                Some(j + 1)
            }
            W::Month(m) if self.flag(j, tf::CAP) && !the_before => {
                if self.in_name(j, i, j + 1) {
                    return None;
                }
                push(out, i, j + 1, Val::NamedMonth(m, rel as i8));
                Some(j + 1)
            }
            W::Kw(Kw::Season) => {
                push(out, i, j + 1, Val::Null("season"));
                Some(j + 1)
            }
            // "the past 30 years", "the next few weeks"
            W::Num(..) | W::NumWord(_) | W::Kw(Kw::Vague) | W::Kw(Kw::A) => {
                let n = out.len();
                let e = self.quantity(j, out)?;
                if out.len() > n {
                    out[n].a = i;
                }
                Some(e)
            }
            _ => None,
        }
    }

    /// "earlier this month", "later this year", "early March", "mid-2023"
    /// (as two tokens), "late last year", starting at `i`.
    fn modified(&self, i: usize, k: Kw, out: &mut Vec<Cand>) -> Option<usize> {
        let j = i + 1;
        match self.w(j) {
            W::Kw(Kw::This | Kw::Last | Kw::Next) => {
                let rel = match self.w(j) {
                    W::Kw(Kw::Last) => -1,
                    W::Kw(Kw::This) => 0,
                    _ => 1,
                };
                if let W::Unit(
                    u @ (Unit::Week | Unit::Month | Unit::Year | Unit::Decade | Unit::Century),
                    false,
                ) = self.w(j + 1)
                {
                    push(out, i, j + 2, Val::Deictic(u, rel));
                    return Some(j + 2);
                }
                None
            }
            W::Kw(Kw::Today | Kw::Tonight) if matches!(k, Kw::Earlier | Kw::Later) => {
                push(out, i, j + 1, Val::Deictic(Unit::Day, 0));
                Some(j + 1)
            }
            W::Kw(Kw::That) if matches!(k, Kw::Earlier | Kw::Later) => {
                if let W::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) =
                    self.w(j + 1)
                {
                    push(out, i, j + 2, Val::Anchored(u, Some(0)));
                    return Some(j + 2);
                }
                None
            }
            W::Month(_) | W::Num(_, 4) | W::Decade(_) | W::Other
                if matches!(k, Kw::Early | Kw::Mid | Kw::Late) =>
            {
                let n = out.len();
                let e = match self.w(j) {
                    W::Month(_) => self.month(i, j, out),
                    _ => self.at(j, out),
                }?;
                if out.len() > n {
                    out[n].a = i;
                }
                Some(e)
            }
            _ => None,
        }
    }

    /// "that year", "the same month", "the following year", "the next day",
    /// starting at `i`.
    fn anchored(&self, i: usize, k: Kw, out: &mut Vec<Cand>) -> Option<usize> {
        let mut j = i + 1;
        let step = match (k, self.w(j)) {
            (Kw::That, W::Kw(Kw::Same)) | (Kw::The, W::Kw(Kw::Same)) => {
                j += 1;
                0
            }
            (Kw::That, _) => 0,
            (Kw::The, W::Kw(Kw::Following)) => {
                j += 1;
                1
            }
            (Kw::The, W::Kw(Kw::Previous)) => {
                j += 1;
                -1
            }
            _ => return None,
        };
        match self.w(j) {
            W::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) => {
                push(out, i, j + 1, Val::Anchored(u, Some(step)));
                Some(j + 1)
            }
            _ => None,
        }
    }

    /// Single tokens with inner structure: "2017-07-21", "mid-2023",
    /// "2000-2050", "11-year", "22:30", "19th-century", "21/07/2017".
    fn compound(&self, i: usize, out: &mut Vec<Cand>) -> Option<usize> {
        let s = self.s(i);
        let b = s.as_bytes();
        if b.len() < 4 || b.len() > 24 || !s.is_ascii() {
            return None;
        }
        let base = self.tok(i)?.span.start as usize;
        let sub = |x: usize, y: usize| Span::new(base + x, base + y);
        // ISO dates, possibly with a time ("2017-07-21T10:00Z").
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
            if let Some(d) = Date::parse_iso(s) {
                push(out, i, i + 1, Val::Day(d));
                return Some(i + 1);
            }
            return None;
        }
        if let Some(c) = s.find(':') {
            // "22:30", "8:15"
            let (h, m) = (&s[..c], &s[c + 1..]);
            let (Ok(h), Ok(mi)) = (h.parse::<u8>(), m.parse::<u8>()) else {
                return None;
            };
            if h <= 24 && mi < 60 && m.len() == 2 && c <= 2 {
                let pm = self.is_meridiem(i + 1) && self.is_pm(i + 1) && h < 12;
                let end =
                    if self.is_meridiem(i + 1) || self.is(i + 1, "gmt") || self.is(i + 1, "utc") {
                        i + 2
                    } else {
                        i + 1
                    };
                push(out, i, end, Val::Time(if pm { h + 12 } else { h } % 24, mi));
                return Some(end);
            }
            return None;
        }
        if s.contains('/') {
            // Slashed dates only when unambiguous: 21/07/2017, 7/21/2017.
            let mut it = s.split('/');
            let (Some(x), Some(y), Some(z), None) = (it.next(), it.next(), it.next(), it.next())
            else {
                return None;
            };
            let (Ok(x), Ok(y), Ok(z)) = (x.parse::<u8>(), y.parse::<u8>(), z.parse::<i32>()) else {
                return None;
            };
            if !(1000..=2999).contains(&z) {
                return None;
            }
            let d = if x > 12 {
                Date::new(z, y, x)
            } else if y > 12 {
                Date::new(z, x, y)
            } else {
                None
            }?;
            push(out, i, i + 1, Val::Day(d));
            return Some(i + 1);
        }
        let dash = s.find('-')?;
        let (l, r) = (&s[..dash], &s[dash + 1..]);
        let mut buf = [0u8; 24];
        let ll = words::lower(l, &mut buf).unwrap_or("");
        if matches!(ll, "mid" | "early" | "late") {
            // "mid-2023", "mid-March", "late-1990s"
            let val = match words::classify(r) {
                W::Num(y, 4) if (1000..=2100).contains(&y) => Val::Year(y as i32),
                W::Month(m) => Val::YearlessMonth(m, self.tense(i, i + 1)),
                W::Decade(d) => Val::Decade(d as i32),
                _ => return None,
            };
            // "mid-March 2024"
            if let (W::Month(m), W::Num(y, 4)) = (words::classify(r), self.w(i + 1))
                && (1000..=2100).contains(&y)
            {
                push(out, i, i + 2, Val::Month(y as i32, m));
                return Some(i + 2);
            }
            push(out, i, i + 1, val);
            return Some(i + 1);
        }
        match (words::classify(l), words::classify(r)) {
            // "2000-2050", "1776-77", "2017-07"
            (W::Num(y, 4), W::Num(v, nd)) if (1000..=2100).contains(&y) => {
                let (x2, v2) = match nd {
                    4 if v > y && v <= 2100 => (dash + 1, v),
                    2 if v == (y + 1) % 100 || v > 12 && v > y % 100 => (dash + 1, y - y % 100 + v),
                    2 if (1..=12).contains(&v) => {
                        push(out, i, i + 1, Val::Month(y as i32, v as u8));
                        return Some(i + 1);
                    }
                    _ => return None,
                };
                out.push(Cand {
                    a: i,
                    b: i + 1,
                    sub: Some(sub(0, 4)),
                    val: Val::Year(y as i32),
                });
                out.push(Cand {
                    a: i,
                    b: i + 1,
                    sub: Some(sub(x2, s.len())),
                    val: Val::Year(v2 as i32),
                });
                Some(i + 1)
            }
            // "11-year", "two-week": a duration, unless "-old" follows.
            (W::Num(n, _) | W::NumWord(n), W::Unit(u, false)) => {
                if self.kw(i + 1, Kw::Old) {
                    return Some(i + 2);
                }
                push(out, i, i + 1, Val::Duration(Some((n, u))));
                Some(i + 1)
            }
            (W::Ord(n), W::Unit(Unit::Century, false)) if (1..=30).contains(&n) => {
                push(out, i, i + 1, Val::Century(n as i32 - 1));
                Some(i + 1)
            }
            _ => None,
        }
    }

    // ---- context ----

    /// True when the month or day name at `core` lies inside a named mention
    /// that reaches beyond the expression `a..b` ("the March 14 Alliance").
    fn in_name(&self, core: usize, a: usize, b: usize) -> bool {
        let doc = self.doc;
        let (Some(t), Some(ta), Some(tb)) = (
            doc.tokens.get(core),
            doc.tokens.get(a),
            doc.tokens.get(b.wrapping_sub(1)),
        ) else {
            return false;
        };
        let ms = &doc.mentions;
        let k = ms.partition_point(|m| m.span.start <= t.span.start);
        ms[..k].iter().rev().take(4).any(|m| {
            !m.pronoun
                && matches!(
                    m.kind,
                    EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Loc
                )
                && m.span.contains(t.span)
                && (m.span.start < ta.span.start || m.span.end > tb.span.end)
        })
    }

    /// The tense around tokens `a..b`: the nearest cue word within a few
    /// tokens, looking left first.
    fn tense(&self, a: usize, b: usize) -> Tense {
        const WINDOW: usize = 14;
        let mut after_comma = false;
        for d in 1..=WINDOW {
            if a >= self.lo + d
                && let Some(t) = self.cue_at(a - d)
            {
                return t;
            }
            let j = b + d - 1;
            after_comma |= self.is(j, ",");
            if let Some(t) = self.cue_at(j)
                && !(after_comma && self.is_reporting(j))
            {
                return t;
            }
            if a < self.lo + d && b + d > self.hi {
                break;
            }
        }
        Tense::Unknown
    }

    /// True if token `j` is a past reporting verb ("said").
    fn is_reporting(&self, j: usize) -> bool {
        let mut buf = [0u8; 24];
        self.tok(j).is_some() && words::lower(self.s(j), &mut buf).is_some_and(words::is_reporting)
    }

    /// The tense cue of token `j`, read with its neighbours.
    fn cue_at(&self, j: usize) -> Option<Tense> {
        let t = self.tok(j)?;
        if !t.is(tf::ALPHA) && !self.s(j).starts_with(['\'', '’']) {
            return None;
        }
        let mut buf = [0u8; 24];
        let w = words::lower(self.s(j), &mut buf)?;
        let mut pb = [0u8; 24];
        let before = self.prev_lower(j, &mut pb);
        match words::cue(w) {
            Cue::None | Cue::Modal | Cue::To => None,
            Cue::Past => Some(Tense::Past),
            // "hopes to", "aims to": an intention; "its aims": a noun.
            Cue::Future if matches!(w, "hopes" | "aims" | "intends" | "intend") => {
                let mut nb = [0u8; 24];
                (words::lower(self.s(j + 1), &mut nb) == Some("to")).then_some(Tense::Future)
            }
            // "the Commission's plans", "a plan": a noun, no tense.
            Cue::Future
                if matches!(w, "plan" | "plans")
                    && (words::is_determiner(before)
                        || matches!(
                            before,
                            "its" | "their" | "his" | "her" | "our" | "'s" | "’s"
                        )) =>
            {
                None
            }
            Cue::Future => Some(Tense::Future),
            // "will be", "to be", "could be": future.
            Cue::Be => matches!(words::cue(before), Cue::Future | Cue::Modal | Cue::To)
                .then_some(Tense::Future),
            // "is to", "are meeting": future.
            Cue::Present => {
                let mut nb = [0u8; 24];
                let next = words::lower(self.s(j + 1), &mut nb).unwrap_or("");
                // "The vote is on Friday": a schedule.
                (next == "to" || next == "on" || next.ends_with("ing") && next != "being")
                    .then_some(Tense::Future)
            }
            // "was killed", "killed": past; "be held", "is held": no tense of its own.
            // Names end in "-ed" too ("Mohamed"): lowercase words only.
            Cue::Ed => {
                if !t.is(tf::LOWER) || matches!(before, "be" | "being" | "is" | "are" | "am" | "to")
                {
                    return None;
                }
                // "agreed to meet on Friday": the meeting is still to come.
                if words::is_intent(w) && self.is(j + 1, "to") && self.flag(j + 2, tf::LOWER) {
                    let mut ab = [0u8; 24];
                    let after = words::lower(self.s(j + 2), &mut ab).unwrap_or("");
                    if !words::is_determiner(after) {
                        return Some(Tense::Future);
                    }
                }
                Some(Tense::Past)
            }
        }
    }
}

fn push(out: &mut Vec<Cand>, a: usize, b: usize, val: Val) {
    out.push(Cand {
        a,
        b,
        sub: None,
        val,
    });
}

/// The date of a dateline among the first few segments: a full date alone on
/// a heading line ("Friday, July 21, 2017"), or at the start of a line after
/// at most a capitalised place and before "(", a dash or the line's end
/// ("KYIV, March 14, 2024 (Wire) -"). A dateline without a year takes it from
/// the URL.
fn dateline(doc: &Doc, cands: &[Cand]) -> Option<Date> {
    const FIRST_SEGMENTS: usize = 4;
    const LINE_LEAD: usize = 8;
    for c in cands {
        let seg = doc.segment_of(c.a)?;
        if seg >= FIRST_SEGMENTS {
            return None;
        }
        let date = match c.val {
            Val::Day(d) => Some(d),
            Val::YearlessDay(m, d, _) => doc
                .meta
                .url
                .as_deref()
                .and_then(url_year)
                .and_then(|y| Date::new(y, m, d)),
            _ => None,
        };
        let Some(date) = date else { continue };
        let segment = &doc.segments[seg];
        let toks = &doc.tokens;
        // Before the date: only a place in capitals and commas, from the line's start.
        let Some(ls) = (0..=c.a)
            .rev()
            .take(LINE_LEAD + 1)
            .find(|&k| toks[k].is(tf::LINE_START))
        else {
            continue;
        };
        let lead_ok = (ls..c.a).all(|k| toks[k].is(tf::CAP) || doc.tok(k) == ",");
        // After it: the line's end, or a bracket or dash.
        let after = c.b;
        let end_ok = after >= segment.tok_end as usize
            || toks.get(after).is_none_or(|t| t.is(tf::LINE_START))
            || matches!(doc.tok(after), "(" | "-" | "–" | "—" | ":" | "|");
        if lead_ok && end_ok {
            return Some(date);
        }
    }
    None
}

/// A year as a path segment of a URL ("/2025/03/14/").
fn url_year(url: &str) -> Option<i32> {
    url.split(['/', '-', '_']).find_map(|p| {
        (p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    })
}

/// A resolved value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Res {
    Day(Date),
    Month(i32, u8),
    Year(i32),
    Week(i32, u8),
    Decade(i32),
    Century(i32),
    Time(u8, u8),
    Duration(u32, Unit),
}

impl Res {
    /// Years outside 0000–9999 have no plain ISO form.
    fn in_range(self) -> bool {
        let y = match self {
            Res::Day(d) => d.year,
            Res::Month(y, _) | Res::Year(y) | Res::Week(y, _) => y,
            Res::Decade(d) => d * 10,
            Res::Century(c) => c * 100,
            Res::Time(..) | Res::Duration(..) => 0,
        };
        (0..=9999).contains(&y)
    }
    fn format(self) -> String {
        match self {
            Res::Day(d) => d.to_string(),
            Res::Month(y, m) => format!("{y:04}-{m:02}"),
            Res::Year(y) => format!("{y:04}"),
            Res::Week(y, w) => format!("{y:04}-W{w:02}"),
            Res::Decade(d) => format!("{d:03}"),
            Res::Century(c) => format!("{c:02}"),
            Res::Time(h, m) => format!("{h:02}:{m:02}"),
            Res::Duration(n, u) => match u {
                Unit::Minute => format!("PT{n}M"),
                Unit::Hour => format!("PT{n}H"),
                Unit::Day => format!("P{n}D"),
                Unit::Week => format!("P{n}W"),
                Unit::Fortnight => format!("P{}W", n.saturating_mul(2)),
                Unit::Month => format!("P{n}M"),
                Unit::Year => format!("P{n}Y"),
                Unit::Decade => format!("P{}Y", n.saturating_mul(10)),
                Unit::Century => format!("P{}Y", n.saturating_mul(100)),
            },
        }
    }
    /// The date this value can anchor "that year", "two days later" to.
    fn anchor(self) -> Option<(Date, Unit)> {
        match self {
            Res::Day(d) => Some((d, Unit::Day)),
            Res::Month(y, m) => Some((Date::new(y, m, 1)?, Unit::Month)),
            Res::Year(y) => Some((Date::new(y, 1, 1)?, Unit::Year)),
            _ => None,
        }
    }
}

fn unit_grain(u: Unit) -> &'static str {
    match u {
        Unit::Minute | Unit::Hour => "time",
        Unit::Day => "day",
        Unit::Week | Unit::Fortnight => "week",
        Unit::Month => "month",
        Unit::Year => "year",
        Unit::Decade => "decade",
        Unit::Century => "century",
    }
}

fn grain(v: Val) -> &'static str {
    match v {
        Val::Day(_) | Val::YearlessDay(..) | Val::Weekday(..) => "day",
        Val::Month(..) | Val::YearlessMonth(..) | Val::NamedMonth(..) => "month",
        Val::Year(_) => "year",
        Val::Decade(_) | Val::ShortDecade(_) => "decade",
        Val::Century(_) => "century",
        Val::Time(..) => "time",
        Val::Weekend(..) => "week",
        Val::Deictic(u, _) | Val::Anchored(u, _) => unit_grain(u),
        Val::Ago(u, _) => match u {
            Unit::Decade | Unit::Century => "year",
            _ => unit_grain(u),
        },
        Val::Duration(_) => "duration",
        Val::Null(g) => g,
    }
}

/// ISO week-numbering year and week of a date.
fn iso_week(d: Date) -> (i32, u8) {
    let thursday = d.add_days(3 - i64::from(d.weekday()));
    let jan1 = Date {
        year: thursday.year,
        month: 1,
        day: 1,
    };
    let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
    (thursday.year, week as u8)
}

fn add_months(y: i32, m: u8, n: i64) -> (i32, u8) {
    let k = i64::from(y) * 12 + i64::from(m) - 1 + n;
    (k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8)
}

/// The value of `v` given the publication date and the last date mentioned.
fn resolve(v: Val, pubd: Option<Date>, anchor: Option<(Date, Unit)>) -> Option<Res> {
    let step = |d: Date, u: Unit, n: i64| -> Option<Res> {
        Some(match u {
            Unit::Day => Res::Day(d.add_days(n)),
            Unit::Week => {
                let (y, w) = iso_week(d.add_days(7 * n));
                Res::Week(y, w)
            }
            Unit::Fortnight => {
                let (y, w) = iso_week(d.add_days(14 * n));
                Res::Week(y, w)
            }
            Unit::Month => {
                let (y, m) = add_months(d.year, d.month, n);
                Res::Month(y, m)
            }
            Unit::Year => Res::Year(d.year.checked_add(i32::try_from(n).ok()?)?),
            Unit::Decade => Res::Decade(d.year.div_euclid(10) + i32::try_from(n).ok()?),
            Unit::Century => Res::Century(d.year.div_euclid(100) + i32::try_from(n).ok()?),
            Unit::Minute | Unit::Hour => return None,
        })
    };
    match v {
        Val::Day(d) => Some(Res::Day(d)),
        Val::Month(y, m) => Some(Res::Month(y, m)),
        Val::Year(y) => Some(Res::Year(y)),
        Val::Decade(d) => Some(Res::Decade(d)),
        Val::Century(c) => Some(Res::Century(c)),
        Val::Time(h, m) => Some(Res::Time(h, m)),
        Val::Duration(q) => q.map(|(n, u)| Res::Duration(n, u)),
        Val::Null(_) => None,
        Val::ShortDecade(k) => {
            // The latest such decade that has begun by publication.
            let p = pubd?;
            let mut d = p.year.div_euclid(100) * 10 + i32::from(k);
            if d * 10 > p.year {
                d -= 10;
            }
            Some(Res::Decade(d))
        }
        Val::YearlessDay(m, d, tense) => {
            let p = pubd?;
            let cand = Date::new(p.year, m, d).or_else(|| Date::new(p.year - 1, m, d))?;
            let diff = cand.to_days() - p.to_days();
            // A month of slack: "is to run from January 23" a few days
            // after it began is this year's, not next year's.
            let y = match tense {
                Tense::Past if diff > 30 => p.year - 1,
                Tense::Future if diff < -30 => p.year + 1,
                Tense::Unknown if diff > 183 => p.year - 1,
                Tense::Unknown if diff < -183 => p.year + 1,
                _ => p.year,
            };
            Date::new(y, m, d).map(Res::Day)
        }
        Val::YearlessMonth(m, tense) => {
            let p = pubd?;
            let diff = i32::from(m) - i32::from(p.month);
            let y = match tense {
                Tense::Past if diff > 0 => p.year - 1,
                Tense::Future if diff < 0 => p.year + 1,
                Tense::Unknown if diff > 6 => p.year - 1,
                Tense::Unknown if diff < -6 => p.year + 1,
                _ => p.year,
            };
            Some(Res::Month(y, m))
        }
        Val::NamedMonth(m, rel) => {
            let p = pubd?;
            let y = match rel {
                -1 if m >= p.month => p.year - 1,
                1 if m <= p.month => p.year + 1,
                _ => p.year,
            };
            Some(Res::Month(y, m))
        }
        Val::Weekday(d, rel, tense) => {
            let p = pubd?;
            let pw = i64::from(p.weekday());
            let d = i64::from(d);
            let back = (pw - d).rem_euclid(7);
            let fwd = (d - pw).rem_euclid(7);
            let off = match rel {
                Rel::Last => -(if back == 0 { 7 } else { back }),
                Rel::Next => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Rel::This if tense == Tense::Past => -back,
                Rel::This => fwd,
                Rel::Plain if tense == Tense::Future => fwd,
                Rel::Plain => -back,
            };
            Some(Res::Day(p.add_days(off)))
        }
        Val::Deictic(u, n) => step(pubd?, u, i64::from(n)),
        Val::Weekend(rel, tense) => {
            let p = pubd?;
            let pw = i64::from(p.weekday());
            // The Saturday of the weekend meant.
            let this_sat = if pw >= 5 {
                -(pw - 5)
            } else if tense == Tense::Past {
                -(pw + 2)
            } else {
                5 - pw
            };
            let off = match rel {
                -1 if pw >= 5 || tense != Tense::Past => this_sat - 7,
                -1 => this_sat,
                1 => {
                    if pw >= 5 || tense == Tense::Past {
                        this_sat + 7
                    } else {
                        this_sat
                    }
                }
                _ => this_sat,
            };
            let (y, w) = iso_week(p.add_days(off));
            Some(Res::Week(y, w))
        }
        Val::Ago(u, n) => {
            let p = pubd?;
            let n = i64::from(n?);
            match u {
                Unit::Decade => Some(Res::Year(p.year - i32::try_from(10 * n).ok()?)),
                Unit::Century => Some(Res::Year(p.year - i32::try_from(100 * n).ok()?)),
                _ => step(p, u, -n),
            }
        }
        Val::Anchored(u, n) => {
            let (d, g) = anchor?;
            let n = i64::from(n?);
            let fine_enough = match u {
                Unit::Year | Unit::Decade | Unit::Century => true,
                Unit::Month => g != Unit::Year,
                _ => g == Unit::Day,
            };
            if !fine_enough {
                return None;
            }
            step(d, u, n)
        }
    }
}

/// Values for every candidate, in text order, as [`TimeExpr`]s.
fn resolve_all(doc: &Doc, cands: &[Cand]) -> Vec<TimeExpr> {
    let pubd = doc.meta.published;
    let mut anchor: Option<(Date, Unit)> = None;
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let (Some(ta), Some(tb)) = (doc.tokens.get(c.a), doc.tokens.get(c.b.wrapping_sub(1)))
        else {
            continue;
        };
        let span = c.sub.unwrap_or(Span {
            start: ta.span.start,
            end: tb.span.end,
        });
        if span.is_empty()
            || !doc.text.is_char_boundary(span.start as usize)
            || !doc.text.is_char_boundary(span.end as usize)
            || span.end as usize > doc.text.len()
        {
            continue;
        }
        let res = resolve(c.val, pubd, anchor).filter(|r| r.in_range());
        if let Some(a) = res.and_then(Res::anchor) {
            anchor = Some(a);
        }
        out.push(TimeExpr {
            span,
            value: res.map(Res::format),
            grain: grain(c.val),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::DocMeta;
    use crate::text::{SegmentStage, TokenizeStage};

    fn run(text: &str, published: Option<&str>) -> Doc {
        let meta = DocMeta {
            published: published.and_then(Date::parse_iso),
            ..DocMeta::default()
        };
        let mut doc = Doc::new(text, meta);
        let mut sc = Scratch::default();
        TokenizeStage.run(&mut doc, &mut sc);
        SegmentStage.run(&mut doc, &mut sc);
        TimeStage.run(&mut doc, &mut sc);
        doc
    }

    /// Every time expression of `text`: (text, value, grain), in order.
    fn check(text: &str, published: Option<&str>, expected: &[(&str, Option<&str>, &str)]) {
        let doc = run(text, published);
        let got: Vec<(&str, Option<&str>, &str)> = doc
            .times
            .iter()
            .map(|t| (doc.slice(t.span), t.value.as_deref(), t.grain))
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    const FRI: Option<&str> = Some("2017-07-21"); // a Friday
    const WED: Option<&str> = Some("2025-03-12"); // a Wednesday

    #[test]
    fn plans_as_a_noun_carry_no_tense() {
        // The summons was on the past Tuesday; "the plans" is a noun, not "plans to".
        check(
            "The ministry summoned the head of the Northern League delegation in Vell on Tuesday, \
             a day after the plans were reported.",
            WED,
            &[
                ("Tuesday", Some("2025-03-11"), "day"),
                ("a day after", Some("2025-03-10"), "day"),
            ],
        );
        check(
            "The ministry plans to meet on Tuesday.",
            WED,
            &[("Tuesday", Some("2025-03-18"), "day")],
        );
    }

    #[test]
    fn absolute_dates() {
        check(
            "The deal was signed on July 21, 2017 and again on 21 July 2017.",
            None,
            &[
                ("July 21, 2017", Some("2017-07-21"), "day"),
                ("21 July 2017", Some("2017-07-21"), "day"),
            ],
        );
        check(
            "Talks began in March 2024 after the 2020 ceasefire collapsed in 1990 terms.",
            None,
            &[
                ("March 2024", Some("2024-03"), "month"),
                ("2020", Some("2020"), "year"),
                ("1990", Some("1990"), "year"),
            ],
        );
        check(
            "Output fell in mid-2023 and the file is dated 2017-07-21.",
            None,
            &[
                ("mid-2023", Some("2023"), "year"),
                ("2017-07-21", Some("2017-07-21"), "day"),
            ],
        );
        check(
            "He was born on Sept. 3rd, 1950 and moved in November of 1976.",
            None,
            &[
                ("Sept. 3rd, 1950", Some("1950-09-03"), "day"),
                ("November of 1976", Some("1976-11"), "month"),
            ],
        );
        check(
            "Production rose over 2000 - 2050 and from 1980 to 2012, and in 1920 – 21.",
            None,
            &[
                ("2000", Some("2000"), "year"),
                ("2050", Some("2050"), "year"),
                ("1980", Some("1980"), "year"),
                ("2012", Some("2012"), "year"),
                ("1920", Some("1920"), "year"),
                ("21", Some("1921"), "year"),
            ],
        );
        check(
            "The 2018-19 season ended in the 1960s style of the 20th century.",
            None,
            &[
                ("2018", Some("2018"), "year"),
                ("19", Some("2019"), "year"),
                ("1960s", Some("196"), "decade"),
                ("20th century", Some("19"), "century"),
            ],
        );
    }

    #[test]
    fn year_less_dates_use_publication_year() {
        check(
            "The broadcasts began on August 10 and will end on January 5.",
            Some("2015-08-21"),
            &[
                ("August 10", Some("2015-08-10"), "day"),
                ("January 5", Some("2016-01-05"), "day"),
            ],
        );
        check(
            "Prices will rise in March. In December the index fell.",
            Some("2014-01-28"),
            &[
                ("March", Some("2014-03"), "month"),
                ("December", Some("2013-12"), "month"),
            ],
        );
        check("It happened on 21 July.", None, &[("21 July", None, "day")]);
        check(
            "Early March saw rain.",
            WED,
            &[("Early March", Some("2025-03"), "month")],
        );
    }

    #[test]
    fn not_months() {
        check("You may go. May said no. Theresa May spoke.", WED, &[]);
        check("The March on Washington drew crowds.", WED, &[]);
        check("August Wilson wrote plays.", WED, &[]);
        check(
            "Elections are due in May.",
            WED,
            &[("May", Some("2025-05"), "month")],
        );
    }

    #[test]
    fn weekdays_follow_tense() {
        // Published on a Friday.
        check(
            "The minister visited Kyiv on Friday.",
            FRI,
            &[("Friday", Some("2017-07-21"), "day")],
        );
        check(
            "The minister will visit Kyiv on Friday.",
            FRI,
            &[("Friday", Some("2017-07-21"), "day")],
        );
        check(
            "The team won a medal on Tuesday.",
            FRI,
            &[("Tuesday", Some("2017-07-18"), "day")],
        );
        check(
            "The team is due to fly home on Tuesday.",
            FRI,
            &[("Tuesday", Some("2017-07-25"), "day")],
        );
        check(
            "The talks are expected to continue on Monday.",
            WED,
            &[("Monday", Some("2025-03-17"), "day")],
        );
        // "plans" as a noun says nothing of tense; "plans to" does.
        check(
            "Oslo summoned the envoy on Tuesday, a day after the plans were reported.",
            FRI,
            &[
                ("Tuesday", Some("2017-07-18"), "day"),
                ("a day after", Some("2017-07-17"), "day"),
            ],
        );
        check(
            "The ministry plans to sign the accord on Tuesday.",
            FRI,
            &[("Tuesday", Some("2017-07-25"), "day")],
        );
        check(
            "He said on Monday that he plans to resign.",
            WED,
            &[("Monday", Some("2025-03-10"), "day")],
        );
        check(
            "A soldier was killed on Monday.",
            WED,
            &[("Monday", Some("2025-03-10"), "day")],
        );
        // A trailing attribution's "said" is not the event's tense.
        check(
            "The envoy will travel to Cairo on Friday, the ministry said.",
            WED,
            &[("Friday", Some("2025-03-14"), "day")],
        );
        check(
            "The envoy travelled to Cairo on Monday, the ministry said.",
            WED,
            &[("Monday", Some("2025-03-10"), "day")],
        );
        check(
            "The summit will be held on Friday.",
            WED,
            &[("Friday", Some("2025-03-14"), "day")],
        );
        check(
            "They meet next Friday.",
            WED,
            &[("next Friday", Some("2025-03-14"), "day")],
        );
        check(
            "They met last Friday.",
            WED,
            &[("last Friday", Some("2025-03-07"), "day")],
        );
        check(
            "Protesters gathered on Friday morning and again Friday night.",
            WED,
            &[
                ("Friday morning", Some("2025-03-07"), "day"),
                ("Friday night", Some("2025-03-07"), "day"),
            ],
        );
        check(
            "On Wednesday, the envoys are to meet in Geneva.",
            Some("2025-03-10"),
            &[("Wednesday", Some("2025-03-12"), "day")],
        );
        check(
            "He plans to meet them on Tuesday.",
            WED,
            &[("Tuesday", Some("2025-03-18"), "day")],
        );
        check(
            "Kenya has offered to host a donor conference in January.",
            Some("2024-11-02"),
            &[("January", Some("2025-01"), "month")],
        );
        check(
            "Both sides agreed to a truce on Monday.",
            WED,
            &[("Monday", Some("2025-03-10"), "day")],
        );
    }

    #[test]
    fn relative_to_publication() {
        check(
            "Yesterday the storm hit; today it eased and tomorrow it ends.",
            WED,
            &[
                ("Yesterday", Some("2025-03-11"), "day"),
                ("today", Some("2025-03-12"), "day"),
                ("tomorrow", Some("2025-03-13"), "day"),
            ],
        );
        check(
            "Fighting rose last week, eased this week and may stop next week.",
            WED,
            &[
                ("last week", Some("2025-W10"), "week"),
                ("this week", Some("2025-W11"), "week"),
                ("next week", Some("2025-W12"), "week"),
            ],
        );
        check(
            "Sales fell last month, rise next month, and this year beat last year.",
            WED,
            &[
                ("last month", Some("2025-02"), "month"),
                ("next month", Some("2025-04"), "month"),
                ("this year", Some("2025"), "year"),
                ("last year", Some("2024"), "year"),
            ],
        );
        check(
            "It opened two days ago, three weeks ago, and Seventeen years ago.",
            WED,
            &[
                ("two days ago", Some("2025-03-10"), "day"),
                ("three weeks ago", Some("2025-W08"), "week"),
                ("Seventeen years ago", Some("2008"), "year"),
            ],
        );
        check(
            "Talks failed earlier this month and resume later this year.",
            WED,
            &[
                ("earlier this month", Some("2025-03"), "month"),
                ("later this year", Some("2025"), "year"),
            ],
        );
        check(
            "The rally was planned for last March, not next March.",
            WED,
            &[
                ("last March", Some("2024-03"), "month"),
                ("next March", Some("2026-03"), "month"),
            ],
        );
    }

    #[test]
    fn no_publication_date_means_no_relative_value() {
        check(
            "He visited on Friday and returned yesterday, two days ago, last week.",
            None,
            &[
                ("Friday", None, "day"),
                ("yesterday", None, "day"),
                ("two days ago", None, "day"),
                ("last week", None, "week"),
            ],
        );
    }

    #[test]
    fn durations() {
        check(
            "After three days of talks and more than two years of war, a truce held for a decade.",
            WED,
            &[
                ("three days", Some("P3D"), "duration"),
                ("two years", Some("P2Y"), "duration"),
                ("a decade", Some("P10Y"), "duration"),
            ],
        );
        check(
            "The 11-year lull ended for two weeks; a 30-year-old man, three years old, twice a day.",
            WED,
            &[
                ("11-year", Some("P11Y"), "duration"),
                ("two weeks", Some("P2W"), "duration"),
            ],
        );
        check(
            "Over the past 30 years, prices doubled.",
            WED,
            &[("past 30 years", Some("P30Y"), "duration")],
        );
    }

    #[test]
    fn a_day_after_a_date_dates_what_came_before_it() {
        check(
            "The talks opened on Wednesday, a day after Chile accused Peru of spying.",
            FRI,
            &[
                ("Wednesday", Some("2017-07-19"), "day"),
                ("a day after", Some("2017-07-18"), "day"),
            ],
        );
        check(
            "The vote was held on Friday, two days before the envoys arrived.",
            WED,
            &[
                ("Friday", Some("2025-03-07"), "day"),
                ("two days before", Some("2025-03-09"), "day"),
            ],
        );
        // Not after a date of its sentence: a duration, as before.
        check(
            "Rebels withdrew two days after the truce, officials said.",
            FRI,
            &[("two days", Some("P2D"), "duration")],
        );
    }

    #[test]
    fn anchored_to_last_date() {
        check(
            "He moved in 1724. Two years later he left, and that year he wrote.",
            None,
            &[
                ("1724", Some("1724"), "year"),
                ("Two years later", Some("1726"), "year"),
                ("that year", Some("1726"), "year"),
            ],
        );
    }

    #[test]
    fn dateline_fills_publication_date() {
        let doc = run(
            "Afghan girls win medal\nFriday, July 21, 2017\nThe team won on Tuesday.",
            None,
        );
        assert_eq!(doc.meta.published, Date::new(2017, 7, 21));
        let vals: Vec<_> = doc.times.iter().map(|t| t.value.clone()).collect();
        assert_eq!(
            vals,
            [
                Some("2017-07-21".to_string()),
                Some("2017-07-18".to_string())
            ]
        );

        let mut doc = Doc::new(
            "KYIV, March 14 (Wire) - Shelling resumed on Thursday.",
            DocMeta {
                url: Some("https://example.invalid/2024/03/14/kyiv".into()),
                ..DocMeta::default()
            },
        );
        let mut sc = Scratch::default();
        TokenizeStage.run(&mut doc, &mut sc);
        SegmentStage.run(&mut doc, &mut sc);
        TimeStage.run(&mut doc, &mut sc);
        assert_eq!(doc.meta.published, Date::new(2024, 3, 14));
        assert_eq!(doc.times[1].value.as_deref(), Some("2024-03-14"));

        // A given publication date wins over the dateline.
        let doc = run("Friday, July 21, 2017\nIt rained.", Some("2017-07-22"));
        assert_eq!(doc.meta.published, Date::new(2017, 7, 22));
    }

    #[test]
    fn counts_are_not_years() {
        check(
            "Some 2000 people and 1500 troops fled; Resolution 1325 passed.",
            WED,
            &[],
        );
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(Date::new(2021, 1, 3).unwrap()), (2020, 53));
        assert_eq!(iso_week(Date::new(2024, 12, 30).unwrap()), (2025, 1));
        assert_eq!(iso_week(Date::new(2017, 7, 21).unwrap()), (2017, 29));
    }

    #[test]
    fn garbage_does_not_panic() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let pieces = [
            "July",
            "21",
            ",",
            "2017",
            "-",
            "mid-",
            "–",
            "Friday",
            "ago",
            "last",
            "the",
            "of",
            "May",
            "'90s",
            "2000-",
            "-2050",
            "31/12/",
            "99:99",
            "é",
            "日本",
            "\n",
            " ",
            "1st",
            "century",
            "years",
            "a",
            "later",
            "9999-99-99",
            "0000",
            "T",
            ":",
            "/",
            "Sept.",
            "next",
            "weekend",
            "night",
            "🌾",
            "\u{2028}",
        ];
        for _ in 0..400 {
            let mut s = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                if seed & 32 != 0 {
                    s.push(' ');
                }
            }
            for p in [
                None,
                Some("2024-02-29"),
                Some("0001-01-01"),
                Some("9999-12-31"),
            ] {
                let doc = run(&s, p);
                for t in &doc.times {
                    assert!(doc.text.get(t.span.range()).is_some());
                }
            }
        }
        // Random characters, multi-byte ones included, on one long line.
        let chars = [
            'a', 'M', '1', '9', '0', '-', '/', ':', ' ', ',', '\'', '’', 'é', '—', '日', '🌾', '.',
            's',
        ];
        let mut s = String::new();
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(chars[(seed % chars.len() as u64) as usize]);
        }
        let doc = run(&s, Some("2020-01-01"));
        for t in &doc.times {
            assert!(doc.text.get(t.span.range()).is_some());
        }
    }

    #[test]
    fn more_shapes() {
        check(
            "The festival runs March 5-7 and ran on May 1-2, 2019.",
            WED,
            &[
                ("March 5", Some("2025-03-05"), "day"),
                ("7", Some("2025-03-07"), "day"),
                ("May 1", Some("2019-05-01"), "day"),
                ("2, 2019", Some("2019-05-02"), "day"),
            ],
        );
        check(
            "Filed 21/07/2017, heard 7/21/2017, not 5/6/2017; polls shut at 22:30 and reopen at 8 pm.",
            None,
            &[
                ("21/07/2017", Some("2017-07-21"), "day"),
                ("7/21/2017", Some("2017-07-21"), "day"),
                ("22:30", Some("22:30"), "time"),
                ("8 pm", Some("20:00"), "time"),
            ],
        );
        check(
            "In the '90s and the sixties, in the summer of 2010 and circa 347.",
            WED,
            &[
                ("'90s", Some("199"), "decade"),
                ("sixties", Some("196"), "decade"),
                ("summer of 2010", None, "season"),
                ("347", Some("0347"), "year"),
            ],
        );
        check(
            "The vote is on Friday. Crowds gathered this weekend.",
            WED,
            &[
                ("Friday", Some("2025-03-14"), "day"),
                ("this weekend", Some("2025-W10"), "week"),
            ],
        );
        check(
            "Shops close on Good Friday and every Sunday, and on Saturday mornings.",
            WED,
            &[],
        );
        check(
            "Today, many Greeks worship the old gods. It is as strong today as ever.",
            WED,
            &[("Today", None, "day"), ("today", None, "day")],
        );
    }

    #[test]
    fn lede_date_is_not_a_dateline() {
        let doc = run(
            "Ship sinks\nOn 12 May 2019, the ferry sank off Crete.",
            None,
        );
        assert_eq!(doc.meta.published, None);
        let doc = run(
            "KYIV, March 14, 2024 (Wire) - Shelling resumed on Thursday.",
            None,
        );
        assert_eq!(doc.meta.published, Date::new(2024, 3, 14));
        assert_eq!(doc.times[1].value.as_deref(), Some("2024-03-14"));
    }

    #[test]
    fn names_are_skipped() {
        use crate::doc::{Mention, MentionSource};
        let text = "The March 14 Alliance met on Friday with Theresa May in May.";
        let mut doc = Doc::new(
            text,
            DocMeta {
                published: Date::new(2025, 3, 12),
                ..DocMeta::default()
            },
        );
        let mut sc = Scratch::default();
        TokenizeStage.run(&mut doc, &mut sc);
        SegmentStage.run(&mut doc, &mut sc);
        let a = text.find("March").unwrap();
        let b = text.find(" met").unwrap();
        doc.mentions.push(Mention {
            span: Span::new(a, b),
            tok_start: 1,
            tok_end: 4,
            kind: EntityType::Org,
            actor: None,
            source: MentionSource::Tagger,
            pronoun: false,
        });
        TimeStage.run(&mut doc, &mut sc);
        let got: Vec<_> = doc
            .times
            .iter()
            .map(|t| (doc.slice(t.span), t.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("Friday", Some("2025-03-07")), ("May", Some("2024-05"))]
        );
    }
}
