//! The actor dictionary: countries, cities, seats of power, organisations,
//! office holders and named groups, each with aliases, country, Wikidata id,
//! roles and demonyms. Parsed from TSV text (the shipped `data/actors.tsv` or a
//! user's file in the same format) with line-numbered errors.
//!
//! Columns: `key type name aliases country wikidata roles demonyms from until`;
//! list fields are `|`-separated; a row whose key starts with `-` removes the
//! entry with that key from earlier files.

use crate::date::Date;
use crate::doc::EntityType;

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Unique key (`country:usa`).
    pub key: String,
    /// Type.
    pub kind: EntityType,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// Roles (offices).
    pub roles: Vec<String>,
    /// Adjectival and plural-noun forms.
    pub demonyms: Vec<String>,
    /// Start of tenure.
    pub from: Option<Date>,
    /// End of tenure.
    pub until: Option<Date>,
}

impl Actor {
    /// Name and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
    /// True for a country row.
    pub fn is_country(&self) -> bool {
        self.key.starts_with("country:")
    }
    /// True if the actor held its role on `d` (or no dates are known).
    pub fn current_on(&self, d: Option<Date>) -> bool {
        match d {
            None => self.until.is_none(),
            Some(d) => self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u),
        }
    }
}

/// A parse error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DictError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DictError {}

const COLUMNS: [&str; 10] = [
    "key", "type", "name", "aliases", "country", "wikidata", "roles", "demonyms", "from", "until",
];

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Parse one dictionary file and merge it into `into` (later files override
/// earlier entries with the same key).
pub fn parse_into(file: &str, text: &str, into: &mut Vec<Actor>) -> Result<(), DictError> {
    let err = |line: usize, message: String| DictError {
        file: file.to_string(),
        line,
        message,
    };
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        let ln = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            if cols.len() < 3 || cols[..3] != COLUMNS[..3] {
                return Err(err(
                    ln,
                    format!("expected the header row `{}`", COLUMNS.join("\\t")),
                ));
            }
            header_seen = true;
            continue;
        }
        let key = cols[0].trim();
        if let Some(k) = key.strip_prefix('-') {
            into.retain(|a| a.key != k);
            continue;
        }
        if cols.len() < 3 {
            return Err(err(
                ln,
                format!(
                    "expected at least 3 tab-separated columns (key, type, name), found {}",
                    cols.len()
                ),
            ));
        }
        if cols.len() > COLUMNS.len() {
            return Err(err(
                ln,
                format!(
                    "expected at most {} columns, found {}",
                    COLUMNS.len(),
                    cols.len()
                ),
            ));
        }
        let col = |i: usize| cols.get(i).copied().unwrap_or("");
        let kind = EntityType::from_label(col(1).trim()).ok_or_else(|| {
            err(
                ln,
                format!(
                    "type `{}` is not one of PERSON, ORG, GPE, LOC, NORP, GROUP",
                    col(1)
                ),
            )
        })?;
        let name = col(2).trim();
        if key.is_empty() || name.is_empty() {
            return Err(err(ln, "key and name must not be empty".into()));
        }
        let country = opt(col(4));
        if let Some(c) = &country {
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(err(
                    ln,
                    format!("country `{c}` is not an ISO 3166-1 alpha-3 code"),
                ));
            }
        }
        let wikidata = opt(col(5));
        if let Some(q) = &wikidata {
            if !(q.starts_with('Q') && q.len() > 1 && q[1..].bytes().all(|b| b.is_ascii_digit())) {
                return Err(err(ln, format!("wikidata `{q}` is not a QID like Q42")));
            }
        }
        let date = |i: usize, what: &str| -> Result<Option<Date>, DictError> {
            let s = col(i).trim();
            if s.is_empty() {
                return Ok(None);
            }
            Date::parse_partial(s).map(Some).ok_or_else(|| {
                err(
                    ln,
                    format!("{what} `{s}` is not a date YYYY-MM-DD, YYYY-MM or YYYY"),
                )
            })
        };
        let actor = Actor {
            key: key.to_string(),
            kind,
            name: name.to_string(),
            aliases: list(col(3)),
            country,
            wikidata,
            roles: list(col(6)),
            demonyms: list(col(7)),
            from: date(8, "from")?,
            until: date(9, "until")?,
        };
        match into.iter_mut().find(|a| a.key == actor.key) {
            Some(slot) => *slot = actor,
            None => into.push(actor),
        }
    }
    if !header_seen
        && text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        return Err(err(1, "missing header row".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "key\ttype\tname\taliases\tcountry\twikidata\troles\tdemonyms\tfrom\tuntil\n";

    #[test]
    fn parse_merge_remove() {
        let mut v = vec![];
        let a = format!(
            "# c\n{H}country:usa\tGPE\tUnited States\tUS|U.S.\tUSA\tQ30\t\tAmerican|Americans\t\t\n"
        );
        parse_into("a.tsv", &a, &mut v).unwrap();
        assert_eq!(v[0].aliases, ["US", "U.S."]);
        assert_eq!(v[0].demonyms, ["American", "Americans"]);
        let b = format!("{H}-country:usa\nperson:x\tPERSON\tX Y\n");
        parse_into("b.tsv", &b, &mut v).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].key, "person:x");
        let bad = format!("{H}k\tPERSN\tX\n");
        let e = parse_into("c.tsv", &bad, &mut v).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("c.tsv:2: type `PERSN`"));
        let bad = format!("{H}k\tGPE\tX\t\tus\n");
        assert!(
            parse_into("d.tsv", &bad, &mut v)
                .unwrap_err()
                .message
                .contains("alpha-3")
        );
    }
}
