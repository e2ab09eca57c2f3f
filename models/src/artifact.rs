//! The model artifact: a small, versioned JSON file with everything needed to
//! score a row, independent of linfa's own (de)serialization.

use crate::ModelError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Value of the artifact's `format` field that this build writes and reads.
pub const FORMAT: &str = "fanzha-model/1";

/// Node `feature` value marking a leaf.
const LEAF: u32 = u32::MAX;

/// Per-feature training mean and standard deviation.
///
/// A non-finite input value (NaN = missing, inf) is replaced by the mean for
/// every family. The logistic model sees `(x - mean) / std`; trees split on the
/// raw value (so their thresholds read in the feature's own unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

impl Scaling {
    /// Mean and std (std 1 when constant) of each column, ignoring non-finite values.
    pub(crate) fn fit(x: &[f64], n_features: usize) -> Scaling {
        let mut sum = vec![0.0; n_features];
        let mut sq = vec![0.0; n_features];
        let mut cnt = vec![0usize; n_features];
        for row in x.chunks_exact(n_features) {
            for (j, &v) in row.iter().enumerate() {
                if v.is_finite() {
                    sum[j] += v;
                    sq[j] += v * v;
                    cnt[j] += 1;
                }
            }
        }
        let mut mean = vec![0.0; n_features];
        let mut std = vec![1.0; n_features];
        for j in 0..n_features {
            if cnt[j] > 0 {
                let m = sum[j] / cnt[j] as f64;
                let var = (sq[j] / cnt[j] as f64 - m * m).max(0.0);
                mean[j] = m;
                if var.sqrt() > 1e-12 * m.abs().max(1.0) {
                    std[j] = var.sqrt();
                }
            }
        }
        Scaling { mean, std }
    }

    /// The raw value with missing values imputed.
    #[inline(always)]
    pub(crate) fn raw(&self, j: usize, v: f64) -> f64 {
        if v.is_finite() {
            v
        } else {
            self.mean[j]
        }
    }

    /// The standardized value (missing -> 0).
    #[inline(always)]
    pub(crate) fn standard(&self, j: usize, v: f64) -> f64 {
        if v.is_finite() {
            (v - self.mean[j]) / self.std[j]
        } else {
            0.0
        }
    }
}

/// One node of a flat tree. Internal node: go to `left` when
/// `x[feature] < threshold` (as linfa's `predict` does), else `right`.
/// Leaf (`feature` = 4294967295): `value` is the smoothed positive fraction of
/// the training rows that reach it; `class` is linfa's (weighted) class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Node {
    #[serde(rename = "f")]
    pub feature: u32,
    #[serde(rename = "t")]
    pub threshold: f64,
    #[serde(rename = "l")]
    pub left: u32,
    #[serde(rename = "r")]
    pub right: u32,
    #[serde(rename = "v")]
    pub value: f64,
    #[serde(rename = "c")]
    pub class: bool,
}

impl Node {
    pub(crate) fn leaf(value: f64, class: bool) -> Node {
        Node {
            feature: LEAF,
            threshold: 0.0,
            left: 0,
            right: 0,
            value,
            class,
        }
    }

    pub fn is_leaf(&self) -> bool {
        self.feature == LEAF
    }
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum ModelKind {
    /// `p = sigmoid(intercept + sum_j weights[j] * standard(x_j))`.
    Logistic { weights: Vec<f64>, intercept: f64 },
    /// One tree, root at node 0.
    Tree { nodes: Vec<Node> },
    /// Mean of the leaf values of several trees; tree `k` has its root at
    /// `nodes[roots[k]]` (child indices are absolute).
    Forest { roots: Vec<u32>, nodes: Vec<Node> },
}

impl ModelKind {
    pub fn family(&self) -> &'static str {
        match self {
            ModelKind::Logistic { .. } => "logistic",
            ModelKind::Tree { .. } => "tree",
            ModelKind::Forest { .. } => "forest",
        }
    }
}

/// Suggested score thresholds (flag when `score >= threshold`), chosen on the
/// validation part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Lowest threshold with validation precision >= `target_precision`
    /// (highest-precision threshold when the target is never reached).
    pub high_precision: f64,
    pub target_precision: f64,
    /// Validation precision actually achieved at `high_precision`.
    pub high_precision_achieved: f64,
    /// Threshold of maximum F1 on validation.
    pub balanced: f64,
    pub balanced_f1: f64,
}

/// Validation figures of one candidate family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateFigures {
    pub family: String,
    pub pr_auc: f64,
    pub roc_auc: f64,
}

/// How the artifact was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingFigures {
    pub rows: usize,
    pub positives: usize,
    pub train_rows: usize,
    pub validation_rows: usize,
    pub validation_positives: usize,
    /// First time value of the validation part.
    pub split_time: i64,
    pub candidates: Vec<CandidateFigures>,
    pub chosen: String,
    /// Whether the chosen family was refitted on all rows after the pick.
    pub refit_on_all: bool,
    pub seed: u64,
    pub created_from: String,
    /// How class imbalance was handled.
    pub imbalance: String,
}

/// A trained model with its metadata. See the crate README for the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    pub format: String,
    pub id: String,
    pub version: String,
    pub feature_names: Vec<String>,
    pub scaling: Scaling,
    pub model: ModelKind,
    pub thresholds: Thresholds,
    pub training: TrainingFigures,
}

#[inline(always)]
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Artifact {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("artifact serializes")
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        };
        // Write next to the target and rename, so a reader never sees half a file.
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, self.to_json()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    pub fn load(path: &Path) -> Result<Artifact, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Artifact::from_json(&text).map_err(|e| match e {
            ModelError::Format(m) => ModelError::Format(format!("{}: {m}", path.display())),
            e => e,
        })
    }

    /// Parses and validates an artifact (format version, sizes, tree links),
    /// so that `score` can neither loop nor index out of range.
    pub fn from_json(text: &str) -> Result<Artifact, ModelError> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
        }
        let head: Head = serde_json::from_str(text)
            .map_err(|e| ModelError::Format(format!("not a JSON model artifact ({e})")))?;
        match head.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(ModelError::Format(format!(
                    "unsupported format `{other}` (this build reads `{FORMAT}`)"
                )))
            }
            None => return Err(ModelError::Format("no `format` field".into())),
        }
        let a: Artifact = serde_json::from_str(text)
            .map_err(|e| ModelError::Format(format!("malformed artifact ({e})")))?;
        a.validate()?;
        Ok(a)
    }

    fn validate(&self) -> Result<(), ModelError> {
        let n = self.feature_names.len();
        let bad = |m: String| Err(ModelError::Format(m));
        if n == 0 {
            return bad("no features".into());
        }
        if self.scaling.mean.len() != n || self.scaling.std.len() != n {
            return bad(format!("scaling has not {n} entries"));
        }
        if self
            .scaling
            .std
            .iter()
            .any(|s| !(s.is_finite() && *s > 0.0))
            || self.scaling.mean.iter().any(|m| !m.is_finite())
        {
            return bad("scaling has a non-finite mean or a non-positive std".into());
        }
        match &self.model {
            ModelKind::Logistic { weights, intercept } => {
                if weights.len() != n {
                    return bad(format!("{} weights for {n} features", weights.len()));
                }
                if !intercept.is_finite() || weights.iter().any(|w| !w.is_finite()) {
                    return bad("non-finite weight".into());
                }
            }
            ModelKind::Tree { nodes } => check_tree(nodes, &[0], n)?,
            ModelKind::Forest { roots, nodes } => {
                if roots.is_empty() {
                    return bad("forest without trees".into());
                }
                check_tree(nodes, roots, n)?
            }
        }
        Ok(())
    }

    /// Maps each model feature to its index in `available` (the pipeline's
    /// feature names). A model feature the pipeline does not provide is an
    /// error naming it.
    pub fn bind(&self, available: &[&str]) -> Result<Vec<usize>, ModelError> {
        self.feature_names
            .iter()
            .map(|f| {
                available
                    .iter()
                    .position(|a| a == f)
                    .ok_or_else(|| ModelError::MissingFeature(f.clone()))
            })
            .collect()
    }

    /// Probability in [0, 1] that the row is positive. `row` is in the
    /// model's own feature order ([`Artifact::feature_names`]). Allocates nothing.
    #[inline]
    pub fn score(&self, row: &[f64]) -> f64 {
        assert_eq!(
            row.len(),
            self.feature_names.len(),
            "score: row length differs from the model's feature count"
        );
        self.score_with(|j| row[j])
    }

    /// Like [`Artifact::score`] but reads model feature `j` from
    /// `row[binding[j]]`, with `binding` from [`Artifact::bind`]: no need to
    /// copy the pipeline's row into model order.
    #[inline]
    pub fn score_bound(&self, binding: &[usize], row: &[f64]) -> f64 {
        assert_eq!(
            binding.len(),
            self.feature_names.len(),
            "score_bound: binding is not from this model"
        );
        self.score_with(|j| row[binding[j]])
    }

    #[inline(always)]
    fn score_with(&self, x: impl Fn(usize) -> f64) -> f64 {
        let s = &self.scaling;
        match &self.model {
            ModelKind::Logistic { weights, intercept } => {
                let mut z = *intercept;
                for (j, w) in weights.iter().enumerate() {
                    z += w * s.standard(j, x(j));
                }
                sigmoid(z)
            }
            ModelKind::Tree { nodes } => walk(nodes, 0, s, &x),
            ModelKind::Forest { roots, nodes } => {
                let mut sum = 0.0;
                for &r in roots {
                    sum += walk(nodes, r as usize, s, &x);
                }
                sum / roots.len() as f64
            }
        }
    }

    /// Score every row of a row-major matrix in model feature order.
    pub fn score_all(&self, x: &[f64]) -> Vec<f64> {
        x.chunks_exact(self.feature_names.len())
            .map(|r| self.score(r))
            .collect()
    }
}

/// Index of the leaf reached from `root`.
#[inline(always)]
pub(crate) fn leaf_index(
    nodes: &[Node],
    root: usize,
    s: &Scaling,
    x: &impl Fn(usize) -> f64,
) -> usize {
    let mut i = root;
    loop {
        let n = &nodes[i];
        if n.feature == LEAF {
            return i;
        }
        let f = n.feature as usize;
        // Select the child by index rather than by branch: the direction is
        // data-dependent and a mispredicted branch costs more than the walk.
        // Same as linfa's `!(x < t)`: x is imputed and t checked, neither is NaN.
        let go_right = s.raw(f, x(f)) >= n.threshold;
        i = [n.left, n.right][go_right as usize] as usize;
    }
}

#[inline(always)]
fn walk(nodes: &[Node], root: usize, s: &Scaling, x: &impl Fn(usize) -> f64) -> f64 {
    nodes[leaf_index(nodes, root, s, x)].value
}

/// Children must come after their parent (no cycles), inside the array, and
/// split features must exist; leaf values must be probabilities.
fn check_tree(nodes: &[Node], roots: &[u32], n_features: usize) -> Result<(), ModelError> {
    let bad = |m: String| Err(ModelError::Format(m));
    if nodes.is_empty() {
        return bad("tree without nodes".into());
    }
    if let Some(r) = roots.iter().find(|&&r| r as usize >= nodes.len()) {
        return bad(format!("tree root {r} outside the {} nodes", nodes.len()));
    }
    for (i, n) in nodes.iter().enumerate() {
        if n.is_leaf() {
            if !(0.0..=1.0).contains(&n.value) {
                return bad(format!("node {i}: leaf value {} not in [0, 1]", n.value));
            }
            continue;
        }
        if n.feature as usize >= n_features {
            return bad(format!("node {i}: feature {} out of range", n.feature));
        }
        if !n.threshold.is_finite() && !n.threshold.is_infinite() {
            return bad(format!("node {i}: threshold is NaN"));
        }
        for c in [n.left, n.right] {
            if c as usize <= i || c as usize >= nodes.len() {
                return bad(format!("node {i}: child {c} is not a later node"));
            }
        }
    }
    Ok(())
}
