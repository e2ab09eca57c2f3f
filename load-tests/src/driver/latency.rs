//! The open-loop latency phase: warm-up, rate steps (a sweep steps up until the processor falls
//! behind, then runs at half the knee), per-step latency and throughput.

use super::args::{broker_pid, Args};
use super::kafka::{self, Topics};
use super::log;
use super::openloop::{self, quantiles_ms, Collected, LatencyMs, Schedule};
use super::processor::{processed, start_processor, wait_processed};
use super::{procs, report, workload};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    /// Due time → the action's `emitted_ts_ms` (the processor produced it; the reader's fetch
    /// is the rest of `latency_ms`).
    emitted_ms: LatencyMs,
    kept_up: bool,
    cpu_us_per_event: f64,
    /// CPU of the broker during the step, as a share of one core.
    broker_cpu_share: Option<f64>,
    /// The processor's own end-to-end latency (record timestamp → action acknowledged by the
    /// broker, its `/metrics` stage `end_to_end`) of the actions acknowledged during the step.
    processor_e2e: procs::ShareWithin,
}

pub struct LatencyOut {
    pub json: serde_json::Value,
    pub seen: Vec<openloop::Seen>,
    pub hist: hdrhistogram::Histogram<u64>,
    pub points: Vec<report::StepPoint>,
}

#[allow(clippy::too_many_arguments)]
pub fn latency_phase(
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
                let e2e0 = procs::scrape_stage(&fz.metrics, "end_to_end").unwrap_or_default();
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
                // the processor merges its end-to-end histogram into /metrics once a second
                std::thread::sleep(Duration::from_millis(1100));
                let e2e = procs::share_within(
                    &e2e0,
                    &procs::scrape_stage(&fz.metrics, "end_to_end").unwrap_or_default(),
                );
                let (lat, probe_lat, emitted) = {
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
                        quantiles_ms(&openloop::hist_by(mine.iter(), |x| x.emitted_us)),
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
                    emitted_ms: emitted,
                    kept_up,
                    processor_e2e: e2e,
                    cpu_us_per_event: (cpu1 - cpu0) * 1e6
                        / done.saturating_sub(before).max(1) as f64,
                };
                log(format!(
                    "  processor's own end-to-end (record timestamp → action acked): {} actions, {:.1} % within 5 ms, {:.1} % within 10 ms, {:.1} % within 50 ms",
                    e2e.count, e2e.within_5ms * 100.0, e2e.within_10ms * 100.0, e2e.within_50ms * 100.0
                ));
                log(format!(
                    "  processed {processed_per_s:.0}/s, lag at end {lag}, caught up in {catch_up:.1} s, p50 {:.1} ms p99 {:.1} ms p99.9 {:.1} ms ({} actions; to emitted p50 {:.1} ms p99 {:.1} ms), sender max lateness {send_lag_ms:.1} ms, max unacked {}, broker cpu {:.2} cores, {}",
                    lat.p50, lat.p99, lat.p999, lat.count, emitted.p50, emitted.p99,
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
    // the processor's own cumulative end-to-end quantiles (warm-up and every step)
    std::thread::sleep(Duration::from_millis(1100));
    let e2e_total = procs::scrape_stage(&fz.metrics, "end_to_end").unwrap_or_default();
    let e2e_quantiles_ms: serde_json::Map<String, serde_json::Value> = e2e_total
        .quantiles
        .iter()
        .map(|(q, v)| {
            let key = if *q >= 1.0 {
                "max".to_string()
            } else {
                format!("p{}", q * 100.0)
            };
            (key, serde_json::json!(v * 1e3))
        })
        .collect();
    log(format!(
        "processor's own end-to-end over the whole phase ({} actions): {}",
        e2e_total.count,
        e2e_quantiles_ms
            .iter()
            .map(|(k, v)| format!("{k} {:.1} ms", v.as_f64().unwrap_or(0.0)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let cpu = fz.proc.stop(Duration::from_secs(15)) - cpu_start;
    let c = collected.into_inner().expect("collector");
    let all = quantiles_ms(&c.all);
    let probes = quantiles_ms(&openloop::hist_of(c.seen.iter().filter(|x| x.probe)));
    let scenario = quantiles_ms(&openloop::hist_of(c.seen.iter().filter(|x| !x.probe)));
    let emitted = quantiles_ms(&openloop::hist_by(c.seen.iter(), |x| x.emitted_us));
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
        "event_to_emitted_ms": emitted,
        "processor_end_to_end_ms": {"count": e2e_total.count, "quantiles": e2e_quantiles_ms},
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
