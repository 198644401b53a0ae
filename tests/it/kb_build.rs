//! `copydesk kb build`: a Wikidata JSON dump (the real format, in tests/fixtures/wikidata/)
//! becomes a KB file equal to a hand-checked expectation, plain, gzip, bzip2 or
//! newline-delimited; the file loads with `Kb::load`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::NaiveDate;

use crate::common::cli::bin;

const DUMP: &str = "wikidata-20261130-all.json";
const SUMMARY: &str = "kb build: 8 entities read; 3 people, 2 offices, 5 terms written to out.toml; skipped 1 deprecated statement, 1 term whose position is not in the dump, 1 normal-rank term overlapping a preferred one\n";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikidata")
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run copydesk")
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("expected.toml"))
        .expect("expected.toml")
        .replacen(DUMP, name, 1)
}

/// Build `dump` (a path in `dir`) into `dir/out.toml`; the file's text.
fn build(dir: &Path, dump: &str, extra: &[&str]) -> String {
    let mut args = vec!["kb", "build", dump, "-o", "out.toml"];
    args.extend_from_slice(extra);
    let out = run(&args, dir);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        SUMMARY,
        "{dump}: stderr"
    );
    assert_eq!(out.status.code(), Some(0), "{dump}");
    std::fs::read_to_string(dir.join("out.toml")).expect("out.toml")
}

fn dump_bytes() -> Vec<u8> {
    std::fs::read(fixtures().join(DUMP)).expect("fixture dump")
}

#[test]
fn the_fixture_dump_builds_the_expected_kb() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(DUMP), dump_bytes()).expect("copy");
    assert_eq!(build(dir.path(), DUMP, &[]), expected(DUMP));
}

#[test]
fn gzip_bzip2_and_newline_delimited_dumps_build_the_same_kb() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let raw = dump_bytes();
    let gz = format!("{DUMP}.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw).expect("gzip");
    std::fs::write(d.join(&gz), enc.finish().expect("gzip")).expect("write");
    assert_eq!(build(d, &gz, &[]), expected(&gz));
    let bz = format!("{DUMP}.bz2");
    let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    enc.write_all(&raw).expect("bzip2");
    std::fs::write(d.join(&bz), enc.finish().expect("bzip2")).expect("write");
    assert_eq!(build(d, &bz, &[]), expected(&bz));
    // NDJSON: no brackets, no commas; the date from --dump-date.
    let text = String::from_utf8(raw).expect("utf-8");
    let nd: String = text
        .lines()
        .filter(|l| *l != "[" && *l != "]")
        .map(|l| format!("{}\n", l.trim_end_matches(',')))
        .collect();
    std::fs::write(d.join("entities.ndjson"), nd).expect("write");
    assert_eq!(
        build(d, "entities.ndjson", &["--dump-date", "2026-11-30"]),
        expected("entities.ndjson")
    );
}

#[test]
fn the_built_kb_loads_and_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(DUMP), dump_bytes()).expect("copy");
    build(dir.path(), DUMP, &[]);
    let path = dir.path().join("out.toml");
    let kb = copydesk::kb::Kb::load(&[path.as_path()]).expect("loads");
    let potus = kb
        .offices
        .iter()
        .find(|o| o.id == "wd.q11696")
        .expect("office wd.q11696");
    assert_eq!(potus.country, "US");
    let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let holder = |day| -> Vec<&str> {
        potus
            .holders_at(day)
            .map(|t| kb.persons[t.person].name.as_str())
            .collect()
    };
    assert_eq!(holder(on(2019, 6, 1)), ["Donald Trump"]);
    assert_eq!(holder(on(2021, 1, 20)), ["Joe Biden"]);
    assert_eq!(holder(on(2026, 1, 1)), ["Donald Trump"]);
    let t = &potus.terms[0];
    assert_eq!(t.source, "https://www.wikidata.org/wiki/Q22686#P39");
    assert_eq!(
        t.note.as_deref(),
        Some("wikidata Q22686 P39 Q11696, dump 2026-11-30; end = the successor's start (P1366)")
    );
    // The people merge with the built-in records of the same name.
    let harris = kb.persons_named("Kamala Devi Harris");
    assert_eq!(harris.len(), 1);
    assert_eq!(kb.persons[harris[0]].name, "Kamala Harris");
}

#[test]
fn bad_input_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let out = run(&["kb", "build", "latest-all.json", "-o", "out.toml"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: latest-all.json: no YYYYMMDD date in the file name; pass --dump-date YYYY-MM-DD\n"
    );
    let out = run(&["kb", "build", "dump-20261130.json", "-o", "out.toml"], d);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: dump-20261130.json: no such file or directory\n"
    );
    std::fs::write(
        d.join("dump-20261130.json"),
        "[\n{\"type\":\"item\",\"id\":\"Q1\",\"claims\":{\"P39\":[]}},\n{\"type\":\"item\",\"id\":\"Q2\",\"claims\":{\"P39\":[{]}},\n]\n",
    )
    .expect("write");
    let out = run(&["kb", "build", "dump-20261130.json", "-o", "out.toml"], d);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: dump-20261130.json:3: not a Wikidata entity: key must be a string (column 44); skipped\n\
         kb build: 2 entities read; 0 people, 0 offices, 0 terms written to out.toml\n\
         1 line was not a Wikidata entity\n"
    );
}

#[test]
fn languages_come_from_lang_or_the_config_in_order_of_preference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join(DUMP), dump_bytes()).expect("copy");
    std::fs::write(d.join("copydesk.toml"), "kb_languages = [\"de\", \"en\"]\n").expect("config");
    let toml = build(d, DUMP, &[]);
    assert!(toml.contains(
        "\n[[person]]\nname = \"Joe Biden\"\nvariants = [\"Joseph Robinette Biden\", \"Joseph Robinette Biden Jr.\", \"Joseph R. Biden\", \"Joe Biden Jr.\"]\nnote = \"wikidata Q6279\"\n"
    ), "{toml}");
    assert!(toml.contains(
        "\n[[office]]\nid = \"wd.q11696\"\ncountry = \"US\"\ntitle = \"Präsident der Vereinigten Staaten\"\naliases = [\"President of the United States\", \"POTUS\", \"US President\", \"President of the United States of America\"]\n"
    ), "{toml}");
    // No German label: the English one.
    assert!(
        toml.contains("\n[[person]]\nname = \"Kamala Harris\"\n"),
        "{toml}"
    );
    // --lang wins over the config.
    assert_eq!(build(d, DUMP, &["--lang", "en"]), expected(DUMP));
    std::fs::write(d.join("copydesk.toml"), "kb_languages = \"de\"\n").expect("config");
    let out = run(&["kb", "build", DUMP, "-o", "out.toml"], d);
    assert_eq!(out.status.code(), Some(2));
    let config = d.canonicalize().expect("canonical").join("copydesk.toml");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: {}:1:16: key `kb_languages`: invalid type: string \"de\", expected a sequence\n",
            config.display()
        )
    );
}
