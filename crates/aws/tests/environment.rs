//! The standard credential chain, profiles and the `AWS_ENDPOINT_URL*` variables, as the
//! command line uses them.
//!
//! The environment is process-wide, so each case runs the provider in a child process (this
//! test binary, running only `child_gathers_with_its_environment`) with a clean, controlled
//! environment, and reads the facts it prints.

mod support;

use std::path::Path;
use std::process::Command;

use astro_preflight_facts::{Fact, FactErrorKind, Facts, actions};
use support::{
    ACCESS_KEY_ID, DEFAULT_ACCOUNT, Emulator, SECRET_ACCESS_KEY, home_instances, home_vpcs,
    refused_url,
};

const BEGIN: &str = "----- facts -----";
const END: &str = "----- end of facts -----";

/// Not a test of its own: the child half of the tests below, run by [`run_child`].
#[test]
#[ignore = "run in a child process by the other tests of this file"]
fn child_gathers_with_its_environment() {
    use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
    use astro_preflight_facts::{FactsProvider, FactsRequest};

    let option = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let provider = AwsFactsProvider::new(AwsOptions {
        profile: option("CHILD_PROFILE"),
        endpoint_url: option("CHILD_ENDPOINT_URL"),
        call_timeout: support::CALL_TIMEOUT,
        total_timeout: support::TOTAL_TIMEOUT,
        ..AwsOptions::default()
    });
    let facts = provider.gather(&FactsRequest {
        account_id: DEFAULT_ACCOUNT.into(),
        region: "us-east-1".into(),
        instance_type: "m5.xlarge".into(),
        vpc_cidr: None,
        opt_in_region: false,
        peering: vec![],
    });
    println!("{BEGIN}\n{}{END}", facts.to_json());
}

/// Runs the child with exactly these environment variables (plus the ones that keep the
/// standard chain away from this machine's own configuration) and returns its facts.
fn run_child(env: &[(&str, &str)]) -> Facts {
    let exe = std::env::current_exe().expect("the test binary");
    let output = Command::new(exe)
        .args([
            "child_gathers_with_its_environment",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_clear()
        .env("AWS_CONFIG_FILE", "/nonexistent/astro-preflight/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/astro-preflight/credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .output()
        .expect("run the child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let json = stdout
        .split_once(BEGIN)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(json, _)| json)
        .unwrap_or_else(|| {
            panic!("the child printed no facts.\nstdout:\n{stdout}\nstderr:\n{stderr}")
        });
    Facts::from_json(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn assert_kind<T: std::fmt::Debug>(fact: &Fact<T>, kind: FactErrorKind) {
    assert_eq!(fact.error().map(|e| e.kind), Some(kind), "{fact:?}");
}

#[test]
fn environment_credentials_and_aws_endpoint_url() {
    let emulator = Emulator::shared();
    let url = emulator.url();
    let facts = run_child(&[
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ("AWS_ENDPOINT_URL", &url),
    ]);
    assert_eq!(
        facts.identity.value().map(|i| i.account.as_str()),
        Some(DEFAULT_ACCOUNT)
    );
    assert!(
        facts.region_status.value().is_some(),
        "{:?}",
        facts.region_status
    );
    assert!(
        facts.quota_on_demand.value().is_some(),
        "{:?}",
        facts.quota_on_demand
    );
    assert!(
        home_instances(&facts).value().is_some(),
        "{:?}",
        home_instances(&facts)
    );
}

#[test]
fn service_specific_endpoint_urls_win_over_the_global_one() {
    let emulator = Emulator::shared();
    let url = emulator.url();
    let refused = refused_url();
    let facts = run_child(&[
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ("AWS_ENDPOINT_URL", &refused),
        ("AWS_ENDPOINT_URL_STS", &url),
        ("AWS_ENDPOINT_URL_EC2", &url),
    ]);
    assert!(facts.identity.value().is_some(), "{:?}", facts.identity);
    assert!(
        home_instances(&facts).value().is_some(),
        "{:?}",
        home_instances(&facts)
    );
    // Service Quotas has no endpoint of its own here: the global one refuses connections.
    assert_kind(&facts.quota_on_demand, FactErrorKind::Network);
}

#[test]
fn the_endpoint_url_option_wins_over_the_environment() {
    let emulator = Emulator::shared();
    let url = emulator.url();
    let refused = refused_url();
    let facts = run_child(&[
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ("AWS_ENDPOINT_URL", &refused),
        ("CHILD_ENDPOINT_URL", &url),
    ]);
    assert!(facts.identity.value().is_some(), "{:?}", facts.identity);
    assert!(facts.quota_spot.value().is_some(), "{:?}", facts.quota_spot);
}

/// Writes an AWS config and credentials file with a `preflight` profile.
fn write_profile(dir: &Path, endpoint_url: &str) -> (String, String) {
    let config = dir.join("config");
    let credentials = dir.join("credentials");
    std::fs::write(
        &config,
        format!("[profile preflight]\nregion = eu-west-1\nendpoint_url = {endpoint_url}\n"),
    )
    .expect("write the config file");
    std::fs::write(
        &credentials,
        format!(
            "[preflight]\naws_access_key_id = {ACCESS_KEY_ID}\n\
             aws_secret_access_key = {SECRET_ACCESS_KEY}\n"
        ),
    )
    .expect("write the credentials file");
    (
        config.to_string_lossy().into_owned(),
        credentials.to_string_lossy().into_owned(),
    )
}

#[test]
fn a_named_profile_supplies_credentials_and_endpoint() {
    let emulator = Emulator::shared();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (config, credentials) = write_profile(dir.path(), &emulator.url());
    let facts = run_child(&[
        ("AWS_CONFIG_FILE", &config),
        ("AWS_SHARED_CREDENTIALS_FILE", &credentials),
        ("CHILD_PROFILE", "preflight"),
    ]);
    assert_eq!(
        facts.identity.value().map(|i| i.account.as_str()),
        Some(DEFAULT_ACCOUNT)
    );
    // The profile's region is the home region; the manifest's region is still us-east-1.
    assert_eq!(
        facts
            .instance_type_zones
            .value()
            .and_then(|z| z.first())
            .map(String::as_str),
        Some("us-east-1a")
    );
}

#[test]
fn a_missing_profile_is_a_credentials_failure() {
    let emulator = Emulator::shared();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (config, credentials) = write_profile(dir.path(), &emulator.url());
    let facts = run_child(&[
        ("AWS_CONFIG_FILE", &config),
        ("AWS_SHARED_CREDENTIALS_FILE", &credentials),
        ("CHILD_PROFILE", "nobody"),
        ("CHILD_ENDPOINT_URL", &emulator.url()),
    ]);
    assert_kind(&facts.identity, FactErrorKind::Credentials);
    assert_eq!(
        facts.identity.error().map(|e| e.action.as_str()),
        Some(actions::STS_GET_CALLER_IDENTITY)
    );
    assert_kind(&home_vpcs(&facts), FactErrorKind::Credentials);
}

#[test]
fn no_credentials_at_all_is_a_credentials_failure() {
    let emulator = Emulator::shared();
    let url = emulator.url();
    let facts = run_child(&[("AWS_ENDPOINT_URL", &url)]);
    assert_kind(&facts.identity, FactErrorKind::Credentials);
    assert_kind(&facts.region_status, FactErrorKind::Credentials);
    assert_kind(&facts.quota_spot, FactErrorKind::Credentials);
    assert_kind(&home_instances(&facts), FactErrorKind::Credentials);
}
