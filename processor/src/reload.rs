//! Hot reload of rules and models: the rules directory and the model file are polled for changes;
//! a valid change is swapped in atomically (between two events), an invalid one is refused with
//! the same messages as `fanzha rules check`, logged and counted, and the old one keeps running.
//! A rule pack must also pass its own rule tests before it goes live.

use crate::features::{self, ModelInputs};
use crate::metrics::Hub;
use crate::model::Model;
use crate::pipeline::Shared;
use crate::rule_tests;
use fanzha_rules::RuleSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What identifies a version of a file or directory on disk: names, sizes and mtimes.
pub fn fingerprint(path: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut add = |p: PathBuf| {
        if let Ok(m) = std::fs::metadata(&p) {
            out.push((p, m.len(), m.modified().ok()));
        }
    };
    if path.is_dir() {
        if let Ok(rd) = std::fs::read_dir(path) {
            for e in rd.flatten() {
                let p = e.path();
                if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
                    add(p);
                }
            }
        }
    } else {
        add(path.to_path_buf());
    }
    out.sort();
    out
}

pub struct Watcher {
    pub path: PathBuf,
    last: Vec<(PathBuf, u64, Option<SystemTime>)>,
}

impl Watcher {
    pub fn new(path: PathBuf) -> Watcher {
        let last = fingerprint(&path);
        Watcher { path, last }
    }

    /// True when the path changed since the last call.
    pub fn changed(&mut self) -> bool {
        let now = fingerprint(&self.path);
        if now != self.last {
            self.last = now;
            true
        } else {
            false
        }
    }
}

/// Reloads the rules from `dir`: a pack that loads and passes its own rule tests (the ones
/// `fanzha rules test` runs) is swapped in; returns the new version, or why it was refused (the
/// diagnostics, or each failed test with its name and file:line).
pub fn reload_rules(shared: &Shared, hub: &Hub, dir: &Path) -> Result<String, String> {
    let refused = |text: String| {
        hub.counters
            .lock()
            .map(|mut c| c.rule_reload_failures += 1)
            .ok();
        tracing::error!(dir = %dir.display(), "rule change refused, the previous rules keep running:\n{text}");
        Err(text)
    };
    let rs = match RuleSet::load_dir(dir, &features::schema()) {
        Ok(rs) => rs,
        Err(d) => return refused(d.to_string()),
    };
    let v = rs.version().to_string();
    if shared.rules.load().version() == v {
        return Ok(v);
    }
    if let Some(failed) = rule_tests::failures(&rule_tests::run_all(&rs)) {
        return refused(failed);
    }
    shared.rules.store(rs);
    hub.counters.lock().map(|mut c| c.rule_reloads += 1).ok();
    tracing::info!(version = %v, dir = %dir.display(), "rules reloaded");
    Ok(v)
}

pub fn reload_model(shared: &Shared, hub: &Hub, path: &Path) -> Result<(), String> {
    match Model::load(path, &ModelInputs::new(&features::schema())) {
        Ok(m) => {
            tracing::info!(id = %m.artifact.id, version = %m.artifact.version, "model reloaded");
            shared.model.store(Some(m));
            hub.counters.lock().map(|mut c| c.model_reloads += 1).ok();
            Ok(())
        }
        Err(e) => {
            hub.counters
                .lock()
                .map(|mut c| c.model_reload_failures += 1)
                .ok();
            tracing::error!(path = %path.display(), "model change refused, the previous model keeps scoring: {e:#}");
            Err(format!("{e:#}"))
        }
    }
}

/// Polls the rules directory and model file until `stop` is set.
pub async fn watch(
    shared: Arc<Shared>,
    hub: Arc<Hub>,
    rules_dir: Option<PathBuf>,
    model_path: Option<PathBuf>,
    poll: std::time::Duration,
) {
    let mut rules = rules_dir.map(Watcher::new);
    let mut model = model_path.map(Watcher::new);
    loop {
        tokio::time::sleep(poll).await;
        if let Some(w) = rules.as_mut() {
            if w.changed() {
                let _ = reload_rules(&shared, &hub, &w.path);
            }
        }
        if let Some(w) = model.as_mut() {
            if w.changed() {
                let _ = reload_model(&shared, &hub, &w.path);
            }
        }
    }
}
