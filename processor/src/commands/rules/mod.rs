//! `fanzha rules check|test|backtest|fields`.

use crate::cli::{BacktestArgs, RulesCommand, ScoringArgs};
use crate::features;
use crate::pipeline::{Pipeline, Shared};
use crate::state::{State, StateConfig};
use anyhow::{anyhow, Context, Result};
use fanzha_contract::{decode, ActionKind, Event, EventBody};
use fanzha_load::Labels;
use fanzha_rules::{Mode, RuleSet, RuleTest};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

pub fn run(c: RulesCommand) -> Result<ExitCode> {
    match c {
        RulesCommand::Check { dir } => check(&dir),
        RulesCommand::Test { dir } => test(&dir),
        RulesCommand::Backtest(a) => backtest(a),
        RulesCommand::ExportFeatures { events, out, rules } => {
            export_features(&events, &out, rules.as_deref())
        }
        RulesCommand::Fields { markdown } => {
            let schema = features::schema();
            if markdown {
                print!("{}", schema.markdown_table());
            } else {
                for f in schema.fields() {
                    println!(
                        "{:<28} {:<9} {}",
                        f.name,
                        format!("{:?}", f.ty).to_lowercase(),
                        f.doc
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(dir: &Path) -> Result<ExitCode> {
    match RuleSet::load_dir(dir, &features::schema()) {
        Ok(rs) => {
            let rules = rs.rules();
            let shadow = rules
                .iter()
                .filter(|r| r.enabled && r.mode == Mode::Shadow)
                .count();
            let disabled = rules.iter().filter(|r| !r.enabled).count();
            println!(
                "ok: {} rules ({} live, {} shadow, {} disabled), {} tests, version {}",
                rules.len(),
                rules.len() - shadow - disabled,
                shadow,
                disabled,
                rs.tests().len(),
                rs.version()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(d) => {
            eprintln!("{d}");
            eprintln!("{} error(s) in {}", d.0.len(), dir.display());
            Ok(ExitCode::from(1))
        }
    }
}

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

fn test(dir: &Path) -> Result<ExitCode> {
    let rules = match RuleSet::load_dir(dir, &features::schema()) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return Ok(ExitCode::from(1));
        }
    };
    let (mut passed, mut failed) = (0, 0);
    for t in rules.tests() {
        let fails = run_test(&rules, t)?;
        if fails.is_empty() {
            passed += 1;
            println!("ok   {}:{} {}", t.file, t.line, t.name);
        } else {
            failed += 1;
            println!("FAIL {}:{} {}", t.file, t.line, t.name);
            for f in fails {
                println!("       {f}");
            }
        }
    }
    println!("rule tests: {passed} passed, {failed} failed");
    Ok(if failed == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Per-rule figures of one backtest run.
#[derive(Default, Clone)]
struct RuleFigures {
    hits: u64,
    shadow: bool,
    actions: u64,
    correct_hits: u64,
    scam_txns_hit: HashSet<String>,
}

struct Backtest {
    version: String,
    per_rule: BTreeMap<String, RuleFigures>,
    actions: BTreeMap<&'static str, u64>,
}

fn run_backtest(
    rules: RuleSet,
    scoring: &ScoringArgs,
    events: &Path,
    labels: Option<&Labels>,
) -> Result<Backtest> {
    let inputs = features::ModelInputs::new(&features::schema());
    let model = crate::pack::load_model(scoring.model.as_deref(), scoring.no_model, &inputs)?;
    let version = rules.version().to_string();
    let mut p = Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules.clone(),
        model,
    ));
    let scam: HashSet<&str> = labels
        .map(|l| l.scam_txns.iter().map(|t| t.txn_id.as_str()).collect())
        .unwrap_or_default();
    let mules: HashSet<&str> = labels
        .map(|l| l.mules.iter().map(|m| m.account.as_str()).collect())
        .unwrap_or_default();
    let victims: HashSet<&str> = labels
        .map(|l| l.victims.iter().map(|v| v.phone.as_str()).collect())
        .unwrap_or_default();
    let mut per_rule: BTreeMap<String, RuleFigures> = rules
        .rules()
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                RuleFigures {
                    shadow: r.mode == Mode::Shadow,
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut actions: BTreeMap<&'static str, u64> = BTreeMap::new();
    crate::replay::for_each_event(
        &mut p,
        events,
        |_, _| Ok(()),
        |e, p, out| {
            let correct = match &e.body {
                EventBody::Transaction(t) => {
                    scam.contains(t.txn_id.as_str())
                        || mules.contains(t.payer_account.as_str())
                        || mules.contains(t.payee_account.as_str())
                }
                EventBody::Call(c) => victims.contains(c.callee.as_str()),
                EventBody::Watchlist(_) => false,
            };
            for &i in p.last_hits() {
                let f = per_rule.get_mut(&rules.rules()[i].id).expect("rule listed");
                f.hits += 1;
                f.correct_hits += correct as u64;
                if let EventBody::Transaction(t) = &e.body {
                    if scam.contains(t.txn_id.as_str()) {
                        f.scam_txns_hit.insert(t.txn_id.clone());
                    }
                }
            }
            for a in out {
                *actions.entry(a.kind.as_str()).or_default() += 1;
                for r in &a.reasons {
                    if let Some(f) = per_rule.get_mut(&r.rule) {
                        f.actions += 1;
                    }
                }
            }
            Ok(())
        },
    )?;
    Ok(Backtest {
        version,
        per_rule,
        actions,
    })
}

fn backtest(a: BacktestArgs) -> Result<ExitCode> {
    let labels = match &a.labels {
        Some(p) => Some(Labels::read_jsonl(p).with_context(|| format!("reading {}", p.display()))?),
        None => None,
    };
    let scoring = ScoringArgs {
        rules: a.rules.clone(),
        model: a.model.clone(),
        no_model: a.no_model,
    };
    let rules = crate::pack::load_rules(a.rules.as_deref())?;
    let current = run_backtest(rules, &scoring, &a.events, labels.as_ref())?;
    let baseline = match &a.baseline {
        Some(dir) => Some(run_backtest(
            crate::pack::load_rules(Some(dir))?,
            &scoring,
            &a.events,
            labels.as_ref(),
        )?),
        None => None,
    };
    let scam_total = labels.as_ref().map(|l| l.scam_txns.len()).unwrap_or(0);
    println!(
        "backtest of ruleset {} on {}",
        current.version,
        a.events.display()
    );
    if let Some(b) = &baseline {
        println!("baseline ruleset {}", b.version);
    }
    println!(
        "{:<34} {:>8} {:>8} {:>10} {:>8}{}",
        "rule",
        "hits",
        "actions",
        "precision",
        "recall",
        if baseline.is_some() {
            "   vs baseline (hits, actions)"
        } else {
            ""
        }
    );
    let mut ids: Vec<&String> = current.per_rule.keys().collect();
    if let Some(b) = &baseline {
        ids.extend(
            b.per_rule
                .keys()
                .filter(|k| !current.per_rule.contains_key(*k)),
        );
    }
    for id in ids {
        let empty = RuleFigures::default();
        let f = current.per_rule.get(id).unwrap_or(&empty);
        let precision = if labels.is_some() && f.hits > 0 {
            format!("{:.1}%", 100.0 * f.correct_hits as f64 / f.hits as f64)
        } else {
            "-".into()
        };
        let recall = if scam_total > 0 {
            format!(
                "{:.1}%",
                100.0 * f.scam_txns_hit.len() as f64 / scam_total as f64
            )
        } else {
            "-".into()
        };
        let name = if f.shadow {
            format!("{id} (shadow)")
        } else {
            id.clone()
        };
        let diff = match baseline.as_ref().map(|b| b.per_rule.get(id)) {
            None => String::new(),
            Some(None) => "   new rule".into(),
            Some(Some(bf)) if !current.per_rule.contains_key(id) => {
                format!("   removed (had {} hits)", bf.hits)
            }
            Some(Some(bf)) => format!(
                "   {:+}, {:+}",
                f.hits as i64 - bf.hits as i64,
                f.actions as i64 - bf.actions as i64
            ),
        };
        println!(
            "{:<34} {:>8} {:>8} {:>10} {:>8}{}",
            name, f.hits, f.actions, precision, recall, diff
        );
    }
    for k in ActionKind::ALL {
        let n = current.actions.get(k.as_str()).copied().unwrap_or(0);
        match &baseline {
            Some(b) => {
                let m = b.actions.get(k.as_str()).copied().unwrap_or(0);
                println!(
                    "{}: {n} (baseline {m}, {:+})",
                    k.as_str(),
                    n as i64 - m as i64
                );
            }
            None => println!("{}: {n}", k.as_str()),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export_features(events: &Path, out: &Path, rules_dir: Option<&Path>) -> Result<ExitCode> {
    use std::io::Write;
    let rules = crate::pack::load_rules(rules_dir)?;
    let inputs = features::ModelInputs::new(&features::schema());
    let model = crate::pack::load_model(None, false, &inputs)?;
    let mut p = Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules,
        model,
    ));
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let mut n = 0u64;
    crate::replay::for_each_event(
        &mut p,
        events,
        |e, p| {
            if let EventBody::Transaction(t) = &e.body {
                let row = serde_json::json!({"event_id": e.event_id, "txn_id": t.txn_id, "ts_ms": e.ts_ms, "features": p.features_json(e)});
                serde_json::to_writer(&mut w, &row)?;
                w.write_all(b"\n")?;
                n += 1;
            }
            Ok(())
        },
        |_, _, _| Ok(()),
    )?;
    w.flush()?;
    println!("wrote the features of {n} transfers to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
