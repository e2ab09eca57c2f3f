//! `Artifact::score` on a 40-feature artifact of each family.
//! `cargo bench -p fanzha-models --bench score`

#[path = "../tests/common/mod.rs"]
mod common;

use common::{config, synthetic};
use criterion::{criterion_group, criterion_main, Criterion};
use fanzha_models::{train, Family};
use std::hint::black_box;

fn bench_score(c: &mut Criterion) {
    let d = synthetic(20_000, 40, 5);
    let rows: Vec<&[f64]> = (0..1024).map(|i| d.row(i)).collect();
    let mut group = c.benchmark_group("score");
    for fam in [Family::Logistic, Family::Tree, Family::Forest] {
        // Default forest size (15 trees of depth <= 6).
        let cfg = fanzha_models::TrainConfig {
            forest_trees: fanzha_models::TrainConfig::default().forest_trees,
            ..config(&[fam])
        };
        let (a, _) = train(&d, &cfg).unwrap();
        let mut i = 0usize;
        group.bench_function(fam.name(), |b| {
            b.iter(|| {
                i = (i + 1) & 1023;
                black_box(a.score(black_box(rows[i])))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_score);
criterion_main!(benches);
