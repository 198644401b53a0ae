//! The stdio framing (`copydesk::lsp::transport::FrameReader`) on arbitrary bytes: it
//! always ends, yields at most one frame per input byte, and every error it reports is a
//! JSON-RPC parse error (-32700) or invalid request (-32600). A valid message appended after
//! any garbage is still read (the reader resynchronises), unless the garbage ends inside a
//! header it cannot tell from a real one.

#![no_main]

use copydesk::lsp::transport::{Frame, FrameReader, Message};
use libfuzzer_sys::fuzz_target;

const PING: &str = r#"{"jsonrpc":"2.0","id":424242,"method":"copydesk/ping"}"#;

fn frames(input: &[u8]) -> Vec<Frame> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut r = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(f) = r.next().await {
            out.push(f);
            assert!(out.len() <= input.len(), "more frames than bytes");
        }
        out
    })
}

fuzz_target!(|data: &[u8]| {
    for f in frames(data) {
        if let Frame::Invalid(r) = f {
            let code = r.error().expect("an error").code.code();
            assert!(code == -32700 || code == -32600, "{code}");
        }
    }
    // Garbage, a blank line (ends any header in progress), then a real message.
    let mut input = data.to_vec();
    input.extend_from_slice(b"\r\n\r\n");
    input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{PING}", PING.len()).as_bytes());
    // The appended message can be swallowed only by a body whose declared length reaches
    // into it; a header in `data` that declares a length is such a case.
    let lengthy = data
        .windows(14)
        .any(|w| w.eq_ignore_ascii_case(b"Content-Length"));
    let got = frames(&input);
    let pinged = got
        .iter()
        .any(|f| matches!(f, Frame::Message(Message::Request(r)) if r.method() == "copydesk/ping"));
    assert!(pinged || lengthy, "the message after the garbage was lost");
});
