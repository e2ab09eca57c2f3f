//! The Kafka source: a consumer-group member on the event topics. Records are decoded on arrival,
//! held in event-time order across partitions ([`super::reorder`]), and released to the pipeline.
//! A new group starts from the earliest offsets, so no event is skipped because the processor
//! started late. Offsets are committed by the caller, only after the actions are acknowledged.

use super::reorder::{PartitionId, Reorder};
use crate::config::KafkaConfig;
use crate::metrics::{Latency, Stage};
use anyhow::{anyhow, Result};
use fanzha_contract::{decode, DecodeError, Event};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::message::{Message, Timestamp};
use rdkafka::statistics::Statistics;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::ClientContext;
use std::collections::{BTreeMap, HashSet};
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the consumer tells the rest of the process: lag per partition, assignment.
#[derive(Default)]
pub struct ConsumerView {
    /// (topic, partition) → consumer lag in records, from librdkafka statistics.
    pub lag: Mutex<BTreeMap<(String, i32), i64>>,
    pub assigned: AtomicBool,
    /// Set by a rebalance; the source then re-registers its partitions with the reorder buffer.
    pub rebalanced: AtomicBool,
}

pub struct ViewContext(pub Arc<ConsumerView>);

impl ClientContext for ViewContext {
    fn stats(&self, stats: Statistics) {
        let mut lag = BTreeMap::new();
        for (topic, t) in stats.topics {
            for (p, part) in t.partitions {
                if p >= 0 && part.consumer_lag >= 0 {
                    lag.insert((topic.clone(), p), part.consumer_lag);
                }
            }
        }
        if let Ok(mut l) = self.0.lag.lock() {
            *l = lag;
        }
    }
}

impl ConsumerContext for ViewContext {
    fn post_rebalance(&self, _c: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(tpl) => {
                tracing::info!(partitions = tpl.count(), "partitions assigned");
                self.0.assigned.store(tpl.count() > 0, Ordering::Relaxed);
                self.0.rebalanced.store(true, Ordering::Relaxed);
            }
            Rebalance::Revoke(tpl) => {
                tracing::info!(partitions = tpl.count(), "partitions revoked");
                self.0.assigned.store(false, Ordering::Relaxed);
                self.0.rebalanced.store(true, Ordering::Relaxed);
            }
            Rebalance::Error(e) => tracing::error!(error = %e, "rebalance error"),
        }
    }
}

/// A record released to the pipeline.
pub struct Released {
    pub topic: u16,
    pub partition: i32,
    pub offset: i64,
    /// The broker record's timestamp (CreateTime from the producer), for end-to-end latency.
    pub record_ts_ms: i64,
    /// When this process polled it (the reorder hold is measured from here).
    pub polled: Instant,
    pub event: Event,
}

/// What one [`KafkaSource::poll_one`] got.
enum Polled {
    Nothing,
    Held,
    Rejected(Rejected),
}

/// A record that could not be decoded: it goes to the dead-letter topic at once.
pub struct Rejected {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub error: DecodeError,
    pub payload: Vec<u8>,
}

pub struct KafkaSource {
    pub consumer: BaseConsumer<ViewContext>,
    pub view: Arc<ConsumerView>,
    topics: Vec<String>,
    /// The topic names for librdkafka's C API (cached watermarks).
    topics_c: Vec<CString>,
    reorder: Reorder<Released>,
    /// Broker hop ([`Stage::Fetch`]) and reorder hold ([`Stage::Hold`]) of the records polled
    /// and released since the last reset.
    pub latency: Latency,
    /// Since when a rebalance has left this member without partitions, and when to rejoin.
    empty_since: Option<Instant>,
    rejoin_after: Duration,
}

/// A member left without partitions rejoins the group after this long, then after twice as long,
/// up to [`REJOIN_MAX`]. tansu 0.6 can leave a restarted processor with an empty assignment for
/// good when the member it replaces (killed, not closed) led the group: it evicts the dead leader
/// after its session timeout but does not start a new rebalance. Rejoining fixes that; with real
/// Kafka it only costs an idle member (more members than partitions) a rebalance now and then.
const REJOIN_FIRST: Duration = Duration::from_secs(10);
const REJOIN_MAX: Duration = Duration::from_secs(120);

pub fn consumer_config(cfg: &KafkaConfig) -> ClientConfig {
    let mut cc = ClientConfig::new();
    cc.set("bootstrap.servers", &cfg.brokers)
        .set("group.id", &cfg.group_id)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("statistics.interval.ms", "5000")
        .set("session.timeout.ms", "10000")
        .set("fetch.wait.max.ms", "20");
    for (k, v) in &cfg.consumer {
        cc.set(k, v);
    }
    cc
}

impl KafkaSource {
    pub fn new(cfg: &KafkaConfig) -> Result<KafkaSource> {
        let view = Arc::new(ConsumerView::default());
        let consumer: BaseConsumer<ViewContext> = consumer_config(cfg)
            .create_with_context(ViewContext(view.clone()))
            .map_err(|e| anyhow!("creating the Kafka consumer for {}: {e}", cfg.brokers))?;
        let topics: Vec<&str> = cfg.input_topics.iter().map(|s| s.as_str()).collect();
        consumer
            .subscribe(&topics)
            .map_err(|e| anyhow!("subscribing to {topics:?}: {e}"))?;
        Ok(KafkaSource {
            consumer,
            view,
            topics: cfg.input_topics.clone(),
            topics_c: cfg
                .input_topics
                .iter()
                .map(|t| CString::new(t.as_str()))
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow!("config key kafka.input_topics: {e}"))?,
            reorder: Reorder::new(Duration::from_millis(cfg.idle_partition_ms)),
            latency: Latency::default(),
            empty_since: None,
            rejoin_after: REJOIN_FIRST,
        })
    }

    pub fn topic_name(&self, idx: u16) -> &str {
        &self.topics[idx as usize]
    }

    pub fn held(&self) -> usize {
        self.reorder.len()
    }

    /// Polls: waits up to `timeout` for a record, then takes whatever else librdkafka already
    /// holds (up to `max` records in all), so that a whole fetch response is in the reorder
    /// buffer, and every partition's cached high watermark is from it, before the next release.
    /// A malformed record goes to `on_rejected` (for the dead-letter topic).
    pub fn poll(
        &mut self,
        timeout: Duration,
        max: usize,
        mut on_rejected: impl FnMut(Rejected) -> Result<()>,
    ) -> Result<()> {
        let mut wait = timeout;
        for _ in 0..max {
            match self.poll_one(wait)? {
                Polled::Nothing => break,
                Polled::Held => {}
                Polled::Rejected(r) => on_rejected(r)?,
            }
            wait = Duration::ZERO;
        }
        Ok(())
    }

    fn poll_one(&mut self, timeout: Duration) -> Result<Polled> {
        let msg = self.consumer.poll(timeout);
        if self.view.rebalanced.swap(false, Ordering::Relaxed) {
            let has_partitions = on_rebalance(&self.consumer, &self.topics, &mut self.reorder);
            if has_partitions {
                self.empty_since = None;
                self.rejoin_after = REJOIN_FIRST;
            } else if self.empty_since.is_none() {
                self.empty_since = Some(Instant::now());
            }
        }
        if let Some(since) = self.empty_since {
            if since.elapsed() >= self.rejoin_after {
                tracing::warn!(
                    secs = since.elapsed().as_secs(),
                    "no partitions assigned: rejoining the group (a dead member may still hold them)"
                );
                let topics: Vec<&str> = self.topics.iter().map(|s| s.as_str()).collect();
                self.consumer.unsubscribe();
                self.consumer
                    .subscribe(&topics)
                    .map_err(|e| anyhow!("subscribing to {topics:?}: {e}"))?;
                self.empty_since = Some(Instant::now());
                self.rejoin_after = (self.rejoin_after * 2).min(REJOIN_MAX);
            }
        }
        let Some(msg) = msg else {
            return Ok(Polled::Nothing);
        };
        let msg = match msg {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "consumer error");
                return Ok(Polled::Nothing);
            }
        };
        let now = Instant::now();
        let topic = self
            .topics
            .iter()
            .position(|t| t == msg.topic())
            .unwrap_or(0) as u16;
        let part: PartitionId = (topic, msg.partition());
        let payload = msg.payload().unwrap_or(&[]);
        match decode(payload) {
            Ok(event) => {
                let record_ts_ms = match msg.timestamp() {
                    Timestamp::CreateTime(t) | Timestamp::LogAppendTime(t) => t,
                    Timestamp::NotAvailable => 0,
                };
                if record_ts_ms > 0 {
                    let hop_ms = crate::pipeline::wall_clock_ms() - record_ts_ms;
                    self.latency
                        .record(Stage::Fetch, hop_ms.max(0) as u64 * 1_000_000);
                }
                let ts = event.ts_ms;
                let released = Released {
                    topic,
                    partition: msg.partition(),
                    offset: msg.offset(),
                    record_ts_ms,
                    polled: now,
                    event,
                };
                self.reorder.push(part, msg.offset(), ts, released, now);
                Ok(Polled::Held)
            }
            Err(error) => {
                self.reorder.pass(part, msg.offset(), now);
                Ok(Polled::Rejected(Rejected {
                    topic: msg.topic().to_string(),
                    partition: msg.partition(),
                    offset: msg.offset(),
                    error,
                    payload: payload.to_vec(),
                }))
            }
        }
    }

    /// Releases held records in event-time order (all of them with `drain`). A quiet partition
    /// keeps holding the others back while the broker has records of it that were not delivered
    /// yet (librdkafka's cached high watermark from the last fetch, no broker round trip).
    pub fn release(&mut self, drain: bool, mut f: impl FnMut(&Released)) {
        let rk = self.consumer.client().native_ptr();
        let topics_c = &self.topics_c;
        let mut behind = |(t, p): PartitionId, next: Option<i64>| -> bool {
            let (mut lo, mut hi) = (-1i64, -1i64);
            // SAFETY: `rk` is the live consumer handle, the topic name a NUL-terminated string;
            // librdkafka only reads its cached offsets under the partition lock.
            let err = unsafe {
                rdkafka::bindings::rd_kafka_get_watermark_offsets(
                    rk,
                    topics_c[t as usize].as_ptr(),
                    p,
                    &mut lo,
                    &mut hi,
                )
            };
            if err != rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || hi < 0 {
                return true; // no fetch answered yet: unknown, so wait (bounded by STALL_MAX)
            }
            next.unwrap_or(lo.max(0)) < hi
        };
        let now = Instant::now();
        let latency = &mut self.latency;
        self.reorder.release_with(now, drain, &mut behind, |r| {
            let ns = now.saturating_duration_since(r.polled).as_nanos() as u64;
            latency.record(Stage::Hold, ns);
            f(&r)
        });
    }

    /// Commits, synchronously, the offsets of everything released so far.
    pub fn commit(&mut self) -> Result<()> {
        let mut tpl = TopicPartitionList::new();
        for ((topic, partition), offset) in self.reorder.committable() {
            if offset > 0 {
                tpl.add_partition_offset(
                    &self.topics[topic as usize],
                    partition,
                    Offset::Offset(offset),
                )
                .map_err(|e| anyhow!("{e}"))?;
            }
        }
        if tpl.count() == 0 {
            return Ok(());
        }
        self.consumer
            .commit(&tpl, CommitMode::Sync)
            .map_err(|e| anyhow!("committing offsets: {e}"))
    }
}

/// After a rebalance: forget revoked partitions, register the assigned ones with where they
/// start (the group's committed offsets), so that a partition whose records have not arrived
/// yet holds back the release of the others.
/// Returns whether any partition is assigned.
fn on_rebalance(
    consumer: &BaseConsumer<ViewContext>,
    topics: &[String],
    reorder: &mut Reorder<Released>,
) -> bool {
    let assignment = match consumer.assignment() {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "reading the assignment");
            return true;
        }
    };
    let index = |t: &str| topics.iter().position(|x| x == t).map(|i| i as u16);
    let assigned: HashSet<PartitionId> = assignment
        .elements()
        .iter()
        .filter_map(|e| Some((index(e.topic())?, e.partition())))
        .collect();
    reorder.retain_parts(|k| assigned.contains(k));
    if assigned.is_empty() {
        return false;
    }
    let committed = consumer
        .committed(Duration::from_secs(10))
        .map_err(|e| tracing::warn!(error = %e, "reading the committed offsets"))
        .ok();
    let now = Instant::now();
    for e in assignment.elements() {
        let Some(t) = index(e.topic()) else { continue };
        let start = committed
            .as_ref()
            .and_then(|c| c.find_partition(e.topic(), e.partition()))
            .and_then(|c| match c.offset() {
                Offset::Offset(o) => Some(o),
                _ => None,
            });
        reorder.register((t, e.partition()), start, now);
    }
    true
}

/// Reads the history before the group's committed offsets (at most `window_ms` of broker time, at
/// most `max_records`), in event-time order, so that state after a restart is what it was.
/// Returns the events; nothing is committed.
/// Gives up early (returning what it read) when `stop` is set.
pub fn warmup_events(
    cfg: &KafkaConfig,
    window_ms: i64,
    max_records: usize,
    stop: &AtomicBool,
) -> Result<Vec<Event>> {
    let consumer: BaseConsumer = consumer_config(cfg)
        .create()
        .map_err(|e| anyhow!("creating the warm-up consumer: {e}"))?;
    let timeout = Duration::from_secs(10);
    let mut wanted = TopicPartitionList::new();
    for t in &cfg.input_topics {
        let md = consumer
            .fetch_metadata(Some(t), timeout)
            .map_err(|e| anyhow!("metadata of {t}: {e}"))?;
        for topic in md.topics() {
            for p in topic.partitions() {
                wanted.add_partition(t, p.id());
            }
        }
    }
    let committed = consumer
        .committed_offsets(wanted.clone(), timeout)
        .map_err(|e| anyhow!("committed offsets of group {}: {e}", cfg.group_id))?;
    let since = crate::pipeline::wall_clock_ms() - window_ms;
    let mut by_time = TopicPartitionList::new();
    let mut ends = BTreeMap::new();
    for e in committed.elements() {
        if let Offset::Offset(end) = e.offset() {
            if end > 0 {
                ends.insert((e.topic().to_string(), e.partition()), end);
                by_time
                    .add_partition_offset(e.topic(), e.partition(), Offset::Offset(since))
                    .map_err(|e| anyhow!("{e}"))?;
            }
        }
    }
    if ends.is_empty() {
        return Ok(Vec::new());
    }
    let starts = consumer
        .offsets_for_times(by_time, timeout)
        .map_err(|e| anyhow!("offsets for times: {e}"))?;
    let mut assign = TopicPartitionList::new();
    for e in starts.elements() {
        let end = ends[&(e.topic().to_string(), e.partition())];
        let start = match e.offset() {
            Offset::Offset(o) if o < end => o,
            Offset::End | Offset::Offset(_) => continue,
            _ => 0,
        };
        assign
            .add_partition_offset(e.topic(), e.partition(), Offset::Offset(start))
            .map_err(|e| anyhow!("{e}"))?;
    }
    if assign.count() == 0 {
        return Ok(Vec::new());
    }
    consumer
        .assign(&assign)
        .map_err(|e| anyhow!("warm-up assign: {e}"))?;
    let mut done: BTreeMap<(String, i32), bool> = ends.keys().map(|k| (k.clone(), false)).collect();
    // partitions with nothing to read are done from the start
    for (k, d) in done.iter_mut() {
        if assign.find_partition(&k.0, k.1).is_none() {
            *d = true;
        }
    }
    let mut events = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(300);
    while done.values().any(|d| !d)
        && events.len() < max_records
        && Instant::now() < deadline
        && !stop.load(Ordering::Relaxed)
    {
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(500)) else {
            continue;
        };
        let k = (m.topic().to_string(), m.partition());
        let end = ends[&k];
        if m.offset() >= end {
            done.insert(k, true);
            continue;
        }
        if let Ok(e) = decode(m.payload().unwrap_or(&[])) {
            events.push(e);
        }
        if m.offset() + 1 >= end {
            done.insert(k, true);
        }
    }
    events.sort_by_key(|e| e.ts_ms);
    Ok(events)
}
