//! `fanzha`: the thin binary. Parses the command line and hands over to `fanzha::commands`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = fanzha::cli::Cli::parse();
    if !matches!(cli.command, fanzha::cli::Command::Run(_)) {
        // reports piped into `head` end quietly instead of panicking on a closed pipe
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    fanzha::logging::init();
    match fanzha::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
