//! The generated scenario as Kafka records in send order, with latency probes mixed in.
//!
//! Actions are rare in a realistic city (about 0.2 % of events), too few for tail percentiles in a
//! short run. A probe is an ordinary transaction that the starter rules always act on: a
//! first-time ¥10,000 transfer from a fresh account into an account on the mule watch-list
//! (`paying_a_known_mule` → `stop_payment` + `early_warning`). It goes through the whole pipeline
//! like any other event; one watch-list update at the start lists the probe account.

use fanzha_contract::Event;

pub const TXN: u8 = 0;
pub const CALL: u8 = 1;
pub const WATCH: u8 = 2;

pub struct Msg {
    /// 0 transactions, 1 calls, 2 watch-list
    pub topic: u8,
    pub key: String,
    pub payload: Vec<u8>,
    pub event_id: String,
    pub probe: bool,
}

fn topic_of(e: &Event) -> u8 {
    match e.topic() {
        fanzha_contract::topics::TRANSACTIONS => TXN,
        fanzha_contract::topics::CALLS => CALL,
        _ => WATCH,
    }
}

/// At most `max` records: the scenario's events in order, a probe after every `probe_every`
/// events (0 = none).
pub fn build(events: &[Event], max: usize, probe_every: usize, run_tag: &str) -> Vec<Msg> {
    let mut out = Vec::with_capacity(max.min(events.len() * 2));
    let mule = format!("PROBEMULE{run_tag}");
    if probe_every > 0 {
        if let Some(first) = events.first() {
            let id = format!("probe-{run_tag}-watch");
            out.push(Msg {
                topic: WATCH,
                key: mule.clone(),
                payload: format!(
                    r#"{{"type":"watchlist","event_id":"{id}","ts_ms":{},"op":"add","entity":"account","value":"{mule}","list":"mule_accounts","reason":"load probe"}}"#,
                    first.ts_ms
                )
                .into_bytes(),
                event_id: id,
                probe: true,
            });
        }
    }
    let mut n_probe = 0usize;
    for (i, e) in events.iter().enumerate() {
        if out.len() >= max {
            break;
        }
        out.push(Msg {
            topic: topic_of(e),
            key: e.key().to_string(),
            payload: e.to_json().into_bytes(),
            event_id: e.event_id.clone(),
            probe: false,
        });
        if probe_every > 0 && (i + 1) % probe_every == 0 && out.len() < max {
            let id = format!("probe-{run_tag}-{n_probe}");
            let phone = format!("1990{:07}", n_probe % 10_000_000);
            out.push(Msg {
                topic: TXN,
                key: phone.clone(),
                payload: format!(
                    r#"{{"type":"transaction","event_id":"{id}","ts_ms":{},"txn_id":"PRB{run_tag}{n_probe}","payer_account":"PRBPAYER{run_tag}{n_probe}","payer_bank":"ABC","payer_phone":"{phone}","payee_account":"{mule}","payee_bank":"CMB","amount_fen":1000000,"channel":"mobile_app"}}"#,
                    e.ts_ms
                )
                .into_bytes(),
                event_id: id,
                probe: true,
            });
            n_probe += 1;
        }
    }
    out
}
