//! Prometheus text exposition of the hub.

use super::hub::Hub;
use super::Stage;
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Bucket bounds of the latency histograms, in seconds.
const BUCKETS_S: [f64; 16] = [
    1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 5e-2, 0.1,
    1.0,
];

pub fn render(hub: &Hub) -> String {
    let mut s = String::new();
    if let Ok(c) = hub.counters.lock() {
        let _ = writeln!(s, "# HELP fanzha_events_total Events processed, by type and source topic.\n# TYPE fanzha_events_total counter");
        for ((kind, topic), n) in &c.events {
            let _ = writeln!(
                s,
                "fanzha_events_total{{type=\"{kind}\",topic=\"{}\"}} {n}",
                esc(topic)
            );
        }
        let _ = writeln!(s, "# HELP fanzha_actions_total Actions emitted, by kind and severity.\n# TYPE fanzha_actions_total counter");
        for ((kind, sev), n) in &c.actions {
            let _ = writeln!(
                s,
                "fanzha_actions_total{{kind=\"{kind}\",severity=\"{sev}\"}} {n}"
            );
        }
        let _ = writeln!(s, "# HELP fanzha_dead_letters_total Malformed events sent to the dead-letter topic, by reason.\n# TYPE fanzha_dead_letters_total counter");
        for (reason, n) in &c.dead_letters {
            let _ = writeln!(
                s,
                "fanzha_dead_letters_total{{reason=\"{}\"}} {n}",
                esc(reason)
            );
        }
        let _ = writeln!(s, "# HELP fanzha_rule_hits_total Rule hits (live and shadow), by rule id.\n# TYPE fanzha_rule_hits_total counter");
        for (rule, n) in &c.rule_hits {
            let _ = writeln!(s, "fanzha_rule_hits_total{{rule=\"{}\"}} {n}", esc(rule));
        }
        for (name, help, v) in [
            (
                "fanzha_shadow_hits_total",
                "Hits of shadow-mode rules (no action emitted).",
                c.shadow_hits,
            ),
            (
                "fanzha_warnings_suppressed_total",
                "Warnings held back by the per-person cooldown.",
                c.warnings_suppressed_by_cooldown,
            ),
            (
                "fanzha_repeats_skipped_total",
                "Events not scored again: their event_id, or their transfer's txn_id, was scored before.",
                c.repeats_skipped,
            ),
            (
                "fanzha_rule_reloads_total",
                "Rule sets swapped in.",
                c.rule_reloads,
            ),
            (
                "fanzha_rule_reload_failures_total",
                "Rule changes refused (the old rules kept running).",
                c.rule_reload_failures,
            ),
            (
                "fanzha_model_reloads_total",
                "Models swapped in.",
                c.model_reloads,
            ),
            (
                "fanzha_model_reload_failures_total",
                "Model changes refused (the old model kept scoring).",
                c.model_reload_failures,
            ),
        ] {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
        }
    }
    if let Ok(lag) = hub.lag.lock() {
        let _ = writeln!(s, "# HELP fanzha_consumer_lag Records behind the end of each partition.\n# TYPE fanzha_consumer_lag gauge");
        for ((topic, p), n) in lag.iter() {
            let _ = writeln!(
                s,
                "fanzha_consumer_lag{{topic=\"{}\",partition=\"{p}\"}} {n}",
                esc(topic)
            );
        }
    }
    if let Ok(st) = hub.state.lock() {
        let _ = writeln!(s, "# HELP fanzha_state_entities Entities held in state, by kind.\n# TYPE fanzha_state_entities gauge");
        for (k, v) in [
            ("account", st.accounts),
            ("phone", st.phones),
            ("caller", st.callers),
            ("relation", st.relations),
            ("device", st.devices),
            ("address", st.networks),
            ("card_test", st.card_tests),
            ("hold", st.holds),
            ("listed", st.listed),
        ] {
            let _ = writeln!(s, "fanzha_state_entities{{kind=\"{k}\"}} {v}");
        }
        let _ = writeln!(s, "# HELP fanzha_state_bytes Approximate bytes of state.\n# TYPE fanzha_state_bytes gauge\nfanzha_state_bytes {}", st.approx_bytes);
    }
    if let Ok(l) = hub.latency.lock() {
        let _ = writeln!(s, "# HELP fanzha_stage_latency_seconds Latency per pipeline stage (HDR histogram).\n# TYPE fanzha_stage_latency_seconds histogram");
        for stage in Stage::ALL {
            let h = l.histogram(stage);
            if h.is_empty() {
                continue;
            }
            let name = stage.name();
            for b in BUCKETS_S {
                let n = h.count_between(0, (b * 1e9) as u64);
                let _ = writeln!(
                    s,
                    "fanzha_stage_latency_seconds_bucket{{stage=\"{name}\",le=\"{b}\"}} {n}"
                );
            }
            let _ = writeln!(
                s,
                "fanzha_stage_latency_seconds_bucket{{stage=\"{name}\",le=\"+Inf\"}} {}",
                h.len()
            );
            let _ = writeln!(
                s,
                "fanzha_stage_latency_seconds_sum{{stage=\"{name}\"}} {}",
                h.mean() * h.len() as f64 / 1e9
            );
            let _ = writeln!(
                s,
                "fanzha_stage_latency_seconds_count{{stage=\"{name}\"}} {}",
                h.len()
            );
        }
        let _ = writeln!(s, "# HELP fanzha_stage_latency_quantile_seconds Quantiles per stage.\n# TYPE fanzha_stage_latency_quantile_seconds gauge");
        for stage in Stage::ALL {
            let h = l.histogram(stage);
            if h.is_empty() {
                continue;
            }
            for q in [0.5, 0.9, 0.99, 0.999, 1.0] {
                let _ = writeln!(
                    s,
                    "fanzha_stage_latency_quantile_seconds{{stage=\"{}\",quantile=\"{q}\"}} {}",
                    stage.name(),
                    h.value_at_quantile(q) as f64 / 1e9
                );
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let hub = Hub::default();
        hub.counters
            .lock()
            .unwrap()
            .event("transaction", "fz.transactions");
        hub.counters
            .lock()
            .unwrap()
            .action("stop_payment", "critical");
        hub.counters
            .lock()
            .unwrap()
            .dead_letter("invalid_amount_fen".into());
        hub.latency.lock().unwrap().record(Stage::Rules, 1500);
        let text = render(&hub);
        assert!(
            text.contains("fanzha_events_total{type=\"transaction\",topic=\"fz.transactions\"} 1")
        );
        assert!(
            text.contains("fanzha_actions_total{kind=\"stop_payment\",severity=\"critical\"} 1")
        );
        assert!(text.contains("fanzha_dead_letters_total{reason=\"invalid_amount_fen\"} 1"));
        assert!(
            text.contains("fanzha_stage_latency_seconds_bucket{stage=\"rules\",le=\"0.000002\"} 1")
        );
        assert!(
            text.contains("fanzha_stage_latency_seconds_bucket{stage=\"rules\",le=\"0.000001\"} 0")
        );
    }
}
