//! `astro-preflight egress`: the arguments, the organization from the manifest, the report.
//! The network checks themselves live in `crates/egress`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use astro_preflight_egress::{CaFile, ConnectTo, Options, Proxy, domains};
use astro_preflight_manifest::{Lenient, Limits, load};
use clap::{Args, ValueEnum};

use crate::exit::{Failure, Outcome, Status};
use crate::{inputs, render};

#[derive(Debug, Args)]
pub struct EgressArgs {
    /// A manifest whose top-level `organization` adds the organization's own domains.
    #[arg(value_name = "MANIFEST")]
    pub manifest: Option<PathBuf>,

    /// The Astro organization's short name (overrides the manifest's `organization`).
    #[arg(long, value_name = "ORG")]
    pub organization: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = EgressFormat::Human)]
    pub format: EgressFormat,

    /// Bound on each host's whole check (DNS, TCP, TLS, HTTPS), in seconds: more than 0, at
    /// most 3600.
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = crate::args::seconds)]
    pub timeout: f64,

    /// Also trust the CA certificates in this PEM file (a TLS-inspecting proxy's CA).
    #[arg(long, value_name = "FILE")]
    pub cacert: Vec<PathBuf>,

    /// Send connections for HOST:PORT to CONNECT-TO-HOST:CONNECT-TO-PORT instead (curl's
    /// syntax; empty HOST or PORT matches any); TLS and HTTP still name HOST. Repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR:PORT")]
    pub connect_to: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EgressFormat {
    /// One line per host.
    Human,
    /// The stable JSON interface.
    Json,
}

/// Largest `--cacert` file read: a bundle of every public root is about 200 KiB.
const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;

pub fn run(args: &EgressArgs) -> Outcome {
    let mut connect_to = Vec::with_capacity(args.connect_to.len());
    for text in &args.connect_to {
        match ConnectTo::parse(text) {
            Ok(m) => connect_to.push(m),
            Err(why) => return Err(Failure::error(format!("--connect-to {why}"))),
        }
    }
    let organization = match (&args.organization, &args.manifest) {
        (Some(org), _) => Some(org.clone()),
        (None, Some(path)) => organization_of(path).map_err(Failure::Error)?,
        (None, None) => None,
    };
    if let Some(org) = &organization
        && !domains::valid_organization(org)
    {
        return Err(Failure::error(format!(
            "`{org}` is not an organization short name (lowercase letters, digits and hyphens, at most 63)"
        )));
    }
    let mut cacerts = Vec::with_capacity(args.cacert.len());
    for path in &args.cacert {
        let name = inputs::display_path(path);
        match astro_preflight_manifest::read::regular_file(path, MAX_CA_FILE_BYTES) {
            Ok(pem) => cacerts.push(CaFile { name, pem }),
            Err(e) => {
                return Err(Failure::error(format!(
                    "cannot read the CA file {name}: {e}"
                )));
            }
        }
    }
    // Decided once, as curl decides: what connects is what the report shows.
    let proxy = Proxy::from_env().map_err(Failure::Error)?;
    let options = Options {
        hosts: domains::hosts(organization.as_deref()),
        timeout: Duration::from_secs_f64(args.timeout),
        cacerts,
        connect_to,
        proxy,
    };
    let report = astro_preflight_egress::run(&options).map_err(Failure::error)?;
    let text = match args.format {
        EgressFormat::Json => {
            let mut buffer = Vec::new();
            render::write_json(&mut buffer, &astro_preflight_egress::json(&report))
                .map_err(|_| Failure::error("cannot render the report"))?;
            String::from_utf8_lossy(&buffer).into_owned()
        }
        // Issuer names and system messages come from the network: no terminal control.
        EgressFormat::Human => {
            astro_preflight_egress::human(&report)
                .lines()
                .map(render::sanitize_message)
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        }
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(text.as_bytes()).and_then(|()| lock.flush());
    Ok(match report.exit_code() {
        0 => Status::Success,
        _ => Status::Problems,
    })
}

/// The manifest's `organization`, when it sets one.
fn organization_of(path: &std::path::Path) -> Result<Option<String>, String> {
    let limits = Limits::default();
    let input = inputs::Input::File(path.to_path_buf());
    let shown = input.display();
    let bytes = match inputs::read(&input, limits.max_bytes) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return Err(format!(
                "{shown}: the file is {size} bytes, too large for a manifest"
            ));
        }
        Err(message) => return Err(format!("{shown}: {message}")),
    };
    let document = load(&bytes, &limits);
    let Some(manifest) = document
        .parsed
        .as_ref()
        .ok()
        .and_then(|p| p.manifest.as_ref())
    else {
        return Err(format!(
            "{shown} is not a readable manifest; run `astro-preflight check {shown}`"
        ));
    };
    match &manifest.organization {
        Lenient::Valid(org) => Ok(Some(org.clone())),
        Lenient::Missing => Ok(None),
        Lenient::Invalid => Err(format!(
            "{shown}: `organization` is not a string; run `astro-preflight check {shown}`"
        )),
    }
}
