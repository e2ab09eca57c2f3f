//! `fanzha gen`: write a labelled scenario.

use crate::cli::GenArgs;
use anyhow::{Context, Result};
use fanzha_load::{generate, write_scenario, GenConfig};
use std::process::ExitCode;

pub fn run(a: GenArgs) -> Result<ExitCode> {
    let cfg = GenConfig {
        persons: a.world.persons,
        days: a.world.days,
        seed: a.world.seed,
        disorder_ms: a.disorder_ms,
        ..GenConfig::default()
    };
    let s = generate(&cfg);
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    write_scenario(&s, &a.out).with_context(|| format!("writing into {}", a.out.display()))?;
    println!(
        "wrote {} events to {} and labels ({} victims, {} scam transfers, {} mule accounts) to {}",
        s.events.len(),
        a.out.join("events.jsonl").display(),
        s.labels.victims.len(),
        s.labels.scam_txns.len(),
        s.labels.mules.len(),
        a.out.join("labels.jsonl").display()
    );
    Ok(ExitCode::SUCCESS)
}
