//! `fanzha rules export-features`: the feature row of every transfer, as the rules saw it.

use crate::features;
use crate::pipeline::{Pipeline, Shared};
use crate::state::{State, StateConfig};
use anyhow::{Context, Result};
use fanzha_contract::EventBody;
use std::path::Path;
use std::process::ExitCode;

pub fn export_features(events: &Path, out: &Path, rules_dir: Option<&Path>) -> Result<ExitCode> {
    use std::io::Write;
    let rules = crate::pack::load_rules(rules_dir)?;
    let inputs = features::ModelInputs::new(&features::schema());
    let model = crate::pack::load_model(None, false, &inputs)?;
    let mut p = Pipeline::new(Shared::new(
        State::new(StateConfig::default()),
        rules,
        model,
    ));
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    );
    let mut n = 0u64;
    crate::replay::for_each_event(
        &mut p,
        events,
        |e, p| {
            if let EventBody::Transaction(t) = &e.body {
                let row = serde_json::json!({"event_id": e.event_id, "txn_id": t.txn_id, "ts_ms": e.ts_ms, "features": p.features_json(e)});
                serde_json::to_writer(&mut w, &row)?;
                w.write_all(b"\n")?;
                n += 1;
            }
            Ok(())
        },
        |_, _, _| Ok(()),
    )?;
    w.flush()?;
    println!("wrote the features of {n} transfers to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
