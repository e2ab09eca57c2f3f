//! `fanzha run` configuration: a TOML file (see `deploy/fanzha.toml`), every key overridable by an
//! environment variable `FANZHA_<SECTION>_<KEY>` (e.g. `FANZHA_KAFKA_BROKERS=127.0.0.1:9092`).
//! Unknown keys, wrong types and values that would break the processor (a zero capacity, a
//! negative duration, a busy poll; see `Config::validate`) are refused with a message that names
//! the key, and the variable when it came from the environment.

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub kafka: KafkaConfig,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub model: ModelConfig,
    #[serde(default)]
    pub state: StateSection,
    #[serde(default)]
    pub metrics: MetricsConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaConfig {
    /// Bootstrap servers, comma-separated.
    pub brokers: String,
    #[serde(default = "d_group")]
    pub group_id: String,
    #[serde(default = "d_inputs")]
    pub input_topics: Vec<String>,
    #[serde(default = "d_bank")]
    pub actions_bank_topic: String,
    #[serde(default = "d_warn")]
    pub warnings_topic: String,
    #[serde(default = "d_dlq")]
    pub dlq_topic: String,
    /// Offsets and produced actions are made durable together at most this often.
    #[serde(default = "d_commit")]
    pub commit_interval_ms: u64,
    /// Events are released in event-time order across partitions. A partition the broker holds
    /// undelivered records of (per the last fetch) holds the others back until they arrive; a
    /// caught-up partition holds them back only while it delivered something within this many
    /// ms. 0 = only partitions that are behind hold (lowest latency).
    #[serde(default = "d_idle")]
    pub idle_partition_ms: u64,
    /// Extra librdkafka properties for the consumer and the producer.
    #[serde(default)]
    pub consumer: BTreeMap<String, String>,
    #[serde(default)]
    pub producer: BTreeMap<String, String>,
}

fn d_group() -> String {
    "fanzha".into()
}
fn d_inputs() -> Vec<String> {
    fanzha_contract::topics::INPUTS
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn d_bank() -> String {
    fanzha_contract::topics::ACTIONS_BANK.into()
}
fn d_warn() -> String {
    fanzha_contract::topics::WARNINGS.into()
}
fn d_dlq() -> String {
    fanzha_contract::topics::DLQ.into()
}
fn d_commit() -> u64 {
    1000
}
fn d_idle() -> u64 {
    0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// Rules directory; watched for changes when `watch` is on.
    pub dir: Option<PathBuf>,
    #[serde(default = "d_true")]
    pub watch: bool,
    /// How often the rules directory and the model file are checked; at least [`MIN_POLL_MS`].
    #[serde(default = "d_poll")]
    pub poll_ms: u64,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            dir: None,
            watch: true,
            poll_ms: d_poll(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Model artifact; watched for changes when `watch` is on.
    pub path: Option<PathBuf>,
    #[serde(default = "d_true")]
    pub enabled: bool,
    #[serde(default = "d_true")]
    pub watch: bool,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            path: None,
            enabled: true,
            watch: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSection {
    /// At least a day (the 24-hour windows).
    #[serde(default = "d_ttl")]
    pub entity_ttl_ms: i64,
    /// At least `entity_ttl_ms`.
    #[serde(default = "d_rel_ttl")]
    pub relation_ttl_ms: i64,
    /// At least 1.
    #[serde(default = "d_max")]
    pub max_entities: usize,
    /// On start, state is rebuilt from this much history (broker time) before the committed
    /// offsets; 0 turns warm-up off.
    #[serde(default = "d_warmup")]
    pub warmup_ms: i64,
    /// At most this many records are read for warm-up.
    #[serde(default = "d_warmup_max")]
    pub warmup_max_records: usize,
}

impl Default for StateSection {
    fn default() -> Self {
        StateSection {
            entity_ttl_ms: d_ttl(),
            relation_ttl_ms: d_rel_ttl(),
            max_entities: d_max(),
            warmup_ms: d_warmup(),
            warmup_max_records: d_warmup_max(),
        }
    }
}

fn d_true() -> bool {
    true
}
fn d_poll() -> u64 {
    1000
}
fn d_ttl() -> i64 {
    3 * 86_400_000
}
fn d_rel_ttl() -> i64 {
    180 * 86_400_000
}
fn d_max() -> usize {
    5_000_000
}
fn d_warmup() -> i64 {
    86_400_000
}
fn d_warmup_max() -> usize {
    5_000_000
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// `host:port` for GET /metrics, /healthz, /readyz; off when absent or empty.
    pub listen: Option<String>,
    /// A one-line latency summary in the log this often; 0 = never.
    #[serde(default)]
    pub log_interval_ms: u64,
}

impl Config {
    /// Reads the file, applies `FANZHA_*` environment overrides, validates.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        Self::from_text(&text, &path.display().to_string(), std::env::vars())
    }

    pub fn from_text(
        text: &str,
        name: &str,
        env: impl Iterator<Item = (String, String)>,
    ) -> Result<Config> {
        // Errors in the file itself come with line and column.
        let file: toml::Table = toml::from_str(text).map_err(|e| anyhow!("config {name}: {e}"))?;
        let _: Config = toml::from_str(text).map_err(|e| anyhow!("config {name}: {e}"))?;
        let overrides = Override::from_env(env);
        // The file alone is good, and every key deserializes on its own: each override is tried
        // alone on top of the file, so an error names the one variable that caused it.
        let mut refused = Vec::new();
        for o in &overrides {
            let mut table = file.clone();
            o.apply(&mut table)?;
            if let Err(e) = toml::Value::Table(table).try_into::<Config>() {
                refused.push(format!("{} ({}): {}", o.var, o.key(), e.message()));
            }
        }
        if !refused.is_empty() {
            bail!(
                "config {name}: environment override refused: {}",
                refused.join("; ")
            );
        }
        let mut table = file;
        for o in &overrides {
            o.apply(&mut table)?;
        }
        let config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let all: Vec<String> = overrides.iter().map(|o| o.var.clone()).collect();
                    anyhow!(
                        "config {name} with environment overrides {}: {}",
                        all.join(", "),
                        e.message()
                    )
                })?;
        if let Err(Invalid { key, reason }) = config.validate() {
            let from = overrides
                .iter()
                .find(|o| o.key() == key)
                .map(|o| format!(" (from {})", o.var))
                .unwrap_or_default();
            bail!("config {name}: key {key}{from}: {reason}");
        }
        Ok(config)
    }

    /// Values that deserialize but would break the processor without a word: each refused with
    /// the key and why.
    fn validate(&self) -> Result<(), Invalid> {
        let invalid = |key: &'static str, reason: String| Err(Invalid { key, reason });
        let (k, r, st) = (&self.kafka, &self.rules, &self.state);
        if k.brokers.trim().is_empty() {
            return invalid("kafka.brokers", "must not be empty".into());
        }
        if k.input_topics.is_empty() {
            return invalid("kafka.input_topics", "name at least one topic".into());
        }
        if k.commit_interval_ms == 0 {
            return invalid("kafka.commit_interval_ms", "must be > 0".into());
        }
        let stall_ms = crate::sources::reorder::STALL_MAX.as_millis() as u64;
        if k.idle_partition_ms > stall_ms {
            return invalid(
                "kafka.idle_partition_ms",
                format!(
                    "{} ms is more than {stall_ms}: every quiet partition would hold all the \
                     others' events (and their stop orders) back this long, longer than a \
                     partition known to be behind may hold them",
                    k.idle_partition_ms
                ),
            );
        }
        if r.poll_ms < MIN_POLL_MS {
            return invalid(
                "rules.poll_ms",
                format!(
                    "{} ms is less than {MIN_POLL_MS}: the rules directory and model file would \
                     be listed and read again in a busy loop",
                    r.poll_ms
                ),
            );
        }
        if st.entity_ttl_ms < DAY_MS {
            return invalid(
                "state.entity_ttl_ms",
                format!(
                    "{} ms is shorter than a day; the 24-hour windows (payer.amount_24h, \
                     payee.in_payers_24h, phone.long_risky_call_ago, ...) need an idle entity \
                     kept at least {DAY_MS} ms",
                    st.entity_ttl_ms
                ),
            );
        }
        if st.relation_ttl_ms < st.entity_ttl_ms {
            return invalid(
                "state.relation_ttl_ms",
                format!(
                    "{} ms is shorter than state.entity_ttl_ms ({} ms); must be at least that: \
                     a payer still remembered would see a payee it paid before as new \
                     (payer.new_payee), and accounts flagged as mules, kept as long as \
                     relationships for evidence, would go as soon as any other",
                    st.relation_ttl_ms, st.entity_ttl_ms
                ),
            );
        }
        if st.max_entities == 0 {
            return invalid(
                "state.max_entities",
                "must be > 0: 0 would evict every account, phone and relationship at each sweep"
                    .into(),
            );
        }
        if st.warmup_ms < 0 {
            return invalid(
                "state.warmup_ms",
                format!("{} ms: must be >= 0 (0 turns warm-up off)", st.warmup_ms),
            );
        }
        if st.warmup_ms > 0 && st.warmup_max_records == 0 {
            return invalid(
                "state.warmup_max_records",
                "must be > 0 while state.warmup_ms is on: 0 would read no history; set \
                 state.warmup_ms = 0 to turn warm-up off"
                    .into(),
            );
        }
        if let Some(l) = &self.metrics.listen {
            if !l.is_empty() && l.parse::<std::net::SocketAddr>().is_err() {
                return invalid(
                    "metrics.listen",
                    format!("`{l}` is not host:port (e.g. 127.0.0.1:9464)"),
                );
            }
        }
        Ok(())
    }
}

/// A value [`Config::validate`] refuses: the key (`section.key`) and why.
#[derive(Debug)]
struct Invalid {
    key: &'static str,
    reason: String,
}

/// One `FANZHA_<SECTION>_<KEY>` environment variable.
struct Override {
    var: String,
    section: String,
    key: String,
    value: toml::Value,
}

impl Override {
    /// The config overrides among the environment, by variable name (so messages are stable).
    fn from_env(env: impl Iterator<Item = (String, String)>) -> Vec<Override> {
        let mut out: Vec<Override> = env
            .filter_map(|(var, v)| {
                let rest = var.strip_prefix("FANZHA_")?.to_ascii_lowercase();
                // Only FANZHA_<SECTION>_<KEY> for the config's sections; other FANZHA_* variables
                // (FANZHA_LOG, a test's FANZHA_BIN) are not config. An unknown key inside a known
                // section is refused, naming the variable.
                let (section, key) = rest.split_once('_').filter(|(s, _)| SECTIONS.contains(s))?;
                Some(Override {
                    section: section.to_string(),
                    key: key.to_string(),
                    value: env_value(&v),
                    var,
                })
            })
            .collect();
        out.sort_by(|a, b| a.var.cmp(&b.var));
        out
    }

    fn key(&self) -> String {
        format!("{}.{}", self.section, self.key)
    }

    fn apply(&self, table: &mut toml::Table) -> Result<()> {
        let sec = table
            .entry(self.section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let toml::Value::Table(sec) = sec else {
            bail!("config section `{}` is not a table", self.section)
        };
        sec.insert(self.key.clone(), self.value.clone());
        Ok(())
    }
}

/// Below this, the rule and model watcher (`reload::watch`, which lists the rules directory
/// and reads file metadata every `rules.poll_ms`) turns into a busy loop.
const MIN_POLL_MS: u64 = 100;

const DAY_MS: i64 = 86_400_000;

const SECTIONS: [&str; 5] = ["kafka", "rules", "model", "state", "metrics"];

/// An environment value as TOML: numbers, booleans and arrays keep their type, the rest is text.
fn env_value(v: &str) -> toml::Value {
    let t = v.trim();
    if let Ok(parsed) = toml::from_str::<toml::Table>(&format!("x = {t}")) {
        if let Some(x) = parsed.get("x") {
            return x.clone();
        }
    }
    toml::Value::String(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, env: &[(&str, &str)]) -> Result<Config> {
        Config::from_text(
            text,
            "t.toml",
            env.iter().map(|(a, b)| (a.to_string(), b.to_string())),
        )
    }

    #[test]
    fn the_shipped_example_loads() {
        let text = std::fs::read_to_string("../deploy/fanzha.toml").unwrap();
        let c = load(&text, &[]).unwrap();
        assert_eq!(c.kafka.brokers, "127.0.0.1:9092");
        assert_eq!(
            c.kafka.input_topics,
            vec!["fz.transactions", "fz.calls", "fz.watchlist"]
        );
    }

    #[test]
    fn an_entity_ttl_shorter_than_the_windows_is_refused() {
        let base = "[kafka]\nbrokers = \"a:1\"\n[state]\n";
        let e = load(&format!("{base}entity_ttl_ms = 3600000\n"), &[])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("state.entity_ttl_ms") && e.contains("shorter than a day"),
            "{e}"
        );
        assert!(load(&format!("{base}entity_ttl_ms = 86400000\n"), &[]).is_ok());
    }

    #[test]
    fn env_overrides_every_key() {
        let c = load(
            "[kafka]\nbrokers = \"a:1\"\n",
            &[
                ("FANZHA_KAFKA_BROKERS", "b:2"),
                ("FANZHA_KAFKA_COMMIT_INTERVAL_MS", "250"),
                ("FANZHA_METRICS_LISTEN", "127.0.0.1:9999"),
            ],
        )
        .unwrap();
        assert_eq!(c.kafka.brokers, "b:2");
        assert_eq!(c.kafka.commit_interval_ms, 250);
        assert_eq!(c.metrics.listen.as_deref(), Some("127.0.0.1:9999"));
    }

    #[test]
    fn bad_config_names_the_key() {
        let e = load("[kafka]\nbrokrs = \"a\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("brokrs"), "{e}");
        let e = load(
            "[kafka]\nbrokers = \"a\"\ncommit_interval_ms = \"soon\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("commit_interval_ms"), "{e}");
        let e = load(
            "[kafka]\nbrokers = \"a\"\n[metrics]\nlisten = \"nope\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("metrics.listen"), "{e}");
        let e = load(
            "[kafka]\nbrokers = \"a\"\n",
            &[("FANZHA_KAFKA_BROKERS", "")],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("kafka.brokers"), "{e}");
        let e = load(
            "[kafka]\nbrokers = \"a\"\n",
            &[("FANZHA_KAFKA_BROKRS", "x")],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("FANZHA_KAFKA_BROKRS") && e.contains("brokrs"),
            "{e}"
        );
        // variables that are not config are left alone
        assert!(load(
            "[kafka]\nbrokers = \"a\"\n",
            &[("FANZHA_BIN", "/x"), ("FANZHA_LOG", "debug")]
        )
        .is_ok());
    }

    #[test]
    fn a_bad_override_is_named_alone() {
        // one good and one bad override: only the bad one is named, with its key
        let e = load(
            "[kafka]\nbrokers = \"a\"\n",
            &[
                ("FANZHA_STATE_MAX_ENTITIES", "lots"),
                ("FANZHA_METRICS_LISTEN", "127.0.0.1:9999"),
            ],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains(
                "FANZHA_STATE_MAX_ENTITIES (state.max_entities): invalid type: string \"lots\", \
                 expected usize"
            ),
            "{e}"
        );
        assert!(
            !e.contains("FANZHA_METRICS_LISTEN") && !e.contains("metrics.listen"),
            "{e}"
        );
        // two bad ones: both named, each with its own error; the good one not
        let e = load(
            "[kafka]\nbrokers = \"a\"\n",
            &[
                ("FANZHA_KAFKA_COMMIT_INTERVAL_MS", "soon"),
                ("FANZHA_KAFKA_BROKERS", "b:2"),
                ("FANZHA_RULES_WATCH", "maybe"),
            ],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("FANZHA_KAFKA_COMMIT_INTERVAL_MS (kafka.commit_interval_ms): invalid type: string \"soon\"")
                && e.contains("FANZHA_RULES_WATCH (rules.watch): invalid type: string \"maybe\"")
                && !e.contains("FANZHA_KAFKA_BROKERS"),
            "{e}"
        );
    }

    /// The error for `value` of `key` (in `[section]`), from the file and from the environment.
    fn refused(section: &str, key: &str, value: &str) -> (String, String) {
        let base = "[kafka]\nbrokers = \"a:1\"\n";
        let header = if section == "kafka" {
            String::new()
        } else {
            format!("[{section}]\n")
        };
        let in_file = load(&format!("{base}{header}{key} = {value}\n"), &[])
            .map(|_| ())
            .unwrap_err()
            .to_string();
        let var = format!("FANZHA_{}_{}", section, key).to_ascii_uppercase();
        let from_env = load(base, &[(var.as_str(), value)])
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(from_env.contains(&var), "{from_env}");
        (in_file, from_env)
    }

    #[test]
    fn values_that_would_break_the_processor_are_refused_naming_the_key() {
        for (section, key, value, why) in [
            (
                "state",
                "relation_ttl_ms",
                "-1",
                "shorter than state.entity_ttl_ms",
            ),
            (
                "state",
                "relation_ttl_ms",
                "0",
                "shorter than state.entity_ttl_ms",
            ),
            (
                "state",
                "relation_ttl_ms",
                "86400000",
                "shorter than state.entity_ttl_ms",
            ),
            ("state", "max_entities", "0", "must be > 0"),
            ("state", "warmup_ms", "-5", "must be >= 0"),
            ("state", "warmup_max_records", "0", "would read no history"),
            ("rules", "poll_ms", "0", "busy loop"),
            ("rules", "poll_ms", "99", "busy loop"),
            ("kafka", "idle_partition_ms", "10001", "hold all the"),
            ("kafka", "commit_interval_ms", "0", "must be > 0"),
        ] {
            let full = format!("{section}.{key}");
            for e in <[String; 2]>::from(refused(section, key, value)) {
                assert!(
                    e.contains(&format!("key {full}")) && e.contains(why),
                    "{full} = {value}: {e}"
                );
            }
        }
    }

    #[test]
    fn the_bounds_themselves_are_accepted() {
        let base = "[kafka]\nbrokers = \"a:1\"\n";
        for extra in [
            "[state]\nentity_ttl_ms = 86400000\nrelation_ttl_ms = 86400000\n",
            "[state]\nmax_entities = 1\n",
            "[state]\nwarmup_ms = 0\n",
            "[state]\nwarmup_ms = 0\nwarmup_max_records = 0\n",
            "[rules]\npoll_ms = 100\n",
            "[kafka.consumer]\n[metrics]\nlog_interval_ms = 0\n",
        ] {
            load(&format!("{base}{extra}"), &[]).unwrap_or_else(|e| panic!("{extra}: {e}"));
        }
        let c = load(
            "[kafka]\nbrokers = \"a:1\"\nidle_partition_ms = 10000\n",
            &[],
        )
        .unwrap();
        assert_eq!(c.kafka.idle_partition_ms, 10_000);
    }
}
