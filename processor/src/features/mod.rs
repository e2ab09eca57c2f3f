//! Features: what the state says about an event, as one row of typed values that rules read by
//! name and the model reads by position. The same code serves the live pipeline, replays, rule
//! tests, backtests and model training, so nothing can drift between them.

mod compute;
mod model_inputs;
mod schema;

pub use compute::{compute, flow_flags};
pub use model_inputs::ModelInputs;
pub use schema::{fields, schema, COUNT, F};

use fanzha_rules::Value;

/// One event's features. Strings borrow from the event.
pub type Row<'a> = [Value<'a>; COUNT];

pub fn empty_row<'a>() -> Row<'a> {
    [Value::Missing; COUNT]
}
