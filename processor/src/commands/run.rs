//! `fanzha run`: the Kafka processor.

use crate::cli::RunArgs;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(_a: RunArgs) -> Result<ExitCode> {
    anyhow::bail!("`fanzha run` (Kafka) is not built yet; use `fanzha replay`")
}
