//! The credentials, resolved once before any call with the SDK's own chain (environment,
//! profile with its keys or role, web identity, container, instance metadata), and, when there
//! are none, one message that names what was tried and what to do. Profiles whose credentials
//! come from IAM Identity Center (SSO) or `credential_process` are not read: the SDK features
//! that read them would add two SDK crates to every build. Such a profile is named, with how
//! to export its credentials into the environment.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::imds;
use aws_config::meta::region::ProvideRegion;
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_types::os_shim_internal::{Env, Fs};

use crate::AwsOptions;

/// How long the instance metadata service gets, per stage (connect, read), with one attempt:
/// where there is none, the chain's last step fails in well under a second instead of the
/// SDK's four attempts of a second each. On EC2 it answers within milliseconds.
const IMDS_TIMEOUT: Duration = Duration::from_millis(400);

/// The credentials of the options' profile (or the standard chain's choice), resolved now.
/// `Err`: one line naming what was tried and what to do.
pub(crate) async fn resolve(
    options: &AwsOptions,
    region: impl ProvideRegion + 'static,
) -> Result<Credentials, String> {
    let env = Env::real();
    let profile = selected_profile(options, &env);
    if let Some(name) = &profile {
        unknown_profile(name, &env).await?;
    }
    // AWS_EC2_METADATA_DISABLED=true is honoured by the SDK's instance metadata provider.
    let imds = imds::Client::builder()
        .max_attempts(1)
        .connect_timeout(IMDS_TIMEOUT)
        .read_timeout(IMDS_TIMEOUT)
        .operation_attempt_timeout(IMDS_TIMEOUT * 2)
        .operation_timeout(IMDS_TIMEOUT * 3)
        .build();
    let mut chain = DefaultCredentialsChain::builder()
        .region(region)
        .imds_client(imds);
    if let Some(name) = &options.profile {
        chain = chain.profile_name(name);
    }
    let chain = chain.build().await;
    let credentials = match chain.provide_credentials().await {
        Ok(credentials) => credentials,
        Err(error) => {
            let name = profile.as_deref().unwrap_or("default");
            return Err(match unread_source(name, &env).await {
                Some(source) => unread(name, source),
                None => explain(&error, profile.as_deref(), &env),
            });
        }
    };
    if let Some(expiry) = credentials.expiry()
        && expiry <= SystemTime::now()
    {
        return Err(format!(
            "the AWS credentials{} have expired: {}",
            of_profile(profile.as_deref()),
            renew(profile.as_deref())
        ));
    }
    Ok(credentials)
}

/// The profile named by `--profile` or `AWS_PROFILE`; `None` for the default one.
fn selected_profile(options: &AwsOptions, env: &Env) -> Option<String> {
    options
        .profile
        .clone()
        .or_else(|| env.get("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
}

/// `Err` when the named profile is in neither shared file.
async fn unknown_profile(name: &str, env: &Env) -> Result<(), String> {
    // The default files: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` or ~/.aws.
    let files = Default::default();
    let Ok(set) =
        aws_config::profile::load(&Fs::real(), env, &files, Some(Cow::Owned(name.to_owned())))
            .await
    else {
        // A file that cannot be read or parsed: the chain says so.
        return Ok(());
    };
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = set.profiles().collect();
    known.sort_unstable();
    let known = if known.is_empty() {
        "they define no profile;".to_owned()
    } else {
        format!(
            "the profiles there: {}; name one of those with --profile or AWS_PROFILE, or",
            known
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Err(format!(
        "the AWS profile `{name}` is not defined in {} or {} ({known} create it with `aws configure --profile {name}`)",
        config_file(env),
        credentials_file(env)
    ))
}

/// Where the profile (or a profile it takes a role's source credentials from) gets its
/// credentials, when that is a source this build does not read.
async fn unread_source(name: &str, env: &Env) -> Option<Source> {
    let files = Default::default();
    let set =
        aws_config::profile::load(&Fs::real(), env, &files, Some(Cow::Owned(name.to_owned())))
            .await
            .ok()?;
    let mut profile = set.get_profile(name)?;
    // A chain of source profiles, bounded: a cycle is the SDK's error to report.
    for _ in 0..8 {
        if profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some() {
            return Some(Source::Sso);
        }
        if profile.get("credential_process").is_some() {
            return Some(Source::Process);
        }
        profile = set.get_profile(profile.get("source_profile")?)?;
    }
    None
}

/// A source of credentials this build does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Sso,
    Process,
}

/// The one line for a profile whose credentials come from a source this build does not read.
fn unread(name: &str, source: Source) -> String {
    let (what, login) = match source {
        Source::Sso => (
            "IAM Identity Center (SSO)",
            format!(" (after `aws sso login --profile {name}` if its session has ended)"),
        ),
        Source::Process => ("credential_process", String::new()),
    };
    format!(
        "the AWS profile `{name}` gets its credentials from {what}, which astro-preflight does not read: export them into the environment with `eval \"$(aws configure export-credentials --profile {name} --format env)\"`{login} and run again"
    )
}

/// The one line for a chain that gave no credentials.
fn explain(error: &CredentialsError, profile: Option<&str>, env: &Env) -> String {
    let shown = profile.unwrap_or("default");
    match error {
        CredentialsError::CredentialsNotLoaded(_) => format!(
            "no AWS credentials found: tried the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), the profile `{shown}` in {} and {} (keys, or a role with a source profile), web identity (AWS_WEB_IDENTITY_TOKEN_FILE), the container credentials endpoint and the EC2 instance metadata; set the environment variables, run `aws configure`, or name a profile with --profile; for an SSO or credential_process profile, export its credentials first: eval \"$(aws configure export-credentials --profile NAME --format env)\"",
            config_file(env),
            credentials_file(env)
        ),
        _ => format!(
            "the AWS credentials{} could not be loaded: {}; {}",
            of_profile(profile),
            crate::error::redact(&crate::error::describe_chain(error)),
            renew(profile)
        ),
    }
}

fn of_profile(profile: Option<&str>) -> String {
    profile.map_or_else(String::new, |p| format!(" of the profile `{p}`"))
}

fn renew(profile: Option<&str>) -> String {
    let flag = profile.map_or_else(String::new, |p| format!(" --profile {p}"));
    format!(
        "renew them (new keys or session credentials; for an SSO profile, `aws sso login{flag}` and export them with `aws configure export-credentials{flag} --format env`) and run again"
    )
}

fn config_file(env: &Env) -> String {
    env.get("AWS_CONFIG_FILE")
        .unwrap_or_else(|_| "~/.aws/config".to_owned())
}

fn credentials_file(env: &Env) -> String {
    env.get("AWS_SHARED_CREDENTIALS_FILE")
        .unwrap_or_else(|_| "~/.aws/credentials".to_owned())
}
