//! The check engine on arbitrary input: `Document::new` + `Engine::check` against a tiny
//! fixed source index, then hover at an offset. The first byte picks the format, the date
//! and the hover offset; the rest is the draft (lossy UTF-8, so any bytes).
//!
//! Asserts: `prose` is as long as `text`; every finding and fix edit lies inside the text
//! on char boundaries; every fix applies; fix-all applies; positions round-trip in every
//! encoding; hover ranges lie inside the text.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use copydesk::config::Settings;
use copydesk::diagnostic::apply_edits;
use copydesk::document::{Document, Encoding, Format};
use copydesk::engine::Engine;
use copydesk::sources::SourceIndex;
use libfuzzer_sys::fuzz_target;

const SOURCES: &[(&str, &str)] = &[
    (
        "a.txt",
        "U.S. Secretary of Defense Pete Hegseth met Ukrainian President Volodymyr Zelenskyy \
         in Kyiv on Tuesday, Zelenskyy's office said.\n\nFormer National Security Adviser \
         John Bolton criticised the talks.\n",
    ),
    (
        "b.txt",
        "Russian President Vladimir Putin said Secretary of State Marco Rubio would attend. \
         Zelensky thanked NATO Secretary General Mark Rutte.\n",
    ),
];

fn fixture() -> &'static (Engine, SourceIndex, Settings) {
    static F: OnceLock<(Engine, SourceIndex, Settings)> = OnceLock::new();
    F.get_or_init(|| {
        let engine = Engine::new(copydesk::kb::Kb::builtin());
        let idx = SourceIndex::from_texts(
            SOURCES
                .iter()
                .map(|(n, t)| (PathBuf::from(n), t.to_string()))
                .collect(),
            &engine.extractor,
        );
        let settings = Settings {
            spelling_prefer: vec!["Zelenskyy".into()],
            ..Settings::default()
        };
        (engine, idx, settings)
    })
}

fn check_range(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} off a char boundary"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let format = if flags & 1 == 0 {
        Format::Markdown
    } else {
        Format::PlainText
    };
    let date = match (flags >> 1) & 3 {
        0 => chrono::NaiveDate::from_ymd_opt(2025, 8, 20),
        1 => chrono::NaiveDate::from_ymd_opt(2018, 6, 1),
        2 => chrono::NaiveDate::from_ymd_opt(2017, 1, 25),
        _ => chrono::NaiveDate::from_ymd_opt(2030, 1, 1),
    }
    .expect("date");
    let (engine, idx, settings) = fixture();
    let doc = Document::new(text.clone(), format);
    assert_eq!(doc.text, text);
    assert_eq!(doc.prose.len(), doc.text.len());
    for p in &doc.paragraphs {
        check_range(&text, &p.range, "paragraph");
    }
    let date = doc.date().unwrap_or(date);
    let findings = engine.check(&doc, idx, date, settings);
    for f in &findings {
        check_range(&text, &f.range, f.rule);
        for fix in &f.fixes {
            for e in &fix.edits {
                check_range(&text, &e.range, "edit");
            }
            assert!(
                apply_edits(&text, &fix.edits).is_some(),
                "fix {fix:?} does not apply"
            );
        }
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for b in [f.range.start, f.range.end] {
                let p = doc.position(b, enc);
                assert_eq!(doc.offset(p, enc), b, "{enc:?} round trip of {b}");
            }
        }
    }
    let all = copydesk::diagnostic::safe_edits(&findings);
    assert!(apply_edits(&text, &all).is_some(), "fix-all does not apply");
    // Hover at an offset chosen by the flags (clamped onto a char boundary).
    let mut at = (usize::from(flags >> 3) * text.len()) / 31;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if let Some((r, _)) = engine.hover(&doc, idx, date, settings, &findings, at) {
        check_range(&text, &r, "hover");
    }
});
