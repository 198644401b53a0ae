//! One session for both front ends: what the CLI and the language server share between
//! reading their options and formatting the findings.
//!
//! - Settings discovery: `--config` (one file for every draft), else the nearest
//!   `copydesk.toml` above each draft (the CLI); the workspace root's `copydesk.toml` with
//!   the client's settings over it, key by key (the server, [`workspace_settings`]).
//! - One [`Engine`] per knowledge-base set and one [`SourceIndex`] per source set (and per
//!   draft that sits among its own sources), built once and shared.
//! - The one definition of "a draft is not its own source": [`SourceFiles::contains`].
//! - Rule selection (`--only` / `--ignore`), validated against the rule ids.
//!
//! Caches are behind locks, so a session is shared by threads (`&self` everywhere); an index
//! is built outside the lock (different source sets in parallel, each once).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use chrono::NaiveDate;
use serde_json::Value;

use crate::config::{ConfigError, FILE_NAME, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::engine::Engine;
use crate::facts::FactCache;
use crate::kb::KbError;
use crate::sources::{SourceError, SourceFiles, SourceIndex};

/// Which rules' findings a front end reports (all unless `--only` / `--ignore` say otherwise).
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    only: Vec<String>,
    ignore: Vec<String>,
}

impl RuleSelection {
    /// Every rule.
    pub fn all() -> RuleSelection {
        RuleSelection::default()
    }

    /// Only the rules in `only` (if any), not those in `ignore`. An unknown id is an error
    /// naming it and the known ones.
    pub fn new(only: &[String], ignore: &[String]) -> Result<RuleSelection, String> {
        let known = crate::rules::ids::ALL;
        if let Some(r) = only
            .iter()
            .chain(ignore)
            .find(|r| !known.contains(&r.as_str()))
        {
            return Err(format!("unknown rule `{r}` (rules: {})", known.join(", ")));
        }
        Ok(RuleSelection {
            only: only.to_vec(),
            ignore: ignore.to_vec(),
        })
    }

    /// Does the selection keep the findings of this rule?
    pub fn keeps(&self, rule: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|r| r == rule))
            && !self.ignore.iter().any(|r| r == rule)
    }
}

/// Which source index a draft is checked against: the KB set (its extractor reads the
/// sources), the source folders, and the draft itself (canonical path) when it is among
/// them and so left out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceKey {
    pub kb: Vec<PathBuf>,
    pub dirs: Vec<PathBuf>,
    pub without: Option<PathBuf>,
}

/// A built source index and the sources that could not be read.
#[derive(Debug, Default)]
pub struct Indexed {
    pub index: Arc<SourceIndex>,
    pub errors: Vec<SourceError>,
}

type Cell<T> = Arc<OnceLock<Arc<T>>>;

/// See the module documentation.
#[derive(Default)]
pub struct Session {
    /// `--config`: these settings for every draft (else discovery per draft).
    explicit: Option<Arc<Settings>>,
    /// `--sources`: these folders instead of the settings' `sources`.
    source_dirs: Vec<PathBuf>,
    /// `--date`: the article date of every draft.
    date: Option<NaiveDate>,
    selection: RuleSelection,
    /// Settings by the config file found for a draft (`None`: no file, the defaults).
    settings: Mutex<HashMap<Option<PathBuf>, Arc<Settings>>>,
    engines: Mutex<HashMap<Vec<PathBuf>, Arc<Engine>>>,
    listings: Mutex<HashMap<Vec<PathBuf>, Cell<SourceFiles>>>,
    indexes: Mutex<HashMap<SourceKey, Cell<Indexed>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The cell for `key` (made empty if new); the caller fills it outside the map's lock.
fn cell<K: std::hash::Hash + Eq, T>(m: &Mutex<HashMap<K, Cell<T>>>, key: K) -> Cell<T> {
    lock(m).entry(key).or_default().clone()
}

impl Session {
    /// A session that discovers settings per draft and reports the selected rules.
    pub fn new(selection: RuleSelection) -> Session {
        Session {
            selection,
            ..Default::default()
        }
    }

    /// Use the settings of this config file for every draft.
    pub fn with_config(mut self, file: &Path) -> Result<Session, ConfigError> {
        self.explicit = Some(Arc::new(Settings::load(file)?));
        Ok(self)
    }

    /// Use these source folders for every draft (none: the settings' `sources`).
    pub fn with_sources(mut self, dirs: Vec<PathBuf>) -> Session {
        self.source_dirs = dirs;
        self
    }

    /// Use this article date for every draft (none: front matter, config, today).
    pub fn with_date(mut self, date: Option<NaiveDate>) -> Session {
        self.date = date;
        self
    }

    /// The settings for a draft: `--config`'s, else those of the nearest `copydesk.toml`
    /// above it, else the defaults. Each file is read once.
    pub fn settings_for(&self, draft: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(s) = &self.explicit {
            return Ok(s.clone());
        }
        let file = Settings::discover(draft);
        if let Some(s) = lock(&self.settings).get(&file) {
            return Ok(s.clone());
        }
        let s = Arc::new(match &file {
            Some(f) => Settings::load(f)?,
            None => Settings::default(),
        });
        Ok(lock(&self.settings).entry(file).or_insert(s).clone())
    }

    /// The engine for a KB set (the built-in KB plus these files), loaded once.
    pub fn engine(&self, kb: &[PathBuf]) -> Result<Arc<Engine>, KbError> {
        if let Some(e) = lock(&self.engines).get(kb) {
            return Ok(e.clone());
        }
        let extra: Vec<&Path> = kb.iter().map(PathBuf::as_path).collect();
        let engine = Arc::new(Engine::load(&extra)?);
        Ok(lock(&self.engines)
            .entry(kb.to_vec())
            .or_insert(engine)
            .clone())
    }

    /// The source folders of a draft with these settings.
    pub fn source_dirs(&self, settings: &Settings) -> Vec<PathBuf> {
        if self.source_dirs.is_empty() {
            settings.sources.clone()
        } else {
            self.source_dirs.clone()
        }
    }

    /// The files of a source set, listed once.
    pub fn source_files(&self, dirs: &[PathBuf]) -> Arc<SourceFiles> {
        cell(&self.listings, dirs.to_vec())
            .get_or_init(|| Arc::new(SourceFiles::list(dirs)))
            .clone()
    }

    /// Which index a draft (or, with `None`, no particular draft) is checked against: its
    /// settings' KB set and source folders, without the draft if it is one of the sources
    /// ([`SourceFiles::contains`]).
    pub fn source_key(&self, settings: &Settings, draft: Option<&Path>) -> SourceKey {
        let dirs = self.source_dirs(settings);
        let without = draft
            .filter(|d| !dirs.is_empty() && self.source_files(&dirs).contains(d))
            .and_then(crate::sources::canonical);
        SourceKey {
            kb: settings.kb.clone(),
            dirs,
            without,
        }
    }

    /// The source index for a key, built once with the engine of its KB set.
    pub fn sources(&self, engine: &Engine, key: &SourceKey) -> Arc<Indexed> {
        cell(&self.indexes, key.clone())
            .get_or_init(|| {
                let files = self.source_files(&key.dirs);
                let (index, errors) =
                    SourceIndex::from_files(&files, &engine.extractor, key.without.as_deref());
                Arc::new(Indexed {
                    index: Arc::new(index),
                    errors,
                })
            })
            .clone()
    }

    /// Check a draft: its article date (`--date`, front matter, config, today) and the
    /// selected rules' findings.
    pub fn check(
        &self,
        engine: &Engine,
        doc: &Document,
        path: Option<&Path>,
        settings: &Settings,
        sources: &SourceIndex,
        cache: Option<&FactCache>,
    ) -> (NaiveDate, Vec<Diagnostic>) {
        let date = Engine::article_date(doc, path, self.date, settings);
        let mut findings = engine.check_cached(doc, sources, date, settings, cache);
        findings.retain(|d| self.selection.keeps(d.rule));
        (date, findings)
    }

    /// Forget every source listing and index (a source file or the settings changed).
    pub fn forget_sources(&self) {
        lock(&self.listings).clear();
        lock(&self.indexes).clear();
    }

    /// Forget the engines of other KB sets than this one (the settings changed: an engine
    /// no snapshot uses is not kept).
    pub fn keep_only_engine(&self, kb: &[PathBuf]) {
        lock(&self.engines).retain(|k, _| k.as_slice() == kb);
    }
}

/// The server's settings: the workspace root's `copydesk.toml` (if there is one) with the
/// client's settings over it.
#[derive(Debug)]
pub struct WorkspaceSettings {
    pub settings: Settings,
    /// `copydesk.toml` in use or where one would be created.
    pub config_file: PathBuf,
    /// The source folders and KB files that copydesk.toml itself names.
    pub file_sources: Vec<PathBuf>,
    pub file_kb: Vec<PathBuf>,
}

/// Why the server's settings could not be made.
#[derive(Debug)]
pub enum SettingsError {
    /// copydesk.toml is broken.
    Config(ConfigError),
    /// The client's settings are.
    Client(String),
}

/// The workspace settings: `root/copydesk.toml`, then each layer of client settings
/// (initializationOptions, then `workspace/configuration`) merged over it ([`merge`]).
/// The layers are JSON objects with the same keys as copydesk.toml; paths are relative to
/// the root.
pub fn workspace_settings(
    root: &Path,
    layers: &[&Value],
) -> Result<WorkspaceSettings, SettingsError> {
    let config_file = root.join(FILE_NAME);
    let mut settings = if config_file.is_file() {
        Settings::load(&config_file).map_err(SettingsError::Config)?
    } else {
        Settings::default()
    };
    let (file_sources, file_kb) = (settings.sources.clone(), settings.kb.clone());
    for v in layers {
        if let Some(s) = settings_from_json(v, root).map_err(SettingsError::Client)? {
            settings = merge(settings, s);
        }
    }
    Ok(WorkspaceSettings {
        settings,
        config_file,
        file_sources,
        file_kb,
    })
}

/// Settings from a JSON object with the same keys as copydesk.toml; paths relative to `root`.
fn settings_from_json(v: &Value, root: &Path) -> Result<Option<Settings>, String> {
    let Some(obj) = v.as_object().filter(|o| !o.is_empty()) else {
        return Ok(None);
    };
    let t: toml::Value = serde_json::from_value(Value::Object(obj.clone()))
        .map_err(|e| format!("client settings: {e}"))?;
    let text = toml::to_string(&t).map_err(|e| format!("client settings: {e}"))?;
    Settings::parse(&root.join("(client settings)"), &text)
        .map(Some)
        .map_err(|e| format!("client settings: {}", e.message))
}

/// Client settings over copydesk.toml, key by key: lists are merged (`sources`, `kb`,
/// `spelling.prefer` with the client's spellings first), the client wins for single values
/// (`date`, `kb.max_age_days`, each `[rules.X]` entry, each `[dates]` glob) and for `ignore`.
pub fn merge(mut base: Settings, over: Settings) -> Settings {
    for d in over.sources {
        if !base.sources.contains(&d) {
            base.sources.push(d);
        }
    }
    for k in over.kb {
        if !base.kb.contains(&k) {
            base.kb.push(k);
        }
    }
    base.date = over.date.or(base.date);
    base.kb_max_age_days = over.kb_max_age_days.or(base.kb_max_age_days);
    let mut prefer = over.spelling_prefer;
    for p in std::mem::take(&mut base.spelling_prefer) {
        if !prefer.contains(&p) {
            prefer.push(p);
        }
    }
    base.spelling_prefer = prefer;
    base.rules.extend(over.rules);
    // The first matching glob wins: the client's first.
    let mut dates = over.dates;
    dates.append(&mut base.dates);
    base.dates = dates;
    if over.ignore.is_some() {
        base.ignore = over.ignore;
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ids;

    fn write(p: &Path, text: &str) {
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn rule_selection_validates_and_filters() {
        let e = RuleSelection::new(&["no-such-rule".into()], &[]).unwrap_err();
        assert!(e.starts_with("unknown rule `no-such-rule` (rules: "), "{e}");
        assert!(e.contains(ids::ALL[0]), "{e}");
        let all = RuleSelection::all();
        assert!(ids::ALL.iter().all(|r| all.keeps(r)));
        let only = RuleSelection::new(&[ids::ALL[0].into()], &[]).expect("known");
        assert!(only.keeps(ids::ALL[0]));
        assert!(!only.keeps(ids::ALL[1]));
        let ignore = RuleSelection::new(&[], &[ids::ALL[1].into()]).expect("known");
        assert!(ignore.keeps(ids::ALL[0]));
        assert!(!ignore.keeps(ids::ALL[1]));
    }

    /// A draft inside its source folder, reached through a symlink, or named relative or
    /// absolute is left out of its sources; another draft is not, and gets the shared index.
    #[test]
    fn a_draft_is_never_its_own_source() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let src = root.join("sources");
        write(&src.join("a.md"), "Source A says hello.\n");
        write(&src.join("b.md"), "Source B says goodbye.\n");
        write(&root.join("draft.md"), "The draft.\n");
        let settings = Settings {
            sources: vec![src.clone()],
            ..Default::default()
        };
        let session = Session::new(RuleSelection::all());
        let engine = session.engine(&[]).expect("built-in KB");
        let names = |key: &SourceKey| -> Vec<String> {
            let built = session.sources(&engine, key);
            built.index.sources.iter().map(|s| s.name.clone()).collect()
        };
        // Inside the source folder, by its absolute path.
        let inside = session.source_key(&settings, Some(&src.join("a.md")));
        assert_eq!(inside.without, Some(src.join("a.md")));
        assert_eq!(names(&inside), ["b.md"]);
        // The same file by a path with `..` in it and by a path relative to the working
        // directory: the same key, so one index.
        let dotted = src.join("..").join("sources").join("a.md");
        assert_eq!(session.source_key(&settings, Some(&dotted)), inside);
        let cwd = std::env::current_dir().expect("cwd");
        if let Some(rel) = pathdiff(&src.join("a.md"), &cwd) {
            assert!(rel.is_relative());
            assert_eq!(session.source_key(&settings, Some(&rel)), inside);
        }
        // A draft outside the folder: not left out of anything, the shared index.
        let outside = session.source_key(&settings, Some(&root.join("draft.md")));
        assert_eq!(outside.without, None);
        assert_eq!(outside, session.source_key(&settings, None));
        assert_eq!(names(&outside), ["a.md", "b.md"]);
        #[cfg(unix)]
        {
            // The draft through a symlink to a source, and a source that is a symlink to
            // the draft: both the same file.
            let link = root.join("link.md");
            std::os::unix::fs::symlink(src.join("b.md"), &link).expect("symlink");
            let key = session.source_key(&settings, Some(&link));
            assert_eq!(key.without, Some(src.join("b.md")));
            assert_eq!(names(&key), ["a.md"]);
            std::os::unix::fs::symlink(root.join("draft.md"), src.join("c.md")).expect("symlink");
            session.forget_sources();
            let key = session.source_key(&settings, Some(&root.join("draft.md")));
            assert_eq!(key.without, Some(root.join("draft.md")));
            assert_eq!(names(&key), ["a.md", "b.md"]);
        }
    }

    /// `target` relative to `base`, when `base` is a prefix of it (enough for the test).
    fn pathdiff(target: &Path, base: &Path) -> Option<PathBuf> {
        let base = std::fs::canonicalize(base).ok()?;
        let ups = base.components().count().checked_sub(1)?;
        let mut rel = PathBuf::new();
        for _ in 0..ups {
            rel.push("..");
        }
        rel.push(target.strip_prefix("/").ok()?);
        Some(rel)
    }

    #[test]
    fn engines_and_indexes_are_built_once_per_set() {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("sources");
        write(&src.join("a.txt"), "Some source.\n");
        let session = Session::new(RuleSelection::all());
        let e1 = session.engine(&[]).expect("kb");
        let e2 = session.engine(&[]).expect("kb");
        assert!(Arc::ptr_eq(&e1, &e2));
        let bad = dir.path().join("missing-kb.toml");
        assert!(session.engine(std::slice::from_ref(&bad)).is_err());
        let settings = Settings {
            sources: vec![src.clone()],
            ..Default::default()
        };
        let key = session.source_key(&settings, None);
        let i1 = session.sources(&e1, &key);
        let i2 = session.sources(&e1, &key);
        assert!(Arc::ptr_eq(&i1, &i2));
        assert_eq!(i1.index.sources.len(), 1);
        // A new source appears only after the session forgets the old index.
        write(&src.join("b.txt"), "Another source.\n");
        assert_eq!(session.sources(&e1, &key).index.sources.len(), 1);
        session.forget_sources();
        assert_eq!(session.sources(&e1, &key).index.sources.len(), 2);
        // `--sources` overrides the settings' folders.
        let over = Session::new(RuleSelection::all()).with_sources(vec![dir.path().join("x")]);
        assert_eq!(over.source_dirs(&settings), vec![dir.path().join("x")]);
        // A missing folder is an error of the index, not a failure.
        let missing = over.source_key(&settings, None);
        let built = over.sources(&e1, &missing);
        assert!(built.index.sources.is_empty());
        assert_eq!(built.errors.len(), 1);
    }

    #[test]
    fn settings_are_discovered_per_draft_or_explicit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(&root.join("a/copydesk.toml"), "date = 2025-03-17\n");
        write(&root.join("a/x.md"), "x\n");
        write(&root.join("a/sub/y.md"), "y\n");
        write(&root.join("b/copydesk.toml"), "date = 2024-01-02\n");
        write(&root.join("b/z.md"), "z\n");
        let session = Session::new(RuleSelection::all());
        let x = session.settings_for(&root.join("a/x.md")).expect("config");
        let y = session
            .settings_for(&root.join("a/sub/y.md"))
            .expect("config");
        let z = session.settings_for(&root.join("b/z.md")).expect("config");
        assert!(Arc::ptr_eq(&x, &y), "one file, read once");
        assert_eq!(x.date, NaiveDate::from_ymd_opt(2025, 3, 17));
        assert_eq!(z.date, NaiveDate::from_ymd_opt(2024, 1, 2));
        let explicit = Session::new(RuleSelection::all())
            .with_config(&root.join("b/copydesk.toml"))
            .expect("config");
        let x = explicit.settings_for(&root.join("a/x.md")).expect("config");
        assert_eq!(x.date, NaiveDate::from_ymd_opt(2024, 1, 2));
        write(&root.join("c/copydesk.toml"), "sourcez = []\n");
        let e = session.settings_for(&root.join("c/w.md")).unwrap_err();
        assert!(e.message.contains("sourcez"), "{e}");
    }

    #[test]
    fn client_settings_merge_over_the_file_key_by_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(
            &root.join(FILE_NAME),
            "sources = [\"s1\"]\ndate = 2025-01-01\n[spelling]\nprefer = [\"A\"]\n",
        );
        let client = serde_json::json!({"sources": ["s2"], "spelling": {"prefer": ["B"]}});
        let w = workspace_settings(root, &[&Value::Null, &client]).expect("settings");
        assert_eq!(w.config_file, root.join(FILE_NAME));
        assert_eq!(w.file_sources, vec![root.join("s1")]);
        assert_eq!(w.settings.sources, vec![root.join("s1"), root.join("s2")]);
        assert_eq!(w.settings.spelling_prefer, ["B", "A"]);
        assert_eq!(w.settings.date, NaiveDate::from_ymd_opt(2025, 1, 1));
        let bad = serde_json::json!({"sourcez": []});
        assert!(matches!(
            workspace_settings(root, &[&bad]),
            Err(SettingsError::Client(m)) if m.starts_with("client settings: ")
        ));
        write(&root.join(FILE_NAME), "sourcez = []\n");
        assert!(matches!(
            workspace_settings(root, &[]),
            Err(SettingsError::Config(_))
        ));
    }
}
