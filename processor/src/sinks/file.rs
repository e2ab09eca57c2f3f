//! The JSON-lines file sink: one action per line, dead letters to a second file.

use super::Sink;
use anyhow::{Context, Result};
use fanzha_contract::{Action, DeadLetter};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub struct FileSink {
    actions: BufWriter<File>,
    dead_path: PathBuf,
    dead: Option<BufWriter<File>>,
    pub dead_letters: u64,
}

impl FileSink {
    pub fn create(actions: &Path, dead_letters: &Path) -> Result<FileSink> {
        let file =
            File::create(actions).with_context(|| format!("creating {}", actions.display()))?;
        // The dead-letter file is created on the first bad line, but a stale one is removed now.
        let _ = std::fs::remove_file(dead_letters);
        Ok(FileSink {
            actions: BufWriter::new(file),
            dead_path: dead_letters.to_path_buf(),
            dead: None,
            dead_letters: 0,
        })
    }
}

impl Sink for FileSink {
    fn action(&mut self, action: &Action) -> Result<()> {
        serde_json::to_writer(&mut self.actions, action)?;
        self.actions.write_all(b"\n")?;
        Ok(())
    }

    fn dead_letter(&mut self, dead: &DeadLetter) -> Result<()> {
        if self.dead.is_none() {
            let f = File::create(&self.dead_path)
                .with_context(|| format!("creating {}", self.dead_path.display()))?;
            self.dead = Some(BufWriter::new(f));
        }
        let w = self.dead.as_mut().expect("just created");
        serde_json::to_writer(&mut *w, dead)?;
        w.write_all(b"\n")?;
        self.dead_letters += 1;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.actions.flush()?;
        if let Some(d) = self.dead.as_mut() {
            d.flush()?;
        }
        Ok(())
    }
}
