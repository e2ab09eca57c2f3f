//! fanzha's test world: a labelled, deterministic generator of telecom-fraud scenarios (people,
//! their everyday calls and transfers, legitimate look-alikes, scams of five typologies, a mule
//! network, watch lists) and the scoring of fanzha's actions against the labels.
//!
//! Every scam signal also occurs in some legitimate life (long international calls before large
//! transfers, large transfers to new payees after a bank's call, fan-in to merchants and
//! landlords, salary swept on within minutes, savings moved in ¥49,999 chunks, numbers that call
//! hundreds of people), so a detector has to reason about behaviour, not one field.

// topic creation, shared by the load driver (src/driver/) and the end-to-end tests (tests/)
#[path = "driver/admin.rs"]
mod admin;
mod emit;
mod labels;
mod legit;
mod mules;
mod scams;
mod score;
mod world;

pub use admin::create_topics;
pub use emit::{cst_midnight_ms, yyyymmdd_cst};
pub use labels::{
    typology_zh, Labels, MuleLabel, ScamTxnLabel, VictimLabel, MULE_NETWORK, TYPOLOGIES,
};
pub use score::{score, Detection, TypologyFigures};

use fanzha_contract::Event;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What world to make.
#[derive(Debug, Clone, PartialEq)]
pub struct GenConfig {
    pub persons: usize,
    pub days: u32,
    pub seed: u64,
    /// Start of the period (local midnight in China, as epoch ms).
    pub start_ms: i64,
    /// 0 = events in `ts_ms` order; else events come out late by up to this many ms.
    pub disorder_ms: i64,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            persons: 5000,
            days: 7,
            seed: 1,
            start_ms: cst_midnight_ms(2026, 11, 1),
            disorder_ms: 0,
        }
    }
}

/// A generated world: its events and, apart, the truth about them.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub events: Vec<Event>,
    pub labels: Labels,
}

/// Generates the whole world in memory. Deterministic for a config; events are sorted by
/// `ts_ms` (stable) unless `disorder_ms > 0`.
pub fn generate(cfg: &GenConfig) -> Scenario {
    let mut events = Vec::new();
    let labels = generate_into(cfg, &mut |e| events.push(e));
    Scenario { events, labels }
}

/// Generates the world day by day, handing each event to `sink` in emission order, holding in
/// memory only the people, the scams' events and about one day of everyday events (for
/// 100k-person worlds). Returns the labels. Same events, same order as [`generate`].
pub fn generate_into(cfg: &GenConfig, sink: &mut dyn FnMut(Event)) -> Labels {
    let mut world = world::World::build(cfg, &mut emit::rng_for(cfg.seed, 1));
    let mut num = std::mem::take(&mut world.num);
    let mut em = emit::Emitter::default();
    let labels = scams::plan(&world, &mut num, &mut em, &mut emit::rng_for(cfg.seed, 2));
    let mut special = std::mem::take(&mut em.out);
    special.sort_by_key(|e| e.ts_ms);
    let mut special = special.into_iter().peekable();
    let mut order = emit::Orderer::new(cfg.disorder_ms, cfg.seed);
    for d in 0..world.days {
        legit::day(
            &world,
            &mut num,
            &mut em,
            &mut emit::rng_for(cfg.seed, 1000 + d as u64),
            d,
        );
        order.push(em.out.drain(..));
        let next = world.day_start(d + 1);
        let mut today = Vec::new();
        while let Some(e) = special.next_if(|e| e.ts_ms < next) {
            today.push(e);
        }
        order.push(today);
        order.release(next, sink);
    }
    order.push(special);
    order.finish(sink);
    labels
}

/// Writes `events.jsonl` (contract JSON, one event per line) and `labels.jsonl` into `out_dir`.
pub fn write_scenario(s: &Scenario, out_dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    let mut w = BufWriter::new(std::fs::File::create(out_dir.join("events.jsonl"))?);
    for e in &s.events {
        w.write_all(e.to_json().as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    s.labels.write_jsonl(out_dir.join("labels.jsonl"))
}

/// Generates and writes a world straight to `out_dir` without holding all events in memory.
/// Returns the labels and the number of events written.
pub fn write_world(cfg: &GenConfig, out_dir: &Path) -> io::Result<(Labels, u64)> {
    std::fs::create_dir_all(out_dir)?;
    let mut w = BufWriter::new(std::fs::File::create(out_dir.join("events.jsonl"))?);
    let mut err = None;
    let mut n = 0u64;
    let labels = generate_into(cfg, &mut |e| {
        if err.is_none() {
            let r = w
                .write_all(e.to_json().as_bytes())
                .and_then(|_| w.write_all(b"\n"));
            if let Err(x) = r {
                err = Some(x);
            }
            n += 1;
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    w.flush()?;
    labels.write_jsonl(out_dir.join("labels.jsonl"))?;
    Ok((labels, n))
}

/// Reads a `.jsonl` file of events (contract JSON), failing on the first bad line.
pub fn read_events(path: &Path) -> io::Result<Vec<Event>> {
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            fanzha_contract::decode(l.as_bytes()).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}:{}: {e}", path.display(), i + 1),
                )
            })
        })
        .collect()
}

/// Reads a `.jsonl` file of actions.
pub fn read_actions(path: &Path) -> io::Result<Vec<fanzha_contract::Action>> {
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}:{}: {e}", path.display(), i + 1),
                )
            })
        })
        .collect()
}
