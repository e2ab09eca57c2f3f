//! Sources: where event payloads come from. Each yields raw records; decoding is the pipeline's.

pub mod file;

/// One raw record from a source, with where it came from (for dead letters and offsets).
#[derive(Debug, Clone)]
pub struct Record {
    pub payload: Vec<u8>,
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
}
