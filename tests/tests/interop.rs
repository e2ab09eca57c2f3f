//! End-to-end interop tests against a real Kafka-API broker on 127.0.0.1 (tansu, started by
//! `tests/run.sh`): events produced and actions read back by clients other than fanzha's own,
//! kcat and Python's confluent-kafka.
//! Each test makes its own topics and consumer group, so they do not see each other's records.
//! Run them with `tests/run.sh`, or against a running broker with
//! `cargo test -p fanzha-e2e --test interop -- --include-ignored --test-threads=1`.

use fanzha_contract::Action;
use fanzha_e2e::*;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};

/// `kcat` as installed, or — when its librdkafka cannot talk to the broker — the same kcat
/// with a newer librdkafka. Debian 12's kcat 1.7.1 links librdkafka 2.0.2, which cannot parse
/// the (valid) tagged fields of tansu 0.6's ApiVersionsResponse v3 ("Read underflow"); the
/// librdkafka that Python's confluent-kafka wheel bundles (2.16) can. `FZ_KCAT_LIBRDKAFKA` names
/// another `librdkafka.so.1` to use.
fn kcat(dir: &TempDir) -> Command {
    assert!(have("kcat"), "kcat is not installed (apt-get install kcat)");
    let probe = |lib: Option<&std::path::Path>| {
        let mut c = Command::new("kcat");
        c.args(["-L", "-b", &brokers(), "-m", "5", "-t", "none-such"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(l) = lib {
            c.env("LD_LIBRARY_PATH", l);
        }
        c.status().is_ok_and(|s| s.success())
    };
    let mut cmd = Command::new("kcat");
    if probe(None) {
        return cmd;
    }
    let lib = std::env::var("FZ_KCAT_LIBRDKAFKA").ok().or_else(|| {
        let python = std::env::var("FZ_PYTHON").unwrap_or_else(|_| "python3".into());
        let out = Command::new(python)
            .args(["-c", "import confluent_kafka, glob, os; d = os.path.dirname(os.path.dirname(confluent_kafka.__file__)); print((glob.glob(d + '/confluent_kafka.libs/librdkafka*.so*') + [''])[0])"])
            .output()
            .ok()?;
        let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!p.is_empty()).then_some(p)
    });
    let lib = lib.expect(
        "kcat's librdkafka cannot talk to the broker and no newer librdkafka was found \
         (pip install confluent-kafka, or set FZ_KCAT_LIBRDKAFKA)",
    );
    let libdir = dir.path().join("kcat-lib");
    std::fs::create_dir_all(&libdir).unwrap();
    let _ = std::fs::remove_file(libdir.join("librdkafka.so.1"));
    std::os::unix::fs::symlink(&lib, libdir.join("librdkafka.so.1")).unwrap();
    assert!(
        probe(Some(&libdir)),
        "kcat cannot talk to the broker, not even with {lib}"
    );
    eprintln!(
        "kcat: using librdkafka {lib} (the packaged one cannot parse the broker's ApiVersions)"
    );
    cmd.env("LD_LIBRARY_PATH", &libdir);
    cmd
}

/// (5a) kcat (librdkafka's command-line client) produces the events and reads the actions back.
#[test]
#[ignore = "needs a broker: run tests/run.sh"]
fn interop_kcat() {
    let dir = TempDir::new("kcat");
    let events = scenario(150, 2, 13);
    let want = expected(&dir, &events);
    let topics = Topics::create("kcat", 3);
    for t in topics.inputs() {
        let mut input = String::new();
        for e in events.iter().filter(|e| topics.for_event(e) == t) {
            input.push_str(e.key());
            input.push('\t');
            input.push_str(&e.to_json());
            input.push('\n');
        }
        let path = dir.path().join(format!("{t}.kcat"));
        std::fs::write(&path, input).unwrap();
        let st = kcat(&dir)
            .args(["-P", "-b", &brokers(), "-t", t, "-K", "\t"])
            .args(["-X", "acks=all", "-X", "enable.idempotence=true"])
            .stdin(std::fs::File::open(&path).unwrap())
            .status()
            .expect("running kcat -P");
        assert!(st.success(), "kcat -P to {t}: {st}");
    }
    let n: i64 = topics.inputs().iter().map(|t| record_count(t)).sum();
    assert_eq!(n as usize, events.len(), "kcat produced every event");
    let via_rust = run_through(&topics, &dir, "run", events.len());
    assert_same_ids("kcat-produced events", &want, &ids(&via_rust));

    let mut got = BTreeSet::new();
    for t in topics.outputs() {
        let out = kcat(&dir)
            .args([
                "-C",
                "-b",
                &brokers(),
                "-t",
                t,
                "-o",
                "beginning",
                "-e",
                "-q",
            ])
            .args(["-f", "%k\t%h\t%s\n"])
            .stdin(Stdio::null())
            .output()
            .expect("running kcat -C");
        assert!(out.status.success(), "kcat -C {t}: {}", out.status);
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut parts = line.splitn(3, '\t');
            let (key, headers, json) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            let a: Action = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("kcat read a non-action from {t}: {e}: {line}"));
            assert_eq!(key, a.key());
            assert!(
                headers.contains(&format!("action_id={}", a.action_id)),
                "headers {headers} carry the action_id"
            );
            got.insert(a.action_id);
        }
    }
    assert_same_ids("actions read with kcat", &want, &got);
}

/// (5b) Python's confluent-kafka produces the events and reads the actions back
/// (tests/interop/confluent_roundtrip.py).
#[test]
#[ignore = "needs a broker: run tests/run.sh"]
fn interop_python_confluent_kafka() {
    let python = std::env::var("FZ_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = workspace().join("tests/interop/confluent_roundtrip.py");
    let dir = TempDir::new("python");
    let events = scenario(150, 2, 15);
    let want = expected(&dir, &events);
    let file = dir.path().join("events.jsonl");
    let topics = Topics::create("python", 3);
    let st = Command::new(&python)
        .arg(&script)
        .args(["produce", "--brokers", &brokers(), "--events"])
        .arg(&file)
        .args(["--transactions", &topics.transactions])
        .args(["--calls", &topics.calls, "--watchlist", &topics.watchlist])
        .status()
        .expect("running python3");
    assert!(st.success(), "{} produce: {st}", script.display());
    let n: i64 = topics.inputs().iter().map(|t| record_count(t)).sum();
    assert_eq!(n as usize, events.len(), "python produced every event");
    run_through(&topics, &dir, "run", events.len());

    let out_file = dir.path().join("python-actions.jsonl");
    let st = Command::new(&python)
        .arg(&script)
        .args(["consume", "--brokers", &brokers(), "--out"])
        .arg(&out_file)
        .args(["--topic", &topics.bank, "--topic", &topics.warnings])
        .status()
        .expect("running python3");
    assert!(st.success(), "{} consume: {st}", script.display());
    let got: BTreeSet<String> = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(|l| {
            let a: Action = serde_json::from_str(l).expect("an action");
            a.action_id
        })
        .collect();
    assert_same_ids("actions read with confluent-kafka", &want, &got);
}
