//! fanzha: events in → state → rules + models → decisions → actions out.
//!
//! - [`sources`]: where event payloads come from (JSON-lines files, Kafka)
//! - [`state`]: per-entity state over event-time windows
//! - [`features`]: what the state says about an event, as a typed row
//! - [`model`]: the linfa model bound to the feature row
//! - [`decide`]: from rule hits to explained, deduplicated actions
//! - [`pipeline`]: one worker's path through all of the above
//! - [`rule_tests`]: the tests written beside the rules, run in-process
//! - [`sinks`]: where actions and dead letters go (files, Kafka)
//! - [`metrics`]: stage latency histograms and counters

pub mod cli;
pub mod commands;
pub mod config;
pub mod decide;
pub mod features;
pub mod logging;
pub mod metrics;
pub mod model;
pub mod pack;
pub mod pipeline;
pub mod reload;
pub mod replay;
pub mod report;
pub mod rule_tests;
pub mod sinks;
pub mod sources;
pub mod state;
pub mod swap;
