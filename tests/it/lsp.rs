//! In-process tests of the language server against its `LspService`: the client socket is
//! drained concurrently (answering server requests) and published diagnostics collected.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::Response;
use tower_lsp_server::ls_types::*;

use copydesk::lsp::Backend;

struct Harness {
    service: tower_lsp_server::LspService<Backend>,
    published: Arc<Mutex<Vec<PublishDiagnosticsParams>>>,
    messages: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    fn server(&self) -> &Backend {
        self.service.inner()
    }

    async fn start(init: InitializeParams, settings: Value) -> Harness {
        let (service, socket) = copydesk::lsp::service_with_debounce(Duration::from_millis(5));
        let published = Arc::new(Mutex::new(Vec::new()));
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (mut rx, mut tx) = socket.split();
        let (p, m) = (published.clone(), messages.clone());
        tokio::spawn(async move {
            while let Some(req) = rx.next().await {
                let (method, id, params) = req.into_parts();
                match (method.as_ref(), id) {
                    ("workspace/configuration", Some(id)) => {
                        let _ = tx
                            .send(Response::from_ok(id, json!([settings.clone()])))
                            .await;
                    }
                    (_, Some(id)) => {
                        let _ = tx.send(Response::from_ok(id, Value::Null)).await;
                    }
                    ("textDocument/publishDiagnostics", None) => {
                        if let Some(v) = params.and_then(|v| serde_json::from_value(v).ok()) {
                            p.lock().expect("lock").push(v);
                        }
                    }
                    ("window/showMessage" | "window/logMessage", None) => {
                        if let Some(v) = params {
                            m.lock()
                                .expect("lock")
                                .push(v["message"].as_str().unwrap_or("").to_string());
                        }
                    }
                    _ => {}
                }
            }
        });
        let mut h = Harness {
            service,
            published,
            messages,
        };
        // Through the service, so that it marks itself initialized (and lets notifications out).
        use tower::{Service, ServiceExt};
        let req = tower_lsp_server::jsonrpc::Request::build("initialize")
            .params(serde_json::to_value(init).expect("params"))
            .id(1)
            .finish();
        let resp = h
            .service
            .ready()
            .await
            .expect("ready")
            .call(req)
            .await
            .expect("call")
            .expect("response");
        assert!(resp.is_ok(), "{resp:?}");
        let note = tower_lsp_server::jsonrpc::Request::build("initialized")
            .params(json!({}))
            .finish();
        h.service
            .ready()
            .await
            .expect("ready")
            .call(note)
            .await
            .expect("call");
        h
    }

    /// Wait for diagnostics of `uri` at `version` (or any version when `None`), up to 10 s
    /// (as the stdio client does): these tests share their process with the other
    /// integration tests, some of which start browsers and editors.
    async fn diagnostics(&self, uri: &Uri, version: Option<i32>) -> Vec<Diagnostic> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            {
                let p = self.published.lock().expect("lock");
                if let Some(d) = p
                    .iter()
                    .rev()
                    .find(|d| &d.uri == uri && (version.is_none() || d.version == version))
                {
                    return d.diagnostics.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("no diagnostics for {} version {version:?}", uri.as_str());
    }

    async fn open(&self, uri: &Uri, text: &str, version: i32) {
        self.server()
            .did_open(DidOpenTextDocumentParams {
                text_document: TextDocumentItem {
                    uri: uri.clone(),
                    language_id: "markdown".into(),
                    version,
                    text: text.into(),
                },
            })
            .await;
    }

    async fn change(&self, uri: &Uri, version: i32, range: Option<Range>, text: &str) {
        self.server()
            .did_change(DidChangeTextDocumentParams {
                text_document: VersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                content_changes: vec![TextDocumentContentChangeEvent {
                    range,
                    range_length: None,
                    text: text.into(),
                }],
            })
            .await;
    }
}

fn init(root: Option<&std::path::Path>, utf8: bool) -> InitializeParams {
    let mut p = InitializeParams::default();
    if utf8 {
        p.capabilities.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![
                PositionEncodingKind::UTF8,
                PositionEncodingKind::UTF16,
            ]),
            ..Default::default()
        });
    }
    if let Some(r) = root {
        p.workspace_folders = Some(vec![WorkspaceFolder {
            uri: Uri::from_file_path(r).expect("uri"),
            name: "ws".into(),
        }]);
    }
    p
}

fn uri(path: &std::path::Path) -> Uri {
    Uri::from_file_path(path).expect("file uri")
}

fn pos(line: u32, character: u32) -> Position {
    Position { line, character }
}

fn apply(text: &str, edits: &[TextEdit]) -> String {
    // Test-side application of LSP edits in UTF-16 positions.
    let doc = copydesk::document::Document::new(text, copydesk::document::Format::Markdown);
    let mut es: Vec<copydesk::diagnostic::Edit> = edits
        .iter()
        .map(|e| {
            let conv = |p: Position| {
                doc.offset(
                    copydesk::document::LineCol {
                        line: p.line as usize,
                        col: p.character as usize,
                    },
                    copydesk::document::Encoding::Utf16,
                )
            };
            copydesk::diagnostic::Edit {
                range: conv(e.range.start)..conv(e.range.end),
                new_text: e.new_text.clone(),
            }
        })
        .collect();
    es.sort_by_key(|e| e.range.start);
    copydesk::diagnostic::apply_edits(text, &es).expect("edits apply")
}

const DRAFT: &str = "---\ndate: 2025-08-20\n---\n# Talks\n\n“Hawks” 😀 — such as Secretary of Defense John Bolton.\n\nSergei Lavrov spoke. Later Sergey Lavrov left. Sergei Lavrov returned.\n";

#[tokio::test]
async fn open_publishes_diagnostics_with_utf16_ranges_codes_and_docs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    let d = h.diagnostics(&u, Some(1)).await;
    assert_eq!(d.len(), 2, "{d:#?}");
    let title = d
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("misattributed-title".into())))
        .expect("title");
    // Line 5: "“Hawks” 😀 — such as " = 21 UTF-16 units (the emoji is two).
    assert_eq!(
        title.range,
        Range {
            start: pos(5, 21),
            end: pos(5, 53)
        }
    );
    assert_eq!(title.source.as_deref(), Some("copydesk"));
    assert_eq!(title.severity, Some(DiagnosticSeverity::ERROR));
    assert!(
        title
            .code_description
            .as_ref()
            .expect("doc link")
            .href
            .as_str()
            .ends_with("docs/rules/misattributed-title.md")
    );
    assert!(title.message.contains("Pete Hegseth"));
    assert_eq!(
        title.data.as_ref().expect("kb data")["kb"][0]["office"],
        "us.secdef"
    );
    let spell = d
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("inconsistent-spelling".into())))
        .expect("spelling");
    assert_eq!(
        spell.range,
        Range {
            start: pos(7, 27),
            end: pos(7, 33)
        }
    );
}

#[tokio::test]
async fn utf8_is_negotiated_when_offered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (service, socket) = copydesk::lsp::service_with_debounce(Duration::from_millis(5));
    let res = service
        .inner()
        .initialize(init(Some(dir.path()), true))
        .await
        .expect("initialize");
    assert_eq!(
        res.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF8)
    );
    drop(socket);
    let h = Harness::start(init(Some(dir.path()), true), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    let d = h.diagnostics(&u, Some(1)).await;
    let title = d
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("misattributed-title".into())))
        .expect("title");
    // In UTF-8: “ (3) Hawks (5) ” (3) space (1) 😀 (4) space (1) — (3) " such as " (9) = 29 bytes.
    assert_eq!(title.range.start, pos(5, 29));
}

#[tokio::test]
async fn edits_shift_ranges_and_out_of_order_changes_apply_in_version_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    h.diagnostics(&u, Some(1)).await;
    // v2 inserts "Ok. " at the start of line 5; v3 inserts "Yes! " at the same place.
    // Deliver v3 first, concurrently with v2: the server must apply v2 then v3.
    let v2 = h.change(
        &u,
        2,
        Some(Range {
            start: pos(5, 0),
            end: pos(5, 0),
        }),
        "Ok. ",
    );
    let v3 = h.change(
        &u,
        3,
        Some(Range {
            start: pos(5, 0),
            end: pos(5, 0),
        }),
        "Yes! ",
    );
    tokio::join!(v3, v2);
    let text = h.server().text(&u).await.expect("open");
    assert!(text.contains("\nYes! Ok. “Hawks”"), "{text}");
    let d = h.diagnostics(&u, Some(3)).await;
    let title = d
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("misattributed-title".into())))
        .expect("title");
    assert_eq!(title.range.start, pos(5, 30));
    // A stale change (version not newer) is ignored.
    h.change(
        &u,
        2,
        Some(Range {
            start: pos(0, 0),
            end: pos(0, 0),
        }),
        "STALE",
    )
    .await;
    assert!(!h.server().text(&u).await.expect("open").contains("STALE"));
    // Delete the emoji (a surrogate pair, UTF-16 17..19) and the space after it.
    h.change(
        &u,
        4,
        Some(Range {
            start: pos(5, 17),
            end: pos(5, 20),
        }),
        "",
    )
    .await;
    let text = h.server().text(&u).await.expect("open");
    assert_eq!(
        text.lines().nth(5),
        Some("Yes! Ok. “Hawks” — such as Secretary of Defense John Bolton.")
    );
    let d = h.diagnostics(&u, Some(4)).await;
    let title = d
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("misattributed-title".into())))
        .expect("title");
    assert_eq!(
        title.range,
        Range {
            start: pos(5, 27),
            end: pos(5, 59)
        }
    );
}

#[tokio::test]
async fn quick_fix_and_fix_all_edits_give_the_expected_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    h.diagnostics(&u, Some(1)).await;
    let actions = h
        .server()
        .code_action(CodeActionParams {
            text_document: TextDocumentIdentifier { uri: u.clone() },
            range: Range {
                start: pos(5, 30),
                end: pos(5, 30),
            },
            context: CodeActionContext::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .expect("code actions")
        .expect("some");
    let titles: Vec<String> = actions
        .iter()
        .filter_map(|a| match a {
            CodeActionOrCommand::CodeAction(c) => Some(c.title.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            "Replace 'John Bolton' with 'Pete Hegseth'",
            "Replace 'Secretary of Defense' with 'former National Security Advisor'",
            "Ignore misattributed-title here",
            "copydesk: fix all safe findings"
        ]
    );
    let edit_of = |i: usize| match &actions[i] {
        CodeActionOrCommand::CodeAction(c) => c
            .edit
            .as_ref()
            .and_then(|e| e.changes.as_ref())
            .and_then(|c| c.get(&u))
            .cloned()
            .expect("edits"),
        _ => panic!("not an action"),
    };
    let fixed = apply(DRAFT, &edit_of(0));
    assert_eq!(fixed, DRAFT.replace("John Bolton", "Pete Hegseth"));
    let ignored = apply(DRAFT, &edit_of(2));
    assert!(
        ignored.contains("\n<!-- copydesk-ignore misattributed-title -->\n“Hawks”"),
        "{ignored}"
    );
    let all = apply(DRAFT, &edit_of(3));
    assert_eq!(all, DRAFT.replace("Sergey", "Sergei"));
    // Fix-all twice equals once.
    h.change(&u, 2, None, &all).await;
    h.diagnostics(&u, Some(2)).await;
    let again = h
        .server()
        .code_action(CodeActionParams {
            text_document: TextDocumentIdentifier { uri: u.clone() },
            range: Range::default(),
            context: CodeActionContext {
                only: Some(vec![copydesk::lsp::fix_all_kind()]),
                ..Default::default()
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .expect("code actions")
        .expect("some");
    assert!(again.is_empty(), "{again:?}");
}

#[tokio::test]
async fn hover_compares_with_kb_and_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("sources")).expect("mkdir");
    std::fs::write(
        dir.path().join("sources/004_x.txt"),
        "Kremlin aide Yuri Ushakov told reporters about the call.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "sources = [\"sources\"]\n",
    )
    .expect("write");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    let text = "---\ndate: 2025-08-21\n---\nKremlin spokesman Yuri Ushakov said the two leaders talked about the call.\n";
    h.open(&u, text, 1).await;
    let d = h.diagnostics(&u, Some(1)).await;
    assert_eq!(d.len(), 1, "{d:#?}");
    let rel = d[0].related_information.as_ref().expect("related");
    assert!(rel[0].location.uri.as_str().ends_with("sources/004_x.txt"));
    assert_eq!(rel[0].location.range.start.line, 0);
    let hover = h
        .server()
        .hover(HoverParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: u.clone() },
                position: pos(3, 20),
            },
            work_done_progress_params: Default::default(),
        })
        .await
        .expect("hover")
        .expect("some");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markup")
    };
    assert!(m.value.contains("Dmitry Peskov"), "{}", m.value);
    assert!(
        m.value.contains("'Kremlin aide Yuri Ushakov' (004)"),
        "{}",
        m.value
    );
    assert!(m.value.contains("**Closest source sentences**\n> Kremlin aide Yuri Ushakov told reporters about the call. (004)"), "{}", m.value);
}

#[tokio::test]
async fn config_hot_reload_and_broken_config_keeps_the_last_good_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("copydesk.toml");
    std::fs::write(&cfg, "[spelling]\nprefer = [\"Sergei\"]\n").expect("write");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    let text = "Sergey Lavrov spoke. Sergey Lavrov left.\n";
    h.open(&u, text, 1).await;
    assert_eq!(h.diagnostics(&u, Some(1)).await.len(), 2);
    // House style removed: no findings after the watched-file notification.
    std::fs::write(&cfg, "date = 2025-08-20\n").expect("write");
    h.published.lock().expect("lock").clear();
    h.server()
        .did_change_watched_files(DidChangeWatchedFilesParams {
            changes: vec![FileEvent {
                uri: uri(&cfg),
                typ: FileChangeType::CHANGED,
            }],
        })
        .await;
    assert_eq!(h.diagnostics(&u, Some(1)).await.len(), 0);
    // Broken config: a message, a diagnostic on copydesk.toml, and the last good settings stay.
    std::fs::write(&cfg, "date = 2025-08-20\nbogus = 1\n").expect("write");
    h.server()
        .did_change_watched_files(DidChangeWatchedFilesParams {
            changes: vec![FileEvent {
                uri: uri(&cfg),
                typ: FileChangeType::CHANGED,
            }],
        })
        .await;
    let cd = h.diagnostics(&uri(&cfg), None).await;
    assert_eq!(cd.len(), 1);
    assert_eq!(cd[0].range.start.line, 1);
    assert!(cd[0].message.contains("bogus"), "{}", cd[0].message);
    assert!(
        h.messages
            .lock()
            .expect("lock")
            .iter()
            .any(|m| m.contains("keeping the last good configuration"))
    );
}

#[tokio::test]
async fn client_settings_and_house_style_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(
        init(Some(dir.path()), false),
        json!({"spelling": {"prefer": ["Sergey"]}}),
    )
    .await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(
        &u,
        "Sergei Lavrov spoke. Sergei Lavrov left. Sergey Lavrov came.\n",
        1,
    )
    .await;
    let d = h.diagnostics(&u, Some(1)).await;
    assert_eq!(d.len(), 2, "{d:#?}");
    let actions = h
        .server()
        .code_action(CodeActionParams {
            text_document: TextDocumentIdentifier { uri: u.clone() },
            range: Range {
                start: pos(0, 0),
                end: pos(0, 1),
            },
            context: CodeActionContext::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .expect("actions")
        .expect("some");
    let house = actions
        .iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(c) if c.title.contains("house style") => {
                Some(c.clone())
            }
            _ => None,
        })
        .expect("house-style action");
    assert_eq!(house.title, "Use 'Sergey' as house style (copydesk.toml)");
    let Some(DocumentChanges::Operations(ops)) = house.edit.and_then(|e| e.document_changes) else {
        panic!("create + edit")
    };
    assert_eq!(ops.len(), 2);
}

#[tokio::test]
async fn bad_requests_get_errors_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let ghost = uri(&dir.path().join("ghost.md"));
    let pulled = h
        .server()
        .diagnostic(DocumentDiagnosticParams {
            text_document: TextDocumentIdentifier { uri: ghost.clone() },
            identifier: None,
            previous_result_id: None,
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await;
    assert!(pulled.is_err());
    let hover = h
        .server()
        .hover(HoverParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: ghost },
                position: pos(99, 99),
            },
            work_done_progress_params: Default::default(),
        })
        .await
        .expect("hover");
    assert!(hover.is_none());
    // Out-of-range positions clamp; the server still answers pulls.
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    h.change(
        &u,
        2,
        Some(Range {
            start: pos(500, 7),
            end: pos(900, 3),
        }),
        "!",
    )
    .await;
    assert!(
        h.server()
            .text(&u)
            .await
            .expect("open")
            .ends_with("returned.\n!")
    );
    let pulled = h
        .server()
        .diagnostic(DocumentDiagnosticParams {
            text_document: TextDocumentIdentifier { uri: u },
            identifier: None,
            previous_result_id: None,
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .expect("pull");
    let DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(r)) = pulled else {
        panic!("full report")
    };
    assert_eq!(
        r.full_document_diagnostic_report.result_id.as_deref(),
        Some("2")
    );
    assert_eq!(r.full_document_diagnostic_report.items.len(), 2);
}

#[tokio::test]
async fn a_pulling_client_is_answered_at_once_and_gets_no_pushes() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "date = 2025-08-20\n[spelling]\nprefer = [\"Sergey\"]\n",
    )
    .expect("config");
    let mut p = init(Some(dir.path()), false);
    p.capabilities.text_document = Some(TextDocumentClientCapabilities {
        diagnostic: Some(DiagnosticClientCapabilities::default()),
        ..Default::default()
    });
    let h = Harness::start(p, Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    h.open(&u, DRAFT, 1).await;
    let started = std::time::Instant::now();
    let pulled = tokio::time::timeout(
        Duration::from_secs(2),
        h.server().diagnostic(DocumentDiagnosticParams {
            text_document: TextDocumentIdentifier { uri: u.clone() },
            identifier: None,
            previous_result_id: None,
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        }),
    )
    .await
    .expect("a pull is answered without waiting for a timeout")
    .expect("pull");
    let DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(r)) = pulled else {
        panic!("full report")
    };
    let messages: Vec<&str> = r
        .full_document_diagnostic_report
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    // The workspace config (house style Sergey) is already in force in the first answer.
    assert!(
        messages
            .iter()
            .any(|m| m.contains("house style (copydesk.toml) is 'Sergey'")),
        "{messages:?}"
    );
    let hover = tokio::time::timeout(
        Duration::from_secs(2),
        h.server().hover(HoverParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: u.clone() },
                position: pos(5, 30),
            },
            work_done_progress_params: Default::default(),
        }),
    )
    .await
    .expect("hover answered at once")
    .expect("hover")
    .expect("hover on the Bolton title");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markdown hover")
    };
    assert!(m.value.contains("Pete Hegseth"), "{}", m.value);
    assert!(started.elapsed() < Duration::from_secs(2));
    // A settings change reaches the next pull without an edit (the cached analysis of the
    // old settings is dropped).
    h.server()
        .did_change_configuration(DidChangeConfigurationParams {
            settings: json!({"copydesk": {"rules": {"inconsistent-spelling": {"enabled": false}}}}),
        })
        .await;
    let pulled = h
        .server()
        .diagnostic(DocumentDiagnosticParams {
            text_document: TextDocumentIdentifier { uri: u.clone() },
            identifier: None,
            previous_result_id: None,
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .await
        .expect("pull after the settings change");
    let DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(r)) = pulled else {
        panic!("full report")
    };
    let codes: Vec<_> = r
        .full_document_diagnostic_report
        .items
        .iter()
        .filter_map(|d| d.code.clone())
        .collect();
    assert!(
        !codes.contains(&NumberOrString::String("inconsistent-spelling".into())),
        "{codes:?}"
    );
    assert!(codes.contains(&NumberOrString::String("misattributed-title".into())));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        h.published.lock().expect("lock").iter().all(|d| d.uri != u),
        "a pulling client gets no pushed diagnostics for its documents"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_changes_is_coalesced_and_never_published_out_of_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::start(init(Some(dir.path()), false), Value::Null).await;
    let u = uri(&dir.path().join("draft.md"));
    // A long draft, so that changes arrive while an analysis runs.
    let long = DRAFT.repeat(400);
    h.open(&u, &long, 1).await;
    h.diagnostics(&u, Some(1)).await;
    let before = h.published.lock().expect("lock").len();
    for v in 2..=41 {
        h.change(
            &u,
            v,
            Some(Range {
                start: pos(5, 0),
                end: pos(5, 0),
            }),
            "x",
        )
        .await;
    }
    let last = h.diagnostics(&u, Some(41)).await;
    let text = h.server().text(&u).await.expect("open");
    assert!(text.contains(&format!("\n{}“Hawks”", "x".repeat(40))));
    // The Bolton title of the first copy moved 40 characters right.
    let title = last
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("misattributed-title".into())))
        .expect("title");
    assert_eq!(title.range.start, pos(5, 61));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let published = h.published.lock().expect("lock");
    let versions: Vec<i32> = published[before..]
        .iter()
        .filter(|p| p.uri == u)
        .filter_map(|p| p.version)
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "published in version order: {versions:?}"
    );
    assert_eq!(versions.last(), Some(&41));
    assert!(
        versions.len() < 40,
        "40 changes in a burst should not cost 40 analyses: {versions:?}"
    );
}
