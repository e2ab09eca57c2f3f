//! The open-loop sender: record `i` is due at `segment start + k / rate`, whatever the broker or
//! the processor are doing; its due time (not the time it actually left) is what latency is
//! measured from, so a slow processor or a slow send cannot hide latency (no coordinated
//! omission). Actions read back are matched to the triggering record by `trigger_event_id`.

use super::kafka;
use super::workload::Msg;
use super::{now_ns, wall_ms};
use hdrhistogram::Histogram;
use rdkafka::producer::{DefaultProducerContext, Producer, ThreadedProducer};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Due times (ns on the driver clock; 0 = not sent yet) and how many records were sent.
pub struct Schedule {
    pub due: Vec<AtomicI64>,
    pub sent: AtomicU64,
    /// The worst lateness of an actual send behind its due time, in ns.
    pub max_send_lag_ns: AtomicI64,
    /// The most records the producer held unacknowledged (the broker behind on ingest).
    pub max_in_flight: AtomicI64,
}

impl Schedule {
    pub fn new(n: usize) -> Schedule {
        Schedule {
            due: (0..n).map(|_| AtomicI64::new(0)).collect(),
            sent: AtomicU64::new(0),
            max_send_lag_ns: AtomicI64::new(0),
            max_in_flight: AtomicI64::new(0),
        }
    }
}

/// Sends `msgs[from..from + count]` at `rate` records/s from now on. Returns (start, end) on the
/// driver clock.
pub fn send_segment(
    p: &ThreadedProducer<DefaultProducerContext>,
    topics: &[String; 3],
    msgs: &[Msg],
    from: usize,
    count: usize,
    rate: f64,
    sched: &Schedule,
) -> Result<(i64, i64), String> {
    let start = now_ns();
    let period = 1e9 / rate;
    for k in 0..count {
        let i = from + k;
        let due = start + (k as f64 * period) as i64;
        loop {
            let now = now_ns();
            if now >= due {
                break;
            }
            let wait = due - now;
            if wait > 200_000 {
                std::thread::sleep(Duration::from_nanos((wait - 100_000) as u64));
            } else {
                std::hint::spin_loop();
            }
        }
        sched.due[i].store(due, Ordering::Release);
        let m = &msgs[i];
        kafka::send(p, &topics[m.topic as usize], &m.key, &m.payload)?;
        sched.sent.fetch_add(1, Ordering::Relaxed);
        let lag = now_ns() - due;
        sched.max_send_lag_ns.fetch_max(lag, Ordering::Relaxed);
        if k % 64 == 0 {
            sched
                .max_in_flight
                .fetch_max(p.in_flight_count() as i64, Ordering::Relaxed);
        }
    }
    Ok((start, now_ns()))
}

/// One action read back.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    /// Arrival at the driver (ns on the driver clock).
    pub at_ns: i64,
    /// Arrival − due time of the triggering record, in µs.
    pub latency_us: u64,
    /// The action's `emitted_ts_ms` − due time, in µs (ms resolution): the part before the
    /// action reader's fetch.
    pub emitted_us: u64,
    pub index: usize,
    pub probe: bool,
}

/// What the action reader collected.
pub struct Collected {
    pub seen: Vec<Seen>,
    pub unmatched: u64,
    pub all: Histogram<u64>,
}

impl Default for Collected {
    fn default() -> Self {
        Collected {
            seen: Vec::new(),
            unmatched: 0,
            all: Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("bounds"),
        }
    }
}

#[derive(serde::Deserialize)]
struct ActionHead {
    trigger_event_id: String,
    #[serde(default)]
    emitted_ts_ms: i64,
}

/// Matches each action payload to its triggering record and records its latency.
pub fn on_action(
    index: &HashMap<String, usize>,
    msgs: &[Msg],
    sched: &Schedule,
    out: &Mutex<Collected>,
    at_ns: i64,
    payload: &[u8],
) {
    let mut c = out.lock().expect("collector");
    let Ok(head) = serde_json::from_slice::<ActionHead>(payload) else {
        c.unmatched += 1;
        return;
    };
    let Some(&i) = index.get(&head.trigger_event_id) else {
        c.unmatched += 1;
        return;
    };
    let due = sched.due[i].load(Ordering::Acquire);
    if due == 0 {
        c.unmatched += 1;
        return;
    }
    let latency_us = ((at_ns - due).max(1) / 1000).max(1) as u64;
    let emitted_us = ((head.emitted_ts_ms as f64 - wall_ms(due)) * 1000.0).max(1.0) as u64;
    c.all.saturating_record(latency_us);
    c.seen.push(Seen {
        at_ns,
        latency_us,
        emitted_us,
        index: i,
        probe: msgs[i].probe,
    });
}

/// Quantiles of a latency histogram in milliseconds.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct LatencyMs {
    pub count: u64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
    pub mean: f64,
}

pub fn quantiles_ms(h: &Histogram<u64>) -> LatencyMs {
    if h.is_empty() {
        return LatencyMs::default();
    }
    let q = |x: f64| h.value_at_quantile(x) as f64 / 1000.0;
    LatencyMs {
        count: h.len(),
        p50: q(0.5),
        p90: q(0.9),
        p99: q(0.99),
        p999: q(0.999),
        max: h.max() as f64 / 1000.0,
        mean: h.mean() / 1000.0,
    }
}

pub fn hist_of<'a>(seen: impl Iterator<Item = &'a Seen>) -> Histogram<u64> {
    hist_by(seen, |s| s.latency_us)
}

/// A histogram of one of each action's times (µs).
pub fn hist_by<'a>(
    seen: impl Iterator<Item = &'a Seen>,
    f: impl Fn(&Seen) -> u64,
) -> Histogram<u64> {
    let mut h = Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("bounds");
    for s in seen {
        h.saturating_record(f(s));
    }
    h
}
