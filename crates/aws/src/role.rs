//! The gatherers of Astronomer's cross-account role and what surrounds it, gathered once per
//! account: the role and its trust policy (`iam:GetRole`), its attached policies, its
//! `account:` permissions and the STS token version (for an opt-in region), and the monitoring
//! of its policies (CloudTrail, CloudWatch Logs metric filters, CloudWatch alarms).
//!
//! IAM is global: every IAM call goes to the home region's client. The role comes first; when
//! it does not exist, what depends on it is skipped (`gather.rs`). The trust policy is stored with its
//! external IDs replaced by their digests (`astro_preflight_facts::role`).

use std::collections::BTreeMap;

use astro_preflight_facts::arn::Arn;
use astro_preflight_facts::role::{
    self, ActionDecision, Alarm, AttachedPolicy, LogGroup, Metric, MetricFilter, Monitoring,
    REGION_ACTIONS, ROLE_NAME, Role, Trail,
};
use astro_preflight_facts::{Fact, FactError, actions};

use crate::budget::Budget;
use crate::sdk::{Clients, each_page, join_all};

/// What a gatherer of an account's facts is given.
pub(crate) struct AccountCx<'a> {
    /// The clients of the account.
    pub(crate) clients: &'a Clients,
    pub(crate) budget: &'a Budget,
    pub(crate) account_id: &'a str,
    /// A manifest of the account is in an opt-in region: the region set-up's facts are asked
    /// (else they are skipped).
    pub(crate) opt_in: bool,
}

impl AccountCx<'_> {
    /// IAM (global), through the home region.
    fn iam(&self) -> aws_sdk_iam::Client {
        self.clients.home()
    }
}

/// `iam:GetRole`: the role with its normalised trust policy; `None` when it does not exist.
pub(crate) async fn get_role(cx: &AccountCx<'_>) -> Fact<Option<Role>> {
    let action = actions::IAM_GET_ROLE;
    match cx
        .budget
        .call(cx.iam().get_role().role_name(ROLE_NAME).send())
        .await
    {
        Ok(out) => match out.role() {
            Some(found) => {
                let document = found.assume_role_policy_document().unwrap_or_default();
                let (trust, trust_unreadable) = match role::normalise_trust_policy(document) {
                    Ok(statements) => (statements, None),
                    Err(why) => (Vec::new(), Some(why)),
                };
                Fact::ok(Some(Role {
                    arn: found.arn().to_owned(),
                    trust,
                    trust_unreadable,
                }))
            }
            None => Fact::ok(None),
        },
        Err(err) if err.code() == Some("NoSuchEntity") => Fact::ok(None),
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// `iam:ListAttachedRolePolicies`, every page.
pub(crate) async fn attached_policies(
    cx: &AccountCx<'_>,
    _role_arn: &str,
) -> Fact<Vec<AttachedPolicy>> {
    let action = actions::IAM_LIST_ATTACHED_ROLE_POLICIES;
    let mut found = Vec::new();
    let pages = cx
        .iam()
        .list_attached_role_policies()
        .role_name(ROLE_NAME)
        .into_paginator()
        .send();
    let listed: Result<(), FactError> = each_page!(cx.budget, action, pages, |page| {
        found.extend(page.attached_policies().iter().map(|p| AttachedPolicy {
            name: p.policy_name().unwrap_or_default().to_owned(),
            arn: p.policy_arn().unwrap_or_default().to_owned(),
        }));
    });
    match listed {
        Ok(()) => Fact::ok(found),
        Err(error) => Fact::failed(error),
    }
}

/// `iam:SimulatePrincipalPolicy` on the role for the `account:` actions of an opt-in region
/// (skipped unless a manifest of the account is in one).
pub(crate) async fn region_actions(
    cx: &AccountCx<'_>,
    role_arn: &str,
) -> Fact<Vec<ActionDecision>> {
    if !cx.opt_in {
        return Fact::Skipped;
    }
    let action = actions::IAM_SIMULATE_PRINCIPAL_POLICY;
    let request = REGION_ACTIONS.iter().fold(
        cx.iam()
            .simulate_principal_policy()
            .policy_source_arn(role_arn),
        |request, name| request.action_names(*name),
    );
    let mut found = Vec::new();
    let pages = request.into_paginator().send();
    let simulated: Result<(), FactError> = each_page!(cx.budget, action, pages, |page| {
        found.extend(page.evaluation_results().iter().map(|r| ActionDecision {
            action: r.eval_action_name().to_owned(),
            decision: r.eval_decision().as_str().to_owned(),
        }));
    });
    match simulated {
        Ok(()) => Fact::ok(found),
        Err(error) => Fact::failed(error),
    }
}

/// `iam:GetAccountSummary`: `GlobalEndpointTokenVersion`, `None` when the summary lacks it
/// (skipped unless a manifest of the account is in an opt-in region).
pub(crate) async fn token_version(cx: &AccountCx<'_>) -> Fact<Option<u32>> {
    if !cx.opt_in {
        return Fact::Skipped;
    }
    let action = actions::IAM_GET_ACCOUNT_SUMMARY;
    match cx.budget.call(cx.iam().get_account_summary().send()).await {
        Ok(out) => Fact::ok(
            out.summary_map()
                .and_then(|m| {
                    m.get(&aws_sdk_iam::types::SummaryKeyType::GlobalEndpointTokenVersion)
                })
                .and_then(|v| u32::try_from(*v).ok()),
        ),
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// The names of the account's customer-managed policies (`iam:ListPolicies`, `Scope=Local`,
/// every page), sorted.
pub(crate) async fn customer_policies(cx: &AccountCx<'_>) -> Fact<Vec<String>> {
    let action = actions::IAM_LIST_POLICIES;
    let mut names = Vec::new();
    let pages = cx
        .iam()
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .send();
    let listed: Result<(), _> = each_page!(cx.budget, action, pages, |page| {
        names.extend(
            page.policies()
                .iter()
                .filter_map(|p| p.policy_name())
                .map(str::to_owned),
        );
    });
    match listed {
        Ok(()) => {
            names.sort();
            Fact::ok(names)
        }
        Err(error) => Fact::failed(error),
    }
}

/// The trails (`cloudtrail:DescribeTrails` in the home region, shadow trails included), each
/// multi-region one that delivers to a log group of this account followed to its status
/// (`cloudtrail:GetTrailStatus`), the group's metric filters (`logs:DescribeMetricFilters`)
/// and the alarms of the group's region (`cloudwatch:DescribeAlarms`). The first call that
/// fails fails the fact: a chain that could not be followed is never "not monitored".
pub(crate) async fn monitoring(cx: &AccountCx<'_>) -> Fact<Monitoring> {
    let (clients, budget, account_id) = (cx.clients, cx.budget, cx.account_id);
    let cloudtrail: aws_sdk_cloudtrail::Client = clients.home();
    let action = actions::CLOUDTRAIL_DESCRIBE_TRAILS;
    let listed = match budget
        .call(
            cloudtrail
                .describe_trails()
                .include_shadow_trails(true)
                .send(),
        )
        .await
    {
        Ok(out) => out,
        Err(err) => return Fact::failed(err.into_fact_error(action)),
    };
    // One entry per trail (a shadow trail is the same trail seen from another region).
    let mut seen = std::collections::BTreeSet::new();
    let trails: Vec<_> = listed
        .trail_list()
        .iter()
        .filter(|t| seen.insert(t.trail_arn().or(t.name()).unwrap_or_default().to_owned()))
        .collect();
    let followed = join_all(trails.into_iter().map(|t| async move {
        let name = t.name().unwrap_or_default().to_owned();
        let home_region = t.home_region().unwrap_or_default().to_owned();
        let multi_region = t.is_multi_region_trail().unwrap_or(false);
        let group = t
            .cloud_watch_logs_log_group_arn()
            .and_then(|arn| log_group_of(arn, account_id));
        let mut trail = Trail {
            name,
            home_region: home_region.clone(),
            multi_region,
            logging: None,
            log_group: None,
            s3_bucket: t.s3_bucket_name().map(str::to_owned),
            log_role: t
                .cloud_watch_logs_role_arn()
                .and_then(|arn| role_name_of(arn, account_id)),
        };
        let Some((group_region, group_name)) = group.filter(|_| multi_region) else {
            return Ok(trail);
        };
        let status_region = if home_region.is_empty() {
            group_region.clone()
        } else {
            home_region
        };
        let trail_id = t.trail_arn().unwrap_or(&trail.name).to_owned();
        let status_client: aws_sdk_cloudtrail::Client = clients.in_region(&status_region);
        let action = actions::CLOUDTRAIL_GET_TRAIL_STATUS;
        // The status and the group's filters at once: neither needs the other.
        let (status, metric_filters) = tokio::join!(
            budget.call(status_client.get_trail_status().name(trail_id).send()),
            metric_filters(clients, budget, &group_region, &group_name),
        );
        let logging = match status {
            Ok(out) => out.is_logging().unwrap_or(false),
            Err(err) => return Err(err.into_fact_error(action)),
        };
        trail.logging = Some(logging);
        let metric_filters = metric_filters?;
        trail.log_group = Some(LogGroup {
            name: group_name,
            region: group_region,
            metric_filters,
        });
        Ok(trail)
    }))
    .await;
    let mut trails = Vec::new();
    for trail in followed {
        match trail {
            Ok(trail) => trails.push(trail),
            Err(error) => return Fact::failed(error),
        }
    }
    // The alarms of each region that holds a filtered metric.
    let mut regions: Vec<String> = trails
        .iter()
        .filter_map(|t| t.log_group.as_ref())
        .filter(|g| g.metric_filters.iter().any(|f| !f.metrics.is_empty()))
        .map(|g| g.region.clone())
        .collect();
    regions.sort();
    regions.dedup();
    let alarms = join_all(regions.iter().map(|region| async move {
        alarms_in(clients, budget, region)
            .await
            .map(|alarms| (region.clone(), alarms))
    }))
    .await;
    let mut by_region = BTreeMap::new();
    for found in alarms {
        match found {
            Ok((region, alarms)) => {
                by_region.insert(region, alarms);
            }
            Err(error) => return Fact::failed(error),
        }
    }
    for group in trails.iter_mut().filter_map(|t| t.log_group.as_mut()) {
        let Some(alarms) = by_region.get(&group.region) else {
            continue;
        };
        for metric in group
            .metric_filters
            .iter_mut()
            .flat_map(|f| f.metrics.iter_mut())
        {
            metric.alarms = alarms
                .iter()
                .filter(|(namespace, name, _)| {
                    *namespace == metric.namespace && *name == metric.name
                })
                .map(|(_, _, alarm)| alarm.clone())
                .collect();
        }
    }
    Fact::ok(Monitoring { trails })
}

/// The region and name of a log group ARN (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`)
/// when it belongs to `account_id`.
fn log_group_of(arn: &str, account_id: &str) -> Option<(String, String)> {
    let arn = Arn::parse(arn).filter(|a| a.service == "logs" && a.account == account_id)?;
    let name = arn.resource.strip_prefix("log-group:")?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!name.is_empty()).then(|| (arn.region.to_owned(), name.to_owned()))
}

/// The name of a role from its ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`) when it belongs to
/// `account_id`.
fn role_name_of(arn: &str, account_id: &str) -> Option<String> {
    let arn = Arn::parse(arn).filter(|a| a.account == account_id)?;
    arn.role_name().map(str::to_owned)
}

/// `logs:DescribeMetricFilters` of a log group, every page.
async fn metric_filters(
    clients: &Clients,
    budget: &Budget,
    region: &str,
    group: &str,
) -> Result<Vec<MetricFilter>, FactError> {
    let logs: aws_sdk_cloudwatchlogs::Client = clients.in_region(region);
    let action = actions::LOGS_DESCRIBE_METRIC_FILTERS;
    let mut found = Vec::new();
    let pages = logs
        .describe_metric_filters()
        .log_group_name(group)
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        found.extend(page.metric_filters().iter().map(|f| {
            MetricFilter {
                name: f.filter_name().unwrap_or_default().to_owned(),
                pattern: f.filter_pattern().unwrap_or_default().to_owned(),
                metrics: f
                    .metric_transformations()
                    .iter()
                    .map(|m| Metric {
                        namespace: m.metric_namespace().to_owned(),
                        name: m.metric_name().to_owned(),
                        alarms: Vec::new(),
                    })
                    .collect(),
            }
        }));
    })?;
    Ok(found)
}

/// `cloudwatch:DescribeAlarms` in a region, every page: (namespace, metric, alarm) of each
/// metric alarm.
async fn alarms_in(
    clients: &Clients,
    budget: &Budget,
    region: &str,
) -> Result<Vec<(String, String, Alarm)>, FactError> {
    let cloudwatch: aws_sdk_cloudwatch::Client = clients.in_region(region);
    let action = actions::CLOUDWATCH_DESCRIBE_ALARMS;
    let mut found = Vec::new();
    let pages = cloudwatch.describe_alarms().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        found.extend(page.metric_alarms().iter().filter_map(|a| {
            Some((
                a.namespace()?.to_owned(),
                a.metric_name()?.to_owned(),
                Alarm {
                    name: a.alarm_name().unwrap_or_default().to_owned(),
                    actions: a.alarm_actions().len(),
                    actions_enabled: a.actions_enabled().unwrap_or(true),
                },
            ))
        }));
    })?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_group_arns_of_this_account_only() {
        assert_eq!(
            log_group_of(
                "arn:aws:logs:us-west-2:123456789012:log-group:trail/logs:*",
                "123456789012"
            ),
            Some(("us-west-2".into(), "trail/logs".into()))
        );
        assert_eq!(
            log_group_of(
                "arn:aws:logs:us-west-2:123456789012:log-group:plain",
                "123456789012"
            ),
            Some(("us-west-2".into(), "plain".into()))
        );
        assert_eq!(
            log_group_of(
                "arn:aws:logs:us-west-2:111122223333:log-group:x:*",
                "123456789012"
            ),
            None
        );
        assert_eq!(log_group_of("not an arn", "123456789012"), None);
    }

    #[test]
    fn role_arns_of_this_account_only() {
        let of = |arn| role_name_of(arn, "123456789012");
        assert_eq!(
            of("arn:aws:iam::123456789012:role/CloudTrailToLogs"),
            Some("CloudTrailToLogs".into())
        );
        assert_eq!(
            of("arn:aws:iam::123456789012:role/service/trail/CloudTrailToLogs"),
            Some("CloudTrailToLogs".into())
        );
        assert_eq!(of("arn:aws:iam::111122223333:role/CloudTrailToLogs"), None);
        assert_eq!(of("arn:aws:iam::123456789012:user/someone"), None);
        assert_eq!(of("arn:aws:iam::123456789012:role/"), None);
        assert_eq!(of("not an arn"), None);
    }
}
