//! Issue 18, item 7: one person's misspellings are one finding in several places. Each
//! place stays a diagnostic of its own (with its own fix, and with its own line for the
//! dev-set scorer, which matches one expected entry per occurrence and line), and names the
//! others: `related` in JSON, `relatedLocations` in SARIF, `relatedInformation` in the
//! language server; the human report prints the finding once with the other lines; the
//! message names the person by the preferred spelling.

use copydesk::document::Encoding;
use serde_json::{Value, json};

use crate::common;
use crate::common::cli::{run, workspace};

const DRAFT: &str = "Volodymyr Zelensky met the envoy.\n\nZelenskyy spoke. Zelenskyy left.\n\nLater Zelensky agreed.\n\nZelenskyy smiled. Zelenskyy waved.\n";

fn setup() -> tempfile::TempDir {
    workspace(&[("draft.md", DRAFT)])
}

#[test]
fn each_place_names_the_others_and_the_person_by_the_preferred_spelling() {
    let (doc, d) = common::check(DRAFT, &[], "2025-08-20");
    let d = common::of_rule(&d, "inconsistent-spelling");
    assert_eq!(d.len(), 2, "{d:#?}");
    let zel = |line_start: &str| {
        let at = DRAFT.find(line_start).expect("line") + line_start.len() - "Zelensky".len();
        at..at + "Zelensky".len()
    };
    let (a, b) = (zel("Volodymyr Zelensky"), zel("Later Zelensky"));
    assert_eq!(d[0].range, a);
    assert_eq!(d[0].related, vec![b.clone()]);
    assert_eq!(d[1].range, b);
    assert_eq!(d[1].related, vec![a]);
    assert!(
        d[0].message
            .starts_with("'Zelensky' (surname of Volodymyr Zelenskyy): this draft spells it 'Zelenskyy' 4× elsewhere"),
        "{}",
        d[0].message
    );
    // The language server: the other place as related information in the same document.
    let uri: tower_lsp_server::ls_types::Uri = "file:///tmp/draft.md".parse().expect("uri");
    let lsp = copydesk::lsp::convert::to_lsp_diagnostic_in(&uri, &doc, d[0], Encoding::Utf16);
    let rel = lsp.related_information.expect("related");
    assert_eq!(rel.len(), 1);
    assert_eq!(rel[0].location.uri, uri);
    assert_eq!(
        (
            rel[0].location.range.start.line,
            rel[0].location.range.start.character
        ),
        (4, 6)
    );
    assert_eq!(rel[0].message, "same finding: 'Zelensky' here");
}

#[test]
fn a_suppressed_place_is_no_longer_named_by_the_others() {
    let draft = DRAFT.replace(
        "\n\nLater Zelensky agreed.",
        "\n\n<!-- copydesk-ignore inconsistent-spelling -->\nLater Zelensky agreed.",
    );
    let (_, d) = common::check(&draft, &[], "2025-08-20");
    let d = common::of_rule(&d, "inconsistent-spelling");
    assert_eq!(d.len(), 1, "{d:#?}");
    let at = draft.find("Volodymyr Zelensky").expect("line") + "Volodymyr ".len();
    assert_eq!(d[0].range, at..at + "Zelensky".len());
    assert!(d[0].related.is_empty(), "{:?}", d[0].related);
}

#[test]
fn json_keeps_one_diagnostic_per_place_and_sarif_relates_them() {
    let dir = setup();
    let out = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "json",
            "draft.md",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let ds = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0]["range"]["start"], json!({"line": 1, "column": 11}));
    assert_eq!(
        ds[0]["related"],
        json!([{"start": {"line": 5, "column": 7}, "end": {"line": 5, "column": 15}}])
    );
    assert_eq!(
        ds[1]["related"][0]["start"],
        json!({"line": 1, "column": 11})
    );
    let out = run(
        &[
            "check",
            "--date",
            "2025-08-20",
            "--format",
            "sarif",
            "draft.md",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let r = &v["runs"][0]["results"][0]["relatedLocations"];
    assert_eq!(r.as_array().map(Vec::len), Some(1), "{r:#}");
    assert_eq!(r[0]["physicalLocation"]["region"]["startLine"], 5);
    assert_eq!(r[0]["message"]["text"], "also 'Zelensky' here");
}

#[test]
fn the_human_report_prints_the_finding_once_and_fix_still_fixes_every_place() {
    let dir = setup();
    let out = run(&["check", "--date", "2025-08-20", "draft.md"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("warning[inconsistent-spelling]").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("  = also on line 5 (2 places in all; each has the fix)\n"),
        "{text}"
    );
    assert!(
        text.contains("draft.md: 1 inconsistent-spelling\n"),
        "{text}"
    );
    let out = run(&["fix", "--date", "2025-08-20", "draft.md"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = std::fs::read_to_string(dir.path().join("draft.md")).expect("read");
    assert_eq!(fixed, DRAFT.replace("Zelensky ", "Zelenskyy "));
}
