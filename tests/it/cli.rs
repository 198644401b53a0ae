//! End-to-end tests of the `copydesk` binary: formats, exit codes, bad input.

use std::path::Path;

use serde_json::Value;

use crate::common::cli::{run, write};

const DRAFT: &str = "---\ntitle: \"Talks\"\ndate: 2025-08-20\n---\n# Talks\n\n“Quoted” 😀 — hawks such as Secretary of Defense John Bolton want pressure.\n";

#[test]
fn json_output_is_one_object_with_1_based_char_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "draft.md", DRAFT);
    let out = run(&["check", "--format", "json", "draft.md"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "draft.md");
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["rule"], "misattributed-title");
    assert_eq!(d["severity"], "error");
    // Line 7; "“Quoted” 😀 — hawks such as " is 27 characters, so the title starts at column 28.
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 7, "column": 28})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 7, "column": 60})
    );
    let fix = &d["fixes"][0];
    assert_eq!(fix["title"], "Replace 'John Bolton' with 'Pete Hegseth'");
    assert_eq!(fix["edits"][0]["new_text"], "Pete Hegseth");
    assert_eq!(
        fix["edits"][0]["range"]["start"],
        serde_json::json!({"line": 7, "column": 49})
    );
}

#[test]
fn human_output_is_rustc_style() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "draft.md", DRAFT);
    let out = run(&["check", "draft.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("error[misattributed-title]: Secretary of Defense (United States) on 2025-08-20 was Pete Hegseth"), "{text}");
    assert_eq!(lines[1], " --> draft.md:7:28");
    assert_eq!(
        lines[3],
        "7 | “Quoted” 😀 — hawks such as Secretary of Defense John Bolton want pressure."
    );
    assert_eq!(
        lines[4],
        format!("  | {}{}", " ".repeat(27), "^".repeat(32))
    );
    assert!(
        lines[5].contains("fix: Replace 'John Bolton' with 'Pete Hegseth'"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("draft.md: 1 misattributed-title\n\n1 finding (1 error, 0 warnings, 0 info) in 1 of 1 file: 1 misattributed-title"),
        "{text}"
    );
}

#[test]
fn exit_codes_clean_findings_and_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "clean.md",
        "Secretary of State Marco Rubio spoke on Monday.\n",
    );
    write(dir.path(), "empty.md", "");
    let out = run(
        &["check", "--date", "2025-08-20", "clean.md", "empty.md"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 files checked, no findings"));

    let out = run(&["check", "missing.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md: no such file or directory"));

    let out = run(&["check", "--date", "20-08-2025", "clean.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["check", "--format", "xml", "clean.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn non_utf8_file_is_reported_and_others_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.md"), b"Caf\xe9 \xff\xfe").expect("write");
    write(dir.path(), "good.md", DRAFT);
    let out = run(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.md: not valid UTF-8; skipped"));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 1);
    assert!(
        files[0]["path"]
            .as_str()
            .expect("path")
            .ends_with("good.md")
    );
    assert_eq!(files[0]["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn malformed_config_names_file_line_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "copydesk.toml",
        "date = 2025-08-20\n\n[rules.off-topic-paragraph]\nseverity = \"loud\"\n",
    );
    write(dir.path(), "draft.md", "Hello.\n");
    let out = run(&["check", "draft.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("copydesk.toml:4:"), "{err}");
    assert!(err.contains("severity"), "{err}");
}

#[test]
fn config_is_discovered_and_applies_sources_date_and_severity() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "copydesk.toml",
        "sources = [\"sources\"]\ndate = 2025-08-20\n[rules.misattributed-title]\nseverity = \"warning\"\n",
    );
    write(
        dir.path(),
        "sources/001_a.txt",
        "Foreign Ministry spokesperson Maria Zakharova dismissed the idea.\n",
    );
    write(
        dir.path(),
        "drafts/d.md",
        "Energy Minister Maria Zakharova dismissed it. Secretary of Defense John Bolton agreed.\n",
    );
    let out = run(&["check", "--format", "json", "drafts"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
    assert!(diags[0]["message"].as_str().expect("msg").contains("(001)"));
}

#[test]
fn ignore_comment_suppresses_one_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "d.md",
        "<!-- copydesk-ignore misattributed-title -->\nSecretary of Defense John Bolton spoke.\n\nSecretary of Defense John Bolton spoke again.\n",
    );
    let out = run(
        &["check", "--format", "json", "--date", "2025-08-20", "d.md"],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["range"]["start"]["line"], 4);
}

#[test]
fn explain_prints_every_rules_doc_and_rejects_unknown_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in [
        "misattributed-title",
        "inconsistent-spelling",
        "off-topic-paragraph",
    ] {
        let out = run(&["explain", id], dir.path());
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(&format!("# {id}")), "{text}");
        assert!(text.contains("**What it flags.**") && text.contains("**Configure.**"));
    }
    let out = run(&["explain", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn large_draft_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let para = "Ukrainian President Volodymyr Zelenskyy met French President Emmanuel Macron in Kyiv on Monday to discuss security guarantees, air defence and reconstruction, officials said.\n\n";
    let big = para.repeat(5 * 1024 * 1024 / para.len());
    write(dir.path(), "big.md", &big);
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--date",
            "2025-08-20",
            "big.md",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn seeds_demo_fires_the_rules_its_defects_call_for_and_stays_quiet_on_correct_titles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(&["check", "--format", "json", "seeds"], root);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut rules = std::collections::BTreeSet::new();
    let mut messages = Vec::new();
    for f in v["files"].as_array().expect("files") {
        for d in f["diagnostics"].as_array().expect("diagnostics") {
            rules.insert(d["rule"].as_str().expect("rule").to_string());
            messages.push(d["message"].as_str().expect("message").to_string());
        }
    }
    // The seeds carry title, spelling, off-topic, date and scrape defects; their quotations
    // and figures agree with one another, so quote-mismatch and number-mismatch stay quiet.
    let want = [
        "misattributed-title",
        "inconsistent-spelling",
        "off-topic-paragraph",
        "date-mismatch",
        "scrape-residue",
    ];
    let want: std::collections::BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
    assert_eq!(rules, want);
    assert!(messages.iter().any(|m| m.contains("the war's fourth year")));
    assert!(messages.iter().any(|m| m.contains("not John Bolton")));
    assert!(messages.iter().any(|m| m.contains("not Mike Flynn")));
    for quiet in ["Marco Rubio", "Friedrich Merz", "Mark Rutte"] {
        assert!(
            !messages.iter().any(|m| m.contains(&format!("not {quiet}"))),
            "{quiet}: {messages:?}"
        );
    }
}
