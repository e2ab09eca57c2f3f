//! The processor under load: `fanzha run` started with `FANZHA_*` overrides for this run's topics,
//! and its progress from `/metrics`.

use super::args::{fanzha_bin, workspace, Args};
use super::kafka::Topics;
use super::log;
use super::procs::{self, Proc};
use std::path::Path;
use std::time::{Duration, Instant};

pub struct Processor {
    pub proc: Proc,
    pub metrics: String,
    /// The highest event count scraped so far (a failed scrape keeps it).
    seen: std::cell::Cell<u64>,
}

pub fn start_processor(
    a: &Args,
    topics: &Topics,
    out: &Path,
    name: &str,
) -> Result<Processor, String> {
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
        if env.iter().any(|(k, _)| k == "FANZHA_KAFKA_CONSUMER") {
            return Err(
                "--processor-fetch-wait-ms sets FANZHA_KAFKA_CONSUMER, which --processor-env \
                 also sets: put fetch.wait.max.ms in the --processor-env value instead"
                    .into(),
            );
        }
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

pub fn processed(p: &Processor) -> u64 {
    let n = procs::scrape(&p.metrics)
        .map(|m| m.events)
        .unwrap_or(0)
        .max(p.seen.get());
    p.seen.set(n);
    n
}

pub fn wait_processed(p: &Processor, target: u64, timeout: Duration) -> (u64, f64) {
    let t = Instant::now();
    loop {
        let n = processed(p);
        if n >= target || t.elapsed() > timeout {
            return (n, t.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
