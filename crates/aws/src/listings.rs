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
/// every page, each waiting for the region's rate limit: each resource's primary identifier.
/// Cloud Control calls the type's own list handler with the caller's credentials, so a denial
/// of the type's permission (the fact's second action) is reported under that action. KMS keys
/// that AWS manages, or that are pending deletion, are not the account's own.
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
        ids(
            &mut found,
            page.resource_descriptions()
                .iter()
                .filter(|r| own(kind, r.properties()))
                .filter_map(|r| r.identifier()),
        );
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

/// Whether a resource Cloud Control lists is the account's own: not a KMS key AWS manages or
/// one pending deletion (from its properties, when Cloud Control gives them).
fn own(kind: &str, properties: Option<&str>) -> bool {
    if kind != "AWS::KMS::Key" {
        return true;
    }
    let Some(props) = properties.and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
    else {
        return true;
    };
    let field = |name: &str| props.get(name).and_then(|v| v.as_str()).unwrap_or_default();
    field("KeyManager") != "AWS"
        && !matches!(
            field("KeyState"),
            "PendingDeletion" | "PendingReplicaDeletion"
        )
}

// ---- Load balancers, EKS, RDS, Lambda, CloudFormation ----------------------------------------

/// `elasticloadbalancing:DescribeLoadBalancers` (v2): application, network and gateway load
/// balancers, by name.
pub(crate) async fn elbv2_load_balancers(cx: &ListingCx<'_>) -> Found {
    let (elbv2, budget) = (
        cx.client::<aws_sdk_elasticloadbalancingv2::Client>(),
        cx.budget,
    );
    let action = actions::ELB_DESCRIBE_LOAD_BALANCERS;
    let mut found = Vec::new();
    let pages = elbv2.describe_load_balancers().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.load_balancers()
                .iter()
                .filter_map(|lb| lb.load_balancer_name().or(lb.load_balancer_arn())),
        );
    })?;
    Ok(found)
}

/// `elasticloadbalancing:DescribeLoadBalancers` (classic), by name.
pub(crate) async fn elb_classic_load_balancers(cx: &ListingCx<'_>) -> Found {
    let (elb, budget) = (
        cx.client::<aws_sdk_elasticloadbalancing::Client>(),
        cx.budget,
    );
    let action = actions::ELB_DESCRIBE_LOAD_BALANCERS;
    let mut found = Vec::new();
    let pages = elb.describe_load_balancers().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.load_balancer_descriptions()
                .iter()
                .filter_map(|lb| lb.load_balancer_name()),
        );
    })?;
    Ok(found)
}

/// `eks:ListClusters`: cluster names.
pub(crate) async fn eks_clusters(cx: &ListingCx<'_>) -> Found {
    let (eks, budget) = (cx.client::<aws_sdk_eks::Client>(), cx.budget);
    let action = actions::EKS_LIST_CLUSTERS;
    let mut found = Vec::new();
    let pages = eks.list_clusters().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(&mut found, page.clusters().iter().map(String::as_str));
    })?;
    Ok(found)
}

/// `rds:DescribeDBInstances`: DB instance identifiers (RDS, Aurora, Neptune, DocumentDB).
pub(crate) async fn rds_db_instances(cx: &ListingCx<'_>) -> Found {
    let (rds, budget) = (cx.client::<aws_sdk_rds::Client>(), cx.budget);
    let action = actions::RDS_DESCRIBE_DB_INSTANCES;
    let mut found = Vec::new();
    let pages = rds.describe_db_instances().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.db_instances()
                .iter()
                .filter_map(|db| db.db_instance_identifier()),
        );
    })?;
    Ok(found)
}

/// `rds:DescribeDBClusters`: DB cluster identifiers.
pub(crate) async fn rds_db_clusters(cx: &ListingCx<'_>) -> Found {
    let (rds, budget) = (cx.client::<aws_sdk_rds::Client>(), cx.budget);
    let action = actions::RDS_DESCRIBE_DB_CLUSTERS;
    let mut found = Vec::new();
    let pages = rds.describe_db_clusters().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.db_clusters()
                .iter()
                .filter_map(|db| db.db_cluster_identifier()),
        );
    })?;
    Ok(found)
}

/// `lambda:ListFunctions`: function names.
pub(crate) async fn lambda_functions(cx: &ListingCx<'_>) -> Found {
    let (lambda, budget) = (cx.client::<aws_sdk_lambda::Client>(), cx.budget);
    let action = actions::LAMBDA_LIST_FUNCTIONS;
    let mut found = Vec::new();
    let pages = lambda.list_functions().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.functions().iter().filter_map(|f| f.function_name()),
        );
    })?;
    Ok(found)
}

/// `cloudformation:ListStacks`: stacks in every status but `DELETE_COMPLETE`, by name.
pub(crate) async fn cloudformation_stacks(cx: &ListingCx<'_>) -> Found {
    let (cloudformation, budget) = (cx.client::<aws_sdk_cloudformation::Client>(), cx.budget);
    use aws_sdk_cloudformation::types::StackStatus;

    let action = actions::CLOUDFORMATION_LIST_STACKS;
    let mut request = cloudformation.list_stacks();
    for status in StackStatus::values()
        .iter()
        .filter(|s| **s != StackStatus::DeleteComplete.as_str())
    {
        request = request.stack_status_filter(StackStatus::from(*status));
    }
    let mut found = Vec::new();
    let pages = request.into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.stack_summaries()
                .iter()
                .filter(|s| s.stack_status() != Some(&StackStatus::DeleteComplete))
                .filter_map(|s| s.stack_name()),
        );
    })?;
    Ok(found)
}

// ---- Global: S3, IAM -----------------------------------------------------------------------

/// `s3:ListAllMyBuckets` (the `ListBuckets` operation): every bucket, of every region.
pub(crate) async fn s3_buckets(cx: &ListingCx<'_>) -> Found {
    let (s3, budget) = (cx.client::<aws_sdk_s3::Client>(), cx.budget);
    let action = actions::S3_LIST_ALL_MY_BUCKETS;
    let mut found = Vec::new();
    let pages = s3.list_buckets().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(&mut found, page.buckets().iter().filter_map(|b| b.name()));
    })?;
    Ok(found)
}

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
