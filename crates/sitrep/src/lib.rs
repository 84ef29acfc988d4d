//! sitrep's library facade: an [`Extractor`] turns an [`Article`] into a
//! [`Record`], using the pipeline of `sitrep-core` and the data embedded by
//! `sitrep-data` (optionally extended by users' files).
//!
//! ```
//! let ex = sitrep::Extractor::new(&sitrep::Options::default()).unwrap();
//! let art = sitrep::Article { text: "Talks resume\nThe envoy arrived. He spoke.".into(), ..Default::default() };
//! let rec = ex.extract(&art);
//! assert_eq!(rec.sentences.len(), 2);
//! ```
#![deny(missing_docs)]

pub use sitrep_input::Article;
pub use sitrep_record::Record;

use std::sync::Arc;

use sitrep_core::actors::Actor;
use sitrep_core::claims::ClaimStage;
use sitrep_core::date::Date;
use sitrep_core::doc::{Doc, DocMeta, EntityType};
use sitrep_core::events::{CueRow as EventCueRow, EventLexicon, EventStage};
use sitrep_core::ner::NerStage;
use sitrep_core::ner::lexicon::{NerLexicon, PhraseKind, WordLists, list_lines};
use sitrep_core::ner::model::Model;
use sitrep_core::pipeline::{Pipeline, Scratch, Stage};
use sitrep_core::places::{Gazetteer, PlacesStage};
use sitrep_core::positions::{IssueRow, Lexicon as IssueLexicon, PositionStage, StanceRow};
use sitrep_core::pronouns::{GenderIndex, PronounStage};
use sitrep_core::resolve::{ActorIndex, GroupIndex, ResolveStage, TitleIndex};
use sitrep_core::statements::{CueIndex, CueRow, StatementStage, parse_cues};
use sitrep_core::text::{SegmentStage, TokenizeStage};
use sitrep_core::times::TimeStage;

/// How to build an extractor.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra actor dictionary files (same format as `data/actors.tsv`), as (name, contents).
    pub actor_files: Vec<(String, String)>,
    /// A tagger model to use instead of the shipped one (evaluation, experiments).
    pub ner_model: Option<Vec<u8>>,
    /// Extra cue lexicons (same format as `data/cues.tsv`), as (name, contents).
    pub cue_files: Vec<(String, String)>,
    /// Extra event lexicon files (same format as `data/events.tsv`), as (name, contents).
    pub event_files: Vec<(String, String)>,
    /// Extra gazetteer files (same format as `data/gazetteer.tsv`), as (name, contents).
    pub place_files: Vec<(String, String)>,
    /// Extra issue lexicons (same format as `data/issues.tsv`), as (name, contents).
    pub issue_files: Vec<(String, String)>,
    /// Extra stance lexicons (same format as `data/stances.tsv`), as (name, contents).
    pub stance_files: Vec<(String, String)>,
    /// Add an `explain` field to every record: the places' candidates and scores.
    pub explain: bool,
}

/// The shipped data plus users' additions, parsed.
pub struct Resources {
    /// The actor dictionary.
    pub actors: Vec<Actor>,
    /// Title words: (surface, canonical, kind).
    pub titles: Vec<(String, String, String)>,
    /// Group nouns: (noun, category, plural).
    pub groups: Vec<(String, String, bool)>,
    /// The tagger's lexicon.
    pub ner_lexicon: Arc<NerLexicon>,
    /// Speech and attribution cues.
    pub cues: Vec<CueRow>,
    /// Given-name genders, for pronouns.
    pub genders: Arc<GenderIndex>,
    /// The event lexicon rows.
    pub event_cues: Vec<EventCueRow>,
    /// The gazetteer with its name index.
    pub gazetteer: Arc<Gazetteer>,
    /// The issue lexicon rows.
    pub issues: Vec<IssueRow>,
    /// The stance lexicon rows.
    pub stances: Vec<StanceRow>,
}

impl Resources {
    /// Parse the shipped data and `opts`' extra files.
    pub fn load(opts: &Options) -> Result<Resources, DataError> {
        let mut actors = Vec::new();
        sitrep_core::actors::parse_into("data/actors.tsv", sitrep_data::ACTORS_TSV, &mut actors)
            .map_err(|e| DataError(e.to_string()))?;
        for (name, text) in &opts.actor_files {
            sitrep_core::actors::parse_into(name, text, &mut actors)
                .map_err(|e| DataError(e.to_string()))?;
        }
        let titles = parse_titles(sitrep_data::TITLES_TSV);
        let groups = parse_titles(sitrep_data::GROUPS_TSV)
            .into_iter()
            .map(|(n, c, p)| (n, c, p == "1"))
            .collect();
        let ner_lexicon = Arc::new(ner_lexicon(&actors, &titles));
        let mut cues = Vec::new();
        parse_cues("data/cues.tsv", sitrep_data::CUES_TSV, &mut cues)
            .map_err(|e| DataError(e.to_string()))?;
        for (name, text) in &opts.cue_files {
            parse_cues(name, text, &mut cues).map_err(|e| DataError(e.to_string()))?;
        }
        let genders = Arc::new(
            GenderIndex::parse("data/names/gender.tsv", sitrep_data::GENDER_TSV)
                .map_err(DataError)?,
        );
        let mut event_cues = Vec::new();
        sitrep_core::events::parse_into(
            "data/events.tsv",
            sitrep_data::EVENTS_TSV,
            &mut event_cues,
        )
        .map_err(|e| DataError(e.to_string()))?;
        for (name, text) in &opts.event_files {
            sitrep_core::events::parse_into(name, text, &mut event_cues)
                .map_err(|e| DataError(e.to_string()))?;
        }
        let gazetteer = Arc::new(load_gazetteer(&opts.place_files)?);
        let mut issues = Vec::new();
        let mut stances = Vec::new();
        let shipped = [(
            "data/issues.tsv".to_string(),
            sitrep_data::ISSUES_TSV.to_string(),
        )];
        for (name, text) in shipped.iter().chain(&opts.issue_files) {
            sitrep_core::positions::parse_issues(name, text, &mut issues)
                .map_err(|e| DataError(e.to_string()))?;
        }
        let shipped = [(
            "data/stances.tsv".to_string(),
            sitrep_data::STANCES_TSV.to_string(),
        )];
        for (name, text) in shipped.iter().chain(&opts.stance_files) {
            sitrep_core::positions::parse_stances(name, text, &mut stances)
                .map_err(|e| DataError(e.to_string()))?;
        }
        Ok(Resources {
            issues,
            stances,
            gazetteer,
            actors,
            titles,
            groups,
            ner_lexicon,
            cues,
            genders,
            event_cues,
        })
    }
}

/// The shipped gazetteer (packed at build time) plus users' files, indexed.
fn load_gazetteer(files: &[(String, String)]) -> Result<Gazetteer, DataError> {
    let mut g = Gazetteer::from_packed(sitrep_data::GAZETTEER_PACKED).ok_or_else(|| {
        DataError("data/gazetteer.tsv: the packed gazetteer is corrupt (rebuild)".to_string())
    })?;
    for (name, text) in files {
        g.add_file(name, text)
            .map_err(|e| DataError(e.to_string()))?;
    }
    g.finish();
    Ok(g)
}

fn parse_titles(tsv: &str) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for line in list_lines(tsv).skip(1) {
        let mut c = line.split('\t');
        let (Some(t), Some(canon), Some(kind)) = (c.next(), c.next(), c.next()) else {
            continue;
        };
        v.push((t.to_string(), canon.to_string(), kind.to_string()));
    }
    v
}

/// The tagger's lexicon, built from the word lists and the actor dictionary.
/// Training uses this same function, so features match at run time.
pub fn ner_lexicon(actors: &[Actor], titles: &[(String, String, String)]) -> NerLexicon {
    let mut phrases = Vec::new();
    for a in actors {
        let k = match a.kind {
            EntityType::Person => PhraseKind::ActorPerson,
            EntityType::Org => PhraseKind::ActorOrg,
            EntityType::Gpe | EntityType::Loc => PhraseKind::ActorPlace,
            EntityType::Norp | EntityType::Group => PhraseKind::Demonym,
        };
        for n in a.names() {
            phrases.push((n.to_string(), k));
        }
        for d in &a.demonyms {
            phrases.push((d.clone(), PhraseKind::Demonym));
        }
    }
    let mut title_words: Vec<&str> = Vec::new();
    for (t, _, kind) in titles {
        if kind != "modifier" {
            title_words.extend(
                t.split(' ')
                    .filter(|w| !matches!(*w, "of" | "the" | "for" | "and" | "to" | "in" | "on")),
            );
        }
    }
    let lists = WordLists {
        given: sitrep_data::GIVEN_NAMES,
        surnames: sitrep_data::SURNAMES,
        places: sitrep_data::PLACES,
        propn: sitrep_data::PROPN_WORDS,
        common: sitrep_data::COMMON_WORDS,
        verbs: sitrep_data::VERBS,
    };
    NerLexicon::new(&lists, &title_words, &phrases)
}

/// A data file that failed to load.
#[derive(Debug)]
pub struct DataError(pub String);

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

/// The extraction pipeline with its data loaded. Immutable; share it across threads.
pub struct Extractor {
    pipeline: Pipeline,
}

impl Extractor {
    /// Load the shipped data (plus `opts`) and build the pipeline.
    pub fn new(opts: &Options) -> Result<Extractor, DataError> {
        let res = Resources::load(opts)?;
        let model_bytes = opts.ner_model.as_deref().unwrap_or(sitrep_data::NER_MODEL);
        let model = Model::from_bytes(model_bytes).map_err(|e| DataError(e.to_string()))?;
        let actors = Arc::new(ActorIndex::new(res.actors));
        let issue_lexicon = Arc::new(IssueLexicon::new(&res.issues, res.stances));
        let stages: Vec<Box<dyn Stage>> = vec![
            Box::new(TokenizeStage),
            Box::new(SegmentStage),
            Box::new(NerStage::new(model, res.ner_lexicon.clone())),
            // Before resolve: a dateline it reads fills `published`, which
            // resolve uses to choose office holders.
            Box::new(TimeStage),
            Box::new(ResolveStage::new(
                actors.clone(),
                Arc::new(TitleIndex::new(&res.titles)),
                Arc::new(GroupIndex::new(&res.groups)),
                res.ner_lexicon.clone(),
            )),
            // Statements before pronouns: the pronoun stage prefers the last
            // statement's speaker, and fills in pronoun speakers as it goes.
            Box::new(StatementStage::new(Arc::new(CueIndex::new(&res.cues)))),
            Box::new(PronounStage::new(res.genders.clone())),
            Box::new(EventStage::new(Arc::new(EventLexicon::new(res.event_cues)))),
            // After events: claims link statements to the events reported through them.
            Box::new(PositionStage::new(issue_lexicon.clone())),
            Box::new(ClaimStage::new(issue_lexicon)),
            Box::new(PlacesStage::new(
                res.gazetteer,
                actors,
                res.ner_lexicon.clone(),
                opts.explain,
            )),
        ];
        let pipeline = Pipeline::new(stages).map_err(|e| DataError(e.to_string()))?;
        Ok(Extractor { pipeline })
    }

    /// Names of the stages in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.pipeline.stage_names()
    }

    /// Extract one article, reusing `scratch` between calls.
    pub fn extract_with(&self, art: &Article, scratch: &mut Scratch) -> Record {
        let meta = DocMeta {
            id: art.id.clone().unwrap_or_default(),
            title: art.title.clone(),
            url: art.url.clone(),
            source: art.source.clone(),
            published: art.published.as_deref().and_then(Date::parse_iso),
        };
        let mut doc = Doc::new(art.text.clone(), meta);
        self.pipeline.run(&mut doc, scratch);
        sitrep_core::record::to_record(&doc)
    }

    /// Extract one article.
    pub fn extract(&self, art: &Article) -> Record {
        self.extract_with(art, &mut Scratch::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article {
            text: text.into(),
            ..Default::default()
        }
    }

    /// (entity name, GeoNames id, feature) of each place of a record.
    fn places(rec: &Record) -> Vec<(String, Option<u64>, String)> {
        rec.places
            .iter()
            .map(|p| {
                let e = rec.entities.iter().find(|e| e.id == p.entity).unwrap();
                (
                    e.name.clone(),
                    p.geonames,
                    p.feature.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn id_of(rec: &Record, name: &str) -> Option<u64> {
        places(rec)
            .into_iter()
            .find(|p| p.0 == name)
            .and_then(|p| p.1)
    }

    #[test]
    fn places_end_to_end() {
        let ex = Extractor::new(&Options::default()).unwrap();
        let rec = ex.extract(&article(
            "Clashes in northern Lebanon\nGunmen fought in Tripoli, Lebanon's second city, on \
             Friday, officials in Beirut said.",
        ));
        assert_eq!(id_of(&rec, "Tripoli"), Some(266826), "{:?}", places(&rec));
        assert_eq!(id_of(&rec, "Lebanon"), Some(272103));
        let rec = ex.extract(&article(
            "Protests in Tbilisi\nThousands marched in Tbilisi as Georgia's parliament met.",
        ));
        assert_eq!(id_of(&rec, "Georgia"), Some(614540), "{:?}", places(&rec));
        // Demonyms and organisations are not map points.
        let rec = ex.extract(&article(
            "Downing Street said British officials would meet French ministers.",
        ));
        assert!(
            rec.places.iter().all(|p| rec
                .entities
                .iter()
                .any(|e| e.id == p.entity && (e.kind == "GPE" || e.kind == "LOC"))),
            "{:?}",
            places(&rec)
        );
        // No `explain` field unless asked for.
        let json = serde_json::to_string(&rec).unwrap();
        assert!(!json.contains("\"explain\""));
    }

    #[test]
    fn user_places_and_explain() {
        let user = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
                    2100000001\tPustelnia\t\t\t48.1\t37.2\tUA\t05\tPPL\t300\n";
        let opts = Options {
            place_files: vec![("user.tsv".into(), user.into())],
            explain: true,
            ..Options::default()
        };
        let ex = Extractor::new(&opts).unwrap();
        let rec = ex.extract(&article(
            "Russian forces shelled the village of Pustelnia, near Pokrovsk, on Tuesday.",
        ));
        let p = rec
            .places
            .iter()
            .find(|p| p.country.as_deref() == Some("UA") && p.lat == Some(48.1))
            .unwrap_or_else(|| panic!("{:?}", places(&rec)));
        assert_eq!(p.geonames, None);
        let x = rec.explain.as_ref().unwrap();
        let e = x.places.iter().find(|e| e.entity == p.entity).unwrap();
        assert_eq!(e.chosen, Some(2_100_000_001));
        assert!(!e.candidates.is_empty() && !e.reason.is_empty());
        let json = serde_json::to_string(&rec).unwrap();
        assert!(json.contains("\"explain\":{\"places\":["));
        // A bad user file names its line.
        let bad = Options {
            place_files: vec![("bad.tsv".into(), "id\tname\n".into())],
            ..Options::default()
        };
        let err = Extractor::new(&bad).err().unwrap().to_string();
        assert!(
            err.starts_with("bad.tsv:1: expected the header row"),
            "{err}"
        );
    }

    /// The packed gazetteer (`sitrep-data/build.rs`) and the text parser
    /// (users' files) agree row by row.
    #[test]
    fn packed_gazetteer_matches_the_text() {
        let packed = Gazetteer::from_packed(sitrep_data::GAZETTEER_PACKED).unwrap();
        let mut text = Gazetteer::new();
        text.add_file("data/gazetteer.tsv", sitrep_data::GAZETTEER_TSV)
            .unwrap();
        text.finish();
        assert_eq!(packed.len(), text.len());
        assert_eq!(packed.names_indexed(), text.names_indexed());
        let ids = |g: &Gazetteer, name: &str| {
            let mut v: Vec<(u32, bool)> = g
                .lookup(name)
                .into_iter()
                .map(|(r, m)| (g.place(r).id, m == sitrep_core::places::Match::Name))
                .collect();
            v.sort_unstable();
            v
        };
        let mut by_id = std::collections::HashMap::new();
        for (r, p) in text.iter() {
            by_id.insert(p.id, r);
        }
        let countries = |g: &Gazetteer| {
            let mut v: Vec<u32> = g.countries().map(|(_, p)| p.id).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(countries(&packed), countries(&text));
        assert!(countries(&packed).len() > 240);
        for (r, p) in packed.iter().step_by(37) {
            let t = text.place(by_id[&p.id]);
            let fields = |p: sitrep_core::places::Place| {
                (
                    p.id,
                    p.lat,
                    p.lon,
                    p.population,
                    p.cc,
                    p.kind,
                    p.feature,
                    p.admin1,
                )
            };
            assert_eq!(fields(p), fields(t), "row {r}");
            let name = packed.name(r);
            assert_eq!(name, text.name(by_id[&p.id]));
            assert_eq!(ids(&packed, name), ids(&text, name), "{name}");
        }
    }
}
