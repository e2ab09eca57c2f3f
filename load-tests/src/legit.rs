//! One day of legitimate life: everyday transfers and calls, and the traps that look like fraud
//! (merchants' fan-in, payroll, family abroad, bank service calls before big purchases, couriers,
//! telemarketers, unknown international callers, moving savings in chunks, renovations, rent day).

use crate::emit::{
    chance, hours_between, lognormal, money, poisson, time_of_day, weighted, Acc, CallSpec,
    Emitter, Payer, MIN_MS, SEC_MS, YUAN,
};
use crate::world::*;
use fanzha_contract::{CallerKind, Channel};
use rand::seq::SliceRandom;
use rand::Rng;

const PAY_CH: [Channel; 5] = [
    Channel::MobileApp,
    Channel::OnlineBanking,
    Channel::ThirdParty,
    Channel::Counter,
    Channel::Atm,
];
const PAY_W: [f64; 5] = [78.0, 10.0, 8.0, 3.0, 1.0];

/// What the bank sees of a person paying through `channel`.
pub fn payer<'a, R: Rng>(p: &'a Person, rng: &mut R, channel: Channel) -> Payer<'a> {
    let remote = matches!(
        channel,
        Channel::MobileApp | Channel::OnlineBanking | Channel::ThirdParty
    );
    Payer {
        account: &p.account,
        bank: p.bank,
        phone: chance(rng, 0.97).then_some(p.phone.as_str()),
        device: (remote && chance(rng, 0.92)).then_some(p.device.as_str()),
        ip: (remote && chance(rng, 0.75)).then_some(p.ip.as_str()),
    }
}

pub fn pay_channel<R: Rng>(rng: &mut R) -> Channel {
    PAY_CH[weighted(rng, &PAY_W)]
}

/// A person pays `to`; the payee name is shown most of the time.
pub fn pay<R: Rng>(
    em: &mut Emitter,
    rng: &mut R,
    ts: i64,
    p: &Person,
    to: &Acc,
    fen: i64,
    ch: Channel,
) -> String {
    let payer = payer(p, rng, ch);
    let show = chance(rng, 0.9);
    em.txn(ts, &payer, to, show, fen, ch)
}

/// How a person's own phone presents when it calls.
fn person_spec<'a>(w: &'a World, from: u32, to: &'a Person) -> CallSpec<'a> {
    let c = &w.persons[from as usize];
    CallSpec {
        caller: &c.phone,
        callee: &to.phone,
        kind: if c.virtual_phone {
            CallerKind::Virtual
        } else {
            CallerKind::Mobile
        },
        caller_region: Some(c.region),
        callee_region: Some(to.region),
        spoof: None,
    }
}

/// Spoof verification is noisy: a few legit calls are flagged, many operators don't say.
fn spoof_noise<R: Rng>(rng: &mut R) -> Option<bool> {
    if chance(rng, 0.3) {
        None
    } else {
        Some(chance(rng, 0.006))
    }
}

fn talk_s<R: Rng>(rng: &mut R) -> i64 {
    lognormal(rng, 75.0, 1.2, 1.0, 7_200.0) as i64
}

/// Everything legitimate that happens on day `d`.
pub fn day<R: Rng>(w: &World, num: &mut Numbering, em: &mut Emitter, rng: &mut R, d: u32) {
    let t0 = w.day_start(d);
    for (i, p) in w.persons.iter().enumerate() {
        everyday_transfers(w, num, em, rng, p, t0);
        if p.receives_calls {
            everyday_calls(w, num, em, rng, i as u32, p, t0);
        }
        traps(w, num, em, rng, p, t0, d);
    }
    payroll(w, em, rng, d);
    call_pools(w, em, rng, t0);
}

fn everyday_transfers<R: Rng>(
    w: &World,
    num: &mut Numbering,
    em: &mut Emitter,
    rng: &mut R,
    p: &Person,
    t0: i64,
) {
    let n = poisson(rng, p.txn_rate).min(6);
    for _ in 0..n {
        let ts = t0 + time_of_day(rng);
        let yuan = lognormal(rng, p.amt_median, 0.8, 1.0, p.amt_cap);
        let own_amount = |rng: &mut R| money(rng, yuan);
        let u: f64 = rng.gen();
        if u < 0.38 && !p.merchants.is_empty() {
            // shopping: small pos / third_party payments, mostly at the same few shops
            let m = if chance(rng, 0.92) {
                *p.merchants.choose(rng).unwrap()
            } else {
                *w.merchants.choose(rng).unwrap()
            };
            let yuan = lognormal(rng, 40.0, 1.0, 2.0, 3_000.0);
            let fen = money(rng, yuan);
            let ch = [Channel::Pos, Channel::ThirdParty, Channel::MobileApp]
                [weighted(rng, &[45.0, 45.0, 10.0])];
            pay(em, rng, ts, p, &w.persons[m as usize].as_acc(), fen, ch);
        } else if u < 0.72 && !p.payees.is_empty() {
            let to = w.party_acc(*p.payees.choose(rng).unwrap());
            let fen = own_amount(rng);
            let ch = pay_channel(rng);
            pay(em, rng, ts, p, &to, fen, ch);
        } else if u < 0.86 {
            // a payee never paid before: a second-hand seller, someone else, a firm
            let to = if !w.sellers.is_empty() && chance(rng, 0.25) {
                w.persons[*w.sellers.choose(rng).unwrap() as usize].as_acc()
            } else if chance(rng, 0.15) {
                w.persons[rng.gen_range(0..w.persons.len())].as_acc()
            } else {
                let firm = chance(rng, 0.3);
                fresh_acc(rng, num, firm)
            };
            let fen = own_amount(rng);
            let ch = pay_channel(rng);
            pay(em, rng, ts, p, &to, fen, ch);
        } else if u < 0.91 && p.own_other.is_some() {
            let yuan = lognormal(rng, p.amt_median * 3.0, 0.8, 100.0, p.amt_cap * 2.0);
            let fen = money(rng, yuan);
            let ch = pay_channel(rng);
            pay(em, rng, ts, p, p.own_other.as_ref().unwrap(), fen, ch);
        } else if u < 0.95 {
            // cash at an ATM: shown as a withdrawal to one's own account
            let fen = rng.gen_range(1..30) * 100 * YUAN;
            let me = Acc {
                account: p.account.clone(),
                bank: p.bank,
                name: "ATM取现".to_string(),
            };
            pay(em, rng, ts, p, &me, fen, Channel::Atm);
        } else if let Some(&c) = p.contacts.choose(rng) {
            // a red packet / paying a friend back
            let yuan = lognormal(rng, 200.0, 1.0, 1.0, 5_000.0);
            let fen = money(rng, yuan);
            pay(
                em,
                rng,
                ts,
                p,
                &w.persons[c as usize].as_acc(),
                fen,
                Channel::ThirdParty,
            );
        }
    }
}

fn everyday_calls<R: Rng>(
    w: &World,
    num: &mut Numbering,
    em: &mut Emitter,
    rng: &mut R,
    i: u32,
    p: &Person,
    t0: i64,
) {
    let n = poisson(rng, p.call_rate * 0.8).min(12);
    for _ in 0..n {
        let ts = t0 + time_of_day(rng);
        let u: f64 = rng.gen();
        if u < 0.72 && !p.contacts.is_empty() {
            let c = *p.contacts.choose(rng).unwrap();
            let mut spec = person_spec(w, c, p);
            spec.spoof = spoof_noise(rng);
            em.call(ts, talk_s(rng), &spec);
        } else if u < 0.87 {
            let (num_s, reg) = w.landlines.choose(rng).unwrap();
            let spec = CallSpec {
                caller: num_s,
                callee: &p.phone,
                kind: CallerKind::Landline,
                caller_region: Some(reg),
                callee_region: Some(p.region),
                spoof: spoof_noise(rng),
            };
            em.call(ts, talk_s(rng), &spec);
        } else if u < 0.95 {
            let mut c = rng.gen_range(0..w.persons.len() as u32);
            if c == i {
                c = (c + 1) % w.persons.len() as u32;
            }
            let mut spec = person_spec(w, c, p);
            spec.spoof = spoof_noise(rng);
            em.call(ts, talk_s(rng), &spec);
        } else {
            // an unknown mobile number: a delivery, a wrong number, a new acquaintance
            let coin = chance(rng, 0.1);
            let caller = num.phone(rng, coin);
            let spec = CallSpec {
                caller: &caller,
                callee: &p.phone,
                kind: if caller.starts_with("17") {
                    CallerKind::Virtual
                } else {
                    CallerKind::Mobile
                },
                caller_region: chance(rng, 0.7).then(|| REGIONS[rng.gen_range(0..REGIONS.len())]),
                callee_region: Some(p.region),
                spoof: spoof_noise(rng),
            };
            em.call(ts, talk_s(rng).min(900), &spec);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn traps<R: Rng>(
    w: &World,
    num: &mut Numbering,
    em: &mut Emitter,
    rng: &mut R,
    p: &Person,
    t0: i64,
    d: u32,
) {
    let once = p.once_day == d;
    if p.has(MERCHANT) {
        for _ in 0..poisson(rng, 0.8) {
            let to = if chance(rng, 0.9) && !p.suppliers.is_empty() {
                w.ext[*p.suppliers.choose(rng).unwrap() as usize].clone()
            } else {
                fresh_acc(rng, num, true)
            };
            let yuan = lognormal(rng, 8_000.0, 0.8, 1_000.0, 50_000.0);
            let fen = money(rng, yuan);
            let ch = if chance(rng, 0.6) {
                Channel::OnlineBanking
            } else {
                Channel::MobileApp
            };
            let tod = hours_between(rng, 8.0, 22.0);
            pay(em, rng, t0 + tod, p, &to, fen, ch);
        }
    }
    if let Some((abroad, reg)) = &p.abroad {
        if chance(rng, 0.35) {
            let ts = t0 + hours_between(rng, 6.0, 23.5);
            let dur = rng.gen_range(20 * 60..90 * 60);
            let spec = CallSpec {
                caller: abroad,
                callee: &p.phone,
                kind: CallerKind::International,
                caller_region: Some(reg),
                callee_region: Some(p.region),
                spoof: spoof_noise(rng),
            };
            em.call(ts, dur, &spec);
            if chance(rng, 0.4) {
                let at = if chance(rng, 0.2) {
                    ts + rng.gen_range(5..20) * MIN_MS
                } else {
                    ts + dur * SEC_MS + rng.gen_range(0..60) * MIN_MS
                };
                let to = match (chance(rng, 0.3), p.payees.first()) {
                    (false, Some(&f)) => w.party_acc(f),
                    _ => {
                        let firm = chance(rng, 0.3);
                        fresh_acc(rng, num, firm)
                    }
                };
                let yuan = lognormal(rng, 15_000.0, 0.6, 5_000.0, 50_000.0);
                let fen = money(rng, yuan);
                let ch = pay_channel(rng);
                pay(em, rng, at, p, &to, fen, ch);
            }
        }
    }
    if p.has(BANK_BUYER) && once {
        let (line, _) = SERVICE_LINES[rng.gen_range(0..SERVICE_LINES.len())];
        let ts = t0 + hours_between(rng, 9.0, 18.0);
        let dur = rng.gen_range(5 * 60..20 * 60);
        let spec = CallSpec {
            caller: line,
            callee: &p.phone,
            kind: CallerKind::Landline,
            caller_region: None,
            callee_region: Some(p.region),
            spoof: Some(false),
        };
        em.call(ts, dur, &spec);
        if chance(rng, 0.7) {
            let to = fresh_acc(rng, num, true);
            let total = lognormal(rng, 120_000.0, 0.6, 50_000.0, 300_000.0);
            let parts = if chance(rng, 0.3) { 2 } else { 1 };
            let mut at = ts + dur * SEC_MS + rng.gen_range(5..180) * MIN_MS;
            for _ in 0..parts {
                let fen = money(rng, total / parts as f64);
                let r = rng.gen_range(0..3);
                pay(
                    em,
                    rng,
                    at,
                    p,
                    &to,
                    fen,
                    [Channel::MobileApp, Channel::Counter, Channel::OnlineBanking][r],
                );
                at += rng.gen_range(2..15) * MIN_MS;
            }
        }
    }
    if p.has(RENOVATOR) && chance(rng, 0.5) {
        let step = (d + 1) as f64;
        let yuan = lognormal(rng, 5_000.0 * step, 0.4, 5_000.0, 80_000.0);
        let fen = money(rng, yuan);
        let firm = chance(rng, 0.6);
        let to = fresh_acc(rng, num, firm);
        let tod = hours_between(rng, 9.0, 21.0);
        let ch = pay_channel(rng);
        pay(em, rng, t0 + tod, p, &to, fen, ch);
    }
    if let (true, true, Some(own)) = (p.has(MOVER), once, &p.own_other) {
        // moving savings to one's own account at another bank, in chunks under the daily limit
        let mut at = t0 + hours_between(rng, 8.0, 22.0);
        let chunk = [4_999_900, 5_000_000, 4_990_000][rng.gen_range(0..3)];
        for _ in 0..rng.gen_range(2..6) {
            pay(em, rng, at, p, own, chunk, Channel::MobileApp);
            at += rng.gen_range(1..8) * MIN_MS;
        }
    }
    if p.has(INVESTOR) && chance(rng, 0.3) {
        if let Some(b) = p.brokerage {
            let yuan = lognormal(rng, 40_000.0, 0.8, 10_000.0, 200_000.0);
            let fen = money(rng, yuan);
            let tod = hours_between(rng, 9.5, 15.0);
            pay(
                em,
                rng,
                t0 + tod,
                p,
                &w.ext[b as usize],
                fen,
                Channel::OnlineBanking,
            );
        }
    }
    if p.has(CALL_THEN_PAY) && once && !p.contacts.is_empty() {
        let c = *p.contacts.choose(rng).unwrap();
        let ts = t0 + hours_between(rng, 9.0, 21.0);
        let dur = rng.gen_range(10 * 60..40 * 60);
        let mut spec = person_spec(w, c, p);
        spec.spoof = spoof_noise(rng);
        em.call(ts, dur, &spec);
        let firm = chance(rng, 0.5);
        let to = fresh_acc(rng, num, firm);
        let yuan = lognormal(rng, 30_000.0, 0.7, 10_000.0, 100_000.0);
        let fen = money(rng, yuan);
        let r = rng.gen_range(1..60);
        let ch = pay_channel(rng);
        pay(em, rng, ts + dur * SEC_MS + r * MIN_MS, p, &to, fen, ch);
    }
    if p.has(INSURANCE_BUYER) && once {
        let caller = w.telemarketers.choose(rng).unwrap();
        let ts = t0 + hours_between(rng, 10.0, 20.0);
        let dur = rng.gen_range(8 * 60..25 * 60);
        let spec = CallSpec {
            caller,
            callee: &p.phone,
            kind: CallerKind::Voip,
            caller_region: None,
            callee_region: Some(p.region),
            spoof: spoof_noise(rng),
        };
        em.call(ts, dur, &spec);
        let to = &w.ext[*w.insurers.choose(rng).unwrap() as usize];
        let yuan = lognormal(rng, 12_000.0, 0.6, 5_000.0, 40_000.0);
        let fen = money(rng, yuan);
        let r = rng.gen_range(1..120);
        pay(
            em,
            rng,
            ts + dur * SEC_MS + r * MIN_MS,
            p,
            to,
            fen,
            Channel::MobileApp,
        );
    }
    if p.has(SPLIT_PAYER) && chance(rng, 0.3) && p.payees.len() + p.contacts.len() > 1 {
        // paying several people in a row: a team dinner, workers, family members
        let mut at = t0 + hours_between(rng, 9.0, 22.0);
        for _ in 0..rng.gen_range(2..5) {
            let to = if chance(rng, 0.5) {
                fresh_acc(rng, num, false)
            } else {
                w.persons[*p.contacts.choose(rng).unwrap() as usize].as_acc()
            };
            let yuan = lognormal(rng, 3_000.0, 0.8, 200.0, 30_000.0);
            let fen = money(rng, yuan);
            pay(em, rng, at, p, &to, fen, Channel::MobileApp);
            at += rng.gen_range(1..6) * MIN_MS;
        }
    }
    if let (Some(l), 0) = (p.landlord, d % 30) {
        // rent day is the first day of the period for everyone (the 1st of the month by default)
        let at = t0 + hours_between(rng, 8.0, 23.0);
        let ch = pay_channel(rng);
        pay(em, rng, at, p, &w.party_acc(l), p.rent_fen.max(100), ch);
    }
}

fn payroll<R: Rng>(w: &World, em: &mut Emitter, rng: &mut R, d: u32) {
    for c in w.companies.iter().filter(|c| c.payday == d) {
        let mut at = w.day_start(d) + hours_between(rng, 9.0, 10.5);
        let payer = Payer {
            account: &c.acc.account,
            bank: c.acc.bank,
            phone: None,
            device: None,
            ip: Some("202.96.134.33"),
        };
        for e in c.employees_from..c.employees_from + c.employees {
            let p = &w.persons[e as usize];
            let yuan = lognormal(rng, c.salary_median, 0.4, 3_000.0, 60_000.0);
            let fen = money(rng, yuan);
            em.txn(at, &payer, &p.as_acc(), true, fen, Channel::OnlineBanking);
            if let (true, Some(own)) = (p.has(SWEEPER), &p.own_other) {
                // salary swept on at once to one's own account elsewhere: fast pass-through
                let keep = rng.gen_range(0.0..0.2);
                let out = money(rng, fen as f64 / 100.0 * (1.0 - keep));
                let r = rng.gen_range(1..30);
                pay(em, rng, at + r * MIN_MS, p, own, out, Channel::MobileApp);
            }
            at += rng.gen_range(2..40) * SEC_MS;
        }
    }
}

/// Numbers that call many people: couriers (virtual 170/171), telemarketers (voip) and
/// unknown international numbers that ring people who then do nothing.
fn call_pools<R: Rng>(w: &World, em: &mut Emitter, rng: &mut R, t0: i64) {
    if w.receivers.is_empty() {
        return;
    }
    let ring = |em: &mut Emitter,
                rng: &mut R,
                caller: &str,
                kind: CallerKind,
                region: Option<&str>,
                n: u32,
                dur: &dyn Fn(&mut R) -> i64| {
        for _ in 0..n {
            let p = &w.persons[*w.receivers.choose(rng).unwrap() as usize];
            let ts = t0 + hours_between(rng, 8.5, 20.5);
            let spec = CallSpec {
                caller,
                callee: &p.phone,
                kind,
                caller_region: region,
                callee_region: Some(p.region),
                spoof: spoof_noise(rng),
            };
            let dur = dur(rng);
            em.call(ts, dur, &spec);
        }
    };
    for c in &w.couriers {
        let n = rng.gen_range(20..60);
        ring(em, rng, c, CallerKind::Virtual, None, n, &|r: &mut R| {
            r.gen_range(20..90)
        });
    }
    for c in &w.telemarketers {
        let n = rng.gen_range(50..200);
        ring(
            em,
            rng,
            c,
            CallerKind::Voip,
            None,
            n,
            &|r: &mut R| match weighted(r, &[50.0, 40.0, 10.0]) {
                0 => r.gen_range(0..10),
                1 => r.gen_range(10..120),
                _ => r.gen_range(120..600),
            },
        );
    }
    for (c, reg) in &w.wangiri {
        let n = rng.gen_range(30..120);
        ring(
            em,
            rng,
            c,
            CallerKind::International,
            Some(reg),
            n,
            &|r: &mut R| {
                if chance(r, 0.85) {
                    r.gen_range(0..20)
                } else {
                    r.gen_range(60..300)
                }
            },
        );
    }
}
