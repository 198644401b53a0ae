//! Workspace problems the user must see: a missing or empty source folder, a source file
//! that cannot be read, a knowledge-base file that cannot be loaded, a bad setting.
//!
//! A log line is not enough (an editor's example settings once pointed at a folder that did
//! not exist, and the drafts were silently checked without sources). Each problem is shown
//! once with `window/showMessage` (again only after it went away and came back), and when
//! it comes from `copydesk.toml`, as a diagnostic on the line of the key.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::sources::{SourceError, SourceIndex};

/// One problem: its message and, when the setting comes from `copydesk.toml`, the key
/// (`sources`, `kb`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub config_key: Option<&'static str>,
    /// Shown as an error (else a warning).
    pub error: bool,
}

fn origin(from_config: bool) -> &'static str {
    if from_config {
        "copydesk.toml"
    } else {
        "the editor's settings"
    }
}

/// Missing or empty source folders and unreadable source files. `from_config` holds the
/// folders `copydesk.toml` names (the others come from the client's settings).
pub fn source_problems(
    dirs: &[PathBuf],
    from_config: &[PathBuf],
    idx: &SourceIndex,
    errors: &[SourceError],
) -> Vec<Problem> {
    let mut out = Vec::new();
    for d in dirs {
        let in_config = from_config.contains(d);
        let what = if !d.exists() {
            "does not exist"
        } else if !idx.sources.iter().any(|s| s.path.starts_with(d)) {
            "has no .txt, .md or .markdown files"
        } else {
            continue;
        };
        out.push(Problem {
            message: format!(
                "source folder {} (from {}) {what}: drafts are checked without its sources",
                d.display(),
                origin(in_config)
            ),
            config_key: in_config.then_some("sources"),
            error: false,
        });
    }
    let unreadable: Vec<String> = errors
        .iter()
        .filter(|e| !dirs.contains(&e.path))
        .map(|e| format!("{} ({})", e.path.display(), e.message))
        .collect();
    if !unreadable.is_empty() {
        out.push(Problem {
            message: format!(
                "{} source file(s) could not be read and are left out: {}",
                unreadable.len(),
                unreadable.join(", ")
            ),
            config_key: None,
            error: false,
        });
    }
    out
}

/// A knowledge-base file that cannot be loaded (`file` as the KB error names it).
pub fn kb_problem(message: String, file: &str, from_config: &[PathBuf]) -> Problem {
    let in_config = from_config.iter().any(|k| k.display().to_string() == file);
    Problem {
        message: format!(
            "knowledge base {message} (from {}; the last good knowledge base is still in use)",
            origin(in_config)
        ),
        config_key: in_config.then_some("kb"),
        error: true,
    }
}

/// The 0-based line of a top-level `key = …` in a TOML text.
pub fn key_line(text: &str, key: &str) -> Option<u32> {
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_table = true;
        }
        let rest = t.strip_prefix(key).map(str::trim_start);
        if !in_table && rest.is_some_and(|r| r.starts_with('=')) {
            return u32::try_from(i).ok();
        }
    }
    None
}

/// The problems shown so far: [`Shown::fresh`] returns the ones not shown yet and forgets
/// the ones that went away (so they are shown again if they come back).
#[derive(Debug, Default)]
pub struct Shown(HashSet<String>);

impl Shown {
    pub fn fresh(&mut self, now: &[String]) -> Vec<String> {
        let fresh = now
            .iter()
            .filter(|m| !self.0.contains(*m))
            .cloned()
            .collect();
        self.0 = now.iter().cloned().collect();
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_top_level_keys_only() {
        let t = "date = 2025-01-01\nsources = [\"s\"]\n[spelling]\nsources = 1\n";
        assert_eq!(key_line(t, "sources"), Some(1));
        assert_eq!(key_line(t, "kb"), None);
        assert_eq!(key_line("sourcesx = 1\nsources=[]\n", "sources"), Some(1));
    }

    #[test]
    fn a_problem_is_shown_once_until_it_goes_away() {
        let mut s = Shown::default();
        let a = vec!["a".to_string()];
        assert_eq!(s.fresh(&a), a);
        assert!(s.fresh(&a).is_empty());
        assert!(s.fresh(&[]).is_empty());
        assert_eq!(s.fresh(&a), a);
    }
}
