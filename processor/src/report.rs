//! The summary a desk officer reads after a replay or demo.

use crate::metrics::{fmt_ns, Stage};
use crate::pipeline::Pipeline;
use crate::replay::Outcome;
use fanzha_contract::{mask, Action, ActionKind};
use fanzha_load::Detection;
use std::fmt::Write;

pub struct Summary<'a> {
    pub title: &'a str,
    pub outcome: &'a Outcome,
    pub pipeline: &'a Pipeline,
    pub detection: Option<&'a Detection>,
    pub samples: usize,
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn yuan(fen: i64) -> String {
    format!("¥{}.{:02}", thousands((fen / 100) as u64), fen % 100)
}

/// China time (UTC+8) as `YYYY-MM-DD HH:MM:SS`.
pub fn china_time(ts_ms: i64) -> String {
    let secs = ts_ms.div_euclid(1000) + 8 * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil-from-days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

impl Summary<'_> {
    pub fn text(&self) -> String {
        let o = self.outcome;
        let p = self.pipeline;
        let mut s = String::new();
        let rules = p.rules();
        let model = p
            .shared
            .model
            .load()
            .as_ref()
            .as_ref()
            .map(|m| format!("model {} v{}", m.artifact.id, m.artifact.version))
            .unwrap_or_else(|| "no model".into());
        let _ = writeln!(s, "{}", self.title);
        let _ = writeln!(
            s,
            "  processed {} events in {:.2} s: {} events/s (one core), ruleset {}, {}",
            thousands(o.events),
            o.elapsed.as_secs_f64(),
            thousands(o.events_per_sec() as u64),
            rules.version(),
            model
        );
        let by_type = |t: &str| -> u64 {
            p.counters
                .events
                .iter()
                .filter(|((k, _), _)| *k == t)
                .map(|(_, n)| n)
                .sum()
        };
        let repeats = match p.counters.repeats_skipped {
            0 => String::new(),
            n => format!(
                "; {} repeats of events already scored, skipped",
                thousands(n)
            ),
        };
        let _ = writeln!(
            s,
            "  events: {} transactions, {} call events, {} watch-list updates; {} dead letters{repeats}",
            thousands(by_type("transaction")),
            thousands(by_type("call")),
            thousands(by_type("watchlist")),
            thousands(o.dead_letters),
        );
        let _ = writeln!(
            s,
            "  actions: {} stop_payment (止付), {} freeze_account (冻结), {} early_warning (预警); {} warnings held back by the cooldown",
            thousands(p.counters.actions_of("stop_payment")),
            thousands(p.counters.actions_of("freeze_account")),
            thousands(p.counters.actions_of("early_warning")),
            thousands(p.counters.warnings_suppressed_by_cooldown)
        );
        let q = p.latency.quantiles(Stage::Score);
        let _ = writeln!(
            s,
            "  scoring latency per event (decode excluded): p50 {}  p99 {}  p99.9 {}  max {}",
            fmt_ns(q.p50),
            fmt_ns(q.p99),
            fmt_ns(q.p999),
            fmt_ns(q.max)
        );
        let _ = writeln!(s, "  per stage: {}", p.latency.summary_line());
        if let Some(d) = self.detection {
            let _ = writeln!(s, "\nDetection against the labels:");
            for line in d.report().lines() {
                let _ = writeln!(s, "  {line}");
            }
        }
        let samples = sample_warnings(&o.actions, self.samples);
        if !samples.is_empty() {
            let _ = writeln!(s, "\nSample warnings:");
            for (i, a) in samples.iter().enumerate() {
                let _ = writeln!(s, "{}", describe(i + 1, a, &o.actions));
            }
        }
        s
    }
}

/// Up to `n` warnings of different typologies, strongest first.
fn sample_warnings(actions: &[Action], n: usize) -> Vec<&Action> {
    let mut warnings: Vec<&Action> = actions
        .iter()
        .filter(|a| a.kind == ActionKind::EarlyWarning)
        .collect();
    warnings.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.trigger_ts_ms.cmp(&b.trigger_ts_ms))
    });
    let mut picked: Vec<&Action> = Vec::new();
    for a in &warnings {
        if picked.len() < n && !picked.iter().any(|p| p.typology == a.typology) {
            picked.push(a);
        }
    }
    for a in &warnings {
        if picked.len() < n && !picked.iter().any(|p| p.action_id == a.action_id) {
            picked.push(a);
        }
    }
    picked
}

fn describe(i: usize, a: &Action, all: &[Action]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  {i}. 预警 call {} now: {} ({}, score {:.2}) at {} China time, event {}",
        a.phone.as_deref().map(mask).unwrap_or_else(|| "?".into()),
        a.typology,
        a.severity.as_str(),
        a.score,
        china_time(a.trigger_ts_ms),
        a.trigger_event_id
    );
    for r in &a.reasons {
        let _ = writeln!(s, "     - {}: {}", r.rule, r.detail);
    }
    if let Some(m) = &a.model {
        let _ = writeln!(s, "     - model {} v{}: {:.3}", m.id, m.version, m.score);
    }
    for held in all
        .iter()
        .filter(|b| b.kind == ActionKind::StopPayment && b.trigger_event_id == a.trigger_event_id)
    {
        let _ = writeln!(
            s,
            "     止付 held {} of transfer {} at {}",
            yuan(held.amount_fen.unwrap_or(0)),
            held.txn_id.as_deref().unwrap_or("?"),
            held.bank.as_deref().unwrap_or("?")
        );
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_and_time() {
        assert_eq!(yuan(4_980_000), "¥49,800.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(china_time(1_764_300_180_000), "2025-11-28 11:23:00");
    }
}
