//! Which events (by `event_id`) and transfers (by `txn_id`) were already scored, so that a
//! re-delivered record or a transfer the bank sends again is not folded into state twice or
//! stopped twice. The contract makes `event_id` the idempotency key; a bank's `txn_id` names one
//! transfer whatever event carries it.
//!
//! Kept for a day of event time (re-deliveries after a restart or a rebalance, and resends, come
//! within minutes), and under the state's entity cap.

use super::ring::{to_secs, Secs};
use super::{key, key2, Map};
use fanzha_contract::{Event, EventBody};

/// How long an id is remembered, in event time.
pub const SEEN_FOR_MS: i64 = 86_400_000;

#[derive(Default)]
pub struct Seen {
    ids: Map<Secs>,
}

/// Why an event is not scored again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// The same `event_id` was scored before.
    Event,
    /// Another event carried the same transfer (`txn_id`) before.
    Transfer,
}

impl Seen {
    /// Records the event; `Some` when it (or its transfer) was already seen.
    pub fn record(&self, event: &Event) -> Option<Repeat> {
        let at = to_secs(event.ts_ms);
        if self.ids.insert(key(&event.event_id), at).is_some() {
            return Some(Repeat::Event);
        }
        if let EventBody::Transaction(t) = &event.body {
            if self.ids.insert(key2("txn", &t.txn_id), at).is_some() {
                return Some(Repeat::Transfer);
            }
        }
        None
    }

    /// Forgets ids older than [`SEEN_FOR_MS`] before `now_ms`, then the oldest past `cap`.
    pub fn evict(&self, now_ms: i64, cap: usize) {
        let cut = to_secs(now_ms - SEEN_FOR_MS);
        self.ids.retain(|_, t| *t >= cut);
        let len = self.ids.len();
        if len > cap {
            let mut times: Vec<Secs> = self.ids.iter().map(|e| *e.value()).collect();
            let excess = len - cap;
            let (_, oldest_kept, _) = times.select_nth_unstable(excess - 1);
            let cut = *oldest_kept;
            self.ids.retain(|_, t| *t > cut);
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub(super) fn map(&self) -> &Map<Secs> {
        &self.ids
    }
}
