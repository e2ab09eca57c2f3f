//! Input the pipeline must survive without changing what it decides: a record delivered twice, a
//! transfer sent again under a new event id, one event with a wrong clock, and the same phone
//! written two ways by the operator and the bank.

mod common;

use common::{pipeline_with, txn, Scratch};
use fanzha::pipeline::Pipeline;
use fanzha::state::MAX_WATERMARK_STEP_MS;
use fanzha_contract::{decode, Action, ActionKind};

const T0: i64 = 1_764_290_000_000;
const MIN: i64 = 60_000;

const PACK: &str = r#"
rules:
  - id: second_payment_to_the_same_account_within_the_hour
    description: pays the same account again within the hour
    typology: fake_customer_service
    severity: medium
    condition: txn.amount_fen >= ¥1,000 && payer.payee_txns >= 1 && payer.txns_1h >= 1
    score: 0.8
    actions: [stop_payment]
  - id: large_payment_while_on_a_virtual_call
    description: a large payment while a virtual-number call is connected
    typology: impersonation_police
    severity: high
    condition: txn.amount_fen >= ¥5,000 && call.active && call.caller_kind == "virtual"
    score: 0.9
    actions: [stop_payment, early_warning]
settings:
  thresholds: { stop_payment: 0.6, early_warning: 0.7 }
"#;

fn pipeline(dir: &Scratch) -> Pipeline {
    pipeline_with(dir, PACK)
}

fn run(p: &mut Pipeline, json: &str) -> Vec<Action> {
    let mut out = Vec::new();
    p.process(&decode(json.as_bytes()).unwrap(), "test", &mut out);
    out
}

#[test]
fn a_record_delivered_twice_is_scored_once() {
    let dir = Scratch::new("fz-repeats", "twice");
    let mut p = pipeline(&dir);
    let first = txn("t1", T0, "A1", Some("13700000001"), "P1", 200_000);
    assert!(run(&mut p, &first).is_empty());
    // the same record again (a consumer restart re-reads it): not a second payment to P1
    assert!(run(&mut p, &first).is_empty());
    assert_eq!(p.counters.repeats_skipped, 1);
    let f = p
        .features_json(&decode(txn("t2", T0 + MIN, "A1", None, "P1", 200_000).as_bytes()).unwrap());
    assert_eq!(
        f["payer.payee_txns"], 1,
        "the repeat was not folded into state"
    );
    assert_eq!(f["payer.txns_1h"], 2, "t1 and the transfer scored");
    // a real second payment still counts
    let out = run(&mut p, &txn("t2", T0 + MIN, "A1", None, "P1", 200_000));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].kind, ActionKind::StopPayment);
}

#[test]
fn a_transfer_sent_again_under_a_new_event_id_is_stopped_once() {
    let dir = Scratch::new("fz-repeats", "resent");
    let mut p = pipeline(&dir);
    assert!(run(&mut p, &txn("t1", T0, "A1", None, "P1", 200_000)).is_empty());
    let held = run(&mut p, &txn("t2", T0 + MIN, "A1", None, "P1", 200_000));
    assert_eq!(held.len(), 1);
    // the bank sends transfer t2 again, in a new event
    let resent = txn("t2", T0 + 2 * MIN, "A1", None, "P1", 200_000)
        .replace(r#""event_id":"t2""#, r#""event_id":"t2-resent""#);
    assert!(
        run(&mut p, &resent).is_empty(),
        "no second stop order for t2"
    );
    assert_eq!(p.counters.repeats_skipped, 1);
    // another bank's transfer that happens to carry the same id is a transfer of its own
    let other_bank = txn("t2", T0 + 3 * MIN, "B1", None, "P1", 200_000)
        .replace(r#""event_id":"t2""#, r#""event_id":"t2-icbc""#)
        .replace(r#""payer_bank":"ABC""#, r#""payer_bank":"ICBC""#);
    run(&mut p, &other_bank);
    assert_eq!(p.counters.repeats_skipped, 1, "scored, not skipped");
}

#[test]
fn one_event_with_a_clock_far_ahead_does_not_empty_the_state() {
    let dir = Scratch::new("fz-repeats", "clock");
    let mut p = pipeline(&dir);
    run(&mut p, &txn("t1", T0, "A1", None, "P1", 200_000));
    let wrong = txn("w1", T0 + 365 * 86_400_000, "B1", None, "Q1", 100);
    run(&mut p, &wrong);
    assert_eq!(p.shared.state.watermark_ms(), T0 + MAX_WATERMARK_STEP_MS);
    p.shared.state.evict();
    let out = run(&mut p, &txn("t2", T0 + MIN, "A1", None, "P1", 200_000));
    assert_eq!(out.len(), 1, "A1's first payment to P1 is still known");
}

#[test]
fn the_operator_and_the_bank_writing_a_phone_differently_is_one_person() {
    let dir = Scratch::new("fz-repeats", "plus86");
    let mut p = pipeline(&dir);
    let call = format!(
        r#"{{"type":"call","event_id":"c1","ts_ms":{T0},"phase":"start","call_id":"c1","caller":"+86 170 1234 5678","callee":"+8613912345678","caller_kind":"virtual"}}"#
    );
    assert!(run(&mut p, &call).is_empty());
    let out = run(
        &mut p,
        &txn(
            "t1",
            T0 + 10 * MIN,
            "A1",
            Some("139-1234-5678"),
            "P1",
            900_000,
        ),
    );
    let kinds: Vec<ActionKind> = out.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        vec![ActionKind::StopPayment, ActionKind::EarlyWarning]
    );
    assert_eq!(out[1].phone.as_deref(), Some("13912345678"));
}
