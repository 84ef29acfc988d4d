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
    analyse_with(text, ents, |_| {})
}

/// [`analyse`], with `prep` filling entity fields (countries, roles) before the stages run.
pub(crate) fn analyse_with(
    text: &str,
    ents: &[(EntityType, &[&str])],
    prep: impl FnOnce(&mut Doc),
) -> Doc {
    let mut doc = build(text, ents);
    prep(&mut doc);
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
            "Azerbaijan reject monitors -1 [that option]",
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
            "Freedonia reject prisoner_exchange -1 [the proposal]",
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

#[test]
fn an_anaphor_opening_the_object_wins_over_a_term_in_its_condition() {
    // "without guarantees" is the condition, "the plan" (the loan of the sentence before) the object;
    // "Ruritania's initiative" is an anaphor too, shown as the words used.
    let doc = analyse(
        "Ministers discussed a reparations loan for Freedonia. Ruritania refused to support the \
         plan without guarantees. Freedonia welcomed Ruritania's initiative on a ceasefire.",
        &[(Gpe, &["Freedonia"]), (Gpe, &["Ruritania"])],
    );
    let shown = show(&doc);
    assert!(
        shown.contains(&"Ruritania refuse frozen_assets -1 [the plan]".to_string()),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|p| p.contains("security_guarantees")),
        "{shown:?}"
    );
    assert!(
        shown.contains(
            &"Freedonia accept ceasefire +1 [Ruritania's initiative on a ceasefire]".to_string()
        ) || shown
            .iter()
            .any(|p| p.starts_with("Freedonia accept ceasefire")),
        "{shown:?}"
    );
}

#[test]
fn the_object_of_a_demand_does_not_hold_the_demanded_stance() {
    // The parties are asked to agree; only the envoy's demand is a position.
    let doc = analyse(
        "The envoy urged the parties to agree to an immediate ceasefire.",
        &[(Person, &["The envoy"]), (Group, &["the parties"])],
    );
    assert_eq!(
        show(&doc),
        ["The envoy demand ceasefire +1 [an immediate ceasefire]"]
    );
}

#[test]
fn an_official_voicing_their_state_holds_its_stance_and_prepositional_objects_are_not_subjects() {
    let mut doc = build(
        "Finance Minister Ana Ruiz said Ruritania supported sanctions on Freedonia. \
         Ruiz said she would speak with Freedonia about resuming talks.",
        &[
            (Person, &["Finance Minister Ana Ruiz", "Ruiz"]),
            (Gpe, &["Ruritania"]),
            (Gpe, &["Freedonia"]),
        ],
    );
    doc.entities[0].roles = vec!["Finance Minister".into()];
    doc.entities[0].country = Some("RUR".into());
    doc.entities[1].country = Some("RUR".into());
    doc.entities[2].country = Some("FRE".into());
    run_statements(&mut doc);
    let mut sc = Scratch::default();
    PositionStage::new(lexicon()).run(&mut doc, &mut sc);
    let shown = show(&doc);
    assert!(
        shown.contains(&"Ruritania support sanctions +1 [sanctions]".to_string()),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Finance Minister Ana Ruiz support sanctions")),
        "{shown:?}"
    );
    // Resuming talks is the speaker's stance, not that of the country she will speak with.
    assert!(
        !shown.iter().any(|p| p.starts_with("Freedonia")),
        "{shown:?}"
    );
}

#[test]
fn demanded_clauses_coordinated_acts_and_names_in_titles() {
    let doc = analyse(
        "Ruritania's leader Ana Ruiz said the closure was unfair, and demanded that Freedonia \
         reopen the checkpoint. Ruiz denied that Ruritania had laid mines and called for the \
         International Court of Justice to settle the dispute. Talks at the General Border \
         Committee resumed.",
        &[
            (Gpe, &["Ruritania"]),
            (Person, &["Ana Ruiz", "Ruiz"]),
            (Gpe, &["Freedonia"]),
            (Org, &["International Court of Justice"]),
            (Org, &["General Border Committee"]),
        ],
    );
    let shown = show(&doc);
    // The demander holds the demanded stance; the addressee does not.
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Ana Ruiz demand border_crossings")),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|p| p.starts_with("Freedonia")),
        "{shown:?}"
    );
    // "called for" goes with "denied", not with the reported clause's subject; a name that is
    // the issue counts, a term inside a name ("Border") does not.
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Ana Ruiz demand adjudication")),
        "{shown:?}"
    );
    assert!(!shown.iter().any(|p| p.contains("territory")), "{shown:?}");
}

#[test]
fn trade_measures_treaties_and_civilians_are_issues() {
    let doc = analyse(
        "Ruritania warned against unilateral trade measures. Freedonia supported a treaty on \
         the river. The League urged both armies to spare civilians.",
        &[
            (Gpe, &["Ruritania"]),
            (Gpe, &["Freedonia"]),
            (Org, &["The League"]),
        ],
    );
    assert_eq!(
        show(&doc),
        [
            "Ruritania oppose sanctions -1 [unilateral trade measures]",
            "Freedonia support peace_agreement +1 [a treaty]",
            "The League demand civilian_protection +1 [both armies to spare civilians]",
        ]
    );
}

#[test]
fn quoted_objects_proposals_with_their_content_and_agreeing_on() {
    let doc = analyse(
        "Croatia called for talks on the river. Serbia wanted \"a broader arrangement\". Croatia turned down a Serbian \
         proposal to put the demarcation of the river on the agenda. Serbia and Croatia agreed \
         on Monday to extend the truce.",
        &[
            (Gpe, &["Serbia"]),
            (Gpe, &["Croatia"]),
            (Norp, &["Serbian"]),
        ],
    );
    let shown = show(&doc);
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Serbia demand negotiations +1 [a broader arrangement")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Croatia reject territory -1")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Croatia accept ceasefire +1")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Serbia accept ceasefire +1")),
        "{shown:?}"
    );
}

#[test]
fn a_place_after_a_place_noun_is_no_actor() {
    // "in the town of Vell" is where, not who.
    let doc = analyse(
        "Protesters rallied in the town of Vell on Sunday against any transfer of land.",
        &[(Gpe, &["Vell"])],
    );
    assert!(
        doc.positions
            .iter()
            .all(|p| doc.entities[p.actor as usize].name != "Vell"),
        "{:?}",
        show(&doc)
    );
}

#[test]
fn a_forum_named_after_its_kind_is_the_issue_and_insisting_that_is_a_demand() {
    let doc = analyse(
        "Ruritania insists that disputes be settled by the Joint Boundary Commission. \
         Freedonia praised the Peace Palace staff.",
        &[
            (Gpe, &["Ruritania"]),
            (Org, &["Joint Boundary Commission"]),
            (Gpe, &["Freedonia"]),
            (Org, &["Peace Palace"]),
        ],
    );
    assert_eq!(
        show(&doc),
        ["Ruritania demand negotiations +1 [settled by the Joint Boundary Commission]"]
    );
}

#[test]
fn what_the_other_side_must_offer_first_is_a_demand() {
    let doc = analyse(
        "Anton Berg said Ruritania would keep the bridge shut until Freedonia offered security \
         guarantees.",
        &[
            (Person, &["Anton Berg"]),
            (Gpe, &["Ruritania"]),
            (Gpe, &["Freedonia"]),
        ],
    );
    let shown = show(&doc);
    assert!(
        shown
            .iter()
            .any(|p| p.starts_with("Anton Berg demand security_guarantees +1")),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|p| p.starts_with("Freedonia")),
        "{shown:?}"
    );
}
