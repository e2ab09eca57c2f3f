//! The times of an account's latest few events of one kind (holds, pass-throughs), so that "how
//! many in the last day / week" is counted over that window of event time before the event being
//! scored, and "how many in a row" (a spree: each within a day of the one before) is a count of
//! its own, under its own name.

use super::ring::Secs;

/// The `N` latest times, newest first (0 = empty slot). Counts stop at `N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentTimes<const N: usize> {
    at: [Secs; N],
}

impl<const N: usize> Default for RecentTimes<N> {
    fn default() -> Self {
        RecentTimes { at: [0; N] }
    }
}

impl<const N: usize> RecentTimes<N> {
    /// Notes an event at `at`; one arriving late (events come a few seconds out of order) takes
    /// its place by time, and the oldest gives way when all slots are used.
    pub fn note(&mut self, at: Secs) {
        insert_by_time(&mut self.at, at.max(1), |&t| t);
    }

    /// Events in the `window_s` before `now`, counted to `N`. One noted at a time a few seconds
    /// after `now` counts too: it came from an event processed before this one.
    pub fn within(&self, now: Secs, window_s: u32) -> u32 {
        self.at
            .iter()
            .filter(|&&t| t != 0 && t + window_s > now)
            .count() as u32
    }

    /// Events in a row up to `now`, each less than `gap_s` after the one before, the latest less
    /// than `gap_s` before `now` (0 when it is older): a spree that ends only after `gap_s`
    /// without one. Counted to `N`. An event noted at a time after `now` counts as at `now`: its
    /// time cannot end the run of the events before it.
    pub fn in_a_row(&self, now: Secs, gap_s: u32) -> u32 {
        let mut next = now;
        let mut n = 0;
        for t in self.at.iter().take_while(|&&t| t != 0).map(|&t| t.min(now)) {
            if t + gap_s <= next {
                break;
            }
            n += 1;
            next = t;
        }
        n
    }

    /// The latest event (0 for none).
    pub fn latest(&self) -> Secs {
        self.at[0]
    }
}

/// Puts `item` into `slots`, kept newest first by `time` (empty slots have time 0), after any of
/// the same time; the oldest gives way when all are used, and an item older than all of them is
/// dropped.
pub fn insert_by_time<T: Copy>(slots: &mut [T], item: T, time: impl Fn(&T) -> Secs) {
    let at = time(&item);
    if let Some(slot) = slots.iter().position(|s| time(s) < at) {
        slots.copy_within(slot..slots.len() - 1, slot + 1);
        slots[slot] = item;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Secs = 3_600;
    const DAY: u32 = 86_400;

    #[test]
    fn an_event_counts_for_the_window_from_its_own_time() {
        let mut t = RecentTimes::<4>::default();
        t.note(10 * H);
        t.note(20 * H);
        assert_eq!(t.within(21 * H, DAY), 2);
        // the first is a day old: only the second counts
        assert_eq!(t.within(34 * H, DAY), 1);
        assert_eq!(t.within(44 * H, DAY), 0);
    }

    #[test]
    fn events_a_window_apart_do_not_chain() {
        // one a day for a week, each just over a day after the one before: never two in a day
        let mut t = RecentTimes::<4>::default();
        for day in 0..7 {
            let at = 100 * H + day * 25 * H;
            t.note(at);
            assert_eq!(t.within(at + 1, DAY), 1, "day {day}");
        }
    }

    #[test]
    fn late_events_take_their_place_and_the_oldest_gives_way() {
        let mut t = RecentTimes::<4>::default();
        for i in 0..4 {
            t.note(1_000 + i * 10);
        }
        t.note(995); // older than all kept: dropped
        assert_eq!(t.at, [1_030, 1_020, 1_010, 1_000]);
        t.note(1_005); // late, between the two oldest
        assert_eq!(t.at, [1_030, 1_020, 1_010, 1_005]);
        assert_eq!(t.latest(), 1_030);
        assert_eq!(t.within(2_000, DAY), 4);
    }

    #[test]
    fn a_run_lasts_while_each_event_comes_within_the_gap_of_the_one_before() {
        let mut t = RecentTimes::<4>::default();
        for at in [10 * H, 30 * H, 50 * H] {
            t.note(at);
        }
        // three in a row, 20 h apart; two of them within the day before 51 h, one before 71 h
        assert_eq!(t.in_a_row(51 * H, DAY), 3);
        assert_eq!(t.within(51 * H, DAY), 2);
        assert_eq!(t.in_a_row(71 * H, DAY), 3);
        assert_eq!(t.within(71 * H, DAY), 1);
        // a day after the last, the run is over
        assert_eq!(t.in_a_row(74 * H, DAY), 0);
        // a gap of a day or more ends a run: the next one starts over
        t.note(80 * H);
        assert_eq!(t.in_a_row(81 * H, DAY), 1);
    }

    #[test]
    fn an_event_noted_after_now_does_not_end_the_run_before_it() {
        // three in a row, then one stamped two days ahead (a wrong clock)
        let mut t = RecentTimes::<8>::default();
        for at in [10 * H, 20 * H, 30 * H, 80 * H] {
            t.note(at);
        }
        assert_eq!(t.in_a_row(31 * H, DAY), 4);
    }

    #[test]
    fn an_event_noted_seconds_after_now_counts() {
        let mut t = RecentTimes::<2>::default();
        t.note(5_000);
        assert_eq!(t.within(4_997, DAY), 1);
        assert_eq!(t.in_a_row(4_997, DAY), 1);
    }
}
