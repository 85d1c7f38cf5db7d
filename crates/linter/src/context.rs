//! What a rule sees: the manifest's effective values (defaults applied, each with its pointer),
//! the CIDRs parsed once, the tables, the facts; and the [`Emitter`] it reports to.

use std::cell::OnceCell;
use std::net::Ipv4Addr;

use astro_preflight_facts::Facts;
use astro_preflight_manifest::defaults::{self, Defaults};
use astro_preflight_manifest::pointer::{dotted, get as value_at};
use astro_preflight_manifest::{Document, InstallProfile, Lenient, Manifest, Parsed, Span};

use crate::astro::Lists;
use crate::cidr::{Cidr, parse_addr, parse_cidr};
use crate::diagnostic::{Finding, Related};
use crate::registry::{Rule, RuleKind};
use crate::rules::syntax::external_id_in_manifest::secret_pointers;
use crate::settings::Settings;
use crate::sink::Sink;
use crate::tables::Tables;

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
    /// `accountId` as written; `None` when absent or not a string (the peer is then in
    /// `account.id`).
    pub account_id: Option<&'a str>,
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub document: &'a Document,
    pub parsed: &'a Parsed,
    pub manifest: &'a Manifest,
    pub tables: &'a Tables,
    pub settings: &'a Settings,
    pub facts: Option<&'a Facts>,
    /// Astronomer's lists: the organization's live cluster options when gathered, else the
    /// bundled tables.
    pub astro: Lists<'a>,
    /// `None` when `install` is missing or invalid (the schema reports it).
    pub profile: Option<InstallProfile>,
    /// Astronomer's defaults for the profile (hybrid's when it is unknown), from the bundled
    /// table; the effective values below take the live options' defaults when gathered.
    pub defaults: &'static Defaults,
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
    /// The pointers of the document's external-ID keys, found on first use: by their rule,
    /// then by the masking every file goes through.
    secrets: OnceCell<Vec<String>>,
}

pub const REGION: &str = "/cluster/region";
pub const VPC_CIDR: &str = "/cluster/vpcCidr";
pub const NODE_INSTANCE_TYPE: &str = "/cluster/nodeInstanceType";
pub const MAX_NODE_COUNT: &str = "/cluster/maxNodeCount";
pub const DB_INSTANCE_TYPE: &str = "/cluster/dbInstanceType";
pub const ACCOUNT_ID: &str = "/account/id";

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
        Some(Lenient::Valid(v)) => Some(Effective {
            value: v.borrow(),
            pointer,
            defaulted: false,
        }),
        Some(Lenient::Missing) | None if value_at(&parsed.json, pointer).is_none() => {
            Some(Effective {
                value: default,
                pointer,
                defaulted: true,
            })
        }
        _ => None,
    }
}

impl<'a> Context<'a> {
    /// The JSON pointers of the document's external-ID keys (`externalId` in any spelling, at
    /// any depth), found once.
    pub fn secret_pointers(&self) -> &[String] {
        self.secrets.get_or_init(|| secret_pointers(self.parsed))
    }

    /// What [`Context::secret_pointers`] found, when something asked: for the masking.
    pub(crate) fn take_secret_pointers(&mut self) -> Option<Vec<String>> {
        self.secrets.take()
    }

    pub fn new(
        document: &'a Document,
        parsed: &'a Parsed,
        manifest: &'a Manifest,
        settings: &'a Settings,
        facts: Option<&'a Facts>,
    ) -> Context<'a> {
        let cluster = manifest.cluster.valid();
        let profile = manifest.install.valid().copied();
        let defaults = defaults::for_profile(profile);
        let astro = Lists::of(facts);
        // The organization's own defaults, when its cluster options were gathered.
        let live = astro.live();
        let default_region = live
            .and_then(|o| o.default_region.as_deref())
            .unwrap_or(defaults.region);
        let default_node_type = live
            .and_then(|o| o.default_node_instance.as_deref())
            .unwrap_or(defaults.node_instance_type);
        let default_node_count = live
            .and_then(|o| o.node_count_default)
            .unwrap_or(defaults.max_node_count);
        let default_vpc_cidr = live
            .and_then(|o| o.default_vpc_subnet_range.as_deref())
            .unwrap_or(defaults.vpc_cidr);
        let default_db_type = defaults.db_instance_type.map(|table| {
            live.and_then(|o| o.default_database_instance.as_deref())
                .unwrap_or(table)
        });
        let region = effective::<str>(parsed, cluster.map(|c| &c.region), REGION, default_region);
        let node_instance_type = effective::<str>(
            parsed,
            cluster.map(|c| &c.node_instance_type),
            NODE_INSTANCE_TYPE,
            default_node_type,
        );
        let max_node_count = match cluster.map(|c| &c.max_node_count) {
            Some(Lenient::Valid(n)) => Some(Effective {
                value: *n,
                pointer: MAX_NODE_COUNT,
                defaulted: false,
            }),
            Some(Lenient::Missing) | None if value_at(&parsed.json, MAX_NODE_COUNT).is_none() => {
                Some(Effective {
                    value: default_node_count,
                    pointer: MAX_NODE_COUNT,
                    defaulted: true,
                })
            }
            _ => None,
        };
        // A profile that takes a database type defaults it; the other reports it only when set.
        let db_instance_type = match (profile, default_db_type) {
            (Some(_), Some(default)) => effective::<str>(
                parsed,
                cluster.map(|c| &c.db_instance_type),
                DB_INSTANCE_TYPE,
                default,
            ),
            _ => cluster
                .and_then(|c| c.db_instance_type.valid())
                .map(|v| Effective {
                    value: v.as_str(),
                    pointer: DB_INSTANCE_TYPE,
                    defaulted: false,
                }),
        };
        let vpc_cidr = effective::<str>(
            parsed,
            cluster.map(|c| &c.vpc_cidr),
            VPC_CIDR,
            default_vpc_cidr,
        )
        .map(|e| CidrValue {
            text: e.value,
            pointer: VPC_CIDR.to_owned(),
            defaulted: e.defaulted,
            parsed: parse_cidr(e.value),
            entry: None,
        });
        let account_id = manifest
            .account
            .valid()
            .and_then(|a| a.id.valid())
            .map(String::as_str);

        let mut peering = Vec::new();
        let mut peering_cidrs = Vec::new();
        let mut dns_servers = Vec::new();
        for (index, entry) in manifest.peering.valid().into_iter().flatten().enumerate() {
            let Lenient::Valid(entry) = entry else {
                continue;
            };
            peering.push(PeeringEntry {
                index,
                vpc_id: entry.vpc_id.valid().map(String::as_str),
                region: entry.region.valid().map(String::as_str),
                account_id: entry.account_id.valid().map(String::as_str),
            });
            for (i, cidr) in entry.cidrs.valid().into_iter().flatten().enumerate() {
                if let Lenient::Valid(text) = cidr {
                    peering_cidrs.push(CidrValue {
                        text,
                        pointer: peering_pointer(index, "cidrs", i),
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
                        pointer: peering_pointer(index, "dnsServers", i),
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
            tables: &settings.tables,
            settings,
            facts,
            astro,
            profile,
            defaults,
            region,
            node_instance_type,
            max_node_count,
            db_instance_type,
            account_id,
            vpc_cidr,
            peering,
            peering_cidrs,
            dns_servers,
            secrets: OnceCell::new(),
        }
    }

    /// Whether the value at `pointer` is one of Astronomer's defaults (the manifest does not set
    /// it), as the effective values say.
    pub fn defaulted(&self, pointer: &str) -> bool {
        match pointer {
            REGION => self.region.is_some_and(|e| e.defaulted),
            NODE_INSTANCE_TYPE => self.node_instance_type.is_some_and(|e| e.defaulted),
            MAX_NODE_COUNT => self.max_node_count.is_some_and(|e| e.defaulted),
            DB_INSTANCE_TYPE => self.db_instance_type.is_some_and(|e| e.defaulted),
            VPC_CIDR => self.vpc_cidr.as_ref().is_some_and(|c| c.defaulted),
            _ => false,
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

    /// A finding about the value at `pointer` (the rule and its severity come from the sink).
    pub fn finding(&self, pointer: &str, message: impl Into<String>) -> Finding {
        new_finding(self.document, self.parsed, pointer, false, message.into())
    }

    /// A finding that points at the key of `pointer` rather than its value (for a value that
    /// must never be shown, or a key that should not be there).
    pub fn finding_at_key(&self, pointer: &str, message: impl Into<String>) -> Finding {
        new_finding(self.document, self.parsed, pointer, true, message.into())
    }

    /// A second labelled place for a diagnostic.
    pub fn related(&self, pointer: &str, message: impl Into<String>) -> Related {
        let span = self.span_of(pointer);
        Related {
            pointer: pointer.to_owned(),
            span,
            location: self.document.location(span),
            message: message.into(),
        }
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
    let present = value_at(&parsed.json, pointer).is_some();
    match parsed.spans.nearest(pointer) {
        // Present but not indexed: reached through an alias; show the alias.
        Some((spans, _)) if present => spans.value,
        // Missing: show the key of the nearest present mapping.
        Some((spans, at)) if !at.is_empty() => spans.key.unwrap_or(spans.value),
        Some((spans, _)) => Span::empty(spans.value.start),
        None => Span::empty(0),
    }
}

/// `/peering/{index}/{field}/{i}`, written without the formatting machinery: every CIDR and DNS
/// server of every peering entry gets one, and `format!` was a third of building the context.
fn peering_pointer(index: usize, field: &str, i: usize) -> String {
    let (mut a, mut b) = (itoa::Buffer::new(), itoa::Buffer::new());
    let (index, i) = (a.format(index), b.format(i));
    let mut pointer = String::with_capacity(11 + index.len() + field.len() + i.len());
    for part in ["/peering/", index, "/", field, "/", i] {
        pointer.push_str(part);
    }
    pointer
}

pub(crate) fn new_finding(
    document: &Document,
    parsed: &Parsed,
    pointer: &str,
    key: bool,
    message: String,
) -> Finding {
    let span = locate(parsed, pointer, key);
    Finding {
        message,
        help: None,
        pointer: pointer.to_owned(),
        span,
        location: document.location(span),
        label: String::new(),
        related: Vec::new(),
        fix: None,
        data: None,
    }
}

/// Reports a rule's findings to the sink, noting when a finding is about a defaulted value.
pub struct Emitter<'s, 'a> {
    rule: &'static Rule,
    cx: &'s Context<'a>,
    sink: &'s mut Sink<'a>,
}

impl<'s, 'a> Emitter<'s, 'a> {
    pub(crate) fn new(rule: &'static Rule, cx: &'s Context<'a>, sink: &'s mut Sink<'a>) -> Self {
        Emitter { rule, cx, sink }
    }

    pub fn push(&mut self, mut finding: Finding) {
        if self.rule.kind != RuleKind::Engine && self.cx.defaulted(&finding.pointer) {
            let whose = match self.cx.astro.live() {
                Some(_) => "your organization's default in Astronomer's cluster options",
                None => "Astronomer's default",
            };
            finding.message.push_str(&format!(
                " (defaulted: `{}` is not set, so {whose} applies)",
                dotted(&finding.pointer)
            ));
        }
        self.sink.push(self.rule, finding);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn peering_pointers_are_what_format_writes() {
        for (index, i) in [(0, 0), (3, 12), (10, 7), (123, 4567)] {
            for field in ["cidrs", "dnsServers"] {
                assert_eq!(
                    super::peering_pointer(index, field, i),
                    format!("/peering/{index}/{field}/{i}")
                );
            }
        }
    }
}
