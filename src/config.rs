//! `copydesk.toml`: found by walking up from the checked file, or given with `--config`.
//!
//! ```toml
//! sources = ["sources"]            # folders of source articles, relative to this file
//! kb = ["newsroom-kb.toml"]        # extra knowledge-base files (or, with a max age, below)
//! date = "2025-08-20"              # default article date
//! ignore = ["archive/**"]          # paths not to check (globs, relative to this file)
//! trusted_domains = ["ansa.it"]    # `kb audit`: domains trusted besides data/trusted-domains.txt
//! kb_languages = ["en", "fr"]      # `kb build`: label and alias languages (default: en)
//!
//! [spelling]
//! prefer = ["Zelenskyy", "Sergei"] # house-style spellings
//!
//! [kb]                             # instead of `kb = [...]` above
//! files = ["newsroom-kb.toml"]     # extra knowledge-base files
//! max_age_days = 180               # warn (once a run) when the KB's newest as_of is older
//!
//! [dates]                          # article dates by file (globs), before `date`
//! "2025-03-*.md" = 2025-03-17
//!
//! [rules.off-topic-paragraph]
//! enabled = true
//! severity = "warning"             # error | warning | info
//! ```
//! Unknown keys and bad values are errors that name the file, line and key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostic::Severity;

pub const FILE_NAME: &str = "copydesk.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigDe {
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    kb: KbDe,
    #[serde(default)]
    date: Option<toml::value::Datetime>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    trusted_domains: Vec<String>,
    #[serde(default)]
    kb_languages: Vec<String>,
    #[serde(default)]
    spelling: SpellingDe,
    #[serde(default)]
    rules: BTreeMap<String, RuleDe>,
    #[serde(default)]
    dates: BTreeMap<String, toml::value::Datetime>,
}

/// `kb`: a list of files (`kb = ["a.toml"]`) or a table (`[kb]` with `files` and
/// `max_age_days`).
#[derive(Debug, Default)]
struct KbDe {
    files: Vec<String>,
    max_age_days: Option<toml::Value>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct KbTableDe {
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    max_age_days: Option<toml::Value>,
}

impl<'de> Deserialize<'de> for KbDe {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KbDe;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of KB files or a table with `files` and `max_age_days`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<KbDe, A::Error> {
                let files =
                    Vec::<String>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(KbDe {
                    files,
                    max_age_days: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<KbDe, A::Error> {
                let t = KbTableDe::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(KbDe {
                    files: t.files,
                    max_age_days: t.max_age_days,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SpellingDe {
    #[serde(default)]
    prefer: Vec<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RuleDe {
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    severity: Option<Severity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    pub enabled: bool,
    pub severity: Option<Severity>,
}

/// Resolved settings (paths absolute or relative to the working directory).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config file these came from, if any.
    pub file: Option<PathBuf>,
    pub sources: Vec<PathBuf>,
    pub kb: Vec<PathBuf>,
    /// `kb.max_age_days`: warn once a run when the KB's newest `as_of` is older than this
    /// many days (unset: never).
    pub kb_max_age_days: Option<u32>,
    pub date: Option<NaiveDate>,
    pub ignore: Option<globset::GlobSet>,
    pub spelling_prefer: Vec<String>,
    /// Extra trusted source domains for `copydesk kb audit`.
    pub trusted_domains: Vec<String>,
    /// Label and alias languages for `copydesk kb build` (empty: its default, `en`).
    pub kb_languages: Vec<String>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Article dates for files matching a glob (relative to the config file).
    pub dates: Vec<(globset::GlobMatcher, NaiveDate)>,
}

/// A config problem: file, 1-based line and column, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl Settings {
    pub fn rule(&self, id: &str) -> RuleSetting {
        self.rules.get(id).copied().unwrap_or(RuleSetting {
            enabled: true,
            severity: None,
        })
    }

    /// The path relative to the config file's folder.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let base = self.file.as_ref()?.parent().unwrap_or(Path::new("."));
        let abs = std::path::absolute(path).ok()?;
        let base = std::path::absolute(base).ok()?;
        abs.strip_prefix(&base).ok().map(Path::to_path_buf)
    }

    pub fn is_ignored(&self, path: &Path) -> bool {
        let Some(set) = &self.ignore else {
            return false;
        };
        self.relative(path).is_some_and(|rel| set.is_match(rel))
    }

    /// The configured date for a file: a matching `[dates]` entry, else `date`.
    pub fn date_for(&self, path: &Path) -> Option<NaiveDate> {
        let rel = self.relative(path);
        rel.and_then(|r| {
            self.dates
                .iter()
                .find(|(g, _)| g.is_match(&r))
                .map(|(_, d)| *d)
        })
        .or(self.date)
    }

    /// Parse a config file's text.
    pub fn parse(file: &Path, text: &str) -> Result<Settings, ConfigError> {
        let at = Locator { file, text };
        let de: ConfigDe = toml::from_str(text).map_err(|e| at.toml_error(&e))?;
        let base = file.parent().unwrap_or(Path::new("."));
        let mut s = Settings {
            file: Some(file.to_path_buf()),
            ..Default::default()
        };
        s.sources = de.sources.iter().map(|p| base.join(p)).collect();
        s.kb = de.kb.files.iter().map(|p| base.join(p)).collect();
        s.kb_max_age_days = de
            .kb
            .max_age_days
            .map(|v| max_age_days(&at, &v))
            .transpose()?;
        if let Some(d) = de.date {
            let d = d.to_string();
            s.date = Some(NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                at.error(
                    at.find("date"),
                    format!("key `date`: `{d}` is not a YYYY-MM-DD date"),
                )
            })?);
        }
        s.ignore = ignore_globs(&at, &de.ignore)?;
        s.dates = date_globs(&at, &de.dates)?;
        s.spelling_prefer = de.spelling.prefer;
        s.trusted_domains = de.trusted_domains;
        s.kb_languages = de.kb_languages;
        s.rules = rule_settings(&at, de.rules)?;
        Ok(s)
    }

    pub fn load(file: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(file).map_err(|e| ConfigError {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read: {}", crate::files::io_reason(&e)),
        })?;
        Settings::parse(file, &text)
    }

    /// The nearest `copydesk.toml` in the folder of `path` or above.
    pub fn discover(path: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(path).ok()?;
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            let c = d.join(FILE_NAME);
            if c.is_file() {
                return Some(c);
            }
            dir = d.parent();
        }
        None
    }
}

/// Positions in a config file's text, for errors.
struct Locator<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Locator<'_> {
    /// An error at the start of `span` (1-based line and column; the file's start if none).
    fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> ConfigError {
        let text = self.text;
        let start = span.map_or(0, |s| s.start.min(text.len()));
        let line = text[..start].matches('\n').count() + 1;
        let column = text[..start]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        ConfigError {
            file: self.file.to_path_buf(),
            line,
            column,
            message,
        }
    }

    /// The first occurrence of `needle` (where a key's error is shown).
    fn find(&self, needle: &str) -> Option<std::ops::Range<usize>> {
        self.text.find(needle).map(|i| i..i + 1)
    }

    /// A TOML syntax or schema error, naming the key of its line when the message does not.
    fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        let text = self.text;
        let key = e.span().and_then(|s| {
            let line_start = text[..s.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or("");
            line.split('=')
                .next()
                .map(|k| k.trim().trim_matches(['[', ']']).to_string())
        });
        let msg = e.message().trim().to_string();
        let msg = match key {
            Some(k) if !k.is_empty() && !msg.contains(&format!("`{k}`")) => {
                format!("key `{k}`: {msg}")
            }
            _ => msg,
        };
        self.error(e.span(), msg)
    }
}

/// `kb.max_age_days`: a whole number of days, 0 or more.
fn max_age_days(at: &Locator, v: &toml::Value) -> Result<u32, ConfigError> {
    v.as_integer()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            at.error(
                at.find("max_age_days"),
                format!("key `kb.max_age_days`: `{v}` is not a number of days (a whole number, 0 or more)"),
            )
        })
}

/// `ignore`: the globs as one set (`None` if there are none).
fn ignore_globs(at: &Locator, globs: &[String]) -> Result<Option<globset::GlobSet>, ConfigError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        let glob = globset::Glob::new(g)
            .map_err(|e| at.error(at.find(g), format!("key `ignore`: bad glob `{g}`: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map(Some)
        .map_err(|e| at.error(at.find("ignore"), format!("key `ignore`: {e}")))
}

/// `[dates]`: each glob with its date, in the table's order.
fn date_globs(
    at: &Locator,
    dates: &BTreeMap<String, toml::value::Datetime>,
) -> Result<Vec<(globset::GlobMatcher, NaiveDate)>, ConfigError> {
    let mut out = Vec::new();
    for (glob, d) in dates {
        let d = d.to_string();
        let date = NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
            at.error(
                at.find(glob),
                format!("key `dates.{glob}`: `{d}` is not a YYYY-MM-DD date"),
            )
        })?;
        let g = globset::Glob::new(glob).map_err(|e| {
            at.error(
                at.find(glob),
                format!("key `dates`: bad glob `{glob}`: {e}"),
            )
        })?;
        out.push((g.compile_matcher(), date));
    }
    Ok(out)
}

/// `[rules.ID]`: each known rule's setting; an unknown id is an error.
fn rule_settings(
    at: &Locator,
    rules: BTreeMap<String, RuleDe>,
) -> Result<BTreeMap<String, RuleSetting>, ConfigError> {
    let known = crate::rules::ids::ALL;
    let mut out = BTreeMap::new();
    for (id, r) in rules {
        if !known.contains(&id.as_str()) {
            return Err(at.error(
                at.find(&format!("rules.{id}")).or_else(|| at.find(&id)),
                format!(
                    "key `rules.{id}`: unknown rule (known: {})",
                    known.join(", ")
                ),
            ));
        }
        out.insert(
            id,
            RuleSetting {
                enabled: r.enabled.unwrap_or(true),
                severity: r.severity,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = Settings::parse(
            Path::new("cfg/copydesk.toml"),
            "date = 2025-08-20\nsourcez = [\"x\"]\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("sourcez"), "{e}");
        assert_eq!(e.to_string().split(':').next(), Some("cfg/copydesk.toml"));
    }

    #[test]
    fn bad_severity_and_unknown_rule_are_errors() {
        let e = Settings::parse(
            Path::new("c.toml"),
            "[rules.off-topic-paragraph]\nseverity = \"loud\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = Settings::parse(
            Path::new("c.toml"),
            "[rules.no-such-rule]\nenabled = false\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(e.message.contains("no-such-rule"));
    }

    #[test]
    fn kb_is_a_list_of_files_or_a_table_with_a_max_age() {
        let s = Settings::parse(Path::new("/n/copydesk.toml"), "kb = [\"a.toml\"]\n").unwrap();
        assert_eq!(s.kb, vec![PathBuf::from("/n/a.toml")]);
        assert_eq!(s.kb_max_age_days, None);
        let s = Settings::parse(
            Path::new("/n/copydesk.toml"),
            "date = 2025-08-20\n\n[kb]\nfiles = [\"a.toml\"]\nmax_age_days = 180\n",
        )
        .unwrap();
        assert_eq!(s.kb, vec![PathBuf::from("/n/a.toml")]);
        assert_eq!(s.kb_max_age_days, Some(180));
        let s = Settings::parse(Path::new("c.toml"), "kb.max_age_days = 0\n").unwrap();
        assert_eq!(s.kb_max_age_days, Some(0));
        assert!(s.kb.is_empty());
        let s = Settings::parse(Path::new("c.toml"), "kb = { max_age_days = 30 }\n").unwrap();
        assert_eq!(s.kb_max_age_days, Some(30));
    }

    #[test]
    fn a_malformed_max_age_names_file_line_and_key() {
        for (text, line) in [
            ("date = 2025-08-20\n[kb]\nmax_age_days = \"soon\"\n", 3),
            ("kb.max_age_days = -3\n", 1),
            ("\n\nkb = { files = [], max_age_days = 1.5 }\n", 3),
        ] {
            let e = Settings::parse(Path::new("cfg/copydesk.toml"), text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            assert!(e.to_string().starts_with("cfg/copydesk.toml:"), "{e}");
            assert!(
                e.message.starts_with("key `kb.max_age_days`: `")
                    && e.message
                        .ends_with("` is not a number of days (a whole number, 0 or more)"),
                "{e}"
            );
        }
        let e = Settings::parse(Path::new("c.toml"), "[kb]\nmax_age = 3\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("max_age"), "{e}");
        let e = Settings::parse(Path::new("c.toml"), "kb = \"a.toml\"\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(e.message.contains("kb"), "{e}");
    }

    #[test]
    fn good_config_resolves_paths_relative_to_the_file() {
        let s = Settings::parse(
            Path::new("/news/copydesk.toml"),
            "sources = [\"src\"]\ndate = 2025-03-17\n[spelling]\nprefer = [\"Zelenskyy\"]\n[rules.inconsistent-spelling]\nseverity = \"error\"\n",
        )
        .unwrap();
        assert_eq!(s.sources, vec![PathBuf::from("/news/src")]);
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2025, 3, 17));
        assert_eq!(
            s.rule("inconsistent-spelling").severity,
            Some(Severity::Error)
        );
        assert!(s.rule("off-topic-paragraph").enabled);
    }
}
