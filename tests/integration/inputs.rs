//! Which files `check` reads: directory walks that respect .gitignore and skip (and count)
//! YAML that is not a manifest, explicit files, and `-` with `--stdin-filename`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("astro-preflight").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `check --format json` in `dir`: the exit code, the reported paths and the whole output.
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<String>, Value) {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    (out.status.code().unwrap(), paths, v)
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";
const BAD: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 172.20.0.0/22\n";

#[test]
fn gitignore_is_respected_in_and_out_of_git() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "/build/\n*.generated.yaml\n");
    write(dir.path(), "manifests/acme.yaml", VALID);
    write(dir.path(), "manifests/acme.generated.yaml", BAD);
    write(dir.path(), "build/acme.yaml", BAD);
    write(dir.path(), "manifests/.gitignore", "old/\n");
    write(dir.path(), "manifests/old/acme.yaml", BAD);
    // Not a git repository: .gitignore still counts (the walk does not require git).
    let (code, paths, _) = check(dir.path(), &["."]);
    assert_eq!((code, paths), (0, vec!["manifests/acme.yaml".to_owned()]));

    let git = std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(dir.path())
        .status()
        .expect("git is installed");
    assert!(git.success());
    let (code, paths, _) = check(dir.path(), &["."]);
    assert_eq!(
        (code, paths),
        (0, vec!["manifests/acme.yaml".to_owned()]),
        "inside a git repository"
    );

    // A file named on the command line is checked even when ignored.
    let (code, paths, _) = check(dir.path(), &["build/acme.yaml"]);
    assert_eq!((code, paths), (1, vec!["build/acme.yaml".to_owned()]));
    // And a directory named on the command line is walked with the ignore files above it.
    let (code, paths, _) = check(dir.path(), &["manifests"]);
    assert_eq!((code, paths), (0, vec!["manifests/acme.yaml".to_owned()]));
}

#[test]
fn yaml_that_is_not_a_manifest_is_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "acme.yaml", VALID);
    write(
        dir.path(),
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n",
    );
    write(
        dir.path(),
        "docker-compose.yml",
        "services:\n  web:\n    image: nginx\n",
    );
    write(dir.path(), "helm/values.yaml", "spec:\n  install: true\n");
    write(dir.path(), "empty.yaml", "");
    write(dir.path(), "broken-other.yaml", "key: [unclosed\n");
    write(dir.path(), "notes.txt", "install: hybrid\n");
    let (code, paths, _) = check(dir.path(), &["."]);
    assert_eq!((code, paths), (0, vec!["acme.yaml".to_owned()]));
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // Counted, not named (the hidden .github directory is not walked: not counted).
    assert!(
        text.starts_with(
            "1 file checked: no problems; 4 YAML files skipped: not install manifests\n"
        ),
        "{text}"
    );
    assert_eq!(check(dir.path(), &["."]).2["summary"]["skippedYaml"], 4);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A manifest is recognised by its top-level `install:` key, even when it does not parse.
    write(dir.path(), "broken.yml", "install: hybrid\nversion: [1\n");
    write(dir.path(), "quoted.yaml", "\"install\": hybrid\n");
    let (code, paths, v) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(paths, ["acme.yaml", "broken.yml", "quoted.yaml"]);
    assert_eq!(v["files"][1]["diagnostics"][0]["rule"], "yaml-syntax");
    assert_eq!(v["files"][2]["diagnostics"][0]["rule"], "schema");
}

#[test]
fn stdin_is_reported_under_stdin_filename_and_configured_from_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team/astro-preflight.toml",
        "[rules]\nregion-opt-in = \"error\"\n",
    );
    let opt_in = format!("{VALID}  region: eu-south-1\n");
    let run = |args: &[&str]| {
        let out = bin()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .args(args)
            .write_stdin(opt_in.clone())
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), v)
    };
    let (code, v) = run(&["--stdin-filename", "team/acme.yaml", "-"]);
    assert_eq!(code, 1, "team/astro-preflight.toml applies: {v:#}");
    assert_eq!(v["files"][0]["path"], "team/acme.yaml");
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "error");
    assert_eq!(v["files"][0]["diagnostics"][0]["line"], 7);

    let (code, v) = run(&["--stdin-filename", "elsewhere/acme.yaml", "-"]);
    assert_eq!(code, 0);
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "warning");

    let (code, v) = run(&["-"]);
    assert_eq!((code, v["files"][0]["path"].as_str()), (0, Some("<stdin>")));

    // Beside files.
    write(dir.path(), "a.yaml", VALID);
    let (code, v) = run(&["a.yaml", "--stdin-filename", "team/acme.yaml", "-"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.yaml", "team/acme.yaml"]);
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m/a.yaml", BAD);
    let (code, paths, v) = check(dir.path(), &["m", "m/a.yaml", "m"]);
    assert_eq!((code, paths), (1, vec!["m/a.yaml".to_owned()]));
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn only_manifests_skips_named_files_without_an_install_key() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.yaml");
    let workflow = dir.path().join("ci.yml");
    std::fs::write(&manifest, "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 172.20.0.0/22\n").unwrap();
    std::fs::write(&workflow, "on: push\njobs: {}\n").unwrap();
    let run = |extra: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("astro-preflight")
            .unwrap()
            .args(["check", "--format", "json"])
            .args(extra)
            .arg(&workflow)
            .arg(&manifest)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), v["files"].as_array().unwrap().len(), v)
    };
    // Named explicitly, the workflow is checked (and fails the schema)...
    let (code, files, _) = run(&[]);
    assert_eq!((code, files), (Some(1), 2));
    // ... unless --only-manifests, which keeps only the manifest.
    let (code, files, v) = run(&["--only-manifests"]);
    assert_eq!((code, files), (Some(1), 1), "{v:#}");
    assert!(v["files"][0]["path"].as_str().unwrap().ends_with("m.yaml"));
    // The skipped file is counted and named.
    assert_eq!(v["summary"]["skippedYaml"], 1, "{v:#}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("not an install manifest") && notes.contains("ci.yml"),
        "{notes}"
    );
}

/// A manifest whose `install` key is misspelt or missing is reported, never skipped, and a
/// flow-style manifest is recognised: in a directory walk and through `--only-manifests`.
#[test]
fn manifests_without_a_recognisable_install_key_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "misspelt.yaml",
        "version: 1\nInstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n",
    );
    write(
        dir.path(),
        "missing.yaml",
        "version: 1\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n",
    );
    write(
        dir.path(),
        "flow.yaml",
        "{version: 1, install: hybrid, account: {id: \"123456789012\"}, cluster: {name: acme, vpcCidr: 172.20.0.0/22}}\n",
    );
    write(
        dir.path(),
        "flow-misspelt.yaml",
        "{version: 1, instal: hybrid, account: {id: \"123456789012\"}, cluster: {name: acme}}\n",
    );
    write(
        dir.path(),
        "other.yaml",
        "services:\n  web:\n    image: nginx\n",
    );
    let expect = |v: &Value| {
        let mut rules: Vec<(String, String)> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    f["diagnostics"][0]["rule"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned(),
                )
            })
            .collect();
        rules.sort();
        assert_eq!(
            rules,
            [
                ("flow-misspelt.yaml", "manifest-unrecognized"),
                ("flow.yaml", "cidr-too-small"),
                ("missing.yaml", "manifest-unrecognized"),
                ("misspelt.yaml", "manifest-unrecognized"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned())),
            "{v:#}"
        );
        assert_eq!(v["summary"]["skippedYaml"], 1, "{v:#}");
    };
    let (code, _, v) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    expect(&v);
    let misspelt = &v["files"][3]["diagnostics"][0];
    assert_eq!(misspelt["line"], 2, "{misspelt:#}");
    assert!(
        misspelt["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `install`?"),
        "{misspelt:#}"
    );
    // Only the one finding: the schema's errors about a file that is not yet a manifest are
    // left out.
    assert_eq!(v["files"][3]["diagnostics"].as_array().unwrap().len(), 1);
    let (code, _, v) = check(
        dir.path(),
        &[
            "--only-manifests",
            "flow-misspelt.yaml",
            "flow.yaml",
            "missing.yaml",
            "misspelt.yaml",
            "other.yaml",
        ],
    );
    assert_eq!(code, 1);
    expect(&v);
}

#[test]
fn a_walk_reports_in_walk_order_across_many_batches() {
    // More files than one task of the walk reads (32), created in reverse order, with
    // directories whose names sort around a file's: the report follows the walk (depth first,
    // each directory's entries by name), and the problems found on the way follow in the order
    // they were met.
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = (0..100).map(|i| format!("m{i:03}.yaml")).collect();
    names.extend(["a.yaml", "a/x.yaml", "a-b/y.yaml", "a/deep/z.yaml"].map(String::from));
    for name in names.iter().rev() {
        write(dir.path(), name, VALID);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("missing", dir.path().join("a/dangling.yaml")).unwrap();
        std::os::unix::fs::symlink("missing", dir.path().join("b-dangling.yaml")).unwrap();
    }
    let (code, paths, v) = check(dir.path(), &["."]);
    let mut expected: Vec<&Path> = names.iter().map(Path::new).collect();
    // `Path`'s order compares component by component: the walk's.
    expected.sort();
    let mut expected: Vec<String> = expected
        .iter()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        &expected[..4],
        ["a/deep/z.yaml", "a/x.yaml", "a-b/y.yaml", "a.yaml"]
    );
    if cfg!(unix) {
        expected.extend(["a/dangling.yaml", "b-dangling.yaml"].map(String::from));
        assert_eq!(code, 2, "{v}");
    } else {
        assert_eq!(code, 0, "{v}");
    }
    assert_eq!(paths, expected);
}
