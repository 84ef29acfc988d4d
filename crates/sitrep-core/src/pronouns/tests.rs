//! Tests of the pronoun stage over short texts with hand-built mentions (the
//! statements stage's test helpers), run after the statements stage as in the
//! pipeline.

use std::sync::Arc;

use super::*;
use crate::doc::{Doc, EntityType};
use crate::pipeline::Scratch;
use crate::statements::tests::{build, rows, run_statements};

const P: EntityType = EntityType::Person;
const G: EntityType = EntityType::Group;
const O: EntityType = EntityType::Org;

fn genders() -> Arc<GenderIndex> {
    Arc::new(
        GenderIndex::parse("gender.tsv", "# test\nname\tgender\nanna\tf\njohn\tm\n")
            .expect("parses"),
    )
}

fn run(text: &str, ents: &[(EntityType, &[&str])]) -> Doc {
    let mut doc = build(text, ents);
    run_statements(&mut doc);
    PronounStage::new(genders()).run(&mut doc, &mut Scratch::default());
    check_indices(&doc);
    doc
}

/// Mentions in text order, entity mention lists sorted, every mention in one entity.
fn check_indices(doc: &Doc) {
    assert!(
        doc.mentions
            .windows(2)
            .all(|w| w[0].span.start < w[1].span.start),
        "mentions out of order"
    );
    let mut owner = vec![0; doc.mentions.len()];
    for e in &doc.entities {
        assert!(
            e.mentions.windows(2).all(|w| w[0] < w[1]),
            "entity mentions out of order"
        );
        for &m in &e.mentions {
            owner[m as usize] += 1;
        }
    }
    assert!(
        owner.iter().all(|&n| n == 1),
        "a mention in no entity or in two"
    );
}

/// The entity name each resolved pronoun points to, in text order: "he→Merz".
fn links(doc: &Doc) -> Vec<String> {
    let mut v = Vec::new();
    for e in &doc.entities {
        for &m in &e.mentions {
            let mm = &doc.mentions[m as usize];
            if mm.pronoun {
                v.push((mm.span.start, format!("{}→{}", doc.slice(mm.span), e.name)));
            }
        }
    }
    v.sort();
    v.into_iter().map(|(_, s)| s).collect()
}

#[test]
fn he_stressed_he_added_chain() {
    let doc = run(
        "Merz said the coalition would hold. Scholz was not present. He stressed that taxes would not rise. He added that talks would continue.",
        &[(P, &["Merz"]), (P, &["Scholz"])],
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 3);
    assert!(r.iter().all(|x| x.0 == "Merz"), "{r:?}");
    assert_eq!(links(&doc), ["He→Merz", "He→Merz"]);
}

#[test]
fn pronoun_speakers_of_quotations_and_their_continuations() {
    let doc = run(
        "Friedrich Merz met the press on Monday. \"We will not give in,\" he said. \"Never.\"",
        &[(P, &["Friedrich Merz"])],
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(
        r.iter()
            .all(|x| x.0 == "Friedrich Merz" && x.1 == "he" && x.4),
        "{r:?}"
    );
}

#[test]
fn gender_from_given_names() {
    let doc = run(
        "Anna Schmidt met John Miller in Bonn. She said the meeting went well. He did not comment on her remarks.",
        &[(P, &["Anna Schmidt"]), (P, &["John Miller"])],
    );
    assert_eq!(
        links(&doc),
        ["She→Anna Schmidt", "He→John Miller", "her→Anna Schmidt"]
    );
    assert_eq!(rows(&doc)[0].0, "Anna Schmidt");
}

#[test]
fn they_for_groups_and_organisations() {
    let doc = run(
        "The rebels attacked the town on Friday. They denied that civilians were hurt.",
        &[(G, &["The rebels"])],
    );
    assert_eq!(links(&doc), ["They→The rebels"]);
    assert_eq!(rows(&doc)[0].0, "The rebels");
    // "it" only as a statement's speaker.
    let doc = run(
        "The ministry said the road was open. It added that repairs would take a week. It was a long week.",
        &[(O, &["The ministry"])],
    );
    assert_eq!(links(&doc), ["It→The ministry"]);
}

#[test]
fn cataphora_in_an_opening_phrase() {
    let doc = run(
        "Lind arrived first. In her opening remarks, Anna Schmidt thanked the hosts.",
        &[(P, &["Lind"]), (P, &["Anna Schmidt"])],
    );
    assert_eq!(links(&doc), ["her→Anna Schmidt"]);
}

#[test]
fn inside_a_quotation() {
    // "I" is the speaker; "he" is someone else.
    let doc = run(
        "Scholz left early. \"I think he was tired,\" Merz said.",
        &[(P, &["Scholz"]), (P, &["Merz"])],
    );
    assert_eq!(links(&doc), ["I→Merz", "he→Scholz"]);
    let r = rows(&doc);
    // The nested "I think" statement gets the speaker too.
    assert!(r.iter().any(|x| x.2 == "think" && x.0 == "Merz"), "{r:?}");
}

#[test]
fn no_antecedent_no_mention() {
    let doc = run("He said it was over. They left.", &[]);
    assert!(doc.mentions.is_empty());
    assert!(doc.statements.iter().all(|s| s.speaker.is_none()));
}

#[test]
fn gender_files_are_checked() {
    assert!(GenderIndex::parse("g", "name\tsex\n").is_err());
    assert!(
        GenderIndex::parse("g", "name\tgender\nann\tx\n")
            .unwrap_err()
            .contains("g:2")
    );
    let g = GenderIndex::parse("g", "name\tgender\nann\tf\n").unwrap();
    assert_eq!(g.get("Ann"), Some(Gender::Female));
    assert_eq!(g.get("Bob"), None);
}

#[test]
fn them_and_quoted_they_stay_unresolved() {
    let doc = run(
        "The rebels rejected the reports, calling them lies. \"They will not stop us,\" the rebels said.",
        &[(G, &["The rebels", "the rebels"])],
    );
    assert!(links(&doc).is_empty(), "{:?}", links(&doc));
}

#[test]
fn a_pronoun_opening_reported_speech_is_the_reporter() {
    // "it" is the reporter, not the country named just before; a reporter named by a phrase
    // that holds an organisation speaks for that organisation.
    let doc = run(
        "Ruritania shelled the port. The Harbour Authority said it had confirmed the damage. \
         A spokesman for the Port League said it had confirmed six craters.",
        &[
            (G, &["Ruritania"]),
            (O, &["Harbour Authority"]),
            (O, &["Port League"]),
        ],
    );
    assert_eq!(links(&doc), ["it→Harbour Authority", "it→Port League"]);
}

#[test]
fn it_after_a_passive_is_the_agent() {
    // The often-named League is not the one that confirmed; the agent of the last sentence is.
    let doc = run(
        "The League said prices rose. The League met in May. The League met in June. \
         The League met again in July. The League's estimate was backed on Monday by the \
         Harbour Authority. It confirmed that prices rose.",
        &[(O, &["The League", "League"]), (O, &["Harbour Authority"])],
    );
    assert_eq!(links(&doc), ["It→Harbour Authority"]);
}
