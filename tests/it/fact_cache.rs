//! The language server reuses per-paragraph facts across versions of a draft
//! (`facts::FactCache`, offsets relative to each paragraph). Whatever the edit — inside a
//! paragraph, splitting or joining paragraphs, moving text so that identical paragraphs
//! sit at new offsets — the cached analysis must equal a fresh one, byte for byte.

use crate::common;

use copydesk::config::Settings;
use copydesk::diagnostic::Diagnostic;
use copydesk::document::{Document, Format};
use copydesk::facts::FactCache;
use copydesk::sources::SourceIndex;

fn seed(prefix: &str) -> (std::path::PathBuf, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let path = std::fs::read_dir(&dir)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("seed file");
    let text = std::fs::read_to_string(&path).expect("seed text");
    (path, text)
}

fn render(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .map(|d| format!("{:?} {} {} {:?}", d.range, d.rule, d.message, d.fixes))
        .collect()
}

#[test]
fn cached_analysis_equals_fresh_analysis_across_edits() {
    let engine = common::engine();
    let (_, draft) = seed("000");
    let sources: Vec<_> = ["001", "003", "004"].iter().map(|p| seed(p)).collect();
    let idx = SourceIndex::from_texts(sources, &engine.extractor);
    let date = common::date("2025-08-20");
    let settings = Settings::default();
    let cache = FactCache::default();

    let bolton = draft.find("John Bolton").expect("Bolton in seed 000");
    let para_break = draft.find("\n\n").expect("a paragraph break");
    let first_para_end = para_break;
    let first_para = draft[..first_para_end].to_string();
    type Edit = Box<dyn Fn(&str) -> String>;
    let edits: Vec<Edit> = vec![
        // typing inside a paragraph shifts everything after it
        Box::new(move |t: &str| format!("{}Mr. {}", &t[..bolton], &t[bolton..])),
        // a new paragraph at the top: every later paragraph moves
        Box::new(|t: &str| format!("Breaking — Київ, 🇺🇦 “quote”.\n\n{t}")),
        // joining two paragraphs, then splitting one
        Box::new(move |t: &str| t.replacen("\n\n", " ", 1)),
        Box::new(|t: &str| t.replacen(". ", ".\n\n", 3)),
        // the same paragraph twice at different offsets (one cache entry, two positions)
        Box::new(move |t: &str| format!("{t}\n\n{first_para}\n")),
        // deleting the title mention altogether
        Box::new(|t: &str| t.replace("Secretary of Defense John Bolton", "John Bolton")),
    ];
    let mut text = draft.clone();
    let mut fired = 0;
    for (i, edit) in edits.iter().enumerate() {
        text = edit(&text);
        let doc = Document::new(text.clone(), Format::PlainText);
        let cached = engine.check_cached(&doc, &idx, date, &settings, Some(&cache));
        let fresh = engine.check(&doc, &idx, date, &settings);
        assert_eq!(render(&cached), render(&fresh), "edit {i}");
        for d in &cached {
            assert!(d.range.end <= text.len() && text.is_char_boundary(d.range.start));
        }
        fired += cached.len();
    }
    assert!(fired > 0, "the seed's findings should survive most edits");
}

#[test]
fn cached_ranges_point_at_the_same_words_after_a_shift() {
    let engine = common::engine();
    let idx = SourceIndex::default();
    let date = common::date("2025-08-20");
    let settings = Settings::default();
    let cache = FactCache::default();
    let para = "Secretary of Defense John Bolton met the press on Tuesday in Washington.";
    let a = format!("{para}\n");
    let b = format!("Intro with é, “curly” and 😀.\n\n{para}\n");
    for text in [&a, &b, &a] {
        let doc = Document::new(text.as_str(), Format::Markdown);
        let d = engine.check_cached(&doc, &idx, date, &settings, Some(&cache));
        let title: Vec<&str> = d
            .iter()
            .filter(|d| d.rule == "misattributed-title")
            .map(|d| &text[d.range.clone()])
            .collect();
        assert_eq!(title, ["Secretary of Defense John Bolton"], "in {text:?}");
    }
}
