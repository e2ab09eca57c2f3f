//! The file format: macros, lists, exceptions, modes, settings, tests, duplicates, versions.

use super::*;
use crate::{ActionReq, Mode, Settings, Severity};
use Value::{Bool, Int, Str};

const SHARED: &str = "\
lists:
  risky_caller_kinds: [virtual, international, voip]
  big_amounts: ['¥50,000', 10万]
  virtual_prefixes: [170, 171]
macros:
  suspicious_call: call.recent && call.recent_caller_kind in risky_caller_kinds
  long_suspicious_call: suspicious_call && call.duration >= 10m
";

const POLICE: &str = "\
rules:
  - id: police_safe_account_transfer
    description: Large transfer to a new payee after a long call from a risky number
    typology: impersonation_police
    severity: critical
    condition: txn.amount_fen >= ¥10,000 && payer.new_payee && long_suspicious_call
    score: 0.6
    actions: [stop_payment, early_warning]
    tags: [call, transfer]
    exceptions:
      - name: known_family_abroad
        condition: payer.payee_txn_count_90d > 3
  - id: shadow_virtual_number
    description: Trying out a rule on virtual numbers
    typology: impersonation_police
    severity: medium
    condition: caller.number.startsWith(\"170\") || txn.amount_fen in big_amounts
    score: 0.2
    actions: []
    mode: shadow
  - id: old_rule
    description: Retired
    typology: impersonation_police
    severity: high
    condition: call.active
    score: 0.1
    actions: [early_warning]
    enabled: false
";

fn pack() -> RuleSet {
    load(&[("police.yaml", POLICE), ("shared.yaml", SHARED)]).unwrap_or_else(|d| panic!("{d}"))
}

fn scam_row() -> Vec<Value<'static>> {
    row(&[
        ("txn.amount_fen", Int(4_980_000)),
        ("payer.new_payee", Bool(true)),
        ("call.recent", Bool(true)),
        ("call.recent_caller_kind", Str("virtual")),
        ("call.duration", Int(19 * 60_000)),
        ("call.active", Bool(true)),
        ("payer.payee_txn_count_90d", Int(0)),
    ])
}

#[test]
fn rules_are_read_with_all_their_keys() {
    let rs = pack();
    let r = &rs.rules()[0];
    assert_eq!(r.id, "police_safe_account_transfer");
    assert_eq!(r.typology, "impersonation_police");
    assert_eq!(r.severity, Severity::Critical);
    assert_eq!(r.score, 0.6);
    assert_eq!(r.actions, [ActionReq::StopPayment, ActionReq::EarlyWarning]);
    assert_eq!(r.tags, ["call", "transfer"]);
    assert_eq!((r.file.as_str(), r.line), ("police.yaml", 2));
    assert!(r.enabled);
    assert_eq!(r.mode, Mode::Live);
    assert_eq!(
        r.exception_names().collect::<Vec<_>>(),
        ["known_family_abroad"]
    );
    assert_eq!(rs.rules()[1].mode, Mode::Shadow);
    assert!(!rs.rules()[2].enabled);
    assert_eq!(rs.rules()[2].line, 21);
}

#[test]
fn macros_and_lists_work_across_files() {
    let rs = pack();
    let mut hits = Vec::new();
    rs.evaluate(&scam_row(), &mut hits);
    assert_eq!(
        hits,
        [0],
        "live rule fires; disabled rule is never evaluated"
    );
    let mut r = scam_row();
    r[schema().slot("call.recent_caller_kind").unwrap()] = Str("mobile");
    rs.evaluate(&r, &mut hits);
    assert!(hits.is_empty());
}

#[test]
fn exceptions_suppress_a_hit() {
    let rs = pack();
    let mut r = scam_row();
    r[schema().slot("payer.payee_txn_count_90d").unwrap()] = Int(5);
    let mut hits = vec![];
    rs.evaluate(&r, &mut hits);
    assert!(hits.is_empty());
    // An exception that is Missing does not suppress.
    r[schema().slot("payer.payee_txn_count_90d").unwrap()] = Value::Missing;
    rs.evaluate(&r, &mut hits);
    assert_eq!(hits, [0]);
}

#[test]
fn shadow_rules_are_evaluated_and_typed_lists_convert() {
    let rs = pack();
    let mut hits = vec![];
    rs.evaluate(&row(&[("caller.number", Str("17088889999"))]), &mut hits);
    assert_eq!(hits, [1]);
    rs.evaluate(&row(&[("txn.amount_fen", Int(5_000_000))]), &mut hits);
    assert_eq!(hits, [1], "money list items are converted to fen");
    rs.evaluate(&row(&[("txn.amount_fen", Int(50_000))]), &mut hits);
    assert!(hits.is_empty());
}

#[test]
fn list_of_numbers_is_usable_as_strings_and_checked_for_type() {
    let file = "lists:\n  virtual_prefixes: [170, 171]\nrules:\n  - id: r\n    description: d\n    typology: t\n    severity: high\n    condition: caller.kind in virtual_prefixes && payer.payee_txn_count_90d in virtual_prefixes\n    score: 0.1\n    actions: []\n";
    let rs = load(&[("a.yaml", file)]).unwrap();
    let mut hits = vec![];
    rs.evaluate(
        &row(&[
            ("caller.kind", Str("170")),
            ("payer.payee_txn_count_90d", Int(171)),
        ]),
        &mut hits,
    );
    assert_eq!(hits, [0]);
    let bad = file.replace("payer.payee_txn_count_90d in", "txn.amount_fen in");
    let d = load(&[("a.yaml", &bad)]).unwrap_err().to_string();
    assert!(
        d.contains("list `virtual_prefixes` holds int items, but the value tested is money"),
        "{d}"
    );
}

#[test]
fn yaml_comma_splitting_of_money_in_lists_is_caught() {
    let d = load(&[("a.yaml", "lists:\n  big: [¥50,000, ¥100,000]\n")]).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "this list mixes money and int items");
    assert_eq!(
        (d.0[0].line, d.0[0].column),
        (2, 13),
        "points at the `000` YAML split off"
    );
    assert!(d.0[0].help.as_deref().unwrap().contains("quote amounts"));
}

#[test]
fn explain_and_slots_read_follow_the_expanded_condition() {
    let rs = pack();
    assert_eq!(
        rs.explain(0, &scam_row()),
        "txn.amount_fen=¥49,800.00, payer.new_payee=true, call.recent=true, call.recent_caller_kind=\"virtual\", call.duration=19m0s"
    );
    let s = schema();
    let names: Vec<&str> = rs
        .slots_read(0)
        .iter()
        .map(|i| s.fields()[*i].name)
        .collect();
    assert_eq!(
        names,
        [
            "txn.amount_fen",
            "payer.new_payee",
            "call.recent",
            "call.recent_caller_kind",
            "call.duration",
            "payer.payee_txn_count_90d"
        ]
    );
    assert_eq!(
        rs.explain(1, &row(&[])),
        "caller.number=missing, txn.amount_fen=missing"
    );
}

#[test]
fn macro_cycle_is_one_error() {
    let f = "macros:\n  a: b && call.active\n  b: c || call.recent\n  c: a\n";
    let d = load(&[("m.yaml", f)]).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "macro cycle: a → b → c → a");
    assert_eq!((d.0[0].line, d.0[0].column), (4, 6));
    let selfref = load(&[("m.yaml", "macros:\n  a: a\n")]).unwrap_err();
    assert_eq!(selfref.0[0].message, "macro cycle: a → a");
}

#[test]
fn errors_in_a_macro_are_reported_once_at_the_macro() {
    let f = "macros:\n  m: txn.amount_fen > 5\nrules:\n  - id: r1\n    description: d\n    typology: t\n    severity: high\n    condition: m\n    score: 0.1\n    actions: []\n  - id: r2\n    description: d\n    typology: t\n    severity: high\n    condition: m && call.active\n    score: 0.1\n    actions: []\n";
    let d = load(&[("m.yaml", f)]).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].line, 2);
}

#[test]
fn duplicates_are_errors() {
    let a = "lists:\n  kinds: [a]\nmacros:\n  m: call.active\nrules:\n  - id: r1\n    description: d\n    typology: t\n    severity: high\n    condition: m\n    score: 0.1\n    actions: []\n";
    let d = load(&[("a.yaml", a), ("b.yaml", a)]).unwrap_err();
    let msgs: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "duplicate list `kinds`",
            "duplicate macro `m`",
            "duplicate rule id `r1`"
        ]
    );
    assert!(d.0.iter().all(|d| d.file == "b.yaml"));
    assert_eq!(
        d.0[2].help.as_deref(),
        Some("the first `r1` is in a.yaml line 6")
    );
    let clash = load(&[("a.yaml", "lists:\n  m: [a]\nmacros:\n  m: call.active\n")]).unwrap_err();
    assert_eq!(clash.0[0].message, "macro `m` has the same name as a list");
    let field = load(&[("a.yaml", "macros:\n  call.active: call.recent\n")]).unwrap_err();
    assert!(field.0[0].message.contains("not a valid macro name"));
    let dupkey = load(&[(
        "a.yaml",
        &rule_file("call.active").replace("    score: 0.5\n", "    score: 0.5\n    score: 0.6\n"),
    )])
    .unwrap_err();
    assert_eq!(dupkey.0[0].message, "`score` is given twice in a rule");
}

#[test]
fn unknown_keys_everywhere_suggest_the_right_one() {
    let f = "rule:\n  - id: x\n";
    let d = load(&[("a.yaml", f)]).unwrap_err();
    assert_eq!(d.0[0].message, "unknown key `rule` in a rule file");
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `rules`?"));
    let f = rule_file("call.active").replace("severity:", "severty:");
    let d = load(&[("a.yaml", &f)]).unwrap_err();
    assert_eq!(
        d.0.len(),
        1,
        "no second error for the missing `severity`: {d}"
    );
    assert_eq!(d.0[0].message, "unknown key `severty` in a rule");
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `severity`?"));
    let f = "settings:\n  thresholds: { stop_payment: 0.8, freeze_acount: 0.9 }\n  severity: { critcal: 0.9 }\n";
    let d = load(&[("a.yaml", f)]).unwrap_err();
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("did you mean `freeze_account`?")
    );
    assert_eq!(d.0[1].help.as_deref(), Some("did you mean `critical`?"));
    let f = format!(
        "{}    exceptions:\n      - name: x\n        conditon: call.active\n",
        rule_file("call.active")
    );
    let d = load(&[("a.yaml", &f)]).unwrap_err().to_string();
    assert!(
        d.contains("unknown key `conditon` in an exception")
            && d.contains("did you mean `condition`?"),
        "{d}"
    );
}

#[test]
fn missing_keys_and_bad_values() {
    let f = "rules:\n  - id: r1\n    description: d\n    condition: call.active\n    score: 1.5\n    severity: urgent\n    actions: [stop_paymnt, freeze_account]\n    mode: dark\n";
    let d = load(&[("a.yaml", f)]).unwrap_err();
    let msgs: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "this rule is missing `typology`",
            "`score` must be between 0 and 1, but it is 1.5",
            "`urgent` is not a valid severity",
            "unknown action `stop_paymnt`",
            "unknown action `freeze_account`",
            "`dark` is not a valid mode",
        ]
    );
    assert_eq!(d.0[3].help.as_deref(), Some("did you mean `stop_payment`?"));
    assert!(d.0[4].help.as_deref().unwrap().contains("freeze_payee"));
    let d = load(&[("a.yaml", "rules:\n  - id: r1\n")]).unwrap_err();
    assert_eq!(d.0.len(), 6, "{d}");
}

#[test]
fn settings_defaults_and_overrides() {
    let rs = load(&[("a.yaml", &rule_file("call.active"))]).unwrap();
    assert_eq!(*rs.settings(), Settings::default());
    assert_eq!(rs.settings().thresholds.stop_payment, 0.8);
    assert_eq!(rs.settings().thresholds.freeze_account, 0.85);
    assert_eq!(rs.settings().thresholds.early_warning, 0.6);
    assert_eq!(
        (rs.settings().severity_critical, rs.settings().severity_high),
        (0.9, 0.75)
    );
    assert_eq!(rs.settings().warning_cooldown_ms, 1_800_000);
    let s = "settings:\n  thresholds: { stop_payment: 0.7 }\n  severity: { high: 0.7 }\n  warning_cooldown: 1h30m\n";
    let rs = load(&[("a.yaml", &rule_file("call.active")), ("settings.yaml", s)]).unwrap();
    let st = rs.settings();
    assert_eq!(
        (st.thresholds.stop_payment, st.thresholds.early_warning),
        (0.7, 0.6)
    );
    assert_eq!((st.severity_high, st.warning_cooldown_ms), (0.7, 5_400_000));
    let d = load(&[("a.yaml", s), ("b.yaml", s)]).unwrap_err();
    assert_eq!(d.0[0].message, "only one file may carry `settings`");
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("settings are already given in a.yaml line 1")
    );
    let d = load(&[("a.yaml", "settings:\n  warning_cooldown: 1800\n")]).unwrap_err();
    assert_eq!(d.0[0].message, "`warning_cooldown` needs a unit");
}

#[test]
fn tests_in_files_are_parsed() {
    let t = "\
tests:
  - name: police call then safe-account transfer is stopped
    events:
      - {type: call, event_id: c1, ts_ms: 1000, phase: start, call_id: k1, caller: '+12025550100', callee: '13800000000', caller_kind: international}
      - type: transaction
        event_id: t1
        ts_ms: 1200000
        amount_fen: 4980000
        spoof_suspected: true
        ratio: 0.5
        note: ~
    expect: { hits: [police_safe_account_transfer], actions: [stop_payment, early_warning] }
    expect_not: { hits: [shadow_virtual_number], actions: [freeze_account] }
";
    let rs = load(&[
        ("police.yaml", POLICE),
        ("shared.yaml", SHARED),
        ("tests.yaml", t),
    ])
    .unwrap_or_else(|d| panic!("{d}"));
    let tt = &rs.tests()[0];
    assert_eq!(tt.name, "police call then safe-account transfer is stopped");
    assert_eq!((tt.file.as_str(), tt.line), ("tests.yaml", 2));
    assert_eq!(tt.events.len(), 2);
    assert_eq!(tt.events[0]["caller"], "+12025550100");
    assert_eq!(tt.events[0]["ts_ms"], 1000);
    assert_eq!(tt.events[1]["amount_fen"], 4_980_000);
    assert_eq!(tt.events[1]["spoof_suspected"], true);
    assert_eq!(tt.events[1]["ratio"], 0.5);
    assert!(tt.events[1]["note"].is_null());
    assert_eq!(tt.expect_hits, ["police_safe_account_transfer"]);
    assert_eq!(tt.expect_actions, ["stop_payment", "early_warning"]);
    assert_eq!(tt.expect_no_hits, ["shadow_virtual_number"]);
    assert_eq!(tt.expect_no_actions, ["freeze_account"]);

    let bad = t
        .replace(
            "hits: [police_safe_account_transfer]",
            "hits: [police_safe_acount_transfer]",
        )
        .replace("type: transaction", "type: transfer")
        .replace("[freeze_account]", "[freeze_payee]");
    let d = load(&[
        ("police.yaml", POLICE),
        ("shared.yaml", SHARED),
        ("tests.yaml", &bad),
    ])
    .unwrap_err();
    let msgs: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "unknown event type `transfer`",
            "unknown rule `police_safe_acount_transfer`",
            "unknown action `freeze_payee`"
        ]
    );
    assert_eq!(
        d.0[1].help.as_deref(),
        Some("did you mean `police_safe_account_transfer`?")
    );
}

#[test]
fn version_is_deterministic_and_content_addressed() {
    let a = load(&[("police.yaml", POLICE), ("shared.yaml", SHARED)]).unwrap();
    let b = load(&[("shared.yaml", SHARED), ("police.yaml", POLICE)]).unwrap();
    let c = load(&[("rules/shared.yaml", SHARED), ("rules/police.yaml", POLICE)]).unwrap();
    assert_eq!(a.version(), b.version(), "order of files does not matter");
    assert_eq!(a.version(), c.version(), "directory does not matter");
    assert!(a.version().starts_with("rs-") && a.version().len() == 15);
    assert!(a.version()[3..].chars().all(|c| c.is_ascii_hexdigit()));
    let d = load(&[
        ("police.yaml", &POLICE.replace("0.6", "0.65")),
        ("shared.yaml", SHARED),
    ])
    .unwrap();
    assert_ne!(a.version(), d.version());
    let e = load(&[("police2.yaml", POLICE), ("shared.yaml", SHARED)]).unwrap();
    assert_ne!(a.version(), e.version());
}

#[test]
fn load_dir_reads_yaml_files_sorted() {
    let dir = std::env::temp_dir().join(format!("fanzha-rules-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("shared.yml"), SHARED).unwrap();
    std::fs::write(dir.join("police.yaml"), POLICE).unwrap();
    std::fs::write(dir.join("README.md"), "not a rule file").unwrap();
    let rs = RuleSet::load_dir(&dir, &schema()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(rs.rules().len(), 3);
    assert!(rs.rules()[0].file.ends_with("police.yaml"));
    std::fs::write(dir.join("zz.yaml"), "rules: 3\n").unwrap();
    let d = RuleSet::load_dir(&dir, &schema()).unwrap_err();
    assert!(d.0[0].file.ends_with("zz.yaml") && d.0[0].line == 1, "{d}");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(RuleSet::load_dir(&dir, &schema()).is_err());
}

#[test]
fn empty_files_and_comment_only_files_load() {
    let rs = load(&[("a.yaml", ""), ("b.yaml", "# nothing yet\n")]).unwrap();
    assert!(rs.rules().is_empty());
}

#[test]
fn markdown_table_lists_every_field() {
    let t = schema().markdown_table();
    assert!(t.starts_with("| field | type | meaning |\n|---|---|---|\n| `txn.amount_fen` | money (fen) | transfer amount |\n"));
    assert_eq!(t.lines().count(), 2 + schema().fields().len());
}

#[test]
fn value_formatting() {
    use crate::{format_duration, format_money};
    assert_eq!(format_money(4_980_000), "¥49,800.00");
    assert_eq!(format_money(-1_250), "-¥12.50");
    assert_eq!(format_money(10_000_000_000), "¥100,000,000.00");
    assert_eq!(format_duration(19 * 60_000), "19m0s");
    assert_eq!(format_duration(500), "500ms");
    assert_eq!(format_duration(1_500), "1.5s");
    assert_eq!(format_duration(26 * 3_600_000), "26h0m0s");
}

#[test]
fn readme_examples_load() {
    let readme = include_str!("../../README.md");
    let mut files = Vec::new();
    for (i, block) in readme.split("```yaml\n").skip(1).enumerate() {
        let body = &block[..block.find("```").unwrap()];
        let top = ["rules:", "lists:", "macros:", "settings:", "tests:"];
        if top.iter().any(|t| body.starts_with(t)) {
            files.push((format!("readme{i}.yaml"), body.to_string()));
        }
    }
    assert_eq!(
        files.len(),
        5,
        "rule, lists, macros, tests and settings blocks"
    );
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let rs = load(&refs).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(rs.rules().len(), 1);
    assert_eq!(rs.tests().len(), 1);
    assert_eq!(rs.tests()[0].events.len(), 3);
    // the field table between the markers is generated by the processor (and tested there)
    assert!(readme.contains("## Fields\n\n<!-- fields:begin -->\n"));
    assert!(readme.contains("<!-- fields:end -->\n"));
    // The error shown in the README is the one fanzha prints.
    let typo = files[0].1.replace("txn.amount_fen >=", "txn.amout_fen >=");
    let d = load(&[("rules/pack/police.yaml", &typo)])
        .unwrap_err()
        .to_string();
    assert!(
        readme.contains(&format!("```\n{d}```")),
        "README should show:\n{d}"
    );
}
