//! Loading rule files: YAML → items → macros (dependency order, cycles) → compiled rules.

use crate::check::{macro_refs, Checker, Compiled, Env, ListDef};
use crate::diag::{did_you_mean, Diagnostics, SourceFile};
use crate::items::Ctx;
use crate::lexer::SynError;
use crate::parser::{parse, Ast};
use crate::schema::{Schema, Type};
use crate::yaml::{self, Kind, Node};
use crate::{Rule, RuleTest, Settings};
use saphyr_parser::ScalarStyle;
use std::collections::HashMap;

mod rule;

use rule::RawRule;

pub(crate) struct Loaded {
    pub version: String,
    pub rules: Vec<Rule>,
    pub settings: Settings,
    pub tests: Vec<RuleTest>,
}

/// A condition's text and where each of its characters is in the file.
struct CondSrc {
    file: usize,
    text: String,
    /// File character index of each character of `text`.
    positions: Vec<usize>,
    end: usize,
}

impl CondSrc {
    /// File character range of a byte range of the text.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let ci = |b: usize| self.text[..b.min(self.text.len())].chars().count();
        let at = |c: usize| self.positions.get(c).copied().unwrap_or(self.end);
        let (cs, ce) = (ci(start), ci(end).max(ci(start) + 1));
        let fs = at(cs);
        let fe = self.positions.get(ce - 1).map_or(self.end, |p| p + 1);
        (fs, fe.max(fs + 1))
    }
}

struct Loader<'s> {
    ctx: Ctx,
    schema: &'s Schema,
    lists: HashMap<String, ListDef>,
    /// Where each list / macro is defined: (file, start, end).
    defined: HashMap<String, (usize, usize, usize, &'static str)>,
    macro_srcs: Vec<(String, CondSrc)>,
    rules: Vec<RawRule>,
    settings: Option<(Settings, usize, usize)>,
    tests: Vec<RuleTest>,
    /// Rule ids named by tests: (id, file, start, end), checked once all rules are known.
    test_refs: Vec<(String, usize, usize, usize)>,
    /// Every rule id written, including rules that failed to compile.
    all_ids: Vec<String>,
}

/// FNV-1a, 64 bit: stable across platforms and releases, enough to tell rule packs apart.
fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0100_0000_01b3);
    }
}

pub(crate) fn version_of(files: &[(String, String)]) -> String {
    let mut sorted: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.rsplit(['/', '\\']).next().unwrap_or(n), t.as_str()))
        .collect();
    sorted.sort();
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (n, t) in sorted {
        for part in [n.as_bytes(), t.as_bytes()] {
            fnv(&mut h, &(part.len() as u64).to_le_bytes());
            fnv(&mut h, part);
        }
    }
    format!("rs-{:012x}", h >> 16)
}

const TOP: [&str; 5] = ["lists", "macros", "rules", "settings", "tests"];
const RULE_KEYS: [&str; 12] = [
    "id",
    "description",
    "typology",
    "severity",
    "condition",
    "score",
    "actions",
    "enabled",
    "mode",
    "tags",
    "exceptions",
    "notes",
];

fn valid_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn load(files: &[(String, String)], schema: &Schema) -> Result<Loaded, Diagnostics> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|a, b| files[*a].0.cmp(&files[*b].0));
    let mut l = Loader {
        ctx: Ctx {
            files: Vec::new(),
            diags: Vec::new(),
        },
        schema,
        lists: HashMap::new(),
        defined: HashMap::new(),
        macro_srcs: Vec::new(),
        rules: Vec::new(),
        settings: None,
        tests: Vec::new(),
        test_refs: Vec::new(),
        all_ids: Vec::new(),
    };
    let mut roots = Vec::new();
    for (f, &i) in order.iter().enumerate() {
        let (name, text) = &files[i];
        l.ctx.files.push(SourceFile::new(name, text));
        match yaml::parse(text) {
            Ok(root) => roots.push(root),
            Err(e) => {
                l.ctx.err_at(
                    f,
                    e.index,
                    e.index + 1,
                    format!("YAML syntax: {}", e.message),
                    yaml_help(&e.message),
                );
                roots.push(None);
            }
        }
    }
    for (f, root) in roots.iter().enumerate() {
        if let Some(root) = root {
            l.file(f, root);
        }
    }
    let macros = l.macros();
    let rules = l.rules(&macros);
    l.check_tests(&rules);
    let mut diags = l.ctx.diags;
    if !diags.is_empty() {
        diags.sort_by_key(|(f, d)| (*f, d.line, d.column));
        return Err(Diagnostics(diags.into_iter().map(|(_, d)| d).collect()));
    }
    Ok(Loaded {
        version: version_of(files),
        rules,
        settings: l.settings.map(|s| s.0).unwrap_or_default(),
        tests: l.tests,
    })
}

fn yaml_help(msg: &str) -> Option<String> {
    let m = msg.to_lowercase();
    if m.contains("mapping values") || m.contains("simple key") {
        Some("a condition containing `: ` or starting with `!`, `[`, `{`, `&`, `*` or a quote must be quoted, or written after `|` on the next lines".into())
    } else if m.contains("tag") {
        Some("YAML reads a leading `!` as a tag: quote the condition, or write it after `|` on the next line".into())
    } else if m.contains("tab") {
        Some("indent with spaces, not tabs".into())
    } else {
        None
    }
}

impl Loader<'_> {
    fn file(&mut self, f: usize, root: &Node) {
        let Some(top) = self.ctx.entries(f, root, &TOP, "a rule file") else {
            return;
        };
        for (key, k, v) in &top.items {
            match *key {
                "lists" => self.lists(f, v),
                "macros" => self.macro_defs(f, v),
                "rules" => match &v.kind {
                    Kind::Seq(items) => items.iter().for_each(|r| self.rule(f, r)),
                    _ if v.is_null() => {}
                    _ => self.ctx.err(
                        f,
                        v,
                        "`rules` must be a list of rules (each starting with `- id:`)",
                        None,
                    ),
                },
                "settings" => {
                    let s = self.ctx.settings(f, v);
                    if let Some((_, pf, pline)) = &self.settings {
                        let help = format!(
                            "settings are already given in {} line {pline}",
                            self.ctx.files[*pf].name
                        );
                        self.ctx
                            .err(f, k, "only one file may carry `settings`", Some(help));
                    } else {
                        let line = self.ctx.line(f, k);
                        self.settings = Some((s, f, line));
                    }
                }
                _ => match &v.kind {
                    Kind::Seq(items) => {
                        for t in items {
                            let (test, refs) = self.ctx.test(f, t);
                            let refs = refs.into_iter().map(|(s, n)| (s, f, n.start, n.end));
                            self.test_refs.extend(refs);
                            self.tests.extend(test);
                        }
                    }
                    _ if v.is_null() => {}
                    _ => self.ctx.err(
                        f,
                        v,
                        "`tests` must be a list of tests (each starting with `- name:`)",
                        None,
                    ),
                },
            }
        }
    }

    /// Registers a list or macro name; false (with an error) when the name is taken.
    fn define(&mut self, f: usize, k: &Node, name: &str, what: &'static str) -> bool {
        if !valid_name(name) {
            self.ctx.err(
                f,
                k,
                format!("`{name}` is not a valid {what} name"),
                Some("use letters, digits and `_`, like `risky_caller_kinds`".into()),
            );
            return false;
        }
        if self.schema.slot(name).is_some() {
            self.ctx.err(
                f,
                k,
                format!("{what} `{name}` has the same name as a field"),
                None,
            );
            return false;
        }
        if let Some((pf, ps, _, pwhat)) = self.defined.get(name) {
            let (line, _) = self.ctx.files[*pf].line_col(*ps);
            let help = format!(
                "the {pwhat} `{name}` is defined in {} line {line}",
                self.ctx.files[*pf].name
            );
            let msg = if *pwhat == what {
                format!("duplicate {what} `{name}`")
            } else {
                format!("{what} `{name}` has the same name as a {pwhat}")
            };
            self.ctx.err(f, k, msg, Some(help));
            return false;
        }
        self.defined
            .insert(name.to_string(), (f, k.start, k.end, what));
        true
    }

    fn lists(&mut self, f: usize, v: &Node) {
        let Kind::Map(pairs) = &v.kind else {
            self.ctx.err(
                f,
                v,
                "`lists` must be a mapping of list names to lists",
                Some("e.g. `risky_caller_kinds: [virtual, voip]`".into()),
            );
            return;
        };
        for (k, items) in pairs {
            let name = k.as_str().unwrap_or_default();
            if self.define(f, k, name, "list") {
                if let Some(def) = self.ctx.list_def(f, items, name) {
                    self.lists.insert(name.to_string(), def);
                }
            }
        }
    }

    fn macro_defs(&mut self, f: usize, v: &Node) {
        let Kind::Map(pairs) = &v.kind else {
            self.ctx.err(
                f,
                v,
                "`macros` must be a mapping of macro names to conditions",
                None,
            );
            return;
        };
        for (k, body) in pairs {
            let name = k.as_str().unwrap_or_default();
            if self.define(f, k, name, "macro") {
                if let Some(src) = self.cond_src(f, body, name) {
                    self.macro_srcs.push((name.to_string(), src));
                }
            }
        }
    }

    /// The text of a condition scalar, refusing what YAML silently changed.
    fn cond_src(&mut self, f: usize, node: &Node, key: &str) -> Option<CondSrc> {
        match &node.kind {
            Kind::Scalar { tag: Some(tag), .. } => {
                let text: String = self.ctx.files[f].chars[node.start..node.end]
                    .iter()
                    .collect();
                let help = format!(
                    "YAML reads a leading `!` as a tag: quote the condition: '{}'",
                    text.trim().replace('\'', "''")
                );
                self.ctx.err(
                    f,
                    node,
                    format!("`{key}`: YAML took `{tag}` as a tag"),
                    Some(help),
                );
                None
            }
            Kind::Scalar { value, style, .. }
                if !node.is_null() || *style != ScalarStyle::Plain =>
            {
                let positions = yaml::value_positions(&self.ctx.files[f].chars, node);
                Some(CondSrc {
                    file: f,
                    text: value.clone(),
                    positions,
                    end: node.end,
                })
            }
            _ => {
                let help = match &node.kind {
                    Kind::Seq(_) | Kind::Map(_) => {
                        Some("YAML read this as a list or mapping: quote the condition".to_string())
                    }
                    _ => None,
                };
                self.ctx.err(
                    f,
                    node,
                    format!(
                        "`{key}` must be a condition, but this is {}",
                        node.kind_name()
                    ),
                    help,
                );
                None
            }
        }
    }

    fn syn_err(&mut self, src: &CondSrc, e: SynError) {
        let (s, end) = src.span(e.start, e.end);
        self.ctx.err_at(src.file, s, end, e.message, e.help);
    }

    /// Macros in dependency order; a cycle is reported once, where it closes.
    fn macros(&mut self) -> HashMap<String, Option<Compiled>> {
        let srcs = std::mem::take(&mut self.macro_srcs);
        let mut asts: HashMap<&str, (usize, Option<Ast>)> = HashMap::new();
        for (i, (name, src)) in srcs.iter().enumerate() {
            let ast = match parse(&src.text) {
                Ok(a) => Some(a),
                Err(e) => {
                    self.syn_err(src, e);
                    None
                }
            };
            asts.insert(name, (i, ast));
        }
        let mut done: HashMap<String, Option<Compiled>> = HashMap::new();
        let mut stack: Vec<&str> = Vec::new();
        for (name, _) in &srcs {
            self.visit_macro(name, &srcs, &asts, &mut done, &mut stack);
        }
        done
    }

    fn visit_macro<'a>(
        &mut self,
        name: &'a str,
        srcs: &'a [(String, CondSrc)],
        asts: &'a HashMap<&'a str, (usize, Option<Ast>)>,
        done: &mut HashMap<String, Option<Compiled>>,
        stack: &mut Vec<&'a str>,
    ) {
        if done.contains_key(name) || stack.contains(&name) {
            return;
        }
        let (i, ast) = &asts[name];
        let src = &srcs[*i].1;
        let Some(ast) = ast else {
            done.insert(name.to_string(), None);
            return;
        };
        stack.push(name);
        let mut refs = Vec::new();
        macro_refs(ast, &|n| asts.contains_key(n), &mut refs);
        let mut broken = false;
        for (r, s, e) in refs {
            if let Some(pos) = stack.iter().position(|x| *x == r) {
                let cycle: Vec<&str> = stack[pos..].iter().copied().chain([r]).collect();
                let (fs, fe) = src.span(s, e);
                self.ctx.err_at(
                    src.file,
                    fs,
                    fe,
                    format!("macro cycle: {}", cycle.join(" → ")),
                    Some("a macro cannot use itself, directly or through other macros".into()),
                );
                broken = true;
            } else {
                self.visit_macro(r, srcs, asts, done, stack);
            }
        }
        stack.pop();
        let compiled = if broken {
            None
        } else {
            let env = Env {
                schema: self.schema,
                macros: &*done,
                lists: &self.lists,
            };
            let mut ck = Checker::new(&env);
            let r = ck.expr(ast);
            let errs = std::mem::take(&mut ck.errors);
            errs.into_iter().for_each(|e| self.syn_err(src, e));
            r
        };
        done.insert(name.to_string(), compiled);
    }

    fn compile(&mut self, env: &Env, src: &CondSrc) -> Option<Compiled> {
        let ast = match parse(&src.text) {
            Ok(a) => a,
            Err(e) => {
                self.syn_err(src, e);
                return None;
            }
        };
        let mut ck = Checker::new(env);
        let r = ck.condition(&ast);
        let errs = std::mem::take(&mut ck.errors);
        errs.into_iter().for_each(|e| self.syn_err(src, e));
        r
    }

    fn rules(&mut self, macros: &HashMap<String, Option<Compiled>>) -> Vec<Rule> {
        let raws = std::mem::take(&mut self.rules);
        let lists = std::mem::take(&mut self.lists);
        let env = Env {
            schema: self.schema,
            macros,
            lists: &lists,
        };
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        let mut out = Vec::new();
        for r in raws {
            let cond = r.condition.as_ref().and_then(|s| self.compile(&env, s));
            let mut exceptions = Vec::new();
            let mut exc_ok = true;
            for (name, src) in &r.exceptions {
                match src.as_ref().and_then(|s| self.compile(&env, s)) {
                    Some(c) => exceptions.push((name.clone(), c.code)),
                    None => exc_ok = false,
                }
            }
            if let Some((id, s, e)) = &r.id {
                if let Some((pf, pl)) = seen.get(id) {
                    let help = format!(
                        "the first `{id}` is in {} line {pl}",
                        self.ctx.files[*pf].name
                    );
                    self.ctx.err_at(
                        r.file,
                        *s,
                        *e,
                        format!("duplicate rule id `{id}`"),
                        Some(help),
                    );
                } else {
                    seen.insert(id.clone(), (r.file, r.line));
                }
            }
            let (
                Some((id, ..)),
                Some(description),
                Some(typology),
                Some(severity),
                Some(cond),
                Some(score),
                Some(actions),
            ) = (
                r.id,
                r.description,
                r.typology,
                r.severity,
                cond,
                r.score,
                r.actions,
            )
            else {
                continue;
            };
            if !r.complete || !exc_ok {
                continue;
            }
            debug_assert_eq!(cond.ty, Type::Bool);
            let mut condition_slots = Vec::new();
            cond.code.collect_slots(&mut condition_slots);
            let required = cond.code.required_slots(true);
            let mut slots = condition_slots.clone();
            exceptions
                .iter()
                .for_each(|(_, c)| c.collect_slots(&mut slots));
            out.push(Rule {
                id,
                description,
                typology,
                severity,
                score,
                actions,
                enabled: r.enabled,
                mode: r.mode,
                tags: r.tags,
                file: self.ctx.files[r.file].name.clone(),
                line: r.line,
                condition: cond.code,
                exceptions,
                condition_slots,
                slots,
                required,
            });
        }
        out
    }

    fn check_tests(&mut self, rules: &[Rule]) {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let refs = std::mem::take(&mut self.test_refs);
        for (id, f, s, e) in refs {
            if !self.all_ids.contains(&id) {
                let help = did_you_mean(&id, ids.iter().copied());
                self.ctx
                    .err_at(f, s, e, format!("unknown rule `{id}`"), help);
            }
        }
    }
}
