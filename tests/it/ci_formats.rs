//! CI integrations: SARIF (validated against the SARIF 2.1.0 schema), GitHub workflow
//! commands, --fail-on, --only/--ignore, `copydesk fix`, golden output for the seeds.
//! Regenerate golden files with `UPDATE_GOLDEN=1 cargo test --release --test it ci_formats`.

use std::path::Path;

use serde_json::Value;

use crate::common::cli::run;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert!(
        expected == actual,
        "output differs from {} (UPDATE_GOLDEN=1 to accept):\n{actual}",
        path.display()
    );
}

#[test]
fn seeds_golden_outputs() {
    for (format, file) in [
        ("human", "seeds.txt"),
        ("json", "seeds.json"),
        ("sarif", "seeds.sarif"),
        ("github", "seeds.github"),
    ] {
        let out = run(&["check", "--format", format, "seeds"], root());
        assert_eq!(out.status.code(), Some(1), "{format}");
        golden(file, &String::from_utf8(out.stdout).expect("utf-8"));
    }
}

#[test]
fn sarif_validates_against_the_2_1_0_schema_and_carries_rules_and_fixes() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-2.1.0.json")).expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("compile schema");
    let out = run(&["check", "--format", "sarif", "seeds"], root());
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), copydesk::rules::all().len());
    for r in rules {
        assert!(
            r["helpUri"]
                .as_str()
                .expect("helpUri")
                .ends_with(&format!("{}.md", r["id"].as_str().expect("id")))
        );
        assert!(
            r["help"]["text"]
                .as_str()
                .expect("help")
                .contains("**What it flags.**")
        );
    }
    let results = run0["results"].as_array().expect("results");
    let bolton = results
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains("not John Bolton"))
        })
        .expect("Bolton");
    assert_eq!(bolton["level"], "error");
    assert_eq!(
        bolton["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "seeds/000_b4642a44b1688a1c.txt"
    );
    assert_eq!(
        bolton["locations"][0]["physicalLocation"]["region"]["startLine"],
        34
    );
    let repl = &bolton["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(repl["insertedContent"]["text"], "Pete Hegseth");
}

#[test]
fn github_commands_escape_properties_and_data() {
    use copydesk::cli::output::{escape_data, escape_property};
    assert_eq!(escape_data("50% of it\r\nnext"), "50%25 of it%0D%0Anext");
    assert_eq!(escape_property("a:b,c%d\n"), "a%3Ab%2Cc%25d%0A");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("a,b:c.md"),
        "Secretary of Defense John Bolton spoke.\n",
    )
    .expect("write");
    let out = run(
        &[
            "check",
            "--format",
            "github",
            "--date",
            "2025-08-20",
            "a,b:c.md",
        ],
        dir.path(),
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("::error file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=33,title=copydesk misattributed-title::Secretary of Defense (United States) on 2025-08-20 was Pete Hegseth"), "{text}");
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn fail_on_and_rule_selection_decide_the_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("d.md"),
        "Sergei Lavrov spoke. Later Sergey Lavrov left. Sergei Lavrov returned.\n",
    )
    .expect("write");
    let code = |args: &[&str]| run(args, dir.path()).status.code();
    assert_eq!(code(&["check", "--date", "2025-08-20", "d.md"]), Some(1));
    assert_eq!(
        code(&[
            "check",
            "--date",
            "2025-08-20",
            "--fail-on",
            "warning",
            "d.md"
        ]),
        Some(1)
    );
    assert_eq!(
        code(&[
            "check",
            "--date",
            "2025-08-20",
            "--fail-on",
            "error",
            "d.md"
        ]),
        Some(0)
    );
    assert_eq!(
        code(&[
            "check",
            "--date",
            "2025-08-20",
            "--ignore",
            "inconsistent-spelling",
            "d.md"
        ]),
        Some(0)
    );
    assert_eq!(
        code(&[
            "check",
            "--date",
            "2025-08-20",
            "--only",
            "off-topic-paragraph",
            "d.md"
        ]),
        Some(0)
    );
    assert_eq!(
        code(&[
            "check",
            "--date",
            "2025-08-20",
            "--only",
            "inconsistent-spelling",
            "d.md"
        ]),
        Some(1)
    );
    assert_eq!(code(&["check", "--only", "no-such-rule", "d.md"]), Some(2));
}

#[test]
fn fix_applies_safe_fixes_only_and_leaves_clean_files_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let messy = "Sergei Lavrov spoke. Later Sergey Lavrov left. Sergei Lavrov returned.\n\nSecretary of Defense John Bolton agreed.\n";
    std::fs::write(dir.path().join("messy.md"), messy).expect("write");
    std::fs::write(dir.path().join("clean.md"), "Nothing to see.\n").expect("write");
    let clean_mtime = std::fs::metadata(dir.path().join("clean.md"))
        .and_then(|m| m.modified())
        .expect("mtime");

    let out = run(
        &["fix", "--dry-run", "--date", "2025-08-20", "."],
        dir.path(),
    );
    let diff = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        diff.contains("-Sergei Lavrov spoke. Later Sergey Lavrov left."),
        "{diff}"
    );
    assert!(
        diff.contains("+Sergei Lavrov spoke. Later Sergei Lavrov left."),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("messy.md")).expect("read"),
        messy,
        "dry run must not write"
    );

    let out = run(&["fix", "--date", "2025-08-20", "."], dir.path());
    // The title finding needs a human: exit 1.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = std::fs::read_to_string(dir.path().join("messy.md")).expect("read");
    assert_eq!(fixed, messy.replace("Sergey", "Sergei"));
    assert_eq!(
        std::fs::metadata(dir.path().join("clean.md"))
            .and_then(|m| m.modified())
            .expect("mtime"),
        clean_mtime
    );
    // Fixing twice changes nothing more.
    run(&["fix", "--date", "2025-08-20", "."], dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("messy.md")).expect("read"),
        fixed
    );
}
