//! What a rule sees: the manifest's effective values (defaults applied, each with its pointer),
//! the CIDRs parsed once, the tables, the facts; and the [`Emitter`] it reports to.

use std::net::Ipv4Addr;

use astro_preflight_facts::Facts;
use astro_preflight_manifest::pointer::dotted;
use astro_preflight_manifest::{Document, InstallProfile, Lenient, Location, Manifest, Parsed, Span};

use crate::cidr::{parse_addr, parse_cidr, Cidr};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::registry::{Rule, RuleKind};
use crate::tables::{db_types, instance_types, Tables};

/// A value as the rules see it: the manifest's, or Astronomer's default when the manifest does
/// not set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective<T> {
    pub value: T,
    pub pointer: &'static str,
    /// The manifest does not set it; `value` is the default.
    pub defaulted: bool,
}

/// A CIDR string of the manifest, parsed once.
#[derive(Debug, Clone)]
pub struct CidrValue<'a> {
    pub text: &'a str,
    pub pointer: String,
    pub defaulted: bool,
    pub parsed: Result<Cidr, String>,
    /// The peering entry it belongs to; `None` for the VPC CIDR.
    pub entry: Option<usize>,
}

/// A DNS server address of a peering entry, parsed once.
#[derive(Debug, Clone)]
pub struct AddrValue<'a> {
    pub text: &'a str,
    pub pointer: String,
    pub parsed: Result<Ipv4Addr, String>,
    pub entry: usize,
}

/// A peering entry with a well-formed shape.
#[derive(Debug, Clone)]
pub struct PeeringEntry<'a> {
    pub index: usize,
    pub vpc_id: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub document: &'a Document,
    pub parsed: &'a Parsed,
    pub manifest: &'a Manifest,
    pub tables: &'a Tables,
    pub facts: Option<&'a Facts>,
    /// `None` when `install` is missing or invalid (the schema reports it).
    pub profile: Option<InstallProfile>,
    pub region: Option<Effective<&'a str>>,
    pub node_instance_type: Option<Effective<&'a str>>,
    pub max_node_count: Option<Effective<u32>>,
    /// Hybrid: the effective type. Cross-account-role: only when the manifest sets it.
    pub db_instance_type: Option<Effective<&'a str>>,
    pub account_id: Option<&'a str>,
    pub vpc_cidr: Option<CidrValue<'a>>,
    pub peering: Vec<PeeringEntry<'a>>,
    pub peering_cidrs: Vec<CidrValue<'a>>,
    pub dns_servers: Vec<AddrValue<'a>>,
}

pub const REGION: &str = "/cluster/region";
pub const VPC_CIDR: &str = "/cluster/vpcCidr";
pub const NODE_INSTANCE_TYPE: &str = "/cluster/nodeInstanceType";
pub const MAX_NODE_COUNT: &str = "/cluster/maxNodeCount";
pub const DB_INSTANCE_TYPE: &str = "/cluster/dbInstanceType";
pub const ACCOUNT_ID: &str = "/account/id";

pub const DEFAULT_REGION: &str = "us-east-1";
pub const DEFAULT_MAX_NODE_COUNT: u32 = 20;

/// The default VPC CIDR of a profile (hybrid when the profile is unknown).
pub fn default_vpc_cidr(profile: Option<InstallProfile>) -> &'static str {
    match profile {
        Some(InstallProfile::CrossAccountRole) => "172.20.0.0/19",
        _ => "172.20.0.0/20",
    }
}

/// An effective value from a lenient field: the value, the default when absent, `None` when
/// present but malformed (or an explicit null).
fn effective<'a, T>(
    parsed: &Parsed,
    field: Option<&'a Lenient<T::Owned>>,
    pointer: &'static str,
    default: &'a T,
) -> Option<Effective<&'a T>>
where
    T: ToOwned + ?Sized,
    T::Owned: std::borrow::Borrow<T>,
{
    use std::borrow::Borrow;
    match field {
        Some(Lenient::Valid(v)) => Some(Effective { value: v.borrow(), pointer, defaulted: false }),
        Some(Lenient::Missing) | None if parsed.json.pointer(pointer).is_none() => {
            Some(Effective { value: default, pointer, defaulted: true })
        }
        _ => None,
    }
}

impl<'a> Context<'a> {
    pub fn new(
        document: &'a Document,
        parsed: &'a Parsed,
        manifest: &'a Manifest,
        tables: &'a Tables,
        facts: Option<&'a Facts>,
    ) -> Context<'a> {
        let cluster = manifest.cluster.valid();
        let profile = manifest.install.valid().copied();
        let region = effective::<str>(parsed, cluster.map(|c| &c.region), REGION, DEFAULT_REGION);
        let node_instance_type = effective::<str>(
            parsed,
            cluster.map(|c| &c.node_instance_type),
            NODE_INSTANCE_TYPE,
            instance_types::DEFAULT,
        );
        let max_node_count = match cluster.map(|c| &c.max_node_count) {
            Some(Lenient::Valid(n)) => Some(Effective { value: *n, pointer: MAX_NODE_COUNT, defaulted: false }),
            Some(Lenient::Missing) | None if parsed.json.pointer(MAX_NODE_COUNT).is_none() => {
                Some(Effective { value: DEFAULT_MAX_NODE_COUNT, pointer: MAX_NODE_COUNT, defaulted: true })
            }
            _ => None,
        };
        let db_instance_type = match profile {
            Some(InstallProfile::Hybrid) => {
                effective::<str>(parsed, cluster.map(|c| &c.db_instance_type), DB_INSTANCE_TYPE, db_types::DEFAULT)
            }
            _ => cluster.and_then(|c| c.db_instance_type.valid()).map(|v| Effective {
                value: v.as_str(),
                pointer: DB_INSTANCE_TYPE,
                defaulted: false,
            }),
        };
        let vpc_cidr = effective::<str>(parsed, cluster.map(|c| &c.vpc_cidr), VPC_CIDR, default_vpc_cidr(profile))
            .map(|e| CidrValue {
                text: e.value,
                pointer: VPC_CIDR.to_owned(),
                defaulted: e.defaulted,
                parsed: parse_cidr(e.value),
                entry: None,
            });
        let account_id = manifest.account.valid().and_then(|a| a.id.valid()).map(String::as_str);

        let mut peering = Vec::new();
        let mut peering_cidrs = Vec::new();
        let mut dns_servers = Vec::new();
        for (index, entry) in manifest.peering.valid().into_iter().flatten().enumerate() {
            let Lenient::Valid(entry) = entry else { continue };
            peering.push(PeeringEntry {
                index,
                vpc_id: entry.vpc_id.valid().map(String::as_str),
                region: entry.region.valid().map(String::as_str),
            });
            for (i, cidr) in entry.cidrs.valid().into_iter().flatten().enumerate() {
                if let Lenient::Valid(text) = cidr {
                    peering_cidrs.push(CidrValue {
                        text,
                        pointer: format!("/peering/{index}/cidrs/{i}"),
                        defaulted: false,
                        parsed: parse_cidr(text),
                        entry: Some(index),
                    });
                }
            }
            for (i, addr) in entry.dns_servers.valid().into_iter().flatten().enumerate() {
                if let Lenient::Valid(text) = addr {
                    dns_servers.push(AddrValue {
                        text,
                        pointer: format!("/peering/{index}/dnsServers/{i}"),
                        parsed: parse_addr(text),
                        entry: index,
                    });
                }
            }
        }

        Context {
            document,
            parsed,
            manifest,
            tables,
            facts,
            profile,
            region,
            node_instance_type,
            max_node_count,
            db_instance_type,
            account_id,
            vpc_cidr,
            peering,
            peering_cidrs,
            dns_servers,
        }
    }

    /// Every CIDR of the manifest: the VPC CIDR, then the peering CIDRs.
    pub fn all_cidrs(&self) -> impl Iterator<Item = &CidrValue<'a>> {
        self.vpc_cidr.iter().chain(self.peering_cidrs.iter())
    }

    /// The span to show for a pointer: its value; for a missing value, the key of its nearest
    /// present ancestor; for a value reached through an alias, the alias.
    pub fn span_of(&self, pointer: &str) -> Span {
        locate(self.parsed, pointer, false)
    }

    /// A new diagnostic about the value at `pointer` (rule and severity are filled in by the
    /// emitter).
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        new_diagnostic(self.document, self.parsed, pointer, false, message.into())
    }

    /// A second labelled place for a diagnostic.
    pub fn related(&self, pointer: &str, message: impl Into<String>) -> Related {
        let span = self.span_of(pointer);
        Related { pointer: pointer.to_owned(), span, location: self.document.location(span), message: message.into() }
    }
}

/// Resolves a pointer to the span to show. `key`: prefer the key of the pointer itself.
pub(crate) fn locate(parsed: &Parsed, pointer: &str, key: bool) -> Span {
    if let Some(spans) = parsed.spans.get(pointer) {
        return match (key, spans.key) {
            (true, Some(k)) => k,
            _ => spans.value,
        };
    }
    let present = parsed.json.pointer(pointer).is_some();
    match parsed.spans.nearest(pointer) {
        // Present but not indexed: reached through an alias; show the alias.
        Some((spans, _)) if present => spans.value,
        // Missing: show the key of the nearest present mapping.
        Some((spans, at)) if !at.is_empty() => spans.key.unwrap_or(spans.value),
        Some((spans, _)) => Span::empty(spans.value.start),
        None => Span::empty(0),
    }
}

pub(crate) fn new_diagnostic(
    document: &Document,
    parsed: &Parsed,
    pointer: &str,
    key: bool,
    message: String,
) -> Diagnostic {
    let span = locate(parsed, pointer, key);
    Diagnostic {
        rule: "",
        severity: Severity::Error,
        message,
        help: None,
        pointer: pointer.to_owned(),
        span,
        location: document.location(span),
        label: String::new(),
        related: Vec::new(),
        fix: None,
    }
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// The location of the diagnostic.
    pub fn location(&self) -> Location {
        self.location
    }
}

/// Collects a rule's diagnostics, stamping them with the rule and its severity.
pub struct Emitter<'a> {
    rule: &'static Rule,
    severity: Severity,
    parsed: &'a Parsed,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(rule: &'static Rule, severity: Severity, parsed: &'a Parsed, out: &'a mut Vec<Diagnostic>) -> Self {
        Emitter { rule, severity, parsed, out }
    }

    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule.id;
        diagnostic.severity = self.severity;
        if self.rule.kind != RuleKind::Engine && is_defaultable(&diagnostic.pointer) && self.parsed.json.pointer(&diagnostic.pointer).is_none() {
            diagnostic.message.push_str(&format!(
                " (defaulted: `{}` is not set, so Astronomer's default applies)",
                dotted(&diagnostic.pointer)
            ));
        }
        if diagnostic.label.is_empty() {
            diagnostic.label = self.rule.id.to_owned();
        }
        self.out.push(diagnostic);
    }
}

fn is_defaultable(pointer: &str) -> bool {
    matches!(pointer, REGION | VPC_CIDR | NODE_INSTANCE_TYPE | MAX_NODE_COUNT | DB_INSTANCE_TYPE)
}
