//! Resolution within an article, end to end: which country an actor acts for,
//! roles, name variants, definite descriptions and pronouns.

use sitrep::{Article, Record};

fn record(text: &str) -> Record {
    crate::extractor().extract(&Article {
        text: text.into(),
        ..Default::default()
    })
}

/// The country of the entity with this exact name.
fn country(rec: &Record, name: &str) -> Option<String> {
    let e = rec
        .entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", names(rec)));
    e.country.clone()
}

fn names(rec: &Record) -> Vec<(&str, &str)> {
    rec.entities
        .iter()
        .map(|e| (e.name.as_str(), e.kind.as_str()))
        .collect()
}

#[test]
fn organisation_named_after_its_country() {
    let rec = record("Officials at the Nigerian National Petroleum Corporation said output fell.");
    assert_eq!(
        country(&rec, "Nigerian National Petroleum Corporation").as_deref(),
        Some("NGA")
    );
    // Two countries in one name say nothing about either.
    let rec = record("The Russia-Ukraine Grain Commission met on Monday.");
    let e = rec.entities.iter().find(|e| e.kind == "ORG");
    assert!(e.is_none_or(|e| e.country.is_none()), "{:?}", rec.entities);
}

#[test]
fn abbreviated_country_in_a_dictionary_name_is_not_a_common_word() {
    // "US" is also the pronoun "us": the name must not be taken for generic words
    // when other countries are in the sentence.
    let rec = record("The US Congress voted to lift sanctions on Iran, Libya and Cuba.");
    assert_eq!(country(&rec, "US Congress").as_deref(), Some("USA"));
}

#[test]
fn title_holder_of_a_country() {
    let rec = record("King Hassan of Morocco said he would host the meeting.");
    assert_eq!(country(&rec, "Hassan").as_deref(), Some("MAR"));
    // A city after "of" does not give a country.
    let rec = record("Mayor Quillan Dorsey of Springfield opened the bridge.");
    assert_eq!(country(&rec, "Quillan Dorsey"), None);
}

#[test]
fn collective_takes_the_country_of_its_owner() {
    let rec = record("Hezbollah fighters fired rockets across the border.");
    assert_eq!(country(&rec, "Hezbollah fighters").as_deref(), Some("LBN"));
}

#[test]
fn office_holder_acts_for_the_country_the_story_is_in() {
    let rec = record("President Umaro Selassi declared a curfew in Algiers on Sunday.");
    assert_eq!(country(&rec, "Umaro Selassi").as_deref(), Some("DZA"));
    let rec =
        record("Defence Minister Arvo Kallistu resigned to allow Estonia's elections to go ahead.");
    assert_eq!(country(&rec, "Arvo Kallistu").as_deref(), Some("EST"));
    // The other party of the act is not the actor's country.
    let rec = record("President Umaro Selassi threatened action against Russia.");
    assert_eq!(country(&rec, "Umaro Selassi"), None);
    // Two countries: no guess.
    let rec = record("President Umaro Selassi spoke in Kyiv after talks in Warsaw.");
    assert_eq!(country(&rec, "Umaro Selassi"), None);
    // A spokesperson is not an office holder of the place they speak in.
    let rec = record("Spokeswoman Adela Ruiz spoke to reporters in Kyiv.");
    assert_eq!(country(&rec, "Adela Ruiz"), None);
}

#[test]
fn appositive_role_is_the_persons_not_a_group() {
    let rec = record(
        "\"Both camps need guarantees,\" said Sarah Kessler, a researcher at the institute.",
    );
    let p = rec
        .entities
        .iter()
        .find(|e| e.name == "Sarah Kessler")
        .unwrap();
    assert_eq!(p.roles, vec!["researcher".to_string()]);
    assert!(
        rec.entities.iter().all(|e| e.name != "researcher"),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn definite_head_noun_takes_up_a_recent_actor() {
    let rec = record(
        "Inspectors from the International Atomic Energy Agency arrived on Monday. \
         The agency said its team would stay a week. The rebel alliance held the town. \
         The alliance said it would not withdraw.",
    );
    let iaea = rec
        .entities
        .iter()
        .find(|e| e.name == "International Atomic Energy Agency")
        .unwrap();
    assert!(
        iaea.mentions.iter().any(|m| m.text == "The agency"),
        "{iaea:?}"
    );
    let alliance = rec
        .entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == "The rebel alliance"))
        .unwrap();
    assert!(
        alliance.mentions.iter().any(|m| m.text == "The alliance"),
        "{alliance:?}"
    );
}

#[test]
fn dictionary_name_the_tagger_broke_up() {
    let rec = record("European Commission President Ursula von der Leyen said the bloc would act.");
    let p = rec
        .entities
        .iter()
        .find(|e| e.kind == "PERSON")
        .expect("a person");
    assert_eq!(p.name, "Ursula von der Leyen", "{:?}", names(&rec));
    assert_eq!(
        rec.entities.iter().filter(|e| e.kind == "PERSON").count(),
        1
    );
}

#[test]
fn pronoun_after_a_new_subject_leaves_the_last_speaker() {
    let rec = record(
        "Kremlin spokesman Dmitry Peskov said Moscow would wait. \"Nothing has changed,\" \
         Peskov told reporters. Ukraine's foreign minister, Andrii Sybiha, rejected the idea. \
         He said Kyiv would not accept it.",
    );
    let he = rec.text.rfind("He said").unwrap();
    let he = rec.text[..he].chars().count();
    let holder = rec
        .entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.span[0] == he))
        .expect("the pronoun is resolved");
    assert_eq!(holder.name, "Andrii Sybiha");
}

#[test]
fn settlement_noun_makes_an_unlisted_name_a_place() {
    let rec = record("Troops recaptured the village of Anefis after two days of clashes.");
    let e = rec.entities.iter().find(|e| e.name == "Anefis");
    assert_eq!(e.map(|e| e.kind.as_str()), Some("GPE"), "{:?}", names(&rec));
    // Before a possessive the rule does not fire: "the town of X's council".
    let rec = record("The town of Orville's council met.");
    assert!(
        rec.entities
            .iter()
            .all(|e| e.kind != "GPE" || e.name != "Orville")
    );
}

#[test]
fn infinitive_is_not_a_group_modifier() {
    let rec = record("Both sides agreed to exchange prisoners. He spoke to army officials.");
    let groups: Vec<&str> = rec
        .entities
        .iter()
        .filter(|e| e.kind == "GROUP")
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(groups, ["prisoners", "army officials"]);
}

/// The entity holding a mention with exactly this text.
fn entity_of<'a>(rec: &'a Record, mention: &str) -> &'a sitrep_record::Entity {
    rec.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == mention))
        .unwrap_or_else(|| panic!("no mention {mention:?} in {:?}", names(rec)))
}

#[test]
fn institution_name_continues_past_of() {
    let rec = record(
        "Researchers at the University of Northern Caldora said on Monday that the \
         survey was complete. UNC will publish it in May. The Ministry of Foreign Affairs \
         declined to comment.",
    );
    let uni = entity_of(&rec, "University of Northern Caldora");
    assert_eq!(uni.kind, "ORG");
    assert!(
        uni.mentions.iter().any(|m| m.text == "UNC"),
        "{:?}",
        uni.mentions
    );
    assert_eq!(entity_of(&rec, "Ministry of Foreign Affairs").kind, "ORG");
    // A title after the name ends it: the governor is not part of the bank.
    let rec = record("Bank of Veldoria Governor Maren Oskarsson raised rates on Tuesday.");
    assert!(
        rec.entities
            .iter()
            .all(|e| !e.name.contains("Oskarsson") || e.kind == "PERSON"),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn one_person_spelt_two_ways() {
    let rec = record(
        "Kristin Hallberg, the curator, opened the show. Later Kristen Hallberg said \
         attendance was high. Maria Costa and Mario Costa, her brother, also spoke.",
    );
    let a = entity_of(&rec, "Kristin Hallberg");
    assert!(
        a.mentions.iter().any(|m| m.text == "Kristen Hallberg"),
        "{:?}",
        names(&rec)
    );
    // A different last letter is a different name.
    assert_ne!(
        entity_of(&rec, "Maria Costa").id,
        entity_of(&rec, "Mario Costa").id
    );
}

#[test]
fn office_set_off_by_commas_before_or_after_the_name() {
    let rec = record(
        "Veldoria's interior minister, Tomas Arvel, rejected the plan on Monday. \
         The Sudanese army denied the report. Colonel Idris Nuru, the army spokesman, \
         said the base held.",
    );
    let arvel = entity_of(&rec, "Tomas Arvel");
    assert!(
        arvel.roles.iter().any(|r| r == "interior minister"),
        "{:?}",
        arvel.roles
    );
    let nuru = entity_of(&rec, "Idris Nuru");
    assert!(
        nuru.roles.iter().any(|r| r == "spokesman"),
        "{:?}",
        nuru.roles
    );
    // The army's country is the spokesman's.
    assert_eq!(nuru.country.as_deref(), Some("SDN"));
}

#[test]
fn a_name_before_county_or_heights_is_a_place() {
    let rec = record(
        "The winning ticket was sold at a gas station in Harlan County on Friday. \
         Police said the shooting happened in the Garnet Heights neighbourhood.",
    );
    let county = entity_of(&rec, "Harlan County");
    assert_eq!(county.kind, "GPE", "{:?}", names(&rec));
    assert!(
        rec.entities.iter().all(|e| e.kind != "PERSON"),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn he_after_a_title_begins_a_chinese_name() {
    let rec = record(
        "Commerce ministry spokesman He Weiran told reporters that Beijing opposed the \
         duties. He said talks would continue.",
    );
    let he = entity_of(&rec, "He Weiran");
    assert_eq!(he.kind, "PERSON");
    assert!(he.roles.iter().any(|r| r == "spokesman"), "{:?}", he.roles);
}

#[test]
fn institution_and_organisation_give_their_country() {
    let rec = record("The Ivory Coast's Supreme Court rejected the appeal on Monday.");
    // Named with its state, like any institution the dictionary does not know.
    assert_eq!(
        country(&rec, "Ivory Coast's Supreme Court").as_deref(),
        Some("CIV")
    );
    assert_eq!(entity_of(&rec, "Supreme Court").kind, "ORG");
    let rec = record("French National Assembly president Laurent Fabius met the envoy.");
    assert_eq!(country(&rec, "Laurent Fabius").as_deref(), Some("FRA"));
}

#[test]
fn institution_names_keep_their_sector_words_and_their_state() {
    let rec = record(
        "Serbia's Defence Ministry said on Tuesday that shots were fired. Croatia's Interior \
         Ministry denied it. The Joint Boundary Commission will meet in May.",
    );
    let n = names(&rec);
    assert!(n.contains(&("Serbia's Defence Ministry", "ORG")), "{n:?}");
    assert!(n.contains(&("Croatia's Interior Ministry", "ORG")), "{n:?}");
    assert!(n.contains(&("Joint Boundary Commission", "ORG")), "{n:?}");
    assert!(!n.iter().any(|(name, _)| *name == "Ministry"), "{n:?}");
}

#[test]
fn a_name_before_a_place_noun_is_a_place_and_a_title_start_is_nobody() {
    let rec = record(
        "Shelling hit the Kap Choeng district and the Ta Muen Thom temple. He met his \
         counterpart, Deputy Prime Minister Ana Ruiz, in Lisbon.",
    );
    let n = names(&rec);
    assert!(n.contains(&("Kap Choeng", "GPE")), "{n:?}");
    assert!(n.contains(&("Ta Muen Thom", "LOC")), "{n:?}");
    assert!(!n.iter().any(|(name, _)| *name == "Prime"), "{n:?}");
    assert!(n.contains(&("Ana Ruiz", "PERSON")), "{n:?}");
}

#[test]
fn a_state_spokesperson_speaks_for_the_state_before() {
    let rec = record(
        "KINSHASA, May 3 (Sitrep Wire) - Rebels shelled a camp. Government spokesman Alain \
         Tshibanda said the army would respond. Rwanda rejected the claim. Government \
         spokeswoman Claire Mugisha said no soldiers had crossed.",
    );
    assert_eq!(country(&rec, "Alain Tshibanda").as_deref(), Some("COD"));
    assert_eq!(country(&rec, "Claire Mugisha").as_deref(), Some("RWA"));
}

#[test]
fn groups_of_two_nationalities_stay_two() {
    let rec = record(
        "Serbian troops shelled the village on Monday. Croatian troops returned fire, and the \
         Croatian troops held the ridge.",
    );
    assert_eq!(country(&rec, "Serbian troops").as_deref(), Some("SRB"));
    assert_eq!(country(&rec, "Croatian troops").as_deref(), Some("HRV"));
}

#[test]
fn groups_of_two_owners_stay_two() {
    // A country in the possessive keys the group: two delegations, each with its country.
    let rec = record(
        "On Monday, Serbia's delegation left the talks early, while Croatia's delegation stayed \
         until the evening.",
    );
    assert_eq!(country(&rec, "Serbia's delegation").as_deref(), Some("SRB"));
    assert_eq!(
        country(&rec, "Croatia's delegation").as_deref(),
        Some("HRV")
    );
}

#[test]
fn a_headline_word_owns_no_group_on_the_next_line() {
    // The headline ends on a place; the sub-heading's "Negotiators" are not that place's.
    let rec = record(
        "Envoys resume talks as fighting flares near Kherson\nNegotiators meet for a third day\n\
         DOHA, Friday - Negotiators from Qatar and Turkey reopened talks on Friday.",
    );
    assert!(
        rec.entities.iter().all(|e| e.name != "Kherson Negotiators"),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn the_bloc_is_the_union_of_states_just_named() {
    let rec = record(
        "Ministers of the African Union met in Addis Ababa on Monday. The bloc said it would \
         send observers to the vote.",
    );
    let au = rec
        .entities
        .iter()
        .find(|e| e.name == "African Union")
        .unwrap_or_else(|| panic!("no African Union in {:?}", names(&rec)));
    assert!(
        au.mentions.iter().any(|m| m.text == "The bloc"),
        "{:?}",
        au.mentions
    );
}

#[test]
fn occupations_and_roles_after_an_owner_in_the_possessive() {
    let rec = record(
        "Dragan Kostic, the Serbian army's spokesman, said the road was open. \"We waited all \
         night,\" said Jelena Pavic, a teacher from Novi Sad.",
    );
    let roles = |name: &str| {
        rec.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", names(&rec)))
            .roles
            .clone()
    };
    assert!(
        roles("Dragan Kostic")
            .iter()
            .any(|r| r.contains("spokesman"))
    );
    assert_eq!(country(&rec, "Dragan Kostic").as_deref(), Some("SRB"));
    assert!(roles("Jelena Pavic").iter().any(|r| r.contains("teacher")));
}

#[test]
fn a_verb_after_a_name_is_no_apposition_and_an_infinitive_no_group_modifier() {
    let rec = record(
        "Mediators secured a commitment to exchange soldiers, a spokesman for Secretary-General \
         Ruth Ankerman, said the envoy was hopeful.",
    );
    assert!(
        rec.entities.iter().all(|e| e.name != "exchange soldiers"),
        "{:?}",
        names(&rec)
    );
    let ruth = rec.entities.iter().find(|e| e.name == "Ruth Ankerman");
    assert!(
        ruth.is_none_or(|e| e.roles.iter().all(|r| !r.starts_with("said"))),
        "{ruth:?}"
    );
}

#[test]
fn two_states_ministries_and_the_ministrys_spokesman() {
    // Each state's ministry is its own; "the ministry's spokesman" speaks for the last one.
    let rec = record(
        "Serbia's Defence Ministry said Croatian units had opened fire. Croatia's Defence \
         Ministry rejected the accusation. Colonel Ivo Maric, the ministry's spokesman, said no \
         shot was fired.",
    );
    assert_eq!(
        country(&rec, "Serbia's Defence Ministry").as_deref(),
        Some("SRB")
    );
    assert_eq!(
        country(&rec, "Croatia's Defence Ministry").as_deref(),
        Some("HRV")
    );
    assert_eq!(country(&rec, "Ivo Maric").as_deref(), Some("HRV"));
}

#[test]
fn a_spokesman_for_an_institution_named_after_its_country() {
    // The institution's country is known only once its own name is read, after the person.
    let rec = record(
        "Colonel Dawit Alemu, a spokesman for the Ethiopian National Defense Force, said the \
         road had reopened.",
    );
    assert_eq!(country(&rec, "Dawit Alemu").as_deref(), Some("ETH"));
}

#[test]
fn institution_names_with_for_and_an_opening_adjective() {
    let rec = record(
        "The figure was confirmed by the International Council for the Exploration of the Sea. \
         The Office for the Coordination of Humanitarian Affairs said aid was blocked.",
    );
    let n = names(&rec);
    assert!(
        n.contains(&(
            "International Council for the Exploration of the Sea",
            "ORG"
        )),
        "{n:?}"
    );
    assert!(
        n.contains(&("Office for the Coordination of Humanitarian Affairs", "ORG")),
        "{n:?}"
    );
}

#[test]
fn a_relative_pronoun_is_no_group_modifier() {
    let rec = record("The council, the body whose scientists advise ministers, met in May.");
    assert!(
        rec.entities.iter().all(|e| !e.name.contains("whose")),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn a_lone_modifier_title_is_nobody() {
    let rec =
        record("Serbia's Deputy Foreign Minister Dragan Kostic accused Croatia of laying mines.");
    assert!(
        rec.entities
            .iter()
            .all(|e| !(e.kind == "PERSON" && e.name == "Deputy")),
        "{:?}",
        names(&rec)
    );
}

#[test]
fn an_all_lowercase_word_is_no_person() {
    let rec = record(
        "Army says it has retaken Vell; rebels say battle goes on\n\nThe army said on Friday that it held the town.",
    );
    assert!(
        rec.entities
            .iter()
            .all(|e| !(e.kind == "PERSON" && e.name.chars().all(|c| !c.is_uppercase()))),
        "{:?}",
        names(&rec)
    );
}
