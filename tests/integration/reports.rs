//! One run, every report: `--output FORMAT=PATH`, `--format concise` read by editors' error
//! formats (taken from docs/ci.md), and colour under `--color` and the environment.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, from the repository root, with no colour variable inherited.
fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(root());
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Inputs with errors, warnings, fixes, a clean file and an input that cannot be read.
const INPUTS: &[&str] = &["examples/", "no/such/manifest.yaml"];

#[test]
fn one_run_writes_every_report_as_single_runs_do() {
    let formats = crate::formats();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = bin();
    cmd.args(["check", "--format", "concise"]);
    for format in &formats {
        cmd.arg("--output")
            .arg(format!("{format}={}", dir.path().join(format).display()));
    }
    let all = cmd.args(INPUTS).output().unwrap();
    assert_eq!(all.status.code(), Some(2), "{}", text(&all.stderr));
    for format in &formats {
        let single = bin()
            .args(["check", "--format", format])
            .args(INPUTS)
            .output()
            .unwrap();
        assert_eq!(single.status.code(), all.status.code(), "{format}");
        let written = std::fs::read(dir.path().join(format)).unwrap();
        assert!(!written.is_empty(), "{format}");
        assert_eq!(
            text(&written),
            text(&single.stdout),
            "--output {format}=PATH differs from --format {format}"
        );
        if format == "concise" {
            assert_eq!(text(&all.stdout), text(&single.stdout));
        }
    }
    // Nothing else is left beside the reports (no temporary file).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected = formats.clone();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn a_report_replaces_the_file_and_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = bin()
        .args(["check", "examples/hybrid.yaml", "-o"])
        .arg(format!("json={}", path.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(report["files"][0]["path"], "examples/hybrid.yaml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

/// Runs a check that must fail before any work: exit 2, nothing on stdout, the message on
/// stderr, and no file created.
fn refused(outputs: &[String], dir: &Path, message: &str) {
    let before = std::fs::read_dir(dir).unwrap().count();
    let mut cmd = bin();
    cmd.args(["check", "examples/broken/too-small.yaml"]);
    for o in outputs {
        cmd.arg("--output").arg(o);
    }
    let out: Output = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{outputs:?}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains(message),
        "{outputs:?}: {}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        before,
        "{outputs:?}"
    );
}

#[test]
fn a_path_that_cannot_be_written_fails_the_run_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ok = format!("sarif={}", d.join("ok.sarif").display());
    refused(
        &[
            ok.clone(),
            format!("json={}", d.join("missing/report.json").display()),
        ],
        d,
        "cannot write",
    );
    refused(&[format!("json={}", d.display())], d, "it is a directory");
    // A bare name and the same name under ./ are one file.
    let out = bin()
        .current_dir(d)
        .arg("check")
        .arg(root().join("examples/hybrid.yaml"))
        .args(["-o", "json=r.json", "-o", "sarif=./r.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("twice"), "{}", text(&out.stderr));
    refused(
        &[
            ok.clone(),
            format!(
                "json={}/../{}/ok.sarif",
                d.display(),
                d.file_name().unwrap().to_string_lossy()
            ),
        ],
        d,
        "twice",
    );
    #[cfg(unix)]
    if !nix_is_root() {
        use std::os::unix::fs::PermissionsExt;
        let locked = d.join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        refused(
            &[format!("json={}", locked.join("r.json").display())],
            &locked,
            "cannot write",
        );
    }
    // A bad value is a usage error too.
    for bad in ["json", "xml=out.xml", "json="] {
        let out = bin()
            .args(["check", "examples/hybrid.yaml", "--output", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains("--output"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Whether the tests run as root (who may write into a read-only directory).
fn nix_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| text(&o.stdout).trim() == "0")
        .unwrap_or(true)
}

/// The first fenced block after `marker` in docs/ci.md.
fn documented(marker: &str) -> String {
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let (_, after) = doc.split_once(marker).expect(marker);
    let (_, block) = after.split_once("```").unwrap();
    let (_, block) = block.split_once('\n').unwrap();
    block.split_once("```").unwrap().0.to_owned()
}

fn concise(dir: &Path) -> (PathBuf, String, serde_json::Value) {
    let out = bin()
        .args(["check", "--format", "concise"])
        .args(INPUTS)
        .output()
        .unwrap();
    let report = text(&out.stdout);
    let path = dir.join("concise.txt");
    std::fs::write(&path, &report).unwrap();
    let json = bin()
        .args(["check", "--format", "json"])
        .args(INPUTS)
        .output()
        .unwrap();
    (path, report, serde_json::from_slice(&json.stdout).unwrap())
}

/// Every finding of the JSON report as (path, line, column, severity, rule, message).
fn findings(json: &serde_json::Value) -> Vec<(String, u64, u64, String, String, String)> {
    let mut all = Vec::new();
    for file in json["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            all.push((
                file["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            ));
        }
    }
    all
}

#[test]
fn concise_lines_are_read_by_vims_errorformat_from_the_docs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, json) = concise(dir.path());
    let efm = documented("Vim and Neovim");
    let efm = efm.trim().strip_prefix("set errorformat=").expect(&efm);
    let script = dir.path().join("qf.vim");
    let out_json = dir.path().join("qf.json");
    std::fs::write(
        &script,
        format!(
            "set errorformat={efm}\ncgetfile {}\ncall writefile([json_encode(map(getqflist(), {{_, e -> [bufname(e.bufnr), e.lnum, e.col, e.type, e.text, e.valid]}}))], '{}')\nqa!\n",
            path.display(),
            out_json.display()
        ),
    )
    .unwrap();
    let status = std::process::Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-n", "-S"])
        .arg(&script)
        .current_dir(root())
        .status()
        .expect("nvim runs");
    assert!(status.success());
    let qf: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&out_json).unwrap()).unwrap();
    let expected = findings(&json);
    let entries: Vec<&serde_json::Value> = qf.iter().filter(|e| e[5] == 1).collect();
    // Every finding, and the unreadable input, and nothing else.
    assert_eq!(entries.len(), expected.len() + 1, "{qf:?}");
    for (e, (file, line, column, severity, rule, message)) in entries.iter().zip(&expected) {
        assert_eq!(e[0], file.as_str());
        assert_eq!(e[1], *line);
        assert_eq!(e[2], *column);
        assert_eq!(e[3], &severity[..1]);
        assert_eq!(e[4], format!("[{rule}] {message}"));
    }
    let last = entries.last().unwrap();
    assert_eq!(last[0], "no/such/manifest.yaml");
    assert_eq!(last[3], "e");
}

#[test]
fn concise_lines_are_read_by_the_documented_problem_matcher() {
    let dir = tempfile::tempdir().unwrap();
    let (path, report, json) = concise(dir.path());
    let matcher = documented("VS Code (a task's problem matcher)");
    let script = r#"
const fs = require('fs');
const [matcher, file] = process.argv.slice(1);
const p = JSON.parse(matcher).pattern;
const re = new RegExp(p.regexp);
const out = [];
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  const m = re.exec(line);
  if (m) out.push([m[p.file], +m[p.line], +m[p.column], m[p.severity], m[p.code], m[p.message]]);
}
console.log(JSON.stringify(out));
"#;
    let out = crate::tools::node()
        .arg("-e")
        .arg(script)
        .arg(&matcher)
        .arg(&path)
        .output()
        .expect("node runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let matched: Vec<(String, u64, u64, String, String, String)> =
        serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(matched, findings(&json), "{report}");
}

/// Whether the output of a check, run with these arguments and variables, is coloured.
fn coloured(format: &str, args: &[&str], vars: &[(&str, &str)]) -> bool {
    let mut cmd = bin();
    cmd.args([
        "check",
        "--format",
        format,
        "examples/broken/too-small.yaml",
    ])
    .args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    out.stdout.contains(&0x1b)
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    for format in ["human", "concise"] {
        // Not a terminal (the test's pipe): no colour unless asked.
        assert!(!coloured(format, &[], &[]));
        assert!(coloured(format, &["--color", "always"], &[]));
        assert!(coloured(format, &["--color=always"], &[("NO_COLOR", "1")]));
        assert!(!coloured(
            format,
            &["--color", "never"],
            &[("FORCE_COLOR", "1")]
        ));
        assert!(!coloured(format, &["--color", "auto"], &[]));
        assert!(coloured(format, &[], &[("FORCE_COLOR", "1")]));
        assert!(coloured(format, &[], &[("FORCE_COLOR", "true")]));
        assert!(!coloured(format, &[], &[("FORCE_COLOR", "0")]));
        assert!(!coloured(format, &[], &[("FORCE_COLOR", "")]));
        assert!(coloured(format, &[], &[("CLICOLOR_FORCE", "1")]));
        assert!(!coloured(format, &[], &[("CLICOLOR_FORCE", "0")]));
        assert!(!coloured(
            format,
            &[],
            &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]
        ));
        assert!(coloured(
            format,
            &[],
            &[("NO_COLOR", ""), ("FORCE_COLOR", "1")]
        ));
    }
    // The machine formats never are.
    for format in crate::formats() {
        if format != "human" && format != "concise" {
            assert!(!coloured(&format, &["--color", "always"], &[]), "{format}");
        }
    }
    // Nor are reports written to files.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("human.txt");
    assert!(coloured(
        "human",
        &[
            "--color",
            "always",
            "-o",
            &format!("human={}", file.display())
        ],
        &[]
    ));
    assert!(!std::fs::read(&file).unwrap().contains(&0x1b));
}

/// The rules and severities a concise check of `manifest` reports, with these arguments.
fn reported(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "concise", "m.yaml"])
        .args(args)
        .output()
        .unwrap();
    let lines = text(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("m.yaml:"))
        .map(|l| {
            l.split_once(": ")
                .unwrap()
                .1
                .split_once(' ')
                .unwrap()
                .0
                .to_owned()
        })
        .collect();
    (out.status.code().unwrap(), lines, text(&out.stderr))
}

#[test]
fn select_and_ignore_come_before_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("examples/broken/too-small.yaml"),
        d.join("m.yaml"),
    )
    .unwrap();
    std::fs::write(
        d.join("astro-preflight.toml"),
        "[rules]\ncidr-too-small = \"off\"\ncidr-overlap = \"warning\"\n",
    )
    .unwrap();
    let (code, all, _) = reported(d, &[]);
    assert_eq!(code, 1);
    assert!(!all.iter().any(|r| r.contains("cidr-too-small")), "{all:?}");
    assert!(all.contains(&"warning[cidr-overlap]".to_owned()), "{all:?}");

    // --select: only those; a rule the file turns off runs at its default severity, one the
    // file sets keeps the file's severity.
    let (code, selected, _) = reported(d, &["--select", "cidr-too-small,cidr-overlap"]);
    assert_eq!(code, 1);
    assert_eq!(selected, ["warning[cidr-overlap]", "error[cidr-too-small]"]);
    // Repeated, the same.
    let (_, repeated, _) = reported(
        d,
        &["--select", "cidr-too-small", "--select", "cidr-overlap"],
    );
    assert_eq!(repeated, selected);

    // --ignore: off, whatever the file and --select say.
    let (code, ignored, _) = reported(
        d,
        &[
            "--select",
            "cidr-too-small,cidr-overlap",
            "--ignore",
            "cidr-too-small",
        ],
    );
    assert_eq!(code, 0, "{ignored:?}");
    assert_eq!(ignored, ["warning[cidr-overlap]"]);
    let (_, rest, _) = reported(d, &["--ignore", "cidr-overlap,cidr-host-bits"]);
    assert_eq!(rest.len(), all.len() - 2, "{rest:?}");
    assert!(
        !rest
            .iter()
            .any(|r| r.contains("[cidr-overlap]") || r.contains("cidr-host-bits"))
    );

    // A file that does not parse is reported whatever is selected.
    std::fs::write(d.join("m.yaml"), "install: [\n").unwrap();
    let (code, syntax, _) = reported(d, &["--select", "cidr-too-small"]);
    assert_eq!(code, 1);
    assert_eq!(syntax, ["error[yaml-syntax]"]);

    // Unknown IDs get the configuration's did-you-mean; the parser's rules cannot be ignored.
    for (args, message) in [
        (
            ["--select", "cidr-to-small"],
            "`cidr-to-small` is not a rule; did you mean `cidr-too-small`?",
        ),
        (
            ["--ignore", "region-unsuported"],
            "`region-unsuported` is not a rule; did you mean `region-unsupported`?",
        ),
        (
            ["--ignore", "yaml-syntax"],
            "`yaml-syntax` cannot be ignored",
        ),
    ] {
        let (code, _, stderr) = reported(d, &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(message), "{stderr}");
    }
    std::fs::write(
        d.join("astro-preflight.toml"),
        "[rules]\ncidr-to-small = \"off\"\n",
    )
    .unwrap();
    let (code, _, stderr) = reported(d, &[]);
    assert_eq!(code, 2);
    // (A graphical report, wrapped.)
    assert!(
        stderr.contains("`cidr-to-small` is not a rule; did")
            && stderr.contains("you mean `cidr-too-small`?"),
        "{stderr}"
    );
}

#[test]
fn handoff_takes_the_selection_too() {
    let out = bin()
        .args([
            "handoff",
            "--format",
            "json",
            "examples/hybrid.yaml",
            "--ignore",
            "cidr-too-small",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let with: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = bin()
        .args(["handoff", "--format", "json", "examples/hybrid.yaml"])
        .output()
        .unwrap();
    let without: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(with["prerequisites"], without["prerequisites"]);
    let out = bin()
        .args(["handoff", "examples/hybrid.yaml", "--select", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
