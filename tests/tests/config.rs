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

#[test]
fn a_rule_pack_whose_own_tests_fail_is_not_started() {
    // the shipped pack with one rule's score cut so that its warning no longer reaches the
    // threshold: it loads, but its own test of that warning fails
    let dir = TempDir::new("config-pack");
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    let mut cut = false;
    for entry in std::fs::read_dir(workspace().join("rules/pack")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("no_call.yaml") {
            let at = text
                .find("id: held_payer_pays_another_new_account")
                .expect("the rule");
            let score = at + text[at..].find("score: 0.6\n").expect("its score");
            text.replace_range(score..score + "score: 0.6".len(), "score: 0.06");
            cut = true;
        }
        std::fs::write(pack.join(path.file_name().unwrap()), text).unwrap();
    }
    assert!(cut, "no_call.yaml in the pack");
    let out = run(&example(), &[("FANZHA_RULES_DIR", pack.to_str().unwrap())]);
    assert_refused(&out, "rule pack's own tests fail");
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAIL "));
}
