//! A plain JSON-RPC client for `copydesk lsp` over stdio (the real binary), for the
//! end-to-end and protocol-abuse tests. Every wait has a time limit, so a hung server fails
//! the test instead of blocking it; the child is killed when the client is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Client {
    pub child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received but not yet taken by a `wait`.
    pub seen: Vec<Value>,
    next_id: i64,
    /// Answer `workspace/configuration` with this (one item).
    pub settings: Value,
}

impl Client {
    /// Start `copydesk lsp` in `cwd`.
    pub fn start(cwd: &std::path::Path) -> Client {
        let mut child = super::cli::bin()
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn copydesk lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let Some(len) = len else {
                    let _ = tx.send(
                        json!({"client-error": "server sent a frame without Content-Length"}),
                    );
                    return;
                };
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v = serde_json::from_slice(&body).unwrap_or_else(
                    |e| json!({"client-error": format!("server sent bad JSON: {e}")}),
                );
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            rx,
            seen: Vec::new(),
            next_id: 1000,
            settings: Value::Null,
        }
    }

    /// Send raw bytes (a write error, e.g. the server is gone, is ignored).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Some(s) = self.stdin.as_mut() {
            let _ = s.write_all(bytes);
            let _ = s.flush();
        }
    }

    pub fn send(&mut self, v: Value) {
        let body = v.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request; its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Send a request and wait (at most `limit`) for its response.
    pub fn request_within(&mut self, method: &str, params: Value, limit: Duration) -> Value {
        let id = self.request_async(method, params);
        self.wait_for(limit, |m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {method} (id {id}) within {limit:?}"))
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_within(method, params, Duration::from_secs(10))
    }

    /// Close the server's input (end of file).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Wait (at most `limit`) for a message matching `pred`, answering server requests on
    /// the way; earlier unmatched messages are searched first.
    pub fn wait_for(&mut self, limit: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.seen.iter().position(&pred) {
            return Some(self.seen.remove(i));
        }
        let end = Instant::now() + limit;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            let m = match self.rx.recv_timeout(left.min(Duration::from_millis(50))) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return None,
            };
            assert!(m.get("client-error").is_none(), "{m}");
            if m.get("method").is_some() && m.get("id").is_some() {
                let result = if m["method"] == "workspace/configuration" {
                    json!([self.settings.clone()])
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": result}));
                continue;
            }
            if pred(&m) {
                return Some(m);
            }
            self.seen.push(m);
        }
    }

    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(Duration::from_secs(10), pred)
            .expect("timed out waiting for a message")
    }

    /// Take in every message that arrives within `d` (answering server requests).
    pub fn drain(&mut self, d: Duration) {
        let _ = self.wait_for(d, |_| false);
    }

    /// `initialize` (with these capabilities and initialization options) + `initialized`;
    /// the initialize result.
    pub fn initialize(&mut self, root: &std::path::Path, caps: Value, options: Value) -> Value {
        let root_uri = format!("file://{}", root.display());
        let init = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": caps,
                   "initializationOptions": options,
                   "workspaceFolders": [{"uri": root_uri, "name": "root"}]}),
        );
        assert!(init.get("result").is_some(), "{init}");
        self.notify("initialized", json!({}));
        init
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// The next `publishDiagnostics` for `uri` (at `version`, if given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>, limit: Duration) -> Value {
        let u = uri.to_string();
        self.wait_for(limit, move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && version.is_none_or(|v| m["params"]["version"] == v)
        })
        .unwrap_or_else(|| panic!("no diagnostics for {uri} within {limit:?}"))
    }

    /// The process's exit status, if it ends within `limit`.
    pub fn exited_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + limit;
        loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                return Some(s);
            }
            if Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Resident memory of the server (kB), from /proc.
    pub fn rss_kb(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        s.lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The diagnostics of a `publishDiagnostics` notification.
pub fn findings(notification: &Value) -> &[Value] {
    notification["params"]["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
}
