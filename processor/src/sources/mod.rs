//! Sources: where event payloads come from (JSON-lines files, Kafka). Decoding is the pipeline's.

pub mod file;
pub mod kafka;
pub mod reorder;

/// One raw record from a source, with where it came from (for dead letters and offsets).
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub payload: Vec<u8>,
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
}
