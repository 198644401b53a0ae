//! Issue 17: `copydesk kb conflicts` lists where KB files disagree (the same person in
//! the same office with other dates; two holders of a single-holder office at once), with
//! both records' files and sources; exit 1 when any. Lookups are unchanged.

use crate::common::cli::run;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn dir_with(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in files {
        let name = Path::new(f).file_name().expect("name");
        std::fs::copy(fixture(f), dir.path().join(name)).expect("copy");
    }
    dir
}

#[test]
fn the_curated_kb_alone_and_an_agreeing_import_have_no_conflicts() {
    let dir = dir_with(&["kb/harbour-2026.toml"]);
    let out = run(&["kb", "conflicts"], dir.path());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "no conflicts between knowledge-base files\n"
    );
    assert_eq!(out.status.code(), Some(0));
    // The Wikidata fixture agrees with the curated records (within a few days).
    let wd = dir_with(&["wikidata/wikidata-20261130-all.json"]);
    let built = run(
        &["kb", "build", "wikidata-20261130-all.json", "-o", "wd.toml"],
        wd.path(),
    );
    assert_eq!(built.status.code(), Some(0));
    let out = run(&["kb", "conflicts", "--kb", "wd.toml"], wd.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn conflicts_name_both_files_and_sources() {
    let dir = dir_with(&["kb/conflicting.toml"]);
    let out = run(&["kb", "conflicts", "--kb", "conflicting.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let blocks: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(blocks.len(), 4, "{text}");
    assert!(blocks[0].starts_with(
        "President (US): Donald Trump: the sources give other dates\n  kb/us.toml [us.president]: Donald Trump since 2025-01-20 (as of 2025-10-31) — https://"
    ), "{text}");
    assert!(blocks[0].ends_with(
        "\n  conflicting.toml [user.us.president]: Donald J. Trump since 2025-02-01 (as of 2026-11-30) — https://example.org/trump"
    ), "{text}");
    assert!(blocks[1].starts_with(
        "Secretary of Defense (US): Lloyd Austin: the sources give other dates\n  kb/us.toml [us.secdef]: Lloyd Austin 2021-01-22 – 2025-01-20 — https://"
    ), "{text}");
    assert!(blocks[1].ends_with(
        "\n  conflicting.toml [user.us.defense]: Lloyd Austin 2021-01-22 – 2025-03-01 — https://example.org/austin"
    ), "{text}");
    assert!(blocks[2].starts_with(
        "Secretary of Defense (US): two holders of a single-holder office on 2025-01-25\n  kb/us.toml [us.secdef]: Pete Hegseth since 2025-01-25 (as of 2025-10-31) — https://"
    ), "{text}");
    assert_eq!(blocks[3], "3 conflicts between knowledge-base files\n");
    // Biden's record agrees: not listed.
    assert!(!text.contains("Biden"), "{text}");
    // The same from copydesk.toml's `kb`, as JSON.
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[kb]\nfiles = [\"conflicting.toml\"]\n",
    )
    .expect("write");
    let out = run(&["kb", "conflicts", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let c = v["conflicts"].as_array().expect("conflicts");
    assert_eq!(c.len(), 3);
    assert_eq!(c[2]["kind"], "holders");
    assert_eq!(c[2]["date"], "2025-01-25");
    assert_eq!(c[2]["records"][0]["file"], "kb/us.toml");
    // Files from copydesk.toml are named by their path from the config's folder.
    assert!(
        c[2]["records"][1]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("/conflicting.toml")),
        "{v}"
    );
    assert_eq!(c[2]["records"][1]["end"], "2025-03-01");
    assert_eq!(c[0]["kind"], "dates");
    assert_eq!(c[0]["records"][1]["as_of"], "2026-11-30");
    // Lookups are unchanged: the curated record still answers.
    let out = run(
        &[
            "kb",
            "who",
            "Secretary of Defense",
            "--country",
            "US",
            "--date",
            "2025-02-10",
        ],
        dir.path(),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("  Pete Hegseth (since 2025-01-25)\n"));
}
