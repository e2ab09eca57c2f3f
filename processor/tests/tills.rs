//! The shipped pack on a payment platform's account: hundreds of people pay into it and it pays
//! out all day, so a known mule's money passing through it within minutes is not a mule at work —
//! the pack must not freeze it.

#[allow(dead_code)] // this file uses the transfer builder only
mod common;

use common::txn;
use fanzha::pipeline::{Pipeline, Shared};
use fanzha::state::{State, StateConfig};
use fanzha_contract::{decode, Action, ActionKind};
use std::path::Path;

const T0: i64 = 1_764_290_000_000;
const MIN: i64 = 60_000;

fn feed(p: &mut Pipeline, line: &str) -> Vec<Action> {
    let mut out = Vec::new();
    p.process(&decode(line.as_bytes()).unwrap(), "test", &mut out);
    out
}

fn run(top_ups: usize) -> Vec<Action> {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/pack");
    let rules = fanzha::pack::load_rules(Some(&pack)).unwrap();
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.fixed_clock_ms = Some(0);
    let listed = r#"{"type":"watchlist","event_id":"w1","ts_ms":1764290000000,"op":"add","entity":"account","value":"M1","list":"mule_accounts"}"#;
    feed(&mut p, listed);
    // the platform's ordinary day: many people top up their wallets
    for i in 0..top_ups {
        let payer = format!("C{i}");
        let ts = T0 + MIN + i as i64 * 100;
        feed(
            &mut p,
            &txn(
                &format!("c{i}"),
                ts,
                &payer,
                Some("13900000000"),
                "PAY",
                5_000,
            ),
        );
    }
    // a known mule moves ¥6,000 in, and the account pays a settlement out within minutes
    let at = T0 + 2 * MIN + top_ups as i64 * 100;
    let mut out = feed(&mut p, &txn("m1", at, "M1", None, "PAY", 600_000));
    out.extend(feed(
        &mut p,
        &txn("o1", at + 5 * MIN, "PAY", None, "SHOP", 590_000),
    ));
    out
}

fn froze(out: &[Action], account: &str) -> bool {
    out.iter()
        .any(|a| a.kind == ActionKind::FreezeAccount && a.account.as_deref() == Some(account))
}

#[test]
fn a_platform_paid_by_hundreds_is_not_frozen_for_passing_a_mules_money_on() {
    assert!(!froze(&run(600), "PAY"));
}

#[test]
fn an_account_paid_by_a_few_that_passes_a_mules_money_on_is_frozen() {
    // the same flow through an account a handful of people paid: the next layer of mules
    assert!(froze(&run(3), "PAY"));
}
