use crate::context::{Context, Emitter, ACCOUNT_ID};
use crate::registry::rule;

use super::region_name;

/// How many resources a message names before "and N more".
const NAMED: usize = 3;

rule! {
    /// The account is not empty: it has non-default VPCs or non-terminated EC2 instances.
    ///
    /// ## What it checks
    ///
    /// In the cluster's region: `ec2:DescribeVpcs` (is-default = false) and
    /// `ec2:DescribeInstances` (every state but terminated). The default VPC is allowed.
    ///
    /// ## Why
    ///
    /// "For security reasons, AWS accounts with existing infrastructure aren't supported":
    /// Astro needs an account dedicated to it.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (a dedicated account); what counts as
    /// existing infrastructure is inferred.
    id: "account-not-empty",
    severity: Error,
    kind: Online,
    check: check,
}

fn names(items: &[String]) -> String {
    let mut s = items.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > NAMED {
        s.push_str(&format!(" and {} more", items.len() - NAMED));
    }
    s
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(facts) = cx.facts else { return };
    let vpcs = facts.non_default_vpcs.value().cloned().unwrap_or_default();
    let instances: Vec<String> = facts
        .instances
        .value()
        .map(|list| list.iter().map(|i| format!("{} ({})", i.id, i.state)).collect())
        .unwrap_or_default();
    let mut found = Vec::new();
    if !vpcs.is_empty() {
        found.push(format!("{} non-default VPC{}: {}", vpcs.len(), if vpcs.len() == 1 { "" } else { "s" }, names(&vpcs)));
    }
    if !instances.is_empty() {
        found.push(format!("{} instance{}: {}", instances.len(), if instances.len() == 1 { "" } else { "s" }, names(&instances)));
    }
    if found.is_empty() {
        return;
    }
    out.push(
        cx.diagnostic(ACCOUNT_ID, format!("the account is not empty in {}: {}", region_name(cx), found.join("; ")))
            .with_help("install Astro in a new, dedicated AWS account")
            .with_label("not a dedicated account"),
    );
}
