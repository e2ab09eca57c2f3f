//! A scenario both ways: what `fanzha replay` expects of it, and what `fanzha run` gives for it
//! through the broker.

use crate::{ids, read_actions_from, replay, write_events, Processor, TempDir, Topics};
use fanzha_contract::{Action, Event};
use std::collections::BTreeSet;
use std::time::Duration;

/// Bounds the waits for the processor to work through a scenario.
pub const SLOW: Duration = Duration::from_secs(240);

/// Produces `events`, runs the processor until it has scored them all, stops it with SIGTERM
/// (which must exit 0), and returns the actions it produced.
pub fn run_through(topics: &Topics, dir: &TempDir, name: &str, n: usize) -> Vec<Action> {
    let mut p = Processor::start(topics, dir.path(), name, &[]);
    p.wait_ready(Duration::from_secs(60));
    p.wait_processed(n as u64, SLOW);
    let st = p.terminate(Duration::from_secs(60));
    assert!(st.success(), "SIGTERM: exit {st}; log:\n{}", p.log_text());
    read_actions_from(topics)
}

/// The action ids `fanzha replay` gives for `events` (written to `<dir>/events.jsonl`); asserts
/// that there are some and no dead letters.
pub fn expected(dir: &TempDir, events: &[Event]) -> BTreeSet<String> {
    let file = dir.path().join("events.jsonl");
    write_events(&file, events);
    let (actions, dead) = replay(&file, dir.path());
    assert!(dead.is_empty(), "replay found dead letters: {dead:?}");
    assert!(!actions.is_empty(), "the scenario should cause actions");
    ids(&actions)
}
