//! `astro-preflight server` driven over stdio as an editor would: initialize (position encoding
//! negotiated), open, diagnostics in UTF-16 code units, change (debounced re-check), code
//! actions, hover, completion, close, shutdown and exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

pub(crate) struct Session {
    pub(crate) child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    backlog: Vec<Value>,
}

impl Session {
    fn start() -> Session {
        Session::start_with(&[])
    }

    /// The server with these environment variables set.
    pub(crate) fn start_with(env: &[(&str, &str)]) -> Session {
        Session::spawn(
            Command::new(env!("CARGO_BIN_EXE_astro-preflight"))
                .envs(env.iter().copied())
                .stderr(Stdio::inherit()),
        )
    }

    /// A session whose stderr (the server's log) is read line by line.
    fn logged() -> (Session, Receiver<String>) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_astro-preflight"));
        cmd.stderr(Stdio::piped());
        let mut session = Session::spawn(&mut cmd);
        let stderr = BufReader::new(session.child.stderr.take().unwrap());
        let (tx, log) = channel();
        std::thread::spawn(move || {
            for line in stderr.lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        (session, log)
    }

    fn spawn(cmd: &mut Command) -> Session {
        let mut child = cmd
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
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
                stdout.read_exact(&mut body).unwrap();
                if tx
                    .send(serde_json::from_slice::<Value>(&body).unwrap())
                    .is_err()
                {
                    return;
                }
            }
        });
        Session {
            child,
            stdin,
            incoming,
            next_id: 0,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Bytes as they are, framed or not.
    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message answering `id` (a result or an error).
    fn answer(&mut self, id: i64) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| m["id"] == id) {
            return self.backlog.remove(i);
        }
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(20))
                .expect("an answer within 20 s");
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
            self.backlog.push(message);
        }
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let message = self.answer(id);
        assert!(message.get("error").is_none(), "{method} failed: {message}");
        message["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    pub(crate) fn diagnostics(&mut self, uri: &str) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| is_publish(m, uri)) {
            return self.backlog.remove(i)["params"].clone();
        }
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(20))
                .expect("diagnostics within 20 s");
            if is_publish(&message, uri) {
                return message["params"].clone();
            }
            self.backlog.push(message);
        }
    }
}

fn is_publish(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

fn rules(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// A manifest with characters outside the BMP before a flagged value on its line.
const MANIFEST: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster: {name: acme, region: eu-wst-1, nodeInstanceType: m5.xlarge}\npeering:\n  - {vpcId: vpc-0a1b2c3d4e5f67890, region: us-east-1, dnsServers: [10.10.0.2], \"🚀🚀x\": 1, cidrs: [10.10.0.1/16]}\n";

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manifest.yaml");
    std::fs::write(&path, MANIFEST).unwrap();
    let uri = file_uri(&path);
    let mut s = Session::start();

    let init = s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "astro-preflight");
    s.notify("initialized", json!({}));

    // A YAML file that is not a manifest gets no diagnostics.
    let other = file_uri(&dir.path().join("other.yaml"));
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": other, "languageId": "yaml", "version": 1, "text": "a: [\n"}}));
    assert_eq!(s.diagnostics(&other)["diagnostics"], json!([]));

    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": MANIFEST}}),
    );
    let published = s.diagnostics(&uri);
    assert_eq!(published["version"], 1);
    let found = rules(&published);
    assert!(
        found.contains(&"cidr-host-bits".to_owned())
            && found.contains(&"region-unsupported".to_owned()),
        "{found:?}"
    );
    let host_bits = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "cidr-host-bits")
        .unwrap();
    // UTF-16: each rocket is two code units.
    let line6 = MANIFEST.lines().nth(6).unwrap();
    let before: &str = &line6[..line6.find("10.10.0.1/16").unwrap()];
    assert_eq!(before.encode_utf16().count(), before.chars().count() + 2);
    assert_eq!(
        host_bits["range"],
        json!({"start": {"line": 6, "character": before.encode_utf16().count()}, "end": {"line": 6, "character": before.encode_utf16().count() + 12}})
    );
    assert_eq!(host_bits["severity"], 2);
    assert_eq!(host_bits["source"], "astro-preflight");
    assert!(
        host_bits["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules/cidr-host-bits.md")
    );

    // Code actions on the region: its fix, then a suppression comment.
    let region_line = 4;
    let col = MANIFEST.lines().nth(4).unwrap().find("eu-wst-1").unwrap() as u32;
    let actions = s.request("textDocument/codeAction", json!({
        "textDocument": {"uri": uri},
        "range": {"start": {"line": region_line, "character": col + 1}, "end": {"line": region_line, "character": col + 1}},
        "context": {"diagnostics": []},
    }));
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("eu-west-1"))
        .expect("a fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["edit"]["changes"][&uri][0],
        json!({"range": {"start": {"line": 4, "character": col}, "end": {"line": 4, "character": col + 8}}, "newText": "eu-west-1"})
    );
    let suppress = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Suppress region-unsupported")
        })
        .expect("a suppression");
    assert_eq!(
        suppress["edit"]["changes"][&uri][0]["newText"],
        "# preflight-ignore: region-unsupported -- reason\n"
    );

    // Hover: the rule's documentation on a flagged value; the schema's description on a key.
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": col + 2}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("region-unsupported") && text.contains("## What it checks"),
        "{text}"
    );
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**install**: "), "{text}");

    // A change is re-checked (debounced): fix the CIDR and turn the flow cluster into block
    // style, in two incremental edits.
    let start = before.encode_utf16().count();
    s.notify("textDocument/didChange", json!({
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [
            {"range": {"start": {"line": 6, "character": start}, "end": {"line": 6, "character": start + 12}}, "text": "10.10.0.0/16"},
            {"range": {"start": {"line": 4, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "cluster:\n  name: acme\n  region: \n"},
        ],
    }));
    // Requests answered at once, from the new text, before the quiet period ends ...
    // Completion of the region just typed: Astro's regions only.
    let items = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 6, "character": 10}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"us-east-1") && labels.contains(&"eu-west-1"),
        "{labels:?}"
    );
    assert!(
        !labels
            .iter()
            .any(|l| l.starts_with("us-gov") || l.starts_with("cn-") || *l == "eu-north-1"),
        "{labels:?}"
    );
    let items = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 9}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["hybrid", "cross-account-role"]);
    // ... and the diagnostics of the new version are still published once it has.
    let published = s.diagnostics(&uri);
    assert_eq!(published["version"], 2);
    let found = rules(&published);
    assert!(!found.contains(&"cidr-host-bits".to_owned()), "{found:?}");
    assert!(
        found.contains(&"schema".to_owned()),
        "the empty region: {found:?}"
    );

    // Closing clears.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(s.diagnostics(&uri)["diagnostics"], json!([]));

    assert_eq!(s.request("shutdown", json!(null)), json!(null));
    s.notify("exit", json!(null));
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn utf8_when_the_client_prefers_it_and_configuration_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[rules]\ncidr-host-bits = \"error\"\n[allow]\nregions = [\"eu-north-1\"]\n",
    )
    .unwrap();
    let path = dir.path().join("m.yaml");
    let text = "# é\nversion: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster: {name: \"acme\", region: eu-north-1, vpcCidr: 172.20.1.0/20}\n";
    let uri = file_uri(&path);
    let mut s = Session::start();
    let init = s.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 7, "text": text}}),
    );
    let published = s.diagnostics(&uri);
    // The allowed region is not reported; the rule set to error is an error.
    assert_eq!(rules(&published), ["cidr-host-bits"]);
    let d = &published["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    let line = text.lines().nth(5).unwrap();
    assert_eq!(
        d["range"]["start"],
        json!({"line": 5, "character": line.find("172.20").unwrap()})
    );
    // Changes in quick succession are checked once, when typing pauses: the first diagnostics
    // published are those of the last version.
    for (version, cidr) in [
        (20, "172.20.2.0/20"),
        (21, "172.20.3.0/20"),
        (22, "172.20.0.0/20"),
    ] {
        let changed = text.replace("172.20.1.0/20", cidr);
        s.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}));
    }
    let published = s.diagnostics(&uri);
    assert_eq!(published["version"], 22);
    assert_eq!(published["diagnostics"], json!([]));
    // Outside a value, no completion; the allowed region is offered with the table's.
    let items = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 5, "character": 0}}),
    );
    assert_eq!(items, json!([]));
    let block = "version: 1\ninstall: hybrid\ncluster:\n  name: acme\n  region: eu-n";
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 8}, "contentChanges": [{"text": block}]}),
    );
    let items = s.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 14}}),
    );
    let items = items.as_array().unwrap();
    let north = items
        .iter()
        .find(|i| i["label"] == "eu-north-1")
        .expect("the allowed region");
    assert_eq!(
        north["textEdit"]["range"],
        json!({"start": {"line": 4, "character": 10}, "end": {"line": 4, "character": 14}})
    );
    assert!(items.iter().any(|i| i["label"] == "us-east-1"));
    assert_eq!(s.request("shutdown", json!(null)), json!(null));
    s.notify("exit", json!(null));
    assert!(s.child.wait().unwrap().success());
}

#[test]
fn online_rules_only_with_a_facts_file_from_the_settings() {
    let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/linter/tests/fixtures/region-not-enabled");
    let text = std::fs::read_to_string(fixtures.join("disabled.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("m.yaml"));
    let mut s = Session::start();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    assert!(!rules(&s.diagnostics(&uri)).contains(&"region-not-enabled".to_owned()));
    let facts =
        crate::fixture_facts::write_whole(&fixtures.join("disabled.facts.json"), dir.path());
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"astroPreflight": {"factsFile": facts}}}),
    );
    assert!(rules(&s.diagnostics(&uri)).contains(&"region-not-enabled".to_owned()));
    // Facts for another manifest are not used.
    s.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text.replace("123456789012", "210987654321")}]}));
    assert!(!rules(&s.diagnostics(&uri)).contains(&"region-not-enabled".to_owned()));
    assert_eq!(s.request("shutdown", json!(null)), json!(null));
    s.notify("exit", json!(null));
    assert!(s.child.wait().unwrap().success());
}

/// Waits for a log line containing `text`.
fn logged_line(log: &Receiver<String>, text: &str) -> String {
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no log line with {text:?} within 20 s"));
        if line.contains(text) {
            return line;
        }
    }
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The server's frames are bounded and a malformed message does not end the session: a
/// request that is not one is answered -32700 under its ID, what has no ID is logged, a
/// header block without a usable Content-Length is skipped, a body over the bound is read past
/// without being kept, a second `initialize` is refused with -32600, and the server answers
/// the next request each time.
#[test]
fn the_server_survives_malformed_and_oversized_frames() {
    let (mut s, log) = Session::logged();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    s.notify("initialized", json!({}));
    let hover = json!({"textDocument": {"uri": "file:///nowhere.yaml"}, "position": {"line": 0, "character": 0}});

    s.send_raw(&frame(r#"{"jsonrpc":"2.0","id":41,"method":42}"#));
    let answer = s.answer(41);
    assert_eq!(answer["error"]["code"], -32700, "{answer}");

    s.send_raw(&frame("this is not JSON \u{1b}[31m"));
    let line = logged_line(&log, "a malformed message was ignored");
    assert!(!line.contains('\u{1b}'), "{line:?}");
    assert_eq!(s.request("textDocument/hover", hover.clone()), Value::Null);

    s.send_raw(b"Content-Type: application/json\r\n\r\n");
    logged_line(&log, "without a Content-Length header");
    s.send_raw(b"Content-Length: twelve\r\n\r\n");
    logged_line(&log, "is not a number");
    assert_eq!(s.request("textDocument/hover", hover.clone()), Value::Null);

    // One byte over the bound (64 MiB, the ceiling of max-file-size, and 1 MiB for the JSON
    // around a document), sent whole: refused, read past, and the next message is served.
    let over = 65 * 1024 * 1024 + 1;
    s.send_raw(format!("Content-Length: {over}\r\n\r\n").as_bytes());
    let chunk = vec![b' '; 1 << 20];
    let mut left = over;
    while left > 0 {
        let n = left.min(chunk.len());
        s.send_raw(&chunk[..n]);
        left -= n;
    }
    logged_line(&log, &format!("a message of {over} bytes was refused"));
    assert_eq!(s.request("textDocument/hover", hover), Value::Null);

    s.next_id += 1;
    let id = s.next_id;
    s.send(
        json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let answer = s.answer(id);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");

    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.child.wait().unwrap().code(), Some(0));
}

/// A `Content-Length` of 3 GB is not allocated: under a 256 MiB data limit the server reads
/// past what arrives and ends normally when the client closes the stream.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_content_length_is_never_allocated() {
    let prlimit = std::path::Path::new("/usr/bin/prlimit");
    assert!(prlimit.exists(), "util-linux's prlimit is needed");
    let mut cmd = Command::new(prlimit);
    cmd.arg(format!("--data={}", 256 * 1024 * 1024))
        .arg(env!("CARGO_BIN_EXE_astro-preflight"))
        .stderr(Stdio::piped());
    let mut s = Session::spawn(&mut cmd);
    s.send_raw(b"Content-Length: 3000000000\r\n\r\n{\"jsonrpc\":\"2.0\"");
    drop(s.stdin);
    let mut stderr = String::new();
    s.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = s.child.wait().unwrap();
    // Exit 1: the client went away without a shutdown. Not killed by a failed allocation.
    assert_eq!(status.code(), Some(1), "{status:?}: {stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
}

/// A `factsFile` that is a FIFO is refused at once (a warning), and the server goes on.
#[cfg(unix)]
#[test]
fn a_facts_file_that_is_a_fifo_does_not_hang_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("facts.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let path = dir.path().join("manifest.yaml");
    std::fs::write(&path, MANIFEST).unwrap();
    let uri = file_uri(&path);
    let mut s = Session::start();
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"factsFile": fifo}}),
    );
    let warning = loop {
        let message = s
            .incoming
            .recv_timeout(Duration::from_secs(20))
            .expect("a warning within 20 s");
        if message["method"] == "window/showMessage" {
            break message;
        }
    };
    assert!(
        warning["params"]["message"]
            .as_str()
            .unwrap()
            .contains("it is not a regular file"),
        "{warning}"
    );
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": MANIFEST}}),
    );
    assert!(rules(&s.diagnostics(&uri)).contains(&"region-unsupported".to_owned()));
    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.child.wait().unwrap().code(), Some(0));
}
