//! Condition parser: tokens from the winnow lexer to a syntax tree, by precedence climbing.
//!
//! Precedence, loosest first: `||`, `&&`, comparisons and `in` / `not in` (not chainable),
//! `+ -`, `* /`, unary `! -`, method calls `.startsWith(..)`.

use crate::lexer::{lex, SynError, Tok, Token};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ListExpr {
    Inline(Vec<Ast>),
    Named {
        name: String,
        start: usize,
        end: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AstKind {
    Name(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Money(i64),
    Duration(i64),
    Not(Box<Ast>),
    Neg(Box<Ast>),
    Binary(BinOp, Box<Ast>, Box<Ast>),
    In {
        value: Box<Ast>,
        list: ListExpr,
        negated: bool,
    },
    Method {
        recv: Box<Ast>,
        name: String,
        name_start: usize,
        args: Vec<Ast>,
    },
}

/// A syntax-tree node with its byte range in the condition text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ast {
    pub kind: AstKind,
    pub start: usize,
    pub end: usize,
}

struct P {
    toks: Vec<Token>,
    pos: usize,
}

fn bx(a: Ast) -> Box<Ast> {
    Box::new(a)
}

impl P {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }
    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if &self.peek().tok == t {
            self.next();
            true
        } else {
            false
        }
    }

    fn unexpected(&self, expected: &str) -> SynError {
        let t = self.peek();
        let mut help = None;
        if let Tok::Ident(w) = &t.tok {
            help = match w.to_ascii_lowercase().as_str() {
                "and" => Some("write `&&` for \"and\"".to_string()),
                "or" => Some("write `||` for \"or\"".to_string()),
                _ => None,
            };
        }
        if matches!(t.tok, Tok::Ident(_) | Tok::Str(_))
            && expected.contains("operator")
            && help.is_none()
        {
            help = Some("two values in a row: is an operator such as `&&` missing?".to_string());
        }
        let end = if t.end > t.start { t.end } else { t.start + 1 };
        SynError::new(
            t.start,
            end,
            format!("expected {expected}, found {}", t.tok.describe()),
            help,
        )
    }

    fn or(&mut self) -> Result<Ast, SynError> {
        let mut l = self.and()?;
        while self.eat(&Tok::OrOr) {
            let r = self.and()?;
            l = Ast {
                start: l.start,
                end: r.end,
                kind: AstKind::Binary(BinOp::Or, bx(l), bx(r)),
            };
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Ast, SynError> {
        let mut l = self.cmp()?;
        while self.eat(&Tok::AndAnd) {
            let r = self.cmp()?;
            l = Ast {
                start: l.start,
                end: r.end,
                kind: AstKind::Binary(BinOp::And, bx(l), bx(r)),
            };
        }
        Ok(l)
    }

    fn cmp_op(t: &Tok) -> Option<BinOp> {
        Some(match t {
            Tok::EqEq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            _ => return None,
        })
    }

    fn cmp(&mut self) -> Result<Ast, SynError> {
        let l = self.add()?;
        let ast = if let Some(op) = Self::cmp_op(&self.peek().tok) {
            self.next();
            let r = self.add()?;
            Ast {
                start: l.start,
                end: r.end,
                kind: AstKind::Binary(op, bx(l), bx(r)),
            }
        } else if self.peek().tok == Tok::In || self.peek().tok == Tok::Not {
            let negated = self.next().tok == Tok::Not;
            if negated && !self.eat(&Tok::In) {
                return Err(self.unexpected("`in` after `not`"));
            }
            let (list, end) = self.list()?;
            Ast {
                start: l.start,
                end,
                kind: AstKind::In {
                    value: bx(l),
                    list,
                    negated,
                },
            }
        } else {
            return Ok(l);
        };
        let t = self.peek();
        if Self::cmp_op(&t.tok).is_some() || t.tok == Tok::In {
            return Err(SynError::new(
                t.start,
                t.end,
                "comparisons cannot be chained",
                Some("join them with `&&`: `a < b && b < c`".to_string()),
            ));
        }
        Ok(ast)
    }

    fn list(&mut self) -> Result<(ListExpr, usize), SynError> {
        let t = self.next();
        match t.tok {
            Tok::Ident(name) => Ok((
                ListExpr::Named {
                    name,
                    start: t.start,
                    end: t.end,
                },
                t.end,
            )),
            Tok::LBracket => {
                let mut items = Vec::new();
                loop {
                    if self.peek().tok == Tok::RBracket {
                        break;
                    }
                    items.push(self.or()?);
                    if !self.eat(&Tok::Comma) {
                        break;
                    }
                }
                let close = self.peek().clone();
                if !self.eat(&Tok::RBracket) {
                    return Err(self.unexpected("`,` or `]`"));
                }
                Ok((ListExpr::Inline(items), close.end))
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected("a list after `in`: `[a, b, c]` or a list name"))
            }
        }
    }

    fn add(&mut self) -> Result<Ast, SynError> {
        let mut l = self.mul()?;
        loop {
            let op = match self.peek().tok {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(l),
            };
            self.next();
            let r = self.mul()?;
            l = Ast {
                start: l.start,
                end: r.end,
                kind: AstKind::Binary(op, bx(l), bx(r)),
            };
        }
    }

    fn mul(&mut self) -> Result<Ast, SynError> {
        let mut l = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                _ => return Ok(l),
            };
            self.next();
            let r = self.unary()?;
            l = Ast {
                start: l.start,
                end: r.end,
                kind: AstKind::Binary(op, bx(l), bx(r)),
            };
        }
    }

    fn unary(&mut self) -> Result<Ast, SynError> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Bang => {
                self.next();
                let e = self.unary()?;
                Ok(Ast {
                    start: t.start,
                    end: e.end,
                    kind: AstKind::Not(bx(e)),
                })
            }
            Tok::Minus => {
                self.next();
                let e = self.unary()?;
                let kind = match e.kind {
                    AstKind::Int(v) => AstKind::Int(-v),
                    AstKind::Float(v) => AstKind::Float(-v),
                    AstKind::Money(v) => AstKind::Money(-v),
                    AstKind::Duration(v) => AstKind::Duration(-v),
                    k => AstKind::Neg(bx(Ast {
                        kind: k,
                        start: e.start,
                        end: e.end,
                    })),
                };
                Ok(Ast {
                    start: t.start,
                    end: e.end,
                    kind,
                })
            }
            _ => self.postfix(),
        }
    }

    fn args(&mut self) -> Result<(Vec<Ast>, usize), SynError> {
        // `(` already consumed.
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.or()?);
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let close = self.peek().clone();
        if !self.eat(&Tok::RParen) {
            return Err(self.unexpected("`,` or `)`"));
        }
        Ok((args, close.end))
    }

    fn postfix(&mut self) -> Result<Ast, SynError> {
        let mut e = self.primary()?;
        while self.peek().tok == Tok::Dot {
            self.next();
            let t = self.next();
            let Tok::Ident(name) = t.tok else {
                self.pos -= 1;
                return Err(self.unexpected("a method name after `.`"));
            };
            if !self.eat(&Tok::LParen) {
                return Err(self.unexpected("`(` after a method name"));
            }
            let (args, end) = self.args()?;
            e = Ast {
                start: e.start,
                end,
                kind: AstKind::Method {
                    recv: bx(e),
                    name,
                    name_start: t.start,
                    args,
                },
            };
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Ast, SynError> {
        let t = self.next();
        let kind = match t.tok {
            Tok::True => AstKind::Bool(true),
            Tok::False => AstKind::Bool(false),
            Tok::Int(v) => AstKind::Int(v),
            Tok::Float(v) => AstKind::Float(v),
            Tok::Str(s) => AstKind::Str(s),
            Tok::Money(v) => AstKind::Money(v),
            Tok::Duration(v) => AstKind::Duration(v),
            Tok::LParen => {
                let e = self.or()?;
                if !self.eat(&Tok::RParen) {
                    return Err(self.unexpected("`)`"));
                }
                let end = self.toks[self.pos - 1].end;
                return Ok(Ast {
                    start: t.start,
                    end,
                    kind: e.kind,
                });
            }
            Tok::Ident(name) => {
                if self.peek().tok != Tok::LParen {
                    AstKind::Name(name)
                } else if let Some(dot) = name.rfind('.') {
                    // `caller.number.startsWith(` lexes as one name: split off the method.
                    self.next();
                    let (args, end) = self.args()?;
                    let recv = Ast {
                        kind: AstKind::Name(name[..dot].to_string()),
                        start: t.start,
                        end: t.start + dot,
                    };
                    let kind = AstKind::Method {
                        recv: bx(recv),
                        name: name[dot + 1..].to_string(),
                        name_start: t.start + dot + 1,
                        args,
                    };
                    return Ok(Ast {
                        start: t.start,
                        end,
                        kind,
                    });
                } else {
                    return Err(SynError::new(
                        t.start,
                        t.end,
                        format!("`{name}(...)` is not a function"),
                        Some(
                            "methods follow the value: `caller.number.startsWith(\"170\")`"
                                .to_string(),
                        ),
                    ));
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.unexpected("a value (a field, a number, a string, ...)"));
            }
        };
        Ok(Ast {
            kind,
            start: t.start,
            end: t.end,
        })
    }
}

/// Parses a whole condition.
pub(crate) fn parse(src: &str) -> Result<Ast, SynError> {
    let toks = lex(src)?;
    if toks.len() == 1 {
        return Err(SynError::new(0, 1, "the condition is empty", None));
    }
    let mut p = P { toks, pos: 0 };
    let e = p.or()?;
    if p.peek().tok != Tok::Eof {
        return Err(p.unexpected("an operator or the end of the condition"));
    }
    Ok(e)
}
