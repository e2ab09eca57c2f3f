mod common;

use common::{config, synthetic, Rng};
use fanzha_models::*;

#[test]
fn trains_all_families_and_picks_by_pr_auc() {
    let d = synthetic(6000, 8, 1);
    let (a, rep) = train(
        &d,
        &config(&[Family::Logistic, Family::Tree, Family::Forest]),
    )
    .unwrap();
    assert_eq!(rep.candidates.len(), 3);
    let best = rep
        .candidates
        .iter()
        .map(|c| c.pr_auc)
        .fold(f64::MIN, f64::max);
    let chosen = rep
        .candidates
        .iter()
        .find(|c| c.family == rep.chosen)
        .unwrap();
    assert_eq!(chosen.pr_auc, best);
    assert_eq!(a.model.family(), rep.chosen.name());
    for c in &rep.candidates {
        // ~2 % positives: chance level is ~0.02 PR-AUC, 0.5 ROC-AUC.
        assert!(c.pr_auc > 0.08 && c.roc_auc > 0.75, "{c:?}");
    }
    assert!((rep.validation.pr_auc - best).abs() < 1e-12);
    let hp = &rep.validation.at_thresholds[0];
    assert_eq!(hp.name, "high_precision");
    assert_eq!(hp.precision, a.thresholds.high_precision_achieved);
    assert!(a.thresholds.balanced_f1 > 0.0);
    let text = rep.validation.report();
    assert!(
        text.contains("PR-AUC") && text.contains("scam_call"),
        "{text}"
    );
    assert!(rep.validation.to_json().contains("\"per_group\""));
}

#[test]
fn training_is_deterministic_for_a_seed() {
    let d = synthetic(4000, 6, 2);
    for fam in [Family::Logistic, Family::Tree, Family::Forest] {
        let (a1, _) = train(&d, &config(&[fam])).unwrap();
        let (a2, _) = train(&d, &config(&[fam])).unwrap();
        assert_eq!(a1.to_json(), a2.to_json(), "{fam:?}");
    }
    // Another seed gives another forest.
    let mut other = config(&[Family::Forest]);
    other.seed = 8;
    let (a1, _) = train(&d, &config(&[Family::Forest])).unwrap();
    let (a3, _) = train(&d, &other).unwrap();
    assert_ne!(a1.to_json(), a3.to_json());
}

#[test]
fn artifact_round_trips_and_scores_identically() {
    let d = synthetic(4000, 6, 3);
    let dir = std::env::temp_dir().join(format!("fanzha-models-rt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for fam in [Family::Logistic, Family::Tree, Family::Forest] {
        let (a, _) = train(&d, &config(&[fam])).unwrap();
        let path = dir.join(format!("{}.json", fam.name()));
        a.save(&path).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size < 200_000, "{fam:?} artifact is {size} bytes");
        let b = Artifact::load(&path).unwrap();
        assert_eq!(a, b);
        for i in 0..d.len() {
            let (sa, sb) = (a.score(d.row(i)), b.score(d.row(i)));
            assert_eq!(sa.to_bits(), sb.to_bits());
            assert!((0.0..=1.0).contains(&sa));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bind_maps_names_and_refuses_a_missing_feature() {
    let d = synthetic(3000, 6, 4);
    let (a, _) = train(&d, &config(&[Family::Logistic])).unwrap();
    let avail = ["x", "f05", "f04", "f03", "f02", "f00", "f01"];
    let b = a.bind(&avail).unwrap();
    assert_eq!(b, vec![5, 6, 4, 3, 2, 1]);
    let row = d.row(10);
    let pipeline = [99.0, row[5], row[4], row[3], row[2], row[0], row[1]];
    assert_eq!(a.score_bound(&b, &pipeline), a.score(row));
    let e = a.bind(&["f00", "f02"]).unwrap_err();
    assert!(
        matches!(&e, ModelError::MissingFeature(f) if f == "f01"),
        "{e}"
    );
    assert!(e.to_string().contains("f01"));
}

#[test]
fn corrupt_files_are_refused_clearly() {
    let d = synthetic(3000, 6, 5);
    let (a, _) = train(&d, &config(&[Family::Tree])).unwrap();
    let json = a.to_json();
    let cases = [
        (
            json[..json.len() / 2].to_string(),
            "not a JSON model artifact",
        ),
        ("hello".to_string(), "not a JSON model artifact"),
        ("{}".to_string(), "no `format` field"),
        (
            json.replace("fanzha-model/1", "fanzha-model/9"),
            "unsupported format",
        ),
        (
            json.replace("\"family\": \"tree\"", "\"family\": \"svm\""),
            "malformed artifact",
        ),
        (
            json.replacen("\"l\": 1", "\"l\": 0", 1),
            "is not a later node",
        ),
    ];
    for (text, want) in cases {
        let e = Artifact::from_json(&text).unwrap_err();
        assert!(e.to_string().contains(want), "want `{want}`, got `{e}`");
    }
    let path = std::env::temp_dir().join(format!("fanzha-corrupt-{}.json", std::process::id()));
    std::fs::write(&path, &json[..100]).unwrap();
    let e = Artifact::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("fanzha-corrupt") && e.contains("not a JSON model artifact"),
        "{e}"
    );
    std::fs::remove_file(&path).unwrap();
    let e = Artifact::load(std::path::Path::new("/nonexistent/m.json")).unwrap_err();
    assert!(matches!(e, ModelError::Io { .. }));
}

#[test]
fn pr_auc_and_roc_auc_on_hand_examples() {
    // Ranked: + - + -  -> AP = 1/2*1 + 1/2*2/3 = 5/6; ROC: 3 of 4 pairs.
    let s = [0.9, 0.8, 0.7, 0.6];
    let y = [true, false, true, false];
    assert!((pr_auc(&s, &y) - 5.0 / 6.0).abs() < 1e-12);
    assert!((roc_auc(&s, &y) - 0.75).abs() < 1e-12);
    // Perfect and reversed rankings.
    let y2 = [true, true, false, false];
    assert_eq!(pr_auc(&s, &y2), 1.0);
    assert_eq!(roc_auc(&s, &y2), 1.0);
    let y3 = [false, false, true, true];
    assert_eq!(roc_auc(&s, &y3), 0.0);
    // AP reversed: positives at ranks 3, 4 -> 1/2*1/3 + 1/2*2/4 = 5/12.
    assert!((pr_auc(&s, &y3) - 5.0 / 12.0).abs() < 1e-12);
    // Ties: all equal scores -> AP = positive rate, ROC = 0.5.
    let t = [0.3; 4];
    assert!((pr_auc(&t, &y) - 0.5).abs() < 1e-12);
    assert!((roc_auc(&t, &y) - 0.5).abs() < 1e-12);
    // A tie across classes: scores (+0.8, -0.8, +0.4, -0.1): pairs 1(0.8 vs -0.1)
    // + 0.5 (tie) + 1 (0.4 vs 0.1) + 0 (0.4 vs 0.8) = 2.5 / 4.
    let s4 = [0.8, 0.8, 0.4, 0.1];
    assert!((roc_auc(&s4, &y) - 0.625).abs() < 1e-12);
    // AP: block {0.8}: tp 1 of 2 flagged, R=.5, P=.5; then 0.4: tp 2 of 3, P=2/3.
    assert!((pr_auc(&s4, &y) - (0.5 * 0.5 + 0.5 * 2.0 / 3.0)).abs() < 1e-12);
    assert!(pr_auc(&s, &[false; 4]).is_nan());
    assert!(roc_auc(&s, &[true; 4]).is_nan());
}

/// Rows are pushed in shuffled time order. Up to t = 7000 the label is "f0 is
/// high"; from then on it is "f0 is low". A time split validates on the last
/// 30 % (t >= 7000), where the early rule is wrong, so every candidate scores
/// badly there; a random split would have mixed both regimes.
#[test]
fn time_split_validates_on_the_latest_part() {
    let n = 10_000;
    let mut rng = Rng(11);
    let mut times: Vec<i64> = (0..n as i64).collect();
    for i in (1..times.len()).rev() {
        times.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    let mut d = Dataset::new(vec!["f0".into(), "noise".into()]);
    for &t in &times {
        let f0 = rng.uniform();
        let y = if t < 7000 { f0 > 0.95 } else { f0 < 0.05 };
        d.push(&[f0, rng.uniform()], y, t, "");
    }
    let expected_val_pos = (0..d.len())
        .filter(|&i| d.time[i] >= 7000 && d.y[i])
        .count();
    let (a, rep) = train(
        &d,
        &config(&[Family::Logistic, Family::Tree, Family::Forest]),
    )
    .unwrap();
    assert_eq!(rep.training.split_time, 7000);
    assert_eq!(rep.training.train_rows, 7000);
    assert_eq!(rep.training.validation_rows, 3000);
    assert_eq!(rep.training.validation_positives, expected_val_pos);
    for c in &rep.candidates {
        assert!(c.pr_auc < 0.1 && c.roc_auc < 0.55, "{c:?}");
    }
    // The model learnt the early regime.
    assert!(a.score(&[0.99, 0.5]) > a.score(&[0.01, 0.5]));
}

#[test]
fn refit_on_all_keeps_the_family() {
    let d = synthetic(4000, 6, 6);
    let cfg = TrainConfig {
        refit_on_all: true,
        ..config(&[Family::Tree])
    };
    let (a, rep) = train(&d, &cfg).unwrap();
    assert!(a.training.refit_on_all);
    assert_eq!(a.model.family(), "tree");
    let ev = evaluate(&a, &d);
    assert!(ev.pr_auc > rep.validation.pr_auc * 0.5);
}

#[test]
fn missing_values_score_as_the_mean() {
    let d = synthetic(3000, 6, 9);
    for fam in [Family::Logistic, Family::Tree, Family::Forest] {
        let (a, _) = train(&d, &config(&[fam])).unwrap();
        let mut row = d.row(0).to_vec();
        row[1] = f64::NAN;
        let s = a.score(&row);
        row[1] = a.scaling.mean[1];
        assert_eq!(s, a.score(&row), "{fam:?}");
    }
}

#[test]
fn read_csv_reads_numeric_columns_label_and_time() {
    let path = std::env::temp_dir().join(format!("fanzha-csv-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "\"Time\",\"V1\",\"name\",\"Amount\",\"Class\"\n\
         10,1.5,\"a\",3,\"0\"\n\
         0,-2,\"b\",,\"1\"\n\
         5,0.25,\"c,d\",7.5,\"0\"\n",
    )
    .unwrap();
    let d = read_csv(&path, "Class", Some("Time")).unwrap();
    assert_eq!(d.feature_names, vec!["V1", "Amount"]);
    assert_eq!(d.y, vec![false, true, false]);
    assert_eq!(d.time, vec![10, 0, 5]);
    assert_eq!(d.row(0), &[1.5, 3.0]);
    assert!(d.row(1)[1].is_nan());
    let d2 = read_csv(&path, "Class", None).unwrap();
    assert_eq!(d2.time, vec![0, 1, 2]);
    assert_eq!(d2.feature_names, vec!["Time", "V1", "Amount"]);
    let e = read_csv(&path, "Label", None).unwrap_err().to_string();
    assert!(e.contains("no column `Label`"), "{e}");
    std::fs::write(&path, "a,Class\n1,0\n2,yes\n").unwrap();
    let e = read_csv(&path, "Class", None).unwrap_err().to_string();
    assert!(e.contains("line 3") && e.contains("`yes`"), "{e}");
    std::fs::remove_file(&path).unwrap();
}
