//! Child processes the driver starts and stops (the processor, the bare consumer, the Python
//! peer), their CPU time from `/proc/<pid>/stat`, and their progress (the processor's `/metrics`,
//! or `progress <n>` lines on a child's stdout).

use super::now_ns;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// CPU seconds (user + system) a process has used so far.
pub fn cpu_secs(pid: u32) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // after "pid (comm) ": state is field 3, utime 14, stime 15 → indices 11 and 12 here
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    let tck = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some((ut + st) / tck.max(1.0))
}

/// A free port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(19464)
}

/// `GET path` on 127.0.0.1:port: (status, body).
pub fn http_get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    Some((status, body))
}

/// From the processor's `/metrics`: events processed (all types and topics) and consumer lag.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct ProcMetrics {
    pub events: u64,
    pub actions: u64,
    pub lag: i64,
}

/// The processor's `/metrics` text, if it answered 200.
fn metrics_text(addr: &str) -> Option<String> {
    match http_get(addr, "/metrics")? {
        (200, body) => Some(body),
        _ => None,
    }
}

pub fn scrape(addr: &str) -> Option<ProcMetrics> {
    let body = metrics_text(addr)?;
    let mut m = ProcMetrics::default();
    for line in body.lines() {
        let value = || {
            line.rsplit(' ')
                .next()
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        if line.starts_with("fanzha_events_total{") {
            m.events += value() as u64;
        } else if line.starts_with("fanzha_actions_total{") {
            m.actions += value() as u64;
        } else if line.starts_with("fanzha_consumer_lag{") {
            m.lag += value() as i64;
        }
    }
    Some(m)
}

/// One stage of the processor's own latency histogram from `/metrics`: its cumulative bucket
/// counts (`le` in seconds) and the HDR quantiles it reports (seconds), both since it started.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StageHist {
    pub buckets: Vec<(f64, u64)>,
    pub quantiles: Vec<(f64, f64)>,
    pub count: u64,
}

pub fn scrape_stage(addr: &str, stage: &str) -> Option<StageHist> {
    Some(parse_stage(&metrics_text(addr)?, stage))
}

fn parse_stage(body: &str, stage: &str) -> StageHist {
    let mut h = StageHist::default();
    let label = format!("stage=\"{stage}\"");
    for line in body.lines() {
        if !line.contains(&label) {
            continue;
        }
        let Some((head, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let label_value = |key: &str| -> Option<f64> {
            let at = head.find(&format!("{key}=\""))? + key.len() + 2;
            let rest = &head[at..];
            rest[..rest.find('"')?].parse().ok()
        };
        if line.starts_with("fanzha_stage_latency_seconds_bucket{") {
            if let (Some(le), Ok(n)) = (label_value("le"), value.parse::<u64>()) {
                h.buckets.push((le, n));
            }
        } else if line.starts_with("fanzha_stage_latency_seconds_count{") {
            h.count = value.parse().unwrap_or(0);
        } else if line.starts_with("fanzha_stage_latency_quantile_seconds{") {
            if let (Some(q), Ok(v)) = (label_value("quantile"), value.parse::<f64>()) {
                h.quantiles.push((q, v));
            }
        }
    }
    h
}

/// The processor's own end-to-end latency over one interval, from two [`scrape_stage`]s: how many
/// actions were acknowledged and which share of them within 5, 10 and 50 ms (bucket bounds of
/// `/metrics`).
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct ShareWithin {
    pub count: u64,
    pub within_5ms: f64,
    pub within_10ms: f64,
    pub within_50ms: f64,
}

pub fn share_within(before: &StageHist, after: &StageHist) -> ShareWithin {
    let at = |h: &StageHist, le: f64| {
        h.buckets
            .iter()
            .find(|(b, _)| (b - le).abs() < 1e-9)
            .map(|x| x.1)
            .unwrap_or(0)
    };
    let count = after.count.saturating_sub(before.count);
    let share = |le: f64| {
        if count == 0 {
            0.0
        } else {
            at(after, le).saturating_sub(at(before, le)) as f64 / count as f64
        }
    };
    ShareWithin {
        count,
        within_5ms: share(0.005),
        within_10ms: share(0.01),
        within_50ms: share(0.05),
    }
}

/// A child process that is stopped (SIGTERM, then SIGKILL) when dropped.
pub struct Proc {
    pub name: String,
    pub child: Child,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn cpu(&self) -> f64 {
        cpu_secs(self.pid()).unwrap_or(0.0)
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGTERM, wait up to `grace`, then SIGKILL. Returns the CPU seconds used (read just before
    /// the signal).
    pub fn stop(&mut self, grace: Duration) -> f64 {
        let cpu = self.cpu();
        if self.alive() {
            unsafe {
                libc::kill(self.pid() as i32, libc::SIGTERM);
            }
            let deadline = Instant::now() + grace;
            while Instant::now() < deadline && self.alive() {
                std::thread::sleep(Duration::from_millis(50));
            }
            if self.alive() {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
        cpu
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.alive() {
            self.stop(Duration::from_secs(5));
        }
    }
}

/// Starts `fanzha run --config CONFIG` in `workdir` with the environment overrides; its log goes
/// to `log`.
pub fn start_processor(
    bin: &Path,
    config: &Path,
    workdir: &Path,
    env: &[(String, String)],
    log: &Path,
) -> Result<Proc, String> {
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let child = Command::new(bin)
        .arg("run")
        .arg("--config")
        .arg(config)
        .current_dir(workdir)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", bin.display()))?;
    Ok(Proc {
        name: "fanzha".into(),
        child,
    })
}

/// Waits until `GET /readyz` answers 200 (partitions assigned, state warm).
pub fn wait_ready(p: &mut Proc, addr: &str, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if !p.alive() {
            return Err(format!("{} exited before it was ready", p.name));
        }
        if matches!(http_get(addr, "/readyz"), Some((200, _))) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("{} not ready within {timeout:?}", p.name))
}

/// Starts a child whose stdout carries `progress <count>` lines; the count is kept in the
/// returned cell, and the time (`now_ns`) of the first non-zero count in the second.
pub fn start_with_progress(
    name: &str,
    cmd: &mut Command,
    log: &Path,
) -> Result<(Proc, Arc<AtomicU64>), String> {
    let err = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(err)
        .spawn()
        .map_err(|e| format!("starting {name}: {e}"))?;
    let count = Arc::new(AtomicU64::new(0));
    let stdout = child.stdout.take().expect("piped stdout");
    let c = count.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(n) = line
                .strip_prefix("progress ")
                .and_then(|v| v.trim().parse().ok())
            {
                c.store(n, Ordering::Relaxed);
            }
        }
    });
    Ok((
        Proc {
            name: name.into(),
            child,
        },
        count,
    ))
}

/// How a consumer did on a topic set that held `expect` records before it started.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Drain {
    pub name: String,
    pub expect: u64,
    pub consumed: u64,
    /// From the first record seen to the last (start-up and group join excluded).
    pub seconds: f64,
    pub events_per_s: f64,
    /// CPU seconds of the process over the same interval.
    pub cpu_seconds: f64,
    pub cpu_us_per_event: f64,
    /// The whole process, start-up included.
    pub cpu_seconds_total: f64,
    pub complete: bool,
    /// The rate between 10 % and 90 % of the records (start-up and tail excluded).
    pub steady_events_per_s: Option<f64>,
}

/// Samples `progress()` every 50 ms until it reaches `expect` or `timeout` passes; measures from
/// the first sample that saw records.
pub fn measure_drain(
    name: &str,
    p: &mut Proc,
    expect: u64,
    timeout: Duration,
    mut progress: impl FnMut() -> Option<u64>,
) -> Drain {
    let deadline = Instant::now() + timeout;
    let mut first: Option<(i64, u64, f64)> = None;
    let mut last = (now_ns(), 0u64, p.cpu());
    let mut samples: Vec<(i64, u64)> = Vec::new();
    loop {
        let n = progress().unwrap_or(last.1);
        let t = now_ns();
        let cpu = p.cpu();
        if n > 0 && first.is_none() {
            first = Some((t, n, cpu));
        }
        samples.push((t, n));
        last = (t, n, cpu);
        if n >= expect || Instant::now() > deadline || !p.alive() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (t0, n0, c0) = first.unwrap_or(last);
    let secs = (last.0 - t0) as f64 / 1e9;
    let events = last.1.saturating_sub(n0);
    Drain {
        name: name.into(),
        expect,
        consumed: last.1,
        seconds: secs,
        events_per_s: if secs > 0.0 {
            events as f64 / secs
        } else {
            0.0
        },
        cpu_seconds: last.2 - c0,
        cpu_us_per_event: if events > 0 {
            (last.2 - c0) * 1e6 / events as f64
        } else {
            0.0
        },
        cpu_seconds_total: last.2,
        complete: last.1 >= expect,
        steady_events_per_s: steady_rate(&samples, expect),
    }
}

/// The rate between the moments 10 % and 90 % of `expect` were reached (start-up and the tail
/// excluded); from (time ns, count) samples.
pub fn steady_rate(samples: &[(i64, u64)], expect: u64) -> Option<f64> {
    let lo = expect / 10;
    let hi = expect * 9 / 10;
    let a = samples.iter().find(|s| s.1 >= lo)?;
    let b = samples.iter().find(|s| s.1 >= hi)?;
    (b.0 > a.0).then(|| (b.1 - a.1) as f64 / ((b.0 - a.0) as f64 / 1e9))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(le_5ms: u64, le_10ms: u64, le_50ms: u64, count: u64, p99: f64) -> String {
        format!(
            "fanzha_stage_latency_seconds_bucket{{stage=\"fetch\",le=\"0.01\"}} 999\n\
             fanzha_stage_latency_seconds_bucket{{stage=\"end_to_end\",le=\"0.005\"}} {le_5ms}\n\
             fanzha_stage_latency_seconds_bucket{{stage=\"end_to_end\",le=\"0.01\"}} {le_10ms}\n\
             fanzha_stage_latency_seconds_bucket{{stage=\"end_to_end\",le=\"0.05\"}} {le_50ms}\n\
             fanzha_stage_latency_seconds_bucket{{stage=\"end_to_end\",le=\"+Inf\"}} {count}\n\
             fanzha_stage_latency_seconds_count{{stage=\"end_to_end\"}} {count}\n\
             fanzha_stage_latency_quantile_seconds{{stage=\"end_to_end\",quantile=\"0.99\"}} {p99}\n"
        )
    }

    #[test]
    fn the_share_within_comes_from_the_bucket_deltas_of_one_stage() {
        let before = parse_stage(&metrics(10, 20, 40, 50, 0.5), "end_to_end");
        let after = parse_stage(&metrics(10, 80, 130, 150, 0.02), "end_to_end");
        assert_eq!(after.count, 150);
        assert_eq!(after.quantiles, vec![(0.99, 0.02)]);
        let s = share_within(&before, &after);
        assert_eq!(s.count, 100);
        assert_eq!(s.within_5ms, 0.0);
        assert_eq!(s.within_10ms, 0.6);
        assert_eq!(s.within_50ms, 0.9);
        assert_eq!(share_within(&after, &after).within_10ms, 0.0);
    }
}
