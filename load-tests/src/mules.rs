//! The mule network: layered accounts that receive victims' money and pass it on within minutes,
//! in chunks just under common limits, until it is cashed out.

use crate::emit::{chance, weighted, Acc, Emitter, Payer, MIN_MS, SEC_MS, YUAN};
use crate::labels::MuleLabel;
use crate::world::{bank, firm_name, person_name, Numbering, World};
use fanzha_contract::Channel;
use rand::seq::SliceRandom;
use rand::Rng;

pub struct Mule {
    pub acc: Acc,
    pub layer: u8,
    pub gang: usize,
    /// The phone of a real person who rented out this account.
    pub phone: Option<String>,
}

pub struct Gang {
    pub l1: Vec<usize>,
    pub l2: Vec<usize>,
    pub l3: Vec<usize>,
    pub devices: Vec<String>,
    pub ip: String,
}

pub struct Network {
    pub mules: Vec<Mule>,
    pub gangs: Vec<Gang>,
    /// Cash-out counterparties: OTC crypto dealers, payment-platform merchants.
    pub cashout: Vec<Acc>,
}

fn mule_name<R: Rng>(rng: &mut R) -> String {
    match weighted(rng, &[45.0, 45.0, 10.0]) {
        0 => firm_name(rng),
        1 => person_name(rng),
        _ => [
            "安全账户管理中心",
            "国家安全账户",
            "资金清查专用账户",
            "司法监管账户",
        ][rng.gen_range(0..4)]
        .to_string(),
    }
}

impl Network {
    /// A network sized for `victims` victims: each first-layer mule serves a handful of them.
    pub fn build<R: Rng>(
        w: &World,
        num: &mut Numbering,
        rng: &mut R,
        victims: usize,
        exclude: &mut Vec<u32>,
    ) -> Network {
        let n_l1 = (victims * 2 / 5).max(3);
        let n_gangs = n_l1.div_ceil(6).max(1);
        let mut gangs: Vec<Gang> = (0..n_gangs)
            .map(|g| Gang {
                l1: vec![],
                l2: vec![],
                l3: vec![],
                devices: (0..rng.gen_range(1..4))
                    .map(|k| format!("dev-m{g:03}{k}{:06x}", rng.gen::<u32>() & 0xFF_FFFF))
                    .collect(),
                ip: format!(
                    "{}.{}.{}.{}",
                    [27, 42, 101, 103, 116][rng.gen_range(0..5)],
                    rng.gen_range(0..256),
                    rng.gen_range(0..256),
                    rng.gen_range(1..255)
                ),
            })
            .collect();
        let mut mules = Vec::new();
        let mut add = |mules: &mut Vec<Mule>, rng: &mut R, layer: u8, gang: usize| {
            // about a third of first-layer mules are real people's accounts, rented out
            let rented = layer == 1 && w.persons.len() > 50 && chance(rng, 0.3);
            let m = if rented {
                let mut i = rng.gen_range(0..w.persons.len() as u32);
                while exclude.contains(&i) {
                    i = rng.gen_range(0..w.persons.len() as u32);
                }
                exclude.push(i);
                let p = &w.persons[i as usize];
                Mule {
                    acc: Acc {
                        account: p.account.clone(),
                        bank: p.bank,
                        name: p.name.clone(),
                    },
                    layer,
                    gang,
                    phone: Some(p.phone.clone()),
                }
            } else {
                let b = bank(rng);
                Mule {
                    acc: Acc {
                        account: num.account(b),
                        bank: b,
                        name: mule_name(rng),
                    },
                    layer,
                    gang,
                    phone: None,
                }
            };
            mules.push(m);
            mules.len() - 1
        };
        for k in 0..n_l1 {
            let g = k % n_gangs;
            let ix = add(&mut mules, rng, 1, g);
            gangs[g].l1.push(ix);
        }
        for (g, gang) in gangs.iter_mut().enumerate() {
            for _ in 0..rng.gen_range(2..4) {
                gang.l2.push(add(&mut mules, rng, 2, g));
            }
            for _ in 0..rng.gen_range(1..3) {
                gang.l3.push(add(&mut mules, rng, 3, g));
            }
        }
        let cashout = (0..4 + victims / 20)
            .map(|_| {
                let b = bank(rng);
                let name = if chance(rng, 0.5) {
                    firm_name(rng).replace("有限公司", "数码有限公司")
                } else {
                    person_name(rng)
                };
                Acc {
                    account: num.account(b),
                    bank: b,
                    name,
                }
            })
            .collect();
        Network {
            mules,
            gangs,
            cashout,
        }
    }

    pub fn labels(&self) -> Vec<MuleLabel> {
        self.mules
            .iter()
            .map(|m| MuleLabel {
                account: m.acc.account.clone(),
                layer: m.layer,
            })
            .collect()
    }

    fn payer<'a, R: Rng>(&'a self, rng: &mut R, m: usize, ch: Channel) -> Payer<'a> {
        let mule = &self.mules[m];
        let gang = &self.gangs[mule.gang];
        let remote = !matches!(ch, Channel::Atm | Channel::Counter);
        Payer {
            account: &mule.acc.account,
            bank: mule.acc.bank,
            phone: mule.phone.as_deref().filter(|_| chance(rng, 0.6)),
            device: (remote && chance(rng, 0.7))
                .then(|| gang.devices.choose(rng).unwrap().as_str()),
            ip: (remote && chance(rng, 0.5)).then_some(gang.ip.as_str()),
        }
    }

    /// A mule pays `to` (used for "rebates" and "profits" paid back to victims).
    pub fn pay_out<R: Rng>(
        &self,
        em: &mut Emitter,
        rng: &mut R,
        ts: i64,
        m: usize,
        to: &Acc,
        fen: i64,
    ) {
        let ch = if chance(rng, 0.5) {
            Channel::ThirdParty
        } else {
            Channel::MobileApp
        };
        let payer = self.payer(rng, m, ch);
        em.txn(
            ts,
            &payer,
            &Acc {
                name: to.name.clone(),
                ..to.clone()
            },
            chance(rng, 0.8),
            fen,
            ch,
        );
    }

    /// Money arrives at mule `m` at `ts`: it moves on within minutes, 90–100 % of it, in chunks,
    /// to the next layer or out as cash.
    pub fn forward<R: Rng>(&self, em: &mut Emitter, rng: &mut R, m: usize, ts: i64, fen: i64) {
        let mule = &self.mules[m];
        let gang = &self.gangs[mule.gang];
        let kept = rng.gen_range(0.0..0.10);
        let mut left = ((fen as f64) * (1.0 - kept)) as i64;
        let delay = if mule.layer == 1 {
            rng.gen_range(1..31)
        } else {
            rng.gen_range(1..61)
        };
        let mut at = ts + delay * MIN_MS + rng.gen_range(0..60) * SEC_MS;
        let cash_out =
            mule.layer == 3 || (mule.layer == 2 && (gang.l3.is_empty() || chance(rng, 0.4)));
        let atm = cash_out && chance(rng, 0.4);
        let chunk = if atm {
            [2_000_000, 1_000_000, 500_000][rng.gen_range(0..3)]
        } else {
            [4_990_000, 1_999_000, 4_999_900, 999_900, 0]
                [weighted(rng, &[40.0, 25.0, 10.0, 10.0, 15.0])]
        };
        let mut target = None;
        while left > 0 {
            let mut c = if chunk == 0 { left } else { left.min(chunk) };
            if left - c < 100 * YUAN {
                c = left;
            }
            if atm {
                let me = Acc {
                    account: mule.acc.account.clone(),
                    bank: mule.acc.bank,
                    name: "ATM取现".to_string(),
                };
                let payer = self.payer(rng, m, Channel::Atm);
                em.txn(at, &payer, &me, true, c, Channel::Atm);
            } else if cash_out {
                let to = self.cashout.choose(rng).unwrap();
                let payer = self.payer(rng, m, Channel::ThirdParty);
                em.txn(at, &payer, to, chance(rng, 0.8), c, Channel::ThirdParty);
            } else {
                let next = if mule.layer == 1 { &gang.l2 } else { &gang.l3 };
                // mostly one next-layer account per inflow, sometimes spread over several
                let t = match target {
                    Some(t) if chance(rng, 0.7) => t,
                    _ => *next.choose(rng).unwrap(),
                };
                target = Some(t);
                let ch = if chance(rng, 0.8) {
                    Channel::MobileApp
                } else {
                    Channel::OnlineBanking
                };
                let payer = self.payer(rng, m, ch);
                em.txn(at, &payer, &self.mules[t].acc, chance(rng, 0.85), c, ch);
                self.forward(em, rng, t, at, c);
            }
            left -= c;
            at += rng.gen_range(20..180) * SEC_MS;
        }
    }
}
