//! Latency per pipeline stage in HDR histograms (nanoseconds).
//!
//! Each worker records into its own [`Latency`] without locks; a reporter merges them
//! periodically into the process-wide copy that `/metrics` and the log summary read.

use hdrhistogram::Histogram;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Decode,
    Features,
    Model,
    Rules,
    Decision,
    StateUpdate,
    Produce,
    /// Whole scoring path of one event: decode → features → model → rules → decision → state.
    Score,
    /// Record timestamp → action acknowledged by the broker.
    EndToEnd,
    /// Kafka source: record timestamp → polled by this process (the broker hop; wall clock, so
    /// only as exact as the producer's clock).
    Fetch,
    /// Kafka source: polled → released by the event-time reorder.
    Hold,
    /// Kafka sink: the commit barrier's wait for every action sent so far to be acknowledged
    /// (scoring stops meanwhile).
    Flush,
}

impl Stage {
    pub const ALL: [Stage; 12] = [
        Stage::Decode,
        Stage::Features,
        Stage::Model,
        Stage::Rules,
        Stage::Decision,
        Stage::StateUpdate,
        Stage::Produce,
        Stage::Score,
        Stage::EndToEnd,
        Stage::Fetch,
        Stage::Hold,
        Stage::Flush,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Features => "features",
            Stage::Model => "model",
            Stage::Rules => "rules",
            Stage::Decision => "decision",
            Stage::StateUpdate => "state_update",
            Stage::Produce => "produce",
            Stage::Score => "score",
            Stage::EndToEnd => "end_to_end",
            Stage::Fetch => "fetch",
            Stage::Hold => "hold",
            Stage::Flush => "flush",
        }
    }
}

#[derive(Clone)]
pub struct Latency {
    hist: Vec<Histogram<u64>>,
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            hist: Stage::ALL
                .iter()
                // 1 ns .. 10 min, 2 significant digits (values within 1 %): 33 kB of counts per
                // stage rather than 240 kB, so recording on the hot path stays in cache
                .map(|_| Histogram::new_with_bounds(1, 600_000_000_000, 2).expect("valid bounds"))
                .collect(),
        }
    }
}

/// Quantiles of one stage, in nanoseconds.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Quantiles {
    pub count: u64,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
    pub mean: f64,
}

impl Latency {
    pub fn record(&mut self, stage: Stage, nanos: u64) {
        self.hist[stage as usize].saturating_record(nanos.max(1));
    }

    pub fn histogram(&self, stage: Stage) -> &Histogram<u64> {
        &self.hist[stage as usize]
    }

    pub fn merge(&mut self, other: &Latency) {
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            a.add(b).expect("same bounds");
        }
    }

    pub fn reset(&mut self) {
        self.hist.iter_mut().for_each(|h| h.reset());
    }

    pub fn quantiles(&self, stage: Stage) -> Quantiles {
        let h = &self.hist[stage as usize];
        Quantiles {
            count: h.len(),
            p50: h.value_at_quantile(0.5),
            p90: h.value_at_quantile(0.9),
            p99: h.value_at_quantile(0.99),
            p999: h.value_at_quantile(0.999),
            max: h.max(),
            mean: h.mean(),
        }
    }

    /// One log line: p50/p99/p99.9/max per stage that recorded anything.
    pub fn summary_line(&self) -> String {
        Stage::ALL
            .iter()
            .filter(|s| !self.hist[**s as usize].is_empty())
            .map(|s| {
                let q = self.quantiles(*s);
                format!(
                    "{}: p50={} p99={} p99.9={} max={}",
                    s.name(),
                    fmt_ns(q.p50),
                    fmt_ns(q.p99),
                    fmt_ns(q.p999),
                    fmt_ns(q.max)
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

pub fn fmt_ns(ns: u64) -> String {
    if ns < 1_000 {
        format!("{ns}ns")
    } else if ns < 1_000_000 {
        format!("{:.1}µs", ns as f64 / 1e3)
    } else if ns < 1_000_000_000 {
        format!("{:.1}ms", ns as f64 / 1e6)
    } else {
        format!("{:.2}s", ns as f64 / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_merges_and_summarises() {
        let mut a = Latency::default();
        let mut b = Latency::default();
        for i in 1..=100 {
            a.record(Stage::Rules, i * 1000);
        }
        b.record(Stage::Rules, 1_000_000);
        a.merge(&b);
        let q = a.quantiles(Stage::Rules);
        assert_eq!(q.count, 101);
        assert!((49_000..=52_000).contains(&q.p50), "{q:?}");
        assert!(q.max >= 999_000);
        assert!(
            // 51 µs within the histograms' 1 %
            a.summary_line().starts_with("rules: p50=51.2µs"),
            "{}",
            a.summary_line()
        );
        assert!(!a.summary_line().contains("decode"));
    }
}
