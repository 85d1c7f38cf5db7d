//! Test support: the local AWS emulator (`tests/emulator/server.py`, moto with extensions) in a
//! child process, and a few listeners that misbehave on purpose.
//!
//! One emulator serves all the tests of a test binary ([`Emulator::shared`]); each test works in
//! an AWS account of its own ([`TestAccount`]), with its own resources, scenario (denied calls,
//! injected errors, delays...) and call log, so tests run in parallel without meeting. The
//! emulator stops when the test process ends, however it ends: it exits when its standard input
//! (a pipe held by this process) closes.
//!
//! The emulator runs with the Python of `$ASTRO_PREFLIGHT_PYTHON`, else `<repo>/.venv/bin/python`
//! (set it up with `python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.1'`).
//! When it cannot start, the test fails and says why: it is never skipped.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
use astro_preflight_facts::{FactsRequest, actions};
use serde_json::Value;

/// The fake credentials of the default emulated account.
pub const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The account moto gives to access keys it does not know.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// Limits for scenarios that expect answers: short, but with room for a busy machine (the
/// emulator answers in milliseconds when idle). Tests of the limits set their own.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the emulator may take to start (a cold Python import of moto can be slow on a
/// busy machine).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

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

/// A running emulator, stopped when dropped.
pub struct Emulator {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Emulator {
    /// Starts the emulator on a free port and waits until it answers.
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
                    "cannot start the AWS emulator with {} ({e}).\n\
                     Set ASTRO_PREFLIGHT_PYTHON to a Python that has moto[server]==5.2.1, or run:\n  \
                     python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.1'",
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
                 Its stderr:\n{log}\n\
                 Set ASTRO_PREFLIGHT_PYTHON to a Python that has moto[server]==5.2.1, or run:\n  \
                 python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.1'",
                python.display(),
                script.display()
            );
        };

        let emulator = Emulator {
            child,
            port,
            stderr,
        };
        let (status, body) = emulator.request("GET", "/_preflight/health", None);
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

    /// The endpoint URL for the SDK.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What the emulator wrote to stderr so far.
    pub fn log(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// One HTTP/1.1 request to the control API: (status, body).
    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))
            .unwrap_or_else(|e| panic!("cannot reach the emulator: {e}\n{}", self.log()));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        );
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body.as_bytes()))
            .expect("write to the emulator");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("read from the emulator");
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

    fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let (status, text) = self.request(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    /// Merges `scenario` into the emulator's scenario (see `tests/emulator/server.py`).
    pub fn scenario(&self, scenario: Value) {
        self.control("POST", "/_preflight/scenario", Some(&scenario));
    }

    /// Temporary credentials that the emulator attributes to `account`:
    /// (access key id, secret access key, session token).
    pub fn credentials_for(&self, account: &str) -> (String, String, String) {
        let creds = self.control(
            "POST",
            "/_preflight/credentials",
            Some(&serde_json::json!({ "accountId": account })),
        );
        let field = |name: &str| creds[name].as_str().unwrap_or_default().to_owned();
        (
            field("accessKeyId"),
            field("secretAccessKey"),
            field("sessionToken"),
        )
    }

    /// Every AWS call the emulator has seen, of one account or of all:
    /// `{"action", "region", "account", "outcome"}`.
    pub fn calls(&self, account: Option<&str>) -> Vec<Value> {
        let path = match account {
            Some(account) => format!("/_preflight/calls?account={account}"),
            None => "/_preflight/calls".to_owned(),
        };
        match self.control("GET", &path, None) {
            Value::Array(calls) => calls,
            other => panic!("calls: {other}"),
        }
    }
}

/// An AWS account of its own in the shared emulator, with credentials for it.
pub struct TestAccount {
    pub emulator: &'static Emulator,
    pub id: String,
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
}

impl TestAccount {
    /// A fresh account (never used by another test of this process).
    pub fn new() -> TestAccount {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let emulator = Emulator::shared();
        let id = format!("9{:011}", NEXT.fetch_add(1, Ordering::Relaxed));
        let (access_key_id, secret_access_key, session_token) = emulator.credentials_for(&id);
        TestAccount {
            emulator,
            id,
            access_key_id,
            secret_access_key,
            session_token,
        }
    }

    /// Credentials of the account: (access key id, secret access key, session token).
    pub fn credentials(&self) -> (&str, &str, &str) {
        (
            &self.access_key_id,
            &self.secret_access_key,
            &self.session_token,
        )
    }

    /// What to gather for this account in `region`, for an m5.xlarge cluster.
    pub fn request(&self, region: &str) -> FactsRequest {
        FactsRequest {
            account_id: self.id.clone(),
            region: region.to_owned(),
            instance_type: "m5.xlarge".to_owned(),
            peering: vec![],
        }
    }

    /// Merges `scenario` into this account's scenario (see `tests/emulator/server.py`).
    pub fn scenario(&self, mut scenario: Value) {
        scenario["account"] = Value::String(self.id.clone());
        self.emulator.scenario(scenario);
    }

    /// The IAM actions this account has called, oldest first.
    pub fn actions(&self) -> Vec<String> {
        self.emulator
            .calls(Some(&self.id))
            .iter()
            .filter_map(|c| c["action"].as_str().map(str::to_owned))
            .collect()
    }

    /// Options that point at the emulator, with short timeouts.
    pub fn options(&self) -> AwsOptions {
        AwsOptions {
            profile: None,
            endpoint_url: Some(self.emulator.url()),
            call_timeout: CALL_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
        }
    }

    /// A provider with this account's credentials and `options`.
    pub fn provider_with(&self, options: AwsOptions) -> AwsFactsProvider {
        AwsFactsProvider::new(options).with_static_credentials(
            self.access_key_id.clone(),
            self.secret_access_key.clone(),
            Some(self.session_token.clone()),
        )
    }

    /// A provider with this account's credentials.
    pub fn provider(&self) -> AwsFactsProvider {
        self.provider_with(self.options())
    }

    /// An EC2 client of this account, for setting up a scenario (not the code under test).
    pub fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        let config = aws_sdk_ec2::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_owned()))
            .endpoint_url(self.emulator.url())
            .credentials_provider(aws_credential_types::Credentials::new(
                self.access_key_id.clone(),
                self.secret_access_key.clone(),
                Some(self.session_token.clone()),
                None,
                "tests",
            ))
            .build();
        aws_sdk_ec2::Client::from_conf(config)
    }

    /// Asserts that every call of this account since the `from`-th is one of `actions::ALL`.
    pub fn assert_only_known_actions(&self, from: usize) {
        for action in self.actions().into_iter().skip(from) {
            assert!(
                actions::ALL.contains(&action.as_str()),
                "the gatherer called {action}, which is not in actions::ALL"
            );
        }
    }
}

impl Default for TestAccount {
    fn default() -> Self {
        TestAccount::new()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a future to completion on a fresh runtime (for scenario set-up).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("test runtime")
        .block_on(future)
}

/// A TCP listener that accepts connections and never answers, until dropped.
pub struct SilentListener {
    port: u16,
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
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    // Read nothing, answer nothing: keep the connection open.
                    Ok((stream, _)) => held.push(stream),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        SilentListener {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
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
