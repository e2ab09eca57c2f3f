//! `fanzha run`: consume the event topics, score, produce actions; commit offsets only after the
//! actions they caused are acknowledged; hot-reload rules and models; serve metrics; stop cleanly
//! on SIGTERM/SIGINT.

use crate::cli::RunArgs;
use crate::config::Config;
use crate::features::{self, ModelInputs};
use crate::metrics::{Hub, Stage};
use crate::pipeline::{Pipeline, Shared};
use crate::sinks::kafka::KafkaSink;
use crate::sinks::Sink;
use crate::sources::kafka::{warmup_events, KafkaSource};
use crate::state::{State, StateConfig};
use anyhow::{Context, Result};
use fanzha_contract::{mask, Action, DeadLetter};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most records taken from the consumer before the held ones are released and scored.
const POLL_BATCH: usize = 10_000;

pub fn run(a: RunArgs) -> Result<ExitCode> {
    let cfg = Config::load(&a.config)?;
    let rules_dir = cfg.rules.dir.clone().or_else(|| {
        std::path::Path::new(crate::pack::DEFAULT_RULES_DIR)
            .is_dir()
            .then(|| crate::pack::DEFAULT_RULES_DIR.into())
    });
    let rules = crate::pack::load_rules(rules_dir.as_deref())?;
    // the same gate as a hot reload: a pack whose own rule tests fail does not go live
    if let Some(failed) = crate::rule_tests::failures(&crate::rule_tests::run_all(&rules)) {
        anyhow::bail!("the rule pack's own tests fail, so it is not started:\n{failed}");
    }
    let inputs = ModelInputs::new(&features::schema());
    let model = crate::pack::load_model(cfg.model.path.as_deref(), !cfg.model.enabled, &inputs)?;
    let state = State::new(StateConfig {
        entity_ttl_ms: cfg.state.entity_ttl_ms,
        relation_ttl_ms: cfg.state.relation_ttl_ms,
        max_entities: cfg.state.max_entities,
    });
    let shared = Shared::new(state, rules, model);
    let hub = Arc::new(Hub::default());
    hub.live.store(true, Ordering::Relaxed);
    let stop = Arc::new(AtomicBool::new(false));

    // tokio: signals, the metrics endpoint, the rule and model watchers
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    {
        let stop = stop.clone();
        runtime.spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut term), Ok(mut int)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) else {
                return;
            };
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM: finishing in-flight events"),
                _ = int.recv() => tracing::info!("SIGINT: finishing in-flight events"),
            }
            stop.store(true, Ordering::Relaxed);
            // a second signal: the operator does not want to wait
            tokio::select! {
                _ = term.recv() => {},
                _ = int.recv() => {},
            }
            tracing::warn!("second signal: exiting at once, offsets not committed");
            std::process::exit(130);
        });
    }
    if let Some(listen) = cfg.metrics.listen.as_deref().filter(|l| !l.is_empty()) {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(listen))
            .with_context(|| format!("config key metrics.listen: cannot listen on {listen}"))?;
        tracing::info!(%listen, "serving /metrics /healthz /readyz");
        runtime.spawn(crate::metrics::http::serve(listener, hub.clone()));
    }
    let watch_rules = cfg.rules.watch.then(|| rules_dir.clone()).flatten();
    let watch_model = (cfg.model.enabled && cfg.model.watch)
        .then(|| cfg.model.path.clone())
        .flatten();
    runtime.spawn(crate::reload::watch(
        shared.clone(),
        hub.clone(),
        watch_rules,
        watch_model,
        Duration::from_millis(cfg.rules.poll_ms),
    ));
    let rt_thread = std::thread::spawn(move || runtime.block_on(std::future::pending::<()>()));
    drop(rt_thread); // ends with the process

    let mut pipeline = Pipeline::new(shared.clone());

    // Warm-up: rebuild state from the history before the committed offsets; actions dropped.
    if cfg.state.warmup_ms > 0 {
        let t = Instant::now();
        let events = warmup_events(
            &cfg.kafka,
            cfg.state.warmup_ms,
            cfg.state.warmup_max_records,
            &stop,
        )?;
        if stop.load(Ordering::Relaxed) {
            // stopped before consuming anything: nothing to finish, nothing to commit
            tracing::info!("stopped during warm-up");
            return Ok(ExitCode::SUCCESS);
        }
        pipeline.emit = false;
        let mut sink = Vec::new();
        for e in &events {
            sink.clear();
            pipeline.process(e, "warmup", &mut sink);
        }
        pipeline.emit = true;
        pipeline.counters = Default::default();
        pipeline.latency.reset();
        tracing::info!(
            events = events.len(),
            secs = t.elapsed().as_secs_f64(),
            "state warmed up"
        );
    }

    // metric labels: the configured topic names, leaked once (they live as long as the process)
    let topic_names: Vec<&'static str> = cfg
        .kafka
        .input_topics
        .iter()
        .map(|t| &*Box::leak(t.clone().into_boxed_str()))
        .collect();
    let mut source = KafkaSource::new(&cfg.kafka)?;
    let mut sink = KafkaSink::new(&cfg.kafka)?;
    tracing::info!(brokers = %cfg.kafka.brokers, group = %cfg.kafka.group_id, topics = ?cfg.kafka.input_topics, ruleset = %shared.rules.load().version(), "consuming");

    let commit_every = Duration::from_millis(cfg.kafka.commit_interval_ms);
    let log_every = (cfg.metrics.log_interval_ms > 0)
        .then(|| Duration::from_millis(cfg.metrics.log_interval_ms));
    let mut last_commit = Instant::now();
    let mut last_merge = Instant::now();
    let mut last_log = Instant::now();
    let mut actions: Vec<Action> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    // what the shutdown message can truthfully say
    let (mut consumed, mut sent, mut ever_assigned) = (0u64, 0u64, false);

    loop {
        let stopping = stop.load(Ordering::Relaxed);
        if !stopping {
            // short waits while records are held, so that an idle partition's hold ends on time
            let wait = if source.held() > 0 {
                Duration::from_millis(1)
            } else {
                Duration::from_millis(20)
            };
            let polled = source.poll(wait, POLL_BATCH, |rejected| {
                consumed += 1;
                pipeline.counters.dead_letter(rejected.error.reason_code());
                tracing::warn!(topic = %rejected.topic, partition = rejected.partition, offset = rejected.offset, error = %rejected.error, "dead letter");
                let dl = DeadLetter::new(
                    &rejected.topic,
                    rejected.partition,
                    rejected.offset,
                    rejected.error.to_string(),
                    &rejected.payload,
                );
                sink.dead_letter(&dl)
            });
            if let Err(e) = polled {
                failure = Some(e);
                break;
            }
        }
        // score what the watermark releases
        let mut err = None;
        source.release(stopping, |r| {
            if err.is_some() {
                return;
            }
            actions.clear();
            consumed += 1;
            let topic = topic_names
                .get(r.topic as usize)
                .copied()
                .unwrap_or("other");
            pipeline.process(&r.event, topic, &mut actions);
            sink.source_ts_ms = r.record_ts_ms;
            for act in &actions {
                tracing::debug!(kind = act.kind.as_str(), target = %mask(act.target()), "action");
                if let Err(e) = sink.action(act) {
                    err = Some(e);
                    return;
                }
                sent += 1;
            }
        });
        if let Some(e) = err {
            failure = Some(e);
            break;
        }
        let assigned = source.view.assigned.load(Ordering::Relaxed);
        ever_assigned |= assigned;
        hub.ready.store(assigned, Ordering::Relaxed);

        // the durability barrier: every action acknowledged, then offsets committed
        if stopping || last_commit.elapsed() >= commit_every {
            if let Err(e) = sink.flush().and_then(|_| source.commit()) {
                failure = Some(e);
                break;
            }
            last_commit = Instant::now();
        }
        if stopping && source.held() == 0 {
            break;
        }
        if last_merge.elapsed() >= Duration::from_secs(1) {
            last_merge = Instant::now();
            pipeline.latency.merge(&sink.latency);
            sink.latency.reset();
            pipeline.latency.merge(&source.latency);
            source.latency.reset();
            if let Ok(mut e2e) = sink.deliveries.end_to_end.lock() {
                pipeline.latency.merge(&e2e);
                e2e.reset();
            }
            hub.merge(&mut pipeline.latency, &mut pipeline.counters);
            if let (Ok(mut dst), Ok(src)) = (hub.lag.lock(), source.view.lag.lock()) {
                *dst = src.clone();
            }
            if let Ok(mut s) = hub.state.lock() {
                *s = shared.state.size();
            }
        }
        if let Some(every) = log_every {
            if last_log.elapsed() >= every {
                last_log = Instant::now();
                if let Ok(l) = hub.latency.lock() {
                    let q = l.quantiles(Stage::Score);
                    tracing::info!(events = q.count, "latency {}", l.summary_line());
                }
            }
        }
    }
    hub.ready.store(false, Ordering::Relaxed);
    if let Some(e) = failure {
        tracing::error!("stopping without committing: {e:#}");
        return Err(e);
    }
    tracing::info!(
        "{}",
        stopped_message(consumed, sent, ever_assigned, &cfg.kafka.brokers)
    );
    Ok(ExitCode::SUCCESS)
}

/// The last log line of a clean stop: what was done, as far as this process knows. Offsets are
/// committed only for records consumed, so with none there was nothing to commit.
fn stopped_message(consumed: u64, sent: u64, ever_assigned: bool, brokers: &str) -> String {
    match (consumed, ever_assigned) {
        (0, false) => format!(
            "stopped: no partition was ever assigned (was the broker at {brokers} reached?); \
             nothing consumed, nothing to commit"
        ),
        (0, true) => "stopped: no record consumed, nothing to commit".to_string(),
        _ => format!(
            "stopped cleanly: {consumed} records consumed and in-flight events scored, \
             {sent} actions sent and acknowledged, offsets committed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::stopped_message;

    #[test]
    fn a_stop_claims_a_commit_only_after_consuming() {
        let never = stopped_message(0, 0, false, "127.0.0.1:9");
        assert!(
            !never.contains("committed") && never.contains("nothing to commit"),
            "{never}"
        );
        assert!(never.contains("no partition was ever assigned") && never.contains("127.0.0.1:9"));
        let idle = stopped_message(0, 0, true, "b");
        assert!(
            !idle.contains("committed") && idle.contains("no record consumed"),
            "{idle}"
        );
        let done = stopped_message(120, 3, true, "b");
        assert!(
            done.starts_with("stopped cleanly")
                && done.contains("120 records")
                && done.contains("3 actions")
                && done.contains("offsets committed"),
            "{done}"
        );
    }
}
