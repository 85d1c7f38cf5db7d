//! IPv4 CIDR and address parsing, with reasons a user can act on, and the set arithmetic the
//! network rules need.

use std::net::Ipv4Addr;

pub use ipnet::Ipv4Net;

/// Why a CIDR or address does not parse.
pub fn parse_cidr(text: &str) -> Result<Cidr, String> {
    dotted_quad_cidr(text).map_or_else(|| cidr_by_parts(text), Ok)
}

/// The CIDR when `text` is a [`dotted_quad`] address, a slash and one or two digits up to 32,
/// in one pass (every CIDR of a manifest goes through here); `None` for anything else, which
/// [`cidr_by_parts`] then explains.
fn dotted_quad_cidr(text: &str) -> Option<Cidr> {
    let slash = text.bytes().position(|b| b == b'/')?;
    let address = dotted_quad(&text[..slash])?;
    let len = match text.as_bytes()[slash + 1..] {
        [d] if d.is_ascii_digit() => d - b'0',
        [t, d] if t.is_ascii_digit() && d.is_ascii_digit() => (t - b'0') * 10 + (d - b'0'),
        _ => return None,
    };
    let net = Ipv4Net::new(address, len).ok()?.trunc();
    Some(Cidr { address, net })
}

/// `text` read part by part, saying what is wrong: the same CIDRs as [`dotted_quad_cidr`] (a
/// test checks it), with the reason for the others.
fn cidr_by_parts(text: &str) -> Result<Cidr, String> {
    let Some((addr, prefix)) = text.split_once('/') else {
        return match parse_addr(text) {
            Ok(_) => Err(format!(
                "`{text}` is an address, not a CIDR: add a prefix length such as /16"
            )),
            Err(e) => Err(e),
        };
    };
    let address = parse_addr(addr)?;
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 2 {
        return Err(format!("`/{prefix}` is not a prefix length (0 to 32)"));
    }
    let len: u8 = prefix
        .parse()
        .map_err(|_| format!("`/{prefix}` is not a prefix length (0 to 32)"))?;
    if len > 32 {
        return Err(format!("the prefix length /{len} is larger than 32"));
    }
    let net = Ipv4Net::new(address, len)
        .map_err(|e| e.to_string())?
        .trunc();
    Ok(Cidr { address, net })
}

/// Parses a dotted-quad IPv4 address, saying which part is wrong.
pub fn parse_addr(text: &str) -> Result<Ipv4Addr, String> {
    dotted_quad(text).map_or_else(|| by_parts(text), Ok)
}

/// The address when `text` is four numbers from 0 to 255, without leading zeros, separated by
/// dots, in one pass over its bytes (every address of a manifest goes through here); `None`
/// for anything else, which [`by_parts`] then explains.
fn dotted_quad(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut part = 0;
    let mut value: u16 = 0;
    let mut digits = 0;
    for &b in text.as_bytes() {
        match b {
            b'0'..=b'9' => {
                if digits == 1 && value == 0 {
                    return None;
                }
                value = value * 10 + u16::from(b - b'0');
                digits += 1;
                if value > 255 {
                    return None;
                }
            }
            b'.' if digits > 0 && part < 3 => {
                octets[part] = value as u8;
                part += 1;
                value = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    if digits == 0 || part != 3 {
        return None;
    }
    octets[3] = value as u8;
    Some(Ipv4Addr::from(octets))
}

/// `text` read part by part, saying which part is wrong: the same addresses as [`dotted_quad`]
/// (a test checks it), with the reason for the others.
fn by_parts(text: &str) -> Result<Ipv4Addr, String> {
    if text.bytes().filter(|&b| b == b'.').count() != 3 {
        return Err(format!(
            "`{text}` is not an IPv4 address: it needs four numbers separated by dots"
        ));
    }
    let mut octets = [0u8; 4];
    for (octet, part) in octets.iter_mut().zip(text.split('.')) {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{part}` in `{text}` is not a number from 0 to 255"
            ));
        }
        if part.len() > 1 && part.starts_with('0') {
            return Err(format!(
                "`{part}` in `{text}` has a leading zero, which some tools read as octal"
            ));
        }
        match part.parse::<u8>() {
            Ok(n) => *octet = n,
            Err(_) => return Err(format!("`{part}` in `{text}` is larger than 255")),
        }
    }
    Ok(Ipv4Addr::from(octets))
}

/// A CIDR as written, and the network it denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The address as written (may have host bits set).
    pub address: Ipv4Addr,
    /// The network with host bits cleared, as AWS stores it.
    pub net: Ipv4Net,
}

impl Cidr {
    pub fn has_host_bits(&self) -> bool {
        self.address != self.net.network()
    }

    pub fn prefix(&self) -> u8 {
        self.net.prefix_len()
    }

    /// Number of addresses.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix()))
    }
}

/// First and last address of a network, as integers.
pub fn bounds(net: &Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}

/// Whether two networks share an address.
pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    let (a0, a1) = bounds(a);
    let (b0, b1) = bounds(b);
    a0 <= b1 && b0 <= a1
}

/// Whether `outer` contains every address of `inner`.
pub fn contains(outer: &Ipv4Net, inner: &Ipv4Net) -> bool {
    let (o0, o1) = bounds(outer);
    let (i0, i1) = bounds(inner);
    o0 <= i0 && i1 <= o1
}

/// Whether a network contains an address.
pub fn contains_addr(net: &Ipv4Net, addr: Ipv4Addr) -> bool {
    let (n0, n1) = bounds(net);
    let a = u32::from(addr);
    n0 <= a && a <= n1
}

/// The RFC 1918 private ranges.
pub fn rfc1918() -> [Ipv4Net; 3] {
    [
        Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).expect("valid"),
        Ipv4Net::new(Ipv4Addr::new(172, 16, 0, 0), 12).expect("valid"),
        Ipv4Net::new(Ipv4Addr::new(192, 168, 0, 0), 16).expect("valid"),
    ]
}

/// Whether the whole network lies in RFC 1918 space.
pub fn is_private(net: &Ipv4Net) -> bool {
    rfc1918().iter().any(|r| contains(r, net))
}

/// The network of the given prefix length that contains `net`'s first address.
pub fn widen(net: &Ipv4Net, prefix: u8) -> Ipv4Net {
    Ipv4Net::new(net.network(), prefix)
        .map(|n| n.trunc())
        .unwrap_or(*net)
}

/// A private network of the given prefix length for a VPC that is too small: the one that
/// contains `net`'s first address when nothing else in the manifest is in its way, otherwise
/// the first one after it (then from the start of the private ranges) that overlaps none of
/// `avoid` (the peering CIDRs) and contains none of `addrs` (the peers' DNS servers).
pub fn free_range(net: &Ipv4Net, prefix: u8, avoid: &[Ipv4Net], addrs: &[Ipv4Addr]) -> Ipv4Net {
    let fits = |candidate: &Ipv4Net| {
        is_private(candidate)
            && !avoid.iter().any(|a| overlaps(candidate, a))
            && !addrs.iter().any(|&a| contains_addr(candidate, a))
    };
    let first = widen(net, prefix);
    if fits(&first) || prefix == 0 {
        return first;
    }
    let step = 1u64 << (32 - u32::from(prefix));
    // The private range of the first candidate, from it on; then every private range.
    let start = u64::from(u32::from(first.network()));
    let ranges = rfc1918();
    let mut spans: Vec<(u64, u64)> = ranges
        .iter()
        .filter(|r| contains(r, &first))
        .map(|r| (start, u64::from(bounds(r).1)))
        .collect();
    spans.extend(ranges.iter().map(|r| {
        let (lo, hi) = bounds(r);
        (u64::from(lo), u64::from(hi))
    }));
    for (lo, hi) in spans {
        let mut at = lo.div_ceil(step) * step;
        while at + step - 1 <= hi {
            if let Ok(candidate) = Ipv4Net::new(Ipv4Addr::from(at as u32), prefix)
                && fits(&candidate)
            {
                return candidate;
            }
            at += step;
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_free_range_avoids_the_peers() {
        let net = |s: &str| s.parse::<Ipv4Net>().expect("a network");
        let vpc = net("172.20.0.0/22");
        assert_eq!(free_range(&vpc, 20, &[], &[]), net("172.20.0.0/20"));
        assert_eq!(
            free_range(&vpc, 20, &[net("172.20.4.0/24")], &[]),
            net("172.20.16.0/20")
        );
        assert_eq!(
            free_range(&vpc, 20, &[], &[Ipv4Addr::new(172, 20, 15, 2)]),
            net("172.20.16.0/20")
        );
        // Every /20 after it taken: the private ranges from their start.
        assert_eq!(
            free_range(&net("172.31.240.0/22"), 20, &[net("172.31.240.0/20")], &[]),
            net("10.0.0.0/20")
        );
    }

    #[test]
    fn parse_reasons() {
        assert!(parse_cidr("10.0.0.0/8").is_ok());
        assert!(parse_cidr("10.0.0.0").unwrap_err().contains("not a CIDR"));
        assert!(
            parse_cidr("10.0.0.0/33")
                .unwrap_err()
                .contains("larger than 32")
        );
        assert!(parse_cidr("10.0.0/8").unwrap_err().contains("four numbers"));
        assert!(
            parse_cidr("10.0.0.256/8")
                .unwrap_err()
                .contains("larger than 255")
        );
        assert!(
            parse_cidr("10.0.0.01/8")
                .unwrap_err()
                .contains("leading zero")
        );
        assert!(
            parse_cidr("10.0.0.0/x")
                .unwrap_err()
                .contains("prefix length")
        );
        assert!(parse_cidr(" 10.0.0.0/8").is_err());
        let c = parse_cidr("172.20.1.0/20").unwrap();
        assert!(c.has_host_bits());
        assert_eq!(c.net.to_string(), "172.20.0.0/20");
        assert_eq!(parse_cidr("172.20.0.0/22").unwrap().size(), 1024);
    }

    #[test]
    fn private_space() {
        for (text, private) in [
            ("10.0.0.0/8", true),
            ("172.16.0.0/12", true),
            ("172.31.255.0/24", true),
            ("172.32.0.0/16", false),
            ("172.0.0.0/8", false),
            ("192.168.0.0/16", true),
            ("192.169.0.0/16", false),
            ("8.8.8.0/24", false),
        ] {
            assert_eq!(
                is_private(&parse_cidr(text).unwrap().net),
                private,
                "{text}"
            );
        }
    }

    /// Brute-force oracle over a small address space: the networks as sets of addresses.
    fn members(net: &Ipv4Net) -> std::collections::BTreeSet<u32> {
        let (a, b) = bounds(net);
        (a..=b).collect()
    }

    fn small_net() -> impl Strategy<Value = Ipv4Net> {
        // Addresses in 10.0.0.0/20 and prefixes /20 to /32 keep each set at most 4096 members.
        (0u32..4096, 20u8..=32).prop_map(|(offset, prefix)| {
            Ipv4Net::new(Ipv4Addr::from(0x0A00_0000 + offset), prefix)
                .unwrap()
                .trunc()
        })
    }

    proptest! {
        #[test]
        fn overlap_and_containment_match_the_oracle(a in small_net(), b in small_net(), probe in 0u32..4096) {
            let (ma, mb) = (members(&a), members(&b));
            prop_assert_eq!(overlaps(&a, &b), !ma.is_disjoint(&mb));
            prop_assert_eq!(contains(&a, &b), mb.is_subset(&ma));
            let addr = Ipv4Addr::from(0x0A00_0000 + probe);
            prop_assert_eq!(contains_addr(&a, addr), ma.contains(&u32::from(addr)));
        }

        #[test]
        fn host_bits_and_canonical_form(raw in any::<u32>(), prefix in 0u8..=32) {
            let text = format!("{}/{}", Ipv4Addr::from(raw), prefix);
            let cidr = parse_cidr(&text).unwrap();
            let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
            prop_assert_eq!(u32::from(cidr.net.network()), raw & mask);
            prop_assert_eq!(cidr.has_host_bits(), raw & !mask != 0);
        }

        /// The one-pass reading accepts exactly the addresses the part-by-part one does, with
        /// the same octets: strings of digits and dots (and a stray letter), and real addresses
        /// written with and without leading zeros.
        #[test]
        fn dotted_quad_reads_what_the_parts_read(
            text in "[0-9.a]{0,16}",
            raw in any::<u32>(),
            zero in 0usize..5,
        ) {
            prop_assert_eq!(dotted_quad(&text), by_parts(&text).ok(), "{}", text);
            let mut written: Vec<String> = Ipv4Addr::from(raw).octets().iter().map(u8::to_string).collect();
            if let Some(octet) = written.get_mut(zero) {
                octet.insert(0, '0');
            }
            let written = written.join(".");
            prop_assert_eq!(dotted_quad(&written), by_parts(&written).ok(), "{}", written);
            let plain = Ipv4Addr::from(raw).to_string();
            prop_assert_eq!(dotted_quad(&plain), Some(Ipv4Addr::from(raw)));
        }

        /// The one-pass CIDR reading accepts exactly the CIDRs the part-by-part one does.
        #[test]
        fn dotted_quad_cidr_reads_what_the_parts_read(
            text in "[0-9./a]{0,20}",
            raw in any::<u32>(),
            prefix in "[0-9]{0,3}",
        ) {
            prop_assert_eq!(dotted_quad_cidr(&text), cidr_by_parts(&text).ok(), "{}", text);
            let written = format!("{}/{prefix}", Ipv4Addr::from(raw));
            prop_assert_eq!(dotted_quad_cidr(&written), cidr_by_parts(&written).ok(), "{}", written);
        }
    }
}
