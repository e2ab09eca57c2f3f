//! Per-account money state: what an account sent and received recently, its usual amounts, and
//! what fanzha concluded about it (suspected victim, mule).

use super::devices::KeptDevice;
use super::recent::RecentTimes;
use super::ring::{to_secs, Flow, Ring, Secs, NEW_RELATION};

/// fanzha warned about or stopped a transfer from this account: a suspected victim.
pub const SUSPECT_VICTIM: u8 = 1;
/// fanzha froze this account, or it is on the `mule_accounts` watch-list: a mule.
pub const MULE: u8 = 2;
/// fanzha emitted a freeze_account for this account (freezes are emitted once).
pub const FROZEN: u8 = 4;
/// Its payers have seen a storefront's name (see [`super::holder::is_storefront`]): a shop's
/// account. Set once: a sole proprietor's customers paying by bank transfer see the owner's name.
pub const SHOP: u8 = 8;

#[derive(Clone, Debug, Default)]
pub struct AccountState {
    pub first_seen: Secs,
    pub last_seen: Secs,
    /// Transfers out: repeat transfers within a day merge when full (see [`Ring::push_keeping`]),
    /// so a card emptied in twenty chunks to the same few accounts still shows what it sent.
    pub out: Ring<8>,
    /// Transfers in: repeat transfers from the same payer within a day merge when full (a mule
    /// paid chunk after chunk by the layer before it); others are dropped oldest first.
    pub inbound: Ring<8>,
    /// Transfers out and in seen so far, counted to 65,535 (a platform paid by millions stays at
    /// the top: every rule asks for a few or a hundred).
    pub out_count: u16,
    pub in_count: u16,
    /// Exponentially weighted mean of ln(amount in yuan) of outbound transfers.
    pub usual_ln_yuan: f32,
    pub max_out_fen: i64,
    pub flags: u8,
    /// Hash of the holder name others see when paying this account (0 = not seen).
    pub holder: u32,
    /// When this account last passed on most of an inbound sum within 30 minutes (see
    /// [`AccountState::note_forward`]): the latest [`FORWARDS_KEPT`] times.
    pub forwards: RecentTimes<FORWARDS_KEPT>,
    /// The phone bound to this account (KYC), as [`BoundPhone`] saw it on the latest transfer that
    /// named one; 0 = none seen. Lets a transfer that names no phone still join the payer's calls
    /// and reach the payer with a warning.
    pub phone: BoundPhone,
    /// The device kept for this account (see [`super::devices::KeptDevice`]).
    pub device: KeptDevice,
    /// The internet address this account last used (see [`super::devices::network_of`]).
    pub network: KeptDevice,
}

const DAY_S: u32 = 86_400;
/// A "rebate" comes back within this long of the "order" it pays back.
const REBATE_WITHIN_S: u32 = 2 * 3_600;
/// Orders smaller than this (fen) are not counted: a coffee and a friend's ¥50 the same hour.
const REBATE_MIN_FEN: i64 = 10_000;
/// The "order" a rebate pays back is small: the scam's hook, not a purchase.
const REBATE_MAX_FEN: i64 = 200_000;

/// Whether a rebate received at `rebate` (from [`AccountState::last_rebate`]) is within `window_s`
/// before `now`: one scan of the flows answers several windows.
pub fn rebate_within(rebate: Option<Secs>, now: Secs, window_s: u32) -> bool {
    rebate.is_some_and(|at| at + window_s > now)
}

/// Pass-throughs older than this are forgotten.
pub const FORWARD_MEMORY_S: u32 = 7 * 86_400;
/// How many pass-through times an account keeps: `forwards_7d` is counted to this (rules ask
/// for none, one, or two and more).
pub const FORWARDS_KEPT: usize = 3;
/// A pass-through moves at least this much (fen).
pub const FORWARD_MIN_FEN: i64 = 100_000;

impl AccountState {
    fn touch(&mut self, at: Secs) {
        if self.first_seen == 0 || at < self.first_seen {
            self.first_seen = at.max(1);
        }
        self.last_seen = self.last_seen.max(at);
    }

    pub fn record_out(&mut self, ts_ms: i64, amount_fen: i64, payee: u32, flags: u8) {
        let at = to_secs(ts_ms);
        self.touch(at);
        self.out
            .push_keeping(Flow::new(at, payee, flags, amount_fen), DAY_S);
        let ln = ln_yuan(amount_fen);
        self.usual_ln_yuan = if self.out_count == 0 {
            ln
        } else {
            // heavier weight early so a handful of transfers settle the habit
            let w = (1.0 / (self.out_count as f32 + 1.0)).max(0.1);
            self.usual_ln_yuan * (1.0 - w) + ln * w
        };
        self.out_count = self.out_count.saturating_add(1);
        self.max_out_fen = self.max_out_fen.max(amount_fen);
    }

    pub fn record_in(&mut self, ts_ms: i64, amount_fen: i64, payer: u32, flags: u8) {
        let at = to_secs(ts_ms);
        self.touch(at);
        self.inbound
            .push_keeping_repeats(Flow::new(at, payer, flags, amount_fen), DAY_S);
        self.in_count = self.in_count.saturating_add(1);
    }

    /// When the latest task-scam "rebate" up to `now` came in: money from a first-time sender,
    /// 105-160 % of the ¥100-2,000 this account had paid a first-time payee at most two hours
    /// before (a small "order" paid back with a commission, by the "shop" itself or by another
    /// account of the scam). A refund is never more than what was paid.
    pub fn last_rebate(&self, now: Secs) -> Option<Secs> {
        self.inbound
            .iter()
            .filter(|i| {
                i.flags() & NEW_RELATION != 0
                    && i.at <= now
                    && self.out.iter().any(|o| {
                        let (paid, back) = (o.amount_fen(), i.amount_fen());
                        o.flags() & NEW_RELATION != 0
                            && o.at <= i.at
                            && i.at <= o.at + REBATE_WITHIN_S
                            && (REBATE_MIN_FEN..=REBATE_MAX_FEN).contains(&paid)
                            && back * 20 >= paid * 21
                            && back * 5 <= paid * 8
                    })
            })
            .map(|i| i.at)
            .max()
    }

    /// A "rebate" (see [`AccountState::last_rebate`]) within `window_s` before `now`.
    pub fn rebated_at(&self, now: Secs, window_s: u32) -> bool {
        rebate_within(self.last_rebate(now), now, window_s)
    }

    /// Pass-throughs in the [`FORWARD_MEMORY_S`] before `now`, counted to [`FORWARDS_KEPT`].
    pub fn forwards_at(&self, now: Secs) -> u32 {
        self.forwards.within(now, FORWARD_MEMORY_S)
    }

    /// After an outbound transfer of `amount_fen` was recorded: if it completed passing on
    /// 80-105 % of what came in during the 30 minutes before (not to the holder's own name),
    /// counts one pass-through. Chunks of one sum count once: only the chunk that crosses 80 %.
    pub fn note_forward(&mut self, ts_ms: i64, amount_fen: i64, own_name: bool) {
        let now = to_secs(ts_ms);
        let inbound = self.inbound.window(now, 1800).amount_fen;
        if own_name || inbound < FORWARD_MIN_FEN {
            return;
        }
        let out = self.out.window(now, 1800).amount_fen;
        let before = (out - amount_fen) as f64 / inbound as f64;
        let after = out as f64 / inbound as f64;
        if before < 0.8 && (0.8..=1.05).contains(&after) {
            self.forwards.note(now);
        }
    }

    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// The usual outbound amount in fen (geometric mean), if there is any history.
    pub fn usual_fen(&self) -> Option<i64> {
        (self.out_count > 0).then(|| (self.usual_ln_yuan.exp() as f64 * 100.0).round() as i64)
    }
}

/// A phone number of 1 to 18 ASCII digits, optionally after a `+`, packed into a `u64`: a
/// leading 1 (2 with the `+`) keeps leading zeros; 0 = none. Numbers that do not fit are not
/// remembered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoundPhone(u64);

impl BoundPhone {
    pub fn pack(phone: &str) -> BoundPhone {
        let (lead, b) = match phone.strip_prefix('+') {
            Some(rest) => (2u64, rest.as_bytes()),
            None => (1u64, phone.as_bytes()),
        };
        if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
            return BoundPhone(0);
        }
        BoundPhone(b.iter().fold(lead, |n, d| n * 10 + (d - b'0') as u64))
    }

    pub fn is_some(self) -> bool {
        self.0 != 0
    }

    /// The number, without allocating: a buffer and where in it the number starts.
    fn digits(self) -> ([u8; 20], usize) {
        let (mut buf, mut n, mut i) = ([0u8; 20], self.0, 20);
        while n > 0 {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        // the leading digit is 1 for a plain number, 2 for one written with a `+`
        if buf[i] == b'2' {
            buf[i] = b'+';
            (buf, i)
        } else {
            (buf, i + 1)
        }
    }

    /// The phone's state key (same as `key(phone)`), if a phone is bound.
    pub fn key(self) -> Option<u64> {
        self.is_some().then(|| {
            let (buf, from) = self.digits();
            crate::state::key(std::str::from_utf8(&buf[from..]).unwrap_or(""))
        })
    }

    pub fn unpack(self) -> Option<String> {
        self.is_some().then(|| {
            let (buf, from) = self.digits();
            String::from_utf8_lossy(&buf[from..]).into_owned()
        })
    }
}

pub fn ln_yuan(amount_fen: i64) -> f32 {
    ((amount_fen as f64 / 100.0).max(0.01)).ln() as f32
}

/// A payer → payee relationship: when it began and how often money went that way.
#[derive(Clone, Copy, Debug, Default)]
pub struct Relation {
    pub first: Secs,
    pub last: Secs,
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_counts_stop_at_the_top_of_sixteen_bits() {
        let mut a = AccountState::default();
        for i in 0..70_000i64 {
            a.record_in(1_700_000_000_000 + i * 1_000, 100, 7, 0);
        }
        assert_eq!(a.in_count, u16::MAX);
        a.record_out(1_700_100_000_000, 100, 9, 0);
        assert_eq!(a.out_count, 1);
    }

    #[test]
    fn pass_throughs_are_counted_over_the_week_before_not_chained() {
        // a wholesaler passes a day's takings on every six days: each within a week of the one
        // before, but never more than two in any week
        let day: i64 = 86_400_000;
        let t0 = 1_700_000_000_000;
        let mut a = AccountState::default();
        for i in 0..4 {
            let at = t0 + i * 6 * day;
            a.record_in(at, 500_000, 7, 0);
            a.record_out(at + 60_000, 490_000, 9, 0);
            a.note_forward(at + 60_000, 490_000, false);
        }
        let last = to_secs(t0 + 18 * day + 60_000);
        assert_eq!(a.forwards_at(last), 2);
        // a week after the third, only the fourth is left
        assert_eq!(a.forwards_at(last + 2 * 86_400), 1);
        assert_eq!(a.forwards_at(last + 7 * 86_400), 0);
    }

    #[test]
    fn usual_amount_follows_the_habit() {
        let mut a = AccountState::default();
        assert_eq!(a.usual_fen(), None);
        for i in 0..10 {
            a.record_out(1_764_300_000_000 + i * 1000, 20_000, i as u32, 0);
        }
        let usual = a.usual_fen().unwrap();
        assert!((19_900..=20_100).contains(&usual), "{usual}");
        a.record_out(1_764_300_100_000, 5_000_000, 99, 0);
        assert!(a.usual_fen().unwrap() < 100_000);
        assert_eq!(a.max_out_fen, 5_000_000);
        assert_eq!(a.out_count, 11);
    }

    #[test]
    fn a_rebate_is_a_small_order_paid_back_soon_with_a_commission() {
        const T: i64 = 1_764_300_000_000;
        const MIN: i64 = 60_000;
        let now = |ms: i64| to_secs(ms);
        let with = |back_from: u32, back_fen: i64, back_after: i64| {
            let mut a = AccountState::default();
            a.record_out(T, 20_000, 7, NEW_RELATION); // a ¥200 "order" to a new payee
            a.record_in(T + back_after, back_fen, back_from, NEW_RELATION);
            a
        };
        // ¥260 back from someone else 20 minutes later: a rebate, remembered for a day
        let a = with(9, 26_000, 20 * MIN);
        assert!(a.rebated_at(now(T + 30 * MIN), 86_400));
        assert!(!a.rebated_at(now(T + 20 * MIN + 86_400_000), 86_400));
        // ¥260 back from the payee itself: the same "commission"
        assert!(with(7, 26_000, 20 * MIN).rebated_at(now(T + 30 * MIN), 86_400));
        // a refund (the same sum, from the shop or anyone), or twice the sum: not one
        assert!(!with(7, 20_000, 20 * MIN).rebated_at(now(T + 30 * MIN), 86_400));
        assert!(!with(9, 20_000, 20 * MIN).rebated_at(now(T + 30 * MIN), 86_400));
        assert!(!with(9, 40_000, 20 * MIN).rebated_at(now(T + 30 * MIN), 86_400));
        // three hours later: not paying back that order
        assert!(!with(9, 26_000, 180 * MIN).rebated_at(now(T + 190 * MIN), 86_400));
    }

    #[test]
    fn bound_phones_round_trip() {
        for p in [
            "13800138000",
            "0531888812",
            "1",
            "123456789012345678",
            "+8613800138000",
            "+852912345678901234",
        ] {
            let b = BoundPhone::pack(p);
            assert!(b.is_some(), "{p}");
            assert_eq!(b.unpack().as_deref(), Some(p));
            assert_eq!(b.key(), Some(crate::state::key(p)));
        }
        for p in ["", "+", "1234567890123456789", "138-0013", "++86138"] {
            assert_eq!(BoundPhone::pack(p), BoundPhone::default(), "{p}");
            assert_eq!(BoundPhone::pack(p).key(), None);
        }
    }
}
