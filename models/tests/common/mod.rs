//! Synthetic fraud-like data shared by the tests and the bench.
#![allow(dead_code)]

use fanzha_models::{Dataset, Family, TrainConfig};

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly standard normal (Irwin-Hall).
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }
}

/// `n` rows, `nf` features on very different scales, ~2 % positives driven by
/// a linear part and an interaction (so trees and the logistic model both
/// learn something). Positives get a group ("scam_call" or "mule").
pub fn synthetic(n: usize, nf: usize, seed: u64) -> Dataset {
    assert!(nf >= 6, "synthetic data needs at least 6 features");
    let mut rng = Rng(seed);
    let names = (0..nf).map(|j| format!("f{j:02}")).collect();
    let mut d = Dataset::new(names);
    let mut row = vec![0.0; nf];
    for i in 0..n {
        for (j, v) in row.iter_mut().enumerate() {
            *v = rng.normal() * 10f64.powi((j % 4) as i32) + j as f64;
        }
        let z = 1.5 * (row[0]) + 0.015 * (row[1] - 1.0) - 0.8 * (row[4] - 4.0)
            + if row[2] > 2.0 + 150.0 && row[5] > 5.0 + 5.0 {
                3.0
            } else {
                0.0
            }
            - 5.2;
        let p = 1.0 / (1.0 + (-z).exp());
        let y = rng.uniform() < p;
        let group = match (y, row[0] > 1.0) {
            (false, _) => "",
            (true, true) => "scam_call",
            (true, false) => "mule",
        };
        d.push(&row, y, i as i64, group);
    }
    d
}

pub fn config(families: &[Family]) -> TrainConfig {
    TrainConfig {
        seed: 7,
        model_id: "test-model".into(),
        version: "1".into(),
        families: families.to_vec(),
        forest_trees: 10,
        ..TrainConfig::default()
    }
}
