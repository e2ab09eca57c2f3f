//! Scoring a run: the actions fanzha emitted against the labels of the world it saw.

use crate::labels::{typology_zh, Labels, TYPOLOGIES};
use fanzha_contract::{Action, ActionKind, Event, EventBody};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The figures for one typology.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypologyFigures {
    pub victims: u64,
    pub victims_protected: u64,
    pub victims_protected_rate: f64,
    pub median_warning_lead_min: Option<f64>,
    pub scam_txns: u64,
    pub scam_txns_stopped: u64,
    pub scam_fen: i64,
    pub scam_fen_held: i64,
}

/// How well a run did. Rates are fractions (0–1); a rate over an empty set is 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Detection {
    /// Victims in the labels.
    pub victims: u64,
    /// Victims protected: an `early_warning` with `phone` = the victim's phone and
    /// `trigger_ts_ms <= first_large_ts_ms`, or a `stop_payment` whose `txn_id` is the victim's
    /// first large transfer (their first scam transfer of ≥ ¥5,000, else their largest).
    pub victims_protected: u64,
    pub victims_protected_rate: f64,
    /// Victims with a warning in time (a subset of the protected).
    pub victims_warned_in_time: u64,
    /// Victims with an `early_warning` at any time, also after their first large transfer: the
    /// desk calls them before the next payment (fake investment's later deposits, a loan scam's
    /// next fee). Not part of the protection bar.
    pub victims_warned: u64,
    /// Median over victims warned in time of (first large transfer − earliest such warning), minutes.
    pub median_warning_lead_min: Option<f64>,
    /// Per typology (every typology in the labels, plus the five known ones).
    pub per_typology: BTreeMap<String, TypologyFigures>,
    /// Transfers labelled as scams (victims' transfers).
    pub scam_txns: u64,
    /// Distinct scam transfers named by a `stop_payment`.
    pub scam_txns_stopped: u64,
    pub scam_txns_stopped_rate: f64,
    /// Money in scam transfers, fen.
    pub scam_fen: i64,
    /// Money in the scam transfers that were stopped, fen.
    pub scam_fen_held: i64,
    pub scam_fen_held_rate: f64,
    /// Transfers in the events that are neither scam transfers nor sent from a mule account.
    pub legit_txns: u64,
    /// Distinct legit transfers named by a `stop_payment`.
    pub legit_txns_stopped: u64,
    pub legit_txns_stopped_rate: f64,
    /// Distinct transfers sent from mule accounts that were stopped (neither right nor wrong here).
    pub mule_txns_stopped: u64,
    /// `stop_payment`s naming a txn id that is in no event.
    pub unknown_stops: u64,
    /// `labels.persons - victims`.
    pub non_victims: u64,
    /// Distinct phones named by an `early_warning` that are not victims' phones.
    pub non_victims_warned: u64,
    pub non_victims_warned_rate: f64,
    /// Distinct mule accounts in the labels.
    pub mules: u64,
    /// Distinct mule accounts named by a `freeze_account`.
    pub mules_frozen: u64,
    pub mules_frozen_rate: f64,
    /// Distinct accounts named by a `freeze_account`.
    pub freezes: u64,
    /// Distinct frozen accounts that are not mules.
    pub wrong_freezes: u64,
    pub wrong_freezes_rate: f64,
}

fn rate(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// Scores `actions` against the world (`events`, `labels`). See [`Detection`] for definitions.
pub fn score(events: &[Event], actions: &[Action], labels: &Labels) -> Detection {
    let stopped: HashSet<&str> = actions
        .iter()
        .filter(|a| a.kind == ActionKind::StopPayment)
        .filter_map(|a| a.txn_id.as_deref())
        .collect();
    let frozen: HashSet<&str> = actions
        .iter()
        .filter(|a| a.kind == ActionKind::FreezeAccount)
        .filter_map(|a| a.account.as_deref())
        .collect();
    // earliest warning trigger per phone
    let mut warned: HashMap<&str, Vec<i64>> = HashMap::new();
    for a in actions
        .iter()
        .filter(|a| a.kind == ActionKind::EarlyWarning)
    {
        if let Some(p) = a.phone.as_deref() {
            warned.entry(p).or_default().push(a.trigger_ts_ms);
        }
    }
    let mule_accts: HashSet<&str> = labels.mules.iter().map(|m| m.account.as_str()).collect();
    let scam: HashMap<&str, i64> = labels
        .scam_txns
        .iter()
        .map(|t| (t.txn_id.as_str(), t.amount_fen))
        .collect();
    let victim_phones: HashSet<&str> = labels.victims.iter().map(|v| v.phone.as_str()).collect();

    let mut d = Detection::default();
    let mut seen_txns: HashSet<&str> = HashSet::new();
    for e in events {
        if let EventBody::Transaction(t) = &e.body {
            if !seen_txns.insert(&t.txn_id) || scam.contains_key(t.txn_id.as_str()) {
                continue;
            }
            let stop = stopped.contains(t.txn_id.as_str());
            if mule_accts.contains(t.payer_account.as_str()) {
                d.mule_txns_stopped += stop as u64;
            } else {
                d.legit_txns += 1;
                d.legit_txns_stopped += stop as u64;
            }
        }
    }
    d.unknown_stops = stopped
        .iter()
        .filter(|t| !seen_txns.contains(*t) && !scam.contains_key(*t))
        .count() as u64;

    let mut per: BTreeMap<String, TypologyFigures> = TYPOLOGIES
        .iter()
        .map(|t| (t.to_string(), TypologyFigures::default()))
        .collect();
    let mut leads: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for v in &labels.victims {
        let f = per.entry(v.typology.clone()).or_default();
        f.victims += 1;
        let earliest = warned.get(v.phone.as_str()).and_then(|ts| {
            ts.iter()
                .copied()
                .filter(|&t| t <= v.first_large_ts_ms)
                .min()
        });
        let stop = stopped.contains(v.first_large_txn_id.as_str());
        d.victims_warned += warned.contains_key(v.phone.as_str()) as u64;
        if earliest.is_some() || stop {
            f.victims_protected += 1;
            d.victims_protected += 1;
        }
        if let Some(t) = earliest {
            d.victims_warned_in_time += 1;
            leads
                .entry(v.typology.clone())
                .or_default()
                .push((v.first_large_ts_ms - t) as f64 / 60_000.0);
        }
    }
    d.victims = labels.victims.len() as u64;
    for t in &labels.scam_txns {
        let f = per.entry(t.typology.clone()).or_default();
        let stop = stopped.contains(t.txn_id.as_str());
        f.scam_txns += 1;
        f.scam_fen += t.amount_fen;
        d.scam_txns += 1;
        d.scam_fen += t.amount_fen;
        if stop {
            f.scam_txns_stopped += 1;
            f.scam_fen_held += t.amount_fen;
            d.scam_txns_stopped += 1;
            d.scam_fen_held += t.amount_fen;
        }
    }
    for (t, f) in per.iter_mut() {
        f.victims_protected_rate = rate(f.victims_protected, f.victims);
        f.median_warning_lead_min = leads.get(t).and_then(|l| median(l.clone()));
    }
    d.median_warning_lead_min = median(leads.into_values().flatten().collect());
    d.per_typology = per;
    d.victims_protected_rate = rate(d.victims_protected, d.victims);
    d.scam_txns_stopped_rate = rate(d.scam_txns_stopped, d.scam_txns);
    d.scam_fen_held_rate = if d.scam_fen > 0 {
        d.scam_fen_held as f64 / d.scam_fen as f64
    } else {
        0.0
    };
    d.legit_txns_stopped_rate = rate(d.legit_txns_stopped, d.legit_txns);

    d.non_victims = labels.persons.saturating_sub(d.victims);
    d.non_victims_warned = warned
        .keys()
        .filter(|p| !victim_phones.contains(*p))
        .count() as u64;
    d.non_victims_warned_rate = rate(d.non_victims_warned, d.non_victims);

    d.mules = mule_accts.len() as u64;
    d.mules_frozen = frozen.iter().filter(|a| mule_accts.contains(*a)).count() as u64;
    d.mules_frozen_rate = rate(d.mules_frozen, d.mules);
    d.freezes = frozen.len() as u64;
    d.wrong_freezes = d.freezes - d.mules_frozen;
    d.wrong_freezes_rate = rate(d.wrong_freezes, d.freezes);
    d
}

fn pct(r: f64) -> String {
    format!("{:.1} %", r * 100.0)
}

fn yuan(fen: i64) -> String {
    let y = fen / 100;
    let s = y.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("¥{out}")
}

impl Detection {
    /// The quality bar: which of these fail (empty = all pass). A bar over an empty set passes.
    /// victims protected ≥ 95 %, legit transfers stopped ≤ 0.1 %, non-victims warned ≤ 0.1 %,
    /// mules frozen ≥ 90 %, wrong freezes ≤ 1 % of freezes.
    pub fn passes_quality_bar(&self) -> Vec<String> {
        let mut fail = Vec::new();
        if self.victims > 0 && self.victims_protected_rate < 0.95 {
            fail.push(format!(
                "victims protected {} < 95 %",
                pct(self.victims_protected_rate)
            ));
        }
        if self.legit_txns_stopped_rate > 0.001 {
            fail.push(format!(
                "legit transfers stopped {:.3} % > 0.1 %",
                self.legit_txns_stopped_rate * 100.0
            ));
        }
        if self.non_victims_warned_rate > 0.001 {
            fail.push(format!(
                "non-victims warned {:.3} % > 0.1 %",
                self.non_victims_warned_rate * 100.0
            ));
        }
        if self.mules > 0 && self.mules_frozen_rate < 0.90 {
            fail.push(format!(
                "mules frozen {} < 90 %",
                pct(self.mules_frozen_rate)
            ));
        }
        if self.wrong_freezes_rate > 0.01 {
            fail.push(format!(
                "wrong freezes {} > 1 %",
                pct(self.wrong_freezes_rate)
            ));
        }
        fail
    }

    /// A few lines a police desk officer can read.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let lead = self
            .median_warning_lead_min
            .map(|m| format!(", warned a median {m:.0} min before the first large transfer"))
            .unwrap_or_default();
        s += &format!(
            "Victims protected 受害人得到保护: {} of {} ({}){lead}\n",
            self.victims_protected,
            self.victims,
            pct(self.victims_protected_rate)
        );
        s += &format!(
            "Victims warned at any time 受害人收到预警: {} of {} ({})\n",
            self.victims_warned,
            self.victims,
            pct(rate(self.victims_warned, self.victims))
        );
        for (t, f) in &self.per_typology {
            if f.victims == 0 && f.scam_txns == 0 {
                continue;
            }
            let lead = f
                .median_warning_lead_min
                .map(|m| format!(", median lead {m:.0} min"))
                .unwrap_or_default();
            s += &format!(
                "  {} {t}: {} of {} protected ({}){lead}; {} of {} transfers stopped, {} of {} held\n",
                typology_zh(t),
                f.victims_protected,
                f.victims,
                pct(f.victims_protected_rate),
                f.scam_txns_stopped,
                f.scam_txns,
                yuan(f.scam_fen_held),
                yuan(f.scam_fen)
            );
        }
        s += &format!(
            "Scam transfers stopped 止付: {} of {} ({}); money held {} of {} ({})\n",
            self.scam_txns_stopped,
            self.scam_txns,
            pct(self.scam_txns_stopped_rate),
            yuan(self.scam_fen_held),
            yuan(self.scam_fen),
            pct(self.scam_fen_held_rate)
        );
        s += &format!(
            "Ordinary transfers wrongly stopped: {} of {} ({:.3} %)\n",
            self.legit_txns_stopped,
            self.legit_txns,
            self.legit_txns_stopped_rate * 100.0
        );
        s += &format!(
            "People warned who were not being scammed 误预警: {} of {} ({:.3} %)\n",
            self.non_victims_warned,
            self.non_victims,
            self.non_victims_warned_rate * 100.0
        );
        s += &format!(
            "Mule accounts frozen 冻结涉案账户: {} of {} ({}); wrong freezes {} of {} ({})\n",
            self.mules_frozen,
            self.mules,
            pct(self.mules_frozen_rate),
            self.wrong_freezes,
            self.freezes,
            pct(self.wrong_freezes_rate)
        );
        let fails = self.passes_quality_bar();
        if fails.is_empty() {
            s += "Quality bar: PASS\n";
        } else {
            s += &format!("Quality bar: FAIL — {}\n", fails.join("; "));
        }
        s
    }
}
