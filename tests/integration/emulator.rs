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

/// The text of the first `<tag>` element.
fn xml_value(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find('<')?;
    Some(xml[start..end].to_owned())
}
