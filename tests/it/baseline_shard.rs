//! `check --baseline FILE` (only findings the earlier report did not have) and
//! `check --shard K/N | auto/N` (deterministic slices that partition the inputs).

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::cli::{bin, stderr, write};

/// `copydesk ARGS` in `cwd` with `NO_COLOR=1` and `env`, never the caller's
/// `JOB_COMPLETION_INDEX` (which `--shard auto/N` reads).
fn run_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = bin();
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

/// `check --date 2025-08-20 ARGS`: the day the Bolton title is wrong.
fn check_at(args: &[&str], cwd: &Path) -> Output {
    run(&[&["check", "--date", "2025-08-20"], args].concat(), cwd)
}

/// `check --format json --shard SPEC INPUT` with `env`.
fn sharded(spec: &str, input: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    run_env(
        &["check", "--format", "json", "--shard", spec, input],
        cwd,
        env,
    )
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
    let base = check_at(&["--format", "json", "drafts"], d);
    assert_eq!(base.status.code(), Some(1), "{}", stderr(&base));
    std::fs::write(d.join("base.json"), &base.stdout).expect("write baseline");
    // Unchanged drafts: nothing new, exit 0.
    let same = check_at(&["--baseline", "base.json", "./drafts"], d);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(
        String::from_utf8_lossy(&same.stdout),
        "2 files checked, no findings\n"
    );
    assert_eq!(stderr(&same), "baseline: 1 known finding hidden\n");
    // Lines added above the known finding, and a new finding below it.
    write(d, "drafts/a.md", &format!("Intro.\n\n{BOLTON}\n{LAVROV}"));
    let now = check_at(
        &["--format", "json", "--baseline", "base.json", "drafts"],
        d,
    );
    assert_eq!(now.status.code(), Some(1), "{}", stderr(&now));
    let f = findings(&now);
    assert!(
        !f.is_empty() && f.iter().all(|x| x.1 == "inconsistent-spelling" && x.3 == 5),
        "{f:?}"
    );
    let full = findings(&check_at(&["--format", "json", "drafts"], d));
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
    let base = check_at(&["--format", "sarif", "a b.md"], d);
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
    let now = check_at(
        &["--format", "json", "--baseline", "base.sarif", "a b.md"],
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

/// The paths a JSON report lists, in order.
fn paths(o: &Output) -> Vec<String> {
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

fn archive(d: &Path) {
    for i in 0..24 {
        write(
            d,
            &format!("archive/{}/story-{i:02}.md", 2020 + i % 4),
            "Quiet.\n",
        );
    }
    write(d, "archive/notes.txt", "Quiet.\n");
}

#[test]
fn shards_partition_the_inputs_and_are_stable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    archive(d);
    let all = paths(&run(&["check", "--format", "json", "archive"], d));
    assert_eq!(all.len(), 25);
    let shard = |k: usize| {
        let o = sharded(&format!("{k}/3"), "archive", d, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        paths(&o)
    };
    let shards: Vec<Vec<String>> = (1..=3).map(shard).collect();
    let mut union: Vec<String> = shards.concat();
    union.sort();
    let mut expected = all.clone();
    expected.sort();
    // Union = all inputs, and no file twice: the shards are pairwise disjoint.
    assert_eq!(union, expected);
    assert!(shards.iter().all(|s| !s.is_empty()), "{shards:?}");
    // Stable: the same slices again, and for `./archive` (the same files spelt otherwise).
    assert_eq!((1..=3).map(shard).collect::<Vec<_>>(), shards);
    let dotted = paths(&sharded("2/3", "./archive", d, &[]));
    let undotted: Vec<String> = dotted
        .iter()
        .map(|p| p.trim_start_matches("./").to_string())
        .collect();
    assert_eq!(undotted, shards[1]);
    // auto/N: JOB_COMPLETION_INDEX is 0-based.
    for (i, s) in shards.iter().enumerate() {
        let idx = i.to_string();
        let o = sharded("auto/3", "archive", d, &[("JOB_COMPLETION_INDEX", &idx)]);
        assert_eq!(&paths(&o), s);
    }
    // One shard of one is everything.
    assert_eq!(paths(&sharded("1/1", "archive", d, &[])), all);
}

#[test]
fn bad_shards_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    archive(d);
    for (spec, msg) in [
        (
            "0/3",
            "`0/3`: K must be between 1 and 3 (shards are numbered from 1)",
        ),
        (
            "4/3",
            "`4/3`: K must be between 1 and 3 (shards are numbered from 1)",
        ),
        ("1/0", "`1/0`: N must be at least 1"),
        ("half", "`half` is not K/N or auto/N (e.g. 2/8, auto/8)"),
    ] {
        let o = run(&["check", "--shard", spec, "archive"], d);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(stderr(&o).contains(msg), "{spec}: {}", stderr(&o));
    }
    let o = run(&["check", "--shard", "auto/3", "archive"], d);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --shard auto/3: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in Indexed Jobs; elsewhere pass --shard K/3)\n"
    );
    let o = run_env(
        &["check", "--shard", "auto/3", "archive"],
        d,
        &[("JOB_COMPLETION_INDEX", "3")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --shard auto/3: JOB_COMPLETION_INDEX=3 is not below 3 (the Job's completions must equal N)\n"
    );
    assert!(o.stdout.is_empty());
}

const KB_V1: &str = r#"[[person]]
name = "Ana Example"

[[person]]
name = "Bo Example"

[[office]]
id = "user.no.fisheries"
country = "NO"
title = "Minister of Fisheries"
aliases = ["Fisheries Minister"]
holders = [
  { name = "Ana Example", start = "2020-01-01", source = "https://www.regjeringen.no/" },
]
"#;

#[test]
fn after_a_kb_update_the_re_check_lists_only_the_stories_gone_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "kb.toml", KB_V1);
    write(d, "copydesk.toml", "kb = [\"kb.toml\"]\n");
    write(
        d,
        "archive/a.md",
        "---\ndate: 2026-06-01\n---\nNorway's Fisheries Minister Ana Example said the quota would rise.\n",
    );
    write(
        d,
        "archive/b.md",
        &format!("---\ndate: 2025-08-20\n---\n{BOLTON}"),
    );
    let base = run(&["check", "--format", "sarif", "archive"], d);
    assert_eq!(base.status.code(), Some(1), "{}", stderr(&base));
    std::fs::write(d.join("archive.sarif"), &base.stdout).expect("write baseline");
    // The KB learns that the minister left on 2026-03-01.
    let v2 = KB_V1.replace(
        r#"start = "2020-01-01", source = "https://www.regjeringen.no/" },"#,
        r#"start = "2020-01-01", end = "2026-03-01", source = "https://www.regjeringen.no/" },
  { name = "Bo Example", start = "2026-03-01", source = "https://www.regjeringen.no/" },"#,
    );
    write(d, "kb.toml", &v2);
    let now = run(
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "archive.sarif",
            "archive",
        ],
        d,
    );
    assert_eq!(now.status.code(), Some(1), "{}", stderr(&now));
    assert_eq!(stderr(&now), "baseline: 1 known finding hidden\n");
    assert_eq!(
        findings(&now),
        [(
            "archive/a.md".to_string(),
            "misattributed-title".to_string(),
            "Norway's Fisheries Minister Ana Example".to_string(),
            4
        )]
    );
    let v: Value = serde_json::from_slice(&now.stdout).expect("JSON");
    let fixes: Vec<&str> = v["files"][0]["diagnostics"][0]["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .map(|f| f["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        fixes,
        [
            "Replace 'Ana Example' with 'Bo Example'",
            "Replace 'Norway's Fisheries Minister' with 'former Minister of Fisheries'"
        ]
    );
}
