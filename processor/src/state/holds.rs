//! Stop-payments fanzha issued, per account: on people's transfers into it (`payee.stops_24h`,
//! `payee.stops_in_a_row`: the scam's collecting account) and on transfers out of it
//! (`payer.held_24h`, `payer.held_in_a_row`: a victim told that one account failed is given
//! another). Each is counted from the holds' own times (see [`super::recent`]): over the 24 hours
//! of event time before the transfer being scored, and in a row — each hold less than a day after
//! the one before, the latest less than a day ago — so a rule can ask for either and say which.
//! Only accounts fanzha held a transfer of or into are in the table, so the times cost the other
//! accounts nothing.

use super::recent::RecentTimes;
use super::ring::Secs;

/// A hold counts this long (seconds) after it was issued, in event time; a run of holds ends
/// after this long without one.
pub const HOLD_MEMORY_S: u32 = 86_400;
/// How many hold times are kept per direction: the counts stop at this (rules ask for 1 to 3).
pub const HOLDS_KEPT: usize = 8;

/// One account's holds: on transfers into it and out of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holds {
    pub into: RecentTimes<HOLDS_KEPT>,
    pub out_of: RecentTimes<HOLDS_KEPT>,
}

impl Holds {
    /// Holds on transfers into the account: in the day before `now`, and in a row up to `now`.
    pub fn into_counts(&self, now: Secs) -> (u32, u32) {
        counts(&self.into, now)
    }

    /// Holds on transfers out of the account: in the day before `now`, and in a row up to `now`.
    pub fn out_of_counts(&self, now: Secs) -> (u32, u32) {
        counts(&self.out_of, now)
    }

    /// The latest hold either way: the table forgets the account [`HOLD_MEMORY_S`] after it.
    pub fn latest(&self) -> Secs {
        self.into.latest().max(self.out_of.latest())
    }
}

fn counts(t: &RecentTimes<HOLDS_KEPT>, now: Secs) -> (u32, u32) {
    (t.within(now, HOLD_MEMORY_S), t.in_a_row(now, HOLD_MEMORY_S))
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Secs = 3_600;

    #[test]
    fn holds_into_and_out_of_an_account_are_counted_apart() {
        let mut h = Holds::default();
        h.into.note(1_000);
        h.into.note(2_000);
        h.out_of.note(50_000);
        assert_eq!(h.into_counts(60_000), (2, 2));
        assert_eq!(h.out_of_counts(60_000), (1, 1));
        assert_eq!(h.into_counts(1_000 + HOLD_MEMORY_S), (1, 2));
        assert_eq!(h.latest(), 50_000);
    }

    #[test]
    fn a_hold_each_day_is_one_in_the_last_day_and_a_run_in_a_row() {
        // a seller one of whose customers is held every 20 hours
        let mut h = Holds::default();
        for i in 0..5 {
            h.into.note(100 * H + i * 20 * H);
        }
        assert_eq!(h.into_counts(181 * H), (2, 5));
        assert_eq!(h.into_counts(199 * H), (1, 5));
        // a day without one ends the run
        assert_eq!(h.into_counts(204 * H), (0, 0));
    }
}
