//! Normalisation used for merge keys: entity names, URLs, dates. Small pure
//! functions, so the merge rules in `SCHEMA.md` can be read off them.

/// A name as a merge key: lowercase, diacritics of Latin letters dropped,
/// punctuation other than inner hyphens and apostrophes dropped, whitespace
/// collapsed, a leading "the " dropped. "The  U.S. Army" → "us army".
pub fn name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = fold(c);
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else if c == '.' || c == '\'' || c == '\u{2019}' {
            // "U.S." = "US", "O'Neill" = "ONeill": dropped without a break.
        } else {
            space = true;
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

/// Latin letters with common diacritics → their base letter.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'Ď' | 'đ' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => {
            'i'
        }
        'ł' | 'Ł' | 'ľ' | 'Ľ' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            'u'
        }
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        c => c,
    }
}

/// The key under which an entity without a QID merges: `TYPE|COUNTRY|name`.
pub fn entity_key(kind: &str, country: Option<&str>, name_norm: &str) -> String {
    format!("{kind}|{}|{name_norm}", country.unwrap_or(""))
}

/// A URL as a dedup key: trimmed, fragment dropped, scheme and host
/// lowercased, `http` = `https`, a leading `www.` and a trailing `/` dropped.
/// Query strings are kept (they often select the article). `None` for blanks.
pub fn url(u: &str) -> Option<String> {
    let u = u.trim();
    if u.is_empty() {
        return None;
    }
    let u = u.split('#').next().unwrap_or(u);
    let (scheme, rest) = match u.find("://") {
        Some(k) => (u[..k].to_ascii_lowercase(), &u[k + 3..]),
        None => (String::new(), u),
    };
    let scheme = if scheme == "http" {
        "https".to_string()
    } else {
        scheme
    };
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = rest[..host_end].to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut path = rest[host_end..].to_string();
    while path.ends_with('/') {
        path.pop();
    }
    let mut out = String::with_capacity(u.len());
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push_str("://");
    }
    out.push_str(host);
    out.push_str(&path);
    Some(out)
}

/// The host of a normalised URL (`https://a.org/x` → `a.org`).
pub fn url_host(u: &str) -> Option<&str> {
    let rest = u.split_once("://").map(|(_, r)| r).unwrap_or(u);
    let h = rest.split(['/', '?']).next().unwrap_or("");
    (!h.is_empty()).then_some(h)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` string (prefix of a longer
/// timestamp allowed), or `None`.
pub fn day_number(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A valid `YYYY-MM-DD` prefix of `s`, or `None` ("2025-03-14T10:00Z" → "2025-03-14").
pub fn day(s: &str) -> Option<String> {
    day_number(s).map(|_| s[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name("The  U.S. Army"), "us army");
        assert_eq!(name("Emmanuel Macron"), name("emmanuel  MACRON"));
        assert_eq!(name("José Martí"), "jose marti");
        assert_eq!(name("Al-Shabaab"), "al shabaab");
        assert_eq!(name("The"), "the");
        assert_ne!(name("Jordan"), name("Jordanian"));
    }

    #[test]
    fn urls() {
        assert_eq!(
            url(" HTTP://WWW.Example.org/news/a/#top ").as_deref(),
            Some("https://example.org/news/a")
        );
        assert_eq!(
            url("https://example.org/a?id=3"),
            Some("https://example.org/a?id=3".into())
        );
        assert_ne!(
            url("https://example.org/a?id=3"),
            url("https://example.org/a?id=4")
        );
        assert_eq!(url("  "), None);
        assert_eq!(url_host("https://example.org/a"), Some("example.org"));
    }

    #[test]
    fn days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-02-29").map(day_string).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2025-03"), None);
        for z in [-1000, 0, 19_000, 20_513, 30_000] {
            assert_eq!(day_number(&day_string(z)), Some(z));
        }
        assert_eq!(day("2025-03-14T10:00:00Z").as_deref(), Some("2025-03-14"));
    }
}
