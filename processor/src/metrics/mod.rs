//! What the processor measures about itself: stage latencies, counters, and their exposition.

pub mod counters;
pub mod http;
pub mod hub;
pub mod latency;
pub mod prometheus;

pub use counters::Counters;
pub use hub::Hub;
pub use latency::{fmt_ns, Latency, Quantiles, Stage};
