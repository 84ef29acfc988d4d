//! The one place where byte spans become code-point spans: `Doc` → record.

use crate::doc::{Doc, SegmentKind, Span};
use sitrep_record as rec;

/// Maps byte offsets to code-point offsets through one prefix table.
pub struct CpIndex {
    /// `cp[b]` = code points before byte `b`, for every char boundary `b`.
    cp: Vec<u32>,
}

impl CpIndex {
    /// Build the table for `text`.
    ///
    /// `cp[b]` is the number of chars that start before byte `b`: at a
    /// boundary, the char's index; inside a char, the next char's index. One
    /// count of non-continuation bytes gives both, without decoding.
    pub fn new(text: &str) -> CpIndex {
        let mut cp = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for &b in text.as_bytes() {
            cp.push(n);
            n += u32::from(b & 0xC0 != 0x80);
        }
        cp.push(n);
        CpIndex { cp }
    }
    /// Code-point offset of byte offset `b`.
    pub fn at(&self, b: u32) -> usize {
        self.cp
            .get(b as usize)
            .copied()
            .unwrap_or_else(|| self.cp.last().copied().unwrap_or(0)) as usize
    }
    /// Code-point span.
    pub fn span(&self, s: Span) -> rec::CpSpan {
        [self.at(s.start), self.at(s.end)]
    }
}

/// Serialise the document's layers as a `sitrep.record/1` record.
pub fn to_record(doc: &Doc) -> rec::Record {
    let cps = CpIndex::new(&doc.text);
    let mut r = rec::Record::empty(&doc.meta.id, &doc.text);
    r.doc.title = doc.meta.title.clone();
    r.doc.url = doc.meta.url.clone();
    r.doc.source = doc.meta.source.clone();
    r.doc.published = doc.meta.published.map(|d| d.to_string());
    for s in &doc.segments {
        match s.kind {
            SegmentKind::Heading => r.headings.push(cps.span(s.span)),
            SegmentKind::Sentence => r.sentences.push(cps.span(s.span)),
        }
    }
    let eid = |i: u32| format!("e{}", i + 1);
    for (i, e) in doc.entities.iter().enumerate() {
        let Some(kind) = e.kind else { continue };
        r.entities.push(rec::Entity {
            id: eid(i as u32),
            name: e.name.clone(),
            kind: kind.label().to_string(),
            roles: e.roles.clone(),
            country: e.country.clone(),
            affiliation: e.affiliation.clone(),
            kb: rec::Kb {
                wikidata: e.wikidata.clone(),
            },
            mentions: e
                .mentions
                .iter()
                .map(|&m| {
                    let sp = doc.mentions[m as usize].span;
                    rec::Mention {
                        span: cps.span(sp),
                        text: doc.slice(sp).to_string(),
                    }
                })
                .collect(),
        });
    }
    for p in &doc.places {
        r.places.push(rec::Place {
            entity: eid(p.entity),
            geonames: p.geonames,
            lat: Some(p.lat),
            lon: Some(p.lon),
            country: p.country.clone(),
            feature: Some(p.feature.clone()),
        });
    }
    if let Some(x) = &doc.explain {
        r.explain = Some(rec::Explain {
            places: x
                .places
                .iter()
                .map(|p| rec::PlaceExplain {
                    entity: eid(p.entity),
                    names: p.names.clone(),
                    chosen: p.chosen.map(u64::from),
                    reason: p.reason.clone(),
                    considered: p.considered as usize,
                    candidates: p
                        .candidates
                        .iter()
                        .map(|c| rec::CandidateExplain {
                            id: u64::from(c.id),
                            geonames: c.geonames,
                            name: c.name.clone(),
                            country: c.country.clone(),
                            admin1: c.admin1.clone(),
                            feature: c.feature.clone(),
                            population: u64::from(c.population),
                            lat: c.lat,
                            lon: c.lon,
                            score: c.score,
                            factors: c.factors.iter().map(|&(k, v)| (k.to_string(), v)).collect(),
                        })
                        .collect(),
                })
                .collect(),
        });
    }
    for (i, t) in doc.times.iter().enumerate() {
        r.times.push(rec::Time {
            id: format!("t{}", i + 1),
            span: cps.span(t.span),
            text: doc.slice(t.span).to_string(),
            value: t.value.clone(),
            grain: Some(t.grain.to_string()),
        });
    }
    for (i, s) in doc.statements.iter().enumerate() {
        r.statements.push(rec::Statement {
            id: format!("s{}", i + 1),
            speaker: s.speaker.map(eid),
            speaker_span: s.speaker_span.map(|x| cps.span(x)),
            cue: doc.slice(s.cue_span).to_string(),
            cue_span: cps.span(s.cue_span),
            content_span: cps.span(s.content_span),
            direct: s.direct,
        });
    }
    for (i, v) in doc.events.iter().enumerate() {
        r.events.push(rec::Event {
            id: format!("v{}", i + 1),
            kind: v.kind.label().to_string(),
            mode: v.mode.clone(),
            actors: v.actors.iter().map(|&e| eid(e)).collect(),
            targets: v.targets.iter().map(|&e| eid(e)).collect(),
            place: v.place.map(eid),
            when: v.time.map(|t| format!("t{}", t + 1)),
            status: v.status.label().to_string(),
            source: v.source.map(|s| format!("s{}", s + 1)),
            trigger_span: cps.span(v.trigger),
            evidence_span: cps.span(v.evidence),
        });
    }
    for (i, c) in doc.claims.iter().enumerate() {
        r.claims.push(rec::Claim {
            id: format!("c{}", i + 1),
            statement: format!("s{}", c.statement + 1),
            event: c.event.map(|v| format!("v{}", v + 1)),
            responses: c
                .responses
                .iter()
                .map(|&(s, rel)| rec::ClaimResponse {
                    statement: format!("s{}", s + 1),
                    relation: rel.label().to_string(),
                })
                .collect(),
            status: c.status.label().to_string(),
        });
    }
    for p in &doc.positions {
        r.positions.push(rec::Position {
            actor: eid(p.actor),
            issue: p.issue.clone(),
            issue_text: p.issue_text.clone(),
            stance: p.stance.label().to_string(),
            polarity: p.polarity,
            evidence: p.evidence.map(|s| format!("s{}", s + 1)),
            evidence_span: cps.span(p.evidence_span),
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_point_index() {
        // "a" 1 byte, "é" 2, "—" 3, "😀" 4: boundaries map to char indices,
        // bytes inside a char to the next char's index, the end to the count.
        let text = "aé—😀b";
        let c = CpIndex::new(text);
        let got: Vec<usize> = (0..=text.len() as u32 + 1).map(|b| c.at(b)).collect();
        assert_eq!(got, [0, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5]);
        assert_eq!(CpIndex::new("").at(0), 0);
    }

    #[test]
    fn code_points() {
        let t = "Erdoğan — ok";
        let ix = CpIndex::new(t);
        let b = t.find("ok").unwrap();
        assert_eq!(ix.at(b as u32), t[..b].chars().count());
        assert_eq!(ix.at(t.len() as u32), t.chars().count());
    }
}
