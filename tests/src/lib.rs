//! Helpers for fanzha's end-to-end tests: a broker on 127.0.0.1 (started by `tests/run.sh`),
//! per-test topics and consumer groups, producing events, reading topics back, and the `fanzha`
//! binary as a child process that is killed when a test fails.
//!
//! Everything talks to 127.0.0.1 only. The broker port is `FZ_BROKER_PORT` (default 9092), the
//! binary `FANZHA_BIN` (default: `fanzha` beside the test binary's profile directory, else
//! `<workspace>/target/debug/fanzha`).

use fanzha_contract::{Action, Event};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod kafka;
mod processor;
mod roundtrip;

pub use kafka::*;
pub use processor::*;
pub use roundtrip::*;

pub use fanzha_load::{generate, read_actions, read_events, write_scenario, GenConfig};

/// `FZ_E2E_NO_MODEL=1`: score with rules alone, in replay and in the processor alike.
pub fn no_model() -> bool {
    std::env::var("FZ_E2E_NO_MODEL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Bounds every wait for the broker in these tests.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// `127.0.0.1:<FZ_BROKER_PORT or 9092>`.
pub fn brokers() -> String {
    let port = std::env::var("FZ_BROKER_PORT").unwrap_or_else(|_| "9092".into());
    format!("127.0.0.1:{port}")
}

/// The workspace root (the processor runs there, so `rules/pack` and `models/` resolve).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `fanzha` binary under test.
pub fn fanzha_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("FANZHA_BIN") {
        return PathBuf::from(p);
    }
    // <target>/<profile>/deps/<test binary> → <target>/<profile>/fanzha
    if let Ok(exe) = std::env::current_exe() {
        if let Some(profile) = exe.parent().and_then(|d| d.parent()) {
            let p = profile.join("fanzha");
            if p.is_file() {
                return p;
            }
        }
    }
    let p = workspace().join("target/debug/fanzha");
    assert!(
        p.is_file(),
        "no fanzha binary at {}: build it (cargo build -p fanzha) or set FANZHA_BIN",
        p.display()
    );
    p
}

/// A scratch directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("fz-e2e-{}", unique(name)));
        std::fs::create_dir_all(&p).expect("creating a temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("FZ_E2E_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A name nobody else uses: `<name>-<pid>-<time>-<n>`.
pub fn unique(name: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() % 100_000_000)
        .unwrap_or(0);
    format!(
        "{name}-{}-{t}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn ids(actions: &[Action]) -> BTreeSet<String> {
    actions.iter().map(|a| a.action_id.clone()).collect()
}

/// Writes events as a JSON-lines file.
pub fn write_events(path: &Path, events: &[Event]) {
    let mut text = String::new();
    for e in events {
        text.push_str(&e.to_json());
        text.push('\n');
    }
    std::fs::write(path, text).expect("writing events");
}

/// `fanzha replay` of a file (in the workspace, with the shipped rules and model): the actions
/// and the dead letters it writes.
pub fn replay(events: &Path, dir: &Path) -> (Vec<Action>, Vec<serde_json::Value>) {
    let actions = dir.join("replay-actions.jsonl");
    let dlq = dir.join("replay-dlq.jsonl");
    let out = Command::new(fanzha_bin())
        .current_dir(workspace())
        .args(["replay", "--events"])
        .arg(events)
        .arg("--actions")
        .arg(&actions)
        .arg("--dead-letters")
        .arg(&dlq)
        .args(no_model().then_some("--no-model"))
        .output()
        .expect("running fanzha replay");
    assert!(
        out.status.success(),
        "fanzha replay failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let dead = std::fs::read_to_string(&dlq)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a dead letter"))
        .collect();
    (
        read_actions(&actions).expect("reading replay actions"),
        dead,
    )
}

/// Compares sets of action ids; on a difference, says which ids are missing and which are extra.
pub fn assert_same_ids(what: &str, expected: &BTreeSet<String>, got: &BTreeSet<String>) {
    if expected == got {
        return;
    }
    let missing: Vec<_> = expected.difference(got).collect();
    let extra: Vec<_> = got.difference(expected).collect();
    panic!(
        "{what}: {} expected, {} got; missing {} {:?}; extra {} {:?}",
        expected.len(),
        got.len(),
        missing.len(),
        missing.iter().take(20).collect::<Vec<_>>(),
        extra.len(),
        extra.iter().take(20).collect::<Vec<_>>()
    );
}

/// A small generated scenario (deterministic).
pub fn scenario(persons: usize, days: u32, seed: u64) -> Vec<Event> {
    generate(&GenConfig {
        persons,
        days,
        seed,
        ..GenConfig::default()
    })
    .events
}

/// Is a program on the PATH?
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}
