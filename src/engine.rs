//! The engine: one entry point shared by the CLI and the language server.
//!
//! `Engine::check` runs every enabled rule over a [`Document`] with a [`SourceIndex`] at a
//! date, applies per-rule severities and inline suppressions, and returns the findings
//! sorted by position. It holds no front-end types.

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::extract::Extractor;
use crate::kb::Kb;
use crate::rules::{self, Context, Rule};
use crate::sources::SourceIndex;

pub struct Engine {
    pub kb: Kb,
    pub extractor: Extractor,
    rules: &'static [&'static dyn Rule],
}

impl Engine {
    pub fn new(kb: Kb) -> Engine {
        let extractor = Extractor::new(&kb);
        Engine {
            kb,
            extractor,
            rules: rules::all(),
        }
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        self.rules
    }

    /// Index source folders with this engine's extractor.
    pub fn index_sources(
        &self,
        dirs: &[std::path::PathBuf],
    ) -> (SourceIndex, Vec<crate::sources::SourceError>) {
        SourceIndex::load(dirs, &self.extractor, None)
    }

    /// Index source folders, leaving out one file (the draft itself, when it sits among
    /// its sources).
    pub fn index_sources_except(
        &self,
        dirs: &[std::path::PathBuf],
        except: Option<&std::path::Path>,
    ) -> (SourceIndex, Vec<crate::sources::SourceError>) {
        SourceIndex::load(dirs, &self.extractor, except)
    }

    /// The article date: explicit, else front matter, else config, else today.
    pub fn article_date(
        doc: &Document,
        path: Option<&std::path::Path>,
        explicit: Option<NaiveDate>,
        settings: &Settings,
    ) -> NaiveDate {
        explicit
            .or_else(|| doc.date())
            .or_else(|| path.and_then(|p| settings.date_for(p)))
            .or(settings.date)
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn check(
        &self,
        doc: &Document,
        sources: &SourceIndex,
        date: NaiveDate,
        settings: &Settings,
    ) -> Vec<Diagnostic> {
        self.check_cached(doc, sources, date, settings, None)
    }

    /// [`Engine::check`] reusing the facts of paragraphs seen before (the language server
    /// keeps one cache per workspace, so an edit re-reads only the paragraphs it touched).
    pub fn check_cached(
        &self,
        doc: &Document,
        sources: &SourceIndex,
        date: NaiveDate,
        settings: &Settings,
        cache: Option<&crate::facts::FactCache>,
    ) -> Vec<Diagnostic> {
        let cx = Context::with_cache(
            doc,
            &self.kb,
            &self.extractor,
            sources,
            date,
            settings,
            cache,
        );
        let mut out = Vec::new();
        for rule in self.rules {
            let setting = settings.rule(rule.id());
            if !setting.enabled {
                continue;
            }
            let start = out.len();
            rule.check(&cx, &mut out);
            if let Some(sev) = setting.severity {
                for d in &mut out[start..] {
                    d.severity = sev;
                }
            }
        }
        let suppressed = suppressions(doc);
        out.retain(|d| {
            !suppressed.iter().any(|(r, rules)| {
                r.start <= d.range.start
                    && d.range.start < r.end
                    && (rules.is_empty() || rules.iter().any(|x| x == d.rule))
            })
        });
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        prune_related(&mut out);
        out
    }
}

impl Engine {
    /// Hover text (Markdown) at a byte offset of the draft; see [`crate::hover`].
    pub fn hover(
        &self,
        doc: &Document,
        sources: &SourceIndex,
        date: NaiveDate,
        settings: &Settings,
        diagnostics: &[Diagnostic],
        offset: usize,
    ) -> Option<(Range<usize>, String)> {
        let cx = Context::new(doc, &self.kb, &self.extractor, sources, date, settings);
        crate::hover::hover(&cx, diagnostics, offset)
    }
}

/// `<!-- copydesk-ignore RULE… -->` (Markdown) or `[copydesk-ignore RULE…]` (plain text,
/// where a comment would stay visible); the rule ids are in group 1 or 2.
fn ignore_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"<!--\s*copydesk-ignore((?:\s+[\w-]+)*)\s*-->|\[copydesk-ignore((?:\s+[\w-]+)*)\s*\]",
        )
        .expect("static regex")
    })
}

/// The comment that suppresses findings: `<!-- copydesk-ignore RULE -->` silences RULE
/// (or every rule, when no rule is named) on the rest of its line and in the paragraph
/// that follows it.
pub fn suppression_comment(rule: &str) -> String {
    format!("<!-- copydesk-ignore {rule} -->")
}

/// The plain-text form of [`suppression_comment`]: a line `[copydesk-ignore RULE]` (an
/// HTML comment would show in a `.txt` draft). Same scope: the rest of its line, or, on a
/// line of its own, the paragraph it starts or the one after it.
pub fn suppression_marker(rule: &str) -> String {
    format!("[copydesk-ignore {rule}]")
}

/// How to silence a rule, for `copydesk explain`.
pub fn suppression_help(rule: &str) -> String {
    format!(
        "Silence it on one paragraph: {} on the line before it in Markdown, {} in plain text \
         (or either at the end of a line, for that line); without a rule id, every rule.",
        suppression_comment(rule),
        suppression_marker(rule)
    )
}

/// A finding's other places that were suppressed are no longer named.
fn prune_related(out: &mut [Diagnostic]) {
    let kept: std::collections::HashSet<(&'static str, Range<usize>)> =
        out.iter().map(|d| (d.rule, d.range.clone())).collect();
    for d in out.iter_mut() {
        d.related.retain(|r| kept.contains(&(d.rule, r.clone())));
    }
}

fn suppressions(doc: &Document) -> Vec<(Range<usize>, Vec<String>)> {
    let mut out = Vec::new();
    for c in ignore_re().captures_iter(&doc.text) {
        let Some(m) = c.get(0) else { continue };
        let rules: Vec<String> = c
            .get(1)
            .or_else(|| c.get(2))
            .map(|g| g.as_str().split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let line_end = doc.text[m.end()..]
            .find('\n')
            .map_or(doc.text.len(), |i| m.end() + i);
        let line_start = doc.text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        // Same line (comment after the text), else the paragraph that goes on after the
        // comment's line: the one it starts (a plain-text marker line directly above the
        // text) or the next one.
        let next = doc
            .paragraphs
            .iter()
            .find(|p| p.range.end > line_end)
            .map_or(line_end, |p| p.range.end);
        let end = if doc.text[m.end()..line_end].trim().is_empty() {
            next
        } else {
            line_end
        };
        out.push((line_start..end.max(line_end), rules));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn plain_text_markers_cover_their_paragraph_or_the_next() {
        let text = "First para.\n\n[copydesk-ignore a b]\nSecond para\ngoes on.\n\nThird.\n";
        let doc = Document::new(text, Format::PlainText);
        let s = suppressions(&doc);
        assert_eq!(s.len(), 1);
        assert_eq!(
            &text[s[0].0.clone()],
            "[copydesk-ignore a b]\nSecond para\ngoes on."
        );
        assert_eq!(s[0].1, vec!["a".to_string(), "b".to_string()]);
        let text = "[copydesk-ignore]\n\nNext para.\n\nThird.\n";
        let doc = Document::new(text, Format::PlainText);
        let s = suppressions(&doc);
        assert_eq!(&text[s[0].0.clone()], "[copydesk-ignore]\n\nNext para.");
        assert!(s[0].1.is_empty());
    }
}
