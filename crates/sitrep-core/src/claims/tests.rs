//! Tests of the claims stage over short hand-written texts (hand-built
//! entities, shipped lexicons; see `positions::tests::analyse`).

use crate::doc::{Doc, EntityType::*};
use crate::layers::EventStatus;
use crate::positions::tests::analyse;

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
