//! Replaying events through the pipeline: from a file (`fanzha replay`) or from memory
//! (`fanzha demo`), into a sink, with the figures a report needs.

use crate::pipeline::Pipeline;
use crate::sinks::Sink;
use crate::sources::file::FileSource;
use crate::sources::Record;
use anyhow::Result;
use fanzha_contract::{decode, Action, DeadLetter, Event};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a replay did.
#[derive(Default)]
pub struct Outcome {
    pub events: u64,
    pub dead_letters: u64,
    pub elapsed: Duration,
    /// Every action, in emission order (for reports and scoring).
    pub actions: Vec<Action>,
    /// Every decoded event, when asked for (scoring against labels needs them).
    pub kept_events: Vec<Event>,
}

impl Outcome {
    pub fn events_per_sec(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Feeds one payload through the pipeline (decode, timed, and process: the path the benchmarks
/// time), then to the sink.
fn feed(
    pipeline: &mut Pipeline,
    record: &Record,
    source: &'static str,
    sink: &mut dyn Sink,
    out: &mut Outcome,
    keep_events: bool,
    buf: &mut Vec<Action>,
) -> Result<()> {
    buf.clear();
    match pipeline.process_bytes(&record.payload, source, buf) {
        Ok(event) => {
            for a in buf.iter() {
                sink.action(a)?;
            }
            out.actions.append(buf);
            out.events += 1;
            if keep_events {
                out.kept_events.push(event);
            }
        }
        Err(e) => {
            // process_bytes counted it
            let reason = format!("line {}: {e}", record.offset);
            tracing::warn!(line = record.offset, error = %e, "dead letter");
            sink.dead_letter(&DeadLetter::new(
                &record.topic,
                record.partition,
                record.offset,
                reason,
                &record.payload,
            ))?;
            out.dead_letters += 1;
        }
    }
    Ok(())
}

/// Opens a JSON-lines events file, naming it in the error.
pub fn open_events(path: &Path) -> Result<FileSource> {
    FileSource::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read events file {}: {e}", path.display()))
}

/// Replays a JSON-lines file.
pub fn replay_file(
    pipeline: &mut Pipeline,
    events: &Path,
    sink: &mut dyn Sink,
    keep_events: bool,
) -> Result<Outcome> {
    let mut source = open_events(events)?;
    let mut out = Outcome::default();
    let mut record = Record {
        payload: Vec::with_capacity(1024),
        topic: events.display().to_string(),
        partition: 0,
        offset: 0,
    };
    let mut buf = Vec::new();
    let start = Instant::now();
    while source.next_into(&mut record)? {
        feed(
            pipeline,
            &record,
            "file",
            sink,
            &mut out,
            keep_events,
            &mut buf,
        )?;
    }
    sink.flush()?;
    out.elapsed = start.elapsed();
    Ok(out)
}

/// Replays events held in memory, each serialized to contract JSON first so that decoding is
/// measured too (the same path a Kafka record takes).
pub fn replay_events(
    pipeline: &mut Pipeline,
    events: &[Event],
    sink: &mut dyn Sink,
) -> Result<Outcome> {
    let payloads: Vec<Vec<u8>> = events.iter().map(|e| e.to_json().into_bytes()).collect();
    let mut out = Outcome::default();
    let mut record = Record {
        payload: Vec::new(),
        topic: "memory".into(),
        partition: 0,
        offset: 0,
    };
    let mut buf = Vec::new();
    let start = Instant::now();
    for (i, p) in payloads.into_iter().enumerate() {
        record.payload = p;
        record.offset = i as i64 + 1;
        feed(pipeline, &record, "memory", sink, &mut out, false, &mut buf)?;
    }
    sink.flush()?;
    out.elapsed = start.elapsed();
    Ok(out)
}

/// Runs every decodable event of a JSON-lines file through `pipeline`: `before` sees the event and
/// the state before it, `after` the event, the pipeline (its last hits and model inputs) and the
/// actions it caused. Lines that do not decode are skipped: the analysis commands (backtest,
/// training, feature export) use this; `replay` is where dead letters are written.
pub fn for_each_event(
    pipeline: &mut Pipeline,
    events: &Path,
    mut before: impl FnMut(&Event, &Pipeline) -> Result<()>,
    mut after: impl FnMut(&Event, &Pipeline, &[Action]) -> Result<()>,
) -> Result<()> {
    let mut src = open_events(events)?;
    let mut rec = Record::default();
    let mut out = Vec::new();
    while src.next_into(&mut rec)? {
        let Ok(e) = decode(&rec.payload) else {
            continue;
        };
        before(&e, pipeline)?;
        out.clear();
        pipeline.process(&e, "file", &mut out);
        after(&e, pipeline, &out)?;
    }
    Ok(())
}

/// A sink that keeps nothing (the outcome already holds the actions).
pub struct NullSink;

impl Sink for NullSink {
    fn action(&mut self, _: &Action) -> Result<()> {
        Ok(())
    }
    fn dead_letter(&mut self, _: &DeadLetter) -> Result<()> {
        Ok(())
    }
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}
