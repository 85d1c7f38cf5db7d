//! The emulated Astro Platform API: "Get cluster options"
//! (`GET /v1/organizations/{organizationId}/cluster-options?provider=AWS&type=HYBRID`) on
//! 127.0.0.1, over HTTP or HTTPS (a certificate of a [`TestCa`]), answering from the fixtures
//! in `tests/data/astro-api/` as the API documents it. It checks the bearer token (401 without
//! it or with another), the organization (404 for another) and the query (400 without
//! `provider=AWS` and `type=HYBRID`), records what it was asked, and can be told to answer any
//! failure instead ([`Answer`]). Threads and blocking sockets: no async runtime in the tests.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

use crate::tls::TestCa;

/// A fixture of `tests/data/astro-api/`: the API's answer for an organization.
pub fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `tests/data/astro-api/`.
pub fn fixtures_dir() -> PathBuf {
    crate::repo_root().join("tests/data/astro-api")
}

/// What the API answers to a request that passes its checks.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 200 with this body (the fixture's array).
    Options(Value),
    /// This status with the API's error body (`{message, requestId, statusCode}`).
    Error(u16, String),
    /// 200 with this body as it is (not JSON, or not the shape).
    Raw(String),
    /// Nothing: the connection stays open and silent.
    Hang,
}

/// One request the API received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The path and query.
    pub target: String,
    /// The `Authorization` header, when sent.
    pub authorization: Option<String>,
}

struct State {
    answer: Answer,
    seen: Vec<Seen>,
}

/// The emulated API, until dropped.
pub struct AstroApi {
    port: u16,
    tls: bool,
    token: String,
    organization: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl AstroApi {
    /// Over HTTP: the organization `organization`, whose Organization API token is `token`,
    /// answering with `answer`.
    pub fn start(token: &str, organization: &str, answer: Answer) -> AstroApi {
        AstroApi::listen(token, organization, answer, None)
    }

    /// Over HTTPS, with a certificate for `127.0.0.1` and `localhost` issued by `ca`.
    pub fn start_tls(token: &str, organization: &str, answer: Answer, ca: &TestCa) -> AstroApi {
        let config = crate::tls::server_config(ca, &["127.0.0.1", "localhost"]);
        AstroApi::listen(token, organization, answer, Some(config))
    }

    fn listen(
        token: &str,
        organization: &str,
        answer: Answer,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> AstroApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the Astro API");
        let port = listener.local_addr().expect("local address").port();
        listener.set_nonblocking(true).expect("non-blocking");
        let state = Arc::new(Mutex::new(State {
            answer,
            seen: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let checks = Arc::new((token.to_owned(), organization.to_owned()));
        let (flag, shared) = (Arc::clone(&stop), Arc::clone(&state));
        let secure = tls.is_some();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (state, checks, tls, stop) = (
                            Arc::clone(&shared),
                            Arc::clone(&checks),
                            tls.clone(),
                            Arc::clone(&flag),
                        );
                        std::thread::spawn(move || {
                            let _ = stream.set_nonblocking(false);
                            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                            match tls {
                                Some(config) => {
                                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                                        return;
                                    };
                                    let mut tls = rustls::StreamOwned::new(conn, stream);
                                    serve(&mut tls, &state, &checks, &stop);
                                    tls.conn.send_close_notify();
                                    let _ = tls.flush();
                                }
                                None => {
                                    let mut stream: TcpStream = stream;
                                    serve(&mut stream, &state, &checks, &stop);
                                }
                            }
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        AstroApi {
            port,
            tls: secure,
            token: token.to_owned(),
            organization: organization.to_owned(),
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// The base URL (`--astro-api-url`).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn organization(&self) -> &str {
        &self.organization
    }

    /// Answers `answer` from now on.
    pub fn answer(&self, answer: Answer) {
        self.state.lock().expect("state").answer = answer;
    }

    /// Every request received, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("state").seen.clone()
    }
}

impl Drop for AstroApi {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    stream: &mut (impl Read + Write),
    state: &Mutex<State>,
    checks: &(String, String),
    stop: &AtomicBool,
) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let authorization = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.trim().to_owned());
    let answer = {
        let mut state = state.lock().expect("state");
        state.seen.push(Seen {
            method: method.clone(),
            target: target.clone(),
            authorization: authorization.clone(),
        });
        state.answer.clone()
    };
    let (token, organization) = checks;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let params: Vec<&str> = query.split('&').collect();
    let expected = format!("/v1/organizations/{organization}/cluster-options");
    let (status, body) = if method != "GET" {
        error(405, "method not allowed")
    } else if authorization.as_deref() != Some(format!("Bearer {token}").as_str()) {
        error(401, "the token is missing, invalid or expired")
    } else if path != expected {
        match path.strip_prefix("/v1/organizations/") {
            Some(rest) if rest.ends_with("/cluster-options") => {
                error(404, "organization not found")
            }
            _ => error(404, "not found"),
        }
    } else if !params.contains(&"provider=AWS") || !params.contains(&"type=HYBRID") {
        error(
            400,
            "type is required (DEDICATED or HYBRID); provider must be AWS here",
        )
    } else {
        match answer {
            Answer::Options(value) => (200, value.to_string()),
            Answer::Error(status, message) => error(status, &message),
            Answer::Raw(body) => (200, body),
            Answer::Hang => {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
        }
    };
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

fn error(status: u16, message: &str) -> (u16, String) {
    let body = json!({"message": message, "requestId": "req-emulated", "statusCode": status});
    (status, body.to_string())
}
