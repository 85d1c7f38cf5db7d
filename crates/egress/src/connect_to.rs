//! `--connect-to HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT`, in curl's syntax: connections to
//! HOST:PORT go to CONNECT-TO-HOST:CONNECT-TO-PORT instead; TLS and HTTP still name HOST. An
//! empty HOST or PORT matches any; an empty CONNECT-TO-HOST or CONNECT-TO-PORT keeps the
//! original. IPv6 addresses are written in brackets.

use std::fmt;

/// One `--connect-to` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectTo {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub to_host: Option<String>,
    pub to_port: Option<u16>,
}

impl ConnectTo {
    /// Parses curl's syntax.
    pub fn parse(text: &str) -> Result<ConnectTo, String> {
        let fields = split(text).ok_or_else(|| {
            format!("`{text}` is not HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT (IPv6 addresses in brackets)")
        })?;
        let port = |s: &str, what: &str| -> Result<Option<u16>, String> {
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .map(Some)
                .ok_or_else(|| format!("`{text}`: {what} `{s}` is not a port number (1-65535)"))
        };
        let host = |s: &str, what: &str| -> Result<Option<String>, String> {
            let bare = s
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .unwrap_or(s);
            if bare.is_empty() {
                return Ok(None);
            }
            // An IPv6 address only in brackets, as curl writes it.
            let valid = match bare.parse::<std::net::IpAddr>() {
                Ok(std::net::IpAddr::V6(_)) => bare.len() < s.len(),
                Ok(std::net::IpAddr::V4(_)) => bare.len() == s.len(),
                Err(_) => bare.len() == s.len() && crate::proxy::valid_host_name(bare),
            };
            if !valid {
                return Err(format!(
                    "`{text}`: {what} `{s}` is not a host name or an IP address (IPv6 in brackets)"
                ));
            }
            Ok(Some(bare.to_ascii_lowercase()))
        };
        Ok(ConnectTo {
            host: host(fields[0], "the host")?,
            port: port(fields[1], "the port")?,
            to_host: host(fields[2], "the connect-to host")?,
            to_port: port(fields[3], "the connect-to port")?,
        })
    }

    /// Where a connection to `host:port` goes, when this mapping applies to it.
    pub fn apply(&self, host: &str, port: u16) -> Option<(String, u16)> {
        let host_matches = self
            .host
            .as_deref()
            .is_none_or(|h| h.eq_ignore_ascii_case(host));
        let port_matches = self.port.is_none_or(|p| p == port);
        (host_matches && port_matches).then(|| {
            (
                self.to_host.clone().unwrap_or_else(|| host.to_owned()),
                self.to_port.unwrap_or(port),
            )
        })
    }
}

impl fmt::Display for ConnectTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = |h: &Option<String>| match h {
            Some(h) if h.contains(':') => format!("[{h}]"),
            Some(h) => h.clone(),
            None => String::new(),
        };
        let port = |p: Option<u16>| p.map(|p| p.to_string()).unwrap_or_default();
        write!(
            f,
            "{}:{}:{}:{}",
            host(&self.host),
            port(self.port),
            host(&self.to_host),
            port(self.to_port)
        )
    }
}

/// The first mapping that applies to `host:port`, curl's rule.
pub fn resolve(mappings: &[ConnectTo], host: &str, port: u16) -> Option<(String, u16)> {
    mappings.iter().find_map(|m| m.apply(host, port))
}

/// The mappings that apply to none of `hosts` on `port` (a mapping is used when it is the
/// first that applies to a host): a mistyped host name, reported rather than silently unused.
pub fn unused<'a>(mappings: &'a [ConnectTo], hosts: &[String], port: u16) -> Vec<&'a ConnectTo> {
    let used: Vec<usize> = hosts
        .iter()
        .filter_map(|h| mappings.iter().position(|m| m.apply(h, port).is_some()))
        .collect();
    mappings
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, m)| m)
        .collect()
}

/// Four colon-separated fields; colons inside brackets do not separate.
fn split(text: &str) -> Option<[&str; 4]> {
    let mut fields = Vec::with_capacity(4);
    let mut start = 0;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.checked_sub(1)?,
            ':' if depth == 0 => {
                fields.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    fields.push(&text[start..]);
    fields.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_curl_syntax() {
        let m = ConnectTo::parse("api.astronomer.io:443:127.0.0.1:8443").unwrap();
        assert_eq!(
            m.apply("api.astronomer.io", 443),
            Some(("127.0.0.1".to_owned(), 8443))
        );
        assert_eq!(
            m.apply("API.astronomer.io", 443),
            Some(("127.0.0.1".to_owned(), 8443))
        );
        assert_eq!(m.apply("cloud.astronomer.io", 443), None);
        assert_eq!(m.apply("api.astronomer.io", 80), None);
        assert_eq!(m.to_string(), "api.astronomer.io:443:127.0.0.1:8443");
    }

    #[test]
    fn empty_fields_match_any_or_keep_the_original() {
        let any = ConnectTo::parse("::127.0.0.1:").unwrap();
        assert_eq!(
            any.apply("x.example", 443),
            Some(("127.0.0.1".to_owned(), 443))
        );
        let port_only = ConnectTo::parse("x.example:443::8443").unwrap();
        assert_eq!(
            port_only.apply("x.example", 443),
            Some(("x.example".to_owned(), 8443))
        );
    }

    #[test]
    fn ipv6_in_brackets() {
        let m = ConnectTo::parse("x.example:443:[::1]:8443").unwrap();
        assert_eq!(m.apply("x.example", 443), Some(("::1".to_owned(), 8443)));
        assert_eq!(m.to_string(), "x.example:443:[::1]:8443");
    }

    #[test]
    fn first_mapping_wins() {
        let maps = [
            ConnectTo::parse("a.example:443:127.0.0.1:1").unwrap(),
            ConnectTo::parse("::127.0.0.1:2").unwrap(),
        ];
        assert_eq!(
            resolve(&maps, "a.example", 443),
            Some(("127.0.0.1".to_owned(), 1))
        );
        assert_eq!(
            resolve(&maps, "b.example", 443),
            Some(("127.0.0.1".to_owned(), 2))
        );
    }

    #[test]
    fn mappings_that_apply_to_no_host_are_found() {
        let maps = [
            ConnectTo::parse("a.example:443:127.0.0.1:1").unwrap(),
            ConnectTo::parse("typo.example:443:127.0.0.1:1").unwrap(),
            ConnectTo::parse("b.example:80:127.0.0.1:1").unwrap(),
            ConnectTo::parse("::127.0.0.1:2").unwrap(),
            // Shadowed: the catch-all before it takes every host.
            ConnectTo::parse("b.example:443:127.0.0.1:3").unwrap(),
        ];
        let hosts = ["a.example".to_owned(), "b.example".to_owned()];
        let unused: Vec<String> = unused(&maps, &hosts, 443)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            unused,
            [
                "typo.example:443:127.0.0.1:1",
                "b.example:80:127.0.0.1:1",
                "b.example:443:127.0.0.1:3"
            ]
        );
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "",
            "a:443:b",
            "a:443:b:c:d",
            "a:x:b:1",
            "a:443:b:70000",
            "a:443:[::1:1",
            "a:0:b:1",
            "a b:443:c:1",
            "a:443:c/d:1",
            "a:443:user@c:1",
            "::1:443:b:1",
            "a:443:[10.0.0.1]:1",
            "a:443:\u{1b}[31m:1",
        ] {
            assert!(ConnectTo::parse(bad).is_err(), "{bad:?}");
        }
    }
}
