//! Event-time alignment across partitions.
//!
//! Topics are consumed in fetch batches, so one topic can run ahead of another by thousands of
//! records. To join a call to the transfer that follows it, records are released in event-time
//! order: a record is released once every active partition has delivered something at least as
//! late (the watermark). A partition that delivered nothing for `idle` (wall time; 0 = at once)
//! stops holding the others back — unless it is known to be behind (records the broker has that
//! were not yet delivered, e.g. while catching up on a backlog, or an assigned partition whose
//! first fetch has not arrived yet): then it holds the others back for up to [`STALL_MAX`]. With
//! `idle` = 0 this is Kafka Streams' `max.task.idle.ms = 0`: wait only for partitions with known
//! lag. Offsets become committable only when every record before them was released.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

pub type PartitionId = (u16, i32);

/// A partition that is behind but delivered nothing for this long stops holding the others back
/// (a stuck fetch must not stop the processor).
pub const STALL_MAX: Duration = Duration::from_secs(10);

struct Held<T> {
    ts_ms: i64,
    seq: u64,
    offset: i64,
    item: T,
}

impl<T> Held<T> {
    fn key(&self) -> (i64, u64) {
        (self.ts_ms, self.seq)
    }
}

/// A partition's held offsets in offset order, each with whether it was released; released ones
/// leave from the front. Records arrive in offset order, so holding is a push at the back and
/// releasing a binary search: no allocation per record (a `BTreeSet` allocated nodes).
#[derive(Default)]
struct Pending(VecDeque<(i64, bool)>);

impl Pending {
    fn insert(&mut self, offset: i64) {
        match self.0.back() {
            Some(&(last, _)) if offset <= last => {
                if let Err(i) = self.0.binary_search_by_key(&offset, |x| x.0) {
                    self.0.insert(i, (offset, false));
                }
            }
            _ => self.0.push_back((offset, false)),
        }
    }

    fn remove(&mut self, offset: i64) {
        if self.0.front().is_some_and(|x| x.0 == offset) {
            self.0[0].1 = true; // the usual case: released in offset order
        } else if let Ok(i) = self.0.binary_search_by_key(&offset, |x| x.0) {
            self.0[i].1 = true;
        }
        while self.0.front().is_some_and(|x| x.1) {
            self.0.pop_front();
        }
    }

    /// The lowest offset still held.
    fn first(&self) -> Option<i64> {
        self.0.front().map(|x| x.0)
    }
}

struct PartState<T> {
    /// Held records in event-time order (arrival order among equal times).
    queue: VecDeque<Held<T>>,
    max_ts: i64,
    last_seen: Instant,
    held: Pending,
    next_offset: i64,
    /// Delivered at least one record (valid or not) since it was registered.
    touched: bool,
    /// Where consumption of a registered partition starts (its committed offset), if known.
    start: Option<i64>,
}

/// Each partition's held records are a queue sorted by event time (records mostly arrive in
/// order, so holding one is a push at the back); releasing takes the earliest head among the
/// partitions, the same order a heap over all records gave, without sifting thousands of them.
pub struct Reorder<T> {
    parts: HashMap<PartitionId, PartState<T>>,
    seq: u64,
    idle: Duration,
}

impl<T> Reorder<T> {
    pub fn new(idle: Duration) -> Self {
        Reorder {
            parts: HashMap::new(),
            seq: 0,
            idle,
        }
    }

    /// Records held, over every partition (a handful of queues: counted, not tracked).
    pub fn len(&self) -> usize {
        self.parts.values().map(|p| p.queue.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.values().all(|p| p.queue.is_empty())
    }

    fn part(&mut self, part: PartitionId, now: Instant) -> &mut PartState<T> {
        self.parts.entry(part).or_insert_with(|| PartState {
            queue: VecDeque::new(),
            max_ts: i64::MIN,
            last_seen: now,
            held: Pending::default(),
            next_offset: 0,
            touched: false,
            start: None,
        })
    }

    /// Notes an assigned partition before it delivers anything: until it does (or is known to
    /// have nothing to deliver), it holds the others back. `start` is where consumption starts.
    pub fn register(&mut self, part: PartitionId, start: Option<i64>, now: Instant) {
        let p = self.part(part, now);
        if !p.touched {
            p.start = start;
            p.last_seen = now;
        }
    }

    /// Holds a record with an event time.
    pub fn push(&mut self, part: PartitionId, offset: i64, ts_ms: i64, item: T, now: Instant) {
        self.seq += 1;
        let seq = self.seq;
        let p = self.part(part, now);
        p.max_ts = p.max_ts.max(ts_ms);
        p.last_seen = now;
        p.held.insert(offset);
        p.next_offset = p.next_offset.max(offset + 1);
        p.touched = true;
        let h = Held {
            ts_ms,
            seq,
            offset,
            item,
        };
        match p.queue.back() {
            Some(last) if last.ts_ms > ts_ms => {
                let at = p.queue.partition_point(|x| x.ts_ms <= ts_ms);
                p.queue.insert(at, h);
            }
            _ => p.queue.push_back(h),
        }
    }

    /// Notes a record that needs no ordering (it was malformed): its offset is done.
    pub fn pass(&mut self, part: PartitionId, offset: i64, now: Instant) {
        let p = self.part(part, now);
        p.last_seen = now;
        p.next_offset = p.next_offset.max(offset + 1);
        p.touched = true;
    }

    /// The event time up to which every active partition has delivered. `behind(part, next)` says
    /// whether the broker has records of a quiet partition beyond `next` (the offset the partition
    /// will deliver next: after its last record, else where it starts, `None` when unknown).
    pub fn watermark(
        &self,
        now: Instant,
        behind: &mut dyn FnMut(PartitionId, Option<i64>) -> bool,
    ) -> i64 {
        self.parts
            .iter()
            .filter(|(k, p)| {
                let quiet = now.duration_since(p.last_seen);
                if quiet < self.idle {
                    return true;
                }
                if quiet >= STALL_MAX {
                    return false;
                }
                let next = if p.touched {
                    Some(p.next_offset)
                } else {
                    p.start
                };
                behind(**k, next)
            })
            .map(|(_, p)| p.max_ts)
            .min()
            .unwrap_or(i64::MAX)
    }

    /// Releases, in event-time order, every held record at or before the watermark (all of
    /// them with `drain`); no partition counts as behind.
    pub fn release(&mut self, now: Instant, drain: bool, f: impl FnMut(T)) {
        self.release_with(now, drain, &mut |_, _| false, f)
    }

    /// [`Self::release`], with a view of which partitions are behind (see [`Self::watermark`]).
    pub fn release_with(
        &mut self,
        now: Instant,
        drain: bool,
        behind: &mut dyn FnMut(PartitionId, Option<i64>) -> bool,
        mut f: impl FnMut(T),
    ) {
        let wm = if drain {
            i64::MAX
        } else {
            self.watermark(now, behind)
        };
        loop {
            let next = self
                .parts
                .iter()
                .filter_map(|(k, p)| Some((p.queue.front()?.key(), *k)))
                .min();
            let Some(((ts_ms, _), part)) = next else {
                break;
            };
            if ts_ms > wm {
                break;
            }
            let p = self.parts.get_mut(&part).expect("found above");
            let h = p.queue.pop_front().expect("has a head");
            p.held.remove(h.offset);
            f(h.item);
        }
    }

    /// For each partition, the offset to commit: everything before it has been released.
    pub fn committable(&self) -> impl Iterator<Item = (PartitionId, i64)> + '_ {
        self.parts
            .iter()
            .filter(|(_, p)| p.touched)
            .map(|(k, p)| (*k, p.held.first().unwrap_or(p.next_offset)))
    }

    /// Forgets partitions (after a rebalance took them away), with the records still held from
    /// them: they were never released here, and their new owner reads them from the committed
    /// offset.
    pub fn retain_parts(&mut self, keep: impl Fn(&PartitionId) -> bool) {
        self.parts.retain(|k, _| keep(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_by_event_time_then_arrival_even_out_of_order_within_a_partition() {
        let now = Instant::now();
        let mut r: Reorder<(i64, u64)> = Reorder::new(Duration::ZERO);
        let mut x: u64 = 7;
        let (mut pushed, mut parts) = (Vec::new(), Vec::new());
        for seq in 0..2_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let part = (0, (x >> 60) as i32 % 3);
            // mostly increasing, a tenth up to 5 s late, many equal times
            let late = if (x >> 40).is_multiple_of(10) {
                (x >> 20) % 5_000
            } else {
                0
            };
            let ts = (seq as i64 / 4) * 100 - late as i64;
            r.push(part, seq as i64, ts, (ts, seq), now);
            pushed.push((ts, seq));
            parts.push(part);
        }
        assert_eq!(r.len(), 2_000);
        let mut out = Vec::new();
        r.release(now, true, |x| out.push(x));
        pushed.sort();
        assert_eq!(
            out, pushed,
            "the order a sort by (event time, arrival) gives"
        );
        assert!(r.is_empty());
        // everything released: each partition commits past its last record
        for (part, o) in r.committable() {
            let last = parts.iter().rposition(|p| *p == part).expect("pushed to");
            assert_eq!(o, last as i64 + 1, "{part:?}");
        }
    }

    #[test]
    fn a_revoked_partition_takes_its_held_records_with_it() {
        let now = Instant::now();
        let mut r: Reorder<&str> = Reorder::new(Duration::from_secs(60));
        r.push((0, 0), 0, 100, "a", now);
        r.push((0, 1), 0, 50, "b", now);
        r.push((0, 1), 1, 500, "c", now);
        r.retain_parts(|p| *p == (0, 0));
        assert_eq!(r.len(), 1);
        let mut out = vec![];
        r.release(now, true, |x| out.push(x));
        assert_eq!(out, vec!["a"], "b and c are their new owner's to process");
    }

    #[test]
    fn pending_offsets_commit_up_to_the_lowest_still_held() {
        let mut p = Pending::default();
        for o in [5, 6, 9, 3, 9] {
            p.insert(o); // 3 arrives late (a re-fetch), 9 twice: kept once, in order
        }
        assert_eq!(p.first(), Some(3));
        p.remove(6);
        p.remove(3);
        assert_eq!(p.first(), Some(5), "6 released, 5 not yet");
        p.remove(5);
        assert_eq!(p.first(), Some(9));
        p.remove(7); // never held: nothing changes
        p.remove(9);
        assert_eq!(p.first(), None);
        assert!(p.0.is_empty());
    }

    #[test]
    fn releases_in_event_time_across_partitions() {
        let now = Instant::now();
        let mut r: Reorder<&str> = Reorder::new(Duration::from_secs(60));
        r.push((0, 0), 0, 100, "t@100", now);
        r.push((0, 0), 1, 300, "t@300", now);
        let mut out = vec![];
        r.release(now, false, |x| out.push(x));
        assert_eq!(out, vec!["t@100", "t@300"], "one partition: its own order");
        r.push((1, 0), 0, 200, "c@200", now);
        r.push((0, 0), 2, 400, "t@400", now);
        out.clear();
        r.release(now, false, |x| out.push(x));
        assert_eq!(
            out,
            vec!["c@200"],
            "t@400 waits for the call partition to pass 400"
        );
        assert_eq!(r.committable().collect::<HashMap<_, _>>()[&(0, 0)], 2);
        r.push((1, 0), 1, 450, "c@450", now);
        out.clear();
        r.release(now, false, |x| out.push(x));
        assert_eq!(out, vec!["t@400"]);
        out.clear();
        r.release(now, true, |x| out.push(x));
        assert_eq!(out, vec!["c@450"]);
        let c: HashMap<_, _> = r.committable().collect();
        assert_eq!((c[&(0, 0)], c[&(1, 0)]), (3, 2));
    }

    #[test]
    fn an_idle_partition_stops_holding_back() {
        let t0 = Instant::now();
        let mut r: Reorder<i32> = Reorder::new(Duration::from_millis(100));
        r.push((1, 0), 0, 50, 1, t0);
        r.push((0, 0), 0, 500, 2, t0);
        let mut out = vec![];
        r.release(t0, false, |x| out.push(x));
        assert_eq!(out, vec![1]);
        r.release(t0 + Duration::from_millis(150), false, |x| out.push(x));
        assert_eq!(out, vec![1, 2]);
    }

    #[test]
    fn a_quiet_partition_that_is_behind_still_holds_back() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_millis(150);
        let mut r: Reorder<i32> = Reorder::new(Duration::from_millis(100));
        r.push((1, 0), 0, 50, 1, t0);
        r.push((0, 0), 0, 500, 2, t0);
        let mut out = vec![];
        // the broker has more of (1, 0) than it delivered: wait for it
        let mut behind = |p: PartitionId, next: Option<i64>| p == (1, 0) && next == Some(1);
        r.release_with(t1, false, &mut behind, |x| out.push(x));
        assert_eq!(out, vec![1]);
        r.push((1, 0), 1, 600, 3, t1);
        r.release_with(t1, false, &mut behind, |x| out.push(x));
        assert_eq!(out, vec![1, 2, 3]);
        // ... but not forever
        r.push((0, 0), 1, 700, 4, t1);
        let late = t1 + STALL_MAX;
        r.release_with(late, false, &mut |_, _| true, |x| out.push(x));
        assert_eq!(out, vec![1, 2, 3, 4]);
    }

    #[test]
    fn with_no_idle_time_only_a_partition_that_is_behind_holds_back() {
        let t0 = Instant::now();
        let mut r: Reorder<i32> = Reorder::new(Duration::ZERO);
        r.push((1, 0), 0, 50, 1, t0);
        r.push((0, 0), 0, 500, 2, t0);
        let mut out = vec![];
        // (1, 0) has more on the broker: 2 waits for it
        let mut behind = |p: PartitionId, next: Option<i64>| p == (1, 0) && next == Some(1);
        r.release_with(t0, false, &mut behind, |x| out.push(x));
        assert_eq!(out, vec![1]);
        // caught up: 2 goes at once, without waiting for (1, 0) to be quiet
        r.release_with(t0, false, &mut |_, _| false, |x| out.push(x));
        assert_eq!(out, vec![1, 2]);
    }

    #[test]
    fn a_registered_partition_holds_back_until_it_delivers_or_is_caught_up() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_millis(150);
        let mut r: Reorder<i32> = Reorder::new(Duration::from_millis(100));
        r.register((1, 0), Some(7), t0);
        r.push((0, 0), 0, 500, 1, t0);
        let mut out = vec![];
        r.release_with(t0, false, &mut |_, _| false, |x| out.push(x));
        assert!(out.is_empty(), "fresh assignment: wait for its first fetch");
        let mut behind = |_: PartitionId, next: Option<i64>| next.is_some_and(|n| n < 10);
        r.release_with(t1, false, &mut behind, |x| out.push(x));
        assert!(out.is_empty(), "it starts at 7 and the broker has 10");
        let mut caught_up = |_: PartitionId, next: Option<i64>| next.is_some_and(|n| n < 7);
        r.release_with(t1, false, &mut caught_up, |x| out.push(x));
        assert_eq!(out, vec![1]);
        let c: HashMap<_, _> = r.committable().collect();
        assert!(!c.contains_key(&(1, 0)), "nothing to commit for it yet");
    }
}
