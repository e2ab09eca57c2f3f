//! `fanzha rules check`: load every rule file, report every error, and run the pack's tests.

use crate::features;
use crate::rule_tests;
use anyhow::Result;
use fanzha_rules::{Mode, RuleSet};
use std::path::Path;
use std::process::ExitCode;

/// Exit 1 on any error in the files or any failing rule test (each printed with file:line).
pub fn check(dir: &Path) -> Result<ExitCode> {
    let rs = match RuleSet::load_dir(dir, &features::schema()) {
        Ok(rs) => rs,
        Err(d) => {
            eprintln!("{d}");
            eprintln!("{} error(s) in {}", d.0.len(), dir.display());
            return Ok(ExitCode::from(1));
        }
    };
    let outcomes = rule_tests::run_all(&rs);
    if let Some(failed) = rule_tests::failures(&outcomes) {
        eprintln!("{failed}");
        return Ok(ExitCode::from(1));
    }
    let rules = rs.rules();
    let shadow = rules
        .iter()
        .filter(|r| r.enabled && r.mode == Mode::Shadow)
        .count();
    let disabled = rules.iter().filter(|r| !r.enabled).count();
    println!(
        "ok: {} rules ({} live, {} shadow, {} disabled), {} tests passed, version {}",
        rules.len(),
        rules.len() - shadow - disabled,
        shadow,
        disabled,
        outcomes.len(),
        rs.version()
    );
    Ok(ExitCode::SUCCESS)
}
