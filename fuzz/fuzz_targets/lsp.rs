//! A sequence of LSP messages against the in-process `LspService` (through its JSON-RPC
//! interface, as a client would send them), on a fresh service and tokio runtime per input.
//!
//! Input: a flags byte (bit 0: the client offers UTF-8 positions; bit 1: it pulls
//! diagnostics), then operations, each an opcode byte and its fields (see `Op::read`):
//! didOpen, didChange (range edits with arbitrary positions, full replacements, versions in
//! and out of order), hover, codeAction, textDocument/diagnostic, didClose, didSave, and
//! requests for documents that are not open. Texts are length-prefixed and lossy UTF-8.
//!
//! Asserts: no panic; every request is answered (no hang: each has a time limit); every
//! range the server returns (published and pulled diagnostics, hover, code-action edits)
//! lies inside the document it was computed for, in the negotiated encoding, on a
//! character boundary; requests for unopened documents are answered as such.

#![no_main]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tower::{Service, ServiceExt};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};

use copydesk::lsp::Backend;

const DOCS: u8 = 3;
const MAX_OPS: usize = 48;
const MAX_TEXT: usize = 6000;

struct Reader<'a> {
    data: &'a [u8],
}

impl Reader<'_> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }
    fn u32(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = (v << 8) | u32::from(self.u8()?);
        }
        Some(v)
    }
    fn text(&mut self) -> Option<String> {
        let len = (usize::from(self.u8()?) << 8 | usize::from(self.u8()?)).min(MAX_TEXT);
        let len = len.min(self.data.len());
        let (t, rest) = self.data.split_at(len);
        self.data = rest;
        Some(String::from_utf8_lossy(t).into_owned())
    }
    /// A position: mostly small (near real text), sometimes anything.
    fn pos(&mut self) -> Option<Value> {
        let tag = self.u8()?;
        let (line, character) = if tag & 0x80 == 0 {
            (u32::from(tag & 0x3f), u32::from(self.u8()?))
        } else {
            (self.u32()?, self.u32()?)
        };
        Some(json!({"line": line, "character": character}))
    }
}

enum Op {
    Open {
        doc: u8,
        plain: bool,
        version: i32,
        text: String,
    },
    Change {
        doc: u8,
        step: i32,
        changes: Vec<Value>,
    },
    Hover {
        doc: u8,
        pos: Value,
    },
    CodeAction {
        doc: u8,
        start: Value,
        end: Value,
        only: Option<&'static str>,
    },
    Pull {
        doc: u8,
    },
    Close {
        doc: u8,
    },
    Save {
        doc: u8,
    },
    Unopened {
        which: u8,
        pos: Value,
    },
}

impl Op {
    fn read(r: &mut Reader) -> Option<Op> {
        let code = r.u8()?;
        let doc = r.u8()? % DOCS;
        Some(match code % 8 {
            0 => Op::Open {
                doc,
                plain: code & 0x80 != 0,
                version: i32::from(r.u8()? as i8),
                text: r.text()?,
            },
            1 => {
                // Mostly the next version; sometimes the same, older or a jump ahead
                // (which makes the server wait briefly for the versions in between).
                let s = r.u8()?;
                let step = match s {
                    0..=0xef => 1,
                    0xf0..=0xf3 => 0,
                    0xf4..=0xf7 => -1,
                    0xf8..=0xfb => 2,
                    _ => i32::MAX,
                };
                let n = (r.u8()? % 4) as usize;
                let mut changes = Vec::new();
                for _ in 0..n {
                    let kind = r.u8()?;
                    if kind % 8 == 0 {
                        changes.push(json!({"text": r.text()?}));
                    } else {
                        let (start, end) = (r.pos()?, r.pos()?);
                        changes.push(
                            json!({"range": {"start": start, "end": end}, "text": r.text()?}),
                        );
                    }
                }
                Op::Change { doc, step, changes }
            }
            2 => Op::Hover { doc, pos: r.pos()? },
            3 => Op::CodeAction {
                doc,
                start: r.pos()?,
                end: r.pos()?,
                only: match r.u8()? % 4 {
                    0 => None,
                    1 => Some("quickfix"),
                    2 => Some("source.fixAll"),
                    _ => Some("source.fixAll.copydesk"),
                },
            },
            4 => Op::Pull { doc },
            5 => Op::Close { doc },
            6 => Op::Save { doc },
            _ => Op::Unopened {
                which: r.u8()?,
                pos: r.pos()?,
            },
        })
    }
}

fn uri(doc: u8) -> String {
    format!("file:///fuzz/doc{doc}.md")
}

/// Lines of a text as the server splits them (\n, \r\n and lone \r end a line), without
/// their line breaks.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push(&text[start..i]);
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&text[start..]);
    out
}

/// Is `p` a position inside `text` in the encoding, on a character boundary?
fn valid_pos(text: &str, p: &Value, utf8: bool) -> bool {
    let (Some(line), Some(ch)) = (p["line"].as_u64(), p["character"].as_u64()) else {
        return false;
    };
    let ls = lines(text);
    let Some(l) = ls.get(line as usize) else {
        return false;
    };
    let mut units = 0u64;
    if ch == 0 {
        return true;
    }
    for c in l.chars() {
        units += if utf8 { c.len_utf8() } else { c.len_utf16() } as u64;
        if units == ch {
            return true;
        }
        if units > ch {
            return false;
        }
    }
    false
}

fn valid_range(text: &str, r: &Value, utf8: bool) -> bool {
    let (s, e) = (&r["start"], &r["end"]);
    let key = |p: &Value| (p["line"].as_u64(), p["character"].as_u64());
    valid_pos(text, s, utf8) && valid_pos(text, e, utf8) && key(s) <= key(e)
}

struct Session {
    service: LspService<Backend>,
    next_id: i64,
}

impl Session {
    async fn call(&mut self, method: &'static str, params: Value, id: bool) -> Option<Response> {
        let mut b = Request::build(method).params(params);
        if id {
            self.next_id += 1;
            b = b.id(self.next_id);
        }
        let fut = self.service.ready().await.expect("ready").call(b.finish());
        tokio::time::timeout(Duration::from_secs(20), fut)
            .await
            .unwrap_or_else(|_| panic!("{method}: no answer within 20 s"))
            .expect("service")
    }

    async fn request(&mut self, method: &'static str, params: Value) -> Response {
        self.call(method, params, true)
            .await
            .unwrap_or_else(|| panic!("{method}: no response"))
    }

    async fn notify(&mut self, method: &'static str, params: Value) {
        let r = self.call(method, params, false).await;
        assert!(r.is_none(), "{method}: a notification got a response {r:?}");
    }

    async fn text(&self, doc: u8) -> Option<String> {
        let u: tower_lsp_server::ls_types::Uri = uri(doc).parse().expect("uri");
        self.service.inner().text(&u).await
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader { data };
    let Some(flags) = r.u8() else { return };
    let utf8 = flags & 1 != 0;
    let pull = flags & 2 != 0;
    let mut ops = Vec::new();
    while ops.len() < MAX_OPS {
        match Op::read(&mut r) {
            Some(op) => ops.push(op),
            None => break,
        }
    }
    let rt = runtime();
    rt.block_on(run(utf8, pull, ops));
    rt.shutdown_timeout(Duration::from_secs(5));
});

async fn run(utf8: bool, pull: bool, ops: Vec<Op>) {
    let (service, socket) = copydesk::lsp::service();
    // The client side: answer server requests, keep published diagnostics.
    let published: Arc<Mutex<Vec<Value>>> = Arc::default();
    let (mut rx, mut tx) = socket.split();
    let p = published.clone();
    tokio::spawn(async move {
        while let Some(req) = rx.next().await {
            let (method, id, params) = req.into_parts();
            match id {
                Some(id) => {
                    let result = if method == "workspace/configuration" {
                        json!([null])
                    } else {
                        Value::Null
                    };
                    let _ = tx.send(Response::from_ok(id, result)).await;
                }
                None if method == "textDocument/publishDiagnostics" => {
                    if let Some(v) = params {
                        p.lock().expect("lock").push(v);
                    }
                }
                None => {}
            }
        }
    });
    let mut s = Session {
        service,
        next_id: 0,
    };
    let mut caps = json!({"workspace": {"configuration": true}});
    if utf8 {
        caps["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
    }
    if pull {
        caps["textDocument"] = json!({"diagnostic": {"dynamicRegistration": false}});
    }
    let init = s
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": caps}),
        )
        .await;
    let enc = &init.result().expect("initialize result")["capabilities"]["positionEncoding"];
    assert_eq!(enc, if utf8 { "utf-8" } else { "utf-16" });
    s.notify("initialized", json!({})).await;

    let mut versions: HashMap<u8, i32> = HashMap::new();
    // Every text a document had at a version: (uri, version) -> texts.
    let mut seen: HashMap<(String, i64), HashSet<String>> = HashMap::new();
    let record = |seen: &mut HashMap<(String, i64), HashSet<String>>, d: u8, v: i32, t: String| {
        seen.entry((uri(d), i64::from(v))).or_default().insert(t);
    };
    for op in ops {
        match op {
            Op::Open {
                doc,
                plain,
                version,
                text,
            } => {
                let lang = if plain { "plaintext" } else { "markdown" };
                s.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri(doc), "languageId": lang, "version": version, "text": text}}),
                )
                .await;
                assert_eq!(s.text(doc).await.as_deref(), Some(text.as_str()));
                versions.insert(doc, version);
                record(&mut seen, doc, version, text);
            }
            Op::Change { doc, step, changes } => {
                let v = versions
                    .get(&doc)
                    .copied()
                    .unwrap_or(0)
                    .saturating_add(step);
                s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri(doc), "version": v}, "contentChanges": changes}),
                )
                .await;
                if let Some(cur) = versions.get_mut(&doc)
                    && v > *cur
                {
                    *cur = v;
                    let t = s.text(doc).await.expect("open document has a text");
                    record(&mut seen, doc, v, t);
                }
            }
            Op::Hover { doc, pos } => {
                let res = s
                    .request(
                        "textDocument/hover",
                        json!({"textDocument": {"uri": uri(doc)}, "position": pos}),
                    )
                    .await;
                let result = res.result().cloned().unwrap_or(Value::Null);
                if !result.is_null() {
                    let t = s.text(doc).await.expect("hover on an open document");
                    assert!(
                        valid_range(&t, &result["range"], utf8),
                        "hover {result} in {t:?}"
                    );
                }
            }
            Op::CodeAction {
                doc,
                start,
                end,
                only,
            } => {
                let mut ctx = json!({"diagnostics": []});
                if let Some(o) = only {
                    ctx["only"] = json!([o]);
                }
                let res = s
                    .request(
                        "textDocument/codeAction",
                        json!({"textDocument": {"uri": uri(doc)}, "range": {"start": start, "end": end}, "context": ctx}),
                    )
                    .await;
                assert!(res.is_ok(), "codeAction: {res:?}");
                let actions = res.result().cloned().unwrap_or(Value::Null);
                let t = s.text(doc).await;
                for a in actions.as_array().into_iter().flatten() {
                    let t = t.as_deref().expect("actions for an open document");
                    for edits in a["edit"]["changes"]
                        .as_object()
                        .into_iter()
                        .flat_map(|m| m.values())
                    {
                        for e in edits.as_array().into_iter().flatten() {
                            assert!(valid_range(t, &e["range"], utf8), "edit {e} in {t:?}");
                        }
                    }
                    for d in a["diagnostics"].as_array().into_iter().flatten() {
                        assert!(valid_range(t, &d["range"], utf8), "diagnostic {d} in {t:?}");
                    }
                }
            }
            Op::Pull { doc } => {
                let res = s
                    .request(
                        "textDocument/diagnostic",
                        json!({"textDocument": {"uri": uri(doc)}}),
                    )
                    .await;
                match s.text(doc).await {
                    Some(t) => {
                        let items = &res.result().expect("pull result")["items"];
                        for d in items.as_array().expect("items") {
                            assert!(valid_range(&t, &d["range"], utf8), "pulled {d} in {t:?}");
                        }
                    }
                    None => assert!(res.is_error(), "pull for a closed document: {res:?}"),
                }
            }
            Op::Close { doc } => {
                s.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri(doc)}}),
                )
                .await;
                versions.remove(&doc);
            }
            Op::Save { doc } => {
                s.notify(
                    "textDocument/didSave",
                    json!({"textDocument": {"uri": uri(doc)}}),
                )
                .await;
            }
            Op::Unopened { which, pos } => {
                let u = format!("file:///fuzz/never{which}.md");
                let res = s
                    .request(
                        "textDocument/hover",
                        json!({"textDocument": {"uri": u}, "position": pos}),
                    )
                    .await;
                assert_eq!(
                    res.result(),
                    Some(&Value::Null),
                    "hover on an unopened document"
                );
                let res = s
                    .request(
                        "textDocument/diagnostic",
                        json!({"textDocument": {"uri": u}}),
                    )
                    .await;
                assert!(res.is_error(), "pull for an unopened document: {res:?}");
            }
        }
    }
    // Let the publishers finish, then check every published diagnostic against the text
    // its document had at that version.
    for d in 0..DOCS {
        if versions.contains_key(&d) {
            s.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri(d)}}),
            )
            .await;
        }
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
    for p in published.lock().expect("lock").iter() {
        let u = p["uri"].as_str().expect("uri").to_string();
        let Some(v) = p["version"].as_i64() else {
            assert!(
                p["diagnostics"].as_array().is_some_and(|d| d.is_empty()),
                "{p}"
            );
            continue;
        };
        let texts = seen
            .get(&(u, v))
            .unwrap_or_else(|| panic!("diagnostics for a version never sent: {p}"));
        for d in p["diagnostics"].as_array().expect("diagnostics") {
            assert!(
                texts.iter().any(|t| valid_range(t, &d["range"], utf8)),
                "published {d} outside the document"
            );
        }
    }
}
