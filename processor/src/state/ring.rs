//! A small fixed-capacity list of recent money flows, kept in event-time order.
//!
//! Windows are answered by scanning: with at most `N` entries this is a handful of compares, and it
//! keeps memory per entity fixed. Entries arriving out of order are inserted in place. When full,
//! [`Ring::push`] drops the oldest entry; [`Ring::push_keeping`] instead merges two repeat
//! transfers into one (amounts added, transfers counted) while the oldest is still inside the
//! longest window read, so a card emptied in twenty chunks to the same few accounts still adds up
//! to what it sent. `distinct` counts kept entries: after merges it can undercount counterparties.

/// Seconds since 2020-01-01T00:00:00Z: four bytes cover until 2156.
pub type Secs = u32;
const BASE_MS: i64 = 1_577_836_800_000;

pub fn to_secs(ts_ms: i64) -> Secs {
    ((ts_ms - BASE_MS).max(0) / 1000).min(u32::MAX as i64) as Secs
}

pub fn from_secs(at: Secs) -> i64 {
    BASE_MS + at as i64 * 1000
}

/// One transfer as seen from one side: when, how much, with whom, and flags about the other side.
///
/// Twelve bytes. The amount and the three flag bits share one `u32` (see [`AmountCode`]): exact to
/// the fen below ¥2,684,354.56, exact to the yuan (fen dropped) up to ¥268,435,455, and saturated
/// above that. Window sums of such large transfers can therefore be off by less than ¥1 per flow;
/// single transfers beyond ¥268M saturate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    pub at: Secs,
    /// The counterparty, as a 32-bit hash of its account (distinct-counting only).
    pub party: u32,
    /// amount code << 3 | flags
    packed: u32,
}

/// Bits of [`Flow`] flags kept (NEW_RELATION, FROM_SUSPECT, FROM_MULE).
const FLAG_BITS: u32 = 3;
const FLAG_MASK: u32 = (1 << FLAG_BITS) - 1;

/// A non-negative amount in fen as a 29-bit code: below 2^28 the fen themselves, else 2^28 plus
/// the whole yuan (saturating).
pub struct AmountCode;

impl AmountCode {
    const YUAN: u32 = 1 << 28;
    /// Largest amount kept exactly to the fen: ¥2,684,354.55.
    pub const EXACT_MAX_FEN: i64 = Self::YUAN as i64 - 1;
    /// Largest amount representable (whole yuan): ¥268,435,455.
    pub const MAX_FEN: i64 = (Self::YUAN as i64 - 1) * 100;

    pub fn encode(amount_fen: i64) -> u32 {
        if amount_fen <= 0 {
            0
        } else if amount_fen <= Self::EXACT_MAX_FEN {
            amount_fen as u32
        } else {
            Self::YUAN | (amount_fen / 100).min(Self::YUAN as i64 - 1) as u32
        }
    }

    pub fn decode(code: u32) -> i64 {
        if code < Self::YUAN {
            code as i64
        } else {
            (code - Self::YUAN) as i64 * 100
        }
    }
}

impl Flow {
    /// `flags` keeps its low three bits (the flow flags below).
    pub fn new(at: Secs, party: u32, flags: u8, amount_fen: i64) -> Flow {
        debug_assert!(flags as u32 & !FLAG_MASK == 0, "flow flags {flags:#b}");
        Flow {
            at,
            party,
            packed: (AmountCode::encode(amount_fen) << FLAG_BITS) | (flags as u32 & FLAG_MASK),
        }
    }
    pub fn amount_fen(&self) -> i64 {
        AmountCode::decode(self.packed >> FLAG_BITS)
    }
    pub fn flags(&self) -> u8 {
        (self.packed & FLAG_MASK) as u8
    }
}

/// The counterparty had never been paid by / never paid this account before.
pub const NEW_RELATION: u8 = 1;
/// The counterparty was flagged as a suspected scam victim when the flow happened.
pub const FROM_SUSPECT: u8 = 2;
/// The counterparty was flagged as a mule when the flow happened.
pub const FROM_MULE: u8 = 4;

#[derive(Clone, Debug)]
pub struct Ring<const N: usize> {
    len: u8,
    /// Transfers each entry stands for: 1, or more once merged (saturating).
    n: [u8; N],
    items: [Flow; N],
}

impl<const N: usize> Default for Ring<N> {
    fn default() -> Self {
        Ring {
            len: 0,
            n: [1; N],
            items: [Flow::default(); N],
        }
    }
}

/// Sums over a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WindowSum {
    pub count: u32,
    pub amount_fen: i64,
    pub distinct: u32,
    pub flagged: [u32; 3],
}

impl<const N: usize> Ring<N> {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Flow> {
        self.items[..self.len as usize].iter()
    }

    pub fn push(&mut self, flow: Flow) {
        let len = self.len as usize;
        // Position after every entry not later than this one (stable for equal times).
        let pos = self.items[..len].partition_point(|f| f.at <= flow.at);
        if len == N {
            if pos == 0 {
                return; // older than everything kept: nothing to keep it for
            }
            self.items.copy_within(1..pos, 0);
            self.items[pos - 1] = flow;
            self.n.copy_within(1..pos, 0);
            self.n[pos - 1] = 1;
        } else {
            self.items.copy_within(pos..len, pos + 1);
            self.n.copy_within(pos..len, pos + 1);
            self.items[pos] = flow;
            self.n[pos] = 1;
            self.len += 1;
        }
    }

    /// Like [`Ring::push`], but when the ring is full, `flow` is not older than everything kept,
    /// and the oldest entry is less than `keep_s` older than the newest, two entries merge into
    /// one instead of the oldest being dropped: of the adjacent pairs of repeat transfers (not
    /// [`NEW_RELATION`]) with the same flags, the pair closest in time (the same counterparty
    /// first, then the older); with no such pair, the oldest is dropped. The merged entry keeps
    /// the earlier time, the sum of the amounts, the number of transfers and the later
    /// counterparty: a window starting between the two merged times leaves both out (undercount),
    /// and a window ending between them (an out-of-order event) counts both.
    pub fn push_keeping(&mut self, flow: Flow, keep_s: u32) {
        self.push_merging(flow, keep_s, false)
    }

    /// [`Ring::push_keeping`] that merges only transfers with the same counterparty (a payer
    /// sending chunk after chunk); other entries are dropped oldest first, as by [`Ring::push`].
    pub fn push_keeping_repeats(&mut self, flow: Flow, keep_s: u32) {
        self.push_merging(flow, keep_s, true)
    }

    fn push_merging(&mut self, flow: Flow, keep_s: u32, same_party_only: bool) {
        let len = self.len as usize;
        let full = len == N && N >= 2;
        if full && flow.at >= self.items[0].at {
            let newest = flow.at.max(self.items[len - 1].at);
            if self.items[0].at.saturating_add(keep_s) > newest {
                // first transfers to or from a party stay whole (new-payee sums, escalation and
                // rebates read them one by one)
                let closest = (0..len - 1)
                    .map(|i| (i, &self.items[i], &self.items[i + 1]))
                    .filter(|(_, a, b)| a.flags() == b.flags() && a.flags() & NEW_RELATION == 0)
                    .filter(|(_, a, b)| !same_party_only || a.party == b.party)
                    .min_by_key(|&(i, a, b)| (b.at - a.at, a.party != b.party, i));
                if let Some((i, _, _)) = closest {
                    let (a, b) = (self.items[i], self.items[i + 1]);
                    let amount = a.amount_fen() + b.amount_fen();
                    self.items[i] = Flow::new(a.at, b.party, a.flags(), amount);
                    self.n[i] = self.n[i].saturating_add(self.n[i + 1]);
                    self.items.copy_within(i + 2..len, i + 1);
                    self.n.copy_within(i + 2..len, i + 1);
                    self.len -= 1;
                }
            }
        }
        self.push(flow);
    }

    /// Flows with `now - window < at <= now`. Entries later than `now` (arrived out of order) are
    /// not part of the window.
    pub fn window(&self, now: Secs, window_s: u32) -> WindowSum {
        let from = now.saturating_sub(window_s);
        let mut s = WindowSum::default();
        let mut seen = [0u32; N];
        let kept = self.iter().zip(self.n);
        for (f, n) in kept.filter(|(f, _)| f.at > from && f.at <= now) {
            s.count += n as u32;
            s.amount_fen += f.amount_fen();
            if !seen[..s.distinct as usize].contains(&f.party) {
                seen[s.distinct as usize] = f.party;
                s.distinct += 1;
            }
            for (bit, slot) in [NEW_RELATION, FROM_SUSPECT, FROM_MULE]
                .iter()
                .zip(&mut s.flagged)
            {
                if f.flags() & bit != 0 {
                    *slot += n as u32;
                }
            }
        }
        s
    }

    /// The latest flow at or before `now`.
    pub fn latest_before(&self, now: Secs) -> Option<&Flow> {
        self.iter().rev().find(|f| f.at <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(at: Secs, amount: i64, party: u32) -> Flow {
        Flow::new(at, party, 0, amount)
    }

    #[test]
    fn a_flow_is_twelve_bytes_and_keeps_amount_and_flags() {
        assert_eq!(std::mem::size_of::<Flow>(), 12);
        let f = Flow::new(1, u32::MAX, NEW_RELATION | FROM_MULE, 123_456_789);
        assert_eq!(
            (f.amount_fen(), f.flags(), f.party),
            (123_456_789, NEW_RELATION | FROM_MULE, u32::MAX)
        );
        let g = Flow::new(1, 2, FROM_SUSPECT, 1);
        assert_eq!((g.amount_fen(), g.flags()), (1, FROM_SUSPECT));
    }

    #[test]
    fn amounts_are_exact_to_the_fen_then_to_the_yuan_then_saturate() {
        let keep = |a: i64| Flow::new(0, 0, FROM_MULE, a).amount_fen();
        for a in [0, 1, 99, 200_000_000, AmountCode::EXACT_MAX_FEN] {
            assert_eq!(keep(a), a);
        }
        // ¥2,684,354.56 and up: whole yuan, fen dropped (error < ¥1)
        assert_eq!(keep(AmountCode::EXACT_MAX_FEN + 1), 268_435_400);
        assert_eq!(keep(4_000_000_000), 4_000_000_000);
        assert_eq!(keep(4_000_000_057), 4_000_000_000);
        assert_eq!(keep(AmountCode::MAX_FEN), AmountCode::MAX_FEN);
        // beyond ¥268,435,455: saturated
        assert_eq!(keep(AmountCode::MAX_FEN + 100), AmountCode::MAX_FEN);
        assert_eq!(keep(i64::MAX), AmountCode::MAX_FEN);
        assert_eq!(keep(-5), 0);
        assert_eq!(Flow::new(0, 0, 7, i64::MAX).flags(), 7);
    }

    #[test]
    fn keeps_time_order_and_drops_oldest() {
        let mut r: Ring<3> = Ring::default();
        r.push(f(10, 1, 1));
        r.push(f(30, 3, 3));
        r.push(f(20, 2, 2)); // out of order
        assert_eq!(r.iter().map(|x| x.at).collect::<Vec<_>>(), vec![10, 20, 30]);
        r.push(f(25, 4, 4));
        assert_eq!(r.iter().map(|x| x.at).collect::<Vec<_>>(), vec![20, 25, 30]);
        r.push(f(5, 9, 9)); // older than all kept
        assert_eq!(r.iter().map(|x| x.at).collect::<Vec<_>>(), vec![20, 25, 30]);
    }

    #[test]
    fn keeping_merges_old_entries_so_window_sums_and_counts_stay_whole() {
        let mut r: Ring<4> = Ring::default();
        // a card sends 10 chunks of ¥19,999 to two accounts in 10 minutes
        for k in 0..10u32 {
            r.push_keeping(f(1_000 + 60 * k, 1_999_900, 1 + k % 2), 86_400);
        }
        assert_eq!(r.len(), 4);
        let w = r.window(1_600, 1_800);
        assert_eq!((w.count, w.amount_fen), (10, 19_999_000));
        assert_eq!(w.distinct, 2);
        // the merged entries keep their earliest time: a window starting after it leaves them
        // out (undercount), it never counts a transfer that happened before the window
        assert!(r.window(1_600, 300).amount_fen <= 6 * 1_999_900);
        // plain push drops instead
        let mut d: Ring<4> = Ring::default();
        for k in 0..10u32 {
            d.push(f(1_000 + 60 * k, 1_999_900, 1));
        }
        assert_eq!(d.window(1_600, 1_800).count, 4);
    }

    #[test]
    fn keeping_drops_what_is_older_than_the_longest_window() {
        let mut r: Ring<3> = Ring::default();
        r.push_keeping(f(10, 1, 1), 100);
        r.push_keeping(f(20, 2, 1), 100);
        r.push_keeping(f(30, 3, 1), 100);
        r.push_keeping(f(200, 4, 1), 100); // oldest (10) is 190 s older: dropped, not merged
        assert_eq!(
            r.iter().map(|x| x.at).collect::<Vec<_>>(),
            vec![20, 30, 200]
        );
        assert_eq!(r.window(200, 1_000).count, 3);
        r.push_keeping(f(210, 5, 1), 200); // oldest (20) within 200 s: 20 and 30 merge
        assert_eq!(
            r.iter().map(|x| x.at).collect::<Vec<_>>(),
            vec![20, 200, 210]
        );
        let w = r.window(210, 1_000);
        assert_eq!((w.count, w.amount_fen), (4, 14));
    }

    #[test]
    fn keeping_merges_alike_entries_first() {
        let mut r: Ring<3> = Ring::default();
        r.push_keeping(Flow::new(10, 7, NEW_RELATION, 100), 1_000);
        r.push_keeping(Flow::new(20, 8, 0, 200), 1_000);
        r.push_keeping(Flow::new(30, 8, 0, 300), 1_000);
        r.push_keeping(Flow::new(40, 9, 0, 400), 1_000);
        // the new-payee flow stays on its own; the two flows to party 8 merged
        let kept: Vec<_> = r
            .iter()
            .map(|x| (x.at, x.party, x.flags(), x.amount_fen()))
            .collect();
        assert_eq!(
            kept,
            vec![(10, 7, NEW_RELATION, 100), (20, 8, 0, 500), (40, 9, 0, 400)]
        );
        assert_eq!(r.window(40, 1_000).flagged[0], 1);
    }

    #[test]
    fn keeping_repeats_merges_only_the_same_counterparty() {
        let mut r: Ring<3> = Ring::default();
        for (at, party) in [(10, 1), (20, 2), (30, 3), (40, 3)] {
            r.push_keeping_repeats(f(at, 100, party), 1_000);
        }
        // no adjacent pair shared a payer when the fourth came: the oldest was dropped
        assert_eq!(r.iter().map(|x| x.at).collect::<Vec<_>>(), vec![20, 30, 40]);
        r.push_keeping_repeats(f(50, 100, 4), 1_000);
        // the two from party 3 merged
        assert_eq!(r.iter().map(|x| x.at).collect::<Vec<_>>(), vec![20, 30, 50]);
        let w = r.window(50, 1_000);
        assert_eq!((w.count, w.amount_fen), (4, 400));
    }

    #[test]
    fn window_uses_event_time_and_excludes_the_future() {
        let mut r: Ring<8> = Ring::default();
        for (at, amt, p) in [(100, 10, 1), (200, 20, 2), (300, 30, 1), (400, 40, 3)] {
            r.push(f(at, amt, p));
        }
        let w = r.window(300, 150);
        assert_eq!((w.count, w.amount_fen, w.distinct), (2, 50, 2));
        let all = r.window(1000, 10_000);
        assert_eq!((all.count, all.amount_fen, all.distinct), (4, 100, 3));
        assert_eq!(r.window(99, 10_000).count, 0);
        assert_eq!(r.latest_before(250).unwrap().at, 200);
    }
}
