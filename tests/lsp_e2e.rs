//! End-to-end: the real binary over stdio with a plain JSON-RPC client.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    seen: Vec<Value>,
}

impl Client {
    fn start(cwd: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
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
                let mut len = 0usize;
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
                        len = v.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(v) = serde_json::from_slice(&body)
                    && tx.send(v).is_err()
                {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            seen: Vec::new(),
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.stdin.flush();
    }

    /// Wait for a message matching `pred`, answering server requests on the way.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            let Ok(m) = self.rx.recv_timeout(Duration::from_millis(50)) else {
                continue;
            };
            if m.get("method").is_some() && m.get("id").is_some() {
                let result = if m["method"] == "workspace/configuration" {
                    json!([null])
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": result}));
                continue;
            }
            if pred(&m) {
                return m;
            }
            self.seen.push(m);
        }
        panic!("timed out waiting for a message");
    }
}

#[test]
fn real_binary_serves_diagnostics_hover_and_exits_promptly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::start(&root);
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": root_uri, "capabilities": {"workspace": {"configuration": true}},
        "workspaceFolders": [{"uri": root_uri, "name": "seeds"}]}}));
    let init = c.wait(|m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let text = std::fs::read_to_string(root.join("000_b4642a44b1688a1c.txt")).expect("seed");
    let uri = format!("{root_uri}/000_b4642a44b1688a1c.txt");
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    let pd = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    });
    let diags = pd["params"]["diagnostics"].as_array().expect("diagnostics");
    let codes: std::collections::BTreeSet<&str> =
        diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        vec![
            "inconsistent-spelling",
            "misattributed-title",
            "off-topic-paragraph"
        ]
    );
    let bolton = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("not John Bolton"))
        })
        .expect("Bolton");
    assert_eq!(bolton["range"]["start"]["line"], 33);
    let (line, ch) = (
        bolton["range"]["start"]["line"].clone(),
        bolton["range"]["start"]["character"].clone(),
    );
    c.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": ch}}}),
    );
    let hover = c.wait(|m| m["id"] == 2);
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover text");
    assert!(value.contains("Pete Hegseth (since 2025-01-25)"), "{value}");
    // Unknown method: an error response, and the server keeps serving.
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "copydesk/nope", "params": {}}));
    let err = c.wait(|m| m["id"] == 3);
    assert_eq!(err["error"]["code"], -32601);
    // shutdown + exit, then one more message, stdin left open: gone within a second.
    c.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}));
    c.wait(|m| m["id"] == 4);
    c.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    c.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let t = Instant::now();
    loop {
        if let Some(status) = c.child.try_wait().expect("try_wait") {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "server still running 1 s after exit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
