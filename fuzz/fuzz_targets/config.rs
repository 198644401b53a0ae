//! `copydesk.toml` parsing on arbitrary text: `Settings::parse` returns settings or an
//! error whose line and column lie inside the text; accepted settings answer `date_for`,
//! `is_ignored` and `rule` for any path and rule.

#![no_main]

use std::path::Path;

use copydesk::config::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = Path::new("/fuzz/news/copydesk.toml");
    match Settings::parse(file, &text) {
        Ok(s) => {
            for p in [
                "/fuzz/news/a.md",
                "/fuzz/news/archive/b.txt",
                "/elsewhere/c.md",
                "d.md",
            ] {
                let _ = s.date_for(Path::new(p));
                let _ = s.is_ignored(Path::new(p));
            }
            for r in copydesk::rules::all() {
                let _ = s.rule(r.id());
            }
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(
                e.line >= 1 && e.line <= lines,
                "line {} of {lines}: {e}",
                e.line
            );
            let line = text.split('\n').nth(e.line - 1).unwrap_or("");
            assert!(
                e.column >= 1 && e.column <= line.chars().count() + 1,
                "column {} of {:?}: {e}",
                e.column,
                line
            );
            assert!(!e.message.is_empty());
        }
    }
});
