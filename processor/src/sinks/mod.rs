//! Sinks: where actions and dead letters go. One small trait; a file sink and a Kafka sink.

pub mod file;

use fanzha_contract::{Action, DeadLetter};

pub trait Sink {
    fn action(&mut self, action: &Action) -> anyhow::Result<()>;
    fn dead_letter(&mut self, dead: &DeadLetter) -> anyhow::Result<()>;
    fn flush(&mut self) -> anyhow::Result<()>;
}
pub mod kafka;
