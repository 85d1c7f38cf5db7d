//! `docs/iam-policy.json` allows exactly the actions of `actions::ALL`, every one of them
//! read-only, and this crate calls no AWS operation outside that table.
//!
//! The source check is structural: it reads `crates/aws/src` and finds every SDK operation call
//! (`.describe_vpcs()`, `.get_caller_identity()`...) and every `actions::` constant used, so a
//! call added without its action in the table (and so in the policy) fails here. The emulator
//! tests check the same at run time, from the calls the emulator records.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use astro_preflight_facts::actions;
use serde_json::Value;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The actions the policy allows, from every statement.
fn policy_actions() -> Vec<String> {
    let path = repo_root().join("docs/iam-policy.json");
    let policy: Value = serde_json::from_str(&read(&path))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    assert_eq!(policy["Version"], "2012-10-17", "policy language version");
    let statements = policy["Statement"].as_array().expect("Statement is a list");
    assert!(!statements.is_empty(), "the policy has no statement");

    let mut allowed = Vec::new();
    for statement in statements {
        assert_eq!(statement["Effect"], "Allow", "{statement}");
        assert!(
            statement.get("NotAction").is_none(),
            "NotAction allows too much: {statement}"
        );
        assert!(statement.get("NotResource").is_none(), "{statement}");
        if statement["Action"] == "sts:AssumeRole" {
            // --assume-role: the roles to assume, by ARN, in any account.
            let resource = statement["Resource"].as_str().unwrap_or_default();
            assert!(
                resource.starts_with("arn:aws:iam::") && resource.contains(":role/"),
                "{statement}"
            );
        } else {
            // None of the other actions supports resource-level permissions.
            assert_eq!(statement["Resource"], "*", "{statement}");
        }
        match &statement["Action"] {
            Value::String(action) => allowed.push(action.clone()),
            Value::Array(list) => {
                for action in list {
                    allowed.push(action.as_str().expect("an action is a string").to_owned());
                }
            }
            other => panic!("Action must be a string or a list: {other}"),
        }
    }
    allowed
}

#[test]
fn the_policy_allows_every_action_of_the_table_and_nothing_else() {
    let allowed = policy_actions();
    for action in &allowed {
        assert!(
            !action.contains('*') && !action.contains('?'),
            "wildcard in the policy: {action}"
        );
    }
    let unique: BTreeSet<&str> = allowed.iter().map(String::as_str).collect();
    assert_eq!(
        unique.len(),
        allowed.len(),
        "duplicate actions in the policy: {allowed:?}"
    );

    let table: BTreeSet<&str> = actions::ALL.iter().copied().collect();
    let missing: Vec<_> = table.difference(&unique).collect();
    let extra: Vec<_> = unique.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "actions the tool calls but the policy lacks: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "actions the policy allows but the tool never calls: {extra:?}"
    );
}

/// Actions of the table that are not reads, each with why it is allowed.
const NOT_READS: &[(&str, &str)] = &[
    (
        "sts:AssumeRole",
        "--assume-role: a session in the manifest's account, whose own policy bounds it",
    ),
    (
        "iam:SimulatePrincipalPolicy",
        "IAM's access level for it is Read: it evaluates the role's policies and changes nothing",
    ),
    (
        "apigateway:GET",
        "API Gateway's IAM actions are HTTP verbs; GET reads (Cloud Control lists REST and HTTP APIs with it)",
    ),
];

/// The type permissions that Cloud Control's `ListResources` calls on the caller's behalf (each
/// listed fact's actions after `cloudformation:ListResources`): no code of the crate calls them.
fn called_by_cloud_control() -> BTreeSet<String> {
    astro_preflight_facts::registry::ALL
        .iter()
        .filter(|d| d.actions.first() == Some(&actions::CLOUDFORMATION_LIST_RESOURCES))
        .flat_map(|d| d.actions[1..].iter())
        .map(|a| squash(a.split_once(':').map_or(*a, |(_, op)| op)))
        .collect()
}

#[test]
fn every_action_of_the_table_is_read_only() {
    for action in actions::ALL.iter() {
        if NOT_READS.iter().any(|(a, _)| a == action) {
            continue;
        }
        let (service, operation) = action
            .split_once(':')
            .unwrap_or_else(|| panic!("{action} is not service:Operation"));
        assert!(
            !service.is_empty()
                && service
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            "{action}"
        );
        assert!(
            ["Get", "Describe", "List"]
                .iter()
                .any(|verb| operation.starts_with(verb)),
            "{action} is not a read-only operation"
        );
    }
}

/// The `.rs` files under a directory.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The crate's source, file by file, without the unit tests (the `#[cfg(test)]` module that
/// ends a file), which make no AWS call.
fn crate_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(!files.is_empty(), "no source files found");
    files
        .into_iter()
        .map(|path| {
            let text = read(&path);
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            (path, code.to_owned())
        })
        .collect()
}

/// Identifiers that follow `prefix` in `text`, e.g. `NAME` in `actions::NAME`.
fn identifiers_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if end > 0 {
            found.push(&after[..end]);
        }
        rest = &after[end..];
    }
    found
}

/// `NAME -> value` for every `pub const NAME: &str = "value";` of the facts crate's table.
fn action_constants() -> BTreeMap<String, String> {
    let path = repo_root().join("crates/facts/src/actions.rs");
    let text = read(&path);
    let mut constants = BTreeMap::new();
    for name in identifiers_after(&text, "pub const ") {
        let decl = format!("pub const {name}: &str =");
        let Some(at) = text.find(&decl) else { continue };
        let value = text[at + decl.len()..]
            .split('"')
            .nth(1)
            .expect("a string constant");
        constants.insert(name.to_owned(), value.to_owned());
    }
    assert!(constants.len() >= actions::ALL.len(), "{constants:?}");
    constants
}

/// The SDK crates this crate depends on.
const SDK_CRATES: &[&str] = &[
    "aws-sdk-account",
    "aws-sdk-cloudcontrol",
    "aws-sdk-cloudtrail",
    "aws-sdk-cloudwatch",
    "aws-sdk-cloudwatchlogs",
    "aws-sdk-ec2",
    "aws-sdk-iam",
    "aws-sdk-servicequotas",
    "aws-sdk-sts",
];

/// SDK operations whose IAM action has another name.
const OPERATION_ACTIONS: &[(&str, &str)] = &[("list_buckets", "s3:ListAllMyBuckets")];

/// The squashed action name an SDK operation needs (`list_buckets` -> `listallmybuckets`).
fn action_of_operation(operation: &str) -> String {
    match OPERATION_ACTIONS.iter().find(|(op, _)| *op == operation) {
        Some((_, action)) => squash(action.split_once(':').map_or(*action, |(_, op)| op)),
        None => squash(operation),
    }
}

/// Every operation of the SDK crates, in snake case (`describe_vpcs`): one module per
/// operation under each crate's `src/operation/`. The crates' sources are where cargo
/// built this test from: `vendor/<crate>` for the trimmed crates the workspace patches in
/// (`vendor/trimmed.toml`), else the registry's source directory of `CARGO_HOME`, at the
/// versions of `Cargo.lock` (no `cargo metadata`, which would need every package of the lock
/// file, other platforms' included, downloaded).
fn sdk_operations() -> BTreeSet<String> {
    let lock = read(&repo_root().join("Cargo.lock"));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME or CARGO_HOME")).join(".cargo")
        });
    // Absent where every SDK crate is vendored and nothing else was unpacked.
    let registries: Vec<PathBuf> = std::fs::read_dir(cargo_home.join("registry/src"))
        .map(|dir| {
            dir.map(|entry| entry.expect("a directory entry").path())
                .collect()
        })
        .unwrap_or_default();

    let mut operations = BTreeSet::new();
    for sdk in SDK_CRATES {
        let version =
            locked_version(&lock, sdk).unwrap_or_else(|| panic!("{sdk} is not in Cargo.lock"));
        let vendored = repo_root().join("vendor").join(sdk).join("src/operation");
        let dir = std::iter::once(vendored)
            .chain(
                registries
                    .iter()
                    .map(|registry| registry.join(format!("{sdk}-{version}/src/operation"))),
            )
            .find(|dir| dir.is_dir())
            .unwrap_or_else(|| {
                panic!(
                    "the sources of {sdk} {version} are not unpacked under {}",
                    cargo_home.display()
                )
            });
        let before = operations.len();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir()
                && let Some(name) = path.file_name().and_then(|n| n.to_str())
            {
                operations.insert(name.to_owned());
            }
        }
        assert!(
            operations.len() > before,
            "no operations found in {}",
            dir.display()
        );
    }
    operations
}

/// The version of a package in a `Cargo.lock`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let version = lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

/// Calls of SDK operations (`client.describe_vpcs()`): method calls without arguments whose
/// name is an operation of an SDK crate.
fn sdk_operation_calls<'a>(text: &'a str, operations: &BTreeSet<String>) -> Vec<&'a str> {
    identifiers_after(text, ".")
        .into_iter()
        .filter(|name| operations.contains(*name))
        .filter(|name| text.contains(&format!(".{name}()")))
        .collect()
}

/// `describe_vpcs` and `DescribeVpcs` both become `describevpcs`.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[test]
fn the_crate_calls_only_actions_of_the_table() {
    let constants = action_constants();
    let sdk_operations = sdk_operations();
    assert!(
        sdk_operations.contains("describe_vpcs"),
        "{sdk_operations:?}"
    );
    let table_operations: BTreeSet<String> = actions::ALL
        .iter()
        .map(|a| squash(a.split_once(':').map_or(*a, |(_, op)| op)))
        .collect();

    let mut used_operations = BTreeSet::new();
    let mut used_actions = BTreeSet::new();
    for (path, text) in crate_sources() {
        for name in identifiers_after(&text, "actions::") {
            if name == "ALL" {
                continue; // The table itself.
            }
            let value = constants
                .get(name)
                .unwrap_or_else(|| panic!("{}: unknown constant actions::{name}", path.display()));
            if value.contains(':') {
                assert!(
                    actions::ALL.contains(&value.as_str()),
                    "{}: actions::{name} ({value}) is not in actions::ALL",
                    path.display()
                );
                used_actions.insert(value.clone());
            }
        }
        for operation in sdk_operation_calls(&text, &sdk_operations) {
            let action = action_of_operation(operation);
            assert!(
                table_operations.contains(&action),
                "{}: calls `{operation}`, which is not an action of actions::ALL",
                path.display()
            );
            used_operations.insert(action);
        }
        // Actions are named through the table, never spelled out.
        for (service, _) in actions::ALL.iter().filter_map(|a| a.split_once(':')) {
            let literal = format!("\"{service}:");
            assert!(
                !text.contains(&literal),
                "{}: spells out an IAM action ({literal}...); use actions::",
                path.display()
            );
        }
    }

    // And every action of the table is used: the policy grants nothing the tool does not need.
    let through_cloud_control = called_by_cloud_control();
    assert!(through_cloud_control.contains("listtables"));
    let missing: Vec<_> = table_operations
        .difference(&used_operations)
        .filter(|op| !through_cloud_control.contains(*op))
        .collect();
    assert!(
        missing.is_empty(),
        "operations of the table that no code calls: {missing:?}"
    );
    let unnamed: Vec<_> = actions::ALL
        .iter()
        .filter(|a| !used_actions.contains(**a))
        .filter(|a| {
            !through_cloud_control.contains(&squash(a.split_once(':').map_or(**a, |(_, op)| op)))
        })
        .collect();
    assert!(unnamed.is_empty(), "actions no code names: {unnamed:?}");
}

#[test]
fn the_scanner_finds_sdk_calls() {
    let operations: BTreeSet<String> = ["describe_vpcs", "get_caller_identity", "run_instances"]
        .map(String::from)
        .into();
    let text = "let x = client\n    .describe_vpcs()\n    .send();\nself.get_or_init(|| 1);\n\
                sts.get_caller_identity().send(); out.vpcs(); b.enable_all();";
    assert_eq!(
        sdk_operation_calls(text, &operations),
        ["describe_vpcs", "get_caller_identity"]
    );
    assert_eq!(
        identifiers_after("a actions::EC2_X, actions::Y)", "actions::"),
        ["EC2_X", "Y"]
    );
    assert_eq!(
        squash("get_aws_default_service_quota"),
        squash("GetAWSDefaultServiceQuota")
    );
    assert_eq!(action_of_operation("list_buckets"), "listallmybuckets");
    assert_eq!(action_of_operation("describe_vpcs"), "describevpcs");
}

#[test]
fn the_online_documentation_names_every_action() {
    let doc = read(&repo_root().join("docs/online.md"));
    for action in actions::ALL.iter() {
        assert!(
            doc.contains(action),
            "docs/online.md does not mention {action}"
        );
    }
}

#[test]
fn the_documented_facts_file_is_a_valid_facts_file() {
    let doc = read(&repo_root().join("docs/online.md"));
    let section = doc
        .split_once("## The facts file")
        .map(|(_, rest)| rest)
        .expect("docs/online.md has a facts file section");
    let json = section
        .split_once("```json\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(json, _)| json)
        .expect("the section has a JSON example");
    let facts = astro_preflight_facts::Facts::from_json(json)
        .unwrap_or_else(|e| panic!("the documented facts file is not valid: {e}"));
    assert_eq!(facts.request.peering.len(), 1);
}
