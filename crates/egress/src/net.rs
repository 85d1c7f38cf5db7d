//! The network steps a client of ours takes before TLS, shared by `egress`'s probes and the
//! Astro API client (`crates/astro-api`): the system resolver, TCP to the first address that
//! answers, and a proxy's CONNECT tunnel (hyper's HTTP/1 client and its upgrade). Each step
//! reports what it is doing through `stage`, for the message of a time-out.

use std::net::{IpAddr, SocketAddr};

use http_body_util::Empty;
use hyper::body::Bytes;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::proxy::ProxyUrl;

/// What a step is doing, for a time-out's message.
pub type Stage<'a> = &'a (dyn Fn(String) + Send + Sync);

/// The addresses of `host` (an IP address is its own), through the system resolver.
pub async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| e.to_string())?
        .collect();
    if addrs.is_empty() {
        return Err("the name has no address".to_owned());
    }
    Ok(addrs)
}

/// A TCP connection to the first of `addrs` that accepts one.
pub async fn connect_any(addrs: &[SocketAddr], stage: Stage<'_>) -> Result<TcpStream, String> {
    let mut errors = Vec::new();
    for addr in addrs {
        stage(format!("connecting to {addr}"));
        match TcpStream::connect(addr).await {
            Ok(stream) => return Ok(stream),
            Err(e) => errors.push(format!("{addr}: {e}")),
        }
    }
    Err(format!("cannot connect to {}", errors.join("; ")))
}

/// A tunnel to `authority` (`host:port`) through the proxy's CONNECT. `Err`: why, in a
/// sentence that names the proxy (never its credentials).
pub async fn tunnel(
    proxy: &ProxyUrl,
    authority: &str,
    stage: Stage<'_>,
) -> Result<TokioIo<Upgraded>, String> {
    let shown = proxy.shown();
    stage(format!("resolving the proxy {}", proxy.host));
    let addrs = resolve(&proxy.host, proxy.port)
        .await
        .map_err(|why| format!("cannot resolve the proxy {shown}: {why}"))?;
    stage(format!("connecting to the proxy {shown}"));
    let tcp = connect_any(&addrs, stage)
        .await
        .map_err(|why| format!("cannot reach the proxy {shown}: {why}"))?;
    stage(format!(
        "waiting for the proxy {shown} to CONNECT to {authority}"
    ));
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(tcp))
            .await
            .map_err(|e| format!("the proxy {shown} failed: {e}"))?;
    tokio::spawn(conn.with_upgrades());
    let mut request = http::Request::connect(authority).header(http::header::HOST, authority);
    if let Some(auth) = &proxy.authorization {
        request = request.header(http::header::PROXY_AUTHORIZATION, auth.clone());
    }
    let request = request.body(Empty::new()).map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("the proxy {shown} gave no answer to CONNECT {authority}: {e}"))?;
    let status = response.status();
    if status == http::StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        return Err(format!(
            "the proxy {shown} requires authentication (HTTP 407) for CONNECT {authority}; put the credentials in HTTPS_PROXY (http://user:password@host:port)"
        ));
    }
    if !status.is_success() {
        return Err(format!(
            "the proxy {shown} refused CONNECT {authority}: HTTP {status}"
        ));
    }
    let tunnel = hyper::upgrade::on(response).await.map_err(|e| {
        format!("the proxy {shown} accepted CONNECT {authority} but the tunnel failed: {e}")
    })?;
    Ok(TokioIo::new(tunnel))
}
