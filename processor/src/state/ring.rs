//! A small fixed-capacity list of recent money flows, kept in event-time order.
//!
//! Windows are answered by scanning: with at most `N` entries this is a handful of compares, and it
//! keeps memory per entity fixed. Entries arriving out of order are inserted in place; when full,
//! the oldest entry is dropped.

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
    items: [Flow; N],
}

impl<const N: usize> Default for Ring<N> {
    fn default() -> Self {
        Ring {
            len: 0,
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
        } else {
            self.items.copy_within(pos..len, pos + 1);
            self.items[pos] = flow;
            self.len += 1;
        }
    }

    /// Flows with `now - window < at <= now`. Entries later than `now` (arrived out of order) are
    /// not part of the window.
    pub fn window(&self, now: Secs, window_s: u32) -> WindowSum {
        let from = now.saturating_sub(window_s);
        let mut s = WindowSum::default();
        let mut seen = [0u32; N];
        for f in self.iter().filter(|f| f.at > from && f.at <= now) {
            s.count += 1;
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
                    *slot += 1;
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
