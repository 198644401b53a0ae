//! World indices (`copydesk kb index`, `.kbi`): the same findings as the TOML they were
//! built from, the lookups of `kb who|person`, clear errors for a bad file, and the dev and
//! extra sets' scores unchanged with a large index (a generated 100,000-record KB plus the
//! Wikidata fixture's build) loaded beside the curated KB.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::cli::{run, stderr, workspace, write};

const NORWAY: &str = r#"as_of = "2026-11-30"

[[person]]
name = "Ana Sample"
variants = ["Ana María Sample"]

[[person]]
name = "Jan Example"

[[person]]
name = "Jon Example"

[[office]]
id = "xx.fisheries"
country = "NO"
title = "Minister of Fisheries"
aliases = ["Fisheries Minister"]
holders = [
  { name = "Jan Example", start = "2020-01-01", end = "2024-02-01", source = "https://www.regjeringen.no/a" },
  { name = "Ana Sample", start = "2024-02-01", source = "https://www.regjeringen.no/b" },
]

[[office]]
id = "xx.ports"
country = "NO"
title = "Minister of Ports"
holders = [
  { name = "Jon Example", start = "2019-01-01", source = "https://www.regjeringen.no/c" },
]
"#;

const DRAFT: &str = "---\ndate: 2025-06-01\n---\n\nNorwegian Fisheries Minister Jan Example said on Monday that quotas would rise.\n\nMinister of Fisheries Ana Sample disagreed. Example did not reply.\n";

fn index(dir: &Path, files: &[&str], out: &str) {
    let mut args = vec!["kb", "index"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["-o", out]);
    let o = run(&args, dir);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_index_gives_the_findings_of_the_toml_it_was_built_from() {
    let dir = workspace(&[("no.toml", NORWAY), ("d.md", DRAFT)]);
    index(dir.path(), &["no.toml"], "no.kbi");
    let check = |kb: &str| {
        write(dir.path(), "copydesk.toml", &format!("kb = [\"{kb}\"]\n"));
        let o = run(&["check", "--format", "json", "d.md"], dir.path());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (toml, kbi) = (check("no.toml"), check("no.kbi"));
    assert_eq!(kbi, toml);
    // The title read from the index's vocabulary ("Fisheries Minister" is no built-in
    // title) and checked against its records; "Example" alone is ambiguous (Jan, Jon).
    assert!(
        kbi.contains("Minister of Fisheries (Norway) on 2025-06-01 was Ana Sample (since 2024-02-01), not Jan Example; Jan Example was Minister of Fisheries (Norway) 2020-01-01 – 2024-02-01 [knowledge base]"),
        "{kbi}"
    );
    assert_eq!(kbi.matches("\"rule\":").count(), 1, "{kbi}");
}

#[test]
fn kb_who_person_and_stats_read_an_index() {
    let dir = workspace(&[("no.toml", NORWAY)]);
    index(dir.path(), &["no.toml"], "no.kbi");
    let o = run(
        &[
            "kb",
            "who",
            "Fisheries Minister",
            "--country",
            "Norway",
            "--date",
            "2025-01-01",
            "--kb",
            "no.kbi",
        ],
        dir.path(),
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Minister of Fisheries (Norway) on 2025-01-01:\n  Ana Sample (since 2024-02-01)\n    source: https://www.regjeringen.no/b\n"
    );
    let o = run(
        &["kb", "person", "Ana María Sample", "--kb", "no.kbi"],
        dir.path(),
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Ana Sample\n  also written: Ana María Sample\n  Minister of Fisheries (Norway): since 2024-02-01; rank 3 (from the title)\n    source: https://www.regjeringen.no/b\n"
    );
    let o = run(&["kb", "stats", "--kb", "no.kbi"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("world index no.kbi: 2 offices, 3 holder records, 3 persons; as of 2026-11-30; built from no.toml\n"),
        "{out}"
    );
}

#[test]
fn a_bad_index_is_an_error_naming_the_file() {
    let dir = workspace(&[("no.toml", NORWAY), ("d.md", DRAFT)]);
    index(dir.path(), &["no.toml"], "no.kbi");
    let bytes = std::fs::read(dir.path().join("no.kbi")).expect("index");
    // Another format version.
    let mut other = bytes.clone();
    other[8] = 99;
    std::fs::write(dir.path().join("other.kbi"), &other).expect("write");
    // Cut short: the sections run past the end.
    std::fs::write(dir.path().join("short.kbi"), &bytes[..bytes.len() / 2]).expect("write");
    for (file, message) in [
        (
            "other.kbi",
            "other.kbi: index format 99, this copydesk reads format 1: rebuild it with `copydesk kb index`",
        ),
        ("short.kbi", "short.kbi: section `"),
    ] {
        write(dir.path(), "copydesk.toml", &format!("kb = [\"{file}\"]\n"));
        let o = run(&["check", "d.md"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert!(stderr(&o).contains(message), "{file}: {}", stderr(&o));
    }
    // A KB file that does not parse names its line, as before.
    let o = run(&["kb", "index", "d.md", "-o", "x.kbi"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("d.md: line "), "{}", stderr(&o));
    assert!(!dir.path().join("x.kbi").exists());
}

/// The large index of the dev-set test: a generated 100,000-record KB and the Wikidata
/// fixture's `kb build` output, in one file.
fn large_index(dir: &Path) -> PathBuf {
    std::fs::write(
        dir.join("synthetic.toml"),
        copydesk::kb::synthetic::kb_toml(100_000, "2026-11-30"),
    )
    .expect("write");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikidata/expected.toml");
    std::fs::copy(fixture, dir.join("wikidata.toml")).expect("copy");
    index(dir, &["synthetic.toml", "wikidata.toml"], "large.kbi");
    write(dir, "large.toml", "kb = [\"large.kbi\"]\n");
    // score.py runs `copydesk check ...`: a wrapper adds the config.
    let wrapper = dir.join("copydesk-large");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\ncmd=\"$1\"; shift\nexec '{}' \"$cmd\" --config '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_copydesk"),
            dir.join("large.toml").display()
        ),
    )
    .expect("write wrapper");
    let mut perm = std::fs::metadata(&wrapper).expect("wrapper").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(&wrapper, perm).expect("chmod");
    wrapper
}

/// score.py's per-rule lines for a set, with this binary.
fn scores(bin: &Path, set: &Path, rules: &str) -> String {
    let eval = crate::common::eval_dir();
    let score = eval.join("score.py");
    assert!(
        score.is_file(),
        "score.py not found at {} (set COPYDESK_EVAL)",
        score.display()
    );
    let set = if set.is_absolute() {
        set.to_path_buf()
    } else {
        eval.join(set)
    };
    let out = Command::new("python3")
        .arg(&score)
        .arg("--bin")
        .arg(bin)
        .args(["--rules", rules])
        .arg(&set)
        .output()
        .expect("run python3 score.py");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.ends_with("cases_failed=0")),
        "{text}"
    );
    // Everything but the timing line.
    text.lines()
        .filter(|l| !l.contains("slowest"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs ../shared/eval"]
fn the_dev_and_extra_sets_keep_their_scores_with_a_large_index_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let large = large_index(dir.path());
    let plain = PathBuf::from(env!("CARGO_BIN_EXE_copydesk"));
    let extra = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/extra");
    for (set, rules) in [
        (Path::new("dev"), "core"),
        (Path::new("dev"), "all"),
        (extra.as_path(), "all"),
    ] {
        let (a, b) = (scores(&plain, set, rules), scores(&large, set, rules));
        assert_eq!(b, a, "{} --rules {rules}", set.display());
    }
}
