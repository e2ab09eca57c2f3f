//! `fanzha run` as a child process of a test, and its HTTP endpoints.

use crate::{fanzha_bin, no_model, workspace, Topics};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

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

    /// Polls `probe` every `every` until it returns `Ok`, and returns that. Fails if the
    /// processor exits meanwhile, or once `timeout` has passed, with `what` it waited for, the
    /// `Err` of the last probe (what was still missing) and the processor's log.
    pub fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        every: Duration,
        mut probe: impl FnMut(&mut Self) -> Result<T, String>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            self.check_alive(&format!("waiting for {what}"));
            let missing = match probe(self) {
                Ok(v) => return v,
                Err(missing) => missing,
            };
            assert!(
                Instant::now() < deadline,
                "no {what} after {timeout:?}: {missing}; fanzha run's log:\n{}",
                self.log_text()
            );
            std::thread::sleep(every);
        }
    }

    /// Waits until `/readyz` answers 200.
    pub fn wait_ready(&mut self, timeout: Duration) {
        self.wait_for(
            "/readyz",
            timeout,
            Duration::from_millis(200),
            |p| match http_get(p.metrics_port, "/readyz") {
                Some((200, _)) => Ok(()),
                other => Err(format!("answered {other:?}")),
            },
        )
    }

    /// Waits until `fanzha_events_total` (and dead letters) reach `n`; returns the metrics text.
    pub fn wait_processed(&mut self, n: u64, timeout: Duration) -> String {
        let mut last = 0.0;
        let what = format!("{n} records processed");
        self.wait_for(&what, timeout, Duration::from_millis(250), |p| {
            if let Some(m) = p.metrics() {
                last = metric_sum(&m, "fanzha_events_total")
                    + metric_sum(&m, "fanzha_dead_letters_total");
                if last >= n as f64 {
                    return Ok(m);
                }
            }
            Err(format!("processed {last}"))
        })
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
