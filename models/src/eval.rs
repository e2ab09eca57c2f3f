//! Evaluation of an artifact on a labelled dataset.

use crate::metrics::{pr_auc, roc_auc};
use crate::{Artifact, Dataset};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Figures when flagging rows with `score >= threshold`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdFigures {
    pub name: String,
    pub threshold: f64,
    pub precision: f64,
    pub recall: f64,
    pub flagged: usize,
}

/// Rows whose score is in `[lo, hi)` (the last bin includes 1.0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationBin {
    pub lo: f64,
    pub hi: f64,
    pub count: usize,
    pub mean_score: f64,
    pub positive_rate: f64,
}

/// Recall of one group's positives at each threshold of `at_thresholds`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFigures {
    pub group: String,
    pub positives: usize,
    /// Same order as `EvalReport::at_thresholds`.
    pub recall: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub model: String,
    pub family: String,
    pub rows: usize,
    pub positives: usize,
    pub pr_auc: f64,
    pub roc_auc: f64,
    pub at_thresholds: Vec<ThresholdFigures>,
    pub calibration: Vec<CalibrationBin>,
    /// Per group of the positives (`"(none)"` for positives without a group).
    pub per_group: Vec<GroupFigures>,
}

const BINS: usize = 10;

/// Scores every row of `ds` and measures. `ds` must have the model's
/// features (bound by name, so column order may differ); panics otherwise.
pub fn evaluate(a: &Artifact, ds: &Dataset) -> EvalReport {
    let names: Vec<&str> = ds.feature_names.iter().map(String::as_str).collect();
    let binding = a
        .bind(&names)
        .unwrap_or_else(|e| panic!("evaluate: dataset does not fit the model: {e}"));
    let scores: Vec<f64> = (0..ds.len())
        .map(|i| a.score_bound(&binding, ds.row(i)))
        .collect();
    let positives = ds.positives();
    let t = &a.thresholds;
    let mut at_thresholds = Vec::new();
    for (name, threshold) in [
        ("high_precision", t.high_precision),
        ("balanced", t.balanced),
        ("p0.5", 0.5),
    ] {
        let (mut tp, mut flagged) = (0, 0);
        for (s, &y) in scores.iter().zip(&ds.y) {
            if *s >= threshold {
                flagged += 1;
                tp += y as usize;
            }
        }
        at_thresholds.push(ThresholdFigures {
            name: name.into(),
            threshold,
            precision: if flagged == 0 {
                f64::NAN
            } else {
                tp as f64 / flagged as f64
            },
            recall: if positives == 0 {
                f64::NAN
            } else {
                tp as f64 / positives as f64
            },
            flagged,
        });
    }

    let mut calibration: Vec<CalibrationBin> = (0..BINS)
        .map(|b| CalibrationBin {
            lo: b as f64 / BINS as f64,
            hi: (b + 1) as f64 / BINS as f64,
            count: 0,
            mean_score: 0.0,
            positive_rate: 0.0,
        })
        .collect();
    for (s, &y) in scores.iter().zip(&ds.y) {
        let b = ((s * BINS as f64) as usize).min(BINS - 1);
        let bin = &mut calibration[b];
        bin.count += 1;
        bin.mean_score += s;
        bin.positive_rate += y as u8 as f64;
    }
    for bin in &mut calibration {
        if bin.count > 0 {
            bin.mean_score /= bin.count as f64;
            bin.positive_rate /= bin.count as f64;
        }
    }

    let mut groups: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
    for (i, s) in scores.iter().enumerate() {
        if !ds.y[i] {
            continue;
        }
        let g = if ds.group[i].is_empty() {
            "(none)"
        } else {
            &ds.group[i]
        };
        let e = groups.entry(g).or_insert((0, vec![0; at_thresholds.len()]));
        e.0 += 1;
        for (k, t) in at_thresholds.iter().enumerate() {
            e.1[k] += (*s >= t.threshold) as usize;
        }
    }
    let per_group = groups
        .into_iter()
        .map(|(g, (n, hits))| GroupFigures {
            group: g.into(),
            positives: n,
            recall: hits.iter().map(|&h| h as f64 / n as f64).collect(),
        })
        .collect();

    EvalReport {
        model: format!("{} {}", a.id, a.version),
        family: a.model.family().into(),
        rows: ds.len(),
        positives,
        pr_auc: pr_auc(&scores, &ds.y),
        roc_auc: roc_auc(&scores, &ds.y),
        at_thresholds,
        calibration,
        per_group,
    }
}

impl EvalReport {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("report serializes")
    }

    /// A readable table.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "model {} ({}): {} rows, {} positives ({:.3} %)",
            self.model,
            self.family,
            self.rows,
            self.positives,
            100.0 * self.positives as f64 / self.rows.max(1) as f64
        );
        let _ = writeln!(s, "PR-AUC {:.4}   ROC-AUC {:.4}", self.pr_auc, self.roc_auc);
        let _ = writeln!(
            s,
            "\n{:<16} {:>10} {:>10} {:>8} {:>9}",
            "threshold", "value", "precision", "recall", "flagged"
        );
        for t in &self.at_thresholds {
            let _ = writeln!(
                s,
                "{:<16} {:>10.4} {:>10.4} {:>8.4} {:>9}",
                t.name, t.threshold, t.precision, t.recall, t.flagged
            );
        }
        let _ = writeln!(s, "\ncalibration       count  mean score  positive rate");
        for b in self.calibration.iter().filter(|b| b.count > 0) {
            let _ = writeln!(
                s,
                "[{:.1}, {:.1})  {:>10} {:>11.4} {:>14.4}",
                b.lo, b.hi, b.count, b.mean_score, b.positive_rate
            );
        }
        if !self.per_group.is_empty() {
            let _ = write!(s, "\n{:<20} {:>9}", "group", "positives");
            for t in &self.at_thresholds {
                let _ = write!(s, " {:>15}", format!("recall@{}", t.name));
            }
            let _ = writeln!(s);
            for g in &self.per_group {
                let _ = write!(s, "{:<20} {:>9}", g.group, g.positives);
                for r in &g.recall {
                    let _ = write!(s, " {:>15.4}", r);
                }
                let _ = writeln!(s);
            }
        }
        s
    }
}
