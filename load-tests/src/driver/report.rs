//! The SVG: latency over time, the percentile distribution and, for a sweep, throughput and p99
//! per offered rate. Hand-written SVG, no plotting dependency.

use super::openloop::Seen;
use hdrhistogram::Histogram;
use std::fmt::Write;

/// One sweep step as plotted.
pub struct StepPoint {
    pub offered: f64,
    pub processed: f64,
    pub p99_ms: f64,
    pub kept_up: bool,
}

const W: f64 = 900.0;
const PH: f64 = 300.0;
const ML: f64 = 70.0;
const MR: f64 = 20.0;

fn log_y(v: f64, lo: f64, hi: f64, top: f64, h: f64) -> f64 {
    let v = v.clamp(lo, hi);
    top + h - (v.log10() - lo.log10()) / (hi.log10() - lo.log10()) * h
}

fn panel_frame(s: &mut String, top: f64, title: &str, xlabel: &str, ylabel: &str) {
    let _ = write!(
        s,
        r##"<text x="{ML}" y="{}" font-size="14" font-weight="bold">{title}</text><rect x="{ML}" y="{top}" width="{}" height="{PH}" fill="none" stroke="#444"/><text x="{}" y="{}" font-size="11" text-anchor="middle">{xlabel}</text><text x="14" y="{}" font-size="11" transform="rotate(-90 14 {})" text-anchor="middle">{ylabel}</text>"##,
        top - 8.0,
        W - ML - MR,
        ML + (W - ML - MR) / 2.0,
        top + PH + 32.0,
        top + PH / 2.0,
        top + PH / 2.0,
    );
}

fn log_ticks(s: &mut String, top: f64, lo: f64, hi: f64) {
    let mut v = lo;
    while v <= hi * 1.0001 {
        let y = log_y(v, lo, hi, top, PH);
        let label = if v < 1.0 {
            format!("{v}")
        } else {
            format!("{v:.0}")
        };
        let _ = write!(
            s,
            r##"<line x1="{ML}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd"/><text x="{}" y="{}" font-size="10" text-anchor="end">{label} ms</text>"##,
            W - MR,
            ML - 4.0,
            y + 3.0
        );
        v *= 10.0;
    }
}

fn bounds(max_ms: f64, min_ms: f64) -> (f64, f64) {
    let lo = 10f64.powf(min_ms.max(0.01).log10().floor());
    let hi = 10f64.powf(max_ms.max(lo * 10.0).log10().ceil());
    (lo, hi)
}

/// Writes the SVG. `steps` is empty outside a sweep.
pub fn svg(title: &str, seen: &[Seen], hist: &Histogram<u64>, steps: &[StepPoint]) -> String {
    let panels = if steps.is_empty() { 2.0 } else { 3.0 };
    let height = 60.0 + panels * (PH + 70.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="{ML}" y="24" font-size="16">{title}</text>"##
    );
    let max_ms = seen.iter().map(|x| x.latency_us).max().unwrap_or(1000) as f64 / 1000.0;
    let min_ms = seen.iter().map(|x| x.latency_us).min().unwrap_or(1000) as f64 / 1000.0;
    let (lo, hi) = bounds(max_ms, min_ms);
    let pw = W - ML - MR;

    // 1. latency over time
    let top = 60.0;
    panel_frame(
        &mut s,
        top,
        "event → action latency over time (each dot one action; orange = probe, blue = scenario)",
        "seconds since the first action",
        "latency (log)",
    );
    log_ticks(&mut s, top, lo, hi);
    if let (Some(t0), Some(t1)) = (
        seen.iter().map(|x| x.at_ns).min(),
        seen.iter().map(|x| x.at_ns).max(),
    ) {
        let span = ((t1 - t0) as f64 / 1e9).max(1.0);
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="10" text-anchor="end">{span:.0} s</text>"##,
            W - MR,
            top + PH + 14.0
        );
        for x in seen {
            let px = ML + (x.at_ns - t0) as f64 / 1e9 / span * pw;
            let py = log_y(x.latency_us as f64 / 1000.0, lo, hi, top, PH);
            let color = if x.probe { "#e6550d" } else { "#3182bd" };
            let _ = write!(
                s,
                r##"<circle cx="{px:.1}" cy="{py:.1}" r="1.6" fill="{color}" fill-opacity="0.6"/>"##
            );
        }
    }

    // 2. percentile distribution: x = percentile on a log scale of 1/(1-q)
    let top = 60.0 + PH + 70.0;
    panel_frame(
        &mut s,
        top,
        "latency by percentile (HDR histogram)",
        "percentile",
        "latency (log)",
    );
    log_ticks(&mut s, top, lo, hi);
    let xmax = 4.0; // up to 99.99 %
    for (q, label) in [
        (0.0, "0%"),
        (0.9, "90%"),
        (0.99, "99%"),
        (0.999, "99.9%"),
        (0.9999, "99.99%"),
    ] {
        let x = ML + (-(1.0f64 - q).log10()) / xmax * pw;
        let _ = write!(
            s,
            r##"<line x1="{x}" x2="{x}" y1="{top}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" font-size="10" text-anchor="middle">{label}</text>"##,
            top + PH,
            top + PH + 14.0
        );
    }
    if !hist.is_empty() {
        let mut pts = String::new();
        let n = 200;
        for k in 0..=n {
            let lx = xmax * k as f64 / n as f64;
            let q = 1.0 - 10f64.powf(-lx);
            let v = hist.value_at_quantile(q.min(1.0)) as f64 / 1000.0;
            let _ = write!(
                pts,
                "{:.1},{:.1} ",
                ML + lx / xmax * pw,
                log_y(v, lo, hi, top, PH)
            );
        }
        let _ = write!(
            s,
            r##"<polyline points="{pts}" fill="none" stroke="#31a354" stroke-width="2"/>"##
        );
    }

    // 3. sweep: processed vs offered rate, p99 per step
    if !steps.is_empty() {
        let top = 60.0 + 2.0 * (PH + 70.0);
        panel_frame(
            &mut s,
            top,
            "sweep: processed rate (bars, left) and p99 latency (line, right) per offered rate",
            "offered events/s (green = kept up, red = fell behind)",
            "events/s",
        );
        let rmax = steps
            .iter()
            .map(|x| x.offered.max(x.processed))
            .fold(1.0, f64::max)
            * 1.1;
        let pmax = steps.iter().map(|x| x.p99_ms).fold(1.0, f64::max) * 1.2;
        let bw = pw / steps.len() as f64;
        let mut line = String::new();
        for (i, st) in steps.iter().enumerate() {
            let x = ML + i as f64 * bw;
            let h = st.processed / rmax * PH;
            let hoff = st.offered / rmax * PH;
            let color = if st.kept_up { "#31a354" } else { "#de2d26" };
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}" fill-opacity="0.6"/><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000" stroke-dasharray="3,2"/><text x="{:.1}" y="{}" font-size="10" text-anchor="middle">{:.0}</text><text x="{:.1}" y="{:.1}" font-size="9" text-anchor="middle">{:.0}/s</text>"##,
                x + bw * 0.15,
                top + PH - h,
                bw * 0.7,
                h,
                x + bw * 0.1,
                x + bw * 0.9,
                top + PH - hoff,
                top + PH - hoff,
                x + bw / 2.0,
                top + PH + 14.0,
                st.offered,
                x + bw / 2.0,
                top + PH - h - 4.0,
                st.processed,
            );
            let _ = write!(
                line,
                "{:.1},{:.1} ",
                x + bw / 2.0,
                top + PH - st.p99_ms / pmax * PH
            );
        }
        let _ = write!(
            s,
            r##"<polyline points="{line}" fill="none" stroke="#756bb1" stroke-width="2"/><text x="{}" y="{}" font-size="10" text-anchor="end" fill="#756bb1">p99 max {pmax:.0} ms (top)</text>"##,
            W - MR - 4.0,
            top + 12.0
        );
    }
    s.push_str("</svg>\n");
    s
}
