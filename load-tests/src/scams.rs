//! The scams: victims, their typology's sequence of calls and transfers, the call centres' numbers
//! (each dialling hundreds of people), and the watch lists fed by reports.

use crate::emit::{
    chance, hours_between, lognormal, money, weighted, Acc, CallSpec, Emitter, DAY_MS, HOUR_MS,
    MIN_MS, SEC_MS,
};
use crate::labels::{Labels, ScamTxnLabel, VictimLabel, TYPOLOGIES};
use crate::legit::payer;
use crate::mules::Network;
use crate::world::{Numbering, World, MERCHANT, SERVICE_LINES};
use fanzha_contract::{CallerKind, Channel, WatchlistEntity, WatchlistOp};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::HashMap;

/// Share of persons scammed over the period.
pub const VICTIM_SHARE: f64 = 0.015;
const TYPOLOGY_W: [f64; 5] = [25.0, 25.0, 20.0, 15.0, 15.0];

struct ScamNumber {
    number: String,
    kind: CallerKind,
    region: Option<&'static str>,
    /// Presents as spoofed (a police-station or bank line whose caller ID fails verification).
    spoofed: bool,
    typology: usize,
    days: Vec<u32>,
    uses: u32,
    first_victim_ts: i64,
}

struct Ctx<'a, R: Rng> {
    w: &'a World,
    net: &'a Network,
    num: &'a mut Numbering,
    em: &'a mut Emitter,
    rng: &'a mut R,
    labels: Labels,
    numbers: Vec<ScamNumber>,
    first_inflow: HashMap<usize, i64>,
    end_ms: i64,
}

/// Plans every scam of the period: victims, their calls and transfers, the mules' onward
/// transfers, the call centres' other calls and the watch-list updates. Returns the labels.
pub fn plan<R: Rng>(w: &World, num: &mut Numbering, em: &mut Emitter, rng: &mut R) -> Labels {
    let n = w.persons.len();
    let eligible = w.persons.iter().filter(|p| !p.has(MERCHANT)).count();
    let n_victims = if n >= 20 {
        ((n as f64 * VICTIM_SHARE).round() as usize)
            .max(5)
            .min(eligible / 2)
    } else {
        0
    };
    let mut taken: Vec<u32> = Vec::new();
    let mut victims = Vec::with_capacity(n_victims);
    while victims.len() < n_victims {
        let v = rng.gen_range(0..n as u32);
        if w.persons[v as usize].has(MERCHANT) || taken.contains(&v) {
            continue;
        }
        taken.push(v);
        victims.push(v);
    }
    let net = Network::build(w, num, rng, n_victims, &mut taken);
    let mut labels = Labels {
        persons: n as u64,
        mules: net.labels(),
        ..Labels::default()
    };
    labels.victims.reserve(n_victims);
    let end_ms = w.day_start(w.days);
    let mut cx = Ctx {
        w,
        net: &net,
        num,
        em,
        rng,
        labels,
        numbers: Vec::new(),
        first_inflow: HashMap::new(),
        end_ms,
    };
    for (k, &v) in victims.iter().enumerate() {
        let t = if k < TYPOLOGIES.len() {
            k
        } else {
            weighted(cx.rng, &TYPOLOGY_W)
        };
        let p = &w.persons[v as usize];
        cx.labels.victims.push(VictimLabel {
            phone: p.phone.clone(),
            account: p.account.clone(),
            typology: TYPOLOGIES[t].to_string(),
            first_large_txn_id: String::new(),
            first_large_ts_ms: 0,
        });
        let gang = cx.rng.gen_range(0..net.gangs.len());
        let mut rot = Rotor {
            gang,
            used: Vec::new(),
        };
        match t {
            0 => police(&mut cx, v, &mut rot),
            1 => customer_service(&mut cx, v, &mut rot),
            2 => task_rebate(&mut cx, v, &mut rot),
            3 => investment(&mut cx, v, &mut rot),
            _ => loan(&mut cx, v, &mut rot),
        }
    }
    call_centre_noise(&mut cx);
    watchlists(&mut cx);
    let mut labels = cx.labels;
    labels.finish_victims();
    labels
}

/// Scam payees rotate: each transfer tends to go to a first-layer mule the victim has not paid yet.
struct Rotor {
    gang: usize,
    used: Vec<usize>,
}

impl Rotor {
    fn next<R: Rng>(&mut self, net: &Network, rng: &mut R, same_again: f64) -> usize {
        if let (Some(&last), true) = (self.used.last(), chance(rng, same_again)) {
            return last;
        }
        let l1 = &net.gangs[self.gang].l1;
        let fresh: Vec<usize> = l1
            .iter()
            .copied()
            .filter(|m| !self.used.contains(m))
            .collect();
        let m = *fresh.choose(rng).unwrap_or_else(|| l1.choose(rng).unwrap());
        self.used.push(m);
        m
    }
}

fn day_time<R: Rng>(cx: &mut Ctx<R>, last_day_margin: u32) -> (u32, i64) {
    let span = cx.w.days.saturating_sub(last_day_margin).max(1);
    let d = cx.rng.gen_range(0..span);
    (d, cx.w.day_start(d) + hours_between(cx.rng, 8.5, 20.0))
}

/// A call-centre number for a typology on a day: often one already used on nearby days.
fn number_for<R: Rng>(cx: &mut Ctx<R>, typ: usize, day: u32) -> usize {
    let rng = &mut *cx.rng;
    if chance(rng, 0.6) {
        let near: Vec<usize> = (0..cx.numbers.len())
            .filter(|&i| {
                let s = &cx.numbers[i];
                s.typology == typ && s.uses < 5 && s.days.iter().any(|&x| x.abs_diff(day) <= 1)
            })
            .collect();
        if let Some(&i) = near.choose(rng) {
            let s = &mut cx.numbers[i];
            s.uses += 1;
            if !s.days.contains(&day) {
                s.days.push(day);
            }
            return i;
        }
    }
    const K: [CallerKind; 5] = [
        CallerKind::Virtual,
        CallerKind::International,
        CallerKind::Voip,
        CallerKind::Landline,
        CallerKind::Mobile,
    ];
    let w: [f64; 5] = match typ {
        0 => [30.0, 25.0, 20.0, 10.0, 15.0],
        1 => [35.0, 0.0, 35.0, 25.0, 5.0],
        _ => [40.0, 5.0, 15.0, 0.0, 40.0],
    };
    let kind = K[weighted(rng, &w)];
    let (number, region, spoofed) = match kind {
        CallerKind::Virtual => (cx.num.phone(rng, true), None, chance(rng, 0.1)),
        CallerKind::International => {
            let (n, r) = cx.num.international(rng);
            (n, Some(r), chance(rng, 0.2))
        }
        CallerKind::Voip => (cx.num.voip(), None, chance(rng, 0.1)),
        CallerKind::Landline if typ == 1 && chance(rng, 0.2) => (
            SERVICE_LINES[rng.gen_range(0..SERVICE_LINES.len())]
                .0
                .to_string(),
            None,
            true,
        ),
        CallerKind::Landline => (cx.num.landline(rng), None, chance(rng, 0.8)),
        _ => (
            cx.num.phone(rng, false),
            Some(crate::world::REGIONS[rng.gen_range(0..crate::world::REGIONS.len())]),
            false,
        ),
    };
    cx.numbers.push(ScamNumber {
        number,
        kind,
        region,
        spoofed,
        typology: typ,
        days: vec![day],
        uses: 1,
        first_victim_ts: i64::MAX,
    });
    cx.numbers.len() - 1
}

fn scam_spoof<R: Rng>(rng: &mut R, spoofed: bool) -> Option<bool> {
    if spoofed {
        if chance(rng, 0.85) {
            Some(true)
        } else {
            None
        }
    } else if chance(rng, 0.3) {
        None
    } else {
        Some(false)
    }
}

/// The scam number calls the victim.
fn scam_call<R: Rng>(cx: &mut Ctx<R>, ni: usize, v: u32, ts: i64, dur_s: i64) {
    let p = &cx.w.persons[v as usize];
    let s = &mut cx.numbers[ni];
    s.first_victim_ts = s.first_victim_ts.min(ts + dur_s * SEC_MS);
    let spec = CallSpec {
        caller: &s.number,
        callee: &p.phone,
        kind: s.kind,
        caller_region: s.region,
        callee_region: Some(p.region),
        spoof: scam_spoof(cx.rng, s.spoofed),
    };
    cx.em.call(ts, dur_s, &spec);
}

/// The victim pays a mule; the mule passes it on.
fn scam_pay<R: Rng>(
    cx: &mut Ctx<R>,
    v: u32,
    typ: &str,
    ts: i64,
    fen: i64,
    ch: Channel,
    mule: usize,
) {
    let p = &cx.w.persons[v as usize];
    let pay = payer(p, cx.rng, ch);
    let to = &cx.net.mules[mule].acc;
    let txn_id = cx.em.txn(ts, &pay, to, chance(cx.rng, 0.9), fen, ch);
    cx.labels.scam_txns.push(ScamTxnLabel {
        txn_id,
        typology: typ.to_string(),
        victim_phone: p.phone.clone(),
        ts_ms: ts,
        amount_fen: fen,
    });
    let e = cx.first_inflow.entry(mule).or_insert(ts);
    *e = (*e).min(ts);
    cx.net.forward(cx.em, cx.rng, mule, ts, fen);
}

/// A mule sends the victim a "rebate" or "profit" to build trust.
fn kickback<R: Rng>(cx: &mut Ctx<R>, v: u32, ts: i64, fen: i64, rot: &mut Rotor) {
    let m = *cx.net.gangs[rot.gang].l1.choose(cx.rng).unwrap();
    let acc: Acc = cx.w.persons[v as usize].as_acc();
    cx.net.pay_out(cx.em, cx.rng, ts, m, &acc, fen);
}

fn channel<R: Rng>(rng: &mut R, w: &[f64; 5]) -> Channel {
    [
        Channel::MobileApp,
        Channel::OnlineBanking,
        Channel::ThirdParty,
        Channel::Counter,
        Channel::Atm,
    ][weighted(rng, w)]
}

/// 冒充公检法: a long call from a "police officer"; savings moved to "safe accounts", mostly
/// while the call is still going.
fn police<R: Rng>(cx: &mut Ctx<R>, v: u32, rot: &mut Rotor) {
    let typ = "impersonation_police";
    let (d, t) = day_time(cx, 0);
    let ni = number_for(cx, 0, d);
    if chance(cx.rng, 0.4) {
        let pre = t - cx.rng.gen_range(30..240) * MIN_MS;
        if pre >= cx.w.day_start(d) {
            let dur = cx.rng.gen_range(60..300);
            scam_call(cx, ni, v, pre, dur);
        }
    }
    let dur = cx.rng.gen_range(20 * 60..90 * 60);
    scam_call(cx, ni, v, t, dur);
    let total = lognormal(cx.rng, 150_000.0, 0.9, 30_000.0, 1_000_000.0);
    let k = 1 + weighted(cx.rng, &[10.0, 25.0, 30.0, 20.0, 10.0, 5.0]);
    let shares: Vec<f64> = (0..k).map(|_| cx.rng.gen_range(0.5..1.5)).collect();
    let sum: f64 = shares.iter().sum();
    let mut at = if chance(cx.rng, 0.75) {
        t + cx.rng.gen_range(8..(dur / 120).max(9)) * MIN_MS
    } else {
        t + dur * SEC_MS + cx.rng.gen_range(0..60) * MIN_MS
    };
    for s in shares {
        let fen = money(cx.rng, total * s / sum).max(500_000);
        let ch = channel(cx.rng, &[65.0, 10.0, 0.0, 15.0, 10.0]);
        let m = rot.next(cx.net, cx.rng, 0.3);
        scam_pay(cx, v, typ, at, fen, ch, m);
        at += cx.rng.gen_range(2..9) * MIN_MS + cx.rng.gen_range(0..60) * SEC_MS;
    }
}

/// 冒充客服: a "customer service" call about a refund, then several medium transfers within the hour.
fn customer_service<R: Rng>(cx: &mut Ctx<R>, v: u32, rot: &mut Rotor) {
    let typ = "fake_customer_service";
    let (d, t) = day_time(cx, 0);
    let ni = number_for(cx, 1, d);
    let dur = cx.rng.gen_range(5 * 60..30 * 60);
    scam_call(cx, ni, v, t, dur);
    let mut at = if chance(cx.rng, 0.6) {
        t + cx.rng.gen_range(3..(dur / 60).max(4)) * MIN_MS
    } else {
        t + dur * SEC_MS + cx.rng.gen_range(1..20) * MIN_MS
    };
    for _ in 0..cx.rng.gen_range(2..6) {
        let yuan = lognormal(cx.rng, 10_000.0, 0.7, 2_000.0, 50_000.0);
        let fen = money(cx.rng, yuan);
        let ch = channel(cx.rng, &[60.0, 5.0, 35.0, 0.0, 0.0]);
        let m = rot.next(cx.net, cx.rng, 0.1);
        scam_pay(cx, v, typ, at, fen, ch, m);
        at += cx.rng.gen_range(3..15) * MIN_MS;
    }
}

/// 刷单返利: a small first "order", a rebate paid back, then escalating "orders" over up to two days.
fn task_rebate<R: Rng>(cx: &mut Ctx<R>, v: u32, rot: &mut Rotor) {
    let typ = "task_rebate";
    let (d, mut at) = day_time(cx, 1);
    if chance(cx.rng, 0.3) {
        let ni = number_for(cx, 2, d);
        let dur = cx.rng.gen_range(30..240);
        scam_call(cx, ni, v, at, dur);
        at += dur * SEC_MS + cx.rng.gen_range(5..60) * MIN_MS;
    }
    let ch_w = [55.0, 5.0, 40.0, 0.0, 0.0];
    let r = cx.rng.gen_range(100.0..500.0);
    let first = money(cx.rng, r);
    let (ch, m) = (channel(cx.rng, &ch_w), rot.next(cx.net, cx.rng, 0.0));
    scam_pay(cx, v, typ, at, first, ch, m);
    at += cx.rng.gen_range(3..20) * MIN_MS;
    let back = (first as f64 * cx.rng.gen_range(1.1..1.4)) as i64;
    kickback(cx, v, at, back, rot);
    at += cx.rng.gen_range(10..60) * MIN_MS;
    let mut amt = cx.rng.gen_range(1_000.0..3_000.0);
    let n = cx.rng.gen_range(3..7);
    for i in 0..n {
        let fen = money(cx.rng, amt);
        let (ch, m) = (channel(cx.rng, &ch_w), rot.next(cx.net, cx.rng, 0.1));
        scam_pay(cx, v, typ, at, fen, ch, m);
        if i == 0 && chance(cx.rng, 0.5) {
            let back = (fen as f64 * cx.rng.gen_range(1.1..1.3)) as i64;
            let r = cx.rng.gen_range(5..30);
            kickback(cx, v, at + r * MIN_MS, back, rot);
        }
        amt = (amt * cx.rng.gen_range(1.8..3.0)).min(80_000.0);
        at += cx.rng.gen_range(20..12 * 60) * MIN_MS;
    }
}

/// 虚假投资理财: escalating "investments" over days to rotating accounts, with a small "profit" back.
fn investment<R: Rng>(cx: &mut Ctx<R>, v: u32, rot: &mut Rotor) {
    let typ = "fake_investment";
    let (d, mut at) = day_time(cx, 2);
    if chance(cx.rng, 0.3) {
        let ni = number_for(cx, 3, d);
        let dur = cx.rng.gen_range(60..300);
        let r = cx.rng.gen_range(1..48);
        scam_call(cx, ni, v, at - r * HOUR_MS / 4, dur);
    }
    let n = cx.rng.gen_range(3..8);
    let left = (cx.end_ms - at).max(6 * HOUR_MS);
    let span = (cx.rng.gen_range(2..7) * DAY_MS).min(left);
    let mut amt = lognormal(cx.rng, 6_000.0, 0.4, 3_000.0, 10_000.0);
    for i in 0..n {
        let fen = money(cx.rng, amt);
        let ch = channel(cx.rng, &[70.0, 25.0, 5.0, 0.0, 0.0]);
        let m = rot.next(cx.net, cx.rng, 0.15);
        scam_pay(cx, v, typ, at, fen, ch, m);
        if i == 0 && chance(cx.rng, 0.5) {
            let back = (fen as f64 * cx.rng.gen_range(0.05..0.2)) as i64;
            let r = cx.rng.gen_range(60..24 * 60);
            kickback(cx, v, at + r * MIN_MS, back, rot);
        }
        amt = (amt * cx.rng.gen_range(1.5..3.0)).min(500_000.0);
        let gap = span / n as i64;
        at += cx.rng.gen_range(gap / 2..gap.max(2) + 1);
    }
}

/// 虚假贷款: a call offering a loan, then a few "fees" within hours.
fn loan<R: Rng>(cx: &mut Ctx<R>, v: u32, rot: &mut Rotor) {
    let typ = "loan_scam";
    let (d, t) = day_time(cx, 0);
    let ni = number_for(cx, 4, d);
    let dur = cx.rng.gen_range(2 * 60..12 * 60);
    scam_call(cx, ni, v, t, dur);
    let mut at = t + dur * SEC_MS + cx.rng.gen_range(5..60) * MIN_MS;
    for i in 0..cx.rng.gen_range(2..5) {
        let fen = if i == 0 {
            let yuan = lognormal(cx.rng, 1_500.0, 0.5, 500.0, 3_000.0);
            money(cx.rng, yuan)
        } else {
            let yuan = lognormal(cx.rng, 6_000.0, 0.7, 2_000.0, 20_000.0);
            money(cx.rng, yuan)
        };
        let (ch, m) = (
            channel(cx.rng, &[60.0, 5.0, 35.0, 0.0, 0.0]),
            rot.next(cx.net, cx.rng, 0.1),
        );
        scam_pay(cx, v, typ, at, fen, ch, m);
        at += cx.rng.gen_range(15..120) * MIN_MS;
    }
}

/// Call centres dial hundreds of people a day; most hang up within seconds.
fn call_centre_noise<R: Rng>(cx: &mut Ctx<R>) {
    let w = cx.w;
    if w.receivers.is_empty() {
        return;
    }
    for s in &cx.numbers {
        for &d in &s.days {
            let n = cx.rng.gen_range(100..300).min(w.receivers.len());
            for _ in 0..n {
                let p = &w.persons[*w.receivers.choose(cx.rng).unwrap() as usize];
                let ts = w.day_start(d) + hours_between(cx.rng, 9.0, 21.0);
                let dur = match weighted(cx.rng, &[70.0, 20.0, 10.0]) {
                    0 => cx.rng.gen_range(0..8),
                    1 => cx.rng.gen_range(8..60),
                    _ => cx.rng.gen_range(60..300),
                };
                let spec = CallSpec {
                    caller: &s.number,
                    callee: &p.phone,
                    kind: s.kind,
                    caller_region: s.region,
                    callee_region: Some(p.region),
                    spoof: scam_spoof(cx.rng, s.spoofed),
                };
                cx.em.call(ts, dur, &spec);
            }
        }
    }
}

fn watchlists<R: Rng>(cx: &mut Ctx<R>) {
    let start = cx.w.start_ms;
    let (add, rm) = (WatchlistOp::Add, WatchlistOp::Remove);
    for (line, bank) in SERVICE_LINES {
        cx.em.watch(
            start,
            add,
            WatchlistEntity::Phone,
            line,
            "allow",
            &format!("{bank} official service line"),
        );
    }
    let mut case = 3706_1000u64;
    for s in &cx.numbers {
        if s.first_victim_ts == i64::MAX
            || SERVICE_LINES.iter().any(|l| l.0 == s.number)
            || !chance(cx.rng, 0.55)
        {
            continue;
        }
        let at = s.first_victim_ts + cx.rng.gen_range(2 * 60..30 * 60) * MIN_MS;
        if at < cx.end_ms {
            case += cx.rng.gen_range(1..400);
            cx.em.watch(
                at,
                add,
                WatchlistEntity::Phone,
                &s.number,
                "scam_numbers",
                &format!("reported by victim, case 2026-{case}"),
            );
            if chance(cx.rng, 0.1) {
                let later = at + cx.rng.gen_range(2 * 24..4 * 24) * HOUR_MS;
                if later < cx.end_ms {
                    cx.em.watch(
                        later,
                        rm,
                        WatchlistEntity::Phone,
                        &s.number,
                        "scam_numbers",
                        "number recycled by operator",
                    );
                }
            }
        }
    }
    let mut mules: Vec<(&usize, &i64)> = cx.first_inflow.iter().collect();
    mules.sort();
    for (&m, &ts) in mules {
        if !chance(cx.rng, 0.3) {
            continue;
        }
        let at = ts + cx.rng.gen_range(6 * 60..48 * 60) * MIN_MS;
        if at < cx.end_ms {
            cx.em.watch(
                at,
                add,
                WatchlistEntity::Account,
                &cx.net.mules[m].acc.account,
                "mule_accounts",
                "reported by bank after victim complaint",
            );
        }
    }
    // a courier's number reported by mistake, then cleared
    if let Some(c) = cx.w.couriers.first() {
        let at = start + cx.rng.gen_range(6..(24 * cx.w.days as i64).max(7)) * HOUR_MS;
        cx.em.watch(
            at,
            add,
            WatchlistEntity::Phone,
            c,
            "scam_numbers",
            "reported by a resident",
        );
        cx.em.watch(
            at + cx.rng.gen_range(3..20) * HOUR_MS,
            rm,
            WatchlistEntity::Phone,
            c,
            "scam_numbers",
            "verified: delivery company number",
        );
    }
}
