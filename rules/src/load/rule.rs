//! Reading one rule (and its exceptions) from its YAML mapping.

use super::{valid_name, CondSrc, Loader, RULE_KEYS};
use crate::diag::did_you_mean;
use crate::yaml::{Kind, Node};
use crate::{ActionReq, Mode, Severity};

pub(super) struct RawRule {
    pub file: usize,
    pub line: usize,
    pub id: Option<(String, usize, usize)>,
    pub description: Option<String>,
    pub typology: Option<String>,
    pub severity: Option<Severity>,
    pub condition: Option<CondSrc>,
    pub score: Option<f64>,
    pub actions: Option<Vec<ActionReq>>,
    pub enabled: bool,
    pub mode: Mode,
    pub tags: Vec<String>,
    pub exceptions: Vec<(String, Option<CondSrc>)>,
    pub complete: bool,
}

impl Loader<'_> {
    pub(super) fn rule(&mut self, f: usize, node: &Node) {
        let Some(e) = self.ctx.entries(f, node, &RULE_KEYS, "a rule") else {
            return;
        };
        let c = &mut self.ctx;
        let mut r = RawRule {
            file: f,
            line: c.line(f, node),
            id: None,
            description: None,
            typology: None,
            severity: None,
            condition: None,
            score: None,
            actions: None,
            enabled: true,
            mode: Mode::Live,
            tags: Vec::new(),
            exceptions: Vec::new(),
            complete: true,
        };
        let mut missing = false;
        for key in [
            "id",
            "description",
            "typology",
            "severity",
            "condition",
            "score",
            "actions",
        ] {
            missing |= c.required(f, &e, key, "this rule").is_none();
        }
        if let Some(n) = e.get("id") {
            if let Some(id) = c.text(f, n, "id") {
                self.all_ids.push(id.clone());
                if valid_name(&id) {
                    r.id = Some((id, n.start, n.end));
                } else {
                    c.err(
                        f,
                        n,
                        format!("rule id `{id}` has characters other than letters, digits and `_`"),
                        Some("ids look like `police_safe_account_transfer`".into()),
                    );
                }
            }
        }
        r.description = e
            .get("description")
            .and_then(|n| c.text(f, n, "description"));
        r.typology = e.get("typology").and_then(|n| {
            let t = c.text(f, n, "typology")?;
            let known = self.schema.typologies();
            match known {
                Some(known) if !known.contains(&t) => {
                    let names = known.iter().map(String::as_str);
                    let help = did_you_mean(&t, names)
                        .unwrap_or_else(|| format!("typologies are: {}", known.join(", ")));
                    c.err(f, n, format!("unknown typology `{t}`"), Some(help));
                    None
                }
                _ => Some(t),
            }
        });
        r.severity = e
            .get("severity")
            .and_then(|n| c.choice(f, n, "severity", &["medium", "high", "critical"]))
            .map(|i| [Severity::Medium, Severity::High, Severity::Critical][i]);
        r.score = e.get("score").and_then(|n| c.fraction(f, n, "score"));
        if let Some(n) = e.get("actions") {
            if let Some(items) = c.text_list(f, n, "actions") {
                let mut acts = Vec::new();
                for (s, it) in items {
                    match ActionReq::ALL.iter().find(|a| a.as_str() == s) {
                        Some(a) if acts.contains(a) => {
                            c.err(f, it, format!("`{s}` is listed twice"), None)
                        }
                        Some(a) => acts.push(*a),
                        None => {
                            let names = ActionReq::ALL.map(ActionReq::as_str);
                            let help = if s == "freeze_account" {
                                Some("say which account: `freeze_payee` (the receiver) or `freeze_payer`".into())
                            } else {
                                did_you_mean(&s, names)
                                    .or_else(|| Some(format!("actions are: {}", names.join(", "))))
                            };
                            c.err(f, it, format!("unknown action `{s}`"), help);
                        }
                    }
                }
                r.actions = Some(acts);
            }
        }
        if let Some(n) = e.get("enabled") {
            r.enabled = c.boolean(f, n, "enabled").unwrap_or(true);
        }
        if let Some(n) = e.get("mode") {
            r.mode = match c.choice(f, n, "mode", &["live", "shadow"]) {
                Some(1) => Mode::Shadow,
                _ => Mode::Live,
            };
        }
        if let Some(n) = e.get("tags") {
            r.tags = c
                .text_list(f, n, "tags")
                .unwrap_or_default()
                .into_iter()
                .map(|(s, _)| s)
                .collect();
        }
        if let Some(n) = e.get("notes") {
            c.text(f, n, "notes");
        }
        r.condition = e
            .get("condition")
            .and_then(|n| self.cond_src(f, n, "condition"));
        if let Some(n) = e.get("exceptions") {
            self.exceptions(f, n, &mut r);
        }
        r.complete = !missing;
        self.rules.push(r);
    }

    fn exceptions(&mut self, f: usize, n: &Node, r: &mut RawRule) {
        let Kind::Seq(items) = &n.kind else {
            self.ctx.err(
                f,
                n,
                "`exceptions` must be a list of `- name: ... condition: ...`",
                None,
            );
            return;
        };
        for it in items {
            let Some(x) = self
                .ctx
                .entries(f, it, &["name", "condition"], "an exception")
            else {
                continue;
            };
            let name = self
                .ctx
                .required(f, &x, "name", "this exception")
                .and_then(|v| self.ctx.text(f, v, "name"));
            let cond = self
                .ctx
                .required(f, &x, "condition", "this exception")
                .and_then(|v| self.cond_src(f, v, "condition"));
            if let Some(name) = name {
                if r.exceptions.iter().any(|(n, _)| *n == name) {
                    self.ctx.err(
                        f,
                        x.get("name").unwrap_or(it),
                        format!("duplicate exception `{name}` in this rule"),
                        None,
                    );
                }
                r.exceptions.push((name, cond));
            }
        }
    }
}
