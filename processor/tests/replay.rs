//! End to end through the binary: generate a labelled world, replay it, check the actions, the
//! detection figures, determinism, and dead letters.

use fanzha_load::{score, Labels};
mod common;

use common::Scratch;
use std::path::Path;
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_fanzha")
}

fn tmp(name: &str) -> Scratch {
    Scratch::new("fanzha-it", name)
}

fn run(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fanzha {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Actions without the wall-clock field.
fn normalized(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("emitted_ts_ms");
            v.to_string()
        })
        .collect()
}

#[test]
fn replaying_a_generated_world_detects_and_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let d = tmp("world");
    let out = d.to_str().unwrap();
    // a seed the rule pack was not tuned on (the pack was tuned on seed 1)
    run(
        &[
            "gen",
            "--persons",
            "3000",
            "--days",
            "7",
            "--seed",
            "11",
            "--out",
            out,
        ],
        root,
    );
    let events = d.join("events.jsonl");
    let labels = d.join("labels.jsonl");
    let (a1, a2) = (d.join("a1.jsonl"), d.join("a2.jsonl"));
    for a in [&a1, &a2] {
        run(
            &[
                "replay",
                "--events",
                events.to_str().unwrap(),
                "--actions",
                a.to_str().unwrap(),
                "--labels",
                labels.to_str().unwrap(),
            ],
            root,
        );
    }
    let (n1, n2) = (normalized(&a1), normalized(&a2));
    assert!(!n1.is_empty());
    assert_eq!(n1, n2, "two replays of the same file give the same actions");

    let evs = fanzha_load::read_events(&events).unwrap();
    let acts = fanzha_load::read_actions(&a1).unwrap();
    let l = Labels::read_jsonl(&labels).unwrap();
    let det = score(&evs, &acts, &l);
    println!("{}", det.report());
    // The world is fixed (seed 11), so this is deterministic; the floors sit a little below what
    // the pack reaches here (91 % protected, 0.03 % legit stops, 0.2 % warned, all mules frozen,
    // none wrongly) and at the issue's bar where the pack meets it, so a regression shows.
    assert!(
        det.victims > 0 && det.victims_protected as f64 / det.victims as f64 >= 0.85,
        "victims protected: {}/{}",
        det.victims_protected,
        det.victims
    );
    assert!(
        (det.legit_txns_stopped as f64) <= 0.001 * det.legit_txns as f64,
        "legit stopped: {}",
        det.legit_txns_stopped
    );
    assert!(
        (det.non_victims_warned as f64) <= 0.005 * det.non_victims as f64,
        "non-victims warned: {}",
        det.non_victims_warned
    );
    assert!(
        det.mules > 0 && det.mules_frozen as f64 >= 0.9 * det.mules as f64,
        "mules frozen {}/{}",
        det.mules_frozen,
        det.mules
    );
    assert!(
        (det.wrong_freezes as f64) <= 0.01 * det.freezes.max(1) as f64,
        "wrong freezes {}/{}",
        det.wrong_freezes,
        det.freezes
    );

    // every action is contract-shaped and explained
    for line in std::fs::read_to_string(&a1).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["action_id"].as_str().unwrap().starts_with("fz-"));
        assert!(!v["reasons"].as_array().unwrap().is_empty());
        match v["kind"].as_str().unwrap() {
            "stop_payment" => assert!(
                v["txn_id"].is_string() && v["amount_fen"].is_i64() && v["bank"].is_string()
            ),
            "freeze_account" => assert!(v["account"].is_string() && v["bank"].is_string()),
            "early_warning" => assert!(v["phone"].is_string()),
            k => panic!("unknown kind {k}"),
        }
    }
}

#[test]
fn malformed_lines_go_to_dead_letters_and_the_replay_goes_on() {
    let d = tmp("dlq");
    let events = d.join("e.jsonl");
    let good = include_str!("../../../shared/contract/examples.jsonl");
    let mut text = String::new();
    let lines: Vec<&str> = good.lines().collect();
    text.push_str(lines[0]);
    text.push('\n');
    text.push_str("{not json\n");
    text.push_str(&lines[1].replace("\"caller_kind\":\"virtual\",", ""));
    text.push('\n');
    for l in &lines[1..] {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str(&lines[3].replace("4980000", "\"4980000\""));
    text.push('\n');
    std::fs::write(&events, text).unwrap();
    let actions = d.join("a.jsonl");
    let stdout = run(
        &[
            "replay",
            "--events",
            events.to_str().unwrap(),
            "--actions",
            actions.to_str().unwrap(),
            "--no-model",
        ],
        &d,
    );
    assert!(stdout.contains("3 malformed lines"), "{stdout}");
    let dlq = std::fs::read_to_string(d.join("a.jsonl.dlq.jsonl")).unwrap();
    let dl: Vec<serde_json::Value> = dlq
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(dl.len(), 3);
    assert_eq!(dl[0]["offset"], 2);
    assert!(dl[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("line 2: not valid JSON"));
    assert!(dl[1]["error"]
        .as_str()
        .unwrap()
        .contains("field `caller_kind`: missing required field"));
    assert!(dl[2]["error"]
        .as_str()
        .unwrap()
        .contains("field `amount_fen`: expected an integer"));
    assert_eq!(
        dl[2]["raw"].as_str().unwrap(),
        lines[3].replace("4980000", "\"4980000\"")
    );
    // the valid events were scored: the scam-number call then the transfer during the call
    let acts = std::fs::read_to_string(&actions).unwrap();
    assert!(acts.contains("\"kind\":\"stop_payment\""), "{acts}");
    assert!(acts.contains("\"txn_id\":\"ICBC202611280001\""));
}

#[test]
fn the_shipped_rule_pack_passes_its_own_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = run(&["rules", "test", "rules/pack"], root);
    assert!(out.contains(" 0 failed"), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
}

/// `fanzha rules check DIR`, which must refuse it (exit 1): its stdout and stderr.
fn check_refused(dir: &Path) -> (String, String) {
    let out = Command::new(bin())
        .args(["rules", "check"])
        .arg(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

#[test]
fn rules_check_reports_file_line_column() {
    let d = tmp("check");
    std::fs::write(
        d.join("bad.yaml"),
        "rules:\n  - id: r1\n    description: d\n    typology: t\n    severity: high\n    condition: txn.amout_fen > ¥10\n    score: 0.5\n    actions: [stop_payment]\n",
    )
    .unwrap();
    let (_, err) = check_refused(&d);
    assert!(err.contains("bad.yaml:6:16"), "{err}");
    assert!(err.contains("did you mean `txn.amount_fen`"), "{err}");
}

#[test]
fn the_rules_readme_field_table_is_generated_from_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let table = run(&["rules", "fields", "--markdown"], root);
    let readme = std::fs::read_to_string(root.join("rules/README.md")).unwrap();
    let begin = readme.find("<!-- fields:begin -->").unwrap() + "<!-- fields:begin -->".len();
    let end = readme.find("<!-- fields:end -->").unwrap();
    assert_eq!(
        readme[begin..end].trim(),
        table.trim(),
        "rules/README.md is out of date: run `fanzha rules fields --markdown` and paste it between the markers (or scripts/update-fields.sh)"
    );
}

#[test]
fn rules_check_runs_the_pack_tests_and_refuses_values_the_contract_never_sends() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = run(&["rules", "check", "rules/pack"], root);
    assert!(out.contains(" tests passed, version rs-"), "{out}");

    // a pack whose files load but one of whose tests fails (a score lowered 0.6 -> 0.06)
    let d = tmp("check-tests");
    for e in std::fs::read_dir(root.join("rules/pack")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
    }
    let file = d.join("no_call.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let held = "    score: 0.6\n    actions: [stop_payment]\n    tags: [transfer]\n\n  - id: held_payer_pays_the_same_account_again\n";
    std::fs::write(&file, text.replace(held, &held.replace("0.6", "0.06"))).unwrap();
    let (stdout, err) = check_refused(&d);
    assert!(
        err.contains("FAIL ") && err.contains("no_call.yaml:"),
        "{err}"
    );
    assert!(stdout.is_empty());

    // the review's typos: a channel and a caller kind the contract never sends, a typology
    let d = tmp("check-values");
    std::fs::write(
        d.join("a.yaml"),
        "rules:\n  - id: big\n    description: d\n    typology: fake_investmnt\n    severity: high\n    condition: txn.channel == \"fax\" && call.caller_kind != \"virtaul\"\n    score: 0.5\n    actions: [stop_payment]\n",
    )
    .unwrap();
    let (_, err) = check_refused(&d);
    assert!(
        err.contains("a.yaml:4:15: error: unknown typology `fake_investmnt`"),
        "{err}"
    );
    assert!(err.contains("did you mean `fake_investment`?"), "{err}");
    assert!(
        err.contains("a.yaml:6:31: error: `txn.channel` is never \"fax\""),
        "{err}"
    );
    assert!(err.contains("did you mean `virtual`?"), "{err}");
}

const BACKTEST_PACK: &str = "\
rules:
  - id: freeze_big
    description: a big payment's payee is frozen
    typology: mule_network
    severity: high
    condition: txn.amount_fen >= ¥50,000
    score: 0.9
    actions: [freeze_payee]
  - id: hold_mid
    description: a mid-size payment is held
    typology: impersonation_police
    severity: high
    condition: txn.amount_fen >= ¥5,000
    score: 0.9
    actions: [stop_payment]
  - id: never_acts
    description: only adds to the score
    typology: impersonation_police
    severity: medium
    condition: txn.amount_fen >= ¥5,000
    score: 0.1
    actions: []
";

#[test]
fn backtest_judges_freeze_rules_by_mules_and_counts_what_each_rule_led_to() {
    let d = tmp("backtest");
    std::fs::create_dir_all(d.join("pack")).unwrap();
    std::fs::write(d.join("pack/pack.yaml"), BACKTEST_PACK).unwrap();
    let t = |id: &str, n: i64, payer: &str, payee: &str| {
        format!(
            r#"{{"type":"transaction","event_id":"{id}","ts_ms":{},"txn_id":"{id}","payer_account":"{payer}","payer_bank":"ABC","payer_phone":"1370000000{n}","payee_account":"{payee}","payee_bank":"CMB","amount_fen":6000000,"channel":"mobile_app"}}"#,
            1_764_290_000_000 + n * 60_000
        )
    };
    let events = [
        t("T1", 1, "A1", "M1"),
        "{not json".to_string(),
        t("T2", 2, "A2", "M1"),
        t("T3", 3, "A3", "L1"),
    ];
    std::fs::write(d.join("events.jsonl"), events.join("\n") + "\n").unwrap();
    let scam = |id: &str| {
        format!(
            r#"{{"kind":"scam_txn","txn_id":"{id}","typology":"impersonation_police","victim_phone":"1","ts_ms":1,"amount_fen":6000000}}"#
        )
    };
    let labels = [
        r#"{"kind":"meta","persons":10}"#.to_string(),
        r#"{"kind":"mule","account":"M1","layer":1}"#.to_string(),
        r#"{"kind":"mule","account":"M2","layer":1}"#.to_string(),
        scam("T1"),
        scam("T2"),
    ];
    std::fs::write(d.join("labels.jsonl"), labels.join("\n") + "\n").unwrap();
    let out = run(
        &[
            "rules",
            "backtest",
            "--events",
            "events.jsonl",
            "--labels",
            "labels.jsonl",
            "--rules",
            "pack",
            "--no-model",
        ],
        &d,
    );
    let row = |id: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{out}"));
        line.split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    // hits, acted, precision, recall
    // freeze_big froze M1 (a mule) and L1 (not); T2's freeze of M1 was a duplicate, so not acted
    assert_eq!(row("freeze_big"), ["3", "2", "50.0%", "50.0%"], "{out}");
    // hold_mid held all three; T1 and T2 are scam transfers
    assert_eq!(row("hold_mid"), ["3", "3", "66.7%", "100.0%"], "{out}");
    // never_acts adds to the score on every hit but asks for nothing
    assert_eq!(row("never_acts"), ["3", "0", "-", "0.0%"], "{out}");
    assert!(
        out.contains("3 events replayed; 1 lines skipped because they do not decode"),
        "{out}"
    );
}
