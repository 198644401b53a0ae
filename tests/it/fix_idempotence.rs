//! Fixes under fire: on every draft we have (the seeds, the project's extra set and the
//! labelled dev set when it sits beside the checkout), applying every safe fix twice gives
//! the same text as applying them once, and every edit of every fix stays inside the span
//! its finding flagged (an off-topic deletion may also take the blank lines around the
//! paragraph, nothing else). Also once through the CLI: `copydesk fix` twice.

use std::path::{Path, PathBuf};

use copydesk::config::Settings;
use copydesk::diagnostic::safe_edits;
use copydesk::diagnostic::{Diagnostic, apply_edits};
use copydesk::document::{Document, Format};
use copydesk::engine::Engine;
use copydesk::kb::Kb;

use crate::common::cli::bin;

struct Case {
    name: String,
    draft: PathBuf,
    sources: PathBuf,
    date: chrono::NaiveDate,
    settings: Settings,
}

fn date_of(expected: &Path) -> chrono::NaiveDate {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(expected).expect("expected.json"))
            .expect("json");
    chrono::NaiveDate::parse_from_str(v["date"].as_str().expect("date"), "%Y-%m-%d").expect("date")
}

fn cases_in(set: &Path) -> Vec<Case> {
    let Ok(rd) = std::fs::read_dir(set) else {
        return vec![];
    };
    let mut dirs: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    dirs.into_iter()
        .filter(|d| d.join("draft.md").is_file())
        .map(|d| Case {
            name: d.display().to_string(),
            draft: d.join("draft.md"),
            sources: d.join("sources"),
            date: date_of(&d.join("expected.json")),
            settings: Settings::default(),
        })
        .collect()
}

fn all_cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases = cases_in(&root.join("eval/extra"));
    let dev = crate::common::eval_dir().join("dev");
    let dev_cases = cases_in(&dev);
    assert!(
        !dev_cases.is_empty() || std::env::var_os("COPYDESK_REQUIRE_EVAL").is_none(),
        "dev set not found at {}",
        dev.display()
    );
    cases.extend(dev_cases);
    // The seeds, with their own copydesk.toml (house style, dates, sources = the seeds).
    let seeds = root.join("seeds");
    let settings = Settings::load(&seeds.join("copydesk.toml")).expect("seeds config");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let date = settings.date_for(&f).or(settings.date).expect("seed date");
        cases.push(Case {
            name: f.display().to_string(),
            draft: f,
            sources: seeds.clone(),
            date,
            settings: settings.clone(),
        });
    }
    cases
}

fn check(engine: &Engine, case: &Case, text: &str) -> Vec<Diagnostic> {
    let (idx, _) = engine.index_sources_except(
        std::slice::from_ref(&case.sources),
        Some(case.draft.as_path()),
    );
    let doc = Document::new(text, Format::from_path(&case.draft));
    engine.check(&doc, &idx, case.date, &case.settings)
}

fn fix_once(engine: &Engine, case: &Case, text: &str) -> String {
    let diags = check(engine, case, text);
    let mut edits = safe_edits(&diags);
    edits.sort_by_key(|e| e.range.start);
    apply_edits(text, &edits).expect("safe edits apply")
}

/// A scrape-residue deletion removes only residue lines the rule flagged and whitespace.
fn only_residue(text: &str, diags: &[Diagnostic], e: &copydesk::diagnostic::Edit) -> bool {
    let mut rest = text[e.range.clone()].to_string();
    for d in diags.iter().filter(|d| d.rule == "scrape-residue") {
        if e.range.start <= d.range.start && d.range.end <= e.range.end {
            let r = d.range.start - e.range.start..d.range.end - e.range.start;
            rest.replace_range(r.clone(), &" ".repeat(r.len()));
        }
    }
    e.new_text.is_empty() && rest.trim().is_empty()
}

#[test]
fn fix_all_is_idempotent_and_edits_stay_inside_their_findings() {
    let engine = Engine::new(Kb::builtin());
    let cases = all_cases();
    assert!(cases.len() >= 13, "{} cases", cases.len());
    let mut fixed_any = 0;
    for case in &cases {
        let text = std::fs::read_to_string(&case.draft).expect("draft");
        let diags = check(&engine, case, &text);
        for d in &diags {
            for f in &d.fixes {
                for e in &f.edits {
                    let inside = d.range.start <= e.range.start && e.range.end <= d.range.end;
                    // A paragraph deletion may take the blank lines beside it.
                    let around = |a: usize, b: usize| text[a.min(b)..a.max(b)].trim().is_empty();
                    let paragraph = d.rule == "off-topic-paragraph"
                        && around(e.range.start, d.range.start)
                        && around(d.range.end, e.range.end);
                    let residue = d.rule == "scrape-residue" && only_residue(&text, &diags, e);
                    assert!(
                        inside || paragraph || residue,
                        "{}: fix '{}' edits {:?} outside its finding {:?} ({})",
                        case.name,
                        f.title,
                        e.range,
                        d.range,
                        d.message
                    );
                    assert!(
                        text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end)
                    );
                }
            }
        }
        let once = fix_once(&engine, case, &text);
        let twice = fix_once(&engine, case, &once);
        assert_eq!(
            once, twice,
            "{}: a second fix-all changed the text",
            case.name
        );
        if once != text {
            fixed_any += 1;
        }
    }
    assert!(fixed_any >= 3, "only {fixed_any} drafts had safe fixes");
}

#[test]
fn cli_fix_twice_changes_nothing_the_second_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(root.join("seeds"))
        .expect("seeds")
        .flatten()
    {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    let draft = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000"))
        })
        .expect("seed 000");
    let before = std::fs::read_to_string(&draft).expect("read");
    let run = || {
        bin()
            .arg("fix")
            .arg(&draft)
            .output()
            .expect("run copydesk fix")
    };
    let first = run();
    let after_one = std::fs::read_to_string(&draft).expect("read");
    assert_ne!(
        before,
        after_one,
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(after_one.contains("Zelenskyy") && !after_one.contains("Zelensky "));
    let second = run();
    let after_two = std::fs::read_to_string(&draft).expect("read");
    assert_eq!(
        after_one,
        after_two,
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
}
