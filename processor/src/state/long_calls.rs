//! A person's long conversations with risky numbers over the last day. The "police" keep a victim
//! on the line for half an hour and have them move the savings later that day or the next
//! morning, after a day of ordinary calls has pushed that call out of the last few calls a phone
//! keeps for the call context.

use fanzha_contract::CallerKind;

/// Talk time from which a call counts as a long conversation.
pub const RISKY_CONVERSATION_MS: i64 = 20 * 60 * 1000;
/// How long such a call is remembered after it ended.
pub const REMEMBERED_MS: i64 = 24 * 3600 * 1000;

const SPOOF: u8 = 0x80;

/// A remembered call, as the features read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongCall {
    /// When it ended (to the second; the later of two kept calls to the minute).
    pub end_ms: i64,
    pub kind: CallerKind,
    pub spoof: bool,
}

/// Up to two such calls in eight bytes: the earliest that ended within a day of the latest one,
/// and that latest one. A later call never hides an earlier one that still counts, and the
/// earlier one expiring does not hide the later.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LongCalls {
    /// End of the earlier kept call, in seconds since the epoch (0 = none kept).
    first_end_s: u32,
    /// Minutes from the earlier kept call's end to the later one's.
    later_after_min: u16,
    /// Caller kind (index + 1) and spoof bit of each call; 0 = none.
    first_tag: u8,
    later_tag: u8,
}

fn tag(kind: CallerKind, spoof: bool) -> u8 {
    (kind as u8 + 1) | if spoof { SPOOF } else { 0 }
}

fn untag(end_ms: i64, tag: u8) -> Option<LongCall> {
    let kind = *CallerKind::ALL.get(((tag & !SPOOF) as usize).checked_sub(1)?)?;
    Some(LongCall {
        end_ms,
        kind,
        spoof: tag & SPOOF != 0,
    })
}

impl LongCalls {
    /// The calls kept, earlier first.
    pub fn calls(&self) -> impl Iterator<Item = LongCall> {
        let first_ms = self.first_end_s as i64 * 1000;
        let later_ms = first_ms + self.later_after_min as i64 * 60_000;
        let first = (self.first_end_s != 0)
            .then(|| untag(first_ms, self.first_tag))
            .flatten();
        let later = (self.first_end_s != 0)
            .then(|| untag(later_ms, self.later_tag))
            .flatten();
        first.into_iter().chain(later)
    }

    /// Notes a call of [`RISKY_CONVERSATION_MS`] or more that ended at `end_ms`. Ends may arrive
    /// in any order; of all the calls noted, the earliest that ended within [`REMEMBERED_MS`] of
    /// the latest and the latest are kept.
    pub fn note(&mut self, end_ms: i64, kind: CallerKind, spoof: bool) {
        let new = LongCall {
            end_ms: end_ms.max(1000) / 1000 * 1000,
            kind,
            spoof,
        };
        let newest = self.calls().map(|c| c.end_ms).fold(new.end_ms, i64::max);
        let counts = |c: &LongCall| newest - c.end_ms <= REMEMBERED_MS;
        let mut kept = self.calls().chain([new]).filter(counts);
        let mut first = kept.next().unwrap_or(new);
        let mut later = first;
        for c in kept {
            if c.end_ms < first.end_ms {
                first = c;
            }
            if c.end_ms >= later.end_ms {
                later = c;
            }
        }
        self.first_end_s = (first.end_ms / 1000).min(u32::MAX as i64) as u32;
        self.first_tag = tag(first.kind, first.spoof);
        if later != first {
            self.later_after_min = ((later.end_ms - first.end_ms) / 60_000) as u16;
            self.later_tag = tag(later.kind, later.spoof);
        } else {
            self.later_after_min = 0;
            self.later_tag = 0;
        }
    }

    /// The call that ended longest ago but within [`REMEMBERED_MS`] before `ts_ms` (not after it).
    pub fn earliest_within_a_day(&self, ts_ms: i64) -> Option<LongCall> {
        self.calls()
            .find(|c| c.end_ms <= ts_ms && ts_ms - c.end_ms <= REMEMBERED_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_764_300_000_000;
    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;

    #[test]
    fn eight_bytes() {
        assert_eq!(std::mem::size_of::<LongCalls>(), 8);
    }

    #[test]
    fn a_later_call_does_not_hide_an_earlier_one_that_still_counts() {
        let mut l = LongCalls::default();
        l.note(T0, CallerKind::Virtual, false);
        l.note(T0 + 10 * HOUR, CallerKind::Voip, true);
        let c = l.earliest_within_a_day(T0 + 11 * HOUR).unwrap();
        assert_eq!(
            (c.end_ms, c.kind, c.spoof),
            (T0, CallerKind::Virtual, false)
        );
        // the earlier one expires; the later one still counts
        let c = l.earliest_within_a_day(T0 + 25 * HOUR).unwrap();
        assert_eq!(
            (c.end_ms, c.kind, c.spoof),
            (T0 + 10 * HOUR, CallerKind::Voip, true)
        );
        assert!(l.earliest_within_a_day(T0 + 35 * HOUR).is_none());
        // a transfer before both calls ended sees neither
        assert!(l.earliest_within_a_day(T0 - MIN).is_none());
    }

    #[test]
    fn ends_in_any_order_keep_the_earliest_within_a_day_and_the_latest() {
        let mut l = LongCalls::default();
        l.note(T0 + 20 * HOUR, CallerKind::Unknown, false);
        l.note(T0 + 2 * HOUR, CallerKind::Virtual, false); // arrives late
        l.note(T0 + 5 * HOUR, CallerKind::Voip, false); // neither earliest nor latest
        let kept: Vec<_> = l.calls().map(|c| (c.end_ms, c.kind)).collect();
        assert_eq!(
            kept,
            vec![
                (T0 + 2 * HOUR, CallerKind::Virtual),
                (T0 + 20 * HOUR, CallerKind::Unknown)
            ]
        );
        // a call a day after the latest drops both: the earliest kept is the one before it
        l.note(T0 + 44 * HOUR, CallerKind::Voip, false);
        let kept: Vec<_> = l.calls().map(|c| c.end_ms).collect();
        assert_eq!(kept, vec![T0 + 20 * HOUR, T0 + 44 * HOUR]);
    }

    #[test]
    fn times_before_2020_are_kept_too() {
        let mut l = LongCalls::default();
        l.note(3_600_000, CallerKind::Virtual, false);
        assert_eq!(
            l.earliest_within_a_day(7_200_000).unwrap().end_ms,
            3_600_000
        );
    }
}
