//! The committed schema in an editor: a session with Red Hat's YAML language server (npm
//! `yaml-language-server`, what VS Code's YAML extension runs) over stdio, in a private network
//! namespace, with the schema named by the manifests' own `# yaml-language-server: $schema=`
//! comment. The examples get no diagnostics; a bad region does; completion offers every
//! supported region; hover shows the description.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Long enough for a loaded machine; a healthy server answers in well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Session {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: u64,
    /// Notifications that arrived while waiting for something else.
    diagnostics: Vec<Value>,
}

impl Session {
    fn start() -> Session {
        let server =
            crate::tools::node_modules().join("yaml-language-server/bin/yaml-language-server");
        let mut child = Command::new("unshare")
            .args(["--net", "--map-root-user", "node"])
            .arg(server)
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts yaml-language-server");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                if tx
                    .send(serde_json::from_slice(&body).expect("a JSON-RPC message"))
                    .is_err()
                {
                    return;
                }
            }
        });
        let mut session = Session {
            child,
            stdin,
            incoming,
            next_id: 0,
            diagnostics: Vec::new(),
        };
        let root_uri = file_uri(&root());
        session.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "astro-preflight" }],
                "capabilities": {
                    "workspace": { "configuration": true },
                    "textDocument": {
                        "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": ["markdown", "plaintext"] } },
                        "hover": { "contentFormat": ["markdown", "plaintext"] },
                        "publishDiagnostics": {},
                    },
                },
            }),
        );
        session.notify("initialized", json!({}));
        session.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": settings() }),
        );
        session
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message, answering the server's own requests on the way.
    fn next(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let message = match self
                .incoming
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("yaml-language-server exited"),
            };
            if let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) {
                let result = match method {
                    "workspace/configuration" => {
                        let items = message["params"]["items"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default();
                        Value::Array(
                            items
                                .iter()
                                .map(|i| {
                                    if i["section"] == "yaml" {
                                        settings()["yaml"].clone()
                                    } else {
                                        Value::Null
                                    }
                                })
                                .collect(),
                        )
                    }
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                continue;
            }
            return Some(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no answer to {method}"));
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            if message["method"] == "textDocument/publishDiagnostics" {
                self.diagnostics.push(message["params"].clone());
            }
        }
    }

    /// Opens a document and returns the diagnostics the server publishes for it once the
    /// schema is loaded (the server publishes once per validation).
    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.diagnostics.iter().position(|d| d["uri"] == uri) {
                return self.diagnostics.remove(i)["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            match self.next(deadline) {
                Some(m) if m["method"] == "textDocument/publishDiagnostics" => {
                    self.diagnostics.push(m["params"].clone())
                }
                Some(_) => {}
                None => panic!("no diagnostics for {uri}"),
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The editor's settings: validation, hover and completion on; no schema store (it would be
/// fetched from the network).
fn settings() -> Value {
    json!({ "yaml": { "validate": true, "hover": true, "completion": true, "schemaStore": { "enable": false }, "schemas": {} } })
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.to_str().unwrap().replace(' ', "%20"))
}

/// A manifest in `examples/` (so that the `$schema` comment's relative path resolves), not
/// written to disk: the server reads the text from `didOpen`.
fn example_uri(name: &str) -> String {
    file_uri(&root().join("examples").join(name))
}

#[test]
fn yaml_language_server_reads_the_committed_schema() {
    let mut session = Session::start();

    // Every example manifest: no problem reported.
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with(
                    "# yaml-language-server: $schema=../schemas/install-manifest.schema.json"
                ),
                "{}",
                path.display()
            );
            let diagnostics = session.open(&file_uri(&path), &text);
            assert_eq!(diagnostics, Vec::<Value>::new(), "{}", path.display());
        }
    }

    // A region of the wrong shape is flagged at its value; one of the right shape is not (the
    // schema does not list regions as an enum: `[allow]` extends them).
    let good = std::fs::read_to_string(root().join("examples/hybrid.yaml")).unwrap();
    for (name, region, flagged) in [
        ("mars.yaml", "mars-1", true),
        ("typo.yaml", "us-east-l", true),
        ("new.yaml", "ap-southeast-3", false),
    ] {
        let text = good.replacen("region: us-east-1", &format!("region: {region}"), 1);
        let diagnostics = session.open(&example_uri(name), &text);
        let line = text
            .lines()
            .position(|l| l.contains(&format!("region: {region}")))
            .unwrap();
        if flagged {
            assert_eq!(diagnostics.len(), 1, "{region}: {diagnostics:?}");
            assert_eq!(
                diagnostics[0]["range"]["start"]["line"], line,
                "{diagnostics:?}"
            );
            assert_eq!(
                diagnostics[0]["range"]["start"]["character"], 10,
                "{diagnostics:?}"
            );
            assert!(
                diagnostics[0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("pattern"),
                "{diagnostics:?}"
            );
        } else {
            assert_eq!(diagnostics, Vec::<Value>::new(), "{region}");
        }
    }

    // Completion after `region: ` offers every supported region.
    let text = good.replacen("region: us-east-1", "region: ", 1);
    let uri = example_uri("complete.yaml");
    session.open(&uri, &text);
    let line = text.lines().position(|l| l == "  region: ").unwrap();
    let completion = session.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 10 } }),
    );
    let items = completion["items"]
        .as_array()
        .or(completion.as_array())
        .cloned()
        .unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    for region in astro_preflight_linter::tables::regions::SUPPORTED {
        assert!(
            labels.contains(region),
            "{region} is not offered: {labels:?}"
        );
    }

    // Hover on a key shows its description; a Markdown description as Markdown.
    let uri = example_uri("hybrid.yaml");
    let line = good
        .lines()
        .position(|l| l.starts_with("  region:"))
        .unwrap();
    let hover = session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 4 } }),
    );
    let contents = hover["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    // A plain description is shown with Markdown's characters escaped.
    assert!(
        contents
            .replace('\\', "")
            .contains("The AWS region of the cluster (one that Astro supports)."),
        "{contents}"
    );
    assert!(
        contents.contains("us-west-2"),
        "the examples are shown: {contents}"
    );
    let line = good
        .lines()
        .position(|l| l.starts_with("install:"))
        .unwrap();
    let hover = session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 2 } }),
    );
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    let contents = hover["contents"]["value"].as_str().unwrap();
    assert!(
        contents.contains(
            "`hybrid` (the current install, a /20 VPC and an RDS metadata database you size)"
        ),
        "{contents}"
    );
}
