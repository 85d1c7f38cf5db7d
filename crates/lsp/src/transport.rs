//! The server's stdio transport: the base protocol of LSP (`Content-Length` headers, then a
//! JSON body) framed here, carrying lsp-server's `Message` types over its `Connection`'s
//! channels.
//!
//! lsp-server's own stdio reader allocates whatever `Content-Length` claims before reading
//! the body, and ends the connection on the first malformed header or body (the server then
//! exits without a word). This reader bounds every frame without allocating a claimed size:
//! a header line is at most [`MAX_HEADER_LINE`] bytes, a body at most the bound it is given;
//! a larger body is read and thrown away in small pieces. A body that is not a JSON-RPC
//! message gets a parse error (-32700) when it is a request whose `id` can be read, and is
//! logged on stderr otherwise; a header block without a usable `Content-Length` is logged and
//! the reader looks for the next one. Either way the next message is read and served.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use astro_preflight_linter::sanitize;
use astro_preflight_manifest::Limits;
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, RequestId, Response};

/// The largest message body read: a document at the ceiling of `[limits] max-file-size`
/// (64 MiB, which no configuration may exceed) and the JSON around it.
pub const MAX_FRAME: usize = Limits::CEILING_MAX_BYTES + 1024 * 1024;

/// The longest header line read; LSP sends two short headers.
pub const MAX_HEADER_LINE: usize = 4096;

/// The reader and writer threads of [`stdio`].
pub struct IoThreads {
    writer: thread::JoinHandle<()>,
}

impl IoThreads {
    /// Waits until everything sent to the client has been written. (The reader is not waited
    /// for: it may be blocked on a client that keeps its end open.)
    pub fn join(self) {
        let _ = self.writer.join();
    }
}

/// A connection over stdin and stdout, frames bounded by [`MAX_FRAME`].
pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = crossbeam_channel::bounded::<Message>(0);
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::spawn(move || write_messages(&outgoing, &mut io::stdout().lock()));
    let replies = to_client.clone();
    thread::spawn(move || {
        read_messages(
            &mut io::stdin().lock(),
            MAX_FRAME,
            &to_server,
            &replies,
            &mut io::stderr(),
        );
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { writer },
    )
}

fn write_messages(outgoing: &Receiver<Message>, out: &mut impl Write) {
    for message in outgoing {
        if message.write(out).is_err() {
            // The client is gone.
            return;
        }
    }
}

/// Reads messages from `input` until it ends (or after `exit`), each body at most `max`
/// bytes: messages go to `server`, parse errors to `client`, everything else that could not
/// be read is logged to `log`.
pub fn read_messages(
    input: &mut impl BufRead,
    max: usize,
    server: &Sender<Message>,
    client: &Sender<Message>,
    log: &mut impl Write,
) {
    loop {
        let body = match read_frame(input, max) {
            Ok(Frame::Body(body)) => body,
            Ok(Frame::Skipped(why)) => {
                let _ = writeln!(log, "astro-preflight server: {why}");
                continue;
            }
            Ok(Frame::End) => return,
            Err(e) => {
                let _ = writeln!(
                    log,
                    "astro-preflight server: cannot read from the client: {e}"
                );
                return;
            }
        };
        match parse(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if server.send(message).is_err() || exit {
                    return;
                }
            }
            Err(Malformed { id: Some(id), why }) => {
                let reply = Response::new_err(
                    id,
                    ErrorCode::ParseError as i32,
                    format!("astro-preflight: malformed message: {why}"),
                );
                if client.send(reply.into()).is_err() {
                    return;
                }
            }
            Err(Malformed { id: None, why }) => {
                let _ = writeln!(
                    log,
                    "astro-preflight server: a malformed message was ignored: {}",
                    sanitize::message(&why)
                );
            }
        }
    }
}

/// One frame of the stream.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    Body(Vec<u8>),
    /// A frame that was read past and dropped, and why.
    Skipped(String),
    /// The stream ended.
    End,
}

/// Reads one header block and its body.
fn read_frame(input: &mut impl BufRead, max: usize) -> io::Result<Frame> {
    let mut length: Option<Result<u64, String>> = None;
    let mut any = false;
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(if any {
                Frame::Skipped("the stream ended inside a message's headers".to_owned())
            } else {
                Frame::End
            });
        };
        let Line::Text(line) = line else {
            length = Some(Err(format!(
                "a header line longer than {MAX_HEADER_LINE} bytes"
            )));
            any = true;
            continue;
        };
        if line.is_empty() {
            if !any {
                // A stray line break between messages.
                continue;
            }
            break;
        }
        any = true;
        // After a frame that could not be delimited, its body is read as header lines: the
        // next header block may start in the middle of one.
        if let Some(at) = find_ascii_ci(&line, b"content-length:") {
            let value = &line[at + b"content-length:".len()..];
            length = Some(
                std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .ok_or_else(|| {
                        format!(
                            "Content-Length `{}` is not a number",
                            sanitize::message(&String::from_utf8_lossy(value))
                        )
                    }),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(why)) => {
            return Ok(Frame::Skipped(format!(
                "a message was ignored: {why}; looking for the next one"
            )));
        }
        None => {
            return Ok(Frame::Skipped(
                "a message without a Content-Length header was ignored; looking for the next one"
                    .to_owned(),
            ));
        }
    };
    if length > max as u64 {
        // Not allocated: read past it in small pieces.
        let skipped = io::copy(&mut input.take(length), &mut io::sink())?;
        return Ok(if skipped < length {
            Frame::End
        } else {
            Frame::Skipped(format!(
                "a message of {length} bytes was refused, more than the {max}-byte bound"
            ))
        });
    }
    let mut body = Vec::with_capacity(length as usize);
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Frame::End);
    }
    Ok(Frame::Body(body))
}

enum Line {
    /// The line without its `\n` or `\r\n`.
    Text(Vec<u8>),
    /// Longer than [`MAX_HEADER_LINE`]: read past.
    TooLong,
}

/// One header line, at most [`MAX_HEADER_LINE`] bytes kept; `None` at the end of the stream.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if too_long {
                Some(Line::TooLong)
            } else {
                (!line.is_empty()).then_some(Line::Text(line))
            });
        }
        let (taken, done) = match memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            let room = MAX_HEADER_LINE + 2 - line.len();
            if taken > room {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(&available[..taken]);
            }
        }
        input.consume(taken);
        if done {
            if too_long {
                return Ok(Some(Line::TooLong));
            }
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(Line::Text(line)));
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Where `needle` (lower-case ASCII) is in `haystack`, compared without ASCII case.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Why a body is not a message, and the request's ID when one can be answered.
struct Malformed {
    id: Option<RequestId>,
    why: String,
}

fn parse(body: &[u8]) -> Result<Message, Malformed> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| Malformed {
        id: None,
        why: format!("not JSON ({e})"),
    })?;
    // A request (it has a method) can be answered under its ID.
    let id = value
        .get("method")
        .and(value.get("id"))
        .and_then(|id| match id {
            serde_json::Value::Number(n) => n
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(RequestId::from),
            serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
            _ => None,
        });
    // Told apart by their fields, not by trying each in turn: a request whose method is not a
    // string would otherwise pass for a response.
    let malformed = |e: serde_json::Error| Malformed {
        id: id.clone(),
        why: format!("not a JSON-RPC message ({e})"),
    };
    let is = |key: &str| value.get(key).is_some();
    if is("method") {
        if is("id") {
            serde_json::from_value(value).map(Message::Request)
        } else {
            serde_json::from_value(value).map(Message::Notification)
        }
        .map_err(malformed)
    } else if is("id") && (is("result") || is("error")) {
        serde_json::from_value(value)
            .map(Message::Response)
            .map_err(malformed)
    } else {
        Err(Malformed {
            id: None,
            why: "neither a request, a notification nor a response".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(stream: &[u8], max: usize) -> Vec<Frame> {
        let mut input = io::BufReader::with_capacity(7, stream);
        let mut out = Vec::new();
        loop {
            let frame = read_frame(&mut input, max).unwrap();
            let end = frame == Frame::End;
            out.push(frame);
            if end {
                return out;
            }
        }
    }

    #[test]
    fn frames_are_read_and_bounded() {
        let stream = b"Content-Length: 2\r\n\r\n{}content-length:3\r\nX-Other: y\r\n\r\n[1]Content-Length: 99\r\n\r\n";
        let got = frames(stream, 1 << 20);
        assert_eq!(got[0], Frame::Body(b"{}".to_vec()));
        assert_eq!(got[1], Frame::Body(b"[1]".to_vec()));
        // The stream ends inside the body.
        assert_eq!(got[2], Frame::End);

        // Over the bound: read past, not kept; the next frame is read.
        let stream = b"Content-Length: 10\r\n\r\n0123456789Content-Length: 2\r\n\r\nok";
        let got = frames(stream, 5);
        assert!(
            matches!(&got[0], Frame::Skipped(why) if why.contains("10 bytes was refused")),
            "{got:?}"
        );
        assert_eq!(got[1], Frame::Body(b"ok".to_vec()));
    }

    #[test]
    fn a_broken_header_block_is_skipped_and_the_next_one_found() {
        let stream = b"Content-Length: x\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        let got = frames(stream, 100);
        assert!(
            matches!(&got[0], Frame::Skipped(why) if why.contains("is not a number")),
            "{got:?}"
        );
        assert_eq!(got[1], Frame::Body(b"{}".to_vec()));

        let long = [b"X: ".as_slice(), &[b'a'; 10_000], b"\r\n\r\n"].concat();
        let got = frames(&long, 100);
        assert!(
            matches!(&got[0], Frame::Skipped(why) if why.contains("longer than")),
            "{got:?}"
        );
        assert_eq!(got[1], Frame::End);
    }

    #[test]
    fn malformed_bodies_are_answered_when_they_have_an_id() {
        let (server, from_client) = crossbeam_channel::unbounded();
        let (client, replies) = crossbeam_channel::unbounded();
        let mut log = Vec::new();
        let body = |b: &str| format!("Content-Length: {}\r\n\r\n{b}", b.len());
        let stream = [
            body(r#"{"jsonrpc":"2.0","id":7,"method":42}"#),
            body("not json"),
            body(r#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#),
        ]
        .concat();
        read_messages(
            &mut io::BufReader::new(stream.as_bytes()),
            1 << 20,
            &server,
            &client,
            &mut log,
        );
        let reply = replies.try_recv().unwrap();
        let Message::Response(reply) = reply else {
            panic!("{reply:?}")
        };
        assert_eq!(reply.id, RequestId::from(7));
        assert_eq!(reply.error.unwrap().code, -32700);
        let log = String::from_utf8(log).unwrap();
        assert!(
            log.contains("a malformed message was ignored: not JSON"),
            "{log}"
        );
        assert!(matches!(
            from_client.try_recv().unwrap(),
            Message::Request(r) if r.method == "shutdown"
        ));
    }
}
