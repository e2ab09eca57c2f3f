//! One module per subcommand.

mod demo;
mod gen;
mod models;
mod replay;
mod rules;
mod run;

use crate::cli::{Cli, Command, ScoringArgs};
use crate::features::{self, ModelInputs};
use crate::pipeline::{Pipeline, Shared};
use crate::state::{State, StateConfig};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Demo(a) => demo::run(a),
        Command::Gen(a) => gen::run(a),
        Command::Replay(a) => replay::run(a),
        Command::Run(a) => run::run(a),
        Command::Rules(c) => rules::run(c),
        Command::Models(c) => models::run(c),
    }
}

/// A pipeline with fresh state, the chosen rules and model.
pub fn pipeline_for(scoring: &ScoringArgs) -> Result<Pipeline> {
    let rules = crate::pack::load_rules(scoring.rules.as_deref())?;
    let inputs = ModelInputs::new(&features::schema());
    let model = crate::pack::load_model(scoring.model.as_deref(), scoring.no_model, &inputs)?;
    Ok(Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules,
        model,
    )))
}
