//! Per-phone call state: the calls a person received (to join them to the transfers that follow),
//! and the calls a number made (fan-out: scam call centres dial hundreds of numbers a day).

use super::key;
use super::long_calls::{LongCalls, RISKY_CONVERSATION_MS};
use super::ring::{to_secs, Flow, Ring, Secs};
use fanzha_contract::{Call, CallPhase, CallerKind};

/// One call as the callee experienced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallRec {
    pub call_id: u32,
    pub caller: u64,
    pub start_ms: i64,
    /// `i64::MAX` while no end has been seen.
    pub end_ms: i64,
    pub kind: CallerKind,
    pub spoof: bool,
    /// How many calls the caller had started in the 24 h before this call started.
    pub caller_calls_24h: u16,
}

impl CallRec {
    /// The call as a start or end event describes it (an end event carries the talk time, so
    /// the start is derived); `caller_calls_24h` is the caller's fan-out the caller has counted.
    pub fn from_event(ts_ms: i64, c: &Call, caller_calls_24h: u32) -> CallRec {
        let is_end = c.phase == CallPhase::End;
        CallRec {
            call_id: key(&c.call_id) as u32,
            caller: key(&c.caller),
            start_ms: if is_end {
                ts_ms - c.duration_s.unwrap_or(0) * 1000
            } else {
                ts_ms
            },
            end_ms: if is_end { ts_ms } else { i64::MAX },
            kind: c.caller_kind,
            spoof: c.spoof_suspected.unwrap_or(false),
            caller_calls_24h: caller_calls_24h.min(u16::MAX as u32) as u16,
        }
    }

    /// An ended conversation of [`RISKY_CONVERSATION_MS`] or more with a virtual, VoIP or unknown
    /// number or a spoofed one, worth remembering for a day. Numbers abroad are left out unless
    /// spoofed: a relative abroad talks as long, and the son's call must not hide a "police" call
    /// before it.
    pub fn is_long_risky_conversation(&self) -> bool {
        let ended = self.end_ms != i64::MAX;
        let risky = (self.kind.is_risky() && self.kind != CallerKind::International) || self.spoof;
        ended && risky && self.end_ms - self.start_ms >= RISKY_CONVERSATION_MS
    }

    pub fn active_at(&self, ts_ms: i64) -> bool {
        self.start_ms <= ts_ms && ts_ms < self.end_ms
    }
    pub fn ended_by(&self, ts_ms: i64) -> bool {
        self.end_ms <= ts_ms
    }
    /// Talk time up to `ts_ms` (the whole call when it has ended by then).
    pub fn duration_at(&self, ts_ms: i64) -> i64 {
        (self.end_ms.min(ts_ms) - self.start_ms).max(0)
    }
}

const CALLS_KEPT: usize = 4;

/// A person's recent received calls and warning cooldown.
#[derive(Clone, Debug, Default)]
pub struct PhoneState {
    calls: [Option<CallRec>; CALLS_KEPT],
    /// Long conversations with risky or spoofed numbers over the last day.
    pub long_calls: LongCalls,
    /// When fanzha last warned this person, in seconds since the epoch (0 = never).
    last_warned_s: u32,
    pub last_seen: Secs,
}

/// A call is treated as open for at most this long without an end event (lost end events).
pub const MAX_OPEN_CALL_MS: i64 = 4 * 3600 * 1000;
/// Calls that ended this long ago still explain a transfer: within it, the longest call is the
/// one that matters.
pub const COACHING_MEMORY_MS: i64 = 3 * 3600 * 1000;

impl PhoneState {
    pub fn calls(&self) -> impl Iterator<Item = &CallRec> {
        self.calls.iter().flatten()
    }

    /// Records a call start or end (they may arrive in either order) and returns the call as
    /// known now: an end completes its start, and a spoof flag on either phase marks the call.
    pub fn record(&mut self, rec: CallRec, is_end: bool) -> CallRec {
        self.last_seen = self.last_seen.max(to_secs(rec.start_ms.max(0)));
        if let Some(existing) = self
            .calls
            .iter_mut()
            .flatten()
            .find(|c| c.call_id == rec.call_id)
        {
            if is_end {
                existing.end_ms = rec.end_ms;
                existing.start_ms = existing.start_ms.min(rec.start_ms);
            } else {
                existing.start_ms = rec.start_ms;
                existing.caller_calls_24h = rec.caller_calls_24h;
            }
            existing.spoof |= rec.spoof;
            return *existing;
        }
        // Replace an empty slot, else the call that started earliest.
        let slot = match self.calls.iter().position(|c| c.is_none()) {
            Some(i) => i,
            None => {
                let (i, oldest) = self
                    .calls
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, c)| c.map(|c| c.start_ms).unwrap_or(i64::MIN))
                    .expect("non-empty");
                if oldest.map(|c| c.start_ms > rec.start_ms).unwrap_or(false) {
                    return rec; // older than everything kept
                }
                i
            }
        };
        self.calls[slot] = Some(rec);
        rec
    }

    /// When fanzha last warned this person (to the second).
    pub fn last_warned_ms(&self) -> Option<i64> {
        (self.last_warned_s != 0).then(|| self.last_warned_s as i64 * 1000)
    }

    /// Notes a warning at `ts_ms`; a warning stamped earlier than the one noted (out of order)
    /// does not move it back.
    pub fn set_warned(&mut self, ts_ms: i64) {
        let s = (ts_ms / 1000).clamp(1, u32::MAX as i64) as u32;
        self.last_warned_s = self.last_warned_s.max(s);
    }

    /// The call that matters at `ts_ms`: a connected one (the longest-running if several), else
    /// the longest call that ended within [`COACHING_MEMORY_MS`] (a scammer's conversation, not the
    /// hang-up that came after it), else the one that ended most recently.
    pub fn current_or_recent(&self, ts_ms: i64) -> Option<&CallRec> {
        let open = |c: &&CallRec| c.active_at(ts_ms) && ts_ms - c.start_ms <= MAX_OPEN_CALL_MS;
        if let Some(c) = self.calls().filter(open).min_by_key(|c| c.start_ms) {
            return Some(c);
        }
        let ended = || self.calls().filter(|c| c.ended_by(ts_ms));
        ended()
            .filter(|c| ts_ms - c.end_ms <= COACHING_MEMORY_MS)
            .max_by_key(|c| (c.duration_at(ts_ms), c.end_ms))
            .or_else(|| ended().max_by_key(|c| c.end_ms))
    }
}

/// The calls a number made: starts per hour over the last day, and recent long calls.
#[derive(Clone, Debug, Default)]
pub struct CallerState {
    hours: [(u32, u16); 24],
    pub long_calls: Ring<4>,
    pub last_seen: Secs,
}

impl CallerState {
    pub fn record_start(&mut self, ts_ms: i64) {
        let hour = (to_secs(ts_ms) / 3600) + 1; // +1 so that 0 means empty
        let b = &mut self.hours[(hour % 24) as usize];
        if b.0 != hour {
            *b = (hour, 0);
        }
        b.1 = b.1.saturating_add(1);
        self.last_seen = self.last_seen.max(to_secs(ts_ms));
    }

    pub fn record_end(&mut self, ts_ms: i64, duration_s: i64, callee: u32) {
        if duration_s >= 600 {
            self.long_calls
                .push(Flow::new(to_secs(ts_ms), callee, 0, duration_s));
        }
        self.last_seen = self.last_seen.max(to_secs(ts_ms));
    }

    /// Calls started in the 24 hours up to `ts_ms` (hour resolution).
    pub fn starts_24h(&self, ts_ms: i64) -> u32 {
        let hour = (to_secs(ts_ms) / 3600) + 1;
        self.hours
            .iter()
            .filter(|(h, _)| *h != 0 && *h <= hour && *h + 24 > hour)
            .map(|(_, n)| *n as u32)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: u32, start: i64, end: i64) -> CallRec {
        CallRec {
            call_id: id,
            caller: 7,
            start_ms: start,
            end_ms: end,
            kind: CallerKind::Virtual,
            spoof: false,
            caller_calls_24h: 0,
        }
    }

    #[test]
    fn start_then_end_and_end_before_start() {
        let mut p = PhoneState::default();
        p.record(rec(1, 1_000, i64::MAX), false);
        assert!(p.current_or_recent(5_000).unwrap().active_at(5_000));
        p.record(rec(1, 1_000, 9_000), true);
        assert!(!p.current_or_recent(10_000).unwrap().active_at(10_000));
        // a transfer at 5 s is still during the call even if the end arrived first
        assert!(p.current_or_recent(5_000).unwrap().active_at(5_000));
        assert_eq!(
            p.current_or_recent(5_000).unwrap().duration_at(5_000),
            4_000
        );

        let mut q = PhoneState::default();
        q.record(rec(2, 3_000, 8_000), true); // end arrived first
        q.record(rec(2, 3_000, i64::MAX), false);
        assert_eq!(q.current_or_recent(9_000).unwrap().end_ms, 8_000);
    }

    #[test]
    fn keeps_most_recent_calls() {
        let mut p = PhoneState::default();
        for i in 0..6 {
            p.record(rec(i, i as i64 * 100, i as i64 * 100 + 50), true);
        }
        assert_eq!(p.calls().count(), CALLS_KEPT);
        assert!(p.calls().all(|c| c.call_id >= 2));
        assert_eq!(p.current_or_recent(1_000).unwrap().call_id, 5);
    }

    #[test]
    fn a_hang_up_after_a_long_call_does_not_hide_it() {
        let mut p = PhoneState::default();
        let min = 60_000;
        p.record(rec(1, 0, 20 * min), true); // a 20-minute conversation
        p.record(rec(2, 30 * min, 30 * min + 3_000), true); // a 3-second call after it
        assert_eq!(p.current_or_recent(40 * min).unwrap().call_id, 1);
        // hours later only the latest call is context
        assert_eq!(p.current_or_recent(5 * 60 * min).unwrap().call_id, 2);
        // a connected call wins over any ended one
        p.record(rec(3, 50 * min, i64::MAX), false);
        assert_eq!(p.current_or_recent(55 * min).unwrap().call_id, 3);
    }

    #[test]
    fn long_risky_calls_are_noted_apart_from_the_last_few_calls() {
        let min = 60_000;
        let t0 = 1_764_300_000_000;
        let call = |id: u32, kind: CallerKind, spoof: bool, talk_min: i64| CallRec {
            kind,
            spoof,
            ..rec(id, t0, t0 + talk_min * min)
        };
        let noted = |c: CallRec| {
            let mut p = PhoneState::default();
            let merged = p.record(c, true);
            if merged.is_long_risky_conversation() {
                p.long_calls.note(merged.end_ms, merged.kind, merged.spoof);
            }
            p.long_calls.calls().next()
        };
        assert!(noted(call(1, CallerKind::Virtual, false, 35)).is_some());
        assert!(noted(call(2, CallerKind::Voip, false, 20)).is_some());
        assert!(
            noted(call(3, CallerKind::Virtual, false, 19)).is_none(),
            "short"
        );
        assert!(
            noted(call(4, CallerKind::Mobile, false, 60)).is_none(),
            "ordinary"
        );
        assert!(
            noted(call(5, CallerKind::International, false, 60)).is_none(),
            "abroad"
        );
        let spoofed = noted(call(6, CallerKind::International, true, 30)).unwrap();
        assert_eq!(
            (spoofed.kind, spoofed.spoof),
            (CallerKind::International, true)
        );

        // a day of ordinary calls pushes it out of the call context, not out of this memory
        let mut p = PhoneState::default();
        p.long_calls.note(t0 + 35 * min, CallerKind::Virtual, false);
        for i in 2..10 {
            let at = t0 + i as i64 * 60 * min;
            p.record(rec(i, at, at + 5 * min), true);
        }
        assert!(p.calls().all(|c| c.call_id != 1));
        assert_eq!(p.long_calls.calls().next().unwrap().end_ms, t0 + 35 * min);

        // a call still going is not a conversation yet
        let open = CallRec {
            end_ms: i64::MAX,
            ..call(7, CallerKind::Voip, false, 0)
        };
        assert!(!open.is_long_risky_conversation());
    }

    #[test]
    fn a_spoof_flag_on_either_phase_marks_the_call() {
        let mut p = PhoneState::default();
        let start = CallRec {
            spoof: true,
            ..rec(1, 1_000, i64::MAX)
        };
        p.record(start, false);
        let merged = p.record(rec(1, 1_000, 9_000), true);
        assert!(merged.spoof);
        assert_eq!((merged.start_ms, merged.end_ms), (1_000, 9_000));
        let mut q = PhoneState::default();
        q.record(rec(2, 1_000, i64::MAX), false);
        let end = CallRec {
            spoof: true,
            ..rec(2, 1_000, 9_000)
        };
        assert!(q.record(end, true).spoof);
        assert!(q.calls().next().unwrap().spoof);
    }

    #[test]
    fn a_warning_is_remembered_to_the_second_and_never_moved_back() {
        let mut p = PhoneState::default();
        assert_eq!(p.last_warned_ms(), None);
        p.set_warned(1_764_300_000_250);
        assert_eq!(p.last_warned_ms(), Some(1_764_300_000_000));
        p.set_warned(1_764_200_000_000); // an earlier one, arriving late
        assert_eq!(p.last_warned_ms(), Some(1_764_300_000_000));
        let mut old = PhoneState::default();
        old.set_warned(3_600_000); // 1970: the cooldown still holds
        assert_eq!(old.last_warned_ms(), Some(3_600_000));
    }

    #[test]
    fn caller_fanout_over_a_day() {
        let mut c = CallerState::default();
        let t0 = 1_764_300_000_000;
        for i in 0..30 {
            c.record_start(t0 + i * 600_000); // every 10 min for 5 h
        }
        assert_eq!(c.starts_24h(t0 + 30 * 600_000), 30);
        assert_eq!(c.starts_24h(t0 + 40 * 3_600_000), 0);
    }
}
