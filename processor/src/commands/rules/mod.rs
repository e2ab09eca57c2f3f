//! `fanzha rules check|test|backtest|export-features|fields`, one file per job.

mod backtest;
mod check;
mod export;
mod test;

use crate::cli::RulesCommand;
use crate::features;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(c: RulesCommand) -> Result<ExitCode> {
    match c {
        RulesCommand::Check { dir } => check::check(&dir),
        RulesCommand::Test { dir } => test::test(&dir),
        RulesCommand::Backtest(a) => backtest::backtest(a),
        RulesCommand::ExportFeatures { events, out, rules } => {
            export::export_features(&events, &out, rules.as_deref())
        }
        RulesCommand::Fields { markdown } => {
            let schema = features::schema();
            if markdown {
                print!("{}", schema.markdown_table());
            } else {
                for f in schema.fields() {
                    println!(
                        "{:<28} {:<9} {}",
                        f.name,
                        format!("{:?}", f.ty).to_lowercase(),
                        f.doc
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
