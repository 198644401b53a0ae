//! `check --baseline FILE` (only findings the earlier report did not have) and
//! `check --shard K/N | auto/N` (deterministic slices that partition the inputs).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("JOB_COMPLETION_INDEX");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run copydesk")
}

fn run(args: &[&str], cwd: &Path) -> Output {
    run_env(args, cwd, &[])
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// (path, rule, text, start line) of every finding in a JSON report.
fn findings(o: &Output) -> Vec<(String, String, String, u64)> {
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let mut out = Vec::new();
    for f in v["files"].as_array().expect("files") {
        for d in f["diagnostics"].as_array().expect("diagnostics") {
            out.push((
                f["path"].as_str().expect("path").to_string(),
                d["rule"].as_str().expect("rule").to_string(),
                d["text"].as_str().expect("text").to_string(),
                d["range"]["start"]["line"].as_u64().expect("line"),
            ));
        }
    }
    out
}

const BOLTON: &str = "Secretary of Defense John Bolton spoke.\n";
const LAVROV: &str = "Sergei Lavrov spoke. Later Sergey Lavrov left.\n";

#[test]
fn a_json_baseline_hides_known_findings_even_when_lines_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "drafts/a.md", BOLTON);
    write(d, "drafts/b.md", "Nothing to see.\n");
    let base = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "drafts",
        ],
        d,
    );
    assert_eq!(base.status.code(), Some(1), "{}", stderr(&base));
    std::fs::write(d.join("base.json"), &base.stdout).expect("write baseline");
    // Unchanged drafts: nothing new, exit 0.
    let same = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--baseline",
            "base.json",
            "./drafts",
        ],
        d,
    );
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(
        String::from_utf8_lossy(&same.stdout),
        "2 files checked, no findings\n"
    );
    assert_eq!(stderr(&same), "baseline: 1 known finding hidden\n");
    // Lines added above the known finding, and a new finding below it.
    write(d, "drafts/a.md", &format!("Intro.\n\n{BOLTON}\n{LAVROV}"));
    let now = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "--baseline",
            "base.json",
            "drafts",
        ],
        d,
    );
    assert_eq!(now.status.code(), Some(1), "{}", stderr(&now));
    let f = findings(&now);
    assert!(
        !f.is_empty() && f.iter().all(|x| x.1 == "inconsistent-spelling" && x.3 == 5),
        "{f:?}"
    );
    let full = findings(&run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "drafts",
        ],
        d,
    ));
    assert_eq!(full.len(), f.len() + 1, "{full:?}");
    assert!(full.contains(&(
        "drafts/a.md".into(),
        "misattributed-title".into(),
        "Secretary of Defense John Bolton".into(),
        3
    )));
}

#[test]
fn a_sarif_baseline_works_the_same_and_counts_identical_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "a b.md", BOLTON);
    let base = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "sarif",
            "a b.md",
        ],
        d,
    );
    let log: Value = serde_json::from_slice(&base.stdout).expect("SARIF");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a%20b.md"
    );
    assert_eq!(
        result["properties"]["text"],
        "Secretary of Defense John Bolton"
    );
    assert_eq!(
        result["partialFingerprints"]["copydesk/v1"],
        copydesk::cli::output::fingerprint(
            "misattributed-title",
            result["message"]["text"].as_str().expect("message"),
            "Secretary of Defense John Bolton"
        )
    );
    std::fs::write(d.join("base.sarif"), &base.stdout).expect("write baseline");
    // The same sentence twice: the baseline had it once, so one is new.
    write(d, "a b.md", &format!("{BOLTON}\n{BOLTON}"));
    let now = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "--baseline",
            "base.sarif",
            "a b.md",
        ],
        d,
    );
    assert_eq!(now.status.code(), Some(1), "{}", stderr(&now));
    let f = findings(&now);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1, "misattributed-title");
}

#[test]
fn a_malformed_or_missing_baseline_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "a.md", BOLTON);
    write(
        d,
        "bad.json",
        "{\"files\": [\n  {\"path\": \"a.md\",, }\n]}\n",
    );
    write(d, "other.json", "{\"version\": 1}\n");
    let out = run(&["check", "--baseline", "bad.json", "a.md"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: baseline bad.json: line 2, column 19: not JSON: key must be a string\n"
    );
    let out = run(&["check", "--baseline", "other.json", "a.md"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: baseline other.json: neither a copydesk JSON report (`files`) nor a SARIF log (`runs`)\n"
    );
    let out = run(&["check", "--baseline", "nope.json", "a.md"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: baseline nope.json: no such file or directory\n"
    );
    assert!(out.stdout.is_empty());
}
