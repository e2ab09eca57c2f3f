//! `fanzha rules test`: run the tests written beside the rules and print each one.

use crate::features;
use crate::rule_tests::run_test;
use anyhow::Result;
use fanzha_rules::RuleSet;
use std::path::Path;
use std::process::ExitCode;

pub fn test(dir: &Path) -> Result<ExitCode> {
    let rules = match RuleSet::load_dir(dir, &features::schema()) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return Ok(ExitCode::from(1));
        }
    };
    let (mut passed, mut failed) = (0, 0);
    for t in rules.tests() {
        let fails = run_test(&rules, t)?;
        if fails.is_empty() {
            passed += 1;
            println!("ok   {}:{} {}", t.file, t.line, t.name);
        } else {
            failed += 1;
            println!("FAIL {}:{} {}", t.file, t.line, t.name);
            for f in fails {
                println!("       {f}");
            }
        }
    }
    println!("rule tests: {passed} passed, {failed} failed");
    Ok(if failed == 0 && passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
