//! `fanzha models train|eval`: the model sees the pipeline's own features, computed by replaying
//! labelled events through the same pipeline code that runs live.

use crate::cli::{DataArgs, ModelsCommand, ScoringArgs};
use crate::features::{self, ModelInputs};
use crate::model::Model;
use crate::pipeline::{Pipeline, Shared};
use crate::state::{State, StateConfig};
use anyhow::{bail, Context, Result};
use fanzha_contract::EventBody;
use fanzha_load::Labels;
use fanzha_models::{evaluate, read_csv, train, Artifact, Dataset, TrainConfig};
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

pub fn run(c: ModelsCommand) -> Result<ExitCode> {
    match c {
        ModelsCommand::Train(a) => {
            let ds = dataset(&a.data)?;
            let id = a.id.clone().unwrap_or_else(|| {
                a.out
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "model".into())
            });
            let cfg = TrainConfig {
                seed: a.seed,
                model_id: id,
                version: a.model_version.clone(),
                ..TrainConfig::default()
            };
            let (artifact, report) = train(&ds, &cfg)?;
            if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            artifact.save(&a.out)?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "candidates (validation = the later {:.0} % of the data by time):",
                    cfg.validation_fraction * 100.0
                );
                for c in &report.candidates {
                    println!(
                        "  {:<9} PR-AUC {:.4}  ROC-AUC {:.4}  size {}  trained in {} ms",
                        format!("{:?}", c.family),
                        c.pr_auc,
                        c.roc_auc,
                        c.size,
                        c.train_ms
                    );
                }
                println!(
                    "chosen: {:?}\n{}",
                    report.chosen,
                    report.validation.report()
                );
                println!("model written to {}", a.out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Eval(a) => {
            let artifact = Artifact::load(&a.model)
                .with_context(|| format!("loading {}", a.model.display()))?;
            let ds = dataset(&a.data)?;
            if a.data.csv.is_none() {
                // refuse a model the pipeline cannot feed, with the same message `run` would give
                Model::new(artifact.clone(), &ModelInputs::new(&features::schema()))?;
            }
            let report = evaluate(&artifact, &ds);
            if a.json {
                println!("{}", report.to_json());
            } else {
                println!("{}", report.report());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn dataset(d: &DataArgs) -> Result<Dataset> {
    match (&d.csv, &d.events, &d.labels) {
        (Some(csv), None, None) => Ok(read_csv(csv, &d.label_column, d.time_column.as_deref())?),
        (None, Some(events), Some(labels)) => events_dataset(events, labels, d.rules.as_deref()),
        _ => bail!("give either --csv FILE [--label-column NAME] or --events FILE --labels FILE"),
    }
}

/// Replays labelled events through the pipeline (rules on, no model) and keeps one row per
/// transaction: the model inputs as the pipeline computed them, the label and the typology.
pub fn events_dataset(events: &Path, labels: &Path, rules_dir: Option<&Path>) -> Result<Dataset> {
    let labels =
        Labels::read_jsonl(labels).with_context(|| format!("reading {}", labels.display()))?;
    let scam: HashMap<&str, &str> = labels
        .scam_txns
        .iter()
        .map(|t| (t.txn_id.as_str(), t.typology.as_str()))
        .collect();
    let scoring = ScoringArgs {
        rules: rules_dir.map(|p| p.to_path_buf()),
        model: None,
        no_model: true,
    };
    let rules = crate::pack::load_rules(scoring.rules.as_deref())?;
    let mut p = Pipeline::new(Shared::new(State::new(StateConfig::default()), rules, None));
    p.collect_inputs = true;
    let names: Vec<String> = p
        .shared
        .inputs
        .names
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut ds = Dataset::new(names);
    crate::replay::for_each_event(
        &mut p,
        events,
        |_, _| Ok(()),
        |e, p, _| {
            if let EventBody::Transaction(t) = &e.body {
                let typology = scam.get(t.txn_id.as_str()).copied();
                ds.push(
                    p.last_inputs(),
                    typology.is_some(),
                    e.ts_ms,
                    typology.unwrap_or(""),
                );
            }
            Ok(())
        },
    )?;
    if ds.is_empty() {
        bail!("no transactions in {}", events.display());
    }
    Ok(ds)
}
