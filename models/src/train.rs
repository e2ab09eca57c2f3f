//! Training: time-ordered split, three candidate families, pick by
//! validation PR-AUC, thresholds from the validation part.

use crate::artifact::{
    Artifact, CandidateFigures, ModelKind, Scaling, Thresholds, TrainingFigures, FORMAT,
};
use crate::eval::{evaluate, EvalReport};
use crate::fit::{fit_forest, fit_logistic, fit_tree};
use crate::metrics::{curve, pr_auc, roc_auc, threshold_for_precision, threshold_max_f1};
use crate::{Dataset, ModelError};
use serde::Serialize;
use std::time::Instant;

/// A candidate model family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// linfa-logistic `LogisticRegression` on standardized features.
    Logistic,
    /// One linfa-trees `DecisionTree`.
    Tree,
    /// Balanced bagging of linfa-trees `DecisionTree`s (random feature subsets).
    Forest,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Logistic => "logistic",
            Family::Tree => "tree",
            Family::Forest => "forest",
        }
    }
}

/// Training settings. Use `..TrainConfig::default()` for the ones you do not set.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub seed: u64,
    /// The last fraction of the rows by time is the validation part (default 0.3).
    pub validation_fraction: f64,
    pub model_id: String,
    pub version: String,
    /// Candidates to train (default: all three).
    pub families: Vec<Family>,
    /// Refit the chosen family on all rows after the pick (default false:
    /// the thresholds were measured on the model trained on the earlier part,
    /// and a refitted tree would not keep them).
    pub refit_on_all: bool,
    /// Precision the `high_precision` threshold aims at (default 0.95).
    pub target_precision: f64,
    /// Where the data came from, recorded in the artifact.
    pub created_from: String,
    /// Logistic regression is fitted on all training positives and this many
    /// negatives per positive, sampled (0 = all negatives).
    pub logistic_negatives_per_positive: usize,
    pub tree_max_depth: usize,
    /// The single tree is fitted on all training positives and this many
    /// negatives per positive, sampled (0 = all negatives).
    pub tree_negatives_per_positive: usize,
    /// Weight of a positive relative to a negative when fitting trees
    /// (`None` = balance the classes of the fitted sample).
    pub tree_positive_weight: Option<f32>,
    pub forest_trees: usize,
    pub forest_max_depth: usize,
    /// Negatives per positive in each forest tree's sample.
    pub forest_negatives_per_positive: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 42,
            validation_fraction: 0.3,
            model_id: "fanzha-model".into(),
            version: "0".into(),
            families: vec![Family::Logistic, Family::Tree, Family::Forest],
            refit_on_all: false,
            target_precision: 0.95,
            created_from: String::new(),
            logistic_negatives_per_positive: 50,
            tree_max_depth: 8,
            tree_negatives_per_positive: 50,
            tree_positive_weight: Some(5.0),
            forest_trees: 15,
            forest_max_depth: 6,
            forest_negatives_per_positive: 20,
        }
    }
}

/// Validation figures and cost of one candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateReport {
    pub family: Family,
    pub pr_auc: f64,
    pub roc_auc: f64,
    pub train_ms: u128,
    /// Nodes for tree families, weights for the logistic one.
    pub size: usize,
}

/// What `train` did.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub chosen: Family,
    pub candidates: Vec<CandidateReport>,
    pub training: TrainingFigures,
    /// The chosen model (as trained on the earlier part) on the validation part.
    pub validation: EvalReport,
}

/// Rows of the dataset split by time: (earlier part, later part).
pub(crate) fn time_split(ds: &Dataset, validation_fraction: f64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..ds.len()).collect();
    order.sort_by_key(|&i| ds.time[i]); // stable: equal times keep row order
    let n_val = ((ds.len() as f64) * validation_fraction).ceil() as usize;
    let n_val = n_val.min(ds.len());
    let val = order.split_off(ds.len() - n_val);
    (order, val)
}

/// Trains the candidates, picks one by validation PR-AUC and packs an artifact.
pub fn train(ds: &Dataset, cfg: &TrainConfig) -> Result<(Artifact, TrainReport), ModelError> {
    ds.check()?;
    if !(cfg.validation_fraction > 0.0 && cfg.validation_fraction < 1.0) {
        return Err(ModelError::Data(
            "validation_fraction must be in (0, 1)".into(),
        ));
    }
    if cfg.families.is_empty() {
        return Err(ModelError::Data("no family to train".into()));
    }
    let nf = ds.n_features();
    let (tr_idx, va_idx) = time_split(ds, cfg.validation_fraction);
    let tr = ds.select(&tr_idx);
    let va = ds.select(&va_idx);
    for (part, d) in [("training", &tr), ("validation", &va)] {
        let p = d.positives();
        if p == 0 || p == d.len() {
            return Err(ModelError::Data(format!(
                "the {part} part ({} rows) has {p} positives: both classes are needed",
                d.len()
            )));
        }
    }
    let scaling = Scaling::fit(&tr.x, nf);

    let mut candidates = Vec::new();
    let mut best: Option<(usize, ModelKind, Vec<f64>)> = None;
    for &family in &cfg.families {
        let t0 = Instant::now();
        let model = fit_family(family, &tr, &scaling, cfg)?;
        let train_ms = t0.elapsed().as_millis();
        let probe = bare_artifact(ds, scaling.clone(), model.clone());
        let scores = probe.score_all(&va.x);
        let (pr, roc) = (pr_auc(&scores, &va.y), roc_auc(&scores, &va.y));
        candidates.push(CandidateReport {
            family,
            pr_auc: pr,
            roc_auc: roc,
            train_ms,
            size: model_size(&model),
        });
        let better = match &best {
            None => true,
            Some((i, _, _)) => pr > candidates[*i].pr_auc, // ties keep the simpler, earlier one
        };
        if better {
            best = Some((candidates.len() - 1, model, scores));
        }
    }
    let (best_i, model, val_scores) = best.expect("at least one family");
    let chosen = candidates[best_i].family;

    let points = curve(&val_scores, &va.y);
    let (hp, hp_prec) = threshold_for_precision(&points, cfg.target_precision);
    let (bal, bal_f1) = threshold_max_f1(&points, va.positives());
    let thresholds = Thresholds {
        high_precision: hp,
        target_precision: cfg.target_precision,
        high_precision_achieved: hp_prec,
        balanced: bal,
        balanced_f1: bal_f1,
    };
    let training = TrainingFigures {
        rows: ds.len(),
        positives: ds.positives(),
        train_rows: tr.len(),
        validation_rows: va.len(),
        validation_positives: va.positives(),
        split_time: va.time.first().copied().unwrap_or_default(),
        candidates: candidates
            .iter()
            .map(|c| CandidateFigures {
                family: c.family.name().into(),
                pr_auc: c.pr_auc,
                roc_auc: c.roc_auc,
            })
            .collect(),
        chosen: chosen.name().into(),
        refit_on_all: cfg.refit_on_all,
        seed: cfg.seed,
        created_from: cfg.created_from.clone(),
        imbalance: IMBALANCE.into(),
    };
    let mut artifact = Artifact {
        format: FORMAT.into(),
        id: cfg.model_id.clone(),
        version: cfg.version.clone(),
        feature_names: ds.feature_names.clone(),
        scaling: scaling.clone(),
        model,
        thresholds,
        training: training.clone(),
    };
    let validation = evaluate(&artifact, &va);
    if cfg.refit_on_all {
        let all_scaling = Scaling::fit(&ds.x, nf);
        artifact.model = fit_family(chosen, ds, &all_scaling, cfg)?;
        artifact.scaling = all_scaling;
    }
    let report = TrainReport {
        chosen,
        candidates,
        training,
        validation,
    };
    Ok((artifact, report))
}

const IMBALANCE: &str = "training part only. logistic: all positives + 50 sampled negatives per \
positive, positives replicated to balance (class weight k), intercept corrected by -ln k + ln(kept \
fraction of negatives) so scores stay probabilities; tree: all positives + 50 sampled negatives \
per positive, linfa sample weight 5 on positives; forest: per tree bootstrapped positives + 20 \
sampled negatives per positive, weight 5 on positives, half the features; tree leaf values = \
smoothed positive fraction of all (unweighted) training rows reaching the leaf";

fn bare_artifact(ds: &Dataset, scaling: Scaling, model: ModelKind) -> Artifact {
    Artifact {
        format: FORMAT.into(),
        id: String::new(),
        version: String::new(),
        feature_names: ds.feature_names.clone(),
        scaling,
        model,
        thresholds: Thresholds {
            high_precision: 1.0,
            target_precision: 1.0,
            high_precision_achieved: f64::NAN,
            balanced: 0.5,
            balanced_f1: f64::NAN,
        },
        training: TrainingFigures {
            rows: 0,
            positives: 0,
            train_rows: 0,
            validation_rows: 0,
            validation_positives: 0,
            split_time: 0,
            candidates: vec![],
            chosen: String::new(),
            refit_on_all: false,
            seed: 0,
            created_from: String::new(),
            imbalance: String::new(),
        },
    }
}

fn model_size(m: &ModelKind) -> usize {
    match m {
        ModelKind::Logistic { weights, .. } => weights.len() + 1,
        ModelKind::Tree { nodes } | ModelKind::Forest { nodes, .. } => nodes.len(),
    }
}

fn fit_family(
    family: Family,
    d: &Dataset,
    s: &Scaling,
    cfg: &TrainConfig,
) -> Result<ModelKind, ModelError> {
    match family {
        Family::Logistic => fit_logistic(d, s, cfg),
        Family::Tree => fit_tree(d, s, cfg),
        Family::Forest => fit_forest(d, s, cfg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_split_takes_the_latest_rows() {
        let mut d = Dataset::new(vec!["a".into()]);
        for t in [5, 1, 9, 3, 7, 2, 8, 0, 6, 4] {
            d.push(&[t as f64], false, t, "");
        }
        let (tr, va) = time_split(&d, 0.3);
        let times = |ix: &[usize]| ix.iter().map(|&i| d.time[i]).collect::<Vec<_>>();
        assert_eq!(times(&va), vec![7, 8, 9]);
        assert_eq!(times(&tr), vec![0, 1, 2, 3, 4, 5, 6]);
    }
}
