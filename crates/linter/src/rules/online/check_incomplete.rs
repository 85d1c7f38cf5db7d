use astro_preflight_facts::registry::{FactDecl, FactId, Scope, State};
use astro_preflight_facts::{FactError, astro};

use crate::context::{ACCOUNT_ID, Context, Emitter, NODE_INSTANCE_TYPE};
use crate::registry::{self, rule};
use crate::tables::sources::ASTRONOMER_SOURCE_CHANGED;

use super::{in_home_region, peer_vpcs, region_pointer, region_refuses_calls};

/// How many regions a message names before "and N more".
const NAMED: usize = 4;

rule! {
    /// A live fact could not be gathered (access denied, throttled, timed out, unreachable),
    /// so the rules that need it did not run.
    ///
    /// ## What it checks
    ///
    /// Every fact of the online run. A failure of the Astro API (Astronomer's cluster options:
    /// the token refused, the organization not readable or not found, a server error, a
    /// time-out, an answer not of the documented shape) names the Astro API and the cause, and
    /// says that the rules read the bundled tables instead. Each AWS failure names the IAM action that failed, the
    /// error, and the regions it failed in (one diagnostic per fact and kind of failure);
    /// `docs/iam-policy.json` is the policy that allows every call. Facts missing from a facts
    /// file written by an older version are reported once, with "gather the facts again"; a
    /// manifest whose account and region a facts file holds no gathering for (a file of other
    /// manifests) is reported once, with the command that gathers them.
    /// The help says what to do for the kind of failure: a denied call names the permission
    /// to add; a throttled or timed-out call, to run again; a network or credential failure
    /// never asks for a permission. When every fact failed with one cause (no credentials,
    /// refused credentials, an unreachable endpoint), the run stops before any finding with
    /// that cause on one line (exit 2) instead. Calls refused because the region is not
    /// enabled are reported by `region-not-enabled` instead.
    ///
    /// An **error** by default: whoever asked for `--online` asked for proof, and what could
    /// not be checked is not passed. Teams that want a partial run to pass can lower it in
    /// `astro-preflight.toml`:
    ///
    /// ```toml
    /// [rules]
    /// check-incomplete = "warning"
    /// ```
    ///
    /// ## Example
    ///
    /// ```yaml
    /// version: 1
    /// install: hybrid
    /// account:
    ///   id: "123456789012"
    /// cluster:
    ///   name: acme
    /// ```
    ///
    /// When `ec2:DescribeVpcs` is denied and the Spot quota's call times out.
    ///
    /// ## Source
    ///
    /// `docs/online.md`.
    id: "check-incomplete",
    severity: Error,
    kind: Online,
    facts: [IDENTITY, REGION_STATUS, ENABLED_REGIONS],
    check: check,
}

/// One failing call and what it left unchecked.
struct Failure<'a> {
    decls: Vec<&'static FactDecl>,
    error: &'a FactError,
    pointer: String,
    regions: Vec<&'a str>,
}

/// Where a fact's failure points.
fn pointer(cx: &Context<'_>, decl: &FactDecl, scope: Option<&str>) -> String {
    match (decl.id, decl.scope) {
        (FactId::InstanceTypeZones | FactId::InstanceTypeVcpus, _) => NODE_INSTANCE_TYPE.to_owned(),
        // Whether the install is done is about the account, as its VPC listing is: one
        // finding when `ec2:DescribeVpcs` fails for both.
        (FactId::ClusterVpc, _) => ACCOUNT_ID.to_owned(),
        (_, Scope::Region) => region_pointer(cx).to_owned(),
        (_, Scope::EachPeering) => peer_vpcs(cx)
            .into_iter()
            .find(|(_, vpc_id, region, _)| scope == Some(format!("{region}/{vpc_id}").as_str()))
            .map_or_else(
                || "/peering".to_owned(),
                |(index, ..)| format!("/peering/{index}/vpcId"),
            ),
        _ => ACCOUNT_ID.to_owned(),
    }
}

/// "the Spot quota (quota-spot)": what a fact tells and the rules that read it.
fn what(decl: &'static FactDecl) -> String {
    let readers: Vec<&str> = registry::readers(decl)
        .filter(|r| r.id != RULE.id)
        .map(|r| r.id)
        .collect();
    if readers.is_empty() {
        decl.describes.to_owned()
    } else {
        format!("{} ({})", decl.describes, readers.join(", "))
    }
}

fn regions(scopes: &[&str]) -> String {
    let mut s = scopes
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if scopes.len() > NAMED {
        s.push_str(&format!(" and {} more", scopes.len() - NAMED));
    }
    s
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(facts) = cx.facts else { return };
    if facts.is_absent() {
        out.push(
            cx.finding(ACCOUNT_ID, format!("the facts file holds no facts for account {} in region {}, so the online rules did not run for this manifest", facts.request.account_id, facts.request.region))
                .with_help("gather them with the other manifests': `astro-preflight facts PATH... > facts.json`")
                .with_label("not checked"),
        );
        return;
    }
    // In a region that is not enabled every call made there is refused: region-not-enabled
    // reports that, once, rather than one warning per refused call with the wrong advice.
    let refused = region_refuses_calls(facts);
    // Failures of the same call (action, kind, place) are one finding, naming every fact it
    // left unchecked and the regions it failed in.
    let mut failures: Vec<Failure<'_>> = Vec::new();
    let mut not_gathered: Vec<&'static FactDecl> = Vec::new();
    for entry in facts.entries() {
        match entry.state {
            State::Failed(_) if refused && in_home_region(facts, &entry) => {}
            State::Failed(error) => {
                let at = pointer(cx, entry.decl, entry.scope);
                let same = |f: &&mut Failure<'_>| {
                    f.error.action == error.action && f.error.kind == error.kind && f.pointer == at
                };
                let failure = match failures.iter_mut().find(same) {
                    Some(failure) => failure,
                    None => {
                        failures.push(Failure {
                            decls: Vec::new(),
                            error,
                            pointer: at,
                            regions: Vec::new(),
                        });
                        failures.last_mut().expect("just pushed")
                    }
                };
                if !failure.decls.contains(&entry.decl) {
                    failure.decls.push(entry.decl);
                }
                if entry.decl.scope == Scope::EachEnabledRegion
                    && let Some(region) = entry.scope
                    && !failure.regions.contains(&region)
                {
                    failure.regions.push(region);
                }
            }
            // Asked only with an Astro API token: the rules read the bundled tables.
            State::NotGathered if entry.decl.from_astro_api() => {}
            // Asked only for an opt-in region: not missing from a file of another region.
            State::NotGathered
                if matches!(
                    entry.decl.id,
                    FactId::RoleRegionActions | FactId::StsTokenVersion
                ) && !crate::tables::regions::is_opt_in(&facts.request.region) => {}
            State::NotGathered => not_gathered.push(entry.decl),
            State::Ok | State::Skipped => {}
        }
    }
    for Failure {
        decls,
        error,
        pointer,
        regions: scopes,
    } in failures
    {
        let place = match scopes.len() {
            0 => String::new(),
            1 => format!(" in {}", scopes[0]),
            n => format!(" in {n} regions ({})", regions(&scopes)),
        };
        let whats: Vec<String> = decls.iter().map(|d| what(d)).collect();
        if decls.iter().any(|d| d.from_astro_api()) {
            out.push(
                cx.finding(
                    &pointer,
                    format!(
                        "could not check {}: the Astro API's \"Get cluster options\" failed ({}): {}; the rules read the bundled tables of {ASTRONOMER_SOURCE_CHANGED} instead",
                        whats.join(", "),
                        error.kind.describe(),
                        error.message
                    ),
                )
                .with_help(astro::advice(error.kind))
                .with_label("not checked"),
            );
            continue;
        }
        out.push(
            cx.finding(
                &pointer,
                format!(
                    "could not check {}{place}: {} failed ({}): {}",
                    whats.join(", "),
                    error.action,
                    error.kind.describe(),
                    error.message
                ),
            )
            .with_help(error.kind.advice(&error.action))
            .with_label("not checked"),
        );
    }
    if !not_gathered.is_empty() {
        let names: Vec<String> = not_gathered
            .iter()
            .map(|d| d.describes.to_owned())
            .collect();
        out.push(
            cx.finding(ACCOUNT_ID, format!("the facts file has no record of {}: it was written by an older astro-preflight, so the rules that need them did not run", names.join(", ")))
                .with_help("gather the facts again: `astro-preflight facts MANIFEST > facts.json`")
                .with_label("not checked"),
        );
    }
}
