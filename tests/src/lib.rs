//! Helpers for fanzha's end-to-end tests: a broker on 127.0.0.1 (started by `tests/run.sh`),
//! per-test topics and consumer groups, producing events, reading topics back, and the `fanzha`
//! binary as a child process that is killed when a test fails.
//!
//! Everything talks to 127.0.0.1 only. The broker port is `FZ_BROKER_PORT` (default 9092), the
//! binary `FANZHA_BIN` (default: `fanzha` beside the test binary's profile directory, else
//! `<workspace>/target/debug/fanzha`).

use fanzha_contract::{Action, Event};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::ClientConfig;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use fanzha_load::{generate, read_actions, read_events, write_scenario, GenConfig};

/// `FZ_E2E_NO_MODEL=1`: score with rules alone, in replay and in the processor alike.
pub fn no_model() -> bool {
    std::env::var("FZ_E2E_NO_MODEL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Bounds every wait for the broker in these tests.
pub const TIMEOUT: Duration = Duration::from_secs(30);
const RETENTION_MS: &str = "604800000";

/// `127.0.0.1:<FZ_BROKER_PORT or 9092>`.
pub fn brokers() -> String {
    let port = std::env::var("FZ_BROKER_PORT").unwrap_or_else(|_| "9092".into());
    format!("127.0.0.1:{port}")
}

/// The workspace root (the processor runs there, so `rules/pack` and `models/` resolve).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `fanzha` binary under test.
pub fn fanzha_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("FANZHA_BIN") {
        return PathBuf::from(p);
    }
    // <target>/<profile>/deps/<test binary> → <target>/<profile>/fanzha
    if let Ok(exe) = std::env::current_exe() {
        if let Some(profile) = exe.parent().and_then(|d| d.parent()) {
            let p = profile.join("fanzha");
            if p.is_file() {
                return p;
            }
        }
    }
    let p = workspace().join("target/debug/fanzha");
    assert!(
        p.is_file(),
        "no fanzha binary at {}: build it (cargo build -p fanzha) or set FANZHA_BIN",
        p.display()
    );
    p
}

/// A scratch directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("fz-e2e-{}", unique(name)));
        std::fs::create_dir_all(&p).expect("creating a temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("FZ_E2E_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A name nobody else uses: `<name>-<pid>-<time>-<n>`.
pub fn unique(name: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() % 100_000_000)
        .unwrap_or(0);
    format!(
        "{name}-{}-{t}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

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

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime")
        .block_on(f)
}

/// Creates topics with `retention.ms` (tansu keeps no topic config it was not given) and waits
/// until the metadata shows every partition.
pub fn create_topics(names: &[String], partitions: i32) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers())
        .create()
        .expect("an admin client");
    let topics: Vec<NewTopic<'_>> = names
        .iter()
        .map(|n| {
            NewTopic::new(n, partitions, TopicReplication::Fixed(1))
                .set("retention.ms", RETENTION_MS)
        })
        .collect();
    let opts = AdminOptions::new().operation_timeout(Some(TIMEOUT));
    let results = block_on(admin.create_topics(&topics, &opts))
        .unwrap_or_else(|e| panic!("creating topics {names:?} on {}: {e}", brokers()));
    for r in results {
        if let Err((t, e)) = r {
            panic!("creating topic {t}: {e}");
        }
    }
    let consumer = plain_consumer();
    let deadline = Instant::now() + TIMEOUT;
    for n in names {
        loop {
            let ok = consumer
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
            assert!(Instant::now() < deadline, "topic {n} never appeared");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
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

pub fn ids(actions: &[Action]) -> BTreeSet<String> {
    actions.iter().map(|a| a.action_id.clone()).collect()
}

/// Writes events as a JSON-lines file.
pub fn write_events(path: &Path, events: &[Event]) {
    let mut text = String::new();
    for e in events {
        text.push_str(&e.to_json());
        text.push('\n');
    }
    std::fs::write(path, text).expect("writing events");
}

/// `fanzha replay` of a file (in the workspace, with the shipped rules and model): the actions
/// and the dead letters it writes.
pub fn replay(events: &Path, dir: &Path) -> (Vec<Action>, Vec<serde_json::Value>) {
    let actions = dir.join("replay-actions.jsonl");
    let dlq = dir.join("replay-dlq.jsonl");
    let out = Command::new(fanzha_bin())
        .current_dir(workspace())
        .args(["replay", "--events"])
        .arg(events)
        .arg("--actions")
        .arg(&actions)
        .arg("--dead-letters")
        .arg(&dlq)
        .args(no_model().then_some("--no-model"))
        .output()
        .expect("running fanzha replay");
    assert!(
        out.status.success(),
        "fanzha replay failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let dead = std::fs::read_to_string(&dlq)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a dead letter"))
        .collect();
    (
        read_actions(&actions).expect("reading replay actions"),
        dead,
    )
}

/// Compares sets of action ids; on a difference, says which ids are missing and which are extra.
pub fn assert_same_ids(what: &str, expected: &BTreeSet<String>, got: &BTreeSet<String>) {
    if expected == got {
        return;
    }
    let missing: Vec<_> = expected.difference(got).collect();
    let extra: Vec<_> = got.difference(expected).collect();
    panic!(
        "{what}: {} expected, {} got; missing {} {:?}; extra {} {:?}",
        expected.len(),
        got.len(),
        missing.len(),
        missing.iter().take(20).collect::<Vec<_>>(),
        extra.len(),
        extra.iter().take(20).collect::<Vec<_>>()
    );
}

/// A free port on 127.0.0.1 (for the metrics endpoint).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `GET path` on 127.0.0.1:port → (status code, body); `None` when nothing answers.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(2),
    )
    .ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// Sum of a Prometheus counter over its label sets (0 when absent).
pub fn metric_sum(text: &str, name: &str) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|r| r.starts_with('{') || r.starts_with(' '))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// `fanzha run` as a child process, killed (SIGKILL) when dropped.
pub struct Processor {
    pub child: Child,
    pub metrics_port: u16,
    pub log: PathBuf,
}

impl Processor {
    /// Starts `fanzha run --config deploy/fanzha.toml` in the workspace with the topics' overrides
    /// and a private metrics port. Its log goes to `<dir>/<name>.log`.
    pub fn start(topics: &Topics, dir: &Path, name: &str, extra: &[(&str, &str)]) -> Processor {
        let metrics_port = free_port();
        let log = dir.join(format!("{name}.log"));
        let logf = std::fs::File::create(&log).expect("a log file");
        let mut cmd = Command::new(fanzha_bin());
        cmd.current_dir(workspace())
            .args(["run", "--config", "deploy/fanzha.toml"])
            .env("FANZHA_METRICS_LISTEN", format!("127.0.0.1:{metrics_port}"))
            .env("FANZHA_RULES_WATCH", "false")
            .env("FANZHA_MODEL_WATCH", "false")
            .env(
                "FANZHA_LOG",
                std::env::var("FANZHA_LOG").unwrap_or_else(|_| "info".into()),
            )
            .stdin(Stdio::null())
            .stdout(logf.try_clone().expect("log"))
            .stderr(logf);
        for (k, v) in topics.env() {
            cmd.env(k, v);
        }
        if no_model() {
            cmd.env("FANZHA_MODEL_ENABLED", "false");
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("starting fanzha run");
        Processor {
            child,
            metrics_port,
            log,
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn check_alive(&mut self, what: &str) {
        if let Ok(Some(st)) = self.child.try_wait() {
            panic!(
                "fanzha run exited ({st}) while {what}; its log:\n{}",
                self.log_text()
            );
        }
    }

    pub fn metrics(&self) -> Option<String> {
        match http_get(self.metrics_port, "/metrics") {
            Some((200, body)) => Some(body),
            _ => None,
        }
    }

    /// Waits until `/readyz` answers 200.
    pub fn wait_ready(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            self.check_alive("waiting for /readyz");
            if let Some((200, _)) = http_get(self.metrics_port, "/readyz") {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "fanzha run not ready after {timeout:?}; its log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until `fanzha_events_total` (and dead letters) reach `n`; returns the metrics text.
    pub fn wait_processed(&mut self, n: u64, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut last = 0.0;
        loop {
            self.check_alive("processing");
            if let Some(m) = self.metrics() {
                last = metric_sum(&m, "fanzha_events_total")
                    + metric_sum(&m, "fanzha_dead_letters_total");
                if last >= n as f64 {
                    return m;
                }
            }
            assert!(
                Instant::now() < deadline,
                "fanzha run processed {last} of {n} records in {timeout:?}; its log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Sends a signal to the child.
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as i32, sig);
        }
    }

    /// Waits for the child to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st;
            }
            assert!(
                Instant::now() < deadline,
                "fanzha run did not exit within {timeout:?}; its log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(&mut self, timeout: Duration) -> ExitStatus {
        self.signal(libc::SIGTERM);
        self.wait_exit(timeout)
    }

    /// SIGKILL, then reap.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Processor {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A small generated scenario (deterministic).
pub fn scenario(persons: usize, days: u32, seed: u64) -> Vec<Event> {
    generate(&GenConfig {
        persons,
        days,
        seed,
        ..GenConfig::default()
    })
    .events
}

/// Is a program on the PATH?
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}
