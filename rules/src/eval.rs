//! The compiled form of a condition and its evaluation.
//!
//! Names are already slots, constants are pre-converted (money in fen, durations in ms), lists are
//! sorted slices searched by binary search; evaluating allocates nothing. Missing follows SQL NULL
//! three-valued logic.

use crate::schema::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// How a comparison reads its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpKind {
    /// Both integers (int, money, duration).
    Int,
    /// Numbers compared as f64 (int mixed with float).
    Float,
    Str,
    Bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arith {
    /// i64 + - *, overflow gives Missing.
    AddInt,
    SubInt,
    MulInt,
    /// f64 + - * /, operands may be ints.
    AddFloat,
    SubFloat,
    MulFloat,
    DivFloat,
    /// money/duration * float, rounded to the nearest fen / ms.
    MulRound,
    /// money/duration / number, rounded to the nearest fen / ms.
    DivRound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StrMethod {
    StartsWith,
    EndsWith,
    Contains,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Code {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    Slot(usize),
    Not(Box<Code>),
    And(Box<Code>, Box<Code>),
    Or(Box<Code>, Box<Code>),
    Neg(Box<Code>),
    Cmp(CmpOp, CmpKind, Box<Code>, Box<Code>),
    /// `slot OP constant` for int, money and duration slots: the most common comparison.
    CmpSlotInt(CmpOp, usize, i64),
    /// `slot OP constant` for float slots (ints in the row are read as floats).
    CmpSlotFloat(CmpOp, usize, f64),
    Arith(Arith, Box<Code>, Box<Code>),
    InInt(Box<Code>, Box<[i64]>),
    InFloat(Box<Code>, Box<[f64]>),
    InStr(Box<Code>, Box<[Box<str>]>),
    InBool(Box<Code>, Box<[bool]>),
    Method(StrMethod, Box<Code>, Box<Code>),
}

#[inline]
fn num(v: Value<'_>) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

#[inline]
fn ord<T: PartialOrd>(op: CmpOp, a: T, b: T) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

fn round_to_i64(x: f64) -> Value<'static> {
    let r = x.round();
    if r.is_finite() && r.abs() < 9.2e18 {
        Value::Int(r as i64)
    } else {
        Value::Missing
    }
}

fn float(x: f64) -> Value<'static> {
    if x.is_finite() {
        Value::Float(x)
    } else {
        Value::Missing
    }
}

fn opt_int(x: Option<i64>) -> Value<'static> {
    x.map_or(Value::Missing, Value::Int)
}

impl CmpOp {
    /// The operator with its operands swapped: `k < x` is `x > k`.
    pub(crate) fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            op => op,
        }
    }
}

/// A comparison, specialised when one side is a slot and the other a number constant.
pub(crate) fn compare(op: CmpOp, kind: CmpKind, l: Box<Code>, r: Box<Code>) -> Code {
    match (kind, &*l, &*r) {
        (CmpKind::Int, Code::Slot(s), Code::Int(k)) => Code::CmpSlotInt(op, *s, *k),
        (CmpKind::Int, Code::Int(k), Code::Slot(s)) => Code::CmpSlotInt(op.flip(), *s, *k),
        (CmpKind::Float, Code::Slot(s), Code::Float(k)) => Code::CmpSlotFloat(op, *s, *k),
        (CmpKind::Float, Code::Slot(s), Code::Int(k)) => Code::CmpSlotFloat(op, *s, *k as f64),
        (CmpKind::Float, Code::Float(k), Code::Slot(s)) => Code::CmpSlotFloat(op.flip(), *s, *k),
        (CmpKind::Float, Code::Int(k), Code::Slot(s)) => {
            Code::CmpSlotFloat(op.flip(), *s, *k as f64)
        }
        _ => Code::Cmp(op, kind, l, r),
    }
}

impl Code {
    /// Evaluates against a row of slot values.
    pub(crate) fn eval<'a>(&'a self, row: &[Value<'a>]) -> Value<'a> {
        use Value::{Bool, Float, Int, Missing, Str};
        match self {
            Code::Bool(b) => Bool(*b),
            Code::Int(i) => Int(*i),
            Code::Float(f) => Float(*f),
            Code::Str(s) => Str(s),
            Code::Slot(s) => row.get(*s).copied().unwrap_or(Missing),
            Code::Not(a) => match a.eval(row) {
                Bool(b) => Bool(!b),
                _ => Missing,
            },
            Code::And(a, b) => match a.eval(row) {
                Bool(false) => Bool(false),
                l => match (l, b.eval(row)) {
                    (_, Bool(false)) => Bool(false),
                    (Bool(true), Bool(true)) => Bool(true),
                    _ => Missing,
                },
            },
            Code::Or(a, b) => match a.eval(row) {
                Bool(true) => Bool(true),
                l => match (l, b.eval(row)) {
                    (_, Bool(true)) => Bool(true),
                    (Bool(false), Bool(false)) => Bool(false),
                    _ => Missing,
                },
            },
            Code::Neg(a) => match a.eval(row) {
                Int(i) => opt_int(i.checked_neg()),
                Float(f) => Float(-f),
                _ => Missing,
            },
            Code::Cmp(op, kind, a, b) => {
                let (l, r) = (a.eval(row), b.eval(row));
                let res = match (kind, l, r) {
                    (CmpKind::Int, Int(x), Int(y)) => ord(*op, x, y),
                    (CmpKind::Str, Str(x), Str(y)) => ord(*op, x, y),
                    (CmpKind::Bool, Bool(x), Bool(y)) => ord(*op, x, y),
                    (CmpKind::Float, l, r) => match (num(l), num(r)) {
                        (Some(x), Some(y)) => ord(*op, x, y),
                        _ => return Missing,
                    },
                    _ => return Missing,
                };
                Bool(res)
            }
            Code::CmpSlotInt(op, s, k) => match row.get(*s) {
                Some(Int(x)) => Bool(ord(*op, *x, *k)),
                _ => Missing,
            },
            Code::CmpSlotFloat(op, s, k) => match row.get(*s).copied().and_then(num) {
                Some(x) => Bool(ord(*op, x, *k)),
                None => Missing,
            },
            Code::Arith(op, a, b) => {
                let (l, r) = (a.eval(row), b.eval(row));
                match op {
                    Arith::AddInt | Arith::SubInt | Arith::MulInt => {
                        let (Int(x), Int(y)) = (l, r) else {
                            return Missing;
                        };
                        opt_int(match op {
                            Arith::AddInt => x.checked_add(y),
                            Arith::SubInt => x.checked_sub(y),
                            _ => x.checked_mul(y),
                        })
                    }
                    _ => {
                        let (Some(x), Some(y)) = (num(l), num(r)) else {
                            return Missing;
                        };
                        match op {
                            Arith::AddFloat => float(x + y),
                            Arith::SubFloat => float(x - y),
                            Arith::MulFloat => float(x * y),
                            Arith::DivFloat if y != 0.0 => float(x / y),
                            Arith::MulRound => round_to_i64(x * y),
                            Arith::DivRound if y != 0.0 => match (l, r) {
                                (Int(p), Int(q)) => Int(div_round(p, q)),
                                _ => round_to_i64(x / y),
                            },
                            _ => Missing,
                        }
                    }
                }
            }
            Code::InInt(a, set) => match a.eval(row) {
                Int(x) => Bool(set.binary_search(&x).is_ok()),
                _ => Missing,
            },
            Code::InFloat(a, set) => match num(a.eval(row)) {
                Some(x) => Bool(set.contains(&x)),
                None => Missing,
            },
            Code::InStr(a, set) => match a.eval(row) {
                Str(x) => Bool(set.binary_search_by(|s| (**s).cmp(x)).is_ok()),
                _ => Missing,
            },
            Code::InBool(a, set) => match a.eval(row) {
                Bool(x) => Bool(set.contains(&x)),
                _ => Missing,
            },
            Code::Method(m, a, b) => match (a.eval(row), b.eval(row)) {
                (Str(s), Str(p)) => Bool(match m {
                    StrMethod::StartsWith => s.starts_with(p),
                    StrMethod::EndsWith => s.ends_with(p),
                    StrMethod::Contains => s.contains(p),
                }),
                _ => Missing,
            },
        }
    }

    /// Whether this bool code is definitely `want` (Missing is neither). Same three-valued
    /// semantics as [`Code::eval`], but short-circuits fully and builds no values for `&&`,
    /// `||` and `!`; `evaluate` asks `is(row, true)` of conditions and exceptions.
    pub(crate) fn is(&self, row: &[Value<'_>], want: bool) -> bool {
        match self {
            Code::Bool(b) => *b == want,
            Code::Slot(s) => matches!(row.get(*s), Some(Value::Bool(b)) if *b == want),
            Code::Not(a) => a.is(row, !want),
            Code::And(a, b) => {
                if want {
                    a.is(row, true) && b.is(row, true)
                } else {
                    a.is(row, false) || b.is(row, false)
                }
            }
            Code::Or(a, b) => {
                if want {
                    a.is(row, true) || b.is(row, true)
                } else {
                    a.is(row, false) && b.is(row, false)
                }
            }
            _ => self.eval(row) == Value::Bool(want),
        }
    }

    /// Slots that make `self.is(row, want)` false whenever one of them is Missing, sorted: Missing
    /// propagates through every operator except `&&` and `||`, which need it on both sides to
    /// stay Missing. The evaluator checks these before the condition, so a rule that reads a
    /// field only one event type has costs one load on every other event.
    pub(crate) fn required_slots(&self, want: bool) -> Vec<usize> {
        match self {
            Code::Not(a) => a.required_slots(!want),
            // true && x needs both; false && x needs either (and the mirror image for ||)
            Code::And(a, b) if want => union(a.required_slots(true), b.required_slots(true)),
            Code::Or(a, b) if !want => union(a.required_slots(false), b.required_slots(false)),
            Code::And(a, b) | Code::Or(a, b) => {
                intersect(a.required_slots(want), b.required_slots(want))
            }
            _ => self.value_slots(),
        }
    }

    /// Slots whose Missing makes `self.eval(row)` Missing, sorted.
    fn value_slots(&self) -> Vec<usize> {
        match self {
            Code::Slot(s) | Code::CmpSlotInt(_, s, _) | Code::CmpSlotFloat(_, s, _) => vec![*s],
            Code::Bool(_) | Code::Int(_) | Code::Float(_) | Code::Str(_) => Vec::new(),
            Code::Not(a) | Code::Neg(a) => a.value_slots(),
            Code::InInt(a, _) | Code::InFloat(a, _) | Code::InStr(a, _) | Code::InBool(a, _) => {
                a.value_slots()
            }
            Code::Cmp(_, _, a, b) | Code::Arith(_, a, b) | Code::Method(_, a, b) => {
                union(a.value_slots(), b.value_slots())
            }
            // Missing && false is false, Missing || true is true
            Code::And(a, b) | Code::Or(a, b) => intersect(a.value_slots(), b.value_slots()),
        }
    }

    /// Every slot this code reads, in order of first appearance, appended to `out` (deduplicated).
    pub(crate) fn collect_slots(&self, out: &mut Vec<usize>) {
        match self {
            Code::Slot(s) | Code::CmpSlotInt(_, s, _) | Code::CmpSlotFloat(_, s, _) => {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
            Code::Bool(_) | Code::Int(_) | Code::Float(_) | Code::Str(_) => {}
            Code::Not(a) | Code::Neg(a) => a.collect_slots(out),
            Code::InInt(a, _) | Code::InFloat(a, _) | Code::InStr(a, _) | Code::InBool(a, _) => {
                a.collect_slots(out)
            }
            Code::And(a, b)
            | Code::Or(a, b)
            | Code::Cmp(_, _, a, b)
            | Code::Arith(_, a, b)
            | Code::Method(_, a, b) => {
                a.collect_slots(out);
                b.collect_slots(out);
            }
        }
    }
}

fn union(mut a: Vec<usize>, b: Vec<usize>) -> Vec<usize> {
    a.extend(b);
    a.sort_unstable();
    a.dedup();
    a
}

fn intersect(a: Vec<usize>, b: Vec<usize>) -> Vec<usize> {
    a.into_iter()
        .filter(|s| b.binary_search(s).is_ok())
        .collect()
}

/// Integer division rounded to the nearest, halves away from zero.
fn div_round(p: i64, q: i64) -> i64 {
    let (p, q) = (p as i128, q as i128);
    let twice = 2 * p.abs() + q.abs();
    let mag = twice / (2 * q.abs());
    let signed = if (p < 0) != (q < 0) { -mag } else { mag };
    signed.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}
