//! State memory per entity, shown with more than a million entities filled through the pipeline.
//!
//! ```sh
//! cargo bench -p fanzha --bench state_memory                    # 600k accounts (a device each) + 400k phones + 20k callers
//! FANZHA_MEM_ACCOUNTS=1000000 FANZHA_MEM_PHONES=1000000 cargo bench -p fanzha --bench state_memory
//! FANZHA_MEM_DEVICES=0 cargo bench -p fanzha --bench state_memory   # transfers name no device
//! FANZHA_MEM_IPS=0 cargo bench -p fanzha --bench state_memory       # transfers name no address
//! ```
//!
//! Synthetic contract events (JSON bytes, one at a time, so nothing but the state grows) go through
//! `Pipeline::process_bytes`: every account pays once (payer and payee are both accounts of the
//! set, so each also receives about once) from its own phone (a `device_id` each) and connection (an
//! `ip` each), every phone receives one call (start and end) from one
//! of a few thousand callers. Event times span one day, so nothing is evicted. Reported: entities
//! per kind, `State::size().approx_bytes` per entity, and the process's resident-set growth (from
//! `/proc/self/statm`) per entity, against the 256 B/entity target, and the in-memory size of each
//! per-entity struct (what dominates).

use fanzha::features::{self, ModelInputs};
use fanzha::pack::{load_model, load_rules};
use fanzha::pipeline::{Pipeline, Shared};
use fanzha::state::accounts::{AccountState, Relation};
use fanzha::state::devices::DeviceState;
use fanzha::state::phones::{CallerState, PhoneState};
use fanzha::state::{State, StateConfig};
use std::fmt::Write as _;
use std::time::Instant;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident set size in bytes (`/proc/self/statm`, second field, in pages).
fn rss_bytes() -> usize {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = s
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` and test harness probes
    }
    let n_accounts = env_usize("FANZHA_MEM_ACCOUNTS", 600_000);
    let n_phones = env_usize("FANZHA_MEM_PHONES", 400_000);
    let n_callers = env_usize("FANZHA_MEM_CALLERS", 20_000).max(1);
    // FANZHA_MEM_DEVICES=0: transfers name no device (the previous releases' bench)
    let with_devices = env_usize("FANZHA_MEM_DEVICES", 1) != 0;
    // FANZHA_MEM_IPS=0: transfers name no internet address (the releases before session 18)
    let with_ips = env_usize("FANZHA_MEM_IPS", 1) != 0;

    let rules = load_rules(None).expect("rules");
    let inputs = ModelInputs::new(&features::schema());
    let model = load_model(None, false, &inputs).expect("model");
    let mut p = Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules,
        model,
    ));
    p.fixed_clock_ms = Some(1_764_300_000_000);

    let rss0 = rss_bytes();
    let t0: i64 = 1_764_259_200_000; // 2025-11-28 00:00 CST
    let events = n_accounts + 2 * n_phones;
    let step_ms = (86_000_000 / events.max(1) as i64).max(1);
    let mut buf = String::with_capacity(512);
    let mut out = Vec::new();
    let mut ts = t0;
    let (mut a, mut ph) = (0usize, 0usize);
    let start = Instant::now();
    // interleave: one transfer, then one call (start and end), in event-time order
    while a < n_accounts || ph < n_phones {
        if a < n_accounts {
            buf.clear();
            let payee = (a.wrapping_mul(7919) + 1) % n_accounts;
            let _ = write!(
                buf,
                r#"{{"type":"transaction","event_id":"t{a}","ts_ms":{ts},"txn_id":"TX{a}","payer_account":"62220{a:011}","payer_bank":"ICBC","payer_phone":"138{a:08}","payee_account":"62220{payee:011}","payee_bank":"CMB","payee_name":"n{payee}","amount_fen":{amt},"channel":"mobile_app"{device}{ip}}}"#,
                amt = 1000 + (a % 500_000) as i64 * 10,
                device = if with_devices {
                    format!(r#","device_id":"dev-{a:08x}""#)
                } else {
                    String::new()
                },
                ip = if with_ips {
                    format!(
                        r#","ip":"36.{}.{}.{}""#,
                        a >> 16 & 255,
                        a >> 8 & 255,
                        a & 255
                    )
                } else {
                    String::new()
                },
            );
            out.clear();
            p.process_bytes(buf.as_bytes(), "mem", &mut out)
                .expect("valid transaction");
            ts += step_ms;
            a += 1;
        }
        if ph < n_phones {
            let caller = ph % n_callers;
            for (phase, dur) in [("start", None), ("end", Some(30 + (ph % 600) as i64))] {
                buf.clear();
                let _ = write!(
                    buf,
                    r#"{{"type":"call","event_id":"c{ph}{phase}","ts_ms":{ts},"phase":"{phase}","call_id":"K{ph}","caller":"+8601{caller:08}","callee":"139{ph:08}","caller_kind":"mobile""#
                );
                if let Some(d) = dur {
                    let _ = write!(buf, r#","duration_s":{d}"#);
                }
                buf.push('}');
                out.clear();
                p.process_bytes(buf.as_bytes(), "mem", &mut out)
                    .expect("valid call");
                ts += step_ms;
            }
            ph += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let rss1 = rss_bytes();
    let size = p.shared.state.size();
    let entities = size.accounts
        + size.phones
        + size.callers
        + size.devices
        + size.networks
        + size.card_tests
        + size.holds;
    let delta = rss1.saturating_sub(rss0);
    println!(
        "fanzha state memory: {events} events through the pipeline in {secs:.1} s ({:.0} events/s)",
        events as f64 / secs
    );
    println!(
        "  entities: {} accounts + {} phones + {} callers + {} devices + {} addresses + {} card tests + {} held accounts = {entities}; plus {} payer→payee relations, {} watch-list entries",
        size.accounts, size.phones, size.callers, size.devices, size.networks, size.card_tests, size.holds, size.relations, size.listed
    );
    println!(
        "  State::size().approx_bytes = {} ({:.1} MiB): {:.0} B per entity (relations included in the bytes, not in the count)",
        size.approx_bytes,
        size.approx_bytes as f64 / 1048576.0,
        size.approx_bytes as f64 / entities.max(1) as f64
    );
    println!(
        "  RSS {:.1} MiB → {:.1} MiB: +{:.1} MiB = {:.0} B per entity (target ≤ 256 B)",
        rss0 as f64 / 1048576.0,
        rss1 as f64 / 1048576.0,
        delta as f64 / 1048576.0,
        delta as f64 / entities.max(1) as f64
    );
    println!(
        "  per-entity structs (value only; each sits in a slab next to its 8-byte key, behind 4-byte hash-index words filled to at most 7/8): AccountState {} B, PhoneState {} B, CallerState {} B, DeviceState {} B, Relation {} B",
        std::mem::size_of::<AccountState>(),
        std::mem::size_of::<PhoneState>(),
        std::mem::size_of::<CallerState>(),
        std::mem::size_of::<DeviceState>(),
        std::mem::size_of::<Relation>()
    );
    if let Ok(path) = std::env::var("FANZHA_BENCH_JSON") {
        let j = serde_json::json!({
            "events": events,
            "accounts": size.accounts, "phones": size.phones, "callers": size.callers,
            "devices": size.devices, "networks": size.networks, "card_tests": size.card_tests, "holds": size.holds, "relations": size.relations, "entities": entities,
            "approx_bytes": size.approx_bytes,
            "approx_bytes_per_entity": size.approx_bytes as f64 / entities.max(1) as f64,
            "rss_delta_bytes": delta,
            "rss_bytes_per_entity": delta as f64 / entities.max(1) as f64,
            "size_of": {
                "AccountState": std::mem::size_of::<AccountState>(),
                "PhoneState": std::mem::size_of::<PhoneState>(),
                "CallerState": std::mem::size_of::<CallerState>(),
                "DeviceState": std::mem::size_of::<DeviceState>(),
                "Relation": std::mem::size_of::<Relation>(),
            }
        });
        let _ = std::fs::write(&path, serde_json::to_string_pretty(&j).expect("json"));
    }
}
