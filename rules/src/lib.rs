//! fanzha-rules: the rule-file language of fanzha.
//!
//! Rule files are YAML with `lists`, `macros`, `rules`, `settings` and `tests`. Conditions are a
//! small CEL-like language over the fields of a [`Schema`], type-checked at load time and compiled
//! to slot-indexed code that evaluates without allocating. Every error is collected and reported
//! with file:line:column and a caret under the offending text ([`Diagnostics`]).
//!
//! ```
//! use fanzha_rules::{Field, RuleSet, Schema, Type, Value};
//! let schema = Schema::new(vec![
//!     Field { name: "txn.amount_fen", ty: Type::Money, doc: "transfer amount" },
//!     Field { name: "call.active", ty: Type::Bool, doc: "payer is on a call now" },
//! ]);
//! let file = "rules:
//!   - id: big_transfer_during_call
//!     description: Large transfer while the payer is on the phone
//!     typology: impersonation_police
//!     severity: high
//!     condition: txn.amount_fen >= ¥10,000 && call.active
//!     score: 0.5
//!     actions: [early_warning]
//! ";
//! let rs = RuleSet::load_sources(&[("police.yaml".into(), file.into())], &schema).unwrap();
//! let mut hits = Vec::new();
//! rs.evaluate(&[Value::Int(4_980_000), Value::Bool(true)], &mut hits);
//! assert_eq!(hits, vec![0]);
//! assert_eq!(rs.explain(0, &[Value::Int(4_980_000), Value::Bool(true)]),
//!            "txn.amount_fen=¥49,800.00, call.active=true");
//! ```

mod check;
mod diag;
mod eval;
mod items;
mod lexer;
mod load;
mod parser;
mod schema;
mod yaml;

#[cfg(test)]
mod tests;

pub use diag::{Diagnostic, Diagnostics};
pub use schema::{format_duration, format_money, format_value, Field, Schema, Type, Value};

use eval::Code;
use std::path::Path;

/// How urgent a rule's finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Medium,
    High,
    Critical,
}

impl Severity {
    /// `medium`, `high`, `critical` (the rule-file and contract spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What a rule asks for when it fires (rule-file spelling in `as_str`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionReq {
    /// `stop_payment`: hold the triggering transfer.
    StopPayment,
    /// `early_warning`: call the person being scammed.
    EarlyWarning,
    /// `freeze_payee`: freeze the receiving account (a mule).
    FreezePayee,
    /// `freeze_payer`: freeze the paying account (itself a mule passing money on).
    FreezePayer,
}

impl ActionReq {
    pub const ALL: [ActionReq; 4] = [
        ActionReq::StopPayment,
        ActionReq::EarlyWarning,
        ActionReq::FreezePayee,
        ActionReq::FreezePayer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionReq::StopPayment => "stop_payment",
            ActionReq::EarlyWarning => "early_warning",
            ActionReq::FreezePayee => "freeze_payee",
            ActionReq::FreezePayer => "freeze_payer",
        }
    }
}

/// `live` rules act; `shadow` rules are evaluated and recorded but never act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Live,
    Shadow,
}

/// One rule from a rule file.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub description: String,
    pub typology: String,
    pub severity: Severity,
    /// Contribution to the risk score, in [0, 1].
    pub score: f64,
    pub actions: Vec<ActionReq>,
    pub enabled: bool,
    pub mode: Mode,
    pub tags: Vec<String>,
    /// The file the rule is in, as given to the loader.
    pub file: String,
    /// 1-based line of the rule in that file.
    pub line: usize,
    pub(crate) condition: Code,
    pub(crate) exceptions: Vec<(String, Code)>,
    /// Slots the condition reads (macros expanded), in order of first appearance.
    pub(crate) condition_slots: Vec<usize>,
    /// `condition_slots` followed by the slots only exceptions read.
    pub(crate) slots: Vec<usize>,
    /// Slots that must not be Missing for the condition to be true
    /// ([`eval::Code::required_slots`]): checked first, cheaply.
    pub(crate) required: Vec<usize>,
}

impl Rule {
    /// The names of the rule's exceptions, in file order.
    pub fn exception_names(&self) -> impl Iterator<Item = &str> {
        self.exceptions.iter().map(|(n, _)| n.as_str())
    }
}

/// Score thresholds above which the processor takes each action.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// Default 0.8.
    pub stop_payment: f64,
    /// Default 0.85.
    pub freeze_account: f64,
    /// Default 0.6.
    pub early_warning: f64,
}

/// Rule-set-wide settings (`settings:` in at most one file).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub thresholds: Thresholds,
    /// Score at or above which an action's severity is `critical`. Default 0.9.
    pub severity_critical: f64,
    /// Score at or above which an action's severity is `high` (else `medium`). Default 0.75.
    pub severity_high: f64,
    /// After an early warning to a phone, no other warning to it for this long. Default 30m.
    pub warning_cooldown_ms: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            thresholds: Thresholds {
                stop_payment: 0.8,
                freeze_account: 0.85,
                early_warning: 0.6,
            },
            severity_critical: 0.9,
            severity_high: 0.75,
            warning_cooldown_ms: 30 * 60 * 1000,
        }
    }
}

/// A test written in a rule file: events to replay and what must (not) happen.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleTest {
    pub name: String,
    pub file: String,
    pub line: usize,
    /// Contract events as written (YAML mappings converted to JSON).
    pub events: Vec<serde_json::Value>,
    /// Rule ids that must fire on some event.
    pub expect_hits: Vec<String>,
    /// Rule ids that must not fire on any event.
    pub expect_no_hits: Vec<String>,
    /// Action kinds (`stop_payment`, `freeze_account`, `early_warning`) that must be emitted.
    pub expect_actions: Vec<String>,
    /// Action kinds that must not be emitted.
    pub expect_no_actions: Vec<String>,
}

/// A loaded, checked and compiled set of rule files.
#[derive(Clone, Debug)]
pub struct RuleSet {
    version: String,
    rules: Vec<Rule>,
    /// Indices of enabled rules: the only ones evaluated.
    enabled: Vec<usize>,
    settings: Settings,
    tests: Vec<RuleTest>,
    schema_fields: Vec<(&'static str, Type)>,
}

impl RuleSet {
    /// Loads every `*.yaml` / `*.yml` file in `dir` (sorted by name). All errors are collected.
    pub fn load_dir(dir: &Path, schema: &Schema) -> Result<RuleSet, Diagnostics> {
        let io_err = |m: String| {
            Diagnostics(vec![Diagnostic {
                file: dir.display().to_string(),
                line: 0,
                column: 0,
                message: m,
                source_line: String::new(),
                caret_len: 0,
                help: None,
            }])
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| io_err(format!("cannot read rule directory: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            })
            .collect();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for p in paths {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| io_err(format!("cannot read {}: {e}", p.display())))?;
            files.push((p.display().to_string(), text));
        }
        if files.is_empty() {
            return Err(io_err(
                "no rule files (*.yaml, *.yml) in this directory".into(),
            ));
        }
        Self::load_sources(&files, schema)
    }

    /// Loads rule files given as (file name, text), e.g. an embedded default pack or test input.
    pub fn load_sources(
        files: &[(String, String)],
        schema: &Schema,
    ) -> Result<RuleSet, Diagnostics> {
        let out = load::load(files, schema)?;
        let enabled = out
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled)
            .map(|(i, _)| i)
            .collect();
        Ok(RuleSet {
            version: out.version,
            rules: out.rules,
            enabled,
            settings: out.settings,
            tests: out.tests,
            schema_fields: schema.fields().iter().map(|f| (f.name, f.ty)).collect(),
        })
    }

    /// `rs-` and 12 hex digits of a hash of the file names (without directory) and contents.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// All rules, disabled ones included, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn tests(&self) -> &[RuleTest] {
        &self.tests
    }

    /// Clears `hits` and pushes the index of every enabled rule (live or shadow) whose condition
    /// is true and none of whose exceptions is true. Missing counts as not true.
    pub fn evaluate(&self, row: &[Value], hits: &mut Vec<usize>) {
        hits.clear();
        for &i in &self.enabled {
            let r = &self.rules[i];
            let absent = |s: &usize| matches!(row.get(*s), None | Some(Value::Missing));
            if r.required.iter().any(absent) {
                continue;
            }
            if r.condition.is(row, true) && !r.exceptions.iter().any(|(_, e)| e.is(row, true)) {
                hits.push(i);
            }
        }
    }

    /// The values of every field the rule's condition reads (macros expanded), e.g.
    /// `txn.amount_fen=¥49,800.00, call.active=true, call.duration=19m0s, caller.kind="virtual"`.
    pub fn explain(&self, rule: usize, row: &[Value]) -> String {
        let mut out = String::new();
        for &slot in &self.rules[rule].condition_slots {
            let (name, ty) = self.schema_fields[slot];
            if !out.is_empty() {
                out.push_str(", ");
            }
            let v = row.get(slot).copied().unwrap_or(Value::Missing);
            out.push_str(name);
            out.push('=');
            out.push_str(&format_value(ty, v));
        }
        out
    }

    /// Every slot the rule reads: the condition's (in order of appearance), then the exceptions'.
    pub fn slots_read(&self, rule: usize) -> &[usize] {
        &self.rules[rule].slots
    }
}
