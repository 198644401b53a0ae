//! Source index: the articles a draft was written from.
//!
//! From them the engine learns who is called what (title–name attributions), which
//! spellings of names they use, and the vocabulary of the story (for the off-topic rule).
//! Sources are indexed once and shared by every draft checked against them.

use rustc_hash::{FxHashMap, FxHashMap as HashMap, FxHashSet as HashSet};
use std::any::{Any, TypeId};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::document::{Document, Format};
use crate::extract::{Extractor, Qualifier};
use crate::facts::{self, DocFacts, FactKind, Facts};
use crate::kb::alias_key;
use crate::text::{name_key, translit_key};

/// A source article.
pub struct Source {
    /// File name shown in messages ("004_9f0c6f3e6685e7c8.txt").
    pub name: String,
    pub path: PathBuf,
    pub doc: Document,
    /// Its paragraphs' facts, the same kinds a draft has (see [`SourceIndex::facts`]).
    pub facts: DocFacts,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// "Kremlin aide Yuri Ushakov" in source 001, line 9.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub source: usize,
    /// 1-based line in the source file.
    pub line: usize,
    /// Name key of the person (see [`name_key`]).
    pub person: String,
    pub name: String,
    /// The phrase as written, e.g. "Kremlin aide Yuri Ushakov".
    pub phrase: String,
    /// The title words with their qualifier, e.g. "Kremlin aide".
    pub title: String,
    /// Normalised title words ([`alias_key`]).
    pub role: String,
    pub qualifier: Option<Qualifier>,
}

#[derive(Debug, Default)]
pub struct SourceIndex {
    pub sources: Vec<Source>,
    pub attributions: Vec<Attribution>,
    /// translit key of a name word -> spelling -> count per source.
    pub spellings: HashMap<String, HashMap<String, Vec<(usize, usize)>>>,
    /// Term stems of all sources, with the number of sources each occurs in.
    pub vocabulary: HashMap<String, usize>,
    /// Full names seen in sources, by name key.
    pub full_names: HashMap<String, String>,
    /// Indexes over the whole source set that a rule builds on first use (e.g. figures by
    /// unit), by type: built once per source set, like the facts.
    derived: Mutex<FxHashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

/// A source that could not be read.
#[derive(Debug, Clone)]
pub struct SourceError {
    pub path: PathBuf,
    pub message: String,
}

impl SourceIndex {
    /// Read every `.txt`/`.md`/`.markdown` file in the folders (not recursive into hidden
    /// folders), leaving out `except` (a draft among its sources; see [`SourceFiles::contains`]).
    /// Unreadable or non-UTF-8 files are reported and skipped.
    pub fn load(
        dirs: &[PathBuf],
        extractor: &Extractor,
        except: Option<&Path>,
    ) -> (SourceIndex, Vec<SourceError>) {
        SourceIndex::from_files(&SourceFiles::list(dirs), extractor, except)
    }

    /// [`SourceIndex::load`] from files already listed.
    pub fn from_files(
        listed: &SourceFiles,
        extractor: &Extractor,
        except: Option<&Path>,
    ) -> (SourceIndex, Vec<SourceError>) {
        let mut errors = listed.errors.clone();
        let except = except.and_then(canonical);
        let mut docs = Vec::new();
        for f in &listed.files {
            if except.is_some() && canonical(f) == except {
                continue;
            }
            let f = f.clone();
            match std::fs::read(&f) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => docs.push((f, text)),
                    Err(_) => errors.push(SourceError {
                        path: f,
                        message: "not valid UTF-8; skipped".into(),
                    }),
                },
                Err(e) => errors.push(SourceError {
                    path: f,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        (SourceIndex::from_texts(docs, extractor), errors)
    }

    pub fn from_texts(texts: Vec<(PathBuf, String)>, extractor: &Extractor) -> SourceIndex {
        let mut idx = SourceIndex::default();
        for (path, text) in texts {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let doc = Document::new(text, Format::from_path(&path));
            let facts = DocFacts::new(&doc, None);
            idx.sources.push(Source {
                name,
                path,
                doc,
                facts,
            });
        }
        for si in 0..idx.sources.len() {
            idx.add_source(si, extractor);
        }
        idx
    }

    /// Index source `si`'s attributions, name spellings and vocabulary, from its facts.
    fn add_source(&mut self, si: usize, extractor: &Extractor) {
        let s = &self.sources[si];
        let doc = &s.doc;
        let mut seen_terms: HashSet<String> = HashSet::default();
        for pi in 0..doc.paragraphs.len() {
            for m in s.facts.get_abs::<facts::Titles>(doc, extractor, pi) {
                if m.modifiers.historical || m.name.words.len() < 2 {
                    continue;
                }
                let (title, role) = if m.modifiers.other_office {
                    match lower_rank_title(&doc.text, &m) {
                        Some(t) => t,
                        None => continue,
                    }
                } else {
                    (
                        doc.text[m.title_range.clone()].to_string(),
                        alias_key(m.alias(&doc.text)),
                    )
                };
                self.attributions.push(Attribution {
                    source: si,
                    line: doc.line_of(m.range.start),
                    person: name_key(&m.name.text),
                    name: m.name.text.clone(),
                    phrase: doc.text[m.range.clone()].to_string(),
                    role,
                    title,
                    qualifier: m.qualifier.clone(),
                });
            }
            for n in s.facts.get_abs::<facts::Names>(doc, extractor, pi) {
                if n.words.len() >= 2 {
                    self.full_names
                        .entry(name_key(&n.text))
                        .or_insert_with(|| n.text.clone());
                }
                for w in &n.words {
                    let word = &doc.text[w.clone()];
                    let counts = self
                        .spellings
                        .entry(translit_key(word))
                        .or_default()
                        .entry(word.to_string())
                        .or_default();
                    match counts.iter_mut().find(|(s, _)| *s == si) {
                        Some(c) => c.1 += 1,
                        None => counts.push((si, 1)),
                    }
                }
            }
            let terms = s.facts.get::<facts::Terms>(doc, extractor, pi);
            seen_terms.extend(terms.iter().map(|t| t.stem().to_string()));
        }
        for t in seen_terms {
            *self.vocabulary.entry(t).or_default() += 1;
        }
    }

    /// Kind `K`'s facts of paragraph `i` of source `s`, offsets relative to the
    /// paragraph's start (the same fact API as the draft's [`crate::rules::Context`]).
    pub fn facts<K: FactKind>(&self, extractor: &Extractor, s: usize, i: usize) -> Facts<K> {
        let src = &self.sources[s];
        src.facts.get::<K>(&src.doc, extractor, i)
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The index of type `T` over this source set, built by `build` on first use and kept
    /// with the set (so a rule's cross-source index costs once per source set, not per check).
    pub fn derived<T: Any + Send + Sync>(&self, build: impl FnOnce() -> T) -> Arc<T> {
        let id = TypeId::of::<T>();
        let lock = || self.derived.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(v) = lock().get(&id).cloned()
            && let Ok(v) = v.downcast::<T>()
        {
            return v;
        }
        let v = Arc::new(build());
        lock().insert(id, v.clone());
        v
    }

    /// Attributions of a person, by full-name key (or surname when the sources know a
    /// single full name with that surname).
    pub fn attributions_of(&self, name: &str) -> Vec<&Attribution> {
        let key = name_key(name);
        let mut v: Vec<&Attribution> = self
            .attributions
            .iter()
            .filter(|a| a.person == key)
            .collect();
        if v.is_empty() && !key.contains(' ') {
            let full: Vec<&String> = self
                .full_names
                .keys()
                .filter(|k| k.rsplit(' ').next() == Some(key.as_str()))
                .collect();
            if full.len() == 1 {
                v = self
                    .attributions
                    .iter()
                    .filter(|a| &a.person == full[0])
                    .collect();
            }
        }
        // "Johnny Aguilera" for the sources' "Jhonny Aguilera": the one full name of the
        // sources with the same surname and given names a near spelling of the draft's.
        if v.is_empty()
            && let Some((given, surname)) = key.rsplit_once(' ')
        {
            let near: Vec<&String> = (self.full_names.keys())
                .filter(|k| {
                    k.rsplit_once(' ')
                        .is_some_and(|(g, s)| s == surname && near_given_names(g, given))
                })
                .collect();
            if let [only] = near[..] {
                v = (self.attributions.iter())
                    .filter(|a| &a.person == only)
                    .collect();
            }
        }
        v
    }

    /// How the sources spell a name word: (spelling, total count, source names).
    pub fn spellings_of(&self, word: &str) -> Vec<(String, usize, Vec<String>)> {
        let mut v: Vec<(String, usize, Vec<String>)> = self
            .spellings
            .get(&translit_key(word))
            .map(|m| {
                m.iter()
                    .map(|(sp, per)| {
                        let total = per.iter().map(|(_, c)| c).sum();
                        let names = per
                            .iter()
                            .map(|(s, _)| short_name(&self.sources[*s].name))
                            .collect();
                        (sp.clone(), total, names)
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    pub fn source_path(&self, i: usize) -> &Path {
        &self.sources[i].path
    }
}

/// The identity of a file: its canonical path (symlinks resolved, absolute); `None` for a
/// path that cannot be resolved.
pub fn canonical(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Are these the same file (both paths canonicalised; a path that cannot be resolved is no
/// match)?
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    canonical(a).is_some_and(|a| canonical(b).is_some_and(|b| a == b))
}

/// The files of a source set (folders expanded, sorted, without duplicates), with the
/// folders that could not be read.
#[derive(Debug, Default, Clone)]
pub struct SourceFiles {
    pub files: Vec<PathBuf>,
    pub errors: Vec<SourceError>,
    /// The files' canonical paths (see [`canonical`]).
    canonical: HashSet<PathBuf>,
}

impl SourceFiles {
    pub fn list(dirs: &[PathBuf]) -> SourceFiles {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for d in dirs {
            match crate::files::expand(d) {
                Ok(f) => files.extend(f),
                Err(e) => errors.push(SourceError {
                    path: d.clone(),
                    message: e,
                }),
            }
        }
        files.sort();
        files.dedup();
        let canonical = files.iter().filter_map(|f| canonical(f)).collect();
        SourceFiles {
            files,
            errors,
            canonical,
        }
    }

    /// A draft is never its own source: is `draft` one of these files? This is the one
    /// definition, used by the CLI and the server: the same canonical path (so a draft
    /// inside a source folder, reached through a symlink, or named by a relative or an
    /// absolute path is found; a path that cannot be resolved is no match).
    pub fn contains(&self, draft: &Path) -> bool {
        canonical(draft).is_some_and(|d| self.canonical.contains(&d))
    }
}

/// "004_9f0c6f3e6685e7c8.txt" -> "004"; other names are kept whole (without extension).
pub fn short_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match stem.split_once('_') {
        Some((n, _)) if n.chars().all(|c| c.is_ascii_digit()) => n.to_string(),
        _ => stem.to_string(),
    }
}

/// Words that make a title a lower rank of the office it names ("Deputy Interior
/// Minister" is not the Interior Minister).
const LOWER_RANK: &[&str] = &[
    "deputy",
    "vice",
    "assistant",
    "under",
    "junior",
    "associate",
];

/// A source's "Deputy Interior Minister Jhonny Aguilera" (TITLE NAME, the title another
/// office): the whole title as written and its key with the rank word, so that a draft
/// calling the person "Interior Minister" meets a source that never does. Other
/// other-office titles ("President-elect", "shadow …", "designate") give none: they may be
/// the same person's office a day later.
fn lower_rank_title(text: &str, m: &crate::extract::TitleMention) -> Option<(String, String)> {
    if m.pattern != crate::extract::Pattern::TitleName || m.name.range.start <= m.range.start {
        return None;
    }
    let title = text[m.range.start..m.name.range.start].trim();
    let role = alias_key(title);
    let ranked = role.split(' ').any(|w| LOWER_RANK.contains(&w));
    let other = role
        .split(' ')
        .any(|w| ["elect", "designate", "shadow"].contains(&w));
    (ranked && !other && !title.contains('\n')).then(|| (title.to_string(), role))
}

/// Given-name keys that differ by a slip of the keyboard: as many words, all the same but
/// one, which is a near spelling ([`crate::text::near_spelling`]: "jhonny" / "johnny").
fn near_given_names(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() != wb.len() {
        return false;
    }
    let differ: Vec<(&str, &str)> = wa.into_iter().zip(wb).filter(|(x, y)| x != y).collect();
    matches!(differ[..], [(x, y)] if crate::text::near_spelling(x, y))
}
