//! Topic creation for the load driver and the end-to-end tests (re-exported by the library as
//! [`crate::create_topics`]).

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;
use std::time::{Duration, Instant};

/// `retention.ms` of every topic created here (tansu keeps no topic config it was not given).
pub const RETENTION_MS: &str = "604800000";

/// Creates the topics (`partitions` each, with `retention.ms`) and waits, at most `timeout`,
/// until the metadata shows every partition.
pub fn create_topics(
    brokers: &str,
    names: &[String],
    partitions: i32,
    timeout: Duration,
) -> Result<(), String> {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .map_err(|e| format!("admin client: {e}"))?;
    let topics: Vec<NewTopic<'_>> = names
        .iter()
        .map(|n| {
            NewTopic::new(n, partitions, TopicReplication::Fixed(1))
                .set("retention.ms", RETENTION_MS)
        })
        .collect();
    let opts = AdminOptions::new().operation_timeout(Some(timeout));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| e.to_string())?;
    let results = rt
        .block_on(admin.create_topics(&topics, &opts))
        .map_err(|e| format!("creating topics {names:?} on {brokers}: {e}"))?;
    for r in results {
        if let Err((t, e)) = r {
            return Err(format!("creating topic {t}: {e}"));
        }
    }
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .map_err(|e| format!("metadata client: {e}"))?;
    let deadline = Instant::now() + timeout;
    for n in names {
        loop {
            let ok = c
                .fetch_metadata(Some(n), Duration::from_secs(5))
                .map(|md| {
                    md.topics()
                        .iter()
                        .any(|t| t.error().is_none() && t.partitions().len() == partitions as usize)
                })
                .unwrap_or(false);
            if ok {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("topic {n} never appeared"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}
