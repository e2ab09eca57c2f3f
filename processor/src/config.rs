//! `fanzha run` configuration: a TOML file (see `deploy/fanzha.toml`), every key overridable by an
//! environment variable `FANZHA_<SECTION>_<KEY>` (e.g. `FANZHA_KAFKA_BROKERS=127.0.0.1:9092`).
//! Unknown keys and wrong types are refused with a message that names the key.

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
    #[serde(default = "d_ttl")]
    pub entity_ttl_ms: i64,
    #[serde(default = "d_rel_ttl")]
    pub relation_ttl_ms: i64,
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
        let mut table: toml::Table =
            toml::from_str(text).map_err(|e| anyhow!("config {name}: {e}"))?;
        let _: Config = toml::from_str(text).map_err(|e| anyhow!("config {name}: {e}"))?;
        let mut overridden = Vec::new();
        for (k, v) in env {
            let Some(rest) = k.strip_prefix("FANZHA_") else {
                continue;
            };
            let rest = rest.to_ascii_lowercase();
            // Only FANZHA_<SECTION>_<KEY> for the config's sections; other FANZHA_* variables
            // (FANZHA_LOG, a test's FANZHA_BIN) are not config. An unknown key inside a known
            // section is refused below, naming the variable.
            let Some((section, key)) = rest.split_once('_').filter(|(s, _)| SECTIONS.contains(s))
            else {
                continue;
            };
            let sec = table
                .entry(section.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let toml::Value::Table(sec) = sec else {
                bail!("config section `{section}` is not a table")
            };
            sec.insert(key.to_string(), env_value(&v));
            overridden.push(format!("{section}.{key} (from {k})"));
        }
        let config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    anyhow!(
                        "config {name} with environment overrides [{}]: {}",
                        overridden.join(", "),
                        e.message()
                    )
                })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if self.kafka.brokers.trim().is_empty() {
            bail!("config key kafka.brokers: must not be empty");
        }
        if self.kafka.input_topics.is_empty() {
            bail!("config key kafka.input_topics: name at least one topic");
        }
        if self.kafka.commit_interval_ms == 0 {
            bail!("config key kafka.commit_interval_ms: must be > 0");
        }
        if self.state.entity_ttl_ms < DAY_MS {
            bail!(
                "config key state.entity_ttl_ms: {} ms is shorter than a day; the 24-hour windows \
                 (payer.amount_24h, payee.in_payers_24h, phone.long_risky_call_ago, ...) need an \
                 idle entity kept at least {DAY_MS} ms",
                self.state.entity_ttl_ms
            );
        }
        if let Some(l) = &self.metrics.listen {
            if !l.is_empty() && l.parse::<std::net::SocketAddr>().is_err() {
                bail!("config key metrics.listen: `{l}` is not host:port (e.g. 127.0.0.1:9464)");
            }
        }
        Ok(())
    }
}

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
            "[kafka]\nbrokers = \"a\"\n",
            &[("FANZHA_KAFKA_COMMIT_INTERVAL_MS", "soon")],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("FANZHA_KAFKA_COMMIT_INTERVAL_MS"), "{e}");
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
}
