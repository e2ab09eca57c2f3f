//! The feature schema: the fields a condition can read, their types, and the values a row holds.

use std::collections::HashMap;
use std::fmt;

/// The type of a field or of an expression in a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// true / false.
    Bool,
    /// A whole number (a count, a number of days, ...).
    Int,
    /// A number with a fraction (a ratio, a score).
    Float,
    /// An amount of money, held as integer fen (¥1 = 100 fen).
    Money,
    /// A length of time, held as integer milliseconds.
    Duration,
    /// Text.
    Str,
}

impl Type {
    /// The name used in rule-file diagnostics and docs: `bool`, `int`, `float`, `money`,
    /// `duration`, `string`.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Float => "float",
            Type::Money => "money",
            Type::Duration => "duration",
            Type::Str => "string",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One feature a condition can read, e.g. `txn.amount_fen` (money).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub doc: &'static str,
}

/// The fields a rule condition can read. A field's slot is its index in [`Schema::fields`]; a
/// row passed to [`crate::RuleSet::evaluate`] holds one [`Value`] per slot.
///
/// It also carries the closed vocabularies of the event contract that rule files are checked
/// against: the only values some text fields can hold ([`Schema::with_values`]) and the
/// typologies a rule may name ([`Schema::with_typologies`]).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    fields: Vec<Field>,
    by_name: HashMap<&'static str, usize>,
    /// By slot: the only values that text field can hold.
    values: HashMap<usize, Vec<String>>,
    /// The typologies a rule may name; `None` accepts any.
    typologies: Option<Vec<String>>,
}

impl Schema {
    /// Builds a schema. Panics if two fields share a name (a programming error in the caller).
    pub fn new(fields: Vec<Field>) -> Schema {
        let mut by_name = HashMap::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let prev = by_name.insert(f.name, i);
            assert!(prev.is_none(), "schema: duplicate field `{}`", f.name);
        }
        Schema {
            fields,
            by_name,
            values: HashMap::new(),
            typologies: None,
        }
    }

    /// Declares the only values the string field `name` can hold (a closed set of the event
    /// contract, like `txn.channel`). A condition comparing it (`==`, `!=`, `in`) with any other
    /// text is refused: that comparison would never (or always) be true. Panics if `name` is not a
    /// string field (a programming error in the caller).
    pub fn with_values<S: AsRef<str>>(mut self, name: &str, values: &[S]) -> Schema {
        let slot = self
            .slot(name)
            .unwrap_or_else(|| panic!("schema: no field `{name}`"));
        assert_eq!(
            self.fields[slot].ty,
            Type::Str,
            "schema: `{name}` is not a string field"
        );
        let values = values.iter().map(|v| v.as_ref().to_string()).collect();
        self.values.insert(slot, values);
        self
    }

    /// The only values the field in `slot` can hold, when they are a closed set.
    pub fn values(&self, slot: usize) -> Option<&[String]> {
        self.values.get(&slot).map(Vec::as_slice)
    }

    /// Declares the typologies a rule's `typology:` may name; any other is refused.
    pub fn with_typologies<S: AsRef<str>>(mut self, names: &[S]) -> Schema {
        self.typologies = Some(names.iter().map(|v| v.as_ref().to_string()).collect());
        self
    }

    /// The typologies a rule may name, when they are restricted.
    pub fn typologies(&self) -> Option<&[String]> {
        self.typologies.as_deref()
    }

    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    pub fn slot(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// A Markdown table `| field | type | meaning |` with one row per field, in slot order.
    pub fn markdown_table(&self) -> String {
        let mut s = String::from("| field | type | meaning |\n|---|---|---|\n");
        for f in &self.fields {
            let ty = match f.ty {
                Type::Money => "money (fen)",
                Type::Duration => "duration (ms)",
                t => t.as_str(),
            };
            let doc = f.doc.replace('|', "\\|").replace('\n', " ");
            s.push_str(&format!("| `{}` | {} | {} |\n", f.name, ty, doc));
        }
        s
    }
}

/// One feature value in a row. Money and Duration values are `Int` (fen, milliseconds).
/// `Missing` means the field does not apply to this event (e.g. `txn.*` on a call event).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

/// Formats a value the way an analyst reads it: money as `¥49,800.00`, durations as `19m0s`,
/// strings quoted, `missing` for Missing. A value of the wrong kind for `ty` is shown raw.
pub fn format_value(ty: Type, v: Value<'_>) -> String {
    match (ty, v) {
        (_, Value::Missing) => "missing".to_string(),
        (Type::Money, Value::Int(fen)) => format_money(fen),
        (Type::Duration, Value::Int(ms)) => format_duration(ms),
        (_, Value::Bool(b)) => b.to_string(),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Float(x)) => format_float(x),
        (_, Value::Str(s)) => serde_json::to_string(s).unwrap_or_default(),
    }
}

pub(crate) fn format_float(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        format!("{x:.1}")
    } else if x.is_finite() {
        // three decimals are plenty to explain a decision; trailing zeros dropped
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x}")
    }
}

/// `¥49,800.00`; negative amounts as `-¥12.50`.
pub fn format_money(fen: i64) -> String {
    let neg = fen < 0;
    let abs = fen.unsigned_abs();
    let (yuan, cents) = (abs / 100, abs % 100);
    let digits = yuan.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{}.{:02}", if neg { "-" } else { "" }, grouped, cents)
}

/// Go-style durations: `500ms`, `45s`, `1.5s`, `19m0s`, `26h0m0s`.
pub fn format_duration(ms: i64) -> String {
    let neg = ms < 0;
    let abs = ms.unsigned_abs();
    let sign = if neg { "-" } else { "" };
    if abs < 1000 {
        return format!("{sign}{abs}ms");
    }
    let (h, rem) = (abs / 3_600_000, abs % 3_600_000);
    let (m, rem) = (rem / 60_000, rem % 60_000);
    let (s, frac) = (rem / 1000, rem % 1000);
    let secs = if frac == 0 {
        format!("{s}s")
    } else {
        let f = format!("{frac:03}");
        format!("{s}.{}s", f.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{sign}{h}h{m}m{secs}")
    } else if m > 0 {
        format!("{sign}{m}m{secs}")
    } else {
        format!("{sign}{secs}")
    }
}
