//! The generated world: deterministic, ordered, contract-clean, labelled apart, and complete.

use fanzha_contract::{
    decode, CallPhase, CallerKind, EventBody, CALL_FIELDS, COMMON_FIELDS, TRANSACTION_FIELDS,
    WATCHLIST_FIELDS,
};
use fanzha_load::*;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

fn small(seed: u64) -> GenConfig {
    GenConfig {
        persons: 600,
        days: 3,
        seed,
        ..GenConfig::default()
    }
}

fn default_world() -> &'static Scenario {
    static W: OnceLock<Scenario> = OnceLock::new();
    W.get_or_init(|| generate(&GenConfig::default()))
}

/// A mid-sized world for the per-event checks (the default world is slow in debug builds).
fn mid_world() -> &'static Scenario {
    static W: OnceLock<Scenario> = OnceLock::new();
    W.get_or_init(|| {
        generate(&GenConfig {
            persons: 1500,
            days: 4,
            seed: 11,
            ..GenConfig::default()
        })
    })
}

fn lines(s: &Scenario) -> Vec<String> {
    s.events.iter().map(|e| e.to_json()).collect()
}

#[test]
fn deterministic_for_a_seed() {
    let a = generate(&small(7));
    let b = generate(&small(7));
    assert_eq!(lines(&a), lines(&b));
    assert_eq!(a.labels, b.labels);
    assert!(a.events.len() > 5_000, "{}", a.events.len());
}

#[test]
fn different_seeds_differ() {
    let a = generate(&small(1));
    let b = generate(&small(2));
    assert_ne!(lines(&a), lines(&b));
    assert_ne!(a.labels.victims, b.labels.victims);
}

#[test]
fn sorted_by_time_unless_disorder() {
    let s = default_world();
    assert!(s.events.windows(2).all(|w| w[0].ts_ms <= w[1].ts_ms));
    let cfg = GenConfig {
        disorder_ms: 5_000,
        ..small(3)
    };
    let d = generate(&cfg);
    let mut max_seen = d.events[0].ts_ms;
    let mut late = 0;
    for e in &d.events {
        assert!(
            max_seen - e.ts_ms <= 5_000,
            "event {} late by more than 5 s",
            e.event_id
        );
        late += (e.ts_ms < max_seen) as u32;
        max_seen = max_seen.max(e.ts_ms);
    }
    assert!(late > 0, "disorder should reorder something");
    let mut a = lines(&d);
    let mut b = lines(&generate(&small(3)));
    a.sort();
    b.sort();
    assert_eq!(a, b, "disorder changes the order only");
}

#[test]
fn streaming_writes_the_same_world() {
    let cfg = small(4);
    let s = generate(&cfg);
    let dir = std::env::temp_dir().join(format!("fanzha-load-test-{}", std::process::id()));
    let (labels, n) = write_world(&cfg, &dir.join("a")).unwrap();
    write_scenario(&s, &dir.join("b")).unwrap();
    assert_eq!(n as usize, s.events.len());
    assert_eq!(labels, s.labels);
    let a = std::fs::read(dir.join("a/events.jsonl")).unwrap();
    let b = std::fs::read(dir.join("b/events.jsonl")).unwrap();
    assert!(a == b, "write_world and write_scenario differ");
    assert_eq!(
        Labels::read_jsonl(dir.join("b/labels.jsonl")).unwrap(),
        s.labels
    );
    let back = read_events(&dir.join("a/events.jsonl")).unwrap();
    assert_eq!(back, s.events);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_call_has_start_and_end_and_ids_are_unique() {
    let s = mid_world();
    let mut ids = HashSet::new();
    let mut txn_ids = HashSet::new();
    let mut starts: HashMap<&str, i64> = HashMap::new();
    let mut ends: HashMap<&str, (i64, i64)> = HashMap::new();
    for e in &s.events {
        assert!(
            ids.insert(e.event_id.as_str()),
            "duplicate event id {}",
            e.event_id
        );
        match &e.body {
            EventBody::Call(c) => match c.phase {
                CallPhase::Start => {
                    assert!(c.duration_s.is_none());
                    assert!(starts.insert(&c.call_id, e.ts_ms).is_none());
                }
                CallPhase::End => {
                    assert!(ends
                        .insert(&c.call_id, (e.ts_ms, c.duration_s.unwrap()))
                        .is_none());
                }
            },
            EventBody::Transaction(t) => {
                assert!(
                    txn_ids.insert(t.txn_id.as_str()),
                    "duplicate txn id {}",
                    t.txn_id
                );
                assert!(t.amount_fen > 0);
                assert!(t.txn_id.starts_with(&t.payer_bank));
                assert!(
                    (16..=19).contains(&t.payer_account.len()),
                    "{}",
                    t.payer_account
                );
            }
            EventBody::Watchlist(_) => {}
        }
    }
    assert_eq!(starts.len(), ends.len());
    for (id, s_ts) in &starts {
        let (e_ts, dur) = ends[id];
        assert!(dur >= 0);
        assert_eq!(e_ts, s_ts + dur * 1000, "call {id}");
    }
}

#[test]
fn every_event_round_trips_through_the_contract_decoder() {
    for e in &mid_world().events {
        let back =
            decode(e.to_json().as_bytes()).unwrap_or_else(|err| panic!("{}: {err}", e.to_json()));
        assert_eq!(&back, e);
    }
}

#[test]
fn labels_round_trip_and_never_appear_in_events() {
    let s = mid_world();
    let mut buf = Vec::new();
    s.labels.write_to(&mut buf).unwrap();
    let text = String::from_utf8(buf.clone()).unwrap();
    assert!(text.lines().next().unwrap().contains("\"kind\":\"meta\""));
    assert_eq!(Labels::read_from(&buf[..]).unwrap(), s.labels);
    let allowed: HashSet<&str> = COMMON_FIELDS
        .iter()
        .chain(&TRANSACTION_FIELDS)
        .chain(&CALL_FIELDS)
        .chain(&WATCHLIST_FIELDS)
        .copied()
        .collect();
    for e in &s.events {
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        for k in v.as_object().unwrap().keys() {
            assert!(allowed.contains(k.as_str()), "field {k} in an event");
        }
        let j = e.to_json();
        for t in TYPOLOGIES.iter().chain([&MULE_NETWORK]) {
            assert!(!j.contains(*t), "typology {t} leaks into {j}");
        }
    }
}

#[test]
fn default_world_has_every_typology_and_sane_labels() {
    let s = default_world();
    let l = &s.labels;
    assert_eq!(l.persons, 5000);
    let share = l.victims.len() as f64 / l.persons as f64;
    assert!((0.01..=0.02).contains(&share), "victim share {share}");
    for t in TYPOLOGIES {
        assert!(l.victims.iter().any(|v| v.typology == t), "no {t} victim");
        assert!(
            l.scam_txns.iter().any(|x| x.typology == t),
            "no {t} transfer"
        );
    }
    assert!(s.events.len() > 200_000, "{} events", s.events.len());
    let txns: HashMap<&str, &fanzha_contract::Transaction> = s
        .events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Transaction(t) => Some((t.txn_id.as_str(), t)),
            _ => None,
        })
        .collect();
    let mules: HashMap<&str, u8> = l
        .mules
        .iter()
        .map(|m| (m.account.as_str(), m.layer))
        .collect();
    for x in &l.scam_txns {
        let t = txns[x.txn_id.as_str()];
        assert_eq!(t.amount_fen, x.amount_fen);
        assert_eq!(
            mules.get(t.payee_account.as_str()),
            Some(&1),
            "scam transfers go to layer-1 mules"
        );
    }
    for v in &l.victims {
        let mine: Vec<_> = l
            .scam_txns
            .iter()
            .filter(|x| x.victim_phone == v.phone)
            .collect();
        assert!(!mine.is_empty());
        let first_large = mine
            .iter()
            .filter(|x| x.amount_fen >= 500_000)
            .min_by_key(|x| x.ts_ms);
        match first_large {
            Some(x) => assert_eq!(x.txn_id, v.first_large_txn_id),
            None => assert_eq!(
                mine.iter().map(|x| x.amount_fen).max().unwrap(),
                txns[v.first_large_txn_id.as_str()].amount_fen
            ),
        }
        assert_eq!(txns[v.first_large_txn_id.as_str()].payer_account, v.account);
    }
    // one first-layer mule serves several victims
    let mut served: HashMap<&str, HashSet<&str>> = HashMap::new();
    for x in &l.scam_txns {
        served
            .entry(txns[x.txn_id.as_str()].payee_account.as_str())
            .or_default()
            .insert(&x.victim_phone);
    }
    let avg = served.values().map(|s| s.len()).sum::<usize>() as f64 / served.len() as f64;
    assert!(avg >= 3.0, "a layer-1 mule serves {avg} victims on average");
    // mules pass money on: every layer appears as a payer
    for layer in 1..=3u8 {
        assert!(
            txns.values()
                .any(|t| mules.get(t.payer_account.as_str()) == Some(&layer)),
            "layer {layer} never pays"
        );
    }
}

#[test]
fn legit_life_contains_the_look_alikes() {
    let s = default_world();
    let l = &s.labels;
    let victims: HashSet<&str> = l.victims.iter().map(|v| v.phone.as_str()).collect();
    let scam: HashSet<&str> = l.scam_txns.iter().map(|t| t.txn_id.as_str()).collect();
    let mules: HashSet<&str> = l.mules.iter().map(|m| m.account.as_str()).collect();
    let mut long_foreign_to_non_victims = 0;
    let mut long_virtual = 0;
    let mut legit_spoofed = 0;
    let mut legit_large = 0;
    let mut kinds = HashSet::new();
    for e in &s.events {
        match &e.body {
            EventBody::Call(c) if c.phase == CallPhase::End => {
                kinds.insert(c.caller_kind);
                let long = c.duration_s.unwrap() >= 20 * 60;
                if long
                    && c.caller_kind == CallerKind::International
                    && !victims.contains(c.callee.as_str())
                {
                    long_foreign_to_non_victims += 1;
                }
                if long
                    && c.caller_kind == CallerKind::Virtual
                    && !victims.contains(c.callee.as_str())
                {
                    long_virtual += 1;
                }
                if c.spoof_suspected == Some(true) && !victims.contains(c.callee.as_str()) {
                    legit_spoofed += 1;
                }
            }
            EventBody::Transaction(t)
                if !scam.contains(t.txn_id.as_str())
                    && !mules.contains(t.payer_account.as_str())
                    && t.amount_fen >= 5_000_000 =>
            {
                legit_large += 1;
            }
            _ => {}
        }
    }
    assert!(
        long_foreign_to_non_victims > 20,
        "{long_foreign_to_non_victims}"
    );
    assert!(long_virtual > 5, "{long_virtual}");
    assert!(legit_spoofed > 20, "{legit_spoofed}");
    assert!(legit_large > 50, "{legit_large}");
    assert!(kinds.len() >= 5, "{kinds:?}");
    let lists: HashSet<&str> = s
        .events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::Watchlist(w) => Some(w.list.as_str()),
            _ => None,
        })
        .collect();
    for l in ["scam_numbers", "mule_accounts", "allow"] {
        assert!(lists.contains(l), "no {l} watchlist event");
    }
}

#[test]
fn tiny_worlds_work() {
    for persons in [0, 1, 2, 19, 20, 60] {
        let s = generate(&GenConfig {
            persons,
            days: 1,
            ..GenConfig::default()
        });
        assert_eq!(s.labels.persons, persons as u64);
        assert!(s.events.windows(2).all(|w| w[0].ts_ms <= w[1].ts_ms));
    }
}
