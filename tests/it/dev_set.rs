//! The labelled development set (`../shared/eval/dev`, or `$COPYDESK_EVAL/dev`), scored by
//! its own `score.py` against the binary under test: micro F1 >= 0.90 and precision >= 0.95,
//! no case failed. `#[ignore]`d (it needs `../shared/eval`); `.ci/run` runs it with
//! `--include-ignored`, and a missing set then fails the test.

use std::path::PathBuf;
use std::process::Command;

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_set_meets_the_thresholds() {
    let eval = crate::common::eval_dir();
    let score = eval.join("score.py");
    assert!(
        score.is_file(),
        "dev set not found at {} (set COPYDESK_EVAL)",
        eval.display()
    );
    let out = Command::new("python3")
        .arg(&score)
        .args(["--bin", env!("CARGO_BIN_EXE_copydesk")])
        .arg(eval.join("dev"))
        .args(["--min-f1", "0.90", "--min-precision", "0.95", "--verbose"])
        .output()
        .expect("run python3 score.py");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(
        out.status.success(),
        "dev set below thresholds:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(last.ends_with("cases_failed=0"), "{last}");
}

/// The project's own extra set (`eval/extra`, other stories, people and offices), scored
/// the same way (the set lives in the repository; the scorer beside it).
#[test]
#[ignore = "needs ../shared/eval/score.py"]
fn extra_set_meets_the_thresholds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let eval = crate::common::eval_dir();
    let score = eval.join("score.py");
    assert!(
        score.is_file(),
        "score.py not found at {} (set COPYDESK_EVAL)",
        score.display()
    );
    let out = Command::new("python3")
        .arg(&score)
        .args(["--bin", env!("CARGO_BIN_EXE_copydesk")])
        .arg(root.join("eval/extra"))
        .args(["--min-f1", "0.85", "--min-precision", "0.90", "--verbose"])
        .output()
        .expect("run python3 score.py");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(out.status.success(), "extra set below thresholds:\n{text}");
}

/// One rule alone on the dev set (`score.py --rules ID`): precision >= 0.95, recall >= 0.85,
/// no case failed (the thresholds of the quote/figure and date/residue issues).
fn dev_set_rule_meets_the_thresholds(rule: &str) {
    let eval = crate::common::eval_dir();
    let score = eval.join("score.py");
    assert!(
        score.is_file(),
        "dev set not found at {} (set COPYDESK_EVAL)",
        eval.display()
    );
    let out = Command::new("python3")
        .arg(&score)
        .args(["--bin", env!("CARGO_BIN_EXE_copydesk")])
        .arg(eval.join("dev"))
        .args(["--rules", rule, "--min-precision", "0.95", "--verbose"])
        .output()
        .expect("run python3 score.py");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(out.status.success(), "{rule} below thresholds:\n{text}");
    assert!(last.ends_with("cases_failed=0"), "{last}");
    let recall: f64 = last
        .split_whitespace()
        .find_map(|w| w.strip_prefix("R="))
        .and_then(|r| r.parse().ok())
        .expect("R= in the summary line");
    assert!(recall >= 0.85, "{rule}: recall {recall} < 0.85:\n{text}");
}

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_set_quote_mismatch_meets_the_thresholds() {
    dev_set_rule_meets_the_thresholds("quote-mismatch");
}

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_set_number_mismatch_meets_the_thresholds() {
    dev_set_rule_meets_the_thresholds("number-mismatch");
}

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_set_date_mismatch_meets_the_thresholds() {
    dev_set_rule_meets_the_thresholds("date-mismatch");
}

#[test]
#[ignore = "needs ../shared/eval"]
fn dev_set_scrape_residue_meets_the_thresholds() {
    dev_set_rule_meets_the_thresholds("scrape-residue");
}
