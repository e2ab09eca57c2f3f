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
use driver::kafka::{self, Topics};
use driver::openloop::{self, quantiles_ms, Collected, LatencyMs, Schedule};
use driver::procs::{self, Drain, Proc};
use driver::{now_ns, report, workload};
use fanzha_load::{generate, GenConfig};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Parser, Debug, Clone)]
#[command(
    name = "load",
    about = "fanzha's load driver (open-loop, end-to-end, baselines)"
)]
struct Args {
    /// Broker address (loopback only).
    #[arg(long, default_value = "127.0.0.1:9092")]
    brokers: String,
    #[arg(long, default_value_t = 3)]
    partitions: i32,
    /// The generated city (see `fanzha gen`).
    #[arg(long, default_value_t = 10_000)]
    persons: usize,
    #[arg(long, default_value_t = 7)]
    days: u32,
    #[arg(long, default_value_t = 20261128)]
    seed: u64,
    /// Offered rate, events/s (single-rate run).
    #[arg(long, default_value_t = 5000.0)]
    rate: f64,
    /// Seconds of sending at `--rate`.
    #[arg(long, default_value_t = 10.0)]
    duration_s: f64,
    /// Comma-separated rates: step up until the processor falls behind, then run at half the
    /// knee for latency.
    #[arg(long)]
    sweep: Option<String>,
    /// Seconds per sweep step.
    #[arg(long, default_value_t = 6.0)]
    step_s: f64,
    /// Seconds of warm-up traffic (at the first rate) before the measured steps; not counted.
    #[arg(long, default_value_t = 3.0)]
    warmup_s: f64,
    /// A latency probe after every N events (0 = scenario actions only).
    #[arg(long, default_value_t = 50)]
    probe_every: usize,
    /// Throughput baselines on one pre-filled topic set: none, bare, peer, all (fanzha always
    /// runs too unless none).
    #[arg(long, default_value = "none")]
    baseline: String,
    /// Records pre-filled for the throughput comparison.
    #[arg(long, default_value_t = 200_000)]
    drain_events: usize,
    /// Skip the open-loop latency phase (baselines only).
    #[arg(long)]
    no_latency: bool,
    /// The fanzha binary (default: `fanzha` beside this binary).
    #[arg(long)]
    fanzha: Option<PathBuf>,
    #[arg(long, default_value = "deploy/fanzha.toml")]
    config: PathBuf,
    /// Where the processor runs (rules/pack and models/ resolve there).
    #[arg(long)]
    workdir: Option<PathBuf>,
    #[arg(long, default_value = "python3")]
    python: String,
    #[arg(long)]
    peer_script: Option<PathBuf>,
    /// Extra arguments for the peer (e.g. `--peer-arg=--no-repartition`); repeatable.
    #[arg(long = "peer-arg", allow_hyphen_values = true)]
    peer_args: Vec<String>,
    /// The driver's producer `linger.ms` (batching into the broker).
    #[arg(long, default_value_t = 5)]
    linger_ms: u32,
    /// Override the processor's consumer `fetch.wait.max.ms` (deploy/fanzha.toml has 20). tansu 0.6
    /// spends CPU on every waiting fetch, so this is the broker-load knob.
    #[arg(long)]
    processor_fetch_wait_ms: Option<u32>,
    /// `fetch.wait.max.ms` of the driver's action reader.
    #[arg(long, default_value_t = 100)]
    reader_fetch_wait_ms: u32,
    /// Extra environment for the processor, `KEY=VALUE` (e.g. FANZHA_KAFKA_IDLE_PARTITION_MS=20);
    /// repeatable.
    #[arg(long = "processor-env")]
    processor_env: Vec<String>,
    /// The broker's pid, to report its CPU time per step (default: from FZ_BROKER_DIR/tansu.pid).
    #[arg(long)]
    broker_pid: Option<u32>,
    /// Bound on every wait for a consumer, seconds.
    #[arg(long, default_value_t = 120)]
    timeout_s: u64,
    #[arg(long)]
    json: Option<PathBuf>,
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Logs of the children go here (default /tmp/fzload-<run>).
    #[arg(long)]
    out_dir: Option<PathBuf>,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("load-tests has a parent")
        .to_path_buf()
}

fn log(msg: impl AsRef<str>) {
    eprintln!("[load {:>7.1}s] {}", now_ns() as f64 / 1e9, msg.as_ref());
}

#[derive(serde::Serialize, Default, Clone)]
struct Step {
    offered_per_s: f64,
    events: usize,
    seconds: f64,
    /// Events the processor counted while this step was sent.
    processed_per_s: f64,
    /// Records sent but not yet processed when the step's sending ended.
    lag_at_end: i64,
    /// Time to work that backlog off after the step.
    catch_up_s: f64,
    max_send_lag_ms: f64,
    /// The most records the driver's producer held unacknowledged during the step.
    max_in_flight: i64,
    latency_ms: LatencyMs,
    probe_latency_ms: LatencyMs,
    kept_up: bool,
    cpu_us_per_event: f64,
    /// CPU of the broker during the step, as a share of one core.
    broker_cpu_share: Option<f64>,
}

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

fn check_loopback(brokers: &str) -> Result<(), String> {
    for b in brokers.split(',') {
        let host = b.rsplit_once(':').map(|x| x.0).unwrap_or(b);
        if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
            return Err(format!("broker {b} is not a loopback address"));
        }
    }
    Ok(())
}

fn fanzha_bin(a: &Args) -> PathBuf {
    if let Some(p) = &a.fanzha {
        return p.clone();
    }
    if let Some(p) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("fanzha")))
        .filter(|p| p.is_file())
    {
        return p;
    }
    workspace().join("target/release/fanzha")
}

fn broker_pid(a: &Args) -> Option<u32> {
    a.broker_pid.or_else(|| {
        let dir = std::env::var("FZ_BROKER_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| workspace().join(".broker"));
        std::fs::read_to_string(dir.join("tansu.pid"))
            .ok()?
            .trim()
            .parse()
            .ok()
    })
}

struct Processor {
    proc: Proc,
    metrics: String,
    /// The highest event count scraped so far (a failed scrape keeps it).
    seen: std::cell::Cell<u64>,
}

fn start_processor(a: &Args, topics: &Topics, out: &Path, name: &str) -> Result<Processor, String> {
    let port = procs::free_port();
    let metrics = format!("127.0.0.1:{port}");
    let mut env = topics.processor_env(&a.brokers);
    env.push(("FANZHA_METRICS_LISTEN".into(), metrics.clone()));
    env.push(("FANZHA_METRICS_LOG_INTERVAL_MS".into(), "5000".into()));
    env.push(("FANZHA_STATE_WARMUP_MS".into(), "0".into()));
    for kv in &a.processor_env {
        if let Some((k, v)) = kv.split_once('=') {
            env.push((k.to_string(), v.to_string()));
        }
    }
    if let Some(w) = a.processor_fetch_wait_ms {
        env.push((
            "FANZHA_KAFKA_CONSUMER".into(),
            format!("{{ \"fetch.wait.max.ms\" = \"{w}\" }}"),
        ));
    }
    env.push(("FANZHA_RULES_WATCH".into(), "false".into()));
    env.push(("FANZHA_MODEL_WATCH".into(), "false".into()));
    let workdir = a.workdir.clone().unwrap_or_else(workspace);
    let log_path = out.join(format!("{name}.log"));
    let mut proc = procs::start_processor(&fanzha_bin(a), &a.config, &workdir, &env, &log_path)?;
    log(format!(
        "started fanzha (pid {}) on {}…, metrics {metrics}, log {}",
        proc.pid(),
        topics.inputs[0],
        log_path.display()
    ));
    procs::wait_ready(&mut proc, &metrics, Duration::from_secs(a.timeout_s))?;
    Ok(Processor {
        proc,
        metrics,
        seen: std::cell::Cell::new(0),
    })
}

fn processed(p: &Processor) -> u64 {
    let n = procs::scrape(&p.metrics)
        .map(|m| m.events)
        .unwrap_or(0)
        .max(p.seen.get());
    p.seen.set(n);
    n
}

fn wait_processed(p: &Processor, target: u64, timeout: Duration) -> (u64, f64) {
    let t = Instant::now();
    loop {
        let n = processed(p);
        if n >= target || t.elapsed() > timeout {
            return (n, t.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
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
        let lat = latency_phase(&a, &tag, &out, &msgs, &index, &rates, step_s)?;
        summary["latency"] = lat.json;
        svg_seen = lat.seen;
        svg_hist = Some(lat.hist);
        svg_steps = lat.points;
    }

    if a.baseline != "none" {
        summary["throughput"] = throughput_phase(&a, &tag, &out, &msgs)?;
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

struct LatencyOut {
    json: serde_json::Value,
    seen: Vec<openloop::Seen>,
    hist: hdrhistogram::Histogram<u64>,
    points: Vec<report::StepPoint>,
}

#[allow(clippy::too_many_arguments)]
fn latency_phase(
    a: &Args,
    tag: &str,
    out: &Path,
    msgs: &[workload::Msg],
    index: &HashMap<String, usize>,
    rates: &[f64],
    step_s: f64,
) -> Result<LatencyOut, String> {
    let topics = Topics::named(&format!("fzload.{tag}.lat"));
    kafka::create_topics(&a.brokers, &topics.all(), a.partitions)?;
    let mut fz = start_processor(a, &topics, out, "fanzha-latency")?;
    let sched = Schedule::new(msgs.len());
    let collected = Mutex::new(Collected::default());
    let stop = AtomicBool::new(false);
    let reader = kafka::reader(
        &a.brokers,
        &[&topics.bank, &topics.warnings],
        a.reader_fetch_wait_ms,
    )?;
    let producer = kafka::producer(&a.brokers, a.linger_ms);
    let sweep = a.sweep.is_some();
    let broker = broker_pid(a);

    let mut steps: Vec<Step> = Vec::new();
    let mut knee: Option<f64> = None;
    let mut first_behind: Option<f64> = None;
    let mut half_step: Option<Step> = None;
    let cpu_start = fz.proc.cpu();
    let t_phase = Instant::now();

    std::thread::scope(|s| -> Result<(), String> {
        s.spawn(|| {
            kafka::read_actions(&reader, &stop, |at, p| {
                openloop::on_action(index, msgs, &sched, &collected, at, p)
            })
        });
        let result = (|| -> Result<(), String> {
            let mut from = 0usize;
            // warm-up: the processor's first seconds (fetch start, reorder start-up) not measured
            let warm = ((rates[0] * a.warmup_s) as usize).min(msgs.len() / 4);
            if warm > 0 {
                log(format!("warm-up: {warm} events at {} events/s", rates[0]));
                openloop::send_segment(&producer, &topics.inputs, msgs, 0, warm, rates[0], &sched)?;
                let (done, secs) =
                    wait_processed(&fz, warm as u64, Duration::from_secs(a.timeout_s.min(30)));
                std::thread::sleep(Duration::from_millis(500));
                log(format!(
                    "  warm-up processed {done} of {warm}, {secs:.1} s after the last send"
                ));
                *collected.lock().expect("collector") = Collected::default();
                from = warm;
            }
            let mut plan: Vec<(f64, f64)> = rates.iter().map(|r| (*r, step_s)).collect();
            let mut k = 0;
            while k < plan.len() {
                let (rate, secs) = plan[k];
                let count = ((rate * secs) as usize).min(msgs.len() - from);
                if count == 0 {
                    log("out of generated events; stopping the steps");
                    break;
                }
                let before = processed(&fz);
                let cpu0 = fz.proc.cpu();
                sched.max_send_lag_ns.store(0, Ordering::Relaxed);
                sched.max_in_flight.store(0, Ordering::Relaxed);
                let bcpu0 = broker.and_then(procs::cpu_secs);
                log(format!(
                    "{}: {count} events at {rate} events/s",
                    if sweep && k == rates.len() {
                        String::from("half the knee")
                    } else {
                        format!("step {}", k + 1)
                    }
                ));
                let (t0, t1) = openloop::send_segment(
                    &producer,
                    &topics.inputs,
                    msgs,
                    from,
                    count,
                    rate,
                    &sched,
                )?;
                let after = processed(&fz);
                let sent = (from + count) as u64;
                let lag = sent as i64 - after as i64;
                let (done, catch_up) =
                    wait_processed(&fz, sent, Duration::from_secs(a.timeout_s.min(30)));
                let cpu1 = fz.proc.cpu();
                let bcpu1 = broker.and_then(procs::cpu_secs);
                let seconds = (t1 - t0) as f64 / 1e9;
                // actions of this step: give the last ones a moment to arrive
                std::thread::sleep(Duration::from_millis(300));
                let (lat, probe_lat) = {
                    let c = collected.lock().expect("collector");
                    let mine: Vec<_> = c
                        .seen
                        .iter()
                        .filter(|x| x.index >= from && x.index < from + count)
                        .copied()
                        .collect();
                    (
                        quantiles_ms(&openloop::hist_of(mine.iter())),
                        quantiles_ms(&openloop::hist_of(mine.iter().filter(|x| x.probe))),
                    )
                };
                let processed_per_s = after.saturating_sub(before) as f64 / seconds.max(1e-9);
                let send_lag_ms = sched.max_send_lag_ns.load(Ordering::Relaxed) as f64 / 1e6;
                let kept_up = done >= sent
                    && lag as f64 <= (rate * 0.5).max(500.0)
                    && catch_up < 2.0
                    && lat.p99 < 1000.0;
                let st = Step {
                    offered_per_s: rate,
                    events: count,
                    seconds,
                    processed_per_s,
                    lag_at_end: lag,
                    catch_up_s: catch_up,
                    max_send_lag_ms: send_lag_ms,
                    max_in_flight: sched.max_in_flight.load(Ordering::Relaxed),
                    broker_cpu_share: match (bcpu0, bcpu1) {
                        (Some(x), Some(y)) => Some((y - x) / (seconds + catch_up).max(1e-9)),
                        _ => None,
                    },
                    latency_ms: lat,
                    probe_latency_ms: probe_lat,
                    kept_up,
                    cpu_us_per_event: (cpu1 - cpu0) * 1e6
                        / done.saturating_sub(before).max(1) as f64,
                };
                log(format!(
                    "  processed {processed_per_s:.0}/s, lag at end {lag}, caught up in {catch_up:.1} s, p50 {:.1} ms p99 {:.1} ms p99.9 {:.1} ms ({} actions), sender max lateness {send_lag_ms:.1} ms, max unacked {}, broker cpu {:.2} cores, {}",
                    lat.p50, lat.p99, lat.p999, lat.count,
                    sched.max_in_flight.load(Ordering::Relaxed),
                    match (bcpu0, bcpu1) { (Some(x), Some(y)) => (y - x) / (seconds + catch_up).max(1e-9), _ => -1.0 },
                    if kept_up { "kept up" } else { "FELL BEHIND" }
                ));
                from += count;
                let is_half = sweep && k == rates.len();
                if is_half {
                    half_step = Some(st);
                } else {
                    steps.push(st);
                    if sweep {
                        if kept_up && first_behind.is_none() {
                            knee = Some(rate);
                        } else if !kept_up && first_behind.is_none() {
                            first_behind = Some(rate);
                        }
                        let last = k + 1 == rates.len();
                        if (first_behind.is_some() || last) && plan.len() == rates.len() {
                            if let Some(kr) = knee {
                                plan.truncate(k + 1);
                                // pad to keep the half-knee step at index rates.len()
                                while plan.len() < rates.len() {
                                    plan.push((0.0, 0.0));
                                }
                                plan.push((kr / 2.0, step_s * 1.5));
                                k = rates.len();
                                continue;
                            }
                            break;
                        }
                    }
                }
                k += 1;
            }
            Ok(())
        })();
        std::thread::sleep(Duration::from_millis(1500));
        stop.store(true, Ordering::Relaxed);
        result
    })?;
    kafka::flush(&producer)?;
    let sent = sched.sent.load(Ordering::Relaxed);
    let processed_total = processed(&fz);
    let cpu = fz.proc.stop(Duration::from_secs(15)) - cpu_start;
    let c = collected.into_inner().expect("collector");
    let all = quantiles_ms(&c.all);
    let probes = quantiles_ms(&openloop::hist_of(c.seen.iter().filter(|x| x.probe)));
    let scenario = quantiles_ms(&openloop::hist_of(c.seen.iter().filter(|x| !x.probe)));
    log(format!(
        "latency phase: {sent} sent, {processed_total} processed, {} actions matched ({} unmatched); event → action p50 {:.1} ms p99 {:.1} ms p99.9 {:.1} ms max {:.1} ms",
        all.count, c.unmatched, all.p50, all.p99, all.p999, all.max
    ));
    let points = if sweep {
        steps
            .iter()
            .map(|s| report::StepPoint {
                offered: s.offered_per_s,
                processed: s.processed_per_s,
                p99_ms: s.latency_ms.p99,
                kept_up: s.kept_up,
            })
            .collect()
    } else {
        Vec::new()
    };
    let json = serde_json::json!({
        "topics": topics,
        "sent": sent,
        "processed": processed_total,
        "seconds": t_phase.elapsed().as_secs_f64(),
        "processor_cpu_seconds": cpu,
        "processor_cpu_us_per_event": cpu * 1e6 / processed_total.max(1) as f64,
        "actions_matched": all.count,
        "actions_unmatched": c.unmatched,
        "event_to_action_ms": all,
        "probes_ms": probes,
        "scenario_actions_ms": scenario,
        "steps": steps,
        "knee_events_per_s": knee,
        "first_rate_behind": first_behind,
        "half_knee": half_step,
    });
    Ok(LatencyOut {
        json,
        seen: c.seen,
        hist: c.all,
        points,
    })
}

fn throughput_phase(
    a: &Args,
    tag: &str,
    out: &Path,
    msgs: &[workload::Msg],
) -> Result<serde_json::Value, String> {
    let topics = Topics::named(&format!("fzload.{tag}.tp"));
    kafka::create_topics(&a.brokers, &topics.all(), a.partitions)?;
    let n = a.drain_events.min(msgs.len());
    let t = Instant::now();
    let p = kafka::producer(&a.brokers, a.linger_ms);
    for m in &msgs[..n] {
        kafka::send(&p, &topics.inputs[m.topic as usize], &m.key, &m.payload)?;
    }
    kafka::flush(&p)?;
    drop(p);
    let produce_s = t.elapsed().as_secs_f64();
    log(format!(
        "pre-filled {n} records in {produce_s:.1} s ({:.0}/s) for the throughput comparison",
        n as f64 / produce_s
    ));
    let timeout = Duration::from_secs(a.timeout_s);
    // one untimed read first, so that every measured consumer finds the broker equally warm
    let warm = {
        let refs: Vec<&str> = topics.inputs.iter().map(|s| s.as_str()).collect();
        let r = kafka::reader(&a.brokers, &refs, 100)?;
        let t = Instant::now();
        let mut got = 0usize;
        while got < n && t.elapsed() < timeout {
            if let Some(Ok(_)) = r.poll(Duration::from_millis(100)) {
                got += 1;
            }
        }
        log(format!(
            "warm-up read: {got} records in {:.1} s",
            t.elapsed().as_secs_f64()
        ));
        got as f64 / t.elapsed().as_secs_f64()
    };
    let mut results: Vec<Drain> = Vec::new();
    let fanzha_from_ready: Option<f64>;
    let want = |x: &str| a.baseline == "all" || a.baseline == x;

    if want("bare") {
        let group = format!("{}.bare", topics.group);
        let mut cmd = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
        cmd.arg("bare-consume")
            .arg(&a.brokers)
            .arg(&group)
            .arg(n.to_string())
            .arg(a.timeout_s.to_string())
            .args(topics.inputs.iter());
        let (mut proc, count) =
            procs::start_with_progress("bare", &mut cmd, &out.join("bare.log"))?;
        let d = procs::measure_drain(
            "bare rdkafka consumer",
            &mut proc,
            n as u64,
            timeout,
            || Some(count.load(Ordering::Relaxed)),
        );
        proc.stop(Duration::from_secs(5));
        log(format!("{d:?}"));
        results.push(d);
    }
    {
        // fanzha's /metrics counters are merged once a second, too coarse for a drain of a few
        // seconds: the rate comes from the probes' actions instead (each names its trigger, whose
        // position in the pre-filled topics is known), the CPU from ready to the last event
        let index: HashMap<&str, usize> = msgs[..n]
            .iter()
            .enumerate()
            .filter(|(_, m)| m.probe)
            .map(|(i, m)| (m.event_id.as_str(), i))
            .collect();
        let reader = kafka::reader(&a.brokers, &[&topics.bank], 20)?;
        let stop = AtomicBool::new(false);
        let arrivals: Mutex<Vec<(i64, usize)>> = Mutex::new(Vec::new());
        let mut fz = start_processor(a, &topics, out, "fanzha-throughput")?;
        let cpu_ready = fz.proc.cpu();
        let t_ready = now_ns();
        let metrics = fz.metrics.clone();
        let mut d = std::thread::scope(|s| {
            s.spawn(|| {
                kafka::read_actions(&reader, &stop, |at, p| {
                    #[derive(serde::Deserialize)]
                    struct H {
                        trigger_event_id: String,
                    }
                    if let Ok(h) = serde_json::from_slice::<H>(p) {
                        if let Some(&i) = index.get(h.trigger_event_id.as_str()) {
                            arrivals.lock().expect("arrivals").push((at, i));
                        }
                    }
                })
            });
            let d = procs::measure_drain("fanzha", &mut fz.proc, n as u64, timeout, || {
                procs::scrape(&metrics).map(|m| m.events)
            });
            std::thread::sleep(Duration::from_millis(1500));
            stop.store(true, Ordering::Relaxed);
            d
        });
        let cpu_end = fz.proc.stop(Duration::from_secs(15));
        let mut arr = arrivals.into_inner().expect("arrivals");
        arr.sort();
        // the probes' positions are record positions: (arrival, position) samples of progress
        let mut reached = 0usize;
        let samples: Vec<(i64, u64)> = arr
            .iter()
            .map(|&(t, i)| {
                reached = reached.max(i);
                (t, reached as u64)
            })
            .collect();
        d.steady_events_per_s = procs::steady_rate(&samples, n as u64);
        // conservative: from ready (partitions assigned) to the last probe's action, so the
        // first fetches and the reorder's start are inside the window
        let from_ready = arr
            .last()
            .map(|&(t, i)| (i + 1) as f64 / ((t - t_ready) as f64 / 1e9));
        let first = arr.iter().min_by_key(|x| x.0).copied();
        let last = arr.iter().max_by_key(|x| x.0).copied();
        if let (Some((t0, i0)), Some((t1, i1))) = (first, last) {
            if t1 > t0 && i1 > i0 {
                d.seconds = (t1 - t0) as f64 / 1e9;
                d.events_per_s = (i1 - i0) as f64 / d.seconds;
            }
        }
        d.cpu_seconds = cpu_end - cpu_ready;
        d.cpu_us_per_event = d.cpu_seconds * 1e6 / d.consumed.max(1) as f64;
        d.cpu_seconds_total = cpu_end;
        log(format!(
            "{d:?} ({} probe actions timed; from ready to the last action: {:.0}/s)",
            arr.len(),
            from_ready.unwrap_or(0.0)
        ));
        fanzha_from_ready = from_ready;
        results.push(d);
    }
    if want("peer") {
        let script = a
            .peer_script
            .clone()
            .unwrap_or_else(|| workspace().join("load-tests/peer/peer.py"));
        let mut cmd = Command::new(&a.python);
        cmd.arg(&script)
            .arg("--brokers")
            .arg(&a.brokers)
            .arg("--group")
            .arg(format!("{}.peer", topics.group))
            .arg("--transactions")
            .arg(&topics.inputs[0])
            .arg("--calls")
            .arg(&topics.inputs[1])
            .arg("--watchlist")
            .arg(&topics.inputs[2])
            .arg("--actions")
            .arg(format!("{}.peer", topics.bank))
            .arg("--expect")
            .arg(n.to_string())
            .arg("--state-dir")
            .arg(out.join("peer-state"))
            .args(&a.peer_args);
        let (mut proc, count) =
            procs::start_with_progress("quixstreams peer", &mut cmd, &out.join("peer.log"))?;
        let d = procs::measure_drain("quixstreams peer", &mut proc, n as u64, timeout, || {
            Some(count.load(Ordering::Relaxed))
        });
        proc.stop(Duration::from_secs(10));
        log(format!("{d:?}"));
        results.push(d);
    }
    let get = |name: &str| results.iter().find(|d| d.name.starts_with(name));
    let steady = |d: &Drain| d.steady_events_per_s.unwrap_or(d.events_per_s);
    let steady_ratio = match (get("fanzha"), get("bare")) {
        (Some(f), Some(b)) if steady(b) > 0.0 => Some(steady(f) / steady(b)),
        _ => None,
    };
    let fz = get("fanzha");
    let ratio_bare = match (fz, get("bare")) {
        (Some(f), Some(b)) if b.events_per_s > 0.0 => Some(f.events_per_s / b.events_per_s),
        _ => None,
    };
    let cpu_vs_peer = match (fz, get("quixstreams")) {
        (Some(f), Some(p)) if f.cpu_us_per_event > 0.0 => {
            Some(p.cpu_us_per_event / f.cpu_us_per_event)
        }
        _ => None,
    };
    let tp_vs_peer = match (fz, get("quixstreams")) {
        (Some(f), Some(p)) if p.events_per_s > 0.0 => Some(f.events_per_s / p.events_per_s),
        _ => None,
    };
    Ok(serde_json::json!({
        "topics": topics,
        "records": n,
        "prefill_seconds": produce_s,
        "warm_up_read_per_s": warm,
        "consumers": results,
        "fanzha_over_bare_throughput": ratio_bare,
        "fanzha_over_bare_steady_throughput": steady_ratio,
        "fanzha_from_ready_events_per_s": fanzha_from_ready,
        "fanzha_from_ready_over_bare": match (fanzha_from_ready, get("bare")) {
            (Some(f), Some(b)) if b.events_per_s > 0.0 => Some(f / b.events_per_s),
            _ => None,
        },
        "fanzha_over_peer_throughput": tp_vs_peer,
        "peer_cpu_per_event_over_fanzha": cpu_vs_peer,
    }))
}
