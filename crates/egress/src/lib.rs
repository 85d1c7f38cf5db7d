//! `astro-preflight egress`: whether Astronomer's allowlisted domains are reachable from where
//! it runs. For each host, concurrently: DNS, TCP to 443 (or through the `HTTPS_PROXY`'s
//! CONNECT), TLS verified against the system's roots (plus `--cacert`), one HTTPS request.
//!
//! This crate owns the async runtime and the TLS and HTTP stack: only the `egress` command
//! links it into work, the offline `check` path never starts it.

pub mod connect_to;
pub mod domains;
pub mod net;
mod probe;
pub mod proxy;
mod render;
mod tls;

use std::time::Duration;

pub use connect_to::ConnectTo;
pub use probe::{Failure, HostResult};
pub use proxy::Proxy;
pub use render::{human, json};

/// What to check and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The hosts, checked on [`domains::PORT`].
    pub hosts: Vec<String>,
    /// Bound on each host's whole check.
    pub timeout: Duration,
    /// Extra trusted CA certificates (the PEM files of `--cacert`, read by the caller).
    pub cacerts: Vec<CaFile>,
    pub connect_to: Vec<ConnectTo>,
    /// Proxy settings: [`Proxy::from_env`] reads them as curl does.
    pub proxy: Proxy,
}

/// A PEM file of CA certificates to trust besides the system's.
#[derive(Debug, Clone)]
pub struct CaFile {
    /// The file's name, as messages show it.
    pub name: String,
    pub pem: Vec<u8>,
}

/// Why the tool could not run (exit 2).
#[derive(Debug)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    pub hosts: Vec<HostResult>,
    /// The proxy settings in use, when there are any (never their credentials).
    pub proxy: Option<String>,
    /// `--connect-to` mappings that apply to none of the hosts checked.
    pub unused_connect_to: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> usize {
        self.hosts.iter().filter(|h| h.failure.is_none()).count()
    }

    /// 0 when every host is reachable, 1 when one is not.
    pub fn exit_code(&self) -> i32 {
        if self.ok() == self.hosts.len() { 0 } else { 1 }
    }
}

/// Checks every host concurrently, each bounded by `options.timeout`.
pub fn run(options: &Options) -> Result<Report, SetupError> {
    let tls = tls::client_config(&options.cacerts)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| SetupError(format!("cannot start the async runtime: {e}")))?;
    let hosts = runtime.block_on(async {
        let mut tasks = Vec::with_capacity(options.hosts.len());
        for host in &options.hosts {
            let target = probe::Target::new(host, domains::PORT, options);
            let tls = tls.clone();
            let timeout = options.timeout;
            tasks.push(tokio::spawn(async move {
                probe::probe(target, tls, timeout).await
            }));
        }
        let mut results = Vec::with_capacity(tasks.len());
        for (task, host) in tasks.into_iter().zip(&options.hosts) {
            results.push(
                task.await
                    .unwrap_or_else(|e| HostResult::internal(host, domains::PORT, &e.to_string())),
            );
        }
        results
    });
    // A name lookup still running on a blocking thread (a resolver that never answers) must
    // not hold the process: the bound has passed, its result is no longer wanted.
    runtime.shutdown_timeout(Duration::from_millis(50));
    Ok(Report {
        hosts,
        proxy: options.proxy.describe(),
        unused_connect_to: connect_to::unused(&options.connect_to, &options.hosts, domains::PORT)
            .into_iter()
            .map(ToString::to_string)
            .collect(),
    })
}
