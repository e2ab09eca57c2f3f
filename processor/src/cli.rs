//! The command line.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "fanzha",
    version,
    about = "反诈 fanzha: stops telecom fraud while it happens"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate a labelled scenario in memory, score it, print a report (no broker, no files)
    Demo(DemoArgs),
    /// Write a labelled scenario: events.jsonl and labels.jsonl
    Gen(GenArgs),
    /// Score a JSON-lines event file; write actions (and dead letters) as JSON lines
    Replay(ReplayArgs),
    /// Consume the Kafka event topics and produce actions (see deploy/fanzha.toml)
    Run(RunArgs),
    /// Rule files: check, test, backtest, list fields
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Models: train and evaluate
    #[command(subcommand)]
    Models(ModelsCommand),
}

#[derive(Args, Debug, Clone)]
pub struct WorldArgs {
    /// People in the generated city
    #[arg(long, default_value_t = 5000)]
    pub persons: usize,
    /// Days of activity
    #[arg(long, default_value_t = 7)]
    pub days: u32,
    /// Random seed (same seed, same world)
    #[arg(long, default_value_t = 20261128)]
    pub seed: u64,
}

#[derive(Args, Debug, Clone)]
pub struct ScoringArgs {
    /// Rules directory (default: rules/pack if present, else the embedded starter pack)
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Model artifact (default: models/default.json if present, else the embedded default model)
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Score with rules only
    #[arg(long)]
    pub no_model: bool,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    #[command(flatten)]
    pub world: WorldArgs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Args, Debug)]
pub struct GenArgs {
    #[command(flatten)]
    pub world: WorldArgs,
    /// Output directory
    #[arg(long)]
    pub out: PathBuf,
    /// Shuffle the written order by up to this many milliseconds of event time (out-of-order input)
    #[arg(long, default_value_t = 0)]
    pub disorder_ms: i64,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// JSON-lines event file
    #[arg(long)]
    pub events: PathBuf,
    /// Where to write actions, one JSON object per line
    #[arg(long)]
    pub actions: PathBuf,
    /// Where malformed lines go (default: <actions>.dlq.jsonl)
    #[arg(long)]
    pub dead_letters: Option<PathBuf>,
    /// Labels file from `fanzha gen`: adds detection figures
    #[arg(long)]
    pub labels: Option<PathBuf>,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Config file (TOML); every key can be overridden by FANZHA_<SECTION>_<KEY>
    #[arg(long, default_value = "deploy/fanzha.toml")]
    pub config: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Check rule files: every error with file:line:column; exit 1 on any error
    Check { dir: PathBuf },
    /// Run the tests written beside the rules
    Test { dir: PathBuf },
    /// Per-rule hits, actions, precision and recall on an event file, against another rule set
    Backtest(BacktestArgs),
    /// Export the feature row of every transfer (JSON lines), as the rules saw it
    ExportFeatures {
        #[arg(long)]
        events: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Rules directory (decisions feed back into state, e.g. who was warned)
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// List the fields rules can read
    Fields {
        /// As the Markdown table of rules/README.md
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    #[arg(long)]
    pub events: PathBuf,
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// The rules to test (default: rules/pack)
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Another rules directory to compare with
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[arg(long)]
    pub no_model: bool,
}

#[derive(Subcommand, Debug)]
pub enum ModelsCommand {
    /// Train on labelled events (or a CSV) and write a model artifact
    Train(TrainArgs),
    /// Evaluate a model artifact on labelled events (or a CSV)
    Eval(EvalArgs),
}

#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    #[arg(long)]
    pub events: Option<PathBuf>,
    #[arg(long)]
    pub labels: Option<PathBuf>,
    /// Plain tabular data instead of events
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// The 0/1 label column of --csv
    #[arg(long, default_value = "Class")]
    pub label_column: String,
    /// The time column of --csv (for the time-ordered split)
    #[arg(long)]
    pub time_column: Option<String>,
    /// Rules directory used while replaying events (the features that record decisions - holds,
    /// freezes, suspected victims - depend on it)
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Model id written into the artifact (default: the file stem of --out)
    #[arg(long)]
    pub id: Option<String>,
    /// Model version written into the artifact
    #[arg(long, default_value = "1")]
    pub model_version: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long)]
    pub model: PathBuf,
    #[arg(long)]
    pub json: bool,
}
