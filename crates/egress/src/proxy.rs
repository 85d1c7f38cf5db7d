//! Which proxy a connection goes through: decided once, from the environment, with curl's
//! rules, and the same decision is what connects and what the report shows.
//!
//! As curl does for an `https://` URL (`lib/url.c`, `detect_proxy`; `lib/getenv.c`):
//!
//! - the proxy is the first of `https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY` that
//!   is set and not empty (the lower-case name first; an empty variable counts as unset);
//! - the exemptions are the first of `no_proxy`, `NO_PROXY` that is set and not empty, read
//!   as curl's `Curl_check_noproxy` reads them (`lib/noproxy.c`): `*` alone exempts every
//!   host; otherwise a comma-separated list (blanks around entries ignored) of host names,
//!   each matching itself and its subdomains (a leading or trailing dot ignored, case
//!   ignored), and of IP addresses or CIDR ranges, which match IP addresses only;
//! - `REQUEST_METHOD` changes nothing: curl's CGI precaution is that it never reads the
//!   upper-case `HTTP_PROXY`, which a web server may set from a request's `Proxy:` header, and
//!   egress speaks HTTPS only, for which neither `http_proxy` nor `HTTP_PROXY` is read.
//!
//! The proxy URL is `[http://][user[:password]@]host[:port][/]` (the port defaults to 1080,
//! curl's); anything else is an error that names the variable and never shows the value's
//! credentials. Only plain HTTP proxies (CONNECT) are spoken: an `https://` or SOCKS proxy is
//! an error too, not a proxy reported as used and not used.

use std::net::IpAddr;

use http::HeaderValue;

/// The proxy settings in force.
#[derive(Clone, Default)]
pub struct Proxy {
    proxy: Option<Setting>,
    exempt: Option<NoProxy>,
}

/// A proxy and the variable that set it.
#[derive(Clone)]
struct Setting {
    variable: &'static str,
    url: ProxyUrl,
}

/// A parsed proxy URL.
#[derive(Clone)]
pub struct ProxyUrl {
    /// A name, or an IP address (without brackets).
    pub host: String,
    pub port: u16,
    /// `Basic ...` from the URL's credentials, marked sensitive.
    pub authorization: Option<HeaderValue>,
}

impl ProxyUrl {
    /// `http://host:port`: never the credentials.
    pub fn shown(&self) -> String {
        if self.host.contains(':') {
            format!("http://[{}]:{}", self.host, self.port)
        } else {
            format!("http://{}:{}", self.host, self.port)
        }
    }
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe().unwrap_or_else(|| "no proxy".to_owned()))
    }
}

/// The proxy variables for an `https://` URL, in curl's order.
pub const PROXY_VARIABLES: [&str; 4] = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];
/// The exemption variables, in curl's order.
pub const NO_PROXY_VARIABLES: [&str; 2] = ["no_proxy", "NO_PROXY"];

impl Proxy {
    /// No proxy at all.
    pub fn none() -> Proxy {
        Proxy::default()
    }

    /// The process's environment, read as curl reads it.
    pub fn from_env() -> Result<Proxy, String> {
        Proxy::from_vars(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }

    /// The settings from variables looked up by `get`; `Err` says which variable is unusable
    /// and why, without its credentials.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Proxy, String> {
        let first = |names: &[&'static str]| {
            names
                .iter()
                .find_map(|&name| get(name).filter(|v| !v.is_empty()).map(|v| (name, v)))
        };
        let proxy = match first(&PROXY_VARIABLES) {
            None => None,
            Some((variable, value)) => Some(Setting {
                variable,
                url: parse_url(&value)
                    .map_err(|why| format!("the proxy in {variable} is unusable: {why}"))?,
            }),
        };
        let exempt = first(&NO_PROXY_VARIABLES).map(|(variable, value)| NoProxy {
            variable,
            patterns: value,
        });
        Ok(Proxy { proxy, exempt })
    }

    /// The proxy a connection to `host` goes through: none when no proxy is set or the
    /// exemptions name the host.
    pub fn for_host(&self, host: &str) -> Option<&ProxyUrl> {
        let setting = self.proxy.as_ref()?;
        if self.exempt.as_ref().is_some_and(|no| no.exempts(host)) {
            return None;
        }
        Some(&setting.url)
    }

    /// `https_proxy=http://proxy:3128, no_proxy=.internal`, for the report; `None` without a
    /// proxy. Credentials are never in it.
    pub fn describe(&self) -> Option<String> {
        let setting = self.proxy.as_ref()?;
        let mut text = format!("{}={}", setting.variable, setting.url.shown());
        if setting.url.authorization.is_some() {
            text.push_str(" (with credentials, not shown)");
        }
        if let Some(no) = &self.exempt {
            text.push_str(&format!(", {}={}", no.variable, no.patterns));
        }
        Some(text)
    }
}

/// Parses a proxy URL as described in the module's documentation.
fn parse_url(value: &str) -> Result<ProxyUrl, String> {
    let value = value.trim();
    let rest = match value.split_once("://") {
        Some((scheme, rest)) => {
            match scheme.to_ascii_lowercase().as_str() {
                "http" => {}
                "https" => {
                    return Err(
                        "an https:// proxy (TLS to the proxy) is not supported; give the proxy's http:// address"
                            .to_owned(),
                    );
                }
                s if s.starts_with("socks") => {
                    return Err(format!(
                        "a {s}:// proxy is not supported; egress speaks to HTTP proxies (CONNECT)"
                    ));
                }
                _ => {
                    return Err(format!(
                        "the scheme `{}` is not http://",
                        shown_part(scheme)
                    ));
                }
            }
            rest
        }
        None => value,
    };
    // The credentials end at the last `@`: a password may hold `/`, `@` or `:` unescaped.
    let (userinfo, rest) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let (host, port) = split_host_port(authority)?;
    let authorization = match userinfo {
        None => None,
        Some(userinfo) => {
            let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .map(|s| s.into_owned())
                    .map_err(|_| "the credentials are not UTF-8 once decoded".to_owned())
            };
            let pair = format!("{}:{}", decode(user)?, decode(password)?);
            use base64::Engine as _;
            let mut header = HeaderValue::try_from(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            ))
            .map_err(|_| "the credentials cannot be sent".to_owned())?;
            header.set_sensitive(true);
            Some(header)
        }
    };
    Ok(ProxyUrl {
        host,
        port,
        authorization,
    })
}

/// `host[:port]` or `[v6][:port]`; the port defaults to 1080.
fn split_host_port(authority: &str) -> Result<(String, u16), String> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (v6, after) = inner
            .split_once(']')
            .ok_or_else(|| "an IPv6 address without its closing `]`".to_owned())?;
        if v6.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("`[{}]` is not an IPv6 address", shown_part(v6)));
        }
        let port = match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or_else(|| format!("unexpected `{}` after the address", shown_part(p)))?,
            ),
        };
        (v6.to_owned(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    if host.is_empty() {
        return Err("it names no host".to_owned());
    }
    if host.parse::<IpAddr>().is_err() && !valid_host_name(&host) {
        return Err(format!(
            "`{}` is not a host name or an IP address",
            shown_part(&host)
        ));
    }
    let port = match port {
        None | Some("") => 1080,
        Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
            format!(
                "the port `{}` is not a number from 1 to 65535",
                shown_part(p)
            )
        })?,
    };
    Ok((host, port))
}

/// A DNS name as a resolver takes it: labels of letters, digits, `-` and `_`, at most 253
/// characters.
pub(crate) fn valid_host_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// A part of the value that is not its credentials, cut short.
fn shown_part(text: &str) -> String {
    let mut shown: String = text.chars().take(64).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// `no_proxy` as curl reads it.
#[derive(Clone)]
struct NoProxy {
    variable: &'static str,
    patterns: String,
}

impl NoProxy {
    /// Whether the list exempts `host` (a name, or an IP address with or without brackets).
    fn exempts(&self, host: &str) -> bool {
        let patterns = self.patterns.as_str();
        if patterns == "*" {
            return true;
        }
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let ip = bare.parse::<IpAddr>().ok();
        let name = host.strip_suffix('.').unwrap_or(host);
        patterns
            .split(',')
            .map(|p| p.trim_matches([' ', '\t']))
            .filter(|p| !p.is_empty())
            .any(|pattern| match ip {
                Some(ip) => ip_matches(ip, pattern),
                None => name_matches(name, pattern),
            })
    }
}

/// curl's host rule: `example.com` (or `.example.com`, or `example.com.`) matches
/// `example.com` and `www.example.com`, not `nonexample.com`.
fn name_matches(name: &str, pattern: &str) -> bool {
    let pattern = pattern.strip_suffix('.').unwrap_or(pattern);
    let pattern = pattern.strip_prefix('.').unwrap_or(pattern);
    if pattern.is_empty() || pattern.len() > name.len() {
        return false;
    }
    let tail = &name[name.len() - pattern.len()..];
    tail.eq_ignore_ascii_case(pattern)
        && (name.len() == pattern.len() || name.as_bytes()[name.len() - pattern.len() - 1] == b'.')
}

/// curl's IP rule: an address, or an address and a prefix length; IPv4 against IPv4, IPv6
/// against IPv6.
fn ip_matches(ip: IpAddr, pattern: &str) -> bool {
    let (address, bits) = match pattern.split_once('/') {
        Some((address, bits)) => match bits.parse::<u8>() {
            Ok(bits) => (address, Some(bits)),
            Err(_) => return false,
        },
        None => (pattern, None),
    };
    let address = address
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(address);
    let Ok(network) = address.parse::<IpAddr>() else {
        return false;
    };
    let (a, n, width) = match (ip, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(a.to_bits()), u128::from(n.to_bits()), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (a.to_bits(), n.to_bits(), 128),
        _ => return false,
    };
    let bits = u32::from(bits.unwrap_or(width as u8));
    if bits > width {
        return false;
    }
    if bits == 0 {
        // curl: a zero-length prefix compares the whole address.
        return a == n;
    }
    let shift = width - bits;
    (a >> shift) == (n >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxy(vars: &[(&str, &str)]) -> Result<Proxy, String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Proxy::from_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    fn used(p: &Proxy, host: &str) -> Option<String> {
        p.for_host(host).map(ProxyUrl::shown)
    }

    #[test]
    fn curl_precedence_lower_case_first_empty_is_unset() {
        let p = proxy(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
        ])
        .unwrap();
        assert_eq!(used(&p, "a.example").as_deref(), Some("http://lower:2"));
        assert_eq!(p.describe().unwrap(), "https_proxy=http://lower:2");
        // An empty lower-case variable is unset: the upper-case one applies.
        let p = proxy(&[("https_proxy", ""), ("HTTPS_PROXY", "http://upper:1")]).unwrap();
        assert_eq!(used(&p, "a.example").as_deref(), Some("http://upper:1"));
        // And the reverse.
        let p = proxy(&[("HTTPS_PROXY", ""), ("https_proxy", "http://lower:2")]).unwrap();
        assert_eq!(used(&p, "a.example").as_deref(), Some("http://lower:2"));
        // all_proxy after both, all empty: none.
        let p = proxy(&[("all_proxy", "http://all:3"), ("HTTPS_PROXY", "")]).unwrap();
        assert_eq!(used(&p, "a.example").as_deref(), Some("http://all:3"));
        let p = proxy(&[("https_proxy", ""), ("HTTPS_PROXY", ""), ("ALL_PROXY", "")]).unwrap();
        assert!(p.describe().is_none() && used(&p, "a.example").is_none());
        // http_proxy and HTTP_PROXY are not for HTTPS; REQUEST_METHOD changes nothing.
        let p = proxy(&[("http_proxy", "http://h:1"), ("HTTP_PROXY", "http://h:2")]).unwrap();
        assert!(used(&p, "a.example").is_none());
        let p = proxy(&[("REQUEST_METHOD", "GET"), ("HTTPS_PROXY", "http://p:3")]).unwrap();
        assert_eq!(used(&p, "a.example").as_deref(), Some("http://p:3"));
    }

    #[test]
    fn no_proxy_as_curl_reads_it() {
        let with = |no: &str| proxy(&[("https_proxy", "http://p:1"), ("no_proxy", no)]).unwrap();
        let p = with(" example.com , .internal.,10.0.0.0/8, ::1,[fd00::]/8 ");
        assert!(used(&p, "example.com").is_none());
        assert!(used(&p, "API.Example.com").is_none());
        assert!(used(&p, "nonexample.com").is_some());
        assert!(used(&p, "x.internal").is_none());
        assert!(used(&p, "internal").is_none());
        assert!(used(&p, "10.1.2.3").is_none());
        assert!(used(&p, "11.1.2.3").is_some());
        assert!(used(&p, "[::1]").is_none());
        assert!(used(&p, "fd12::1").is_none());
        // A name is not matched against address patterns.
        assert!(used(&with("10.0.0.0/8"), "ten.example").is_some());
        // `*` alone exempts everything; inside a list it is a name that matches nothing.
        assert!(used(&with("*"), "a.example").is_none());
        assert!(used(&with("*,x.example"), "a.example").is_some());
        // Lower case first; an empty no_proxy is unset and NO_PROXY applies.
        let p = proxy(&[
            ("https_proxy", "http://p:1"),
            ("no_proxy", ""),
            ("NO_PROXY", "a.example"),
        ])
        .unwrap();
        assert!(used(&p, "a.example").is_none());
        assert_eq!(
            p.describe().unwrap(),
            "https_proxy=http://p:1, NO_PROXY=a.example"
        );
        let p = proxy(&[
            ("https_proxy", "http://p:1"),
            ("no_proxy", "b.example"),
            ("NO_PROXY", "a.example"),
        ])
        .unwrap();
        assert!(used(&p, "a.example").is_some());
    }

    #[test]
    fn credentials_are_never_shown() {
        for value in [
            "http://user:se/cr@t:@proxy.corp:3128",
            "user:p%40ss/word@proxy.corp:3128/",
            "http://us%3Aer:secret?#@proxy.corp:3128",
        ] {
            let p = proxy(&[("HTTPS_PROXY", value)]).unwrap();
            let shown = p.describe().unwrap();
            assert_eq!(
                shown, "HTTPS_PROXY=http://proxy.corp:3128 (with credentials, not shown)",
                "{value}"
            );
            let url = p.for_host("a.example").unwrap();
            assert!(url.authorization.as_ref().unwrap().is_sensitive());
            assert_eq!(format!("{p:?}"), shown);
        }
        let p = proxy(&[("HTTPS_PROXY", "http://u:p%2Fw@proxy:1")]).unwrap();
        use base64::Engine as _;
        assert_eq!(
            p.for_host("x").unwrap().authorization.as_ref().unwrap(),
            &format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode("u:p/w")
            )
        );
    }

    #[test]
    fn malformed_values_are_errors_that_show_no_credentials() {
        for (value, why) in [
            ("http://user:secret@proxy:99999", "the port `99999`"),
            ("http://user:secret@proxy:x", "the port `x`"),
            ("http://user:secret@", "names no host"),
            ("http://user:secret@pro xy:1", "`pro xy` is not a host name"),
            (
                "socks5://user:secret@proxy:1",
                "socks5:// proxy is not supported",
            ),
            ("https://user:secret@proxy:1", "https:// proxy"),
            ("ftp://proxy:1", "the scheme `ftp`"),
            ("http://[::1:1", "closing `]`"),
        ] {
            let e = proxy(&[("https_proxy", value)]).map(|_| ()).unwrap_err();
            assert!(
                e.starts_with("the proxy in https_proxy is unusable: "),
                "{e}"
            );
            assert!(e.contains(why), "{value}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
        let p = proxy(&[("https_proxy", "proxy.corp")]).unwrap();
        assert_eq!(used(&p, "a").as_deref(), Some("http://proxy.corp:1080"));
        let p = proxy(&[("https_proxy", "http://[::1]:8080/")]).unwrap();
        assert_eq!(used(&p, "a").as_deref(), Some("http://[::1]:8080"));
    }
}
