//! AWS accounts of their own in the local AWS emulator (crate `astro-preflight-emulator`), for
//! end-to-end tests of the binary's online path.
//!
//! One emulator serves every test of this binary ([`Emulator::shared`]); each test works in an
//! AWS account of its own ([`Account`]), with its own resources, scenario and call log, so tests
//! run in parallel without meeting. When the emulator cannot start, the tests fail and say why:
//! they are never skipped.
//!
//! Resources (VPCs, instances) are created with plain EC2 Query requests: moto does not verify
//! signatures, it only reads the access key (hence the account) and the region from the
//! `Authorization` header's credential scope.

use astro_preflight_emulator::Credentials;
pub use astro_preflight_emulator::{Emulator, SilentListener, refused_url};
use serde_json::Value;

/// An AWS account of its own in the shared emulator, with temporary credentials for it.
pub struct Account {
    pub emulator: &'static Emulator,
    pub id: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// How many calls of the account's log were its set-up in [`Account::new`]: [`Account::calls`]
    /// leaves them out.
    set_up_calls: usize,
}

/// The external ID of the role every [`Account::new`] has.
pub const EXTERNAL_ID: &str = "astro-test-external-id-7f3a9c";

impl Account {
    /// A fresh account, never used by another test of this process, ready for Astro: the
    /// cross-account role as the template makes it (trusting Astronomer with [`EXTERNAL_ID`],
    /// its managed policy allowing the `account:` actions of opt-in regions) and version 2 STS
    /// tokens. Nothing else: no trail, so `role-changes-unmonitored` (info) fires.
    pub fn new() -> Account {
        let mut account = Account::bare();
        let setup = account.setup();
        setup.astronomer_role(EXTERNAL_ID, true);
        setup.token_version(2);
        account.set_up_calls = account.emulator.calls(Some(&account.id)).len();
        account
    }

    /// Set-up calls in this account through the normal AWS APIs.
    pub fn setup(&self) -> astro_preflight_emulator::setup::Setup<'_> {
        astro_preflight_emulator::setup::Setup {
            emulator: self.emulator,
            account_id: &self.id,
            access_key_id: &self.access_key_id,
            session_token: &self.session_token,
        }
    }

    /// A fresh account with nothing in it (no cross-account role).
    pub fn bare() -> Account {
        let emulator = Emulator::shared();
        // 8... : distinct from the accounts of the other test binaries' conventions.
        let (
            id,
            Credentials {
                access_key_id,
                secret_access_key,
                session_token,
            },
        ) = emulator.fresh_account('8');
        Account {
            emulator,
            id,
            access_key_id,
            secret_access_key,
            session_token,
            set_up_calls: 0,
        }
    }

    /// Merges `scenario` into this account's scenario (see `tests/emulator/server.py`).
    pub fn scenario(&self, mut scenario: Value) {
        scenario["account"] = Value::String(self.id.clone());
        self.emulator.scenario(scenario);
    }

    /// The IAM actions this account's credentials called (after its set-up by
    /// [`Account::new`]), oldest first, with their regions.
    pub fn calls(&self) -> Vec<(String, String)> {
        self.emulator
            .calls(Some(&self.id))
            .iter()
            .skip(self.set_up_calls)
            .map(|c| {
                (
                    c["action"].as_str().unwrap_or_default().to_owned(),
                    c["region"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// An EC2 Query API call in `region` with this account's credentials (set-up, not the code
    /// under test); the XML response. Panics unless the call succeeds.
    pub fn ec2(&self, region: &str, params: &[(&str, &str)]) -> String {
        self.setup().query("ec2", "2016-11-15", region, params)
    }

    /// Creates a VPC (set-up) and returns its ID.
    pub fn create_vpc(&self, region: &str, cidr: &str) -> String {
        let xml = self.ec2(region, &[("Action", "CreateVpc"), ("CidrBlock", cidr)]);
        xml_value(&xml, "vpcId").unwrap_or_else(|| panic!("no vpcId in {xml}"))
    }

    /// Associates a secondary IPv4 CIDR block with a VPC (set-up).
    pub fn associate_cidr(&self, region: &str, vpc_id: &str, cidr: &str) {
        let xml = self.ec2(
            region,
            &[
                ("Action", "AssociateVpcCidrBlock"),
                ("VpcId", vpc_id),
                ("CidrBlock", cidr),
            ],
        );
        assert!(xml.contains(cidr), "{xml}");
    }

    /// Runs a t3.micro instance (set-up) and returns its ID.
    pub fn run_instance(&self, region: &str) -> String {
        let images = self.ec2(
            region,
            &[("Action", "DescribeImages"), ("Owner.1", "amazon")],
        );
        let image = xml_value(&images, "imageId").unwrap_or_else(|| panic!("no image in {region}"));
        let xml = self.ec2(
            region,
            &[
                ("Action", "RunInstances"),
                ("ImageId", &image),
                ("InstanceType", "t3.micro"),
                ("MinCount", "1"),
                ("MaxCount", "1"),
            ],
        );
        xml_value(&xml, "instanceId").unwrap_or_else(|| panic!("no instanceId in {xml}"))
    }
}

/// A peer VPC's network, built with the normal EC2 calls (set-up): the VPC, one subnet, a
/// security group, and the VPC's main route table and default network ACL.
pub struct PeerNet {
    pub region: String,
    pub vpc: String,
    pub subnet: String,
    pub main_table: String,
    pub default_acl: String,
}

impl Account {
    /// A VPC with one subnet (the VPC's first /24), and its main route table and default
    /// network ACL (set-up).
    pub fn peer_net(&self, region: &str, cidr: &str) -> PeerNet {
        let vpc = self.create_vpc(region, cidr);
        let subnet_cidr = cidr.replacen(".0.0/16", ".1.0/24", 1);
        let xml = self.ec2(
            region,
            &[
                ("Action", "CreateSubnet"),
                ("VpcId", &vpc),
                ("CidrBlock", &subnet_cidr),
            ],
        );
        let subnet = xml_value(&xml, "subnetId").unwrap_or_else(|| panic!("no subnetId in {xml}"));
        let xml = self.ec2(
            region,
            &[
                ("Action", "DescribeRouteTables"),
                ("Filter.1.Name", "vpc-id"),
                ("Filter.1.Value.1", &vpc),
                ("Filter.2.Name", "association.main"),
                ("Filter.2.Value.1", "true"),
            ],
        );
        let main_table =
            xml_value(&xml, "routeTableId").unwrap_or_else(|| panic!("no main table in {xml}"));
        let xml = self.ec2(
            region,
            &[
                ("Action", "DescribeNetworkAcls"),
                ("Filter.1.Name", "vpc-id"),
                ("Filter.1.Value.1", &vpc),
                ("Filter.2.Name", "default"),
                ("Filter.2.Value.1", "true"),
            ],
        );
        let default_acl =
            xml_value(&xml, "networkAclId").unwrap_or_else(|| panic!("no default ACL in {xml}"));
        PeerNet {
            region: region.to_owned(),
            vpc,
            subnet,
            main_table,
            default_acl,
        }
    }

    /// Requests a peering connection from this account's `vpc` in `region` to a VPC of
    /// `peer_account` in `peer_region` (set-up); its ID.
    pub fn request_peering(
        &self,
        region: &str,
        vpc: &str,
        peer_account: &str,
        peer: &PeerNet,
    ) -> String {
        let xml = self.ec2(
            region,
            &[
                ("Action", "CreateVpcPeeringConnection"),
                ("VpcId", vpc),
                ("PeerVpcId", &peer.vpc),
                ("PeerOwnerId", peer_account),
                ("PeerRegion", &peer.region),
            ],
        );
        xml_value(&xml, "vpcPeeringConnectionId").unwrap_or_else(|| panic!("no pcx in {xml}"))
    }

    /// Accepts a peering connection in `region` (set-up, as the accepter's account).
    pub fn accept_peering(&self, region: &str, pcx: &str) {
        self.ec2(
            region,
            &[
                ("Action", "AcceptVpcPeeringConnection"),
                ("VpcPeeringConnectionId", pcx),
            ],
        );
    }

    /// Turns on the requester's `AllowDnsResolutionFromRemoteVpc` (set-up, as the requester).
    pub fn allow_dns_resolution(&self, region: &str, pcx: &str) {
        self.ec2(
            region,
            &[
                ("Action", "ModifyVpcPeeringConnectionOptions"),
                ("VpcPeeringConnectionId", pcx),
                (
                    "RequesterPeeringConnectionOptions.AllowDnsResolutionFromRemoteVpc",
                    "true",
                ),
            ],
        );
    }

    /// A route in a route table to `cidr` through `target` (`pcx-`, `igw-`...; set-up).
    pub fn create_route(&self, region: &str, table: &str, cidr: &str, target: &str) {
        let kind = if target.starts_with("pcx-") {
            "VpcPeeringConnectionId"
        } else {
            "GatewayId"
        };
        self.ec2(
            region,
            &[
                ("Action", "CreateRoute"),
                ("RouteTableId", table),
                ("DestinationCidrBlock", cidr),
                (kind, target),
            ],
        );
    }

    /// An internet gateway attached to `vpc` (set-up); its ID.
    pub fn internet_gateway(&self, region: &str, vpc: &str) -> String {
        let xml = self.ec2(region, &[("Action", "CreateInternetGateway")]);
        let igw = xml_value(&xml, "internetGatewayId").unwrap_or_else(|| panic!("no igw in {xml}"));
        self.ec2(
            region,
            &[
                ("Action", "AttachInternetGateway"),
                ("InternetGatewayId", &igw),
                ("VpcId", vpc),
            ],
        );
        igw
    }

    /// A network ACL entry (set-up): `egress`, `allow` or deny, all protocols.
    pub fn acl_entry(
        &self,
        region: &str,
        acl: &str,
        number: u32,
        egress: bool,
        allow: bool,
        cidr: &str,
    ) {
        self.ec2(
            region,
            &[
                ("Action", "CreateNetworkAclEntry"),
                ("NetworkAclId", acl),
                ("RuleNumber", &number.to_string()),
                ("Protocol", "-1"),
                ("RuleAction", if allow { "allow" } else { "deny" }),
                ("Egress", if egress { "true" } else { "false" }),
                ("CidrBlock", cidr),
            ],
        );
    }

    /// A security group in `vpc` admitting TCP 443 from `cidr` (set-up); its ID.
    pub fn security_group(&self, region: &str, vpc: &str, cidr: &str) -> String {
        let xml = self.ec2(
            region,
            &[
                ("Action", "CreateSecurityGroup"),
                (
                    "GroupName",
                    &format!("app-{}", cidr.replace(['.', '/'], "-")),
                ),
                ("GroupDescription", "app"),
                ("VpcId", vpc),
            ],
        );
        let group = xml_value(&xml, "groupId").unwrap_or_else(|| panic!("no groupId in {xml}"));
        self.ec2(
            region,
            &[
                ("Action", "AuthorizeSecurityGroupIngress"),
                ("GroupId", &group),
                ("IpPermissions.1.IpProtocol", "tcp"),
                ("IpPermissions.1.FromPort", "443"),
                ("IpPermissions.1.ToPort", "443"),
                ("IpPermissions.1.IpRanges.1.CidrIp", cidr),
            ],
        );
        group
    }
}

/// The text of the first `<tag>` element.
fn xml_value(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find('<')?;
    Some(xml[start..end].to_owned())
}
