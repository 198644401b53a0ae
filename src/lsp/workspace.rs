//! The server's workspace: settings (copydesk.toml at the root, then initializationOptions,
//! then `workspace/configuration`), the engine for the KB files they name, and the source
//! index. A broken config keeps the last good snapshot.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, Diagnostic, DiagnosticSeverity, DocumentChangeOperation,
    DocumentChanges, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use crate::config::{ConfigError, FILE_NAME, Settings};
use crate::diagnostic::{Diagnostic as Finding, Edit};
use crate::document::{BlockKind, Document, Encoding, Format};
use crate::engine::Engine;
use crate::kb::Kb;
use crate::session::{Session, SettingsError, workspace_settings};
use crate::sources::SourceIndex;

use super::problems::{Problem, Shown, kb_problem, key_line, source_problems};

/// What the checks of one moment use.
pub struct Snapshot {
    /// Engines, source indices and the definition of "a draft is not its own source".
    pub session: Arc<Session>,
    pub engine: Arc<Engine>,
    pub settings: Settings,
    pub sources: Arc<SourceIndex>,
    /// `copydesk.toml` in use or where one would be created.
    pub config_file: Option<PathBuf>,
    /// Paragraph facts shared by successive analyses.
    pub facts: crate::facts::FactCache,
}

impl Snapshot {
    /// The source index for a draft: never the draft itself.
    pub fn sources_for(&self, draft: Option<&Path>) -> Arc<SourceIndex> {
        let key = self.session.source_key(&self.settings, draft);
        if key.without.is_none() {
            return self.sources.clone();
        }
        self.session.sources(&self.engine, &key).index.clone()
    }

    /// Check a document of this workspace (its article date and findings).
    pub fn check(&self, doc: &Document, path: Option<&Path>) -> (chrono::NaiveDate, Vec<Finding>) {
        let sources = self.sources_for(path);
        self.session.check(
            &self.engine,
            doc,
            path,
            &self.settings,
            &sources,
            Some(&self.facts),
        )
    }

    /// A WorkspaceEdit adding `spelling` to `[spelling] prefer` in copydesk.toml (creating
    /// the file if needed). Works without any client-side command.
    pub fn house_style_edit(&self, spelling: &str) -> Option<WorkspaceEdit> {
        let path = self.config_file.clone()?;
        let uri = Uri::from_file_path(&path)?;
        let quoted = toml::Value::String(spelling.to_string()).to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            }));
            let edit = DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![tower_lsp_server::ls_types::OneOf::Left(TextEdit {
                    range: Range::default(),
                    new_text: format!("[spelling]\nprefer = [{quoted}]\n"),
                })],
            });
            return Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![create, edit])),
                ..Default::default()
            });
        };
        let (at, new_text) = house_style_insertion(&text, &quoted)?;
        let doc = Document::new(text, Format::PlainText);
        let p = doc.position(at, Encoding::Utf16);
        let pos = Position {
            line: p.line as u32,
            character: p.col as u32,
        };
        let mut changes = std::collections::HashMap::new();
        changes.insert(
            uri,
            vec![TextEdit {
                range: Range {
                    start: pos,
                    end: pos,
                },
                new_text,
            }],
        );
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        })
    }
}

/// Where and what to insert into a copydesk.toml to add a house-style spelling.
/// `None` if the spelling is already there.
pub fn house_style_insertion(text: &str, quoted: &str) -> Option<(usize, String)> {
    if text.contains(quoted) {
        return None;
    }
    let mut offset = 0;
    let mut in_spelling = false;
    let mut header_end = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            in_spelling = t == "[spelling]";
            if in_spelling {
                header_end = Some(offset + line.len());
            }
        } else if in_spelling && t.starts_with("prefer") {
            let open = line.find('[')?;
            let rest = line[open + 1..].trim_start();
            let sep = if rest.starts_with(']') { "" } else { ", " };
            return Some((offset + open + 1, format!("{quoted}{sep}")));
        }
        offset += line.len();
    }
    match header_end {
        Some(e) => {
            let nl = if text[..e].ends_with('\n') { "" } else { "\n" };
            Some((e, format!("{nl}prefer = [{quoted}]\n")))
        }
        None => {
            let nl = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Some((
                text.len(),
                format!("{nl}\n[spelling]\nprefer = [{quoted}]\n"),
            ))
        }
    }
}

/// "Ignore here": an HTML comment (Markdown) or a `[copydesk-ignore RULE]` line (plain
/// text) on its own line before the finding's paragraph.
pub fn ignore_here_edit(doc: &Document, f: &Finding) -> Option<Edit> {
    let p = doc
        .paragraphs
        .iter()
        .find(|p| p.range.start <= f.range.start && f.range.start <= p.range.end)?;
    if p.kind == BlockKind::Heading {
        return None;
    }
    let line_start = doc.text[..p.range.start].rfind('\n').map_or(0, |i| i + 1);
    Some(Edit {
        range: line_start..line_start,
        new_text: format!(
            "{}\n",
            match doc.format {
                Format::Markdown => crate::engine::suppression_comment(f.rule),
                Format::PlainText => crate::engine::suppression_marker(f.rule),
            }
        ),
    })
}

#[derive(Debug, Default)]
pub struct Report {
    pub sources: usize,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    /// Problems the user must see (missing sources, a KB that does not load).
    pub problems: Vec<Problem>,
}

#[derive(Default)]
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub init_options: Value,
    pub client_settings: Value,
    current: Option<Arc<Snapshot>>,
    config_error: Option<ConfigError>,
    config_path: Option<PathBuf>,
    /// Problems that come from copydesk.toml: (0-based line of the key, message).
    config_problems: Vec<(u32, String)>,
    shown: Shown,
    session: Arc<Session>,
}

fn default_snapshot() -> Arc<Snapshot> {
    static S: OnceLock<Arc<Snapshot>> = OnceLock::new();
    S.get_or_init(|| {
        Arc::new(Snapshot {
            session: Default::default(),
            engine: Arc::new(Engine::new(Kb::builtin())),
            settings: Settings::default(),
            sources: Arc::new(SourceIndex::default()),
            config_file: None,
            facts: Default::default(),
        })
    })
    .clone()
}

/// Client settings of the server only (not copydesk.toml keys).
const MAX_FILE_BYTES: &str = "maxFileBytes";
/// Documents larger than this are not analysed unless the client sets `maxFileBytes`.
pub const DEFAULT_MAX_FILE_BYTES: usize = 4 << 20;

/// A layer of client settings (initializationOptions or the `copydesk` section) without
/// the server's own keys: what is left has the same keys as copydesk.toml.
fn without_server_keys(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(obj) = v.as_object_mut() {
        obj.remove(MAX_FILE_BYTES);
    }
    v
}

impl Workspace {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.clone().unwrap_or_else(default_snapshot)
    }

    /// The size above which a document is not analysed: `maxFileBytes` from the client's
    /// settings, else from `initializationOptions`, else [`DEFAULT_MAX_FILE_BYTES`].
    pub fn max_file_bytes(&self) -> usize {
        [&self.client_settings, &self.init_options]
            .into_iter()
            .find_map(|v| v.get(MAX_FILE_BYTES)?.as_u64())
            .map_or(DEFAULT_MAX_FILE_BYTES, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            })
    }

    /// Is this path one whose change needs a reload (config, KB or source file)?
    pub fn watches(&self, p: &Path) -> bool {
        if p.file_name().is_some_and(|n| n == FILE_NAME) {
            return true;
        }
        let s = self.snapshot();
        s.settings.kb.iter().any(|k| k == p) || s.settings.sources.iter().any(|d| p.starts_with(d))
    }

    /// Reload settings, KB and sources. On a settings error the previous snapshot stays.
    pub fn reload(&mut self) -> Report {
        let mut report = Report::default();
        let root = self.root.clone().unwrap_or_else(|| PathBuf::from("."));
        self.config_path = Some(root.join(FILE_NAME));
        self.config_error = None;
        self.config_problems.clear();
        let layers = [&self.init_options, &self.client_settings].map(without_server_keys);
        let ws = match workspace_settings(&root, &[&layers[0], &layers[1]]) {
            Ok(ws) => ws,
            Err(SettingsError::Config(e)) => {
                report.error = Some(e.to_string());
                self.config_error = Some(e);
                return report;
            }
            Err(SettingsError::Client(e)) => {
                report.error = Some(e);
                return report;
            }
        };
        let settings = ws.settings;
        // Every source is read again; an engine is kept while its KB set is in use.
        self.session.forget_sources();
        self.session.keep_only_engine(&settings.kb);
        let engine = match self.session.engine(&settings.kb) {
            Ok(e) => e,
            Err(e) => {
                report
                    .problems
                    .push(kb_problem(e.to_string(), &e.file, &ws.file_kb));
                self.note_config_problems(&report.problems);
                return report;
            }
        };
        let built = self
            .session
            .sources(&engine, &self.session.source_key(&settings, None));
        let (idx, errs) = (&built.index, &built.errors);
        report.warnings.extend(
            errs.iter()
                .map(|e| format!("source {}: {}", e.path.display(), e.message)),
        );
        report.problems = source_problems(&settings.sources, &ws.file_sources, idx, errs);
        // `kb.max_age_days`: shown once (the same message is not shown again at a reload).
        if let Some(w) = settings.kb_max_age_days.and_then(|max| {
            crate::kb::freshness::age_warning(&engine.kb, max, crate::kb::freshness::today())
        }) {
            report.problems.push(Problem {
                message: w,
                config_key: None,
                error: false,
            });
        }
        self.note_config_problems(&report.problems);
        report.sources = idx.sources.len();
        self.current = Some(Arc::new(Snapshot {
            session: self.session.clone(),
            engine,
            settings,
            sources: idx.clone(),
            config_file: Some(ws.config_file),
            facts: Default::default(),
        }));
        report
    }

    /// Remember the problems that come from copydesk.toml, at the line of their key.
    fn note_config_problems(&mut self, problems: &[Problem]) {
        let text = self
            .config_path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        self.config_problems = problems
            .iter()
            .filter_map(|p| Some((key_line(&text, p.config_key?)?, p.message.clone())))
            .collect();
    }

    /// The messages of a reload the user has not been shown yet: (is an error, text).
    /// A problem is shown once, not at every reload, until it goes away.
    pub fn fresh_messages(&mut self, report: &Report) -> Vec<(bool, String)> {
        let now: Vec<(bool, String)> = report
            .error
            .iter()
            .map(|e| (true, format!("{e} (keeping the last good configuration)")))
            .chain(report.problems.iter().map(|p| (p.error, p.message.clone())))
            .collect();
        let texts: Vec<String> = now.iter().map(|(_, m)| m.clone()).collect();
        let fresh = self.shown.fresh(&texts);
        now.into_iter().filter(|(_, m)| fresh.contains(m)).collect()
    }

    /// Diagnostics for copydesk.toml: the config error, or an empty list to clear it.
    pub fn config_diagnostics(&self) -> Option<(Uri, Vec<Diagnostic>)> {
        let path = self.config_path.as_ref()?;
        let uri = Uri::from_file_path(path)?;
        let diags = match &self.config_error {
            Some(e) => {
                let line = e.line.saturating_sub(1) as u32;
                vec![Diagnostic {
                    range: Range {
                        start: Position { line, character: 0 },
                        end: Position {
                            line: line + 1,
                            character: 0,
                        },
                    },
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("copydesk".into()),
                    message: format!(
                        "{} (the last good configuration is still in use)",
                        e.message
                    ),
                    ..Default::default()
                }]
            }
            None => self
                .config_problems
                .iter()
                .map(|(line, message)| Diagnostic {
                    range: Range {
                        start: Position {
                            line: *line,
                            character: 0,
                        },
                        end: Position {
                            line: line + 1,
                            character: 0,
                        },
                    },
                    severity: Some(DiagnosticSeverity::WARNING),
                    source: Some("copydesk".into()),
                    message: message.clone(),
                    ..Default::default()
                })
                .collect(),
        };
        Some((uri, diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn house_style_insertions() {
        assert_eq!(
            house_style_insertion("", "\"X\""),
            Some((0, "\n[spelling]\nprefer = [\"X\"]\n".into()))
        );
        let t = "date = 2025-01-01\n[spelling]\nprefer = [\"A\"]\n";
        let (at, s) = house_style_insertion(t, "\"X\"").expect("insert");
        let mut out = t.to_string();
        out.insert_str(at, &s);
        assert_eq!(
            out,
            "date = 2025-01-01\n[spelling]\nprefer = [\"X\", \"A\"]\n"
        );
        let t = "[spelling]\n";
        let (at, s) = house_style_insertion(t, "\"X\"").expect("insert");
        let mut out = t.to_string();
        out.insert_str(at, &s);
        assert_eq!(out, "[spelling]\nprefer = [\"X\"]\n");
        assert_eq!(
            house_style_insertion("[spelling]\nprefer = [\"X\"]\n", "\"X\""),
            None
        );
    }
}
