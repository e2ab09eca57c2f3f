//! The driver's command line, and where things are: the workspace, the fanzha binary, the
//! broker's pid.

use clap::Parser;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug, Clone)]
#[command(
    name = "load",
    about = "fanzha's load driver (open-loop, end-to-end, baselines)"
)]
pub struct Args {
    /// Broker address (loopback only).
    #[arg(long, default_value = "127.0.0.1:9092")]
    pub brokers: String,
    #[arg(long, default_value_t = 3)]
    pub partitions: i32,
    /// The generated city (see `fanzha gen`).
    #[arg(long, default_value_t = 10_000)]
    pub persons: usize,
    #[arg(long, default_value_t = 7)]
    pub days: u32,
    #[arg(long, default_value_t = 20261128)]
    pub seed: u64,
    /// Offered rate, events/s (single-rate run).
    #[arg(long, default_value_t = 5000.0)]
    pub rate: f64,
    /// Seconds of sending at `--rate`.
    #[arg(long, default_value_t = 10.0)]
    pub duration_s: f64,
    /// Comma-separated rates: step up until the processor falls behind, then run at half the
    /// knee for latency.
    #[arg(long)]
    pub sweep: Option<String>,
    /// Seconds per sweep step.
    #[arg(long, default_value_t = 6.0)]
    pub step_s: f64,
    /// Seconds of warm-up traffic (at the first rate) before the measured steps; not counted.
    #[arg(long, default_value_t = 3.0)]
    pub warmup_s: f64,
    /// A latency probe after every N events (0 = scenario actions only).
    #[arg(long, default_value_t = 50)]
    pub probe_every: usize,
    /// Throughput baselines on one pre-filled topic set: none, bare, peer, all (fanzha always
    /// runs too unless none).
    #[arg(long, default_value = "none")]
    pub baseline: String,
    /// Records pre-filled for the throughput comparison.
    #[arg(long, default_value_t = 200_000)]
    pub drain_events: usize,
    /// Skip the open-loop latency phase (baselines only).
    #[arg(long)]
    pub no_latency: bool,
    /// The fanzha binary (default: `fanzha` beside this binary).
    #[arg(long)]
    pub fanzha: Option<PathBuf>,
    #[arg(long, default_value = "deploy/fanzha.toml")]
    pub config: PathBuf,
    /// Where the processor runs (rules/pack and models/ resolve there).
    #[arg(long)]
    pub workdir: Option<PathBuf>,
    #[arg(long, default_value = "python3")]
    pub python: String,
    #[arg(long)]
    pub peer_script: Option<PathBuf>,
    /// Extra arguments for the peer (e.g. `--peer-arg=--no-repartition`); repeatable.
    #[arg(long = "peer-arg", allow_hyphen_values = true)]
    pub peer_args: Vec<String>,
    /// The driver's producer `linger.ms` (batching into the broker).
    #[arg(long, default_value_t = 5)]
    pub linger_ms: u32,
    /// Override the processor's consumer `fetch.wait.max.ms` (deploy/fanzha.toml has 20). tansu 0.6
    /// spends CPU on every waiting fetch, so this is the broker-load knob.
    #[arg(long)]
    pub processor_fetch_wait_ms: Option<u32>,
    /// `fetch.wait.max.ms` of the driver's action reader.
    #[arg(long, default_value_t = 100)]
    pub reader_fetch_wait_ms: u32,
    /// Extra environment for the processor, `KEY=VALUE` (e.g. FANZHA_KAFKA_IDLE_PARTITION_MS=20);
    /// repeatable.
    #[arg(long = "processor-env")]
    pub processor_env: Vec<String>,
    /// The broker's pid, to report its CPU time per step (default: from FZ_BROKER_DIR/tansu.pid).
    #[arg(long)]
    pub broker_pid: Option<u32>,
    /// Bound on every wait for a consumer, seconds.
    #[arg(long, default_value_t = 120)]
    pub timeout_s: u64,
    #[arg(long)]
    pub json: Option<PathBuf>,
    #[arg(long)]
    pub svg: Option<PathBuf>,
    /// Logs of the children go here (default /tmp/fzload-<run>).
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("load-tests has a parent")
        .to_path_buf()
}

pub fn check_loopback(brokers: &str) -> Result<(), String> {
    for b in brokers.split(',') {
        let host = b.rsplit_once(':').map(|x| x.0).unwrap_or(b);
        if !(host == "localhost" || host.starts_with("127.") || host == "[::1]") {
            return Err(format!("broker {b} is not a loopback address"));
        }
    }
    Ok(())
}

pub fn fanzha_bin(a: &Args) -> PathBuf {
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

pub fn broker_pid(a: &Args) -> Option<u32> {
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
