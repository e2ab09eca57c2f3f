//! Fitting the candidate families on a dataset: linfa-logistic's logistic regression,
//! linfa-trees' decision tree and a small bagged forest of them, flattened into the
//! artifact's node arrays with smoothed leaf values.

use crate::artifact::{leaf_index, ModelKind, Node, Scaling};
use crate::train::TrainConfig;
use crate::{Dataset, ModelError};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use linfa_trees::{DecisionTree, SplitQuality, TreeNode};
use ndarray::{Array1, Array2};

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

const SMOOTHING: f64 = 2.0;

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

pub(crate) fn fit_logistic(
    d: &Dataset,
    s: &Scaling,
    cfg: &TrainConfig,
) -> Result<ModelKind, ModelError> {
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

pub(crate) fn fit_tree(
    d: &Dataset,
    s: &Scaling,
    cfg: &TrainConfig,
) -> Result<ModelKind, ModelError> {
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

pub(crate) fn fit_forest(
    d: &Dataset,
    s: &Scaling,
    cfg: &TrainConfig,
) -> Result<ModelKind, ModelError> {
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
}
