//! Building blocks: time in China Standard Time, random helpers, the event emitter (ids, txn ids)
//! and the orderer that turns per-day batches into one time-ordered stream.

use fanzha_contract::{
    Call, CallPhase, CallerKind, Channel, Event, EventBody, Transaction, Watchlist,
    WatchlistEntity, WatchlistOp,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub const SEC_MS: i64 = 1_000;
pub const MIN_MS: i64 = 60 * SEC_MS;
pub const HOUR_MS: i64 = 60 * MIN_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// China Standard Time is UTC+8 all year.
pub const CST_OFFSET_MS: i64 = 8 * HOUR_MS;
/// One yuan in fen.
pub const YUAN: i64 = 100;

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date for days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// Epoch milliseconds of local midnight in China on a civil date.
pub fn cst_midnight_ms(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d) * DAY_MS - CST_OFFSET_MS
}

/// The China-local date of an instant as `yyyymmdd`.
pub fn yyyymmdd_cst(ts_ms: i64) -> u32 {
    let (y, m, d) = civil_from_days((ts_ms + CST_OFFSET_MS).div_euclid(DAY_MS));
    (y as u32) * 10_000 + m * 100 + d
}

/// A seeded stream for one purpose, independent of the others.
pub fn rng_for(seed: u64, tag: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    let mut x = seed ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    ChaCha8Rng::seed_from_u64(x)
}

pub fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Log-normal with the given median and log-sigma, clipped to `[lo, hi]`.
pub fn lognormal<R: Rng>(rng: &mut R, median: f64, sigma: f64, lo: f64, hi: f64) -> f64 {
    (median * (sigma * normal(rng)).exp()).clamp(lo, hi)
}

pub fn poisson<R: Rng>(rng: &mut R, lambda: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    let l = (-lambda).exp();
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= l || k > 60 {
            return k;
        }
        k += 1;
    }
}

pub fn chance<R: Rng>(rng: &mut R, p: f64) -> bool {
    rng.gen::<f64>() < p
}

/// Index drawn with the given weights.
pub fn weighted<R: Rng>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.gen::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// An amount of money as people type it: small sums often with fen, larger sums mostly round.
pub fn money<R: Rng>(rng: &mut R, yuan: f64) -> i64 {
    let fen = (yuan * 100.0).round().max(1.0) as i64;
    let r: f64 = rng.gen();
    if yuan >= 2_000.0 && r < 0.75 {
        ((fen + 50_000) / 100_000).max(1) * 100_000 // whole ¥1,000
    } else if yuan >= 100.0 && r < 0.6 {
        ((fen + 5_000) / 10_000).max(1) * 10_000 // whole ¥100
    } else if r < 0.8 {
        ((fen + 50) / 100).max(1) * 100 // whole yuan
    } else {
        fen
    }
}

/// A time of day in milliseconds after local midnight, shaped like people's activity.
pub fn time_of_day<R: Rng>(rng: &mut R) -> i64 {
    const W: [f64; 24] = [
        0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 3.0, 4.5, 5.5, 5.5, 4.5, 4.0, 4.8, 5.0, 5.0, 4.8,
        4.5, 5.0, 5.5, 5.0, 3.0, 1.2,
    ];
    let h = weighted(rng, &W) as i64;
    h * HOUR_MS + rng.gen_range(0..HOUR_MS)
}

/// A time between `from_h` and `to_h` o'clock.
pub fn hours_between<R: Rng>(rng: &mut R, from_h: f64, to_h: f64) -> i64 {
    (rng.gen_range(from_h..to_h) * HOUR_MS as f64) as i64
}

/// An account as shown to a payer.
#[derive(Debug, Clone)]
pub struct Acc {
    pub account: String,
    pub bank: &'static str,
    pub name: String,
}

/// Who pays: the debited account and whatever the bank knows about the payer's session.
pub struct Payer<'a> {
    pub account: &'a str,
    pub bank: &'a str,
    pub phone: Option<&'a str>,
    pub device: Option<&'a str>,
    pub ip: Option<&'a str>,
}

/// How a call presents itself to the callee's operator.
pub struct CallSpec<'a> {
    pub caller: &'a str,
    pub callee: &'a str,
    pub kind: CallerKind,
    pub caller_region: Option<&'a str>,
    pub callee_region: Option<&'a str>,
    pub spoof: Option<bool>,
}

/// Turns happenings into contract events with unique ids.
#[derive(Default)]
pub struct Emitter {
    pub out: Vec<Event>,
    call_seq: u64,
    txn_seq: u64,
    wl_seq: u64,
}

impl Emitter {
    /// A call: a `start` event at `ts` and an `end` event at `ts + duration`. Returns the call id.
    pub fn call(&mut self, ts: i64, duration_s: i64, c: &CallSpec) -> String {
        self.call_seq += 1;
        let call_id = format!("c-{}", self.call_seq);
        let mut call = Call {
            phase: CallPhase::Start,
            call_id: call_id.clone(),
            caller: c.caller.to_string(),
            callee: c.callee.to_string(),
            duration_s: None,
            caller_kind: c.kind,
            caller_region: c.caller_region.map(str::to_string),
            callee_region: c.callee_region.map(str::to_string),
            spoof_suspected: c.spoof,
        };
        self.out.push(Event {
            event_id: format!("{call_id}-s"),
            ts_ms: ts,
            body: EventBody::Call(call.clone()),
        });
        call.phase = CallPhase::End;
        call.duration_s = Some(duration_s);
        self.out.push(Event {
            event_id: format!("{call_id}-e"),
            ts_ms: ts + duration_s * SEC_MS,
            body: EventBody::Call(call),
        });
        call_id
    }

    /// A transfer initiated at `ts`. Returns the txn id (`<BANK><yyyymmdd><seq>`).
    pub fn txn(
        &mut self,
        ts: i64,
        payer: &Payer,
        payee: &Acc,
        show_name: bool,
        amount_fen: i64,
        channel: Channel,
    ) -> String {
        self.txn_seq += 1;
        let txn_id = format!("{}{}{:08}", payer.bank, yyyymmdd_cst(ts), self.txn_seq);
        self.out.push(Event {
            event_id: format!("t-{}", self.txn_seq),
            ts_ms: ts,
            body: EventBody::Transaction(Transaction {
                txn_id: txn_id.clone(),
                payer_account: payer.account.to_string(),
                payer_bank: payer.bank.to_string(),
                payer_phone: payer.phone.map(str::to_string),
                payee_account: payee.account.clone(),
                payee_bank: payee.bank.to_string(),
                payee_name: show_name.then(|| payee.name.clone()),
                amount_fen: amount_fen.max(1),
                currency: (!self.txn_seq.is_multiple_of(29)).then(|| "CNY".to_string()),
                channel,
                device_id: payer.device.map(str::to_string),
                ip: payer.ip.map(str::to_string),
            }),
        });
        txn_id
    }

    pub fn watch(
        &mut self,
        ts: i64,
        op: WatchlistOp,
        entity: WatchlistEntity,
        value: &str,
        list: &str,
        reason: &str,
    ) {
        self.wl_seq += 1;
        self.out.push(Event {
            event_id: format!("w-{}", self.wl_seq),
            ts_ms: ts,
            body: EventBody::Watchlist(Watchlist {
                op,
                entity,
                value: value.to_string(),
                list: list.to_string(),
                reason: Some(reason.to_string()),
            }),
        });
    }
}

/// Orders per-day batches into one stream while holding only what may still be overtaken.
///
/// Every batch pushed with `boundary` promises that all later events have `ts_ms >= boundary`.
/// With `disorder_ms > 0` each event's emission key is `ts_ms + U[0, disorder_ms]`, so events come
/// out late by up to that much relative to others (the `ts_ms` itself is never changed).
pub struct Orderer {
    /// (emission key, arrival seq, slot in `events`)
    keys: Vec<(i64, u64, u32)>,
    events: Vec<Option<Event>>,
    seq: u64,
    disorder_ms: i64,
    rng: ChaCha8Rng,
}

impl Orderer {
    pub fn new(disorder_ms: i64, seed: u64) -> Self {
        Orderer {
            keys: Vec::new(),
            events: Vec::new(),
            seq: 0,
            disorder_ms: disorder_ms.max(0),
            rng: rng_for(seed, 0x0DE7),
        }
    }

    pub fn push(&mut self, events: impl IntoIterator<Item = Event>) {
        for e in events {
            let jitter = if self.disorder_ms > 0 {
                self.rng.gen_range(0..=self.disorder_ms)
            } else {
                0
            };
            self.seq += 1;
            self.keys
                .push((e.ts_ms + jitter, self.seq, self.events.len() as u32));
            self.events.push(Some(e));
        }
    }

    /// Emits everything whose key is before `boundary`, in key order (ties in arrival order).
    pub fn release(&mut self, boundary: i64, sink: &mut dyn FnMut(Event)) {
        self.keys.sort_unstable();
        let cut = self.keys.partition_point(|(k, _, _)| *k < boundary);
        for &(_, _, slot) in &self.keys[..cut] {
            if let Some(e) = self.events[slot as usize].take() {
                sink(e);
            }
        }
        let mut events = Vec::with_capacity(self.keys.len() - cut);
        let mut keys = Vec::with_capacity(self.keys.len() - cut);
        for &(k, s, slot) in &self.keys[cut..] {
            keys.push((k, s, events.len() as u32));
            events.push(self.events[slot as usize].take());
        }
        self.keys = keys;
        self.events = events;
    }

    pub fn finish(&mut self, sink: &mut dyn FnMut(Event)) {
        self.release(i64::MAX, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(cst_midnight_ms(2026, 11, 1), 1_793_462_400_000);
        assert_eq!(yyyymmdd_cst(1_793_462_400_000), 20261101);
        assert_eq!(yyyymmdd_cst(1_793_462_400_000 - 1), 20261031);
        for z in [-1000i64, 0, 365, 20_000, 20_758] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn money_is_positive_and_roughly_right() {
        let mut rng = rng_for(1, 2);
        for _ in 0..1000 {
            let y = lognormal(&mut rng, 300.0, 1.5, 0.5, 1e6);
            let f = money(&mut rng, y);
            assert!(f >= 1);
            assert!((f as f64) < y * 100.0 * 1.6 + 100_000.0);
        }
    }
}
