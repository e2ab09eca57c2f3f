//! Reading YAML nodes into rule-file items, with a diagnostic for every mistake:
//! mapping keys (unknown / duplicate / missing), scalars, lists, settings and tests.

use crate::check::ListDef;
use crate::diag::{did_you_mean, Diagnostic, SourceFile};
use crate::lexer::{lex, Tok};
use crate::schema::Type;
use crate::yaml::{Kind, Node};
use crate::{RuleTest, Settings};

/// Loader state shared by all items: the files and the diagnostics found so far.
pub(crate) struct Ctx {
    pub files: Vec<SourceFile>,
    /// (file index, diagnostic), sorted before reporting.
    pub diags: Vec<(usize, Diagnostic)>,
}

/// The entries of a mapping whose keys were checked.
pub(crate) struct Entries<'n> {
    pub node: &'n Node,
    pub items: Vec<(&'n str, &'n Node, &'n Node)>,
    /// Allowed keys that an unknown key was taken to be a typo of (no "missing" error for them).
    pub suggested: Vec<String>,
}

impl<'n> Entries<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.items
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }
}

impl Ctx {
    pub fn err(&mut self, f: usize, node: &Node, msg: impl Into<String>, help: Option<String>) {
        self.err_at(f, node.start, node.end, msg, help);
    }

    pub fn err_at(
        &mut self,
        f: usize,
        start: usize,
        end: usize,
        msg: impl Into<String>,
        help: Option<String>,
    ) {
        let d = self.files[f].diag(start, end, msg.into(), help);
        self.diags.push((f, d));
    }

    pub fn line(&self, f: usize, node: &Node) -> usize {
        self.files[f].line_col(node.start).0
    }

    /// Checks that `node` is a mapping with scalar keys from `allowed`, each at most once.
    pub fn entries<'n>(
        &mut self,
        f: usize,
        node: &'n Node,
        allowed: &[&str],
        what: &str,
    ) -> Option<Entries<'n>> {
        let Kind::Map(pairs) = &node.kind else {
            self.err(
                f,
                node,
                format!(
                    "{what} must be a mapping (key: value pairs), but this is {}",
                    node.kind_name()
                ),
                None,
            );
            return None;
        };
        let mut items: Vec<(&str, &Node, &Node)> = Vec::with_capacity(pairs.len());
        let mut suggested = Vec::new();
        for (k, v) in pairs {
            let Some(key) = k.as_str() else {
                self.err(f, k, "a key must be a plain name", None);
                continue;
            };
            if !allowed.contains(&key) {
                let sugg = crate::diag::suggest(key, allowed.iter().copied());
                let help = match &sugg {
                    Some(k) => Some(format!("did you mean `{k}`?")),
                    None => Some(format!("{what} may have: {}", allowed.join(", "))),
                };
                suggested.extend(sugg);
                self.err(f, k, format!("unknown key `{key}` in {what}"), help);
                continue;
            }
            if let Some((_, first, _)) = items.iter().find(|(n, _, _)| *n == key) {
                let line = self.line(f, first);
                self.err(
                    f,
                    k,
                    format!("`{key}` is given twice in {what}"),
                    Some(format!("the first `{key}` is on line {line}")),
                );
                continue;
            }
            items.push((key, k, v));
        }
        Some(Entries {
            node,
            items,
            suggested,
        })
    }

    /// A required key: reports "missing `key`" at the mapping when absent.
    pub fn required<'n>(
        &mut self,
        f: usize,
        e: &Entries<'n>,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let v = e.get(key);
        if v.is_none() && !e.suggested.iter().any(|k| k == key) {
            let (start, end) = e
                .items
                .first()
                .map_or((e.node.start, e.node.end), |(_, k, _)| (k.start, k.end));
            self.err_at(f, start, end, format!("{what} is missing `{key}`"), None);
        }
        v
    }

    /// A non-empty text value.
    pub fn text(&mut self, f: usize, node: &Node, key: &str) -> Option<String> {
        match node.as_str() {
            Some(s) if !node.is_null() && !s.trim().is_empty() => Some(s.to_string()),
            _ => {
                self.err(
                    f,
                    node,
                    format!("`{key}` must be text, but this is {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// One word out of `choices`.
    pub fn choice(&mut self, f: usize, node: &Node, key: &str, choices: &[&str]) -> Option<usize> {
        let s = self.text(f, node, key)?;
        match choices.iter().position(|c| *c == s) {
            Some(i) => Some(i),
            None => {
                let help = did_you_mean(&s, choices.iter().copied())
                    .unwrap_or_else(|| format!("choose one of: {}", choices.join(", ")));
                self.err(f, node, format!("`{s}` is not a valid {key}"), Some(help));
                None
            }
        }
    }

    pub fn boolean(&mut self, f: usize, node: &Node, key: &str) -> Option<bool> {
        match node.as_str() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.err(f, node, format!("`{key}` must be true or false"), None);
                None
            }
        }
    }

    /// A number in [0, 1].
    pub fn fraction(&mut self, f: usize, node: &Node, key: &str) -> Option<f64> {
        let v = node.as_str().and_then(|s| s.trim().parse::<f64>().ok());
        match v {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            Some(x) => {
                self.err(
                    f,
                    node,
                    format!("`{key}` must be between 0 and 1, but it is {x}"),
                    None,
                );
                None
            }
            None => {
                self.err(
                    f,
                    node,
                    format!("`{key}` must be a number between 0 and 1"),
                    None,
                );
                None
            }
        }
    }

    /// A list of non-empty text items (a single scalar is not accepted: it hides mistakes).
    pub fn text_list<'n>(
        &mut self,
        f: usize,
        node: &'n Node,
        key: &str,
    ) -> Option<Vec<(String, &'n Node)>> {
        let Kind::Seq(items) = &node.kind else {
            let help = node
                .as_str()
                .map(|s| format!("write a list: `{key}: [{s}]`"));
            self.err(
                f,
                node,
                format!("`{key}` must be a list, but this is {}", node.kind_name()),
                help,
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for it in items {
            match self.text(f, it, key) {
                Some(s) => out.push((s, it)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A duration written like a condition literal: `30m`, `1h30m`.
    pub fn duration(&mut self, f: usize, node: &Node, key: &str) -> Option<i64> {
        let s = node.as_str().unwrap_or("");
        match lex(s).ok().as_deref() {
            Some([t, e]) if e.tok == Tok::Eof => match t.tok {
                Tok::Duration(ms) if ms >= 0 => return Some(ms),
                Tok::Int(_) | Tok::Float(_) => {
                    self.err(
                        f,
                        node,
                        format!("`{key}` needs a unit"),
                        Some(format!("write it like `{key}: 30m` (ms, s, m, h, d)")),
                    );
                    return None;
                }
                _ => {}
            },
            _ => {}
        }
        self.err(
            f,
            node,
            format!("`{key}` must be a duration like 30m or 24h"),
            None,
        );
        None
    }

    /// `lists:` entry: items are always strings, and also numbers / money / durations when every
    /// item reads as one literal of the same type.
    pub fn list_def(&mut self, f: usize, node: &Node, name: &str) -> Option<ListDef> {
        let items = self.text_list(f, node, name)?;
        let mut def = ListDef {
            strs: items.iter().map(|(s, _)| s.clone()).collect(),
            ints: None,
            floats: None,
        };
        let mut ty: Option<Type> = None;
        let (mut ints, mut floats) = (Vec::new(), Vec::new());
        let mut numeric = !items.is_empty();
        for (s, _) in &items {
            let toks = lex(s).unwrap_or_default();
            let (neg, rest) = match toks.as_slice() {
                [m, rest @ ..] if m.tok == Tok::Minus => (-1, rest),
                all => (1, all),
            };
            let (t, i, x) = match rest {
                [t, e] if e.tok == Tok::Eof => match t.tok {
                    Tok::Int(v) => (Type::Int, v * neg, (v * neg) as f64),
                    Tok::Float(v) => (Type::Float, 0, v * neg as f64),
                    Tok::Money(v) => (Type::Money, v * neg, 0.0),
                    Tok::Duration(v) => (Type::Duration, v * neg, 0.0),
                    _ => {
                        numeric = false;
                        break;
                    }
                },
                _ => {
                    numeric = false;
                    break;
                }
            };
            let merged = match (ty, t) {
                (None, t) => t,
                (Some(a), b) if a == b => a,
                (Some(Type::Int), Type::Float) | (Some(Type::Float), Type::Int) => Type::Float,
                (Some(a), b) => {
                    let (n, _) = items
                        .iter()
                        .find(|(x, _)| x == s)
                        .map(|(x, n)| (*n, x))
                        .unwrap_or((node, s));
                    let help = if a == Type::Money || b == Type::Money {
                        "YAML splits `[¥50,000, ¥100,000]` at every comma: quote amounts ('¥50,000') or write them without commas (¥50000, 5万)"
                    } else {
                        "every item of a list must be of one type"
                    };
                    self.err(
                        f,
                        n,
                        format!("this list mixes {a} and {b} items"),
                        Some(help.into()),
                    );
                    return None;
                }
            };
            ty = Some(merged);
            ints.push(i);
            floats.push(x);
        }
        if numeric {
            match ty {
                Some(Type::Int) => {
                    def.ints = Some((Type::Int, ints));
                    def.floats = Some(floats);
                }
                Some(Type::Float) => def.floats = Some(floats),
                Some(t) => def.ints = Some((t, ints)),
                None => {}
            }
        }
        Some(def)
    }

    pub fn settings(&mut self, f: usize, node: &Node) -> Settings {
        let mut s = Settings::default();
        let Some(e) = self.entries(
            f,
            node,
            &["thresholds", "severity", "warning_cooldown"],
            "settings",
        ) else {
            return s;
        };
        if let Some(t) = e.get("thresholds") {
            if let Some(te) = self.entries(
                f,
                t,
                &["stop_payment", "freeze_account", "early_warning"],
                "thresholds",
            ) {
                for (k, _, v) in &te.items {
                    if let Some(x) = self.fraction(f, v, k) {
                        match *k {
                            "stop_payment" => s.thresholds.stop_payment = x,
                            "freeze_account" => s.thresholds.freeze_account = x,
                            _ => s.thresholds.early_warning = x,
                        }
                    }
                }
            }
        }
        if let Some(sev) = e.get("severity") {
            if let Some(se) = self.entries(f, sev, &["critical", "high"], "severity") {
                for (k, _, v) in &se.items {
                    if let Some(x) = self.fraction(f, v, k) {
                        if *k == "critical" {
                            s.severity_critical = x;
                        } else {
                            s.severity_high = x;
                        }
                    }
                }
                if s.severity_high > s.severity_critical {
                    self.err(
                        f,
                        sev,
                        format!(
                            "severity `high` ({}) is above `critical` ({})",
                            s.severity_high, s.severity_critical
                        ),
                        None,
                    );
                }
            }
        }
        if let Some(w) = e.get("warning_cooldown") {
            if let Some(ms) = self.duration(f, w, "warning_cooldown") {
                s.warning_cooldown_ms = ms;
            }
        }
        s
    }

    /// One entry of `tests:`. Rule ids in `hits` are checked later, once all rules are known;
    /// their nodes are returned for that.
    pub fn test<'n>(
        &mut self,
        f: usize,
        node: &'n Node,
    ) -> (Option<RuleTest>, Vec<(String, &'n Node)>) {
        let Some(e) = self.entries(
            f,
            node,
            &["name", "events", "expect", "expect_not"],
            "a test",
        ) else {
            return (None, Vec::new());
        };
        let name = self
            .required(f, &e, "name", "a test")
            .and_then(|n| self.text(f, n, "name"));
        let events = self
            .required(f, &e, "events", "a test")
            .and_then(|ev| self.events(f, ev));
        let mut t = RuleTest {
            name: name.clone().unwrap_or_default(),
            file: self.files[f].name.clone(),
            line: self.line(f, node),
            events: events.clone().unwrap_or_default(),
            expect_hits: vec![],
            expect_no_hits: vec![],
            expect_actions: vec![],
            expect_no_actions: vec![],
        };
        let mut hit_refs = Vec::new();
        if e.get("expect").is_none() && e.get("expect_not").is_none() {
            self.err(
                f,
                node,
                "this test expects nothing",
                Some("add `expect: { hits: [...], actions: [...] }` and/or `expect_not:`".into()),
            );
        }
        let diags_before = self.diags.len();
        for (key, negated) in [("expect", false), ("expect_not", true)] {
            let Some(x) = e.get(key) else { continue };
            let Some(xe) = self.entries(f, x, &["hits", "actions"], key) else {
                continue;
            };
            if let Some(h) = xe.get("hits").and_then(|h| self.text_list(f, h, "hits")) {
                let ids: Vec<String> = h.iter().map(|(s, _)| s.clone()).collect();
                hit_refs.extend(h);
                if negated {
                    t.expect_no_hits = ids
                } else {
                    t.expect_hits = ids
                }
            }
            if let Some(a) = xe
                .get("actions")
                .and_then(|a| self.text_list(f, a, "actions"))
            {
                const KINDS: [&str; 3] = ["stop_payment", "freeze_account", "early_warning"];
                for (s, n) in &a {
                    if !KINDS.contains(&s.as_str()) {
                        let help = if s.starts_with("freeze") {
                            Some(
                                "tests name the actions the processor emits: `freeze_account`"
                                    .to_string(),
                            )
                        } else {
                            did_you_mean(s, KINDS).or_else(|| {
                                Some(format!("actions emitted are: {}", KINDS.join(", ")))
                            })
                        };
                        self.err(f, n, format!("unknown action `{s}`"), help);
                    }
                }
                let kinds = a.into_iter().map(|(s, _)| s).collect();
                if negated {
                    t.expect_no_actions = kinds
                } else {
                    t.expect_actions = kinds
                }
            }
        }
        let expects = e.get("expect").or(e.get("expect_not"));
        let lists = [
            &t.expect_hits,
            &t.expect_no_hits,
            &t.expect_actions,
            &t.expect_no_actions,
        ];
        if let Some(x) = expects {
            if self.diags.len() == diags_before && lists.iter().all(|l| l.is_empty()) {
                self.err(
                    f,
                    x,
                    "this test checks nothing: its expectation lists are all empty",
                    Some("list rule ids under `hits:` or actions under `actions:`".into()),
                );
            }
        }
        if let (Some(ev), Some(events)) = (e.get("events"), &events) {
            if events.is_empty() {
                self.err(
                    f,
                    ev,
                    "this test replays no events, so it checks nothing",
                    Some("add the calls and transfers the rules should (not) act on".into()),
                );
            }
        }
        let ok = name.is_some() && events.is_some();
        (ok.then_some(t), hit_refs)
    }

    fn events(&mut self, f: usize, node: &Node) -> Option<Vec<serde_json::Value>> {
        let Kind::Seq(items) = &node.kind else {
            self.err(f, node, "`events` must be a list of events", None);
            return None;
        };
        let mut ok = true;
        for ev in items {
            let Kind::Map(pairs) = &ev.kind else {
                self.err(
                    f,
                    ev,
                    "an event must be a mapping like `{type: call, ...}`",
                    None,
                );
                ok = false;
                continue;
            };
            const TYPES: [&str; 3] = ["transaction", "call", "watchlist"];
            match pairs.iter().find(|(k, _)| k.as_str() == Some("type")) {
                None => {
                    self.err(
                        f,
                        ev,
                        "this event has no `type`",
                        Some("`type` is transaction, call or watchlist".into()),
                    );
                    ok = false;
                }
                Some((_, v)) if !TYPES.contains(&v.as_str().unwrap_or("")) => {
                    let s = v.as_str().unwrap_or("");
                    let help = did_you_mean(s, TYPES)
                        .or_else(|| Some("`type` is transaction, call or watchlist".into()));
                    self.err(f, v, format!("unknown event type `{s}`"), help);
                    ok = false;
                }
                _ => {}
            }
        }
        ok.then(|| items.iter().map(Node::to_json).collect())
    }
}
