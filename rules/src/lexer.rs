//! The condition lexer, built with winnow: names, operators, strings, numbers, money and durations.
//! Money and duration literals are converted here to integer fen and milliseconds, exactly
//! (decimal arithmetic, no floating point).

use winnow::ascii::space0;
use winnow::combinator::{alt, not, opt, preceded, repeat};
use winnow::prelude::*;
use winnow::token::{one_of, take_while};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    /// Integer fen.
    Money(i64),
    /// Integer milliseconds.
    Duration(i64),
    True,
    False,
    In,
    Not,
    AndAnd,
    OrOr,
    Bang,
    EqEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eof,
}

impl Tok {
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Int(_) | Tok::Float(_) => "a number".into(),
            Tok::Str(_) => "a string".into(),
            Tok::Money(_) => "an amount of money".into(),
            Tok::Duration(_) => "a duration".into(),
            Tok::Eof => "the end of the condition".into(),
            t => format!("`{}`", t.symbol()),
        }
    }

    pub fn symbol(&self) -> &'static str {
        match self {
            Tok::True => "true",
            Tok::False => "false",
            Tok::In => "in",
            Tok::Not => "not",
            Tok::AndAnd => "&&",
            Tok::OrOr => "||",
            Tok::Bang => "!",
            Tok::EqEq => "==",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::Comma => ",",
            Tok::Dot => ".",
            _ => "",
        }
    }
}

/// A token and its byte range in the condition text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// An error in the condition text, with a byte range.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SynError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: Option<String>,
}

impl SynError {
    pub fn new(start: usize, end: usize, message: impl Into<String>, help: Option<String>) -> Self {
        SynError {
            start,
            end,
            message: message.into(),
            help,
        }
    }
}

type PResult<O> = winnow::Result<O>;

fn segment<'s>(i: &mut &'s str) -> PResult<&'s str> {
    (
        one_of(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(0.., |c: char| c.is_ascii_alphanumeric() || c == '_'),
    )
        .take()
        .parse_next(i)
}

/// A dotted name: `txn.amount_fen`, `caller.number.startsWith`.
fn ident<'s>(i: &mut &'s str) -> PResult<&'s str> {
    (segment, repeat::<_, _, (), _, _>(0.., ('.', segment)))
        .take()
        .parse_next(i)
}

fn digits<'s>(i: &mut &'s str) -> PResult<&'s str> {
    (
        one_of(|c: char| c.is_ascii_digit()),
        take_while(0.., |c: char| c.is_ascii_digit() || c == '_'),
    )
        .take()
        .parse_next(i)
}

/// Digits with optional thousands groups, `49,999` (only after `¥`).
fn grouped_digits<'s>(i: &mut &'s str) -> PResult<&'s str> {
    (
        digits,
        repeat::<_, _, (), _, _>(
            0..,
            (
                ',',
                take_while(3, |c: char| c.is_ascii_digit()),
                not(one_of(|c: char| c.is_ascii_digit())),
            ),
        ),
    )
        .take()
        .parse_next(i)
}

/// `123` or `123.45`: (integer part, fraction part).
fn decimal<'s>(
    i: &mut &'s str,
    int: fn(&mut &'s str) -> PResult<&'s str>,
) -> PResult<(&'s str, Option<&'s str>)> {
    (
        int,
        opt(preceded('.', take_while(1.., |c: char| c.is_ascii_digit()))),
    )
        .parse_next(i)
}

fn money_suffix<'s>(i: &mut &'s str) -> PResult<&'s str> {
    preceded(
        space0,
        alt((
            "万元",
            "万",
            "元",
            (
                "yuan",
                not(one_of(|c: char| c.is_alphanumeric() || c == '_')),
            )
                .take(),
        )),
    )
    .parse_next(i)
}

fn string_body(i: &mut &str, quote: char) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = i.char_indices();
    while let Some((pos, c)) = chars.next() {
        if c == quote {
            *i = &i[pos + c.len_utf8()..];
            return Ok(out);
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, e @ ('\\' | '"' | '\''))) => out.push(e),
                Some((_, e)) => return Err(format!("unknown escape `\\{e}` in a string")),
                None => break,
            }
        } else {
            out.push(c);
        }
    }
    Err("this string is never closed".to_string())
}

/// Exact decimal scaling: `int.frac * factor` must be a whole number.
fn scale(int: &str, frac: Option<&str>, factor: i128) -> Option<i64> {
    let int: String = int.chars().filter(|c| c.is_ascii_digit()).collect();
    let frac = frac.unwrap_or("");
    let mantissa: i128 = format!("{int}{frac}").parse().ok()?;
    let div = 10i128.checked_pow(frac.len() as u32)?;
    let v = mantissa.checked_mul(factor)?;
    if v % div != 0 {
        return None;
    }
    i64::try_from(v / div).ok()
}

fn duration_unit(u: &str) -> Option<i128> {
    Some(match u {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    })
}

fn money_factor(suffix: &str) -> i128 {
    if suffix.starts_with('万') {
        1_000_000
    } else {
        100
    }
}

const UNITS_HELP: &str =
    "durations are written 500ms, 30s, 10m, 24h, 7d (or 1h30m); money is written ¥10,000, 10000 yuan or 1.5万";

/// Lexes a number, money or duration starting at a digit or `¥`.
fn number(i: &mut &str, start: usize) -> Result<Tok, SynError> {
    let orig = *i;
    let at = |rest: &str| start + (orig.len() - rest.len());
    let err = |end: usize, m: String, h: Option<String>| SynError::new(start, end, m, h);
    if let Some(rest) = i.strip_prefix('¥').or_else(|| i.strip_prefix('￥')) {
        *i = rest;
        let _ = space0::<_, winnow::error::ContextError>.parse_next(i);
        let Ok((int, frac)) = decimal(i, grouped_digits) else {
            return Err(err(
                at(i),
                "`¥` must be followed by an amount, like ¥10,000".into(),
                None,
            ));
        };
        let suffix = opt(money_suffix).parse_next(i).ok().flatten().unwrap_or("");
        let text = &orig[..orig.len() - i.len()];
        return scale(int, frac, money_factor(suffix))
            .map(Tok::Money)
            .ok_or_else(|| {
                err(
                    at(i),
                    format!("`{text}` is not a whole number of fen (¥0.01)"),
                    None,
                )
            });
    }
    let (int, frac) =
        decimal(i, digits).map_err(|_| err(start + 1, "expected a number".into(), None))?;
    if let Ok(Some(suffix)) = opt(money_suffix).parse_next(i) {
        let text = &orig[..orig.len() - i.len()];
        return scale(int, frac, money_factor(suffix))
            .map(Tok::Money)
            .ok_or_else(|| {
                err(
                    at(i),
                    format!("`{text}` is not a whole number of fen (¥0.01)"),
                    None,
                )
            });
    }
    let unit_of = |i: &mut &str| -> Option<String> {
        take_while::<_, _, winnow::error::ContextError>(1.., |c: char| {
            c.is_alphabetic() || c == '_'
        })
        .parse_next(i)
        .ok()
        .map(str::to_string)
    };
    let Some(unit) = unit_of(i) else {
        let text = &orig[..orig.len() - i.len()];
        return match frac {
            None => text
                .replace('_', "")
                .parse::<i64>()
                .map(Tok::Int)
                .map_err(|_| err(at(i), format!("`{text}` is too large for a number"), None)),
            Some(_) => Ok(Tok::Float(
                text.replace('_', "").parse().unwrap_or(f64::NAN),
            )),
        };
    };
    // A duration, possibly compound: 1h30m.
    let mut total: i64 = 0;
    let (mut int, mut frac, mut unit) = (int, frac, unit);
    loop {
        let Some(factor) = duration_unit(&unit) else {
            let help = match unit.as_str() {
                "min" | "mins" | "minute" | "minutes" => {
                    "write minutes as `m`, e.g. 10m".to_string()
                }
                "sec" | "secs" | "second" | "seconds" => {
                    "write seconds as `s`, e.g. 30s".to_string()
                }
                "hour" | "hours" | "hr" => "write hours as `h`, e.g. 24h".to_string(),
                "day" | "days" => "write days as `d`, e.g. 7d".to_string(),
                "k" | "K" | "w" | "W" => "write ten thousand yuan as 1万 or ¥10,000".to_string(),
                _ => UNITS_HELP.to_string(),
            };
            return Err(err(at(i), format!("unknown unit `{unit}`"), Some(help)));
        };
        let part = scale(int, frac, factor).ok_or_else(|| {
            err(
                at(i),
                "this duration is not a whole number of milliseconds".into(),
                None,
            )
        })?;
        total = total
            .checked_add(part)
            .ok_or_else(|| err(at(i), "duration too large".into(), None))?;
        match decimal(i, digits) {
            Ok((ni, nf)) => match unit_of(i) {
                Some(u) => (int, frac, unit) = (ni, nf, u),
                None => {
                    return Err(err(
                        at(i),
                        "a number inside a duration needs a unit".into(),
                        Some(UNITS_HELP.into()),
                    ))
                }
            },
            Err(_) => return Ok(Tok::Duration(total)),
        }
    }
}

fn punct(i: &mut &str) -> Option<Tok> {
    const TABLE: &[(&str, Tok)] = &[
        ("&&", Tok::AndAnd),
        ("||", Tok::OrOr),
        ("==", Tok::EqEq),
        ("!=", Tok::Ne),
        ("<=", Tok::Le),
        (">=", Tok::Ge),
        ("<", Tok::Lt),
        (">", Tok::Gt),
        ("!", Tok::Bang),
        ("+", Tok::Plus),
        ("-", Tok::Minus),
        ("*", Tok::Star),
        ("/", Tok::Slash),
        ("(", Tok::LParen),
        (")", Tok::RParen),
        ("[", Tok::LBracket),
        ("]", Tok::RBracket),
        (",", Tok::Comma),
        (".", Tok::Dot),
    ];
    for (s, t) in TABLE {
        if let Some(rest) = i.strip_prefix(s) {
            *i = rest;
            return Some(t.clone());
        }
    }
    None
}

/// Help for characters that look like operators but are not.
fn stray_help(c: char, next: Option<char>) -> (String, Option<String>) {
    let wide = c as u32;
    match c {
        '=' => (
            "`=` is not a comparison".into(),
            Some("use `==` to compare".into()),
        ),
        '&' => ("a single `&`".into(), Some("use `&&` for \"and\"".into())),
        '|' => ("a single `|`".into(), Some("use `||` for \"or\"".into())),
        '“' | '”' | '‘' | '’' => (
            format!("curly quote `{c}`"),
            Some("use straight quotes: \"text\" or 'text'".into()),
        ),
        _ if (0xFF01..=0xFF5E).contains(&wide) => {
            let ascii = char::from_u32(wide - 0xFEE0).unwrap_or('?');
            (
                format!("full-width character `{c}`"),
                Some(format!(
                    "use the ASCII `{ascii}` (switch the input method to English)"
                )),
            )
        }
        '<' if next == Some('>') => ("`<>`".into(), Some("use `!=`".into())),
        _ => (format!("unexpected character `{c}`"), None),
    }
}

/// Splits a condition into tokens; the last token is always `Eof`.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, SynError> {
    let mut i: &str = src;
    let mut out = Vec::new();
    loop {
        i = i.trim_start();
        let start = src.len() - i.len();
        let Some(c) = i.chars().next() else {
            out.push(Token {
                tok: Tok::Eof,
                start,
                end: start,
            });
            return Ok(out);
        };
        let tok = if c.is_ascii_digit() || c == '¥' || c == '￥' {
            number(&mut i, start)?
        } else if c == '"' || c == '\'' {
            i = &i[1..];
            string_body(&mut i, c)
                .map(Tok::Str)
                .map_err(|m| SynError::new(start, src.len() - i.len(), m, None))?
        } else if c.is_ascii_alphabetic() || c == '_' {
            let name = ident(&mut i)
                .map_err(|_| SynError::new(start, start + 1, "expected a name", None))?;
            match name {
                "true" => Tok::True,
                "false" => Tok::False,
                "in" => Tok::In,
                "not" => Tok::Not,
                _ => Tok::Ident(name.to_string()),
            }
        } else if let Some(t) = punct(&mut i) {
            if t == Tok::Lt && i.starts_with('>') {
                let (m, h) = stray_help('<', Some('>'));
                return Err(SynError::new(start, start + 2, m, h));
            }
            t
        } else {
            let (m, h) = stray_help(c, i.chars().nth(1));
            return Err(SynError::new(start, start + c.len_utf8(), m, h));
        };
        let end = src.len() - i.len();
        out.push(Token { tok, start, end });
    }
}
