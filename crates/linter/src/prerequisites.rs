//! The prerequisites of Astronomer's install page, as `handoff` reports them: each verified by
//! the rules that name it in their `rule!` declaration (`prerequisite: QUOTAS`), or left to
//! confirm by hand. Which rules verify a prerequisite is derived from those declarations, so a
//! rule added later verifies its prerequisite without a change here.

use astro_preflight_manifest::InstallProfile;

use crate::context::Context;
use crate::registry::{self, Rule};

/// A prerequisite of the install page.
pub struct Prerequisite {
    /// Its ID in the hand-off JSON.
    pub id: &'static str,
    pub title: &'static str,
    /// What to do by hand when its rules do not (all) run.
    pub by_hand: &'static str,
    /// Whether it concerns this manifest.
    pub applies: fn(&Context<'_>) -> bool,
}

impl Prerequisite {
    /// The rules that verify it, in the registry's order.
    pub fn rules(&'static self) -> impl Iterator<Item = &'static Rule> {
        registry::all()
            .iter()
            .copied()
            .filter(move |r| r.prerequisite.is_some_and(|p| std::ptr::eq(p, self)))
    }
}

impl std::fmt::Debug for Prerequisite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

fn always(_: &Context<'_>) -> bool {
    true
}

pub static DEDICATED_ACCOUNT: Prerequisite = Prerequisite {
    id: "dedicated-account",
    title: "A dedicated AWS account without existing infrastructure",
    by_hand: "confirm that the account is new and holds no other infrastructure (or run with --online)",
    applies: always,
};

pub static QUOTAS: Prerequisite = Prerequisite {
    id: "quotas",
    title: "EC2 quotas of at least 40 vCPUs (Standard On-Demand and Spot)",
    by_hand: "check L-1216C47A and L-34B43A08 in Service Quotas (or run with --online)",
    applies: always,
};

pub static REGION: Prerequisite = Prerequisite {
    id: "region",
    title: "A region Astro supports, enabled in the account",
    by_hand: "confirm that the region is enabled in the account (or run with --online)",
    applies: always,
};

pub static NODE_INSTANCE_TYPE: Prerequisite = Prerequisite {
    id: "node-instance-type",
    title: "A node instance type Astro supports, offered in the region",
    by_hand: "confirm that the type is offered in at least 2 availability zones (or run with --online)",
    applies: always,
};

pub static DB_INSTANCE_TYPE: Prerequisite = Prerequisite {
    id: "db-instance-type",
    title: "An RDS instance type Astro supports",
    by_hand: "confirm the RDS instance type with Astronomer",
    applies: |cx| cx.profile == Some(InstallProfile::Hybrid),
};

pub static VPC_CIDR: Prerequisite = Prerequisite {
    id: "vpc-cidr",
    title: "A private VPC CIDR of the profile's size",
    by_hand: "confirm the VPC CIDR",
    applies: always,
};

pub static PEERING: Prerequisite = Prerequisite {
    id: "peering",
    title: "VPC peering: no overlapping CIDRs, DNS servers inside the peered networks, the VPCs exist",
    by_hand: "confirm that the peered VPCs exist and their CIDRs do not overlap the cluster's (or run with --online)",
    applies: |cx| !cx.peering.is_empty(),
};

pub static CROSS_ACCOUNT_ROLE: Prerequisite = Prerequisite {
    id: "cross-account-role",
    title: "The cross-account role (CloudFormation stack AstroCrossAccountRole, with the external ID from the Cloud UI)",
    by_hand: "create the AstroCrossAccountRole stack with admin access to CloudFormation and the external ID from the Cloud UI",
    applies: always,
};

pub static ALLOWLIST: Prerequisite = Prerequisite {
    id: "allowlist",
    title: "Astronomer's domains allowlisted for every user and CI/CD environment",
    by_hand: "run `astro-preflight egress` from each network that will use Astro",
    applies: always,
};

pub static STATUS_PAGE: Prerequisite = Prerequisite {
    id: "status-page",
    title: "A subscription to the Astro status page (https://status.astronomer.io/)",
    by_hand: "subscribe to https://status.astronomer.io/",
    applies: always,
};

/// Every prerequisite, in the install page's order.
pub static ALL: &[&Prerequisite] = &[
    &DEDICATED_ACCOUNT,
    &QUOTAS,
    &REGION,
    &NODE_INSTANCE_TYPE,
    &DB_INSTANCE_TYPE,
    &VPC_CIDR,
    &PEERING,
    &CROSS_ACCOUNT_ROLE,
    &ALLOWLIST,
    &STATUS_PAGE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::RuleKind;

    #[test]
    fn every_prerequisite_a_rule_names_is_listed_and_ids_are_unique() {
        for rule in registry::all() {
            if let Some(p) = rule.prerequisite {
                assert!(ALL.iter().any(|q| std::ptr::eq(*q, p)), "{rule}: {p:?}");
                assert_ne!(rule.kind, RuleKind::Engine, "{rule}");
            }
        }
        let mut ids: Vec<&str> = ALL.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }

    #[test]
    fn what_is_left_by_hand_says_how_to_check_it_online_when_online_rules_verify_it() {
        for p in ALL {
            let online = p.rules().any(|r| r.kind == RuleKind::Online);
            let offline = p.rules().any(|r| r.kind == RuleKind::Offline);
            // Verified offline only: nothing to gather. Online rules: --online would verify it.
            if online && offline {
                assert!(p.by_hand.contains("--online"), "{p:?}");
            }
        }
    }
}
