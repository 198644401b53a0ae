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
use crate::kb::world::WorldIndex;
use crate::kb::{Kb, KbError};
use crate::rules::{self, Context, Rule};
use crate::sources::SourceIndex;

pub struct Engine {
    pub kb: Kb,
    /// World indices (`.kbi`, see [`crate::kb::world`]): records a check adds to `kb` for
    /// the names and titles its draft contains.
    pub world: Vec<std::sync::Arc<WorldIndex>>,
    pub extractor: Extractor,
    rules: &'static [&'static dyn Rule],
    /// The last story KBs, by what the draft reached in each world index: a draft edited
    /// keystroke by keystroke reaches the same records, and its story KB is reused.
    stories: std::sync::Mutex<Vec<(Vec<crate::kb::world::Reach>, std::sync::Arc<Kb>)>>,
}

/// The titles (role keys) the sources give each person, by the person's name key.
struct SourceRoles(rustc_hash::FxHashMap<String, Vec<String>>);

impl SourceRoles {
    fn of(sources: &SourceIndex) -> SourceRoles {
        let mut by: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
        for a in &sources.attributions {
            let roles = by.entry(a.person.clone()).or_default();
            if !roles.contains(&a.role) {
                roles.push(a.role.clone());
            }
        }
        SourceRoles(by)
    }
}

/// How many story KBs an engine keeps.
const STORIES: usize = 8;

impl Engine {
    pub fn new(kb: Kb) -> Engine {
        Engine::with_world(kb, Vec::new())
    }

    /// An engine over a KB and world indices. The extractor reads names from `kb` alone,
    /// titles from `kb`, the generic lexicon and the indices' multi-word titles.
    pub fn with_world(kb: Kb, world: Vec<std::sync::Arc<WorldIndex>>) -> Engine {
        let extractor =
            Extractor::new(&kb).with_world_titles(world.iter().map(|w| w.title_keys()).collect());
        Engine {
            kb,
            world,
            extractor,
            rules: rules::all(),
            stories: std::sync::Mutex::default(),
        }
    }

    /// The built-in KB plus these files: world indices (recognised by their first bytes)
    /// are mapped, the other files loaded as KB TOML.
    pub fn load(files: &[&std::path::Path]) -> Result<Engine, KbError> {
        let (world, toml): (Vec<&std::path::Path>, Vec<&std::path::Path>) =
            files.iter().partition(|p| crate::kb::world::is_index(p));
        let world = world
            .into_iter()
            .map(|p| WorldIndex::open(p).map(std::sync::Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Engine::with_world(Kb::load(&toml)?, world))
    }

    /// The story KB of a draft: `kb` plus the world indices' records for the draft's
    /// names (and the titles the sources give them), titles and qualifier countries;
    /// `None` without a world index.
    fn story_kb(&self, cx: &Context) -> Option<std::sync::Arc<Kb>> {
        if self.world.is_empty() {
            return None;
        }
        let text = &cx.doc.text;
        let mut names: Vec<&str> = cx.names().iter().map(|n| n.text.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let titles = cx.titles();
        // The titles the sources give each person (by name key), built once per source set.
        let roles = cx.sources.derived(|| SourceRoles::of(cx.sources));
        let mut aliases: Vec<&str> = titles.iter().map(|m| m.alias(text)).collect();
        for n in &names {
            if let Some(r) = roles.0.get(&crate::text::name_key(n)) {
                aliases.extend(r.iter().map(String::as_str));
            }
        }
        aliases.sort_unstable();
        aliases.dedup();
        let countries: Vec<&str> = titles
            .iter()
            .filter_map(|m| match &m.qualifier {
                Some(crate::extract::Qualifier::Country(c)) => Some(c.as_str()),
                _ => None,
            })
            .collect();
        // Records were checked when the file was opened; a record that still does not
        // decode leaves its index out of the check, and says so.
        let complain = |w: &WorldIndex, e: String| eprintln!("copydesk: {}: {e}", w.path.display());
        let mut reach = Vec::with_capacity(self.world.len());
        for w in &self.world {
            match w.reach(&names, &aliases, &countries) {
                Ok(r) => reach.push(r),
                Err(e) => {
                    complain(w, e);
                    reach.push(Default::default());
                }
            }
        }
        let lock = || {
            self.stories
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some((_, kb)) = lock().iter().find(|(r, _)| *r == reach) {
            return Some(kb.clone());
        }
        let mut kb = self.kb.clone();
        for (w, r) in self.world.iter().zip(&reach) {
            match w.story_from(&kb, r) {
                Ok(k) => kb = k,
                Err(e) => complain(w, e),
            }
        }
        let kb = std::sync::Arc::new(kb);
        let mut stories = lock();
        if stories.len() >= STORIES {
            stories.remove(0);
        }
        stories.push((reach, kb.clone()));
        Some(kb)
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
        let story = self.story_kb(&cx);
        let cx = match &story {
            Some(kb) => cx.with_kb(kb),
            None => cx,
        };
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
        let found = out.len();
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
        // A finding's related places are other findings of its rule (one person's
        // misspellings), so only a suppression can leave one pointing at nothing.
        if out.len() < found {
            prune_related(&mut out);
        }
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
        let story = self.story_kb(&cx);
        let cx = match &story {
            Some(kb) => cx.with_kb(kb),
            None => cx,
        };
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
