//! Diagnostics point at the offending text inside the YAML file, rendered rustc-style.

use super::*;

fn rule_with(condition_lines: &str) -> String {
    format!(
        "# police impersonation\nrules:\n  - id: police_safe_account_transfer\n    description: Large transfer during a call\n    typology: impersonation_police\n    severity: critical\n{condition_lines}    score: 0.6\n    actions: [stop_payment]\n"
    )
}

fn diags(file: &str) -> Diagnostics {
    load(&[("rules/police.yaml", file)]).unwrap_err()
}

#[test]
fn unknown_field_renders_exactly() {
    let d = diags(&rule_with(
        "    condition: txn.amout_fen > ¥10,000 && call.active\n",
    ));
    assert_eq!(
        d.to_string(),
        "\
rules/police.yaml:7:16: error: unknown field `txn.amout_fen`
  |
7 |     condition: txn.amout_fen > ¥10,000 && call.active
  |                ^^^^^^^^^^^^^
  = help: did you mean `txn.amount_fen`?
"
    );
    let one = &d.0[0];
    assert_eq!((one.line, one.column, one.caret_len), (7, 16, 13));
    assert_eq!(
        one.source_line,
        "    condition: txn.amout_fen > ¥10,000 && call.active"
    );
}

#[test]
fn two_digit_line_numbers_widen_the_gutter() {
    let file = format!(
        "\n\n\n\n\n\n{}",
        rule_with("    condition: call.active && txn.amount_fen > 10000\n")
    );
    assert_eq!(
        diags(&file).to_string(),
        "\
rules/police.yaml:13:31: error: cannot compare money with int
   |
13 |     condition: call.active && txn.amount_fen > 10000
   |                               ^^^^^^^^^^^^^^^^^^^^^^
   = help: a plain number is not money: write the amount with its unit, like ¥10,000, 10000 yuan or 1万
"
    );
}

#[test]
fn several_errors_are_all_reported_in_file_order() {
    let d = diags(&rule_with(
        "    condition: caler.kind == \"voip\" && txn.amount_fen > 5 && call.duraton > 10m\n",
    ));
    let at: Vec<(usize, usize, &str)> =
        d.0.iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
    assert_eq!(
        at,
        [
            (7, 16, "unknown field `caler.kind`"),
            (7, 40, "cannot compare money with int"),
            (7, 62, "unknown field `call.duraton`"),
        ]
    );
    assert_eq!(d.to_string().matches("error:").count(), 3);
    assert!(
        d.to_string().contains("\n\nrules/police.yaml:7:40"),
        "blank line between diagnostics"
    );
}

#[test]
fn quoted_conditions_point_inside_the_quotes() {
    let d = diags(&rule_with(
        "    condition: '!call.active && caller.kind == \"vop\" && txn.amont_fen > ¥1'\n",
    ));
    assert_eq!((d.0[0].line, d.0[0].column, d.0[0].caret_len), (7, 57, 13));
    let d = diags(&rule_with(
        "    condition: \"call.active && caller.kind == \\\"voip\\\" && txn.amont_fen > ¥1\"\n",
    ));
    assert_eq!((d.0[0].line, d.0[0].column, d.0[0].caret_len), (7, 59, 13));
}

#[test]
fn block_scalars_point_at_the_right_line_and_column() {
    let literal = rule_with("    condition: |\n      txn.amount_fen >= ¥10,000\n        && payer.new_payee\n        && call.duraton >= 10m\n");
    let d = diags(&literal);
    assert_eq!((d.0[0].line, d.0[0].column, d.0[0].caret_len), (10, 12, 12));
    assert_eq!(d.0[0].source_line, "        && call.duraton >= 10m");
    let folded = rule_with("    condition: >\n      txn.amount_fen >= ¥10,000 &&\n      payer.new_paye &&\n      call.active\n");
    let d = diags(&folded);
    assert_eq!((d.0[0].line, d.0[0].column, d.0[0].caret_len), (9, 7, 14));
    let plain = rule_with("    condition: txn.amount_fen >= ¥10,000\n      && payer.new_paye\n");
    let d = diags(&plain);
    assert_eq!((d.0[0].line, d.0[0].column), (8, 10));
}

#[test]
fn wide_characters_keep_the_caret_aligned() {
    let d = diags(&rule_with(
        "    condition: txn.amount_fen >= 1万 && call.actve\n",
    ));
    let text = d.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[2],
        "7 |     condition: txn.amount_fen >= 1万 && call.actve"
    );
    // `万` is two columns wide on a terminal: the caret moves one extra column.
    assert_eq!(lines[3], format!("  | {}^^^^^^^^^^", " ".repeat(40)));
    assert_eq!(d.0[0].column, 40);
}

#[test]
fn yaml_syntax_errors_have_positions_and_help() {
    let d = diags(&rule_with("    condition: caller.kind == \"voip\": bad\n"));
    assert_eq!(d.0.len(), 1, "{d}");
    assert!(d.0[0].message.starts_with("YAML syntax:"), "{d}");
    assert_eq!(d.0[0].line, 7);
    let d = diags(&rule_with(
        "    condition: !payer.new_payee && call.active\n",
    ));
    assert_eq!(
        d.0[0].message,
        "`condition`: YAML took `!payer.new_payee` as a tag"
    );
    assert_eq!(d.0[0].help.as_deref(), Some("YAML reads a leading `!` as a tag: quote the condition: '!payer.new_payee && call.active'"));
    let d = diags(&rule_with("    condition: [call.active]\n"));
    assert!(
        d.0[0]
            .help
            .as_deref()
            .unwrap()
            .contains("quote the condition"),
        "{d}"
    );
}

#[test]
fn errors_without_a_position_render_without_a_snippet() {
    let d = crate::Diagnostic {
        file: "rules".into(),
        line: 0,
        column: 0,
        message: "no rule files (*.yaml, *.yml) in this directory".into(),
        source_line: String::new(),
        caret_len: 0,
        help: None,
    };
    assert_eq!(
        d.to_string(),
        "rules: error: no rule files (*.yaml, *.yml) in this directory\n"
    );
}
