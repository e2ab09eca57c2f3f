//! Logging with `tracing` to stderr; the level comes from `FANZHA_LOG` (e.g. `info`, `fanzha=debug`).
//! Phone and account numbers are never logged whole: use [`fanzha_contract::mask`].

use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

pub fn init() {
    let filter: Targets = std::env::var("FANZHA_LOG")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| "warn,fanzha=info".parse().expect("valid default filter"));
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(false),
        )
        .with(filter)
        .try_init();
}
