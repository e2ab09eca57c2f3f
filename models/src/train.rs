//! Training: time-ordered split, three candidate families, pick by
//! validation PR-AUC, thresholds from the validation part.

use crate::artifact::{
    leaf_index, Artifact, CandidateFigures, ModelKind, Node, Scaling, Thresholds, TrainingFigures,
    FORMAT,
};
use crate::eval::{evaluate, EvalReport};
use crate::metrics::{curve, pr_auc, roc_auc, threshold_for_precision, threshold_max_f1};
use crate::{Dataset, ModelError};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use linfa_trees::{DecisionTree, SplitQuality, TreeNode};
use ndarray::{Array1, Array2};
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

/// Small, stable PRNG (SplitMix64), so artifacts do not depend on rand's versions.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
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

const SMOOTHING: f64 = 2.0;

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

/// Matrix of the rows `idx`, columns `cols`, transformed by `f(col, value)`.
fn matrix(
    d: &Dataset,
    idx: &[usize],
    cols: &[usize],
    f: impl Fn(usize, f64) -> f64,
) -> Array2<f64> {
    let mut v = Vec::with_capacity(idx.len() * cols.len());
    for &i in idx {
        let row = d.row(i);
        v.extend(cols.iter().map(|&j| f(j, row[j])));
    }
    Array2::from_shape_vec((idx.len(), cols.len()), v).expect("shape")
}

fn fit_logistic(d: &Dataset, s: &Scaling, cfg: &TrainConfig) -> Result<ModelKind, ModelError> {
    let nf = d.n_features();
    let (positives, negatives) = split_classes(d);
    let mut rng = SplitMix(cfg.seed ^ 0x1061);
    let sampled = class_sample(
        &mut rng,
        &positives,
        &negatives,
        cfg.logistic_negatives_per_positive,
        false,
    );
    let neg = sampled.len() - positives.len();
    // Fraction of the negatives kept: the log-odds seen in training are off by -ln(kept).
    let kept = neg as f64 / negatives.len() as f64;
    let k = ((neg as f64 / positives.len() as f64).round() as usize).clamp(1, 1000);
    let mut idx = Vec::with_capacity(neg + k * positives.len());
    for i in sampled {
        let copies = if d.y[i] { k } else { 1 };
        idx.extend(std::iter::repeat_n(i, copies));
    }
    let cols: Vec<usize> = (0..nf).collect();
    let x = matrix(d, &idx, &cols, |j, v| s.standard(j, v));
    let y: Array1<bool> = idx.iter().map(|&i| d.y[i]).collect();
    let err = |e: &dyn std::fmt::Display| ModelError::Train {
        family: "logistic",
        msg: e.to_string(),
    };
    // The loss is a sum over rows: ask for a mean gradient below 1e-5.
    let tolerance = 1e-5 * idx.len() as f64;
    let fitted = LogisticRegression::default()
        .alpha(1.0)
        .max_iterations(200)
        .gradient_tolerance(tolerance)
        .fit(&linfa::Dataset::new(x, y))
        .map_err(|e| err(&e))?;
    // linfa's "positive" class is the more frequent one: orient to P(y = true).
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let weights: Vec<f64> = fitted.params().iter().map(|w| sign * w).collect();
    let intercept = sign * fitted.intercept() - (k as f64).ln() + kept.ln();
    if !intercept.is_finite() || weights.iter().any(|w| !w.is_finite()) {
        return Err(err(&"diverged (non-finite weights)"));
    }
    Ok(ModelKind::Logistic { weights, intercept })
}

/// Fits one linfa tree on rows `idx` and columns `cols` (raw values, missing
/// imputed), positives weighted by `pos_weight` (`None`: balance the classes).
pub(crate) fn fit_linfa_tree(
    d: &Dataset,
    s: &Scaling,
    idx: &[usize],
    cols: &[usize],
    max_depth: usize,
    pos_weight: Option<f32>,
) -> Result<(DecisionTree<f64, bool>, Array2<f64>), ModelError> {
    let x = matrix(d, idx, cols, |j, v| s.raw(j, v));
    let y: Array1<bool> = idx.iter().map(|&i| d.y[i]).collect();
    let pos = y.iter().filter(|&&b| b).count().max(1);
    let neg = (y.len() - pos).max(1);
    // linfa picks a leaf's class by iterating a std HashMap, so an exact tie of
    // class weights (e.g. 1 positive x 5 = 5 negatives) would make the class,
    // hence pruning, vary from run to run: the odd factor makes ties unlikely.
    let w_pos = pos_weight.unwrap_or(neg as f32 / pos as f32) * 1.000_173_1;
    let weights: Array1<f32> = y.iter().map(|&b| if b { w_pos } else { 1.0 }).collect();
    let total = neg as f32 + w_pos * pos as f32;
    let data = linfa::Dataset::new(x.clone(), y).with_weights(weights);
    let tree = DecisionTree::params()
        .split_quality(SplitQuality::Gini)
        .max_depth(Some(max_depth))
        .min_weight_split(10.0)
        .min_weight_leaf((total * 0.001).max(1.0))
        .min_impurity_decrease(1e-7)
        .fit(&data)
        .map_err(|e| ModelError::Train {
            family: "tree",
            msg: e.to_string(),
        })?;
    Ok((tree, x))
}

/// All positives (bootstrapped when `bootstrap`) and `per_positive`
/// negatives per positive sampled without replacement (0 = all negatives).
fn class_sample(
    rng: &mut SplitMix,
    positives: &[usize],
    negatives: &[usize],
    per_positive: usize,
    bootstrap: bool,
) -> Vec<usize> {
    let mut idx: Vec<usize> = if bootstrap {
        (0..positives.len())
            .map(|_| positives[rng.below(positives.len())])
            .collect()
    } else {
        positives.to_vec()
    };
    let n_neg = if per_positive == 0 {
        negatives.len()
    } else {
        (per_positive * positives.len()).max(1000)
    };
    idx.extend(sample(rng, negatives, n_neg));
    idx.sort_unstable();
    idx
}

fn split_classes(d: &Dataset) -> (Vec<usize>, Vec<usize>) {
    (0..d.len()).partition(|&i| d.y[i])
}

/// Pre-order flattening of a linfa tree; `cols[k]` is the dataset feature of
/// the tree's column `k`. Returns the index of `node`.
pub(crate) fn flatten(node: &TreeNode<f64, bool>, cols: &[usize], out: &mut Vec<Node>) -> u32 {
    let at = out.len();
    if node.is_leaf() {
        out.push(Node::leaf(0.0, node.prediction().unwrap_or(false)));
        return at as u32;
    }
    let (feature, threshold, _) = node.split();
    let kids = node.children();
    let (Some(l), Some(r)) = (kids[0], kids[1]) else {
        out.push(Node::leaf(0.0, false));
        return at as u32;
    };
    out.push(Node {
        feature: cols[feature] as u32,
        threshold,
        left: 0,
        right: 0,
        value: 0.0,
        class: false,
    });
    let left = flatten(l, cols, out);
    let right = flatten(r, cols, out);
    out[at].left = left;
    out[at].right = right;
    at as u32
}

/// Sets each leaf value of the trees at `roots` to the smoothed positive
/// fraction of the rows of `d` reaching it.
fn fill_leaves(nodes: &mut [Node], roots: &[u32], d: &Dataset, s: &Scaling) {
    let prior = d.positives() as f64 / d.len() as f64;
    let mut pos = vec![0usize; nodes.len()];
    let mut cnt = vec![0usize; nodes.len()];
    for i in 0..d.len() {
        let row = d.row(i);
        for &r in roots {
            let leaf = leaf_index(nodes, r as usize, s, &|j| row[j]);
            cnt[leaf] += 1;
            pos[leaf] += d.y[i] as usize;
        }
    }
    for (k, n) in nodes.iter_mut().enumerate() {
        if n.is_leaf() {
            n.value = (pos[k] as f64 + SMOOTHING * prior) / (cnt[k] as f64 + SMOOTHING);
        }
    }
}

fn fit_tree(d: &Dataset, s: &Scaling, cfg: &TrainConfig) -> Result<ModelKind, ModelError> {
    let (positives, negatives) = split_classes(d);
    let mut rng = SplitMix(cfg.seed ^ 0x7AEE);
    let idx = class_sample(
        &mut rng,
        &positives,
        &negatives,
        cfg.tree_negatives_per_positive,
        false,
    );
    let cols: Vec<usize> = (0..d.n_features()).collect();
    let (tree, _) = fit_linfa_tree(
        d,
        s,
        &idx,
        &cols,
        cfg.tree_max_depth,
        cfg.tree_positive_weight,
    )?;
    let mut nodes = Vec::new();
    flatten(tree.root_node(), &cols, &mut nodes);
    fill_leaves(&mut nodes, &[0], d, s);
    Ok(ModelKind::Tree { nodes })
}

fn fit_forest(d: &Dataset, s: &Scaling, cfg: &TrainConfig) -> Result<ModelKind, ModelError> {
    let nf = d.n_features();
    let (positives, negatives) = split_classes(d);
    let n_cols = nf.div_ceil(2).max(1);
    let all_cols: Vec<usize> = (0..nf).collect();
    let mut rng = SplitMix(cfg.seed ^ 0xF0_2E57);
    let mut nodes = Vec::new();
    let mut roots = Vec::new();
    for _ in 0..cfg.forest_trees.max(1) {
        let idx = class_sample(
            &mut rng,
            &positives,
            &negatives,
            cfg.forest_negatives_per_positive,
            true,
        );
        let mut cols = sample(&mut rng, &all_cols, n_cols);
        cols.sort_unstable();
        let (tree, _) = fit_linfa_tree(
            d,
            s,
            &idx,
            &cols,
            cfg.forest_max_depth,
            cfg.tree_positive_weight,
        )?;
        let mut part = Vec::new();
        flatten(tree.root_node(), &cols, &mut part);
        let base = nodes.len() as u32;
        for mut n in part {
            if !n.is_leaf() {
                n.left += base;
                n.right += base;
            }
            nodes.push(n);
        }
        roots.push(base);
    }
    fill_leaves(&mut nodes, &roots, d, s);
    Ok(ModelKind::Forest { roots, nodes })
}

/// `k` distinct elements of `from` (partial Fisher-Yates), in sampled order.
fn sample(rng: &mut SplitMix, from: &[usize], k: usize) -> Vec<usize> {
    let mut v = from.to_vec();
    let k = k.min(v.len());
    for i in 0..k {
        let j = i + rng.below(v.len() - i);
        v.swap(i, j);
    }
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy(n: usize, seed: u64) -> Dataset {
        let mut rng = SplitMix(seed);
        let mut d = Dataset::new((0..5).map(|j| format!("f{j}")).collect());
        for i in 0..n {
            let row: Vec<f64> = (0..5).map(|_| (rng.below(10_000) as f64) / 100.0).collect();
            let y = row[0] + 0.5 * row[3] > 60.0 || rng.below(50) == 0;
            d.push(&row, y, i as i64, "");
        }
        d
    }

    #[test]
    fn flat_walk_agrees_with_linfa_predict() {
        let d = noisy(3000, 7);
        let s = Scaling::fit(&d.x, 5);
        // A column subset checks the column remapping too.
        let cols = vec![0, 2, 3];
        let idx: Vec<usize> = (0..2000).collect();
        let (tree, _) = fit_linfa_tree(&d, &s, &idx, &cols, 10, None).unwrap();
        let mut nodes = Vec::new();
        flatten(tree.root_node(), &cols, &mut nodes);
        assert!(nodes.len() > 3, "a real tree: {} nodes", nodes.len());
        let test: Vec<usize> = (2000..3000).collect();
        let x = matrix(&d, &test, &cols, |j, v| s.raw(j, v));
        let predicted = tree.predict(&x);
        for (k, &i) in test.iter().enumerate() {
            let row = d.row(i);
            let leaf = leaf_index(&nodes, 0, &s, &|j| row[j]);
            assert_eq!(nodes[leaf].class, predicted[k], "row {i}");
        }
    }

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
