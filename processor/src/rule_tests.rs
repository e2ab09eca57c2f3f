//! The tests written beside the rules (`tests:` in rule files), run in-process through a fresh
//! pipeline with no model: by `fanzha rules test` and `fanzha rules check`, and by hot reload
//! before a new pack is swapped in.

use crate::pipeline::{Pipeline, Shared};
use crate::state::{State, StateConfig};
use anyhow::{anyhow, Result};
use fanzha_contract::{decode, Event};
use fanzha_rules::{RuleSet, RuleTest};
use std::collections::HashSet;
use std::fmt;

/// Base time of rule tests: 2026-11-28 10:00 China time.
const TEST_BASE_MS: i64 = 1_764_295_200_000;

fn parse_offset(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('+');
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match unit.trim() {
        "ms" => 1.0,
        "s" => 1e3,
        "m" | "min" => 60e3,
        "h" => 3600e3,
        "d" => 86_400e3,
        _ => return None,
    };
    Some((n * mult) as i64)
}

/// Turns a test's event objects into events: `event_id` defaults to `<test>-<n>`, `ts_ms` to the
/// base time plus `at` (e.g. `at: 12m`) or plus n seconds.
pub fn test_events(t: &RuleTest) -> Result<Vec<Event>> {
    t.events
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut v = v.clone();
            let obj = v.as_object_mut().ok_or_else(|| {
                anyhow!(
                    "{}:{}: test `{}`: event {} is not a mapping",
                    t.file,
                    t.line,
                    t.name,
                    i + 1
                )
            })?;
            if !obj.contains_key("event_id") {
                obj.insert("event_id".into(), format!("test-{}", i + 1).into());
            }
            if !obj.contains_key("ts_ms") {
                let off = match obj.remove("at") {
                    Some(serde_json::Value::String(s)) => parse_offset(&s).ok_or_else(|| {
                        anyhow!(
                            "{}:{}: test `{}`: event {}: bad `at: {s}` (use e.g. 30s, 12m, 2h)",
                            t.file,
                            t.line,
                            t.name,
                            i + 1
                        )
                    })?,
                    Some(other) => anyhow::bail!(
                        "{}:{}: test `{}`: event {}: `at` must be a duration like 12m, got {other}",
                        t.file,
                        t.line,
                        t.name,
                        i + 1
                    ),
                    None => i as i64 * 1000,
                };
                obj.insert("ts_ms".into(), (TEST_BASE_MS + off).into());
            }
            decode(v.to_string().as_bytes()).map_err(|e| {
                anyhow!(
                    "{}:{}: test `{}`: event {}: {e}",
                    t.file,
                    t.line,
                    t.name,
                    i + 1
                )
            })
        })
        .collect()
}

/// Runs one rule test; returns the failures (empty when it passed).
pub fn run_test(rules: &RuleSet, t: &RuleTest) -> Result<Vec<String>> {
    let events = test_events(t)?;
    let mut p = Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules.clone(),
        None,
    ));
    p.fixed_clock_ms = Some(0);
    p.warn_far_ahead = false;
    let mut hits: HashSet<String> = HashSet::new();
    let mut actions: HashSet<&'static str> = HashSet::new();
    let mut out = Vec::new();
    for e in &events {
        out.clear();
        p.process(e, "test", &mut out);
        for &i in p.last_hits() {
            hits.insert(rules.rules()[i].id.clone());
        }
        for a in &out {
            actions.insert(a.kind.as_str());
        }
    }
    let mut fails = Vec::new();
    for h in &t.expect_hits {
        if !hits.contains(h) {
            fails.push(format!(
                "expected rule `{h}` to fire; fired: {:?}",
                sorted(&hits)
            ));
        }
    }
    for h in &t.expect_no_hits {
        if hits.contains(h) {
            fails.push(format!("expected rule `{h}` not to fire, but it did"));
        }
    }
    for a in &t.expect_actions {
        if !actions.contains(a.as_str()) {
            fails.push(format!(
                "expected a `{a}` action; got {:?}",
                sorted(&actions)
            ));
        }
    }
    for a in &t.expect_no_actions {
        if actions.contains(a.as_str()) {
            fails.push(format!("expected no `{a}` action, but one was emitted"));
        }
    }
    Ok(fails)
}

fn sorted<T: AsRef<str>>(s: &HashSet<T>) -> Vec<String> {
    let mut v: Vec<String> = s.iter().map(|x| x.as_ref().to_string()).collect();
    v.sort();
    v
}

/// The outcome of one rule test.
pub struct Outcome<'a> {
    pub test: &'a RuleTest,
    /// What went wrong; empty when the test passed. An event that does not decode is one problem.
    pub problems: Vec<String>,
}

impl Outcome<'_> {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// `FAIL file:line name` and the problems, indented; `ok   file:line name` when it passed.
impl fmt::Display for Outcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.test;
        let status = if self.passed() { "ok  " } else { "FAIL" };
        write!(f, "{status} {}:{} {}", t.file, t.line, t.name)?;
        for p in &self.problems {
            write!(f, "\n       {p}")?;
        }
        Ok(())
    }
}

/// Runs every test of the pack, in file order.
pub fn run_all(rules: &RuleSet) -> Vec<Outcome<'_>> {
    rules
        .tests()
        .iter()
        .map(|t| Outcome {
            test: t,
            problems: run_test(rules, t).unwrap_or_else(|e| vec![format!("{e:#}")]),
        })
        .collect()
}

/// The failed tests of `outcomes`, one `FAIL file:line name` block each; `None` when all passed.
pub fn failures(outcomes: &[Outcome<'_>]) -> Option<String> {
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| o.to_string())
        .collect();
    (!failed.is_empty()).then(|| {
        format!(
            "{}\n{} of {} rule tests failed",
            failed.join("\n"),
            failed.len(),
            outcomes.len()
        )
    })
}
