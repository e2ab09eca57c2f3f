//! End-to-end test of `fanzha run`'s HTTP endpoints (/metrics, /healthz, /readyz) while it
//! consumes from a real Kafka-API broker on 127.0.0.1 (tansu, started by `tests/run.sh`).
//! The test makes its own topics and consumer group. Run it with `tests/run.sh`, or against a
//! running broker with
//! `cargo test -p fanzha-e2e --test metrics -- --include-ignored --test-threads=1`.

use fanzha_contract::EventBody;
use fanzha_e2e::*;
use std::time::{Duration, Instant};

/// (6) /metrics, /healthz and /readyz.
#[test]
#[ignore = "needs a broker: run tests/run.sh"]
fn metrics_endpoint() {
    let dir = TempDir::new("metrics");
    let events = scenario(100, 1, 17);
    let topics = Topics::create("metrics", 3);
    let mut p = Processor::start(&topics, dir.path(), "run", &[]);
    p.wait_ready(Duration::from_secs(60));
    assert_eq!(
        http_get(p.metrics_port, "/readyz").map(|r| r.0),
        Some(200),
        "ready once assigned"
    );
    assert_eq!(http_get(p.metrics_port, "/healthz").map(|r| r.0), Some(200));
    assert_eq!(http_get(p.metrics_port, "/nope").map(|r| r.0), Some(404));
    produce_events(&topics, &events);
    p.wait_processed(events.len() as u64, SLOW);
    // the hub is merged once a second; consumer lag comes with librdkafka's statistics
    let deadline = Instant::now() + Duration::from_secs(20);
    let text = loop {
        let m = p.metrics().expect("GET /metrics");
        if m.contains("fanzha_consumer_lag{") || Instant::now() > deadline {
            break m;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let txns = events
        .iter()
        .filter(|e| matches!(e.body, EventBody::Transaction(_)))
        .count();
    let line = format!(
        "fanzha_events_total{{type=\"transaction\",topic=\"{}\"}} {txns}",
        topics.transactions
    );
    assert!(text.contains(&line), "want `{line}` in:\n{text}");
    for want in [
        "# TYPE fanzha_events_total counter",
        "# TYPE fanzha_stage_latency_seconds histogram",
        "fanzha_stage_latency_seconds_bucket{stage=\"score\",le=\"+Inf\"}",
        "fanzha_stage_latency_seconds_count{stage=\"score\"}",
        "fanzha_stage_latency_seconds_sum{stage=\"score\"}",
        "fanzha_actions_total{",
        "fanzha_state_entities{",
        "fanzha_consumer_lag{",
    ] {
        assert!(text.contains(want), "want `{want}` in:\n{text}");
    }
    assert_eq!(
        metric_sum(&text, "fanzha_events_total") as usize,
        events.len()
    );
    let st = p.terminate(Duration::from_secs(60));
    assert!(st.success(), "SIGTERM: exit {st}");
}
