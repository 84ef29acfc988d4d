//! The word tables of the times stage: what a token is (month, weekday,
//! number, unit, keyword) and which words mark a sentence as past or future.
//! Everything is a `match` or a sorted table searched by bisection, and
//! lowercasing goes through a stack buffer, so classifying a token never
//! allocates.

/// A unit of time in "three weeks", "last month", "a decade ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Two weeks.
    Fortnight,
    /// Months.
    Month,
    /// Years.
    Year,
    /// Ten years.
    Decade,
    /// A hundred years.
    Century,
}

/// Function words and time words the patterns are built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    Yesterday,
    Today,
    Tomorrow,
    Tonight,
    Last,
    This,
    Next,
    Past,
    Coming,
    Ago,
    Earlier,
    Later,
    Early,
    Mid,
    Late,
    Weekend,
    /// morning, afternoon, evening, night.
    PartOfDay,
    /// "a", "an".
    A,
    The,
    That,
    Same,
    Following,
    Previous,
    /// few, several, many, some, couple.
    Vague,
    Old,
    /// spring, summer, autumn, winter.
    Season,
}

/// What a token is, as far as time expressions care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum W {
    /// Nothing of interest.
    Other,
    /// A full month name, 1–12.
    Month(u8),
    /// An abbreviated month ("Jan.", "Sept"), only a date with a number.
    MonAbbr(u8),
    /// A weekday, 0 = Monday.
    Weekday(u8),
    /// ASCII digits: value and number of digits (at most 4).
    Num(u32, u8),
    /// "21st", "3rd".
    Ord(u32),
    /// "seventeen", "twenty-five".
    NumWord(u32),
    /// A unit, and whether it is plural.
    Unit(Unit, bool),
    /// "1960s": the decade's first three digits (196).
    Decade(u32),
    /// "'90s": the decade digit within an unknown century (9).
    ShortDecade(u8),
    /// "sixties": the decade digit (6).
    DecadeWord(u8),
    /// A keyword.
    Kw(Kw),
}

/// Longest token worth lowercasing; longer tokens are never time words.
const MAX_WORD: usize = 24;

/// `s` in ASCII lowercase, in `buf`; `None` if too long or not ASCII.
pub fn lower<'b>(s: &str, buf: &'b mut [u8; MAX_WORD]) -> Option<&'b str> {
    if s.len() > MAX_WORD || !s.is_ascii() {
        return None;
    }
    for (d, b) in buf.iter_mut().zip(s.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..s.len()]).ok()
}

/// Classify a token's text.
pub fn classify(s: &str) -> W {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return W::Other;
    };
    if first.is_ascii_digit() {
        return classify_digits(s);
    }
    if (first == b'\'' || s.starts_with('’')) && s.len() <= 6 {
        // '90s
        let rest = s.trim_start_matches(['\'', '’']);
        let rb = rest.as_bytes();
        if rb.len() == 3 && rb[0].is_ascii_digit() && rb[1] == b'0' && rb[2] == b's' {
            return W::ShortDecade(rb[0] - b'0');
        }
        return W::Other;
    }
    if !first.is_ascii_alphabetic() {
        return W::Other;
    }
    let mut buf = [0u8; MAX_WORD];
    let Some(w) = lower(s, &mut buf) else {
        return W::Other;
    };
    word(w)
}

fn classify_digits(s: &str) -> W {
    let b = s.as_bytes();
    let nd = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if nd > 4 {
        return W::Other;
    }
    let n = b[..nd]
        .iter()
        .fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
    let rest = &s[nd..];
    if rest.is_empty() {
        return W::Num(n, nd as u8);
    }
    if nd <= 2 && rest.len() == 2 {
        let mut buf = [0u8; MAX_WORD];
        if let Some(r) = lower(rest, &mut buf)
            && matches!(r, "st" | "nd" | "rd" | "th")
        {
            return W::Ord(n);
        }
    }
    if nd == 4 && n.is_multiple_of(10) && (rest == "s" || rest == "S") {
        return W::Decade(n / 10);
    }
    W::Other
}

/// Classify a lowercase word.
pub fn word(w: &str) -> W {
    use Kw::*;
    let w = w.strip_suffix('.').unwrap_or(w);
    let k = |k| W::Kw(k);
    match w {
        "january" => W::Month(1),
        "february" => W::Month(2),
        "march" => W::Month(3),
        "april" => W::Month(4),
        "may" => W::Month(5),
        "june" => W::Month(6),
        "july" => W::Month(7),
        "august" => W::Month(8),
        "september" => W::Month(9),
        "october" => W::Month(10),
        "november" => W::Month(11),
        "december" => W::Month(12),
        "jan" => W::MonAbbr(1),
        "feb" => W::MonAbbr(2),
        "mar" => W::MonAbbr(3),
        "apr" => W::MonAbbr(4),
        "jun" => W::MonAbbr(6),
        "jul" => W::MonAbbr(7),
        "aug" => W::MonAbbr(8),
        "sep" | "sept" => W::MonAbbr(9),
        "oct" => W::MonAbbr(10),
        "nov" => W::MonAbbr(11),
        "dec" => W::MonAbbr(12),
        "monday" => W::Weekday(0),
        "tuesday" => W::Weekday(1),
        "wednesday" => W::Weekday(2),
        "thursday" => W::Weekday(3),
        "friday" => W::Weekday(4),
        "saturday" => W::Weekday(5),
        "sunday" => W::Weekday(6),
        "minute" => W::Unit(Unit::Minute, false),
        "minutes" => W::Unit(Unit::Minute, true),
        "hour" => W::Unit(Unit::Hour, false),
        "hours" => W::Unit(Unit::Hour, true),
        "day" => W::Unit(Unit::Day, false),
        "days" => W::Unit(Unit::Day, true),
        "week" => W::Unit(Unit::Week, false),
        "weeks" => W::Unit(Unit::Week, true),
        "fortnight" => W::Unit(Unit::Fortnight, false),
        "fortnights" => W::Unit(Unit::Fortnight, true),
        "month" => W::Unit(Unit::Month, false),
        "months" => W::Unit(Unit::Month, true),
        "year" => W::Unit(Unit::Year, false),
        "years" => W::Unit(Unit::Year, true),
        "decade" => W::Unit(Unit::Decade, false),
        "decades" => W::Unit(Unit::Decade, true),
        "century" => W::Unit(Unit::Century, false),
        "centuries" => W::Unit(Unit::Century, true),
        "yesterday" => k(Yesterday),
        "today" => k(Today),
        "tomorrow" => k(Tomorrow),
        "tonight" => k(Tonight),
        "last" => k(Last),
        "this" => k(This),
        "next" => k(Next),
        "past" => k(Past),
        "coming" | "upcoming" => k(Coming),
        "ago" => k(Ago),
        "earlier" => k(Earlier),
        "later" => k(Later),
        "early" => k(Early),
        "mid" => k(Mid),
        "late" => k(Late),
        "weekend" => k(Weekend),
        "morning" | "afternoon" | "evening" | "night" => k(PartOfDay),
        "a" | "an" => k(A),
        "the" => k(The),
        "that" => k(That),
        "same" => k(Same),
        "following" => k(Following),
        "previous" | "preceding" => k(Previous),
        "few" | "several" | "many" | "some" | "couple" => k(Vague),
        "old" => k(Old),
        "spring" | "summer" | "autumn" | "winter" => k(Season),
        "twenties" => W::DecadeWord(2),
        "thirties" => W::DecadeWord(3),
        "forties" => W::DecadeWord(4),
        "fifties" => W::DecadeWord(5),
        "sixties" => W::DecadeWord(6),
        "seventies" => W::DecadeWord(7),
        "eighties" => W::DecadeWord(8),
        "nineties" => W::DecadeWord(9),
        _ => match number_word(w) {
            Some(n) => W::NumWord(n),
            None => W::Other,
        },
    }
}

/// "one" … "ninety", "twenty-five", "hundred".
pub fn number_word(w: &str) -> Option<u32> {
    if let Some((t, o)) = w.split_once('-') {
        let (t, o) = (simple_number(t)?, simple_number(o)?);
        return (t >= 20 && t % 10 == 0 && t < 100 && (1..10).contains(&o)).then_some(t + o);
    }
    simple_number(w)
}

fn simple_number(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// Words before a bare month that make it a date ("in March", "since May").
pub fn is_month_lead(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "since"
            | "until"
            | "till"
            | "by"
            | "during"
            | "early"
            | "mid"
            | "late"
            | "of"
            | "from"
            | "through"
            | "throughout"
            | "between"
            | "before"
            | "after"
            | "last"
            | "next"
            | "this"
            | "around"
            | "into"
            | "mid-"
    )
}

/// Words before "a year", "one week" that make them a duration.
pub fn is_duration_lead(w: &str) -> bool {
    matches!(
        w,
        "for"
            | "over"
            | "within"
            | "in"
            | "after"
            | "nearly"
            | "almost"
            | "about"
            | "around"
            | "than"
            | "lasting"
            | "spanning"
            | "just"
            | "only"
            | "least"
            | "roughly"
            | "approximately"
    )
}

/// Words before a weekday that make it part of a name ("Good Friday").
pub fn is_holiday_prefix(w: &str) -> bool {
    matches!(
        w,
        "good"
            | "black"
            | "cyber"
            | "holy"
            | "ash"
            | "palm"
            | "easter"
            | "super"
            | "bloody"
            | "maundy"
            | "shrove"
            | "whit"
            | "girl"
            | "man"
    )
}

/// Street-type words ("Anderson Ave"): a number before them is an address.
pub fn is_street(w: &str) -> bool {
    matches!(
        w,
        "st" | "st."
            | "street"
            | "ave"
            | "ave."
            | "avenue"
            | "blvd"
            | "blvd."
            | "boulevard"
            | "rd"
            | "rd."
            | "road"
            | "terrace"
            | "lane"
            | "ln"
            | "drive"
            | "dr"
            | "dr."
            | "way"
            | "place"
            | "pl"
            | "court"
            | "ct"
            | "highway"
            | "plaza"
            | "square"
            | "parkway"
            | "pkwy"
    )
}

/// Words after a four-digit number that make it a count, not a year
/// ("2000 people"). Sorted.
pub const COUNT_NOUNS: &[&str] = &[
    "acres",
    "barrels",
    "bc",
    "bce",
    "calories",
    "cases",
    "casualties",
    "children",
    "civilians",
    "cm",
    "dead",
    "deaths",
    "dollars",
    "employees",
    "euros",
    "families",
    "feet",
    "fighters",
    "ft",
    "gmt",
    "hectares",
    "homes",
    "hours",
    "hrs",
    "jobs",
    "kg",
    "kilometers",
    "kilometres",
    "km",
    "lb",
    "members",
    "men",
    "meters",
    "metres",
    "miles",
    "missiles",
    "mm",
    "participants",
    "people",
    "percent",
    "persons",
    "points",
    "police",
    "pounds",
    "refugees",
    "residents",
    "rockets",
    "rounds",
    "rupees",
    "shells",
    "soldiers",
    "students",
    "tonnes",
    "tons",
    "troops",
    "units",
    "utc",
    "vehicles",
    "votes",
    "women",
    "words",
    "workers",
    "yards",
    "yen",
    "yuan",
];

/// Words before a four-digit number that make it an identifier or an amount
/// ("Resolution 1325", "No. 1200"). Sorted.
pub const NUMBER_PREFIXES: &[&str] = &[
    "#",
    "$",
    "apartment",
    "art",
    "article",
    "bill",
    "box",
    "bus",
    "channel",
    "chapter",
    "code",
    "flight",
    "gate",
    "highway",
    "hwy",
    "id",
    "line",
    "model",
    "no",
    "no.",
    "nos",
    "nos.",
    "number",
    "p",
    "p.",
    "page",
    "pages",
    "platform",
    "pp",
    "pp.",
    "resolution",
    "road",
    "room",
    "route",
    "rule",
    "section",
    "serial",
    "suite",
    "unit",
    "version",
    "£",
    "€",
];

/// Irregular past-tense verbs. Sorted.
pub const IRREGULAR_PAST: &[&str] = &[
    "arose",
    "ate",
    "awoke",
    "became",
    "began",
    "bled",
    "blew",
    "bought",
    "broke",
    "brought",
    "built",
    "burnt",
    "came",
    "caught",
    "chose",
    "clung",
    "dealt",
    "did",
    "drew",
    "drove",
    "dug",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "forbade",
    "forgave",
    "forgot",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "had",
    "heard",
    "held",
    "hid",
    "hung",
    "kept",
    "knew",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "mistook",
    "oversaw",
    "overtook",
    "paid",
    "ran",
    "rang",
    "rode",
    "rose",
    "said",
    "sang",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "slept",
    "slid",
    "sold",
    "sought",
    "spent",
    "spoke",
    "sprang",
    "stole",
    "stood",
    "struck",
    "stuck",
    "swam",
    "swept",
    "swore",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "tore",
    "understood",
    "undertook",
    "was",
    "went",
    "were",
    "withdrew",
    "woke",
    "won",
    "wore",
    "wrote",
];

/// Words in "-ed" that are rarely past-tense verbs. Sorted.
pub const NOT_PAST_ED: &[&str] = &[
    "advanced",
    "alleged",
    "armed",
    "based",
    "bed",
    "beloved",
    "crooked",
    "detailed",
    "embed",
    "experienced",
    "hundred",
    "kindred",
    "learned",
    "limited",
    "naked",
    "red",
    "related",
    "retired",
    "sacred",
    "shed",
    "skilled",
    "sled",
    "so-called",
    "talented",
    "unarmed",
    "unidentified",
    "united",
    "unnamed",
    "unprecedented",
    "wicked",
    "wretched",
];

/// Past verbs of intent: before "to" and a verb they point to the future
/// ("agreed to meet").
pub fn is_intent(w: &str) -> bool {
    matches!(
        w,
        "agreed"
            | "offered"
            | "promised"
            | "pledged"
            | "vowed"
            | "decided"
            | "threatened"
            | "voted"
            | "hoped"
            | "sought"
            | "wanted"
            | "intended"
            | "aimed"
            | "proposed"
            | "undertook"
            | "arranged"
            | "prepared"
            | "announced"
            | "asked"
            | "urged"
            | "called"
    )
}

/// Past reporting verbs: after a comma they belong to a trailing attribution
/// ("…on Friday, the ministry said") and say nothing about the event's tense.
pub fn is_reporting(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "told"
            | "added"
            | "stated"
            | "announced"
            | "reported"
            | "wrote"
            | "claimed"
            | "noted"
            | "confirmed"
            | "insisted"
            | "warned"
            | "explained"
            | "tweeted"
    )
}

/// Determiners and pronouns: after "agreed to" they make "to" a preposition.
pub fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "him"
            | "them"
            | "us"
            | "me"
            | "it"
            | "some"
            | "any"
            | "all"
            | "each"
            | "every"
    )
}

/// Past-tense verbs in "-eed" (most "-eed" words are not past tenses).
fn eed_past(w: &str) -> bool {
    matches!(
        w,
        "agreed" | "freed" | "decreed" | "guaranteed" | "disagreed"
    )
}

/// What a word says about tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Nothing.
    None,
    /// A past-tense verb or marker.
    Past,
    /// A future marker.
    Future,
    /// "be": future after a modal or "to", otherwise nothing.
    Be,
    /// "is", "are", "am": future before "to" or an "-ing" verb.
    Present,
    /// A regular "-ed" form: past, unless it follows a form of "be".
    Ed,
    /// A modal that carries no tense ("could", "may"): makes "be" future.
    Modal,
    /// "to": makes "be" future; future before some verbs.
    To,
}

/// The tense cue of a lowercase word.
pub fn cue(w: &str) -> Cue {
    match w {
        "will" | "'ll" | "’ll" | "shall" | "wo" | "would" | "upcoming" | "tomorrow" | "soon"
        | "scheduled" | "expected" | "plans" | "plan" | "planned" | "planning" | "intends"
        | "intend" | "slated" | "poised" | "due" | "next" | "coming" | "hopes" | "aims" => {
            Cue::Future
        }
        "could" | "may" | "might" | "must" | "should" | "can" => Cue::Modal,
        "be" => Cue::Be,
        "to" => Cue::To,
        "is" | "are" | "am" | "'s" | "’s" | "'re" | "’re" => Cue::Present,
        "been" | "ago" | "yesterday" => Cue::Past,
        _ => {
            if IRREGULAR_PAST.binary_search(&w).is_ok() {
                // Most are participles too ("will be held").
                Cue::Ed
            } else if w.len() >= 4
                && w.ends_with("ed")
                && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                && (!w.ends_with("eed") || eed_past(w))
                && NOT_PAST_ED.binary_search(&w).is_err()
            {
                Cue::Ed
            } else {
                Cue::None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sorted() {
        for t in [COUNT_NOUNS, NUMBER_PREFIXES, IRREGULAR_PAST, NOT_PAST_ED] {
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{:?}", t);
        }
    }

    #[test]
    fn classifies() {
        assert_eq!(classify("July"), W::Month(7));
        assert_eq!(classify("Sept."), W::MonAbbr(9));
        assert_eq!(classify("FRIDAY"), W::Weekday(4));
        assert_eq!(classify("2017"), W::Num(2017, 4));
        assert_eq!(classify("08"), W::Num(8, 2));
        assert_eq!(classify("21st"), W::Ord(21));
        assert_eq!(classify("1960s"), W::Decade(196));
        assert_eq!(classify("'90s"), W::ShortDecade(9));
        assert_eq!(classify("Seventeen"), W::NumWord(17));
        assert_eq!(classify("twenty-five"), W::NumWord(25));
        assert_eq!(classify("years"), W::Unit(Unit::Year, true));
        assert_eq!(classify("12345"), W::Other);
        assert_eq!(classify("Zoë"), W::Other);
        assert_eq!(cue("visited"), Cue::Ed);
        assert_eq!(cue("need"), Cue::None);
        assert_eq!(cue("agreed"), Cue::Ed);
        assert_eq!(cue("said"), Cue::Ed);
        assert_eq!(cue("will"), Cue::Future);
    }
}
