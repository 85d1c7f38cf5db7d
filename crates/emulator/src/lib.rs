//! Test support: the local AWS emulator (`tests/emulator/server.py`, moto with extensions) in a
//! child process, and listeners that misbehave on purpose.
//!
//! One emulator serves all the tests of a test binary ([`Emulator::shared`]); each test works in
//! an AWS account of its own (an ID it picks, with [`Emulator::credentials_for`]), with its own
//! resources, scenario (denied calls, injected errors, delays...) and call log, so tests run in
//! parallel without meeting. The emulator stops when the test process ends, however it ends: it
//! exits when its standard input (a pipe held by this process) closes.
//!
//! The emulator runs with the Python of `$ASTRO_PREFLIGHT_PYTHON`, else `<repo>/.venv/bin/python`
//! (`scripts/test` sets both up). When it cannot start, the test fails and says why: it is never
//! skipped.
//!
//! Only the standard library's TCP and `serde_json`: no HTTP client, no AWS SDK. The `tls`
//! module (HTTPS servers, a test CA, a CONNECT proxy, for `egress`) adds rustls and rcgen; the
//! `astro` module is the emulated Astro API (its cluster options), over HTTP or HTTPS.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

pub mod astro;
pub mod setup;
pub mod tls;

/// The fake credentials of the default emulated account.
pub const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The account moto gives to access keys it does not know.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// How long the emulator may take to start (a cold import of moto is slow on a busy machine).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// How long one request to the emulator may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What to do when the emulator cannot start.
const HINT: &str = "Set ASTRO_PREFLIGHT_PYTHON to a Python that has moto[server]==5.2.1, or run \
                    `scripts/test` once to create .venv (or: python3 -m venv .venv && \
                    .venv/bin/pip install 'moto[server]==5.2.1')";

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python that runs the emulator.
pub fn python() -> PathBuf {
    match std::env::var_os("ASTRO_PREFLIGHT_PYTHON") {
        Some(python) if !python.is_empty() => PathBuf::from(python),
        _ => repo_root().join(".venv/bin/python"),
    }
}

/// Temporary credentials that the emulator attributes to one account.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

/// A running emulator, stopped when dropped.
pub struct Emulator {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Emulator {
    /// Starts an emulator on a free port and waits until it answers; panics, saying why, when
    /// it cannot.
    pub fn start() -> Emulator {
        let python = python();
        let script = repo_root().join("tests/emulator/server.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--host", "127.0.0.1", "--port", "0", "--exit-on-eof"])
            .env("PYTHONUNBUFFERED", "1")
            .env_remove("MOTO_ACCOUNT_ID")
            // The emulator's lifeline: it exits when this pipe closes.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the AWS emulator with {} ({e}).\n{HINT}",
                    python.display()
                )
            });

        // Keep draining stderr so that the emulator never blocks on a full pipe; keep the text
        // for failure messages.
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Ok(mut text) = sink.lock() {
                        text.push_str(&line);
                        text.push('\n');
                    }
                }
            });
        }

        // The first line of stdout is the port.
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(STARTUP_TIMEOUT).unwrap_or_default();
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = child.kill();
            let status = child.wait().ok();
            std::thread::sleep(Duration::from_millis(200));
            let log = stderr.lock().map(|s| s.clone()).unwrap_or_default();
            panic!(
                "the AWS emulator ({} {}) did not report its port (got {line:?}, exit {status:?}).\n\
                 Its stderr:\n{log}\n{HINT}",
                python.display(),
                script.display()
            );
        };

        let emulator = Emulator {
            child,
            port,
            stderr,
        };
        let (status, body) = emulator.request("GET", "/_preflight/health", &[], b"");
        assert_eq!(status, 200, "emulator health check: {body}");
        emulator
    }

    /// The emulator shared by the tests of this process, started on first use.
    pub fn shared() -> &'static Emulator {
        static SHARED: OnceLock<Emulator> = OnceLock::new();
        SHARED.get_or_init(Emulator::start)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The endpoint URL (for the SDK, or the binary's `--endpoint-url`).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What the emulator wrote to stderr so far.
    pub fn log(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// One HTTP/1.1 request, to the control API or to an emulated AWS API: (status, body).
    /// Panics, with the emulator's log, when the emulator cannot be reached.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))
            .unwrap_or_else(|e| panic!("cannot reach the emulator: {e}\n{}", self.log()));
        let _ = stream.set_read_timeout(Some(REQUEST_TIMEOUT));
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            self.port
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body))
            .unwrap_or_else(|e| panic!("write to the emulator: {e}\n{}", self.log()));
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .unwrap_or_else(|e| panic!("read from the emulator: {e}\n{}", self.log()));
        let response = String::from_utf8_lossy(&response);
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// A control API call (`/_preflight/...`) that must succeed, as JSON.
    pub fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let body = body.map(Value::to_string).unwrap_or_default();
        let headers = [("Content-Type", "application/json")];
        let (status, text) = self.request(method, path, &headers, body.as_bytes());
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    /// Merges `scenario` into the emulator's scenario (see `tests/emulator/server.py`); with an
    /// `"account"` member, into that account's.
    pub fn scenario(&self, scenario: Value) {
        self.control("POST", "/_preflight/scenario", Some(&scenario));
    }

    /// Temporary credentials that the emulator attributes to `account`.
    pub fn credentials_for(&self, account: &str) -> Credentials {
        let creds = self.control(
            "POST",
            "/_preflight/credentials",
            Some(&json!({ "accountId": account })),
        );
        let field = |name: &str| {
            let value = creds[name].as_str().unwrap_or_default().to_owned();
            assert!(!value.is_empty(), "credentials without {name}: {creds}");
            value
        };
        Credentials {
            access_key_id: field("accessKeyId"),
            secret_access_key: field("secretAccessKey"),
            session_token: field("sessionToken"),
        }
    }

    /// A fresh account: a 12-digit ID that starts with `first_digit` and was never handed out
    /// before in this process, and credentials that the emulator attributes to it.
    pub fn fresh_account(&self, first_digit: char) -> (String, Credentials) {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = format!("{first_digit}{:011}", NEXT.fetch_add(1, Ordering::Relaxed));
        let credentials = self.credentials_for(&id);
        (id, credentials)
    }

    /// Every AWS call the emulator has seen, of one account or of all, oldest first:
    /// `{"action", "region", "account", "outcome"}`.
    pub fn calls(&self, account: Option<&str>) -> Vec<Value> {
        let path = match account {
            Some(account) => format!("/_preflight/calls?account={account}"),
            None => "/_preflight/calls".to_owned(),
        };
        match self.control("GET", &path, None) {
            Value::Array(calls) => calls,
            other => panic!("calls is not a list: {other}"),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP listener that accepts connections and never answers, until dropped.
pub struct SilentListener {
    port: u16,
    accepted: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SilentListener {
    pub fn start() -> SilentListener {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a silent listener");
        let port = listener.local_addr().expect("local address").port();
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicU64::new(0));
        let (flag, count) = (Arc::clone(&stop), Arc::clone(&accepted));
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    // Read nothing, answer nothing: hold the connection open.
                    Ok((stream, _)) => {
                        held.push(stream);
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        SilentListener {
            port,
            accepted,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many connections were accepted (and held) so far.
    pub fn accepted(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }
}

impl Drop for SilentListener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A URL on which connections are refused: a port that was free a moment ago.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect(url: &str) -> std::io::Result<TcpStream> {
        TcpStream::connect(url.trim_start_matches("http://"))
    }

    #[test]
    fn a_silent_listener_accepts_and_holds_connections() {
        let listener = SilentListener::start();
        let _held = connect(&listener.url()).expect("connect");
        for _ in 0..400 {
            if listener.accepted() == 1 {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("accepted {} connections", listener.accepted());
    }

    #[test]
    fn the_refused_url_refuses() {
        assert!(connect(&refused_url()).is_err());
    }
}
