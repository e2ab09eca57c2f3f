//! `fanzha`: the thin binary. Parses the command line and hands over to `fanzha::commands`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = fanzha::cli::Cli::parse();
    fanzha::logging::init();
    match fanzha::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
