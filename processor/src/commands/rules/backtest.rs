//! `fanzha rules backtest`: replay a labelled event file and report, per rule, how often it fired,
//! how often that led to an action, and how right it was.

use crate::cli::{BacktestArgs, ScoringArgs};
use crate::features;
use crate::pipeline::{Pipeline, Shared};
use crate::sources::Record;
use crate::state::{State, StateConfig};
use anyhow::{Context, Result};
use fanzha_contract::{Action, ActionKind, Event, EventBody};
use fanzha_load::Labels;
use fanzha_rules::{ActionReq, Mode, Rule, RuleSet};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

/// Per-rule figures of one backtest run.
#[derive(Default, Clone)]
struct RuleFigures {
    hits: u64,
    shadow: bool,
    /// The rule asks for a freeze: it is judged by the accounts it freezes.
    freezes: bool,
    /// Hits on which an action the rule asks for was emitted.
    acted: u64,
    /// The hits the rule is judged on: the acted ones (every hit, for a shadow rule).
    judged: u64,
    /// Of those, hits on fraud: a labelled scam transfer, a transfer out of a labelled mule
    /// account, a call to a labelled victim.
    judged_fraud: u64,
    /// Labelled scam transfers among the judged hits.
    scam_txns: HashSet<String>,
    /// Accounts frozen by actions the rule asks for (for a shadow rule: that it would freeze).
    frozen: HashSet<String>,
}

struct Backtest {
    version: String,
    per_rule: BTreeMap<String, RuleFigures>,
    actions: BTreeMap<&'static str, u64>,
    /// Events decoded and replayed.
    events: u64,
}

/// The accounts an action names and what the rule asks for that would cause it.
fn request_of(a: &Action, e: &Event) -> Option<ActionReq> {
    match (a.kind, &e.body) {
        (ActionKind::StopPayment, _) => Some(ActionReq::StopPayment),
        (ActionKind::EarlyWarning, _) => Some(ActionReq::EarlyWarning),
        (ActionKind::FreezeAccount, EventBody::Transaction(t)) => {
            let acc = a.account.as_deref();
            if acc == Some(t.payee_account.as_str()) {
                Some(ActionReq::FreezePayee)
            } else if acc == Some(t.payer_account.as_str()) {
                Some(ActionReq::FreezePayer)
            } else {
                None
            }
        }
        (ActionKind::FreezeAccount, _) => None,
    }
}

/// The account a freeze request targets on this event.
fn freeze_target(req: ActionReq, e: &Event) -> Option<&str> {
    match (req, &e.body) {
        (ActionReq::FreezePayee, EventBody::Transaction(t)) => Some(&t.payee_account),
        (ActionReq::FreezePayer, EventBody::Transaction(t)) => Some(&t.payer_account),
        _ => None,
    }
}

fn asks_freeze(r: &Rule) -> bool {
    r.actions
        .iter()
        .any(|a| matches!(a, ActionReq::FreezePayee | ActionReq::FreezePayer))
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
            let f = RuleFigures {
                shadow: r.mode == Mode::Shadow,
                freezes: asks_freeze(r),
                ..Default::default()
            };
            (r.id.clone(), f)
        })
        .collect();
    let mut actions: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut decoded = 0u64;
    crate::replay::for_each_event(
        &mut p,
        events,
        |_, _| Ok(()),
        |e, p, out| {
            decoded += 1;
            let fraud = match &e.body {
                EventBody::Transaction(t) => {
                    scam.contains(t.txn_id.as_str()) || mules.contains(t.payer_account.as_str())
                }
                EventBody::Call(c) => victims.contains(c.callee.as_str()),
                EventBody::Watchlist(_) => false,
            };
            let requests: Vec<(ActionReq, &Action)> = out
                .iter()
                .filter_map(|a| request_of(a, e).map(|r| (r, a)))
                .collect();
            for &i in p.last_hits() {
                let rule = &rules.rules()[i];
                let f = per_rule.get_mut(&rule.id).expect("rule listed");
                f.hits += 1;
                let led: Vec<&(ActionReq, &Action)> = if f.shadow {
                    Vec::new()
                } else {
                    requests
                        .iter()
                        .filter(|(r, _)| rule.actions.contains(r))
                        .collect()
                };
                f.acted += u64::from(!led.is_empty());
                if !f.shadow && led.is_empty() {
                    continue;
                }
                f.judged += 1;
                f.judged_fraud += u64::from(fraud);
                if let EventBody::Transaction(t) = &e.body {
                    if scam.contains(t.txn_id.as_str()) {
                        f.scam_txns.insert(t.txn_id.clone());
                    }
                }
                if f.shadow {
                    let would = rule.actions.iter().filter_map(|&r| freeze_target(r, e));
                    f.frozen.extend(would.map(str::to_string));
                } else {
                    let frozen = led
                        .iter()
                        .filter(|(_, a)| a.kind == ActionKind::FreezeAccount)
                        .filter_map(|(_, a)| a.account.clone());
                    f.frozen.extend(frozen);
                }
            }
            for a in out {
                *actions.entry(a.kind.as_str()).or_default() += 1;
            }
            Ok(())
        },
    )?;
    Ok(Backtest {
        version,
        per_rule,
        actions,
        events: decoded,
    })
}

/// Non-blank lines of a JSON-lines file (each one an event, or a line that does not decode).
fn count_lines(path: &Path) -> Result<u64> {
    let mut src = crate::replay::open_events(path)?;
    let mut rec = Record::default();
    let mut n = 0;
    while src.next_into(&mut rec)? {
        n += 1;
    }
    Ok(n)
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

const HEADER: &str = "\
hits: events the rule fired on. acted: hits on which an action the rule asks for was emitted
(at most hits; 0 for shadow rules). Rules that freeze accounts: precision = labelled mules among
the accounts they froze, recall = labelled mules they froze / all labelled mules. Other rules:
precision = acted hits on fraud (a labelled scam transfer, a labelled mule's transfer, a call to a
labelled victim) / acted hits, recall = labelled scam transfers acted on / all of them. Shadow
rules are judged on all their hits (what they would act on). `-`: nothing to judge.";

pub fn backtest(a: BacktestArgs) -> Result<ExitCode> {
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
    let skipped = count_lines(&a.events)?.saturating_sub(current.events);
    let scam_total = labels.as_ref().map(|l| l.scam_txns.len()).unwrap_or(0);
    let mules: HashSet<&str> = labels
        .as_ref()
        .map(|l| l.mules.iter().map(|m| m.account.as_str()).collect())
        .unwrap_or_default();
    println!(
        "backtest of ruleset {} on {}",
        current.version,
        a.events.display()
    );
    if let Some(b) = &baseline {
        println!("baseline ruleset {}", b.version);
    }
    println!("{HEADER}");
    let mut ids: Vec<&String> = current.per_rule.keys().collect();
    if let Some(b) = &baseline {
        ids.extend(
            b.per_rule
                .keys()
                .filter(|k| !current.per_rule.contains_key(*k)),
        );
    }
    let width = ids
        .iter()
        .map(|i| i.len() + " (shadow)".len())
        .max()
        .unwrap_or(0);
    println!(
        "{:<width$} {:>8} {:>8} {:>10} {:>8}{}",
        "rule",
        "hits",
        "acted",
        "precision",
        "recall",
        if baseline.is_some() {
            "   vs baseline (hits, acted)"
        } else {
            ""
        }
    );
    for id in ids {
        let empty = RuleFigures::default();
        let f = current.per_rule.get(id).unwrap_or(&empty);
        let (precision, recall) = match labels {
            None => ("-".to_string(), "-".to_string()),
            Some(_) if f.freezes => {
                let right = f
                    .frozen
                    .iter()
                    .filter(|a| mules.contains(a.as_str()))
                    .count();
                (percent(right, f.frozen.len()), percent(right, mules.len()))
            }
            Some(_) => (
                percent(f.judged_fraud as usize, f.judged as usize),
                percent(f.scam_txns.len(), scam_total),
            ),
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
                f.acted as i64 - bf.acted as i64
            ),
        };
        println!(
            "{:<width$} {:>8} {:>8} {:>10} {:>8}{}",
            name, f.hits, f.acted, precision, recall, diff
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
    println!(
        "{} events replayed; {skipped} lines skipped because they do not decode (`fanzha replay` writes them to its dead-letter file with the reason)",
        current.events
    );
    Ok(ExitCode::SUCCESS)
}
