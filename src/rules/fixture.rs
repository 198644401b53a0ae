//! Fixture tests for rules, in the style of rust-analyzer's `check_diagnostics` and
//! harper's `assert_lint_count`: a draft with its expected findings marked inline.
//!
//! In a marked draft, `«` and `»` enclose the exact byte range of each expected finding;
//! the expected messages are given in the same order. The markers are removed before the
//! draft is checked (with the built-in KB, default settings and the given sources), and
//! the findings of the rule under test must be exactly those spans with those messages.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::engine::Engine;
use crate::kb::Kb;
use crate::sources::SourceIndex;

const OPEN: char = '«';
const CLOSE: char = '»';

/// A draft without its markers, and the marked ranges in order.
pub fn parse(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => {
                assert!(open.is_none(), "nested « in fixture");
                open = Some(text.len());
            }
            CLOSE => {
                let start = open.take().expect("» without «");
                spans.push(start..text.len());
            }
            _ => text.push(c),
        }
    }
    assert!(open.is_none(), "« without »");
    (text, spans)
}

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(Kb::builtin()))
}

/// The findings of `rule` on `text` (Markdown) at `date`, with these sources
/// (file name, text).
pub fn findings(rule: &str, text: &str, date: &str, sources: &[(&str, &str)]) -> Vec<Diagnostic> {
    let e = engine();
    let texts = sources
        .iter()
        .map(|(n, t)| (PathBuf::from(n), t.to_string()))
        .collect();
    let idx = SourceIndex::from_texts(texts, &e.extractor);
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("fixture date");
    let doc = Document::new(text, Format::Markdown);
    let mut d = e.check(&doc, &idx, date, &Settings::default());
    d.retain(|d| d.rule == rule);
    d
}

/// Assert that `rule` finds exactly the marked spans of `marked`, with `messages`.
pub fn check(rule: &str, marked: &str, date: &str, messages: &[&str]) {
    check_with_sources(rule, marked, date, &[], messages);
}

/// [`check`] with sources (file name, text).
pub fn check_with_sources(
    rule: &str,
    marked: &str,
    date: &str,
    sources: &[(&str, &str)],
    messages: &[&str],
) {
    let (text, spans) = parse(marked);
    assert_eq!(spans.len(), messages.len(), "one message per marked span");
    let found = findings(rule, &text, date, sources);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (&text[d.range.clone()], d.message.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = spans
        .iter()
        .map(|r| &text[r.clone()])
        .zip(messages.iter().copied())
        .collect();
    assert_eq!(got, want, "findings of {rule}");
}

/// Assert the number of findings of `rule` on an unmarked draft.
pub fn assert_count(rule: &str, text: &str, date: &str, n: usize) {
    let d = findings(rule, text, date, &[]);
    assert_eq!(d.len(), n, "findings of {rule}: {d:#?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_byte_ranges_of_the_unmarked_text() {
        let (t, s) = parse("Kyiv — «Zelenskyy’s» aide «Yermak».");
        assert_eq!(t, "Kyiv — Zelenskyy’s aide Yermak.");
        assert_eq!(s.len(), 2);
        assert_eq!(&t[s[0].clone()], "Zelenskyy’s");
        assert_eq!(&t[s[1].clone()], "Yermak");
    }
}
