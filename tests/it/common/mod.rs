//! Helpers shared by the integration tests: the engine in process (here), the binary as a
//! command-line tool (`cli`), as a language server over stdio (`stdio`), and real editors
//! (`editor`).

pub mod cli;
pub mod editor;
pub mod stdio;

use std::path::PathBuf;

use chrono::NaiveDate;
use copydesk::config::Settings;
use copydesk::diagnostic::Diagnostic;
use copydesk::document::{Document, Format};
use copydesk::engine::Engine;
use copydesk::kb::Kb;
use copydesk::sources::SourceIndex;

/// The shared evaluation folder (`score.py`, `dev/`): `$COPYDESK_EVAL`, else
/// `../shared/eval` beside the repository.
pub fn eval_dir() -> PathBuf {
    std::env::var_os("COPYDESK_EVAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval"))
}

pub fn engine() -> Engine {
    Engine::new(Kb::builtin())
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// Check a Markdown draft against in-memory sources at a date.
pub fn check_with(
    engine: &Engine,
    draft: &str,
    sources: &[(&str, &str)],
    day: &str,
    settings: &Settings,
) -> (Document, Vec<Diagnostic>) {
    let idx = SourceIndex::from_texts(
        sources
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.to_string()))
            .collect(),
        &engine.extractor,
    );
    let doc = Document::new(draft, Format::Markdown);
    let diags = engine.check(&doc, &idx, date(day), settings);
    (doc, diags)
}

pub fn check(draft: &str, sources: &[(&str, &str)], day: &str) -> (Document, Vec<Diagnostic>) {
    check_with(&engine(), draft, sources, day, &Settings::default())
}

/// A KB file of `tests/fixtures/kb`.
pub fn kb_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kb")
        .join(name)
}

/// The findings of one rule on a draft checked by `engine` without sources.
pub fn findings_of(engine: &Engine, draft: &str, day: &str, rule: &str) -> Vec<Diagnostic> {
    let (_, d) = check_with(engine, draft, &[], day, &Settings::default());
    d.into_iter().filter(|d| d.rule == rule).collect()
}

pub fn of_rule<'a>(d: &'a [Diagnostic], rule: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.rule == rule).collect()
}

/// The text a diagnostic covers.
pub fn covered<'a>(doc: &'a Document, d: &Diagnostic) -> &'a str {
    &doc.text[d.range.clone()]
}
