//! The HTML report (`copydesk check --format html`) in real headless Chromium: the Node
//! script tests/html/report.test.js (playwright-core driving Debian's `/usr/bin/chromium`)
//! opens the seeds' report, clicks a finding, checks the side panel's text and the filters,
//! and saves a screenshot to target/ci-artifacts/html-report.png.
//!
//! Runs when Chromium is installed (or `$CHROMIUM` names one) or `COPYDESK_REQUIRE_HTML=1`
//! (see build.rs); otherwise it is reported as ignored. It runs `npm ci` in tests/html when
//! node_modules is missing.

use std::path::Path;
use std::process::Command;

use crate::common::cli::bin;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[cfg_attr(
    not(copydesk_chromium),
    ignore = "needs chromium (apt-get install chromium) or COPYDESK_REQUIRE_HTML=1"
)]
fn html_report_side_panel_in_headless_chromium() {
    let dir = root().join("tests/html");
    if !dir.join("node_modules/playwright-core").exists() {
        let st = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("run npm ci in tests/html");
        assert!(st.success(), "npm ci in tests/html failed");
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = tmp.path().join("report.html");
    let out = bin()
        .args(["check", "--format", "html", "seeds"])
        .current_dir(root())
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(&report, &out.stdout).expect("write report");
    let artifacts = std::env::var_os("COPYDESK_ARTIFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-artifacts"));
    let shot = artifacts.join("html-report.png");
    let _ = std::fs::remove_file(&shot);
    let run = Command::new("node")
        .arg("report.test.js")
        .arg(&report)
        .arg(&shot)
        .current_dir(&dir)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "report.test.js failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
}

/// Runs without a browser: the page for the seeds is self-contained and marks the findings.
#[test]
fn html_report_is_self_contained_and_marks_every_finding() {
    let out = bin()
        .args(["check", "--format", "html", "seeds"])
        .current_dir(root())
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(1));
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert!(page.starts_with("<!DOCTYPE html>"));
    for external in ["src=\"http", "href=\"//", "<link", "@import", "url("] {
        assert!(!page.contains(external), "external asset: {external}");
    }
    let json = bin()
        .args(["check", "--format", "json", "seeds"])
        .current_dir(root())
        .output()
        .expect("run copydesk");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let total: usize = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["diagnostics"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(page.matches("<li id=\"item-").count(), total);
    assert_eq!(page.matches("<div id=\"detail-").count(), total);
    assert!(page.contains(">Secretary of Defense John Bolton</mark>"));
}
