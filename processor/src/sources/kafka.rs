//! The Kafka source: a consumer-group member on the event topics. Records are decoded on arrival,
//! held in event-time order across partitions ([`super::reorder`]), and released to the pipeline.
//! A new group starts from the earliest offsets, so no event is skipped because the processor
//! started late. Offsets are committed by the caller, only after the actions are acknowledged.

use super::reorder::{PartitionId, Reorder};
use crate::config::KafkaConfig;
use anyhow::{anyhow, Result};
use fanzha_contract::{decode, DecodeError, Event};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::message::{Message, Timestamp};
use rdkafka::statistics::Statistics;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::ClientContext;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the consumer tells the rest of the process: lag per partition, assignment.
#[derive(Default)]
pub struct ConsumerView {
    /// (topic, partition) → consumer lag in records, from librdkafka statistics.
    pub lag: Mutex<BTreeMap<(String, i32), i64>>,
    pub assigned: AtomicBool,
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
            }
            Rebalance::Revoke(tpl) => {
                tracing::info!(partitions = tpl.count(), "partitions revoked");
                self.0.assigned.store(false, Ordering::Relaxed);
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
    pub event: Event,
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
    reorder: Reorder<Released>,
}

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
            reorder: Reorder::new(Duration::from_millis(cfg.idle_partition_ms)),
        })
    }

    pub fn topic_name(&self, idx: u16) -> &str {
        &self.topics[idx as usize]
    }

    pub fn held(&self) -> usize {
        self.reorder.len()
    }

    /// Polls once (up to `timeout`); a malformed record comes back as `Err(Rejected)`.
    pub fn poll(&mut self, timeout: Duration) -> Result<Option<Rejected>> {
        let Some(msg) = self.consumer.poll(timeout) else {
            return Ok(None);
        };
        let msg = match msg {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "consumer error");
                return Ok(None);
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
                let ts = event.ts_ms;
                let released = Released {
                    topic,
                    partition: msg.partition(),
                    offset: msg.offset(),
                    record_ts_ms,
                    event,
                };
                self.reorder.push(part, msg.offset(), ts, released, now);
                Ok(None)
            }
            Err(error) => {
                self.reorder.pass(part, msg.offset(), now);
                Ok(Some(Rejected {
                    topic: msg.topic().to_string(),
                    partition: msg.partition(),
                    offset: msg.offset(),
                    error,
                    payload: payload.to_vec(),
                }))
            }
        }
    }

    /// Releases held records in event-time order (all of them with `drain`).
    pub fn release(&mut self, drain: bool, f: impl FnMut(Released)) {
        self.reorder.release(Instant::now(), drain, f);
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

/// Reads the history before the group's committed offsets (at most `window_ms` of broker time, at
/// most `max_records`), in event-time order, so that state after a restart is what it was.
/// Returns the events; nothing is committed.
pub fn warmup_events(cfg: &KafkaConfig, window_ms: i64, max_records: usize) -> Result<Vec<Event>> {
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
    while done.values().any(|d| !d) && events.len() < max_records && Instant::now() < deadline {
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
