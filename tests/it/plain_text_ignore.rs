//! Issue 18, item 4: "ignore RULE here" in plain-text drafts. A line
//! `[copydesk-ignore RULE]` (the Markdown comment's words, in brackets: an HTML comment
//! would stay visible in a `.txt` draft) silences RULE in the paragraph it starts or the
//! one after it; the CLI honours it, `explain` documents it, and the language server's
//! "Ignore RULE here" action writes it in `.txt` drafts.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::cli::{run, workspace};
use crate::common::stdio::{Client, findings};

const DRAFT: &str = "Hawks such as Secretary of Defense John Bolton want pressure.\n\n[copydesk-ignore misattributed-title]\nSecretary of Defense John Bolton spoke again.\n\n[copydesk-ignore inconsistent-spelling]\n\nSecretary of Defense John Bolton left.\n";

fn title_lines(json: &Value) -> Vec<i64> {
    json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "misattributed-title")
        .filter_map(|d| d["range"]["start"]["line"].as_i64())
        .collect()
}

#[test]
fn the_plain_text_marker_silences_its_rule_in_its_paragraph_only() {
    let dir = workspace(&[("draft.txt", DRAFT)]);
    let out = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "draft.txt",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    // Line 4 is silenced (marker directly above); line 8 is not (the marker names another
    // rule); line 1 has no marker.
    assert_eq!(title_lines(&v), vec![1, 8], "{v:#}");
    // Without the markers all three are reported.
    std::fs::write(
        dir.path().join("draft.txt"),
        DRAFT.replace("[copydesk-ignore misattributed-title]", "Aside."),
    )
    .expect("write");
    let out = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "draft.txt",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(title_lines(&v), vec![1, 4, 8], "{v:#}");
}

#[test]
fn explain_documents_both_forms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(&["explain", "misattributed-title"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end().ends_with(
            "Silence it on one paragraph: <!-- copydesk-ignore misattributed-title --> on the line before it in Markdown, [copydesk-ignore misattributed-title] in plain text (or either at the end of a line, for that line); without a rule id, every rule."
        ),
        "{text}"
    );
}

#[test]
fn the_ignore_here_action_writes_the_marker_in_txt_drafts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let mut c = Client::start(root);
    c.initialize(root, json!({}), json!({"date": "2025-08-20"}));
    let uri = format!("file://{}/draft.txt", root.display());
    let text = "Intro.\n\nHawks such as Secretary of Defense John Bolton want pressure.\n";
    c.open(&uri, text);
    let pd = c.diagnostics(&uri, None, Duration::from_secs(10));
    let d = findings(&pd)
        .iter()
        .find(|d| d["code"] == "misattributed-title")
        .cloned()
        .expect("title finding");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"],
               "context": {"diagnostics": [d]}}),
    );
    let ignore = actions["result"]
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == "Ignore misattributed-title here")
        .cloned()
        .unwrap_or_else(|| panic!("no ignore action in {actions:#}"));
    let edits = &ignore["edit"]["changes"][&uri];
    assert_eq!(
        edits,
        &json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                 "newText": "[copydesk-ignore misattributed-title]\n"}]),
        "{ignore:#}"
    );
}
