//! The labelled development set (`../shared/eval/dev`, or `$COPYDESK_EVAL/dev`), scored by
//! its own `score.py` against the binary under test: micro F1 >= 0.90 and precision >= 0.95,
//! no case failed. Skipped with a message when the set is not beside the checkout, unless
//! `COPYDESK_REQUIRE_EVAL=1` (CI sets it), which makes its absence a failure.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn dev_set_meets_the_thresholds() {
    let eval = std::env::var_os("COPYDESK_EVAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval"));
    let score = eval.join("score.py");
    if !score.is_file() {
        assert!(
            std::env::var_os("COPYDESK_REQUIRE_EVAL").is_none(),
            "dev set not found at {}",
            eval.display()
        );
        eprintln!(
            "dev set not found at {}; skipped (set COPYDESK_EVAL)",
            eval.display()
        );
        return;
    }
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
/// the same way; it lives in the repository, so it always runs.
#[test]
fn extra_set_meets_the_thresholds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let eval = std::env::var_os("COPYDESK_EVAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/eval"));
    let score = eval.join("score.py");
    if !score.is_file() {
        assert!(
            std::env::var_os("COPYDESK_REQUIRE_EVAL").is_none(),
            "score.py not found at {}",
            score.display()
        );
        eprintln!("score.py not found at {}; skipped", score.display());
        return;
    }
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

/// The `scrape-residue` rule alone on the dev set: precision >= 0.95, recall >= 0.85, no
/// case failed.
#[test]
fn dev_set_scrape_residue_meets_the_thresholds() {
    let eval = std::env::var_os("COPYDESK_EVAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval"));
    let score = eval.join("score.py");
    if !score.is_file() {
        assert!(
            std::env::var_os("COPYDESK_REQUIRE_EVAL").is_none(),
            "dev set not found at {}",
            eval.display()
        );
        eprintln!("dev set not found at {}; skipped", eval.display());
        return;
    }
    let out = Command::new("python3")
        .arg(&score)
        .args(["--bin", env!("CARGO_BIN_EXE_copydesk")])
        .arg(eval.join("dev"))
        .args([
            "--rules",
            "scrape-residue",
            "--min-precision",
            "0.95",
            "--verbose",
        ])
        .output()
        .expect("run python3 score.py");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    let last = text.lines().last().unwrap_or("");
    assert!(
        out.status.success(),
        "scrape-residue below thresholds:\n{text}"
    );
    assert!(last.ends_with("cases_failed=0"), "{last}");
    let recall: f64 = last
        .split_whitespace()
        .find_map(|w| w.strip_prefix("R="))
        .and_then(|r| r.parse().ok())
        .expect("R= in the summary line");
    assert!(
        recall >= 0.85,
        "scrape-residue recall {recall} < 0.85: {last}"
    );
}
