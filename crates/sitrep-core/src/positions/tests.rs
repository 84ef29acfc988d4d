//! Tests of the positions stage over short hand-written texts, with hand-built
//! entities (`statements::tests::build`) and the shipped lexicons. The claims
//! stage's tests reuse `analyse`.

use std::sync::Arc;

use super::*;
use crate::doc::{Doc, EntityType};
use crate::events::{EventLexicon, EventStage};
use crate::pipeline::{Scratch, Stage};
use crate::statements::tests::{build, run_statements};

/// The shipped issue and stance lexicons.
pub(crate) fn lexicon() -> Arc<Lexicon> {
    let mut issues = Vec::new();
    parse_issues(
        "data/issues.tsv",
        include_str!("../../../../data/issues.tsv"),
        &mut issues,
    )
    .expect("shipped issues parse");
    let mut stances = Vec::new();
    parse_stances(
        "data/stances.tsv",
        include_str!("../../../../data/stances.tsv"),
        &mut stances,
    )
    .expect("shipped stances parse");
    Arc::new(Lexicon::new(&issues, stances))
}

/// Statements, events (shipped lexicons), positions and claims over `text`
/// with entities `ents`.
pub(crate) fn analyse(text: &str, ents: &[(EntityType, &[&str])]) -> Doc {
    let mut doc = build(text, ents);
    run_statements(&mut doc);
    let mut rows = Vec::new();
    crate::events::parse_into(
        "data/events.tsv",
        include_str!("../../../../data/events.tsv"),
        &mut rows,
    )
    .expect("shipped events parse");
    let mut sc = Scratch::default();
    EventStage::new(Arc::new(EventLexicon::new(rows))).run(&mut doc, &mut sc);
    let lex = lexicon();
    PositionStage::new(lex.clone()).run(&mut doc, &mut sc);
    crate::claims::ClaimStage::new(lex).run(&mut doc, &mut sc);
    doc
}

/// Positions as "actor stance issue polarity [issue_text]".
fn show(doc: &Doc) -> Vec<String> {
    doc.positions
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {:+} [{}]",
                doc.entities[p.actor as usize].name,
                p.stance.label(),
                p.issue,
                p.stance.polarity(),
                p.issue_text
            )
        })
        .collect()
}

use EntityType::*;

#[test]
fn compound_actors_and_an_anaphoric_object() {
    let doc = analyse(
        "Armenia and its European partners want international monitors on the border, \
         including a possible EU mission. Azerbaijan rejects that option.",
        &[
            (Gpe, &["Armenia"]),
            (Norp, &["European"]),
            (Org, &["EU"]),
            (Gpe, &["Azerbaijan"]),
        ],
    );
    assert_eq!(
        show(&doc),
        [
            "European demand monitors +1 [international monitors]",
            "Armenia demand monitors +1 [international monitors]",
            "Azerbaijan reject monitors -1 [EU mission]",
        ]
    );
    // The rejection is a statement of Azerbaijan's, and the evidence names it.
    let p = &doc.positions[2];
    let s = &doc.statements[p.evidence.unwrap() as usize];
    assert_eq!(doc.slice(s.cue_span), "rejects");
}

#[test]
fn anaphors_reach_back_to_earlier_sentences() {
    let doc = analyse(
        "Ruritania proposed a prisoner exchange on Monday. The talks lasted six hours. \
         Freedonia dismissed the proposal.",
        &[(Gpe, &["Ruritania"]), (Gpe, &["Freedonia"])],
    );
    assert_eq!(
        show(&doc),
        [
            "Ruritania support prisoner_exchange +1 [a prisoner exchange]",
            "Freedonia reject prisoner_exchange -1 [a prisoner exchange]",
        ]
    );
}

#[test]
fn negation_flips_the_stance() {
    let doc = analyse(
        "Germany does not support new sanctions. Kyiv will not accept a ceasefire that \
         freezes the front line. Poland never opposed the pipeline.",
        &[(Gpe, &["Germany"]), (Gpe, &["Kyiv"]), (Gpe, &["Poland"])],
    );
    assert_eq!(
        show(&doc),
        [
            "Germany oppose sanctions -1 [new sanctions]",
            "Kyiv reject ceasefire -1 [a ceasefire]",
            "Poland accept energy_supply +1 [the pipeline]",
        ]
    );
}

#[test]
fn stances_stated_through_a_speaker() {
    let doc = analyse(
        "\"We will never accept a truce on these terms,\" Maria Lopez said. \
         Ruritania said it would back an independent investigation.",
        &[(Person, &["Maria Lopez"]), (Gpe, &["Ruritania"])],
    );
    assert_eq!(
        show(&doc),
        [
            "Maria Lopez reject ceasefire -1 [a truce]",
            "Ruritania support investigation +1 [an independent investigation]",
        ]
    );
    assert!(doc.positions.iter().all(|p| p.evidence.is_some()));
}

#[test]
fn no_position_without_an_issue_term() {
    let doc = analyse(
        "France rejected the accusation. Japan supports the team. Chile wants more time.",
        &[(Gpe, &["France"]), (Gpe, &["Japan"]), (Gpe, &["Chile"])],
    );
    assert_eq!(show(&doc), Vec::<String>::new());
}

#[test]
fn complements_and_duplicates() {
    let doc = analyse(
        "Hungary refused to accept the sanctions package. Hungary refused to accept new \
         sanctions again. Brazil called for a ceasefire and the release of hostages.",
        &[(Gpe, &["Hungary"]), (Gpe, &["Brazil"])],
    );
    assert_eq!(
        show(&doc),
        [
            "Hungary refuse sanctions -1 [the sanctions package]",
            "Brazil demand ceasefire +1 [a ceasefire]",
            "Brazil demand hostages +1 [the release of hostages]",
        ]
    );
}

#[test]
fn place_adjuncts_are_not_actors() {
    let doc = analyse(
        "Officials in Cairo called for humanitarian access to Gaza.",
        &[(Group, &["Officials"]), (Gpe, &["Cairo"]), (Gpe, &["Gaza"])],
    );
    assert_eq!(
        show(&doc),
        ["Officials demand humanitarian_access +1 [humanitarian access]"]
    );
}
