//! The typed install manifest (version 1). The JSON Schema is generated from these types.
//!
//! Every field is a [`Lenient`]: a manifest that breaks the schema in one place still yields a
//! typed manifest for the rules, with that field [`Lenient::Invalid`] (the schema diagnostic
//! reports it) and every other field usable.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

use crate::defaults::HYBRID;

/// A field as the manifest has it: absent, present but of the wrong shape, or valid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Lenient<T> {
    /// The key is absent.
    #[default]
    Missing,
    /// The key is present but its value does not have the expected shape (the schema reports
    /// it).
    Invalid,
    /// A well-formed value.
    Valid(T),
}

impl<T> Lenient<T> {
    pub fn valid(&self) -> Option<&T> {
        match self {
            Lenient::Valid(v) => Some(v),
            _ => None,
        }
    }
}

/// Meant for a manifest deserialized from its JSON value (`Manifest::deserialize(&value)`, as
/// [`crate::load`] does): a field of the wrong shape becomes [`Lenient::Invalid`] and the rest
/// of the manifest is still read. That relies on the value deserializer, which hands each field
/// its own subtree, so that a failure inside one leaves nothing half-read; the field's value is
/// read in place, not copied first.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Field<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Field<T> {
            type Value = Lenient<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }

            // serde's derive hands a missing required field to us as `none` rather than fail
            // the whole manifest. An explicit `null` also arrives as `none`: the schema reports
            // it, and callers that must tell the two apart look at the JSON.
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Lenient::Missing)
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Lenient::Missing)
            }

            fn visit_some<D: Deserializer<'de>>(self, value: D) -> Result<Self::Value, D::Error> {
                Ok(T::deserialize(value).map_or(Lenient::Invalid, Lenient::Valid))
            }
        }
        deserializer.deserialize_option(Field(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Lenient<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An Astro install manifest (version 1): what a customer hands to Astronomer to install Astro
/// (managed Apache Airflow) in a dedicated AWS account.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(
    title = "Astro install manifest",
    deny_unknown_fields,
    extend("$id" = "https://astro-preflight.dev/schemas/install-manifest.schema.json")
)]
pub struct Manifest {
    /// The manifest format version. Always `1`.
    #[schemars(required, extend("const" = 1, "examples" = [1]))]
    pub version: Lenient<u32>,

    /// How Astro is installed: `hybrid` (the current install, a /20 VPC and an RDS metadata
    /// database you size) or `cross-account-role` (the earlier install, a /19 VPC and no
    /// database type).
    #[schemars(required, extend("examples" = ["hybrid"]))]
    pub install: Lenient<InstallProfile>,

    /// The dedicated AWS account Astro is installed in.
    #[schemars(required)]
    pub account: Lenient<Account>,

    /// The cluster Astro creates in the account.
    #[schemars(required)]
    pub cluster: Lenient<Cluster>,

    /// The Astro organization's short name (as in `<org>.astronomer.run`), for `egress`:
    /// the organization's own domains are checked too.
    #[serde(default)]
    #[schemars(length(min = 1, max = 63), pattern(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"), extend("examples" = ["acme"]))]
    pub organization: Lenient<String>,

    /// VPCs to peer with the cluster VPC, each with the subnet CIDRs to route to and its DNS
    /// servers.
    #[serde(default)]
    #[schemars(extend("default" = []))]
    pub peering: Lenient<Vec<Lenient<Peering>>>,
}

/// The install profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InstallProfile {
    // Variants carry no doc comments, so that the schema is a plain `enum` of names.
    Hybrid,
    CrossAccountRole,
}

impl InstallProfile {
    pub fn as_str(self) -> &'static str {
        match self {
            InstallProfile::Hybrid => "hybrid",
            InstallProfile::CrossAccountRole => "cross-account-role",
        }
    }
}

/// The AWS account.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Account {
    /// The 12-digit AWS account ID, quoted so that YAML keeps leading zeros.
    #[schemars(required, pattern(r"^[0-9]{12}$"), extend("examples" = ["123456789012"]))]
    pub id: Lenient<String>,
}

/// The cluster's settings. Every field but `name` is optional and takes Astronomer's default.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Cluster {
    /// The cluster name: lowercase letters, digits and hyphens, starting with a letter, at most
    /// 63 characters.
    #[schemars(
        required,
        length(min = 1, max = 63),
        pattern(r"^[a-z][a-z0-9-]*$"),
        extend("examples" = ["acme-prod-use1"])
    )]
    pub name: Lenient<String>,

    /// The AWS region of the cluster (one that Astro supports).
    #[serde(default)]
    #[schemars(extend("default" = HYBRID.region, "examples" = ["us-east-1", "eu-west-1"]))]
    pub region: Lenient<String>,

    /// The VPC CIDR, in RFC 1918 space, from /16 to /20 (hybrid) or /19 (cross-account-role).
    /// Default 172.20.0.0/20 (hybrid) or 172.20.0.0/19 (cross-account-role).
    #[serde(default)]
    #[schemars(
        pattern(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$"),
        extend("default" = HYBRID.vpc_cidr, "examples" = ["172.20.0.0/20", "10.100.0.0/19"])
    )]
    pub vpc_cidr: Lenient<String>,

    /// The EC2 instance type of the worker nodes (one that Astro supports).
    #[serde(default)]
    #[schemars(extend("default" = HYBRID.node_instance_type, "examples" = ["m5.xlarge", "m6i.2xlarge"]))]
    pub node_instance_type: Lenient<String>,

    /// The most worker nodes the cluster may scale to.
    #[serde(default)]
    #[schemars(range(min = 1), extend("default" = HYBRID.max_node_count, "examples" = [20]))]
    pub max_node_count: Lenient<u32>,

    /// The RDS instance type of the metadata database (hybrid only).
    #[serde(default)]
    #[schemars(extend("default" = HYBRID.db_instance_type, "examples" = ["db.m6g.large", "db.r6g.xlarge"]))]
    pub db_instance_type: Lenient<String>,
}

/// A VPC to peer with the cluster VPC.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(deny_unknown_fields)]
pub struct Peering {
    /// The VPC ID: `vpc-` and 8 or 17 hexadecimal digits.
    #[schemars(
        required,
        pattern(r"^vpc-([0-9a-f]{8}|[0-9a-f]{17})$"),
        extend("examples" = ["vpc-0a1b2c3d4e5f67890"])
    )]
    pub vpc_id: Lenient<String>,

    /// The region of the VPC.
    #[schemars(required, extend("examples" = ["us-east-1"]))]
    pub region: Lenient<String>,

    /// The 12-digit AWS account that owns the VPC, quoted as `account.id` is. Default: the
    /// cluster's account (`account.id`).
    #[serde(default)]
    #[schemars(pattern(r"^[0-9]{12}$"), extend("examples" = ["210987654321"]))]
    pub account_id: Lenient<String>,

    /// The subnet CIDRs to route to, in RFC 1918 space.
    #[schemars(
        required,
        length(min = 1),
        inner(pattern(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$")),
        extend("examples" = [["10.10.0.0/16"]])
    )]
    pub cidrs: Lenient<Vec<Lenient<String>>>,

    /// The IPv4 addresses of the VPC's DNS servers.
    #[schemars(
        required,
        length(min = 1),
        inner(pattern(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")),
        extend("examples" = [["10.10.0.2"]])
    )]
    pub dns_servers: Lenient<Vec<Lenient<String>>>,
}
