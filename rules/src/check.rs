//! Name resolution and type checking: a syntax tree becomes compiled [`Code`] with a [`Type`].
//! Errors are collected (several per condition); a sub-expression that already failed is poison
//! (`None`) and raises no further errors.

use crate::diag::did_you_mean;
use crate::eval::{compare, Arith, CmpKind, CmpOp, Code, StrMethod};
use crate::lexer::SynError;
use crate::parser::{Ast, AstKind, BinOp, ListExpr};
use crate::schema::{Schema, Type};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub code: Code,
    pub ty: Type,
}

/// A named list from `lists:`. Items are always usable as strings; when every item reads as a
/// number, money or duration literal of one type, they are usable as that type too.
#[derive(Clone, Debug, Default)]
pub(crate) struct ListDef {
    pub strs: Vec<String>,
    pub ints: Option<(Type, Vec<i64>)>,
    pub floats: Option<Vec<f64>>,
}

pub(crate) struct Env<'a> {
    pub schema: &'a Schema,
    /// Every macro; `None` when that macro has errors of its own (already reported).
    pub macros: &'a HashMap<String, Option<Compiled>>,
    pub lists: &'a HashMap<String, ListDef>,
}

pub(crate) struct Checker<'a> {
    env: &'a Env<'a>,
    pub errors: Vec<SynError>,
}

type C = Option<Compiled>;

fn c(code: Code, ty: Type) -> C {
    Some(Compiled { code, ty })
}

fn is_num(t: Type) -> bool {
    matches!(t, Type::Int | Type::Float)
}

fn is_quantity(t: Type) -> bool {
    matches!(t, Type::Money | Type::Duration)
}

fn b(code: Code) -> Box<Code> {
    Box::new(code)
}

/// Help for mixing a unit type with a plain number.
fn unit_help(a: Type, b: Type) -> Option<String> {
    let pair = |x: Type| (a == x && is_num(b)) || (b == x && is_num(a));
    if pair(Type::Money) {
        Some("a plain number is not money: write the amount with its unit, like ¥10,000, 10000 yuan or 1万".into())
    } else if pair(Type::Duration) {
        Some(
            "a plain number is not a duration: write it with its unit, like 30s, 10m or 24h".into(),
        )
    } else if (a == Type::Bool && b != Type::Bool) || (b == Type::Bool && a != Type::Bool) {
        Some(
            "a bool is `true` or `false`; a bool field can be used on its own as a condition"
                .into(),
        )
    } else {
        None
    }
}

impl<'a> Checker<'a> {
    pub fn new(env: &'a Env<'a>) -> Self {
        Checker {
            env,
            errors: Vec::new(),
        }
    }

    fn err(&mut self, start: usize, end: usize, msg: impl Into<String>, help: Option<String>) -> C {
        self.errors.push(SynError::new(start, end, msg, help));
        None
    }

    /// Checks a whole condition: it must be a bool.
    pub fn condition(&mut self, ast: &Ast) -> C {
        let r = self.expr(ast)?;
        if r.ty != Type::Bool {
            return self.err(
                ast.start,
                ast.end,
                format!(
                    "a condition must be true or false (bool), but this is {}",
                    r.ty
                ),
                Some("compare it with something, e.g. `txn.amount_fen >= ¥10,000`".into()),
            );
        }
        Some(r)
    }

    fn names(&self) -> impl Iterator<Item = &'a str> {
        let env = self.env;
        env.schema
            .fields()
            .iter()
            .map(|f| f.name)
            .chain(env.macros.keys().map(String::as_str))
            .chain(env.lists.keys().map(String::as_str))
    }

    fn name(&mut self, n: &str, ast: &Ast) -> C {
        if let Some(slot) = self.env.schema.slot(n) {
            return c(Code::Slot(slot), self.env.schema.fields()[slot].ty);
        }
        if let Some(m) = self.env.macros.get(n) {
            return m.clone();
        }
        if self.env.lists.contains_key(n) {
            return self.err(
                ast.start,
                ast.end,
                format!("`{n}` is a list"),
                Some(format!("test membership with `VALUE in {n}`")),
            );
        }
        let mut help = did_you_mean(n, self.names());
        if help.is_none() && !n.contains('.') {
            help = Some(format!("to compare with the text {n}, quote it: \"{n}\""));
        }
        self.err(ast.start, ast.end, format!("unknown field `{n}`"), help)
    }

    pub fn expr(&mut self, ast: &Ast) -> C {
        let (s, e) = (ast.start, ast.end);
        match &ast.kind {
            AstKind::Name(n) => self.name(n, ast),
            AstKind::Bool(v) => c(Code::Bool(*v), Type::Bool),
            AstKind::Int(v) => c(Code::Int(*v), Type::Int),
            AstKind::Float(v) => c(Code::Float(*v), Type::Float),
            AstKind::Str(v) => c(Code::Str(v.as_str().into()), Type::Str),
            AstKind::Money(v) => c(Code::Int(*v), Type::Money),
            AstKind::Duration(v) => c(Code::Int(*v), Type::Duration),
            AstKind::Not(inner) => {
                let r = self.expr(inner)?;
                if r.ty != Type::Bool {
                    return self.err(
                        s,
                        e,
                        format!("`!` needs a bool, but this is {}", r.ty),
                        None,
                    );
                }
                c(Code::Not(b(r.code)), Type::Bool)
            }
            AstKind::Neg(inner) => {
                let r = self.expr(inner)?;
                if !is_num(r.ty) && !is_quantity(r.ty) {
                    return self.err(
                        s,
                        e,
                        format!(
                            "`-` needs a number, money or a duration, but this is {}",
                            r.ty
                        ),
                        None,
                    );
                }
                c(Code::Neg(b(r.code)), r.ty)
            }
            AstKind::Binary(op, l, r) => {
                let (l, r) = (self.expr(l), self.expr(r));
                self.binary(*op, l?, r?, ast)
            }
            AstKind::In {
                value,
                list,
                negated,
            } => {
                let v = self.expr(value);
                if let (None, AstKind::Not(_)) = (&v, &value.kind) {
                    if let Some(last) = self.errors.last_mut() {
                        last.help = Some(
                            "`!` binds tighter than `in`: write `x not in list` or `!(x in list)`"
                                .into(),
                        );
                    }
                }
                let v = v?;
                let code = self.membership(v, list, s, e)?;
                c(if *negated { Code::Not(b(code)) } else { code }, Type::Bool)
            }
            AstKind::Method {
                recv,
                name,
                name_start,
                args,
            } => self.method(recv, name, *name_start, args, ast),
        }
    }

    fn binary(&mut self, op: BinOp, l: Compiled, r: Compiled, ast: &Ast) -> C {
        let (s, e) = (ast.start, ast.end);
        let (lt, rt) = (l.ty, r.ty);
        let (lc, rc) = (b(l.code), b(r.code));
        match op {
            BinOp::And | BinOp::Or => {
                let AstKind::Binary(_, la, ra) = &ast.kind else {
                    unreachable!()
                };
                let mut ok = true;
                for (t, side, a) in [(lt, "left", la), (rt, "right", ra)] {
                    if t != Type::Bool {
                        ok = false;
                        self.err(
                            a.start,
                            a.end,
                            format!(
                                "`{}` needs bool on both sides, but the {side} side is {t}",
                                op.symbol()
                            ),
                            None,
                        );
                    }
                }
                if !ok {
                    return None;
                }
                c(
                    if op == BinOp::And {
                        Code::And(lc, rc)
                    } else {
                        Code::Or(lc, rc)
                    },
                    Type::Bool,
                )
            }
            _ if op.is_comparison() => {
                let cop = match op {
                    BinOp::Eq => CmpOp::Eq,
                    BinOp::Ne => CmpOp::Ne,
                    BinOp::Lt => CmpOp::Lt,
                    BinOp::Le => CmpOp::Le,
                    BinOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let equality = matches!(cop, CmpOp::Eq | CmpOp::Ne);
                let kind = match (lt, rt) {
                    (Type::Int, Type::Int) => CmpKind::Int,
                    _ if is_num(lt) && is_num(rt) => CmpKind::Float,
                    _ if lt == rt && is_quantity(lt) => CmpKind::Int,
                    (Type::Str, Type::Str) if equality => {
                        let AstKind::Binary(_, la, ra) = &ast.kind else {
                            unreachable!()
                        };
                        // both sides, so that a literal on either side is checked
                        let ok = self.closed_value(&lc, &rc, ra) & self.closed_value(&rc, &lc, la);
                        if !ok {
                            return None;
                        }
                        CmpKind::Str
                    }
                    (Type::Bool, Type::Bool) if equality => CmpKind::Bool,
                    _ if lt == rt => {
                        return self.err(
                            s,
                            e,
                            format!("{lt} values can only be compared with `==` and `!=`"),
                            None,
                        );
                    }
                    _ => {
                        return self.err(
                            s,
                            e,
                            format!("cannot compare {lt} with {rt}"),
                            unit_help(lt, rt),
                        );
                    }
                };
                c(compare(cop, kind, lc, rc), Type::Bool)
            }
            _ => {
                let verb = match op {
                    BinOp::Add => "add",
                    BinOp::Sub => "subtract",
                    BinOp::Mul => "multiply",
                    _ => "divide",
                };
                if let (BinOp::Div, Code::Int(0)) = (op, &*rc) {
                    return self.err(s, e, "division by zero", None);
                }
                let (arith, ty, swap) = match (op, lt, rt) {
                    (BinOp::Add | BinOp::Sub, _, _)
                        if lt == rt && (lt == Type::Int || is_quantity(lt)) =>
                    {
                        (
                            if op == BinOp::Add {
                                Arith::AddInt
                            } else {
                                Arith::SubInt
                            },
                            lt,
                            false,
                        )
                    }
                    (BinOp::Add, _, _) if is_num(lt) && is_num(rt) => {
                        (Arith::AddFloat, Type::Float, false)
                    }
                    (BinOp::Sub, _, _) if is_num(lt) && is_num(rt) => {
                        (Arith::SubFloat, Type::Float, false)
                    }
                    (BinOp::Mul, Type::Int, Type::Int) => (Arith::MulInt, Type::Int, false),
                    (BinOp::Mul, _, _) if is_num(lt) && is_num(rt) => {
                        (Arith::MulFloat, Type::Float, false)
                    }
                    (BinOp::Mul, q, Type::Int) if is_quantity(q) => (Arith::MulInt, q, false),
                    (BinOp::Mul, Type::Int, q) if is_quantity(q) => (Arith::MulInt, q, true),
                    (BinOp::Mul, q, Type::Float) if is_quantity(q) => (Arith::MulRound, q, false),
                    (BinOp::Mul, Type::Float, q) if is_quantity(q) => (Arith::MulRound, q, true),
                    (BinOp::Div, _, _) if is_num(lt) && is_num(rt) => {
                        (Arith::DivFloat, Type::Float, false)
                    }
                    (BinOp::Div, _, _) if lt == rt && is_quantity(lt) => {
                        (Arith::DivFloat, Type::Float, false)
                    }
                    (BinOp::Div, q, n) if is_quantity(q) && is_num(n) => {
                        (Arith::DivRound, q, false)
                    }
                    _ => {
                        let help =
                            unit_help(lt, rt).filter(|_| matches!(op, BinOp::Add | BinOp::Sub));
                        let prep = if matches!(op, BinOp::Mul | BinOp::Div) {
                            "by"
                        } else {
                            "and"
                        };
                        return self.err(s, e, format!("cannot {verb} {lt} {prep} {rt}"), help);
                    }
                };
                let (lc, rc) = if swap { (rc, lc) } else { (lc, rc) };
                c(Code::Arith(arith, lc, rc), ty)
            }
        }
    }

    fn membership(&mut self, v: Compiled, list: &ListExpr, s: usize, e: usize) -> Option<Code> {
        let t = v.ty;
        let value = b(v.code);
        match list {
            ListExpr::Inline(items) => {
                let mut ok = true;
                let mut consts = Vec::with_capacity(items.len());
                for it in items {
                    if let AstKind::Name(n) = &it.kind {
                        if self.env.schema.slot(n).is_none() && !self.env.macros.contains_key(n) {
                            let help = did_you_mean(n, self.names()).unwrap_or_else(|| {
                                format!("list items that are text are quoted: \"{n}\"")
                            });
                            self.err(it.start, it.end, format!("unknown field `{n}`"), Some(help));
                            ok = false;
                            continue;
                        }
                    }
                    match self.expr(it) {
                        Some(Compiled {
                            code:
                                code @ (Code::Bool(_) | Code::Int(_) | Code::Float(_) | Code::Str(_)),
                            ty,
                        }) => {
                            let fits = ty == t || (is_num(ty) && is_num(t));
                            if fits && !self.closed_value(&value, &code, it) {
                                ok = false;
                            } else if !fits {
                                ok = false;
                                self.err(
                                    it.start,
                                    it.end,
                                    format!("this list item is {ty}, but the value tested is {t}"),
                                    unit_help(t, ty),
                                );
                            }
                            consts.push(code);
                        }
                        Some(_) => {
                            ok = false;
                            self.err(
                                it.start,
                                it.end,
                                "list items must be fixed values, not fields or expressions",
                                None,
                            );
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Some(match t {
                    Type::Str => {
                        let mut v: Vec<Box<str>> = consts
                            .into_iter()
                            .filter_map(|c| match c {
                                Code::Str(s) => Some(s),
                                _ => None,
                            })
                            .collect();
                        v.sort();
                        v.dedup();
                        Code::InStr(value, v.into())
                    }
                    Type::Bool => Code::InBool(
                        value,
                        consts
                            .into_iter()
                            .filter_map(|c| match c {
                                Code::Bool(x) => Some(x),
                                _ => None,
                            })
                            .collect(),
                    ),
                    _ if consts.iter().all(|c| matches!(c, Code::Int(_))) && t != Type::Float => {
                        let mut v: Vec<i64> = consts
                            .into_iter()
                            .filter_map(|c| match c {
                                Code::Int(x) => Some(x),
                                _ => None,
                            })
                            .collect();
                        v.sort_unstable();
                        v.dedup();
                        Code::InInt(value, v.into())
                    }
                    _ => Code::InFloat(
                        value,
                        consts
                            .into_iter()
                            .filter_map(|c| match c {
                                Code::Int(x) => Some(x as f64),
                                Code::Float(x) => Some(x),
                                _ => None,
                            })
                            .collect(),
                    ),
                })
            }
            ListExpr::Named { name, start, end } => {
                let Some(def) = self.env.lists.get(name) else {
                    let (msg, help) = if self.env.schema.slot(name).is_some()
                        || self.env.macros.contains_key(name)
                    {
                        (
                            format!("`{name}` is not a list"),
                            Some(
                                "after `in` write a list name from `lists:` or `[a, b, c]`"
                                    .to_string(),
                            ),
                        )
                    } else {
                        (
                            format!("unknown list `{name}`"),
                            did_you_mean(name, self.env.lists.keys().map(String::as_str)),
                        )
                    };
                    self.err(*start, *end, msg, help);
                    return None;
                };
                match (t, &def.ints, &def.floats) {
                    (Type::Str, _, _) => {
                        if !self.closed_list(&value, name, &def.strs, *start, *end) {
                            return None;
                        }
                        let mut v: Vec<Box<str>> =
                            def.strs.iter().map(|s| s.as_str().into()).collect();
                        v.sort();
                        v.dedup();
                        Some(Code::InStr(value, v.into()))
                    }
                    (_, Some((lt, ints)), _) if *lt == t => {
                        let mut v = ints.clone();
                        v.sort_unstable();
                        v.dedup();
                        Some(Code::InInt(value, v.into()))
                    }
                    (Type::Float, _, Some(fl)) => Some(Code::InFloat(value, fl.clone().into())),
                    _ => {
                        let has = match &def.ints {
                            Some((lt, _)) => lt.as_str(),
                            None if def.floats.is_some() => "float",
                            None => "string",
                        };
                        self.err(
                            s,
                            e,
                            format!("list `{name}` holds {has} items, but the value tested is {t}"),
                            None,
                        );
                        None
                    }
                }
            }
        }
    }

    /// The values `code` can hold, when it reads a text field whose values are a closed set of
    /// the contract (`txn.channel`), with the field's name.
    fn closed_values(&self, code: &Code) -> Option<(&'static str, &'a [String])> {
        let Code::Slot(slot) = code else {
            return None;
        };
        let schema = self.env.schema;
        Some((schema.fields()[*slot].name, schema.values(*slot)?))
    }

    /// A text literal compared with (or listed for) a field with a closed set of values must be
    /// one of them: `txn.channel == "fax"` would never be true, `!= "fax"` always.
    fn closed_value(&mut self, field: &Code, lit: &Code, lit_ast: &Ast) -> bool {
        let (Some((name, values)), Code::Str(text)) = (self.closed_values(field), lit) else {
            return true;
        };
        if values.iter().any(|v| **v == **text) {
            return true;
        }
        let help = value_help(name, values, text);
        self.err(
            lit_ast.start,
            lit_ast.end,
            format!("`{name}` is never \"{text}\""),
            Some(help),
        );
        false
    }

    /// `field in list_name`: every item of the list must be a value the field can hold.
    fn closed_list(
        &mut self,
        field: &Code,
        list: &str,
        items: &[String],
        s: usize,
        e: usize,
    ) -> bool {
        let Some((name, values)) = self.closed_values(field) else {
            return true;
        };
        let Some(bad) = items.iter().find(|i| !values.contains(i)) else {
            return true;
        };
        let help = value_help(name, values, bad);
        self.err(
            s,
            e,
            format!("list `{list}` has \"{bad}\", but `{name}` is never \"{bad}\""),
            Some(help),
        );
        false
    }

    fn method(&mut self, recv: &Ast, name: &str, name_start: usize, args: &[Ast], ast: &Ast) -> C {
        let m = match name {
            "startsWith" => StrMethod::StartsWith,
            "endsWith" => StrMethod::EndsWith,
            "contains" => StrMethod::Contains,
            _ => {
                let help = did_you_mean(name, ["startsWith", "endsWith", "contains"]);
                return self.err(
                    name_start,
                    name_start + name.len(),
                    format!("unknown method `{name}`"),
                    help.or(Some("methods: startsWith, endsWith, contains".into())),
                );
            }
        };
        let r = self.expr(recv);
        let a: Vec<C> = args.iter().map(|a| self.expr(a)).collect();
        let r = r?;
        if r.ty != Type::Str {
            return self.err(
                recv.start,
                recv.end,
                format!("`{name}` works on strings, but this is {}", r.ty),
                None,
            );
        }
        if args.len() != 1 {
            return self.err(
                ast.start,
                ast.end,
                format!("`{name}` takes one argument, got {}", args.len()),
                None,
            );
        }
        let arg = a.into_iter().next().flatten()?;
        if arg.ty != Type::Str {
            return self.err(
                args[0].start,
                args[0].end,
                format!("`{name}` needs a string argument, but this is {}", arg.ty),
                Some("quote it: \"170\"".into()),
            );
        }
        c(Code::Method(m, b(r.code), b(arg.code)), Type::Bool)
    }
}

/// "did you mean" for a value a field never holds, else the values it holds.
fn value_help(field: &str, values: &[String], text: &str) -> String {
    did_you_mean(text, values.iter().map(String::as_str)).unwrap_or_else(|| {
        let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        format!("`{field}` is one of {}", quoted.join(", "))
    })
}

/// Every name an expression mentions that is a macro (for the macro dependency order).
pub(crate) fn macro_refs<'x>(
    ast: &'x Ast,
    is_macro: &dyn Fn(&str) -> bool,
    out: &mut Vec<(&'x str, usize, usize)>,
) {
    match &ast.kind {
        AstKind::Name(n) if is_macro(n) => out.push((n, ast.start, ast.end)),
        AstKind::Not(a) | AstKind::Neg(a) => macro_refs(a, is_macro, out),
        AstKind::Binary(_, l, r) => {
            macro_refs(l, is_macro, out);
            macro_refs(r, is_macro, out);
        }
        AstKind::In { value, list, .. } => {
            macro_refs(value, is_macro, out);
            if let ListExpr::Inline(items) = list {
                items.iter().for_each(|i| macro_refs(i, is_macro, out));
            }
        }
        AstKind::Method { recv, args, .. } => {
            macro_refs(recv, is_macro, out);
            args.iter().for_each(|a| macro_refs(a, is_macro, out));
        }
        _ => {}
    }
}
