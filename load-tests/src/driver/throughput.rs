//! The throughput comparison: one pre-filled topic set drained by a bare rdkafka consumer, by
//! fanzha and by the quixstreams peer, each from the start.

use super::args::{workspace, Args};
use super::kafka::{self, Topics};
use super::processor::start_processor;
use super::procs::{self, Drain};
use super::{log, now_ns, workload};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub fn throughput_phase(
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
        // the process's CPU over time, to read it at the moment of the last action: the
        // baselines' CPU ends with their last record too, not after the idle wait and shutdown
        let pid = fz.proc.pid();
        let cpu_track: Mutex<Vec<(i64, f64)>> = Mutex::new(Vec::new());
        let mut d = std::thread::scope(|s| {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(c) = procs::cpu_secs(pid) {
                        cpu_track.lock().expect("cpu").push((now_ns(), c));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
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
            // fanzha merges its counters once a second; rendering /metrics every 50 ms would
            // add ~3 % to the CPU being measured, so scrape at most every 500 ms
            let mut scraped: Option<Instant> = None;
            let d = procs::measure_drain("fanzha", &mut fz.proc, n as u64, timeout, || {
                if scraped.is_some_and(|t| t.elapsed() < Duration::from_millis(500)) {
                    return None;
                }
                scraped = Some(Instant::now());
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
        // from ready (partitions assigned: the first fetches, the decoding of everything the
        // start-up hold kept and the reorder are inside) to the first CPU reading after the last
        // probe's action, per record up to that probe
        let whole_run = cpu_end - cpu_ready;
        let track = cpu_track.into_inner().expect("cpu");
        let until_last = last.and_then(|(t1, i1)| {
            let (_, c) = track.iter().find(|(t, _)| *t >= t1)?;
            Some((c - cpu_ready, i1 as u64 + 1))
        });
        (d.cpu_seconds, d.cpu_us_per_event) = match until_last {
            Some((cpu, events)) if d.consumed >= events => (cpu, cpu * 1e6 / events as f64),
            // no probe timed: the whole run, conservatively
            _ => (whole_run, whole_run * 1e6 / d.consumed.max(1) as f64),
        };
        d.cpu_seconds_total = cpu_end;
        log(format!(
            "{d:?} ({} probe actions timed; from ready to the last action: {:.0}/s; CPU from \
             ready to the stop, idle wait and shutdown included: {:.1} µs/event)",
            arr.len(),
            from_ready.unwrap_or(0.0),
            whole_run * 1e6 / d.consumed.max(1) as f64
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
