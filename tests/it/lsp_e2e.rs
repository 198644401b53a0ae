//! End-to-end: the real binary over stdio with a plain JSON-RPC client.

use std::time::{Duration, Instant};

use crate::common::stdio::{Client, findings};
use serde_json::json;

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
    let diags = findings(&pd);
    let codes: std::collections::BTreeSet<&str> =
        diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        vec![
            "date-mismatch",
            "inconsistent-spelling",
            "misattributed-title",
            "off-topic-paragraph",
            "scrape-residue"
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
