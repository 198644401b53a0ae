//! `copydesk lsp`: the language server, a thin front end over [`Engine`].
//!
//! - Sync: incremental `didChange` applied to a rope per document, strictly in version
//!   order (changes that arrive early wait briefly for the ones before them; a per-document
//!   lock serialises edits), stale analyses never overwrite newer ones.
//! - Diagnostics: pushed with the document version as soon as an analysis is free (changes
//!   during an analysis are coalesced into one more run), and pulled with
//!   `textDocument/diagnostic`. Analysis runs on the blocking pool under `catch_unwind`.
//! - Code actions: the engine's fixes as quick fixes, `source.fixAll.copydesk`, "ignore
//!   here" (an inline comment), "use this spelling as house style" (an edit to
//!   `copydesk.toml`).
//! - Hover: source comparison ([`crate::hover`]).
//! - Workspace: `copydesk.toml` at the root, `initializationOptions`,
//!   `workspace/configuration` (section `copydesk`), watched files; a broken config keeps
//!   the last good one and is shown as a message and a diagnostic on the file.

pub mod convert;
mod problems;
pub mod transport;
mod workspace;

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use crate::diagnostic::{Diagnostic as Finding, FixKind, apply_edits};
use crate::document::{Document, Encoding, Format};
use convert::{lsp_range, to_lsp_diagnostic_in};
use workspace::Workspace;

/// How long a publisher waits before its first analysis. Zero: analyses start at once, and
/// changes that arrive during one are coalesced into the next (see `Inner::schedule`).
pub const DEBOUNCE: Duration = Duration::ZERO;
/// How long an early change waits for the changes before it.
const REORDER_WAIT: Duration = Duration::from_millis(25);

/// The result of analysing one version of a document.
pub struct Analysis {
    pub version: i32,
    pub doc: Document,
    pub findings: Vec<Finding>,
    pub date: chrono::NaiveDate,
    pub path: Option<PathBuf>,
}

struct DocEntry {
    rope: Rope,
    version: i32,
    format: Format,
    path: Option<PathBuf>,
    pending: BTreeMap<i32, Vec<TextDocumentContentChangeEvent>>,
    analysis: Option<Arc<Analysis>>,
    /// A publisher task is running for this document.
    publisher: bool,
    /// The user was told that the document is over `maxFileBytes` (told once, until it
    /// is back under the limit).
    told_too_large: bool,
}

/// The language server. Cheap to clone handles share one [`Inner`].
#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

impl std::ops::Deref for Backend {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

pub struct Inner {
    client: Client,
    docs: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<DocEntry>>>>,
    ws: Arc<std::sync::RwLock<Workspace>>,
    encoding: Mutex<Encoding>,
    debounce: Duration,
    /// The client pulls diagnostics (`textDocument/diagnostic`): don't also push them, or
    /// it shows every finding twice.
    pull: std::sync::atomic::AtomicBool,
    /// The client accepts `workspace/diagnostic/refresh`.
    refresh: std::sync::atomic::AtomicBool,
    /// Set once the workspace (config, KB, sources) has been loaded after `initialized`.
    loaded: tokio::sync::watch::Sender<bool>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend::with_debounce(client, DEBOUNCE)
    }

    pub fn with_debounce(client: Client, debounce: Duration) -> Backend {
        Backend {
            inner: Arc::new(Inner {
                client,
                docs: Mutex::new(HashMap::new()),
                ws: Arc::new(std::sync::RwLock::new(Workspace::default())),
                encoding: Mutex::new(Encoding::Utf16),
                debounce,
                pull: Default::default(),
                refresh: Default::default(),
                loaded: tokio::sync::watch::Sender::new(false),
            }),
        }
    }
}

impl Inner {
    fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }

    fn workspace(&self) -> std::sync::RwLockReadGuard<'_, Workspace> {
        self.ws
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn entry(&self, uri: &Uri) -> Option<Arc<tokio::sync::Mutex<DocEntry>>> {
        lock(&self.docs).get(uri).cloned()
    }

    /// The current text of an open document (for tests and tools).
    pub async fn text(&self, uri: &Uri) -> Option<String> {
        let e = self.entry(uri)?;
        let e = e.lock().await;
        Some(e.rope.to_string())
    }

    /// Analyse a snapshot on the blocking pool; a panic is caught, logged and yields `None`.
    async fn analyse(
        &self,
        text: String,
        format: Format,
        path: Option<PathBuf>,
        version: i32,
    ) -> Option<Arc<Analysis>> {
        let ws = self.workspace().snapshot();
        let res = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let doc = Document::new(text, format);
                let (date, findings) = ws.check(&doc, path.as_deref());
                Analysis {
                    version,
                    doc,
                    findings,
                    date,
                    path,
                }
            }))
        })
        .await;
        match res {
            Ok(Ok(a)) => Some(Arc::new(a)),
            Ok(Err(panic)) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("copydesk: analysis failed: {msg}"),
                    )
                    .await;
                None
            }
            Err(e) => {
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("copydesk: analysis task failed: {e}"),
                    )
                    .await;
                None
            }
        }
    }

    /// Wait (a bounded time) until the workspace settings are loaded, so that the first
    /// diagnostics of a document opened during start-up already use the project's sources
    /// and house style (no flicker from a first answer with the built-in defaults).
    async fn wait_loaded(&self) {
        let mut rx = self.loaded.subscribe();
        let _ = tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|l| *l)).await;
    }

    /// Fresh analysis of the document's current version (cached per version).
    async fn current(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.wait_loaded().await;
        let entry = self.entry(uri)?;
        let max = self.workspace().max_file_bytes();
        let (text, format, path, version) = {
            let mut e = entry.lock().await;
            if let Some(a) = &e.analysis
                && a.version == e.version
            {
                return Some(a.clone());
            }
            let size = e.rope.len_bytes();
            if size > max {
                // Not analysed: an empty analysis (no findings, no hover, no actions).
                let a = Arc::new(Analysis {
                    version: e.version,
                    doc: Document::new(String::new(), e.format),
                    findings: Vec::new(),
                    date: chrono::NaiveDate::MIN,
                    path: e.path.clone(),
                });
                e.analysis = Some(a.clone());
                let tell = !std::mem::replace(&mut e.told_too_large, true);
                drop(e);
                if tell {
                    self.client
                        .show_message(
                            MessageType::WARNING,
                            format!(
                                "copydesk: {} is {size} bytes, over maxFileBytes ({max}): not checked",
                                uri.as_str()
                            ),
                        )
                        .await;
                }
                return Some(a);
            }
            e.told_too_large = false;
            (e.rope.to_string(), e.format, e.path.clone(), e.version)
        };
        let a = self.analyse(text, format, path, version).await?;
        let mut e = entry.lock().await;
        if e.version == version {
            e.analysis = Some(a.clone());
        }
        Some(a)
    }

    /// Make sure the document's current version gets analysed and published. One publisher
    /// task per document: it starts at once (after `debounce`, zero by default), and a change
    /// that arrives while it analyses is coalesced into one more run with the newest text,
    /// so a burst of keystrokes costs at most one analysis in flight and one queued, and a
    /// stale result is never published.
    fn schedule(self: &Arc<Self>, uri: Uri) {
        let this = self.clone();
        tokio::spawn(async move {
            let Some(entry) = this.entry(&uri) else {
                return;
            };
            {
                let mut e = entry.lock().await;
                if e.publisher {
                    return; // the running publisher sees the new version when it finishes
                }
                e.publisher = true;
            }
            loop {
                if !this.debounce.is_zero() {
                    tokio::time::sleep(this.debounce).await;
                }
                let analysis = this.current(&uri).await;
                let mut e = entry.lock().await;
                match analysis {
                    Some(a) if a.version == e.version => {
                        drop(e);
                        // Closed meanwhile: nothing to publish.
                        if this.entry(&uri).is_some_and(|x| Arc::ptr_eq(&x, &entry)) {
                            this.publish(&uri, &a).await;
                        }
                        let mut e = entry.lock().await;
                        if e.version == a.version {
                            e.publisher = false;
                            return;
                        }
                    }
                    // The analysis failed (logged) or the document is gone.
                    None => {
                        e.publisher = false;
                        return;
                    }
                    // A newer version arrived during the analysis: run again.
                    Some(_) => {}
                }
            }
        });
    }

    async fn publish(&self, uri: &Uri, a: &Analysis) {
        if self.pull.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let enc = self.encoding();
        let diags = a
            .findings
            .iter()
            .map(|f| to_lsp_diagnostic_in(uri, &a.doc, f, enc))
            .collect();
        self.client
            .publish_diagnostics(uri.clone(), diags, Some(a.version))
            .await;
    }

    /// Re-analyse and republish every open document (after a config or source change).
    async fn republish_all(&self) {
        // Every cached analysis was made with the old settings or sources.
        let uris: Vec<Uri> = lock(&self.docs).keys().cloned().collect();
        for uri in &uris {
            if let Some(entry) = self.entry(uri) {
                entry.lock().await.analysis = None;
            }
        }
        if self.pull.load(std::sync::atomic::Ordering::Relaxed) {
            if self.refresh.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        for uri in uris {
            if let Some(a) = self.current(&uri).await {
                self.publish(&uri, &a).await;
            }
        }
    }

    async fn reload_workspace(&self) {
        let token = ProgressToken::String("copydesk-index".into());
        let progress = if self
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_ok()
        {
            Some(
                self.client
                    .progress(token, "copydesk: indexing sources")
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let ws = self.ws.clone();
        let (report, fresh) = tokio::task::spawn_blocking(move || {
            let mut w = ws
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let report = w.reload();
            let fresh = w.fresh_messages(&report);
            (report, fresh)
        })
        .await
        .unwrap_or_else(|e| {
            let error = format!("reload failed: {e}");
            let report = workspace::Report {
                error: Some(error.clone()),
                ..Default::default()
            };
            (report, vec![(true, error)])
        });
        // Analyses that were waiting for the first load (`wait_loaded`) may go on.
        self.loaded.send_replace(true);
        if let Some(p) = progress {
            p.finish_with_message(format!("{} sources", report.sources))
                .await;
        }
        // Each problem on screen once (a log line is easily missed).
        for (error, m) in fresh {
            let typ = if error {
                MessageType::ERROR
            } else {
                MessageType::WARNING
            };
            self.client
                .show_message(typ, format!("copydesk: {m}"))
                .await;
        }
        for w in &report.warnings {
            self.client
                .log_message(MessageType::WARNING, format!("copydesk: {w}"))
                .await;
        }
        // The config file gets a diagnostic of its own (or loses it).
        let config_diags = self.workspace().config_diagnostics();
        if let Some((uri, diags)) = config_diags {
            self.client.publish_diagnostics(uri, diags, None).await;
        }
        self.republish_all().await;
    }

    async fn fetch_client_settings(&self) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("copydesk".into()),
        }];
        if let Ok(mut v) = self.client.configuration(items).await
            && let Some(first) = v.pop()
            && !first.is_null()
        {
            self.ws
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .client_settings = first;
        }
    }
}

/// Apply one LSP content change to a rope. Out-of-range positions clamp.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(r) => {
            let s = convert::rope_char(rope, r.start, enc);
            let e = convert::rope_char(rope, r.end, enc);
            let (s, e) = if s <= e { (s, e) } else { (e, s) };
            rope.remove(s..e);
            rope.insert(s, &change.text);
        }
    }
}

/// UTF-8 if the client offers it, else UTF-16 (the LSP default).
fn position_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.clone())
        .unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// The first workspace folder, else the root URI.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .or_else(|| {
            #[allow(deprecated)]
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
        })
}

/// What the server offers: incremental sync, hover, quick fixes and fix-all, pulled
/// diagnostics, in the negotiated position encoding.
fn capabilities(enc: Encoding) -> ServerCapabilities {
    let enc_kind = if enc == Encoding::Utf8 {
        PositionEncodingKind::UTF8
    } else {
        PositionEncodingKind::UTF16
    };
    ServerCapabilities {
        position_encoding: Some(enc_kind),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                fix_all_kind(),
            ]),
            ..Default::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("copydesk".into()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// The code-action kind of `source.fixAll.copydesk`.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = position_encoding(&params);
        *lock(&self.encoding) = enc;
        let caps = &params.capabilities;
        let pull = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        self.pull.store(pull, std::sync::atomic::Ordering::Relaxed);
        self.refresh
            .store(refresh, std::sync::atomic::Ordering::Relaxed);
        {
            let mut w = self
                .ws
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            w.root = workspace_root(&params);
            w.init_options = params.initialization_options.clone().unwrap_or(Value::Null);
        }
        Ok(InitializeResult {
            capabilities: capabilities(enc),
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.fetch_client_settings().await;
        let watchers = vec![
            FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/copydesk.toml".into()),
                kind: None,
            },
            FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{txt,md,markdown,toml}".into()),
                kind: None,
            },
        ];
        let reg = Registration {
            id: "copydesk-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        let _ = self.client.register_capability(vec![reg]).await;
        self.reload_workspace().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let path = doc.uri.to_file_path().map(|p| p.into_owned());
        let format = match doc.language_id.as_str() {
            "plaintext" | "text" => Format::PlainText,
            _ => path.as_deref().map_or(Format::Markdown, Format::from_path),
        };
        let entry = DocEntry {
            rope: Rope::from_str(&doc.text),
            version: doc.version,
            format,
            path,
            pending: BTreeMap::new(),
            analysis: None,
            publisher: false,
            told_too_large: false,
        };
        lock(&self.docs).insert(doc.uri.clone(), Arc::new(tokio::sync::Mutex::new(entry)));
        self.inner.schedule(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let Some(entry) = self.entry(&uri) else {
            return;
        };
        let enc = self.encoding();
        {
            let mut e = entry.lock().await;
            if version <= e.version {
                return; // stale or duplicate
            }
            e.pending.insert(version, params.content_changes);
        }
        // Apply pending changes in version order; give a change that arrived before its
        // predecessor a moment for the predecessor to arrive.
        let started = tokio::time::Instant::now();
        loop {
            let mut e = entry.lock().await;
            while let Some((&v, _)) = e.pending.iter().next() {
                let contiguous = v == e.version + 1;
                if !contiguous && started.elapsed() < REORDER_WAIT {
                    break;
                }
                let changes = e.pending.remove(&v).unwrap_or_default();
                for c in &changes {
                    apply_change(&mut e.rope, c, enc);
                }
                e.version = v;
                e.analysis = None;
            }
            if !e.pending.contains_key(&version) {
                break;
            }
            drop(e);
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        self.inner.schedule(uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if uri
            .to_file_path()
            .is_some_and(|p| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME))
        {
            self.reload_workspace().await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        lock(&self.docs).remove(&params.text_document.uri);
        self.client
            .publish_diagnostics(params.text_document.uri, vec![], None)
            .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let s = params
            .settings
            .get("copydesk")
            .cloned()
            .unwrap_or(params.settings);
        if s.is_null() {
            self.fetch_client_settings().await;
        } else {
            self.ws
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .client_settings = s;
        }
        self.reload_workspace().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = {
            let w = self.workspace();
            params
                .changes
                .iter()
                .any(|c| c.uri.to_file_path().is_some_and(|p| w.watches(&p)))
        };
        if relevant {
            self.reload_workspace().await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let Some(a) = self.current(&uri).await else {
            if self.entry(&uri).is_none() {
                return Err(Error::invalid_params(format!(
                    "document not open: {}",
                    uri.as_str()
                )));
            }
            return Err(Error::internal_error());
        };
        let enc = self.encoding();
        let items = a
            .findings
            .iter()
            .map(|f| to_lsp_diagnostic_in(&uri, &a.doc, f, enc))
            .collect();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(a.version.to_string()),
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some(a) = self.current(&uri).await else {
            return Ok(None);
        };
        let enc = self.encoding();
        let pos = params.text_document_position_params.position;
        let offset = a.doc.offset(convert::linecol(pos), enc);
        let ws = self.workspace().snapshot();
        let sources = ws.sources_for(a.path.as_deref());
        let doc = &a.doc;
        let findings = &a.findings;
        let res = std::panic::catch_unwind(AssertUnwindSafe(|| {
            ws.engine
                .hover(doc, &sources, a.date, &ws.settings, findings, offset)
        }));
        let Ok(Some((range, text))) = res else {
            return Ok(None);
        };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(lsp_range(&a.doc, &range, enc)),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.current(&uri).await else {
            return Ok(None);
        };
        let enc = self.encoding();
        let ws = self.workspace().snapshot();
        let start = a.doc.offset(convert::linecol(params.range.start), enc);
        let end = a.doc.offset(convert::linecol(params.range.end), enc);
        let only = params.context.only.clone();
        let wants = |k: &CodeActionKind| {
            only.as_ref()
                .is_none_or(|o| o.iter().any(|x| k.as_str().starts_with(x.as_str())))
        };
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for f in a
                .findings
                .iter()
                .filter(|f| f.range.start <= end && start <= f.range.end)
            {
                let diag = to_lsp_diagnostic_in(&uri, &a.doc, f, enc);
                let single = f.fixes.len() == 1;
                for fix in &f.fixes {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(convert::workspace_edit(&uri, &a.doc, &fix.edits, enc)),
                        is_preferred: Some(single),
                        ..Default::default()
                    }));
                }
                if let Some(edit) = workspace::ignore_here_edit(&a.doc, f) {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Ignore {} here", f.rule),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(convert::workspace_edit(&uri, &a.doc, &[edit], enc)),
                        ..Default::default()
                    }));
                }
                if let Some(fix) = f.fixes.first()
                    && fix.kind == FixKind::HouseStyle
                    && let Some(e) = fix.edits.first()
                    && let Some(edit) = ws.house_style_edit(&e.new_text)
                {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Use '{}' as house style (copydesk.toml)", e.new_text),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit),
                        ..Default::default()
                    }));
                }
            }
        }
        if wants(&fix_all_kind()) || wants(&CodeActionKind::SOURCE_FIX_ALL) {
            let edits = crate::diagnostic::safe_edits(&a.findings);
            if !edits.is_empty() && apply_edits(&a.doc.text, &edits).is_some() {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "copydesk: fix all safe findings".into(),
                    kind: Some(fix_all_kind()),
                    edit: Some(convert::workspace_edit(&uri, &a.doc, &edits, enc)),
                    ..Default::default()
                }));
            }
        }
        Ok(Some(out))
    }
}

/// The service, for tests and for `serve`.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::new(Backend::new)
}

/// The service with another debounce (tests use a short one).
pub fn service_with_debounce(
    debounce: Duration,
) -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::new(move |client| Backend::with_debounce(client, debounce))
}

/// Serve LSP over stdio until `exit`.
pub fn serve() -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("copydesk lsp: cannot start runtime: {e}");
            return 2;
        }
    };
    rt.block_on(async {
        let (service, socket) = service();
        transport::serve(tokio::io::stdin(), tokio::io::stdout(), service, socket).await;
    });
    // Don't wait for a blocked stdin reader: the protocol says exit means exit.
    rt.shutdown_timeout(Duration::from_millis(100));
    0
}
