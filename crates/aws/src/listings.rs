//! The listings of the whole-account inventory, one function per kind of resource: the AWS
//! calls that list it (every page) and what of the answer is kept. Which fact each one gathers
//! is chosen in `gatherers.rs`; `inventory.rs` runs them in each enabled region (or once, for a
//! global service) and turns what they found into the fact's resources.
//!
//! Every call names its IAM action with a constant of `astro_preflight_facts::actions` and goes
//! through [`Budget::call`] (each page of a paginated listing is one call); a failure is the
//! listing's error, with that action: a listing that could not run is never an empty one.

use astro_preflight_facts::inventory::GLOBAL;
use astro_preflight_facts::registry::FactDecl;
use astro_preflight_facts::{FactError, actions};

use crate::budget::Budget;
use crate::sdk::{Client, Clients, each_page, filter};

/// What a listing is given.
pub(crate) struct ListingCx<'a> {
    /// The clients of the account.
    pub(crate) clients: &'a Clients,
    pub(crate) budget: &'a Budget,
    /// The account whose resources are listed (VPCs shared into it by others are not its own).
    pub(crate) account_id: &'a str,
    /// The region listed, or [`GLOBAL`] for a global service (listed from the home region).
    pub(crate) region: &'a str,
    /// The fact listed (its CloudFormation type, for Cloud Control).
    pub(crate) decl: &'static FactDecl,
}

impl ListingCx<'_> {
    /// The client of `C` in the listed region (the home region for a global listing).
    fn client<C: Client>(&self) -> C {
        if self.region == GLOBAL {
            self.clients.home()
        } else {
            self.clients.in_region(self.region)
        }
    }
}

/// What a listing finds: each resource's ID and, for IAM, its path.
pub(crate) type Found = Result<Vec<(String, Option<String>)>, FactError>;

fn ids<'a>(found: &mut Vec<(String, Option<String>)>, ids: impl IntoIterator<Item = &'a str>) {
    found.extend(ids.into_iter().map(|id| (id.to_owned(), None)));
}

/// The instance states that are not terminated.
const LIVE_INSTANCE_STATES: [&str; 5] =
    ["pending", "running", "shutting-down", "stopping", "stopped"];

// ---- EC2 ------------------------------------------------------------------------------------

/// `ec2:DescribeInstances`: every instance that is not terminated.
pub(crate) async fn ec2_instances(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_INSTANCES;
    let mut found = Vec::new();
    let pages = ec2
        .describe_instances()
        .filters(filter("instance-state-name", LIVE_INSTANCE_STATES))
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.reservations()
                .iter()
                .flat_map(|r| r.instances())
                .filter(|i| {
                    i.state()
                        .and_then(|s| s.name())
                        .is_none_or(|n| n.as_str() != "terminated")
                })
                .filter_map(|i| i.instance_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeVpcs` (`is-default=false`): the VPCs the account owns, but its default VPC.
pub(crate) async fn ec2_vpcs(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget, account) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget, cx.account_id);
    let action = actions::EC2_DESCRIBE_VPCS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_vpcs()
        .filters(filter("is-default", ["false"]))
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.vpcs()
                .iter()
                .filter(|v| v.is_default() != Some(true))
                // A VPC shared into the account (AWS RAM) belongs to its owner.
                .filter(|v| v.owner_id().is_none_or(|owner| owner == account))
                .filter_map(|v| v.vpc_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeNatGateways`: every NAT gateway that is not deleted or being deleted.
pub(crate) async fn ec2_nat_gateways(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_NAT_GATEWAYS;
    let mut found = Vec::new();
    let pages = ec2.describe_nat_gateways().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.nat_gateways()
                .iter()
                .filter(|n| {
                    n.state()
                        .is_none_or(|s| !matches!(s.as_str(), "deleted" | "deleting"))
                })
                .filter_map(|n| n.nat_gateway_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeAddresses` (not paginated): every Elastic IP, by allocation ID (else address).
pub(crate) async fn ec2_elastic_ips(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_ADDRESSES;
    let out = budget
        .call(ec2.describe_addresses().send())
        .await
        .map_err(|err| err.into_fact_error(action))?;
    let mut found = Vec::new();
    ids(
        &mut found,
        out.addresses()
            .iter()
            .filter_map(|a| a.allocation_id().or(a.public_ip())),
    );
    Ok(found)
}

/// The peering connection states that count: active or on the way to it.
const LIVE_PEERING_STATES: [&str; 3] = ["active", "pending-acceptance", "provisioning"];

/// `ec2:DescribeVpcPeeringConnections`: active, pending-acceptance and provisioning ones.
pub(crate) async fn ec2_peering_connections(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_VPC_PEERING_CONNECTIONS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_vpc_peering_connections()
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.vpc_peering_connections()
                .iter()
                .filter(|p| {
                    p.status()
                        .and_then(|s| s.code())
                        .is_some_and(|c| LIVE_PEERING_STATES.contains(&c.as_str()))
                })
                .filter_map(|p| p.vpc_peering_connection_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeTransitGatewayAttachments`: every attachment that is not deleted.
pub(crate) async fn ec2_tgw_attachments(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_transit_gateway_attachments()
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.transit_gateway_attachments()
                .iter()
                .filter(|a| a.state().is_none_or(|s| s.as_str() != "deleted"))
                .filter_map(|a| a.transit_gateway_attachment_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeTransitGateways`: every transit gateway that is not deleted or being deleted.
pub(crate) async fn ec2_transit_gateways(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget, account) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget, cx.account_id);
    let action = actions::EC2_DESCRIBE_TRANSIT_GATEWAYS;
    let mut found = Vec::new();
    let pages = ec2.describe_transit_gateways().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.transit_gateways()
                .iter()
                .filter(|t| {
                    t.state()
                        .is_none_or(|s| !matches!(s.as_str(), "deleted" | "deleting"))
                })
                // A transit gateway shared into the account (AWS RAM) belongs to its owner.
                .filter(|t| t.owner_id().is_none_or(|owner| owner == account))
                .filter_map(|t| t.transit_gateway_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeVpnConnections` (not paginated): every Site-to-Site VPN connection that is not
/// deleted or being deleted.
pub(crate) async fn ec2_vpn_connections(cx: &ListingCx<'_>) -> Found {
    let (ec2, budget) = (cx.client::<aws_sdk_ec2::Client>(), cx.budget);
    let action = actions::EC2_DESCRIBE_VPN_CONNECTIONS;
    let out = budget
        .call(ec2.describe_vpn_connections().send())
        .await
        .map_err(|err| err.into_fact_error(action))?;
    let mut found = Vec::new();
    ids(
        &mut found,
        out.vpn_connections()
            .iter()
            .filter(|v| {
                v.state()
                    .is_none_or(|s| !matches!(s.as_str(), "deleted" | "deleting"))
            })
            .filter_map(|v| v.vpn_connection_id()),
    );
    Ok(found)
}

// ---- Cloud Control ---------------------------------------------------------------------------

/// `cloudformation:ListResources` of the fact's CloudFormation type (AWS Cloud Control API),
/// every page, each waiting for the region's rate limit: each resource by the name
/// [`listed_name`] gives it. Cloud Control calls the type's own list handler with the caller's
/// credentials, so a denial of the type's permission (the fact's second action) is reported
/// under that action.
pub(crate) async fn cloud_control(cx: &ListingCx<'_>) -> Found {
    let (cloudcontrol, budget) = (cx.client::<aws_sdk_cloudcontrol::Client>(), cx.budget);
    let kind = cx.decl.resource_type.unwrap_or_default();
    let action = actions::CLOUDFORMATION_LIST_RESOURCES;
    let limit = cx.clients.cloud_control_limit(cx.region);
    let mut found = Vec::new();
    let mut next: Option<String> = None;
    loop {
        limit.acquire().await;
        let page = budget
            .call(
                cloudcontrol
                    .list_resources()
                    .type_name(kind)
                    .set_next_token(next.take())
                    .send(),
            )
            .await
            .map_err(|err| type_action(cx.decl, err.into_fact_error(action)))?;
        found.extend(page.resource_descriptions().iter().filter_map(|r| {
            let name = listed_name(kind, r.identifier()?, r.properties())?;
            Some((name, None))
        }));
        match page.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_owned()),
            _ => break,
        }
    }
    Ok(found)
}

/// The error under the type's own permission when the service names it.
fn type_action(decl: &FactDecl, mut error: FactError) -> FactError {
    if let Some(own) = decl.actions[1..]
        .iter()
        .find(|a| error.message.contains(**a))
    {
        error.action = (*own).to_owned();
    }
    error
}

/// What the inventory counts of a resource Cloud Control lists: the name diagnostics know it
/// by (the one its service's own API and console show), or `None` when it is not the
/// account's own or not live. Cloud Control answers each resource's primary identifier (from
/// the type's resource schema, `primaryIdentifier`) and, for some types, the properties its
/// list handler filled in. The primary identifier is the name but for:
///
/// - `AWS::CloudFormation::Stack`: the stack ID, an ARN
///   (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`); its list handler leaves
///   out `DELETE_COMPLETE` stacks, and one whose listed `StackStatus` says so is left out here.
/// - `AWS::ElasticLoadBalancingV2::LoadBalancer`: the load balancer's ARN
///   (`arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/<app|net|gwy>/<name>/<id>`).
/// - `AWS::KMS::Key`: a key AWS manages, or one pending deletion, is not the account's own.
///
/// A name given in the properties wins; an identifier that is not the expected ARN is kept
/// as it is (a resource is never dropped for its shape).
pub(crate) fn listed_name(
    kind: &str,
    identifier: &str,
    properties: Option<&str>,
) -> Option<String> {
    let props = properties.and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok());
    let field = |name: &str| props.as_ref()?.get(name)?.as_str();
    let name = match kind {
        "AWS::CloudFormation::Stack" => {
            if field("StackStatus") == Some("DELETE_COMPLETE") {
                return None;
            }
            field("StackName").or_else(|| arn_resource_part(identifier, "stack", 1))
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
            field("LoadBalancerName").or_else(|| arn_resource_part(identifier, "loadbalancer", 2))
        }
        "AWS::KMS::Key"
            if field("KeyManager") == Some("AWS")
                || matches!(
                    field("KeyState"),
                    Some("PendingDeletion" | "PendingReplicaDeletion")
                ) =>
        {
            return None;
        }
        _ => None,
    };
    Some(name.unwrap_or(identifier).to_owned())
}

/// The `n`th `/`-separated part of an ARN's resource (`<kind>/...`), when the resource is of
/// `kind` and that part is not empty.
fn arn_resource_part<'a>(arn: &'a str, kind: &str, n: usize) -> Option<&'a str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let mut parts = resource.split('/');
    if parts.next()? != kind {
        return None;
    }
    parts.nth(n - 1).filter(|part| !part.is_empty())
}

// ---- Global: IAM ---------------------------------------------------------------------------

/// `iam:ListUsers`: user names, with their paths.
pub(crate) async fn iam_users(cx: &ListingCx<'_>) -> Found {
    let (iam, budget) = (cx.client::<aws_sdk_iam::Client>(), cx.budget);
    let action = actions::IAM_LIST_USERS;
    let mut found = Vec::new();
    let pages = iam.list_users().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        found.extend(
            page.users()
                .iter()
                .map(|u| (u.user_name().to_owned(), Some(u.path().to_owned()))),
        );
    })?;
    Ok(found)
}

/// `iam:ListRoles`: role names, with their paths (`/aws-service-role/`...).
pub(crate) async fn iam_roles(cx: &ListingCx<'_>) -> Found {
    let (iam, budget) = (cx.client::<aws_sdk_iam::Client>(), cx.budget);
    let action = actions::IAM_LIST_ROLES;
    let mut found = Vec::new();
    let pages = iam.list_roles().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        found.extend(
            page.roles()
                .iter()
                .map(|r| (r.role_name().to_owned(), Some(r.path().to_owned()))),
        );
    })?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_is_named_by_its_name_and_a_deleted_one_is_not_listed() {
        let id = "arn:aws:cloudformation:us-east-1:123456789012:stack/StackSet-AWSControlTowerBP-BASELINE-ROLES-1a2b/8f3c1e20-0dff-11ef-9c1a-0a1b2c3d4e5f";
        let stack = |props: Option<&str>| listed_name("AWS::CloudFormation::Stack", id, props);
        assert_eq!(
            stack(None).as_deref(),
            Some("StackSet-AWSControlTowerBP-BASELINE-ROLES-1a2b")
        );
        // What the stack type's list handler fills in: the IDs, no name or status.
        let listed = format!(r#"{{"StackId":"{id}"}}"#);
        assert_eq!(
            stack(Some(&listed)).as_deref(),
            Some("StackSet-AWSControlTowerBP-BASELINE-ROLES-1a2b")
        );
        assert_eq!(
            stack(Some(
                r#"{"StackName":"CDKToolkit","StackStatus":"UPDATE_COMPLETE"}"#
            ))
            .as_deref(),
            Some("CDKToolkit")
        );
        assert_eq!(stack(Some(r#"{"StackStatus":"DELETE_COMPLETE"}"#)), None);
    }

    #[test]
    fn a_v2_load_balancer_is_named_by_its_name() {
        let kind = "AWS::ElasticLoadBalancingV2::LoadBalancer";
        for (arn, name) in [
            (
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
                "web",
            ),
            (
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb-1/0123456789abcdef",
                "nlb-1",
            ),
            (
                "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/gwy/gw/0123",
                "gw",
            ),
        ] {
            assert_eq!(listed_name(kind, arn, None).as_deref(), Some(name));
        }
        assert_eq!(
            listed_name(kind, "arn:x", Some(r#"{"LoadBalancerName":"alb"}"#)).as_deref(),
            Some("alb")
        );
        // Never dropped for its shape.
        assert_eq!(
            listed_name(kind, "not-an-arn", None).as_deref(),
            Some("not-an-arn")
        );
    }

    #[test]
    fn other_types_are_named_by_their_identifier() {
        for kind in [
            "AWS::S3::Bucket",
            "AWS::EKS::Cluster",
            "AWS::RDS::DBInstance",
            "AWS::RDS::DBCluster",
            "AWS::Lambda::Function",
            "AWS::ElasticLoadBalancing::LoadBalancer",
        ] {
            assert_eq!(
                listed_name(kind, "my-name", Some("{}")).as_deref(),
                Some("my-name")
            );
        }
    }

    #[test]
    fn kms_keys_of_aws_or_pending_deletion_are_not_the_accounts() {
        let key = |props: &str| listed_name("AWS::KMS::Key", "k-1", Some(props));
        assert_eq!(key(r#"{"KeyManager":"CUSTOMER"}"#).as_deref(), Some("k-1"));
        assert_eq!(key(r#"{"KeyManager":"AWS"}"#), None);
        assert_eq!(key(r#"{"KeyState":"PendingDeletion"}"#), None);
        assert_eq!(
            listed_name("AWS::KMS::Key", "k-1", None).as_deref(),
            Some("k-1")
        );
    }
}
