//! One host's check: DNS, TCP (directly or through the proxy's CONNECT), TLS, one HTTPS
//! request; the whole bounded in time.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::Empty;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::net;
use crate::proxy::ProxyUrl;
use crate::tls::{Presented, Setup, describe};
use crate::{Options, connect_to};

/// Why a host is not reachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The name does not resolve.
    Dns,
    /// No TCP connection to any address.
    Tcp,
    /// No answer within `--timeout`.
    Timeout,
    /// The proxy could not be reached, or refused the CONNECT (407 included).
    Proxy,
    /// The TLS handshake failed, an untrusted certificate included.
    Tls,
    /// No HTTP response.
    Http,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Dns => "dns",
            Failure::Tcp => "tcp",
            Failure::Timeout => "timeout",
            Failure::Proxy => "proxy",
            Failure::Tls => "tls",
            Failure::Http => "http",
        }
    }
}

/// What became of one host.
#[derive(Debug, Clone)]
pub struct HostResult {
    pub host: String,
    pub port: u16,
    /// `None`: reachable.
    pub failure: Option<Failure>,
    /// What happened, in a sentence.
    pub message: String,
    /// What the name resolved to (empty through a proxy: the proxy resolves it).
    pub addresses: Vec<IpAddr>,
    /// The status of the HTTPS response, any status meaning reachable.
    pub http_status: Option<u16>,
    /// Where `--connect-to` sent the connection (`ADDR:PORT`).
    pub connect_to: Option<String>,
    /// The proxy the connection went through.
    pub proxy: Option<String>,
    /// The certificate presented and refused, on a TLS verification failure.
    pub certificate: Option<Presented>,
    /// Remarks that do not make the host unreachable (a public name on a private address).
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

impl HostResult {
    pub(crate) fn internal(host: &str, port: u16, message: &str) -> HostResult {
        HostResult {
            host: host.to_owned(),
            port,
            failure: Some(Failure::Http),
            message: format!("the check stopped unexpectedly: {message}"),
            addresses: Vec::new(),
            http_status: None,
            connect_to: None,
            proxy: None,
            certificate: None,
            notes: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }
}

/// A host, where its connection goes, through which proxy.
pub(crate) struct Target {
    host: String,
    port: u16,
    connect: Option<(String, u16)>,
    proxy: Option<ProxyUrl>,
}

impl Target {
    pub(crate) fn new(host: &str, port: u16, options: &Options) -> Target {
        Target {
            host: host.to_owned(),
            port,
            connect: connect_to::resolve(&options.connect_to, host, port),
            proxy: options.proxy.for_host(host).cloned(),
        }
    }

    /// `host:port` of where the TCP connection (or the CONNECT) goes.
    fn authority(&self) -> String {
        let (host, port) = self
            .connect
            .clone()
            .unwrap_or_else(|| (self.host.clone(), self.port));
        if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        }
    }
}

/// How far a check got: what a timeout reports.
#[derive(Default)]
struct Progress {
    stage: String,
    addresses: Vec<IpAddr>,
    notes: Vec<String>,
    certificate: Option<Presented>,
}

type Shared = Arc<Mutex<Progress>>;

fn update(progress: &Shared, f: impl FnOnce(&mut Progress)) {
    f(&mut progress.lock().unwrap_or_else(|e| e.into_inner()));
}

struct Fail(Failure, String);

/// Checks one host, within `timeout`.
pub(crate) async fn probe(target: Target, tls: Setup, timeout: Duration) -> HostResult {
    let progress: Shared = Arc::default();
    let started = Instant::now();
    let outcome = tokio::time::timeout(timeout, steps(&target, &tls, &progress)).await;
    let elapsed = started.elapsed();
    let p = std::mem::take(&mut *progress.lock().unwrap_or_else(|e| e.into_inner()));
    let (failure, message, http_status) = match outcome {
        Ok(Ok(status)) => {
            let via = match &target.proxy {
                Some(proxy) => format!(" through the proxy {}", proxy.shown()),
                None => p
                    .addresses
                    .first()
                    .map(|a| format!(" from {a}"))
                    .unwrap_or_default(),
            };
            (None, format!("reachable: HTTP {status}{via}"), Some(status))
        }
        Ok(Err(Fail(failure, message))) => (Some(failure), message, None),
        Err(_) => (
            Some(Failure::Timeout),
            format!("no answer within {} while {}", seconds(timeout), p.stage),
            None,
        ),
    };
    HostResult {
        host: target.host.clone(),
        port: target.port,
        failure,
        message,
        addresses: p.addresses,
        http_status,
        connect_to: target.connect.as_ref().map(|_| target.authority()),
        proxy: target.proxy.as_ref().map(ProxyUrl::shown),
        certificate: p.certificate,
        notes: p.notes,
        elapsed,
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}s")
    } else {
        format!("{s:.1}s")
    }
}

async fn steps(t: &Target, tls: &Setup, progress: &Shared) -> Result<u16, Fail> {
    match &t.proxy {
        None => {
            let (host, port) = t
                .connect
                .clone()
                .unwrap_or_else(|| (t.host.clone(), t.port));
            update(progress, |p| p.stage = format!("resolving {host}"));
            let addrs = net::resolve(&host, port)
                .await
                .map_err(|why| Fail(Failure::Dns, format!("cannot resolve {host}: {why}")))?;
            let private: Vec<String> = addrs
                .iter()
                .map(SocketAddr::ip)
                .filter(is_private)
                .map(|a| a.to_string())
                .collect();
            update(progress, |p| {
                p.addresses = addrs.iter().map(SocketAddr::ip).collect();
                p.addresses.dedup();
                if host == t.host && !private.is_empty() {
                    p.notes.push(format!(
                        "{} is a public name but resolves here to a private address ({}): split-horizon DNS, a private endpoint or a DNS filter answers for it",
                        t.host,
                        private.join(", ")
                    ));
                }
            });
            let stage = |stage: String| update(progress, |p| p.stage = stage);
            let tcp = net::connect_any(&addrs, &stage)
                .await
                .map_err(|why| Fail(Failure::Tcp, why))?;
            tls_and_http(t, tls, tcp, progress).await
        }
        Some(proxy) => {
            let stage = |stage: String| update(progress, |p| p.stage = stage);
            let tunnel = net::tunnel(proxy, &t.authority(), &stage)
                .await
                .map_err(|why| Fail(Failure::Proxy, why))?;
            tls_and_http(t, tls, tunnel, progress).await
        }
    }
}

async fn tls_and_http<S>(t: &Target, tls: &Setup, io: S, progress: &Shared) -> Result<u16, Fail>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let host = &t.host;
    update(progress, |p| {
        p.stage = format!("in the TLS handshake with {host}")
    });
    let (config, refused) = tls.connection().map_err(|e| Fail(Failure::Tls, e))?;
    let name = ServerName::try_from(host.clone()).map_err(|e| {
        Fail(
            Failure::Tls,
            format!("{host} is not a TLS server name: {e}"),
        )
    })?;
    let stream = tokio_rustls::TlsConnector::from(config).connect(name, io).await.map_err(|e| {
        let refused = refused.lock().unwrap_or_else(|e| e.into_inner()).take();
        match refused {
            Some(cert) => {
                let presented = describe(&cert);
                let message = format!(
                    "the certificate presented for {host} is not trusted ({e}); issuer: {}; SHA-256 fingerprint: {}. \
                     A TLS-inspecting proxy presents its own certificate: exempt the domain from inspection, or trust its CA with --cacert",
                    presented.issuer.as_deref().unwrap_or("(unreadable)"),
                    presented.sha256
                );
                update(progress, |p| p.certificate = Some(presented));
                Fail(Failure::Tls, message)
            }
            None => Fail(Failure::Tls, format!("the TLS handshake with {host} failed: {e}")),
        }
    })?;
    update(progress, |p| {
        p.stage = format!("waiting for the HTTPS response of {host}")
    });
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(stream))
            .await
            .map_err(|e| {
                Fail(
                    Failure::Http,
                    format!("HTTP over TLS with {host} failed: {e}"),
                )
            })?;
    tokio::spawn(conn);
    let host_header = if t.port == 443 {
        host.clone()
    } else {
        format!("{host}:{}", t.port)
    };
    let request = http::Request::get("/")
        .header(http::header::HOST, host_header)
        .header(
            http::header::USER_AGENT,
            concat!("astro-preflight/", env!("CARGO_PKG_VERSION"), " (egress)"),
        )
        .body(Empty::new())
        .map_err(|e| Fail(Failure::Http, e.to_string()))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| Fail(Failure::Http, format!("no HTTP response from {host}: {e}")))?;
    Ok(response.status().as_u16())
}

/// Addresses that a public name should not resolve to: RFC 1918, shared (RFC 6598),
/// loopback, link-local, IPv6 unique-local.
fn is_private(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(&IpAddr::V4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses() {
        for a in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "fd00::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(&a.parse().unwrap()), "{a}");
        }
        for a in ["52.1.2.3", "100.128.0.1", "172.32.0.1", "2600::1"] {
            assert!(!is_private(&a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn seconds_are_short() {
        assert_eq!(seconds(Duration::from_secs(2)), "2s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5s");
    }
}
