//! A small CSV reader for labelled numeric data (no csv crate needed).

use crate::{Dataset, ModelError};
use std::path::Path;

/// Splits one CSV line into fields; handles `"quoted, fields"` and `""` escapes.
fn split_line(line: &str, out: &mut Vec<String>) {
    out.clear();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
}

/// Reads a CSV file with a header line.
///
/// * `label_column`: 0/1 (also quoted, or `true`/`false`) -> `y`;
/// * `time_column`: if given, parsed as a number (rounded to i64) -> `time`,
///   used for the time-ordered split (the ULB data has `Time`); otherwise the
///   row number is the time;
/// * every other column whose values all parse as numbers (empty = missing =
///   NaN) becomes a feature; other columns are ignored. `group` is `""`.
pub fn read_csv(
    path: &Path,
    label_column: &str,
    time_column: Option<&str>,
) -> Result<Dataset, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let err = |line: usize, msg: String| ModelError::Csv {
        path: path.to_path_buf(),
        line,
        msg,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let mut fields = Vec::new();
    let (_, header) = lines.next().ok_or_else(|| err(1, "empty file".into()))?;
    split_line(header.trim_start_matches('\u{feff}'), &mut fields);
    let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
    let find = |name: &str| {
        names.iter().position(|n| n == name).ok_or_else(|| {
            err(
                1,
                format!("no column `{name}` (columns: {})", names.join(", ")),
            )
        })
    };
    let label_idx = find(label_column)?;
    let time_idx = time_column.map(find).transpose()?;

    let ncol = names.len();
    let mut values: Vec<f64> = Vec::new(); // row-major over all columns
    let mut numeric = vec![true; ncol];
    let mut y = Vec::new();
    let mut time = Vec::new();
    for (lineno, line) in lines {
        let lineno = lineno + 1;
        split_line(line, &mut fields);
        if fields.len() != ncol {
            return Err(err(
                lineno,
                format!("{} fields, the header has {ncol}", fields.len()),
            ));
        }
        let label = match fields[label_idx].trim() {
            "1" | "1.0" | "true" | "TRUE" | "True" => true,
            "0" | "0.0" | "false" | "FALSE" | "False" => false,
            other => return Err(err(lineno, format!("label `{other}` is not 0/1"))),
        };
        y.push(label);
        if let Some(t) = time_idx {
            let v: f64 = fields[t]
                .trim()
                .parse()
                .map_err(|_| err(lineno, format!("time `{}` is not a number", fields[t])))?;
            time.push(v.round() as i64);
        } else {
            time.push(y.len() as i64 - 1);
        }
        for (j, f) in fields.iter().enumerate() {
            let f = f.trim();
            let v = if f.is_empty() {
                f64::NAN
            } else {
                match f.parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => {
                        numeric[j] = false;
                        f64::NAN
                    }
                }
            };
            values.push(v);
        }
    }
    let keep: Vec<usize> = (0..ncol)
        .filter(|&j| numeric[j] && j != label_idx && Some(j) != time_idx)
        .collect();
    if keep.is_empty() {
        return Err(err(1, "no numeric feature column".into()));
    }
    let mut ds = Dataset::new(keep.iter().map(|&j| names[j].clone()).collect());
    ds.x.reserve(y.len() * keep.len());
    for row in values.chunks_exact(ncol) {
        ds.x.extend(keep.iter().map(|&j| row[j]));
    }
    ds.group = vec![String::new(); y.len()];
    ds.y = y;
    ds.time = time;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        let mut f = Vec::new();
        split_line(r#""Time","a,b",3,"say ""hi""",,"1""#, &mut f);
        assert_eq!(f, vec!["Time", "a,b", "3", r#"say "hi""#, "", "1"]);
    }
}
