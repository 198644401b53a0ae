//! The stdio transport: the LSP base protocol (`Content-Length` framing, JSON-RPC 2.0
//! messages) around the `tower-lsp-server` service.
//!
//! `tower_lsp_server::Server` stops reading at the first frame it cannot decode (its framed
//! reader ends the stream after any error), so one malformed message ended the session and
//! the process. This transport answers every bad frame and goes on:
//!
//! - a body that is not JSON (or not UTF-8): `-32700 Parse error`, id `null`;
//! - JSON that is not a request, notification or response: `-32600 Invalid request`, with
//!   the message's id when it is a request with a usable id, else `null`;
//! - a header block that is not `Name: value` lines, has no `Content-Length`, a length that
//!   is not a number or is over [`MAX_BODY`], or bytes that are no header at all:
//!   `-32700`, once, and the reader skips to the next `Content-Length` header.
//!
//! A `Content-Length` longer than its body cannot be told from a slow client: the server
//! waits for the missing bytes, and the start of the next message completes the body (which
//! then fails to parse: `-32700`, and the reader resynchronises at the next header).
//!
//! A request for an unknown `$/` method gets `-32601 Method not found` (the service leaves
//! it unanswered).
//!
//! Requests are started in arrival order and at most [`MAX_CONCURRENCY`] run at once, as in
//! `tower_lsp_server::Server`. Once the input ends (`exit`, or end of file) the server stops
//! after a short grace period for responses already computed, without waiting for analyses
//! in flight.

use std::time::Duration;

use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt, future, stream};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};

/// Largest message body accepted (a bigger `Content-Length` is a framing error).
pub const MAX_BODY: usize = 256 << 20;
/// Longest header block.
const MAX_HEADER: usize = 8 << 10;
/// Requests handled at once (as `tower_lsp_server::Server`).
pub const MAX_CONCURRENCY: usize = 4;
const QUEUE: usize = 100;
/// How long responses already computed may take to be written once the input has ended.
const GRACE: Duration = Duration::from_millis(200);
const HEADER_NAME: &[u8] = b"Content-Length";

/// A JSON-RPC message of either direction.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Message {
    Response(Response),
    Request(Request),
}

/// What the reader got from the input.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that could not be decoded, with the error response to send.
    Invalid(Response),
}

/// Reads frames, recovering from bad ones.
pub struct FrameReader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    /// Skipping a run of bad bytes (already reported).
    garbage: bool,
}

enum Step {
    Frame(Frame),
    /// Need more input (at least this many more bytes, as a hint).
    More(usize),
}

fn error(code: ErrorCode, id: Id, detail: impl Into<String>) -> Response {
    Response::from_error(
        id,
        Error {
            code,
            message: code.description().into(),
            data: Some(Value::String(detail.into())),
        },
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Could `b` (no blank line yet) be the start of a header block?
fn plausible_header(b: &[u8]) -> bool {
    let mut lines = b.split(|&c| c == b'\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        let line = if last {
            line.strip_suffix(b"\r").unwrap_or(line)
        } else {
            match line.strip_suffix(b"\r") {
                Some(l) => l,
                None => return false, // a bare "\n"
            }
        };
        if line.is_empty() {
            if last {
                continue;
            }
            return false; // a blank line before the end of the block
        }
        let name_end = line.iter().position(|&c| c == b':').unwrap_or(line.len());
        if name_end == 0 || !line[..name_end].iter().all(|&c| is_token(c)) {
            return false;
        }
    }
    true
}

/// The Content-Length of a complete header block (without its final blank line).
fn content_length(head: &[u8]) -> Result<usize, String> {
    let mut len = None;
    for line in head.split(|&c| c == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            return Err(format!(
                "bad header line `{}`",
                String::from_utf8_lossy(line)
            ));
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || !name.iter().all(|&c| is_token(c)) {
            return Err(format!(
                "bad header line `{}`",
                String::from_utf8_lossy(line)
            ));
        }
        if name.eq_ignore_ascii_case(HEADER_NAME) {
            let v = String::from_utf8_lossy(value);
            let n = v
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("Content-Length `{}` is not a number", v.trim()))?;
            len = Some(n);
        }
    }
    let n = len.ok_or("no Content-Length header")?;
    if n > MAX_BODY {
        return Err(format!(
            "Content-Length {n} is over the limit of {MAX_BODY} bytes"
        ));
    }
    Ok(n)
}

/// Decode one body.
fn decode(body: &[u8]) -> Frame {
    match serde_json::from_slice::<Message>(body) {
        Ok(m) => Frame::Message(m),
        Err(e) => match serde_json::from_slice::<Value>(body) {
            Err(_) => Frame::Invalid(error(ErrorCode::ParseError, Id::Null, e.to_string())),
            Ok(v) => {
                // A request whose id is usable gets its error under that id.
                let id = v
                    .get("method")
                    .and(v.get("id"))
                    .and_then(|i| serde_json::from_value::<Id>(i.clone()).ok())
                    .unwrap_or(Id::Null);
                Frame::Invalid(error(ErrorCode::InvalidRequest, id, e.to_string()))
            }
        },
    }
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            buf: Vec::new(),
            pos: 0,
            garbage: false,
        }
    }

    /// The next frame; `None` at the end of the input (or on a read error).
    pub async fn next(&mut self) -> Option<Frame> {
        loop {
            match self.step() {
                Step::Frame(f) => return Some(f),
                Step::More(hint) => {
                    if self.pos == self.buf.len() {
                        self.buf.clear();
                        self.pos = 0;
                        // Don't keep the room of a huge message for good.
                        if self.buf.capacity() > 1 << 20 {
                            self.buf.shrink_to(64 << 10);
                        }
                    } else if self.pos > 0 && self.pos * 2 >= self.buf.len() {
                        self.buf.drain(..self.pos);
                        self.pos = 0;
                    }
                    self.buf.reserve(hint.max(64 << 10));
                    match self.inner.read_buf(&mut self.buf).await {
                        Ok(0) | Err(_) => return None,
                        Ok(_) => {}
                    }
                }
            }
        }
    }

    /// Skip bad bytes up to the next `Content-Length` header. The first skip of a run is
    /// reported (`Some`); `None` when there is nothing to report.
    fn resync(&mut self, detail: &str) -> Option<Response> {
        let rest = &self.buf[self.pos..];
        match find(rest.get(1..).unwrap_or_default(), HEADER_NAME) {
            Some(i) => self.pos += i + 1,
            None => {
                // Keep a tail that may be the start of a split header name.
                let keep = (HEADER_NAME.len() - 1).min(rest.len());
                self.pos += rest.len() - keep;
            }
        }
        if self.garbage {
            return None;
        }
        self.garbage = true;
        Some(error(ErrorCode::ParseError, Id::Null, detail))
    }

    fn step(&mut self) -> Step {
        loop {
            let rest = &self.buf[self.pos..];
            let end = find(rest, b"\r\n\r\n");
            let head = &rest[..end.unwrap_or(rest.len())];
            if head.len() > MAX_HEADER || !plausible_header(head) {
                let before = self.pos;
                if let Some(e) = self.resync("bytes outside a message (no header)") {
                    return Step::Frame(Frame::Invalid(e));
                }
                if self.pos == before || self.pos >= self.buf.len() {
                    return Step::More(1);
                }
                continue;
            }
            let Some(end) = end else {
                return Step::More(1);
            };
            return match content_length(head) {
                Ok(len) => {
                    let total = end + 4 + len;
                    if rest.len() < total {
                        return Step::More(total - rest.len());
                    }
                    let frame = decode(&rest[end + 4..total]);
                    self.pos += total;
                    // Bytes right after a bad body belong to the same incident.
                    self.garbage = matches!(frame, Frame::Invalid(_));
                    Step::Frame(frame)
                }
                Err(detail) => {
                    // The body's length is unknown: skip the header, then resynchronise.
                    self.pos += end + 4;
                    self.garbage = true;
                    Step::Frame(Frame::Invalid(error(
                        ErrorCode::ParseError,
                        Id::Null,
                        detail,
                    )))
                }
            };
        }
    }
}

async fn write_message<O: AsyncWrite + Unpin>(out: &mut O, m: &Message) -> std::io::Result<()> {
    let body = serde_json::to_vec(m)?;
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(&body).await?;
    out.flush().await
}

/// Write messages until the stream ends or the output fails.
async fn write_messages<O: AsyncWrite + Unpin>(
    mut messages: impl futures::Stream<Item = Message> + Unpin,
    out: &mut O,
) {
    while let Some(m) = messages.next().await {
        if write_message(out, &m).await.is_err() {
            break;
        }
    }
}

/// Start a request in the service: its response, if it has one.
fn call<S: LanguageServer>(
    service: &mut LspService<S>,
    req: Request,
) -> future::BoxFuture<'static, Option<Response>> {
    // tower-lsp-server drops the answer to an unknown `$/` request; the spec wants
    // MethodNotFound for it (a `$/` notification is ignored).
    let unanswered = req
        .method()
        .starts_with("$/")
        .then(|| req.id().cloned())
        .flatten();
    service
        .call(req)
        .map(move |r| match r {
            Ok(Some(res)) => Some(res),
            _ => unanswered.map(|id| Response::from_error(id, Error::method_not_found())),
        })
        .boxed()
}

/// Serve `service` on `input`/`output` until `exit` or the end of the input.
pub async fn serve<S, I, O>(
    input: I,
    mut output: O,
    mut service: LspService<S>,
    socket: ClientSocket,
) where
    S: LanguageServer,
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    let (responses_tx, responses_rx) = mpsc::channel::<Message>(0);
    let (mut tasks_tx, tasks_rx) = mpsc::channel(QUEUE);
    let (done_tx, done_rx) = futures::channel::oneshot::channel::<()>();

    let process_tasks = tasks_rx
        .buffer_unordered(MAX_CONCURRENCY)
        .filter_map(future::ready)
        .map(|r| Ok(Message::Response(r)))
        .forward(responses_tx.clone().sink_map_err(|_| ()));

    let print_output = write_messages(
        stream::select(responses_rx, client_requests.map(Message::Request)),
        &mut output,
    );

    let read_input = async {
        let mut reader = FrameReader::new(input);
        let mut responses_tx = responses_tx;
        while let Some(frame) = reader.next().await {
            match frame {
                Frame::Message(Message::Request(req)) => {
                    if future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        break; // exited
                    }
                    let exit = req.method() == "exit";
                    let _ = tasks_tx.send(call(&mut service, req)).await;
                    if exit {
                        break;
                    }
                }
                Frame::Message(Message::Response(res)) => {
                    if client_responses.send(res).await.is_err() {
                        break;
                    }
                }
                Frame::Invalid(res) => {
                    let _ = responses_tx.send(Message::Response(res)).await;
                }
            }
        }
        tasks_tx.disconnect();
        responses_tx.disconnect();
        client_abort.abort();
        let _ = done_tx.send(());
    };

    // Once the input is done, wait for the pipeline only for a grace period: an analysis
    // in flight must not keep the process alive after `exit`.
    let pipeline = async {
        futures::join!(process_tasks.map(|_| ()), print_output);
    };
    let stop = async {
        let _ = done_rx.await;
        tokio::time::sleep(GRACE).await;
    };
    futures::join!(read_input, async {
        futures::pin_mut!(pipeline, stop);
        future::select(pipeline, stop).await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut r = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(f) = r.next().await {
            out.push(f);
        }
        out
    }

    fn msg(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn kinds(f: &[Frame]) -> Vec<String> {
        f.iter()
            .map(|f| match f {
                Frame::Message(Message::Request(r)) => format!("req {}", r.method()),
                Frame::Message(Message::Response(r)) => format!("res {}", r.id()),
                Frame::Invalid(r) => {
                    format!("err {} {}", r.error().map_or(0, |e| e.code.code()), r.id())
                }
            })
            .collect()
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;

    #[tokio::test]
    async fn bad_frames_are_answered_and_reading_goes_on() {
        let mut input = String::new();
        input += &msg("{not json");
        input += &msg(PING);
        input += &msg(r#"{"jsonrpc":"2.0","id":8,"method":3}"#);
        input += &msg("[1,2]");
        input += "Content-Length: abc\r\n\r\n{\"x\":1}";
        input += &msg(PING);
        input += &msg(r#"{"jsonrpc":"2.0","id":9,"result":null}"#);
        input += "{\"jsonrpc\":\"2.0\",\"method\":\"no header\"}";
        input += &msg(PING);
        input += "X-Other: 1\r\n\r\n";
        input += &msg(PING);
        input += "Content-Length: 99999999999\r\n\r\n";
        input += &msg(PING);
        let got = kinds(&frames(input.as_bytes()).await);
        assert_eq!(
            got,
            vec![
                "err -32700 null",
                "req ping",
                "err -32600 8",
                "err -32600 null",
                "err -32700 null",
                "req ping",
                "res 9",
                "err -32700 null",
                "req ping",
                "err -32700 null",
                "req ping",
                "err -32700 null",
                "req ping",
            ]
        );
    }

    #[tokio::test]
    async fn lengths_that_are_off_lose_only_their_neighbour() {
        // Too short: the cut body fails, the rest is skipped up to the next header.
        let mut input = format!("Content-Length: 10\r\n\r\n{PING}");
        input += &msg(PING);
        // Too long: it swallows the start of the next message; the one after is read.
        input += &format!("Content-Length: {}\r\n\r\n{PING}", PING.len() + 20);
        input += &msg(PING);
        input += &msg(PING);
        let got = kinds(&frames(input.as_bytes()).await);
        assert_eq!(
            got,
            vec!["err -32700 null", "req ping", "err -32700 null", "req ping"]
        );
    }

    #[tokio::test]
    async fn a_frame_split_across_reads_is_whole() {
        let body = msg(PING);
        let (a, b) = body.as_bytes().split_at(9);
        let input = tokio_test_chain(a, b);
        let mut r = FrameReader::new(input);
        assert!(matches!(
            r.next().await,
            Some(Frame::Message(Message::Request(_)))
        ));
        assert!(r.next().await.is_none());
    }

    fn tokio_test_chain<'a>(a: &'a [u8], b: &'a [u8]) -> impl AsyncRead + Unpin + 'a {
        AsyncReadExt::chain(a, b)
    }
}
