//! The domains Astronomer asks to allowlist "for any user and CI/CD environments": data, with
//! its source and date.

/// Where the list comes from.
pub const SOURCE: &str = "Astronomer's documentation, \"Install Astro Hybrid on AWS\" (astronomer/docs, \
astro/install-aws-hybrid.md, Prerequisites) and \"Add Astro domains to your network's allowlist\"";

/// When the list was last checked against its source.
pub const AS_OF: &str = "2026-11-25";

/// The port every domain is reached on (the documentation lists `https://` URLs).
pub const PORT: u16 = 443;

/// The domains every installation needs.
pub const COMMON: &[&str] = &[
    "cloud.astronomer.io",
    "api.astronomer.io",
    "images.astronomer.cloud",
    "auth.astronomer.io",
    "updates.astronomer.io",
    "install.astronomer.io",
];

/// The organization's own domains; `{org}` is the organization's short name.
pub const PER_ORGANIZATION: &[&str] = &["astro-{org}.datakin.com", "{org}.astronomer.run"];

/// Whether `org` can name an organization's domains: one DNS label, lowercase.
pub fn valid_organization(org: &str) -> bool {
    !org.is_empty()
        && org.len() <= 63
        && org
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !org.starts_with('-')
        && !org.ends_with('-')
}

/// The hosts to check, in the documentation's order.
pub fn hosts(organization: Option<&str>) -> Vec<String> {
    let mut hosts: Vec<String> = COMMON.iter().map(|h| (*h).to_owned()).collect();
    if let Some(org) = organization {
        hosts.extend(PER_ORGANIZATION.iter().map(|t| t.replace("{org}", org)));
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_domains_follow_the_common_ones() {
        let hosts = hosts(Some("acme"));
        assert_eq!(hosts.len(), 8);
        assert_eq!(hosts[6], "astro-acme.datakin.com");
        assert_eq!(hosts[7], "acme.astronomer.run");
        assert_eq!(super::hosts(None).len(), 6);
    }

    #[test]
    fn organization_is_one_lowercase_label() {
        assert!(valid_organization("acme-2"));
        for bad in ["", "Acme", "-acme", "acme-", "a.b", "a b", &"a".repeat(64)] {
            assert!(!valid_organization(bad), "{bad:?}");
        }
    }
}
