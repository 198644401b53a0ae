//! Protocol abuse over stdio against the real binary (`copydesk lsp`): malformed JSON,
//! wrong `Content-Length` headers, unknown methods, requests for unopened documents,
//! out-of-range positions (UTF-16 and UTF-8), a 50 MB document, 1,000 open documents, and
//! shutdown during a long analysis.
//!
//! Each abuse gets a JSON-RPC error or is ignored, as the spec says, never a crash or a
//! hang (every wait has a time limit), and afterwards the server still answers a normal
//! request. Where the connection cannot go on (`exit`, the end of the input) the process
//! must end cleanly, at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::stdio::{Client, findings};
use serde_json::{Value, json};

const PROBE_URI: &str = "file:///abuse/probe.md";
const PROBE: &str =
    "Volodymyr Zelenskyy met aides in Kyiv. Zelenskyy left.\n\nLater Zelensky spoke.\n";

fn root() -> PathBuf {
    // An empty folder: no copydesk.toml, no sources.
    let d = std::env::temp_dir().join(format!("copydesk-abuse-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp root");
    d
}

/// A server, initialized, with the probe document open and analysed.
fn server_with(caps: Value, options: Value) -> (Client, Value) {
    let root = root();
    let mut c = Client::start(&root);
    let init = c.initialize(&root, caps, options);
    c.open(PROBE_URI, PROBE);
    let d = c.diagnostics(PROBE_URI, Some(1), Duration::from_secs(10));
    assert!(!findings(&d).is_empty(), "the probe has a finding: {d}");
    (c, init)
}

fn server() -> Client {
    server_with(json!({}), Value::Null).0
}

/// Prove the server is alive: a hover on the probe's misspelling is answered, promptly.
fn assert_alive(c: &mut Client) {
    let t = Instant::now();
    let r = c.request_within(
        "textDocument/hover",
        json!({"textDocument": {"uri": PROBE_URI}, "position": {"line": 2, "character": 8}}),
        Duration::from_secs(5),
    );
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("Zelensky")),
        "hover after abuse: {r}"
    );
    assert!(t.elapsed() < Duration::from_secs(5));
}

/// The next error response with a null id (the answer to a frame that could not be read).
fn null_id_error(c: &mut Client) -> i64 {
    let m = c
        .wait_for(Duration::from_secs(5), |m| {
            m["id"].is_null() && m.get("error").is_some() && m.get("method").is_none()
        })
        .expect("an error response with id null");
    m["error"]["code"].as_i64().expect("code")
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

#[test]
fn malformed_json_is_a_parse_error_and_the_server_goes_on() {
    let mut c = server();
    for body in [
        &b"{not json"[..],
        b"",
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/hover\"",
        b"\xff\xfe{\"jsonrpc\":\"2.0\"}",
    ] {
        c.send_raw(&frame(body));
        assert_eq!(
            null_id_error(&mut c),
            -32700,
            "{:?}",
            String::from_utf8_lossy(body)
        );
        assert_alive(&mut c);
    }
    // JSON that is no message: invalid request, under the request's id when it has one.
    c.send_raw(&frame(b"[1,2,3]"));
    assert_eq!(null_id_error(&mut c), -32600);
    c.send_raw(&frame(br#"{"jsonrpc":"2.0","id":77,"method":7}"#));
    let r = c.wait(|m| m["id"] == 77);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // A wrong jsonrpc version.
    c.send_raw(&frame(br#"{"jsonrpc":"1.0","id":78,"method":"shutdown"}"#));
    let r = c.wait(|m| m["id"] == 78);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert_alive(&mut c);
    // Wrong parameter types: invalid params.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": 5}, "position": "here"}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert_alive(&mut c);
}

#[test]
fn wrong_content_length_headers_are_errors_and_the_server_resynchronises() {
    let mut c = server();
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": PROBE_URI}, "position": {"line": 0, "character": 12}}})
        .to_string()
    };
    // Too short: the cut body is a parse error; the rest is skipped.
    let body = hover(1);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() - 10).as_bytes());
    assert_eq!(null_id_error(&mut c), -32700);
    assert_alive(&mut c);
    // Not a number, negative, over the limit: parse errors, the body is skipped.
    for len in ["abc", "-5", "99999999999999", "1e3", ""] {
        c.send_raw(format!("Content-Length: {len}\r\n\r\n{body}").as_bytes());
        assert_eq!(null_id_error(&mut c), -32700, "Content-Length: {len}");
        assert!(
            c.wait_for(Duration::from_millis(200), |m| m["id"] == 1)
                .is_none(),
            "a body with Content-Length {len:?} was read"
        );
        assert_alive(&mut c);
    }
    // No header at all, or a header block without Content-Length.
    c.send_raw(body.as_bytes());
    assert_eq!(null_id_error(&mut c), -32700);
    assert_alive(&mut c);
    c.send_raw(
        format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}").as_bytes(),
    );
    assert_eq!(null_id_error(&mut c), -32700);
    assert_alive(&mut c);
    // Garbage between messages.
    c.send_raw(b"\x00\x01 hello there \r\n\r\n");
    assert_eq!(null_id_error(&mut c), -32700);
    assert_alive(&mut c);
    // Too long: the body cannot be told from a slow client, so the server waits; the next
    // message completes it (a parse error) and is lost with it; the one after is answered.
    let body = hover(2);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 40).as_bytes());
    assert!(
        c.wait_for(Duration::from_millis(300), |m| m["id"] == 2)
            .is_none(),
        "an incomplete body was read"
    );
    c.send_raw(frame(hover(3).as_bytes()).as_slice());
    assert_eq!(null_id_error(&mut c), -32700);
    assert_alive(&mut c);
    // Headers are case-insensitive and a charset'd Content-Type is fine.
    let body = hover(4);
    c.send_raw(
        format!(
            "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    let r = c.wait(|m| m["id"] == 4);
    assert!(r.get("result").is_some(), "{r}");
}

#[test]
fn unknown_methods_are_method_not_found_and_unknown_notifications_are_ignored() {
    let mut c = server();
    for method in ["copydesk/nope", "textDocument/nope", "$/copydesk.nope"] {
        let r = c.request(method, json!({}));
        assert_eq!(r["error"]["code"], -32601, "{method}: {r}");
    }
    // Notifications: no answer at all, and the server goes on.
    for method in [
        "copydesk/nope",
        "$/copydesk.nope",
        "$/setTrace",
        "workspace/nope",
    ] {
        c.notify(method, json!({"x": 1}));
    }
    c.drain(Duration::from_millis(300));
    assert!(
        !c.seen
            .iter()
            .any(|m| m.get("error").is_some() || m.get("result").is_some()),
        "a notification was answered: {:?}",
        c.seen
    );
    assert_alive(&mut c);
}

#[test]
fn requests_before_initialize_and_a_second_initialize_are_errors() {
    let root = root();
    let mut c = Client::start(&root);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": PROBE_URI}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "server not initialized: {r}");
    c.initialize(&root, json!({}), Value::Null);
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.open(PROBE_URI, PROBE);
    c.diagnostics(PROBE_URI, Some(1), Duration::from_secs(10));
    assert_alive(&mut c);
}

#[test]
fn requests_for_unopened_documents_are_answered_as_such() {
    let mut c = server();
    let uri = "file:///abuse/never-opened.md";
    let pos = json!({"line": 0, "character": 0});
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open"))
    );
    // Changes and closes of unopened documents are ignored (a close clears diagnostics).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    let d = c.diagnostics(uri, None, Duration::from_secs(5));
    assert_eq!(d["params"]["diagnostics"], json!([]));
    // A closed document is unopened again.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": PROBE_URI}}),
    );
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": PROBE_URI}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    c.open(PROBE_URI, PROBE);
    assert_alive(&mut c);
}

/// Out-of-range positions clamp (a line past the end to the end of the text, a character
/// past the end of its line to the end of the line, a position inside a character to its
/// start), in the negotiated encoding.
fn out_of_range_positions(utf8: bool) {
    let caps = if utf8 {
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    } else {
        json!({})
    };
    let (mut c, init) = server_with(caps, Value::Null);
    let enc = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], enc);
    let uri = "file:///abuse/positions.md";
    let text = "Volodymyr Zelenskyy spoke in Kyiv. Zelenskyy left.\n\nline two é😀\n";
    c.open(uri, text);
    c.diagnostics(uri, Some(1), Duration::from_secs(10));
    let far = [
        json!({"line": 1_000_000, "character": 0}),
        json!({"line": 0, "character": 1_000_000}),
        json!({"line": 4_294_967_295u64, "character": 4_294_967_295u64}),
        // Inside a character: 😀 in UTF-16, é in UTF-8.
        json!({"line": 2, "character": if utf8 { 10 } else { 11 }}),
    ];
    for p in &far {
        let r = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": p}),
        );
        assert!(
            r.get("error").is_none() && r.get("result").is_some(),
            "{p}: {r}"
        );
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": p},
                   "context": {"diagnostics": []}}),
        );
        assert!(r["result"].is_array(), "{p}: {r}");
    }
    // An insertion past the end of line 2 lands at its end: " Zelensky" becomes the
    // minority spelling, flagged right after "é😀".
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 999}, "end": {"line": 2, "character": 5000}},
             "text": " Zelensky"}]}),
    );
    let d = c.diagnostics(uri, Some(2), Duration::from_secs(10));
    let line_len = if utf8 { 15 } else { 12 }; // "line two é😀"
    let found = findings(&d).iter().any(|x| {
        x["range"]["start"] == json!({"line": 2, "character": line_len + 1})
            && x["range"]["end"] == json!({"line": 2, "character": line_len + 9})
    });
    assert!(found, "{d}");
    // A range starting beyond the last line appends; a reversed range is taken in order.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 7}},
             "text": "Zelensky again.\n"},
            {"range": {"start": {"line": 2, "character": 5000}, "end": {"line": 2, "character": 0}},
             "text": ""}]}),
    );
    let d = c.diagnostics(uri, Some(3), Duration::from_secs(10));
    let starts: Vec<&Value> = findings(&d).iter().map(|x| &x["range"]["start"]).collect();
    assert!(
        starts.contains(&&json!({"line": 3, "character": 0})),
        "the appended line is flagged: {d}"
    );
    assert_alive(&mut c);
}

#[test]
fn out_of_range_positions_clamp_in_utf16() {
    out_of_range_positions(false);
}

#[test]
fn out_of_range_positions_clamp_in_utf8() {
    out_of_range_positions(true);
}

fn big_text(bytes: usize) -> String {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_b4642a44b1688a1c.txt"),
    )
    .expect("seed");
    let mut s = String::with_capacity(bytes + seed.len());
    while s.len() < bytes {
        s.push_str(&seed);
        s.push_str("\n\n");
    }
    s
}

#[test]
fn a_50_mb_document_is_not_analysed_and_the_server_stays_responsive() {
    let mut c = server();
    let big_uri = "file:///abuse/big.md";
    let big = big_text(50 << 20);
    let t = Instant::now();
    c.open(big_uri, &big);
    drop(big);
    assert_alive(&mut c);
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "a hover after opening 50 MB took {:?}",
        t.elapsed()
    );
    // One message says so; the document gets an empty diagnostic list, at once.
    let m = c.wait(|m| m["method"] == "window/showMessage");
    let text = m["params"]["message"].as_str().expect("message");
    assert!(
        text.contains("maxFileBytes") && text.contains("big.md"),
        "{text}"
    );
    let d = c.diagnostics(big_uri, Some(1), Duration::from_secs(5));
    assert_eq!(d["params"]["diagnostics"], json!([]));
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": big_uri}}),
    );
    assert_eq!(r["result"]["items"], json!([]), "{r}");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": big_uri}, "position": {"line": 33, "character": 30}}),
    );
    assert_eq!(r["result"], Value::Null);
    // Edits keep it unchecked, without another message.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": big_uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Zelensky "}]}),
    );
    let d = c.diagnostics(big_uri, Some(2), Duration::from_secs(5));
    assert_eq!(d["params"]["diagnostics"], json!([]));
    assert!(
        c.wait_for(Duration::from_millis(200), |m| m["method"]
            == "window/showMessage")
            .is_none()
    );
    // Cut down under the limit, it is checked again.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": big_uri, "version": 3}, "contentChanges": [{"text": PROBE}]}),
    );
    let d = c.diagnostics(big_uri, Some(3), Duration::from_secs(10));
    assert!(!findings(&d).is_empty(), "{d}");
    let rss = c.rss_kb().expect("rss");
    assert!(rss < 1_500_000, "RSS {rss} kB after a 50 MB document");
    assert_alive(&mut c);
}

#[test]
fn a_thousand_open_documents_all_get_diagnostics() {
    let mut c = server();
    let n = 1000;
    let t = Instant::now();
    for i in 0..n {
        c.open(
            &format!("file:///abuse/many/{i}.md"),
            &format!("Draft {i}. Volodymyr Zelenskyy met aides. Zelenskyy left.\n\nLater Zelensky spoke.\n"),
        );
    }
    let mut got = std::collections::HashSet::new();
    while got.len() < n {
        let m = c
            .wait_for(Duration::from_secs(30), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"]
                        .as_str()
                        .is_some_and(|u| u.contains("/many/"))
            })
            .unwrap_or_else(|| panic!("only {} of {n} documents got diagnostics", got.len()));
        let diags = findings(&m);
        assert_eq!(diags.len(), 1, "{m}");
        assert_eq!(diags[0]["code"], "inconsistent-spelling");
        got.insert(m["params"]["uri"].as_str().expect("uri").to_string());
    }
    let took = t.elapsed();
    let rss = c.rss_kb().expect("rss");
    eprintln!("1000 documents: diagnostics for all in {took:?}, RSS {rss} kB");
    assert!(rss < 600_000, "RSS {rss} kB with 1000 small documents open");
    assert_alive(&mut c);
}

#[test]
fn shutdown_during_a_long_analysis_is_prompt_and_exit_ends_the_process() {
    // Lift the size limit so that a big draft is really analysed.
    let (mut c, _) = server_with(json!({}), json!({"maxFileBytes": 1_000_000_000u64}));
    let uri = "file:///abuse/long.md";
    c.open(uri, &big_text(10 << 20));
    // A pull waits for the analysis that the open started.
    let pull = c.request_async(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        c.wait_for(Duration::from_millis(10), |m| m["id"] == pull)
            .is_none(),
        "the analysis is already done: make the draft bigger"
    );
    let t = Instant::now();
    let r = c.request_within("shutdown", Value::Null, Duration::from_secs(1));
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(t.elapsed() < Duration::from_secs(1));
    // After shutdown, requests are invalid.
    let r = c.request_within(
        "textDocument/hover",
        json!({"textDocument": {"uri": PROBE_URI}, "position": {"line": 0, "character": 0}}),
        Duration::from_secs(1),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    let t = Instant::now();
    c.notify("exit", Value::Null);
    let status = c
        .exited_within(Duration::from_secs(1))
        .expect("the process is gone within 1 s of exit, mid-analysis");
    assert!(status.success(), "{status:?}");
    eprintln!("exit mid-analysis took {:?}", t.elapsed());
}

#[test]
fn end_of_input_ends_the_process() {
    // The connection is unrecoverable when the client goes away: the server must not
    // linger, even with a half-sent message.
    let mut c = server();
    c.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":");
    c.close_stdin();
    let status = c
        .exited_within(Duration::from_secs(2))
        .expect("the process ends when its input does");
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
}
