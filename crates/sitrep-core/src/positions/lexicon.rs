//! The issue lexicon (`data/issues.tsv`: issue keys and the terms that name
//! them) and the stance lexicon (`data/stances.tsv`: stance cues, their
//! negations, and the anaphor, contested and counter marks the claims stage
//! reads), parsed with line-numbered errors ([`DictError`]) and compiled into
//! token-sequence tables.

use crate::actors::DictError;
use crate::doc::Token;
use crate::ner::hash;
use crate::phrase::PhraseTable;

/// One issue: its key and surface terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRow {
    /// Key (`prisoner_exchange`).
    pub issue: String,
    /// Lowercase terms.
    pub terms: Vec<String>,
}

/// The six stances of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    /// For it.
    Support,
    /// Asks for it.
    Demand,
    /// Agrees to it.
    Accept,
    /// Against it.
    Oppose,
    /// Turns it down.
    Reject,
    /// Will not do or allow it.
    Refuse,
}

impl Stance {
    /// The record's label.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Support => "support",
            Stance::Demand => "demand",
            Stance::Accept => "accept",
            Stance::Oppose => "oppose",
            Stance::Reject => "reject",
            Stance::Refuse => "refuse",
        }
    }
    /// +1 for, -1 against.
    pub fn polarity(self) -> i8 {
        match self {
            Stance::Support | Stance::Demand | Stance::Accept => 1,
            Stance::Oppose | Stance::Reject | Stance::Refuse => -1,
        }
    }
    fn parse(s: &str) -> Option<Stance> {
        Some(match s {
            "support" => Stance::Support,
            "demand" => Stance::Demand,
            "accept" => Stance::Accept,
            "oppose" => Stance::Oppose,
            "reject" => Stance::Reject,
            "refuse" => Stance::Refuse,
            _ => return None,
        })
    }
}

/// What else a stance-lexicon word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// After a determiner, refers back to the last issue ("that option").
    IssueRef,
    /// After a determiner, refers back to a claim ("the claim").
    ClaimRef,
    /// Marks a claim as contested ("allegedly").
    Contested,
    /// In a third party's statement, contradicts a claim ("still", "continued").
    Counter,
    /// Between a stance cue and its issue, turns the stance against the issue ("scrap", "lifting of").
    Reverse,
}

impl Mark {
    fn parse(s: &str) -> Option<Option<Mark>> {
        Some(Some(match s {
            "-" => return Some(None),
            "issue-ref" => Mark::IssueRef,
            "claim-ref" => Mark::ClaimRef,
            "contested" => Mark::Contested,
            "counter" => Mark::Counter,
            "reverse" => Mark::Reverse,
            _ => return None,
        }))
    }
}

/// One stance-lexicon row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanceRow {
    /// Lowercase form, words separated by single spaces.
    pub cue: String,
    /// The stance it gives its object.
    pub stance: Option<Stance>,
    /// The stance when negated.
    pub negated: Option<Stance>,
    /// Its mark.
    pub mark: Option<Mark>,
}

/// The header of the issue lexicon.
pub const ISSUE_COLUMNS: [&str; 2] = ["issue", "terms"];
/// The header of the stance lexicon.
pub const STANCE_COLUMNS: [&str; 4] = ["cue", "stance", "negated", "mark"];

/// The data rows of a TSV file after its `#` comments and its header, each
/// split into exactly `columns.len()` fields, with its 1-based line number.
/// Both lexicons of this module go through it, so they fail alike.
fn rows<'a>(
    file: &'a str,
    text: &'a str,
    columns: &'a [&'a str],
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), DictError>> + 'a {
    let err = move |line: usize, message: String| DictError {
        file: file.to_string(),
        line,
        message,
    };
    let mut header = false;
    let mut done = false;
    let mut lines = text.lines().enumerate();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        loop {
            let Some((n, line)) = lines.next() else {
                done = true;
                return (!header).then(|| {
                    Err(err(
                        1,
                        format!("expected the header row `{}`", columns.join("\\t")),
                    ))
                });
            };
            let ln = n + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if !header {
                if cols != columns {
                    done = true;
                    return Some(Err(err(
                        ln,
                        format!("expected the header row `{}`", columns.join("\\t")),
                    )));
                }
                header = true;
                continue;
            }
            if cols.len() != columns.len() && !cols[0].starts_with('-') {
                done = true;
                return Some(Err(err(
                    ln,
                    format!(
                        "expected {} tab-separated columns, found {}",
                        columns.len(),
                        cols.len()
                    ),
                )));
            }
            return Some(Ok((ln, cols)));
        }
    })
}

fn clean_phrase(s: &str) -> bool {
    !s.is_empty() && !s.contains("  ") && !s.chars().any(char::is_uppercase)
}

/// Parse an issue file into `into`. A row whose key exists replaces it; `-KEY` removes it.
pub fn parse_issues(file: &str, text: &str, into: &mut Vec<IssueRow>) -> Result<(), DictError> {
    for r in rows(file, text, &ISSUE_COLUMNS) {
        let (ln, cols) = r?;
        let err = |message: String| DictError {
            file: file.to_string(),
            line: ln,
            message,
        };
        if let Some(k) = cols[0].strip_prefix('-') {
            into.retain(|r| r.issue != k);
            continue;
        }
        let key = cols[0];
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(err(format!(
                "issue key `{key}` must be lowercase ASCII words joined by `_`"
            )));
        }
        let mut terms = Vec::new();
        for t in cols[1].split('|').map(str::trim) {
            if !clean_phrase(t) {
                return Err(err(format!(
                    "term `{t}` must be non-empty lowercase words separated by single spaces"
                )));
            }
            terms.push(t.to_string());
        }
        let row = IssueRow {
            issue: key.to_string(),
            terms,
        };
        match into.iter_mut().find(|r| r.issue == row.issue) {
            Some(r) => *r = row,
            None => into.push(row),
        }
    }
    Ok(())
}

/// Parse a stance file into `into`. A row whose cue exists replaces it; `-CUE` removes it.
pub fn parse_stances(file: &str, text: &str, into: &mut Vec<StanceRow>) -> Result<(), DictError> {
    for r in rows(file, text, &STANCE_COLUMNS) {
        let (ln, cols) = r?;
        let err = |message: String| DictError {
            file: file.to_string(),
            line: ln,
            message,
        };
        if let Some(c) = cols[0].strip_prefix('-') {
            into.retain(|r| r.cue != c);
            continue;
        }
        if !clean_phrase(cols[0]) {
            return Err(err(format!(
                "cue `{}` must be non-empty lowercase words separated by single spaces",
                cols[0]
            )));
        }
        let stance = |s: &str| -> Result<Option<Stance>, DictError> {
            if s == "-" {
                return Ok(None);
            }
            Stance::parse(s).map(Some).ok_or_else(|| {
                err(format!(
                    "stance `{s}` is not one of support, demand, accept, oppose, reject, refuse, -"
                ))
            })
        };
        let row = StanceRow {
            cue: cols[0].to_string(),
            stance: stance(cols[1])?,
            negated: stance(cols[2])?,
            mark: Mark::parse(cols[3]).ok_or_else(|| {
                err(format!(
                    "mark `{}` is not one of issue-ref, claim-ref, contested, counter, reverse, -",
                    cols[3]
                ))
            })?,
        };
        if row.stance.is_none() && row.mark.is_none() {
            return Err(err(format!(
                "cue `{}` has neither a stance nor a mark",
                row.cue
            )));
        }
        match into.iter_mut().find(|r| r.cue == row.cue) {
            Some(r) => *r = row,
            None => into.push(row),
        }
    }
    Ok(())
}

/// Both lexicons compiled for matching over lowercase token hashes.
pub struct Lexicon {
    issues: Vec<String>,
    terms: PhraseTable<u32>,
    cues: Vec<StanceRow>,
    cue_table: PhraseTable<u32>,
}

impl Lexicon {
    /// Compile rows. Terms and cues are tokenised with the pipeline's
    /// tokenizer, so "cease-fire" and "n't" match the tokens the text yields.
    pub fn new(issues: &[IssueRow], stances: Vec<StanceRow>) -> Lexicon {
        let mut buf: Vec<Token> = Vec::new();
        let mut terms = PhraseTable::default();
        for (i, r) in issues.iter().enumerate() {
            for t in &r.terms {
                if let Some(e) = terms.entry(t, hash::lower, &mut buf) {
                    e.insert(i as u32);
                }
            }
        }
        let mut cue_table = PhraseTable::default();
        for (i, r) in stances.iter().enumerate() {
            if let Some(e) = cue_table.entry(&r.cue, hash::lower, &mut buf) {
                e.insert(i as u32);
            }
        }
        Lexicon {
            issues: issues.iter().map(|r| r.issue.clone()).collect(),
            terms,
            cues: stances,
            cue_table,
        }
    }
    /// Issue key `i`.
    pub fn issue(&self, i: u32) -> &str {
        &self.issues[i as usize]
    }
    /// The longest issue term at token `i`: (length, issue).
    #[inline]
    pub fn term_at(&self, hashes: &[u64], i: usize) -> Option<(usize, u32)> {
        self.terms.longest_at(hashes, i).map(|(n, &v)| (n, v))
    }
    /// The longest stance-lexicon cue at token `i`: (length, row).
    #[inline]
    pub fn cue_at(&self, hashes: &[u64], i: usize) -> Option<(usize, &StanceRow)> {
        self.cue_table
            .longest_at(hashes, i)
            .map(|(n, &v)| (n, &self.cues[v as usize]))
    }
    /// True when there is nothing to match.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.cue_table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_overrides() {
        let mut issues = Vec::new();
        parse_issues(
            "i.tsv",
            "# c\nissue\tterms\nceasefire\tceasefire|truce\ntariffs\ttariffs\n",
            &mut issues,
        )
        .unwrap();
        parse_issues(
            "u.tsv",
            "issue\tterms\nceasefire\tarmistice\n-tariffs\n",
            &mut issues,
        )
        .unwrap();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].terms, ["armistice"]);
        let mut st = Vec::new();
        parse_stances(
            "s.tsv",
            "cue\tstance\tnegated\tmark\ncall for\tdemand\toppose\t-\noption\t-\t-\tissue-ref\n",
            &mut st,
        )
        .unwrap();
        assert_eq!(st[0].stance, Some(Stance::Demand));
        assert_eq!(st[1].mark, Some(Mark::IssueRef));
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut v = Vec::new();
        let e = parse_issues("my.tsv", "# x\nissue\tterms\nCease Fire\tx\n", &mut v).unwrap_err();
        assert_eq!(e.to_string().split(": ").next(), Some("my.tsv:3"));
        let e = parse_issues("my.tsv", "issue\tterms\nok\tA|b\n", &mut v).unwrap_err();
        assert!(e.to_string().starts_with("my.tsv:2: term `A`"), "{e}");
        let e = parse_issues("my.tsv", "issue\tterms\nok\n", &mut v).unwrap_err();
        assert!(e.to_string().starts_with("my.tsv:2: expected 2"), "{e}");
        let e = parse_issues("my.tsv", "terms\tissue\n", &mut v).unwrap_err();
        assert!(
            e.to_string().starts_with("my.tsv:1: expected the header"),
            "{e}"
        );
        assert!(parse_issues("my.tsv", "# only\n", &mut v).is_err());
        let mut s = Vec::new();
        let e = parse_stances(
            "s.tsv",
            "cue\tstance\tnegated\tmark\nx\tlove\t-\t-\n",
            &mut s,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("s.tsv:2: stance `love`"), "{e}");
    }
}
