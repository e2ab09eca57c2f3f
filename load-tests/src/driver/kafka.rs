//! Topics, the producer, the action reader and the bare consume-and-discard loop.

use super::now_ns;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::ClientConfig;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One run's topics and the processor's consumer group.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Topics {
    pub inputs: [String; 3],
    pub bank: String,
    pub warnings: String,
    pub dlq: String,
    pub group: String,
}

pub fn unique_tag() -> String {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() % 1_000_000_000)
        .unwrap_or(0);
    format!("{}-{t}", std::process::id())
}

impl Topics {
    pub fn named(base: &str) -> Topics {
        Topics {
            inputs: [
                format!("{base}.transactions"),
                format!("{base}.calls"),
                format!("{base}.watchlist"),
            ],
            bank: format!("{base}.actions.bank"),
            warnings: format!("{base}.warnings"),
            dlq: format!("{base}.dlq"),
            group: format!("{base}.fanzha"),
        }
    }

    pub fn all(&self) -> Vec<String> {
        let mut v = self.inputs.to_vec();
        v.extend([self.bank.clone(), self.warnings.clone(), self.dlq.clone()]);
        v
    }

    /// `FANZHA_*` overrides that point the processor at these topics and this group.
    pub fn processor_env(&self, brokers: &str) -> Vec<(String, String)> {
        vec![
            ("FANZHA_KAFKA_BROKERS".into(), brokers.into()),
            (
                "FANZHA_KAFKA_INPUT_TOPICS".into(),
                format!(
                    "[\"{}\", \"{}\", \"{}\"]",
                    self.inputs[0], self.inputs[1], self.inputs[2]
                ),
            ),
            ("FANZHA_KAFKA_ACTIONS_BANK_TOPIC".into(), self.bank.clone()),
            ("FANZHA_KAFKA_WARNINGS_TOPIC".into(), self.warnings.clone()),
            ("FANZHA_KAFKA_DLQ_TOPIC".into(), self.dlq.clone()),
            ("FANZHA_KAFKA_GROUP_ID".into(), self.group.clone()),
        ]
    }
}

/// Creates the topics and waits until their partitions show in the metadata.
pub fn create_topics(brokers: &str, names: &[String], partitions: i32) -> Result<(), String> {
    fanzha_load::create_topics(brokers, names, partitions, Duration::from_secs(30))
}

pub fn consumer_with_wait(brokers: &str, group: &str, fetch_wait_ms: u32) -> BaseConsumer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .set("fetch.wait.max.ms", fetch_wait_ms.to_string())
        .create()
        .expect("a consumer")
}

pub fn producer(brokers: &str, linger_ms: u32) -> ThreadedProducer<DefaultProducerContext> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("acks", "all")
        .set("linger.ms", linger_ms.to_string())
        .set("queue.buffering.max.messages", "2000000")
        .set("queue.buffering.max.kbytes", "1048576")
        .set("message.timeout.ms", "120000")
        .create()
        .expect("a producer")
}

/// Enqueues one record, waiting for room in the producer queue when it is full.
pub fn send(
    p: &ThreadedProducer<DefaultProducerContext>,
    topic: &str,
    key: &str,
    payload: &[u8],
) -> Result<(), String> {
    let mut record = BaseRecord::to(topic).key(key).payload(payload);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match p.send(record) {
            Ok(()) => return Ok(()),
            Err((e, r)) => {
                if Instant::now() > deadline {
                    return Err(format!("producing to {topic}: {e}"));
                }
                std::thread::sleep(Duration::from_micros(500));
                record = r;
            }
        }
    }
}

pub fn flush(p: &ThreadedProducer<DefaultProducerContext>) -> Result<(), String> {
    p.flush(Duration::from_secs(120))
        .map_err(|e| format!("flushing the producer: {e}"))
}

/// A consumer assigned to every partition of `topics` from the beginning (no group membership).
pub fn reader(brokers: &str, topics: &[&str], fetch_wait_ms: u32) -> Result<BaseConsumer, String> {
    let c = consumer_with_wait(
        brokers,
        &format!("fzload-reader-{}", unique_tag()),
        fetch_wait_ms,
    );
    let mut tpl = TopicPartitionList::new();
    for t in topics {
        let md = c
            .fetch_metadata(Some(t), Duration::from_secs(10))
            .map_err(|e| format!("metadata of {t}: {e}"))?;
        for mt in md.topics() {
            for p in mt.partitions() {
                tpl.add_partition_offset(t, p.id(), Offset::Beginning)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    c.assign(&tpl).map_err(|e| format!("assign: {e}"))?;
    Ok(c)
}

/// The transport ceiling: a group consumer on `topics` that reads `expect` records and throws
/// them away, printing `progress <count>` every 100 ms (the driver runs this as a child process,
/// `load bare-consume`, so that its CPU time is its own).
pub fn bare_consume(brokers: &str, topics: &[String], group: &str, expect: u64, timeout: Duration) {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "10000")
        .set("fetch.wait.max.ms", "20")
        .create()
        .expect("a consumer");
    let refs: Vec<&str> = topics.iter().map(|s| s.as_str()).collect();
    c.subscribe(&refs).expect("subscribe");
    let start = Instant::now();
    let mut n = 0u64;
    let mut bytes = 0u64;
    let mut last = Instant::now();
    println!("progress 0");
    while n < expect && start.elapsed() < timeout {
        if let Some(Ok(m)) = c.poll(Duration::from_millis(100)) {
            bytes += m.payload().map(|p| p.len() as u64).unwrap_or(0);
            n += 1;
        }
        if last.elapsed() >= Duration::from_millis(100) {
            println!("progress {n}");
            last = Instant::now();
        }
    }
    println!("progress {n}");
    println!("done {n} {bytes}");
}

/// Reads actions until `stop`, handing each to `f` with its arrival time (`now_ns`).
pub fn read_actions(c: &BaseConsumer, stop: &AtomicBool, mut f: impl FnMut(i64, &[u8])) {
    while !stop.load(Ordering::Relaxed) {
        if let Some(Ok(m)) = c.poll(Duration::from_millis(20)) {
            let at = now_ns();
            if let Some(p) = m.payload() {
                f(at, p);
            }
        }
    }
}
