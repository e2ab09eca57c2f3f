//! The condition language: literals, precedence, three-valued logic, types, lists, methods.

use super::*;
use crate::lexer::{lex, Tok};
use Value::{Bool, Float, Int, Str};

fn one(src: &str) -> Tok {
    let toks = lex(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    assert_eq!(toks.len(), 2, "{src} lexed as {toks:?}");
    toks[0].tok.clone()
}

#[test]
fn money_literals_are_exact_fen() {
    assert_eq!(one("¥10,000"), Tok::Money(1_000_000));
    assert_eq!(one("¥49,999.99"), Tok::Money(4_999_999));
    assert_eq!(one("¥1"), Tok::Money(100));
    assert_eq!(one("¥0.01"), Tok::Money(1));
    assert_eq!(one("￥1,234,567.8"), Tok::Money(123_456_780));
    assert_eq!(one("10000 yuan"), Tok::Money(1_000_000));
    assert_eq!(one("10000yuan"), Tok::Money(1_000_000));
    assert_eq!(one("1.5万"), Tok::Money(15_000 * 100));
    assert_eq!(one("3万元"), Tok::Money(30_000 * 100));
    assert_eq!(one("200元"), Tok::Money(20_000));
    assert_eq!(one("¥2万"), Tok::Money(20_000 * 100));
    assert!(lex("¥1.001").is_err(), "fractions of a fen are refused");
    assert!(lex("¥").is_err());
}

#[test]
fn duration_literals_are_exact_ms() {
    assert_eq!(one("500ms"), Tok::Duration(500));
    assert_eq!(one("30s"), Tok::Duration(30_000));
    assert_eq!(one("10m"), Tok::Duration(600_000));
    assert_eq!(one("24h"), Tok::Duration(86_400_000));
    assert_eq!(one("7d"), Tok::Duration(7 * 86_400_000));
    assert_eq!(one("1h30m"), Tok::Duration(5_400_000));
    assert_eq!(one("1.5h"), Tok::Duration(5_400_000));
    let e = lex("10min").unwrap_err();
    assert_eq!(e.message, "unknown unit `min`");
    assert_eq!(e.help.as_deref(), Some("write minutes as `m`, e.g. 10m"));
    assert!(lex("1.5ms").is_err());
}

#[test]
fn plain_literals() {
    assert_eq!(one("42"), Tok::Int(42));
    assert_eq!(one("10_000"), Tok::Int(10_000));
    assert_eq!(one("0.75"), Tok::Float(0.75));
    assert_eq!(one("\"170\""), Tok::Str("170".into()));
    assert_eq!(one("'voip'"), Tok::Str("voip".into()));
    assert_eq!(one("\"a\\\"b\""), Tok::Str("a\"b".into()));
    assert_eq!(one("true"), Tok::True);
    assert_eq!(one("false"), Tok::False);
    assert!(lex("\"open").is_err());
    // Lists of money keep their thousands separators apart from item separators.
    let toks: Vec<Tok> = lex("[¥1,000, ¥2,500.50]")
        .unwrap()
        .into_iter()
        .map(|t| t.tok)
        .collect();
    assert_eq!(
        toks,
        [
            Tok::LBracket,
            Tok::Money(100_000),
            Tok::Comma,
            Tok::Money(250_050),
            Tok::RBracket,
            Tok::Eof
        ]
    );
}

#[test]
fn literals_in_conditions() {
    let r = [
        ("txn.amount_fen", Int(1_000_000)),
        ("call.duration", Int(600_000)),
    ];
    assert!(fires(
        "txn.amount_fen == ¥10,000 && call.duration == 10m",
        &r
    ));
    assert!(fires("txn.amount_fen == 1万 && call.duration == 600s", &r));
    assert!(fires("txn.amount_fen == 10000 yuan", &r));
    assert!(!fires("txn.amount_fen > ¥10,000", &r));
    assert!(fires(
        "payer.payee_txn_count_90d == 3",
        &[("payer.payee_txn_count_90d", Int(3))]
    ));
    assert!(fires(
        "payee.model_score >= 0.5",
        &[("payee.model_score", Float(0.5))]
    ));
    assert!(fires(
        "payee.model_score > 0",
        &[("payee.model_score", Float(0.5))]
    ));
    assert!(fires("txn.amount_fen > -¥5", &r));
}

#[test]
fn precedence() {
    let t = [
        ("call.active", Bool(true)),
        ("call.recent", Bool(false)),
        ("payer.new_payee", Bool(false)),
    ];
    // && binds tighter than ||.
    assert!(fires("call.active || call.recent && payer.new_payee", &t));
    assert!(!fires(
        "(call.active || call.recent) && payer.new_payee",
        &t
    ));
    // ! binds tighter than &&.
    assert!(!fires("!call.active && call.active", &t));
    assert!(fires("!(call.recent && call.active)", &t));
    // * before +, comparisons after arithmetic.
    let n = [("payer.payee_txn_count_90d", Int(2))];
    assert!(fires("payer.payee_txn_count_90d + 3 * 2 == 8", &n));
    assert!(fires("(payer.payee_txn_count_90d + 3) * 2 == 10", &n));
    assert!(fires("-payer.payee_txn_count_90d == -2", &n));
    assert!(fires("10 - 4 - 3 == 3", &n), "left associative");
    assert!(fires("8 / 2 / 2 == 2", &n), "left associative");
}

#[test]
fn three_valued_logic() {
    let none: [(&str, Value); 0] = [];
    let t = [("call.active", Bool(true))];
    let f = [("call.active", Bool(false))];
    // Comparisons and arithmetic with Missing are Missing: never true, and neither is their negation.
    assert!(!fires("txn.amount_fen > ¥1", &none));
    assert!(!fires("!(txn.amount_fen > ¥1)", &none));
    assert!(!fires("txn.amount_fen + ¥1 > ¥0", &none));
    assert!(!fires("txn.channel != \"atm\"", &none));
    assert!(!fires("!call.active", &none));
    // false && Missing = false; true || Missing = true.
    assert!(fires("!(call.active && txn.amount_fen > ¥1)", &f));
    assert!(fires("call.active || txn.amount_fen > ¥1", &t));
    assert!(fires("txn.amount_fen > ¥1 || call.active", &t));
    // true && Missing = Missing; false || Missing = Missing.
    assert!(!fires("call.active && txn.amount_fen > ¥1", &t));
    assert!(!fires("!(call.active && txn.amount_fen > ¥1)", &t));
    assert!(!fires("call.active || txn.amount_fen > ¥1", &f));
    // `in` on Missing is Missing, `not in` too.
    assert!(!fires("caller.kind in [\"voip\"]", &none));
    assert!(!fires("caller.kind not in [\"voip\"]", &none));
    // Division by zero is Missing.
    let z = [
        ("payee.inbound_24h", Int(0)),
        ("payee.outbound_24h", Int(100)),
    ];
    assert!(!fires("payee.outbound_24h / payee.inbound_24h > 0.5", &z));
    assert!(!fires(
        "!(payee.outbound_24h / payee.inbound_24h > 0.5)",
        &z
    ));
}

#[test]
fn arithmetic_on_money_and_durations() {
    let r = [
        ("payee.inbound_24h", Int(1_000_000)),
        ("payee.outbound_24h", Int(950_000)),
        ("call.duration", Int(90_000)),
        ("payee.distinct_payers_24h", Int(4)),
    ];
    assert!(
        fires("payee.outbound_24h / payee.inbound_24h >= 0.95", &r),
        "money / money is a ratio"
    );
    assert!(
        fires("payee.outbound_24h >= payee.inbound_24h * 0.9", &r),
        "money * float is money"
    );
    assert!(
        fires(
            "payee.inbound_24h / payee.distinct_payers_24h == ¥2,500",
            &r
        ),
        "money / int is money"
    );
    assert!(fires("payee.inbound_24h - payee.outbound_24h == ¥500", &r));
    assert!(fires("2 * payee.outbound_24h > payee.inbound_24h", &r));
    assert!(fires(
        "call.duration * 2 == 3m && call.duration / 30s == 3",
        &r
    ));
    assert!(fires("call.duration + 30s == 2m", &r));
    assert!(fires("7 / 2 == 3.5", &r), "int / int divides exactly");
}

#[test]
fn lists_inline_and_negated() {
    let r = [
        ("caller.kind", Str("virtual")),
        ("payer.payee_txn_count_90d", Int(2)),
        ("txn.amount_fen", Int(500_000)),
    ];
    assert!(fires("caller.kind in [\"virtual\", \"voip\"]", &r));
    assert!(!fires("caller.kind not in [\"virtual\", \"voip\"]", &r));
    assert!(!fires("!(caller.kind in ['virtual'])", &r));
    assert!(
        !fires("caller.kind in []", &r),
        "an empty list holds nothing"
    );
    assert!(fires("caller.kind not in []", &r));
    assert!(fires("payer.payee_txn_count_90d in [1, 2, 3]", &r));
    assert!(fires("txn.amount_fen in [¥5,000, ¥50,000]", &r));
    assert!(fires(
        "payee.model_score in [0.5, 1]",
        &[("payee.model_score", Float(1.0))]
    ));
}

#[test]
fn string_methods() {
    let r = [("caller.number", Str("17012345678"))];
    assert!(fires("caller.number.startsWith(\"170\")", &r));
    assert!(fires("caller.number.endsWith('678')", &r));
    assert!(fires("caller.number.contains(\"2345\")", &r));
    assert!(!fires("caller.number.startsWith(\"171\")", &r));
    assert!(fires("!caller.number.startsWith(\"171\")", &r));
    assert!(!fires("caller.number.startsWith(\"1\")", &[]));
    assert!(cond_err("caller.number.startswith(\"170\")").contains("did you mean `startsWith`?"));
    assert!(cond_err("txn.amount_fen.startsWith(\"1\")")
        .contains("`startsWith` works on strings, but this is money"));
    assert!(cond_err("caller.number.startsWith(170)")
        .contains("needs a string argument, but this is int"));
}

#[test]
fn type_errors_name_both_types() {
    let cases = [
        (
            "txn.amount_fen == \"10000\"",
            "cannot compare money with string",
        ),
        ("txn.amount_fen > 10000", "cannot compare money with int"),
        ("call.duration > ¥10", "cannot compare duration with money"),
        ("call.duration >= 600", "cannot compare duration with int"),
        ("call.active == 1", "cannot compare bool with int"),
        (
            "caller.kind > \"a\"",
            "string values can only be compared with `==` and `!=`",
        ),
        (
            "txn.amount_fen && call.active",
            "`&&` needs bool on both sides, but the left side is money",
        ),
        (
            "call.active || caller.kind",
            "`||` needs bool on both sides, but the right side is string",
        ),
        (
            "txn.amount_fen",
            "a condition must be true or false (bool), but this is money",
        ),
        ("!caller.kind", "`!` needs a bool, but this is string"),
        (
            "txn.amount_fen * txn.amount_fen > ¥1",
            "cannot multiply money by money",
        ),
        (
            "txn.amount_fen + call.duration > ¥1",
            "cannot add money and duration",
        ),
        ("txn.amount_fen + 5 > ¥1", "cannot add money and int"),
        (
            "caller.kind in [1, 2]",
            "this list item is int, but the value tested is string",
        ),
        ("payer.payee_txn_count_90d / 0 > 1", "division by zero"),
    ];
    for (cond, want) in cases {
        let got = cond_err(cond);
        assert!(got.contains(want), "`{cond}`: wanted {want:?}, got:\n{got}");
    }
    assert!(cond_err("txn.amount_fen > 10000").contains("help: a plain number is not money"));
    assert!(cond_err("call.duration > 600").contains("help: a plain number is not a duration"));
    assert!(cond_err("!caller.kind in [\"a\"]").contains("write `x not in list` or `!(x in list)`"));
}

#[test]
fn syntax_errors_are_helpful() {
    let cases = [
        ("call.active and call.recent", "write `&&` for \"and\""),
        ("call.active & call.recent", "use `&&` for \"and\""),
        ("caller.kind = \"voip\"", "use `==` to compare"),
        ("call.active ＆＆ call.recent", "use the ASCII `&`"),
        ("caller.kind == “voip”", "use straight quotes"),
        ("1 < 2 < 3", "comparisons cannot be chained"),
        (
            "(call.active",
            "expected `)`, found the end of the condition",
        ),
        ("call.active &&", "expected a value"),
        ("caller.kind in voip_kinds", "unknown list `voip_kinds`"),
        ("startsWith(caller.number, \"1\")", "is not a function"),
        (
            "call.active call.recent",
            "is an operator such as `&&` missing?",
        ),
        (
            "call.duration > 10 minutes",
            "expected an operator or the end of the condition",
        ),
    ];
    for (cond, want) in cases {
        let got = cond_err(cond);
        assert!(got.contains(want), "`{cond}`: wanted {want:?}, got:\n{got}");
    }
}

#[test]
fn did_you_mean_covers_fields_macros_and_lists() {
    let files = [(
        "a.yaml",
        "lists:\n  risky_caller_kinds: [virtual, voip]\nmacros:\n  suspicious_call: call.recent && call.recent_caller_kind in risky_caller_kinds\nrules:\n  - id: r1\n    description: d\n    typology: t\n    severity: high\n    condition: suspicous_call && caller.kind in risky_caler_kinds && txn.amout_fen > ¥1 && payee_txn_count_90d > 1\n    score: 0.5\n    actions: [early_warning]\n",
    )];
    let d = load(&files).unwrap_err().to_string();
    assert!(d.contains("unknown field `suspicous_call`"), "{d}");
    assert!(d.contains("did you mean `suspicious_call`?"), "{d}");
    assert!(d.contains("unknown list `risky_caler_kinds`"), "{d}");
    assert!(d.contains("did you mean `risky_caller_kinds`?"), "{d}");
    assert!(d.contains("did you mean `txn.amount_fen`?"), "{d}");
    assert!(
        d.contains("did you mean `payer.payee_txn_count_90d`?"),
        "{d}"
    );
    assert_eq!(
        load(&files).unwrap_err().0.len(),
        4,
        "one error per mistake, no cascades"
    );
}

#[test]
fn evaluation_reads_row_values_of_the_right_kind_only() {
    // A value of the wrong kind in the row (a processor bug) is treated as Missing, not a crash.
    assert!(!fires(
        "txn.amount_fen > ¥1",
        &[("txn.amount_fen", Str("100"))]
    ));
    // A short row is Missing beyond its end.
    let rs = load_cond("txn.amount_fen > ¥1 || call.active").unwrap();
    let mut hits = vec![7];
    rs.evaluate(&[], &mut hits);
    assert!(hits.is_empty());
}

#[test]
fn short_circuit_truth_test_agrees_with_three_valued_eval() {
    let conds = [
        "call.active && txn.amount_fen > ¥1",
        "call.active || txn.amount_fen > ¥1",
        "!(call.active && !(txn.amount_fen > ¥1)) || call.recent",
        "!(call.recent || caller.kind in [\"voip\"]) && !call.active",
        "payee.model_score > 0.5 && (call.duration >= 10m || !call.recent)",
    ];
    let opts = |name: &'static str, vals: [Value<'static>; 2]| {
        let mut v = vec![(name, Value::Missing)];
        v.extend(vals.iter().map(|x| (name, *x)));
        v
    };
    let axes = [
        opts("call.active", [Bool(true), Bool(false)]),
        opts("txn.amount_fen", [Int(0), Int(500)]),
        opts("call.recent", [Bool(true), Bool(false)]),
        opts("caller.kind", [Str("voip"), Str("mobile")]),
        opts("payee.model_score", [Float(0.9), Float(0.1)]),
        opts("call.duration", [Int(0), Int(3_600_000)]),
    ];
    for cond in conds {
        let rs = load_cond(cond).unwrap();
        let code = &rs.rules()[0].condition;
        for n in 0..3usize.pow(axes.len() as u32) {
            let mut vals = Vec::new();
            let mut k = n;
            for axis in &axes {
                vals.push(axis[k % 3]);
                k /= 3;
            }
            let r = row(&vals);
            let v = code.eval(&r);
            assert_eq!(code.is(&r, true), v == Bool(true), "{cond} on {vals:?}");
            assert_eq!(code.is(&r, false), v == Bool(false), "{cond} on {vals:?}");
            // the evaluator's pre-check: a Missing required slot means not true
            for want in [true, false] {
                if code
                    .required_slots(want)
                    .iter()
                    .any(|&s| r[s] == Value::Missing)
                {
                    assert!(!code.is(&r, want), "{cond} ({want}) on {vals:?}");
                }
            }
            let mut hits = Vec::new();
            rs.evaluate(&r, &mut hits);
            assert_eq!(hits.is_empty(), v != Bool(true), "{cond} on {vals:?}");
        }
    }
}

#[test]
fn required_slots_are_those_whose_absence_rules_the_condition_out() {
    let s = schema();
    let names = |cond: &str| -> Vec<&'static str> {
        let rs = load_cond(cond).unwrap();
        let mut v: Vec<&str> = rs.rules()[0]
            .required
            .iter()
            .map(|&i| s.fields()[i].name)
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("call.active && txn.amount_fen > ¥1"),
        ["call.active", "txn.amount_fen"]
    );
    assert_eq!(names("call.active || txn.amount_fen > ¥1"), [] as [&str; 0]);
    assert_eq!(
        names("txn.amount_fen > ¥1 && (call.active || call.recent)"),
        ["txn.amount_fen"]
    );
    // !(a || b) is true only when both are false: both present
    assert_eq!(
        names("!(call.active || call.recent)"),
        ["call.active", "call.recent"]
    );
    // !(a && b) is true when either is false: neither is required
    assert_eq!(names("!(call.active && call.recent)"), [] as [&str; 0]);
    assert_eq!(
        names("txn.amount_fen + payee.inbound_24h > ¥9 || txn.amount_fen > ¥5"),
        ["txn.amount_fen"]
    );
}
