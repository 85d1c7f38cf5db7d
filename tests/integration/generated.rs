//! Committed generated files are current: the configuration's JSON Schema, the shell
//! completions and the man pages. `UPDATE_GENERATED=1 cargo test` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(root());
    cmd
}

fn update() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

/// Every file of a directory (not recursive), by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Runs `generate WHAT --out <temp>` and compares with the committed directory; with
/// UPDATE_GENERATED, replaces the committed files first.
fn check_generated(what: &str, committed: &str) {
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["generate", what, "--out"])
        .arg(out.path())
        .assert()
        .code(0);
    let generated = files(out.path());
    assert!(!generated.is_empty(), "`generate {what}` wrote nothing");
    let dir = root().join(committed);
    if update() {
        for stale in files(&dir)
            .keys()
            .filter(|name| !generated.contains_key(*name))
        {
            std::fs::remove_file(dir.join(stale)).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &generated {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    let on_disk = files(&dir);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&on_disk),
        names(&generated),
        "{committed} is stale: run `UPDATE_GENERATED=1 cargo test`"
    );
    for (name, bytes) in &generated {
        assert!(
            on_disk[name] == *bytes,
            "{committed}/{name} is stale: run `UPDATE_GENERATED=1 cargo test`"
        );
    }
}

#[test]
fn committed_completions_are_current() {
    check_generated("completions", "docs/completions");
    let bash =
        std::fs::read_to_string(root().join("docs/completions/astro-preflight.bash")).unwrap();
    assert!(bash.contains("--deny-warnings") && bash.contains("sarif") && bash.contains("junit"));
    for name in [
        "_astro-preflight",
        "astro-preflight.fish",
        "_astro-preflight.ps1",
        "astro-preflight.elv",
    ] {
        assert!(
            root().join("docs/completions").join(name).is_file(),
            "{name}"
        );
    }
}

#[test]
fn committed_man_pages_are_current() {
    check_generated("man", "docs/man");
    let page = std::fs::read_to_string(root().join("docs/man/astro-preflight-check.1")).unwrap();
    assert!(page.starts_with(".ie") && page.contains(".TH astro-preflight-check 1"));
    assert!(page.contains("\\-\\-no\\-inline\\-ignores"));
    assert!(root().join("docs/man/astro-preflight.1").is_file());
}

/// The manifest schema for editors: generated from the typed manifest (crates/manifest) with
/// the linter's tables as examples (crates/linter/src/editor_schema.rs).
#[test]
fn committed_manifest_schema_is_current() {
    let path = root().join("schemas/install-manifest.schema.json");
    let generated = astro_preflight_linter::editor_schema::manifest_schema_text();
    if update() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/install-manifest.schema.json is stale: run `UPDATE_GENERATED=1 cargo test` (or `astro-preflight schema > schemas/install-manifest.schema.json`)"
    );
    let out = bin().args(["schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
    // What editors show: no hard-wrapped descriptions; Markdown only in `markdownDescription`.
    let schema: Value = serde_json::from_str(&committed).unwrap();
    let mut descriptions = Vec::new();
    collect_descriptions(&schema, &mut descriptions);
    assert!(descriptions.len() > 10);
    for (key, text) in descriptions {
        assert!(
            !text.contains('\n') || text.contains("\n\n"),
            "a hard-wrapped {key}: {text:?}"
        );
        assert!(
            !text.split("\n\n").any(|p| p.contains('\n')),
            "a hard-wrapped {key}: {text:?}"
        );
        if key == "description" {
            assert!(
                !text.contains('`'),
                "Markdown in a plain description: {text:?}"
            );
        }
    }
    let install = &schema["properties"]["install"];
    assert!(
        install["markdownDescription"]
            .as_str()
            .unwrap()
            .contains("`hybrid`")
    );
    assert!(
        install["description"]
            .as_str()
            .unwrap()
            .contains(" hybrid ")
    );
}

fn collect_descriptions(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("description" | "markdownDescription", Value::String(text)) => {
                        out.push((k.clone(), text.clone()))
                    }
                    _ => collect_descriptions(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_descriptions(i, out)),
        _ => {}
    }
}

#[test]
fn committed_config_schema_is_current() {
    let path = root().join("schemas/config.schema.json");
    let generated = astro_preflight_linter::config::config_schema_text();
    if update() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/config.schema.json is stale: run `UPDATE_GENERATED=1 cargo test` (or `astro-preflight schema config > schemas/config.schema.json`)"
    );
    let out = bin().args(["schema", "config"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

/// The configuration schema says what the configuration loader accepts (TOML read as JSON).
#[test]
fn config_schema_accepts_and_refuses_what_the_loader_does() {
    let schema: Value =
        serde_json::from_slice(&std::fs::read(root().join("schemas/config.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = json!({
        "rules": { "cidr-host-bits": "off", "region-opt-in": "info", "schema": "warning", "suppression-unused": "off" },
        "allow": { "regions": ["ap-southeast-3"], "instance-types": ["m7i.xlarge"], "db-instance-types": ["db.m7g.large"] },
        "limits": { "max-file-size": 1048576, "max-depth": 32, "max-nodes": 20000 },
    });
    assert!(
        validator.is_valid(&good),
        "{:?}",
        validator
            .iter_errors(&good)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    for bad in [
        json!({ "rules": { "cidr-host-bit": "off" } }),
        json!({ "rules": { "schema": "off" } }),
        json!({ "rules": { "yaml-syntax": "off" } }),
        json!({ "rules": { "cidr-host-bits": "loud" } }),
        json!({ "allow": { "regions": "ap-southeast-3" } }),
        json!({ "limits": { "max-depth": 0 } }),
        json!({ "rulez": {} }),
    ] {
        assert!(!validator.is_valid(&bad), "the schema accepts {bad}");
    }
    // Every rule is named, with its summary, for editors.
    let rules = schema["properties"]["rules"]["properties"]
        .as_object()
        .unwrap();
    assert_eq!(rules.len(), astro_preflight_linter::registry::all().len());
    for rule in astro_preflight_linter::registry::all() {
        assert!(
            rules[rule.id]["description"]
                .as_str()
                .unwrap()
                .starts_with(&rule.summary()),
            "{}",
            rule.id
        );
    }
}

/// `vendor/` holds the published AWS SDK crates trimmed by `scripts/trim-sdk` to the operations
/// in `vendor/trimmed.toml`, unedited, and the published saphyr-parser with the patch that file
/// names: the script, given the published crates (fetched by `scripts/test`, checked against
/// their checksums), would write exactly what is committed.
/// And the workspace builds with them: each is patched in, at the version Cargo.lock holds.
#[test]
fn vendored_sdk_crates_are_the_published_ones_trimmed() {
    let crates = std::env::var_os("ASTRO_PREFLIGHT_SDK_CRATES")
        .map_or_else(|| root().join("tests/tools/sdk-crates"), PathBuf::from);
    assert!(
        crates.is_dir(),
        "{} lacks the published SDK crates: run scripts/test (it runs `scripts/trim-sdk --fetch`)",
        crates.display()
    );
    let out = std::process::Command::new("python3")
        .arg(root().join("scripts/trim-sdk"))
        .args(["--check", "--crates"])
        .arg(&crates)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let config = std::fs::read_to_string(root().join("vendor/trimmed.toml")).unwrap();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let names: Vec<&str> = config
        .lines()
        .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
        .collect();
    assert!(names.contains(&"aws-sdk-ec2"), "{names:?}");
    assert!(names.contains(&"saphyr-parser"), "{names:?}");
    for name in names {
        let section = config.split(&format!("[{name}]")).nth(1).unwrap();
        let version = section
            .lines()
            .find_map(|l| l.strip_prefix("version = "))
            .unwrap()
            .trim_matches('"');
        assert!(
            manifest.contains(&format!("{name} = {{ path = \"vendor/{name}\" }}")),
            "Cargo.toml does not patch {name} with vendor/{name}"
        );
        let locked = format!("name = \"{name}\"\nversion = \"{version}\"\n");
        let entry = lock.split("[[package]]\n").find(|p| p.starts_with(&locked));
        let entry = entry.unwrap_or_else(|| panic!("Cargo.lock has no {name} {version}"));
        assert!(
            !entry.contains("source = "),
            "Cargo.lock takes {name} from a registry, not vendor/"
        );
    }
}
