//! Tests of the claims stage over short hand-written texts (hand-built
//! entities, shipped lexicons; see `positions::tests::analyse`).

use crate::doc::{Doc, EntityType::*};
use crate::layers::EventStatus;
use crate::positions::tests::{analyse, analyse_with};

/// Claims as "speaker: cue [relation by speaker…] status".
fn show(doc: &Doc) -> Vec<String> {
    let who = |s: u32| {
        let s = &doc.statements[s as usize];
        s.speaker
            .map_or("-".to_string(), |e| doc.entities[e as usize].name.clone())
    };
    doc.claims
        .iter()
        .map(|c| {
            let st = &doc.statements[c.statement as usize];
            let rs: Vec<String> = c
                .responses
                .iter()
                .map(|&(s, r)| format!("{} {}", r.label(), who(s)))
                .collect();
            format!(
                "{}: {} [{}] {}",
                who(c.statement),
                doc.slice(st.cue_span),
                rs.join(", "),
                c.status.label()
            )
        })
        .collect()
}

#[test]
fn denial_and_third_party_dispute() {
    let doc = analyse(
        "The army said it had retaken Marlow on Monday. The rebels denied the claim. \
         Satellite analysts said fighting continued in the centre of Marlow.",
        &[
            (Group, &["The army"]),
            (Gpe, &["Marlow"]),
            (Group, &["The rebels"]),
            (Group, &["Satellite analysts"]),
        ],
    );
    assert_eq!(
        show(&doc),
        ["The army: said [denies The rebels, disputes Satellite analysts] disputed"]
    );
    // The claimed event stays claimed: the denial is its own statement.
    let v = doc.claims[0].event.expect("the claim has its event");
    assert_eq!(doc.events[v as usize].status, EventStatus::Claimed);
}

#[test]
fn a_later_confirmation_settles_it() {
    let doc = analyse(
        "Ruritania accused Freedonia of shelling the port of Vell. Freedonia denied the allegation. \
         The United Nations confirmed that Freedonian forces had shelled Vell.",
        &[
            (Gpe, &["Ruritania"]),
            (Gpe, &["Freedonia"]),
            (Gpe, &["Vell"]),
            (Org, &["The United Nations"]),
            (Norp, &["Freedonian"]),
        ],
    );
    assert_eq!(
        show(&doc),
        ["Ruritania: accused [denies Freedonia, confirms The United Nations] confirmed"]
    );
}

#[test]
fn a_plain_said_is_no_claim() {
    let doc = analyse(
        "The minister said the talks with Ruritania had been useful. Officials said the \
         weather in Vell was fine. The minister said Ruritania had met Freedonia.",
        &[
            (Group, &["The minister"]),
            (Gpe, &["Ruritania"]),
            (Group, &["Officials"]),
            (Gpe, &["Vell"]),
            (Gpe, &["Freedonia"]),
        ],
    );
    assert!(doc.statements.len() >= 3);
    assert_eq!(show(&doc), Vec::<String>::new());
}

#[test]
fn contested_markers_make_a_claim() {
    let doc = analyse(
        "The rebels claimed they had shot down a helicopter near Vell. Officials in \
         Vell said the town was calm. Ruritania said its troops attacked Vell. The \
         report could not be independently verified.",
        &[
            (Group, &["The rebels"]),
            (Gpe, &["Vell"]),
            (Group, &["Officials"]),
            (Gpe, &["Ruritania"]),
        ],
    );
    assert_eq!(
        show(&doc),
        [
            "The rebels: claimed [] uncontested",
            "Ruritania: said [] uncontested"
        ]
    );
}

#[test]
fn the_accused_saying_it_did_not_act_denies() {
    let doc = analyse(
        "Ruritania accused the rebels of attacking a convoy near Vell. \
         The rebels said they had not attacked civilians.",
        &[
            (Gpe, &["Ruritania"]),
            (Group, &["the rebels", "The rebels"]),
            (Gpe, &["Vell"]),
            (Group, &["civilians"]),
        ],
    );
    assert_eq!(
        show(&doc),
        ["Ruritania: accused [denies the rebels] disputed"]
    );
    // The claim is about the alleged attack, not the accusing.
    let v = doc.claims[0].event.expect("the claim has its event");
    assert_eq!(doc.events[v as usize].status, EventStatus::Claimed);
}

#[test]
fn counter_evidence_keeps_the_debate_open_after_its_last_response() {
    let doc = analyse(
        "The army said it had retaken Marlow. The rebels denied the claim. \
         A rebel commander said his men still held the town. \
         He said the army was spreading lies. \
         Reporters said the streets were empty. \
         Satellite analysts said there was no evidence that Marlow had fallen.",
        &[
            (Group, &["The army", "the army"]),
            (Gpe, &["Marlow"]),
            (Group, &["The rebels"]),
            (Group, &["A rebel commander"]),
            (Group, &["Reporters"]),
            (Group, &["Satellite analysts"]),
        ],
    );
    let shown = show(&doc);
    assert!(
        shown[0].contains("disputes Satellite analysts"),
        "{shown:?}"
    );
}

/// Sets each entity's country, in entity order (`None` leaves it unset).
fn countries(doc: &mut Doc, codes: &[Option<&str>]) {
    for (e, c) in doc.entities.iter_mut().zip(codes) {
        e.country = c.map(str::to_string);
    }
}

#[test]
fn the_claimants_own_side_adds_a_claim_of_its_own_not_support() {
    // Ruritanian officials report a second attack: their own claim, which the denial answers,
    // matched through "Freedonia"/"Freedonian" (one country under two names).
    let doc = analyse_with(
        "Ruritania accused Freedonia of shelling the port of Vell. Ruritanian officials said \
         Freedonian drones struck grain silos in Oster on Monday. The Freedonian defence ministry \
         denied striking civilian sites.",
        &[
            (Gpe, &["Ruritania"]),
            (Gpe, &["Freedonia"]),
            (Gpe, &["Vell"]),
            (Group, &["Ruritanian officials"]),
            (Norp, &["Freedonian"]),
            (Gpe, &["Oster"]),
            (Group, &["The Freedonian defence ministry"]),
        ],
        |d| {
            countries(
                d,
                &[
                    Some("RUR"),
                    Some("FRE"),
                    Some("RUR"),
                    Some("RUR"),
                    Some("FRE"),
                    Some("RUR"),
                    Some("FRE"),
                ],
            )
        },
    );
    let shown = show(&doc);
    assert!(
        shown.iter().any(|c| c
            .starts_with("Ruritanian officials: said [denies The Freedonian defence ministry]")),
        "{shown:?}"
    );
    assert!(
        !shown
            .iter()
            .any(|c| c.contains("supports Ruritanian officials")),
        "{shown:?}"
    );
}

#[test]
fn the_claim_denied_is_the_near_statement_about_the_denier() {
    // "the claim" follows a spokesman's report about Freedonia, not the earlier accusation.
    let doc = analyse_with(
        "The rebels blamed the army for the attack. Government spokesman Ivo Tarn said Freedonian \
         troops had crossed the border on Sunday. Freedonia rejected the claim.",
        &[
            (Group, &["The rebels"]),
            (Group, &["the army"]),
            (Person, &["Government spokesman Ivo Tarn"]),
            (Norp, &["Freedonian"]),
            (Gpe, &["Freedonia"]),
        ],
        |d| countries(d, &[None, None, None, Some("FRE"), Some("FRE")]),
    );
    let shown = show(&doc);
    assert!(
        shown
            .iter()
            .any(|c| c.starts_with("Government spokesman Ivo Tarn: said [denies Freedonia]")),
        "{shown:?}"
    );
    assert!(
        !shown
            .iter()
            .any(|c| c.starts_with("The rebels") && c.contains("Freedonia")),
        "{shown:?}"
    );
}

#[test]
fn one_sides_account_of_the_others_conduct_is_a_claim_unanswered() {
    // Nobody answers, but a Ruritanian official telling what Freedonian troops did is a claim;
    // the same official telling what Ruritania will do is not.
    let doc = analyse_with(
        "Ruritanian official Anton Berg said Freedonian troops had crossed the river near Vell. \
         Anton Berg said Ruritania would send more engineers to the valley.",
        &[
            (Person, &["Anton Berg"]),
            (Group, &["Freedonian troops"]),
            (Gpe, &["Vell"]),
            (Gpe, &["Ruritania"]),
        ],
        |d| countries(d, &[Some("RUR"), Some("FRE"), Some("FRE"), Some("RUR")]),
    );
    assert_eq!(show(&doc), ["Anton Berg: said [] uncontested"]);
    let c = &doc.claims[0];
    assert!(
        doc.slice(doc.statements[c.statement as usize].content_span)
            .starts_with("Freedonian")
    );
}

#[test]
fn a_denial_answers_the_claim_that_shares_its_telling_word() {
    // Two claims in a row; the denial is about the drone, the latest claim.
    let doc = analyse(
        "The health bureau said 30 civilians had been hurt in Oster. The rebels said a drone \
         strike had killed four traders at the market in Vell. The army denied that any drone \
         had flown over the town.",
        &[
            (Group, &["The health bureau"]),
            (Gpe, &["Oster"]),
            (Group, &["The rebels"]),
            (Group, &["four traders"]),
            (Gpe, &["Vell"]),
            (Group, &["The army"]),
        ],
    );
    let shown = show(&doc);
    assert!(
        shown
            .iter()
            .any(|c| c == "The rebels: said [denies The army] disputed"),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|c| c.starts_with("The health bureau")),
        "{shown:?}"
    );
}

#[test]
fn a_reporter_of_its_own_confirmation_confirms() {
    let doc = analyse(
        "The army said rebels had fired rockets into Vell on Monday. An observer team said it \
         had confirmed that four rockets landed in Vell.",
        &[
            (Group, &["The army"]),
            (Gpe, &["Vell"]),
            (Group, &["An observer team"]),
        ],
    );
    let shown = show(&doc);
    assert_eq!(
        shown,
        ["The army: said [confirms An observer team] confirmed"],
        "{shown:?}"
    );
}

#[test]
fn a_telling_word_outranks_a_shared_name_and_a_third_party_bears_a_claim_out() {
    // The confirmation shares "Ruritanian" with the nearer statement, but "rockets" with the
    // claim; after the denial, monitors reporting "craters" bear the crater claim out.
    let doc = analyse_with(
        "A Freedonian spokesman said Ruritanian gunners had fired rockets at Vell. \
         A Ruritanian officer said Ruritanian patrols had left the valley. \
         The League said it had confirmed that rockets hit Vell's outskirts.",
        &[
            (Group, &["A Freedonian spokesman"]),
            (Group, &["Ruritanian gunners"]),
            (Gpe, &["Vell"]),
            (Group, &["A Ruritanian officer"]),
            (Group, &["Ruritanian patrols"]),
            (Org, &["The League"]),
        ],
        |d| {
            countries(
                d,
                &[
                    Some("FRE"),
                    Some("RUR"),
                    Some("FRE"),
                    Some("RUR"),
                    Some("RUR"),
                    None,
                ],
            )
        },
    );
    let shown = show(&doc);
    assert!(
        shown
            .iter()
            .any(|c| c.starts_with("A Freedonian spokesman: said [confirms The League]")),
        "{shown:?}"
    );
    let doc = analyse(
        "The army said the rebels had shelled the runway at Oster, leaving three craters. The \
         rebels denied the claim. Monitors said their team had found three fresh craters there.",
        &[
            (Group, &["The army"]),
            (Gpe, &["Oster"]),
            (Group, &["The rebels", "the rebels"]),
            (Group, &["Monitors"]),
        ],
    );
    assert_eq!(
        show(&doc),
        ["The army: said [denies The rebels, supports Monitors] disputed"]
    );
}

#[test]
fn a_denied_report_is_the_reporters_claim() {
    // The denial answers the report it names, not the officials' earlier statement.
    let doc = analyse(
        "The officials said the talks had moved to Oster. The minister denied a report by a \
         Freedonian newspaper that the army had agreed to leave Vell, calling it baseless.",
        &[
            (Group, &["The officials"]),
            (Gpe, &["Oster"]),
            (Group, &["The minister"]),
            (Gpe, &["Vell"]),
        ],
    );
    let shown = show(&doc);
    assert_eq!(
        shown,
        ["-: report [denies The minister] disputed"],
        "{shown:?}"
    );
    let c = &doc.claims[0];
    let st = &doc.statements[c.statement as usize];
    assert_eq!(
        doc.slice(st.speaker_span.unwrap()),
        "a Freedonian newspaper"
    );
}

#[test]
fn the_responders_own_earlier_claim_does_not_break_the_thread() {
    let doc = analyse(
        "The army said it had retaken Marlow on Monday. The rebels denied the claim. \
         Satellite analysts said images showed fresh fires near the old mill. This could not \
         be independently verified. The analysts said the images were not consistent with army \
         control.",
        &[
            (Group, &["The army"]),
            (Gpe, &["Marlow"]),
            (Group, &["The rebels"]),
            (Group, &["Satellite analysts", "The analysts"]),
        ],
    );
    let shown = show(&doc);
    assert!(
        shown.iter().any(
            |c| c == "The army: said [denies The rebels, disputes Satellite analysts] disputed"
        ),
        "{shown:?}"
    );
}
