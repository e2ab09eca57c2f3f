//! Features as the pipeline computes them from a sequence of events: a transfer to one's own
//! account is never a "new payee", and the call that explains a transfer is the conversation, not
//! the hang-up that came after it.

use fanzha::pipeline::{Pipeline, Shared};
use fanzha::state::{State, StateConfig};
use fanzha_contract::{decode, Action};

const T0: i64 = 1_764_290_000_000;
const MIN: i64 = 60_000;

fn pipeline() -> Pipeline {
    let rules = fanzha::pack::load_rules(None).unwrap();
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.fixed_clock_ms = Some(0);
    p
}

fn txn(id: &str, ts: i64, payee: &str, fen: i64, channel: &str) -> String {
    format!(
        r#"{{"type":"transaction","event_id":"{id}","ts_ms":{ts},"txn_id":"{id}","payer_account":"6222000011112222","payer_bank":"ABC","payer_phone":"13700001234","payee_account":"{payee}","payee_bank":"CMB","amount_fen":{fen},"channel":"{channel}"}}"#
    )
}

fn call(id: &str, phase: &str, ts: i64, caller: &str, kind: &str, dur_s: Option<i64>) -> String {
    let dur = dur_s
        .map(|d| format!(r#","duration_s":{d}"#))
        .unwrap_or_default();
    format!(
        r#"{{"type":"call","event_id":"{id}-{phase}","ts_ms":{ts},"phase":"{phase}","call_id":"{id}","caller":"{caller}","callee":"13700001234","caller_kind":"{kind}"{dur}}}"#
    )
}

fn feed(p: &mut Pipeline, line: &str, out: &mut Vec<Action>) {
    p.process(&decode(line.as_bytes()).unwrap(), "test", out);
}

/// A whole call to the test phone: its start at `start`, its end `talk_s` seconds later.
fn feed_call(p: &mut Pipeline, id: &str, start: i64, caller: &str, kind: &str, talk_s: i64) {
    let mut out = Vec::new();
    feed(p, &call(id, "start", start, caller, kind, None), &mut out);
    let end = call(id, "end", start + talk_s * 1000, caller, kind, Some(talk_s));
    feed(p, &end, &mut out);
}

#[test]
fn an_account_seen_for_the_first_time_does_not_pay_its_own_name() {
    // Rules read `!payer.pays_own_name`; a payer fanzha never saw must not drop out of them
    // because its holder's name is unknown (a victim's first transfer from a savings account).
    let p = pipeline();
    let first = txn("f1", T0, "6217000099997777", 9_100_000, "counter");
    let f = p.features_json(&decode(first.as_bytes()).unwrap());
    assert_eq!(f["payer.history_txns"], 0);
    assert_eq!(f["payer.pays_own_name"], false);
}

#[test]
fn a_withdrawal_to_ones_own_account_is_not_a_new_payee() {
    let mut p = pipeline();
    let mut out = Vec::new();
    let own = txn("a1", T0, "6222000011112222", 250_000, "atm");
    let f = p.features_json(&decode(own.as_bytes()).unwrap());
    assert_eq!(f["txn.to_self"], true);
    assert_eq!(f["payer.new_payee"], false);
    feed(&mut p, &own, &mut out);

    let next = txn(
        "a2",
        T0 + 10 * MIN,
        "6217000099998888",
        300_000,
        "mobile_app",
    );
    let f = p.features_json(&decode(next.as_bytes()).unwrap());
    assert_eq!(f["txn.to_self"], false);
    assert_eq!(f["payer.new_payee"], true);
    // the withdrawal before it is not counted as a first-time payee
    assert_eq!(f["payer.new_payees_24h"], 1);
}

#[test]
fn the_conversation_explains_the_transfer_not_the_hang_up_after_it() {
    let mut p = pipeline();
    let scam = "17012345678";
    feed_call(&mut p, "c1", T0, scam, "virtual", 720);
    let courier = "17199990000";
    feed_call(&mut p, "c2", T0 + 20 * MIN, courier, "mobile", 4);
    let pay = txn(
        "p1",
        T0 + 30 * MIN,
        "6217000099998888",
        300_000,
        "mobile_app",
    );
    let f = p.features_json(&decode(pay.as_bytes()).unwrap());
    assert_eq!(f["call.caller_kind"], "virtual");
    assert_eq!(f["call.duration"], 12 * MIN);
    assert_eq!(f["call.since_end"], 18 * MIN);
}

/// The same transfer without `payer_phone` (the contract makes it optional).
fn txn_without_phone(id: &str, ts: i64, payer: &str, payee: &str, fen: i64) -> String {
    txn(id, ts, payee, fen, "mobile_app")
        .replace(r#""payer_phone":"13700001234","#, "")
        .replace("6222000011112222", payer)
}

#[test]
fn a_transfer_without_a_phone_uses_the_phone_bound_to_its_account() {
    let mut p = pipeline();
    let mut out = Vec::new();
    // an everyday transfer that names the phone binds it to the account
    feed(
        &mut p,
        &txn("b1", T0, "6217000011110000", 8_000, "mobile_app"),
        &mut out,
    );
    // a long call from a virtual number, still connected
    feed(
        &mut p,
        &call("c1", "start", T0 + MIN, "17012345678", "virtual", None),
        &mut out,
    );
    // twelve minutes in, ¥20,000 to a new payee — and the bank sends no phone this time
    let scam = txn_without_phone(
        "b2",
        T0 + 13 * MIN,
        "6222000011112222",
        "6217000099998888",
        2_000_000,
    );
    assert!(!scam.contains("payer_phone"));
    let f = p.features_json(&decode(scam.as_bytes()).unwrap());
    assert_eq!(f["txn.has_phone"], true);
    assert_eq!(f["txn.phone_from_account"], true);
    assert_eq!(f["call.active"], true);
    assert_eq!(f["call.caller_kind"], "virtual");
    out.clear();
    feed(&mut p, &scam, &mut out);
    let warning = out
        .iter()
        .find(|a| a.kind == fanzha_contract::ActionKind::EarlyWarning)
        .expect("the payer is warned on the bound phone");
    assert_eq!(warning.phone.as_deref(), Some("13700001234"));
    assert!(out
        .iter()
        .any(|a| a.kind == fanzha_contract::ActionKind::StopPayment
            && a.txn_id.as_deref() == Some("b2")));

    // an account never seen with a phone has none: no call joined, nobody to warn
    let stranger = txn_without_phone(
        "b3",
        T0 + 14 * MIN,
        "6222000055556666",
        "6217000099997777",
        2_000_000,
    );
    let f = p.features_json(&decode(stranger.as_bytes()).unwrap());
    assert_eq!(f["txn.has_phone"], false);
    assert_eq!(f["txn.phone_from_account"], false);
    assert_eq!(f["call.active"], false);
}

#[test]
fn a_long_risky_call_is_remembered_for_a_day_past_the_calls_after_it() {
    let mut p = pipeline();
    let police = "17055551234";
    feed_call(&mut p, "l1", T0, police, "virtual", 35 * 60);
    // a day of ordinary calls: more than the last few calls kept for the call context
    for i in 0..6 {
        let at = T0 + (120 + i * 60) * MIN;
        feed_call(&mut p, &format!("m{i}"), at, "13800000000", "mobile", 120);
    }
    let next_morning = txn(
        "n1",
        T0 + 14 * 60 * MIN,
        "6217000099990001",
        10_000_000,
        "mobile_app",
    );
    let f = p.features_json(&decode(next_morning.as_bytes()).unwrap());
    // the call context (the last few calls, two hours) has long forgotten it
    assert!(f.get("call.caller_kind").is_none(), "{f}");
    assert_eq!(f["phone.long_risky_call_ago"], 14 * 60 * MIN - 35 * MIN);
    assert_eq!(f["phone.long_risky_call_kind"], "virtual");
    assert_eq!(f["phone.long_risky_call_spoofed"], false);

    // remembered for 24 hours, no longer
    let a_day_on = txn(
        "n2",
        T0 + 35 * MIN + 24 * 60 * MIN,
        "6217000099990002",
        10_000_000,
        "mobile_app",
    );
    let f = p.features_json(&decode(a_day_on.as_bytes()).unwrap());
    assert_eq!(f["phone.long_risky_call_ago"], 24 * 60 * MIN);
    let day_after = txn(
        "n3",
        T0 + 35 * MIN + 24 * 60 * MIN + 1_000,
        "6217000099990002",
        10_000_000,
        "mobile_app",
    );
    let f = p.features_json(&decode(day_after.as_bytes()).unwrap());
    assert!(f.get("phone.long_risky_call_ago").is_none(), "{f}");

    // the same call from a verified, allow-listed service line is not a risky call
    let mut q = pipeline();
    let bank = "17000009555";
    let allow = format!(
        r#"{{"type":"watchlist","event_id":"w1","ts_ms":{},"op":"add","entity":"phone","value":"{bank}","list":"allow"}}"#,
        T0 - MIN
    );
    feed(&mut q, &allow, &mut Vec::new());
    feed_call(&mut q, "b1", T0, bank, "virtual", 35 * 60);
    let f = q.features_json(&decode(next_morning.as_bytes()).unwrap());
    assert!(f.get("phone.long_risky_call_ago").is_none(), "{f}");
}
