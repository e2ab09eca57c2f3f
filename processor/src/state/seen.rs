//! Which events were already scored, so that a re-delivered record or a transfer the bank sends
//! again is not folded into state twice or stopped twice. The contract makes `event_id` the
//! idempotency key; a bank's `txn_id` names one transfer whatever record carries it, so a transfer
//! is known by its payer bank and `txn_id` and a call or watch-list event by its `event_id`.
//!
//! Re-deliveries (a partition handed back after a rebalance, a producer's retry) and resends come
//! within minutes, so ids are kept for one to two hours of event time, in two generations of an
//! hour: a lookup reads both, an insert goes to the newer, and when event time passes the hour the
//! older is dropped. The sets stay the size of an hour's events (cheap to probe, unlike a day's)
//! and a generation that reaches the state's entity cap rotates early.

use super::{hash_table_bytes, key, key2, PreHashed};
use fanzha_contract::{Event, EventBody};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

/// How long a generation lasts, in event time: an id is remembered for one to two of them.
pub const GENERATION_MS: i64 = 3_600_000;

type Ids = HashSet<u64, BuildHasherDefault<PreHashed>>;

pub struct Seen {
    gens: Mutex<Generations>,
    cap: usize,
}

#[derive(Default)]
struct Generations {
    newer: Ids,
    older: Ids,
    /// Event time the newer generation started at (0 before the first event).
    started_ms: i64,
}

/// Why an event is not scored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// The same `event_id` (a call or watch-list event) was scored before.
    Event,
    /// The same transfer (`txn_id`) was scored before, in this record or another.
    Transfer,
}

impl Default for Seen {
    fn default() -> Self {
        Seen::new(usize::MAX)
    }
}

impl Seen {
    /// Remembers at most `cap` ids per generation.
    pub fn new(cap: usize) -> Self {
        Seen {
            gens: Mutex::new(Generations::default()),
            cap: cap.max(1),
        }
    }

    /// Records the event; `Some` when it (or its transfer) was already seen.
    pub fn record(&self, event: &Event) -> Option<Repeat> {
        let (id, repeat) = match &event.body {
            // a transfer id is the payer bank's: two banks may number transfers alike
            EventBody::Transaction(t) => (key2(&t.payer_bank, &t.txn_id), Repeat::Transfer),
            _ => (key(&event.event_id), Repeat::Event),
        };
        let mut g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        let ts = event.ts_ms;
        if g.started_ms == 0 {
            g.started_ms = ts;
        } else if ts >= g.started_ms + GENERATION_MS || g.newer.len() >= self.cap {
            let g = &mut *g;
            if ts >= g.started_ms + 2 * GENERATION_MS {
                g.older.clear(); // a gap of two hours: the newer generation is old too
            } else {
                std::mem::swap(&mut g.newer, &mut g.older);
            }
            g.newer.clear();
            g.started_ms = ts;
        }
        if g.older.contains(&id) || !g.newer.insert(id) {
            return Some(repeat);
        }
        None
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        let g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        g.newer.len() + g.older.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the two sets' tables.
    pub fn bytes(&self) -> usize {
        let g = self.gens.lock().unwrap_or_else(|p| p.into_inner());
        hash_table_bytes(g.newer.capacity(), 8) + hash_table_bytes(g.older.capacity(), 8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanzha_contract::decode;

    fn call(id: &str, ts: i64) -> Event {
        decode(format!(r#"{{"type":"call","event_id":"{id}","ts_ms":{ts},"phase":"start","call_id":"c","caller":"1","callee":"2","caller_kind":"mobile"}}"#).as_bytes()).unwrap()
    }

    #[test]
    fn ids_are_kept_one_to_two_hours_of_event_time() {
        let t0 = 1_764_300_000_000;
        let seen = Seen::default();
        assert_eq!(seen.record(&call("a", t0)), None);
        assert_eq!(seen.record(&call("a", t0 + 1000)), Some(Repeat::Event));
        // next generation: "a" is still known
        assert_eq!(seen.record(&call("b", t0 + GENERATION_MS)), None);
        assert_eq!(
            seen.record(&call("a", t0 + GENERATION_MS + 1)),
            Some(Repeat::Event)
        );
        // one more: "a" (two generations back) is forgotten, "b" is not
        assert_eq!(seen.record(&call("c", t0 + 2 * GENERATION_MS)), None);
        assert_eq!(
            seen.record(&call("b", t0 + 2 * GENERATION_MS + 1)),
            Some(Repeat::Event)
        );
        assert_eq!(seen.record(&call("a", t0 + 2 * GENERATION_MS + 2)), None);
    }

    #[test]
    fn a_generation_at_the_cap_rotates_early() {
        let t0 = 1_764_300_000_000;
        let seen = Seen::new(2);
        for id in ["a", "b", "c", "d"] {
            assert_eq!(seen.record(&call(id, t0)), None);
        }
        assert!(seen.len() <= 4);
        assert_eq!(seen.record(&call("d", t0)), Some(Repeat::Event));
    }
}
