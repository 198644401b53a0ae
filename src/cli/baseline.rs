//! `copydesk check --baseline FILE`: hide the findings an earlier report (JSON or SARIF
//! written by `check`) already had, so only new ones are reported.
//!
//! A finding's identity is (file path, rule id, message, flagged text): no line numbers,
//! so an edit elsewhere in the file does not bring a finding back. Paths are compared after
//! [`normalize_path`] (`./a/b.md`, `a//b.md`, `a\b.md` and the SARIF URI `a/b.md` are one
//! file). The baseline is a multiset: two identical findings in the baseline hide two now,
//! a third one is new. An entry without flagged text (a report from before `text` existed)
//! matches any text.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::FileReport;

/// (path, rule, message) → flagged text → how many times the baseline has it
/// (`None`: any text).
type Key = (String, String, String);

/// The findings of a baseline report.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: HashMap<Key, HashMap<Option<String>, usize>>,
}

impl Baseline {
    /// Read a baseline file; the error names the file (and line and column for JSON errors).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let name = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("baseline {name}: {}", crate::files::io_reason(&e)))?;
        let v: Value = serde_json::from_str(&text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let msg = e.to_string();
            let msg = msg
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&msg);
            format!("baseline {name}: line {line}, column {column}: not JSON: {msg}")
        })?;
        Baseline::from_value(&v).map_err(|e| format!("baseline {name}: {e}"))
    }

    /// Read a parsed copydesk JSON report (`files`) or SARIF log (`runs`).
    pub fn from_value(v: &Value) -> Result<Baseline, String> {
        let mut b = Baseline::default();
        if let Some(files) = v.get("files") {
            b.add_json(files)?;
        } else if let Some(runs) = v.get("runs") {
            b.add_sarif(runs)?;
        } else {
            return Err("neither a copydesk JSON report (`files`) nor a SARIF log (`runs`)".into());
        }
        Ok(b)
    }

    fn add(&mut self, path: &str, rule: &str, message: &str, text: Option<&str>) {
        let key = (normalize_path(path), rule.to_string(), message.to_string());
        *self
            .entries
            .entry(key)
            .or_default()
            .entry(text.map(str::to_string))
            .or_default() += 1;
    }

    fn add_json(&mut self, files: &Value) -> Result<(), String> {
        let files = files.as_array().ok_or("`files` is not an array")?;
        for (i, f) in files.iter().enumerate() {
            let path = str_at(f, &["path"]).ok_or(format!("files[{i}] has no `path`"))?;
            let diags = f["diagnostics"]
                .as_array()
                .ok_or(format!("files[{i}] has no `diagnostics` array"))?;
            for (j, d) in diags.iter().enumerate() {
                let at = || format!("files[{i}].diagnostics[{j}]");
                let rule = str_at(d, &["rule"]).ok_or_else(|| format!("{} has no `rule`", at()))?;
                let message =
                    str_at(d, &["message"]).ok_or_else(|| format!("{} has no `message`", at()))?;
                self.add(path, rule, message, str_at(d, &["text"]));
            }
        }
        Ok(())
    }

    fn add_sarif(&mut self, runs: &Value) -> Result<(), String> {
        let runs = runs.as_array().ok_or("`runs` is not an array")?;
        for (i, run) in runs.iter().enumerate() {
            let results = run["results"]
                .as_array()
                .ok_or(format!("runs[{i}] has no `results` array"))?;
            for (j, r) in results.iter().enumerate() {
                let at = || format!("runs[{i}].results[{j}]");
                let rule =
                    str_at(r, &["ruleId"]).ok_or_else(|| format!("{} has no `ruleId`", at()))?;
                let message = str_at(r, &["message", "text"])
                    .ok_or_else(|| format!("{} has no `message.text`", at()))?;
                let loc = &r["locations"][0]["physicalLocation"];
                let uri = str_at(loc, &["artifactLocation", "uri"])
                    .ok_or_else(|| format!("{} has no location URI", at()))?;
                let text = str_at(r, &["properties", "text"])
                    .or_else(|| str_at(loc, &["region", "snippet", "text"]));
                self.add(&percent_decode(uri), rule, message, text);
            }
        }
        Ok(())
    }

    /// Take one matching entry for a finding; false when the baseline has none left.
    fn take(&mut self, path: &str, rule: &str, message: &str, text: &str) -> bool {
        let key = (normalize_path(path), rule.to_string(), message.to_string());
        let Some(texts) = self.entries.get_mut(&key) else {
            return false;
        };
        for t in [Some(text.to_string()), None] {
            if let Some(n) = texts.get_mut(&t).filter(|n| **n > 0) {
                *n -= 1;
                return true;
            }
        }
        false
    }

    /// Drop from the reports every finding the baseline has; returns how many were hidden.
    pub fn filter(&mut self, reports: &mut [FileReport]) -> usize {
        let mut hidden = 0;
        for r in reports {
            let path = r.path.display().to_string();
            let doc = &r.doc;
            r.diagnostics.retain(|d| {
                let text = super::output::flagged_text(doc, d);
                let known = self.take(&path, d.rule, &d.message, text);
                hidden += usize::from(known);
                !known
            });
        }
        hidden
    }
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

/// `%20` → space (SARIF URIs are percent-encoded); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A path as compared across reports: `/` separators, no `.` or empty segments, `a/../`
/// removed where it can be (lexically; the file system is not consulted).
pub fn normalize_path(p: &str) -> String {
    let p = p.replace('\\', "/");
    let absolute = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_to_one_form() {
        assert_eq!(normalize_path("./drafts//a.md"), "drafts/a.md");
        assert_eq!(normalize_path("drafts\\x\\..\\a.md"), "drafts/a.md");
        assert_eq!(normalize_path("/abs/./a.md"), "/abs/a.md");
        assert_eq!(normalize_path("../a.md"), "../a.md");
        assert_eq!(percent_decode("a%2Cb%3Ac%20d.md"), "a,b:c d.md");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn malformed_reports_are_rejected_with_the_place() {
        let e = Baseline::from_value(
            &serde_json::json!({"files": [{"path": "a.md", "diagnostics": [{"rule": "x"}]}]}),
        )
        .expect_err("no message");
        assert_eq!(e, "files[0].diagnostics[0] has no `message`");
        let e = Baseline::from_value(&serde_json::json!({"version": 1})).expect_err("no files");
        assert_eq!(
            e,
            "neither a copydesk JSON report (`files`) nor a SARIF log (`runs`)"
        );
    }

    #[test]
    fn entries_are_a_multiset_and_textless_entries_match_any_text() {
        let mut b = Baseline::from_value(
            &serde_json::json!({"files": [{"path": "./a.md", "diagnostics": [
                {"rule": "r", "message": "m", "text": "t"},
                {"rule": "r", "message": "m2"}
            ]}]}),
        )
        .expect("baseline");
        assert!(b.take("a.md", "r", "m", "t"));
        assert!(!b.take("a.md", "r", "m", "t"));
        assert!(!b.take("a.md", "r", "m", "other"));
        assert!(b.take("a.md", "r", "m2", "anything"));
        assert!(!b.take("b.md", "r", "m2", "anything"));
    }
}
