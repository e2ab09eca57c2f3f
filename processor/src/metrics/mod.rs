//! What the processor measures about itself: stage latencies and counters.

pub mod counters;
pub mod latency;

pub use counters::Counters;
pub use latency::{fmt_ns, Latency, Quantiles, Stage};
