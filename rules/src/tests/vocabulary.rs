//! The contract's closed vocabularies: a text literal compared with a field that holds one of a
//! closed set of values, a typology, and tests that check nothing.

use super::*;

const KINDS: [&str; 6] = [
    "mobile",
    "landline",
    "virtual",
    "international",
    "voip",
    "unknown",
];
const CHANNELS: [&str; 6] = [
    "mobile_app",
    "online_banking",
    "atm",
    "counter",
    "third_party",
    "pos",
];
const TYPOLOGIES: [&str; 6] = [
    "impersonation_police",
    "fake_customer_service",
    "task_rebate",
    "fake_investment",
    "loan_scam",
    "mule_network",
];

/// The shared test schema with the contract's closed sets declared.
fn closed() -> Schema {
    schema()
        .with_values("caller.kind", &KINDS)
        .with_values("call.recent_caller_kind", &KINDS)
        .with_values("txn.channel", &CHANNELS)
        .with_typologies(&TYPOLOGIES)
}

fn load_closed(files: &[(&str, &str)]) -> Result<RuleSet, Diagnostics> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    RuleSet::load_sources(&files, &closed())
}

fn closed_err(cond: &str) -> Diagnostics {
    match load_closed(&[("t.yaml", &rule_file(cond))]) {
        Ok(_) => panic!("`{cond}` loaded without error"),
        Err(d) => d,
    }
}

#[test]
fn a_value_a_closed_field_never_holds_is_refused_where_it_is_written() {
    let d = closed_err("call.active && txn.channel == \"fax\"");
    assert_eq!(
        d.to_string(),
        "\
t.yaml:7:37: error: `txn.channel` is never \"fax\"
  |
7 |       call.active && txn.channel == \"fax\"
  |                                     ^^^^^
  = help: `txn.channel` is one of \"mobile_app\", \"online_banking\", \"atm\", \"counter\", \"third_party\", \"pos\"
"
    );
    let d = closed_err("caller.kind != \"virtaul\"");
    assert_eq!(d.0[0].message, "`caller.kind` is never \"virtaul\"");
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `virtual`?"));
    // the literal on the left, and every mistake of a condition
    let d = closed_err("\"vop\" == caller.kind || txn.channel == \"mobile\"");
    let msgs: Vec<_> =
        d.0.iter()
            .map(|d| d.help.as_deref().unwrap_or(""))
            .collect();
    assert_eq!(d.0.len(), 2, "{d}");
    assert_eq!(msgs[0], "did you mean `voip`?");
    assert_eq!(d.0[0].column, 7);
}

#[test]
fn inline_and_named_lists_are_checked_against_a_closed_field() {
    let d = closed_err("caller.kind in [\"voip\", \"virtaul\"]");
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "`caller.kind` is never \"virtaul\"");
    assert_eq!((d.0[0].line, d.0[0].column), (7, 31));
    let d = closed_err("caller.kind not in [\"mobil\"]");
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `mobile`?"));

    let lists = "lists:\n  kinds: [virtual, voip, internatonal]\n";
    let d = load_closed(&[
        ("a.yaml", lists),
        ("t.yaml", &rule_file("call.active && caller.kind in kinds")),
    ])
    .unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "list `kinds` has \"internatonal\", but `caller.kind` is never \"internatonal\""
    );
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("did you mean `international`?")
    );
    assert_eq!((d.0[0].file.as_str(), d.0[0].column), ("t.yaml", 37));
    // the same list may be used with an open text field
    let rs = load_closed(&[
        ("a.yaml", lists),
        ("t.yaml", &rule_file("caller.number in kinds")),
    ]);
    assert!(rs.is_ok());
}

#[test]
fn values_the_field_holds_and_open_fields_load() {
    for cond in [
        "txn.channel == \"atm\" || txn.channel != \"pos\"",
        "caller.kind in [\"virtual\", \"voip\"] && \"mobile\" != call.recent_caller_kind",
        "caller.number == \"fax\" && caller.number in [\"virtaul\"]",
        "caller.kind == call.recent_caller_kind",
        "caller.kind.startsWith(\"v\")",
    ] {
        let rs = load_closed(&[("t.yaml", &rule_file(cond))]);
        assert!(rs.is_ok(), "{cond}: {}", rs.unwrap_err());
    }
    // without declared values (another schema) any text is accepted
    assert!(load_cond("txn.channel == \"fax\"").is_ok());
}

#[test]
fn a_macro_that_is_a_closed_field_is_checked_too() {
    let d = load_closed(&[
        ("a.yaml", "macros:\n  kind: caller.kind\n"),
        ("t.yaml", &rule_file("kind == \"virtaul\"")),
    ])
    .unwrap_err();
    assert_eq!(d.0[0].message, "`caller.kind` is never \"virtaul\"", "{d}");
}

#[test]
fn an_unknown_typology_is_refused_with_a_suggestion() {
    let file = rule_file("call.active").replace("impersonation_police", "fake_investmnt");
    let d = load_closed(&[("t.yaml", &file)]).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "unknown typology `fake_investmnt`");
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("did you mean `fake_investment`?")
    );
    assert_eq!((d.0[0].line, d.0[0].column), (4, 15));
    let file = rule_file("call.active").replace("impersonation_police", "romance");
    let d = load_closed(&[("t.yaml", &file)]).unwrap_err();
    assert!(d.0[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("typologies are: impersonation_police, "));
    // a schema that lists no typologies accepts any
    assert!(load(&[("t.yaml", &file)]).is_ok());
}

/// The review's example (`/work/review/t/p2`): it loaded as "ok: 1 rules".
#[test]
fn the_reviewers_typo_pack_is_refused() {
    let file = "\
rules:
  - id: big
    description: big transfer
    typology: fake_investmnt
    severity: critical
    condition: txn.amount_fen >= ¥100 && txn.channel == \"fax\" && caller.kind != \"virtaul\"
    score: 0.9
    actions: [stop_payment]
";
    let d = load_closed(&[("a.yaml", file)]).unwrap_err();
    let msgs: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "unknown typology `fake_investmnt`",
            "`txn.channel` is never \"fax\"",
            "`caller.kind` is never \"virtaul\""
        ]
    );
}

const EVENT: &str = "      - {type: call, phase: start, call_id: k, caller: '1', callee: '2', caller_kind: mobile}\n";

fn test_file(events: &str, expect: &str) -> String {
    format!("rules:\n  - id: r1\n    description: d\n    typology: impersonation_police\n    severity: high\n    condition: call.active\n    score: 0.5\n    actions: [early_warning]\ntests:\n  - name: t\n    events:\n{events}{expect}")
}

#[test]
fn a_test_that_checks_nothing_is_an_error() {
    for expect in [
        "    expect: {}\n",
        "    expect: {hits: [], actions: []}\n",
        "    expect: {hits: []}\n    expect_not: {hits: [], actions: []}\n",
        "    expect_not: {}\n",
    ] {
        let d = load(&[("t.yaml", &test_file(EVENT, expect))]).unwrap_err();
        assert_eq!(d.0.len(), 1, "{expect}: {d}");
        assert_eq!(
            d.0[0].message,
            "this test checks nothing: its expectation lists are all empty"
        );
        assert_eq!(d.0[0].line, 13, "at the expectation");
    }
    let d = load(&[(
        "t.yaml",
        &test_file("      []\n", "    expect: {hits: [r1]}\n").replace("events:\n", "events:"),
    )])
    .unwrap_err();
    assert_eq!(
        d.0[0].message,
        "this test replays no events, so it checks nothing"
    );
    // one expectation is enough
    for expect in [
        "    expect: {hits: [r1]}\n",
        "    expect_not: {actions: [stop_payment]}\n",
        "    expect: {}\n    expect_not: {hits: [r1]}\n",
    ] {
        let rs = load(&[("t.yaml", &test_file(EVENT, expect))]);
        assert!(rs.is_ok(), "{expect}: {}", rs.unwrap_err());
    }
    // a list with a mistake is reported once, not also as "checks nothing"
    let d = load(&[("t.yaml", &test_file(EVENT, "    expect: {hits: r1}\n"))]).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
}
