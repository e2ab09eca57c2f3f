//! Unit tests, by area. `schema()` is a small realistic schema shared by all of them.

mod diagnostics;
mod files;
mod language;
mod vocabulary;

use crate::{Diagnostics, Field, RuleSet, Schema, Type, Value};

pub(crate) fn schema() -> Schema {
    let f = |name, ty, doc| Field { name, ty, doc };
    Schema::new(vec![
        f("txn.amount_fen", Type::Money, "transfer amount"),
        f(
            "payer.new_payee",
            Type::Bool,
            "first transfer from this payer to this payee",
        ),
        f(
            "payer.payee_txn_count_90d",
            Type::Int,
            "transfers payer→payee in 90 days",
        ),
        f("call.active", Type::Bool, "the payer is on a call now"),
        f(
            "call.recent",
            Type::Bool,
            "a call ended in the last 30 minutes",
        ),
        f(
            "call.duration",
            Type::Duration,
            "talk time of the current or last call",
        ),
        f(
            "call.recent_caller_kind",
            Type::Str,
            "caller_kind of the recent call",
        ),
        f("caller.kind", Type::Str, "caller_kind of the current call"),
        f("caller.number", Type::Str, "calling number"),
        f(
            "payee.inbound_24h",
            Type::Money,
            "money received by the payee in 24h",
        ),
        f(
            "payee.outbound_24h",
            Type::Money,
            "money sent on by the payee in 24h",
        ),
        f(
            "payee.distinct_payers_24h",
            Type::Int,
            "distinct payers of the payee in 24h",
        ),
        f("payee.model_score", Type::Float, "mule model score"),
        f("txn.channel", Type::Str, "transaction channel"),
        f(
            "payee.account_age",
            Type::Duration,
            "age of the payee account",
        ),
    ])
}

/// Values for a row, by field name; all others Missing.
pub(crate) fn row<'a>(vals: &[(&str, Value<'a>)]) -> Vec<Value<'a>> {
    let s = schema();
    let mut r = vec![Value::Missing; s.fields().len()];
    for (n, v) in vals {
        r[s.slot(n).unwrap_or_else(|| panic!("no field {n}"))] = *v;
    }
    r
}

pub(crate) fn load(files: &[(&str, &str)]) -> Result<RuleSet, Diagnostics> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    RuleSet::load_sources(&files, &schema())
}

/// A one-rule file with `cond` as its condition (a `|` block, so no YAML quoting is needed).
pub(crate) fn rule_file(cond: &str) -> String {
    format!(
        "rules:\n  - id: r1\n    description: d\n    typology: impersonation_police\n    severity: high\n    condition: |\n      {cond}\n    score: 0.5\n    actions: [early_warning]\n"
    )
}

pub(crate) fn load_cond(cond: &str) -> Result<RuleSet, Diagnostics> {
    load(&[("t.yaml", &rule_file(cond))])
}

/// The first error message for a bad condition.
pub(crate) fn cond_err(cond: &str) -> String {
    match load_cond(cond) {
        Ok(_) => panic!("`{cond}` loaded without error"),
        Err(d) => d.to_string(),
    }
}

/// Evaluates a one-rule condition on a row: Some(true) fired, Some(false) not.
pub(crate) fn fires(cond: &str, vals: &[(&str, Value)]) -> bool {
    let rs = load_cond(cond).unwrap_or_else(|d| panic!("{d}"));
    let mut hits = Vec::new();
    rs.evaluate(&row(vals), &mut hits);
    !hits.is_empty()
}
