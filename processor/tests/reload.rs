//! Hot reload: a valid rule change is swapped in between events; an invalid one is refused with
//! file:line and the old rules keep running.

use fanzha::features::{self, ModelInputs};
use fanzha::metrics::Hub;
use fanzha::pipeline::{Pipeline, Shared};
use fanzha::reload::{reload_model, reload_rules, Watcher};
use fanzha::state::{State, StateConfig};
use fanzha_contract::decode;
mod common;

use common::Scratch;
use std::path::Path;

fn pack_copy(name: &str) -> Scratch {
    let d = Scratch::new("fanzha-reload", name);
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/pack");
    for e in std::fs::read_dir(pack).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
    }
    d
}

const WATCH: &str = r#"{"type":"watchlist","event_id":"w1","ts_ms":1764290000000,"op":"add","entity":"account","value":"6217999900001111","list":"mule_accounts"}"#;

fn txn(id: &str, ts: i64) -> String {
    format!(
        r#"{{"type":"transaction","event_id":"{id}","ts_ms":{ts},"txn_id":"{id}","payer_account":"62220000{id}","payer_bank":"ABC","payer_phone":"1370000{id}","payee_account":"6217999900001111","payee_bank":"CMB","amount_fen":1000000,"channel":"mobile_app"}}"#
    )
}

#[test]
fn a_good_change_is_swapped_in_and_a_bad_one_refused() {
    let dir = pack_copy("rules");
    let rules = fanzha::pack::load_rules(Some(&dir)).unwrap();
    let v0 = rules.version().to_string();
    let shared = Shared::new(State::new(StateConfig::default()), rules, None);
    let hub = Hub::default();
    let mut p = Pipeline::new(shared.clone());
    p.fixed_clock_ms = Some(0);
    let mut out = Vec::new();
    p.process(&decode(WATCH.as_bytes()).unwrap(), "test", &mut out);
    p.process(
        &decode(txn("101", 1764290100000).as_bytes()).unwrap(),
        "test",
        &mut out,
    );
    assert!(out
        .iter()
        .any(|a| a.kind.as_str() == "stop_payment" && a.ruleset_version == v0));

    // a bad change: refused with file:line, the old rules keep deciding
    let payments_file = dir.join("mule_payments.yaml");
    let good_text = std::fs::read_to_string(&payments_file).unwrap();
    std::fs::write(
        &payments_file,
        good_text.replace(
            "condition: new_relationship && payee.mule",
            "condition: new_relationship && payee.mulle",
        ),
    )
    .unwrap();
    let mut w = Watcher::new(dir.to_path_buf());
    let err = reload_rules(&shared, &hub, &dir).unwrap_err();
    assert!(err.contains("mule_payments.yaml:"), "{err}");
    assert!(err.contains("did you mean `payee.mule`"), "{err}");
    assert_eq!(hub.counters.lock().unwrap().rule_reload_failures, 1);
    out.clear();
    p.process(
        &decode(txn("102", 1764290200000).as_bytes()).unwrap(),
        "test",
        &mut out,
    );
    assert!(
        out.iter()
            .any(|a| a.kind.as_str() == "stop_payment" && a.ruleset_version == v0),
        "old rules still run"
    );

    // a good change: the known-mule rule goes to shadow mode; the next event sees the new version
    let known_mule =
        "    condition: new_relationship && payee.mule && !payer.mule && !payer.allowed\n";
    let shadowed = good_text.replace(known_mule, &format!("{known_mule}    mode: shadow\n"));
    assert_ne!(shadowed, good_text);
    std::fs::write(&payments_file, shadowed).unwrap();
    assert!(w.changed(), "the watcher sees the edit");
    let v1 = reload_rules(&shared, &hub, &dir).unwrap();
    assert_ne!(v1, v0);
    assert_eq!(hub.counters.lock().unwrap().rule_reloads, 1);
    out.clear();
    p.process(
        &decode(txn("103", 1764290300000).as_bytes()).unwrap(),
        "test",
        &mut out,
    );
    assert!(
        out.iter().all(|a| a.ruleset_version == v1),
        "swapped in between events"
    );
    assert!(
        !out.iter()
            .any(|a| a.reasons.iter().any(|r| r.rule == "paying_a_known_mule")),
        "{out:?}"
    );
}

#[test]
fn a_corrupt_or_incompatible_model_is_refused_and_the_old_one_keeps_scoring() {
    let dir = pack_copy("model");
    let path = dir.join("m.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/default.json"),
        &path,
    )
    .unwrap();
    let inputs = ModelInputs::new(&features::schema());
    let model = fanzha::model::Model::load(&path, &inputs).unwrap();
    let shared = Shared::new(
        State::new(StateConfig::default()),
        fanzha::pack::load_rules(Some(&dir)).unwrap(),
        Some(model),
    );
    let hub = Hub::default();
    std::fs::write(&path, "{ not a model").unwrap();
    assert!(reload_model(&shared, &hub, &path).is_err());
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/default.json"),
    )
    .unwrap();
    std::fs::write(
        &path,
        text.replace("\"payee.forwards_7d\"", "\"payee.no_such_feature\""),
    )
    .unwrap();
    let err = reload_model(&shared, &hub, &path).unwrap_err();
    assert!(err.contains("payee.no_such_feature"), "{err}");
    assert_eq!(hub.counters.lock().unwrap().model_reload_failures, 2);
    assert!(shared.model.load().is_some(), "the old model keeps scoring");
}

#[test]
fn a_pack_whose_own_rule_tests_fail_is_refused_and_the_old_rules_keep_running() {
    let dir = pack_copy("tests-fail");
    let rules = fanzha::pack::load_rules(Some(&dir)).unwrap();
    let v0 = rules.version().to_string();
    let shared = Shared::new(State::new(StateConfig::default()), rules, None);
    let hub = Hub::default();
    // the review's example: one score lowered, 0.6 -> 0.06; the files still load
    let file = dir.join("no_call.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let held = "    score: 0.6\n    actions: [stop_payment]\n    tags: [transfer]\n\n  - id: held_payer_pays_the_same_account_again\n";
    assert_eq!(text.matches(held).count(), 1);
    std::fs::write(&file, text.replace(held, &held.replace("0.6", "0.06"))).unwrap();
    assert!(fanzha::pack::load_rules(Some(&dir)).is_ok());

    let err = reload_rules(&shared, &hub, &dir).unwrap_err();
    assert!(err.contains("FAIL "), "{err}");
    // the test's name and file:line, and what went wrong
    let name = "held after a rebate, the person pays ¥9,000 to yet another new account";
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with(&format!("  - name: {name}")))
        .unwrap();
    assert!(
        err.contains(&format!("no_call.yaml:{line} {name}")),
        "{err}"
    );
    assert!(err.contains("expected a `early_warning` action"), "{err}");
    // one failing test of the whole pack's (however many it has)
    let failed = err.lines().last().unwrap_or_default();
    assert!(
        failed.starts_with("1 of ") && failed.ends_with(" rule tests failed"),
        "{err}"
    );
    assert_eq!(
        shared.rules.load().version(),
        v0,
        "the old rules keep running"
    );
    let c = hub.counters.lock().unwrap();
    assert_eq!((c.rule_reloads, c.rule_reload_failures), (0, 1));
}
