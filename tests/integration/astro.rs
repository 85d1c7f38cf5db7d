//! Astronomer's own answer, live: the binary against the emulated Astro API
//! (`astro_preflight_emulator::astro`, fixtures in `tests/data/astro-api/`) and, for the AWS
//! facts `--online` needs, the local AWS emulator. The organization's cluster options replace
//! the bundled tables (and are replayed from a facts file); each failure of the API is
//! `check-incomplete` with the tables read instead; `tables --compare-live` prints the drift;
//! the token is in no output.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use astro_preflight_emulator::astro::{Answer, AstroApi, fixture};
use astro_preflight_emulator::tls::{ConnectProxy, ProxyMode, TestCa};
use serde_json::Value;

use crate::emulator::Account;
use crate::online::{Creds, Run, ample_quotas, bin, exec};

/// Quotas that carry 20 metal nodes.
fn metal_quotas() -> Value {
    serde_json::json!({ "quotas": { "L-1216C47A": 4096, "L-34B43A08": 4096 } })
}

/// The token of every test: distinctive, so that any output holding it is caught.
const TOKEN: &str = "astro-test-token-Zq81xK0vPw3sNb7y";
const ORGANIZATION: &str = "clorgtest0000astro0000001";

/// A hybrid manifest of `account` with these cluster fields.
fn manifest(account: &str, cluster: &str) -> String {
    format!(
        "version: 1\ninstall: hybrid\naccount:\n  id: \"{account}\"\ncluster:\n  name: acme\n{cluster}"
    )
}

/// Writes manifests (name, text) into a new directory.
fn write(files: &[(&str, String)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a manifest");
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// The binary with these AWS credentials and, when given, the token in the environment (and
/// no organization there).
fn with_token(creds: Option<&Creds>, token: Option<&str>) -> Command {
    let mut cmd = bin(creds);
    cmd.env_remove("ASTRO_API_TOKEN")
        .env_remove("ASTRO_ORGANIZATION_ID");
    if let Some(token) = token {
        cmd.env("ASTRO_API_TOKEN", token);
    }
    cmd
}

/// `check --online --format json PATH` with the Astro API (and its organization).
fn check(
    account: &Account,
    api: &AstroApi,
    token: Option<&str>,
    path: &Path,
    extra: &[&str],
) -> Run {
    check_as(account, api, token, path, "json", extra)
}

/// `check --online --format FORMAT PATH` with the Astro API (and its organization).
fn check_as(
    account: &Account,
    api: &AstroApi,
    token: Option<&str>,
    path: &Path,
    format: &str,
    extra: &[&str],
) -> Run {
    let creds = Creds::of(account);
    let mut cmd = with_token(Some(&creds), token);
    cmd.args([
        "check",
        "--online",
        "--format",
        format,
        "--endpoint-url",
        &account.emulator.url(),
        "--astro-api-url",
        &api.url(),
        "--astro-organization",
        api.organization(),
    ])
    .args(extra)
    .arg(path);
    let run = exec(cmd, Some(&creds));
    assert_no_token(&run);
    run
}

fn assert_no_token(run: &Run) {
    assert!(
        !run.stdout.contains(TOKEN),
        "the token is in stdout:\n{}",
        run.stdout
    );
    assert!(
        !run.stderr.contains(TOKEN),
        "the token is in stderr:\n{}",
        run.stderr
    );
}

/// Each file's (name, rule, message) of its errors and warnings, sorted.
fn findings(run: &Run) -> Vec<(String, String, String)> {
    let json = run.json();
    let mut out = Vec::new();
    for file in json["files"].as_array().expect("files") {
        let name = Path::new(file["path"].as_str().expect("path"))
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            if d["severity"] != "info" {
                out.push((
                    name.clone(),
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn rules_of(found: &[(String, String, String)], file: &str) -> Vec<String> {
    found
        .iter()
        .filter(|(f, _, _)| f == file)
        .map(|(_, r, _)| r.clone())
        .collect()
}

fn message_of<'a>(found: &'a [(String, String, String)], file: &str, rule: &str) -> &'a str {
    found
        .iter()
        .find(|(f, r, _)| f == file && r == rule)
        .map(|(_, _, m)| m.as_str())
        .unwrap_or_else(|| panic!("no {rule} in {file}: {found:#?}"))
}

/// One manifest per rule of the organization's options (the drifted fixture: eu-north-1 added,
/// t3.xlarge removed, m5.metal banned in eu-west-1, sa-east-1 limited, maxNodeCount 3 to 40).
fn drift_manifests(account: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "banned.yaml",
            manifest(
                account,
                "  region: eu-west-1\n  nodeInstanceType: m5.metal\n",
            ),
        ),
        ("limited.yaml", manifest(account, "  region: sa-east-1\n")),
        (
            "added-region-removed-type.yaml",
            manifest(
                account,
                "  region: eu-north-1\n  nodeInstanceType: t3.xlarge\n",
            ),
        ),
        (
            "too-many-nodes.yaml",
            manifest(account, "  maxNodeCount: 45\n"),
        ),
        (
            "too-few-nodes.yaml",
            manifest(account, "  maxNodeCount: 2\n"),
        ),
    ]
}

#[test]
fn the_organizations_cluster_options_replace_the_tables_and_replay_from_a_facts_file() {
    let account = Account::new();
    account.scenario(metal_quotas());
    let api = AstroApi::start(TOKEN, ORGANIZATION, Answer::Options(fixture("drifted")));
    let (_dir, path) = write(&drift_manifests(&account.id));

    let run = check(&account, &api, Some(TOKEN), &path, &[]);
    let found = findings(&run);
    assert_eq!(
        rules_of(&found, "banned.yaml"),
        ["instance-type-banned-in-region"],
        "{found:#?}"
    );
    assert!(
        message_of(&found, "banned.yaml", "instance-type-banned-in-region")
            .contains("cluster options")
    );
    assert_eq!(
        rules_of(&found, "limited.yaml"),
        ["region-limited"],
        "{found:#?}"
    );
    // eu-north-1 is offered live (the tables say it no longer is); t3.xlarge is not.
    assert_eq!(
        rules_of(&found, "added-region-removed-type.yaml"),
        ["instance-type-burstable", "instance-type-unsupported"],
        "{found:#?}"
    );
    let removed = message_of(
        &found,
        "added-region-removed-type.yaml",
        "instance-type-unsupported",
    );
    assert!(
        removed.contains("not in Astronomer's cluster options for your organization (fetched live"),
        "{removed}"
    );
    assert_eq!(
        rules_of(&found, "too-many-nodes.yaml"),
        ["node-count-out-of-range"]
    );
    assert!(
        message_of(&found, "too-many-nodes.yaml", "node-count-out-of-range").contains("maximum 40")
    );
    assert_eq!(
        rules_of(&found, "too-few-nodes.yaml"),
        ["node-count-out-of-range"]
    );
    assert_eq!(run.code, 1, "{}", run.stderr);

    // Asked once for the run, with the token and the documented query.
    let seen = api.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].target,
        format!("/v1/organizations/{ORGANIZATION}/cluster-options?provider=AWS&type=HYBRID")
    );
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    // `handoff --online` reads them too: the live bound refuses the hand-off.
    let creds = Creds::of(&account);
    let mut handoff = with_token(Some(&creds), Some(TOKEN));
    handoff
        .args([
            "handoff",
            "--online",
            "--endpoint-url",
            &account.emulator.url(),
        ])
        .args([
            "--astro-api-url",
            &api.url(),
            "--astro-organization",
            ORGANIZATION,
        ])
        .arg(path.join("too-many-nodes.yaml"));
    let refused = exec(handoff, Some(&creds));
    assert_no_token(&refused);
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("node-count-out-of-range"),
        "{}",
        refused.stderr
    );

    // `facts` records them (never the token); `check --facts` replays them without the API.
    let dir = tempfile::tempdir().expect("temporary directory");
    let facts = dir.path().join("facts.json");
    let mut gather = with_token(Some(&creds), Some(TOKEN));
    gather
        .env("ASTRO_ORGANIZATION_ID", ORGANIZATION)
        .args([
            "facts",
            "--endpoint-url",
            &account.emulator.url(),
            "--astro-api-url",
            &api.url(),
        ])
        .arg(&path)
        .arg("-o")
        .arg(&facts);
    let gathered = exec(gather, Some(&creds));
    assert_no_token(&gathered);
    assert_eq!(gathered.code, 0, "{}", gathered.stderr);
    let text = std::fs::read_to_string(&facts).expect("the facts file");
    assert!(!text.contains(TOKEN), "the token is in the facts file");
    assert!(text.contains("\"clusterOptions\""), "{text}");
    drop(api); // The replay cannot ask it.
    let mut replay = with_token(None, None);
    replay
        .args(["check", "--format", "json", "--facts"])
        .arg(&facts)
        .arg(&path);
    let replayed = exec(replay, None);
    assert_eq!(findings(&replayed), found);
    assert_eq!(replayed.code, run.code);
}

#[test]
fn without_a_token_the_tables_are_read_and_one_note_says_so() {
    let account = Account::new();
    account.scenario(metal_quotas());
    let api = AstroApi::start(TOKEN, ORGANIZATION, Answer::Options(fixture("drifted")));
    let (_dir, path) = write(&drift_manifests(&account.id));
    let run = check(&account, &api, None, &path, &[]);
    let found = findings(&run);
    // The tables: eu-north-1 no longer supported, t3.xlarge supported, nothing banned or
    // limited, no maximum node count.
    assert_eq!(
        rules_of(&found, "banned.yaml"),
        Vec::<String>::new(),
        "{found:#?}"
    );
    assert_eq!(rules_of(&found, "limited.yaml"), Vec::<String>::new());
    assert_eq!(
        rules_of(&found, "added-region-removed-type.yaml"),
        ["instance-type-burstable", "region-unsupported"]
    );
    assert!(api.seen().is_empty(), "asked without a token");
    let notes: Vec<&str> = run.json()["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .filter(|n| n.contains("ASTRO_API_TOKEN"))
        .map(|_| "")
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("2024-05-23"), "{}", run.stdout);
}

#[test]
fn each_failure_of_the_api_is_check_incomplete_and_the_tables_are_read() {
    let account = Account::new();
    account.scenario(ample_quotas());
    let api = AstroApi::start(TOKEN, ORGANIZATION, Answer::Options(fixture("tables")));
    let (_dir, path) = write(&[(
        "eu-north-1.yaml",
        manifest(&account.id, "  region: eu-north-1\n"),
    )]);
    let cases: Vec<(&str, Answer, Option<&str>, &[&str])> = vec![
        (
            "401",
            Answer::Options(fixture("tables")),
            Some("another-token"),
            &[],
        ),
        (
            "403",
            Answer::Error(
                403,
                "the token's role may not read this organization".into(),
            ),
            Some(TOKEN),
            &[],
        ),
        (
            "404",
            Answer::Error(404, "organization not found".into()),
            Some(TOKEN),
            &[],
        ),
        (
            "500",
            Answer::Error(500, "internal error".into()),
            Some(TOKEN),
            &[],
        ),
        (
            "503",
            Answer::Error(503, "unavailable".into()),
            Some(TOKEN),
            &[],
        ),
        (
            "malformed answer",
            Answer::Raw("<html>maintenance</html>".into()),
            Some(TOKEN),
            &[],
        ),
        (
            "malformed answer",
            Answer::Raw("{\"regions\": []}".into()),
            Some(TOKEN),
            &[],
        ),
        ("timed out", Answer::Hang, Some(TOKEN), &["--timeout", "3"]),
    ];
    for (cause, answer, token, extra) in cases {
        api.answer(answer);
        let run = check(&account, &api, token, &path, extra);
        let found = findings(&run);
        let incomplete = message_of(&found, "eu-north-1.yaml", "check-incomplete");
        assert!(incomplete.contains("Astro API"), "{cause}: {incomplete}");
        assert!(incomplete.contains(cause), "{cause}: {incomplete}");
        assert!(
            incomplete.contains("bundled tables"),
            "{cause}: {incomplete}"
        );
        let unsupported = message_of(&found, "eu-north-1.yaml", "region-unsupported");
        assert!(
            unsupported.contains("read from the bundled tables"),
            "{cause}: {unsupported}"
        );
        assert_eq!(run.code, 1, "{cause}: {}", run.stderr);
    }
    // With a token and no organization: one line, exit 2, nothing asked.
    let creds = Creds::of(&account);
    let mut cmd = with_token(Some(&creds), Some(TOKEN));
    cmd.args([
        "check",
        "--online",
        "--endpoint-url",
        &account.emulator.url(),
    ])
    .args(["--astro-api-url", &api.url()])
    .arg(&path);
    let before = api.seen().len();
    let run = exec(cmd, Some(&creds));
    assert_no_token(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--astro-organization"),
        "{}",
        run.stderr
    );
    assert_eq!(api.seen().len(), before);
}

#[test]
fn the_token_is_in_no_output_format_file_or_diff() {
    let account = Account::new();
    account.scenario(ample_quotas());
    // The API echoes the token in its error, as a careless proxy might.
    let api = AstroApi::start(
        TOKEN,
        ORGANIZATION,
        Answer::Error(500, format!("bad bearer {TOKEN}")),
    );
    let (_dir, path) = write(&[(
        "typo.yaml",
        manifest(
            &account.id,
            "  region: us-east-l\n  nodeInstanceType: m5.large\n",
        ),
    )]);
    let out = tempfile::tempdir().expect("temporary directory");
    for format in crate::formats() {
        let file = out.path().join(format!("report.{format}"));
        let output = format!("{format}={}", file.display());
        let run = check_as(
            &account,
            &api,
            Some(TOKEN),
            &path,
            &format,
            &["--output", &output],
        );
        assert!(run.code == 1, "{format}: {}", run.stderr);
        let written = std::fs::read_to_string(&file).expect("the report file");
        assert!(
            !written.contains(TOKEN),
            "{format}: the token is in the report file"
        );
        assert!(
            written.contains("bad bearer ***"),
            "{format}: the API's message is not shown:\n{written}"
        );
    }
    // --diff (with the unsafe fixes) and the facts file.
    let run = check(
        &account,
        &api,
        Some(TOKEN),
        &path,
        &["--diff", "--unsafe-fixes"],
    );
    assert!(run.stdout.contains("us-east-1"), "{}", run.stdout);
    let creds = Creds::of(&account);
    let facts = out.path().join("facts.json");
    let mut gather = with_token(Some(&creds), Some(TOKEN));
    gather
        .args(["facts", "--endpoint-url", &account.emulator.url()])
        .args([
            "--astro-api-url",
            &api.url(),
            "--astro-organization",
            ORGANIZATION,
        ])
        .arg("-o")
        .arg(&facts)
        .arg(&path);
    let run = exec(gather, Some(&creds));
    assert_no_token(&run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(&facts).expect("the facts file");
    assert!(!text.contains(TOKEN), "the token is in the facts file");
    assert!(text.contains("bad bearer ***"), "{text}");
}

/// `tables --compare-live` with the token of the environment.
fn compare(api: &AstroApi, token: &str) -> Run {
    let mut cmd = with_token(None, Some(token));
    cmd.args([
        "tables",
        "--compare-live",
        "--astro-api-url",
        &api.url(),
        "--astro-organization",
        ORGANIZATION,
    ]);
    let run = exec(cmd, None);
    assert_no_token(&run);
    run
}

#[test]
fn tables_compare_live_prints_the_drift_and_exits_1_when_the_options_differ() {
    let api = AstroApi::start(TOKEN, ORGANIZATION, Answer::Options(fixture("tables")));
    let same = compare(&api, TOKEN);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    assert!(same.stdout.contains("agree"), "{}", same.stdout);

    api.answer(Answer::Options(fixture("drifted")));
    let drift = compare(&api, TOKEN);
    assert_eq!(drift.code, 1, "{}{}", drift.stdout, drift.stderr);
    for line in [
        "+ region eu-north-1",
        "- node instance type t3.xlarge",
        "+ limited region sa-east-1",
        "+ banned node instance type m5.metal in eu-west-1",
        "Live bounds of maxNodeCount: 3 to 40",
    ] {
        assert!(drift.stdout.contains(line), "{line}:\n{}", drift.stdout);
    }

    // The organization of the configuration, when the command line and the environment name
    // none.
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        format!("[astro]\norganization-id = \"{ORGANIZATION}\"\n"),
    )
    .expect("write the configuration");
    let mut cmd = with_token(None, Some(TOKEN));
    cmd.current_dir(dir.path())
        .args(["tables", "--compare-live", "--astro-api-url", &api.url()]);
    let configured = exec(cmd, None);
    assert_eq!(
        configured.code, 1,
        "{}{}",
        configured.stdout, configured.stderr
    );
    assert!(
        configured.stdout.contains(ORGANIZATION),
        "{}",
        configured.stdout
    );

    let refused = compare(&api, "not-the-token");
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(refused.stderr.contains("HTTP 401"), "{}", refused.stderr);
}

#[test]
fn the_api_is_reached_over_https_with_the_platforms_roots_and_through_the_proxy() {
    let ca = TestCa::new("astro-api-test-ca");
    let dir = tempfile::tempdir().expect("temporary directory");
    let pem = ca.write_pem(dir.path());
    let api = AstroApi::start_tls(TOKEN, ORGANIZATION, Answer::Options(fixture("tables")), &ca);
    let mut cmd = with_token(None, Some(TOKEN));
    cmd.env("SSL_CERT_FILE", &pem)
        .args(["tables", "--compare-live", "--astro-api-url", &api.url()])
        .args(["--astro-organization", ORGANIZATION]);
    let run = exec(cmd, None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Through the proxy of HTTPS_PROXY, as egress reaches its hosts.
    let proxy = ConnectProxy::start(ProxyMode::Tunnel);
    let mut cmd = with_token(None, Some(TOKEN));
    cmd.env("SSL_CERT_FILE", &pem)
        .env("HTTPS_PROXY", proxy.url())
        .env_remove("https_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .args(["tables", "--compare-live", "--astro-api-url", &api.url()])
        .args(["--astro-organization", ORGANIZATION]);
    let run = exec(cmd, None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let port = api.url().rsplit(':').next().expect("a port").to_owned();
    assert_eq!(proxy.targets(), [format!("127.0.0.1:{port}")]);
    // Without the CA, the certificate is refused: a network failure, said on one line.
    let mut cmd = with_token(None, Some(TOKEN));
    cmd.env("SSL_CERT_FILE", dir.path().join("empty.pem"))
        .args(["tables", "--compare-live", "--astro-api-url", &api.url()])
        .args(["--astro-organization", ORGANIZATION]);
    std::fs::write(dir.path().join("empty.pem"), "").expect("write");
    let run = exec(cmd, None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_no_token(&run);
}
