//! The defaults: the starter rule pack and the default model, embedded in the binary so that
//! `fanzha demo` runs anywhere, and looked up on disk first so that edits take effect.

use crate::features::{self, ModelInputs};
use crate::model::Model;
use anyhow::{anyhow, Result};
use fanzha_rules::RuleSet;
use std::path::{Path, PathBuf};

/// The starter pack as shipped (`rules/pack/`), in the order `RuleSet::load_dir` reads it (sorted by
/// file name: rule order breaks score ties and orders an action's reasons).
pub const RULE_FILES: &[(&str, &str)] = &[
    (
        "rules/pack/00-common.yaml",
        include_str!("../../rules/pack/00-common.yaml"),
    ),
    (
        "rules/pack/calls_from_scam_numbers.yaml",
        include_str!("../../rules/pack/calls_from_scam_numbers.yaml"),
    ),
    (
        "rules/pack/impersonation.yaml",
        include_str!("../../rules/pack/impersonation.yaml"),
    ),
    (
        "rules/pack/impersonation_after_the_call.yaml",
        include_str!("../../rules/pack/impersonation_after_the_call.yaml"),
    ),
    (
        "rules/pack/long_calls.yaml",
        include_str!("../../rules/pack/long_calls.yaml"),
    ),
    (
        "rules/pack/mule_lists.yaml",
        include_str!("../../rules/pack/mule_lists.yaml"),
    ),
    (
        "rules/pack/mule_payments.yaml",
        include_str!("../../rules/pack/mule_payments.yaml"),
    ),
    (
        "rules/pack/mules.yaml",
        include_str!("../../rules/pack/mules.yaml"),
    ),
    (
        "rules/pack/mules_money.yaml",
        include_str!("../../rules/pack/mules_money.yaml"),
    ),
    (
        "rules/pack/no_call.yaml",
        include_str!("../../rules/pack/no_call.yaml"),
    ),
];

/// The default model as shipped (`models/default.json`).
pub const DEFAULT_MODEL: &str = include_str!("../../models/default.json");

pub const DEFAULT_RULES_DIR: &str = "rules/pack";
pub const DEFAULT_MODEL_PATH: &str = "models/default.json";

/// Where the rules come from.
pub enum RulesFrom {
    Dir(PathBuf),
    Embedded,
}

pub fn rules_source(dir: Option<&Path>) -> RulesFrom {
    match dir {
        Some(d) => RulesFrom::Dir(d.to_path_buf()),
        None if Path::new(DEFAULT_RULES_DIR).is_dir() => RulesFrom::Dir(DEFAULT_RULES_DIR.into()),
        None => RulesFrom::Embedded,
    }
}

/// Loads rules from `dir`, else `rules/pack`, else the embedded pack. Errors carry every
/// diagnostic with file:line:column.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet> {
    let schema = features::schema();
    let loaded = match rules_source(dir) {
        RulesFrom::Dir(d) => RuleSet::load_dir(&d, &schema),
        RulesFrom::Embedded => {
            let files: Vec<(String, String)> = RULE_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
            RuleSet::load_sources(&files, &schema)
        }
    };
    loaded.map_err(|d| anyhow!("rules refused:\n{d}"))
}

/// Loads the model: `path`, else `models/default.json`, else the embedded default; none with
/// `no_model`.
pub fn load_model(
    path: Option<&Path>,
    no_model: bool,
    inputs: &ModelInputs,
) -> Result<Option<Model>> {
    if no_model {
        return Ok(None);
    }
    match path {
        Some(p) => Model::load(p, inputs).map(Some),
        None if Path::new(DEFAULT_MODEL_PATH).is_file() => {
            Model::load(Path::new(DEFAULT_MODEL_PATH), inputs).map(Some)
        }
        None => Model::from_json(DEFAULT_MODEL, inputs).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_pack_and_model_load() {
        let files: Vec<(String, String)> = RULE_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let rules = RuleSet::load_sources(&files, &features::schema()).unwrap();
        assert!(rules.rules().len() >= 10);
        let inputs = ModelInputs::new(&features::schema());
        assert!(Model::from_json(DEFAULT_MODEL, &inputs).is_ok());
    }

    #[test]
    fn the_embedded_pack_is_the_pack_on_disk() {
        for (name, text) in RULE_FILES {
            let on_disk = std::fs::read_to_string(Path::new("..").join(name)).unwrap();
            assert_eq!(&on_disk, text, "{name}");
        }
        let listed: Vec<_> = RULE_FILES
            .iter()
            .map(|(n, _)| n.trim_start_matches("rules/pack/").to_string())
            .collect();
        let mut on_disk: Vec<_> = std::fs::read_dir("../rules/pack")
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        assert_eq!(listed, on_disk, "every pack file is embedded");
    }
}
