//! The local AWS emulator (`tests/emulator/server.py`, moto with extensions) for end-to-end tests
//! of the binary's online path, and listeners that misbehave on purpose.
//!
//! One emulator serves every test of this binary ([`Emulator::shared`]); each test works in an
//! AWS account of its own ([`Account`]), with its own resources, scenario and call log, so tests
//! run in parallel without meeting. The emulator exits when its standard input (a pipe held by
//! this process) closes, so it never outlives the tests, however they end.
//!
//! The emulator runs with the Python of `$ASTRO_PREFLIGHT_PYTHON`, else `<repo>/.venv/bin/python`
//! (`scripts/test` sets both up). When it cannot start, the tests fail and say why: they are never
//! skipped.
//!
//! Resources (VPCs, instances) are created with plain EC2 Query requests: moto does not verify
//! signatures, it only reads the access key (hence the account) and the region from the
//! `Authorization` header's credential scope.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

/// How long the emulator may take to start (a cold import of moto is slow on a busy machine).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python that runs the emulator.
fn python() -> PathBuf {
    match std::env::var_os("ASTRO_PREFLIGHT_PYTHON") {
        Some(python) if !python.is_empty() => PathBuf::from(python),
        _ => repo_root().join(".venv/bin/python"),
    }
}

/// A running emulator, killed when dropped.
pub struct Emulator {
    child: Mutex<Child>,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Emulator {
    /// Starts the emulator on a free port and waits until it answers; panics when it cannot.
    fn start() -> Emulator {
        let python = python();
        let script = repo_root().join("tests/emulator/server.py");
        let hint = "Set ASTRO_PREFLIGHT_PYTHON to a Python that has moto[server]==5.2.1, or run \
                    `scripts/test -p astro-preflight-facts` once to create .venv";
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
            .unwrap_or_else(|e| panic!("cannot start the AWS emulator with {} ({e}). {hint}", python.display()));

        // Drain stderr so that the emulator never blocks on a full pipe; keep it for messages.
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
                 Its stderr:\n{log}\n{hint}",
                python.display(),
                script.display()
            );
        };

        let emulator = Emulator { child: Mutex::new(child), port, stderr };
        let (status, body) = emulator.request("GET", "/_preflight/health", None);
        assert_eq!(status, 200, "emulator health check: {body}");
        emulator
    }

    /// The emulator shared by the tests of this process, started on first use.
    pub fn shared() -> &'static Emulator {
        static SHARED: OnceLock<Emulator> = OnceLock::new();
        SHARED.get_or_init(Emulator::start)
    }

    /// The endpoint URL for `--endpoint-url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// One HTTP/1.1 request: (status, body).
    fn request_with(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))
            .unwrap_or_else(|e| panic!("cannot reach the emulator: {e}\n{}", self.log()));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", self.port);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body))
            .unwrap_or_else(|e| panic!("write to the emulator: {e}\n{}", self.log()));
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .unwrap_or_else(|e| panic!("read from the emulator: {e}\n{}", self.log()));
        let response = String::from_utf8_lossy(&response);
        let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
        let body = body.map(Value::to_string).unwrap_or_default();
        self.request_with(method, path, &[("Content-Type", "application/json")], body.as_bytes())
    }

    /// A control API call that must succeed, as JSON.
    fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let (status, text) = self.request(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// An AWS account of its own in the shared emulator, with temporary credentials for it.
pub struct Account {
    pub emulator: &'static Emulator,
    pub id: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

impl Account {
    /// A fresh account, never used by another test of this process.
    pub fn new() -> Account {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let emulator = Emulator::shared();
        // 8... : distinct from the accounts of the other test binaries' conventions.
        let id = format!("8{:011}", NEXT.fetch_add(1, Ordering::Relaxed));
        let creds = emulator.control("POST", "/_preflight/credentials", Some(&json!({ "accountId": id })));
        let field = |name: &str| {
            let value = creds[name].as_str().unwrap_or_default().to_owned();
            assert!(!value.is_empty(), "credentials without {name}: {creds}");
            value
        };
        Account {
            emulator,
            access_key_id: field("accessKeyId"),
            secret_access_key: field("secretAccessKey"),
            session_token: field("sessionToken"),
            id,
        }
    }

    /// Merges `scenario` into this account's scenario (see `tests/emulator/server.py`).
    pub fn scenario(&self, mut scenario: Value) {
        scenario["account"] = Value::String(self.id.clone());
        self.emulator.control("POST", "/_preflight/scenario", Some(&scenario));
    }

    /// The IAM actions this account's credentials called, oldest first, with their regions.
    pub fn calls(&self) -> Vec<(String, String)> {
        let calls = self.emulator.control("GET", &format!("/_preflight/calls?account={}", self.id), None);
        calls
            .as_array()
            .expect("calls is a list")
            .iter()
            .map(|c| (c["action"].as_str().unwrap_or_default().to_owned(), c["region"].as_str().unwrap_or_default().to_owned()))
            .collect()
    }

    /// An EC2 Query API call in `region` with this account's credentials (set-up, not the code
    /// under test); the XML response. Panics unless the call succeeds.
    pub fn ec2(&self, region: &str, params: &[(&str, &str)]) -> String {
        let mut body = String::from("Version=2016-11-15");
        for (name, value) in params {
            body.push_str(&format!("&{}={}", form_encode(name), form_encode(value)));
        }
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential={}/20260101/{region}/ec2/aws4_request, SignedHeaders=host, Signature=0",
            self.access_key_id
        );
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Amz-Security-Token", self.session_token.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ];
        let (status, xml) = self.emulator.request_with("POST", "/", &headers, body.as_bytes());
        assert_eq!(status, 200, "EC2 {params:?} in {region}: {xml}");
        xml
    }

    /// Creates a VPC (set-up) and returns its ID.
    pub fn create_vpc(&self, region: &str, cidr: &str) -> String {
        let xml = self.ec2(region, &[("Action", "CreateVpc"), ("CidrBlock", cidr)]);
        xml_value(&xml, "vpcId").unwrap_or_else(|| panic!("no vpcId in {xml}"))
    }

    /// Associates a secondary IPv4 CIDR block with a VPC (set-up).
    pub fn associate_cidr(&self, region: &str, vpc_id: &str, cidr: &str) {
        let xml = self.ec2(region, &[("Action", "AssociateVpcCidrBlock"), ("VpcId", vpc_id), ("CidrBlock", cidr)]);
        assert!(xml.contains(cidr), "{xml}");
    }

    /// Runs a t3.micro instance (set-up) and returns its ID.
    pub fn run_instance(&self, region: &str) -> String {
        let images = self.ec2(region, &[("Action", "DescribeImages"), ("Owner.1", "amazon")]);
        let image = xml_value(&images, "imageId").unwrap_or_else(|| panic!("no image in {region}"));
        let xml = self.ec2(
            region,
            &[("Action", "RunInstances"), ("ImageId", &image), ("InstanceType", "t3.micro"), ("MinCount", "1"), ("MaxCount", "1")],
        );
        xml_value(&xml, "instanceId").unwrap_or_else(|| panic!("no instanceId in {xml}"))
    }
}

/// The text of the first `<tag>` element.
fn xml_value(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find('<')?;
    Some(xml[start..end].to_owned())
}

fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
        listener.set_nonblocking(true).expect("non-blocking listener");
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
        SilentListener { port, accepted, stop, thread: Some(thread) }
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
