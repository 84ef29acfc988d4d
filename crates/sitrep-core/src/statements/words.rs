//! Closed-class English words the statement and pronoun stages test tokens
//! against, and a lowercase copy of a token kept on the stack so that the
//! tests allocate nothing.

/// A token lowercased on the stack. Words longer than the buffer or not ASCII
/// come out empty, which no word list here contains.
pub(crate) struct Low {
    b: [u8; 24],
    n: u8,
}

impl Low {
    pub(crate) fn new(w: &str) -> Low {
        let mut b = [0u8; 24];
        if w.len() > b.len() || !w.is_ascii() {
            // Curly apostrophes are the one non-ASCII character worth keeping ("’s").
            if w == "’s" {
                b[..2].copy_from_slice(b"'s");
                return Low { b, n: 2 };
            }
            return Low { b, n: 0 };
        }
        for (d, s) in b.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        Low {
            b,
            n: w.len() as u8,
        }
    }
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.b[..self.n as usize]).unwrap_or("")
    }
}

/// Determiners, quantifiers and possessives that open a noun phrase.
pub(crate) fn is_det(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "these"
            | "those"
            | "some"
            | "many"
            | "several"
            | "both"
            | "all"
            | "most"
            | "each"
            | "every"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "other"
            | "another"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "any"
            | "few"
            | "such"
            | "various"
            | "numerous"
            | "no"
    )
}

/// Pronouns that can be the subject of a cue (not generic "you").
pub(crate) fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "it" | "we" | "i")
}

/// Object pronouns and the usual addressees of "told".
pub(crate) fn is_object_pronoun(w: &str) -> bool {
    matches!(
        w,
        "him" | "her" | "them" | "me" | "us" | "you" | "reporters" | "journalists"
    )
}

/// Forms of "be": before a past participle they make it passive.
pub(crate) fn is_be(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" | "'re" | "'m"
    )
}

/// Auxiliaries and adverbs that may sit between a subject and its verb.
pub(crate) fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "could"
            | "can"
            | "may"
            | "might"
            | "must"
            | "did"
            | "does"
            | "do"
            | "'d"
            | "'ll"
            | "'ve"
            | "also"
            | "not"
            | "n't"
            | "never"
            | "then"
            | "later"
            | "again"
            | "further"
            | "still"
            | "now"
            | "once"
            | "already"
            | "first"
            | "just"
            | "too"
            | "often"
            | "always"
    )
}

/// Words that show a finite verb nearby (the next token after a noun-like cue,
/// or inside a content clause).
pub(crate) fn is_finite_marker(w: &str) -> bool {
    is_be(w)
        || matches!(
            w,
            "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "shall"
                | "should"
                | "could"
                | "can"
                | "may"
                | "might"
                | "must"
                | "did"
                | "does"
                | "do"
                | "said"
                | "says"
        )
}

/// Prepositions.
pub(crate) fn is_prep(w: &str) -> bool {
    matches!(
        w,
        "of" | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "about"
            | "against"
            | "over"
            | "under"
            | "into"
            | "after"
            | "before"
            | "during"
            | "until"
            | "through"
            | "between"
            | "among"
            | "across"
            | "without"
            | "within"
            | "near"
            | "via"
            | "per"
            | "despite"
            | "toward"
            | "towards"
            | "upon"
            | "amid"
            | "following"
            | "including"
            | "like"
            | "outside"
            | "inside"
            | "behind"
            | "beyond"
    )
}

/// Words that start a new clause.
pub(crate) fn is_boundary_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "or"
            | "that"
            | "while"
            | "as"
            | "because"
            | "although"
            | "though"
            | "when"
            | "since"
            | "where"
            | "whereas"
            | "so"
            | "if"
            | "after"
            | "before"
            | "once"
            | "until"
            | "unless"
    )
}

/// Closed-class words that never end a subject noun phrase.
pub(crate) fn is_function(w: &str) -> bool {
    is_prep(w)
        || is_be(w)
        || is_aux(w)
        || is_boundary_word(w)
        || is_subject_pronoun(w)
        || w == "you"
        || is_object_pronoun(w) && w != "reporters" && w != "journalists"
        || matches!(
            w,
            "nor"
                | "yet"
                | "than"
                | "whether"
                | "who"
                | "whom"
                | "whose"
                | "which"
                | "what"
                | "there"
                | "here"
                | "however"
                | "only"
                | "even"
                | "very"
                | "more"
                | "less"
                | "much"
                | "said"
                | "says"
                | "to"
                | "themselves"
                | "himself"
                | "herself"
                | "itself"
                | "this"
                | "that"
                | "these"
                | "those"
                | "the"
                | "a"
                | "an"
                | "his"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
        )
}

/// Sentence-final punctuation.
pub(crate) fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}
