//! `fanzha demo`: a generated city, scored end to end in memory, reported for a desk officer.

use crate::cli::DemoArgs;
use crate::replay::{replay_events, NullSink};
use crate::report::Summary;
use anyhow::Result;
use fanzha_load::{generate, score, GenConfig};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(a: DemoArgs) -> Result<ExitCode> {
    let cfg = GenConfig {
        persons: a.world.persons,
        days: a.world.days,
        seed: a.world.seed,
        ..GenConfig::default()
    };
    let t = Instant::now();
    let scenario = generate(&cfg);
    eprintln!(
        "generated {} people over {} days (seed {}): {} events in {:.1} s",
        cfg.persons,
        cfg.days,
        cfg.seed,
        scenario.events.len(),
        t.elapsed().as_secs_f64()
    );
    let mut pipeline = super::pipeline_for(&a.scoring)?;
    let outcome = replay_events(&mut pipeline, &scenario.events, &mut NullSink)?;
    let detection = score(&scenario.events, &outcome.actions, &scenario.labels);
    let summary = Summary {
        title: "fanzha demo — a generated city, scored end to end (no broker)",
        outcome: &outcome,
        pipeline: &pipeline,
        detection: Some(&detection),
        samples: 3,
    };
    println!("{}", summary.text());
    Ok(ExitCode::SUCCESS)
}
