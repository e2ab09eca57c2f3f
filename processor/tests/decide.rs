//! Decisions with two tiers: a transfer held on evidence no warning could be sent on does not make
//! its payer a suspected victim (which would count towards freezing the payee as a mule); a
//! transfer held on evidence that warns does. Holds are counted per payer (`payer.held_24h`) for a
//! day, and per payee (`payee.stops_24h`) only when a person's transfer was held.

mod common;

use common::{pipeline_with, txn, Scratch};
use fanzha::pipeline::{Pipeline, Shared};
use fanzha::state::{State, StateConfig};
use fanzha_contract::{decode, Action, ActionKind, Severity};

const T0: i64 = 1_764_290_000_000;
const MIN: i64 = 60_000;

const PACK: &str = r#"
rules:
  - id: hold_large
    description: a large payment is held, nobody is called
    typology: impersonation_police
    severity: medium
    condition: txn.amount_fen >= ¥5,000 && txn.amount_fen < ¥50,000
    score: 0.8
    actions: [stop_payment]
  - id: warn_huge
    description: a huge payment is held and its payer called
    typology: impersonation_police
    severity: high
    condition: txn.amount_fen >= ¥50,000
    score: 0.9
    actions: [stop_payment, early_warning]
settings:
  thresholds: { stop_payment: 0.6, early_warning: 0.7 }
"#;

fn pipeline(dir: &Scratch) -> Pipeline {
    pipeline_with(dir, PACK)
}

fn kinds(out: &[Action]) -> Vec<ActionKind> {
    out.iter().map(|a| a.kind).collect()
}

#[test]
fn a_hold_that_no_rule_would_warn_on_does_not_make_its_payer_a_suspected_victim() {
    let dir = Scratch::new("fz-decide", "tiers");
    let mut p = pipeline(&dir);
    let mut out = Vec::new();

    // held (score 0.8 is above the warning threshold, but no rule that fired asks for a warning)
    let held = txn("h1", T0, "A1", Some("13700000001"), "P1", 600_000);
    p.process(&decode(held.as_bytes()).unwrap(), "test", &mut out);
    assert_eq!(kinds(&out), vec![ActionKind::StopPayment]);
    let on = txn("o1", T0 + 5 * MIN, "P1", None, "Q1", 100_000);
    let f = p.features_json(&decode(on.as_bytes()).unwrap());
    assert_eq!(f["payer.in_suspects_24h"], 0);

    // held and warned: the payer is a suspected victim, and the payee's next payment shows it
    out.clear();
    let warned = txn(
        "h2",
        T0 + 10 * MIN,
        "A2",
        Some("13700000002"),
        "P1",
        6_000_000,
    );
    p.process(&decode(warned.as_bytes()).unwrap(), "test", &mut out);
    assert_eq!(
        kinds(&out),
        vec![ActionKind::StopPayment, ActionKind::EarlyWarning]
    );
    let on = txn("o2", T0 + 15 * MIN, "P1", None, "Q1", 100_000);
    let f = p.features_json(&decode(on.as_bytes()).unwrap());
    assert_eq!(f["payer.in_suspects_24h"], 1);
}

#[test]
fn holds_on_a_payers_transfers_are_counted_for_a_day() {
    let dir = Scratch::new("fz-decide", "held");
    let mut p = pipeline(&dir);
    let mut out = Vec::new();
    let probe = |p: &Pipeline, id: &str, ts: i64| {
        let t = txn(id, ts, "A8", Some("13700000008"), "Q8", 100_000);
        p.features_json(&decode(t.as_bytes()).unwrap())["payer.held_24h"].clone()
    };
    assert_eq!(probe(&p, "p0", T0), 0);
    for (i, at) in [0, 10 * MIN].into_iter().enumerate() {
        let held = txn(
            &format!("h{i}"),
            T0 + at,
            "A8",
            Some("13700000008"),
            "P8",
            600_000,
        );
        p.process(&decode(held.as_bytes()).unwrap(), "test", &mut out);
    }
    assert_eq!(kinds(&out), vec![ActionKind::StopPayment; 2]);
    assert_eq!(probe(&p, "p1", T0 + 20 * MIN), 2);
    // not held: does not count
    let small = txn(
        "s1",
        T0 + 30 * MIN,
        "A8",
        Some("13700000008"),
        "P8",
        100_000,
    );
    p.process(&decode(small.as_bytes()).unwrap(), "test", &mut out);
    assert_eq!(probe(&p, "p2", T0 + 40 * MIN), 2);
    // a day after the latest hold, forgotten
    assert_eq!(probe(&p, "p3", T0 + 10 * MIN + 24 * 60 * MIN), 0);
}

#[test]
fn only_holds_on_peoples_transfers_make_a_payee_look_like_a_collecting_account() {
    let dir = Scratch::new("fz-decide", "stops-in");
    let mut p = pipeline(&dir);
    let mut out = Vec::new();
    let probe = |p: &Pipeline, id: &str, ts: i64| {
        let t = txn(id, ts, "C1", Some("13700000031"), "WALLET", 100_000);
        p.features_json(&decode(t.as_bytes()).unwrap())["payee.stops_24h"].clone()
    };
    // a known mule's own top-up of its wallet is held, and so is a transfer with no phone (a
    // company's, or a card fanzha cannot tie to a person): neither says the wallet collects
    // victims' money
    let listed = format!(
        r#"{{"type":"watchlist","event_id":"w1","ts_ms":{T0},"op":"add","entity":"account","value":"M1","list":"mule_accounts"}}"#
    );
    p.process(&decode(listed.as_bytes()).unwrap(), "test", &mut out);
    for (id, payer, phone) in [("m1", "M1", Some("13700000032")), ("n1", "B1", None)] {
        let held = txn(id, T0 + MIN, payer, phone, "WALLET", 600_000);
        p.process(&decode(held.as_bytes()).unwrap(), "test", &mut out);
    }
    assert_eq!(kinds(&out), vec![ActionKind::StopPayment; 2]);
    assert_eq!(probe(&p, "p0", T0 + 2 * MIN), 0);
    // a person's held transfer counts
    let held = txn(
        "h1",
        T0 + 3 * MIN,
        "A3",
        Some("13700000033"),
        "WALLET",
        600_000,
    );
    p.process(&decode(held.as_bytes()).unwrap(), "test", &mut out);
    assert_eq!(kinds(&out), vec![ActionKind::StopPayment; 3]);
    assert_eq!(probe(&p, "p1", T0 + 4 * MIN), 1);
}

const TYPOLOGY_PACK: &str = r#"
rules:
  - id: pays_a_mule
    description: a person pays a known mule; the desk is asked to call
    typology: mule_network
    severity: high
    condition: txn.amount_fen >= ¥1,000
    score: 0.7
    actions: [early_warning]
  - id: escalating_deposits
    description: a fake investment's escalating deposits are held
    typology: fake_investment
    severity: medium
    condition: txn.amount_fen >= ¥5,000
    score: 0.6
    actions: [stop_payment]
settings:
  thresholds: { stop_payment: 0.6, early_warning: 0.7 }
"#;

/// The typology of each action `event` produced, by kind.
fn typologies(p: &mut Pipeline, event: &str) -> Vec<(ActionKind, String)> {
    let mut out = Vec::new();
    p.process(&decode(event.as_bytes()).unwrap(), "test", &mut out);
    out.into_iter().map(|a| (a.kind, a.typology)).collect()
}

#[test]
fn a_warning_names_the_scam_not_the_mule_network_when_a_scam_rule_fired_too() {
    let dir = Scratch::new("fz-decide", "typology");
    std::fs::write(dir.join("pack.yaml"), TYPOLOGY_PACK).unwrap();
    let rules = fanzha::pack::load_rules(Some(&dir)).unwrap();
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.fixed_clock_ms = Some(0);
    // only the mule rule fires: the warning says so
    let small = txn("t1", T0, "A1", Some("13700000001"), "M1", 200_000);
    assert_eq!(
        typologies(&mut p, &small),
        vec![(ActionKind::EarlyWarning, "mule_network".to_string())]
    );
    // both fire: the warning names the scam, the hold keeps its own rule's typology
    let big = txn(
        "t2",
        T0 + 7 * 60 * MIN,
        "A2",
        Some("13700000002"),
        "M1",
        900_000,
    );
    let fake = "fake_investment".to_string();
    assert_eq!(
        typologies(&mut p, &big),
        vec![
            (ActionKind::StopPayment, fake.clone()),
            (ActionKind::EarlyWarning, fake)
        ]
    );
}

const SEVERITY_PACK: &str = r#"
rules:
  - id: critical_hold
    description: a hold the bank must act on at once, whatever the score
    typology: impersonation_police
    severity: critical
    condition: txn.amount_fen >= ¥50,000
    score: 0.6
    actions: [stop_payment]
  - id: medium_warning
    description: a payment to check with its payer
    typology: impersonation_police
    severity: medium
    condition: txn.amount_fen >= ¥5,000
    score: 0.5
    actions: [stop_payment, early_warning]
  - id: shadow_critical_warning
    description: a shadow rule never sets a severity
    typology: impersonation_police
    severity: critical
    condition: txn.amount_fen >= ¥5,000
    score: 0.9
    actions: [early_warning]
    mode: shadow
settings:
  thresholds: { stop_payment: 0.4, early_warning: 0.4 }
"#;

fn severities(p: &mut Pipeline, event: &str) -> Vec<(ActionKind, Severity)> {
    let mut out = Vec::new();
    p.process(&decode(event.as_bytes()).unwrap(), "test", &mut out);
    out.into_iter().map(|a| (a.kind, a.severity)).collect()
}

#[test]
fn a_rules_severity_is_the_least_severity_of_the_actions_it_asks_for() {
    let dir = Scratch::new("fz-decide", "severity");
    std::fs::write(dir.join("pack.yaml"), SEVERITY_PACK).unwrap();
    let rules = fanzha::pack::load_rules(Some(&dir)).unwrap();
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.fixed_clock_ms = Some(0);
    // only the medium rule: score 0.5, medium by score and by rule
    let small = txn("s1", T0, "A1", Some("13700000001"), "P1", 600_000);
    assert_eq!(
        severities(&mut p, &small),
        vec![
            (ActionKind::StopPayment, Severity::Medium),
            (ActionKind::EarlyWarning, Severity::Medium)
        ]
    );
    // both: score 0.8 is `high`; the hold is critical (critical_hold asks for it), the warning
    // keeps the score's severity (the critical rule does not ask for a warning)
    let big = txn("s2", T0 + MIN, "A2", Some("13700000002"), "P2", 6_000_000);
    assert_eq!(
        severities(&mut p, &big),
        vec![
            (ActionKind::StopPayment, Severity::Critical),
            (ActionKind::EarlyWarning, Severity::High)
        ]
    );
}
