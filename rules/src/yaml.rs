//! A YAML document as a tree of nodes that remember where they are in the file.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Scalar {
        value: String,
        style: ScalarStyle,
        /// The YAML tag, e.g. `!payer.known` read by YAML as a tag.
        tag: Option<String>,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML node; `start..end` are character indices into the file.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// A YAML syntax error at a character index.
pub(crate) struct YamlError {
    pub index: usize,
    pub message: String,
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain scalar that YAML reads as null (`~`, `null`, or nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, style: ScalarStyle::Plain, tag: None }
            if value.is_empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "nothing",
            Kind::Scalar { .. } => "a single value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping (key: value pairs)",
        }
    }

    /// Converts to JSON with the YAML core schema: plain `12` is a number, `true` a bool, `~` null,
    /// quoted scalars are strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.kind {
            Kind::Scalar { value, style, .. } => {
                if *style != ScalarStyle::Plain {
                    return J::String(value.clone());
                }
                if self.is_null() {
                    return J::Null;
                }
                match value.as_str() {
                    "true" | "True" | "TRUE" => return J::Bool(true),
                    "false" | "False" | "FALSE" => return J::Bool(false),
                    _ => {}
                }
                if let Ok(i) = value.parse::<i64>() {
                    return J::from(i);
                }
                let numeric = value
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
                if numeric {
                    if let Some(n) = value
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                    {
                        return J::Number(n);
                    }
                }
                J::String(value.clone())
            }
            Kind::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(pairs) => J::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

enum Frame {
    Seq(Vec<Node>, usize, usize),
    Map(Vec<(Node, Node)>, Option<Node>, usize, usize),
}

/// Parses the first document of `text`. An empty file (or one with only comments) is `None`.
pub(crate) fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut docs = 0;
    while let Some(ev) = parser.next_event() {
        let (ev, span): (Event, Span) = ev.map_err(|e| YamlError {
            index: e.marker().index(),
            message: e.info().to_string(),
        })?;
        let (start, end) = (span.start.index(), span.end.index());
        let (node, anchor) = match ev {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    return Err(YamlError {
                        index: start,
                        message: "a rule file holds one YAML document; remove the second `---`"
                            .to_string(),
                    });
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let kind = Kind::Scalar {
                    value: value.into_owned(),
                    style,
                    tag,
                };
                (Node { kind, start, end }, anchor)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => (
                    Node {
                        start,
                        end,
                        ..n.clone()
                    },
                    0,
                ),
                None => {
                    return Err(YamlError {
                        index: start,
                        message: "unknown alias".to_string(),
                    })
                }
            },
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq(Vec::new(), anchor, start));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map(Vec::new(), None, anchor, start));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor, s)) => {
                    let e = items.last().map_or(end, |n| n.end);
                    (
                        Node {
                            kind: Kind::Seq(items),
                            start: s,
                            end: e,
                        },
                        anchor,
                    )
                }
                _ => unreachable!("parser emits balanced events"),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(pairs, _, anchor, s)) => {
                    let e = pairs.last().map_or(end, |(_, v)| v.end);
                    (
                        Node {
                            kind: Kind::Map(pairs),
                            start: s,
                            end: e,
                        },
                        anchor,
                    )
                }
                _ => unreachable!("parser emits balanced events"),
            },
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, ..)) => items.push(node),
            Some(Frame::Map(pairs, key, ..)) => match key.take() {
                None => *key = Some(node),
                Some(k) => pairs.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// For each character of a scalar's value, the character index in the file it came from.
/// Works for plain, quoted and block scalars by aligning the value with the source text:
/// every non-blank value character is matched with the next equal source character.
pub(crate) fn value_positions(file: &[char], node: &Node) -> Vec<usize> {
    let Some(value) = node.as_str() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(value.len());
    let mut cur = node.start;
    let limit = node.end.max(node.start).min(file.len());
    let quoted = matches!(
        &node.kind,
        Kind::Scalar {
            style: ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted,
            ..
        }
    );
    if quoted {
        cur += 1;
    }
    for c in value.chars() {
        if c.is_whitespace() {
            out.push(cur.min(limit));
            if cur < limit && file[cur] == c && c != '\n' {
                cur += 1;
            }
            continue;
        }
        let mut j = cur;
        while j < limit && file[j] != c {
            j += 1;
        }
        if j < limit {
            out.push(j);
            cur = j + 1;
        } else {
            out.push(cur.min(limit));
        }
    }
    out
}
