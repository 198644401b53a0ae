//! `copydesk init` (commented config from a folder, never overwrites) and `copydesk kb
//! audit` (records whose source is not on the trusted list; config and flag extend it).

use crate::common::cli::{run, workspace, write};

#[test]
fn init_writes_sources_and_house_style_and_refuses_to_overwrite() {
    let dir = workspace(&[
        (
            "sources/a.txt",
            "President Volodymyr Zelenskyy spoke. Zelenskyy said.\n",
        ),
        ("sources/b.txt", "Zelenskyy agreed.\n"),
        (
            "draft.txt",
            "U.S. President Donald Trump has called on Ukrainian President Volodymyr Zelensky to \
             demonstrate flexibility ahead of a planned round of bilateral peace talks with Russian \
             President Vladimir Putin, as new diplomatic efforts gather momentum.\n",
        ),
    ]);
    let out = run(&["init"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("copydesk.toml")).expect("written");
    assert!(text.contains("\nsources = [\"sources\"]\n"), "{text}");
    assert!(
        text.contains("  \"Zelenskyy\", # Zelenskyy 3×, Zelensky 1×\n"),
        "{text}"
    );
    // The written file is a valid config: checking the draft applies the house style.
    let check = run(&["check", "--format", "json", "draft.txt"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let msgs: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("house style (copydesk.toml) is 'Zelenskyy'")),
        "{msgs:?}"
    );
    // A second run leaves the file alone.
    std::fs::write(dir.path().join("copydesk.toml"), "# mine\n").expect("write");
    let again = run(&["init"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists; not overwritten"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("copydesk.toml")).expect("kept"),
        "# mine\n"
    );
}

#[test]
fn init_without_sources_comments_the_key_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("copydesk.toml")).expect("written");
    assert!(text.contains("\n# sources = [\"sources\"]\n"), "{text}");
    assert!(text.contains("\nprefer = []\n"), "{text}");
}

const KB: &str = r#"
[[person]]
name = "Ann Auditee"
[[person]]
name = "Bo Auditee"
[[office]]
id = "us.audit-office"
country = "US"
title = "Chief Auditor of Examples"
aliases = []
holders = [
  { name = "Ann Auditee", start = "2020-01-01", end = "2021-01-01", source = "https://www.state.gov/ann" },
  { name = "Bo Auditee", start = "2021-01-01", source = "https://blog.example.com/bo" },
]
"#;

#[test]
fn kb_audit_lists_untrusted_records_and_config_or_flag_extends_the_list() {
    let dir = workspace(&[
        ("my-kb.toml", KB),
        ("copydesk.toml", "kb = [\"my-kb.toml\"]\n"),
    ]);
    let out = run(&["kb", "audit"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("us.audit-office Bo Auditee (from 2021-01-01): blog.example.com <https://blog.example.com/bo>\n"), "{text}");
    assert!(!text.contains("Ann Auditee"), "state.gov is trusted");
    assert!(
        text.trim_end()
            .ends_with("records cite a source outside the trusted list")
    );
    let flag = run(&["kb", "audit", "--trusted", "example.com"], dir.path());
    assert!(!String::from_utf8_lossy(&flag.stdout).contains("Bo Auditee"));
    write(
        dir.path(),
        "copydesk.toml",
        "kb = [\"my-kb.toml\"]\ntrusted_domains = [\"blog.example.com\"]\n",
    );
    let cfg = run(&["kb", "audit"], dir.path());
    assert!(!String::from_utf8_lossy(&cfg.stdout).contains("Bo Auditee"));
}
