//! fanzha models: training (linfa), evaluation and the model artifact.
//!
//! This crate knows nothing of rules, Kafka or events. It works on numeric
//! feature rows with named features:
//!
//! * [`Dataset`] / [`read_csv`]: labelled rows, with a time for the
//!   time-ordered split and a group (e.g. fraud typology) for per-group figures;
//! * [`train`]: time-based split, trains a linfa-logistic logistic regression,
//!   a linfa-trees decision tree and a small bagged forest of linfa-trees trees,
//!   picks the best by validation PR-AUC and packs it into an [`Artifact`];
//! * [`Artifact`]: a small JSON file; [`Artifact::score`] scores one row
//!   without allocating;
//! * [`evaluate`] / [`EvalReport`]: PR-AUC, ROC-AUC, figures at the suggested
//!   thresholds, calibration and per-group recall.

mod artifact;
mod csv;
mod eval;
mod fit;
mod metrics;
mod train;

pub use artifact::{
    Artifact, CandidateFigures, ModelKind, Node, Scaling, Thresholds, TrainingFigures, FORMAT,
};
pub use csv::read_csv;
pub use eval::{evaluate, CalibrationBin, EvalReport, GroupFigures, ThresholdFigures};
pub use metrics::{pr_auc, roc_auc};
pub use train::{train, Family, TrainConfig, TrainReport};

use std::path::PathBuf;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {msg}")]
    Csv {
        path: PathBuf,
        line: usize,
        msg: String,
    },
    #[error("model artifact is not valid: {0}")]
    Format(String),
    #[error("the pipeline does not provide feature `{0}` that the model needs")]
    MissingFeature(String),
    #[error("data: {0}")]
    Data(String),
    #[error("training {family} failed: {msg}")]
    Train { family: &'static str, msg: String },
}

/// Labelled feature rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub feature_names: Vec<String>,
    /// Row-major, `len() * feature_names.len()` values.
    pub x: Vec<f64>,
    pub y: Vec<bool>,
    /// Used for the time-ordered split (any monotone unit).
    pub time: Vec<i64>,
    /// E.g. the typology of a positive, `""` otherwise; for per-group figures.
    pub group: Vec<String>,
}

impl Dataset {
    pub fn new(feature_names: Vec<String>) -> Self {
        Dataset {
            feature_names,
            x: Vec::new(),
            y: Vec::new(),
            time: Vec::new(),
            group: Vec::new(),
        }
    }

    /// Appends one row. Panics if `row` does not have one value per feature.
    pub fn push(&mut self, row: &[f64], y: bool, time: i64, group: &str) {
        assert_eq!(
            row.len(),
            self.feature_names.len(),
            "Dataset::push: row has {} values, the dataset has {} features",
            row.len(),
            self.feature_names.len()
        );
        self.x.extend_from_slice(row);
        self.y.push(y);
        self.time.push(time);
        self.group.push(group.to_string());
    }

    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    pub fn n_features(&self) -> usize {
        self.feature_names.len()
    }

    /// Row `i` (panics when out of range).
    pub fn row(&self, i: usize) -> &[f64] {
        let n = self.n_features();
        &self.x[i * n..(i + 1) * n]
    }

    pub fn positives(&self) -> usize {
        self.y.iter().filter(|&&b| b).count()
    }

    /// Checks the column lengths agree.
    pub fn check(&self) -> Result<(), ModelError> {
        let n = self.len();
        if self.x.len() != n * self.n_features() || self.time.len() != n || self.group.len() != n {
            return Err(ModelError::Data(format!(
                "inconsistent dataset: {} labels, {} times, {} groups, {} values for {} features",
                n,
                self.time.len(),
                self.group.len(),
                self.x.len(),
                self.n_features()
            )));
        }
        Ok(())
    }

    /// A new dataset with the rows at `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> Dataset {
        let mut d = Dataset::new(self.feature_names.clone());
        d.x.reserve(idx.len() * self.n_features());
        for &i in idx {
            d.push(self.row(i), self.y[i], self.time[i], &self.group[i]);
        }
        d
    }
}
