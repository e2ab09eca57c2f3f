//! The load driver's parts (used by `src/bin/load.rs`): the workload with latency probes, Kafka
//! topics/producer/readers, the open-loop sender, child processes and their CPU time, reports.

pub mod kafka;
pub mod openloop;
pub mod procs;
pub mod report;
pub mod workload;

use std::sync::OnceLock;
use std::time::Instant;

/// Nanoseconds since the driver started (one monotonic clock for every thread).
pub fn now_ns() -> i64 {
    static BASE: OnceLock<Instant> = OnceLock::new();
    BASE.get_or_init(Instant::now).elapsed().as_nanos() as i64
}
