//! The pipeline: event in → features from state → model → rules → decision → state update →
//! actions out. One `Pipeline` per worker; the state, rules and model are shared.

use crate::decide::{decide, DecisionStats, ModelUsed};
use crate::features::{self, compute, ModelInputs, Row, F};
use crate::metrics::{Counters, Latency, Stage};
use crate::model::Model;
use crate::state::accounts::{BoundPhone, MULE, SHOP, SUSPECT_VICTIM};
use crate::state::card_tests;
use crate::state::devices::{DeviceState, KeptDevice};
use crate::state::holder;
use crate::state::keys::Keys;
use crate::state::phones::CallRec;
use crate::state::ring::Secs;
use crate::state::table::Table;
use crate::state::{key, lists, State};
use crate::swap::{Cached, Swap};
use fanzha_contract::{
    decode, Action, CallPhase, DecodeError, Event, EventBody, WatchlistEntity, WatchlistOp,
};
use fanzha_rules::{RuleSet, Value};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// What the pipeline shares between workers and with the reloaders.
pub struct Shared {
    pub state: State,
    pub rules: Swap<RuleSet>,
    pub model: Swap<Option<Model>>,
    pub inputs: ModelInputs,
}

impl Shared {
    pub fn new(state: State, rules: RuleSet, model: Option<Model>) -> Arc<Shared> {
        Arc::new(Shared {
            state,
            rules: Swap::new(rules),
            model: Swap::new(model),
            inputs: ModelInputs::new(&features::schema()),
        })
    }
}

/// An event this far ahead of the watermark is logged (a wrong clock, or the end of an outage).
const FAR_AHEAD_MS: i64 = 86_400_000;

/// Evict idle entities every this many events.
const EVICT_EVERY: u64 = 200_000;

pub struct Pipeline {
    pub shared: Arc<Shared>,
    rules: Cached<RuleSet>,
    model: Cached<Option<Model>>,
    inputs: Vec<f64>,
    scratch: Vec<f64>,
    hits: Vec<usize>,
    pub counters: Counters,
    pub latency: Latency,
    /// When false (state warm-up after a restart), state and decisions are updated but no action
    /// is emitted.
    pub emit: bool,
    /// Keep the model inputs of each transaction (for training) even without a model.
    pub collect_inputs: bool,
    /// A fixed clock for `emitted_ts_ms` (tests); wall clock when `None`.
    pub fixed_clock_ms: Option<i64>,
    /// Log events whose time is far ahead of the stream's (off for rule tests, whose events jump
    /// days on purpose).
    pub warn_far_ahead: bool,
    since_evict: u64,
    decision_stats: DecisionStats,
}

impl Pipeline {
    pub fn new(shared: Arc<Shared>) -> Pipeline {
        let n = shared.inputs.names.len();
        Pipeline {
            rules: Cached::new(&shared.rules),
            model: Cached::new(&shared.model),
            shared,
            inputs: vec![0.0; n],
            scratch: Vec::with_capacity(n),
            hits: Vec::with_capacity(32),
            counters: Counters::default(),
            latency: Latency::default(),
            emit: true,
            collect_inputs: false,
            fixed_clock_ms: None,
            warn_far_ahead: true,
            since_evict: 0,
            decision_stats: DecisionStats::default(),
        }
    }

    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules.value
    }

    /// Rule indices that fired on the last event (live and shadow).
    pub fn last_hits(&self) -> &[usize] {
        &self.hits
    }

    /// Model inputs of the last transaction (when a model is loaded or `collect_inputs` is set).
    pub fn last_inputs(&self) -> &[f64] {
        &self.inputs
    }

    /// The feature row `event` would get now (state before the event), as JSON `{name: value}`,
    /// missing values left out. For analysts exporting features; not used on the hot path.
    pub fn features_json(&self, event: &Event) -> serde_json::Value {
        let cooldown = self.rules.value.settings().warning_cooldown_ms;
        let mut row: Row<'_> = features::empty_row();
        compute(
            event,
            &Keys::of(event),
            &self.shared.state,
            cooldown,
            &mut row,
        );
        let schema = features::schema();
        let mut map = serde_json::Map::new();
        for (f, v) in schema.fields().iter().zip(row.iter()) {
            let j = match *v {
                Value::Missing => continue,
                Value::Bool(b) => b.into(),
                Value::Int(i) => i.into(),
                Value::Float(x) => x.into(),
                Value::Str(s) => s.into(),
            };
            map.insert(f.name.to_string(), j);
        }
        serde_json::Value::Object(map)
    }

    /// Decodes and processes one payload, returning the event; a decode error is counted and
    /// returned for the dead-letter sink.
    pub fn process_bytes(
        &mut self,
        bytes: &[u8],
        source: &'static str,
        out: &mut Vec<Action>,
    ) -> Result<Event, DecodeError> {
        let t = Instant::now();
        let event = decode(bytes);
        let decoded = Instant::now();
        self.latency
            .record(Stage::Decode, (decoded - t).as_nanos() as u64);
        match event {
            Ok(e) => {
                self.process_from(&e, source, out, decoded);
                Ok(e)
            }
            Err(e) => {
                self.counters.dead_letter(e.reason_code());
                Err(e)
            }
        }
    }

    /// Processes one decoded event, appending the actions it causes to `out`.
    pub fn process(&mut self, event: &Event, source: &'static str, out: &mut Vec<Action>) {
        self.process_from(event, source, out, Instant::now());
    }

    /// [`Pipeline::process`] with the clock already read at `start`. `Stage::Score` is recorded
    /// for every event; the per-stage breakdown (features, model, rules, decision, state update)
    /// for one event in [`STAGE_SAMPLE`], which saves five clock reads on the others.
    fn process_from(
        &mut self,
        event: &Event,
        source: &'static str,
        out: &mut Vec<Action>,
        start: Instant,
    ) {
        if self.rules.refresh(&self.shared.rules) {
            tracing::info!(version = self.rules.value.version(), "rules swapped in");
        }
        self.model.refresh(&self.shared.model);
        let timed = self.since_evict.is_multiple_of(STAGE_SAMPLE);
        let mut lap = Lap { last: start, timed };
        let state = &self.shared.state;
        if let Some(repeat) = state.seen.record(event) {
            // a re-delivered record, or a transfer sent again under another event id: it was
            // scored and folded into state once; again would count its money twice
            self.counters.repeats_skipped += 1;
            tracing::debug!(event_id = %event.event_id, ?repeat, "already scored: skipped");
            return;
        }
        let ahead = state.advance(event.ts_ms);
        if ahead > FAR_AHEAD_MS && self.warn_far_ahead {
            tracing::warn!(
                event_id = %event.event_id,
                ahead_h = ahead / 3_600_000,
                "event time far ahead of the stream's: the eviction clock follows at most an hour per event"
            );
        }
        self.counters.event(event.type_name(), source);

        let rules = &self.rules.value;
        let cooldown = rules.settings().warning_cooldown_ms;
        let keys = Keys::of(event);
        let mut row: Row<'_> = features::empty_row();
        compute(event, &keys, state, cooldown, &mut row);
        lap.stage(&mut self.latency, Stage::Features);

        let is_txn = matches!(event.body, EventBody::Transaction(_));
        let mut model_used = None;
        if is_txn && (self.model.value.is_some() || self.collect_inputs) {
            self.shared.inputs.fill(&row, &mut self.inputs);
            if let Some(m) = self.model.value.as_ref() {
                let score = m.score(&self.inputs, &mut self.scratch);
                row[F::ModelScore as usize] = Value::Float(score);
                model_used = Some(ModelUsed {
                    id: &m.artifact.id,
                    version: &m.artifact.version,
                    score,
                });
            }
        }
        lap.stage(&mut self.latency, Stage::Model);

        rules.evaluate(&row, &mut self.hits);
        for &i in &self.hits {
            self.counters.rule_hit(&rules.rules()[i].id);
        }
        lap.stage(&mut self.latency, Stage::Rules);

        // Decisions run even when not emitting (warm-up): they are part of the state (who was
        // warned, which accounts are frozen), so a restarted processor decides as before.
        let before = out.len();
        // the wall clock stamps actions (`emitted_ts_ms`): read only when a rule fired
        let now = match self.fixed_clock_ms {
            Some(t) => t,
            None if self.hits.is_empty() => 0,
            None => wall_clock_ms(),
        };
        decide(
            event,
            &row,
            rules,
            &self.hits,
            model_used,
            state,
            now,
            out,
            &mut self.decision_stats,
        );
        if self.emit {
            for a in &out[before..] {
                self.counters.action(a.kind.as_str(), a.severity.as_str());
            }
            self.counters.shadow_hits += self.decision_stats.shadow_hits as u64;
            self.counters.warnings_suppressed_by_cooldown +=
                self.decision_stats.suppressed_cooldown as u64;
            self.counters.duplicates_suppressed += self.decision_stats.suppressed_duplicate as u64;
        } else {
            out.truncate(before);
        }
        self.decision_stats = DecisionStats::default();
        lap.stage(&mut self.latency, Stage::Decision);

        update_state(event, &keys, state);
        self.since_evict += 1;
        if self.since_evict >= EVICT_EVERY {
            self.since_evict = 0;
            state.evict();
        }
        let end = Instant::now();
        if timed {
            self.latency
                .record(Stage::StateUpdate, (end - lap.last).as_nanos() as u64);
        }
        self.latency
            .record(Stage::Score, (end - start).as_nanos() as u64);
    }
}

/// The per-stage histograms time one event in this many (`Stage::Score` and `Stage::Decode`
/// time every event).
pub const STAGE_SAMPLE: u64 = 8;

/// Stage timing of one event: reads the clock only when the event is sampled.
struct Lap {
    last: Instant,
    timed: bool,
}

impl Lap {
    fn stage(&mut self, latency: &mut Latency, stage: Stage) {
        if self.timed {
            let now = Instant::now();
            latency.record(stage, (now - self.last).as_nanos() as u64);
            self.last = now;
        }
    }
}

pub fn wall_clock_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The account used this device or address at `now`: returns the link and how many accounts it
/// links (0 when it is shared).
fn note_link(links: &Table<DeviceState>, link: u64, account: u64, now: Secs) -> (u64, usize) {
    let mut l = links.entry(link).or_default();
    l.note(account, now);
    (link, l.sharers())
}

/// One device is kept per account: the personal one more accounts were used from (a gang's phone
/// over the holder's own), or on a tie the latest.
fn keep_link(kept: &mut KeptDevice, links: &Table<DeviceState>, link: Option<(u64, usize)>) {
    if let Some((l, sharers)) = link {
        let kept_sharers = kept
            .get()
            .filter(|old| *old != l)
            .and_then(|old| links.get(&old).map(|o| o.sharers()))
            .unwrap_or(0);
        if kept_sharers <= sharers {
            kept.note(l);
        }
    }
}

/// Folds the event into the state (after its features were read and decisions taken).
fn update_state(event: &Event, keys: &Keys, state: &State) {
    let ts = event.ts_ms;
    match (&event.body, keys) {
        (EventBody::Transaction(t), Keys::Transfer(k)) => {
            let now = crate::state::ring::to_secs(ts);
            let new_relation = {
                let mut r = state.relations.entry(k.pair).or_default();
                let new = r.count == 0 || r.first > now;
                if r.count == 0 || now < r.first {
                    r.first = now;
                }
                r.last = r.last.max(now);
                r.count = r.count.saturating_add(1);
                new
            };
            let (payer_k, payee_k) = (k.payer, k.payee);
            // the device and the internet address, and how many accounts each links (0 when
            // shared)
            let device = k.device.map(|d| note_link(&state.devices, d, payer_k, now));
            let network = k
                .network
                .map(|n| note_link(&state.networks, n, payer_k, now));
            let payer_flags = {
                let mut payer = state.accounts.entry(payer_k).or_default();
                // a transfer to one's own account is not a new payee (as in the features)
                let flow = features::flow_flags(new_relation && payer_k != payee_k, false, false);
                payer.record_out(ts, t.amount_fen, payee_k as u32, flow);
                if let Some(phone) = &t.payer_phone {
                    payer.phone = BoundPhone::pack(phone);
                }
                let own = payer.holder != 0
                    && t.payee_name
                        .as_deref()
                        .map(|n| key(n) as u32 == payer.holder)
                        .unwrap_or(false);
                payer.note_forward(ts, t.amount_fen, own);
                keep_link(&mut payer.device, &state.devices, device);
                // the address is the one used last: a café's Wi-Fi once is not who one is
                if let Some((n, _)) = network {
                    payer.network.note(n);
                }
                payer.flags
            };
            let listed_mule = state.account_listed(payer_k) & lists::MULE_ACCOUNTS != 0;
            let flow = features::flow_flags(
                new_relation,
                payer_flags & SUSPECT_VICTIM != 0,
                payer_flags & MULE != 0 || listed_mule,
            );
            if payer_k == payee_k {
                return; // to one's own account (a cash withdrawal): nothing came in
            }
            if card_tests::is_card_test(t) {
                state
                    .card_tests
                    .entry(payee_k)
                    .or_default()
                    .note(payer_k, now);
            }
            let mut payee = state.accounts.entry(payee_k).or_default();
            payee.record_in(ts, t.amount_fen, payer_k as u32, flow);
            if let Some(name) = t.payee_name.as_deref().filter(|n| !n.is_empty()) {
                let holder = key(name) as u32;
                // the name is read again only when it changes; a shop stays one when a customer
                // paying by bank transfer sees the owner's own name (a sole proprietor's card)
                if holder != payee.holder {
                    payee.holder = holder;
                    if holder::is_storefront(name) {
                        payee.flags |= SHOP;
                    }
                }
            }
        }
        (EventBody::Call(c), Keys::Call(k)) => {
            let caller = k.caller;
            let is_end = c.phase == CallPhase::End;
            // the fan-out is counted at the start; an end only closes the call it belongs to
            let calls_24h = if is_end {
                0
            } else {
                state
                    .callers
                    .get(&caller)
                    .map(|s| s.starts_24h(ts))
                    .unwrap_or(0)
            };
            let rec = CallRec::from_event(ts, c, calls_24h);
            let callee = k.callee;
            let mut phone = state.phones.entry(callee).or_default();
            let call = phone.record(rec, is_end);
            // A verified allow-listed line (a bank's service number) is not a risky conversation.
            if is_end
                && call.is_long_risky_conversation()
                && !state.caller_vouched(caller, call.spoof)
            {
                phone.long_calls.note(call.end_ms, call.kind, call.spoof);
            }
            drop(phone);
            let mut cs = state.callers.entry(caller).or_default();
            if is_end {
                cs.record_end(ts, c.duration_s.unwrap_or(0), callee as u32);
            } else {
                cs.record_start(ts);
            }
        }
        (EventBody::Watchlist(w), _) => {
            let map = match w.entity {
                WatchlistEntity::Phone => &state.phone_lists,
                WatchlistEntity::Account => &state.account_lists,
            };
            let k = key(&w.value);
            let bit = lists::bit(&w.list);
            match w.op {
                WatchlistOp::Add => *map.entry(k).or_default() |= bit,
                WatchlistOp::Remove => {
                    let empty = map.get_mut(&k).map(|mut v| {
                        *v &= !bit;
                        *v == 0
                    });
                    if empty == Some(true) {
                        map.remove(&k);
                    }
                }
            }
        }
        // Keys::of(event) is of the event's own kind
        _ => unreachable!("keys of another kind of event"),
    }
}
