//! Issue 17: `as_of` per KB file. Each office is current as of its own file's date (else
//! the built-in KB's), so an article dated after the built-in `as_of` is caveated only for
//! the offices whose file is older than the article; `kb who` and `kb stats` say so too.

use crate::common::cli::run;
use crate::common::kb_fixture as fixture;
use std::path::Path;

/// A folder with both fixture KB files named in copydesk.toml and a draft.
fn workspace(draft: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["harbour-2026.toml", "harbour-undated.toml"] {
        std::fs::copy(fixture(f), dir.path().join(f)).expect("copy");
    }
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "kb = [\"harbour-2026.toml\", \"harbour-undated.toml\"]\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("d.md"), draft).expect("write");
    dir
}

/// The misattributed-title messages of `d.md` on `date`.
fn messages(dir: &Path, date: &str) -> Vec<String> {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--only",
            "misattributed-title",
            "--date",
            date,
            "d.md",
        ],
        dir,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

fn the<'a>(msgs: &'a [String], start: &str) -> &'a str {
    msgs.iter()
        .find(|m| m.starts_with(start))
        .unwrap_or_else(|| panic!("no message starting {start:?} in {msgs:#?}"))
}

const DRAFT: &str = "Norwegian Harbour Commissioner Ola Example opened the port.\n\n\
Norwegian Harbour Master Ola Example closed it.\n\n\
Secretary of Defense John Bolton spoke.\n";

#[test]
fn each_office_is_caveated_against_its_own_files_date() {
    let dir = workspace(DRAFT);
    let msgs = messages(dir.path(), "2026-06-01");
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    // The file dated 2026-11-30 knows 2026: no caveat.
    let dated = the(
        &msgs,
        "Harbour Commissioner (Norway) on 2026-06-01 was Kari Example (since 2024-01-01), not Ola Example",
    );
    assert!(!dated.contains("possibly outdated"), "{dated}");
    // The undated user file falls back to the built-in date.
    let undated = the(
        &msgs,
        "Harbour Master (Norway) on 2026-06-01 was Kari Example (since 2024-01-01), not Ola Example",
    );
    assert!(
        undated.contains("; possibly outdated: the knowledge base is current as of 2025-10-31 and the article is dated 2026-06-01, so the office may have changed hands since [knowledge base]"),
        "{undated}"
    );
    // A curated office keeps the curated date and the careful wording.
    let curated = the(
        &msgs,
        "Secretary of Defense (United States) on 2026-06-01 was ",
    );
    assert!(
        curated.contains("; possibly outdated: the knowledge base is current as of 2025-10-31 and the article is dated 2026-06-01"),
        "{curated}"
    );
    // After the newer file's own date, its offices are caveated with that date.
    let msgs = messages(dir.path(), "2026-12-15");
    let later = the(&msgs, "Harbour Commissioner (Norway) on 2026-12-15 was ");
    assert!(
        later.contains("; possibly outdated: the knowledge base is current as of 2026-11-30 and the article is dated 2026-12-15"),
        "{later}"
    );
}

#[test]
fn kb_who_uses_the_offices_own_date() {
    let dir = workspace(DRAFT);
    let who = |title: &str| {
        let out = run(
            &[
                "kb",
                "who",
                title,
                "--country",
                "NO",
                "--date",
                "2026-06-01",
                "--kb",
                "harbour-2026.toml",
                "--kb",
                "harbour-undated.toml",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let dated = who("Harbour Commissioner");
    assert!(
        dated.contains("  Kari Example (since 2024-01-01)\n"),
        "{dated}"
    );
    assert!(!dated.contains("knowledge base current as of"), "{dated}");
    assert!(who("Harbour Master").contains(
        "  (knowledge base current as of 2025-10-31: a later change would not be known)\n"
    ));
}

#[test]
fn kb_stats_lists_the_dates_per_country_when_they_differ() {
    let dir = workspace(DRAFT);
    let out = run(&["kb", "stats"], dir.path());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("; as of 2025-10-31; loaded in "), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    let out = run(&["kb", "stats", "--kb", "harbour-2026.toml"], dir.path());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("369 offices, 1449 holder records, 1193 persons, "),
        "{text}"
    );
    assert!(
        text.contains("; as of 2025-10-31 to 2026-11-30 (by country below); loaded in "),
        "{text}"
    );
    assert!(text.contains("\nas of by country:\n"), "{text}");
    assert!(
        text.contains("\n  NO   2025-10-31 (6 offices), 2026-11-30 (1 office)\n"),
        "{text}"
    );
    assert!(text.contains("\n  US   2025-10-31\n"), "{text}");
}

#[test]
fn an_imported_file_is_dated_by_its_extraction() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("holders-20261130.csv"),
        "position,country,holder,start,end\nHarbour Commissioner,NO,Kari Example,2024-01-01,\n",
    )
    .expect("write");
    let out = run(
        &["kb", "import", "holders-20261130.csv", "-o", "a.toml"],
        dir.path(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "imported 1 record (0 skipped); as of 2026-11-30\n"
    );
    let text = std::fs::read_to_string(dir.path().join("a.toml")).expect("a.toml");
    assert!(text.contains("\nas_of = \"2026-11-30\"\n"), "{text}");
    let out = run(
        &[
            "kb",
            "import",
            "holders-20261130.csv",
            "--as-of",
            "2026-12-01",
        ],
        dir.path(),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\nas_of = \"2026-12-01\"\n"));
}

#[test]
fn kb_max_age_days_warns_once_a_run_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a.md"),
        "Secretary of Defense John Bolton spoke.\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("b.md"), "Nothing to see.\n").expect("write");
    let check = |config: &str, today: &str| {
        std::fs::write(dir.path().join("copydesk.toml"), config).expect("write");
        let out = crate::common::cli::bin()
            .args(["check", "--date", "2025-08-20", "a.md", "b.md"])
            .current_dir(dir.path())
            .env("COPYDESK_TODAY", today)
            .output()
            .expect("run copydesk");
        String::from_utf8(out.stderr).expect("utf-8")
    };
    assert_eq!(
        check("[kb]\nmax_age_days = 30\n", "2026-12-04"),
        "warning: the knowledge base is 399 days old (as of 2025-10-31; kb.max_age_days = 30): \
         findings about current office-holders may be out of date; update it (`copydesk kb build`, \
         `copydesk kb import`) or a newer copydesk\n"
    );
    assert_eq!(check("[kb]\nmax_age_days = 399\n", "2026-12-04"), "");
    assert_eq!(check("date = 2025-08-20\n", "2026-12-04"), "");
    // A newer file makes the KB younger.
    std::fs::copy(fixture("harbour-2026.toml"), dir.path().join("h.toml")).expect("copy");
    assert_eq!(
        check(
            "[kb]\nfiles = [\"h.toml\"]\nmax_age_days = 30\n",
            "2026-12-04"
        ),
        ""
    );
    let e = check("[kb]\nmax_age_days = \"soon\"\n", "2026-12-04");
    assert!(
        e.starts_with("error: ")
            && e.contains("copydesk.toml:2:")
            && e.contains("key `kb.max_age_days`: `\"soon\"` is not a number of days"),
        "{e}"
    );
}
