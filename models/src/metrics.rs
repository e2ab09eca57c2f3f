//! Ranking metrics. Ties in score are handled as a block (all rows with the
//! same score are flagged together), as scikit-learn does.

/// One point of the precision/recall curve: flag every row with `score >= threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CurvePoint {
    pub threshold: f64,
    pub tp: usize,
    pub fp: usize,
}

impl CurvePoint {
    pub fn precision(&self) -> f64 {
        let flagged = self.tp + self.fp;
        if flagged == 0 {
            1.0
        } else {
            self.tp as f64 / flagged as f64
        }
    }
}

/// Curve points at each distinct score, from the highest score down.
pub(crate) fn curve(scores: &[f64], y: &[bool]) -> Vec<CurvePoint> {
    assert_eq!(scores.len(), y.len(), "scores and labels differ in length");
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0usize, 0usize);
    for (k, &i) in order.iter().enumerate() {
        if y[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_block = k + 1 == order.len() || scores[order[k + 1]] != scores[i];
        if last_of_block {
            out.push(CurvePoint {
                threshold: scores[i],
                tp,
                fp,
            });
        }
    }
    out
}

/// Area under the precision-recall curve, computed as average precision:
/// `sum over thresholds of (R_k - R_{k-1}) * P_k` (step-wise, no interpolation;
/// the same definition as scikit-learn's `average_precision_score`).
/// NaN when there are no positives.
pub fn pr_auc(scores: &[f64], y: &[bool]) -> f64 {
    let positives = y.iter().filter(|&&b| b).count();
    if positives == 0 {
        return f64::NAN;
    }
    let mut ap = 0.0;
    let mut prev_tp = 0usize;
    for p in curve(scores, y) {
        if p.tp > prev_tp {
            ap += (p.tp - prev_tp) as f64 / positives as f64 * p.precision();
            prev_tp = p.tp;
        }
    }
    ap
}

/// Area under the ROC curve: the probability that a random positive scores
/// above a random negative, ties counting one half (equals the trapezoidal
/// area). NaN when either class is absent.
pub fn roc_auc(scores: &[f64], y: &[bool]) -> f64 {
    let positives = y.iter().filter(|&&b| b).count();
    let negatives = y.len() - positives;
    if positives == 0 || negatives == 0 {
        return f64::NAN;
    }
    // Walk from the lowest score up; for each block of equal scores, each
    // positive beats all negatives seen below and ties with those in the block.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut wins = 0.0f64;
    let mut neg_below = 0usize;
    let mut k = 0;
    while k < order.len() {
        let s = scores[order[k]];
        let (mut pos_blk, mut neg_blk) = (0usize, 0usize);
        while k < order.len() && scores[order[k]] == s {
            if y[order[k]] {
                pos_blk += 1;
            } else {
                neg_blk += 1;
            }
            k += 1;
        }
        wins += pos_blk as f64 * (neg_below as f64 + 0.5 * neg_blk as f64);
        neg_below += neg_blk;
    }
    wins / (positives as f64 * negatives as f64)
}

/// Lowest threshold whose precision reaches `target` (so the most recall at
/// that precision). When no threshold reaches it, the threshold with the
/// highest precision (most recall among equals). Returns (threshold, precision).
pub(crate) fn threshold_for_precision(points: &[CurvePoint], target: f64) -> (f64, f64) {
    if let Some(p) = points
        .iter()
        .rev()
        .find(|p| p.tp > 0 && p.precision() >= target)
    {
        return (p.threshold, p.precision());
    }
    let mut best: Option<&CurvePoint> = None;
    for p in points.iter().filter(|p| p.tp > 0) {
        match best {
            Some(b) if p.precision() < b.precision() => {}
            Some(b) if p.precision() == b.precision() && p.tp <= b.tp => {}
            _ => best = Some(p),
        }
    }
    best.map_or((1.0, f64::NAN), |p| (p.threshold, p.precision()))
}

/// Threshold with the highest F1. Returns (threshold, f1).
pub(crate) fn threshold_max_f1(points: &[CurvePoint], positives: usize) -> (f64, f64) {
    let mut best = (1.0, 0.0);
    for p in points {
        if p.tp == 0 {
            continue;
        }
        let precision = p.precision();
        let recall = p.tp as f64 / positives as f64;
        let f1 = 2.0 * precision * recall / (precision + recall);
        if f1 > best.1 {
            best = (p.threshold, f1);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_groups_ties() {
        let c = curve(&[0.5, 0.9, 0.5, 0.1], &[true, false, false, true]);
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].threshold, c[0].tp, c[0].fp), (0.9, 0, 1));
        assert_eq!((c[1].threshold, c[1].tp, c[1].fp), (0.5, 1, 2));
        assert_eq!((c[2].threshold, c[2].tp, c[2].fp), (0.1, 2, 2));
    }

    #[test]
    fn thresholds() {
        // scores 0.9 (+), 0.8 (+), 0.7 (-), 0.6 (+), 0.2 (-)
        let s = [0.9, 0.8, 0.7, 0.6, 0.2];
        let y = [true, true, false, true, false];
        let c = curve(&s, &y);
        assert_eq!(threshold_for_precision(&c, 0.95), (0.8, 1.0));
        // precision 0.75 at 0.6 is the lowest threshold reaching 0.7
        assert_eq!(threshold_for_precision(&c, 0.7), (0.6, 0.75));
        // F1: at 0.8 -> P=1, R=2/3 -> 0.8; at 0.6 -> P=.75, R=1 -> 0.857
        let (t, f1) = threshold_max_f1(&c, 3);
        assert_eq!(t, 0.6);
        assert!((f1 - 6.0 / 7.0).abs() < 1e-12);
    }
}
