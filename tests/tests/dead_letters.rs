//! End-to-end test of `fanzha run`'s dead-letter queue against a real Kafka-API broker on
//! 127.0.0.1 (tansu, started by `tests/run.sh`): malformed records land on the DLQ.
//! The test makes its own topics and consumer group. Run it with `tests/run.sh`, or against a
//! running broker with
//! `cargo test -p fanzha-e2e --test dead_letters -- --include-ignored --test-threads=1`.

use fanzha_contract::EventBody;
use fanzha_e2e::*;
use std::time::Duration;

/// (3) Malformed records go to the DLQ with the reason and the original payload; the valid events
/// around them are still scored.
#[test]
#[ignore = "needs a broker: run tests/run.sh"]
fn malformed_records_go_to_the_dlq() {
    let dir = TempDir::new("dlq");
    let events = scenario(150, 2, 9);
    let txn = events
        .iter()
        .find(|e| matches!(e.body, EventBody::Transaction(_)))
        .expect("a transaction")
        .clone();
    let mut obj: serde_json::Value = serde_json::from_str(&txn.to_json()).unwrap();
    obj["event_id"] = "bad-missing".into();
    obj.as_object_mut().unwrap().remove("amount_fen");
    let missing = obj.to_string();
    obj["event_id"] = "bad-type".into();
    obj["amount_fen"] = "100".into();
    let wrong_type = obj.to_string();
    let bad_json = r#"{"type":"transaction","event_id":"bad-json","ts_ms":"#.to_string();
    let bad: Vec<(usize, String, &str)> = vec![
        (events.len() / 4, bad_json, ""),
        (events.len() / 2, missing, "amount_fen"),
        (3 * events.len() / 4, wrong_type, "amount_fen"),
    ];

    // the same stream as a file (for replay) and as records (for the processor)
    let topics = Topics::create("dlq", 3);
    let mut lines = Vec::new();
    let mut records = Vec::new();
    for (i, e) in events.iter().enumerate() {
        for (at, raw, _) in &bad {
            if *at == i {
                lines.push(raw.clone());
                records.push((
                    topics.transactions.clone(),
                    format!("bad-{i}"),
                    raw.as_bytes().to_vec(),
                ));
            }
        }
        lines.push(e.to_json());
        records.push((
            topics.for_event(e).to_string(),
            e.key().to_string(),
            e.to_json().into_bytes(),
        ));
    }
    let file = dir.path().join("events.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let (want_actions, want_dead) = replay(&file, dir.path());
    assert_eq!(want_dead.len(), bad.len(), "replay's dead letters");
    produce_raw(&records);

    let mut p = Processor::start(&topics, dir.path(), "run", &[]);
    p.wait_ready(Duration::from_secs(60));
    let m = p.wait_processed(records.len() as u64, SLOW);
    assert_eq!(
        metric_sum(&m, "fanzha_events_total") as usize,
        events.len(),
        "every valid event scored"
    );
    assert_eq!(
        metric_sum(&m, "fanzha_dead_letters_total") as usize,
        bad.len()
    );
    let st = p.terminate(Duration::from_secs(60));
    assert!(st.success(), "SIGTERM: exit {st}; log:\n{}", p.log_text());

    let dlq = read_all(&[&topics.dlq]);
    assert_eq!(
        dlq.len(),
        bad.len(),
        "dead letters on {}: {dlq:?}",
        topics.dlq
    );
    for (_, raw, field) in &bad {
        let d = dlq
            .iter()
            .map(|r| serde_json::from_str::<serde_json::Value>(&r.payload).expect("JSON"))
            .find(|d| d["raw"].as_str() == Some(raw.as_str()))
            .unwrap_or_else(|| panic!("no dead letter with raw {raw}: {dlq:?}"));
        let error = d["error"].as_str().expect("error is a string");
        assert!(!error.is_empty(), "{d}");
        assert!(
            error.contains(field),
            "the error names the field `{field}`: {error}"
        );
        assert_eq!(
            d["source_topic"].as_str(),
            Some(topics.transactions.as_str())
        );
        assert!(d["partition"].is_i64() && d["offset"].is_i64(), "{d}");
        // the same reason replay gives for the same line
        assert!(
            // replay says `line N: <reason>`
            want_dead
                .iter()
                .any(|w| w["error"].as_str().is_some_and(|w| w.ends_with(error))),
            "replay gives another reason than {error}: {want_dead:?}"
        );
        eprintln!("dead letter: {error}");
    }
    let got = read_actions_from(&topics);
    assert_same_ids(
        "valid events around the bad ones",
        &ids(&want_actions),
        &ids(&got),
    );
}
