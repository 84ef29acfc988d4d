//! Tests of the statements stage over short hand-written texts. The mentions
//! and entities are built by hand (`build`), so that the tests do not depend on
//! the tagger; the pronoun stage's tests reuse the same helpers.

use std::sync::Arc;

use super::*;
use crate::doc::{Doc, DocMeta, Entity, EntityType, Mention, MentionSource};
use crate::pipeline::{Scratch, Stage};
use crate::text::{SegmentStage, TokenizeStage};

/// The shipped cue lexicon.
pub(crate) fn cues() -> Arc<CueIndex> {
    let mut rows = Vec::new();
    parse_cues(
        "data/cues.tsv",
        include_str!("../../../../data/cues.tsv"),
        &mut rows,
    )
    .expect("shipped cues parse");
    Arc::new(CueIndex::new(&rows))
}

/// A tokenized, segmented document whose entities are `ents`: a type and the
/// surface forms that name it (every token-aligned occurrence is a mention;
/// the first form is the entity's name).
pub(crate) fn build(text: &str, ents: &[(EntityType, &[&str])]) -> Doc {
    let mut doc = Doc::new(text, DocMeta::default());
    let mut sc = Scratch::default();
    TokenizeStage.run(&mut doc, &mut sc);
    SegmentStage.run(&mut doc, &mut sc);
    let mut found: Vec<(Mention, usize)> = Vec::new();
    for (e, (kind, forms)) in ents.iter().enumerate() {
        for f in *forms {
            for (b, _) in text.match_indices(f) {
                let a = doc.tokens.iter().position(|t| t.span.start as usize == b);
                let z = doc
                    .tokens
                    .iter()
                    .position(|t| t.span.end as usize == b + f.len());
                if let (Some(a), Some(z)) = (a, z) {
                    let m = Mention {
                        span: doc.tok_span(a, z + 1),
                        tok_start: a as u32,
                        tok_end: z as u32 + 1,
                        kind: *kind,
                        actor: None,
                        source: MentionSource::Rule,
                        pronoun: false,
                    };
                    found.push((m, e));
                }
            }
        }
    }
    // Longest first at each start, then drop overlaps.
    found.sort_by_key(|(m, _)| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut kept: Vec<(Mention, usize)> = Vec::new();
    for (m, e) in found {
        if kept.last().is_none_or(|(k, _)| k.span.end <= m.span.start) {
            kept.push((m, e));
        }
    }
    doc.entities = ents
        .iter()
        .map(|(k, forms)| Entity {
            name: forms[0].to_string(),
            kind: Some(*k),
            ..Entity::default()
        })
        .collect();
    for (i, (m, e)) in kept.into_iter().enumerate() {
        doc.entities[e].mentions.push(i as u32);
        doc.mentions.push(m);
    }
    doc
}

/// Run the statements stage.
pub(crate) fn run_statements(doc: &mut Doc) {
    StatementStage::new(cues()).run(doc, &mut Scratch::default());
}

/// (speaker entity name or "-", speaker span text, cue, content, direct).
pub(crate) fn rows(doc: &Doc) -> Vec<(String, String, String, String, bool)> {
    doc.statements
        .iter()
        .map(|s| {
            (
                s.speaker
                    .map_or("-".to_string(), |e| doc.entities[e as usize].name.clone()),
                s.speaker_span
                    .map_or(String::new(), |x| doc.slice(x).to_string()),
                doc.slice(s.cue_span).to_string(),
                doc.slice(s.content_span).to_string(),
                s.direct,
            )
        })
        .collect()
}

fn check(
    text: &str,
    ents: &[(EntityType, &[&str])],
) -> Vec<(String, String, String, String, bool)> {
    let mut doc = build(text, ents);
    run_statements(&mut doc);
    rows(&doc)
}

fn row(
    spk: &str,
    span: &str,
    cue: &str,
    content: &str,
    direct: bool,
) -> (String, String, String, String, bool) {
    (spk.into(), span.into(), cue.into(), content.into(), direct)
}

const P: EntityType = EntityType::Person;
const G: EntityType = EntityType::Group;
const O: EntityType = EntityType::Org;

#[test]
fn reported_speech_with_and_without_that() {
    let got = check(
        "Merz said that the talks had failed. Merz said the talks would resume. Lind cautioned that the truce was fragile.",
        &[(P, &["Merz"]), (P, &["Lind"])],
    );
    assert_eq!(
        got,
        [
            row("Merz", "Merz", "said", "the talks had failed", false),
            row("Merz", "Merz", "said", "the talks would resume", false),
            row("Lind", "Lind", "cautioned", "the truce was fragile", false),
        ]
    );
}

#[test]
fn two_cues_share_a_subject() {
    let got = check(
        "Vasko described the meeting as productive but cautioned that no deal was near.",
        &[(P, &["Vasko"])],
    );
    assert_eq!(
        got,
        [
            row(
                "Vasko",
                "Vasko",
                "described",
                "the meeting as productive",
                false
            ),
            row("Vasko", "Vasko", "cautioned", "no deal was near", false),
        ]
    );
}

#[test]
fn inverted_and_post_posed_attribution() {
    let got = check(
        "The convoy was delayed by fighting, said Irena Vasko, the foreign minister. Prices rose again, Lind said.",
        &[(P, &["Irena Vasko"]), (P, &["Lind"])],
    );
    assert_eq!(
        got,
        [
            row(
                "Irena Vasko",
                "Irena Vasko",
                "said",
                "The convoy was delayed by fighting",
                false
            ),
            row("Lind", "Lind", "said", "Prices rose again", false),
        ]
    );
}

#[test]
fn according_to_before_and_after() {
    let got = check(
        "According to the World Food Programme, the convoy reached Kassala. The road was closed, according to local officials.",
        &[(O, &["World Food Programme"]), (G, &["local officials"])],
    );
    assert_eq!(
        got,
        [
            row(
                "World Food Programme",
                "the World Food Programme",
                "According to",
                "the convoy reached Kassala",
                false
            ),
            row(
                "local officials",
                "local officials",
                "according to",
                "The road was closed",
                false
            ),
        ]
    );
}

#[test]
fn sources_that_are_not_persons() {
    let got = check(
        "The Elysée says the visit will go ahead. Army officials claimed the town was taken. The rebels denied that their forces had shelled the port. Satellite imagery analysts suggested the damage was recent.",
        &[
            (O, &["Elysée"]),
            (G, &["Army officials"]),
            (G, &["The rebels"]),
            (G, &["Satellite imagery analysts"]),
        ],
    );
    assert_eq!(
        got,
        [
            row(
                "Elysée",
                "The Elysée",
                "says",
                "the visit will go ahead",
                false
            ),
            row(
                "Army officials",
                "Army officials",
                "claimed",
                "the town was taken",
                false
            ),
            row(
                "The rebels",
                "The rebels",
                "denied",
                "their forces had shelled the port",
                false
            ),
            row(
                "Satellite imagery analysts",
                "Satellite imagery analysts",
                "suggested",
                "the damage was recent",
                false
            ),
        ]
    );
    // The denial carries its polarity and kind.
    let mut doc = build(
        "The rebels denied that their forces had shelled the port.",
        &[(G, &["The rebels"])],
    );
    run_statements(&mut doc);
    assert_eq!(
        (&*doc.statements[0].kind, doc.statements[0].polarity),
        ("deny", -1)
    );
}

#[test]
fn a_group_resolve_missed_keeps_its_span() {
    let got = check("The militants denied any role in the attack.", &[]);
    assert_eq!(
        got,
        [row(
            "-",
            "The militants",
            "denied",
            "any role in the attack",
            false
        )]
    );
}

#[test]
fn direct_quotes_interrupted_and_continued() {
    let got = check(
        "\"We came to listen, not to lecture,\" Vasko said. \"Nobody doubts our resolve.\"\nShe left early.",
        &[(P, &["Vasko"])],
    );
    assert_eq!(
        got,
        [
            row(
                "Vasko",
                "Vasko",
                "said",
                "We came to listen, not to lecture",
                true
            ),
            row("Vasko", "Vasko", "said", "Nobody doubts our resolve.", true),
        ]
    );
    // "…," he said, "…" in one sentence: one statement per quotation.
    let got = check("\"We will win,\" he said, \"whatever it takes.\"", &[]);
    assert_eq!(
        got,
        [
            row("-", "he", "said", "We will win", true),
            row("-", "he", "said", "whatever it takes.", true)
        ]
    );
}

#[test]
fn multi_sentence_and_multi_paragraph_quotes() {
    let got = check(
        "Lind said: \"The talks failed. Both sides walked out.\" Then she left.",
        &[(P, &["Lind"])],
    );
    assert_eq!(
        got,
        [row(
            "Lind",
            "Lind",
            "said",
            "The talks failed. Both sides walked out.",
            true
        )]
    );
    // A quotation that runs into the next paragraph, which reopens it.
    let got = check(
        "Lind said: \"The talks failed.\n\"Both sides walked out. We will try again.\"\nThe end came soon.",
        &[(P, &["Lind"])],
    );
    assert_eq!(
        got,
        [
            row("Lind", "Lind", "said", "The talks failed.", true),
            row(
                "Lind",
                "Lind",
                "said",
                "Both sides walked out. We will try again.",
                true
            ),
        ]
    );
}

#[test]
fn told_skips_the_addressee() {
    let got = check(
        "Osei told reporters in Nairobi that fuel prices had risen. \"Those reports are false,\" he told the press.",
        &[(P, &["Osei"])],
    );
    assert_eq!(
        got,
        [
            row("Osei", "Osei", "told", "fuel prices had risen", false),
            row("-", "he", "told", "Those reports are false", true),
        ]
    );
}

#[test]
fn apposition_between_speaker_and_cue() {
    let got = check(
        "Tomas Rell, a spokesman for the Northern Alliance, denied that its forces had shelled the port.",
        &[(P, &["Tomas Rell"]), (O, &["Northern Alliance"])],
    );
    assert_eq!(
        got,
        [row(
            "Tomas Rell",
            "Tomas Rell",
            "denied",
            "its forces had shelled the port",
            false
        )]
    );
}

#[test]
fn apposition_then_a_cue_with_an_object_is_not_inverted() {
    // "X, the Y of Z, rejected the accusation": X speaks; "the accusation" is no speaker.
    let got = check(
        "Oskar Tamm, the chief spokesman of the Northern Alliance, rejected the accusation.",
        &[(P, &["Oskar Tamm"]), (O, &["Northern Alliance"])],
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Oskar Tamm");
    assert_eq!(got[0].3, "the accusation");
    // A clause before the comma is still content of an inverted attribution.
    let got = check(
        "The Alliance had shelled the port, said Oskar Tamm.",
        &[(P, &["Oskar Tamm"])],
    );
    assert_eq!(
        got,
        [row(
            "Oskar Tamm",
            "Oskar Tamm",
            "said",
            "The Alliance had shelled the port",
            false
        )]
    );
}

#[test]
fn the_head_before_a_preposition_speaks_over_an_apposition() {
    // The chunk's head is what starts it, not the place or body after "in"/"from".
    let got = check(
        "The Border Mission in Ruritania, which patrols the river, said its observers had found shell holes. \
         A survey team from the League of States, sent in June, said the bridge was down.",
        &[(O, &["Border Mission"]), (O, &["League of States"])],
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "The Border Mission");
    assert_eq!(got[0].3, "its observers had found shell holes");
    assert_eq!(got[1].1, "A survey team");
    assert_eq!(got[1].3, "the bridge was down");
}

#[test]
fn a_denial_points_back_with_that() {
    let got = check(
        "Oskar Tamm denied that, saying no trenches had been dug.",
        &[(P, &["Oskar Tamm"])],
    );
    assert_eq!(got[0].2, "denied");
    assert_eq!(got[0].3, "that");
    // "said that, …" with a parenthesis still reads the clause.
    let got = check(
        "Oskar Tamm said that, in his view, the talks had failed.",
        &[(P, &["Oskar Tamm"])],
    );
    assert_eq!(got[0].3, "in his view, the talks had failed");
}

#[test]
fn a_spokesman_for_a_body_speaks() {
    let got = check(
        "A spokesman for the Harbour Authority said the port would reopen.",
        &[(O, &["Harbour Authority"])],
    );
    assert_eq!(
        got,
        [row(
            "Harbour Authority",
            "A spokesman for the Harbour Authority",
            "said",
            "the port would reopen",
            false
        )]
    );
}

#[test]
fn a_report_by_someone_inside_a_denial_is_their_statement() {
    let got = check(
        "Oskar Tamm denied a report by a Ruritanian radio station that the army had left Vell, \
         calling it false.",
        &[(P, &["Oskar Tamm"])],
    );
    assert!(
        got.iter().any(|r| r.1 == "a Ruritanian radio station"
            && r.2 == "report"
            && r.3 == "the army had left Vell"),
        "{got:?}"
    );
    // A report with no reporter named is not a statement.
    let got = check(
        "Oskar Tamm denied reports that the army had left Vell.",
        &[(P, &["Oskar Tamm"])],
    );
    assert!(got.iter().all(|r| r.2 != "reports"), "{got:?}");
}

#[test]
fn no_statement_without_a_report() {
    // Passive, plain objects of thought verbs, nouns, scare quotes.
    let got = check(
        "The troops were told to withdraw. Police found a body near the port. The report was published on Monday. The army declared a \"quasi-state of war\".",
        &[],
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_noun_cue_before_a_coordinator_is_a_noun() {
    // "rules and said": the noun, and the coordinated "said" keeps the sentence's subject.
    let got = check(
        "Anna Lind warned that the ban would break trade rules and said the case would go to court.",
        &[(P, &["Anna Lind"])],
    );
    assert!(got.iter().all(|r| r.2 != "rules"), "{got:?}");
    assert!(
        got.iter()
            .any(|r| r.0 == "Anna Lind" && r.2 == "said" && r.3 == "the case would go to court"),
        "{got:?}"
    );
}

#[test]
fn nouns_that_look_like_cues() {
    let got = check("Police reports said the road was mined.", &[]);
    assert_eq!(
        got,
        [row(
            "-",
            "Police reports",
            "said",
            "the road was mined",
            false
        )]
    );
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "\"",
        "\" \" \"",
        "said",
        "said \"",
        "\"said\"",
        ", said .",
        "according to",
        "He said:\n\"",
        "\"a\nb\nc\nd\ne\" said",
    ] {
        let mut doc = build(t, &[]);
        run_statements(&mut doc);
        for s in &doc.statements {
            assert!(s.content_span.end as usize <= t.len());
        }
    }
}

#[test]
fn cue_files_are_checked() {
    let mut rows = Vec::new();
    let e = parse_cues("x.tsv", "# c\ncue\tlemma\tkind\n", &mut rows).unwrap_err();
    assert_eq!((e.line, e.file.as_str()), (2, "x.tsv"));
    let e = parse_cues(
        "x.tsv",
        "cue\tlemma\tkind\tpolarity\nsaid\tsay\tsay\t?\n",
        &mut rows,
    )
    .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("polarity"), "{e}");
    let e = parse_cues(
        "x.tsv",
        "cue\tlemma\tkind\tpolarity\nSaid\tsay\tsay\t0\n",
        &mut rows,
    )
    .unwrap_err();
    assert!(e.message.contains("lowercase"), "{e}");
    // A user's row replaces the shipped one.
    parse_cues(
        "a.tsv",
        "cue\tlemma\tkind\tpolarity\nsaid\tsay\tsay\t0\n",
        &mut rows,
    )
    .unwrap();
    parse_cues(
        "b.tsv",
        "cue\tlemma\tkind\tpolarity\nsaid\tsay\tclaim\t0\nhinted\thint\tsuggest\t0\n",
        &mut rows,
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].kind, "claim");
}

#[test]
fn shipped_cues_are_sorted_and_unique() {
    let text = include_str!("../../../../data/cues.tsv");
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert!(keys.len() > 150);
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "cues.tsv must be sorted and unique"
    );
    assert!(cues().len() == keys.len());
}

#[test]
fn a_dateline_is_not_content() {
    let got = check(
        "BAGHDAD, Sept. 3 — A fire at a textile factory killed 97 workers, police said.",
        &[(G, &["police"])],
    );
    assert_eq!(
        got,
        [row(
            "police",
            "police",
            "said",
            "A fire at a textile factory killed 97 workers",
            false
        )]
    );
}

#[test]
fn according_to_a_title_and_a_name() {
    let got = check(
        "According to the team's coach, Alireza Mehraban, the robot scored two points.",
        &[(P, &["Alireza Mehraban"])],
    );
    assert_eq!(
        got,
        [row(
            "Alireza Mehraban",
            "the team's coach, Alireza Mehraban",
            "According to",
            "the robot scored two points",
            false
        )]
    );
}

#[test]
fn a_group_with_its_place_speaks() {
    // The place phrase between the group and the cue is not the speaker; a place alone is not.
    let got = check(
        "Aid workers at the camp confirmed that shells had hit the site. \
         Residents of Vell said the shelling stopped. In the capital officials said nothing.",
        &[
            (G, &["Aid workers"]),
            (G, &["Residents"]),
            (EntityType::Gpe, &["Vell"]),
        ],
    );
    assert_eq!(
        got[..2],
        [
            row(
                "Aid workers",
                "Aid workers",
                "confirmed",
                "shells had hit the site",
                false
            ),
            row(
                "Residents",
                "Residents",
                "said",
                "the shelling stopped",
                false
            ),
        ]
    );
}
