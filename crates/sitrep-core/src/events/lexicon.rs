//! The event lexicon: cue words and phrases ("shelled", "held talks",
//! "air strikes") with their PLOVER type, mode and argument structure, parsed
//! from TSV text (the shipped `data/events.tsv` or a user's file in the same
//! format) with line-numbered errors, and compiled into a token-sequence table.
//!
//! Columns: `cue lemma type mode voice`. One row per inflected form, so that
//! matching needs no morphology; rows of one lemma share its type and mode. A
//! row of type `-` is a stop phrase: it names no event but, being longer, keeps
//! the cues inside it from matching ("press release", "heart attack"). A
//! user's row with an existing cue replaces it; a row whose cue is `-CUE`
//! removes the shipped one.

use crate::actors::DictError;
use crate::doc::Token;
use crate::layers::EventType;
use crate::ner::hash;
use crate::phrase::PhraseTable;

/// How a cue's arguments attach to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// A verb (or a form that may also be a noun): subject = actor, object or
    /// prepositional complement = target. Used as a noun ("an attack on"),
    /// "of Y" names the target.
    Active,
    /// A verb without a direct object ("protested", "resigned"): targets come
    /// only through a preposition; as a noun, "of Y" names the actor.
    Intrans,
    /// The subject is the target and the agent follows "by" or "from" ("came
    /// under attack").
    Passive,
    /// Always a noun; "of Y" names the target ("invasion of Kuwait").
    Noun,
    /// Always a noun; "of Y" names the actor ("withdrawal of troops").
    NounIntrans,
    /// A noun for things ("arms", "rockets", "food aid") that is an event only
    /// as the object of a light verb: "sent arms to", "fired rockets at".
    Material,
}

impl Voice {
    fn parse(s: &str) -> Option<Voice> {
        Some(match s {
            "active" => Voice::Active,
            "intrans" => Voice::Intrans,
            "passive" => Voice::Passive,
            "noun" => Voice::Noun,
            "noun-intrans" => Voice::NounIntrans,
            "material" => Voice::Material,
            _ => return None,
        })
    }
    /// True for the voices that are always nouns.
    pub fn is_noun(self) -> bool {
        matches!(self, Voice::Noun | Voice::NounIntrans | Voice::Material)
    }
    /// True when "of Y" after the noun names the actor rather than the target.
    pub fn of_is_actor(self) -> bool {
        matches!(self, Voice::Intrans | Voice::NounIntrans)
    }
}

/// One lexicon row.
#[derive(Debug, Clone, PartialEq)]
pub struct CueRow {
    /// The cue as written in the text, lowercase, words separated by spaces.
    pub cue: String,
    /// Its lemma ("attack" for "attacked").
    pub lemma: String,
    /// PLOVER type; `None` for a stop phrase.
    pub kind: Option<EventType>,
    /// PLOVER-style mode; `intent` marks commitments ("vowed to", "ready to")
    /// whose type follows their complement: a threat for conflictual acts.
    pub mode: Option<String>,
    /// Argument structure.
    pub voice: Voice,
}

const COLUMNS: [&str; 5] = ["cue", "lemma", "type", "mode", "voice"];

/// Parse lexicon rows from `text` (named `file` in errors) into `into`.
pub fn parse_into(file: &str, text: &str, into: &mut Vec<CueRow>) -> Result<(), DictError> {
    let err = |line: usize, message: String| DictError {
        file: file.to_string(),
        line,
        message,
    };
    let mut header_seen = false;
    // Cue → row index, so that overriding rows costs a lookup, not a scan.
    let mut index: std::collections::HashMap<String, usize> = into
        .iter()
        .enumerate()
        .map(|(i, r)| (r.cue.clone(), i))
        .collect();
    for (n, line) in text.lines().enumerate() {
        let ln = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen {
            if cols != COLUMNS {
                return Err(err(
                    ln,
                    format!("expected the header row `{}`", COLUMNS.join("\\t")),
                ));
            }
            header_seen = true;
            continue;
        }
        if let Some(c) = cols[0].strip_prefix('-') {
            if index.contains_key(c) {
                into.retain(|r| r.cue != c);
                index = into
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.cue.clone(), i))
                    .collect();
            }
            continue;
        }
        if cols.len() != COLUMNS.len() {
            return Err(err(
                ln,
                format!(
                    "expected {} tab-separated columns, found {}",
                    COLUMNS.len(),
                    cols.len()
                ),
            ));
        }
        let cue = cols[0];
        if cue.is_empty() || cue.chars().any(char::is_uppercase) || cue.contains("  ") {
            return Err(err(
                ln,
                format!("cue `{cue}` must be non-empty lowercase words separated by single spaces"),
            ));
        }
        let kind = match cols[2] {
            "-" => None,
            t => Some(EventType::from_label(t).ok_or_else(|| {
                let all: Vec<&str> = EventType::ALL.iter().map(|t| t.label()).collect();
                err(
                    ln,
                    format!(
                        "type `{t}` is not one of {} (or `-` for a stop phrase)",
                        all.join(", ")
                    ),
                )
            })?),
        };
        let voice = Voice::parse(cols[4])
            .ok_or_else(|| err(ln, format!("voice `{}` is not one of active, intrans, passive, noun, noun-intrans, material", cols[4])))?;
        let lemma = if cols[1].is_empty() { cue } else { cols[1] };
        let row = CueRow {
            cue: cue.to_string(),
            lemma: lemma.to_string(),
            kind,
            mode: (!cols[3].is_empty()).then(|| cols[3].to_string()),
            voice,
        };
        match index.get(&row.cue) {
            Some(&i) => into[i] = row,
            None => {
                index.insert(row.cue.clone(), into.len());
                into.push(row);
            }
        }
    }
    if !header_seen {
        return Err(err(
            1,
            format!("expected the header row `{}`", COLUMNS.join("\\t")),
        ));
    }
    Ok(())
}

/// The rows compiled for matching token by token.
pub struct EventLexicon {
    rows: Vec<CueRow>,
    table: PhraseTable<u32>,
    must: u32,
}

impl EventLexicon {
    /// Compile rows. Cues are tokenised with the pipeline's tokenizer, so
    /// "cease-fire" and "n't" match exactly the tokens the text yields.
    pub fn new(mut rows: Vec<CueRow>) -> EventLexicon {
        let mut table = PhraseTable::default();
        let mut buf: Vec<Token> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if let Some(e) = table.entry(&r.cue, hash::lower, &mut buf) {
                e.insert(i as u32);
            }
        }
        // A built-in row, never matched as a word: the demand in "X said Y must …".
        let must = rows.len() as u32;
        rows.push(CueRow {
            cue: "must".into(),
            lemma: "must".into(),
            kind: Some(EventType::Request),
            mode: None,
            voice: Voice::Active,
        });
        EventLexicon { rows, table, must }
    }

    /// The built-in row of "X said Y must …" demands.
    pub fn must_row(&self) -> u32 {
        self.must
    }

    /// Number of rows read from data.
    pub fn len(&self) -> usize {
        self.rows.len() - 1
    }

    /// True when no rows were read from data.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`.
    pub fn row(&self, i: u32) -> &CueRow {
        &self.rows[i as usize]
    }

    /// The longest cue starting at token `i` of `hashes` (lowercase token
    /// hashes): (length in tokens, row index).
    #[inline]
    pub fn longest_at(&self, hashes: &[u64], i: usize) -> Option<(usize, u32)> {
        self.table.longest_at(hashes, i).map(|(n, &r)| (n, r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "cue\tlemma\ttype\tmode\tvoice\n";

    #[test]
    fn parses_overrides_and_reports_lines() {
        let mut v = Vec::new();
        let a = format!(
            "# comment\n{H}attacked\tattack\tASSAULT\t\tactive\nheld talks\thold talks\tCONSULT\tmeet\tactive\n"
        );
        parse_into("a.tsv", &a, &mut v).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].mode, None);
        assert_eq!(v[1].lemma, "hold talks");
        let b = format!("{H}-held talks\t\t\t\t\nattacked\tattack\tCOERCE\traid\tactive\n");
        parse_into("b.tsv", &b, &mut v).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].kind, Some(EventType::Coerce));
        let bad = format!("{H}x\tx\tFIGHT\t\tactive\n");
        let e = parse_into("c.tsv", &bad, &mut v).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("c.tsv:2: type `FIGHT`"));
        let bad = format!("{H}x\tx\tASSAULT\t\tsideways\n");
        assert!(
            parse_into("d.tsv", &bad, &mut v)
                .unwrap_err()
                .message
                .contains("voice")
        );
        assert!(parse_into("e.tsv", "cue\tlemma\n", &mut v).is_err());
        assert!(
            parse_into(
                "f.tsv",
                &format!("{H}Attacked\ta\tASSAULT\t\tactive\n"),
                &mut v
            )
            .is_err()
        );
    }

    #[test]
    fn longest_cue_wins() {
        let mut v = Vec::new();
        let t = format!(
            "{H}air strikes\tair strike\tASSAULT\tairstrike\tnoun\nstrikes\tstrike\tASSAULT\t\tactive\n"
        );
        parse_into("a.tsv", &t, &mut v).unwrap();
        let lex = EventLexicon::new(v);
        let hs: Vec<u64> = ["new", "air", "strikes"]
            .iter()
            .map(|w| hash::lower(w))
            .collect();
        assert_eq!(
            lex.longest_at(&hs, 1)
                .map(|(n, r)| (n, lex.row(r).cue.as_str())),
            Some((2, "air strikes"))
        );
        assert_eq!(lex.longest_at(&hs, 2).map(|(n, _)| n), Some(1));
        assert_eq!(lex.longest_at(&hs, 0), None);
    }
}
