//! The loaded model: an artifact from `fanzha-models` bound to the pipeline's feature inputs.

use crate::features::ModelInputs;
use anyhow::{Context, Result};
use fanzha_models::Artifact;
use std::path::Path;

pub struct Model {
    pub artifact: Artifact,
    /// For each model feature, its index among the pipeline's model inputs.
    bind: Vec<usize>,
}

impl Model {
    /// Binds an artifact to the pipeline's inputs; refuses one that needs features the pipeline
    /// does not provide.
    pub fn new(artifact: Artifact, inputs: &ModelInputs) -> Result<Model> {
        let bind = artifact
            .bind(&inputs.names)
            .map_err(|e| anyhow::anyhow!("model {} v{}: {e}", artifact.id, artifact.version))?;
        Ok(Model { artifact, bind })
    }

    pub fn load(path: &Path, inputs: &ModelInputs) -> Result<Model> {
        let artifact =
            Artifact::load(path).with_context(|| format!("loading model {}", path.display()))?;
        Model::new(artifact, inputs).with_context(|| format!("loading model {}", path.display()))
    }

    pub fn from_json(text: &str, inputs: &ModelInputs) -> Result<Model> {
        Model::new(Artifact::from_json(text)?, inputs)
    }

    /// Scores one event from its model inputs; `scratch` is reused between calls.
    pub fn score(&self, inputs: &[f64], scratch: &mut Vec<f64>) -> f64 {
        scratch.clear();
        scratch.extend(self.bind.iter().map(|&i| inputs[i]));
        self.artifact.score(scratch)
    }
}
