//! Hostile input end to end: whatever a pull request holds, `check` answers with a clear
//! diagnostic and an honest exit code (1 for a finding about a file, 2 when the tool could not
//! do its job), without panicking, hanging or running out of memory.
//!
//! The big inputs are generated in a temporary directory by each test. Every run has a generous
//! timeout (a hang fails the test instead of stalling the suite) and, where util-linux's
//! `prlimit` exists, a cap on the data segment, so that unbounded memory fails the test too.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// Far above what any case here takes on a debug build (well under a second each): a run
/// that reaches it is a hang.
const HANG: Duration = Duration::from_secs(60);

/// The data segment each run may grow to. A default-limits run stays under 25 MiB.
const MEMORY: u64 = 256 * 1024 * 1024;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("astro-preflight")
}

/// The binary, under `prlimit --data` when util-linux is there.
fn bin_with_memory(bytes: u64) -> Command {
    let mut cmd = if Path::new("/usr/bin/prlimit").exists() {
        let mut cmd = Command::new("/usr/bin/prlimit");
        cmd.arg(format!("--data={bytes}")).arg(binary());
        cmd
    } else {
        Command::new(binary())
    };
    cmd.env("NO_COLOR", "1").timeout(HANG);
    cmd
}

fn bin() -> Command {
    bin_with_memory(MEMORY)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

fn finish(out: Output) -> Run {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal (out of memory?): {stderr}"));
    Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

fn run_in(dir: &Path, cmd: &mut Command, args: &[&str]) -> Run {
    let out = cmd
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{args:?} did not finish: {e}"));
    finish(out)
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, &mut bin(), args)
}

/// Checks one file as JSON: the exit code and its only file's diagnostics.
fn check_file(dir: &Path, name: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(name);
    let r = run(dir, &args);
    let v = r.json();
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{}", r.stdout);
    (
        r.code,
        v["files"][0]["diagnostics"].as_array().unwrap().clone(),
    )
}

/// The one diagnostic of a file that is refused as a whole: a `yaml-syntax` error.
fn refused(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let (code, diagnostics) = check_file(dir, name, extra);
    assert_eq!(
        code, 1,
        "a hostile file is a finding, not a tool failure: {diagnostics:?}"
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = diagnostics[0].clone();
    assert_eq!(d["rule"], "yaml-syntax", "{d:#}");
    assert_eq!(d["severity"], "error");
    d
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

/// A deterministic stream of bytes (xorshift), so that a failure can be replayed.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn an_alias_bomb_is_refused_at_the_node_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Billion laughs: nine levels of nine aliases each, 9^9 strings once expanded.
    let mut text = String::from(
        "install: hybrid\nlol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let refs = vec![format!("*lol{}", level - 1); 9].join(", ");
        text.push_str(&format!("lol{level}: &lol{level} [{refs}]\n"));
    }
    write(dir.path(), "bomb.yaml", &text);
    let d = refused(dir.path(), "bomb.yaml", &[]);
    assert_eq!(
        message(&d),
        "the document has more than 20000 nodes (aliases counted as expanded); a manifest is far smaller"
    );
    // It points at the alias that crossed the limit, not at the top of the file.
    assert!(d["line"].as_u64().unwrap() > 2, "{d:#}");

    // Raised to the ceiling, the expansion stays bounded: refused at a million nodes.
    write(
        dir.path(),
        "ceiling.toml",
        "[limits]\nmax-nodes = 1000000\n",
    );
    let r = run_in(
        dir.path(),
        &mut bin_with_memory(384 * 1024 * 1024),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "ceiling.toml",
            "bomb.yaml",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("more than 1000000 nodes"), "{}", r.stdout);
}

#[test]
fn a_hundred_thousand_nested_brackets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    write(
        dir.path(),
        "closed.yaml",
        format!("install: hybrid\nx: {}{}\n", "[".repeat(n), "]".repeat(n)),
    );
    write(
        dir.path(),
        "open.yaml",
        format!("install: hybrid\nx: {}\n", "[".repeat(n)),
    );
    write(
        dir.path(),
        "maps.yaml",
        format!("install: hybrid\nx: {}\n", "{a: ".repeat(n)),
    );
    for name in ["closed.yaml", "open.yaml", "maps.yaml"] {
        let d = refused(dir.path(), name, &[]);
        assert_eq!(
            message(&d),
            "nesting is deeper than 32 levels; a manifest is far shallower",
            "{name}"
        );
        assert_eq!(d["line"], 2, "{name}: {d:#}");
    }
    // saphyr refuses the 256th level of flow nesting itself: the message names that bound,
    // not the configured one.
    write(dir.path(), "deep.toml", "[limits]\nmax-depth = 256\n");
    let d = refused(dir.path(), "closed.yaml", &["--config", "deep.toml"]);
    assert_eq!(
        message(&d),
        "nesting is deeper than 255 levels; a manifest is far shallower"
    );
}

/// A block mapping nested `depth` levels, one space of indentation a level.
fn deep_block_mapping(depth: usize) -> String {
    let mut text = String::from("install: hybrid\n");
    for level in 0..depth {
        text.push_str(&" ".repeat(level));
        text.push_str("k:\n");
    }
    text
}

#[test]
fn a_five_thousand_deep_block_mapping_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 12.5 MB of indentation: beyond the default size limit, which is what refuses it.
    write(dir.path(), "deep.yaml", deep_block_mapping(5000));
    let d = refused(dir.path(), "deep.yaml", &[]);
    assert!(
        message(&d).starts_with("the file is 12512516 bytes, more than the 1048576-byte limit"),
        "{d:#}"
    );

    // With the size limit at its ceiling the depth limit refuses it, where it is crossed.
    write(
        dir.path(),
        "big.toml",
        "[limits]\nmax-file-size = 67108864\n",
    );
    let d = refused(dir.path(), "deep.yaml", &["--config", "big.toml"]);
    assert_eq!(
        message(&d),
        "nesting is deeper than 32 levels; a manifest is far shallower"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(34), Some(33)),
        "{d:#}"
    );

    // And with the depth limit at its ceiling too, the whole file is read and refused at 256.
    write(
        dir.path(),
        "deepest.toml",
        "[limits]\nmax-file-size = 67108864\nmax-depth = 256\n",
    );
    let d = refused(dir.path(), "deep.yaml", &["--config", "deepest.toml"]);
    assert_eq!(
        message(&d),
        "nesting is deeper than 256 levels; a manifest is far shallower"
    );
    assert_eq!(d["line"], 258);
}

#[test]
fn a_64_mib_scalar_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = Vec::with_capacity(64 * 1024 * 1024 + 64);
    text.extend_from_slice(b"install: hybrid\nx: \"");
    text.resize(text.len() + 64 * 1024 * 1024, b'a');
    text.extend_from_slice(b"\"\n");
    let size = text.len();
    write(dir.path(), "huge.yaml", &text);
    // Memory far below the file's size: it is never read.
    let r = run_in(
        dir.path(),
        &mut bin_with_memory(64 * 1024 * 1024),
        &["check", "--format", "json", "huge.yaml"],
    );
    assert_eq!(r.code, 1);
    let d = &r.json()["files"][0]["diagnostics"][0];
    assert_eq!(
        message(d),
        format!(
            "the file is {size} bytes, more than the 1048576-byte limit for a manifest (`[limits] max-file-size` in astro-preflight.toml)"
        )
    );
    // The human report says the same, naming the setting.
    let r = run(dir.path(), &["check", "huge.yaml"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(&format!("the file is {size} bytes")),
        "{}",
        r.stdout
    );

    // Through stdin, reading stops after the limit.
    let r = finish(
        bin()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "-"])
            .write_stdin(text)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 1);
    assert!(
        message(&r.json()["files"][0]["diagnostics"][0])
            .contains("more than the 1048576-byte limit"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_mapping_of_200000_keys_is_refused_at_the_node_limit() {
    let dir = tempfile::tempdir().unwrap();
    // Three-character keys with empty values: 200,000 keys in under 1 MiB.
    let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    let mut text = String::from("install: hybrid\n");
    let mut n = 0;
    'keys: for a in 'a'..='z' {
        for b in &alphabet {
            for c in &alphabet {
                text.push_str(&format!("{a}{b}{c}:\n"));
                n += 1;
                if n == 200_000 {
                    break 'keys;
                }
            }
        }
    }
    assert!(text.len() < 1024 * 1024);
    write(dir.path(), "keys.yaml", &text);
    let d = refused(dir.path(), "keys.yaml", &[]);
    assert!(
        message(&d).starts_with("the document has more than 20000 nodes"),
        "{d:#}"
    );
}

#[test]
fn random_bytes_are_findings_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for seed in 0..16u64 {
        let mut bytes = noise(seed, 4096);
        if seed % 2 == 0 {
            // Printable ASCII and line breaks: gets further into the YAML scanner.
            for b in &mut bytes {
                *b = match *b % 100 {
                    0..=9 => b'\n',
                    v => b' ' + (v % 95),
                };
            }
        }
        let name = format!("noise-{seed}.yaml");
        write(dir.path(), &name, &bytes);
        names.push(name);
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let r = run(dir.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), names.len());
    for file in files {
        assert!(file.get("error").is_none(), "{file:#}");
        let diagnostics = file["diagnostics"].as_array().unwrap();
        assert!(
            !diagnostics.is_empty(),
            "noise is never a valid manifest: {file:#}"
        );
        for d in diagnostics {
            assert!(
                d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1,
                "{d:#}"
            );
        }
    }
    // Invalid UTF-8 is named as such, at the first bad byte.
    assert!(files.iter().any(|f| {
        f["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the file is not valid UTF-8")
    }));
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1.yaml",
        b"version: 1\ninstall: hybrid\ncluster:\n  name: caf\xe9\n",
    );
    let d = refused(dir.path(), "latin1.yaml", &[]);
    assert_eq!(
        message(&d),
        "the file is not valid UTF-8: invalid byte sequence at byte 47"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(12))
    );
    let r = run(dir.path(), &["check", "latin1.yaml"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("latin1.yaml:4:12"), "{}", r.stdout);
}

#[test]
fn foreign_yaml_tags_are_refused_and_named_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "x: !!python/object/apply:os.system [\"rm -rf /\"]\n",
            "!!python/object/apply:os.system",
        ),
        (
            "x: !!python/object:__main__.Exploit {cmd: id}\n",
            "!!python/object:__main__.Exploit",
        ),
        ("x: !!python/name:os.system\n", "!!python/name:os.system"),
        ("x: !Ref SomeResource\n", "!Ref"),
        ("!!python/str x: 1\n", "!!python/str"),
    ];
    for (i, (line, tag)) in cases.iter().enumerate() {
        let name = format!("tag-{i}.yaml");
        write(dir.path(), &name, format!("install: hybrid\n{line}"));
        let d = refused(dir.path(), &name, &[]);
        assert_eq!(
            message(&d),
            format!("unsupported YAML tag `{tag}`: a manifest holds plain values, without tags")
        );
        assert_eq!(d["line"], 2);
    }
}

#[test]
fn a_directory_named_like_a_manifest_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("manifest.yaml")).unwrap();
    let r = run(dir.path(), &["check", "--format", "json", "manifest.yaml"]);
    assert_eq!(r.code, 2, "nothing was checked: not a pass");
    let v = r.json();
    assert_eq!(v["files"][0]["path"], "manifest.yaml");
    assert_eq!(
        v["files"][0]["error"],
        "no manifest found: no .yaml or .yml file here has a top-level `install:` key"
    );
    let r = run(dir.path(), &["check", "manifest.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("error: manifest.yaml: no manifest found"),
        "{}",
        r.stdout
    );
}

#[test]
fn crlf_and_a_byte_order_mark_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 10.0.0.0/22   # too small\n";
    let crlf = lf.replace('\n', "\r\n");
    write(dir.path(), "lf.yaml", lf);
    write(dir.path(), "crlf.yaml", &crlf);
    write(dir.path(), "bom.yaml", format!("\u{feff}{crlf}"));
    write(
        dir.path(),
        "valid.yaml",
        format!("\u{feff}{}", VALID.replace('\n', "\r\n")),
    );
    let (code, _) = check_file(dir.path(), "valid.yaml", &[]);
    assert_eq!(code, 0);
    let (_, expected) = check_file(dir.path(), "lf.yaml", &[]);
    assert_eq!(expected.len(), 1);
    assert_eq!(expected[0]["rule"], "cidr-too-small");
    assert_eq!(
        (
            expected[0]["line"].as_u64(),
            expected[0]["column"].as_u64(),
            expected[0]["endColumn"].as_u64()
        ),
        (Some(7), Some(12), Some(23))
    );
    for name in ["crlf.yaml", "bom.yaml"] {
        let (code, diagnostics) = check_file(dir.path(), name, &[]);
        assert_eq!(code, 1);
        assert_eq!(
            diagnostics, expected,
            "{name}: same findings at the same lines and columns"
        );
        let r = run(dir.path(), &["check", name]);
        assert!(
            !r.stdout.contains('\r') && !r.stdout.contains('\u{feff}'),
            "{name}: {:?}",
            r.stdout
        );
        assert!(r.stdout.contains(&format!("{name}:7:12")), "{}", r.stdout);
    }
}

#[test]
fn limits_beyond_their_ceilings_are_refused_with_the_key_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", VALID);
    for (key, value, ceiling) in [
        ("max-file-size", "1073741824", "67108864"),
        ("max-depth", "100000", "256"),
        ("max-nodes", "1000001", "1000000"),
    ] {
        write(
            dir.path(),
            "limits.toml",
            format!("[limits]\n{key} = {value}\n"),
        );
        let r = run(dir.path(), &["check", "--config", "limits.toml", "m.yaml"]);
        assert_eq!(r.code, 2, "{key}");
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        // miette wraps the message: check its words, not its lines.
        let words = r
            .stderr
            .split_whitespace()
            .filter(|w| *w != "│")
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains(&format!(
                "`{key}` is {value}, more than its ceiling of {ceiling}"
            )),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("limits.toml:2:1"),
            "points at the key: {}",
            r.stderr
        );
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// The tool, started unable to read a file of mode 000: as any user but root it is; root
/// reads anything, unless `setpriv` drops the two capabilities that allow it. `None` as root
/// without `setpriv`.
fn unprivileged() -> Option<Command> {
    let mut cmd = if !is_root() {
        Command::new(binary())
    } else if Path::new("/usr/bin/setpriv").exists() {
        let mut cmd = Command::new("/usr/bin/setpriv");
        cmd.args(["--bounding-set", "-dac_override,-dac_read_search", "--"])
            .arg(binary());
        cmd
    } else {
        return None;
    };
    cmd.env("NO_COLOR", "1").timeout(HANG);
    Some(cmd)
}

#[cfg(unix)]
#[test]
fn a_hostile_tree_reports_each_problem_and_checks_every_manifest() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{PermissionsExt, symlink};

    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let bad = VALID
        .replace("10.0.0.0/22", "x")
        .replace("name: acme", "name: acme\n  vpcCidr: 10.0.0.0/22");
    write(&tree, "a-good.yaml", VALID);
    write(&tree, "b-finding.yaml", &bad);
    write(&tree, "sub/c-good.yml", VALID);
    // A FIFO: opening it would block until a writer comes.
    let fifo = tree.join("fifo.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Symbolic links: a loop, a dangling one, one out of the tree, one to a directory above
    // (a walk that followed it would never end), one to a manifest in the tree.
    symlink("loop.yaml", tree.join("loop.yaml")).unwrap();
    symlink("nowhere.yaml", tree.join("dangling.yaml")).unwrap();
    write(dir.path(), "outside.yaml", VALID);
    symlink(dir.path().join("outside.yaml"), tree.join("outside.yaml")).unwrap();
    symlink("..", tree.join("sub/up")).unwrap();
    symlink("a-good.yaml", tree.join("link.yaml")).unwrap();
    // A file name that is not UTF-8.
    let odd = tree.join(std::ffi::OsStr::from_bytes(b"caf\xe9.yaml"));
    std::fs::write(&odd, &bad).unwrap();
    // A file that cannot be read.
    let locked = write(&tree, "locked.yaml", VALID);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();

    let locked_out = unprivileged();
    if locked_out.is_none() {
        eprintln!(
            "note: root without setpriv: locked.yaml is readable, so its error is not checked"
        );
    }
    let can_lock = locked_out.is_some();
    let mut cmd = locked_out.unwrap_or_else(bin);
    let r = run_in(dir.path(), &mut cmd, &["check", "--format", "json", "tree"]);
    assert_eq!(r.code, 2, "some inputs could not be read: {}", r.stdout);
    let v = r.json();
    let by_path = |p: &str| -> Value {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .cloned()
            .unwrap_or_else(|| panic!("{p} missing: {v:#}"))
    };
    // Every manifest that can be read is checked, with its findings.
    for good in ["tree/a-good.yaml", "tree/sub/c-good.yml", "tree/link.yaml"] {
        assert_eq!(
            by_path(good)["diagnostics"],
            serde_json::json!([]),
            "{good}"
        );
        assert!(by_path(good).get("error").is_none());
    }
    assert_eq!(
        by_path("tree/b-finding.yaml")["diagnostics"][0]["rule"],
        "cidr-too-small"
    );
    assert_eq!(
        by_path("tree/caf\u{fffd}.yaml")["diagnostics"][0]["rule"],
        "cidr-too-small"
    );
    // Each problem is reported under its own path.
    let error = |p: &str| {
        by_path(p)["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{p} has no error"))
            .to_owned()
    };
    assert_eq!(
        error("tree/fifo.yaml"),
        "is not a regular file (a FIFO, socket or device); skipped"
    );
    assert_eq!(
        error("tree/loop.yaml"),
        "is a symbolic link that cannot be followed: too many levels of symbolic links"
    );
    assert_eq!(
        error("tree/dangling.yaml"),
        "is a symbolic link that cannot be followed: its target does not exist"
    );
    assert_eq!(
        error("tree/outside.yaml"),
        "is a symbolic link to a manifest outside tree; not followed (name the file itself to check it)"
    );
    if can_lock {
        assert_eq!(error("tree/locked.yaml"), "permission denied");
    } else {
        assert_eq!(
            by_path("tree/locked.yaml")["diagnostics"],
            serde_json::json!([])
        );
    }
    // Nothing was found twice through the link to the parent directory.
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| !p.contains("/up/")), "{paths:?}");
    assert_eq!(v["summary"]["errors"], 2);

    // The human report says the same, one line per problem.
    let r = run_in(dir.path(), &mut bin(), &["check", "tree"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("error: tree/fifo.yaml: is not a regular file"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("error: tree/loop.yaml: is a symbolic link that cannot be followed"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe.yaml"))
            .status()
            .unwrap()
            .success()
    );
    write(dir.path(), "ok.yaml", VALID);
    let r = run(
        dir.path(),
        &["check", "--format", "json", "pipe.yaml", "ok.yaml"],
    );
    assert_eq!(r.code, 2);
    let v = r.json();
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "ok.yaml" && f["diagnostics"] == serde_json::json!([])),
        "{v:#}"
    );
    assert!(
        files.iter().any(|f| f["path"] == "pipe.yaml"
            && f["error"]
                == "is not a regular file (a FIFO, socket or device); refusing to read it"),
        "{v:#}"
    );
}

/// Every side file (`--config`, a discovered `astro-preflight.toml`, `--facts`, `--cacert`)
/// is opened without blocking and refused unless it is a regular file: a FIFO with no writer
/// would otherwise hang the run (the timeout catches a hang).
#[cfg(unix)]
#[test]
fn side_files_that_are_fifos_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", VALID);
    let fifo = |path: &Path| {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .unwrap()
                .success()
        );
    };
    fifo(&dir.path().join("pipe"));
    std::fs::create_dir(dir.path().join("found")).unwrap();
    write(&dir.path().join("found"), "m.yaml", VALID);
    fifo(&dir.path().join("found/astro-preflight.toml"));
    let not_regular = "it is not a regular file (a FIFO, socket or device)";
    let cases: &[(&[&str], String)] = &[
        (
            &["check", "--config", "pipe", "m.yaml"],
            format!("cannot read the configuration pipe: {not_regular}"),
        ),
        (
            &["check", "found/m.yaml"],
            // Discovered: named by its absolute path.
            format!("found/astro-preflight.toml: {not_regular}"),
        ),
        (
            &["check", "--facts", "pipe", "m.yaml"],
            format!("cannot read the facts file pipe: {not_regular}"),
        ),
        (
            &["handoff", "--facts", "pipe", "m.yaml"],
            format!("cannot read the facts file pipe: {not_regular}"),
        ),
        (
            &["handoff", "--config", "pipe", "m.yaml"],
            format!("cannot read the configuration pipe: {not_regular}"),
        ),
        (
            &["egress", "--cacert", "pipe", "--organization", "acme"],
            format!("cannot read the CA file pipe: {not_regular}"),
        ),
        (
            &["egress", "--cacert", "/dev/zero", "--organization", "acme"],
            format!("cannot read the CA file /dev/zero: {not_regular}"),
        ),
    ];
    for (args, expected) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(expected.as_str()),
            "{args:?} should say {expected:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn bad_tool_input_exits_2_saying_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", VALID);
    write(
        dir.path(),
        "truncated.json",
        "{\"version\": 1, \"gatheredAt\": ",
    );
    write(dir.path(), "shape.json", "{\"version\": 1}");
    write(dir.path(), "noise.json", noise(7, 2048));
    write(dir.path(), "bad.toml", "[rules\n");
    // Sparse: their size is in the metadata, and they are refused without being read.
    for (name, size) in [("huge.json", 17 << 20), ("huge.toml", 2 << 20)] {
        std::fs::File::create(dir.path().join(name))
            .unwrap()
            .set_len(size)
            .unwrap();
    }
    write(
        dir.path(),
        "unknown.toml",
        "[rules]\ncidr-host-bit = \"off\"\n",
    );
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "missing.yaml"],
            "missing.yaml: no such file or directory",
        ),
        (
            &["check", "--facts", "absent.json", "m.yaml"],
            "cannot read the facts file absent.json: no such file or directory",
        ),
        (
            &["check", "--facts", "truncated.json", "m.yaml"],
            "the facts file truncated.json is unusable",
        ),
        (
            &["check", "--facts", "shape.json", "m.yaml"],
            "the facts file shape.json is unusable",
        ),
        (
            &["check", "--facts", "noise.json", "m.yaml"],
            "cannot read the facts file noise.json: it is not UTF-8 text",
        ),
        (
            &["check", "--facts", "/dev/zero", "m.yaml"],
            "cannot read the facts file /dev/zero: it is not a regular file (a FIFO, socket or device)",
        ),
        (
            &["check", "--facts", "huge.json", "m.yaml"],
            "cannot read the facts file huge.json: it is larger than 16777216 bytes",
        ),
        (&["check", "--config", "bad.toml", "m.yaml"], "bad.toml:1:7"),
        (
            &["check", "--config", "unknown.toml", "m.yaml"],
            "`cidr-host-bit` is not a rule",
        ),
        (
            &["check", "--config", "/dev/urandom", "m.yaml"],
            "cannot read the configuration /dev/urandom: it is not a regular file",
        ),
        (
            &["check", "--config", "huge.toml", "m.yaml"],
            "cannot read the configuration huge.toml: it is larger than 1048576 bytes",
        ),
        (
            &["check", "--config", ".", "m.yaml"],
            "cannot read the configuration .: it is a directory",
        ),
        (
            &["check", "--frobnicate", "m.yaml"],
            "unexpected argument '--frobnicate'",
        ),
        (
            &["check", "--format", "xml", "m.yaml"],
            "invalid value 'xml' for '--format <FORMAT>'",
        ),
        (
            &["check", "--online", "--facts", "shape.json", "m.yaml"],
            "cannot be used with",
        ),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
    ];
    for (args, expected) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        let said = format!("{}{}", r.stdout, r.stderr);
        assert!(
            said.contains(expected),
            "{args:?} should say {expected:?}: {said}"
        );
    }
}
