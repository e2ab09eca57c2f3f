//! The load driver: a generated city into the broker at a fixed open-loop rate, the processor's
//! actions read back, end-to-end latency and throughput, a rate sweep to the knee, and baselines
//! (a bare rdkafka consumer, a Python quixstreams peer) on the same topic in the same run.
//!
//! ```sh
//! cargo build --release -p fanzha -p fanzha-load
//! deploy/broker.sh start
//! cargo run -p fanzha-load --release --bin load -- --rate 5000 --duration-s 10 --json /tmp/load.json --svg /tmp/load.svg
//! cargo run -p fanzha-load --release --bin load -- --sweep 2000,4000,8000,12000,16000 --step-s 6 --baseline all
//! ```
//!
//! Everything goes to 127.0.0.1 (the broker address must be a loopback one); every run uses
//! topics and groups of its own, starts `fanzha run` itself with `FANZHA_*` overrides and stops it
//! at the end; each wait is bounded.

#[path = "../driver/mod.rs"]
mod driver;

use clap::Parser;
use driver::args::{check_loopback, Args};
use driver::{kafka, latency, log, now_ns, report, throughput, workload};
use fanzha_load::{generate, GenConfig};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("bare-consume") {
        return bare_consume(&argv[2..]);
    }
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `load bare-consume BROKERS GROUP EXPECT TIMEOUT_S TOPIC...` (started by the driver).
fn bare_consume(a: &[String]) -> ExitCode {
    if a.len() < 5 {
        eprintln!("usage: load bare-consume BROKERS GROUP EXPECT TIMEOUT_S TOPIC...");
        return ExitCode::from(2);
    }
    let expect = a[2].parse().unwrap_or(0);
    let timeout = Duration::from_secs(a[3].parse().unwrap_or(60));
    kafka::bare_consume(&a[0], &a[4..], &a[1], expect, timeout);
    ExitCode::SUCCESS
}

fn run(a: Args) -> Result<(), String> {
    check_loopback(&a.brokers)?;
    let tag = kafka::unique_tag();
    let out = a
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("/tmp/fzload-{tag}")));
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    now_ns();

    let rates: Vec<f64> = match &a.sweep {
        Some(s) => s
            .split(',')
            .map(|x| {
                x.trim()
                    .parse::<f64>()
                    .map_err(|e| format!("--sweep {x}: {e}"))
            })
            .collect::<Result<_, _>>()?,
        None => vec![a.rate],
    };
    let step_s = if a.sweep.is_some() {
        a.step_s
    } else {
        a.duration_s
    };
    let mut needed: usize = rates.iter().map(|r| (r * step_s) as usize).sum::<usize>()
        + (rates[0] * a.warmup_s) as usize;
    if a.sweep.is_some() {
        // the half-knee latency step
        needed += (rates.iter().cloned().fold(0.0, f64::max) / 2.0 * step_s * 1.5) as usize;
    }
    let needed = if a.baseline == "none" {
        needed
    } else {
        needed.max(a.drain_events)
    } + 1;

    let t = Instant::now();
    let scenario = generate(&GenConfig {
        persons: a.persons,
        days: a.days,
        seed: a.seed,
        ..GenConfig::default()
    });
    let msgs = workload::build(&scenario.events, needed, a.probe_every, &tag);
    drop(scenario);
    log(format!(
        "generated {} records ({} probes) in {:.1} s",
        msgs.len(),
        msgs.iter().filter(|m| m.probe).count(),
        t.elapsed().as_secs_f64()
    ));
    let index: HashMap<String, usize> = msgs
        .iter()
        .enumerate()
        .map(|(i, m)| (m.event_id.clone(), i))
        .collect();

    let mut summary = serde_json::json!({
        "run": tag,
        "brokers": a.brokers,
        "partitions": a.partitions,
        "world": {"persons": a.persons, "days": a.days, "seed": a.seed},
        "probe_every": a.probe_every,
        "machine": {"cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)},
    });
    let mut svg_seen = Vec::new();
    let mut svg_hist = None;
    let mut svg_steps = Vec::new();

    if !a.no_latency {
        let lat = latency::latency_phase(&a, &tag, &out, &msgs, &index, &rates, step_s)?;
        summary["latency"] = lat.json;
        svg_seen = lat.seen;
        svg_hist = Some(lat.hist);
        svg_steps = lat.points;
    }

    if a.baseline != "none" {
        summary["throughput"] = throughput::throughput_phase(&a, &tag, &out, &msgs)?;
    }

    println!("{}", serde_json::to_string_pretty(&summary).expect("json"));
    if let Some(p) = &a.json {
        std::fs::write(p, serde_json::to_string_pretty(&summary).expect("json"))
            .map_err(|e| format!("{}: {e}", p.display()))?;
        log(format!("summary written to {}", p.display()));
    }
    if let (Some(p), Some(h)) = (&a.svg, &svg_hist) {
        let title = format!(
            "fanzha end to end through tansu on 127.0.0.1 — run {tag}{}",
            if svg_steps.is_empty() {
                format!(", {} events/s offered", a.rate)
            } else {
                String::from(", sweep")
            }
        );
        std::fs::write(p, report::svg(&title, &svg_seen, h, &svg_steps))
            .map_err(|e| format!("{}: {e}", p.display()))?;
        log(format!("plot written to {}", p.display()));
    }
    Ok(())
}
