//! `fanzha replay`: score a JSON-lines event file into an actions file.

use crate::cli::ReplayArgs;
use crate::replay::replay_file;
use crate::report::Summary;
use crate::sinks::file::FileSink;
use anyhow::{Context, Result};
use fanzha_load::{score, Labels};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn dead_letter_path(actions: &std::path::Path) -> PathBuf {
    let mut s = actions.as_os_str().to_owned();
    s.push(".dlq.jsonl");
    PathBuf::from(s)
}

pub fn run(a: ReplayArgs) -> Result<ExitCode> {
    let labels = match &a.labels {
        Some(p) => {
            Some(Labels::read_jsonl(p).with_context(|| format!("reading labels {}", p.display()))?)
        }
        None => None,
    };
    let mut pipeline = super::pipeline_for(&a.scoring)?;
    let dlq = a
        .dead_letters
        .clone()
        .unwrap_or_else(|| dead_letter_path(&a.actions));
    let mut sink = FileSink::create(&a.actions, &dlq)?;
    let outcome = replay_file(&mut pipeline, &a.events, &mut sink, labels.is_some())?;
    let detection = labels
        .as_ref()
        .map(|l| score(&outcome.kept_events, &outcome.actions, l));
    if a.json {
        let q = pipeline.latency.quantiles(crate::metrics::Stage::Score);
        let j = serde_json::json!({
            "events": outcome.events,
            "dead_letters": outcome.dead_letters,
            "elapsed_s": outcome.elapsed.as_secs_f64(),
            "events_per_s": outcome.events_per_sec(),
            "actions": {
                "stop_payment": pipeline.counters.actions_of("stop_payment"),
                "freeze_account": pipeline.counters.actions_of("freeze_account"),
                "early_warning": pipeline.counters.actions_of("early_warning"),
            },
            "score_latency_ns": q,
            "ruleset_version": pipeline.rules().version(),
            "detection": detection,
        });
        println!("{}", serde_json::to_string_pretty(&j)?);
    } else {
        let summary = Summary {
            title: &format!("fanzha replay {}", a.events.display()),
            outcome: &outcome,
            pipeline: &pipeline,
            detection: detection.as_ref(),
            samples: 3,
        };
        println!("{}", summary.text());
        println!("actions written to {}", a.actions.display());
        if outcome.dead_letters > 0 {
            println!(
                "{} malformed lines written to {}",
                outcome.dead_letters,
                dlq.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
