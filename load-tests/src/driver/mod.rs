//! The load driver's parts (used by `src/bin/load.rs`): the workload with latency probes, Kafka
//! topics/producer/readers, the open-loop sender, child processes and their CPU time, reports.

pub mod args;
pub mod kafka;
pub mod latency;
pub mod openloop;
pub mod processor;
pub mod procs;
pub mod report;
pub mod throughput;
pub mod workload;

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The driver clock's zero: a monotonic instant and the wall clock (ms since the epoch) then.
fn base() -> &'static (Instant, i64) {
    static BASE: OnceLock<(Instant, i64)> = OnceLock::new();
    BASE.get_or_init(|| {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        (Instant::now(), wall)
    })
}

/// Nanoseconds since the driver started (one monotonic clock for every thread).
pub fn now_ns() -> i64 {
    base().0.elapsed().as_nanos() as i64
}

/// A driver-clock time as wall-clock milliseconds since the epoch (to compare with the
/// `emitted_ts_ms` the processor writes into an action).
pub fn wall_ms(ns: i64) -> f64 {
    base().1 as f64 + ns as f64 / 1e6
}

pub fn log(msg: impl AsRef<str>) {
    eprintln!("[load {:>7.1}s] {}", now_ns() as f64 / 1e9, msg.as_ref());
}
