//! Evaluation cost of a realistic pack: 20 rules (macros, lists, exceptions, string methods)
//! over a 60-field schema, on a transaction row and on a call row (mostly Missing).
//!
//! Budget: ≤ 2 µs per event for the whole pack. Run: `cargo bench -p fanzha-rules`.

use criterion::{criterion_group, criterion_main, Criterion};
use fanzha_rules::{Field, RuleSet, Schema, Type, Value};
use std::hint::black_box;

fn schema() -> Schema {
    use Type::*;
    let mut f: Vec<Field> = [
        ("txn.amount_fen", Money),
        ("txn.channel", Str),
        ("txn.hour", Int),
        ("txn.is_night", Bool),
        ("txn.payee_bank", Str),
        ("txn.payer_bank", Str),
        ("txn.cross_bank", Bool),
        ("txn.device_new", Bool),
        ("payer.new_payee", Bool),
        ("payer.payee_txn_count_90d", Int),
        ("payer.age_years", Int),
        ("payer.txn_count_24h", Int),
        ("payer.amount_24h", Money),
        ("payer.avg_amount_90d", Money),
        ("payer.balance_drain_ratio", Float),
        ("payer.on_watchlist", Bool),
        ("payee.account_age", Duration),
        ("payee.inbound_24h", Money),
        ("payee.outbound_24h", Money),
        ("payee.distinct_payers_24h", Int),
        ("payee.distinct_payers_1h", Int),
        ("payee.on_watchlist", Bool),
        ("payee.model_score", Float),
        ("payee.pass_through_time", Duration),
        ("call.active", Bool),
        ("call.recent", Bool),
        ("call.duration", Duration),
        ("call.since_end", Duration),
        ("call.recent_caller_kind", Str),
        ("call.count_24h", Int),
        ("caller.kind", Str),
        ("caller.number", Str),
        ("caller.region", Str),
        ("caller.spoof_suspected", Bool),
        ("caller.on_watchlist", Bool),
        ("caller.distinct_callees_1h", Int),
        ("callee.region", Str),
        ("model.score", Float),
    ]
    .into_iter()
    .map(|(name, ty)| Field { name, ty, doc: "" })
    .collect();
    let names: &'static [String] = Box::leak(
        (0..22)
            .map(|i| format!("extra.f{i}"))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    f.extend(names.iter().map(|n| Field {
        name: n.as_str(),
        ty: Type::Int,
        doc: "",
    }));
    assert_eq!(f.len(), 60);
    Schema::new(f)
}

const SHARED: &str = r#"
lists:
  risky_caller_kinds: [virtual, international, voip]
  virtual_prefixes: ["170", "171", "162", "165", "167"]
  online_channels: [mobile_app, online_banking, third_party]
  high_risk_regions: ["HK", "MO", "KH", "MM", "PH", "LA"]
macros:
  suspicious_call: (call.active || call.recent) && call.recent_caller_kind in risky_caller_kinds
  long_call: call.duration >= 10m
  big_transfer: txn.amount_fen >= ¥10,000
  online: txn.channel in online_channels
  fresh_payee: payer.new_payee && payee.account_age < 30d
  mule_shape: payee.distinct_payers_24h >= 5 && payee.outbound_24h >= payee.inbound_24h * 0.8
"#;

fn rule(i: usize, cond: &str, exc: Option<&str>) -> String {
    let mut s = format!(
        "  - id: rule_{i}\n    description: bench rule {i}\n    typology: impersonation_police\n    severity: high\n    condition: |\n      {cond}\n    score: 0.3\n    actions: [stop_payment, early_warning]\n"
    );
    if let Some(e) = exc {
        s.push_str(&format!(
            "    exceptions:\n      - name: e{i}\n        condition: {e}\n"
        ));
    }
    s
}

fn pack() -> Vec<(String, String)> {
    let conds: [(&str, Option<&str>); 20] = [
        ("big_transfer && fresh_payee && suspicious_call && long_call", Some("payer.payee_txn_count_90d > 3")),
        ("big_transfer && call.active && caller.kind in risky_caller_kinds", None),
        ("txn.amount_fen >= 5万 && payer.age_years >= 60 && call.recent", None),
        ("caller.number.startsWith(\"170\") && txn.amount_fen > ¥5,000", None),
        ("caller.spoof_suspected && (call.active || call.since_end < 30m) && online", None),
        ("payee.on_watchlist && txn.amount_fen > ¥0", None),
        ("caller.on_watchlist && call.recent && big_transfer", None),
        ("mule_shape && payee.pass_through_time < 1h", Some("payee.account_age > 365d")),
        ("payee.distinct_payers_1h >= 3 && payee.account_age < 7d", None),
        ("payer.balance_drain_ratio > 0.9 && fresh_payee", None),
        ("payer.amount_24h > payer.avg_amount_90d * 10 && payer.new_payee", None),
        ("payer.txn_count_24h >= 5 && txn.is_night && online", None),
        ("txn.device_new && big_transfer && suspicious_call", None),
        ("caller.region in high_risk_regions && call.duration > 5m && big_transfer", None),
        ("caller.distinct_callees_1h > 50 && caller.kind == \"virtual\"", None),
        ("payee.model_score > 0.8 && txn.amount_fen >= ¥2,000", None),
        ("model.score >= 0.7 && (suspicious_call || fresh_payee)", None),
        ("txn.cross_bank && txn.payee_bank in [\"ABC\", \"BOC\", \"CCB\"] && big_transfer && call.recent", None),
        ("call.count_24h >= 3 && caller.kind not in [\"mobile\", \"landline\"] && txn.amount_fen > ¥1,000", None),
        ("payer.on_watchlist || (payee.inbound_24h / payee.distinct_payers_24h > ¥20,000 && fresh_payee)", None),
    ];
    let mut rules = String::from("rules:\n");
    for (i, (c, e)) in conds.iter().enumerate() {
        rules.push_str(&rule(i, c, *e));
    }
    vec![
        ("shared.yaml".into(), SHARED.into()),
        ("bench.yaml".into(), rules),
    ]
}

fn bench(c: &mut Criterion) {
    let schema = schema();
    let rs = RuleSet::load_sources(&pack(), &schema).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(rs.rules().len(), 20);
    let set = |row: &mut Vec<Value<'static>>, name: &str, v: Value<'static>| {
        row[schema.slot(name).unwrap()] = v
    };

    // A transfer during a scam call: most rules read real values, several fire.
    let mut txn = vec![Value::Missing; 60];
    for (n, v) in [
        ("txn.amount_fen", Value::Int(4_980_000)),
        ("txn.channel", Value::Str("mobile_app")),
        ("txn.hour", Value::Int(21)),
        ("txn.is_night", Value::Bool(false)),
        ("txn.payee_bank", Value::Str("CCB")),
        ("txn.cross_bank", Value::Bool(true)),
        ("txn.device_new", Value::Bool(false)),
        ("payer.new_payee", Value::Bool(true)),
        ("payer.payee_txn_count_90d", Value::Int(0)),
        ("payer.age_years", Value::Int(67)),
        ("payer.txn_count_24h", Value::Int(2)),
        ("payer.amount_24h", Value::Int(4_980_000)),
        ("payer.avg_amount_90d", Value::Int(80_000)),
        ("payer.balance_drain_ratio", Value::Float(0.95)),
        ("payer.on_watchlist", Value::Bool(false)),
        ("payee.account_age", Value::Int(3 * 86_400_000)),
        ("payee.inbound_24h", Value::Int(12_000_000)),
        ("payee.outbound_24h", Value::Int(11_000_000)),
        ("payee.distinct_payers_24h", Value::Int(6)),
        ("payee.on_watchlist", Value::Bool(false)),
        ("payee.model_score", Value::Float(0.4)),
        ("call.active", Value::Bool(true)),
        ("call.recent", Value::Bool(true)),
        ("call.duration", Value::Int(19 * 60_000)),
        ("call.recent_caller_kind", Value::Str("virtual")),
        ("caller.kind", Value::Str("virtual")),
        ("caller.number", Value::Str("17012345678")),
        ("caller.region", Value::Str("KH")),
        ("caller.spoof_suspected", Value::Bool(false)),
        ("model.score", Value::Float(0.55)),
    ] {
        set(&mut txn, n, v);
    }
    // A call-start event: transaction fields are Missing.
    let mut call = vec![Value::Missing; 60];
    for (n, v) in [
        ("call.active", Value::Bool(true)),
        ("call.recent_caller_kind", Value::Str("voip")),
        ("caller.kind", Value::Str("voip")),
        ("caller.number", Value::Str("+85512345678")),
        ("caller.region", Value::Str("KH")),
        ("caller.distinct_callees_1h", Value::Int(80)),
        ("call.count_24h", Value::Int(4)),
    ] {
        set(&mut call, n, v);
    }
    let mut hits = Vec::with_capacity(20);
    rs.evaluate(&txn, &mut hits);
    assert!(
        hits.len() >= 5,
        "transaction row should fire many rules: {hits:?}"
    );

    let mut g = c.benchmark_group("evaluate_20_rules");
    g.bench_function("transaction_event", |b| {
        b.iter(|| rs.evaluate(black_box(&txn), black_box(&mut hits)))
    });
    g.bench_function("call_event", |b| {
        b.iter(|| rs.evaluate(black_box(&call), black_box(&mut hits)))
    });
    g.finish();
    c.bench_function("explain_one_hit", |b| {
        b.iter(|| rs.explain(black_box(0), black_box(&txn)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
