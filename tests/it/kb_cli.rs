//! `copydesk kb who|person|import` through the binary.

use crate::common::cli::bin;

fn run(args: &[&str], cwd: &std::path::Path) -> std::process::Output {
    bin()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run copydesk")
}

#[test]
fn who_and_person_answer_with_dates_and_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        &[
            "kb",
            "who",
            "Secretary of Defense",
            "--country",
            "US",
            "--date",
            "2025-08-20",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("Secretary of Defense (United States) on 2025-08-20:\n  Pete Hegseth (since 2025-01-25)\n    source: "), "{text}");
    let out = run(&["kb", "person", "John Bolton"], dir.path());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("National Security Advisor (United States): 2018-04-09 – 2019-09-10"),
        "{text}"
    );
    let out = run(
        &["kb", "who", "Grand Vizier", "--date", "2025-08-20"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn csv_import_extends_the_kb_used_by_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("h.csv"),
        "position,country,holder,start,end\nHarbour Commissioner,NO,Ola Example,2019-01-01,2024-01-01\nHarbour Commissioner,NO,Kari Example,2024-01-01,\n",
    )
    .expect("write");
    let out = run(
        &["kb", "import", "h.csv", "-o", "newsroom-kb.toml"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "kb = [\"newsroom-kb.toml\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("d.md"),
        "Norwegian Harbour Commissioner Ola Example opened the port.\n",
    )
    .expect("write");
    let out = run(
        &["check", "--format", "json", "--date", "2025-06-01", "d.md"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let msg = v["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .expect("a finding");
    assert!(
        msg.contains("was Kari Example (since 2024-01-01), not Ola Example"),
        "{msg}"
    );
    let out = run(
        &[
            "kb",
            "who",
            "Harbour Commissioner",
            "--country",
            "Norway",
            "--date",
            "2020-01-01",
            "--kb",
            "newsroom-kb.toml",
        ],
        dir.path(),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ola Example (2019-01-01 – 2024-01-01)"));
}
