//! Shared by the integration tests: scratch directories.

use std::path::{Path, PathBuf};

/// A fresh scratch directory `<temp>/<prefix>-<pid>-<name>`, removed when dropped — kept when the
/// test failed, to look at.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(prefix: &str, name: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A transfer event (contract JSON) from `payer` to `payee`, naming the payer's phone if given.
#[allow(dead_code)] // not every test file builds transfers
pub fn txn(id: &str, ts: i64, payer: &str, phone: Option<&str>, payee: &str, fen: i64) -> String {
    let phone = phone
        .map(|p| format!(r#","payer_phone":"{p}""#))
        .unwrap_or_default();
    format!(
        r#"{{"type":"transaction","event_id":"{id}","ts_ms":{ts},"txn_id":"{id}","payer_account":"{payer}","payer_bank":"ABC"{phone},"payee_account":"{payee}","payee_bank":"CMB","amount_fen":{fen},"channel":"mobile_app"}}"#
    )
}

/// A pipeline scoring with the rule pack `pack` (YAML text, written into `dir`), no model, and a
/// fixed clock for `emitted_ts_ms`.
#[allow(dead_code)] // not every test file writes its own pack
pub fn pipeline_with(dir: &Scratch, pack: &str) -> fanzha::pipeline::Pipeline {
    use fanzha::pipeline::{Pipeline, Shared};
    use fanzha::state::{State, StateConfig};
    std::fs::write(dir.join("pack.yaml"), pack).unwrap();
    let rules = fanzha::pack::load_rules(Some(dir)).unwrap();
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.fixed_clock_ms = Some(0);
    p
}
