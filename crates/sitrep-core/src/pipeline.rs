//! Stages and the pipeline that runs them in order over one [`Doc`].

use crate::doc::{Doc, Layer};

/// Per-thread reusable memory. Stages keep their buffers here so that a worker
/// processing many documents allocates little after the first.
#[derive(Default)]
pub struct Scratch {
    /// Per-token word hashes (claims and positions).
    pub words: Vec<u64>,
    /// A general-purpose string buffer.
    pub buf: String,
    /// Per-token tagger attributes.
    pub ner_attrs: Vec<crate::ner::features::TokAttr>,
    /// The tagger's decoding buffers.
    pub ner: crate::ner::TagBuffers,
}

/// One step of the pipeline. Stages are immutable and shared across threads;
/// `run` never fails: what a stage cannot do goes to `doc.diagnostics`.
pub trait Stage: Send + Sync {
    /// A short name, used in diagnostics and `--explain`.
    fn name(&self) -> &'static str;
    /// Layers that must be filled before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage fills.
    fn provides(&self) -> &'static [Layer];
    /// Add this stage's layers to `doc`.
    fn run(&self, doc: &mut Doc, scratch: &mut Scratch);
}

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineError(pub String);

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PipelineError {}

/// An ordered list of stages whose requirements were checked at construction.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Build a pipeline, refusing a stage whose requirement no earlier stage
    /// provides, or a layer provided twice.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let mut have: Vec<Layer> = Vec::new();
        for s in &stages {
            for r in s.requires() {
                if !have.contains(r) {
                    return Err(PipelineError(format!(
                        "stage `{}` requires {:?}, which no earlier stage provides",
                        s.name(),
                        r
                    )));
                }
            }
            for p in s.provides() {
                if have.contains(p) {
                    return Err(PipelineError(format!(
                        "layer {:?} provided twice (by `{}`)",
                        p,
                        s.name()
                    )));
                }
                have.push(*p);
            }
        }
        Ok(Pipeline { stages })
    }

    /// Stage names in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over `doc`.
    pub fn run(&self, doc: &mut Doc, scratch: &mut Scratch) {
        for s in &self.stages {
            s.run(doc, scratch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{SegmentStage, TokenizeStage};

    #[test]
    fn requirements_are_checked() {
        assert!(Pipeline::new(vec![Box::new(SegmentStage)]).is_err());
        assert!(Pipeline::new(vec![Box::new(TokenizeStage), Box::new(TokenizeStage)]).is_err());
        let p = Pipeline::new(vec![Box::new(TokenizeStage), Box::new(SegmentStage)]).unwrap();
        assert_eq!(p.stage_names(), ["tokenize", "segment"]);
    }
}
