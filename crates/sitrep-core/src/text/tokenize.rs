//! A rule tokenizer for news English. It splits at whitespace, peels
//! punctuation off both ends of each chunk, keeps abbreviations, initials,
//! decimals and inner hyphens whole, and splits clitics ("'s", "n't") the way
//! Universal Dependencies does, so that the tagger sees the tokens it was
//! trained on.

use crate::doc::{Doc, Layer, Span, Token, tf};
use crate::pipeline::{Scratch, Stage};

/// Fills [`Doc::tokens`].
pub struct TokenizeStage;

impl Stage for TokenizeStage {
    fn name(&self) -> &'static str {
        "tokenize"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn run(&self, doc: &mut Doc, _scratch: &mut Scratch) {
        let mut toks = std::mem::take(&mut doc.tokens);
        toks.clear();
        tokenize_into(&doc.text, &mut toks);
        doc.tokens = toks;
    }
}

/// Abbreviations that keep their final period (lowercased, without it).
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "aug", "ave", "blvd", "brig", "bros", "capt", "cmdr", "co", "col",
    "corp", "cpl", "dec", "dept", "dr", "est", "etc", "feb", "fig", "fr", "ft", "gen", "gov",
    "hon", "inc", "insp", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr",
    "mrs", "ms", "mt", "no", "nos", "nov", "oct", "pres", "prof", "rd", "rep", "rev", "sen", "sep",
    "sept", "sgt", "sr", "st", "supt", "univ", "vs",
];

/// Is `core` (without its final period) an abbreviation?
pub fn is_abbreviation(core: &str) -> bool {
    if core.is_empty() || core.len() > 8 {
        return false;
    }
    let mut letters = 0;
    let mut dots = 0;
    for c in core.chars() {
        if c == '.' {
            dots += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        } else {
            return false;
        }
    }
    if dots > 0 {
        // U.S, e.g, D.C, a.m: letters separated by periods.
        return letters <= dots + 1 && !core.starts_with('.') && !core.contains("..");
    }
    if letters == 1 {
        // An initial: "J." (uppercase only; "a." is a list marker or a word).
        return core.chars().next().is_some_and(char::is_uppercase);
    }
    let mut buf = [0u8; 8];
    let lower = lower_ascii(core, &mut buf);
    lower.is_some_and(|l| ABBREVIATIONS.binary_search(&l).is_ok())
}

fn lower_ascii<'a>(s: &str, buf: &'a mut [u8; 8]) -> Option<&'a str> {
    if s.len() > 8 || !s.is_ascii() {
        return None;
    }
    for (i, b) in s.bytes().enumerate() {
        buf[i] = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..s.len()]).ok()
}

fn is_open_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '¿' | '¡' | '„' | '‚' | '<'
    )
}

fn is_close_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | ',' | ';' | ':' | '!' | '?' | '>' | '…'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// The char starting at byte `i` (a char boundary) of `text`; ASCII, most of
/// news text, without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        char::from(b)
    } else {
        text[i..].chars().next().unwrap_or(' ')
    }
}

/// Tokenize `text` into `out` (appending).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    let mut space_before = true;
    while i < bytes.len() {
        let c = char_at(text, i);
        if c.is_whitespace() || c.is_control() {
            if c == '\n' || c == '\u{2029}' || c == '\u{2028}' || c == '\r' {
                line_start = true;
            }
            space_before = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < bytes.len() {
            let c = char_at(text, i);
            if c.is_whitespace() || c.is_control() {
                break;
            }
            i += c.len_utf8();
        }
        let first = out.len();
        split_chunk(text, start, i, out);
        if let Some(t) = out.get_mut(first) {
            if space_before {
                t.flags |= tf::SPACE_BEFORE;
            }
            if line_start {
                t.flags |= tf::LINE_START;
            }
        }
        line_start = false;
        space_before = false;
    }
}

fn push(text: &str, a: usize, b: usize, extra: u16, out: &mut Vec<Token>) {
    if a < b {
        out.push(Token {
            span: Span::new(a, b),
            flags: surface_flags(&text[a..b]) | extra,
        });
    }
}

/// Surface flags of a token's text.
pub fn surface_flags(s: &str) -> u16 {
    if s.is_ascii() {
        surface_flags_ascii(s.as_bytes())
    } else {
        surface_flags_chars(s)
    }
}

/// [`surface_flags`] of any text, char by char.
fn surface_flags_chars(s: &str) -> u16 {
    let mut f = 0;
    let mut first = true;
    let mut upper = 0;
    let mut lower = 0;
    let mut alpha = false;
    let mut other = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            alpha = true;
            if c.is_uppercase() {
                upper += 1;
                if first {
                    f |= tf::CAP;
                }
            } else if c.is_lowercase() {
                lower += 1;
            }
        } else if c.is_numeric() {
            f |= tf::DIGIT;
            other = true;
        } else if c != '.' && c != '-' && c != '\'' && c != '’' {
            other = true;
        }
        first = false;
    }
    case_flags(f, alpha, upper, lower, || {
        !other || s.chars().all(|c| !c.is_alphanumeric())
    })
}

/// The flags that follow from a token's letter counts, shared by
/// [`surface_flags`] and its ASCII fast path. `no_alnum` is asked only for
/// tokens without letters: is the token punctuation?
fn case_flags(
    mut f: u16,
    alpha: bool,
    upper: usize,
    lower: usize,
    no_alnum: impl FnOnce() -> bool,
) -> u16 {
    if alpha {
        f |= tf::ALPHA;
        if upper >= 2 && lower == 0 {
            f |= tf::UPPER;
        }
        if upper == 0 {
            f |= tf::LOWER;
        }
    } else if no_alnum() && f & tf::DIGIT == 0 {
        f |= tf::PUNCT;
    }
    f
}

/// [`surface_flags`] of ASCII text: the same classes, without decoding
/// chars (for ASCII, alphabetic, upper- and lowercase and numeric are the
/// ASCII classes).
fn surface_flags_ascii(s: &[u8]) -> u16 {
    let mut f = 0;
    let mut upper = 0;
    let mut lower = 0;
    let mut alpha = false;
    let mut other = false;
    for (k, &c) in s.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            alpha = true;
            if c.is_ascii_uppercase() {
                upper += 1;
                if k == 0 {
                    f |= tf::CAP;
                }
            } else {
                lower += 1;
            }
        } else if c.is_ascii_digit() {
            f |= tf::DIGIT;
            other = true;
        } else if c != b'.' && c != b'-' && c != b'\'' {
            other = true;
        }
    }
    case_flags(f, alpha, upper, lower, || {
        !other || s.iter().all(|c| !c.is_ascii_alphanumeric())
    })
}

fn split_chunk(text: &str, mut a: usize, mut b: usize, out: &mut Vec<Token>) {
    // Leading punctuation, one token each.
    while a < b {
        let c = text[a..b].chars().next().unwrap_or(' ');
        if is_open_punct(c) || is_dash(c) || ((c == '*' || c == '•') && a + c.len_utf8() <= b) {
            // An apostrophe that starts a year ("'90s") stays.
            if c == '\'' || c == '‘' || c == '’' {
                let rest = &text[a + c.len_utf8()..b];
                if rest.chars().next().is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
            }
            push(text, a, a + c.len_utf8(), 0, out);
            a += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected right to left.
    let mut tail: [(usize, usize, u16); 16] = [(0, 0, 0); 16];
    let mut nt = 0;
    while a < b && nt < tail.len() {
        let s = &text[a..b];
        let c = s.chars().next_back().unwrap_or(' ');
        let cl = c.len_utf8();
        if s.ends_with("...") && s.len() >= 3 {
            let mut k = b;
            while k > a && text.as_bytes()[k - 1] == b'.' {
                k -= 1;
            }
            tail[nt] = (k, b, 0);
            nt += 1;
            b = k;
            continue;
        }
        if c == '.' {
            let core = &text[a..b - 1];
            if is_abbreviation(core) {
                break;
            }
            tail[nt] = (b - 1, b, 0);
            nt += 1;
            b -= 1;
            continue;
        }
        if is_close_punct(c) || is_dash(c) {
            // Keep a possessive apostrophe on plural nouns as its own token too.
            if b - cl == a {
                break;
            }
            tail[nt] = (b - cl, b, 0);
            nt += 1;
            b -= cl;
            continue;
        }
        break;
    }
    if a < b {
        split_core(text, a, b, out);
    }
    for k in (0..nt).rev() {
        let (x, y, f) = tail[k];
        push(text, x, y, f, out);
    }
}

/// Split the inside of a chunk: dashes between words and clitics.
fn split_core(text: &str, a: usize, b: usize, out: &mut Vec<Token>) {
    let s = &text[a..b];
    // Inner dashes ("talks—and") split into three tokens. (Dashes and the
    // curly apostrophe are not ASCII; most words are, and skip the searches.)
    let ascii = s.is_ascii();
    if let Some((k, c)) = (!ascii)
        .then(|| s.char_indices().find(|&(k, c)| is_dash(c) && k > 0))
        .flatten()
    {
        split_core(text, a, a + k, out);
        push(text, a + k, a + k + c.len_utf8(), 0, out);
        if a + k + c.len_utf8() < b {
            split_core(text, a + k + c.len_utf8(), b, out);
        }
        return;
    }
    let lower_end = |suffix: &str| -> bool {
        s.len() > suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    if ascii && !s.as_bytes().contains(&b'\'') {
        push(
            text,
            a,
            b,
            if s.ends_with('.') && s.len() > 1 {
                tf::ABBR
            } else {
                0
            },
            out,
        );
        return;
    }
    for apo in ["'", "’"] {
        for cl in ["s", "re", "ve", "ll", "d", "m"] {
            let suf_len = apo.len() + cl.len();
            if s.len() > suf_len && s.is_char_boundary(s.len() - suf_len) {
                let t = &s[s.len() - suf_len..];
                if t.starts_with(apo) && t[apo.len()..].eq_ignore_ascii_case(cl) {
                    let cut = b - suf_len;
                    push(text, a, cut, 0, out);
                    push(text, cut, b, 0, out);
                    return;
                }
            }
        }
    }
    for neg in ["n't", "n’t"] {
        if lower_end(neg) {
            let cut = b - neg.len();
            // "can't" → "ca" + "n't", as UD does.
            push(text, a, cut, 0, out);
            push(text, cut, b, 0, out);
            return;
        }
    }
    let abbr = s.ends_with('.') && s.len() > 1;
    push(text, a, b, if abbr { tf::ABBR } else { 0 }, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut v = vec![];
        tokenize_into(s, &mut v);
        v.iter().map(|t| &s[t.span.range()]).collect()
    }

    #[test]
    fn abbreviations_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks("U.S. President Donald Trump's policies (in 2017)."),
            [
                "U.S.",
                "President",
                "Donald",
                "Trump",
                "'s",
                "policies",
                "(",
                "in",
                "2017",
                ")",
                "."
            ]
        );
        assert_eq!(
            toks("\"We won,\" he said."),
            ["\"", "We", "won", ",", "\"", "he", "said", "."]
        );
        assert_eq!(
            toks("It rose 3.5% to $1,200... Then"),
            ["It", "rose", "3.5%", "to", "$1,200", "...", "Then"]
        );
        assert_eq!(
            toks("Dr. J. Smith didn't go—again."),
            ["Dr.", "J.", "Smith", "did", "n't", "go", "—", "again", "."]
        );
        assert_eq!(
            toks("Lee Cheuk-yan of the all-girl team"),
            ["Lee", "Cheuk-yan", "of", "the", "all-girl", "team"]
        );
        assert_eq!(toks("the '90s"), ["the", "'90s"]);
    }

    #[test]
    fn ascii_flags_match_char_flags() {
        for w in [
            "NATO",
            "said",
            "U.S.",
            "3.5%",
            "$1,200",
            "...",
            "'90s",
            "Cheuk-yan",
            "iPhone",
            "A",
            "a",
            "--",
            "x1",
            "1",
            "(",
            "'",
            "Mc'Donald",
            "",
        ] {
            assert_eq!(
                surface_flags_ascii(w.as_bytes()),
                surface_flags_chars(w),
                "{w}"
            );
        }
    }

    #[test]
    fn flags() {
        let mut v = vec![];
        tokenize_into("NATO said\nhe", &mut v);
        assert!(v[0].is(tf::UPPER | tf::CAP | tf::LINE_START));
        assert!(v[1].is(tf::LOWER) && !v[1].is(tf::LINE_START));
        assert!(v[2].is(tf::LINE_START));
    }
}
