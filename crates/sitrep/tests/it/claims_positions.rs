//! Claims and positions end to end, on a short text written for this test,
//! and the errors of a bad user issue file.

use sitrep::{Article, Extractor, Options};

fn name(rec: &sitrep::Record, id: &str) -> String {
    rec.entities
        .iter()
        .find(|e| e.id == id)
        .map_or(String::new(), |e| e.name.clone())
}

#[test]
fn claims_and_positions_end_to_end() {
    let text = "The rebel army said on Tuesday it had captured the river port of Kosti after two days \
        of fighting. The Sudanese army denied the claim.\n\
        Egypt called for an immediate ceasefire and urged both sides to allow humanitarian \
        access. The rebels rejected the proposal.";
    let rec = crate::extractor().extract(&Article {
        text: text.into(),
        published: Some("2025-03-11".into()),
        ..Default::default()
    });
    crate::contract::assert_valid(&rec);
    // The capture is a claim, answered by the army's denial.
    assert_eq!(rec.claims.len(), 1, "{:#?}", rec.claims);
    let c = &rec.claims[0];
    assert_eq!(c.status, "disputed");
    let said = rec.statements.iter().find(|s| s.id == c.statement).unwrap();
    assert_eq!(said.cue, "said");
    assert_eq!(c.responses.len(), 1);
    assert_eq!(c.responses[0].relation, "denies");
    let denial = rec
        .statements
        .iter()
        .find(|s| s.id == c.responses[0].statement)
        .unwrap();
    assert_eq!(denial.cue, "denied");
    // Positions: Egypt for a ceasefire; the rebels against its proposal.
    let pos: Vec<(String, &str, &str, i8)> = rec
        .positions
        .iter()
        .map(|p| {
            (
                name(&rec, &p.actor),
                p.issue.as_str(),
                p.stance.as_str(),
                p.polarity,
            )
        })
        .collect();
    assert!(
        pos.contains(&("Egypt".to_string(), "ceasefire", "demand", 1)),
        "{pos:?}"
    );
    // "the proposal" resolves to the last issue Egypt took a stance on.
    let egypt: Vec<&str> = pos.iter().filter(|p| p.0 == "Egypt").map(|p| p.1).collect();
    assert!(
        pos.iter()
            .any(|p| p.0 != "Egypt" && p.2 == "reject" && p.3 == -1 && egypt.contains(&p.1)),
        "{pos:?}"
    );
}

#[test]
fn user_issues_extend_the_lexicon() {
    let opts = Options {
        issue_files: vec![(
            "mine.tsv".into(),
            "issue\tterms\nfishing_rights\tfishing rights|fishing quotas\n".into(),
        )],
        ..Options::default()
    };
    let ex = Extractor::new(&opts).unwrap();
    let rec = ex.extract(&Article {
        text: "Norway rejected new fishing quotas.".into(),
        ..Default::default()
    });
    assert!(
        rec.positions
            .iter()
            .any(|p| p.issue == "fishing_rights" && p.polarity == -1),
        "{:?}",
        rec.positions
    );
}

#[test]
fn a_bad_issue_file_names_its_line() {
    for (text, want) in [
        (
            "issue\tterms\nceasefire\tCease Fire\n",
            "bad.tsv:2: term `Cease Fire`",
        ),
        (
            "# c\nissue\tterms\nno terms\n",
            "bad.tsv:3: expected 2 tab-separated columns",
        ),
        ("key\tterms\n", "bad.tsv:1: expected the header row"),
    ] {
        let opts = Options {
            issue_files: vec![("bad.tsv".into(), text.into())],
            ..Options::default()
        };
        let err = Extractor::new(&opts)
            .err()
            .expect("a bad file fails")
            .to_string();
        assert!(err.starts_with(want), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }
}

#[test]
fn a_denial_pointing_back_with_a_pronoun_answers_the_claim() {
    let rec = crate::extractor().extract(&Article {
        text: "The army said it had retaken the town of Kosti. The rebels denied it.".into(),
        ..Default::default()
    });
    crate::contract::assert_valid(&rec);
    assert_eq!(rec.claims.len(), 1, "{:#?}", rec.statements);
    let c = &rec.claims[0];
    assert_eq!(c.status, "disputed");
    assert_eq!(c.responses.len(), 1);
    assert_eq!(c.responses[0].relation, "denies");
    // A plain "said it" is no statement of its own.
    let rec = crate::extractor().extract(&Article {
        text: "She said it.".into(),
        ..Default::default()
    });
    assert!(rec.statements.is_empty(), "{:#?}", rec.statements);
}

#[test]
fn reported_content_stops_at_the_next_attribution() {
    let rec = crate::extractor().extract(&Article {
        text: "The officials denied the claim, and satellite imagery analysts said fighting was \
               continuing in the village."
            .into(),
        ..Default::default()
    });
    let contents: Vec<String> = rec
        .statements
        .iter()
        .map(|s| {
            rec.text
                .chars()
                .skip(s.content_span[0])
                .take(s.content_span[1] - s.content_span[0])
                .collect()
        })
        .collect();
    assert_eq!(
        contents,
        ["the claim", "fighting was continuing in the village"],
        "{:#?}",
        rec.statements
    );
}
