//! The Astro Platform API's "Get cluster options" for one organization
//! (`GET {url}/v1/organizations/{organizationId}/cluster-options?provider=AWS&type=HYBRID`,
//! `Authorization: Bearer TOKEN`), once per run: the fact `clusterOptions`. The linter never
//! compiles this crate; the binary calls it for `check --online`, `handoff --online`, `facts`
//! and `tables --compare-live`.
//!
//! The connection is `egress`'s (`astro_preflight_egress::net`): the system resolver, TCP, the
//! proxy of `HTTPS_PROXY`/`NO_PROXY` as curl reads them (for an `https` URL), then rustls with the
//! platform's roots (which honour `SSL_CERT_FILE`) and one HTTP/1.1 request with hyper. Every
//! failure is a [`FactError`] classed by its cause; the token is never in one.

use std::sync::Arc;
use std::time::Duration;

use astro_preflight_egress::net;
use astro_preflight_egress::proxy::Proxy;
use astro_preflight_facts::astro::{self, ClusterOptions};
use astro_preflight_facts::{FactError, FactErrorKind};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};

/// The largest answer read: the options are a few kilobytes.
const MAX_BODY: usize = 4 << 20;
/// How much of an error's message is kept.
const MAX_MESSAGE: usize = 300;

/// What to ask, of which API, with which token.
#[derive(Clone)]
pub struct Options {
    /// The API's base URL (`https://api.astronomer.io`, or a proxy's or emulator's).
    pub api_url: String,
    pub organization_id: String,
    /// The Astro API token: a secret, never printed.
    pub token: String,
    /// Bound on the whole call.
    pub timeout: Duration,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("api_url", &self.api_url)
            .field("organization_id", &self.organization_id)
            .field("token", &"***")
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Whether `id` can be an organization ID (it goes into the request's path as it is).
pub fn valid_organization_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks `--astro-api-url` before any call: an `http` or `https` URL with a host and no query.
pub fn check_url(url: &str) -> Result<(), String> {
    Endpoint::parse(url).map(|_| ())
}

/// The organization's cluster options. Blocking: runs its own single-threaded runtime, bounded
/// by `options.timeout`. Never fails with the token in the error.
pub fn cluster_options(options: &Options) -> Result<ClusterOptions, FactError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| astro::error(FactErrorKind::Network, format!("no runtime: {e}")))?;
    let result = runtime.block_on(async {
        tokio::time::timeout(options.timeout, fetch(options))
            .await
            .unwrap_or_else(|_| {
                Err(astro::error(
                    FactErrorKind::Timeout,
                    format!(
                        "no answer from the Astro API within {}s",
                        options.timeout.as_secs_f64()
                    ),
                ))
            })
    });
    result.map_err(|mut e| {
        e.message = astro::redact(&e.message, &options.token);
        e
    })
}

/// The parts of the base URL.
struct Endpoint {
    tls: bool,
    host: String,
    port: u16,
    /// The base path, without its trailing `/`.
    path: String,
}

impl Endpoint {
    fn parse(url: &str) -> Result<Endpoint, String> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("`{url}` is not a URL: {e}"))?;
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("`{url}` is not an http or https URL")),
        };
        let host = uri
            .host()
            .ok_or_else(|| format!("`{url}` names no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if uri.query().is_some() {
            return Err(format!("`{url}` has a query; give the API's base URL"));
        }
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        if authority.contains('@') {
            return Err("the API URL must not hold credentials".to_owned());
        }
        Ok(Endpoint {
            tls,
            host,
            port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
            // The version is ours to add: a base URL that ends with it is taken without it.
            path: uri
                .path()
                .trim_end_matches('/')
                .trim_end_matches("/v1")
                .to_owned(),
        })
    }

    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The `Host` header: the port only when it is not the scheme's.
    fn host_header(&self) -> String {
        if self.port == if self.tls { 443 } else { 80 } {
            self.host.clone()
        } else {
            self.authority()
        }
    }
}

fn network(message: String) -> FactError {
    astro::error(FactErrorKind::Network, message)
}

async fn fetch(options: &Options) -> Result<ClusterOptions, FactError> {
    let endpoint = Endpoint::parse(&options.api_url).map_err(network)?;
    if !valid_organization_id(&options.organization_id) {
        return Err(astro::error(
            FactErrorKind::NotFound,
            "the organization ID is not one (letters, digits, - and _)",
        ));
    }
    let path = format!(
        "{}/v1/organizations/{}/cluster-options?provider=AWS&type=HYBRID",
        endpoint.path, options.organization_id
    );
    let mut authorization = http::HeaderValue::from_str(&format!("Bearer {}", options.token))
        .map_err(|_| {
            astro::error(
                FactErrorKind::Credentials,
                "ASTRO_API_TOKEN holds characters a token cannot have",
            )
        })?;
    authorization.set_sensitive(true);
    let request = http::Request::get(path)
        .header(http::header::HOST, endpoint.host_header())
        .header(http::header::AUTHORIZATION, authorization)
        .header(http::header::ACCEPT, "application/json")
        .header(
            http::header::USER_AGENT,
            concat!("astro-preflight/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|e| network(e.to_string()))?;
    let stage = |_: String| {};
    let (status, body) = if endpoint.tls {
        // An https URL goes through the proxy the environment names for its host, as egress's
        // probes do; an http URL (a local emulator) is reached directly.
        let proxy = Proxy::from_env().map_err(network)?;
        let tls = tls_config().map_err(network)?;
        let name = ServerName::try_from(endpoint.host.clone())
            .map_err(|e| network(format!("{} is not a TLS server name: {e}", endpoint.host)))?;
        let connector = tokio_rustls::TlsConnector::from(tls);
        match proxy.for_host(&endpoint.host) {
            Some(proxy) => {
                let tunnel = net::tunnel(proxy, &endpoint.authority(), &stage)
                    .await
                    .map_err(network)?;
                let stream = connector
                    .connect(name, tunnel)
                    .await
                    .map_err(|e| tls_failed(&endpoint, e))?;
                send(TokioIo::new(stream), request).await?
            }
            None => {
                let tcp = connect(&endpoint).await?;
                let stream = connector
                    .connect(name, tcp)
                    .await
                    .map_err(|e| tls_failed(&endpoint, e))?;
                send(TokioIo::new(stream), request).await?
            }
        }
    } else {
        send(TokioIo::new(connect(&endpoint).await?), request).await?
    };
    if status == 200 {
        let found = ClusterOptions::from_api(&options.organization_id, &body).map_err(|why| {
            astro::error(FactErrorKind::Malformed, format!("HTTP 200, but {why}"))
        })?;
        return without_secret(found, &options.token);
    }
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let said = api_message(&body);
    let message = match said {
        Some(said) => format!("HTTP {status} {reason}: {said}"),
        None => format!("HTTP {status} {reason}"),
    };
    Err(astro::error(astro::status_kind(status), message.trim_end()))
}

/// The options with every occurrence of the token replaced (an answer that echoes it must not
/// put it into a report or a facts file).
fn without_secret(found: ClusterOptions, token: &str) -> Result<ClusterOptions, FactError> {
    let text = serde_json::to_string(&found).map_err(|e| network(e.to_string()))?;
    if token.is_empty() || !text.contains(token) {
        return Ok(found);
    }
    serde_json::from_str(&astro::redact(&text, token)).map_err(|_| {
        astro::error(
            FactErrorKind::Malformed,
            "HTTP 200, but the answer holds the token itself",
        )
    })
}

fn tls_failed(endpoint: &Endpoint, e: std::io::Error) -> FactError {
    network(format!(
        "the TLS handshake with {} failed: {e} (a TLS-inspecting proxy's CA can be trusted with SSL_CERT_FILE)",
        endpoint.host
    ))
}

async fn connect(endpoint: &Endpoint) -> Result<tokio::net::TcpStream, FactError> {
    let addrs = net::resolve(&endpoint.host, endpoint.port)
        .await
        .map_err(|why| network(format!("cannot resolve {}: {why}", endpoint.host)))?;
    net::connect_any(&addrs, &|_| {}).await.map_err(network)
}

/// Sends the request over `io`; the status and the body (bounded).
async fn send<S>(
    io: TokioIo<S>,
    request: http::Request<Empty<Bytes>>,
) -> Result<(u16, Bytes), FactError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| network(format!("HTTP with the Astro API failed: {e}")))?;
    tokio::spawn(conn);
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| network(format!("no HTTP response from the Astro API: {e}")))?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| {
            astro::error(
                FactErrorKind::Malformed,
                format!("HTTP {status}, but the body could not be read: {e}"),
            )
        })?
        .to_bytes();
    Ok((status, body))
}

/// The `message` of the API's error body (`{message, requestId, statusCode}`), shortened and
/// stripped of control characters; `None` when the body is not that.
fn api_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let message = value.get("message")?.as_str()?;
    let mut out: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_MESSAGE)
        .collect();
    if message.chars().count() > MAX_MESSAGE {
        out.push_str("...");
    }
    if let Some(id) = value.get("requestId").and_then(serde_json::Value::as_str)
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_graphic())
    {
        out.push_str(&format!(" (request ID {id})"));
    }
    Some(out)
}

/// rustls with the platform's roots (`SSL_CERT_FILE` and `SSL_CERT_DIR` honoured).
fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    for cert in found.certs {
        // A certificate the store cannot take is skipped, as the platform's own clients do.
        let _ = roots.add(cert);
    }
    if roots.is_empty() {
        return Err("no trusted root certificates were found (SSL_CERT_FILE, SSL_CERT_DIR or the platform's store)".to_owned());
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let e = Endpoint::parse("https://api.astronomer.io").unwrap();
        assert!(
            e.tls && e.port == 443 && e.path.is_empty() && e.host_header() == "api.astronomer.io"
        );
        assert!(
            Endpoint::parse("https://api.astronomer.io/v1/")
                .unwrap()
                .path
                .is_empty()
        );
        let e = Endpoint::parse("http://127.0.0.1:8080/astro/").unwrap();
        assert!(!e.tls && e.port == 8080 && e.path == "/astro");
        assert_eq!(e.host_header(), "127.0.0.1:8080");
        for bad in [
            "ftp://x",
            "api.astronomer.io",
            "https://u:p@x",
            "https://x/?a=1",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn organization_ids() {
        assert!(valid_organization_id("clx7abc_DEF-1"));
        for bad in ["", "a/b", "a?b", "a b", "../x"] {
            assert!(!valid_organization_id(bad), "{bad}");
        }
    }

    #[test]
    fn the_api_message_is_kept_short_and_plain() {
        let m = api_message(br#"{"message":"bad\ntoken","requestId":"r-1","statusCode":401}"#);
        assert_eq!(m.as_deref(), Some("bad token (request ID r-1)"));
        assert_eq!(api_message(b"<html>"), None);
    }

    #[test]
    fn the_token_is_not_in_debug_output() {
        let o = Options {
            api_url: DEFAULT.to_owned(),
            organization_id: "o".into(),
            token: "s3cr3t".into(),
            timeout: Duration::from_secs(1),
        };
        assert!(!format!("{o:?}").contains("s3cr3t"));
    }

    const DEFAULT: &str = astro::DEFAULT_API_URL;
}
