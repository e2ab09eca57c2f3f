//! Diagnostics: rustc-style errors that point at the offending text in a rule file.

use std::fmt;

/// One error in a rule file. `line` and `column` are 1-based; `column` counts characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The whole source line, without its line break (empty when there is no position).
    pub source_line: String,
    /// How many characters the caret underline spans (at least 1 when there is a position).
    pub caret_len: usize,
    pub help: Option<String>,
}

/// Every error found while loading a rule set. `Display` renders all of them, rustc-style.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl std::error::Error for Diagnostics {}

/// Terminal width of a character: 2 for CJK and full-width forms, else 1.
fn char_width(c: char) -> usize {
    let c = c as u32;
    let wide = (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        || (0x20000..=0x3FFFD).contains(&c);
    if wide {
        2
    } else {
        1
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            writeln!(f, "{}: error: {}", self.file, self.message)?;
        } else {
            writeln!(
                f,
                "{}:{}:{}: error: {}",
                self.file, self.line, self.column, self.message
            )?;
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let src = self.source_line.replace('\t', " ");
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {src}")?;
            let before: usize = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(char_width)
                .sum();
            let under: usize = src
                .chars()
                .skip(self.column.saturating_sub(1))
                .take(self.caret_len.max(1))
                .map(char_width)
                .sum();
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(before),
                "^".repeat(under.max(1))
            )?;
        }
        if let Some(h) = &self.help {
            let pad = if self.line == 0 {
                String::new()
            } else {
                " ".repeat(self.line.to_string().len() + 1)
            };
            writeln!(f, "{pad}= help: {h}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A loaded rule file: its display name and text, indexed by character for positions.
pub(crate) struct SourceFile {
    pub name: String,
    pub chars: Vec<char>,
    /// Character index where each line starts.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: &str, text: &str) -> SourceFile {
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                line_starts.push(i + 1);
            }
        }
        SourceFile {
            name: name.to_string(),
            chars,
            line_starts,
        }
    }

    /// (1-based line, 1-based column) of a character index.
    pub fn line_col(&self, idx: usize) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&idx) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        (line + 1, idx - self.line_starts[line] + 1)
    }

    pub fn line_text(&self, line: usize) -> String {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.chars.len());
        self.chars[start..end]
            .iter()
            .filter(|c| **c != '\n' && **c != '\r')
            .collect()
    }

    /// A diagnostic underlining characters `start..end` (clipped to the first line).
    pub fn diag(
        &self,
        start: usize,
        end: usize,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let start = start.min(self.chars.len());
        let (line, column) = self.line_col(start);
        let source_line = self.line_text(line);
        let line_len = source_line.chars().count();
        let caret_len = end
            .saturating_sub(start)
            .min(line_len.saturating_sub(column - 1))
            .max(1);
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            message,
            source_line,
            caret_len,
            help,
        }
    }
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `name`, if it is close enough to be a plausible typo.
pub(crate) fn suggest<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lower, &c.to_lowercase());
        // The last segment alone (`amount_fen` for `txn.amount_fen`) also counts.
        let tail = c.rsplit('.').next().unwrap_or(c);
        let d = if tail != c && tail.eq_ignore_ascii_case(name) {
            0
        } else {
            d
        };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// `Some("did you mean `x`?")` for the closest candidate.
pub(crate) fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    suggest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}
