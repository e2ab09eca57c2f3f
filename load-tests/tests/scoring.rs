//! Each Detection figure on small hand-made worlds.

use fanzha_contract::{
    action_id, Action, ActionKind, Channel, Event, EventBody, Severity, Transaction,
};
use fanzha_load::*;

fn txn(id: &str, ts: i64, payer: &str, amount_fen: i64) -> Event {
    Event {
        event_id: format!("t-{id}"),
        ts_ms: ts,
        body: EventBody::Transaction(Transaction {
            txn_id: id.into(),
            payer_account: payer.into(),
            payer_bank: "ICBC".into(),
            payer_phone: None,
            payee_account: "6222000000000009".into(),
            payee_bank: "CCB".into(),
            payee_name: None,
            amount_fen,
            currency: Some("CNY".into()),
            channel: Channel::MobileApp,
            device_id: None,
            ip: None,
        }),
    }
}

fn action(kind: ActionKind, target: &str, trigger_ts: i64) -> Action {
    Action {
        action_id: action_id(kind, target, "e"),
        kind,
        severity: Severity::High,
        bank: Some("ICBC".into()),
        account: (kind == ActionKind::FreezeAccount).then(|| target.to_string()),
        txn_id: (kind == ActionKind::StopPayment).then(|| target.to_string()),
        amount_fen: None,
        phone: (kind == ActionKind::EarlyWarning).then(|| target.to_string()),
        typology: "impersonation_police".into(),
        score: 0.9,
        reasons: vec![],
        model: None,
        ruleset_version: "test".into(),
        trigger_event_id: "e".into(),
        trigger_ts_ms: trigger_ts,
        emitted_ts_ms: trigger_ts + 5,
    }
}

fn victim(phone: &str, typ: &str, first: &str, ts: i64) -> VictimLabel {
    VictimLabel {
        phone: phone.into(),
        account: format!("acct-{phone}"),
        typology: typ.into(),
        first_large_txn_id: first.into(),
        first_large_ts_ms: ts,
    }
}

fn scam(id: &str, typ: &str, phone: &str, ts: i64, fen: i64) -> ScamTxnLabel {
    ScamTxnLabel {
        txn_id: id.into(),
        typology: typ.into(),
        victim_phone: phone.into(),
        ts_ms: ts,
        amount_fen: fen,
    }
}

/// Four victims (A, B police; C, D task_rebate), 100 persons, three mules, 10 legit transfers.
fn world() -> (Vec<Event>, Labels) {
    let labels = Labels {
        persons: 100,
        victims: vec![
            victim("A", "impersonation_police", "sA1", 1_000_000),
            victim("B", "impersonation_police", "sB1", 2_000_000),
            victim("C", "task_rebate", "sC2", 3_000_000),
            victim("D", "task_rebate", "sD1", 4_000_000),
        ],
        scam_txns: vec![
            scam("sA1", "impersonation_police", "A", 1_000_000, 3_000_000),
            scam("sA2", "impersonation_police", "A", 1_100_000, 2_000_000),
            scam("sB1", "impersonation_police", "B", 2_000_000, 1_000_000),
            scam("sC1", "task_rebate", "C", 2_900_000, 20_000),
            scam("sC2", "task_rebate", "C", 3_000_000, 600_000),
            scam("sD1", "task_rebate", "D", 4_000_000, 700_000),
        ],
        mules: vec![
            MuleLabel {
                account: "M1".into(),
                layer: 1,
            },
            MuleLabel {
                account: "M2".into(),
                layer: 2,
            },
            MuleLabel {
                account: "M3".into(),
                layer: 3,
            },
        ],
    };
    let mut events = Vec::new();
    for s in &labels.scam_txns {
        events.push(txn(
            &s.txn_id,
            s.ts_ms,
            &format!("acct-{}", s.victim_phone),
            s.amount_fen,
        ));
    }
    for i in 0..10 {
        events.push(txn(&format!("L{i}"), 10 * i, "legit-acct", 10_000));
    }
    events.push(txn("m1", 5, "M1", 2_000_000));
    events.push(txn("m2", 6, "M2", 2_000_000));
    (events, labels)
}

#[test]
fn nothing_done_scores_zero_and_fails_the_bar() {
    let (events, labels) = world();
    let d = score(&events, &[], &labels);
    assert_eq!(
        (d.victims, d.victims_protected, d.victims_protected_rate),
        (4, 0, 0.0)
    );
    assert_eq!(
        (
            d.scam_txns,
            d.scam_txns_stopped,
            d.scam_fen,
            d.scam_fen_held
        ),
        (6, 0, 7_320_000, 0)
    );
    assert_eq!(
        (d.legit_txns, d.legit_txns_stopped),
        (10, 0),
        "mule-sent transfers are not legit"
    );
    assert_eq!((d.non_victims, d.non_victims_warned), (96, 0));
    assert_eq!(
        (d.mules, d.mules_frozen, d.freezes, d.wrong_freezes),
        (3, 0, 0, 0)
    );
    assert_eq!(d.median_warning_lead_min, None);
    let fails = d.passes_quality_bar();
    assert_eq!(fails.len(), 2, "{fails:?}");
    assert!(fails[0].starts_with("victims protected"));
    assert!(fails[1].starts_with("mules frozen"));
}

#[test]
fn a_victim_counts_when_warned_in_time_or_the_first_large_transfer_is_stopped() {
    let (events, labels) = world();
    let actions = vec![
        // A: warned 10 minutes before the first large transfer
        action(ActionKind::EarlyWarning, "A", 1_000_000 - 600_000),
        // B: warned only after → not protected by the warning ...
        action(ActionKind::EarlyWarning, "B", 2_000_001),
        // C: warned exactly at the first large transfer → protected (<=)
        action(ActionKind::EarlyWarning, "C", 3_000_000),
        // D: not warned, but the first large transfer stopped → protected
        action(ActionKind::StopPayment, "sD1", 4_000_000),
        // stopping a later transfer of A does not count for protection, but holds money
        action(ActionKind::StopPayment, "sA2", 1_100_000),
    ];
    let d = score(&events, &actions, &labels);
    assert_eq!(d.victims_protected, 3);
    assert_eq!(d.victims_protected_rate, 0.75);
    assert_eq!(d.victims_warned_in_time, 2);
    // B was warned too late to count as protected, but was warned: 3 of 4 warned at any time
    assert_eq!(d.victims_warned, 3);
    // leads: A 10 min, C 0 min → median 5
    assert_eq!(d.median_warning_lead_min, Some(5.0));
    let police = &d.per_typology["impersonation_police"];
    assert_eq!((police.victims, police.victims_protected), (2, 1));
    assert_eq!(police.median_warning_lead_min, Some(10.0));
    assert_eq!(
        (
            police.scam_txns,
            police.scam_txns_stopped,
            police.scam_fen_held
        ),
        (3, 1, 2_000_000)
    );
    let task = &d.per_typology["task_rebate"];
    assert_eq!(
        (
            task.victims,
            task.victims_protected,
            task.victims_protected_rate
        ),
        (2, 2, 1.0)
    );
    assert_eq!((d.scam_txns_stopped, d.scam_fen_held), (2, 2_700_000));
    assert!((d.scam_fen_held_rate - 2_700_000.0 / 7_320_000.0).abs() < 1e-12);
    assert_eq!(d.per_typology["loan_scam"].victims, 0);
    // B was warned late: B is a victim, so that is not a non-victim warning either
    assert_eq!(d.non_victims_warned, 0);
}

#[test]
fn legit_stops_count_distinct_legit_transfers_only() {
    let (events, labels) = world();
    let actions = vec![
        action(ActionKind::StopPayment, "L1", 10),
        action(ActionKind::StopPayment, "L1", 11), // the same transfer twice
        action(ActionKind::StopPayment, "L2", 20),
        action(ActionKind::StopPayment, "m1", 5), // sent from a mule: not legit
        action(ActionKind::StopPayment, "nope", 5), // unknown transfer
        action(ActionKind::StopPayment, "sA1", 5), // a scam transfer
    ];
    let d = score(&events, &actions, &labels);
    assert_eq!((d.legit_txns, d.legit_txns_stopped), (10, 2));
    assert_eq!(d.legit_txns_stopped_rate, 0.2);
    assert_eq!(d.mule_txns_stopped, 1);
    assert_eq!(d.unknown_stops, 1);
    assert_eq!(d.scam_txns_stopped, 1);
    assert!(d
        .passes_quality_bar()
        .iter()
        .any(|f| f.starts_with("legit transfers stopped")));
}

#[test]
fn non_victims_warned_are_distinct_phones() {
    let (events, labels) = world();
    let actions = vec![
        action(ActionKind::EarlyWarning, "X", 1),
        action(ActionKind::EarlyWarning, "X", 2),
        action(ActionKind::EarlyWarning, "Y", 3),
        action(ActionKind::EarlyWarning, "A", 4),
    ];
    let d = score(&events, &actions, &labels);
    assert_eq!((d.non_victims_warned, d.non_victims), (2, 96));
    assert!((d.non_victims_warned_rate - 2.0 / 96.0).abs() < 1e-12);
    assert!(d
        .passes_quality_bar()
        .iter()
        .any(|f| f.starts_with("non-victims warned")));
}

#[test]
fn freezes_count_distinct_accounts() {
    let (events, labels) = world();
    let actions = vec![
        action(ActionKind::FreezeAccount, "M1", 1),
        action(ActionKind::FreezeAccount, "M1", 2),
        action(ActionKind::FreezeAccount, "M2", 3),
        action(ActionKind::FreezeAccount, "legit-acct", 4),
    ];
    let d = score(&events, &actions, &labels);
    assert_eq!(
        (d.mules, d.mules_frozen, d.freezes, d.wrong_freezes),
        (3, 2, 3, 1)
    );
    assert!((d.mules_frozen_rate - 2.0 / 3.0).abs() < 1e-12);
    assert!((d.wrong_freezes_rate - 1.0 / 3.0).abs() < 1e-12);
    let fails = d.passes_quality_bar();
    assert!(fails.iter().any(|f| f.starts_with("mules frozen")));
    assert!(fails.iter().any(|f| f.starts_with("wrong freezes")));
}

#[test]
fn a_perfect_run_passes_the_bar_and_reports_readably() {
    let (events, labels) = world();
    let mut actions: Vec<Action> = labels
        .victims
        .iter()
        .map(|v| {
            action(
                ActionKind::EarlyWarning,
                &v.phone,
                v.first_large_ts_ms - 120_000,
            )
        })
        .collect();
    actions.extend(
        labels
            .scam_txns
            .iter()
            .map(|s| action(ActionKind::StopPayment, &s.txn_id, s.ts_ms)),
    );
    actions.extend(
        labels
            .mules
            .iter()
            .map(|m| action(ActionKind::FreezeAccount, &m.account, 9)),
    );
    let d = score(&events, &actions, &labels);
    assert!(
        d.passes_quality_bar().is_empty(),
        "{:?}",
        d.passes_quality_bar()
    );
    assert_eq!(d.median_warning_lead_min, Some(2.0));
    assert_eq!(d.scam_fen_held_rate, 1.0);
    let r = d.report();
    assert!(r.contains("Victims protected"), "{r}");
    assert!(r.contains("4 of 4"), "{r}");
    assert!(r.contains("冒充公检法"), "{r}");
    assert!(r.contains("刷单返利"), "{r}");
    assert!(r.contains("¥73,200"), "{r}");
    assert!(r.contains("Quality bar: PASS"), "{r}");
    assert!(
        !r.contains("虚假贷款"),
        "typologies without victims are left out: {r}"
    );
    let j = serde_json::to_value(&d).unwrap();
    assert_eq!(j["victims_protected"], 4);
}

#[test]
fn boundary_rates_pass_the_bar() {
    // exactly at the bars: 95 % protected, 0.1 % legit stopped / warned, 90 % frozen, 1 % wrong
    let d = Detection {
        victims: 20,
        victims_protected: 19,
        victims_protected_rate: 0.95,
        legit_txns: 1000,
        legit_txns_stopped: 1,
        legit_txns_stopped_rate: 0.001,
        non_victims: 1000,
        non_victims_warned: 1,
        non_victims_warned_rate: 0.001,
        mules: 10,
        mules_frozen: 9,
        mules_frozen_rate: 0.9,
        freezes: 100,
        wrong_freezes: 1,
        wrong_freezes_rate: 0.01,
        ..Detection::default()
    };
    assert!(
        d.passes_quality_bar().is_empty(),
        "{:?}",
        d.passes_quality_bar()
    );
    let worse = Detection {
        victims_protected: 18,
        victims_protected_rate: 0.9,
        ..d
    };
    assert_eq!(worse.passes_quality_bar().len(), 1);
}

#[test]
fn scoring_a_generated_world_with_perfect_actions() {
    let s = generate(&GenConfig {
        persons: 800,
        days: 2,
        ..GenConfig::default()
    });
    let mut actions: Vec<Action> = s
        .labels
        .victims
        .iter()
        .map(|v| action(ActionKind::EarlyWarning, &v.phone, v.first_large_ts_ms))
        .collect();
    actions.extend(
        s.labels
            .mules
            .iter()
            .map(|m| action(ActionKind::FreezeAccount, &m.account, 0)),
    );
    let d = score(&s.events, &actions, &s.labels);
    assert_eq!(d.victims_protected, d.victims);
    assert!(d.victims > 0);
    assert!(d.legit_txns > 1000);
    assert!(
        d.passes_quality_bar().is_empty(),
        "{:?}",
        d.passes_quality_bar()
    );
}
