//! `astro-preflight egress` end to end, against servers on 127.0.0.1 only: HTTPS servers with a
//! CA made in the test, an intercepting CA, a refused port, a silent listener, a CONNECT proxy.
//! Every test runs again inside a private network namespace (`unshare -n`, only `lo`, brought
//! up): an Astronomer name that is not mapped by `--connect-to` cannot resolve, and nothing can
//! leave the machine.

use std::process::Command;

use astro_preflight_emulator::tls::{ConnectProxy, ProxyMode, TestCa, TlsServer};
use astro_preflight_emulator::{SilentListener, refused_url};
use serde_json::Value;

const ORG_HOSTS: [&str; 8] = [
    "cloud.astronomer.io",
    "api.astronomer.io",
    "images.astronomer.cloud",
    "auth.astronomer.io",
    "updates.astronomer.io",
    "install.astronomer.io",
    "astro-acme.datakin.com",
    "acme.astronomer.run",
];

const MARK: &str = "ASTRO_PREFLIGHT_EGRESS_NETNS";

/// Inside the new namespaces: loopback up, and the test's hosts file, if any, over /etc/hosts
/// (the mount is private to the namespace).
const SETUP: &str = r#"ip link set lo up && if [ -n "$ASTRO_PREFLIGHT_HOSTS" ]; then mount --bind "$ASTRO_PREFLIGHT_HOSTS" /etc/hosts; fi && exec "$@""#;

/// In the test process: runs `test` again inside a private network namespace and asserts that
/// it passed there, then returns false. Inside the namespace: returns true (run the body).
fn isolated(test: &str) -> bool {
    isolated_with_hosts(test, None)
}

/// [`isolated`], with `hosts` as the namespace's `/etc/hosts` (a private mount namespace too).
fn isolated_with_hosts(test: &str, hosts: Option<&str>) -> bool {
    if std::env::var_os(MARK).is_some() {
        return true;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let hosts_file = dir.path().join("hosts");
    std::fs::write(&hosts_file, hosts.unwrap_or("")).expect("write the hosts file");
    let exe = std::env::current_exe().expect("the test binary");
    let mut attempts = Vec::new();
    // As root `unshare -n`; otherwise an unprivileged user namespace maps us to root.
    for flags in [
        &["--net", "--mount"][..],
        &["--map-root-user", "--net", "--mount"][..],
    ] {
        let output = Command::new("unshare")
            .args(flags)
            .args(["--", "sh", "-c", SETUP, "sh"])
            .arg(&exe)
            .args([
                &format!("egress::{test}"),
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(MARK, "1")
            .env(
                "ASTRO_PREFLIGHT_HOSTS",
                if hosts.is_some() {
                    hosts_file.as_os_str()
                } else {
                    "".as_ref()
                },
            )
            .output()
            .expect("run unshare (util-linux; scripts/test installs it)");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stdout.contains("running 1 test") {
            assert!(
                output.status.success() && stdout.contains("1 passed"),
                "{test} failed in its namespace:\n{stdout}\n{stderr}"
            );
            return false;
        }
        attempts.push(format!("unshare {}: {stderr}", flags.join(" ")));
    }
    panic!(
        "cannot create a private network namespace (needs root or user namespaces, and `ip` from iproute2):\n{}",
        attempts.join("\n")
    );
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_astro-preflight"));
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `--connect-to` for every host to `port` on 127.0.0.1 (after the specific mappings).
fn map_all(port: u16) -> Vec<String> {
    vec!["--connect-to".to_owned(), format!("::127.0.0.1:{port}")]
}

fn map(host: &str, to: &str) -> Vec<String> {
    vec!["--connect-to".to_owned(), format!("{host}:443:{to}")]
}

fn run(cmd: &mut Command) -> (i32, Value, String) {
    let output = cmd.output().expect("run astro-preflight");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        output.status.code().unwrap_or(-1),
        value,
        format!("{stdout}{}", String::from_utf8_lossy(&output.stderr)),
    )
}

fn host<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["hosts"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["host"] == name))
        .unwrap_or_else(|| panic!("{name} in {report:#}"))
}

struct Setup {
    dir: tempfile::TempDir,
    ca: TestCa,
    server: TlsServer,
}

fn setup() -> Setup {
    let ca = TestCa::new("Preflight Test Root");
    let server = TlsServer::start(&ca, &ORG_HOSTS, 204);
    Setup {
        dir: tempfile::tempdir().expect("temp dir"),
        ca,
        server,
    }
}

impl Setup {
    fn cmd(&self, extra: &[String]) -> Command {
        let mut cmd = bin();
        let cacert = self.ca.write_pem(self.dir.path());
        cmd.args([
            "egress",
            "--organization",
            "acme",
            "--format",
            "json",
            "--cacert",
        ])
        .arg(cacert);
        // The specific mappings first: curl's rule is that the first that applies wins.
        cmd.args(extra).args(map_all(self.server.port()));
        cmd
    }
}

#[test]
fn every_host_reachable_exits_0() {
    if !isolated("every_host_reachable_exits_0") {
        return;
    }
    let s = setup();
    let (code, report, all) = run(&mut s.cmd(&[]));
    assert_eq!(code, 0, "{all}");
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["summary"],
        serde_json::json!({"hosts": 8, "ok": 8, "failed": 0})
    );
    let hosts: Vec<&str> = report["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["host"].as_str().unwrap())
        .collect();
    assert_eq!(hosts, ORG_HOSTS);
    for h in report["hosts"].as_array().unwrap() {
        assert_eq!(h["ok"], true, "{h:#}");
        assert_eq!(h["failure"], Value::Null);
        assert_eq!(h["port"], 443);
        assert_eq!(h["httpStatus"], 204, "any status means reachable");
        assert_eq!(h["addresses"], serde_json::json!(["127.0.0.1"]));
        assert_eq!(h["connectTo"], format!("127.0.0.1:{}", s.server.port()));
    }
    assert_eq!(s.server.requests(), 8);
    assert_eq!(report["proxy"], Value::Null);
}

#[test]
fn failures_are_told_apart_and_the_other_hosts_still_reported() {
    if !isolated("failures_are_told_apart_and_the_other_hosts_still_reported") {
        return;
    }
    let s = setup();
    // A TLS-inspecting proxy's CA, not trusted.
    let inspector = TestCa::new("Corp Inspection CA");
    let intercepted = TlsServer::start(&inspector, &ORG_HOSTS, 200);
    let silent = SilentListener::start();
    let refused = refused_url();
    let mut extra = Vec::new();
    extra.extend(map(
        "api.astronomer.io",
        &format!("127.0.0.1:{}", intercepted.port()),
    ));
    extra.extend(map(
        "auth.astronomer.io",
        refused.trim_start_matches("http://"),
    ));
    extra.extend(map(
        "updates.astronomer.io",
        silent.url().trim_start_matches("http://"),
    ));
    extra.extend(map("install.astronomer.io", "no-such-host.invalid:443"));
    let mut cmd = s.cmd(&extra);
    cmd.args(["--timeout", "1"]);
    let (code, report, all) = run(&mut cmd);
    assert_eq!(code, 1, "{all}");
    assert_eq!(
        report["summary"],
        serde_json::json!({"hosts": 8, "ok": 4, "failed": 4}),
        "{report:#}"
    );

    let tls = host(&report, "api.astronomer.io");
    assert_eq!(tls["failure"], "tls", "{tls:#}");
    let message = tls["message"].as_str().unwrap();
    assert!(message.contains("CN=Corp Inspection CA"), "{message}");
    let fingerprint = tls["certificate"]["sha256"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 95, "{fingerprint}");
    assert!(
        fingerprint
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':')
    );
    assert!(message.contains(fingerprint), "{message}");
    assert!(
        tls["certificate"]["issuer"]
            .as_str()
            .unwrap()
            .contains("Corp Inspection CA")
    );
    assert_eq!(
        intercepted.requests(),
        0,
        "no request over an untrusted connection"
    );

    let tcp = host(&report, "auth.astronomer.io");
    assert_eq!(tcp["failure"], "tcp", "{tcp:#}");
    assert!(
        tcp["message"].as_str().unwrap().contains("refused"),
        "{tcp:#}"
    );

    let timeout = host(&report, "updates.astronomer.io");
    assert_eq!(timeout["failure"], "timeout", "{timeout:#}");
    assert!(
        timeout["message"].as_str().unwrap().contains("within 1s"),
        "{timeout:#}"
    );
    assert!(
        timeout["elapsedMs"].as_u64().unwrap() < 5000,
        "bounded by --timeout: {timeout:#}"
    );
    assert!(silent.accepted() >= 1);

    let dns = host(&report, "install.astronomer.io");
    assert_eq!(dns["failure"], "dns", "{dns:#}");
    assert_eq!(dns["addresses"], serde_json::json!([]));

    for ok in [
        "cloud.astronomer.io",
        "images.astronomer.cloud",
        "astro-acme.datakin.com",
        "acme.astronomer.run",
    ] {
        assert_eq!(host(&report, ok)["ok"], true, "{ok}: {report:#}");
    }
}

#[test]
fn a_name_that_does_not_resolve_is_dns() {
    if !isolated("a_name_that_does_not_resolve_is_dns") {
        return;
    }
    // No mapping at all: in the namespace, no resolver answers for the real names.
    let (code, report, all) = run(bin().args(["egress", "--format", "json", "--timeout", "5"]));
    assert_eq!(code, 1, "{all}");
    assert_eq!(report["summary"]["hosts"], 6);
    for h in report["hosts"].as_array().unwrap() {
        assert!(h["failure"] == "dns" || h["failure"] == "timeout", "{h:#}");
    }
}

#[test]
fn the_proxy_is_used_and_said_to_be() {
    if !isolated("the_proxy_is_used_and_said_to_be") {
        return;
    }
    let s = setup();
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let mut cmd = s.cmd(&[]);
    cmd.env("HTTPS_PROXY", proxy.url());
    let (code, report, all) = run(&mut cmd);
    assert_eq!(code, 0, "{all}");
    assert!(
        report["proxy"]
            .as_str()
            .unwrap()
            .contains(&format!("HTTPS_PROXY={}", proxy.url())),
        "{report:#}"
    );
    let targets = proxy.targets();
    assert_eq!(targets.len(), 8, "{targets:?}");
    assert!(
        targets
            .iter()
            .all(|t| *t == format!("127.0.0.1:{}", s.server.port())),
        "{targets:?}"
    );
    for h in report["hosts"].as_array().unwrap() {
        assert_eq!(h["proxy"], proxy.url(), "{h:#}");
        assert_eq!(
            h["addresses"],
            serde_json::json!([]),
            "the proxy resolves the name"
        );
    }
    assert_eq!(s.server.requests(), 8);
}

#[test]
fn a_refused_connect_or_407_is_proxy_and_no_proxy_is_honoured() {
    if !isolated("a_refused_connect_or_407_is_proxy_and_no_proxy_is_honoured") {
        return;
    }
    let s = setup();
    for (mode, expect) in [(ProxyMode::AuthRequired, "407"), (ProxyMode::Refuse, "403")] {
        let proxy = ConnectProxy::start(mode);
        let mut cmd = s.cmd(&[]);
        cmd.env("HTTPS_PROXY", proxy.url())
            .env("NO_PROXY", "api.astronomer.io");
        let (code, report, all) = run(&mut cmd);
        assert_eq!(code, 1, "{all}");
        assert!(
            report["proxy"]
                .as_str()
                .unwrap()
                .contains("NO_PROXY=api.astronomer.io"),
            "{report:#}"
        );
        for h in report["hosts"].as_array().unwrap() {
            if h["host"] == "api.astronomer.io" {
                assert_eq!(h["ok"], true, "NO_PROXY: {h:#}");
                assert!(h.get("proxy").is_none(), "{h:#}");
            } else {
                assert_eq!(h["failure"], "proxy", "{h:#}");
                assert!(h["message"].as_str().unwrap().contains(expect), "{h:#}");
            }
        }
    }
    // A proxy that is not there.
    let mut cmd = s.cmd(&[]);
    cmd.env("HTTPS_PROXY", refused_url());
    let (code, report, _) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(
        report["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["failure"] == "proxy"),
        "{report:#}"
    );
}

#[test]
fn human_output_and_the_organization_from_the_manifest() {
    if !isolated("human_output_and_the_organization_from_the_manifest") {
        return;
    }
    let s = setup();
    let manifest = s.dir.path().join("m.yaml");
    std::fs::write(
        &manifest,
        "version: 1\ninstall: hybrid\norganization: acme\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme-prod\n",
    )
    .unwrap();
    let cacert = s.ca.write_pem(s.dir.path());
    let output = bin()
        .arg("egress")
        .arg(&manifest)
        .arg("--cacert")
        .arg(&cacert)
        .args(map_all(s.server.port()))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("acme.astronomer.run:443"), "{text}");
    assert!(text.contains("astro-acme.datakin.com:443"), "{text}");
    assert!(text.contains("no proxy"), "{text}");
    assert!(
        text.contains("8 hosts checked: 8 reachable, 0 not reachable"),
        "{text}"
    );
    // The flag wins over the manifest.
    let (_, report, _) = run(bin()
        .arg("egress")
        .arg(&manifest)
        .args(["--organization", "other", "--format", "json", "--cacert"])
        .arg(&cacert)
        .args(map_all(s.server.port())));
    let other = host(&report, "other.astronomer.run");
    // The test server's certificate names acme's hosts only: verified against the name.
    assert_eq!(other["failure"], "tls", "{other:#}");
    assert!(
        other["message"]
            .as_str()
            .unwrap()
            .contains("not valid for name"),
        "{other:#}"
    );
    assert!(
        report["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["host"] != "acme.astronomer.run")
    );
}

#[test]
fn a_public_name_on_a_private_address_is_said() {
    if !isolated_with_hosts(
        "a_public_name_on_a_private_address_is_said",
        Some("127.0.0.1 localhost\n127.0.0.1 cloud.astronomer.io\n"),
    ) {
        return;
    }
    let s = setup();
    // Only the port is mapped: the name is resolved, through the test's /etc/hosts.
    let extra = vec![
        "--connect-to".to_owned(),
        format!("cloud.astronomer.io:443::{}", s.server.port()),
    ];
    let (code, report, all) = run(&mut s.cmd(&extra));
    assert_eq!(code, 0, "{all}");
    let cloud = host(&report, "cloud.astronomer.io");
    assert_eq!(cloud["ok"], true, "{cloud:#}");
    assert_eq!(cloud["addresses"], serde_json::json!(["127.0.0.1"]));
    let notes = cloud["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("private address (127.0.0.1)")),
        "{cloud:#}"
    );
    // Mapped to an address by --connect-to: not the name's own resolution, no note.
    assert_eq!(
        host(&report, "api.astronomer.io")["notes"],
        serde_json::json!([])
    );
}

#[test]
fn tool_failures_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("ca.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let bad_manifest = dir.path().join("m.yaml");
    std::fs::write(&bad_manifest, "version: 1\norganization: [acme]\n").unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec!["--connect-to".into(), "nonsense".into()],
        vec!["--cacert".into(), not_pem.display().to_string()],
        vec![
            "--cacert".into(),
            dir.path().join("missing.pem").display().to_string(),
        ],
        vec!["--organization".into(), "Not An Org".into()],
        vec!["--timeout".into(), "0".into()],
        vec![bad_manifest.display().to_string()],
    ];
    for args in cases {
        let output = bin().arg("egress").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

/// The proxy variables in the combinations where curl's reading differs from a naive one:
/// each time, the proxy the report names is the proxy the connections went through (the test
/// proxy counts its CONNECTs), or there is none and no connection went to it.
#[test]
fn proxy_variables_are_read_as_curl_reads_them() {
    if !isolated("proxy_variables_are_read_as_curl_reads_them") {
        return;
    }
    let s = setup();
    // (variables, what the report says of the proxy, how many hosts it exempts)
    type Case = (Vec<(&'static str, String)>, Option<&'static str>, usize);
    let cases = |url: &str| -> Vec<Case> {
        let refused = refused_url();
        vec![
            // An empty upper-case variable is unset; the lower-case one is used.
            (
                vec![
                    ("HTTPS_PROXY", String::new()),
                    ("https_proxy", url.to_owned()),
                ],
                Some("https_proxy="),
                0,
            ),
            // The lower-case variable wins over the upper-case one.
            (
                vec![
                    ("https_proxy", url.to_owned()),
                    ("HTTPS_PROXY", refused.clone()),
                ],
                Some("https_proxy="),
                0,
            ),
            // A CGI environment does not turn the HTTPS proxy off.
            (
                vec![
                    ("HTTPS_PROXY", url.to_owned()),
                    ("REQUEST_METHOD", "GET".to_owned()),
                ],
                Some("HTTPS_PROXY="),
                0,
            ),
            (vec![("ALL_PROXY", url.to_owned())], Some("ALL_PROXY="), 0),
            // HTTP_PROXY and http_proxy are not for HTTPS.
            (
                vec![
                    ("HTTP_PROXY", refused.clone()),
                    ("http_proxy", refused.clone()),
                ],
                None,
                0,
            ),
            // An empty no_proxy is unset: NO_PROXY exempts.
            (
                vec![
                    ("HTTPS_PROXY", url.to_owned()),
                    ("no_proxy", String::new()),
                    ("NO_PROXY", "api.astronomer.io, .datakin.com.".to_owned()),
                ],
                Some("NO_PROXY=api.astronomer.io"),
                2,
            ),
            // `*` alone exempts every host.
            (
                vec![
                    ("https_proxy", url.to_owned()),
                    ("no_proxy", "*".to_owned()),
                ],
                Some("no_proxy=*"),
                8,
            ),
        ]
    };
    for i in 0..7 {
        let proxy = ConnectProxy::start(ProxyMode::Tunnel);
        let (vars, said, exempt) = cases(&proxy.url()).swap_remove(i);
        let mut cmd = s.cmd(&[]);
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        let (code, report, all) = run(&mut cmd);
        assert_eq!(code, 0, "{vars:?}: {all}");
        match said {
            Some(said) => assert!(
                report["proxy"].as_str().is_some_and(|p| p.contains(said)),
                "{vars:?}: {report:#}"
            ),
            None => assert_eq!(report["proxy"], Value::Null, "{vars:?}"),
        }
        let through = report["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h.get("proxy").is_some())
            .count();
        let expected = if said.is_some() { 8 - exempt } else { 0 };
        assert_eq!(through, expected, "{vars:?}: {report:#}");
        assert_eq!(proxy.targets().len(), expected, "{vars:?}");
    }

    // Credentials whatever they hold are sent, never shown, in either format.
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let with_password = proxy.url().replace("http://", "http://user:pa/ss@w:rd%40@");
    for format in ["json", "human"] {
        let mut cmd = bin();
        cmd.args([
            "egress",
            "--organization",
            "acme",
            "--format",
            format,
            "--cacert",
        ])
        .arg(s.ca.write_pem(s.dir.path()))
        .args(map_all(s.server.port()))
        .env("HTTPS_PROXY", &with_password);
        let (code, _, all) = run(&mut cmd);
        assert_eq!(code, 0, "{all}");
        for part in ["pa/ss", "ss@w", "rd%40", "w:rd"] {
            assert!(!all.contains(part), "{part} shown: {all}");
        }
        assert!(all.contains("with credentials, not shown"), "{all}");
    }

    // A mapping that applies to no checked host is reported.
    let (code, report, all) = run(&mut s.cmd(&map("api.astronomr.io", "127.0.0.1:1")));
    assert_eq!(code, 0, "{all}");
    assert_eq!(
        report["unusedConnectTo"],
        serde_json::json!(["api.astronomr.io:443:127.0.0.1:1"])
    );
}

/// A proxy value that cannot be used is a clear error before anything is checked (exit 2),
/// naming the variable and never its credentials; so is a malformed `--connect-to`.
#[test]
fn malformed_proxy_values_and_mappings_are_errors() {
    for (var, value, why) in [
        (
            "HTTPS_PROXY",
            "http://user:s3cr/et@proxy.corp:notaport",
            "the port `notaport`",
        ),
        (
            "https_proxy",
            "socks5://user:s3cr/et@proxy.corp:1080",
            "socks5:// proxy is not supported",
        ),
        (
            "ALL_PROXY",
            "http://user:s3cr/et@pro xy:1",
            "`pro xy` is not a host name",
        ),
        (
            "https_proxy",
            "https://user:s3cr/et@proxy.corp:443",
            "https:// proxy",
        ),
    ] {
        let output = bin()
            .args(["egress", "--organization", "acme"])
            .env(var, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{var}={value}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: the proxy in {var} is unusable: ")),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{var}={value}: {stderr}");
        assert!(!stderr.contains("s3cr"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    for bad in [
        "a b:443:127.0.0.1:1",
        "x:443:[10.0.0.1]:1",
        "x:443:user@h:1",
        "x:443:127.0.0.1",
    ] {
        let output = bin()
            .args(["egress", "--organization", "acme", "--connect-to", bad])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.starts_with("error: --connect-to "), "{stderr}");
    }
}
