//! The JSON-lines file source: one event per line; blank lines are skipped. Offsets are line numbers
//! (1-based) so a dead letter names the line.

use super::Record;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::Path;

pub struct FileSource {
    reader: BufReader<File>,
    name: String,
    line: i64,
    bytes_read: u64,
    total: u64,
    progress: bool,
    last_shown: u64,
}

/// Files over this size get a progress bar (on a terminal).
const PROGRESS_FROM_BYTES: u64 = 4 * 1024 * 1024;

impl FileSource {
    pub fn open(path: &Path) -> io::Result<FileSource> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            // opening a directory succeeds; reading it fails later with a bare "Is a directory"
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a directory, not a JSON-lines file",
            ));
        }
        let total = meta.len();
        Ok(FileSource {
            reader: BufReader::with_capacity(1 << 20, file),
            name: path.display().to_string(),
            line: 0,
            bytes_read: 0,
            total,
            progress: total > PROGRESS_FROM_BYTES && io::stderr().is_terminal(),
            last_shown: 0,
        })
    }

    /// Reads the next non-blank line into `record` (reusing its buffer). `Ok(false)` at the end.
    pub fn next_into(&mut self, record: &mut Record) -> io::Result<bool> {
        loop {
            record.payload.clear();
            let n = self.reader.read_until(b'\n', &mut record.payload)?;
            if n == 0 {
                self.finish_progress();
                return Ok(false);
            }
            self.line += 1;
            self.bytes_read += n as u64;
            self.show_progress();
            while matches!(record.payload.last(), Some(b'\n' | b'\r')) {
                record.payload.pop();
            }
            if record.payload.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            record.offset = self.line;
            record.partition = 0;
            if record.topic.is_empty() {
                record.topic = self.name.clone();
            }
            return Ok(true);
        }
    }

    fn show_progress(&mut self) {
        if !self.progress || self.bytes_read - self.last_shown < self.total / 200 + 1 {
            return;
        }
        self.last_shown = self.bytes_read;
        let frac = self.bytes_read as f64 / self.total.max(1) as f64;
        let filled = (frac * 40.0) as usize;
        eprint!(
            "\r[{}{}] {:>5.1}% {} lines",
            "#".repeat(filled),
            " ".repeat(40 - filled),
            frac * 100.0,
            self.line
        );
        let _ = io::stderr().flush();
    }

    fn finish_progress(&mut self) {
        if self.progress {
            eprintln!();
            self.progress = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_with_line_numbers_and_skips_blanks() {
        let dir = std::env::temp_dir().join(format!("fz-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("e.jsonl");
        std::fs::write(&p, "{\"a\":1}\n\n  \n{\"b\":2}\r\n{\"c\":3}").unwrap();
        let mut s = FileSource::open(&p).unwrap();
        let mut r = Record::default();
        let mut got = vec![];
        while s.next_into(&mut r).unwrap() {
            got.push((r.offset, String::from_utf8(r.payload.clone()).unwrap()));
        }
        assert_eq!(
            got,
            vec![
                (1, "{\"a\":1}".into()),
                (4, "{\"b\":2}".into()),
                (5, "{\"c\":3}".into())
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_is_refused_when_opened() {
        let e = FileSource::open(&std::env::temp_dir())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("is a directory"), "{e}");
    }
}
