//! The tests' Kafka side: per-test topics, producing events, reading topics, offsets and actions
//! back.

use crate::{brokers, unique, TIMEOUT};
use fanzha_contract::{Action, Event};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::ClientConfig;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// One test's topics and consumer group.
#[derive(Debug, Clone)]
pub struct Topics {
    pub transactions: String,
    pub calls: String,
    pub watchlist: String,
    pub bank: String,
    pub warnings: String,
    pub dlq: String,
    pub group: String,
}

impl Topics {
    /// Creates the six topics (`partitions` each, with `retention.ms`) named after the test.
    pub fn create(test: &str, partitions: i32) -> Topics {
        let base = unique(&format!("e2e.{test}"));
        let t = Topics {
            transactions: format!("{base}.transactions"),
            calls: format!("{base}.calls"),
            watchlist: format!("{base}.watchlist"),
            bank: format!("{base}.actions.bank"),
            warnings: format!("{base}.warnings"),
            dlq: format!("{base}.dlq"),
            group: format!("{base}.group"),
        };
        create_topics(&t.all(), partitions);
        t
    }

    pub fn inputs(&self) -> [&str; 3] {
        [&self.transactions, &self.calls, &self.watchlist]
    }

    pub fn outputs(&self) -> [&str; 2] {
        [&self.bank, &self.warnings]
    }

    pub fn all(&self) -> Vec<String> {
        vec![
            self.transactions.clone(),
            self.calls.clone(),
            self.watchlist.clone(),
            self.bank.clone(),
            self.warnings.clone(),
            self.dlq.clone(),
        ]
    }

    /// The test topic for an event (its contract topic, renamed).
    pub fn for_event(&self, e: &Event) -> &str {
        match e.topic() {
            fanzha_contract::topics::TRANSACTIONS => &self.transactions,
            fanzha_contract::topics::CALLS => &self.calls,
            _ => &self.watchlist,
        }
    }

    /// The `FANZHA_*` overrides that point the processor at these topics and this group.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("FANZHA_KAFKA_BROKERS".into(), brokers()),
            (
                "FANZHA_KAFKA_INPUT_TOPICS".into(),
                format!(
                    "[\"{}\", \"{}\", \"{}\"]",
                    self.transactions, self.calls, self.watchlist
                ),
            ),
            ("FANZHA_KAFKA_ACTIONS_BANK_TOPIC".into(), self.bank.clone()),
            ("FANZHA_KAFKA_WARNINGS_TOPIC".into(), self.warnings.clone()),
            ("FANZHA_KAFKA_DLQ_TOPIC".into(), self.dlq.clone()),
            ("FANZHA_KAFKA_GROUP_ID".into(), self.group.clone()),
        ]
    }
}

/// Creates topics with `retention.ms` (tansu keeps no topic config it was not given) and waits
/// until the metadata shows every partition.
pub fn create_topics(names: &[String], partitions: i32) {
    fanzha_load::create_topics(&brokers(), names, partitions, TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A consumer without a group (for metadata, watermarks and reading topics by assignment).
pub fn plain_consumer() -> BaseConsumer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .set("group.id", unique("e2e-reader"))
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .create()
        .expect("a consumer")
}

/// An idempotent producer with acks=all, like the processor's.
pub fn producer() -> ThreadedProducer<DefaultProducerContext> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set("linger.ms", "5")
        .set("message.timeout.ms", "60000")
        .create()
        .expect("a producer")
}

fn send_retrying(
    p: &ThreadedProducer<DefaultProducerContext>,
    topic: &str,
    key: &str,
    payload: &[u8],
) {
    let mut record = BaseRecord::to(topic).key(key).payload(payload);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match p.send(record) {
            Ok(()) => return,
            Err((e, r)) => {
                assert!(
                    Instant::now() < deadline,
                    "producing to {topic} did not get through: {e}"
                );
                p.poll(Duration::from_millis(10));
                record = r;
            }
        }
    }
}

/// Produces events to their (test) topics with the contract's record key; waits for the acks.
pub fn produce_events(topics: &Topics, events: &[Event]) {
    let p = producer();
    for e in events {
        send_retrying(&p, topics.for_event(e), e.key(), e.to_json().as_bytes());
    }
    p.flush(Duration::from_secs(120))
        .expect("every event acknowledged by the broker");
}

/// Produces raw payloads (`(topic, key, payload)`) in this order; waits for the acks.
pub fn produce_raw(records: &[(String, String, Vec<u8>)]) {
    let p = producer();
    for (t, k, v) in records {
        send_retrying(&p, t, k, v);
    }
    p.flush(Duration::from_secs(120))
        .expect("every record acknowledged by the broker");
}

/// Partition ids of a topic.
pub fn partitions(topic: &str) -> Vec<i32> {
    let c = plain_consumer();
    let md = c
        .fetch_metadata(Some(topic), TIMEOUT)
        .unwrap_or_else(|e| panic!("metadata of {topic}: {e}"));
    md.topics()
        .iter()
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .collect()
}

/// High watermark (end offset) of every partition of a topic.
pub fn end_offsets(topic: &str) -> BTreeMap<i32, i64> {
    let c = plain_consumer();
    partitions(topic)
        .into_iter()
        .map(|p| {
            let (_, hi) = c
                .fetch_watermarks(topic, p, TIMEOUT)
                .unwrap_or_else(|e| panic!("watermarks of {topic}/{p}: {e}"));
            (p, hi)
        })
        .collect()
}

/// Records in a topic (sum of the end offsets: the tests' topics start at 0 and never expire).
pub fn record_count(topic: &str) -> i64 {
    end_offsets(topic).values().sum()
}

/// Offsets committed by `group` on `topic`, per partition (`None` when nothing is committed).
pub fn committed_offsets(group: &str, topic: &str) -> BTreeMap<i32, Option<i64>> {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()
        .expect("a consumer");
    let mut tpl = TopicPartitionList::new();
    for p in partitions(topic) {
        tpl.add_partition(topic, p);
    }
    let got = c
        .committed_offsets(tpl, TIMEOUT)
        .unwrap_or_else(|e| panic!("committed offsets of {group} on {topic}: {e}"));
    got.elements()
        .iter()
        .map(|e| {
            let o = match e.offset() {
                Offset::Offset(o) => Some(o),
                _ => None,
            };
            (e.partition(), o)
        })
        .collect()
}

/// One record read back.
#[derive(Debug, Clone)]
pub struct Record {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub key: Option<String>,
    pub payload: String,
    pub headers: BTreeMap<String, String>,
}

/// Reads every record of the topics, from the beginning to the end offsets as they are now.
pub fn read_all(topics: &[&str]) -> Vec<Record> {
    let c = plain_consumer();
    let mut tpl = TopicPartitionList::new();
    let mut remaining: BTreeMap<(String, i32), i64> = BTreeMap::new();
    for t in topics {
        for (p, hi) in end_offsets(t) {
            if hi > 0 {
                tpl.add_partition_offset(t, p, Offset::Beginning)
                    .expect("partition added");
                remaining.insert((t.to_string(), p), hi);
            }
        }
    }
    let mut out = Vec::new();
    if remaining.is_empty() {
        return out;
    }
    c.assign(&tpl).expect("assign");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !remaining.is_empty() {
        assert!(
            Instant::now() < deadline,
            "reading {topics:?}: still missing up to {remaining:?}"
        );
        let Some(m) = c.poll(Duration::from_millis(200)) else {
            continue;
        };
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                eprintln!("reading {topics:?}: {e}");
                continue;
            }
        };
        let k = (m.topic().to_string(), m.partition());
        let mut headers = BTreeMap::new();
        if let Some(h) = m.headers() {
            for x in h.iter() {
                headers.insert(
                    x.key.to_string(),
                    String::from_utf8_lossy(x.value.unwrap_or_default()).into_owned(),
                );
            }
        }
        out.push(Record {
            topic: m.topic().to_string(),
            partition: m.partition(),
            offset: m.offset(),
            key: m.key().map(|k| String::from_utf8_lossy(k).into_owned()),
            payload: String::from_utf8_lossy(m.payload().unwrap_or_default()).into_owned(),
            headers,
        });
        if let Some(hi) = remaining.get(&k) {
            if m.offset() + 1 >= *hi {
                remaining.remove(&k);
            }
        }
    }
    out
}

/// Actions read back from the action topics, checked against the contract's keys and headers.
pub fn read_actions_from(topics: &Topics) -> Vec<Action> {
    read_all(&topics.outputs())
        .into_iter()
        .map(|r| {
            let a: Action = serde_json::from_str(&r.payload)
                .unwrap_or_else(|e| panic!("an action on {}: {e}: {}", r.topic, r.payload));
            let want_topic = match a.kind {
                fanzha_contract::ActionKind::EarlyWarning => &topics.warnings,
                _ => &topics.bank,
            };
            assert_eq!(
                &r.topic, want_topic,
                "{} went to the wrong topic",
                a.action_id
            );
            assert_eq!(
                r.key.as_deref(),
                Some(a.key()),
                "record key of {}",
                a.action_id
            );
            assert_eq!(
                r.headers.get("action_id"),
                Some(&a.action_id),
                "action_id header"
            );
            assert_eq!(
                r.headers.get("ruleset_version"),
                Some(&a.ruleset_version),
                "ruleset_version header"
            );
            a
        })
        .collect()
}
