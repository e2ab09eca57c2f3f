//! `fanzha run` refuses a bad config before touching any broker: unknown keys and wrong types exit
//! non-zero with a message that names the key. Needs no broker.

use fanzha_e2e::{fanzha_bin, workspace, TempDir};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `fanzha run --config <file>` with extra environment, bounded to 60 s.
fn run(config: &str, env: &[(&str, &str)]) -> Output {
    let dir = TempDir::new("config");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = Command::new(fanzha_bin());
    cmd.current_dir(workspace())
        .args(["run", "--config"])
        .arg(&path)
        // nothing listens there: the config must be refused before any connection
        .env("FANZHA_KAFKA_BROKERS", "127.0.0.1:9")
        .env_remove("FANZHA_METRICS_LISTEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("starting fanzha");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("waiting").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("fanzha run with a bad config did not exit within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn example() -> String {
    std::fs::read_to_string(workspace().join("deploy/fanzha.toml")).expect("deploy/fanzha.toml")
}

fn assert_refused(out: &Output, names: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "exit {} for a bad config",
        out.status
    );
    assert!(
        stderr.contains(names),
        "the message names `{names}`:\n{stderr}"
    );
}

#[test]
fn an_unknown_key_in_the_file_is_named() {
    let text = example().replace(
        "commit_interval_ms = 1000",
        "commit_interval_ms = 1000\ncommit_intervall_ms = 5",
    );
    assert_refused(&run(&text, &[]), "commit_intervall_ms");
}

#[test]
fn a_wrong_type_in_the_file_is_named() {
    let text = example().replace("commit_interval_ms = 1000", "commit_interval_ms = \"soon\"");
    assert_refused(&run(&text, &[]), "commit_interval_ms");
}

#[test]
fn an_unknown_key_from_the_environment_is_named() {
    let out = run(&example(), &[("FANZHA_KAFKA_BROKRS", "127.0.0.1:9092")]);
    assert_refused(&out, "FANZHA_KAFKA_BROKRS");
}

#[test]
fn a_wrong_type_from_the_environment_is_named() {
    let out = run(&example(), &[("FANZHA_STATE_WARMUP_MS", "a day")]);
    assert_refused(&out, "FANZHA_STATE_WARMUP_MS");
}
