//! The process-wide view of the metrics: workers merge into it periodically; `/metrics`, the log
//! summary and `/readyz` read it.

use super::{Counters, Latency};
use crate::state::StateSize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

#[derive(Default)]
pub struct Hub {
    pub latency: Mutex<Latency>,
    pub counters: Mutex<Counters>,
    pub lag: Mutex<BTreeMap<(String, i32), i64>>,
    pub state: Mutex<StateSize>,
    pub ready: AtomicBool,
    pub live: AtomicBool,
}

impl Hub {
    pub fn merge(&self, latency: &mut Latency, counters: &mut Counters) {
        if let Ok(mut l) = self.latency.lock() {
            l.merge(latency);
        }
        latency.reset();
        if let Ok(mut c) = self.counters.lock() {
            c.merge(counters);
        }
        *counters = Counters::default();
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }
}
