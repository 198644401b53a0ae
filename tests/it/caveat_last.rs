//! Lead with the fact, end with the caveat (issue 18, item 5): after the knowledge base's
//! date, "possibly outdated: …" closes the message in every front end, so an editor's inline
//! text (which shows the start) shows the fact.

use copydesk::document::Encoding;

use crate::common;
use crate::common::cli::bin;

const DRAFT: &str = "Secretary of Defense John Bolton spoke.\n";
const FACT: &str = "Secretary of Defense (United States) on 2027-01-10 was ";
const CAVEAT: &str = "; possibly outdated: the knowledge base is current as of 2025-10-31 and the article is dated 2027-01-10, so the office may have changed hands since [knowledge base]";

fn check(format: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("draft.md"), DRAFT).expect("write");
    let out = bin()
        .args([
            "check",
            "--date",
            "2027-01-10",
            "--format",
            format,
            "draft.md",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(1), "{format}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn every_cli_format_leads_with_the_fact() {
    let human = check("human");
    assert!(
        human.starts_with(&format!("warning[misattributed-title]: {FACT}")),
        "{human}"
    );
    let first = human.lines().next().unwrap_or_default();
    assert!(first.ends_with(CAVEAT), "{first}");
    let json: serde_json::Value = serde_json::from_str(&check("json")).expect("json");
    let m = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .expect("message");
    assert!(m.starts_with(FACT) && m.ends_with(CAVEAT), "{m}");
    let sarif: serde_json::Value = serde_json::from_str(&check("sarif")).expect("sarif");
    let m = sarif["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .expect("message");
    assert!(m.starts_with(FACT) && m.ends_with(CAVEAT), "{m}");
    let html = check("html");
    let at_fact = html.find(FACT).expect("fact in the HTML report");
    let at_caveat = html
        .find("possibly outdated")
        .expect("caveat in the HTML report");
    assert!(at_fact < at_caveat);
}

#[test]
fn the_language_server_message_leads_with_the_fact() {
    let (doc, d) = common::check(DRAFT, &[], "2027-01-10");
    let f = common::of_rule(&d, "misattributed-title");
    assert_eq!(f.len(), 1);
    let lsp = copydesk::lsp::convert::to_lsp_diagnostic(&doc, f[0], Encoding::Utf16);
    assert!(
        lsp.message.starts_with(FACT) && lsp.message.ends_with(CAVEAT),
        "{}",
        lsp.message
    );
}
